/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-report-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "peil-app-util.h"
#include "peil-report-page.h"
#include "peil-report-preview.h"
#include "peil-rumour-register.h"

/*
 * The Report page: the rounds of the analysis on the left; on the right the
 * round's sections in the order of the report, each beside the figures it
 * draws on, its linked example posts, the rumour register, and Preview,
 * Export and Issue. Texts are saved shortly after typing stops; an issued
 * round is shown read-only, as the crisis team received it.
 */
struct _PeilReportPage
{
  GtkWidget              parent_instance;

  PeilIncident          *incident;
  PeilPluginEngine      *plugins;
  PeilSelectedPostsFunc  selected_posts;
  gpointer               selected_posts_data;
  PeilRound             *round;
  GHashTable            *buffers;   /* section key → GtkTextBuffer of the shown round */
  GHashTable            *dirty;     /* section keys with unsaved text */
  guint                  save_source;
  GCancellable          *build_cancellable;   /* the report being counted for the editor */
  GCancellable          *issue_cancellable;   /* a round being issued: its figures are counted */
  guint                  issuing_round;
  gboolean               figures_only;        /* …to update the figures of the editor shown */
  guint                  shown_round;         /* the round the editor holds, 0 for none */
  GHashTable            *figure_labels;       /* section key → GtkLabel of its figures */
  GHashTable            *section_boxes;       /* section key → its part of the editor */
  char                  *current_section;     /* where Link Selected Posts links to */
  guint                  figures_source;      /* a recount waiting for changes to settle */
  double                 keep_scroll;
  PeilReplica           *replica;             /* a team incident's: who edits what, conflicts */
  GHashTable            *editing_labels;      /* section key → "Bram is editing this section" */
  GHashTable            *conflict_boxes;      /* section key → its conflicting versions */
  guint                  presence_source;
  GCancellable          *presence_cancellable;

  AdwFlap               *flap;
  GtkListBox            *round_list;
  GtkListBox            *section_list;
  GtkWidget             *link_button;
  GtkLabel              *round_heading;
  GtkLabel              *round_status;
  GtkDropDown           *language_dropdown;
  GtkMenuButton         *export_button;
  GtkWidget             *issue_button;
  GtkStack              *content_stack;
  GtkBox                *editor_box;
  GMenu                 *export_section;
};

G_DEFINE_FINAL_TYPE (PeilReportPage, peil_report_page, GTK_TYPE_WIDGET)

#define SAVE_DELAY_MS    700
#define FIGURES_DELAY_MS 1000

static void rebuild_editor (PeilReportPage *self);

static void
show_toast (PeilReportPage *self,
            const char     *message)
{
  peil_show_toast (GTK_WIDGET (self), message);
}

static void
show_error (PeilReportPage *self,
            const GError   *error)
{
  peil_show_error (GTK_WIDGET (self), error);
}

static gboolean
is_read_only (PeilReportPage *self)
{
  return self->incident == NULL || peil_incident_get_read_only (self->incident);
}

static gboolean
is_locked (PeilReportPage *self)
{
  return is_read_only (self) || self->round == NULL || peil_round_is_issued (self->round) ||
         self->issue_cancellable != NULL;
}

/* Saving -------------------------------------------------------------- */

/**
 * peil_report_page_save_texts:
 *
 * Stores every text changed since the last save.
 *
 * Returns: %FALSE if one could not be stored (a toast says why)
 */
gboolean
peil_report_page_save_texts (PeilReportPage *self)
{
  g_autoptr(GList) keys = NULL;
  gboolean saved = TRUE;

  g_return_val_if_fail (PEIL_IS_REPORT_PAGE (self), FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->round == NULL)
    return TRUE;

  /* A text that could not be stored stays marked, and on screen: the
   * caller keeps the editor rather than losing what was typed. */
  keys = g_hash_table_get_keys (self->dirty);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      GtkTextBuffer *buffer = g_hash_table_lookup (self->buffers, l->data);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      GtkTextIter start, end;

      if (buffer == NULL)
        continue;
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (peil_incident_set_round_text (self->incident, peil_round_get_number (self->round), l->data, text, &error))
        g_hash_table_remove (self->dirty, l->data);
      else if (saved)
        {
          show_error (self, error);
          saved = FALSE;
        }
    }
  return saved;
}

static gboolean
save_later_cb (gpointer user_data)
{
  PeilReportPage *self = user_data;

  self->save_source = 0;
  peil_report_page_save_texts (self);
  return G_SOURCE_REMOVE;
}

static void set_current_section (PeilReportPage *self,
                                 const char     *key);

static void
on_text_changed (GtkTextBuffer  *buffer,
                 PeilReportPage *self)
{
  g_hash_table_add (self->dirty, g_strdup (g_object_get_data (G_OBJECT (buffer), "section")));
  /* What is being written is where posts are linked to. */
  if (g_strcmp0 (self->current_section, g_object_get_data (G_OBJECT (buffer), "section")) != 0)
    set_current_section (self, g_object_get_data (G_OBJECT (buffer), "section"));
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_later_cb, self);
}

/* The round list ------------------------------------------------------ */

static GtkWidget *
round_row (PeilRound *round)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title = NULL;
  g_autofree char *start = peil_format_local_time (peil_round_get_period_start (round));
  g_autofree char *end = peil_round_is_open (round) ? g_strdup (_("now")) : peil_format_local_time (peil_round_get_period_end (round));
  g_autofree char *detail = NULL;
  GtkWidget *label;

  title = peil_round_format_name (round, peil_ui_language (), " · ");
  /* The end's date only when it differs from the start's. */
  detail = g_strdup_printf ("%s – %s · %s", start, end + (strncmp (start, end, 11) == 0 ? 11 : 0),
                            peil_round_is_issued (round) ? _("issued") : _("draft"));

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (detail);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  g_object_set_data (G_OBJECT (box), "number", GUINT_TO_POINTER (peil_round_get_number (round)));
  return box;
}

static void
fill_round_list (PeilReportPage *self,
                 guint           select)
{
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->round_list))) != NULL)
    gtk_list_box_remove (self->round_list, child);
  if (self->incident == NULL)
    return;

  if (!(rounds = peil_incident_list_rounds (self->incident, &error)))
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < rounds->len; i++)
    {
      PeilRound *round = g_ptr_array_index (rounds, i);

      gtk_list_box_append (self->round_list, round_row (round));
      if (peil_round_get_number (round) == select)
        gtk_list_box_select_row (self->round_list, gtk_list_box_get_row_at_index (self->round_list, i));
    }
  gtk_stack_set_visible_child_name (self->content_stack, rounds->len > 0 ? "round" : "empty");
}

static void
on_round_selected (GtkListBox     *box,
                   GtkListBoxRow  *row,
                   PeilReportPage *self)
{
  guint number;

  if (row == NULL)
    return;
  number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (row)), "number"));
  if (self->round == NULL || peil_round_get_number (self->round) != number)
    peil_report_page_show_round (self, number);
}

/* The editor ---------------------------------------------------------- */

static GtkWidget *
dim_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static char *
describe_figures (GPtrArray *figures,
                  guint      limit)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; figures != NULL && i < figures->len && i < limit; i++)
    {
      PeilReportFigure *figure = g_ptr_array_index (figures, i);
      g_autofree char *count = peil_format_number (figure->count, peil_ui_language ());

      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, "%s %s", figure->label, count);
      if (figure->trend != PEIL_TREND_NONE)
        g_string_append_printf (text, " %s", peil_report_trend_arrow (figure->trend));
    }
  /* What the line leaves out is counted, so the line adds up. */
  if (figures != NULL && figures->len > limit)
    {
      gint64 rest = 0;
      g_autofree char *count = NULL;

      for (guint i = limit; i < figures->len; i++)
        rest += ((PeilReportFigure *)g_ptr_array_index (figures, i))->count;
      count = peil_format_number (rest, peil_ui_language ());
      /* TRANSLATORS: after the largest sources in one line: "X 3 · Facebook 2 · others 1" */
      g_string_append_printf (text, " · %s %s", _("others"), count);
    }
  if (text->len == 0)
    g_string_append (text, _("No posts tagged in this period"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What a section draws on, in one line beside its text. */
static char *
section_figures (PeilReport             *report,
                 const PeilRoundSection *section)
{
  if (section->dimension != NULL)
    return describe_figures (peil_report_get_figures (report, section->dimension), G_MAXUINT);
  if (g_str_equal (section->key, "key-points"))
    return describe_figures (peil_report_get_key_figures (report), G_MAXUINT);
  if (g_str_equal (section->key, "volume"))
    {
      const PeilReportFigure *total = peil_report_get_total (report);
      g_autofree char *sources = describe_figures (peil_report_get_figures (report, "sources"), 4);

      g_autofree char *count = peil_format_number (total->count, peil_ui_language ());
      g_autofree char *untimed_count = peil_format_number (peil_report_get_untimed (report), peil_ui_language ());
      g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s post in this period",
                                                            "%s posts in this period", total->count), count);
      /* Posts without a time are in no period: said, not left out. */
      g_autofree char *untimed = peil_report_get_untimed (report) == 0 ? g_strdup ("")
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "; %s post without a time is in no period",
                                        "; %s posts without a time are in no period", peil_report_get_untimed (report)),
                           untimed_count);
      g_autofree char *off_topic_count = peil_format_number (peil_report_get_off_topic (report), peil_ui_language ());
      g_autofree char *off_topic = peil_report_get_off_topic (report) == 0 ? g_strdup ("")
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "; %s off-topic post is in no figure",
                                        "; %s off-topic posts are in no figure", peil_report_get_off_topic (report)),
                           off_topic_count);

      return g_strdup_printf ("%s%s%s%s%s — %s", line, total->trend == PEIL_TREND_NONE ? "" : " ",
                              peil_report_trend_arrow (total->trend), untimed, off_topic, sources);
    }
  if (g_str_equal (section->key, "media") || g_str_equal (section->key, "politics") ||
      g_str_equal (section->key, "staff") || g_str_equal (section->key, "public"))
    return describe_figures (peil_report_get_figures (report, "ACTOR"), G_MAXUINT);
  return NULL;
}

static GPtrArray *
selected_posts (PeilReportPage *self)
{
  return self->selected_posts ? self->selected_posts (self->selected_posts_data)
                              : g_ptr_array_new_with_free_func (g_object_unref);
}

/* The section being written is where Link Selected Posts links to: its
 * row lights up in the section list, and the button says its name. */
static void
set_current_section (PeilReportPage *self,
                     const char     *key)
{
  const PeilRoundSection *section = key ? peil_round_lookup_section (key) : NULL;
  g_autofree char *tooltip = NULL;

  if (is_locked (self))
    section = NULL;
  g_free (self->current_section);
  self->current_section = section ? g_strdup (section->key) : NULL;
  g_object_set_data_full (G_OBJECT (self->link_button), "section", g_strdup (self->current_section), g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.link-examples", section != NULL);

  if (section != NULL)
    /* TRANSLATORS: %s is a section of the report, such as "Information need" */
    tooltip = g_strdup_printf (_("Quote the posts selected in the Posts page in “%s”"),
                               peil_round_section_heading (section, peil_ui_language ()));
  gtk_widget_set_tooltip_text (self->link_button, tooltip ? tooltip : _("Click in a section first, then link the posts selected in the Posts page to it"));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->section_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "section"), self->current_section) == 0)
      gtk_list_box_select_row (self->section_list, GTK_LIST_BOX_ROW (row));
  if (section == NULL)
    gtk_list_box_unselect_all (self->section_list);
}

static void
on_section_focused (GtkEventControllerFocus *focus,
                    PeilReportPage          *self)
{
  set_current_section (self, g_object_get_data (G_OBJECT (focus), "section"));
  if (self->replica != NULL && self->round != NULL)
    {
      g_autofree char *doing = g_strdup_printf ("section %u %s", peil_round_get_number (self->round),
                                                (const char *)g_object_get_data (G_OBJECT (focus), "section"));
      peil_replica_set_doing (self->replica, doing);
    }
}

static void
on_section_left (GtkEventControllerFocus *focus,
                 PeilReportPage          *self)
{
  if (self->replica != NULL)
    peil_replica_set_doing (self->replica, "report");
}

static void
link_examples_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PeilReportPage *self = PEIL_REPORT_PAGE (widget);
  g_autofree char *section = g_strdup (self->current_section);
  g_autoptr(GPtrArray) posts = selected_posts (self);

  if (section == NULL || self->round == NULL)
    return;

  if (posts->len == 0)
    {
      show_toast (self, _("Select posts in the Posts page first, then link them here"));
      return;
    }
  for (guint i = 0; i < posts->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!peil_incident_link_example (self->incident, peil_round_get_number (self->round), section,
                                       peil_post_get_id (g_ptr_array_index (posts, i)), TRUE, &error))
        {
          show_error (self, error);
          break;
        }
    }
  peil_report_page_show_round (self, peil_round_get_number (self->round));
  set_current_section (self, section);
}

static void
on_unlink_example (GtkButton      *button,
                   PeilReportPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!peil_incident_link_example (self->incident, peil_round_get_number (self->round),
                                   g_object_get_data (G_OBJECT (button), "section"),
                                   GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "post")), FALSE, &error))
    show_error (self, error);
  peil_report_page_show_round (self, peil_round_get_number (self->round));
}

static GtkWidget *
example_row (PeilReportPage *self,
             PeilReport     *report,
             const char     *section,
             PeilReportPost *post)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = g_markup_escape_text (post->text ? post->text : peil_report_get_purge_note (report), -1);
  g_autofree char *byline = peil_report_format_byline (report, post);
  g_autofree char *escaped_byline = g_markup_escape_text (byline, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_byline);
  if (!is_locked (self))
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Remove this example"));
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data_full (G_OBJECT (remove), "section", g_strdup (section), g_free);
      g_object_set_data (G_OBJECT (remove), "post", GSIZE_TO_POINTER (post->id));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_unlink_example), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }
  return row;
}

/* A team incident ----------------------------------------------------- */

static void show_conflicts (PeilReportPage *self,
                            const char     *key);

/* Above a section: who else is writing it; below: versions saved on top
 * of an older one than the team's, each to take or let go. */
static void
add_team_widgets (PeilReportPage *self,
                  const char     *key,
                  GtkWidget      *box)
{
  GtkWidget *editing = gtk_label_new (NULL);
  GtkWidget *conflicts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_label_set_xalign (GTK_LABEL (editing), 0);
  gtk_widget_add_css_class (editing, "warning");
  gtk_widget_set_visible (editing, FALSE);
  gtk_box_append (GTK_BOX (box), editing);
  g_hash_table_insert (self->editing_labels, g_strdup (key), editing);
  gtk_widget_set_visible (conflicts, FALSE);
  g_hash_table_insert (self->conflict_boxes, g_strdup (key), conflicts);
}

static void
on_conflict_resolved (GtkButton      *button,
                      PeilReportPage *self)
{
  gint64 seq = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "seq"));
  gboolean take = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "take"));
  const char *key = g_object_get_data (G_OBJECT (button), "section");
  const char *text = g_object_get_data (G_OBJECT (button), "text");
  g_autofree char *section = g_strdup (key);
  g_autoptr(GError) error = NULL;

  /* What is typed here first, so that taking the other version is a
   * choice made on top of it. */
  peil_report_page_save_texts (self);
  if (!peil_replica_resolve_conflict (self->replica, seq, take, &error))
    {
      show_error (self, error);
      return;
    }
  if (take)
    {
      GtkTextBuffer *buffer = g_hash_table_lookup (self->buffers, section);

      g_signal_handlers_block_by_func (buffer, on_text_changed, self);
      gtk_text_buffer_set_text (buffer, text, -1);
      g_signal_handlers_unblock_by_func (buffer, on_text_changed, self);
    }
  show_conflicts (self, section);
}

static GtkWidget *
conflict_button (PeilReportPage      *self,
                 PeilSectionConflict *conflict,
                 const char          *label,
                 gboolean             take)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data (G_OBJECT (button), "seq", GSIZE_TO_POINTER ((gsize)conflict->seq));
  g_object_set_data (G_OBJECT (button), "take", GINT_TO_POINTER (take));
  g_object_set_data_full (G_OBJECT (button), "section", g_strdup (conflict->section), g_free);
  g_object_set_data_full (G_OBJECT (button), "text", g_strdup (conflict->text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_conflict_resolved), self);
  return button;
}

static void
show_conflicts (PeilReportPage *self,
                const char     *key)
{
  GtkWidget *box = g_hash_table_lookup (self->conflict_boxes, key);
  g_autoptr(GPtrArray) conflicts = NULL;
  GtkWidget *child;
  gboolean any = FALSE;

  if (box == NULL)
    return;
  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
  if (self->replica != NULL)
    conflicts = peil_replica_list_conflicts (self->replica, NULL);

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      PeilSectionConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autofree char *heading = NULL;
      GtkWidget *frame, *inner, *label, *buttons;

      if (conflict->round != self->shown_round || !g_str_equal (conflict->section, key))
        continue;
      any = TRUE;
      if (g_strcmp0 (conflict->analyst, peil_incident_get_analyst (self->incident)) == 0)
        heading = g_strdup (_("Your version, saved at the same time as the one above:"));
      else
        /* TRANSLATORS: %s is an analyst who saved this section at the same time as someone else */
        heading = g_strdup_printf (_("%s saved another version at the same time:"), conflict->analyst);
      inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_widget_set_margin_start (inner, 12);
      gtk_widget_set_margin_end (inner, 12);
      gtk_widget_set_margin_top (inner, 8);
      gtk_widget_set_margin_bottom (inner, 8);
      label = gtk_label_new (heading);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (inner), label);
      label = gtk_label_new (conflict->text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (inner), label);
      buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_halign (buttons, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (buttons), conflict_button (self, conflict, _("_Keep This Section’s Text"), FALSE));
      gtk_box_append (GTK_BOX (buttons), conflict_button (self, conflict, _("_Use This Version"), TRUE));
      gtk_box_append (GTK_BOX (inner), buttons);
      frame = gtk_frame_new (NULL);
      gtk_frame_set_child (GTK_FRAME (frame), inner);
      gtk_widget_add_css_class (frame, "view");
      gtk_box_append (GTK_BOX (box), frame);
    }
  gtk_widget_set_visible (box, any);
}

/* Texts the team agreed on since the editor was filled, into the
 * sections nobody is writing here; conflicts as they stand. */
static void
follow_team_texts (PeilReportPage *self)
{
  g_autoptr(PeilRound) round = NULL;
  GHashTableIter iter;
  gpointer key, buffer;

  if (self->replica == NULL || self->round == NULL || self->shown_round == 0 ||
      !(round = peil_incident_get_round (self->incident, self->shown_round, NULL)))
    return;
  g_hash_table_iter_init (&iter, self->buffers);
  while (g_hash_table_iter_next (&iter, &key, &buffer))
    {
      const char *stored = peil_round_get_text (round, key) ? peil_round_get_text (round, key) : "";
      g_autofree char *shown = NULL;
      GtkTextIter start, end;

      if (g_hash_table_contains (self->dirty, key) || g_strcmp0 (key, self->current_section) == 0)
        continue;
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (!g_str_equal (shown, stored))
        {
          g_signal_handlers_block_by_func (buffer, on_text_changed, self);
          gtk_text_buffer_set_text (buffer, stored, -1);
          g_signal_handlers_unblock_by_func (buffer, on_text_changed, self);
        }
      show_conflicts (self, key);
    }
}

static void
on_members (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PeilReportPage) self = user_data;
  g_autoptr(GPtrArray) members = peil_replica_list_members_finish (PEIL_REPLICA (object), result, NULL);
  const char *me = self->incident ? peil_incident_get_analyst (self->incident) : NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer key, label;

  if (members == NULL || self->replica == NULL)
    return;
  g_hash_table_iter_init (&iter, self->editing_labels);
  while (g_hash_table_iter_next (&iter, &key, &label))
    {
      g_autofree char *doing = g_strdup_printf ("section %u %s", self->shown_round, (const char *)key);
      const char *who = NULL;

      /* A lock that is only a word: one minute after its analyst was last
       * seen at it, it is gone. */
      for (guint i = 0; i < members->len && who == NULL; i++)
        {
          PeilTeamMember *member = g_ptr_array_index (members, i);

          if (g_str_equal (member->doing, doing) && g_strcmp0 (member->analyst, me) != 0 && now - member->seen_at < 60)
            who = member->analyst;
        }
      if (who != NULL)
        {
          /* TRANSLATORS: %s is another analyst writing this section right now */
          g_autofree char *text = g_strdup_printf (_("%s is editing this section"), who);
          gtk_label_set_text (label, text);
        }
      gtk_widget_set_visible (label, who != NULL);
    }
}

static gboolean
poll_presence (gpointer user_data)
{
  PeilReportPage *self = user_data;

  if (self->replica != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    peil_replica_list_members_async (self->replica, self->presence_cancellable, on_members, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

/**
 * peil_report_page_set_replica:
 * @replica: (nullable): the team incident's replica, when it is one
 *
 * Shows who else is writing a section and the conflicting versions of
 * sections, and tells the team which section is being written here.
 */
void
peil_report_page_set_replica (PeilReportPage *self,
                              PeilReplica    *replica)
{
  g_return_if_fail (PEIL_IS_REPORT_PAGE (self));

  g_cancellable_cancel (self->presence_cancellable);
  g_clear_object (&self->presence_cancellable);
  g_clear_handle_id (&self->presence_source, g_source_remove);
  g_set_object (&self->replica, replica);
  if (replica != NULL)
    {
      self->presence_cancellable = g_cancellable_new ();
      self->presence_source = g_timeout_add_seconds (5, poll_presence, self);
    }
}

static GtkWidget *
section_editor (PeilReportPage         *self,
                PeilReport             *report,
                const PeilRoundSection *section,
                gboolean                subheading)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *figures = section_figures (report, section);
  GPtrArray *examples = peil_report_get_examples (report, section->key);
  GtkWidget *frame, *view;
  GtkEventController *focus;
  GtkTextBuffer *buffer;

  if (subheading)
    {
      GtkWidget *label = gtk_label_new (peil_round_section_heading (section, peil_ui_language ()));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
    }
  if (figures != NULL)
    {
      GtkWidget *label = dim_label (figures);

      g_hash_table_insert (self->figure_labels, g_strdup (section->key), label);
      gtk_box_append (GTK_BOX (box), label);
    }

  add_team_widgets (self, section->key, box);

  buffer = gtk_text_buffer_new (NULL);
  gtk_text_buffer_set_text (buffer, peil_round_get_text (self->round, section->key), -1);
  g_object_set_data_full (G_OBJECT (buffer), "section", g_strdup (section->key), g_free);
  g_signal_connect (buffer, "changed", G_CALLBACK (on_text_changed), self);
  g_hash_table_insert (self->buffers, g_strdup (section->key), buffer);

  view = gtk_text_view_new_with_buffer (buffer);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), !is_locked (self));
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), !is_locked (self));
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_widget_set_size_request (view, -1, 72);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  peil_round_section_heading (section, peil_ui_language ()), -1);
  gtk_widget_set_name (view, section->key);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_widget_add_css_class (frame, "view");
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), g_hash_table_lookup (self->conflict_boxes, section->key));
  show_conflicts (self, section->key);

  if (peil_report_get_examples_purged (report, section->key))
    gtk_box_append (GTK_BOX (box), dim_label (peil_report_get_purge_note (report)));
  if (examples != NULL && examples->len > 0)
    {
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint i = 0; i < examples->len; i++)
        gtk_list_box_append (GTK_LIST_BOX (list), example_row (self, report, section->key, g_ptr_array_index (examples, i)));
      gtk_box_append (GTK_BOX (box), list);
    }
  focus = gtk_event_controller_focus_new ();
  g_object_set_data_full (G_OBJECT (focus), "section", g_strdup (section->key), g_free);
  g_signal_connect (focus, "enter", G_CALLBACK (on_section_focused), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_section_left), self);
  gtk_widget_add_controller (view, focus);
  g_hash_table_insert (self->section_boxes, g_strdup (section->key), box);
  return box;
}

static void
on_field_applied (AdwEntryRow    *row,
                  PeilReportPage *self)
{
  g_autoptr(GError) error = NULL;
  guint number = peil_round_get_number (self->round);

  if (!peil_incident_set_round_text (self->incident, number, g_object_get_data (G_OBJECT (row), "field"),
                                     gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    show_error (self, error);
  peil_report_page_show_round (self, number);
  fill_round_list (self, number);
}

static void
on_period_applied (AdwEntryRow    *row,
                   PeilReportPage *self)
{
  GtkWidget *from = g_object_get_data (G_OBJECT (row), "from");
  GtkWidget *to = g_object_get_data (G_OBJECT (row), "to");
  guint number = peil_round_get_number (self->round);
  g_autoptr(GError) error = NULL;
  gint64 start, end;

  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (to));

  /* An empty end leaves the round open until it is issued. */
  end = 0;
  if (!peil_time_parse (gtk_editable_get_text (GTK_EDITABLE (from)), NULL, &start) ||
      (*to_text != '\0' && !peil_time_parse (to_text, NULL, &end)))
    {
      show_toast (self, _("Write the period as 2026-11-25 14:00"));
      return;
    }
  if (!peil_incident_set_round_period (self->incident, number, start, end, &error))
    show_error (self, error);
  peil_report_page_show_round (self, number);
  fill_round_list (self, number);
}

static GtkWidget *
entry_row (PeilReportPage *self,
           const char     *title,
           const char     *text,
           GCallback       on_apply)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_editable (GTK_EDITABLE (row), !is_locked (self));
  g_signal_connect (row, "apply", on_apply, self);
  return row;
}

static GtkWidget *
round_group (PeilReportPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *start = peil_format_local_time (peil_round_get_period_start (self->round));
  g_autofree char *end = peil_round_is_open (self->round) ? g_strdup ("")
                                                         : peil_format_local_time (peil_round_get_period_end (self->round));
  struct { const char *field; const char *title; const char *text; } fields[] = {
    { "title", _("Title"), peil_round_get_title (self->round) },
    { "commissioner", _("Commissioned by"), peil_round_get_commissioner (self->round) },
    { "classification", _("Classification"), peil_round_get_classification (self->round) },
  };
  GtkWidget *from, *to;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = entry_row (self, fields[i].title, fields[i].text, G_CALLBACK (on_field_applied));

      g_object_set_data (G_OBJECT (row), "field", (gpointer)fields[i].field);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  from = entry_row (self, _("Period from"), start, G_CALLBACK (on_period_applied));
  to = entry_row (self, peil_round_is_open (self->round) ? _("Period to (open until issued)") : _("Period to"), end,
                  G_CALLBACK (on_period_applied));
  g_object_set_data (G_OBJECT (from), "from", from);
  g_object_set_data (G_OBJECT (from), "to", to);
  g_object_set_data (G_OBJECT (to), "from", from);
  g_object_set_data (G_OBJECT (to), "to", to);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), from);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), to);
  return group;
}

static void
update_header (PeilReportPage *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *status = NULL;

  if (self->round == NULL)
    {
      gtk_label_set_text (self->round_heading, _("Report"));
      gtk_label_set_text (self->round_status, "");
    }
  else
    {
      g_autofree char *start = peil_format_local_time (peil_round_get_period_start (self->round));
      g_autofree char *end = peil_round_is_open (self->round) ? g_strdup (_("now"))
                                                               : peil_format_local_time (peil_round_get_period_end (self->round));

      heading = peil_round_format_name (self->round, peil_ui_language (), " · ");
      if (peil_round_is_issued (self->round))
        {
          g_autofree char *issued = peil_format_local_time (peil_round_get_issued_at (self->round));
          /* TRANSLATORS: the period, when and by whom a round went to the crisis team */
          status = g_strdup_printf (_("%s – %s · issued %s by %s; figures frozen"), start, end, issued,
                                    peil_round_get_issued_by (self->round) ? peil_round_get_issued_by (self->round) : "?");
        }
      else
        status = g_strdup_printf (_("%s – %s · draft: figures follow the tagging until you issue it"), start, end);
      gtk_label_set_text (self->round_heading, heading);
      gtk_label_set_text (self->round_status, status);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->round_status), status);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.issue", !is_locked (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.preview", self->round != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export", self->round != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.new-round", !is_read_only (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), self->round != NULL);
}

static void
fill_editor (PeilReportPage *self,
             PeilReport     *report)
{
  GtkWidget *child, *box, *group = NULL;
  gboolean first = FALSE;
  guint n_sections, chapter = 0;
  const PeilRoundSection *sections = peil_round_sections (&n_sections);

  g_hash_table_remove_all (self->buffers);
  g_hash_table_remove_all (self->dirty);
  g_hash_table_remove_all (self->figure_labels);
  g_hash_table_remove_all (self->section_boxes);
  g_hash_table_remove_all (self->editing_labels);
  g_hash_table_remove_all (self->conflict_boxes);
  self->shown_round = report ? peil_round_get_number (peil_report_get_round (report)) : 0;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->editor_box))) != NULL)
    gtk_box_remove (self->editor_box, child);
  if (report == NULL)
    return;

  gtk_box_append (self->editor_box, round_group (self));
  for (guint i = 0; i < n_sections; i++)
    {
      const PeilRoundSection *section = &sections[i];
      gboolean shared = (i + 1 < n_sections && sections[i + 1].chapter == section->chapter) ||
                        (i > 0 && sections[i - 1].chapter == section->chapter);

      if (section->chapter != chapter)
        {
          g_autofree char *title = g_strdup_printf ("%u. %s", section->chapter,
                                                    peil_round_chapter_heading (section->chapter, peil_ui_language ()));
          chapter = section->chapter;
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
          gtk_box_append (self->editor_box, group);
          first = TRUE;
        }
      box = section_editor (self, report, section, shared);
      /* The first section of a chapter goes to the top with the chapter's
       * heading. */
      if (first)
        g_object_set_data (G_OBJECT (box), "heading", group);
      first = FALSE;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
      if (g_str_equal (section->key, "rumours"))
        gtk_box_append (self->editor_box,
                        peil_rumour_register_new (self->incident, (PeilSelectedPostsFunc)selected_posts, self));
    }
  set_current_section (self, self->current_section);
}

static GtkAdjustment *
editor_adjustment (PeilReportPage *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->editor_box), GTK_TYPE_SCROLLED_WINDOW);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

/* The section list beside the editor: every part of the report, by its
 * chapter, to jump to. */
static void
fill_section_list (PeilReportPage *self)
{
  guint n_sections;
  const PeilRoundSection *sections = peil_round_sections (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      g_autofree char *title = g_strdup_printf ("%u. %s", sections[i].chapter,
                                                peil_round_section_heading (&sections[i], peil_ui_language ()));
      GtkWidget *label = gtk_label_new (title);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "section", (gpointer)sections[i].key);
      gtk_list_box_append (self->section_list, row);
    }
}

static GtkWidget *
find_text_view (GtkWidget *root)
{
  if (GTK_IS_TEXT_VIEW (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_view (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * peil_report_page_go_to_section:
 *
 * Scrolls the editor to @key's section and puts the cursor in its text,
 * as a click in the section list does.
 */
void
peil_report_page_go_to_section (PeilReportPage *self,
                                const char     *key)
{
  GtkAdjustment *adjustment = editor_adjustment (self);
  GtkWidget *viewport = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->editor_box)));
  GtkWidget *box, *heading, *view;
  graphene_point_t top;

  g_return_if_fail (PEIL_IS_REPORT_PAGE (self));

  if (!(box = g_hash_table_lookup (self->section_boxes, key)))
    return;
  set_current_section (self, key);
  /* Focus first: the viewport scrolls a newly focused text view to its
   * top edge, which hid the heading above it or, for a tall text, went on
   * to a later section. Then the heading goes to the top. */
  if ((view = find_text_view (box)) != NULL)
    gtk_widget_grab_focus (view);
  heading = g_object_get_data (G_OBJECT (box), "heading");
  if (gtk_widget_compute_point (heading ? heading : box, viewport, &GRAPHENE_POINT_INIT (0, 0), &top))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + top.y - 12);
}

static void
on_section_activated (GtkListBox     *box,
                      GtkListBoxRow  *row,
                      PeilReportPage *self)
{
  peil_report_page_go_to_section (self, g_object_get_data (G_OBJECT (row), "section"));
}

/* New counts in the editor shown, without disturbing what is being typed. */
static void
update_figures (PeilReportPage *self,
                PeilReport     *report)
{
  GHashTableIter iter;
  const char *key;
  GtkLabel *label;

  g_hash_table_iter_init (&iter, self->figure_labels);
  while (g_hash_table_iter_next (&iter, (gpointer *)&key, (gpointer *)&label))
    {
      g_autofree char *figures = section_figures (report, peil_round_lookup_section (key));
      gtk_label_set_text (label, figures);
    }
}

static void
on_report_built (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PeilReportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilReport) report = peil_report_new_finish (result, &error);

  /* A newer request replaced this one. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->build_cancellable);

  if (report == NULL)
    {
      show_error (self, error);
      return;
    }
  if (self->figures_only && self->shown_round == peil_round_get_number (peil_report_get_round (report)))
    update_figures (self, report);
  else if (peil_report_page_save_texts (self))
    {
      fill_editor (self, report);
      gtk_adjustment_set_value (editor_adjustment (self), self->keep_scroll);
    }
  g_signal_emit_by_name (self, "ready");
}

static void
count_figures (PeilReportPage *self,
               gboolean        figures_only)
{
  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  self->figures_only = figures_only;
  self->build_cancellable = g_cancellable_new ();
  peil_report_new_async (self->incident, peil_round_get_number (self->round), peil_ui_language (),
                         PEIL_REPORT_NO_POSTS, self->build_cancellable, on_report_built, g_object_ref (self));
}

/* Counting a large incident takes a while: the figures are gathered on a
 * worker and the editor is rebuilt when they arrive. */
static void
rebuild_editor (PeilReportPage *self)
{
  update_header (self);
  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  if (self->round == NULL)
    {
      fill_editor (self, NULL);
      return;
    }

  count_figures (self, FALSE);
}

/**
 * peil_report_page_is_busy:
 *
 * Returns: whether the shown round's figures are still being counted,
 *   for the editor or to issue the round
 */
gboolean
peil_report_page_is_busy (PeilReportPage *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT_PAGE (self), FALSE);
  return self->build_cancellable != NULL || self->issue_cancellable != NULL;
}

/**
 * peil_report_page_show_round:
 *
 * Saves what was typed in the shown round and shows round @number.
 */
void
peil_report_page_show_round (PeilReportPage *self,
                             guint           number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilRound) round = NULL;

  g_return_if_fail (PEIL_IS_REPORT_PAGE (self));

  peil_report_page_save_texts (self);
  if (self->incident == NULL)
    return;
  if (!(round = peil_incident_get_round (self->incident, number, &error)))
    {
      show_error (self, error);
      return;
    }

  /* Redrawing the same round keeps the place the user was reading. */
  self->keep_scroll = self->round != NULL && peil_round_get_number (self->round) == number
                      ? gtk_adjustment_get_value (editor_adjustment (self)) : 0;
  g_set_object (&self->round, round);
  rebuild_editor (self);
}

guint
peil_report_page_get_round (PeilReportPage *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT_PAGE (self), 0);
  return self->round ? peil_round_get_number (self->round) : 0;
}

/**
 * peil_report_page_refresh:
 *
 * Counts the shown round's figures afresh, after tagging.
 */
void
peil_report_page_refresh (PeilReportPage *self)
{
  g_return_if_fail (PEIL_IS_REPORT_PAGE (self));

  g_clear_handle_id (&self->figures_source, g_source_remove);
  if (self->round == NULL)
    return;
  if (self->shown_round == peil_round_get_number (self->round))
    {
      /* A full rebuild on its way counts anyway. */
      if (self->build_cancellable == NULL || self->figures_only)
        count_figures (self, TRUE);
    }
  else
    peil_report_page_show_round (self, peil_round_get_number (self->round));
}

static gboolean
refresh_cb (gpointer user_data)
{
  PeilReportPage *self = user_data;

  self->figures_source = 0;
  peil_report_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Tagging and new posts change a draft's figures: recount once the
 * changes settle, and only while the page is on screen. */
static void
on_incident_changed (PeilReportPage *self)
{
  follow_team_texts (self);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->round == NULL || peil_round_is_issued (self->round))
    return;
  g_clear_handle_id (&self->figures_source, g_source_remove);
  self->figures_source = g_timeout_add (FIGURES_DELAY_MS, refresh_cb, self);
}

static void
fill_export_menu (PeilReportPage *self)
{
  GPtrArray *exporters = self->plugins ? peil_plugin_engine_get_report_exporters (self->plugins) : NULL;

  g_menu_remove_all (self->export_section);
  for (guint i = 0; exporters != NULL && i < exporters->len; i++)
    {
      PeilFileFormat *format = g_ptr_array_index (exporters, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (peil_file_format_get_name (format), NULL);

      g_menu_item_set_action_and_target (item, "report.export", "s", peil_file_format_get_format_id (format));
      g_menu_append_item (self->export_section, item);
    }
}

/**
 * peil_report_page_set_incident:
 * @plugins: (nullable): where the report formats come from
 */
void
peil_report_page_set_incident (PeilReportPage   *self,
                               PeilIncident     *incident,
                               PeilPluginEngine *plugins)
{
  g_autoptr(GPtrArray) rounds = NULL;
  g_autofree char *language = NULL;

  g_return_if_fail (PEIL_IS_REPORT_PAGE (self));

  peil_report_page_save_texts (self);
  g_cancellable_cancel (self->issue_cancellable);
  g_clear_object (&self->issue_cancellable);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_func (self->incident, on_incident_changed, self);
  g_set_object (&self->incident, incident);
  if (incident != NULL)
    {
      g_signal_connect_swapped (incident, "posts-changed", G_CALLBACK (on_incident_changed), self);
      g_signal_connect_swapped (incident, "tags-changed", G_CALLBACK (on_incident_changed), self);
      g_signal_connect_swapped (incident, "changed-elsewhere", G_CALLBACK (on_incident_changed), self);
    }
  g_set_object (&self->plugins, plugins);
  g_clear_object (&self->round);
  fill_export_menu (self);

  language = incident ? peil_incident_get_metadata (incident, PEIL_META_LANGUAGE) : NULL;
  gtk_drop_down_set_selected (self->language_dropdown,
                              g_str_has_prefix (language ? language : peil_ui_language (), "nl") ? 0 : 1);

  if (incident != NULL && (rounds = peil_incident_list_rounds (incident, NULL)) && rounds->len > 0)
    peil_report_page_show_round (self, peil_round_get_number (g_ptr_array_index (rounds, rounds->len - 1)));
  fill_round_list (self, self->round ? peil_round_get_number (self->round) : 0);
  update_header (self);
}

void
peil_report_page_set_selected_posts_func (PeilReportPage        *self,
                                          PeilSelectedPostsFunc  func,
                                          gpointer               user_data)
{
  g_return_if_fail (PEIL_IS_REPORT_PAGE (self));

  self->selected_posts = func;
  self->selected_posts_data = user_data;
}

/**
 * peil_report_page_get_language:
 *
 * Returns: "nl" or "en": the language chosen for the report
 */
const char *
peil_report_page_get_language (PeilReportPage *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT_PAGE (self), NULL);
  return gtk_drop_down_get_selected (self->language_dropdown) == 0 ? "nl" : "en";
}

/* Actions ------------------------------------------------------------- */

static void
new_round_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PeilReportPage *self = PEIL_REPORT_PAGE (widget);
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;
  peil_report_page_save_texts (self);
  if (!(round = peil_incident_add_round (self->incident, NULL, 0, 0, &error)))
    {
      show_error (self, error);
      return;
    }
  peil_report_page_show_round (self, peil_round_get_number (round));
  fill_round_list (self, peil_round_get_number (round));
}

static void
on_issued (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PeilReportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint number = self->issuing_round;
  gboolean issued = peil_incident_issue_round_finish (PEIL_INCIDENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->issue_cancellable);
  if (!issued)
    {
      show_error (self, error);
      rebuild_editor (self);
      return;
    }
  peil_report_page_show_round (self, number);
  fill_round_list (self, number);
  show_toast (self, _("Round issued; its figures are frozen"));
}

/**
 * peil_report_page_issue:
 *
 * Issues the shown round, as the Issue dialog's confirmation does. Its
 * figures are counted on a worker; meanwhile the round cannot be edited.
 */
void
peil_report_page_issue (PeilReportPage *self)
{
  guint number;

  g_return_if_fail (PEIL_IS_REPORT_PAGE (self));

  if (self->round == NULL || self->issue_cancellable != NULL || !peil_report_page_save_texts (self))
    return;
  number = self->issuing_round = peil_round_get_number (self->round);
  self->issue_cancellable = g_cancellable_new ();
  rebuild_editor (self);
  show_toast (self, _("Counting the round’s figures to freeze them…"));
  peil_incident_issue_round_async (self->incident, number, self->issue_cancellable, on_issued, g_object_ref (self));
}

static void
on_issue_response (AdwMessageDialog *dialog,
                   const char       *response,
                   PeilReportPage   *self)
{
  if (g_str_equal (response, "issue"))
    peil_report_page_issue (self);
}

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PeilReportPage *self = PEIL_REPORT_PAGE (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (self->round == NULL)
    return;
  heading = g_strdup_printf (_("Issue Round %u?"), peil_round_get_number (self->round));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Issue it when it goes to the crisis team. Its figures are frozen as they are "
                                     "now, and its texts can no longer be changed; later changes go in a new round."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "issue", _("_Issue"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_issue_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  PeilReportPage     *page;
  PeilReportExporter *exporter;
  GFile              *file;
  PeilReportPreview  *preview;   /* shows the file when written, or NULL */
  PeilReport         *report;
} Export;

static void
export_finish (Export       *export,
               const GError *error)
{
  if (export->preview != NULL)
    {
      if (error != NULL)
        peil_report_preview_show_error (export->preview, error);
      else
        peil_report_preview_show_file (export->preview, export->file);
      g_object_unref (export->preview);
    }
  else if (error != NULL)
    show_error (export->page, error);
  else
    {
      g_autofree char *name = g_file_get_basename (export->file);
      g_autofree char *message = g_strdup_printf (_("Report saved as “%s”"), name);
      show_toast (export->page, message);
    }
  g_signal_emit_by_name (export->page, "exported");
  g_clear_object (&export->report);
  g_object_unref (export->page);
  g_object_unref (export->exporter);
  g_object_unref (export->file);
  g_free (export);
}

static void
on_export_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  /* A preview stays inside Peil; a report saved is logged. */
  if (peil_file_format_export_finish (PEIL_FILE_FORMAT (object), result, &error) &&
      export->preview == NULL)
    peil_report_log_written (export->report, export->page->incident,
                             peil_file_format_get_format_id (PEIL_FILE_FORMAT (object)), export->file, &error);
  export_finish (export, error);
}

static void
on_export_report_built (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilReport) report = peil_report_new_finish (result, &error);

  if (report == NULL)
    export_finish (export, error);
  else
    {
      export->report = g_object_ref (report);
      peil_report_exporter_export_file_async (export->exporter, report, export->file, NULL, on_export_written, export);
    }
}

/* Counting and writing both happen on a worker thread. */
static void
export_report (PeilReportPage     *self,
               PeilReportExporter *exporter,
               GFile              *file,
               PeilReportPreview  *preview)
{
  Export *export;

  g_autoptr(GError) error = NULL;

  if (self->round == NULL || !peil_report_page_save_texts (self))
    return;
  if (preview == NULL && !peil_incident_check_loggable (self->incident, &error))
    {
      show_error (self, error);
      return;
    }
  export = g_new0 (Export, 1);
  export->page = g_object_ref (self);
  export->exporter = g_object_ref (exporter);
  export->file = g_object_ref (file);
  export->preview = preview ? g_object_ref (preview) : NULL;
  peil_report_new_async (self->incident, peil_round_get_number (self->round), peil_report_page_get_language (self),
                         PEIL_REPORT_NONE, NULL, on_export_report_built, export);
}

/**
 * peil_report_page_export_to:
 *
 * Writes the shown round's report in the chosen language, as the Export
 * menu does after its file chooser. Emits #PeilReportPage::exported when
 * done.
 */
void
peil_report_page_export_to (PeilReportPage     *self,
                            PeilReportExporter *exporter,
                            GFile              *file)
{
  g_return_if_fail (PEIL_IS_REPORT_PAGE (self));
  g_return_if_fail (PEIL_IS_REPORT_EXPORTER (exporter));
  g_return_if_fail (G_IS_FILE (file));

  export_report (self, exporter, file, NULL);
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    PeilReportPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      peil_report_page_export_to (self, g_object_get_data (G_OBJECT (chooser), "exporter"), file);
    }
  g_object_unref (chooser);
}

static char *
suggested_name (PeilReportPage     *self,
                PeilReportExporter *exporter)
{
  g_autofree char *title = peil_incident_get_metadata (self->incident, PEIL_META_TITLE);
  gboolean dutch = g_str_equal (peil_report_page_get_language (self), "nl");
  char *name = g_strdup_printf ("%s %s %s %u.%s", dutch ? "Omgevingsanalyse" : "Environment analysis",
                                title ? title : "", dutch ? "ronde" : "round", peil_round_get_number (self->round),
                                peil_file_format_get_extension (PEIL_FILE_FORMAT (exporter)));

  g_strdelimit (name, "/\\:", '-');
  return name;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PeilReportPage *self = PEIL_REPORT_PAGE (widget);
  PeilReportExporter *exporter;
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->round == NULL || self->plugins == NULL ||
      !(exporter = peil_plugin_engine_find_report_exporter (self->plugins, g_variant_get_string (parameter, NULL))))
    return;

  name = suggested_name (self, exporter);
  chooser = gtk_file_chooser_native_new (_("Export Report"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "exporter", g_object_ref (exporter), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The preview is the PDF the team will read, laid out by the PDF plugin. */
static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PeilReportPage *self = PEIL_REPORT_PAGE (widget);
  PeilReportExporter *exporter;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "peil", "preview", NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *preview;

  if (self->round == NULL || self->plugins == NULL ||
      !(exporter = peil_plugin_engine_find_report_exporter (self->plugins, "pdf")))
    {
      show_toast (self, _("The PDF report plugin is switched off; switch it on in Preferences to preview"));
      return;
    }
  name = suggested_name (self, exporter);
  path = g_build_filename (dir, name, NULL);
  g_mkdir_with_parents (dir, 0700);
  file = g_file_new_for_path (path);

  preview = peil_report_preview_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                     gtk_label_get_text (self->round_heading));
  gtk_window_present (GTK_WINDOW (preview));
  export_report (self, exporter, file, PEIL_REPORT_PREVIEW (preview));
}

static void
peil_report_page_dispose (GObject *object)
{
  PeilReportPage *self = (PeilReportPage *)object;

  peil_report_page_save_texts (self);
  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  g_cancellable_cancel (self->issue_cancellable);
  g_clear_object (&self->issue_cancellable);
  g_clear_handle_id (&self->figures_source, g_source_remove);
  peil_report_page_set_replica (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEIL_TYPE_REPORT_PAGE);
  g_clear_object (&self->round);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_func (self->incident, on_incident_changed, self);
  g_clear_object (&self->incident);
  g_clear_object (&self->plugins);

  G_OBJECT_CLASS (peil_report_page_parent_class)->dispose (object);
}

static void
peil_report_page_finalize (GObject *object)
{
  PeilReportPage *self = (PeilReportPage *)object;

  g_hash_table_unref (self->buffers);
  g_hash_table_unref (self->dirty);
  g_hash_table_unref (self->figure_labels);
  g_hash_table_unref (self->section_boxes);
  g_hash_table_unref (self->editing_labels);
  g_hash_table_unref (self->conflict_boxes);
  g_free (self->current_section);

  G_OBJECT_CLASS (peil_report_page_parent_class)->finalize (object);
}

static void
peil_report_page_class_init (PeilReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peil_report_page_dispose;
  object_class->finalize = peil_report_page_finalize;

  /**
   * PeilReportPage::exported:
   *
   * A report was written, or failed to be (a toast says which).
   */
  g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * PeilReportPage::ready:
   *
   * The shown round's figures were counted and its editor is filled.
   */
  g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, flap);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, round_list);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, section_list);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, link_button);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, round_heading);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, round_status);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, issue_button);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, editor_box);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPage, export_section);
  gtk_widget_class_bind_template_callback (widget_class, on_round_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_section_activated);

  gtk_widget_class_install_action (widget_class, "report.new-round", NULL, new_round_action);
  gtk_widget_class_install_action (widget_class, "report.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "report.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "report.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "report.link-examples", NULL, link_examples_action);
}

static void
peil_report_page_init (PeilReportPage *self)
{
  self->buffers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->figure_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->section_boxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->editing_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->conflict_boxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  fill_section_list (self);
  update_header (self);
  set_current_section (self, NULL);
}

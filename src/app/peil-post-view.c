/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-post-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-post-view.h"
#include "peil-tag-keys.h"

/* The selected post in full, with a button for every visible tag of each
 * dimension; a button shows the key that toggles it, and an active one is
 * filled with its dimension's colour. Toggling a button emits
 * ::tag-toggled; the window stores the change. With several posts
 * selected it says how many, and the buttons show the tags they share. */
struct _PeilPostView
{
  GtkWidget      parent_instance;

  PeilTaxonomy  *taxonomy;
  char          *analyst;      /* whose tags the buttons show as on */
  PeilPost      *post;
  GHashTable    *buttons;      /* tag code → GtkToggleButton */
  GtkWidget     *off_topic;    /* the off-topic button, in @dimensions */
  PeilSuggester *suggester;    /* nullable: whose suggestions the view shows */
  GPtrArray     *suggested;    /* PeilSuggestedTag shown for @post, after filtering */
  gboolean       updating;
  PeilPseudonymizer *pseudonymizer;  /* NULL: real names */
  GtkWidget     *allow_button;
  GtkWidget     *disallow_button;

  GtkStack      *stack;
  GtkWidget     *selection_box;
  GtkLabel      *selection_title;
  GtkLabel      *selection_tags;
  GtkWidget     *post_box;
  GtkLabel      *author;
  GtkLabel      *meta;
  GtkLabel      *text;
  GtkWidget     *text_cut;     /* says what was left out, and copies it all */
  GtkLabel      *text_cut_label;
  GtkLinkButton *link;
  GtkBox        *notes;
  GtkEntry      *note_entry;
  GtkBox        *dimensions;
  GtkWidget     *suggestion_box;
  GtkLabel      *suggestion_label;
  GtkWidget     *accept_button;
};

enum {
  TAG_TOGGLED,
  ADD_NOTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeilPostView, peil_post_view, GTK_TYPE_WIDGET)

static void
peil_post_view_dispose (GObject *object)
{
  PeilPostView *self = (PeilPostView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PEIL_TYPE_POST_VIEW);
  g_clear_object (&self->taxonomy);
  g_clear_pointer (&self->analyst, g_free);
  g_clear_object (&self->post);
  g_clear_pointer (&self->buttons, g_hash_table_unref);
  g_clear_object (&self->suggester);
  g_clear_object (&self->pseudonymizer);
  g_clear_pointer (&self->suggested, g_ptr_array_unref);

  G_OBJECT_CLASS (peil_post_view_parent_class)->dispose (object);
}

static void
on_note_activate (PeilPostView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (self->post != NULL && *text != '\0')
    g_signal_emit (self, signals[ADD_NOTE], 0, text);
}

/* What a reader reads in the pane; more would take seconds to lay out.
 * The whole text is copied with the button under it. */
#define SHOWN_CHARS 10000

static void
on_copy_text (PeilPostView *self)
{
  if (self->post != NULL)
    {
      g_autofree char *text = peil_app_dup_text (self->post, self->pseudonymizer);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
      peil_show_toast (GTK_WIDGET (self), _("The whole text is copied"));
    }
}

static void
peil_post_view_class_init (PeilPostViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_post_view_dispose;

  /**
   * PeilPostView::tag-toggled:
   * @code: the tag whose button the user toggled
   */
  signals[TAG_TOGGLED] =
    g_signal_new ("tag-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * PeilPostView::add-note:
   * @text: what the analyst wrote
   *
   * The analyst wants a note on the post; whoever stores it calls
   * peil_post_view_set_notes() afterwards.
   */
  signals[ADD_NOTE] =
    g_signal_new ("add-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-post-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, notes);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, note_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_note_activate);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, stack);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, selection_box);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, selection_title);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, selection_tags);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, post_box);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, author);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, allow_button);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, disallow_button);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, meta);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, text);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, text_cut);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, text_cut_label);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_text);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, link);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, dimensions);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, suggestion_box);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, suggestion_label);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, accept_button);
}

static void
peil_post_view_init (PeilPostView *self)
{
  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
on_button_toggled (GtkToggleButton *button,
                   PeilPostView    *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[TAG_TOGGLED], 0, g_object_get_data (G_OBJECT (button), "tag-code"));
}

static GtkWidget *
new_tag_button (PeilPostView *self,
                PeilTag      *tag)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *dimension_class = g_ascii_strdown (peil_tag_get_dimension_code (tag), -1);
  const char *definition = peil_tag_get_definition (tag);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label, *others;
  char key = peil_tag_keys_key_for (self->taxonomy, tag);

  /* The whole label, on two lines if need be; the tooltip defines it.
   * Below it, colleagues who gave the same tag. */
  label = gtk_label_new (peil_tag_get_label (tag));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  others = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (others), 0);
  gtk_label_set_ellipsize (GTK_LABEL (others), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (others), 18);
  gtk_widget_add_css_class (others, "caption");
  gtk_widget_add_css_class (others, "dim-label");
  gtk_widget_set_visible (others, FALSE);
  gtk_box_append (GTK_BOX (text_box), label);
  gtk_box_append (GTK_BOX (text_box), others);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_box_append (GTK_BOX (box), text_box);
  if (key != 0)
    {
      /* Capitals, as on the keyboard: an l would read as a 1. */
      char text[2] = { g_ascii_toupper (key), 0 };
      GtkWidget *keycap = gtk_label_new (text);

      gtk_widget_set_valign (keycap, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (keycap, "keycap");
      gtk_box_append (GTK_BOX (box), keycap);
    }
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, definition && *definition ? definition : peil_tag_get_label (tag));
  gtk_widget_add_css_class (button, "tag-button");
  gtk_widget_add_css_class (button, dimension_class);
  gtk_widget_set_focus_on_click (button, FALSE);
  g_object_set_data_full (G_OBJECT (button), "tag-code", g_strdup (peil_tag_get_code (tag)), g_free);
  g_object_set_data (G_OBJECT (button), "others-label", others);
  g_signal_connect (button, "toggled", G_CALLBACK (on_button_toggled), self);
  g_hash_table_insert (self->buttons, g_strdup (peil_tag_get_code (tag)), button);
  return button;
}

static void
on_off_topic_toggled (GtkToggleButton *button,
                      PeilPostView    *self)
{
  if (!self->updating)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toggle-off-topic", NULL);
}

/* Off-topic is no tag: a mark that takes the post out of every count, on
 * a key of its own (0, next to the information needs' 1–9). A plain "0"
 * beside "Off-topic" read as the sidebar's count of them; the key is
 * drawn as a key, as the shortcuts window draws keys, and named in the
 * tooltip as the header bar's buttons name theirs. */
static GtkWidget *
new_off_topic_button (PeilPostView *self)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_("Off-topic"));
  GtkWidget *key = gtk_shortcut_label_new ("0");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (key, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), key);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, _("Not about the incident: left out of every count, chart and report (key 0)"));
  gtk_widget_add_css_class (button, "tag-button");
  gtk_widget_add_css_class (button, "off-topic-button");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_focus_on_click (button, FALSE);
  g_signal_connect (button, "toggled", G_CALLBACK (on_off_topic_toggled), self);
  return button;
}

void
peil_post_view_set_taxonomy (PeilPostView *self,
                             PeilTaxonomy *taxonomy)
{
  GPtrArray *dimensions;
  GtkWidget *child;

  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  g_set_object (&self->taxonomy, taxonomy);
  g_hash_table_remove_all (self->buttons);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dimensions))) != NULL)
    gtk_box_remove (self->dimensions, child);
  self->off_topic = NULL;
  if (taxonomy == NULL)
    return;

  self->off_topic = new_off_topic_button (self);
  gtk_box_append (self->dimensions, self->off_topic);

  dimensions = peil_taxonomy_get_dimensions (taxonomy);
  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);
      GtkWidget *heading = gtk_label_new (peil_dimension_get_label (dimension));
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_tooltip_text (heading, peil_dimension_get_description_for (dimension, peil_ui_language ()));
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_widget_set_focusable (flow, FALSE);

      for (guint j = 0; j < tags->len; j++)
        if (!peil_tag_get_hidden (g_ptr_array_index (tags, j)))
          gtk_flow_box_append (GTK_FLOW_BOX (flow), new_tag_button (self, g_ptr_array_index (tags, j)));

      gtk_box_append (self->dimensions, heading);
      gtk_box_append (self->dimensions, flow);
    }
}

/**
 * peil_post_view_set_analyst:
 *
 * The analyst whose tags the buttons show as on; a colleague's tag is
 * named under its button.
 */
void
peil_post_view_set_analyst (PeilPostView *self,
                            const char   *analyst)
{
  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  if (g_strcmp0 (self->analyst, analyst) == 0)
    return;
  g_free (self->analyst);
  self->analyst = g_strdup (analyst);
  if (self->post != NULL && gtk_stack_get_visible_child (self->stack) == self->post_box)
    peil_post_view_set_post (self, self->post);
}

static char *
describe (PeilPost *post,
          gboolean  real_names)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *source = peil_post_source_label (peil_post_get_source (post), peil_post_get_channel (post),
                                                    peil_ui_language ());

  if (real_names && peil_post_get_author_handle (post) && peil_post_get_author_name (post))
    g_string_append_printf (meta, "%s · ", peil_post_get_author_handle (post));
  g_string_append (meta, source);
  /* A feed's or server's host; a manual post's channel is its label. */
  if (peil_post_get_channel (post) && !g_str_equal (peil_post_get_source (post), "manual"))
    g_string_append_printf (meta, " (%s)", peil_post_get_channel (post));
  if (peil_post_get_created_at (post) != 0)
    {
      /* TRANSLATORS: a post's full time in its detail pane; see strftime */
      g_autofree char *when = peil_format_time (peil_post_get_created_at (post), C_("post time", "%A %e %B %Y, %H:%M"));

      if (peil_post_get_time_from_import (post))
        /* TRANSLATORS: %s is when the post was imported; it had no time of its own */
        g_string_append_printf (meta, " · %s", _("time of import"));
      g_string_append_printf (meta, " · %s", when);
    }
  else
    g_string_append_printf (meta, " · %s", _("no time of its own"));
  return g_string_free (g_steal_pointer (&meta), FALSE);
}

/* Whether @tag on a post is this analyst's to toggle: their own, or a
 * single-choice dimension's value, which is the post's whoever chose it. */
static gboolean
is_own (PeilPostView      *self,
        const PeilPostTag *tag)
{
  PeilTag *known;
  PeilDimension *dimension;

  if (g_strcmp0 (tag->analyst, self->analyst) == 0)
    return TRUE;
  known = self->taxonomy ? peil_taxonomy_lookup_tag (self->taxonomy, tag->code) : NULL;
  dimension = known ? peil_taxonomy_lookup_dimension (self->taxonomy, peil_tag_get_dimension_code (known)) : NULL;
  return dimension != NULL && peil_dimension_get_single_choice (dimension);
}

/* Each tag's button: on when this analyst gave it to all @posts, marked
 * "partial" when to only some; under its label, the colleagues who gave
 * it too, as their tag stays whatever this analyst does. */
static void
show_tags_of (PeilPostView *self,
              GPtrArray    *posts)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) others = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
  GHashTableIter iter;
  gpointer code, button;

  for (guint i = 0; i < posts->len; i++)
    {
      PeilPost *post = g_ptr_array_index (posts, i);
      g_autoptr(GHashTable) counted = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint j = 0; j < peil_post_get_n_tags (post); j++)
        {
          const PeilPostTag *tag = peil_post_get_tag (post, j);
          GPtrArray *names;

          if (!is_own (self, tag))
            {
              if (!(names = g_hash_table_lookup (others, tag->code)))
                g_hash_table_insert (others, tag->code, names = g_ptr_array_new ());
              if (tag->analyst && *tag->analyst && !g_ptr_array_find_with_equal_func (names, tag->analyst, g_str_equal, NULL))
                g_ptr_array_add (names, tag->analyst);
              continue;
            }
          if (!g_hash_table_add (counted, tag->code))
            continue;
          g_hash_table_insert (counts, tag->code, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, tag->code)) + 1));
        }
    }

  self->updating = TRUE;
  if (self->off_topic != NULL)
    {
      guint n = 0;

      for (guint i = 0; i < posts->len; i++)
        n += peil_post_get_off_topic (g_ptr_array_index (posts, i));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->off_topic), n > 0 && n == posts->len);
      if (n > 0 && n < posts->len)
        gtk_widget_add_css_class (self->off_topic, "partial");
      else
        gtk_widget_remove_css_class (self->off_topic, "partial");
    }
  g_hash_table_iter_init (&iter, self->buttons);
  while (g_hash_table_iter_next (&iter, &code, &button))
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, code));
      GPtrArray *names = g_hash_table_lookup (others, code);
      GtkLabel *others_label = g_object_get_data (G_OBJECT (button), "others-label");

      gtk_toggle_button_set_active (button, n > 0 && n == posts->len);
      if (n > 0 && n < posts->len)
        gtk_widget_add_css_class (button, "partial");
      else
        gtk_widget_remove_css_class (button, "partial");

      gtk_widget_set_visible (GTK_WIDGET (others_label), names != NULL);
      if (names != NULL)
        {
          g_autofree char *joined = NULL;
          g_autofree char *text = NULL;

          g_ptr_array_add (names, NULL);
          joined = names->len > 1 ? g_strjoinv (", ", (char **)names->pdata) : g_strdup (_("a colleague"));
          g_ptr_array_remove_index (names, names->len - 1);
          /* TRANSLATORS: under a tag's button: colleagues who gave the tag, "also Bram, Cor" when this
           * analyst gave it too, else "Bram, Cor" */
          text = n > 0 ? g_strdup_printf (_("also %s"), joined) : g_strdup (joined);
          gtk_label_set_text (others_label, text);
        }
    }
  self->updating = FALSE;
}

/* Whether @post carries a tag of @tag's dimension, anyone's: a dimension
 * an analyst has decided on is not suggested again. */
static gboolean
has_dimension_of (PeilPostView *self,
                  PeilPost     *post,
                  PeilTag      *tag)
{
  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    {
      PeilTag *given = peil_taxonomy_lookup_tag (self->taxonomy, peil_post_get_tag (post, i)->code);

      if (given != NULL && g_str_equal (peil_tag_get_dimension_code (given), peil_tag_get_dimension_code (tag)))
        return TRUE;
    }
  return FALSE;
}

/* The shown post's suggestions, after the decision rule: a row under
 * the post ("Suggested: Daily-life disruption 83%") with the
 * Accept button and its key, and the suggested tags' buttons marked
 * "suggested" (drawn dashed). An off-topic post gets none. */
static void
show_suggestion (PeilPostView *self)
{
  g_autoptr(PeilSuggestion) suggestion = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer code, button;

  g_clear_pointer (&self->suggested, g_ptr_array_unref);
  if (self->suggester != NULL && self->post != NULL && self->taxonomy != NULL &&
      !peil_post_get_off_topic (self->post))
    {
      suggestion = peil_suggester_suggest_post (self->suggester, self->post);
      self->suggested = g_ptr_array_ref (suggestion->tags);
      for (guint i = self->suggested->len; i-- > 0;)
        {
          PeilSuggestedTag *suggested = g_ptr_array_index (self->suggested, i);
          PeilTag *tag = peil_taxonomy_lookup_tag (self->taxonomy, suggested->code);

          if (tag == NULL || peil_tag_get_hidden (tag) || has_dimension_of (self, self->post, tag))
            g_ptr_array_remove_index (self->suggested, i);
        }
    }

  g_hash_table_iter_init (&iter, self->buttons);
  while (g_hash_table_iter_next (&iter, &code, &button))
    gtk_widget_remove_css_class (button, "suggested");
  for (guint i = 0; self->suggested != NULL && i < self->suggested->len; i++)
    if ((button = g_hash_table_lookup (self->buttons, ((PeilSuggestedTag *)g_ptr_array_index (self->suggested, i))->code)))
      gtk_widget_add_css_class (button, "suggested");
  if (self->suggested != NULL && self->suggested->len > 0)
    {
      g_autofree char *tags = peil_format_suggested_tags (self->taxonomy, self->suggested, 0);

      /* TRANSLATORS: %s lists suggested tags with their confidence */
      g_string_printf (text, _("Suggested: %s"), tags);
    }
  if (suggestion != NULL && suggestion->off_topic >= PEIL_SUGGESTER_OFF_TOPIC_THRESHOLD)
    {
      /* TRANSLATORS: how likely the post is off-topic, "Likely off-topic (72%): 0 marks it"; 0 is its key */
      g_autofree char *line = g_strdup_printf (_("Likely off-topic (%d%%): 0 marks it"),
                                               (int)(suggestion->off_topic * 100));

      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
    }
  gtk_label_set_text (self->suggestion_label, text->str);
  gtk_widget_set_visible (self->suggestion_box, text->len > 0);
  gtk_widget_set_visible (self->accept_button, self->suggested != NULL && self->suggested->len > 0);
}

/* "Fear & anxiety, Road closed": the tags all @posts carry. */
static char *
shared_tags (PeilPostView *self,
             GPtrArray    *posts)
{
  g_autoptr(GString) text = g_string_new (NULL);
  PeilPost *first = g_ptr_array_index (posts, 0);

  for (guint i = 0; i < peil_post_get_n_tags (first); i++)
    {
      const char *code = peil_post_get_tag (first, i)->code;
      PeilTag *tag = self->taxonomy ? peil_taxonomy_lookup_tag (self->taxonomy, code) : NULL;
      gboolean everywhere = i == 0 || !g_str_equal (code, peil_post_get_tag (first, i - 1)->code);

      for (guint p = 1; p < posts->len && everywhere; p++)
        {
          PeilPost *other = g_ptr_array_index (posts, p);

          everywhere = FALSE;
          for (guint j = 0; j < peil_post_get_n_tags (other) && !everywhere; j++)
            everywhere = g_str_equal (peil_post_get_tag (other, j)->code, code);
        }
      if (everywhere)
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", tag ? peil_tag_get_label (tag) : code);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * peil_post_view_set_selection:
 * @posts: (element-type PeilPost): the selected posts, or the first of
 *   them when they are too many to read
 * @n_selected: how many are selected
 *
 * Shows one post whole, or for several how many there are and the tags
 * they share (tag keys then apply to all of them).
 */
void
peil_post_view_set_selection (PeilPostView *self,
                              GPtrArray    *posts,
                              guint         n_selected)
{
  g_autofree char *title = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *shared_line = NULL;

  g_return_if_fail (PEIL_IS_POST_VIEW (self));
  g_return_if_fail (posts != NULL);

  if (n_selected <= 1)
    {
      peil_post_view_set_post (self, posts->len ? g_ptr_array_index (posts, 0) : NULL);
      return;
    }

  g_clear_object (&self->post);
  show_suggestion (self);   /* none: accepting is for one post at a time */
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  gtk_stack_set_visible_child_name (self->stack, "post");
  gtk_widget_set_visible (self->selection_box, TRUE);
  gtk_widget_set_visible (self->post_box, FALSE);

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u post selected", "%u posts selected", n_selected),
                           n_selected);
  shared = posts->len == n_selected ? shared_tags (self, posts) : g_strdup ("");
  /* TRANSLATORS: %s lists the tags every selected post carries */
  shared_line = *shared ? g_strdup_printf (_("Tags they share: %s. A tag key puts a tag on all of them, or takes it off."), shared)
                        : g_strdup (_("They share no tags. A tag key puts a tag on all of them, or takes it off."));
  gtk_label_set_text (self->selection_title, title);
  gtk_label_set_text (self->selection_tags, shared_line);
  if (posts->len == n_selected)
    show_tags_of (self, posts);
}

/**
 * peil_post_view_grab_focus:
 *
 * Moves the keyboard focus to the post's tag buttons, as F6 does.
 */
void
peil_post_view_grab_focus (PeilPostView *self)
{
  GtkWidget *first;

  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  first = gtk_widget_get_first_child (GTK_WIDGET (self->dimensions));
  first = first ? gtk_widget_get_next_sibling (first) : NULL;   /* the first dimension's buttons */
  if (first == NULL || !gtk_widget_child_focus (first, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

void
peil_post_view_set_post (PeilPostView *self,
                         PeilPost     *post)
{
  g_autofree char *meta = NULL;
  g_autofree char *author = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) one = NULL;
  glong left_out;

  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  /* A note half typed about one post is not left for the next. */
  if (post == NULL || self->post == NULL || peil_post_get_id (post) != peil_post_get_id (self->post))
    gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  g_set_object (&self->post, post);
  gtk_stack_set_visible_child_name (self->stack, post ? "post" : "empty");
  if (post == NULL)
    return;
  gtk_widget_set_visible (self->selection_box, FALSE);
  gtk_widget_set_visible (self->post_box, TRUE);

  author = peil_app_dup_author (post, self->pseudonymizer);
  gtk_label_set_text (self->author, author ? author : _("Unknown author"));
  /* Offered where a pseudonym stands for an account, and taking it back
   * where an allowed account's name is shown. */
  gtk_widget_set_visible (self->allow_button, self->pseudonymizer != NULL && author != NULL &&
                                              g_str_has_prefix (author, "anon-"));
  gtk_widget_set_visible (self->disallow_button, self->pseudonymizer != NULL && author != NULL &&
                                                 peil_pseudonymizer_is_allowed (self->pseudonymizer,
                                                                                peil_pseudonymizer_account_of (post)));
  meta = describe (post, self->pseudonymizer == NULL);
  gtk_label_set_text (self->meta, meta);
  text = peil_app_dup_text (post, self->pseudonymizer);
  left_out = peil_set_post_text (self->text, text, SHOWN_CHARS);
  gtk_widget_set_visible (self->text_cut, left_out > 0);
  if (left_out > 0)
    {
      g_autofree char *number = peil_format_number (left_out, peil_ui_language ());
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s more character",
                                                            "%s more characters", (gulong)left_out), number);
      gtk_label_set_text (self->text_cut_label, note);
    }
  /* The core keeps no other links; a view never opens one either. A link
   * that names the account is not offered while names are hidden. */
  url = self->pseudonymizer ? peil_pseudonymizer_dup_url (self->pseudonymizer, peil_post_get_url (post))
                            : g_strdup (peil_post_get_url (post));
  gtk_widget_set_visible (GTK_WIDGET (self->link), peil_post_is_web_address (url) &&
                                                   g_strcmp0 (url, peil_post_get_url (post)) == 0);
  if (gtk_widget_get_visible (GTK_WIDGET (self->link)))
    {
      gtk_link_button_set_uri (self->link, url);
      gtk_button_set_label (GTK_BUTTON (self->link), url);
    }

  one = g_ptr_array_new ();
  g_ptr_array_add (one, post);
  show_tags_of (self, one);
  show_suggestion (self);
}

PeilPost *
peil_post_view_get_post (PeilPostView *self)
{
  g_return_val_if_fail (PEIL_IS_POST_VIEW (self), NULL);
  return self->post;
}

/**
 * peil_post_view_set_pseudonymizer:
 * @pseudonymizer: (nullable): the incident's pseudonyms; %NULL shows real
 *   names
 */
void
peil_post_view_set_pseudonymizer (PeilPostView      *self,
                                  PeilPseudonymizer *pseudonymizer)
{
  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  g_set_object (&self->pseudonymizer, pseudonymizer);
  if (self->post != NULL)
    {
      g_autoptr(PeilPost) post = g_object_ref (self->post);
      peil_post_view_set_post (self, post);
    }
}

/**
 * peil_post_view_set_notes:
 * @notes: (element-type PeilNote): the shown post's notes, oldest first
 *
 * Shows the notes; a note being typed stays.
 */
void
peil_post_view_set_notes (PeilPostView *self,
                          GPtrArray    *notes)
{
  GtkWidget *child;

  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  /* Shown before it is filled: GTK 4.8 lays out no hidden box, and one
   * filled while hidden kept its empty size when shown, the new note
   * drawn over the entry below it until another post was chosen. */
  gtk_widget_set_visible (GTK_WIDGET (self->notes), notes != NULL && notes->len > 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes))) != NULL)
    gtk_box_remove (self->notes, child);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      PeilNote *note = g_ptr_array_index (notes, i);
      g_autofree char *when = peil_format_time (note->created_at, C_("post time", "%e %b %H:%M"));
      g_autofree char *byline = g_strdup_printf ("%s · %s", note->analyst ? note->analyst : "", when);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *text = gtk_label_new (note->text);
      GtkWidget *meta = gtk_label_new (byline);

      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (meta), 0);
      gtk_widget_add_css_class (meta, "dim-label");
      gtk_widget_add_css_class (meta, "caption");
      gtk_box_append (GTK_BOX (box), text);
      gtk_box_append (GTK_BOX (box), meta);
      gtk_widget_add_css_class (box, "card");
      gtk_widget_add_css_class (box, "note");
      gtk_box_append (self->notes, box);
    }
}

/**
 * peil_post_view_clear_note_entry:
 *
 * Empties the entry for the next note, once the last one is stored.
 */
void
peil_post_view_clear_note_entry (PeilPostView *self)
{
  g_return_if_fail (PEIL_IS_POST_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

/**
 * peil_post_view_set_suggester:
 * @suggester: (nullable): the incident's suggester
 *
 * Shows the shown post's suggested tags from @suggester; call
 * peil_post_view_update_suggestion() when its model changed.
 */
void
peil_post_view_set_suggester (PeilPostView  *self,
                              PeilSuggester *suggester)
{
  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  g_set_object (&self->suggester, suggester);
  show_suggestion (self);
}

void
peil_post_view_update_suggestion (PeilPostView *self)
{
  g_return_if_fail (PEIL_IS_POST_VIEW (self));
  show_suggestion (self);
}

/**
 * peil_post_view_dup_suggested_codes:
 *
 * Returns: (transfer full) (nullable): the codes of the suggested tags
 *   shown, what the Accept button accepts; %NULL when none are shown
 */
char **
peil_post_view_dup_suggested_codes (PeilPostView *self)
{
  g_autoptr(GStrvBuilder) codes = NULL;

  g_return_val_if_fail (PEIL_IS_POST_VIEW (self), NULL);

  if (self->suggested == NULL || self->suggested->len == 0)
    return NULL;
  codes = g_strv_builder_new ();
  for (guint i = 0; i < self->suggested->len; i++)
    g_strv_builder_add (codes, ((PeilSuggestedTag *)g_ptr_array_index (self->suggested, i))->code);
  return g_strv_builder_end (codes);
}

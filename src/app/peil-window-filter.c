/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-window-private.h"

/*
 * What the list shows: one combined filter, shown above the list as
 * chips that each remove their part, with the number of posts that match
 * and a Clear All. The sidebar's rows (a tag, an untagged dimension, a
 * source, a saved query) and the overview's bars and hours add chips;
 * the search entry adds its text. Filter keys are "tag:CODE",
 * "untagged:DIM", "source:ID", "query:ID", "hour:UNIX" and "off-topic";
 * the sidebar's "all" clears them. Posts marked off-topic are left out
 * unless "off-topic" is in force, which shows them alone. "attention" is
 * the Needs Attention list (peil-window-attention.c), a ranking of its
 * own: it stands alone.
 */

static gboolean
has_chip (PeilWindow *self,
          const char *key)
{
  for (guint i = 0; i < self->chips->len; i++)
    if (g_str_equal (g_ptr_array_index (self->chips, i), key))
      return TRUE;
  return FALSE;
}

static void
remove_chip (PeilWindow *self,
             const char *key)
{
  for (guint i = 0; i < self->chips->len; i++)
    if (g_str_equal (g_ptr_array_index (self->chips, i), key))
      {
        g_ptr_array_remove_index (self->chips, i);
        return;
      }
}

static PeilDimension *
dimension_of_tag (PeilWindow *self,
                  const char *code)
{
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);
  PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, code);

  return tag ? peil_taxonomy_lookup_dimension (taxonomy, peil_tag_get_dimension_code (tag)) : NULL;
}

/* Whether @other contradicts @key so that both would match nothing: a
 * dimension's tag and its "untagged", two values of a single-choice facet,
 * two hours, two queries. Tags of a dimension that takes several combine. */
static gboolean
excludes (PeilWindow *self,
          const char *key,
          const char *other)
{
  PeilDimension *dimension = NULL, *other_dimension = NULL;

  if (g_str_equal (key, "attention") || g_str_equal (other, "attention"))
    return TRUE;
  if ((g_str_has_prefix (key, "hour:") && g_str_has_prefix (other, "hour:")) ||
      (g_str_has_prefix (key, "query:") && g_str_has_prefix (other, "query:")))
    return TRUE;

  if (g_str_has_prefix (key, "tag:"))
    dimension = dimension_of_tag (self, key + 4);
  else if (g_str_has_prefix (key, "untagged:"))
    dimension = peil_taxonomy_lookup_dimension (peil_incident_get_taxonomy (self->incident), key + 9);
  if (g_str_has_prefix (other, "tag:"))
    other_dimension = dimension_of_tag (self, other + 4);
  else if (g_str_has_prefix (other, "untagged:"))
    other_dimension = peil_taxonomy_lookup_dimension (peil_incident_get_taxonomy (self->incident), other + 9);
  if (dimension == NULL || dimension != other_dimension)
    return FALSE;

  return g_str_has_prefix (key, "untagged:") || g_str_has_prefix (other, "untagged:") ||
         peil_dimension_get_single_choice (dimension);
}

static void
add_chip (PeilWindow *self,
          const char *key)
{
  for (guint i = self->chips->len; i > 0; i--)
    if (excludes (self, key, g_ptr_array_index (self->chips, i - 1)))
      g_ptr_array_remove_index (self->chips, i - 1);
  g_ptr_array_add (self->chips, g_strdup (key));
}

/* What a chip says. */
static char *
chip_label (PeilWindow *self,
            const char *key)
{
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);

  if (g_str_equal (key, "attention"))
    return g_strdup (_("Needs Attention"));
  if (g_str_has_prefix (key, "tag:"))
    {
      PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, key + 4);
      return g_strdup (tag ? peil_tag_get_label (tag) : key + 4);
    }
  if (g_str_has_prefix (key, "untagged:"))
    {
      PeilDimension *dimension = peil_taxonomy_lookup_dimension (taxonomy, key + 9);
      /* TRANSLATORS: a filter: posts without a tag of this dimension */
      return g_strdup_printf (_("Untagged: %s"), dimension ? peil_dimension_get_label (dimension) : key + 9);
    }
  if (g_str_has_prefix (key, "source:"))
    return peil_source_label (key + 7, peil_ui_language ());
  if (g_str_has_prefix (key, "query:"))
    {
      g_autoptr(PeilQuery) query = peil_incident_get_query (self->incident, g_ascii_strtoll (key + 6, NULL, 10), NULL);
      g_autofree char *name = query ? peil_window_query_name (query) : g_strdup (key + 6);

      /* TRANSLATORS: a filter: posts a saved query found */
      return g_strdup_printf (_("Query: %s"), name);
    }
  if (g_str_equal (key, "off-topic"))
    return g_strdup (_("Off-topic"));
  if (g_str_has_prefix (key, "hour:"))
    {
      gint64 start = g_ascii_strtoll (key + 5, NULL, 10);
      /* TRANSLATORS: a filter on an hour, from its start; see strftime */
      g_autofree char *from = peil_format_time (start, C_("filter hour", "%e %b %H:%M"));
      g_autofree char *to = peil_format_time (start + 3600, "%H:%M");

      return g_strdup_printf ("%s–%s", from, to);
    }
  return g_strdup (key);
}

static void
on_chip_removed (GtkButton  *button,
                 PeilWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "filter-key");

  if (g_str_equal (key, "search"))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    peil_window_toggle_filter (self, key);
}

static GtkWidget *
new_chip (PeilWindow *self,
          const char *key,
          const char *text)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  /* TRANSLATORS: the tooltip of a filter's remove button; %s is the filter */
  g_autofree char *tooltip = g_strdup_printf (_("Remove the filter “%s”"), text);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (chip, "filter-chip");
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  if (g_str_has_prefix (key, "tag:"))
    {
      PeilDimension *dimension = dimension_of_tag (self, key + 4);
      g_autofree char *dimension_class = g_ascii_strdown (dimension ? peil_dimension_get_code (dimension) : "other", -1);

      gtk_widget_add_css_class (chip, dimension_class);
    }
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (remove), "filter-key", g_strdup (key), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_chip_removed), self);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_box_append (GTK_BOX (chip), remove);
  return chip;
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static void
update_filter_bar (PeilWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean searching = !is_blank (text);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chip_box))) != NULL)
    gtk_flow_box_remove (self->chip_box, child);
  for (guint i = 0; i < self->chips->len; i++)
    {
      const char *key = g_ptr_array_index (self->chips, i);
      g_autofree char *label = chip_label (self, key);

      gtk_flow_box_append (self->chip_box, new_chip (self, key, label));
    }
  if (searching)
    {
      /* TRANSLATORS: a filter: the words searched for */
      g_autofree char *label = g_strdup_printf (_("Search: %s"), text);
      gtk_flow_box_append (self->chip_box, new_chip (self, "search", label));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->filter_bar), self->chips->len > 0 || searching);
}

/* The sidebar's rows light up for the filters in force; "All Posts" when
 * there are none. */
void
peil_window_mark_sidebar (PeilWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *key = g_object_get_data (G_OBJECT (child), "filter-key");
      gboolean on;

      if (key == NULL)
        continue;
      on = g_str_equal (key, "all") ? self->chips->len == 0 : has_chip (self, key);
      if (on)
        gtk_widget_add_css_class (child, "filter-on");
      else
        gtk_widget_remove_css_class (child, "filter-on");
    }
}

static void
filters_changed (PeilWindow *self)
{
  peil_window_mark_sidebar (self);
  peil_window_apply_filter (self);
}

/**
 * peil_window_toggle_filter:
 * @key: a filter key (see the top of this file)
 *
 * Adds @key to the filters, or takes it off when it is there; a filter it
 * contradicts goes (a dimension's tag replaces its "untagged").
 */
void
peil_window_toggle_filter (PeilWindow *self,
                           const char *key)
{
  g_return_if_fail (PEIL_IS_WINDOW (self));
  g_return_if_fail (key != NULL);

  if (self->incident == NULL)
    return;
  if (has_chip (self, key))
    remove_chip (self, key);
  else
    add_chip (self, key);
  filters_changed (self);
}

/**
 * peil_window_add_filter:
 *
 * Narrows the list by @key too, as a click on an overview bar does; a
 * filter already there stays.
 */
void
peil_window_add_filter (PeilWindow *self,
                        const char *key)
{
  g_return_if_fail (PEIL_IS_WINDOW (self));
  g_return_if_fail (key != NULL);

  if (self->incident == NULL)
    return;
  if (!has_chip (self, key))
    add_chip (self, key);
  filters_changed (self);
}

/**
 * peil_window_set_filter:
 * @key: (nullable): the one filter, or %NULL or "all" for none
 *
 * Shows the posts of @key alone (the search stays).
 */
void
peil_window_set_filter (PeilWindow *self,
                        const char *key)
{
  g_return_if_fail (PEIL_IS_WINDOW (self));

  g_ptr_array_set_size (self->chips, 0);
  if (key != NULL && !g_str_equal (key, "all"))
    g_ptr_array_add (self->chips, g_strdup (key));
  filters_changed (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);

  g_ptr_array_set_size (self->chips, 0);
  /* Emptying the entry searches anew, with the chips gone. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      peil_window_mark_sidebar (self);
    }
  else
    filters_changed (self);
}

/* From the overview's notice: the posts no chart counts. */
static void
show_off_topic_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);

  peil_window_set_filter (self, "off-topic");
  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
}

/* The filter of the chips and the search. */
static PeilFilter *
build_filter (PeilWindow *self)
{
  PeilFilter *filter = peil_filter_new ();

  peil_filter_set_text (filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  for (guint i = 0; i < self->chips->len; i++)
    {
      const char *key = g_ptr_array_index (self->chips, i);

      if (g_str_has_prefix (key, "tag:"))
        peil_filter_add_tag (filter, key + 4);
      else if (g_str_has_prefix (key, "untagged:"))
        peil_filter_add_untagged (filter, key + 9);
      else if (g_str_has_prefix (key, "source:"))
        peil_filter_add_source (filter, key + 7);
      else if (g_str_has_prefix (key, "query:"))
        peil_filter_set_query_id (filter, g_ascii_strtoll (key + 6, NULL, 10));
      else if (g_str_has_prefix (key, "hour:"))
        {
          gint64 hour = g_ascii_strtoll (key + 5, NULL, 10);
          peil_filter_set_range (filter, hour, hour + 3600);
        }
      else if (g_str_equal (key, "off-topic"))
        peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_ONLY);
    }
  return filter;
}

void
peil_window_update_match_label (PeilWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->posts));
  /* The Needs Attention list shows the first of those that need it. */
  gint64 total = peil_window_showing_attention (self) && self->attention_total >= 0
    ? self->attention_total : (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (self->counts, "all"));
  g_autofree char *matching = peil_format_number (n, peil_ui_language ());
  g_autofree char *all = peil_format_number (MAX (total, n), peil_ui_language ());
  /* TRANSLATORS: posts that match the filters, of all posts: "12 of 2,346 posts" */
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s post", "%s of %s posts",
                                                        MAX (total, n)),
                                           matching, all);

  gtk_label_set_text (self->match_label, text);
}

/**
 * peil_window_apply_filter:
 *
 * Shows the posts that match the chips and the search. A search that
 * cannot be understood says why under the search entry and leaves the
 * list as it was.
 */
void
peil_window_apply_filter (PeilWindow *self)
{
  g_autoptr(PeilFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) selected = NULL;
  g_autoptr(PeilPostList) posts = NULL;
  gint64 selected_id;
  guint position;

  if (self->incident == NULL)
    return;
  /* Words to find leave the ranking for the list they narrow. */
  if (peil_window_showing_attention (self) && !is_blank (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))))
    {
      remove_chip (self, "attention");
      peil_window_mark_sidebar (self);
    }
  update_filter_bar (self);
  if (peil_window_showing_attention (self))
    {
      /* The list shows what it showed until the ranking is there. */
      peil_window_rank_attention (self);
      return;
    }
  peil_window_stop_attention (self);
  g_hash_table_remove_all (self->attention);
  selected = peil_window_get_selected_post (self);
  selected_id = selected ? peil_post_get_id (selected) : 0;

  /* A new filter gets a new model: one "everything changed" on a long
   * list makes GTK fetch every post to match old rows to new ones. */
  filter = build_filter (self);
  posts = peil_post_list_new (self->incident);
  peil_post_list_set_fold_stories (posts, peil_window_get_fold_stories (self));
  if (!peil_post_list_set_filter (posts, filter, &error))
    {
      gtk_label_set_text (self->search_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->search_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->search_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  peil_window_set_posts (self, posts);
  peil_window_update_match_label (self);

  /* The post being read stays selected if it is still in the list. */
  if (selected_id != 0 && (position = peil_post_list_find (self->posts, selected_id)) != G_MAXUINT)
    peil_window_select_position (self, position);
  /* Nothing marked off-topic is no reason to import: say how to mark. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->posts)) > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    gtk_stack_set_visible_child_name (self->list_stack, has_chip (self, "off-topic") ? "off-topic-empty" : "empty");
}

static void
on_search_changed (GtkSearchEntry *entry,
                   PeilWindow     *self)
{
  peil_window_apply_filter (self);
}

/* The sidebar --------------------------------------------------------- */

static void
on_sidebar_row_activated (GtkListBox    *box,
                          GtkListBoxRow *row,
                          PeilWindow    *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "filter-key");

  if (key == NULL)
    return;
  if (g_str_equal (key, "all"))
    peil_window_set_filter (self, NULL);
  else
    peil_window_toggle_filter (self, key);
}

static GtkWidget *
name_label (const char *text)
{
  GtkWidget *name = gtk_label_new (text);

  /* Whole names: a tag's label wraps rather than losing its end. */
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_valign (name, GTK_ALIGN_BASELINE);
  return name;
}

static GtkWidget *
count_label (PeilWindow *self,
             const char *key)
{
  GtkWidget *count = gtk_label_new ("0");

  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_valign (count, GTK_ALIGN_BASELINE);
  g_hash_table_insert (self->count_labels, g_strdup (key), count);
  return count;
}

static GtkWidget *
sidebar_row (PeilWindow *self,
             const char *key,
             const char *label,
             const char *tooltip,
             gboolean    indented)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  if (indented)
    gtk_widget_set_margin_start (box, 12);
  gtk_box_append (GTK_BOX (box), name_label (label));
  gtk_box_append (GTK_BOX (box), count_label (self, key));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, tooltip);

  g_object_set_data_full (G_OBJECT (row), "filter-key", g_strdup (key), g_free);
  return row;
}

/**
 * peil_window_query_name:
 *
 * Returns: (transfer full): what a saved query is called in the window:
 *   its source as people say it and what it searches for ("Nieuws (RSS):
 *   stof OR asbest"), or its address when it searches for nothing
 */
char *
peil_window_query_name (PeilQuery *query)
{
  g_autofree char *source = peil_source_label (peil_query_get_source (query), peil_ui_language ());
  const char *text = peil_query_get_text (query);
  const char *where = g_hash_table_lookup (peil_query_get_options (query), "url");

  return g_strdup_printf ("%s: %s", source, text && *text ? text : (where ? where : ""));
}

static GMenuModel *
query_menu (PeilQuery *query)
{
  GMenu *menu = g_menu_new ();
  GVariant *id = g_variant_new_int64 (peil_query_get_id (query));
  g_autoptr(GMenuItem) edit = g_menu_item_new (_("_Edit…"), NULL);
  g_autoptr(GMenuItem) toggle = g_menu_item_new (peil_query_get_enabled (query) ? _("Switch _Off") : _("Switch _On"), NULL);
  g_autoptr(GMenuItem) remove = g_menu_item_new (_("_Remove…"), NULL);

  g_variant_ref_sink (id);
  g_menu_item_set_action_and_target_value (edit, "win.edit-query", id);
  g_menu_item_set_action_and_target_value (toggle, "win.switch-query", id);
  g_menu_item_set_action_and_target_value (remove, "win.remove-query", id);
  g_variant_unref (id);
  g_menu_append_item (menu, edit);
  g_menu_append_item (menu, toggle);
  g_menu_append_item (menu, remove);
  return G_MENU_MODEL (menu);
}

static GtkWidget *
sidebar_query_row (PeilWindow *self,
                   PeilQuery  *query)
{
  g_autofree char *key = g_strdup_printf ("query:%lld", (long long)peil_query_get_id (query));
  g_autofree char *coverage = peil_window_query_coverage (query);
  g_autofree char *title = peil_window_query_name (query);
  g_autoptr(GMenuModel) menu = query_menu (query);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *line = gtk_label_new (coverage);
  GtkWidget *name = name_label (title);
  GtkWidget *actions = gtk_menu_button_new ();
  /* TRANSLATORS: the menu of a saved query in the sidebar; %s is its name */
  g_autofree char *actions_label = g_strdup_printf (_("Change “%s”"), title);

  gtk_widget_set_margin_start (box, 12);
  gtk_box_append (GTK_BOX (column), name);
  /* The coverage line under the query's name: what was not gathered.
   * Addresses do not break at spaces; the sidebar must not grow with them. */
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_label_set_wrap (GTK_LABEL (line), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (line), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (line), 3);
  gtk_label_set_ellipsize (GTK_LABEL (line), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (line), 30);
  gtk_widget_add_css_class (line, "caption");
  gtk_widget_add_css_class (line, peil_query_get_last_error (query) ? "error" : "dim-label");
  gtk_box_append (GTK_BOX (column), line);
  /* The source's message says only that the server asks for a login; how
   * to give one is the window's to say. */
  if (g_hash_table_contains (peil_query_get_state (query), PEIL_QUERY_STATE_NEEDS_LOGIN))
    {
      GtkWidget *log_in = gtk_button_new_with_mnemonic (_("Log _In to a Source…"));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (log_in), "win.log-in");
      gtk_widget_set_halign (log_in, GTK_ALIGN_START);
      gtk_widget_set_margin_top (log_in, 4);
      gtk_widget_add_css_class (log_in, "pill");
      gtk_widget_add_css_class (log_in, "small");
      gtk_box_append (GTK_BOX (column), log_in);
    }
  gtk_widget_set_hexpand (column, TRUE);
  if (!peil_query_get_enabled (query))
    gtk_widget_add_css_class (column, "dim-label");

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (actions), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (actions), menu);
  gtk_widget_set_valign (actions, GTK_ALIGN_START);
  gtk_widget_add_css_class (actions, "flat");
  gtk_widget_set_tooltip_text (actions, actions_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (actions), GTK_ACCESSIBLE_PROPERTY_LABEL, actions_label, -1);
  g_object_set_data (G_OBJECT (row), "query-menu", actions);

  gtk_box_append (GTK_BOX (box), column);
  gtk_box_append (GTK_BOX (box), count_label (self, key));
  gtk_box_append (GTK_BOX (box), actions);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, coverage);
  g_object_set_data_full (G_OBJECT (row), "filter-key", g_strdup (key), g_free);
  return row;
}

static GtkWidget *
sidebar_heading (const char *text,
                 GtkWidget  *suffix)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (box, 12);
  gtk_box_append (GTK_BOX (box), label);
  if (suffix != NULL)
    gtk_box_append (GTK_BOX (box), suffix);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* The Needs Attention list: a ranking rather than a filter, counted on a
 * worker (peil-window-attention.c); its count shows once it is known. */
static GtkWidget *
sidebar_attention_row (PeilWindow *self)
{
  return sidebar_row (self, "attention", _("Needs Attention"),
                      _("Posts to look at first, and why: calls for help, safety questions, "
                        "questions to the organisation, stories that grow fast or are new, "
                        "the incident’s place"), FALSE);
}

/* Posts without a time of their own are in no hour: the sidebar counts
 * them, under All Posts, and offers to give them their import's time. */
static GtkWidget *
sidebar_untimed_row (PeilWindow *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Use _Import Time…"));

  gtk_box_append (GTK_BOX (box), name_label (_("Without a time of their own")));
  gtk_box_append (GTK_BOX (box), count_label (self, "untimed"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.use-import-times");
  gtk_widget_add_css_class (button, "caption");
  gtk_widget_set_tooltip_text (button, _("Give these posts the time they were imported, so that the hours and the rounds count them"));
  gtk_box_append (GTK_BOX (column), box);
  gtk_box_append (GTK_BOX (column), button);
  gtk_widget_set_margin_start (column, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), column);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_tooltip_text (row, _("These posts are in no hour and no round’s period"));
  gtk_widget_add_css_class (row, "warning");
  return row;
}

/**
 * peil_window_update_count_labels:
 *
 * Writes the counts into the sidebar, digits grouped as the interface's
 * language groups them.
 */
void
peil_window_update_count_labels (PeilWindow *self)
{
  GHashTableIter iter;
  gpointer key, label;

  g_hash_table_iter_init (&iter, self->count_labels);
  while (g_hash_table_iter_next (&iter, &key, &label))
    {
      g_autofree char *text = NULL;

      /* Needs Attention is counted by its ranking; until it is known, no
       * number rather than a wrong one. */
      if (g_str_equal (key, "attention"))
        text = self->attention_total < 0 ? g_strdup ("")
                                         : peil_format_number (self->attention_total, peil_ui_language ());
      else
        text = peil_format_number (GPOINTER_TO_SIZE (g_hash_table_lookup (self->counts, key)), peil_ui_language ());
      gtk_label_set_text (label, text);
    }
}

/**
 * peil_window_sidebar_signature:
 *
 * Returns: (transfer full): what decides which rows the sidebar has and
 *   what their lines say besides the counts
 */
char *
peil_window_sidebar_signature (PeilWindow *self,
                               GPtrArray  *queries)
{
  GString *signature = g_string_new (NULL);

  g_string_append_printf (signature, "%d %d\n", self->last_counts && self->last_counts->untimed > 0,
                          self->replica != NULL);
  for (guint i = 0; self->last_counts && i < self->last_counts->sources->len; i++)
    g_string_append_printf (signature, "%s\n", ((PeilCount *)g_ptr_array_index (self->last_counts->sources, i))->key);
  for (guint i = 0; queries && i < queries->len; i++)
    {
      PeilQuery *query = g_ptr_array_index (queries, i);
      g_autofree char *coverage = peil_window_query_coverage (query);
      g_autofree char *name = peil_window_query_name (query);

      g_string_append_printf (signature, "%lld %d %d %s %s\n", (long long)peil_query_get_id (query),
                              peil_query_get_enabled (query),
                              g_hash_table_contains (peil_query_get_state (query), PEIL_QUERY_STATE_NEEDS_LOGIN),
                              name, coverage);
    }
  return g_string_free (signature, FALSE);
}

void
peil_window_build_sidebar (PeilWindow *self)
{
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);
  GPtrArray *sources = self->last_counts ? self->last_counts->sources : NULL;
  g_autoptr(GPtrArray) queries = peil_incident_list_queries (self->incident, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);
  g_hash_table_remove_all (self->count_labels);

  /* The posts without a time are some of All Posts: their row hangs under
   * it, indented, before the views of their own. */
  gtk_list_box_append (self->sidebar, sidebar_row (self, "all", _("All Posts"), NULL, FALSE));
  if (self->last_counts != NULL && self->last_counts->untimed > 0)
    gtk_list_box_append (self->sidebar, sidebar_untimed_row (self));
  gtk_list_box_append (self->sidebar, sidebar_attention_row (self));
  /* Out of every count, not out of reach. */
  gtk_list_box_append (self->sidebar, sidebar_row (self, "off-topic", _("Off-topic"),
                                                   _("Posts marked off-topic (key 0): in no count, chart or report"), FALSE));
  /* Who is at work, and on what, first: a shift lead divides the work by it. */
  if (self->replica != NULL)
    {
      gtk_list_box_append (self->sidebar, sidebar_heading (_("Team"), NULL));
      gtk_list_box_append (self->sidebar, peil_window_team_row_new (self));
    }

  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);
      g_autofree char *untagged_key = g_strdup_printf ("untagged:%s", peil_dimension_get_code (dimension));
      const char *description = peil_dimension_get_description_for (dimension, peil_ui_language ());

      gtk_list_box_append (self->sidebar, sidebar_heading (peil_dimension_get_label (dimension), NULL));
      if (!peil_dimension_get_facet (dimension))
        gtk_list_box_append (self->sidebar, sidebar_row (self, untagged_key, _("Untagged"), description, TRUE));

      for (guint j = 0; j < tags->len; j++)
        {
          PeilTag *tag = g_ptr_array_index (tags, j);
          g_autofree char *key = g_strdup_printf ("tag:%s", peil_tag_get_code (tag));

          if (!peil_tag_get_hidden (tag))
            gtk_list_box_append (self->sidebar, sidebar_row (self, key, peil_tag_get_label (tag),
                                                             peil_tag_get_definition (tag), TRUE));
        }
    }

  if (queries != NULL && queries->len > 0)
    {
      gtk_list_box_append (self->sidebar, sidebar_heading (_("Queries"), peil_window_live_switch_new (self)));
      for (guint i = 0; i < queries->len; i++)
        gtk_list_box_append (self->sidebar, sidebar_query_row (self, g_ptr_array_index (queries, i)));
    }

  if (sources != NULL && sources->len > 0)
    {
      gtk_list_box_append (self->sidebar, sidebar_heading (_("Sources"), NULL));
      for (guint i = 0; i < sources->len; i++)
        {
          PeilCount *count = g_ptr_array_index (sources, i);
          g_autofree char *key = g_strdup_printf ("source:%s", count->key);

          gtk_list_box_append (self->sidebar, sidebar_row (self, key, count->label, NULL, TRUE));
        }
    }

  g_free (self->sidebar_signature);
  self->sidebar_signature = peil_window_sidebar_signature (self, queries);
  peil_window_update_count_labels (self);
  peil_window_mark_sidebar (self);
  peil_window_update_overview (self);
}

void
peil_window_class_init_filter (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.show-off-topic", NULL, show_off_topic_action);
}

void
peil_window_init_filter (PeilWindow *self)
{
  self->chips = g_ptr_array_new_with_free_func (g_free);
}

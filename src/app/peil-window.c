/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-application.h"
#include "peil-new-incident-dialog.h"
#include "peil-post-row.h"
#include "peil-window-private.h"

G_DEFINE_FINAL_TYPE (PeilWindow, peil_window, ADW_TYPE_APPLICATION_WINDOW)

#define PEIL_MIME_TYPE "application/x-peil-incident"

static void on_changed_elsewhere (PeilIncident *incident,
                                  PeilWindow   *self);
static void stop_counting        (PeilWindow   *self);

static void
peil_window_dispose (GObject *object)
{
  PeilWindow *self = (PeilWindow *)object;

  peil_window_cancel_import (self);
  peil_window_stop_gathering (self);
  g_clear_weak_pointer (&self->live_switch);
  g_clear_handle_id (&self->import_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEIL_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->posts);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_func (self->incident, on_changed_elsewhere, self);
  g_clear_object (&self->incident);
  g_clear_object (&self->import_job);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->gather_job);
  g_clear_object (&self->gather_cancellable);
  g_clear_pointer (&self->gather_queue, g_array_unref);
  g_clear_pointer (&self->import_queue, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->last_counts, peil_counts_free);
  g_clear_pointer (&self->sidebar_signature, g_free);
  stop_counting (self);
  g_clear_pointer (&self->count_labels, g_hash_table_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->sidebar_key, g_free);

  G_OBJECT_CLASS (peil_window_parent_class)->dispose (object);
}

void
peil_window_toast (PeilWindow *self,
                   const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
peil_window_show_error (PeilWindow   *self,
                        const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);   /* stays until read */
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

PeilIncident *
peil_window_get_incident (PeilWindow *self)
{
  g_return_val_if_fail (PEIL_IS_WINDOW (self), NULL);
  return self->incident;
}

static guint
first_selected (PeilWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->selection == NULL)
    return GTK_INVALID_LIST_POSITION;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return gtk_bitset_is_empty (selected) ? GTK_INVALID_LIST_POSITION : gtk_bitset_get_minimum (selected);
}

/**
 * peil_window_get_selected_post:
 *
 * Returns: (transfer full) (nullable): the post the detail pane shows:
 *   the first of the selected ones
 */
PeilPost *
peil_window_get_selected_post (PeilWindow *self)
{
  guint position = first_selected (self);

  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->posts), position);
}

/**
 * peil_window_get_selected_posts:
 *
 * Returns: (transfer container) (element-type PeilPost): every selected
 *   post, in list order
 */
GPtrArray *
peil_window_get_selected_posts (PeilWindow *self)
{
  GPtrArray *posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return posts;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (posts, g_list_model_get_item (G_LIST_MODEL (self->posts), position));
  return posts;
}

void
peil_window_select_position (PeilWindow *self,
                             guint       position)
{
  if (self->selection == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->post_list_view), "list.scroll-to-item", "u", position);
}

void
peil_window_select_relative (PeilWindow *self,
                             int         delta)
{
  guint n, position;

  if (self->selection == NULL || (n = g_list_model_get_n_items (G_LIST_MODEL (self->selection))) == 0)
    return;

  position = first_selected (self);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  else if (delta < 0)
    position = position > 0 ? position - 1 : 0;
  else
    position = MIN (position + 1, n - 1);

  peil_window_select_position (self, position);
}

/* Sidebar ---------------------------------------------------------------- */

static GtkWidget *
sidebar_row (PeilWindow *self,
             const char *key,
             const char *label,
             const char *tooltip,
             gboolean    indented)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (label);
  GtkWidget *count = gtk_label_new ("0");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  if (indented)
    gtk_widget_set_margin_start (box, 12);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, tooltip);

  g_object_set_data_full (G_OBJECT (row), "filter-key", g_strdup (key), g_free);
  g_hash_table_insert (self->count_labels, g_strdup (key), count);
  return row;
}

static GtkWidget *
sidebar_query_row (PeilWindow *self,
                   PeilQuery  *query)
{
  g_autofree char *key = g_strdup_printf ("query:%lld", (long long)peil_query_get_id (query));
  g_autofree char *coverage = peil_window_query_coverage (query);
  const char *text = peil_query_get_text (query);
  const char *where = g_hash_table_lookup (peil_query_get_options (query), "url");
  g_autofree char *title = g_strdup_printf ("%s: %s", peil_query_get_source (query),
                                            text && *text ? text : (where ? where : ""));
  GtkWidget *row = sidebar_row (self, key, title, coverage, TRUE);
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *line = gtk_label_new (coverage);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_widget_get_first_child (box);

  /* The coverage line under the query's name: what was not gathered. */
  g_object_ref (name);
  gtk_box_remove (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (column), name);
  g_object_unref (name);
  /* Addresses do not break at spaces; the sidebar must not grow with them. */
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_label_set_wrap (GTK_LABEL (line), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (line), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (line), 3);
  gtk_label_set_ellipsize (GTK_LABEL (line), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (line), 30);
  gtk_widget_add_css_class (line, "caption");
  gtk_widget_add_css_class (line, peil_query_get_last_error (query) ? "error" : "dim-label");
  gtk_box_append (GTK_BOX (column), line);
  gtk_widget_set_hexpand (column, TRUE);
  gtk_box_prepend (GTK_BOX (box), column);
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
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (box, 12);
  gtk_box_append (GTK_BOX (box), label);
  if (suffix != NULL)
    gtk_box_append (GTK_BOX (box), suffix);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
update_count_labels (PeilWindow *self)
{
  GHashTableIter iter;
  gpointer key, label;

  g_hash_table_iter_init (&iter, self->count_labels);
  while (g_hash_table_iter_next (&iter, &key, &label))
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               GPOINTER_TO_SIZE (g_hash_table_lookup (self->counts, key)));
      gtk_label_set_text (label, text);
    }
}

static void
set_count (PeilWindow *self,
           const char *key,
           gint64      count)
{
  g_hash_table_insert (self->counts, g_strdup (key), GSIZE_TO_POINTER ((gsize)count));
}

static void
set_counts (PeilWindow *self,
            const char *prefix,
            GPtrArray  *counts)
{
  for (guint i = 0; i < counts->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts, i);
      g_autofree char *key = g_strdup_printf ("%s:%s", prefix, count->key);
      set_count (self, key, count->count);
    }
}

/* The sidebar's counts, and the figures of the overview. */
static void
take_counts (PeilWindow *self,
             PeilCounts *counts)
{
  g_clear_pointer (&self->last_counts, peil_counts_free);
  g_clear_pointer (&self->sidebar_signature, g_free);
  stop_counting (self);
  self->last_counts = counts;

  g_hash_table_remove_all (self->counts);
  set_count (self, "all", counts->total);
  set_counts (self, "tag", counts->tags);
  set_counts (self, "untagged", counts->untagged);
  set_counts (self, "source", counts->sources);
  set_counts (self, "query", counts->queries);
}

/* What decides which rows the sidebar has, and what their lines say
 * besides the counts. */
static char *
sidebar_signature (PeilWindow *self,
                   GPtrArray  *queries)
{
  GString *signature = g_string_new (NULL);

  for (guint i = 0; self->last_counts && i < self->last_counts->sources->len; i++)
    g_string_append_printf (signature, "%s\n", ((PeilCount *)g_ptr_array_index (self->last_counts->sources, i))->key);
  for (guint i = 0; queries && i < queries->len; i++)
    {
      PeilQuery *query = g_ptr_array_index (queries, i);
      g_autofree char *coverage = peil_window_query_coverage (query);

      g_string_append_printf (signature, "%lld %d %s\n", (long long)peil_query_get_id (query),
                              peil_query_get_enabled (query), coverage);
    }
  return g_string_free (signature, FALSE);
}

static void
build_sidebar (PeilWindow *self)
{
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);
  GPtrArray *sources = self->last_counts ? self->last_counts->sources : NULL;
  g_autoptr(GPtrArray) queries = peil_incident_list_queries (self->incident, NULL);
  GtkWidget *child, *all;
  GtkListBoxRow *current;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);
  g_hash_table_remove_all (self->count_labels);

  all = sidebar_row (self, "all", _("All Posts"), NULL, FALSE);
  gtk_list_box_append (self->sidebar, all);

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
  self->sidebar_signature = sidebar_signature (self, queries);
  update_count_labels (self);
  peil_window_update_overview (self);

  /* Selecting the row of the filter shown runs no search (see
   * on_sidebar_row_selected()). */
  current = GTK_LIST_BOX_ROW (all);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); child; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "filter-key"), self->sidebar_key) == 0)
      current = GTK_LIST_BOX_ROW (child);
  gtk_list_box_select_row (self->sidebar, current);
}

static void count_anew (PeilWindow *self);

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilCounts) counts = peil_incident_count_finish (PEIL_INCIDENT (object), result, &error);
  g_autoptr(GPtrArray) queries = NULL;
  g_autofree char *signature = NULL;

  /* Cancelled when another incident was opened or the window closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->count_cancellable);
  if (counts == NULL)
    {
      peil_window_show_error (self, error);
      return;
    }
  take_counts (self, g_steal_pointer (&counts));

  /* Rows come and go only when sources or queries do; otherwise the
   * sidebar keeps its rows, and its focus, and only the numbers change. */
  queries = peil_incident_list_queries (self->incident, NULL);
  signature = sidebar_signature (self, queries);
  if (g_strcmp0 (signature, self->sidebar_signature) != 0)
    build_sidebar (self);
  else
    {
      update_count_labels (self);
      peil_window_update_overview (self);
    }

  if (self->count_again)
    count_anew (self);
}

/* One count at a time: changes that arrive meanwhile (an import commits
 * a batch every second or so) are counted once it is done. */
static void
count_anew (PeilWindow *self)
{
  if (self->count_cancellable != NULL)
    {
      self->count_again = TRUE;
      return;
    }
  self->count_again = FALSE;
  self->count_cancellable = g_cancellable_new ();
  peil_incident_count_async (self->incident, NULL, self->count_cancellable, on_counted, g_object_ref (self));
}

static void
stop_counting (PeilWindow *self)
{
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_again = FALSE;
}

/* Another process (peil-cli gather --follow, a colleague's window) or a
 * worker of this one changed the file: counts, overview and the posts on
 * screen follow, and the list is not searched again. */
static void
on_changed_elsewhere (PeilIncident *incident,
                      PeilWindow   *self)
{
  PeilPost *shown = peil_post_view_get_post (self->post_view);

  count_anew (self);
  if (self->posts != NULL)
    peil_post_list_reload_cached (self->posts);
  if (shown != NULL)
    {
      g_autoptr(PeilPost) kept = g_object_ref (shown);
      g_autoptr(PeilPost) fresh = peil_incident_get_post (incident, peil_post_get_id (kept), NULL);
      g_autoptr(GPtrArray) notes = peil_incident_list_notes (incident, peil_post_get_id (kept), NULL);

      if (fresh != NULL)
        peil_post_take_tags_from (kept, fresh);
      peil_post_view_set_post (self->post_view, kept);
      peil_post_view_set_notes (self->post_view, notes);
    }
}

/**
 * peil_window_reload_counts:
 *
 * Counts everything anew, after an import; tagging adjusts the counts
 * incrementally instead (peil-window-tagging.c).
 */
void
peil_window_reload_counts (PeilWindow *self)
{
  g_autoptr(PeilCounts) counts = peil_incident_count (self->incident, NULL, NULL);

  if (counts != NULL)
    take_counts (self, g_steal_pointer (&counts));
  build_sidebar (self);
  /* Posts an import or a gathering added on their own connections count in the report too. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "report") == 0)
    peil_report_page_refresh (self->report_page);
}

/* The list ------------------------------------------------------------------ */

static void on_selection_changed (GtkSelectionModel *selection,
                                  guint              position,
                                  guint              n_items,
                                  PeilWindow        *self);

static void
set_posts (PeilWindow   *self,
           PeilPostList *posts)
{
  g_set_object (&self->posts, posts);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, on_selection_changed, self);
  g_clear_object (&self->selection);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (posts)));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->post_list_view, GTK_SELECTION_MODEL (self->selection));
  peil_post_view_set_post (self->post_view, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->selection_label), FALSE);
}

/**
 * peil_window_apply_filter:
 *
 * Shows the posts of the sidebar's choice that match the search. A search
 * that cannot be understood says why under the search entry and leaves
 * the list as it was.
 */
void
peil_window_apply_filter (PeilWindow *self)
{
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GError) error = NULL;
  const char *key = self->sidebar_key ? self->sidebar_key : "all";
  g_autoptr(PeilPost) selected = NULL;
  g_autoptr(PeilPostList) posts = NULL;
  gint64 selected_id;
  guint position;

  if (self->incident == NULL)
    return;
  selected = peil_window_get_selected_post (self);
  selected_id = selected ? peil_post_get_id (selected) : 0;

  peil_filter_set_text (filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
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

  /* A new filter gets a new model: one "everything changed" on a long
   * list makes GTK fetch every post to match old rows to new ones. */
  posts = peil_post_list_new (self->incident);
  if (!peil_post_list_set_filter (posts, filter, &error))
    {
      gtk_label_set_text (self->search_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->search_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->search_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  set_posts (self, posts);

  /* The post being read stays selected if it is still in the list. */
  if (selected_id != 0 && (position = peil_post_list_find (self->posts, selected_id)) != G_MAXUINT)
    peil_window_select_position (self, position);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->posts)) ? "list" : "empty");
}

static void
on_sidebar_row_selected (GtkListBox    *box,
                         GtkListBoxRow *row,
                         PeilWindow    *self)
{
  const char *key;

  if (row == NULL || !(key = g_object_get_data (G_OBJECT (row), "filter-key")))
    return;
  if (g_strcmp0 (self->sidebar_key, key) == 0)
    return;

  g_free (self->sidebar_key);
  self->sidebar_key = g_strdup (key);
  peil_window_apply_filter (self);
}

static void
on_search_changed (GtkSearchEntry *entry,
                   PeilWindow     *self)
{
  peil_window_apply_filter (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           PeilWindow               *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *row = peil_post_row_new ();

  if (app != NULL)
    g_settings_bind (peil_application_get_settings (PEIL_APPLICATION (app)), "pseudonymize-authors",
                     row, "pseudonymize", G_SETTINGS_BIND_GET);
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          PeilWindow               *self)
{
  peil_post_row_set_post (PEIL_POST_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item),
                          peil_incident_get_taxonomy (self->incident));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            PeilWindow               *self)
{
  peil_post_row_set_post (PEIL_POST_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

static void
on_selection_changed (GtkSelectionModel *selection,
                      guint              position,
                      guint              n_items,
                      PeilWindow        *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  g_autoptr(PeilPost) first = peil_window_get_selected_post (self);
  guint64 count = gtk_bitset_get_size (selected);

  peil_post_view_set_post (self->post_view, first);
  if (first != NULL)
    {
      g_autoptr(GPtrArray) notes = peil_incident_list_notes (self->incident, peil_post_get_id (first), NULL);
      peil_post_view_set_notes (self->post_view, notes);
    }

  /* Tag keys then apply to all of them: say so. */
  if (count > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%llu post selected: tags apply to all",
                                                            "%llu posts selected: tags apply to all",
                                                            count),
                                               (unsigned long long)count);
      gtk_label_set_text (self->selection_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->selection_label), count > 1);
}

/* Opening ------------------------------------------------------------------- */

static void
add_to_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .mime_type = (char *)PEIL_MIME_TYPE,
    .app_name = (char *)"Peil",
    .app_exec = (char *)"peil %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/**
 * peil_window_open_file:
 *
 * Shows @file's incident in this window; a file that cannot be opened
 * is explained in a toast and the window stays as it was.
 */
gboolean
peil_window_open_file (PeilWindow *self,
                       GFile      *file)
{
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *analyst = NULL;
  GtkApplication *app;

  g_return_val_if_fail (PEIL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(incident = peil_incident_open (file, &error)))
    {
      peil_window_show_error (self, error);
      return FALSE;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL && (analyst = peil_application_dup_analyst (PEIL_APPLICATION (app))))
    peil_incident_set_analyst (incident, analyst);

  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_func (self->incident, on_changed_elsewhere, self);
  stop_counting (self);
  g_set_object (&self->incident, incident);
  g_signal_connect (incident, "changed-elsewhere", G_CALLBACK (on_changed_elsewhere), self);
  peil_incident_watch_changes (incident, TRUE);
  g_clear_object (&self->posts);
  g_clear_object (&self->selection);
  g_ptr_array_set_size (self->undo, 0);
  g_free (self->sidebar_key);
  self->sidebar_key = g_strdup ("all");   /* so that building the sidebar runs no search */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");


  peil_post_view_set_taxonomy (self->post_view, peil_incident_get_taxonomy (incident));
  peil_window_update_tag_keys (self);
  peil_post_view_set_post (self->post_view, NULL);
  peil_window_reload_counts (self);
  peil_window_apply_filter (self);
  peil_report_page_set_incident (self->report_page, incident,
                                 app ? peil_application_get_plugins (PEIL_APPLICATION (app)) : NULL);

  title = peil_incident_get_metadata (incident, PEIL_META_TITLE);
  name = g_file_get_basename (file);
  adw_view_switcher_title_set_title (self->title, title ? title : name);
  adw_view_switcher_title_set_subtitle (self->title, peil_incident_get_read_only (incident)
                                                     ? _("Read-only") : name);
  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
  gtk_window_set_title (GTK_WINDOW (self), title ? title : name);
  gtk_stack_set_visible_child_name (self->stack, "incident");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", !peil_incident_get_read_only (incident));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-manual", !peil_incident_get_read_only (incident));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-query", !peil_incident_get_read_only (incident));

  if (peil_incident_get_read_only (incident))
    peil_window_toast (self, _("This incident file is read-only: you can read it, not change it"));

  add_to_recent (file);
  return TRUE;
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  PeilWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      peil_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static GtkFileFilter *
incident_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Incident files"));
  gtk_file_filter_add_mime_type (filter, PEIL_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "peil");
  return filter;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Open Incident"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Open"), _("_Cancel"));

  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), incident_filter ());
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_incident_created (PeilNewIncidentDialog *dialog,
                     GFile                 *file,
                     PeilWindow            *self)
{
  peil_window_open_file (self, file);
}

static void
new_incident_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *dialog = peil_new_incident_dialog_new (GTK_WINDOW (self));

  g_signal_connect (dialog, "created", G_CALLBACK (on_incident_created), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PEIL_WINDOW (widget)->search_entry));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  peil_window_undo (PEIL_WINDOW (widget));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  peil_window_choose_import (PEIL_WINDOW (widget));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  peil_window_cancel_import (PEIL_WINDOW (widget));
}

static void
on_recent_activated (GtkListBox    *box,
                     GtkListBoxRow *row,
                     PeilWindow    *self)
{
  GFile *file = g_object_get_data (G_OBJECT (row), "file");

  if (file != NULL)
    peil_window_open_file (self, file);
}

static void
fill_recent (PeilWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint shown = 0;

  for (GList *l = items; l != NULL && shown < 8; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autofree char *path = g_file_get_path (file);
      GtkWidget *row;

      if (path == NULL || !g_str_has_suffix (path, ".peil") || !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), path);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "file", g_object_ref (file), g_object_unref);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify)gtk_recent_info_unref);

  gtk_widget_set_visible (self->recent_group, shown > 0);
}

static void
on_add_note (PeilPostView *view,
             const char   *text,
             PeilWindow   *self)
{
  PeilPost *post = peil_post_view_get_post (view);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  if (post == NULL || self->incident == NULL)
    return;
  if (peil_incident_add_note (self->incident, peil_post_get_id (post), text, &error) == 0)
    {
      peil_window_show_error (self, error);
      return;
    }
  notes = peil_incident_list_notes (self->incident, peil_post_get_id (post), NULL);
  peil_post_view_set_notes (view, notes);
  peil_post_view_clear_note_entry (view);
}

/* The report's figures follow the tagging while the round is a draft. */
static void
on_page_changed (PeilWindow *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "report") == 0)
    peil_report_page_refresh (self->report_page);
}

static void
peil_window_class_init (PeilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peil_window_dispose;

  g_type_ensure (PEIL_TYPE_POST_VIEW);
  g_type_ensure (PEIL_TYPE_REPORT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, title);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, overview_box);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, search_error);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, post_list_view);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, post_view);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, report_page);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, export_section);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, import_progress);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_activated);

  gtk_widget_class_install_action (widget_class, "win.new-incident", NULL, new_incident_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  peil_window_class_init_tagging (widget_class);
  peil_window_class_init_import (widget_class);
  peil_window_class_init_gather (widget_class);
}

static void
peil_window_init (PeilWindow *self)
{
  GtkListItemFactory *factory;

  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->count_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->import_queue = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->post_list_view, factory);
  g_object_unref (factory);

  g_signal_connect (self->post_view, "add-note", G_CALLBACK (on_add_note), self);
  peil_report_page_set_selected_posts_func (self->report_page, (PeilSelectedPostsFunc)peil_window_get_selected_posts,
                                            self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name", G_CALLBACK (on_page_changed), self);
  peil_window_init_tagging (self);
  peil_window_init_overview (self);
  peil_window_init_gather (self);
  peil_window_init_import (self);
  fill_recent (self);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
}

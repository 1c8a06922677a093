/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-application.h"
#include "peil-new-incident-dialog.h"
#include "peil-post-row.h"
#include "peil-privacy-dialog.h"
#include "peil-window-private.h"

G_DEFINE_FINAL_TYPE (PeilWindow, peil_window, ADW_TYPE_APPLICATION_WINDOW)

#define PEIL_MIME_TYPE "application/x-peil-incident"

static void on_changed_elsewhere (PeilIncident *incident,
                                  PeilWindow   *self);
static void on_file_lost         (PeilIncident *incident,
                                  PeilWindow   *self);
static void stop_counting        (PeilWindow   *self);

static void
peil_window_dispose (GObject *object)
{
  PeilWindow *self = (PeilWindow *)object;

  peil_window_cancel_import (self);
  peil_window_stop_gathering (self);
  peil_window_close_attention (self);
  peil_window_stop_suggestions (self);
  peil_window_close_team (self);
  peil_window_close_communication (self);
  g_clear_pointer (&self->marked_messages, g_array_unref);
  g_clear_weak_pointer (&self->live_switch);
  g_clear_handle_id (&self->import_timeout, g_source_remove);
  g_clear_handle_id (&self->heading_idle, g_source_remove);
  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->post_list_view), self->focus_tick);
  if (self->layout_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->content_paned), self->layout_tick);
  self->focus_tick = self->layout_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), PEIL_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->posts);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  g_clear_object (&self->incident);
  g_clear_object (&self->pseudonymizer);
  g_clear_object (&self->import_job);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->gather_job);
  g_clear_object (&self->gather_cancellable);
  g_clear_pointer (&self->gather_queue, g_array_unref);
  g_clear_pointer (&self->gathered_elsewhere, g_hash_table_unref);
  g_clear_pointer (&self->import_queue, g_ptr_array_unref);
  g_clear_pointer (&self->pending_import, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->last_counts, peil_counts_free);
  g_clear_pointer (&self->sidebar_signature, g_free);
  g_clear_weak_pointer (&self->new_posts_toast);
  stop_counting (self);
  g_clear_pointer (&self->count_labels, g_hash_table_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->chips, g_ptr_array_unref);
  g_clear_pointer (&self->noted, g_hash_table_unref);
  g_clear_pointer (&self->attention, g_hash_table_unref);

  G_OBJECT_CLASS (peil_window_parent_class)->dispose (object);
}

void
peil_window_toast (PeilWindow *self,
                   const char *message)
{
  peil_toast_overlay_show (self->toast_overlay, peil_toast_new (message));
}

void
peil_window_show_error (PeilWindow   *self,
                        const GError *error)
{
  AdwToast *toast = peil_toast_new (error->message);

  adw_toast_set_timeout (toast, PEIL_ERROR_TOAST_SECONDS);
  peil_toast_overlay_show (self->toast_overlay, toast);
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
  /* Through the list, as a click selects: the list then extends a
   * Shift+arrow selection from here, not from the post clicked last. */
  gtk_widget_activate_action (GTK_WIDGET (self->post_list_view), "list.select-item", "(ubb)", position, FALSE, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self->post_list_view), "list.scroll-to-item", "u", position);
}

/* The list's row widget that shows @post_id, when it is drawn. */
static GtkWidget *
drawn_row (PeilWindow *self,
           gint64      post_id)
{
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->post_list_view)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      PeilPost *post = PEIL_IS_POST_ROW (row) ? peil_post_row_get_post (PEIL_POST_ROW (row)) : NULL;

      if (post != NULL && peil_post_get_id (post) == post_id && gtk_widget_get_mapped (item))
        return item;
    }
  return NULL;
}

static gboolean
focus_selected_row (GtkWidget     *list,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  PeilWindow *self = user_data;
  g_autoptr(PeilPost) post = peil_window_get_selected_post (self);
  GtkWidget *row = post ? drawn_row (self, peil_post_get_id (post)) : NULL;

  /* A row scrolled to is drawn a frame or two later. */
  if (row == NULL && post != NULL && ++self->focus_tries < 10)
    return G_SOURCE_CONTINUE;
  if (row != NULL)
    gtk_widget_grab_focus (row);
  else if (post == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->post_list_view));
  self->focus_tick = 0;
  return G_SOURCE_REMOVE;
}

/**
 * peil_window_focus_list:
 *
 * Puts the keyboard focus on the selected post's row: one current row,
 * not a focus ring left on the row that was current before.
 */
void
peil_window_focus_list (PeilWindow *self)
{
  self->focus_tries = 0;
  if (self->focus_tick == 0)
    self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->post_list_view), focus_selected_row, self, NULL);
}

void
peil_window_select_relative (PeilWindow *self,
                             int         delta)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
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
  /* The focus follows the selection when it was in the list. */
  if (focus == NULL || focus == GTK_WIDGET (self) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->post_list_view)))
    peil_window_focus_list (self);
}

/* Counting ---------------------------------------------------------------- */

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
  stop_counting (self);
  self->last_counts = counts;

  g_hash_table_remove_all (self->counts);
  set_count (self, "all", counts->total);
  set_count (self, "untimed", counts->untimed);
  set_count (self, "off-topic", counts->off_topic);
  set_counts (self, "tag", counts->tags);
  set_counts (self, "untagged", counts->untagged);
  set_counts (self, "source", counts->sources);
  set_counts (self, "query", counts->queries);
}

static void count_anew (PeilWindow *self);

/* Posts another process added (peil-cli gather --follow, an import) are
 * not put into the list under the analyst's hands: a toast says how many
 * arrived, as an in-window gathering does, and offers to show them. This
 * window's own imports and gatherings reload the list when they end. */
static void
on_new_posts_dismissed (PeilWindow *self)
{
  /* Dismissed by its button or its close button: not to be dismissed again. */
  g_clear_weak_pointer (&self->new_posts_toast);
}

static void
notice_new_posts (PeilWindow *self)
{
  gint64 total = self->last_counts->total;
  g_autofree char *message = NULL;

  if (self->listed_total < 0)
    {
      self->listed_total = total;
      return;
    }
  if (total <= self->listed_total || self->import_job != NULL || self->gather_job != NULL)
    return;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu new post", "%llu new posts", total - self->listed_total),
                             (unsigned long long)(total - self->listed_total));
  if (self->new_posts_toast != NULL)
    {
      adw_toast_set_title (self->new_posts_toast, message);
      return;
    }
  self->new_posts_toast = peil_toast_new (message);
  g_object_add_weak_pointer (G_OBJECT (self->new_posts_toast), (gpointer *)&self->new_posts_toast);
  adw_toast_set_button_label (self->new_posts_toast, _("_Show"));
  adw_toast_set_action_name (self->new_posts_toast, "win.show-new-posts");
  adw_toast_set_timeout (self->new_posts_toast, 0);
  g_signal_connect_object (self->new_posts_toast, "dismissed", G_CALLBACK (on_new_posts_dismissed), self, G_CONNECT_SWAPPED);
  peil_toast_overlay_show (self->toast_overlay, self->new_posts_toast);
}

static void
show_new_posts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  peil_window_apply_filter (PEIL_WINDOW (widget));
}

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
  notice_new_posts (self);

  /* Rows come and go only when sources or queries do; otherwise the
   * sidebar keeps its rows, and its focus, and only the numbers change. */
  queries = peil_incident_list_queries (self->incident, NULL);
  signature = peil_window_sidebar_signature (self, queries);
  if (g_strcmp0 (signature, self->sidebar_signature) != 0)
    peil_window_build_sidebar (self);
  else
    {
      peil_window_update_count_labels (self);
      peil_window_update_overview (self);
    }

  /* What needs attention changes with what was counted. */
  peil_window_count_attention (self);
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

/**
 * peil_window_count_anew:
 *
 * Counts everything anew on a worker, after a change that moves a post in
 * or out of all counts at once (an off-topic mark).
 */
void
peil_window_count_anew (PeilWindow *self)
{
  count_anew (self);
}

static void
stop_counting (PeilWindow *self)
{
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_again = FALSE;
}

static void reload_noted (PeilWindow *self);

/* The rows on screen follow notes written elsewhere. */
static void
mark_noted_rows (PeilWindow *self)
{
  reload_noted (self);
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->post_list_view)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      PeilPost *post = PEIL_IS_POST_ROW (row) ? peil_post_row_get_post (PEIL_POST_ROW (row)) : NULL;
      gint64 id = post ? peil_post_get_id (post) : 0;

      if (post != NULL)
        peil_post_row_set_has_note (PEIL_POST_ROW (row), g_hash_table_contains (self->noted, &id));
    }
}

/* The file was moved, replaced or deleted under its name: say so until
 * the analyst has read it, for what is typed now may not last. */
static void
on_file_lost (PeilIncident *incident,
              PeilWindow   *self)
{
  g_autofree char *name = g_file_get_basename (peil_incident_get_file (incident));
  g_autofree char *message = g_strdup_printf (_("“%s” was moved or deleted while open: changes made now may be lost. "
                                                "Put the file back, or export the posts, before closing"), name);
  AdwToast *toast = peil_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  peil_toast_overlay_show (self->toast_overlay, toast);
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
  /* New posts may need attention before those listed. */
  if (peil_window_showing_attention (self))
    peil_window_rank_attention (self);
  mark_noted_rows (self);
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
  peil_window_build_sidebar (self);
  /* Posts an import or a gathering added on their own connections count in the report too. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "report") == 0)
    peil_report_page_refresh (self->report_page);
}

/* The list ------------------------------------------------------------------ */

static void on_selection_changed (GtkSelectionModel *selection,
                                  guint              position,
                                  guint              n_items,
                                  PeilWindow        *self);

void
peil_window_set_posts (PeilWindow   *self,
                       PeilPostList *posts)
{
  g_set_object (&self->posts, posts);
  /* The list now holds what the file held when last counted. */
  self->listed_total = self->last_counts ? self->last_counts->total : -1;
  if (self->new_posts_toast != NULL)
    adw_toast_dismiss (self->new_posts_toast);   /* the list shows them now */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, on_selection_changed, self);
  g_clear_object (&self->selection);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (posts)));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->post_list_view, GTK_SELECTION_MODEL (self->selection));
  peil_post_view_set_post (self->post_view, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->selection_label), FALSE);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           PeilWindow               *self)
{
  GtkWidget *row = peil_post_row_new ();

  g_object_bind_property (self, "pseudonymizer", row, "pseudonymizer", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          PeilWindow               *self)
{
  PeilPost *post = gtk_list_item_get_item (item);
  gint64 id = peil_post_get_id (post), story_id = 0;
  g_autofree char *reasons = peil_window_attention_of (self, id, &story_id);

  peil_post_row_set_post (PEIL_POST_ROW (gtk_list_item_get_child (item)), post,
                          peil_incident_get_taxonomy (self->incident));
  peil_post_row_set_has_note (PEIL_POST_ROW (gtk_list_item_get_child (item)), g_hash_table_contains (self->noted, &id));
  peil_post_row_set_reasons (PEIL_POST_ROW (gtk_list_item_get_child (item)), reasons, story_id);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            PeilWindow               *self)
{
  peil_post_row_set_post (PEIL_POST_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

/* The most posts whose shared tags the detail pane reads: a select-all
 * over a large incident would otherwise load every post. */
#define MAX_READ_SELECTION 1000

static void
show_selection (PeilWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  guint64 count;

  if (self->selection == NULL)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  count = gtk_bitset_get_size (selected);
  if (count <= MAX_READ_SELECTION)
    posts = peil_window_get_selected_posts (self);
  else
    {
      posts = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (posts, peil_window_get_selected_post (self));
    }

  peil_post_view_set_selection (self->post_view, posts, count);
  if (count == 1)
    {
      g_autoptr(GPtrArray) notes = peil_incident_list_notes (self->incident,
                                                             peil_post_get_id (g_ptr_array_index (posts, 0)), NULL);
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

static void
on_selection_changed (GtkSelectionModel *selection,
                      guint              position,
                      guint              n_items,
                      PeilWindow        *self)
{
  show_selection (self);
}

/**
 * peil_window_show_selection:
 *
 * Shows the selected posts' tags anew in the detail pane, after tagging.
 */
void
peil_window_show_selection (PeilWindow *self)
{
  show_selection (self);
}

/* Opening ------------------------------------------------------------------- */

/* The recent list names an incident by its title, kept with the entry:
 * listing the recent incidents opens none of them. */
static void
add_to_recent (GFile      *file,
               const char *title)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = (char *)title,
    .mime_type = (char *)PEIL_MIME_TYPE,
    .app_name = (char *)"Peil",
    .app_exec = (char *)"peil %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/* Which incident is open, in the header bar and the window's title: its
 * title, when it started, and the badge of an exercise (once: the
 * subtitle does not say it again). */
static void
show_heading (PeilWindow *self)
{
  g_autofree char *title = peil_incident_get_metadata (self->incident, PEIL_META_TITLE);
  g_autofree char *start_text = peil_incident_get_metadata (self->incident, PEIL_META_START);
  g_autofree char *exercise = peil_incident_get_metadata (self->incident, PEIL_META_EXERCISE);
  g_autofree char *name = g_file_get_basename (peil_incident_get_file (self->incident));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gint64 start;

  if (title == NULL || *title == '\0')
    {
      g_free (title);
      title = g_strdup (name);
    }
  if (start_text != NULL && peil_time_parse (start_text, NULL, &start))
    {
      /* TRANSLATORS: when the incident started; see strftime */
      g_autofree char *when = peil_format_time (start, C_("incident start", "%-d %B %Y, %H:%M"));
      /* TRANSLATORS: %s is when the incident started, "25 November 2026, 14:00" */
      g_autofree char *since = g_strdup_printf (_("since %s"), when);

      g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", since);
    }
  if (peil_incident_get_read_only (self->incident))
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", _("Read-only"));

  gtk_widget_set_visible (self->exercise_badge, g_strcmp0 (exercise, "true") == 0);
  gtk_label_set_text (self->incident_title, title);
  gtk_label_set_text (self->incident_subtitle, subtitle->str);
  gtk_widget_set_visible (GTK_WIDGET (self->incident_subtitle), subtitle->len > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->incident_title), title);
  adw_view_switcher_title_set_title (self->title, title);
  adw_view_switcher_title_set_subtitle (self->title, subtitle->str);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* What needs an open incident, or one that can be changed, is off
 * without. Importing stays on: without an incident it offers to start one. */
static void
update_actions (PeilWindow *self)
{
  static const char *reading[] = {
    "win.privacy-record", "win.toggle-sidebar", "win.cycle-focus", "win.clear-filters", "win.next-post",
    "win.previous-post", "win.focus-search",
  };
  /* Exports are logged: a read-only incident cannot (docs/privacy.md). */
  static const char *changing[] = {
    "win.export", "win.add-manual", "win.add-message", "win.add-query", "win.gather-now", "win.gather-live", "win.undo", "win.toggle-tag",
    "win.toggle-off-topic",
    "win.use-import-times", "win.edit-query", "win.switch-query", "win.remove-query", "win.purge",
    "win.extend-retention",
  };
  gboolean open = self->incident != NULL;
  gboolean writable = open && !peil_incident_get_read_only (self->incident);

  for (guint i = 0; i < G_N_ELEMENTS (reading); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), reading[i], open);
  for (guint i = 0; i < G_N_ELEMENTS (changing); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), changing[i], writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", !open || writable);
}

/* Which posts carry a note, for the marker in the list. */
static void
reload_noted (PeilWindow *self)
{
  g_autoptr(GArray) ids = peil_incident_list_noted_posts (self->incident, NULL);

  g_hash_table_remove_all (self->noted);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_hash_table_add (self->noted, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
}

static gboolean
check_incident_name (PeilWindow *self,
                                 GFile      *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (name == NULL || g_str_has_suffix (name, ".peil"))
    return TRUE;
  message = g_strdup_printf (_("“%s” can only be opened here when its name ends in .peil. "
                               "Rename it (and its -wal and -shm files) while no program uses it"), name);
  peil_window_toast (self, message);
  return FALSE;
}

/* A name set in the preferences counts from the next tag on, not only
 * from the next file opened. */
static void
on_analyst_changed (PeilWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *analyst = NULL;

  if (self->incident != NULL && app != NULL && (analyst = peil_application_dup_analyst (PEIL_APPLICATION (app))))
    peil_incident_set_analyst (self->incident, analyst);
}

/* The tag buttons show this analyst's tags as on. */
static void
on_incident_analyst (PeilWindow *self)
{
  peil_post_view_set_analyst (self->post_view, peil_incident_get_analyst (self->incident));
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
  g_autofree char *analyst = NULL;
  GtkApplication *app;

  g_return_val_if_fail (PEIL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* GTK's file chooser and the recent files would open a file of another
   * name to guess its type, dropping SQLite's locks in this process; only
   * *.peil is named by Peil's MIME database. */
  if (!check_incident_name (self, file))
    return FALSE;
  if (!(incident = peil_incident_open (file, &error)))
    {
      peil_window_show_error (self, error);
      return FALSE;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL && (analyst = peil_application_dup_analyst (PEIL_APPLICATION (app))))
    peil_incident_set_analyst (incident, analyst);
  if (app != NULL && !self->watching_analyst)
    {
      g_signal_connect_object (peil_application_get_settings (PEIL_APPLICATION (app)), "changed::analyst-name",
                               G_CALLBACK (on_analyst_changed), self, G_CONNECT_SWAPPED);
      self->watching_analyst = TRUE;
    }

  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  stop_counting (self);
  peil_window_close_communication (self);
  g_set_object (&self->incident, incident);
  g_signal_connect (incident, "changed-elsewhere", G_CALLBACK (on_changed_elsewhere), self);
  g_signal_connect (incident, "file-lost", G_CALLBACK (on_file_lost), self);
  g_signal_connect_swapped (incident, "notify::analyst", G_CALLBACK (on_incident_analyst), self);
  peil_incident_watch_changes (incident, TRUE);
  /* An import's batch holds the file about a second; longer, and a key
   * is refused with a message rather than freezing the window. */
  peil_incident_set_busy_timeout (incident, 2500);
  g_clear_object (&self->posts);
  g_clear_object (&self->selection);
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->chips, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  peil_post_view_set_taxonomy (self->post_view, peil_incident_get_taxonomy (incident));
  peil_window_open_names (self);
  on_incident_analyst (self);
  peil_window_update_tag_keys (self);
  peil_post_view_set_post (self->post_view, NULL);
  peil_window_reload_counts (self);
  peil_window_apply_filter (self);
  peil_report_page_set_incident (self->report_page, incident,
                                 app ? peil_application_get_plugins (PEIL_APPLICATION (app)) : NULL);

  show_heading (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
  gtk_stack_set_visible_child_name (self->stack, "incident");
  update_actions (self);
  reload_noted (self);

  if (peil_incident_get_read_only (incident))
    peil_window_toast (self, _("This incident file is read-only: you can read it, not change it"));

  peil_window_open_team (self);
  peil_window_open_exercise (self);
  peil_window_open_stories (self);
  peil_window_open_attention (self);
  peil_window_open_suggestions (self);
  peil_window_open_retention (self);
  title = peil_incident_get_metadata (incident, PEIL_META_TITLE);
  add_to_recent (file, title);
  peil_window_import_pending (self);
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
  /* An import that waited for an incident went with it, or is dropped. */
  g_clear_pointer (&self->pending_import, g_ptr_array_unref);
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

/* An import waiting for an incident that was not started is dropped. */
static void
forget_pending_import (PeilWindow *self)
{
  g_clear_pointer (&self->pending_import, g_ptr_array_unref);
}

/* The record for the privacy officer, read when asked for. */
static void
privacy_record_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (self->incident == NULL)
    return;
  if (!(dialog = peil_privacy_dialog_new (GTK_WINDOW (self), self->incident, &error)))
    {
      peil_window_show_error (self, error);
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_incident_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *dialog = peil_new_incident_dialog_new (GTK_WINDOW (self));

  g_signal_connect (dialog, "created", G_CALLBACK (on_incident_created), self);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (forget_pending_import), self, G_CONNECT_SWAPPED);
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
  GtkWidget *row;

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
  g_hash_table_add (self->noted, g_memdup2 (&(gint64) { peil_post_get_id (post) }, sizeof (gint64)));
  if ((row = drawn_row (self, peil_post_get_id (post))) != NULL)
    peil_post_row_set_has_note (PEIL_POST_ROW (gtk_widget_get_first_child (row)), TRUE);
}

/* The report's figures follow the tagging while the round is a draft;
 * the sidebar's button belongs to the Posts page. */
static void
on_page_changed (PeilWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "report") == 0)
    peil_report_page_refresh (self->report_page);
  gtk_widget_set_visible (self->sidebar_button, g_strcmp0 (page, "posts") == 0);
}

/* Narrow windows fold the sidebar away (AdwFlap) and put the detail pane
 * under the list; wide ones show all three side by side. */
/* Once laid out the other way round, the list takes a bit less than half
 * of the room; the detail pane, with the tag buttons, the rest. */
static gboolean
share_content (GtkWidget     *paned,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  PeilWindow *self = user_data;
  gboolean vertical = gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == GTK_ORIENTATION_VERTICAL;
  int along = vertical ? gtk_widget_get_height (paned) : gtk_widget_get_width (paned);

  gtk_paned_set_position (GTK_PANED (paned), along * (vertical ? 50 : 42) / 100);
  self->layout_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
on_folded (PeilWindow *self)
{
  GtkOrientation orientation = adw_flap_get_folded (self->flap) ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->content_paned)) == orientation)
    return;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->content_paned), orientation);
  if (self->layout_tick == 0)
    self->layout_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->content_paned), share_content, self, NULL);
}

/* A narrow window names the incident in the middle of the header bar
 * and puts the page switcher at the bottom; a wide one has room for both
 * up top. */
#define NARROW_WIDTH 900

/* The incident's name stands beside the buttons while the page switcher
 * holds the middle; the switcher title names it otherwise. Shown after
 * the layout that changed it, which a change within would not resize. */
static gboolean
show_heading_later (gpointer user_data)
{
  PeilWindow *self = user_data;

  self->heading_idle = 0;
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->incident_title)),
                          !adw_view_switcher_title_get_title_visible (self->title));
  return G_SOURCE_REMOVE;
}

static void
on_title_visible (PeilWindow *self)
{
  if (self->heading_idle == 0)
    self->heading_idle = g_idle_add (show_heading_later, self);
}

static void
on_width_changed (PeilWindow *self,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  adw_view_switcher_title_set_view_switcher_enabled (self->title, width >= NARROW_WIDTH);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* F6 goes round the Posts page's parts, as in GNOME's own applications:
 * the sidebar, the list, the post. */
static void
cycle_focus_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->sidebar)))
    peil_window_focus_list (self);
  else if (focus != NULL && (focus == GTK_WIDGET (self->post_list_view) ||
                             gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_stack))))
    peil_post_view_grab_focus (self->post_view);
  else
    {
      GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));

      adw_flap_set_reveal_flap (self->flap, TRUE);
      /* The row of the filter in force, or All Posts. */
      for (GtkWidget *child = row; child != NULL; child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_has_css_class (child, "filter-on"))
          {
            row = child;
            break;
          }
      if (row != NULL)
        gtk_widget_grab_focus (row);
    }
}

enum {
  PROP_0,
  PROP_PSEUDONYMIZER,
};

static void
peil_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PSEUDONYMIZER:
      g_value_set_object (value, peil_window_get_names (PEIL_WINDOW (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peil_window_class_init (PeilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peil_window_dispose;
  object_class->get_property = peil_window_get_property;

  /**
   * PeilWindow:pseudonymizer:
   *
   * The pseudonyms the window shows for authors and whom texts name;
   * %NULL while it shows real names (peil-window-names.c).
   */
  g_object_class_install_property (object_class, PROP_PSEUDONYMIZER,
                                   g_param_spec_object ("pseudonymizer", NULL, NULL, PEIL_TYPE_PSEUDONYMIZER,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_type_ensure (PEIL_TYPE_POST_VIEW);
  g_type_ensure (PEIL_TYPE_TRAINER_BAR);
  g_type_ensure (PEIL_TYPE_REPORT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, fold_stories_button);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, title);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, overview_box);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, incident_title);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, incident_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, exercise_badge);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, trainer_revealer);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, trainer_bar);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, team_button);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, team_content);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, chip_box);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, match_label);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, search_error);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, post_list_view);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, post_view);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, report_page);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, export_section);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, retention_revealer);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, retention_label);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, PeilWindow, import_progress);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_activated);
  gtk_widget_class_bind_template_callback (widget_class, peil_window_on_trainer_changed);
  gtk_widget_class_bind_template_callback (widget_class, peil_window_on_trainer_failed);

  gtk_widget_class_install_action (widget_class, "win.new-incident", NULL, new_incident_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.show-new-posts", NULL, show_new_posts_action);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.cycle-focus", NULL, cycle_focus_action);
  gtk_widget_class_install_action (widget_class, "win.privacy-record", NULL, privacy_record_action);
  peil_window_class_init_filter (widget_class);
  peil_window_class_init_attention (widget_class);
  peil_window_class_init_tagging (widget_class);
  peil_window_class_init_names (widget_class);
  peil_window_class_init_suggest (widget_class);
  peil_window_class_init_team (widget_class);
  peil_window_class_init_import (widget_class);
  peil_window_class_init_communication (widget_class);
  peil_window_class_init_gather (widget_class);
  peil_window_class_init_retention (widget_class);
}

static void
peil_window_init (PeilWindow *self)
{
  GtkListItemFactory *factory;

  self->listed_total = -1;
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->count_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->import_queue = g_ptr_array_new_with_free_func (g_object_unref);
  self->noted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  peil_window_init_filter (self);
  peil_window_init_attention (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_paned_set_position (self->content_paned, 480);
  g_signal_connect_swapped (self->flap, "notify::folded", G_CALLBACK (on_folded), self);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (on_width_changed), NULL);
  g_signal_connect_swapped (self->title, "notify::title-visible", G_CALLBACK (on_title_visible), self);
  show_heading_later (self);

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
  peil_window_init_stories (self);
  peil_window_init_overview (self);
  self->marked_messages = g_array_new (FALSE, FALSE, sizeof (gint64));
  peil_window_init_gather (self);
  peil_window_init_import (self);
  fill_recent (self);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
  update_actions (self);
  peil_window_close_team (self);   /* no team incident yet */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.publish-team", FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-window-private.h"

/*
 * The Needs Attention list (docs/triage.md): the sidebar's "attention"
 * filter key shows the posts peil_attention_list() ranks, in its order,
 * each row with its reasons; a possible rumour's row offers its story to
 * the rumour register. The ranking runs on a worker, anew as posts
 * arrive; the list keeps what it showed until the new ranking is there.
 * The sidebar's row counts the posts that need attention, like its
 * neighbours: ranked on a worker when the incident opens and after each
 * change, one ranking at a time, without touching the list.
 */

/* Enough to work down for a while; the rest follows as these are handled. */
#define ATTENTION_LIMIT 200

static void
show_total (PeilWindow *self,
            guint       n_ranked)
{
  self->attention_total = n_ranked;
  peil_window_update_count_labels (self);
  if (self->posts != NULL && peil_window_showing_attention (self))
    peil_window_update_match_label (self);
}

static void
on_attention_listed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_ranked = 0;
  g_autoptr(GPtrArray) items = peil_attention_list_finish (PEIL_INCIDENT (object), result, &n_ranked, &error);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(PeilPostList) posts = NULL;
  g_autoptr(PeilPost) selected = NULL;
  gint64 selected_id;
  guint position;

  /* Cancelled for a newer ranking, another filter or the window closing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->attention_cancellable);
  if (items == NULL)
    {
      peil_window_show_error (self, error);
      return;
    }
  show_total (self, n_ranked);
  if (!peil_window_showing_attention (self))
    return;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), items->len);
  g_hash_table_remove_all (self->attention);
  for (guint i = 0; i < items->len; i++)
    {
      PeilAttentionItem *item = g_ptr_array_index (items, i);

      g_array_append_val (ids, item->post_id);
      g_hash_table_insert (self->attention, &item->post_id, item);
    }
  /* The table holds the items now. */
  g_ptr_array_set_free_func (items, NULL);

  selected = peil_window_get_selected_post (self);
  selected_id = selected ? peil_post_get_id (selected) : 0;
  posts = peil_post_list_new (self->incident);
  peil_post_list_set_ids (posts, ids);
  peil_window_set_posts (self, posts);
  peil_window_update_match_label (self);
  if (selected_id != 0 && (position = peil_post_list_find (self->posts, selected_id)) != G_MAXUINT)
    peil_window_select_position (self, position);
  gtk_stack_set_visible_child_name (self->list_stack, ids->len ? "list" : "attention-empty");
}

/**
 * peil_window_showing_attention:
 *
 * Returns: whether the list is the Needs Attention list
 */
gboolean
peil_window_showing_attention (PeilWindow *self)
{
  for (guint i = 0; self->chips != NULL && i < self->chips->len; i++)
    if (g_str_equal (g_ptr_array_index (self->chips, i), "attention"))
      return TRUE;
  return FALSE;
}

/**
 * peil_window_rank_attention:
 *
 * Ranks the posts anew on a worker and shows them when ranked; a ranking
 * still running is dropped for the new one.
 */
void
peil_window_rank_attention (PeilWindow *self)
{
  if (self->incident == NULL)
    return;
  peil_window_stop_attention (self);
  self->attention_cancellable = g_cancellable_new ();
  peil_attention_list_async (self->incident, ATTENTION_LIMIT, self->attention_cancellable,
                             on_attention_listed, g_object_ref (self));
}

void
peil_window_stop_attention (PeilWindow *self)
{
  g_cancellable_cancel (self->attention_cancellable);
  g_clear_object (&self->attention_cancellable);
}

/* As the suggestions' training waits (peil-window-suggest.c). */
#define COUNT_DELAY_MS 500

static void count_now (PeilWindow *self);

static void
on_attention_counted (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_ranked = 0;
  g_autoptr(GPtrArray) items = peil_attention_list_finish (PEIL_INCIDENT (object), result, &n_ranked, &error);

  /* Cancelled for another incident or the window closing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->attention_count_cancellable);
  /* A number in the sidebar is not worth an error message (the file
   * busy): the next change counts again. */
  if (items == NULL)
    g_debug ("Needs Attention not counted: %s", error->message);
  else
    show_total (self, n_ranked);
  if (self->attention_count_again)
    count_now (self);
}

static void
count_now (PeilWindow *self)
{
  if (self->attention_count_cancellable != NULL)
    {
      self->attention_count_again = TRUE;
      return;
    }
  self->attention_count_again = FALSE;
  self->attention_count_cancellable = g_cancellable_new ();
  /* The number only: one post described, every post ranked. */
  peil_attention_list_async (self->incident, 1, self->attention_count_cancellable,
                             on_attention_counted, g_object_ref (self));
}

static gboolean
count_due (gpointer data)
{
  PeilWindow *self = data;

  self->attention_count_timeout = 0;
  count_now (self);
  return G_SOURCE_REMOVE;
}

/**
 * peil_window_count_attention:
 *
 * Counts the posts that need attention anew on a worker, for the
 * sidebar, half a second after the last change: a burst of keypresses
 * ranks once, and a window closed at once leaves no worker with the file
 * open. Changes that come while it ranks are counted once it is done.
 */
void
peil_window_count_attention (PeilWindow *self)
{
  if (self->incident == NULL)
    return;
  g_clear_handle_id (&self->attention_count_timeout, g_source_remove);
  self->attention_count_timeout = g_timeout_add (COUNT_DELAY_MS, count_due, self);
}

/**
 * peil_window_close_attention:
 *
 * Drops the rankings under way and the number, for another incident or
 * the window closing.
 */
void
peil_window_close_attention (PeilWindow *self)
{
  peil_window_stop_attention (self);
  g_clear_handle_id (&self->attention_count_timeout, g_source_remove);
  g_cancellable_cancel (self->attention_count_cancellable);
  g_clear_object (&self->attention_count_cancellable);
  self->attention_count_again = FALSE;
  self->attention_total = -1;
}

/**
 * peil_window_open_attention:
 *
 * Counts the posts of the incident just opened that need attention, and
 * again whenever tags change here (changes elsewhere are counted after
 * the window's counts, peil-window.c).
 */
void
peil_window_open_attention (PeilWindow *self)
{
  peil_window_close_attention (self);
  g_signal_connect_swapped (self->incident, "tags-changed", G_CALLBACK (peil_window_count_attention), self);
  peil_window_count_attention (self);
}

/**
 * peil_window_attention_of:
 * @story_id: (out): the story to offer for the rumour register, or 0
 *
 * Returns: (transfer full) (nullable): the reasons @post_id is in the
 *   Needs Attention list, in words, or %NULL when the list is another
 */
char *
peil_window_attention_of (PeilWindow *self,
                          gint64      post_id,
                          gint64     *story_id)
{
  PeilAttentionItem *item = NULL;
  GString *reasons;

  *story_id = 0;
  if (!peil_window_showing_attention (self) ||
      (item = g_hash_table_lookup (self->attention, &post_id)) == NULL)
    return NULL;
  reasons = g_string_new (NULL);
  for (guint i = 0; i < item->reasons->len; i++)
    {
      PeilAttentionReason *reason = g_ptr_array_index (item->reasons, i);

      g_string_append_printf (reasons, "%s%s", i ? " · " : "", reason->text);
      if (g_str_equal (reason->code, PEIL_ATTENTION_RUMOUR_CANDIDATE))
        *story_id = item->story_id;
    }
  return g_string_free (reasons, FALSE);
}

/* One click: the story's first post is the claim, and its time the
 * first sighting; the analyst edits the claim on the Report page. */
static void
register_story_rumour_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  g_autoptr(PeilRumour) rumour = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->incident == NULL)
    return;
  if (!(rumour = peil_incident_add_story_rumour (self->incident, NULL, g_variant_get_int64 (parameter), &error)))
    {
      peil_window_show_error (self, error);
      return;
    }
  /* TRANSLATORS: a toast; %s is the rumour's claim */
  message = g_strdup_printf (_("In the rumour register: “%s”"), peil_rumour_get_claim (rumour));
  peil_window_toast (self, message);
  peil_window_rank_attention (self);
}

void
peil_window_class_init_attention (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.register-story-rumour", "x", register_story_rumour_action);
}

void
peil_window_init_attention (PeilWindow *self)
{
  self->attention = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                           (GDestroyNotify)peil_attention_item_free);
  self->attention_total = -1;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-post-list"

#include "config.h"

#include "peil-post-list.h"

/*
 * The posts that match a filter, newest first, as a GListModel. It holds
 * only their ids (8 bytes a post) and loads a post when a view asks for
 * it, keeping the most recently asked ones, so that a million posts cost
 * megabytes and scrolling loads only what is shown.
 */
#define CACHE_SIZE 512

struct _PeilPostList
{
  GObject       parent_instance;

  PeilIncident *incident;
  PeilFilter   *filter;
  GArray       *ids;
  gboolean      fixed;        /* the ids were given, in their order, not searched */
  GHashTable   *cache;        /* id → PeilPost */
  GQueue        cache_order;  /* ids, most recent first */
  GHashTable   *folded;       /* id of a story's row → PeilFoldedStory, when folding */
  gboolean      fold_stories;
};

static void list_model_iface_init (GListModelInterface *iface);

/**
 * PeilPostList:
 *
 * The posts of an incident that match a #PeilFilter, newest first, as a
 * #GListModel of #PeilPost.
 *
 * The list holds only the posts' ids and reads a post from the incident
 * when it is asked for, keeping the most recently asked ones, so that a
 * million posts cost megabytes. Use it on the incident's thread.
 */

/**
 * peil_post_list_get_type:
 *
 * Returns: the #GType of #PeilPostList
 */
G_DEFINE_FINAL_TYPE_WITH_CODE (PeilPostList, peil_post_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
peil_post_list_finalize (GObject *object)
{
  PeilPostList *self = (PeilPostList *)object;

  g_queue_clear (&self->cache_order);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->folded, g_hash_table_unref);
  g_clear_object (&self->filter);
  g_clear_object (&self->incident);

  G_OBJECT_CLASS (peil_post_list_parent_class)->finalize (object);
}

static void
peil_post_list_class_init (PeilPostListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_post_list_finalize;
}

static void
peil_post_list_init (PeilPostList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  self->filter = peil_filter_new ();
}

static GType
get_item_type (GListModel *model)
{
  return PEIL_TYPE_POST;
}

static guint
get_n_items (GListModel *model)
{
  return PEIL_POST_LIST (model)->ids->len;
}

static void
forget_oldest (PeilPostList *self)
{
  while (g_queue_get_length (&self->cache_order) > CACHE_SIZE)
    {
      gint64 *id = g_queue_pop_tail (&self->cache_order);
      g_hash_table_remove (self->cache, id);
    }
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  PeilPostList *self = PEIL_POST_LIST (model);
  PeilPost *post;
  gint64 *id;

  if (position >= self->ids->len)
    return NULL;

  id = &g_array_index (self->ids, gint64, position);
  if ((post = g_hash_table_lookup (self->cache, id)) != NULL)
    return g_object_ref (post);

  /* A post deleted behind the list's back shows as empty rather than
   * breaking the view; the next refresh drops it. */
  if (!(post = peil_incident_get_post (self->incident, *id, NULL)))
    post = peil_post_new ("missing", NULL);
  if (self->folded != NULL)
    {
      PeilFoldedStory *story = g_hash_table_lookup (self->folded, id);

      if (story != NULL)
        peil_post_set_folded (post, story->members->len, story->growth);
    }

  g_hash_table_insert (self->cache, id, g_object_ref (post));
  g_queue_push_head (&self->cache_order, id);
  forget_oldest (self);
  return post;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/**
 * peil_post_list_new:
 * @incident: the incident whose posts to list
 *
 * Creates a list that holds no posts until it is first searched
 * (peil_post_list_set_filter(), peil_post_list_refresh()); it keeps a
 * reference to @incident.
 *
 * Returns: (transfer full): a new #PeilPostList
 */
PeilPostList *
peil_post_list_new (PeilIncident *incident)
{
  PeilPostList *self;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  self = g_object_new (PEIL_TYPE_POST_LIST, NULL);
  self->incident = g_object_ref (incident);
  return self;
}

/**
 * peil_post_list_get_incident:
 * @self: a #PeilPostList
 *
 * Gets the list's incident.
 *
 * Returns: (transfer none): the incident whose posts the list shows
 */
PeilIncident *
peil_post_list_get_incident (PeilPostList *self)
{
  g_return_val_if_fail (PEIL_IS_POST_LIST (self), NULL);
  return self->incident;
}

/**
 * peil_post_list_get_filter:
 * @self: a #PeilPostList
 *
 * The filter the list searches with: an empty one until
 * peil_post_list_set_filter(). A change to it shows when the list is next
 * refreshed.
 *
 * Returns: (transfer none): the list's filter
 */
PeilFilter *
peil_post_list_get_filter (PeilPostList *self)
{
  g_return_val_if_fail (PEIL_IS_POST_LIST (self), NULL);
  return self->filter;
}

/**
 * peil_post_list_refresh:
 *
 * Runs the filter again (after an import, say). On an error the list
 * keeps what it showed.
 */
gboolean
peil_post_list_refresh (PeilPostList  *self,
                        GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  guint removed;

  g_return_val_if_fail (PEIL_IS_POST_LIST (self), FALSE);

  g_autoptr(GHashTable) folded = NULL;

  if (self->fixed)
    ids = g_array_ref (self->ids);
  else if (!(ids = peil_incident_search (self->incident, self->filter, error)))
    return FALSE;
  if (self->fold_stories)
    {
      g_autoptr(GArray) shown = peil_incident_fold_stories (self->incident, ids, &folded, error);

      if (shown == NULL)
        return FALSE;
      g_array_unref (ids);
      ids = g_steal_pointer (&shown);
    }

  removed = self->ids->len;
  g_queue_clear (&self->cache_order);
  g_hash_table_remove_all (self->cache);
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_clear_pointer (&self->folded, g_hash_table_unref);
  self->folded = g_steal_pointer (&folded);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->ids->len);
  return TRUE;
}

/**
 * peil_post_list_set_ids:
 * @ids: (element-type gint64): post ids, in the order to show them
 *
 * Shows these posts in this order, as a view that ranks them (the Needs
 * Attention list) computed it; refreshing keeps them.
 */
void
peil_post_list_set_ids (PeilPostList *self,
                        GArray       *ids)
{
  guint removed;

  g_return_if_fail (PEIL_IS_POST_LIST (self));
  g_return_if_fail (ids != NULL);

  removed = self->ids->len;
  self->fixed = TRUE;
  g_queue_clear (&self->cache_order);
  g_hash_table_remove_all (self->cache);
  g_array_unref (self->ids);
  self->ids = g_array_copy (ids);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->ids->len);
}

/**
 * peil_post_list_set_filter:
 *
 * Shows the posts that match @filter. A filter that cannot be run (a
 * search with an unclosed bracket) leaves the list as it was.
 */
gboolean
peil_post_list_set_filter (PeilPostList  *self,
                           PeilFilter    *filter,
                           GError       **error)
{
  g_autoptr(PeilFilter) previous = NULL;

  g_return_val_if_fail (PEIL_IS_POST_LIST (self), FALSE);
  g_return_val_if_fail (PEIL_IS_FILTER (filter), FALSE);

  previous = g_steal_pointer (&self->filter);
  self->filter = g_object_ref (filter);
  if (!peil_post_list_refresh (self, error))
    {
      g_set_object (&self->filter, previous);
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_post_list_get_post_id:
 * @self: a #PeilPostList
 * @position: a position in the list
 *
 * Reads no post, unlike g_list_model_get_item().
 *
 * Returns: the id of the post at @position, or 0 past the end
 */
gint64
peil_post_list_get_post_id (PeilPostList *self,
                            guint         position)
{
  g_return_val_if_fail (PEIL_IS_POST_LIST (self), 0);
  return position < self->ids->len ? g_array_index (self->ids, gint64, position) : 0;
}

/**
 * peil_post_list_find:
 *
 * Finds the row of a post in the list, for example to select it again after
 * the list changed.
 *
 * Returns: the position of @post_id, or %GTK_INVALID_LIST_POSITION's
 *   value (G_MAXUINT) when it is not in the list
 */
guint
peil_post_list_find (PeilPostList *self,
                     gint64        post_id)
{
  g_return_val_if_fail (PEIL_IS_POST_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == post_id)
      return i;
  return G_MAXUINT;
}

/**
 * peil_post_list_reload_post:
 *
 * Reads the tags of @post_id anew into the list's copy of the post, which
 * stays the same object: views showing it update through
 * #PeilPost:n-tags and a selection stays where it is.
 */
void
peil_post_list_reload_post (PeilPostList *self,
                            gint64        post_id)
{
  g_autoptr(PeilPost) fresh = NULL;
  PeilPost *cached;

  g_return_if_fail (PEIL_IS_POST_LIST (self));

  if ((cached = g_hash_table_lookup (self->cache, &post_id)) == NULL)
    return;   /* read anew when next asked for */

  if ((fresh = peil_incident_get_post (self->incident, post_id, NULL)) != NULL)
    peil_post_take_tags_from (cached, fresh);
}

/**
 * peil_post_list_reload_cached:
 *
 * Reads the tags of every post the list holds anew, as
 * peil_post_list_reload_post() does for one: after another connection
 * changed the file, the rows on screen and the open post follow without
 * the list being searched again.
 */
void
peil_post_list_reload_cached (PeilPostList *self)
{
  g_return_if_fail (PEIL_IS_POST_LIST (self));

  for (GList *link = self->cache_order.head; link != NULL; link = link->next)
    peil_post_list_reload_post (self, *(gint64 *)link->data);
}


/**
 * peil_post_list_set_fold_stories:
 *
 * Folds each story into one row, its newest post in the list, which
 * stands for the story's posts the list shows (peil_post_get_folded());
 * off-topic posts are never folded. Takes effect when the list is next
 * searched (peil_post_list_set_filter(), peil_post_list_refresh()).
 */
void
peil_post_list_set_fold_stories (PeilPostList *self,
                                 gboolean      fold)
{
  g_return_if_fail (PEIL_IS_POST_LIST (self));
  self->fold_stories = !!fold;
}

/**
 * peil_post_list_get_fold_stories:
 * @self: a #PeilPostList
 *
 * Gets whether the list folds stories.
 *
 * Returns: whether the list folds each story into one row (see
 *   peil_post_list_set_fold_stories())
 */
gboolean
peil_post_list_get_fold_stories (PeilPostList *self)
{
  g_return_val_if_fail (PEIL_IS_POST_LIST (self), FALSE);
  return self->fold_stories;
}

/**
 * peil_post_list_get_folded:
 *
 * Tells whether a row stands for a folded story, and which of the story's
 * posts it holds.
 *
 * Returns: (nullable): the story @post_id's row stands for, when the list
 *   folds stories and the row stands for more than the post
 */
const PeilFoldedStory *
peil_post_list_get_folded (PeilPostList *self,
                           gint64        post_id)
{
  g_return_val_if_fail (PEIL_IS_POST_LIST (self), NULL);
  return self->folded != NULL ? g_hash_table_lookup (self->folded, &post_id) : NULL;
}

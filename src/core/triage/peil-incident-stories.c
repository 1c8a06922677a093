/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stories of an incident: every post is given post.story_id as it is
 * stored (peil_incident_insert_post(), the one door posts come in by),
 * from an index of the most recent posts. The index is no part of the
 * file: it is rebuilt from the newest posts when a connection first needs
 * it, brought up to date with what other connections stored, and dropped
 * when a transaction rolls back, so it never holds a post that is not
 * stored. Posts from before stories (story_id NULL) are grouped apart,
 * in the order they came, by peil_incident_group_stories().
 */
#define G_LOG_DOMAIN "peil-story"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-story-index.h"

/* How many of the most recent posts a new post is compared with: an hour
 * of the busiest first hour of an incident; rebuilding it costs a tenth
 * of a second. */
#define INDEX_CAPACITY 10000
/* Posts grouped afterwards, per transaction: short enough for the window's
 * own writes to pass between two. */
#define GROUP_BATCH 2000
/* The growth of a story: its posts in the last ten minutes. */
#define GROWTH_SECONDS (10 * 60)

typedef struct
{
  PeilStoryIndex *index;
  gint64          last_id;   /* the newest post the index has seen */
  gint64          predicted; /* the id foreseen for a post that starts a story */
} StoryState;

static void
story_state_free (gpointer data)
{
  StoryState *state = data;

  g_object_unref (state->index);
  g_free (state);
}

/* One entry at most, keyed by the incident: a table, so that the
 * database drops it on a rollback like its other caches. */
GHashTable *
peil_incident_new_story_cache (void)
{
  return g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, story_state_free);
}

/* Puts the posts of @stmt (id, story_id, text, language; oldest first)
 * into the index. */
static gboolean
remember_posts (PeilIncident  *self,
                StoryState    *state,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      peil_story_index_remember (state->index, id, sqlite3_column_int64 (stmt, 1),
                                 (const char *)sqlite3_column_text (stmt, 2),
                                 (const char *)sqlite3_column_text (stmt, 3));
      state->last_id = MAX (state->last_id, id);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || peil_database_set_error (self->db, error);
}

static StoryState *
get_story_state (PeilIncident  *self,
                 GError       **error)
{
  StoryState *state = g_hash_table_lookup (self->stories, self);
  sqlite3_stmt *stmt;

  if (state == NULL)
    {
      state = g_new0 (StoryState, 1);
      state->index = peil_story_index_new (INDEX_CAPACITY);
      g_hash_table_insert (self->stories, self, state);
      if (!(stmt = peil_database_statement (self->db,
                "SELECT id, story_id, text, language FROM"
                " (SELECT id, story_id, text, language FROM post WHERE story_id IS NOT NULL ORDER BY id DESC LIMIT ?)"
                " ORDER BY id", error)))
        goto failed;
      sqlite3_bind_int (stmt, 1, INDEX_CAPACITY);
    }
  else
    {
      /* Stored meanwhile by another connection (a gathering job's): no
       * other connection writes inside this one's transaction, so this
       * finds nothing but the first time in a transaction. */
      if (!(stmt = peil_database_statement (self->db,
                "SELECT id, story_id, text, language FROM post WHERE id > ? AND story_id IS NOT NULL ORDER BY id",
                error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, state->last_id);
    }
  if (!remember_posts (self, state, stmt, error))
    goto failed;
  return state;

failed:
  g_hash_table_remove (self->stories, self);
  return NULL;
}

static gboolean
store_story (PeilIncident  *self,
             gint64         post_id,
             gint64         story,
             GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "UPDATE post SET story_id = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, story);
  sqlite3_bind_int64 (stmt, 2, post_id);
  return peil_database_run (self->db, stmt, error);
}

/*
 * peil_incident_find_story:
 * @out_story: (out): the story of the post about to be inserted: an
 *   earlier post's, or else the id the post will most likely get (one
 *   more than the largest, as SQLite gives it), so that the insert stores
 *   the story with the row rather than updating the row afterwards
 *
 * Inside the caller's transaction, before the post is inserted;
 * peil_incident_keep_story() follows when it was.
 */
gboolean
peil_incident_find_story (PeilIncident  *self,
                          PeilPost      *post,
                          gint64        *out_story,
                          GError       **error)
{
  StoryState *state = get_story_state (self, error);
  gint64 story;

  if (state == NULL)
    return FALSE;
  state->predicted = 0;
  story = peil_story_index_find (state->index, peil_post_get_text (post), peil_post_get_language (post));
  if (story == 0)
    {
      if (!peil_database_query_int (self->db, "SELECT coalesce (max (id), 0) + 1 FROM post", &story, error))
        return FALSE;
      state->predicted = story;
    }
  *out_story = story;
  return TRUE;
}

/*
 * peil_incident_keep_story:
 * @post_id: the id the post was inserted under
 * @story: what peil_incident_find_story() said
 *
 * Puts the post just inserted into the story index; a post that starts a
 * story but got another id than foreseen has its story set right.
 */
gboolean
peil_incident_keep_story (PeilIncident  *self,
                          gint64         post_id,
                          gint64         story,
                          GError       **error)
{
  StoryState *state = g_hash_table_lookup (self->stories, self);

  g_return_val_if_fail (state != NULL, FALSE);

  if (state->predicted != 0 && post_id != state->predicted)
    {
      story = post_id;
      if (!store_story (self, post_id, story, error))
        return FALSE;
    }
  peil_story_index_keep (state->index, post_id, story);
  state->last_id = MAX (state->last_id, post_id);
  return TRUE;
}

/**
 * peil_incident_group_stories:
 * @cancellable: (nullable): stops between two batches
 *
 * Gives every post without a story (stored before Peil grouped stories)
 * its story, comparing them with each other in the order they came, a
 * batch per transaction.
 *
 * Returns: how many posts were grouped, or -1 with @error set
 */
gint64
peil_incident_group_stories (PeilIncident  *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (INDEX_CAPACITY);
  gint64 grouped = 0, after = 0;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), -1);

  /* Through the story index, and without a write: a read-only file
   * whose posts all have their story is read as it is. */
  if (!peil_database_query_int (self->db, "SELECT EXISTS (SELECT 1 FROM post WHERE story_id IS NULL)", &after, error))
    return -1;
  if (after == 0)
    return 0;
  after = 0;

  for (;;)
    {
      sqlite3_stmt *stmt;
      guint in_batch = 0;
      int rc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !peil_database_begin (self->db, error))
        return -1;
      if (!(stmt = peil_database_statement (self->db,
                "SELECT id, text, language FROM post WHERE story_id IS NULL AND id > ? ORDER BY id LIMIT ?", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, after);
      sqlite3_bind_int (stmt, 2, GROUP_BATCH);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          gint64 story = peil_story_index_add (index, id, (const char *)sqlite3_column_text (stmt, 1),
                                               (const char *)sqlite3_column_text (stmt, 2));

          after = id;
          in_batch++;
          if (!store_story (self, id, story, error))
            {
              sqlite3_reset (stmt);
              goto failed;
            }
        }
      if (rc != SQLITE_DONE)
        {
          peil_database_set_error (self->db, error);
          sqlite3_reset (stmt);
          goto failed;
        }
      sqlite3_reset (stmt);
      if (!peil_database_commit (self->db, error))
        return -1;
      grouped += in_batch;
      if (in_batch < GROUP_BATCH)
        break;
    }
  if (grouped > 0)
    peil_incident_emit_posts_changed (self);
  return grouped;

failed:
  peil_database_rollback (self->db);
  return -1;
}

static void
group_in_thread (GTask        *task,
                 PeilIncident *connection,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  gint64 grouped = peil_incident_group_stories (connection, cancellable, &error);

  if (grouped < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize)grouped);
}

/**
 * peil_incident_group_stories_async:
 *
 * peil_incident_group_stories() on a worker, for the window: the
 * incident's #PeilIncident::posts-changed follows when posts were grouped
 * (another connection's writes are noticed as they always are).
 */
void
peil_incident_group_stories_async (PeilIncident        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PEIL_IS_INCIDENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_incident_group_stories_async);
  peil_incident_run_in_thread (self, task, group_in_thread);
}

/**
 * peil_incident_group_stories_finish:
 *
 * Finishes the grouping started with peil_incident_group_stories_async().
 *
 * Returns: how many posts were grouped, or -1 with @error set
 */
gint64
peil_incident_group_stories_finish (PeilIncident  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/**
 * peil_story_free:
 * @story: (nullable): a story
 *
 * Frees @story and its array of post ids; does nothing for %NULL.
 */
void
peil_story_free (PeilStory *story)
{
  if (story == NULL)
    return;
  g_array_unref (story->posts);
  g_free (story);
}

/**
 * peil_incident_newest_time:
 * @out_time: (out): the time, or 0 when no post has a time
 *
 * The time growth and age are counted back from: the newest post's, "now"
 * in a live incident and the end of an imported one. Only posts with a
 * time of their own that is not off-topic count, and none more than a day
 * past the clock (outside an exercise, whose clock runs ahead): one post
 * with a wrong clock must not make every story old.
 */
gboolean
peil_incident_newest_time (PeilIncident  *self,
                           gint64        *out_time,
                           GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db,
      "SELECT coalesce (max (p.created_at), 0) FROM post p"
      " WHERE p.created_at > 0 AND p.time_from_import = 0 AND " PEIL_SQL_ON_TOPIC
      " AND (p.created_at <= ?1 OR EXISTS (SELECT 1 FROM exercise_clock))", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC + 24 * 60 * 60);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *out_time = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      peil_database_set_error (self->db, error);
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_incident_list_stories: (skip)
 * @min_size: leave out stories with fewer posts than this
 *
 * A story's size, growth and posts count its posts that are not
 * off-topic; a story of off-topic posts only has size 0.
 *
 * Returns: (transfer container) (element-type PeilStory): the stories, the
 *   biggest first (then the earliest), or %NULL with @error set
 */
GPtrArray *
peil_incident_list_stories (PeilIncident  *self,
                            guint          min_size,
                            GError       **error)
{
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_story_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;
  gint64 newest;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!peil_database_begin_read (self->db, error))
    return NULL;
  if (!peil_incident_newest_time (self, &newest, error) ||
      !(stmt = peil_database_statement (self->db,
            "SELECT p.story_id, count (d.post_id), count (*) - count (d.post_id),"
            "       min (CASE WHEN d.post_id IS NULL THEN p.created_at END),"
            "       count (CASE WHEN d.post_id IS NULL AND p.created_at > ? THEN 1 END)"
            " FROM post p LEFT JOIN post_dismissal d ON d.post_id = p.id"
            " WHERE p.story_id IS NOT NULL GROUP BY p.story_id"
            " HAVING count (*) - count (d.post_id) >= ?"
            " ORDER BY 3 DESC, 4, 1", error)))
    goto failed;
  /* Without a time, no growth. */
  sqlite3_bind_int64 (stmt, 1, newest > 0 ? newest - GROWTH_SECONDS : G_MAXINT64);
  sqlite3_bind_int (stmt, 2, MAX (min_size, 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PeilStory *story = g_new0 (PeilStory, 1);

      story->id = sqlite3_column_int64 (stmt, 0);
      story->off_topic = sqlite3_column_int64 (stmt, 1);
      story->size = sqlite3_column_int64 (stmt, 2);
      story->first = sqlite3_column_int64 (stmt, 3);
      story->growth = sqlite3_column_int64 (stmt, 4);
      story->posts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint)story->size);
      g_ptr_array_add (stories, story);
      g_hash_table_insert (by_id, &story->id, story);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      goto failed;
    }

  /* The members in one pass, in the order they came. */
  if (!(stmt = peil_database_statement (self->db,
            "SELECT p.story_id, p.id FROM post p WHERE p.story_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM post_dismissal d WHERE d.post_id = p.id)"
            " ORDER BY p.story_id, p.created_at, p.id", error)))
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 story_id = sqlite3_column_int64 (stmt, 0);
      gint64 id = sqlite3_column_int64 (stmt, 1);
      PeilStory *story = g_hash_table_lookup (by_id, &story_id);

      if (story != NULL)
        g_array_append_val (story->posts, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      goto failed;
    }
  peil_database_end_read (self->db);
  return g_steal_pointer (&stories);

failed:
  peil_database_end_read (self->db);
  return NULL;
}

/**
 * peil_folded_story_free:
 * @story: (nullable): a folded story
 *
 * Frees @story and its array of members; does nothing for %NULL.
 */
void
peil_folded_story_free (PeilFoldedStory *story)
{
  if (story == NULL)
    return;
  g_array_unref (story->members);
  g_free (story);
}

typedef struct
{
  gint64 story_id;
  gint64 created_at;
} Membership;

/**
 * peil_incident_fold_stories:
 * @ids: (element-type gint64): posts as a list shows them, newest first
 * @out_folded: (out) (transfer full): the id of each row that stands for
 *   more than its post → its #PeilFoldedStory
 *
 * Folds the posts of a story in @ids into one row, at the place of the
 * newest; off-topic posts stay rows of their own and are not counted.
 *
 * Returns: (transfer full) (element-type gint64): the rows' post ids, or
 *   %NULL with @error set
 */
GArray *
peil_incident_fold_stories (PeilIncident  *self,
                            GArray        *ids,
                            GHashTable   **out_folded,
                            GError       **error)
{
  g_autoptr(GHashTable) memberships = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) rows = g_hash_table_new (g_int64_hash, g_int64_equal);   /* story → its row's story */
  g_autoptr(GHashTable) folded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify)peil_folded_story_free);
  g_autoptr(GArray) shown = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_autofree Membership *stored = NULL;
  sqlite3_stmt *stmt;
  gint64 newest = 0;
  guint n = 0, allocated = 0;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  /* Only posts of stories with more than one post can fold. */
  if (!peil_incident_newest_time (self, &newest, error) ||
      !(stmt = peil_database_statement (self->db,
            "SELECT p.id, p.story_id, p.created_at FROM post p"
            " WHERE p.story_id IN (SELECT story_id FROM post WHERE story_id IS NOT NULL"
            "                      GROUP BY story_id HAVING count (*) > 1)"
            " AND NOT EXISTS (SELECT 1 FROM post_dismissal d WHERE d.post_id = p.id)", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n == allocated)
        stored = g_renew (Membership, stored, allocated = MAX (64, 2 * allocated));
      stored[n].story_id = sqlite3_column_int64 (stmt, 1);
      stored[n].created_at = sqlite3_column_int64 (stmt, 2);
      g_hash_table_insert (memberships, g_memdup2 (&(gint64){ sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                           GUINT_TO_POINTER (n + 1));
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      guint found = GPOINTER_TO_UINT (g_hash_table_lookup (memberships, &id));
      const Membership *membership = found > 0 ? &stored[found - 1] : NULL;
      PeilFoldedStory *story;

      if (membership == NULL)
        {
          g_array_append_val (shown, id);
          continue;
        }
      if ((story = g_hash_table_lookup (rows, &membership->story_id)) == NULL)
        {
          story = g_new0 (PeilFoldedStory, 1);
          story->story_id = membership->story_id;
          story->members = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (folded, g_memdup2 (&id, sizeof id), story);
          g_hash_table_insert (rows, &story->story_id, story);
          g_array_append_val (shown, id);
        }
      g_array_append_val (story->members, id);
      story->growth += newest > 0 && membership->created_at > newest - GROWTH_SECONDS;
    }

  /* A story the list shows one post of is a plain row. */
  {
    GHashTableIter iter;
    PeilFoldedStory *story;

    g_hash_table_iter_init (&iter, folded);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&story))
      if (story->members->len < 2)
        g_hash_table_iter_remove (&iter);
  }

  *out_folded = g_steal_pointer (&folded);
  return g_steal_pointer (&shown);
}

/**
 * peil_incident_tag_story_members:
 * @members: (element-type gint64): the posts of a story a folded row
 *   stands for
 *
 * Puts the tag on those of @members that have no tag of its dimension
 * yet and are not off-topic, in one transaction, each logged as a tag is.
 * A member tagged already in that dimension was looked at by itself, and
 * keeps what it has.
 *
 * Returns: (transfer full) (element-type gint64): the posts tagged, or
 *   %NULL with @error set
 */
GArray *
peil_incident_tag_story_members (PeilIncident  *self,
                                 GArray        *members,
                                 const char    *tag_code,
                                 GError       **error)
{
  g_autoptr(GArray) tagged = g_array_new (FALSE, FALSE, sizeof (gint64));
  PeilDimension *dimension;
  PeilTag *tag;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if ((tag = peil_taxonomy_lookup_tag (self->taxonomy, tag_code)) == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG, _("Unknown tag “%s”"), tag_code);
      return NULL;
    }
  dimension = peil_taxonomy_lookup_dimension (self->taxonomy, peil_tag_get_dimension_code (tag));

  if (!peil_database_begin (self->db, error))
    return NULL;
  if (!(stmt = peil_database_statement (self->db,
            "SELECT EXISTS (SELECT 1 FROM post WHERE id = ?1)"
            " AND NOT EXISTS (SELECT 1 FROM post_dismissal WHERE post_id = ?1)"
            " AND NOT EXISTS (SELECT 1 FROM post_tag pt JOIN tag t ON t.id = pt.tag_id"
            "                 WHERE pt.post_id = ?1 AND t.dimension_id = ?2)", error)))
    goto failed;
  for (guint i = 0; i < members->len; i++)
    {
      gint64 id = g_array_index (members, gint64, i);
      gboolean untagged;

      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, peil_dimension_get_id (dimension));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          peil_database_set_error (self->db, error);
          sqlite3_reset (stmt);
          goto failed;
        }
      untagged = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
      if (!untagged)
        continue;
      if (!peil_incident_apply_tag (self, id, tag, NULL, 0, "story", error))
        goto failed;
      g_array_append_val (tagged, id);
    }
  if (!peil_database_commit (self->db, error))
    return NULL;

  for (guint i = 0; i < tagged->len; i++)
    peil_incident_emit_tags_changed (self, g_array_index (tagged, gint64, i));
  return g_steal_pointer (&tagged);

failed:
  peil_database_rollback (self->db);
  return NULL;
}

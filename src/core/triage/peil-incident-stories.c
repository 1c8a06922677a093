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
 * peil_incident_assign_story:
 *
 * Gives a post just inserted its story, inside the caller's transaction.
 */
gboolean
peil_incident_assign_story (PeilIncident  *self,
                            PeilPost      *post,
                            gint64         post_id,
                            GError       **error)
{
  StoryState *state = get_story_state (self, error);
  gint64 story;

  if (state == NULL)
    return FALSE;
  story = peil_story_index_add (state->index, post_id, peil_post_get_text (post), peil_post_get_language (post));
  state->last_id = MAX (state->last_id, post_id);
  return store_story (self, post_id, story, error);
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

void
peil_story_free (PeilStory *story)
{
  if (story == NULL)
    return;
  g_array_unref (story->posts);
  g_free (story);
}

/* The time of the newest post, from which growth is counted: "now" in a
 * live incident, and the end of an imported one. */
static gboolean
newest_time (PeilIncident  *self,
             gint64        *out_time,
             GError       **error)
{
  return peil_database_query_int (self->db, "SELECT coalesce (max (created_at), 0) FROM post", out_time, error);
}

/**
 * peil_incident_list_stories:
 * @min_size: leave out stories with fewer posts than this
 *
 * A story's size, growth and posts count its posts that are not
 * off-topic; a story of off-topic posts only has size 0.
 *
 * Returns: (transfer full) (element-type PeilStory): the stories, the
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
  if (!newest_time (self, &newest, error) ||
      !(stmt = peil_database_statement (self->db,
            "SELECT p.story_id, count (d.post_id), count (*) - count (d.post_id),"
            "       min (CASE WHEN d.post_id IS NULL THEN p.created_at END),"
            "       count (CASE WHEN d.post_id IS NULL AND p.created_at > ? THEN 1 END)"
            " FROM post p LEFT JOIN post_dismissal d ON d.post_id = p.id"
            " WHERE p.story_id IS NOT NULL GROUP BY p.story_id"
            " HAVING count (*) - count (d.post_id) >= ?"
            " ORDER BY 3 DESC, 4, 1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, newest - GROWTH_SECONDS);
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include "peil-incident-private.h"
#include "peil-source-label.h"
#include "peil-time.h"

/*
 * Counting, in one place for the sidebar, `peil-cli stats`, the overview
 * and a round's figures: the posts a filter selects (all, or a round's
 * period), per tag, untagged per dimension, per source and per hour, read
 * in one read transaction so that the parts add up to the total even
 * while another process imports. "Untagged in a dimension" means what the
 * search's untagged filter means: no tag of that dimension.
 */

/**
 * peil_counts_free:
 * @counts: (nullable): what peil_incident_count() returned
 *
 * Frees @counts and its arrays; does nothing for %NULL.
 */
void
peil_counts_free (PeilCounts *counts)
{
  if (counts == NULL)
    return;
  g_clear_pointer (&counts->tags, g_ptr_array_unref);
  g_clear_pointer (&counts->untagged, g_ptr_array_unref);
  g_clear_pointer (&counts->sources, g_ptr_array_unref);
  g_clear_pointer (&counts->queries, g_ptr_array_unref);
  g_clear_pointer (&counts->hours, g_ptr_array_unref);
  g_free (counts);
}

/* The arrays are not changed once counted, so a copy shares them. */
static PeilCounts *
peil_counts_copy (const PeilCounts *counts)
{
  PeilCounts *copy = g_memdup2 (counts, sizeof *counts);

  g_ptr_array_ref (copy->tags);
  g_ptr_array_ref (copy->untagged);
  g_ptr_array_ref (copy->sources);
  g_ptr_array_ref (copy->queries);
  g_ptr_array_ref (copy->hours);
  return copy;
}

G_DEFINE_BOXED_TYPE (PeilCounts, peil_counts, peil_counts_copy, peil_counts_free)

static PeilCount *
count_new (const char *key,
           const char *label,
           gint64      count)
{
  PeilCount *result = g_new0 (PeilCount, 1);

  result->key = g_strdup (key);
  result->label = g_strdup (label ? label : key);
  result->count = count;
  return result;
}

/* Runs @select (with @tail) over the posts @filter selects, calling
 * @row_func for each row of the result. */
typedef void (*RowFunc) (sqlite3_stmt *stmt,
                         gpointer      user_data);

static gboolean
for_each_row (PeilIncident  *self,
              PeilFilter    *filter,
              const char    *select,
              const char    *tail,
              RowFunc        row_func,
              gpointer       user_data,
              GError       **error)
{
  sqlite3_stmt *stmt = peil_incident_prepare_filtered (self, filter, select, tail, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row_func (stmt, user_data);
  if (rc != SQLITE_DONE)
    peil_incident_set_search_error (self, stmt, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static void
read_total (sqlite3_stmt *stmt,
            gpointer      user_data)
{
  *(gint64 *)user_data = sqlite3_column_int64 (stmt, 0);
}

static void
read_by_id (sqlite3_stmt *stmt,
            gpointer      user_data)
{
  gint64 *count = g_new (gint64, 1);

  *count = sqlite3_column_int64 (stmt, 1);
  g_hash_table_insert (user_data, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)), count);
}

static void
read_keyed (sqlite3_stmt *stmt,
            gpointer      user_data)
{
  g_autofree char *hour = NULL;
  const char *key;

  if (sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
    key = hour = peil_time_format_iso (sqlite3_column_int64 (stmt, 0));
  else
    key = (const char *)sqlite3_column_text (stmt, 0);
  g_ptr_array_add (user_data, count_new (key, NULL, sqlite3_column_int64 (stmt, 1)));
}

static gint64
lookup_id (GHashTable *counts,
           gint64      id)
{
  gint64 *count = g_hash_table_lookup (counts, &id);
  return count ? *count : 0;
}

static gboolean
count_tags (PeilIncident  *self,
            PeilFilter    *filter,
            PeilCounts    *counts,
            GError       **error)
{
  g_autoptr(GHashTable) per_tag = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) per_dimension = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (self->taxonomy);

  if (!for_each_row (self, filter, "SELECT pt.tag_id, count(DISTINCT p.id) FROM post_tag pt JOIN post p ON p.id = pt.post_id",
                     " GROUP BY pt.tag_id", read_by_id, per_tag, error) ||
      !for_each_row (self, filter, "SELECT t.dimension_id, count(DISTINCT p.id) FROM post_tag pt"
                                   " JOIN tag t ON t.id = pt.tag_id JOIN post p ON p.id = pt.post_id",
                     " GROUP BY t.dimension_id", read_by_id, per_dimension, error))
    return FALSE;

  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);

      for (guint j = 0; j < tags->len; j++)
        {
          PeilTag *tag = g_ptr_array_index (tags, j);
          g_ptr_array_add (counts->tags, count_new (peil_tag_get_code (tag), peil_tag_get_label (tag),
                                                    lookup_id (per_tag, peil_tag_get_id (tag))));
        }
      if (!peil_dimension_get_facet (dimension))
        g_ptr_array_add (counts->untagged,
                         count_new (peil_dimension_get_code (dimension), peil_dimension_get_label (dimension),
                                    counts->total - lookup_id (per_dimension, peil_dimension_get_id (dimension))));
    }
  return TRUE;
}

/**
 * peil_incident_count:
 * @filter: (nullable): which posts to count; all when %NULL. Its page
 *   (offset and limit) is ignored.
 *
 * Counts the posts @filter selects, and how they divide per tag (every
 * tag, in taxonomy order), untagged per dimension that is not a facet,
 * per source (most first), per saved query and per hour (oldest first,
 * hours without posts left out; posts without a time of their own are
 * counted in #PeilCounts.untimed instead), all as they stood at one
 * moment. Posts marked off-topic are in none of these unless @filter
 * asks for them; #PeilCounts.off_topic says how many it left out.
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
PeilCounts *
peil_incident_count (PeilIncident  *self,
                     PeilFilter    *filter,
                     GError       **error)
{
  g_autoptr(PeilFilter) everything = NULL;
  g_autoptr(PeilFilter) off_topic = NULL;
  g_autoptr(PeilCounts) counts = NULL;
  gboolean counted;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (!filter || PEIL_IS_FILTER (filter), NULL);

  if (filter == NULL)
    filter = everything = peil_filter_new ();

  counts = g_new0 (PeilCounts, 1);
  counts->tags = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_count_free);
  counts->untagged = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_count_free);
  counts->sources = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_count_free);
  counts->queries = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_count_free);
  counts->hours = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_count_free);

  if (!peil_database_begin_read (self->db, error))
    return NULL;
  /* What the filter leaves out for being marked off-topic. */
  off_topic = peil_filter_copy (filter);
  peil_filter_set_off_topic (off_topic, PEIL_FILTER_OFF_TOPIC_ONLY);
  counted = for_each_row (self, filter, "SELECT count(*) FROM post p", NULL, read_total, &counts->total, error) &&
            (peil_filter_get_off_topic (filter) != PEIL_FILTER_OFF_TOPIC_LEAVE_OUT ||
             for_each_row (self, off_topic, "SELECT count(*) FROM post p", NULL, read_total, &counts->off_topic, error)) &&
            for_each_row (self, filter, "SELECT count(*) FROM post p", " AND p.created_at = 0",
                          read_total, &counts->untimed, error) &&
            count_tags (self, filter, counts, error) &&
            for_each_row (self, filter, "SELECT " PEIL_SQL_POST_ORIGIN ", count(*) FROM post p",
                          " GROUP BY 1 ORDER BY 2 DESC, 1", read_keyed, counts->sources, error) &&
            for_each_row (self, filter, "SELECT CAST (pq.query_id AS TEXT), count(*) FROM post_query pq"
                                        " JOIN post p ON p.id = pq.post_id",
                          " GROUP BY pq.query_id ORDER BY pq.query_id", read_keyed, counts->queries, error) &&
            for_each_row (self, filter, "SELECT p.created_at / 3600 * 3600, count(*) FROM post p",
                          " AND p.created_at > 0 GROUP BY 1 ORDER BY 1", read_keyed, counts->hours, error);
  peil_database_end_read (self->db);
  if (!counted)
    return NULL;

  for (guint i = 0; i < counts->sources->len; i++)
    {
      PeilCount *source = g_ptr_array_index (counts->sources, i);

      g_free (source->label);
      source->label = peil_source_label (source->key, peil_ui_language ());
    }
  return g_steal_pointer (&counts);
}

static void
count_in_thread (GTask        *task,
                 PeilIncident *connection,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  PeilCounts *counts = peil_incident_count (connection, task_data, &error);

  if (counts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, counts, (GDestroyNotify)peil_counts_free);
}

/**
 * peil_incident_count_async:
 *
 * Counts as peil_incident_count() does, on a worker thread with a
 * connection of its own: a million posts take a few hundred milliseconds.
 */
void
peil_incident_count_async (PeilIncident        *self,
                           PeilFilter          *filter,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PEIL_IS_INCIDENT (self));
  g_return_if_fail (!filter || PEIL_IS_FILTER (filter));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_incident_count_async);
  /* The worker reads its own copy: the caller may change @filter meanwhile. */
  if (filter != NULL)
    g_task_set_task_data (task, peil_filter_copy (filter), g_object_unref);
  peil_incident_run_in_thread (self, task, count_in_thread);
}

/**
 * peil_incident_count_finish:
 *
 * Finishes the counting started with peil_incident_count_async().
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
PeilCounts *
peil_incident_count_finish (PeilIncident  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

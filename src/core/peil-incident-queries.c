/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-exercise.h"
#include "peil-incident-private.h"
#include "peil-query-private.h"

#define QUERY_COLUMNS \
  "id, source, text, options, interval, enabled, state, last_run, last_success, last_error, limited_until, fetched, channel"

static PeilQuery *
query_from_row (sqlite3_stmt *stmt)
{
  PeilQuery *query = peil_query_new_empty ();

  query->id = sqlite3_column_int64 (stmt, 0);
  query->source = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  query->text = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  query->options = peil_query_table_from_json ((const char *)sqlite3_column_text (stmt, 3));
  query->interval = sqlite3_column_int (stmt, 4);
  query->enabled = sqlite3_column_int (stmt, 5);
  query->state = peil_query_table_from_json ((const char *)sqlite3_column_text (stmt, 6));
  query->last_run = sqlite3_column_int64 (stmt, 7);
  query->last_success = sqlite3_column_int64 (stmt, 8);
  query->last_error = g_strdup ((const char *)sqlite3_column_text (stmt, 9));
  query->limited_until = sqlite3_column_int64 (stmt, 10);
  query->fetched = sqlite3_column_int64 (stmt, 11);
  query->channel = g_strdup ((const char *)sqlite3_column_text (stmt, 12));
  return query;
}

static gboolean
check_interval (guint    interval,
                GError **error)
{
  if (interval >= 10)
    return TRUE;
  g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("Ask a source at most every 10 seconds; the services limit how often they answer"));
  return FALSE;
}

/* Inside the transaction that adds a query: an exercise takes no real
 * posts, and a scenario's injects go only into an exercise. */
static gboolean
check_exercise_source (PeilIncident  *self,
                       const char    *source,
                       GError       **error)
{
  gboolean exercise = peil_incident_is_exercise (self);

  if (exercise && !g_str_equal (source, PEIL_EXERCISE_SOURCE))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                           _("This incident is an exercise: it takes no live queries, only its scenario’s injects"));
      return FALSE;
    }
  if (!exercise && g_str_equal (source, PEIL_EXERCISE_SOURCE))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                           _("Only an exercise plays a scenario; make one with “peil-cli exercise new”"));
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_incident_add_query:
 * @source: the id of the source plugin
 * @text: what to search for; may be empty for sources that take all
 * @options: (nullable) (element-type utf8 utf8): the source's settings,
 *   such as "url" or "server"; never secrets (they go to the keyring)
 * @interval: seconds between runs when gathering live
 *
 * Saves a query in the incident, with its event-log row in the same
 * transaction; it does not run it. An exercise takes no live queries: that
 * fails with %PEIL_ERROR_EXERCISE.
 *
 * Returns: (transfer full): the saved query, or %NULL with @error set
 */
PeilQuery *
peil_incident_add_query (PeilIncident  *self,
                         const char    *source,
                         const char    *text,
                         GHashTable    *options,
                         guint          interval,
                         GError       **error)
{
  g_autoptr(GHashTable) empty = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *options_json = peil_query_table_to_json (options ? options : empty);
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (!check_interval (interval, error))
    return NULL;

  if (!peil_database_begin (self->db, error))
    return NULL;
  if (!check_exercise_source (self, source, error))
    goto failed;
  if (!(stmt = peil_database_statement (self->db, "INSERT INTO query (source, text, options, interval, created_at)"
                                              " VALUES (?, ?, ?, ?, ?) RETURNING id", error)))
    goto failed;
  sqlite3_bind_text (stmt, 1, source, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text ? text : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, options_json, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, interval);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      peil_database_set_error (self->db, error);
      goto failed;
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (!peil_incident_log_event (self, "query-added", 0, NULL, source, error) ||
      !peil_database_commit (self->db, error))
    goto failed;
  return peil_incident_get_query (self, id, error);

failed:
  peil_database_rollback (self->db);
  return NULL;
}

/**
 * peil_incident_list_queries:
 *
 * Reads all saved queries of the incident.
 *
 * Returns: (transfer container) (element-type PeilQuery): the saved queries,
 *   oldest first
 */
GPtrArray *
peil_incident_list_queries (PeilIncident  *self,
                            GError       **error)
{
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(stmt = peil_database_statement (self->db, "SELECT " QUERY_COLUMNS " FROM query ORDER BY id", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (queries, query_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&queries);
}

/**
 * peil_incident_get_query:
 *
 * Reads one saved query from the file.
 *
 * Returns: (transfer full): the query, or %NULL with @error set
 */
PeilQuery *
peil_incident_get_query (PeilIncident  *self,
                         gint64         id,
                         GError       **error)
{
  PeilQuery *query = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(stmt = peil_database_statement (self->db, "SELECT " QUERY_COLUMNS " FROM query WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    query = query_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                 _("There is no query %lld in this incident"), (long long)id);
  else if (rc != SQLITE_ROW)
    peil_database_set_error (self->db, error);
  return query;
}

/* Runs @stmt, which changes query @id, in the transaction the caller
 * began, and logs @action with it; rolls back when either fails. */
static gboolean
finish_query_change (PeilIncident  *self,
                     sqlite3_stmt  *stmt,
                     gint64         id,
                     const char    *action,
                     GError       **error)
{
  g_autofree char *detail = g_strdup_printf ("%lld", (long long)id);

  if (stmt != NULL && peil_database_run (self->db, stmt, error))
    {
      if (peil_database_changes (self->db) == 0)
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                     _("There is no query %lld in this incident"), (long long)id);
      else if (peil_incident_log_event (self, action, 0, NULL, detail, error) &&
               peil_database_commit (self->db, error))
        return TRUE;
    }
  peil_database_rollback (self->db);
  return FALSE;
}

static gboolean
change_query (PeilIncident  *self,
              const char    *sql,
              gint64         id,
              int            value,
              const char    *action,
              GError       **error)
{
  sqlite3_stmt *stmt;

  if (!peil_database_begin (self->db, error))
    return FALSE;
  if ((stmt = peil_database_statement (self->db, sql, error)) != NULL && value >= 0)
    {
      sqlite3_bind_int (stmt, 1, value);
      sqlite3_bind_int64 (stmt, 2, id);
    }
  else if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, id);
  return finish_query_change (self, stmt, id, action, error);
}

/**
 * peil_incident_remove_query:
 *
 * Removes a saved query; the posts it found stay.
 */
gboolean
peil_incident_remove_query (PeilIncident  *self,
                            gint64         id,
                            GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  return change_query (self, "DELETE FROM query WHERE id = ?", id, -1, "query-removed", error);
}

/**
 * peil_incident_set_query_enabled:
 * @self: a #PeilIncident
 * @id: the saved query's id
 * @enabled: %TRUE to let the query gather, %FALSE to stop it
 * @error: return location for a #GError
 *
 * Switches a saved query on or off, and logs it (`query-enabled`,
 * `query-disabled`) in the same transaction; a query that is off gathers
 * nothing, and the posts it found stay.
 *
 * Returns: %TRUE on success; %FALSE with @error set when there is no such
 *   query (%PEIL_ERROR_NOT_FOUND) or the file cannot be written
 */
gboolean
peil_incident_set_query_enabled (PeilIncident  *self,
                                 gint64         id,
                                 gboolean       enabled,
                                 GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  return change_query (self, "UPDATE query SET enabled = ? WHERE id = ?", id, !!enabled,
                       enabled ? "query-enabled" : "query-disabled", error);
}

/**
 * peil_incident_update_query:
 * @text: what to search for
 * @options: (nullable) (element-type utf8 utf8): the source's settings
 * @interval: seconds between runs when gathering live, at least 10
 *
 * Changes what a saved query asks; its source, coverage and the posts it
 * found stay. Its state (newest-post marker, cursor) is forgotten when the
 * question changes, so that the next run asks it from the start.
 */
gboolean
peil_incident_update_query (PeilIncident  *self,
                            gint64         id,
                            const char    *text,
                            GHashTable    *options,
                            guint          interval,
                            GError       **error)
{
  g_autoptr(GHashTable) empty = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *options_json = peil_query_table_to_json (options ? options : empty);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!check_interval (interval, error))
    return FALSE;

  if (!peil_database_begin (self->db, error))
    return FALSE;
  if ((stmt = peil_database_statement (self->db,
            "UPDATE query SET state = CASE WHEN text = ?1 AND options = ?2 THEN state ELSE '{}' END,"
            " text = ?1, options = ?2, interval = ?3 WHERE id = ?4", error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, text ? text : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, options_json, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, interval);
      sqlite3_bind_int64 (stmt, 4, id);
    }
  return finish_query_change (self, stmt, id, "query-edited", error);
}

/*
 * peil_incident_record_query_run:
 * @state: what the query keeps for its next run
 * @error_message: (nullable): why the run did not end well
 *
 * Inside the caller's transaction: stores what a run of @query left, its
 * state and the coverage a user reads to see what was not gathered. The
 * caller reads the query anew once the transaction is committed.
 */
gboolean
peil_incident_record_query_run (PeilIncident  *self,
                                PeilQuery     *query,
                                GHashTable    *state,
                                const char    *error_message,
                                gint64         limited_until,
                                guint64        fetched,
                                GError       **error)
{
  g_autofree char *state_json = peil_query_table_to_json (state);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  if (!(stmt = peil_database_statement (self->db,
            "UPDATE query SET state = ?, last_run = ?, last_success = CASE WHEN ? IS NULL THEN ? ELSE last_success END,"
            " last_error = ?, limited_until = ?, fetched = fetched + ? WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, state_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_text (stmt, 3, error_message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_text (stmt, 5, error_message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, limited_until);
  sqlite3_bind_int64 (stmt, 7, fetched);
  sqlite3_bind_int64 (stmt, 8, query->id);
  return peil_database_run (self->db, stmt, error);
}

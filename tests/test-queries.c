/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "peil-test-util.h"

static void
test_saved_queries (void)
{
  PeilIncident *incident = peil_test_new_incident ("queries.peil");
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  peil_test_autofinal(PeilQuery) query = NULL;
  peil_test_autofinal(PeilQuery) again = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (options, g_strdup ("url"), g_strdup ("http://127.0.0.1:1/feed.xml"));
  query = peil_incident_add_query (incident, "rss", "kraan OR alphen", options, 120, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_query_get_id (query), >, 0);
  g_assert_cmpstr (peil_query_get_text (query), ==, "kraan OR alphen");
  g_assert_cmpuint (peil_query_get_interval (query), ==, 120);
  g_assert_true (peil_query_get_enabled (query));

  g_assert_null (peil_incident_add_query (incident, "rss", "x", NULL, 1, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (peil_incident_set_query_enabled (incident, peil_query_get_id (query), FALSE, &error));
  g_assert_false (peil_incident_set_query_enabled (incident, 999, TRUE, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  incident = peil_test_reopen (incident);
  queries = peil_incident_list_queries (incident, &error);
  g_assert_cmpuint (queries->len, ==, 1);
  again = g_object_ref (g_ptr_array_index (queries, 0));
  g_assert_false (peil_query_get_enabled (again));
  g_assert_cmpstr (g_hash_table_lookup (peil_query_get_options (again), "url"), ==, "http://127.0.0.1:1/feed.xml");

  g_assert_true (peil_incident_remove_query (incident, peil_query_get_id (again), &error));
  g_assert_null (peil_incident_get_query (incident, peil_query_get_id (again), &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_clear_pointer (&queries, g_ptr_array_unref);
  g_assert_finalize_object (incident);
}

/* A saved query's question and interval can be changed; the change is
 * logged with it, and a bad one refused. */
static void
test_update_query (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("update-query.peil");
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(PeilQuery) changed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_hash_table_insert (options, g_strdup ("url"), g_strdup ("http://127.0.0.1:1/oud.xml"));
  query = peil_incident_add_query (incident, "rss", "kraan", options, 300, &error);
  g_assert_no_error (error);
  id = peil_query_get_id (query);

  g_hash_table_insert (options, g_strdup ("url"), g_strdup ("http://127.0.0.1:1/nieuw.xml"));
  g_assert_true (peil_incident_update_query (incident, id, "kraan OR hijskraan", options, 600, &error));
  g_assert_no_error (error);
  changed = peil_incident_get_query (incident, id, &error);
  g_assert_cmpstr (peil_query_get_text (changed), ==, "kraan OR hijskraan");
  g_assert_cmpuint (peil_query_get_interval (changed), ==, 600);
  g_assert_cmpstr (peil_query_get_source (changed), ==, "rss");
  g_assert_cmpstr (g_hash_table_lookup (peil_query_get_options (changed), "url"), ==, "http://127.0.0.1:1/nieuw.xml");
  events = peil_incident_list_events (incident, 1, &error);
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->action, ==, "query-edited");

  g_assert_false (peil_incident_update_query (incident, id, "kraan", NULL, 5, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peil_incident_update_query (incident, 999, "kraan", NULL, 60, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
}

/* A run of a saved query records its coverage and keeps the source's state. */
static void
test_query_run (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("query-run.peil");
  peil_test_autofinal(PeilPluginEngine) engine = peil_test_engine ();
  peil_test_autofinal(PeilQuery) query = peil_incident_add_query (incident, "test-source", "", NULL, 60, NULL);
  peil_test_autofinal(PeilQuery) stored = NULL;
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "test-source"), query);
  peil_gather_job_set_option (job, "count", "5");
  peil_gather_job_set_state (job, "newest", "4");
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);

  /* The posts a query found can be listed. */
  {
    peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
    peil_test_autofinal(PeilQuery) other = peil_incident_add_query (incident, "test-source", "", NULL, 60, NULL);

    peil_test_add_post (incident, "x", "elsewhere", NULL, NULL, "Niet via de zoekopdracht");
    peil_filter_set_query_id (filter, peil_query_get_id (query));
    g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, 5);
    peil_filter_set_query_id (filter, peil_query_get_id (other));
    g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, 0);
  }

  /* Network sources describe their settings for forms. */
  {
    guint n = 0;
    const PeilSourceOption *options = peil_source_get_options (peil_plugin_engine_find_source (engine, "mastodon"), &n);

    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpstr (options[0].key, ==, "server");
    g_assert_true (options[0].required);
    g_assert_cmpstr (options[1].key, ==, "search");
    g_assert_false (options[1].required);
    g_assert_nonnull (peil_source_get_query_hint (peil_plugin_engine_find_source (engine, "rss")));
    peil_source_get_options (peil_plugin_engine_find_source (engine, "csv"), &n);
    g_assert_cmpuint (n, ==, 0);
  }

  stored = peil_incident_get_query (incident, peil_query_get_id (query), &error);
  g_assert_cmpint (peil_query_get_fetched (stored), ==, 5);
  g_assert_cmpint (peil_query_get_last_success (stored), >, 0);
  g_assert_null (peil_query_get_last_error (stored));
  g_assert_cmpstr (g_hash_table_lookup (peil_query_get_state (stored), "newest"), ==, "4");
}

/* Issue 9: a query's options and state come from the file; nesting that
 * would overflow json-glib's stack reads as no options, not a crash. */
static void
test_hostile_options (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("query-hostile.peil");
  g_autoptr(PeilQuery) query = peil_incident_add_query (incident, "rss", "kraan", NULL, 60, NULL);
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *deep = peil_test_deep_json (100000);
  g_autoptr(PeilQuery) stored = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE query SET options = ?, state = '{\"etag\": 5}' WHERE id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, deep, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, peil_query_get_id (query));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  stored = peil_incident_get_query (incident, peil_query_get_id (query), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (peil_query_get_options (stored)), ==, 0);
  g_assert_cmpuint (g_hash_table_size (peil_query_get_state (stored)), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/queries/saved", test_saved_queries);
  g_test_add_func ("/queries/run", test_query_run);
  g_test_add_func ("/queries/hostile-options", test_hostile_options);
  g_test_add_func ("/queries/update", test_update_query);

  return g_test_run ();
}

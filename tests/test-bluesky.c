/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Bluesky source against a loopback server speaking searchPosts and
 * createSession in the documented shapes (SOURCES.md d2).
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "peil-test-server.h"
#include "peil-test-util.h"

#define APP_PASSWORD "abcd-efgh-ijkl-mnop"

static char *base_url;
static PeilPluginEngine *engine;
static int sessions_created;
static char *valid_token;

static char *
post_view (const char *rkey,
           const char *text,
           const char *when)
{
  return g_strdup_printf ("{\"uri\":\"at://did:plc:abc/app.bsky.feed.post/%s\",\"cid\":\"bafy%s\","
                          "\"author\":{\"did\":\"did:plc:abc\",\"handle\":\"buur.bsky.social\",\"displayName\":\"Buur\"},"
                          "\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"%s\",\"createdAt\":\"%s\",\"langs\":[\"nl\"]},"
                          "\"indexedAt\":\"%s\",\"likeCount\":3}", rkey, rkey, text, when, when);
}

static void
reply (SoupServerMessage *message,
       guint              status,
       const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);

  if (g_str_equal (path, "/xrpc/com.atproto.server.createSession"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (message);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
      JsonObject *object = node ? json_node_get_object (node) : NULL;

      if (object && g_strcmp0 (json_object_get_string_member (object, "password"), APP_PASSWORD) == 0)
        {
          g_autofree char *answer = NULL;

          sessions_created++;
          g_free (valid_token);
          valid_token = g_strdup_printf ("jwt-%d", sessions_created);
          answer = g_strdup_printf ("{\"accessJwt\":\"%s\",\"refreshJwt\":\"r\",\"handle\":\"analist.bsky.social\",\"did\":\"did:plc:me\"}", valid_token);
          reply (message, 200, answer);
        }
      else
        reply (message, 401, "{\"error\":\"AuthenticationRequired\",\"message\":\"Invalid identifier or password\"}");
      return;
    }

  if (g_str_equal (path, "/xrpc/app.bsky.feed.searchPosts"))
    {
      const char *auth = soup_message_headers_get_one (request, "Authorization");
      const char *q = g_hash_table_lookup (query, "q");
      const char *cursor = g_hash_table_lookup (query, "cursor");
      const char *since = g_hash_table_lookup (query, "since");
      g_autofree char *expected = g_strdup_printf ("Bearer %s", valid_token);

      if (auth == NULL || !g_str_equal (auth, expected))
        {
          reply (message, 401, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}");
          return;
        }
      if (g_str_equal (q, "veel"))
        {
          /* 250 posts a minute apart, but no cursor ever: only `until`
           * reaches past the first page. */
          const char *until = g_hash_table_lookup (query, "until");
          g_autoptr(GDateTime) newest = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
          g_autoptr(GDateTime) bound = until ? g_date_time_new_from_iso8601 (until, NULL) : NULL;
          g_autoptr(GString) answer = g_string_new ("{\"posts\":[");
          guint n = 0;

          for (guint i = 0; i < 250 && n < 100; i++)
            {
              g_autoptr(GDateTime) when = g_date_time_add_minutes (newest, -(int)i);
              g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S.000Z");
              g_autofree char *rkey = g_strdup_printf ("v%u", i);
              g_autofree char *p = NULL;

              if (bound != NULL && g_date_time_compare (when, bound) >= 0)
                continue;
              p = post_view (rkey, "Veel berichten", stamp);
              g_string_append_printf (answer, "%s%s", n++ ? "," : "", p);
            }
          g_string_append (answer, "]}");
          reply (message, 200, answer->str);
          return;
        }
      if (g_str_equal (q, "diep"))
        {
          g_autofree char *deep = peil_test_deep_json (100000);
          g_autofree char *answer = g_strdup_printf ("{\"posts\":%s}", deep);
          reply (message, 200, answer);
          return;
        }
      if (g_str_equal (q, "typen"))
        {
          reply (message, 200, "{\"cursor\":5,\"posts\":[1,\"tekst\",{\"uri\":5,\"record\":{\"text\":\"x\"}},"
                               "{\"uri\":\"at://did:plc:abc/app.bsky.feed.post/t1\",\"author\":\"geen object\","
                               "\"record\":{\"text\":\"Goed\",\"langs\":[{}],\"createdAt\":7},\"indexedAt\":[]}]}");
          return;
        }
      if (g_str_equal (q, "druk"))
        {
          g_autofree char *p = post_view ("d1", "Druk", "2026-11-25T14:00:00.000Z");
          g_autofree char *answer = g_strdup_printf ("{\"cursor\":\"next\",\"posts\":[%s]}", p);
          g_autofree char *reset = g_strdup_printf ("%lld", (long long)(g_get_real_time () / G_USEC_PER_SEC + 60));

          soup_message_headers_replace (response, "ratelimit-remaining", "0");
          soup_message_headers_replace (response, "ratelimit-reset", reset);
          reply (message, 200, answer);
          return;
        }
      if (since != NULL)
        {
          g_autofree char *p = post_view ("k4", "Nieuw: de weg is weer open", "2026-11-25T16:00:00.000Z");
          g_autofree char *answer = g_strcmp0 (since, "2026-11-25T15:00:00.000Z") == 0
                                    ? g_strdup_printf ("{\"posts\":[%s]}", p) : g_strdup ("{\"posts\":[]}");
          reply (message, 200, answer);
          return;
        }
      if (cursor == NULL)
        {
          g_autofree char *a = post_view ("k3", "Kraan omgevallen, stof in de straat", "2026-11-25T15:00:00.000Z");
          g_autofree char *b = post_view ("k2", "Is het veilig om buiten te spelen?", "2026-11-25T14:30:00.000Z");
          g_autofree char *answer = g_strdup_printf ("{\"cursor\":\"c2\",\"hitsTotal\":3,\"posts\":[%s,%s]}", a, b);
          reply (message, 200, answer);
        }
      else
        {
          g_autofree char *c = post_view ("k1", "Twee kranen op huizen in Alphen", "2026-11-25T14:00:00.000Z");
          g_autofree char *answer = g_strdup_printf ("{\"posts\":[%s]}", c);
          reply (message, 200, answer);
        }
      return;
    }
  soup_server_message_set_status (message, 404, NULL);
}

static PeilQuery *
add_query (PeilIncident *incident,
           const char   *text)
{
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (options, g_strdup ("server"), g_strdup (base_url));
  g_hash_table_insert (options, g_strdup ("identifier"), g_strdup ("analist.bsky.social"));
  return peil_incident_add_query (incident, "bluesky", text, options, 60, NULL);
}

static PeilGatherJob *
run_query (PeilIncident  *incident,
           gint64         id,
           GError       **error)
{
  g_autoptr(PeilQuery) query = peil_incident_get_query (incident, id, NULL);   /* the job keeps it */
  PeilGatherJob *job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "bluesky"), query);

  peil_gather_job_run (job, NULL, error);
  return job;
}

static void
test_search (void)
{
  PeilIncident *incident = peil_test_new_incident ("bluesky.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  peil_test_autofinal(PeilQuery) query = NULL;
  peil_test_autofinal(PeilQuery) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_setenv ("PEIL_SECRET_BLUESKY", APP_PASSWORD, TRUE);
  query = add_query (incident, "kraan OR stof");

  {
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, peil_query_get_id (query), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 3);   /* two pages through the cursor */
  }
  g_assert_cmpint (sessions_created, ==, 1);

  {
    peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
    g_autoptr(GArray) ids = NULL;
    peil_test_autofinal(PeilPost) newest = NULL;

    peil_filter_set_text (filter, "stof");
    ids = peil_incident_search (incident, filter, NULL);
    newest = peil_incident_get_post (incident, g_array_index (ids, gint64, 0), NULL);
    g_assert_cmpstr (peil_post_get_remote_id (newest), ==, "at://did:plc:abc/app.bsky.feed.post/k3");
    g_assert_cmpstr (peil_post_get_url (newest), ==, "https://bsky.app/profile/buur.bsky.social/post/k3");
    g_assert_cmpstr (peil_post_get_author_handle (newest), ==, "@buur.bsky.social");
    g_assert_cmpstr (peil_post_get_language (newest), ==, "nl");
  }

  /* Polling: only what is newer, with the cached session. */
  {
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, peil_query_get_id (query), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);
  }
  g_assert_cmpint (sessions_created, ==, 1);

  /* The session expired: Peil logs in again, once, and goes on. */
  g_free (valid_token);
  valid_token = g_strdup ("revoked");
  {
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, peil_query_get_id (query), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (sessions_created, ==, 2);

  after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
  g_assert_cmpstr (g_hash_table_lookup (peil_query_get_state (after), "newest"), ==, "2026-11-25T16:00:00.000Z");

  /* Neither the app password nor a session token is in the file. */
  g_assert_finalize_object (incident);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, APP_PASSWORD));
  g_assert_null (g_strstr_len (contents, length, "jwt-"));
}

static void
test_login_and_limits (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("bluesky-limits.peil");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  {
    peil_test_autofinal(PeilQuery) query = add_query (incident, "druk");
    peil_test_autofinal(PeilQuery) after = NULL;
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = NULL;

    g_setenv ("PEIL_SECRET_BLUESKY", APP_PASSWORD, TRUE);
    job = run_query (incident, peil_query_get_id (query), &error);
    /* Stopped although a cursor was given: cut short, the marker kept. */
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "no more requests"));
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);
    after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
    g_assert_null (g_hash_table_lookup (peil_query_get_state (after), "newest"));
    g_assert_cmpint (peil_query_get_limited_until (after), >=, now + 58);
  }
  {
    g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    peil_test_autofinal(PeilQuery) query = NULL;
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = NULL;

    g_hash_table_insert (options, g_strdup ("server"), g_strdup (base_url));
    g_hash_table_insert (options, g_strdup ("identifier"), g_strdup ("iemand.bsky.social"));
    query = peil_incident_add_query (incident, "bluesky", "kraan", options, 60, NULL);
    g_setenv ("PEIL_SECRET_BLUESKY", "wrong-password", TRUE);
    job = run_query (incident, peil_query_get_id (query), &error);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "login"));
    g_assert_null (strstr (error->message, "wrong-password"));
    g_clear_error (&error);

    /* No password anywhere: the message says how to give one. */
    g_unsetenv ("PEIL_SECRET_BLUESKY");
    g_clear_object (&job);
    job = run_query (incident, peil_query_get_id (query), &error);
    g_assert_nonnull (error);
    g_assert_null (strstr (error->message, "peil-cli"));
    g_assert_true (g_error_matches (error, PEIL_ERROR, PEIL_ERROR_NEEDS_LOGIN) ||
                   strstr (error->message, "PEIL_SECRET_BLUESKY") != NULL);
  }
}

/* searchPosts' cursor stops after some thousands of posts; Peil goes on
 * with `until` set to the oldest post seen, and stops at a short page. */
static void
test_until (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("bluesky-until.peil");
  peil_test_autofinal(PeilQuery) query = NULL;
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("PEIL_SECRET_BLUESKY", APP_PASSWORD, TRUE);
  query = add_query (incident, "veel");
  job = run_query (incident, peil_query_get_id (query), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 250);
  g_assert_cmpuint (peil_gather_job_get_n_duplicates (job), ==, 0);
  g_assert_null (peil_query_get_capped (peil_gather_job_get_query (job)));

  /* With a lower page cap the coverage says that older posts were left. */
  {
    peil_test_autofinal(PeilQuery) capped = add_query (incident, "veel");
    peil_test_autofinal(PeilGatherJob) short_job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "bluesky"), capped);

    peil_gather_job_set_option (short_job, "max-pages", "2");
    g_assert_true (peil_gather_job_run (short_job, NULL, &error));
    g_assert_cmpuint (peil_gather_job_get_n_duplicates (short_job), ==, 200);
    g_assert_nonnull (peil_query_get_capped (capped));
    g_assert_nonnull (strstr (peil_query_get_capped (capped), "2 pages"));
  }
  g_unsetenv ("PEIL_SECRET_BLUESKY");
}

/* Issue 9: a hostile server's answers are a clear error on the query or
 * a rejected post, never a crash or a critical. */
static void
test_hostile_answers (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("bluesky-hostile.peil");

  g_setenv ("PEIL_SECRET_BLUESKY", APP_PASSWORD, TRUE);
  {
    g_autoptr(PeilQuery) query = add_query (incident, "diep");
    g_autoptr(PeilQuery) after = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilGatherJob) job = run_query (incident, peil_query_get_id (query), &error);

    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "nested more than 128 levels"));
    after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
    g_assert_cmpstr (peil_query_get_last_error (after), ==, error->message);
  }
  {
    g_autoptr(PeilQuery) query = add_query (incident, "typen");
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilGatherJob) job = run_query (incident, peil_query_get_id (query), &error);
    g_autoptr(PeilPost) post = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);
    g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, 3);
    post = peil_test_find_post (incident, "at://did:plc:abc/app.bsky.feed.post/t1");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Goed");
    g_assert_null (peil_post_get_language (post));
  }
  g_unsetenv ("PEIL_SECRET_BLUESKY");
}

/* Issue 9: an app password never goes over plain http to another
 * machine; the address is refused before anything is sent. */
static void
test_plain_http (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("bluesky-http.peil");
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("PEIL_SECRET_BLUESKY", APP_PASSWORD, TRUE);
  g_hash_table_insert (options, g_strdup ("server"), g_strdup ("http://0.0.0.0:1"));
  g_hash_table_insert (options, g_strdup ("identifier"), g_strdup ("analist.bsky.social"));
  query = peil_incident_add_query (incident, "bluesky", "kraan", options, 60, NULL);
  job = run_query (incident, peil_query_get_id (query), &error);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "plain http"));
  g_assert_null (strstr (error->message, APP_PASSWORD));
  g_unsetenv ("PEIL_SECRET_BLUESKY");
}

/* The way a user logs in: peil-cli login puts the app password in the
 * keyring, from standard input, and gathering finds it there. */
static void
test_keyring (void)
{
  peil_test_autofinal(PeilIncident) incident = NULL;
  g_autoptr(GHashTable) options = NULL;
  peil_test_autofinal(PeilQuery) query = NULL;
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GSubprocess) login = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *path = NULL, *contents = NULL;
  gsize length;

  if (g_getenv ("PEIL_TEST_KEYRING") == NULL)
    {
      g_test_skip ("needs the throwaway keyring of tests/with-keyring.sh");
      return;
    }
  g_unsetenv ("PEIL_SECRET_BLUESKY");

  login = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                            g_getenv ("PEIL_CLI"), "login", "bluesky", "--instance", base_url,
                            "--account", "sleutel.bsky.social", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (login, APP_PASSWORD "\n", NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (login), ==, 0);
  g_assert_null (strstr (out, APP_PASSWORD));

  path = peil_test_tmp_path ("bluesky-keyring.peil");
  incident = peil_test_new_incident ("bluesky-keyring.peil");
  options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (options, g_strdup ("server"), g_strdup (base_url));
  g_hash_table_insert (options, g_strdup ("identifier"), g_strdup ("sleutel.bsky.social"));
  query = peil_incident_add_query (incident, "bluesky", "kraan OR stof", options, 60, NULL);
  job = run_query (incident, peil_query_get_id (query), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), >, 0);

  /* Neither export format carries the secret along. */
  for (guint i = 0; i < 2; i++)
    {
      const char *format = i == 0 ? "ndjson" : "csv";
      PeilExporter *exporter = peil_plugin_engine_find_exporter (engine, format);
      g_autofree char *name = g_strconcat ("bluesky-keyring.", format, NULL);
      g_autofree char *export_path = peil_test_tmp_path (name);
      g_autoptr(GFile) file = g_file_new_for_path (export_path);
      g_autofree char *exported = NULL;
      gsize exported_length;

      g_assert_nonnull (exporter);
      g_assert_true (peil_exporter_export_file (exporter, incident, NULL, PEIL_EXPORT_REAL_NAMES, file, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (export_path, &exported, &exported_length, NULL));
      g_assert_true (g_strstr_len (exported, exported_length, "buur.bsky.social") != NULL);
      g_assert_null (g_strstr_len (exported, exported_length, APP_PASSWORD));
    }

  g_clear_object (&job);
  g_clear_object (&query);
  g_assert_finalize_object (g_steal_pointer (&incident));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, APP_PASSWORD));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  peil_test_init (&argc, &argv);
  engine = peil_test_engine ();
  base_url = peil_test_serve (handle);

  g_test_add_func ("/bluesky/search", test_search);
  g_test_add_func ("/bluesky/login-and-limits", test_login_and_limits);
  g_test_add_func ("/bluesky/until", test_until);
  g_test_add_func ("/bluesky/hostile-answers", test_hostile_answers);
  g_test_add_func ("/bluesky/plain-http", test_plain_http);
  g_test_add_func ("/bluesky/keyring", test_keyring);

  ret = g_test_run ();
  g_object_unref (engine);
  return ret;
}

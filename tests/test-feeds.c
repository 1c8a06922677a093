/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The RSS/Atom source against a loopback SoupServer, which runs in a
 * thread of its own because the source blocks the thread it gathers on.
 * Every fault a server can make is served here and must end up recorded
 * on the query, with what was fetched before it kept.
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "peil-test-server.h"
#include "peil-test-util.h"

static char *base_url;
static PeilPluginEngine *engine;

static void
serve_file (SoupServerMessage *message,
            const char        *path,
            gsize              max_length)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      soup_server_message_set_status (message, 404, NULL);
      return;
    }
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_COPY,
                                    contents, MIN (length, max_length));
}

static gboolean
dribble_byte (gpointer data)
{
  SoupServerMessage *message = data;
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (message);
  return G_SOURCE_CONTINUE;
}

static void
stop_dribbling (SoupServerMessage *message,
                GSource           *source)
{
  g_source_destroy (source);
}

/* A byte every 100 ms, for ever: each read is quick, the body never ends. */
static void
dribble (SoupServerMessage *message)
{
  g_autoptr(GSource) source = g_timeout_source_new (100);

  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (message), SOUP_ENCODING_CHUNKED);
  soup_message_body_append (soup_server_message_get_response_body (message), SOUP_MEMORY_STATIC,
                            "<?xml version=\"1.0\"?>", 21);
  g_source_set_callback (source, dribble_byte, message, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_signal_connect_data (message, "finished", G_CALLBACK (stop_dribbling),
                         g_source_ref (source), (GClosureNotify)g_source_unref, 0);
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  g_autofree char *nieuws = peil_test_fixture ("feeds/nieuws.xml");

  if (g_str_equal (path, "/nieuws.xml"))
    {
      soup_message_headers_replace (response, "ETag", "\"v1\"");
      if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), "\"v1\"") == 0)
        soup_server_message_set_status (message, 304, NULL);
      else
        serve_file (message, nieuws, G_MAXSIZE);
    }
  else if (g_str_equal (path, "/atom.xml") || g_str_equal (path, "/cp1252.xml"))
    {
      g_autofree char *name = g_strconcat ("feeds", path, NULL);
      g_autofree char *file = peil_test_fixture (name);
      serve_file (message, file, G_MAXSIZE);
    }
  else if (g_str_equal (path, "/truncated.xml"))
    serve_file (message, nieuws, 700);   /* cut in the middle of the first item's text */
  else if (g_str_equal (path, "/huge.xml"))
    {
      GString *huge = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>Eerste</title><guid>h1</guid></item><!--");
      while (huge->len < 200000)
        g_string_append (huge, "0123456789abcdef");
      g_string_append (huge, "--></channel></rss>");
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_TAKE,
                                        huge->str, huge->len);
      g_string_free (huge, FALSE);
    }
  else if (g_str_equal (path, "/entities.xml"))
    {
      /* 115 kB that a parser expanding entities turns into 500 MB. */
      GString *bomb = g_string_new ("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY e \"");
      while (bomb->len < 100000)
        g_string_append (bomb, "stof ");
      g_string_append (bomb, "\">]><rss version=\"2.0\"><channel><item><guid>e1</guid><title>Kraan &amp; stof");
      for (guint i = 0; i < 5000; i++)
        g_string_append (bomb, "&e;");
      g_string_append (bomb, "</title></item></channel></rss>");
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_TAKE, bomb->str, bomb->len);
      g_string_free (bomb, FALSE);
    }
  else if (g_str_equal (path, "/long.xml"))
    {
      GString *feed = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><guid>l1</guid><title>Lang</title><description>");
      for (guint i = 0; i < 150000; i++)
        g_string_append (feed, "é");
      g_string_append (feed, "</description></item></channel></rss>");
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_TAKE, feed->str, feed->len);
      g_string_free (feed, FALSE);
    }
  else if (g_str_equal (path, "/auth.xml"))
    soup_server_message_set_status (message, 401, NULL);
  else if (g_str_equal (path, "/busy.xml"))
    {
      soup_message_headers_replace (response, "Retry-After", "120");
      soup_server_message_set_status (message, 429, NULL);
    }
  else if (g_str_equal (path, "/forever.xml"))
    {
      soup_message_headers_replace (response, "Retry-After", "99999999999999999999");
      soup_server_message_set_status (message, 429, NULL);
    }
  else if (g_str_equal (path, "/millennia.xml"))
    {
      soup_message_headers_replace (response, "Retry-After", "300000000000");
      soup_server_message_set_status (message, 429, NULL);
    }
  else if (g_str_equal (path, "/broken.xml"))
    soup_server_message_set_status (message, 503, NULL);
  else if (g_str_equal (path, "/loop.xml"))
    soup_server_message_set_redirect (message, 302, "/loop.xml");
  else if (g_str_equal (path, "/page.html"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC,
                                        "<html><body>Geen feed</body></html>", 35);
    }
  else if (g_str_equal (path, "/slow.xml"))
    soup_server_message_pause (message);   /* never answers */
  else if (g_str_equal (path, "/dribble.xml"))
    dribble (message);
  else if (g_str_has_prefix (path, "/shared/"))
    {
      g_autofree char *file = g_build_filename (g_getenv ("PEIL_SHARED_FIXTURES"), path + 8, NULL);
      serve_file (message, file, G_MAXSIZE);
    }
  else
    soup_server_message_set_status (message, 404, NULL);
}

typedef struct
{
  PeilQuery     *query;
  PeilGatherJob *job;
  GError        *error;
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->query);
  g_clear_object (&run->job);
  g_clear_error (&run->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs a query for @path once (again for the same @query when given). */
static Run
gather (PeilIncident *incident,
        const char   *path,
        const char   *text,
        PeilQuery    *again,
        ...)
{
  Run run = { 0 };
  const char *key;
  va_list args;

  if (again == NULL)
    {
      g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (options, g_strdup ("url"), g_strconcat (base_url, path + 1, NULL));
      again = peil_incident_add_query (incident, "rss", text, options, 60, NULL);
    }
  else
    g_object_ref (again);
  g_assert_nonnull (again);

  run.job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "rss"), again);
  va_start (args, again);
  while ((key = va_arg (args, const char *)) != NULL)
    peil_gather_job_set_option (run.job, key, va_arg (args, const char *));
  va_end (args);
  peil_gather_job_run (run.job, NULL, &run.error);
  run.query = peil_incident_get_query (incident, peil_query_get_id (again), NULL);
  g_object_unref (again);
  return run;
}

static void
test_rss (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("rss.peil");
  peil_test_autofinal(PeilPost) first = NULL;
  peil_test_autofinal(PeilPost) encoded = NULL;
  gint64 when;

  {
    g_auto(Run) run = gather (incident, "/nieuws.xml", "", NULL, NULL);

    g_assert_no_error (run.error);
    g_assert_cmpuint (peil_gather_job_get_n_added (run.job), ==, 3);
    g_assert_cmpint (peil_query_get_fetched (run.query), ==, 3);
    g_assert_cmpint (peil_query_get_last_success (run.query), >, 0);
    g_assert_cmpstr (g_hash_table_lookup (peil_query_get_state (run.query), "etag"), ==, "\"v1\"");

    /* The server says nothing changed: nothing is read, the success counts. */
    {
      g_auto(Run) second = gather (incident, NULL, NULL, run.query, NULL);
      g_assert_no_error (second.error);
      g_assert_cmpuint (peil_gather_job_get_n_added (second.job) + peil_gather_job_get_n_duplicates (second.job), ==, 0);
      g_assert_null (peil_query_get_last_error (second.query));
    }
  }

  first = peil_test_find_post (incident, "ow-1001");
  g_assert_nonnull (first);
  /* HTML reduced to text: tags and script gone, entities resolved, paragraphs kept. */
  g_assert_cmpstr (peil_post_get_text (first), ==,
                   "Twee kranen omgevallen in Alphen aan den Rijn\n\n"
                   "Bij de bouw aan de Julianastraat zijn twee kranen op huizen gevallen.\n"
                   "De brandweer onderzoekt of er & asbest is vrijgekomen.");
  g_assert_cmpstr (peil_post_get_url (first), ==, "https://www.omroepwest.nl/nieuws/1001");
  g_assert_cmpstr (peil_post_get_author_name (first), ==, "Redactie");
  g_assert_cmpstr (peil_post_get_channel (first), ==, "127.0.0.1");
  g_assert_true (peil_time_parse ("2026-11-25T14:10:00Z", NULL, &when));
  g_assert_cmpint (peil_post_get_created_at (first), ==, when);
  g_assert_cmpstr (peil_post_get_mapper (first), ==, "feed/1");
  g_assert_true (g_str_has_prefix (peil_post_get_raw (first), "<item>"));

  encoded = peil_test_find_post (incident, "ow-1003");
  g_assert_cmpstr (peil_post_get_text (encoded), ==,
                   "Politie zet straat af\n\nDe politie heeft de straat afgezet voor ramptoeristen.");
}

static void
test_query_filters_items (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("rss-query.peil");

  {
    g_auto(Run) run = gather (incident, "/nieuws.xml", "asbest OR stof", NULL, NULL);
    g_assert_cmpuint (peil_gather_job_get_n_added (run.job), ==, 2);
  }
  {
    g_auto(Run) run = gather (incident, "/nieuws.xml", "straat -politie", NULL, NULL);
    g_assert_cmpuint (peil_gather_job_get_n_added (run.job) + peil_gather_job_get_n_duplicates (run.job), ==, 0);
  }
  {
    g_auto(Run) run = gather (incident, "/nieuws.xml", "kraan*", NULL, NULL);   /* prefix: "kranen" does not count */
    g_assert_cmpuint (peil_gather_job_get_n_added (run.job) + peil_gather_job_get_n_duplicates (run.job), ==, 0);
  }
}

static void
test_atom_and_encoding (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("atom.peil");
  peil_test_autofinal(PeilPost) alert = NULL;
  peil_test_autofinal(PeilPost) cafe = NULL;

  {
    g_auto(Run) atom = gather (incident, "/atom.xml", "", NULL, NULL);
    g_auto(Run) cp1252 = gather (incident, "/cp1252.xml", "", NULL, NULL);

    g_assert_no_error (atom.error);
    g_assert_no_error (cp1252.error);
  }

  alert = peil_test_find_post (incident, "urn:vrhm:nieuws:42");
  g_assert_cmpstr (peil_post_get_text (alert), ==, "NL-Alert verstuurd voor Alphen\n\nHoud ramen en deuren gesloten.");
  g_assert_cmpstr (peil_post_get_url (alert), ==, "https://www.vrhm.nl/nieuws/42");   /* rel defaults to alternate */
  g_assert_cmpstr (peil_post_get_author_name (alert), ==, "Communicatie VRHM");

  cafe = peil_test_find_post (incident, "cp-1");
  g_assert_cmpstr (peil_post_get_text (cafe), ==, "Café De Zwaan dicht na instorting");
}

static void
assert_fault (PeilIncident *incident,
              const char   *path,
              const char   *message_part,
              guint         expected_posts,
              ...)
{
  g_auto(Run) run = { 0 };
  const char *key, *value;
  va_list args;
  g_autoptr(GPtrArray) options = g_ptr_array_new ();

  va_start (args, expected_posts);
  while ((key = va_arg (args, const char *)) != NULL && (value = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (options, (gpointer)key);
      g_ptr_array_add (options, (gpointer)value);
    }
  va_end (args);

  run = gather (incident, path, "", NULL,
                options->len > 0 ? g_ptr_array_index (options, 0) : NULL,
                options->len > 1 ? g_ptr_array_index (options, 1) : NULL,
                NULL);
  g_test_message ("%s: %s", path, run.error ? run.error->message : "(no error)");
  g_assert_nonnull (run.error);
  g_assert_nonnull (strstr (run.error->message, message_part));
  /* Recorded on the query for the coverage line. */
  g_assert_cmpstr (peil_query_get_last_error (run.query), ==, run.error->message);
  g_assert_cmpint (peil_query_get_last_success (run.query), ==, 0);
  g_assert_cmpuint (peil_gather_job_get_n_added (run.job), ==, expected_posts);
}

static void
test_faults (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("faults.peil");

  assert_fault (incident, "/auth.xml", "login", 0, NULL);
  assert_fault (incident, "/gone.xml", "HTTP 404", 0, NULL);
  assert_fault (incident, "/broken.xml", "HTTP 503", 0, NULL);
  assert_fault (incident, "/page.html", "not an RSS or Atom feed", 0, NULL);
  assert_fault (incident, "/truncated.xml", "cut off", 1, NULL);   /* the first item, cut short, is kept */
  assert_fault (incident, "/huge.xml", "larger than 4096 bytes", 1, "max-bytes", "4096", NULL);
  assert_fault (incident, "/slow.xml", "", 0, "timeout", "1", NULL);
  /* Only web addresses are fetched: a file, or no address at all, is said. */
  assert_fault (incident, "/feed.xml", "not a web address", 0, "url", "file:///etc/passwd", NULL);
  assert_fault (incident, "/feed.xml", "not a web address", 0, "url", "https://", NULL);

  /* Issue 9: a server that keeps sending a byte at a time meets the
   * request's deadline, not only the per-read timeout. */
  {
    gint64 start = g_get_monotonic_time ();

    assert_fault (incident, "/dribble.xml", "did not answer in full within 2 seconds", 0, "timeout", "2", NULL);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  }

  /* A server fault: the query pauses, longer after each fault in a row,
   * with jitter, and a success ends the series. */
  {
    /* Measured from just before the faults, not from the slow tests above. */
    gint64 before_faults = g_get_real_time () / G_USEC_PER_SEC;
    g_auto(Run) first = gather (incident, "/broken.xml", "", NULL, NULL);
    gint64 first_pause = peil_query_get_limited_until (first.query) - before_faults;
    g_auto(Run) second = gather (incident, "/broken.xml", "", first.query, NULL);
    gint64 second_pause = peil_query_get_limited_until (second.query) - before_faults;
    g_auto(Run) third = { 0 };
    g_autofree char *working = g_strconcat (base_url, "nieuws.xml", NULL);

    g_assert_cmpint (first_pause, >=, 15);
    g_assert_cmpint (first_pause, <=, 30 + 2);
    g_assert_cmpint (second_pause, >=, 30);
    g_assert_cmpint (second_pause, <=, 60 + 2);
    g_assert_cmpstr (g_hash_table_lookup (peil_query_get_state (second.query), "server-faults"), ==, "2");

    /* The server is back: the same query, pointed at a working feed. */
    third = gather (incident, "/nieuws.xml", "", second.query, "url", working, NULL);
    g_assert_no_error (third.error);
    g_assert_null (g_hash_table_lookup (peil_query_get_state (third.query), "server-faults"));
    g_assert_cmpint (peil_query_get_limited_until (third.query), ==, 0);
  }
  {
    g_auto(Run) run = gather (incident, "/loop.xml", "", NULL, NULL);
    g_assert_nonnull (run.error);
    g_assert_nonnull (peil_query_get_last_error (run.query));
  }
  {
    /* Measured from just before the request, not from the slow tests above. */
    gint64 asked = g_get_real_time () / G_USEC_PER_SEC;
    g_auto(Run) run = gather (incident, "/busy.xml", "", NULL, NULL);
    gint64 answered = g_get_real_time () / G_USEC_PER_SEC;

    g_assert_nonnull (strstr (run.error->message, "429"));
    g_assert_cmpint (peil_query_get_limited_until (run.query), >=, asked + 119);
    g_assert_cmpint (peil_query_get_limited_until (run.query), <=, answered + 121);
  }
  g_assert_true (peil_incident_check_integrity (incident, NULL));
}

/* A Retry-After past what a number holds, or of millennia: the query
 * waits a day at most (a server cannot block it for good), and the
 * message names the day as well as the time. */
static void
test_absurd_retry_after (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("wachten.peil");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *paths[] = { "/forever.xml", "/millennia.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Run) run = gather (incident, paths[i], "", NULL, NULL);
      g_autofree char *day = peil_format_time (now + 24 * 60 * 60, "%e");

      g_assert_nonnull (run.error);
      g_assert_nonnull (strstr (run.error->message, "429"));
      g_assert_null (strstr (run.error->message, "(null)"));
      g_assert_nonnull (strstr (run.error->message, g_strstrip (day)));
      g_assert_cmpint (peil_query_get_limited_until (run.query), >=, now + 24 * 60 * 60 - 1);
      g_assert_cmpint (peil_query_get_limited_until (run.query), <=, now + 24 * 60 * 60 + 5);
    }
}

/* Issue 9: entities a feed declares are not expanded, and no item makes a
 * post longer than PEIL_POST_MAX_TEXT characters. */
static void
test_entities_and_long_text (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("rss-hostile.peil");
  g_autoptr(PeilPost) bomb = NULL, long_post = NULL;
  const char *text;

  assert_fault (incident, "/entities.xml", "entities of its own", 1, NULL);
  bomb = peil_test_find_post (incident, "e1");
  g_assert_cmpstr (peil_post_get_text (bomb), ==, "Kraan & stof");

  {
    g_auto(Run) run = gather (incident, "/long.xml", "", NULL, NULL);
    g_assert_no_error (run.error);
  }
  long_post = peil_test_find_post (incident, "l1");
  text = peil_post_get_text (long_post);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (text, -1), ==, PEIL_POST_MAX_TEXT + 4);   /* " […]" */
  g_assert_true (g_str_has_prefix (text, "Lang\n\néé"));
  g_assert_true (g_str_has_suffix (text, "éé […]"));
}

/* The feedparser fixtures in ../shared, where their Expect: concerns
 * Peil's fields (skipped when ../shared is not there). */
static void
test_shared_fixtures (void)
{
  const struct { const char *file; const char *id; const char *text; const char *url; const char *time; } cases[] = {
    { "atom10/entry_summary_inline_markup.xml", NULL, "Example Atom", NULL, NULL },
    { "atom10/entry_content_inline_markup.xml", NULL, "Example Atom", NULL, NULL },
    { "rss/item_description_br_shorttag.xml", NULL, "x", NULL, NULL },
    { "rss/item_dc_description.xml", NULL, "Example description", NULL, NULL },
  };
  const char *shared = g_getenv ("PEIL_SHARED_FIXTURES");

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/fixtures/feeds is not there");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      peil_test_autofinal(PeilIncident) incident = NULL;
      g_autofree char *name = g_strdup_printf ("shared-%u.peil", i);
      g_autofree char *path = g_strconcat ("/shared/", cases[i].file, NULL);
      peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
      g_autoptr(GArray) ids = NULL;
      peil_test_autofinal(PeilPost) post = NULL;
      g_auto(Run) run = { 0 };

      incident = peil_test_new_incident (name);
      run = gather (incident, path, "", NULL, NULL);
      g_test_message ("%s: %s", cases[i].file, run.error ? run.error->message : "ok");
      ids = peil_incident_search (incident, filter, NULL);
      g_assert_cmpuint (ids->len, ==, 1);
      post = peil_incident_get_post (incident, g_array_index (ids, gint64, 0), NULL);
      g_assert_cmpstr (peil_post_get_text (post), ==, cases[i].text);
    }
}

static int
run_cli (char **out,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)g_getenv ("PEIL_CLI"));
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* peil-cli query and gather, once and following until Ctrl+C. */
static void
test_cli_gather (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("cli-gather.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *url = g_strconcat ("url=", base_url, "nieuws.xml", NULL);
  g_autofree char *out = NULL, *listed = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GSubprocess) follower = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *query;

  g_clear_object (&incident);
  g_assert_cmpint (run_cli (&out, "query", "add", path, "rss", "asbest OR stof", "--set", url, "--every", "10", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, "query", "add", path, "nothing", "x", NULL), ==, 1);
  g_assert_cmpint (run_cli (NULL, "query", "add", path, "rss", "x", "--set", "zonder-is", NULL), ==, 2);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "gather", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 added"));

  g_assert_cmpint (run_cli (&listed, "query", "list", path, "--json", NULL), ==, 0);
  node = json_from_string (listed, &error);
  g_assert_no_error (error);
  query = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "queries"), 0);
  g_assert_cmpstr (json_object_get_string_member (query, "query"), ==, "asbest OR stof");
  g_assert_cmpint (json_object_get_int_member (query, "fetched"), ==, 2);
  g_assert_true (json_object_get_null_member (query, "last_error"));
  g_assert_nonnull (json_object_get_string_member (query, "last_success"));

  g_assert_cmpint (run_cli (NULL, "query", "disable", path, "1", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, "query", "enable", path, "1", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, "query", "remove", path, "7", NULL), ==, 1);

  /* --follow keeps going until Ctrl+C, then stops cleanly. */
  follower = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                               g_getenv ("PEIL_CLI"), "gather", path, "--follow", NULL);
  g_assert_no_error (error);
  g_usleep (1500 * 1000);
  g_subprocess_send_signal (follower, SIGINT);
  g_assert_true (g_subprocess_wait (follower, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (follower));
  g_assert_cmpint (g_subprocess_get_exit_status (follower), ==, 0);

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    peil_test_autofinal(PeilIncident) reopened = peil_incident_open (file, &error);

    g_assert_no_error (error);
    g_assert_true (peil_incident_check_integrity (reopened, NULL));
    g_assert_cmpint (peil_incident_count_posts (reopened), ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *shared = NULL;
  int ret;

  peil_test_init (&argc, &argv);
  shared = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "fixtures", "feeds", NULL);
  g_setenv ("PEIL_SHARED_FIXTURES", shared, TRUE);
  engine = peil_test_engine ();
  base_url = peil_test_serve (handle);

  g_test_add_func ("/feeds/rss", test_rss);
  g_test_add_func ("/feeds/query-filters-items", test_query_filters_items);
  g_test_add_func ("/feeds/atom-and-encoding", test_atom_and_encoding);
  g_test_add_func ("/feeds/faults", test_faults);
  g_test_add_func ("/feeds/absurd-retry-after", test_absurd_retry_after);
  g_test_add_func ("/feeds/entities-and-long-text", test_entities_and_long_text);
  g_test_add_func ("/feeds/shared-fixtures", test_shared_fixtures);
  g_test_add_func ("/feeds/cli-gather", test_cli_gather);

  ret = g_test_run ();
  g_object_unref (engine);
  return ret;
}

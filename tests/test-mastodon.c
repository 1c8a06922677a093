/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Mastodon source against a loopback SoupServer (in its own thread,
 * as the source blocks its caller): paging through Link, incremental
 * polling from the newest id, the rate limit heeded, and the real
 * recorded exchanges of ../shared/fixtures/mastodon replayed (parsed with
 * libyaml) when they are there.
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>
#include <yaml.h>

#include "peil-test-server.h"
#include "peil-test-util.h"

#define SEARCH_TOKEN "tok-zoeken-123"

static char *base_url;
static PeilPluginEngine *engine;
static GPtrArray *cassette;   /* Interaction */

typedef struct
{
  char       *path_and_query;
  guint       status;
  GHashTable *headers;
  char       *body;
} Interaction;

static char *
status_json (const char *id,
             const char *html,
             const char *acct,
             const char *reblog)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"uri\":\"https://127.0.0.1/statuses/%s\",\"url\":\"https://127.0.0.1/@%s/%s\","
                          "\"created_at\":\"2026-11-25T14:%s0:00.000Z\",\"language\":\"nl\",\"spoiler_text\":\"\","
                          "\"content\":\"%s\",\"account\":{\"id\":\"9\",\"username\":\"%s\",\"acct\":\"%s\",\"display_name\":\"\"},"
                          "\"reblog\":%s}",
                          id, id, acct, id, id, html, acct, acct, reblog ? reblog : "null");
}

static void
respond (SoupServerMessage *message,
         const char        *json,
         const char        *link)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  if (link != NULL)
    {
      g_autofree char *value = g_strdup_printf ("<%s%s>; rel=\"next\"", base_url, link + 1);
      soup_message_headers_replace (headers, "Link", value);
    }
  soup_message_headers_replace (headers, "X-RateLimit-Limit", "300");
  soup_message_headers_replace (headers, "X-RateLimit-Remaining", "299");
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static char *
without_limit (const char *path,
               GHashTable *query)
{
  g_autoptr(GString) key = g_string_new (path);
  const char *names[] = { "max_id", "min_id", "since_id" };
  const char *separator = "?";

  for (guint i = 0; query && i < G_N_ELEMENTS (names); i++)
    if (g_hash_table_lookup (query, names[i]))
      {
        g_string_append_printf (key, "%s%s=%s", separator, names[i], (char *)g_hash_table_lookup (query, names[i]));
        separator = "&";
      }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
replay (SoupServerMessage *message,
        const char        *path,
        GHashTable        *query)
{
  g_autofree char *key = without_limit (path, query);

  for (guint i = 0; cassette && i < cassette->len; i++)
    {
      Interaction *interaction = g_ptr_array_index (cassette, i);
      GHashTableIter iter;
      gpointer name, value;

      if (!g_str_equal (interaction->path_and_query, key))
        continue;
      g_hash_table_iter_init (&iter, interaction->headers);
      while (g_hash_table_iter_next (&iter, &name, &value))
        if (g_ascii_strcasecmp (name, "content-length") != 0 && g_ascii_strcasecmp (name, "transfer-encoding") != 0)
          {
            g_autoptr(GString) rewritten = g_string_new (value);
            g_autofree char *base = g_strndup (base_url, strlen (base_url) - 1);
            g_string_replace (rewritten, "http://localhost:3000", base, 0);
            soup_message_headers_replace (soup_server_message_get_response_headers (message), name, rewritten->str);
          }
      soup_server_message_set_status (message, interaction->status, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        interaction->body, strlen (interaction->body));
      return;
    }
  respond (message, "[]", NULL);   /* past the recorded pages: nothing more */
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  const char *max_id = query ? g_hash_table_lookup (query, "max_id") : NULL;
  const char *min_id = query ? g_hash_table_lookup (query, "min_id") : NULL;

  if (g_str_equal (path, "/api/v1/timelines/tag/kraan"))
    {
      g_autofree char *s1 = status_json ("1", "<p>Is de weg nog dicht?</p>", "anna@mastodon.nl", NULL);
      g_autofree char *original = status_json ("77", "<p>Sterkte Alphen</p>", "piet@social.example", NULL);
      g_autofree char *s2 = status_json ("2", "", "buur", original);
      g_autofree char *s3 = status_json ("3", "<p>Kraan om in <a href=\\\"https://127.0.0.1/tags/alphen\\\" class=\\\"mention hashtag\\\">#<span>alphen</span></a> zie <a href=\\\"https://nos.nl/a/1\\\"><span class=\\\"invisible\\\">https://</span><span>nos.nl/a/1</span></a></p><p>Tweede regel</p>", "buur", NULL);
      g_autofree char *s4 = status_json ("4", "<p>Nieuw: ramen dicht</p>", "buur", NULL);

      if (min_id && g_str_equal (min_id, "3"))
        {
          g_autofree char *page = g_strdup_printf ("[%s]", s4);
          respond (message, page, NULL);
        }
      else if (min_id != NULL)
        respond (message, "[]", NULL);
      else if (max_id == NULL)
        {
          g_autofree char *page = g_strdup_printf ("[%s,%s]", s3, s2);
          respond (message, page, "/api/v1/timelines/tag/kraan?max_id=2");
        }
      else if (g_str_equal (max_id, "2"))
        {
          g_autofree char *page = g_strdup_printf ("[%s]", s1);
          respond (message, page, "/api/v1/timelines/tag/kraan?max_id=1");
        }
      else
        respond (message, "[]", NULL);
    }
  else if (g_str_equal (path, "/api/v1/timelines/tag/druk"))
    {
      g_autofree char *s5 = status_json ("5", "<p>Druk</p>", "buur", NULL);
      g_autofree char *page = g_strdup_printf ("[%s]", s5);
      g_autoptr(GDateTime) reset = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + 60);
      g_autofree char *reset_text = g_date_time_format (reset, "%Y-%m-%dT%H:%M:%S.000000Z");

      respond (message, page, "/api/v1/timelines/tag/druk?max_id=5");
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "X-RateLimit-Remaining", "0");
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "X-RateLimit-Reset", reset_text);
    }
  else if (g_str_equal (path, "/api/v1/timelines/tag/vol"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", "90");
      soup_server_message_set_status (message, 429, NULL);
    }
  else if (g_str_equal (path, "/api/v2/search"))
    {
      const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (message), "Authorization");
      g_autofree char *s11 = status_json ("11", "<p>Kraan in Alphen?</p>", "anna@mastodon.nl", NULL);
      g_autofree char *s12 = status_json ("12", "<p>Kraan op huizen</p>", "buur", NULL);
      g_autofree char *s13 = status_json ("13", "<p>Kraan: school dicht</p>", "buur", NULL);
      g_autofree char *page = NULL;

      if (g_strcmp0 (auth, "Bearer " SEARCH_TOKEN) != 0)
        {
          const char *json = "{\"error\":\"The access token is invalid\"}";
          soup_server_message_set_status (message, 401, NULL);
          soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
          return;
        }
      g_assert_cmpstr (g_hash_table_lookup (query, "type"), ==, "statuses");
      if (min_id != NULL && g_str_equal (min_id, "12"))
        page = g_strdup_printf ("{\"accounts\":[],\"statuses\":[%s],\"hashtags\":[]}", s13);
      else if (min_id != NULL || max_id != NULL)
        page = g_strdup ("{\"accounts\":[],\"statuses\":[],\"hashtags\":[]}");
      else
        page = g_strdup_printf ("{\"accounts\":[],\"statuses\":[%s,%s],\"hashtags\":[]}", s12, s11);
      respond (message, page, NULL);
    }
  else if (g_str_equal (path, "/api/v1/timelines/tag/halfweg"))
    {
      /* The second page fails once, as a server in trouble does. */
      static gboolean failed_once;
      g_autofree char *s22 = status_json ("22", "<p>Eerste pagina, nieuwste</p>", "buur", NULL);
      g_autofree char *s21 = status_json ("21", "<p>Eerste pagina</p>", "buur", NULL);
      g_autofree char *s20 = status_json ("20", "<p>Tweede pagina</p>", "buur", NULL);
      g_autofree char *page = NULL;

      if (max_id == NULL && min_id == NULL)
        {
          page = g_strdup_printf ("[%s,%s]", s22, s21);
          respond (message, page, "/api/v1/timelines/tag/halfweg?max_id=21");
        }
      else if (g_strcmp0 (max_id, "21") == 0 && !failed_once)
        {
          failed_once = TRUE;
          soup_server_message_set_status (message, 503, NULL);
        }
      else if (g_strcmp0 (max_id, "21") == 0)
        {
          page = g_strdup_printf ("[%s]", s20);
          respond (message, page, NULL);
        }
      else
        respond (message, "[]", NULL);
    }
  else if (g_str_equal (path, "/api/v1/timelines/tag/diep"))
    {
      g_autofree char *deep = peil_test_deep_json (100000);
      respond (message, deep, NULL);
    }
  else if (g_str_equal (path, "/api/v1/timelines/tag/typen"))
    respond (message, "[1,\"tekst\",{\"id\":\"20\",\"uri\":5},"
                      "{\"id\":\"21\",\"uri\":\"https://127.0.0.1/statuses/21\",\"content\":\"<p>Goed</p>\","
                      "\"account\":\"geen object\",\"reblog\":7,\"created_at\":[],\"language\":{}}]", NULL);
  else if (g_str_equal (path, "/api/v1/timelines/tag/nul"))
    {
      /* One hostile post with NUL, escaped and raw, among good ones. */
      g_autofree char *s31 = status_json ("31", "<p>Voor\\u0000na</p>", "buur", NULL);
      g_autofree char *s32 = status_json ("32", "<p>Gewoon</p>", "buur", NULL);
      g_autofree char *s33 = status_json ("33", "<p>Streep \\\\u0000 blijft</p>", "buur", NULL);
      g_autofree char *page = g_strdup_printf ("[%s,%s,%s]", s33, s32, s31);
      gsize length = strlen (page);
      char *raw = strstr (page, "Gewoon");

      raw[2] = '\0';
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, page, length);
    }
  else if (g_str_equal (path, "/api/v1/timelines/tag/kapot"))
    respond (message, "[{\"id\":\"8\",", NULL);
  else
    replay (message, path, query);
}

/* The VCR cassettes Mastodon.py recorded against a real server. */
static const char *
scalar (yaml_document_t *doc,
        yaml_node_t     *mapping,
        const char      *key,
        yaml_node_t    **out_node)
{
  if (mapping == NULL || mapping->type != YAML_MAPPING_NODE)
    return NULL;
  for (yaml_node_pair_t *pair = mapping->data.mapping.pairs.start; pair < mapping->data.mapping.pairs.top; pair++)
    {
      yaml_node_t *k = yaml_document_get_node (doc, pair->key);
      yaml_node_t *v = yaml_document_get_node (doc, pair->value);

      if (k->type == YAML_SCALAR_NODE && g_str_equal ((char *)k->data.scalar.value, key))
        {
          if (out_node)
            *out_node = v;
          return v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
        }
    }
  return NULL;
}

static void
load_cassette (const char *path)
{
  FILE *file = fopen (path, "rb");
  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_node_t *root, *interactions = NULL;

  if (file == NULL)
    return;
  yaml_parser_initialize (&parser);
  yaml_parser_set_input_file (&parser, file);
  g_assert_true (yaml_parser_load (&parser, &doc));
  root = yaml_document_get_root_node (&doc);
  scalar (&doc, root, "interactions", &interactions);

  for (yaml_node_item_t *item = interactions->data.sequence.items.start; item < interactions->data.sequence.items.top; item++)
    {
      yaml_node_t *interaction = yaml_document_get_node (&doc, *item);
      yaml_node_t *request = NULL, *response = NULL, *body = NULL, *headers = NULL, *status = NULL;
      const char *uri, *method;
      Interaction *recorded;

      scalar (&doc, interaction, "request", &request);
      scalar (&doc, interaction, "response", &response);
      method = scalar (&doc, request, "method", NULL);
      uri = scalar (&doc, request, "uri", NULL);
      if (g_strcmp0 (method, "GET") != 0 || uri == NULL || !g_str_has_prefix (uri, "http://localhost:3000/"))
        continue;

      recorded = g_new0 (Interaction, 1);
      recorded->path_and_query = g_strdup (uri + strlen ("http://localhost:3000"));
      scalar (&doc, response, "body", &body);
      {
        g_autoptr(GString) rewritten = g_string_new (scalar (&doc, body, "string", NULL));
        g_autofree char *base = g_strndup (base_url, strlen (base_url) - 1);
        g_string_replace (rewritten, "http://localhost:3000", base, 0);
        recorded->body = g_string_free (g_steal_pointer (&rewritten), FALSE);
      }
      scalar (&doc, response, "status", &status);
      recorded->status = g_ascii_strtoull (scalar (&doc, status, "code", NULL), NULL, 10);
      recorded->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      scalar (&doc, response, "headers", &headers);
      for (yaml_node_pair_t *pair = headers->data.mapping.pairs.start; pair < headers->data.mapping.pairs.top; pair++)
        {
          yaml_node_t *name = yaml_document_get_node (&doc, pair->key);
          yaml_node_t *values = yaml_document_get_node (&doc, pair->value);
          yaml_node_t *first = yaml_document_get_node (&doc, *values->data.sequence.items.start);

          g_hash_table_insert (recorded->headers, g_strdup ((char *)name->data.scalar.value),
                               g_strdup ((char *)first->data.scalar.value));
        }
      g_ptr_array_add (cassette, recorded);
    }

  yaml_document_delete (&doc);
  yaml_parser_delete (&parser);
  fclose (file);
}

static PeilQuery *
add_query (PeilIncident *incident,
           const char   *text)
{
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (options, g_strdup ("server"), g_strdup (base_url));
  return peil_incident_add_query (incident, "mastodon", text, options, 60, NULL);
}

static PeilGatherJob *
run_query (PeilIncident  *incident,
           PeilQuery     *query,
           GError       **error)
{
  PeilGatherJob *job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "mastodon"), query);

  peil_gather_job_run (job, NULL, error);
  return job;
}

static void
test_paging_and_polling (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("mastodon.peil");
  peil_test_autofinal(PeilQuery) query = add_query (incident, "#kraan");
  peil_test_autofinal(PeilQuery) after = NULL;
  peil_test_autofinal(PeilGatherJob) first = NULL;
  peil_test_autofinal(PeilGatherJob) second = NULL;
  peil_test_autofinal(PeilPost) post = NULL;
  peil_test_autofinal(PeilPost) boost = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *handle = NULL;

  first = run_query (incident, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (first), ==, 3);

  post = peil_test_find_post (incident, "https://127.0.0.1/statuses/3");
  g_assert_nonnull (post);
  /* HTML to text with the links kept (the full URL, hashtags as written). */
  g_assert_cmpstr (peil_post_get_text (post), ==, "Kraan om in #alphen zie https://nos.nl/a/1\nTweede regel");
  handle = g_strdup_printf ("@buur@%s", "127.0.0.1");
  g_assert_cmpstr (peil_post_get_author_handle (post), ==, handle);
  g_assert_cmpstr (peil_post_get_language (post), ==, "nl");
  g_assert_cmpstr (peil_post_get_mapper (post), ==, "mastodon/1");

  /* A boost is stored as the post it boosts. */
  boost = peil_test_find_post (incident, "https://127.0.0.1/statuses/77");
  g_assert_nonnull (boost);
  g_assert_cmpstr (peil_post_get_author_handle (boost), ==, "@piet@social.example");

  /* The next run asks only for what is newer than the newest seen. */
  after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
  g_assert_cmpstr (g_hash_table_lookup (peil_query_get_state (after), "newest-id"), ==, "3");
  second = run_query (incident, after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (second), ==, 1);
  g_clear_object (&after);
  after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
  g_assert_cmpstr (g_hash_table_lookup (peil_query_get_state (after), "newest-id"), ==, "4");
  g_assert_cmpint (peil_query_get_fetched (after), ==, 4);
}

static void
test_rate_limits_and_faults (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("mastodon-limits.peil");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* The limit is heeded before the server must refuse: paging stops, the
   * run is cut short, and the newest-post marker stays for the rest. */
  {
    peil_test_autofinal(PeilQuery) query = add_query (incident, "#druk");
    peil_test_autofinal(PeilQuery) after = NULL;
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, query, &error);

    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "no more requests"));
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);
    after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
    g_assert_null (g_hash_table_lookup (peil_query_get_state (after), "newest-id"));
    g_assert_cmpint (peil_query_get_limited_until (after), >=, now + 58);
    g_assert_cmpint (peil_query_get_limited_until (after), <=, now + 62);
  }
  {
    peil_test_autofinal(PeilQuery) query = add_query (incident, "#vol");
    peil_test_autofinal(PeilQuery) after = NULL;
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, query, &error);

    g_assert_nonnull (strstr (error->message, "429"));
    after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
    g_assert_cmpint (peil_query_get_limited_until (after), >=, now + 88);
  }
  {
    peil_test_autofinal(PeilQuery) query = add_query (incident, "#kapot");
    peil_test_autofinal(PeilQuery) after = NULL;
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, query, &error);

    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
    g_assert_cmpstr (peil_query_get_last_error (after), ==, error->message);
  }
  {
    peil_test_autofinal(PeilQuery) query = add_query (incident, "");
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, query, &error);

    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  }
}

/* Issue 9: a hostile server's answers are a clear error on the query or
 * a rejected status, never a crash or a critical. */
static void
test_hostile_answers (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("mastodon-hostile.peil");

  {
    g_autoptr(PeilQuery) query = add_query (incident, "#diep");
    g_autoptr(PeilQuery) after = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilGatherJob) job = run_query (incident, query, &error);

    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "nested more than 128 levels"));
    after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
    g_assert_cmpstr (peil_query_get_last_error (after), ==, error->message);
  }
  {
    g_autoptr(PeilQuery) query = add_query (incident, "#typen");
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilGatherJob) job = run_query (incident, query, &error);
    g_autoptr(PeilPost) post = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);
    g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, 3);
    post = peil_test_find_post (incident, "https://127.0.0.1/statuses/21");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Goed");
    g_assert_null (peil_post_get_author_handle (post));
  }
}

/* A page with one post holding NUL is read whole: the NUL becomes
 * U+FFFD, where refusing the page failed the query on every run. */
static void
test_nul_in_page (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("mastodon-nul.peil");
  peil_test_autofinal(PeilQuery) query = add_query (incident, "#nul");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = run_query (incident, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 3);
  {
    g_autoptr(PeilPost) post = peil_test_find_post (incident, "https://127.0.0.1/statuses/31");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Voor\xef\xbf\xbdna");
  }
  {
    g_autoptr(PeilPost) post = peil_test_find_post (incident, "https://127.0.0.1/statuses/32");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Ge\xef\xbf\xbdoon");
  }
  {
    g_autoptr(PeilPost) post = peil_test_find_post (incident, "https://127.0.0.1/statuses/33");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Streep \\u0000 blijft");
  }
}

/* The hashtag timeline Mastodon.py recorded, replayed. */
/* A first run that stops at its page cap says so on the query; one that
 * reads to the end does not. */
/* A run cut short by a fault keeps what it stored, says so, and leaves
 * the newest-post marker where it was: the next run goes back down past
 * the posts it already has and fetches the rest. */
static void
test_cut_short (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("halfweg.peil");
  g_autoptr(PeilQuery) query = add_query (incident, "#halfweg");
  g_autoptr(PeilQuery) after = NULL;
  g_autoptr(PeilGatherJob) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;

  first = run_query (incident, query, &error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "HTTP 503"));
  g_assert_nonnull (strstr (error->message, "2 posts"));
  g_assert_cmpuint (peil_gather_job_get_n_added (first), ==, 2);

  after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
  g_assert_null (g_hash_table_lookup (peil_query_get_state (after), "newest-id"));
  g_assert_cmpint (peil_query_get_last_success (after), ==, 0);
  g_assert_cmpstr (peil_query_get_last_error (after), ==, error->message);
  g_assert_cmpint (peil_query_get_fetched (after), ==, 2);

  g_clear_error (&error);
  second = run_query (incident, after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (second), ==, 1);
  g_assert_cmpuint (peil_gather_job_get_n_duplicates (second), ==, 2);
  {
    g_autoptr(PeilPost) found = peil_test_find_post (incident, "https://127.0.0.1/statuses/20");
    g_assert_nonnull (found);
  }
  g_clear_object (&after);
  after = peil_incident_get_query (incident, peil_query_get_id (query), NULL);
  g_assert_cmpstr (g_hash_table_lookup (peil_query_get_state (after), "newest-id"), ==, "22");
  g_assert_null (peil_query_get_last_error (after));
}

static void
test_page_cap (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("mastodon-cap.peil");
  peil_test_autofinal(PeilQuery) whole = add_query (incident, "#kraan");
  peil_test_autofinal(PeilQuery) capped = add_query (incident, "#kraan");
  peil_test_autofinal(PeilGatherJob) full_job = NULL;
  peil_test_autofinal(PeilGatherJob) short_job = NULL;
  peil_test_autofinal(PeilQuery) reread = NULL;
  g_autoptr(GError) error = NULL;

  full_job = run_query (incident, whole, &error);
  g_assert_no_error (error);
  g_assert_null (peil_query_get_capped (whole));

  short_job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "mastodon"), capped);
  peil_gather_job_set_option (short_job, "max-pages", "1");
  g_assert_true (peil_gather_job_run (short_job, NULL, &error));
  reread = peil_incident_get_query (incident, peil_query_get_id (capped), NULL);
  g_assert_nonnull (peil_query_get_capped (reread));
  g_assert_nonnull (strstr (peil_query_get_capped (reread), "1 page"));
}

/* Searching posts by words: only with a login, which the server checks,
 * and the token stays out of the incident file. */
static void
test_status_search (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("mastodon-search.peil");
  g_autofree char *path = peil_test_tmp_path ("mastodon-search.peil");
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  peil_test_autofinal(PeilQuery) query = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_hash_table_insert (options, g_strdup ("server"), g_strdup (base_url));
  g_hash_table_insert (options, g_strdup ("search"), g_strdup ("statuses"));
  query = peil_incident_add_query (incident, "mastodon", "kraan alphen", options, 60, NULL);
  g_assert_nonnull (query);

  {
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = NULL;

    g_unsetenv ("PEIL_SECRET_MASTODON");
    job = run_query (incident, query, &error);
    g_assert_nonnull (error);
    /* The window shows this message too: it names no command, and the
     * query remembers that it waits for a login. */
    g_assert_null (strstr (error->message, "peil-cli"));
    g_assert_true (g_error_matches (error, PEIL_ERROR, PEIL_ERROR_NEEDS_LOGIN) ||
                   strstr (error->message, "PEIL_SECRET_MASTODON") != NULL);
    if (g_error_matches (error, PEIL_ERROR, PEIL_ERROR_NEEDS_LOGIN))
      {
        g_autoptr(PeilQuery) stored = peil_incident_get_query (incident, peil_query_get_id (query), NULL);

        g_assert_nonnull (strstr (error->message, base_url));
        g_assert_true (g_hash_table_contains (peil_query_get_state (stored), PEIL_QUERY_STATE_NEEDS_LOGIN));
      }
  }
  {
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = NULL;

    g_setenv ("PEIL_SECRET_MASTODON", "verlopen-token", TRUE);
    job = run_query (incident, query, &error);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "login"));
    g_assert_null (strstr (error->message, "verlopen-token"));
  }
  g_setenv ("PEIL_SECRET_MASTODON", SEARCH_TOKEN, TRUE);

  /* Issue 9: a token never goes over plain http to another machine; the
   * address is refused before anything is sent. */
  {
    g_autoptr(GHashTable) plain = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(PeilQuery) plain_query = NULL;
    g_autoptr(PeilGatherJob) job = NULL;
    g_autoptr(GError) error = NULL;

    g_hash_table_insert (plain, g_strdup ("server"), g_strdup ("http://0.0.0.0:1"));
    g_hash_table_insert (plain, g_strdup ("search"), g_strdup ("statuses"));
    plain_query = peil_incident_add_query (incident, "mastodon", "kraan", plain, 60, NULL);
    job = run_query (incident, plain_query, &error);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "plain http"));
  }
  {
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, query, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 2);
  }
  {
    g_autoptr(GError) error = NULL;
    peil_test_autofinal(PeilGatherJob) job = run_query (incident, query, &error);
    peil_test_autofinal(PeilPost) post = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);   /* only what is newer */
    post = peil_test_find_post (incident, "https://127.0.0.1/statuses/13");
    g_assert_nonnull (post);
    g_assert_cmpstr (peil_post_get_text (post), ==, "Kraan: school dicht");
  }
  g_unsetenv ("PEIL_SECRET_MASTODON");

  g_clear_object (&query);
  g_assert_finalize_object (g_steal_pointer (&incident));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, SEARCH_TOKEN));
}

static void
test_recorded_exchange (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("mastodon-recorded.peil");
  peil_test_autofinal(PeilQuery) query = NULL;
  peil_test_autofinal(PeilGatherJob) job = NULL;
  peil_test_autofinal(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (cassette->len == 0)
    {
      g_test_skip ("../shared/fixtures/mastodon is not there");
      return;
    }

  query = add_query (incident, "hoot");
  job = run_query (incident, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);
  {
    peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
    g_autoptr(GArray) ids = peil_incident_search (incident, filter, NULL);

    post = peil_incident_get_post (incident, g_array_index (ids, gint64, 0), NULL);
  }
  g_assert_true (g_str_has_suffix (peil_post_get_remote_id (post), "/statuses/117020593741189701"));
  g_assert_cmpstr (peil_post_get_text (post), ==, "#hoot (hashtag toot)");
  g_assert_cmpstr (peil_post_get_language (post), ==, "ja");
  g_assert_cmpint (peil_post_get_created_at (post), ==, 1785592555);   /* 2026-08-01T13:55:55Z */
}

int
main (int    argc,
      char **argv)
{
  const char *names[] = { "test_hashtag_tl.yaml", "test_min_max_id.yaml", "test_fetch_next_previous.yaml" };
  int ret;

  peil_test_init (&argc, &argv);
  engine = peil_test_engine ();
  base_url = peil_test_serve (handle);

  cassette = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "fixtures", "mastodon", names[i], NULL);
      load_cassette (path);
    }

  g_test_add_func ("/mastodon/paging-and-polling", test_paging_and_polling);
  g_test_add_func ("/mastodon/rate-limits-and-faults", test_rate_limits_and_faults);
  g_test_add_func ("/mastodon/page-cap", test_page_cap);
  g_test_add_func ("/mastodon/cut-short", test_cut_short);
  g_test_add_func ("/mastodon/hostile-answers", test_hostile_answers);
  g_test_add_func ("/mastodon/nul-in-page", test_nul_in_page);
  g_test_add_func ("/mastodon/status-search", test_status_search);
  g_test_add_func ("/mastodon/recorded-exchange", test_recorded_exchange);

  ret = g_test_run ();
  g_object_unref (engine);
  return ret;
}

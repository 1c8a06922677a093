/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The organisation's own messages (issue 16): kept, tagged, linked to
 * rumours, gathered from our own channels, and never among the public's
 * posts. The effect figures are test-effect's. */
#include "config.h"

#include <string.h>

#include "peil-incident-private.h"
#include "peil-test-server.h"
#include "peil-test-util.h"

static gint64
at (const char *time)
{
  gint64 when = 0;

  g_assert_true (peil_time_parse (time, NULL, &when));
  return when;
}

static gint64
count_events (PeilIncident *incident,
              const char   *action)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM event_log WHERE action = '%s'", action);
  gint64 count = -1;

  g_assert_true (peil_database_query_int (incident->db, sql, &count, &error));
  g_assert_no_error (error);
  return count;
}

static GPtrArray *
list_all (PeilIncident *incident)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = peil_incident_list_messages (incident, 0, 0, &error);

  g_assert_no_error (error);
  return messages;
}

static void
test_add_and_list (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages.peil");
  const char *tags[] = { "IB-DOEN", "IB-WAT", NULL };
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(PeilMessage) first = NULL;
  g_autoptr(GError) error = NULL;
  gint64 later, earlier;

  later = peil_incident_add_message (incident, "nl-alert", "  Sluit ramen en deuren.  ", at ("2026-11-25T15:00:00Z"),
                                     tags, &error);
  g_assert_no_error (error);
  earlier = peil_incident_add_message (incident, "press", "Persbericht: twee kranen omgevallen", at ("2026-11-25T14:00:00Z"),
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (later, >, 0);
  g_assert_cmpint (earlier, >, later);

  /* Oldest first; the text as sent, without the spaces around it; the
   * tags in the taxonomy's order (IB-WAT comes before IB-DOEN). */
  messages = list_all (incident);
  g_assert_cmpuint (messages->len, ==, 2);
  first = peil_message_copy (g_ptr_array_index (messages, 0));
  g_assert_cmpint (first->id, ==, earlier);
  g_assert_cmpstr (first->channel, ==, "press");
  g_assert_cmpint (first->time, ==, at ("2026-11-25T14:00:00Z"));
  g_assert_null (first->tags[0]);
  {
    PeilMessage *alert = g_ptr_array_index (messages, 1);

    g_assert_cmpstr (alert->text, ==, "Sluit ramen en deuren.");
    g_assert_cmpstr (alert->channel, ==, "nl-alert");
    g_assert_cmpuint (g_strv_length (alert->tags), ==, 2);
    g_assert_cmpstr (alert->tags[0], ==, "IB-WAT");
    g_assert_cmpstr (alert->tags[1], ==, "IB-DOEN");
    g_assert_null (alert->source);
  }

  /* A period: [start, end). */
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = peil_incident_list_messages (incident, at ("2026-11-25T14:30:00Z"), at ("2026-11-25T15:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 0);

  /* Each is logged, by the analyst, in its own words. */
  g_assert_cmpint (count_events (incident, "message-added"), ==, 2);

  /* Kept in the file. */
  incident = peil_test_reopen (incident);
  {
    g_autoptr(PeilMessage) alert = peil_incident_get_message (incident, later, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (alert->text, ==, "Sluit ramen en deuren.");
    g_assert_cmpstr (alert->tags[1], ==, "IB-DOEN");
  }
}

static void
test_bad_input (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-bad.peil");
  const char *unknown[] = { "IB-WAT", "IB-NERGENS", NULL };
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (peil_incident_add_message (incident, "telex", "Tekst", 0, NULL, &error), ==, 0);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "website, x, mastodon, facebook, nl-alert, press, call-centre"));
  g_clear_error (&error);

  g_assert_cmpint (peil_incident_add_message (incident, "website", " \n ", 0, NULL, &error), ==, 0);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (peil_incident_add_message (incident, "website", "Tekst", PEIL_TIME_LAST_SECOND + 1, NULL, &error), ==, 0);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  /* One unknown tag refuses the whole message: nothing half-kept. */
  g_assert_cmpint (peil_incident_add_message (incident, "website", "Tekst", 0, unknown, &error), ==, 0);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG);
  g_clear_error (&error);

  g_assert_false (peil_incident_tag_message (incident, 7, "IB-WAT", TRUE, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (peil_incident_remove_message (incident, 7, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  messages = list_all (incident);
  g_assert_cmpuint (messages->len, ==, 0);
  g_assert_cmpint (count_events (incident, "message-added"), ==, 0);

  /* On the command line, the same words and exit status 1. */
  {
    g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
    g_auto(PeilTestRun) run = peil_test_cli ("message", "add", path, "--channel", "telex", "--text", "x", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "“telex” is not a channel"));
  }
}

static void
test_tags_rumours_remove (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-change.peil");
  peil_test_autofinal(PeilRumour) rumour = NULL;
  peil_test_autofinal(PeilRumour) answered = NULL;
  peil_test_autofinal(PeilRumour) after_removal = NULL;
  g_autoptr(PeilMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  rumour = peil_incident_add_rumour (incident, "Het drinkwater is vergiftigd", at ("2026-11-25T14:00:00Z"), &error);
  g_assert_no_error (error);
  id = peil_incident_add_message (incident, "website", "Het drinkwater is veilig.", at ("2026-11-25T15:00:00Z"), NULL, &error);
  g_assert_no_error (error);

  g_assert_true (peil_incident_tag_message (incident, id, "IB-VEILIG", TRUE, &error));
  g_assert_true (peil_incident_tag_message (incident, id, "IB-VEILIG", TRUE, &error));   /* no second row, no second line */
  g_assert_no_error (error);
  g_assert_cmpint (count_events (incident, "message-tagged"), ==, 1);

  /* The response points at the message, which then addresses the rumour. */
  g_assert_true (peil_incident_set_rumour_response_message (incident, peil_rumour_get_id (rumour), id, &error));
  g_assert_no_error (error);
  answered = peil_incident_get_rumour (incident, peil_rumour_get_id (rumour), &error);
  g_assert_cmpint (peil_rumour_get_response_message (answered), ==, id);
  message = peil_incident_get_message (incident, id, &error);
  g_assert_cmpuint (message->rumours->len, ==, 1);
  g_assert_cmpint (g_array_index (message->rumours, gint64, 0), ==, peil_rumour_get_id (rumour));
  g_assert_cmpstr (message->tags[0], ==, "IB-VEILIG");

  g_assert_true (peil_incident_tag_message (incident, id, "IB-VEILIG", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (incident, "message-untagged"), ==, 1);

  /* Removed: the rumour keeps its claim but no longer points at it. */
  g_assert_true (peil_incident_remove_message (incident, id, &error));
  g_assert_no_error (error);
  after_removal = peil_incident_get_rumour (incident, peil_rumour_get_id (rumour), &error);
  g_assert_cmpint (peil_rumour_get_response_message (after_removal), ==, 0);
  g_assert_null (peil_incident_get_message (incident, id, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_assert_cmpint (count_events (incident, "message-removed"), ==, 1);
}

/* Messages are the organisation's: no count, search, export, suggestion
 * or story of the public's posts holds them. */
static void
test_not_among_posts (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-apart.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *export = peil_test_tmp_path ("messages-apart.ndjson");
  const char *tags[] = { "IB-VEILIG", NULL };
  g_autoptr(PeilFilter) all = peil_filter_new ();
  g_autoptr(PeilFilter) words = peil_filter_new ();
  g_autoptr(PeilCounts) counts = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  gint64 post;

  post = peil_test_add_post (incident, "x", "1", "2026-11-25T14:10:00Z", "@bewoner", "Is het drinkwater veilig?");
  g_assert_true (peil_incident_tag_post (incident, post, "IB-VEILIG", &error));
  peil_test_add_post (incident, "x", "2", "2026-11-25T14:20:00Z", "@buur", "Wat een rook boven Alphen");
  g_assert_cmpint (peil_incident_add_message (incident, "press", "Het drinkwater is veilig, zegt Dunea.",
                                              at ("2026-11-25T16:00:00Z"), tags, &error), >, 0);
  g_assert_cmpint (peil_incident_add_message (incident, "x", "Drinkwater veilig", at ("2026-11-25T16:05:00Z"), tags, &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpint (peil_incident_count_posts (incident), ==, 2);
  counts = peil_incident_count (incident, all, &error);
  g_assert_no_error (error);
  g_assert_cmpint (counts->total, ==, 2);
  for (guint i = 0; i < counts->tags->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->tags, i);
      if (g_str_equal (count->key, "IB-VEILIG"))
        g_assert_cmpint (count->count, ==, 1);
    }
  for (guint i = 0; i < counts->hours->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->hours, i);
      g_assert_false (g_str_has_prefix (count->key, "2026-11-25T16"));
    }

  /* Searching the words of a message finds the post only. */
  peil_filter_set_text (words, "drinkwater");
  found = peil_incident_search (incident, words, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, post);

  /* "Now" is the newest post's time, not the newest message's. */
  g_assert_cmpint (peil_incident_get_newest_time (incident, &error), ==, at ("2026-11-25T14:20:00Z"));

  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", path, "-f", "ndjson", "-o", export, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (export, &exported, NULL, NULL));
    g_assert_null (strstr (exported, "Dunea"));
    g_assert_null (strstr (exported, "Drinkwater veilig"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("stats", path, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\"posts\" : 2,"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("suggest", path, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.out, "\"peil_id\" : 3"));
    g_assert_null (strstr (run.out, "\"peil_id\" : 4"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("stories", path, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.out, "Dunea"));
    g_assert_null (strstr (run.out, "3"));
  }
}

static void
serve_feed (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  g_autofree char *feed = peil_test_fixture ("feeds/nieuws.xml");
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (feed, &contents, &length, NULL));
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_COPY, contents, length);
}

static guint64
gather_once (PeilIncident     *incident,
             PeilPluginEngine *engine,
             gint64            query_id)
{
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;

  query = peil_incident_get_query (incident, query_id, &error);
  g_assert_no_error (error);
  job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "rss"), query);
  peil_gather_job_run (job, NULL, &error);
  g_assert_no_error (error);
  return peil_gather_job_get_n_added (job);
}

/* A query of the municipality's own news feed, marked as ours: what it
 * finds are messages of that channel, gathered once, never posts. */
static void
test_our_channel (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-ours.peil");
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *base = peil_test_serve (serve_feed);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(PeilQuery) read_back = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (options, g_strdup ("url"), g_strconcat (base, "nieuws.xml", NULL));
  query = peil_incident_add_query (incident, "rss", "", options, 60, &error);
  g_assert_no_error (error);

  g_assert_false (peil_incident_set_query_channel (incident, peil_query_get_id (query), "telex", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (peil_incident_set_query_channel (incident, peil_query_get_id (query), "website", &error));
  g_assert_no_error (error);
  read_back = peil_incident_get_query (incident, peil_query_get_id (query), &error);
  g_assert_cmpstr (peil_query_get_channel (read_back), ==, "website");

  g_assert_cmpuint (gather_once (incident, engine, peil_query_get_id (query)), ==, 3);
  g_assert_cmpuint (gather_once (incident, engine, peil_query_get_id (query)), ==, 0);

  g_assert_cmpint (peil_incident_count_posts (incident), ==, 0);
  messages = list_all (incident);
  g_assert_cmpuint (messages->len, ==, 3);
  for (guint i = 0; i < messages->len; i++)
    {
      PeilMessage *message = g_ptr_array_index (messages, i);

      g_assert_cmpstr (message->channel, ==, "website");
      g_assert_cmpstr (message->source, ==, "rss");
      g_assert_nonnull (message->url);
      g_assert_cmpint (message->time, >, 0);
      g_assert_cmpstr (message->text, !=, "");
    }

  /* The record for the privacy officer says what the query gathers. */
  {
    g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
    g_auto(PeilTestRun) nl = peil_test_cli ("privacy", path, "--lang", "nl", NULL);
    g_auto(PeilTestRun) en = peil_test_cli ("privacy", path, "--lang", "en", NULL);

    g_assert_cmpint (en.status, ==, 0);
    g_assert_nonnull (strstr (en.out, "our own channel: what it finds is kept as the organisation’s messages, 3 so far"));
    g_assert_nonnull (strstr (nl.out, "eigen kanaal: wat hij vindt wordt bewaard als berichten van de organisatie, 3 tot nu toe"));
  }

  /* Switched back to a public query, the feed's items would be posts and
   * messages both: refused, and a new query is the way. */
  g_assert_false (peil_incident_set_query_channel (incident, peil_query_get_id (query), NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "gathered 3 of our messages already"));
  g_clear_error (&error);
  g_assert_cmpint (count_events (incident, "query-channel"), ==, 1);

  /* Nor does a query that found the public's posts become ours. */
  {
    g_autoptr(PeilQuery) public = peil_incident_add_query (incident, "rss", "", options, 60, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (gather_once (incident, engine, peil_query_get_id (public)), ==, 3);
    g_assert_false (peil_incident_set_query_channel (incident, peil_query_get_id (public), "website", &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED);
    g_assert_nonnull (strstr (error->message, "found 3 of the public’s posts already"));
    g_clear_error (&error);
    g_assert_true (peil_incident_set_query_channel (incident, peil_query_get_id (public), NULL, &error));
    g_assert_no_error (error);
  }

  /* Only a feed can be ours: a search of the public's posts cannot. */
  {
    g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
    g_auto(PeilTestRun) run = peil_test_cli ("query", "add", path, "mastodon", "#alphen", "--set",
                                             "server=http://127.0.0.1:9", "--ours", "x", NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "“mastodon” searches the public’s posts"));
  }
}

static void
test_cli (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-cli.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  JsonObject *message;

  rumour = peil_incident_add_rumour (incident, "De school is ontruimd", at ("2026-11-25T14:00:00Z"), &error);
  g_assert_nonnull (rumour);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "add", path, "--channel", "call-centre", "--time", "2026-11-25T15:00:00Z",
                                             "--text", "De Kerkschool is niet ontruimd.", "--tag", "IB-WAT", "--rumour", "1", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Added message 1"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "list", path, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    root = json_from_string (run.out, &error);
    g_assert_no_error (error);
  }
  message = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "messages"), 0);
  g_assert_cmpint (json_object_get_int_member (message, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (message, "channel"), ==, "call-centre");
  g_assert_cmpstr (json_object_get_string_member (message, "time"), ==, "2026-11-25T15:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, "De Kerkschool is niet ontruimd.");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (message, "tags"), 0), ==, "IB-WAT");
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (message, "rumours"), 0), ==, 1);
  g_assert_true (json_object_get_null_member (message, "source"));

  {
    g_auto(PeilTestRun) run = peil_test_cli ("rumour", "respond", path, "1", "--message", "1", NULL);
    g_auto(PeilTestRun) list = peil_test_cli ("rumour", "list", path, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (list.out, "\"response_message\" : 1"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "tag", path, "9", "IB-WAT", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "There is no message 9"));
  }
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/messages/add-and-list", test_add_and_list);
  g_test_add_func ("/messages/bad-input", test_bad_input);
  g_test_add_func ("/messages/tags-rumours-remove", test_tags_rumours_remove);
  g_test_add_func ("/messages/not-among-posts", test_not_among_posts);
  g_test_add_func ("/messages/our-channel", test_our_channel);
  g_test_add_func ("/messages/cli", test_cli);
  return g_test_run ();
}

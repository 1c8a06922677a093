/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Our own messages (issue 16) against hostile input: a command line that
 * names one wrong thing among several, and a feed of our own channel whose
 * items have no id, no text or a time before 1970. */
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
count_rows (PeilIncident *incident,
            const char   *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  g_assert_true (peil_database_query_int (incident->db, sql, &count, &error));
  g_assert_no_error (error);
  return count;
}

/* One wrong rumour or tag among several changes nothing, and says so with
 * status 1; a number too large for any message is no number (status 2). */
static void
test_cli_all_or_nothing (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-hostile-cli.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(PeilRumour) rumour = NULL;
  const char *wat[] = { "IB-WAT", NULL };
  g_autoptr(GError) error = NULL;
  gint64 id;

  rumour = peil_incident_add_rumour (incident, "De school is ontruimd", at ("2026-11-25T14:00:00Z"), &error);
  g_assert_nonnull (rumour);
  g_assert_no_error (error);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "add", path, "--channel", "press", "--text", "Persbericht",
                                             "--rumour", "1", "--rumour", "9", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no rumour 9"));
    g_assert_null (strstr (run.out, "Added message"));
  }
  incident = peil_test_reopen (incident);
  g_assert_cmpint (count_rows (incident, "SELECT count (*) FROM message"), ==, 0);
  g_assert_cmpint (count_rows (incident, "SELECT count (*) FROM event_log WHERE action LIKE 'message-%'"), ==, 0);

  id = peil_incident_add_message (incident, "press", "Persbericht", at ("2026-11-25T15:00:00Z"), wat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 1);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "tag", path, "1", "IB-DOEN", "IB-NOPE", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "IB-NOPE"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "link", path, "1", "1", "9", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no rumour 9"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "untag", path, "1", "IB-WAT", "IB-NOPE", NULL);

    g_assert_cmpint (run.status, ==, 1);
  }
  incident = peil_test_reopen (incident);
  g_assert_cmpint (count_rows (incident, "SELECT count (*) FROM message_tag"), ==, 1);
  g_assert_cmpint (count_rows (incident, "SELECT count (*) FROM message_rumour"), ==, 0);
  g_assert_cmpint (count_rows (incident, "SELECT count (*) FROM event_log WHERE action LIKE 'message-%'"), ==, 1);

  /* A pasted file is no message: refused, nothing written. */
  {
    g_autoptr(GString) huge = g_string_new (NULL);

    while (huge->len <= PEIL_POST_MAX_TEXT)
      g_string_append (huge, "Blijf binnen. ");
    g_assert_cmpint (peil_incident_add_message (incident, "press", huge->str, 0, NULL, &error), ==, 0);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Once all are right, all are done. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "tag", path, "1", "IB-DOEN", "IB-HULP", NULL);

    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("message", "remove", path, "99999999999999999999", NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "not a message number"));
  }
  incident = peil_test_reopen (incident);
  g_assert_cmpint (count_rows (incident, "SELECT count (*) FROM message_tag"), ==, 3);
}

/* The municipality's news feed as it may come: an item without guid or
 * link, one whose title is a no-break space, one from before 1970 and an
 * ordinary one. */
static void
serve_hostile_feed (SoupServer        *server,
                    SoupServerMessage *message,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  static const char feed[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gemeente</title>"
    "<item><title>Zonder guid of link</title><pubDate>Wed, 25 Nov 2026 14:00:00 +0000</pubDate></item>"
    "<item><guid>spatie</guid><title>&#160;</title><pubDate>Wed, 25 Nov 2026 14:05:00 +0000</pubDate></item>"
    "<item><guid>oud</guid><title>Voor 1970</title><pubDate>Wed, 31 Dec 1969 12:00:00 +0000</pubDate></item>"
    "<item><guid>gewoon</guid><title>Gewoon nieuws</title><pubDate>Wed, 25 Nov 2026 14:10:00 +0000</pubDate></item>"
    "</channel></rss>";

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_STATIC, feed, strlen (feed));
}

static PeilGatherJob *
gather_once (PeilIncident     *incident,
             PeilPluginEngine *engine,
             gint64            query_id)
{
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  PeilGatherJob *job;

  query = peil_incident_get_query (incident, query_id, &error);
  g_assert_no_error (error);
  job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "rss"), query);
  peil_gather_job_run (job, NULL, &error);
  g_assert_no_error (error);
  return job;
}

/* An item that is no message is passed over with a reason, never the end
 * of the run (else one item would stop the channel for good); one without
 * an id of its own is known by its content, so it comes once. */
static void
test_our_channel_items (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-hostile-feed.peil");
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *base = peil_test_serve (serve_hostile_feed);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (options, g_strdup ("url"), g_strconcat (base, "nieuws.xml", NULL));
  query = peil_incident_add_query (incident, "rss", "", options, 60, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_set_query_channel (incident, peil_query_get_id (query), "website", &error));
  g_assert_no_error (error);

  {
    g_autoptr(PeilGatherJob) job = gather_once (incident, engine, peil_query_get_id (query));

    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 2);
    g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, 2);
  }
  {
    g_autoptr(PeilGatherJob) job = gather_once (incident, engine, peil_query_get_id (query));

    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 0);
  }

  messages = peil_incident_list_messages (incident, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (((PeilMessage *)g_ptr_array_index (messages, 0))->text, ==, "Zonder guid of link");
  g_assert_cmpstr (((PeilMessage *)g_ptr_array_index (messages, 1))->text, ==, "Gewoon nieuws");
  g_assert_cmpint (count_rows (incident, "SELECT count (*) FROM message"), ==, 2);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 0);

  /* Removed, the query still found messages, not posts, in the record
   * for the privacy officer. */
  g_assert_true (peil_incident_remove_query (incident, peil_query_get_id (query), &error));
  g_assert_no_error (error);
  {
    g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
    g_auto(PeilTestRun) run = peil_test_cli ("privacy", path, "--lang", "en", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "removed query 1 (our own channel: what it finds is kept as the organisation’s "
                                       "messages, 2 so far, not as posts)"));
    g_assert_nonnull (strstr (run.out, "Posts found: 0"));
  }
}

/* Posts of tag @code every @step seconds in [@from, @to). */
static void
add_tagged_posts (PeilIncident *incident,
                  const char   *code,
                  const char   *from,
                  const char   *to,
                  gint64        step)
{
  g_autoptr(GError) error = NULL;

  for (gint64 t = at (from); t < at (to); t += step)
    {
      g_autofree char *id = g_strdup_printf ("%s-%" G_GINT64_FORMAT, code, t);
      g_autofree char *time = peil_time_format_iso (t);
      gint64 post = peil_test_add_post (incident, "x", id, time, "@bewoner", "Wat is er aan de hand?");

      g_assert_true (peil_incident_tag_post (incident, post, code, &error));
      g_assert_no_error (error);
    }
}

static PeilEffect *
only_effect (PeilIncident *incident,
             gint64        now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) effects = peil_incident_compute_effects (incident, 0, 0, now, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (effects->len, ==, 1);
  return peil_effect_copy (g_ptr_array_index (effects, 0));
}

/* Found by attack: the collection starts at 13:00 and holds 30
 * posts an hour, evenly, until 17:00; a press release at 14:00. The hour
 * before the collection began counted as an hour without posts, the
 * "trend" before rose (0, 0, 15, 15), 126 were expected after, and the 60
 * that came were called "fewer than the trend before led to expect" —
 * of posts that never changed. A window before that reaches before the
 * first post gives no trend. */
static void
test_effect_collection_start (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-hostile-start.peil");
  const char *wat[] = { "IB-WAT", NULL };
  g_autoptr(PeilEffect) effect = NULL;
  g_autoptr(GError) error = NULL;

  add_tagged_posts (incident, "IB-WAT", "2026-11-25T13:00:00Z", "2026-11-25T17:00:00Z", 120);
  g_assert_cmpint (peil_incident_add_message (incident, "press", "Persbericht", at ("2026-11-25T14:00:00Z"), wat, &error), >, 0);
  g_assert_no_error (error);

  effect = only_effect (incident, 0);
  g_assert_cmpint (effect->before, ==, 30);
  g_assert_cmpint (effect->after, ==, 60);
  g_assert_cmpint (effect->verdict, !=, PEIL_EFFECT_BELOW);
  g_assert_cmpint (effect->verdict, !=, PEIL_EFFECT_ABOVE);
}

/* Found by attack: 5 posts in the first minutes of the window
 * before (5, 0, 0, 0 a half hour), one post after. The falling line reached
 * zero, its range was "0–0" as if certain, and one post after was "more
 * than the trend before led to expect", with the rate down 80%: a verdict
 * on six posts. */
static void
test_effect_falling_to_zero (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-hostile-zero.peil");
  const char *hulp[] = { "IB-HULP", NULL };
  g_autoptr(PeilEffect) effect = NULL;
  g_autoptr(GError) error = NULL;

  add_tagged_posts (incident, "IB-HULP", "2026-11-25T10:00:00Z", "2026-11-25T10:05:00Z", 60);
  add_tagged_posts (incident, "IB-HULP", "2026-11-25T13:00:00Z", "2026-11-25T13:00:01Z", 60);
  g_assert_cmpint (peil_incident_add_message (incident, "press", "Hulp", at ("2026-11-25T12:00:00Z"), hulp, &error), >, 0);
  g_assert_no_error (error);

  effect = only_effect (incident, at ("2026-11-25T15:00:00Z"));
  g_assert_cmpint (effect->before, ==, 5);
  g_assert_cmpint (effect->after, ==, 1);
  g_assert_cmpint (effect->expected_high, >, 0);
  g_assert_cmpint (effect->verdict, !=, PEIL_EFFECT_ABOVE);
}

/* Found by attack: posts on "What to do" rise until 13:56; at
 * 13:58 the analyst enters the press release that answers them (in the
 * window: with the time left to now). Left to Peil, "now" was just after
 * the newest post, so the message lay after it and the list still said
 * "never answered" until a newer post came in. */
static void
test_unanswered_message_after_newest_post (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("messages-hostile-unanswered.peil");
  const char *doen[] = { "IB-DOEN", NULL };
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  add_tagged_posts (incident, "IB-DOEN", "2026-11-25T12:00:00Z", "2026-11-25T14:00:00Z", 240);
  before = peil_incident_list_unanswered (incident, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 1);
  g_assert_cmpstr (((PeilUnanswered *)g_ptr_array_index (before, 0))->tag, ==, "IB-DOEN");

  g_assert_cmpint (peil_incident_add_message (incident, "press", "Blijf binnen", at ("2026-11-25T13:58:00Z"), doen, &error), >, 0);
  g_assert_no_error (error);
  after = peil_incident_list_unanswered (incident, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/messages-hostile/cli-all-or-nothing", test_cli_all_or_nothing);
  g_test_add_func ("/messages-hostile/our-channel-items", test_our_channel_items);
  g_test_add_func ("/messages-hostile/effect-collection-start", test_effect_collection_start);
  g_test_add_func ("/messages-hostile/effect-falling-to-zero", test_effect_falling_to_zero);
  g_test_add_func ("/messages-hostile/unanswered-message-after-newest-post", test_unanswered_message_after_newest_post);
  return g_test_run ();
}

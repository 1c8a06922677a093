/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "peil-incident-private.h"
#include "peil-test-util.h"

/* What needs attention and the rumours that follow a story (docs/triage.md).
 * Stories are the stories helper's to assign; here a test puts posts in a
 * story through the incident's own connection, as that code does. */

static void
set_story (PeilIncident *incident,
           gint64        post_id,
           gint64        story_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE post SET story_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                          story_id, post_id);

  g_assert_true (peil_database_exec (incident->db, sql, &error));
  g_assert_no_error (error);
}

static void
dismiss (PeilIncident *incident,
         gint64        post_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT OR IGNORE INTO analyst (name) VALUES ('Test');"
                                          "INSERT INTO post_dismissal (post_id, analyst_id, dismissed_at)"
                                          " SELECT %" G_GINT64_FORMAT ", id, 1 FROM analyst WHERE name = 'Test'", post_id);

  g_assert_true (peil_database_exec (incident->db, sql, &error));
  g_assert_no_error (error);
}

static gint64
at (const char *time)
{
  gint64 when = 0;

  g_assert_true (peil_time_parse (time, NULL, &when));
  return when;
}

/* "code=weight" for each reason, heaviest first, then the texts. */
static char *
describe (PeilAttentionItem *item)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < item->reasons->len; i++)
    {
      PeilAttentionReason *reason = g_ptr_array_index (item->reasons, i);
      g_string_append_printf (text, "%s%s=%g", i ? " " : "", reason->code, reason->weight);
    }
  g_string_append (text, " |");
  for (guint i = 0; i < item->reasons->len; i++)
    g_string_append_printf (text, " %s;", ((PeilAttentionReason *)g_ptr_array_index (item->reasons, i))->text);
  return g_string_free (text, FALSE);
}

static PeilAttentionItem *
item_at (GPtrArray *items,
         guint      index)
{
  g_assert_cmpuint (index, <, items->len);
  return g_ptr_array_index (items, index);
}

/* Cues, the place, handled and off-topic posts, and the order. */
static void
test_cues_and_order (void)
{
  PeilIncident *incident = peil_test_new_incident ("attention-cues.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  g_autofree char *b_reasons = NULL;
  gint64 a, b, c, d, e, f, g, h, i, j;
  guint n_ranked = 0;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_LOCATION, "Alphen aan den Rijn", &error));
  a = peil_test_add_post (incident, "x", "a", "2026-11-27T12:00:00Z", "@a", "Help, wij zitten vast op de Julianastraat");
  b = peil_test_add_post (incident, "x", "b", "2026-11-27T12:01:00Z", "@b", "Is het veilig om in Alphen naar buiten te gaan?");
  c = peil_test_add_post (incident, "x", "c", "2026-11-27T12:02:00Z", "@c", "@Gemeente_Alphen wanneer gaat de weg weer open?");
  d = peil_test_add_post (incident, "x", "d", "2026-11-27T12:03:00Z", "@d", "Mooi weer vandaag");
  e = peil_test_add_post (incident, "x", "e", "2026-11-27T12:04:00Z", "@e", "Mooi weer, maar getagd");
  f = peil_test_add_post (incident, "x", "f", "2026-11-27T12:05:00Z", "@f", "help!");
  g = peil_test_add_post (incident, "x", "g", "2026-11-27T12:06:00Z", "@g", "help, off-topic");
  h = peil_test_add_post (incident, "x", "h", "2026-11-27T12:07:00Z", "@h", "Moeten we de ramen dicht doen?");
  i = peil_test_add_post (incident, "x", "i", "2026-11-27T12:08:00Z", "@i", "Mooi weer hier ook");
  /* "vast" is a word: "vastgesteld" is not a call for help; "alphense" is no "alphen". */
  j = peil_test_add_post (incident, "x", "j", "2026-11-27T12:09:00Z", "@j", "Vastgesteld: alphense kaas is lekker");
  g_assert_true (peil_incident_tag_post (incident, e, "IB-WAT", &error));
  g_assert_true (peil_incident_tag_post (incident, f, "PRIORITY-HIGH", &error));
  g_assert_no_error (error);
  dismiss (incident, g);
  rumour = peil_incident_add_rumour (incident, "De ramen moeten dicht", 0, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_link_rumour_post (incident, peil_rumour_get_id (rumour), h, TRUE, &error));

  /* By hand: b = safety 4 + near Alphen 2 + untagged 1 = 7; a = help 5 +
   * untagged 1 = 6; c = question to @gemeente_alphen 3 + untagged 1 = 4.
   * j, i, d are only untagged: that orders posts with a reason, and is
   * none on its own. e is tagged (0), f is handled (PRIORITY-HIGH), g
   * off-topic, h linked to a rumour: all left out. */
  items = peil_attention_list (incident, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint k = 0; k < items->len; k++)
    g_assert_true (item_at (items, k)->post_id != d && item_at (items, k)->post_id != i && item_at (items, k)->post_id != j);
  g_assert_cmpint (item_at (items, 0)->post_id, ==, b);
  g_assert_cmpfloat (item_at (items, 0)->score, ==, 7);
  b_reasons = describe (item_at (items, 0));
  g_assert_cmpstr (b_reasons, ==, "safety-question=4 near-location=2 untagged=1 | Safety question; Near Alphen; Untagged;");
  g_assert_cmpint (item_at (items, 1)->post_id, ==, a);
  g_assert_cmpfloat (item_at (items, 1)->score, ==, 6);
  g_assert_cmpstr (((PeilAttentionReason *)g_ptr_array_index (item_at (items, 1)->reasons, 0))->code, ==, "call-for-help");
  g_assert_cmpint (item_at (items, 2)->post_id, ==, c);
  g_assert_cmpfloat (item_at (items, 2)->score, ==, 4);
  g_assert_cmpstr (((PeilAttentionReason *)g_ptr_array_index (item_at (items, 2)->reasons, 0))->text, ==,
                   "Question to @gemeente_alphen");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* The limit takes the first, and the whole list's length is said. */
  items = peil_attention_list_full (incident, 0, 2, &n_ranked, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (item_at (items, 1)->post_id, ==, a);
  g_assert_cmpuint (n_ranked, ==, 3);

  g_object_unref (incident);
}

/* Stories: growth against the rate before, a new story, a possible
 * rumour, and a story shown once by its best post. */
static gint64 story_s, story_n, story_r, last_s, last_n, last_r;

static void
add_stories (PeilIncident *incident)
{
  static const char * const s_times[] = {
    "10:00", "10:20", "10:40", "11:00", "11:20", "11:40", "12:00", "12:20", "12:40", "12:49",
  };

  /* S: 10 posts from 10:00 to 12:49, then 12 from 12:50:10 to 12:55:40. */
  for (guint k = 0; k < G_N_ELEMENTS (s_times) + 12; k++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", k);
      g_autofree char *time = k < G_N_ELEMENTS (s_times)
                              ? g_strdup_printf ("2026-11-27T%s:00Z", s_times[k])
                              : g_strdup_printf ("2026-11-27T12:5%u:%02uZ", (k - 10) / 2, (k - 10) % 2 * 30 + 10);
      gint64 post = peil_test_add_post (incident, "x", id, time, "@s", "RT Kraan omgevallen in het centrum");

      if (k == 0)
        story_s = post;
      set_story (incident, post, story_s);
      last_s = post;
    }
  /* N: two posts at 12:45 and 12:46. */
  story_n = peil_test_add_post (incident, "x", "n1", "2026-11-27T12:45:00Z", "@n", "Veel politie bij het station");
  last_n = peil_test_add_post (incident, "x", "n2", "2026-11-27T12:46:00Z", "@n2", "RT Veel politie bij het station");
  set_story (incident, story_n, story_n);
  set_story (incident, last_n, story_n);
  /* R: four posts from 12:52 to 12:55 that carry a claim. */
  for (guint k = 0; k < 4; k++)
    {
      g_autofree char *id = g_strdup_printf ("r%u", k);
      g_autofree char *time = g_strdup_printf ("2026-11-27T12:5%u:00Z", 2 + k);
      gint64 post = peil_test_add_post (incident, "x", id, time, "@r",
                                        k == 0 ? "Ik hoor dat de brug is ingestort" : "RT Ik hoor dat de brug is ingestort");

      if (k == 0)
        story_r = post;
      set_story (incident, post, story_r);
      last_r = post;
    }
}

static void
test_stories (void)
{
  PeilIncident *incident = peil_test_new_incident ("attention-stories.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *r_reasons = NULL, *s_reasons = NULL, *n_reasons = NULL;
  PeilRumourCandidate *candidate;

  add_stories (incident);

  /* At 13:00. R: 4 posts in the last 10 min and none before, so growing
   * fast (+4, weight 3), new (first seen 12:52, within 30 min, 2 or more
   * posts: 2), a claim ("ik hoor dat": 2), untagged 1 = 8; its four
   * posts score alike, the newest shows. S: 12 posts in the last 10 min
   * against 10 in the 170 min from 10:00 to 12:50, a rate of 10 × 600 /
   * 10200 = 0.59 per 10 min: 12 ≥ 2 × 0.59, growing fast (+12, weight 4)
   * + untagged 1 = 5. N: 0 in 10 min, 2 in 30 min (< 5), not growing;
   * new (2) + untagged 1 = 3. */
  items = peil_attention_list (incident, at ("2026-11-27T13:00:00Z"), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  r_reasons = describe (item_at (items, 0));
  s_reasons = describe (item_at (items, 1));
  n_reasons = describe (item_at (items, 2));
  g_assert_cmpint (item_at (items, 0)->post_id, ==, last_r);
  g_assert_cmpint (item_at (items, 0)->story_id, ==, story_r);
  g_assert_cmpstr (r_reasons, ==, "growing-fast=3 new-story=2 rumour-candidate=2 untagged=1 |"
                                  " Growing story +4 in 10 min; New story; Possible rumour; Untagged;");
  g_assert_cmpint (item_at (items, 1)->post_id, ==, last_s);
  g_assert_cmpstr (s_reasons, ==, "growing-fast=4 untagged=1 | Growing story +12 in 10 min; Untagged;");
  g_assert_cmpint (item_at (items, 2)->post_id, ==, last_n);
  g_assert_cmpstr (n_reasons, ==, "new-story=2 untagged=1 | New story; Untagged;");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* At 14:00 nothing grows or is new: the posts are only untagged, which
   * is no reason on its own, and nothing needs attention. */
  items = peil_attention_list (incident, at ("2026-11-27T14:00:00Z"), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* By default "now" is the newest post's time, 12:55:40: R's four posts
   * are still in its last ten minutes. */
  candidates = peil_attention_rumour_candidates (incident, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 1);
  candidate = g_ptr_array_index (candidates, 0);
  g_assert_cmpint (candidate->story_id, ==, story_r);
  g_assert_cmpint (candidate->size, ==, 4);
  g_assert_cmpint (candidate->growth, ==, 4);
  g_assert_cmpuint (candidate->minutes, ==, 10);
  g_assert_cmpint (candidate->first_seen, ==, at ("2026-11-27T12:52:00Z"));
  g_assert_cmpstr (candidate->claim, ==, "Ik hoor dat de brug is ingestort");
  g_assert_cmpstr (candidate->cue, ==, "ik hoor dat");
  g_assert_cmpint (candidate->cue_posts, ==, 4);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* Off-topic posts leave the story: R without two of its posts has 2 in
   * its last ten minutes, fewer than 3, and is no candidate. */
  dismiss (incident, story_r);
  dismiss (incident, last_r);
  candidates = peil_attention_rumour_candidates (incident, at ("2026-11-27T13:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 0);

  g_object_unref (incident);
}

static guint
count_events (PeilIncident *incident,
              const char   *action,
              gint64        post_id)
{
  g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 0, NULL);
  guint n = 0;

  for (guint k = 0; k < events->len; k++)
    {
      PeilEvent *event = g_ptr_array_index (events, k);
      n += g_str_equal (event->action, action) && (post_id == 0 || event->post_id == post_id);
    }
  return n;
}

/* A rumour registered from a story is linked to the story's posts, and to
 * the posts that join the story later, marked as linked automatically. */
static void
test_story_rumour (void)
{
  PeilIncident *incident = peil_test_new_incident ("attention-rumour.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  g_autoptr(PeilRumour) again = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *sql = NULL;
  gint64 later, off_topic, inserted, manual;
  GArray *posts;

  add_stories (incident);
  g_assert_null (peil_incident_add_story_rumour (incident, NULL, 999999, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  rumour = peil_incident_add_story_rumour (incident, NULL, story_r, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peil_rumour_get_claim (rumour), ==, "Ik hoor dat de brug is ingestort");
  g_assert_cmpint (peil_rumour_get_first_seen (rumour), ==, at ("2026-11-27T12:52:00Z"));
  g_assert_cmpint (peil_rumour_get_story_id (rumour), ==, story_r);
  g_assert_cmpstr (peil_rumour_get_status (rumour), ==, PEIL_RUMOUR_UNVERIFIED);
  posts = peil_rumour_get_posts (rumour);
  g_assert_cmpuint (posts->len, ==, 4);
  for (guint k = 0; k < posts->len; k++)
    g_assert_true (peil_rumour_get_linked_automatically (rumour, k));
  g_assert_cmpuint (count_events (incident, "rumour-auto-linked", 0), ==, 4);
  g_assert_cmpuint (count_events (incident, "rumour-follows-story", story_r), ==, 1);
  g_assert_cmpuint (count_events (incident, "rumour-added", 0), ==, 1);

  /* One rumour per story. */
  g_assert_null (peil_incident_add_story_rumour (incident, "Iets anders", story_r, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  /* The story's posts are handled now: out of the list; no candidate left. */
  items = peil_attention_list (incident, at ("2026-11-27T13:00:00Z"), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (item_at (items, 0)->story_id, ==, story_s);
  candidates = peil_attention_rumour_candidates (incident, at ("2026-11-27T13:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 0);

  /* A post that joins the story later is linked with it, in the same
   * change, and logged with no analyst; an earlier one moves the first
   * sighting back. An off-topic post is not linked. A post inserted with
   * its story already set is linked too. */
  later = peil_test_add_post (incident, "x", "r-later", "2026-11-27T13:10:00Z", "@r9", "RT ik hoor dat de brug is ingestort");
  set_story (incident, later, story_r);
  off_topic = peil_test_add_post (incident, "x", "r-off", "2026-11-27T13:11:00Z", "@r8", "ik hoor dat de brug...");
  dismiss (incident, off_topic);
  set_story (incident, off_topic, story_r);
  sql = g_strdup_printf ("INSERT INTO post (source, remote_id, text, created_at, story_id)"
                         " VALUES ('x', 'r-early', 'eerder gehoord', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         at ("2026-11-27T12:50:00Z"), story_r);
  g_assert_true (peil_database_exec (incident->db, sql, &error));
  g_assert_no_error (error);
  g_assert_true (peil_database_query_int (incident->db, "SELECT id FROM post WHERE remote_id = 'r-early'", &inserted, &error));
  manual = peil_test_add_post (incident, "x", "m", "2026-11-27T13:12:00Z", "@m", "los bericht");
  g_assert_true (peil_incident_link_rumour_post (incident, peil_rumour_get_id (rumour), manual, TRUE, &error));
  g_assert_no_error (error);

  incident = peil_test_reopen (incident);
  again = peil_incident_get_rumour (incident, peil_rumour_get_id (rumour), &error);
  g_assert_no_error (error);
  posts = peil_rumour_get_posts (again);
  g_assert_cmpuint (posts->len, ==, 7);
  g_assert_cmpint (g_array_index (posts, gint64, 0), ==, inserted);   /* oldest post first */
  g_assert_true (peil_rumour_get_linked_automatically (again, 0));
  g_assert_cmpint (g_array_index (posts, gint64, 5), ==, later);
  g_assert_true (peil_rumour_get_linked_automatically (again, 5));
  g_assert_cmpint (g_array_index (posts, gint64, 6), ==, manual);
  g_assert_false (peil_rumour_get_linked_automatically (again, 6));
  g_assert_cmpint (peil_rumour_get_first_seen (again), ==, at ("2026-11-27T12:50:00Z"));
  g_assert_cmpuint (count_events (incident, "rumour-auto-linked", later), ==, 1);
  g_assert_cmpuint (count_events (incident, "rumour-auto-linked", off_topic), ==, 0);
  g_assert_cmpuint (count_events (incident, "rumour-auto-linked", 0), ==, 6);

  g_object_unref (incident);
}

/* peil-cli attention, rumour candidates and rumour add --story. */
static gboolean
has_reason (PeilAttentionItem *item,
            const char        *code)
{
  for (guint i = 0; i < item->reasons->len; i++)
    if (g_str_equal (((PeilAttentionReason *)g_ptr_array_index (item->reasons, i))->code, code))
      return TRUE;
  return FALSE;
}

/* The place is what the location's words name: "de", "het", "the" and
 * "van" as parts of it name nothing, and would put every post near it. */
static void
test_place_words (void)
{
  PeilIncident *incident = peil_test_new_incident ("attention-place.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *alphen = NULL, *bilt = NULL;
  gint64 smoke, storm;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_LOCATION,
                                             "Alphen aan den Rijn, de, het / the; van, de Bilt, about", &error));
  peil_test_add_post (incident, "x", "1", "2026-11-27T12:00:00Z", "@a", "De brandweer is ter plaatse");
  peil_test_add_post (incident, "x", "2", "2026-11-27T12:01:00Z", "@b", "The roads are closed, read about it");
  peil_test_add_post (incident, "x", "3", "2026-11-27T12:02:00Z", "@c", "Een kraan van het dak");
  smoke = peil_test_add_post (incident, "x", "4", "2026-11-27T12:03:00Z", "@d", "Rook boven Alphen");
  peil_test_add_post (incident, "x", "5", "2026-11-27T12:04:00Z", "@e", "Bilt is geen plaats");
  storm = peil_test_add_post (incident, "x", "6", "2026-11-27T12:05:00Z", "@f", "Storm in De Bilt");

  /* By hand: smoke names "Alphen" (a word of five letters), storm the
   * part "de Bilt" whole (its word "Bilt" says something); each near 2 +
   * untagged 1 = 3. The others name no part and no word: no reason. */
  items = peil_attention_list (incident, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (item_at (items, 0)->post_id, ==, storm);
  g_assert_cmpint (item_at (items, 1)->post_id, ==, smoke);
  bilt = describe (item_at (items, 0));
  alphen = describe (item_at (items, 1));
  g_assert_cmpstr (bilt, ==, "near-location=2 untagged=1 | Near de Bilt; Untagged;");
  g_assert_cmpstr (alphen, ==, "near-location=2 untagged=1 | Near Alphen; Untagged;");

  peil_test_finalize (&incident);
}

/* A call for help that a headline, a news feed or an authority relays is
 * no call to act on; the writer's own call is. */
static void
test_relayed_calls (void)
{
  PeilIncident *incident = peil_test_new_incident ("attention-relayed.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 stuck, question, responder, politics, headline, media, feed, council, friend;

  headline = peil_test_add_post (incident, "x", "1", "2026-11-27T12:00:00Z", "@omroep",
                                 "Bewoners zitten vast na brand in flat https://nos.nl/artikel/1");
  stuck = peil_test_add_post (incident, "x", "2", "2026-11-27T12:01:00Z", "@a",
                              "Help, we zitten vast op de derde verdieping https://t.co/x");
  question = peil_test_add_post (incident, "x", "3", "2026-11-27T12:02:00Z", "@b", "Wie kan helpen? www.example.org");
  politics = peil_test_add_post (incident, "x", "4", "2026-11-27T12:03:00Z", "@wethouder_piet",
                                 "Wie kan helpen met opvang? Meld je bij het gemeentehuis");
  media = peil_test_add_post (incident, "x", "5", "2026-11-27T12:04:00Z", "@krant",
                              "Vermist: wie heeft deze man gezien?");
  responder = peil_test_add_post (incident, "x", "6", "2026-11-27T12:05:00Z", "@jan_brandwacht",
                                  "Wie kan helpen met zandzakken?");
  feed = peil_test_add_post (incident, "rss", "7", "2026-11-27T12:06:00Z", NULL,
                             "Eén bewoner wordt nog vermist");
  council = peil_test_add_post (incident, "x", "8", "2026-11-27T12:07:00Z", "@Gemeente_Alphen",
                                "Wilt u helpen? Breng geen spullen meer naar de sporthal");
  /* "vr*" is an official prefix for mentions ("@vrhm"), too short to
   * call an author an authority. */
  friend = peil_test_add_post (incident, "x", "9", "2026-11-27T12:08:00Z", "@vriendin_anna",
                               "Mijn buurvrouw is vermist, wie heeft haar gezien?");
  g_assert_true (peil_incident_tag_post (incident, politics, "ACTOR-POLITICS", &error));
  g_assert_true (peil_incident_tag_post (incident, media, "ACTOR-MEDIA", &error));
  g_assert_true (peil_incident_tag_post (incident, responder, "ACTOR-RESPONDER", &error));
  g_assert_no_error (error);

  /* By hand: the friend's, the question and the first-person call are
   * help 5 + untagged 1 = 6, the newer first; the responder's call,
   * tagged, is help 5. The headline (a link, no question, no "we"), the
   * feed's item, the council's appeal, the politician's and the medium's
   * calls have no reason left. */
  items = peil_attention_list (incident, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 4);
  g_assert_cmpint (item_at (items, 0)->post_id, ==, friend);
  g_assert_cmpint (item_at (items, 1)->post_id, ==, question);
  g_assert_cmpint (item_at (items, 2)->post_id, ==, stuck);
  g_assert_cmpint (item_at (items, 3)->post_id, ==, responder);
  g_assert_cmpfloat (item_at (items, 3)->score, ==, 5);
  for (guint k = 0; k < items->len; k++)
    {
      g_assert_true (has_reason (item_at (items, k), "call-for-help"));
      g_assert_true (item_at (items, k)->post_id != headline && item_at (items, k)->post_id != feed &&
                     item_at (items, k)->post_id != council);
    }

  peil_test_finalize (&incident);
}

/* The demo exercise (data/exercise/demo) has three rumours. Played to
 * 0:31:00, its third ("Het stof bevat asbest en je moet je huis uit",
 * injects K073, K076 and K079 from 0:27:00 on) is a story of three posts
 * in ten minutes, and two of them say "Gemeente zegt dat …": a claim cue
 * (data/triage/attention-cues.json), so it is a rumour candidate. */
static void
test_demo_rumour (void)
{
  g_autofree char *scenario_path = g_test_build_filename (G_TEST_DIST, "..", "data", "exercise", "demo", "kraanongeval.csv", NULL);
  g_autofree char *path = peil_test_tmp_path ("attention-demo.peil");
  g_autoptr(GFile) scenario_file = g_file_new_for_path (scenario_path);
  g_autoptr(PeilTaxonomy) taxonomy = peil_taxonomy_new_default (NULL);
  g_autoptr(PeilScenario) scenario = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *story = NULL;
  JsonArray *candidates, *posts;
  JsonObject *candidate;

  scenario = peil_scenario_new_from_file (scenario_file, NULL, taxonomy, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_auto(PeilTestRun) made = peil_test_cli ("exercise", "new", path, "--scenario", scenario_path, NULL);
    g_auto(PeilTestRun) jumped = peil_test_cli ("exercise", "jump", path, "0:31:00", NULL);
    g_auto(PeilTestRun) started = peil_test_cli ("exercise", "start", path, NULL);
    g_auto(PeilTestRun) paused = peil_test_cli ("exercise", "pause", path, NULL);
    g_auto(PeilTestRun) gathered = peil_test_cli ("gather", path, NULL);

    g_assert_cmpint (made.status, ==, 0);
    g_assert_cmpint (jumped.status, ==, 0);
    g_assert_cmpint (started.status, ==, 0);
    g_assert_cmpint (paused.status, ==, 0);
    g_assert_cmpint (gathered.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("rumour", "candidates", path, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
    g_assert_no_error (error);
    candidates = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "candidates");
    g_assert_cmpuint (json_array_get_length (candidates), >=, 1);
    candidate = json_array_get_object_element (candidates, 0);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (candidate, "claim"), "LET OP!!! ASBEST in het stof."));
    g_assert_cmpstr (json_object_get_string_member (candidate, "cue"), ==, "zegt dat");
    g_assert_cmpint (json_object_get_int_member (candidate, "size"), ==, 3);
    story = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (candidate, "story"));
  }
  /* Each of the story's posts is an inject the scenario marks as carrying
   * that rumour. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "--story", story, "--json", "--real-names", "matching the scenario's injects", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
    g_assert_no_error (error);
    posts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "posts");
    g_assert_cmpuint (json_array_get_length (posts), ==, 3);
    for (guint k = 0; k < json_array_get_length (posts); k++)
      {
        const char *inject_id = json_object_get_string_member (json_array_get_object_element (posts, k), "id");
        const PeilInject *inject = peil_scenario_find_inject (scenario, inject_id);

        g_assert_nonnull (inject);
        g_assert_cmpstr (inject->rumour, ==, "Het stof bevat asbest en je moet je huis uit");
      }
  }
}

/* Growth and age count from the newest post with a time of its own: not
 * from one post with a wrong clock, not from posts without a time; and a
 * time given leaves out what came after it. */
static void
test_clock_outliers (void)
{
  PeilIncident *incident = peil_test_new_incident ("attention-outliers.peil");
  PeilIncident *untimed = peil_test_new_incident ("attention-untimed.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) at_1250 = NULL;
  g_autoptr(GPtrArray) without_time = NULL;
  gint64 first = 0;

  add_stories (incident);
  /* A post from 2039: the newest by far, and not "now". */
  peil_test_add_post (incident, "x", "future", "2039-01-01T00:00:00Z", "@klok", "Verkeerde klok");
  items = peil_attention_list (incident, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    if (item_at (items, i)->story_id == story_s)
      g_assert_true (has_reason (item_at (items, i), "growing-fast"));

  /* At 12:50 R (12:52 on) is not there yet, nor any post after 12:50. */
  at_1250 = peil_attention_list (incident, at ("2026-11-27T12:50:00Z"), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_1250->len, >, 0);
  for (guint i = 0; i < at_1250->len; i++)
    g_assert_cmpint (item_at (at_1250, i)->created_at, <=, at ("2026-11-27T12:50:00Z"));

  /* Three calls for help without a time: a story, but neither growing
   * nor new. */
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *id = g_strdup_printf ("u%u", k);
      gint64 post = peil_test_add_post (untimed, "csv", id, NULL, NULL, "Help, kraan omgevallen in het centrum");

      if (k == 0)
        first = post;
      set_story (untimed, post, first);
    }
  without_time = peil_attention_list (untimed, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (without_time->len, ==, 1);
  g_assert_true (has_reason (item_at (without_time, 0), "call-for-help"));
  g_assert_false (has_reason (item_at (without_time, 0), "growing-fast"));
  g_assert_false (has_reason (item_at (without_time, 0), "new-story"));

  peil_test_finalize (&untimed);
  peil_test_finalize (&incident);
}

static void
test_cli (void)
{
  PeilIncident *incident = peil_test_new_incident ("attention-cli.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *story = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *first;
  JsonArray *reasons;

  add_stories (incident);
  story = g_strdup_printf ("%" G_GINT64_FORMAT, story_r);
  g_clear_object (&incident);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("attention", path, "--json", "--limit", "1", "--now", "2026-11-27T13:00:00Z", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "attention")), ==, 1);
    first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "attention"), 0);
    g_assert_cmpint (json_object_get_int_member (first, "peil_id"), ==, last_r);
    g_assert_cmpfloat (json_object_get_double_member (first, "score"), ==, 8);
    reasons = json_object_get_array_member (first, "reasons");
    g_assert_cmpuint (json_array_get_length (reasons), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reasons, 0), "code"), ==, "growing-fast");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reasons, 0), "text"), ==,
                     "Growing story +4 in 10 min");
  }
  /* Without --json: text only, a post a row with its reasons below. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("attention", path, "--limit", "1", "--now", "2026-11-27T13:00:00Z", NULL);
    g_autofree char *row = g_strdup_printf ("%6" G_GINT64_FORMAT "     8  2026-11-27T12:55:00Z  RT Ik hoor dat de brug is ingestort\n"
                                            "        Growing story +4 in 10 min · New story · Possible rumour · Untagged\n", last_r);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, row);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("attention", path, "--now", "2026-11-27T09:00:00Z", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Nothing needs attention\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("rumour", "candidates", path, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "“Ik hoor dat de brug is ingestort”"));
    g_assert_nonnull (strstr (run.out, "4 with “ik hoor dat”"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("rumour", "add", path, "--story", story, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Registered rumour 1\nIt follows story 25: 4 posts linked\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("rumour", "list", path, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "follows story 25; 4 posts linked automatically"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("rumour", "add", path, "--story", "nine", NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "“nine” is not a story number"));
  }
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/attention/cues-and-order", test_cues_and_order);
  g_test_add_func ("/attention/stories", test_stories);
  g_test_add_func ("/attention/story-rumour", test_story_rumour);
  g_test_add_func ("/attention/clock-outliers", test_clock_outliers);
  g_test_add_func ("/attention/place-words", test_place_words);
  g_test_add_func ("/attention/relayed-calls", test_relayed_calls);
  g_test_add_func ("/attention/demo-rumour", test_demo_rumour);
  g_test_add_func ("/attention/cli", test_cli);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "peil-test-util.h"

static const PeilEvent *
find_event (GPtrArray  *events,
            const char *action,
            const char *tag)
{
  for (guint i = 0; i < events->len; i++)
    {
      const PeilEvent *event = g_ptr_array_index (events, i);
      if (g_str_equal (event->action, action) && g_strcmp0 (event->tag, tag) == 0)
        return event;
    }
  return NULL;
}

static void
test_tag_records_who_and_when (void)
{
  PeilIncident *incident = peil_test_new_incident ("tag.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  id = peil_test_add_post (incident, "x", "1", "2026-11-25T14:00:00Z", "@buur",
                           "Ik ruik iets chemisch, kunnen de kinderen naar buiten? #boos");
  g_assert_true (peil_incident_tag_post (incident, id, "IB-VEILIG", &error));
  g_assert_true (peil_incident_tag_post (incident, id, "bg-angst", &error));
  g_assert_true (peil_incident_tag_post (incident, id, "BG-BOOS", &error));
  g_assert_true (peil_incident_tag_post (incident, id, "BG-BOOS", &error));  /* twice changes nothing */
  g_assert_no_error (error);

  incident = peil_test_reopen (incident);
  post = peil_incident_get_post (incident, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_post_get_n_tags (post), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const PeilPostTag *tag = peil_post_get_tag (post, i);
      g_assert_cmpstr (tag->analyst, ==, "Test Analist");
      g_assert_cmpint (tag->tagged_at, >=, before);
    }
  /* In taxonomy order: dimension first, then tag. */
  g_assert_cmpstr (peil_post_get_tag (post, 0)->code, ==, "IB-VEILIG");
  g_assert_cmpstr (peil_post_get_tag (post, 1)->code, ==, "BG-ANGST");
  g_assert_cmpstr (peil_post_get_tag (post, 2)->code, ==, "BG-BOOS");

  events = peil_incident_list_events (incident, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_event (events, "tag", "BG-BOOS"));
  g_assert_cmpint (find_event (events, "tag", "BG-BOOS")->post_id, ==, id);
  g_assert_cmpstr (find_event (events, "tag", "BG-BOOS")->analyst, ==, "Test Analist");
  g_assert_nonnull (find_event (events, "create", NULL));
  g_assert_finalize_object (incident);
}

static void
test_untag_undoes (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("untag.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 id = peil_test_add_post (incident, "x", "1", NULL, NULL, "Wanneer mogen we terug naar huis?");

  g_assert_true (peil_incident_tag_post (incident, id, "IB-VERLOOP", &error));
  g_assert_true (peil_incident_tag_post (incident, id, "IB-WAT", &error));
  g_assert_true (peil_incident_untag_post (incident, id, "IB-WAT", &error));
  g_assert_true (peil_incident_untag_post (incident, id, "IB-WAT", &error));  /* not there: no-op */
  g_assert_no_error (error);

  post = peil_incident_get_post (incident, id, &error);
  g_assert_cmpuint (peil_post_get_n_tags (post), ==, 1);
  g_assert_cmpstr (peil_post_get_tag (post, 0)->code, ==, "IB-VERLOOP");

  /* The log keeps both the tag and its undoing, newest first. */
  events = peil_incident_list_events (incident, 2, &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->action, ==, "untag");
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->tag, ==, "IB-WAT");
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 1))->action, ==, "tag");
}

/* Two analysts who put the same tag on one post each keep theirs: the post
 * counts once, both appear in its tags, and taking the tag off takes it
 * off for both, each in the log. */
static void
test_two_analysts_one_tag (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("two-analysts.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(PeilPost) untagged = NULL;
  g_autoptr(PeilCounts) counts = NULL;
  gint64 id = peil_test_add_post (incident, "x", "1", "2026-11-25T14:05:00Z", NULL, "Is het water veilig?");

  peil_incident_set_analyst (incident, "Anna");
  g_assert_true (peil_incident_tag_post (incident, id, "IB-VEILIG", &error));
  peil_incident_set_analyst (incident, "Bram");
  g_assert_true (peil_incident_tag_post (incident, id, "IB-VEILIG", &error));
  g_assert_no_error (error);

  post = peil_incident_get_post (incident, id, &error);
  g_assert_cmpuint (peil_post_get_n_tags (post), ==, 2);
  g_assert_cmpstr (peil_post_get_tag (post, 0)->analyst, ==, "Anna");
  g_assert_cmpstr (peil_post_get_tag (post, 1)->analyst, ==, "Bram");
  g_assert_cmpstr (peil_post_get_tag (post, 1)->code, ==, "IB-VEILIG");

  counts = peil_incident_count (incident, NULL, &error);
  for (guint i = 0; i < counts->tags->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->tags, i);
      g_assert_cmpint (count->count, ==, g_str_equal (count->key, "IB-VEILIG") ? 1 : 0);
    }

  /* Bram takes his tag off; Anna's stays, and so does the post's count. */
  g_assert_true (peil_incident_untag_post (incident, id, "IB-VEILIG", &error));
  untagged = peil_incident_get_post (incident, id, &error);
  g_assert_cmpuint (peil_post_get_n_tags (untagged), ==, 1);
  g_assert_cmpstr (peil_post_get_tag (untagged, 0)->analyst, ==, "Anna");
  g_clear_object (&untagged);

  /* Cor, who never gave it, takes nothing off. */
  peil_incident_set_analyst (incident, "Cor");
  g_assert_true (peil_incident_untag_post (incident, id, "IB-VEILIG", &error));
  untagged = peil_incident_get_post (incident, id, &error);
  g_assert_cmpuint (peil_post_get_n_tags (untagged), ==, 1);
  g_clear_object (&untagged);

  peil_incident_set_analyst (incident, "Anna");
  g_assert_true (peil_incident_untag_post (incident, id, "IB-VEILIG", &error));
  untagged = peil_incident_get_post (incident, id, &error);
  g_assert_cmpuint (peil_post_get_n_tags (untagged), ==, 0);
}

/* A facet holds one value: rumour status moves from unverified to false. */
static void
test_single_choice_facet (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("facet.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;
  gint64 id = peil_test_add_post (incident, "x", "1", NULL, NULL, "Er zouden 20 doden zijn gevallen");

  g_assert_true (peil_incident_tag_post (incident, id, "RUMOUR-UNVERIFIED", &error));
  g_assert_true (peil_incident_tag_post (incident, id, "SB-VERSPREIDEN", &error));
  g_assert_true (peil_incident_tag_post (incident, id, "RUMOUR-FALSE", &error));
  g_assert_no_error (error);

  post = peil_incident_get_post (incident, id, &error);
  g_assert_cmpuint (peil_post_get_n_tags (post), ==, 2);
  g_assert_cmpstr (peil_post_get_tag (post, 0)->code, ==, "SB-VERSPREIDEN");
  g_assert_cmpstr (peil_post_get_tag (post, 1)->code, ==, "RUMOUR-FALSE");
}

static void
test_tag_errors (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("tag-errors.peil");
  g_autoptr(GError) error = NULL;
  gint64 id = peil_test_add_post (incident, "x", "1", NULL, NULL, "tekst");

  g_assert_false (peil_incident_tag_post (incident, id, "IB-BESTAATNIET", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG);
  g_assert_nonnull (strstr (error->message, "IB-BESTAATNIET"));
  g_clear_error (&error);

  g_assert_false (peil_incident_tag_post (incident, 4242, "IB-WAT", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);
  g_assert_nonnull (strstr (error->message, "4242"));
  g_clear_error (&error);

  g_assert_false (peil_incident_untag_post (incident, 4242, "IB-WAT", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);
}

/* The event log cannot be rewritten, not even with SQL behind Peil's back. */
static void
test_event_log_append_only (void)
{
  PeilIncident *incident = peil_test_new_incident ("log.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  gint64 id = peil_test_add_post (incident, "x", "1", NULL, NULL, "tekst");
  sqlite3 *db = NULL;

  peil_incident_tag_post (incident, id, "IB-WAT", NULL);
  g_assert_finalize_object (incident);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE event_log SET analyst = 'iemand anders'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "append-only"));
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM event_log", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);
}

static void
on_tags_changed (PeilIncident *incident,
                 gint64        post_id,
                 gint64       *last)
{
  *last = post_id;
}

static gint64
sum_counts (GPtrArray *counts)
{
  gint64 sum = 0;

  for (guint i = 0; i < counts->len; i++)
    sum += ((PeilCount *)g_ptr_array_index (counts, i))->count;
  return sum;
}

/* The counts agree with the search: what the sidebar says a click on
 * "Untagged" shows is what it shows, also for a round's period. */
static void
assert_counts_agree (PeilIncident *incident,
                     PeilFilter   *filter)
{
  g_autoptr(PeilCounts) counts = peil_incident_count (incident, filter, NULL);
  g_autoptr(PeilFilter) everything = filter ? peil_filter_copy (filter) : peil_filter_new ();

  g_assert_nonnull (counts);
  g_assert_cmpint (counts->total, ==, peil_incident_count_matching (incident, everything, NULL));
  g_assert_cmpint (sum_counts (counts->sources), ==, counts->total);
  g_assert_cmpint (sum_counts (counts->hours) + counts->untimed, ==, counts->total);

  for (guint i = 0; i < counts->untagged->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->untagged, i);
      g_autoptr(PeilFilter) untagged = filter ? peil_filter_copy (filter) : peil_filter_new ();

      peil_filter_add_untagged (untagged, count->key);
      g_assert_cmpint (count->count, ==, peil_incident_count_matching (incident, untagged, NULL));
    }
  for (guint i = 0; i < counts->tags->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->tags, i);
      g_autoptr(PeilFilter) tagged = filter ? peil_filter_copy (filter) : peil_filter_new ();

      peil_filter_add_tag (tagged, count->key);
      g_assert_cmpint (count->count, ==, peil_incident_count_matching (incident, tagged, NULL));
    }
}

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(PeilCounts **)user_data = peil_incident_count_finish (PEIL_INCIDENT (object), result, NULL);
}

static void
test_counts (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("counts.peil");
  g_autoptr(PeilCounts) counts = NULL;
  g_autoptr(PeilCounts) counted_async = NULL;
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  gint64 a = peil_test_add_post (incident, "x", "1", "2026-11-25T14:05:00Z", NULL, "a kraan");
  gint64 b = peil_test_add_post (incident, "x", "2", "2026-11-25T14:55:00Z", NULL, "b kraan");
  gint64 untimed = peil_test_add_post (incident, "whatsapp", "4", NULL, NULL, "Is de kraan veilig?");
  gint64 changed = 0;

  peil_test_add_post (incident, "tiktok", "3", "2026-11-25T16:10:00Z", NULL, "c");
  g_signal_connect (incident, "tags-changed", G_CALLBACK (on_tags_changed), &changed);
  peil_incident_tag_post (incident, a, "IB-VEILIG", NULL);
  peil_incident_tag_post (incident, b, "IB-VEILIG", NULL);
  peil_incident_tag_post (incident, b, "BG-ANGST", NULL);
  peil_incident_tag_post (incident, untimed, "IB-VEILIG", NULL);
  peil_incident_tag_post (incident, untimed, "RUMOUR-UNVERIFIED", NULL);
  g_assert_cmpint (changed, ==, untimed);

  counts = peil_incident_count (incident, NULL, NULL);
  g_assert_cmpint (counts->total, ==, 4);
  g_assert_cmpint (counts->untimed, ==, 1);
  for (guint i = 0; i < counts->tags->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->tags, i);
      gint64 expected = g_str_equal (count->key, "IB-VEILIG") ? 3 :
                        g_str_equal (count->key, "BG-ANGST") || g_str_equal (count->key, "RUMOUR-UNVERIFIED") ? 1 : 0;
      g_assert_cmpint (count->count, ==, expected);
    }
  g_assert_cmpstr (((PeilCount *)g_ptr_array_index (counts->tags, 0))->key, ==, "IB-WAT");

  /* Untagged is counted for the method's three dimensions, not the facets. */
  g_assert_cmpuint (counts->untagged->len, ==, 3);
  g_assert_cmpstr (((PeilCount *)g_ptr_array_index (counts->untagged, 0))->key, ==, "IB");
  g_assert_cmpint (((PeilCount *)g_ptr_array_index (counts->untagged, 0))->count, ==, 1);
  g_assert_cmpint (((PeilCount *)g_ptr_array_index (counts->untagged, 1))->count, ==, 3);

  g_assert_cmpuint (counts->sources->len, ==, 3);
  g_assert_cmpstr (((PeilCount *)g_ptr_array_index (counts->sources, 0))->key, ==, "x");
  g_assert_cmpint (((PeilCount *)g_ptr_array_index (counts->sources, 0))->count, ==, 2);

  g_assert_cmpuint (counts->hours->len, ==, 2);
  g_assert_cmpstr (((PeilCount *)g_ptr_array_index (counts->hours, 0))->key, ==, "2026-11-25T14:00:00Z");
  g_assert_cmpint (((PeilCount *)g_ptr_array_index (counts->hours, 0))->count, ==, 2);
  g_assert_cmpstr (((PeilCount *)g_ptr_array_index (counts->hours, 1))->key, ==, "2026-11-25T16:00:00Z");

  assert_counts_agree (incident, NULL);
  peil_filter_set_range (filter, 1764079200, 1764082800);   /* 14:00–15:00 */
  assert_counts_agree (incident, filter);
  peil_filter_set_range (filter, 0, 0);
  peil_filter_set_text (filter, "kraan");
  assert_counts_agree (incident, filter);
  peil_filter_add_source (filter, "whatsapp");
  assert_counts_agree (incident, filter);

  /* Counted on a worker, the same. */
  peil_incident_count_async (incident, NULL, NULL, on_counted, &counted_async);
  while (counted_async == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (counted_async->total, ==, counts->total);
  g_assert_cmpint (sum_counts (counted_async->tags), ==, sum_counts (counts->tags));
}

static gint64
count_events (PeilIncident *incident,
              const char   *action)
{
  g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 0, NULL);
  gint64 n = 0;

  for (guint i = 0; i < events->len; i++)
    n += g_str_equal (((PeilEvent *)g_ptr_array_index (events, i))->action, action);
  return n;
}

static gint64
count_of (GPtrArray  *counts,
          const char *key)
{
  for (guint i = 0; i < counts->len; i++)
    if (g_str_equal (((PeilCount *)g_ptr_array_index (counts, i))->key, key))
      return ((PeilCount *)g_ptr_array_index (counts, i))->count;
  return 0;
}

/* A post marked off-topic leaves every count and the round's figures,
 * which say how many they left out; the default search leaves it out,
 * a filter shows it alone; the mark and its removal are logged with who,
 * each once however often repeated, and taking it off restores it all. */
static void
test_off_topic (void)
{
  PeilIncident *incident = peil_test_new_incident ("off-topic.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilCounts) counts = NULL;
  g_autoptr(PeilCounts) restored = NULL;
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) figures = NULL;
  g_autoptr(JsonNode) line = NULL;
  g_autofree char *figures_json = NULL;
  JsonArray *tagged;
  gint64 a = peil_test_add_post (incident, "x", "1", "2026-11-25T14:05:00Z", NULL, "a kraan");
  gint64 b = peil_test_add_post (incident, "x", "2", "2026-11-25T14:55:00Z", NULL, "b kraan, te koop: fiets");
  gint64 c = peil_test_add_post (incident, "tiktok", "3", "2026-11-25T16:10:00Z", NULL, "c");
  gint64 d = peil_test_add_post (incident, "whatsapp", "4", NULL, NULL, "d zonder tijd");
  gint64 changed = 0;

  peil_incident_tag_post (incident, a, "IB-VEILIG", NULL);
  peil_incident_tag_post (incident, b, "IB-VEILIG", NULL);
  peil_incident_tag_post (incident, b, "BG-ANGST", NULL);
  g_signal_connect (incident, "tags-changed", G_CALLBACK (on_tags_changed), &changed);

  g_assert_false (peil_incident_is_off_topic (incident, b, &error));
  g_assert_no_error (error);
  g_assert_true (peil_incident_mark_off_topic (incident, b, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, b);
  g_assert_true (peil_incident_is_off_topic (incident, b, NULL));
  g_assert_false (peil_incident_is_off_topic (incident, a, NULL));

  /* Again: nothing changes, nothing is logged, no signal. */
  changed = 0;
  g_assert_true (peil_incident_mark_off_topic (incident, b, TRUE, &error));
  g_assert_cmpint (changed, ==, 0);
  g_assert_cmpint (count_events (incident, "off-topic"), ==, 1);
  /* Taking off a mark that is not there changes nothing either. */
  g_assert_true (peil_incident_mark_off_topic (incident, a, FALSE, &error));
  g_assert_cmpint (changed, ==, 0);
  g_assert_cmpint (count_events (incident, "on-topic"), ==, 0);

  /* A post that is not there: a clear error, nothing logged. */
  g_assert_false (peil_incident_mark_off_topic (incident, 9999, TRUE, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);
  g_assert_nonnull (strstr (error->message, "9999"));
  g_clear_error (&error);
  g_assert_false (peil_incident_is_off_topic (incident, 9999, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);
  g_clear_error (&error);
  g_assert_cmpint (count_events (incident, "off-topic"), ==, 1);

  /* Kept in the file, with who marked it. */
  incident = peil_test_reopen (incident);
  events = peil_incident_list_events (incident, 1, &error);
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->action, ==, "off-topic");
  g_assert_cmpint (((PeilEvent *)g_ptr_array_index (events, 0))->post_id, ==, b);
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->analyst, ==, "Test Analist");
  post = peil_incident_get_post (incident, b, &error);
  g_assert_true (peil_post_get_off_topic (post));
  line = peil_post_to_json (post, NULL);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (line), "off_topic"));

  /* Counted by hand: a (14:05, IB-VEILIG), c (16:10, tiktok), d (no
   * time, whatsapp); b (14:55, IB-VEILIG, BG-ANGST) is in none. */
  counts = peil_incident_count (incident, NULL, &error);
  g_assert_cmpint (counts->total, ==, 3);
  g_assert_cmpint (counts->off_topic, ==, 1);
  g_assert_cmpint (counts->untimed, ==, 1);
  g_assert_cmpint (count_of (counts->tags, "IB-VEILIG"), ==, 1);
  g_assert_cmpint (count_of (counts->tags, "BG-ANGST"), ==, 0);
  g_assert_cmpint (count_of (counts->untagged, "IB"), ==, 2);
  g_assert_cmpint (count_of (counts->untagged, "BG"), ==, 3);
  g_assert_cmpint (count_of (counts->sources, "x"), ==, 1);
  g_assert_cmpint (count_of (counts->hours, "2026-11-25T14:00:00Z"), ==, 1);
  assert_counts_agree (incident, NULL);

  /* The list leaves it out; the filter shows it alone, or with the rest. */
  g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, 3);
  peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_ONLY);
  g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, 1);
  {
    g_autoptr(GArray) ids = peil_incident_search (incident, filter, NULL);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, b);
  }
  peil_filter_set_text (filter, "fiets");
  g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, 1);
  peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_LEAVE_OUT);
  g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, 0);
  peil_filter_set_text (filter, NULL);
  peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_INCLUDE);
  g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, 4);

  /* A round over 14:00–17:00: a and c; b is said to be left out, and its
   * tags are not among the posts the figures rest on. */
  figures_json = peil_incident_compute_figures (incident, 1795615200, 1795626000, &error);
  g_assert_no_error (error);
  figures = json_from_string (figures_json, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (figures), "total"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (figures), "off_topic"), ==, 1);
  tagged = json_object_get_array_member (json_node_get_object (figures), "posts");
  g_assert_cmpuint (json_array_get_length (tagged), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (tagged, 0), 0), ==, a);

  /* Taken off: logged with who, every count as before the mark. */
  g_signal_connect (incident, "tags-changed", G_CALLBACK (on_tags_changed), &changed);
  g_assert_true (peil_incident_mark_off_topic (incident, b, FALSE, &error));
  g_assert_cmpint (changed, ==, b);
  g_assert_cmpint (count_events (incident, "on-topic"), ==, 1);
  restored = peil_incident_count (incident, NULL, &error);
  g_assert_cmpint (restored->total, ==, 4);
  g_assert_cmpint (restored->off_topic, ==, 0);
  g_assert_cmpint (count_of (restored->tags, "IB-VEILIG"), ==, 2);
  g_assert_cmpint (count_of (restored->tags, "BG-ANGST"), ==, 1);
  g_assert_cmpint (count_of (restored->hours, "2026-11-25T14:00:00Z"), ==, 2);
  (void)c;
  (void)d;
  g_assert_finalize_object (incident);
}

static void
test_notes (void)
{
  PeilIncident *incident = peil_test_new_incident ("notes.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 id = peil_test_add_post (incident, "manual", "1", NULL, NULL, "Beller is bang voor asbest");

  g_assert_cmpint (peil_incident_add_note (incident, id, "  Teruggebeld, verwezen naar de GGD  ", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_add_note (incident, id, "   ", &error), ==, 0);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (peil_incident_add_note (incident, 999, "Over niets", &error), ==, 0);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);
  g_clear_error (&error);

  incident = peil_test_reopen (incident);
  notes = peil_incident_list_notes (incident, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((PeilNote *)g_ptr_array_index (notes, 0))->text, ==, "Teruggebeld, verwezen naar de GGD");
  g_assert_cmpstr (((PeilNote *)g_ptr_array_index (notes, 0))->analyst, ==, "Test Analist");
  events = peil_incident_list_events (incident, 1, NULL);
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->action, ==, "note");
  g_assert_finalize_object (incident);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/tagging/who-and-when", test_tag_records_who_and_when);
  g_test_add_func ("/tagging/untag-undoes", test_untag_undoes);
  g_test_add_func ("/tagging/two-analysts-one-tag", test_two_analysts_one_tag);
  g_test_add_func ("/tagging/single-choice-facet", test_single_choice_facet);
  g_test_add_func ("/tagging/errors", test_tag_errors);
  g_test_add_func ("/tagging/event-log-append-only", test_event_log_append_only);
  g_test_add_func ("/tagging/counts", test_counts);
  g_test_add_func ("/tagging/notes", test_notes);
  g_test_add_func ("/tagging/off-topic", test_off_topic);

  return g_test_run ();
}

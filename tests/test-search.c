/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "peil-incident-private.h"
#include "peil-test-util.h"

static PeilIncident *incident;
static gint64 ids[6];

static void
add_sample_posts (void)
{
  incident = peil_test_new_incident ("search.peil");
  ids[1] = peil_test_add_post (incident, "x", "1", "2026-11-25T14:00:00Z", "@jan", "Asbest in de lucht na de brand? Ramen dicht!");
  ids[2] = peil_test_add_post (incident, "x", "2", "2026-11-25T14:10:00Z", "@marie", "Café aan de Markt ontruimd");
  ids[3] = peil_test_add_post (incident, "tiktok", "3", "2026-11-25T14:20:00Z", "@kees", "Hijskraan omgevallen op woningen");
  ids[4] = peil_test_add_post (incident, "mastodon", "4", "2026-11-25T14:30:00Z", "@anna", "De kraan is omgevallen, veel stof");
  ids[5] = peil_test_add_post (incident, "csv", "5", "2026-11-25T15:00:00Z", "Gemeente Alphen", "Waar kan ik terecht voor opvang?");
  g_assert_true (peil_incident_tag_post (incident, ids[1], "IB-VEILIG", NULL));
  g_assert_true (peil_incident_tag_post (incident, ids[4], "IB-VEILIG", NULL));
  g_assert_true (peil_incident_tag_post (incident, ids[4], "BG-ANGST", NULL));
}

/* Expects exactly the posts numbered in @expected (1-5), newest first. */
static void
assert_finds (PeilFilter *filter,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = peil_incident_search (incident, filter, &error);
  g_autoptr(GString) got = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    for (guint n = 1; n < G_N_ELEMENTS (ids); n++)
      if (ids[n] == g_array_index (found, gint64, i))
        g_string_append_printf (got, "%u", n);

  g_assert_cmpstr (got->str, ==, expected);
  g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, (gint64)strlen (expected));
}

static void
assert_text_finds (const char *query,
                   const char *expected)
{
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();

  g_test_message ("query: %s", query);
  peil_filter_set_text (filter, query);
  assert_finds (filter, expected);
}

static void
test_full_text (void)
{
  assert_text_finds ("asbest", "1");
  assert_text_finds ("ASBEST", "1");
  assert_text_finds ("cafe", "2");                      /* diacritics folded */
  assert_text_finds ("café", "2");
  assert_text_finds ("kraan*", "4");                    /* prefix */
  assert_text_finds ("hijs*", "3");
  assert_text_finds ("omgevallen", "43");               /* newest first */
  assert_text_finds ("\"kraan is omgevallen\"", "4");   /* phrase */
  assert_text_finds ("\"omgevallen kraan\"", "");
  assert_text_finds ("asbest OR stof", "41");
  assert_text_finds ("omgevallen stof", "4");           /* all words */
  assert_text_finds ("omgevallen AND woningen", "3");
  assert_text_finds ("omgevallen NOT hijskraan", "4");
  assert_text_finds ("omgevallen -hijskraan", "4");
  assert_text_finds ("NOT omgevallen", "521");          /* exclusion alone */
  assert_text_finds ("-omgevallen -asbest", "52");
  assert_text_finds ("(asbest OR café) brand", "1");
  /* Words are looked for in the text only: a person is searched for
   * through the author filter, which is logged (docs/privacy.md). */
  assert_text_finds ("kees", "");
  assert_text_finds ("gemeente", "");
  assert_text_finds ("-kees", "54321");
  assert_text_finds ("c2000? a-b", "");                 /* punctuation is no syntax */
  assert_text_finds ("\"niet afgesloten", "");          /* an open quote runs to the end */
}

static void
assert_author_finds (const char *author,
                     const char *text,
                     const char *expected)
{
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();

  g_test_message ("author: %s, text: %s", author, text);
  peil_filter_set_author (filter, author);
  peil_filter_set_text (filter, text);
  assert_finds (filter, expected);
}

static void
test_author (void)
{
  g_autoptr(GError) error = NULL;
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();

  assert_author_finds ("kees", NULL, "3");
  assert_author_finds ("@KEES", NULL, "3");             /* the @ and case do not matter */
  assert_author_finds ("gemeente", NULL, "5");
  assert_author_finds ("Gemeente Alphen", NULL, "5");
  assert_author_finds ("alphen gemeente", NULL, "");    /* a name, not loose words */
  assert_author_finds ("kees", "hijskraan", "3");       /* with words of the text */
  assert_author_finds ("kees", "asbest", "");
  assert_author_finds ("kees", "-hijskraan", "");
  assert_author_finds ("asbest", NULL, "");             /* not the text */

  peil_filter_set_author (filter, "@");
  g_assert_null (peil_incident_search (incident, filter, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_BAD_QUERY);
}

static void
assert_bad_query (const char *query)
{
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GError) error = NULL;

  peil_filter_set_text (filter, query);
  g_assert_null (peil_incident_search (incident, filter, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_BAD_QUERY);
  g_clear_error (&error);
  g_assert_cmpint (peil_incident_count_matching (incident, filter, &error), ==, -1);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_BAD_QUERY);
}

static void
test_bad_queries (void)
{
  assert_bad_query ("(asbest");
  assert_bad_query ("asbest)");
  assert_bad_query ("asbest OR");
  assert_bad_query ("OR asbest");
  assert_bad_query ("asbest OR NOT stof");
}

static void
test_filters (void)
{
  peil_test_autofinal(PeilFilter) tagged = peil_filter_new ();
  peil_test_autofinal(PeilFilter) both = peil_filter_new ();
  peil_test_autofinal(PeilFilter) untagged = peil_filter_new ();
  peil_test_autofinal(PeilFilter) source = peil_filter_new ();
  peil_test_autofinal(PeilFilter) range = peil_filter_new ();
  peil_test_autofinal(PeilFilter) combined = peil_filter_new ();
  peil_test_autofinal(PeilFilter) unknown = peil_filter_new ();
  g_autoptr(GError) error = NULL;
  gint64 since, until;

  peil_filter_add_tag (tagged, "IB-VEILIG");
  assert_finds (tagged, "41");

  peil_filter_add_tag (both, "IB-VEILIG");
  peil_filter_add_tag (both, "bg-angst");
  assert_finds (both, "4");

  peil_filter_add_untagged (untagged, "IB");
  assert_finds (untagged, "532");
  peil_filter_add_untagged (untagged, "BG");
  assert_finds (untagged, "532");

  peil_filter_add_source (source, "X");
  peil_filter_add_source (source, "csv");
  assert_finds (source, "521");

  g_assert_true (peil_time_parse ("2026-11-25T14:15:00Z", NULL, &since));
  g_assert_true (peil_time_parse ("2026-11-25T15:00:00Z", NULL, &until));
  peil_filter_set_range (range, since, until);
  assert_finds (range, "43");   /* until is exclusive */

  /* Words, tags, untagged, source and time together. */
  peil_filter_set_text (combined, "omgevallen OR asbest");
  peil_filter_add_untagged (combined, "BG");
  peil_filter_add_source (combined, "x");
  peil_filter_add_source (combined, "tiktok");
  assert_finds (combined, "31");

  peil_filter_add_tag (unknown, "IB-ONBEKEND");
  g_assert_null (peil_incident_search (incident, unknown, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG);
}

static gint64
add_manual (PeilIncident *incident,
            const char   *id,
            const char   *channel)
{
  g_autoptr(PeilPost) post = peil_post_new ("manual", id);
  g_autoptr(GError) error = NULL;

  peil_post_set_text (post, "Waar kan ik terecht?");
  peil_post_set_channel (post, channel);
  peil_incident_add_post (incident, post, NULL, &error);
  g_assert_no_error (error);
  return peil_post_get_id (post);
}

/* Phone and WhatsApp questions count and filter under their channel, as
 * their rows in the list say, in the sidebar, peil-cli stats and the
 * report alike; a question without a channel stays "entered by hand". */
static void
test_manual_channels (void)
{
  peil_test_autofinal(PeilIncident) manual = peil_test_new_incident ("channels.peil");
  peil_test_autofinal(PeilFilter) phone = peil_filter_new ();
  g_autoptr(PeilCounts) counts = NULL;
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  add_manual (manual, "1", "phone");
  add_manual (manual, "2", "phone");
  add_manual (manual, "3", "whatsapp");
  add_manual (manual, "4", NULL);
  peil_test_add_post (manual, "x", "5", "2026-11-25T14:05:00Z", "Anna", "Stof op de auto");

  counts = peil_incident_count (manual, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < counts->sources->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->sources, i);
      g_hash_table_insert (by_key, count->key, count);
    }
  g_assert_cmpuint (g_hash_table_size (by_key), ==, 4);
  g_assert_cmpint (((PeilCount *)g_hash_table_lookup (by_key, "phone"))->count, ==, 2);
  g_assert_cmpstr (((PeilCount *)g_hash_table_lookup (by_key, "phone"))->label, ==, "Phone");
  g_assert_cmpint (((PeilCount *)g_hash_table_lookup (by_key, "whatsapp"))->count, ==, 1);
  g_assert_cmpint (((PeilCount *)g_hash_table_lookup (by_key, "manual"))->count, ==, 1);
  g_assert_cmpint (((PeilCount *)g_hash_table_lookup (by_key, "x"))->count, ==, 1);

  /* The sidebar's row filters what it counts. */
  peil_filter_add_source (phone, "phone");
  g_assert_cmpint (peil_incident_count_matching (manual, phone, NULL), ==, 2);
}

static void
test_paging (void)
{
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();

  peil_filter_set_page (filter, 1, 2);
  {
    g_autoptr(GArray) page = peil_incident_search (incident, filter, NULL);
    g_assert_cmpuint (page->len, ==, 2);
    g_assert_cmpint (g_array_index (page, gint64, 0), ==, ids[4]);
    g_assert_cmpint (g_array_index (page, gint64, 1), ==, ids[3]);
  }
  /* Counting ignores the page. */
  g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, 5);
}

/* Post @i of the plans' incident: "kraan" in every third, "stof" in every
 * fifth, "zeldzaam" in every 97th; three posts a minute over 200 minutes,
 * in an order unlike the order they were added in, so that times tie and
 * ids say nothing of time. */
#define PLAN_POSTS 600

static gint64
plan_post_time (guint i)
{
  return 1795615200 + (i * 7919 % 200) * 60;
}

static void
assert_plans_agree (PeilIncident *many,
                    PeilFilter   *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) by_matches = peil_incident_search_planned (many, filter, PEIL_SEARCH_BY_MATCHES, &error);
  g_autoptr(GArray) by_time = peil_incident_search_planned (many, filter, PEIL_SEARCH_BY_TIME, &error);
  g_autoptr(GArray) chosen = peil_incident_search (many, filter, &error);
  gint64 total = peil_incident_count_planned (many, filter, PEIL_SEARCH_BY_MATCHES, &error);
  guint limit = peil_filter_get_limit (filter), offset = peil_filter_get_offset (filter);

  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_count_planned (many, filter, PEIL_SEARCH_BY_TIME, NULL), ==, total);
  g_assert_cmpint (peil_incident_count_matching (many, filter, NULL), ==, total);
  g_assert_cmpuint (by_matches->len, ==, CLAMP (total - (gint64)offset, 0, limit ? limit : G_MAXINT64));
  g_assert_cmpmem (by_time->data, by_time->len * sizeof (gint64), by_matches->data, by_matches->len * sizeof (gint64));
  g_assert_cmpmem (chosen->data, chosen->len * sizeof (gint64), by_matches->data, by_matches->len * sizeof (gint64));
}

/* A page of a search is found by looking up every match or by walking
 * the posts newest first, by how many posts match (see
 * peil_incident_search_planned()): both find the same posts in the same
 * order, for rare and frequent words, with every kind of filter, on
 * every page, also where posts share their time. */
static void
test_plans_agree (void)
{
  static const char *texts[] = { "kraan", "zeldzaam", "kraan NOT stof", "stof OR zeldzaam", "\"kraan stof\"",
                                 "kra*", "-kraan", "niets", "bewoner7", NULL };
  static const guint pages[][2] = { { 0, 100 }, { 0, 10 }, { 5, 20 }, { 190, 50 }, { 0, 0 } };
  g_autoptr(PeilIncident) many = peil_test_new_incident ("plans.peil");
  g_autoptr(GArray) rare = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 ids_by_post[PLAN_POSTS];

  for (guint i = 0; i < PLAN_POSTS; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("%u", i);
      g_autofree char *time = peil_time_format_iso (plan_post_time (i));
      g_autofree char *author = g_strdup_printf ("bewoner%u", i % 10);
      g_autofree char *text = g_strdup_printf ("bericht %s%s%s", i % 3 == 0 ? "kraan " : "", i % 5 == 0 ? "stof " : "",
                                               i % 97 == 0 ? "zeldzaam" : "");

      ids_by_post[i] = peil_test_add_post (many, i % 2 ? "x" : "mastodon", remote_id, time, author, text);
      if (i % 4 == 0)
        g_assert_true (peil_incident_tag_post (many, ids_by_post[i], "BG-ANGST", NULL));
      if (i % 6 == 0)
        g_assert_true (peil_incident_tag_post (many, ids_by_post[i], "IB-VEILIG", NULL));
    }

  /* "zeldzaam": posts 0, 97, 194, 291, 388, 485 and 582, at minutes 0,
   * 143, 86, 29, 172, 115 and 58 (i × 7919 mod 200): newest first. */
  {
    static const guint newest_first[] = { 388, 97, 485, 194, 582, 291, 0 };
    peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
    g_autoptr(GArray) found = NULL;

    peil_filter_set_text (filter, "zeldzaam");
    peil_filter_set_page (filter, 0, 100);
    for (guint k = 0; k < G_N_ELEMENTS (newest_first); k++)
      g_array_append_val (rare, ids_by_post[newest_first[k]]);
    found = peil_incident_search_planned (many, filter, PEIL_SEARCH_BY_TIME, NULL);
    g_assert_cmpmem (found->data, found->len * sizeof (gint64), rare->data, rare->len * sizeof (gint64));
  }

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint f = 0; f < 6; f++)
      for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
        {
          peil_test_autofinal(PeilFilter) filter = peil_filter_new ();

          peil_filter_set_text (filter, texts[t]);
          if (f == 1)
            peil_filter_add_untagged (filter, "BG");
          if (f == 2)
            peil_filter_add_tag (filter, "IB-VEILIG");
          if (f == 3)
            peil_filter_add_source (filter, "mastodon");
          if (f == 4)
            peil_filter_set_range (filter, plan_post_time (0) + 3000, plan_post_time (0) + 9000);
          if (f == 5)
            {
              peil_filter_add_untagged (filter, "BG");
              peil_filter_add_source (filter, "x");
              peil_filter_set_range (filter, plan_post_time (0) + 600, 0);
            }
          peil_filter_set_page (filter, pages[p][0], pages[p][1]);
          g_test_message ("search: %s, filter %u, page %u", texts[t] ? texts[t] : "(none)", f, p);
          assert_plans_agree (many, filter);
        }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  peil_test_init (&argc, &argv);
  add_sample_posts ();

  g_test_add_func ("/search/full-text", test_full_text);
  g_test_add_func ("/search/author", test_author);
  g_test_add_func ("/search/bad-queries", test_bad_queries);
  g_test_add_func ("/search/filters", test_filters);
  g_test_add_func ("/search/manual-channels", test_manual_channels);
  g_test_add_func ("/search/paging", test_paging);
  g_test_add_func ("/search/plans-agree", test_plans_agree);

  ret = g_test_run ();
  g_assert_finalize_object (incident);
  return ret;
}

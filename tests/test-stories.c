/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Story clusters: near-copies of one message are one story, different
 * messages are not, in Dutch and English.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "peil-story-index.h"
#include "peil-text-terms.h"
#include "peil-test-util.h"

static void
assert_terms (const char *text,
              const char *language,
              const char *expected)
{
  g_auto(GStrv) terms = peil_text_terms (text, language);
  g_autofree char *joined = g_strjoinv (" ", terms);

  g_assert_cmpstr (joined, ==, expected);
}

/* What differs between copies goes; the words, stemmed, stay. */
static void
test_terms (void)
{
  assert_terms ("RT @dd_haveldonk: TWEE kranen!! https://t.co/x1 #Haveldonk", NULL, "twee kran haveldonk");
  assert_terms ("rt: @a @b.c Twee kranen", NULL, "twee kran");
  assert_terms ("Café de Kroon ontruimd", NULL, "caf kron ontruimd");
  assert_terms ("cafe de kroon ontruimd", NULL, "caf kron ontruimd");
  /* English by its small words, or as said. */
  assert_terms ("Two cranes collapsed onto the houses", NULL, "two crane collaps onto hous");
  assert_terms ("cranes", "en", "crane");
  /* Numbers stay: "bel 112", "huisnummer 16". */
  assert_terms ("Bel 112, nummer 14 en 16", NULL, "bel 112 nummer 14 16");
  assert_terms ("", NULL, "");
  assert_terms ("https://t.co/x @iemand", NULL, "");
  /* Bytes that are not UTF-8 are read as well as they can be. */
  assert_terms ("kraan \xff\xfe valt", NULL, "kran valt");
}

static void
test_retweet_joins_original (void)
{
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (1000);

  g_assert_cmpint (peil_story_index_add (index, 10, "TWEE kranen!! Ze zijn allebei om. Ik sta op de Sluisbrug", NULL), ==, 10);
  g_assert_cmpint (peil_story_index_add (index, 11, "Is het water in Haveldonk nog veilig om te drinken?", NULL), ==, 11);
  g_assert_cmpint (peil_story_index_add (index, 12, "RT @dd_haveldonk: TWEE kranen!! Ze zijn allebei om. Ik sta op de Sluisbrug", NULL), ==, 10);
  g_assert_cmpint (peil_story_index_add (index, 13, "RT @iemand: RT @dd_haveldonk: TWEE kranen!! Ze zijn allebei om. Ik sta op de Sluisbrug https://t.co/y", NULL), ==, 10);
  g_assert_cmpint (peil_story_index_add (index, 14, "Weet iemand of het water in Haveldonk nog veilig is om te drinken??", NULL), ==, 11);
}

/* A headline on two sites, with its words in another order. */
static void
test_headlines (void)
{
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (1000);

  g_assert_cmpint (peil_story_index_add (index, 1, "Twee bouwkranen omgevallen in Haveldonk, huizen aan de Havenkade geraakt", "nl"), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 2, "Gemeente opent opvang in sporthal De Bongerd voor bewoners Havenkade", "nl"), ==, 2);
  g_assert_cmpint (peil_story_index_add (index, 3, "Haveldonk: huizen aan de Havenkade geraakt door twee omgevallen bouwkranen", "nl"), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 4, "Opvang voor bewoners Havenkade in sporthal De Bongerd", "nl"), ==, 2);
  g_assert_cmpint (peil_story_index_add (index, 5, "Two cranes collapsed onto houses in Haveldonk, the Netherlands", "en"), ==, 5);
  g_assert_cmpint (peil_story_index_add (index, 6, "BREAKING: two cranes collapsed onto houses in Haveldonk (Netherlands)", "en"), ==, 5);
}

/* Posts about one incident share its words without being one story. */
static void
test_same_incident_other_story (void)
{
  double similarity = peil_story_index_similarity ("Twee kranen omgevallen op huizen aan de Havenkade in Haveldonk",
                                                   "Gemeente Haveldonk opent opvang voor bewoners van de Havenkade",
                                                   NULL);
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (1000);

  g_assert_cmpfloat (similarity, <, 0.4);
  g_assert_cmpint (peil_story_index_add (index, 1, "Ik hoor dat er asbest is vrijgekomen bij de kraan in Haveldonk", NULL), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 2, "Is er asbest vrijgekomen in Haveldonk? Mijn kinderen spelen buiten", NULL), ==, 2);
  g_assert_cmpint (peil_story_index_add (index, 3, "Er ligt iemand onder die kraan aan de Lindestraat, BEL 112", NULL), ==, 3);
}

/* A few words say too little: only the same words make one story. */
static void
test_short_texts (void)
{
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (1000);

  g_assert_cmpint (peil_story_index_add (index, 1, "Kraan om!!", NULL), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 2, "kraan om", NULL), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 3, "kraan om? Waar dan", NULL), ==, 3);
  g_assert_cmpint (peil_story_index_add (index, 4, "https://t.co/z", NULL), ==, 4);   /* no words: its own */
  g_assert_cmpint (peil_story_index_add (index, 5, "https://t.co/z", NULL), ==, 5);
}

/* The index holds the most recent posts: a copy of one it no longer
 * holds starts a story, and what it holds still works. */
static void
test_capacity (void)
{
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (2);
  const char *text = "Gemeente opent opvang in sporthal De Bongerd voor bewoners Havenkade";

  g_assert_cmpint (peil_story_index_add (index, 1, text, NULL), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 2, "Twee kranen omgevallen op huizen aan de Havenkade", NULL), ==, 2);
  g_assert_cmpint (peil_story_index_add (index, 3, text, NULL), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 4, "Stofwolk boven de huizen, mensen rennen weg in Haveldonk", NULL), ==, 4);
  g_assert_cmpint (peil_story_index_add (index, 5, "Stofwolk boven de huizen, mensen rennen weg in Haveldonk!!", NULL), ==, 4);
  /* 1 and 3 are gone now. */
  g_assert_cmpint (peil_story_index_add (index, 6, text, NULL), ==, 6);
}

/* Whether @b joins @a's story when it comes after it. */
static gboolean
one_story (const char *a,
           const char *b)
{
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (2);

  peil_story_index_add (index, 1, a, NULL);
  return peil_story_index_add (index, 2, b, NULL) == 1;
}

/* Copies share their facts: two messages that differ in a figure or a
 * state ("twee gewonden", "drie doden"; "open", "dicht") are two stories,
 * while a number in words and in figures is one fact, and a copy may add
 * a fact the original did not say. */
static void
test_facts (void)
{
  g_assert_false (one_story ("Kraan omgevallen in Alphen aan den Rijn, twee gewonden bij het ongeluk",
                             "Kraan omgevallen in Alphen aan den Rijn, drie doden bij het ongeluk"));
  g_assert_false (one_story ("Brand in de fabriek aan de Industrieweg, 3 gewonden naar het ziekenhuis",
                             "Brand in de fabriek aan de Industrieweg, 5 gewonden naar het ziekenhuis"));
  g_assert_false (one_story ("Scholen in Alphen blijven morgen open na de brand bij de fabriek",
                             "Scholen in Alphen blijven morgen dicht na de brand bij de fabriek"));
  g_assert_false (one_story ("Road to the harbour reopened after the crane collapse in Haveldonk",
                             "Road to the harbour closed after the crane collapse in Haveldonk"));
  g_assert_true (one_story ("Kraan omgevallen in Alphen aan den Rijn, twee gewonden bij het ongeluk",
                            "Kraan omgevallen in Alphen aan den Rijn, 2 gewonden bij het ongeluk"));
  g_assert_true (one_story ("Mijn zwager zit al twintig jaar in de bouw en zegt dat die kraan al weken was afgekeurd",
                            "RT @buurman: Mijn zwager zit al 20 jaar in de bouw en zegt dat die kraan al weken was afgekeurd"));
  g_assert_true (one_story ("Twee kranen omgevallen op huizen aan de Havenkade in Haveldonk, woningen ontruimd",
                            "Twee kranen omgevallen op huizen aan de Havenkade in Haveldonk, woningen ontruimd, 3 gewonden"));
  /* Figures as people write them, and names made with one. */
  g_assert_true (one_story ("Brand in de opslag aan de Industrieweg: 1.000 mensen geëvacueerd uit de wijk",
                            "Brand in de opslag aan de Industrieweg: 1000 mensen geëvacueerd uit de wijk"));
  g_assert_false (one_story ("Brand in de opslag aan de Industrieweg: dertien doden bij de ramp in de wijk",
                             "Brand in de opslag aan de Industrieweg: veertien doden bij de ramp in de wijk"));
  g_assert_false (one_story ("Ongeluk met een vrachtwagen op de A12 bij Gouda, alle rijstroken dicht richting Utrecht",
                             "Ongeluk met een vrachtwagen op de A2 bij Gouda, alle rijstroken dicht richting Utrecht"));
  g_assert_false (one_story ("Brand op de tweede verdieping van de flat aan de Lindelaan, bewoners geëvacueerd",
                             "Brand op de derde verdieping van de flat aan de Lindelaan, bewoners geëvacueerd"));
  g_assert_false (one_story ("Stand 18:00: 12 gewonden, 3 vermisten, 41 doden, 2 ziekenhuizen, 5 scholen, 7 straten, 9 huizen, 1 brug, 6 wijken, 4 bussen dicht",
                             "Stand 18:00: 12 gewonden, 3 vermisten, 60 doden, 2 ziekenhuizen, 5 scholen, 7 straten, 9 huizen, 1 brug, 6 wijken, 4 bussen dicht"));
}

/* A retweet cut short at its length joins its original, also when the
 * cut falls in a figure. */
static void
test_cut_short (void)
{
  g_assert_true (one_story ("Brand in de fabriek aan de Industrieweg in Alphen, 3 doden en 12 gewonden naar het ziekenhuis",
                            "RT @nos: Brand in de fabriek aan de Industrieweg in Alphen, 3 doden en 1…"));
  g_assert_true (one_story ("Brand in de fabriek aan de Industrieweg in Alphen, 3 doden en 12 gewonden naar het ziekenhuis",
                            "RT @nos: Brand in de fabriek aan de Industrieweg in Alphen, 3 doden en 12 gewo... https://t.co/x"));
}

/* A story's facts are those of all its posts: a post that says none
 * cannot join two messages that say different ones. */
static void
test_facts_of_story (void)
{
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (1000);
  const char *plain = "Grote brand in de fabriek aan de Industrieweg in Alphen, rookwolk boven de wijk";

  g_assert_cmpint (peil_story_index_add (index, 1, plain, "nl"), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 2, "Grote brand in de fabriek aan de Industrieweg in Alphen, rookwolk boven de wijk, 3 doden", "nl"), ==, 1);
  g_assert_cmpint (peil_story_index_add (index, 3, "Grote brand in de fabriek aan de Industrieweg in Alphen, rookwolk boven de wijk, 5 doden", "nl"), ==, 3);
  g_assert_cmpint (peil_story_index_add (index, 4, plain, "nl"), ==, 1);
}

/* The labelled pairs of tests/fixtures/stories/pairs.tsv, written by hand
 * from the Dutch demo exercise, the tests' fixtures and English crisis
 * headlines: copies (retweets, forwards, headlines with a link), the same
 * question in mostly the same words, and pairs of one incident that are
 * another story ("kraan omgevallen in Alphen" and "kraan omgevallen,
 * asbest?"). Of the pairs put in one story, 95% or more must be one. */
static void
test_labelled_pairs (void)
{
  g_autofree char *path = peil_test_fixture ("stories/pairs.tsv");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint true_pos = 0, false_pos = 0, false_neg = 0, n_pairs = 0, n_dutch_retweets = 0;
  double precision, recall;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "text_a\ttext_b\tsame");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      gboolean same, predicted;

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      same = g_str_equal (fields[2], "1");
      predicted = one_story (fields[0], fields[1]);
      n_pairs++;
      true_pos += same && predicted;
      false_pos += !same && predicted;
      false_neg += same && !predicted;
      if (predicted != same)
        g_test_message ("%s: %s | %s", same ? "missed" : "wrongly joined", fields[0], fields[1]);

      /* A retweet always lands with its original. */
      if (g_ascii_strncasecmp (fields[1], "RT @", 4) == 0 && same)
        {
          g_assert_true (predicted);
          n_dutch_retweets++;
        }
    }

  g_assert_cmpuint (n_pairs, >=, 150);
  g_assert_cmpuint (n_dutch_retweets, >=, 20);
  precision = (double)true_pos / (true_pos + false_pos);
  recall = (double)true_pos / (true_pos + false_neg);
  g_test_message ("%u pairs: precision %.3f, recall %.3f", n_pairs, precision, recall);
  g_printerr ("# stories on %u labelled pairs: precision %.3f, recall %.3f\n", n_pairs, precision, recall);
  g_assert_cmpfloat (precision, >=, 0.95);
}

static void
run_sql (PeilIncident *incident,
         const char   *sql)
{
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* "id:story id:story …" of every post, by id. */
static char *
story_ids (PeilIncident *incident)
{
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, coalesce (story_id, 0) FROM post ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%lld:%lld", out->len ? " " : "",
                            (long long)sqlite3_column_int64 (stmt, 0), (long long)sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "id:size:growth:off_topic:[posts]" of every story of @min_size. */
static char *
list_stories (PeilIncident *incident,
              guint         min_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stories = peil_incident_list_stories (incident, min_size, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < stories->len; i++)
    {
      PeilStory *story = g_ptr_array_index (stories, i);

      g_string_append_printf (out, "%s%lld:%lld:%lld:%lld:[", i ? " " : "", (long long)story->id, (long long)story->size,
                              (long long)story->growth, (long long)story->off_topic);
      for (guint j = 0; j < story->posts->len; j++)
        g_string_append_printf (out, "%s%lld", j ? "," : "", (long long)g_array_index (story->posts, gint64, j));
      g_string_append (out, "]");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ORIGINAL "TWEE kranen!! Ze zijn allebei om. Ik sta op de Sluisbrug, dit is echt niet normaal #Haveldonk"
#define OPVANG "Bewoners van de Lindestraat kunnen terecht in sporthal De Donk, Sportlaan 3. Daar is koffie en eten."

/* Every post gets its story as it is stored, across sources, and the
 * list of stories counts them: worked by hand. */
static void
test_incident_assigns (void)
{
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident ("stories.peil");
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autofree char *assigned = NULL, *listed = NULL, *all = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (peil_test_add_post (incident, "x", "1", "2026-11-27T11:45:00Z", "@dd_haveldonk", ORIGINAL), ==, 1);
  g_assert_cmpint (peil_test_add_post (incident, "mastodon", "2", "2026-11-27T11:46:00Z", "@gemeente", OPVANG), ==, 2);
  g_assert_cmpint (peil_test_add_post (incident, "x", "3", "2026-11-27T11:52:00Z", "@b", "RT @dd_haveldonk: " ORIGINAL), ==, 3);
  g_assert_cmpint (peil_test_add_post (incident, "manual", "4", "2026-11-27T11:53:00Z", NULL, "Is het stof giftig?"), ==, 4);
  /* Another source, other case, a link and a mention. */
  g_assert_cmpint (peil_test_add_post (incident, "bluesky", "5", "2026-11-27T11:58:00Z", "@c",
                                       "twee kranen!! ze zijn allebei om. ik sta op de sluisbrug, dit is echt niet normaal https://t.co/x @omroep"), ==, 5);
  g_assert_cmpint (peil_test_add_post (incident, "x", "6", "2026-11-27T12:00:00Z", "@d", "RT @gemeente: " OPVANG), ==, 6);

  assigned = story_ids (incident);
  g_assert_cmpstr (assigned, ==, "1:1 2:2 3:1 4:4 5:1 6:2");

  /* Growth: the posts after 11:50, ten minutes before the newest (12:00). */
  listed = list_stories (incident, 2);
  g_assert_cmpstr (listed, ==, "1:3:2:0:[1,3,5] 2:2:1:0:[2,6]");
  all = list_stories (incident, 1);
  g_assert_cmpstr (all, ==, "1:3:2:0:[1,3,5] 2:2:1:0:[2,6] 4:1:1:0:[4]");

  peil_filter_set_story_id (filter, 1);
  ids = peil_incident_search (incident, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 5);   /* newest first */
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, 1);
}

/* A post that starts a story is stored with its own id as its story,
 * also when SQLite gives it another id than one more than the largest
 * (it picks one at random once the largest id is taken). */
static void
test_unforeseen_id (void)
{
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident ("stories-id.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  run_sql (incident, "INSERT INTO post (id, source, remote_id, text, story_id) VALUES (9223372036854775807, 'x', 'last', 'Laatste', 9223372036854775807)");
  id = peil_test_add_post (incident, "x", "1", "2026-11-27T11:45:00Z", "@a", OPVANG);
  g_assert_cmpint (id, !=, 9223372036854775807);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT story_id FROM post WHERE remote_id = '1'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, id);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A second connection to the file (a gathering job's, on a worker)
 * stores posts the first one's index has not seen; a copy of one of
 * them stored by the first lands with it all the same. */
static void
test_other_connection (void)
{
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident ("stories-two.peil");
  g_autoptr(PeilIncident) other = NULL;
  g_autofree char *assigned = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (peil_test_add_post (incident, "x", "1", "2026-11-27T11:45:00Z", "@a", "Is het stof giftig voor kinderen die buiten spelen?"), ==, 1);
  other = peil_incident_open (peil_incident_get_file (incident), &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_test_add_post (other, "x", "2", "2026-11-27T11:46:00Z", "@dd_haveldonk", ORIGINAL), ==, 2);
  g_assert_cmpint (peil_test_add_post (incident, "x", "3", "2026-11-27T11:47:00Z", "@b", "RT @dd_haveldonk: " ORIGINAL), ==, 3);
  g_assert_cmpint (peil_test_add_post (other, "x", "4", "2026-11-27T11:48:00Z", "@c", "RT @a: Is het stof giftig voor kinderen die buiten spelen?"), ==, 4);

  assigned = story_ids (incident);
  g_assert_cmpstr (assigned, ==, "1:1 2:2 3:2 4:1");
}

/* Posts from before stories (story_id NULL) are grouped afterwards, with
 * each other, in the order they came; posts that have a story keep it. */
static void
test_group_old_posts (void)
{
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident ("stories-old.peil");
  g_autofree char *before = NULL, *after = NULL, *again = NULL;
  g_autoptr(GError) error = NULL;

  peil_test_add_post (incident, "x", "1", "2026-11-27T11:45:00Z", "@dd_haveldonk", ORIGINAL);
  peil_test_add_post (incident, "x", "2", "2026-11-27T11:46:00Z", "@gemeente", OPVANG);
  peil_test_add_post (incident, "x", "3", "2026-11-27T11:47:00Z", "@b", "RT @dd_haveldonk: " ORIGINAL);
  peil_test_add_post (incident, "x", "4", "2026-11-27T11:48:00Z", "@c", "RT @gemeente: " OPVANG);
  run_sql (incident, "UPDATE post SET story_id = NULL WHERE id IN (1, 3, 4)");
  before = story_ids (incident);
  g_assert_cmpstr (before, ==, "1:0 2:2 3:0 4:0");

  g_assert_cmpint (peil_incident_group_stories (incident, NULL, &error), ==, 3);
  g_assert_no_error (error);
  /* 4 is a copy of 2, but 2 had its story already: the old ones are
   * compared with each other. */
  after = story_ids (incident);
  g_assert_cmpstr (after, ==, "1:1 2:2 3:1 4:4");
  g_assert_cmpint (peil_incident_group_stories (incident, NULL, &error), ==, 0);
  again = story_ids (incident);
  g_assert_cmpstr (again, ==, after);
}

static void
on_grouped (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 *grouped = user_data;

  *grouped = peil_incident_group_stories_finish (PEIL_INCIDENT (source), result, &error);
  g_assert_no_error (error);
}

/* The window groups old posts on a worker, and then hears of it. */
static void
test_group_on_worker (void)
{
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident ("stories-worker.peil");
  g_autofree char *after = NULL;
  gint64 grouped = -2;

  peil_test_add_post (incident, "x", "1", "2026-11-27T11:45:00Z", "@dd_haveldonk", ORIGINAL);
  peil_test_add_post (incident, "x", "2", "2026-11-27T11:47:00Z", "@b", "RT @dd_haveldonk: " ORIGINAL);
  run_sql (incident, "UPDATE post SET story_id = NULL");

  peil_incident_group_stories_async (incident, NULL, on_grouped, &grouped);
  while (grouped == -2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (grouped, ==, 2);
  after = story_ids (incident);
  g_assert_cmpstr (after, ==, "1:1 2:1");
}

/* Off-topic posts stay in their story, but its size leaves them out. */
static void
test_off_topic_apart (void)
{
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident ("stories-off.peil");
  g_autofree char *listed = NULL, *small = NULL;

  peil_test_add_post (incident, "x", "1", "2026-11-27T11:45:00Z", "@dd_haveldonk", ORIGINAL);
  peil_test_add_post (incident, "x", "2", "2026-11-27T11:46:00Z", "@b", "RT @dd_haveldonk: " ORIGINAL);
  peil_test_add_post (incident, "x", "3", "2026-11-27T11:47:00Z", "@c", "RT @b: RT @dd_haveldonk: " ORIGINAL);
  run_sql (incident, "INSERT OR IGNORE INTO analyst (id, name) VALUES (1, 'Anna'); INSERT INTO post_dismissal (post_id, analyst_id, dismissed_at) VALUES (2, 1, 0)");

  listed = list_stories (incident, 2);
  g_assert_cmpstr (listed, ==, "1:2:2:1:[1,3]");
  run_sql (incident, "INSERT OR IGNORE INTO analyst (id, name) VALUES (1, 'Anna'); INSERT INTO post_dismissal (post_id, analyst_id, dismissed_at) VALUES (3, 1, 0)");
  small = list_stories (incident, 2);
  g_assert_cmpstr (small, ==, "");
}

/* peil-cli stories: JSON in the issue's shape, biggest first, and
 * search --story. */
static void
test_cli (void)
{
  g_autofree char *path = peil_test_tmp_path ("stories-cli.peil");
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("stories-cli.peil");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *stories;
  JsonObject *first;

  peil_test_add_post (incident, "x", "1", "2026-11-27T11:45:00Z", "@gemeente", OPVANG);
  peil_test_add_post (incident, "x", "2", "2026-11-27T11:46:00Z", "@dd_haveldonk", ORIGINAL);
  peil_test_add_post (incident, "x", "3", "2026-11-27T11:52:00Z", "@b", "RT @dd_haveldonk: " ORIGINAL);
  peil_test_add_post (incident, "x", "4", "2026-11-27T11:53:00Z", "@c", "RT @gemeente: " OPVANG);
  peil_test_add_post (incident, "x", "5", "2026-11-27T11:58:00Z", "@d", "RT @b: RT @dd_haveldonk: " ORIGINAL);
  g_clear_object (&incident);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("stories", path, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
    g_assert_no_error (error);
    stories = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "stories");
    g_assert_cmpuint (json_array_get_length (stories), ==, 2);
    first = json_array_get_object_element (stories, 0);
    g_assert_cmpint (json_object_get_int_member (first, "id"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (first, "size"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (first, "growth"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "first"), ==, "2026-11-27T11:46:00Z");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "posts")), ==, 3);
    g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (first, "posts"), 2), ==, 5);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (stories, 1), "id"), ==, 1);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("stories", path, "--min-size", "3", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Story 2: 3 posts, +2 in 10 min, since 2026-11-27T11:46:00Z"));
    g_assert_null (strstr (run.out, "Story 1:"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "--story", "1", "--count", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "2\n");
  }
  /* A story is the id of its first post: 0 and negative numbers name
   * none, and post 3 (of story 2) starts none; each says so rather than
   * finding all posts (0) or nothing. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "--story", "0", NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "“0” is not a story’s id"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", path, "--story", "-2", "--format", "csv", "-o", "never.csv", NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "“-2” is not a story’s id"));
    g_assert_false (g_file_test ("never.csv", G_FILE_TEST_EXISTS));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "--story", "3", "--count", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "No post belongs to story 3"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("stories", path, "--min-size", "0", NULL);

    g_assert_cmpint (run.status, ==, 2);
  }
}

/* A file of schema 7, from before stories: opened, its posts have no
 * story; `peil-cli stories` groups them first (its eleven posts are
 * eleven stories), and a copy stored afterwards lands with its original. */
static void
test_from_schema_7 (void)
{
  g_autofree char *fixture = peil_test_fixture ("schema/v7.peil");
  g_autofree char *path = peil_test_tmp_path ("stories-v7.peil");
  g_autoptr(GFile) from = g_file_new_for_path (fixture);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(PeilIncident) incident = NULL;
  g_autofree char *before = NULL, *after = NULL, *copied = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  incident = peil_incident_open (to, &error);
  g_assert_no_error (error);
  before = story_ids (incident);
  g_assert_cmpstr (before, ==, "1:0 2:0 3:0 4:0 5:0 6:0 7:0 8:0 9:0 10:0 11:0");

  {
    g_auto(PeilTestRun) run = peil_test_cli ("stories", path, "--min-size", "1", "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\"id\" : 11,"));
  }
  after = story_ids (incident);
  g_assert_cmpstr (after, ==, "1:1 2:2 3:3 4:4 5:5 6:6 7:7 8:8 9:9 10:10 11:11");

  g_assert_cmpint (peil_test_add_post (incident, "x", "v7-copy", "2026-11-27T11:45:00Z", "@b",
                                       "RT @alphen: Hijskraan omgevallen op huizen in Alphen, hopelijk geen gewonden"), ==, 12);
  copied = story_ids (incident);
  g_assert_true (g_str_has_suffix (copied, " 12:5"));
}

/* Not a check: the cost per post of what a post's story takes (terms,
 * MinHash, the look-up), for the import's budget. Run with -m perf. */
static void
test_speed (void)
{
  g_autoptr(PeilStoryIndex) index = peil_story_index_new (10000);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "exercise", "demo", "kraanongeval.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines, n = 200000;
  clock_t start;
  double seconds;

  if (!g_test_perf ())
    {
      g_test_skip ("a measure: run with -m perf");
      return;
    }
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  n_lines = g_strv_length (lines);
  /* Processor time: the machine may be shared. */
  start = clock ();
  for (guint i = 0; i < n; i++)
    peil_story_index_add (index, i + 1, lines[i % n_lines], "nl");
  seconds = (double)(clock () - start) / CLOCKS_PER_SEC;
  g_test_minimized_result (seconds, "%u posts in %.2f s of processor time: %.0f posts/s", n, seconds, n / seconds);
}

int
main (int   argc,
      char *argv[])
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/stories/terms", test_terms);
  g_test_add_func ("/stories/retweet-joins-original", test_retweet_joins_original);
  g_test_add_func ("/stories/headlines", test_headlines);
  g_test_add_func ("/stories/same-incident-other-story", test_same_incident_other_story);
  g_test_add_func ("/stories/short-texts", test_short_texts);
  g_test_add_func ("/stories/capacity", test_capacity);
  g_test_add_func ("/stories/facts", test_facts);
  g_test_add_func ("/stories/cut-short", test_cut_short);
  g_test_add_func ("/stories/facts-of-story", test_facts_of_story);
  g_test_add_func ("/stories/labelled-pairs", test_labelled_pairs);
  g_test_add_func ("/stories/incident-assigns", test_incident_assigns);
  g_test_add_func ("/stories/other-connection", test_other_connection);
  g_test_add_func ("/stories/unforeseen-id", test_unforeseen_id);
  g_test_add_func ("/stories/group-old-posts", test_group_old_posts);
  g_test_add_func ("/stories/group-on-worker", test_group_on_worker);
  g_test_add_func ("/stories/off-topic-apart", test_off_topic_apart);
  g_test_add_func ("/stories/cli", test_cli);
  g_test_add_func ("/stories/from-schema-7", test_from_schema_7);
  g_test_add_func ("/stories/speed", test_speed);

  return g_test_run ();
}

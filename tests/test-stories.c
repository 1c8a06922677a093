/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Story clusters: near-copies of one message are one story, different
 * messages are not, in Dutch and English.
 */
#include "config.h"

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

  return g_test_run ();
}

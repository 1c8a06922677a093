/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "peil-incident-private.h"
#include "peil-test-util.h"

static const PeilSuggestedTag *
find_tag (PeilSuggestion *suggestion,
          const char     *code)
{
  for (guint i = 0; i < suggestion->tags->len; i++)
    {
      const PeilSuggestedTag *tag = g_ptr_array_index (suggestion->tags, i);

      if (g_str_equal (tag->code, code))
        return tag;
    }
  return NULL;
}

static void
tag (PeilIncident *incident,
     gint64        post,
     const char   *code)
{
  g_autoptr(GError) error = NULL;

  peil_incident_tag_post (incident, post, code, &error);
  g_assert_no_error (error);
}

/* Two posts of each of two tags teach a model without a prior which
 * words go with which tag; the untagged posts get the tag of their
 * words, a dismissed post gets no suggestion at all. */
static void
test_learns_from_tags (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-learn.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(PeilSuggestion) before = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 donate, power, dismissed;
  PeilSuggestion *first, *second;

  tag (incident, peil_test_add_post (incident, "csv", "1", NULL, NULL, "Donate to the Red Cross flood appeal"), "SB-BURGERHULP");
  tag (incident, peil_test_add_post (incident, "csv", "2", NULL, NULL, "Volunteers needed, please donate"), "SB-BURGERHULP");
  tag (incident, peil_test_add_post (incident, "csv", "3", NULL, NULL, "Road closed, power outage in the city"), "IB-HINDER");
  tag (incident, peil_test_add_post (incident, "csv", "4", NULL, NULL, "Trains cancelled, power out and roads closed"), "IB-HINDER");
  donate = peil_test_add_post (incident, "csv", "5", NULL, NULL, "How can I donate to the appeal?");
  power = peil_test_add_post (incident, "csv", "6", NULL, NULL, "Power outage, roads closed downtown");
  dismissed = peil_test_add_post (incident, "csv", "7", NULL, NULL, "Power outage, roads closed again");
  g_assert_true (peil_database_exec (incident->db, "INSERT INTO analyst (name) VALUES ('x');", &error));
  g_assert_true (peil_database_exec (incident->db,
      "INSERT INTO post_dismissal (post_id, analyst_id, dismissed_at) SELECT 7, id, 0 FROM analyst WHERE name = 'x';", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dismissed, ==, 7);

  /* Nothing is suggested before the model has learned. */
  before = peil_suggester_suggest (suggester, "Donate to the appeal");
  g_assert_cmpuint (before->tags->len, ==, 0);

  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_suggester_get_n_trained (suggester), ==, 5);

  suggestions = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  first = g_ptr_array_index (suggestions, 0);
  second = g_ptr_array_index (suggestions, 1);
  g_assert_cmpint (first->post_id, ==, donate);
  g_assert_cmpint (second->post_id, ==, power);
  g_assert_nonnull (find_tag (first, "SB-BURGERHULP"));
  g_assert_null (find_tag (first, "IB-HINDER"));
  g_assert_nonnull (find_tag (second, "IB-HINDER"));
  g_assert_null (find_tag (second, "SB-BURGERHULP"));
  g_assert_cmpfloat (find_tag (second, "IB-HINDER")->confidence, >=, PEIL_SUGGESTER_THRESHOLD);
  g_assert_cmpfloat (find_tag (second, "IB-HINDER")->confidence, <=, 1.0);
  /* The one dismissed post is like the power posts: low, but learned. */
  g_assert_cmpfloat (first->off_topic, <, 0.5);

  peil_test_finalize (&incident);
}

/* Who writes: the analysts tag two accounts' posts; an untagged post of
 * the allow-listed news account gets ACTOR-MEDIA from its author whatever
 * it says, a resident's the resident's tag. A resident's handle teaches
 * nothing: a resident whose posts were tagged and one never seen get the
 * same suggestions for the same words. */
static void
test_author (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-author.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(PeilPost) news_post = NULL;
  g_autoptr(PeilSuggestion) single = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const news[] = {
    "Grote brand in loods in de haven, rookwolk boven de stad",
    "Brandweer schaalt op, bewoners moeten ramen en deuren sluiten",
    "Zo ziet de brand in de haven eruit vanaf de brug",
  };
  static const char * const resident[] = {
    "Wat een rook hier, ramen en deuren dicht",
    "Ik zie de vlammen vanaf mijn balkon in de haven",
    "Het stinkt enorm bij ons in de straat, grote brand?",
  };
  PeilSuggestion *by_news, *by_tagged_resident, *by_new_resident;

  g_assert_true (peil_incident_allow_account (incident, "@NOS", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (news); i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      g_autofree char *other = g_strdup_printf ("r%u", i);

      tag (incident, peil_test_add_post (incident, "mastodon", id, NULL, "@nos", news[i]), "ACTOR-MEDIA");
      tag (incident, peil_test_add_post (incident, "mastodon", other, NULL, "@buurvrouw", resident[i]), "ACTOR-RESIDENT");
    }
  peil_test_add_post (incident, "mastodon", "n9", NULL, "@nos", "Rook trekt over de wijk");
  peil_test_add_post (incident, "mastodon", "r9", NULL, "@buurvrouw", "Rook trekt over de wijk");
  peil_test_add_post (incident, "mastodon", "x9", NULL, "@iemand", "Rook trekt over de wijk");

  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  suggestions = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 3);
  by_news = g_ptr_array_index (suggestions, 0);
  by_tagged_resident = g_ptr_array_index (suggestions, 1);
  by_new_resident = g_ptr_array_index (suggestions, 2);

  g_assert_nonnull (find_tag (by_news, "ACTOR-MEDIA"));
  g_assert_null (find_tag (by_news, "ACTOR-RESIDENT"));
  g_assert_nonnull (find_tag (by_tagged_resident, "ACTOR-RESIDENT"));
  g_assert_null (find_tag (by_tagged_resident, "ACTOR-MEDIA"));

  g_assert_cmpuint (by_new_resident->tags->len, ==, by_tagged_resident->tags->len);
  for (guint i = 0; i < by_new_resident->tags->len; i++)
    {
      const PeilSuggestedTag *a = g_ptr_array_index (by_new_resident->tags, i);
      const PeilSuggestedTag *b = g_ptr_array_index (by_tagged_resident->tags, i);

      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpfloat (a->confidence, ==, b->confidence);
    }

  /* The post view asks about one post: the same answer. */
  news_post = peil_test_find_post (incident, "n9");
  single = peil_suggester_suggest_post (suggester, news_post);
  g_assert_nonnull (find_tag (single, "ACTOR-MEDIA"));
  g_assert_cmpfloat (find_tag (single, "ACTOR-MEDIA")->confidence, ==, find_tag (by_news, "ACTOR-MEDIA")->confidence);

  peil_test_finalize (&incident);
}

/* The limit and the posts asked for by id; an unknown id says which. */
static void
test_given_posts (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-given.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GPtrArray) limited = NULL;
  g_autoptr(GPtrArray) given = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 tagged = peil_test_add_post (incident, "csv", "1", NULL, NULL, "Roads closed");

  tag (incident, tagged, "IB-HINDER");
  peil_test_add_post (incident, "csv", "2", NULL, NULL, "a");
  peil_test_add_post (incident, "csv", "3", NULL, NULL, "b");

  /* One tag on one post, and no prior: "always" is all it could teach,
   * so it is not suggested anywhere yet. */
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  limited = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limited->len, ==, 2);
  for (guint i = 0; i < limited->len; i++)
    g_assert_null (find_tag (g_ptr_array_index (limited, i), "IB-HINDER"));
  g_clear_pointer (&limited, g_ptr_array_unref);

  tag (incident, peil_test_add_post (incident, "csv", "4", NULL, NULL, "Shelter open at the school"), "IB-HULP");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));

  limited = peil_suggester_suggest_posts (suggester, incident, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limited->len, ==, 1);
  g_assert_cmpint (((PeilSuggestion *)g_ptr_array_index (limited, 0))->post_id, ==, 2);

  /* A tagged post asked for by id is suggested for too. */
  g_array_append_val (ids, tagged);
  given = peil_suggester_suggest_posts (suggester, incident, ids, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (given->len, ==, 1);
  g_assert_nonnull (find_tag (g_ptr_array_index (given, 0), "IB-HINDER"));

  g_array_append_val (ids, (gint64){ 99 });
  unknown = peil_suggester_suggest_posts (suggester, incident, ids, 0, &error);
  g_assert_null (unknown);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);

  peil_test_finalize (&incident);
}

/* The prior Peil ships suggests from the first post on, in Dutch too. */
static void
test_shipped_prior_cold_start (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-cold.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new ();
  g_autoptr(PeilSuggestion) sympathy = NULL;
  g_autoptr(PeilSuggestion) donate = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_suggester_get_n_trained (suggester), ==, 0);

  sympathy = peil_suggester_suggest (suggester, "Veel sterkte aan iedereen, onze gedachten zijn bij de getroffenen");
  g_assert_nonnull (find_tag (sympathy, "BG-MEELEVEN"));
  donate = peil_suggester_suggest (suggester, "Please donate to the Red Cross appeal for the flood victims");
  g_assert_nonnull (find_tag (donate, "SB-BURGERHULP"));

  peil_test_finalize (&incident);
}

/* A prior file is read strictly: what it cannot read, it says where. */
static void
test_prior_errors (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "weights\n", "Not a suggestion prior (line 1)" },
    { "peil-suggester-prior 1\nhead IB-WAT 0.5 2\n3 0.25\n", "Suggestion prior: head IB-WAT ends early" },
    { "peil-suggester-prior 1\nhead IB-WAT 0.5 1\nthree 0.25\n", "Suggestion prior: line 3 cannot be read" },
    { "peil-suggester-prior 1\nhead IB-WAT 0.5 1\n99999999 0.25\n", "Suggestion prior: line 3 cannot be read" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].text, strlen (cases[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (bytes, &error);

      g_assert_null (suggester);
      g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
trained (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_suggester_train_finish (PEIL_SUGGESTER (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* A new tag is learned on a worker: the model follows it. */
static void
test_follows_new_tag (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-follow.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(PeilSuggestion) suggestion = NULL;
  gboolean done = FALSE;

  tag (incident, peil_test_add_post (incident, "csv", "1", NULL, NULL, "Bridge closed by the flood"), "IB-HINDER");
  tag (incident, peil_test_add_post (incident, "csv", "2", NULL, NULL, "Thoughts with everyone in the town"), "BG-MEELEVEN");
  peil_suggester_train_async (suggester, incident, NULL, trained, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (peil_suggester_get_n_trained (suggester), ==, 2);
  suggestion = peil_suggester_suggest (suggester, "Bridge closed");
  g_assert_nonnull (find_tag (suggestion, "IB-HINDER"));

  peil_test_finalize (&incident);
}

/* Accepting suggestions tags the post in the analyst's name, logged as
 * suggested; an unknown tag changes nothing. */
static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* In bulk on a worker, for the window: the posts with no tag and no
 * off-topic mark that get a suggestion; once tagged, a post is left out. */
static void
test_untagged_async (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-untagged.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 power;

  tag (incident, peil_test_add_post (incident, "csv", "1", NULL, NULL, "Road closed, power outage in the city"), "IB-HINDER");
  tag (incident, peil_test_add_post (incident, "csv", "2", NULL, NULL, "Trains cancelled, power out and roads closed"), "IB-HINDER");
  tag (incident, peil_test_add_post (incident, "csv", "4", NULL, NULL, "Thoughts with everyone in the city"), "BG-MEELEVEN");
  power = peil_test_add_post (incident, "csv", "3", NULL, NULL, "Power outage, roads closed downtown");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);

  peil_suggester_suggest_untagged_async (suggester, incident, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  suggestions = peil_suggester_suggest_untagged_finish (suggester, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 1);
  g_assert_cmpint (((PeilSuggestion *)g_ptr_array_index (suggestions, 0))->post_id, ==, power);
  g_assert_nonnull (find_tag (g_ptr_array_index (suggestions, 0), "IB-HINDER"));

  /* Tagged now: nothing is left to suggest. */
  tag (incident, power, "IB-HINDER");
  g_clear_object (&result);
  g_clear_pointer (&suggestions, g_ptr_array_unref);
  peil_suggester_suggest_untagged_async (suggester, incident, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  suggestions = peil_suggester_suggest_untagged_finish (suggester, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 0);

  peil_test_finalize (&incident);
}

/* The window's suggester is made on a worker, prior and all, and comes
 * back trained on the incident's tags. */
static void
test_new_for_incident (void)
{
  /* Neither is checked for finalizing: a worker may hold its task, and
   * the task the incident or the suggester, a moment after the answer. */
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("suggest-new-async.peil");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PeilSuggester) suggester = NULL;
  g_autoptr(PeilSuggestion) suggestion = NULL;
  g_autoptr(GError) error = NULL;

  tag (incident, peil_test_add_post (incident, "csv", "1", NULL, NULL, "Road closed, power outage in the city"), "IB-HINDER");
  tag (incident, peil_test_add_post (incident, "csv", "2", NULL, NULL, "Trains cancelled, power out and roads closed"), "IB-HINDER");
  peil_suggester_new_for_incident_async (incident, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  suggester = peil_suggester_new_for_incident_finish (incident, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_suggester_get_n_trained (suggester), ==, 2);
  suggestion = peil_suggester_suggest (suggester, "Power outage, roads closed downtown");
  g_assert_nonnull (find_tag (suggestion, "IB-HINDER"));
}

static void
free_suggested_tag (gpointer data)
{
  PeilSuggestedTag *tag = data;

  g_free (tag->code);
  g_free (tag);
}

static PeilSuggestion *
suggestion_of (gint64      post_id,
               const char *code,
               double      confidence)
{
  PeilSuggestion *suggestion = g_new0 (PeilSuggestion, 1);
  PeilSuggestedTag *tag = g_new0 (PeilSuggestedTag, 1);

  tag->code = g_strdup (code);
  tag->confidence = confidence;
  suggestion->post_id = post_id;
  suggestion->tags = g_ptr_array_new_with_free_func (free_suggested_tag);
  g_ptr_array_add (suggestion->tags, tag);
  return suggestion;
}

/* In bulk on a worker: only the tags from the confidence asked, each
 * post as it was and as it is now for the window's undo, and on a
 * failure what went before it. */
static void
test_accept_all_async (void)
{
  /* Not checked for finalizing: the worker may hold its task, and the
   * task the incident, a moment after the answer. */
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("suggest-accept-all.peil");
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_suggestion_free);
  g_autoptr(GPtrArray) accepted = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a = peil_test_add_post (incident, "csv", "1", NULL, NULL, "Bridge closed");
  gint64 b = peil_test_add_post (incident, "csv", "2", NULL, NULL, "Roads closed");
  gint64 c = peil_test_add_post (incident, "csv", "3", NULL, NULL, "Nice weather");
  PeilAccepted *first;

  g_ptr_array_add (suggestions, suggestion_of (a, "IB-HINDER", 0.9));
  g_ptr_array_add (suggestions, suggestion_of (c, "IB-HINDER", 0.3));   /* under 0.8: left */
  g_ptr_array_add (suggestions, suggestion_of (b, "IB-HINDER", 0.8));
  peil_suggester_accept_all_async (incident, suggestions, 0.8, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (peil_suggester_accept_all_finish (incident, result, &accepted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (accepted->len, ==, 2);
  first = g_ptr_array_index (accepted, 0);
  g_assert_cmpint (peil_post_get_id (first->before), ==, a);
  g_assert_cmpuint (peil_post_get_n_tags (first->before), ==, 0);
  g_assert_cmpuint (peil_post_get_n_tags (first->after), ==, 1);
  g_assert_cmpstr (peil_post_get_tag (first->after, 0)->code, ==, "IB-HINDER");
  g_assert_cmpint (peil_post_get_id (((PeilAccepted *)g_ptr_array_index (accepted, 1))->before), ==, b);
  {
    g_autoptr(PeilPost) weather = peil_incident_get_post (incident, c, NULL);
    g_assert_cmpuint (peil_post_get_n_tags (weather), ==, 0);
  }

  /* An unknown tag on the second post: the first stays accepted and is said. */
  g_clear_object (&result);
  g_clear_pointer (&accepted, g_ptr_array_unref);
  g_ptr_array_set_size (suggestions, 0);
  g_ptr_array_add (suggestions, suggestion_of (c, "BG-MEELEVEN", 0.9));
  g_ptr_array_add (suggestions, suggestion_of (a, "NOPE", 0.9));
  g_ptr_array_add (suggestions, suggestion_of (b, "BG-MEELEVEN", 0.9));
  peil_suggester_accept_all_async (incident, suggestions, 0.5, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (peil_suggester_accept_all_finish (incident, result, &accepted, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG);
  g_assert_cmpuint (accepted->len, ==, 1);
  g_assert_cmpint (peil_post_get_id (((PeilAccepted *)g_ptr_array_index (accepted, 0))->before), ==, c);
  {
    g_autoptr(PeilPost) roads = peil_incident_get_post (incident, b, NULL);
    g_assert_cmpuint (peil_post_get_n_tags (roads), ==, 1);   /* not reached: IB-HINDER alone */
  }

}

static void
test_accept_logged (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-accept.peil");
  const char * const codes[] = { "IB-HINDER", "ACTOR-MEDIA", NULL };
  const char * const wrong[] = { "IB-WAT", "NOPE", NULL };
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = peil_test_add_post (incident, "csv", "1", NULL, NULL, "Bridge closed");
  guint suggested = 0;

  g_assert_true (peil_suggester_accept (incident, id, codes, &error));
  g_assert_no_error (error);
  g_assert_false (peil_suggester_accept (incident, id, wrong, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG);

  post = peil_incident_get_post (incident, id, NULL);
  g_assert_cmpuint (peil_post_get_n_tags (post), ==, 2);
  events = peil_incident_list_events (incident, 0, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      const PeilEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->action, "tag"))
        {
          g_assert_cmpstr (event->detail, ==, "suggested");
          g_assert_cmpstr (event->analyst, ==, "Test Analist");
          suggested++;
        }
    }
  g_assert_cmpuint (suggested, ==, 2);

  peil_test_finalize (&incident);
}

/* The JSON of the issue, and an unknown post refused before printing. */
static void
test_cli (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-cli.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  gint64 post;

  tag (incident, peil_test_add_post (incident, "csv", "1", NULL, NULL, "Bridge closed by the flood"), "IB-HINDER");
  post = peil_test_add_post (incident, "csv", "2", NULL, NULL, "Bridge closed");
  g_assert_cmpint (post, ==, 2);
  g_clear_object (&incident);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("suggest", path, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "{\"suggestions\":[{\"peil_id\":2,\"tags\":[{\"code\":\"IB-HINDER\",\"confidence\":0."));
    g_assert_nonnull (strstr (run.out, "\"off_topic\":0."));
    g_assert_true (g_str_has_suffix (run.out, "}]}\n"));
  }
  /* A post asked for twice is one post: printed once. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("suggest", path, "--post", "2", "--post", "2", "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "{\"suggestions\":[{\"peil_id\":2,"));
    g_assert_null (strstr (strstr (run.out, "{\"peil_id\":") + 1, "{\"peil_id\":"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("suggest", path, "--post", "9", "--json", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "no post 9"));
  }
}


/* --- s26 attack ------------------------------------------------------ */

static gint64
add_authored (PeilIncident *incident,
              const char   *source,
              const char   *remote_id,
              const char   *handle,
              const char   *name,
              const char   *text)
{
  g_autoptr(PeilPost) post = peil_post_new (source, remote_id);
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;

  peil_post_set_author_handle (post, handle);
  peil_post_set_author_name (post, name);
  peil_post_set_text (post, text);
  peil_incident_add_post (incident, post, &added, &error);
  g_assert_no_error (error);
  g_assert_true (added);
  return peil_post_get_id (post);
}

static const char * const attack_news[] = {
  "Grote brand in loods in de haven, rookwolk boven de stad",
  "Brandweer schaalt op, bewoners moeten ramen en deuren sluiten",
  "Zo ziet de brand in de haven eruit vanaf de brug",
};
static const char * const attack_resident[] = {
  "Wat een rook hier, ramen en deuren dicht",
  "Ik zie de vlammen vanaf mijn balkon in de haven",
  "Het stinkt enorm bij ons in de straat, grote brand?",
};

/* PASSES NOW (regression guard). An allow-listed account with a very long
 * display name (20,000 times the same word: one 0.5 feature per word, not
 * deduplicated, so its squared norm is in the thousands) must not blow the
 * weights up to inf/NaN nor spoil the residents' suggestions. Checked:
 * sigmoid saturates, the gradient stays bounded, no NaN. */
static void
test_attack_long_author_name (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-long-name.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append (name, "nieuws ");
  g_assert_true (peil_incident_allow_account (incident, "@nos", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (attack_news); i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      g_autofree char *other = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "csv", id, "@nos", name->str, attack_news[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "csv", other, "@buurvrouw", "Buurvrouw", attack_resident[i]), "ACTOR-RESIDENT");
    }
  add_authored (incident, "csv", "r9", "@iemand", "Iemand", "Wat een rook hier bij ons in de straat");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  suggestions = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 1);
  {
    PeilSuggestion *s = g_ptr_array_index (suggestions, 0);

    g_assert_false (isnan (s->off_topic));
    g_assert_nonnull (find_tag (s, "ACTOR-RESIDENT"));
  }
  peil_test_finalize (&incident);
}

/* PASSES NOW (regression guard). An allow-listed author with a 40-word
 * name: its author part (40 features of 0.5, squared norm 10 beside a
 * unit-length text) must not make the author alone certain. */
static void
test_attack_author_outweighs_text (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-outweigh.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(PeilSuggestion) s = NULL;
  gint64 id;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (name, "woord%c%c ", 'a' + i % 26, 'a' + i / 26);
  g_assert_true (peil_incident_allow_account (incident, "@nos", TRUE, &error));
  for (guint i = 0; i < G_N_ELEMENTS (attack_news); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "csv", nid, "@nos", name->str, attack_news[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "csv", rid, "@buurvrouw", "Buurvrouw", attack_resident[i]), "ACTOR-RESIDENT");
    }
  id = add_authored (incident, "csv", "n9", "@nos", name->str, "x");
  g_assert_cmpint (id, >, 0);
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  post = peil_test_find_post (incident, "n9");
  s = peil_suggester_suggest_post (suggester, post);
  /* The author alone may suggest Media, but not with certainty. */
  if (find_tag (s, "ACTOR-MEDIA") != NULL)
    g_assert_cmpfloat (find_tag (s, "ACTOR-MEDIA")->confidence, <, 0.99);
  peil_test_finalize (&incident);
}

/* PASSES NOW, also under --setup=sanitize. Hostile authors: empty, blank, only "@", invalid UTF-8, a 1 MB handle
 * and name, a 5,000-line allow-list. No crash, no sanitizer report, and
 * a resident with an odd handle is still the one shared "not on the
 * list" feature, not a feature of his own (a handle normalising to
 * nothing drops the author feature: he is then told apart from the other
 * residents). */
static void
test_attack_hostile_authors (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-hostile.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new ("@");
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const odd[] = { "", "   ", "@@@", "\xff\xfe", "@\xc3", NULL };
  gint64 start;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (list, "@org%u\n# comment\n\n", i);
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_ALLOW_LIST, list->str, &error));
  g_assert_no_error (error);
  while (huge->len < 1024 * 1024)
    g_string_append (huge, "abcdefgh ");
  for (guint i = 0; i < G_N_ELEMENTS (attack_news); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "rss", nid, NULL, huge->str, attack_news[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "mastodon", rid, "@buurvrouw", huge->str, attack_resident[i]), "ACTOR-RESIDENT");
    }
  for (guint i = 0; odd[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%u", i);

      add_authored (incident, "mastodon", id, odd[i], odd[i], "Rook trekt over de wijk");
    }
  add_authored (incident, "mastodon", "x9", "@iemand", "Iemand", "Rook trekt over de wijk");
  start = g_get_monotonic_time ();
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  suggestions = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (suggestions->len, ==, G_N_ELEMENTS (odd));
  peil_test_finalize (&incident);
}


/* FAILS NOW. The one shared "not on the list" feature is hashed into the
 * same 2^16 slots as the prior's text features (index 10540, hash_kind
 * ('a') & (DIMS - 1)), and the shipped prior holds a weight there in 31
 * of its 34 heads (ACTOR-POLITICS +1.13, SB-BURGERHULP +0.82, IB-WAT +0.71,
 * IB-DOEN -0.72...). So before anything is learned, every post by a
 * resident is pushed towards ACTOR-POLITICS etc. merely for having an
 * author: the same text scores differently with and without an author.
 * (Allow-listed handles and name words collide with prior text weights at
 * random likewise, ~9% per head.) */
static void
test_attack_author_feature_collides_with_prior (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-collide.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new ();
  g_autoptr(PeilSuggestion) by_text = NULL;
  g_autoptr(PeilSuggestion) by_post = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "Please donate to the Red Cross appeal for the flood victims";

  add_authored (incident, "mastodon", "r1", "@buurvrouw@mastodon.social", "Buurvrouw", text);
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_suggester_get_n_trained (suggester), ==, 0);
  post = peil_test_find_post (incident, "r1");
  by_text = peil_suggester_suggest (suggester, text);
  by_post = peil_suggester_suggest_post (suggester, post);
  g_assert_cmpuint (by_post->tags->len, ==, by_text->tags->len);
  for (guint i = 0; i < by_text->tags->len; i++)
    {
      const PeilSuggestedTag *a = g_ptr_array_index (by_text->tags, i);
      const PeilSuggestedTag *b = g_ptr_array_index (by_post->tags, i);

      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpfloat_with_epsilon (a->confidence, b->confidence, 1e-6);
    }
  g_assert_cmpfloat_with_epsilon (by_text->off_topic, by_post->off_topic, 1e-6);
  peil_test_finalize (&incident);
}

/* FAILS NOW. The model keeps the allow-list as it was when it trained
 * (model->allowed), and suggest_posts()/suggest_post() score with it:
 * after "peil-cli info --disallow @buurvrouw" (she was allowed by
 * mistake) her posts are still scored by her own handle until the next
 * tag change retrains (the window retrains on tags-changed only; allowing
 * in the window does not retrain either). */
static void
test_attack_stale_allow_list (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-stale.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  PeilSuggestion *her, *other;

  g_assert_true (peil_incident_allow_account (incident, "@buurvrouw", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (attack_news); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "mastodon", nid, "@iemand", "Iemand", attack_news[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "mastodon", rid, "@buurvrouw", "Buurvrouw", attack_resident[i]), "ACTOR-RESIDENT");
    }
  add_authored (incident, "mastodon", "r9", "@buurvrouw", "Buurvrouw", "Rook trekt over de wijk");
  add_authored (incident, "mastodon", "x9", "@iemand2", "Iemand", "Rook trekt over de wijk");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (peil_incident_allow_account (incident, "@buurvrouw", FALSE, &error));
  g_assert_no_error (error);

  suggestions = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  her = g_ptr_array_index (suggestions, 0);
  other = g_ptr_array_index (suggestions, 1);
  g_assert_cmpuint (her->tags->len, ==, other->tags->len);
  for (guint i = 0; i < her->tags->len; i++)
    g_assert_cmpfloat (((PeilSuggestedTag *)g_ptr_array_index (her->tags, i))->confidence, ==,
                       ((PeilSuggestedTag *)g_ptr_array_index (other->tags, i))->confidence);
  peil_test_finalize (&incident);
}

typedef struct
{
  PeilSuggester *suggester;
  PeilPost      *post;
  gint           stop;
  guint          scored;
} Scorer;

static gpointer
score_loop (gpointer data)
{
  Scorer *scorer = data;

  while (!g_atomic_int_get (&scorer->stop))
    {
      PeilSuggestion *s = peil_suggester_suggest_post (scorer->suggester, scorer->post);

      g_assert_false (isnan (s->off_topic));
      peil_suggestion_free (s);
      scorer->scored++;
    }
  return NULL;
}

/* PASSES NOW, also under --setup=sanitize (ASan/UBSan): the post view
 * scores on one thread while training swaps the model (and its allow-list)
 * on another. */
static void
test_attack_score_while_training (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-threads.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;
  Scorer scorer = { 0 };
  GThread *thread;

  for (guint i = 0; i < G_N_ELEMENTS (attack_news); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "mastodon", nid, "@nos", "NOS", attack_news[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "mastodon", rid, "@buurvrouw", "Buurvrouw", attack_resident[i]), "ACTOR-RESIDENT");
    }
  add_authored (incident, "mastodon", "n9", "@nos", "NOS", "Rook trekt over de wijk");
  post = peil_test_find_post (incident, "n9");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  scorer.suggester = suggester;
  scorer.post = post;
  thread = g_thread_new ("scorer", score_loop, &scorer);
  for (guint i = 0; i < 30; i++)
    {
      g_assert_true (peil_incident_allow_account (incident, "@nos", i % 2 == 0, &error));
      g_assert_no_error (error);
      g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
      g_assert_no_error (error);
    }
  g_atomic_int_set (&scorer.stop, 1);
  g_thread_join (thread);
  g_assert_cmpuint (scorer.scored, >, 0);
  peil_test_finalize (&incident);
}


/* FAILS NOW (design). Allow-list entries are not tied to a platform:
 * "@nos" allowed for the broadcaster on X also names whoever holds
 * "@nos" on TikTok, Instagram, Telegram or in a CSV (handles without a
 * domain). That person's posts become the feature "nos": the model
 * learns of one resident and suggests her own tags for her next posts.
 * (The pseudonymizer already showed her name; now the model learns her.) */
static void
test_attack_allow_list_other_platform (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-platform.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  PeilSuggestion *her, *other;

  g_assert_true (peil_incident_allow_account (incident, "@nos", TRUE, &error));
  g_assert_true (peil_incident_allow_account (incident, "@bbc", TRUE, &error));
  g_assert_no_error (error);
  add_authored (incident, "twitter", "x1", "@nos", "NOS", "Brand in de haven");
  for (guint i = 0; i < G_N_ELEMENTS (attack_news); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "tiktok", rid, "@nos", "Noor", attack_resident[i]), "ACTOR-RESIDENT");
      tag (incident, add_authored (incident, "tiktok", nid, "@ander", "Ander", attack_news[i]), "ACTOR-MEDIA");
    }
  add_authored (incident, "tiktok", "r9", "@nos", "Noor", "Rook trekt over de wijk");
  /* Another TikTok user who happens to hold an allowed handle, never
   * tagged: same structure of features (handle, one handle word, one
   * name word), so without learning of "her" both score alike. */
  add_authored (incident, "tiktok", "x9", "@bbc", "Nora", "Rook trekt over de wijk");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  suggestions = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 3);
  her = g_ptr_array_index (suggestions, 1);
  other = g_ptr_array_index (suggestions, 2);
  g_assert_cmpuint (her->tags->len, ==, other->tags->len);
  for (guint i = 0; i < her->tags->len; i++)
    g_assert_cmpfloat (((PeilSuggestedTag *)g_ptr_array_index (her->tags, i))->confidence, ==,
                       ((PeilSuggestedTag *)g_ptr_array_index (other->tags, i))->confidence);
  peil_test_finalize (&incident);
}

/* FAILS NOW (pre-existing, text side). A mention is kept out of the
 * words only when its token starts with "@": ".@buurvrouw", "(@buurvrouw)"
 * or "“@buurvrouw" make "buurvrouw" words and n-grams, so the model learns
 * one resident from the posts that address her. */
static void
test_attack_mention_in_punctuation (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-mention.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(PeilSuggestion) her = NULL;
  g_autoptr(PeilSuggestion) other = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (attack_news); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);
      g_autofree char *text = g_strdup_printf (".@buurvrouw %s", attack_resident[i]);

      tag (incident, add_authored (incident, "mastodon", rid, "@a", "A", text), "ACTOR-RESIDENT");
      tag (incident, add_authored (incident, "mastodon", nid, "@b", "B", attack_news[i]), "ACTOR-MEDIA");
    }
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  her = peil_suggester_suggest (suggester, ".@buurvrouw vanavond");
  other = peil_suggester_suggest (suggester, ".@zonnepits vanavond"); /* same length, never seen */
  g_assert_cmpuint (her->tags->len, ==, other->tags->len);
  for (guint i = 0; i < her->tags->len; i++)
    g_assert_cmpfloat (((PeilSuggestedTag *)g_ptr_array_index (her->tags, i))->confidence, ==,
                       ((PeilSuggestedTag *)g_ptr_array_index (other->tags, i))->confidence);
  peil_test_finalize (&incident);
}


/* FAILS NOW (also failed before 0750b71/c96560b, by plain descent; c96560b
 * meant to end this "wearing away", but its scale does it now). The
 * learned scale of the prior per tag has no floor
 * but 0 and no pull towards 1: ONE tagged post whose prior score for a tag
 * is high but which lacks the tag (here tagged on its ACTOR only, so a
 * negative for every other tag) drives that tag's scale to exactly 0 in
 * ten passes (SCALE_STEP 0.1 × gradient ~0.5 × prior score ~10). The prior
 * of SB-BURGERHULP is then erased for every post, also ones that share no
 * word with it ("Vrijwilligers gezocht...": 0.43 before, nothing after). */
static void
test_attack_one_tag_erases_prior (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-erase.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new ();
  g_autoptr(PeilSuggestion) before = NULL;
  g_autoptr(PeilSuggestion) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *other = "Vrijwilligers gezocht om zandzakken te vullen bij de dijk";

  add_authored (incident, "csv", "t1", NULL, NULL, "Please donate to the Red Cross appeal for the flood victims");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  before = peil_suggester_suggest (suggester, other);
  g_assert_nonnull (find_tag (before, "SB-BURGERHULP"));

  tag (incident, 1, "ACTOR-RESIDENT");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  after = peil_suggester_suggest (suggester, other);
  g_assert_nonnull (find_tag (after, "SB-BURGERHULP"));
  peil_test_finalize (&incident);
}


/* FAILS NOW (low). The words of an allowed handle include its server:
 * "@politie@mastodon.social" gives "mastodon" and "social" (a Bluesky
 * handle "bsky", "social"), so every allowed account on a big server
 * shares two author features and learns the tags of the others there:
 * @nos@mastodon.social, never tagged, gets what @politie@mastodon.social
 * was tagged with, unlike @bbc@omroep.example, never tagged either. */
static void
test_attack_handle_server_words (void)
{
  PeilIncident *incident = peil_test_new_incident ("attack-server.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  PeilSuggestion *same_server, *elsewhere;

  g_assert_true (peil_incident_allow_account (incident, "@politie@mastodon.social", TRUE, &error));
  g_assert_true (peil_incident_allow_account (incident, "@nos@mastodon.social", TRUE, &error));
  g_assert_true (peil_incident_allow_account (incident, "@bbc@omroep.example", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (attack_news); i++)
    {
      g_autofree char *pid = g_strdup_printf ("p%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "mastodon", pid, "@politie@mastodon.social", "Politie", attack_news[i]), "ACTOR-ORGANISATION");
      tag (incident, add_authored (incident, "mastodon", rid, "@buurvrouw@mastodon.social", "Buurvrouw", attack_resident[i]), "ACTOR-RESIDENT");
    }
  add_authored (incident, "mastodon", "n9", "@nos@mastodon.social", "NOS", "Rook trekt over de wijk");
  add_authored (incident, "mastodon", "b9", "@bbc@omroep.example", "BBC", "Rook trekt over de wijk");
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  suggestions = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  same_server = g_ptr_array_index (suggestions, 0);
  elsewhere = g_ptr_array_index (suggestions, 1);
  g_assert_cmpuint (same_server->tags->len, ==, elsewhere->tags->len);
  for (guint i = 0; i < same_server->tags->len; i++)
    g_assert_cmpfloat_with_epsilon (((PeilSuggestedTag *)g_ptr_array_index (same_server->tags, i))->confidence,
                                    ((PeilSuggestedTag *)g_ptr_array_index (elsewhere->tags, i))->confidence, 1e-6);
  peil_test_finalize (&incident);
}


/* FAILS NOW (low, fails safe). peil_account_normalize() strips ASCII "@"
 * and case-folds BEFORE NFKC, so what NFKC makes ("＠" → "@", "𝐍" → "N")
 * is neither stripped nor folded: "＠nos" and "𝐍𝐎𝐒" are not "@nos" for
 * the allow-list (nor for the pseudonyms), while "ｎｏｓ" is. */
static void
test_attack_normalize_order (void)
{
  g_assert_true (peil_allow_list_contains ("@nos", "\xef\xbd\x8e\xef\xbd\x8f\xef\xbd\x93")); /* ｎｏｓ */
  g_assert_true (peil_allow_list_contains ("@nos", "\xef\xbc\xa0nos"));                       /* ＠nos */
  g_assert_true (peil_allow_list_contains ("@nos", "\xf0\x9d\x90\x8d\xf0\x9d\x90\x8e\xf0\x9d\x90\x92")); /* 𝐍𝐎𝐒 */
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/suggester/learns-from-tags", test_learns_from_tags);
  g_test_add_func ("/suggester/given-posts", test_given_posts);
  g_test_add_func ("/suggester/author", test_author);
  g_test_add_func ("/suggester/shipped-prior-cold-start", test_shipped_prior_cold_start);
  g_test_add_func ("/suggester/prior-errors", test_prior_errors);
  g_test_add_func ("/suggester/follows-new-tag", test_follows_new_tag);
  g_test_add_func ("/suggester/accept-logged", test_accept_logged);
  g_test_add_func ("/suggester/untagged-async", test_untagged_async);
  g_test_add_func ("/suggester/new-for-incident", test_new_for_incident);
  g_test_add_func ("/suggester/accept-all-async", test_accept_all_async);
  g_test_add_func ("/suggester/cli", test_cli);
  g_test_add_func ("/suggester/attack/long-author-name", test_attack_long_author_name);
  g_test_add_func ("/suggester/attack/author-outweighs-text", test_attack_author_outweighs_text);
  g_test_add_func ("/suggester/attack/hostile-authors", test_attack_hostile_authors);
  g_test_add_func ("/suggester/attack/author-feature-collides-with-prior", test_attack_author_feature_collides_with_prior);
  g_test_add_func ("/suggester/attack/stale-allow-list", test_attack_stale_allow_list);
  g_test_add_func ("/suggester/attack/score-while-training", test_attack_score_while_training);
  g_test_add_func ("/suggester/attack/allow-list-other-platform", test_attack_allow_list_other_platform);
  g_test_add_func ("/suggester/attack/mention-in-punctuation", test_attack_mention_in_punctuation);
  g_test_add_func ("/suggester/attack/one-tag-erases-prior", test_attack_one_tag_erases_prior);
  g_test_add_func ("/suggester/attack/handle-server-words", test_attack_handle_server_words);
  g_test_add_func ("/suggester/attack/normalize-order", test_attack_normalize_order);

  return g_test_run ();
}

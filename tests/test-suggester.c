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

/* Two posts get the same suggestions: the same tags, as confident. */
static void
assert_same_suggestions (PeilSuggestion *a,
                         PeilSuggestion *b)
{
  g_assert_cmpuint (a->tags->len, ==, b->tags->len);
  for (guint i = 0; i < a->tags->len; i++)
    {
      const PeilSuggestedTag *x = g_ptr_array_index (a->tags, i);
      const PeilSuggestedTag *y = g_ptr_array_index (b->tags, i);

      g_assert_cmpstr (x->code, ==, y->code);
      g_assert_cmpfloat_with_epsilon (x->confidence, y->confidence, 1e-6);
    }
  g_assert_cmpfloat_with_epsilon (a->off_topic, b->off_topic, 1e-6);
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

/* Who writes: the news account and a resident posted the same words,
 * tagged Media and Resident, so the words say nothing of who writes.
 * An untagged post of the allow-listed news account gets Media from
 * its author; a resident's post, whether that resident's posts were
 * tagged or not, gets what its words alone get: a resident's handle
 * teaches nothing. */
static void
test_author (void)
{
  PeilIncident *incident = peil_test_new_incident ("suggest-author.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(PeilPost) news_post = NULL;
  g_autoptr(PeilSuggestion) single = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const texts[] = {
    "Grote brand in loods in de haven, rookwolk boven de stad",
    "Brandweer schaalt op, bewoners moeten ramen en deuren sluiten",
    "Zo ziet de brand in de haven eruit vanaf de brug",
  };
  PeilSuggestion *by_news, *by_resident, *by_stranger, *by_nobody;

  g_assert_true (peil_incident_allow_account (incident, "@NOS", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      g_autofree char *other = g_strdup_printf ("r%u", i);

      tag (incident, peil_test_add_post (incident, "mastodon", id, NULL, "@nos", texts[i]), "ACTOR-MEDIA");
      tag (incident, peil_test_add_post (incident, "mastodon", other, NULL, "@buurvrouw", texts[i]), "ACTOR-RESIDENT");
    }
  peil_test_add_post (incident, "mastodon", "n9", NULL, "@nos", "Rook trekt over de wijk");
  peil_test_add_post (incident, "mastodon", "r9", NULL, "@buurvrouw", "Rook trekt over de wijk");
  peil_test_add_post (incident, "mastodon", "x9", NULL, "@iemand", "Rook trekt over de wijk");
  peil_test_add_post (incident, "mastodon", "y9", NULL, NULL, "Rook trekt over de wijk");

  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  suggestions = peil_suggester_suggest_posts (suggester, incident, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 4);
  by_news = g_ptr_array_index (suggestions, 0);
  by_resident = g_ptr_array_index (suggestions, 1);
  by_stranger = g_ptr_array_index (suggestions, 2);
  by_nobody = g_ptr_array_index (suggestions, 3);

  g_assert_nonnull (find_tag (by_news, "ACTOR-MEDIA"));
  g_assert_null (find_tag (by_news, "ACTOR-RESIDENT"));
  g_assert_null (find_tag (by_resident, "ACTOR-MEDIA"));
  assert_same_suggestions (by_resident, by_nobody);
  assert_same_suggestions (by_stranger, by_nobody);

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


/* Authors, hostile ones among them */

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

static const char * const news_texts[] = {
  "Grote brand in loods in de haven, rookwolk boven de stad",
  "Brandweer schaalt op, bewoners moeten ramen en deuren sluiten",
  "Zo ziet de brand in de haven eruit vanaf de brug",
};
static const char * const resident_texts[] = {
  "Wat een rook hier, ramen en deuren dicht",
  "Ik zie de vlammen vanaf mijn balkon in de haven",
  "Het stinkt enorm bij ons in de straat, grote brand?",
};

/* An allow-listed account with a very long
 * display name (20,000 times the same word: one 0.5 feature per word, not
 * deduplicated, so its squared norm is in the thousands) must not blow the
 * weights up to inf/NaN nor spoil the residents' suggestions. Checked:
 * sigmoid saturates, the gradient stays bounded, no NaN. */
static void
test_author_long_author_name (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-long-name.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append (name, "nieuws ");
  g_assert_true (peil_incident_allow_account (incident, "@nos", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (news_texts); i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      g_autofree char *other = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "csv", id, "@nos", name->str, news_texts[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "csv", other, "@buurvrouw", "Buurvrouw", resident_texts[i]), "ACTOR-RESIDENT");
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

/* An allow-listed author with a 40-word
 * name: its author part (40 features of 0.5, squared norm 10 beside a
 * unit-length text) must not make the author alone certain. */
static void
test_author_outweighs_text (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-outweigh.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(PeilSuggestion) s = NULL;
  gint64 id;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (name, "woord%c%c ", 'a' + i % 26, 'a' + i / 26);
  g_assert_true (peil_incident_allow_account (incident, "@nos", TRUE, &error));
  for (guint i = 0; i < G_N_ELEMENTS (news_texts); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "csv", nid, "@nos", name->str, news_texts[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "csv", rid, "@buurvrouw", "Buurvrouw", resident_texts[i]), "ACTOR-RESIDENT");
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

/* Hostile authors: empty, blank, only "@", invalid UTF-8, a 1 MB handle
 * and name, a 5,000-line allow-list: no crash, no sanitizer report, done
 * in seconds. */
static void
test_author_hostile_authors (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-hostile.peil");
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
  for (guint i = 0; i < G_N_ELEMENTS (news_texts); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "rss", nid, NULL, huge->str, news_texts[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "mastodon", rid, "@buurvrouw", huge->str, resident_texts[i]), "ACTOR-RESIDENT");
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


/* Before anything is learned, a post scores as its text alone, also by
 * an allow-listed account: the author's features have slots of their
 * own, where the shipped prior has no weight (hashed among the text's,
 * an author took some word's prior weight by chance). */
static void
test_author_feature_collides_with_prior (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-collide.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new ();
  g_autoptr(PeilSuggestion) by_text = NULL;
  g_autoptr(PeilSuggestion) by_post = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "Please donate to the Red Cross appeal for the flood victims";

  g_autoptr(GString) name = g_string_new ("Rode Kruis");

  /* Forty words of a name: some would land on a prior weight. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (name, " afdeling%u", i);
  g_assert_true (peil_incident_allow_account (incident, "@rodekruis@mastodon.social", TRUE, &error));
  add_authored (incident, "mastodon", "r1", "@rodekruis@mastodon.social", name->str, text);
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_suggester_get_n_trained (suggester), ==, 0);
  post = peil_test_find_post (incident, "r1");
  by_text = peil_suggester_suggest (suggester, text);
  by_post = peil_suggester_suggest_post (suggester, post);
  assert_same_suggestions (by_text, by_post);
  peil_test_finalize (&incident);
}

/* An account taken off the allow-list (allowed by mistake) is not known
 * by name any more, even before the model learns again: her posts score
 * as another resident's. */
static void
test_author_stale_allow_list (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-stale.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  PeilSuggestion *her, *other;

  g_assert_true (peil_incident_allow_account (incident, "@buurvrouw", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (news_texts); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "mastodon", nid, "@iemand", "Iemand", news_texts[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "mastodon", rid, "@buurvrouw", "Buurvrouw", resident_texts[i]), "ACTOR-RESIDENT");
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
  assert_same_suggestions (her, other);
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

/* The post view scores on one thread while training swaps the model
 * (and its allow-list) on another (run it under --setup=sanitize). */
static void
test_author_score_while_training (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-threads.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;
  Scorer scorer = { 0 };
  GThread *thread;

  for (guint i = 0; i < G_N_ELEMENTS (news_texts); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "mastodon", nid, "@nos", "NOS", news_texts[i]), "ACTOR-MEDIA");
      tag (incident, add_authored (incident, "mastodon", rid, "@buurvrouw", "Buurvrouw", resident_texts[i]), "ACTOR-RESIDENT");
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


/* A mention after punctuation (".@buurvrouw", "(@buurvrouw)",
 * "“@buurvrouw") is a mention, not words: the model does not learn one
 * resident from the posts that address her. */
static void
test_author_mention_in_punctuation (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-mention.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(PeilSuggestion) her = NULL;
  g_autoptr(PeilSuggestion) other = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (news_texts); i++)
    {
      g_autofree char *nid = g_strdup_printf ("n%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);
      g_autofree char *text = g_strdup_printf (".@buurvrouw %s", resident_texts[i]);

      tag (incident, add_authored (incident, "mastodon", rid, "@a", "A", text), "ACTOR-RESIDENT");
      tag (incident, add_authored (incident, "mastodon", nid, "@b", "B", news_texts[i]), "ACTOR-MEDIA");
    }
  g_assert_true (peil_suggester_train (suggester, incident, NULL, &error));
  g_assert_no_error (error);
  her = peil_suggester_suggest (suggester, ".@buurvrouw vanavond");
  other = peil_suggester_suggest (suggester, ".@zonnepits vanavond"); /* same length, never seen */
  assert_same_suggestions (her, other);
  peil_test_finalize (&incident);
}


/* One post tagged only with its actor (so lacking every other tag) does
 * not erase another tag's prior everywhere: a tag not yet given keeps its
 * prior, also for posts that share no word with that one. */
static void
test_author_one_tag_erases_prior (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-erase.peil");
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


/* The words of an allowed handle stop at its server: accounts on one big
 * server ("@politie@mastodon.social", "@nos@mastodon.social") do not
 * share what they were tagged with through "mastodon" and "social". */
static void
test_author_handle_server_words (void)
{
  PeilIncident *incident = peil_test_new_incident ("author-server.peil");
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_with_prior (NULL, NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  PeilSuggestion *same_server, *elsewhere;

  g_assert_true (peil_incident_allow_account (incident, "@politie@mastodon.social", TRUE, &error));
  g_assert_true (peil_incident_allow_account (incident, "@nos@mastodon.social", TRUE, &error));
  g_assert_true (peil_incident_allow_account (incident, "@bbc@omroep.example", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (news_texts); i++)
    {
      g_autofree char *pid = g_strdup_printf ("p%u", i);
      g_autofree char *rid = g_strdup_printf ("r%u", i);

      tag (incident, add_authored (incident, "mastodon", pid, "@politie@mastodon.social", "Politie", news_texts[i]), "ACTOR-ORGANISATION");
      tag (incident, add_authored (incident, "mastodon", rid, "@buurvrouw@mastodon.social", "Buurvrouw", resident_texts[i]), "ACTOR-RESIDENT");
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
  assert_same_suggestions (same_server, elsewhere);
  peil_test_finalize (&incident);
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
  g_test_add_func ("/suggester/author/long-name", test_author_long_author_name);
  g_test_add_func ("/suggester/author/outweighs-text", test_author_outweighs_text);
  g_test_add_func ("/suggester/author/hostile", test_author_hostile_authors);
  g_test_add_func ("/suggester/author/own-slots", test_author_feature_collides_with_prior);
  g_test_add_func ("/suggester/author/stale-allow-list", test_author_stale_allow_list);
  g_test_add_func ("/suggester/author/score-while-training", test_author_score_while_training);
  g_test_add_func ("/suggester/author/mention-in-punctuation", test_author_mention_in_punctuation);
  g_test_add_func ("/suggester/author/one-tag-erases-prior", test_author_one_tag_erases_prior);
  g_test_add_func ("/suggester/author/handle-server-words", test_author_handle_server_words);

  return g_test_run ();
}

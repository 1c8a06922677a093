/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-exercise-score"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "peil-agreement.h"
#include "peil-error.h"
#include "peil-exercise-score.h"
#include "peil-time.h"

/**
 * PeilExerciseScore:
 *
 * Scores trainees against the trainer's gold (issue 12; docs/exercise.md,
 * "Scoring and debrief", says what each figure counts). The scenario holds
 * the gold; each trainee file holds what was released and what its
 * analysts did, read through the incident's public API only: the posts of
 * the `scenario` source with their tags (analyst and time), the event log
 * (when a post was first tagged or touched, also by a tag taken off
 * again), the rumour register and the rounds. A file holds one trainee per
 * analyst who worked in it, so a team replica gives several.
 */

/* A scenario's priority "high" (PeilInject: 0 none, 1 low, 2 medium, 3 high). */
#define PRIORITY_HIGH 3

/* The actions of the event log by which an analyst shows to have seen a
 * post; the rest (imports, releases, the clock) are the machinery's. */
static const char * const seen_actions[] = {
  "tag", "untag", "note", "rumour-linked", "rumour-unlinked", "example-linked", "example-unlinked", NULL
};

struct _PeilExerciseScore
{
  GObject       parent_instance;

  PeilScenario *scenario;
  PeilTaxonomy *taxonomy;
  GHashTable   *tag_dimensions;   /* tag code → dimension code */
  GPtrArray    *claims;           /* the scenario's distinct rumours, first spelling */
  GHashTable   *claim_index;      /* folded claim → index in claims + 1 */
  GPtrArray    *files;            /* GFile */
  GHashTable   *file_ids;         /* of files: G_FILE_ATTRIBUTE_ID_FILE, or the path */
  GPtrArray    *trainees;         /* PeilTraineeScore */
  GPtrArray    *warnings;         /* char * */
  char         *title;            /* the first file's */
};

/**
 * peil_exercise_score_get_type:
 *
 * Returns: the #GType of #PeilExerciseScore
 */
G_DEFINE_FINAL_TYPE (PeilExerciseScore, peil_exercise_score, G_TYPE_OBJECT)

static void
dimension_score_free (PeilDimensionScore *score)
{
  g_free (score->dimension);
  g_free (score);
}

static void
response_free (PeilInjectResponse *response)
{
  g_strfreev (response->tags);
  g_free (response);
}

static void
trainee_score_free (PeilTraineeScore *trainee)
{
  g_free (trainee->analyst);
  g_clear_object (&trainee->file);
  g_clear_pointer (&trainee->dimensions, g_ptr_array_unref);
  g_clear_pointer (&trainee->responses, g_ptr_array_unref);
  g_strfreev (trainee->never_tagged);
  g_strfreev (trainee->priority_late);
  g_strfreev (trainee->priority_unseen);
  g_strfreev (trainee->rumours_found);
  g_strfreev (trainee->rumours_missed);
  g_strfreev (trainee->rumours_unreleased);
  g_strfreev (trainee->rumours_unmatched);
  g_strfreev (trainee->unassessed);
  g_strfreev (trainee->unreleased);
  g_strfreev (trainee->unscripted);
  g_strfreev (trainee->unknown);
  g_clear_pointer (&trainee->rounds, g_ptr_array_unref);
  g_clear_pointer (&trainee->by_inject, g_hash_table_unref);
  g_free (trainee);
}

static void
confusion_cell_free (PeilConfusionCell *cell)
{
  g_free (cell->gold);
  g_free (cell->given);
  g_free (cell);
}

static void
peil_exercise_score_finalize (GObject *object)
{
  PeilExerciseScore *self = (PeilExerciseScore *)object;

  g_clear_object (&self->scenario);
  g_clear_object (&self->taxonomy);
  g_clear_pointer (&self->tag_dimensions, g_hash_table_unref);
  g_clear_pointer (&self->claims, g_ptr_array_unref);
  g_clear_pointer (&self->claim_index, g_hash_table_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->file_ids, g_hash_table_unref);
  g_clear_pointer (&self->trainees, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (peil_exercise_score_parent_class)->finalize (object);
}

static void
peil_exercise_score_class_init (PeilExerciseScoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_exercise_score_finalize;
}

static void
peil_exercise_score_init (PeilExerciseScore *self)
{
  self->tag_dimensions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->claims = g_ptr_array_new_with_free_func (g_free);
  self->claim_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->file_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->trainees = g_ptr_array_new_with_free_func ((GDestroyNotify)trainee_score_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

static void
learn_dimensions (PeilExerciseScore *self,
                  PeilTaxonomy      *taxonomy)
{
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);

  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);

      for (guint j = 0; j < tags->len; j++)
        {
          const char *code = peil_tag_get_code (g_ptr_array_index (tags, j));

          if (!g_hash_table_contains (self->tag_dimensions, code))
            g_hash_table_insert (self->tag_dimensions, g_strdup (code),
                                 g_strdup (peil_dimension_get_code (dimension)));
        }
    }
}

/* Rumours are matched by their claim, whatever its case or spacing. */
static char *
fold_claim (const char *claim)
{
  g_autofree char *stripped = g_strstrip (g_strdup (claim ? claim : ""));
  return g_utf8_casefold (stripped, -1);
}

/* The index of @inject's rumour in self->claims, or -1 */
static int
claim_of (PeilExerciseScore *self,
          const PeilInject  *inject)
{
  g_autofree char *folded = NULL;

  if (inject->rumour == NULL)
    return -1;
  folded = fold_claim (inject->rumour);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->claim_index, folded)) - 1;
}

/**
 * peil_exercise_score_new:
 * @scenario: the trainer's scenario, with its gold
 * @taxonomy: the taxonomy that names the dimensions and places the gold's
 *   tags in them
 *
 * Creates a score of trainees against @scenario's gold. Gold tags that
 * @taxonomy does not know are not scored; each becomes a warning (see
 * peil_exercise_score_get_warnings()).
 *
 * Returns: (transfer full): a score without trainees; add their files
 *   with peil_exercise_score_add_incident()
 */
PeilExerciseScore *
peil_exercise_score_new (PeilScenario *scenario,
                         PeilTaxonomy *taxonomy)
{
  PeilExerciseScore *self;
  g_autoptr(GHashTable) unknown_gold = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (PEIL_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (PEIL_IS_TAXONOMY (taxonomy), NULL);

  self = g_object_new (PEIL_TYPE_EXERCISE_SCORE, NULL);
  self->scenario = g_object_ref (scenario);
  self->taxonomy = g_object_ref (taxonomy);
  learn_dimensions (self, taxonomy);

  for (guint i = 0; i < peil_scenario_get_n_injects (scenario); i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (scenario, i);
      g_autofree char *folded = NULL;

      for (guint j = 0; inject->gold_tags != NULL && inject->gold_tags[j] != NULL; j++)
        if (peil_taxonomy_lookup_tag (taxonomy, inject->gold_tags[j]) == NULL &&
            g_hash_table_add (unknown_gold, inject->gold_tags[j]))
          g_ptr_array_add (self->warnings,
                           g_strdup_printf (_("The gold of inject %s has the tag “%s”, which the taxonomy does not "
                                              "know: it is not scored"), inject->id, inject->gold_tags[j]));

      if (inject->rumour == NULL || *(folded = fold_claim (inject->rumour)) == '\0' ||
          g_hash_table_contains (self->claim_index, folded))
        continue;
      g_ptr_array_add (self->claims, g_strstrip (g_strdup (inject->rumour)));
      g_hash_table_insert (self->claim_index, g_steal_pointer (&folded), GINT_TO_POINTER (self->claims->len));
    }
  return self;
}

/**
 * peil_exercise_score_get_scenario:
 * @self: a #PeilExerciseScore
 *
 * Gets the scenario scored against.
 *
 * Returns: (transfer none): the scenario, with the gold, that @self scores
 *   against
 */
PeilScenario *
peil_exercise_score_get_scenario (PeilExerciseScore *self)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);
  return self->scenario;
}

/**
 * peil_exercise_score_get_taxonomy:
 * @self: a #PeilExerciseScore
 *
 * Gets the taxonomy scored in.
 *
 * Returns: (transfer none): the taxonomy whose dimensions @self scores
 */
PeilTaxonomy *
peil_exercise_score_get_taxonomy (PeilExerciseScore *self)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);
  return self->taxonomy;
}

/**
 * peil_exercise_score_get_title:
 *
 * Gives the title a debrief puts above the score.
 *
 * Returns: (nullable): the exercise's title, as the first trainee file
 *   gives it (or that file's name); %NULL before a file was added
 */
const char *
peil_exercise_score_get_title (PeilExerciseScore *self)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);
  return self->title;
}

/**
 * peil_exercise_score_get_files:
 *
 * Lists the trainee files that were added to the score.
 *
 * Returns: (transfer none) (element-type GFile): the trainee files added
 */
GPtrArray *
peil_exercise_score_get_files (PeilExerciseScore *self)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);
  return self->files;
}

/**
 * peil_exercise_score_get_warnings:
 *
 * Lists what the score could not use, for a debrief to show before its
 * figures.
 *
 * Returns: (transfer none) (element-type utf8): what a trainer should
 *   know about the data, translated, such as injects the scenario does
 *   not know
 */
GPtrArray *
peil_exercise_score_get_warnings (PeilExerciseScore *self)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);
  return self->warnings;
}

/* Reading a trainee file ------------------------------------------------ */

typedef struct
{
  gint64            post_id;
  const PeilInject *inject;      /* NULL for unscripted and unknown posts */
  char             *remote_id;
  gint64            released;
} Released;

static void
released_free (Released *released)
{
  g_free (released->remote_id);
  g_free (released);
}

/* What one analyst did with one post. */
typedef struct
{
  gint64     first_tag;
  gint64     seen;
  GPtrArray *tags;     /* codes on it now (not owned: the post's) */
  GHashTable *choices; /* one-choice dimension → the analyst's last choice in the log, or NULL if
                        * taken off (not owned: the taxonomy's) */
} Handling;

static void
handling_free (Handling *handling)
{
  g_ptr_array_unref (handling->tags);
  g_hash_table_unref (handling->choices);
  g_free (handling);
}

typedef struct
{
  PeilExerciseScore *self;
  GPtrArray         *released;    /* Released, scripted, unscripted and unknown */
  GHashTable        *by_post;     /* post id → Released */
  GHashTable        *analysts;    /* name → GHashTable (post id → Handling) */
  GPtrArray         *posts;       /* PeilPost, kept for their tags */
} Reading;

static Handling *
handling_for (Reading    *reading,
              const char *analyst,
              gint64      post_id)
{
  GHashTable *posts = g_hash_table_lookup (reading->analysts, analyst ? analyst : "");
  Handling *handling;

  if (posts == NULL)
    {
      posts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)handling_free);
      g_hash_table_insert (reading->analysts, g_strdup (analyst ? analyst : ""), posts);
    }
  if (!(handling = g_hash_table_lookup (posts, &post_id)))
    {
      handling = g_new0 (Handling, 1);
      handling->tags = g_ptr_array_new ();
      handling->choices = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (posts, g_memdup2 (&post_id, sizeof post_id), handling);
    }
  return handling;
}

static void
note_time (gint64 *earliest,
           gint64  time)
{
  if (time > 0 && (*earliest == 0 || time < *earliest))
    *earliest = time;
}

static gboolean
read_post (PeilPost  *post,
           gpointer   user_data,
           GError   **error)
{
  Reading *reading = user_data;
  const char *remote_id = peil_post_get_remote_id (post);
  Released *released;

  /* The source filter sees an inject as its channel; only injects count. */
  if (g_strcmp0 (peil_post_get_source (post), PEIL_EXERCISE_SOURCE) != 0)
    return TRUE;
  released = g_new0 (Released, 1);

  released->post_id = peil_post_get_id (post);
  released->remote_id = g_strdup (remote_id);
  released->released = peil_post_get_fetched_at (post);
  if (!g_str_has_prefix (remote_id, PEIL_EXERCISE_UNSCRIPTED_PREFIX))
    released->inject = peil_scenario_find_inject (reading->self->scenario, remote_id);
  g_ptr_array_add (reading->released, released);
  g_hash_table_insert (reading->by_post, &released->post_id, released);

  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    {
      const PeilPostTag *tag = peil_post_get_tag (post, i);
      Handling *handling = handling_for (reading, tag->analyst, released->post_id);

      g_ptr_array_add (handling->tags, tag->code);
      note_time (&handling->first_tag, tag->tagged_at);
      note_time (&handling->seen, tag->tagged_at);
    }
  g_ptr_array_add (reading->posts, g_object_ref (post));
  return TRUE;
}

/* In a one-choice dimension (a facet such as rumour status) a post holds
 * one value, whoever chose it: in a team's file, Bram's choice takes
 * Anna's off the post. What Anna chose is her last choice in the log:
 * a tag she gave, undone only by her own taking it off ("replaced" is the
 * side effect of someone's other choice; "team" is a change synced from
 * another replica, where a replacement cannot be told from an undo). */
static void
note_choice (Reading         *reading,
             Handling        *handling,
             const PeilEvent *event)
{
  PeilTaxonomy *taxonomy = reading->self->taxonomy;
  PeilTag *tag = event->tag ? peil_taxonomy_lookup_tag (taxonomy, event->tag) : NULL;
  PeilDimension *dimension;
  const char *code, *dimension_code;

  if (tag == NULL)
    return;
  dimension_code = peil_tag_get_dimension_code (tag);
  dimension = peil_taxonomy_lookup_dimension (taxonomy, dimension_code);
  if (dimension == NULL || !peil_dimension_get_single_choice (dimension))
    return;
  code = peil_tag_get_code (tag);
  if (g_str_equal (event->action, "tag"))
    g_hash_table_insert (handling->choices, (gpointer)dimension_code, (gpointer)code);
  else if (g_str_equal (event->action, "untag") && g_strcmp0 (event->detail, "replaced") != 0 &&
           g_strcmp0 (event->detail, "team") != 0 &&
           g_strcmp0 (g_hash_table_lookup (handling->choices, dimension_code), code) == 0)
    g_hash_table_insert (handling->choices, (gpointer)dimension_code, NULL);
}

/* The event log keeps tags taken off again and everything else an analyst
 * did with a post. A tag logged by an import carries the importer's name
 * and the time of the import, not the tagger's: its post_tag row has
 * those. */
static gboolean
read_events (Reading       *reading,
             PeilIncident  *incident,
             GError       **error)
{
  g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 0, error);

  if (events == NULL)
    return FALSE;
  /* Oldest first, for the last choices. */
  for (guint i = events->len; i-- > 0;)
    {
      PeilEvent *event = g_ptr_array_index (events, i);
      Handling *handling;

      if (event->post_id <= 0 || !g_hash_table_contains (reading->by_post, &event->post_id) ||
          !g_strv_contains (seen_actions, event->action) ||
          (g_str_equal (event->action, "tag") && g_strcmp0 (event->detail, "import") == 0))
        continue;
      handling = handling_for (reading, event->analyst, event->post_id);
      note_time (&handling->seen, event->time);
      if (g_str_equal (event->action, "tag"))
        note_time (&handling->first_tag, event->time);
      note_choice (reading, handling, event);
    }
  return TRUE;
}

static const char *
rumour_owner (PeilRumour *rumour)
{
  GPtrArray *history = peil_rumour_get_history (rumour);

  return history->len > 0 ? ((PeilRumourChange *)g_ptr_array_index (history, 0))->analyst : NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static int
compare_responses (gconstpointer a,
                   gconstpointer b)
{
  const PeilInjectResponse *x = *(const PeilInjectResponse * const *)a;
  const PeilInjectResponse *y = *(const PeilInjectResponse * const *)b;

  if (x->released != y->released)
    return x->released < y->released ? -1 : 1;
  if (x->inject->offset != y->inject->offset)
    return x->inject->offset < y->inject->offset ? -1 : 1;
  return g_strcmp0 (x->inject->id, y->inject->id);
}

static GStrv
strv_from_array (GPtrArray *strings)
{
  g_ptr_array_add (strings, NULL);
  return (GStrv)g_ptr_array_free (strings, FALSE);
}

/* The tags of @tags in @dimension, in their (sorted) order. */
static GPtrArray *
tags_in (PeilExerciseScore  *self,
         const char * const *tags,
         const char         *dimension)
{
  GPtrArray *in = g_ptr_array_new ();

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (g_strcmp0 (g_hash_table_lookup (self->tag_dimensions, tags[i]), dimension) == 0)
      g_ptr_array_add (in, (gpointer)tags[i]);
  return in;
}

/**
 * peil_exercise_score_dup_category:
 * @tags: (array zero-terminated=1): tag codes, sorted
 *
 * Computes the category in which @tags put an inject for @dimension; the gold
 * and each trainee's tags are compared by these categories.
 *
 * Returns: (transfer full): the category of an inject tagged @tags in
 *   @dimension, as kappa, alpha and the confusion table compare it: its
 *   tags in that dimension joined by "+", "" for none
 */
char *
peil_exercise_score_dup_category (PeilExerciseScore  *self,
                                  const char * const *tags,
                                  const char         *dimension)
{
  g_autoptr(GPtrArray) in = NULL;

  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);

  in = tags_in (self, tags, dimension);
  g_ptr_array_add (in, NULL);
  return g_strjoinv ("+", (GStrv)in->pdata);
}

static PeilDimensionScore *
score_dimension (PeilExerciseScore *self,
                 PeilTraineeScore  *trainee,
                 const char        *dimension)
{
  PeilDimensionScore *score = g_new0 (PeilDimensionScore, 1);
  g_autoptr(GPtrArray) gold_categories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) given_categories = g_ptr_array_new_with_free_func (g_free);

  score->dimension = g_strdup (dimension);
  for (guint i = 0; i < trainee->responses->len; i++)
    {
      PeilInjectResponse *response = g_ptr_array_index (trainee->responses, i);
      g_auto(GStrv) gold_tags = NULL;
      g_autoptr(GPtrArray) gold = NULL;
      g_autoptr(GPtrArray) given = NULL;

      if (!peil_inject_is_assessed (response->inject))
        continue;
      gold_tags = peil_inject_dup_gold (response->inject);
      gold = tags_in (self, (const char * const *)gold_tags, dimension);
      given = tags_in (self, (const char * const *)response->tags, dimension);
      score->gold += gold->len;
      score->given += given->len;
      for (guint j = 0; j < given->len; j++)
        score->matched += g_ptr_array_find_with_equal_func (gold, g_ptr_array_index (given, j), g_str_equal, NULL);

      g_ptr_array_add (gold_categories,
                       peil_exercise_score_dup_category (self, (const char * const *)gold_tags, dimension));
      g_ptr_array_add (given_categories,
                       peil_exercise_score_dup_category (self, (const char * const *)response->tags, dimension));
    }

  score->precision = score->given > 0 ? (double)score->matched / score->given : NAN;
  score->recall = score->gold > 0 ? (double)score->matched / score->gold : NAN;
  score->f1 = score->gold + score->given > 0 ? 2.0 * score->matched / (score->gold + score->given) : NAN;
  score->units = gold_categories->len;
  if (!peil_agreement_cohen_kappa ((const char * const *)gold_categories->pdata,
                                   (const char * const *)given_categories->pdata,
                                   score->units, &score->kappa))
    score->kappa = NAN;
  return score;
}

static void
score_timing (PeilTraineeScore *trainee)
{
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) never = g_ptr_array_new ();
  g_autoptr(GPtrArray) late = g_ptr_array_new ();
  g_autoptr(GPtrArray) unseen = g_ptr_array_new ();

  for (guint i = 0; i < trainee->responses->len; i++)
    {
      PeilInjectResponse *response = g_ptr_array_index (trainee->responses, i);
      const PeilInject *inject = response->inject;

      if (response->first_tag > 0)
        {
          /* A tag cannot come before its post; a clock that disagrees says 0. */
          double delay = MAX (response->first_tag - response->released, 0);
          g_array_append_val (delays, delay);
        }
      else
        g_ptr_array_add (never, g_strdup (inject->id));

      if (inject->priority < PRIORITY_HIGH && inject->deadline < 0)
        continue;
      if (response->seen == 0)
        g_ptr_array_add (unseen, g_strdup (inject->id));
      else if (inject->deadline >= 0 && response->seen - response->released > inject->deadline)
        g_ptr_array_add (late, g_strdup (inject->id));
    }

  trainee->tagged = delays->len;
  if (!peil_agreement_quantile ((double *)delays->data, delays->len, 0.5, &trainee->median_delay))
    trainee->median_delay = NAN;
  if (!peil_agreement_quantile ((double *)delays->data, delays->len, 0.9, &trainee->p90_delay))
    trainee->p90_delay = NAN;
  trainee->never_tagged = strv_from_array (g_steal_pointer (&never));
  trainee->priority_late = strv_from_array (g_steal_pointer (&late));
  trainee->priority_unseen = strv_from_array (g_steal_pointer (&unseen));
}

/* The scenario's rumours against the trainee's register: a rumour is
 * found when the trainee linked one of the posts of an inject carrying
 * it. One pass over the released posts and one over the links. */
static void
score_rumours (PeilExerciseScore *self,
               PeilTraineeScore  *trainee,
               Reading           *reading,
               GPtrArray         *rumours)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GPtrArray) missed = g_ptr_array_new ();
  g_autoptr(GPtrArray) unreleased = g_ptr_array_new ();
  g_autoptr(GPtrArray) unmatched = g_ptr_array_new ();
  g_autoptr(GHashTable) claim_of_post = g_hash_table_new (g_int64_hash, g_int64_equal);   /* post id → claim + 1 */
  g_autofree gboolean *released = g_new0 (gboolean, self->claims->len);
  g_autofree gboolean *linked = g_new0 (gboolean, self->claims->len);

  for (guint i = 0; i < reading->released->len; i++)
    {
      Released *post = g_ptr_array_index (reading->released, i);
      int claim = post->inject ? claim_of (self, post->inject) : -1;

      if (claim < 0)
        continue;
      released[claim] = TRUE;
      g_hash_table_insert (claim_of_post, &post->post_id, GINT_TO_POINTER (claim + 1));
    }
  for (guint r = 0; r < rumours->len; r++)
    {
      PeilRumour *rumour = g_ptr_array_index (rumours, r);
      GArray *posts = peil_rumour_get_posts (rumour);
      gboolean matched = FALSE;

      for (guint i = 0; i < posts->len; i++)
        {
          int claim = GPOINTER_TO_INT (g_hash_table_lookup (claim_of_post, &g_array_index (posts, gint64, i))) - 1;

          if (claim >= 0)
            matched = linked[claim] = TRUE;
        }
      if (!matched)
        g_ptr_array_add (unmatched, g_strdup (peil_rumour_get_claim (rumour)));
    }
  for (guint c = 0; c < self->claims->len; c++)
    g_ptr_array_add (!released[c] ? unreleased : linked[c] ? found : missed,
                     g_strdup (g_ptr_array_index (self->claims, c)));

  trainee->rumours_found = strv_from_array (g_steal_pointer (&found));
  trainee->rumours_missed = strv_from_array (g_steal_pointer (&missed));
  trainee->rumours_unreleased = strv_from_array (g_steal_pointer (&unreleased));
  trainee->rumours_unmatched = strv_from_array (g_steal_pointer (&unmatched));
}

static void
score_coverage (PeilExerciseScore *self,
                PeilTraineeScore  *trainee,
                Reading           *reading)
{
  g_autoptr(GHashTable) released_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) unassessed = g_ptr_array_new ();
  g_autoptr(GPtrArray) unreleased = g_ptr_array_new ();
  g_autoptr(GPtrArray) unscripted = g_ptr_array_new ();
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();

  for (guint i = 0; i < reading->released->len; i++)
    {
      Released *released = g_ptr_array_index (reading->released, i);

      if (released->inject != NULL)
        g_hash_table_add (released_ids, released->inject->id);
      else
        g_ptr_array_add (g_str_has_prefix (released->remote_id, PEIL_EXERCISE_UNSCRIPTED_PREFIX) ? unscripted : unknown,
                         g_strdup (released->remote_id));
    }
  for (guint i = 0; i < trainee->responses->len; i++)
    {
      PeilInjectResponse *response = g_ptr_array_index (trainee->responses, i);

      if (peil_inject_is_assessed (response->inject))
        trainee->assessed++;
      else
        g_ptr_array_add (unassessed, g_strdup (response->inject->id));
    }
  for (guint i = 0; i < peil_scenario_get_n_injects (self->scenario); i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (self->scenario, i);

      if (!g_hash_table_contains (released_ids, inject->id))
        g_ptr_array_add (unreleased, g_strdup (inject->id));
    }

  trainee->unassessed = strv_from_array (g_steal_pointer (&unassessed));
  trainee->unreleased = strv_from_array (g_steal_pointer (&unreleased));
  trainee->unscripted = strv_from_array (g_steal_pointer (&unscripted));
  trainee->unknown = strv_from_array (g_steal_pointer (&unknown));
}

static PeilTraineeScore *
score_trainee (PeilExerciseScore *self,
               Reading           *reading,
               GFile             *file,
               const char        *analyst,
               gboolean           alone,
               GPtrArray         *rumours,
               GPtrArray         *rounds)
{
  PeilTraineeScore *trainee = g_new0 (PeilTraineeScore, 1);
  GHashTable *handled = g_hash_table_lookup (reading->analysts, analyst);
  g_autoptr(GPtrArray) own_rumours = g_ptr_array_new ();
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (self->taxonomy);

  trainee->analyst = g_strdup (analyst);
  trainee->file = g_object_ref (file);
  trainee->responses = g_ptr_array_new_with_free_func ((GDestroyNotify)response_free);
  for (guint i = 0; i < reading->released->len; i++)
    {
      Released *released = g_ptr_array_index (reading->released, i);
      Handling *handling = handled ? g_hash_table_lookup (handled, &released->post_id) : NULL;
      PeilInjectResponse *response;
      g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

      if (released->inject == NULL)
        continue;
      response = g_new0 (PeilInjectResponse, 1);
      response->inject = released->inject;
      response->released = released->released;
      if (handling != NULL)
        {
          GHashTableIter iter;
          gpointer dimension, choice;

          response->first_tag = handling->first_tag;
          response->seen = handling->seen;
          for (guint j = 0; j < handling->tags->len; j++)
            g_ptr_array_add (tags, g_strdup (g_ptr_array_index (handling->tags, j)));
          /* A one-choice value the post lost to someone else's choice. */
          g_hash_table_iter_init (&iter, handling->choices);
          while (g_hash_table_iter_next (&iter, &dimension, &choice))
            {
              gboolean held = FALSE;

              for (guint j = 0; choice != NULL && !held && j < handling->tags->len; j++)
                held = g_strcmp0 (g_hash_table_lookup (self->tag_dimensions, g_ptr_array_index (handling->tags, j)),
                                  dimension) == 0;
              if (choice != NULL && !held)
                g_ptr_array_add (tags, g_strdup (choice));
            }
        }
      g_ptr_array_sort (tags, compare_strings);
      response->tags = strv_from_array (g_steal_pointer (&tags));
      g_ptr_array_add (trainee->responses, response);
    }
  g_ptr_array_sort (trainee->responses, compare_responses);
  trainee->by_inject = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < trainee->responses->len; i++)
    {
      PeilInjectResponse *response = g_ptr_array_index (trainee->responses, i);
      g_hash_table_insert (trainee->by_inject, response->inject->id, response);
    }

  trainee->dimensions = g_ptr_array_new_with_free_func ((GDestroyNotify)dimension_score_free);
  for (guint i = 0; i < dimensions->len; i++)
    g_ptr_array_add (trainee->dimensions,
                     score_dimension (self, trainee, peil_dimension_get_code (g_ptr_array_index (dimensions, i))));
  score_timing (trainee);

  /* In a file of one trainee the register and the rounds are theirs; in a
   * team's, a rumour belongs to who registered it, a round to who issued it. */
  for (guint i = 0; i < rumours->len; i++)
    if (alone || g_strcmp0 (rumour_owner (g_ptr_array_index (rumours, i)), analyst) == 0)
      g_ptr_array_add (own_rumours, g_ptr_array_index (rumours, i));
  score_rumours (self, trainee, reading, own_rumours);
  score_coverage (self, trainee, reading);

  trainee->rounds = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rounds->len; i++)
    {
      PeilRound *round = g_ptr_array_index (rounds, i);

      if (peil_round_is_issued (round) && (alone || g_strcmp0 (peil_round_get_issued_by (round), analyst) == 0))
        g_ptr_array_add (trainee->rounds, g_object_ref (round));
    }
  return trainee;
}

static char *
display_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  return g_filename_display_name (base);
}

static void
warn_about_unknown (PeilExerciseScore *self,
                    Reading           *reading,
                    GFile             *file)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();

  for (guint i = 0; i < reading->released->len; i++)
    {
      Released *released = g_ptr_array_index (reading->released, i);

      if (released->inject == NULL && !g_str_has_prefix (released->remote_id, PEIL_EXERCISE_UNSCRIPTED_PREFIX))
        g_ptr_array_add (unknown, released->remote_id);
    }
  if (unknown->len > 0)
    {
      g_autofree char *name = display_name (file);

      g_ptr_array_add (self->warnings,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u inject in “%s” is not in the scenario (%s): was it played "
                                                     "from another version of it? It is not scored",
                                                     "%u injects in “%s” are not in the scenario (%s, …): was it played "
                                                     "from another version of it? They are not scored",
                                                     unknown->len),
                                        unknown->len, name, (const char *)g_ptr_array_index (unknown, 0)));
    }
}

/* The analysts who worked in the file: who tagged or touched a released
 * inject, registered a rumour or issued a round. */
static GPtrArray *
find_trainees (Reading   *reading,
               GPtrArray *rumours,
               GPtrArray *rounds)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  const char *name;

  g_hash_table_iter_init (&iter, reading->analysts);
  while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL))
    g_hash_table_add (seen, (gpointer)name);
  for (guint i = 0; i < rumours->len; i++)
    if ((name = rumour_owner (g_ptr_array_index (rumours, i))) != NULL)
      g_hash_table_add (seen, (gpointer)name);
  for (guint i = 0; i < rounds->len; i++)
    if (peil_round_is_issued (g_ptr_array_index (rounds, i)) &&
        (name = peil_round_get_issued_by (g_ptr_array_index (rounds, i))) != NULL)
      g_hash_table_add (seen, (gpointer)name);

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  return names;
}

/* Who a file is whatever the path to it (a link, "./" or not). */
static char *
dup_file_id (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_ID_FILE, G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ID_FILE))
    return g_strdup (g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_ID_FILE));
  return g_file_get_uri (file);
}

/* A copy of a file: the analyst did the same with every inject. */
static gboolean
same_work (const PeilTraineeScore *a,
           const PeilTraineeScore *b)
{
  if (a->responses->len != b->responses->len)
    return FALSE;
  for (guint i = 0; i < a->responses->len; i++)
    {
      const PeilInjectResponse *x = g_ptr_array_index (a->responses, i);
      const PeilInjectResponse *y = g_ptr_array_index (b->responses, i);

      if (x->inject != y->inject || x->first_tag != y->first_tag || x->seen != y->seen ||
          !g_strv_equal ((const char * const *)x->tags, (const char * const *)y->tags))
        return FALSE;
    }
  return TRUE;
}

static void
warn_about_doubles (PeilExerciseScore *self,
                    guint              first_new)
{
  for (guint i = first_new; i < self->trainees->len; i++)
    for (guint j = 0; j < first_new; j++)
      {
        PeilTraineeScore *added = g_ptr_array_index (self->trainees, i);
        PeilTraineeScore *earlier = g_ptr_array_index (self->trainees, j);
        g_autofree char *added_file = NULL;
        g_autofree char *earlier_file = NULL;

        if (*added->analyst == '\0' || g_strcmp0 (added->analyst, earlier->analyst) != 0)
          continue;
        added_file = display_name (added->file);
        earlier_file = display_name (earlier->file);
        if (same_work (added, earlier))
          g_ptr_array_add (self->warnings,
                           g_strdup_printf (_("%s's work in “%s” and in “%s” is the same, inject by inject: a copy "
                                              "of one file? Their agreement between trainees says nothing"),
                                            added->analyst, earlier_file, added_file));
        else
          g_ptr_array_add (self->warnings,
                         g_strdup_printf (_("%s worked in “%s” and in “%s”: replicas of one team incident? "
                                            "Each is scored as a trainee of its own"),
                                          added->analyst, earlier_file, added_file));
        break;
      }
}

/**
 * peil_exercise_score_add_incident:
 * @incident: a trainee file: an exercise played from the score's scenario
 *
 * Scores each analyst who worked in @incident as a trainee.
 *
 * Returns: %FALSE with @error set (%PEIL_ERROR_INVALID) when @incident is
 *   not an exercise, its file was added already (one trainee counted
 *   twice would agree with themselves), or none of the scenario's
 *   injects was released in it (another scenario's exercise, or one not
 *   started); nothing is added then
 */
gboolean
peil_exercise_score_add_incident (PeilExerciseScore  *self,
                                  PeilIncident       *incident,
                                  GError            **error)
{
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GPtrArray) rumours = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *exercise = NULL;
  g_autofree char *name = NULL;
  g_autofree char *file_id = NULL;
  GFile *file;
  Reading reading = { self };
  guint scripted = 0, first_new;
  gboolean done = FALSE;

  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), FALSE);
  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), FALSE);

  file = peil_incident_get_file (incident);
  name = display_name (file);
  exercise = peil_incident_get_metadata (incident, PEIL_META_EXERCISE);
  if (g_strcmp0 (exercise, "true") != 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not an exercise: only the files of an exercise can be scored"), name);
      return FALSE;
    }
  file_id = dup_file_id (file);
  if (g_hash_table_contains (self->file_ids, file_id))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is given twice; each trainee file counts once"), name);
      return FALSE;
    }

  reading.released = g_ptr_array_new_with_free_func ((GDestroyNotify)released_free);
  reading.by_post = g_hash_table_new (g_int64_hash, g_int64_equal);
  reading.analysts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
  reading.posts = g_ptr_array_new_with_free_func (g_object_unref);
  /* A trainee's inject marked off-topic was read all the same. */
  peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_INCLUDE);

  if (!peil_incident_foreach_post (incident, filter, read_post, &reading, NULL, error) ||
      !read_events (&reading, incident, error) ||
      !(rumours = peil_incident_list_rumours (incident, error)) ||
      !(rounds = peil_incident_list_rounds (incident, error)))
    goto out;

  for (guint i = 0; i < reading.released->len; i++)
    scripted += ((Released *)g_ptr_array_index (reading.released, i))->inject != NULL;
  if (scripted == 0)
    {
      guint others = 0;

      for (guint i = 0; i < reading.released->len; i++)
        others += !g_str_has_prefix (((Released *)g_ptr_array_index (reading.released, i))->remote_id,
                                     PEIL_EXERCISE_UNSCRIPTED_PREFIX);
      if (others > 0)
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The %u inject in “%s” is not in this scenario: was the exercise played from another scenario?",
                                  "None of the %u injects in “%s” is in this scenario: was the exercise played from another scenario?",
                                  others),
                     others, name);
      else
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                     _("No inject of the scenario was released in “%s”: was the exercise started?"), name);
      goto out;
    }

  learn_dimensions (self, peil_incident_get_taxonomy (incident));
  warn_about_unknown (self, &reading, file);

  names = find_trainees (&reading, rumours, rounds);
  if (names->len == 0)
    {
      g_ptr_array_add (self->warnings,
                       g_strdup_printf (_("Nobody tagged or noted anything in “%s”: it is scored as one trainee "
                                          "who did nothing"), name));
      g_ptr_array_add (names, g_strdup (""));
    }

  first_new = self->trainees->len;
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (self->trainees, score_trainee (self, &reading, file, g_ptr_array_index (names, i),
                                                    names->len == 1, rumours, rounds));
  warn_about_doubles (self, first_new);
  g_ptr_array_add (self->files, g_object_ref (file));
  g_hash_table_add (self->file_ids, g_steal_pointer (&file_id));
  if (self->title == NULL && (self->title = peil_incident_get_metadata (incident, PEIL_META_TITLE)) == NULL)
    self->title = g_steal_pointer (&name);
  done = TRUE;

out:
  g_hash_table_unref (reading.analysts);
  g_hash_table_unref (reading.by_post);
  g_ptr_array_unref (reading.released);
  g_ptr_array_unref (reading.posts);
  return done;
}

/* Reading the score ------------------------------------------------------ */

/**
 * peil_exercise_score_dup_dimensions:
 *
 * Lists the dimensions the score has figures for; a dimension no one tagged in
 * is left out.
 *
 * Returns: (transfer full): the codes of the dimensions that are scored,
 *   in the taxonomy's order: those in which the gold or a trainee gave a
 *   tag
 */
GStrv
peil_exercise_score_dup_dimensions (PeilExerciseScore *self)
{
  GPtrArray *dimensions;
  g_autoptr(GPtrArray) scored = g_ptr_array_new ();

  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);

  dimensions = peil_taxonomy_get_dimensions (self->taxonomy);
  for (guint i = 0; i < dimensions->len; i++)
    {
      const char *code = peil_dimension_get_code (g_ptr_array_index (dimensions, i));
      gboolean used = FALSE;

      for (guint t = 0; !used && t < self->trainees->len; t++)
        {
          const PeilDimensionScore *score = peil_trainee_score_get_dimension (g_ptr_array_index (self->trainees, t),
                                                                              code);
          used = score->gold > 0 || score->given > 0;
        }
      if (used)
        g_ptr_array_add (scored, g_strdup (code));
    }
  return strv_from_array (g_steal_pointer (&scored));
}

/**
 * peil_exercise_score_get_n_trainees:
 * @self: a #PeilExerciseScore
 *
 * A file holds one trainee per analyst who worked in it, so a team
 * replica's file counts for several.
 *
 * Returns: how many trainees the files added so far hold
 */
guint
peil_exercise_score_get_n_trainees (PeilExerciseScore *self)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), 0);
  return self->trainees->len;
}

/**
 * peil_exercise_score_get_trainee:
 *
 * Gives the figures of one trainee; @index must be below
 * peil_exercise_score_get_n_trainees().
 *
 * Returns: (transfer none): the trainee at @index, in the order of the
 *   files and by name within a file
 */
const PeilTraineeScore *
peil_exercise_score_get_trainee (PeilExerciseScore *self,
                                 guint              index)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);
  g_return_val_if_fail (index < self->trainees->len, NULL);
  return g_ptr_array_index (self->trainees, index);
}

/**
 * peil_exercise_score_dup_trainee_label:
 *
 * Names the trainee at @index for a debrief so that no two trainees look the
 * same.
 *
 * Returns: (transfer full): how to name the trainee for people: the
 *   analyst, with the file's name when the analyst is unknown or has the
 *   name of another trainee
 */
char *
peil_exercise_score_dup_trainee_label (PeilExerciseScore *self,
                                       guint              index)
{
  const PeilTraineeScore *trainee;
  g_autofree char *file = NULL;
  gboolean shared = FALSE;

  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);
  g_return_val_if_fail (index < self->trainees->len, NULL);

  trainee = g_ptr_array_index (self->trainees, index);
  file = display_name (trainee->file);
  if (*trainee->analyst == '\0')
    return g_steal_pointer (&file);
  for (guint i = 0; i < self->trainees->len; i++)
    shared |= i != index && g_str_equal (((PeilTraineeScore *)g_ptr_array_index (self->trainees, i))->analyst,
                                         trainee->analyst);
  return shared ? g_strdup_printf ("%s (%s)", trainee->analyst, file) : g_strdup (trainee->analyst);
}

/**
 * peil_trainee_score_get_dimension:
 *
 * Gives the trainee's figures in one dimension, for the debrief's table.
 *
 * Returns: (transfer none): the figures of @dimension, one of the
 *   taxonomy's
 */
const PeilDimensionScore *
peil_trainee_score_get_dimension (const PeilTraineeScore *self,
                                  const char             *dimension)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->dimensions->len; i++)
    if (g_strcmp0 (((PeilDimensionScore *)g_ptr_array_index (self->dimensions, i))->dimension, dimension) == 0)
      return g_ptr_array_index (self->dimensions, i);
  g_return_val_if_reached (NULL);
}

/**
 * peil_trainee_score_get_response:
 *
 * Gives how the trainee handled one inject: when it was released, first tagged
 * and first handled, and its tags now.
 *
 * Returns: (transfer none) (nullable): how the trainee handled the inject
 *   @inject_id, or %NULL if it was not released in the trainee's file
 */
const PeilInjectResponse *
peil_trainee_score_get_response (const PeilTraineeScore *self,
                                 const char             *inject_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_hash_table_lookup (self->by_inject, inject_id);
}

/**
 * peil_exercise_score_get_alpha:
 *
 * Krippendorff's alpha (nominal) of the trainees in @dimension: the
 * trainees are the coders, the scenario's injects the units, each
 * trainee's category of an inject a value, missing where the inject was
 * not released in the trainee's file.
 *
 * Returns: alpha, or NAN when it is undefined: fewer than two trainees,
 *   fewer than two values to pair, or one category only
 */
double
peil_exercise_score_get_alpha (PeilExerciseScore *self,
                               const char        *dimension)
{
  guint n_units, n_coders;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  double alpha;

  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NAN);

  n_coders = self->trainees->len;
  n_units = peil_scenario_get_n_injects (self->scenario);
  if (n_coders < 2)
    return NAN;
  for (guint c = 0; c < n_coders; c++)
    for (guint u = 0; u < n_units; u++)
      {
        const PeilInjectResponse *response =
          peil_trainee_score_get_response (g_ptr_array_index (self->trainees, c),
                                           peil_scenario_get_inject (self->scenario, u)->id);

        g_ptr_array_add (values, response ? peil_exercise_score_dup_category (self, (const char * const *)response->tags,
                                                                              dimension)
                                          : NULL);
      }
  if (!peil_agreement_krippendorff_alpha ((const char * const *)values->pdata, n_coders, n_units, &alpha))
    return NAN;
  return alpha;
}

static int
compare_cells (gconstpointer a,
               gconstpointer b)
{
  const PeilConfusionCell *x = *(const PeilConfusionCell * const *)a;
  const PeilConfusionCell *y = *(const PeilConfusionCell * const *)b;

  /* Per gold category, "none" last; within one, the most given first. */
  if (strcmp (x->gold, y->gold) != 0)
    return (*x->gold == '\0') - (*y->gold == '\0') ?: strcmp (x->gold, y->gold);
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return (*x->given == '\0') - (*y->given == '\0') ?: strcmp (x->given, y->given);
}

/**
 * peil_exercise_score_get_confusion: (skip)
 *
 * The gold's category against the category given, over every trainee and
 * every assessed inject released in the trainee's file.
 *
 * Returns: (transfer container) (element-type PeilConfusionCell): the cells
 *   that occur, per gold category (none last), the most frequent first
 */
GPtrArray *
peil_exercise_score_get_confusion (PeilExerciseScore *self,
                                   const char        *dimension)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify)confusion_cell_free);
  g_autoptr(GHashTable) by_pair = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), cells);

  for (guint t = 0; t < self->trainees->len; t++)
    {
      PeilTraineeScore *trainee = g_ptr_array_index (self->trainees, t);

      for (guint i = 0; i < trainee->responses->len; i++)
        {
          PeilInjectResponse *response = g_ptr_array_index (trainee->responses, i);
          g_auto(GStrv) gold_tags = NULL;
          g_autofree char *gold = NULL;
          g_autofree char *given = NULL;
          g_autofree char *key = NULL;
          PeilConfusionCell *cell;

          if (!peil_inject_is_assessed (response->inject))
            continue;
          gold_tags = peil_inject_dup_gold (response->inject);
          gold = peil_exercise_score_dup_category (self, (const char * const *)gold_tags, dimension);
          given = peil_exercise_score_dup_category (self, (const char * const *)response->tags, dimension);
          key = g_strconcat (gold, "\n", given, NULL);
          if (!(cell = g_hash_table_lookup (by_pair, key)))
            {
              cell = g_new0 (PeilConfusionCell, 1);
              cell->gold = g_steal_pointer (&gold);
              cell->given = g_steal_pointer (&given);
              g_ptr_array_add (cells, cell);
              g_hash_table_insert (by_pair, g_steal_pointer (&key), cell);
            }
          cell->count++;
        }
    }
  g_ptr_array_sort (cells, compare_cells);
  return cells;
}

/**
 * peil_exercise_score_dup_rumours:
 *
 * Lists the rumours the scenario plants; a trainee is scored on whether they
 * registered each one.
 *
 * Returns: (transfer full): the scenario's distinct rumours, in the order
 *   of their first inject
 */
GStrv
peil_exercise_score_dup_rumours (PeilExerciseScore *self)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new ();

  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);

  for (guint i = 0; i < self->claims->len; i++)
    g_ptr_array_add (claims, g_strdup (g_ptr_array_index (self->claims, i)));
  return strv_from_array (g_steal_pointer (&claims));
}

/* JSON ------------------------------------------------------------------- */

static void
add_number (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_strings (JsonBuilder        *builder,
             const char         *member,
             const char * const *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       time)
{
  g_autofree char *iso = time > 0 ? peil_time_format_iso (time) : NULL;

  json_builder_set_member_name (builder, member);
  if (iso != NULL)
    json_builder_add_string_value (builder, iso);
  else
    json_builder_add_null_value (builder);
}

static void
add_category (JsonBuilder *builder,
              const char  *member,
              const char  *category)
{
  g_auto(GStrv) tags = *category ? g_strsplit (category, "+", -1) : NULL;
  add_strings (builder, member, (const char * const *)tags);
}

static void
add_trainee_json (PeilExerciseScore      *self,
                  JsonBuilder            *builder,
                  guint                   index,
                  const char * const     *dimensions)
{
  const PeilTraineeScore *trainee = g_ptr_array_index (self->trainees, index);
  g_autofree char *path = g_file_get_path (trainee->file);
  g_autofree char *label = peil_exercise_score_dup_trainee_label (self, index);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "analyst");
  json_builder_add_string_value (builder, trainee->analyst);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, label);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);

  json_builder_set_member_name (builder, "dimensions");
  json_builder_begin_object (builder);
  for (guint i = 0; dimensions[i] != NULL; i++)
    {
      const PeilDimensionScore *score = peil_trainee_score_get_dimension (trainee, dimensions[i]);

      json_builder_set_member_name (builder, dimensions[i]);
      json_builder_begin_object (builder);
      add_int (builder, "gold", score->gold);
      add_int (builder, "given", score->given);
      add_int (builder, "matched", score->matched);
      add_number (builder, "precision", score->precision);
      add_number (builder, "recall", score->recall);
      add_number (builder, "f1", score->f1);
      add_int (builder, "units", score->units);
      add_number (builder, "kappa", score->kappa);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "timing");
  json_builder_begin_object (builder);
  add_int (builder, "released", trainee->responses->len);
  add_int (builder, "tagged", trainee->tagged);
  add_number (builder, "median_seconds", trainee->median_delay);
  add_number (builder, "p90_seconds", trainee->p90_delay);
  add_strings (builder, "never_tagged", (const char * const *)trainee->never_tagged);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "priority");
  json_builder_begin_object (builder);
  add_strings (builder, "late", (const char * const *)trainee->priority_late);
  add_strings (builder, "unseen", (const char * const *)trainee->priority_unseen);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "injects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < trainee->responses->len; i++)
    {
      PeilInjectResponse *response = g_ptr_array_index (trainee->responses, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, response->inject->id);
      add_time (builder, "released", response->released);
      add_time (builder, "first_tag", response->first_tag);
      add_time (builder, "seen", response->seen);
      add_strings (builder, "tags", (const char * const *)response->tags);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rumours");
  json_builder_begin_object (builder);
  add_strings (builder, "found", (const char * const *)trainee->rumours_found);
  add_strings (builder, "missed", (const char * const *)trainee->rumours_missed);
  add_strings (builder, "not_released", (const char * const *)trainee->rumours_unreleased);
  add_strings (builder, "unmatched", (const char * const *)trainee->rumours_unmatched);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "coverage");
  json_builder_begin_object (builder);
  add_int (builder, "released", trainee->responses->len);
  add_int (builder, "assessed", trainee->assessed);
  add_strings (builder, "unassessed", (const char * const *)trainee->unassessed);
  add_strings (builder, "not_released", (const char * const *)trainee->unreleased);
  add_strings (builder, "unscripted", (const char * const *)trainee->unscripted);
  add_strings (builder, "unknown", (const char * const *)trainee->unknown);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "rounds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < trainee->rounds->len; i++)
    {
      PeilRound *round = g_ptr_array_index (trainee->rounds, i);

      json_builder_begin_object (builder);
      add_int (builder, "number", peil_round_get_number (round));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, peil_round_get_title (round));
      add_time (builder, "issued_at", peil_round_get_issued_at (round));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * peil_exercise_score_to_json:
 *
 * Writes the whole score as JSON, for peil-cli and other programs to read.
 *
 * Returns: (transfer full): the whole score, in the shape docs/exercise.md
 *   documents; undefined figures are null
 */
JsonNode *
peil_exercise_score_to_json (PeilExerciseScore *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) dimensions = NULL;
  g_auto(GStrv) claims = NULL;
  guint assessed = 0;

  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (self), NULL);

  dimensions = peil_exercise_score_dup_dimensions (self);
  claims = peil_exercise_score_dup_rumours (self);
  for (guint i = 0; i < peil_scenario_get_n_injects (self->scenario); i++)
    assessed += peil_inject_is_assessed (peil_scenario_get_inject (self->scenario, i));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scenario");
  json_builder_begin_object (builder);
  add_int (builder, "injects", peil_scenario_get_n_injects (self->scenario));
  add_int (builder, "assessed", assessed);
  add_strings (builder, "rumours", (const char * const *)claims);
  json_builder_end_object (builder);

  add_strings (builder, "dimensions", (const char * const *)dimensions);

  json_builder_set_member_name (builder, "trainees");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->trainees->len; i++)
    add_trainee_json (self, builder, i, (const char * const *)dimensions);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "agreement");
  json_builder_begin_object (builder);
  for (guint i = 0; dimensions[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, dimensions[i]);
      json_builder_begin_object (builder);
      add_number (builder, "alpha", peil_exercise_score_get_alpha (self, dimensions[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "confusion");
  json_builder_begin_object (builder);
  for (guint i = 0; dimensions[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) cells = peil_exercise_score_get_confusion (self, dimensions[i]);

      json_builder_set_member_name (builder, dimensions[i]);
      json_builder_begin_array (builder);
      for (guint j = 0; j < cells->len; j++)
        {
          PeilConfusionCell *cell = g_ptr_array_index (cells, j);

          json_builder_begin_object (builder);
          add_category (builder, "gold", cell->gold);
          add_category (builder, "given", cell->given);
          add_int (builder, "count", cell->count);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->warnings, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

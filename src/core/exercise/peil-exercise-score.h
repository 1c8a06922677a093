/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <json-glib/json-glib.h>

#include "peil-exercise.h"
#include "peil-incident.h"
#include "peil-scenario.h"

G_BEGIN_DECLS

/**
 * PeilDimensionScore:
 * @dimension: the dimension's code
 * @gold: the pairs (inject, tag) of the gold in this dimension
 * @given: pairs the trainee gave
 * @matched: pairs in both
 * @precision: @matched / @given; NAN when the trainee gave none
 * @recall: @matched / @gold; NAN when the gold has none
 * @f1: 2 · @matched / (@gold + @given); NAN when both are 0
 * @units: the injects Cohen's kappa compares (released and assessed)
 * @kappa: Cohen's kappa of the trainee against the gold; NAN when
 *   undefined (no units, or one category only)
 *
 * Every figure counts only injects released in the trainee's file that
 * the trainer assessed. NAN is never shown: readers print "undefined".
 */
typedef struct
{
  char   *dimension;
  guint   gold;
  guint   given;
  guint   matched;
  double  precision;
  double  recall;
  double  f1;
  guint   units;
  double  kappa;
} PeilDimensionScore;

/**
 * PeilInjectResponse:
 * @inject: the scenario's inject (owned by the scenario)
 * @released: when it was released in the trainee's file (its post's
 *   fetched_at, Unix seconds)
 * @first_tag: when the trainee first tagged it, 0 if never
 * @seen: when the trainee first did anything with it (a tag, an untag, a
 *   note, a link to a rumour or a round), 0 if never
 * @tags: the trainee's tags on it now, sorted
 *
 * One released inject as one trainee handled it.
 */
typedef struct
{
  const PeilInject *inject;
  gint64            released;
  gint64            first_tag;
  gint64            seen;
  GStrv             tags;
} PeilInjectResponse;

/**
 * PeilTraineeScore:
 * @analyst: the analyst's name as the file records it ("" if none)
 * @file: the trainee's incident file
 * @dimensions: (element-type PeilDimensionScore): one per dimension of
 *   the score's taxonomy, in its order
 * @responses: (element-type PeilInjectResponse): one per scenario inject
 *   released in the file, in release order
 * @tagged: released injects the trainee tagged
 * @median_delay: seconds from release to first tag over those, NAN if none
 * @p90_delay: their 90th percentile, NAN if none
 * @never_tagged: released injects the trainee never tagged
 * @priority_late: priority injects seen after their deadline
 * @priority_unseen: priority injects never seen
 * @rumours_found: the scenario's rumours the trainee's register holds
 * @rumours_missed: the scenario's rumours, released, that it lacks
 * @rumours_unreleased: the scenario's rumours none of whose injects was
 *   released (not counted as missed)
 * @rumours_unmatched: claims of the trainee's rumours that match none of
 *   the scenario's
 * @assessed: released injects with gold, which the figures count
 * @unassessed: released injects without gold (ids)
 * @unreleased: scenario injects not released in the file (ids)
 * @unscripted: injects added while playing (ids starting with "U-")
 * @unknown: released posts whose id the scenario does not know
 * @rounds: (element-type PeilRound): the rounds the trainee issued
 *
 * How one trainee of an exercise did, against the scenario's gold.
 */
typedef struct
{
  char      *analyst;
  GFile     *file;
  GPtrArray *dimensions;
  GPtrArray *responses;
  guint      tagged;
  double     median_delay;
  double     p90_delay;
  GStrv      never_tagged;
  GStrv      priority_late;
  GStrv      priority_unseen;
  GStrv      rumours_found;
  GStrv      rumours_missed;
  GStrv      rumours_unreleased;
  GStrv      rumours_unmatched;
  guint      assessed;
  GStrv      unassessed;
  GStrv      unreleased;
  GStrv      unscripted;
  GStrv      unknown;
  GPtrArray *rounds;

  /*< private >*/
  GHashTable *by_inject;
} PeilTraineeScore;

PEIL_AVAILABLE_IN_ALL
const PeilDimensionScore *peil_trainee_score_get_dimension (const PeilTraineeScore *self,
                                                            const char             *dimension);
PEIL_AVAILABLE_IN_ALL
const PeilInjectResponse *peil_trainee_score_get_response  (const PeilTraineeScore *self,
                                                            const char             *inject_id);

/**
 * PeilConfusionCell:
 * @gold: the gold's category: its tags in the dimension joined by "+",
 *   "" for none
 * @given: the trainee's category, in the same form
 * @count: how often, over trainees and injects
 *
 * How often the gold said one category of a dimension and a trainee another: a cell of the
 * dimension's confusion table.
 */
typedef struct
{
  char  *gold;
  char  *given;
  guint  count;
} PeilConfusionCell;

#define PEIL_TYPE_EXERCISE_SCORE (peil_exercise_score_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilExerciseScore, peil_exercise_score, PEIL, EXERCISE_SCORE, GObject)

PEIL_AVAILABLE_IN_ALL
PeilExerciseScore      *peil_exercise_score_new            (PeilScenario      *scenario,
                                                            PeilTaxonomy      *taxonomy);
PEIL_AVAILABLE_IN_ALL
gboolean                peil_exercise_score_add_incident   (PeilExerciseScore *self,
                                                            PeilIncident      *incident,
                                                            GError           **error);
PEIL_AVAILABLE_IN_ALL
PeilScenario           *peil_exercise_score_get_scenario   (PeilExerciseScore *self);
PEIL_AVAILABLE_IN_ALL
PeilTaxonomy           *peil_exercise_score_get_taxonomy   (PeilExerciseScore *self);
PEIL_AVAILABLE_IN_ALL
const char             *peil_exercise_score_get_title      (PeilExerciseScore *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray              *peil_exercise_score_get_files      (PeilExerciseScore *self);
PEIL_AVAILABLE_IN_ALL
GStrv                   peil_exercise_score_dup_dimensions (PeilExerciseScore *self);
PEIL_AVAILABLE_IN_ALL
guint                   peil_exercise_score_get_n_trainees (PeilExerciseScore *self);
PEIL_AVAILABLE_IN_ALL
const PeilTraineeScore *peil_exercise_score_get_trainee    (PeilExerciseScore *self,
                                                            guint              index);
PEIL_AVAILABLE_IN_ALL
char                   *peil_exercise_score_dup_trainee_label (PeilExerciseScore *self,
                                                               guint              index);
PEIL_AVAILABLE_IN_ALL
double                  peil_exercise_score_get_alpha      (PeilExerciseScore *self,
                                                            const char        *dimension);
PEIL_AVAILABLE_IN_ALL
GPtrArray              *peil_exercise_score_get_confusion  (PeilExerciseScore *self,
                                                            const char        *dimension);
PEIL_AVAILABLE_IN_ALL
char                   *peil_exercise_score_dup_category   (PeilExerciseScore *self,
                                                            const char * const *tags,
                                                            const char        *dimension);
PEIL_AVAILABLE_IN_ALL
GStrv                   peil_exercise_score_dup_rumours    (PeilExerciseScore *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray              *peil_exercise_score_get_warnings   (PeilExerciseScore *self);
PEIL_AVAILABLE_IN_ALL
JsonNode               *peil_exercise_score_to_json        (PeilExerciseScore *self);

G_END_DECLS

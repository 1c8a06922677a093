/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include "peil-exercise-score.h"

G_BEGIN_DECLS

/**
 * PEIL_DEBRIEF_N_FIGURES:
 *
 * The columns of a trainee's table of figures per dimension.
 */
#define PEIL_DEBRIEF_N_FIGURES 8

/**
 * PeilDebriefLine:
 * @label: what the line is about, such as "Time to first tag"
 * @text: its figures
 *
 * A line of a trainee's debrief: what it is about and its figures.
 */
typedef struct
{
  char *label;
  char *text;
} PeilDebriefLine;

/**
 * PeilDebriefMoment:
 * @time: when (Unix seconds)
 * @expected: (nullable): an action the scenario expects, with its inject
 * @round: (nullable): a round the trainee issued: its name and texts
 *
 * One row of the comparison of expected actions with issued rounds.
 */
typedef struct
{
  gint64  time;
  char   *expected;
  char   *round;
} PeilDebriefMoment;

PEIL_AVAILABLE_IN_ALL
const char * const *peil_debrief_figure_headers   (void);
PEIL_AVAILABLE_IN_ALL
GStrv               peil_debrief_figure_cells     (PeilExerciseScore        *score,
                                                   const PeilDimensionScore *figures);
PEIL_AVAILABLE_IN_ALL
char               *peil_debrief_dimension_label  (PeilExerciseScore        *score,
                                                   const char               *dimension);
PEIL_AVAILABLE_IN_ALL
char               *peil_debrief_category_label   (PeilExerciseScore        *score,
                                                   const char               *category);
PEIL_AVAILABLE_IN_ALL
GPtrArray          *peil_debrief_trainee_lines    (PeilExerciseScore        *score,
                                                   guint                     index,
                                                   guint                     max_ids);
PEIL_AVAILABLE_IN_ALL
GPtrArray          *peil_debrief_agreement_lines  (PeilExerciseScore        *score);
PEIL_AVAILABLE_IN_ALL
GPtrArray          *peil_debrief_moments          (PeilExerciseScore        *score,
                                                   guint                     index);
PEIL_AVAILABLE_IN_ALL
const char         *peil_debrief_figures_note     (void);
PEIL_AVAILABLE_IN_ALL
gboolean            peil_debrief_timeline_span    (PeilExerciseScore        *score,
                                                   guint                     index,
                                                   gint64                   *out_start,
                                                   gint64                   *out_end);

G_END_DECLS

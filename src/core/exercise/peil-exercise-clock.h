/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-incident.h"

G_BEGIN_DECLS

/**
 * PEIL_EXERCISE_MIN_SPEED:
 *
 * The slowest an exercise's time runs: one exercise second per real second.
 */
#define PEIL_EXERCISE_MIN_SPEED 1
/**
 * PEIL_EXERCISE_MAX_SPEED:
 *
 * The fastest an exercise's time runs, in exercise seconds per real second
 * (peil_exercise_clock_set_speed()).
 */
#define PEIL_EXERCISE_MAX_SPEED 10

/**
 * PeilWallClockFunc:
 *
 * Tells a #PeilExerciseClock what time it is, so that a test can run an
 * exercise without waiting.
 *
 * Returns: the wall-clock time in microseconds since 1970, as
 *   g_get_real_time() does; tests give the clock one of their own
 */
typedef gint64 (*PeilWallClockFunc) (gpointer user_data);

/**
 * PeilExerciseStatus:
 * @time: the exercise time now, in microseconds since its start
 * @started: whether the exercise was ever started
 * @running: whether its time runs now
 * @speed: exercise seconds per real second, 1 to 10
 * @origin: the wall-clock time (Unix seconds) of exercise time 0, fixed
 *   when it was first started; 0 before that. A released inject's post
 *   has origin + its offset as its time.
 * @released: injects released (posts there)
 * @total: injects in the exercise, unscripted ones included
 * @due: injects whose time has come that are not released yet
 * @next: the offset (seconds) of the first inject not yet released, or
 *   -1 when all are released
 *
 * Where an exercise's clock stands, as peil_exercise_clock_get_status() reads it.
 */
typedef struct
{
  gint64   time;
  gboolean started;
  gboolean running;
  int      speed;
  gint64   origin;
  guint    released;
  guint    total;
  guint    due;
  gint64   next;
} PeilExerciseStatus;

PEIL_AVAILABLE_IN_ALL
gint64 peil_exercise_status_get_next_in (const PeilExerciseStatus *status);

#define PEIL_TYPE_EXERCISE_CLOCK (peil_exercise_clock_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilExerciseClock, peil_exercise_clock, PEIL, EXERCISE_CLOCK, GObject)

PEIL_AVAILABLE_IN_ALL
void               peil_exercise_clock_set_default_wall_clock (PeilWallClockFunc  func,
                                                               gpointer           user_data);

PEIL_AVAILABLE_IN_ALL
PeilExerciseClock *peil_exercise_clock_new        (PeilIncident        *incident);
PEIL_AVAILABLE_IN_ALL
void               peil_exercise_clock_set_wall_clock (PeilExerciseClock *self,
                                                   PeilWallClockFunc    func,
                                                   gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gint64             peil_exercise_clock_get_wall_time (PeilExerciseClock *self);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_exercise_clock_get_status (PeilExerciseClock   *self,
                                                   PeilExerciseStatus  *out_status,
                                                   GError             **error);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_exercise_clock_start      (PeilExerciseClock   *self,
                                                   GError             **error);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_exercise_clock_pause      (PeilExerciseClock   *self,
                                                   GError             **error);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_exercise_clock_resume     (PeilExerciseClock   *self,
                                                   GError             **error);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_exercise_clock_set_speed  (PeilExerciseClock   *self,
                                                   int                  speed,
                                                   GError             **error);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_exercise_clock_jump       (PeilExerciseClock   *self,
                                                   gint64               seconds,
                                                   GError             **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray         *peil_exercise_clock_get_due    (PeilExerciseClock   *self,
                                                   gint64              *out_wait,
                                                   GError             **error);
PEIL_AVAILABLE_IN_ALL
char              *peil_exercise_clock_add_inject (PeilExerciseClock   *self,
                                                   const char          *channel,
                                                   const char          *author,
                                                   const char          *text,
                                                   GError             **error);

G_END_DECLS

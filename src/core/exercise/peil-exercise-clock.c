/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-exercise"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-exercise.h"
#include "peil-exercise-clock.h"
#include "peil-incident-private.h"

/**
 * PeilExerciseClock:
 *
 * The clock of an exercise, kept in the incident file (table
 * exercise_clock, one row) so that the window, peil-cli and a process
 * started again all read the same time:
 *
 *   exercise time = anchor_time + (running ? (wall now − anchor_wall) × speed : 0)
 *
 * Every change moves the anchor to now, so that a change of speed, a
 * pause or a jump never rewrites the time already played; each is stored
 * with its line in the event log in one transaction. The origin is the
 * wall-clock time of exercise time 0 when the exercise was first started:
 * an inject's post is dated origin + its offset, the scenario's times
 * moved to the exercise's day.
 *
 * The wall clock can be replaced (peil_exercise_clock_set_wall_clock(),
 * or for the whole process peil_exercise_clock_set_default_wall_clock()),
 * so that tests play an exercise without waiting for it.
 */
struct _PeilExerciseClock
{
  GObject            parent_instance;

  PeilIncident      *incident;
  PeilWallClockFunc  wall_clock;
  gpointer           wall_clock_data;
};

/**
 * peil_exercise_clock_get_type:
 *
 * Returns: the #GType of #PeilExerciseClock
 */
G_DEFINE_FINAL_TYPE (PeilExerciseClock, peil_exercise_clock, G_TYPE_OBJECT)

typedef struct
{
  gint64   origin;       /* µs; 0 before the first start */
  gint64   anchor_wall;  /* µs */
  gint64   anchor_time;  /* µs of exercise time at anchor_wall */
  gboolean running;
  int      speed;
} ClockRow;

typedef enum
{
  CHANGE_START,
  CHANGE_PAUSE,
  CHANGE_RESUME,
  CHANGE_SPEED,
  CHANGE_JUMP,
} ClockChange;

static GMutex default_lock;
static PeilWallClockFunc default_wall_clock;
static gpointer default_wall_clock_data;

/* Whether an inject's post is there: the one mark of its release. */
#define RELEASED(inject) \
  "EXISTS (SELECT 1 FROM post p WHERE p.source = '" PEIL_EXERCISE_SOURCE "' AND p.remote_id = " inject ".id)"

static gint64
real_time (gpointer user_data)
{
  return g_get_real_time ();
}

static void
peil_exercise_clock_finalize (GObject *object)
{
  PeilExerciseClock *self = (PeilExerciseClock *)object;

  g_clear_object (&self->incident);

  G_OBJECT_CLASS (peil_exercise_clock_parent_class)->finalize (object);
}

static void
peil_exercise_clock_class_init (PeilExerciseClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_exercise_clock_finalize;
}

static void
peil_exercise_clock_init (PeilExerciseClock *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&default_lock);

  self->wall_clock = default_wall_clock ? default_wall_clock : real_time;
  self->wall_clock_data = default_wall_clock_data;
}

/**
 * peil_exercise_clock_set_default_wall_clock:
 * @func: (nullable) (scope forever): the wall clock every clock made from now on reads,
 *   in every thread (the source plugin's too); %NULL for the real one
 *
 * For tests and demonstrations that play an exercise without waiting.
 */
void
peil_exercise_clock_set_default_wall_clock (PeilWallClockFunc func,
                                            gpointer          user_data)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&default_lock);

  default_wall_clock = func;
  default_wall_clock_data = user_data;
}

/**
 * peil_exercise_clock_new:
 *
 * Creates the clock that starts, pauses and speeds up @incident's exercise and
 * releases its injects when they are due. Use it only on the thread that owns
 * @incident.
 *
 * Returns: (transfer full): the clock of @incident's exercise, read from
 *   and written to its file on the thread that owns @incident
 */
PeilExerciseClock *
peil_exercise_clock_new (PeilIncident *incident)
{
  PeilExerciseClock *self;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  self = g_object_new (PEIL_TYPE_EXERCISE_CLOCK, NULL);
  self->incident = g_object_ref (incident);
  return self;
}

/**
 * peil_exercise_clock_set_wall_clock:
 * @func: (nullable) (scope forever): the wall clock this clock reads; %NULL
 *   for the real one
 *
 * Makes this clock read @func instead of the real time, for tests.
 */
void
peil_exercise_clock_set_wall_clock (PeilExerciseClock *self,
                                    PeilWallClockFunc  func,
                                    gpointer           user_data)
{
  g_return_if_fail (PEIL_IS_EXERCISE_CLOCK (self));

  self->wall_clock = func ? func : real_time;
  self->wall_clock_data = func ? user_data : NULL;
}

/**
 * peil_exercise_clock_get_wall_time:
 *
 * Gives what the clock takes as the time now: g_get_real_time(), unless
 * another function was set with peil_exercise_clock_set_wall_clock() or
 * peil_exercise_clock_set_default_wall_clock().
 *
 * Returns: the wall-clock time this clock goes by, in microseconds
 */
gint64
peil_exercise_clock_get_wall_time (PeilExerciseClock *self)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), 0);
  return self->wall_clock (self->wall_clock_data);
}

static gboolean
read_row (PeilExerciseClock  *self,
          ClockRow           *row,
          GError            **error)
{
  PeilDatabase *db = self->incident->db;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = peil_database_statement (db, "SELECT origin, anchor_wall, anchor_time, running, speed"
                                            " FROM exercise_clock WHERE id = 1", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->origin = sqlite3_column_int64 (stmt, 0);
      row->anchor_wall = sqlite3_column_int64 (stmt, 1);
      row->anchor_time = sqlite3_column_int64 (stmt, 2);
      row->running = sqlite3_column_int (stmt, 3) != 0;
      row->speed = CLAMP (sqlite3_column_int (stmt, 4), PEIL_EXERCISE_MIN_SPEED, PEIL_EXERCISE_MAX_SPEED);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return peil_database_set_error (db, error);

  /* A trainee's replica of a team exercise is one, without the clock:
   * the trainer's replica plays the injects to the team. */
  if (peil_incident_is_exercise (self->incident))
    g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                         _("This exercise is played from another file (the trainer’s), which has its clock; "
                           "its injects reach this one when it syncs with the team (“peil-cli team sync”, "
                           "or by themselves in the window)"));
  else
    g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                         _("This incident does not play an exercise scenario; make one with “peil-cli exercise new”"));
  return FALSE;
}

/* A wall clock set back (a corrected system clock) stops the exercise's
 * time rather than turning it back. */
static gint64
time_at (const ClockRow *row,
         gint64          wall)
{
  if (!row->running)
    return row->anchor_time;
  return row->anchor_time + MAX (wall - row->anchor_wall, 0) * row->speed;
}

static gboolean
write_row (PeilExerciseClock  *self,
           const ClockRow     *row,
           const char         *action,
           GError            **error)
{
  PeilDatabase *db = self->incident->db;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = peil_database_statement (db, "UPDATE exercise_clock SET origin = ?, anchor_wall = ?, anchor_time = ?,"
                                            " running = ?, speed = ? WHERE id = 1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->origin);
  sqlite3_bind_int64 (stmt, 2, row->anchor_wall);
  sqlite3_bind_int64 (stmt, 3, row->anchor_time);
  sqlite3_bind_int (stmt, 4, row->running);
  sqlite3_bind_int (stmt, 5, row->speed);
  if (!peil_database_run (db, stmt, error))
    return FALSE;

  detail = g_strdup_printf ("{\"time\":%lld,\"speed\":%d,\"running\":%s}",
                            (long long)(row->anchor_time / G_USEC_PER_SEC), row->speed,
                            row->running ? "true" : "false");
  return peil_incident_log_event (self->incident, action, 0, NULL, detail, error);
}

static gboolean
check_speed (int      speed,
             GError **error)
{
  if (speed >= PEIL_EXERCISE_MIN_SPEED && speed <= PEIL_EXERCISE_MAX_SPEED)
    return TRUE;
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
               _("The speed must be a whole number from %d to %d, not %d"),
               PEIL_EXERCISE_MIN_SPEED, PEIL_EXERCISE_MAX_SPEED, speed);
  return FALSE;
}

/* Applies @change to the clock as it stands at @now; %FALSE with @error
 * set when the change makes no sense in that state. */
static gboolean
apply_change (ClockRow     *row,
              ClockChange   change,
              gint64        value,
              gint64        now,
              const char  **out_action,
              GError      **error)
{
  gint64 time = time_at (row, now);

  switch (change)
    {
    case CHANGE_START:
      if (row->origin != 0)
        {
          g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                               row->running ? _("The exercise is already running")
                                            : _("The exercise has already started; resume it"));
          return FALSE;
        }
      /* Time 0 lies as far back as the clock was set forward before. */
      row->origin = now - row->anchor_time;
      row->running = TRUE;
      *out_action = "exercise-start";
      break;

    case CHANGE_PAUSE:
      if (!row->running)
        {
          g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                               row->origin == 0 ? _("The exercise has not started yet")
                                                : _("The exercise is already paused"));
          return FALSE;
        }
      row->anchor_time = time;
      row->running = FALSE;
      *out_action = "exercise-pause";
      break;

    case CHANGE_RESUME:
      if (row->origin == 0 || row->running)
        {
          g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                               row->running ? _("The exercise is already running")
                                            : _("The exercise has not started yet; start it"));
          return FALSE;
        }
      row->running = TRUE;
      *out_action = "exercise-resume";
      break;

    case CHANGE_SPEED:
      if (!check_speed ((int)value, error))
        return FALSE;
      row->anchor_time = time;
      row->speed = (int)value;
      *out_action = "exercise-speed";
      break;

    case CHANGE_JUMP:
      if (value < 0)
        {
          g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                               _("An exercise time cannot lie before its start"));
          return FALSE;
        }
      row->anchor_time = value * G_USEC_PER_SEC;
      *out_action = "exercise-jump";
      break;
    }

  row->anchor_wall = now;
  return TRUE;
}

static gboolean
change_clock (PeilExerciseClock  *self,
              ClockChange         change,
              gint64              value,
              GError            **error)
{
  PeilDatabase *db = self->incident->db;
  const char *action = NULL;
  ClockRow row;

  if (!peil_database_begin (db, error))
    return FALSE;
  if (!read_row (self, &row, error) ||
      !apply_change (&row, change, value, peil_exercise_clock_get_wall_time (self), &action, error) ||
      !write_row (self, &row, action, error) ||
      !peil_database_commit (db, error))
    {
      peil_database_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_exercise_clock_start:
 *
 * Starts the exercise's time for the first time, at exercise time 0 (or
 * where a jump before the start put it).
 */
gboolean
peil_exercise_clock_start (PeilExerciseClock  *self,
                           GError            **error)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), FALSE);
  return change_clock (self, CHANGE_START, 0, error);
}

/**
 * peil_exercise_clock_pause:
 * @self: a #PeilExerciseClock
 * @error: return location for a #GError
 *
 * Stops the exercise's time where it is; no inject falls due until
 * peil_exercise_clock_resume(). The pause and its event-log line are
 * written in one transaction.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%PEIL_ERROR_EXERCISE
 *   when the exercise has not started or is paused already)
 */
gboolean
peil_exercise_clock_pause (PeilExerciseClock  *self,
                           GError            **error)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), FALSE);
  return change_clock (self, CHANGE_PAUSE, 0, error);
}

/**
 * peil_exercise_clock_resume:
 * @self: a #PeilExerciseClock
 * @error: return location for a #GError
 *
 * Lets a paused exercise's time run again from where it stood, at its
 * speed. The change and its event-log line are written in one transaction.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%PEIL_ERROR_EXERCISE
 *   when the exercise has not started or is running already)
 */
gboolean
peil_exercise_clock_resume (PeilExerciseClock  *self,
                            GError            **error)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), FALSE);
  return change_clock (self, CHANGE_RESUME, 0, error);
}

/**
 * peil_exercise_clock_set_speed:
 * @speed: exercise seconds per real second, from 1 to 10
 *
 * Sets how fast the exercise's clock runs against the wall clock, from now on.
 */
gboolean
peil_exercise_clock_set_speed (PeilExerciseClock  *self,
                               int                 speed,
                               GError            **error)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), FALSE);
  return change_clock (self, CHANGE_SPEED, speed, error);
}

/**
 * peil_exercise_clock_jump:
 * @seconds: the exercise time to go to, forward or back
 *
 * Injects released stay released when the clock goes back; going
 * forward, those passed over are released at the next gathering.
 */
gboolean
peil_exercise_clock_jump (PeilExerciseClock  *self,
                          gint64              seconds,
                          GError            **error)
{
  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), FALSE);
  return change_clock (self, CHANGE_JUMP, seconds, error);
}

/**
 * peil_exercise_clock_get_status:
 *
 * Reads the clock and the injects at one moment.
 */
gboolean
peil_exercise_clock_get_status (PeilExerciseClock   *self,
                                PeilExerciseStatus  *out_status,
                                GError             **error)
{
  PeilDatabase *db;
  sqlite3_stmt *stmt;
  ClockRow row;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), FALSE);
  g_return_val_if_fail (out_status != NULL, FALSE);

  db = self->incident->db;
  if (!peil_database_begin_read (db, error))
    return FALSE;
  if (!read_row (self, &row, error))
    goto out;

  *out_status = (PeilExerciseStatus) {
    .time = time_at (&row, peil_exercise_clock_get_wall_time (self)),
    .started = row.origin != 0,
    .running = row.running,
    .speed = row.speed,
    .origin = row.origin / G_USEC_PER_SEC,
    .next = -1,
  };

  if (!(stmt = peil_database_statement (db, "SELECT count(*), coalesce (sum (released), 0),"
                                            " coalesce (sum (NOT released AND at * 1000000 <= ?), 0),"
                                            " min (CASE WHEN NOT released THEN at END)"
                                            " FROM (SELECT at, " RELEASED ("i") " AS released FROM exercise_inject i)",
                                        error)))
    goto out;
  /* Nothing is due before the start, not even what lies at 0:00:00. */
  sqlite3_bind_int64 (stmt, 1, out_status->started ? out_status->time : -1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out_status->total = sqlite3_column_int (stmt, 0);
      out_status->released = sqlite3_column_int (stmt, 1);
      out_status->due = sqlite3_column_int (stmt, 2);
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        out_status->next = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      peil_database_set_error (db, error);
      goto out;
    }
  ok = TRUE;

out:
  peil_database_end_read (db);
  return ok;
}

/**
 * peil_exercise_status_get_next_in:
 *
 * Tells how long until the next inject is due, for a countdown; it reads
 * @status and does not look at the clock again.
 *
 * Returns: microseconds of exercise time until the first inject not yet
 *   released is due (0 when it is due), or -1 when all are released
 */
gint64
peil_exercise_status_get_next_in (const PeilExerciseStatus *status)
{
  g_return_val_if_fail (status != NULL, -1);

  if (status->next < 0)
    return -1;
  return MAX (status->next * G_USEC_PER_SEC - status->time, 0);
}

static PeilPost *
inject_post (const char *id,
             gint64      at,
             const char *channel,
             const char *author,
             const char *text,
             gint64      origin,
             gint64      now)
{
  PeilPost *post = peil_post_new (PEIL_EXERCISE_SOURCE, id);

  peil_post_set_channel (post, channel);
  peil_post_set_author_name (post, author);
  peil_post_set_text (post, text);
  peil_post_set_created_at (post, origin / G_USEC_PER_SEC + at);
  peil_post_set_fetched_at (post, now / G_USEC_PER_SEC);
  return post;
}

/**
 * peil_exercise_clock_get_due:
 * @out_wait: (out) (optional): real microseconds until the next inject
 *   after these is due, or -1 while the clock stands still or none is left
 *
 * The injects whose time the clock has passed that are not released
 * yet, in order, as the posts that release them: source "scenario",
 * remote id the inject's id, dated origin + offset, fetched now. The
 * scenario source hands them to its gather job, which stores them.
 *
 * Returns: (transfer container) (element-type PeilPost): the posts, none
 *   before the exercise has started
 */
GPtrArray *
peil_exercise_clock_get_due (PeilExerciseClock  *self,
                             gint64             *out_wait,
                             GError            **error)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  PeilDatabase *db;
  sqlite3_stmt *stmt;
  ClockRow row;
  gint64 now, time;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), NULL);

  if (out_wait != NULL)
    *out_wait = -1;
  db = self->incident->db;
  now = peil_exercise_clock_get_wall_time (self);
  if (!peil_database_begin_read (db, error))
    return NULL;
  if (!read_row (self, &row, error))
    {
      peil_database_end_read (db);
      return NULL;
    }
  if (row.origin != 0)
    {
      if (!(stmt = peil_database_statement (db, "SELECT id, at, channel, author, text FROM exercise_inject i"
                                                " WHERE at * 1000000 <= ? AND NOT " RELEASED ("i")
                                                " ORDER BY at, id", error)))
        {
          peil_database_end_read (db);
          return NULL;
        }
      time = time_at (&row, now);
      sqlite3_bind_int64 (stmt, 1, time);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (posts, inject_post ((const char *)sqlite3_column_text (stmt, 0),
                                             sqlite3_column_int64 (stmt, 1),
                                             (const char *)sqlite3_column_text (stmt, 2),
                                             (const char *)sqlite3_column_text (stmt, 3),
                                             (const char *)sqlite3_column_text (stmt, 4),
                                             row.origin, now));
      sqlite3_reset (stmt);

      if (rc == SQLITE_DONE && out_wait != NULL && row.running)
        {
          gint64 next = -1;

          if (!(stmt = peil_database_statement (db, "SELECT min (at) FROM exercise_inject i"
                                                    " WHERE at * 1000000 > ? AND NOT " RELEASED ("i"), error)))
            {
              peil_database_end_read (db);
              return NULL;
            }
          sqlite3_bind_int64 (stmt, 1, time);
          if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
                next = sqlite3_column_int64 (stmt, 0);
              rc = SQLITE_DONE;
            }
          sqlite3_reset (stmt);
          if (next >= 0)
            *out_wait = (next * G_USEC_PER_SEC - time + row.speed - 1) / row.speed;
        }
    }
  if (rc != SQLITE_DONE)
    peil_database_set_error (db, error);
  peil_database_end_read (db);
  return rc == SQLITE_DONE ? g_steal_pointer (&posts) : NULL;
}

/* Inside the caller's transaction: the query that runs the scenario
 * source, so that an unscripted inject counts with the scripted ones. */
static gboolean
scenario_query_id (PeilIncident  *incident,
                   gint64        *out_id,
                   GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db, "SELECT id FROM query WHERE source = '"
                                                              PEIL_EXERCISE_SOURCE "' ORDER BY id LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *out_id = 0;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return peil_database_set_error (incident->db, error);
  return TRUE;
}

/* Inside the caller's transaction: stores an unscripted inject under a
 * new id of the form U-1a2b3c4d. */
static char *
insert_unscripted (PeilIncident  *incident,
                   gint64         at,
                   const char    *channel,
                   const char    *author,
                   const char    *text,
                   GError       **error)
{
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *id = g_strdup_printf (PEIL_EXERCISE_UNSCRIPTED_PREFIX "%.8s", uuid);
      sqlite3_stmt *stmt;

      if (!(stmt = peil_database_statement (incident->db, "INSERT INTO exercise_inject (id, at, channel, author, text)"
                                                          " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", error)))
        return NULL;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, at);
      sqlite3_bind_text (stmt, 3, channel, -1, SQLITE_STATIC);
      if (author != NULL)
        sqlite3_bind_text (stmt, 4, author, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
      if (!peil_database_run (incident->db, stmt, error))
        return NULL;
      if (peil_database_changes (incident->db) == 1)
        return g_steal_pointer (&id);
    }
  g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_FAILED, _("No free id for the inject was found"));
  return NULL;
}

/**
 * peil_exercise_clock_add_inject:
 * @channel: one of the channels, as peil_channel_from_string() reads them
 * @author: (nullable): who it comes from
 * @text: what it says
 *
 * Adds an inject the scenario did not have, at the exercise time now,
 * and releases it at once: the trainer's answer to what the trainees do.
 *
 * Returns: (transfer full): its id, "U-" and eight hexadecimal digits
 */
char *
peil_exercise_clock_add_inject (PeilExerciseClock  *self,
                                const char         *channel,
                                const char         *author,
                                const char         *text,
                                GError            **error)
{
  g_autofree char *stripped_text = NULL;
  g_autofree char *stripped_author = NULL;
  g_autofree char *id = NULL;
  g_autoptr(PeilPost) post = NULL;
  const char *canonical;
  PeilDatabase *db;
  gint64 now, at, query_id;
  gboolean added = FALSE;
  ClockRow row;

  g_return_val_if_fail (PEIL_IS_EXERCISE_CLOCK (self), NULL);

  if (!(canonical = peil_channel_from_string (channel)))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not a channel; use x, facebook, instagram, tiktok, mastodon, news, phone, whatsapp, "
                     "webcare or crisis-team"), channel ? channel : "");
      return NULL;
    }
  stripped_text = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped_text == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("An inject needs a text"));
      return NULL;
    }
  stripped_author = g_strstrip (g_strdup (author ? author : ""));

  db = self->incident->db;
  now = peil_exercise_clock_get_wall_time (self);
  if (!peil_database_begin (db, error))
    return NULL;
  if (!read_row (self, &row, error))
    goto failed;
  if (row.origin == 0)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                           _("Start the exercise first: an unscripted inject is released at once"));
      goto failed;
    }

  at = time_at (&row, now) / G_USEC_PER_SEC;
  if (!(id = insert_unscripted (self->incident, at, canonical, *stripped_author ? stripped_author : NULL,
                                stripped_text, error)))
    goto failed;
  post = inject_post (id, at, canonical, *stripped_author ? stripped_author : NULL, stripped_text, row.origin, now);
  if (!scenario_query_id (self->incident, &query_id, error) ||
      !peil_incident_insert_post (self->incident, post, query_id, &added, error) ||
      !peil_incident_log_event (self->incident, "exercise-inject", peil_post_get_id (post), NULL, id, error) ||
      !peil_database_commit (db, error))
    goto failed;

  peil_incident_emit_posts_changed (self->incident);
  return g_steal_pointer (&id);

failed:
  peil_database_rollback (db);
  return NULL;
}

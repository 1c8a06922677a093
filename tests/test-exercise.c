/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE   /* memmem */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "peil-test-util.h"

/*
 * Playing an exercise: the exercise incident (injects without the gold),
 * its clock (on a wall clock of the test's own, so nothing sleeps), the
 * scenario source releasing injects as the clock passes them, unscripted
 * injects, the rules that keep injects and real posts apart, and
 * `peil-cli exercise`.
 */

/* 2026-11-25 13:00:00 UTC, in microseconds. */
#define T0 (G_GINT64_CONSTANT (1795611600) * G_USEC_PER_SEC)
#define SECONDS(n) ((gint64)(n) * G_USEC_PER_SEC)

/* Only the trainer's scenario holds these. */
#define TRAINER_NOTE    "Trainersnotitie-kijk-of-ze-de-GGD-bellen-7731"
#define EXPECTED_ACTION "Verwacht-persbericht-over-asbest-4410"
#define RUMOUR          "Gerucht-de-kraan-was-afgekeurd-9025"

static gint64 fake_now = T0;

static gint64
fake_clock (gpointer user_data)
{
  return __atomic_load_n (&fake_now, __ATOMIC_SEQ_CST);
}

static void
set_now (gint64 now)
{
  __atomic_store_n (&fake_now, now, __ATOMIC_SEQ_CST);
}

static void
advance (gint64 microseconds)
{
  set_now (fake_clock (NULL) + microseconds);
}

static PeilInject *
make_inject (const char *id,
             gint64      offset,
             const char *channel,
             const char *author,
             const char *text)
{
  PeilInject *inject = peil_inject_new (id, offset, channel, text);

  inject->author = g_strdup (author);
  return inject;
}

/* Four injects, with the trainer's gold on the first. */
static PeilScenario *
make_scenario (void)
{
  PeilScenario *scenario = peil_scenario_new ();
  PeilInject *inject = make_inject ("K-001", 0, "x", "@buurman_alphen", "Er is net een kraan omgevallen op de Hoofdstraat!");
  const char *gold[] = { "IB-WAT", "BG-ANGST", NULL };

  inject->gold_tags = g_strdupv ((char **)gold);
  inject->priority = 3;
  inject->rumour = g_strdup (RUMOUR);
  inject->deadline = 300;
  inject->expected_action = g_strdup (EXPECTED_ACTION);
  inject->trainer_note = g_strdup (TRAINER_NOTE);
  peil_scenario_add_inject (scenario, inject);
  peil_scenario_add_inject (scenario, make_inject ("K-002", 60, "telefoon", "Mevrouw Bakker", "Is de school morgen open?"));
  peil_scenario_add_inject (scenario, make_inject ("K-003", 120, "news", "Omroep West", "Kraan valt op woning in Alphen"));
  peil_scenario_add_inject (scenario, make_inject ("K-004", 600, "crisis team", NULL, "Persconferentie om 15:00"));
  return scenario;
}

static PeilIncident *
new_exercise (const char *name)
{
  g_autofree char *path = peil_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilScenario) scenario = make_scenario ();
  g_autoptr(GError) error = NULL;
  PeilIncident *incident;

  g_unlink (path);
  incident = peil_exercise_create (file, scenario, "Kraan Alphen (oefening)", NULL, &error);
  g_assert_no_error (error);
  peil_incident_set_analyst (incident, "Trainer Tineke");
  return incident;
}

static PeilExerciseStatus
status_of (PeilIncident *incident)
{
  g_autoptr(PeilExerciseClock) clock = peil_exercise_clock_new (incident);
  g_autoptr(GError) error = NULL;
  PeilExerciseStatus status;

  g_assert_true (peil_exercise_clock_get_status (clock, &status, &error));
  g_assert_no_error (error);
  return status;
}

static gint64
exercise_seconds (PeilIncident *incident)
{
  return status_of (incident).time / G_USEC_PER_SEC;
}

static GByteArray *
read_bytes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_byte_array_new ();
  return g_byte_array_new_take ((guint8 *)g_steal_pointer (&contents), length);
}

static gboolean
bytes_contain (GByteArray *bytes,
               const char *needle)
{
  return bytes->len > 0 && memmem (bytes->data, bytes->len, needle, strlen (needle)) != NULL;
}

static void
assert_last_event (PeilIncident *incident,
                   const char   *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->action, ==, action);
}

/* The exercise incident: marked, with its one scenario query, the
 * injects as the trainees may see them and not one byte of the gold. */
static void
test_create (void)
{
  g_autofree char *path = peil_test_tmp_path ("oefening.peil");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilScenario) scenario = make_scenario ();
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) error = NULL;
  PeilIncident *incident = new_exercise ("oefening.peil");
  PeilExerciseStatus status;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  GString *columns = g_string_new (NULL);
  g_autofree char *title = peil_incident_get_metadata (incident, PEIL_META_TITLE);

  g_assert_true (peil_incident_is_exercise (incident));
  g_assert_cmpstr (title, ==, "Kraan Alphen (oefening)");
  queries = peil_incident_list_queries (incident, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queries->len, ==, 1);
  g_assert_cmpstr (peil_query_get_source (g_ptr_array_index (queries, 0)), ==, "scenario");

  status = status_of (incident);
  g_assert_false (status.started);
  g_assert_false (status.running);
  g_assert_cmpint (status.time, ==, 0);
  g_assert_cmpint (status.speed, ==, 1);
  g_assert_cmpuint (status.total, ==, 4);
  g_assert_cmpuint (status.released, ==, 0);
  g_assert_cmpint (status.next, ==, 0);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 0);
  g_assert_finalize_object (incident);

  /* The whole file, log and all, holds none of the trainer's words. */
  bytes = read_bytes (path);
  g_assert_cmpuint (bytes->len, >, 0);
  g_assert_true (bytes_contain (bytes, "Er is net een kraan omgevallen"));
  g_assert_false (bytes_contain (bytes, TRAINER_NOTE));
  g_assert_false (bytes_contain (bytes, EXPECTED_ACTION));
  g_assert_false (bytes_contain (bytes, RUMOUR));
  g_clear_pointer (&bytes, g_byte_array_unref);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    bytes = read_bytes (wal);
    g_assert_false (bytes_contain (bytes, TRAINER_NOTE));
    g_assert_false (bytes_contain (bytes, EXPECTED_ACTION));
  }

  /* The injects' table has exactly the five columns trainees may see. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info ('exercise_inject') ORDER BY cid", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (columns, "%s ", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpstr (columns->str, ==, "id at channel author text ");
  g_string_free (columns, TRUE);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, at, channel, coalesce (author, '-') FROM exercise_inject ORDER BY at", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "K-001");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 60);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, "phone");   /* "telefoon" read as the channel */
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, "crisis-team");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 3), ==, "-");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Not over an existing file. */
  g_assert_null (peil_exercise_create (file, scenario, NULL, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS);
  g_clear_error (&error);
}

/* A scenario made in code with a fault: refused with where it is, and no
 * file left behind. */
static void
test_create_refused (void)
{
  g_autofree char *path = peil_test_tmp_path ("fout.peil");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilScenario) empty = peil_scenario_new ();
  g_autoptr(PeilScenario) scenario = make_scenario ();
  g_autoptr(PeilScenario) unscripted = peil_scenario_new ();
  g_autoptr(GError) error = NULL;
  PeilInject *bad = make_inject ("K-099", 30, "postduif", NULL, "Koerier met nieuws");

  g_unlink (path);
  bad->line = 7;
  peil_scenario_add_inject (scenario, bad);
  g_assert_null (peil_exercise_create (file, scenario, NULL, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Line 7: "));
  g_assert_nonnull (strstr (error->message, "channel"));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_null (peil_exercise_create (file, empty, NULL, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  peil_scenario_add_inject (unscripted, make_inject ("U-1", 0, "x", NULL, "Een id van een ongeschreven inject"));
  g_assert_null (peil_exercise_create (file, unscripted, NULL, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Exercise time = anchor + (wall − anchor wall) × speed while running,
 * worked through by hand; each change in the log; the clock goes on from
 * the file after the process that set it is gone. */
static void
test_clock (void)
{
  PeilIncident *incident = new_exercise ("klok.peil");
  g_autoptr(PeilExerciseClock) clock = NULL;
  g_autoptr(GError) error = NULL;
  PeilExerciseStatus status;

  set_now (T0);
  clock = peil_exercise_clock_new (incident);
  g_assert_cmpint (peil_exercise_clock_get_wall_time (clock), ==, T0);

  /* Not started: no pause, no resume. */
  g_assert_false (peil_exercise_clock_pause (clock, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);
  g_assert_false (peil_exercise_clock_resume (clock, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);
  advance (SECONDS (1000));
  g_assert_cmpint (exercise_seconds (incident), ==, 0);

  /* 13:16:40 start; a minute at ×1 is a minute. */
  g_assert_true (peil_exercise_clock_start (clock, &error));
  g_assert_no_error (error);
  assert_last_event (incident, "exercise-start");
  advance (SECONDS (60));
  status = status_of (incident);
  g_assert_true (status.started);
  g_assert_true (status.running);
  g_assert_cmpint (status.time, ==, SECONDS (60));
  g_assert_cmpint (status.origin, ==, (T0 + SECONDS (1000)) / G_USEC_PER_SEC);
  g_assert_false (peil_exercise_clock_start (clock, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);

  /* ×10 from 60 s: 30 real seconds later, 60 + 300 = 360. */
  g_assert_true (peil_exercise_clock_set_speed (clock, 10, &error));
  assert_last_event (incident, "exercise-speed");
  advance (SECONDS (30));
  g_assert_cmpint (exercise_seconds (incident), ==, 360);
  g_assert_cmpint (status_of (incident).speed, ==, 10);

  /* Speeds outside 1..10 are refused and change nothing. */
  g_assert_false (peil_exercise_clock_set_speed (clock, 11, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "from 1 to 10"));
  g_clear_error (&error);
  g_assert_false (peil_exercise_clock_set_speed (clock, 0, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (status_of (incident).speed, ==, 10);
  g_assert_cmpint (exercise_seconds (incident), ==, 360);

  /* Paused, the time stands; resumed, it goes on from there at ×10. */
  g_assert_true (peil_exercise_clock_pause (clock, &error));
  assert_last_event (incident, "exercise-pause");
  advance (SECONDS (100));
  status = status_of (incident);
  g_assert_false (status.running);
  g_assert_cmpint (status.time, ==, SECONDS (360));
  g_assert_false (peil_exercise_clock_pause (clock, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);
  g_assert_true (peil_exercise_clock_resume (clock, &error));
  assert_last_event (incident, "exercise-resume");
  advance (SECONDS (4));
  g_assert_cmpint (exercise_seconds (incident), ==, 400);

  /* A jump forward, and back: the time goes on from where it was put. */
  g_assert_true (peil_exercise_clock_jump (clock, 5400, &error));
  assert_last_event (incident, "exercise-jump");
  advance (SECONDS (1));
  g_assert_cmpint (exercise_seconds (incident), ==, 5410);
  g_assert_true (peil_exercise_clock_jump (clock, 600, &error));
  g_assert_cmpint (exercise_seconds (incident), ==, 600);
  g_assert_false (peil_exercise_clock_jump (clock, -1, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  advance (G_USEC_PER_SEC / 2);   /* half a second at ×10: five */
  g_assert_cmpint (exercise_seconds (incident), ==, 605);

  /* The process ends mid-exercise; one started later reads on from the
   * file: 20 real seconds later, 605 + 200. */
  g_clear_object (&clock);
  incident = peil_test_reopen (incident);
  advance (SECONDS (20));
  status = status_of (incident);
  g_assert_true (status.running);
  g_assert_cmpint (status.speed, ==, 10);
  g_assert_cmpint (status.time, ==, SECONDS (805));
  g_assert_cmpint (status.origin, ==, (T0 + SECONDS (1000)) / G_USEC_PER_SEC);

  /* Paused in one process, paused in the next. */
  clock = peil_exercise_clock_new (incident);
  g_assert_true (peil_exercise_clock_pause (clock, &error));
  g_clear_object (&clock);
  incident = peil_test_reopen (incident);
  advance (SECONDS (3600));
  g_assert_cmpint (exercise_seconds (incident), ==, 805);
  g_assert_false (status_of (incident).running);
  g_assert_finalize_object (incident);
}

/* Not an exercise: the clock has nothing to say, but says so. */
static void
test_clock_not_exercise (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("geen-oefening.peil");
  g_autoptr(PeilExerciseClock) clock = peil_exercise_clock_new (incident);
  g_autoptr(GError) error = NULL;
  PeilExerciseStatus status;

  g_assert_false (peil_exercise_clock_get_status (clock, &status, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);
  g_assert_false (peil_exercise_clock_start (clock, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
}

static guint64
gather (PeilIncident     *incident,
        PeilPluginEngine *engine)
{
  g_autoptr(GPtrArray) queries = peil_incident_list_queries (incident, NULL);
  PeilSource *source = peil_plugin_engine_find_source (engine, "scenario");
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (source);
  g_assert_cmpuint (queries->len, ==, 1);
  job = peil_gather_job_new_for_query (incident, source, g_ptr_array_index (queries, 0));
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_duplicates (job), ==, 0);
  return peil_gather_job_get_n_added (job);
}

static guint
count_events (PeilIncident *incident,
              const char   *action)
{
  g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 0, NULL);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += g_str_equal (((PeilEvent *)g_ptr_array_index (events, i))->action, action);
  return n;
}

/* The scenario source releases each inject once, when the clock has
 * passed its time and not a second before, as a post dated on the
 * exercise's day. */
static void
test_release (void)
{
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  PeilIncident *incident = new_exercise ("vrijgeven.peil");
  g_autoptr(PeilExerciseClock) clock = peil_exercise_clock_new (incident);
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 origin = T0 / G_USEC_PER_SEC;
  PeilExerciseStatus status;

  /* Before the start nothing is released, even what lies at 0:00:00. */
  set_now (T0 - SECONDS (5));
  g_assert_cmpuint (gather (incident, engine), ==, 0);

  set_now (T0);
  g_assert_true (peil_exercise_clock_start (clock, &error));
  g_assert_cmpuint (gather (incident, engine), ==, 1);
  post = peil_test_find_post (incident, "K-001");
  g_assert_cmpstr (peil_post_get_source (post), ==, "scenario");
  g_assert_cmpstr (peil_post_get_channel (post), ==, "x");
  g_assert_cmpstr (peil_post_get_author_name (post), ==, "@buurman_alphen");
  g_assert_cmpint (peil_post_get_created_at (post), ==, origin);
  g_assert_cmpint (peil_post_get_fetched_at (post), ==, origin);
  g_clear_object (&post);

  /* K-002 at 0:01:00: not at 59 s, at 60 s, and then not again. */
  advance (SECONDS (59));
  g_assert_cmpuint (gather (incident, engine), ==, 0);
  advance (SECONDS (1));
  g_assert_cmpuint (gather (incident, engine), ==, 1);
  g_assert_cmpuint (gather (incident, engine), ==, 0);
  post = peil_test_find_post (incident, "K-002");
  g_assert_cmpstr (peil_post_get_channel (post), ==, "phone");
  g_assert_cmpint (peil_post_get_created_at (post), ==, origin + 60);
  g_assert_cmpint (peil_post_get_fetched_at (post), ==, origin + 60);
  g_clear_object (&post);

  /* At ×10, K-003 (0:02:00) is due 6 real seconds later; the source asks
   * to run again then. */
  g_assert_true (peil_exercise_clock_set_speed (clock, 10, &error));
  queries = peil_incident_list_queries (incident, NULL);
  query = g_object_ref (g_ptr_array_index (queries, 0));
  g_assert_cmpuint (gather (incident, engine), ==, 0);
  g_clear_pointer (&queries, g_ptr_array_unref);
  g_clear_object (&query);
  queries = peil_incident_list_queries (incident, NULL);
  query = g_object_ref (g_ptr_array_index (queries, 0));
  {
    gint64 real_now = g_get_real_time () / G_USEC_PER_SEC;
    gint64 next_run = peil_query_get_next_run (query);

    g_assert_cmpint (next_run, >=, real_now + 5);
    g_assert_cmpint (next_run, <=, real_now + 7);
  }
  advance (SECONDS (5));
  g_assert_cmpuint (gather (incident, engine), ==, 0);   /* 0:01:50 */
  advance (SECONDS (1));
  g_assert_cmpuint (gather (incident, engine), ==, 1);   /* 0:02:00 */
  post = peil_test_find_post (incident, "K-003");
  /* Dated by the scenario's time, not by when the clock got there. */
  g_assert_cmpint (peil_post_get_created_at (post), ==, origin + 120);
  g_assert_cmpint (peil_post_get_fetched_at (post), ==, origin + 66);
  g_clear_object (&post);

  /* A jump past the end releases the rest at once; a jump back releases
   * nothing again. */
  g_assert_true (peil_exercise_clock_jump (clock, 3600, &error));
  g_assert_cmpuint (gather (incident, engine), ==, 1);
  post = peil_test_find_post (incident, "K-004");
  g_assert_cmpstr (peil_post_get_channel (post), ==, "crisis-team");
  g_assert_null (peil_post_get_author_name (post));
  g_assert_cmpint (peil_post_get_created_at (post), ==, origin + 600);
  g_clear_object (&post);
  g_assert_true (peil_exercise_clock_jump (clock, 0, &error));
  g_assert_cmpuint (gather (incident, engine), ==, 0);

  status = status_of (incident);
  g_assert_cmpuint (status.released, ==, 4);
  g_assert_cmpuint (status.total, ==, 4);
  g_assert_cmpint (status.next, ==, -1);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 4);
  /* Each release in the log, with its post. */
  g_assert_cmpuint (count_events (incident, "exercise-release"), ==, 4);

  /* The posts count under the channels they play, found by the query. */
  {
    g_autoptr(PeilCounts) counts = peil_incident_count (incident, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (counts->sources->len, ==, 4);
    g_assert_cmpuint (counts->queries->len, ==, 1);
    g_assert_cmpint (((PeilCount *)g_ptr_array_index (counts->queries, 0))->count, ==, 4);
  }

  g_clear_object (&clock);
  g_clear_pointer (&queries, g_ptr_array_unref);
  g_clear_object (&query);
  g_assert_finalize_object (incident);
}

/* An unscripted inject is released at once, at the exercise time now,
 * under an id no scenario uses. */
/* At ×10 or after a jump the injects are dated ahead of the wall clock,
 * as the exercise's day runs ahead; a round open now ends at the
 * exercise's now, so it counts every inject released. */
static void
test_round_on_exercise_clock (void)
{
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  PeilIncident *incident = new_exercise ("ronde-oefening.peil");
  g_autoptr(PeilExerciseClock) clock = peil_exercise_clock_new (incident);
  g_autoptr(PeilPost) last = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GError) error = NULL;

  set_now (g_get_real_time ());
  g_assert_true (peil_exercise_clock_start (clock, &error));
  g_assert_true (peil_exercise_clock_jump (clock, 600, &error));
  g_assert_cmpuint (gather (incident, engine), ==, 4);
  last = peil_test_find_post (incident, "K-004");
  g_assert_cmpint (peil_post_get_created_at (last), >, g_get_real_time () / G_USEC_PER_SEC + 500);

  round = peil_incident_add_round (incident, "Ronde 1", 0, 0, &error);
  g_assert_no_error (error);
  rounds = peil_incident_list_rounds (incident, &error);
  g_assert_cmpuint (rounds->len, ==, 1);
  g_assert_cmpint (peil_round_get_period_end (g_ptr_array_index (rounds, 0)), >=, peil_post_get_created_at (last));
  g_object_unref (incident);
}

static void
test_unscripted (void)
{
  PeilIncident *incident = new_exercise ("ongescript.peil");
  g_autoptr(PeilExerciseClock) clock = peil_exercise_clock_new (incident);
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  PeilExerciseStatus status;

  set_now (T0);
  g_assert_null (peil_exercise_clock_add_inject (clock, "phone", NULL, "Wethouder belt", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);

  g_assert_true (peil_exercise_clock_start (clock, &error));
  g_assert_true (peil_exercise_clock_set_speed (clock, 2, &error));
  advance (SECONDS (150));   /* 0:05:00 */
  id = peil_exercise_clock_add_inject (clock, "Telefoon", " Wethouder Jansen ", "Waarom staat er nog niets op de site?", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "U-"));
  g_assert_cmpuint (strlen (id), ==, 10);
  assert_last_event (incident, "exercise-inject");
  g_assert_cmpuint (count_events (incident, "exercise-release"), ==, 1);

  post = peil_test_find_post (incident, id);
  g_assert_nonnull (post);
  g_assert_cmpstr (peil_post_get_source (post), ==, "scenario");
  g_assert_cmpstr (peil_post_get_channel (post), ==, "phone");
  g_assert_cmpstr (peil_post_get_author_name (post), ==, "Wethouder Jansen");
  g_assert_cmpint (peil_post_get_created_at (post), ==, T0 / G_USEC_PER_SEC + 300);

  status = status_of (incident);
  g_assert_cmpuint (status.total, ==, 5);
  g_assert_cmpuint (status.released, ==, 1);

  again = peil_exercise_clock_add_inject (clock, "x", NULL, "Nog een", &error);
  g_assert_cmpstr (again, !=, id);

  g_assert_null (peil_exercise_clock_add_inject (clock, "postduif", NULL, "Koerier", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (peil_exercise_clock_add_inject (clock, "x", NULL, "   ", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (status_of (incident).total, ==, 6);

  g_clear_object (&clock);
  g_assert_finalize_object (incident);
}

/* Injects and real posts never mix: an exercise takes no live query and
 * stays an exercise; an incident that is not one takes no inject. */
static void
test_rules (void)
{
  g_autoptr(PeilIncident) exercise = new_exercise ("regels-oefening.peil");
  g_autoptr(PeilIncident) real = peil_test_new_incident ("regels-echt.peil");
  g_autoptr(PeilPost) inject = peil_post_new ("scenario", "K-001");
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ndjson = NULL;

  g_assert_null (peil_incident_add_query (exercise, "rss", "kraan", NULL, 300, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_assert_nonnull (strstr (error->message, "exercise"));
  g_clear_error (&error);
  g_assert_false (peil_incident_set_metadata (exercise, PEIL_META_EXERCISE, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);
  g_assert_true (peil_incident_is_exercise (exercise));

  g_assert_null (peil_incident_add_query (real, "scenario", "", NULL, 10, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);
  peil_post_set_text (inject, "Er is net een kraan omgevallen");
  g_assert_false (peil_incident_add_post (real, inject, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);
  g_assert_cmpint (peil_incident_count_posts (real), ==, 0);

  /* A file that claims to hold injects: that line is refused, the rest read. */
  {
    g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
    g_autoptr(GFile) file = NULL;
    g_autoptr(PeilGatherJob) job = NULL;
    PeilRejection *rejection;

    ndjson = peil_test_write_file ("injects.ndjson",
                                   "{\"peil\":1,\"source\":\"x\",\"id\":\"1\",\"text\":\"Echt bericht\"}\n"
                                   "{\"peil\":1,\"source\":\"scenario\",\"id\":\"K-001\",\"text\":\"Nep\"}\n");
    file = g_file_new_for_path (ndjson);
    job = peil_gather_job_new (real, peil_plugin_engine_find_source (engine, "ndjson"), file);
    g_assert_true (peil_gather_job_run (job, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);
    g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, 1);
    rejection = g_ptr_array_index (peil_gather_job_get_rejections (job), 0);
    g_assert_cmpuint (rejection->line, ==, 2);
  }

  /* With a live query, an incident cannot become an exercise. */
  query = peil_incident_add_query (real, "rss", "kraan", NULL, 300, &error);
  g_assert_no_error (error);
  g_assert_false (peil_incident_set_metadata (real, PEIL_META_EXERCISE, "true", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_clear_error (&error);
  g_assert_false (peil_incident_is_exercise (real));
}

static char *
exercise_file (const char *name)
{
  PeilIncident *incident = new_exercise (name);
  char *path = g_file_get_path (peil_incident_get_file (incident));

  g_assert_finalize_object (incident);
  return path;
}

static JsonObject *
status_json (const char *path,
             JsonParser *parser)
{
  g_auto(PeilTestRun) run = peil_test_cli ("exercise", "status", path, "--json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* peil-cli exercise: exit 0 done, 1 refused, 2 a wrong command. The
 * process runs on the real clock. */
static void
test_cli (void)
{
  g_autofree char *path = exercise_file ("cli-oefening.peil");
  g_autoptr(PeilIncident) real = peil_test_new_incident ("cli-echt.peil");
  g_autofree char *real_path = g_file_get_path (peil_incident_get_file (real));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *status;

  status = status_json (path, parser);
  g_assert_false (json_object_get_boolean_member (status, "started"));
  g_assert_cmpint (json_object_get_int_member (status, "total"), ==, 4);
  g_assert_true (json_object_get_null_member (status, "origin"));
  g_assert_cmpint (json_object_get_int_member (status, "next_in"), ==, 0);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "pause", path, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "has not started"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "start", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "running at ×1"));
    g_assert_nonnull (strstr (run.out, "Released 0 of 4 injects"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "start", path, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "already running"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "speed", path, "11", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "The speed must be a whole number from 1 to 10, not 11"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "speed", path, "snel", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "jump", path, "1:75", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "H:MM:SS"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "jump", path, "0:01:30", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Exercise time 0:01:3"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "pause", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "paused"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "speed", path, "10", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "paused · ×10"));
  }

  /* Gathering releases what is due: K-001 and K-002, not K-003 (0:02:00). */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("gather", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "query 1 (scenario): 2 added"));
  }
  status = status_json (path, parser);
  g_assert_true (json_object_get_boolean_member (status, "started"));
  g_assert_false (json_object_get_boolean_member (status, "running"));
  g_assert_cmpint (json_object_get_int_member (status, "speed"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (status, "released"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (status, "time"), >=, 90);
  g_assert_cmpint (json_object_get_int_member (status, "time"), <, 120);
  g_assert_cmpint (json_object_get_int_member (status, "next_in"), ==, 120 - json_object_get_int_member (status, "time"));

  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "inject", path, "--channel", "phone",
                                             "--text", "De burgemeester wil een update", "--author", "Kabinet", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Released the unscripted inject U-"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "inject", path, "--channel", "duif", "--text", "x", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "is not a channel"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "inject", path, "--text", "x", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "burgemeester", "--count", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("query", "add", path, "rss", "kraan", "--set", "url=http://127.0.0.1:1/x.xml", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "exercise"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "status", real_path, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "does not play an exercise scenario"));
  }
  /* From a scenario file: made; with problems, each listed with its line
   * and nothing made. */
  {
    g_autofree char *csv = peil_test_write_file ("scenario.csv",
                                                 "id,tijd,kanaal,auteur,tekst,tags,notitie trainer\n"
                                                 "K1,+0:00,x,@buur,Kraan om!,IB-WAT,\"" TRAINER_NOTE "\"\n"
                                                 "K2,0:05:00,telefoon,Mevrouw Bakker,Is de school open?,-,\n");
    g_autofree char *made = peil_test_tmp_path ("uit-bestand.peil");
    g_autoptr(GByteArray) bytes = NULL;

    g_unlink (made);
    {
      g_auto(PeilTestRun) run = peil_test_cli ("exercise", "new", made, "--scenario", csv, "--title", "Uit een bestand", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "with 2 injects"));
    }
    status = status_json (made, parser);
    g_assert_cmpint (json_object_get_int_member (status, "total"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (status, "due"), ==, 0);
    bytes = read_bytes (made);
    g_assert_true (bytes_contain (bytes, "Is de school open?"));
    g_assert_false (bytes_contain (bytes, TRAINER_NOTE));
  }
  {
    g_autofree char *csv = peil_test_write_file ("fout.csv",
                                                 "id,tijd,kanaal,tekst\n"
                                                 "K1,+0:00,x,Goed\n"
                                                 "K2,straks,duif,Fout\n");
    g_autofree char *made = peil_test_tmp_path ("fout-bestand.peil");
    g_auto(PeilTestRun) run = (g_unlink (made), peil_test_cli ("exercise", "new", made, "--scenario", csv, NULL));

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "fout.csv:3: "));
    g_assert_nonnull (strstr (run.err, "duif"));
    g_assert_false (g_file_test (made, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "new", path, "--scenario", "ergens.csv", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "already exists"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "new", "nieuw.peil", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--scenario"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "frobnicate", path, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", path, "--limit", "1", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "exercise-inject"));
  }
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);
  peil_exercise_clock_set_default_wall_clock (fake_clock, NULL);

  g_test_add_func ("/exercise/create", test_create);
  g_test_add_func ("/exercise/create-refused", test_create_refused);
  g_test_add_func ("/exercise/clock", test_clock);
  g_test_add_func ("/exercise/clock-not-exercise", test_clock_not_exercise);
  g_test_add_func ("/exercise/release", test_release);
  g_test_add_func ("/exercise/round-on-exercise-clock", test_round_on_exercise_clock);
  g_test_add_func ("/exercise/unscripted", test_unscripted);
  g_test_add_func ("/exercise/rules", test_rules);
  g_test_add_func ("/exercise/cli", test_cli);

  return g_test_run ();
}

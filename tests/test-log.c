/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The processing log cannot be changed unseen: each event is linked by
 * a hash to the one before it, so that an event edited, removed or added
 * outside Peil (with the file's append-only triggers dropped) is found
 * by `peil-cli log verify`.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "peil-test-util.h"

/* What someone with the sqlite3 shell could do to the file. */
static void
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db = NULL;
  g_autofree char *all = g_strconcat ("DROP TRIGGER IF EXISTS event_log_no_update;"
                                      "DROP TRIGGER IF EXISTS event_log_no_delete;"
                                      "DROP TRIGGER IF EXISTS event_log_chain_no_delete;"
                                      "DROP TRIGGER IF EXISTS event_log_chained;"
                                      "DROP TRIGGER IF EXISTS event_log_unchained;", sql, NULL);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, all, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* An incident with a few events of each kind: its creation, two posts,
 * a tag and its removal, an off-topic mark. */
static char *
make_incident (const char *name)
{
  g_autofree char *path = peil_test_tmp_path (name);
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident (name);
  g_autoptr(GError) error = NULL;
  gint64 first = peil_test_add_post (incident, "x", "1", "2026-11-27T10:00:00Z", "@a", "Kraan omgevallen");
  gint64 second = peil_test_add_post (incident, "x", "2", "2026-11-27T10:01:00Z", "@b", "Is het stof giftig?");

  g_assert_true (peil_incident_tag_post (incident, first, "IB-WAT", &error));
  g_assert_true (peil_incident_untag_post (incident, first, "IB-WAT", &error));
  g_assert_true (peil_incident_mark_off_topic (incident, second, TRUE, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static gint64
count_events (const char *path)
{
  peil_test_autofinal (PeilIncident) incident = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  events = peil_incident_list_events (incident, 0, &error);
  g_assert_no_error (error);
  return events->len;
}

/* Verifies @path; the error's message, or NULL when the chain holds
 * (and then *@check, if given, what it found). */
static char *
verify (const char    *path,
        PeilLogCheck **check)
{
  peil_test_autofinal (PeilIncident) incident = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PeilLogCheck *found;

  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  if ((found = peil_incident_verify_log (incident, 0, NULL, &error)) != NULL)
    {
      if (check != NULL)
        *check = found;
      else
        peil_log_check_free (found);
      return NULL;
    }
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT);
  return g_strdup (error->message);
}

static void
test_intact (void)
{
  g_autofree char *path = make_incident ("log-intact.peil");
  g_autoptr(PeilLogCheck) check = NULL;
  g_autofree char *problem = NULL;

  problem = verify (path, &check);
  g_assert_null (problem);
  g_assert_cmpint (check->n_events, ==, count_events (path));
  g_assert_cmpint (check->n_events, >=, 5);
  g_assert_cmpint (check->head_event, ==, check->n_events);
  g_assert_cmpint (check->chained_from, ==, 0);   /* chained from its first event */
  g_assert_cmpuint (strlen (check->head), ==, 64);
  g_assert_cmpuint (strspn (check->head, "0123456789abcdef"), ==, 64);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, NULL);
    g_autofree char *said = g_strdup_printf ("The log is intact: %" G_GINT64_FORMAT " events", check->n_events);
    g_autofree char *head = g_strdup_printf ("Last link: %" G_GINT64_FORMAT ":%s", check->head_event, check->head);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, said));
    g_assert_nonnull (strstr (run.out, head));
    g_assert_null (strstr (run.out, "were chained as they stood"));
  }
  /* The plain log still works beside it. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", path, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "off-topic"));
  }
}

/* A new event moves the head, and the chain holds across reopening. */
static void
test_head_moves (void)
{
  g_autofree char *path = make_incident ("log-head.peil");
  g_autoptr(PeilLogCheck) before = NULL;
  g_autoptr(PeilLogCheck) after = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *written_down = NULL;

  g_assert_null (verify (path, &before));
  written_down = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", before->head_event, before->head);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("tag", path, "1", "IB-DOEN", NULL);

    g_assert_cmpint (run.status, ==, 0);
  }
  problem = verify (path, &after);
  g_assert_null (problem);
  g_assert_cmpint (after->n_events, ==, before->n_events + 1);
  g_assert_cmpstr (before->head, !=, after->head);

  /* The link written down still checks out after later events. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, "--head", written_down, NULL);

    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, "--head", "3:abc", NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "N:LINK"));
  }
}

/* Removing the newest events leaves the chain whole; the link written
 * down before shows it. So does a log rewritten from an event on with
 * links of its own making (who can compute SHA-256 can). */
static void
test_head_written_down (void)
{
  g_autofree char *path = make_incident ("log-head-down.peil");
  g_autoptr(PeilLogCheck) before = NULL;
  g_autofree char *written_down = NULL;
  g_autofree char *sql = NULL;

  g_assert_null (verify (path, &before));
  written_down = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", before->head_event, before->head);
  tamper (path, sql = g_strdup_printf ("DELETE FROM event_log WHERE id = %" G_GINT64_FORMAT ";"
                                 "DELETE FROM event_log_chain WHERE id = %" G_GINT64_FORMAT ";",
                                 before->head_event, before->head_event));
  g_assert_null (verify (path, NULL));
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, "--head", written_down, NULL);
    g_autofree char *said = g_strdup_printf ("event %" G_GINT64_FORMAT ", whose link was written down, is no longer in it",
                                             before->head_event);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, said));
  }
}

static void
assert_broken (const char *name,
               const char *sql,
               const char *expected)
{
  g_autofree char *path = make_incident (name);
  g_autofree char *problem = NULL;

  tamper (path, sql);
  problem = verify (path, NULL);
  g_assert_cmpstr (problem, ==, expected);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, expected));
  }
}

/* An event's analyst, tag or detail changed in place. */
static void
test_edited (void)
{
  assert_broken ("log-edited.peil", "UPDATE event_log SET tag = 'IB-DOEN' WHERE action = 'tag';",
                 "The log was changed outside Peil: event 6 was edited, or an event before it was removed");
  assert_broken ("log-edited-analyst.peil", "UPDATE event_log SET analyst = 'iemand anders' WHERE id = 3;",
                 "The log was changed outside Peil: event 3 was edited, or an event before it was removed");
}

/* An event taken out, with its link or without: its number is missing. */
static void
test_removed (void)
{
  assert_broken ("log-removed.peil",
                 "DELETE FROM event_log WHERE action = 'untag'; DELETE FROM event_log_chain WHERE id = 7;",
                 "The log was changed outside Peil: event 7 was removed");
  assert_broken ("log-removed-event.peil", "DELETE FROM event_log WHERE id = 6;",
                 "The log was changed outside Peil: event 6 was removed");
  /* The newest events' ids follow on again: the gap shows. */
  assert_broken ("log-removed-renumbered.peil",
                 "DELETE FROM event_log WHERE id = 6; DELETE FROM event_log_chain WHERE id = 6;"
                 "DROP TRIGGER event_log_chain_no_update;"
                 "UPDATE event_log_chain SET id = id + 10 WHERE id > 6; UPDATE event_log SET id = id + 10 WHERE id > 6;",
                 "The log was changed outside Peil: event 6 was removed");
  assert_broken ("log-link-removed.peil", "DELETE FROM event_log_chain WHERE id = 6;",
                 "The log was changed outside Peil: event 6 has no link: it was written without Peil, or its link was removed");
}

/* The file set back to schema 8 without its chain, after a change to
 * the log: Peil chains it again when it opens the file, but the log then
 * says that its events up to now were only chained now. */
static void
test_chained_again (void)
{
  g_autofree char *path = make_incident ("log-downgraded.peil");
  g_autoptr(PeilLogCheck) check = NULL;

  tamper (path, "UPDATE event_log SET analyst = 'iemand anders' WHERE id = 5;"
                "DROP TRIGGER event_log_chain_no_update; DROP TABLE event_log_chain;"
                /* and what schemas 9 and 10 added after the chain */
                "DROP TABLE message_rumour; DROP TABLE message_tag; DROP TABLE message;"
                "ALTER TABLE rumour DROP COLUMN response_message_id; ALTER TABLE query DROP COLUMN channel;"
                "PRAGMA user_version = 8;");
  g_assert_null (verify (path, &check));
  g_assert_cmpint (check->chained_from, ==, check->n_events);
  g_assert_cmpint (check->chained_at, >, 0);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, NULL);
    g_autofree char *said = g_strdup_printf ("Its events up to %" G_GINT64_FORMAT " were chained as they stood on",
                                             check->chained_from - 1);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, said));
  }
}

/* An event written with the shell, whose link Peil did not make. */
static void
test_added (void)
{
  assert_broken ("log-added.peil",
                 "INSERT INTO event_log (time, analyst, action, post_id, tag) VALUES (1795000000, 'x', 'tag', 1, 'IB-DOEN');",
                 "The log was changed outside Peil: event 9 has no link: it was written without Peil, or its link was removed");
}

/* The newest event removed, its link left: Peil refuses to write on
 * (its next event would take the removed one's number) and says why. */
static void
test_write_refused (void)
{
  g_autofree char *path = make_incident ("log-refused.peil");
  g_autofree char *problem = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER event_log_no_delete; DELETE FROM event_log WHERE id = 8;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("tag", path, "1", "IB-DOEN", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "the event log was changed outside Peil (an event was removed)"));
  }
  problem = verify (path, NULL);
  g_assert_cmpstr (problem, ==, "The log was changed outside Peil: event 8 was removed");
}

/* Without dropping the triggers, the shell cannot add an event at all:
 * it has no peil_log_link(). */
static void
test_shell_cannot_append (void)
{
  g_autofree char *path = make_incident ("log-shell.peil");
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO event_log (time, action) VALUES (1, 'tag')", NULL, NULL, NULL), ==, SQLITE_ERROR);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "peil_log_link"));
  sqlite3_close (db);
  g_assert_null (verify (path, NULL));
}

int
main (int   argc,
      char *argv[])
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/log/intact", test_intact);
  g_test_add_func ("/log/head-moves", test_head_moves);
  g_test_add_func ("/log/head-written-down", test_head_written_down);
  g_test_add_func ("/log/chained-again", test_chained_again);
  g_test_add_func ("/log/edited", test_edited);
  g_test_add_func ("/log/removed", test_removed);
  g_test_add_func ("/log/added", test_added);
  g_test_add_func ("/log/write-refused", test_write_refused);
  g_test_add_func ("/log/shell-cannot-append", test_shell_cannot_append);

  return g_test_run ();
}

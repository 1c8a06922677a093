/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>

#include "peil-test-util.h"

#define N_POSTS 400

/* Two analysts tag one file at the same moment: no error, no lost tag. */
static void
test_two_processes_tagging (void)
{
  PeilIncident *incident = peil_test_new_incident ("shared.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *count = g_strdup_printf ("%d", N_POSTS);
  const char *tagger = g_getenv ("PEIL_TEST_TAGGER");
  g_autoptr(GSubprocess) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilFilter) both = peil_filter_new ();

  for (guint i = 0; i < N_POSTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      peil_test_add_post (incident, "x", id, NULL, NULL, "Hoe lang blijft de weg afgesloten?");
    }

  first = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, tagger, path, "IB-HINDER", count, NULL);
  g_assert_no_error (error);
  second = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, tagger, path, "IB-VERLOOP", count, NULL);
  g_assert_no_error (error);

  /* And this process tags too, at the same time. */
  for (gint64 id = 1; id <= N_POSTS; id++)
    g_assert_true (peil_incident_tag_post (incident, id, "BG-BOOS", &error));
  g_assert_no_error (error);

  g_assert_true (g_subprocess_wait_check (first, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (second, NULL, &error));
  g_assert_no_error (error);

  peil_filter_add_tag (both, "IB-HINDER");
  peil_filter_add_tag (both, "IB-VERLOOP");
  peil_filter_add_tag (both, "BG-BOOS");
  g_assert_cmpint (peil_incident_count_matching (incident, both, NULL), ==, N_POSTS);
  g_assert_finalize_object (incident);
}

static char *
write_big_ndjson (guint n_lines)
{
  g_autofree char *path = peil_test_tmp_path ("big.ndjson");
  g_autoptr(GString) contents = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    g_string_append_printf (contents,
                            "{\"peil\":1,\"source\":\"x\",\"id\":\"%u\",\"time\":\"2026-11-25T14:%02u:00Z\","
                            "\"author\":\"Bewoner %u\",\"text\":\"Bericht %u over de omgevallen kraan en het stof in de straat\"}\n",
                            i, i % 60, i % 997, i);
  g_assert_true (g_file_set_contents (path, contents->str, contents->len, NULL));
  return g_steal_pointer (&path);
}

/* An import killed half-way leaves a sound file; a second import completes
 * it without duplicates. */
static void
test_killed_import (void)
{
  const guint total = 100000;
  PeilIncident *incident = peil_test_new_incident ("killed.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *input = write_big_ndjson (total);
  g_autoptr(GSubprocess) import = NULL;
  g_autoptr(GFile) input_file = g_file_new_for_path (input);
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  gint64 stored = 0;

  import = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                             g_getenv ("PEIL_CLI"), "import", path, input, NULL);
  g_assert_no_error (error);

  /* Kill it once some batches are in, by a separate reader. */
  while (stored == 0)
    {
      g_usleep (20000);
      stored = peil_incident_count_posts (incident);
    }
  g_subprocess_send_signal (import, SIGKILL);
  g_subprocess_wait (import, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (import));

  incident = peil_test_reopen (incident);
  g_assert_true (peil_incident_check_integrity (incident, &error));
  g_assert_no_error (error);
  stored = peil_incident_count_posts (incident);
  g_test_message ("%" G_GINT64_FORMAT " of %u posts stored before the kill", stored, total);
  g_assert_cmpint (stored, >, 0);
  g_assert_cmpint (stored, <, total);

  job = peil_gather_job_new (incident, peil_plugin_engine_find_source (engine, "ndjson"), input_file);
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, total - stored);
  g_assert_cmpuint (peil_gather_job_get_n_duplicates (job), ==, stored);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, total);
  g_clear_object (&job);
  g_assert_finalize_object (incident);
}

static void
run_cli_info (const char *path)
{
  g_autoptr(GSubprocess) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("PEIL_CLI"), "info", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (info, NULL, &error));
  g_assert_no_error (error);
}

/* The window keeps its incident open while a worker opens a second
 * connection (the Report page, an import) and a terminal runs peil-cli on
 * the same file. POSIX locks belong to the process, so any close() of the
 * file outside SQLite would drop the window's locks, and the other process
 * would delete the write-ahead log the window still writes to. */
static void
test_other_process_keeps_locks (void)
{
  PeilIncident *incident = peil_test_new_incident ("locks.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(GError) error = NULL;
  PeilIncident *worker;
  gint64 first, later;

  first = peil_test_add_post (incident, "x", "1", NULL, NULL, "Vóór de tweede verbinding");
  g_assert_true (peil_incident_tag_post (incident, first, "IB-HINDER", &error));
  g_assert_no_error (error);

  /* A second connection in the same process, as a worker's. */
  worker = peil_incident_open (peil_incident_get_file (incident), &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_count_posts (worker), ==, 1);

  run_cli_info (path);
  g_assert_finalize_object (worker);
  run_cli_info (path);

  /* What the first connection writes now must reach the file. */
  later = peil_test_add_post (incident, "x", "2", NULL, NULL, "Na de andere processen");
  g_assert_true (peil_incident_tag_post (incident, later, "BG-BOOS", &error));
  g_assert_no_error (error);
  g_assert_true (peil_incident_add_note (incident, later, "Doorgeven aan de woordvoerder", &error) > 0);
  g_assert_no_error (error);
  run_cli_info (path);

  /* The window quits while a worker still counts. */
  worker = peil_incident_open (peil_incident_get_file (incident), &error);
  g_assert_no_error (error);
  incident = peil_test_reopen (incident);
  g_assert_finalize_object (worker);
  incident = peil_test_reopen (incident);
  g_assert_true (peil_incident_check_integrity (incident, &error));
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 2);
  {
    g_autoptr(PeilPost) post = peil_incident_get_post (incident, later, &error);
    g_autoptr(GPtrArray) notes = peil_incident_list_notes (incident, later, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peil_post_get_n_tags (post), ==, 1);
    g_assert_cmpstr (peil_post_get_tag (post, 0)->code, ==, "BG-BOOS");
    g_assert_cmpuint (notes->len, ==, 1);
  }
  g_assert_finalize_object (incident);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/processes/two-tagging", test_two_processes_tagging);
  g_test_add_func ("/processes/killed-import", test_killed_import);
  g_test_add_func ("/processes/other-process-keeps-locks", test_other_process_keeps_locks);

  return g_test_run ();
}

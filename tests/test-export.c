/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "peil-test-util.h"

static PeilPluginEngine *engine;

static PeilIncident *
sample_incident (const char *name)
{
  PeilIncident *incident = peil_test_new_incident (name);
  peil_test_autofinal(PeilPost) post = peil_post_new ("x", "1861");
  gint64 a, b, c;

  peil_post_set_text (post, "Is het stof gevaarlijk? \"Ramen dicht\" zegt de gemeente\nmaar niemand weet het");
  peil_post_set_author_name (post, "Buurtbewoner");
  peil_post_set_author_handle (post, "@buur");
  peil_post_set_url (post, "https://x.com/buur/status/1861");
  peil_post_set_language (post, "nl");
  peil_post_set_created_at (post, 1795615380);
  peil_post_set_raw (post, "{\"rest_id\":\"1861\"}", "zeeschuimer-x/1");
  g_assert_true (peil_incident_add_post (incident, post, NULL, NULL));
  a = peil_post_get_id (post);

  b = peil_test_add_post (incident, "x", "1862", "2026-11-25T14:10:00Z", "@buur", "=HYPERLINK(\"http://evil.invalid\")");
  c = peil_test_add_post (incident, "manual", "tel-1", "2026-11-25T14:20:00Z", NULL, "-5 graden en geen verwarming in de opvang");
  peil_test_add_post (incident, "tiktok", "99", "2026-11-25T14:30:00Z", "@ander", "@gemeente waarom zo stil?");

  g_assert_true (peil_incident_tag_post (incident, a, "IB-VEILIG", NULL));
  g_assert_true (peil_incident_tag_post (incident, a, "BG-ANGST", NULL));
  g_assert_true (peil_incident_tag_post (incident, a, "RUMOUR-UNVERIFIED", NULL));
  peil_incident_set_analyst (incident, "Tweede Analist");
  g_assert_true (peil_incident_tag_post (incident, b, "SB-VERSPREIDEN", NULL));
  g_assert_true (peil_incident_tag_post (incident, c, "IB-HULP", NULL));
  return incident;
}

static char *
export_to (PeilIncident    *incident,
           const char      *format,
           PeilFilter      *filter,
           PeilExportFlags  flags,
           const char      *name)
{
  g_autofree char *path = peil_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PeilExporter *exporter = peil_plugin_engine_find_exporter (engine, format);
  char *contents = NULL;

  g_assert_nonnull (exporter);
  g_assert_true (peil_exporter_export_file (exporter, incident, filter, flags, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
assert_same_posts (PeilIncident *a,
                   PeilIncident *b)
{
  peil_test_autofinal(PeilFilter) all = peil_filter_new ();
  g_autoptr(GArray) ids_a = peil_incident_search (a, all, NULL);
  g_autoptr(GArray) ids_b = peil_incident_search (b, all, NULL);

  g_assert_cmpuint (ids_a->len, ==, ids_b->len);
  for (guint i = 0; i < ids_a->len; i++)
    {
      peil_test_autofinal(PeilPost) pa = peil_incident_get_post (a, g_array_index (ids_a, gint64, i), NULL);
      peil_test_autofinal(PeilPost) pb = peil_incident_get_post (b, g_array_index (ids_b, gint64, i), NULL);

      g_assert_cmpstr (peil_post_get_source (pa), ==, peil_post_get_source (pb));
      g_assert_cmpstr (peil_post_get_remote_id (pa), ==, peil_post_get_remote_id (pb));
      g_assert_cmpstr (peil_post_get_text (pa), ==, peil_post_get_text (pb));
      g_assert_cmpstr (peil_post_get_author_name (pa), ==, peil_post_get_author_name (pb));
      g_assert_cmpstr (peil_post_get_author_handle (pa), ==, peil_post_get_author_handle (pb));
      g_assert_cmpstr (peil_post_get_url (pa), ==, peil_post_get_url (pb));
      g_assert_cmpstr (peil_post_get_language (pa), ==, peil_post_get_language (pb));
      g_assert_cmpstr (peil_post_get_raw (pa), ==, peil_post_get_raw (pb));
      g_assert_cmpstr (peil_post_get_mapper (pa), ==, peil_post_get_mapper (pb));
      g_assert_cmpint (peil_post_get_created_at (pa), ==, peil_post_get_created_at (pb));
      g_assert_cmpint (peil_post_get_fetched_at (pa), ==, peil_post_get_fetched_at (pb));
      g_assert_cmpuint (peil_post_get_n_tags (pa), ==, peil_post_get_n_tags (pb));
      for (guint t = 0; t < peil_post_get_n_tags (pa); t++)
        {
          g_assert_cmpstr (peil_post_get_tag (pa, t)->code, ==, peil_post_get_tag (pb, t)->code);
          g_assert_cmpstr (peil_post_get_tag (pa, t)->analyst, ==, peil_post_get_tag (pb, t)->analyst);
          g_assert_cmpint (peil_post_get_tag (pa, t)->tagged_at, ==, peil_post_get_tag (pb, t)->tagged_at);
        }
    }
}

/* A Peil NDJSON export imported into a new file gives the same posts and tags. */
static void
test_ndjson_round_trip (void)
{
  peil_test_autofinal(PeilIncident) original = sample_incident ("original.peil");
  peil_test_autofinal(PeilIncident) copy = peil_test_new_incident ("copy.peil");
  g_autofree char *contents = export_to (original, "ndjson", NULL, PEIL_EXPORT_REAL_NAMES, "export.ndjson");
  g_autofree char *path = peil_test_tmp_path ("export.ndjson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 5);   /* four posts, then the final newline */
  g_assert_true (g_str_has_prefix (lines[0], "{\"peil\":1,"));

  job = peil_gather_job_new (copy, peil_plugin_engine_find_source (engine, "ndjson"), file);
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 4);
  g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, 0);

  assert_same_posts (original, copy);
}

/* Exports lose no off-topic mark: every post goes, the marked one with
 * "off_topic" (NDJSON) or 1 in its column (CSV), and an NDJSON export
 * imported into a new file brings the mark back. */
static void
test_off_topic_exported (void)
{
  peil_test_autofinal(PeilIncident) original = sample_incident ("off-topic.peil");
  peil_test_autofinal(PeilIncident) copy = peil_test_new_incident ("off-topic-copy.peil");
  peil_test_autofinal(PeilPost) marked = peil_test_find_post (original, "99");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  peil_test_autofinal(PeilPost) back = NULL;
  peil_test_autofinal(PeilPost) other = NULL;
  g_autofree char *ndjson = NULL, *csv = NULL;
  g_autofree char *path = peil_test_tmp_path ("off-topic.ndjson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_marked = 0;

  g_assert_true (peil_incident_mark_off_topic (original, peil_post_get_id (marked), TRUE, &error));
  ndjson = export_to (original, "ndjson", NULL, PEIL_EXPORT_REAL_NAMES, "off-topic.ndjson");
  csv = export_to (original, "csv", NULL, PEIL_EXPORT_REAL_NAMES, "off-topic.csv");

  lines = g_strsplit (ndjson, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);   /* all four posts */
  for (guint i = 0; lines[i] && *lines[i]; i++)
    if (strstr (lines[i], "\"off_topic\":true"))
      {
        n_marked++;
        g_assert_nonnull (strstr (lines[i], "\"id\":\"99\""));
      }
  g_assert_cmpuint (n_marked, ==, 1);
  g_assert_nonnull (strstr (csv, "\"language\",\"off_topic\",\"IB\""));
  g_assert_nonnull (strstr (csv, "\"'@gemeente waarom zo stil?\",,,\"1\","));
  g_assert_nonnull (strstr (csv, "\"nl\",\"0\",\"IB-VEILIG\""));

  job = peil_gather_job_new (copy, peil_plugin_engine_find_source (engine, "ndjson"), file);
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  back = peil_test_find_post (copy, "99");
  other = peil_test_find_post (copy, "1862");
  g_assert_true (peil_incident_is_off_topic (copy, peil_post_get_id (back), NULL));
  g_assert_false (peil_incident_is_off_topic (copy, peil_post_get_id (other), NULL));
}

static void
test_pseudonymize (void)
{
  peil_test_autofinal(PeilIncident) incident = sample_incident ("pseudo.peil");
  g_autofree char *ndjson = export_to (incident, "ndjson", NULL, PEIL_EXPORT_NONE, "pseudo.ndjson");
  g_autofree char *csv = export_to (incident, "csv", NULL, PEIL_EXPORT_NONE, "pseudo.csv");
  g_auto(GStrv) lines = g_strsplit (ndjson, "\n", -1);
  g_autoptr(JsonNode) first = json_from_string (lines[0], NULL);
  g_autoptr(JsonNode) second = json_from_string (lines[1], NULL);
  const char *pseudonym;

  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? ndjson : csv;
      g_assert_null (strstr (text, "Buurtbewoner"));
      g_assert_null (strstr (text, "@buur"));
      g_assert_null (strstr (text, "Analist"));
    }
  g_assert_null (strstr (ndjson, "rest_id"));   /* the raw payload would reveal them */

  /* One author, one pseudonym, in both files. */
  pseudonym = json_object_get_string_member (json_node_get_object (first), "author");
  g_assert_true (g_str_has_prefix (pseudonym, "anon-"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (second), "author"), ==, pseudonym);
  g_assert_nonnull (strstr (csv, pseudonym));
}

/* An exercise is unmistakable on every export (issue 12), and the files
 * stay what their readers expect: the CSV starts each row with an
 * "exercise" column saying OEFENING / EXERCISE, every NDJSON line says
 * "exercise": true and still imports. */
static void
test_exercise_marked (void)
{
  peil_test_autofinal(PeilIncident) incident = sample_incident ("exercise-export.peil");
  peil_test_autofinal(PeilIncident) copy = peil_test_new_incident ("exercise-copy.peil");
  g_autofree char *csv = NULL, *ndjson = NULL;
  g_autofree char *path = peil_test_tmp_path ("exercise.ndjson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rows = NULL, lines = NULL;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_EXERCISE, "true", NULL));
  csv = export_to (incident, "csv", NULL, PEIL_EXPORT_NONE, "exercise.csv");
  ndjson = export_to (incident, "ndjson", NULL, PEIL_EXPORT_NONE, "exercise.ndjson");

  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF\"exercise\",\"peil_id\",\"source\",\"id\","));
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 6);   /* header, four posts, the final line end */
  for (guint i = 1; i < 5; i++)
    g_assert_true (g_str_has_prefix (rows[i], "\"OEFENING / EXERCISE\",\""));

  lines = g_strsplit (ndjson, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[i], &error);

      g_assert_no_error (error);
      g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "exercise"));
    }

  /* Still Peil NDJSON: it imports whole (into an exercise, where injects belong). */
  g_assert_true (peil_incident_set_metadata (copy, PEIL_META_EXERCISE, "true", NULL));
  job = peil_gather_job_new (copy, peil_plugin_engine_find_source (engine, "ndjson"), file);
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 4);
  g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, 0);
}

static void
test_csv_export (void)
{
  peil_test_autofinal(PeilIncident) incident = sample_incident ("csv-export.peil");
  g_autofree char *csv = export_to (incident, "csv", NULL, PEIL_EXPORT_REAL_NAMES, "export.csv");

  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF\"peil_id\",\"source\",\"id\","));
  g_assert_nonnull (strstr (csv, "\"IB\",\"BG\",\"SB\",\"RUMOUR\",\"ACTOR\",\"PRIORITY\"\r\n"));
  /* Quotes doubled, line breaks kept inside the quoted cell. */
  g_assert_nonnull (strstr (csv, "\"Is het stof gevaarlijk? \"\"Ramen dicht\"\" zegt de gemeente\nmaar niemand weet het\""));
  /* One column of codes per dimension. */
  g_assert_nonnull (strstr (csv, "\"IB-VEILIG\",\"BG-ANGST\",\"\",\"RUMOUR-UNVERIFIED\",\"\",\"\"\r\n"));

  /* Nothing a spreadsheet would run. */
  g_assert_nonnull (strstr (csv, "\"'=HYPERLINK(\"\"http://evil.invalid\"\")\""));
  g_assert_nonnull (strstr (csv, "\"'-5 graden"));
  g_assert_nonnull (strstr (csv, "\"'@gemeente waarom"));
  g_assert_null (strstr (csv, ",\"=HYPERLINK"));
  g_assert_null (strstr (csv, ",\"-5"));
}

/* A CSV export imported again gives back every text as it was: the
 * apostrophe the export put before "@gemeente …", "=HYPERLINK…" and
 * "-5 graden" comes off, and one the post itself began with stays. */
static void
test_csv_round_trip (void)
{
  peil_test_autofinal(PeilIncident) original = sample_incident ("csv-round-trip.peil");
  peil_test_autofinal(PeilIncident) copy = peil_test_new_incident ("csv-round-trip-copy.peil");
  g_autofree char *csv = NULL;
  g_autofree char *path = peil_test_tmp_path ("round-trip.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  peil_test_autofinal(PeilGatherJob) job = NULL;
  peil_test_autofinal(PeilFilter) all = peil_filter_new ();
  g_autoptr(GArray) ids_a = NULL;
  g_autoptr(GArray) ids_b = NULL;
  g_autoptr(GError) error = NULL;

  peil_test_add_post (original, "x", "1870", "2026-11-25T14:40:00Z", "@citeert", "'t Is hier een puinhoop");
  peil_test_add_post (original, "x", "1871", "2026-11-25T14:41:00Z", "@citeert", "'@gemeente zegt niks'");
  csv = export_to (original, "csv", NULL, PEIL_EXPORT_REAL_NAMES, "round-trip.csv");
  g_assert_nonnull (strstr (csv, "\"''t Is hier"));

  job = peil_gather_job_new (copy, peil_plugin_engine_find_source (engine, "csv"), file);
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 6);

  ids_a = peil_incident_search (original, all, NULL);
  ids_b = peil_incident_search (copy, all, NULL);
  g_assert_cmpuint (ids_a->len, ==, ids_b->len);
  for (guint i = 0; i < ids_a->len; i++)
    {
      peil_test_autofinal(PeilPost) pa = peil_incident_get_post (original, g_array_index (ids_a, gint64, i), NULL);
      peil_test_autofinal(PeilPost) pb = peil_incident_get_post (copy, g_array_index (ids_b, gint64, i), NULL);

      g_assert_cmpstr (peil_post_get_text (pa), ==, peil_post_get_text (pb));
      g_assert_cmpstr (peil_post_get_author_handle (pa), ==, peil_post_get_author_handle (pb));
    }
}

static void
test_filtered_export (void)
{
  peil_test_autofinal(PeilIncident) incident = sample_incident ("filtered.peil");
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
  g_autofree char *ndjson = NULL;
  g_auto(GStrv) lines = NULL;

  peil_filter_add_tag (filter, "IB-VEILIG");
  ndjson = export_to (incident, "ndjson", filter, PEIL_EXPORT_REAL_NAMES, "filtered.ndjson");
  lines = g_strsplit (ndjson, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[0], "\"id\":\"1861\""));
}

/* A failed export leaves the earlier file as it was and no debris. */
static void
test_failed_export_keeps_old_file (void)
{
  peil_test_autofinal(PeilIncident) incident = sample_incident ("failed-export.peil");
  g_autofree char *dir = peil_test_tmp_path ("exports");
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *contents = NULL;
  PeilExporter *exporter = peil_plugin_engine_find_exporter (engine, "csv");

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "earlier export", -1, NULL));
  g_cancellable_cancel (cancelled);

  g_assert_false (peil_exporter_export_file (exporter, incident, NULL, PEIL_EXPORT_NONE, file, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "earlier export");
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);

  /* Failing after the header was written: a search it cannot understand. */
  {
    peil_test_autofinal(PeilFilter) bad = peil_filter_new ();

    peil_filter_set_text (bad, "(stof");
    g_assert_false (peil_exporter_export_file (exporter, incident, bad, PEIL_EXPORT_NONE, file, NULL, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_BAD_QUERY);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "earlier export");
  }

  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "report.csv");
  g_assert_null (g_dir_read_name (listing));
  g_unlink (path);
  g_rmdir (dir);
}

/* An export that fails half-way, after more than a buffer reached the
 * disk, leaves nothing under a new name (an empty or half file would pass
 * for an export) and an earlier file as it was, with no debris beside. */
static void
test_failed_export_leaves_no_file (void)
{
  peil_test_autofinal(PeilIncident) incident = sample_incident ("failed-new-export.peil");
  g_autofree char *dir = peil_test_tmp_path ("new-exports");
  g_autofree char *path = g_build_filename (dir, "posts.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *contents = NULL;
  PeilExporter *failing = peil_plugin_engine_find_exporter (engine, "test-fails");

  g_assert_nonnull (failing);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_false (peil_exporter_export_file (failing, incident, NULL, PEIL_EXPORT_NONE, file, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (listing));
  g_clear_pointer (&listing, g_dir_close);

  g_assert_true (g_file_set_contents (path, "earlier export", -1, NULL));
  g_assert_false (peil_exporter_export_file (failing, incident, NULL, PEIL_EXPORT_NONE, file, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "earlier export");
  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "posts.txt");
  g_assert_null (g_dir_read_name (listing));
  g_unlink (path);
  g_rmdir (dir);
}

/* The incident itself, its write-ahead log, or another name for it (a
 * link) is never read as an import nor written over by an export or a
 * report: an import would drop this process's locks on it, an export
 * would destroy it. The incident stays whole. */
static void
test_refuses_incident (void)
{
  peil_test_autofinal(PeilIncident) incident = sample_incident ("eigen.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *other_name = peil_test_tmp_path ("ander-naam.peil");
  g_autoptr(GFile) wal_file = g_file_new_for_path (wal);
  g_autoptr(GFile) link_file = g_file_new_for_path (other_name);
  g_autoptr(GError) error = NULL;
  PeilExporter *exporter = peil_plugin_engine_find_exporter (engine, "csv");

  g_assert_cmpint (link (path, other_name), ==, 0);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_assert_false (peil_exporter_export_file (exporter, incident, NULL, PEIL_EXPORT_NONE,
                                             peil_incident_get_file (incident), NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peil_exporter_export_file (exporter, incident, NULL, PEIL_EXPORT_NONE, link_file, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peil_incident_check_other_file (incident, wal_file, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  /* An import job of it fails before opening it, and so do peil-cli's
   * import (of a folder's files with *), export and report. */
  {
    peil_test_autofinal(PeilGatherJob) job = peil_gather_job_new (incident, peil_plugin_engine_find_source (engine, "ndjson"),
                                                                  peil_incident_get_file (incident));

    g_assert_false (peil_gather_job_run (job, NULL, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("import", path, path, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "incident file itself"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", path, "--format", "csv", "-o", other_name, NULL);
    g_assert_cmpint (run.status, ==, 1);
  }

  /* (Not checksummed: reading the open file here would itself drop the locks.) */
  g_assert_true (peil_incident_check_integrity (incident, &error));
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 4);
  g_unlink (other_name);
}

/* An incident opened through a symbolic link: SQLite follows the link
 * and keeps its write-ahead log beside the file linked to, which an
 * import never reads and an export never writes, named directly or
 * through another link (also one to a journal not there yet). */
static void
test_refuses_incident_through_link (void)
{
  g_autofree char *folder = peil_test_tmp_path ("echt");
  g_autofree char *real = g_build_filename (folder, "r.peil", NULL);
  g_autofree char *real_wal = g_strconcat (real, "-wal", NULL);
  g_autofree char *link_path = peil_test_tmp_path ("koppeling.peil");
  g_autofree char *journal_link = peil_test_tmp_path ("journaal");
  g_autoptr(GFile) link_file = g_file_new_for_path (link_path);
  g_autoptr(GFile) wal_file = g_file_new_for_path (real_wal);
  g_autoptr(GFile) journal_link_file = g_file_new_for_path (journal_link);
  g_autofree char *journal_target = g_strconcat (real, "-journal", NULL);
  g_autofree char *wal_checksum = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  {
    g_autoptr(GFile) file = g_file_new_for_path (real);
    g_autoptr(PeilIncident) made = peil_incident_create (file, NULL, &error);
    g_assert_no_error (error);
  }
  g_unlink (link_path);
  g_unlink (journal_link);
  g_assert_cmpint (symlink (real, link_path), ==, 0);
  g_assert_cmpint (symlink (journal_target, journal_link), ==, 0);

  {
    peil_test_autofinal(PeilIncident) incident = peil_incident_open (link_file, &error);

    g_assert_no_error (error);
    peil_test_add_post (incident, "x", "1", NULL, NULL, "Eerste");
    g_assert_true (g_file_test (real_wal, G_FILE_TEST_EXISTS));

    g_assert_false (peil_incident_check_other_file (incident, wal_file, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (peil_incident_check_other_file (incident, journal_link_file, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (peil_exporter_export_file (peil_plugin_engine_find_exporter (engine, "csv"), incident, NULL,
                                               PEIL_EXPORT_NONE, wal_file, NULL, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_true (peil_incident_check_integrity (incident, &error));
    g_assert_no_error (error);
  }

  /* peil-cli too, in a process of its own. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("import", link_path, "--format", "ndjson", real_wal, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "belongs to the open incident"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", link_path, "--format", "csv", "-o", real_wal, NULL);
    g_assert_cmpint (run.status, ==, 1);
  }
  g_assert_false (g_file_test (journal_target, G_FILE_TEST_EXISTS));
  g_unlink (link_path);
  g_unlink (journal_link);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} AsyncExport;

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncExport *export = user_data;

  peil_file_format_export_finish (PEIL_FILE_FORMAT (object), result, &export->error);
  export->done = TRUE;
}

/* Exports asynchronously and waits; NULL on success, else the error. */
static GError *
export_async (PeilIncident *incident,
              const char   *format,
              GFile        *file)
{
  AsyncExport export = { FALSE, NULL };

  peil_exporter_export_file_async (peil_plugin_engine_find_exporter (engine, format), incident, NULL,
                                   PEIL_EXPORT_REAL_NAMES, file, NULL, on_exported, &export);
  while (!export.done)
    g_main_context_iteration (NULL, TRUE);
  return export.error;
}

/* The asynchronous export writes, on a worker with a connection of its
 * own, the file the synchronous one writes, and logs it; its failures
 * come back through peil_file_format_export_finish(). */
static void
test_async_export (void)
{
  peil_test_autofinal(PeilIncident) incident = sample_incident ("async-export.peil");
  g_autofree char *expected = export_to (incident, "ndjson", NULL, PEIL_EXPORT_REAL_NAMES, "sync.ndjson");
  g_autofree char *path = peil_test_tmp_path ("async.ndjson");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) events = NULL;
  guint exports = 0;

  g_assert_no_error (export_async (incident, "ndjson", file));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);

  events = peil_incident_list_events (incident, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    exports += g_str_equal (((PeilEvent *)g_ptr_array_index (events, i))->action, "export");
  g_assert_cmpuint (exports, ==, 2);

  error = export_async (incident, "csv", peil_incident_get_file (incident));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  peil_test_init (&argc, &argv);
  {
    /* An exporter that fails half-way, for this test program alone. */
    g_autofree char *failing = g_test_build_filename (G_TEST_BUILT, "failing-plugin", NULL);
    g_autofree char *path = g_strjoin (G_SEARCHPATH_SEPARATOR_S, failing, g_getenv ("PEIL_PLUGIN_PATH"), NULL);

    g_setenv ("PEIL_PLUGIN_PATH", path, TRUE);
  }
  engine = peil_test_engine ();

  g_test_add_func ("/export/ndjson-round-trip", test_ndjson_round_trip);
  g_test_add_func ("/export/pseudonymize", test_pseudonymize);
  g_test_add_func ("/export/csv", test_csv_export);
  g_test_add_func ("/export/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/export/off-topic", test_off_topic_exported);
  g_test_add_func ("/export/exercise-marked", test_exercise_marked);
  g_test_add_func ("/export/filtered", test_filtered_export);
  g_test_add_func ("/export/failed-keeps-old-file", test_failed_export_keeps_old_file);
  g_test_add_func ("/export/failed-leaves-no-file", test_failed_export_leaves_no_file);
  g_test_add_func ("/export/refuses-incident", test_refuses_incident);
  g_test_add_func ("/export/async", test_async_export);
  g_test_add_func ("/export/refuses-incident-through-link", test_refuses_incident_through_link);

  ret = g_test_run ();
  g_object_unref (engine);
  return ret;
}

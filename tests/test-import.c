/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "peil-test-util.h"

static PeilPluginEngine *engine;

typedef struct
{
  guint64 added;
  guint64 duplicates;
  guint64 rejected;
} Summary;

/* Imports @path with @format and the options in @options ("key", "value",
 * …, NULL); returns the job for its rejections. */
static PeilGatherJob *
import_file (PeilIncident  *incident,
             const char    *format,
             const char    *path,
             Summary       *summary,
             GError       **error,
             ...)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PeilSource *source = peil_plugin_engine_find_source (engine, format);
  PeilGatherJob *job;
  const char *key;
  va_list args;

  g_assert_nonnull (source);
  job = peil_gather_job_new (incident, source, file);

  va_start (args, error);
  while ((key = va_arg (args, const char *)) != NULL)
    peil_gather_job_set_option (job, key, va_arg (args, const char *));
  va_end (args);

  peil_gather_job_run (job, NULL, error);
  summary->added = peil_gather_job_get_n_added (job);
  summary->duplicates = peil_gather_job_get_n_duplicates (job);
  summary->rejected = peil_gather_job_get_n_rejected (job);
  return job;
}

static void
assert_rejection (PeilGatherJob *job,
                  guint          index,
                  guint64        line,
                  const char    *reason_part)
{
  GPtrArray *rejections = peil_gather_job_get_rejections (job);
  PeilRejection *rejection;

  g_assert_cmpuint (index, <, rejections->len);
  rejection = g_ptr_array_index (rejections, index);
  g_assert_cmpuint (rejection->line, ==, line);
  if (strstr (rejection->reason, reason_part) == NULL)
    g_error ("rejection of line %" G_GUINT64_FORMAT " says “%s”, expected “%s”", line, rejection->reason, reason_part);
}

static PeilPost *
find_post (PeilIncident *incident,
           const char   *source,
           const char   *text_part)
{
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autofree char *query = g_strdup_printf ("\"%s\"", text_part);

  peil_filter_set_text (filter, query);
  peil_filter_add_source (filter, source);
  ids = peil_incident_search (incident, filter, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  return peil_incident_get_post (incident, g_array_index (ids, gint64, 0), NULL);
}

static void
test_zeeschuimer_and_4cat (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("zeeschuimer.peil");
  g_autofree char *path = peil_test_fixture ("zeeschuimer.ndjson");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  peil_test_autofinal(PeilGatherJob) again = NULL;
  peil_test_autofinal(PeilPost) tweet = NULL;
  peil_test_autofinal(PeilPost) tiktok = NULL;
  peil_test_autofinal(PeilPost) insta = NULL;
  peil_test_autofinal(PeilPost) fourcat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw_line = NULL;
  Summary summary;

  job = import_file (incident, "ndjson", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 4);
  g_assert_cmpuint (summary.rejected, ==, 3);
  assert_rejection (job, 0, 4, "Not valid JSON");
  assert_rejection (job, 1, 6, "Not a Peil, Zeeschuimer or 4CAT record");
  assert_rejection (job, 2, 8, "has no text");

  /* X: screen name from its 2024 place, link built from it. */
  tweet = find_post (incident, "x", "stof van de kraan");
  g_assert_cmpstr (peil_post_get_remote_id (tweet), ==, "1861234567890123456");
  g_assert_cmpstr (peil_post_get_author_handle (tweet), ==, "buurtbewoner_alphen");
  g_assert_cmpstr (peil_post_get_author_name (tweet), ==, "Buurtbewoner Alphen");
  g_assert_cmpstr (peil_post_get_url (tweet), ==, "https://x.com/buurtbewoner_alphen/status/1861234567890123456");
  g_assert_cmpstr (peil_post_get_language (tweet), ==, "nl");
  g_assert_cmpstr (peil_post_get_channel (tweet), ==, "x.com");
  g_assert_cmpint (peil_post_get_created_at (tweet), ==, 1764079929);   /* Tue Nov 25 14:12:09 +0000 2025 */
  g_assert_cmpint (peil_post_get_fetched_at (tweet), ==, 1764072000);
  g_assert_cmpstr (peil_post_get_mapper (tweet), ==, "zeeschuimer-x/1");
  /* The raw payload is the line as it was. */
  g_assert_true (g_file_get_contents (path, &raw_line, NULL, NULL));
  *strchr (raw_line, '\n') = '\0';
  g_assert_cmpstr (peil_post_get_raw (tweet), ==, raw_line);

  tiktok = find_post (incident, "tiktok", "ingestorte kraan");
  g_assert_cmpstr (peil_post_get_url (tiktok), ==, "https://www.tiktok.com/@alphen_filmt/video/7441234567890123456");
  g_assert_cmpint (peil_post_get_created_at (tiktok), ==, 1764080000);

  insta = find_post (incident, "instagram", "Julianastraat");
  g_assert_cmpstr (peil_post_get_remote_id (insta), ==, "DCabcdEFgh1");
  g_assert_cmpstr (peil_post_get_url (insta), ==, "https://www.instagram.com/p/DCabcdEFgh1/");

  /* 4CAT's shape: the item with the collector's fields in __import_meta. */
  fourcat = find_post (incident, "tiktok", "terug naar huis");
  g_assert_cmpstr (peil_post_get_author_handle (fourcat), ==, "boze_buur");
  g_assert_cmpint (peil_post_get_fetched_at (fourcat), ==, 1764090000);

  /* The same file twice adds nothing. */
  again = import_file (incident, "ndjson", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 0);
  g_assert_cmpuint (summary.duplicates, ==, 4);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 4);
}

static void
test_peil_ndjson_unknown_tag (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("peil-ndjson.peil");
  g_autofree char *path = peil_test_write_file ("tags.ndjson",
    "{\"peil\":1,\"source\":\"x\",\"id\":\"1\",\"text\":\"Goed\",\"time\":\"2026-11-25T14:00:00Z\","
    "\"tags\":[{\"code\":\"IB-WAT\",\"analyst\":\"Anna\",\"time\":\"2026-11-25T15:00:00Z\"}]}\n"
    "{\"peil\":1,\"source\":\"x\",\"id\":\"2\",\"text\":\"Fout\",\"tags\":[{\"code\":\"IB-WAT\"},{\"code\":\"XX-ONBEKEND\"}]}\n"
    "{\"peil\":1,\"source\":\"x\",\"text\":\"Geen id\"}\n"
    "{\"peil\":1,\"source\":\"x\",\"id\":\"4\",\"text\":\"Rare tijd\",\"time\":\"morgen\"}\n"
    "[1, 2, 3]\n"
    "\xff\xfe kapot\n");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  peil_test_autofinal(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  Summary summary;

  job = import_file (incident, "ndjson", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 1);
  g_assert_cmpuint (summary.rejected, ==, 5);
  assert_rejection (job, 0, 2, "XX-ONBEKEND");
  assert_rejection (job, 1, 3, "“id”");
  assert_rejection (job, 2, 4, "morgen");
  assert_rejection (job, 3, 5, "not a JSON object");
  assert_rejection (job, 4, 6, "UTF-8");

  /* The post with the unknown tag was not written at all, not even half. */
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 1);
  post = peil_incident_get_post (incident, 1, &error);
  g_assert_cmpuint (peil_post_get_n_tags (post), ==, 1);
  g_assert_cmpstr (peil_post_get_tag (post, 0)->analyst, ==, "Anna");
}

static void
test_csv_dutch_export (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("coosto.peil");
  g_autofree char *path = peil_test_fixture ("coosto.csv");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  peil_test_autofinal(PeilPost) petra = NULL;
  peil_test_autofinal(PeilPost) news = NULL;
  g_autoptr(GError) error = NULL;
  Summary summary;

  job = import_file (incident, "csv", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 4);
  g_assert_cmpuint (summary.rejected, ==, 3);
  assert_rejection (job, 0, 6, "gisteren");
  assert_rejection (job, 1, 7, "empty");
  assert_rejection (job, 2, 8, "4 columns, the header has 6");

  /* A quoted text over two lines stays one post with its line break. */
  petra = find_post (incident, "facebook", "ramen weer open");
  g_assert_cmpstr (peil_post_get_text (petra), ==, "Mogen we de ramen weer open? Er hangt nog steeds stof.\nWie weet er meer?");
  g_assert_cmpstr (peil_post_get_author_name (petra), ==, "Petra");
  g_assert_cmpstr (peil_post_get_author_handle (petra), ==, "@petra_a");
  g_assert_cmpint (peil_post_get_created_at (petra), ==, 1795617060);   /* 25-11-2026 14:31 UTC */
  g_assert_cmpstr (peil_post_get_mapper (petra), ==, "csv/1");
  g_assert_nonnull (strstr (peil_post_get_raw (petra), "\"Kanaal\":\"Facebook\""));

  news = find_post (incident, "nieuws", "Twee kranen");
  g_assert_cmpstr (peil_post_get_url (news), ==, "https://www.omroepwest.nl/nieuws/1");

  /* Rows have no ids: the second import still finds them already there. */
  g_clear_object (&job);
  job = import_file (incident, "csv", path, &summary, &error, NULL);
  g_assert_cmpuint (summary.added, ==, 0);
  g_assert_cmpuint (summary.duplicates, ==, 4);
}

static void
test_csv_column_map (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("map.peil");
  g_autofree char *path = peil_test_write_file ("map.csv",
    "\xEF\xBB\xBFTijdstip\tWie\tTekst van bericht\tKenmerk\n"
    "2026-11-25 16:00\tLoket\tWaar kan ik mijn schade melden?\tk1\n"
    "2026-11-25 16:05\tLoket\tCaf\xE9 De Zwaan is dicht\tk2\n");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  peil_test_autofinal(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  Summary summary;

  job = import_file (incident, "csv", path, &summary, &error,
                     "map.text", "Tekst van bericht", "map.time", "tijdstip",
                     "map.author", "Wie", "map.id", "Kenmerk", "source", "kcc", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 2);

  post = find_post (incident, "kcc", "schade melden");
  g_assert_cmpstr (peil_post_get_remote_id (post), ==, "k1");
  g_assert_cmpstr (peil_post_get_author_name (post), ==, "Loket");
  g_assert_cmpint (peil_post_get_created_at (post), ==, 1795622400);
  g_clear_object (&post);

  /* A Windows-1252 line is read as such. */
  post = find_post (incident, "kcc", "De Zwaan");
  g_assert_cmpstr (peil_post_get_text (post), ==, "Café De Zwaan is dicht");
}

/* A mapping that cannot work stops before anything is written. */
static void
test_csv_mapping_errors (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("map-errors.peil");
  g_autofree char *path = peil_test_write_file ("nomap.csv", "Wanneer,Wat\n2026-11-25,Iets\n");
  g_autofree char *empty = peil_test_write_file ("empty.csv", "");
  g_autoptr(GError) error = NULL;
  Summary summary;

  g_object_unref (import_file (incident, "csv", path, &summary, &error, NULL));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--map text="));
  g_assert_nonnull (strstr (error->message, "“Wanneer”, “Wat”"));
  g_clear_error (&error);

  g_object_unref (import_file (incident, "csv", path, &summary, &error, "map.text", "Bericht", NULL));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Bericht”"));
  g_clear_error (&error);

  g_object_unref (import_file (incident, "csv", path, &summary, &error, "map.kleur", "Wat", NULL));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "kleur"));
  g_clear_error (&error);

  g_object_unref (import_file (incident, "csv", empty, &summary, &error, NULL));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (peil_incident_count_posts (incident), ==, 0);

  /* With the right mapping the same file imports. */
  g_object_unref (import_file (incident, "csv", path, &summary, &error, "map.text", "Wat", "map.time", "Wanneer", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 1);
}

static void
test_missing_file (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("missing-file.peil");
  g_autofree char *path = peil_test_tmp_path ("nowhere.ndjson");
  g_autoptr(GError) error = NULL;
  Summary summary;

  g_object_unref (import_file (incident, "ndjson", path, &summary, &error, NULL));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  peil_gather_job_run_finish (PEIL_GATHER_JOB (object), result, error);
}

/* Off the main thread, cancelled half-way: stops cleanly and keeps what
 * was stored, in whole batches. */
static void
test_async_cancel (void)
{
  PeilIncident *incident = peil_test_new_incident ("cancel.peil");
  PeilGatherJob *job;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 stored;

  job = peil_gather_job_new (incident, peil_plugin_engine_find_source (engine, "test-source"), NULL);
  peil_gather_job_set_option (job, "count", "2000000");
  peil_gather_job_run_async (job, cancellable, on_import_done, &error);

  while (peil_gather_job_get_n_added (job) == 0)
    g_usleep (1000);
  g_cancellable_cancel (cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  stored = peil_incident_count_posts (incident);
  g_assert_cmpint (stored, >, 0);
  g_assert_cmpint (stored, <, 2000000);
  g_assert_cmpint (stored, ==, peil_gather_job_get_n_added (job));
  g_assert_true (peil_incident_check_integrity (incident, NULL));

  /* The worker's task lets go of the job just after the callback. */
  {
    PeilGatherJob *weak = job;

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *)&weak);
    g_clear_object (&job);
    while (g_atomic_pointer_get (&weak) != NULL)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  g_assert_finalize_object (incident);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  peil_test_init (&argc, &argv);
  engine = peil_test_engine ();

  g_test_add_func ("/import/zeeschuimer-and-4cat", test_zeeschuimer_and_4cat);
  g_test_add_func ("/import/peil-ndjson-bad-lines", test_peil_ndjson_unknown_tag);
  g_test_add_func ("/import/csv-dutch-export", test_csv_dutch_export);
  g_test_add_func ("/import/csv-column-map", test_csv_column_map);
  g_test_add_func ("/import/csv-mapping-errors", test_csv_mapping_errors);
  g_test_add_func ("/import/missing-file", test_missing_file);
  g_test_add_func ("/import/async-cancel", test_async_cancel);

  ret = g_test_run ();
  g_object_unref (engine);
  return ret;
}

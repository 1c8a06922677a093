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
    "\xff\xfe kapot\n"
    "{\"peil\":1,\"source\":\"x\",\"id\":\"7\",\"text\":\"Raar merk\",\"off_topic\":{\"x\":1}}\n"
    "{\"peil\":1,\"source\":\"x\",\"id\":\"8\",\"text\":\"Merk als tekst\",\"off_topic\":\"true\"}\n");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  peil_test_autofinal(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  Summary summary;

  job = import_file (incident, "ndjson", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 1);
  g_assert_cmpuint (summary.rejected, ==, 7);
  assert_rejection (job, 0, 2, "XX-ONBEKEND");
  assert_rejection (job, 1, 3, "“id”");
  assert_rejection (job, 2, 4, "morgen");
  assert_rejection (job, 3, 5, "not a JSON object");
  assert_rejection (job, 4, 6, "UTF-8");
  /* An off-topic mark is true or false: not guessed from an object or a text. */
  assert_rejection (job, 5, 7, "“off_topic” is not true or false");
  assert_rejection (job, 6, 8, "“off_topic” is not true or false");

  /* The post with the unknown tag was not written at all, not even half. */
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 1);
  post = peil_incident_get_post (incident, 1, &error);
  g_assert_cmpuint (peil_post_get_n_tags (post), ==, 1);
  g_assert_cmpstr (peil_post_get_tag (post, 0)->analyst, ==, "Anna");
}

/* Issue 9: lines a fuzzer and a hostile exporter wrote. Each is refused
 * with its reason, the good lines around them are imported, nothing
 * crashes and GLib logs no critical (fatal in the tests). */
static void
test_ndjson_hostile_lines (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("hostile-ndjson.peil");
  g_autofree char *deep = peil_test_deep_json (100000);
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  Summary summary;

  contents = g_strconcat (
    "{\"peil\":1,\"source\":\"x\",\"id\":\"1\",\"text\":\"Eerste goede regel\"}\n",
    "{\"peil\":1,\"source\":\"\",\"id\":\"2\",\"text\":\"Lege bron\"}\n",
    "{\"item_id\":\"3\",\"source_platform\":\"\\u0000\",\"data\":{\"id\":\"3\",\"text\":\"Nulteken\"}}\n",
    "{\"peil\":1,\"source\":\"x\",\"id\":\"4\",\"text\":\"Diep\",\"extra\":", deep, "}\n",
    "{\"peil\":1,\"source\":\"x\",\"id\":\"5\",\"text\":\"Tags als getal\",\"tags\":1}\n",
    "{\"peil\":1,\"source\":\"x\",\"id\":\"6\",\"text\":\"Tijd als getal\",\"time\":5}\n",
    "{\"peil\":1,\"source\":\"x\",\"id\":\"7\",\"text\":[\"tekst als lijst\"]}\n",
    "{\"peil\":1,\"source\":\"x\",\"id\":\"8\",\"text\":\"Analist als object\",\"tags\":[{\"code\":\"IB-WAT\",\"analyst\":{}}]}\n",
    "{\"item_id\":\"9\",\"__import_meta\":{\"source_platform\":5},\"text\":\"Platform als getal\"}\n",
    "{\"peil\":1,\"source\":\"x\",\"id\":\"10\",\"text\":\"Laatste goede regel\"}\n",
    NULL);
  path = peil_test_write_file ("hostile.ndjson", contents);

  job = import_file (incident, "ndjson", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 2);
  g_assert_cmpuint (summary.rejected, ==, 8);
  assert_rejection (job, 0, 2, "needs a “source”");
  assert_rejection (job, 1, 3, "NUL");
  assert_rejection (job, 2, 4, "nested more than 128 levels");
  assert_rejection (job, 3, 5, "“tags” is not a list");
  assert_rejection (job, 4, 6, "“time” is not text");
  assert_rejection (job, 5, 7, "“text” is not text");
  assert_rejection (job, 6, 8, "“analyst” is not text");
  assert_rejection (job, 7, 9, "which platform");

  post = peil_test_find_post (incident, "10");
  g_assert_cmpstr (peil_post_get_text (post), ==, "Laatste goede regel");
}

/* Found by fuzzing: json-glib reads a lone surrogate (an emoji cut in
 * half by a platform) as bytes that are not UTF-8. The post is kept, with
 * U+FFFD in their place, for the window and the export need text. */
static void
test_broken_text_kept (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("broken-text.peil");
  g_autofree char *path = peil_test_write_file ("broken.ndjson",
    "{\"peil\":1,\"source\":\"x\",\"id\":\"1\",\"text\":\"Kraan \\ud83d valt\",\"author\":\"Buur \\udc00 West\"}\n");
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  Summary summary;

  job = import_file (incident, "ndjson", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 1);
  post = peil_test_find_post (incident, "1");
  g_assert_true (g_utf8_validate (peil_post_get_text (post), -1, NULL));
  g_assert_true (g_str_has_prefix (peil_post_get_text (post), "Kraan \xef\xbf\xbd"));
  g_assert_true (g_str_has_suffix (peil_post_get_text (post), "alt"));   /* json-glib takes the space too */
  g_assert_true (g_utf8_validate (peil_post_get_author_name (post), -1, NULL));
}

/* Issue 9: only http(s) addresses become a post's link; the raw payload
 * keeps what the source sent. */
static void
test_only_web_links (void)
{
  static const struct { const char *id; const char *url; const char *kept; } cases[] = {
    { "1", "javascript:alert(document.cookie)", NULL },
    { "2", "JavaScript:alert(1)", NULL },
    { "3", "file:///etc/passwd", NULL },
    { "4", "data:text/html,<script>alert(1)</script>", NULL },
    { "5", " https://nos.nl/a/1", NULL },
    { "6", "https:///zonder-host", NULL },
    { "7", "HTTPS://nos.nl/a/2", "HTTPS://nos.nl/a/2" },
    { "8", "http://omroepwest.nl/nieuws/1001", "http://omroepwest.nl/nieuws/1001" },
  };
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("links.peil");
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *ndjson = NULL;
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Summary summary;

  g_string_append (contents, "id,text,url\n");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (contents, "%s,Bericht %s,\"%s\"\n", cases[i].id, cases[i].id, cases[i].url);
  path = peil_test_write_file ("links.csv", contents->str);
  job = import_file (incident, "csv", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PeilPost) post = peil_test_find_post (incident, cases[i].id);

      g_test_message ("%s", cases[i].url);
      g_assert_cmpstr (peil_post_get_url (post), ==, cases[i].kept);
      g_assert_nonnull (strstr (peil_post_get_raw (post), cases[i].url));
    }

  g_clear_object (&job);
  ndjson = peil_test_write_file ("links.ndjson",
                                 "{\"peil\":1,\"source\":\"web\",\"id\":\"9\",\"text\":\"Peil\",\"url\":\"javascript:void(0)\"}\n");
  job = import_file (incident, "ndjson", ndjson, &summary, &error, NULL);
  g_assert_no_error (error);
  {
    g_autoptr(PeilPost) post = peil_test_find_post (incident, "9");
    g_assert_null (peil_post_get_url (post));
  }
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

/* Issue 9: one field of 10 MB over many lines is rejected with its reason
 * (it took 100 s of copying under ASan and all its size in memory), and
 * the records after it are read as before. */
static void
test_csv_huge_field (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("csv-huge.peil");
  g_autoptr(GString) contents = g_string_new ("id;tekst\n1;Eerste bericht\n2;\"Begin ");
  g_autofree char *path = NULL;
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(PeilPost) last = NULL;
  g_autoptr(GError) error = NULL;
  Summary summary;

  for (guint i = 0; i < 10000; i++)
    {
      for (guint j = 0; j < 100; j++)
        g_string_append (contents, i % 7 == 0 && j == 50 ? "\"\"citaat\"\" " : "stof, asbest ");
      g_string_append_c (contents, '\n');
    }
  g_string_append (contents, "einde\"\n3;\"Laatste\nbericht\"\n");
  path = peil_test_write_file ("huge.csv", contents->str);

  job = import_file (incident, "csv", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 2);
  g_assert_cmpuint (summary.rejected, ==, 1);
  assert_rejection (job, 0, 3, "larger than 4 MB");
  last = peil_test_find_post (incident, "3");
  g_assert_cmpstr (peil_post_get_text (last), ==, "Laatste\nbericht");
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

/* A source that gives a time after the year 9999 (no date to show: search
 * and stats printed "(null)") gets that post rejected with why; the job
 * and the other posts go on. */
static void
test_time_beyond_9999_rejected (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("far-future.peil");
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  const PeilRejection *rejection;

  job = peil_gather_job_new (incident, peil_plugin_engine_find_source (engine, "test-source"), NULL);
  peil_gather_job_set_option (job, "count", "3");
  peil_gather_job_set_option (job, "time", "253402300798");   /* 9999-12-31T23:59:58Z and on */
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 2);
  g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, 1);
  rejection = g_ptr_array_index (peil_gather_job_get_rejections (job), 0);
  g_assert_cmpuint (rejection->line, ==, 3);
  g_assert_cmpstr (rejection->reason, ==, "Its time lies after the year 9999");
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 2);
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

/* A line of 20 MB (a file without line ends, or a hostile one) is
 * rejected without being held in memory; the lines around it are read,
 * whatever ends them. */
static void
test_overlong_line (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("long.peil");
  g_autofree char *path = peil_test_tmp_path ("long.ndjson");
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  const PeilRejection *rejection;
  Summary summary = { 0 };

  g_string_append (contents, "{\"peil\":1,\"source\":\"x\",\"id\":\"1\",\"text\":\"Voor\"}\r\n");
  g_string_append (contents, "{\"peil\":1,\"source\":\"x\",\"id\":\"2\",\"text\":\"");
  for (guint i = 0; i < 20 * 1024 * 1024 / 8; i++)
    g_string_append (contents, "stofstof");
  g_string_append (contents, "\"}\r");
  g_string_append (contents, "{\"peil\":1,\"source\":\"x\",\"id\":\"3\",\"text\":\"Na\"}");
  g_assert_true (g_file_set_contents (path, contents->str, contents->len, NULL));

  job = import_file (incident, "ndjson", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 2);
  g_assert_cmpuint (summary.rejected, ==, 1);
  rejection = g_ptr_array_index (peil_gather_job_get_rejections (job), 0);
  g_assert_cmpuint (rejection->line, ==, 2);
  g_assert_nonnull (strstr (rejection->reason, "16 MB"));
  {
    g_autoptr(PeilPost) found = peil_test_find_post (incident, "3");
    g_assert_nonnull (found);
  }
}

static void
on_peeked (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* What the window's column-mapping step is built from. */
static PeilSourcePreview *
peek_file (const char  *format,
           const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  PeilSource *source = peil_plugin_engine_find_source (engine, format);

  peil_source_peek_async (source, file, 5, NULL, on_peeked, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return peil_source_peek_finish (source, result, error);
}

/* A real crisis export: its headers are not known names and carry a
 * space after each comma; it has no time column. The preview shows the
 * trimmed columns and the first rows; the columns named by hand import,
 * the import's time standing in for the missing one, and a second import
 * of the file adds nothing. */
static void
test_csv_preview_and_choice (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("crisislex.peil");
  g_autofree char *path = peil_test_write_file ("crisislex.csv",
    "Tweet ID, Tweet Text, Information Source, Informativeness\n"
    "\"3238\",\"Explosion at the Boston marathon.\",Outsiders,Related and informative\n"
    "\"3239\",\"RT @x: Boston Marathon is being shut down\",Media,Related and informative\n"
    "\"3240\",\"Praying for Boston\",Outsiders,Related - but not informative\n");
  g_autoptr(PeilSourcePreview) preview = NULL;
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  const char * const columns[] = { "Tweet ID", "Tweet Text", "Information Source", "Informativeness", NULL };
  const PeilSourceField *text;
  Summary summary;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  preview = peek_file ("csv", path, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (preview->columns, columns);
  g_assert_cmpuint (preview->rows->len, ==, 3);
  g_assert_cmpstr (((char **)g_ptr_array_index (preview->rows, 0))[1], ==, "Explosion at the Boston marathon.");
  text = peil_source_preview_find_field (preview, "text");
  g_assert_nonnull (text);
  g_assert_true (text->required);
  g_assert_null (text->column);                 /* not a name it knows */
  g_assert_null (peil_source_preview_find_field (preview, "time")->column);
  g_assert_cmpstr (((PeilSourceField *)g_ptr_array_index (preview->fields, 0))->key, ==, "text");

  /* Without an id column each row's id comes from its content, which
   * the import's time must not change. */
  job = import_file (incident, "csv", path, &summary, &error,
                     "map.text", "Tweet Text", "map.author", "", PEIL_GATHER_JOB_IMPORT_TIME, "true", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 3);
  post = find_post (incident, "csv", "Praying for Boston");
  g_assert_true (peil_post_get_time_from_import (post));
  g_assert_cmpint (peil_post_get_created_at (post), >=, before);
  g_assert_cmpint (peil_post_get_created_at (post), ==, peil_post_get_fetched_at (post));
  g_assert_nonnull (strstr (peil_post_get_raw (post), "\"Tweet Text\":"));   /* trimmed in the payload too */
  g_clear_object (&job);

  g_usleep (G_USEC_PER_SEC);   /* another second of import */
  job = import_file (incident, "csv", path, &summary, &error,
                     "map.text", "Tweet Text", "map.author", "", PEIL_GATHER_JOB_IMPORT_TIME, "true", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 0);
  g_assert_cmpuint (summary.duplicates, ==, 3);

  /* The same columns in another file give the same signature. */
  {
    g_autofree char *other = peil_test_write_file ("crisislex-2.csv",
      "Tweet ID,Tweet Text,Information Source,Informativeness\n\"1\",\"Iets\",Media,Related\n");
    g_autoptr(PeilSourcePreview) second = peek_file ("csv", other, &error);
    g_autofree char *signature = peil_source_preview_dup_signature (preview);
    g_autofree char *second_signature = peil_source_preview_dup_signature (second);

    g_assert_no_error (error);
    g_assert_cmpstr (signature, ==, second_signature);
  }

  /* Sources that need no choice say so. */
  {
    g_autofree char *ndjson = peil_test_fixture ("zeeschuimer.ndjson");
    g_autoptr(PeilSourcePreview) none = peek_file ("ndjson", ndjson, &error);

    g_assert_null (none);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED);
  }
}

/* Posts without a time take their import's time when the analyst asks,
 * in one logged change; they are counted as untimed until then. */
static void
test_use_import_times (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("import-times.peil");
  g_autoptr(PeilCounts) before = NULL;
  g_autoptr(PeilCounts) after = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 untimed;

  untimed = peil_test_add_post (incident, "csv", "1", NULL, "@a", "Zonder tijd");
  peil_test_add_post (incident, "csv", "2", NULL, "@b", "Ook zonder tijd");
  peil_test_add_post (incident, "csv", "3", "2026-11-25T14:00:00Z", "@c", "Met tijd");

  before = peil_incident_count (incident, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->untimed, ==, 2);
  g_assert_cmpuint (before->hours->len, ==, 1);

  g_assert_cmpint (peil_incident_use_import_times (incident, &error), ==, 2);
  g_assert_no_error (error);
  after = peil_incident_count (incident, NULL, &error);
  g_assert_cmpint (after->untimed, ==, 0);
  g_assert_cmpint (after->total, ==, 3);

  post = peil_incident_get_post (incident, untimed, &error);
  g_assert_true (peil_post_get_time_from_import (post));
  g_assert_cmpint (peil_post_get_created_at (post), ==, peil_post_get_fetched_at (post));
  events = peil_incident_list_events (incident, 1, &error);
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->action, ==, "times-from-import");
  g_assert_cmpstr (((PeilEvent *)g_ptr_array_index (events, 0))->detail, ==, "2");

  /* Nothing left to give a time. */
  g_assert_cmpint (peil_incident_use_import_times (incident, &error), ==, 0);
}

/* A quote opened and never closed (a hand-edited export) would swallow
 * every line after it into one post: that record is rejected with its
 * line, and the rows after it are read as they are. */
static void
test_csv_unclosed_quote (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("quote.peil");
  g_autoptr(GString) contents = g_string_new ("Datum;Auteur;Bericht\n");
  g_autofree char *path = NULL;
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  const PeilRejection *rejection;
  Summary summary = { 0 };

  for (guint i = 1; i <= 20; i++)
    g_string_append_printf (contents, "2026-11-25 14:%02u;Bewoner %u;%s\n", i, i,
                            i == 5 ? "\"Brand bij de haven, zegt iemand" : "Is de weg open?");
  path = peil_test_write_file ("quote.csv", contents->str);

  job = import_file (incident, "csv", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 19);
  g_assert_cmpuint (summary.rejected, ==, 1);
  rejection = g_ptr_array_index (peil_gather_job_get_rejections (job), 0);
  g_assert_cmpuint (rejection->line, ==, 6);
  g_assert_nonnull (strstr (rejection->reason, "quote"));
}

/* A quoted part followed by more text in one field ("Help!" roept de
 * buurman): the quote is not the field's end, and read on it swallowed
 * the rows after it into one field. That record is rejected with its
 * line; the rows after it are read as they are. A quote inside a field
 * that does not start with one stays part of its text. */
static void
test_csv_text_after_quote (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("na-quote.peil");
  g_autofree char *path = peil_test_write_file ("na-quote.csv",
                                                "id,author,text\n"
                                                "1,Bewoner 1,Is de weg open?\n"
                                                "2,Bewoner 2,\"Help!\" roept de buurman\n"
                                                "3,Bewoner 3,Brand bij de haven\n"
                                                "4,Bewoner 4,Hij zei \"kom\" en ging\n"
                                                "5,Bewoner 5,\"Rook\" \"overal\"\n"
                                                "6,Bewoner 6,\"Twee\nregels\"\n");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rejections;
  Summary summary = { 0 };

  job = import_file (incident, "csv", path, &summary, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 4);
  g_assert_cmpuint (summary.rejected, ==, 2);
  rejections = peil_gather_job_get_rejections (job);
  g_assert_cmpuint (((PeilRejection *)g_ptr_array_index (rejections, 0))->line, ==, 3);
  g_assert_nonnull (strstr (((PeilRejection *)g_ptr_array_index (rejections, 0))->reason, "quote"));
  g_assert_cmpuint (((PeilRejection *)g_ptr_array_index (rejections, 1))->line, ==, 6);
  {
    peil_test_autofinal(PeilPost) post = peil_test_find_post (incident, "3");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Brand bij de haven");
  }
  {
    peil_test_autofinal(PeilPost) post = peil_test_find_post (incident, "4");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Hij zei \"kom\" en ging");
  }
  {
    peil_test_autofinal(PeilPost) post = peil_test_find_post (incident, "6");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Twee\nregels");
  }
}

static char *
write_bytes (const char *name,
             const char *contents,
             gsize       length)
{
  char *path = peil_test_tmp_path (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* The character NUL ends a string in C: ids "abc\u0000one" and
 * "abc\u0000two" became one post, and a text was cut short at it. A line
 * or record with NUL in it is rejected, saying so; a header with NUL
 * rejects the file. An escaped backslash before "u0000" is no NUL. */
static void
test_nul_characters (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("nul.peil");
  static const char ndjson[] =
    "{\"peil\":1,\"source\":\"x\",\"id\":\"abc\\u0000one\",\"text\":\"Eerste\"}\n"
    "{\"peil\":1,\"source\":\"x\",\"id\":\"abc\\u0000two\",\"text\":\"Tweede\"}\n"
    "{\"peil\":1,\"source\":\"x\",\"id\":\"c\",\"text\":\"Tekst\\u0000verborgen\"}\n"
    "{\"peil\":1,\"source\":\"x\",\"id\":\"d\",\"text\":\"Streep \\\\u0000 blijft\"}\n";
  static const char csv[] = "id,author,text\n1,A,Goed\n2,B,Ver\0borgen\n3,C,\"Ook\ngoed\"\n";
  static const char csv_header[] = "id,au\0thor,text\n1,A,Goed\n";
  g_autofree char *ndjson_path = write_bytes ("nul.ndjson", ndjson, sizeof ndjson - 1);
  g_autofree char *csv_path = write_bytes ("nul.csv", csv, sizeof csv - 1);
  g_autofree char *header_path = write_bytes ("nul-kop.csv", csv_header, sizeof csv_header - 1);
  g_autoptr(GError) error = NULL;
  Summary summary = { 0 };

  {
    peil_test_autofinal(PeilGatherJob) job = import_file (incident, "ndjson", ndjson_path, &summary, &error, NULL);
    peil_test_autofinal(PeilPost) post = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (summary.added, ==, 1);
    g_assert_cmpuint (summary.rejected, ==, 3);
    assert_rejection (job, 0, 1, "NUL");
    assert_rejection (job, 1, 2, "NUL");
    assert_rejection (job, 2, 3, "NUL");
    post = peil_test_find_post (incident, "d");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Streep \\u0000 blijft");
  }
  {
    peil_test_autofinal(PeilGatherJob) job = import_file (incident, "csv", csv_path, &summary, &error, NULL);
    peil_test_autofinal(PeilPost) post = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (summary.added, ==, 2);
    g_assert_cmpuint (summary.rejected, ==, 1);
    assert_rejection (job, 0, 3, "NUL");
    post = peil_test_find_post (incident, "3");
    g_assert_cmpstr (peil_post_get_text (post), ==, "Ook\ngoed");
  }
  {
    peil_test_autofinal(PeilGatherJob) job = import_file (incident, "csv", header_path, &summary, &error, NULL);

    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "NUL"));
    g_assert_cmpuint (summary.added, ==, 0);
  }

  /* Excel's "Unicode text" is UTF-16: said so, not "The columns are ÿþi". */
  {
    static const char utf16[] = "\xFF\xFEi\0d\0,\0t\0e\0x\0t\0\r\0\n\0" "1\0,\0A\0\r\0\n\0";
    g_autofree char *utf16_path = write_bytes ("utf16.csv", utf16, sizeof utf16 - 1);
    peil_test_autofinal(PeilGatherJob) job = NULL;

    g_clear_error (&error);
    job = import_file (incident, "csv", utf16_path, &summary, &error, NULL);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "UTF-16"));
  }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  peil_test_init (&argc, &argv);
  engine = peil_test_engine ();

  g_test_add_func ("/import/time-beyond-9999", test_time_beyond_9999_rejected);
  g_test_add_func ("/import/zeeschuimer-and-4cat", test_zeeschuimer_and_4cat);
  g_test_add_func ("/import/peil-ndjson-bad-lines", test_peil_ndjson_unknown_tag);
  g_test_add_func ("/import/ndjson-hostile-lines", test_ndjson_hostile_lines);
  g_test_add_func ("/import/broken-text-kept", test_broken_text_kept);
  g_test_add_func ("/import/only-web-links", test_only_web_links);
  g_test_add_func ("/import/csv-dutch-export", test_csv_dutch_export);
  g_test_add_func ("/import/csv-huge-field", test_csv_huge_field);
  g_test_add_func ("/import/csv-column-map", test_csv_column_map);
  g_test_add_func ("/import/csv-mapping-errors", test_csv_mapping_errors);
  g_test_add_func ("/import/csv-preview-and-choice", test_csv_preview_and_choice);
  g_test_add_func ("/import/use-import-times", test_use_import_times);
  g_test_add_func ("/import/missing-file", test_missing_file);
  g_test_add_func ("/import/overlong-line", test_overlong_line);
  g_test_add_func ("/import/csv-unclosed-quote", test_csv_unclosed_quote);
  g_test_add_func ("/import/csv-text-after-quote", test_csv_text_after_quote);
  g_test_add_func ("/import/nul-characters", test_nul_characters);
  g_test_add_func ("/import/async-cancel", test_async_cancel);

  ret = g_test_run ();
  g_object_unref (engine);
  return ret;
}

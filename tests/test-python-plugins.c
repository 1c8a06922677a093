/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <peil.h>
#include <string.h>

#include "peil-test-util.h"

/* The two example plugins in Python (plugins/import-telegram and
 * plugins/export-markdown), loaded as the window and the CLI load them:
 * through the plugin engine, libpeas's python3 loader and the build
 * tree's typelib. */

static PeilPluginEngine *engine;

static PeilGatherJob *
import_telegram (PeilIncident *incident,
                 const char   *path,
                 GError      **error)
{
  PeilSource *source = peil_plugin_engine_find_source (engine, "telegram");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilGatherJob) job = NULL;

  g_assert_nonnull (source);
  job = peil_gather_job_new (incident, source, file);
  if (!peil_gather_job_run (job, NULL, error))
    return NULL;
  return g_steal_pointer (&job);
}

static void
test_loaded (void)
{
  PeilSource *source = peil_plugin_engine_find_source (engine, "telegram");
  PeilExporter *exporter = peil_plugin_engine_find_exporter (engine, "markdown");

  for (const GList *l = peil_plugin_engine_get_plugins (engine); l != NULL; l = l->next)
    if (g_str_equal (peas_plugin_info_get_module_name (l->data), "import_telegram") ||
        g_str_equal (peas_plugin_info_get_module_name (l->data), "export_markdown"))
      {
        g_assert_null (peil_plugin_engine_get_error (engine, l->data));
        g_assert_true (peas_plugin_info_is_loaded (l->data));
      }

  g_assert_nonnull (source);
  g_assert_cmpstr (peil_source_get_name (source), ==, "Telegram channel (JSON export)");
  g_assert_cmpint (peil_source_get_flags (source), ==, PEIL_SOURCE_READS_FILES);
  g_assert_nonnull (exporter);
  g_assert_cmpstr (peil_file_format_get_name (PEIL_FILE_FORMAT (exporter)), ==, "Markdown summary per tag");
  g_assert_cmpstr (peil_file_format_get_extension (PEIL_FILE_FORMAT (exporter)), ==, "md");
  g_assert_cmpstr (peil_file_format_get_mime_type (PEIL_FILE_FORMAT (exporter)), ==, "text/markdown");
}

static void
test_telegram_import (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("telegram.peil");
  g_autofree char *path = peil_test_fixture ("telegram/result.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilGatherJob) job = import_telegram (incident, path, &error);
  g_autoptr(PeilPost) first = NULL;
  g_autoptr(PeilPost) links = NULL;
  g_autoptr(PeilPost) bold = NULL;

  g_assert_no_error (error);
  /* Four messages, of which the first is the channel's creation. */
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 3);
  g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, 0);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 3);

  first = peil_test_find_post (incident, "1234567890/2");
  g_assert_cmpstr (peil_post_get_source (first), ==, "telegram");
  g_assert_cmpstr (peil_post_get_channel (first), ==, "Veiligheidsregio Testland");
  g_assert_cmpstr (peil_post_get_author_name (first), ==, "Veiligheidsregio Testland");
  g_assert_cmpstr (peil_post_get_author_handle (first), ==, "channel1234567890");
  g_assert_cmpstr (peil_post_get_text (first), ==, "Grote brand bij de haven: houd ramen en deuren gesloten.");
  /* date_unixtime; "date" is the exporter's local time (10:15 in CET). */
  g_assert_cmpint (peil_post_get_created_at (first), ==, 1709284500);   /* 2024-03-01 09:15 UTC */

  /* A link keeps its address; a named link (text_link) gets it after its words. */
  links = peil_test_find_post (incident, "1234567890/3");
  g_assert_cmpstr (peil_post_get_text (links), ==,
                   "Meer informatie: https://www.example.nl/brand en bij de gemeente (https://gemeente.example.nl/).");
  g_assert_cmpint (peil_post_get_created_at (links), ==, 1709286000);

  bold = peil_test_find_post (incident, "1234567890/4");
  g_assert_cmpstr (peil_post_get_text (bold), ==, "Update: de brand is onder controle.");
}

/* A Telegram export dropped on the window or imported without --format
 * goes to the Telegram import, which recognises it by its first bytes;
 * NDJSON, one object per line, still goes to the NDJSON import. */
static void
test_telegram_recognised (void)
{
  struct { const char *fixture; const char *source; } files[] = {
    { "telegram/result.json", "telegram" },
    { "telegram/hostile.json", "telegram" },
    { "zeeschuimer.ndjson", "ndjson" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = peil_test_fixture (files[i].fixture);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      PeilSource *source = peil_plugin_engine_find_source_for_file (engine, NULL, file, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (peil_source_get_id (source), ==, files[i].source);
    }
}

static void
test_telegram_hostile_messages (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("telegram-hostile.peil");
  g_autofree char *path = peil_test_fixture ("telegram/hostile.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilGatherJob) job = import_telegram (incident, path, &error);
  const char *reasons[] = {
    "Message 1: it is not an object",
    "Message 2: it has no number (“id”)",
    "Message 3: its “text” is neither text nor a list of parts",
    "Message 4: its time (“date_unixtime”) is not a number of seconds",
    "Message 5: a part of its “text” is neither text nor an entity with text",
  };
  GPtrArray *rejections;
  g_autoptr(PeilPost) good = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 1);
  g_assert_cmpuint (peil_gather_job_get_n_rejected (job), ==, G_N_ELEMENTS (reasons));
  rejections = peil_gather_job_get_rejections (job);
  g_assert_cmpuint (rejections->len, ==, G_N_ELEMENTS (reasons));
  for (guint i = 0; i < rejections->len; i++)
    {
      PeilRejection *rejection = g_ptr_array_index (rejections, i);

      g_assert_cmpuint (rejection->line, ==, i + 1);
      g_assert_cmpstr (rejection->reason, ==, reasons[i]);
    }

  good = peil_test_find_post (incident, "1234567890/6");
  g_assert_cmpstr (peil_post_get_text (good), ==, "the only good one");
}

static void
test_telegram_hostile_files (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("telegram-files.peil");
  g_autofree char *good = peil_test_fixture ("telegram/result.json");
  g_autofree char *deep_json = peil_test_deep_json (100000);
  g_autofree char *deep_export = g_strdup_printf ("{\"name\": \"x\", \"id\": 1, \"messages\": [%s]}", deep_json);
  struct {
    const char *name;
    const char *contents;
    const char *message;
  } files[] = {
    { "garbage.json", "<html>", "The file is not JSON: Expecting value: line 1 column 1 (char 0)" },
    { "array.json", "[1, 2]", "The file is not a Telegram export: it holds no object" },
    { "no-messages.json", "{\"name\": \"x\", \"id\": 1}",
      "The file is not a Telegram export: it has no list of “messages”" },
    { "messages-object.json", "{\"name\": \"x\", \"id\": 1, \"messages\": {\"id\": 1}}",
      "The file is not a Telegram export: it has no list of “messages”" },
    { "no-channel.json", "{\"name\": 7, \"id\": \"1\", \"messages\": []}",
      "The Telegram export does not say which channel it is (“name” and “id”)" },
    { "deep.json", deep_export, "The file nests too deeply to be a Telegram export" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilGatherJob) first = import_telegram (incident, good, &error);

  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 3);

  /* A file that is no export fails whole, and takes nothing away. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = peil_test_write_file (files[i].name, files[i].contents);
      g_autoptr(GError) file_error = NULL;
      g_autoptr(PeilGatherJob) job = import_telegram (incident, path, &file_error);

      g_assert_null (job);
      g_assert_error (file_error, PEIL_ERROR, PEIL_ERROR_INVALID);
      g_assert_cmpstr (file_error->message, ==, files[i].message);
      g_assert_cmpint (peil_incident_count_posts (incident), ==, 3);
    }
}

/* Values a message can hold that Python reads but Peil cannot store as
 * they are: each rejects its message alone, and the rest come in. Text
 * that is not UTF-8 gets U+FFFD, as in every import (docs/formats.md). */
static void
test_telegram_hostile_values (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("telegram-values.peil");
  g_autofree char *path = peil_test_write_file ("values.json",
    "{\"name\": \"Kanaal\", \"id\": 5, \"messages\": ["
    "{\"id\": 1, \"text\": \"te groot\", \"date_unixtime\": \"99999999999999999999\"},"
    "{\"id\": 2, \"text\": \"jaar 10000\", \"date_unixtime\": \"253402300800\"},"
    "{\"id\": 3, \"text\": \"voor\\u0000na\"},"
    "{\"id\": 4, \"text\": \"kapot \xff teken\"},"
    "{\"id\": 5, \"text\": \"goed\", \"date_unixtime\": \"1709284500\"},"
    "{\"id\": 6, \"text\": \"\\ud800\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilGatherJob) job = import_telegram (incident, path, &error);
  const char *reasons[] = {
    "Message 1: its time (“date_unixtime”) is not a number of seconds between 1970 and 9999",
    "Message 2: its time (“date_unixtime”) is not a number of seconds between 1970 and 9999",
    "Message 3: it holds the character NUL, which would cut it short",
  };
  GPtrArray *rejections;
  g_autoptr(PeilPost) good = NULL;
  g_autoptr(PeilPost) broken = NULL;
  g_autoptr(PeilPost) half = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 3);
  rejections = peil_gather_job_get_rejections (job);
  g_assert_cmpuint (rejections->len, ==, G_N_ELEMENTS (reasons));
  for (guint i = 0; i < rejections->len; i++)
    g_assert_cmpstr (((PeilRejection *)g_ptr_array_index (rejections, i))->reason, ==, reasons[i]);

  good = peil_test_find_post (incident, "5/5");
  g_assert_cmpstr (peil_post_get_text (good), ==, "goed");
  g_assert_cmpint (peil_post_get_created_at (good), ==, 1709284500);
  broken = peil_test_find_post (incident, "5/4");
  g_assert_cmpstr (peil_post_get_text (broken), ==, "kapot \xef\xbf\xbd teken");
  half = peil_test_find_post (incident, "5/6");
  g_assert_cmpstr (peil_post_get_text (half), ==, "\xef\xbf\xbd");
}

static char *
export_markdown (PeilIncident    *incident,
                 PeilFilter      *filter,
                 PeilExportFlags  flags)
{
  PeilExporter *exporter = peil_plugin_engine_find_exporter (engine, "markdown");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_exporter_write (exporter, incident, filter, flags, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));   /* the NUL */
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
test_markdown_export (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("markdown.peil");
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPseudonymizer) names = NULL;
  g_autofree char *real = NULL;
  g_autofree char *pseudonymous = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *filtered = NULL;
  g_autofree char *jan = NULL;
  gint64 fire, smoke, school;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_TITLE, "Brand # haven", &error));
  fire = peil_test_add_post (incident, "manual", "a", "2024-03-01T09:15:00Z", "jan", "Brand bij de *haven*");
  smoke = peil_test_add_post (incident, "manual", "b", "2024-03-01T10:00:00Z", "gemeente",
                              "Rook\nhoud ramen dicht, zegt @jan");
  school = peil_test_add_post (incident, "manual", "c", NULL, "piet", "School dicht?");
  g_assert_true (peil_incident_tag_post (incident, fire, "IB-WAT", &error));
  g_assert_true (peil_incident_tag_post (incident, smoke, "IB-WAT", &error));
  g_assert_true (peil_incident_tag_post (incident, smoke, "IB-DOEN", &error));
  g_assert_true (peil_incident_tag_post (incident, school, "BG-ANGST", &error));
  g_assert_no_error (error);

  /* Dimensions and tags in taxonomy order, posts newest first; a
   * post's text on one line, with Markdown's own characters escaped. */
  real = export_markdown (incident, NULL, PEIL_EXPORT_REAL_NAMES);
  g_assert_cmpstr (real, ==,
                   "# Brand \\# haven\n"
                   "\n## Information needs\n"
                   "\n### What happened (2)\n\n"
                   "- 2024-03-01 10:00 · gemeente: Rook houd ramen dicht, zegt @jan\n"
                   "- 2024-03-01 09:15 · jan: Brand bij de \\*haven\\*\n"
                   "\n### What to do (1)\n\n"
                   "- 2024-03-01 10:00 · gemeente: Rook houd ramen dicht, zegt @jan\n"
                   "\n## Sense-making\n"
                   "\n### Fear & anxiety (1)\n\n"
                   "- no time · piet: School dicht?\n");

  /* Without real names, authors and the people a text names get the
   * incident's pseudonyms, as in every export. */
  names = peil_incident_dup_pseudonymizer (incident, &error);
  g_assert_no_error (error);
  jan = peil_pseudonymizer_dup_name (names, "jan");
  g_assert_true (g_str_has_prefix (jan, "anon-"));
  pseudonymous = export_markdown (incident, NULL, PEIL_EXPORT_NONE);
  g_assert_null (strstr (pseudonymous, "jan"));
  g_assert_null (strstr (pseudonymous, "piet"));
  expected = g_strdup_printf ("- 2024-03-01 09:15 · %s: Brand bij de \\*haven\\*\n", jan);
  g_assert_nonnull (strstr (pseudonymous, expected));

  /* The export's filter holds for every tag: a tag left without posts
   * goes, and so does a dimension left without tags. */
  peil_filter_set_text (filter, "rook");
  filtered = export_markdown (incident, filter, PEIL_EXPORT_REAL_NAMES);
  g_assert_cmpstr (filtered, ==,
                   "# Brand \\# haven\n"
                   "\n## Information needs\n"
                   "\n### What happened (1)\n\n"
                   "- 2024-03-01 10:00 · gemeente: Rook houd ramen dicht, zegt @jan\n"
                   "\n### What to do (1)\n\n"
                   "- 2024-03-01 10:00 · gemeente: Rook houd ramen dicht, zegt @jan\n");

  /* A time past what GLib shows (the year 10000, which a plugin can set;
   * parsed times stop at 9999) is written as its seconds, not an export
   * that fails. */
  g_clear_pointer (&filtered, g_free);
  peil_filter_set_text (filter, "toekomst");
  {
    g_autoptr(PeilPost) far = peil_post_new ("manual", "d");

    peil_post_set_created_at (far, G_GINT64_CONSTANT (253402300800));
    peil_post_set_author_handle (far, "kees");
    peil_post_set_text (far, "toekomst");
    g_assert_true (peil_incident_add_post (incident, far, NULL, &error));
    g_assert_true (peil_incident_tag_post (incident, peil_post_get_id (far), "IB-WAT", &error));
    g_assert_no_error (error);
  }
  filtered = export_markdown (incident, filter, PEIL_EXPORT_REAL_NAMES);
  g_assert_nonnull (strstr (filtered, "\n- 253402300800 · kees: toekomst\n"));

  /* An exercise's summary says so under its title. */
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_EXERCISE, "true", &error));
  g_assert_no_error (error);
  g_clear_pointer (&filtered, g_free);
  filtered = export_markdown (incident, filter, PEIL_EXPORT_REAL_NAMES);
  g_assert_true (g_str_has_prefix (filtered, "# Brand \\# haven\n\n**OEFENING / EXERCISE**\n\n## Information needs\n"));
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  if (PEIL_IS_GATHER_JOB (object))
    g_assert_true (peil_gather_job_run_finish (PEIL_GATHER_JOB (object), result, error));
  else
    g_assert_true (peil_file_format_export_finish (PEIL_FILE_FORMAT (object), result, error));
  /* Tells the loop below that the callback ran. */
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* The window runs imports and exports on a worker thread: Python code
 * runs there too, and the main thread stays free while it does. */
static void
test_worker_thread (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("telegram-async.peil");
  g_autofree char *fixture = peil_test_fixture ("telegram/result.json");
  g_autoptr(GFile) input = g_file_new_for_path (fixture);
  g_autofree char *path = peil_test_tmp_path ("async.md");
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  job = peil_gather_job_new (incident, peil_plugin_engine_find_source (engine, "telegram"), input);
  peil_gather_job_run_async (job, NULL, on_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 3);

  g_assert_true (peil_incident_tag_post (incident, 1, "IB-WAT", &error));
  peil_exporter_export_file_async (peil_plugin_engine_find_exporter (engine, "markdown"), incident, NULL,
                                   PEIL_EXPORT_REAL_NAMES, output, NULL, on_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==,
                   "# Posts per tag\n"
                   "\n## Information needs\n"
                   "\n### What happened (1)\n\n"
                   "- 2024-03-01 09:15 · Veiligheidsregio Testland: "
                   "Grote brand bij de haven: houd ramen en deuren gesloten.\n");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  peil_test_init (&argc, &argv);
  engine = peil_test_engine ();

  g_test_add_func ("/python-plugins/loaded", test_loaded);
  g_test_add_func ("/python-plugins/telegram-import", test_telegram_import);
  g_test_add_func ("/python-plugins/telegram-recognised", test_telegram_recognised);
  g_test_add_func ("/python-plugins/telegram-hostile-messages", test_telegram_hostile_messages);
  g_test_add_func ("/python-plugins/telegram-hostile-files", test_telegram_hostile_files);
  g_test_add_func ("/python-plugins/telegram-hostile-values", test_telegram_hostile_values);
  g_test_add_func ("/python-plugins/markdown-export", test_markdown_export);
  g_test_add_func ("/python-plugins/worker-thread", test_worker_thread);

  ret = g_test_run ();
  g_object_unref (engine);
  return ret;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "peil-test-util.h"

static PeasPluginInfo *
find_plugin (PeilPluginEngine *engine,
             const char       *module)
{
  for (const GList *l = peil_plugin_engine_get_plugins (engine); l; l = l->next)
    if (g_str_equal (peas_plugin_info_get_module_name (l->data), module))
      return l->data;
  return NULL;
}

/* The built-in plugins load from disk like anyone's, and provide their
 * extensions. */
static void
test_builtin_plugins (void)
{
  peil_test_autofinal(PeilPluginEngine) engine = peil_test_engine ();
  const char *builtin[] = { "import-ndjson", "import-csv", "export-ndjson", "export-csv" };
  PeilExporter *csv;

  for (guint i = 0; i < G_N_ELEMENTS (builtin); i++)
    {
      PeasPluginInfo *info = find_plugin (engine, builtin[i]);

      g_assert_nonnull (info);
      g_assert_true (peas_plugin_info_is_loaded (info));
      g_assert_null (peil_plugin_engine_get_error (engine, info));
    }

  g_assert_nonnull (peil_plugin_engine_find_source (engine, "ndjson"));
  g_assert_nonnull (peil_plugin_engine_find_source (engine, "csv"));
  g_assert_nonnull (peil_plugin_engine_find_exporter (engine, "ndjson"));
  csv = peil_plugin_engine_find_exporter (engine, "csv");
  g_assert_nonnull (csv);
  g_assert_cmpstr (peil_file_format_get_extension (PEIL_FILE_FORMAT (csv)), ==, "csv");
  g_assert_cmpstr (peil_file_format_get_mime_type (PEIL_FILE_FORMAT (csv)), ==, "text/csv");
  g_assert_null (peil_plugin_engine_find_source (engine, "nothing"));
}

/* A plugin found through PEIL_PLUGIN_PATH loads, and its posts reach the file. */
static void
test_plugin_from_path (void)
{
  peil_test_autofinal(PeilPluginEngine) engine = peil_test_engine ();
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("plugin-path.peil");
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  PeilSource *source = peil_plugin_engine_find_source (engine, "test-source");

  g_assert_nonnull (source);
  job = peil_gather_job_new (incident, source, NULL);
  peil_gather_job_set_option (job, "count", "7");
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 7);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 7);
}

/* A plugin built for another ABI is refused with a message naming it;
 * one whose module is missing fails alone; the rest keep working. */
/* A plugin that fails to load is listed with libpeas's reason (here: its
 * module is missing), not only "Failed to load". In a subprocess, so that
 * the warning carrying the reason is not consumed as an expected one. */
static void
test_plugin_failure_reason (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(PeilPluginEngine) engine = peil_plugin_engine_new ();
      const GError *error;

      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      peil_plugin_engine_load_all (engine);
      error = peil_plugin_engine_get_error (engine, find_plugin (engine, "test-broken"));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "Broken plugin"));
      g_assert_nonnull (strstr (error->message, "libtest-broken.so"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Failed to load module 'test-broken'*");
}

static void
test_plugin_failures (void)
{
  peil_test_autofinal(PeilPluginEngine) engine = peil_test_engine ();
  PeasPluginInfo *old_abi = find_plugin (engine, "test-old-abi");
  PeasPluginInfo *broken = find_plugin (engine, "test-broken");
  const GError *error;

  g_assert_nonnull (old_abi);
  g_assert_false (peas_plugin_info_is_loaded (old_abi));
  error = peil_plugin_engine_get_error (engine, old_abi);
  g_assert_nonnull (error);
  g_assert_error ((GError *)error, PEIL_ERROR, PEIL_ERROR_PLUGIN);
  g_assert_nonnull (strstr (error->message, "Old ABI source"));
  g_assert_nonnull (strstr (error->message, "99"));
  g_assert_null (peil_plugin_engine_find_source (engine, "test-old-abi"));

  g_assert_nonnull (broken);
  g_assert_false (peas_plugin_info_is_loaded (broken));
  g_assert_nonnull (peil_plugin_engine_get_error (engine, broken));

  g_assert_nonnull (peil_plugin_engine_find_source (engine, "test-source"));
  g_assert_nonnull (peil_plugin_engine_find_exporter (engine, "csv"));
}

static void
test_disable_plugin (void)
{
  peil_test_autofinal(PeilPluginEngine) engine = peil_test_engine ();
  const char *disabled[] = { "export-csv", NULL };
  PeasPluginInfo *info;

  g_assert_nonnull (peil_plugin_engine_find_exporter (engine, "csv"));

  peil_plugin_engine_set_disabled (engine, disabled);
  peil_plugin_engine_load_all (engine);
  info = find_plugin (engine, "export-csv");
  g_assert_true (peil_plugin_engine_is_disabled (engine, info));
  g_assert_false (peas_plugin_info_is_loaded (info));
  g_assert_null (peil_plugin_engine_find_exporter (engine, "csv"));
  g_assert_nonnull (peil_plugin_engine_find_exporter (engine, "ndjson"));

  peil_plugin_engine_set_disabled (engine, NULL);
  peil_plugin_engine_load_all (engine);
  g_assert_nonnull (peil_plugin_engine_find_exporter (engine, "csv"));
}

/* Every kind of exporter is a #PeilFileFormat: the built-in ones say
 * their identifier, extension and MIME type through the one interface. */
static void
test_file_formats (void)
{
  peil_test_autofinal(PeilPluginEngine) engine = peil_test_engine ();
  const struct { GPtrArray *formats; const char *id, *extension, *mime_type; } expected[] = {
    { peil_plugin_engine_get_exporters (engine), "csv", "csv", "text/csv" },
    { peil_plugin_engine_get_exporters (engine), "ndjson", "ndjson", "application/x-ndjson" },
#if HAVE_INTROSPECTION
    /* A plugin in Python (plugins/export-markdown). */
    { peil_plugin_engine_get_exporters (engine), "markdown", "md", "text/markdown" },
#endif
    { peil_plugin_engine_get_report_exporters (engine), "html", "html", "text/html" },
    { peil_plugin_engine_get_report_exporters (engine), "pdf", "pdf", "application/pdf" },
    { peil_plugin_engine_get_report_exporters (engine), "xlsx", "xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    { peil_plugin_engine_get_debrief_exporters (engine), "html", "html", "text/html" },
    { peil_plugin_engine_get_debrief_exporters (engine), "pdf", "pdf", "application/pdf" },
  };

  g_assert_cmpuint (peil_plugin_engine_get_exporters (engine)->len, ==, 2 + HAVE_INTROSPECTION);
  g_assert_cmpuint (peil_plugin_engine_get_report_exporters (engine)->len, ==, 3);
  g_assert_cmpuint (peil_plugin_engine_get_debrief_exporters (engine)->len, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      PeilFileFormat *format = NULL;

      for (guint j = 0; j < expected[i].formats->len && format == NULL; j++)
        if (g_str_equal (peil_file_format_get_format_id (g_ptr_array_index (expected[i].formats, j)), expected[i].id))
          format = g_ptr_array_index (expected[i].formats, j);
      g_assert_nonnull (format);
      g_assert_true (PEIL_IS_FILE_FORMAT (format));
      g_assert_cmpstr (peil_file_format_get_extension (format), ==, expected[i].extension);
      g_assert_cmpstr (peil_file_format_get_mime_type (format), ==, expected[i].mime_type);
      g_assert_cmpstr (peil_file_format_get_name (format), !=, "");
    }
}

/* A format that says no more than its identifier: the rest defaults to
 * it, and its writer refuses. */
#define TEST_TYPE_BARE_FORMAT (test_bare_format_get_type ())
G_DECLARE_FINAL_TYPE (TestBareFormat, test_bare_format, TEST, BARE_FORMAT, GObject)

struct _TestBareFormat
{
  GObject parent_instance;
};

static const char *bare_format_id (PeilFileFormat *format) { return "bare"; }

static void
bare_file_format_init (PeilFileFormatInterface *iface)
{
  iface->get_format_id = bare_format_id;
}

static void bare_exporter_init (PeilExporterInterface *iface) { }

G_DEFINE_FINAL_TYPE_WITH_CODE (TestBareFormat, test_bare_format, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PEIL_TYPE_FILE_FORMAT, bare_file_format_init)
                               G_IMPLEMENT_INTERFACE (PEIL_TYPE_EXPORTER, bare_exporter_init))

static void test_bare_format_class_init (TestBareFormatClass *klass) { }
static void test_bare_format_init (TestBareFormat *self) { }

static void
test_file_format_defaults (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("bare-format.peil");
  g_autoptr(PeilFileFormat) format = g_object_new (TEST_TYPE_BARE_FORMAT, NULL);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_type_is_a (PEIL_TYPE_REPORT_EXPORTER, PEIL_TYPE_FILE_FORMAT));
  g_assert_true (g_type_is_a (PEIL_TYPE_EXPORTER, PEIL_TYPE_FILE_FORMAT));
  g_assert_true (g_type_is_a (PEIL_TYPE_DEBRIEF_EXPORTER, PEIL_TYPE_FILE_FORMAT));
  g_assert_cmpstr (peil_file_format_get_format_id (format), ==, "bare");
  g_assert_cmpstr (peil_file_format_get_name (format), ==, "bare");
  g_assert_cmpstr (peil_file_format_get_extension (format), ==, "bare");
  g_assert_cmpstr (peil_file_format_get_mime_type (format), ==, "application/octet-stream");

  g_assert_false (peil_exporter_write (PEIL_EXPORTER (format), incident, NULL, PEIL_EXPORT_NONE, stream, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "“bare”"));
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/plugins/builtin", test_builtin_plugins);
  g_test_add_func ("/plugins/from-path", test_plugin_from_path);
  g_test_add_func ("/plugins/failures", test_plugin_failures);
  g_test_add_func ("/plugins/failure-reason", test_plugin_failure_reason);
  g_test_add_func ("/plugins/disable", test_disable_plugin);
  g_test_add_func ("/plugins/file-formats", test_file_formats);
  g_test_add_func ("/plugins/file-format-defaults", test_file_format_defaults);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An exporter that exists only for test-export, which alone adds this
 * folder to PEIL_PLUGIN_PATH: it writes part of a file and then fails,
 * as a plugin that meets a bad record or a full disk half-way does. */
#include "config.h"

#include <libpeas/peas.h>
#include <peil.h>

#define PEIL_TYPE_TEST_FAILING_EXPORTER (peil_test_failing_exporter_get_type ())
G_DECLARE_FINAL_TYPE (PeilTestFailingExporter, peil_test_failing_exporter, PEIL, TEST_FAILING_EXPORTER, GObject)

struct _PeilTestFailingExporter
{
  GObject parent_instance;
};

static void file_format_iface_init (PeilFileFormatInterface *iface);
static void exporter_iface_init (PeilExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilTestFailingExporter, peil_test_failing_exporter, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_EXPORTER, exporter_iface_init))

static void peil_test_failing_exporter_class_init (PeilTestFailingExporterClass *klass) { }
static void peil_test_failing_exporter_class_finalize (PeilTestFailingExporterClass *klass) { }
static void peil_test_failing_exporter_init (PeilTestFailingExporter *self) { }

static const char *
get_format_id (PeilFileFormat *format)
{
  return "test-fails";
}

static void
file_format_iface_init (PeilFileFormatInterface *iface)
{
  iface->get_format_id = get_format_id;
}

/* More than one buffer of the file writer (64 KiB), so that part of it
 * reaches the disk before the failure. */
static gboolean
write_then_fail (PeilExporter     *exporter,
                 PeilIncident     *incident,
                 PeilFilter       *filter,
                 PeilExportFlags   flags,
                 GOutputStream    *stream,
                 GCancellable     *cancellable,
                 GError          **error)
{
  g_autofree char *line = g_strnfill (1023, 'x');

  for (guint i = 0; i < 200; i++)
    if (!g_output_stream_printf (stream, NULL, cancellable, error, "%s\n", line))
      return FALSE;
  g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, "a record it cannot write");
  return FALSE;
}

static void
exporter_iface_init (PeilExporterInterface *iface)
{
  iface->write = write_then_fail;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_test_failing_exporter_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_EXPORTER, PEIL_TYPE_TEST_FAILING_EXPORTER);
}

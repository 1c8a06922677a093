/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-report-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-file-format-private.h"
#include "peil-report-exporter.h"
#include "peil-report-private.h"

/**
 * PeilReportExporter:
 *
 * Writes a round's #PeilReport to a file in one format, such as HTML, PDF
 * or XLSX: the interface of `X-Peil-Kind=report` plugins.
 *
 * A report exporter implements #PeilFileFormat too (which it requires)
 * for its identifier, name, extension and MIME type, and
 * #PeilReportExporterInterface.write for the report.
 */

G_DEFINE_INTERFACE (PeilReportExporter, peil_report_exporter, PEIL_TYPE_FILE_FORMAT)

static gboolean
peil_report_exporter_real_write (PeilReportExporter  *self,
                                 PeilReport          *report,
                                 GOutputStream       *stream,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
               _("The report format “%s” cannot write files"),
               peil_file_format_get_format_id (PEIL_FILE_FORMAT (self)));
  return FALSE;
}

static void
peil_report_exporter_default_init (PeilReportExporterInterface *iface)
{
  iface->write = peil_report_exporter_real_write;
}

/**
 * peil_report_exporter_write:
 * @self: a #PeilReportExporter
 * @report: the report to write
 * @stream: where to write it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @report to @stream: what peil_report_exporter_export_file() calls
 * on its temporary file. Reads nothing but @report, so it may run on any
 * thread.
 *
 * Returns: %TRUE when the whole report was written
 */
gboolean
peil_report_exporter_write (PeilReportExporter  *self,
                            PeilReport          *report,
                            GOutputStream       *stream,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_return_val_if_fail (PEIL_IS_REPORT_EXPORTER (self), FALSE);
  g_return_val_if_fail (PEIL_IS_REPORT (report), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  return PEIL_REPORT_EXPORTER_GET_IFACE (self)->write (self, report, stream, cancellable, error);
}

typedef struct
{
  PeilReportExporter *exporter;
  PeilReport         *report;
} WriteCall;

static gboolean
write_report (GOutputStream  *stream,
              gpointer        user_data,
              GCancellable   *cancellable,
              GError        **error)
{
  WriteCall *call = user_data;
  return peil_report_exporter_write (call->exporter, call->report, stream, cancellable, error);
}

/**
 * peil_report_exporter_export_file:
 * @self: a #PeilReportExporter
 * @report: the report to write
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the report to @file; refuses to write over the incident's own
 * file, and a failure leaves no half file and keeps an earlier one. Does
 * not log: the caller logs the report it gave out with
 * peil_report_log_written().
 *
 * Returns: %TRUE when the file was written
 */
gboolean
peil_report_exporter_export_file (PeilReportExporter  *self,
                                  PeilReport          *report,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GError             **error)
{
  WriteCall call = { self, report };

  g_return_val_if_fail (PEIL_IS_REPORT_EXPORTER (self), FALSE);
  g_return_val_if_fail (PEIL_IS_REPORT (report), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!peil_report_check_target (report, file, error))
    return FALSE;
  return peil_replace_file_contents (file, write_report, &call, cancellable, error);
}

static gboolean
export_report (PeilFileFormat  *format,
               PeilIncident    *connection,
               gpointer         report,
               GFile           *file,
               GCancellable    *cancellable,
               GError         **error)
{
  return peil_report_exporter_export_file (PEIL_REPORT_EXPORTER (format), report, file, cancellable, error);
}

/**
 * peil_report_exporter_export_file_async:
 * @self: a #PeilReportExporter
 * @report: the report to write
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the file is written or failed
 * @user_data: (closure): data for @callback
 *
 * Writes the report as peil_report_exporter_export_file() does, on a
 * worker thread. Call peil_file_format_export_finish() in @callback for
 * the result.
 */
void
peil_report_exporter_export_file_async (PeilReportExporter  *self,
                                        PeilReport          *report,
                                        GFile               *file,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (PEIL_IS_REPORT_EXPORTER (self));
  g_return_if_fail (PEIL_IS_REPORT (report));
  g_return_if_fail (G_IS_FILE (file));

  peil_file_format_export_async (PEIL_FILE_FORMAT (self), NULL, export_report,
                                 g_object_ref (report), g_object_unref,
                                 file, cancellable, callback, user_data);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-report-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-exporter-private.h"
#include "peil-report-exporter.h"
#include "peil-report-private.h"

G_DEFINE_INTERFACE (PeilReportExporter, peil_report_exporter, G_TYPE_OBJECT)

static const char *
peil_report_exporter_real_get_name (PeilReportExporter *self)
{
  return peil_report_exporter_get_format_id (self);
}

static const char *
peil_report_exporter_real_get_mime_type (PeilReportExporter *self)
{
  return "application/octet-stream";
}

static gboolean
peil_report_exporter_real_write (PeilReportExporter  *self,
                                 PeilReport          *report,
                                 GOutputStream       *stream,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
               _("The report format “%s” cannot write files"), peil_report_exporter_get_format_id (self));
  return FALSE;
}

static void
peil_report_exporter_default_init (PeilReportExporterInterface *iface)
{
  iface->get_name = peil_report_exporter_real_get_name;
  iface->get_mime_type = peil_report_exporter_real_get_mime_type;
  iface->write = peil_report_exporter_real_write;
}

const char *
peil_report_exporter_get_format_id (PeilReportExporter *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT_EXPORTER (self), NULL);
  g_return_val_if_fail (PEIL_REPORT_EXPORTER_GET_IFACE (self)->get_format_id != NULL, NULL);

  return PEIL_REPORT_EXPORTER_GET_IFACE (self)->get_format_id (self);
}

const char *
peil_report_exporter_get_name (PeilReportExporter *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT_EXPORTER (self), NULL);
  return PEIL_REPORT_EXPORTER_GET_IFACE (self)->get_name (self);
}

const char *
peil_report_exporter_get_extension (PeilReportExporter *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT_EXPORTER (self), NULL);

  if (PEIL_REPORT_EXPORTER_GET_IFACE (self)->get_extension == NULL)
    return peil_report_exporter_get_format_id (self);
  return PEIL_REPORT_EXPORTER_GET_IFACE (self)->get_extension (self);
}

const char *
peil_report_exporter_get_mime_type (PeilReportExporter *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT_EXPORTER (self), NULL);
  return PEIL_REPORT_EXPORTER_GET_IFACE (self)->get_mime_type (self);
}

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
 *
 * Writes the report to @file; a failure leaves no half file and keeps an
 * earlier one.
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
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!peil_report_check_target (report, file, error))
    return FALSE;
  return peil_replace_file_contents (file, write_report, &call, cancellable, error);
}

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = g_object_get_data (G_OBJECT (task), "file");
  GError *error = NULL;

  if (peil_report_exporter_export_file (source_object, task_data, file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
peil_report_exporter_export_file_async (PeilReportExporter  *self,
                                        PeilReport          *report,
                                        GFile               *file,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PEIL_IS_REPORT_EXPORTER (self));
  g_return_if_fail (PEIL_IS_REPORT (report));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_report_exporter_export_file_async);
  g_task_set_task_data (task, g_object_ref (report), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, export_in_thread);
}

gboolean
peil_report_exporter_export_file_finish (PeilReportExporter  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (PEIL_IS_REPORT_EXPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

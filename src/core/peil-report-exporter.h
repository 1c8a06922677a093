/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-report.h"

G_BEGIN_DECLS

#define PEIL_TYPE_REPORT_EXPORTER (peil_report_exporter_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PeilReportExporter, peil_report_exporter, PEIL, REPORT_EXPORTER, GObject)

/**
 * PeilReportExporterInterface:
 * @get_format_id: a short, stable identifier ("html", "pdf")
 * @get_name: a translated name for people
 * @get_extension: the file name extension, without the dot
 * @get_mime_type: the MIME type of what it writes
 * @write: writes @report to @stream; called on a worker thread, and
 *   reads nothing but @report
 */
struct _PeilReportExporterInterface
{
  GTypeInterface parent_iface;

  const char *(*get_format_id) (PeilReportExporter  *self);
  const char *(*get_name)      (PeilReportExporter  *self);
  const char *(*get_extension) (PeilReportExporter  *self);
  const char *(*get_mime_type) (PeilReportExporter  *self);
  gboolean    (*write)         (PeilReportExporter  *self,
                                PeilReport          *report,
                                GOutputStream       *stream,
                                GCancellable        *cancellable,
                                GError             **error);
};

PEIL_AVAILABLE_IN_ALL
const char *peil_report_exporter_get_format_id     (PeilReportExporter   *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_report_exporter_get_name          (PeilReportExporter   *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_report_exporter_get_extension     (PeilReportExporter   *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_report_exporter_get_mime_type     (PeilReportExporter   *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_report_exporter_write             (PeilReportExporter   *self,
                                                    PeilReport           *report,
                                                    GOutputStream        *stream,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_report_exporter_export_file       (PeilReportExporter   *self,
                                                    PeilReport           *report,
                                                    GFile                *file,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
PEIL_AVAILABLE_IN_ALL
void        peil_report_exporter_export_file_async (PeilReportExporter   *self,
                                                    PeilReport           *report,
                                                    GFile                *file,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_report_exporter_export_file_finish (PeilReportExporter  *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS

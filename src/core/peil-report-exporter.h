/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-file-format.h"
#include "peil-report.h"

G_BEGIN_DECLS

#define PEIL_TYPE_REPORT_EXPORTER (peil_report_exporter_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PeilReportExporter, peil_report_exporter, PEIL, REPORT_EXPORTER, GObject)

/**
 * PeilReportExporterInterface:
 * @parent_iface: the parent interface
 * @write: writes @report to @stream; called on a worker thread, and
 *   reads nothing but @report
 *
 * A format a round's report is written in (`X-Peil-Kind=report`). Its
 * format id, name, extension and MIME type come from #PeilFileFormat,
 * which every report exporter implements too.
 */
struct _PeilReportExporterInterface
{
  GTypeInterface parent_iface;

  gboolean (*write) (PeilReportExporter  *self,
                     PeilReport          *report,
                     GOutputStream       *stream,
                     GCancellable        *cancellable,
                     GError             **error);
};

PEIL_AVAILABLE_IN_ALL
gboolean peil_report_exporter_write             (PeilReportExporter   *self,
                                                 PeilReport           *report,
                                                 GOutputStream        *stream,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
PEIL_AVAILABLE_IN_ALL
gboolean peil_report_exporter_export_file       (PeilReportExporter   *self,
                                                 PeilReport           *report,
                                                 GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
PEIL_AVAILABLE_IN_ALL
void     peil_report_exporter_export_file_async (PeilReportExporter   *self,
                                                 PeilReport           *report,
                                                 GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);

G_END_DECLS

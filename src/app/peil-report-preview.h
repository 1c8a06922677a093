/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PEIL_TYPE_REPORT_PREVIEW (peil_report_preview_get_type ())

G_DECLARE_FINAL_TYPE (PeilReportPreview, peil_report_preview, PEIL, REPORT_PREVIEW, AdwWindow)

GtkWidget *peil_report_preview_new        (GtkWindow         *parent,
                                           const char        *title);
void       peil_report_preview_show_file  (PeilReportPreview *self,
                                           GFile             *pdf);
void       peil_report_preview_show_error (PeilReportPreview *self,
                                           const GError      *error);
guint      peil_report_preview_get_n_pages (PeilReportPreview *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

/**
 * PeilSelectedPostsFunc:
 *
 * Returns: (transfer full) (element-type PeilPost): the posts the user
 *   selected in the post list
 */
typedef GPtrArray *(*PeilSelectedPostsFunc) (gpointer user_data);

#define PEIL_TYPE_REPORT_PAGE (peil_report_page_get_type ())

G_DECLARE_FINAL_TYPE (PeilReportPage, peil_report_page, PEIL, REPORT_PAGE, GtkWidget)

void        peil_report_page_set_incident       (PeilReportPage        *self,
                                                 PeilIncident          *incident,
                                                 PeilPluginEngine      *plugins);
void        peil_report_page_set_replica        (PeilReportPage        *self,
                                                 PeilReplica           *replica);
void        peil_report_page_set_selected_posts_func (PeilReportPage  *self,
                                                      PeilSelectedPostsFunc func,
                                                      gpointer         user_data);
guint       peil_report_page_get_round          (PeilReportPage        *self);
void        peil_report_page_show_round         (PeilReportPage        *self,
                                                 guint                  number);
void        peil_report_page_refresh            (PeilReportPage        *self);
void        peil_report_page_go_to_section      (PeilReportPage        *self,
                                                 const char            *key);
gboolean    peil_report_page_is_busy            (PeilReportPage        *self);
gboolean    peil_report_page_save_texts         (PeilReportPage        *self);
void        peil_report_page_issue              (PeilReportPage        *self);
const char *peil_report_page_get_language       (PeilReportPage        *self);
void        peil_report_page_export_to          (PeilReportPage        *self,
                                                 PeilReportExporter    *exporter,
                                                 GFile                 *file);

G_END_DECLS

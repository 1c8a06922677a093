/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PEIL_TYPE_BAR_CHART (peil_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (PeilBarChart, peil_bar_chart, PEIL, BAR_CHART, GtkWidget)

GtkWidget *peil_bar_chart_new        (GtkOrientation  orientation);
void       peil_bar_chart_clear      (PeilBarChart   *self);
void       peil_bar_chart_add_bar    (PeilBarChart   *self,
                                      const char     *label,
                                      gint64          value,
                                      const char     *key);
gint64     peil_bar_chart_get_axis_max (PeilBarChart *self);
guint      peil_bar_chart_get_n_bars (PeilBarChart   *self);
gint64     peil_bar_chart_get_value  (PeilBarChart   *self,
                                      guint           index);
const char *peil_bar_chart_get_key   (PeilBarChart   *self,
                                      guint           index);
guint      peil_bar_chart_add_marker (PeilBarChart   *self,
                                      guint           bar,
                                      double          offset,
                                      const char     *label);
void       peil_bar_chart_set_marker_tooltip (PeilBarChart *self,
                                              guint         index,
                                              const char   *tooltip);
guint      peil_bar_chart_get_n_markers (PeilBarChart *self);
guint      peil_bar_chart_get_marker_bar (PeilBarChart *self,
                                          guint         index);
const char *peil_bar_chart_get_marker_tooltip (PeilBarChart *self,
                                               guint         index);

G_END_DECLS

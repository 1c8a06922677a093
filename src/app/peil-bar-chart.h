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

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-bar-chart"

#include "config.h"

#include <peil.h>

#include "peil-bar-chart.h"

/*
 * Bars drawn with GtkSnapshot: horizontal ones with their labels (posts per
 * tag), or vertical columns (volume per hour) labelled now and then. Each
 * chart has one axis, with round numbers on its grid lines, and each bar
 * says its count. Clicking a bar emits ::bar-activated with the key given
 * with it, which the window turns into a filter; its tooltip sits at the
 * bar.
 */
#define ROW_HEIGHT 28
/* The same for every chart, so that the dimensions' bars line up. */
#define LABEL_WIDTH 260
#define COUNT_WIDTH 56
#define COLUMN_HEIGHT 180
#define AXIS_HEIGHT 22
#define AXIS_WIDTH 44
/* Columns no wider than this: a few hours do not look like a wall. */
#define MAX_COLUMN_WIDTH 48

static const GdkRGBA bar_color = { 0.21, 0.52, 0.89, 0.9 };
static const GdkRGBA grid_color = { 0.5, 0.5, 0.5, 0.25 };

typedef struct
{
  char   *label;
  char   *key;
  gint64  value;
} Bar;

struct _PeilBarChart
{
  GtkWidget       parent_instance;

  GtkOrientation  orientation;
  GArray         *bars;
};

enum {
  BAR_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeilBarChart, peil_bar_chart, GTK_TYPE_WIDGET)

static void
clear_bar (gpointer data)
{
  Bar *bar = data;

  g_free (bar->label);
  g_free (bar->key);
}

/* One axis for all bars: to a round number at or above the largest. */
static gint64
axis_step (PeilBarChart *self,
           gint64       *axis_max)
{
  gint64 largest = 0;

  for (guint i = 0; i < self->bars->len; i++)
    largest = MAX (largest, g_array_index (self->bars, Bar, i).value);
  return peil_format_axis (largest, axis_max);
}

static int
text_width (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
peil_bar_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  PeilBarChart *self = PEIL_BAR_CHART (widget);
  gboolean rows = self->orientation == GTK_ORIENTATION_HORIZONTAL;

  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = rows ? (int)self->bars->len * ROW_HEIGHT + AXIS_HEIGHT : COLUMN_HEIGHT + 2 * AXIS_HEIGHT;
  else if (rows)
    {
      *minimum = 160 + COUNT_WIDTH + 80;
      *natural = LABEL_WIDTH + COUNT_WIDTH + 400;
    }
  else
    {
      *minimum = AXIS_WIDTH + MIN ((int)self->bars->len * 4, 400);
      *natural = MAX (*minimum, AXIS_WIDTH + (int)self->bars->len * 14);
    }
}

static void
append_text (GtkWidget   *widget,
             GtkSnapshot *snapshot,
             const char  *text,
             float        x,
             float        y,
             int          max_width,
             PangoAlignment alignment,
             gboolean     dim)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  if (dim)
    color.alpha *= 0.65;

  pango_layout_set_width (layout, max_width * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static char *
format_count (gint64 value)
{
  return peil_format_number (value, peil_ui_language ());
}

static float
column_width (PeilBarChart *self,
              int           width)
{
  return MIN ((float)(width - AXIS_WIDTH) / MAX (self->bars->len, 1), MAX_COLUMN_WIDTH);
}

/* Where bar @index is drawn, for clicks and tooltips too. */
static graphene_rect_t
bar_area (PeilBarChart *self,
          guint         index)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->orientation == GTK_ORIENTATION_HORIZONTAL)
    return GRAPHENE_RECT_INIT (0, index * ROW_HEIGHT, width, ROW_HEIGHT);
  else
    {
      float column = column_width (self, width);
      return GRAPHENE_RECT_INIT (AXIS_WIDTH + index * column, AXIS_HEIGHT, column, COLUMN_HEIGHT);
    }
}

static void
snapshot_rows (PeilBarChart *self,
               GtkSnapshot  *snapshot,
               int           width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int labels = MIN (LABEL_WIDTH, width / 3);
  float track = MAX (width - labels - COUNT_WIDTH, 20);
  float bottom = self->bars->len * ROW_HEIGHT;
  gint64 axis_max, step = axis_step (self, &axis_max);

  for (gint64 tick = 0; tick <= axis_max; tick += step)
    {
      g_autofree char *text = format_count (tick);
      float x = labels + track * tick / axis_max;

      gtk_snapshot_append_color (snapshot, &grid_color, &GRAPHENE_RECT_INIT (x, 0, 1, bottom));
      append_text (widget, snapshot, text, x - 30, bottom + 2, 60, PANGO_ALIGN_CENTER, TRUE);
    }

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      float y = i * ROW_HEIGHT;
      float length = track * bar->value / axis_max;
      g_autofree char *count = format_count (bar->value);

      append_text (widget, snapshot, bar->label, 0, y + 5, labels - 12, PANGO_ALIGN_LEFT, FALSE);
      gtk_snapshot_append_color (snapshot, &bar_color, &GRAPHENE_RECT_INIT (labels, y + 6, length, ROW_HEIGHT - 12));
      append_text (widget, snapshot, count, labels + length + 6, y + 5, COUNT_WIDTH, PANGO_ALIGN_LEFT, FALSE);
    }
}

static void
snapshot_columns (PeilBarChart *self,
                  GtkSnapshot  *snapshot,
                  int           width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  float column = column_width (self, width);
  guint every = MAX (1, (guint)(90 / column) + 1);
  gint64 axis_max, step = axis_step (self, &axis_max);
  float top = AXIS_HEIGHT, bottom = AXIS_HEIGHT + COLUMN_HEIGHT;

  /* The axis on the left, its grid lines across. */
  for (gint64 tick = 0; tick <= axis_max; tick += step)
    {
      g_autofree char *text = format_count (tick);
      float y = bottom - COLUMN_HEIGHT * tick / axis_max;

      gtk_snapshot_append_color (snapshot, &grid_color, &GRAPHENE_RECT_INIT (AXIS_WIDTH, y, width - AXIS_WIDTH, 1));
      append_text (widget, snapshot, text, 0, y - 9, AXIS_WIDTH - 6, PANGO_ALIGN_RIGHT, TRUE);
    }

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      float height = COLUMN_HEIGHT * bar->value / axis_max;
      float x = AXIS_WIDTH + i * column;
      g_autofree char *count = format_count (bar->value);

      gtk_snapshot_append_color (snapshot, &bar_color,
                                 &GRAPHENE_RECT_INIT (x + 1, bottom - height, MAX (column - 2, 1), height));
      /* Counts above the columns when they fit. */
      if (bar->value > 0 && text_width (widget, count) + 2 <= column)
        append_text (widget, snapshot, count, x, MAX (bottom - height - 18, top - 18), (int)column,
                     PANGO_ALIGN_CENTER, FALSE);
      if (i % every == 0)
        append_text (widget, snapshot, bar->label, x, bottom + 2, MAX (90, (int)(column * every) - 4),
                     PANGO_ALIGN_LEFT, TRUE);
    }
}

static void
peil_bar_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PeilBarChart *self = PEIL_BAR_CHART (widget);

  if (self->bars->len == 0)
    return;
  if (self->orientation == GTK_ORIENTATION_HORIZONTAL)
    snapshot_rows (self, snapshot, gtk_widget_get_width (widget));
  else
    snapshot_columns (self, snapshot, gtk_widget_get_width (widget));
}

static int
bar_at (PeilBarChart *self,
        double        x,
        double        y)
{
  for (guint i = 0; i < self->bars->len; i++)
    {
      graphene_rect_t area = bar_area (self, i);

      if (graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (x, y)))
        return i;
    }
  return -1;
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            PeilBarChart    *self)
{
  int index = bar_at (self, x, y);

  if (index >= 0)
    g_signal_emit (self, signals[BAR_ACTIVATED], 0, g_array_index (self->bars, Bar, index).key);
}

static gboolean
on_query_tooltip (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  PeilBarChart *self)
{
  int index = bar_at (self, x, y);
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  graphene_rect_t area;
  Bar *bar;

  if (index < 0)
    return FALSE;
  bar = &g_array_index (self->bars, Bar, index);
  area = bar_area (self, index);
  count = format_count (bar->value);
  text = g_strdup_printf ("%s: %s", bar->label, count);
  gtk_tooltip_set_text (tooltip, text);
  /* At the bar, not wherever the pointer happens to be. */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { area.origin.x, area.origin.y,
                                                       area.size.width, area.size.height });
  return TRUE;
}

static void
peil_bar_chart_finalize (GObject *object)
{
  g_clear_pointer (&PEIL_BAR_CHART (object)->bars, g_array_unref);

  G_OBJECT_CLASS (peil_bar_chart_parent_class)->finalize (object);
}

static void
peil_bar_chart_class_init (PeilBarChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = peil_bar_chart_finalize;
  widget_class->measure = peil_bar_chart_measure;
  widget_class->snapshot = peil_bar_chart_snapshot;

  /**
   * PeilBarChart::bar-activated:
   * @key: the key given with the bar
   */
  signals[BAR_ACTIVATED] =
    g_signal_new ("bar-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
peil_bar_chart_init (PeilBarChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, clear_bar);

  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
}

GtkWidget *
peil_bar_chart_new (GtkOrientation orientation)
{
  PeilBarChart *self = g_object_new (PEIL_TYPE_BAR_CHART, NULL);

  self->orientation = orientation;
  return GTK_WIDGET (self);
}

void
peil_bar_chart_clear (PeilBarChart *self)
{
  g_return_if_fail (PEIL_IS_BAR_CHART (self));

  g_array_set_size (self->bars, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
peil_bar_chart_add_bar (PeilBarChart *self,
                        const char   *label,
                        gint64        value,
                        const char   *key)
{
  Bar bar;

  g_return_if_fail (PEIL_IS_BAR_CHART (self));

  bar.label = g_strdup (label);
  bar.key = g_strdup (key);
  bar.value = value;
  g_array_append_val (self->bars, bar);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
peil_bar_chart_get_n_bars (PeilBarChart *self)
{
  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), 0);
  return self->bars->len;
}

/**
 * peil_bar_chart_get_axis_max:
 *
 * Returns: the count at the end of the chart's axis: a round number at
 *   or above its largest bar, the same scale for all its bars
 */
gint64
peil_bar_chart_get_axis_max (PeilBarChart *self)
{
  gint64 axis_max;

  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), 0);
  axis_step (self, &axis_max);
  return axis_max;
}

/* The count that bar @index shows. */
gint64
peil_bar_chart_get_value (PeilBarChart *self,
                          guint         index)
{
  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (index < self->bars->len, 0);
  return g_array_index (self->bars, Bar, index).value;
}

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
 * bar. A column chart can carry markers: a line in a colour of its own at
 * a moment within a column (one of the organisation's messages), with a
 * tooltip of its own that wins over the column's.
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
/* Orange against the blue columns, readable on light and dark. */
static const GdkRGBA marker_color = { 0.90, 0.38, 0.0, 1.0 };
/* How far from its line a marker still answers the pointer. */
#define MARKER_REACH 5

typedef struct
{
  char   *label;
  char   *key;
  gint64  value;
} Bar;

typedef struct
{
  guint   bar;
  double  offset;   /* 0 at the column's start, towards 1 at its end */
  char   *label;
  char   *tooltip;
} Marker;

struct _PeilBarChart
{
  GtkWidget       parent_instance;

  GtkOrientation  orientation;
  GArray         *bars;
  GArray         *markers;
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

static void
clear_marker (gpointer data)
{
  Marker *marker = data;

  g_free (marker->label);
  g_free (marker->tooltip);
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

static float
marker_x (PeilBarChart *self,
          guint         index,
          int           width)
{
  Marker *marker = &g_array_index (self->markers, Marker, index);

  return AXIS_WIDTH + (marker->bar + marker->offset) * column_width (self, width);
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
      float height = COLUMN_HEIGHT * g_array_index (self->bars, Bar, i).value / axis_max;
      float x = AXIS_WIDTH + i * column;

      gtk_snapshot_append_color (snapshot, &bar_color,
                                 &GRAPHENE_RECT_INIT (x + 1, bottom - height, MAX (column - 2, 1), height));
    }

  /* A line through the columns and a flag above them; the counts stay
   * readable over them. */
  for (guint i = 0; i < self->markers->len; i++)
    {
      float x = marker_x (self, i, width);

      gtk_snapshot_append_color (snapshot, &marker_color, &GRAPHENE_RECT_INIT (x - 1, top - 8, 2, bottom - top + 8));
      gtk_snapshot_append_color (snapshot, &marker_color, &GRAPHENE_RECT_INIT (x + 1, top - 8, 7, 6));
    }

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      float height = COLUMN_HEIGHT * bar->value / axis_max;
      float x = AXIS_WIDTH + i * column;
      g_autofree char *count = format_count (bar->value);

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

/* The marker nearest the pointer within reach, or -1. */
static int
marker_at (PeilBarChart *self,
           double        x,
           double        y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int nearest = -1;
  double distance = MARKER_REACH + 1;

  if (y < 0 || y > AXIS_HEIGHT + COLUMN_HEIGHT)
    return -1;
  for (guint i = 0; i < self->markers->len; i++)
    if (ABS (marker_x (self, i, width) - x) < distance)
      {
        distance = ABS (marker_x (self, i, width) - x);
        nearest = i;
      }
  return nearest;
}

static gboolean
on_query_tooltip (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  PeilBarChart *self)
{
  int index = marker_at (self, x, y);
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  graphene_rect_t area;
  Bar *bar;

  if (index >= 0)
    {
      Marker *marker = &g_array_index (self->markers, Marker, index);
      int at = (int)marker_x (self, index, gtk_widget_get_width (widget));

      /* Plain text (a message's words are no markup), wrapped: a press
       * release in one line runs off the screen. */
      GtkWidget *label = gtk_label_new (marker->tooltip ? marker->tooltip : marker->label);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 72);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_tooltip_set_custom (tooltip, label);
      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { at - MARKER_REACH, 0, 2 * MARKER_REACH,
                                                           AXIS_HEIGHT + COLUMN_HEIGHT });
      return TRUE;
    }
  index = bar_at (self, x, y);
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
  g_clear_pointer (&PEIL_BAR_CHART (object)->markers, g_array_unref);

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
  self->markers = g_array_new (FALSE, TRUE, sizeof (Marker));
  g_array_set_clear_func (self->markers, clear_marker);

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

/* Drawn markers are invisible to a screen reader, and their tooltips out
 * of a keyboard's reach: the chart's description says them whole. */
static void
describe_markers (PeilBarChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->markers->len; i++)
    {
      Marker *marker = &g_array_index (self->markers, Marker, i);

      g_string_append_printf (text, "%s%s", i ? "\n\n" : "", marker->label);
      if (marker->tooltip != NULL)
        g_string_append_printf (text, "\n%s", marker->tooltip);
    }
  if (text->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

void
peil_bar_chart_clear (PeilBarChart *self)
{
  g_return_if_fail (PEIL_IS_BAR_CHART (self));

  g_array_set_size (self->bars, 0);
  g_array_set_size (self->markers, 0);
  describe_markers (self);
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

/**
 * peil_bar_chart_add_marker:
 * @bar: the column the marked moment falls in
 * @offset: where in that column, from 0 (its start) towards 1 (its end)
 * @label: what the marker is, short: for screen readers, and its tooltip
 *   until one is set
 *
 * Marks a moment on a column chart with a line of its own colour.
 *
 * Returns: the marker's index, for peil_bar_chart_set_marker_tooltip()
 */
guint
peil_bar_chart_add_marker (PeilBarChart *self,
                           guint         bar,
                           double        offset,
                           const char   *label)
{
  Marker marker = { 0 };

  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (self->orientation == GTK_ORIENTATION_VERTICAL, 0);

  marker.bar = bar;
  marker.offset = CLAMP (offset, 0, 1);
  marker.label = g_strdup (label);
  g_array_append_val (self->markers, marker);
  describe_markers (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->markers->len - 1;
}

void
peil_bar_chart_set_marker_tooltip (PeilBarChart *self,
                                   guint         index,
                                   const char   *tooltip)
{
  Marker *marker;

  g_return_if_fail (PEIL_IS_BAR_CHART (self));
  g_return_if_fail (index < self->markers->len);

  marker = &g_array_index (self->markers, Marker, index);
  g_free (marker->tooltip);
  marker->tooltip = g_strdup (tooltip);
  describe_markers (self);
}

guint
peil_bar_chart_get_n_markers (PeilBarChart *self)
{
  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), 0);
  return self->markers->len;
}

/* The column marker @index is in. */
guint
peil_bar_chart_get_marker_bar (PeilBarChart *self,
                               guint         index)
{
  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (index < self->markers->len, 0);
  return g_array_index (self->markers, Marker, index).bar;
}

/* What hovering marker @index shows. */
const char *
peil_bar_chart_get_marker_tooltip (PeilBarChart *self,
                                   guint         index)
{
  Marker *marker;

  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), NULL);
  g_return_val_if_fail (index < self->markers->len, NULL);
  marker = &g_array_index (self->markers, Marker, index);
  return marker->tooltip ? marker->tooltip : marker->label;
}

/* The key given with bar @index. */
const char *
peil_bar_chart_get_key (PeilBarChart *self,
                        guint         index)
{
  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);
  return g_array_index (self->bars, Bar, index).key;
}

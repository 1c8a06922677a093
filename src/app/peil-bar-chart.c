/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-bar-chart"

#include "config.h"

#include "peil-bar-chart.h"

/*
 * Bars drawn with GtkSnapshot: horizontal ones with their labels (posts per
 * tag), or vertical columns (volume per hour) labelled now and then.
 * Clicking a bar emits ::bar-activated with the key given with it, which
 * the window turns into a filter.
 */
#define ROW_HEIGHT 26
#define LABEL_WIDTH 230
#define COLUMN_HEIGHT 180
#define AXIS_HEIGHT 20

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

static gint64
max_value (PeilBarChart *self)
{
  gint64 max = 1;

  for (guint i = 0; i < self->bars->len; i++)
    max = MAX (max, g_array_index (self->bars, Bar, i).value);
  return max;
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
    *minimum = *natural = rows ? (int)self->bars->len * ROW_HEIGHT : COLUMN_HEIGHT + AXIS_HEIGHT;
  else
    {
      *minimum = rows ? LABEL_WIDTH + 120 : MIN ((int)self->bars->len * 4, 400);
      *natural = rows ? LABEL_WIDTH + 400 : MAX (*minimum, (int)self->bars->len * 14);
    }
}

static void
append_text (GtkWidget   *widget,
             GtkSnapshot *snapshot,
             const char  *text,
             float        x,
             float        y,
             int          max_width,
             gboolean     dim)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  if (dim)
    color.alpha *= 0.6;

  pango_layout_set_width (layout, max_width * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
peil_bar_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PeilBarChart *self = PEIL_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  double max = max_value (self);
  const GdkRGBA bar_color = { 0.21, 0.52, 0.89, 0.85 };
  const GdkRGBA track_color = { 0.5, 0.5, 0.5, 0.12 };

  if (self->orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      float track = MAX (width - LABEL_WIDTH - 60, 20);

      for (guint i = 0; i < self->bars->len; i++)
        {
          Bar *bar = &g_array_index (self->bars, Bar, i);
          float y = i * ROW_HEIGHT;
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, bar->value);

          append_text (widget, snapshot, bar->label, 0, y + 4, LABEL_WIDTH - 12, FALSE);
          gtk_snapshot_append_color (snapshot, &track_color,
                                     &GRAPHENE_RECT_INIT (LABEL_WIDTH, y + 6, track, ROW_HEIGHT - 12));
          gtk_snapshot_append_color (snapshot, &bar_color,
                                     &GRAPHENE_RECT_INIT (LABEL_WIDTH, y + 6, track * bar->value / max, ROW_HEIGHT - 12));
          append_text (widget, snapshot, count, LABEL_WIDTH + track + 8, y + 4, 52, TRUE);
        }
      return;
    }

  if (self->bars->len > 0)
    {
      float column = (float)width / self->bars->len;
      guint every = MAX (1, (guint)(90 / column) + 1);

      for (guint i = 0; i < self->bars->len; i++)
        {
          Bar *bar = &g_array_index (self->bars, Bar, i);
          float height = COLUMN_HEIGHT * bar->value / max;

          gtk_snapshot_append_color (snapshot, &bar_color,
                                     &GRAPHENE_RECT_INIT (i * column + 1, COLUMN_HEIGHT - height,
                                                          MAX (column - 2, 1), height));
          if (i % every == 0)
            append_text (widget, snapshot, bar->label, i * column, COLUMN_HEIGHT + 2,
                         MAX (90, (int)(column * every) - 4), TRUE);
        }
    }
}

static int
bar_at (PeilBarChart *self,
        double        x,
        double        y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int index;

  if (self->bars->len == 0)
    return -1;
  if (self->orientation == GTK_ORIENTATION_HORIZONTAL)
    index = (int)(y / ROW_HEIGHT);
  else
    index = (int)(x / ((double)width / self->bars->len));
  return index >= 0 && (guint)index < self->bars->len ? index : -1;
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
  g_autofree char *text = NULL;
  Bar *bar;

  if (index < 0)
    return FALSE;
  bar = &g_array_index (self->bars, Bar, index);
  text = g_strdup_printf ("%s: %" G_GINT64_FORMAT, bar->label, bar->value);
  gtk_tooltip_set_text (tooltip, text);
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

/* The count that bar @index shows. */
gint64
peil_bar_chart_get_value (PeilBarChart *self,
                          guint         index)
{
  g_return_val_if_fail (PEIL_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (index < self->bars->len, 0);
  return g_array_index (self->bars, Bar, index).value;
}

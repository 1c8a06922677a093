/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * peil-bench-window INCIDENT: the window's figures on a large incident —
 * time from opening to the first rows drawn, resident memory, time to
 * show rows far down the list (loaded on demand), and the time a tag
 * keypress takes to be stored and counted. Run under Xvfb by
 * ./build-aux/bench.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peil-application.h"
#include "peil-window-private.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

static double
resident_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, "VmRSS:")))
    return 0;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static gboolean
row_drawn (PeilWindow *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->post_list_view));

  if (self->posts == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->posts)) == 0)
    return TRUE;   /* nothing to draw */
  return child != NULL && gtk_widget_get_mapped (child) && gtk_widget_get_first_child (child) != NULL;
}

static void
run_until_drawn (PeilWindow *self)
{
  /* A frame: layout and paint after the change. */
  for (guint i = 0; i < 3 || !row_drawn (self); i++)
    g_main_context_iteration (NULL, i < 3 ? FALSE : TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(PeilApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  PeilWindow *window;
  gint64 start;
  double open_ms, scroll_ms[5], tag_ms[20], rss_open;
  guint n;

  if (argc != 2)
    {
      g_printerr ("usage: peil-bench-window INCIDENT\n");
      return 2;
    }

  peil_init ();
  app = peil_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = g_object_new (PEIL_TYPE_WINDOW, "application", app, NULL);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  file = g_file_new_for_commandline_arg (argv[1]);
  start = g_get_monotonic_time ();
  if (!peil_window_open_file (window, file))
    return 1;
  if (g_list_model_get_n_items (G_LIST_MODEL (window->posts)) == 0)
    {
      g_printerr ("peil-bench-window: the incident has no posts to measure with\n");
      return 1;
    }
  run_until_drawn (window);
  open_ms = (g_get_monotonic_time () - start) / 1e3;
  rss_open = resident_mb ();
  n = g_list_model_get_n_items (G_LIST_MODEL (window->posts));

  /* Jumps through the list: each shows rows that were never loaded. */
  for (guint i = 0; i < G_N_ELEMENTS (scroll_ms); i++)
    {
      guint position = (guint)((double)n * (i + 1) / (G_N_ELEMENTS (scroll_ms) + 1));

      start = g_get_monotonic_time ();
      peil_window_select_position (window, position);
      for (guint k = 0; k < 5; k++)
        g_main_context_iteration (NULL, FALSE);
      scroll_ms[i] = (g_get_monotonic_time () - start) / 1e3;
    }

  /* A tag keypress: stored in the file and counted, before the next frame. */
  for (guint i = 0; i < G_N_ELEMENTS (tag_ms); i++)
    {
      start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-tag", "s", i % 2 ? "BG-BOOS" : "IB-HINDER");
      tag_ms[i] = (g_get_monotonic_time () - start) / 1e3;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.next-post", NULL);
      g_main_context_iteration (NULL, FALSE);
    }

  {
    double scroll_worst = 0, tag_worst = 0, tag_sum = 0, sorted[G_N_ELEMENTS (scroll_ms)];

    for (guint i = 0; i < G_N_ELEMENTS (scroll_ms); i++)
      scroll_worst = MAX (scroll_worst, scroll_ms[i]);
    memcpy (sorted, scroll_ms, sizeof sorted);
    qsort (sorted, G_N_ELEMENTS (sorted), sizeof (double), compare_doubles);
    for (guint i = 0; i < G_N_ELEMENTS (tag_ms); i++)
      {
        tag_worst = MAX (tag_worst, tag_ms[i]);
        tag_sum += tag_ms[i];
      }
    g_print ("window_posts=%u window_open_to_first_rows_ms=%.0f window_rss_mb=%.0f window_rss_after_use_mb=%.0f "
             "window_jump_median_ms=%.1f window_jump_worst_ms=%.1f window_tag_mean_ms=%.1f window_tag_worst_ms=%.1f\n",
             n, open_ms, rss_open, resident_mb (), sorted[G_N_ELEMENTS (sorted) / 2], scroll_worst,
             tag_sum / G_N_ELEMENTS (tag_ms), tag_worst);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

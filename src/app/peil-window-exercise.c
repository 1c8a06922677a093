/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "peil-application.h"
#include "peil-window-private.h"

/*
 * An exercise in the window: the trainer's bar over the posts for an
 * exercise played in this file, live gathering from the start (its one
 * query releases the injects as the clock passes them), and the demo,
 * a private copy of the demo scenario started at ×10.
 */
#define DEMO_SPEED 10

/**
 * peil_window_open_exercise:
 *
 * Shows the trainer's bar when the incident plays an exercise here and
 * gathers live.
 */
void
peil_window_open_exercise (PeilWindow *self)
{
  gboolean played_here = peil_trainer_bar_set_incident (self->trainer_bar, self->incident);

  gtk_widget_set_visible (GTK_WIDGET (self->trainer_revealer), played_here);
  gtk_revealer_set_reveal_child (self->trainer_revealer, played_here);
  if (played_here && self->live_source == 0 && !peil_incident_get_read_only (self->incident))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.gather-live", NULL);
}

/* The trainer changed the clock or released an inject: what is due now
 * is gathered at once rather than at the next tick. */
void
peil_window_on_trainer_changed (PeilWindow *self)
{
  peil_window_reload_counts (self);
  peil_window_apply_filter (self);
  peil_window_gather_due (self, TRUE);
}

void
peil_window_on_trainer_failed (PeilWindow *self,
                               const char *message)
{
  peil_window_toast (self, message);
}

/* A new file in the user's cache for each demo, so that every run
 * starts afresh and no one's own incident is touched. */
static GFile *
new_demo_file (GError **error)
{
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "peil", "demo", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED, _("The folder “%s” cannot be made: %s"),
                   folder, g_strerror (saved_errno));
      return NULL;
    }
  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("oefening-%s.peil", stamp)
                                     : g_strdup_printf ("oefening-%s-%u.peil", stamp, n);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_file_new_for_path (path);
    }
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS, _("Too many demonstrations in “%s”; remove some"), folder);
  return NULL;
}

/* The demo exercise, made and started at ×10. */
static GFile *
make_demo (const char  *analyst,
           GError     **error)
{
  const char *data_dir = g_getenv ("PEIL_DATA_DIR");
  g_autofree char *path = g_build_filename (data_dir ? data_dir : PEIL_DATADIR, "exercise", "demo",
                                            "kraanongeval.csv", NULL);
  g_autoptr(GFile) scenario_file = g_file_new_for_path (path);
  g_autoptr(PeilScenario) scenario = NULL;
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilExerciseClock) clock = NULL;
  g_autoptr(GFile) file = NULL;

  /* Peil's own scenario: its tags are checked by its tests. */
  if (!(scenario = peil_scenario_new_from_file (scenario_file, NULL, NULL, NULL, NULL, error)) ||
      !(file = new_demo_file (error)) ||
      !(incident = peil_exercise_create (file, scenario, _("Crane collapse in Haveldonk (demo)"), NULL, error)))
    return NULL;

  peil_incident_set_analyst (incident, analyst);
  clock = peil_exercise_clock_new (incident);
  if (!peil_exercise_clock_set_speed (clock, DEMO_SPEED, error) ||
      !peil_exercise_clock_start (clock, error))
    return NULL;
  return g_steal_pointer (&file);
}

/**
 * peil_window_play_demo:
 *
 * Opens a new copy of the demo exercise, running at ×10.
 *
 * Returns: whether it was opened; otherwise a toast says why
 */
gboolean
peil_window_play_demo (PeilWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *analyst = app ? peil_application_dup_analyst (PEIL_APPLICATION (app)) : NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PEIL_IS_WINDOW (self), FALSE);

  if (!(file = make_demo (analyst, &error)))
    {
      peil_window_show_error (self, error);
      return FALSE;
    }
  return peil_window_open_file (self, file);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-application.h"
#include "peil-window-private.h"

/*
 * Stories in the window: the list can fold the near-copies of one message
 * into one row (the button in the list's header, remembered in the
 * settings), and posts stored before Peil grouped stories are grouped on
 * a worker when the incident opens.
 */

static GSettings *
get_settings (PeilWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app != NULL ? peil_application_get_settings (PEIL_APPLICATION (app)) : NULL;
}

/**
 * peil_window_get_fold_stories:
 *
 * Returns: whether the list folds stories, as the button says
 */
gboolean
peil_window_get_fold_stories (PeilWindow *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->fold_stories_button));
}

static void
on_fold_toggled (PeilWindow *self)
{
  if (self->incident != NULL)
    peil_window_apply_filter (self);
}

static void
on_application_set (PeilWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    g_settings_bind (settings, "fold-stories", self->fold_stories_button, "active", G_SETTINGS_BIND_DEFAULT);
}

void
peil_window_init_stories (PeilWindow *self)
{
  g_signal_connect_swapped (self->fold_stories_button, "toggled", G_CALLBACK (on_fold_toggled), self);
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);
}

static void
on_grouped (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 grouped = peil_incident_group_stories_finish (PEIL_INCIDENT (source), result, &error);

  /* Tried again at the next opening: the file may have gone meanwhile,
   * which the window says by itself. */
  if (grouped < 0)
    {
      g_debug ("Could not group the stories of older posts: %s", error->message);
      return;
    }
  /* Only the rows of a folded list change. */
  if (grouped > 0 && self->incident == PEIL_INCIDENT (source) && peil_window_get_fold_stories (self))
    peil_window_apply_filter (self);
}

/**
 * peil_window_open_stories:
 *
 * Groups the posts of the incident just opened that have no story yet
 * (stored before Peil grouped stories), on a worker: the window never
 * waits for it.
 */
void
peil_window_open_stories (PeilWindow *self)
{
  if (self->incident == NULL || peil_incident_get_read_only (self->incident))
    return;
  peil_incident_group_stories_async (self->incident, NULL, on_grouped, g_object_ref (self));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include "peil-window-private.h"

/*
 * Tag suggestions in the window: one PeilSuggester per open incident,
 * trained on a worker when the incident opens and again half a second
 * after the tags last changed, so a burst of keypresses trains once and
 * the model follows a new tag within a second. The post view asks it for
 * the shown post; accepting is peil_window_accept_suggestions().
 */

/* Long enough to gather a burst of tagging, short enough that the model
 * follows a new tag within a second (training takes tens of ms). */
#define RETRAIN_DELAY_MS 500

static void train (PeilWindow *self);

static void
on_trained (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean trained = peil_suggester_train_finish (PEIL_SUGGESTER (source), result, &error);

  /* Closed, or another incident opened meanwhile. */
  if (PEIL_SUGGESTER (source) != self->suggester)
    return;
  self->suggest_training = FALSE;
  /* A failure to read (the file busy) leaves the last model: suggestions
   * are an aid, not worth a dialog; the next change trains again. */
  if (!trained)
    g_warning ("Suggestions not trained: %s", error->message);
  else
    peil_post_view_update_suggestion (self->post_view);
  if (self->suggest_again)
    train (self);
}

static void
train (PeilWindow *self)
{
  self->suggest_again = FALSE;
  self->suggest_training = TRUE;
  peil_suggester_train_async (self->suggester, self->incident, self->suggest_cancellable,
                              on_trained, g_object_ref (self));
}

static gboolean
retrain_due (gpointer data)
{
  PeilWindow *self = data;

  self->suggest_timeout = 0;
  if (self->suggest_training)
    self->suggest_again = TRUE;   /* it reads the tags as they were: once more after it */
  else
    train (self);
  return G_SOURCE_REMOVE;
}

/* On every tag change and off-topic mark, here or (for a team's
 * incident) by a colleague. */
static void
schedule_training (PeilWindow *self)
{
  g_clear_handle_id (&self->suggest_timeout, g_source_remove);
  self->suggest_timeout = g_timeout_add (RETRAIN_DELAY_MS, retrain_due, self);
}

/**
 * peil_window_stop_suggestions:
 *
 * Drops the incident's suggester and any training under way.
 */
void
peil_window_stop_suggestions (PeilWindow *self)
{
  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  g_clear_handle_id (&self->suggest_timeout, g_source_remove);
  g_clear_object (&self->suggester);
  self->suggest_training = self->suggest_again = FALSE;
  if (self->post_view != NULL)
    peil_post_view_set_suggester (self->post_view, NULL);
}

/**
 * peil_window_open_suggestions:
 *
 * A new suggester for the incident just opened, trained on a worker; the
 * post view shows its suggestions once it is.
 */
void
peil_window_open_suggestions (PeilWindow *self)
{
  peil_window_stop_suggestions (self);
  self->suggester = peil_suggester_new ();
  self->suggest_cancellable = g_cancellable_new ();
  peil_post_view_set_suggester (self->post_view, self->suggester);
  g_signal_connect_swapped (self->incident, "tags-changed", G_CALLBACK (schedule_training), self);
  g_signal_connect_swapped (self->incident, "changed-elsewhere", G_CALLBACK (schedule_training), self);
  train (self);
}

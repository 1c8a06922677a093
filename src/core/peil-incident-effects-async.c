/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include "peil-incident-private.h"

/*
 * The effects of the organisation's messages and the unanswered list,
 * computed on a worker with a connection of its own, for the window: both
 * count the public's posts around each message and may take a while on a
 * large incident.
 */

typedef struct
{
  gint64 message_id;
  gint64 window;   /* or the span, for the unanswered list */
  gint64 now;
} EffectsCall;

static void
effects_in_thread (GTask        *task,
                   PeilIncident *connection,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  EffectsCall *call = task_data;
  GError *error = NULL;
  GPtrArray *effects = peil_incident_compute_effects (connection, call->message_id, call->window, call->now, &error);

  if (effects == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, effects, (GDestroyNotify)g_ptr_array_unref);
}

static void
unanswered_in_thread (GTask        *task,
                      PeilIncident *connection,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  EffectsCall *call = task_data;
  GError *error = NULL;
  GPtrArray *unanswered = peil_incident_list_unanswered (connection, call->window, call->now, &error);

  if (unanswered == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, unanswered, (GDestroyNotify)g_ptr_array_unref);
}

static void
run (PeilIncident           *self,
     gpointer                source_tag,
     PeilIncidentThreadFunc  func,
     gint64                  message_id,
     gint64                  window,
     gint64                  now,
     GCancellable           *cancellable,
     GAsyncReadyCallback     callback,
     gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  EffectsCall *call = g_new0 (EffectsCall, 1);

  call->message_id = message_id;
  call->window = window;
  call->now = now;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, g_free);
  peil_incident_run_in_thread (self, task, func);
}

/**
 * peil_incident_compute_effects_async:
 * @message_id: the message, or 0 for every message
 * @window: the length of the windows before and after, in seconds; 0 for
 *   %PEIL_EFFECT_DEFAULT_WINDOW
 * @now: the time to judge from, or 0 for the time of the newest post
 * @cancellable: (nullable): to stop waiting for the result
 * @callback: called on the caller's thread when they are computed
 * @user_data: passed to @callback
 *
 * Computes what peil_incident_compute_effects() does, on a worker thread
 * with a connection of its own.
 */
void
peil_incident_compute_effects_async (PeilIncident        *self,
                                     gint64               message_id,
                                     gint64               window,
                                     gint64               now,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PEIL_IS_INCIDENT (self));

  run (self, peil_incident_compute_effects_async, effects_in_thread, message_id, window, now,
       cancellable, callback, user_data);
}

/**
 * peil_incident_compute_effects_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes peil_incident_compute_effects_async().
 *
 * Returns: (transfer container) (element-type PeilEffect): the effects, as
 *   peil_incident_compute_effects() returns them, or %NULL with @error set
 */
GPtrArray *
peil_incident_compute_effects_finish (PeilIncident  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * peil_incident_list_unanswered_async:
 * @span: the hours looked at, in seconds; 0 for two hours
 * @now: the time to look back from, or 0 for the time of the newest post
 * @cancellable: (nullable): to stop waiting for the result
 * @callback: called on the caller's thread when the list is made
 * @user_data: passed to @callback
 *
 * Lists what peil_incident_list_unanswered() lists, on a worker thread
 * with a connection of its own.
 */
void
peil_incident_list_unanswered_async (PeilIncident        *self,
                                     gint64               span,
                                     gint64               now,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PEIL_IS_INCIDENT (self));

  run (self, peil_incident_list_unanswered_async, unanswered_in_thread, 0, span, now,
       cancellable, callback, user_data);
}

/**
 * peil_incident_list_unanswered_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes peil_incident_list_unanswered_async().
 *
 * Returns: (transfer container) (element-type PeilUnanswered): the list,
 *   most urgent first, or %NULL with @error set
 */
GPtrArray *
peil_incident_list_unanswered_finish (PeilIncident  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

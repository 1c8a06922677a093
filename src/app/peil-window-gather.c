/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-add-query-dialog.h"
#include "peil-app-util.h"
#include "peil-login-dialog.h"
#include "peil-application.h"
#include "peil-window-private.h"

/*
 * Saved queries in the window: added from a dialog, run once (Gather Now)
 * or live, each on its interval and never while the server asked to
 * wait. One query runs at a time, on a worker thread with a connection of
 * its own; when it ends the counts, the list and the coverage lines in the
 * sidebar are brought up to date.
 */
/* Often enough for a source that asks to run again within seconds (an
 * exercise's next inject); a tick only reads the queries' rows. */
#define LIVE_TICK_SECONDS 1

static void run_next (PeilWindow *self);

static PeilPluginEngine *
plugins_of (PeilWindow *self)
{
  return peil_application_get_plugins (PEIL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static gboolean
queued (PeilWindow *self,
        gint64      id)
{
  for (guint i = 0; i < self->gather_queue->len; i++)
    if (g_array_index (self->gather_queue, gint64, i) == id)
      return TRUE;
  return self->gather_job != NULL && peil_query_get_id (peil_gather_job_get_query (self->gather_job)) == id;
}

static void
enqueue (PeilWindow *self,
         gint64      id)
{
  if (!queued (self, id))
    g_array_append_val (self->gather_queue, id);
}

static void
on_gather_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  PeilGatherJob *job = PEIL_GATHER_JOB (object);
  g_autoptr(GError) error = NULL;
  guint64 added;

  peil_gather_job_run_finish (job, result, &error);
  added = peil_gather_job_get_n_added (job);
  /* A failed gather lets go of its query's lease at once, so that another
   * replica of the team may try it; the answer is not waited for. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->replica != NULL)
    peil_replica_lease_query_async (self->replica, peil_query_get_id (peil_gather_job_get_query (job)), 0,
                                    NULL, NULL, NULL);
  g_clear_object (&self->gather_job);

  if (self->incident != NULL)
    {
      peil_window_reload_counts (self);
      peil_window_apply_filter (self);
    }
  if (added > 0)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu new post", "%llu new posts", added),
                                                  (unsigned long long)added);
      peil_window_toast (self, message);
    }
  run_next (self);
}

static void
on_lease (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  PeilQuery *query;
  gboolean held = FALSE;

  if (!peil_replica_lease_query_finish (PEIL_REPLICA (object), result, &held, &error))
    held = !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (self->gather_job == NULL)
    return;   /* the incident was closed meanwhile */
  if (held)
    {
      peil_gather_job_run_async (self->gather_job, self->gather_cancellable, on_gather_done, g_object_ref (self));
      return;
    }
  /* Asked again when its interval has passed, as if it had run here. */
  query = peil_gather_job_get_query (self->gather_job);
  g_hash_table_insert (self->gathered_elsewhere, g_memdup2 (&(gint64){ peil_query_get_id (query) }, sizeof (gint64)),
                       GSIZE_TO_POINTER (g_get_real_time () / G_USEC_PER_SEC + peil_query_get_interval (query)));
  g_clear_object (&self->gather_job);
  run_next (self);
}

static void
run_next (PeilWindow *self)
{
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  PeilSource *source;
  gint64 id;

  if (self->gather_job != NULL || self->gather_queue->len == 0 || self->incident == NULL)
    return;

  id = g_array_index (self->gather_queue, gint64, 0);
  g_array_remove_index (self->gather_queue, 0);

  if (!(query = peil_incident_get_query (self->incident, id, &error)))
    {
      peil_window_show_error (self, error);
      run_next (self);
      return;
    }
  if (!(source = peil_plugin_engine_find_source (plugins_of (self), peil_query_get_source (query))))
    {
      g_autofree char *message = g_strdup_printf (_("No plugin gathers “%s”; see the preferences"),
                                                  peil_query_get_source (query));
      peil_window_toast (self, message);
      run_next (self);
      return;
    }
  self->gather_job = peil_gather_job_new_for_query (self->incident, source, query);
  if (self->replica == NULL)
    {
      peil_gather_job_run_async (self->gather_job, self->gather_cancellable, on_gather_done, g_object_ref (self));
      return;
    }
  /* In a team one replica runs a query at a time, under a lease twice its
   * interval long, renewed each run; the others receive its posts. A
   * server out of reach lets every replica gather (the team drops what
   * two of them found). */
  peil_replica_lease_query_async (self->replica, id, 2 * peil_query_get_interval (query) + 60,
                                  self->gather_cancellable, on_lease, g_object_ref (self));
}

/**
 * peil_window_gather_due:
 * @all: run every enabled query now, due or not (Gather Now)
 */
void
peil_window_gather_due (PeilWindow *self,
                        gboolean    all)
{
  g_autoptr(GPtrArray) queries = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (self->incident == NULL || peil_incident_get_read_only (self->incident) ||
      !(queries = peil_incident_list_queries (self->incident, NULL)))
    return;

  for (guint i = 0; i < queries->len; i++)
    {
      PeilQuery *query = g_ptr_array_index (queries, i);

      gint64 id = peil_query_get_id (query);

      if (!peil_query_get_enabled (query) || peil_query_get_limited_until (query) > now)
        continue;
      if (!all && (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (self->gathered_elsewhere, &id)) > now)
        continue;
      if (all || peil_query_get_next_run (query) <= now)
        enqueue (self, id);
    }
  run_next (self);
}

static gboolean
live_tick (gpointer user_data)
{
  peil_window_gather_due (PEIL_WINDOW (user_data), FALSE);
  return G_SOURCE_CONTINUE;
}

static void
gather_live_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  gboolean live = self->live_source == 0;

  if (live)
    {
      self->live_source = g_timeout_add_seconds (LIVE_TICK_SECONDS, live_tick, self);
      peil_window_gather_due (self, FALSE);
    }
  else
    g_clear_handle_id (&self->live_source, g_source_remove);
  if (self->live_switch != NULL)
    gtk_switch_set_active (self->live_switch, live);
  gtk_widget_action_set_enabled (widget, "win.gather-live", TRUE);
  peil_window_toast (self, live ? _("Gathering live") : _("Live gathering stopped"));
}

static void
on_live_switch_active (GtkSwitch  *live_switch,
                       GParamSpec *pspec,
                       PeilWindow *self)
{
  if (gtk_switch_get_active (live_switch) != (self->live_source != 0))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.gather-live", NULL);
}

/* The switch for live gathering, put beside the sidebar's "Queries". */
GtkWidget *
peil_window_live_switch_new (PeilWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *live_label = gtk_label_new (_("Live"));
  GtkWidget *live_switch = gtk_switch_new ();

  gtk_widget_add_css_class (live_label, "dim-label");
  gtk_widget_set_valign (live_switch, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (live_switch, _("Gather live: ask each query again on its interval"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (live_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Gather live"), -1);
  gtk_switch_set_active (GTK_SWITCH (live_switch), self->live_source != 0);
  g_signal_connect_object (live_switch, "notify::active", G_CALLBACK (on_live_switch_active), self, 0);
  g_set_weak_pointer (&self->live_switch, GTK_SWITCH (live_switch));

  gtk_box_append (GTK_BOX (box), live_label);
  gtk_box_append (GTK_BOX (box), live_switch);
  return box;
}

static void
gather_now_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  peil_window_gather_due (PEIL_WINDOW (widget), TRUE);
}

/* A new or changed query asks its question at once. */
static void
on_query_saved (PeilAddQueryDialog *dialog,
                PeilQuery          *query,
                PeilWindow         *self)
{
  peil_window_reload_counts (self);
  if (peil_query_get_enabled (query))
    {
      enqueue (self, peil_query_get_id (query));
      run_next (self);
    }
}

static void
add_query_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *dialog;

  if (self->incident == NULL)
    return;
  if (peil_incident_is_exercise (self->incident))
    {
      peil_window_toast (self, _("This incident is an exercise: it takes no live queries, only its scenario’s injects"));
      return;
    }
  dialog = peil_add_query_dialog_new (GTK_WINDOW (self), self->incident, plugins_of (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_query_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_query_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (!(query = peil_incident_get_query (self->incident, g_variant_get_int64 (parameter), &error)))
    {
      peil_window_show_error (self, error);
      return;
    }
  dialog = peil_add_query_dialog_new_for_query (GTK_WINDOW (self), self->incident, plugins_of (self), query);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_query_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * peil_window_switch_query:
 *
 * Switches a saved query off (live gathering passes it by) or on again.
 */
void
peil_window_switch_query (PeilWindow *self,
                          gint64      id)
{
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  if (!(query = peil_incident_get_query (self->incident, id, &error)) ||
      !peil_incident_set_query_enabled (self->incident, id, !peil_query_get_enabled (query), &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  peil_window_reload_counts (self);
}

static void
switch_query_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  peil_window_switch_query (PEIL_WINDOW (widget), g_variant_get_int64 (parameter));
}

/**
 * peil_window_remove_query:
 *
 * Removes a saved query, as the confirmation of win.remove-query does;
 * the posts it found stay.
 */
void
peil_window_remove_query (PeilWindow *self,
                          gint64      id)
{
  g_autofree char *key = g_strdup_printf ("query:%lld", (long long)id);
  g_autoptr(GError) error = NULL;

  if (!peil_incident_remove_query (self->incident, id, &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  peil_window_reload_counts (self);
  /* Its posts stay; a filter on the query goes with it. */
  for (guint i = 0; i < self->chips->len; i++)
    if (g_str_equal (g_ptr_array_index (self->chips, i), key))
      {
        peil_window_toggle_filter (self, key);
        break;
      }
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    PeilWindow       *self)
{
  if (g_str_equal (response, "remove"))
    peil_window_remove_query (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "query-id")));
}

static void
remove_query_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (!(query = peil_incident_get_query (self->incident, id, &error)))
    {
      peil_window_show_error (self, error);
      return;
    }
  name = peil_window_query_name (query);
  /* TRANSLATORS: %s is a saved query, "News (RSS): asbestos" */
  heading = g_strdup_printf (_("Remove “%s”?"), name);
  dialog = peil_confirm_new (GTK_WINDOW (self), heading,
                             _("Peil stops asking this question. The posts it found stay in the incident."),
                             "remove", _("_Remove"), ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data (G_OBJECT (dialog), "query-id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
log_in_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (peil_login_dialog_new (GTK_WINDOW (self), plugins_of (self))));
}

/**
 * peil_window_query_coverage:
 *
 * Returns: (transfer full): the line under a query in the sidebar: when
 *   it last succeeded, how much it fetched, and what kept it from more
 */
char *
peil_window_query_coverage (PeilQuery *query)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (peil_query_get_last_success (query) > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (peil_query_get_last_success (query));
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%H:%M");

      g_string_append_printf (line, _("%s · %lld fetched"), when, (long long)peil_query_get_fetched (query));
    }
  else
    g_string_append (line, peil_query_get_last_run (query) > 0 ? _("never succeeded") : _("not run yet"));

  if (peil_query_get_limited_until (query) > now)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (peil_query_get_limited_until (query));
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *until = g_date_time_format (local, "%H:%M");

      g_string_append_printf (line, _(" · waiting until %s"), until);
    }
  if (!peil_query_get_enabled (query))
    g_string_append (line, _(" · off"));
  if (peil_query_get_last_error (query) != NULL)
    g_string_append_printf (line, "\n%s", peil_query_get_last_error (query));
  if (peil_query_get_capped (query) != NULL)
    g_string_append_printf (line, "\n%s", peil_query_get_capped (query));
  return g_string_free (g_steal_pointer (&line), FALSE);
}

void
peil_window_stop_gathering (PeilWindow *self)
{
  g_clear_handle_id (&self->live_source, g_source_remove);
  if (self->gather_queue != NULL)
    g_array_set_size (self->gather_queue, 0);
  if (self->gather_cancellable != NULL)
    g_cancellable_cancel (self->gather_cancellable);
}

void
peil_window_class_init_gather (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-query", NULL, add_query_action);
  gtk_widget_class_install_action (widget_class, "win.edit-query", "x", edit_query_action);
  gtk_widget_class_install_action (widget_class, "win.switch-query", "x", switch_query_action);
  gtk_widget_class_install_action (widget_class, "win.remove-query", "x", remove_query_action);
  gtk_widget_class_install_action (widget_class, "win.log-in", NULL, log_in_action);
  gtk_widget_class_install_action (widget_class, "win.gather-now", NULL, gather_now_action);
  gtk_widget_class_install_action (widget_class, "win.gather-live", NULL, gather_live_action);
}

void
peil_window_init_gather (PeilWindow *self)
{
  self->gather_queue = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->gathered_elsewhere = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->gather_cancellable = g_cancellable_new ();
}

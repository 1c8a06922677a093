/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-window-private.h"

/*
 * The end of the incident's retention period (issue 14): past it, a
 * banner over the posts says so with the choices, purging the personal
 * data or keeping the file longer. The purge can be chosen any time from
 * the menu too; it asks first, listing what goes and what stays, and runs
 * on a worker (writing a large file anew takes a while).
 */

/**
 * peil_window_open_retention:
 *
 * Shows the banner when the incident's retention period has ended and its
 * personal data was not purged since.
 */
void
peil_window_open_retention (PeilWindow *self)
{
  gint64 until = 0;
  gboolean ended = self->incident != NULL && peil_incident_retention_ended (self->incident, &until) &&
                   peil_incident_holds_personal_data (self->incident);

  if (ended)
    {
      /* TRANSLATORS: the day a retention period ended, in a banner; see strftime */
      g_autofree char *day = peil_format_time (until - 1, C_("retention day", "%-d %B %Y"));
      g_autofree char *text = g_strdup_printf (_("The retention period of this incident ended on %s"), day);

      gtk_label_set_text (self->retention_label, text);
    }
  gtk_revealer_set_reveal_child (self->retention_revealer, ended);
}

static void
on_purged (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  PeilIncident *incident = PEIL_INCIDENT (source);
  g_autoptr(PeilPurgeSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  self->purging = FALSE;
  summary = peil_incident_purge_finish (incident, result, &error);
  if (incident != self->incident || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (summary == NULL)
    {
      peil_window_show_error (self, error);
      return;
    }
  /* Everything shown may have quoted what is gone: shown afresh. */
  peil_window_open_file (self, peil_incident_get_file (incident));
  peil_window_toast (self, summary->wal_cleared
                           ? _("The personal data was purged")
                           : _("The personal data was purged, but another program reads the file: until it closes "
                               "it, the file itself still holds the old bytes"));
}

static void
on_purge_response (AdwMessageDialog *dialog,
                   const char       *response,
                   PeilWindow       *self)
{
  if (!g_str_equal (response, "purge") || self->incident == NULL || self->purging)
    return;
  self->purging = TRUE;
  peil_window_toast (self, _("Purging the personal data…"));
  peil_incident_purge_async (self->incident, NULL, on_purged, g_object_ref (self));
}

static void
purge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  g_autoptr(PeilPurgeSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->incident == NULL || self->purging)
    return;
  if (!peil_incident_purge (self->incident, TRUE, &summary, &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  described = peil_purge_summary_describe (summary);
  body = g_strdup_printf ("%s\n%s", described,
                          _("The purge is logged. It cannot be undone: what is removed cannot be brought back."));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Purge Personal Data?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "purge", _("_Purge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "purge", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_purge_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_extend_response (AdwMessageDialog *dialog,
                    const char       *response,
                    PeilWindow       *self)
{
  GtkCalendar *calendar = GTK_CALENDAR (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "extend") || self->incident == NULL)
    return;
  date = gtk_calendar_get_date (calendar);
  text = g_date_time_format (date, "%Y-%m-%d");
  /* Logged as every change of the incident's metadata is. */
  if (!peil_incident_set_metadata (self->incident, PEIL_META_RETENTION, text, &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  peil_window_open_retention (self);
}

static void
extend_retention_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) proposed = g_date_time_add_days (now, 30);
  GtkWidget *dialog;
  GtkWidget *calendar;

  if (self->incident == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Keep the Incident Longer?"),
                                   _("Choose the day until which the file may be kept. The purpose of the "
                                     "processing must still need its personal data until then."));
  calendar = gtk_calendar_new ();
  gtk_calendar_select_day (GTK_CALENDAR (calendar), proposed);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), calendar);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "extend", _("_Keep Until This Day"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "extend", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_extend_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
peil_window_class_init_retention (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.purge", NULL, purge_action);
  gtk_widget_class_install_action (widget_class, "win.extend-retention", NULL, extend_retention_action);
}

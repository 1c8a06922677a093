/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-window-private.h"

/* Names in the window (issue 14): pseudonyms by default, for authors and
 * for whom the texts name; real names only for a reason that goes into
 * the incident's log first, and only until the incident is closed. */

/**
 * peil_window_get_names:
 *
 * Returns: (transfer none) (nullable): the pseudonyms to show, or %NULL
 *   while the window shows real names
 */
PeilPseudonymizer *
peil_window_get_names (PeilWindow *self)
{
  return self->real_names ? NULL : self->pseudonymizer;
}

static void
show_names (PeilWindow *self)
{
  peil_post_view_set_pseudonymizer (self->post_view, peil_window_get_names (self));
  g_object_notify (G_OBJECT (self), "pseudonymizer");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-real-names",
                                 self->incident != NULL && !self->real_names);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.hide-real-names", self->real_names);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.allow-author",
                                 self->incident != NULL && !peil_incident_get_read_only (self->incident));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.disallow-author",
                                 self->incident != NULL && !peil_incident_get_read_only (self->incident));
}

/* Each incident opens with its own pseudonyms, and names hidden. */
void
peil_window_open_names (PeilWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->pseudonymizer);
  self->real_names = FALSE;
  if (!(self->pseudonymizer = peil_incident_dup_pseudonymizer (self->incident, &error)))
    peil_window_show_error (self, error);
  show_names (self);
}

static void
on_reason_changed (GtkEditable      *reason,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "show", *text != '\0');
}

static void
on_reveal_response (AdwMessageDialog *dialog,
                    const char       *response,
                    PeilWindow       *self)
{
  GtkEditable *reason = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "show") || self->incident == NULL)
    return;
  if (!peil_incident_reveal_names (self->incident, "window", gtk_editable_get_text (reason), &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  self->real_names = TRUE;
  show_names (self);
  peil_window_toast (self, _("Real names are shown until the incident is closed; the reason is logged"));
}

static void
show_real_names_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *dialog, *reason;

  dialog = peil_confirm_new (GTK_WINDOW (self), _("Show Real Names?"),
                             _("Peil shows pseudonyms so that the analysis follows what people ask, feel and do, "
                               "not who they are. Say why real names are needed: your name, the time and the reason "
                               "go into the incident’s log, which the privacy officer reads."),
                             "show", _("_Show Names"), ADW_RESPONSE_DESTRUCTIVE);
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason, for example: a threat to be passed to the police"));
  gtk_entry_set_activates_default (GTK_ENTRY (reason), FALSE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "show", FALSE);
  g_signal_connect (reason, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_reveal_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

/* The selected post's author on the allow-list ("allow") or off it
 * ("disallow"); the names shown and the suggestions follow. */
static void
on_account_response (AdwMessageDialog *dialog,
                     const char       *response,
                     PeilWindow       *self)
{
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  gboolean allowed = g_str_equal (response, "allow");
  const char *who;

  if ((!allowed && !g_str_equal (response, "disallow")) || self->incident == NULL ||
      !(post = peil_window_get_selected_post (self)))
    return;
  if ((who = peil_pseudonymizer_account_of (post)) == NULL)
    {
      peil_window_toast (self, _("This post names its author without a handle, and anyone can take a name: "
                                 "its author stays a pseudonym"));
      return;
    }
  if (!peil_incident_allow_account (self->incident, who, allowed, &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  peil_window_relearn_suggestions (self);
  g_clear_object (&self->pseudonymizer);
  if (!(self->pseudonymizer = peil_incident_dup_pseudonymizer (self->incident, &error)))
    peil_window_show_error (self, error);
  show_names (self);
}

/* An account that speaks for an organisation keeps its name, from now
 * on and everywhere: the allow-list is the incident's, and logged. */
static void
allow_author_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *dialog;

  dialog = peil_confirm_new (GTK_WINDOW (self), _("Show This Account’s Name?"),
                             _("Only for an account that speaks for an organisation: the municipality, police, "
                               "safety region, fire service or media. Its name is then shown in every view, export "
                               "and report of this incident, and the change is logged. "
                               "“Not Official…” beside its name takes it back."),
                             "allow", _("_Show Name"), ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (on_account_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* An account allowed by mistake goes back to its pseudonym. */
static void
disallow_author_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *dialog;

  dialog = peil_confirm_new (GTK_WINDOW (self), _("Hide This Account’s Name Again?"),
                             _("For an account that does not speak for an organisation. It is shown as a "
                               "pseudonym again in every view, export and report of this incident, the "
                               "suggestions forget it, and the change is logged."),
                             "disallow", _("_Hide Name"), ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_account_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hide_real_names_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);

  self->real_names = FALSE;
  show_names (self);
}

void
peil_window_class_init_names (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-real-names", NULL, show_real_names_action);
  gtk_widget_class_install_action (widget_class, "win.hide-real-names", NULL, hide_real_names_action);
  gtk_widget_class_install_action (widget_class, "win.allow-author", NULL, allow_author_action);
  gtk_widget_class_install_action (widget_class, "win.disallow-author", NULL, disallow_author_action);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-manual-entry-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-manual-entry-dialog.h"

/* A question that reached the team outside social media, entered by
 * hand; it becomes a post of source "manual" with its channel. */
struct _PeilManualEntryDialog
{
  AdwWindow        parent_instance;

  PeilIncident    *incident;

  AdwToastOverlay *toast_overlay;
  GtkTextView     *text_view;
  AdwComboRow     *channel_row;
  AdwEntryRow     *author_row;
  AdwEntryRow     *time_row;
};

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the combo row's items. */
static const char *channels[] = { "phone", "whatsapp", "webcare", "email", "counter", "other" };

G_DEFINE_FINAL_TYPE (PeilManualEntryDialog, peil_manual_entry_dialog, ADW_TYPE_WINDOW)

static void
peil_manual_entry_dialog_dispose (GObject *object)
{
  PeilManualEntryDialog *self = (PeilManualEntryDialog *)object;

  g_clear_object (&self->incident);

  G_OBJECT_CLASS (peil_manual_entry_dialog_parent_class)->dispose (object);
}

/**
 * peil_manual_entry_dialog_save:
 *
 * Adds the question to the incident.
 *
 * Returns: (transfer full): the new post, or %NULL with @error set
 */
PeilPost *
peil_manual_entry_dialog_save (PeilManualEntryDialog  *self,
                               GError                **error)
{
  g_autoptr(PeilPost) post = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = peil_uuid7_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  const char *time = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  guint channel = adw_combo_row_get_selected (self->channel_row);
  gint64 when = g_get_real_time () / G_USEC_PER_SEC;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Write down the question first"));
      return NULL;
    }
  if (*time != '\0' && !peil_time_parse (time, NULL, &when))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not a date or time (use for example 2026-11-25 14:30)"), time);
      return NULL;
    }

  post = peil_post_new ("manual", id);
  peil_post_set_text (post, text);
  peil_post_set_channel (post, channels[MIN (channel, G_N_ELEMENTS (channels) - 1)]);
  peil_post_set_author_name (post, gtk_editable_get_text (GTK_EDITABLE (self->author_row)));
  peil_post_set_created_at (post, when);
  peil_post_set_origin (post, peil_incident_get_analyst (self->incident));

  if (!peil_incident_add_post (self->incident, post, NULL, error))
    return NULL;
  return g_steal_pointer (&post);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PeilManualEntryDialog *self = PEIL_MANUAL_ENTRY_DIALOG (widget);
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (!(post = peil_manual_entry_dialog_save (self, &error)))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, peil_toast_new (error->message));
      return;
    }
  g_signal_emit (self, signals[ADDED], 0, post);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
peil_manual_entry_dialog_class_init (PeilManualEntryDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_manual_entry_dialog_dispose;

  /**
   * PeilManualEntryDialog::added:
   * @post: the post that was added
   */
  signals[ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PEIL_TYPE_POST);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-manual-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilManualEntryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeilManualEntryDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, PeilManualEntryDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, PeilManualEntryDialog, author_row);
  gtk_widget_class_bind_template_child (widget_class, PeilManualEntryDialog, time_row);
  gtk_widget_class_install_action (widget_class, "dialog.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peil_manual_entry_dialog_init (PeilManualEntryDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%d %H:%M");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
}

GtkWidget *
peil_manual_entry_dialog_new (GtkWindow    *parent,
                              PeilIncident *incident)
{
  PeilManualEntryDialog *self;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  self = g_object_new (PEIL_TYPE_MANUAL_ENTRY_DIALOG, "transient-for", parent, NULL);
  self->incident = g_object_ref (incident);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return GTK_WIDGET (self);
}

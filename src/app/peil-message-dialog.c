/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-message-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-message-dialog.h"

/* One of the organisation's own messages, entered by hand, with the
 * information needs and open rumours it answers: what its effect is
 * measured on. It is kept apart from the public's posts. */
struct _PeilMessageDialog
{
  AdwWindow             parent_instance;

  PeilIncident         *incident;
  gint64                message_id;   /* once added: a retry only links what failed */
  gboolean              editing;      /* a message that was there: what it answers changes */
  GPtrArray            *tag_buttons;  /* GtkToggleButton, the tag's code as its name */
  GPtrArray            *rumour_checks; /* GtkCheckButton, "rumour-id" their rumour */

  AdwToastOverlay      *toast_overlay;
  GtkButton            *save_button;
  GtkTextView          *text_view;
  AdwComboRow          *channel_row;
  AdwEntryRow          *time_row;
  GtkFlowBox           *tag_box;
  AdwPreferencesGroup  *rumour_group;
};

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeilMessageDialog, peil_message_dialog, ADW_TYPE_WINDOW)

static void
peil_message_dialog_dispose (GObject *object)
{
  PeilMessageDialog *self = (PeilMessageDialog *)object;

  g_clear_object (&self->incident);
  g_clear_pointer (&self->tag_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->rumour_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (peil_message_dialog_parent_class)->dispose (object);
}

/**
 * peil_message_dialog_save:
 *
 * Adds the message to the incident with the tags and rumours chosen.
 * When linking a rumour fails after the message was added, trying again
 * links the rumours to that message instead of adding it twice. For a
 * message that was there (peil_message_dialog_new_for_message()), what
 * it answers is set as chosen: each tag and rumour on or off.
 *
 * Returns: the message's id, or 0 with @error set
 */
gint64
peil_message_dialog_save (PeilMessageDialog  *self,
                          GError            **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  const char *time = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  const char * const *channels = peil_message_channels ();
  guint channel = adw_combo_row_get_selected (self->channel_row);
  gint64 when = g_get_real_time () / G_USEC_PER_SEC;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Write down the message first"));
      return 0;
    }
  if (*time != '\0' && !peil_time_parse (time, NULL, &when))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not a date or time (use for example 2026-11-25 14:30)"), time);
      return 0;
    }
  if (channel >= g_strv_length ((char **)channels))
    channel = 0;

  for (guint i = 0; i < self->tag_buttons->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->tag_buttons, i)))
      g_ptr_array_add (tags, (gpointer)gtk_widget_get_name (g_ptr_array_index (self->tag_buttons, i)));
  g_ptr_array_add (tags, NULL);

  if (self->message_id == 0)
    self->message_id = peil_incident_add_message (self->incident, channels[channel], text, when,
                                                  (const char * const *)tags->pdata, error);
  if (self->message_id == 0)
    return 0;
  /* Each change is logged only when it changes something. */
  for (guint i = 0; self->editing && i < self->tag_buttons->len; i++)
    {
      GtkToggleButton *button = g_ptr_array_index (self->tag_buttons, i);

      if (!peil_incident_tag_message (self->incident, self->message_id, gtk_widget_get_name (GTK_WIDGET (button)),
                                      gtk_toggle_button_get_active (button), error))
        return 0;
    }
  for (guint i = 0; i < self->rumour_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->rumour_checks, i);
      gint64 rumour_id = *(gint64 *)g_object_get_data (G_OBJECT (check), "rumour-id");
      gboolean active = gtk_check_button_get_active (check);

      if ((active || self->editing) &&
          !peil_incident_link_message_rumour (self->incident, self->message_id, rumour_id, active, error))
        return 0;
    }
  return self->message_id;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PeilMessageDialog *self = PEIL_MESSAGE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* On failure the dialog stays, with what was typed. */
  if ((id = peil_message_dialog_save (self, &error)) == 0)
    {
      peil_show_error (GTK_WIDGET (self->toast_overlay), error);
      return;
    }
  g_signal_emit (self, signals[ADDED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
peil_message_dialog_class_init (PeilMessageDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_message_dialog_dispose;

  /**
   * PeilMessageDialog::added:
   * @id: the message that was added (or, when editing, changed)
   */
  signals[ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-message-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilMessageDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeilMessageDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PeilMessageDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, PeilMessageDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, PeilMessageDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, PeilMessageDialog, tag_box);
  gtk_widget_class_bind_template_child (widget_class, PeilMessageDialog, rumour_group);
  gtk_widget_class_install_action (widget_class, "dialog.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peil_message_dialog_init (PeilMessageDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char * const *channels = peil_message_channels ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->tag_buttons = g_ptr_array_new ();
  self->rumour_checks = g_ptr_array_new ();
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  for (guint i = 0; channels[i] != NULL; i++)
    gtk_string_list_append (labels, peil_message_channel_label (channels[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (labels));
}

/* The information needs, the dimension a message answers. */
static void
add_tags (PeilMessageDialog *self)
{
  PeilDimension *needs = peil_taxonomy_lookup_dimension (peil_incident_get_taxonomy (self->incident), "IB");
  GPtrArray *tags = needs ? peil_dimension_get_tags (needs) : NULL;

  for (guint i = 0; tags != NULL && i < tags->len; i++)
    {
      PeilTag *tag = g_ptr_array_index (tags, i);
      GtkWidget *button;

      if (peil_tag_get_hidden (tag))
        continue;
      button = gtk_toggle_button_new_with_label (peil_tag_get_label (tag));
      gtk_widget_set_name (button, peil_tag_get_code (tag));
      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (button, peil_tag_get_label (tag));
      gtk_flow_box_append (self->tag_box, button);
      g_ptr_array_add (self->tag_buttons, button);
    }
}

/* The rumours still open: a debunked one has had its answer, unless
 * @addressed (a message's rumours, or NULL) holds it. */
static void
add_rumours (PeilMessageDialog *self,
             GArray            *addressed)
{
  g_autoptr(GPtrArray) rumours = peil_incident_list_rumours (self->incident, NULL);

  for (guint i = 0; rumours != NULL && i < rumours->len; i++)
    {
      PeilRumour *rumour = g_ptr_array_index (rumours, i);
      GtkWidget *row, *check;
      gint64 *id;

      gboolean answered = FALSE;

      for (guint j = 0; addressed != NULL && j < addressed->len; j++)
        answered |= g_array_index (addressed, gint64, j) == peil_rumour_get_id (rumour);
      if (g_str_equal (peil_rumour_get_status (rumour), PEIL_RUMOUR_DEBUNKED) && !answered)
        continue;
      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      id = g_new (gint64, 1);
      *id = peil_rumour_get_id (rumour);
      g_object_set_data_full (G_OBJECT (check), "rumour-id", id, g_free);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), peil_rumour_get_claim (rumour));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), answered);
      adw_preferences_group_add (self->rumour_group, row);
      g_ptr_array_add (self->rumour_checks, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rumour_group), self->rumour_checks->len > 0);
}

GtkWidget *
peil_message_dialog_new (GtkWindow    *parent,
                         PeilIncident *incident)
{
  PeilMessageDialog *self;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  self = g_object_new (PEIL_TYPE_MESSAGE_DIALOG, "transient-for", parent, NULL);
  self->incident = g_object_ref (incident);
  add_tags (self);
  add_rumours (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return GTK_WIDGET (self);
}

/**
 * peil_message_dialog_new_for_message:
 *
 * Returns: (transfer floating): a dialog that shows one of our messages,
 *   as it went out, and changes what it answers: the way to tag a message
 *   gathered from one of our channels
 */
GtkWidget *
peil_message_dialog_new_for_message (GtkWindow         *parent,
                                     PeilIncident      *incident,
                                     const PeilMessage *message)
{
  PeilMessageDialog *self;
  const char * const *channels = peil_message_channels ();
  g_autofree char *when = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (PEIL_TYPE_MESSAGE_DIALOG, "transient-for", parent, NULL);
  self->incident = g_object_ref (incident);
  self->message_id = message->id;
  self->editing = TRUE;
  add_tags (self);
  add_rumours (self, message->rumours);

  /* What went out stays as it went out. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), message->text, -1);
  gtk_text_view_set_editable (self->text_view, FALSE);
  for (guint i = 0; channels[i] != NULL; i++)
    if (g_str_equal (channels[i], message->channel))
      adw_combo_row_set_selected (self->channel_row, i);
  when = peil_format_time (message->time, "%Y-%m-%d %H:%M");
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), when);
  gtk_widget_set_sensitive (GTK_WIDGET (self->channel_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->time_row), FALSE);
  for (guint i = 0; i < self->tag_buttons->len; i++)
    {
      GtkToggleButton *button = g_ptr_array_index (self->tag_buttons, i);

      gtk_toggle_button_set_active (button, g_strv_contains ((const char * const *)message->tags,
                                                             gtk_widget_get_name (GTK_WIDGET (button))));
    }
  gtk_button_set_label (self->save_button, _("_Save"));
  return GTK_WIDGET (self);
}

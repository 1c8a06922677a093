/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-bar-chart.h"
#include "peil-message-dialog.h"
#include "peil-window-private.h"

/*
 * Closing the loop in the window: the organisation's own messages are
 * entered beside the phone questions (Ctrl+Shift+M), marked on the
 * Overview's hour chart with their effect on what they answered, listed
 * in the Overview, and the information needs and rumours that rise
 * unanswered are listed there as what to answer next. Effects and the
 * unanswered list count posts: they are computed on a worker, one
 * computation at a time, and shown when done.
 */

/* The hours the unanswered list looks back: the method's default. */
#define UNANSWERED_SPAN (2 * 60 * 60)
/* The Overview lists the newest messages; the rest are in the report. */
#define LISTED_MESSAGES 8
/* A message's text in a tooltip, at most. */
#define TOOLTIP_TEXT_CHARS 280

static const PeilMessage *
find_message (PeilWindow *self,
              gint64      id)
{
  for (guint i = 0; self->messages != NULL && i < self->messages->len; i++)
    if (((PeilMessage *)g_ptr_array_index (self->messages, i))->id == id)
      return g_ptr_array_index (self->messages, i);
  return NULL;
}

static char *
describe_message_time (const PeilMessage *message)
{
  g_autofree char *when = peil_format_time (message->time, C_("post time", "%e %b %H:%M"));

  return g_strdup_printf ("%s · %s", peil_message_channel_label (message->channel), g_strstrip (when));
}

/* What hovering a message's marker shows: channel, time, text, and its
 * effect on each thing it answered, once computed. */
static char *
describe_marker (PeilWindow        *self,
                 const PeilMessage *message)
{
  g_autofree char *heading = describe_message_time (message);
  g_autoptr(GString) text = g_string_new (heading);
  guint n_effects = 0;

  g_string_append_c (text, '\n');
  if (g_utf8_strlen (message->text, -1) > TOOLTIP_TEXT_CHARS)
    {
      g_autofree char *start = g_utf8_substring (message->text, 0, TOOLTIP_TEXT_CHARS);
      g_string_append_printf (text, "%s…", start);
    }
  else
    g_string_append (text, message->text);

  for (guint i = 0; self->effects != NULL && i < self->effects->len; i++)
    {
      PeilEffect *effect = g_ptr_array_index (self->effects, i);
      g_autofree char *line = NULL;

      if (effect->message_id != message->id)
        continue;
      /* In the words of peil-cli effect and the report. */
      line = peil_effect_describe (effect);
      if (effect->tag != NULL)
        g_string_append_printf (text, "%s%s: %s", n_effects++ ? "\n" : "\n\n", effect->label, line);
      else
        /* TRANSLATORS: what a message did on a rumour: the claim is no fact, so it says "rumour" */
        g_string_append_printf (text, _("%sRumour “%s”: %s"), n_effects++ ? "\n" : "\n\n", effect->label, line);
    }
  if (self->effects != NULL && n_effects == 0)
    g_string_append_printf (text, "\n\n%s", _("It answers no information need or rumour: no effect is measured"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
describe_markers (PeilWindow *self)
{
  PeilBarChart *chart = PEIL_BAR_CHART (self->message_chart);

  if (chart == NULL)
    return;
  for (guint i = 0; i < self->marked_messages->len && i < peil_bar_chart_get_n_markers (chart); i++)
    {
      const PeilMessage *message = find_message (self, g_array_index (self->marked_messages, gint64, i));
      g_autofree char *tooltip = message ? describe_marker (self, message) : NULL;

      if (tooltip != NULL)
        peil_bar_chart_set_marker_tooltip (chart, i, tooltip);
    }
}

/**
 * peil_window_load_messages:
 *
 * Reads the organisation's messages anew, for the Overview. There are
 * few of them (tens), unlike posts.
 */
void
peil_window_load_messages (PeilWindow *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = peil_incident_list_messages (self->incident, 0, 0, &error);

  if (messages == NULL)
    {
      peil_window_show_error (self, error);
      return;
    }
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  self->messages = messages;
}

/**
 * peil_window_mark_messages:
 *
 * Marks each message on the hour chart, in the column of its hour, with
 * its effect as its tooltip when it is known.
 */
void
peil_window_mark_messages (PeilWindow   *self,
                           PeilBarChart *chart)
{
  g_set_weak_pointer (&self->message_chart, GTK_WIDGET (chart));
  g_array_set_size (self->marked_messages, 0);
  for (guint i = 0; self->messages != NULL && i < self->messages->len; i++)
    {
      PeilMessage *message = g_ptr_array_index (self->messages, i);
      gint64 hour = message->time / 3600 * 3600;
      g_autofree char *key = g_strdup_printf ("hour:%" G_GINT64_FORMAT, hour);

      if (message->time <= 0)
        continue;
      for (guint bar = 0; bar < peil_bar_chart_get_n_bars (chart); bar++)
        if (g_strcmp0 (peil_bar_chart_get_key (chart, bar), key) == 0)
          {
            g_autofree char *when = describe_message_time (message);
            /* TRANSLATORS: a marker on the chart of posts per hour, for screen readers: "Our message: Press release · 25 Nov 14:10" */
            g_autofree char *label = g_strdup_printf (_("Our message: %s"), when);

            peil_bar_chart_add_marker (chart, bar, (double)(message->time - hour) / 3600, label);
            g_array_append_val (self->marked_messages, message->id);
            break;
          }
    }
  describe_markers (self);
}

/* The unanswered list ------------------------------------------------------ */

static void
on_unanswered_activated (AdwActionRow *row,
                         PeilWindow   *self)
{
  g_autofree char *key = g_strdup_printf ("tag:%s", (const char *)g_object_get_data (G_OBJECT (row), "tag"));

  peil_window_add_filter (self, key);
  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
}

static GtkWidget *
unanswered_row (PeilWindow           *self,
                const PeilUnanswered *item)
{
  GtkWidget *row = adw_action_row_new ();
  const char *language = peil_ui_language ();
  g_autofree char *recent = peil_format_number (item->recent, language);
  g_autofree char *previous = peil_format_number (item->previous, language);
  /* TRANSLATORS: under an information need or rumour that rises unanswered: its posts in the last hours
   * and in as many hours before: "9 in the last 2 h (was 2)" */
  g_autofree char *counts = g_strdup_printf (_("%s in the last %d h (was %s)"), recent, UNANSWERED_SPAN / 3600, previous);
  g_autofree char *answered = NULL;
  g_autofree char *subtitle = NULL;

  if (item->last_answered > 0)
    {
      g_autofree char *when = peil_format_time (item->last_answered, C_("post time", "%e %b %H:%M"));
      /* TRANSLATORS: after "9 in the last 2 h (was 2)": when a message last answered it */
      answered = g_strdup_printf (_("last answered %s"), g_strstrip (when));
    }
  else
    answered = g_strdup (_("never answered"));
  subtitle = g_strdup_printf ("%s · %s", counts, answered);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (item->tag != NULL)
    {
      /* An information need's posts are one click away. */
      g_object_set_data_full (G_OBJECT (row), "tag", g_strdup (item->tag), g_free);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_signal_connect_object (row, "activated", G_CALLBACK (on_unanswered_activated), self, 0);
    }
  else
    {
      GtkWidget *kind = gtk_label_new (_("Rumour"));

      gtk_widget_add_css_class (kind, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), kind);
    }
  return row;
}

static GtkWidget *
placeholder_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static void
fill_unanswered (PeilWindow *self)
{
  GtkListBox *list = GTK_LIST_BOX (self->unanswered_list);
  GtkWidget *child;

  if (list == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  if (self->unanswered == NULL)
    gtk_list_box_append (list, placeholder_row (_("Counting…")));
  else if (self->unanswered->len == 0)
    gtk_list_box_append (list, placeholder_row (_("Nothing is rising unanswered")));
  for (guint i = 0; self->unanswered != NULL && i < self->unanswered->len; i++)
    gtk_list_box_append (list, unanswered_row (self, g_ptr_array_index (self->unanswered, i)));
}

static GtkWidget *
boxed_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

static GtkWidget *
unanswered_group (PeilWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = boxed_list ();
  g_autofree char *description =
    /* TRANSLATORS: under "Unanswered" on the Overview */
    g_strdup_printf (_("Rising in the last %d hours, and no message of ours answered it: what to answer next, "
                       "most urgent first"), UNANSWERED_SPAN / 3600);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Unanswered"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_widget_set_name (group, "unanswered");
  g_set_weak_pointer (&self->unanswered_list, list);
  fill_unanswered (self);
  return group;
}

static void on_message_changed (PeilMessageDialog *dialog,
                                gint64             id,
                                PeilWindow        *self);

/* A message of the list opens to show what it answers, and change it. */
static void
on_message_activated (AdwActionRow *row,
                      PeilWindow   *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "message-index"));
  GtkWidget *dialog;

  if (self->messages == NULL || index >= self->messages->len)
    return;
  dialog = peil_message_dialog_new_for_message (GTK_WINDOW (self), self->incident,
                                                g_ptr_array_index (self->messages, index));
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_message_changed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The newest messages, newest first: time, channel and text; each opens. */
static GtkWidget *
messages_group (PeilWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = boxed_list ();
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  guint n = self->messages ? self->messages->len : 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Our Messages"));
  if (n > LISTED_MESSAGES)
    {
      /* TRANSLATORS: under "Our Messages" on the Overview, when not all are listed */
      g_autofree char *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The newest %u of %u message",
                                                                   "The newest %u of %u messages", n),
                                                      LISTED_MESSAGES, n);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
    }
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (add, _("Add Our Message (Ctrl+Shift+M)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "win.add-message");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);

  if (n == 0)
    gtk_list_box_append (GTK_LIST_BOX (list),
                         placeholder_row (_("No messages yet: add what the organisation said, to see its effect")));
  for (guint i = n; i > 0 && i + LISTED_MESSAGES > n; i--)
    {
      PeilMessage *message = g_ptr_array_index (self->messages, i - 1);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = describe_message_time (message);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message->text);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "message-index", GUINT_TO_POINTER (i - 1));
      g_signal_connect_object (row, "activated", G_CALLBACK (on_message_activated), self, 0);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_widget_set_name (group, "our-messages");
  return group;
}

/**
 * peil_window_communication_new:
 *
 * Returns: (transfer floating): the Overview's unanswered list beside
 *   the list of our messages; the first is filled when counted
 */
GtkWidget *
peil_window_communication_new (PeilWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_widget_set_margin_top (box, 12);
  gtk_box_append (GTK_BOX (box), unanswered_group (self));
  gtk_box_append (GTK_BOX (box), messages_group (self));
  return box;
}

/* Computing on a worker ---------------------------------------------------- */

static void compute_effects (PeilWindow *self);

static void
on_unanswered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *unanswered = peil_incident_list_unanswered_finish (PEIL_INCIDENT (object), result, &error);

  /* Cancelled when another incident was opened or the window closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->communication_cancellable);
  if (unanswered == NULL)
    peil_window_show_error (self, error);
  else
    {
      g_clear_pointer (&self->unanswered, g_ptr_array_unref);
      self->unanswered = unanswered;
      fill_unanswered (self);
    }
  if (self->communication_again)
    compute_effects (self);
}

static void
on_effects (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *effects = peil_incident_compute_effects_finish (PEIL_INCIDENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (effects == NULL)
    peil_window_show_error (self, error);
  else
    {
      g_clear_pointer (&self->effects, g_ptr_array_unref);
      self->effects = effects;
      describe_markers (self);
    }
  peil_incident_list_unanswered_async (self->incident, UNANSWERED_SPAN, 0, self->communication_cancellable,
                                       on_unanswered, g_object_ref (self));
}

/* One computation at a time: changes that come meanwhile (an import
 * counts every second or so) are computed once it is done. */
static void
compute_effects (PeilWindow *self)
{
  if (self->communication_cancellable != NULL)
    {
      self->communication_again = TRUE;
      return;
    }
  self->communication_again = FALSE;
  self->communication_cancellable = g_cancellable_new ();
  peil_incident_compute_effects_async (self->incident, 0, 0, 0, self->communication_cancellable,
                                       on_effects, g_object_ref (self));
}

/**
 * peil_window_refresh_communication:
 *
 * Computes the messages' effects and the unanswered list anew on a
 * worker, and shows them on the Overview when done.
 */
void
peil_window_refresh_communication (PeilWindow *self)
{
  if (self->incident != NULL)
    compute_effects (self);
}

/**
 * peil_window_close_communication:
 *
 * Drops what was computed and what is being computed, for another
 * incident or the window closing.
 */
void
peil_window_close_communication (PeilWindow *self)
{
  g_cancellable_cancel (self->communication_cancellable);
  g_clear_object (&self->communication_cancellable);
  self->communication_again = FALSE;
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->effects, g_ptr_array_unref);
  g_clear_pointer (&self->unanswered, g_ptr_array_unref);
  g_clear_weak_pointer (&self->message_chart);
  g_clear_weak_pointer (&self->unanswered_list);
  if (self->marked_messages != NULL)
    g_array_set_size (self->marked_messages, 0);
}

/* Entering a message ------------------------------------------------------- */

static void
on_message_changed (PeilMessageDialog *dialog,
                    gint64             id,
                    PeilWindow        *self)
{
  peil_window_update_overview (self);
}

static void
on_message_added (PeilMessageDialog *dialog,
                  gint64             id,
                  PeilWindow        *self)
{
  peil_window_toast (self, _("Message added"));
  peil_window_update_overview (self);
}

static void
add_message_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *dialog;

  if (self->incident == NULL)
    return;
  dialog = peil_message_dialog_new (GTK_WINDOW (self), self->incident);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_message_added), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
peil_window_class_init_communication (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-message", NULL, add_message_action);
}

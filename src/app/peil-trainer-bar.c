/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-trainer-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-trainer-bar.h"

/*
 * The trainer's controls of an exercise, above the posts: its time,
 * start, pause and resume, the speed, a jump to a time, and an unscripted
 * inject on a channel. The clock lives in the file: the bar reads it
 * four times a second, so a change made with peil-cli shows at once, and
 * says "changed" when it changed the clock or released an inject itself,
 * so that the window gathers what is due.
 */
#define REFRESH_MS 250

static const char * const channels[] = {
  PEIL_CHANNEL_X, PEIL_CHANNEL_FACEBOOK, PEIL_CHANNEL_INSTAGRAM, PEIL_CHANNEL_TIKTOK, PEIL_CHANNEL_MASTODON,
  PEIL_CHANNEL_NEWS, PEIL_CHANNEL_PHONE, PEIL_CHANNEL_WHATSAPP, PEIL_CHANNEL_WEBCARE, PEIL_CHANNEL_CRISIS_TEAM,
};

struct _PeilTrainerBar
{
  GtkBox             parent_instance;

  PeilExerciseClock *clock;
  guint              refresh_source;
  gboolean           showing;      /* setting the widgets from the clock, not the trainer */

  GtkLabel          *time_label;
  GtkLabel          *state_label;
  AdwButtonContent  *play_content;
  GtkDropDown       *speed_dropdown;
  GtkEntry          *jump_entry;
  GtkDropDown       *channel_dropdown;
  GtkEntry          *inject_entry;
};

G_DEFINE_FINAL_TYPE (PeilTrainerBar, peil_trainer_bar, GTK_TYPE_BOX)

enum { CHANGED, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
fail (PeilTrainerBar *self,
      GError         *error)
{
  g_signal_emit (self, signals[FAILED], 0, error->message);
  g_error_free (error);
}

/**
 * peil_trainer_bar_refresh:
 *
 * Shows the clock as the file has it now.
 */
void
peil_trainer_bar_refresh (PeilTrainerBar *self)
{
  g_autofree char *time = NULL;
  g_autofree char *state = NULL;
  g_autofree char *released = NULL;
  PeilExerciseStatus status;

  if (self->clock == NULL || !peil_exercise_clock_get_status (self->clock, &status, NULL))
    return;

  time = peil_time_format_offset (status.time / G_USEC_PER_SEC);
  gtk_label_set_text (self->time_label, time);

  self->showing = TRUE;
  if (gtk_drop_down_get_selected (self->speed_dropdown) != (guint)(status.speed - 1))
    gtk_drop_down_set_selected (self->speed_dropdown, status.speed - 1);
  self->showing = FALSE;

  if (!status.started)
    {
      adw_button_content_set_icon_name (self->play_content, "media-playback-start-symbolic");
      adw_button_content_set_label (self->play_content, _("_Start"));
      state = g_strdup (_("Not started"));
    }
  else if (status.running)
    {
      adw_button_content_set_icon_name (self->play_content, "media-playback-pause-symbolic");
      adw_button_content_set_label (self->play_content, _("_Pause"));
      state = g_strdup (_("Running"));
    }
  else
    {
      adw_button_content_set_icon_name (self->play_content, "media-playback-start-symbolic");
      adw_button_content_set_label (self->play_content, _("_Resume"));
      state = g_strdup (_("Paused"));
    }

  /* TRANSLATORS: "Running · 12 of 156 injects released" */
  released = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u of %u inject released",
                                           "%s · %u of %u injects released", status.total),
                              state, status.released, status.total);
  gtk_label_set_text (self->state_label, released);
}

static gboolean
refresh_tick (gpointer user_data)
{
  peil_trainer_bar_refresh (PEIL_TRAINER_BAR (user_data));
  return G_SOURCE_CONTINUE;
}

/**
 * peil_trainer_bar_set_incident:
 * @incident: (nullable): the incident the window shows
 *
 * Returns: whether @incident plays an exercise here (has its clock), so
 *   that the bar is worth showing
 */
gboolean
peil_trainer_bar_set_incident (PeilTrainerBar *self,
                               PeilIncident   *incident)
{
  PeilExerciseStatus status;

  g_return_val_if_fail (PEIL_IS_TRAINER_BAR (self), FALSE);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_object (&self->clock);

  if (incident == NULL || !peil_incident_is_exercise (incident))
    return FALSE;
  self->clock = peil_exercise_clock_new (incident);
  if (!peil_exercise_clock_get_status (self->clock, &status, NULL))
    {
      /* A trainee's replica: the injects come through the team. */
      g_clear_object (&self->clock);
      return FALSE;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self), !peil_incident_get_read_only (incident));
  peil_trainer_bar_refresh (self);
  self->refresh_source = g_timeout_add (REFRESH_MS, refresh_tick, self);
  return TRUE;
}

static void
changed (PeilTrainerBar *self,
         gboolean        ok,
         GError         *error)
{
  if (!ok)
    {
      fail (self, error);
      return;
    }
  peil_trainer_bar_refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_play_clicked (PeilTrainerBar *self)
{
  PeilExerciseStatus status;
  GError *error = NULL;
  gboolean ok;

  if (self->clock == NULL)
    return;
  if (!peil_exercise_clock_get_status (self->clock, &status, &error))
    {
      fail (self, error);
      return;
    }
  if (!status.started)
    ok = peil_exercise_clock_start (self->clock, &error);
  else if (status.running)
    ok = peil_exercise_clock_pause (self->clock, &error);
  else
    ok = peil_exercise_clock_resume (self->clock, &error);
  changed (self, ok, error);
}

static void
on_speed_selected (PeilTrainerBar *self)
{
  GError *error = NULL;
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (self->clock == NULL || self->showing || selected == GTK_INVALID_LIST_POSITION)
    return;
  changed (self, peil_exercise_clock_set_speed (self->clock, (int)selected + 1, &error), error);
}

static void
on_jump (PeilTrainerBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->jump_entry));
  GError *error = NULL;
  gint64 seconds;

  if (self->clock == NULL)
    return;
  if (!peil_time_parse_offset (text, &seconds))
    {
      g_set_error (&error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not a time since the start; write H:MM:SS, such as 1:30:00"), text);
      fail (self, error);
      return;
    }
  if (peil_exercise_clock_jump (self->clock, seconds, &error))
    gtk_editable_set_text (GTK_EDITABLE (self->jump_entry), "");
  changed (self, error == NULL, error);
}

static void
on_send (PeilTrainerBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->inject_entry));
  guint selected = gtk_drop_down_get_selected (self->channel_dropdown);
  g_autofree char *id = NULL;
  GError *error = NULL;

  if (self->clock == NULL || selected >= G_N_ELEMENTS (channels))
    return;
  if ((id = peil_exercise_clock_add_inject (self->clock, channels[selected], NULL, text, &error)))
    gtk_editable_set_text (GTK_EDITABLE (self->inject_entry), "");
  changed (self, id != NULL, error);
}

static void
peil_trainer_bar_dispose (GObject *object)
{
  PeilTrainerBar *self = PEIL_TRAINER_BAR (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_object (&self->clock);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEIL_TYPE_TRAINER_BAR);

  G_OBJECT_CLASS (peil_trainer_bar_parent_class)->dispose (object);
}

static void
peil_trainer_bar_class_init (PeilTrainerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peil_trainer_bar_dispose;

  /* The trainer changed the clock or released an inject here. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A change was refused; the message says why. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-trainer-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilTrainerBar, time_label);
  gtk_widget_class_bind_template_child (widget_class, PeilTrainerBar, state_label);
  gtk_widget_class_bind_template_child (widget_class, PeilTrainerBar, play_content);
  gtk_widget_class_bind_template_child (widget_class, PeilTrainerBar, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeilTrainerBar, jump_entry);
  gtk_widget_class_bind_template_child (widget_class, PeilTrainerBar, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeilTrainerBar, inject_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_play_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_jump);
  gtk_widget_class_bind_template_callback (widget_class, on_send);
}

static void
peil_trainer_bar_init (PeilTrainerBar *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    gtk_string_list_append (names, peil_channel_get_label (channels[i]));
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (names));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->jump_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Jump to exercise time"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->inject_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Unscripted inject"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Speed"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->channel_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Channel"), -1);
}

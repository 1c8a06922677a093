/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-new-incident-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <peil.h>

#include "peil-app-util.h"
#include "peil-application.h"
#include "peil-new-incident-dialog.h"

/* Asks what a new incident file must say (title, type, place, start, and
 * purpose, legal basis and retention of the processing), then where to
 * save it; emits ::created with the file. */
struct _PeilNewIncidentDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwEntryRow     *title_row;
  AdwEntryRow     *type_row;
  AdwEntryRow     *location_row;
  AdwEntryRow     *start_row;
  AdwEntryRow     *purpose_row;
  AdwEntryRow     *legal_basis_row;
  AdwEntryRow     *retention_row;
  AdwEntryRow     *dpia_row;
  GtkSwitch       *exercise_switch;
  AdwEntryRow     *analyst_row;

  guint            retention_days;
  gboolean         retention_chosen; /* typed or picked: no longer proposed */
  gboolean         proposing;
};

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeilNewIncidentDialog, peil_new_incident_dialog, ADW_TYPE_WINDOW)

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static GSettings *
settings_of (PeilNewIncidentDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = parent ? gtk_window_get_application (parent) : NULL;

  return app ? peil_application_get_settings (PEIL_APPLICATION (app)) : NULL;
}

/**
 * peil_new_incident_dialog_create:
 *
 * Creates @file with what the dialog holds. On failure nothing is left
 * behind and @error says why.
 */
gboolean
peil_new_incident_dialog_create (PeilNewIncidentDialog  *self,
                                 GFile                  *file,
                                 GError                **error)
{
  g_autoptr(PeilIncident) incident = NULL;
  const struct { const char *key; AdwEntryRow *row; } fields[] = {
    { PEIL_META_TITLE, self->title_row },
    { PEIL_META_TYPE, self->type_row },
    { PEIL_META_LOCATION, self->location_row },
    { PEIL_META_START, self->start_row },
    { PEIL_META_PURPOSE, self->purpose_row },
    { PEIL_META_LEGAL_BASIS, self->legal_basis_row },
    { PEIL_META_RETENTION, self->retention_row },
    { PEIL_META_DPIA, self->dpia_row },
  };
  GSettings *settings = settings_of (self);

  if (!(incident = peil_incident_create (file, NULL, error)))
    return FALSE;
  peil_incident_set_analyst (incident, row_text (self->analyst_row));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!peil_incident_set_metadata (incident, fields[i].key, row_text (fields[i].row), error))
      {
        g_autofree char *path = g_file_get_path (file);

        g_clear_object (&incident);
        g_unlink (path);
        return FALSE;
      }
  peil_incident_set_metadata (incident, PEIL_META_LANGUAGE, peil_ui_language (), NULL);
  if (gtk_switch_get_active (self->exercise_switch))
    peil_incident_set_metadata (incident, PEIL_META_EXERCISE, "true", NULL);

  if (settings != NULL && *row_text (self->analyst_row) != '\0')
    g_settings_set_string (settings, "analyst-name", row_text (self->analyst_row));

  return TRUE;
}

static void
on_save_response (GtkNativeDialog       *chooser,
                  int                    response,
                  PeilNewIncidentDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *name = NULL;

      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      name = g_file_get_basename (file);
      if (!g_str_has_suffix (name, ".peil"))
        {
          g_autofree char *named = g_strconcat (name, ".peil", NULL);
          g_autoptr(GFile) parent = g_file_get_parent (file);

          g_object_unref (file);
          file = g_file_get_child (parent, named);
        }

      /* An existing file is not removed, even when the chooser asked to
       * replace it: it may be an incident open here or elsewhere. The core
       * says so, and another name is chosen. */
      if (peil_new_incident_dialog_create (self, file, &error))
        {
          g_signal_emit (self, signals[CREATED], 0, file);
          gtk_window_destroy (GTK_WINDOW (self));
        }
      else
        {
          AdwToast *toast = peil_toast_new (error->message);
          adw_toast_set_timeout (toast, 0);
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
        }
    }
  g_object_unref (chooser);
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* A date that cannot be read is said at its field. */
static gboolean
check_fields (PeilNewIncidentDialog *self)
{
  AdwEntryRow *times[] = { self->start_row, self->retention_row };
  gboolean ok = TRUE;
  gint64 when;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      const char *text = row_text (times[i]);
      gboolean valid = *text == '\0' || peil_time_parse (text, NULL, &when);

      peil_entry_row_set_error (times[i], valid ? NULL : _("Write a date as 2026-11-25 or 25-11-2026 14:30"));
      if (!valid && ok)
        gtk_widget_grab_focus (GTK_WIDGET (times[i]));
      ok &= valid;
    }
  return ok && !is_blank (row_text (self->title_row));
}

/* The date pickers beside the date fields: a day chosen replaces the date
 * and keeps the time of day written after it. */
static void
on_day_selected (GtkCalendar *calendar,
                 AdwEntryRow *row)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  const char *time = strchr (text, ' ');
  g_autofree char *value = g_strconcat (date, time && g_object_get_data (G_OBJECT (row), "with-time") ? time : "", NULL);

  gtk_editable_set_text (GTK_EDITABLE (row), value);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER)));
}

static void
on_picker_shown (GtkPopover  *popover,
                 AdwEntryRow *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  g_autoptr(GDateTime) shown = NULL;
  gint64 when;

  if (peil_time_parse (gtk_editable_get_text (GTK_EDITABLE (row)), NULL, &when))
    shown = g_date_time_new_from_unix_local (when);
  else
    shown = g_date_time_new_now_local ();
  g_signal_handlers_block_by_func (calendar, on_day_selected, row);
  gtk_calendar_select_day (calendar, shown);
  g_signal_handlers_unblock_by_func (calendar, on_day_selected, row);
}

static void
add_date_picker (AdwEntryRow *row,
                 gboolean     with_time)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Choose a Date"));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (row), "with-time", GINT_TO_POINTER (with_time));
  g_signal_connect (calendar, "day-selected", G_CALLBACK (on_day_selected), row);
  g_signal_connect (popover, "show", G_CALLBACK (on_picker_shown), row);
  g_signal_connect (row, "changed", G_CALLBACK (peil_entry_row_clear_error), NULL);
  adw_entry_row_add_suffix (row, button);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PeilNewIncidentDialog *self = PEIL_NEW_INCIDENT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (!check_fields (self))
    return;

  chooser = gtk_file_chooser_native_new (_("Save Incident"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s.peil", row_text (self->title_row));
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
type_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeilNewIncidentDialog *self = PEIL_NEW_INCIDENT_DIALOG (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->type_row), g_variant_get_string (parameter, NULL));
}

/* Keep the file no longer than needed: the proposal follows the start
 * (Preferences say how many days after it) until a date is chosen. */
static void
propose_retention (PeilNewIncidentDialog *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) keep_until = NULL;
  g_autofree char *text = NULL;
  gint64 when;

  if (self->retention_chosen)
    return;
  if (peil_time_parse (row_text (self->start_row), NULL, &when))
    start = g_date_time_new_from_unix_local (when);
  else
    start = g_date_time_new_now_local ();
  keep_until = g_date_time_add_days (start, (int)self->retention_days);
  text = g_date_time_format (keep_until, "%Y-%m-%d");
  self->proposing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->retention_row), text);
  self->proposing = FALSE;
}

static void
on_retention_changed (PeilNewIncidentDialog *self)
{
  if (!self->proposing)
    self->retention_chosen = TRUE;
}

static void
on_title_changed (PeilNewIncidentDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create", *row_text (self->title_row) != '\0');
}

static void
peil_new_incident_dialog_class_init (PeilNewIncidentDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * PeilNewIncidentDialog::created:
   * @file: the new incident file
   */
  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-new-incident-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, legal_basis_row);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, retention_row);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, dpia_row);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, exercise_switch);
  gtk_widget_class_bind_template_child (widget_class, PeilNewIncidentDialog, analyst_row);
  gtk_widget_class_bind_template_callback (widget_class, on_title_changed);

  gtk_widget_class_install_action (widget_class, "dialog.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "dialog.type", "s", type_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peil_new_incident_dialog_init (PeilNewIncidentDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *start = g_date_time_format (now, "%Y-%m-%d %H:%M");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->retention_days = 30;
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), start);
  propose_retention (self);
  g_signal_connect_swapped (self->start_row, "changed", G_CALLBACK (propose_retention), self);
  g_signal_connect_swapped (self->retention_row, "changed", G_CALLBACK (on_retention_changed), self);
  gtk_editable_set_text (GTK_EDITABLE (self->purpose_row),
                         _("Environment analysis for the crisis organisation: what the public asks, feels and does"));
  gtk_editable_set_text (GTK_EDITABLE (self->legal_basis_row),
                         _("Task in the public interest (GDPR art. 6(1)(e))"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create", FALSE);
  add_date_picker (self->start_row, TRUE);
  add_date_picker (self->retention_row, FALSE);
  /* Ctrl+N, then the title: typed text must not land on Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

GtkWidget *
peil_new_incident_dialog_new (GtkWindow *parent)
{
  PeilNewIncidentDialog *self = g_object_new (PEIL_TYPE_NEW_INCIDENT_DIALOG, "transient-for", parent, NULL);
  GSettings *settings = settings_of (self);
  g_autofree char *analyst = settings ? g_settings_get_string (settings, "analyst-name") : NULL;

  if (analyst == NULL || *analyst == '\0')
    {
      g_free (analyst);
      analyst = g_strdup (g_get_real_name ());
    }
  gtk_editable_set_text (GTK_EDITABLE (self->analyst_row), analyst);
  if (settings != NULL)
    {
      self->retention_days = g_settings_get_uint (settings, "retention-days");
      propose_retention (self);
    }
  return GTK_WIDGET (self);
}

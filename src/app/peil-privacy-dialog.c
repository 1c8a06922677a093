/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-privacy-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-privacy-dialog.h"
#include "peil-privacy-document.h"

/*
 * The incident's record of processing for the privacy officer, as
 * `peil-cli privacy` prints it: a group per part, a row per line, and
 * Save As… writing it as HTML or PDF.
 */
struct _PeilPrivacyDialog
{
  AdwWindow          parent_instance;

  PeilPrivacyRecord *record;
  AdwToastOverlay   *toasts;
  AdwPreferencesPage *page;
};

G_DEFINE_FINAL_TYPE (PeilPrivacyDialog, peil_privacy_dialog, ADW_TYPE_WINDOW)

static void
peil_privacy_dialog_dispose (GObject *object)
{
  PeilPrivacyDialog *self = (PeilPrivacyDialog *)object;

  g_clear_object (&self->record);
  G_OBJECT_CLASS (peil_privacy_dialog_parent_class)->dispose (object);
}

/* libadwaita 1.2 reads a row's title and subtitle as markup. */
static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  return row;
}

static void
fill (PeilPrivacyDialog *self)
{
  GPtrArray *sections = peil_privacy_record_get_sections (self->record);

  for (guint i = 0; i < sections->len; i++)
    {
      PeilPrivacySection *section = g_ptr_array_index (sections, i);
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), section->heading);
      for (guint f = 0; f + 1 < section->fields->len; f += 2)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   new_row (g_ptr_array_index (section->fields, f),
                                            g_ptr_array_index (section->fields, f + 1)));
      if (section->columns != NULL && section->rows->len == 0)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (section->empty, ""));
      /* A table's row: its first cell, then the others with their columns. */
      for (guint r = 0; section->columns != NULL && r < section->rows->len; r++)
        {
          GStrv cells = g_ptr_array_index (section->rows, r);
          g_autoptr(GString) rest = g_string_new (NULL);

          for (guint c = 1; cells[c] != NULL; c++)
            if (*cells[c] != '\0')
              g_string_append_printf (rest, "%s%s: %s", rest->len > 0 ? " · " : "", section->columns[c], cells[c]);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (cells[0], rest->str));
        }
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
    }
}

/**
 * peil_privacy_dialog_save_to:
 *
 * Writes the record shown to @file, as HTML or PDF by its extension, and
 * says so in a toast (or what went wrong).
 */
gboolean
peil_privacy_dialog_save_to (PeilPrivacyDialog *self,
                             GFile             *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (PEIL_IS_PRIVACY_DIALOG (self), FALSE);

  if (!peil_privacy_document_save (self->record, file, &error))
    {
      peil_toast_overlay_show (self->toasts, peil_toast_new (error->message));
      return FALSE;
    }
  name = g_file_get_basename (file);
  message = g_strdup_printf (_("Record saved as “%s”"), name);
  peil_toast_overlay_show (self->toasts, peil_toast_new (message));
  return TRUE;
}

static void
on_save_response (GtkNativeDialog   *chooser,
                  int                response,
                  PeilPrivacyDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      peil_privacy_dialog_save_to (self, file);
    }
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeilPrivacyDialog *self = PEIL_PRIVACY_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("%s %s.html", peil_privacy_record_get_heading (self->record),
                                           peil_privacy_record_get_title (self->record));

  g_strdelimit (name, "/\\:", '-');
  chooser = gtk_file_chooser_native_new (_("Save Record of Processing"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Web page (HTML)"), "*.html");
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF document"), "*.pdf");
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
peil_privacy_dialog_class_init (PeilPrivacyDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_privacy_dialog_dispose;
  gtk_widget_class_install_action (widget_class, "privacy.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peil_privacy_dialog_init (PeilPrivacyDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save As…"));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "privacy.save");
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (box), header);

  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 760);
}

/**
 * peil_privacy_dialog_new:
 *
 * Returns: (transfer floating): the record of @incident in a window of
 *   its own, in the interface's language; %NULL with @error set when it
 *   cannot be read
 */
GtkWidget *
peil_privacy_dialog_new (GtkWindow     *parent,
                         PeilIncident  *incident,
                         GError       **error)
{
  g_autoptr(PeilPrivacyRecord) record = peil_privacy_record_new (incident, peil_ui_language (), error);
  PeilPrivacyDialog *self;
  g_autofree char *title = NULL;

  if (record == NULL)
    return NULL;
  self = g_object_new (PEIL_TYPE_PRIVACY_DIALOG, "transient-for", parent, "modal", FALSE, NULL);
  self->record = g_steal_pointer (&record);
  title = g_strdup_printf ("%s: %s", peil_privacy_record_get_heading (self->record),
                           peil_privacy_record_get_title (self->record));
  gtk_window_set_title (GTK_WINDOW (self), title);
  fill (self);
  return GTK_WIDGET (self);
}

PeilPrivacyRecord *
peil_privacy_dialog_get_record (PeilPrivacyDialog *self)
{
  g_return_val_if_fail (PEIL_IS_PRIVACY_DIALOG (self), NULL);
  return self->record;
}

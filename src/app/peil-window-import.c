/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-application.h"
#include "peil-import-dialog.h"
#include "peil-manual-entry-dialog.h"
#include "peil-window-private.h"

/*
 * Imports by menu or by dropping files on the window. Each file runs as a
 * PeilGatherJob on a worker thread with a connection of its own (SQLite's
 * WAL lets the window keep reading meanwhile); a bar shows the progress
 * with a Cancel button, and a toast sums up what was added, already
 * there or rejected.
 */
static void import_next (PeilWindow *self);

static PeilPluginEngine *
plugins_of (PeilWindow *self)
{
  return peil_application_get_plugins (PEIL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static gboolean
update_progress (gpointer user_data)
{
  PeilWindow *self = user_data;

  if (self->import_job != NULL)
    gtk_progress_bar_set_fraction (self->import_progress, peil_gather_job_get_fraction (self->import_job));
  return G_SOURCE_CONTINUE;
}

static void
show_rejections (AdwToast   *toast,
                 PeilWindow *self)
{
  GPtrArray *rejections = g_object_get_data (G_OBJECT (toast), "rejections");
  const char *name = g_object_get_data (G_OBJECT (toast), "file-name");
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; i < rejections->len && i < 30; i++)
    {
      PeilRejection *rejection = g_ptr_array_index (rejections, i);
      g_string_append_printf (body, _("Line %llu: %s\n"), (unsigned long long)rejection->line, rejection->reason);
    }
  if (rejections->len > 30)
    g_string_append_printf (body, _("…and %u more\n"), rejections->len - 30);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), name, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  PeilGatherJob *job = PEIL_GATHER_JOB (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (peil_gather_job_get_file (job));
  g_autofree char *summary = NULL;
  AdwToast *toast;

  peil_gather_job_run_finish (job, result, &error);

  /* Counted anew: an import changes too much to adjust by hand. */
  if (self->incident != NULL)
    {
      peil_window_reload_counts (self);
      peil_window_apply_filter (self);
    }

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* TRANSLATORS: a file name, then why it could not be imported */
      g_autofree char *message = g_strdup_printf (_("“%s” could not be imported: %s"), name, error->message);
      toast = peil_toast_new (message);
      adw_toast_set_timeout (toast, PEIL_ERROR_TOAST_SECONDS);
    }
  else
    {
      g_autofree char *added = peil_format_number (peil_gather_job_get_n_added (job), peil_ui_language ());
      g_autofree char *duplicates = peil_format_number (peil_gather_job_get_n_duplicates (job), peil_ui_language ());
      g_autofree char *rejected = peil_format_number (peil_gather_job_get_n_rejected (job), peil_ui_language ());

      /* TRANSLATORS: file name, then counts of posts, grouped as "1.200" */
      summary = g_strdup_printf (_("%s: %s added, %s already there, %s rejected%s"), name,
                                 added, duplicates, rejected, error != NULL ? _(" (cancelled)") : "");
      toast = peil_toast_new (summary);
      adw_toast_set_timeout (toast, 8);
    }

  if (peil_gather_job_get_n_rejected (job) > 0)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      g_object_set_data_full (G_OBJECT (toast), "rejections",
                              g_ptr_array_ref (peil_gather_job_get_rejections (job)),
                              (GDestroyNotify)g_ptr_array_unref);
      g_object_set_data_full (G_OBJECT (toast), "file-name", g_strdup (name), g_free);
      g_signal_connect (toast, "button-clicked", G_CALLBACK (show_rejections), self);
    }
  peil_toast_overlay_show (self->toast_overlay, toast);

  g_clear_object (&self->import_job);
  g_clear_object (&self->import_cancellable);
  import_next (self);
}

/* The bar over the pages says which file is being imported, from the
 * moment its columns are read, with a Cancel button. */
static void
show_progress (PeilWindow *self,
               GFile      *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *label = g_strdup_printf (_("Importing %s…"), name);

  gtk_label_set_text (self->import_label, label);
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  if (self->import_timeout == 0)
    self->import_timeout = g_timeout_add (100, update_progress, self);
}

/* The file at the head of the queue goes to a job on a worker, read with
 * @options (the columns chosen, the import's time) or as its source
 * recognises it. */
static void
start_import (PeilWindow *self,
              PeilSource *source,
              GHashTable *options)
{
  g_autoptr(GFile) file = g_ptr_array_steal_index (self->import_queue, 0);
  GHashTableIter iter;
  gpointer key, value;

  self->import_preparing = FALSE;
  self->import_job = peil_gather_job_new (self->incident, source, file);
  if (options != NULL)
    {
      g_hash_table_iter_init (&iter, options);
      while (g_hash_table_iter_next (&iter, &key, &value))
        peil_gather_job_set_option (self->import_job, key, value);
    }

  show_progress (self, file);
  peil_gather_job_run_async (self->import_job, self->import_cancellable, on_import_done, g_object_ref (self));
}

static void
skip_file (PeilWindow *self)
{
  self->import_preparing = FALSE;
  g_clear_object (&self->import_cancellable);
  if (self->import_queue->len > 0)
    g_ptr_array_remove_index (self->import_queue, 0);
  import_next (self);
}

static void
show_file_error (PeilWindow   *self,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  /* TRANSLATORS: a file name, then why it could not be imported */
  g_autofree char *message = g_strdup_printf (_("“%s” could not be imported: %s"), name, error->message);
  AdwToast *toast = peil_toast_new (message);

  adw_toast_set_timeout (toast, PEIL_ERROR_TOAST_SECONDS);
  peil_toast_overlay_show (self->toast_overlay, toast);
}

/* Whether the source found every column it must have, and the time:
 * without a time, posts fall out of every hour and round. */
static gboolean
knows_columns (PeilSourcePreview *preview)
{
  for (guint i = 0; i < preview->fields->len; i++)
    {
      PeilSourceField *field = g_ptr_array_index (preview->fields, i);

      if (field->column == NULL && (field->required || g_str_equal (field->key, "time")))
        return FALSE;
    }
  return TRUE;
}

static GVariant *
remembered_columns (PeilWindow        *self,
                    PeilSourcePreview *preview)
{
  GSettings *settings = peil_application_get_settings (PEIL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  g_autoptr(GVariant) all = g_settings_get_value (settings, "import-columns");
  g_autofree char *signature = peil_source_preview_dup_signature (preview);

  return g_variant_lookup_value (all, signature, G_VARIANT_TYPE ("a{ss}"));
}

static void
remember_columns (PeilWindow        *self,
                  PeilSourcePreview *preview,
                  GVariant          *choice)
{
  GSettings *settings = peil_application_get_settings (PEIL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  g_autoptr(GVariant) all = g_settings_get_value (settings, "import-columns");
  g_autofree char *signature = peil_source_preview_dup_signature (preview);
  g_autoptr(GVariant) kept = g_variant_ref_sink (choice);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{ss}}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@a{ss}}", &key, &value))
    {
      if (!g_str_equal (key, signature))
        g_variant_builder_add (&builder, "{s@a{ss}}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&builder, "{s@a{ss}}", signature, kept);
  g_settings_set_value (settings, "import-columns", g_variant_builder_end (&builder));
}

static void
on_columns_chosen (PeilImportDialog *dialog,
                   PeilWindow       *self)
{
  g_autoptr(GHashTable) options = peil_import_dialog_get_options (dialog);
  PeilSource *source = g_object_get_data (G_OBJECT (dialog), "source");

  g_object_set_data (G_OBJECT (dialog), "chosen", GINT_TO_POINTER (TRUE));
  remember_columns (self, g_object_get_data (G_OBJECT (dialog), "preview"), peil_import_dialog_get_choice (dialog));
  if (self->import_preparing && self->import_queue->len > 0 && self->incident != NULL)
    start_import (self, source, options);
}

static void
on_columns_dialog_destroy (PeilImportDialog *dialog,
                           PeilWindow       *self)
{
  /* Closed without a choice: this file is skipped, the next one follows. */
  if (!g_object_get_data (G_OBJECT (dialog), "chosen") && self->import_preparing)
    skip_file (self);
}

static void
on_peeked (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  PeilSource *source = PEIL_SOURCE (object);
  g_autoptr(PeilSourcePreview) preview = NULL;
  g_autoptr(GVariant) remembered = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GFile *file;

  preview = peil_source_peek_finish (source, result, &error);
  /* Cancelled, or the window moved on to another incident. */
  if (!self->import_preparing || self->import_queue->len == 0 || self->incident == NULL)
    return;
  file = g_ptr_array_index (self->import_queue, 0);

  if (g_error_matches (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED))
    {
      start_import (self, source, NULL);
      return;
    }
  if (preview == NULL)
    {
      show_file_error (self, file, error);
      skip_file (self);
      return;
    }
  if (knows_columns (preview))
    {
      start_import (self, source, NULL);
      return;
    }

  remembered = remembered_columns (self, preview);
  dialog = peil_import_dialog_new (GTK_WINDOW (self), file, preview, remembered);
  g_object_set_data_full (G_OBJECT (dialog), "source", g_object_ref (source), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "preview", g_steal_pointer (&preview),
                          (GDestroyNotify)peil_source_preview_free);
  g_signal_connect_object (dialog, "import", G_CALLBACK (on_columns_chosen), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_columns_dialog_destroy), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* One file at a time: its source looks at it first, and when its columns
 * are not all known a person chooses them (peil-import-dialog.c). The
 * file stays at the head of the queue until its job starts. */
static void
import_next (PeilWindow *self)
{
  g_autoptr(GError) error = NULL;
  PeilSource *source;
  GFile *file;

  if (self->import_job != NULL || self->import_preparing)
    return;

  if (self->import_queue->len == 0 || self->incident == NULL)
    {
      g_ptr_array_set_size (self->import_queue, 0);
      gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
      g_clear_handle_id (&self->import_timeout, g_source_remove);
      return;
    }

  file = g_ptr_array_index (self->import_queue, 0);
  /* Before the file is opened to tell its format: see peil_incident_check_other_file(). */
  if (!peil_incident_check_other_file (self->incident, file, &error) ||
      !(source = peil_plugin_engine_find_source_for_file (plugins_of (self), NULL, file, &error)))
    {
      show_file_error (self, file, error);
      g_ptr_array_remove_index (self->import_queue, 0);
      import_next (self);
      return;
    }

  self->import_preparing = TRUE;
  self->import_cancellable = g_cancellable_new ();
  show_progress (self, file);
  peil_source_peek_async (source, file, 8, self->import_cancellable, on_peeked, g_object_ref (self));
}

/**
 * peil_window_import_files:
 * @files: (element-type GFile): files to import, one after the other
 */
void
peil_window_import_files (PeilWindow *self,
                          GPtrArray  *files)
{
  g_return_if_fail (PEIL_IS_WINDOW (self));

  if (self->incident == NULL)
    {
      g_clear_pointer (&self->pending_import, g_ptr_array_unref);
      self->pending_import = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < files->len; i++)
        g_ptr_array_add (self->pending_import, g_object_ref (g_ptr_array_index (files, i)));
      peil_window_ask_for_incident (self);
      return;
    }
  if (peil_incident_get_read_only (self->incident))
    {
      peil_window_toast (self, _("This incident file is read-only: you can read it, not change it"));
      return;
    }

  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (self->import_queue, g_object_ref (g_ptr_array_index (files, i)));
  import_next (self);
}

void
peil_window_cancel_import (PeilWindow *self)
{
  g_ptr_array_set_size (self->import_queue, 0);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  /* A job ends by itself when cancelled; a look at a file or a question
   * about its columns is simply dropped. */
  if (self->import_preparing)
    {
      self->import_preparing = FALSE;
      g_clear_object (&self->import_cancellable);
    }
}

static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    PeilWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      peil_window_import_files (self, files);
    }
  g_object_unref (dialog);
}

static void
on_incident_response (AdwMessageDialog *dialog,
                      const char       *response,
                      PeilWindow       *self)
{
  if (g_str_equal (response, "new"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.new-incident", NULL);
  else if (g_str_equal (response, "open"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open", NULL);
  else
    g_clear_pointer (&self->pending_import, g_ptr_array_unref);
}

/**
 * peil_window_ask_for_incident:
 *
 * Posts go into an incident: before one is open, an import says so and
 * offers to start one or open one; the import follows
 * (peil_window_import_pending()).
 */
void
peil_window_ask_for_incident (PeilWindow *self)
{
  GtkWidget *dialog;

  if (self->pending_import == NULL)
    self->pending_import = g_ptr_array_new_with_free_func (g_object_unref);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Into Which Incident?"),
                                   _("Posts are kept in an incident file. Start an incident for them, or open the "
                                     "incident they belong to; the import follows."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "open", _("_Open Incident…"), "new", _("_Start Incident…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "new", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "new");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_incident_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * peil_window_import_pending:
 *
 * Once an incident is open: imports what waited for it, the files
 * dropped or chosen before, or asks for them.
 */
void
peil_window_import_pending (PeilWindow *self)
{
  g_autoptr(GPtrArray) files = g_steal_pointer (&self->pending_import);

  if (files == NULL || self->incident == NULL)
    return;
  if (files->len > 0)
    peil_window_import_files (self, files);
  else
    peil_window_choose_import (self);
}

void
peil_window_choose_import (PeilWindow *self)
{
  GPtrArray *sources = peil_plugin_engine_get_sources (plugins_of (self));
  GtkFileChooserNative *chooser;
  GtkFileFilter *all;

  if (self->incident == NULL)
    {
      peil_window_ask_for_incident (self);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Import Posts"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All supported files"));
  for (guint i = 0; i < sources->len; i++)
    {
      PeilSource *source = g_ptr_array_index (sources, i);
      const char * const *patterns = peil_source_get_file_patterns (source);
      GtkFileFilter *filter;

      if (patterns == NULL || patterns[0] == NULL)
        continue;
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, peil_source_get_name (source));
      for (guint j = 0; patterns[j] != NULL; j++)
        {
          gtk_file_filter_add_pattern (filter, patterns[j]);
          gtk_file_filter_add_pattern (all, patterns[j]);
        }
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), all);
  g_object_unref (all);

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PeilWindow    *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    g_ptr_array_add (files, g_object_ref (l->data));
  peil_window_import_files (self, files);
  return TRUE;
}

static void
fill_export_menu (PeilWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GPtrArray *exporters;

  g_menu_remove_all (self->export_section);
  if (app == NULL)
    return;

  exporters = peil_plugin_engine_get_exporters (plugins_of (self));
  for (guint i = 0; i < exporters->len; i++)
    {
      PeilFileFormat *format = g_ptr_array_index (exporters, i);
      /* TRANSLATORS: a menu item; %s is an export format, such as "CSV (spreadsheet)" */
      g_autofree char *label = g_strdup_printf (_("Export as %s…"), peil_file_format_get_name (format));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.export", "s", peil_file_format_get_format_id (format));
      g_menu_append_item (self->export_section, item);
    }
}

static void
on_application_set (PeilWindow *self,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  fill_export_menu (self);
}

void
peil_window_init_import (PeilWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);

  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (target));
}

/* Exporting ---------------------------------------------------------------- */

typedef struct
{
  PeilWindow *window;
  char       *name;
} Export;

static void
on_export_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  if (!peil_file_format_export_finish (PEIL_FILE_FORMAT (object), result, &error))
    peil_window_show_error (export->window, error);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Exported to %s"), export->name);
      peil_window_toast (export->window, message);
    }

  g_object_unref (export->window);
  g_free (export->name);
  g_free (export);
}

/**
 * peil_window_export_to:
 *
 * Exports the posts the list shows (sidebar choice and search) to @file,
 * on a worker thread with a connection of its own.
 */
void
peil_window_export_to (PeilWindow   *self,
                       PeilExporter *exporter,
                       GFile        *file)
{
  PeilFilter *filter = peil_post_list_get_filter (self->posts);
  g_autoptr(PeilFilter) everything = peil_filter_new ();
  Export *export;

  /* All matching posts, not the page a list would ask for. */
  peil_filter_set_text (everything, peil_filter_get_text (filter));
  for (guint i = 0; peil_filter_get_tags (filter)[i]; i++)
    peil_filter_add_tag (everything, peil_filter_get_tags (filter)[i]);
  for (guint i = 0; peil_filter_get_untagged (filter)[i]; i++)
    peil_filter_add_untagged (everything, peil_filter_get_untagged (filter)[i]);
  for (guint i = 0; peil_filter_get_sources (filter)[i]; i++)
    peil_filter_add_source (everything, peil_filter_get_sources (filter)[i]);
  peil_filter_set_range (everything, peil_filter_get_since (filter), peil_filter_get_until (filter));
  peil_filter_set_off_topic (everything, peil_filter_get_off_topic (filter));

  export = g_new0 (Export, 1);
  export->window = g_object_ref (self);
  export->name = g_file_get_basename (file);
  /* Names as the window shows them: real ones only after their reason was logged. */
  peil_exporter_export_file_async (exporter, self->incident, everything,
                                   self->real_names ? PEIL_EXPORT_REAL_NAMES : PEIL_EXPORT_NONE, file, NULL,
                                   on_export_done, export);
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    PeilWindow      *self)
{
  PeilExporter *exporter = g_object_get_data (G_OBJECT (chooser), "exporter");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      peil_window_export_to (self, exporter, file);
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  PeilExporter *exporter = peil_plugin_engine_find_exporter (plugins_of (self), g_variant_get_string (parameter, NULL));
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (exporter == NULL || self->incident == NULL)
    return;

  title = peil_incident_get_metadata (self->incident, PEIL_META_TITLE);
  name = g_strdup_printf ("%s.%s", title ? title : "peil",
                          peil_file_format_get_extension (PEIL_FILE_FORMAT (exporter)));
  g_strdelimit (name, "/\\:", '-');

  chooser = gtk_file_chooser_native_new (_("Export Posts"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "exporter", g_object_ref (exporter), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Posts without a time ---------------------------------------------------- */

/**
 * peil_window_use_import_times:
 *
 * Gives the incident's posts without a time of their own the time they
 * were imported, as the confirmation of win.use-import-times does.
 */
void
peil_window_use_import_times (PeilWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;
  gint64 changed;

  if (self->incident == NULL)
    return;
  if ((changed = peil_incident_use_import_times (self->incident, &error)) < 0)
    {
      peil_window_show_error (self, error);
      return;
    }
  peil_window_reload_counts (self);
  peil_window_apply_filter (self);
  number = peil_format_number (changed, peil_ui_language ());
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s post now has its import’s time",
                                          "%s posts now have their import’s time", changed),
                             number);
  peil_window_toast (self, message);
}

static void
on_import_times_response (AdwMessageDialog *dialog,
                          const char       *response,
                          PeilWindow       *self)
{
  if (g_str_equal (response, "use"))
    peil_window_use_import_times (self);
}

static void
use_import_times_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  gint64 untimed = self->last_counts ? self->last_counts->untimed : 0;
  g_autofree char *number = peil_format_number (untimed, peil_ui_language ());
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s post has no time of its own, so it is in no hour and no round’s period. "
                                       "It gets the time it was imported as its time; the window and the reports say "
                                       "that the time is the import’s. This cannot be undone.",
                                       "%s posts have no time of their own, so they are in no hour and no round’s "
                                       "period. They get the time they were imported as their time; the window and "
                                       "the reports say that the time is the import’s. This cannot be undone.",
                                       untimed),
                          number);
  dialog = peil_confirm_new (GTK_WINDOW (self), _("Use the Time of Import?"), body,
                             "use", _("_Use Import Time"), ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_times_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Adding by hand --------------------------------------------------------- */

static void
on_manual_added (PeilManualEntryDialog *dialog,
                 PeilPost              *post,
                 PeilWindow            *self)
{
  guint position;

  peil_window_reload_counts (self);
  peil_window_apply_filter (self);
  if ((position = peil_post_list_find (self->posts, peil_post_get_id (post))) != G_MAXUINT)
    peil_window_select_position (self, position);
  peil_window_toast (self, _("Question added"));
}

static void
add_manual_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkWidget *dialog;

  if (self->incident == NULL)
    return;
  dialog = peil_manual_entry_dialog_new (GTK_WINDOW (self), self->incident);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_manual_added), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
peil_window_class_init_import (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.add-manual", NULL, add_manual_action);
  gtk_widget_class_install_action (widget_class, "win.use-import-times", NULL, use_import_times_action);
}

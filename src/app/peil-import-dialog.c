/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-import-dialog.h"

/*
 * The column-mapping step of an import: the file's first rows, and for
 * each field of a post the column it is read from, as the source
 * recognised it or as chosen before for files with these columns. The
 * source parses the file (peil_source_peek_async()); this only asks.
 */
#define PREVIEW_CHARS 28

struct _PeilImportDialog
{
  AdwWindow            parent_instance;

  PeilSourcePreview   *preview;
  GHashTable          *rows;          /* field key → AdwComboRow */
  GPtrArray           *header_labels; /* GtkLabel per column: which field it fills */

  AdwPreferencesGroup *fields_group;
  GtkSwitch           *import_time_switch;
  GtkGrid             *preview_grid;
  GtkWidget           *import_button;
};

enum {
  IMPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeilImportDialog, peil_import_dialog, ADW_TYPE_WINDOW)

/* The column chosen for @row, or NULL for none (the list's first item). */
static const char *
chosen_column (PeilImportDialog *self,
               AdwComboRow      *row)
{
  guint position = adw_combo_row_get_selected (row);

  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    return NULL;
  return self->preview->columns[position - 1];
}

/* Above each column of the preview: the field it fills, if any. */
static void
update_preview_header (PeilImportDialog *self)
{
  for (guint c = 0; c < self->header_labels->len; c++)
    {
      GtkLabel *label = g_ptr_array_index (self->header_labels, c);
      g_autoptr(GString) fields = g_string_new (NULL);

      for (guint i = 0; i < self->preview->fields->len; i++)
        {
          PeilSourceField *field = g_ptr_array_index (self->preview->fields, i);
          const char *column = chosen_column (self, g_hash_table_lookup (self->rows, field->key));

          if (g_strcmp0 (column, self->preview->columns[c]) == 0)
            g_string_append_printf (fields, "%s%s", fields->len > 0 ? ", " : "", field->label);
        }
      /* TRANSLATORS: above a column the import does not read */
      gtk_label_set_text (label, fields->len > 0 ? fields->str : _("not read"));
      if (fields->len > 0)
        gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
      else
        gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
}

static void
on_choice_changed (PeilImportDialog *self)
{
  gboolean complete = TRUE;

  for (guint i = 0; i < self->preview->fields->len; i++)
    {
      PeilSourceField *field = g_ptr_array_index (self->preview->fields, i);
      AdwComboRow *row = g_hash_table_lookup (self->rows, field->key);
      gboolean missing = field->required && chosen_column (self, row) == NULL;

      /* What is missing is said at the field. */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), missing ? _("Choose the column that holds it") : NULL);
      if (missing)
        gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      complete &= !missing;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.import", complete);
  update_preview_header (self);
}

static GtkWidget *
preview_cell (const char *text,
              gboolean    header)
{
  g_autofree char *line = g_strdelimit (g_strdup (text ? text : ""), "\n\r\t", ' ');
  GtkWidget *label = gtk_label_new (line);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), PREVIEW_CHARS);
  gtk_label_set_width_chars (GTK_LABEL (label), MIN ((int)g_utf8_strlen (line, -1), PREVIEW_CHARS));
  gtk_widget_set_tooltip_text (label, text);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
fill_preview (PeilImportDialog *self)
{
  guint n_columns = g_strv_length (self->preview->columns);

  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *field = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (field), 0);
      gtk_widget_add_css_class (field, "caption");
      gtk_widget_add_css_class (field, "accent");
      gtk_grid_attach (self->preview_grid, field, c, 0, 1, 1);
      g_ptr_array_add (self->header_labels, field);
      gtk_grid_attach (self->preview_grid, preview_cell (self->preview->columns[c], TRUE), c, 1, 1, 1);
    }
  for (guint r = 0; r < self->preview->rows->len; r++)
    {
      char **values = g_ptr_array_index (self->preview->rows, r);

      for (guint c = 0; c < n_columns && values[c] != NULL; c++)
        gtk_grid_attach (self->preview_grid, preview_cell (values[c], FALSE), c, r + 2, 1, 1);
    }
}

static void
add_field_rows (PeilImportDialog *self,
                GVariant         *remembered)
{
  for (guint i = 0; i < self->preview->fields->len; i++)
    {
      PeilSourceField *field = g_ptr_array_index (self->preview->fields, i);
      g_autoptr(GtkStringList) columns = gtk_string_list_new (NULL);
      const char *column = field->column;
      GtkWidget *row = adw_combo_row_new ();

      /* TRANSLATORS: the choice for a field that no column fills */
      gtk_string_list_append (columns, _("No column"));
      for (guint c = 0; self->preview->columns[c] != NULL; c++)
        gtk_string_list_append (columns, self->preview->columns[c]);
      if (remembered != NULL && !g_variant_lookup (remembered, field->key, "&s", &column))
        column = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field->label);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (columns));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
      for (guint c = 0; column != NULL && self->preview->columns[c] != NULL; c++)
        if (g_str_equal (self->preview->columns[c], column))
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), c + 1);
      g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_choice_changed), self);
      adw_preferences_group_add (self->fields_group, row);
      g_hash_table_insert (self->rows, g_strdup (field->key), row);
    }
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[IMPORT], 0);
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
peil_import_dialog_dispose (GObject *object)
{
  PeilImportDialog *self = (PeilImportDialog *)object;

  g_clear_pointer (&self->preview, peil_source_preview_free);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->header_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (peil_import_dialog_parent_class)->dispose (object);
}

static void
peil_import_dialog_class_init (PeilImportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_import_dialog_dispose;

  /**
   * PeilImportDialog::import:
   *
   * The columns are chosen: import with peil_import_dialog_get_options().
   */
  signals[IMPORT] =
    g_signal_new ("import", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilImportDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, PeilImportDialog, import_time_switch);
  gtk_widget_class_bind_template_child (widget_class, PeilImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, PeilImportDialog, import_button);
  gtk_widget_class_install_action (widget_class, "dialog.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peil_import_dialog_init (PeilImportDialog *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->header_labels = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * peil_import_dialog_new:
 * @remembered: (nullable): a{ss}, field → column, as chosen before for
 *   files with these columns; it goes before what the source recognised
 *
 * Returns: (transfer floating): the dialog, which asks which column of
 *   @file fills which field
 */
GtkWidget *
peil_import_dialog_new (GtkWindow               *parent,
                        GFile                   *file,
                        const PeilSourcePreview *preview,
                        GVariant                *remembered)
{
  PeilImportDialog *self = g_object_new (PEIL_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *description = NULL;

  self->preview = peil_source_preview_copy (preview);
  description = g_strdup_printf (remembered != NULL
                                 ? _("As chosen before for files with these columns. Check the first rows of “%s” below.")
                                 : _("Peil does not know the columns of “%s”. Choose the column for each part of a post; "
                                     "Peil remembers the choice for files with the same columns."),
                                 name);
  adw_preferences_group_set_description (self->fields_group, description);
  add_field_rows (self, remembered);
  fill_preview (self);
  on_choice_changed (self);
  /* Without a time column, the import's time is the likely wish. */
  gtk_switch_set_active (self->import_time_switch,
                         chosen_column (self, g_hash_table_lookup (self->rows, "time")) == NULL);
  gtk_widget_grab_focus (self->import_button);
  return GTK_WIDGET (self);
}

/**
 * peil_import_dialog_get_row:
 *
 * Returns: (transfer none) (nullable): the row that chooses @field's
 *   column
 */
AdwComboRow *
peil_import_dialog_get_row (PeilImportDialog *self,
                            const char       *field)
{
  g_return_val_if_fail (PEIL_IS_IMPORT_DIALOG (self), NULL);
  return g_hash_table_lookup (self->rows, field);
}

/**
 * peil_import_dialog_set_column:
 * @column: (nullable): a column of the file, or %NULL for none
 *
 * Chooses @column for @field, as the field's list does.
 */
void
peil_import_dialog_set_column (PeilImportDialog *self,
                               const char       *field,
                               const char       *column)
{
  AdwComboRow *row;
  guint position = 0;

  g_return_if_fail (PEIL_IS_IMPORT_DIALOG (self));
  g_return_if_fail ((row = g_hash_table_lookup (self->rows, field)) != NULL);

  for (guint c = 0; column != NULL && self->preview->columns[c] != NULL; c++)
    if (g_str_equal (self->preview->columns[c], column))
      position = c + 1;
  adw_combo_row_set_selected (row, position);
}

/**
 * peil_import_dialog_get_choice:
 *
 * Returns: (transfer floating): a{ss}, the column chosen for each field
 *   that has one, to remember
 */
GVariant *
peil_import_dialog_get_choice (PeilImportDialog *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (PEIL_IS_IMPORT_DIALOG (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < self->preview->fields->len; i++)
    {
      PeilSourceField *field = g_ptr_array_index (self->preview->fields, i);
      const char *column = chosen_column (self, g_hash_table_lookup (self->rows, field->key));

      if (column != NULL)
        g_variant_builder_add (&builder, "{ss}", field->key, column);
    }
  return g_variant_builder_end (&builder);
}

/**
 * peil_import_dialog_get_options:
 *
 * Returns: (transfer full) (element-type utf8 utf8): the import job's
 *   options: "map.FIELD" → column ("" for none), and the import's time
 *   for posts without one when asked
 */
GHashTable *
peil_import_dialog_get_options (PeilImportDialog *self)
{
  GHashTable *options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (PEIL_IS_IMPORT_DIALOG (self), NULL);

  for (guint i = 0; i < self->preview->fields->len; i++)
    {
      PeilSourceField *field = g_ptr_array_index (self->preview->fields, i);
      const char *column = chosen_column (self, g_hash_table_lookup (self->rows, field->key));

      g_hash_table_insert (options, g_strdup_printf ("map.%s", field->key), g_strdup (column ? column : ""));
    }
  if (gtk_switch_get_active (self->import_time_switch))
    g_hash_table_insert (options, g_strdup (PEIL_GATHER_JOB_IMPORT_TIME), g_strdup ("true"));
  return options;
}

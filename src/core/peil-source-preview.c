/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-source"

#include "config.h"

#include "peil-source-preview.h"

/*
 * A look at a file before it is imported: its columns, its first records
 * and which column the source would read each field from. The window
 * builds its column-mapping step from it; the source keeps the parsing.
 */

/**
 * peil_source_preview_get_type:
 *
 * Returns: the #GType of #PeilSourcePreview, a boxed type copied with
 *   peil_source_preview_copy()
 */
G_DEFINE_BOXED_TYPE (PeilSourcePreview, peil_source_preview, peil_source_preview_copy, peil_source_preview_free)

static void
field_free (PeilSourceField *field)
{
  g_free (field->key);
  g_free (field->label);
  g_free (field->column);
  g_free (field);
}

/**
 * peil_source_preview_new:
 * @columns: (array zero-terminated=1): the file's column names
 *
 * Creates the preview that a source's peek fills: the rows it read and the
 * fields it recognised in them.
 *
 * Returns: (transfer full): a preview without rows or fields yet
 */
PeilSourcePreview *
peil_source_preview_new (const char * const *columns)
{
  PeilSourcePreview *preview = g_new0 (PeilSourcePreview, 1);

  g_return_val_if_fail (columns != NULL, NULL);

  preview->columns = g_strdupv ((char **)columns);
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  preview->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)field_free);
  return preview;
}

/**
 * peil_source_preview_copy:
 * @preview: a #PeilSourcePreview
 *
 * Copies a preview.
 *
 * Returns: (transfer full): a deep copy of @preview: columns, rows and
 *   fields
 */
PeilSourcePreview *
peil_source_preview_copy (const PeilSourcePreview *preview)
{
  PeilSourcePreview *copy;

  g_return_val_if_fail (preview != NULL, NULL);

  copy = peil_source_preview_new ((const char * const *)preview->columns);
  for (guint i = 0; i < preview->rows->len; i++)
    peil_source_preview_add_row (copy, g_ptr_array_index (preview->rows, i));
  for (guint i = 0; i < preview->fields->len; i++)
    {
      PeilSourceField *field = g_ptr_array_index (preview->fields, i);
      peil_source_preview_add_field (copy, field->key, field->label, field->column, field->required);
    }
  return copy;
}

/**
 * peil_source_preview_free:
 * @preview: (nullable) (transfer full): a #PeilSourcePreview
 *
 * Frees @preview with its rows and fields.
 */
void
peil_source_preview_free (PeilSourcePreview *preview)
{
  if (preview == NULL)
    return;
  g_strfreev (preview->columns);
  g_ptr_array_unref (preview->rows);
  g_ptr_array_unref (preview->fields);
  g_free (preview);
}

/**
 * peil_source_preview_add_row:
 * @values: (array zero-terminated=1): a record's values, one per column
 *
 * Adds one of the file's first records to the preview.
 */
void
peil_source_preview_add_row (PeilSourcePreview  *preview,
                             const char * const *values)
{
  g_return_if_fail (preview != NULL);
  g_return_if_fail (values != NULL);

  g_ptr_array_add (preview->rows, g_strdupv ((char **)values));
}

/**
 * peil_source_preview_add_field:
 * @column: (nullable): the column the source would read @key from
 *
 * Adds a field the source reads to the preview, with the column it would read it from.
 */
void
peil_source_preview_add_field (PeilSourcePreview *preview,
                               const char        *key,
                               const char        *label,
                               const char        *column,
                               gboolean           required)
{
  PeilSourceField *field;

  g_return_if_fail (preview != NULL);
  g_return_if_fail (key != NULL && label != NULL);

  field = g_new0 (PeilSourceField, 1);
  field->key = g_strdup (key);
  field->label = g_strdup (label);
  field->column = g_strdup (column);
  field->required = required;
  g_ptr_array_add (preview->fields, field);
}

/**
 * peil_source_preview_find_field:
 *
 * Looks up a field of the preview by its key.
 *
 * Returns: (transfer none) (nullable): the field called @key
 */
const PeilSourceField *
peil_source_preview_find_field (const PeilSourcePreview *preview,
                                const char              *key)
{
  g_return_val_if_fail (preview != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < preview->fields->len; i++)
    {
      PeilSourceField *field = g_ptr_array_index (preview->fields, i);

      if (g_str_equal (field->key, key))
        return field;
    }
  return NULL;
}

/**
 * peil_source_preview_dup_signature:
 *
 * Gives a key for a file's set of columns, so that the interface can offer the
 * choice of columns made for a file of the same shape before.
 *
 * Returns: (transfer full): a short digest of the column names, the same
 *   for every file with these columns in this order: what a choice of
 *   columns is remembered by
 */
char *
peil_source_preview_dup_signature (const PeilSourcePreview *preview)
{
  g_autofree char *joined = NULL;

  g_return_val_if_fail (preview != NULL, NULL);

  joined = g_strjoinv ("\x1f", preview->columns);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined, -1);
}

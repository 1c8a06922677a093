/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PeilSourceField:
 * @key: the field, as in the job option "map.KEY" ("text", "time")
 * @label: a translated name for people ("Text of the post")
 * @column: (nullable): the column the source reads it from unless told
 *   otherwise, or %NULL when it recognises none
 * @required: whether an import needs a column for it
 *
 * A field a file import reads, and the column it would be read from.
 */
typedef struct
{
  char     *key;
  char     *label;
  char     *column;
  gboolean  required;
} PeilSourceField;

/**
 * PeilSourcePreview:
 * @columns: the names of the file's columns, as the source reads them
 * @rows: (element-type GStrv): the first records, a value per column
 * @fields: (element-type PeilSourceField): the post's fields a column
 *   can fill, in the order to ask for them
 *
 * What a file holds, so that a person can say which column is which
 * before it is imported (peil_source_peek_async()).
 */
typedef struct
{
  GStrv      columns;
  GPtrArray *rows;
  GPtrArray *fields;
} PeilSourcePreview;

#define PEIL_TYPE_SOURCE_PREVIEW (peil_source_preview_get_type ())

PEIL_AVAILABLE_IN_ALL
GType              peil_source_preview_get_type  (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
PeilSourcePreview *peil_source_preview_new       (const char * const *columns);
PEIL_AVAILABLE_IN_ALL
PeilSourcePreview *peil_source_preview_copy      (const PeilSourcePreview *preview);
PEIL_AVAILABLE_IN_ALL
void               peil_source_preview_free      (PeilSourcePreview  *preview);
PEIL_AVAILABLE_IN_ALL
void               peil_source_preview_add_row   (PeilSourcePreview  *preview,
                                                  const char * const *values);
PEIL_AVAILABLE_IN_ALL
void               peil_source_preview_add_field (PeilSourcePreview  *preview,
                                                  const char         *key,
                                                  const char         *label,
                                                  const char         *column,
                                                  gboolean            required);
PEIL_AVAILABLE_IN_ALL
const PeilSourceField *peil_source_preview_find_field (const PeilSourcePreview *preview,
                                                       const char              *key);
PEIL_AVAILABLE_IN_ALL
char              *peil_source_preview_dup_signature (const PeilSourcePreview *preview);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilSourcePreview, peil_source_preview_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-incident.h"

G_BEGIN_DECLS

/**
 * PeilPrivacySection:
 * @heading: the section's heading
 * @fields: (element-type utf8): label and value, alternating
 * @columns: (nullable): the table's column headings, or %NULL for no table
 * @rows: (element-type GStrv): the table's rows, as many cells as @columns
 * @empty: what to say when the table has no rows
 *
 * One part of the record, in the record's language: lines of a label and
 * a value, then a table. The writers (text, HTML, PDF) only lay it out.
 */
typedef struct
{
  char      *heading;
  GPtrArray *fields;
  GStrv      columns;
  GPtrArray *rows;
  char      *empty;
} PeilPrivacySection;

#define PEIL_TYPE_PRIVACY_RECORD (peil_privacy_record_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilPrivacyRecord, peil_privacy_record, PEIL, PRIVACY_RECORD, GObject)

PEIL_AVAILABLE_IN_ALL
PeilPrivacyRecord *peil_privacy_record_new          (PeilIncident       *incident,
                                                     const char         *language,
                                                     GError            **error);
PEIL_AVAILABLE_IN_ALL
const char        *peil_privacy_record_get_language (PeilPrivacyRecord  *self);
PEIL_AVAILABLE_IN_ALL
const char        *peil_privacy_record_get_title    (PeilPrivacyRecord  *self);
PEIL_AVAILABLE_IN_ALL
const char        *peil_privacy_record_get_heading  (PeilPrivacyRecord  *self);
PEIL_AVAILABLE_IN_ALL
const char        *peil_privacy_record_text         (PeilPrivacyRecord  *self,
                                                     const char         *english);
PEIL_AVAILABLE_IN_ALL
const char        *peil_privacy_record_get_made     (PeilPrivacyRecord  *self);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_privacy_record_is_exercise  (PeilPrivacyRecord  *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray         *peil_privacy_record_get_sections (PeilPrivacyRecord  *self);
PEIL_AVAILABLE_IN_ALL
char              *peil_privacy_record_to_text      (PeilPrivacyRecord  *self);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_privacy_record_save         (PeilPrivacyRecord  *self,
                                                     GFile              *file,
                                                     GBytes             *contents,
                                                     GError            **error);

G_END_DECLS

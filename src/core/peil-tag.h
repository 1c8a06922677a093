/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib-object.h>

G_BEGIN_DECLS

#define PEIL_TYPE_TAG (peil_tag_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilTag, peil_tag, PEIL, TAG, GObject)

PEIL_AVAILABLE_IN_ALL
PeilTag    *peil_tag_new                (const char *code,
                                         const char *dimension_code,
                                         const char *label_nl,
                                         const char *label_en,
                                         const char *definition_nl,
                                         const char *definition_en);
PEIL_AVAILABLE_IN_ALL
gint64      peil_tag_get_id             (PeilTag    *self);
PEIL_AVAILABLE_IN_ALL
void        peil_tag_set_id             (PeilTag    *self,
                                         gint64      id);
PEIL_AVAILABLE_IN_ALL
const char *peil_tag_get_code           (PeilTag    *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_tag_get_dimension_code (PeilTag    *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_tag_get_label_for      (PeilTag    *self,
                                         const char *language);
PEIL_AVAILABLE_IN_ALL
const char *peil_tag_get_label          (PeilTag    *self);
PEIL_AVAILABLE_IN_ALL
void        peil_tag_set_label_for      (PeilTag    *self,
                                         const char *language,
                                         const char *label);
PEIL_AVAILABLE_IN_ALL
const char *peil_tag_get_definition_for (PeilTag    *self,
                                         const char *language);
PEIL_AVAILABLE_IN_ALL
const char *peil_tag_get_definition     (PeilTag    *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_tag_get_hidden         (PeilTag    *self);
PEIL_AVAILABLE_IN_ALL
void        peil_tag_set_hidden         (PeilTag    *self,
                                         gboolean    hidden);
PEIL_AVAILABLE_IN_ALL
const char *peil_ui_language            (void);

G_END_DECLS

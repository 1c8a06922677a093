/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include "peil-tag.h"

G_BEGIN_DECLS

#define PEIL_TYPE_DIMENSION (peil_dimension_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilDimension, peil_dimension, PEIL, DIMENSION, GObject)

PEIL_AVAILABLE_IN_ALL
PeilDimension *peil_dimension_new               (const char    *code,
                                                 const char    *label_nl,
                                                 const char    *label_en,
                                                 gboolean       single_choice,
                                                 gboolean       facet);
PEIL_AVAILABLE_IN_ALL
gint64         peil_dimension_get_id            (PeilDimension *self);
PEIL_AVAILABLE_IN_ALL
void           peil_dimension_set_id            (PeilDimension *self,
                                                 gint64         id);
PEIL_AVAILABLE_IN_ALL
const char    *peil_dimension_get_code          (PeilDimension *self);
PEIL_AVAILABLE_IN_ALL
const char    *peil_dimension_get_label_for     (PeilDimension *self,
                                                 const char    *language);
PEIL_AVAILABLE_IN_ALL
const char    *peil_dimension_get_label         (PeilDimension *self);
PEIL_AVAILABLE_IN_ALL
const char    *peil_dimension_get_description_for (PeilDimension *self,
                                                 const char    *language);
PEIL_AVAILABLE_IN_ALL
void           peil_dimension_set_descriptions  (PeilDimension *self,
                                                 const char    *description_nl,
                                                 const char    *description_en);
PEIL_AVAILABLE_IN_ALL
gboolean       peil_dimension_get_single_choice (PeilDimension *self);
PEIL_AVAILABLE_IN_ALL
gboolean       peil_dimension_get_facet         (PeilDimension *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray     *peil_dimension_get_tags          (PeilDimension *self);
PEIL_AVAILABLE_IN_ALL
void           peil_dimension_add_tag           (PeilDimension *self,
                                                 PeilTag       *tag);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include "peil-dimension.h"
#include "peil-tag.h"

G_BEGIN_DECLS

#define PEIL_TYPE_TAXONOMY (peil_taxonomy_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilTaxonomy, peil_taxonomy, PEIL, TAXONOMY, GObject)

PEIL_AVAILABLE_IN_ALL
PeilTaxonomy  *peil_taxonomy_new                (void);
PEIL_AVAILABLE_IN_ALL
PeilTaxonomy  *peil_taxonomy_new_default        (GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilTaxonomy  *peil_taxonomy_new_from_data      (const char    *json,
                                                 gssize         length,
                                                 GError       **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray     *peil_taxonomy_get_dimensions     (PeilTaxonomy  *self);
PEIL_AVAILABLE_IN_ALL
void           peil_taxonomy_add_dimension      (PeilTaxonomy  *self,
                                                 PeilDimension *dimension);
PEIL_AVAILABLE_IN_ALL
gboolean       peil_taxonomy_add_tag            (PeilTaxonomy  *self,
                                                 PeilTag       *tag);
PEIL_AVAILABLE_IN_ALL
PeilDimension *peil_taxonomy_lookup_dimension   (PeilTaxonomy  *self,
                                                 const char    *code);
PEIL_AVAILABLE_IN_ALL
PeilTag       *peil_taxonomy_lookup_tag         (PeilTaxonomy  *self,
                                                 const char    *code);

G_END_DECLS

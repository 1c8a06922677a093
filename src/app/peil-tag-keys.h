/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <peil.h>

G_BEGIN_DECLS

char        peil_tag_keys_key_for   (PeilTaxonomy *taxonomy,
                                     PeilTag      *tag);
PeilTag    *peil_tag_keys_lookup    (PeilTaxonomy *taxonomy,
                                     guint         keyval);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_POST_ROW (peil_post_row_get_type ())

G_DECLARE_FINAL_TYPE (PeilPostRow, peil_post_row, PEIL, POST_ROW, GtkWidget)

GtkWidget *peil_post_row_new      (void);
void       peil_post_row_set_post (PeilPostRow  *self,
                                   PeilPost     *post,
                                   PeilTaxonomy *taxonomy);
PeilPost  *peil_post_row_get_post (PeilPostRow  *self);
void       peil_post_row_set_has_note (PeilPostRow *self,
                                       gboolean     has_note);
void       peil_post_row_set_reasons  (PeilPostRow *self,
                                       const char  *reasons,
                                       gint64       story_id);

G_END_DECLS

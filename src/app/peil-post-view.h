/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_POST_VIEW (peil_post_view_get_type ())

G_DECLARE_FINAL_TYPE (PeilPostView, peil_post_view, PEIL, POST_VIEW, GtkWidget)

void peil_post_view_set_taxonomy (PeilPostView *self,
                                  PeilTaxonomy *taxonomy);
void peil_post_view_set_analyst  (PeilPostView *self,
                                  const char   *analyst);
void peil_post_view_set_post     (PeilPostView *self,
                                  PeilPost     *post);
PeilPost *peil_post_view_get_post (PeilPostView *self);
void peil_post_view_set_selection (PeilPostView *self,
                                   GPtrArray    *posts,
                                   guint         n_selected);
void peil_post_view_grab_focus (PeilPostView *self);
void peil_post_view_set_notes (PeilPostView *self,
                               GPtrArray    *notes);
void peil_post_view_clear_note_entry (PeilPostView *self);
void peil_post_view_set_pseudonymizer (PeilPostView      *self,
                                       PeilPseudonymizer *pseudonymizer);

void peil_post_view_set_suggester (PeilPostView  *self,
                                   PeilSuggester *suggester);
void peil_post_view_update_suggestion (PeilPostView *self);
char **peil_post_view_dup_suggested_codes (PeilPostView *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include <glib-object.h>

#include "peil-version-macros.h"

G_BEGIN_DECLS

#define PEIL_TYPE_STORY_INDEX (peil_story_index_get_type ())

G_DECLARE_FINAL_TYPE (PeilStoryIndex, peil_story_index, PEIL, STORY_INDEX, GObject)

PEIL_PRIVATE_IN_ALL
PeilStoryIndex *peil_story_index_new        (guint           capacity);
PEIL_PRIVATE_IN_ALL
gint64          peil_story_index_add        (PeilStoryIndex *self,
                                             gint64          post_id,
                                             const char     *text,
                                             const char     *language);
gint64          peil_story_index_find       (PeilStoryIndex *self,
                                             const char     *text,
                                             const char     *language);
void            peil_story_index_keep       (PeilStoryIndex *self,
                                             gint64          post_id,
                                             gint64          story);
void            peil_story_index_remember   (PeilStoryIndex *self,
                                             gint64          post_id,
                                             gint64          story,
                                             const char     *text,
                                             const char     *language);
PEIL_PRIVATE_IN_ALL
double          peil_story_index_similarity (const char     *text,
                                             const char     *other,
                                             const char     *language);

G_END_DECLS

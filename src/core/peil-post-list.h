/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-filter.h"
#include "peil-incident.h"

G_BEGIN_DECLS

#define PEIL_TYPE_POST_LIST (peil_post_list_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilPostList, peil_post_list, PEIL, POST_LIST, GObject)

PEIL_AVAILABLE_IN_ALL
PeilPostList *peil_post_list_new         (PeilIncident  *incident);
PEIL_AVAILABLE_IN_ALL
PeilIncident *peil_post_list_get_incident(PeilPostList  *self);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_post_list_set_filter  (PeilPostList  *self,
                                          PeilFilter    *filter,
                                          GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilFilter   *peil_post_list_get_filter  (PeilPostList  *self);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_post_list_refresh     (PeilPostList  *self,
                                          GError       **error);
PEIL_AVAILABLE_IN_ALL
void          peil_post_list_set_ids     (PeilPostList  *self,
                                          GArray        *ids);
PEIL_AVAILABLE_IN_ALL
gint64        peil_post_list_get_post_id (PeilPostList  *self,
                                          guint          position);
PEIL_AVAILABLE_IN_ALL
guint         peil_post_list_find        (PeilPostList  *self,
                                          gint64         post_id);
PEIL_AVAILABLE_IN_ALL
void          peil_post_list_reload_cached (PeilPostList *self);
PEIL_AVAILABLE_IN_ALL
void          peil_post_list_set_fold_stories (PeilPostList *self,
                                               gboolean      fold);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_post_list_get_fold_stories (PeilPostList *self);
PEIL_AVAILABLE_IN_ALL
const PeilFoldedStory *peil_post_list_get_folded (PeilPostList *self,
                                                  gint64        post_id);
PEIL_AVAILABLE_IN_ALL
void          peil_post_list_reload_post (PeilPostList  *self,
                                          gint64         post_id);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include <gio/gio.h>

#include "peil-filter.h"
#include "peil-incident.h"

G_BEGIN_DECLS

#define PEIL_TYPE_POST_LIST (peil_post_list_get_type ())

G_DECLARE_FINAL_TYPE (PeilPostList, peil_post_list, PEIL, POST_LIST, GObject)

PeilPostList *peil_post_list_new         (PeilIncident  *incident);
PeilIncident *peil_post_list_get_incident(PeilPostList  *self);
gboolean      peil_post_list_set_filter  (PeilPostList  *self,
                                          PeilFilter    *filter,
                                          GError       **error);
PeilFilter   *peil_post_list_get_filter  (PeilPostList  *self);
gboolean      peil_post_list_refresh     (PeilPostList  *self,
                                          GError       **error);
void          peil_post_list_set_ids     (PeilPostList  *self,
                                          GArray        *ids);
gint64        peil_post_list_get_post_id (PeilPostList  *self,
                                          guint          position);
guint         peil_post_list_find        (PeilPostList  *self,
                                          gint64         post_id);
void          peil_post_list_reload_cached (PeilPostList *self);
void          peil_post_list_reload_post (PeilPostList  *self,
                                          gint64         post_id);

G_END_DECLS

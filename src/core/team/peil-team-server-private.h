/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "peil-team-server.h"

G_BEGIN_DECLS

/* One change as the server ordered it. */
typedef struct
{
  gint64  seq;
  char   *origin;     /* the replica that made it */
  char   *kind;       /* post, tag, untag, note, tag-def */
  char   *role;       /* the PostgreSQL role that pushed it */
  gint64  at;
  gint64  received;   /* when the server took it, by its clock */
  JsonObject *body;
} PeilTeamEvent;

void peil_team_event_free (PeilTeamEvent *event);

PEIL_PRIVATE_IN_ALL
gint64     peil_team_server_find_incident (PeilTeamServer  *self,
                                           const char      *name,
                                           gboolean         create,
                                           GError         **error);
gboolean   peil_team_server_set_info      (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *key,
                                           const char      *value,
                                           GError         **error);
gboolean   peil_team_server_offer_info    (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *key,
                                           const char      *value,
                                           GError         **error);
char      *peil_team_server_get_info      (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *key,
                                           GError         **error);
PEIL_PRIVATE_IN_ALL
gboolean   peil_team_server_push          (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *origin,
                                           JsonArray       *events,
                                           GError         **error);
PEIL_PRIVATE_IN_ALL
GPtrArray *peil_team_server_pull          (PeilTeamServer  *self,
                                           gint64           incident,
                                           gint64           after,
                                           guint            limit,
                                           GError         **error);
gint64     peil_team_server_last_origin_id (PeilTeamServer *self,
                                            gint64          incident,
                                            const char     *origin,
                                            GError        **error);
GArray    *peil_team_server_find_held     (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *origin,
                                           JsonArray       *changes,
                                           GError         **error);
PEIL_PRIVATE_IN_ALL
gint64     peil_team_server_last_seq      (PeilTeamServer  *self,
                                           gint64           incident,
                                           GError         **error);
gboolean   peil_team_server_be_present    (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *replica,
                                           const char      *analyst,
                                           const char      *doing,
                                           GError         **error);
gboolean   peil_team_server_assign        (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *analyst,
                                           const char      *kind,
                                           const char      *value,
                                           GError         **error);
GStrv      peil_team_server_list_assignments (PeilTeamServer *self,
                                              gint64          incident,
                                              GError        **error);
PEIL_PRIVATE_IN_ALL
gboolean   peil_team_server_claim         (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *analyst,
                                           GArray          *skip,
                                           gint64          *out_id,
                                           char           **out_source,
                                           char           **out_remote_id,
                                           GError         **error);
gboolean   peil_team_server_lease         (PeilTeamServer  *self,
                                           gint64           incident,
                                           const char      *key,
                                           const char      *replica,
                                           gint64           seconds,
                                           gboolean        *out_held,
                                           GError         **error);
gboolean   peil_team_server_listen        (PeilTeamServer  *self,
                                           gint64           incident,
                                           GError         **error);
int        peil_team_server_get_socket    (PeilTeamServer  *self);
gboolean   peil_team_server_take_notifications (PeilTeamServer *self,
                                                GError        **error);

G_END_DECLS

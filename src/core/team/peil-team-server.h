/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PEIL_TEAM_SCHEMA_VERSION:
 *
 * The team schema this Peil writes on a server; `peil-cli team init`
 * (peil_team_server_set_up()) brings a server's catalog and incidents up
 * to it.
 */
#define PEIL_TEAM_SCHEMA_VERSION 3

/**
 * PeilTeamMember:
 * @analyst: the analyst's name
 * @role: the PostgreSQL role they synced as last; empty when they never
 *   synced
 * @doing: what they said they are at (peil_replica_set_doing()), or empty
 * @seen_at: when they last synced, in seconds since the epoch; 0 when never
 * @tags: how many tags they hold in the incident
 *
 * One analyst of a team incident, from peil_team_server_list_members()
 * or peil_replica_list_members(). Free it with peil_team_member_free().
 */
typedef struct
{
  char   *analyst;
  char   *role;
  char   *doing;
  gint64  seen_at;    /* seconds since the epoch */
  gint64  tags;       /* tags this analyst holds in the incident */
} PeilTeamMember;

PEIL_AVAILABLE_IN_ALL
void peil_team_member_free (PeilTeamMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilTeamMember, peil_team_member_free)

#define PEIL_TYPE_TEAM_SERVER (peil_team_server_get_type ())
PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilTeamServer, peil_team_server, PEIL, TEAM_SERVER, GObject)

PEIL_AVAILABLE_IN_ALL
PeilTeamServer *peil_team_server_connect       (const char      *address,
                                                GError         **error);
PEIL_AVAILABLE_IN_ALL
char           *peil_team_server_normalize_address (const char  *address);
PEIL_AVAILABLE_IN_ALL
const char     *peil_team_server_get_address   (PeilTeamServer  *self);
PEIL_AVAILABLE_IN_ALL
const char     *peil_team_server_get_role      (PeilTeamServer  *self);
PEIL_AVAILABLE_IN_ALL
gboolean        peil_team_server_set_up        (PeilTeamServer  *self,
                                                GError         **error);
PEIL_AVAILABLE_IN_ALL
GStrv           peil_team_server_list_incidents(PeilTeamServer  *self,
                                                GError         **error);
PEIL_AVAILABLE_IN_ALL
gboolean        peil_team_server_grant         (PeilTeamServer  *self,
                                                const char      *incident,
                                                const char      *role,
                                                GError         **error);
PEIL_AVAILABLE_IN_ALL
gboolean        peil_team_server_revoke        (PeilTeamServer  *self,
                                                const char      *incident,
                                                const char      *role,
                                                GError         **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray      *peil_team_server_list_members  (PeilTeamServer  *self,
                                                const char      *incident,
                                                GError         **error);

G_END_DECLS

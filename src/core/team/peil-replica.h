/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-incident.h"
#include "peil-team-server.h"

G_BEGIN_DECLS

/**
 * PeilReplicaState:
 * @PEIL_REPLICA_OFFLINE: the last sync failed, or none was tried yet;
 *   changes made in the file wait in it
 * @PEIL_REPLICA_SYNCING: a sync is running
 * @PEIL_REPLICA_ONLINE: the last sync went through
 *
 * How a #PeilReplica stands with its team server.
 */
typedef enum
{
  PEIL_REPLICA_OFFLINE,
  PEIL_REPLICA_SYNCING,
  PEIL_REPLICA_ONLINE,
} PeilReplicaState;

/**
 * PeilSectionConflict:
 * @seq: the number the server gave the conflicting edit; it names the
 *   conflict in peil_replica_resolve_conflict()
 * @round: the number of the analysis round the section belongs to
 * @section: the section's key
 * @analyst: who made the conflicting edit (their PostgreSQL role when they
 *   gave no name)
 * @text: the conflicting text
 * @at: when the edit was made, in seconds since the epoch
 *
 * A round's section text saved on top of an older version than the
 * team's, from peil_replica_list_conflicts(). Free it with
 * peil_section_conflict_free().
 */
typedef struct
{
  gint64  seq;
  guint   round;
  char   *section;
  char   *analyst;
  char   *text;
  gint64  at;
} PeilSectionConflict;

PEIL_AVAILABLE_IN_ALL
void peil_section_conflict_free (PeilSectionConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilSectionConflict, peil_section_conflict_free)

#define PEIL_TYPE_REPLICA (peil_replica_get_type ())
PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilReplica, peil_replica, PEIL, REPLICA, GObject)

PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_is_replica     (PeilIncident   *incident);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_publish         (PeilIncident   *incident,
                                            const char     *address,
                                            const char     *name,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
PeilIncident *peil_replica_join            (const char     *address,
                                            const char     *name,
                                            GFile          *file,
                                            const char     *analyst,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
char         *peil_replica_dup_analyst     (PeilIncident   *incident);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_publish_async   (PeilIncident        *incident,
                                            const char          *address,
                                            const char          *name,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_publish_finish  (PeilIncident   *incident,
                                            GAsyncResult   *result,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_join_async      (const char          *address,
                                            const char          *name,
                                            GFile               *file,
                                            const char          *analyst,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_join_finish     (GAsyncResult   *result,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
PeilReplica  *peil_replica_new             (PeilIncident   *incident,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
PeilIncident *peil_replica_get_incident    (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
const char   *peil_replica_get_address     (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
const char   *peil_replica_get_name        (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
const char   *peil_replica_get_id          (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
gint64        peil_replica_get_last_seq    (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
gint64        peil_replica_count_waiting   (PeilReplica    *self,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
PeilReplicaState peil_replica_get_state    (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
const char   *peil_replica_get_last_error  (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_sync            (PeilReplica    *self,
                                            GCancellable   *cancellable,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_sync_async      (PeilReplica         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_sync_finish     (PeilReplica    *self,
                                            GAsyncResult   *result,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_follow          (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_stop            (PeilReplica    *self);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_next            (PeilReplica    *self,
                                            gint64         *out_post_id,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_next_async      (PeilReplica         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_next_finish     (PeilReplica    *self,
                                            GAsyncResult   *result,
                                            gint64         *out_post_id,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_assign          (PeilReplica    *self,
                                            const char     *analyst,
                                            const char     *kind,
                                            const char     *value,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_hand_over       (PeilReplica    *self,
                                            const char     *text,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
char         *peil_replica_dup_last_handover (PeilReplica  *self,
                                              char        **out_analyst,
                                              gint64       *out_time);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_assign_query    (PeilReplica    *self,
                                            const char     *analyst,
                                            gint64          query_id,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
GStrv         peil_replica_list_assignments (PeilReplica   *self,
                                             GError       **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_replica_list_members    (PeilReplica    *self,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_set_doing       (PeilReplica    *self,
                                            const char     *doing);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_list_members_async (PeilReplica         *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_replica_list_members_finish (PeilReplica   *self,
                                                GAsyncResult  *result,
                                                GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_lease_query     (PeilReplica    *self,
                                            gint64          query_id,
                                            guint           seconds,
                                            gboolean       *out_held,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_release_query   (PeilReplica    *self,
                                            gint64          query_id);
PEIL_AVAILABLE_IN_ALL
void          peil_replica_lease_query_async  (PeilReplica         *self,
                                              gint64               query_id,
                                              guint                seconds,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_lease_query_finish (PeilReplica   *self,
                                              GAsyncResult  *result,
                                              gboolean      *out_held,
                                              GError       **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_replica_list_conflicts  (PeilReplica    *self,
                                            GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_replica_resolve_conflict (PeilReplica   *self,
                                             gint64         seq,
                                             gboolean       take_it,
                                             GError       **error);

G_END_DECLS

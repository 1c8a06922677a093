/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-database-private.h"
#include "peil-incident.h"

G_BEGIN_DECLS

struct _PeilIncident
{
  GObject       parent_instance;

  GFile        *file;
  PeilDatabase *db;
  PeilTaxonomy *taxonomy;
  char         *analyst;
  GHashTable   *analyst_ids;  /* name → id as GINT64 pointer-sized box */
  GHashTable   *stories;      /* the story index of this connection, if built */
  gint64        data_version; /* as last seen, to notice other connections' changes */
  guint         watch_source;
  guint         file_lost : 1;
};

/*
 * PeilIncidentThreadFunc:
 * @connection: a connection of the worker's own to the incident's file,
 *   with the caller's analyst; closed when the function returns
 *
 * Runs on a worker thread and returns the task's result.
 */
typedef void (*PeilIncidentThreadFunc) (GTask        *task,
                                        PeilIncident *connection,
                                        gpointer      task_data,
                                        GCancellable *cancellable);

void          peil_incident_run_in_thread    (PeilIncident           *self,
                                              GTask                  *task,
                                              PeilIncidentThreadFunc  func);

sqlite3_stmt *peil_incident_prepare_filtered (PeilIncident  *self,
                                              PeilFilter    *filter,
                                              const char    *select,
                                              const char    *tail,
                                              GError       **error);
typedef enum
{
  PEIL_SEARCH_AUTO,
  PEIL_SEARCH_BY_MATCHES,   /* every match looked up, then sorted by time */
  PEIL_SEARCH_BY_TIME,      /* the time index walked until the page is full */
} PeilSearchPlan;

PEIL_PRIVATE_IN_ALL
GArray       *peil_incident_search_planned  (PeilIncident    *self,
                                             PeilFilter      *filter,
                                             PeilSearchPlan   plan,
                                             GError         **error);
PEIL_PRIVATE_IN_ALL
gint64        peil_incident_count_planned   (PeilIncident    *self,
                                             PeilFilter      *filter,
                                             PeilSearchPlan   plan,
                                             GError         **error);
gboolean      peil_incident_set_search_error (PeilIncident  *self,
                                              sqlite3_stmt  *stmt,
                                              GError       **error);
gboolean      peil_incident_write_pseudonym_key (PeilIncident *self,
                                                 const char   *hex,
                                                 GError      **error);
gboolean      peil_check_other_file          (GFile         *incident_file,
                                              GFile         *file,
                                              GError       **error);
gboolean      peil_incident_log_event_at     (PeilIncident  *self,
                                              gint64         time,
                                              const char    *action,
                                              gint64         post_id,
                                              const char    *tag_code,
                                              const char    *detail,
                                              GError       **error);
gboolean      peil_incident_analyst_id       (PeilIncident  *self,
                                              const char    *name,
                                              gint64        *out_id,
                                              GError       **error);
PEIL_PRIVATE_IN_ALL
gboolean      peil_incident_insert_post      (PeilIncident  *self,
                                              PeilPost      *post,
                                              gint64         query_id,
                                              gboolean      *out_added,
                                              GError       **error);
gboolean      peil_incident_record_query_run (PeilIncident  *self,
                                              PeilQuery     *query,
                                              GHashTable    *state,
                                              const char    *error_message,
                                              gint64         limited_until,
                                              guint64        fetched,
                                              GError       **error);
gboolean      peil_incident_apply_tag        (PeilIncident  *self,
                                              gint64         post_id,
                                              PeilTag       *tag,
                                              const char    *analyst,
                                              gint64         tagged_at,
                                              const char    *why,
                                              GError       **error);
gboolean      peil_incident_apply_off_topic  (PeilIncident  *self,
                                              gint64         post_id,
                                              gboolean       off_topic,
                                              const char    *analyst,
                                              gint64         at,
                                              const char    *why,
                                              gboolean      *out_changed,
                                              GError       **error);
gboolean      peil_incident_insert_tag_definition (PeilIncident *self,
                                                   PeilTag      *tag,
                                                   GError      **error);
gboolean      peil_incident_store_taxonomy   (PeilIncident  *self,
                                              PeilTaxonomy  *taxonomy,
                                              GError       **error);
PeilTaxonomy *peil_incident_load_taxonomy    (PeilIncident  *self,
                                              GError       **error);
gboolean      peil_incident_set_unknown_message_error (gint64  id,
                                                       GError **error);
char         *peil_message_log_detail        (gint64         id,
                                              const char    *channel,
                                              const char    *text);
PeilTag      *peil_incident_require_tag      (PeilIncident  *self,
                                              const char    *code,
                                              GError       **error);
char         *peil_incident_post_content_id  (PeilPost      *post);
gboolean      peil_incident_insert_message_from_post (PeilIncident *self,
                                                      PeilPost     *post,
                                                      PeilQuery    *query,
                                                      gboolean     *out_added,
                                                      GError      **error);
gboolean      peil_incident_require_post     (PeilIncident  *self,
                                              gint64         post_id,
                                              GError       **error);
void          peil_incident_set_unknown_post_error (gint64   post_id,
                                                    GError **error);
gboolean      peil_incident_follow_rumour_stories (PeilIncident *self,
                                                   GError      **error);
GHashTable   *peil_incident_new_story_cache  (void);
gboolean      peil_incident_newest_time      (PeilIncident  *self,
                                              gint64        *out_time,
                                              GError       **error);
gboolean      peil_incident_find_story       (PeilIncident  *self,
                                              PeilPost      *post,
                                              gint64        *out_story,
                                              GError       **error);
gboolean      peil_incident_keep_story       (PeilIncident  *self,
                                              gint64         post_id,
                                              gint64         story,
                                              GError       **error);
GHashTable   *peil_incident_purged_examples (PeilIncident  *self,
                                             guint          number,
                                             GError       **error);
void          peil_incident_emit_posts_changed (PeilIncident *self);
void          peil_incident_emit_tags_changed  (PeilIncident *self,
                                                gint64        post_id);

/* Where a post came from, as counted and filtered by source: a question
 * entered by hand counts under its channel (phone, WhatsApp), as its row
 * in the list says, not all of them under "Entered by hand"; so does an
 * exercise's inject, which plays a real channel. */
/* A post `p` an analyst did not mark off-topic: the posts every count,
 * chart and report is about. (NOT IN over the marks' primary key: a third
 * faster than a correlated NOT EXISTS over a million posts.) */
#define PEIL_SQL_ON_TOPIC "p.id NOT IN (SELECT post_id FROM post_dismissal)"
#define PEIL_SQL_OFF_TOPIC "p.id IN (SELECT post_id FROM post_dismissal)"

#define PEIL_SQL_POST_ORIGIN \
  "(CASE WHEN p.source IN ('manual', 'scenario') AND coalesce (p.channel, '') <> '' THEN lower (p.channel) ELSE p.source END)"

G_END_DECLS

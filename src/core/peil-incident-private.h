/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "peil-incident.h"

G_BEGIN_DECLS

struct _PeilIncident
{
  GObject       parent_instance;

  GFile        *file;
  sqlite3      *db;
  PeilTaxonomy *taxonomy;
  char         *analyst;
  GHashTable   *statements;   /* SQL text → sqlite3_stmt*, prepared once */
  GHashTable   *analyst_ids;  /* name → id as GINT64 pointer-sized box */
  int           schema_version;
  guint         read_only : 1;
};

/* Latest schema this Peil writes; older files are migrated on open. */
#define PEIL_SCHEMA_VERSION 3

/* @sql keys the statement cache without a copy: pass a string literal. */
sqlite3_stmt *peil_incident_statement        (PeilIncident  *self,
                                              const char    *sql,
                                              GError       **error);
gboolean      peil_incident_set_sqlite_error (PeilIncident  *self,
                                              GError       **error);
gboolean      peil_incident_check_writable   (PeilIncident  *self,
                                              GError       **error);
gboolean      peil_incident_begin            (PeilIncident  *self,
                                              GError       **error);
gboolean      peil_incident_commit           (PeilIncident  *self,
                                              GError       **error);
void          peil_incident_rollback         (PeilIncident  *self);
gboolean      peil_incident_exec             (PeilIncident  *self,
                                              const char    *sql,
                                              GError       **error);
gboolean      peil_incident_analyst_id       (PeilIncident  *self,
                                              const char    *name,
                                              gint64        *out_id,
                                              GError       **error);
gboolean      peil_incident_insert_post      (PeilIncident  *self,
                                              PeilPost      *post,
                                              gint64         query_id,
                                              gboolean      *out_added,
                                              GError       **error);
gboolean      peil_incident_record_query_run (PeilIncident  *self,
                                              PeilQuery     *query,
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
gboolean      peil_incident_store_taxonomy   (PeilIncident  *self,
                                              PeilTaxonomy  *taxonomy,
                                              GError       **error);
PeilTaxonomy *peil_incident_load_taxonomy    (PeilIncident  *self,
                                              GError       **error);
gboolean      peil_incident_require_post     (PeilIncident  *self,
                                              gint64         post_id,
                                              GError       **error);
void          peil_incident_set_unknown_post_error (gint64   post_id,
                                                    GError **error);
void          peil_incident_emit_posts_changed (PeilIncident *self);
void          peil_incident_emit_tags_changed  (PeilIncident *self,
                                                gint64        post_id);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "peil-version-macros.h"

G_BEGIN_DECLS

/* Latest schema this Peil writes; older files are migrated on open. */
#define PEIL_SCHEMA_VERSION 10

typedef enum
{
  PEIL_DATABASE_IN_PLACE,
  PEIL_DATABASE_GONE,
  PEIL_DATABASE_REPLACED,
} PeilDatabasePlace;

#define PEIL_TYPE_DATABASE (peil_database_get_type ())

G_DECLARE_FINAL_TYPE (PeilDatabase, peil_database, PEIL, DATABASE, GObject)

PeilDatabase *peil_database_open            (GFile         *file,
                                             gboolean       create,
                                             GError       **error);
gboolean      peil_database_get_read_only   (PeilDatabase  *self);
PeilDatabasePlace peil_database_get_place   (PeilDatabase  *self);
void          peil_database_get_identity    (PeilDatabase  *self,
                                             guint64       *out_device,
                                             guint64       *out_inode);
int           peil_database_get_schema_version (PeilDatabase *self);
gboolean      peil_database_is_open_here    (guint64        device,
                                             guint64        inode);

sqlite3_stmt *peil_database_statement       (PeilDatabase  *self,
                                             const char    *sql,
                                             GError       **error);
sqlite3_stmt *peil_database_prepare         (PeilDatabase  *self,
                                             const char    *sql,
                                             GError       **error);
PEIL_PRIVATE_IN_ALL
gboolean      peil_database_exec            (PeilDatabase  *self,
                                             const char    *sql,
                                             GError       **error);
gboolean      peil_database_run             (PeilDatabase  *self,
                                             sqlite3_stmt  *stmt,
                                             GError       **error);
PEIL_PRIVATE_IN_ALL
gboolean      peil_database_query_int       (PeilDatabase  *self,
                                             const char    *sql,
                                             gint64        *out_value,
                                             GError       **error);
gint64        peil_database_changes         (PeilDatabase  *self);
char         *peil_purged_remote_id         (const char    *source,
                                             const char    *remote_id);
void          peil_database_set_busy_timeout(PeilDatabase  *self,
                                             guint          milliseconds);
gint64        peil_database_get_data_version(PeilDatabase  *self);

gboolean      peil_database_check_writable  (PeilDatabase  *self,
                                             GError       **error);
gboolean      peil_database_rewrite_log     (PeilDatabase  *self,
                                             const char    *sql,
                                             GError       **error);
PEIL_PRIVATE_IN_ALL
gboolean      peil_database_begin           (PeilDatabase  *self,
                                             GError       **error);
PEIL_PRIVATE_IN_ALL
gboolean      peil_database_commit          (PeilDatabase  *self,
                                             GError       **error);
PEIL_PRIVATE_IN_ALL
void          peil_database_rollback        (PeilDatabase  *self);
gboolean      peil_database_begin_read      (PeilDatabase  *self,
                                             GError       **error);
void          peil_database_end_read        (PeilDatabase  *self);
void          peil_database_add_cache       (PeilDatabase  *self,
                                             GHashTable    *cache);

gboolean      peil_database_set_error       (PeilDatabase  *self,
                                             GError       **error);

/* A set of row ids held in memory, handed to a statement with
 * sqlite3_bind_pointer (stmt, N, set, PEIL_ROWSET_POINTER, NULL) and
 * tested there by the SQL function peil_rowset_has (?N, id): a test that
 * costs no lookup, for a statement that must walk another index. */
#define PEIL_ROWSET_POINTER "peil-rowset"

typedef struct
{
  guint8 *bits;
  gint64  size;   /* ids below this fit in bits */
  guint64 count;
} PeilRowset;

void          peil_rowset_add               (PeilRowset    *set,
                                             gint64         id);
void          peil_rowset_clear             (PeilRowset    *set);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PeilRowset, peil_rowset_clear)

G_END_DECLS

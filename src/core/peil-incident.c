/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-time.h"

#define SQLITE_HEADER "SQLite format 3"

/* Each entry moves a file from schema version N to N + 1; all of them run
 * in one transaction, so a failed migration leaves the file as it was. */
static const char *migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE incident (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE analyst (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE post ("
  "  id INTEGER PRIMARY KEY,"
  "  source TEXT NOT NULL,"
  "  remote_id TEXT NOT NULL,"
  "  channel TEXT,"
  "  url TEXT,"
  "  author_name TEXT,"
  "  author_handle TEXT,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  language TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  fetched_at INTEGER NOT NULL DEFAULT 0,"
  "  origin TEXT,"
  "  collector TEXT,"
  "  UNIQUE (source, remote_id));"
  "CREATE INDEX post_created ON post (created_at);"
  "CREATE INDEX post_source_created ON post (source, created_at);"
  /* The payload as the source delivered it, apart: it is large and read
   * only to re-map, so lists and searches do not wade through it. */
  "CREATE TABLE post_raw ("
  "  post_id INTEGER PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE,"
  "  mapper TEXT,"
  "  raw TEXT NOT NULL);"
  "CREATE TABLE dimension ("
  "  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
  "  label_nl TEXT NOT NULL, label_en TEXT NOT NULL,"
  "  description_nl TEXT, description_en TEXT,"
  "  single_choice INTEGER NOT NULL DEFAULT 0, facet INTEGER NOT NULL DEFAULT 0,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE tag ("
  "  id INTEGER PRIMARY KEY,"
  "  dimension_id INTEGER NOT NULL REFERENCES dimension (id),"
  "  code TEXT NOT NULL UNIQUE,"
  "  label_nl TEXT NOT NULL, label_en TEXT NOT NULL,"
  "  definition_nl TEXT, definition_en TEXT,"
  "  hidden INTEGER NOT NULL DEFAULT 0,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE post_tag ("
  "  post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,"
  "  tag_id INTEGER NOT NULL REFERENCES tag (id),"
  "  analyst_id INTEGER REFERENCES analyst (id),"
  "  tagged_at INTEGER NOT NULL,"
  "  PRIMARY KEY (post_id, tag_id)) WITHOUT ROWID;"
  "CREATE INDEX post_tag_by_tag ON post_tag (tag_id, post_id);"
  "CREATE TABLE note ("
  "  id INTEGER PRIMARY KEY,"
  "  post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,"
  "  analyst_id INTEGER REFERENCES analyst (id),"
  "  created_at INTEGER NOT NULL, text TEXT NOT NULL);"
  "CREATE TABLE event_log ("
  "  id INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  analyst TEXT,"
  "  action TEXT NOT NULL,"
  "  post_id INTEGER,"
  "  tag TEXT,"
  "  detail TEXT);"
  "CREATE TRIGGER event_log_no_update BEFORE UPDATE ON event_log"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TRIGGER event_log_no_delete BEFORE DELETE ON event_log"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE VIRTUAL TABLE post_fts USING fts5 ("
  "  text, author_name, author_handle,"
  "  content = 'post', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TRIGGER post_fts_insert AFTER INSERT ON post BEGIN"
  "  INSERT INTO post_fts (rowid, text, author_name, author_handle)"
  "  VALUES (new.id, new.text, new.author_name, new.author_handle); END;"
  "CREATE TRIGGER post_fts_delete AFTER DELETE ON post BEGIN"
  "  INSERT INTO post_fts (post_fts, rowid, text, author_name, author_handle)"
  "  VALUES ('delete', old.id, old.text, old.author_name, old.author_handle); END;"
  "CREATE TRIGGER post_fts_update AFTER UPDATE OF text, author_name, author_handle ON post BEGIN"
  "  INSERT INTO post_fts (post_fts, rowid, text, author_name, author_handle)"
  "  VALUES ('delete', old.id, old.text, old.author_name, old.author_handle);"
  "  INSERT INTO post_fts (rowid, text, author_name, author_handle)"
  "  VALUES (new.id, new.text, new.author_name, new.author_handle); END;",

  /* 1 → 2: saved queries and which query found which post */
  "CREATE TABLE query ("
  "  id INTEGER PRIMARY KEY,"
  "  source TEXT NOT NULL,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  options TEXT NOT NULL DEFAULT '{}',"
  "  interval INTEGER NOT NULL DEFAULT 300,"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  state TEXT NOT NULL DEFAULT '{}',"
  "  created_at INTEGER NOT NULL,"
  "  last_run INTEGER NOT NULL DEFAULT 0,"
  "  last_success INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  limited_until INTEGER NOT NULL DEFAULT 0,"
  "  fetched INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE post_query ("
  "  post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,"
  "  query_id INTEGER NOT NULL REFERENCES query (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (post_id, query_id)) WITHOUT ROWID;"
  "CREATE INDEX post_query_by_query ON post_query (query_id, post_id);",

  /* 2 → 3: analysis rounds, their texts and example posts, the rumour
   * register. An issued round keeps the figures it reported in
   * `snapshot`, so later tagging does not rewrite what the team was told. */
  "CREATE TABLE round ("
  "  id INTEGER PRIMARY KEY,"
  "  number INTEGER NOT NULL UNIQUE,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  period_start INTEGER NOT NULL,"
  "  period_end INTEGER NOT NULL,"
  "  commissioner TEXT NOT NULL DEFAULT '',"
  "  classification TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  issued_at INTEGER NOT NULL DEFAULT 0,"
  "  issued_by TEXT,"
  "  snapshot TEXT);"
  "CREATE TABLE round_section ("
  "  round_id INTEGER NOT NULL REFERENCES round (id) ON DELETE CASCADE,"
  "  section TEXT NOT NULL,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (round_id, section)) WITHOUT ROWID;"
  /* A rowid table: examples are quoted in the order they were linked. */
  "CREATE TABLE round_example ("
  "  id INTEGER PRIMARY KEY,"
  "  round_id INTEGER NOT NULL REFERENCES round (id) ON DELETE CASCADE,"
  "  section TEXT NOT NULL,"
  "  post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,"
  "  linked_at INTEGER NOT NULL,"
  "  UNIQUE (round_id, section, post_id));"
  "CREATE TABLE rumour ("
  "  id INTEGER PRIMARY KEY,"
  "  claim TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'unverified',"
  "  first_seen INTEGER NOT NULL,"
  "  response TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE rumour_status ("
  "  id INTEGER PRIMARY KEY,"
  "  rumour_id INTEGER NOT NULL REFERENCES rumour (id) ON DELETE CASCADE,"
  "  status TEXT NOT NULL,"
  "  changed_at INTEGER NOT NULL,"
  "  analyst TEXT);"
  "CREATE TABLE rumour_post ("
  "  rumour_id INTEGER NOT NULL REFERENCES rumour (id) ON DELETE CASCADE,"
  "  post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (rumour_id, post_id)) WITHOUT ROWID;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PEIL_SCHEMA_VERSION);

static const char * const metadata_keys[] = {
  PEIL_META_TITLE, PEIL_META_DESCRIPTION, PEIL_META_TYPE, PEIL_META_LOCATION,
  PEIL_META_START, PEIL_META_LANGUAGE, PEIL_META_PURPOSE, PEIL_META_LEGAL_BASIS,
  PEIL_META_RETENTION, PEIL_META_CREATED, PEIL_META_EXERCISE, NULL
};

enum {
  PROP_0,
  PROP_FILE,
  PROP_READ_ONLY,
  PROP_ANALYST,
  N_PROPS
};

enum {
  POSTS_CHANGED,
  TAGS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeilIncident, peil_incident, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (PeilEvent, peil_event, peil_event_copy, peil_event_free)

PeilEvent *
peil_event_copy (const PeilEvent *event)
{
  PeilEvent *copy = g_memdup2 (event, sizeof *event);

  copy->analyst = g_strdup (event->analyst);
  copy->action = g_strdup (event->action);
  copy->tag = g_strdup (event->tag);
  copy->detail = g_strdup (event->detail);
  return copy;
}

void
peil_event_free (PeilEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->analyst);
  g_free (event->action);
  g_free (event->tag);
  g_free (event->detail);
  g_free (event);
}

void
peil_count_free (PeilCount *count)
{
  if (count == NULL)
    return;
  g_free (count->key);
  g_free (count->label);
  g_free (count);
}

static void
peil_incident_dispose (GObject *object)
{
  PeilIncident *self = (PeilIncident *)object;

  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close (self->db);
      self->db = NULL;
    }

  G_OBJECT_CLASS (peil_incident_parent_class)->dispose (object);
}

static void
peil_incident_finalize (GObject *object)
{
  PeilIncident *self = (PeilIncident *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->taxonomy);
  g_clear_pointer (&self->analyst, g_free);
  g_clear_pointer (&self->analyst_ids, g_hash_table_unref);

  G_OBJECT_CLASS (peil_incident_parent_class)->finalize (object);
}

static void
peil_incident_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PeilIncident *self = PEIL_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    case PROP_ANALYST:
      g_value_set_string (value, self->analyst);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peil_incident_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PeilIncident *self = PEIL_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_ANALYST:
      peil_incident_set_analyst (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peil_incident_class_init (PeilIncidentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = peil_incident_dispose;
  object_class->finalize = peil_incident_finalize;
  object_class->get_property = peil_incident_get_property;
  object_class->set_property = peil_incident_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANALYST] =
    g_param_spec_string ("analyst", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PeilIncident::posts-changed:
   *
   * Posts were added, by an import or by hand.
   */
  signals[POSTS_CHANGED] =
    g_signal_new ("posts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * PeilIncident::tags-changed:
   * @post_id: the post whose tags changed
   *
   * So that views can update their counts incrementally.
   */
  signals[TAGS_CHANGED] =
    g_signal_new ("tags-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
peil_incident_init (PeilIncident *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)sqlite3_finalize);
  self->analyst_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

const char * const *
peil_incident_metadata_keys (void)
{
  return metadata_keys;
}

gboolean
peil_incident_set_sqlite_error (PeilIncident  *self,
                                GError       **error)
{
  int code = sqlite3_extended_errcode (self->db);

  if ((code & 0xff) == SQLITE_READONLY)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY,
                 _("The incident file is read-only: changes cannot be saved"));
  else if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT,
                 _("The incident file is damaged: %s"), sqlite3_errmsg (self->db));
  else if ((code & 0xff) == SQLITE_FULL)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE,
                 _("The disk is full: nothing was saved"));
  else
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE,
                 _("The incident file could not be read or written: %s"), sqlite3_errmsg (self->db));

  return FALSE;
}

/* Statements are cached by the address of their SQL text, which is
 * always a string literal: a lookup costs a pointer hash. */
sqlite3_stmt *
peil_incident_statement (PeilIncident  *self,
                         const char    *sql,
                         GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      peil_incident_set_sqlite_error (self, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  return stmt;
}

gboolean
peil_incident_exec (PeilIncident  *self,
                    const char    *sql,
                    GError       **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return peil_incident_set_sqlite_error (self, error);
  return TRUE;
}

gboolean
peil_incident_check_writable (PeilIncident  *self,
                              GError       **error)
{
  if (!self->read_only)
    return TRUE;

  g_set_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY,
               _("The incident file is read-only: changes cannot be saved"));
  return FALSE;
}

/* IMMEDIATE takes the write lock up front, so two processes writing one
 * file wait for each other (busy timeout) instead of failing to upgrade. */
gboolean
peil_incident_begin (PeilIncident  *self,
                     GError       **error)
{
  return peil_incident_check_writable (self, error) &&
         peil_incident_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
peil_incident_commit (PeilIncident  *self,
                      GError       **error)
{
  if (!peil_incident_exec (self, "COMMIT", error))
    {
      peil_incident_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
peil_incident_rollback (PeilIncident *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
query_int (PeilIncident  *self,
           const char    *sql,
           gint64        *out_value,
           GError       **error)
{
  sqlite3_stmt *stmt = peil_incident_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return peil_incident_set_sqlite_error (self, error);

  *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
migrate (PeilIncident  *self,
         GError       **error)
{
  g_autofree char *set_version = NULL;

  if (self->schema_version == PEIL_SCHEMA_VERSION)
    return TRUE;

  if (self->read_only)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY,
                   _("This incident file was made by an older Peil and must be updated, "
                     "but it is read-only. Open a writable copy."));
      return FALSE;
    }

  if (!peil_incident_begin (self, error))
    return FALSE;

  for (int version = self->schema_version; version < PEIL_SCHEMA_VERSION; version++)
    {
      if (!peil_incident_exec (self, migrations[version], error))
        {
          peil_incident_rollback (self);
          g_prefix_error (error, _("Could not update the incident file to version %d: "), version + 1);
          return FALSE;
        }
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", PEIL_SCHEMA_VERSION);
  if (!peil_incident_exec (self, set_version, error) ||
      !peil_incident_exec (self, "PRAGMA application_id = " G_STRINGIFY (PEIL_APPLICATION_ID), error) ||
      !peil_incident_commit (self, error))
    {
      peil_incident_rollback (self);
      return FALSE;
    }

  self->schema_version = PEIL_SCHEMA_VERSION;
  return TRUE;
}

/* A file nobody may write (no write bit at all) is opened read-only even
 * by root, who could write it anyway: archived incidents stay untouched. */
static gboolean
path_is_read_only (const char *path)
{
  struct stat st;

  if (g_access (path, W_OK) != 0)
    return TRUE;
  return g_stat (path, &st) == 0 && (st.st_mode & 0222) == 0;
}

static gboolean
check_header (const char  *path,
              GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  char header[16] = { 0 };
  FILE *fp;
  size_t n_read;

  if ((fp = g_fopen (path, "rb")) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, PEIL_ERROR,
                   saved_errno == ENOENT ? PEIL_ERROR_NOT_FOUND : PEIL_ERROR_FAILED,
                   saved_errno == ENOENT ? _("“%s” does not exist") : _("“%s” cannot be opened: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }
  n_read = fread (header, 1, sizeof header, fp);
  fclose (fp);

  if (n_read < sizeof header || memcmp (header, SQLITE_HEADER, sizeof SQLITE_HEADER) != 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SQLITE,
                   _("“%s” is not a Peil incident file (it is not a database at all)"), display);
      return FALSE;
    }

  return TRUE;
}

static PeilIncident *
open_connection (GFile     *file,
                 gboolean   create,
                 GError   **error)
{
  g_autoptr(PeilIncident) self = g_object_new (PEIL_TYPE_INCIDENT, NULL);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *display = NULL;
  gint64 application_id = 0;
  gint64 user_version = 0;
  int flags = SQLITE_OPEN_NOMUTEX;

  if (path == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
                           _("Incident files must be on a local disk"));
      return NULL;
    }
  display = g_filename_display_name (path);
  self->file = g_object_ref (file);

  if (create)
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS,
                       _("“%s” already exists; choose another name"), display);
          return NULL;
        }
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    }
  else
    {
      if (!check_header (path, error))
        return NULL;
      self->read_only = path_is_read_only (path);
      flags |= self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    }

  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                   _("“%s” cannot be opened: %s"), display,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 10000);

  /* Only reads until the file is known to be Peil's: a foreign file is
   * left byte-for-byte as it was. */
  if (!create)
    {
      if (!query_int (self, "PRAGMA application_id", &application_id, error) ||
          !query_int (self, "PRAGMA user_version", &user_version, error))
        {
          g_clear_error (error);
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SQLITE,
                       _("“%s” is not a Peil incident file (it is damaged or not a database)"), display);
          return NULL;
        }

      if (application_id != PEIL_APPLICATION_ID)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_PEIL,
                       _("“%s” is a database, but not a Peil incident file"), display);
          return NULL;
        }

      if (user_version > PEIL_SCHEMA_VERSION)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_TOO_NEW,
                       _("“%s” was made by a newer version of Peil; update Peil to open it"), display);
          return NULL;
        }
      self->schema_version = (int)user_version;
    }

  if (!self->read_only &&
      (!peil_incident_exec (self, "PRAGMA journal_mode = WAL", error) ||
       !peil_incident_exec (self, "PRAGMA synchronous = NORMAL", error)))
    return NULL;
  if (!peil_incident_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * peil_incident_create:
 * @file: where the new `.peil` file goes; it must not exist
 * @taxonomy: (nullable): the taxonomy to write into the file; %NULL for
 *   the method's default
 *
 * Returns: (transfer full): the new incident, or %NULL with @error set
 */
PeilIncident *
peil_incident_create (GFile         *file,
                      PeilTaxonomy  *taxonomy,
                      GError       **error)
{
  g_autoptr(PeilIncident) self = NULL;
  g_autoptr(PeilTaxonomy) default_taxonomy = NULL;
  g_autofree char *now = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (taxonomy == NULL && !(taxonomy = default_taxonomy = peil_taxonomy_new_default (error)))
    return NULL;

  if (!(self = open_connection (file, TRUE, error)))
    return NULL;

  now = peil_time_format_iso (g_get_real_time () / G_USEC_PER_SEC);
  if (!peil_incident_store_taxonomy (self, taxonomy, error) ||
      !peil_incident_set_metadata (self, PEIL_META_CREATED, now, error) ||
      !peil_incident_log_event (self, "create", 0, NULL, NULL, error) ||
      !(self->taxonomy = peil_incident_load_taxonomy (self, error)))
    {
      /* Leave no half-made file behind. */
      g_clear_object (&self);
      path = g_file_get_path (file);
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * peil_incident_open:
 *
 * Opens an existing `.peil` file, migrating an older schema. A file that
 * is not SQLite, not Peil's, from a newer Peil, or missing gives a
 * #PEIL_ERROR and is not changed; a file that cannot be written opens
 * read-only (see #PeilIncident:read-only).
 *
 * Returns: (transfer full): the incident, or %NULL with @error set
 */
PeilIncident *
peil_incident_open (GFile   *file,
                    GError **error)
{
  g_autoptr(PeilIncident) self = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(self = open_connection (file, FALSE, error)))
    return NULL;

  if (!(self->taxonomy = peil_incident_load_taxonomy (self, error)))
    return NULL;

  return g_steal_pointer (&self);
}

GFile *
peil_incident_get_file (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  return self->file;
}

gboolean
peil_incident_get_read_only (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  return self->read_only;
}

int
peil_incident_get_schema_version (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), 0);
  return self->schema_version;
}

PeilTaxonomy *
peil_incident_get_taxonomy (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  return self->taxonomy;
}

/**
 * peil_incident_get_analyst:
 *
 * Returns: the name put on tags and log entries made through this
 *   incident; the user's real name when none was set
 */
const char *
peil_incident_get_analyst (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (self->analyst == NULL)
    {
      const char *real_name = g_get_real_name ();
      self->analyst = g_strdup (g_strcmp0 (real_name, "Unknown") != 0 ? real_name : g_get_user_name ());
    }
  return self->analyst;
}

void
peil_incident_set_analyst (PeilIncident *self,
                           const char   *analyst)
{
  g_return_if_fail (PEIL_IS_INCIDENT (self));

  if (analyst != NULL && *analyst == '\0')
    analyst = NULL;
  if (g_strcmp0 (self->analyst, analyst) == 0)
    return;

  g_free (self->analyst);
  self->analyst = g_strdup (analyst);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYST]);
}

char *
peil_incident_get_metadata (PeilIncident *self,
                            const char   *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!(stmt = peil_incident_statement (self, "SELECT value FROM incident WHERE key = ?", NULL)))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

static gboolean
validate_metadata (const char  *key,
                   const char  *value,
                   GError     **error)
{
  gint64 when;

  if (!g_strv_contains (metadata_keys, key))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("Unknown incident field “%s”"), key);
      return FALSE;
    }

  if (value == NULL || *value == '\0')
    return TRUE;

  if ((g_str_equal (key, PEIL_META_START) || g_str_equal (key, PEIL_META_RETENTION)) &&
      !peil_time_parse (value, NULL, &when))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not a date or time (use for example 2026-11-25 or 2026-11-25T14:30)"), value);
      return FALSE;
    }

  if (g_str_equal (key, PEIL_META_LANGUAGE) && !g_str_equal (value, "nl") && !g_str_equal (value, "en"))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("The language must be “nl” or “en”, not “%s”"), value);
      return FALSE;
    }

  return TRUE;
}

/**
 * peil_incident_set_metadata:
 * @key: one of peil_incident_metadata_keys()
 * @value: (nullable): the new value; %NULL or "" removes it
 *
 * Returns: %FALSE with @error set if the key is unknown, the value is not
 *   valid for it, or the file cannot be written
 */
gboolean
peil_incident_set_metadata (PeilIncident  *self,
                            const char    *key,
                            const char    *value,
                            GError       **error)
{
  g_autofree char *normalized = NULL;
  sqlite3_stmt *stmt;
  gint64 when;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!peil_incident_check_writable (self, error) || !validate_metadata (key, value, error))
    return FALSE;

  /* Times are stored in one form so that files sort and compare alike. */
  if (value != NULL && *value != '\0' && g_str_equal (key, PEIL_META_START) &&
      peil_time_parse (value, NULL, &when))
    value = normalized = peil_time_format_iso (when);

  if (value == NULL || *value == '\0')
    {
      stmt = peil_incident_statement (self, "DELETE FROM incident WHERE key = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    }
  else
    {
      stmt = peil_incident_statement (self, "INSERT INTO incident (key, value) VALUES (?, ?) "
                                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
    }

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return peil_incident_set_sqlite_error (self, error);

  return peil_incident_log_event (self, "metadata", 0, NULL, key, error);
}

gboolean
peil_incident_check_integrity (PeilIncident  *self,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *result = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!(stmt = peil_incident_statement (self, "PRAGMA integrity_check", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return peil_incident_set_sqlite_error (self, error);
  result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT,
                   _("The incident file is damaged: %s"), result);
      return FALSE;
    }

  return TRUE;
}

gboolean
peil_incident_analyst_id (PeilIncident  *self,
                          const char    *name,
                          gint64        *out_id,
                          GError       **error)
{
  gint64 *cached;
  sqlite3_stmt *stmt;

  if (name == NULL)
    name = peil_incident_get_analyst (self);

  if ((cached = g_hash_table_lookup (self->analyst_ids, name)) != NULL)
    {
      *out_id = *cached;
      return TRUE;
    }

  if (!(stmt = peil_incident_statement (self, "INSERT INTO analyst (name) VALUES (?) "
                                              "ON CONFLICT (name) DO UPDATE SET name = name "
                                              "RETURNING id", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return peil_incident_set_sqlite_error (self, error);
  *out_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  g_hash_table_insert (self->analyst_ids, g_strdup (name), g_memdup2 (out_id, sizeof *out_id));
  return TRUE;
}

/**
 * peil_incident_log_event:
 * @action: what happened: "tag", "untag", "import", "add", "metadata"…
 * @post_id: the post concerned, or 0
 * @tag_code: (nullable): the tag concerned
 * @detail: (nullable): more, as free text or JSON
 *
 * Appends to the event log, which can never be changed afterwards.
 */
gboolean
peil_incident_log_event (PeilIncident  *self,
                         const char    *action,
                         gint64         post_id,
                         const char    *tag_code,
                         const char    *detail,
                         GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (!(stmt = peil_incident_statement (self, "INSERT INTO event_log (time, analyst, action, post_id, tag, detail) "
                                              "VALUES (?, ?, ?, ?, ?, ?)", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 2, peil_incident_get_analyst (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  if (post_id > 0)
    sqlite3_bind_int64 (stmt, 4, post_id);
  sqlite3_bind_text (stmt, 5, tag_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, detail, -1, SQLITE_STATIC);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return peil_incident_set_sqlite_error (self, error);
  return TRUE;
}

/**
 * peil_incident_list_events:
 * @limit: at most this many, newest first; 0 for all
 *
 * Returns: (transfer full) (element-type PeilEvent): the events
 */
GPtrArray *
peil_incident_list_events (PeilIncident  *self,
                           guint          limit,
                           GError       **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_event_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(stmt = peil_incident_statement (self, "SELECT id, time, analyst, action, post_id, tag, detail "
                                              "FROM event_log ORDER BY id DESC LIMIT ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64)limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PeilEvent *event = g_new0 (PeilEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->time = sqlite3_column_int64 (stmt, 1);
      event->analyst = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      event->action = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      event->post_id = sqlite3_column_int64 (stmt, 4);
      event->tag = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      event->detail = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      g_ptr_array_add (events, event);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      peil_incident_set_sqlite_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

void
peil_incident_emit_posts_changed (PeilIncident *self)
{
  g_signal_emit (self, signals[POSTS_CHANGED], 0);
}

void
peil_incident_emit_tags_changed (PeilIncident *self,
                                 gint64        post_id)
{
  g_signal_emit (self, signals[TAGS_CHANGED], 0, post_id);
}

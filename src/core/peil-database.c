/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-database"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "peil-database-private.h"
#include "peil-error.h"
#include "peil-incident.h"

/*
 * One SQLite connection to an incident file, and everything that must be
 * done the same way on every connection: opening it without ever touching
 * the file outside SQLite, migrating the schema, caching statements,
 * transactions (with caches that are cleared when one rolls back), and
 * turning SQLite's errors into ones a user can read.
 *
 * A connection belongs to the thread that opened it and is asserted to be
 * used there only; a worker opens a connection of its own
 * (peil_incident_run_in_thread()). The file is never opened with open()
 * or fopen(): POSIX locks belong to the process, and closing any other
 * descriptor of the file would drop the locks of every connection this
 * process holds, so that another process could delete the write-ahead log
 * they still write to.
 */

/* Shared by the migrations and peil_database_rewrite_log(), which drops
 * and makes them again: the file's schema stays word for word the same. */
#define LOG_NO_UPDATE_TRIGGER \
  "CREATE TRIGGER event_log_no_update BEFORE UPDATE ON event_log" \
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
#define LOG_CHAIN_NO_DELETE_TRIGGER \
  "CREATE TRIGGER event_log_chain_no_delete BEFORE DELETE ON event_log_chain" \
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
/* Chains every event of the log, in their order, into an empty
 * event_log_chain. */
#define LOG_CHAIN_ALL \
  "WITH RECURSIVE chain (id, link) AS (" \
  "  SELECT id, peil_log_link (NULL, id, time, analyst, action, post_id, tag, detail)" \
  "    FROM event_log WHERE id = (SELECT min (id) FROM event_log)" \
  "  UNION ALL" \
  "  SELECT e.id, peil_log_link (c.link, e.id, e.time, e.analyst, e.action, e.post_id, e.tag, e.detail)" \
  "    FROM chain c JOIN event_log e ON e.id = (SELECT min (id) FROM event_log WHERE id > c.id))" \
  "  INSERT INTO event_log_chain (id, link) SELECT id, link FROM chain;"

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
  LOG_NO_UPDATE_TRIGGER
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

  /* 3 → 4: a post without a time of its own may take the time it was
   * imported as its time; marked so, views can say whose time it is. */
  "ALTER TABLE post ADD COLUMN time_from_import INTEGER NOT NULL DEFAULT 0;",

  /* 4 → 5: a tag belongs to (post, tag, analyst), so that two analysts
   * tagging one post each keep their own tag (a team incident merges
   * them) and taking one off never takes the other's. Tags from before
   * analysts were recorded go to an analyst without a name. */
  "CREATE TABLE post_tag_by_analyst ("
  "  post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,"
  "  tag_id INTEGER NOT NULL REFERENCES tag (id),"
  "  analyst_id INTEGER NOT NULL REFERENCES analyst (id),"
  "  tagged_at INTEGER NOT NULL,"
  "  PRIMARY KEY (post_id, tag_id, analyst_id)) WITHOUT ROWID;"
  "INSERT INTO analyst (name) SELECT '' WHERE EXISTS (SELECT 1 FROM post_tag WHERE analyst_id IS NULL)"
  "  ON CONFLICT (name) DO NOTHING;"
  "INSERT INTO post_tag_by_analyst (post_id, tag_id, analyst_id, tagged_at)"
  "  SELECT post_id, tag_id, coalesce (analyst_id, (SELECT id FROM analyst WHERE name = '')), tagged_at"
  "  FROM post_tag;"
  "DROP TABLE post_tag;"
  "ALTER TABLE post_tag_by_analyst RENAME TO post_tag;"
  "CREATE INDEX post_tag_by_tag ON post_tag (tag_id, post_id);",

  /* 5 → 6: an exercise (issue 12): its injects as the trainees may see
   * them (never the trainer's gold, which stays in the scenario file) and
   * its clock, one row, so that the window and peil-cli agree and a
   * process started again goes on where the clock is. An inject is
   * released when its post (source 'scenario', remote id = its id) is
   * there. Times of the clock are microseconds: speed changes add no
   * rounding. */
  "CREATE TABLE exercise_inject ("
  "  id TEXT PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  channel TEXT NOT NULL,"
  "  author TEXT,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX exercise_inject_by_time ON exercise_inject (at);"
  "CREATE TABLE exercise_clock ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  origin INTEGER NOT NULL DEFAULT 0,"
  "  anchor_wall INTEGER NOT NULL DEFAULT 0,"
  "  anchor_time INTEGER NOT NULL DEFAULT 0,"
  "  running INTEGER NOT NULL DEFAULT 0,"
  "  speed INTEGER NOT NULL DEFAULT 1 CHECK (speed BETWEEN 1 AND 10));",

  /* 6 → 7: a note is known by a UUIDv7 made with it (issue 11), so that
   * in a team the same note arriving twice (from a copied replica, a
   * restored backup) is one note. A note from before takes one of its
   * own time, with random bits in SQL's way. */
  "ALTER TABLE note ADD COLUMN uuid TEXT;"
  "UPDATE note SET uuid = (SELECT substr (t, 1, 8) || '-' || substr (t, 9, 4) || '-7' || substr (r, 1, 3) || '-'"
  "  || substr ('89ab', unicode (substr (r, 4, 1)) % 4 + 1, 1) || substr (r, 5, 3) || '-' || substr (r, 8, 12)"
  "  FROM (SELECT printf ('%012x', max (note.created_at, 0) * 1000) AS t, lower (hex (randomblob (10))) AS r));"
  "CREATE UNIQUE INDEX note_by_uuid ON note (uuid);",

  /* 7 → 8: triage (issue 13). A post marked off-topic leaves the counts,
   * charts and reports; the mark is kept apart from the tags, with who
   * made it and when, so that taking it off restores every count. A post
   * belongs to the story of its near-copies, known by the id of the
   * story's first post; NULL until the post has been looked at, so that
   * posts from before are grouped later. A rumour may follow a story:
   * posts linked to it because they joined its story say so. */
  "CREATE TABLE post_dismissal ("
  "  post_id INTEGER PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE,"
  "  analyst_id INTEGER NOT NULL REFERENCES analyst (id),"
  "  dismissed_at INTEGER NOT NULL);"
  "ALTER TABLE post ADD COLUMN story_id INTEGER;"
  "CREATE INDEX post_by_story ON post (story_id, created_at);"
  "ALTER TABLE rumour ADD COLUMN story_id INTEGER;"
  "ALTER TABLE rumour_post ADD COLUMN linked_automatically INTEGER NOT NULL DEFAULT 0;",

  /* 8 → 9: the event log is hash-chained (issue 14): each event's link
   * is a SHA-256 over the link before it and the event itself
   * (peil_log_link(), below), written by a trigger in the transaction of
   * the event, so that an event edited or removed with the append-only
   * triggers dropped breaks the chain (peil_incident_verify_log()). The
   * events from before are chained in their order now. A writer without
   * Peil's function (the sqlite3 shell) cannot add an event unchained.
   * An older file's log says when its chain began (`log-chained`, with the
   * number of events chained as they stood then): what came before that
   * cannot be vouched for. */
  "CREATE TABLE event_log_chain ("
  "  id INTEGER PRIMARY KEY,"
  "  link BLOB NOT NULL);"
  LOG_CHAIN_ALL
  "CREATE TRIGGER event_log_unchained BEFORE INSERT ON event_log"
  "  WHEN EXISTS (SELECT 1 FROM event_log_chain WHERE id > coalesce ((SELECT max (id) FROM event_log), 0))"
  "  BEGIN SELECT RAISE (ABORT, 'the event log was changed outside Peil (an event was removed): "
  "peil-cli log verify says which'); END;"
  "CREATE TRIGGER event_log_chained AFTER INSERT ON event_log BEGIN"
  "  INSERT INTO event_log_chain (id, link) VALUES (NEW.id, peil_log_link ("
  "    (SELECT link FROM event_log_chain WHERE id < NEW.id ORDER BY id DESC LIMIT 1),"
  "    NEW.id, NEW.time, NEW.analyst, NEW.action, NEW.post_id, NEW.tag, NEW.detail));"
  "  END;"
  "CREATE TRIGGER event_log_chain_no_update BEFORE UPDATE ON event_log_chain"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  LOG_CHAIN_NO_DELETE_TRIGGER
  "INSERT INTO event_log (time, action, detail)"
  "  SELECT CAST (strftime ('%s', 'now') AS INTEGER), 'log-chained', CAST (count (*) AS TEXT) FROM event_log"
  "  HAVING count (*) > 0;",

  /* 9 → 10: the organisation's own messages (issue 16), in tables of
   * their own so that no count, export, suggestion or story of the
   * public's posts can take them in by mistake. A message gathered from a
   * query marked as one of "our channels" (query.channel) is known by its
   * source and id, as a post is, so gathering it again adds nothing. A
   * message addresses tags and rumours; a rumour's response may be a
   * message. */
  "CREATE TABLE message ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  channel TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  url TEXT,"
  "  source TEXT,"
  "  remote_id TEXT,"
  "  query_id INTEGER REFERENCES query (id) ON DELETE SET NULL,"
  "  analyst_id INTEGER REFERENCES analyst (id),"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (source, remote_id));"
  "CREATE INDEX message_by_time ON message (time);"
  "CREATE TABLE message_tag ("
  "  message_id INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,"
  "  tag_id INTEGER NOT NULL REFERENCES tag (id),"
  "  PRIMARY KEY (message_id, tag_id)) WITHOUT ROWID;"
  "CREATE INDEX message_tag_by_tag ON message_tag (tag_id, message_id);"
  "CREATE TABLE message_rumour ("
  "  message_id INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,"
  "  rumour_id INTEGER NOT NULL REFERENCES rumour (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (message_id, rumour_id)) WITHOUT ROWID;"
  "CREATE INDEX message_rumour_by_rumour ON message_rumour (rumour_id, message_id);"
  "ALTER TABLE rumour ADD COLUMN response_message_id INTEGER REFERENCES message (id) ON DELETE SET NULL;"
  "ALTER TABLE query ADD COLUMN channel TEXT;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PEIL_SCHEMA_VERSION);

void
peil_rowset_add (PeilRowset *set,
                 gint64      id)
{
  if (id < 0)
    return;
  if (id >= set->size)
    {
      gint64 size = MAX (id + 1, set->size * 2);

      size = (size + 7) & ~(gint64)7;
      set->bits = g_realloc (set->bits, size / 8);
      memset (set->bits + set->size / 8, 0, (size - set->size) / 8);
      set->size = size;
    }
  if (!(set->bits[id / 8] & (1 << (id % 8))))
    {
      set->bits[id / 8] |= 1 << (id % 8);
      set->count++;
    }
}

void
peil_rowset_clear (PeilRowset *set)
{
  g_clear_pointer (&set->bits, g_free);
  set->size = 0;
  set->count = 0;
}

static void
rowset_has (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  const PeilRowset *set = sqlite3_value_pointer (argv[0], PEIL_ROWSET_POINTER);
  gint64 id = sqlite3_value_int64 (argv[1]);

  sqlite3_result_int (context, set != NULL && id >= 0 && id < set->size && (set->bits[id / 8] & (1 << (id % 8))));
}
/* Each value of an event goes into its link with its kind and length, so
 * that no two events (NULL or "", "ab"+"c" or "a"+"bc") hash alike. */
static void
link_value (GChecksum     *checksum,
            sqlite3_value *value)
{
  guchar kind = (guchar)sqlite3_value_type (value);
  guint32 length = 0;

  g_checksum_update (checksum, &kind, 1);
  if (kind == SQLITE_INTEGER)
    {
      char number[24];

      length = (guint32)g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, (gint64)sqlite3_value_int64 (value));
      length = GUINT32_TO_BE (length);
      g_checksum_update (checksum, (const guchar *)&length, sizeof length);
      g_checksum_update (checksum, (const guchar *)number, GUINT32_FROM_BE (length));
    }
  else if (kind != SQLITE_NULL)
    {
      const guchar *bytes = sqlite3_value_text (value);

      length = GUINT32_TO_BE ((guint32)sqlite3_value_bytes (value));
      g_checksum_update (checksum, (const guchar *)&length, sizeof length);
      g_checksum_update (checksum, bytes, GUINT32_FROM_BE (length));
    }
}

/**
 * peil_purged_remote_id:
 *
 * The id a purge gives a post in place of its id at its source, which
 * would find the post and its author back: a digest, so that the post is
 * known again when it comes back (and stays emptied), and not the id.
 *
 * Returns: (transfer full): "purged:" and 32 hex digits
 */
char *
peil_purged_remote_id (const char *source,
                       const char *remote_id)
{
  g_autofree char *pair = g_strdup_printf ("peil-purged\x1f%s\x1f%s", source ? source : "", remote_id ? remote_id : "");
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pair, -1);

  return g_strdup_printf ("purged:%.32s", digest);
}

static void
purged_remote_id (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  char *id = peil_purged_remote_id ((const char *)sqlite3_value_text (argv[0]), (const char *)sqlite3_value_text (argv[1]));

  sqlite3_result_text (context, id, -1, g_free);
}

/* peil_log_link (previous link, id, time, analyst, action, post_id, tag,
 * detail): the SHA-256 of an event's link in the chain of the log. */
static void
log_link (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  if (sqlite3_value_type (argv[0]) == SQLITE_BLOB && sqlite3_value_bytes (argv[0]) == (int)sizeof digest)
    g_checksum_update (checksum, sqlite3_value_blob (argv[0]), sizeof digest);
  else
    g_checksum_update (checksum, (const guchar *)"peil-event-log 1", 16);
  for (int i = 1; i < argc; i++)
    link_value (checksum, argv[i]);
  g_checksum_get_digest (checksum, digest, &length);
  sqlite3_result_blob (context, digest, (int)length, SQLITE_TRANSIENT);
}

struct _PeilDatabase
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  guint64     device;       /* what the path pointed to when opened */
  guint64     inode;
  GThread    *owner;
  GHashTable *statements;   /* SQL text (by address) → sqlite3_stmt* */
  GPtrArray  *caches;       /* GHashTable*, cleared when a transaction rolls back */
  int         schema_version;
  guint       read_depth;
  guint       read_only : 1;
  guint       registered : 1;   /* in open_files */
};

G_DEFINE_FINAL_TYPE (PeilDatabase, peil_database, G_TYPE_OBJECT)

#define assert_owner(self) g_assert ((self)->owner == g_thread_self ())

/* The files this process has open as incidents (device and inode → number
 * of connections), from any thread: reading one of them, or one beside it,
 * outside SQLite would drop the locks of all of them (another window's
 * incident too), and writing over it would destroy it. */
typedef struct
{
  guint64 device;
  guint64 inode;
} FileId;

static GMutex open_files_lock;
static GHashTable *open_files;

static guint
file_id_hash (gconstpointer key)
{
  const FileId *id = key;
  return g_int64_hash (&id->inode) ^ g_int64_hash (&id->device);
}

static gboolean
file_id_equal (gconstpointer a,
               gconstpointer b)
{
  const FileId *x = a, *y = b;
  return x->device == y->device && x->inode == y->inode;
}

static void
register_open_file (guint64 device,
                    guint64 inode)
{
  FileId key = { device, inode };
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
  guint count;

  if (open_files == NULL)
    open_files = g_hash_table_new_full (file_id_hash, file_id_equal, g_free, NULL);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (open_files, &key));
  g_hash_table_replace (open_files, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (count + 1));
}

static void
unregister_open_file (guint64 device,
                      guint64 inode)
{
  FileId key = { device, inode };
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
  guint count = open_files ? GPOINTER_TO_UINT (g_hash_table_lookup (open_files, &key)) : 0;

  g_return_if_fail (count > 0);
  if (count == 1)
    g_hash_table_remove (open_files, &key);
  else
    g_hash_table_replace (open_files, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (count - 1));
}

/*
 * peil_database_is_open_here:
 *
 * Returns: whether a connection of this process, in any thread, has the
 *   file with @device and @inode open as an incident
 */
gboolean
peil_database_is_open_here (guint64 device,
                            guint64 inode)
{
  FileId key = { device, inode };
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);

  return open_files != NULL && g_hash_table_contains (open_files, &key);
}

static void
peil_database_finalize (GObject *object)
{
  PeilDatabase *self = (PeilDatabase *)object;

  g_clear_pointer (&self->caches, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_rollback_hook (self->db, NULL, NULL);
      sqlite3_close (self->db);
    }
  if (self->registered)
    unregister_open_file (self->device, self->inode);

  G_OBJECT_CLASS (peil_database_parent_class)->finalize (object);
}

static void
peil_database_class_init (PeilDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_database_finalize;
}

static void
peil_database_init (PeilDatabase *self)
{
  self->owner = g_thread_self ();
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify)sqlite3_finalize);
  self->caches = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
}

gboolean
peil_database_set_error (PeilDatabase  *self,
                         GError       **error)
{
  int code = sqlite3_extended_errcode (self->db) & 0xff;

  if (code == SQLITE_READONLY)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY,
                 _("The incident file is read-only: changes cannot be saved"));
  else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT,
                 _("The incident file is damaged: %s"), sqlite3_errmsg (self->db));
  else if (code == SQLITE_FULL)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE,
                 _("The disk is full: nothing was saved"));
  else if (code == SQLITE_BUSY)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE,
                 _("Another program is writing the incident file; nothing was saved. Try again in a moment"));
  else
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE,
                 _("The incident file could not be read or written: %s"), sqlite3_errmsg (self->db));

  return FALSE;
}

/*
 * peil_database_statement:
 * @sql: a string literal: statements are cached by its address, so a
 *   lookup costs a pointer hash
 *
 * Returns: (transfer none): the statement, reset and unbound, or %NULL
 *   with @error set
 */
sqlite3_stmt *
peil_database_statement (PeilDatabase  *self,
                         const char    *sql,
                         GError       **error)
{
  sqlite3_stmt *stmt;

  assert_owner (self);

  if ((stmt = g_hash_table_lookup (self->statements, sql)) != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      peil_database_set_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  return stmt;
}

/*
 * peil_database_prepare:
 *
 * For statements built at run time, which are not cached.
 *
 * Returns: (transfer full): the statement, to be finalized by the caller
 */
sqlite3_stmt *
peil_database_prepare (PeilDatabase  *self,
                       const char    *sql,
                       GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  assert_owner (self);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      peil_database_set_error (self, error);
      return NULL;
    }
  return stmt;
}

gboolean
peil_database_exec (PeilDatabase  *self,
                    const char    *sql,
                    GError       **error)
{
  assert_owner (self);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return peil_database_set_error (self, error);
  return TRUE;
}

/* Runs a statement that returns no rows, and resets it. */
gboolean
peil_database_run (PeilDatabase  *self,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  int rc;

  assert_owner (self);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self, error);
  return TRUE;
}

/* @sql: a string literal returning one integer */
gboolean
peil_database_query_int (PeilDatabase  *self,
                         const char    *sql,
                         gint64        *out_value,
                         GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      peil_database_set_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* How long a write waits for another connection's write to end. */
void
peil_database_set_busy_timeout (PeilDatabase *self,
                                guint         milliseconds)
{
  assert_owner (self);
  sqlite3_busy_timeout (self->db, milliseconds);
}

gint64
peil_database_changes (PeilDatabase *self)
{
  assert_owner (self);
  return sqlite3_changes64 (self->db);
}

/*
 * peil_database_get_data_version:
 *
 * Returns: a number that changes whenever another connection (another
 *   process, or a worker of this one) has committed a change to the file
 *   since it was last read; 0 if it cannot be read
 */
gint64
peil_database_get_data_version (PeilDatabase *self)
{
  gint64 version = 0;

  if (!peil_database_query_int (self, "PRAGMA data_version", &version, NULL))
    return 0;
  return version;
}

gboolean
peil_database_get_read_only (PeilDatabase *self)
{
  return self->read_only;
}

int
peil_database_get_schema_version (PeilDatabase *self)
{
  return self->schema_version;
}

gboolean
peil_database_check_writable (PeilDatabase  *self,
                              GError       **error)
{
  if (!self->read_only)
    return TRUE;

  g_set_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY,
               _("The incident file is read-only: changes cannot be saved"));
  return FALSE;
}

/*
 * peil_database_rewrite_log:
 * @sql: statements that change events of the log (never add or remove one)
 *
 * The one way past the log's append-only triggers, for a purge that must
 * take personal data out of events: inside the caller's transaction, runs
 * @sql with the triggers dropped and chains every event again, as the
 * migration to schema 9 chained the events it found. The caller logs
 * before this, in the same transaction, the chain's head as it stood, so
 * that the log says where and why its links were made again.
 */
gboolean
peil_database_rewrite_log (PeilDatabase  *self,
                           const char    *sql,
                           GError       **error)
{
  assert_owner (self);
  g_return_val_if_fail (!sqlite3_get_autocommit (self->db), FALSE);

  return peil_database_exec (self, "DROP TRIGGER event_log_no_update;"
                                   "DROP TRIGGER event_log_chain_no_delete", error) &&
         peil_database_exec (self, sql, error) &&
         peil_database_exec (self, "DELETE FROM event_log_chain;" LOG_CHAIN_ALL, error) &&
         peil_database_exec (self, LOG_NO_UPDATE_TRIGGER LOG_CHAIN_NO_DELETE_TRIGGER, error);
}

/* Changes go only to the file under the name it was opened by. Replaced:
 * SQLite finds its journal by the name, so a change could land in either
 * file. Moved or deleted: the changes would go into a file no one can find
 * (a deleted one is lost when the last connection closes), while the
 * import or the tagging says they were saved. */
static gboolean
check_in_place (PeilDatabase  *self,
                GError       **error)
{
  PeilDatabasePlace place = peil_database_get_place (self);
  g_autofree char *display = NULL;

  if (place == PEIL_DATABASE_IN_PLACE)
    return TRUE;

  display = g_filename_display_name (self->path);
  if (place == PEIL_DATABASE_REPLACED)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                 _("“%s” was replaced by another file since it was opened; changes are refused. Open it again"),
                 display);
  else
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                 _("“%s” was moved or deleted since it was opened; changes are refused, "
                   "because they would go into a file that is no longer there. Open it again where it is now"),
                 display);
  return FALSE;
}

/*
 * peil_database_begin:
 *
 * Starts a write transaction. IMMEDIATE takes the write lock up front, so
 * two processes writing one file wait for each other (busy timeout)
 * instead of failing to upgrade a read. Transactions do not nest.
 */
gboolean
peil_database_begin (PeilDatabase  *self,
                     GError       **error)
{
  assert_owner (self);
  g_assert (sqlite3_get_autocommit (self->db));

  return check_in_place (self, error) &&
         peil_database_check_writable (self, error) &&
         peil_database_exec (self, "BEGIN IMMEDIATE", error);
}

/*
 * peil_database_get_place:
 *
 * Returns: whether the file is still under the name it was opened by,
 *   gone from it (moved or deleted: the connection goes on with the file
 *   as it was opened), or replaced there by another file
 */
PeilDatabasePlace
peil_database_get_place (PeilDatabase *self)
{
  GStatBuf st;

  if (g_stat (self->path, &st) != 0)
    return PEIL_DATABASE_GONE;
  if ((guint64)st.st_dev != self->device || (guint64)st.st_ino != self->inode)
    return PEIL_DATABASE_REPLACED;
  return PEIL_DATABASE_IN_PLACE;
}

/* What the file's name pointed to when it was opened, to tell another
 * connection by the same name to the same file. */
void
peil_database_get_identity (PeilDatabase *self,
                            guint64      *out_device,
                            guint64      *out_inode)
{
  *out_device = self->device;
  *out_inode = self->inode;
}

/* A failed commit is rolled back, caches and all. The file may have gone
 * while the transaction was open (an import's batch takes a second). */
gboolean
peil_database_commit (PeilDatabase  *self,
                      GError       **error)
{
  if (!check_in_place (self, error) ||
      !peil_database_exec (self, "COMMIT", error))
    {
      peil_database_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
peil_database_rollback (PeilDatabase *self)
{
  assert_owner (self);

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * peil_database_begin_read:
 *
 * Reads until peil_database_end_read() see the file as it was at the
 * first of them, whatever other connections commit meanwhile: totals and
 * their parts agree. Nests, and may stand inside a write transaction.
 */
gboolean
peil_database_begin_read (PeilDatabase  *self,
                          GError       **error)
{
  if (!peil_database_exec (self, "SAVEPOINT peil_read", error))
    return FALSE;
  self->read_depth++;
  return TRUE;
}

void
peil_database_end_read (PeilDatabase *self)
{
  assert_owner (self);
  g_return_if_fail (self->read_depth > 0);

  self->read_depth--;
  /* Only reads happened: releasing cannot fail for want of a lock. */
  sqlite3_exec (self->db, "RELEASE peil_read", NULL, NULL, NULL);
}

/*
 * peil_database_add_cache:
 * @cache: a table that mirrors rows of the file
 *
 * Clears @cache whenever a transaction rolls back, also when SQLite rolls
 * back by itself (a full disk at commit), so that it never holds a row
 * that was not stored.
 */
void
peil_database_add_cache (PeilDatabase *self,
                         GHashTable   *cache)
{
  assert_owner (self);
  g_ptr_array_add (self->caches, g_hash_table_ref (cache));
}

static void
on_rollback (gpointer user_data)
{
  PeilDatabase *self = user_data;

  for (guint i = 0; i < self->caches->len; i++)
    g_hash_table_remove_all (g_ptr_array_index (self->caches, i));
}

static gboolean
migrate (PeilDatabase  *self,
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

  if (!peil_database_begin (self, error))
    return FALSE;

  /* Read again under the write lock: another process that opened the
   * file at the same moment may have updated it while this one waited
   * for the lock, and running its steps again fails ("table query
   * already exists"). */
  {
    gint64 user_version = 0;

    if (!peil_database_query_int (self, "PRAGMA user_version", &user_version, error))
      {
        peil_database_rollback (self);
        return FALSE;
      }
    if (user_version >= PEIL_SCHEMA_VERSION)
      {
        peil_database_rollback (self);
        self->schema_version = PEIL_SCHEMA_VERSION;
        return TRUE;
      }
    self->schema_version = (int)user_version;
  }

  for (int version = self->schema_version; version < PEIL_SCHEMA_VERSION; version++)
    {
      if (!peil_database_exec (self, migrations[version], error))
        {
          peil_database_rollback (self);
          g_prefix_error (error, _("Could not update the incident file to version %d: "), version + 1);
          return FALSE;
        }
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", PEIL_SCHEMA_VERSION);
  if (!peil_database_exec (self, set_version, error) ||
      !peil_database_exec (self, "PRAGMA application_id = " G_STRINGIFY (PEIL_APPLICATION_ID), error))
    {
      peil_database_rollback (self);
      return FALSE;
    }
  if (!peil_database_commit (self, error))
    return FALSE;

  self->schema_version = PEIL_SCHEMA_VERSION;
  return TRUE;
}

/* SQLite's files beside a database. */
static const char * const journal_suffixes[] = { "-wal", "-shm", "-journal" };

/* A file nobody may write (no write bit at all) is opened read-only even
 * by root, who could write it anyway: archived incidents stay untouched.
 * access() and stat() open no descriptor, so they drop no locks. */
static gboolean
path_is_read_only (const char  *path,
                   GStatBuf    *st)
{
  return g_access (path, W_OK) != 0 || (st->st_mode & 0222) == 0;
}

/* As for files: a folder without any write bit is read-only for root too. */
static gboolean
folder_is_read_only (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  GStatBuf st;

  return g_access (folder, W_OK) != 0 || (g_stat (folder, &st) == 0 && (st.st_mode & 0222) == 0);
}

static gboolean
has_waiting_changes (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 && st.st_size > 0;
}

/* What can be told without opening the file: that it is there, a regular
 * file, and not empty (SQLite would take an empty file for a new database). */
static gboolean
check_path (const char  *path,
            const char  *display,
            GStatBuf    *st,
            GError     **error)
{
  if (g_stat (path, st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PEIL_ERROR,
                   saved_errno == ENOENT ? PEIL_ERROR_NOT_FOUND : PEIL_ERROR_FAILED,
                   saved_errno == ENOENT ? _("“%s” does not exist") : _("“%s” cannot be opened: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISREG (st->st_mode) || st->st_size == 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SQLITE,
                   _("“%s” is not a Peil incident file (it is not a database at all)"), display);
      return FALSE;
    }
  return TRUE;
}

/* Only reads until the file is known to be Peil's: a foreign file is
 * left byte-for-byte as it was. */
static gboolean
check_identity (PeilDatabase  *self,
                const char    *display,
                GError       **error)
{
  gint64 application_id = 0;
  gint64 user_version = 0;

  if (!peil_database_query_int (self, "PRAGMA application_id", &application_id, NULL) ||
      !peil_database_query_int (self, "PRAGMA user_version", &user_version, NULL))
    {
      if ((sqlite3_extended_errcode (self->db) & 0xff) == SQLITE_NOTADB)
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SQLITE,
                     _("“%s” is not a Peil incident file (it is not a database at all)"), display);
      else
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SQLITE,
                     _("“%s” is not a Peil incident file (it is damaged or not a database)"), display);
      return FALSE;
    }

  if (application_id != PEIL_APPLICATION_ID)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_PEIL,
                   _("“%s” is a database, but not a Peil incident file"), display);
      return FALSE;
    }

  if (user_version > PEIL_SCHEMA_VERSION)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_TOO_NEW,
                   _("“%s” was made by a newer version of Peil; update Peil to open it"), display);
      return FALSE;
    }

  self->schema_version = (int)user_version;
  return TRUE;
}

/*
 * peil_database_open:
 * @create: make a new file, which must not exist yet
 *
 * Opens (or creates) an incident file and brings its schema up to date.
 * A file that is missing, not SQLite, not Peil's or from a newer Peil is
 * refused and left unchanged; one that cannot be written opens read-only.
 *
 * Returns: (transfer full): the connection, owned by the calling thread
 */
PeilDatabase *
peil_database_open (GFile     *file,
                    gboolean   create,
                    GError   **error)
{
  g_autoptr(PeilDatabase) self = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *display = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *immutable = NULL;
  int flags = SQLITE_OPEN_NOMUTEX;
  GStatBuf st;

  if (path == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
                           _("Incident files must be on a local disk"));
      return NULL;
    }
  display = g_filename_display_name (path);
  self = g_object_new (PEIL_TYPE_DATABASE, NULL);

  if (create)
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS,
                       _("“%s” already exists; choose another name"), display);
          return NULL;
        }
      /* A journal left beside a removed incident would be read into the
       * new one as its own changes. */
      for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes); i++)
        {
          g_autofree char *side = g_strconcat (path, journal_suffixes[i], NULL);

          if (g_file_test (side, G_FILE_TEST_EXISTS))
            {
              g_autofree char *side_display = g_filename_display_name (side);
              g_set_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS,
                           _("“%s” is left from an earlier incident of that name; remove it or choose another name"),
                           side_display);
              return NULL;
            }
        }
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    }
  else
    {
      if (!check_path (path, display, &st, error))
        return NULL;
      self->read_only = path_is_read_only (path, &st);
      flags |= self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

      /* SQLite keeps its write-ahead log and shared memory beside the file:
       * in a folder nobody may write (an archive), it reads the file as a
       * file no one changes, unless changes wait in a log there. */
      if (folder_is_read_only (path))
        {
          if (has_waiting_changes (path))
            {
              g_set_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY,
                           _("“%s” is in a folder that cannot be written, and changes not yet merged into it wait "
                             "beside it (-wal); copy the folder to a place you can write, and open it there"),
                           display);
              return NULL;
            }
          self->read_only = TRUE;
          flags = (flags & ~SQLITE_OPEN_READWRITE) | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
          uri = g_filename_to_uri (path, NULL, NULL);
          immutable = g_strconcat (uri, "?immutable=1", NULL);
        }
    }

  if (sqlite3_open_v2 (immutable ? immutable : path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                   _("“%s” cannot be opened: %s"), display,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 10000);
  sqlite3_rollback_hook (self->db, on_rollback, self);
  sqlite3_create_function_v2 (self->db, "peil_rowset_has", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                              NULL, rowset_has, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->db, "peil_log_link", 8, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, log_link, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->db, "peil_purged_remote_id", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, purged_remote_id, NULL, NULL, NULL);

  if (!create && !check_identity (self, display, error))
    return NULL;
  if (g_stat (path, &st) == 0)
    {
      self->device = st.st_dev;
      self->inode = st.st_ino;
      register_open_file (self->device, self->inode);
      self->registered = TRUE;
    }
  self->path = g_steal_pointer (&path);

  if (!self->read_only &&
      (!peil_database_exec (self, "PRAGMA journal_mode = WAL", error) ||
       !peil_database_exec (self, "PRAGMA synchronous = NORMAL", error)))
    return NULL;
  if (!peil_database_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

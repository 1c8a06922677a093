/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-time.h"

static const char * const metadata_keys[] = {
  PEIL_META_TITLE, PEIL_META_DESCRIPTION, PEIL_META_TYPE, PEIL_META_LOCATION,
  PEIL_META_START, PEIL_META_LANGUAGE, PEIL_META_PURPOSE, PEIL_META_LEGAL_BASIS,
  PEIL_META_RETENTION, PEIL_META_DPIA, PEIL_META_ALLOW_LIST, PEIL_META_CREATED, PEIL_META_EXERCISE, NULL
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
  CHANGED_ELSEWHERE,
  FILE_LOST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * PeilIncident:
 *
 * One incident file (`.peil`): its posts, tags, taxonomy, notes, saved
 * queries, rounds, rumours and append-only event log, in one SQLite
 * database.
 *
 * An incident owns one SQLite connection and is used from the thread that
 * opened it; its `_async` functions run on a worker with a connection of
 * their own. Every change is logged in the name of
 * #PeilIncident:analyst, in the change's own transaction.
 */

/**
 * peil_incident_get_type:
 *
 * Returns: the #GType of #PeilIncident
 */
G_DEFINE_FINAL_TYPE (PeilIncident, peil_incident, G_TYPE_OBJECT)

/**
 * peil_event_get_type:
 *
 * Returns: the #GType of the boxed #PeilEvent
 */
G_DEFINE_BOXED_TYPE (PeilEvent, peil_event, peil_event_copy, peil_event_free)

/**
 * peil_event_copy:
 * @event: an event
 *
 * Copies an event.
 *
 * Returns: (transfer full): a deep copy of @event; free it with
 *   peil_event_free()
 */
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

/**
 * peil_event_free:
 * @event: (nullable): an event
 *
 * Frees @event and its strings; does nothing for %NULL.
 */
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

/**
 * peil_count_free:
 * @count: (nullable): a count
 *
 * Frees @count and its strings; does nothing for %NULL.
 */
void
peil_count_free (PeilCount *count)
{
  if (count == NULL)
    return;
  g_free (count->key);
  g_free (count->label);
  g_free (count);
}

static PeilCount *
peil_count_copy (const PeilCount *count)
{
  PeilCount *copy = g_memdup2 (count, sizeof *count);

  copy->key = g_strdup (count->key);
  copy->label = g_strdup (count->label);
  return copy;
}

/* Boxed for bindings, which hold what peil_incident_count() returns. */
G_DEFINE_BOXED_TYPE (PeilCount, peil_count, peil_count_copy, peil_count_free)

static void
peil_incident_dispose (GObject *object)
{
  PeilIncident *self = (PeilIncident *)object;

  g_clear_handle_id (&self->watch_source, g_source_remove);
  g_clear_object (&self->db);

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
  g_clear_pointer (&self->stories, g_hash_table_unref);

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
      g_value_set_boolean (value, peil_database_get_read_only (self->db));
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

  /**
   * PeilIncident:file:
   *
   * The file the incident was opened or created by.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * PeilIncident:read-only:
   *
   * Whether the file was opened read-only, as one that cannot be written;
   * changes, and what must be logged, are then refused.
   */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * PeilIncident:analyst:
   *
   * The name put on the tags, notes and log entries made through this
   * incident (peil_incident_get_analyst()).
   */
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
   * @self: the incident
   * @post_id: the post whose tags changed
   *
   * So that views can update their counts incrementally.
   */
  signals[TAGS_CHANGED] =
    g_signal_new ("tags-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * PeilIncident::changed-elsewhere:
   *
   * Another connection to the file (another process, a second window, a
   * worker of this one) committed a change, seen while the incident is
   * watched (peil_incident_watch_changes()). What changed is not said:
   * views count anew what they show.
   */
  signals[CHANGED_ELSEWHERE] =
    g_signal_new ("changed-elsewhere", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * PeilIncident::file-lost:
   *
   * The file was moved, replaced or deleted under the name it was opened
   * by, seen while the incident is watched. The connection goes on
   * writing to the file as it was opened (a deleted one is gone once
   * closed), and work on a worker is refused.
   */
  signals[FILE_LOST] =
    g_signal_new ("file-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
peil_incident_init (PeilIncident *self)
{
  self->analyst_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->stories = peil_incident_new_story_cache ();
}

/**
 * peil_incident_metadata_keys:
 *
 * The keys peil_incident_set_metadata() accepts (the `PEIL_META_*` values
 * but %PEIL_META_PSEUDONYM_KEY, which only Peil writes).
 *
 * Returns: (transfer none) (array zero-terminated=1): the keys, %NULL
 *   terminated; owned by Peil
 */
const char * const *
peil_incident_metadata_keys (void)
{
  return metadata_keys;
}

static gboolean write_metadata (PeilIncident  *self,
                                const char    *key,
                                const char    *value,
                                GError       **error);

static PeilIncident *
open_incident (GFile     *file,
               gboolean   create,
               GError   **error)
{
  g_autoptr(PeilDatabase) db = peil_database_open (file, create, error);
  PeilIncident *self;

  if (db == NULL)
    return NULL;

  self = g_object_new (PEIL_TYPE_INCIDENT, NULL);
  self->file = g_object_ref (file);
  self->db = g_steal_pointer (&db);
  /* A name whose row a rollback took away must be looked up again. */
  peil_database_add_cache (self->db, self->analyst_ids);
  if (!peil_incident_follow_rumour_stories (self, error))
    g_clear_object (&self);
  /* So is the story index, which must hold stored posts only. */
  peil_database_add_cache (self->db, self->stories);
  return self;
}

/**
 * peil_incident_create:
 * @file: where the new `.peil` file goes; it must not exist
 * @taxonomy: (nullable): the taxonomy to write into the file; %NULL for
 *   the method's default
 *
 * Creates a new incident file, with @taxonomy, a new pseudonym key and its
 * "create" event, and opens it on the calling thread. The file's name must end
 * in .peil; when a step fails, no file is left behind.
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

  /* Programs that meet a file they cannot name open it to look inside; in
   * a window's process (its file chooser) that would drop SQLite's locks.
   * Peil's MIME database names *.peil. */
  path = g_file_get_basename (file);
  if (!g_str_has_suffix (path, ".peil"))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("An incident file’s name ends in .peil: choose “%s.peil”"), path);
      return NULL;
    }
  g_clear_pointer (&path, g_free);

  if (taxonomy == NULL && !(taxonomy = default_taxonomy = peil_taxonomy_new_default (error)))
    return NULL;

  if (!(self = open_incident (file, TRUE, error)))
    return NULL;

  now = peil_time_format_iso (g_get_real_time () / G_USEC_PER_SEC);
  if (!peil_database_begin (self->db, error) ||
      !peil_incident_store_taxonomy (self, taxonomy, error) ||
      !write_metadata (self, PEIL_META_CREATED, now, error) ||
      !peil_incident_log_event (self, "create", 0, NULL, NULL, error) ||
      !peil_incident_write_pseudonym_key (self, NULL, error) ||
      !peil_database_commit (self->db, error) ||
      !(self->taxonomy = peil_incident_load_taxonomy (self, error)))
    {
      /* Leave no half-made file behind. */
      if (self->db != NULL)
        peil_database_rollback (self->db);
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

  if (!(self = open_incident (file, FALSE, error)))
    return NULL;

  if (!(self->taxonomy = peil_incident_load_taxonomy (self, error)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * peil_incident_get_file:
 * @self: a #PeilIncident
 *
 * Gets the incident's file.
 *
 * Returns: (transfer none): the file the incident was opened or created
 *   by
 */
GFile *
peil_incident_get_file (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  return self->file;
}

/**
 * peil_incident_get_read_only:
 * @self: a #PeilIncident
 *
 * Gets whether the incident is read-only.
 *
 * Returns: whether the file was opened read-only (it could not be
 *   written); every change is then refused with an error
 */
gboolean
peil_incident_get_read_only (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  return peil_database_get_read_only (self->db);
}

/**
 * peil_incident_get_schema_version:
 * @self: a #PeilIncident
 *
 * Gets the schema version of the incident's file.
 *
 * Returns: the file's schema version (SQLite's `user_version`), the
 *   current one once an older file is migrated on opening
 */
int
peil_incident_get_schema_version (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), 0);
  return peil_database_get_schema_version (self->db);
}

/**
 * peil_incident_get_taxonomy:
 * @self: a #PeilIncident
 *
 * The incident's own dimensions and tags, read from the file. The
 * incident keeps it up to date as tags are added, renamed or hidden.
 *
 * Returns: (transfer none): the taxonomy, owned by @self
 */
PeilTaxonomy *
peil_incident_get_taxonomy (PeilIncident *self)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  return self->taxonomy;
}

#define ANALYST_MAX_CHARS 80

/* A name is shown on one line and written into tab-separated lists and
 * log lines: runs of spaces, tabs, line breaks and other control
 * characters become one space, and a name stays of a readable length. */
static char *
normalize_analyst (const char *analyst)
{
  g_autofree char *valid = g_utf8_make_valid (analyst, -1);
  GString *name = g_string_new (NULL);
  gboolean gap = FALSE;
  guint chars = 0;

  for (const char *p = valid; *p != '\0' && chars < ANALYST_MAX_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          gap = name->len > 0;
          continue;
        }
      if (gap)
        {
          g_string_append_c (name, ' ');
          chars++;
          gap = FALSE;
        }
      g_string_append_unichar (name, c);
      chars++;
    }
  if (name->len == 0)
    return (g_string_free (name, TRUE), NULL);
  return g_string_free (name, FALSE);
}

/**
 * peil_incident_get_analyst:
 *
 * Gives the name under which this connection records work.
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

      if (g_strcmp0 (real_name, "Unknown") == 0 || !(self->analyst = normalize_analyst (real_name)))
        self->analyst = normalize_analyst (g_get_user_name ());
    }
  return self->analyst;
}

/**
 * peil_incident_set_analyst:
 * @analyst: (nullable): a name; spaces and control characters in it are
 *   made single spaces, and %NULL or a blank name means the user's own
 *
 * Sets the name that @self's changes and events are recorded under.
 */
void
peil_incident_set_analyst (PeilIncident *self,
                           const char   *analyst)
{
  g_autofree char *name = NULL;

  g_return_if_fail (PEIL_IS_INCIDENT (self));

  /* A sync sets the analyst of every change it applies: the same name
   * again costs no normalizing. */
  if (analyst != NULL && g_strcmp0 (self->analyst, analyst) == 0)
    return;
  name = analyst != NULL ? normalize_analyst (analyst) : NULL;
  if (g_strcmp0 (self->analyst, name) == 0)
    return;

  g_free (self->analyst);
  self->analyst = g_steal_pointer (&name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYST]);
}

/**
 * peil_incident_get_metadata:
 * @self: a #PeilIncident
 * @key: a metadata key, such as %PEIL_META_TITLE
 *
 * Reads one of the incident's metadata.
 *
 * Returns: (transfer full) (nullable): the value stored under @key, or
 *   %NULL when there is none (or it could not be read)
 */
char *
peil_incident_get_metadata (PeilIncident *self,
                            const char   *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!(stmt = peil_database_statement (self->db, "SELECT value FROM incident WHERE key = ?", NULL)))
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

/* Inside the caller's transaction. Times are stored in one form so that
 * files sort and compare alike. */
static gboolean
write_metadata (PeilIncident  *self,
                const char    *key,
                const char    *value,
                GError       **error)
{
  g_autofree char *normalized = NULL;
  sqlite3_stmt *stmt;
  gint64 when;

  if (value != NULL && *value != '\0' && g_str_equal (key, PEIL_META_START) &&
      peil_time_parse (value, NULL, &when))
    value = normalized = peil_time_format_iso (when);

  if (value == NULL || *value == '\0')
    {
      if (!(stmt = peil_database_statement (self->db, "DELETE FROM incident WHERE key = ?", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    }
  else
    {
      if (!(stmt = peil_database_statement (self->db, "INSERT INTO incident (key, value) VALUES (?, ?) "
                                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
    }

  return peil_database_run (self->db, stmt, error) &&
         peil_incident_log_event (self, "metadata", 0, NULL, key, error);
}

/**
 * peil_incident_allow_account:
 * @who: a handle (or, for a source without handles, a name)
 * @allowed: whether the account keeps its name
 *
 * Adds @who to the allow-list of accounts that keep their names (the
 * municipality, police, media), or takes it off, in one transaction with
 * its log row.
 *
 * Returns: %FALSE with @error set when the file cannot be written
 */
gboolean
peil_incident_allow_account (PeilIncident  *self,
                             const char    *who,
                             gboolean       allowed,
                             GError       **error)
{
  g_autofree char *stored = NULL;
  g_auto(GStrv) entries = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *trimmed = g_strstrip (g_strdup (who ? who : ""));
  gboolean found = FALSE;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (*trimmed == '\0' || strchr (trimmed, '\n') != NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("“%s” is not an account"), trimmed);
      return FALSE;
    }
  if (!peil_database_begin (self->db, error))
    return FALSE;
  stored = peil_incident_get_metadata (self, PEIL_META_ALLOW_LIST);
  entries = peil_allow_list_parse (stored);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      /* One account, however it was written. */
      if (peil_allow_list_contains (entries[i], trimmed))
        {
          found = TRUE;
          if (!allowed)
            continue;
        }
      g_string_append_printf (list, "%s\n", entries[i]);
    }
  if (allowed && !found)
    g_string_append_printf (list, "%s\n", trimmed);
  if ((found != allowed && !write_metadata (self, PEIL_META_ALLOW_LIST, list->str, error)) ||
      !peil_database_commit (self->db, error))
    {
      peil_database_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_incident_is_exercise:
 *
 * Tells whether the incident is an exercise rather than a real crisis.
 *
 * Returns: whether the incident is marked as an exercise: its reports say
 *   OEFENING / EXERCISE, it takes no live queries, and only it may
 *   receive a scenario's injects
 */
gboolean
peil_incident_is_exercise (PeilIncident *self)
{
  g_autofree char *exercise = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  exercise = peil_incident_get_metadata (self, PEIL_META_EXERCISE);
  return g_strcmp0 (exercise, "true") == 0;
}

/* Inside the transaction that marks or unmarks an exercise: an incident
 * that plays a scenario stays an exercise (its injects would otherwise
 * pass for real posts), and one that gathers live posts cannot become one
 * (real posts would pass for injects). */
static gboolean
check_exercise_mark (PeilIncident  *self,
                     const char    *value,
                     GError       **error)
{
  gint64 found = 0;

  if (g_strcmp0 (value, "true") != 0)
    {
      if (!peil_database_query_int (self->db, "SELECT count(*) FROM exercise_clock", &found, error))
        return FALSE;
      if (found > 0)
        {
          g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                               _("This incident plays an exercise scenario; it stays an exercise"));
          return FALSE;
        }
      return TRUE;
    }

  if (!peil_database_query_int (self->db, "SELECT count(*) FROM query WHERE source <> 'scenario'", &found, error))
    return FALSE;
  if (found > 0)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                           _("This incident has saved queries that gather real posts, so it cannot become an exercise; "
                             "remove them first"));
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_incident_set_metadata:
 * @key: one of peil_incident_metadata_keys()
 * @value: (nullable): the new value; %NULL or "" removes it
 *
 * Changes one of the incident's descriptive fields, with its event-log row in
 * the same transaction. An incident that plays a scenario stays an exercise,
 * and one with live queries cannot become one: both fail with
 * %PEIL_ERROR_EXERCISE.
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
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!validate_metadata (key, value, error) || !peil_database_begin (self->db, error))
    return FALSE;
  if ((g_str_equal (key, PEIL_META_EXERCISE) && !check_exercise_mark (self, value, error)) ||
      !write_metadata (self, key, value, error) || !peil_database_commit (self->db, error))
    {
      peil_database_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_incident_check_integrity:
 * @self: a #PeilIncident
 * @error: return location for a #GError
 *
 * Runs SQLite's integrity check over the whole file; on a large incident
 * that takes a while.
 *
 * Returns: %TRUE when the file is sound; %FALSE with a
 *   %PEIL_ERROR_CORRUPT error naming the first fault, or another error
 *   when the check could not run
 */
gboolean
peil_incident_check_integrity (PeilIncident  *self,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *result = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!(stmt = peil_database_statement (self->db, "PRAGMA integrity_check", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return peil_database_set_error (self->db, error);
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

  if (!(stmt = peil_database_statement (self->db, "INSERT INTO analyst (name) VALUES (?) "
                                              "ON CONFLICT (name) DO UPDATE SET name = name "
                                              "RETURNING id", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return peil_database_set_error (self->db, error);
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
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  return peil_incident_log_event_at (self, 0, action, post_id, tag_code, detail, error);
}

/*
 * peil_incident_log_event_at:
 * @time: when the change was made (seconds since 1970), for a change made
 *   elsewhere and received now; 0, or a time still to come, is now
 *
 * As peil_incident_log_event(): the log keeps the order in which changes
 * reached this file, and says when each was made.
 */
gboolean
peil_incident_log_event_at (PeilIncident  *self,
                            gint64         time,
                            const char    *action,
                            gint64         post_id,
                            const char    *tag_code,
                            const char    *detail,
                            GError       **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  if (!(stmt = peil_database_statement (self->db, "INSERT INTO event_log (time, analyst, action, post_id, tag, detail) "
                                              "VALUES (?, ?, ?, ?, ?, ?)", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, time > 0 && time <= now ? time : now);
  sqlite3_bind_text (stmt, 2, peil_incident_get_analyst (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  if (post_id > 0)
    sqlite3_bind_int64 (stmt, 4, post_id);
  sqlite3_bind_text (stmt, 5, tag_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, detail, -1, SQLITE_STATIC);

  if (!peil_database_run (self->db, stmt, error))
    return FALSE;
  return TRUE;
}

/**
 * peil_incident_list_events:
 * @limit: at most this many, newest first; 0 for all
 *
 * Reads the incident's event log, which records every change made to the file.
 *
 * Returns: (transfer container) (element-type PeilEvent): the events
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

  if (!(stmt = peil_database_statement (self->db, "SELECT id, time, analyst, action, post_id, tag, detail "
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
      peil_database_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

/**
 * peil_log_check_free:
 * @check: (nullable): what peil_incident_verify_log() returned
 *
 * Frees @check; does nothing for %NULL.
 */
void
peil_log_check_free (PeilLogCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->head);
  g_free (check);
}

static PeilLogCheck *
peil_log_check_copy (const PeilLogCheck *check)
{
  PeilLogCheck *copy = g_memdup2 (check, sizeof *check);

  copy->head = g_strdup (check->head);
  return copy;
}

G_DEFINE_BOXED_TYPE (PeilLogCheck, peil_log_check, peil_log_check_copy, peil_log_check_free)

static gboolean log_broken (GError     **error,
                            const char  *format,
                            ...) G_GNUC_PRINTF (2, 3);

static gboolean
log_broken (GError     **error,
            const char  *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT, _("The log was changed outside Peil: %s"), what);
  return FALSE;
}

static gboolean
find_purge_of_head (PeilIncident  *self,
                   gint64         head_event,
                   const char    *head,
                   PeilLogCheck  *check,
                   GError       **error)
{
  g_autofree char *lower = g_ascii_strdown (head, -1);
  g_autofree char *recorded = g_strdup_printf ("\"head\":\"%lld:%s\"", (long long)head_event, lower);
  sqlite3_stmt *stmt = peil_database_statement (self->db,
      "SELECT id, time FROM event_log WHERE action = 'purge' AND id > ? AND instr (detail, ?) > 0 ORDER BY id LIMIT 1",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, head_event);
  sqlite3_bind_text (stmt, 2, recorded, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      check->head_purged_by = sqlite3_column_int64 (stmt, 0);
      check->head_purged_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

/**
 * peil_incident_verify_log:
 * @head_event: an event whose link was written down before, or 0
 * @head: (nullable): that link, in hexadecimal
 *
 * Checks the event log's hash chain: each event's link must be the hash
 * of the link before it and the event as it is now, and no event's id
 * may be missing (Peil numbers them without gaps). An event edited,
 * removed or written without Peil's link breaks the chain. The chain has
 * no key: who can compute SHA-256 can rewrite the log from the event
 * they changed on, and removing the newest events leaves it whole. A
 * link written down elsewhere (a report, a register) and given here as
 * @head_event and @head shows both.
 *
 * Returns: (transfer full): what the log holds, when its chain holds;
 *   %NULL with %PEIL_ERROR_CORRUPT naming the first event where it
 *   breaks
 */
PeilLogCheck *
peil_incident_verify_log (PeilIncident  *self,
                          gint64         head_event,
                          const char    *head,
                          GError       **error)
{
  g_autoptr(PeilLogCheck) check = g_new0 (PeilLogCheck, 1);
  gboolean head_seen = FALSE;
  sqlite3_stmt *stmt;
  gint64 previous = 0;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  /* A purge chains the log anew (its notes' texts go), so a link written
   * down before it no longer stands; the purge recorded it, and that
   * record, itself in the chain, vouches for it. */
  if (head != NULL && !find_purge_of_head (self, head_event, head, check, error))
    return NULL;

  /* Each link is checked against the one stored before it: an event
   * removed shows at the next one, whose link was made from another. */
  if (!(stmt = peil_database_statement (self->db,
          "SELECT id, link IS NOT NULL AND link = peil_log_link (lag (link) OVER (ORDER BY id),"
          "  id, time, analyst, action, post_id, tag, detail), lower (hex (link)), link IS NULL, event IS NULL,"
          "  action = 'log-chained', time"
          " FROM (SELECT e.id, c.link, e.time, e.analyst, e.action, e.post_id, e.tag, e.detail, e.id AS event"
          "       FROM event_log e LEFT JOIN event_log_chain c ON c.id = e.id"
          "       UNION ALL"
          "       SELECT c.id, c.link, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
          "       FROM event_log_chain c WHERE c.id NOT IN (SELECT id FROM event_log))"
          " ORDER BY id", error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean fits = sqlite3_column_int (stmt, 1);
      const char *link = (const char *)sqlite3_column_text (stmt, 2);
      gboolean ok = TRUE;

      /* The checks' order says the likeliest cause first. */
      if (previous != 0 && id != previous + 1)
        ok = log_broken (error, _("event %lld was removed"), (long long)(previous + 1));
      else if (sqlite3_column_int (stmt, 4))
        ok = log_broken (error, _("event %lld was removed"), (long long)id);
      else if (sqlite3_column_int (stmt, 3))
        ok = log_broken (error, _("event %lld has no link: it was written without Peil, or its link was removed"), (long long)id);
      else if (!fits)
        ok = log_broken (error, _("event %lld was edited, or an event before it was removed"), (long long)id);
      else if (head != NULL && id == head_event && check->head_purged_by == 0 && g_ascii_strcasecmp (head, link) != 0)
        ok = log_broken (error, _("the log up to event %lld was rewritten: its link is not the one written down"), (long long)id);
      if (!ok)
        {
          sqlite3_reset (stmt);
          return NULL;
        }

      head_seen |= id == head_event;
      if (sqlite3_column_int (stmt, 5))
        {
          check->chained_from = id;
          check->chained_at = sqlite3_column_int64 (stmt, 6);
        }
      check->n_events++;
      check->head_event = previous = id;
      g_free (check->head);
      check->head = g_strdup (link);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  if (head != NULL && !head_seen)
    {
      log_broken (error, _("event %lld, whose link was written down, is no longer in it"), (long long)head_event);
      return NULL;
    }
  return g_steal_pointer (&check);
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

/* How often a watched incident looks for other connections' changes:
 * often enough that a view follows within a second, rarely enough to cost
 * nothing (one PRAGMA that reads a counter in shared memory). */
#define WATCH_INTERVAL_MS 500

static gboolean
check_changed_elsewhere (gpointer user_data)
{
  PeilIncident *self = user_data;
  gint64 version = peil_database_get_data_version (self->db);

  if (version != 0 && version != self->data_version)
    {
      self->data_version = version;
      g_signal_emit (self, signals[CHANGED_ELSEWHERE], 0);
    }
  if (!self->file_lost && peil_database_get_place (self->db) != PEIL_DATABASE_IN_PLACE)
    {
      self->file_lost = TRUE;
      g_signal_emit (self, signals[FILE_LOST], 0);
    }
  return G_SOURCE_CONTINUE;
}

/**
 * peil_incident_watch_changes:
 * @watch: whether to look for other connections' changes
 *
 * While watched, #PeilIncident::changed-elsewhere is emitted in the
 * thread-default main context of the incident's thread whenever another
 * connection has committed a change to the file.
 */
void
peil_incident_watch_changes (PeilIncident *self,
                             gboolean      watch)
{
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (PEIL_IS_INCIDENT (self));

  if (!watch)
    {
      g_clear_handle_id (&self->watch_source, g_source_remove);
      return;
    }
  if (self->watch_source != 0)
    return;

  self->data_version = peil_database_get_data_version (self->db);
  source = g_timeout_source_new (WATCH_INTERVAL_MS);
  g_source_set_callback (source, check_changed_elsewhere, self, NULL);
  g_source_set_static_name (source, "[peil] changed elsewhere");
  self->watch_source = g_source_attach (source, g_main_context_get_thread_default ());
}

typedef struct
{
  GFile                  *file;
  guint64                 device;
  guint64                 inode;
  char                   *analyst;
  PeilIncidentThreadFunc  func;
} WorkerCall;

static void
worker_call_free (WorkerCall *call)
{
  g_object_unref (call->file);
  g_free (call->analyst);
  g_free (call);
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  WorkerCall *call = g_object_get_data (G_OBJECT (task), "peil-worker-call");
  g_autoptr(PeilIncident) connection = NULL;
  guint64 device, inode;
  GError *error = NULL;

  if (!(connection = peil_incident_open (call->file, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  /* By its name the file is opened again: it must be the same file. */
  peil_database_get_identity (connection->db, &device, &inode);
  if (device != call->device || inode != call->inode)
    {
      g_autofree char *path = g_file_get_path (call->file);
      g_autofree char *display = g_filename_display_name (path);

      g_task_return_new_error (task, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                               _("“%s” was moved, replaced or deleted since it was opened; open it again"), display);
      return;
    }
  peil_incident_set_analyst (connection, call->analyst);
  call->func (task, connection, task_data, cancellable);
}

/*
 * peil_incident_run_in_thread:
 *
 * The one way to work on an incident off its thread: runs @func on a
 * worker with a connection of the worker's own to the file, opened and
 * closed there, in the name of @self's analyst. SQLite connections are
 * not shared between threads; several connections of one process to one
 * file share its locks correctly.
 */
void
peil_incident_run_in_thread (PeilIncident           *self,
                             GTask                  *task,
                             PeilIncidentThreadFunc  func)
{
  WorkerCall *call;

  g_return_if_fail (PEIL_IS_INCIDENT (self));
  g_return_if_fail (G_IS_TASK (task));

  call = g_new0 (WorkerCall, 1);
  call->file = g_object_ref (self->file);
  peil_database_get_identity (self->db, &call->device, &call->inode);
  call->analyst = g_strdup (peil_incident_get_analyst (self));
  call->func = func;
  g_object_set_data_full (G_OBJECT (task), "peil-worker-call", call, (GDestroyNotify)worker_call_free);
  g_task_run_in_thread (task, run_worker);
}

/* SQLite's files beside an incident, which belong to it as much. */
static const char * const side_suffixes[] = { "", "-wal", "-shm", "-journal" };

/* The name @path finally stands for, with every link followed, also a
 * link to a file that does not exist yet (an export would create the
 * incident's -wal through it): SQLite follows links to find its file, and
 * keeps its -wal and -shm beside the file it found. Opens nothing. */
static char *
resolve_path (const char *path)
{
  g_autofree char *current = g_canonicalize_filename (path, NULL);

  /* As many links as the kernel follows (MAXSYMLINKS) */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *folder = g_path_get_dirname (current);
      g_autofree char *target = NULL;
      g_autofree char *base = NULL;
      char *real;

      if ((real = realpath (current, NULL)) != NULL)
        {
          char *result = g_strdup (real);
          free (real);
          return result;
        }
      if ((target = g_file_read_link (current, NULL)) != NULL)
        {
          g_free (current);
          current = g_canonicalize_filename (target, folder);
          continue;
        }
      /* Not there (yet): its folder may still be a link. */
      if ((real = realpath (folder, NULL)) != NULL)
        {
          char *result;

          base = g_path_get_basename (current);
          result = g_build_filename (real, base, NULL);
          free (real);
          return result;
        }
      break;
    }
  return g_steal_pointer (&current);
}

/*
 * peil_check_other_file:
 * @incident_file: an incident's file
 * @file: a file to be read as input or written as output
 *
 * Refuses @file when it is the incident's file, or one of SQLite's files
 * beside it, by name (as given, and with links followed: an incident
 * opened through a link has its -wal beside the file linked to) or by what
 * it is (a hard link, another name): reading it outside SQLite would drop
 * this process's locks on the incident, writing over it would destroy it.
 * Uses stat() only, which opens nothing.
 */
gboolean
peil_check_other_file (GFile   *incident_file,
                       GFile   *file,
                       GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *incident_path = g_file_get_path (incident_file);
  g_autofree char *incident_real = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *real = NULL;
  const char *incident_paths[2];
  GStatBuf other;
  gboolean exists;

  if (incident_path == NULL || path == NULL)
    return TRUE;
  incident_real = resolve_path (incident_path);
  incident_paths[0] = incident_path;
  incident_paths[1] = incident_real;

  canonical = g_canonicalize_filename (path, NULL);
  real = resolve_path (path);
  exists = g_stat (path, &other) == 0;
  for (guint i = 0; i < G_N_ELEMENTS (side_suffixes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (incident_paths); j++)
      {
        g_autofree char *part = g_strconcat (incident_paths[j], side_suffixes[i], NULL);
        g_autofree char *canonical_part = g_canonicalize_filename (part, NULL);
        GStatBuf st;

        if (g_str_equal (canonical, canonical_part) || g_str_equal (real, canonical_part) ||
            (exists && g_stat (part, &st) == 0 && st.st_dev == other.st_dev && st.st_ino == other.st_ino))
          {
            g_autofree char *display = g_filename_display_name (path);

            g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                         i == 0 ? _("“%s” is the incident file itself; choose another file")
                                : _("“%s” belongs to the open incident (SQLite keeps its changes there); choose another file"),
                         display);
            return FALSE;
          }
      }

  /* Another incident open in this process (another window's), or one of
   * SQLite's files beside it. */
  for (guint i = 0; i < G_N_ELEMENTS (side_suffixes); i++)
    {
      const char *names[] = { canonical, real };

      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          g_autofree char *incident_name = NULL;
          GStatBuf st;

          if (i == 0 && !exists)
            break;
          if (i == 0)
            st = other;
          else if (!g_str_has_suffix (names[j], side_suffixes[i]))
            continue;
          else
            {
              incident_name = g_strndup (names[j], strlen (names[j]) - strlen (side_suffixes[i]));
              if (g_stat (incident_name, &st) != 0)
                continue;
            }

          if (peil_database_is_open_here (st.st_dev, st.st_ino))
            {
              g_autofree char *display = g_filename_display_name (path);

              g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           i == 0 ? _("“%s” is an incident open in Peil (in another window); choose another file")
                                  : _("“%s” belongs to an incident open in Peil (in another window; SQLite keeps its changes there); choose another file"),
                           display);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/**
 * peil_incident_check_other_file:
 * @file: a file to import from or export to
 *
 * Checks a file the user chose before an import or export uses it.
 *
 * Returns: %FALSE with @error set when @file is this incident's file or
 *   one of SQLite's files beside it: importing it would damage the
 *   incident, exporting over it would destroy it
 */
gboolean
peil_incident_check_other_file (PeilIncident  *self,
                                GFile         *file,
                                GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return peil_check_other_file (self->file, file, error);
}

/**
 * peil_incident_set_busy_timeout:
 * @milliseconds: how long a change waits while another connection (an
 *   import, another process) writes; 10 seconds unless set
 *
 * A window waits less, so that a key pressed while another program holds
 * the file is refused with a message rather than freezing it.
 */
void
peil_incident_set_busy_timeout (PeilIncident *self,
                                guint         milliseconds)
{
  g_return_if_fail (PEIL_IS_INCIDENT (self));
  peil_database_set_busy_timeout (self->db, milliseconds);
}

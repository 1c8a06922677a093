/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-exercise.h"
#include "peil-incident-private.h"
#include "peil-uuid.h"

#define COLLECTOR "Peil " PACKAGE_VERSION

static void
bind_optional_text (sqlite3_stmt *stmt,
                    int           column,
                    const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, column, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
}

/* Posts without an id of their own (a spreadsheet row, a phone call, a
 * feed item without guid or link) get one from their content, so that
 * importing the same rows twice adds nothing; the items of our own
 * channels, kept as messages, too. */
char *
peil_incident_post_content_id (PeilPost *post)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s",
                                          peil_post_get_created_at (post),
                                          peil_post_get_author_handle (post) ?: "",
                                          peil_post_get_author_name (post) ?: "",
                                          peil_post_get_text (post));
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);

  return g_strdup_printf ("sha1:%s", digest);
}

static gboolean
lookup_post_id (PeilIncident  *self,
                const char    *source,
                const char    *remote_id,
                gint64        *out_id,
                GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "SELECT id FROM post WHERE source = ? AND remote_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, source, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, remote_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return peil_database_set_error (self->db, error);
  *out_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The post stored under the id a purge gave @remote_id, if any: 0 else. */
static gboolean
find_purged (PeilIncident  *self,
             const char    *source,
             const char    *remote_id,
             gint64        *out_id,
             GError       **error)
{
  g_autofree char *purged_id = peil_purged_remote_id (source, remote_id);
  sqlite3_stmt *stmt = peil_database_statement (self->db, "SELECT id FROM post WHERE source = ? AND remote_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, source, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, purged_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *out_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

/*
 * peil_incident_insert_post:
 *
 * Inserts @post inside the caller's transaction. A post whose
 * (source, remote_id) is already stored is not added again, but tags it
 * carries that the stored post lacks are added. Unknown tags are refused
 * before anything is written. Sets the post's id either way.
 */
gboolean
peil_incident_insert_post (PeilIncident  *self,
                           PeilPost      *post,
                           gint64         query_id,
                           gboolean      *out_added,
                           GError       **error)
{
  g_autofree char *generated_id = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  const char *remote_id = peil_post_get_remote_id (post);
  sqlite3_stmt *stmt;
  gboolean added = FALSE;
  gint64 id = 0, story = 0;
  int rc;

  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    {
      const PeilPostTag *post_tag = peil_post_get_tag (post, i);
      PeilTag *tag = peil_taxonomy_lookup_tag (self->taxonomy, post_tag->code);

      if (tag == NULL)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG,
                       _("The tag “%s” is not among this incident’s tags, so the post was not imported; "
                         "add the tag to the incident and import the file again (posts already there are not added twice)"),
                       post_tag->code);
          return FALSE;
        }
      g_ptr_array_add (tags, tag);
    }

  /* The one door every post comes in by (a gather job, a file, a team's
   * sync): injects go into an exercise only, so that no trainee's
   * scripted message ever passes for a real post. */
  if (g_strcmp0 (peil_post_get_source (post), PEIL_EXERCISE_SOURCE) == 0 && !peil_incident_is_exercise (self))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                           _("This incident is not an exercise, so no scenario inject can be released into it"));
      return FALSE;
    }

  if (remote_id == NULL)
    {
      remote_id = generated_id = peil_incident_post_content_id (post);
      peil_post_set_remote_id (post, remote_id);
    }

  /* After the content id, which must not change with the day of import:
   * importing the file again adds nothing. */
  if (peil_post_get_time_from_import (post) && peil_post_get_created_at (post) == 0)
    {
      if (peil_post_get_fetched_at (post) == 0)
        peil_post_set_fetched_at (post, g_get_real_time () / G_USEC_PER_SEC);
      peil_post_set_created_at (post, peil_post_get_fetched_at (post));
    }

  /* A post a purge emptied is the same post when a feed or a file brings
   * it again: it stays emptied. */
  if (!find_purged (self, peil_post_get_source (post), remote_id, &id, error))
    return FALSE;
  if (id != 0)
    goto stored;

  /* Every post gets its story as it comes in, with the row. */
  if (!peil_incident_find_story (self, post, &story, error))
    return FALSE;

  if (!(stmt = peil_database_statement (self->db,
            "INSERT INTO post (source, remote_id, channel, url, author_name, author_handle, text,"
            "                  language, created_at, fetched_at, origin, collector, time_from_import, story_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (source, remote_id) DO NOTHING RETURNING id", error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, peil_post_get_source (post), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, remote_id, -1, SQLITE_STATIC);
  bind_optional_text (stmt, 3, peil_post_get_channel (post));
  bind_optional_text (stmt, 4, peil_post_get_url (post));
  bind_optional_text (stmt, 5, peil_post_get_author_name (post));
  bind_optional_text (stmt, 6, peil_post_get_author_handle (post));
  sqlite3_bind_text (stmt, 7, peil_post_get_text (post), -1, SQLITE_STATIC);
  bind_optional_text (stmt, 8, peil_post_get_language (post));
  sqlite3_bind_int64 (stmt, 9, peil_post_get_created_at (post));
  sqlite3_bind_int64 (stmt, 10, peil_post_get_fetched_at (post) ?: g_get_real_time () / G_USEC_PER_SEC);
  bind_optional_text (stmt, 11, peil_post_get_origin (post));
  sqlite3_bind_text (stmt, 12, COLLECTOR, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 13, peil_post_get_time_from_import (post));
  sqlite3_bind_int64 (stmt, 14, story);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      added = TRUE;
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);

  if (!added && !lookup_post_id (self, peil_post_get_source (post), remote_id, &id, error))
    return FALSE;
stored:

  if (added && !peil_incident_keep_story (self, id, story, error))
    return FALSE;

  /* A release is in the event log with the post, in its transaction. */
  if (added && g_str_equal (peil_post_get_source (post), PEIL_EXERCISE_SOURCE) &&
      !peil_incident_log_event (self, "exercise-release", id, NULL, remote_id, error))
    return FALSE;

  if (added && peil_post_get_raw (post) != NULL)
    {
      if (!(stmt = peil_database_statement (self->db, "INSERT INTO post_raw (post_id, mapper, raw) VALUES (?, ?, ?)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      bind_optional_text (stmt, 2, peil_post_get_mapper (post));
      sqlite3_bind_text (stmt, 3, peil_post_get_raw (post), -1, SQLITE_STATIC);
      if (!peil_database_run (self->db, stmt, error))
        return FALSE;
    }

  /* Provenance: which saved query found the post, also when found again. */
  if (query_id > 0)
    {
      if (!(stmt = peil_database_statement (self->db, "INSERT INTO post_query (post_id, query_id) VALUES (?, ?)"
                                                  " ON CONFLICT DO NOTHING", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, query_id);
      if (!peil_database_run (self->db, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < tags->len; i++)
    {
      const PeilPostTag *post_tag = peil_post_get_tag (post, i);

      if (!peil_incident_apply_tag (self, id, g_ptr_array_index (tags, i), post_tag->analyst,
                                    post_tag->tagged_at, "import", error))
        return FALSE;
    }
  /* An export's off-topic mark comes back with the post. */
  if (peil_post_get_off_topic (post) &&
      !peil_incident_apply_off_topic (self, id, TRUE, NULL, 0, "import", NULL, error))
    return FALSE;

  peil_post_set_id (post, id);
  if (out_added)
    *out_added = added;
  return TRUE;
}

/**
 * peil_incident_add_post:
 * @post: a post made by hand (a phone call, a WhatsApp question) or by a
 *   program; its id is set
 * @out_added: (out) (optional): %FALSE when the post was already there
 *
 * Adds one post in its own transaction and logs it.
 */
gboolean
peil_incident_add_post (PeilIncident  *self,
                        PeilPost      *post,
                        gboolean      *out_added,
                        GError       **error)
{
  gboolean added = FALSE;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (PEIL_IS_POST (post), FALSE);

  if (!peil_database_begin (self->db, error))
    return FALSE;

  if (!peil_incident_insert_post (self, post, 0, &added, error) ||
      (added && !peil_incident_log_event (self, "add", peil_post_get_id (post), NULL,
                                          peil_post_get_source (post), error)) ||
      !peil_database_commit (self->db, error))
    {
      peil_database_rollback (self->db);
      return FALSE;
    }

  if (out_added)
    *out_added = added;
  if (added)
    peil_incident_emit_posts_changed (self);
  return TRUE;
}

void
peil_incident_set_unknown_post_error (gint64   post_id,
                                      GError **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST,
               _("There is no post %lld in this incident"), (long long)post_id);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

/**
 * peil_incident_get_post:
 *
 * Reads one post from the file, with its tags.
 *
 * Returns: (transfer full): the post with its tags (code, analyst, time),
 *   or %NULL with a %PEIL_ERROR_UNKNOWN_POST error
 */
PeilPost *
peil_incident_get_post (PeilIncident  *self,
                        gint64         id,
                        GError       **error)
{
  g_autoptr(PeilPost) post = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(stmt = peil_database_statement (self->db,
            "SELECT p.source, p.remote_id, p.channel, p.url, p.author_name, p.author_handle, p.text,"
            "       p.language, p.created_at, p.fetched_at, p.origin, r.mapper, r.raw, p.time_from_import,"
            "       EXISTS (SELECT 1 FROM post_dismissal d WHERE d.post_id = p.id)"
            " FROM post p LEFT JOIN post_raw r ON r.post_id = p.id WHERE p.id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      post = peil_post_new (column_text (stmt, 0), column_text (stmt, 1));
      peil_post_set_id (post, id);
      peil_post_set_channel (post, column_text (stmt, 2));
      peil_post_set_url (post, column_text (stmt, 3));
      peil_post_set_author_name (post, column_text (stmt, 4));
      peil_post_set_author_handle (post, column_text (stmt, 5));
      peil_post_set_text (post, column_text (stmt, 6));
      peil_post_set_language (post, column_text (stmt, 7));
      peil_post_set_created_at (post, sqlite3_column_int64 (stmt, 8));
      peil_post_set_fetched_at (post, sqlite3_column_int64 (stmt, 9));
      peil_post_set_origin (post, column_text (stmt, 10));
      peil_post_set_raw (post, column_text (stmt, 12), column_text (stmt, 11));
      peil_post_set_time_from_import (post, sqlite3_column_int (stmt, 13));
      peil_post_set_off_topic (post, sqlite3_column_int (stmt, 14));
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      peil_incident_set_unknown_post_error (id, error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }

  if (!(stmt = peil_database_statement (self->db,
            "SELECT t.code, a.name, pt.tagged_at FROM post_tag pt"
            " JOIN tag t ON t.id = pt.tag_id"
            " JOIN dimension d ON d.id = t.dimension_id"
            " LEFT JOIN analyst a ON a.id = pt.analyst_id"
            " WHERE pt.post_id = ? ORDER BY d.position, t.position, pt.tagged_at, pt.analyst_id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    peil_post_add_tag (post, column_text (stmt, 0), column_text (stmt, 1), sqlite3_column_int64 (stmt, 2));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&post);
}

/**
 * peil_incident_count_posts:
 * @self: a #PeilIncident
 *
 * Counts every post in the incident.
 *
 * Returns: how many posts the incident holds, those marked off-topic and
 *   those a purge emptied included; 0 when they could not be counted
 */
gint64
peil_incident_count_posts (PeilIncident *self)
{
  sqlite3_stmt *stmt;
  gint64 count = 0;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), 0);

  if (!(stmt = peil_database_statement (self->db, "SELECT count(*) FROM post", NULL)))
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/**
 * peil_incident_foreach_post:
 * @filter: (nullable): which posts; all when %NULL, those marked
 *   off-topic too (they carry the mark)
 * @func: (scope call): called for each post, with its tags, oldest first
 *
 * For exporters: posts are loaded one at a time, so memory stays flat
 * however large the incident is.
 */
gboolean
peil_incident_foreach_post (PeilIncident  *self,
                            PeilFilter    *filter,
                            PeilPostFunc   func,
                            gpointer       user_data,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PeilFilter) everything = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (!filter || PEIL_IS_FILTER (filter), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (filter == NULL)
    {
      filter = everything = peil_filter_new ();
      peil_filter_set_off_topic (everything, PEIL_FILTER_OFF_TOPIC_INCLUDE);
    }

  if (!(ids = peil_incident_search (self, filter, error)))
    return FALSE;

  for (guint i = ids->len; i > 0; i--)
    {
      g_autoptr(PeilPost) post = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!(post = peil_incident_get_post (self, g_array_index (ids, gint64, i - 1), error)) ||
          !func (post, user_data, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * peil_note_get_type:
 *
 * Returns: the #GType of the boxed #PeilNote, which bindings copy out of
 *   the array peil_incident_list_notes() returns
 */
G_DEFINE_BOXED_TYPE (PeilNote, peil_note, peil_note_copy, peil_note_free)

/**
 * peil_note_copy:
 * @note: a note
 *
 * Copies a note.
 *
 * Returns: (transfer full): a deep copy of @note; free it with
 *   peil_note_free()
 */
PeilNote *
peil_note_copy (const PeilNote *note)
{
  PeilNote *copy = g_memdup2 (note, sizeof *note);

  copy->analyst = g_strdup (note->analyst);
  copy->text = g_strdup (note->text);
  return copy;
}

/**
 * peil_note_free:
 * @note: (nullable): a note
 *
 * Frees @note and its strings; does nothing for %NULL.
 */
void
peil_note_free (PeilNote *note)
{
  if (note == NULL)
    return;
  g_free (note->analyst);
  g_free (note->text);
  g_free (note);
}

/**
 * peil_incident_add_note:
 *
 * Adds a note of #PeilIncident:analyst to a post, now; logged.
 *
 * Returns: the note's id, or 0 with @error set
 */
gint64
peil_incident_add_note (PeilIncident  *self,
                        gint64         post_id,
                        const char    *text,
                        GError       **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *uuid = peil_uuid7_new ();
  sqlite3_stmt *stmt;
  gint64 analyst_id, id = 0;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A note needs text"));
      return 0;
    }

  if (!peil_database_begin (self->db, error))
    return 0;
  if (!peil_incident_analyst_id (self, NULL, &analyst_id, error) ||
      !(stmt = peil_database_statement (self->db, "INSERT INTO note (post_id, analyst_id, created_at, text, uuid)"
                                              " SELECT id, ?, ?, ?, ? FROM post WHERE id = ? RETURNING id", error)))
    goto failed;

  sqlite3_bind_int64 (stmt, 1, analyst_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, post_id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      break;

    case SQLITE_DONE:
      sqlite3_reset (stmt);
      peil_incident_set_unknown_post_error (post_id, error);
      goto failed;

    default:
      peil_database_set_error (self->db, error);
      goto failed;
    }

  if (!peil_incident_log_event (self, "note", post_id, NULL, trimmed, error) ||
      !peil_database_commit (self->db, error))
    goto failed;
  return id;

failed:
  peil_database_rollback (self->db);
  return 0;
}

/**
 * peil_incident_list_notes:
 *
 * Reads the notes analysts wrote on a post.
 *
 * Returns: (transfer container) (element-type PeilNote): the post's notes,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
peil_incident_list_notes (PeilIncident  *self,
                          gint64         post_id,
                          GError       **error)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_note_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(stmt = peil_database_statement (self->db, "SELECT n.id, n.created_at, a.name, n.text FROM note n"
                                              " LEFT JOIN analyst a ON a.id = n.analyst_id"
                                              " WHERE n.post_id = ? ORDER BY n.id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, post_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PeilNote *note = g_new0 (PeilNote, 1);

      note->id = sqlite3_column_int64 (stmt, 0);
      note->created_at = sqlite3_column_int64 (stmt, 1);
      note->analyst = g_strdup (column_text (stmt, 2));
      note->text = g_strdup (column_text (stmt, 3));
      g_ptr_array_add (notes, note);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&notes);
}

/**
 * peil_incident_use_import_times:
 *
 * Gives every post without a time of its own the time it was imported
 * (its fetched time) as its time, marked as such
 * (peil_post_get_time_from_import()), so that the hours and the rounds'
 * periods count them; logged as one event with their number.
 *
 * Returns: how many posts got a time, or -1 with @error set
 */
gint64
peil_incident_use_import_times (PeilIncident  *self,
                                GError       **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 changed;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), -1);

  if (!peil_database_begin (self->db, error))
    return -1;
  if (!(stmt = peil_database_statement (self->db, "UPDATE post SET created_at = fetched_at, time_from_import = 1"
                                                  " WHERE created_at = 0 AND fetched_at > 0", error)) ||
      !peil_database_run (self->db, stmt, error))
    goto failed;
  changed = peil_database_changes (self->db);
  detail = g_strdup_printf ("%" G_GINT64_FORMAT, changed);
  if (peil_incident_log_event (self, "times-from-import", 0, NULL, detail, error) &&
      peil_database_commit (self->db, error))
    return changed;

failed:
  peil_database_rollback (self->db);
  return -1;
}

/**
 * peil_incident_list_noted_posts:
 *
 * Lists the posts that have notes, in one query, so that a list can mark them
 * without asking per post.
 *
 * Returns: (transfer full) (element-type gint64): the ids of the posts
 *   that carry a note, for marking them in a list; %NULL with @error set
 */
GArray *
peil_incident_list_noted_posts (PeilIncident  *self,
                                GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(stmt = peil_database_statement (self->db, "SELECT DISTINCT post_id FROM note ORDER BY post_id", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

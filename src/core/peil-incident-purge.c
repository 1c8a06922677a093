/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-replica.h"
#include "peil-time.h"

/*
 * The end of an incident's retention period (issue 14): the personal data
 * goes, what the crisis team's record needs stays. Posts stay as rows
 * with their tags, times, sources, off-topic marks and stories, so that
 * every count, chart and issued round's figures stay as they were; their
 * texts, authors, links, remote ids and raw payloads go, and so do the
 * notes, the example posts of rounds (a quote is found back with a web
 * search, which undoes any pseudonym), the exercise injects' authors and
 * the pseudonym key. Rounds, their texts, the rumour register, queries,
 * analysts and the event log stay.
 *
 * The old bytes must not stay behind either: SQLite's secure_delete
 * zeroes what is deleted, VACUUM writes the file anew, and a checkpoint
 * empties the write-ahead log, which holds the pages as they were.
 */

/* What a note's text in the event log becomes: a purge is the one change
 * the log allows itself, and says so in its `purge` event. */
#define NOTE_REMOVED "[removed at purge]"

/* A post that still holds something of a person: its text, author, link,
 * remote id (which finds the post and its author back at the source), or
 * a channel that names an account. A manual post's channel is how it
 * came in (phone, WhatsApp) and an inject's the channel it plays: counted
 * by, and kept unless it holds an address. An inject keeps its remote id,
 * the inject's own id in the scenario: replaced, the exercise's clock
 * would release the inject again. */
#define POST_CHANNEL_KEPT \
  "source IN ('manual', 'scenario') AND instr (coalesce (channel, ''), '@') = 0"
#define POST_PERSONAL \
  "(text <> '' OR author_name IS NOT NULL OR author_handle IS NOT NULL OR url IS NOT NULL" \
  " OR (source <> 'scenario' AND remote_id NOT GLOB 'purged:*')" \
  " OR (channel IS NOT NULL AND NOT (" POST_CHANNEL_KEPT ")))"

static PeilPurgeSummary *
peil_purge_summary_copy (const PeilPurgeSummary *summary)
{
  return g_memdup2 (summary, sizeof *summary);
}

/* Boxed for bindings; it owns no pointers, so g_free() frees it. */
G_DEFINE_BOXED_TYPE (PeilPurgeSummary, peil_purge_summary, peil_purge_summary_copy, g_free)

typedef struct
{
  const char *sql;
  glong       offset;   /* of the count in PeilPurgeSummary */
} Count;

static const Count counts[] = {
  { "SELECT count (*) FROM post WHERE " POST_PERSONAL, G_STRUCT_OFFSET (PeilPurgeSummary, posts) },
  { "SELECT count (*) FROM post_raw", G_STRUCT_OFFSET (PeilPurgeSummary, raw) },
  { "SELECT count (*) FROM note", G_STRUCT_OFFSET (PeilPurgeSummary, notes) },
  { "SELECT count (*) FROM round_example", G_STRUCT_OFFSET (PeilPurgeSummary, examples) },
  { "SELECT count (*) FROM event_log WHERE action = 'note' AND detail IS NOT '" NOTE_REMOVED "'",
    G_STRUCT_OFFSET (PeilPurgeSummary, logged_notes) },
  { "SELECT count (*) FROM exercise_inject WHERE author IS NOT NULL OR text <> ''", G_STRUCT_OFFSET (PeilPurgeSummary, injects) },
  { "SELECT count (*) FROM query WHERE enabled", G_STRUCT_OFFSET (PeilPurgeSummary, queries_stopped) },
  { "SELECT count (*) FROM post", G_STRUCT_OFFSET (PeilPurgeSummary, kept_posts) },
  { "SELECT count (*) FROM post_tag", G_STRUCT_OFFSET (PeilPurgeSummary, kept_tags) },
  { "SELECT count (*) FROM round", G_STRUCT_OFFSET (PeilPurgeSummary, kept_rounds) },
  { "SELECT count (*) FROM rumour", G_STRUCT_OFFSET (PeilPurgeSummary, kept_rumours) },
  { "SELECT count (*) FROM event_log", G_STRUCT_OFFSET (PeilPurgeSummary, kept_events) },
};

/* All in one transaction; the log's note texts last, after the event that
 * says they go (peil_database_rewrite_log() chains the log anew). */
static const char purge_sql[] =
  "UPDATE post SET text = '', author_name = NULL, author_handle = NULL, url = NULL,"
  "  channel = CASE WHEN " POST_CHANNEL_KEPT " THEN channel END,"
  "  remote_id = CASE WHEN source = 'scenario' OR remote_id GLOB 'purged:*' THEN remote_id"
  "              ELSE peil_purged_remote_id (source, remote_id) END"
  "  WHERE " POST_PERSONAL ";"
  /* The update's trigger adds deletions to the index, which keeps the old
   * words in its older segments until they merge: made anew instead. */
  "INSERT INTO post_fts (post_fts) VALUES ('rebuild');"
  "DELETE FROM post_raw;"
  "DELETE FROM note;"
  "DELETE FROM round_example;"
  "UPDATE exercise_inject SET author = NULL, text = '' WHERE author IS NOT NULL OR text <> '';"
  /* Gathering stops: the retention is over, and a feed would bring the
   * posts back (they would stay emptied, but new ones would come). */
  "UPDATE query SET enabled = 0 WHERE enabled;"
  /* A new key takes the old one's place (peil_incident_write_pseudonym_key()
   * below): pseudonyms from before can no longer be traced back, and
   * posts that come later still get stable ones. */
  "DELETE FROM incident WHERE key = '" PEIL_META_PSEUDONYM_KEY "';";

static gboolean
count_all (PeilIncident      *self,
           PeilPurgeSummary  *summary,
           GError           **error)
{
  gint64 key = 0;

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (!peil_database_query_int (self->db, counts[i].sql,
                                  G_STRUCT_MEMBER_P (summary, counts[i].offset), error))
      return FALSE;
  if (!peil_database_query_int (self->db, "SELECT count (*) FROM incident WHERE key = '" PEIL_META_PSEUDONYM_KEY "'",
                                &key, error))
    return FALSE;
  summary->pseudonym_key = key > 0;
  return TRUE;
}

/* The examples removed, per round and section, so that a round's report
 * can say where it quoted posts that are gone. */
static gboolean
add_examples (PeilIncident  *self,
              JsonBuilder   *builder,
              GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = peil_database_statement (self->db,
          "SELECT r.number, e.section, count (*) FROM round_example e JOIN round r ON r.id = e.round_id"
          " GROUP BY r.number, e.section ORDER BY r.number, e.section", error)))
    return FALSE;
  json_builder_set_member_name (builder, "examples");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 1));
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
      json_builder_end_array (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

/* The `purge` event: what went, and the log's head as it stood before
 * its links were made anew, so that a head written down before the purge
 * can still be checked against this event. */
static char *
describe_purge (PeilIncident      *self,
                PeilPurgeSummary  *summary,
                PeilLogCheck      *check,
                GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *name; gint64 value; } members[] = {
    { "posts", summary->posts }, { "raw", summary->raw }, { "notes", summary->notes },
    { "logged_notes", summary->logged_notes }, { "injects", summary->injects },
    { "queries_stopped", summary->queries_stopped },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (builder, members[i].name);
      json_builder_add_int_value (builder, members[i].value);
    }
  json_builder_set_member_name (builder, "pseudonym_key");
  json_builder_add_boolean_value (builder, summary->pseudonym_key);
  if (!add_examples (self, builder, error))
    return NULL;
  if (check->head != NULL)
    {
      g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", check->head_event, check->head);

      json_builder_set_member_name (builder, "head");
      json_builder_add_string_value (builder, head);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
check_purgeable (PeilIncident  *self,
                 GError       **error)
{
  if (!peil_database_check_writable (self->db, error))
    return FALSE;
  if (peil_incident_is_replica (self))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
                           _("This is a team incident: its posts and notes are on the team’s server and in every "
                             "analyst’s copy too, and a purge of this copy alone would not remove them there. "
                             "Purging a team incident is not possible yet"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
purge_in_transaction (PeilIncident      *self,
                      PeilPurgeSummary  *summary,
                      GError           **error)
{
  g_autoptr(PeilLogCheck) check = NULL;
  g_autoptr(GError) broken = NULL;
  g_autofree char *detail = NULL;

  /* Chaining the log anew over a log changed outside Peil would hide
   * the change. */
  if (!(check = peil_incident_verify_log (self, 0, NULL, &broken)))
    {
      if (!g_error_matches (broken, PEIL_ERROR, PEIL_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&broken));
          return FALSE;
        }
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT,
                   _("%s. A purge chains the log anew and would hide that, so nothing was purged"),
                   broken->message);
      return FALSE;
    }

  if (!count_all (self, summary, error))
    return FALSE;
  /* Nothing personal left (a purge run again, or a nightly job): no
   * change and no event; the file is still written anew. */
  if (summary->posts + summary->raw + summary->notes + summary->logged_notes + summary->examples + summary->injects == 0)
    {
      summary->pseudonym_key = FALSE;
      summary->queries_stopped = 0;
      return TRUE;
    }
  return (detail = describe_purge (self, summary, check, error)) != NULL &&
         peil_incident_log_event (self, "purge", 0, NULL, detail, error) &&
         peil_database_exec (self->db, purge_sql, error) &&
         peil_incident_write_pseudonym_key (self, NULL, error) &&
         peil_database_rewrite_log (self->db,
                                    "UPDATE event_log SET detail = '" NOTE_REMOVED "'"
                                    " WHERE action = 'note' AND detail IS NOT '" NOTE_REMOVED "'",
                                    error);
}

/* Empties the write-ahead log into the file: %FALSE in *@out_busy when
 * another connection's reading kept pages in it. */
static gboolean
checkpoint (PeilIncident  *self,
            gboolean      *out_busy,
            GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "PRAGMA wal_checkpoint (TRUNCATE)", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return peil_database_set_error (self->db, error);
    }
  *out_busy = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* A program that reads the file while it is purged keeps the file's old
 * pages from being written over until it closes: so a purge waits for a
 * moment nobody reads. */
static gboolean
check_no_readers (PeilIncident  *self,
                  GError       **error)
{
  gboolean busy = FALSE;

  if (!checkpoint (self, &busy, error))
    return FALSE;
  if (busy)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                           _("Another program is reading this incident file, and while it reads, the file keeps its "
                             "old bytes: close the other windows and programs that have it open, and purge again. "
                             "Nothing was purged"));
      return FALSE;
    }
  return TRUE;
}

/* Outside the transaction: the file written anew without the free pages
 * that held the old rows, and the write-ahead log, which holds the pages
 * as they were before, emptied. */
static gboolean
wipe_old_bytes (PeilIncident      *self,
                PeilPurgeSummary  *summary,
                GError           **error)
{
  gboolean busy;

  if (!peil_database_exec (self->db, "VACUUM", error))
    {
      g_prefix_error (error, _("The personal data was removed, but its old bytes may still be in the file "
                               "(purge again to remove them): "));
      return FALSE;
    }
  if (!checkpoint (self, &busy, error))
    return FALSE;
  /* Another connection reading: the log is emptied when the last one
   * closes the file. */
  summary->wal_cleared = !busy;
  return TRUE;
}

/**
 * peil_incident_purge:
 * @dry_run: only count what would go and what stays
 * @out_summary: (out) (optional) (transfer full): what went and what
 *   stays, counted before the purge
 *
 * Removes the personal data of the incident (see #PeilPurgeSummary) in
 * one transaction with its `purge` event, then writes the file anew so
 * that neither it nor its write-ahead log keeps the old bytes. A second
 * purge finds nothing to remove, and writes the file anew again.
 *
 * Returns: %FALSE with @error set when the file is read-only, a team
 *   incident, its log was changed outside Peil, or it cannot be written;
 *   nothing is changed then
 */
gboolean
peil_incident_purge (PeilIncident       *self,
                     gboolean            dry_run,
                     PeilPurgeSummary  **out_summary,
                     GError            **error)
{
  g_autoptr(PeilPurgeSummary) summary = g_new0 (PeilPurgeSummary, 1);

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (dry_run)
    {
      gboolean counted;

      if (!peil_database_begin_read (self->db, error))
        return FALSE;
      counted = count_all (self, summary, error);
      peil_database_end_read (self->db);
      if (!counted)
        return FALSE;
    }
  else
    {
      /* Deleted rows and the free parts of pages are zeroed as they are
       * written, in the file and in its write-ahead log. */
      if (!check_purgeable (self, error) || !check_no_readers (self, error) ||
          !peil_database_exec (self->db, "PRAGMA secure_delete = ON", error) ||
          !peil_database_begin (self->db, error))
        return FALSE;
      if (!purge_in_transaction (self, summary, error) || !peil_database_commit (self->db, error))
        {
          peil_database_rollback (self->db);
          return FALSE;
        }
      /* The story index holds the texts that went: built anew when needed. */
      g_hash_table_remove_all (self->stories);
      peil_incident_emit_posts_changed (self);
      if (!wipe_old_bytes (self, summary, error))
        return FALSE;
    }

  if (out_summary != NULL)
    *out_summary = g_steal_pointer (&summary);
  return TRUE;
}

static void
purge_in_thread (GTask        *task,
                 PeilIncident *connection,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PeilPurgeSummary *summary = NULL;
  GError *error = NULL;

  if (peil_incident_purge (connection, FALSE, &summary, &error))
    g_task_return_pointer (task, summary, g_free);
  else
    g_task_return_error (task, error);
}

/**
 * peil_incident_purge_async:
 *
 * Purges as peil_incident_purge() does, on a worker thread with a
 * connection of its own: writing a large file anew takes a while.
 */
void
peil_incident_purge_async (PeilIncident        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PEIL_IS_INCIDENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_incident_purge_async);
  peil_incident_run_in_thread (self, task, purge_in_thread);
}

/**
 * peil_incident_purge_finish:
 *
 * Finishes the purge started with peil_incident_purge_async().
 *
 * Returns: (transfer full): what went and what stays, or %NULL with
 *   @error set
 */
PeilPurgeSummary *
peil_incident_purge_finish (PeilIncident  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * peil_incident_get_retention:
 * @out_time: (out): the end of the retention period (seconds since 1970)
 *
 * Reads until when the incident may be kept, as the user set it.
 *
 * Returns: whether the incident says until when it may be kept
 */
gboolean
peil_incident_get_retention (PeilIncident *self,
                             gint64       *out_time)
{
  g_autofree char *retention = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  retention = peil_incident_get_metadata (self, PEIL_META_RETENTION);
  if (retention == NULL || !peil_time_parse (retention, NULL, out_time))
    return FALSE;
  /* "Keep until 1 October" keeps it all that day, where the analyst is. */
  if (strlen (g_strstrip (retention)) == strlen ("2026-10-01"))
    {
      g_autoptr(GDateTime) day = NULL;
      int year, month, date;

      if (sscanf (retention, "%d-%d-%d", &year, &month, &date) == 3 &&
          (day = g_date_time_new_local (year, month, date, 0, 0, 0)) != NULL)
        {
          g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);
          *out_time = g_date_time_to_unix (next);
        }
    }
  return TRUE;
}

/**
 * peil_incident_retention_ended:
 * @out_time: (out) (optional): when it ended
 *
 * Tells whether the incident is past its retention period; until then a purge
 * needs the user's explicit choice.
 *
 * Returns: whether the incident's retention period has ended: the day it
 *   names has begun
 */
gboolean
peil_incident_retention_ended (PeilIncident *self,
                               gint64       *out_time)
{
  gint64 until;

  if (!peil_incident_get_retention (self, &until) || g_get_real_time () / G_USEC_PER_SEC < until)
    return FALSE;
  if (out_time != NULL)
    *out_time = until;
  return TRUE;
}

/**
 * peil_incident_holds_personal_data:
 *
 * Whether a purge would remove anything: never purged, or posts or notes
 * added since (an import after the purge).
 *
 * Returns: %TRUE when the file holds personal data
 */
gboolean
peil_incident_holds_personal_data (PeilIncident *self)
{
  gint64 found = 0;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  return !peil_database_query_int (self->db,
                                   "SELECT EXISTS (SELECT 1 FROM post WHERE " POST_PERSONAL ")"
                                   " OR EXISTS (SELECT 1 FROM note) OR EXISTS (SELECT 1 FROM post_raw)",
                                   &found, NULL) || found;
}

/**
 * peil_incident_get_purged_at:
 *
 * Tells whether and when personal data was purged from the incident, so that
 * reports can say what is missing.
 *
 * Returns: when the incident's personal data was first purged (seconds
 *   since 1970), 0 if never
 */
gint64
peil_incident_get_purged_at (PeilIncident *self)
{
  gint64 at = 0;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), 0);

  if (!peil_database_query_int (self->db, "SELECT coalesce (min (time), 0) FROM event_log WHERE action = 'purge'",
                                &at, NULL))
    return 0;
  return at;
}

/*
 * peil_incident_purged_examples:
 *
 * Returns: (transfer full): of round @number, each section whose example
 *   posts a purge removed → how many (as GINT_TO_POINTER)
 */
GHashTable *
peil_incident_purged_examples (PeilIncident  *self,
                               guint          number,
                               GError       **error)
{
  g_autoptr(GHashTable) sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = peil_database_statement (self->db,
          "SELECT e.value ->> 1, sum (e.value ->> 2) FROM event_log l, json_each (l.detail, '$.examples') e"
          " WHERE l.action = 'purge' AND json_valid (l.detail) AND e.value ->> 0 = ? GROUP BY 1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, number);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (sections, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&sections);
}

static void
add_line (GString    *text,
          const char *line)
{
  g_string_append_printf (text, "  • %s\n", line);
}

/* A count's line, when there is anything to count. */
#define ADD_COUNT(text, count, format) \
  G_STMT_START { \
    if ((count) > 0) \
      { \
        g_autofree char *line_ = g_strdup_printf (format, (long long)(count)); \
        add_line (text, line_); \
      } \
  } G_STMT_END

/**
 * peil_purge_summary_describe:
 *
 * Describes a purge for people: what it removes and what it keeps.
 *
 * Returns: (transfer full): what a purge removes and what it keeps, one
 *   item a line, as the window's confirmation and peil-cli purge show it
 */
char *
peil_purge_summary_describe (const PeilPurgeSummary *summary)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gsize length;

  g_string_append_printf (text, "%s\n", _("Removed:"));
  length = text->len;
  ADD_COUNT (text, summary->posts, g_dngettext (GETTEXT_PACKAGE, "the text, author, link and remote id of %lld post",
                                                   "the texts, authors, links and remote ids of %lld posts", summary->posts));
  ADD_COUNT (text, summary->raw, g_dngettext (GETTEXT_PACKAGE, "%lld raw payload as the source delivered it",
                                                   "%lld raw payloads as the sources delivered them", summary->raw));
  ADD_COUNT (text, summary->notes, g_dngettext (GETTEXT_PACKAGE, "%lld note",
                                                   "%lld notes", summary->notes));
  ADD_COUNT (text, summary->logged_notes, g_dngettext (GETTEXT_PACKAGE, "the text of %lld note in the event log",
                                                   "the texts of %lld notes in the event log", summary->logged_notes));
  ADD_COUNT (text, summary->examples, g_dngettext (GETTEXT_PACKAGE, "%lld example post quoted in a round",
                                                   "%lld example posts quoted in rounds", summary->examples));
  ADD_COUNT (text, summary->injects, g_dngettext (GETTEXT_PACKAGE, "the author and text of %lld exercise inject",
                                                   "the authors and texts of %lld exercise injects", summary->injects));
  if (summary->pseudonym_key)
    add_line (text, _("the key of the pseudonyms, replaced by a new one, so that earlier pseudonyms can no longer be "
                      "traced back"));
  ADD_COUNT (text, summary->queries_stopped, g_dngettext (GETTEXT_PACKAGE, "%lld saved query switched off: it gathers no more",
                                                   "%lld saved queries switched off: they gather no more",
                                                   summary->queries_stopped));
  if (text->len == length)
    add_line (text, _("nothing: no personal data is left"));

  g_string_append_printf (text, "%s\n", _("Kept:"));
  ADD_COUNT (text, summary->kept_posts,
             g_dngettext (GETTEXT_PACKAGE, "%lld post with its tags, time, source, off-topic mark and story",
                          "%lld posts with their tags, times, sources, off-topic marks and stories", summary->kept_posts));
  ADD_COUNT (text, summary->kept_rounds, g_dngettext (GETTEXT_PACKAGE, "%lld round with its figures and texts",
                                                   "%lld rounds with their figures and texts", summary->kept_rounds));
  ADD_COUNT (text, summary->kept_rumours, g_dngettext (GETTEXT_PACKAGE, "%lld rumour of the register",
                                                   "%lld rumours of the register", summary->kept_rumours));
  add_line (text, _("the queries, the analysts and the event log, with the purge in it"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

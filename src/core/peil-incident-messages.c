/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The organisation's own messages (issue 16): kept in tables of their
 * own, apart from the public's posts, each change in one transaction with
 * its line in the event log. */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-query-private.h"
#include "peil-rumour-private.h"
#include "peil-time.h"
#include "peil-uuid.h"

static gboolean
check_channel (const char  *channel,
               GError     **error)
{
  g_autofree char *known = NULL;

  if (channel != NULL && peil_message_channel_label (channel) != NULL)
    return TRUE;
  known = g_strjoinv (", ", (char **)peil_message_channels ());
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
               _("“%s” is not a channel; use one of: %s"), channel ? channel : "", known);
  return FALSE;
}

static gboolean
finish (PeilIncident  *self,
        gboolean       done,
        const char    *action,
        const char    *tag_code,
        const char    *detail,
        GError       **error)
{
  if (done &&
      peil_incident_log_event (self, action, 0, tag_code, detail, error) &&
      peil_database_commit (self->db, error))
    return TRUE;
  peil_database_rollback (self->db);
  return FALSE;
}

/* The log says which message, and where it went out, in its own words: a
 * message is the organisation's, not personal data. */
char *
peil_message_log_detail (gint64      id,
                         const char *channel,
                         const char *text)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s: %s", id, channel, text);
}

/* A text of spaces alone (a no-break space from a feed's HTML too) is no
 * text; a time before 1970 would hide the message from every list. A
 * gathered item was cut to a post's length already. */
static gboolean
check_text_and_time (const char  *text,
                     gint64       time,
                     GError     **error)
{
  const char *c = text;

  while (*c != '\0' && g_unichar_isspace (g_utf8_get_char (c)))
    c = g_utf8_next_char (c);
  if (*c == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A message needs text"));
      return FALSE;
    }
  /* As long as a post may be: a pasted file of megabytes is no message,
   * and the log would keep it a second time. */
  if (strlen (text) > PEIL_POST_MAX_TEXT && g_utf8_strlen (text, -1) > PEIL_POST_MAX_TEXT)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("A message can be at most %d characters long"), PEIL_POST_MAX_TEXT);
      return FALSE;
    }
  if (time < 0 || time > PEIL_TIME_LAST_SECOND)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A message’s time must lie between 1970 and the year 9999"));
      return FALSE;
    }
  return TRUE;
}

gboolean
peil_incident_set_unknown_message_error (gint64   id,
                                         GError **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
               _("There is no message %lld (“peil-cli message list” lists them)"), (long long)id);
  return FALSE;
}

/* Inserts a message in the caller's transaction; *out_id is 0 when a
 * message from the same source with the same id is there already. */
static gboolean
insert_message (PeilIncident  *self,
                const char    *channel,
                const char    *text,
                gint64         time,
                const char    *url,
                const char    *source,
                const char    *remote_id,
                gint64         query_id,
                gint64        *out_id,
                GError       **error)
{
  g_autofree char *uuid = peil_uuid7_new ();
  sqlite3_stmt *stmt;
  gint64 analyst_id;
  int rc;

  *out_id = 0;
  if (!peil_incident_analyst_id (self, NULL, &analyst_id, error) ||
      !(stmt = peil_database_statement (self->db,
          "INSERT INTO message (uuid, channel, text, time, url, source, remote_id, query_id, analyst_id, created_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, nullif (?, 0), ?, ?)"
          " ON CONFLICT (source, remote_id) DO NOTHING RETURNING id", error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, channel, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, time);
  sqlite3_bind_text (stmt, 5, url, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, source, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, remote_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, query_id);
  sqlite3_bind_int64 (stmt, 9, analyst_id);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

static gboolean
set_message_tag (PeilIncident  *self,
                 gint64         id,
                 PeilTag       *tag,
                 gboolean       addressed,
                 gboolean      *out_changed,
                 GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db,
                                                addressed
                                                ? "INSERT OR IGNORE INTO message_tag (message_id, tag_id) VALUES (?, ?)"
                                                : "DELETE FROM message_tag WHERE message_id = ? AND tag_id = ?",
                                                error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, peil_tag_get_id (tag));
  if (!peil_database_run (self->db, stmt, error))
    return FALSE;
  *out_changed = peil_database_changes (self->db) > 0;
  return TRUE;
}

/**
 * peil_incident_add_message:
 * @self: a #PeilIncident
 * @channel: where it went out (see peil_message_channels())
 * @text: the message as it was sent
 * @time: when it went out, in Unix seconds, or 0 for now
 * @tags: (nullable) (array zero-terminated=1): the codes of the tags it
 *   addresses, or %NULL
 * @error: return location for a #GError
 *
 * Keeps one of the organisation's own messages, with the tags it
 * addresses, in one transaction with its line in the event log. It is
 * never counted among the public's posts.
 *
 * Returns: the message's id, or 0 with @error set: an unknown channel or
 *   tag, an empty or too long text (see %PEIL_POST_MAX_TEXT), a time that
 *   is not one (%PEIL_ERROR_INVALID, %PEIL_ERROR_UNKNOWN_TAG), or a file
 *   that cannot be written
 */
gint64
peil_incident_add_message (PeilIncident        *self,
                           const char          *channel,
                           const char          *text,
                           gint64               time,
                           const char * const  *tags,
                           GError             **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GPtrArray) resolved = g_ptr_array_new ();
  gboolean done;
  gint64 id = 0;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!check_channel (channel, error))
    return 0;
  trimmed = g_strstrip (g_strdup (text));
  if (time == 0)
    time = g_get_real_time () / G_USEC_PER_SEC;
  if (!check_text_and_time (trimmed, time, error))
    return 0;
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      PeilTag *tag = peil_incident_require_tag (self, tags[i], error);

      if (tag == NULL)
        return 0;
      g_ptr_array_add (resolved, tag);
    }

  if (!peil_database_begin (self->db, error))
    return 0;
  done = insert_message (self, channel, trimmed, time, NULL, NULL, NULL, 0, &id, error);
  for (guint i = 0; done && i < resolved->len; i++)
    {
      gboolean changed;
      done = set_message_tag (self, id, g_ptr_array_index (resolved, i), TRUE, &changed, error);
    }
  detail = peil_message_log_detail (id, channel, trimmed);
  if (!finish (self, done, "message-added", NULL, detail, error))
    return 0;
  return id;
}

/*
 * peil_incident_insert_message_from_post:
 * @query: the "our channel" query that found @post
 *
 * Keeps what a query of one of the organisation's own channels found as a
 * message of that channel, in the caller's transaction. Known by its
 * source and id, as a post is: gathered again, it adds nothing. An item
 * without text or with a time before 1970 is refused
 * (%PEIL_ERROR_INVALID) before anything of it is written.
 */
gboolean
peil_incident_insert_message_from_post (PeilIncident  *self,
                                        PeilPost      *post,
                                        PeilQuery     *query,
                                        gboolean      *out_added,
                                        GError       **error)
{
  const char *text = peil_post_get_text (post);
  gint64 time = peil_post_get_created_at (post);
  g_autofree char *content_id = NULL;
  const char *remote_id = peil_post_get_remote_id (post);
  gint64 id;

  g_return_val_if_fail (query->channel != NULL, FALSE);

  *out_added = FALSE;
  if (time == 0)
    time = peil_post_get_fetched_at (post) ?: g_get_real_time () / G_USEC_PER_SEC;
  if (!check_text_and_time (text ? text : "", time, error))
    return FALSE;
  /* Without an id of its own (a feed item without guid or link) it is
   * known by its content, as a post is: else every run adds it again. */
  if (remote_id == NULL)
    remote_id = content_id = peil_incident_post_content_id (post);
  if (!insert_message (self, query->channel, text, time,
                       peil_post_get_url (post), peil_post_get_source (post), remote_id,
                       query->id, &id, error))
    return FALSE;
  *out_added = id != 0;
  return TRUE;
}

/**
 * peil_incident_remove_message:
 * @self: a #PeilIncident
 * @id: the message's id
 * @error: return location for a #GError
 *
 * Removes a message entered by mistake, with what it addressed; logged
 * with its text, so the log still says what was removed.
 *
 * Returns: %TRUE on success; %FALSE with @error set, %PEIL_ERROR_NOT_FOUND
 *   when there is no such message
 */
gboolean
peil_incident_remove_message (PeilIncident  *self,
                              gint64         id,
                              GError       **error)
{
  g_autoptr(PeilMessage) message = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!peil_database_begin (self->db, error))
    return FALSE;
  done = (message = peil_incident_get_message (self, id, error)) != NULL &&
         (stmt = peil_database_statement (self->db, "DELETE FROM message WHERE id = ?", error)) != NULL;
  if (done)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      done = peil_database_run (self->db, stmt, error);
      detail = peil_message_log_detail (id, message->channel, message->text);
    }
  return finish (self, done, "message-removed", NULL, detail, error);
}

#define MESSAGE_SELECT \
  "SELECT m.id, m.channel, m.text, m.time, m.url, m.source, a.name," \
  "  (SELECT group_concat (code, ' ') FROM (SELECT t.code FROM message_tag mt JOIN tag t ON t.id = mt.tag_id" \
  "     JOIN dimension d ON d.id = t.dimension_id WHERE mt.message_id = m.id ORDER BY d.position, t.position))," \
  "  (SELECT group_concat (rumour_id, ' ') FROM (SELECT rumour_id FROM message_rumour" \
  "     WHERE message_id = m.id ORDER BY rumour_id))" \
  " FROM message m LEFT JOIN analyst a ON a.id = m.analyst_id"

static PeilMessage *
message_from_row (sqlite3_stmt *stmt)
{
  PeilMessage *message = g_new0 (PeilMessage, 1);
  const char *tags = (const char *)sqlite3_column_text (stmt, 7);
  const char *rumours = (const char *)sqlite3_column_text (stmt, 8);

  message->id = sqlite3_column_int64 (stmt, 0);
  message->channel = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  message->text = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  message->time = sqlite3_column_int64 (stmt, 3);
  message->url = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  message->source = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  message->analyst = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  message->tags = tags ? g_strsplit (tags, " ", -1) : g_new0 (char *, 1);
  message->rumours = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (rumours != NULL)
    {
      g_auto(GStrv) ids = g_strsplit (rumours, " ", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          gint64 rumour = g_ascii_strtoll (ids[i], NULL, 10);
          g_array_append_val (message->rumours, rumour);
        }
    }
  return message;
}

/**
 * peil_incident_get_message:
 * @self: a #PeilIncident
 * @id: the message's id
 * @error: return location for a #GError
 *
 * Reads one of the organisation's messages.
 *
 * Returns: (transfer full): the message, or %NULL with @error set
 *   (%PEIL_ERROR_NOT_FOUND when there is no such message)
 */
PeilMessage *
peil_incident_get_message (PeilIncident  *self,
                           gint64         id,
                           GError       **error)
{
  PeilMessage *message = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(stmt = peil_database_statement (self->db, MESSAGE_SELECT " WHERE m.id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    message = message_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    peil_incident_set_unknown_message_error (id, error);
  else if (rc != SQLITE_ROW)
    peil_database_set_error (self->db, error);
  return message;
}

/**
 * peil_incident_list_messages:
 * @self: a #PeilIncident
 * @start: the start of the period, in Unix seconds
 * @end: the end of the period (not in it), or 0 for no end
 * @error: return location for a #GError
 *
 * Reads the organisation's messages that went out in [@start, @end).
 *
 * Returns: (transfer container) (element-type PeilMessage): the messages,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
peil_incident_list_messages (PeilIncident  *self,
                             gint64         start,
                             gint64         end,
                             GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_message_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(stmt = peil_database_statement (self->db, MESSAGE_SELECT " WHERE m.time >= ? AND m.time < ? ORDER BY m.time, m.id",
                                        error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end > 0 ? end : G_MAXINT64);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&messages);
}

/**
 * peil_incident_tag_message:
 * @self: a #PeilIncident
 * @id: the message's id
 * @tag_code: the tag's code
 * @addressed: whether the message addresses what the tag stands for
 * @error: return location for a #GError
 *
 * Says which information need (or other tag) a message addresses, with
 * the same tags as posts; logged when it changes anything.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean
peil_incident_tag_message (PeilIncident  *self,
                           gint64         id,
                           const char    *tag_code,
                           gboolean       addressed,
                           GError       **error)
{
  g_autoptr(PeilMessage) message = NULL;
  g_autofree char *detail = NULL;
  gboolean changed = FALSE, done;
  PeilTag *tag;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (tag_code != NULL, FALSE);

  if (!(tag = peil_incident_require_tag (self, tag_code, error)) || !peil_database_begin (self->db, error))
    return FALSE;
  done = (message = peil_incident_get_message (self, id, error)) != NULL &&
         set_message_tag (self, id, tag, addressed, &changed, error);
  if (done && !changed)
    return peil_database_commit (self->db, error);
  detail = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  return finish (self, done, addressed ? "message-tagged" : "message-untagged", tag_code, detail, error);
}

static gboolean
set_message_rumour (PeilIncident  *self,
                    gint64         id,
                    gint64         rumour_id,
                    gboolean       addressed,
                    gboolean      *out_changed,
                    GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db,
                                                addressed
                                                ? "INSERT OR IGNORE INTO message_rumour (message_id, rumour_id) VALUES (?, ?)"
                                                : "DELETE FROM message_rumour WHERE message_id = ? AND rumour_id = ?",
                                                error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, rumour_id);
  if (!peil_database_run (self->db, stmt, error))
    return FALSE;
  *out_changed = peil_database_changes (self->db) > 0;
  return TRUE;
}

/**
 * peil_incident_link_message_rumour:
 * @self: a #PeilIncident
 * @id: the message's id
 * @rumour_id: the rumour's id
 * @addressed: whether the message addresses the rumour
 * @error: return location for a #GError
 *
 * Says which rumour of the register a message addresses; logged with the
 * rumour's claim when it changes anything. Taking it off also ends the
 * message's place as the rumour's response.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean
peil_incident_link_message_rumour (PeilIncident  *self,
                                   gint64         id,
                                   gint64         rumour_id,
                                   gboolean       addressed,
                                   GError       **error)
{
  g_autoptr(PeilMessage) message = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  g_autofree char *detail = NULL;
  gboolean changed = FALSE, done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!peil_database_begin (self->db, error))
    return FALSE;
  done = (message = peil_incident_get_message (self, id, error)) != NULL &&
         (rumour = peil_incident_get_rumour (self, rumour_id, error)) != NULL &&
         set_message_rumour (self, id, rumour_id, addressed, &changed, error);
  if (done && !addressed && rumour->response_message == id)
    {
      sqlite3_stmt *stmt = peil_database_statement (self->db, "UPDATE rumour SET response_message_id = NULL WHERE id = ?", error);

      if ((done = stmt != NULL))
        {
          sqlite3_bind_int64 (stmt, 1, rumour_id);
          done = peil_database_run (self->db, stmt, error);
        }
    }
  if (done && !changed)
    return peil_database_commit (self->db, error);
  if (done)
    detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", id, rumour->claim);
  return finish (self, done, addressed ? "message-rumour-linked" : "message-rumour-unlinked", NULL, detail, error);
}

/**
 * peil_incident_set_rumour_response_message:
 * @self: a #PeilIncident
 * @rumour_id: the rumour's id
 * @message_id: the message that gave the response, or 0 for none
 * @error: return location for a #GError
 *
 * Points a rumour's response at the organisation's message that gave it;
 * the message then addresses the rumour too. Logged.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean
peil_incident_set_rumour_response_message (PeilIncident  *self,
                                           gint64         rumour_id,
                                           gint64         message_id,
                                           GError       **error)
{
  g_autoptr(PeilMessage) message = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean changed, done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!peil_database_begin (self->db, error))
    return FALSE;
  done = (rumour = peil_incident_get_rumour (self, rumour_id, error)) != NULL &&
         (message_id == 0 || (message = peil_incident_get_message (self, message_id, error)) != NULL) &&
         (message_id == 0 || set_message_rumour (self, message_id, rumour_id, TRUE, &changed, error)) &&
         (stmt = peil_database_statement (self->db, "UPDATE rumour SET response_message_id = nullif (?, 0) WHERE id = ?",
                                          error)) != NULL;
  if (done)
    {
      sqlite3_bind_int64 (stmt, 1, message_id);
      sqlite3_bind_int64 (stmt, 2, rumour_id);
      done = peil_database_run (self->db, stmt, error);
      detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", message_id, rumour->claim);
    }
  return finish (self, done, "rumour-response-message", NULL, detail, error);
}

/* Whether @query may become ours (@channel) or the public's (NULL): not
 * when it gathered the other kind already. */
static gboolean
check_query_gathered (PeilIncident  *self,
                      PeilQuery     *query,
                      const char    *channel,
                      GError       **error)
{
  g_autofree char *sql = NULL;
  gint64 found = 0;

  if ((channel == NULL) == (query->channel == NULL))
    return TRUE;
  sql = g_strdup_printf (channel != NULL ? "SELECT count (*) FROM post_query WHERE query_id = %" G_GINT64_FORMAT
                                         : "SELECT count (*) FROM message WHERE query_id = %" G_GINT64_FORMAT, query->id);
  if (!peil_database_query_int (self->db, sql, &found, error))
    return FALSE;
  if (found == 0)
    return TRUE;
  if (channel != NULL)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Query %lld found %lld of the public’s posts already; add a new query for our own channel",
                              "Query %lld found %lld of the public’s posts already; add a new query for our own channel",
                              found),
                 (long long)query->id, (long long)found);
  else
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Query %lld gathered %lld of our messages already; add a new query for the public’s posts",
                              "Query %lld gathered %lld of our messages already; add a new query for the public’s posts",
                              found),
                 (long long)query->id, (long long)found);
  return FALSE;
}

/**
 * peil_incident_set_query_channel:
 * @self: a #PeilIncident
 * @id: the query's id
 * @channel: (nullable): the organisation's own channel the query reads
 *   (see peil_message_channels()), or %NULL for a query of the public's
 *   posts
 * @error: return location for a #GError
 *
 * Marks a saved query as one of "our channels": from then on what it
 * gathers is kept as the organisation's messages of @channel, not as
 * posts; or, with %NULL, as a query of the public's posts again. A query
 * that found posts is not switched to ours, nor one that gathered messages
 * to the public's: the same item would then be both a post and a message.
 * Only a query that reads what one site or account publishes may be ours
 * (%PEIL_SOURCE_READS_OWN_CHANNEL): the caller, who knows the source,
 * checks that. Logged.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%PEIL_ERROR_NOT_SUPPORTED for a query that gathered the other kind)
 */
gboolean
peil_incident_set_query_channel (PeilIncident  *self,
                                 gint64         id,
                                 const char    *channel,
                                 GError       **error)
{
  g_autoptr(PeilQuery) query = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (channel != NULL && !check_channel (channel, error))
    return FALSE;
  if (!peil_database_begin (self->db, error))
    return FALSE;
  done = (query = peil_incident_get_query (self, id, error)) != NULL &&
         check_query_gathered (self, query, channel, error) &&
         (stmt = peil_database_statement (self->db, "UPDATE query SET channel = ? WHERE id = ?", error)) != NULL;
  if (done)
    {
      sqlite3_bind_text (stmt, 1, channel, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, id);
      done = peil_database_run (self->db, stmt, error);
      detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", id, channel ? channel : "public");
    }
  return finish (self, done, "query-channel", NULL, detail, error);
}

/**
 * peil_incident_get_newest_time:
 * @self: a #PeilIncident
 * @error: return location for a #GError
 *
 * Gives the time of the incident's newest post with a time of its own
 * that is not marked off-topic (and not more than a day past the clock,
 * outside an exercise): the moment "now" stands for when the incident is
 * looked at afterwards, as stories' growth and the attention list count.
 *
 * Returns: the time in Unix seconds, 0 when there is no such post or with
 *   @error set
 */
gint64
peil_incident_get_newest_time (PeilIncident  *self,
                               GError       **error)
{
  gint64 newest = 0;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), 0);

  if (!peil_incident_newest_time (self, &newest, error))
    return 0;
  return newest;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "peil-error.h"
#include "peil-exercise-clock.h"
#include "peil-enum-types.h"
#include "peil-incident-private.h"
#include "peil-round-private.h"
#include "peil-rumour-private.h"
#include "peil-time.h"

/* Rounds of the analysis and the rumour register (METHOD §3.3, §8). */

#define ROUND_COLUMNS \
  "id, number, title, period_start, period_end, commissioner, classification, issued_at, issued_by, snapshot"

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Where an open round ends: now, and in an exercise the exercise's now.
 * Its injects are dated origin + offset, which at ×10 or after a jump lies
 * ahead of the wall clock; a round ending at the wall clock would miss
 * them. A trainee's replica has no clock of its own: the latest inject
 * it received stands for it. */
static gint64
analysis_now (PeilIncident *self)
{
  gint64 wall = now ();
  gint64 latest = 0;

  if (!peil_incident_is_exercise (self))
    return wall;
  {
    g_autoptr(PeilExerciseClock) clock = peil_exercise_clock_new (self);
    PeilExerciseStatus status;

    if (peil_exercise_clock_get_status (clock, &status, NULL) && status.started)
      return MAX (wall, status.origin + status.time / G_USEC_PER_SEC);
  }
  if (!peil_database_query_int (self->db, "SELECT coalesce (max (created_at), 0) FROM post WHERE source = 'scenario'",
                                &latest, NULL))
    return wall;
  return MAX (wall, latest);
}

static gboolean
read_round_parts (PeilIncident  *self,
                  PeilRound     *round,
                  GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  round->now = analysis_now (self);
  if (!(stmt = peil_database_statement (self->db, "SELECT section, text FROM round_section WHERE round_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (round->texts,
                         g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);

  if (!(stmt = peil_database_statement (self->db, "SELECT section, post_id FROM round_example WHERE round_id = ?"
                                              " ORDER BY id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *section = (const char *)sqlite3_column_text (stmt, 0);
      gint64 post_id = sqlite3_column_int64 (stmt, 1);
      GArray *ids = g_hash_table_lookup (round->examples, section);

      if (ids == NULL)
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (round->examples, g_strdup (section), ids);
        }
      g_array_append_val (ids, post_id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

static PeilRound *
round_from_row (sqlite3_stmt *stmt)
{
  PeilRound *round = peil_round_new_empty ();

  round->id = sqlite3_column_int64 (stmt, 0);
  round->number = sqlite3_column_int (stmt, 1);
  round->title = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  round->period_start = sqlite3_column_int64 (stmt, 3);
  round->period_end = sqlite3_column_int64 (stmt, 4);
  round->commissioner = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  round->classification = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  round->issued_at = sqlite3_column_int64 (stmt, 7);
  round->issued_by = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
  round->snapshot = g_strdup ((const char *)sqlite3_column_text (stmt, 9));
  return round;
}

typedef gpointer (*RowFunc)   (sqlite3_stmt  *stmt);
typedef gboolean (*PartsFunc) (PeilIncident  *self,
                               gpointer       object,
                               GError       **error);

/* Runs @sql (bound to @id unless it is 0) and makes an object of each row
 * with @from_row, then reads its parts from other tables. */
static GPtrArray *
load_objects (PeilIncident  *self,
              const char    *sql,
              gint64         id,
              RowFunc        from_row,
              PartsFunc      read_parts,
              GError       **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = peil_database_statement (self->db, sql, error)))
    return NULL;
  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (objects, from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }

  for (guint i = 0; i < objects->len; i++)
    if (!read_parts (self, g_ptr_array_index (objects, i), error))
      return NULL;
  return g_steal_pointer (&objects);
}

/**
 * peil_incident_list_rounds:
 *
 * Reads all rounds of the situation report, issued and draft.
 *
 * Returns: (transfer container) (element-type PeilRound): the rounds, first
 *   round first
 */
GPtrArray *
peil_incident_list_rounds (PeilIncident  *self,
                           GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  return load_objects (self, "SELECT " ROUND_COLUMNS " FROM round ORDER BY number", 0,
                       (RowFunc)round_from_row, (PartsFunc)read_round_parts, error);
}

/**
 * peil_incident_get_round:
 *
 * Reads one round of the situation report from the file.
 *
 * Returns: (transfer full): round @number, or %NULL with @error set
 */
PeilRound *
peil_incident_get_round (PeilIncident  *self,
                         guint          number,
                         GError       **error)
{
  g_autoptr(GPtrArray) rounds = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(rounds = load_objects (self, "SELECT " ROUND_COLUMNS " FROM round WHERE number = ?", number,
                               (RowFunc)round_from_row, (PartsFunc)read_round_parts, error)))
    return NULL;
  if (rounds->len == 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND, _("This incident has no round %u"), number);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (rounds, 0));
}

/* A new round starts where the last one ended, so consecutive rounds
 * cover the incident without gaps; the first starts at the incident. */
static gboolean
default_period_start (PeilIncident  *self,
                      gint64        *out_start,
                      GError       **error)
{
  g_autofree char *start = NULL;
  gint64 value = 0;

  if (!peil_database_query_int (self->db, "SELECT coalesce (max (period_end), 0) FROM round", &value, error))
    return FALSE;
  if (value == 0 && (start = peil_incident_get_metadata (self, PEIL_META_START)) != NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      peil_time_parse (start, local, &value);
    }
  if (value == 0 &&
      !peil_database_query_int (self->db, "SELECT coalesce (min (created_at), 0) FROM post WHERE created_at > 0", &value, error))
    return FALSE;

  *out_start = value;
  return TRUE;
}

/* @end: 0 for an open period, which may start as late as now */
static gboolean
check_period (PeilIncident  *self,
              gint64         start,
              gint64         end,
              GError       **error)
{
  if (end == 0 ? start > analysis_now (self) : start >= end)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A round’s period must end after it starts"));
      return FALSE;
    }
  return TRUE;
}

/* A new round closes the previous draft's open period at this moment, so
 * the two follow each other without overlap. */
static gboolean
close_open_round (PeilIncident  *self,
                  GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "UPDATE round SET period_end = ? WHERE period_end = 0", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, analysis_now (self));
  return peil_database_run (self->db, stmt, error);
}

/**
 * peil_incident_add_round:
 * @title: (nullable): what the round is for, such as "ROT 14:00"
 * @start: the start of the period it covers, or 0 for the end of the
 *   previous round (the incident's start for the first)
 * @end: the end of the period, or 0 to leave it open: an open round runs
 *   until it is issued (or the next round starts), so posts gathered while
 *   the analyst writes still count
 *
 * Starts the next round, numbered after the last one.
 *
 * Returns: (transfer full): the new round, or %NULL with @error set
 */
PeilRound *
peil_incident_add_round (PeilIncident  *self,
                         const char    *title,
                         gint64         start,
                         gint64         end,
                         GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 number = 0;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!peil_database_begin (self->db, error))
    return NULL;
  if (!close_open_round (self, error) ||
      (start == 0 && !default_period_start (self, &start, error)) ||
      !check_period (self, start, end, error) ||
      !peil_database_query_int (self->db, "SELECT coalesce (max (number), 0) + 1 FROM round", &number, error) ||
      !(stmt = peil_database_statement (self->db, "INSERT INTO round (number, title, period_start, period_end, created_at)"
                                              " VALUES (?, ?, ?, ?, ?)", error)))
    goto failed;

  sqlite3_bind_int64 (stmt, 1, number);
  sqlite3_bind_text (stmt, 2, title ? title : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, start);
  sqlite3_bind_int64 (stmt, 4, end);
  sqlite3_bind_int64 (stmt, 5, now ());
  if (!peil_database_run (self->db, stmt, error))
    goto failed;

  detail = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  if (!peil_incident_log_event (self, "round-added", 0, NULL, detail, error) ||
      !peil_database_commit (self->db, error))
    goto failed;
  return peil_incident_get_round (self, number, error);

failed:
  peil_database_rollback (self->db);
  return NULL;
}

/* Inside a transaction: round @number, refused once issued. */
static PeilRound *
get_draft_round (PeilIncident  *self,
                 guint          number,
                 GError       **error)
{
  g_autoptr(PeilRound) round = peil_incident_get_round (self, number, error);

  if (round != NULL && peil_round_is_issued (round))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_ISSUED,
                   _("Round %u was issued to the crisis team and can no longer be changed; start a new round"),
                   number);
      return NULL;
    }
  return g_steal_pointer (&round);
}

static gboolean
finish_change (PeilIncident  *self,
               gboolean       done,
               const char    *action,
               gint64         post_id,
               const char    *detail,
               GError       **error)
{
  if (done &&
      peil_incident_log_event (self, action, post_id, NULL, detail, error) &&
      peil_database_commit (self->db, error))
    return TRUE;
  peil_database_rollback (self->db);
  return FALSE;
}

/**
 * peil_incident_set_round_text:
 * @field: a section key (see peil_round_sections()), or "title",
 *   "commissioner" or "classification"
 *
 * Stores what the analyst wrote in a draft round.
 */
gboolean
peil_incident_set_round_text (PeilIncident  *self,
                              guint          number,
                              const char    *field,
                              const char    *text,
                              GError       **error)
{
  /* Statements are cached by their text, so each field has its own. */
  static const struct { const char *field; const char *sql; } columns[] = {
    { "title", "UPDATE round SET title = ? WHERE id = ?" },
    { "commissioner", "UPDATE round SET commissioner = ? WHERE id = ?" },
    { "classification", "UPDATE round SET classification = ? WHERE id = ?" },
  };
  const char *column_sql = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(PeilRound) round = NULL;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (g_str_equal (columns[i].field, field))
      column_sql = columns[i].sql;
  if (column_sql == NULL && peil_round_lookup_section (field) == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A round has no section “%s”"), field);
      return FALSE;
    }
  if (!peil_database_begin (self->db, error))
    return FALSE;
  if ((round = get_draft_round (self, number, error)) == NULL)
    return finish_change (self, FALSE, NULL, 0, NULL, error);

  if (column_sql != NULL)
    {
      stmt = peil_database_statement (self->db, column_sql, error);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, round->id);
        }
    }
  else
    {
      stmt = peil_database_statement (self->db, "INSERT INTO round_section (round_id, section, text) VALUES (?, ?, ?)"
                                            " ON CONFLICT DO UPDATE SET text = excluded.text", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, round->id);
          sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
        }
    }

  done = stmt != NULL && peil_database_run (self->db, stmt, error);
  detail = g_strdup_printf ("%u %s", number, field);
  return finish_change (self, done, "round-text", 0, detail, error);
}

/* Only the last round may run on: the next one starts where it ends. */
static gboolean
last_round (PeilIncident  *self,
            guint          number,
            GError       **error)
{
  gint64 last = 0;

  if (!peil_database_query_int (self->db, "SELECT max (number) FROM round", &last, error))
    return FALSE;
  if (last != number)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("Only the last round can stay open; give round %u an end"), number);
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_incident_set_round_period:
 * @end: the end, or 0 to leave the last round open until it is issued
 *
 * Changes the period a draft round covers.
 */
gboolean
peil_incident_set_round_period (PeilIncident  *self,
                                guint          number,
                                gint64         start,
                                gint64         end,
                                GError       **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(PeilRound) round = NULL;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!check_period (self, start, end, error) || !peil_database_begin (self->db, error))
    return FALSE;
  done = (round = get_draft_round (self, number, error)) != NULL &&
         (end != 0 || last_round (self, number, error)) &&
         (stmt = peil_database_statement (self->db, "UPDATE round SET period_start = ?, period_end = ? WHERE id = ?",
                                          error)) != NULL;
  if (done)
    {
      sqlite3_bind_int64 (stmt, 1, start);
      sqlite3_bind_int64 (stmt, 2, end);
      sqlite3_bind_int64 (stmt, 3, round->id);
      done = peil_database_run (self->db, stmt, error);
    }
  detail = g_strdup_printf ("%u", number);
  return finish_change (self, done, "round-period", 0, detail, error);
}

/**
 * peil_incident_link_example:
 * @section: the section key the post illustrates
 * @linked: %TRUE to link, %FALSE to unlink
 *
 * Links a post to a section of a draft round as an example.
 */
gboolean
peil_incident_link_example (PeilIncident  *self,
                            guint          number,
                            const char    *section,
                            gint64         post_id,
                            gboolean       linked,
                            GError       **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(PeilRound) round = NULL;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (section != NULL, FALSE);

  if (peil_round_lookup_section (section) == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A round has no section “%s”"), section);
      return FALSE;
    }
  if (!peil_database_begin (self->db, error))
    return FALSE;

  done = (round = get_draft_round (self, number, error)) != NULL &&
         peil_incident_require_post (self, post_id, error) &&
         (stmt = peil_database_statement (self->db, linked
                                          ? "INSERT OR IGNORE INTO round_example (round_id, section, post_id, linked_at)"
                                            " VALUES (?1, ?2, ?3, ?4)"
                                          : "DELETE FROM round_example WHERE round_id = ?1 AND section = ?2 AND post_id = ?3",
                                          error)) != NULL;
  if (done)
    {
      sqlite3_bind_int64 (stmt, 1, round->id);
      sqlite3_bind_text (stmt, 2, section, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, post_id);
      if (linked)
        sqlite3_bind_int64 (stmt, 4, now ());
      done = peil_database_run (self->db, stmt, error);
    }
  detail = g_strdup_printf ("%u %s", number, section);
  return finish_change (self, done, linked ? "example-linked" : "example-unlinked", post_id, detail, error);
}

/* Figures */

/* As [[key, count], …]; hours keyed by their start in Unix time, as
 * stored snapshots have them since schema 3. */
static void
add_count_rows (JsonBuilder *builder,
                const char  *member,
                GPtrArray   *counts,
                gboolean     hours,
                gboolean     skip_zero)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < counts->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts, i);
      g_autofree char *epoch = NULL;
      gint64 when = 0;

      if (skip_zero && count->count == 0)
        continue;
      if (hours && peil_time_parse (count->key, NULL, &when))
        epoch = g_strdup_printf ("%" G_GINT64_FORMAT, when);
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, epoch ? epoch : count->key);
      json_builder_add_int_value (builder, count->count);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
add_rumours (PeilIncident  *self,
             JsonBuilder   *builder,
             gint64         start,
             gint64         end,
             GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db,
      "SELECT r.id, r.claim, r.status, r.first_seen,"
      /* A response given by one of our messages is that message's text. */
      "  CASE WHEN r.response != '' THEN r.response"
      "   ELSE coalesce ((SELECT m.text FROM message m WHERE m.id = r.response_message_id), '') END,"
      "  (SELECT count(*) FROM rumour_post rp JOIN post p ON p.id = rp.post_id"
      "   WHERE rp.rumour_id = r.id AND p.created_at < ?2 AND " PEIL_SQL_ON_TOPIC "),"
      "  (SELECT count(*) FROM rumour_post rp JOIN post p ON p.id = rp.post_id"
      "   WHERE rp.rumour_id = r.id AND p.created_at >= ?1 AND p.created_at < ?2 AND " PEIL_SQL_ON_TOPIC ")"
      " FROM rumour r WHERE r.first_seen <= ?2 ORDER BY r.first_seen, r.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);

  json_builder_set_member_name (builder, "rumours");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_set_member_name (builder, "claim");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 2));
      json_builder_set_member_name (builder, "first_seen");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
      json_builder_set_member_name (builder, "response");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 4));
      json_builder_set_member_name (builder, "posts");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 5));
      json_builder_set_member_name (builder, "posts_in_period");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 6));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

static gboolean
add_tagged_posts (PeilIncident  *self,
                  JsonBuilder   *builder,
                  gint64         start,
                  gint64         end,
                  GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db,
      "SELECT p.id, group_concat (t.code, ' ') FROM post p"
      " JOIN (SELECT DISTINCT post_id, tag_id FROM post_tag) pt ON pt.post_id = p.id JOIN tag t ON t.id = pt.tag_id"
      " WHERE p.created_at >= ?1 AND p.created_at < ?2 AND " PEIL_SQL_ON_TOPIC
      " GROUP BY p.id ORDER BY p.created_at, p.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);

  json_builder_set_member_name (builder, "posts");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 1));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

/* Posts without a time of their own fall in no period; a round says how
 * many the incident holds, so that its figures do not seem to be all there
 * is (an archive imported after the fact may be mostly such posts). Posts
 * marked off-topic are in no figure, these included. */
static gboolean
add_untimed (PeilIncident  *self,
             JsonBuilder   *builder,
             GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "SELECT count(*) FROM post p WHERE p.created_at = 0 AND " PEIL_SQL_ON_TOPIC, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return peil_database_set_error (self->db, error);
  json_builder_set_member_name (builder, "untimed");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

static void
add_effect (JsonBuilder      *builder,
            GEnumClass       *verdicts,
            const PeilEffect *effect)
{
  json_builder_begin_object (builder);
  if (effect->tag != NULL)
    {
      json_builder_set_member_name (builder, "tag");
      json_builder_add_string_value (builder, effect->tag);
    }
  else
    {
      json_builder_set_member_name (builder, "rumour");
      json_builder_add_int_value (builder, effect->rumour_id);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, effect->label);
    }
  json_builder_set_member_name (builder, "before");
  json_builder_add_int_value (builder, effect->before);
  json_builder_set_member_name (builder, "after");
  json_builder_add_int_value (builder, effect->after);
  json_builder_set_member_name (builder, "rate_before");
  json_builder_add_double_value (builder, effect->rate_before);
  json_builder_set_member_name (builder, "rate_after");
  json_builder_add_double_value (builder, effect->rate_after);
  json_builder_set_member_name (builder, "expected");
  json_builder_add_double_value (builder, effect->expected);
  json_builder_set_member_name (builder, "expected_low");
  json_builder_add_int_value (builder, effect->expected_low);
  json_builder_set_member_name (builder, "expected_high");
  json_builder_add_int_value (builder, effect->expected_high);
  json_builder_set_member_name (builder, "verdict");
  /* By its nick, "too-few", as `peil-cli effect --json` writes it. */
  json_builder_add_string_value (builder, g_enum_get_value (verdicts, effect->verdict)->value_nick);
  json_builder_end_object (builder);
}

static gboolean
add_message (PeilIncident       *self,
             JsonBuilder        *builder,
             const PeilMessage  *message,
             gint64              end,
             GError            **error)
{
  g_autoptr(GPtrArray) effects = peil_incident_compute_effects (self, message->id, PEIL_EFFECT_DEFAULT_WINDOW, end,
                                                                error);
  g_autoptr(GEnumClass) verdicts = g_type_class_ref (PEIL_TYPE_EFFECT_VERDICT);

  if (effects == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, message->id);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, message->channel);
  json_builder_set_member_name (builder, "time");
  json_builder_add_int_value (builder, message->time);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, message->text);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; message->tags != NULL && message->tags[i] != NULL; i++)
    json_builder_add_string_value (builder, message->tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rumours");
  json_builder_begin_array (builder);
  for (guint i = 0; message->rumours != NULL && i < message->rumours->len; i++)
    json_builder_add_int_value (builder, g_array_index (message->rumours, gint64, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "effects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < effects->len; i++)
    add_effect (builder, verdicts, g_ptr_array_index (effects, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

/* Our own messages of the period, each with the public's posts on what it
 * addressed before and after it, and what was rising unanswered: all
 * counted as at the period's end, so that an issued round keeps what the
 * team was told, however messages are tagged later. Tags are stored as
 * codes and labelled in the report's language when it is read; a rumour
 * by its claim as it stood. */
static gboolean
add_communication (PeilIncident  *self,
                   JsonBuilder   *builder,
                   gint64         start,
                   gint64         end,
                   GError       **error)
{
  g_autoptr(GPtrArray) messages = peil_incident_list_messages (self, start, end, error);
  g_autoptr(GPtrArray) unanswered = NULL;

  if (messages == NULL ||
      !(unanswered = peil_incident_list_unanswered (self, PEIL_EFFECT_DEFAULT_WINDOW, end, error)))
    return FALSE;

  json_builder_set_member_name (builder, "communication");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "window");
  json_builder_add_int_value (builder, PEIL_EFFECT_DEFAULT_WINDOW);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    if (!add_message (self, builder, g_ptr_array_index (messages, i), end, error))
      return FALSE;
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "unanswered");
  json_builder_begin_array (builder);
  for (guint i = 0; i < unanswered->len; i++)
    {
      PeilUnanswered *item = g_ptr_array_index (unanswered, i);

      json_builder_begin_object (builder);
      if (item->tag != NULL)
        {
          json_builder_set_member_name (builder, "tag");
          json_builder_add_string_value (builder, item->tag);
        }
      else
        {
          json_builder_set_member_name (builder, "rumour");
          json_builder_add_int_value (builder, item->rumour_id);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, item->label);
        }
      json_builder_set_member_name (builder, "recent");
      json_builder_add_int_value (builder, item->recent);
      json_builder_set_member_name (builder, "previous");
      json_builder_add_int_value (builder, item->previous);
      json_builder_set_member_name (builder, "last_answered");
      json_builder_add_int_value (builder, item->last_answered);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

static gboolean
build_figures (PeilIncident  *self,
               JsonBuilder   *builder,
               gint64         start,
               gint64         end,
               GError       **error)
{
  g_autoptr(PeilFilter) period = peil_filter_new ();
  g_autoptr(PeilCounts) counts = NULL;

  peil_filter_set_range (period, start, end);
  if (!(counts = peil_incident_count (self, period, error)))
    return FALSE;

  json_builder_begin_object (builder);
  /* Readers of older snapshots can tell what they hold: version 2 added
   * "untimed", version 3 "off_topic" (the period's posts marked off-topic,
   * which no other figure counts), version 4 "communication" (our own
   * messages, their effects and what was unanswered). */
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 4);
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, end);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, counts->total);
  json_builder_set_member_name (builder, "off_topic");
  json_builder_add_int_value (builder, counts->off_topic);
  add_count_rows (builder, "sources", counts->sources, FALSE, FALSE);
  add_count_rows (builder, "hours", counts->hours, TRUE, FALSE);
  add_count_rows (builder, "tags", counts->tags, FALSE, TRUE);
  add_count_rows (builder, "untagged", counts->untagged, FALSE, FALSE);
  if (!add_untimed (self, builder, error) ||
      !add_rumours (self, builder, start, end, error) ||
      !add_tagged_posts (self, builder, start, end, error) ||
      !add_communication (self, builder, start, end, error))
    return FALSE;
  json_builder_end_object (builder);
  return TRUE;
}

/**
 * peil_incident_compute_figures:
 *
 * Counts what a round over [@start, @end) reports: posts per source, per
 * hour, per tag, untagged per dimension, the rumour register as it stood,
 * which tagged posts the figures rest on, and our own messages of the
 * period with their effects and what was left unanswered at @end, all
 * read at one moment.
 *
 * Returns: (transfer full): the figures as JSON, or %NULL with @error set
 */
char *
peil_incident_compute_figures (PeilIncident  *self,
                               gint64         start,
                               gint64         end,
                               GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean built;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!peil_database_begin_read (self->db, error))
    return NULL;
  built = build_figures (self, builder, start, end, error);
  peil_database_end_read (self->db);
  if (!built)
    return NULL;

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * peil_incident_issue_round:
 *
 * Marks round @number as issued to the crisis team and freezes its
 * figures: reports of it show what the team was told, whatever is
 * tagged later. Its texts can no longer be changed.
 *
 * The figures are counted first, at one moment, and the write lock is
 * held only to store them, so that a large round keeps nobody else's
 * tagging waiting. A round changed by someone else meanwhile is refused.
 */
gboolean
peil_incident_issue_round (PeilIncident  *self,
                           guint          number,
                           GError       **error)
{
  g_autoptr(PeilRound) counted = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 end;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!(counted = get_draft_round (self, number, error)))
    return FALSE;
  end = peil_round_get_period_end (counted);
  if (!(figures = peil_incident_compute_figures (self, counted->period_start, end, error)) ||
      !peil_database_begin (self->db, error))
    return FALSE;

  done = (round = get_draft_round (self, number, error)) != NULL;
  if (done && (round->period_start != counted->period_start || round->period_end != counted->period_end))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("The period of round %u was changed while its figures were counted; issue it again"), number);
      done = FALSE;
    }
  done = done && (stmt = peil_database_statement (self->db, "UPDATE round SET issued_at = ?, issued_by = ?, snapshot = ?,"
                                                            " period_end = ? WHERE id = ?", error)) != NULL;
  if (done)
    {
      sqlite3_bind_int64 (stmt, 1, now ());
      sqlite3_bind_text (stmt, 2, peil_incident_get_analyst (self), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, figures, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, end);
      sqlite3_bind_int64 (stmt, 5, round->id);
      done = peil_database_run (self->db, stmt, error);
    }
  detail = g_strdup_printf ("%u", number);
  return finish_change (self, done, "round-issued", 0, detail, error);
}

static void
issue_in_thread (GTask        *task,
                 PeilIncident *connection,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (peil_incident_issue_round (connection, GPOINTER_TO_UINT (task_data), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * peil_incident_issue_round_async:
 *
 * Issues a round as peil_incident_issue_round() does, counting on a
 * worker thread: a day's round of a million posts takes seconds.
 */
void
peil_incident_issue_round_async (PeilIncident        *self,
                                 guint                number,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PEIL_IS_INCIDENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_incident_issue_round_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (number), NULL);
  peil_incident_run_in_thread (self, task, issue_in_thread);
}

/**
 * peil_incident_issue_round_finish:
 * @self: a #PeilIncident
 * @result: the #GAsyncResult passed to the callback of
 *   peil_incident_issue_round_async()
 * @error: return location for a #GError
 *
 * Finishes issuing a round; call it on the thread that started it.
 *
 * Returns: %TRUE when the round was issued; %FALSE with @error set as
 *   peil_incident_issue_round() would set it, or with %G_IO_ERROR_CANCELLED
 *   when the cancellable was cancelled (the round may have been issued
 *   all the same: read it again)
 */
gboolean
peil_incident_issue_round_finish (PeilIncident  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The rumour register */

static gboolean
read_rumour_parts (PeilIncident  *self,
                   PeilRumour    *rumour,
                   GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = peil_database_statement (self->db, "SELECT rp.post_id, rp.linked_automatically"
                                              " FROM rumour_post rp JOIN post p ON p.id = rp.post_id"
                                              " WHERE rp.rumour_id = ? ORDER BY p.created_at, p.id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rumour->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 post_id = sqlite3_column_int64 (stmt, 0);
      gboolean automatic = sqlite3_column_int (stmt, 1) != 0;

      g_array_append_val (rumour->posts, post_id);
      g_array_append_val (rumour->automatic, automatic);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);

  if (!(stmt = peil_database_statement (self->db, "SELECT status, changed_at, analyst FROM rumour_status"
                                              " WHERE rumour_id = ? ORDER BY id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rumour->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PeilRumourChange *change = g_new0 (PeilRumourChange, 1);

      change->status = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      change->changed_at = sqlite3_column_int64 (stmt, 1);
      change->analyst = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      g_ptr_array_add (rumour->history, change);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

static PeilRumour *
rumour_from_row (sqlite3_stmt *stmt)
{
  PeilRumour *rumour = peil_rumour_new_empty ();

  rumour->id = sqlite3_column_int64 (stmt, 0);
  rumour->claim = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  rumour->status = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  rumour->first_seen = sqlite3_column_int64 (stmt, 3);
  rumour->response = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  rumour->story_id = sqlite3_column_int64 (stmt, 5);
  rumour->response_message = sqlite3_column_int64 (stmt, 6);
  return rumour;
}

#define RUMOUR_COLUMNS "id, claim, status, first_seen, response, coalesce (story_id, 0), coalesce (response_message_id, 0)"

/**
 * peil_incident_list_rumours:
 *
 * Reads the whole rumour register.
 *
 * Returns: (transfer container) (element-type PeilRumour): the rumour
 *   register, first seen first
 */
GPtrArray *
peil_incident_list_rumours (PeilIncident  *self,
                            GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  return load_objects (self, "SELECT " RUMOUR_COLUMNS " FROM rumour ORDER BY first_seen, id", 0,
                       (RowFunc)rumour_from_row, (PartsFunc)read_rumour_parts, error);
}

/**
 * peil_incident_get_rumour:
 *
 * Reads one rumour of the register from the file, with its posts and history.
 *
 * Returns: (transfer full): the rumour, or %NULL with @error set
 */
PeilRumour *
peil_incident_get_rumour (PeilIncident  *self,
                          gint64         id,
                          GError       **error)
{
  g_autoptr(GPtrArray) rumours = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  if (!(rumours = load_objects (self, "SELECT " RUMOUR_COLUMNS " FROM rumour WHERE id = ?", id,
                                (RowFunc)rumour_from_row, (PartsFunc)read_rumour_parts, error)))
    return NULL;
  if (rumours->len == 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                   _("The rumour register has no rumour %lld"), (long long)id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (rumours, 0));
}

static gboolean
record_status (PeilIncident  *self,
               gint64         rumour_id,
               const char    *status,
               GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "INSERT INTO rumour_status (rumour_id, status, changed_at, analyst)"
                                                      " VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rumour_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now ());
  sqlite3_bind_text (stmt, 4, peil_incident_get_analyst (self), -1, SQLITE_TRANSIENT);
  return peil_database_run (self->db, stmt, error);
}

/* Inserts the rumour, unverified, inside the caller's transaction. */
static gint64
insert_rumour (PeilIncident  *self,
               const char    *claim,
               gint64         first_seen,
               gint64         story_id,
               GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  if (!(stmt = peil_database_statement (self->db, "INSERT INTO rumour (claim, status, first_seen, created_at, story_id)"
                                              " VALUES (?, ?, ?, ?, ?) RETURNING id", error)))
    return 0;
  sqlite3_bind_text (stmt, 1, claim, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, PEIL_RUMOUR_UNVERIFIED, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, first_seen > 0 ? first_seen : now ());
  sqlite3_bind_int64 (stmt, 4, now ());
  if (story_id != 0)
    sqlite3_bind_int64 (stmt, 5, story_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      peil_database_set_error (self->db, error);
      return 0;
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return record_status (self, id, PEIL_RUMOUR_UNVERIFIED, error) ? id : 0;
}

static char *
trim_claim (const char  *claim,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (claim));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Say what the rumour claims"));
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

/**
 * peil_incident_add_rumour:
 * @claim: what the rumour says, in the analyst's words
 * @first_seen: when it was first seen, or 0 for now; linking an earlier
 *   post moves it back
 *
 * Registers a rumour as unverified.
 *
 * Returns: (transfer full): the rumour, or %NULL with @error set
 */
PeilRumour *
peil_incident_add_rumour (PeilIncident  *self,
                          const char    *claim,
                          gint64         first_seen,
                          GError       **error)
{
  g_autofree char *trimmed = NULL;
  gint64 id;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (claim != NULL, NULL);

  if (!(trimmed = trim_claim (claim, error)) || !peil_database_begin (self->db, error))
    return NULL;
  id = insert_rumour (self, trimmed, first_seen, 0, error);
  if (!finish_change (self, id != 0, "rumour-added", 0, trimmed, error))
    return NULL;
  return peil_incident_get_rumour (self, id, error);
}

/* The posts of a rumour's story, off-topic ones left out, that are not
 * linked to it yet: linked, marked as linked automatically, each logged
 * with no analyst (nobody linked it) and the claim. The same as the
 * triggers of peil_incident_follow_rumour_stories() do for a post that
 * joins the story later. */
static gboolean
link_story_posts (PeilIncident  *self,
                  gint64         rumour_id,
                  GError       **error)
{
  static const char * const steps[] = {
    "INSERT INTO event_log (time, action, post_id, detail)"
    " SELECT ?2, 'rumour-auto-linked', p.id, r.claim FROM rumour r JOIN post p ON p.story_id = r.story_id"
    " WHERE r.id = ?1 AND p.id NOT IN (SELECT post_id FROM post_dismissal)"
    " AND NOT EXISTS (SELECT 1 FROM rumour_post rp WHERE rp.rumour_id = r.id AND rp.post_id = p.id)"
    " ORDER BY p.created_at, p.id",
    "INSERT OR IGNORE INTO rumour_post (rumour_id, post_id, linked_automatically)"
    " SELECT r.id, p.id, 1 FROM rumour r JOIN post p ON p.story_id = r.story_id"
    " WHERE r.id = ?1 AND p.id NOT IN (SELECT post_id FROM post_dismissal)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      sqlite3_stmt *stmt = peil_database_statement (self->db, steps[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rumour_id);
      if (i == 0)
        sqlite3_bind_int64 (stmt, 2, now ());
      if (!peil_database_run (self->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * peil_incident_add_story_rumour:
 * @claim: (nullable): what the rumour says; %NULL or empty for the text of
 *   the story's first post
 * @story_id: the story (the id of its first post, see `peil-cli stories`)
 *
 * Registers a rumour, unverified, that follows a story: first seen when
 * the story's first post was, and linked to every post of the story,
 * now and as posts join it later (marked as linked automatically).
 *
 * Returns: (transfer full): the rumour, or %NULL with @error set
 */
PeilRumour *
peil_incident_add_story_rumour (PeilIncident  *self,
                                const char    *claim,
                                gint64         story_id,
                                GError       **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *first_text = NULL;
  g_autoptr(PeilPseudonymizer) names = NULL;
  sqlite3_stmt *stmt;
  gint64 first_seen = 0, followed_by = 0, id = 0;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  /* A claim taken from a post is the register's, about a rumour, not a
   * person: whom the post names is left out, here and in the log. */
  if (!(names = peil_incident_dup_pseudonymizer (self, error)) || !peil_database_begin (self->db, error))
    return NULL;
  if (!(stmt = peil_database_statement (self->db,
            "SELECT text, (SELECT min (created_at) FROM post WHERE story_id = ?1 AND created_at > 0),"
            " (SELECT min (id) FROM rumour WHERE story_id = ?1)"
            " FROM post WHERE story_id = ?1 ORDER BY created_at, id LIMIT 1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, story_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      found = TRUE;
      first_text = peil_pseudonymizer_dup_text (names, (const char *)sqlite3_column_text (stmt, 0));
      first_seen = sqlite3_column_int64 (stmt, 1);
      followed_by = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      goto failed;
    }
  if (!found)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                   _("No post belongs to story %lld; `peil-cli stories` lists the stories"), (long long)story_id);
      goto failed;
    }
  if (followed_by != 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("Rumour %lld already follows story %lld"), (long long)followed_by, (long long)story_id);
      goto failed;
    }
  if (!(trimmed = trim_claim (claim != NULL && *claim != '\0' ? claim : first_text ? first_text : "", error)))
    goto failed;

  id = insert_rumour (self, trimmed, first_seen, story_id, error);
  if (id == 0 || !link_story_posts (self, id, error) ||
      !peil_incident_log_event (self, "rumour-added", 0, NULL, trimmed, error))
    goto failed;
  if (!finish_change (self, TRUE, "rumour-follows-story", story_id, trimmed, error))
    return NULL;
  return peil_incident_get_rumour (self, id, error);

failed:
  peil_database_rollback (self->db);
  return NULL;
}

/*
 * peil_incident_follow_rumour_stories:
 *
 * Makes this connection link a post to the rumours that follow its story
 * as the post joins the story, whoever puts it there (an import, a
 * gathering run, the stories' pass over older posts, a colleague's post
 * received from the team): temporary triggers, this connection's own, so
 * no schema step. A post linked so is marked as linked automatically and
 * logged as "rumour-auto-linked" with no analyst, in the transaction that
 * gave it its story; an off-topic post is not linked. An earlier post
 * moves the rumour's first sighting back, as linking it by hand does.
 */
gboolean
peil_incident_follow_rumour_stories (PeilIncident  *self,
                                     GError       **error)
{
#define LINK_NEW_POST \
  "INSERT INTO event_log (time, action, post_id, detail)" \
  "  SELECT unixepoch (), 'rumour-auto-linked', new.id, r.claim FROM rumour r WHERE r.story_id = new.story_id" \
  "  AND NOT EXISTS (SELECT 1 FROM rumour_post rp WHERE rp.rumour_id = r.id AND rp.post_id = new.id);" \
  "INSERT OR IGNORE INTO rumour_post (rumour_id, post_id, linked_automatically)" \
  "  SELECT id, new.id, 1 FROM rumour WHERE story_id = new.story_id;" \
  "UPDATE rumour SET first_seen = new.created_at" \
  "  WHERE story_id = new.story_id AND new.created_at > 0 AND new.created_at < first_seen;"

/* One look at the (short) register per post that gets a story: an
 * import of many posts pays no more. */
#define FOLLOWED "new.story_id IN (SELECT story_id FROM rumour WHERE story_id IS NOT NULL)"

  return peil_database_exec (self->db,
      "CREATE TEMP TRIGGER IF NOT EXISTS peil_rumour_story_insert AFTER INSERT ON main.post"
      " WHEN new.story_id IS NOT NULL AND " FOLLOWED " BEGIN " LINK_NEW_POST " END;"
      "CREATE TEMP TRIGGER IF NOT EXISTS peil_rumour_story_update AFTER UPDATE OF story_id ON main.post"
      " WHEN new.story_id IS NOT NULL AND new.story_id IS NOT old.story_id AND " FOLLOWED
      " AND NOT EXISTS (SELECT 1 FROM post_dismissal WHERE post_id = new.id)"
      " BEGIN " LINK_NEW_POST " END;", error);
#undef FOLLOWED
#undef LINK_NEW_POST
}

/**
 * peil_incident_set_rumour_status:
 * @status: one of the PEIL_RUMOUR_… statuses
 *
 * Changes a rumour's status and keeps the change in its history.
 */
gboolean
peil_incident_set_rumour_status (PeilIncident  *self,
                                 gint64         id,
                                 const char    *status,
                                 GError       **error)
{
  g_autoptr(PeilRumour) rumour = NULL;
  const char *canonical = peil_rumour_status_from_string (status);
  sqlite3_stmt *stmt;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (canonical == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not a rumour status; use unverified, confirmed, false or debunked"),
                   status ? status : "");
      return FALSE;
    }
  if (!peil_database_begin (self->db, error))
    return FALSE;
  done = (rumour = peil_incident_get_rumour (self, id, error)) != NULL &&
         (stmt = peil_database_statement (self->db, "UPDATE rumour SET status = ? WHERE id = ?", error)) != NULL;
  if (done && g_strcmp0 (rumour->status, canonical) != 0)
    {
      sqlite3_bind_text (stmt, 1, canonical, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, id);
      done = peil_database_run (self->db, stmt, error) && record_status (self, id, canonical, error);
    }
  return finish_change (self, done, "rumour-status", 0, canonical, error);
}

/**
 * peil_incident_set_rumour_response:
 *
 * Records the response given to a rumour (a correction, a Q&A line).
 */
gboolean
peil_incident_set_rumour_response (PeilIncident  *self,
                                   gint64         id,
                                   const char    *response,
                                   GError       **error)
{
  g_autoptr(PeilRumour) rumour = NULL;
  sqlite3_stmt *stmt;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  if (!peil_database_begin (self->db, error))
    return FALSE;
  done = (rumour = peil_incident_get_rumour (self, id, error)) != NULL &&
         (stmt = peil_database_statement (self->db, "UPDATE rumour SET response = ? WHERE id = ?", error)) != NULL;
  if (done)
    {
      sqlite3_bind_text (stmt, 1, response, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, id);
      done = peil_database_run (self->db, stmt, error);
    }
  return finish_change (self, done, "rumour-response", 0, rumour ? rumour->claim : NULL, error);
}

/**
 * peil_incident_link_rumour_post:
 * @linked: %TRUE to link, %FALSE to unlink
 *
 * Links a post that spreads (or answers) the rumour; a post older than
 * the rumour's first sighting moves that back.
 */
gboolean
peil_incident_link_rumour_post (PeilIncident  *self,
                                gint64         id,
                                gint64         post_id,
                                gboolean       linked,
                                GError       **error)
{
  g_autoptr(PeilRumour) rumour = NULL;
  sqlite3_stmt *stmt;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!peil_database_begin (self->db, error))
    return FALSE;
  done = (rumour = peil_incident_get_rumour (self, id, error)) != NULL &&
         peil_incident_require_post (self, post_id, error) &&
         (stmt = peil_database_statement (self->db, linked
                                          ? "INSERT OR IGNORE INTO rumour_post (rumour_id, post_id) VALUES (?, ?)"
                                          : "DELETE FROM rumour_post WHERE rumour_id = ? AND post_id = ?",
                                          error)) != NULL;
  if (done)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, post_id);
      done = peil_database_run (self->db, stmt, error);
    }
  if (done && linked &&
      (stmt = peil_database_statement (self->db, "UPDATE rumour SET first_seen = min (first_seen, coalesce ("
                                             " (SELECT created_at FROM post WHERE id = ?2 AND created_at > 0), first_seen))"
                                             " WHERE id = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, post_id);
      done = peil_database_run (self->db, stmt, error);
    }
  else if (done && linked)
    done = FALSE;
  return finish_change (self, done, linked ? "rumour-linked" : "rumour-unlinked", post_id,
                        rumour ? rumour->claim : NULL, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-error.h"
#include "peil-incident-private.h"

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

static gboolean
insert_tag_row (PeilIncident  *self,
                gint64         dimension_id,
                PeilTag       *tag,
                int            position,
                GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db,
      "INSERT INTO tag (dimension_id, code, label_nl, label_en, definition_nl, definition_en, hidden, position)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dimension_id);
  sqlite3_bind_text (stmt, 2, peil_tag_get_code (tag), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, peil_tag_get_label_for (tag, "nl"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, peil_tag_get_label_for (tag, "en"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, peil_tag_get_definition_for (tag, "nl"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, peil_tag_get_definition_for (tag, "en"), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, peil_tag_get_hidden (tag));
  sqlite3_bind_int (stmt, 8, position);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return peil_database_set_error (self->db, error);
  peil_tag_set_id (tag, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

/* Inside the caller's transaction: writes @taxonomy into a new file, so
 * that the file describes itself. */
gboolean
peil_incident_store_taxonomy (PeilIncident  *self,
                              PeilTaxonomy  *taxonomy,
                              GError       **error)
{
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);

  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);
      sqlite3_stmt *stmt;
      gint64 dimension_id;

      if (!(stmt = peil_database_statement (self->db,
                "INSERT INTO dimension (code, label_nl, label_en, description_nl, description_en,"
                "                       single_choice, facet, position)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, peil_dimension_get_code (dimension), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, peil_dimension_get_label_for (dimension, "nl"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, peil_dimension_get_label_for (dimension, "en"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, peil_dimension_get_description_for (dimension, "nl"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, peil_dimension_get_description_for (dimension, "en"), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, peil_dimension_get_single_choice (dimension));
      sqlite3_bind_int (stmt, 7, peil_dimension_get_facet (dimension));
      sqlite3_bind_int (stmt, 8, i);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return peil_database_set_error (self->db, error);
      dimension_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      for (guint j = 0; j < tags->len; j++)
        if (!insert_tag_row (self, dimension_id, g_ptr_array_index (tags, j), j, error))
          return FALSE;
    }

  return TRUE;
}

PeilTaxonomy *
peil_incident_load_taxonomy (PeilIncident  *self,
                             GError       **error)
{
  g_autoptr(PeilTaxonomy) taxonomy = peil_taxonomy_new ();
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = peil_database_statement (self->db,
            "SELECT id, code, label_nl, label_en, description_nl, description_en, single_choice, facet"
            " FROM dimension ORDER BY position", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PeilDimension) dimension =
        peil_dimension_new (column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3),
                            sqlite3_column_int (stmt, 6), sqlite3_column_int (stmt, 7));

      peil_dimension_set_id (dimension, sqlite3_column_int64 (stmt, 0));
      peil_dimension_set_descriptions (dimension, column_text (stmt, 4), column_text (stmt, 5));
      peil_taxonomy_add_dimension (taxonomy, dimension);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }

  if (!(stmt = peil_database_statement (self->db,
            "SELECT t.id, t.code, d.code, t.label_nl, t.label_en, t.definition_nl, t.definition_en, t.hidden"
            " FROM tag t JOIN dimension d ON d.id = t.dimension_id ORDER BY d.position, t.position", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PeilTag) tag =
        peil_tag_new (column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3),
                      column_text (stmt, 4), column_text (stmt, 5), column_text (stmt, 6));

      peil_tag_set_id (tag, sqlite3_column_int64 (stmt, 0));
      peil_tag_set_hidden (tag, sqlite3_column_int (stmt, 7));
      peil_taxonomy_add_tag (taxonomy, tag);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&taxonomy);
}

PeilTag *
peil_incident_require_tag (PeilIncident  *self,
                           const char    *code,
                           GError       **error)
{
  PeilTag *tag = peil_taxonomy_lookup_tag (self->taxonomy, code);

  if (tag == NULL)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG,
                 _("Unknown tag “%s”; “peil-cli taxonomy” lists the tags of this incident"), code);
  return tag;
}

/* Codes travel in NDJSON, CSV cells, the command line and keyboard
 * shortcuts: plain letters, digits and dashes, as the method's own. */
static gboolean
is_tag_code (const char *code)
{
  gsize length = strlen (code);

  if (length == 0 || length > 40 || !g_ascii_isalnum (code[0]))
    return FALSE;
  for (const char *p = code; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/*
 * peil_incident_insert_tag_definition:
 *
 * Inside the caller's transaction: stores @tag, whose dimension exists,
 * after its dimension's last tag, and logs it. The caller adds it to the
 * taxonomy once the transaction is committed.
 */
gboolean
peil_incident_insert_tag_definition (PeilIncident  *self,
                                     PeilTag       *tag,
                                     GError       **error)
{
  PeilDimension *dimension = peil_taxonomy_lookup_dimension (self->taxonomy, peil_tag_get_dimension_code (tag));

  if (!is_tag_code (peil_tag_get_code (tag)))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” cannot be a tag’s code: use letters, digits and dashes, such as IB-ASBEST"),
                   peil_tag_get_code (tag));
      return FALSE;
    }
  if (dimension == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("Unknown dimension “%s”"), peil_tag_get_dimension_code (tag));
      return FALSE;
    }
  return insert_tag_row (self, peil_dimension_get_id (dimension), tag,
                         peil_dimension_get_tags (dimension)->len, error) &&
         peil_incident_log_event (self, "tag-added", 0, peil_tag_get_code (tag),
                                  peil_tag_get_label_for (tag, "nl"), error);
}

/**
 * peil_incident_add_tag_definition:
 *
 * Adds a tag of the incident's own to a dimension, after its last tag.
 *
 * Returns: (transfer none): the new tag, or %NULL with @error set
 */
PeilTag *
peil_incident_add_tag_definition (PeilIncident  *self,
                                  const char    *dimension_code,
                                  const char    *code,
                                  const char    *label_nl,
                                  const char    *label_en,
                                  GError       **error)
{
  g_autoptr(PeilTag) tag = NULL;
  PeilDimension *dimension;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (!(dimension = peil_taxonomy_lookup_dimension (self->taxonomy, dimension_code)))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("Unknown dimension “%s”"), dimension_code ? dimension_code : "");
      return NULL;
    }
  if (!is_tag_code (code))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” cannot be a tag’s code: use letters, digits and dashes, such as IB-ASBEST"), code);
      return NULL;
    }
  if (peil_taxonomy_lookup_tag (self->taxonomy, code) != NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS,
                   _("There is already a tag “%s”"), code);
      return NULL;
    }
  if ((label_nl == NULL || !*label_nl) && (label_en == NULL || !*label_en))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A tag needs a label"));
      return NULL;
    }

  tag = peil_tag_new (code, peil_dimension_get_code (dimension),
                      label_nl && *label_nl ? label_nl : NULL,
                      label_en && *label_en ? label_en : NULL, NULL, NULL);

  if (!peil_database_begin (self->db, error))
    return NULL;
  if (!peil_incident_insert_tag_definition (self, tag, error) ||
      !peil_database_commit (self->db, error))
    {
      peil_database_rollback (self->db);
      return NULL;
    }

  peil_taxonomy_add_tag (self->taxonomy, tag);
  return tag;
}

/* Runs @stmt, which changes one tag's row, and logs it, in one transaction. */
static gboolean
change_tag (PeilIncident  *self,
            sqlite3_stmt  *stmt,
            const char    *action,
            PeilTag       *tag,
            const char    *detail,
            GError       **error)
{
  if (peil_database_run (self->db, stmt, error) &&
      peil_incident_log_event (self, action, 0, peil_tag_get_code (tag), detail, error) &&
      peil_database_commit (self->db, error))
    return TRUE;
  peil_database_rollback (self->db);
  return FALSE;
}

/**
 * peil_incident_rename_tag:
 * @self: a #PeilIncident
 * @code: the tag's code
 * @language: (nullable): "nl" (or a Dutch locale such as "nl_NL") for the
 *   Dutch label; any other value, %NULL too, for the English one
 * @label: the new label; not empty
 * @error: return location for a #GError
 *
 * Changes one of a tag's labels in the file and in the incident's
 * taxonomy, and logs it (`tag-renamed`) in the same transaction. Its code,
 * and so the tags already given, stay.
 *
 * Returns: %TRUE on success; %FALSE with @error set for an unknown tag
 *   (%PEIL_ERROR_UNKNOWN_TAG), an empty label, or a file that cannot be
 *   written
 */
gboolean
peil_incident_rename_tag (PeilIncident  *self,
                          const char    *code,
                          const char    *language,
                          const char    *label,
                          GError       **error)
{
  sqlite3_stmt *stmt;
  PeilTag *tag;
  gboolean dutch = g_str_has_prefix (language ? language : "", "nl");

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!(tag = peil_incident_require_tag (self, code, error)))
    return FALSE;
  if (label == NULL || *label == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A tag needs a label"));
      return FALSE;
    }

  if (!peil_database_begin (self->db, error))
    return FALSE;
  stmt = peil_database_statement (self->db, dutch ? "UPDATE tag SET label_nl = ? WHERE id = ?"
                                                  : "UPDATE tag SET label_en = ? WHERE id = ?", error);
  if (stmt == NULL)
    {
      peil_database_rollback (self->db);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, label, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, peil_tag_get_id (tag));
  if (!change_tag (self, stmt, "tag-renamed", tag, label, error))
    return FALSE;

  peil_tag_set_label_for (tag, dutch ? "nl" : "en", label);
  return TRUE;
}

/**
 * peil_incident_set_tag_hidden:
 * @self: a #PeilIncident
 * @code: the tag's code
 * @hidden: %TRUE to hide the tag, %FALSE to show it again
 * @error: return location for a #GError
 *
 * Hides a tag, or shows it again, in the file and in the incident's
 * taxonomy, and logs it (`tag-hidden`, `tag-shown`) in the same
 * transaction. A hidden tag is no longer offered for tagging; the posts
 * that carry it keep it, and it still counts.
 *
 * Returns: %TRUE on success; %FALSE with @error set for an unknown tag
 *   (%PEIL_ERROR_UNKNOWN_TAG) or a file that cannot be written
 */
gboolean
peil_incident_set_tag_hidden (PeilIncident  *self,
                              const char    *code,
                              gboolean       hidden,
                              GError       **error)
{
  sqlite3_stmt *stmt;
  PeilTag *tag;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!(tag = peil_incident_require_tag (self, code, error)) || !peil_database_begin (self->db, error))
    return FALSE;

  if (!(stmt = peil_database_statement (self->db, "UPDATE tag SET hidden = ? WHERE id = ?", error)))
    {
      peil_database_rollback (self->db);
      return FALSE;
    }
  sqlite3_bind_int (stmt, 1, !!hidden);
  sqlite3_bind_int64 (stmt, 2, peil_tag_get_id (tag));
  if (!change_tag (self, stmt, hidden ? "tag-hidden" : "tag-shown", tag, NULL, error))
    return FALSE;

  peil_tag_set_hidden (tag, hidden);
  return TRUE;
}

/* Takes @tag off the post: @analyst_id's, or everyone's when 0. */
static gboolean
remove_tag_row (PeilIncident  *self,
                gint64         post_id,
                PeilTag       *tag,
                gint64         analyst_id,
                const char    *why,
                gboolean      *out_removed,
                GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db,
      "DELETE FROM post_tag WHERE post_id = ?1 AND tag_id = ?2 AND (?3 = 0 OR analyst_id = ?3)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  sqlite3_bind_int64 (stmt, 2, peil_tag_get_id (tag));
  sqlite3_bind_int64 (stmt, 3, analyst_id);
  if (!peil_database_run (self->db, stmt, error))
    return FALSE;

  *out_removed = peil_database_changes (self->db) > 0;
  if (*out_removed)
    return peil_incident_log_event (self, "untag", post_id, peil_tag_get_code (tag), why, error);
  return TRUE;
}

/*
 * peil_incident_apply_tag:
 *
 * Inside the caller's transaction: puts @tag on the post unless it is
 * there already, and in a single-choice dimension (a facet such as rumour
 * status) takes the post's other value in that dimension off.
 */
gboolean
peil_incident_apply_tag (PeilIncident  *self,
                         gint64         post_id,
                         PeilTag       *tag,
                         const char    *analyst,
                         gint64         tagged_at,
                         const char    *why,
                         GError       **error)
{
  PeilDimension *dimension = peil_taxonomy_lookup_dimension (self->taxonomy, peil_tag_get_dimension_code (tag));
  sqlite3_stmt *stmt;
  gint64 analyst_id;

  if (peil_dimension_get_single_choice (dimension))
    {
      GPtrArray *siblings = peil_dimension_get_tags (dimension);

      for (guint i = 0; i < siblings->len; i++)
        {
          PeilTag *sibling = g_ptr_array_index (siblings, i);
          gboolean removed;

          if (sibling != tag && !remove_tag_row (self, post_id, sibling, 0, "replaced", &removed, error))
            return FALSE;
        }
    }

  if (!peil_incident_analyst_id (self, analyst, &analyst_id, error))
    return FALSE;

  if (!(stmt = peil_database_statement (self->db,
            "INSERT INTO post_tag (post_id, tag_id, analyst_id, tagged_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  sqlite3_bind_int64 (stmt, 2, peil_tag_get_id (tag));
  sqlite3_bind_int64 (stmt, 3, analyst_id);
  sqlite3_bind_int64 (stmt, 4, tagged_at > 0 ? tagged_at : g_get_real_time () / G_USEC_PER_SEC);
  if (!peil_database_run (self->db, stmt, error))
    return FALSE;

  /* A tag from the team is logged at the time it was given, so that every
   * replica's log (and an exercise's score read from it) tells the same time. */
  if (peil_database_changes (self->db) > 0)
    return peil_incident_log_event_at (self, g_strcmp0 (why, "team") == 0 ? tagged_at : 0,
                                       "tag", post_id, peil_tag_get_code (tag), why, error);
  return TRUE;
}

gboolean
peil_incident_require_post (PeilIncident  *self,
                            gint64         post_id,
                            GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "SELECT 1 FROM post WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    peil_incident_set_unknown_post_error (post_id, error);
  else
    peil_database_set_error (self->db, error);
  return FALSE;
}

/**
 * peil_incident_tag_post:
 *
 * Tags a post in the name of #PeilIncident:analyst, now. Tagging a post
 * twice with one tag changes nothing.
 */
gboolean
peil_incident_tag_post (PeilIncident  *self,
                        gint64         post_id,
                        const char    *tag_code,
                        GError       **error)
{
  PeilTag *tag;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!(tag = peil_incident_require_tag (self, tag_code, error)) || !peil_database_begin (self->db, error))
    return FALSE;

  if (!peil_incident_require_post (self, post_id, error) ||
      !peil_incident_apply_tag (self, post_id, tag, NULL, 0, NULL, error) ||
      !peil_database_commit (self->db, error))
    {
      peil_database_rollback (self->db);
      return FALSE;
    }

  peil_incident_emit_tags_changed (self, post_id);
  return TRUE;
}

/**
 * peil_incident_untag_post:
 *
 * Takes #PeilIncident:analyst's tag off a post; a colleague's same tag
 * stays, as a tag belongs to the analyst who gave it. In a single-choice
 * dimension (a facet such as rumour status) the post's one value comes
 * off, whoever chose it. Logged, so the log shows who undid what.
 * Untagging a tag the post does not carry changes nothing.
 */
gboolean
peil_incident_untag_post (PeilIncident  *self,
                          gint64         post_id,
                          const char    *tag_code,
                          GError       **error)
{
  PeilDimension *dimension;
  gboolean removed = FALSE;
  gint64 analyst_id = 0;
  PeilTag *tag;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!(tag = peil_incident_require_tag (self, tag_code, error)) || !peil_database_begin (self->db, error))
    return FALSE;

  dimension = peil_taxonomy_lookup_dimension (self->taxonomy, peil_tag_get_dimension_code (tag));
  if (!peil_incident_require_post (self, post_id, error) ||
      (!peil_dimension_get_single_choice (dimension) && !peil_incident_analyst_id (self, NULL, &analyst_id, error)) ||
      !remove_tag_row (self, post_id, tag, analyst_id, NULL, &removed, error) ||
      !peil_database_commit (self->db, error))
    {
      peil_database_rollback (self->db);
      return FALSE;
    }

  if (removed)
    peil_incident_emit_tags_changed (self, post_id);
  return TRUE;
}

/*
 * peil_incident_apply_off_topic:
 * @analyst: (nullable): who marked it; #PeilIncident:analyst when %NULL
 * @at: when, or 0 for now
 * @why: (nullable): the log line's detail ("team" for a change from the team)
 * @out_changed: (out) (optional): whether the mark was put on or taken off
 *
 * Inside the caller's transaction: marks a post off-topic, or takes the
 * mark off, and logs it as "off-topic" or "on-topic". A post marked
 * already keeps its first mark (who and when): marking it again changes
 * nothing, as does taking off a mark that is not there.
 */
gboolean
peil_incident_apply_off_topic (PeilIncident  *self,
                               gint64         post_id,
                               gboolean       off_topic,
                               const char    *analyst,
                               gint64         at,
                               const char    *why,
                               gboolean      *out_changed,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 analyst_id = 0;
  gboolean changed;

  if ((off_topic && !peil_incident_analyst_id (self, analyst, &analyst_id, error)) ||
      !(stmt = peil_database_statement (self->db, off_topic
              ? "INSERT INTO post_dismissal (post_id, analyst_id, dismissed_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"
              : "DELETE FROM post_dismissal WHERE post_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  if (off_topic)
    {
      sqlite3_bind_int64 (stmt, 2, analyst_id);
      sqlite3_bind_int64 (stmt, 3, at > 0 ? at : g_get_real_time () / G_USEC_PER_SEC);
    }
  if (!peil_database_run (self->db, stmt, error))
    return FALSE;
  changed = peil_database_changes (self->db) > 0;
  if (out_changed != NULL)
    *out_changed = changed;
  return !changed ||
         peil_incident_log_event_at (self, at, off_topic ? "off-topic" : "on-topic", post_id, NULL, why, error);
}

/**
 * peil_incident_mark_off_topic:
 * @off_topic: %TRUE to mark the post off-topic, %FALSE to take the mark off
 *
 * Marks a post off-topic in the name of #PeilIncident:analyst, now, or
 * takes the mark off (whoever made it): the post leaves (or returns to)
 * every count, chart and report. The change and its log line ("off-topic"
 * or "on-topic") share one transaction; #PeilIncident::tags-changed is
 * emitted for the post when something changed. Marking a marked post, or
 * unmarking an unmarked one, changes nothing.
 */
gboolean
peil_incident_mark_off_topic (PeilIncident  *self,
                              gint64         post_id,
                              gboolean       off_topic,
                              GError       **error)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!peil_database_begin (self->db, error))
    return FALSE;
  if (!peil_incident_require_post (self, post_id, error) ||
      !peil_incident_apply_off_topic (self, post_id, off_topic, NULL, 0, NULL, &changed, error) ||
      !peil_database_commit (self->db, error))
    {
      peil_database_rollback (self->db);
      return FALSE;
    }

  if (changed)
    peil_incident_emit_tags_changed (self, post_id);
  return TRUE;
}

/**
 * peil_incident_is_off_topic:
 *
 * Tells whether an analyst marked a post off-topic; such a post counts in no
 * figure.
 *
 * Returns: whether the post is marked off-topic; %FALSE with @error set
 *   when there is no such post
 */
gboolean
peil_incident_is_off_topic (PeilIncident  *self,
                            gint64         post_id,
                            GError       **error)
{
  gint64 marked = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (!peil_incident_require_post (self, post_id, error) ||
      !(stmt = peil_database_statement (self->db, "SELECT count(*) FROM post_dismissal WHERE post_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    marked = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return peil_database_set_error (self->db, error);
  return marked > 0;
}

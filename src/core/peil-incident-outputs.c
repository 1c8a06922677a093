/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident-outputs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-report.h"

/*
 * What leaves the incident — exports, reports, debriefs — and searches
 * that name a person are written to the processing log, so that the
 * record for the privacy officer (peil-privacy-record.c) can say what
 * was done with the data. The log only grows in a file Peil may write:
 * a read-only incident refuses these, rather than letting data leave
 * unlogged (docs/privacy.md).
 */

/**
 * peil_incident_check_loggable:
 *
 * Whether what is about to leave the incident can be logged, before
 * anything is written: refused for an incident opened read-only, or one
 * another program keeps writing to past the busy timeout. An output
 * whose line then fails all the same is removed again, and with it an
 * earlier file of its name: checking first keeps that rare.
 */
gboolean
peil_incident_check_loggable (PeilIncident  *self,
                              GError       **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  if (peil_incident_get_read_only (self))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY,
                           _("The incident file is read-only, so its processing log cannot record this; "
                             "Peil writes nothing from an incident without logging it"));
      return FALSE;
    }
  /* The write lock, taken and let go: waits out another writer. */
  if (!peil_database_begin (self->db, error))
    return FALSE;
  peil_database_rollback (self->db);
  return TRUE;
}

/* Logs @action with @builder's object, to which the name of @file (never
 * its folder, which may name a person) is added. An output whose line
 * cannot be stored is removed again: nothing leaves unlogged. */
static gboolean
log_output (PeilIncident  *self,
            const char    *action,
            JsonBuilder   *builder,
            GFile         *file,
            GError       **error)
{
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;

  if (name != NULL)
    {
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, name);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);

  if (peil_database_begin (self->db, error))
    {
      if (peil_incident_log_event (self, action, 0, NULL, detail, error) &&
          peil_database_commit (self->db, error))
        return TRUE;
      peil_database_rollback (self->db);
    }

  if (file != NULL)
    {
      g_file_delete (file, NULL, NULL);
      g_prefix_error (error, _("Removed “%s” again, as it could not be logged: "), name);
    }
  return FALSE;
}

static JsonBuilder *
begin_detail (const char *format)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format);
  return builder;
}

/**
 * peil_incident_log_export:
 * @format: what was written ("csv", "ndjson", "scenario")
 * @posts: how many posts were written
 *
 * Logs an export of posts written to @file; an export that cannot be
 * logged is removed again. Every export plugin's file is logged by
 * peil_exporter_export_file(); other writers of posts call this.
 */
gboolean
peil_incident_log_export (PeilIncident  *self,
                          const char    *format,
                          GFile         *file,
                          gint64         posts,
                          gboolean       pseudonymized,
                          GError       **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  builder = begin_detail (format);
  json_builder_set_member_name (builder, "posts");
  json_builder_add_int_value (builder, posts);
  json_builder_set_member_name (builder, "pseudonymized");
  json_builder_add_boolean_value (builder, pseudonymized);
  return log_output (self, "export", builder, file, error);
}

/**
 * peil_report_log_written:
 * @incident: the incident the report was made from
 * @format: the report plugin's format id ("html", "pdf")
 * @file: the report written
 *
 * Logs, on the thread that owns @incident, a report written to @file:
 * call it when the report plugin is done. A report that cannot be logged
 * is removed again.
 */
gboolean
peil_report_log_written (PeilReport    *self,
                         PeilIncident  *incident,
                         const char    *format,
                         GFile         *file,
                         GError       **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (PEIL_IS_REPORT (self), FALSE);
  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  builder = begin_detail (format);
  json_builder_set_member_name (builder, "round");
  json_builder_add_int_value (builder, peil_round_get_number (peil_report_get_round (self)));
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, peil_report_get_language (self));
  json_builder_set_member_name (builder, "names-shown");
  json_builder_add_boolean_value (builder, peil_report_get_shows_authors (self));
  return log_output (incident, "report", builder, file, error);
}

/**
 * peil_incident_log_debrief:
 * @trainees: how many trainee files the debrief scores
 *
 * Logs, in one trainee's incident, a debrief written to @file that
 * scores it. A debrief that cannot be logged is removed again.
 */
gboolean
peil_incident_log_debrief (PeilIncident  *self,
                           const char    *format,
                           guint          trainees,
                           GFile         *file,
                           GError       **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  builder = begin_detail (format);
  json_builder_set_member_name (builder, "trainees");
  json_builder_add_int_value (builder, trainees);
  return log_output (self, "debrief", builder, file, error);
}

/**
 * peil_incident_log_author_search:
 * @who: the name or handle searched for (#PeilFilter:author)
 * @matches: how many posts the search found
 *
 * Logs a search by author before its posts are shown. The log names @who
 * only when the incident's allow-list has it (an official account):
 * otherwise it says how many posts matched, so that the log itself is no
 * list of the residents someone looked up.
 */
gboolean
peil_incident_log_author_search (PeilIncident  *self,
                                 const char    *who,
                                 gint64         matches,
                                 GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean allowed;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (who != NULL, FALSE);

  if (!peil_incident_check_loggable (self, error))
    return FALSE;

  allowed = peil_incident_is_allow_listed (self, who);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "filter");
  json_builder_add_string_value (builder, "author");
  json_builder_set_member_name (builder, "matches");
  json_builder_add_int_value (builder, matches);
  json_builder_set_member_name (builder, "allow-listed");
  json_builder_add_boolean_value (builder, allowed);
  if (allowed)
    {
      json_builder_set_member_name (builder, "handle");
      json_builder_add_string_value (builder, who);
    }
  return log_output (self, "author-search", builder, NULL, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-exercise"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "peil-error.h"
#include "peil-exercise.h"
#include "peil-incident-private.h"

/* How often gathering live asks the scenario source at the least; the
 * source asks sooner when an inject is due (PEIL_QUERY_STATE_NEXT_RUN). */
#define SCENARIO_INTERVAL 10

/* What an exercise incident may hold of an inject is checked here too: a
 * scenario made in code (a test, a plugin) did not pass the reader. */
static gboolean
check_inject (const PeilInject  *inject,
              GError           **error)
{
  g_autofree char *where = inject->line > 0 ? g_strdup_printf (_("Line %u"), inject->line)
                                            : g_strdup_printf (_("Inject “%s”"), inject->id ? inject->id : "");
  const char *problem = NULL;

  if (inject->id == NULL || *inject->id == '\0')
    problem = _("it has no id");
  else if (g_str_has_prefix (inject->id, PEIL_EXERCISE_UNSCRIPTED_PREFIX))
    problem = _("ids starting with “U-” are kept for unscripted injects");
  else if (inject->offset < 0)
    problem = _("its time lies before the start");
  else if (peil_channel_from_string (inject->channel) == NULL)
    problem = _("its channel is not one of x, facebook, instagram, tiktok, mastodon, news, phone, whatsapp, "
                "webcare or crisis-team");
  else if (inject->text == NULL || *inject->text == '\0')
    problem = _("it has no text");

  if (problem == NULL)
    return TRUE;
  /* TRANSLATORS: "Line 12: it has no text" */
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("%s: %s"), where, problem);
  return FALSE;
}

/* Inside the caller's transaction: the injects as trainees may see them,
 * and the clock, stopped at 0 at ×1. */
static gboolean
store_exercise (PeilIncident  *incident,
                PeilScenario  *scenario,
                GError       **error)
{
  PeilDatabase *db = incident->db;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < peil_scenario_get_n_injects (scenario); i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (scenario, i);

      if (!(stmt = peil_database_statement (db, "INSERT INTO exercise_inject (id, at, channel, author, text)"
                                                " VALUES (?, ?, ?, ?, ?)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, inject->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, inject->offset);
      sqlite3_bind_text (stmt, 3, peil_channel_from_string (inject->channel), -1, SQLITE_STATIC);
      if (inject->author != NULL && *inject->author != '\0')
        sqlite3_bind_text (stmt, 4, inject->author, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, inject->text, -1, SQLITE_STATIC);
      if (!peil_database_run (db, stmt, error))
        return FALSE;
    }

  detail = g_strdup_printf ("%u", peil_scenario_get_n_injects (scenario));
  return peil_database_exec (db, "INSERT INTO exercise_clock (id) VALUES (1)", error) &&
         peil_incident_log_event (incident, "exercise-created", 0, NULL, detail, error);
}

/* A file this function made and could not finish goes again, with what
 * SQLite kept beside it. */
static void
discard (GFile *file)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *path = g_file_get_path (file);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);
      g_unlink (side);
    }
}

/**
 * peil_exercise_create:
 * @file: where the new `.peil` file goes; it must not exist
 * @scenario: the injects to play
 * @title: (nullable): the exercise's title
 * @taxonomy: (nullable): the taxonomy the trainees tag with; %NULL for
 *   the method's default
 *
 * Makes an exercise incident: marked as an exercise, holding of each
 * inject only its id, time, channel, author and text (never the
 * trainer's gold, which stays in the scenario), a clock that has not
 * started, and the one query, of the "scenario" source, that releases
 * the injects as the clock passes their time. Nothing is left behind
 * when it fails.
 *
 * Returns: (transfer full): the exercise, or %NULL with @error set
 */
PeilIncident *
peil_exercise_create (GFile         *file,
                      PeilScenario  *scenario,
                      const char    *title,
                      PeilTaxonomy  *taxonomy,
                      GError       **error)
{
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilQuery) query = NULL;
  guint n;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (PEIL_IS_SCENARIO (scenario), NULL);

  if ((n = peil_scenario_get_n_injects (scenario)) == 0)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The scenario has no injects"));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    if (!check_inject (peil_scenario_get_inject (scenario, i), error))
      return NULL;

  if (!(incident = peil_incident_create (file, taxonomy, error)))
    return NULL;

  if ((title != NULL && *title != '\0' && !peil_incident_set_metadata (incident, PEIL_META_TITLE, title, error)) ||
      !peil_incident_set_metadata (incident, PEIL_META_EXERCISE, "true", error))
    goto failed;

  if (!peil_database_begin (incident->db, error))
    goto failed;
  if (!store_exercise (incident, scenario, error) || !peil_database_commit (incident->db, error))
    {
      peil_database_rollback (incident->db);
      goto failed;
    }

  if (!(query = peil_incident_add_query (incident, PEIL_EXERCISE_SOURCE, "", NULL, SCENARIO_INTERVAL, error)))
    goto failed;
  return g_steal_pointer (&incident);

failed:
  g_clear_object (&incident);
  discard (file);
  return NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include "peil-cli.h"

/* The day a retention period ends, as the incident's metadata says it. */
static char *
format_day (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  return time ? g_date_time_format (time, "%Y-%m-%d") : g_strdup ("?");
}

/* peil-cli purge FILE [--dry-run] [--yes] [--force]: removes the
 * personal data once the retention period has ended. Asks nothing: a
 * script or a scheduled job runs it, so the confirmation is --yes. */
int
peil_cli_purge (int    argc,
                char **argv)
{
  gboolean dry_run = FALSE;
  gboolean yes = FALSE;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Only show what would be removed and what stays"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Purge: the personal data cannot be brought back"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Purge before the retention period has ended"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilPurgeSummary) summary = NULL;
  g_autofree char *described = NULL;
  GError *error = NULL;
  gint64 until = 0;
  gboolean has_retention;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);

  has_retention = peil_incident_get_retention (incident, &until);
  if (has_retention)
    {
      g_autofree char *day = format_day (until - 1);   /* its last second: "until 1 October" ends on it */

      if (peil_incident_retention_ended (incident, NULL))
        g_print (_("The retention period of this incident ended on %s.\n"), day);
      else
        g_print (_("The retention period of this incident ends on %s.\n"), day);
    }
  else
    g_print ("%s\n", _("This incident does not say until when it may be kept."));

  if (!dry_run && !force && !peil_incident_retention_ended (incident, NULL))
    {
      g_printerr ("peil-cli: %s\n", has_retention
                  ? _("The retention period has not ended yet; nothing was purged. Add --force to purge now")
                  : _("Without a retention date nothing is purged unless you add --force"));
      return PEIL_CLI_FAILED;
    }

  if (!peil_incident_purge (incident, dry_run || !yes, &summary, &error))
    return peil_cli_fail (error);
  described = peil_purge_summary_describe (summary);
  g_print ("%s", described);

  if (dry_run)
    {
      g_print ("%s\n", _("Dry run: nothing was purged."));
      return 0;
    }
  if (!yes)
    {
      g_printerr ("peil-cli: %s\n", _("Nothing was purged: add --yes to purge, which cannot be undone"));
      return PEIL_CLI_FAILED;
    }
  if (summary->posts + summary->raw + summary->notes + summary->logged_notes + summary->examples + summary->injects == 0)
    g_print ("%s\n", _("Nothing personal was left to purge, so nothing was logged; the file was written anew."));
  else
    g_print ("%s\n", _("Purged, and logged. The file was written anew without the old bytes."));
  if (!summary->wal_cleared)
    g_print ("%s\n", _("Another program read the file during the purge: until it closes the file, the purge is in the "
                       "write-ahead log (-wal) beside it and the file itself still holds the old bytes. Do not copy or "
                       "delete the file or its -wal until then."));
  return 0;
}

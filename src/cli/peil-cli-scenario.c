/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <string.h>

#include "peil-cli.h"

/* Exercise scenarios (docs/exercise.md): check one before an exercise,
 * or make one from a past incident. */

/* "1:30" for whole minutes, else "1:30:15". */
static char *
format_span (gint64 seconds)
{
  g_autofree char *full = peil_time_format_offset (seconds);

  if (seconds % 60 == 0)
    full[strlen (full) - 3] = '\0';
  return g_steal_pointer (&full);
}

static void
print_summary (const char   *path,
               PeilScenario *scenario)
{
  guint n = peil_scenario_get_n_injects (scenario);
  const char * const *channels = peil_channel_get_all ();
  g_autoptr(GHashTable) per_channel = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) per_rumour = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rumours = g_ptr_array_new ();
  g_autoptr(GString) line = g_string_new (NULL);
  guint assessed = 0, with_rumour = 0, with_priority = 0, with_deadline = 0;
  g_autofree char *span = NULL;

  for (guint i = 0; i < n; i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (scenario, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (per_channel, inject->channel));

      g_hash_table_insert (per_channel, inject->channel, GUINT_TO_POINTER (count + 1));
      assessed += peil_inject_is_assessed (inject);
      with_priority += inject->priority > 0;
      with_deadline += inject->deadline >= 0;
      if (inject->rumour != NULL)
        {
          count = GPOINTER_TO_UINT (g_hash_table_lookup (per_rumour, inject->rumour));
          if (count == 0)
            g_ptr_array_add (rumours, inject->rumour);
          g_hash_table_insert (per_rumour, inject->rumour, GUINT_TO_POINTER (count + 1));
          with_rumour++;
        }
    }

  span = format_span (n > 0 ? peil_scenario_get_inject (scenario, n - 1)->offset : 0);
  /* TRANSLATORS: a file, a number of injects, then how long they take: "1:30" */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u inject over %s\n", "%s: %u injects over %s\n", n), path, n, span);

  for (guint c = 0; channels[c] != NULL; c++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (per_channel, channels[c]));

      if (count > 0)
        g_string_append_printf (line, "%s%s %u", line->len ? ", " : "", peil_channel_get_label (channels[c]), count);
    }
  g_print (_("Channels: %s\n"), line->str);
  g_print (_("Assessed: %u, not assessed: %u\n"), assessed, n - assessed);
  g_print (_("Priority: %u, with a deadline: %u\n"), with_priority, with_deadline);
  if (rumours->len == 0)
    g_print (_("Rumours: none\n"));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Rumours: %u, in %u inject\n", "Rumours: %u, in %u injects\n", with_rumour),
             rumours->len, with_rumour);
  for (guint r = 0; r < rumours->len; r++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (per_rumour, g_ptr_array_index (rumours, r)));
      g_print (g_dngettext (GETTEXT_PACKAGE, "  “%s”: %u inject\n", "  “%s”: %u injects\n", count),
               (char *)g_ptr_array_index (rumours, r), count);
    }
}

/**
 * peil_cli_read_scenario:
 * @map: (nullable): field → column, from --map
 *
 * Reads a scenario file, checking its tag codes against the method's
 * taxonomy; prints every problem with its line, or why the file cannot be
 * read at all.
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL when it has
 *   problems (then the command fails)
 */
PeilScenario *
peil_cli_read_scenario (const char *path,
                        GHashTable *map)
{
  g_autoptr(PeilTaxonomy) taxonomy = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PeilScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  if (!(taxonomy = peil_taxonomy_new_default (&error)))
    {
      g_printerr ("peil-cli: %s\n", error->message);
      return NULL;
    }
  file = g_file_new_for_commandline_arg (path);
  scenario = peil_scenario_new_from_file (file, map, taxonomy, &problems, NULL, &error);
  if (scenario == NULL && (problems == NULL || problems->len == 0))
    {
      g_printerr ("peil-cli: %s: %s\n", path, error->message);
      return NULL;
    }
  if (scenario == NULL)
    {
      for (guint i = 0; i < problems->len; i++)
        {
          PeilScenarioProblem *problem = g_ptr_array_index (problems, i);

          if (problem->line > 0)
            g_printerr ("%s:%u: %s\n", path, problem->line, problem->message);
          else
            g_printerr ("%s: %s\n", path, problem->message);
        }
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u problem\n",
                               "%s: %u problems\n", problems->len), path, problems->len);
      return NULL;
    }
  return g_steal_pointer (&scenario);
}

static int
scenario_check (int    argc,
                char **argv)
{
  g_auto(GStrv) maps = NULL;
  const GOptionEntry entries[] = {
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Read a field (id, time, channel, author, text, tags, priority, rumour, deadline, action, note) from this column"),
      N_("FIELD=COLUMN") },
    { NULL }
  };
  g_autoptr(GHashTable) map = NULL;
  g_autoptr(PeilScenario) scenario = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(map = peil_cli_parse_maps ("scenario", maps)))
    return PEIL_CLI_USAGE;
  if (!(scenario = peil_cli_read_scenario (argv[3], map)))
    return PEIL_CLI_FAILED;

  print_summary (argv[3], scenario);
  return 0;
}

static int
scenario_from_incident (int    argc,
                        char **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL;
  int sample = 0;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Only posts from this time on"), N_("TIME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Only posts before this time"), N_("TIME") },
    { "sample", 0, 0, G_OPTION_ARG_INT, &sample, N_("Take this many posts, spread evenly in time"), N_("N") },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilScenario) scenario = NULL;
  g_autoptr(PeilTaxonomy) taxonomy = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  gint64 from = 0, to = 0;
  guint n, assessed = 0;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 3, 3))
    return PEIL_CLI_USAGE;
  if (sample < 0)
    return peil_cli_usage_error ("scenario", _("--sample takes a number of posts"));
  if ((from_text && !peil_cli_parse_time (from_text, &from, &error)) ||
      (to_text && !peil_cli_parse_time (to_text, &to, &error)))
    {
      peil_cli_usage_error ("scenario", "%s", error->message);
      g_clear_error (&error);
      return PEIL_CLI_USAGE;
    }

  if (!(incident = peil_cli_open (argv[3], &error)) ||
      !(scenario = peil_scenario_new_from_incident (incident, from, to, sample, NULL, &error)) ||
      !(taxonomy = peil_taxonomy_new_default (&error)))
    return peil_cli_fail (error);

  /* A trainer's own scenario, or the incident itself, is not written over. */
  out = g_file_new_for_commandline_arg (argv[4]);
  if (g_file_query_exists (out, NULL))
    {
      g_set_error (&error, PEIL_ERROR, PEIL_ERROR_EXISTS, _("%s exists already; give a new file name"), argv[4]);
      return peil_cli_fail (error);
    }
  /* Its posts leave the incident (authors as pseudonyms): logged. */
  if (!peil_incident_check_loggable (incident, &error) ||
      !peil_scenario_write_csv (scenario, out, &error) ||
      !peil_incident_log_export (incident, "scenario", out, peil_scenario_get_n_injects (scenario), TRUE, &error))
    return peil_cli_fail (error);

  /* Tags an incident made its own are not in an exercise's taxonomy. */
  n = peil_scenario_get_n_injects (scenario);
  for (guint i = 0; i < n; i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (scenario, i);

      assessed += peil_inject_is_assessed (inject);
      for (guint t = 0; inject->gold_tags && inject->gold_tags[t]; t++)
        if (peil_taxonomy_lookup_tag (taxonomy, inject->gold_tags[t]) == NULL &&
            !g_ptr_array_find_with_equal_func (unknown, inject->gold_tags[t], g_str_equal, NULL))
          g_ptr_array_add (unknown, g_strdup (inject->gold_tags[t]));
    }

  /* TRANSLATORS: a number of injects, the output file, then the incident file */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u inject to %s from %s\n", "Wrote %u injects to %s from %s\n", n),
           n, argv[4], argv[3]);
  g_print (_("Assessed: %u, not assessed: %u; authors are pseudonyms\n"), assessed, n - assessed);
  if (unknown->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (unknown, NULL);
      list = g_strjoinv (", ", (char **)unknown->pdata);
      g_printerr (_("peil-cli: note: these tags are the incident’s own, not Peil’s, and “scenario check” will report them: %s\n"),
                  list);
    }
  return 0;
}

int
peil_cli_scenario (int    argc,
                   char **argv)
{
  const char *sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (sub, "check"))
    return scenario_check (argc, argv);
  if (g_str_equal (sub, "from-incident"))
    return scenario_from_incident (argc, argv);
  if (g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    return peil_cli_parse (NULL, &argc, &argv, 0, -1) ? 0 : PEIL_CLI_USAGE;

  return peil_cli_usage_error ("scenario", _("Use: peil-cli scenario check|from-incident …"));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <string.h>

#include "peil-cli.h"

/* exercise score --scenario S.csv TRAINEE.peil… [--json] [-o debrief.html|pdf]:
 * the trainees against the trainer's gold (docs/exercise.md, "Scoring and
 * debrief"). */

/* The one place a scenario file is read for scoring. */
static PeilScenario *
load_scenario (const char    *path,
               GHashTable    *map,
               PeilTaxonomy  *taxonomy)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  PeilScenario *scenario = peil_scenario_new_from_file (file, map, taxonomy, &problems, NULL, &error);

  if (scenario != NULL)
    return scenario;
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      PeilScenarioProblem *problem = g_ptr_array_index (problems, i);

      if (problem->line > 0)
        g_printerr ("%s:%u: %s\n", path, problem->line, problem->message);
      else
        g_printerr ("%s: %s\n", path, problem->message);
    }
  g_printerr ("peil-cli: %s: %s\n", path, error->message);
  return NULL;
}

/* @text padded with spaces to @width characters (not bytes), on the
 * right of it or, for figures, on the left. */
static void
append_padded (GString    *line,
               const char *text,
               guint       width,
               gboolean    right_aligned)
{
  glong length = g_utf8_strlen (text, -1);

  if (right_aligned)
    for (glong i = length; i < (glong)width; i++)
      g_string_append_c (line, ' ');
  g_string_append (line, text);
  if (!right_aligned)
    for (glong i = length; i < (glong)width; i++)
      g_string_append_c (line, ' ');
}

static void
print_figures (PeilExerciseScore *score,
               guint              index,
               GStrv              dimensions)
{
  const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, index);
  const char * const *headers = peil_debrief_figure_headers ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  guint widths[PEIL_DEBRIEF_N_FIGURES];

  /* The ratios' columns as wide as "undefined", so that every trainee's
   * table has the same columns. */
  for (guint i = 0; i < PEIL_DEBRIEF_N_FIGURES; i++)
    widths[i] = MAX (g_utf8_strlen (headers[i], -1), i >= 4 ? g_utf8_strlen (_("undefined"), -1) : 0);
  for (guint d = 0; dimensions[d] != NULL; d++)
    {
      GStrv cells = peil_debrief_figure_cells (score, peil_trainee_score_get_dimension (trainee, dimensions[d]));

      for (guint i = 0; i < PEIL_DEBRIEF_N_FIGURES; i++)
        widths[i] = MAX (widths[i], (guint)g_utf8_strlen (cells[i], -1));
      g_ptr_array_add (rows, cells);
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      const char * const *cells = r == 0 ? headers : g_ptr_array_index (rows, r - 1);
      g_autoptr(GString) line = g_string_new ("  ");

      for (guint i = 0; i < PEIL_DEBRIEF_N_FIGURES; i++)
        {
          if (i > 0)
            g_string_append (line, "  ");
          append_padded (line, cells[i], widths[i], i > 0);
        }
      g_print ("%s\n", line->str);
    }
}

static void
print_lines (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      PeilDebriefLine *line = g_ptr_array_index (lines, i);
      g_print ("  %s: %s\n", line->label, line->text);
    }
}

static void
print_score (PeilExerciseScore *score)
{
  g_auto(GStrv) dimensions = peil_exercise_score_dup_dimensions (score);
  g_autoptr(GPtrArray) agreement = peil_debrief_agreement_lines (score);

  for (guint i = 0; i < peil_exercise_score_get_n_trainees (score); i++)
    {
      const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, i);
      g_autofree char *base = g_file_get_basename (trainee->file);
      g_autofree char *file = g_filename_display_name (base);
      /* Ten ids a line at most in a terminal; the debrief names them all. */
      g_autoptr(GPtrArray) lines = peil_debrief_trainee_lines (score, i, 10);

      /* The analyst and their file; the file alone for a file without names. */
      if (*trainee->analyst != '\0')
        g_print ("%s%s (%s)\n", i > 0 ? "\n" : "", trainee->analyst, file);
      else
        g_print ("%s%s\n", i > 0 ? "\n" : "", file);
      if (dimensions[0] != NULL)
        print_figures (score, i, dimensions);
      else
        g_print ("  %s\n", _("No tags in the gold nor from the trainees: nothing to compare."));
      print_lines (lines);
    }

  g_print ("\n%s\n", _("Agreement between trainees (Krippendorff’s alpha)"));
  print_lines (agreement);
}

static PeilDebriefExporter *
find_format (PeilPluginEngine *engine,
             const char       *output)
{
  g_autofree char *lower = g_ascii_strdown (output, -1);
  GPtrArray *exporters = peil_plugin_engine_get_debrief_exporters (engine);

  for (guint i = 0; i < exporters->len; i++)
    {
      PeilDebriefExporter *exporter = g_ptr_array_index (exporters, i);
      g_autofree char *suffix = g_strconcat (".", peil_file_format_get_extension (PEIL_FILE_FORMAT (exporter)), NULL);

      if (g_str_has_suffix (lower, suffix))
        return exporter;
    }
  return NULL;
}

int
peil_cli_exercise_score (int    argc,
                         char **argv)
{
  g_autofree char *scenario_path = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) maps = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "scenario", 's', 0, G_OPTION_ARG_FILENAME, &scenario_path, N_("The trainer’s scenario, with the gold (CSV or XLSX)"), N_("FILE") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Read a field of the scenario (id, time, channel, author, text, tags, priority, rumour, deadline, action, note) from this column"),
      N_("FIELD=COLUMN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the score as JSON"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the debrief to this file (.html or .pdf)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GPtrArray) incidents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PeilPluginEngine) engine = NULL;
  g_autoptr(PeilScenario) scenario = NULL;
  g_autoptr(PeilExerciseScore) score = NULL;
  g_autoptr(GHashTable) map = NULL;
  PeilDebriefExporter *exporter = NULL;
  PeilTaxonomy *taxonomy;
  GPtrArray *warnings;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, -1))
    return PEIL_CLI_USAGE;
  if (scenario_path == NULL)
    return peil_cli_usage_error ("exercise", _("Say which scenario holds the gold: --scenario FILE"));
  if (!(map = peil_cli_parse_maps ("exercise", maps)))
    return PEIL_CLI_USAGE;
  if (output != NULL)
    {
      engine = peil_cli_plugins ();
      if (!(exporter = find_format (engine, output)))
        return peil_cli_usage_error ("exercise", _("“%s”: a debrief is written as .html or .pdf"), output);
    }

  for (int i = 3; i < argc; i++)
    {
      PeilIncident *incident = peil_cli_open (argv[i], &error);

      if (incident == NULL)
        return peil_cli_fail (error);
      g_ptr_array_add (incidents, incident);
    }

  /* The first file's taxonomy places the gold's tags in their dimensions. */
  taxonomy = peil_incident_get_taxonomy (g_ptr_array_index (incidents, 0));
  if (!(scenario = load_scenario (scenario_path, map, taxonomy)))
    return PEIL_CLI_FAILED;
  score = peil_exercise_score_new (scenario, taxonomy);
  for (guint i = 0; i < incidents->len; i++)
    if (!peil_exercise_score_add_incident (score, g_ptr_array_index (incidents, i), &error))
      return peil_cli_fail (error);

  warnings = peil_exercise_score_get_warnings (score);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr (_("peil-cli: warning: %s\n"), (const char *)g_ptr_array_index (warnings, i));

  if (json)
    {
      g_autoptr(JsonNode) node = peil_exercise_score_to_json (score);
      peil_cli_print_json (node);
    }
  else
    print_score (score);

  if (exporter != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);

      /* Logged in every trainee file it scores. */
      for (guint i = 0; i < incidents->len; i++)
        if (!peil_incident_check_loggable (g_ptr_array_index (incidents, i), &error))
          return peil_cli_fail (error);
      if (!peil_debrief_exporter_export_file (exporter, score, file, NULL, &error))
        return peil_cli_fail (error);
      for (guint i = 0; i < incidents->len; i++)
        if (!peil_incident_log_debrief (g_ptr_array_index (incidents, i),
                                        peil_file_format_get_format_id (PEIL_FILE_FORMAT (exporter)),
                                        incidents->len, file, &error))
          return peil_cli_fail (error);
      g_printerr (_("Debrief written to %s\n"), output);
    }
  return 0;
}

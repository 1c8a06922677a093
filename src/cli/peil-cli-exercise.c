/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <string.h>

#include "peil-cli.h"

/*
 * peil-cli exercise: make an exercise incident from a scenario, run its
 * clock (which lives in the file, so the window follows), see where it
 * stands and add unscripted injects. Releasing injects is gathering:
 * `peil-cli gather FILE [--follow]`.
 */

/* A countdown in whole seconds says 0:00:01 until the moment is there. */
static gint64
whole_seconds_until (gint64 microseconds)
{
  return (microseconds + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
}

static void
print_status (const PeilExerciseStatus *status)
{
  g_autofree char *time = peil_time_format_offset (status->time / G_USEC_PER_SEC);
  gint64 next_in = peil_exercise_status_get_next_in (status);

  if (!status->started)
    /* TRANSLATORS: %s is an exercise time, "0:00:00"; %d its speed */
    g_print (_("Exercise time %s · not started · ×%d\n"), time, status->speed);
  else if (status->running)
    g_print (_("Exercise time %s · running at ×%d\n"), time, status->speed);
  else
    g_print (_("Exercise time %s · paused · ×%d\n"), time, status->speed);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Released %u of %u inject", "Released %u of %u injects", status->total),
           status->released, status->total);
  if (status->due > 0)
    g_print (_(" · %u due at the next gathering"), status->due);
  else if (next_in >= 0)
    {
      g_autofree char *next = peil_time_format_offset (whole_seconds_until (next_in));
      /* TRANSLATORS: %s is a time in the exercise, "0:04:30" */
      g_print (_(" · next in %s"), next);
    }
  g_print ("\n");
}

static void
print_status_json (const PeilExerciseStatus *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 next_in = peil_exercise_status_get_next_in (status);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_int_value (builder, status->time / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "started");
  json_builder_add_boolean_value (builder, status->started);
  json_builder_set_member_name (builder, "running");
  json_builder_add_boolean_value (builder, status->running);
  json_builder_set_member_name (builder, "speed");
  json_builder_add_int_value (builder, status->speed);
  json_builder_set_member_name (builder, "origin");
  if (status->started)
    {
      g_autofree char *origin = peil_time_format_iso (status->origin);
      json_builder_add_string_value (builder, origin);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "released");
  json_builder_add_int_value (builder, status->released);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, status->total);
  json_builder_set_member_name (builder, "due");
  json_builder_add_int_value (builder, status->due);
  json_builder_set_member_name (builder, "next_in");
  if (next_in >= 0)
    json_builder_add_int_value (builder, whole_seconds_until (next_in));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  peil_cli_print_json (root);
}

static int
show_status (PeilExerciseClock *clock,
             gboolean           json)
{
  PeilExerciseStatus status;
  GError *error = NULL;

  if (!peil_exercise_clock_get_status (clock, &status, &error))
    return peil_cli_fail (error);
  if (json)
    print_status_json (&status);
  else
    print_status (&status);
  return 0;
}

static int
exercise_new (int    argc,
              char **argv)
{
  g_autofree char *scenario_path = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) maps = NULL;
  const GOptionEntry entries[] = {
    { "scenario", 's', 0, G_OPTION_ARG_FILENAME, &scenario_path, N_("The scenario to play (CSV or XLSX, see docs/exercise.md)"), N_("FILE") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The exercise’s title (default: the scenario’s file name)"), N_("TEXT") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Read a field (id, time, channel, author, text, tags, priority, rumour, deadline, action, note) from this column"),
      N_("FIELD=COLUMN") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(GHashTable) map = NULL;
  g_autoptr(PeilScenario) scenario = NULL;
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (scenario_path == NULL)
    return peil_cli_usage_error ("exercise", _("Name the scenario to play: --scenario FILE"));
  if (!(map = peil_cli_parse_maps ("exercise", maps)))
    return PEIL_CLI_USAGE;

  /* Refused before the scenario is read: nothing is overwritten. */
  file = g_file_new_for_commandline_arg (argv[3]);
  if (g_file_query_exists (file, NULL))
    {
      g_set_error (&error, PEIL_ERROR, PEIL_ERROR_EXISTS, _("“%s” already exists; choose another name"), argv[3]);
      return peil_cli_fail (error);
    }

  /* A scenario with problems is not played: each is listed, nothing made. */
  if (!(scenario = peil_cli_read_scenario (scenario_path, map)))
    return PEIL_CLI_FAILED;

  if (title == NULL)
    {
      g_autofree char *base = g_path_get_basename (scenario_path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      title = g_steal_pointer (&base);
    }

  if (!(incident = peil_exercise_create (file, scenario, title, NULL, &error)))
    return peil_cli_fail (error);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Made the exercise %s with %u inject\n",
                        "Made the exercise %s with %u injects\n", peil_scenario_get_n_injects (scenario)),
           argv[3], peil_scenario_get_n_injects (scenario));
  g_print (_("Start it with: peil-cli exercise start %s\n"), argv[3]);
  return 0;
}

typedef enum
{
  CLOCK_START,
  CLOCK_PAUSE,
  CLOCK_RESUME,
  CLOCK_SPEED,
  CLOCK_JUMP,
  CLOCK_STATUS,
} ClockCommand;

static int
exercise_clock (int          argc,
                char       **argv,
                ClockCommand command)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  int n_args = command == CLOCK_SPEED || command == CLOCK_JUMP ? 3 : 2;
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilExerciseClock) clock = NULL;
  gint64 value = 0;
  gboolean changed = TRUE;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, n_args, n_args))
    return PEIL_CLI_USAGE;
  if (command == CLOCK_SPEED)
    {
      char *end = NULL;

      value = g_ascii_strtoll (argv[4], &end, 10);
      if (end == argv[4] || *end != '\0')
        return peil_cli_usage_error ("exercise", _("“%s” is not a speed; give a whole number from 1 to 10"), argv[4]);
    }
  if (command == CLOCK_JUMP && !peil_time_parse_offset (argv[4], &value))
    return peil_cli_usage_error ("exercise", _("“%s” is not a time since the start; write H:MM:SS, such as 1:30:00"),
                                 argv[4]);

  if (!(incident = peil_cli_open (argv[3], &error)))
    return peil_cli_fail (error);
  clock = peil_exercise_clock_new (incident);

  switch (command)
    {
    case CLOCK_START:  changed = peil_exercise_clock_start (clock, &error); break;
    case CLOCK_PAUSE:  changed = peil_exercise_clock_pause (clock, &error); break;
    case CLOCK_RESUME: changed = peil_exercise_clock_resume (clock, &error); break;
    case CLOCK_SPEED:  changed = peil_exercise_clock_set_speed (clock, (int)CLAMP (value, G_MININT, G_MAXINT), &error); break;
    case CLOCK_JUMP:   changed = peil_exercise_clock_jump (clock, value, &error); break;
    case CLOCK_STATUS: break;
    }
  if (!changed)
    return peil_cli_fail (error);
  return show_status (clock, json);
}

static int
exercise_inject (int    argc,
                 char **argv)
{
  g_autofree char *channel = NULL;
  g_autofree char *text = NULL;
  g_autofree char *author = NULL;
  const GOptionEntry entries[] = {
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &channel, N_("Where it comes in: x, facebook, instagram, tiktok, mastodon, news, phone, whatsapp, webcare or crisis-team"), N_("CHANNEL") },
    { "text", 't', 0, G_OPTION_ARG_STRING, &text, N_("What it says"), N_("TEXT") },
    { "author", 'a', 0, G_OPTION_ARG_STRING, &author, N_("Who it comes from"), N_("NAME") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilExerciseClock) clock = NULL;
  g_autofree char *id = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (channel == NULL || text == NULL)
    return peil_cli_usage_error ("exercise", _("An inject needs --channel and --text"));

  if (!(incident = peil_cli_open (argv[3], &error)))
    return peil_cli_fail (error);
  clock = peil_exercise_clock_new (incident);
  if (!(id = peil_exercise_clock_add_inject (clock, channel, author, text, &error)))
    return peil_cli_fail (error);

  g_print (_("Released the unscripted inject %s\n"), id);
  return 0;
}

int
peil_cli_exercise (int    argc,
                   char **argv)
{
  static const struct {
    const char   *name;
    ClockCommand  command;
  } clock_commands[] = {
    { "start", CLOCK_START }, { "pause", CLOCK_PAUSE }, { "resume", CLOCK_RESUME },
    { "speed", CLOCK_SPEED }, { "jump", CLOCK_JUMP }, { "status", CLOCK_STATUS },
  };
  const char *sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (sub, "new"))
    return exercise_new (argc, argv);
  if (g_str_equal (sub, "inject"))
    return exercise_inject (argc, argv);
  for (guint i = 0; i < G_N_ELEMENTS (clock_commands); i++)
    if (g_str_equal (sub, clock_commands[i].name))
      return exercise_clock (argc, argv, clock_commands[i].command);
  if (g_str_equal (sub, "score"))
    return peil_cli_exercise_score (argc, argv);
  if (g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    return peil_cli_parse (NULL, &argc, &argv, 0, -1) ? 0 : PEIL_CLI_USAGE;

  return peil_cli_usage_error ("exercise", _("Use: peil-cli exercise new|start|pause|resume|speed|jump|status|inject|score …"));
}

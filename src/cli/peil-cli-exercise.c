/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include "peil-cli.h"

/* exercise SUBCOMMAND …: playing and scoring exercises (issue 12). */
int
peil_cli_exercise (int    argc,
                   char **argv)
{
  const char *sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (sub, "score"))
    return peil_cli_exercise_score (argc, argv);
  if (g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    return peil_cli_parse (NULL, &argc, &argv, 0, -1) ? 0 : PEIL_CLI_USAGE;

  return peil_cli_usage_error ("exercise", _("Use: peil-cli exercise score --scenario FILE TRAINEE.peil…"));
}

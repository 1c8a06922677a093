/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "peil-cli.h"

/* peil-cli login SOURCE --instance URL [--account NAME]: the secret (a
 * token, an app password) is read from standard input, so that it is in
 * no command line or shell history, and stored in the keyring. */
int
peil_cli_login (int    argc,
                char **argv)
{
  g_autofree char *instance = NULL, *account = NULL;
  const GOptionEntry entries[] = {
    { "instance", 'i', 0, G_OPTION_ARG_STRING, &instance, N_("The server the secret is for, as in the query's settings"), N_("URL") },
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account, N_("The account on that server, where there can be several"), N_("NAME") },
    { NULL }
  };
  char line[4096];
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (instance == NULL)
    return peil_cli_usage_error ("login", _("Say which server: --instance https://…"));

  if (fgets (line, sizeof line, stdin) == NULL || *g_strstrip (line) == '\0')
    {
      g_set_error_literal (&error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("Give the secret on standard input, for example: peil-cli login bluesky --instance … < file"));
      return peil_cli_fail (error);
    }

  /* A team server is known by its address as Peil keeps it. */
  if (g_str_equal (argv[2], "postgresql"))
    {
      g_autofree char *normalized = peil_team_server_normalize_address (instance);

      if (normalized == NULL)
        return peil_cli_usage_error ("login", _("“--instance” is not a PostgreSQL address"));
      g_free (instance);
      instance = g_steal_pointer (&normalized);
    }
  if (!peil_credentials_store (argv[2], instance, account, line, &error))
    {
      memset (line, 0, sizeof line);
      return peil_cli_fail (error);
    }
  memset (line, 0, sizeof line);
  g_print (_("Stored in the keyring\n"));
  return 0;
}

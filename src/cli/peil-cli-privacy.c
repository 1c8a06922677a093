/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include "peil-cli.h"
#include "peil-privacy-document.h"

/* privacy FILE [-o register.html|pdf] [--lang nl|en]: the incident's
 * record of processing (GDPR article 30), as text or written to a file. */
int
peil_cli_privacy (int    argc,
                  char **argv)
{
  g_autofree char *output = NULL, *language = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the record to this file (.html or .pdf)"), N_("FILE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language, N_("Language of the record: nl or en (default: the interface’s)"), N_("CODE") },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilPrivacyRecord) record = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (language != NULL && !g_str_equal (language, "nl") && !g_str_equal (language, "en"))
    return peil_cli_usage_error ("privacy", _("The record is written in nl or en, not “%s”"), language);
  if (output != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (output, -1);

      if (!g_str_has_suffix (lower, ".html") && !g_str_has_suffix (lower, ".htm") && !g_str_has_suffix (lower, ".pdf"))
        return peil_cli_usage_error ("privacy", _("“%s”: the record of processing is written as .html or .pdf"), output);
    }

  if (!(incident = peil_cli_open (argv[2], &error)) ||
      !(record = peil_privacy_record_new (incident, language ? language : peil_ui_language (), &error)))
    return peil_cli_fail (error);

  if (output == NULL)
    {
      g_autofree char *text = peil_privacy_record_to_text (record);
      g_print ("%s", text);
      return 0;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);

    if (!peil_privacy_document_save (record, file, &error))
      return peil_cli_fail (error);
  }
  g_printerr (_("Record of processing written to %s\n"), output);
  return 0;
}

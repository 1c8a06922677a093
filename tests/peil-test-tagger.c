/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tags posts 1…N of an incident with one tag, as a second analyst working
 * on the same file at the same time would: peil-test-tagger FILE TAG N */
#include "config.h"

#include <peil.h>

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n;

  if (argc != 4)
    {
      g_printerr ("usage: peil-test-tagger FILE TAG N\n");
      return 2;
    }

  file = g_file_new_for_path (argv[1]);
  if (!(incident = peil_incident_open (file, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  peil_incident_set_analyst (incident, argv[2]);

  n = g_ascii_strtoll (argv[3], NULL, 10);
  for (gint64 id = 1; id <= n; id++)
    if (!peil_incident_tag_post (incident, id, argv[2], &error))
      {
        g_printerr ("post %" G_GINT64_FORMAT ": %s\n", id, error->message);
        return 1;
      }

  return 0;
}

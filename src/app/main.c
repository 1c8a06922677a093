/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(PeilApplication) app = NULL;

  peil_app_name_incident_files ();
  peil_init ();
  /* GTK would set the locale from the environment again, undoing the
   * C.UTF-8 that peil_init() chooses for the C locale. */
  gtk_disable_setlocale ();
  textdomain (GETTEXT_PACKAGE);

  app = peil_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

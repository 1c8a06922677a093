/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-app"

#include "config.h"

#include "peil-app-util.h"

/**
 * peil_toast_new:
 * @text: what to say, shown as it is
 *
 * AdwToast's title is Pango markup in libadwaita 1.2 (use-markup came in
 * 1.4): a file name, a server's error or a user's words with "<" or "&"
 * would be mangled or refused. Every toast goes through here.
 *
 * Returns: (transfer full): the toast
 */
AdwToast *
peil_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

/**
 * peil_show_toast:
 *
 * Shows @message in the toast overlay that holds @widget.
 */
void
peil_show_toast (GtkWidget  *widget,
                 const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), peil_toast_new (message));
  else
    g_message ("%s", message);
}

void
peil_show_error (GtkWidget    *widget,
                 const GError *error)
{
  peil_show_toast (widget, error->message);
}

/**
 * peil_format_local_time:
 *
 * Returns: (transfer full): @unix_time in local time, "2026-11-25 14:05"
 */
char *
peil_format_local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (unix_time);
  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

/**
 * peil_app_name_incident_files:
 *
 * Adds Peil's own MIME database (in PEIL_DATA_DIR, or the installed one)
 * to those GIO reads. GTK's file chooser then knows an incident's files
 * by their names (the incident, and SQLite's -wal and -shm beside it)
 * instead of opening them to guess their type, which in this process
 * would drop SQLite's locks on an open incident: another process could
 * then delete the write-ahead log the window still writes to. Call before
 * anything asks GIO for a content type.
 */
void
peil_app_name_incident_files (void)
{
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  const char * const *system = g_get_system_data_dirs ();
  const char *own = g_getenv ("PEIL_DATA_DIR");

  g_ptr_array_add (dirs, g_build_filename (own ? own : PEIL_DATADIR, "mime", NULL));
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "mime", NULL));
  for (guint i = 0; system[i] != NULL; i++)
    g_ptr_array_add (dirs, g_build_filename (system[i], "mime", NULL));
  g_content_type_set_mime_dirs ((const char * const *)dirs->pdata);
}

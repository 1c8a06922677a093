/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *peil_toast_new      (const char   *text);
void  peil_show_toast        (GtkWidget    *widget,
                              const char   *message);
void  peil_show_error        (GtkWidget    *widget,
                              const GError *error);
char *peil_format_local_time (gint64        unix_time);
void  peil_app_name_incident_files (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PEIL_TYPE_NEW_INCIDENT_DIALOG (peil_new_incident_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeilNewIncidentDialog, peil_new_incident_dialog, PEIL, NEW_INCIDENT_DIALOG, AdwWindow)

GtkWidget *peil_new_incident_dialog_new    (GtkWindow             *parent);
gboolean   peil_new_incident_dialog_create (PeilNewIncidentDialog *self,
                                            GFile                 *file,
                                            GError               **error);

G_END_DECLS

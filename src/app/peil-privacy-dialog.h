/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_PRIVACY_DIALOG (peil_privacy_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeilPrivacyDialog, peil_privacy_dialog, PEIL, PRIVACY_DIALOG, AdwWindow)

GtkWidget         *peil_privacy_dialog_new        (GtkWindow          *parent,
                                                   PeilIncident       *incident,
                                                   GError            **error);
PeilPrivacyRecord *peil_privacy_dialog_get_record (PeilPrivacyDialog  *self);
gboolean           peil_privacy_dialog_save_to    (PeilPrivacyDialog  *self,
                                                   GFile              *file);

G_END_DECLS

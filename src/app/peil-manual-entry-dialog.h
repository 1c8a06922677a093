/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_MANUAL_ENTRY_DIALOG (peil_manual_entry_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeilManualEntryDialog, peil_manual_entry_dialog, PEIL, MANUAL_ENTRY_DIALOG, AdwWindow)

GtkWidget *peil_manual_entry_dialog_new  (GtkWindow             *parent,
                                          PeilIncident          *incident);
PeilPost  *peil_manual_entry_dialog_save (PeilManualEntryDialog *self,
                                          GError               **error);

G_END_DECLS

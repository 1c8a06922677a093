/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_MESSAGE_DIALOG (peil_message_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeilMessageDialog, peil_message_dialog, PEIL, MESSAGE_DIALOG, AdwWindow)

GtkWidget *peil_message_dialog_new  (GtkWindow         *parent,
                                     PeilIncident      *incident);
GtkWidget *peil_message_dialog_new_for_message (GtkWindow         *parent,
                                                PeilIncident      *incident,
                                                const PeilMessage *message);
gint64     peil_message_dialog_save (PeilMessageDialog *self,
                                     GError           **error);

G_END_DECLS

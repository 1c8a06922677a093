/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_LOGIN_DIALOG (peil_login_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeilLoginDialog, peil_login_dialog, PEIL, LOGIN_DIALOG, AdwWindow)

GtkWidget *peil_login_dialog_new (GtkWindow        *parent,
                                  PeilPluginEngine *plugins);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_ADD_QUERY_DIALOG (peil_add_query_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeilAddQueryDialog, peil_add_query_dialog, PEIL, ADD_QUERY_DIALOG, AdwWindow)

GtkWidget *peil_add_query_dialog_new   (GtkWindow          *parent,
                                        PeilIncident       *incident,
                                        PeilPluginEngine   *plugins);
GtkWidget *peil_add_query_dialog_new_for_query (GtkWindow        *parent,
                                                PeilIncident     *incident,
                                                PeilPluginEngine *plugins,
                                                PeilQuery        *query);
void       peil_add_query_dialog_set_option (PeilAddQueryDialog *self,
                                             const char         *key,
                                             const char         *value);
PeilQuery *peil_add_query_dialog_save  (PeilAddQueryDialog *self,
                                        GError            **error);

G_END_DECLS

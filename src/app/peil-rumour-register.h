/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

#include "peil-report-page.h"

G_BEGIN_DECLS

#define PEIL_TYPE_RUMOUR_REGISTER (peil_rumour_register_get_type ())

G_DECLARE_FINAL_TYPE (PeilRumourRegister, peil_rumour_register, PEIL, RUMOUR_REGISTER, AdwBin)

GtkWidget *peil_rumour_register_new    (PeilIncident          *incident,
                                        PeilSelectedPostsFunc  selected_posts,
                                        gpointer               user_data);
void       peil_rumour_register_reload (PeilRumourRegister    *self);

G_END_DECLS

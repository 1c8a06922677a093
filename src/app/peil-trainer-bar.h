/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_TRAINER_BAR (peil_trainer_bar_get_type ())

G_DECLARE_FINAL_TYPE (PeilTrainerBar, peil_trainer_bar, PEIL, TRAINER_BAR, GtkBox)

gboolean peil_trainer_bar_set_incident (PeilTrainerBar *self,
                                        PeilIncident   *incident);
void     peil_trainer_bar_refresh      (PeilTrainerBar *self);

G_END_DECLS

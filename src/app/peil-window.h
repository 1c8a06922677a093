/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_WINDOW (peil_window_get_type ())

G_DECLARE_FINAL_TYPE (PeilWindow, peil_window, PEIL, WINDOW, AdwApplicationWindow)

gboolean      peil_window_open_file     (PeilWindow *self,
                                         GFile      *file);
PeilIncident *peil_window_get_incident  (PeilWindow *self);
gboolean      peil_window_play_demo     (PeilWindow *self);

G_END_DECLS

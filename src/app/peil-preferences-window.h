/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peil-application.h"

G_BEGIN_DECLS

#define PEIL_TYPE_PREFERENCES_WINDOW (peil_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PeilPreferencesWindow, peil_preferences_window, PEIL, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *peil_preferences_window_new (PeilApplication *app);

G_END_DECLS

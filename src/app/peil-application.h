/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_APPLICATION (peil_application_get_type ())

G_DECLARE_FINAL_TYPE (PeilApplication, peil_application, PEIL, APPLICATION, AdwApplication)

PeilApplication  *peil_application_new         (void);
GSettings        *peil_application_get_settings (PeilApplication *self);
PeilPluginEngine *peil_application_get_plugins (PeilApplication *self);
char             *peil_application_dup_analyst (PeilApplication *self);

G_END_DECLS

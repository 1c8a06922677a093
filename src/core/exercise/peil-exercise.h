/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-incident.h"
#include "peil-scenario.h"
#include "peil-taxonomy.h"

G_BEGIN_DECLS

/**
 * PEIL_EXERCISE_SOURCE:
 *
 * The source of an exercise's posts: the "scenario" source plugin
 * releases injects as posts with this source and the inject's id as
 * their remote id.
 */
#define PEIL_EXERCISE_SOURCE "scenario"

/**
 * PEIL_EXERCISE_UNSCRIPTED_PREFIX:
 *
 * An unscripted inject's id starts with this, which no scenario's may.
 */
#define PEIL_EXERCISE_UNSCRIPTED_PREFIX "U-"

PEIL_AVAILABLE_IN_ALL
PeilIncident *peil_exercise_create (GFile         *file,
                                    PeilScenario  *scenario,
                                    const char    *title,
                                    PeilTaxonomy  *taxonomy,
                                    GError       **error);

G_END_DECLS

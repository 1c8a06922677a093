/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib.h>

G_BEGIN_DECLS

PEIL_AVAILABLE_IN_ALL
char *peil_uuid7_new    (void);
PEIL_AVAILABLE_IN_ALL
char *peil_uuid7_format (guint64 milliseconds,
                         guint16 rand_a,
                         guint64 rand_b);

G_END_DECLS

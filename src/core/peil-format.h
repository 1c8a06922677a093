/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib.h>

G_BEGIN_DECLS

PEIL_AVAILABLE_IN_ALL
char *peil_format_time   (gint64      unix_time,
                          const char *format);
PEIL_AVAILABLE_IN_ALL
char *peil_format_number (gint64      value,
                          const char *language);
PEIL_AVAILABLE_IN_ALL
gint64 peil_format_axis  (gint64      largest,
                          gint64     *axis_max);
PEIL_AVAILABLE_IN_ALL
char *peil_format_decimal  (double      value,
                            guint       decimals,
                            const char *language);

G_END_DECLS

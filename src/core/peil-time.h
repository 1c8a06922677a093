/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib.h>

G_BEGIN_DECLS

/**
 * PEIL_TIME_LAST_SECOND:
 *
 * The last second Peil can show as a date, 9999-12-31T23:59:59Z (GLib
 * shows none later). A post's time after it is refused at import: search,
 * counts and exports would have no date to print.
 */
#define PEIL_TIME_LAST_SECOND G_GINT64_CONSTANT (253402300799)

PEIL_AVAILABLE_IN_ALL
gboolean  peil_time_parse      (const char *text,
                                GTimeZone  *local_zone,
                                gint64     *out_unix);
PEIL_AVAILABLE_IN_ALL
char     *peil_time_format_iso (gint64      unix_time);
PEIL_AVAILABLE_IN_ALL
gboolean  peil_time_parse_offset  (const char *text,
                                   gint64     *out_seconds);
PEIL_AVAILABLE_IN_ALL
char     *peil_time_format_offset (gint64      seconds);

G_END_DECLS

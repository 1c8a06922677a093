/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib.h>

G_BEGIN_DECLS

PEIL_AVAILABLE_IN_ALL
char *peil_source_label      (const char *source,
                              const char *language);
PEIL_AVAILABLE_IN_ALL
char *peil_post_source_label (const char *source,
                              const char *channel,
                              const char *language);

G_END_DECLS

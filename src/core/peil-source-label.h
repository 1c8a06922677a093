/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

char *peil_source_label      (const char *source,
                              const char *language);
char *peil_post_source_label (const char *source,
                              const char *channel,
                              const char *language);

G_END_DECLS

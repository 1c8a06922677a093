/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include <glib.h>

#include "peil-version-macros.h"

G_BEGIN_DECLS

typedef void (*PeilTextTermFunc) (const char *term,
                                  gsize       length,
                                  gpointer    user_data);

char  *peil_text_strip_noise  (const char      *text);
void   peil_text_foreach_term (const char      *text,
                               const char      *language,
                               PeilTextTermFunc func,
                               gpointer         user_data);
PEIL_PRIVATE_IN_ALL
GStrv  peil_text_terms       (const char *text,
                              const char *language);
gboolean peil_text_is_small_word (const char *word);
gboolean peil_text_is_cut_short  (const char *text);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib-object.h>

#include "peil-post.h"

G_BEGIN_DECLS

/**
 * PEIL_PSEUDONYM_KEY_SIZE:
 *
 * How many bytes an incident's pseudonym key has (%PEIL_META_PSEUDONYM_KEY
 * holds them as twice as many hex digits).
 */
#define PEIL_PSEUDONYM_KEY_SIZE 32

#define PEIL_TYPE_PSEUDONYMIZER (peil_pseudonymizer_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilPseudonymizer, peil_pseudonymizer, PEIL, PSEUDONYMIZER, GObject)

PEIL_AVAILABLE_IN_ALL
PeilPseudonymizer *peil_pseudonymizer_new          (GBytes            *key,
                                                    const char        *allow_list);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_pseudonymizer_is_allowed   (PeilPseudonymizer *self,
                                                    const char        *who);
PEIL_AVAILABLE_IN_ALL
char              *peil_pseudonymizer_dup_name     (PeilPseudonymizer *self,
                                                    const char        *who);
PEIL_AVAILABLE_IN_ALL
const char        *peil_pseudonymizer_account_of  (PeilPost          *post);
PEIL_AVAILABLE_IN_ALL
char              *peil_pseudonymizer_dup_author   (PeilPseudonymizer *self,
                                                    PeilPost          *post);
PEIL_AVAILABLE_IN_ALL
char              *peil_pseudonymizer_dup_text     (PeilPseudonymizer *self,
                                                    const char        *text);
PEIL_AVAILABLE_IN_ALL
char              *peil_pseudonymizer_dup_url      (PeilPseudonymizer *self,
                                                    const char        *url);
PEIL_AVAILABLE_IN_ALL
char              *peil_pseudonymizer_dup_id       (PeilPseudonymizer *self,
                                                    const char        *source,
                                                    const char        *remote_id);

PEIL_AVAILABLE_IN_ALL
char             **peil_allow_list_parse           (const char        *text);
PEIL_AVAILABLE_IN_ALL
gboolean           peil_allow_list_contains        (const char        *allow_list,
                                                    const char        *who);

G_END_DECLS

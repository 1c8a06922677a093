/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * PEIL_JSON_MAX_DEPTH:
 *
 * The deepest nesting peil_json_load() reads: deeper than any file or
 * service Peil reads needs, far shallower than what runs json-glib's
 * recursive parser out of stack.
 */
#define PEIL_JSON_MAX_DEPTH 128

/* JSON from a file or a server is hostile until parsed: these read it
 * with a bound on nesting, and members only when they have the type
 * asked for (NULL or FALSE otherwise, never a critical). */
PEIL_AVAILABLE_IN_ALL
gboolean     peil_json_load        (JsonParser  *parser,
                                    const char  *data,
                                    gssize       length,
                                    GError     **error);
PEIL_AVAILABLE_IN_ALL
gboolean     peil_json_load_response (JsonParser  *parser,
                                      const char  *data,
                                      gssize       length,
                                      guint       *n_replaced,
                                      GError     **error);
PEIL_AVAILABLE_IN_ALL
const char  *peil_json_get_string  (JsonObject  *object,
                                    const char  *member);
PEIL_AVAILABLE_IN_ALL
gboolean     peil_json_get_int     (JsonObject  *object,
                                    const char  *member,
                                    gint64      *out_value);
PEIL_AVAILABLE_IN_ALL
JsonObject  *peil_json_get_object  (JsonObject  *object,
                                    const char  *member);
PEIL_AVAILABLE_IN_ALL
JsonArray   *peil_json_get_array   (JsonObject  *object,
                                    const char  *member);

G_END_DECLS

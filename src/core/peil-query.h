/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib-object.h>

G_BEGIN_DECLS

#define PEIL_TYPE_QUERY (peil_query_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilQuery, peil_query, PEIL, QUERY, GObject)

PEIL_AVAILABLE_IN_ALL
gint64      peil_query_get_id            (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_query_get_source        (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_query_get_text          (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
GHashTable *peil_query_get_options       (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
GHashTable *peil_query_get_state         (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
guint       peil_query_get_interval      (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_query_get_enabled       (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_query_get_channel       (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_query_get_last_run      (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_query_get_last_success  (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_query_get_last_error    (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_query_get_limited_until (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_query_get_fetched       (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_query_get_capped        (PeilQuery  *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_query_get_next_run      (PeilQuery  *self);

/**
 * PEIL_QUERY_STATE_CAPPED:
 *
 * The state key under which a source notes a cap it reached
 * (peil_gather_job_set_capped(), peil_query_get_capped()).
 */
#define PEIL_QUERY_STATE_CAPPED "capped"

/**
 * PEIL_QUERY_STATE_NEEDS_LOGIN:
 *
 * The state key set while the query's server asks for a login
 * (%PEIL_ERROR_NEEDS_LOGIN): each program offers its own way to log in.
 */
#define PEIL_QUERY_STATE_NEEDS_LOGIN "needs-login"

/**
 * PEIL_QUERY_STATE_NEXT_RUN:
 *
 * The state key under which a source that knows when it will next have
 * something (an exercise's next inject) says so: Unix seconds
 * (peil_query_get_next_run()).
 */
#define PEIL_QUERY_STATE_NEXT_RUN "next-run"

G_END_DECLS

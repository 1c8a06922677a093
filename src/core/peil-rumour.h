/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib-object.h>

G_BEGIN_DECLS

/* Statuses of METHOD §7.4; each has a RUMOUR-… tag in the taxonomy whose
 * labels name it in either language (peil_rumour_status_tag_code()). */

/**
 * PEIL_RUMOUR_UNVERIFIED:
 *
 * The status of a rumour not yet checked, which every rumour has when it
 * is registered.
 */
#define PEIL_RUMOUR_UNVERIFIED "unverified"

/**
 * PEIL_RUMOUR_CONFIRMED:
 *
 * The status of a rumour found to be true.
 */
#define PEIL_RUMOUR_CONFIRMED  "confirmed"

/**
 * PEIL_RUMOUR_FALSE:
 *
 * The status of a rumour found to be untrue.
 */
#define PEIL_RUMOUR_FALSE      "false"

/**
 * PEIL_RUMOUR_DEBUNKED:
 *
 * The status of a false rumour that has been publicly corrected.
 */
#define PEIL_RUMOUR_DEBUNKED   "debunked"

/**
 * PeilRumourChange:
 * @status: the status the rumour got, one of the `PEIL_RUMOUR_…` values
 * @changed_at: when, in Unix seconds
 * @analyst: (nullable): who changed it, or %NULL when not known
 *
 * One step of a rumour's status history (peil_rumour_get_history()).
 */
typedef struct
{
  char   *status;
  gint64  changed_at;
  char   *analyst;
} PeilRumourChange;

#define PEIL_TYPE_RUMOUR (peil_rumour_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilRumour, peil_rumour, PEIL, RUMOUR, GObject)

PEIL_AVAILABLE_IN_ALL
const char *peil_rumour_status_from_string (const char *text);
PEIL_AVAILABLE_IN_ALL
char       *peil_rumour_status_tag_code    (const char *status);

PEIL_AVAILABLE_IN_ALL
gint64      peil_rumour_get_id         (PeilRumour *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_rumour_get_claim      (PeilRumour *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_rumour_get_status     (PeilRumour *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_rumour_get_first_seen (PeilRumour *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_rumour_get_response   (PeilRumour *self);
PEIL_AVAILABLE_IN_ALL
GArray     *peil_rumour_get_posts      (PeilRumour *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_rumour_get_linked_automatically (PeilRumour *self,
                                                  guint       index);
PEIL_AVAILABLE_IN_ALL
gint64      peil_rumour_get_story_id   (PeilRumour *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray  *peil_rumour_get_history    (PeilRumour *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_rumour_get_response_message (PeilRumour *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-rumour.h"

G_BEGIN_DECLS

struct _PeilRumour
{
  GObject    parent_instance;

  gint64     id;
  char      *claim;
  char      *status;
  gint64     first_seen;
  char      *response;
  GArray    *posts;     /* post ids, oldest post first */
  GArray    *automatic; /* gboolean per post: linked because it joined the story */
  gint64     story_id;  /* the story it follows, or 0 */
  gint64     response_message; /* our message that responded, or 0 */
  GPtrArray *history;   /* PeilRumourChange, oldest first */
};

PeilRumour *peil_rumour_new_empty (void);
void        peil_rumour_change_free (PeilRumourChange *change);

G_END_DECLS

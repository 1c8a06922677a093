/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-round.h"

G_BEGIN_DECLS

struct _PeilRound
{
  GObject     parent_instance;

  gint64      id;
  guint       number;
  char       *title;
  gint64      period_start;
  gint64      period_end;
  gint64      now;        /* where an open period ends, as read */
  char       *commissioner;
  char       *classification;
  gint64      issued_at;
  char       *issued_by;
  char       *snapshot;   /* JSON of the figures as issued, or NULL */
  GHashTable *texts;      /* section key → text */
  GHashTable *examples;   /* section key → GArray of post ids */
};

PeilRound *peil_round_new_empty (void);

G_END_DECLS

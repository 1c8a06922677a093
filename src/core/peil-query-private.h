/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-query.h"

G_BEGIN_DECLS

/* A saved search: what to ask a source, how often, and what it answered
 * last (its state, such as a cursor or an ETag, and the coverage figures
 * that say what was not gathered). Stored in the incident's query table. */
struct _PeilQuery
{
  GObject     parent_instance;

  gint64      id;
  char       *source;
  char       *text;
  GHashTable *options;       /* string → string */
  GHashTable *state;         /* string → string, the source's to keep */
  guint       interval;
  gboolean    enabled;
  gint64      last_run;
  gint64      last_success;
  char       *last_error;
  gint64      limited_until;
  gint64      fetched;
  char       *channel;       /* our channel its results go to as messages, or NULL */
};

PeilQuery  *peil_query_new_empty      (void);
void        peil_query_copy_from      (PeilQuery  *self,
                                       PeilQuery  *other);
GHashTable *peil_query_table_from_json (const char *json);
char       *peil_query_table_to_json   (GHashTable *table);

G_END_DECLS

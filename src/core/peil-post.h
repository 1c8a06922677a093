/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * PEIL_NDJSON_VERSION:
 *
 * The version of Peil's own NDJSON interchange format, written as the
 * "peil" member of every line (docs/formats.md).
 */
#define PEIL_NDJSON_VERSION 1

/**
 * PEIL_POST_MAX_TEXT:
 *
 * The most characters of text a post keeps; peil_post_set_text() cuts
 * longer texts (docs/formats.md).
 */
#define PEIL_POST_MAX_TEXT 100000

/**
 * PeilPostTag:
 * @code: the tag's code, in upper case
 * @analyst: (nullable): who applied the tag, or %NULL when not known
 * @tagged_at: when the tag was applied, in Unix seconds, or 0
 *
 * A tag as it travels with a post in an import or an export (see
 * peil_post_get_tag()); the post owns it.
 */
typedef struct
{
  char   *code;
  char   *analyst;
  gint64  tagged_at;
} PeilPostTag;

#define PEIL_TYPE_POST (peil_post_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilPost, peil_post, PEIL, POST, GObject)

PEIL_AVAILABLE_IN_ALL
gboolean     peil_post_is_web_address    (const char   *url);
PEIL_AVAILABLE_IN_ALL
PeilPost    *peil_post_new               (const char   *source,
                                          const char   *remote_id);
PEIL_AVAILABLE_IN_ALL
PeilPost    *peil_post_new_from_json     (JsonObject   *object,
                                          GError      **error);
typedef struct _PeilPseudonymizer PeilPseudonymizer;

PEIL_AVAILABLE_IN_ALL
JsonNode    *peil_post_to_json           (PeilPost          *self,
                                          PeilPseudonymizer *pseudonymizer);
PEIL_AVAILABLE_IN_ALL
gint64       peil_post_get_id            (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_id            (PeilPost     *self,
                                          gint64        id);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_source        (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_remote_id     (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_remote_id     (PeilPost     *self,
                                          const char   *remote_id);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_channel       (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_channel       (PeilPost     *self,
                                          const char   *channel);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_url           (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_url           (PeilPost     *self,
                                          const char   *url);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_author_name   (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_author_name   (PeilPost     *self,
                                          const char   *author_name);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_author_handle (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_author_handle (PeilPost     *self,
                                          const char   *author_handle);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_text          (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_text          (PeilPost     *self,
                                          const char   *text);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_language      (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_language      (PeilPost     *self,
                                          const char   *language);
PEIL_AVAILABLE_IN_ALL
gint64       peil_post_get_created_at    (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_created_at    (PeilPost     *self,
                                          gint64        created_at);
PEIL_AVAILABLE_IN_ALL
gint64       peil_post_get_fetched_at    (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_fetched_at    (PeilPost     *self,
                                          gint64        fetched_at);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_folded          (PeilPost  *self,
                                            guint      size,
                                            guint      growth);
PEIL_AVAILABLE_IN_ALL
guint        peil_post_get_folded          (PeilPost  *self);
PEIL_AVAILABLE_IN_ALL
guint        peil_post_get_folded_growth   (PeilPost  *self);
PEIL_AVAILABLE_IN_ALL
gboolean     peil_post_get_time_from_import (PeilPost  *self);
PEIL_AVAILABLE_IN_ALL
gboolean     peil_post_get_off_topic     (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_off_topic     (PeilPost     *self,
                                          gboolean      off_topic);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_time_from_import (PeilPost  *self,
                                             gboolean   time_from_import);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_origin        (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_origin        (PeilPost     *self,
                                          const char   *origin);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_raw           (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
const char  *peil_post_get_mapper        (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
void         peil_post_set_raw           (PeilPost     *self,
                                          const char   *raw,
                                          const char   *mapper);
PEIL_AVAILABLE_IN_ALL
guint        peil_post_get_n_tags        (PeilPost     *self);
PEIL_AVAILABLE_IN_ALL
const PeilPostTag *peil_post_get_tag     (PeilPost     *self,
                                          guint         index);
PEIL_AVAILABLE_IN_ALL
void         peil_post_take_tags_from    (PeilPost     *self,
                                          PeilPost     *other);
PEIL_AVAILABLE_IN_ALL
void         peil_post_add_tag           (PeilPost     *self,
                                          const char   *code,
                                          const char   *analyst,
                                          gint64        tagged_at);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PeilFilterOffTopic:
 * @PEIL_FILTER_OFF_TOPIC_LEAVE_OUT: posts marked off-topic are left out,
 *   as in every count, chart and report
 * @PEIL_FILTER_OFF_TOPIC_ONLY: only posts marked off-topic
 * @PEIL_FILTER_OFF_TOPIC_INCLUDE: marked or not
 *
 * What a filter does with the posts an analyst marked off-topic.
 */
typedef enum
{
  PEIL_FILTER_OFF_TOPIC_LEAVE_OUT,
  PEIL_FILTER_OFF_TOPIC_ONLY,
  PEIL_FILTER_OFF_TOPIC_INCLUDE,
} PeilFilterOffTopic;

#define PEIL_TYPE_FILTER (peil_filter_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilFilter, peil_filter, PEIL, FILTER, GObject)

PEIL_AVAILABLE_IN_ALL
PeilFilter         *peil_filter_new             (void);
PEIL_AVAILABLE_IN_ALL
PeilFilter         *peil_filter_copy            (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
const char         *peil_filter_get_text        (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_set_text        (PeilFilter         *self,
                                                 const char         *text);
PEIL_AVAILABLE_IN_ALL
const char         *peil_filter_get_author      (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_set_author      (PeilFilter         *self,
                                                 const char         *author);
PEIL_AVAILABLE_IN_ALL
const char * const *peil_filter_get_tags        (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_add_tag         (PeilFilter         *self,
                                                 const char         *code);
PEIL_AVAILABLE_IN_ALL
const char * const *peil_filter_get_untagged    (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_add_untagged    (PeilFilter         *self,
                                                 const char         *dimension_code);
PEIL_AVAILABLE_IN_ALL
const char * const *peil_filter_get_sources     (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_add_source      (PeilFilter         *self,
                                                 const char         *source);
PEIL_AVAILABLE_IN_ALL
gint64              peil_filter_get_query_id    (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_set_query_id    (PeilFilter         *self,
                                                 gint64              query_id);
PEIL_AVAILABLE_IN_ALL
gint64              peil_filter_get_story_id    (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_set_story_id    (PeilFilter         *self,
                                                 gint64              story_id);
PEIL_AVAILABLE_IN_ALL
gint64              peil_filter_get_since       (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
gint64              peil_filter_get_until       (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_set_range       (PeilFilter         *self,
                                                 gint64              since,
                                                 gint64              until);
PEIL_AVAILABLE_IN_ALL
PeilFilterOffTopic  peil_filter_get_off_topic   (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_set_off_topic   (PeilFilter         *self,
                                                 PeilFilterOffTopic  off_topic);
PEIL_AVAILABLE_IN_ALL
guint               peil_filter_get_limit       (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
guint               peil_filter_get_offset      (PeilFilter         *self);
PEIL_AVAILABLE_IN_ALL
void                peil_filter_set_page        (PeilFilter         *self,
                                                 guint               offset,
                                                 guint               limit);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PeilMessage:
 * @id: the message's id in its incident
 * @channel: where it went out: one of peil_message_channels()
 * @text: the message as it was sent
 * @time: when it went out, in Unix seconds
 * @url: (nullable): where it can be read, when known
 * @source: (nullable): the source it was gathered from (an "our channel"
 *   query), or %NULL when it was entered by hand
 * @analyst: (nullable): who entered it, when known
 * @tags: (array zero-terminated=1): the codes of the tags it addresses
 *   (information needs mostly), in taxonomy order
 * @rumours: (element-type gint64): the ids of the rumours it addresses
 *
 * One of the organisation's own messages: a press release, a post on its
 * own account, a website update, an NL-Alert, the text the call centre
 * reads out. Messages are kept apart from the public's posts: no count,
 * chart, export, suggestion or story of posts includes them, and they are
 * never pseudonymised (they are the organisation's own words).
 */
typedef struct
{
  gint64   id;
  char    *channel;
  char    *text;
  gint64   time;
  char    *url;
  char    *source;
  char    *analyst;
  char   **tags;
  GArray  *rumours;
} PeilMessage;

#define PEIL_TYPE_MESSAGE (peil_message_get_type ())
PEIL_AVAILABLE_IN_ALL
GType        peil_message_get_type       (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
PeilMessage *peil_message_copy           (const PeilMessage *message);
PEIL_AVAILABLE_IN_ALL
void         peil_message_free           (PeilMessage       *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilMessage, peil_message_free)

PEIL_AVAILABLE_IN_ALL
const char * const *peil_message_channels (void);
PEIL_AVAILABLE_IN_ALL
const char  *peil_message_channel_label  (const char        *channel);

/**
 * PeilEffectVerdict:
 * @PEIL_EFFECT_OPEN: the window after the message has not passed yet
 * @PEIL_EFFECT_TOO_FEW: too few posts before and after to say anything, or
 *   too little of the window before lies after the incident's first post
 * @PEIL_EFFECT_IN_LINE: the posts after lie within what the trend before
 *   leads to expect
 * @PEIL_EFFECT_BELOW: fewer posts after than the trend before leads to
 *   expect
 * @PEIL_EFFECT_ABOVE: more posts after than the trend before leads to
 *   expect
 *
 * Whether the posts after a message stand out from the trend before it.
 * It says nothing of cause.
 */
typedef enum
{
  PEIL_EFFECT_OPEN,
  PEIL_EFFECT_TOO_FEW,
  PEIL_EFFECT_IN_LINE,
  PEIL_EFFECT_BELOW,
  PEIL_EFFECT_ABOVE,
} PeilEffectVerdict;

/**
 * PeilEffect:
 * @message_id: the message
 * @tag: (nullable): the code of the tag addressed, or %NULL for a rumour
 * @rumour_id: the rumour addressed, or 0 for a tag
 * @label: the tag's label in the interface's language, or the rumour's claim
 * @window: the length of each window, in seconds
 * @before: posts with the tag (linked to the rumour) in the window before
 *   the message
 * @after: such posts in the window after it (so far, while it is open)
 * @rate_before: @before per hour
 * @rate_after: @after per hour (while the window after is open, per hour
 *   of the part that has passed)
 * @expected: the posts the trend before leads to expect in the window after
 * @expected_low: the lower end of the 95% range around @expected
 * @expected_high: the upper end of that range
 * @verdict: whether @after stands out from @expected
 *
 * The public's posts on what a message addressed, before and after it
 * (peil_incident_compute_effects()). Posts marked off-topic are not
 * counted.
 */
typedef struct
{
  gint64             message_id;
  char              *tag;
  gint64             rumour_id;
  char              *label;
  gint64             window;
  gint64             before;
  gint64             after;
  double             rate_before;
  double             rate_after;
  double             expected;
  gint64             expected_low;
  gint64             expected_high;
  PeilEffectVerdict  verdict;
} PeilEffect;

#define PEIL_TYPE_EFFECT (peil_effect_get_type ())
PEIL_AVAILABLE_IN_ALL
GType        peil_effect_get_type        (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
PeilEffect  *peil_effect_copy            (const PeilEffect  *effect);
PEIL_AVAILABLE_IN_ALL
void         peil_effect_free            (PeilEffect        *effect);
PEIL_AVAILABLE_IN_ALL
const char  *peil_effect_verdict_label   (PeilEffectVerdict  verdict);
PEIL_AVAILABLE_IN_ALL
char        *peil_effect_describe        (const PeilEffect  *effect);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilEffect, peil_effect_free)

/**
 * PeilUnanswered:
 * @tag: (nullable): the code of the information need, or %NULL for a rumour
 * @rumour_id: the rumour, or 0 for an information need
 * @label: the tag's label in the interface's language, or the rumour's claim
 * @recent: its posts in the last hours looked at
 * @previous: its posts in as many hours before those
 * @last_answered: the time of the latest message that addressed it, or 0
 *   when none did
 *
 * An information need or a rumour whose posts are rising and that no
 * message addressed lately (peil_incident_list_unanswered()).
 */
typedef struct
{
  char   *tag;
  gint64  rumour_id;
  char   *label;
  gint64  recent;
  gint64  previous;
  gint64  last_answered;
} PeilUnanswered;

#define PEIL_TYPE_UNANSWERED (peil_unanswered_get_type ())
PEIL_AVAILABLE_IN_ALL
GType           peil_unanswered_get_type (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
PeilUnanswered *peil_unanswered_copy     (const PeilUnanswered *unanswered);
PEIL_AVAILABLE_IN_ALL
void            peil_unanswered_free     (PeilUnanswered       *unanswered);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilUnanswered, peil_unanswered_free)

/**
 * PEIL_EFFECT_DEFAULT_WINDOW:
 *
 * The window before and after a message that effects are measured over,
 * in seconds: two hours.
 */
#define PEIL_EFFECT_DEFAULT_WINDOW (2 * 60 * 60)

G_END_DECLS

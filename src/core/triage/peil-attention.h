/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-incident.h"

G_BEGIN_DECLS

/* Why a post needs attention; each reason adds its weight to the score. */
/**
 * PEIL_ATTENTION_CALL_FOR_HELP:
 *
 * A #PeilAttentionReason code: the post calls for help (a cue of
 * data/triage/attention-cues.json), and does not merely relay someone
 * else's call.
 */
#define PEIL_ATTENTION_CALL_FOR_HELP    "call-for-help"
/**
 * PEIL_ATTENTION_SAFETY_QUESTION:
 *
 * A #PeilAttentionReason code: the post asks what is safe or what to do
 * ("is it safe", "windows shut").
 */
#define PEIL_ATTENTION_SAFETY_QUESTION  "safety-question"
/**
 * PEIL_ATTENTION_QUESTION_TO_ORG:
 *
 * A #PeilAttentionReason code: the post addresses an official account,
 * such as @gemeente.
 */
#define PEIL_ATTENTION_QUESTION_TO_ORG  "question-to-organisation"
/**
 * PEIL_ATTENTION_GROWING_FAST:
 *
 * A #PeilAttentionReason code: the post's story grew fast in the last 10
 * or 30 minutes.
 */
#define PEIL_ATTENTION_GROWING_FAST     "growing-fast"
/**
 * PEIL_ATTENTION_NEW_STORY:
 *
 * A #PeilAttentionReason code: the post's story, of two posts or more,
 * began within the last 30 minutes.
 */
#define PEIL_ATTENTION_NEW_STORY        "new-story"
/**
 * PEIL_ATTENTION_RUMOUR_CANDIDATE:
 *
 * A #PeilAttentionReason code: the post carries a claim or doubt in a
 * fast-growing story that no rumour follows yet.
 */
#define PEIL_ATTENTION_RUMOUR_CANDIDATE "rumour-candidate"
/**
 * PEIL_ATTENTION_NEAR_LOCATION:
 *
 * A #PeilAttentionReason code: the post names the incident's location.
 */
#define PEIL_ATTENTION_NEAR_LOCATION    "near-location"
/**
 * PEIL_ATTENTION_UNTAGGED:
 *
 * A #PeilAttentionReason code: the post has no tag yet; it only orders
 * posts that have another reason.
 */
#define PEIL_ATTENTION_UNTAGGED         "untagged"

/**
 * PeilAttentionReason:
 * @code: one of the PEIL_ATTENTION_… codes
 * @weight: what it adds to the score
 * @text: a short label in the interface's language ("Call for help",
 *   "Growing fast +38 in 10 min")
 *
 * One reason why a post needs attention, and how much it weighs.
 */
typedef struct
{
  const char *code;
  double      weight;
  char       *text;
} PeilAttentionReason;

/**
 * PeilAttentionItem:
 * @post_id: the post
 * @created_at: its time
 * @story_id: its story, or 0 when it has not been grouped yet
 * @score: the sum of its reasons' weights
 * @reasons: (element-type PeilAttentionReason): heaviest first
 *
 * A post that needs attention, with why.
 */
typedef struct
{
  gint64     post_id;
  gint64     created_at;
  gint64     story_id;
  double     score;
  GPtrArray *reasons;
} PeilAttentionItem;

PEIL_AVAILABLE_IN_ALL
void peil_attention_item_free (PeilAttentionItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilAttentionItem, peil_attention_item_free)

/**
 * PeilRumourCandidate:
 * @story_id: the story (the id of its first post)
 * @size: its posts, off-topic ones left out
 * @growth: posts it gained in the last @minutes
 * @minutes: 10 or 30
 * @first_seen: its first post's time
 * @claim: its first post's text, as the claim to register
 * @cue: the claim or doubt its posts carry, as the cue list spells it
 * @cue_posts: how many of its posts carry one
 *
 * A story that may be a rumour: it grows fast and its posts carry a claim or a doubt.
 */
typedef struct
{
  gint64  story_id;
  gint64  size;
  gint64  growth;
  guint   minutes;
  gint64  first_seen;
  char   *claim;
  char   *cue;
  gint64  cue_posts;
} PeilRumourCandidate;

PEIL_AVAILABLE_IN_ALL
void peil_rumour_candidate_free (PeilRumourCandidate *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilRumourCandidate, peil_rumour_candidate_free)

PEIL_AVAILABLE_IN_ALL
GPtrArray *peil_attention_list               (PeilIncident        *incident,
                                              gint64               now,
                                              guint                limit,
                                              GError             **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray *peil_attention_list_full          (PeilIncident        *incident,
                                              gint64               now,
                                              guint                limit,
                                              guint               *n_ranked,
                                              GError             **error);
PEIL_AVAILABLE_IN_ALL
void       peil_attention_list_async         (PeilIncident        *incident,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
GPtrArray *peil_attention_list_finish        (PeilIncident        *incident,
                                              GAsyncResult        *result,
                                              guint               *n_ranked,
                                              GError             **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray *peil_attention_rumour_candidates  (PeilIncident        *incident,
                                              gint64               now,
                                              GError             **error);

G_END_DECLS

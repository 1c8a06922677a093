/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-incident.h"

G_BEGIN_DECLS

/**
 * PEIL_SUGGESTER_THRESHOLD:
 *
 * The decision rule, the same in the CLI, the window and the bench: per
 * dimension its most likely tag when its confidence reaches
 * PEIL_SUGGESTER_THRESHOLD; of the content dimensions (not the facets)
 * only the most likely of those, and a second only from 0.5.
 */
#define PEIL_SUGGESTER_THRESHOLD 0.25
/**
 * PEIL_SUGGESTER_OFF_TOPIC_THRESHOLD:
 *
 * A post is suggested off-topic when its off-topic probability
 * (#PeilSuggestion's @off_topic) reaches this.
 */
#define PEIL_SUGGESTER_OFF_TOPIC_THRESHOLD 0.5

/**
 * PeilSuggestedTag:
 * @code: the tag's code
 * @confidence: the probability, from 0 to 1, that an analyst gives the
 *   post this tag
 *
 * One tag of a #PeilSuggestion.
 */
typedef struct
{
  char   *code;
  double  confidence;
} PeilSuggestedTag;

/**
 * PeilSuggestion:
 * @post_id: the post, or 0 for a text outside an incident
 * @tags: (element-type PeilSuggestedTag): the suggested tags, most
 *   confident first, after the decision rule
 * @off_topic: the probability that an analyst marks the post off-topic
 *
 * The tags the suggester proposes for a post, and how likely it is off-topic.
 */
typedef struct
{
  gint64     post_id;
  GPtrArray *tags;
  double     off_topic;
} PeilSuggestion;

#define PEIL_TYPE_SUGGESTION (peil_suggestion_get_type ())
PEIL_AVAILABLE_IN_ALL
GType peil_suggestion_get_type (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
void peil_suggestion_free (PeilSuggestion *suggestion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilSuggestion, peil_suggestion_free)
PEIL_AVAILABLE_IN_ALL
char **peil_suggestion_dup_codes (PeilSuggestion *suggestion,
                                  double          minimum);

/**
 * PeilAccepted:
 * @before: a post as it was before its suggestions were accepted
 * @after: the post with them (%NULL if it could not be read again)
 *
 * A post before and after peil_suggester_accept_all_async() took its suggestions, so that a view
 * can show the change.
 */
typedef struct
{
  PeilPost *before;
  PeilPost *after;
} PeilAccepted;

PEIL_AVAILABLE_IN_ALL
void peil_accepted_free (PeilAccepted *accepted);

/**
 * PeilSuggesterExample:
 *
 * A labelled text for peil_suggester_build_prior(): @codes are its tags
 * (NULL-terminated); every other tag of the prior learns "not this".
 */
typedef struct
{
  const char         *text;
  const char * const *codes;
  gboolean            off_topic;
} PeilSuggesterExample;

/**
 * PEIL_SUGGESTER_OFF_TOPIC:
 *
 * The code that stands for "marked off-topic" among the tags of a prior
 * (peil_suggester_build_prior()), beside the taxonomy's tag codes.
 */
#define PEIL_SUGGESTER_OFF_TOPIC "off-topic"

/**
 * PeilSuggestionFunc:
 * @suggestion: (transfer full): a post's suggestion
 *
 * Called by peil_suggester_foreach_post() with each post's suggestion, in
 * the order asked; the callback owns @suggestion.
 *
 * Returns: %FALSE with @error set to stop
 */
typedef gboolean (*PeilSuggestionFunc) (PeilSuggestion  *suggestion,
                                        gpointer         user_data,
                                        GError         **error);

#define PEIL_TYPE_SUGGESTER (peil_suggester_get_type ())
PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilSuggester, peil_suggester, PEIL, SUGGESTER, GObject)

PEIL_AVAILABLE_IN_ALL
PeilSuggester  *peil_suggester_new             (void);
PEIL_AVAILABLE_IN_ALL
PeilSuggester  *peil_suggester_new_with_prior  (GBytes        *prior,
                                                GError       **error);
PEIL_AVAILABLE_IN_ALL
void            peil_suggester_new_for_incident_async  (PeilIncident        *incident,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
PeilSuggester  *peil_suggester_new_for_incident_finish (PeilIncident  *incident,
                                                        GAsyncResult  *result,
                                                        GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean        peil_suggester_train           (PeilSuggester *self,
                                                PeilIncident  *incident,
                                                GCancellable  *cancellable,
                                                GError       **error);
PEIL_AVAILABLE_IN_ALL
void            peil_suggester_train_async     (PeilSuggester       *self,
                                                PeilIncident        *incident,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean        peil_suggester_train_finish    (PeilSuggester *self,
                                                GAsyncResult  *result,
                                                GError       **error);
PEIL_AVAILABLE_IN_ALL
guint           peil_suggester_get_n_trained   (PeilSuggester *self);
PEIL_AVAILABLE_IN_ALL
PeilSuggestion *peil_suggester_suggest         (PeilSuggester *self,
                                                const char    *text);
PEIL_AVAILABLE_IN_ALL
PeilSuggestion *peil_suggester_suggest_post    (PeilSuggester *self,
                                                PeilPost      *post);
PEIL_AVAILABLE_IN_ALL
GPtrArray      *peil_suggester_suggest_posts   (PeilSuggester *self,
                                                PeilIncident  *incident,
                                                GArray        *post_ids,
                                                guint          limit,
                                                GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean        peil_suggester_foreach_post    (PeilSuggester       *self,
                                                PeilIncident        *incident,
                                                GArray              *post_ids,
                                                guint                limit,
                                                PeilSuggestionFunc   func,
                                                gpointer             user_data,
                                                GError             **error);
PEIL_AVAILABLE_IN_ALL
void            peil_suggester_suggest_untagged_async  (PeilSuggester       *self,
                                                        PeilIncident        *incident,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
GPtrArray      *peil_suggester_suggest_untagged_finish (PeilSuggester *self,
                                                        GAsyncResult  *result,
                                                        GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean        peil_suggester_accept          (PeilIncident        *incident,
                                                gint64               post_id,
                                                const char * const  *codes,
                                                GError             **error);
PEIL_AVAILABLE_IN_ALL
void            peil_suggester_accept_all_async  (PeilIncident        *incident,
                                                  GPtrArray           *suggestions,
                                                  double               minimum,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean        peil_suggester_accept_all_finish (PeilIncident  *incident,
                                                  GAsyncResult  *result,
                                                  GPtrArray    **accepted,
                                                  GError       **error);
PEIL_AVAILABLE_IN_ALL
GBytes         *peil_suggester_build_prior     (const PeilSuggesterExample *examples,
                                                guint                       n_examples,
                                                const char * const         *heads,
                                                GError                    **error);

G_END_DECLS

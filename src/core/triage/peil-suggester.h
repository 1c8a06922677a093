/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include <gio/gio.h>

#include "peil-incident.h"

G_BEGIN_DECLS

/* The decision rule, the same in the CLI, the window and the bench: per
 * dimension its most likely tag when its confidence reaches
 * PEIL_SUGGESTER_THRESHOLD; of the content dimensions (not the facets)
 * only the most likely of those, and a second only from 0.5. A post is
 * suggested off-topic from PEIL_SUGGESTER_OFF_TOPIC_THRESHOLD. */
#define PEIL_SUGGESTER_THRESHOLD 0.25
#define PEIL_SUGGESTER_OFF_TOPIC_THRESHOLD 0.5

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
 */
typedef struct
{
  gint64     post_id;
  GPtrArray *tags;
  double     off_topic;
} PeilSuggestion;

#define PEIL_TYPE_SUGGESTION (peil_suggestion_get_type ())
GType peil_suggestion_get_type (void) G_GNUC_CONST;
void peil_suggestion_free (PeilSuggestion *suggestion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilSuggestion, peil_suggestion_free)
char **peil_suggestion_dup_codes (PeilSuggestion *suggestion,
                                  double          minimum);

/**
 * PeilAccepted:
 * @before: a post as it was before its suggestions were accepted
 * @after: the post with them (%NULL if it could not be read again)
 */
typedef struct
{
  PeilPost *before;
  PeilPost *after;
} PeilAccepted;

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

#define PEIL_SUGGESTER_OFF_TOPIC "off-topic"

/**
 * PeilSuggestionFunc:
 * @suggestion: (transfer full): a post's suggestion
 *
 * Returns: %FALSE with @error set to stop
 */
typedef gboolean (*PeilSuggestionFunc) (PeilSuggestion  *suggestion,
                                        gpointer         user_data,
                                        GError         **error);

#define PEIL_TYPE_SUGGESTER (peil_suggester_get_type ())
G_DECLARE_FINAL_TYPE (PeilSuggester, peil_suggester, PEIL, SUGGESTER, GObject)

PeilSuggester  *peil_suggester_new             (void);
PeilSuggester  *peil_suggester_new_with_prior  (GBytes        *prior,
                                                GError       **error);
void            peil_suggester_new_for_incident_async  (PeilIncident        *incident,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
PeilSuggester  *peil_suggester_new_for_incident_finish (PeilIncident  *incident,
                                                        GAsyncResult  *result,
                                                        GError       **error);
gboolean        peil_suggester_train           (PeilSuggester *self,
                                                PeilIncident  *incident,
                                                GCancellable  *cancellable,
                                                GError       **error);
void            peil_suggester_train_async     (PeilSuggester       *self,
                                                PeilIncident        *incident,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        peil_suggester_train_finish    (PeilSuggester *self,
                                                GAsyncResult  *result,
                                                GError       **error);
guint           peil_suggester_get_n_trained   (PeilSuggester *self);
PeilSuggestion *peil_suggester_suggest         (PeilSuggester *self,
                                                const char    *text);
GPtrArray      *peil_suggester_suggest_posts   (PeilSuggester *self,
                                                PeilIncident  *incident,
                                                GArray        *post_ids,
                                                guint          limit,
                                                GError       **error);
gboolean        peil_suggester_foreach_post    (PeilSuggester       *self,
                                                PeilIncident        *incident,
                                                GArray              *post_ids,
                                                guint                limit,
                                                PeilSuggestionFunc   func,
                                                gpointer             user_data,
                                                GError             **error);
void            peil_suggester_suggest_untagged_async  (PeilSuggester       *self,
                                                        PeilIncident        *incident,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray      *peil_suggester_suggest_untagged_finish (PeilSuggester *self,
                                                        GAsyncResult  *result,
                                                        GError       **error);
gboolean        peil_suggester_accept          (PeilIncident        *incident,
                                                gint64               post_id,
                                                const char * const  *codes,
                                                GError             **error);
void            peil_suggester_accept_all_async  (PeilIncident        *incident,
                                                  GPtrArray           *suggestions,
                                                  double               minimum,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        peil_suggester_accept_all_finish (PeilIncident  *incident,
                                                  GAsyncResult  *result,
                                                  GPtrArray    **accepted,
                                                  GError       **error);
GBytes         *peil_suggester_build_prior     (const PeilSuggesterExample *examples,
                                                guint                       n_examples,
                                                const char * const         *heads,
                                                GError                    **error);

G_END_DECLS

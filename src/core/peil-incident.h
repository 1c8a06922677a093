/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-filter.h"
#include "peil-post.h"
#include "peil-query.h"
#include "peil-round.h"
#include "peil-message.h"
#include "peil-rumour.h"
#include "peil-pseudonymizer.h"
#include "peil-taxonomy.h"

G_BEGIN_DECLS

/**
 * PEIL_APPLICATION_ID:
 *
 * SQLite's `application_id` of every incident file: "PEIL" in ASCII, so
 * that `file` and SQLite tools can tell a `.peil` file, and Peil refuses
 * another program's database.
 */
#define PEIL_APPLICATION_ID 0x5045494C

/* The metadata privacy law asks of a processing of personal data,
 * besides what identifies the incident: keys of
 * peil_incident_get_metadata() and peil_incident_set_metadata(). */

/**
 * PEIL_META_TITLE:
 *
 * The incident's title.
 */
#define PEIL_META_TITLE        "title"

/**
 * PEIL_META_DESCRIPTION:
 *
 * What the incident is about, in a few sentences.
 */
#define PEIL_META_DESCRIPTION  "description"

/**
 * PEIL_META_TYPE:
 *
 * What kind of incident it is (a fire, a flood, an outage), as the analysts
 * name it.
 */
#define PEIL_META_TYPE         "type"

/**
 * PEIL_META_LOCATION:
 *
 * Where the incident is.
 */
#define PEIL_META_LOCATION     "location"

/**
 * PEIL_META_START:
 *
 * When the incident started: a date or time, stored in ISO 8601 (UTC)
 * whatever form it was given in.
 */
#define PEIL_META_START        "start"

/**
 * PEIL_META_LANGUAGE:
 *
 * The incident's language, "nl" or "en": the default of its reports.
 */
#define PEIL_META_LANGUAGE     "language"

/**
 * PEIL_META_PURPOSE:
 *
 * Why the personal data in the incident are processed (docs/privacy.md).
 */
#define PEIL_META_PURPOSE      "purpose"

/**
 * PEIL_META_LEGAL_BASIS:
 *
 * The legal basis of the processing.
 */
#define PEIL_META_LEGAL_BASIS  "legal-basis"

/**
 * PEIL_META_RETENTION:
 *
 * The date or time until which the file is kept; after it,
 * peil_incident_retention_ended() says so and the personal data are to be
 * purged (peil_incident_purge()).
 */
#define PEIL_META_RETENTION    "retention"

/**
 * PEIL_META_DPIA:
 *
 * Where the data protection impact assessment of the processing is filed.
 */
#define PEIL_META_DPIA         "dpia"

/**
 * PEIL_META_CREATED:
 *
 * When the file was made, in ISO 8601 (UTC); Peil writes it.
 */
#define PEIL_META_CREATED      "created"

/**
 * PEIL_META_PSEUDONYM_KEY:
 *
 * The random key (64 hex digits) of the incident's author pseudonyms
 * (HMAC-SHA256): stable inside the incident, unlinkable across incidents; a
 * purge destroys it, so that no pseudonym can be reversed. Only Peil writes
 * it.
 */
#define PEIL_META_PSEUDONYM_KEY "pseudonym-key"

/**
 * PEIL_META_ALLOW_LIST:
 *
 * Accounts that keep their names (the municipality, police, media…), one
 * handle or name per line (see peil_incident_allow_account()).
 */
#define PEIL_META_ALLOW_LIST   "allow-list"

/**
 * PEIL_META_EXERCISE:
 *
 * "true" marks an exercise: every export, report and debrief says so
 * (%PEIL_EXERCISE_MARK).
 */
#define PEIL_META_EXERCISE     "exercise"

/**
 * PEIL_EXERCISE_MARK:
 *
 * How every export, report and debrief of an exercise says so, in both
 * languages whatever the interface's.
 */
#define PEIL_EXERCISE_MARK     "OEFENING / EXERCISE"

/**
 * PeilEvent:
 * @id: the event's id; ids grow with every event
 * @time: when it happened, in Unix seconds
 * @analyst: (nullable): who did it, or %NULL for Peil itself
 * @action: what was done, such as `tag`, `untag` or `query-added`
 *   (docs/cli.md lists them)
 * @post_id: the post it concerns, or 0
 * @tag: (nullable): the code of the tag it concerns, or %NULL
 * @detail: (nullable): what else it says (a label, a query's id, a
 *   reason), or %NULL
 *
 * One row of an incident's append-only event log (see
 * peil_incident_list_events()).
 */
typedef struct
{
  gint64  id;
  gint64  time;
  char   *analyst;
  char   *action;
  gint64  post_id;
  char   *tag;
  char   *detail;
} PeilEvent;

#define PEIL_TYPE_EVENT (peil_event_get_type ())
PEIL_AVAILABLE_IN_ALL
GType      peil_event_get_type (void) G_GNUC_CONST;
/**
 * PeilLogCheck:
 * @n_events: how many events the log holds
 * @head_event: the last event's id, 0 for an empty log
 * @head: the last event's link in hexadecimal, %NULL for an empty log
 * @chained_from: the `log-chained` event of a file from before the chain
 *   (the events before it were chained as they stood then), or 0 when
 *   every event was chained as it was written
 * @chained_at: when that was (seconds since 1970)
 * @head_purged_by: the `purge` event that chained the log anew after the
 *   link given to peil_incident_verify_log() was written down, and
 *   recorded that link; 0 when the link was checked as it stands
 * @head_purged_at: when that purge was
 *
 * What peil_incident_verify_log() found of a log whose chain holds.
 */
typedef struct
{
  gint64  n_events;
  gint64  head_event;
  char   *head;
  gint64  chained_from;
  gint64  chained_at;
  gint64  head_purged_by;
  gint64  head_purged_at;
} PeilLogCheck;

#define PEIL_TYPE_LOG_CHECK (peil_log_check_get_type ())
PEIL_AVAILABLE_IN_ALL
GType      peil_log_check_get_type (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
void       peil_log_check_free (PeilLogCheck    *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilLogCheck, peil_log_check_free)

PEIL_AVAILABLE_IN_ALL
PeilEvent *peil_event_copy     (const PeilEvent *event);
PEIL_AVAILABLE_IN_ALL
void       peil_event_free     (PeilEvent       *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilEvent, peil_event_free)

/**
 * PeilPurgeSummary:
 * @posts: posts whose text, authors, link, remote id and raw payload go
 * @raw: raw payloads removed
 * @notes: analysts' notes removed
 * @examples: example posts of rounds removed
 * @logged_notes: note texts taken out of the event log
 * @injects: exercise injects whose author and text go
 * @queries_stopped: saved queries switched off, so that they gather no more
 * @pseudonym_key: whether the pseudonym key is replaced by a new one
 * @kept_posts: posts kept (their tags, times, sources, marks, stories)
 * @kept_tags: tags of posts kept
 * @kept_rounds: rounds kept, with their figures and texts
 * @kept_rumours: rumours kept
 * @kept_events: events of the log kept (the purge's own not counted)
 * @wal_cleared: whether the write-ahead log beside the file was emptied;
 *   %FALSE when another connection was reading (it is emptied when the
 *   last connection closes)
 *
 * What peil_incident_purge() removes and keeps.
 */
typedef struct
{
  gint64   posts;
  gint64   raw;
  gint64   notes;
  gint64   examples;
  gint64   logged_notes;
  gint64   injects;
  gint64   queries_stopped;
  gboolean pseudonym_key;
  gint64   kept_posts;
  gint64   kept_tags;
  gint64   kept_rounds;
  gint64   kept_rumours;
  gint64   kept_events;
  gboolean wal_cleared;
} PeilPurgeSummary;

#define PEIL_TYPE_PURGE_SUMMARY (peil_purge_summary_get_type ())
PEIL_AVAILABLE_IN_ALL
GType      peil_purge_summary_get_type (void) G_GNUC_CONST;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilPurgeSummary, g_free)

PEIL_AVAILABLE_IN_ALL
char      *peil_purge_summary_describe (const PeilPurgeSummary *summary);

/**
 * PeilCount:
 * @key: what is counted: a tag's or dimension's code, a source, a query's
 *   id, an hour (see #PeilCounts)
 * @label: how to show @key to people; @key itself when it has no other
 * @count: how many posts
 *
 * One figure of #PeilCounts.
 */
typedef struct
{
  char   *key;
  char   *label;
  gint64  count;
} PeilCount;

/**
 * PeilNote:
 * @id: the note's id
 * @created_at: when it was written, in Unix seconds
 * @analyst: (nullable): who wrote it, or %NULL when not known
 * @text: the note
 *
 * An analyst's note on a post (see peil_incident_list_notes()).
 */
typedef struct
{
  gint64  id;
  gint64  created_at;
  char   *analyst;
  char   *text;
} PeilNote;

#define PEIL_TYPE_NOTE (peil_note_get_type ())
PEIL_AVAILABLE_IN_ALL
GType      peil_note_get_type  (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
PeilNote  *peil_note_copy      (const PeilNote  *note);
PEIL_AVAILABLE_IN_ALL
void       peil_note_free      (PeilNote        *note);

/**
 * PeilStory:
 * @id: the story's id: the id of its first post
 * @size: its posts that are not off-topic
 * @off_topic: its posts marked off-topic, counted apart
 * @growth: of @size, the posts of the last ten minutes before the
 *   incident's newest post
 * @first: the time of its first post that is not off-topic
 * @posts: (element-type gint64): the ids of the posts @size counts,
 *   in the order they were posted
 *
 * Near-copies of one message: retweets, quotes, a headline on two sites.
 */
typedef struct
{
  gint64  id;
  gint64  size;
  gint64  off_topic;
  gint64  growth;
  gint64  first;
  GArray *posts;
} PeilStory;

PEIL_AVAILABLE_IN_ALL
void       peil_story_free     (PeilStory       *story);

/**
 * PeilFoldedStory:
 * @story_id: the story
 * @members: (element-type gint64): the story's posts a list shows in one
 *   row, the row's own first, newest first
 * @growth: of @members, those of the last ten minutes before the
 *   incident's newest post
 *
 * A story whose posts a post list shows in one row.
 */
typedef struct
{
  gint64  story_id;
  GArray *members;
  guint   growth;
} PeilFoldedStory;

PEIL_AVAILABLE_IN_ALL
void       peil_folded_story_free (PeilFoldedStory *story);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilStory, peil_story_free)

#define PEIL_TYPE_COUNT (peil_count_get_type ())
PEIL_AVAILABLE_IN_ALL
GType      peil_count_get_type (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
void       peil_count_free     (PeilCount       *count);

/**
 * PeilCounts:
 * @total: the posts counted
 * @off_topic: the posts the filter left out for being marked off-topic
 *   (0 when the filter does not leave them out)
 * @untimed: of those counted, the posts without a time of their own
 * @tags: (element-type PeilCount): posts per tag, every tag in taxonomy
 *   order, keyed by tag code
 * @untagged: (element-type PeilCount): per dimension that is not a facet,
 *   keyed by its code, the posts that carry none of its tags
 * @sources: (element-type PeilCount): posts per source, most first, labelled
 *   as people say them in the interface's language (peil_source_label())
 * @queries: (element-type PeilCount): posts per saved query that found
 *   any, keyed by the query's id in decimal
 * @hours: (element-type PeilCount): posts per hour of their time, oldest
 *   first, keyed by the hour's start in ISO 8601 (UTC); hours without
 *   posts are left out
 *
 * What peil_incident_count() counts of the posts a filter matches.
 */
typedef struct
{
  gint64     total;
  gint64     off_topic;
  gint64     untimed;
  GPtrArray *tags;
  GPtrArray *untagged;
  GPtrArray *sources;
  GPtrArray *queries;
  GPtrArray *hours;
} PeilCounts;

#define PEIL_TYPE_COUNTS (peil_counts_get_type ())
PEIL_AVAILABLE_IN_ALL
GType      peil_counts_get_type (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
void       peil_counts_free    (PeilCounts      *counts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilCounts, peil_counts_free)

#define PEIL_TYPE_INCIDENT (peil_incident_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilIncident, peil_incident, PEIL, INCIDENT, GObject)

PEIL_AVAILABLE_IN_ALL
const char * const *peil_incident_metadata_keys (void);

PEIL_AVAILABLE_IN_ALL
PeilIncident *peil_incident_create            (GFile         *file,
                                               PeilTaxonomy  *taxonomy,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilIncident *peil_incident_open              (GFile         *file,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
GFile        *peil_incident_get_file          (PeilIncident  *self);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_get_read_only     (PeilIncident  *self);
PEIL_AVAILABLE_IN_ALL
int           peil_incident_get_schema_version(PeilIncident  *self);
PEIL_AVAILABLE_IN_ALL
const char   *peil_incident_get_analyst       (PeilIncident  *self);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_set_analyst       (PeilIncident  *self,
                                               const char    *analyst);
PEIL_AVAILABLE_IN_ALL
char         *peil_incident_get_metadata      (PeilIncident  *self,
                                               const char    *key);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_metadata      (PeilIncident  *self,
                                               const char    *key,
                                               const char    *value,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_is_exercise       (PeilIncident  *self);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_check_integrity   (PeilIncident  *self,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_watch_changes     (PeilIncident  *self,
                                               gboolean       watch);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_set_busy_timeout  (PeilIncident  *self,
                                               guint          milliseconds);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_check_other_file  (PeilIncident  *self,
                                               GFile         *file,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
PeilPseudonymizer *peil_incident_dup_pseudonymizer (PeilIncident  *self,
                                                 GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_is_allow_listed   (PeilIncident  *self,
                                               const char    *who);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_allow_account     (PeilIncident  *self,
                                               const char    *who,
                                               gboolean       allowed,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_reveal_names      (PeilIncident  *self,
                                               const char    *where,
                                               const char    *reason,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
PeilTaxonomy *peil_incident_get_taxonomy      (PeilIncident  *self);
PEIL_AVAILABLE_IN_ALL
PeilTag      *peil_incident_add_tag_definition(PeilIncident  *self,
                                               const char    *dimension_code,
                                               const char    *code,
                                               const char    *label_nl,
                                               const char    *label_en,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_rename_tag        (PeilIncident  *self,
                                               const char    *code,
                                               const char    *language,
                                               const char    *label,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_tag_hidden    (PeilIncident  *self,
                                               const char    *code,
                                               gboolean       hidden,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_add_post          (PeilIncident  *self,
                                               PeilPost      *post,
                                               gboolean      *out_added,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilPost     *peil_incident_get_post          (PeilIncident  *self,
                                               gint64         id,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_count_posts       (PeilIncident  *self);

/**
 * PeilPostFunc:
 *
 * Called by peil_incident_foreach_post() for each post that matches the
 * filter, one at a time, on the caller's thread; it does not own @post.
 *
 * Returns: %FALSE with @error set to stop the iteration
 */
typedef gboolean (*PeilPostFunc) (PeilPost  *post,
                                  gpointer   user_data,
                                  GError   **error);

PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_foreach_post      (PeilIncident  *self,
                                               PeilFilter    *filter,
                                               PeilPostFunc   func,
                                               gpointer       user_data,
                                               GCancellable  *cancellable,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_add_note          (PeilIncident  *self,
                                               gint64         post_id,
                                               const char    *text,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_notes        (PeilIncident  *self,
                                               gint64         post_id,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
GArray       *peil_incident_list_noted_posts  (PeilIncident  *self,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_use_import_times  (PeilIncident  *self,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
PeilQuery    *peil_incident_add_query         (PeilIncident  *self,
                                               const char    *source,
                                               const char    *text,
                                               GHashTable    *options,
                                               guint          interval,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_queries      (PeilIncident  *self,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilQuery    *peil_incident_get_query         (PeilIncident  *self,
                                               gint64         id,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_update_query      (PeilIncident  *self,
                                               gint64         id,
                                               const char    *text,
                                               GHashTable    *options,
                                               guint          interval,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_remove_query      (PeilIncident  *self,
                                               gint64         id,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_query_enabled (PeilIncident  *self,
                                               gint64         id,
                                               gboolean       enabled,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_tag_post          (PeilIncident  *self,
                                               gint64         post_id,
                                               const char    *tag_code,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_mark_off_topic    (PeilIncident  *self,
                                               gint64         post_id,
                                               gboolean       off_topic,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_is_off_topic      (PeilIncident  *self,
                                               gint64         post_id,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_untag_post        (PeilIncident  *self,
                                               gint64         post_id,
                                               const char    *tag_code,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
GArray       *peil_incident_search            (PeilIncident  *self,
                                               PeilFilter    *filter,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_count_matching    (PeilIncident  *self,
                                               PeilFilter    *filter,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilCounts   *peil_incident_count             (PeilIncident  *self,
                                               PeilFilter    *filter,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_count_async       (PeilIncident        *self,
                                               PeilFilter          *filter,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
PeilCounts   *peil_incident_count_finish      (PeilIncident  *self,
                                               GAsyncResult  *result,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_compute_effects_async  (PeilIncident        *self,
                                                    gint64               message_id,
                                                    gint64               window,
                                                    gint64               now,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_compute_effects_finish (PeilIncident  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_list_unanswered_async  (PeilIncident        *self,
                                                    gint64               span,
                                                    gint64               now,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_unanswered_finish (PeilIncident  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_log_event         (PeilIncident  *self,
                                               const char    *action,
                                               gint64         post_id,
                                               const char    *tag_code,
                                               const char    *detail,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_events       (PeilIncident  *self,
                                               guint          limit,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilLogCheck *peil_incident_verify_log        (PeilIncident  *self,
                                               gint64         head_event,
                                               const char    *head,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_check_loggable    (PeilIncident  *self,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_log_export        (PeilIncident  *self,
                                               const char    *format,
                                               GFile         *file,
                                               gint64         posts,
                                               gboolean       pseudonymized,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_log_debrief       (PeilIncident  *self,
                                               const char    *format,
                                               guint          trainees,
                                               GFile         *file,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_log_author_search (PeilIncident  *self,
                                               const char    *who,
                                               gint64         matches,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_get_retention     (PeilIncident  *self,
                                               gint64        *out_time);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_retention_ended   (PeilIncident  *self,
                                               gint64        *out_time);
PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_get_purged_at     (PeilIncident  *self);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_holds_personal_data (PeilIncident *self);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_purge             (PeilIncident  *self,
                                               gboolean       dry_run,
                                               PeilPurgeSummary **out_summary,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_purge_async       (PeilIncident        *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
PeilPurgeSummary *peil_incident_purge_finish  (PeilIncident  *self,
                                               GAsyncResult  *result,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
PeilRound    *peil_incident_add_round         (PeilIncident  *self,
                                               const char    *title,
                                               gint64         start,
                                               gint64         end,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_rounds       (PeilIncident  *self,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilRound    *peil_incident_get_round         (PeilIncident  *self,
                                               guint          number,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_round_text    (PeilIncident  *self,
                                               guint          number,
                                               const char    *field,
                                               const char    *text,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_round_period  (PeilIncident  *self,
                                               guint          number,
                                               gint64         start,
                                               gint64         end,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_link_example      (PeilIncident  *self,
                                               guint          number,
                                               const char    *section,
                                               gint64         post_id,
                                               gboolean       linked,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_issue_round       (PeilIncident  *self,
                                               guint          number,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_issue_round_async (PeilIncident        *self,
                                               guint                number,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_issue_round_finish (PeilIncident  *self,
                                                GAsyncResult  *result,
                                                GError       **error);
PEIL_AVAILABLE_IN_ALL
char         *peil_incident_compute_figures   (PeilIncident  *self,
                                               gint64         start,
                                               gint64         end,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
PeilRumour   *peil_incident_add_rumour        (PeilIncident  *self,
                                               const char    *claim,
                                               gint64         first_seen,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilRumour   *peil_incident_add_story_rumour  (PeilIncident  *self,
                                               const char    *claim,
                                               gint64         story_id,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_rumours      (PeilIncident  *self,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
PeilRumour   *peil_incident_get_rumour        (PeilIncident  *self,
                                               gint64         id,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_rumour_status (PeilIncident  *self,
                                               gint64         id,
                                               const char    *status,
                                               GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_rumour_response (PeilIncident  *self,
                                                 gint64         id,
                                                 const char    *response,
                                                 GError       **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_link_rumour_post  (PeilIncident  *self,
                                               gint64         id,
                                               gint64         post_id,
                                               gboolean       linked,
                                               GError       **error);

PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_group_stories     (PeilIncident        *self,
                                               GCancellable        *cancellable,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
void          peil_incident_group_stories_async (PeilIncident      *self,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_group_stories_finish (PeilIncident     *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_stories      (PeilIncident        *self,
                                               guint                min_size,
                                               GError             **error);

PEIL_AVAILABLE_IN_ALL
GArray       *peil_incident_fold_stories      (PeilIncident        *self,
                                               GArray              *ids,
                                               GHashTable         **out_folded,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
GArray       *peil_incident_tag_story_members (PeilIncident        *self,
                                               GArray              *members,
                                               const char          *tag_code,
                                               GError             **error);

PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_add_message       (PeilIncident        *self,
                                               const char          *channel,
                                               const char          *text,
                                               gint64               time,
                                               const char * const  *tags,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_remove_message    (PeilIncident        *self,
                                               gint64               id,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
PeilMessage  *peil_incident_get_message       (PeilIncident        *self,
                                               gint64               id,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_messages     (PeilIncident        *self,
                                               gint64               start,
                                               gint64               end,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_tag_message       (PeilIncident        *self,
                                               gint64               id,
                                               const char          *tag_code,
                                               gboolean             addressed,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_link_message_rumour (PeilIncident      *self,
                                                 gint64             id,
                                                 gint64             rumour_id,
                                                 gboolean           addressed,
                                                 GError           **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_rumour_response_message (PeilIncident *self,
                                                         gint64        rumour_id,
                                                         gint64        message_id,
                                                         GError      **error);
PEIL_AVAILABLE_IN_ALL
gboolean      peil_incident_set_query_channel (PeilIncident        *self,
                                               gint64               id,
                                               const char          *channel,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
gint64        peil_incident_get_newest_time   (PeilIncident        *self,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_compute_effects   (PeilIncident        *self,
                                               gint64               message_id,
                                               gint64               window,
                                               gint64               now,
                                               GError             **error);
PEIL_AVAILABLE_IN_ALL
GPtrArray    *peil_incident_list_unanswered   (PeilIncident        *self,
                                               gint64               span,
                                               gint64               now,
                                               GError             **error);

G_END_DECLS

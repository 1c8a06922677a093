/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include "peil-incident.h"
#include "peil-round.h"

G_BEGIN_DECLS

/**
 * PeilTrend:
 * @PEIL_TREND_NONE: there is no previous round to compare with
 * @PEIL_TREND_NEW: none in the previous round, some now
 * @PEIL_TREND_RISING: more than a fifth up on the previous round
 * @PEIL_TREND_STABLE: within a fifth of the previous round (none in
 *   either counts as stable)
 * @PEIL_TREND_FALLING: more than a fifth down on the previous round
 *
 * How a count in a report moved since the previous round; smaller moves
 * are noise between rounds. See peil_report_trend_label() and
 * peil_report_trend_arrow().
 */
typedef enum
{
  PEIL_TREND_NONE,     /* no previous round to compare with */
  PEIL_TREND_NEW,
  PEIL_TREND_RISING,
  PEIL_TREND_STABLE,
  PEIL_TREND_FALLING,
} PeilTrend;

/**
 * PeilReportFlags:
 * @PEIL_REPORT_NONE: a report as it is sent: authors by pseudonym, with
 *   the list of tagged posts
 * @PEIL_REPORT_SHOW_AUTHORS: quote authors, and whom the posts name, by
 *   name instead of by pseudonym; the caller has logged why
 *   (peil_incident_reveal_names())
 * @PEIL_REPORT_NO_POSTS: leave out the list of tagged posts
 *   (peil_report_get_posts() is empty): for showing the figures, not for
 *   writing a report
 *
 * How peil_report_new() gathers a report.
 */
typedef enum
{
  PEIL_REPORT_NONE         = 0,
  /* Quote authors, and whom the posts name, by name instead of by
   * pseudonym: the caller has logged why (peil_incident_reveal_names()). */
  PEIL_REPORT_SHOW_AUTHORS = 1 << 0,
  /* Leave out the list of tagged posts (peil_report_get_posts() is
   * empty): for showing the figures, not for writing a report. */
  PEIL_REPORT_NO_POSTS     = 1 << 1,
} PeilReportFlags;

/**
 * PeilReportFigure:
 * @key: a tag or dimension code, source id, or an hour's start (Unix time)
 * @label: what the report calls it, in the report's language
 * @previous: the count in the previous round, -1 when there is none
 *
 * A count of a round's report, with the previous round's to compare.
 */
typedef struct
{
  char      *key;
  char      *label;
  gint64     count;
  gint64     previous;
  PeilTrend  trend;
} PeilReportFigure;

/**
 * PeilReportPost:
 * @id: the post's id in the incident
 * @created_at: when it was posted (Unix seconds)
 * @source: where it came from as people say it, in the report's language
 *   ("X (Twitter)", "Telefoon")
 * @author: (nullable): a pseudonym unless the report shows authors
 * @text: (nullable): what it says; %NULL when it was purged
 *   (peil_report_get_purge_note())
 * @url: (nullable): its address, pseudonymized as @author is
 * @tags: the labels of its tags in the report's language, separated by
 *   ", "
 *
 * A post as the report quotes it.
 */
typedef struct
{
  gint64  id;
  gint64  created_at;
  char   *source;
  char   *author;
  char   *text;
  char   *url;
  char   *tags;
} PeilReportPost;

/**
 * PeilReportRumour:
 * @posts: linked posts up to the end of the period
 * @posts_in_period: linked posts within the period
 * @posts_previous: linked posts within the previous round's period, -1
 *   when there is no previous round
 * @trend: from @posts_previous to @posts_in_period
 *
 * A rumour of the register as a round's report shows it, with its posts in the period.
 */
typedef struct
{
  char      *claim;
  char      *status;
  char      *status_label;
  gint64     first_seen;
  gint64     posts;
  gint64     posts_in_period;
  gint64     posts_previous;
  PeilTrend  trend;
  char      *response;
} PeilReportRumour;

/**
 * PeilReportEffect:
 * @tag: (nullable): the code of the tag the message addressed, or %NULL
 *   for a rumour
 * @rumour_id: the rumour it addressed, or 0 for a tag
 * @label: the tag's label in the report's language, or the rumour's claim
 * @before: the public's posts on it in the window before the message
 * @after: such posts in the window after it (so far, while the window
 *   was open at the period's end)
 * @rate_before: @before per hour
 * @rate_after: @after per hour
 * @rates: the two rates as the report writes them: "6,0 → 1,5"; "6,0 → …"
 *   while the window after was open
 * @change: @rate_after less @rate_before per hour, and as a percentage of
 *   @rate_before when there were posts before: "−4,5 per uur (−75%)";
 *   "—" while the window after was open
 * @expected: the posts the trend before led to expect after the message
 * @expected_low: the lower end of the 95% range around @expected
 * @expected_high: the upper end of that range
 * @expected_range: @expected in whole posts with its 95% range, as the
 *   report writes it: "10 (5–17)"
 * @verdict: whether @after stands out from the trend before
 * @verdict_label: @verdict in the report's language
 *   (peil_report_verdict_text())
 *
 * The public's posts on one thing a message addressed, before and after
 * it, as a round's report shows them: what happened after the message,
 * never a claim that it was the cause.
 */
typedef struct
{
  char              *tag;
  gint64             rumour_id;
  char              *label;
  gint64             before;
  gint64             after;
  double             rate_before;
  double             rate_after;
  char              *rates;
  char              *change;
  double             expected;
  gint64             expected_low;
  gint64             expected_high;
  char              *expected_range;
  PeilEffectVerdict  verdict;
  char              *verdict_label;
} PeilReportEffect;

/**
 * PeilReportMessage:
 * @id: the message's id in the incident
 * @time: when it went out (Unix seconds)
 * @channel: where it went out, as stored ("press", "nl-alert")
 * @channel_label: @channel in the report's language ("Persbericht")
 * @text: the message as it was sent; never pseudonymized, it is the
 *   organisation's own
 * @addressed: the labels of the tags and the claims of the rumours it
 *   addressed, in the report's language, separated by ", "
 * @effects: (element-type PeilReportEffect): the effect on each of them
 *
 * One of our own messages of the round's period, as its report shows it.
 */
typedef struct
{
  gint64     id;
  gint64     time;
  char      *channel;
  char      *channel_label;
  char      *text;
  char      *addressed;
  GPtrArray *effects;
} PeilReportMessage;

/**
 * PeilReportUnanswered:
 * @tag: (nullable): the code of the information need, or %NULL for a
 *   rumour
 * @rumour_id: the rumour, or 0 for an information need
 * @label: the tag's label in the report's language, or the rumour's claim
 * @recent: its posts in the window before the end of the period
 * @previous: its posts in as long a window before that
 * @last_answered: when a message last addressed it (Unix seconds), or 0
 *   when none had
 *
 * An information need or rumour that was rising at the end of the round's
 * period with no message of ours addressing it lately.
 */
typedef struct
{
  char   *tag;
  gint64  rumour_id;
  char   *label;
  gint64  recent;
  gint64  previous;
  gint64  last_answered;
} PeilReportUnanswered;

#define PEIL_TYPE_REPORT (peil_report_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilReport, peil_report, PEIL, REPORT, GObject)

PEIL_AVAILABLE_IN_ALL
PeilReport       *peil_report_new                 (PeilIncident     *incident,
                                                   guint             round_number,
                                                   const char       *language,
                                                   PeilReportFlags   flags,
                                                   GError          **error);
PEIL_AVAILABLE_IN_ALL
void              peil_report_new_async           (PeilIncident     *incident,
                                                   guint             round_number,
                                                   const char       *language,
                                                   PeilReportFlags   flags,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
PEIL_AVAILABLE_IN_ALL
PeilReport       *peil_report_new_finish          (GAsyncResult     *result,
                                                   GError          **error);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_get_language        (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_text                (PeilReport       *self,
                                                   const char       *english);
PEIL_AVAILABLE_IN_ALL
char             *peil_report_format_time         (PeilReport       *self,
                                                   gint64            unix_time);
PEIL_AVAILABLE_IN_ALL
char             *peil_report_format_byline       (PeilReport       *self,
                                                   const PeilReportPost *post);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_trend_label         (PeilReport       *self,
                                                   PeilTrend         trend);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_trend_arrow         (PeilTrend         trend);
PEIL_AVAILABLE_IN_ALL
gboolean          peil_report_get_exercise        (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
gboolean          peil_report_get_shows_authors   (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_get_incident_title  (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_get_incident_type   (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_get_location        (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_get_analyst         (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
PeilRound        *peil_report_get_round           (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
guint             peil_report_get_previous_number (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const PeilReportFigure *peil_report_get_total     (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
gint64            peil_report_get_untimed         (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
gint64            peil_report_get_off_topic       (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_report_get_figures         (PeilReport       *self,
                                                   const char       *group);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_report_get_key_figures     (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const char * const *peil_report_get_facets       (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_report_get_rumours         (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
gboolean          peil_report_get_communication_recorded (PeilReport *self);
PEIL_AVAILABLE_IN_ALL
gint64            peil_report_get_effect_window   (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_report_get_messages        (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_report_get_unanswered      (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_verdict_text        (PeilReport       *self,
                                                   PeilEffectVerdict verdict);
PEIL_AVAILABLE_IN_ALL
char             *peil_report_format_effect_note  (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_report_get_examples        (PeilReport       *self,
                                                   const char       *section);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_report_get_posts           (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
const char       *peil_report_get_purge_note      (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
gboolean          peil_report_get_examples_purged (PeilReport       *self,
                                                   const char       *section);
PEIL_AVAILABLE_IN_ALL
GStrv             peil_report_get_queries         (PeilReport       *self);
PEIL_AVAILABLE_IN_ALL
gboolean          peil_report_log_written         (PeilReport       *self,
                                                   PeilIncident     *incident,
                                                   const char       *format,
                                                   GFile            *file,
                                                   GError          **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-incident-private.h"

/*
 * The effect of the organisation's own messages, and what no message has
 * answered yet (issue 16, docs/effect.md). A message addresses tags
 * (information needs mostly) and rumours; its effect on one of them is
 * how many of the public's posts carry it in a window before and after
 * the message, and whether the posts after stand out from what the trend
 * before leads to expect. It says nothing of cause: a press release and
 * the fire going out can fall in one window.
 */

#define TREND_BINS           4  /* in each window */
#define TOO_FEW_POSTS        5  /* before + after, below which no verdict */
#define UNANSWERED_SPAN      (2 * 60 * 60)
#define RISING_AT_LEAST      3  /* recent posts before a rise counts */

/* The times of the posts on one tag or rumour, up to "now" (?2), oldest
 * first: read once for all the messages that address it, then counted
 * window by window. Counting each window with a query of its own walked
 * every post in it: 1000 messages on 100,000 posts took minutes with a
 * window of a month. */
static const char *const tag_times_sql =
  "SELECT p.created_at FROM post p"
  " WHERE p.id IN (SELECT pt.post_id FROM post_tag pt WHERE pt.tag_id = ?1)"
  " AND p.created_at > 0 AND p.created_at <= ?2 AND " PEIL_SQL_ON_TOPIC
  " ORDER BY p.created_at";
static const char *const rumour_times_sql =
  "SELECT p.created_at FROM post p"
  " WHERE p.id IN (SELECT rp.post_id FROM rumour_post rp WHERE rp.rumour_id = ?1)"
  " AND p.created_at > 0 AND p.created_at <= ?2 AND " PEIL_SQL_ON_TOPIC
  " ORDER BY p.created_at";

/* The times @sql gives for @key, from @cache or read into it. */
static GArray *
post_times (PeilIncident  *self,
            GHashTable    *cache,
            const char    *sql,
            gint64         key,
            gint64         now,
            GError       **error)
{
  g_autofree char *name = g_strdup_printf ("%s %" G_GINT64_FORMAT, sql == tag_times_sql ? "tag" : "rumour", key);
  g_autoptr(GArray) times = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if ((times = g_hash_table_lookup (cache, name)) != NULL)
    return g_steal_pointer (&times);
  if (!(stmt = peil_database_statement (self->db, sql, error)))
    return NULL;
  times = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_array_append_val (times, (gint64) { sqlite3_column_int64 (stmt, 0) });
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  g_hash_table_insert (cache, g_steal_pointer (&name), times);
  return g_steal_pointer (&times);
}

/* How many of the sorted @times lie before @time. */
static guint
count_before (GArray *times,
              gint64  time)
{
  guint low = 0, high = times->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (times, gint64, middle) < time)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* "Now" as the caller gives it, else the newest post's or message's
 * time, so that an imported collection reads as it stood at its end and a
 * message just entered counts; an incident without either has only the
 * clock. A message more than a day past the clock (a typing slip) is not
 * "now", as no such post is. */
static gboolean
resolve_now (PeilIncident  *self,
             gint64        *now,
             GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 clock = g_get_real_time () / G_USEC_PER_SEC;
  int rc;

  if (*now > 0)
    return TRUE;
  if (!peil_incident_newest_time (self, now, error) ||
      !(stmt = peil_database_statement (self->db, "SELECT coalesce (max (time), 0) FROM message WHERE time <= ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clock + 24 * 60 * 60);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *now = MAX (*now, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return peil_database_set_error (self->db, error);
  if (*now == 0)
    *now = clock;
  return TRUE;
}

/* What every effect of one computation is measured in: the windows'
 * length, the time up to which posts are there, and the time of the
 * incident's first post, before which nothing was collected. */
typedef struct
{
  gint64 window;
  gint64 now;
  gint64 first;
} Frame;

/*
 * What the posts before lead to expect in the window after, and how sure
 * that is (docs/effect.md). The counts y0..y3 of the 4 bins before lie at
 * x = 0..3 (x̄ = 1.5, Σ(x − x̄)² = 5); the least-squares slope is
 * b = Σ(x − x̄)·y / 5, and its standard error, counts taken as Poisson,
 * √(Σ(x − x̄)²·y) / 5. A slope of at least twice its standard error is a
 * trend: the line ȳ + b (x − 1.5) is carried over the bins after
 * (x = 4..7), each at least 0. Anything less is chance, and the level
 * before is carried on: as many posts as before. Either way the expected
 * count is (but for the clamping at 0) a sum Σ w·y of the counts before,
 * so its variance is Σ w²·y — of the whole line, also where it is clamped:
 * a line that falls to 0 is no surer of 0 than of its slope. The count
 * after adds its own chance (its variance, the expected count itself).
 * The 95% range is the expected count ± 1.96 times the square root of the
 * two together, at least 0, widened to whole posts.
 *
 * The first @uncovered bins lie before the incident's first post: not
 * quiet, but not collected. Then only the level of the bins after them is
 * carried on (no trend), if there are at least two; with fewer there is
 * nothing to expect from, and FALSE says so.
 */
static gboolean
expect_after (const gint64 *bins,
              int           uncovered,
              double       *out_expected,
              gint64       *out_low,
              gint64       *out_high)
{
  double slope = 0.0, slope_variance = 0.0, expected = 0.0, variance = 0.0, spread;
  double weights[TREND_BINS] = { 0.0 };
  int covered = TREND_BINS - uncovered;

  *out_expected = 0.0;
  *out_low = *out_high = 0;
  if (covered < 2)
    return FALSE;

  for (int k = 0; k < TREND_BINS; k++)
    {
      slope += (k - 1.5) * bins[k] / 5.0;
      slope_variance += (k - 1.5) * (k - 1.5) * bins[k] / 25.0;
    }

  if (covered == TREND_BINS && slope_variance > 0.0 && fabs (slope) >= 2.0 * sqrt (slope_variance))
    for (int x = TREND_BINS; x < 2 * TREND_BINS; x++)
      {
        double height = 0.0;

        for (int k = 0; k < TREND_BINS; k++)
          {
            double share = 0.25 + (k - 1.5) * (x - 1.5) / 5.0;

            weights[k] += share;
            height += share * bins[k];
          }
        expected += MAX (0.0, height);
      }
  else
    for (int k = uncovered; k < TREND_BINS; k++)
      {
        weights[k] = (double)TREND_BINS / covered;
        expected += weights[k] * bins[k];
      }

  for (int k = 0; k < TREND_BINS; k++)
    variance += weights[k] * weights[k] * bins[k];
  spread = 1.96 * sqrt (variance + expected);
  *out_expected = expected;
  *out_low = (gint64)floor (MAX (0.0, expected - spread));
  *out_high = (gint64)ceil (expected + spread);
  return TRUE;
}

/* How many of the 4 bins of [@start, @start + @window) end before or at
 * @first, the incident's first post: a bin holds the times t with
 * (t − start)·4 / window equal to its number, so bin j ends at
 * start + ⌈(j + 1)·window / 4⌉. A bin the first post falls in counts as
 * collected. */
static int
count_uncovered (gint64 start,
                 gint64 window,
                 gint64 first)
{
  int uncovered = 0;

  while (first > 0 && uncovered < TREND_BINS &&
         start + ((uncovered + 1) * window + TREND_BINS - 1) / TREND_BINS <= first)
    uncovered++;
  return uncovered;
}

/* Posts before and after a message at @time, in bins of @window / 4:
 * [time − window, time) is bins 0–3, [time, time + window) bins 4–7; a
 * post is in bin k when (its time − (time − window)) · 4 / window is k,
 * counted in whole seconds. None after "now" (read into @times), so that
 * figures at a round's end stay as they were. */
static PeilEffect *
measure (GArray       *times,
         gint64        time,
         const Frame  *frame)
{
  gint64 window = frame->window;
  gint64 bins[2 * TREND_BINS] = { 0 };
  g_autofree PeilEffect *effect = NULL;
  double hours = window / 3600.0;
  gint64 start = time - window;
  guint below = count_before (times, start);
  gboolean known;
  int uncovered;

  for (int k = 0; k < 2 * TREND_BINS; k++)
    {
      /* The first second whose bin is k + 1: ⌈(k + 1) · window / 4⌉ on. */
      guint upto = count_before (times, start + ((k + 1) * window + TREND_BINS - 1) / TREND_BINS);

      bins[k] = upto - below;
      below = upto;
    }

  effect = g_new0 (PeilEffect, 1);
  effect->window = window;
  for (int i = 0; i < TREND_BINS; i++)
    {
      effect->before += bins[i];
      effect->after += bins[TREND_BINS + i];
    }
  /* The rate before is over the part of its window that was collected. */
  uncovered = count_uncovered (time - window, window, frame->first);
  if (uncovered < TREND_BINS)
    effect->rate_before = effect->before / (hours * (TREND_BINS - uncovered) / TREND_BINS);
  /* While the window after is open, its rate is over the part that passed:
   * the posts so far spread over the whole window would read as a drop. */
  effect->rate_after = effect->after / (time + window > frame->now ? MAX (frame->now - time, 1) / 3600.0 : hours);
  known = expect_after (bins, uncovered, &effect->expected, &effect->expected_low, &effect->expected_high);

  if (time + window > frame->now)
    effect->verdict = PEIL_EFFECT_OPEN;
  else if (!known || effect->before + effect->after < TOO_FEW_POSTS)
    effect->verdict = PEIL_EFFECT_TOO_FEW;
  else if (effect->after < effect->expected_low)
    effect->verdict = PEIL_EFFECT_BELOW;
  else if (effect->after > effect->expected_high)
    effect->verdict = PEIL_EFFECT_ABOVE;
  else
    effect->verdict = PEIL_EFFECT_IN_LINE;
  return g_steal_pointer (&effect);
}

/* A tag made without labels goes by its code. */
static const char *
tag_label (PeilTag *tag)
{
  const char *label = peil_tag_get_label (tag);

  return label ? label : peil_tag_get_code (tag);
}

/* The ids of the tags message @id addresses. */
static GHashTable *
read_message_tags (PeilIncident  *self,
                   gint64         id,
                   GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "SELECT tag_id FROM message_tag WHERE message_id = ?", error);
  g_autoptr(GHashTable) tags = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (tags, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&tags);
}

/* The effects of message @id at @time on its tags (in taxonomy order),
 * then on its rumours (by id), added to @effects. */
static gboolean
measure_message (PeilIncident  *self,
                 gint64         id,
                 gint64         time,
                 const Frame   *frame,
                 GHashTable    *cache,
                 GPtrArray     *effects,
                 GError       **error)
{
  g_autoptr(GHashTable) tags = read_message_tags (self, id, error);
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (self->taxonomy);
  sqlite3_stmt *stmt;
  int rc;

  if (tags == NULL)
    return FALSE;
  for (guint i = 0; i < dimensions->len; i++)
    {
      GPtrArray *dimension_tags = peil_dimension_get_tags (g_ptr_array_index (dimensions, i));

      for (guint j = 0; j < dimension_tags->len; j++)
        {
          PeilTag *tag = g_ptr_array_index (dimension_tags, j);
          gint64 tag_id = peil_tag_get_id (tag);
          GArray *times;
          PeilEffect *effect;

          if (!g_hash_table_contains (tags, &tag_id))
            continue;
          if (!(times = post_times (self, cache, tag_times_sql, tag_id, frame->now, error)))
            return FALSE;
          effect = measure (times, time, frame);
          effect->message_id = id;
          effect->tag = g_strdup (peil_tag_get_code (tag));
          effect->label = g_strdup (tag_label (tag));
          g_ptr_array_add (effects, effect);
        }
    }

  /* A rumour's response message addresses it, linked or not. */
  if (!(stmt = peil_database_statement (self->db,
                                        "SELECT id, claim FROM rumour WHERE response_message_id = ?1"
                                        " OR id IN (SELECT rumour_id FROM message_rumour WHERE message_id = ?1)"
                                        " ORDER BY id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  {
    g_autoptr(GArray) rumours = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_free);

    /* Read them all first: measuring uses statements of its own. */
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_array_append_val (rumours, (gint64) { sqlite3_column_int64 (stmt, 0) });
        g_ptr_array_add (claims, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      return peil_database_set_error (self->db, error);
    for (guint i = 0; i < rumours->len; i++)
      {
        GArray *times = post_times (self, cache, rumour_times_sql, g_array_index (rumours, gint64, i), frame->now, error);
        PeilEffect *effect;

        if (times == NULL)
          return FALSE;
        effect = measure (times, time, frame);
        effect->message_id = id;
        effect->rumour_id = g_array_index (rumours, gint64, i);
        effect->label = g_steal_pointer (&g_ptr_array_index (claims, i));
        g_ptr_array_add (effects, effect);
      }
  }
  return TRUE;
}

static gboolean
compute_effects (PeilIncident  *self,
                 gint64         message_id,
                 gint64         window,
                 gint64         now,
                 GPtrArray     *effects,
                 GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  Frame frame = { window, now, 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!resolve_now (self, &frame.now, error) ||
      !peil_database_query_int (self->db, "SELECT coalesce ((SELECT p.created_at FROM post p"
                                " WHERE p.created_at > 0 AND p.time_from_import = 0 AND " PEIL_SQL_ON_TOPIC
                                " ORDER BY p.created_at LIMIT 1), 0)", &frame.first, error) ||
      !(stmt = peil_database_statement (self->db, "SELECT id, time FROM message WHERE ?1 = 0 OR id = ?1"
                                                  " ORDER BY time, id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_array_append_val (ids, (gint64) { sqlite3_column_int64 (stmt, 0) });
      g_array_append_val (times, (gint64) { sqlite3_column_int64 (stmt, 1) });
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  if (message_id != 0 && ids->len == 0)
    {
      return peil_incident_set_unknown_message_error (message_id, error);
    }

  for (guint i = 0; i < ids->len; i++)
    if (!measure_message (self, g_array_index (ids, gint64, i), g_array_index (times, gint64, i),
                          &frame, cache, effects, error))
      return FALSE;
  return TRUE;
}

/**
 * peil_incident_compute_effects:
 * @message_id: the message to measure, or 0 for every message
 * @window: the length of the windows before and after a message, in
 *   seconds; 0 for %PEIL_EFFECT_DEFAULT_WINDOW
 * @now: the time up to which posts are there, in Unix seconds; 0 for the
 *   time of the newest post or message (or the clock, when there is none)
 *
 * Measures what the organisation's messages may have done to the posts on
 * what they addressed: for each message (oldest first) and each tag it
 * addresses (in taxonomy order), then each rumour (by id), the public's
 * posts with that tag or linked to that rumour in the @window before the
 * message and in the @window after it, and whether the posts after lie
 * outside the 95% range of what the trend before leads to expect. Posts
 * marked off-topic, posts without a time and posts after @now are not
 * counted; while @now lies inside a window after, its verdict is
 * %PEIL_EFFECT_OPEN. The method,
 * and why it claims no cause, is in docs/effect.md. Everything is read at
 * one moment.
 *
 * Returns: (transfer container) (element-type PeilEffect): the effects,
 *   or %NULL with @error set (%PEIL_ERROR_NOT_FOUND when @message_id is
 *   not a message of the incident)
 */
GPtrArray *
peil_incident_compute_effects (PeilIncident  *self,
                               gint64         message_id,
                               gint64         window,
                               gint64         now,
                               GError       **error)
{
  g_autoptr(GPtrArray) effects = NULL;
  gboolean computed;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (window >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (window == 0)
    window = PEIL_EFFECT_DEFAULT_WINDOW;
  effects = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_effect_free);
  if (!peil_database_begin_read (self->db, error))
    return NULL;
  computed = compute_effects (self, message_id, window, now, effects, error);
  peil_database_end_read (self->db);
  return computed ? g_steal_pointer (&effects) : NULL;
}

/* Unanswered */

static PeilUnanswered *
unanswered_new (const char *tag,
                gint64      rumour_id,
                const char *label,
                gint64      recent,
                gint64      previous,
                gint64      last_answered)
{
  PeilUnanswered *item = g_new0 (PeilUnanswered, 1);

  item->tag = g_strdup (tag);
  item->rumour_id = rumour_id;
  item->label = g_strdup (label);
  item->recent = recent;
  item->previous = previous;
  item->last_answered = last_answered;
  return item;
}

/* Reads rows of (id, first, second) into id → { first, second }; ?1 is
 * @now and ?2, where @sql has it, @span. */
static GHashTable *
read_pairs (PeilIncident  *self,
            const char    *sql,
            gint64         now,
            gint64         span,
            GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, sql, error);
  g_autoptr(GHashTable) pairs = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_bind_int64 (stmt, 1, now);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, span);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2) };

      g_hash_table_insert (pairs, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                           g_memdup2 (pair, sizeof pair));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&pairs);
}

/* Rising: at least 3 posts lately and more than in the span before. Not
 * answered: no message addressed it in [now − span, now]. */
static void
consider (GPtrArray  *list,
          const char *tag,
          gint64      rumour_id,
          const char *label,
          gint64      recent,
          gint64      previous,
          gint64      last_answered,
          gint64      now,
          gint64      span)
{
  if (recent >= RISING_AT_LEAST && recent > previous && (last_answered == 0 || last_answered < now - span))
    g_ptr_array_add (list, unanswered_new (tag, rumour_id, label, recent, previous, last_answered));
}

static gboolean
list_unanswered (PeilIncident  *self,
                 gint64         span,
                 gint64         now,
                 GPtrArray     *list,
                 GError       **error)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GHashTable) answered = NULL;
  PeilDimension *needs;
  sqlite3_stmt *stmt;
  int rc;

  /* Left to Peil, "now" is just after the newest post or message: the
   * last hours hold it too. */
  if (now == 0)
    {
      if (!resolve_now (self, &now, error))
        return FALSE;
      now++;
    }
  if (!(counts = read_pairs (self,
                             "SELECT pt.tag_id,"
                             "  count (DISTINCT CASE WHEN p.created_at >= ?1 - ?2 THEN p.id END),"
                             "  count (DISTINCT CASE WHEN p.created_at < ?1 - ?2 THEN p.id END)"
                             " FROM post p JOIN post_tag pt ON pt.post_id = p.id"
                             " WHERE p.created_at >= ?1 - 2 * ?2 AND p.created_at < ?1 AND p.created_at > 0"
                             " AND " PEIL_SQL_ON_TOPIC " GROUP BY pt.tag_id", now, span, error)) ||
      !(answered = read_pairs (self,
                               "SELECT mt.tag_id, max (m.time), 0 FROM message_tag mt JOIN message m ON m.id = mt.message_id"
                               " WHERE m.time <= ?1 GROUP BY mt.tag_id", now, span, error)))
    return FALSE;

  needs = peil_taxonomy_lookup_dimension (self->taxonomy, "IB");
  for (guint i = 0; needs != NULL && i < peil_dimension_get_tags (needs)->len; i++)
    {
      PeilTag *tag = g_ptr_array_index (peil_dimension_get_tags (needs), i);
      gint64 id = peil_tag_get_id (tag);
      gint64 *count = g_hash_table_lookup (counts, &id);
      gint64 *last = g_hash_table_lookup (answered, &id);

      if (count != NULL && !peil_tag_get_hidden (tag))
        consider (list, peil_tag_get_code (tag), 0, tag_label (tag), count[0], count[1],
                  last ? last[0] : 0, now, span);
    }

  /* A debunked rumour has had its answer. */
  if (!(stmt = peil_database_statement (self->db,
        "SELECT r.id, r.claim,"
        "  (SELECT count (*) FROM rumour_post rp JOIN post p ON p.id = rp.post_id WHERE rp.rumour_id = r.id"
        "   AND p.created_at >= ?1 - ?2 AND p.created_at < ?1 AND p.created_at > 0 AND " PEIL_SQL_ON_TOPIC "),"
        "  (SELECT count (*) FROM rumour_post rp JOIN post p ON p.id = rp.post_id WHERE rp.rumour_id = r.id"
        "   AND p.created_at >= ?1 - 2 * ?2 AND p.created_at < ?1 - ?2 AND p.created_at > 0 AND " PEIL_SQL_ON_TOPIC "),"
        "  (SELECT coalesce (max (m.time), 0) FROM message m WHERE m.time <= ?1"
        "   AND (m.id = r.response_message_id OR m.id IN (SELECT message_id FROM message_rumour WHERE rumour_id = r.id)))"
        " FROM rumour r WHERE r.status <> 'debunked' ORDER BY r.id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, span);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    consider (list, NULL, sqlite3_column_int64 (stmt, 0), (const char *)sqlite3_column_text (stmt, 1),
              sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4),
              now, span);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (self->db, error);
  return TRUE;
}

/* The fastest rise first, then the most posts, then by label. */
static int
compare_urgency (gconstpointer a,
                 gconstpointer b)
{
  const PeilUnanswered *x = *(PeilUnanswered * const *)a;
  const PeilUnanswered *y = *(PeilUnanswered * const *)b;
  gint64 rise_x = x->recent - x->previous, rise_y = y->recent - y->previous;

  if (rise_x != rise_y)
    return rise_x > rise_y ? -1 : 1;
  if (x->recent != y->recent)
    return x->recent > y->recent ? -1 : 1;
  return g_utf8_collate (x->label, y->label);
}

/**
 * peil_incident_list_unanswered:
 * @span: the hours looked at, in seconds; 0 for two hours
 * @now: the end of that span, in Unix seconds; 0 for just after the
 *   time of the newest post or message (or the clock, when there is none)
 * @error: return location for a #GError
 *
 * Lists what the crisis team may answer next: the information needs
 * (the visible tags of the dimension "IB") and the rumours not debunked
 * whose posts are rising — at least 3 in [@now − @span, @now) and more
 * than in the @span before — and that no message with a time in
 * [@now − @span, @now] addressed (a rumour is addressed also by its
 * response message). The fastest rise comes first, then the most posts.
 * Posts marked off-topic are not counted. Everything is read at one
 * moment.
 *
 * Returns: (transfer container) (element-type PeilUnanswered): what is
 *   rising and unanswered, most urgent first, or %NULL with @error set
 */
GPtrArray *
peil_incident_list_unanswered (PeilIncident  *self,
                               gint64         span,
                               gint64         now,
                               GError       **error)
{
  g_autoptr(GPtrArray) list = NULL;
  gboolean listed;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (span >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (span == 0)
    span = UNANSWERED_SPAN;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_unanswered_free);
  if (!peil_database_begin_read (self->db, error))
    return NULL;
  listed = list_unanswered (self, span, now, list, error);
  peil_database_end_read (self->db);
  if (!listed)
    return NULL;
  g_ptr_array_sort (list, compare_urgency);
  return g_steal_pointer (&list);
}

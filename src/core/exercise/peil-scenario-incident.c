/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-error.h"
#include "peil-incident.h"
#include "peil-scenario.h"

/*
 * A past incident as a scenario: its posts become injects at the times
 * they were posted, its analysts' tags the gold, its authors pseudonyms
 * (docs/exercise.md, "From a past incident").
 */

/* Where a post came from, as one of the ten channels. Sources and channels
 * of posts Peil gathers or imports; what none of them names is taken for
 * X, the likeliest place of a short public post. */
static const struct {
  const char *from;
  const char *channel;
} channel_map[] = {
  { "x", PEIL_CHANNEL_X }, { "twitter", PEIL_CHANNEL_X }, { "bluesky", PEIL_CHANNEL_X },
  { "threads", PEIL_CHANNEL_X },
  { "facebook", PEIL_CHANNEL_FACEBOOK }, { "linkedin", PEIL_CHANNEL_FACEBOOK },
  { "instagram", PEIL_CHANNEL_INSTAGRAM },
  { "tiktok", PEIL_CHANNEL_TIKTOK }, { "youtube", PEIL_CHANNEL_TIKTOK },
  { "mastodon", PEIL_CHANNEL_MASTODON },
  { "rss", PEIL_CHANNEL_NEWS }, { "news", PEIL_CHANNEL_NEWS }, { "nieuws", PEIL_CHANNEL_NEWS },
  { "whatsapp", PEIL_CHANNEL_WHATSAPP }, { "telegram", PEIL_CHANNEL_WHATSAPP }, { "signal", PEIL_CHANNEL_WHATSAPP },
  { "phone", PEIL_CHANNEL_PHONE }, { "counter", PEIL_CHANNEL_PHONE }, { "other", PEIL_CHANNEL_PHONE },
  { "webcare", PEIL_CHANNEL_WEBCARE }, { "email", PEIL_CHANNEL_WEBCARE },
};

static const char *
map_name (const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return NULL;
  lower = g_utf8_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (channel_map); i++)
    if (g_str_equal (lower, channel_map[i].from))
      return channel_map[i].channel;
  return peil_channel_from_string (lower);
}

/* A post entered by hand (or an exercise's inject) says its channel; any
 * other post its source, and its channel only when that says more (a
 * CSV's platform column). */
static const char *
channel_of (PeilPost *post)
{
  const char *source = peil_post_get_source (post);
  const char *channel = peil_post_get_channel (post);
  const char *mapped;

  if (g_str_equal (source, "manual"))
    return map_name (channel) ?: PEIL_CHANNEL_PHONE;
  if ((g_str_equal (source, "scenario") || g_str_equal (source, "csv") || g_str_equal (source, "ndjson")) &&
      (mapped = map_name (channel)) != NULL)
    return mapped;
  return map_name (source) ?: map_name (channel) ?: PEIL_CHANNEL_X;
}

typedef struct
{
  gint64      post_id;
  gint64      time;
  const char *channel;
  char       *author;     /* handle, or else name: who it is */
  char       *text;
  GStrv       tags;       /* every analyst's, once each; %NULL when untagged */
  int         priority;
} Taken;

static void
taken_clear (Taken *taken)
{
  g_free (taken->author);
  g_free (taken->text);
  g_strfreev (taken->tags);
}

typedef struct
{
  GArray            *taken;
  PeilPseudonymizer *names;
} Taking;

static gboolean
take_post (PeilPost  *post,
           gpointer   user_data,
           GError   **error)
{
  Taking *taking = user_data;
  GArray *taken = taking->taken;
  Taken item = { 0 };
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  /* A post without a time of its own has no place in the timeline. */
  if (peil_post_get_created_at (post) <= 0)
    return TRUE;

  item.post_id = peil_post_get_id (post);
  item.time = peil_post_get_created_at (post);
  item.channel = channel_of (post);
  item.author = g_strdup (peil_post_get_author_handle (post) ?: peil_post_get_author_name (post));
  /* Trainees read whom the posts named as pseudonyms too. */
  item.text = peil_pseudonymizer_dup_text (taking->names, peil_post_get_text (post));

  /* Every analyst's tags, each code once, in the taxonomy's order. A
   * dimension that takes one value (priority) holds one per post. */
  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    {
      const char *code = peil_post_get_tag (post, i)->code;

      if (!g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        g_ptr_array_add (codes, (char *)code);
      item.priority = MAX (item.priority, peil_priority_from_tag (code));
    }
  if (codes->len > 0)
    {
      g_ptr_array_add (codes, NULL);
      item.tags = g_strdupv ((char **)codes->pdata);
    }

  g_array_append_val (taken, item);
  return TRUE;
}

static int
compare_taken (gconstpointer a,
               gconstpointer b)
{
  const Taken *x = a, *y = b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->post_id < y->post_id ? -1 : x->post_id > y->post_id;
}

/* The nearest position at or beyond @i (or before it, with @step -1)
 * that is not picked yet: a union-find over the picked runs, so that
 * picking many near one time costs no more than picking them apart. */
static gint64
find_free (gint64 *next,
           gint64  i)
{
  gint64 root = i;

  while (next[root] != root)
    root = next[root];
  while (next[i] != root)
    {
      gint64 up = next[i];
      next[i] = root;
      i = up;
    }
  return root;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

/* @n positions of @taken (sorted by time) whose times lie nearest to @n
 * times evenly spread from the first post's to the last's; the same
 * every time. */
static GArray *
sample_evenly (GArray *taken,
               guint   n)
{
  guint length = taken->len;
  g_autofree gint64 *right = g_new (gint64, length + 1);   /* position → first free at or after it; length: none */
  g_autofree gint64 *left = g_new (gint64, length + 1);    /* position + 1 → first free at or before it, + 1; 0: none */
  GArray *picked = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  gint64 first = g_array_index (taken, Taken, 0).time;
  gint64 last = g_array_index (taken, Taken, length - 1).time;

  for (guint i = 0; i <= length; i++)
    right[i] = left[i] = i;

  for (guint k = 0; k < n; k++)
    {
      gint64 target = n == 1 ? first : first + (gint64)((double)(last - first) * k / (n - 1) + 0.5);
      guint lo = 0, hi = length;
      gint64 after, before;
      guint chosen;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          if (g_array_index (taken, Taken, mid).time < target)
            lo = mid + 1;
          else
            hi = mid;
        }
      after = find_free (right, lo);
      before = find_free (left, lo) - 1;   /* lo is the position after "before" */

      if (after >= length)
        chosen = before;
      else if (before < 0)
        chosen = after;
      else
        chosen = target - g_array_index (taken, Taken, before).time <= g_array_index (taken, Taken, after).time - target
                 ? before : after;

      right[chosen] = chosen + 1;
      left[chosen + 1] = chosen;
      g_array_append_val (picked, chosen);
    }

  g_array_sort (picked, compare_positions);
  return picked;
}

/**
 * peil_scenario_new_from_incident:
 * @from: the first time to take posts from, or 0 for the first post
 * @to: take posts before this time, or 0 for all after @from
 * @sample: how many posts to take, spread evenly in time; 0 for all
 *
 * Turns the posts of @incident that have a time of their own into
 * injects, in time order, with ids 1, 2, … and offsets from the first
 * one taken. The gold of an inject is every tag any analyst gave its
 * post, each once (none: not assessed); its priority that of its
 * PRIORITY- tag; its rumour the claim of the first rumour in the register
 * the post is linked to. Authors become
 * "Resident 1", "Resident 2", … in the order they first post, the same
 * author always the same one; texts are kept as they are.
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL with
 *   @error set (%PEIL_ERROR_NOT_FOUND when no post has a time in the
 *   period)
 */
PeilScenario *
peil_scenario_new_from_incident (PeilIncident  *incident,
                                 gint64         from,
                                 gint64         to,
                                 guint          sample,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GArray) taken = g_array_new (FALSE, TRUE, sizeof (Taken));
  g_autoptr(GArray) picked = NULL;
  g_autoptr(GPtrArray) rumours = NULL;
  g_autoptr(GHashTable) claims = g_hash_table_new (g_int64_hash, g_int64_equal);   /* post id → claim */
  g_autoptr(GHashTable) pseudonyms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  g_autoptr(PeilPseudonymizer) names = NULL;
  Taking taking = { taken, NULL };
  gint64 start;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  if (!(taking.names = names = peil_incident_dup_pseudonymizer (incident, error)))
    return NULL;

  g_array_set_clear_func (taken, (GDestroyNotify)taken_clear);
  peil_filter_set_range (filter, from, to);
  /* Posts marked off-topic are the noise an exercise needs too. */
  peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_INCLUDE);
  if (!peil_incident_foreach_post (incident, filter, take_post, &taking, cancellable, error) ||
      !(rumours = peil_incident_list_rumours (incident, error)))
    return NULL;
  if (taken->len == 0)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                           _("No post with a time of its own is in that period"));
      return NULL;
    }
  g_array_sort (taken, compare_taken);

  /* Rumours in the register's order: a post linked to two gets the first. */
  for (guint r = rumours->len; r > 0; r--)
    {
      PeilRumour *rumour = g_ptr_array_index (rumours, r - 1);
      GArray *posts = peil_rumour_get_posts (rumour);

      for (guint p = 0; p < posts->len; p++)
        g_hash_table_insert (claims, &g_array_index (posts, gint64, p), (char *)peil_rumour_get_claim (rumour));
    }

  if (sample > 0 && sample < taken->len)
    picked = sample_evenly (taken, sample);
  else
    {
      picked = g_array_sized_new (FALSE, FALSE, sizeof (guint), taken->len);
      for (guint i = 0; i < taken->len; i++)
        g_array_append_val (picked, i);
    }

  start = g_array_index (taken, Taken, g_array_index (picked, guint, 0)).time;
  for (guint k = 0; k < picked->len; k++)
    {
      Taken *item = &g_array_index (taken, Taken, g_array_index (picked, guint, k));
      g_autofree char *id = g_strdup_printf ("%u", k + 1);
      PeilInject *inject = peil_inject_new (id, item->time - start, item->channel, item->text);

      if (item->author != NULL)
        {
          const char *pseudonym = g_hash_table_lookup (pseudonyms, item->author);

          if (pseudonym == NULL)
            {
              /* TRANSLATORS: who posted, without their name: "Resident 3" */
              char *made = g_strdup_printf (_("Resident %u"), g_hash_table_size (pseudonyms) + 1);
              g_hash_table_insert (pseudonyms, item->author, made);
              pseudonym = made;
            }
          inject->author = g_strdup (pseudonym);
        }
      inject->gold_tags = g_strdupv (item->tags);
      inject->priority = item->priority;
      inject->rumour = g_strdup (g_hash_table_lookup (claims, &item->post_id));
      peil_scenario_add_inject (scenario, inject);
    }
  return g_steal_pointer (&scenario);
}

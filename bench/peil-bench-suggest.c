/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * peil-bench-suggest MODE ARGS… — the tag suggestions' quality and speed
 * (./build-aux/bench suggest runs it):
 *
 *   quality DIR       for each CrisisLexT26 file in DIR: import into a
 *                     new incident, tag the first 10%, 25%, 50% in file
 *                     order as the README of DIR maps its labels, and score
 *                     the suggestions for the rest; the prior each file is
 *                     measured with is learned from the OTHER files only
 *   prior DIR OUT     the prior Peil ships, from every file in DIR
 *   speed DIR INCIDENT N   an incident of N posts, the texts of DIR's files
 *                     with a varying word and one of 20,000 authors (20 of
 *                     them allow-listed), 1% of them tagged as labelled;
 *                     ./build-aux/bench times `peil-cli suggest` on it
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <peil.h>

static const char * const info_tags[] = {
  "IB-NAASTEN", "IB-HINDER", "SB-BURGERHULP", "IB-DOEN", "BG-MEELEVEN", "IB-WAT",
};
#define N_INFO G_N_ELEMENTS (info_tags)
static const char * const prior_heads[] = {
  "IB-NAASTEN", "IB-HINDER", "SB-BURGERHULP", "IB-DOEN", "BG-MEELEVEN", "IB-WAT",
  "ACTOR-RESIDENT", "ACTOR-POLITICS", "ACTOR-ORGANISATION", "ACTOR-MEDIA", "ACTOR-PUBLIC",
  PEIL_SUGGESTER_OFF_TOPIC, NULL,
};

typedef struct
{
  char       *id;
  char       *text;
  const char *info;  /* one of info_tags, or NULL */
  const char *actor; /* ACTOR-…, or NULL */
  gboolean    off_topic;
  const char *codes[3];
} Row;

typedef struct
{
  PeilCsvSink sink;
  GArray     *rows;
  int         columns[5];
} Reader;

/* The README's mapping of CrisisLex labels to Peil's tags. */
static const char *
map_info (const char *label)
{
  static const struct { const char *label, *code; } map[] = {
    { "Affected individuals", "IB-NAASTEN" },
    { "Infrastructure and utilities", "IB-HINDER" },
    { "Donations and volunteering", "SB-BURGERHULP" },
    { "Caution and advice", "IB-DOEN" },
    { "Sympathy and support", "BG-MEELEVEN" },
    { "Other Useful Information", "IB-WAT" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (label, map[i].label))
      return map[i].code;
  return NULL;
}

static const char *
map_actor (const char *label)
{
  static const struct { const char *label, *code; } map[] = {
    { "Eyewitness", "ACTOR-RESIDENT" },
    { "Government", "ACTOR-POLITICS" },
    { "NGOs", "ACTOR-ORGANISATION" },
    { "Business", "ACTOR-ORGANISATION" },
    { "Media", "ACTOR-MEDIA" },
    { "Outsiders", "ACTOR-PUBLIC" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (label, map[i].label))
      return map[i].code;
  return NULL;
}

static gboolean
read_header (PeilCsvSink *sink,
             GPtrArray   *names,
             guint64      line,
             GError     **error)
{
  Reader *reader = (Reader *)sink;
  static const char * const wanted[] = { "Tweet ID", "Tweet Text", "Information Source", "Information Type", "Informativeness" };

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    if ((reader->columns[i] = peil_csv_find_column (names, wanted[i])) < 0)
      {
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, "line %" G_GUINT64_FORMAT ": no column “%s”", line, wanted[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
read_record (PeilCsvSink *sink,
             GPtrArray   *fields,
             guint64      line,
             GError     **error)
{
  Reader *reader = (Reader *)sink;
  Row row = { 0 };
  guint n = 0;

  row.id = g_strdup (g_ptr_array_index (fields, reader->columns[0]));
  row.text = g_strdup (g_ptr_array_index (fields, reader->columns[1]));
  row.actor = map_actor (g_strstrip ((char *)g_ptr_array_index (fields, reader->columns[2])));
  row.info = map_info (g_strstrip ((char *)g_ptr_array_index (fields, reader->columns[3])));
  row.off_topic = g_str_equal (g_strstrip ((char *)g_ptr_array_index (fields, reader->columns[4])), "Not related");
  if (row.info != NULL)
    row.codes[n++] = row.info;
  if (row.actor != NULL)
    row.codes[n++] = row.actor;
  g_array_append_val (reader->rows, row);
  return TRUE;
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->id);
  g_free (row->text);
}

static GArray *
read_file (const char *path,
           GError    **error)
{
  Reader reader = { { read_header, read_record, NULL }, NULL, { 0 } };
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(PeilCsvParser) parser = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_array_set_clear_func (rows, row_clear);
  reader.rows = rows;
  if (!g_file_get_contents (path, &data, &length, error) ||
      !(parser = peil_csv_parser_new (&reader.sink, error)) ||
      !peil_csv_parser_feed_data (parser, data, length, TRUE, error) ||
      !peil_csv_parser_finish (parser, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

/* The labelled files of @dir, sorted, with their rows. */
static GPtrArray *
read_dir (const char  *dir,
          GPtrArray  **out_names,
          GError     **error)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  const char *name;

  if (handle == NULL)
    return NULL;
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, "-tweets_labeled.csv"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      GArray *rows = read_file (path, error);

      if (rows == NULL)
        {
          g_prefix_error (error, "%s: ", path);
          return NULL;
        }
      g_ptr_array_add (files, rows);
    }
  *out_names = g_steal_pointer (&names);
  return g_steal_pointer (&files);
}

/* A prior from the files in the bit mask @used, and the lexicon. */
static GBytes *
build_prior (GPtrArray *files,
             guint      used,
             GError   **error)
{
  g_autoptr(GArray) examples = g_array_new (FALSE, FALSE, sizeof (PeilSuggesterExample));

  for (guint f = 0; f < files->len; f++)
    {
      GArray *rows = g_ptr_array_index (files, f);

      if (!(used & (1u << f)))
        continue;
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = &g_array_index (rows, Row, i);
          PeilSuggesterExample example = { row->text, row->codes, row->off_topic };

          /* As in an incident: only what an analyst would have tagged or marked. */
          if (row->codes[0] != NULL || row->off_topic)
            g_array_append_val (examples, example);
        }
    }
  return peil_suggester_build_prior ((PeilSuggesterExample *)(void *)examples->data, examples->len, prior_heads, error);
}

typedef struct
{
  double macro_f1;
  double actor;
  double off_topic_f1;
} Score;

static double
f1 (guint tp,
    guint fp,
    guint fn)
{
  return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
}

/* Scores the suggestions for rows[from..] (posts ids[from..]). */
static Score
score (GArray    *rows,
       GArray    *ids,
       guint      from,
       GPtrArray *suggestions)
{
  guint tp[N_INFO] = { 0 }, fp[N_INFO] = { 0 }, fn[N_INFO] = { 0 };
  guint actor_right = 0, actor_total = 0, ot_tp = 0, ot_fp = 0, ot_fn = 0;
  Score result = { 0 };

  for (guint i = from; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      PeilSuggestion *suggestion = g_ptr_array_index (suggestions, i - from);
      const char *actor = NULL;
      gboolean off_topic = suggestion->off_topic >= PEIL_SUGGESTER_OFF_TOPIC_THRESHOLD;

      g_assert (suggestion->post_id == g_array_index (ids, gint64, i));
      for (guint t = 0; t < N_INFO; t++)
        {
          gboolean gold = row->info != NULL && g_str_equal (row->info, info_tags[t]);
          gboolean said = FALSE;

          for (guint s = 0; s < suggestion->tags->len; s++)
            said |= g_str_equal (((PeilSuggestedTag *)g_ptr_array_index (suggestion->tags, s))->code, info_tags[t]);
          tp[t] += gold && said;
          fp[t] += !gold && said;
          fn[t] += gold && !said;
        }
      for (guint s = 0; s < suggestion->tags->len; s++)
        {
          const char *code = ((PeilSuggestedTag *)g_ptr_array_index (suggestion->tags, s))->code;

          if (g_str_has_prefix (code, "ACTOR-"))
            actor = code;
        }
      if (row->actor != NULL)
        {
          actor_total++;
          actor_right += actor != NULL && g_str_equal (actor, row->actor);
        }
      ot_tp += row->off_topic && off_topic;
      ot_fp += !row->off_topic && off_topic;
      ot_fn += row->off_topic && !off_topic;
    }
  for (guint t = 0; t < N_INFO; t++)
    result.macro_f1 += f1 (tp[t], fp[t], fn[t]) / N_INFO;
  result.actor = actor_total > 0 ? (double)actor_right / actor_total : 0;
  result.off_topic_f1 = f1 (ot_tp, ot_fp, ot_fn);
  return result;
}

/* The majority class of the tagged rows, said of every other row. */
static GPtrArray *
majority (GArray *rows,
          GArray *ids,
          guint   tagged)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_suggestion_free);
  const char *best_info = NULL, *best_actor = NULL;
  guint best_info_n = 0, best_actor_n = 0, off_topic = 0;

  for (guint i = 0; i < tagged; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      for (guint c = 0; row->codes[c] != NULL; c++)
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, row->codes[c])) + 1;

          g_hash_table_insert (counts, (gpointer)row->codes[c], GUINT_TO_POINTER (n));
          if (row->codes[c] == row->info && n > best_info_n)
            best_info = row->info, best_info_n = n;
          if (row->codes[c] == row->actor && n > best_actor_n)
            best_actor = row->actor, best_actor_n = n;
        }
      off_topic += row->off_topic;
    }
  for (guint i = tagged; i < rows->len; i++)
    {
      PeilSuggestion *suggestion = g_new0 (PeilSuggestion, 1);

      suggestion->post_id = g_array_index (ids, gint64, i);
      suggestion->tags = g_ptr_array_new ();
      if (best_info != NULL)
        {
          static PeilSuggestedTag tags[2];

          tags[0].code = (char *)best_info;
          g_ptr_array_add (suggestion->tags, &tags[0]);
        }
      if (best_actor != NULL)
        {
          static PeilSuggestedTag tags[1];

          tags[0].code = (char *)best_actor;
          g_ptr_array_add (suggestion->tags, &tags[0]);
        }
      suggestion->off_topic = off_topic * 2 > tagged ? 1 : 0;
      g_ptr_array_add (suggestions, suggestion);
    }
  return suggestions;
}

static const double fractions[] = { 0.10, 0.25, 0.50 };
#define N_FRACTIONS G_N_ELEMENTS (fractions)

static gboolean
measure_file (GArray     *rows,
              GBytes     *prior,
              const char *work,
              Score       scores[N_FRACTIONS][3],
              GError    **error)
{
  g_autofree char *path = g_build_filename (work, "bench.peil", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilSuggester) with_prior = NULL;
  g_autoptr(PeilSuggester) own_only = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint done = 0;

  for (guint i = 0; i < 3; i++)
    {
      static const char * const suffix[] = { "", "-wal", "-shm" };
      g_autofree char *side = g_strconcat (path, suffix[i], NULL);

      g_remove (side);
    }
  if (!(incident = peil_incident_create (file, NULL, error)) ||
      !(with_prior = peil_suggester_new_with_prior (prior, error)) ||
      !(own_only = peil_suggester_new_with_prior (NULL, error)))
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      g_autoptr(PeilPost) post = peil_post_new ("csv", row->id);

      peil_post_set_text (post, row->text);
      if (!peil_incident_add_post (incident, post, NULL, error))
        return FALSE;
      g_array_append_val (ids, (gint64){ peil_post_get_id (post) });
    }

  for (guint f = 0; f < N_FRACTIONS; f++)
    {
      guint tagged = (guint)(rows->len * fractions[f]);
      g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) suggested = NULL;
      g_autoptr(GPtrArray) own = NULL;
      g_autoptr(GPtrArray) baseline = NULL;

      for (; done < tagged; done++)
        {
          Row *row = &g_array_index (rows, Row, done);

          for (guint c = 0; row->codes[c] != NULL; c++)
            if (!peil_incident_tag_post (incident, g_array_index (ids, gint64, done), row->codes[c], error))
              return FALSE;
          if (row->off_topic && !peil_incident_mark_off_topic (incident, g_array_index (ids, gint64, done), TRUE, error))
            return FALSE;
        }
      g_array_append_vals (rest, &g_array_index (ids, gint64, tagged), rows->len - tagged);

      if (!peil_suggester_train (with_prior, incident, NULL, error) ||
          !peil_suggester_train (own_only, incident, NULL, error) ||
          !(suggested = peil_suggester_suggest_posts (with_prior, incident, rest, 0, error)) ||
          !(own = peil_suggester_suggest_posts (own_only, incident, rest, 0, error)))
        return FALSE;
      baseline = majority (rows, ids, tagged);
      scores[f][0] = score (rows, ids, tagged, suggested);
      scores[f][1] = score (rows, ids, tagged, own);
      scores[f][2] = score (rows, ids, tagged, baseline);
    }
  return TRUE;
}

static void
print_score (const char *name,
             guint       f,
             Score       s[3])
{
  g_print ("%-32s %3.0f%%   %.3f %.3f %.3f   %.3f %.3f %.3f   %.3f %.3f %.3f\n", name, fractions[f] * 100,
           s[0].macro_f1, s[0].actor, s[0].off_topic_f1,
           s[1].macro_f1, s[1].actor, s[1].off_topic_f1,
           s[2].macro_f1, s[2].actor, s[2].off_topic_f1);
}

static guint
count_bits (guint mask)
{
  guint n = 0;

  for (; mask != 0; mask &= mask - 1)
    n++;
  return n;
}

/* What more labelled events would bring: each file measured at 25% with
 * priors from every choice of k of the other files, k = 0 (the lexicon
 * alone) up to all of them; then with a prior that saw the file itself,
 * which is no measure of a new event but says what the features can
 * express. */
static int
learning_curve (GPtrArray  *files,
                guint       all,
                const char *work)
{
  g_autoptr(GError) error = NULL;

  g_print ("\nWith priors from fewer or more events (mean over the files and over every choice of k of\n"
           "the other files; 25%% tagged; prior+own tags):\n");
  for (guint k = 0; k <= files->len; k++)
    {
      Score sum = { 0 };
      guint runs = 0;

      for (guint i = 0; i < files->len; i++)
        for (guint used = 0; used <= all; used++)
          {
            g_autoptr(GBytes) prior = NULL;
            Score scores[N_FRACTIONS][3];
            gboolean itself = k == files->len;

            if (itself ? used != all : (used & (1u << i)) || count_bits (used) != k)
              continue;
            if (!(prior = build_prior (files, used, &error)) ||
                !measure_file (g_ptr_array_index (files, i), prior, work, scores, &error))
              {
                g_printerr ("%s\n", error->message);
                return 1;
              }
            sum.macro_f1 += scores[1][0].macro_f1;
            sum.actor += scores[1][0].actor;
            runs++;
          }
      g_autofree char *label = k == 0 ? g_strdup ("the lexicon only") :
        k < files->len ? g_strdup_printf ("%u other event%s", k, k == 1 ? "" : "s") : g_strdup ("all, with the event itself");

      g_print ("  prior from %-27s macro-F1 %.3f  ACTOR %.3f  (%u runs)%s\n", label, sum.macro_f1 / runs,
               sum.actor / runs, runs, k < files->len ? "" : ": not a measure, the ceiling of the features");
    }
  return 0;
}

static int
quality (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) files = read_dir (dir, &names, &error);
  g_autofree char *work = g_dir_make_tmp ("peil-suggest-XXXXXX", &error);
  Score mean[N_FRACTIONS][3] = { 0 };
  guint all;

  if (files == NULL || work == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (files->len < 2 || files->len > 16)
    {
      g_printerr ("%s: between 2 and 16 labelled files are needed, not %u\n", dir, files->len);
      return 1;
    }
  all = (1u << files->len) - 1;
  g_print ("Tag suggestions on %u CrisisLexT26 events; each file is measured with a prior learned from\n"
           "the other files only (leave one event out) and the lexicon; threshold %.2f, off-topic at %.2f.\n"
           "macro-F1 over the six mapped information types, ACTOR accuracy, off-topic F1:\n\n",
           files->len, PEIL_SUGGESTER_THRESHOLD, PEIL_SUGGESTER_OFF_TOPIC_THRESHOLD);
  g_print ("%-32s %4s   %-17s   %-17s   %-17s\n", "file", "tagged", "prior+own tags", "own tags only", "majority class");
  g_print ("%-32s %4s   %-17s   %-17s   %-17s\n", "", "", "mF1   actor ot", "mF1   actor ot", "mF1   actor ot");
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GBytes) prior = build_prior (files, all & ~(1u << i), &error);
      g_autofree char *name = g_strndup (g_ptr_array_index (names, i), strlen (g_ptr_array_index (names, i)) - strlen ("-tweets_labeled.csv"));
      Score scores[N_FRACTIONS][3];

      if (prior == NULL || !measure_file (g_ptr_array_index (files, i), prior, work, scores, &error))
        {
          g_printerr ("%s: %s\n", name, error->message);
          return 1;
        }
      for (guint f = 0; f < N_FRACTIONS; f++)
        {
          print_score (name, f, scores[f]);
          for (guint m = 0; m < 3; m++)
            {
              mean[f][m].macro_f1 += scores[f][m].macro_f1 / files->len;
              mean[f][m].actor += scores[f][m].actor / files->len;
              mean[f][m].off_topic_f1 += scores[f][m].off_topic_f1 / files->len;
            }
        }
    }
  for (guint f = 0; f < N_FRACTIONS; f++)
    print_score ("mean", f, mean[f]);
  g_print ("goal at 25%%: macro-F1 >= 0.50 (%s), ACTOR >= 0.75 (%s)\n",
           mean[1][0].macro_f1 >= 0.5 ? "met" : "NOT met", mean[1][0].actor >= 0.75 ? "met" : "NOT met");
  return learning_curve (files, all, work);
}

static int
write_prior (const char *dir,
             const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) files = read_dir (dir, &names, &error);
  g_autoptr(GBytes) prior = files != NULL ? build_prior (files, (1u << MIN (files->len, 31)) - 1, &error) : NULL;

  if (prior == NULL || !g_file_set_contents (out, g_bytes_get_data (prior, NULL), g_bytes_get_size (prior), &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

/* Rows straight into the file, as the floor of peil-bench does: the
 * measure is of the suggestions, not of the import. */
static int
make_speed_incident (const char *dir,
                     const char *path,
                     guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) files = read_dir (dir, &names, &error);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *post = NULL, *tag = NULL;
  int rc;

  if (files == NULL || !(incident = peil_incident_create (file, NULL, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  /* Every post has an author, as on a real source; a few are official
   * accounts on the allow-list, which the suggester knows by name. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *handle = g_strdup_printf ("@account%u", i);

      if (!peil_incident_allow_account (incident, handle, TRUE, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  g_clear_object (&incident);
  for (guint f = 0; f < files->len; f++)
    for (guint i = 0; i < ((GArray *)g_ptr_array_index (files, f))->len; i++)
      g_ptr_array_add (rows, &g_array_index ((GArray *)g_ptr_array_index (files, f), Row, i));

  rc = sqlite3_open (path, &db);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA synchronous = OFF; BEGIN;"
                           " INSERT INTO analyst (name) VALUES ('bench');", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO post (id, source, remote_id, text, created_at, author_handle) VALUES (?, 'csv', ?, ?, ?, ?)", -1, &post, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO post_tag (post_id, tag_id, analyst_id, tagged_at)"
                                 " SELECT ?, id, 1, 0 FROM tag WHERE code = ?", -1, &tag, NULL);
  for (guint i = 1; rc == SQLITE_OK && i <= n; i++)
    {
      Row *row = g_ptr_array_index (rows, i % rows->len);
      g_autofree char *text = g_strdup_printf ("%s #w%u", row->text, i % 5000);
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *author = g_strdup_printf ("@account%u", i % 20000);

      sqlite3_bind_int64 (post, 1, i);
      sqlite3_bind_text (post, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (post, 3, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (post, 4, 1700000000 + i);
      sqlite3_bind_text (post, 5, author, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (post) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
      sqlite3_reset (post);
      for (guint c = 0; rc == SQLITE_OK && i % 100 == 0 && row->codes[c] != NULL; c++)
        {
          sqlite3_bind_int64 (tag, 1, i);
          sqlite3_bind_text (tag, 2, row->codes[c], -1, SQLITE_STATIC);
          rc = sqlite3_step (tag) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
          sqlite3_reset (tag);
        }
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_printerr ("%s\n", sqlite3_errmsg (db));
  sqlite3_finalize (post);
  sqlite3_finalize (tag);
  sqlite3_close (db);
  return rc == SQLITE_OK ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  peil_init ();

  if (argc == 3 && g_str_equal (argv[1], "quality"))
    return quality (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "prior"))
    return write_prior (argv[2], argv[3]);
  if (argc == 5 && g_str_equal (argv[1], "speed"))
    return make_speed_incident (argv[2], argv[3], (guint)atoi (argv[4]));

  g_printerr ("usage: peil-bench-suggest quality DIR | prior DIR OUT | speed DIR INCIDENT N\n");
  return 2;
}

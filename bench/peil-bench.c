/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * peil-bench PHASE ARGS… — one phase per process, so that each reports
 * its own peak memory. ./build-aux/bench runs them in order:
 *
 *   generate CORPUS FILE N   a realistic corpus, "mixed": Zeeschuimer X and
 *                      TikTok items and Peil NDJSON lines (Mastodon, news,
 *                      phone), Dutch texts, ~20,000 authors, two days, 5%
 *                      tagged; "x": Zeeschuimer X items only, whole as X sends them
 *   floor CORPUS DATABASE N   the same records loaded by the sqlite3 shell
 *                      into one table with FTS5 and a time index
 *   import INCIDENT FILE   the real import through the NDJSON plugin
 *   search INCIDENT    ten searches with filters, median and worst
 *   report INCIDENT    a round a day of the corpus: issue the first
 *                      (freezing its figures), then gather the second's
 *                      report and write it as HTML, PDF and XLSX
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <peil.h>

/* Ranked like Dutch social media: function words first, then the
 * incident's words, then a long tail of generated words, drawn by Zipf's
 * law so that a searched word matches a realistic share of posts. */
static const char *common_words[] = {
  "de", "het", "een", "en", "van", "is", "in", "op", "niet", "er", "we", "ik", "je", "dat", "die",
  "nog", "wat", "zijn", "naar", "met", "voor", "maar", "ook", "al", "geen", "wel", "echt", "heel",
  "kraan", "omgevallen", "huizen", "straat", "stof", "brandweer", "politie", "gemeente", "bewoners",
  "ramen", "dicht", "veilig", "kinderen", "school", "weg", "afgesloten", "hulp", "opvang", "wanneer",
  "waarom", "hoe", "wie", "steeds", "niks", "gehoord", "vreselijk", "sterkte", "iedereen", "buurt",
  "centrum", "burgemeester", "persconferentie", "nieuws", "beelden", "filmpje", "ramptoeristen",
  "terug", "huis", "mogen", "boos", "bang", "zorgen", "schade", "verzekering", "gevaarlijk",
  "slachtoffers", "gewonden", "asbest", "hijskraan", "bouwbedrijf", "schuld", "onderzoek", "café",
  "bakkerij", "supermarkt", "trein", "bus", "omleiding", "water", "lucht", "gezondheid", "nl-alert",
  "ontvangen", "telefoon", "weggaan", "centrum",
};
static const char *syllables[] = {
  "ba", "be", "bo", "da", "de", "di", "ge", "go", "ka", "ke", "la", "le", "lo", "ma", "me", "na",
  "ne", "no", "pa", "pe", "ra", "re", "ro", "sa", "se", "ta", "te", "to", "va", "ve", "wa", "we",
  "zo", "ij", "aar", "ing", "end", "ers", "oe", "ui",
};
#define VOCABULARY 20000

static char *vocabulary[VOCABULARY];
static double cumulative[VOCABULARY];

static void
build_vocabulary (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double total = 0;

  for (guint r = 0; r < VOCABULARY; r++)
    {
      if (r < G_N_ELEMENTS (common_words))
        vocabulary[r] = g_strdup (common_words[r]);
      else
        {
          GString *word = g_string_new (NULL);
          guint n = g_rand_int_range (rand, 2, 5);

          for (guint k = 0; k < n; k++)
            g_string_append (word, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
          vocabulary[r] = g_string_free (word, FALSE);
        }
      total += 1.0 / (r + 1);
      cumulative[r] = total;
    }
  for (guint r = 0; r < VOCABULARY; r++)
    cumulative[r] /= total;
}

static const char *
draw_word (GRand *rand)
{
  double x = g_rand_double (rand);
  guint lo = 0, hi = VOCABULARY - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (cumulative[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return vocabulary[lo];
}

static const char *sources[] = { "x", "x", "tiktok", "mastodon", "news", "manual" };
static const char *tags[] = { "IB-VEILIG", "IB-WAT", "BG-ANGST", "BG-BOOS", "SB-TOESTROOM", "IB-HULP" };

typedef struct
{
  char       *id;
  const char *source;
  char       *handle;
  char       *name;
  char       *text;
  char       *line;      /* the NDJSON line, also the raw payload */
  const char *mapper;
  gint64      time;
  const char *tag;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->id);
  g_free (row->handle);
  g_free (row->name);
  g_free (row->text);
  g_free (row->line);
}

static char *
json_quote (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

typedef enum
{
  CORPUS_MIXED,   /* the README's corpus: X, TikTok and Peil lines */
  CORPUS_X,       /* Zeeschuimer's capture of X, items as X's web API sends them */
} Corpus;

static Corpus
corpus_from_name (const char *name)
{
  if (g_str_equal (name, "mixed"))
    return CORPUS_MIXED;
  if (g_str_equal (name, "x"))
    return CORPUS_X;
  g_error ("unknown corpus %s (mixed or x)", name);
}

/* An X item as Zeeschuimer keeps it: the whole tweet object of X's
 * GraphQL timeline, with the author's profile, entities, counters and
 * the fields Peil never reads: about 3 kB a post, as real ones are 3 to 8. */
static char *
x_item (const Row *row,
        guint      i,
        guint      author,
        const char *quoted_text,
        const char *created)
{
  return g_strdup_printf (
    "{\"id\":%u,\"thread_id\":\"%s\",\"nav_index\":\"1:%u:0\",\"item_id\":\"%s\","
    "\"timestamp_collected\":%" G_GINT64_FORMAT "000,\"last_updated\":%" G_GINT64_FORMAT "000,"
    "\"source_platform\":\"x.com\",\"source_platform_url\":\"https://x.com/search?q=kraan&src=typed_query&f=live\","
    "\"source_url\":\"https://x.com/i/api/graphql/nK1dw4oV3k4w5TdtcAdSww/SearchTimeline?variables=%%7B%%22rawQuery%%22%%3A%%22kraan%%22%%7D\","
    "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\","
    "\"data\":{\"__typename\":\"Tweet\",\"rest_id\":\"%s\",\"has_birdwatch_notes\":false,"
    "\"core\":{\"user_results\":{\"result\":{\"__typename\":\"User\",\"id\":\"VXNlcjo%u\",\"rest_id\":\"%u\","
    "\"affiliates_highlighted_label\":{},\"has_graduated_access\":true,\"is_blue_verified\":%s,"
    "\"profile_image_shape\":\"Circle\",\"core\":{\"created_at\":\"Sat Mar 14 09:21:47 +0000 2015\","
    "\"name\":\"%s\",\"screen_name\":\"%s\"},\"avatar\":{\"image_url\":"
    "\"https://pbs.twimg.com/profile_images/1512345678901234567/aBcDeFgH_normal.jpg\"},"
    "\"legacy\":{\"can_dm\":false,\"can_media_tag\":true,\"default_profile\":true,\"default_profile_image\":false,"
    "\"description\":\"Bewoner van Alphen aan den Rijn. Fietser, vader, koffie. Meningen zijn van mijzelf.\","
    "\"entities\":{\"description\":{\"urls\":[]},\"url\":{\"urls\":[{\"display_url\":\"alphen.example/over\","
    "\"expanded_url\":\"https://alphen.example/over\",\"url\":\"https://t.co/AbCdEfGhIj\",\"indices\":[0,23]}]}},"
    "\"fast_followers_count\":0,\"favourites_count\":%u,\"followers_count\":%u,\"friends_count\":%u,"
    "\"has_custom_timelines\":true,\"is_translator\":false,\"listed_count\":%u,\"location\":\"Alphen aan den Rijn\","
    "\"media_count\":%u,\"normal_followers_count\":%u,\"pinned_tweet_ids_str\":[],\"possibly_sensitive\":false,"
    "\"profile_banner_url\":\"https://pbs.twimg.com/profile_banners/%u/1700000000\","
    "\"profile_interstitial_type\":\"\",\"statuses_count\":%u,\"translator_type\":\"none\","
    "\"url\":\"https://t.co/AbCdEfGhIj\",\"verified\":false,\"want_retweets\":false,\"withheld_in_countries\":[]},"
    "\"professional\":{\"rest_id\":\"1490000000000000000\",\"professional_type\":\"Creator\",\"category\":[]},"
    "\"tipjar_settings\":{},\"legacy_extended_profile\":{},\"is_profile_translatable\":false,"
    "\"verification_info\":{\"is_identity_verified\":false},\"business_account\":{}}}},"
    "\"unmention_data\":{},\"edit_control\":{\"edit_tweet_ids\":[\"%s\"],\"editable_until_msecs\":\"%" G_GINT64_FORMAT "000\","
    "\"is_edit_eligible\":true,\"edits_remaining\":\"5\"},\"is_translatable\":false,"
    "\"views\":{\"count\":\"%u\",\"state\":\"EnabledWithCount\"},"
    "\"source\":\"<a href=\\\"http://twitter.com/download/android\\\" rel=\\\"nofollow\\\">Twitter for Android</a>\","
    "\"grok_analysis_button\":true,\"legacy\":{\"bookmark_count\":%u,\"bookmarked\":false,"
    "\"created_at\":\"%s\",\"conversation_id_str\":\"%s\",\"display_text_range\":[0,%u],"
    "\"entities\":{\"hashtags\":[{\"indices\":[12,19],\"text\":\"alphen\"},{\"indices\":[20,26],\"text\":\"kraan\"}],"
    "\"symbols\":[],\"timestamps\":[],\"urls\":[],\"user_mentions\":[]},\"favorite_count\":%u,\"favorited\":false,"
    "\"full_text\":%s,\"is_quote_status\":false,\"lang\":\"nl\",\"quote_count\":%u,\"reply_count\":%u,"
    "\"retweet_count\":%u,\"retweeted\":false,\"user_id_str\":\"%u\",\"id_str\":\"%s\"},"
    "\"quick_promote_eligibility\":{\"eligibility\":\"IneligibleNotProfessional\"}}}",
    i, row->id, i, row->id, row->time + 60, row->time + 60, row->id, author, author,
    author % 3 == 0 ? "true" : "false", row->name, row->handle,
    author % 9000, author % 5000, author % 700, author % 40, author % 300, author % 5000, author,
    author * 7 % 30000, row->id, row->time + 3600, (i * 37) % 90000, i % 5, created, row->id,
    (guint)g_utf8_strlen (row->text, -1), i % 50, quoted_text, i % 3, i % 9, i % 7, author, row->id);
}

/* Row @i of the corpus, the same every time. */
static void
make_row (GRand  *rand,
          Corpus  corpus,
          guint   i,
          Row    *row)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_words = g_rand_int_range (rand, 6, 40);
  guint author = g_rand_int_range (rand, 0, 20000);
  g_autofree char *quoted = NULL, *iso = NULL;

  for (guint w = 0; w < n_words; w++)
    g_string_append_printf (text, "%s%s", w ? " " : "", draw_word (rand));
  if (g_rand_int_range (rand, 0, 4) == 0)
    g_string_append (text, " #alphen #kraan");

  row->source = corpus == CORPUS_X ? "x" : sources[i % G_N_ELEMENTS (sources)];
  row->id = g_strdup_printf ("%u%06u", 17000 + i % 997, i);
  row->handle = g_strdup_printf ("bewoner%u", author);
  row->name = g_strdup_printf ("Bewoner %u", author);
  row->text = g_string_free (g_steal_pointer (&text), FALSE);
  row->time = 1795615200 + g_rand_int_range (rand, 0, 2 * 24 * 3600);
  row->tag = g_rand_int_range (rand, 0, 7) == 0 ? tags[(i / 7) % G_N_ELEMENTS (tags)] : NULL;
  quoted = json_quote (row->text);

  if (g_str_equal (row->source, "x"))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (row->time);
      g_autofree char *created = g_date_time_format (dt, "%a %b %d %H:%M:%S +0000 %Y");

      row->mapper = "zeeschuimer-x/1";
      row->line = corpus == CORPUS_X ? x_item (row, i, author, quoted, created) : g_strdup_printf (
        "{\"id\":%u,\"nav_index\":\"1:1:%u\",\"item_id\":\"%s\",\"timestamp_collected\":%" G_GINT64_FORMAT "000,"
        "\"source_platform\":\"x.com\",\"source_platform_url\":\"https://x.com/search?q=kraan\","
        "\"data\":{\"__typename\":\"Tweet\",\"rest_id\":\"%s\",\"core\":{\"user_results\":{\"result\":"
        "{\"__typename\":\"User\",\"rest_id\":\"%u\",\"core\":{\"screen_name\":\"%s\",\"name\":\"%s\"},"
        "\"legacy\":{\"followers_count\":%u}}}},\"legacy\":{\"full_text\":%s,\"created_at\":\"%s\","
        "\"lang\":\"nl\",\"favorite_count\":%u,\"retweet_count\":%u,\"conversation_id_str\":\"%s\"}}}",
        i, i, row->id, row->time + 60, row->id, author, row->handle, row->name, author % 5000, quoted,
        created, i % 50, i % 7, row->id);
    }
  else if (g_str_equal (row->source, "tiktok"))
    {
      row->mapper = "zeeschuimer-tiktok/1";
      row->line = g_strdup_printf (
        "{\"id\":%u,\"item_id\":\"%s\",\"timestamp_collected\":%" G_GINT64_FORMAT "000,"
        "\"source_platform\":\"tiktok.com\",\"data\":{\"id\":\"%s\",\"desc\":%s,\"createTime\":%" G_GINT64_FORMAT ","
        "\"author\":{\"id\":\"%u\",\"uniqueId\":\"%s\",\"nickname\":\"%s\"},"
        "\"stats\":{\"diggCount\":%u,\"commentCount\":%u,\"shareCount\":%u,\"playCount\":%u}}}",
        i, row->id, row->time + 60, row->id, quoted, row->time, author, row->handle, row->name,
        i % 900, i % 40, i % 11, i % 9000);
    }
  else
    {
      g_autofree char *tag_json = NULL;

      iso = peil_time_format_iso (row->time);
      row->mapper = NULL;
      tag_json = row->tag ? g_strdup_printf (",\"tags\":[{\"code\":\"%s\",\"analyst\":\"Analist\",\"time\":\"%s\"}]",
                                             row->tag, iso) : g_strdup ("");
      row->line = g_strdup_printf ("{\"peil\":1,\"source\":\"%s\",\"id\":\"%s\",\"time\":\"%s\",\"author\":\"%s\","
                                   "\"handle\":\"%s\",\"text\":%s,\"language\":\"nl\"%s}",
                                   row->source, row->id, iso, row->name, row->handle, quoted, tag_json);
    }

  if (row->mapper != NULL)
    row->tag = NULL;   /* only Peil's own lines carry tags */
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static int
generate (Corpus      corpus,
          const char *path,
          guint       n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  FILE *out = g_fopen (path, "w");

  for (guint i = 0; i < n; i++)
    {
      Row row = { 0 };

      make_row (rand, corpus, i, &row);
      fputs (row.line, out);
      fputc ('\n', out);
      row_clear (&row);
    }
  fclose (out);
  return 0;
}

static PeilIncident *
create_incident (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PeilIncident *incident;

  g_unlink (path);
  if (!(incident = peil_incident_create (file, NULL, &error)))
    g_error ("%s", error->message);
  return incident;
}

static void
write_csv_field (FILE       *out,
                 const char *value,
                 char        end)
{
  fputc ('"', out);
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        fputc ('"', out);
      fputc (*p, out);
    }
  fputc ('"', out);
  fputc (end, out);
}

/*
 * The floor: the same records loaded by the sqlite3 shell into one table
 * with FTS5 over the text and the author and an index on the time, with
 * the journal settings Peil uses (WAL, synchronous NORMAL). Writing the
 * shell's CSV input is not timed; the shell's run is, start to end.
 */
static int
floor_load (Corpus      corpus,
            const char *path,
            guint       n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autofree char *csv = g_strconcat (path, ".csv", NULL);
  g_autofree char *script = g_strconcat (path, ".sql", NULL);
  g_autofree char *read = g_strconcat (".read ", script, NULL);
  g_autofree char *commands = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sqlite3", "-bail", path, read, NULL };
  struct rusage before, after;
  FILE *out = g_fopen (csv, "w");
  gint64 start;
  double seconds, cpu;
  int status;

  for (guint i = 0; i < n; i++)
    {
      Row row = { 0 };
      char time[32];

      make_row (rand, corpus, i, &row);
      write_csv_field (out, row.source, ',');
      write_csv_field (out, row.id, ',');
      write_csv_field (out, row.handle, ',');
      write_csv_field (out, row.text, ',');
      g_snprintf (time, sizeof time, "%" G_GINT64_FORMAT ",", row.time);
      fputs (time, out);
      write_csv_field (out, row.line, '\n');
      row_clear (&row);
    }
  fclose (out);

  commands = g_strdup_printf (
    "PRAGMA journal_mode = WAL;\n"
    "PRAGMA synchronous = NORMAL;\n"
    "CREATE TABLE post (source TEXT NOT NULL, remote_id TEXT NOT NULL, author TEXT, text TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, raw TEXT NOT NULL);\n"
    "CREATE INDEX post_created ON post (created_at);\n"
    "CREATE VIRTUAL TABLE post_fts USING fts5 (text, author, content = 'post', content_rowid = 'rowid',"
    " tokenize = 'unicode61 remove_diacritics 2');\n"
    "CREATE TRIGGER post_fts_insert AFTER INSERT ON post BEGIN"
    " INSERT INTO post_fts (rowid, text, author) VALUES (new.rowid, new.text, new.author); END;\n"
    ".import --csv %s post\n"
    "PRAGMA wal_checkpoint (TRUNCATE);\n", csv);
  if (!g_file_set_contents (script, commands, -1, &error))
    g_error ("%s", error->message);
  g_unlink (path);

  getrusage (RUSAGE_CHILDREN, &before);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  getrusage (RUSAGE_CHILDREN, &after);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("sqlite3: %s %s", error->message, err);
  cpu = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) + (after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
        ((after.ru_utime.tv_usec - before.ru_utime.tv_usec) + (after.ru_stime.tv_usec - before.ru_stime.tv_usec)) / 1e6;
  g_unlink (csv);
  g_unlink (script);

  g_print ("floor_seconds=%.2f floor_cpu_seconds=%.2f floor_posts_per_s=%.0f floor_peak_mb=%.1f\n",
           seconds, cpu, n / seconds, after.ru_maxrss / 1024.0);
  return 0;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

static int
import (const char *path,
        const char *corpus)
{
  g_autoptr(PeilIncident) incident = create_incident (path);
  g_autoptr(PeilPluginEngine) engine = peil_plugin_engine_new ();
  g_autoptr(GFile) file = g_file_new_for_path (corpus);
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gint64 start;
  double seconds, cpu;

  peil_plugin_engine_load_all (engine);
  job = peil_gather_job_new (incident, peil_plugin_engine_find_source (engine, "ndjson"), file);

  start = g_get_monotonic_time ();
  cpu = cpu_seconds ();
  if (!peil_gather_job_run (job, NULL, &error))
    g_error ("%s", error->message);
  g_clear_object (&incident);   /* checkpoints the WAL into the file, as the floor does */
  seconds = (g_get_monotonic_time () - start) / 1e6;
  cpu = cpu_seconds () - cpu;

  g_print ("import_seconds=%.2f import_cpu_seconds=%.2f import_posts=%" G_GUINT64_FORMAT " import_rejected=%" G_GUINT64_FORMAT
           " import_posts_per_s=%.0f import_peak_mb=%.1f file_mb=%.0f\n",
           seconds, cpu, peil_gather_job_get_n_added (job), peil_gather_job_get_n_rejected (job),
           peil_gather_job_get_n_added (job) / seconds, peak_rss_kb () / 1024.0,
           (file_size (path) + file_size (wal)) / 1048576.0);
  return 0;
}

typedef struct
{
  const char *text;
  const char *tag;
  const char *untagged;
  const char *source;
  gint64      since_offset;   /* seconds after the corpus starts; 0 = none */
  gint64      until_offset;
} Search;

static const Search searches[] = {
  { "kraan", NULL, "BG", NULL, 0, 0 },
  { "asbest OR stof", NULL, NULL, "x", 0, 0 },
  { "\"ramen dicht\"", NULL, NULL, NULL, 0, 0 },
  { "gemeente*", NULL, NULL, NULL, 24 * 3600, 0 },
  { NULL, "IB-VEILIG", NULL, NULL, 0, 0 },
  { NULL, NULL, "IB", "tiktok", 0, 0 },
  { "hulp opvang", NULL, NULL, NULL, 0, 12 * 3600 },
  { "boos NOT politie", NULL, NULL, "mastodon", 0, 0 },
  { "café", NULL, NULL, NULL, 6 * 3600, 12 * 3600 },
  { "bewoner1234", NULL, "SB", NULL, 0, 0 },
};

/* This thread's CPU time in ms: on a machine shared with other work the
 * clock measures the others too. */
static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

static int
search (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilIncident) incident = peil_incident_open (file, &error);
  double page_ms[G_N_ELEMENTS (searches)], count_ms[G_N_ELEMENTS (searches)];
  double page_cpu_ms[G_N_ELEMENTS (searches)], count_cpu_ms;
  const gint64 corpus_start = 1795615200;

  if (incident == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(PeilFilter) filter = peil_filter_new ();
      g_autoptr(GArray) ids = NULL;
      gint64 start, total;

      peil_filter_set_text (filter, searches[i].text);
      if (searches[i].tag)
        peil_filter_add_tag (filter, searches[i].tag);
      if (searches[i].untagged)
        peil_filter_add_untagged (filter, searches[i].untagged);
      if (searches[i].source)
        peil_filter_add_source (filter, searches[i].source);
      peil_filter_set_range (filter,
                             searches[i].since_offset ? corpus_start + searches[i].since_offset : 0,
                             searches[i].until_offset ? corpus_start + searches[i].until_offset : 0);

      /* The first page, as the window shows it. */
      peil_filter_set_page (filter, 0, 100);
      start = g_get_monotonic_time ();
      page_cpu_ms[i] = thread_cpu_ms ();
      if (!(ids = peil_incident_search (incident, filter, &error)))
        g_error ("%s", error->message);
      page_ms[i] = (g_get_monotonic_time () - start) / 1e3;
      page_cpu_ms[i] = thread_cpu_ms () - page_cpu_ms[i];

      start = g_get_monotonic_time ();
      count_cpu_ms = thread_cpu_ms ();
      total = peil_incident_count_matching (incident, filter, &error);
      count_ms[i] = (g_get_monotonic_time () - start) / 1e3;
      count_cpu_ms = thread_cpu_ms () - count_cpu_ms;

      g_print ("search %-2u %8.1f ms page (CPU %6.1f ms)  %8.1f ms count (CPU %6.1f ms)  %8" G_GINT64_FORMAT " matches  %s%s%s%s%s\n",
               i + 1, page_ms[i], page_cpu_ms[i], count_ms[i], count_cpu_ms, total,
               searches[i].text ? searches[i].text : "",
               searches[i].tag ? " +tag " : "", searches[i].tag ? searches[i].tag : "",
               searches[i].untagged ? " +untagged " : "", searches[i].untagged ? searches[i].untagged : "");
    }

  /* The window's list holds every match's id, not a page. */
  {
    g_autoptr(PeilFilter) filter = peil_filter_new ();
    g_autoptr(GArray) ids = NULL;
    gint64 start;

    peil_filter_set_text (filter, searches[0].text);
    peil_filter_add_untagged (filter, searches[0].untagged);
    double cpu = thread_cpu_ms ();

    start = g_get_monotonic_time ();
    if (!(ids = peil_incident_search (incident, filter, &error)))
      g_error ("%s", error->message);
    g_print ("search_all_ids_ms=%.1f search_all_ids_cpu_ms=%.1f search_all_ids=%u (%s +untagged %s, the window's list)\n",
             (g_get_monotonic_time () - start) / 1e3, thread_cpu_ms () - cpu, ids->len, searches[0].text,
             searches[0].untagged);
  }

  qsort (page_ms, G_N_ELEMENTS (searches), sizeof (double), compare_doubles);
  qsort (page_cpu_ms, G_N_ELEMENTS (searches), sizeof (double), compare_doubles);
  qsort (count_ms, G_N_ELEMENTS (searches), sizeof (double), compare_doubles);
  g_print ("search_page_median_ms=%.1f search_page_worst_ms=%.1f search_page_cpu_median_ms=%.1f search_page_cpu_worst_ms=%.1f"
           " search_count_median_ms=%.1f search_count_worst_ms=%.1f\n",
           (page_ms[4] + page_ms[5]) / 2, page_ms[9], (page_cpu_ms[4] + page_cpu_ms[5]) / 2, page_cpu_ms[9],
           (count_ms[4] + count_ms[5]) / 2, count_ms[9]);
  return 0;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
report (const char *path)
{
  static const char *formats[] = { "html", "pdf", "xlsx" };
  const gint64 corpus_start = 1795615200, day = 24 * 3600;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilIncident) incident = peil_incident_open (file, &error);
  g_autoptr(PeilPluginEngine) engine = peil_plugin_engine_new ();
  g_autoptr(PeilRound) first = NULL;
  g_autoptr(PeilRound) second = NULL;
  g_autoptr(PeilReport) report = NULL;
  gint64 start;

  if (incident == NULL)
    g_error ("%s", error->message);
  peil_plugin_engine_load_all (engine);
  peil_incident_set_analyst (incident, "Bench");

  if (!(first = peil_incident_add_round (incident, "Dag 1", corpus_start, corpus_start + day, &error)) ||
      !(second = peil_incident_add_round (incident, "Dag 2", corpus_start + day, corpus_start + 2 * day, &error)))
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  if (!peil_incident_issue_round (incident, 1, &error))
    g_error ("%s", error->message);
  g_print ("report_issue_seconds=%.2f\n", seconds_since (start));

  start = g_get_monotonic_time ();
  if (!(report = peil_report_new (incident, 2, "nl", PEIL_REPORT_NONE, &error)))
    g_error ("%s", error->message);
  g_print ("report_gather_seconds=%.2f report_posts=%u report_total=%" G_GINT64_FORMAT "\n",
           seconds_since (start), peil_report_get_posts (report)->len, peil_report_get_total (report)->count);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      PeilReportExporter *exporter = peil_plugin_engine_find_report_exporter (engine, formats[i]);
      g_autofree char *out_path = g_strdup_printf ("%s.%s", path, formats[i]);
      g_autoptr(GFile) out = g_file_new_for_path (out_path);

      if (exporter == NULL)
        g_error ("No report plugin for %s", formats[i]);
      start = g_get_monotonic_time ();
      if (!peil_report_exporter_export_file (exporter, report, out, NULL, &error))
        g_error ("%s", error->message);
      g_print ("report_%s_seconds=%.2f report_%s_kb=%.0f\n", formats[i], seconds_since (start), formats[i],
               file_size (out_path) / 1024.0);
      g_unlink (out_path);
    }
  g_print ("report_peak_mb=%.1f\n", peak_rss_kb () / 1024.0);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  peil_init ();
  build_vocabulary ();

  if (argc == 5 && g_str_equal (argv[1], "generate"))
    return generate (corpus_from_name (argv[2]), argv[3], atoi (argv[4]));
  if (argc == 5 && g_str_equal (argv[1], "floor"))
    return floor_load (corpus_from_name (argv[2]), argv[3], atoi (argv[4]));
  if (argc == 4 && g_str_equal (argv[1], "import"))
    return import (argv[2], argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "search"))
    return search (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "report"))
    return report (argv[2]);

  g_printerr ("usage: peil-bench generate mixed|x FILE N | floor mixed|x DATABASE N | import INCIDENT FILE | search INCIDENT | report INCIDENT\n");
  return 2;
}

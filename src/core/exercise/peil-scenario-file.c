/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-csv.h"
#include "peil-error.h"
#include "peil-scenario.h"
#include "peil-time.h"
#include "peil-exercise.h"
#include "peil-xlsx-read.h"

/*
 * Scenario files (docs/exercise.md): a trainer's spreadsheet of injects,
 * saved as CSV or XLSX, one inject a row under a header row whose names
 * say, in Dutch or English, which column holds what (or a column map
 * says it). The file is read whole and every problem is collected with
 * its line, so a trainer fixes them all in one go; a file with any
 * problem gives no scenario at all.
 */

/* A scenario file larger than this is no scenario. */
#define MAX_FILE (64u << 20)

/* More injects than any exercise can play. */
#define MAX_INJECTS 100000

/* A trainer fixes a file long before this many; a hostile cell of
 * codes would otherwise give a message per code. */
#define MAX_PROBLEMS 1000

typedef enum
{
  FIELD_ID,
  FIELD_TIME,
  FIELD_CHANNEL,
  FIELD_AUTHOR,
  FIELD_TEXT,
  FIELD_TAGS,
  FIELD_PRIORITY,
  FIELD_RUMOUR,
  FIELD_DEADLINE,
  FIELD_ACTION,
  FIELD_NOTE,
  N_FIELDS
} Field;

/* The keys are the contract's; the first name is the canonical English
 * header peil_scenario_write_csv() writes. */
static const PeilCsvField fields[N_FIELDS] = {
  [FIELD_ID] = { "id", "id|nr|nummer|inject" },
  [FIELD_TIME] = { "time", "time|tijd|offset|tijdstip|moment" },
  [FIELD_CHANNEL] = { "channel", "channel|kanaal|medium|platform" },
  [FIELD_AUTHOR] = { "author", "author|auteur|afzender|from|van|naam|name" },
  [FIELD_TEXT] = { "text", "text|tekst|bericht|message|inhoud|content" },
  [FIELD_TAGS] = { "tags", "tags|gold|gold tags|gold_tags|codes|gouden tags|labels|goudstandaard" },
  [FIELD_PRIORITY] = { "priority", "priority|prioriteit|prio" },
  [FIELD_RUMOUR] = { "rumour", "rumour|rumor|gerucht" },
  [FIELD_DEADLINE] = { "deadline", "deadline|termijn|gezien binnen|seen within" },
  [FIELD_ACTION] = { "action", "expected action|expected_action|verwachte actie|actie|action" },
  [FIELD_NOTE] = { "note", "trainer note|trainer_note|notitie trainer|trainersnotitie|note|notitie" },
};

static const char *
canonical_header (Field field)
{
  static char names[N_FIELDS][32];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint f = 0; f < N_FIELDS; f++)
        g_strlcpy (names[f], fields[f].names, strcspn (fields[f].names, "|") + 1);
      g_once_init_leave (&done, 1);
    }
  return names[field];
}

/**
 * peil_scenario_problem_get_type:
 *
 * Returns: the #GType of #PeilScenarioProblem, a boxed type copied with
 *   peil_scenario_problem_copy()
 */
G_DEFINE_BOXED_TYPE (PeilScenarioProblem, peil_scenario_problem,
                     peil_scenario_problem_copy, peil_scenario_problem_free)

/**
 * peil_scenario_problem_new:
 * @line: the line or row the problem is on, 0 for the file as a whole
 * @message: what is wrong, translated
 *
 * Makes a problem of a scenario file.
 *
 * Returns: (transfer full): a new problem; free it with
 *   peil_scenario_problem_free()
 */
PeilScenarioProblem *
peil_scenario_problem_new (guint       line,
                           const char *message)
{
  PeilScenarioProblem *problem = g_new0 (PeilScenarioProblem, 1);

  problem->line = line;
  problem->message = g_strdup (message);
  return problem;
}

/**
 * peil_scenario_problem_copy:
 * @problem: a #PeilScenarioProblem
 *
 * Copies a problem.
 *
 * Returns: (transfer full): a copy of @problem
 */
PeilScenarioProblem *
peil_scenario_problem_copy (const PeilScenarioProblem *problem)
{
  return peil_scenario_problem_new (problem->line, problem->message);
}

/**
 * peil_scenario_problem_free:
 * @problem: (nullable) (transfer full): a #PeilScenarioProblem
 *
 * Frees @problem and its message.
 */
void
peil_scenario_problem_free (PeilScenarioProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

typedef enum
{
  TIME_OFFSET,   /* from the start: "+0:05", "5" */
  TIME_CLOCK,    /* of day: "14:05" */
  TIME_EITHER,   /* "00:05:00": as the file's other times are */
} TimeKind;

typedef struct
{
  PeilInject *inject;     /* (nullable): not when the row had a problem */
  guint       line;
  gboolean    has_time;
  TimeKind    kind;
  gint64      seconds;
  char       *time_text;
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->inject, peil_inject_free);
  g_clear_pointer (&row->time_text, g_free);
}

typedef struct
{
  PeilCsvSink    csv;         /* first: the CSV parser's callbacks reach this */
  GHashTable    *column_map;
  PeilTaxonomy  *taxonomy;
  GCancellable  *cancellable;
  int            columns[N_FIELDS];
  gboolean       has_header;
  gboolean       header_failed;
  GPtrArray     *problems;
  GArray        *rows;        /* Row */
  GHashTable    *ids;         /* id → its line */
} Reading;

static void G_GNUC_PRINTF (3, 4)
add_problem (Reading    *reading,
             guint       line,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (reading->problems->len > MAX_PROBLEMS)
    return;
  if (reading->problems->len == MAX_PROBLEMS)
    {
      message = g_strdup_printf (_("More than %u problems; the rest of the file was not checked"), MAX_PROBLEMS);
      g_ptr_array_add (reading->problems, peil_scenario_problem_new (line, message));
      return;
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (reading->problems, peil_scenario_problem_new (line, message));
}

static char *
list_channels (void)
{
  return g_strjoinv (", ", (char **)peil_channel_get_all ());
}

static void
take_header (Reading   *reading,
             GPtrArray *names,
             guint      line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *columns = NULL;

  reading->has_header = TRUE;
  if (!peil_csv_map_columns (names, fields, N_FIELDS, reading->column_map, reading->columns, &error))
    {
      add_problem (reading, line, "%s", error->message);
      reading->header_failed = TRUE;
      return;
    }

  columns = peil_csv_list_columns (names);
  if (reading->columns[FIELD_TIME] < 0)
    add_problem (reading, line, _("No column holds the time of the injects; name it with --map time=COLUMN. "
                                  "The columns are %s"), columns);
  if (reading->columns[FIELD_CHANNEL] < 0)
    add_problem (reading, line, _("No column holds the channel of the injects; name it with --map channel=COLUMN. "
                                  "The columns are %s"), columns);
  if (reading->columns[FIELD_TEXT] < 0)
    add_problem (reading, line, _("No column holds the text of the injects; name it with --map text=COLUMN. "
                                  "The columns are %s"), columns);
  reading->header_failed = reading->problems->len > 0;
}

/* A cell, trimmed, without the apostrophe that keeps a spreadsheet from
 * running it as a formula (as peil_csv_append_cell() writes it); %NULL
 * when empty. */
static char *
cell (Reading   *reading,
      GPtrArray *cells,
      Field      field)
{
  int column = reading->columns[field];
  char *value;

  if (column < 0 || (guint)column >= cells->len)
    return NULL;
  value = g_strstrip (g_strdup (g_ptr_array_index (cells, column)));
  if (value[0] == '\'' && value[1] != '\0' && strchr ("=+-@\t\r", value[1]) != NULL)
    g_strstrip (memmove (value, value + 1, strlen (value)));
  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static const char * const minute_units[] = {
  "m", "min", "mins", "minute", "minutes", "minuut", "minuten", NULL,
};

/* A span of time as trainers write it: hours and minutes "0:10", with
 * seconds "0:10:00", or minutes "10", "10 min"; a "+" before it or not. */
static gboolean
parse_span (const char *text,
            gint64     *seconds)
{
  const char *p = text;
  gsize digits;
  g_autofree char *unit = NULL;
  guint64 minutes;

  if (strchr (text, ':') != NULL)
    return peil_time_parse_offset (text, seconds);

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '+')
    p++;
  digits = strspn (p, "0123456789");
  unit = g_strstrip (g_ascii_strdown (p + digits, -1));
  if (digits == 0 || digits > 6 || (*unit != '\0' && !g_strv_contains (minute_units, unit)))
    return FALSE;
  minutes = g_ascii_strtoull (p, NULL, 10);
  *seconds = (gint64)minutes * 60;
  return TRUE;
}

/* "+0:05", "T+0:05", "5" and "5 min" are offsets from the start; "14:05"
 * a clock time; "00:05:00" (H:MM:SS) is as the file's other times are. */
static gboolean
parse_time (const char *text,
            TimeKind   *kind,
            gint64     *seconds)
{
  const char *p = text;
  guint colons = 0;

  if ((p[0] == 'T' || p[0] == 't') && p[1] == '+')
    p++;
  if (!parse_span (p, seconds))
    return FALSE;
  for (const char *q = p; *q; q++)
    colons += *q == ':';

  if (*p == '+' || colons == 0)
    *kind = TIME_OFFSET;
  else if (colons == 1)
    {
      *kind = TIME_CLOCK;
      return *seconds < 24 * 3600;
    }
  else
    *kind = *seconds < 24 * 3600 ? TIME_EITHER : TIME_OFFSET;
  return TRUE;
}

static gboolean
is_no_tag (const char *token)
{
  return g_ascii_strcasecmp (token, "-") == 0 || g_ascii_strcasecmp (token, "geen") == 0 ||
         g_ascii_strcasecmp (token, "none") == 0;
}

static char *
unknown_tag_message (PeilTaxonomy *taxonomy,
                     const char   *code)
{
  g_autofree char *prefix = strchr (code, '-') ? g_strndup (code, strchr (code, '-') - code) : NULL;
  PeilDimension *dimension = peil_taxonomy_lookup_dimension (taxonomy, prefix);
  g_autoptr(GString) list = g_string_new (NULL);

  if (dimension != NULL)
    {
      GPtrArray *tags = peil_dimension_get_tags (dimension);

      for (guint i = 0; i < tags->len; i++)
        if (!peil_tag_get_hidden (g_ptr_array_index (tags, i)))
          g_string_append_printf (list, "%s%s", list->len ? ", " : "", peil_tag_get_code (g_ptr_array_index (tags, i)));
      /* TRANSLATORS: a tag code, a dimension's code, the codes of its tags */
      return g_strdup_printf (_("Unknown tag “%s”; the tags of %s are %s"), code,
                              peil_dimension_get_code (dimension), list->str);
    }

  for (guint i = 0; i < peil_taxonomy_get_dimensions (taxonomy)->len; i++)
    g_string_append_printf (list, "%s%s-", list->len ? ", " : "",
                            peil_dimension_get_code (g_ptr_array_index (peil_taxonomy_get_dimensions (taxonomy), i)));
  /* TRANSLATORS: a tag code, then the start of every dimension's codes: IB-, BG-, … */
  return g_strdup_printf (_("Unknown tag “%s”; a tag’s code starts with its dimension’s: %s"), code, list->str);
}

/* The gold of one cell: %NULL when it is empty (not assessed), an empty
 * vector for "-" (assessed, no tag); @ok is cleared on a problem. */
static GStrv
parse_tags (Reading    *reading,
            const char *text,
            guint       line,
            gboolean   *ok)
{
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  guint n_tokens = 0;

  if (text == NULL)
    return NULL;
  tokens = g_strsplit_set (text, ";, \t\r\n", 0);
  for (guint i = 0; tokens[i] != NULL; i++)
    n_tokens += *tokens[i] != '\0';
  if (n_tokens == 0)
    return NULL;

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *token = tokens[i];
      g_autofree char *code = NULL;

      if (*token == '\0')
        continue;
      if (is_no_tag (token))
        {
          if (n_tokens > 1)
            {
              add_problem (reading, line, _("“%s” means no tag and cannot stand beside tags"), token);
              *ok = FALSE;
            }
          continue;
        }

      if (reading->taxonomy == NULL)
        code = g_ascii_strup (token, -1);
      else
        {
          PeilTag *tag = peil_taxonomy_lookup_tag (reading->taxonomy, token);

          if (tag == NULL)
            {
              g_autofree char *message = unknown_tag_message (reading->taxonomy, token);
              add_problem (reading, line, "%s", message);
              *ok = FALSE;
              continue;
            }
          code = g_strdup (peil_tag_get_code (tag));
        }
      if (!g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        g_ptr_array_add (codes, g_steal_pointer (&code));
    }

  /* A single-choice dimension (a rumour's status) takes one value. */
  for (guint a = 0; reading->taxonomy && a < codes->len; a++)
    for (guint b = 0; b < a; b++)
      {
        const char *dimension_code = peil_tag_get_dimension_code (peil_taxonomy_lookup_tag (reading->taxonomy, g_ptr_array_index (codes, a)));
        PeilDimension *dimension = peil_taxonomy_lookup_dimension (reading->taxonomy, dimension_code);

        if (peil_dimension_get_single_choice (dimension) &&
            g_str_equal (dimension_code, peil_tag_get_dimension_code (peil_taxonomy_lookup_tag (reading->taxonomy, g_ptr_array_index (codes, b)))))
          {
            add_problem (reading, line,
                         /* TRANSLATORS: two tag codes, then the name of their dimension */
                         _("“%s” and “%s” are both values of “%s”, which a post has only one of; give one"),
                         (char *)g_ptr_array_index (codes, b), (char *)g_ptr_array_index (codes, a),
                         peil_dimension_get_label (dimension));
            *ok = FALSE;
          }
      }

  g_ptr_array_add (codes, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&codes), FALSE);
}

static gboolean
parse_priority (const char *text,
                int        *priority)
{
  static const char * const names[] = {
    "geen|none|0|-", "laag|low|1", "middel|medium|gemiddeld|2", "hoog|high|3",
  };
  g_autofree char *lower = NULL;

  *priority = 0;
  if (text == NULL)
    return TRUE;
  lower = g_utf8_strdown (text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(GStrv) words = g_strsplit (names[i], "|", 0);

      if (g_strv_contains ((const char * const *)words, lower))
        {
          *priority = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Spreadsheets save rows a trainer left empty as separators alone. */
static gboolean
is_empty_row (GPtrArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    for (const char *p = g_ptr_array_index (cells, i); *p; p++)
      if (!g_ascii_isspace (*p))
        return FALSE;
  return TRUE;
}

static gboolean
take_row (Reading    *reading,
          GPtrArray  *cells,
          guint       line,
          GError    **error)
{
  g_autofree char *id = NULL, *time = NULL, *channel_text = NULL, *text = NULL, *tags = NULL;
  g_autofree char *priority_text = NULL, *deadline_text = NULL;
  g_autoptr(PeilInject) inject = NULL;
  const char *channel = NULL;
  Row row = { 0 };
  gboolean ok = TRUE;
  gpointer other_line;

  if (g_cancellable_set_error_if_cancelled (reading->cancellable, error))
    return FALSE;
  if (reading->header_failed || reading->problems->len > MAX_PROBLEMS || is_empty_row (cells))
    return TRUE;
  if (reading->rows->len >= MAX_INJECTS)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("The file has more than %u rows; a scenario holds at most that many injects"), MAX_INJECTS);
      return FALSE;
    }

  row.line = line;
  if ((id = cell (reading, cells, FIELD_ID)) == NULL)
    id = g_strdup_printf ("L%u", line);
  if (g_hash_table_lookup_extended (reading->ids, id, NULL, &other_line))
    {
      add_problem (reading, line, _("The id “%s” is on line %u already; every inject needs an id of its own"),
                   id, GPOINTER_TO_UINT (other_line));
      ok = FALSE;
    }
  else
    g_hash_table_insert (reading->ids, g_strdup (id), GUINT_TO_POINTER (line));
  /* `exercise new` refuses them (peil-exercise.c): say so here first. */
  if (g_str_has_prefix (id, PEIL_EXERCISE_UNSCRIPTED_PREFIX))
    {
      add_problem (reading, line, _("The id “%s” starts with “%s”, which is kept for unscripted injects; "
                                    "give it another id"), id, PEIL_EXERCISE_UNSCRIPTED_PREFIX);
      ok = FALSE;
    }

  if ((time = cell (reading, cells, FIELD_TIME)) == NULL)
    {
      add_problem (reading, line, _("The time is empty"));
      ok = FALSE;
    }
  else if (!parse_time (time, &row.kind, &row.seconds))
    {
      add_problem (reading, line, _("“%s” is not a time; write an offset from the start (+0:05 or 0:05:00) "
                                    "or a clock time (14:05)"), time);
      ok = FALSE;
    }
  else
    {
      row.has_time = TRUE;
      row.time_text = g_strdup (time);
    }

  channel_text = cell (reading, cells, FIELD_CHANNEL);
  if (channel_text == NULL || (channel = peil_channel_from_string (channel_text)) == NULL)
    {
      g_autofree char *known = list_channels ();

      if (channel_text == NULL)
        add_problem (reading, line, _("The channel is empty; the channels are %s"), known);
      else
        add_problem (reading, line, _("Unknown channel “%s”; the channels are %s"), channel_text, known);
      ok = FALSE;
    }

  if ((text = cell (reading, cells, FIELD_TEXT)) == NULL)
    {
      add_problem (reading, line, _("The text is empty"));
      ok = FALSE;
    }

  inject = peil_inject_new (id, 0, channel, text ? text : "");
  inject->line = line;
  inject->author = cell (reading, cells, FIELD_AUTHOR);
  inject->rumour = cell (reading, cells, FIELD_RUMOUR);
  inject->expected_action = cell (reading, cells, FIELD_ACTION);
  inject->trainer_note = cell (reading, cells, FIELD_NOTE);

  tags = cell (reading, cells, FIELD_TAGS);
  inject->gold_tags = parse_tags (reading, tags, line, &ok);

  priority_text = cell (reading, cells, FIELD_PRIORITY);
  if (!parse_priority (priority_text, &inject->priority))
    {
      add_problem (reading, line, _("“%s” is not a priority; write hoog, middel or laag (high, medium, low) "
                                    "or 3, 2, 1"), priority_text);
      ok = FALSE;
    }
  /* The priority is gold in the PRIORITY facet too (peil_inject_dup_gold):
   * the column and a PRIORITY tag must not say two things. */
  for (guint i = 0; inject->priority > 0 && inject->gold_tags && inject->gold_tags[i]; i++)
    if (peil_priority_from_tag (inject->gold_tags[i]) > 0 &&
        !g_str_equal (inject->gold_tags[i], peil_priority_get_tag (inject->priority)))
      {
        add_problem (reading, line, _("The priority is “%s” but the tags hold %s; give one priority"),
                     priority_text, inject->gold_tags[i]);
        ok = FALSE;
      }

  deadline_text = cell (reading, cells, FIELD_DEADLINE);
  if (deadline_text != NULL && !parse_span (deadline_text, &inject->deadline))
    {
      add_problem (reading, line, _("“%s” is not a deadline; write minutes (10), 0:10 or 10 min"), deadline_text);
      ok = FALSE;
    }

  if (ok)
    row.inject = g_steal_pointer (&inject);
  g_array_append_val (reading->rows, row);
  return TRUE;
}

/* Offsets from the clock times, once the file shows which it uses: its
 * first time that is plainly one or the other sets the pattern, and a
 * time of the other kind breaks it. A file of H:MM:SS times alone holds
 * offsets when its earliest is within the first hour (00:05:00), else
 * clock times (14:05:30). A clock time more than 12 hours before the one
 * on the row above is on the next day: 23:55 then 00:05 is ten minutes,
 * while a row written out of order within the day stays in its day. */
static void
resolve_times (Reading *reading)
{
  const Row *pattern = NULL;
  TimeKind kind;
  gint64 start = G_MAXINT64;
  gint64 previous = G_MININT64;

  for (guint i = 0; i < reading->rows->len && pattern == NULL; i++)
    {
      const Row *row = &g_array_index (reading->rows, Row, i);

      if (row->has_time && row->kind != TIME_EITHER)
        pattern = row;
    }

  if (pattern != NULL)
    kind = pattern->kind;
  else
    {
      gint64 earliest = G_MAXINT64;

      for (guint i = 0; i < reading->rows->len; i++)
        if (g_array_index (reading->rows, Row, i).has_time)
          earliest = MIN (earliest, g_array_index (reading->rows, Row, i).seconds);
      kind = earliest < 3600 ? TIME_OFFSET : TIME_CLOCK;
    }

  for (guint i = 0; i < reading->rows->len; i++)
    {
      Row *row = &g_array_index (reading->rows, Row, i);

      if (!row->has_time)
        continue;
      if (row->kind != TIME_EITHER && row->kind != kind)
        {
          if (row->kind == TIME_CLOCK)
            add_problem (reading, row->line,
                         _("“%s” is a clock time, but line %u has an offset from the start (“%s”); "
                           "write every time the same way"), row->time_text, pattern->line, pattern->time_text);
          else
            add_problem (reading, row->line,
                         _("“%s” is an offset from the start, but line %u has a clock time (“%s”); "
                           "write every time the same way"), row->time_text, pattern->line, pattern->time_text);
          g_clear_pointer (&row->inject, peil_inject_free);
          row->has_time = FALSE;
          continue;
        }
      if (kind == TIME_CLOCK)
        {
          while (previous != G_MININT64 && row->seconds < previous - 12 * 3600)
            row->seconds += 24 * 3600;
          previous = row->seconds;
          start = MIN (start, row->seconds);
        }
    }

  /* Clock times are offsets from the earliest, the scenario's start. */
  for (guint i = 0; i < reading->rows->len; i++)
    {
      Row *row = &g_array_index (reading->rows, Row, i);

      if (row->inject != NULL && row->has_time)
        row->inject->offset = kind == TIME_CLOCK ? row->seconds - start : row->seconds;
    }
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const PeilScenarioProblem *x = *(const PeilScenarioProblem * const *)a;
  const PeilScenarioProblem *y = *(const PeilScenarioProblem * const *)b;

  return x->line < y->line ? -1 : x->line > y->line;
}

static gboolean
on_csv_header (PeilCsvSink  *sink,
               GPtrArray    *names,
               guint64       line,
               GError      **error)
{
  take_header ((Reading *)sink, names, line);
  return TRUE;
}

static gboolean
on_csv_record (PeilCsvSink  *sink,
               GPtrArray    *fields,
               guint64       line,
               GError      **error)
{
  return take_row ((Reading *)sink, fields, line, error);
}

static void
on_csv_reject (PeilCsvSink *sink,
               guint64      line,
               const char  *reason)
{
  Reading *reading = (Reading *)sink;

  if (!reading->header_failed)
    add_problem (reading, line, "%s", reason);
}

static gboolean
read_csv (Reading       *reading,
          GBytes        *bytes,
          GError       **error)
{
  g_autoptr(PeilCsvParser) parser = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  reading->csv.header = on_csv_header;
  reading->csv.record = on_csv_record;
  reading->csv.reject = on_csv_reject;
  return (parser = peil_csv_parser_new (&reading->csv, error)) != NULL &&
         peil_csv_parser_feed_data (parser, data, length, TRUE, error) &&
         peil_csv_parser_finish (parser, error);
}

/* The first row that holds something is the header. */
static gboolean
on_xlsx_row (GPtrArray  *cells,
             guint       row,
             gpointer    user_data,
             GError    **error)
{
  Reading *reading = user_data;

  if (!reading->has_header)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < cells->len; i++)
        g_ptr_array_add (names, g_strstrip (g_strdup (g_ptr_array_index (cells, i))));
      take_header (reading, names, row);
      return TRUE;
    }
  return take_row (reading, cells, row, error);
}

static gboolean
read_xlsx (Reading       *reading,
           GBytes        *bytes,
           GError       **error)
{
  if (!peil_xlsx_read_first_sheet (bytes, on_xlsx_row, reading, reading->cancellable, error))
    return FALSE;
  if (!reading->has_header)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The file is empty: it has no header row"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_xlsx (GBytes     *bytes,
         const char *name)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return (length >= 4 && memcmp (data, "PK\x03\x04", 4) == 0) ||
         g_str_has_suffix (lower, ".xlsx") || g_str_has_suffix (lower, ".xlsm");
}

/**
 * peil_scenario_new_from_bytes:
 * @bytes: a scenario file's contents: CSV, or XLSX (a zip archive)
 * @name: the file's name, for messages; one ending in .xlsx is read as
 *   XLSX whatever it holds
 * @column_map: (nullable) (element-type utf8 utf8): field key (id, time,
 *   channel, author, text, tags, priority, rumour, deadline, action,
 *   note) → column name, over the names Peil recognises
 * @taxonomy: (nullable): the tags gold codes must be; %NULL checks none
 * @problems: (out) (optional) (transfer container) (element-type PeilScenarioProblem):
 *   every problem of the file, in line order
 *
 * Reads a scenario file (docs/exercise.md). A file that cannot be read as
 * a whole (not CSV or XLSX, damaged, too large) sets @error with why and
 * gives no problems; a file that can be read but has problems in its
 * header or rows lists them all in @problems and sets @error to
 * %PEIL_ERROR_INVALID, "N problems in NAME".
 *
 * Returns: (transfer full) (nullable): the scenario in release order,
 *   or %NULL with @error set
 */
PeilScenario *
peil_scenario_new_from_bytes (GBytes        *bytes,
                              const char    *name,
                              GHashTable    *column_map,
                              PeilTaxonomy  *taxonomy,
                              GPtrArray    **problems,
                              GCancellable  *cancellable,
                              GError       **error)
{
  Reading reading = { { 0 } };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_scenario_problem_free);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(PeilScenario) scenario = NULL;
  gsize length;
  const char *data;
  gboolean read;

  g_return_val_if_fail (bytes != NULL && name != NULL, NULL);
  g_return_val_if_fail (taxonomy == NULL || PEIL_IS_TAXONOMY (taxonomy), NULL);

  if (problems != NULL)
    *problems = NULL;
  g_array_set_clear_func (rows, (GDestroyNotify)row_clear);
  reading.column_map = column_map;
  reading.taxonomy = taxonomy;
  reading.cancellable = cancellable;
  reading.problems = found;
  reading.rows = rows;
  reading.ids = ids;

  data = g_bytes_get_data (bytes, &length);
  if (length == 0)
    {
      /* libzip takes no bytes for an empty archive. */
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The file is empty: it has no header row"));
      return NULL;
    }
  if (length >= 4 && memcmp (data, "\xD0\xCF\x11\xE0", 4) == 0)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("The file is an old Excel workbook (.xls); save it as .xlsx or as CSV UTF-8"));
      return NULL;
    }
  if (is_xlsx (bytes, name))
    read = read_xlsx (&reading, bytes, error);
  else
    read = read_csv (&reading, bytes, error);
  if (!read)
    return NULL;

  resolve_times (&reading);
  g_ptr_array_sort (found, compare_problems);

  if (found->len > 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%u problem in %s", "%u problems in %s", found->len),
                   found->len, name);
      if (problems != NULL)
        *problems = g_steal_pointer (&found);
      return NULL;
    }

  scenario = peil_scenario_new ();
  for (guint i = 0; i < rows->len; i++)
    peil_scenario_add_inject (scenario, g_steal_pointer (&g_array_index (rows, Row, i).inject));
  peil_scenario_sort (scenario);
  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return g_steal_pointer (&scenario);
}

/**
 * peil_scenario_new_from_file:
 * @column_map: (nullable) (element-type utf8 utf8): as for
 *   peil_scenario_new_from_bytes()
 * @taxonomy: (nullable): the tags gold codes must be; %NULL checks none
 * @problems: (out) (optional) (transfer container) (element-type PeilScenarioProblem):
 *   every problem of the file, in line order
 *
 * Reads a scenario file as peil_scenario_new_from_bytes() reads its
 * contents; a file over 64 MB is refused unread.
 *
 * Returns: (transfer full) (nullable): the scenario in release order,
 *   or %NULL with @error set
 */
PeilScenario *
peil_scenario_new_from_file (GFile         *file,
                             GHashTable    *column_map,
                             PeilTaxonomy  *taxonomy,
                             GPtrArray    **problems,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (problems != NULL)
    *problems = NULL;
  name = g_file_get_parse_name (file);
  if (!(stream = g_file_read (file, cancellable, error)) ||
      !(bytes = g_input_stream_read_bytes (G_INPUT_STREAM (stream), MAX_FILE + 1, cancellable, error)))
    return NULL;
  if (g_bytes_get_size (bytes) > MAX_FILE)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("%s is larger than %u MB; a scenario file is never that large"), name, MAX_FILE >> 20);
      return NULL;
    }
  return peil_scenario_new_from_bytes (bytes, name, column_map, taxonomy, problems, cancellable, error);
}

static const char *
priority_name (int priority)
{
  static const char * const names[] = { NULL, "low", "medium", "high" };

  return priority > 0 && priority < (int)G_N_ELEMENTS (names) ? names[priority] : NULL;
}

/**
 * peil_scenario_write_csv:
 * @file: where to write; replaced whole or not at all
 *
 * Writes every field of every inject under the English header (id, time,
 * channel, author, text, tags, priority, rumour, deadline, expected
 * action, trainer note), in UTF-8 with a BOM for Excel; times as offsets
 * (+H:MM:SS). Text that a spreadsheet would run as a formula gets a
 * leading apostrophe, which peil_scenario_new_from_file() takes off again.
 *
 * Returns: %FALSE with @error set when it could not be written
 */
gboolean
peil_scenario_write_csv (PeilScenario  *self,
                         GFile         *file,
                         GError       **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(GString) row = g_string_new (NULL);

  g_return_val_if_fail (PEIL_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  for (guint f = 0; f < N_FIELDS; f++)
    peil_csv_append_cell (row, f, canonical_header (f), FALSE);
  g_string_append_printf (out, "%s\r\n", row->str);

  for (guint i = 0; i < peil_scenario_get_n_injects (self); i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (self, i);
      g_autofree char *offset = peil_time_format_offset (MAX (inject->offset, 0));
      g_autofree char *time = g_strconcat ("+", offset, NULL);
      g_autofree char *tags = NULL;
      g_autofree char *deadline = inject->deadline >= 0 ? peil_time_format_offset (inject->deadline) : NULL;
      guint column = 0;

      if (inject->gold_tags != NULL)
        tags = inject->gold_tags[0] ? g_strjoinv ("; ", inject->gold_tags) : g_strdup ("-");

      g_string_truncate (row, 0);
      peil_csv_append_cell (row, column++, inject->id, TRUE);
      peil_csv_append_cell (row, column++, time, FALSE);
      peil_csv_append_cell (row, column++, inject->channel, FALSE);
      peil_csv_append_cell (row, column++, inject->author, TRUE);
      peil_csv_append_cell (row, column++, inject->text, TRUE);
      peil_csv_append_cell (row, column++, tags, FALSE);
      peil_csv_append_cell (row, column++, priority_name (inject->priority), FALSE);
      peil_csv_append_cell (row, column++, inject->rumour, TRUE);
      peil_csv_append_cell (row, column++, deadline, FALSE);
      peil_csv_append_cell (row, column++, inject->expected_action, TRUE);
      peil_csv_append_cell (row, column++, inject->trainer_note, TRUE);
      g_string_append_printf (out, "%s\r\n", row->str);
    }

  return g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-csv"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-csv.h"
#include "peil-error.h"

/*
 * CSV with a header row, as spreadsheets and monitoring tools (Coosto,
 * OBI4wan) export it: comma, semicolon (Dutch Excel) or tab separated,
 * UTF-8 with or without BOM, or Windows-1252. Parsing is libcsv's (RFC
 * 4180, quoted fields over several lines). Lines in, the header and the
 * records with the line each starts on out, to a sink: the post import
 * (plugins/import-csv) and the exercise's scenario reader share it.
 */
struct _PeilCsvParser
{
  struct csv_parser  parser;
  PeilCsvSink       *sink;
  GPtrArray         *header;        /* column names */
  GPtrArray         *row;           /* fields of the record being read */
  guint64            line;          /* the line being fed */
  guint64            record_line;   /* where the current record started */
  gsize              record_bytes;  /* fed since then */
  gboolean           odd_quotes;    /* an odd number of quotes since then */
  GPtrArray         *record_lines;  /* the lines since then, to read again after a quote never closed */
  gboolean           skipping;      /* the rest of a record too large */
  GError            *error;         /* fatal: stop reading */
};

static void
on_field (void   *data,
          size_t  length,
          void   *user_data)
{
  PeilCsvParser *parser = user_data;

  g_ptr_array_add (parser->row, g_strndup (data ? data : "", length));
}

/* Exports write "Tweet ID, Tweet Text": a header is its name without the
 * spaces around it. */
static void
trim_all (GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    g_strstrip (g_ptr_array_index (names, i));
}

static void
on_record (int   terminator,
           void *user_data)
{
  PeilCsvParser *parser = user_data;

  if (parser->error == NULL)
    {
      if (parser->header == NULL)
        {
          trim_all (parser->row);
          parser->header = g_steal_pointer (&parser->row);
          parser->row = g_ptr_array_new_with_free_func (g_free);
          parser->sink->header (parser->sink, parser->header, parser->record_line, &parser->error);
        }
      else if (parser->row->len != parser->header->len)
        {
          g_autofree char *reason = g_strdup_printf (_("The row has %u columns, the header has %u"),
                                                     parser->row->len, parser->header->len);
          parser->sink->reject (parser->sink, parser->record_line, reason);
        }
      else
        parser->sink->record (parser->sink, parser->row, parser->record_line, &parser->error);
    }

  g_ptr_array_set_size (parser->row, 0);
  g_ptr_array_set_size (parser->record_lines, 0);
  parser->record_line = parser->line + 1;
  parser->record_bytes = 0;
  parser->odd_quotes = FALSE;
}

static unsigned char
guess_delimiter (const char *header_line)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (const char *p = header_line; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        {
          commas += *p == ',';
          semicolons += *p == ';';
          tabs += *p == '\t';
        }
    }

  if (tabs > commas && tabs > semicolons)
    return '\t';
  return semicolons > commas ? ';' : ',';
}

static gboolean
is_blank (const char *line)
{
  for (; *line; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

/* libcsv grows a field 128 bytes at a time unless told otherwise: a
 * 10 MB field took 100 s of copying under ASan. */
#define BLOCK_SIZE (64 * 1024)

/* Strict, so that libcsv stops where a quote closes a field and more text
 * follows before the separator ("Help!" roept de buurman): read on, it
 * takes the quote as text and the field as still open, and swallows the
 * rows after it. */
#define PARSER_OPTIONS (CSV_APPEND_NULL | CSV_STRICT)

static gboolean
reset_parser (PeilCsvParser  *parser,
              unsigned char   delimiter,
              GError        **error)
{
  if (csv_init (&parser->parser, PARSER_OPTIONS) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, g_strerror (ENOMEM));
      return FALSE;
    }
  csv_set_blk_size (&parser->parser, BLOCK_SIZE);
  csv_set_delim (&parser->parser, delimiter);
  return TRUE;
}

/**
 * peil_csv_parser_new: (skip)
 * @sink: where the header, records and rejections go; must outlive the
 *   parser
 *
 * Creates a streaming CSV parser that hands what it reads to @sink, line by
 * line, as peil_csv_parser_feed_line() gives it lines.
 *
 * Returns: (transfer full): a parser, or %NULL with @error set
 */
PeilCsvParser *
peil_csv_parser_new (PeilCsvSink  *sink,
                     GError      **error)
{
  g_autoptr(PeilCsvParser) parser = g_new0 (PeilCsvParser, 1);

  g_return_val_if_fail (sink != NULL, NULL);

  if (!reset_parser (parser, ',', error))
    {
      g_clear_pointer (&parser, g_free);
      return NULL;
    }
  parser->sink = sink;
  parser->row = g_ptr_array_new_with_free_func (g_free);
  parser->record_lines = g_ptr_array_new_with_free_func (g_free);
  parser->record_line = 1;
  return g_steal_pointer (&parser);
}

/**
 * peil_csv_parser_free:
 * @parser: (nullable): a parser
 *
 * Frees @parser and what it had read but not yet handed on; the sink is
 * the caller's and stays. Does nothing for %NULL.
 */
void
peil_csv_parser_free (PeilCsvParser *parser)
{
  if (parser == NULL)
    return;
  csv_free (&parser->parser);
  g_clear_pointer (&parser->header, g_ptr_array_unref);
  g_clear_pointer (&parser->row, g_ptr_array_unref);
  g_clear_pointer (&parser->record_lines, g_ptr_array_unref);
  g_clear_error (&parser->error);
  g_free (parser);
}

/**
 * peil_csv_parser_has_header:
 *
 * Tells whether the parser has handed the header row to its sink yet.
 *
 * Returns: whether the header row has been read
 */
gboolean
peil_csv_parser_has_header (PeilCsvParser *parser)
{
  return parser->header != NULL;
}

/* A record past PEIL_CSV_MAX_RECORD is rejected and the rest of it read
 * past without keeping it: it ends at a line end outside quotes. */
static gboolean
skip_overlong (PeilCsvParser  *parser,
               const char     *line,
               gsize           length,
               GError        **error)
{
  const char *quote = line;

  while ((quote = memchr (quote, '"', length - (quote - line))) != NULL)
    {
      parser->odd_quotes = !parser->odd_quotes;
      quote++;
    }

  if (!parser->skipping)
    {
      g_autofree char *reason = NULL;

      if (parser->header == NULL)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("The header row is larger than %u MB"), PEIL_CSV_MAX_RECORD >> 20);
          return FALSE;
        }
      reason = g_strdup_printf (_("The record is larger than %u MB"), PEIL_CSV_MAX_RECORD >> 20);
      parser->sink->reject (parser->sink, parser->record_line, reason);
      parser->skipping = TRUE;
      csv_free (&parser->parser);
      g_ptr_array_set_size (parser->row, 0);
      if (!reset_parser (parser, parser->parser.delim_char, error))
        return FALSE;
    }

  if (!parser->odd_quotes)
    {
      parser->skipping = FALSE;
      parser->record_line = parser->line + 1;
      parser->record_bytes = 0;
    }
  return TRUE;
}

typedef enum
{
  PARSED,
  PARSE_FAILED,
  TEXT_AFTER_QUOTE,
} ParseResult;

static ParseResult
parse (PeilCsvParser *self,
       const char    *data,
       size_t         length)
{
  struct csv_parser *parser = &self->parser;

  while (length > 0)
    {
      size_t parsed = csv_parse (parser, data, length, on_field, on_record, self);

      if (parsed == length)
        break;
      if (csv_error (parser) != CSV_EPARSE)
        return PARSE_FAILED;
      if (parser->quoted)
        return TEXT_AFTER_QUOTE;

      /* A quote inside a field that does not start with one (Hij zei
       * "kom"): strict mode stops there too, but it is plainly text. */
      csv_set_opts (parser, PARSER_OPTIONS & ~CSV_STRICT);
      csv_parse (parser, data + parsed, 1, on_field, on_record, self);
      csv_set_opts (parser, PARSER_OPTIONS);
      parser->status = 0;
      data += parsed + 1;
      length -= parsed + 1;
    }
  return PARSED;
}

/* Rejects the record being read, with the rest of its line, and reads
 * the rows after it as records of their own. */
static gboolean
drop_record (PeilCsvParser  *parser,
             guint64         line_number,
             const char     *reason,
             GError        **error)
{
  parser->sink->reject (parser->sink, parser->record_line, reason);
  csv_free (&parser->parser);
  if (!reset_parser (parser, parser->parser.delim_char, error))
    return FALSE;
  g_ptr_array_set_size (parser->row, 0);
  g_ptr_array_set_size (parser->record_lines, 0);
  parser->record_line = line_number + 1;
  parser->record_bytes = 0;
  parser->odd_quotes = FALSE;
  return TRUE;
}

/* A zero byte would end the field in C, the rest of it silently lost. In
 * the header it means the file is not UTF-8 (nor Windows-1252) text,
 * mostly UTF-16, as Excel's "Unicode text" saves it. */
static gboolean
refuse_nul (PeilCsvParser  *parser,
            const char     *line,
            gsize           length,
            guint64         line_number,
            GError        **error)
{
  if (parser->header == NULL)
    {
      if (line_number == 1 && length >= 2 &&
          ((line[0] == '\xFF' && line[1] == '\xFE') || (line[0] == '\xFE' && line[1] == '\xFF')))
        g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                             _("The file is UTF-16 text, which Peil does not read; save it as “CSV UTF-8” and import that"));
      else
        g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                             _("The header row holds the character NUL (a zero byte): the file is not UTF-8 text. "
                               "Save it as “CSV UTF-8” and import that"));
      return FALSE;
    }
  return drop_record (parser, line_number,
                      _("The record holds the character NUL (a zero byte), which would cut its text short"),
                      error);
}

/**
 * peil_csv_parser_feed_line:
 * @line: (transfer none): one line of the file without its end; changed
 * @line_length: its length in bytes, zero bytes in it counted, or -1
 *   when it ends at its first zero byte
 * @line_number: counting from 1, for messages
 *
 * Gives the parser the next line of a file. The first line decides the
 * delimiter, a line that is not UTF-8 is read as Windows-1252, and a record
 * whose quoted field spans lines reaches the sink once its last line is fed.
 * The parser may change @line in place.
 *
 * Returns: %FALSE with @error set when reading must stop: the file is no
 *   CSV, or the sink stopped
 */
gboolean
peil_csv_parser_feed_line (PeilCsvParser  *parser,
                           char           *line,
                           gssize          line_length,
                           guint64         line_number,
                           GError        **error)
{
  g_autofree char *converted = NULL;
  gsize length;

  parser->line = line_number;
  if (line_length >= 0 && memchr (line, '\0', line_length) != NULL && !parser->skipping)
    return refuse_nul (parser, line, line_length, line_number, error);
  if (line_number == 1)
    {
      if (g_str_has_prefix (line, "\xEF\xBB\xBF"))
        memmove (line, line + 3, strlen (line + 3) + 1);
      csv_set_delim (&parser->parser, guess_delimiter (line));
    }

  /* Excel on Windows writes Windows-1252 unless told otherwise. */
  if (!g_utf8_validate (line, -1, NULL))
    {
      if (!(converted = g_convert (line, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL)))
        {
          parser->sink->reject (parser->sink, line_number, _("The line is not readable text"));
          parser->record_line = line_number + 1;
          return TRUE;
        }
      line = converted;
    }
  length = strlen (line);

  /* Blank lines between records are no records. */
  if (parser->row->len == 0 && parser->record_line == line_number && !parser->skipping && is_blank (line))
    {
      parser->record_line++;
      return TRUE;
    }

  parser->record_bytes += length + 1;
  if (parser->skipping || parser->record_bytes > PEIL_CSV_MAX_RECORD)
    return skip_overlong (parser, line, length, error);

  for (const char *quote = line; (quote = strchr (quote, '"')) != NULL; quote++)
    parser->odd_quotes = !parser->odd_quotes;
  g_ptr_array_add (parser->record_lines, g_strdup (line));

  switch (parse (parser, line, length))
    {
    case PARSED:
      if (parse (parser, "\n", 1) == PARSED)
        break;
      G_GNUC_FALLTHROUGH;
    case PARSE_FAILED:
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Line %llu could not be read as CSV: %s"),
                   (unsigned long long)line_number, csv_strerror (csv_error (&parser->parser)));
      return FALSE;
    case TEXT_AFTER_QUOTE:
      return drop_record (parser, line_number,
                          _("A quote ends a field but more text follows it before the next separator; "
                            "a field with quotes in it must be quoted whole, with its quotes doubled"),
                          error);
    }

  if (parser->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parser->error));
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_csv_parser_feed_data:
 * @data: (array length=length): the file's text, or its start
 * @whole: whether @data is the whole file; if not, its last line may be
 *   cut off and is not read
 *
 * Feeds @data line by line, its lines ending in \n, \r\n or \r, as
 * peil_gather_job_read_line() reads a file. Call
 * peil_csv_parser_finish() after it for the last record.
 *
 * Returns: %FALSE with @error set as peil_csv_parser_feed_line() does
 */
gboolean
peil_csv_parser_feed_data (PeilCsvParser  *parser,
                           const char     *data,
                           gsize           length,
                           gboolean        whole,
                           GError        **error)
{
  g_autofree char *text = g_malloc (length + 1);
  char *line = text;
  char *stop = text + length;
  guint64 number = parser->line;

  /* Lines with their lengths: a zero byte in one is not its end. An
   * empty file's data may be NULL. */
  if (length > 0)
    memcpy (text, data, length);
  text[length] = '\0';

  while (line < stop)
    {
      char *end = line;
      char *next;

      while (end < stop && *end != '\r' && *end != '\n')
        end++;
      if (end == stop && !whole)
        break;
      if (end == stop)
        next = stop;
      else
        next = end + (end[0] == '\r' && end + 1 < stop && end[1] == '\n' ? 2 : 1);
      *end = '\0';
      if (!peil_csv_parser_feed_line (parser, line, end - line, ++number, error))
        return FALSE;
      line = next;
    }
  return TRUE;
}

/**
 * peil_csv_parser_finish:
 *
 * Reads the last record, also when the file does not end in a line end.
 *
 * Returns: %FALSE with @error set as peil_csv_parser_feed_line() does,
 *   or when the file had no header row
 */
gboolean
peil_csv_parser_finish (PeilCsvParser  *parser,
                        GError        **error)
{
  /* A quote opened and never closed took every line after it into one
   * field: that record is rejected and the lines after its first are
   * read again as records of their own. */
  while (!parser->skipping && parser->odd_quotes && parser->header != NULL && parser->record_lines->len > 0)
    {
      g_autoptr(GPtrArray) lines = g_steal_pointer (&parser->record_lines);
      guint64 first = parser->record_line;

      parser->sink->reject (parser->sink, first, _("A quote opened in this record is never closed; "
                                                   "the lines after its first were read again"));
      csv_free (&parser->parser);
      if (!reset_parser (parser, parser->parser.delim_char, error))
        return FALSE;
      parser->record_lines = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_set_size (parser->row, 0);
      parser->record_line = first + 1;
      parser->record_bytes = 0;
      parser->odd_quotes = FALSE;
      for (guint i = 1; i < lines->len; i++)
        if (!peil_csv_parser_feed_line (parser, g_ptr_array_index (lines, i), -1, first + i, error))
          return FALSE;
    }

  if (!parser->skipping)
    csv_fini (&parser->parser, on_field, on_record, parser);

  if (parser->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parser->error));
      return FALSE;
    }
  if (parser->header == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The file is empty: it has no header row"));
      return FALSE;
    }
  return TRUE;
}

static char *
normalize_header (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  return g_utf8_casefold (stripped, -1);
}

/**
 * peil_csv_find_column:
 * @header: (element-type utf8): the column names
 *
 * Finds a column in a CSV header by name, tolerant of the case and the spacing
 * that spreadsheets add.
 *
 * Returns: the position of the column named @name, compared without case
 *   and the spaces around it, or -1
 */
int
peil_csv_find_column (GPtrArray  *header,
                      const char *name)
{
  g_autofree char *wanted = normalize_header (name);

  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *column = normalize_header (g_ptr_array_index (header, i));
      if (g_str_equal (column, wanted))
        return i;
    }
  return -1;
}

/**
 * peil_csv_list_columns:
 * @header: (element-type utf8): the column names as read
 *
 * Lists a header's column names, quoted, for an error message that tells the
 * user which columns the file has.
 *
 * Returns: (transfer full): the column names for a message: “a”, “b”
 */
char *
peil_csv_list_columns (GPtrArray *header)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < header->len; i++)
    g_string_append_printf (list, "%s“%s”", i > 0 ? ", " : "", (char *)g_ptr_array_index (header, i));
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/**
 * peil_csv_map_columns:
 * @header: (element-type utf8): the column names
 * @fields: (array length=n_fields): the fields and the names of the
 *   columns that hold them
 * @map: (nullable) (element-type utf8 utf8): field key → column name,
 *   which wins over a recognised name; an empty name reads the field from
 *   no column
 * @columns: (out caller-allocates) (array length=n_fields): per field,
 *   the position of its column or -1
 *
 * Finds, for each of @fields, the column that holds it: first the column that
 * @map gives for it, else the first of the field's known names that the header
 * has.
 *
 * Returns: %FALSE with @error set when @map names a field that is not in
 *   @fields or a column the header does not have
 */
gboolean
peil_csv_map_columns (GPtrArray          *header,
                      const PeilCsvField *fields,
                      guint               n_fields,
                      GHashTable         *map,
                      int                *columns,
                      GError            **error)
{
  GHashTableIter iter;
  gpointer key, value;

  for (guint f = 0; f < n_fields; f++)
    {
      g_auto(GStrv) names = g_strsplit (fields[f].names, "|", 0);

      columns[f] = -1;
      for (guint k = 0; names[k] != NULL && columns[f] < 0; k++)
        columns[f] = peil_csv_find_column (header, names[k]);
    }

  if (map == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint f;

      for (f = 0; f < n_fields && !g_str_equal (key, fields[f].key); f++)
        ;
      if (f == n_fields)
        {
          g_autoptr(GString) keys = g_string_new (NULL);

          for (guint k = 0; k < n_fields; k++)
            g_string_append_printf (keys, "%s%s", k > 0 ? ", " : "", fields[k].key);
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("Unknown field “%s”; the fields are %s"), (char *)key, keys->str);
          return FALSE;
        }

      if (*(const char *)value == '\0')
        columns[f] = -1;
      else if ((columns[f] = peil_csv_find_column (header, value)) < 0)
        {
          g_autofree char *list = peil_csv_list_columns (header);
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("The file has no column “%s”; its columns are %s"), (char *)value, list);
          return FALSE;
        }
    }
  return TRUE;
}

/* A spreadsheet takes a cell that starts like this for a formula. */
static gboolean
looks_like_formula (const char *value)
{
  return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

/* Text that starts with an apostrophe gets one more too, so that taking
 * one off (peil_csv_unneutralize()) gives back exactly what was written. */
static gboolean
needs_neutralizing (const char *value)
{
  return looks_like_formula (value) || value[0] == '\'';
}

/**
 * peil_csv_unneutralize:
 * @cell: a cell of a file written by peil_csv_append_cell() with
 *   @neutralize
 *
 * Undoes the protection against formula injection that Peil puts on cells it
 * exports, so that re-importing such a file gives the original text.
 *
 * Returns: (transfer none): @cell as it was before it was neutralized: the
 *   leading apostrophe taken off again
 */
const char *
peil_csv_unneutralize (const char *cell)
{
  g_return_val_if_fail (cell != NULL, NULL);

  return cell[0] == '\'' && needs_neutralizing (cell + 1) ? cell + 1 : cell;
}

/**
 * peil_csv_append_cell:
 * @row: the row being written
 * @column: the cell's place in its row, from 0: a separator goes before
 *   every cell but the first
 * @value: (nullable): the cell's text; %NULL writes an empty cell
 * @neutralize: put a ' before text a spreadsheet would run as a formula
 *   (=, +, -, @): for text from the public
 *
 * Writes one cell quoted, its quotes doubled, as libcsv does.
 */
void
peil_csv_append_cell (GString    *row,
                      guint       column,
                      const char *value,
                      gboolean    neutralize)
{
  g_autofree char *neutralized = NULL;
  gsize length, needed, start;

  if (column > 0)
    g_string_append_c (row, ',');
  if (value == NULL)
    return;

  if (neutralize && needs_neutralizing (value))
    value = neutralized = g_strconcat ("'", value, NULL);

  length = strlen (value);
  needed = csv_write (NULL, 0, value, length);
  start = row->len;
  g_string_set_size (row, start + needed);
  csv_write (row->str + start, needed, value, length);
}

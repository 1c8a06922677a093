/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-csv"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-csv-parse.h"

/*
 * CSV with a header row, as spreadsheets and monitoring tools (Coosto,
 * OBI4wan) export it: comma, semicolon (Dutch Excel) or tab separated,
 * UTF-8 with or without BOM, or Windows-1252. Columns are mapped onto
 * Peil's fields by the options "map.FIELD" = column name, or else
 * recognised by their usual Dutch and English names. Parsing is libcsv's
 * (RFC 4180, quoted fields over several lines). Lines in, posts and
 * rejections to a sink: apart from the file reading so that the fuzz
 * target runs it alone.
 */
#define MAPPER "csv/1"

typedef enum
{
  FIELD_ID,
  FIELD_TIME,
  FIELD_AUTHOR,
  FIELD_HANDLE,
  FIELD_TEXT,
  FIELD_URL,
  FIELD_SOURCE,
  FIELD_LANGUAGE,
  N_FIELDS
} Field;

static const char *field_names[N_FIELDS] = {
  "id", "time", "author", "handle", "text", "url", "source", "language",
};

/* The order a person is asked in: what matters most first. */
static const Field asked_order[N_FIELDS] = {
  FIELD_TEXT, FIELD_TIME, FIELD_AUTHOR, FIELD_HANDLE, FIELD_ID, FIELD_URL, FIELD_SOURCE, FIELD_LANGUAGE,
};

static const char *
field_label (Field field)
{
  switch (field)
    {
    case FIELD_ID: return _("Id of the post");
    case FIELD_TIME: return _("Time posted");
    case FIELD_AUTHOR: return _("Author’s name");
    case FIELD_HANDLE: return _("Author’s handle");
    case FIELD_TEXT: return _("Text of the post");
    case FIELD_URL: return _("Link to the post");
    case FIELD_SOURCE: return _("Channel (platform)");
    case FIELD_LANGUAGE: return _("Language");
    case N_FIELDS:
    default: g_assert_not_reached ();
    }
}

/* Header names recognised per field, compared without case. */
static const char *known_headers[N_FIELDS][12] = {
  [FIELD_ID] = { "id", "post id", "post_id", "bericht id", "bericht-id", "message id", "guid", NULL },
  [FIELD_TIME] = { "datum", "date", "tijd", "time", "datum/tijd", "datum tijd", "datetime", "timestamp",
                   "created_at", "published", "publicatiedatum", NULL },
  [FIELD_AUTHOR] = { "auteur", "author", "naam", "name", "afzender", "author name", NULL },
  [FIELD_HANDLE] = { "handle", "gebruikersnaam", "username", "screen_name", "account", NULL },
  [FIELD_TEXT] = { "bericht", "tekst", "text", "message", "content", "inhoud", "body", "berichttekst", NULL },
  [FIELD_URL] = { "url", "link", "permalink", NULL },
  [FIELD_SOURCE] = { "kanaal", "bron", "platform", "source", "medium", "channel", NULL },
  [FIELD_LANGUAGE] = { "taal", "language", "lang", NULL },
};

struct _PeilCsvReader
{
  struct csv_parser  parser;
  GHashTable        *options;
  PeilPostSink      *sink;
  GPtrArray         *header;        /* column names */
  GPtrArray         *row;           /* fields of the record being read */
  int                columns[N_FIELDS];
  const char        *default_source;
  guint64            line;          /* the line being fed */
  guint64            record_line;   /* where the current record started */
  gsize              record_bytes;  /* fed since then */
  gboolean           odd_quotes;    /* an odd number of quotes since then */
  GPtrArray         *record_lines;  /* the lines since then, to read again after a quote never closed */
  gboolean           skipping;      /* the rest of a record too large */
  GPtrArray         *preview_rows;  /* a preview keeps the first records as they are */
  guint              max_rows;
  GError            *error;         /* fatal: stop reading */
};

static void
on_field (void   *data,
          size_t  length,
          void   *user_data)
{
  PeilCsvReader *reader = user_data;

  g_ptr_array_add (reader->row, g_strndup (data ? data : "", length));
}

static char *
normalize_header (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  return g_utf8_casefold (stripped, -1);
}

static int
find_column (GPtrArray  *header,
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

static char *
list_columns (GPtrArray *header)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < header->len; i++)
    g_string_append_printf (list, "%s“%s”", i > 0 ? ", " : "", (char *)g_ptr_array_index (header, i));
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* The columns whose names say which field they hold. */
static void
recognise_columns (GPtrArray *header,
                   int        columns[N_FIELDS])
{
  for (guint f = 0; f < N_FIELDS; f++)
    {
      columns[f] = -1;
      for (guint k = 0; known_headers[f][k] != NULL && columns[f] < 0; k++)
        columns[f] = find_column (header, known_headers[f][k]);
    }
}

static gboolean
map_columns (PeilCsvReader  *reader,
             GError        **error)
{
  GHashTableIter iter;
  gpointer key, value;

  recognise_columns (reader->header, reader->columns);

  /* Explicit mappings win over recognised names. */
  g_hash_table_iter_init (&iter, reader->options);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *field = key;
      guint f;

      if (!g_str_has_prefix (field, "map."))
        continue;
      field += strlen ("map.");

      for (f = 0; f < N_FIELDS && !g_str_equal (field, field_names[f]); f++)
        ;
      if (f == N_FIELDS)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("Unknown field “%s”; the fields are id, time, author, handle, text, url, source and language"),
                       field);
          return FALSE;
        }

      /* An empty choice reads the field from no column. */
      if (*(const char *)value == '\0')
        reader->columns[f] = -1;
      else if ((reader->columns[f] = find_column (reader->header, value)) < 0)
        {
          g_autofree char *columns = list_columns (reader->header);
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("The file has no column “%s”; its columns are %s"), (char *)value, columns);
          return FALSE;
        }
    }

  if (reader->columns[FIELD_TEXT] < 0)
    {
      g_autofree char *columns = list_columns (reader->header);
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("No column holds the text of the posts; name it with --map text=COLUMN. "
                     "The columns are %s"), columns);
      return FALSE;
    }

  return TRUE;
}

static const char *
row_value (PeilCsvReader *reader,
           Field   field)
{
  int column = reader->columns[field];
  const char *value;

  if (column < 0 || (guint)column >= reader->row->len)
    return NULL;
  value = g_ptr_array_index (reader->row, column);
  return *value ? value : NULL;
}

static char *
row_to_json (PeilCsvReader *reader)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < reader->header->len && i < reader->row->len; i++)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (reader->header, i));
      json_builder_add_string_value (builder, g_ptr_array_index (reader->row, i));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
take_row (PeilCsvReader *reader)
{
  g_autoptr(PeilPost) post = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *source = NULL;
  const char *text, *time;
  gint64 created_at = 0;

  if (reader->row->len != reader->header->len)
    {
      g_autofree char *reason = g_strdup_printf (_("The row has %u columns, the header has %u"),
                                                 reader->row->len, reader->header->len);
      peil_post_sink_reject (reader->sink, reader->record_line, reason);
      return;
    }

  if ((text = row_value (reader, FIELD_TEXT)) == NULL || !*g_strstrip ((char *)text))
    {
      peil_post_sink_reject (reader->sink, reader->record_line, _("The text is empty"));
      return;
    }

  if ((time = row_value (reader, FIELD_TIME)) != NULL && !peil_time_parse (time, NULL, &created_at))
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” is not a date or time"), time);
      peil_post_sink_reject (reader->sink, reader->record_line, reason);
      return;
    }

  source = g_strstrip (g_utf8_strdown (row_value (reader, FIELD_SOURCE) ?: reader->default_source, -1));
  post = peil_post_new (*source ? source : "csv", row_value (reader, FIELD_ID));
  peil_post_set_text (post, text);
  peil_post_set_created_at (post, created_at);
  peil_post_set_author_name (post, row_value (reader, FIELD_AUTHOR));
  peil_post_set_author_handle (post, row_value (reader, FIELD_HANDLE));
  peil_post_set_url (post, row_value (reader, FIELD_URL));
  peil_post_set_language (post, row_value (reader, FIELD_LANGUAGE));
  raw = row_to_json (reader);
  peil_post_set_raw (post, raw, MAPPER);

  reader->sink->add_post (reader->sink, post, reader->record_line, &reader->error);
}

/* Exports write "Tweet ID, Tweet Text": a header is its name without the
 * spaces around it, in the raw payload too. */
static void
trim_all (GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    g_strstrip (g_ptr_array_index (names, i));
}

static void
keep_preview_row (PeilCsvReader *reader)
{
  GPtrArray *values = g_ptr_array_new_null_terminated (reader->row->len, g_free, TRUE);

  if (reader->preview_rows->len >= reader->max_rows)
    return;
  for (guint i = 0; i < reader->row->len; i++)
    g_ptr_array_add (values, g_strdup (g_ptr_array_index (reader->row, i)));
  g_ptr_array_add (reader->preview_rows, values);
}

static void
on_record (int   terminator,
           void *user_data)
{
  PeilCsvReader *reader = user_data;

  if (reader->error == NULL)
    {
      if (reader->header == NULL)
        {
          trim_all (reader->row);
          reader->header = g_steal_pointer (&reader->row);
          reader->row = g_ptr_array_new_with_free_func (g_free);
          if (reader->preview_rows == NULL)
            map_columns (reader, &reader->error);
        }
      else if (reader->preview_rows != NULL)
        keep_preview_row (reader);
      else
        take_row (reader);
    }

  g_ptr_array_set_size (reader->row, 0);
  g_ptr_array_set_size (reader->record_lines, 0);
  reader->record_line = reader->line + 1;
  reader->record_bytes = 0;
  reader->odd_quotes = FALSE;
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
reset_parser (PeilCsvReader  *reader,
              unsigned char   delimiter,
              GError        **error)
{
  if (csv_init (&reader->parser, PARSER_OPTIONS) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, g_strerror (ENOMEM));
      return FALSE;
    }
  csv_set_blk_size (&reader->parser, BLOCK_SIZE);
  csv_set_delim (&reader->parser, delimiter);
  return TRUE;
}

/**
 * peil_csv_reader_new:
 * @options: the job's options: "map.FIELD" = column, "source"
 * @sink: where posts and rejections go; must outlive the reader
 *
 * Returns: (transfer full): a reader, or %NULL with @error set
 */
PeilCsvReader *
peil_csv_reader_new (GHashTable    *options,
                     PeilPostSink  *sink,
                     GError       **error)
{
  g_autoptr(PeilCsvReader) reader = g_new0 (PeilCsvReader, 1);

  if (!reset_parser (reader, ',', error))
    {
      g_clear_pointer (&reader, g_free);
      return NULL;
    }
  reader->options = g_hash_table_ref (options);
  reader->sink = sink;
  reader->row = g_ptr_array_new_with_free_func (g_free);
  reader->record_lines = g_ptr_array_new_with_free_func (g_free);
  reader->default_source = g_hash_table_lookup (options, "source") ?: "csv";
  reader->record_line = 1;
  return g_steal_pointer (&reader);
}

void
peil_csv_reader_free (PeilCsvReader *reader)
{
  csv_free (&reader->parser);
  g_clear_pointer (&reader->options, g_hash_table_unref);
  g_clear_pointer (&reader->header, g_ptr_array_unref);
  g_clear_pointer (&reader->row, g_ptr_array_unref);
  g_clear_pointer (&reader->record_lines, g_ptr_array_unref);
  g_clear_pointer (&reader->preview_rows, g_ptr_array_unref);
  g_clear_error (&reader->error);
  g_free (reader);
}

/* A record past PEIL_CSV_MAX_RECORD is rejected and the rest of it read
 * past without keeping it: it ends at a line end outside quotes. */
static gboolean
skip_overlong (PeilCsvReader  *reader,
               const char     *line,
               gsize           length,
               GError        **error)
{
  const char *quote = line;

  while ((quote = memchr (quote, '"', length - (quote - line))) != NULL)
    {
      reader->odd_quotes = !reader->odd_quotes;
      quote++;
    }

  if (!reader->skipping)
    {
      g_autofree char *reason = NULL;

      if (reader->header == NULL)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("The header row is larger than %u MB"), PEIL_CSV_MAX_RECORD >> 20);
          return FALSE;
        }
      reason = g_strdup_printf (_("The record is larger than %u MB"), PEIL_CSV_MAX_RECORD >> 20);
      peil_post_sink_reject (reader->sink, reader->record_line, reason);
      reader->skipping = TRUE;
      csv_free (&reader->parser);
      g_ptr_array_set_size (reader->row, 0);
      if (!reset_parser (reader, reader->parser.delim_char, error))
        return FALSE;
    }

  if (!reader->odd_quotes)
    {
      reader->skipping = FALSE;
      reader->record_line = reader->line + 1;
      reader->record_bytes = 0;
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
parse (PeilCsvReader *reader,
       const char    *data,
       size_t         length)
{
  struct csv_parser *parser = &reader->parser;

  while (length > 0)
    {
      size_t parsed = csv_parse (parser, data, length, on_field, on_record, reader);

      if (parsed == length)
        break;
      if (csv_error (parser) != CSV_EPARSE)
        return PARSE_FAILED;
      if (parser->quoted)
        return TEXT_AFTER_QUOTE;

      /* A quote inside a field that does not start with one (Hij zei
       * "kom"): strict mode stops there too, but it is plainly text. */
      csv_set_opts (parser, PARSER_OPTIONS & ~CSV_STRICT);
      csv_parse (parser, data + parsed, 1, on_field, on_record, reader);
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
drop_record (PeilCsvReader  *reader,
             guint64         line_number,
             const char     *reason,
             GError        **error)
{
  peil_post_sink_reject (reader->sink, reader->record_line, reason);
  csv_free (&reader->parser);
  if (!reset_parser (reader, reader->parser.delim_char, error))
    return FALSE;
  g_ptr_array_set_size (reader->row, 0);
  g_ptr_array_set_size (reader->record_lines, 0);
  reader->record_line = line_number + 1;
  reader->record_bytes = 0;
  reader->odd_quotes = FALSE;
  return TRUE;
}

/* A zero byte would end the field in C, the rest of it silently lost. In
 * the header it means the file is not UTF-8 (nor Windows-1252) text,
 * mostly UTF-16, as Excel's "Unicode text" saves it. */
static gboolean
refuse_nul (PeilCsvReader  *reader,
            const char     *line,
            gsize           length,
            guint64         line_number,
            GError        **error)
{
  if (reader->header == NULL)
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
  return drop_record (reader, line_number,
                      _("The record holds the character NUL (a zero byte), which would cut its text short"),
                      error);
}

/**
 * peil_csv_reader_feed_line:
 * @line: (transfer none): one line of the file without its end; changed
 * @line_length: its length in bytes, zero bytes in it counted, or -1
 *   when it ends at its first zero byte
 * @line_number: counting from 1, for messages
 *
 * Returns: %FALSE with @error set when reading must stop: the file is no
 *   CSV Peil can map, or the sink stopped
 */
gboolean
peil_csv_reader_feed_line (PeilCsvReader  *reader,
                           char           *line,
                           gssize          line_length,
                           guint64         line_number,
                           GError        **error)
{
  g_autofree char *converted = NULL;
  gsize length;

  reader->line = line_number;
  if (line_length >= 0 && memchr (line, '\0', line_length) != NULL && !reader->skipping)
    return refuse_nul (reader, line, line_length, line_number, error);
  if (line_number == 1)
    {
      if (g_str_has_prefix (line, "\xEF\xBB\xBF"))
        memmove (line, line + 3, strlen (line + 3) + 1);
      csv_set_delim (&reader->parser, guess_delimiter (line));
    }

  /* Excel on Windows writes Windows-1252 unless told otherwise. */
  if (!g_utf8_validate (line, -1, NULL))
    {
      if (!(converted = g_convert (line, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL)))
        {
          peil_post_sink_reject (reader->sink, line_number, _("The line is not readable text"));
          reader->record_line = line_number + 1;
          return TRUE;
        }
      line = converted;
    }
  length = strlen (line);

  /* Blank lines between records are no records. */
  if (reader->row->len == 0 && reader->record_line == line_number && !reader->skipping && is_blank (line))
    {
      reader->record_line++;
      return TRUE;
    }

  reader->record_bytes += length + 1;
  if (reader->skipping || reader->record_bytes > PEIL_CSV_MAX_RECORD)
    return skip_overlong (reader, line, length, error);

  for (const char *quote = line; (quote = strchr (quote, '"')) != NULL; quote++)
    reader->odd_quotes = !reader->odd_quotes;
  g_ptr_array_add (reader->record_lines, g_strdup (line));

  switch (parse (reader, line, length))
    {
    case PARSED:
      if (parse (reader, "\n", 1) == PARSED)
        break;
      G_GNUC_FALLTHROUGH;
    case PARSE_FAILED:
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Line %llu could not be read as CSV: %s"),
                   (unsigned long long)line_number, csv_strerror (csv_error (&reader->parser)));
      return FALSE;
    case TEXT_AFTER_QUOTE:
      return drop_record (reader, line_number,
                          _("A quote ends a field but more text follows it before the next separator; "
                            "a field with quotes in it must be quoted whole, with its quotes doubled"),
                          error);
    }

  if (reader->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_csv_reader_finish:
 *
 * Reads the last record, also when the file does not end in a line end.
 *
 * Returns: %FALSE with @error set as peil_csv_reader_feed_line() does, or
 *   when the file had no header row
 */
gboolean
peil_csv_reader_finish (PeilCsvReader  *reader,
                        GError        **error)
{
  /* A quote opened and never closed took every line after it into one
   * field: that record is rejected and the lines after its first are
   * read again as records of their own. */
  while (!reader->skipping && reader->odd_quotes && reader->header != NULL && reader->record_lines->len > 0)
    {
      g_autoptr(GPtrArray) lines = g_steal_pointer (&reader->record_lines);
      guint64 first = reader->record_line;

      peil_post_sink_reject (reader->sink, first, _("A quote opened in this record is never closed; "
                                                     "the lines after its first were read again"));
      csv_free (&reader->parser);
      if (!reset_parser (reader, reader->parser.delim_char, error))
        return FALSE;
      reader->record_lines = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_set_size (reader->row, 0);
      reader->record_line = first + 1;
      reader->record_bytes = 0;
      reader->odd_quotes = FALSE;
      for (guint i = 1; i < lines->len; i++)
        if (!peil_csv_reader_feed_line (reader, g_ptr_array_index (lines, i), -1, first + i, error))
          return FALSE;
    }

  if (!reader->skipping)
    csv_fini (&reader->parser, on_field, on_record, reader);

  if (reader->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return FALSE;
    }
  if (reader->header == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The file is empty: it has no header row"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ignore_post (PeilPostSink  *sink,
             PeilPost      *post,
             guint64        position,
             GError       **error)
{
  return TRUE;
}

static void
ignore_rejection (PeilPostSink *sink,
                  guint64       position,
                  const char   *reason)
{
}

/**
 * peil_csv_preview:
 * @data: the start of the file
 * @whole: whether @data is the whole file, or its last line may be cut
 * @max_rows: how many records after the header to show at most
 *
 * The file's columns (trimmed), its first records parsed as an import
 * parses them, and for each of Peil's fields the column whose name says it
 * holds it: for a person to name the columns before importing. What
 * cannot be read is left out of the preview; the import reports it.
 *
 * Returns: (transfer full): the preview, or %NULL with @error set when
 *   @data has no header row
 */
PeilSourcePreview *
peil_csv_preview (const char  *data,
                  gsize        length,
                  gboolean     whole,
                  guint        max_rows,
                  GError     **error)
{
  static PeilPostSink nowhere = { ignore_post, ignore_rejection, NULL };
  g_autoptr(GHashTable) no_options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PeilCsvReader) reader = peil_csv_reader_new (no_options, &nowhere, error);
  g_autoptr(PeilSourcePreview) preview = NULL;
  g_autofree char *text = g_malloc (length + 1);
  g_autoptr(GError) feed_error = NULL;
  int columns[N_FIELDS];
  guint64 number = 0;
  char *line = text;
  char *stop = text + length;

  if (reader == NULL)
    return NULL;
  reader->preview_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  reader->max_rows = max_rows;
  /* Lines with their lengths: a zero byte in one is not its end. */
  memcpy (text, data, length);
  text[length] = '\0';

  while (reader->preview_rows->len < max_rows && line < stop)
    {
      char *end = line;
      char *next;

      while (end < stop && *end != '\r' && *end != '\n')
        end++;
      /* Unless @data is the whole file, its last line may be cut off. */
      if (end == stop && !whole)
        break;
      if (end == stop)
        next = stop;
      else
        next = end + (end[0] == '\r' && end + 1 < stop && end[1] == '\n' ? 2 : 1);
      *end = '\0';
      if (!peil_csv_reader_feed_line (reader, line, end - line, ++number, &feed_error))
        break;
      line = next;
    }
  if (whole && reader->error == NULL && !reader->skipping)
    csv_fini (&reader->parser, on_field, on_record, reader);

  if (reader->header == NULL)
    {
      if (feed_error != NULL)
        g_propagate_error (error, g_steal_pointer (&feed_error));
      else
        g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The file is empty: it has no header row"));
      return NULL;
    }

  g_ptr_array_add (reader->header, NULL);
  preview = peil_source_preview_new ((const char * const *)reader->header->pdata);
  g_ptr_array_set_size (reader->header, reader->header->len - 1);
  for (guint i = 0; i < reader->preview_rows->len; i++)
    peil_source_preview_add_row (preview, (const char * const *)((GPtrArray *)g_ptr_array_index (reader->preview_rows, i))->pdata);

  recognise_columns (reader->header, columns);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      Field field = asked_order[i];

      peil_source_preview_add_field (preview, field_names[field], field_label (field),
                                     columns[field] >= 0 ? g_ptr_array_index (reader->header, columns[field]) : NULL,
                                     field == FIELD_TEXT);
    }
  return g_steal_pointer (&preview);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-csv-parse.h"

/*
 * CSV rows as posts. The core's PeilCsvParser reads the file (separators,
 * encodings, quotes; see peil-csv.c); here its columns are mapped onto
 * Peil's fields by the options "map.FIELD" = column name, or else
 * recognised by their usual Dutch and English names. Lines in, posts and
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
  FIELD_OFF_TOPIC,
  N_FIELDS
} Field;

/* Each field's key and the header names recognised for it. */
static const PeilCsvField fields[N_FIELDS] = {
  [FIELD_ID] = { "id", "id|post id|post_id|bericht id|bericht-id|message id|guid" },
  [FIELD_TIME] = { "time", "datum|date|tijd|time|datum/tijd|datum tijd|datetime|timestamp|"
                           "created_at|published|publicatiedatum" },
  [FIELD_AUTHOR] = { "author", "auteur|author|naam|name|afzender|author name" },
  [FIELD_HANDLE] = { "handle", "handle|gebruikersnaam|username|screen_name|account" },
  [FIELD_TEXT] = { "text", "bericht|tekst|text|message|content|inhoud|body|berichttekst" },
  [FIELD_URL] = { "url", "url|link|permalink" },
  [FIELD_SOURCE] = { "source", "kanaal|bron|platform|source|medium|channel" },
  [FIELD_LANGUAGE] = { "language", "taal|language|lang" },
  /* Peil's own CSV export writes it; the NDJSON import reads it too. */
  [FIELD_OFF_TOPIC] = { "off_topic", "off_topic|off-topic" },
};

/* The order a person is asked in: what matters most first. The off-topic
 * mark is not asked: only a file Peil wrote has it, under its own name. */
static const Field asked_order[] = {
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
    case FIELD_OFF_TOPIC:
    case N_FIELDS:
    default: g_assert_not_reached ();
    }
}

struct _PeilCsvReader
{
  PeilCsvSink        csv;           /* first: the parser's callbacks reach the reader */
  PeilCsvParser     *parser;
  GHashTable        *options;
  PeilPostSink      *sink;
  GPtrArray         *header;        /* column names */
  int                columns[N_FIELDS];
  const char        *default_source;
  gboolean           peil_export;   /* written by Peil's CSV export: its cells were neutralized */
  GPtrArray         *preview_rows;  /* a preview keeps the first records as they are */
  guint              max_rows;
};

static gboolean
map_columns (PeilCsvReader  *reader,
             GError        **error)
{
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  /* Explicit mappings win over recognised names. */
  g_hash_table_iter_init (&iter, reader->options);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, "map."))
      g_hash_table_insert (map, (char *)key + strlen ("map."), value);

  if (!peil_csv_map_columns (reader->header, fields, N_FIELDS, map, reader->columns, error))
    return FALSE;

  if (reader->columns[FIELD_TEXT] < 0)
    {
      g_autofree char *columns = peil_csv_list_columns (reader->header);
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("No column holds the text of the posts; name it with --map text=COLUMN. "
                     "The columns are %s"), columns);
      return FALSE;
    }

  return TRUE;
}

static const char *
row_value (PeilCsvReader *reader,
           GPtrArray     *row,
           Field          field)
{
  int column = reader->columns[field];
  const char *value;

  if (column < 0 || (guint)column >= row->len)
    return NULL;
  value = g_ptr_array_index (row, column);
  if (reader->peil_export)
    value = peil_csv_unneutralize (value);
  return *value ? value : NULL;
}

static char *
row_to_json (PeilCsvReader *reader,
             GPtrArray     *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < reader->header->len && i < row->len; i++)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (reader->header, i));
      json_builder_add_string_value (builder, g_ptr_array_index (row, i));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The off-topic mark as Peil's export writes it ("1", "0") or as a
 * person might ("true", "false"); empty is not marked. Anything else is a
 * mistake to report, not a mark to guess. */
static gboolean
parse_mark (const char *value,
            gboolean   *out_mark)
{
  static const char * const yes[] = { "1", "true", NULL }, * const no[] = { "0", "false", NULL };
  g_autofree char *folded = g_ascii_strdown (value != NULL ? value : "", -1);

  g_strstrip (folded);
  *out_mark = g_strv_contains (yes, folded);
  return *out_mark || *folded == '\0' || g_strv_contains (no, folded);
}

static gboolean
take_row (PeilCsvReader  *reader,
          GPtrArray      *row,
          guint64         line,
          GError        **error)
{
  g_autoptr(PeilPost) post = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *source = NULL;
  const char *text, *time, *mark;
  gint64 created_at = 0;
  gboolean off_topic;

  if ((text = row_value (reader, row, FIELD_TEXT)) == NULL || !*g_strstrip ((char *)text))
    {
      peil_post_sink_reject (reader->sink, line, _("The text is empty"));
      return TRUE;
    }

  if ((time = row_value (reader, row, FIELD_TIME)) != NULL && !peil_time_parse (time, NULL, &created_at))
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” is not a date or time"), time);
      peil_post_sink_reject (reader->sink, line, reason);
      return TRUE;
    }

  if (!parse_mark ((mark = row_value (reader, row, FIELD_OFF_TOPIC)), &off_topic))
    {
      /* TRANSLATORS: the value of a CSV file's off_topic column */
      g_autofree char *reason = g_strdup_printf (_("“off_topic” is “%s”, not 1 or 0 (true or false)"), mark);
      peil_post_sink_reject (reader->sink, line, reason);
      return TRUE;
    }

  source = g_strstrip (g_utf8_strdown (row_value (reader, row, FIELD_SOURCE) ?: reader->default_source, -1));
  post = peil_post_new (*source ? source : "csv", row_value (reader, row, FIELD_ID));
  peil_post_set_text (post, text);
  peil_post_set_created_at (post, created_at);
  peil_post_set_author_name (post, row_value (reader, row, FIELD_AUTHOR));
  peil_post_set_author_handle (post, row_value (reader, row, FIELD_HANDLE));
  peil_post_set_url (post, row_value (reader, row, FIELD_URL));
  peil_post_set_language (post, row_value (reader, row, FIELD_LANGUAGE));
  peil_post_set_off_topic (post, off_topic);
  raw = row_to_json (reader, row);
  peil_post_set_raw (post, raw, MAPPER);

  return reader->sink->add_post (reader->sink, post, line, error);
}

static gboolean
on_header (PeilCsvSink  *csv,
           GPtrArray    *names,
           guint64       line,
           GError      **error)
{
  PeilCsvReader *reader = (PeilCsvReader *)csv;

  reader->header = g_ptr_array_ref (names);
  /* Peil's own export (its first columns, after an exercise's mark) put an
   * apostrophe before text a spreadsheet would run: it comes off again. */
  for (guint i = 0; i < names->len && i < 2; i++)
    reader->peil_export |= g_str_equal (g_ptr_array_index (names, i), "peil_id");
  return reader->preview_rows != NULL || map_columns (reader, error);
}

static void
keep_preview_row (PeilCsvReader *reader,
                  GPtrArray     *row)
{
  GPtrArray *values;

  if (reader->preview_rows->len >= reader->max_rows)
    return;
  values = g_ptr_array_new_null_terminated (row->len, g_free, TRUE);
  for (guint i = 0; i < row->len; i++)
    g_ptr_array_add (values, g_strdup (g_ptr_array_index (row, i)));
  g_ptr_array_add (reader->preview_rows, values);
}

static gboolean
on_record (PeilCsvSink  *csv,
           GPtrArray    *row,
           guint64       line,
           GError      **error)
{
  PeilCsvReader *reader = (PeilCsvReader *)csv;

  if (reader->preview_rows != NULL)
    {
      keep_preview_row (reader, row);
      return TRUE;
    }
  return take_row (reader, row, line, error);
}

static void
on_reject (PeilCsvSink *csv,
           guint64      line,
           const char  *reason)
{
  PeilCsvReader *reader = (PeilCsvReader *)csv;

  peil_post_sink_reject (reader->sink, line, reason);
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

  reader->csv.header = on_header;
  reader->csv.record = on_record;
  reader->csv.reject = on_reject;
  reader->options = g_hash_table_ref (options);
  reader->sink = sink;
  reader->default_source = g_hash_table_lookup (options, "source") ?: "csv";
  if (!(reader->parser = peil_csv_parser_new (&reader->csv, error)))
    return NULL;
  return g_steal_pointer (&reader);
}

void
peil_csv_reader_free (PeilCsvReader *reader)
{
  g_clear_pointer (&reader->parser, peil_csv_parser_free);
  g_clear_pointer (&reader->options, g_hash_table_unref);
  g_clear_pointer (&reader->header, g_ptr_array_unref);
  g_clear_pointer (&reader->preview_rows, g_ptr_array_unref);
  g_free (reader);
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
  return peil_csv_parser_feed_line (reader->parser, line, line_length, line_number, error);
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
  return peil_csv_parser_finish (reader->parser, error);
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
  g_autoptr(GError) feed_error = NULL;
  int columns[N_FIELDS];

  if (reader == NULL)
    return NULL;
  reader->preview_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  reader->max_rows = max_rows;

  if (peil_csv_parser_feed_data (reader->parser, data, length, whole, &feed_error) && whole)
    peil_csv_parser_finish (reader->parser, &feed_error);

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

  peil_csv_map_columns (reader->header, fields, N_FIELDS, NULL, columns, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (asked_order); i++)
    {
      Field field = asked_order[i];

      peil_source_preview_add_field (preview, fields[field].key, field_label (field),
                                     columns[field] >= 0 ? g_ptr_array_index (reader->header, columns[field]) : NULL,
                                     field == FIELD_TEXT);
    }
  return g_steal_pointer (&preview);
}

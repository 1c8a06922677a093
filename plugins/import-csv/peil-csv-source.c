/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-csv"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>
#include <string.h>

/*
 * Reads CSV with a header row, as spreadsheets and monitoring tools
 * (Coosto, OBI4wan) export it: comma, semicolon (Dutch Excel) or tab
 * separated, UTF-8 with or without BOM, or Windows-1252. Columns are
 * mapped onto Peil's fields by the options "map.FIELD" = column name, or
 * else recognised by their usual Dutch and English names. Parsing is
 * libcsv's (RFC 4180, quoted fields over several lines).
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

#define PEIL_TYPE_CSV_SOURCE (peil_csv_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilCsvSource, peil_csv_source, PEIL, CSV_SOURCE, GObject)

struct _PeilCsvSource
{
  GObject parent_instance;
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilCsvSource, peil_csv_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static const char * const file_patterns[] = { "*.csv", "*.tsv", "*.txt", NULL };

static void peil_csv_source_class_init (PeilCsvSourceClass *klass) { }
static void peil_csv_source_class_finalize (PeilCsvSourceClass *klass) { }
static void peil_csv_source_init (PeilCsvSource *self) { }

static const char *
get_id (PeilSource *source)
{
  return "csv";
}

static const char *
get_name (PeilSource *source)
{
  return _("CSV (spreadsheets, Coosto, OBI4wan)");
}

static const char * const *
get_file_patterns (PeilSource *source)
{
  return file_patterns;
}

static gboolean
sniff (PeilSource *source,
       const char *head,
       gsize       length)
{
  const char *end = memchr (head, '\n', length);
  gsize first_line = end ? (gsize)(end - head) : length;

  return first_line > 0 && head[0] != '{' &&
         (memchr (head, ',', first_line) || memchr (head, ';', first_line) || memchr (head, '\t', first_line));
}

typedef struct
{
  PeilGatherJob *job;
  GPtrArray     *header;          /* column names */
  GPtrArray     *row;             /* fields of the record being read */
  int            columns[N_FIELDS];
  const char    *default_source;
  guint64        line;            /* the line being fed */
  guint64        record_line;     /* where the current record started */
  GError        *error;           /* fatal: stop reading */
} Reader;

static void
on_field (void   *data,
          size_t  length,
          void   *user_data)
{
  Reader *reader = user_data;

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
map_columns (Reader  *reader,
             GError **error)
{
  GHashTableIter iter;
  gpointer key, value;

  recognise_columns (reader->header, reader->columns);

  /* Explicit mappings win over recognised names. */
  g_hash_table_iter_init (&iter, peil_gather_job_get_options (reader->job));
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
row_value (Reader *reader,
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
row_to_json (Reader *reader)
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
take_row (Reader *reader)
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
      peil_gather_job_reject (reader->job, reader->record_line, reason);
      return;
    }

  if ((text = row_value (reader, FIELD_TEXT)) == NULL || !*g_strstrip ((char *)text))
    {
      peil_gather_job_reject (reader->job, reader->record_line, _("The text is empty"));
      return;
    }

  if ((time = row_value (reader, FIELD_TIME)) != NULL && !peil_time_parse (time, NULL, &created_at))
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” is not a date or time"), time);
      peil_gather_job_reject (reader->job, reader->record_line, reason);
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

  peil_gather_job_add_post (reader->job, post, reader->record_line, &reader->error);
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
on_record (int   terminator,
           void *user_data)
{
  Reader *reader = user_data;

  if (reader->error == NULL)
    {
      if (reader->header == NULL)
        {
          trim_all (reader->row);
          reader->header = g_steal_pointer (&reader->row);
          reader->row = g_ptr_array_new_with_free_func (g_free);
          map_columns (reader, &reader->error);
        }
      else
        take_row (reader);
    }

  g_ptr_array_set_size (reader->row, 0);
  reader->record_line = reader->line + 1;
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

/* Prepares line @number for the parser: the first sets the delimiter
 * and loses a BOM; a line that is not UTF-8 is read as Windows-1252, as
 * Excel on Windows writes it unless told otherwise. Returns FALSE for a
 * line that is neither. */
static gboolean
readable_line (struct csv_parser  *parser,
               char              **line,
               guint64             number)
{
  if (number == 1)
    {
      if (g_str_has_prefix (*line, "\xEF\xBB\xBF"))
        memmove (*line, *line + 3, strlen (*line + 3) + 1);
      csv_set_delim (parser, guess_delimiter (*line));
    }

  if (!g_utf8_validate (*line, -1, NULL))
    {
      char *converted = g_convert (*line, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);

      if (converted == NULL)
        return FALSE;
      g_free (*line);
      *line = converted;
    }
  return TRUE;
}

static gboolean
is_blank (const char *line)
{
  for (; *line; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  struct csv_parser parser;
  Reader reader = { 0 };
  gboolean ok = TRUE;

  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, g_strerror (ENOMEM));
      return FALSE;
    }

  reader.job = job;
  reader.row = g_ptr_array_new_with_free_func (g_free);
  reader.default_source = peil_gather_job_get_option (job, "source") ?: "csv";
  reader.record_line = 1;

  while (ok && reader.error == NULL)
    {
      g_autoptr(GError) read_error = NULL;
      g_autofree char *line = NULL;

      if (!(line = peil_gather_job_read_line (job, cancellable, &read_error)))
        {
          if (read_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&read_error));
              ok = FALSE;
            }
          break;
        }
      reader.line = peil_gather_job_get_line_number (job);

      if (!readable_line (&parser, &line, reader.line))
        {
          peil_gather_job_reject (job, reader.line, _("The line is not readable text"));
          reader.record_line = reader.line + 1;
          continue;
        }

      /* Blank lines between records are no records. */
      if (reader.row->len == 0 && reader.record_line == reader.line && is_blank (line))
        {
          reader.record_line++;
          continue;
        }

      if (csv_parse (&parser, line, strlen (line), on_field, on_record, &reader) != strlen (line) ||
          csv_parse (&parser, "\n", 1, on_field, on_record, &reader) != 1)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Line %llu could not be read as CSV: %s"),
                       (unsigned long long)reader.line, csv_strerror (csv_error (&parser)));
          ok = FALSE;
        }
    }

  if (ok && reader.error == NULL)
    csv_fini (&parser, on_field, on_record, &reader);
  csv_free (&parser);

  if (ok && reader.header == NULL && reader.error == NULL)
    g_set_error_literal (&reader.error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The file is empty: it has no header row"));

  g_clear_pointer (&reader.header, g_ptr_array_unref);
  g_clear_pointer (&reader.row, g_ptr_array_unref);

  if (reader.error != NULL)
    {
      g_propagate_error (error, reader.error);
      return FALSE;
    }
  return ok;
}

typedef struct
{
  GPtrArray *record;
  GPtrArray *header;
  GPtrArray *rows;      /* GPtrArray of the first records' values */
} Peek;

static void
on_peek_field (void   *data,
               size_t  length,
               void   *user_data)
{
  Peek *peek = user_data;

  g_ptr_array_add (peek->record, g_strndup (data ? data : "", length));
}

static void
on_peek_record (int   terminator,
                void *user_data)
{
  Peek *peek = user_data;

  if (peek->header == NULL)
    trim_all (peek->record);
  g_ptr_array_add (peek->record, NULL);
  if (peek->header == NULL)
    peek->header = g_steal_pointer (&peek->record);
  else
    g_ptr_array_add (peek->rows, g_steal_pointer (&peek->record));
  peek->record = g_ptr_array_new_with_free_func (g_free);
}

/* The header and first records, parsed as an import parses them. */
static PeilSourcePreview *
peek (PeilSource    *source,
      GFile         *file,
      guint          max_rows,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr(PeilSourcePreview) preview = NULL;
  g_autoptr(GError) read_error = NULL;
  struct csv_parser parser;
  Peek state = { g_ptr_array_new_with_free_func (g_free), NULL, rows };
  int columns[N_FIELDS];
  guint64 number = 0;
  char *next;

  if (!(stream = g_file_read (file, cancellable, error)))
    return NULL;
  lines = g_data_input_stream_new (G_INPUT_STREAM (stream));
  g_data_input_stream_set_newline_type (lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, g_strerror (ENOMEM));
      return NULL;
    }

  while (rows->len < max_rows && (next = g_data_input_stream_read_line (lines, NULL, cancellable, &read_error)) != NULL)
    {
      g_autofree char *line = next;

      /* A preview shows what can be read; the import reports the rest. */
      if (!readable_line (&parser, &line, ++number) || (state.record->len == 0 && is_blank (line)))
        continue;
      if (csv_parse (&parser, line, strlen (line), on_peek_field, on_peek_record, &state) != strlen (line) ||
          csv_parse (&parser, "\n", 1, on_peek_field, on_peek_record, &state) != 1)
        break;
    }
  csv_free (&parser);
  g_ptr_array_unref (state.record);

  if (read_error != NULL || state.header == NULL)
    {
      g_clear_pointer (&state.header, g_ptr_array_unref);
      if (read_error != NULL)
        g_propagate_error (error, g_steal_pointer (&read_error));
      else
        g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The file is empty: it has no header row"));
      return NULL;
    }

  preview = peil_source_preview_new ((const char * const *)state.header->pdata);
  for (guint i = 0; i < rows->len; i++)
    peil_source_preview_add_row (preview, (const char * const *)((GPtrArray *)g_ptr_array_index (rows, i))->pdata);

  g_ptr_array_set_size (state.header, state.header->len - 1);   /* without its NULL, to search it */
  recognise_columns (state.header, columns);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      Field field = asked_order[i];

      peil_source_preview_add_field (preview, field_names[field], field_label (field),
                                     columns[field] >= 0 ? g_ptr_array_index (state.header, columns[field]) : NULL,
                                     field == FIELD_TEXT);
    }
  g_ptr_array_unref (state.header);
  return g_steal_pointer (&preview);
}

static void
source_iface_init (PeilSourceInterface *iface)
{
  iface->get_id = get_id;
  iface->get_name = get_name;
  iface->get_file_patterns = get_file_patterns;
  iface->sniff = sniff;
  iface->gather = gather;
  iface->peek = peek;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_csv_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_CSV_SOURCE);
}

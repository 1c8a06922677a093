/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-xlsx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <zip.h>

#include "peil-error.h"
#include "peil-xlsx-read.h"

/*
 * The first sheet of an XLSX workbook (Office Open XML, ECMA-376) as rows
 * of text, for scenarios written in Excel. No Debian C library reads
 * XLSX: libzip opens the package and libxml2's streaming reader reads its
 * parts (the package's relationships, the workbook and its relationships,
 * shared strings, styles and the sheet). A workbook is hostile until
 * read: a part is unpacked up to the size it declares and never past
 * PEIL_XLSX_MAX_PART (a zip bomb stops there), the cells give no more
 * than PEIL_XLSX_MAX_TEXT of text (a shared text referred to by every
 * cell stops there), a part that declares a DTD is refused (no entities
 * to expand), and a missing part or a reference to nothing is a clear
 * error.
 */

#define MAX_SHARED_STRINGS 1000000
#define MAX_STYLES         65536
#define MAX_COLUMNS        16384     /* Excel's own limits: A to XFD */
#define MAX_ROW            1048576

/* Columns past this are not read: a scenario has a dozen, and a row is
 * never longer than this whatever its cells' references say. */
#define READ_COLUMNS       256

#define DAMAGED_PREFIX N_("The workbook is damaged: ")

static void G_GNUC_PRINTF (2, 3)
set_damaged (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, "%s%s", _(DAMAGED_PREFIX), detail);
}

/* One part of the package, unpacked whole, or %NULL in @out when it is
 * @optional and not there. */
static gboolean
read_part (zip_t       *zip,
           const char  *name,
           gboolean     optional,
           GBytes     **out,
           GError     **error)
{
  zip_int64_t index = zip_name_locate (zip, name, ZIP_FL_NOCASE);
  zip_stat_t stat;
  zip_file_t *file;
  g_autofree char *data = NULL;
  zip_uint64_t size, read = 0;

  *out = NULL;
  if (index < 0)
    {
      if (optional)
        return TRUE;
      set_damaged (error, _("it has no part “%s”"), name);
      return FALSE;
    }

  zip_stat_init (&stat);
  if (zip_stat_index (zip, index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
    {
      set_damaged (error, _("the size of part “%s” cannot be read"), name);
      return FALSE;
    }
  size = stat.size;
  if (size > PEIL_XLSX_MAX_PART)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("Part “%s” of the workbook unpacks to %llu MB, more than the %u MB "
                     "Peil reads; a scenario is never that large (it may be a zip bomb)"),
                   name, (unsigned long long)(size >> 20), PEIL_XLSX_MAX_PART >> 20);
      return FALSE;
    }

  if ((file = zip_fopen_index (zip, index, 0)) == NULL)
    {
      set_damaged (error, _("part “%s” cannot be unpacked: %s"), name, zip_strerror (zip));
      return FALSE;
    }

  /* One byte more than declared: a part that holds more lies about its
   * size, as a zip bomb does. */
  data = g_malloc (size + 1);
  while (read < size + 1)
    {
      zip_int64_t n = zip_fread (file, data + read, size + 1 - read);

      if (n < 0)
        {
          set_damaged (error, _("part “%s” cannot be unpacked: %s"), name, zip_file_strerror (file));
          zip_fclose (file);
          return FALSE;
        }
      if (n == 0)
        break;
      read += n;
    }
  zip_fclose (file);
  if (read != size)
    {
      set_damaged (error, _("part “%s” does not hold the %llu bytes it declares"),
                   name, (unsigned long long)size);
      return FALSE;
    }

  *out = g_bytes_new_take (g_steal_pointer (&data), size);
  return TRUE;
}

/* @target resolved against the folder @base ("xl"), as a part name;
 * %NULL when it leads out of the package. */
static char *
resolve_target (const char *base,
                const char *target)
{
  g_autofree char *joined = target[0] == '/' ? g_strdup (target + 1) : g_strdup_printf ("%s/%s", base, target);
  g_auto(GStrv) segments = g_strsplit (joined, "/", 0);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (*segments[i] == '\0' || g_str_equal (segments[i], "."))
        continue;
      if (g_str_equal (segments[i], ".."))
        {
          if (path->len == 0)
            return NULL;
          g_ptr_array_set_size (path, path->len - 1);
          continue;
        }
      g_ptr_array_add (path, segments[i]);
    }
  if (path->len == 0)
    return NULL;
  g_ptr_array_add (path, NULL);
  return g_strjoinv ("/", (char **)path->pdata);
}

/* XML, streamed: a handler per element start, end and text, which stops
 * the walk by setting @error. */
typedef struct _XmlWalk XmlWalk;
struct _XmlWalk
{
  void        (*start) (XmlWalk *walk, const char *name, xmlTextReaderPtr reader);
  void        (*end)   (XmlWalk *walk, const char *name);
  void        (*text)  (XmlWalk *walk, const char *text);
  const char   *part;
  GCancellable *cancellable;
  GError       *error;
};

static void
ignore_xml_error (void                    *arg,
                  const char              *msg,
                  xmlParserSeverities      severity,
                  xmlTextReaderLocatorPtr  locator)
{
}

static gboolean
walk_part (XmlWalk      *walk,
           GBytes       *part,
           GError      **error)
{
  gsize length;
  const char *data = g_bytes_get_data (part, &length);
  xmlTextReaderPtr reader;
  guint64 nodes = 0;
  int status = 0;

  reader = xmlReaderForMemory (data, (int)length, walk->part, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader == NULL)
    {
      set_damaged (error, _("part “%s” is not XML"), walk->part);
      return FALSE;
    }
  xmlTextReaderSetErrorHandler (reader, ignore_xml_error, NULL);

  while (walk->error == NULL && (status = xmlTextReaderRead (reader)) == 1)
    {
      const char *name;

      if ((++nodes & 0xFFFF) == 0 && g_cancellable_set_error_if_cancelled (walk->cancellable, &walk->error))
        break;

      switch (xmlTextReaderNodeType (reader))
        {
        case XML_READER_TYPE_ELEMENT:
          name = (const char *)xmlTextReaderConstLocalName (reader);
          if (walk->start)
            walk->start (walk, name, reader);
          if (xmlTextReaderIsEmptyElement (reader) && walk->end)
            walk->end (walk, name);
          break;

        case XML_READER_TYPE_END_ELEMENT:
          if (walk->end)
            walk->end (walk, (const char *)xmlTextReaderConstLocalName (reader));
          break;

        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          if (walk->text)
            walk->text (walk, (const char *)xmlTextReaderConstValue (reader));
          break;

        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY:
        case XML_READER_TYPE_ENTITY_REFERENCE:
          /* A workbook never declares a DTD; entities could expand without end. */
          set_damaged (&walk->error, _("part “%s” declares a document type, which a workbook never does"),
                       walk->part);
          break;

        default:
          break;
        }
    }

  if (walk->error == NULL && status != 0)
    set_damaged (&walk->error, _("part “%s” is not well-formed XML (line %d)"),
                 walk->part, xmlTextReaderGetParserLineNumber (reader));
  xmlFreeTextReader (reader);

  if (walk->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&walk->error));
      return FALSE;
    }
  return TRUE;
}

static char *
get_attribute (xmlTextReaderPtr  reader,
               const char       *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *)name);
  char *copy = g_strdup ((const char *)value);

  xmlFree (value);
  return copy;
}

/* An attribute by its local name, whatever its namespace prefix: r:id. */
static char *
get_attribute_local (xmlTextReaderPtr  reader,
                     const char       *local_name)
{
  char *value = NULL;

  if (xmlTextReaderMoveToFirstAttribute (reader) != 1)
    return NULL;
  do
    {
      if (g_strcmp0 ((const char *)xmlTextReaderConstLocalName (reader), local_name) == 0 &&
          xmlTextReaderConstPrefix (reader) != NULL)
        value = g_strdup ((const char *)xmlTextReaderConstValue (reader));
    }
  while (value == NULL && xmlTextReaderMoveToNextAttribute (reader) == 1);
  xmlTextReaderMoveToElement (reader);
  return value;
}

/* Relationships ------------------------------------------------------- */

typedef struct
{
  XmlWalk     walk;
  const char *base;       /* folder the targets are relative to */
  GHashTable *by_id;      /* Id → part name */
  GHashTable *by_type;    /* last segment of Type ("worksheet") → part name, the first one */
} Rels;

static void
rels_start (XmlWalk          *walk,
            const char       *name,
            xmlTextReaderPtr  reader)
{
  Rels *rels = (Rels *)walk;
  g_autofree char *id = NULL, *type = NULL, *target = NULL, *mode = NULL;
  char *part;
  const char *kind;

  if (!g_str_equal (name, "Relationship"))
    return;
  id = get_attribute (reader, "Id");
  type = get_attribute (reader, "Type");
  target = get_attribute (reader, "Target");
  mode = get_attribute (reader, "TargetMode");
  if (id == NULL || type == NULL || target == NULL || g_strcmp0 (mode, "External") == 0)
    return;
  if ((part = resolve_target (rels->base, target)) == NULL)
    return;

  kind = strrchr (type, '/') ? strrchr (type, '/') + 1 : type;
  if (!g_hash_table_contains (rels->by_type, kind))
    g_hash_table_insert (rels->by_type, g_strdup (kind), g_strdup (part));
  g_hash_table_insert (rels->by_id, g_steal_pointer (&id), part);
}

/* The relationships of @part_name ("xl/workbook.xml" → its
 * "xl/_rels/workbook.xml.rels"), or of the package for "". */
static gboolean
read_rels (zip_t         *zip,
           const char    *part_name,
           GCancellable  *cancellable,
           Rels          *rels,
           GError       **error)
{
  g_autofree char *folder = g_path_get_dirname (part_name);
  g_autofree char *base_name = g_path_get_basename (part_name);
  g_autofree char *name = NULL;
  g_autoptr(GBytes) part = NULL;

  if (*part_name == '\0')
    name = g_strdup ("_rels/.rels");
  else if (g_str_equal (folder, "."))
    name = g_strdup_printf ("_rels/%s.rels", base_name);
  else
    name = g_strdup_printf ("%s/_rels/%s.rels", folder, base_name);

  rels->walk.start = rels_start;
  rels->walk.part = name;
  rels->walk.cancellable = cancellable;
  rels->base = *part_name == '\0' || g_str_equal (folder, ".") ? "" : folder;
  rels->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  rels->by_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!read_part (zip, name, FALSE, &part, error))
    return FALSE;
  return walk_part (&rels->walk, part, error);
}

static void
rels_clear (Rels *rels)
{
  g_clear_pointer (&rels->by_id, g_hash_table_unref);
  g_clear_pointer (&rels->by_type, g_hash_table_unref);
}

/* The workbook ---------------------------------------------------------- */

typedef struct
{
  XmlWalk   walk;
  char     *first_sheet;   /* its relationship id */
  gboolean  date1904;
} Workbook;

static void
workbook_start (XmlWalk          *walk,
                const char       *name,
                xmlTextReaderPtr  reader)
{
  Workbook *workbook = (Workbook *)walk;

  if (g_str_equal (name, "workbookPr"))
    {
      g_autofree char *date1904 = get_attribute (reader, "date1904");
      workbook->date1904 = g_strcmp0 (date1904, "1") == 0 || g_strcmp0 (date1904, "true") == 0;
    }
  else if (g_str_equal (name, "sheet") && workbook->first_sheet == NULL)
    {
      g_autofree char *state = get_attribute (reader, "state");

      /* A hidden sheet holds lists for the visible ones. */
      if (g_strcmp0 (state, "hidden") != 0 && g_strcmp0 (state, "veryHidden") != 0)
        workbook->first_sheet = get_attribute_local (reader, "id");
    }
}

/* Styles: which cells hold dates and times --------------------------------- */

typedef enum
{
  FORMAT_NUMBER,
  FORMAT_DATE,
  FORMAT_TIME,       /* of day */
  FORMAT_DATE_TIME,
  FORMAT_DURATION,   /* [h]:mm:ss, past 24 hours */
} FormatKind;

/* The built-in number formats of ECMA-376 (18.8.30) that show dates and
 * times; 27 to 36 and 50 to 58 are the East Asian dates. */
static FormatKind
builtin_format_kind (guint id)
{
  if (id == 14 || id == 15 || id == 16 || id == 17 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
    return FORMAT_DATE;
  if ((id >= 18 && id <= 21) || id == 45 || id == 47)
    return FORMAT_TIME;
  if (id == 22)
    return FORMAT_DATE_TIME;
  if (id == 46)
    return FORMAT_DURATION;
  return FORMAT_NUMBER;
}

/* What a custom format code shows, from the letters of its first section
 * outside quotes, escapes and brackets; "m" is minutes beside hours or
 * seconds, else months. */
static FormatKind
custom_format_kind (const char *code)
{
  gboolean date = FALSE, time = FALSE, month = FALSE, elapsed = FALSE;

  for (const char *p = code; *p && *p != ';'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (*p == '"')
        {
          while (p[1] && p[1] != '"')
            p++;
          if (p[1])
            p++;
        }
      else if (*p == '\\' && p[1])
        p++;
      else if (*p == '[')
        {
          const char *close = strchr (p, ']');

          if (close == NULL)
            break;
          if (close - p >= 2 && strchr ("hms", g_ascii_tolower (p[1])))
            elapsed = time = TRUE;
          p = close;
        }
      else if (g_ascii_strncasecmp (p, "am/pm", 5) == 0)
        p += 4;
      else if (g_ascii_strncasecmp (p, "a/p", 3) == 0)
        p += 2;
      else if (c == 'y' || c == 'd')
        date = TRUE;
      else if (c == 'h' || c == 's')
        time = TRUE;
      else if (c == 'm')
        month = TRUE;
    }

  if (month && !time)
    date = TRUE;
  if (elapsed)
    return FORMAT_DURATION;
  if (date && time)
    return FORMAT_DATE_TIME;
  if (date)
    return FORMAT_DATE;
  return time ? FORMAT_TIME : FORMAT_NUMBER;
}

typedef struct
{
  XmlWalk     walk;
  GHashTable *custom;      /* numFmtId → FormatKind */
  GArray     *cell_kinds;  /* per cell style (xf), its FormatKind */
  gboolean    in_cell_xfs;
} Styles;

static void
styles_start (XmlWalk          *walk,
              const char       *name,
              xmlTextReaderPtr  reader)
{
  Styles *styles = (Styles *)walk;

  if (g_str_equal (name, "numFmt"))
    {
      g_autofree char *id = get_attribute (reader, "numFmtId");
      g_autofree char *code = get_attribute (reader, "formatCode");
      guint64 number;

      if (id && code && g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT, &number, NULL))
        g_hash_table_insert (styles->custom, GUINT_TO_POINTER ((guint)number),
                             GINT_TO_POINTER (custom_format_kind (code)));
    }
  else if (g_str_equal (name, "cellXfs"))
    styles->in_cell_xfs = TRUE;
  else if (g_str_equal (name, "xf") && styles->in_cell_xfs)
    {
      g_autofree char *id = get_attribute (reader, "numFmtId");
      FormatKind kind = FORMAT_NUMBER;
      guint64 number;

      if (styles->cell_kinds->len >= MAX_STYLES)
        {
          set_damaged (&walk->error, _("it has more than %u cell styles"), MAX_STYLES);
          return;
        }
      if (id && g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT, &number, NULL))
        {
          gpointer custom;

          if (g_hash_table_lookup_extended (styles->custom, GUINT_TO_POINTER ((guint)number), NULL, &custom))
            kind = GPOINTER_TO_INT (custom);
          else
            kind = builtin_format_kind (number);
        }
      g_array_append_val (styles->cell_kinds, kind);
    }
}

static void
styles_end (XmlWalk    *walk,
            const char *name)
{
  if (g_str_equal (name, "cellXfs"))
    ((Styles *)walk)->in_cell_xfs = FALSE;
}

/* Rich text: a shared text (<si>) and a cell's inline text (<is>) are
 * both one (ECMA-376 CT_Rst): its text is that of its <t> elements, plain
 * or in runs (<r>), but not of a phonetic reading (<rPh>). */

typedef struct
{
  guint    phonetic;   /* inside <rPh>: a reading aid, not text */
  gboolean in_t;       /* text now read is the text's */
} RichText;

static void
rich_text_start (RichText   *rich,
                 const char *name)
{
  if (g_str_equal (name, "rPh"))
    rich->phonetic++;
  else if (g_str_equal (name, "t") && rich->phonetic == 0)
    rich->in_t = TRUE;
}

static void
rich_text_end (RichText   *rich,
               const char *name)
{
  if (g_str_equal (name, "rPh") && rich->phonetic > 0)
    rich->phonetic--;
  else if (g_str_equal (name, "t"))
    rich->in_t = FALSE;
}

/* Shared strings ----------------------------------------------------------- */

typedef struct
{
  XmlWalk    walk;
  GPtrArray *strings;
  GString   *current;    /* the <si> being read */
  RichText   rich;
} SharedStrings;

static void
strings_start (XmlWalk          *walk,
               const char       *name,
               xmlTextReaderPtr  reader)
{
  SharedStrings *strings = (SharedStrings *)walk;

  if (g_str_equal (name, "si"))
    {
      if (strings->strings->len >= MAX_SHARED_STRINGS)
        {
          set_damaged (&walk->error, _("it holds more than %u texts"), MAX_SHARED_STRINGS);
          return;
        }
      strings->current = g_string_new (NULL);
      strings->rich = (RichText) { 0 };
    }
  else if (strings->current)
    rich_text_start (&strings->rich, name);
}

static void
strings_end (XmlWalk    *walk,
             const char *name)
{
  SharedStrings *strings = (SharedStrings *)walk;

  if (g_str_equal (name, "si") && strings->current)
    g_ptr_array_add (strings->strings, g_string_free (g_steal_pointer (&strings->current), FALSE));
  else
    rich_text_end (&strings->rich, name);
}

static void
strings_text (XmlWalk    *walk,
              const char *text)
{
  SharedStrings *strings = (SharedStrings *)walk;

  if (strings->rich.in_t && strings->current)
    g_string_append (strings->current, text);
}

/* The sheet ------------------------------------------------------------------ */

typedef struct
{
  XmlWalk          walk;
  GPtrArray       *shared;       /* (nullable) */
  GArray          *cell_kinds;   /* (nullable) */
  gboolean         date1904;
  PeilXlsxRowFunc  func;
  gpointer         user_data;

  gsize            text_left;    /* of PEIL_XLSX_MAX_TEXT */
  guint            row;          /* number of the row being read, or the last one read */
  gboolean         in_row;
  GPtrArray       *cells;        /* up to the row's last cell that holds something */
  int              next_column;  /* of a cell without a reference */
  int              column;       /* of the cell being read, -1 outside one */
  char            *type;         /* its t attribute */
  guint            style;        /* its s attribute */
  GString         *value;
  gboolean         in_value;     /* <v> */
  gboolean         in_inline;    /* <is> */
  RichText         rich;         /* of <is> */
} Sheet;

/* An empty cell before the last one that holds something: one string
 * for all of them. */
static char no_text[1];

static void
free_cell (gpointer cell)
{
  if (cell != no_text)
    g_free (cell);
}

/* "B12" → column 1; -1 when it is no cell reference. */
static int
parse_column (const char *reference)
{
  int column = 0;
  const char *p = reference;

  for (; g_ascii_isalpha (*p) && p - reference < 3; p++)
    column = column * 26 + (g_ascii_toupper (*p) - 'A' + 1);
  if (p == reference || !g_ascii_isdigit (*p) || column > MAX_COLUMNS)
    return -1;
  for (; g_ascii_isdigit (*p); p++)
    ;
  return *p == '\0' ? column - 1 : -1;
}

/* A cell's number as text: a date or time when its style shows one, as
 * a person would type it: 0.0034722 shown as h:mm:ss is "0:05:00". */
static char *
format_number (Sheet      *sheet,
               const char *text)
{
  FormatKind kind = FORMAT_NUMBER;
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (end == text || *end != '\0' || !isfinite (value))
    return g_strdup (text);
  if (sheet->cell_kinds && sheet->style < sheet->cell_kinds->len)
    kind = g_array_index (sheet->cell_kinds, FormatKind, sheet->style);

  /* Excel's dates count days from 1900 (or 1904); dates before 1 March
   * 1900 are off by Excel's phantom 29 February and not worth it. */
  if (kind != FORMAT_NUMBER && value >= 0 && value < 2958466)
    {
      gint64 seconds = (gint64)(value * 86400 + 0.5);   /* value is not negative */
      gint64 days = seconds / 86400;
      gint64 of_day = seconds % 86400;

      if (kind == FORMAT_DURATION)
        return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                                (int)(seconds / 60 % 60), (int)(seconds % 60));
      if (kind == FORMAT_TIME)
        return g_strdup_printf ("%d:%02d:%02d", (int)(of_day / 3600), (int)(of_day / 60 % 60), (int)(of_day % 60));
      if (days >= 61)
        {
          g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc ((days - (sheet->date1904 ? 24107 : 25569)) * 86400 + of_day);

          if (date != NULL)
            return g_date_time_format (date, kind == FORMAT_DATE ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S");
        }
    }

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
}

static void
sheet_start (XmlWalk          *walk,
             const char       *name,
             xmlTextReaderPtr  reader)
{
  Sheet *sheet = (Sheet *)walk;

  if (g_str_equal (name, "row"))
    {
      g_autofree char *r = get_attribute (reader, "r");
      guint64 number = (guint64)sheet->row + 1;

      /* Rows come in order, as every spreadsheet writes them: so there
       * are no more of them than a sheet can hold. */
      if ((r != NULL && !g_ascii_string_to_unsigned (r, 10, 1, MAX_ROW, &number, NULL)) ||
          number <= sheet->row || number > MAX_ROW)
        {
          set_damaged (&walk->error, _("a row has the number “%s”"), r ? r : "");
          return;
        }
      sheet->row = number;
      sheet->in_row = TRUE;
      sheet->column = -1;
      sheet->next_column = 0;
      g_ptr_array_set_size (sheet->cells, 0);
    }
  else if (g_str_equal (name, "c") && sheet->in_row)
    {
      g_autofree char *r = get_attribute (reader, "r");
      g_autofree char *s = get_attribute (reader, "s");
      guint64 style = 0;
      int column = r ? parse_column (r) : sheet->next_column;

      if (column < 0 || column >= MAX_COLUMNS)
        {
          set_damaged (&walk->error, _("a cell of row %u has the reference “%s”"), sheet->row, r ? r : "");
          return;
        }
      if (s != NULL)
        g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT, &style, NULL);
      sheet->column = column;
      sheet->style = style;
      g_free (sheet->type);
      sheet->type = get_attribute (reader, "t");
      g_string_truncate (sheet->value, 0);
    }
  else if (sheet->column >= 0)
    {
      if (g_str_equal (name, "v"))
        sheet->in_value = TRUE;
      else if (g_str_equal (name, "is"))
        {
          sheet->in_inline = TRUE;
          sheet->rich = (RichText) { 0 };
        }
      else if (sheet->in_inline)
        rich_text_start (&sheet->rich, name);
    }
}

/* Counts a cell of @length bytes against the sheet's text, before it is
 * copied. */
static gboolean
spend_text (Sheet *sheet,
            gsize  length)
{
  gsize cost = MAX (length, PEIL_XLSX_CELL_COST);

  if (cost > sheet->text_left)
    {
      g_set_error (&sheet->walk.error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("The cells of the workbook hold more than %u MB of text by row %u (a text that "
                     "several cells share counts once for each); a scenario is never that large"),
                   PEIL_XLSX_MAX_TEXT >> 20, sheet->row);
      return FALSE;
    }
  sheet->text_left -= cost;
  return TRUE;
}

static char *
cell_text (Sheet *sheet)
{
  const char *value = sheet->value->str;
  const char *type = sheet->type ? sheet->type : "n";

  if (*value == '\0')
    return g_strdup ("");
  if (g_str_equal (type, "s"))
    {
      guint64 index;

      if (sheet->shared == NULL)
        {
          set_damaged (&sheet->walk.error, _("row %u refers to a shared text, but the workbook has none"), sheet->row);
          return NULL;
        }
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &index, NULL) || index >= sheet->shared->len)
        {
          set_damaged (&sheet->walk.error, _("row %u refers to shared text “%s”, which is not there"), sheet->row, value);
          return NULL;
        }
      if (!spend_text (sheet, strlen (g_ptr_array_index (sheet->shared, index))))
        return NULL;
      return g_strdup (g_ptr_array_index (sheet->shared, index));
    }
  if (!spend_text (sheet, sheet->value->len))
    return NULL;
  if (g_str_equal (type, "b"))
    return g_strdup (g_str_equal (value, "1") ? "TRUE" : "FALSE");
  if (g_str_equal (type, "n"))
    return format_number (sheet, value);
  /* inlineStr, str (a formula's text), e (an error such as #N/A), d (ISO 8601) */
  return g_strdup (value);
}

static void
sheet_end (XmlWalk    *walk,
           const char *name)
{
  Sheet *sheet = (Sheet *)walk;

  if (g_str_equal (name, "c") && sheet->column >= 0)
    {
      guint column = sheet->column;
      char *text;

      sheet->next_column = column + 1;
      sheet->column = -1;
      sheet->in_value = sheet->in_inline = FALSE;

      /* Empty cells and cells far to the right cost nothing. */
      if (column >= READ_COLUMNS || sheet->value->len == 0)
        return;
      if ((text = cell_text (sheet)) == NULL)
        return;
      if (*text == '\0')
        {
          g_free (text);
          return;
        }
      while (sheet->cells->len <= column)
        g_ptr_array_add (sheet->cells, no_text);
      free_cell (g_ptr_array_index (sheet->cells, column));
      g_ptr_array_index (sheet->cells, column) = text;
    }
  else if (g_str_equal (name, "row") && sheet->in_row)
    {
      if (sheet->cells->len > 0)
        sheet->func (sheet->cells, sheet->row, sheet->user_data, &walk->error);
      sheet->in_row = FALSE;
      sheet->column = -1;
    }
  else if (g_str_equal (name, "v"))
    sheet->in_value = FALSE;
  else if (g_str_equal (name, "is"))
    sheet->in_inline = FALSE;
  else if (sheet->in_inline)
    rich_text_end (&sheet->rich, name);
}

static void
sheet_text (XmlWalk    *walk,
            const char *text)
{
  Sheet *sheet = (Sheet *)walk;

  if ((sheet->in_value || (sheet->in_inline && sheet->rich.in_t)) && sheet->column >= 0)
    g_string_append (sheet->value, text);
}

/* The package ------------------------------------------------------------------ */

static gboolean
read_workbook (zip_t            *zip,
               PeilXlsxRowFunc   func,
               gpointer          user_data,
               GCancellable     *cancellable,
               GError          **error)
{
  Rels package = { { 0 } }, workbook_rels = { { 0 } };
  Workbook workbook = { { 0 } };
  Styles styles = { { 0 } };
  SharedStrings strings = { { 0 } };
  Sheet sheet = { { 0 } };
  g_autoptr(GBytes) part = NULL;
  const char *workbook_name, *sheet_name, *strings_name, *styles_name;
  gboolean ok = FALSE;

  /* The package says where its workbook is; mostly xl/workbook.xml. */
  if (!read_rels (zip, "", cancellable, &package, error))
    goto out;
  if ((workbook_name = g_hash_table_lookup (package.by_type, "officeDocument")) == NULL)
    {
      set_damaged (error, _("it names no workbook"));
      goto out;
    }
  workbook.walk.start = workbook_start;
  workbook.walk.part = workbook_name;
  workbook.walk.cancellable = cancellable;
  if (!read_part (zip, workbook_name, FALSE, &part, error) || !walk_part (&workbook.walk, part, error))
    goto out;
  g_clear_pointer (&part, g_bytes_unref);
  if (workbook.first_sheet == NULL)
    {
      set_damaged (error, _("it has no sheet"));
      goto out;
    }

  if (!read_rels (zip, workbook_name, cancellable, &workbook_rels, error))
    goto out;
  if ((sheet_name = g_hash_table_lookup (workbook_rels.by_id, workbook.first_sheet)) == NULL)
    {
      set_damaged (error, _("its first sheet “%s” leads nowhere"), workbook.first_sheet);
      goto out;
    }

  if ((styles_name = g_hash_table_lookup (workbook_rels.by_type, "styles")) != NULL)
    {
      styles.walk.start = styles_start;
      styles.walk.end = styles_end;
      styles.walk.part = styles_name;
      styles.walk.cancellable = cancellable;
      styles.custom = g_hash_table_new (NULL, NULL);
      styles.cell_kinds = g_array_new (FALSE, FALSE, sizeof (FormatKind));
      if (!read_part (zip, styles_name, FALSE, &part, error) || !walk_part (&styles.walk, part, error))
        goto out;
      g_clear_pointer (&part, g_bytes_unref);
    }

  if ((strings_name = g_hash_table_lookup (workbook_rels.by_type, "sharedStrings")) != NULL)
    {
      strings.walk.start = strings_start;
      strings.walk.end = strings_end;
      strings.walk.text = strings_text;
      strings.walk.part = strings_name;
      strings.walk.cancellable = cancellable;
      strings.strings = g_ptr_array_new_with_free_func (g_free);
      if (!read_part (zip, strings_name, FALSE, &part, error) || !walk_part (&strings.walk, part, error))
        goto out;
      g_clear_pointer (&part, g_bytes_unref);
    }

  sheet.walk.start = sheet_start;
  sheet.walk.end = sheet_end;
  sheet.walk.text = sheet_text;
  sheet.walk.part = sheet_name;
  sheet.walk.cancellable = cancellable;
  sheet.shared = strings.strings;
  sheet.cell_kinds = styles.cell_kinds;
  sheet.date1904 = workbook.date1904;
  sheet.func = func;
  sheet.user_data = user_data;
  sheet.cells = g_ptr_array_new_with_free_func (free_cell);
  sheet.value = g_string_new (NULL);
  sheet.column = -1;
  sheet.text_left = PEIL_XLSX_MAX_TEXT;
  ok = read_part (zip, sheet_name, FALSE, &part, error) && walk_part (&sheet.walk, part, error);

out:
  rels_clear (&package);
  rels_clear (&workbook_rels);
  g_free (workbook.first_sheet);
  g_clear_pointer (&styles.custom, g_hash_table_unref);
  g_clear_pointer (&styles.cell_kinds, g_array_unref);
  g_clear_pointer (&strings.strings, g_ptr_array_unref);
  if (strings.current)
    g_string_free (strings.current, TRUE);
  g_clear_pointer (&sheet.cells, g_ptr_array_unref);
  if (sheet.value)
    g_string_free (sheet.value, TRUE);
  g_free (sheet.type);
  return ok;
}

/**
 * peil_xlsx_read_first_sheet:
 * @bytes: the workbook file
 * @func: called for each row that holds something, in the sheet's order
 *
 * Reads the first sheet that is not hidden. Numbers come as text ("5",
 * "2.5"); numbers shown as times as "H:MM:SS", as dates as "YYYY-MM-DD"
 * (with " HH:MM:SS" when they have a time).
 *
 * Returns: %FALSE with @error set when @bytes is no workbook Peil can
 *   read, or @func stopped
 */
gboolean
peil_xlsx_read_first_sheet (GBytes           *bytes,
                            PeilXlsxRowFunc   func,
                            gpointer          user_data,
                            GCancellable     *cancellable,
                            GError          **error)
{
  gsize length;
  const void *data = g_bytes_get_data (bytes, &length);
  zip_error_t zip_error;
  zip_source_t *source;
  zip_t *zip;
  gboolean ok;

  /* Not even a zip's end record: libzip would take an empty file for an
   * empty archive. */
  if (length < 22)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("The file is not an Excel workbook (XLSX): it is not a zip archive"));
      return FALSE;
    }

  zip_error_init (&zip_error);
  if ((source = zip_source_buffer_create (data, length, 0, &zip_error)) == NULL ||
      (zip = zip_open_from_source (source, ZIP_RDONLY | ZIP_CHECKCONS, &zip_error)) == NULL)
    {
      if (zip_error_code_zip (&zip_error) == ZIP_ER_NOZIP && length >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
        g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                             _("The workbook is cut short or damaged: its zip archive has no list of its parts"));
      else if (zip_error_code_zip (&zip_error) == ZIP_ER_NOZIP)
        g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                             _("The file is not an Excel workbook (XLSX): it is not a zip archive"));
      else
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                     _("The workbook cannot be opened: %s"), zip_error_strerror (&zip_error));
      if (source != NULL)
        zip_source_free (source);
      zip_error_fini (&zip_error);
      return FALSE;
    }
  zip_error_fini (&zip_error);

  ok = read_workbook (zip, func, user_data, cancellable, error);
  zip_discard (zip);
  return ok;
}

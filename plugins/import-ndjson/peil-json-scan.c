/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-ndjson"

#include "config.h"

#include <string.h>
#include <yajl/yajl_parse.h>

#include "peil-json-scan.h"

/*
 * Reads the few values Peil needs out of a line of JSON without building
 * it as a tree. A Zeeschuimer item of X is some 150 values, of which the
 * import reads six: json-glib made a node, a hash table entry and a copy
 * of every one, which was most of an import's time.
 *
 * yajl (Debian's libyajl) checks the line against RFC 8259 and reports
 * its values one by one; the scan keeps those at the paths it was made
 * for ("data.legacy.full_text"; a number for an array's element). It
 * gives up — and the caller lets json-glib read the line, with
 * json-glib's verdict and message — on anything where the two could
 * differ: what yajl refuses (json-glib is more lenient), a NUL, a lone
 * escaped UTF-16 surrogate (yajl decodes one as "?"), nesting past
 * PEIL_JSON_MAX_DEPTH, a duplicate key on a path it reads (json-glib
 * keeps the last), a number with an exponent or past 18 digits, a
 * fraction on a path it reads, and an array where a path goes on with a
 * name (json-glib's path walk reads the name as an index). So what it
 * reads is what json-glib would read.
 */
#define MAX_PATH 256

typedef struct
{
  guint            seen;             /* the read that last met it */
  PeilJsonScanKind kind;
  GString         *text;
  gint64           number;
  gboolean         goes_on_by_name;  /* a path goes on from here with a name */
} Field;

typedef struct
{
  gsize    path_length;
  gboolean matchable;
  gboolean array;
  guint    index;
} Frame;

struct _PeilJsonScan
{
  GHashTable *fields;   /* every path asked for and every prefix of one → Field */
  gsize       max_path;
  guint       generation;
  GArray     *frames;   /* the open objects and arrays, outermost first */
  gsize       key_length;       /* the path of the value after a key */
  gboolean    key_matchable;
  char        path[MAX_PATH + 1];
};

static void
field_free (gpointer data)
{
  Field *field = data;

  g_string_free (field->text, TRUE);
  g_free (field);
}

static gboolean
is_index (const char *part,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (part[i]))
      return FALSE;
  return length > 0;
}

/**
 * peil_json_scan_new:
 * @paths: the paths to read, parts joined by dots
 */
PeilJsonScan *
peil_json_scan_new (const char * const *paths)
{
  PeilJsonScan *scan = g_new0 (PeilJsonScan, 1);

  scan->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, field_free);
  scan->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  for (guint i = 0; paths[i] != NULL; i++)
    {
      const char *path = paths[i];
      const char *dot = path;

      g_return_val_if_fail (strlen (path) <= MAX_PATH, scan);
      scan->max_path = MAX (scan->max_path, strlen (path));
      for (;;)
        {
          gsize length = (dot = strchr (dot, '.')) ? (gsize)(dot - path) : strlen (path);
          g_autofree char *prefix = g_strndup (path, length);
          Field *field = g_hash_table_lookup (scan->fields, prefix);

          if (field == NULL)
            {
              field = g_new0 (Field, 1);
              field->text = g_string_new (NULL);
              g_hash_table_insert (scan->fields, g_steal_pointer (&prefix), field);
            }
          if (dot == NULL)
            break;
          dot++;
          if (!is_index (dot, strcspn (dot, ".")))
            field->goes_on_by_name = TRUE;
        }
    }
  scan->generation = 1;
  return scan;
}

void
peil_json_scan_free (PeilJsonScan *scan)
{
  g_hash_table_unref (scan->fields);
  g_array_unref (scan->frames);
  g_free (scan);
}

/* Appends @part to the path of the innermost open value, when the result
 * can still be a path asked for; returns the new length in @out_length. */
static gboolean
extend_path (PeilJsonScan *scan,
             gsize         length,
             const char   *part,
             gsize         part_length,
             gsize        *out_length)
{
  gsize child_length = length + (length > 0) + part_length;

  *out_length = child_length;
  if (child_length > scan->max_path || memchr (part, '.', part_length) != NULL)
    return FALSE;
  if (length > 0)
    scan->path[length] = '.';
  memcpy (scan->path + child_length - part_length, part, part_length);
  return TRUE;
}

/* The field of the value that starts now, if it is on a path asked for;
 * sets @out_refused when the line must go to json-glib instead. */
static Field *
begin_value (PeilJsonScan *scan,
             gboolean     *out_refused)
{
  gsize length = 0;
  gboolean matchable = TRUE;
  Field *field;

  *out_refused = FALSE;
  if (scan->frames->len > 0)
    {
      Frame *parent = &g_array_index (scan->frames, Frame, scan->frames->len - 1);

      if (parent->array)
        {
          char number[16];
          int number_length = g_snprintf (number, sizeof number, "%u", parent->index++);

          matchable = parent->matchable &&
                      extend_path (scan, parent->path_length, number, number_length, &length);
        }
      else
        {
          length = scan->key_length;
          matchable = scan->key_matchable;
        }
    }
  if (!matchable || length == 0)
    return NULL;

  scan->path[length] = '\0';
  if ((field = g_hash_table_lookup (scan->fields, scan->path)) == NULL)
    return NULL;
  if (field->seen == scan->generation)
    {
      *out_refused = TRUE;   /* a duplicate key */
      return NULL;
    }
  field->seen = scan->generation;
  field->kind = PEIL_JSON_SCAN_OTHER;
  return field;
}

static int
on_literal (void *user_data)
{
  gboolean refused;

  begin_value (user_data, &refused);
  return !refused;
}

static int
on_boolean (void *user_data,
            int   value G_GNUC_UNUSED)
{
  return on_literal (user_data);
}

static int
on_number (void       *user_data,
           const char *text,
           size_t      length)
{
  PeilJsonScan *scan = user_data;
  gboolean negative = text[0] == '-';
  gsize digits = strspn (text + negative, "0123456789");
  gboolean refused;
  Field *field = begin_value (scan, &refused);
  gint64 value = 0;

  if (refused || digits > 18 || memchr (text, 'e', length) || memchr (text, 'E', length))
    return 0;
  if (field == NULL)
    return 1;
  if (negative + digits != length)
    return 0;   /* a fraction on a path read */
  for (gsize i = negative; i < length; i++)
    value = value * 10 + (text[i] - '0');
  field->kind = PEIL_JSON_SCAN_INT;
  field->number = negative ? -value : value;
  return 1;
}

static int
on_string (void                *user_data,
           const unsigned char *text,
           size_t               length)
{
  PeilJsonScan *scan = user_data;
  gboolean refused;
  Field *field = begin_value (scan, &refused);

  if (refused || memchr (text, '\0', length) != NULL)
    return 0;
  if (field != NULL)
    {
      field->kind = PEIL_JSON_SCAN_STRING;
      g_string_truncate (field->text, 0);
      g_string_append_len (field->text, (const char *) text, length);
    }
  return 1;
}

static int
open_container (PeilJsonScan *scan,
                gboolean      array)
{
  gboolean refused;
  Field *field = begin_value (scan, &refused);
  Frame frame = { 0, field != NULL || scan->frames->len == 0, array, 0 };

  if (refused || scan->frames->len >= PEIL_JSON_MAX_DEPTH)
    return 0;
  if (field != NULL)
    {
      if (array && field->goes_on_by_name)
        return 0;
      field->kind = array ? PEIL_JSON_SCAN_ARRAY : PEIL_JSON_SCAN_OBJECT;
    }
  /* Only a value on a path asked for (or the line itself) has children
   * that can be; its path is where begin_value() left it. */
  if (frame.matchable && scan->frames->len > 0)
    frame.path_length = strlen (scan->path);
  g_array_append_val (scan->frames, frame);
  return 1;
}

static int
on_start_map (void *user_data)
{
  return open_container (user_data, FALSE);
}

static int
on_start_array (void *user_data)
{
  return open_container (user_data, TRUE);
}

static int
on_end (void *user_data)
{
  PeilJsonScan *scan = user_data;

  g_array_set_size (scan->frames, scan->frames->len - 1);
  return 1;
}

static int
on_map_key (void                *user_data,
            const unsigned char *key,
            size_t               length)
{
  PeilJsonScan *scan = user_data;
  Frame *frame = &g_array_index (scan->frames, Frame, scan->frames->len - 1);

  if (memchr (key, '\0', length) != NULL)
    return 0;
  scan->key_matchable = frame->matchable &&
                        extend_path (scan, frame->path_length, (const char *) key, length, &scan->key_length);
  return 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_literal,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end,
};

static gboolean
escapes_in (const char *p,
            const char *end,
            const char *first)
{
  return end - p >= 6 && p[0] == '\\' && p[1] == 'u' && (p[2] == 'd' || p[2] == 'D') &&
         strchr (first, p[3]) != NULL && p[3] != '\0';
}

/* Whether @data escapes a UTF-16 surrogate that is not half of a pair:
 * yajl reads one as "?", json-glib may refuse it. Pairs (an emoji in an
 * ASCII-only export) are read alike. */
static gboolean
escapes_lone_surrogate (const char *data,
                        gsize       length)
{
  const char *end = data + length;

  for (const char *p = data; (p = memchr (p, '\\', end - p)) != NULL && end - p >= 2; p += 2)
    {
      if (escapes_in (p, end, "89abAB"))
        {
          if (!escapes_in (p + 6, end, "cdefCDEF"))
            return TRUE;
          p += 10;
        }
      else if (escapes_in (p, end, "cdefCDEF"))
        return TRUE;
    }
  return FALSE;
}

/**
 * peil_json_scan_read:
 * @data: a JSON text, which must be valid UTF-8
 *
 * Returns: whether the values were read; %FALSE when the text is not an
 *   object, or not one this scan reads as json-glib would: then let
 *   json-glib read it
 */
gboolean
peil_json_scan_read (PeilJsonScan *scan,
                     const char   *data,
                     gsize         length)
{
  yajl_handle parser;
  gsize start = strspn (data, " \t\r\n");
  gboolean read;

  scan->generation++;
  g_array_set_size (scan->frames, 0);
  if (start >= length || data[start] != '{' || memchr (data, '\0', length) != NULL ||
      escapes_lone_surrogate (data, length))
    return FALSE;

  parser = yajl_alloc (&callbacks, NULL, scan);
  read = yajl_parse (parser, (const unsigned char *) data, length) == yajl_status_ok &&
         yajl_complete_parse (parser) == yajl_status_ok;
  yajl_free (parser);
  return read;
}

static Field *
lookup (PeilJsonScan *scan,
        const char   *path)
{
  Field *field = g_hash_table_lookup (scan->fields, path);

  g_return_val_if_fail (field != NULL, NULL);
  return field->seen == scan->generation ? field : NULL;
}

/**
 * peil_json_scan_get_kind:
 * @path: one of the paths the scan was made for, or a prefix of one
 */
PeilJsonScanKind
peil_json_scan_get_kind (PeilJsonScan *scan,
                         const char   *path)
{
  Field *field = lookup (scan, path);
  return field ? field->kind : PEIL_JSON_SCAN_ABSENT;
}

/* Returns: (nullable): the string at @path, or %NULL when it is none */
const char *
peil_json_scan_get_string (PeilJsonScan *scan,
                           const char   *path)
{
  Field *field = lookup (scan, path);
  return field && field->kind == PEIL_JSON_SCAN_STRING ? field->text->str : NULL;
}

/* Returns: whether the value at @path is a whole number */
gboolean
peil_json_scan_get_int (PeilJsonScan *scan,
                        const char   *path,
                        gint64       *out_value)
{
  Field *field = lookup (scan, path);
  gboolean is_int = field && field->kind == PEIL_JSON_SCAN_INT;

  *out_value = is_int ? field->number : 0;
  return is_int;
}

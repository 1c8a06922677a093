/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-ndjson"

#include "config.h"

#include <string.h>

#include "peil-json-scan.h"

/*
 * Reads the few values Peil needs out of a line of JSON without building
 * it as a tree. A Zeeschuimer item of X is some 150 values, of which the
 * import reads six: json-glib made a node, a hash table entry and a copy
 * of every one, which was most of an import's time.
 *
 * The scan checks the whole line against RFC 8259 and reads the values
 * at the paths it was made for ("data.legacy.full_text"; a number for an
 * array's element). It gives up — and the caller lets json-glib read the
 * line, with json-glib's verdict and message — on anything where the two
 * could differ: what RFC 8259 does not allow (json-glib is more lenient),
 * a NUL, nesting past PEIL_JSON_MAX_DEPTH, a key with an escape, a
 * duplicate key on a path it reads (json-glib keeps the last), a number
 * with an exponent or past 18 digits, a fraction on a path it reads, and
 * an array where a path goes on with a name (json-glib's path walk reads
 * the name as an index). So what it reads is what json-glib would read.
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

struct _PeilJsonScan
{
  GHashTable *fields;   /* every path asked for and every prefix of one → Field */
  gsize       max_path;
  guint       generation;
  guint       depth;
  const char *p;
  const char *end;
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
  g_free (scan);
}

static void
skip_space (PeilJsonScan *scan)
{
  while (scan->p < scan->end && (*scan->p == ' ' || *scan->p == '\t' || *scan->p == '\n' || *scan->p == '\r'))
    scan->p++;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (PeilJsonScan *scan,
           gunichar     *out)
{
  gunichar value = 0;

  if (scan->end - scan->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (scan->p[i]);
      if (digit < 0)
        return FALSE;
      value = value << 4 | digit;
    }
  scan->p += 4;
  *out = value;
  return TRUE;
}

/* A string from just after its opening quote; decoded into @out if given.
 * @had_escape: (out) (optional): whether it held a backslash */
static gboolean
read_string (PeilJsonScan *scan,
             GString      *out,
             gboolean     *had_escape)
{
  const char *run = scan->p;

  if (had_escape)
    *had_escape = FALSE;
  while (scan->p < scan->end)
    {
      guchar c = *scan->p;
      gunichar code;

      if (c == '"')
        {
          if (out)
            g_string_append_len (out, run, scan->p - run);
          scan->p++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          scan->p++;
          continue;
        }

      if (had_escape)
        *had_escape = TRUE;
      if (out)
        g_string_append_len (out, run, scan->p - run);
      if (++scan->p >= scan->end)
        return FALSE;
      switch (*scan->p++)
        {
        case '"':  code = '"'; break;
        case '\\': code = '\\'; break;
        case '/':  code = '/'; break;
        case 'b':  code = '\b'; break;
        case 'f':  code = '\f'; break;
        case 'n':  code = '\n'; break;
        case 'r':  code = '\r'; break;
        case 't':  code = '\t'; break;
        case 'u':
          if (!read_hex4 (scan, &code) || code == 0 || (code >= 0xDC00 && code <= 0xDFFF))
            return FALSE;
          if (code >= 0xD800 && code <= 0xDBFF)
            {
              gunichar low;

              if (scan->end - scan->p < 6 || scan->p[0] != '\\' || scan->p[1] != 'u')
                return FALSE;
              scan->p += 2;
              if (!read_hex4 (scan, &low) || low < 0xDC00 || low > 0xDFFF)
                return FALSE;
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            }
          break;
        default:
          return FALSE;
        }
      if (out)
        g_string_append_unichar (out, code);
      run = scan->p;
    }
  return FALSE;
}

static gboolean
read_digits (PeilJsonScan *scan)
{
  const char *start = scan->p;

  while (scan->p < scan->end && g_ascii_isdigit (*scan->p))
    scan->p++;
  return scan->p > start;
}

static gboolean
read_number (PeilJsonScan *scan,
             Field        *field)
{
  const char *start = scan->p;
  gboolean negative = *scan->p == '-';
  gint64 value = 0;

  if (negative)
    scan->p++;
  if (scan->p < scan->end && *scan->p == '0')
    scan->p++;
  else if (!read_digits (scan))
    return FALSE;
  if (scan->p - start - negative > 18)
    return FALSE;
  for (const char *d = start + negative; d < scan->p; d++)
    value = value * 10 + (*d - '0');

  if (scan->p < scan->end && *scan->p == '.')
    {
      scan->p++;
      if (!read_digits (scan) || field != NULL)
        return FALSE;
    }
  if (scan->p < scan->end && (*scan->p == 'e' || *scan->p == 'E'))
    return FALSE;

  if (field != NULL)
    {
      field->kind = PEIL_JSON_SCAN_INT;
      field->number = negative ? -value : value;
    }
  return TRUE;
}

static gboolean
read_literal (PeilJsonScan *scan,
              const char   *word)
{
  gsize length = strlen (word);

  if ((gsize)(scan->end - scan->p) < length || memcmp (scan->p, word, length) != 0)
    return FALSE;
  scan->p += length;
  return TRUE;
}

/* The value at scan->path[0..@path_length), which is a path to look up
 * when @matchable. */
static gboolean
read_value (PeilJsonScan *scan,
            gsize         path_length,
            gboolean      matchable)
{
  Field *field = NULL;

  skip_space (scan);
  if (scan->p >= scan->end)
    return FALSE;

  if (matchable && path_length > 0)
    {
      scan->path[path_length] = '\0';
      if ((field = g_hash_table_lookup (scan->fields, scan->path)) != NULL)
        {
          if (field->seen == scan->generation)
            return FALSE;   /* a duplicate key */
          field->seen = scan->generation;
          field->kind = PEIL_JSON_SCAN_OTHER;
        }
    }

  switch (*scan->p)
    {
    case '{':
    case '[':
      {
        gboolean object = *scan->p == '{';
        guint index = 0;

        if (++scan->depth > PEIL_JSON_MAX_DEPTH)
          return FALSE;
        if (field != NULL)
          {
            if (!object && field->goes_on_by_name)
              return FALSE;
            field->kind = object ? PEIL_JSON_SCAN_OBJECT : PEIL_JSON_SCAN_ARRAY;
          }
        scan->p++;
        skip_space (scan);
        if (scan->p < scan->end && *scan->p == (object ? '}' : ']'))
          {
            scan->p++;
            scan->depth--;
            return TRUE;
          }

        for (;;)
          {
            gsize child_length = path_length;
            gboolean child_matchable = matchable;

            if (object)
              {
                const char *key;
                gboolean had_escape;
                gsize key_length;

                skip_space (scan);
                if (scan->p >= scan->end || *scan->p != '"')
                  return FALSE;
                key = ++scan->p;
                if (!read_string (scan, NULL, &had_escape) || had_escape)
                  return FALSE;
                key_length = scan->p - 1 - key;
                child_length = path_length + (path_length > 0) + key_length;
                child_matchable = matchable && child_length <= scan->max_path && !memchr (key, '.', key_length);
                if (child_matchable)
                  {
                    if (path_length > 0)
                      scan->path[path_length] = '.';
                    memcpy (scan->path + child_length - key_length, key, key_length);
                  }
                skip_space (scan);
                if (scan->p >= scan->end || *scan->p != ':')
                  return FALSE;
                scan->p++;
              }
            else if (matchable)
              {
                char number[16];
                int number_length = g_snprintf (number, sizeof number, "%u", index++);

                child_length = path_length + (path_length > 0) + number_length;
                child_matchable = child_length <= scan->max_path;
                if (child_matchable)
                  {
                    if (path_length > 0)
                      scan->path[path_length] = '.';
                    memcpy (scan->path + child_length - number_length, number, number_length);
                  }
              }

            if (!read_value (scan, child_length, child_matchable))
              return FALSE;
            skip_space (scan);
            if (scan->p >= scan->end)
              return FALSE;
            if (*scan->p == ',')
              {
                scan->p++;
                continue;
              }
            if (*scan->p != (object ? '}' : ']'))
              return FALSE;
            scan->p++;
            scan->depth--;
            return TRUE;
          }
      }

    case '"':
      scan->p++;
      if (field != NULL)
        {
          g_string_truncate (field->text, 0);
          field->kind = PEIL_JSON_SCAN_STRING;
          return read_string (scan, field->text, NULL);
        }
      return read_string (scan, NULL, NULL);

    case 't':
      return read_literal (scan, "true");
    case 'f':
      return read_literal (scan, "false");
    case 'n':
      return read_literal (scan, "null");

    default:
      if (*scan->p == '-' || g_ascii_isdigit (*scan->p))
        return read_number (scan, field);
      return FALSE;
    }
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
  scan->generation++;
  scan->depth = 0;
  scan->p = data;
  scan->end = data + length;

  skip_space (scan);
  if (scan->p >= scan->end || *scan->p != '{' || !read_value (scan, 0, TRUE))
    return FALSE;
  skip_space (scan);
  return scan->p == scan->end;
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

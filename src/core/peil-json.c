/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-error.h"
#include "peil-json.h"

/* json-glib parses nested values by recursion, so 100,000 brackets in a
 * 200 kB line overflow the stack: count the nesting first, in one pass.
 * Outside strings only JSON's own characters may appear (RFC 8259):
 * json-glib also reads comments and single-quoted strings, and a quote
 * hidden in one of those would make this count miss brackets it parses. */
static gboolean
check_nesting (const char  *data,
               gsize        length,
               GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];

      if (in_string)
        {
          /* json-glib's strings end at NUL, C strings: "abc\u0000one" and
           * "abc\u0000two" would read as one id, a text be cut short. */
          if (c == '\0' || (c == '\\' && i + 5 < length && memcmp (data + i + 1, "u0000", 5) == 0))
            {
              g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("Not valid JSON for Peil: a text holds the character NUL (\\u0000) at byte %lu, "
                             "which would cut it short"), (unsigned long)(i + 1));
              return FALSE;
            }
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '{':
        case '[':
          if (++depth > PEIL_JSON_MAX_DEPTH)
            {
              g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("Not valid JSON: nested more than %u levels deep"), PEIL_JSON_MAX_DEPTH);
              return FALSE;
            }
          break;

        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;

        case ' ': case '\t': case '\n': case '\r':
        case ':': case ',': case '-': case '+': case '.':
          break;

        default:
          if (!g_ascii_isalnum (c))
            {
              g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("Not valid JSON: unexpected character at byte %lu"), (unsigned long)(i + 1));
              return FALSE;
            }
        }
    }

  return TRUE;
}

/**
 * peil_json_load:
 * @parser: the parser to load, kept by the caller so that a long file
 *   reuses one
 * @length: the length of @data, or -1 when it ends with a NUL
 *
 * json_parser_load_from_data() for data from a file or a server: nesting
 * deeper than %PEIL_JSON_MAX_DEPTH is refused before parsing.
 *
 * Returns: whether @parser holds the document; otherwise @error says why,
 *   beginning with "Not valid JSON"
 */
gboolean
peil_json_load (JsonParser  *parser,
                const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(GError) parse_error = NULL;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (length < 0)
    length = strlen (data);
  if (!check_nesting (data, length, error))
    return FALSE;

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      /* json-glib's message can quote a broken character of the input. */
      g_autofree char *message = g_utf8_make_valid (parse_error->message, -1);

      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Not valid JSON: %s"), message);
      return FALSE;
    }
  return TRUE;
}

/* A copy of @data with every NUL in a string, escaped or raw, made
 * U+FFFD, or NULL when there is none.  The escape keeps its length, so
 * the byte offsets json-glib reports still point into the original. */
static char *
replace_nul (const char *data,
             gsize       length,
             gsize      *out_length,
             guint      *n_replaced)
{
  GString *copy = NULL;
  gboolean in_string = FALSE;
  gsize done = 0;

  *n_replaced = 0;
  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];
      gsize nul_length = 0;

      if (!in_string)
        {
          in_string = c == '"';
          continue;
        }
      if (c == '\0')
        nul_length = 1;
      else if (c == '\\' && i + 5 < length && memcmp (data + i + 1, "u0000", 5) == 0)
        nul_length = 6;
      else if (c == '\\')
        i++;
      else if (c == '"')
        in_string = FALSE;

      if (nul_length > 0)
        {
          if (copy == NULL)
            copy = g_string_sized_new (length + 8);
          g_string_append_len (copy, data + done, i - done);
          g_string_append (copy, "\\uFFFD");
          done = i + nul_length;
          i = done - 1;
          (*n_replaced)++;
        }
    }
  if (copy == NULL)
    return NULL;
  g_string_append_len (copy, data + done, length - done);
  *out_length = copy->len;
  return g_string_free (copy, FALSE);
}

/**
 * peil_json_load_response:
 * @parser: the parser to load
 * @length: the length of @data, or -1 when it ends with a NUL
 * @n_replaced: (out) (optional): how many NUL characters became U+FFFD
 *
 * peil_json_load() for the body of a server's answer.  A file's line with
 * NUL is refused whole, but one post with \u0000 on a page of forty
 * would then fail the page, and the query on every run after: here each
 * NUL in a string becomes U+FFFD, which cannot cut a C string short.
 *
 * Returns: whether @parser holds the document; otherwise @error says why
 */
gboolean
peil_json_load_response (JsonParser  *parser,
                         const char  *data,
                         gssize       length,
                         guint       *n_replaced,
                         GError     **error)
{
  g_autofree char *replaced = NULL;
  gsize replaced_length = 0;
  guint n = 0;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (length < 0)
    length = strlen (data);
  replaced = replace_nul (data, length, &replaced_length, &n);
  if (n_replaced != NULL)
    *n_replaced = n;
  if (replaced != NULL)
    {
      g_debug ("Replaced %u NUL characters in a server's answer with U+FFFD", n);
      return peil_json_load (parser, replaced, replaced_length, error);
    }
  return peil_json_load (parser, data, length, error);
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

/**
 * peil_json_get_string:
 * @object: (nullable): an object, or %NULL for none
 *
 * Looks up a string member without the criticals that
 * json_object_get_string_member() gives for a missing member or one of another
 * type; meant for hostile input.
 *
 * Returns: (nullable): the member's text, or %NULL when it is missing or
 *   not a string
 */
const char *
peil_json_get_string (JsonObject *object,
                      const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/**
 * peil_json_get_int:
 * @object: (nullable): an object, or %NULL for none
 * @out_value: (out): the number; 0 when there is none
 *
 * Reads a whole-number member of hostile input; a missing member, another type
 * or a fraction gives %FALSE instead of a critical.
 *
 * Returns: whether the member is a whole number
 */
gboolean
peil_json_get_int (JsonObject *object,
                   const char *name,
                   gint64     *out_value)
{
  JsonNode *node = member (object, name);
  gboolean is_int = node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;

  *out_value = is_int ? json_node_get_int (node) : 0;
  return is_int;
}

/**
 * peil_json_get_object:
 * @object: (nullable): an object, or %NULL for none
 *
 * Looks up an object member without the criticals that
 * json_object_get_object_member() gives for a missing member or one of another
 * type; meant for hostile input.
 *
 * Returns: (transfer none) (nullable): the member, or %NULL when it is
 *   missing or not an object
 */
JsonObject *
peil_json_get_object (JsonObject *object,
                      const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * peil_json_get_array:
 * @object: (nullable): an object, or %NULL for none
 *
 * Looks up an array member without the criticals that
 * json_object_get_array_member() gives for a missing member or one of another
 * type; meant for hostile input.
 *
 * Returns: (transfer none) (nullable): the member, or %NULL when it is
 *   missing or not an array
 */
JsonArray *
peil_json_get_array (JsonObject *object,
                     const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

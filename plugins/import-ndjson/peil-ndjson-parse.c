/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-ndjson"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-ndjson-parse.h"
#include "peil-platform-mapper.h"

/*
 * One line of NDJSON in three dialects told apart per line: Peil's own
 * interchange format ({"peil": 1, …}, docs/formats.md), Zeeschuimer's
 * export ({"item_id", "source_platform", "data": {…}}) and 4CAT's
 * ({…platform item…, "__import_meta": {"source_platform", …}}). Apart
 * from the plugin's file reading so that the fuzz target runs it alone.
 */

/* Ids are numbers in some exports and strings in others. */
static char *
id_member (JsonObject *object,
           const char *name)
{
  gint64 number;

  if (peil_json_get_int (object, name, &number))
    return g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return g_strdup (peil_json_get_string (object, name));
}

static gint64
collected_at (JsonObject *meta)
{
  gint64 milliseconds;

  peil_json_get_int (meta, "timestamp_collected", &milliseconds);
  return milliseconds / 1000;
}

static PeilPost *
map_collected_item (const char  *platform,
                    JsonObject  *item,
                    JsonObject  *meta,
                    const char  *line,
                    GError     **error)
{
  g_autofree char *fallback_id = id_member (meta, "item_id");
  g_autofree char *mapper = NULL;
  PeilPost *post;

  if (!(post = peil_platform_map_item (platform, item, fallback_id, &mapper, error)))
    return NULL;

  peil_post_set_fetched_at (post, collected_at (meta));
  peil_post_set_channel (post, platform);
  peil_post_set_raw (post, line, mapper);
  return post;
}

static PeilPost *
read_object (JsonObject  *object,
             const char  *line,
             GError     **error)
{
  JsonObject *meta, *data;

  if (json_object_has_member (object, "peil"))
    return peil_post_new_from_json (object, error);

  /* 4CAT: the item itself, with the collector's fields under __import_meta. */
  if ((meta = peil_json_get_object (object, "__import_meta")) != NULL)
    return map_collected_item (peil_json_get_string (meta, "source_platform"), object, meta, line, error);

  /* Zeeschuimer: the collector's fields, with the item under "data". */
  if ((data = peil_json_get_object (object, "data")) != NULL && json_object_has_member (object, "source_platform"))
    return map_collected_item (peil_json_get_string (object, "source_platform"), data, object, line, error);

  g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("Not a Peil, Zeeschuimer or 4CAT record"));
  return NULL;
}

/**
 * peil_ndjson_parse_line:
 * @parser: a parser to reuse from line to line
 * @line: one line of the file, without its end
 *
 * Returns: (transfer full): the post, or %NULL with @error saying why
 *   the line is rejected
 */
PeilPost *
peil_ndjson_parse_line (JsonParser  *parser,
                        const char  *line,
                        GError     **error)
{
  JsonNode *root;

  if (!g_utf8_validate (line, -1, NULL))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The line is not valid UTF-8 text"));
      return NULL;
    }

  if (!peil_json_load (parser, line, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The line is not a JSON object"));
      return NULL;
    }

  return read_object (json_node_get_object (root), line, error);
}

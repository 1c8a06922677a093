/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-ndjson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

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
map_collected_item (const char              *platform,
                    const PeilPlatformItem  *item,
                    const char              *fallback_id,
                    gint64                   fetched_at,
                    const char              *line,
                    GError                 **error)
{
  g_autofree char *mapper = NULL;
  PeilPost *post;

  if (!(post = peil_platform_map_item (platform, item, fallback_id, &mapper, error)))
    return NULL;

  peil_post_set_fetched_at (post, fetched_at);
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
    {
      PeilPlatformItem item = { object, NULL, NULL };
      g_autofree char *fallback_id = id_member (meta, "item_id");

      return map_collected_item (peil_json_get_string (meta, "source_platform"), &item, fallback_id,
                                 collected_at (meta), line, error);
    }

  /* Zeeschuimer: the collector's fields, with the item under "data". */
  if ((data = peil_json_get_object (object, "data")) != NULL && json_object_has_member (object, "source_platform"))
    {
      PeilPlatformItem item = { data, NULL, NULL };
      g_autofree char *fallback_id = id_member (object, "item_id");

      return map_collected_item (peil_json_get_string (object, "source_platform"), &item, fallback_id,
                                 collected_at (object), line, error);
    }

  g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("Not a Peil, Zeeschuimer or 4CAT record"));
  return NULL;
}

static const char * const collector_paths[] = {
  "peil", "data", "source_platform", "item_id", "timestamp_collected",
  "__import_meta", "__import_meta.source_platform", "__import_meta.item_id", "__import_meta.timestamp_collected",
  NULL
};

/**
 * peil_ndjson_scan_new:
 *
 * Returns: (transfer full): a scan of the values a Zeeschuimer or 4CAT
 *   line is read for, to reuse from line to line
 */
PeilJsonScan *
peil_ndjson_scan_new (void)
{
  g_autoptr(GPtrArray) paths = peil_platform_map_paths ("data.");
  g_autoptr(GPtrArray) top = peil_platform_map_paths ("");

  for (guint i = 0; i < top->len; i++)
    g_ptr_array_add (paths, g_strdup (g_ptr_array_index (top, i)));
  for (guint i = 0; collector_paths[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup (collector_paths[i]));
  g_ptr_array_add (paths, NULL);
  return peil_json_scan_new ((const char * const *)paths->pdata);
}

/* An id the collector gives, a number in some exports and a string in
 * others, as id_member() reads it. */
static char *
scanned_id (PeilJsonScan *scan,
            const char   *path)
{
  gint64 number;

  if (peil_json_scan_get_int (scan, path, &number))
    return g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return g_strdup (peil_json_scan_get_string (scan, path));
}

/* A Zeeschuimer or 4CAT line read by @scan, as read_object() reads it;
 * %FALSE for a Peil line or one that is neither, which read_object()
 * reads or rejects. */
static gboolean
read_scanned (PeilJsonScan  *scan,
              const char    *line,
              PeilPost     **out_post,
              GError       **error)
{
  g_autofree char *fallback_id = NULL;
  PeilPlatformItem item = { NULL, scan, NULL };
  const char *meta;
  gint64 milliseconds;

  if (peil_json_scan_get_kind (scan, "peil") != PEIL_JSON_SCAN_ABSENT)
    return FALSE;
  if (peil_json_scan_get_kind (scan, "__import_meta") == PEIL_JSON_SCAN_OBJECT)
    {
      meta = "__import_meta.";
      item.prefix = "";
    }
  else if (peil_json_scan_get_kind (scan, "data") == PEIL_JSON_SCAN_OBJECT &&
           peil_json_scan_get_kind (scan, "source_platform") != PEIL_JSON_SCAN_ABSENT)
    {
      meta = "";
      item.prefix = "data.";
    }
  else
    return FALSE;

  {
    g_autofree char *platform_path = g_strconcat (meta, "source_platform", NULL);
    g_autofree char *id_path = g_strconcat (meta, "item_id", NULL);
    g_autofree char *time_path = g_strconcat (meta, "timestamp_collected", NULL);

    fallback_id = scanned_id (scan, id_path);
    peil_json_scan_get_int (scan, time_path, &milliseconds);
    *out_post = map_collected_item (peil_json_scan_get_string (scan, platform_path), &item, fallback_id,
                                    milliseconds / 1000, line, error);
  }
  return TRUE;
}

/**
 * peil_ndjson_parse_line:
 * @parser: a parser to reuse from line to line
 * @scan: (nullable): from peil_ndjson_scan_new(), to reuse likewise: reads
 *   Zeeschuimer and 4CAT lines without building them as trees
 * @line: one line of the file, without its end
 *
 * Returns: (transfer full): the post, or %NULL with @error saying why
 *   the line is rejected
 */
PeilPost *
peil_ndjson_parse_line (JsonParser    *parser,
                        PeilJsonScan  *scan,
                        const char    *line,
                        GError       **error)
{
  PeilPost *post = NULL;
  JsonNode *root;

  if (!g_utf8_validate (line, -1, NULL))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The line is not valid UTF-8 text"));
      return NULL;
    }

  if (scan != NULL && peil_json_scan_read (scan, line, strlen (line)) && read_scanned (scan, line, &post, error))
    return post;

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

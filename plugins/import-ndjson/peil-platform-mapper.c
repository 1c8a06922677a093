/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-ndjson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-platform-mapper.h"

/*
 * Zeeschuimer and 4CAT keep each item exactly as the platform's web API
 * delivered it. This table says where each platform keeps the fields Peil
 * needs; each field lists candidate paths, first found wins, because the
 * platforms move fields around (X moved the screen name from "legacy" to
 * "core" in 2024). Bump MAPPER_VERSION whenever a path changes, so posts
 * read by an older mapping can be found and re-read from their raw payload.
 */
#define MAPPER_VERSION 1
#define MAX_PATHS 4

typedef struct
{
  const char *domains[3];
  const char *source;
  const char *id[MAX_PATHS];
  const char *text[MAX_PATHS];
  const char *time[MAX_PATHS];
  const char *handle[MAX_PATHS];
  const char *name[MAX_PATHS];
  const char *language[MAX_PATHS];
  const char *url_format;        /* %h: handle, %i: id */
} PlatformMap;

static const PlatformMap platforms[] = {
  {
    { "x.com", "twitter.com" }, "x",
    { "rest_id", "legacy.id_str" },
    { "note_tweet.note_tweet_results.result.text", "legacy.full_text" },
    { "legacy.created_at" },
    { "core.user_results.result.core.screen_name", "core.user_results.result.legacy.screen_name" },
    { "core.user_results.result.core.name", "core.user_results.result.legacy.name" },
    { "legacy.lang" },
    "https://x.com/%h/status/%i",
  },
  {
    { "tiktok.com" }, "tiktok",
    { "id" },
    { "desc" },
    { "createTime" },
    { "author.uniqueId", "author" },
    { "author.nickname", "nickname" },
    { "textLanguage" },
    "https://www.tiktok.com/@%h/video/%i",
  },
  {
    { "instagram.com" }, "instagram",
    { "code", "shortcode", "id" },
    { "caption.text", "edge_media_to_caption.edges.0.node.text" },
    { "taken_at", "taken_at_timestamp" },
    { "user.username", "owner.username" },
    { "user.full_name", "owner.full_name" },
    { NULL },
    "https://www.instagram.com/p/%i/",
  },
  {
    { "threads.net", "threads.com" }, "threads",
    { "code", "id" },
    { "caption.text" },
    { "taken_at" },
    { "user.username" },
    { "user.full_name" },
    { NULL },
    "https://www.threads.net/@%h/post/%i",
  },
};

/* For platforms without a mapping: the names most APIs use. */
static const PlatformMap generic = {
  { NULL }, NULL,
  { "id", "item_id", "post_id" },
  { "text", "body", "content", "message" },
  { "created_at", "timestamp", "date", "createTime" },
  { "username", "author.username", "user.username", "author" },
  { "author.name", "user.name", "name" },
  { "language", "lang" },
  NULL,
};

/* Walks "a.b.0.c" through objects and arrays. */
static JsonNode *
lookup_path (JsonObject *object,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (i > 0)
        {
          if (JSON_NODE_HOLDS_ARRAY (node))
            {
              JsonArray *array = json_node_get_array (node);
              guint64 index = g_ascii_strtoull (parts[i], NULL, 10);

              node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
              if (node == NULL)
                return NULL;
              continue;
            }
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          object = json_node_get_object (node);
        }
      if (!json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
    }

  return node;
}

static char *
node_value (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) != '\0')
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.0f", json_node_get_double (node));
  return NULL;
}

/* The same from a scanned line; it never holds a fraction (see
 * peil-json-scan.c). */
static char *
scanned_value (const PeilPlatformItem *item,
               const char             *path)
{
  char full[512];
  const char *text;
  gint64 number;

  g_snprintf (full, sizeof full, "%s%s", item->prefix, path);
  if ((text = peil_json_scan_get_string (item->scan, full)) != NULL && *text != '\0')
    return g_strdup (text);
  if (peil_json_scan_get_int (item->scan, full, &number))
    return g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return NULL;
}

/* Strings as they are, whole numbers in decimal (ids and epoch times are
 * numbers on some platforms); anything else does not count. */
static char *
first_value (const PeilPlatformItem *item,
             const char * const     *paths)
{
  for (guint i = 0; i < MAX_PATHS && paths[i] != NULL; i++)
    {
      char *value = item->object ? node_value (lookup_path (item->object, paths[i])) : scanned_value (item, paths[i]);

      if (value != NULL)
        return value;
    }

  return NULL;
}

/**
 * peil_platform_map_paths:
 * @prefix: where the item is in the line: "data." or ""
 *
 * Returns: (transfer full): every path a mapping may read, under @prefix,
 *   for peil_json_scan_new()
 */
GPtrArray *
peil_platform_map_paths (const char *prefix)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i <= G_N_ELEMENTS (platforms); i++)
    {
      const PlatformMap *map = i < G_N_ELEMENTS (platforms) ? &platforms[i] : &generic;
      const char * const *fields[] = { map->id, map->text, map->time, map->handle, map->name, map->language };

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        for (guint k = 0; k < MAX_PATHS && fields[f][k] != NULL; k++)
          g_ptr_array_add (paths, g_strconcat (prefix, fields[f][k], NULL));
    }
  return paths;
}

static char *
expand_url (const char *format,
            const char *handle,
            const char *id)
{
  GString *url;

  if (format == NULL || id == NULL || (strstr (format, "%h") && handle == NULL))
    return NULL;

  url = g_string_new (format);
  g_string_replace (url, "%h", handle ? handle : "", 0);
  g_string_replace (url, "%i", id, 0);
  return g_string_free (url, FALSE);
}

static const PlatformMap *
find_platform (const char *platform)
{
  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    for (guint j = 0; j < G_N_ELEMENTS (platforms[i].domains) && platforms[i].domains[j]; j++)
      if (g_str_equal (platform, platforms[i].domains[j]) ||
          g_str_has_suffix (platform, platforms[i].domains[j]))
        return &platforms[i];
  return NULL;
}

/**
 * peil_platform_map_item:
 * @platform: (nullable): Zeeschuimer's module id, such as "tiktok.com" or
 *   "x.com"
 * @item: the platform's own object, parsed or scanned
 * @fallback_id: (nullable): the collector's id for the item
 * @out_mapper: (out): "name/version" of the mapping used
 *
 * Returns: (transfer full): the post, or %NULL with @error saying what
 *   the item lacks
 */
PeilPost *
peil_platform_map_item (const char              *platform,
                        const PeilPlatformItem  *item,
                        const char              *fallback_id,
                        char                   **out_mapper,
                        GError                 **error)
{
  const PlatformMap *map;
  g_autoptr(PeilPost) post = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *time = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *language = NULL;
  g_autofree char *url = NULL;
  gint64 created_at = 0;

  /* The platform names the source of posts without a mapping: an empty
   * one (also "\u0000") would be a post from nowhere. */
  if (platform == NULL || *platform == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("The item does not say which platform it is from (source_platform)"));
      return NULL;
    }

  if ((map = find_platform (platform)) == NULL)
    map = &generic;

  id = first_value (item, map->id);
  if (id == NULL)
    id = g_strdup (fallback_id);
  text = first_value (item, map->text);
  time = first_value (item, map->time);
  handle = first_value (item, map->handle);
  name = first_value (item, map->name);
  language = first_value (item, map->language);

  if (id == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The %s item has no id"), platform);
      return NULL;
    }
  if (text == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The %s item %s has no text"), platform, id);
      return NULL;
    }
  if (time != NULL && !peil_time_parse (time, NULL, &created_at))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("The %s item %s has a time that cannot be read: %s"), platform, id, time);
      return NULL;
    }

  post = peil_post_new (map->source ? map->source : platform, id);
  peil_post_set_text (post, text);
  peil_post_set_created_at (post, created_at);
  peil_post_set_author_handle (post, handle);
  peil_post_set_author_name (post, name ? name : handle);
  peil_post_set_language (post, language);
  url = expand_url (map->url_format, handle, id);
  peil_post_set_url (post, url);

  *out_mapper = g_strdup_printf ("zeeschuimer-%s/%d", map->source ? map->source : "generic", MAPPER_VERSION);
  return g_steal_pointer (&post);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-ndjson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>
#include <string.h>

#include "peil-platform-mapper.h"

/*
 * Reads NDJSON, one JSON object per line, in three dialects told apart per
 * line: Peil's own interchange format ({"peil": 1, …}, docs/formats.md),
 * Zeeschuimer's export ({"item_id", "source_platform", "data": {…}}) and
 * 4CAT's ({…platform item…, "__import_meta": {"source_platform", …}}).
 */
#define PEIL_TYPE_NDJSON_SOURCE (peil_ndjson_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilNdjsonSource, peil_ndjson_source, PEIL, NDJSON_SOURCE, GObject)

struct _PeilNdjsonSource
{
  GObject parent_instance;
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilNdjsonSource, peil_ndjson_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static const char * const file_patterns[] = { "*.ndjson", "*.jsonl", "*.json", NULL };

static void
peil_ndjson_source_class_init (PeilNdjsonSourceClass *klass)
{
}

static void
peil_ndjson_source_class_finalize (PeilNdjsonSourceClass *klass)
{
}

static void
peil_ndjson_source_init (PeilNdjsonSource *self)
{
}

static const char *
get_id (PeilSource *source)
{
  return "ndjson";
}

static const char *
get_name (PeilSource *source)
{
  return _("NDJSON (Peil, Zeeschuimer, 4CAT)");
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
  gsize i = 0;

  while (i < length && g_ascii_isspace (head[i]))
    i++;
  return i < length && head[i] == '{';
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Ids are numbers in some exports and strings in others. */
static char *
id_member (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return g_strdup (string_member (object, name));
}

static gint64
collected_at (JsonObject *meta)
{
  JsonNode *node = json_object_get_member (meta, "timestamp_collected");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node) / 1000;   /* milliseconds */
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

  if (platform == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("The item does not say which platform it is from (source_platform)"));
      return NULL;
    }

  if (!(post = peil_platform_map_item (platform, item, fallback_id, &mapper, error)))
    return NULL;

  peil_post_set_fetched_at (post, collected_at (meta));
  peil_post_set_channel (post, platform);
  peil_post_set_raw (post, line, mapper);
  return post;
}

static PeilPost *
read_line (JsonObject  *object,
           const char  *line,
           GError     **error)
{
  JsonNode *node;

  if (json_object_has_member (object, "peil"))
    return peil_post_new_from_json (object, error);

  /* 4CAT: the item itself, with the collector's fields under __import_meta. */
  if ((node = json_object_get_member (object, "__import_meta")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *meta = json_node_get_object (node);
      return map_collected_item (string_member (meta, "source_platform"), object, meta, line, error);
    }

  /* Zeeschuimer: the collector's fields, with the item under "data". */
  if ((node = json_object_get_member (object, "data")) != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (object, "source_platform"))
    return map_collected_item (string_member (object, "source_platform"), json_node_get_object (node),
                               object, line, error);

  g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("Not a Peil, Zeeschuimer or 4CAT record"));
  return NULL;
}

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) read_error = NULL;
  char *next;

  while ((next = peil_gather_job_read_line (job, cancellable, &read_error)) != NULL)
    {
      g_autofree char *line = next;
      g_autoptr(GError) line_error = NULL;
      g_autoptr(PeilPost) post = NULL;
      guint64 line_number = peil_gather_job_get_line_number (job);
      JsonNode *root;

      g_strstrip (line);
      if (*line == '\0')
        continue;

      if (!g_utf8_validate (line, -1, NULL))
        {
          peil_gather_job_reject (job, line_number, _("The line is not valid UTF-8 text"));
          continue;
        }

      if (!json_parser_load_from_data (parser, line, -1, &line_error))
        {
          g_autofree char *reason = g_strdup_printf (_("Not valid JSON: %s"), line_error->message);
          peil_gather_job_reject (job, line_number, reason);
          continue;
        }

      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          peil_gather_job_reject (job, line_number, _("The line is not a JSON object"));
          continue;
        }

      if (!(post = read_line (json_node_get_object (root), line, &line_error)))
        {
          peil_gather_job_reject (job, line_number, line_error->message);
          continue;
        }

      if (!peil_gather_job_add_post (job, post, line_number, error))
        return FALSE;
    }

  if (read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return FALSE;
    }
  return TRUE;
}

static void
source_iface_init (PeilSourceInterface *iface)
{
  iface->get_id = get_id;
  iface->get_name = get_name;
  iface->get_file_patterns = get_file_patterns;
  iface->sniff = sniff;
  iface->gather = gather;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_ndjson_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_NDJSON_SOURCE);
}

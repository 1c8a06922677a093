/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-taxonomy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "peil-error.h"
#include "peil-taxonomy.h"

#define DEFAULT_TAXONOMY_RESOURCE "/nl/peil/core/taxonomy/default.json"

struct _PeilTaxonomy
{
  GObject     parent_instance;

  GPtrArray  *dimensions;
  GHashTable *dimensions_by_code;
  GHashTable *tags_by_code;
};

G_DEFINE_FINAL_TYPE (PeilTaxonomy, peil_taxonomy, G_TYPE_OBJECT)

static void
peil_taxonomy_finalize (GObject *object)
{
  PeilTaxonomy *self = (PeilTaxonomy *)object;

  g_clear_pointer (&self->tags_by_code, g_hash_table_unref);
  g_clear_pointer (&self->dimensions_by_code, g_hash_table_unref);
  g_clear_pointer (&self->dimensions, g_ptr_array_unref);

  G_OBJECT_CLASS (peil_taxonomy_parent_class)->finalize (object);
}

static void
peil_taxonomy_class_init (PeilTaxonomyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_taxonomy_finalize;
}

static void
peil_taxonomy_init (PeilTaxonomy *self)
{
  self->dimensions = g_ptr_array_new_with_free_func (g_object_unref);
  self->dimensions_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->tags_by_code = g_hash_table_new (g_str_hash, g_str_equal);
}

PeilTaxonomy *
peil_taxonomy_new (void)
{
  return g_object_new (PEIL_TYPE_TAXONOMY, NULL);
}

static const char *
optional_string (JsonObject *object,
                 const char *member)
{
  return json_object_get_string_member_with_default (object, member, NULL);
}

static PeilDimension *
dimension_from_json (JsonObject  *object,
                     GError     **error)
{
  g_autoptr(PeilDimension) dimension = NULL;
  const char *code = optional_string (object, "code");
  JsonArray *tags;

  if (code == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A dimension in the taxonomy has no code"));
      return NULL;
    }

  dimension = peil_dimension_new (code,
                                  optional_string (object, "label_nl"),
                                  optional_string (object, "label_en"),
                                  json_object_get_boolean_member_with_default (object, "single_choice", FALSE),
                                  json_object_get_boolean_member_with_default (object, "facet", FALSE));
  peil_dimension_set_descriptions (dimension,
                                   optional_string (object, "description_nl"),
                                   optional_string (object, "description_en"));

  tags = json_object_has_member (object, "tags") ? json_object_get_array_member (object, "tags") : NULL;
  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      JsonObject *tag_object = json_array_get_object_element (tags, i);
      g_autoptr(PeilTag) tag = NULL;

      if (tag_object == NULL || optional_string (tag_object, "code") == NULL)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("Tag %u of dimension %s has no code"), i + 1, code);
          return NULL;
        }

      tag = peil_tag_new (optional_string (tag_object, "code"), code,
                          optional_string (tag_object, "label_nl"),
                          optional_string (tag_object, "label_en"),
                          optional_string (tag_object, "definition_nl"),
                          optional_string (tag_object, "definition_en"));
      peil_tag_set_hidden (tag, json_object_get_boolean_member_with_default (tag_object, "hidden", FALSE));
      peil_dimension_add_tag (dimension, tag);
    }

  return g_steal_pointer (&dimension);
}

/**
 * peil_taxonomy_new_from_data:
 * @json: a taxonomy in the form of data/taxonomy/default.json
 *
 * Returns: (transfer full): the taxonomy, or %NULL with @error set
 */
PeilTaxonomy *
peil_taxonomy_new_from_data (const char  *json,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(PeilTaxonomy) self = peil_taxonomy_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *dimensions;

  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !json_object_has_member ((root = json_node_get_object (json_parser_get_root (parser))), "dimensions") ||
      (dimensions = json_object_get_array_member (root, "dimensions")) == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A taxonomy needs a list of dimensions"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (dimensions); i++)
    {
      JsonObject *object = json_array_get_object_element (dimensions, i);
      g_autoptr(PeilDimension) dimension = NULL;

      if (object == NULL || !(dimension = dimension_from_json (object, error)))
        return NULL;

      if (peil_taxonomy_lookup_dimension (self, peil_dimension_get_code (dimension)))
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("The taxonomy names dimension %s twice"), peil_dimension_get_code (dimension));
          return NULL;
        }
      peil_taxonomy_add_dimension (self, dimension);
    }

  return g_steal_pointer (&self);
}

/**
 * peil_taxonomy_new_default:
 *
 * Returns: (transfer full): the method's default taxonomy (METHOD.md §7):
 *   the three dimensions and the facets rumour status, actor and priority
 */
PeilTaxonomy *
peil_taxonomy_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (DEFAULT_TAXONOMY_RESOURCE, 0, error);

  if (bytes == NULL)
    return NULL;

  return peil_taxonomy_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

/**
 * peil_taxonomy_get_dimensions:
 *
 * Returns: (transfer none) (element-type PeilDimension): in display order
 */
GPtrArray *
peil_taxonomy_get_dimensions (PeilTaxonomy *self)
{
  g_return_val_if_fail (PEIL_IS_TAXONOMY (self), NULL);
  return self->dimensions;
}

static void
index_tag (PeilTaxonomy *self,
           PeilTag      *tag)
{
  g_hash_table_insert (self->tags_by_code, (char *)peil_tag_get_code (tag), tag);
}

void
peil_taxonomy_add_dimension (PeilTaxonomy  *self,
                             PeilDimension *dimension)
{
  GPtrArray *tags;

  g_return_if_fail (PEIL_IS_TAXONOMY (self));
  g_return_if_fail (PEIL_IS_DIMENSION (dimension));

  g_ptr_array_add (self->dimensions, g_object_ref (dimension));
  g_hash_table_insert (self->dimensions_by_code, (char *)peil_dimension_get_code (dimension), dimension);

  tags = peil_dimension_get_tags (dimension);
  for (guint i = 0; i < tags->len; i++)
    index_tag (self, g_ptr_array_index (tags, i));
}

/**
 * peil_taxonomy_add_tag:
 *
 * Adds @tag to its dimension.
 *
 * Returns: %FALSE if the dimension is unknown or the code is taken
 */
gboolean
peil_taxonomy_add_tag (PeilTaxonomy *self,
                       PeilTag      *tag)
{
  PeilDimension *dimension;

  g_return_val_if_fail (PEIL_IS_TAXONOMY (self), FALSE);
  g_return_val_if_fail (PEIL_IS_TAG (tag), FALSE);

  dimension = peil_taxonomy_lookup_dimension (self, peil_tag_get_dimension_code (tag));
  if (dimension == NULL || peil_taxonomy_lookup_tag (self, peil_tag_get_code (tag)) != NULL)
    return FALSE;

  peil_dimension_add_tag (dimension, tag);
  index_tag (self, tag);
  return TRUE;
}

PeilDimension *
peil_taxonomy_lookup_dimension (PeilTaxonomy *self,
                                const char   *code)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (PEIL_IS_TAXONOMY (self), NULL);

  if (code == NULL)
    return NULL;
  upper = g_ascii_strup (code, -1);
  return g_hash_table_lookup (self->dimensions_by_code, upper);
}

PeilTag *
peil_taxonomy_lookup_tag (PeilTaxonomy *self,
                          const char   *code)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (PEIL_IS_TAXONOMY (self), NULL);

  if (code == NULL)
    return NULL;
  upper = g_ascii_strup (code, -1);
  return g_hash_table_lookup (self->tags_by_code, upper);
}

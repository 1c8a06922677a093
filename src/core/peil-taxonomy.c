/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-taxonomy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "peil-error.h"
#include "peil-json.h"
#include "peil-taxonomy.h"

#define DEFAULT_TAXONOMY_RESOURCE "/nl/peil/core/taxonomy/default.json"

struct _PeilTaxonomy
{
  GObject     parent_instance;

  GPtrArray  *dimensions;
  GHashTable *dimensions_by_code;
  GHashTable *tags_by_code;
};

/**
 * PeilTaxonomy:
 *
 * The dimensions and tags analysts tag posts with, looked up by code
 * (case does not matter).
 *
 * An incident carries its own (peil_incident_get_taxonomy()), which may
 * differ from the method's default (peil_taxonomy_new_default()) by the
 * tags its analysts added.
 */

/**
 * peil_taxonomy_get_type:
 *
 * Returns: the #GType of #PeilTaxonomy
 */
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

/**
 * peil_taxonomy_new:
 *
 * Creates an empty taxonomy, to fill with peil_taxonomy_add_dimension().
 *
 * Returns: (transfer full): a new #PeilTaxonomy
 */
PeilTaxonomy *
peil_taxonomy_new (void)
{
  return g_object_new (PEIL_TYPE_TAXONOMY, NULL);
}

static gboolean
wrong_type (const char  *member,
            GError     **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The taxonomy's “%s” has the wrong type"), member);
  return FALSE;
}

/* A member that is there must have its type: the data may come from a
 * file, as hostile as any input. */
static gboolean
optional_string (JsonObject  *object,
                 const char  *member,
                 const char **out_value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = peil_json_get_string (object, member);
  return *out_value != NULL || node == NULL || JSON_NODE_HOLDS_NULL (node) || wrong_type (member, error);
}

static gboolean
optional_boolean (JsonObject  *object,
                  const char  *member,
                  gboolean    *out_value,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (member, error);
  *out_value = json_node_get_boolean (node);
  return TRUE;
}

static JsonObject *
element_object (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static PeilTag *
tag_from_json (JsonObject  *object,
               const char  *dimension,
               guint        index,
               GError     **error)
{
  const char *code, *label_nl, *label_en, *definition_nl, *definition_en;
  gboolean hidden;
  PeilTag *tag;

  if (object == NULL || !optional_string (object, "code", &code, error) || code == NULL)
    {
      g_clear_error (error);
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("Tag %u of dimension %s has no code"), index + 1, dimension);
      return NULL;
    }
  if (!optional_string (object, "label_nl", &label_nl, error) ||
      !optional_string (object, "label_en", &label_en, error) ||
      !optional_string (object, "definition_nl", &definition_nl, error) ||
      !optional_string (object, "definition_en", &definition_en, error) ||
      !optional_boolean (object, "hidden", &hidden, error))
    return NULL;

  tag = peil_tag_new (code, dimension, label_nl, label_en, definition_nl, definition_en);
  peil_tag_set_hidden (tag, hidden);
  return tag;
}

static PeilDimension *
dimension_from_json (JsonObject  *object,
                     GError     **error)
{
  g_autoptr(PeilDimension) dimension = NULL;
  const char *code, *label_nl, *label_en, *description_nl, *description_en;
  gboolean single_choice, facet;
  JsonArray *tags;

  if (object == NULL || !optional_string (object, "code", &code, error) || code == NULL)
    {
      g_clear_error (error);
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A dimension in the taxonomy has no code"));
      return NULL;
    }
  if (!optional_string (object, "label_nl", &label_nl, error) ||
      !optional_string (object, "label_en", &label_en, error) ||
      !optional_string (object, "description_nl", &description_nl, error) ||
      !optional_string (object, "description_en", &description_en, error) ||
      !optional_boolean (object, "single_choice", &single_choice, error) ||
      !optional_boolean (object, "facet", &facet, error))
    return NULL;
  if ((tags = peil_json_get_array (object, "tags")) == NULL && json_object_has_member (object, "tags") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "tags")))
    {
      wrong_type ("tags", error);
      return NULL;
    }

  dimension = peil_dimension_new (code, label_nl, label_en, single_choice, facet);
  peil_dimension_set_descriptions (dimension, description_nl, description_en);
  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      g_autoptr(PeilTag) tag = tag_from_json (element_object (tags, i), code, i, error);

      if (tag == NULL)
        return NULL;
      peil_dimension_add_tag (dimension, tag);
    }

  return g_steal_pointer (&dimension);
}

/**
 * peil_taxonomy_new_from_data:
 * @json: a taxonomy in the form of data/taxonomy/default.json
 *
 * Parses a taxonomy from JSON text; input that does not have the expected
 * shape fails with %PEIL_ERROR_INVALID.
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
  JsonArray *dimensions;

  if (!peil_json_load (parser, json, length, error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (dimensions = peil_json_get_array (json_node_get_object (json_parser_get_root (parser)), "dimensions")) == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A taxonomy needs a list of dimensions"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (dimensions); i++)
    {
      g_autoptr(PeilDimension) dimension = dimension_from_json (element_object (dimensions, i), error);

      if (dimension == NULL)
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
 * Loads the taxonomy Peil compiles in; a new incident gets it when no other
 * taxonomy is given.
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
 * Gives the taxonomy's dimensions, the facets included, each with its tags.
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

/**
 * peil_taxonomy_add_dimension:
 * @self: a #PeilTaxonomy
 * @dimension: a dimension whose code is not in @self yet
 *
 * Appends @dimension, taking a reference, and indexes the tags it holds;
 * add later tags with peil_taxonomy_add_tag(), so that they are found by
 * code.
 */
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

/**
 * peil_taxonomy_lookup_dimension:
 * @self: a #PeilTaxonomy
 * @code: (nullable): a dimension's code; case does not matter
 *
 * Looks up a dimension by its code.
 *
 * Returns: (transfer none) (nullable): the dimension, or %NULL when
 *   @self has none by that code
 */
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

/**
 * peil_taxonomy_lookup_tag:
 * @self: a #PeilTaxonomy
 * @code: (nullable): a tag's code; case does not matter
 *
 * Looks up a tag by its code.
 *
 * Returns: (transfer none) (nullable): the tag, or %NULL when @self has
 *   none by that code
 */
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

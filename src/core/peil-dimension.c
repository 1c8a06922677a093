/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-dimension"

#include "config.h"

#include "peil-dimension.h"

/* One of the method's dimensions (information need, sense-making,
 * behaviour) or a facet such as rumour status, of which a post can carry
 * at most one value (single choice). */
struct _PeilDimension
{
  GObject    parent_instance;

  gint64     id;
  char      *code;
  char      *label_nl;
  char      *label_en;
  char      *description_nl;
  char      *description_en;
  GPtrArray *tags;
  guint      single_choice : 1;
  guint      facet : 1;
};

/**
 * PeilDimension:
 *
 * One dimension of a taxonomy and its tags: one of the method's
 * dimensions (information need, sense-making, behaviour), or a facet
 * (rumour status, actor, priority), which is optional: a post left without
 * a value in it is not "untagged" there.
 *
 * In a single-choice dimension a post carries at most one tag: a new one
 * replaces the old.
 */

/**
 * peil_dimension_get_type:
 *
 * Returns: the #GType of #PeilDimension
 */
G_DEFINE_FINAL_TYPE (PeilDimension, peil_dimension, G_TYPE_OBJECT)

static void
peil_dimension_finalize (GObject *object)
{
  PeilDimension *self = (PeilDimension *)object;

  g_free (self->code);
  g_free (self->label_nl);
  g_free (self->label_en);
  g_free (self->description_nl);
  g_free (self->description_en);
  g_clear_pointer (&self->tags, g_ptr_array_unref);

  G_OBJECT_CLASS (peil_dimension_parent_class)->finalize (object);
}

static void
peil_dimension_class_init (PeilDimensionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_dimension_finalize;
}

static void
peil_dimension_init (PeilDimension *self)
{
  self->tags = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * peil_dimension_new:
 * @code: the dimension's code; kept in upper case
 * @label_nl: (nullable): the Dutch label, or %NULL to use the English one
 * @label_en: (nullable): the English label, or %NULL to use the Dutch one
 * @single_choice: whether a post carries at most one of its tags
 * @facet: whether it is a facet, which counts no posts as untagged
 *
 * Creates a dimension without tags or descriptions, in no taxonomy yet
 * (see peil_taxonomy_add_dimension()).
 *
 * Returns: (transfer full): a new #PeilDimension
 */
PeilDimension *
peil_dimension_new (const char *code,
                    const char *label_nl,
                    const char *label_en,
                    gboolean    single_choice,
                    gboolean    facet)
{
  PeilDimension *self;

  g_return_val_if_fail (code != NULL, NULL);

  self = g_object_new (PEIL_TYPE_DIMENSION, NULL);
  self->code = g_ascii_strup (code, -1);
  self->label_nl = g_strdup (label_nl ? label_nl : label_en);
  self->label_en = g_strdup (label_en ? label_en : label_nl);
  self->single_choice = !!single_choice;
  self->facet = !!facet;

  return self;
}

/**
 * peil_dimension_get_id:
 * @self: a #PeilDimension
 *
 * Gets the dimension's row id.
 *
 * Returns: the dimension's row id in its incident, or 0 for one that is
 *   not stored in one
 */
gint64
peil_dimension_get_id (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), 0);
  return self->id;
}

/**
 * peil_dimension_set_id:
 * @self: a #PeilDimension
 * @id: the dimension's row id in its incident
 *
 * Set by #PeilIncident when it stores or reads the dimension; changes
 * nothing in the file.
 */
void
peil_dimension_set_id (PeilDimension *self,
                       gint64         id)
{
  g_return_if_fail (PEIL_IS_DIMENSION (self));
  self->id = id;
}

/**
 * peil_dimension_get_code:
 * @self: a #PeilDimension
 *
 * Gets the dimension's code.
 *
 * Returns: (transfer none): the dimension's code, in upper case
 */
const char *
peil_dimension_get_code (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), NULL);
  return self->code;
}

/**
 * peil_dimension_get_label_for:
 * @self: a #PeilDimension
 * @language: (nullable): a language starting with "nl" for Dutch; any
 *   other value, %NULL too, for English
 *
 * Gets the dimension's label in a language.
 *
 * Returns: (transfer none) (nullable): the dimension's label in
 *   @language; %NULL only for a dimension made without labels
 */
const char *
peil_dimension_get_label_for (PeilDimension *self,
                              const char    *language)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), NULL);
  return g_str_has_prefix (language ? language : "", "nl") ? self->label_nl : self->label_en;
}

/**
 * peil_dimension_get_label:
 * @self: a #PeilDimension
 *
 * Gets the dimension's label for the user.
 *
 * Returns: (transfer none) (nullable): the dimension's label in the
 *   language of the user (peil_ui_language())
 */
const char *
peil_dimension_get_label (PeilDimension *self)
{
  return peil_dimension_get_label_for (self, peil_ui_language ());
}

/**
 * peil_dimension_get_description_for:
 * @self: a #PeilDimension
 * @language: (nullable): a language starting with "nl" for Dutch; any
 *   other value, %NULL too, for English
 *
 * Gets the dimension's description in a language.
 *
 * Returns: (transfer none) (nullable): what the dimension is about, in
 *   @language, or %NULL when it has no description
 */
const char *
peil_dimension_get_description_for (PeilDimension *self,
                                    const char    *language)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), NULL);
  return g_str_has_prefix (language ? language : "", "nl") ? self->description_nl : self->description_en;
}

/**
 * peil_dimension_set_descriptions:
 * @self: a #PeilDimension
 * @description_nl: (nullable): what the dimension is about, in Dutch
 * @description_en: (nullable): what the dimension is about, in English
 *
 * Replaces both descriptions; changes this object only.
 */
void
peil_dimension_set_descriptions (PeilDimension *self,
                                 const char    *description_nl,
                                 const char    *description_en)
{
  g_return_if_fail (PEIL_IS_DIMENSION (self));

  g_free (self->description_nl);
  g_free (self->description_en);
  self->description_nl = g_strdup (description_nl);
  self->description_en = g_strdup (description_en);
}

/**
 * peil_dimension_get_single_choice:
 * @self: a #PeilDimension
 *
 * Gets whether the dimension is single-choice.
 *
 * Returns: whether a post carries at most one of the dimension's tags
 */
gboolean
peil_dimension_get_single_choice (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), FALSE);
  return self->single_choice;
}

/**
 * peil_dimension_get_facet:
 * @self: a #PeilDimension
 *
 * Gets whether the dimension is a facet.
 *
 * Returns: whether the dimension is a facet (rumour status, actor,
 *   priority…): optional, so no post counts as untagged in it
 */
gboolean
peil_dimension_get_facet (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), FALSE);
  return self->facet;
}

/**
 * peil_dimension_get_tags:
 *
 * Lists the dimension's tags. A hidden tag is no longer offered for tagging,
 * but posts may still carry it: skip hidden tags where tags are offered, not
 * where they are counted.
 *
 * Returns: (transfer none) (element-type PeilTag): the tags in display
 *   order, hidden ones included
 */
GPtrArray *
peil_dimension_get_tags (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), NULL);
  return self->tags;
}

/**
 * peil_dimension_add_tag:
 * @self: a #PeilDimension
 * @tag: a tag whose dimension code is @self's code
 *
 * Appends @tag to the dimension's tags, taking a reference; changes this
 * object only (peil_incident_add_tag_definition() adds a tag to an
 * incident). Use peil_taxonomy_add_tag() for a dimension in a taxonomy,
 * so that the taxonomy finds the tag by its code.
 */
void
peil_dimension_add_tag (PeilDimension *self,
                        PeilTag       *tag)
{
  g_return_if_fail (PEIL_IS_DIMENSION (self));
  g_return_if_fail (PEIL_IS_TAG (tag));
  g_return_if_fail (g_strcmp0 (peil_tag_get_dimension_code (tag), self->code) == 0);

  g_ptr_array_add (self->tags, g_object_ref (tag));
}

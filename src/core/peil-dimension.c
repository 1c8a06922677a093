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

gint64
peil_dimension_get_id (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), 0);
  return self->id;
}

void
peil_dimension_set_id (PeilDimension *self,
                       gint64         id)
{
  g_return_if_fail (PEIL_IS_DIMENSION (self));
  self->id = id;
}

const char *
peil_dimension_get_code (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), NULL);
  return self->code;
}

const char *
peil_dimension_get_label_for (PeilDimension *self,
                              const char    *language)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), NULL);
  return g_str_has_prefix (language ? language : "", "nl") ? self->label_nl : self->label_en;
}

const char *
peil_dimension_get_label (PeilDimension *self)
{
  return peil_dimension_get_label_for (self, peil_ui_language ());
}

const char *
peil_dimension_get_description_for (PeilDimension *self,
                                    const char    *language)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), NULL);
  return g_str_has_prefix (language ? language : "", "nl") ? self->description_nl : self->description_en;
}

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

gboolean
peil_dimension_get_single_choice (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), FALSE);
  return self->single_choice;
}

gboolean
peil_dimension_get_facet (PeilDimension *self)
{
  g_return_val_if_fail (PEIL_IS_DIMENSION (self), FALSE);
  return self->facet;
}

/**
 * peil_dimension_get_tags:
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

void
peil_dimension_add_tag (PeilDimension *self,
                        PeilTag       *tag)
{
  g_return_if_fail (PEIL_IS_DIMENSION (self));
  g_return_if_fail (PEIL_IS_TAG (tag));
  g_return_if_fail (g_strcmp0 (peil_tag_get_dimension_code (tag), self->code) == 0);

  g_ptr_array_add (self->tags, g_object_ref (tag));
}

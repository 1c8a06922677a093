/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-tag"

#include "config.h"

#include "peil-tag.h"

struct _PeilTag
{
  GObject   parent_instance;

  gint64    id;
  char     *code;
  char     *dimension_code;
  char     *label_nl;
  char     *label_en;
  char     *definition_nl;
  char     *definition_en;
  gboolean  hidden;
};

enum {
  PROP_0,
  PROP_CODE,
  PROP_LABEL,
  PROP_HIDDEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PeilTag, peil_tag, G_TYPE_OBJECT)

static void
peil_tag_finalize (GObject *object)
{
  PeilTag *self = (PeilTag *)object;

  g_free (self->code);
  g_free (self->dimension_code);
  g_free (self->label_nl);
  g_free (self->label_en);
  g_free (self->definition_nl);
  g_free (self->definition_en);

  G_OBJECT_CLASS (peil_tag_parent_class)->finalize (object);
}

static void
peil_tag_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PeilTag *self = PEIL_TAG (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_LABEL:
      g_value_set_string (value, peil_tag_get_label (self));
      break;

    case PROP_HIDDEN:
      g_value_set_boolean (value, self->hidden);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peil_tag_class_init (PeilTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = peil_tag_finalize;
  object_class->get_property = peil_tag_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIDDEN] =
    g_param_spec_boolean ("hidden", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
peil_tag_init (PeilTag *self)
{
}

PeilTag *
peil_tag_new (const char *code,
              const char *dimension_code,
              const char *label_nl,
              const char *label_en,
              const char *definition_nl,
              const char *definition_en)
{
  PeilTag *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (dimension_code != NULL, NULL);

  self = g_object_new (PEIL_TYPE_TAG, NULL);
  self->code = g_ascii_strup (code, -1);
  self->dimension_code = g_ascii_strup (dimension_code, -1);
  self->label_nl = g_strdup (label_nl ? label_nl : label_en);
  self->label_en = g_strdup (label_en ? label_en : label_nl);
  self->definition_nl = g_strdup (definition_nl);
  self->definition_en = g_strdup (definition_en);

  return self;
}

gint64
peil_tag_get_id (PeilTag *self)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), 0);
  return self->id;
}

void
peil_tag_set_id (PeilTag *self,
                 gint64   id)
{
  g_return_if_fail (PEIL_IS_TAG (self));
  self->id = id;
}

const char *
peil_tag_get_code (PeilTag *self)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), NULL);
  return self->code;
}

const char *
peil_tag_get_dimension_code (PeilTag *self)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), NULL);
  return self->dimension_code;
}

static gboolean
is_dutch (const char *language)
{
  return language != NULL && g_ascii_strncasecmp (language, "nl", 2) == 0;
}

/**
 * peil_ui_language:
 *
 * Returns: "nl" when the user reads Dutch first (LANGUAGE, LC_ALL,
 *   LC_MESSAGES, LANG), otherwise "en": the two languages a taxonomy carries.
 */
const char *
peil_ui_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (is_dutch (names[i]))
        return "nl";
      if (g_ascii_strncasecmp (names[i], "en", 2) == 0)
        return "en";
    }

  return "en";
}

const char *
peil_tag_get_label_for (PeilTag    *self,
                        const char *language)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), NULL);
  return is_dutch (language) ? self->label_nl : self->label_en;
}

const char *
peil_tag_get_label (PeilTag *self)
{
  return peil_tag_get_label_for (self, peil_ui_language ());
}

void
peil_tag_set_label_for (PeilTag    *self,
                        const char *language,
                        const char *label)
{
  char **field;

  g_return_if_fail (PEIL_IS_TAG (self));
  g_return_if_fail (label != NULL && *label);

  field = is_dutch (language) ? &self->label_nl : &self->label_en;
  if (g_strcmp0 (*field, label) == 0)
    return;

  g_free (*field);
  *field = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

const char *
peil_tag_get_definition_for (PeilTag    *self,
                             const char *language)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), NULL);
  return is_dutch (language) ? self->definition_nl : self->definition_en;
}

const char *
peil_tag_get_definition (PeilTag *self)
{
  return peil_tag_get_definition_for (self, peil_ui_language ());
}

gboolean
peil_tag_get_hidden (PeilTag *self)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), FALSE);
  return self->hidden;
}

void
peil_tag_set_hidden (PeilTag  *self,
                     gboolean  hidden)
{
  g_return_if_fail (PEIL_IS_TAG (self));

  hidden = !!hidden;
  if (self->hidden == hidden)
    return;

  self->hidden = hidden;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDDEN]);
}

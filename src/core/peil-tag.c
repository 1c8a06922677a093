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

/**
 * PeilTag:
 *
 * One tag of a taxonomy: a code (such as `IB-ASBEST`) that analysts put on
 * posts, in one dimension, with a label and a definition in Dutch and in
 * English.
 *
 * The tags of an incident belong to its #PeilTaxonomy; change them
 * through #PeilIncident (peil_incident_rename_tag(),
 * peil_incident_set_tag_hidden()), which stores the change and then
 * updates the tag.
 */

/**
 * peil_tag_get_type:
 *
 * Returns: the #GType of #PeilTag
 */
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

  /**
   * PeilTag:code:
   *
   * The tag's code, in upper case.
   */
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * PeilTag:label:
   *
   * The tag's label in the language of the user (peil_tag_get_label());
   * notified when it is renamed.
   */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PeilTag:hidden:
   *
   * Whether the tag is hidden: no longer offered for tagging.
   */
  properties[PROP_HIDDEN] =
    g_param_spec_boolean ("hidden", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
peil_tag_init (PeilTag *self)
{
}

/**
 * peil_tag_new:
 * @code: the tag's code; kept in upper case
 * @dimension_code: the code of the dimension the tag is in; kept in upper
 *   case
 * @label_nl: (nullable): the Dutch label, or %NULL to use the English one
 * @label_en: (nullable): the English label, or %NULL to use the Dutch one
 * @definition_nl: (nullable): what the tag means, in Dutch
 * @definition_en: (nullable): what the tag means, in English
 *
 * Creates a tag that is in no taxonomy yet (see peil_taxonomy_add_tag(),
 * and peil_incident_add_tag_definition() to add one to an incident).
 *
 * Returns: (transfer full): a new #PeilTag
 */
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

/**
 * peil_tag_get_id:
 * @self: a #PeilTag
 *
 * Gets the tag's row id.
 *
 * Returns: the tag's row id in its incident, or 0 for a tag that is not
 *   stored in one
 */
gint64
peil_tag_get_id (PeilTag *self)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), 0);
  return self->id;
}

/**
 * peil_tag_set_id:
 * @self: a #PeilTag
 * @id: the tag's row id in its incident
 *
 * Set by #PeilIncident when it stores or reads the tag; changes nothing in
 * the file.
 */
void
peil_tag_set_id (PeilTag *self,
                 gint64   id)
{
  g_return_if_fail (PEIL_IS_TAG (self));
  self->id = id;
}

/**
 * peil_tag_get_code:
 * @self: a #PeilTag
 *
 * Gets the tag's code.
 *
 * Returns: (transfer none): the tag's code, in upper case; it never
 *   changes
 */
const char *
peil_tag_get_code (PeilTag *self)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), NULL);
  return self->code;
}

/**
 * peil_tag_get_dimension_code:
 * @self: a #PeilTag
 *
 * Gets the code of the tag's dimension.
 *
 * Returns: (transfer none): the code of the tag's dimension, in upper case
 */
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
 * Tells which of a taxonomy's two languages to show, from the environment the
 * user set.
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

/**
 * peil_tag_get_label_for:
 * @self: a #PeilTag
 * @language: (nullable): "nl" (or a Dutch locale such as "nl_NL") for
 *   Dutch; any other value, %NULL too, for English
 *
 * Gets the tag's label in a language.
 *
 * Returns: (transfer none) (nullable): the tag's label in @language;
 *   %NULL only for a tag made without labels
 */
const char *
peil_tag_get_label_for (PeilTag    *self,
                        const char *language)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), NULL);
  return is_dutch (language) ? self->label_nl : self->label_en;
}

/**
 * peil_tag_get_label:
 * @self: a #PeilTag
 *
 * Gets the tag's label for the user.
 *
 * Returns: (transfer none) (nullable): the tag's label in the language
 *   of the user (peil_ui_language())
 */
const char *
peil_tag_get_label (PeilTag *self)
{
  return peil_tag_get_label_for (self, peil_ui_language ());
}

/**
 * peil_tag_set_label_for:
 * @self: a #PeilTag
 * @language: (nullable): "nl" (or a Dutch locale) for the Dutch label; any
 *   other value, %NULL too, for the English one
 * @label: the new label; not empty
 *
 * Changes the label of this object only, and notifies #PeilTag:label;
 * peil_incident_rename_tag() stores a new label in an incident.
 */
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

/**
 * peil_tag_get_definition_for:
 * @self: a #PeilTag
 * @language: (nullable): "nl" (or a Dutch locale) for Dutch; any other
 *   value, %NULL too, for English
 *
 * Gets the tag's definition in a language.
 *
 * Returns: (transfer none) (nullable): what the tag means, in @language,
 *   or %NULL when the taxonomy gives no definition
 */
const char *
peil_tag_get_definition_for (PeilTag    *self,
                             const char *language)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), NULL);
  return is_dutch (language) ? self->definition_nl : self->definition_en;
}

/**
 * peil_tag_get_definition:
 * @self: a #PeilTag
 *
 * Gets the tag's definition for the user.
 *
 * Returns: (transfer none) (nullable): what the tag means, in the
 *   language of the user (peil_ui_language()), or %NULL
 */
const char *
peil_tag_get_definition (PeilTag *self)
{
  return peil_tag_get_definition_for (self, peil_ui_language ());
}

/**
 * peil_tag_get_hidden:
 * @self: a #PeilTag
 *
 * Gets whether the tag is hidden.
 *
 * Returns: whether the tag is hidden: no longer offered for tagging,
 *   though the posts that carry it keep it
 */
gboolean
peil_tag_get_hidden (PeilTag *self)
{
  g_return_val_if_fail (PEIL_IS_TAG (self), FALSE);
  return self->hidden;
}

/**
 * peil_tag_set_hidden:
 * @self: a #PeilTag
 * @hidden: whether the tag is hidden
 *
 * Changes this object only, and notifies #PeilTag:hidden;
 * peil_incident_set_tag_hidden() stores it in an incident.
 */
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

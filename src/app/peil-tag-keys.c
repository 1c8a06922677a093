/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-tag-keys"

#include "config.h"

#include <string.h>

#include "peil-tag-keys.h"

/*
 * Tagging at keyboard speed: each dimension owns a row of the keyboard,
 * its visible tags taking the keys in order. j and k are left out: they
 * move between posts; so is n, the next post in a team incident, 0,
 * which marks a post off-topic, and p, which accepts the suggested tags. Tags beyond a row's keys are tagged by button.
 */
static const struct {
  const char *dimension;
  const char *keys;
} rows[] = {
  { "IB", "123456789" },
  { "BG", "qwertyuio" },
  { "SB", "asdfghlzxc" },
  { "RUMOUR", "vbm," },
};

static const char *
keys_of (const char *dimension_code)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].dimension, dimension_code))
      return rows[i].keys;
  return NULL;
}

/**
 * peil_tag_keys_key_for:
 *
 * Returns: the key that toggles @tag, as shown on its button; 0 if none
 */
char
peil_tag_keys_key_for (PeilTaxonomy *taxonomy,
                       PeilTag      *tag)
{
  const char *dimension_code = peil_tag_get_dimension_code (tag);
  const char *keys = keys_of (dimension_code);
  GPtrArray *tags;
  guint n = 0;

  if (keys == NULL || peil_tag_get_hidden (tag))
    return 0;

  tags = peil_dimension_get_tags (peil_taxonomy_lookup_dimension (taxonomy, dimension_code));
  for (guint i = 0; i < tags->len && keys[n] != '\0'; i++)
    {
      PeilTag *candidate = g_ptr_array_index (tags, i);

      if (peil_tag_get_hidden (candidate))
        continue;
      if (candidate == tag)
        return keys[n];
      n++;
    }
  return 0;
}

/**
 * peil_tag_keys_lookup:
 *
 * Returns: (transfer none) (nullable): the tag that @keyval toggles
 */
PeilTag *
peil_tag_keys_lookup (PeilTaxonomy *taxonomy,
                      guint         keyval)
{
  guint32 c = gdk_keyval_to_unicode (gdk_keyval_to_lower (keyval));

  if (c == 0 || c > 127)
    return NULL;

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      const char *at = strchr (rows[r].keys, (char)c);
      PeilDimension *dimension;
      GPtrArray *tags;
      guint wanted, n = 0;

      if (at == NULL || !(dimension = peil_taxonomy_lookup_dimension (taxonomy, rows[r].dimension)))
        continue;
      wanted = at - rows[r].keys;
      tags = peil_dimension_get_tags (dimension);
      for (guint i = 0; i < tags->len; i++)
        {
          PeilTag *tag = g_ptr_array_index (tags, i);

          if (peil_tag_get_hidden (tag))
            continue;
          if (n++ == wanted)
            return tag;
        }
    }
  return NULL;
}

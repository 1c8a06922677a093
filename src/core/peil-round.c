/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-round"

#include "config.h"

#include <string.h>

#include "peil-round-private.h"

/* The structure of METHOD §3.3: the analyst writes each part; the figures
 * of the dimensions and sources are drawn from the tagged posts. */
static const PeilRoundSection sections[] = {
  { "key-points",     1,  NULL, "Kern in één oogopslag", "Key points at a glance" },
  { "volume",         2,  NULL, "Omvang en verloop", "Volume and course" },
  { "IB",             3,  "IB", "Informatiebehoefte", "Information need" },
  { "BG",             4,  "BG", "Betekenisgeving", "Sense-making" },
  { "SB",             5,  "SB", "Schadebeperking (gedrag)", "Behaviour (damage control)" },
  { "rumours",        6,  NULL, "Geruchten en onjuiste informatie", "Rumours and wrong information" },
  { "media",          7,  NULL, "Media", "Media" },
  { "politics",       7,  NULL, "Politiek en bestuur", "Politics" },
  { "staff",          7,  NULL, "Eigen personeel", "Staff" },
  { "public",         7,  NULL, "Publiek", "Public" },
  { "what-if",        8,  NULL, "Verwachting (what if)", "Expectations (what if)" },
  { "advice-inform",  9,  NULL, "Informeren", "Inform" },
  { "advice-action",  9,  NULL, "Handelingsperspectief bieden", "Give a course of action" },
  { "advice-meaning", 9,  NULL, "Betekenis geven (duiden)", "Give meaning" },
  { "advice-correct", 9,  NULL, "Corrigeren", "Correct" },
  { "method",         10, NULL, "Bronnen en methode", "Sources and method" },
};

static const char *chapters[][2] = {
  { "Kern in één oogopslag", "Key points at a glance" },
  { "Omvang en verloop", "Volume and course" },
  { "Informatiebehoefte", "Information need" },
  { "Betekenisgeving", "Sense-making" },
  { "Schadebeperking (gedrag)", "Behaviour (damage control)" },
  { "Geruchten en onjuiste informatie", "Rumours and wrong information" },
  { "Media, politiek, personeel en publiek", "Media, politics, staff and public" },
  { "Verwachting (what if)", "Expectations (what if)" },
  { "Communicatieadvies", "Communication advice" },
  { "Bronnen en methode", "Sources and method" },
};

/**
 * peil_round_sections:
 *
 * Lists the sections an analyst writes in a round, with their keys and
 * headings. The array is static and owned by Peil.
 *
 * Returns: (array length=n_sections): the sections of a round, in the
 *   report's order
 */
const PeilRoundSection *
peil_round_sections (guint *n_sections)
{
  if (n_sections != NULL)
    *n_sections = G_N_ELEMENTS (sections);
  return sections;
}

/**
 * peil_round_lookup_section:
 * @key: (nullable): a section's key, such as "key-points" or "IB"
 *
 * Looks up a section of a round by its key.
 *
 * Returns: (transfer none) (nullable): the section, static data owned by
 *   Peil, or %NULL when no section has that key
 */
const PeilRoundSection *
peil_round_lookup_section (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i].key, key))
      return &sections[i];
  return NULL;
}

static gboolean
is_dutch (const char *language)
{
  return language != NULL && g_str_has_prefix (language, "nl");
}

/**
 * peil_round_section_heading:
 * @section: a section from peil_round_sections() or
 *   peil_round_lookup_section()
 * @language: (nullable): a language starting with "nl" for Dutch; any
 *   other value, %NULL too, for English
 *
 * Gets a section's heading in a language.
 *
 * Returns: (transfer none): the section's heading in @language, static
 *   data owned by Peil
 */
const char *
peil_round_section_heading (const PeilRoundSection *section,
                            const char             *language)
{
  g_return_val_if_fail (section != NULL, NULL);
  return is_dutch (language) ? section->heading_nl : section->heading_en;
}

/**
 * peil_round_chapter_heading:
 * @chapter: a chapter of the report, 1–10, as a #PeilRoundSection gives it
 * @language: (nullable): a language starting with "nl" for Dutch; any
 *   other value, %NULL too, for English
 *
 * A chapter holds one section or more (chapter 7: media, politics, staff
 * and public), so its heading may differ from its sections'.
 *
 * Returns: (transfer none): the chapter's heading in @language, static
 *   data owned by Peil
 */
const char *
peil_round_chapter_heading (guint       chapter,
                            const char *language)
{
  g_return_val_if_fail (chapter >= 1 && chapter <= G_N_ELEMENTS (chapters), NULL);
  return chapters[chapter - 1][is_dutch (language) ? 0 : 1];
}

/**
 * PeilRound:
 *
 * One round of an incident's reporting (METHOD §3.3): a period, the texts
 * the analyst writes per section, the example posts linked to them and,
 * once issued to the crisis team, the figures frozen as they were told.
 *
 * A round is a snapshot read from the incident (peil_incident_get_round(),
 * peil_incident_list_rounds()); change it through #PeilIncident and read
 * it again.
 */

/**
 * peil_round_get_type:
 *
 * Returns: the #GType of #PeilRound
 */
G_DEFINE_FINAL_TYPE (PeilRound, peil_round, G_TYPE_OBJECT)

static void
peil_round_finalize (GObject *object)
{
  PeilRound *self = (PeilRound *)object;

  g_free (self->title);
  g_free (self->commissioner);
  g_free (self->classification);
  g_free (self->issued_by);
  g_free (self->snapshot);
  g_hash_table_unref (self->texts);
  g_hash_table_unref (self->examples);

  G_OBJECT_CLASS (peil_round_parent_class)->finalize (object);
}

static void
peil_round_class_init (PeilRoundClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_round_finalize;
}

static void
peil_round_init (PeilRound *self)
{
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->examples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
}

PeilRound *
peil_round_new_empty (void)
{
  return g_object_new (PEIL_TYPE_ROUND, NULL);
}

/**
 * peil_round_get_id:
 * @self: a #PeilRound
 *
 * Gets the round's row id.
 *
 * Returns: the round's row id in its incident
 */
gint64
peil_round_get_id (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), 0);
  return self->id;
}

/**
 * peil_round_get_number:
 * @self: a #PeilRound
 *
 * Gets the round's number.
 *
 * Returns: the round's number in its incident, from 1, by which
 *   #PeilIncident's round functions name it
 */
guint
peil_round_get_number (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), 0);
  return self->number;
}

/**
 * peil_round_get_title:
 * @self: a #PeilRound
 *
 * Gets the round's title.
 *
 * Returns: (transfer none): the round's title, "" when it has none (see
 *   peil_round_format_name() for a heading)
 */
const char *
peil_round_get_title (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), NULL);
  return self->title;
}

/* Whether @title begins by naming round @number ("Ronde 1", "round 1 –
 * ROT"), in either language. */
static gboolean
names_number (const char *title,
              guint       number)
{
  static const char *words[] = { "ronde", "round" };
  g_autofree char *folded = g_utf8_casefold (title, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", words[i], number);

      if (g_str_has_prefix (folded, name) && !g_ascii_isdigit (folded[strlen (name)]))
        return TRUE;
    }
  return FALSE;
}

/**
 * peil_round_format_name:
 * @language: "nl" or "en"
 * @separator: put between the number and the title, such as " | "
 *
 * Names a round for a heading or a list, in @language.
 *
 * Returns: (transfer full): "Ronde 2 | ROT 14:00", or the title alone when
 *   it names the round's number itself, so that no heading says "Ronde 1 |
 *   Ronde 1"; "Ronde 2" without a title
 */
char *
peil_round_format_name (PeilRound  *self,
                        const char *language,
                        const char *separator)
{
  gboolean dutch = language != NULL && g_ascii_strncasecmp (language, "nl", 2) == 0;
  g_autofree char *title = NULL;

  g_return_val_if_fail (PEIL_IS_ROUND (self), NULL);
  g_return_val_if_fail (separator != NULL, NULL);

  title = g_strstrip (g_strdup (self->title));
  if (names_number (title, self->number))
    return g_steal_pointer (&title);
  if (*title == '\0')
    return g_strdup_printf ("%s %u", dutch ? "Ronde" : "Round", self->number);
  return g_strdup_printf ("%s %u%s%s", dutch ? "Ronde" : "Round", self->number, separator, title);
}

/**
 * peil_round_get_period_start:
 * @self: a #PeilRound
 *
 * Gets the start of the round's period.
 *
 * Returns: the start of the period the round covers, in Unix seconds
 */
gint64
peil_round_get_period_start (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), 0);
  return self->period_start;
}

/**
 * peil_round_get_period_end:
 *
 * Gives the end of the period the round covers.
 *
 * Returns: the end of the period; for an open round, now
 */
gint64
peil_round_get_period_end (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), 0);
  if (self->period_end != 0)
    return self->period_end;
  return self->now ? self->now : g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * peil_round_is_open:
 *
 * Tells whether the round's period has no fixed end yet.
 *
 * Returns: whether the period runs on until the round is issued
 */
gboolean
peil_round_is_open (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), FALSE);
  return self->period_end == 0;
}

/**
 * peil_round_get_commissioner:
 * @self: a #PeilRound
 *
 * Gets who the round is for.
 *
 * Returns: (transfer none): who the round is for (such as "ROT"), as the
 *   report shows it; "" when not given
 */
const char *
peil_round_get_commissioner (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), NULL);
  return self->commissioner;
}

/**
 * peil_round_get_classification:
 * @self: a #PeilRound
 *
 * Gets the round's classification.
 *
 * Returns: (transfer none): how the report is classified (such as
 *   "Vertrouwelijk"), "" when not given
 */
const char *
peil_round_get_classification (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), NULL);
  return self->classification;
}

/**
 * peil_round_get_issued_at:
 *
 * Tells when the round was issued; its figures were frozen then (see
 * peil_round_get_snapshot()).
 *
 * Returns: when the round was issued to the crisis team, or 0 for a draft
 */
gint64
peil_round_get_issued_at (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), 0);
  return self->issued_at;
}

/**
 * peil_round_get_issued_by:
 * @self: a #PeilRound
 *
 * Gets who issued the round.
 *
 * Returns: (transfer none) (nullable): the analyst who issued the round,
 *   or %NULL for a draft
 */
const char *
peil_round_get_issued_by (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), NULL);
  return self->issued_by;
}

/**
 * peil_round_is_issued:
 * @self: a #PeilRound
 *
 * Gets whether the round was issued.
 *
 * Returns: whether the round was issued to the crisis team: its figures
 *   are then frozen and its texts can no longer be changed
 */
gboolean
peil_round_is_issued (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), FALSE);
  return self->issued_at > 0;
}

/**
 * peil_round_get_text:
 *
 * Gives the analyst's text of one section of the round.
 *
 * Returns: what the analyst wrote in @section, "" when nothing yet
 */
const char *
peil_round_get_text (PeilRound  *self,
                     const char *section)
{
  const char *text;

  g_return_val_if_fail (PEIL_IS_ROUND (self), NULL);

  text = g_hash_table_lookup (self->texts, section);
  return text ? text : "";
}

/**
 * peil_round_get_examples:
 *
 * Gives the example posts the analyst linked to a section of the round.
 *
 * Returns: (transfer none) (element-type gint64) (nullable): the ids of the
 *   example posts linked to @section, in the order they were linked
 */
GArray *
peil_round_get_examples (PeilRound  *self,
                         const char *section)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), NULL);
  return g_hash_table_lookup (self->examples, section);
}

/**
 * peil_round_get_snapshot:
 *
 * Gives the figures that were frozen when the round was issued, so that its
 * report stays as it was sent.
 *
 * Returns: (nullable): the figures as issued, in JSON, or %NULL for a draft
 */
const char *
peil_round_get_snapshot (PeilRound *self)
{
  g_return_val_if_fail (PEIL_IS_ROUND (self), NULL);
  return self->snapshot;
}

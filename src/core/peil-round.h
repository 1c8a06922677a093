/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PeilRoundSection:
 * @key: stable identifier, stored in the incident file
 * @chapter: the chapter of the report (METHOD §3.3) it belongs to, 1–10
 * @dimension: (nullable): the taxonomy dimension whose figures it draws on
 *
 * One part of a round the analyst writes. Headings are bilingual data,
 * like the taxonomy's labels, because a report's language is chosen per
 * report and not by the interface's locale.
 */
typedef struct
{
  const char *key;
  guint       chapter;
  const char *dimension;
  const char *heading_nl;
  const char *heading_en;
} PeilRoundSection;

const PeilRoundSection *peil_round_sections         (guint       *n_sections);
const PeilRoundSection *peil_round_lookup_section   (const char  *key);
const char             *peil_round_section_heading  (const PeilRoundSection *section,
                                                     const char  *language);
const char             *peil_round_chapter_heading  (guint        chapter,
                                                     const char  *language);

#define PEIL_TYPE_ROUND (peil_round_get_type ())

G_DECLARE_FINAL_TYPE (PeilRound, peil_round, PEIL, ROUND, GObject)

gint64      peil_round_get_id             (PeilRound   *self);
guint       peil_round_get_number         (PeilRound   *self);
const char *peil_round_get_title          (PeilRound   *self);
char       *peil_round_format_name        (PeilRound   *self,
                                           const char  *language,
                                           const char  *separator);
gint64      peil_round_get_period_start   (PeilRound   *self);
gint64      peil_round_get_period_end     (PeilRound   *self);
gboolean    peil_round_is_open            (PeilRound   *self);
const char *peil_round_get_commissioner   (PeilRound   *self);
const char *peil_round_get_classification (PeilRound   *self);
gint64      peil_round_get_issued_at      (PeilRound   *self);
const char *peil_round_get_issued_by      (PeilRound   *self);
gboolean    peil_round_is_issued          (PeilRound   *self);
const char *peil_round_get_text           (PeilRound   *self,
                                           const char  *section);
GArray     *peil_round_get_examples       (PeilRound   *self,
                                           const char  *section);
const char *peil_round_get_snapshot       (PeilRound   *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

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

PEIL_AVAILABLE_IN_ALL
const PeilRoundSection *peil_round_sections         (guint       *n_sections);
PEIL_AVAILABLE_IN_ALL
const PeilRoundSection *peil_round_lookup_section   (const char  *key);
PEIL_AVAILABLE_IN_ALL
const char             *peil_round_section_heading  (const PeilRoundSection *section,
                                                     const char  *language);
PEIL_AVAILABLE_IN_ALL
const char             *peil_round_chapter_heading  (guint        chapter,
                                                     const char  *language);

#define PEIL_TYPE_ROUND (peil_round_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilRound, peil_round, PEIL, ROUND, GObject)

PEIL_AVAILABLE_IN_ALL
gint64      peil_round_get_id             (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
guint       peil_round_get_number         (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_round_get_title          (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
char       *peil_round_format_name        (PeilRound   *self,
                                           const char  *language,
                                           const char  *separator);
PEIL_AVAILABLE_IN_ALL
gint64      peil_round_get_period_start   (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_round_get_period_end     (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_round_is_open            (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_round_get_commissioner   (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_round_get_classification (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
gint64      peil_round_get_issued_at      (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_round_get_issued_by      (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_round_is_issued          (PeilRound   *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_round_get_text           (PeilRound   *self,
                                           const char  *section);
PEIL_AVAILABLE_IN_ALL
GArray     *peil_round_get_examples       (PeilRound   *self,
                                           const char  *section);
PEIL_AVAILABLE_IN_ALL
const char *peil_round_get_snapshot       (PeilRound   *self);

G_END_DECLS

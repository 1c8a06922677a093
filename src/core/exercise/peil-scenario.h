/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-incident.h"
#include "peil-taxonomy.h"

G_BEGIN_DECLS

/* The channels an inject can arrive on (issue 12); canonical names, as
 * stored in an exercise post's channel. */
/**
 * PEIL_CHANNEL_X:
 *
 * The channel of an inject from X (Twitter).
 */
#define PEIL_CHANNEL_X           "x"
/**
 * PEIL_CHANNEL_FACEBOOK:
 *
 * The channel of an inject from Facebook.
 */
#define PEIL_CHANNEL_FACEBOOK    "facebook"
/**
 * PEIL_CHANNEL_INSTAGRAM:
 *
 * The channel of an inject from Instagram.
 */
#define PEIL_CHANNEL_INSTAGRAM   "instagram"
/**
 * PEIL_CHANNEL_TIKTOK:
 *
 * The channel of an inject from TikTok.
 */
#define PEIL_CHANNEL_TIKTOK      "tiktok"
/**
 * PEIL_CHANNEL_MASTODON:
 *
 * The channel of an inject from Mastodon.
 */
#define PEIL_CHANNEL_MASTODON    "mastodon"
/**
 * PEIL_CHANNEL_NEWS:
 *
 * The channel of an inject from a news medium (site, paper, broadcast).
 */
#define PEIL_CHANNEL_NEWS        "news"
/**
 * PEIL_CHANNEL_PHONE:
 *
 * The channel of an inject from a phone call to the organisation.
 */
#define PEIL_CHANNEL_PHONE       "phone"
/**
 * PEIL_CHANNEL_WHATSAPP:
 *
 * The channel of an inject from WhatsApp.
 */
#define PEIL_CHANNEL_WHATSAPP    "whatsapp"
/**
 * PEIL_CHANNEL_WEBCARE:
 *
 * The channel of an inject from the organisation's webcare.
 */
#define PEIL_CHANNEL_WEBCARE     "webcare"
/**
 * PEIL_CHANNEL_CRISIS_TEAM:
 *
 * The channel of an inject from the crisis team's own messages.
 */
#define PEIL_CHANNEL_CRISIS_TEAM "crisis-team"

/**
 * PeilInject:
 * @id: stable within its scenario: the file's "id" column, or "L" and the
 *   line it was read from; an exercise post's remote id
 * @line: the line (CSV) or row (XLSX) it was read from, 0 if made in code
 * @offset: seconds from the exercise's start at which it is released
 * @channel: one of the PEIL_CHANNEL_… names
 * @author: (nullable): who posts it
 * @text: what it says
 * @gold_tags: (nullable): the trainer's tag codes; %NULL when the inject
 *   is not assessed, an empty vector when it is assessed and deserves none
 * @priority: 0 for none, higher is more urgent
 * @rumour: (nullable): the claim this inject carries
 * @deadline: seconds after release by which it should be seen, or -1
 * @expected_action: (nullable): for the debrief
 * @trainer_note: (nullable): for the trainer only
 *
 * One scripted message of a scenario. Everything past @text is the
 * trainer's: an exercise incident keeps only @id, @offset, @channel,
 * @author and @text, so trainees never see the gold.
 */
typedef struct
{
  char    *id;
  guint    line;
  gint64   offset;
  char    *channel;
  char    *author;
  char    *text;
  GStrv    gold_tags;
  int      priority;
  char    *rumour;
  gint64   deadline;
  char    *expected_action;
  char    *trainer_note;
} PeilInject;

#define PEIL_TYPE_INJECT (peil_inject_get_type ())

PEIL_AVAILABLE_IN_ALL
GType       peil_inject_get_type (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
PeilInject *peil_inject_new      (const char       *id,
                                  gint64            offset,
                                  const char       *channel,
                                  const char       *text);
PEIL_AVAILABLE_IN_ALL
PeilInject *peil_inject_copy     (const PeilInject *inject);
PEIL_AVAILABLE_IN_ALL
void        peil_inject_free     (PeilInject       *inject);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_inject_is_assessed (const PeilInject *inject);
PEIL_AVAILABLE_IN_ALL
GStrv       peil_inject_dup_gold    (const PeilInject *inject);

PEIL_AVAILABLE_IN_ALL
const char *peil_priority_get_tag   (int               priority);
PEIL_AVAILABLE_IN_ALL
int         peil_priority_from_tag  (const char       *code);

PEIL_AVAILABLE_IN_ALL
const char         *peil_channel_from_string (const char *text);
PEIL_AVAILABLE_IN_ALL
const char         *peil_channel_get_label   (const char *channel);
PEIL_AVAILABLE_IN_ALL
const char * const *peil_channel_get_all     (void);

/**
 * PeilScenarioProblem:
 * @line: the line (CSV: where the record starts) or row (XLSX) of the
 *   scenario file it is on; 0 for the file as a whole
 * @message: what is wrong, translated
 *
 * What keeps a scenario file from being read.
 */
typedef struct
{
  guint  line;
  char  *message;
} PeilScenarioProblem;

#define PEIL_TYPE_SCENARIO_PROBLEM (peil_scenario_problem_get_type ())

PEIL_AVAILABLE_IN_ALL
GType                peil_scenario_problem_get_type (void) G_GNUC_CONST;
PEIL_AVAILABLE_IN_ALL
PeilScenarioProblem *peil_scenario_problem_new      (guint                      line,
                                                     const char                *message);
PEIL_AVAILABLE_IN_ALL
PeilScenarioProblem *peil_scenario_problem_copy     (const PeilScenarioProblem *problem);
PEIL_AVAILABLE_IN_ALL
void                 peil_scenario_problem_free     (PeilScenarioProblem       *problem);

#define PEIL_TYPE_SCENARIO (peil_scenario_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilScenario, peil_scenario, PEIL, SCENARIO, GObject)

PEIL_AVAILABLE_IN_ALL
PeilScenario     *peil_scenario_new         (void);
PEIL_AVAILABLE_IN_ALL
void              peil_scenario_add_inject  (PeilScenario     *self,
                                             PeilInject       *inject);
PEIL_AVAILABLE_IN_ALL
guint             peil_scenario_get_n_injects (PeilScenario   *self);
PEIL_AVAILABLE_IN_ALL
const PeilInject *peil_scenario_get_inject  (PeilScenario     *self,
                                             guint             position);
PEIL_AVAILABLE_IN_ALL
const PeilInject *peil_scenario_find_inject (PeilScenario     *self,
                                             const char       *id);
PEIL_AVAILABLE_IN_ALL
void              peil_scenario_sort        (PeilScenario     *self);

PEIL_AVAILABLE_IN_ALL
PeilScenario     *peil_scenario_new_from_file  (GFile           *file,
                                                GHashTable      *column_map,
                                                PeilTaxonomy    *taxonomy,
                                                GPtrArray      **problems,
                                                GCancellable    *cancellable,
                                                GError         **error);
PEIL_AVAILABLE_IN_ALL
PeilScenario     *peil_scenario_new_from_bytes (GBytes          *bytes,
                                                const char      *name,
                                                GHashTable      *column_map,
                                                PeilTaxonomy    *taxonomy,
                                                GPtrArray      **problems,
                                                GCancellable    *cancellable,
                                                GError         **error);
PEIL_AVAILABLE_IN_ALL
gboolean          peil_scenario_write_csv      (PeilScenario    *self,
                                                GFile           *file,
                                                GError         **error);
PEIL_AVAILABLE_IN_ALL
PeilScenario     *peil_scenario_new_from_incident (PeilIncident *incident,
                                                   gint64        from,
                                                   gint64        to,
                                                   guint         sample,
                                                   GCancellable *cancellable,
                                                   GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilInject, peil_inject_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilScenarioProblem, peil_scenario_problem_free)

G_END_DECLS

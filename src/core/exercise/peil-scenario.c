/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "peil-scenario.h"

typedef struct
{
  const char *channel;
  const char *names;   /* '|'-separated, lower case: what trainers write */
} ChannelNames;

static const ChannelNames channel_names[] = {
  { PEIL_CHANNEL_X,           "x|twitter|tweet" },
  { PEIL_CHANNEL_FACEBOOK,    "facebook|fb" },
  { PEIL_CHANNEL_INSTAGRAM,   "instagram|insta" },
  { PEIL_CHANNEL_TIKTOK,      "tiktok" },
  { PEIL_CHANNEL_MASTODON,    "mastodon" },
  { PEIL_CHANNEL_NEWS,        "news|nieuws|media|pers|krant|tv|radio" },
  { PEIL_CHANNEL_PHONE,       "phone|telefoon|tel|call|belletje|telefonisch" },
  { PEIL_CHANNEL_WHATSAPP,    "whatsapp|app|sms" },
  { PEIL_CHANNEL_WEBCARE,     "webcare|e-mail|email|mail" },
  { PEIL_CHANNEL_CRISIS_TEAM, "crisis-team|crisis team|crisisteam|crisis_team|ct" },
};

/**
 * peil_channel_from_string:
 * @text: a channel as a trainer writes it, in Dutch or English, in any case
 *
 * Reads a channel name from a scenario file or the command line into one of
 * the PEIL_CHANNEL_* values.
 *
 * Returns: (nullable): the canonical channel, or %NULL if @text names none
 */
const char *
peil_channel_from_string (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *lower = NULL;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  lower = g_utf8_strdown (trimmed, -1);
  for (guint i = 0; i < G_N_ELEMENTS (channel_names); i++)
    {
      g_auto(GStrv) names = g_strsplit (channel_names[i].names, "|", 0);
      if (g_strv_contains ((const char * const *)names, lower))
        return channel_names[i].channel;
    }
  return NULL;
}

/**
 * peil_channel_get_all:
 *
 * Lists every canonical channel, for a choice or a message that names them
 * all. The array is static and owned by Peil.
 *
 * Returns: (transfer none) (array zero-terminated=1): the canonical
 *   channels, in the order a person is shown them
 */
const char * const *
peil_channel_get_all (void)
{
  static const char *all[G_N_ELEMENTS (channel_names) + 1];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (channel_names); i++)
        all[i] = channel_names[i].channel;
      g_once_init_leave (&done, 1);
    }
  return all;
}

/**
 * peil_channel_get_label:
 * @channel: a canonical channel
 *
 * Names a channel for a user: platform names stay as they are, the other
 * channels are translated.
 *
 * Returns: its name for people, translated; @channel itself if unknown
 */
const char *
peil_channel_get_label (const char *channel)
{
  if (g_strcmp0 (channel, PEIL_CHANNEL_X) == 0)           return "X";
  if (g_strcmp0 (channel, PEIL_CHANNEL_FACEBOOK) == 0)    return "Facebook";
  if (g_strcmp0 (channel, PEIL_CHANNEL_INSTAGRAM) == 0)   return "Instagram";
  if (g_strcmp0 (channel, PEIL_CHANNEL_TIKTOK) == 0)      return "TikTok";
  if (g_strcmp0 (channel, PEIL_CHANNEL_MASTODON) == 0)    return "Mastodon";
  if (g_strcmp0 (channel, PEIL_CHANNEL_NEWS) == 0)        return _("News");
  if (g_strcmp0 (channel, PEIL_CHANNEL_PHONE) == 0)       return _("Phone");
  if (g_strcmp0 (channel, PEIL_CHANNEL_WHATSAPP) == 0)    return "WhatsApp";
  if (g_strcmp0 (channel, PEIL_CHANNEL_WEBCARE) == 0)     return _("Webcare");
  if (g_strcmp0 (channel, PEIL_CHANNEL_CRISIS_TEAM) == 0) return _("Crisis team");
  return channel;
}

/**
 * peil_inject_get_type:
 *
 * Returns: the #GType of #PeilInject, a boxed type copied with
 *   peil_inject_copy()
 */
G_DEFINE_BOXED_TYPE (PeilInject, peil_inject, peil_inject_copy, peil_inject_free)

/**
 * peil_inject_new:
 *
 * Creates an inject for a scenario built in code; @id and @text are required.
 *
 * Returns: (transfer full): an inject without gold (not assessed), without
 *   priority or deadline
 */
PeilInject *
peil_inject_new (const char *id,
                 gint64      offset,
                 const char *channel,
                 const char *text)
{
  PeilInject *inject = g_new0 (PeilInject, 1);

  g_return_val_if_fail (id != NULL && text != NULL, NULL);

  inject->id = g_strdup (id);
  inject->offset = offset;
  inject->channel = g_strdup (channel);
  inject->text = g_strdup (text);
  inject->deadline = -1;
  return inject;
}

/**
 * peil_inject_copy:
 * @inject: a #PeilInject
 *
 * Copies @inject and all it holds, the trainer's fields included.
 *
 * Returns: (transfer full): the copy; free it with peil_inject_free()
 */
PeilInject *
peil_inject_copy (const PeilInject *inject)
{
  PeilInject *copy = g_memdup2 (inject, sizeof *inject);

  copy->id = g_strdup (inject->id);
  copy->channel = g_strdup (inject->channel);
  copy->author = g_strdup (inject->author);
  copy->text = g_strdup (inject->text);
  copy->gold_tags = g_strdupv (inject->gold_tags);
  copy->rumour = g_strdup (inject->rumour);
  copy->expected_action = g_strdup (inject->expected_action);
  copy->trainer_note = g_strdup (inject->trainer_note);
  return copy;
}

/**
 * peil_inject_free:
 * @inject: (nullable) (transfer full): a #PeilInject
 *
 * Frees @inject and all it holds.
 */
void
peil_inject_free (PeilInject *inject)
{
  if (inject == NULL)
    return;
  g_free (inject->id);
  g_free (inject->channel);
  g_free (inject->author);
  g_free (inject->text);
  g_strfreev (inject->gold_tags);
  g_free (inject->rumour);
  g_free (inject->expected_action);
  g_free (inject->trainer_note);
  g_free (inject);
}

/**
 * peil_inject_is_assessed:
 * @inject: a #PeilInject
 *
 * Whether the trainer gave @inject gold tags, even an empty set. An inject
 * without gold is counted as unassessed, never as one that deserves no tag.
 *
 * Returns: %TRUE when @inject is scored
 */
gboolean
peil_inject_is_assessed (const PeilInject *inject)
{
  return inject->gold_tags != NULL;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The taxonomy's PRIORITY facet, by PeilInject's priority. */
static const char * const priority_tags[] = { NULL, "PRIORITY-LOW", "PRIORITY-MEDIUM", "PRIORITY-HIGH" };

/**
 * peil_priority_get_tag:
 * @priority: 1 low, 2 medium, 3 high
 *
 * Gives the tag code that marks a priority, the reverse of
 * peil_priority_from_tag().
 *
 * Returns: (nullable): the tag a trainee gives for @priority
 *   ("PRIORITY-HIGH"), %NULL for none
 */
const char *
peil_priority_get_tag (int priority)
{
  return priority > 0 && priority < (int)G_N_ELEMENTS (priority_tags) ? priority_tags[priority] : NULL;
}

/**
 * peil_priority_from_tag:
 *
 * Reads the priority a trainee gave with a tag, for scoring an exercise
 * against its gold.
 *
 * Returns: the priority @code stands for, 0 when it is no priority tag
 */
int
peil_priority_from_tag (const char *code)
{
  for (int i = 1; i < (int)G_N_ELEMENTS (priority_tags); i++)
    if (g_strcmp0 (code, priority_tags[i]) == 0)
      return i;
  return 0;
}

/**
 * peil_inject_dup_gold:
 *
 * The gold an inject is scored against: its gold tags and, when it has a
 * priority, the PRIORITY tag of that priority (the priority column is
 * the trainer's judgement in the PRIORITY facet), once.
 *
 * Returns: (transfer full) (nullable): the gold tags of an assessed
 *   inject, sorted; %NULL when it is not assessed
 */
GStrv
peil_inject_dup_gold (const PeilInject *inject)
{
  const char *priority = peil_priority_get_tag (inject->priority);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv gold;

  if (!peil_inject_is_assessed (inject))
    return NULL;
  g_strv_builder_addv (builder, (const char **)inject->gold_tags);
  if (priority != NULL && !g_strv_contains ((const char * const *)inject->gold_tags, priority))
    g_strv_builder_add (builder, priority);
  gold = g_strv_builder_end (builder);
  qsort (gold, g_strv_length (gold), sizeof *gold, compare_codes);
  return gold;
}

/**
 * PeilScenario:
 *
 * The injects of an exercise, each with a unique id, read from a scenario
 * file (peil_scenario_new_from_file()), drawn from an incident
 * (peil_scenario_new_from_incident()) or built in code. A scenario is not
 * thread-safe: fill it on one thread, then read it from any.
 */
struct _PeilScenario
{
  GObject     parent_instance;
  GPtrArray  *injects;
  GHashTable *by_id;
};

/**
 * peil_scenario_get_type:
 *
 * Returns: the #GType of #PeilScenario
 */
G_DEFINE_FINAL_TYPE (PeilScenario, peil_scenario, G_TYPE_OBJECT)

static void
peil_scenario_finalize (GObject *object)
{
  PeilScenario *self = (PeilScenario *)object;

  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->injects);

  G_OBJECT_CLASS (peil_scenario_parent_class)->finalize (object);
}

static void
peil_scenario_class_init (PeilScenarioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_scenario_finalize;
}

static void
peil_scenario_init (PeilScenario *self)
{
  self->injects = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_inject_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * peil_scenario_new:
 *
 * Makes an empty scenario.
 *
 * Returns: (transfer full): an empty scenario, to fill with
 *   peil_scenario_add_inject()
 */
PeilScenario *
peil_scenario_new (void)
{
  return g_object_new (PEIL_TYPE_SCENARIO, NULL);
}

/**
 * peil_scenario_add_inject:
 * @inject: (transfer full): an inject whose id the scenario does not hold yet
 *
 * Adds an inject to the scenario; peil_scenario_sort() puts it in release order.
 */
void
peil_scenario_add_inject (PeilScenario *self,
                          PeilInject   *inject)
{
  g_return_if_fail (PEIL_IS_SCENARIO (self));
  g_return_if_fail (inject != NULL);
  g_return_if_fail (!g_hash_table_contains (self->by_id, inject->id));

  g_ptr_array_add (self->injects, inject);
  g_hash_table_insert (self->by_id, inject->id, inject);
}

/**
 * peil_scenario_get_n_injects:
 * @self: a #PeilScenario
 *
 * Gets the number of injects.
 *
 * Returns: how many injects @self holds
 */
guint
peil_scenario_get_n_injects (PeilScenario *self)
{
  g_return_val_if_fail (PEIL_IS_SCENARIO (self), 0);
  return self->injects->len;
}

/**
 * peil_scenario_get_inject:
 * @self: a #PeilScenario
 * @position: the inject's position, below peil_scenario_get_n_injects()
 *
 * Injects are in the order they were added until peil_scenario_sort().
 *
 * Returns: (transfer none): the inject at @position, owned by @self
 */
const PeilInject *
peil_scenario_get_inject (PeilScenario *self,
                          guint         position)
{
  g_return_val_if_fail (PEIL_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (position < self->injects->len, NULL);
  return g_ptr_array_index (self->injects, position);
}

/**
 * peil_scenario_find_inject:
 *
 * Looks up an inject of the scenario by its id.
 *
 * Returns: (nullable): the inject with @id, or %NULL
 */
const PeilInject *
peil_scenario_find_inject (PeilScenario *self,
                           const char   *id)
{
  g_return_val_if_fail (PEIL_IS_SCENARIO (self), NULL);
  return g_hash_table_lookup (self->by_id, id);
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  const PeilInject *x = *(const PeilInject * const *)a;
  const PeilInject *y = *(const PeilInject * const *)b;

  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/**
 * peil_scenario_sort:
 * @self: a #PeilScenario
 *
 * Puts the injects into release order, by offset; injects at one time keep
 * the order of the lines they were read from.
 */
void
peil_scenario_sort (PeilScenario *self)
{
  g_return_if_fail (PEIL_IS_SCENARIO (self));
  g_ptr_array_sort (self->injects, compare_offsets);
}

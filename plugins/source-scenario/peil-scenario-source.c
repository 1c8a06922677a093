/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-scenario-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>

/*
 * The source of an exercise: each run releases the injects whose time
 * the exercise clock has passed and that are not released yet, as posts
 * (source "scenario", remote id the inject's id), so that gathering live,
 * "N new posts", coverage and duplicates work as for any query. It asks
 * to be run again when the next inject is due, capped at a few seconds so
 * that a pause, a jump or a change of speed made elsewhere is followed.
 */
#define MAX_WAIT_SECONDS 5

#define PEIL_TYPE_SCENARIO_SOURCE (peil_scenario_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilScenarioSource, peil_scenario_source, PEIL, SCENARIO_SOURCE, GObject)

struct _PeilScenarioSource
{
  GObject parent_instance;
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilScenarioSource, peil_scenario_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static void peil_scenario_source_class_init (PeilScenarioSourceClass *klass) { }
static void peil_scenario_source_class_finalize (PeilScenarioSourceClass *klass) { }
static void peil_scenario_source_init (PeilScenarioSource *self) { }

static const char *
get_id (PeilSource *source)
{
  return PEIL_EXERCISE_SOURCE;
}

static const char *
get_name (PeilSource *source)
{
  return _("Exercise scenario");
}

/* Neither files nor the network: it is not offered for imports or new
 * queries; "peil-cli exercise new" adds its query. */
static PeilSourceFlags
get_flags (PeilSource *source)
{
  return 0;
}

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autoptr(PeilExerciseClock) clock = peil_exercise_clock_new (peil_gather_job_get_incident (job));
  g_autoptr(GPtrArray) posts = NULL;
  g_autofree char *next_run = NULL;
  gint64 wait = -1;

  if (!(posts = peil_exercise_clock_get_due (clock, &wait, error)))
    return FALSE;

  for (guint i = 0; i < posts->len; i++)
    if (!peil_gather_job_add_post (job, g_ptr_array_index (posts, i), 0, error))
      return FALSE;

  /* The next run in whole seconds, from one to a few from now. */
  if (wait < 0 || wait > MAX_WAIT_SECONDS * G_USEC_PER_SEC)
    wait = MAX_WAIT_SECONDS * G_USEC_PER_SEC;
  wait = MAX (wait, G_USEC_PER_SEC);
  next_run = g_strdup_printf ("%" G_GINT64_FORMAT,
                              (g_get_real_time () + wait + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  peil_gather_job_set_state (job, PEIL_QUERY_STATE_NEXT_RUN, next_run);
  return TRUE;
}

static void
source_iface_init (PeilSourceInterface *iface)
{
  iface->get_id = get_id;
  iface->get_name = get_name;
  iface->get_flags = get_flags;
  iface->gather = gather;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_scenario_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_SCENARIO_SOURCE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A source that exists only for the tests: it proves that a plugin from a
 * folder in PEIL_PLUGIN_PATH loads and that its posts reach the file. It
 * makes "count" posts (option, default 3) saying "text", with ids from
 * "first" (default 0) on, a second apart from "time" (epoch seconds). */
#include "config.h"

#include <libpeas/peas.h>
#include <peil.h>

#define PEIL_TYPE_TEST_SOURCE (peil_test_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilTestSource, peil_test_source, PEIL, TEST_SOURCE, GObject)

struct _PeilTestSource
{
  GObject parent_instance;
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilTestSource, peil_test_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static void peil_test_source_class_init (PeilTestSourceClass *klass) { }
static void peil_test_source_class_finalize (PeilTestSourceClass *klass) { }
static void peil_test_source_init (PeilTestSource *self) { }

static const char *
get_id (PeilSource *source)
{
  return TEST_SOURCE_ID;
}

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  const char *count = peil_gather_job_get_option (job, "count");
  const char *text = peil_gather_job_get_option (job, "text");
  const char *first = peil_gather_job_get_option (job, "first");
  const char *time = peil_gather_job_get_option (job, "time");
  guint n = count ? (guint)g_ascii_strtoull (count, NULL, 10) : 3;
  guint offset = first ? (guint)g_ascii_strtoull (first, NULL, 10) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", offset + i);
      g_autoptr(PeilPost) post = peil_post_new (TEST_SOURCE_ID, id);

      peil_post_set_text (post, text ? text : "test");
      peil_post_set_created_at (post, (time ? g_ascii_strtoll (time, NULL, 10) : 1764079200) + i);
      if (!peil_gather_job_add_post (job, post, i + 1, error))
        return FALSE;
    }
  return TRUE;
}

static void
source_iface_init (PeilSourceInterface *iface)
{
  iface->get_id = get_id;
  iface->gather = gather;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_test_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_TEST_SOURCE);
}

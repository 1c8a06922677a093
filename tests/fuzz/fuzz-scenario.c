/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scenario files, CSV or XLSX (a zip archive) as the bytes tell, through
 * the exercise's scenario reader. */
#include "config.h"

#include "peil-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static PeilTaxonomy *taxonomy;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = NULL;

  peil_fuzz_init ();
  if (taxonomy == NULL)
    taxonomy = peil_taxonomy_new_default (NULL);

  scenario = peil_scenario_new_from_bytes (bytes, "fuzz", NULL, taxonomy, &problems, NULL, &error);
  if (scenario == NULL)
    {
      /* Either why the file cannot be read, or its problems, each in text. */
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (guint i = 0; problems && i < problems->len; i++)
        g_assert_true (g_utf8_validate (((PeilScenarioProblem *)g_ptr_array_index (problems, i))->message, -1, NULL));
      return 0;
    }

  /* A scenario as the exercise plays it: in release order, each inject
   * on a known channel, with text. */
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  for (guint i = 0; i < peil_scenario_get_n_injects (scenario); i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (scenario, i);

      g_assert_true (peil_scenario_find_inject (scenario, inject->id) == inject);
      g_assert_true (g_strv_contains (peil_channel_get_all (), inject->channel));
      g_assert_true (g_utf8_validate (inject->text, -1, NULL) && *inject->text != '\0');
      g_assert_cmpint (inject->offset, >=, 0);
      g_assert_true (i == 0 || peil_scenario_get_inject (scenario, i - 1)->offset <= inject->offset);
      g_assert_cmpint (inject->priority, >=, 0);
      g_assert_cmpint (inject->priority, <=, 3);
      for (guint t = 0; inject->gold_tags && inject->gold_tags[t]; t++)
        g_assert_nonnull (peil_taxonomy_lookup_tag (taxonomy, inject->gold_tags[t]));
    }
  return 0;
}

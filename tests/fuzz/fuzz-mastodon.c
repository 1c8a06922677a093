/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mastodon answers, as a timeline and as a search, through the parser. */
#include "config.h"

#include "peil-fuzz.h"
#include "peil-mastodon-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  peil_fuzz_init ();
  for (guint search = 0; search < 2; search++)
    {
      g_auto(PeilMastodonPage) page = { 0 };
      g_autoptr(GError) error = NULL;
      guint64 position = 0;

      if (!peil_mastodon_parse_page ((const char *)data, size, search, "mastodon.example", "https://mastodon.example",
                                     peil_fuzz_sink (), &position, &page, &error))
        g_assert_nonnull (error);
      else
        g_assert_cmpuint (position, ==, page.n_statuses);
    }
  return 0;
}

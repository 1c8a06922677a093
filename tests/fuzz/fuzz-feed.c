/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RSS and Atom documents through the feed source's parser. */
#include "config.h"

#include "peil-feed-parse.h"
#include "peil-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;

  peil_fuzz_init ();
  if (!peil_feed_parse ((const char *)data, size, "https://nieuws.example/rss", "nieuws.example", NULL,
                        peil_fuzz_sink (), &error))
    g_assert_nonnull (error);
  return 0;
}

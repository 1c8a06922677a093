/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bluesky answers, searchPosts and createSession, through the parser. */
#include "config.h"

#include "peil-bluesky-parse.h"
#include "peil-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(PeilBlueskyPage) page = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) session_error = NULL;
  g_autofree char *token = NULL;
  guint64 position = 0;

  peil_fuzz_init ();
  if (!peil_bluesky_parse_page ((const char *)data, size, "https://bsky.example", peil_fuzz_sink (),
                                &position, &page, &error))
    g_assert_nonnull (error);
  else
    g_assert_cmpuint (position, ==, page.n_posts);
  if (!(token = peil_bluesky_parse_session ((const char *)data, size, &session_error)))
    g_assert_nonnull (session_error);
  return 0;
}

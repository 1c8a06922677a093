/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "peil-fuzz.h"

/* A post as the window and the file will take it: its strings are text,
 * its link a web address, and it turns into an export line. */
static gboolean
check_post (PeilPostSink  *sink,
            PeilPost      *post,
            guint64        position,
            GError       **error)
{
  const char *url = peil_post_get_url (post);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *line = NULL;

  g_assert_true (PEIL_IS_POST (post));
  g_assert_nonnull (peil_post_get_source (post));
  g_assert_true (g_utf8_validate (peil_post_get_text (post), -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (peil_post_get_text (post), -1), <=, PEIL_POST_MAX_TEXT + 4);
  g_assert_true (url == NULL || g_ascii_strncasecmp (url, "http://", 7) == 0 || g_ascii_strncasecmp (url, "https://", 8) == 0);

  node = peil_post_to_json (post, NULL);
  line = json_to_string (node, FALSE);
  g_assert_nonnull (line);
  return TRUE;
}

static void
check_rejection (PeilPostSink *sink,
                 guint64       position,
                 const char   *reason)
{
  g_assert_nonnull (reason);
  g_assert_true (g_utf8_validate (reason, -1, NULL));
}

void
peil_fuzz_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_setenv ("LANGUAGE", "en", TRUE);
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_once_init_leave (&done, 1);
    }
}

PeilPostSink *
peil_fuzz_sink (void)
{
  static PeilPostSink sink = { check_post, check_rejection, NULL };

  return &sink;
}

/* Lines end in \n, \r\n or \r, as peil_gather_job_read_line() reads them;
 * like it, each line is a C string that ends at a NUL. */
char **
peil_fuzz_lines (const uint8_t *data,
                 size_t         size)
{
  GPtrArray *lines = g_ptr_array_new ();
  size_t start = 0;

  for (size_t i = 0; i <= size; i++)
    {
      if (i < size && data[i] != '\n' && data[i] != '\r')
        continue;
      g_ptr_array_add (lines, g_strndup ((const char *)data + start, i - start));
      if (i + 1 < size && data[i] == '\r' && data[i + 1] == '\n')
        i++;
      start = i + 1;
    }
  g_ptr_array_add (lines, NULL);
  return (char **)g_ptr_array_free (lines, FALSE);
}

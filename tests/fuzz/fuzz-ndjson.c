/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NDJSON lines (Peil, Zeeschuimer, 4CAT) through the import's line parser. */
#include "config.h"

#include "peil-fuzz.h"
#include "peil-ndjson-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_auto(GStrv) lines = NULL;
  PeilPostSink *sink;

  peil_fuzz_init ();
  sink = peil_fuzz_sink ();
  lines = peil_fuzz_lines (data, size);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(PeilPost) post = NULL;
      g_autoptr(GError) error = NULL;

      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      if ((post = peil_ndjson_parse_line (parser, lines[i], &error)))
        sink->add_post (sink, post, i + 1, NULL);
      else
        peil_post_sink_reject (sink, i + 1, error->message);
    }
  return 0;
}

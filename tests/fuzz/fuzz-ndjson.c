/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NDJSON lines (Peil, Zeeschuimer, 4CAT) through the import's line parser,
 * which reads each the same with its scan (peil-json-scan.c) and without. */
#include "config.h"

#include "peil-fuzz.h"
#include "peil-ndjson-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(PeilJsonScan) scan = peil_ndjson_scan_new ();
  g_auto(GStrv) lines = NULL;
  PeilPostSink *sink;

  peil_fuzz_init ();
  sink = peil_fuzz_sink ();
  lines = peil_fuzz_lines (data, size);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(PeilPost) post = NULL;
      g_autoptr(PeilPost) parsed = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) parse_error = NULL;

      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      post = peil_ndjson_parse_line (parser, scan, lines[i], &error);
      parsed = peil_ndjson_parse_line (parser, NULL, lines[i], &parse_error);
      g_assert_cmpstr (error ? error->message : NULL, ==, parse_error ? parse_error->message : NULL);
      if (post != NULL)
        {
          g_autoptr(JsonNode) a = peil_post_to_json (post, NULL);
          g_autoptr(JsonNode) b = peil_post_to_json (parsed, NULL);
          g_autofree char *scanned_line = json_to_string (a, FALSE);
          g_autofree char *parsed_line = json_to_string (b, FALSE);

          g_assert_cmpstr (scanned_line, ==, parsed_line);
        }
      if (post != NULL)
        sink->add_post (sink, post, i + 1, NULL);
      else
        peil_post_sink_reject (sink, i + 1, error->message);
    }
  return 0;
}

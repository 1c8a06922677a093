/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV files through the import's reader, line by line. */
#include "config.h"

#include "peil-csv-parse.h"
#include "peil-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PeilCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean ok = TRUE;

  peil_fuzz_init ();
  reader = peil_csv_reader_new (options, peil_fuzz_sink (), &error);
  g_assert_no_error (error);
  lines = peil_fuzz_lines (data, size);
  /* A file's last line end ends no further line. */
  for (guint i = 0; ok && lines[i] != NULL && (lines[i + 1] != NULL || *lines[i] != '\0'); i++)
    ok = peil_csv_reader_feed_line (reader, lines[i], -1, i + 1, &error);
  if (ok)
    ok = peil_csv_reader_finish (reader, &error);
  g_assert_true (ok || (error != NULL && g_utf8_validate (error->message, -1, NULL)));
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

typedef struct _PeilCsvReader PeilCsvReader;

PeilCsvReader *peil_csv_reader_new       (GHashTable     *options,
                                          PeilPostSink   *sink,
                                          GError        **error);
gboolean       peil_csv_reader_feed_line (PeilCsvReader  *reader,
                                          char           *line,
                                          gssize          line_length,
                                          guint64         line_number,
                                          GError        **error);
gboolean       peil_csv_reader_finish    (PeilCsvReader  *reader,
                                          GError        **error);
void           peil_csv_reader_free      (PeilCsvReader  *reader);

PeilSourcePreview *peil_csv_preview      (const char     *data,
                                          gsize           length,
                                          gboolean        whole,
                                          guint           max_rows,
                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilCsvReader, peil_csv_reader_free)

G_END_DECLS

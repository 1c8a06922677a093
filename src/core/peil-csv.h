/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib.h>

G_BEGIN_DECLS

/**
 * PEIL_CSV_MAX_RECORD:
 *
 * The most bytes a record (one line or more) may have: a larger record is
 * rejected, with its line, and reading goes on; a larger header row stops
 * the reading with an error.
 */
#define PEIL_CSV_MAX_RECORD (4u << 20)

typedef struct _PeilCsvSink PeilCsvSink;

/**
 * PeilCsvSink:
 * @header: takes the header row, its names trimmed, and the line it is
 *   on; %FALSE with @error set stops the reading
 * @record: takes a record of as many fields as the header has, and the
 *   line it starts on; it may change the fields' text in place; %FALSE
 *   with @error set stops the reading
 * @reject: takes a record that could not be read, with the reason
 *
 * Where a #PeilCsvParser hands what it read, as #PeilPostSink is for
 * posts. Embed it as the first member of a struct of your own to reach
 * your state from the callbacks.
 */
struct _PeilCsvSink
{
  gboolean (*header) (PeilCsvSink  *sink,
                      GPtrArray    *names,
                      guint64       line,
                      GError      **error);
  gboolean (*record) (PeilCsvSink  *sink,
                      GPtrArray    *fields,
                      guint64       line,
                      GError      **error);
  void     (*reject) (PeilCsvSink  *sink,
                      guint64       line,
                      const char   *reason);
};

/**
 * PeilCsvParser:
 *
 * Reads CSV (comma, semicolon or tab separated, as the header row shows)
 * line by line or in blocks and hands each record to a #PeilCsvSink, so
 * that a file of any size is read in little memory. An opaque struct:
 * make one with peil_csv_parser_new() and free it with
 * peil_csv_parser_free().
 */
typedef struct _PeilCsvParser PeilCsvParser;

PEIL_AVAILABLE_IN_ALL
PeilCsvParser *peil_csv_parser_new       (PeilCsvSink    *sink,
                                          GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean       peil_csv_parser_feed_line (PeilCsvParser  *parser,
                                          char           *line,
                                          gssize          line_length,
                                          guint64         line_number,
                                          GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean       peil_csv_parser_feed_data (PeilCsvParser  *parser,
                                          const char     *data,
                                          gsize           length,
                                          gboolean        whole,
                                          GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean       peil_csv_parser_finish    (PeilCsvParser  *parser,
                                          GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean       peil_csv_parser_has_header (PeilCsvParser *parser);
PEIL_AVAILABLE_IN_ALL
void           peil_csv_parser_free      (PeilCsvParser  *parser);

/**
 * PeilCsvField:
 * @key: the field's key, as a mapping names it ("text")
 * @names: the column names that hold it, '|'-separated, compared
 *   without case ("bericht|tekst|text")
 *
 * A field a CSV import reads, and the column names it is found under.
 */
typedef struct
{
  const char *key;
  const char *names;
} PeilCsvField;

PEIL_AVAILABLE_IN_ALL
int      peil_csv_find_column  (GPtrArray          *header,
                                const char         *name);
PEIL_AVAILABLE_IN_ALL
char    *peil_csv_list_columns (GPtrArray          *header);
PEIL_AVAILABLE_IN_ALL
gboolean peil_csv_map_columns  (GPtrArray          *header,
                                const PeilCsvField *fields,
                                guint               n_fields,
                                GHashTable         *map,
                                int                *columns,
                                GError            **error);
PEIL_AVAILABLE_IN_ALL
void     peil_csv_append_cell  (GString            *row,
                                guint               column,
                                const char         *value,
                                gboolean            neutralize);
PEIL_AVAILABLE_IN_ALL
const char *peil_csv_unneutralize (const char     *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilCsvParser, peil_csv_parser_free)

G_END_DECLS

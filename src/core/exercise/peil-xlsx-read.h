/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_COMPILATION)
# error "peil-xlsx-read.h is private to the core."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* No part of a workbook is unpacked past this: a zip bomb stops here. */
#define PEIL_XLSX_MAX_PART (64u << 20)

/* No sheet gives more text than this, counted over the cells read, each
 * at least PEIL_XLSX_CELL_COST bytes: a text shared by many cells counts
 * once per cell (a few KB of workbook would otherwise give gigabytes),
 * and a sheet of countless tiny cells stops here too. A CSV Peil reads
 * holds no more. */
#define PEIL_XLSX_MAX_TEXT (64u << 20)
#define PEIL_XLSX_CELL_COST 16

/**
 * PeilXlsxRowFunc:
 * @cells: (element-type utf8): the row's cells as text, "" where a cell is
 *   empty, up to its last cell that is not (at most 256); not to be changed
 * @row: the row's number as the spreadsheet shows it, from 1
 *
 * Returns: %FALSE with @error set to stop reading
 */
typedef gboolean (*PeilXlsxRowFunc) (GPtrArray  *cells,
                                     guint       row,
                                     gpointer    user_data,
                                     GError    **error);

gboolean peil_xlsx_read_first_sheet (GBytes           *bytes,
                                     PeilXlsxRowFunc   func,
                                     gpointer          user_data,
                                     GCancellable     *cancellable,
                                     GError          **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-file-format.h"
#include "peil-incident.h"

G_BEGIN_DECLS

typedef gboolean (*PeilStreamWriteFunc) (GOutputStream  *stream,
                                         gpointer        user_data,
                                         GCancellable   *cancellable,
                                         GError        **error);

gboolean peil_replace_file_contents (GFile               *file,
                                     PeilStreamWriteFunc  write_func,
                                     gpointer             user_data,
                                     GCancellable        *cancellable,
                                     GError             **error);

/*
 * PeilExportFileFunc:
 * @format: the exporter
 * @connection: (nullable): a connection of the worker's own to the
 *   incident passed to peil_file_format_export_async(), or %NULL
 * @input: what the exporter writes (its task data)
 *
 * An exporter's synchronous export_file, run on a worker thread.
 */
typedef gboolean (*PeilExportFileFunc) (PeilFileFormat  *format,
                                        PeilIncident    *connection,
                                        gpointer         input,
                                        GFile           *file,
                                        GCancellable    *cancellable,
                                        GError         **error);

void peil_file_format_export_async (PeilFileFormat      *self,
                                    PeilIncident        *incident,
                                    PeilExportFileFunc   export_func,
                                    gpointer             input,
                                    GDestroyNotify       input_free,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);

G_END_DECLS

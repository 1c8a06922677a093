/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-exporter.h"

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

G_END_DECLS

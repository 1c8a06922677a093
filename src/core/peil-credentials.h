/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

G_BEGIN_DECLS

PEIL_AVAILABLE_IN_ALL
gboolean  peil_credentials_store  (const char  *source,
                                   const char  *instance,
                                   const char  *account,
                                   const char  *secret,
                                   GError     **error);
PEIL_AVAILABLE_IN_ALL
void      peil_credentials_store_async  (const char          *source,
                                         const char          *instance,
                                         const char          *account,
                                         const char          *secret,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
gboolean  peil_credentials_store_finish (GAsyncResult        *result,
                                         GError             **error);
PEIL_AVAILABLE_IN_ALL
char     *peil_credentials_lookup (const char  *source,
                                   const char  *instance,
                                   const char  *account,
                                   GError     **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *peil_account_normalize (const char *who);
GHashTable *peil_allow_list_to_set (const char *allow_list);
const char *peil_account_of        (const char *source,
                                    const char *handle,
                                    const char *name);

G_END_DECLS

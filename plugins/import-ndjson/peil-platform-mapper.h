/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

#include "peil-json-scan.h"

G_BEGIN_DECLS

/* A platform's item: a parsed object, or a scanned line with the item
 * at @prefix ("data." in Zeeschuimer's lines). */
typedef struct
{
  JsonObject   *object;
  PeilJsonScan *scan;
  const char   *prefix;
} PeilPlatformItem;

PeilPost  *peil_platform_map_item  (const char              *platform,
                                    const PeilPlatformItem  *item,
                                    const char              *fallback_id,
                                    char                   **out_mapper,
                                    GError                 **error);
GPtrArray *peil_platform_map_paths (const char              *prefix);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

PeilPost *peil_platform_map_item (const char  *platform,
                                  JsonObject  *item,
                                  const char  *fallback_id,
                                  char       **out_mapper,
                                  GError     **error);

G_END_DECLS

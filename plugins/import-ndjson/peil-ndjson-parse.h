/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

#include "peil-json-scan.h"

PeilJsonScan *peil_ndjson_scan_new   (void);
PeilPost     *peil_ndjson_parse_line (JsonParser    *parser,
                                      PeilJsonScan  *scan,
                                      const char    *line,
                                      GError       **error);

G_END_DECLS

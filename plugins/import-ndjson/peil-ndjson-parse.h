/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

PeilPost *peil_ndjson_parse_line (JsonParser  *parser,
                                  const char  *line,
                                  GError     **error);

G_END_DECLS

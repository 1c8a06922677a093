/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

gboolean peil_feed_parse (const char    *data,
                          gsize          length,
                          const char    *url,
                          const char    *host,
                          const char    *query,
                          PeilPostSink  *sink,
                          GError       **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>
#include <stdint.h>

G_BEGIN_DECLS

/* What every fuzz target shares: criticals made fatal, a sink that checks
 * what a parser hands on and drops it, and input split into lines the way
 * an import reads a file. */
int           LLVMFuzzerTestOneInput (const uint8_t *data,
                                      size_t         size);

void          peil_fuzz_init         (void);
PeilPostSink *peil_fuzz_sink         (void);
char        **peil_fuzz_lines        (const uint8_t *data,
                                      size_t         size);

G_END_DECLS

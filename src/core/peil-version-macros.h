/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include <glib.h>

#include "peil-version.h"

/* The library is built with hidden visibility (gnu_symbol_visibility in
 * src/core/meson.build): only what an installed header marks with one of
 * these macros is exported, so the ABI is what the headers say. */
#ifndef _PEIL_EXTERN
# define _PEIL_EXTERN __attribute__((visibility ("default"))) extern
#endif

/**
 * PEIL_VERSION_0_1:
 *
 * A macro that evaluates to the 0.1 version of libpeil-core, in a format
 * that can be used by the C pre-processor.
 */
#define PEIL_VERSION_0_1 (G_ENCODE_VERSION (0, 1))

/**
 * PEIL_AVAILABLE_IN_ALL:
 *
 * Marks a symbol as public API, available since the first release.
 */
#define PEIL_AVAILABLE_IN_ALL _PEIL_EXTERN

/**
 * PEIL_AVAILABLE_IN_0_1:
 *
 * Marks a symbol as public API, available since version 0.1.
 */
#define PEIL_AVAILABLE_IN_0_1 _PEIL_EXTERN

/**
 * PEIL_DEPRECATED_IN_0_1:
 *
 * Marks a symbol as deprecated since version 0.1: compilers warn where it
 * is used.
 */
#define PEIL_DEPRECATED_IN_0_1 G_DEPRECATED _PEIL_EXTERN

/**
 * PEIL_DEPRECATED_IN_0_1_FOR:
 * @f: the symbol to use instead
 *
 * Marks a symbol as deprecated since version 0.1 in favour of @f.
 */
#define PEIL_DEPRECATED_IN_0_1_FOR(f) G_DEPRECATED_FOR (f) _PEIL_EXTERN

#ifdef PEIL_COMPILATION
/* Exports a symbol of a private header for Peil's own tests, which link
 * the shared library (their plugins link it too, and two copies of the
 * core's GTypes in one process cannot work). Not API: tests/check-exports.py
 * lists every symbol so marked, and the list stays short. */
# define PEIL_PRIVATE_IN_ALL _PEIL_EXTERN
#endif

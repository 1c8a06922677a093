/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "peil-error.h"

/**
 * peil_error_quark:
 *
 * Gets the error domain of Peil's errors.
 *
 * Returns: the #GQuark of the %PEIL_ERROR domain
 */
G_DEFINE_QUARK (peil-error-quark, peil_error)

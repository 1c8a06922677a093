/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "peil-error.h"

G_DEFINE_QUARK (peil-error-quark, peil_error)

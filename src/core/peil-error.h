/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib.h>

G_BEGIN_DECLS

#define PEIL_ERROR (peil_error_quark ())

typedef enum
{
  PEIL_ERROR_FAILED,
  PEIL_ERROR_NOT_FOUND,
  PEIL_ERROR_NOT_SQLITE,
  PEIL_ERROR_NOT_PEIL,
  PEIL_ERROR_TOO_NEW,
  PEIL_ERROR_READ_ONLY,
  PEIL_ERROR_CORRUPT,
  PEIL_ERROR_EXISTS,
  PEIL_ERROR_INVALID,
  PEIL_ERROR_UNKNOWN_TAG,
  PEIL_ERROR_UNKNOWN_POST,
  PEIL_ERROR_BAD_QUERY,
  PEIL_ERROR_PLUGIN,
  PEIL_ERROR_NOT_SUPPORTED,
  PEIL_ERROR_DATABASE,
  PEIL_ERROR_ISSUED,
  PEIL_ERROR_OFFLINE,
  PEIL_ERROR_DENIED,
  PEIL_ERROR_NEEDS_LOGIN,
  PEIL_ERROR_EXERCISE,
} PeilError;

PEIL_AVAILABLE_IN_ALL
GQuark peil_error_quark (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib.h>

G_BEGIN_DECLS

/**
 * PEIL_ERROR:
 *
 * The error domain of Peil's own errors; their codes are #PeilError. The
 * messages are for people, translated and complete: show them as they are.
 */
#define PEIL_ERROR (peil_error_quark ())

/**
 * PeilError:
 * @PEIL_ERROR_FAILED: something failed that has no code of its own
 * @PEIL_ERROR_NOT_FOUND: what was asked for (a file, a round, a query, a
 *   story) is not there
 * @PEIL_ERROR_NOT_SQLITE: the file is not a database at all, or a damaged
 *   one
 * @PEIL_ERROR_NOT_PEIL: the file is a database, but not a Peil incident
 * @PEIL_ERROR_TOO_NEW: the file was made by a newer Peil
 * @PEIL_ERROR_READ_ONLY: the file cannot be written, so the change (or the
 *   log line it needs) cannot be saved
 * @PEIL_ERROR_CORRUPT: the file, its event log or the data in it are
 *   damaged or inconsistent
 * @PEIL_ERROR_EXISTS: what would be made (a file, a name) exists already
 * @PEIL_ERROR_INVALID: the input is not valid (a value, a line of a file,
 *   a setting); the message says what and where
 * @PEIL_ERROR_UNKNOWN_TAG: the incident has no tag by that code
 * @PEIL_ERROR_UNKNOWN_POST: the incident has no post by that id
 * @PEIL_ERROR_BAD_QUERY: a search cannot be understood (docs/search.md)
 * @PEIL_ERROR_PLUGIN: no plugin does what is asked, or a plugin failed
 * @PEIL_ERROR_NOT_SUPPORTED: this cannot be done here (on this system, in
 *   this kind of incident, for this format)
 * @PEIL_ERROR_DATABASE: the database refused or failed (the disk is full,
 *   another program holds the lock, the team server refused); nothing was
 *   saved
 * @PEIL_ERROR_ISSUED: the round was issued to the crisis team and can no
 *   longer be changed
 * @PEIL_ERROR_OFFLINE: the team server could not be reached, lost the
 *   connection or did not answer in time; trying again may work
 * @PEIL_ERROR_DENIED: the team server did not let the user in, or refused
 *   their role what was asked
 * @PEIL_ERROR_NEEDS_LOGIN: a source's server asks the user to log in first
 * @PEIL_ERROR_EXERCISE: not allowed for an exercise, or allowed only in
 *   one (an inject into a real incident)
 *
 * The codes of %PEIL_ERROR: the kinds of failure a caller may act on.
 */
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

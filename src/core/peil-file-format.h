/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

G_BEGIN_DECLS

#define PEIL_TYPE_FILE_FORMAT (peil_file_format_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PeilFileFormat, peil_file_format, PEIL, FILE_FORMAT, GObject)

/**
 * PeilFileFormatInterface:
 * @parent_iface: the parent interface
 * @get_format_id: returns a short, stable identifier ("csv", "html");
 *   required
 * @get_name: returns a translated name for people; the format id when
 *   not implemented
 * @get_extension: returns the file name extension, without the dot; the
 *   format id when not implemented
 * @get_mime_type: returns the MIME type of what the format writes;
 *   "application/octet-stream" when not implemented
 *
 * What every kind of exporter has in common: which format it writes and
 * how a file of it is named. #PeilExporter, #PeilReportExporter and
 * #PeilDebriefExporter require it, so a plugin implements this interface
 * beside (in C: before) its exporter interface.
 */
struct _PeilFileFormatInterface
{
  GTypeInterface parent_iface;

  const char *(*get_format_id) (PeilFileFormat *self);
  const char *(*get_name)      (PeilFileFormat *self);
  const char *(*get_extension) (PeilFileFormat *self);
  const char *(*get_mime_type) (PeilFileFormat *self);
};

PEIL_AVAILABLE_IN_ALL
const char *peil_file_format_get_format_id (PeilFileFormat       *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_file_format_get_name      (PeilFileFormat       *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_file_format_get_extension (PeilFileFormat       *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_file_format_get_mime_type (PeilFileFormat       *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_file_format_export_finish (PeilFileFormat       *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS

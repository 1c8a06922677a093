/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-filter.h"
#include "peil-incident.h"

G_BEGIN_DECLS

typedef enum
{
  PEIL_EXPORT_NONE       = 0,
  /* Real names instead of the default pseudonyms: the caller has logged
   * why (peil_incident_reveal_names()). */
  PEIL_EXPORT_REAL_NAMES = 1 << 0,
} PeilExportFlags;

#define PEIL_TYPE_EXPORTER (peil_exporter_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PeilExporter, peil_exporter, PEIL, EXPORTER, GObject)

/**
 * PeilExporterInterface:
 * @get_format_id: a short, stable identifier ("csv", "ndjson")
 * @get_name: a translated name for people
 * @get_extension: the file name extension, without the dot
 * @get_mime_type: the MIME type of what it writes
 * @write: writes the posts of @incident that match @filter (all when
 *   %NULL) to @stream; called on a worker thread
 */
struct _PeilExporterInterface
{
  GTypeInterface parent_iface;

  const char *(*get_format_id) (PeilExporter     *self);
  const char *(*get_name)      (PeilExporter     *self);
  const char *(*get_extension) (PeilExporter     *self);
  const char *(*get_mime_type) (PeilExporter     *self);
  gboolean    (*write)         (PeilExporter     *self,
                                PeilIncident     *incident,
                                PeilFilter       *filter,
                                PeilExportFlags   flags,
                                GOutputStream    *stream,
                                GCancellable     *cancellable,
                                GError          **error);
};

PEIL_AVAILABLE_IN_ALL
const char *peil_exporter_get_format_id (PeilExporter         *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_exporter_get_name      (PeilExporter         *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_exporter_get_extension (PeilExporter         *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_exporter_get_mime_type (PeilExporter         *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_exporter_write         (PeilExporter         *self,
                                         PeilIncident         *incident,
                                         PeilFilter           *filter,
                                         PeilExportFlags       flags,
                                         GOutputStream        *stream,
                                         GCancellable         *cancellable,
                                         GError              **error);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_exporter_export_file   (PeilExporter         *self,
                                         PeilIncident         *incident,
                                         PeilFilter           *filter,
                                         PeilExportFlags       flags,
                                         GFile                *file,
                                         GCancellable         *cancellable,
                                         GError              **error);
PEIL_AVAILABLE_IN_ALL
void        peil_exporter_export_file_async  (PeilExporter         *self,
                                              PeilIncident         *incident,
                                              PeilFilter           *filter,
                                              PeilExportFlags       flags,
                                              GFile                *file,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_exporter_export_file_finish (PeilExporter         *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-file-format.h"
#include "peil-filter.h"
#include "peil-incident.h"

G_BEGIN_DECLS

/**
 * PeilExportFlags:
 * @PEIL_EXPORT_NONE: authors under their pseudonyms, as always by default
 * @PEIL_EXPORT_REAL_NAMES: real names instead of the pseudonyms; the
 *   caller has logged why (peil_incident_reveal_names())
 *
 * How a #PeilExporter writes posts.
 */
typedef enum
{
  PEIL_EXPORT_NONE       = 0,
  PEIL_EXPORT_REAL_NAMES = 1 << 0,
} PeilExportFlags;

#define PEIL_TYPE_EXPORTER (peil_exporter_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PeilExporter, peil_exporter, PEIL, EXPORTER, GObject)

/**
 * PeilExporterInterface:
 * @parent_iface: the parent interface
 * @write: writes the posts of @incident that match @filter (all when
 *   %NULL) to @stream, with pseudonyms unless @flags say otherwise; called
 *   on a worker thread with a connection of its own to the incident
 *
 * A format posts are exported in (`X-Peil-Kind=exporter`). Its format id,
 * name, extension and MIME type come from #PeilFileFormat, which every
 * exporter implements too.
 */
struct _PeilExporterInterface
{
  GTypeInterface parent_iface;

  gboolean (*write) (PeilExporter     *self,
                     PeilIncident     *incident,
                     PeilFilter       *filter,
                     PeilExportFlags   flags,
                     GOutputStream    *stream,
                     GCancellable     *cancellable,
                     GError          **error);
};

PEIL_AVAILABLE_IN_ALL
gboolean peil_exporter_write             (PeilExporter         *self,
                                          PeilIncident         *incident,
                                          PeilFilter           *filter,
                                          PeilExportFlags       flags,
                                          GOutputStream        *stream,
                                          GCancellable         *cancellable,
                                          GError              **error);
PEIL_AVAILABLE_IN_ALL
gboolean peil_exporter_export_file       (PeilExporter         *self,
                                          PeilIncident         *incident,
                                          PeilFilter           *filter,
                                          PeilExportFlags       flags,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GError              **error);
PEIL_AVAILABLE_IN_ALL
void     peil_exporter_export_file_async (PeilExporter         *self,
                                          PeilIncident         *incident,
                                          PeilFilter           *filter,
                                          PeilExportFlags       flags,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);

G_END_DECLS

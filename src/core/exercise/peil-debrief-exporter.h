/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-exercise-score.h"
#include "peil-file-format.h"

G_BEGIN_DECLS

#define PEIL_TYPE_DEBRIEF_EXPORTER (peil_debrief_exporter_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PeilDebriefExporter, peil_debrief_exporter, PEIL, DEBRIEF_EXPORTER, GObject)

/**
 * PeilDebriefExporterInterface:
 * @parent_iface: the parent interface
 * @write: writes the debrief of @score to @stream, in the interface's
 *   language; reads nothing but @score
 *
 * A format of an exercise's debrief (`X-Peil-Kind=debrief`). Its format
 * id, name, extension and MIME type come from #PeilFileFormat, which every
 * debrief exporter implements too.
 */
struct _PeilDebriefExporterInterface
{
  GTypeInterface parent_iface;

  gboolean (*write) (PeilDebriefExporter  *self,
                     PeilExerciseScore    *score,
                     GOutputStream        *stream,
                     GCancellable         *cancellable,
                     GError              **error);
};

PEIL_AVAILABLE_IN_ALL
gboolean peil_debrief_exporter_write       (PeilDebriefExporter  *self,
                                            PeilExerciseScore    *score,
                                            GOutputStream        *stream,
                                            GCancellable         *cancellable,
                                            GError              **error);
PEIL_AVAILABLE_IN_ALL
gboolean peil_debrief_exporter_export_file (PeilDebriefExporter  *self,
                                            PeilExerciseScore    *score,
                                            GFile                *file,
                                            GCancellable         *cancellable,
                                            GError              **error);

G_END_DECLS

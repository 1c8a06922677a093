/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-exercise-score.h"

G_BEGIN_DECLS

#define PEIL_TYPE_DEBRIEF_EXPORTER (peil_debrief_exporter_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PeilDebriefExporter, peil_debrief_exporter, PEIL, DEBRIEF_EXPORTER, GObject)

/**
 * PeilDebriefExporterInterface:
 * @get_format_id: a short, stable identifier ("html", "pdf")
 * @get_name: a translated name for people
 * @get_extension: the file name extension, without the dot
 * @write: writes the debrief of @score to @stream, in the interface's
 *   language; reads nothing but @score
 *
 * A format of an exercise's debrief (`X-Peil-Kind=debrief`).
 */
struct _PeilDebriefExporterInterface
{
  GTypeInterface parent_iface;

  const char *(*get_format_id) (PeilDebriefExporter  *self);
  const char *(*get_name)      (PeilDebriefExporter  *self);
  const char *(*get_extension) (PeilDebriefExporter  *self);
  gboolean    (*write)         (PeilDebriefExporter  *self,
                                PeilExerciseScore    *score,
                                GOutputStream        *stream,
                                GCancellable         *cancellable,
                                GError              **error);
};

PEIL_AVAILABLE_IN_ALL
const char *peil_debrief_exporter_get_format_id (PeilDebriefExporter  *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_debrief_exporter_get_name      (PeilDebriefExporter  *self);
PEIL_AVAILABLE_IN_ALL
const char *peil_debrief_exporter_get_extension (PeilDebriefExporter  *self);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_debrief_exporter_write         (PeilDebriefExporter  *self,
                                                 PeilExerciseScore    *score,
                                                 GOutputStream        *stream,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
PEIL_AVAILABLE_IN_ALL
gboolean    peil_debrief_exporter_export_file   (PeilDebriefExporter  *self,
                                                 PeilExerciseScore    *score,
                                                 GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-debrief-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-debrief-exporter.h"
#include "peil-error.h"
#include "peil-file-format-private.h"
#include "peil-incident-private.h"

/**
 * PeilDebriefExporter:
 *
 * Writes the debrief of an exercise (a #PeilExerciseScore) to a file in
 * one format, such as HTML or PDF: the interface of `X-Peil-Kind=debrief`
 * plugins.
 *
 * A debrief exporter implements #PeilFileFormat too (which it requires)
 * for its identifier, name, extension and MIME type, and
 * #PeilDebriefExporterInterface.write for the debrief.
 */

G_DEFINE_INTERFACE (PeilDebriefExporter, peil_debrief_exporter, PEIL_TYPE_FILE_FORMAT)

static gboolean
peil_debrief_exporter_real_write (PeilDebriefExporter  *self,
                                  PeilExerciseScore    *score,
                                  GOutputStream        *stream,
                                  GCancellable         *cancellable,
                                  GError              **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
               _("The debrief format “%s” cannot write files"),
               peil_file_format_get_format_id (PEIL_FILE_FORMAT (self)));
  return FALSE;
}

static void
peil_debrief_exporter_default_init (PeilDebriefExporterInterface *iface)
{
  iface->write = peil_debrief_exporter_real_write;
}

/**
 * peil_debrief_exporter_write:
 * @self: a #PeilDebriefExporter
 * @score: the exercise's score
 * @stream: where to write the debrief
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the debrief of @score to @stream in the interface's language:
 * what peil_debrief_exporter_export_file() calls on its temporary file.
 * Reads nothing but @score.
 *
 * Returns: %TRUE when the whole debrief was written
 */
gboolean
peil_debrief_exporter_write (PeilDebriefExporter  *self,
                             PeilExerciseScore    *score,
                             GOutputStream        *stream,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_return_val_if_fail (PEIL_IS_DEBRIEF_EXPORTER (self), FALSE);
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (score), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  return PEIL_DEBRIEF_EXPORTER_GET_IFACE (self)->write (self, score, stream, cancellable, error);
}

typedef struct
{
  PeilDebriefExporter *exporter;
  PeilExerciseScore   *score;
} WriteCall;

static gboolean
write_debrief (GOutputStream  *stream,
               gpointer        user_data,
               GCancellable   *cancellable,
               GError        **error)
{
  WriteCall *call = user_data;
  return peil_debrief_exporter_write (call->exporter, call->score, stream, cancellable, error);
}

/**
 * peil_debrief_exporter_export_file:
 * @self: a #PeilDebriefExporter
 * @score: the exercise's score
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the debrief to @file; refuses to write over a trainee file (or
 * the files SQLite keeps beside it), and a failure leaves no half file and
 * keeps an earlier one. Does not log: the caller logs the debrief in each
 * trainee's incident with peil_incident_log_debrief().
 *
 * Returns: %TRUE when the file was written
 */
gboolean
peil_debrief_exporter_export_file (PeilDebriefExporter  *self,
                                   PeilExerciseScore    *score,
                                   GFile                *file,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  GPtrArray *trainee_files;
  WriteCall call = { self, score };

  g_return_val_if_fail (PEIL_IS_DEBRIEF_EXPORTER (self), FALSE);
  g_return_val_if_fail (PEIL_IS_EXERCISE_SCORE (score), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  trainee_files = peil_exercise_score_get_files (score);
  for (guint i = 0; i < trainee_files->len; i++)
    if (!peil_check_other_file (g_ptr_array_index (trainee_files, i), file, error))
      return FALSE;
  return peil_replace_file_contents (file, write_debrief, &call, cancellable, error);
}

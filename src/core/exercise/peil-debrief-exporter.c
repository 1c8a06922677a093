/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-debrief-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-debrief-exporter.h"
#include "peil-error.h"
#include "peil-exporter-private.h"
#include "peil-incident-private.h"

G_DEFINE_INTERFACE (PeilDebriefExporter, peil_debrief_exporter, G_TYPE_OBJECT)

static const char *
peil_debrief_exporter_real_get_name (PeilDebriefExporter *self)
{
  return peil_debrief_exporter_get_format_id (self);
}

static gboolean
peil_debrief_exporter_real_write (PeilDebriefExporter  *self,
                                  PeilExerciseScore    *score,
                                  GOutputStream        *stream,
                                  GCancellable         *cancellable,
                                  GError              **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
               _("The debrief format “%s” cannot write files"), peil_debrief_exporter_get_format_id (self));
  return FALSE;
}

static void
peil_debrief_exporter_default_init (PeilDebriefExporterInterface *iface)
{
  iface->get_name = peil_debrief_exporter_real_get_name;
  iface->write = peil_debrief_exporter_real_write;
}

const char *
peil_debrief_exporter_get_format_id (PeilDebriefExporter *self)
{
  g_return_val_if_fail (PEIL_IS_DEBRIEF_EXPORTER (self), NULL);
  g_return_val_if_fail (PEIL_DEBRIEF_EXPORTER_GET_IFACE (self)->get_format_id != NULL, NULL);

  return PEIL_DEBRIEF_EXPORTER_GET_IFACE (self)->get_format_id (self);
}

const char *
peil_debrief_exporter_get_name (PeilDebriefExporter *self)
{
  g_return_val_if_fail (PEIL_IS_DEBRIEF_EXPORTER (self), NULL);
  return PEIL_DEBRIEF_EXPORTER_GET_IFACE (self)->get_name (self);
}

const char *
peil_debrief_exporter_get_extension (PeilDebriefExporter *self)
{
  g_return_val_if_fail (PEIL_IS_DEBRIEF_EXPORTER (self), NULL);

  if (PEIL_DEBRIEF_EXPORTER_GET_IFACE (self)->get_extension == NULL)
    return peil_debrief_exporter_get_format_id (self);
  return PEIL_DEBRIEF_EXPORTER_GET_IFACE (self)->get_extension (self);
}

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
 *
 * Writes the debrief to @file; refuses to write over a trainee file (or
 * the files SQLite keeps beside it), and a failure leaves no half file and
 * keeps an earlier one.
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

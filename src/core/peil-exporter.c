/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-exporter-private.h"
#include "peil-incident-private.h"

G_DEFINE_INTERFACE (PeilExporter, peil_exporter, G_TYPE_OBJECT)

static const char *
peil_exporter_real_get_name (PeilExporter *self)
{
  return peil_exporter_get_format_id (self);
}

static const char *
peil_exporter_real_get_mime_type (PeilExporter *self)
{
  return "application/octet-stream";
}

static gboolean
peil_exporter_real_write (PeilExporter     *self,
                          PeilIncident     *incident,
                          PeilFilter       *filter,
                          PeilExportFlags   flags,
                          GOutputStream    *stream,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
               _("The export format “%s” cannot write files"), peil_exporter_get_format_id (self));
  return FALSE;
}

static void
peil_exporter_default_init (PeilExporterInterface *iface)
{
  iface->get_name = peil_exporter_real_get_name;
  iface->get_mime_type = peil_exporter_real_get_mime_type;
  iface->write = peil_exporter_real_write;
}

const char *
peil_exporter_get_format_id (PeilExporter *self)
{
  g_return_val_if_fail (PEIL_IS_EXPORTER (self), NULL);
  g_return_val_if_fail (PEIL_EXPORTER_GET_IFACE (self)->get_format_id != NULL, NULL);

  return PEIL_EXPORTER_GET_IFACE (self)->get_format_id (self);
}

const char *
peil_exporter_get_name (PeilExporter *self)
{
  g_return_val_if_fail (PEIL_IS_EXPORTER (self), NULL);
  return PEIL_EXPORTER_GET_IFACE (self)->get_name (self);
}

const char *
peil_exporter_get_extension (PeilExporter *self)
{
  g_return_val_if_fail (PEIL_IS_EXPORTER (self), NULL);

  if (PEIL_EXPORTER_GET_IFACE (self)->get_extension == NULL)
    return peil_exporter_get_format_id (self);
  return PEIL_EXPORTER_GET_IFACE (self)->get_extension (self);
}

const char *
peil_exporter_get_mime_type (PeilExporter *self)
{
  g_return_val_if_fail (PEIL_IS_EXPORTER (self), NULL);
  return PEIL_EXPORTER_GET_IFACE (self)->get_mime_type (self);
}

gboolean
peil_exporter_write (PeilExporter     *self,
                     PeilIncident     *incident,
                     PeilFilter       *filter,
                     PeilExportFlags   flags,
                     GOutputStream    *stream,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_return_val_if_fail (PEIL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (!filter || PEIL_IS_FILTER (filter), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  return PEIL_EXPORTER_GET_IFACE (self)->write (self, incident, filter, flags, stream, cancellable, error);
}

/* Writes @file through @write_func; on failure the file is left as it
 * was (no half-written export replaces a good one). GIO writes to a
 * temporary file beside @file and renames it over @file when the stream
 * is closed, whatever went wrong before; so the last buffer is written out
 * first (a full disk often shows only then), and on any failure the stream
 * is closed cancelled, which discards the temporary file instead. */
gboolean
peil_replace_file_contents (GFile              *file,
                            PeilStreamWriteFunc write_func,
                            gpointer            user_data,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GOutputStream) buffered = NULL;

  if (!(stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error)))
    return FALSE;
  buffered = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (stream), 1 << 16);

  if (!write_func (buffered, user_data, cancellable, error) ||
      !g_output_stream_flush (buffered, cancellable, error))
    {
      /* Closing a cancelled replace-stream discards the temporary file. */
      g_autoptr(GCancellable) abort = g_cancellable_new ();
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      return FALSE;
    }

  /* Syncs the temporary file (when it replaces one) before renaming it. */
  return g_output_stream_close (buffered, cancellable, error);
}

typedef struct
{
  PeilExporter    *exporter;
  PeilIncident    *incident;
  PeilFilter      *filter;
  PeilExportFlags  flags;
} WriteCall;

static gboolean
write_posts (GOutputStream  *stream,
             gpointer        user_data,
             GCancellable   *cancellable,
             GError        **error)
{
  WriteCall *call = user_data;
  return peil_exporter_write (call->exporter, call->incident, call->filter, call->flags, stream, cancellable, error);
}

/**
 * peil_exporter_export_file:
 *
 * Writes to a temporary file beside @file and moves it into place only
 * when everything was written: a failed export leaves no half file and
 * does not destroy an earlier one. Every export is logged ("export": the
 * format, the file's name, how many posts, whether pseudonymised); an
 * incident opened read-only, which cannot log, exports nothing.
 */
gboolean
peil_exporter_export_file (PeilExporter     *self,
                           PeilIncident     *incident,
                           PeilFilter       *filter,
                           PeilExportFlags   flags,
                           GFile            *file,
                           GCancellable     *cancellable,
                           GError          **error)
{
  WriteCall call = { self, incident, filter, flags };
  g_autoptr(PeilFilter) everything = NULL;
  gint64 posts;
  gboolean written;

  g_return_val_if_fail (PEIL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!peil_incident_check_other_file (incident, file, error) ||
      !peil_incident_check_loggable (incident, error))
    return FALSE;

  /* Counted and written in one read transaction, so the log's count is
   * what the file holds while another process imports. */
  if (filter == NULL)
    {
      filter = everything = peil_filter_new ();
      peil_filter_set_off_topic (everything, PEIL_FILTER_OFF_TOPIC_INCLUDE);
      call.filter = everything;
    }
  if (!peil_database_begin_read (incident->db, error))
    return FALSE;
  written = (posts = peil_incident_count_matching (incident, filter, error)) >= 0 &&
            peil_replace_file_contents (file, write_posts, &call, cancellable, error);
  peil_database_end_read (incident->db);

  return written &&
         peil_incident_log_export (incident, peil_exporter_get_format_id (self), file, posts,
                                   (flags & PEIL_EXPORT_REAL_NAMES) == 0, error);
}

typedef struct
{
  PeilFilter      *filter;
  GFile           *file;
  PeilExportFlags  flags;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->filter);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_in_thread (GTask        *task,
                  PeilIncident *connection,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (peil_exporter_export_file (g_task_get_source_object (task), connection, data->filter, data->flags,
                                 data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * peil_exporter_export_file_async:
 *
 * Exports as peil_exporter_export_file() does, on a worker thread with a
 * connection of its own to @incident's file.
 */
void
peil_exporter_export_file_async (PeilExporter        *self,
                                 PeilIncident        *incident,
                                 PeilFilter          *filter,
                                 PeilExportFlags      flags,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (PEIL_IS_EXPORTER (self));
  g_return_if_fail (PEIL_IS_INCIDENT (incident));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->filter = filter ? g_object_ref (filter) : NULL;
  data->file = g_object_ref (file);
  data->flags = flags;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_exporter_export_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify)export_data_free);
  peil_incident_run_in_thread (incident, task, export_in_thread);
}

gboolean
peil_exporter_export_file_finish (PeilExporter  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (PEIL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

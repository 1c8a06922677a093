/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-exporter.h"
#include "peil-file-format-private.h"
#include "peil-incident-private.h"

/**
 * PeilExporter:
 *
 * Writes an incident's posts to a file in one format, such as CSV or
 * NDJSON: the interface of `X-Peil-Kind=exporter` plugins.
 *
 * An exporter implements #PeilFileFormat too (which it requires) for its
 * identifier, name, extension and MIME type, and #PeilExporterInterface.write
 * for the posts. peil_exporter_export_file() wraps every export the same
 * way: to a temporary file moved into place, logged in the incident.
 */

G_DEFINE_INTERFACE (PeilExporter, peil_exporter, PEIL_TYPE_FILE_FORMAT)

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
               _("The export format “%s” cannot write files"),
               peil_file_format_get_format_id (PEIL_FILE_FORMAT (self)));
  return FALSE;
}

static void
peil_exporter_default_init (PeilExporterInterface *iface)
{
  iface->write = peil_exporter_real_write;
}

/**
 * peil_exporter_write:
 * @self: a #PeilExporter
 * @incident: the incident whose posts are written
 * @filter: (nullable): which posts to write, or %NULL for all of them
 * @flags: how to write them
 * @stream: where to write them
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the posts of @incident that match @filter to @stream, without
 * logging: what peil_exporter_export_file() calls on its temporary file.
 * Blocks; call it on a worker thread with a connection of its own.
 *
 * Returns: %TRUE when every post was written
 */
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
 * @self: a #PeilExporter
 * @incident: the incident whose posts are exported
 * @filter: (nullable): which posts to export, or %NULL for all of them,
 *   off-topic ones included
 * @flags: how to write them
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes to a temporary file beside @file and moves it into place only
 * when everything was written: a failed export leaves no half file and
 * does not destroy an earlier one. Refuses to write over the incident's
 * own file (or the files SQLite keeps beside it). Every export is logged
 * ("export": the format, the file's name, how many posts, whether
 * pseudonymised); an incident opened read-only, which cannot log, exports
 * nothing. Blocks; peil_exporter_export_file_async() does not.
 *
 * Returns: %TRUE when the file was written and the export logged
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
         peil_incident_log_export (incident, peil_file_format_get_format_id (PEIL_FILE_FORMAT (self)), file, posts,
                                   (flags & PEIL_EXPORT_REAL_NAMES) == 0, error);
}

typedef struct
{
  PeilFilter      *filter;
  PeilExportFlags  flags;
} PostsInput;

static void
posts_input_free (PostsInput *input)
{
  g_clear_object (&input->filter);
  g_free (input);
}

static gboolean
export_posts (PeilFileFormat  *format,
              PeilIncident    *connection,
              gpointer         user_data,
              GFile           *file,
              GCancellable    *cancellable,
              GError         **error)
{
  PostsInput *input = user_data;
  return peil_exporter_export_file (PEIL_EXPORTER (format), connection, input->filter, input->flags,
                                    file, cancellable, error);
}

/**
 * peil_exporter_export_file_async:
 * @self: a #PeilExporter
 * @incident: the incident whose posts are exported
 * @filter: (nullable): which posts to export, or %NULL for all of them
 * @flags: how to write them
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the file is written or failed
 * @user_data: (closure): data for @callback
 *
 * Exports as peil_exporter_export_file() does, on a worker thread with a
 * connection of its own to @incident's file. Call
 * peil_file_format_export_finish() in @callback for the result.
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
  PostsInput *input;

  g_return_if_fail (PEIL_IS_EXPORTER (self));
  g_return_if_fail (PEIL_IS_INCIDENT (incident));
  g_return_if_fail (!filter || PEIL_IS_FILTER (filter));
  g_return_if_fail (G_IS_FILE (file));

  input = g_new0 (PostsInput, 1);
  input->filter = filter ? g_object_ref (filter) : NULL;
  input->flags = flags;
  peil_file_format_export_async (PEIL_FILE_FORMAT (self), incident, export_posts,
                                 input, (GDestroyNotify)posts_input_free,
                                 file, cancellable, callback, user_data);
}

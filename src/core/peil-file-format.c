/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-file-format"

#include "config.h"

#include "peil-file-format-private.h"
#include "peil-incident-private.h"

/**
 * PeilFileFormat:
 *
 * A format an exporter writes files in: its identifier, its name for
 * people, its file name extension and its MIME type.
 *
 * #PeilExporter (posts), #PeilReportExporter (reports) and
 * #PeilDebriefExporter (an exercise's debrief) require this interface, so
 * the program lists, names and finds every kind of exporter the same way,
 * and one helper writes their files: to a temporary file beside the
 * target, moved into place only when everything was written.
 *
 * A C plugin implements it before its exporter interface:
 *
 * ```c
 * G_DEFINE_DYNAMIC_TYPE_EXTENDED (MyExporter, my_exporter, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
 *                                 G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
 *                                 G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_EXPORTER, exporter_iface_init))
 * ```
 *
 * and a Python plugin lists it before the exporter interface among its
 * bases: `class MyExporter(GObject.Object, Peil.FileFormat, Peil.Exporter)`.
 */

G_DEFINE_INTERFACE (PeilFileFormat, peil_file_format, G_TYPE_OBJECT)

static const char *
peil_file_format_real_get_name (PeilFileFormat *self)
{
  return peil_file_format_get_format_id (self);
}

static const char *
peil_file_format_real_get_mime_type (PeilFileFormat *self)
{
  return "application/octet-stream";
}

static void
peil_file_format_default_init (PeilFileFormatInterface *iface)
{
  iface->get_name = peil_file_format_real_get_name;
  iface->get_extension = peil_file_format_get_format_id;
  iface->get_mime_type = peil_file_format_real_get_mime_type;
}

/**
 * peil_file_format_get_format_id:
 * @self: a #PeilFileFormat
 *
 * Gets the format's short, stable identifier, such as "csv" or "html":
 * what `peil-cli` takes after `--format` and the plugin engine finds an
 * exporter by.
 *
 * Returns: (transfer none): the format's identifier
 */
const char *
peil_file_format_get_format_id (PeilFileFormat *self)
{
  g_return_val_if_fail (PEIL_IS_FILE_FORMAT (self), NULL);
  g_return_val_if_fail (PEIL_FILE_FORMAT_GET_IFACE (self)->get_format_id != NULL, NULL);

  return PEIL_FILE_FORMAT_GET_IFACE (self)->get_format_id (self);
}

/**
 * peil_file_format_get_name:
 * @self: a #PeilFileFormat
 *
 * Gets the format's translated name for people, as menus show it.
 *
 * Returns: (transfer none): the format's name
 */
const char *
peil_file_format_get_name (PeilFileFormat *self)
{
  g_return_val_if_fail (PEIL_IS_FILE_FORMAT (self), NULL);
  return PEIL_FILE_FORMAT_GET_IFACE (self)->get_name (self);
}

/**
 * peil_file_format_get_extension:
 * @self: a #PeilFileFormat
 *
 * Gets the file name extension of the format's files, without the dot.
 *
 * Returns: (transfer none): the extension, such as "csv"
 */
const char *
peil_file_format_get_extension (PeilFileFormat *self)
{
  g_return_val_if_fail (PEIL_IS_FILE_FORMAT (self), NULL);
  return PEIL_FILE_FORMAT_GET_IFACE (self)->get_extension (self);
}

/**
 * peil_file_format_get_mime_type:
 * @self: a #PeilFileFormat
 *
 * Gets the MIME type of what the format writes, for file choosers.
 *
 * Returns: (transfer none): the MIME type, such as "text/csv"
 */
const char *
peil_file_format_get_mime_type (PeilFileFormat *self)
{
  g_return_val_if_fail (PEIL_IS_FILE_FORMAT (self), NULL);
  return PEIL_FILE_FORMAT_GET_IFACE (self)->get_mime_type (self);
}

/* Writes @stream's file through @write_func. The last buffer is written
 * out before closing (a full disk often shows only then); on any failure
 * the stream is closed cancelled, which makes GIO discard a temporary file
 * instead of renaming it into place. */
static gboolean
write_through (GFileOutputStream   *stream,
               PeilStreamWriteFunc  write_func,
               gpointer             user_data,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (stream), 1 << 16);

  if (!write_func (buffered, user_data, cancellable, error) ||
      !g_output_stream_flush (buffered, cancellable, error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      return FALSE;
    }
  return g_output_stream_close (buffered, cancellable, error);
}

/* Writes @file through @write_func; on failure the file is left as it
 * was, and a file that was not there is not there after it: no
 * half-written export replaces a good one or poses as one.
 *
 * GIO replaces an existing file through a temporary file beside it, but
 * writes a new file in place; so a new file is written under a temporary
 * name in the same folder and renamed when it is whole. */
gboolean
peil_replace_file_contents (GFile               *file,
                            PeilStreamWriteFunc  write_func,
                            gpointer             user_data,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) partial = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *partial_name = NULL;
  g_autofree char *suffix = NULL;

  if (g_file_query_exists (file, cancellable) || !(parent = g_file_get_parent (file)))
    {
      if (!(stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error)))
        return FALSE;
      return write_through (stream, write_func, user_data, cancellable, error);
    }

  basename = g_file_get_basename (file);
  suffix = g_uuid_string_random ();
  partial_name = g_strdup_printf (".%s.%.8s.part", basename, suffix);
  partial = g_file_get_child (parent, partial_name);
  if (!(stream = g_file_create (partial, G_FILE_CREATE_NONE, cancellable, error)))
    return FALSE;
  if (!write_through (stream, write_func, user_data, cancellable, error) ||
      !g_file_move (partial, file, G_FILE_COPY_NO_FALLBACK_FOR_MOVE, cancellable, NULL, NULL, error))
    {
      g_file_delete (partial, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  PeilExportFileFunc  export_func;
  gpointer            input;
  GDestroyNotify      input_free;
  GFile              *file;
} ExportCall;

static void
export_call_free (ExportCall *call)
{
  if (call->input_free != NULL)
    call->input_free (call->input);
  g_object_unref (call->file);
  g_free (call);
}

static void
export_in_thread (GTask        *task,
                  PeilIncident *connection,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportCall *call = task_data;
  GError *error = NULL;

  if (call->export_func (g_task_get_source_object (task), connection, call->input, call->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_in_plain_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  export_in_thread (task, NULL, task_data, cancellable);
}

/* The one asynchronous export of every kind of exporter: runs
 * @export_func (the kind's synchronous export_file) on a worker thread;
 * with a connection of the worker's own to @incident when the export reads
 * one. peil_file_format_export_finish() gets the result. */
void
peil_file_format_export_async (PeilFileFormat      *self,
                               PeilIncident        *incident,
                               PeilExportFileFunc   export_func,
                               gpointer             input,
                               GDestroyNotify       input_free,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportCall *call;

  call = g_new0 (ExportCall, 1);
  call->export_func = export_func;
  call->input = input;
  call->input_free = input_free;
  call->file = g_object_ref (file);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_file_format_export_async);
  g_task_set_task_data (task, call, (GDestroyNotify)export_call_free);
  if (incident != NULL)
    peil_incident_run_in_thread (incident, task, export_in_thread);
  else
    g_task_run_in_thread (task, export_in_plain_thread);
}

/**
 * peil_file_format_export_finish:
 * @self: the exporter that wrote the file
 * @result: the result passed to the callback of
 *   peil_exporter_export_file_async() or
 *   peil_report_exporter_export_file_async()
 * @error: return location for a #GError
 *
 * Finishes an asynchronous export of any kind of exporter. When it
 * failed, the target file is as it was before.
 *
 * Returns: %TRUE when the whole file was written and moved into place
 */
gboolean
peil_file_format_export_finish (PeilFileFormat  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (PEIL_IS_FILE_FORMAT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == peil_file_format_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

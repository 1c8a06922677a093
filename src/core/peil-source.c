/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-source.h"

/**
 * PeilSource:
 *
 * Where posts come from: a file format (NDJSON, CSV) or a service
 * (Mastodon, an RSS feed), implemented by a plugin. A source reads the
 * input of a #PeilGatherJob and hands it posts; the job stores them. See
 * #PeilSourceInterface for what a plugin implements.
 */

/**
 * peil_source_get_type:
 *
 * Returns: the #GType of the #PeilSource interface
 */
G_DEFINE_INTERFACE (PeilSource, peil_source, G_TYPE_OBJECT)

static const char * const no_patterns[] = { NULL };

static const char *
peil_source_real_get_name (PeilSource *self)
{
  return peil_source_get_id (self);
}

static PeilSourceFlags
peil_source_real_get_flags (PeilSource *self)
{
  return PEIL_SOURCE_READS_FILES;
}

static const char * const *
peil_source_real_get_file_patterns (PeilSource *self)
{
  return no_patterns;
}

static gboolean
peil_source_real_sniff (PeilSource *self,
                        const char *head,
                        gsize       length)
{
  return FALSE;
}

/**
 * PeilSourceInterface::get_options:
 * @self: a #PeilSource
 * @n_options: where to store how many settings there are
 *
 * Lists the settings a network source takes, for the add-query dialog and
 * peil-cli's `--set`; peil_source_get_options() calls it. The array is the
 * plugin's and must stay valid while the plugin is loaded. The default has
 * none.
 *
 * Returns: the settings, or %NULL when there are none
 */
static const PeilSourceOption *
peil_source_real_get_options (PeilSource *self,
                              guint      *n_options)
{
  *n_options = 0;
  return NULL;
}

static const char *
peil_source_real_get_query_hint (PeilSource *self)
{
  return NULL;
}

static gboolean
peil_source_real_gather (PeilSource     *self,
                         PeilGatherJob  *job,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
               _("The source “%s” cannot gather posts"), peil_source_get_id (self));
  return FALSE;
}

/**
 * PeilSourceInterface::peek:
 * @self: a #PeilSource
 * @file: the file a person is about to import
 * @max_rows: how many records to read at most
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @file's column names and its first records, and which column each
 * field would be read from, so that a person can say which column is which
 * before the import. It is called on a worker thread by
 * peil_source_peek_async(). The default fails with
 * %PEIL_ERROR_NOT_SUPPORTED.
 *
 * Returns: the preview, or %NULL with @error set
 */
static PeilSourcePreview *
peil_source_real_peek (PeilSource    *self,
                       GFile         *file,
                       guint          max_rows,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
               _("The source “%s” cannot show a file’s columns"), peil_source_get_id (self));
  return NULL;
}

static void
peil_source_default_init (PeilSourceInterface *iface)
{
  iface->get_name = peil_source_real_get_name;
  iface->get_flags = peil_source_real_get_flags;
  iface->get_file_patterns = peil_source_real_get_file_patterns;
  iface->sniff = peil_source_real_sniff;
  iface->get_options = peil_source_real_get_options;
  iface->get_query_hint = peil_source_real_get_query_hint;
  iface->gather = peil_source_real_gather;
  iface->peek = peil_source_real_peek;
}

/**
 * peil_source_get_id:
 * @self: a #PeilSource
 *
 * Gets the source's id.
 *
 * Returns: (transfer none): the source's short, stable identifier
 *   ("ndjson", "csv", "mastodon"), which queries and peil-cli name it by
 */
const char *
peil_source_get_id (PeilSource *self)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), NULL);
  g_return_val_if_fail (PEIL_SOURCE_GET_IFACE (self)->get_id != NULL, NULL);

  return PEIL_SOURCE_GET_IFACE (self)->get_id (self);
}

/**
 * peil_source_get_name:
 * @self: a #PeilSource
 *
 * Gets the source's name.
 *
 * Returns: (transfer none): the source's name for people, translated; its
 *   id when the plugin gives none
 */
const char *
peil_source_get_name (PeilSource *self)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), NULL);

  return PEIL_SOURCE_GET_IFACE (self)->get_name (self);
}

/**
 * peil_source_get_flags:
 * @self: a #PeilSource
 *
 * Gets what the source reads.
 *
 * Returns: what the source reads; a source that says nothing reads files
 */
PeilSourceFlags
peil_source_get_flags (PeilSource *self)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), 0);

  return PEIL_SOURCE_GET_IFACE (self)->get_flags (self);
}

/**
 * peil_source_get_file_patterns:
 * @self: a #PeilSource
 *
 * Gets the patterns of the files the source reads.
 *
 * Returns: (transfer none) (array zero-terminated=1): glob patterns of the
 *   files the source reads ("*.ndjson"), for file choosers; empty when
 *   it reads none
 */
const char * const *
peil_source_get_file_patterns (PeilSource *self)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), NULL);

  return PEIL_SOURCE_GET_IFACE (self)->get_file_patterns (self);
}

/**
 * peil_source_sniff:
 * @self: a #PeilSource
 * @head: (array length=length) (element-type guint8): the first bytes of a
 *   file; not NUL-terminated, and may hold anything
 * @length: the number of bytes in @head
 *
 * Whether a file looks like this source's format, to choose a source for a
 * file that was dropped or opened without one. Must not trust @head.
 *
 * Returns: %TRUE when @head looks like the source's format
 */
gboolean
peil_source_sniff (PeilSource *self,
                   const char *head,
                   gsize       length)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (head != NULL || length == 0, FALSE);

  return PEIL_SOURCE_GET_IFACE (self)->sniff (self, head, length);
}

/**
 * peil_source_gather:
 * @self: a #PeilSource
 * @job: the #PeilGatherJob whose input to read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @job's input and hands each post to peil_gather_job_add_post().
 * Gather jobs call this (peil_gather_job_run()), on the thread the job runs
 * on; an application runs a job rather than calling it.
 *
 * Returns: %TRUE when the input was read to the end; %FALSE with @error set
 *   (%PEIL_ERROR_NOT_SUPPORTED for a source that cannot gather)
 */
gboolean
peil_source_gather (PeilSource     *self,
                    PeilGatherJob  *job,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (job), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  return PEIL_SOURCE_GET_IFACE (self)->gather (self, job, cancellable, error);
}

/**
 * peil_source_get_options:
 * @n_options: (out): how many
 *
 * Lists the settings a query of this source takes, with labels, defaults and
 * whether each is required, so that a form can ask for them.
 *
 * Returns: (array length=n_options) (transfer none): the settings a
 *   network source takes, for the add-query dialog and --set
 */
const PeilSourceOption *
peil_source_get_options (PeilSource *self,
                         guint      *n_options)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), NULL);
  g_return_val_if_fail (n_options != NULL, NULL);

  return PEIL_SOURCE_GET_IFACE (self)->get_options (self, n_options);
}

/**
 * peil_source_get_query_hint:
 *
 * Gives a hint for the query field of the add-query dialog.
 *
 * Returns: (nullable): a translated example of what to search for
 */
const char *
peil_source_get_query_hint (PeilSource *self)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), NULL);

  return PEIL_SOURCE_GET_IFACE (self)->get_query_hint (self);
}

static gboolean
job_add_post (PeilPostSink  *sink,
              PeilPost      *post,
              guint64        position,
              GError       **error)
{
  return peil_gather_job_add_post (sink->data, post, position, error);
}

static void
job_reject (PeilPostSink *sink,
            guint64       position,
            const char   *reason)
{
  peil_gather_job_reject (sink->data, position, reason);
}

/**
 * peil_post_sink_init_for_job:
 * @sink: (out caller-allocates): the sink to fill in
 *
 * Makes @sink hand posts and rejections to @job, which must outlive it.
 */
void
peil_post_sink_init_for_job (PeilPostSink  *sink,
                             PeilGatherJob *job)
{
  g_return_if_fail (sink != NULL);
  g_return_if_fail (PEIL_IS_GATHER_JOB (job));

  sink->add_post = job_add_post;
  sink->reject = job_reject;
  sink->data = job;
}

/**
 * peil_post_sink_reject:
 * @reason: why the record at @position was not read; it may quote the
 *   record, whose text can be broken
 *
 * Hands @sink a rejection whose reason is UTF-8 text, as summaries and
 * windows need.
 */
void
peil_post_sink_reject (PeilPostSink *sink,
                       guint64       position,
                       const char   *reason)
{
  g_autofree char *valid = NULL;

  g_return_if_fail (sink != NULL);
  g_return_if_fail (reason != NULL);

  if (!g_utf8_validate (reason, -1, NULL))
    reason = valid = g_utf8_make_valid (reason, -1);
  sink->reject (sink, position, reason);
}

typedef struct
{
  GFile *file;
  guint  max_rows;
} Peek;

static void
peek_free (Peek *peek)
{
  g_object_unref (peek->file);
  g_free (peek);
}

static void
peek_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PeilSource *self = source_object;
  Peek *peek = task_data;
  GError *error = NULL;
  PeilSourcePreview *preview;

  preview = PEIL_SOURCE_GET_IFACE (self)->peek (self, peek->file, peek->max_rows, cancellable, &error);
  if (preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, preview, (GDestroyNotify)peil_source_preview_free);
}

/**
 * peil_source_peek_async:
 * @max_rows: how many records to read at most
 *
 * Reads a file's columns and first records on a worker thread, for a
 * person to say which column is which before importing it; the choice
 * goes to the import as the job options "map.KEY" = column. Sources that
 * need no such choice fail with %PEIL_ERROR_NOT_SUPPORTED.
 */
void
peil_source_peek_async (PeilSource          *self,
                        GFile               *file,
                        guint                max_rows,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Peek *peek;

  g_return_if_fail (PEIL_IS_SOURCE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  peek = g_new0 (Peek, 1);
  peek->file = g_object_ref (file);
  peek->max_rows = max_rows;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_source_peek_async);
  g_task_set_task_data (task, peek, (GDestroyNotify)peek_free);
  g_task_run_in_thread (task, peek_in_thread);
}

/**
 * peil_source_peek_finish:
 *
 * Finishes the peek started with peil_source_peek_async().
 *
 * Returns: (transfer full): the preview, or %NULL with @error set
 */
PeilSourcePreview *
peil_source_peek_finish (PeilSource    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PEIL_IS_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <gio/gio.h>

#include "peil-gather-job.h"
#include "peil-source-preview.h"

G_BEGIN_DECLS

/**
 * PeilSourceFlags:
 * @PEIL_SOURCE_READS_FILES: the source imports files (a #PeilGatherJob
 *   made with a file)
 * @PEIL_SOURCE_READS_NETWORK: the source asks a service over the network
 *   (a #PeilGatherJob of a saved query)
 * @PEIL_SOURCE_READS_OWN_CHANNEL: a query of the source can read what one
 *   site or account publishes itself (a feed), so it can be one of the
 *   organisation's own channels (peil_incident_set_query_channel()); a
 *   source that searches the public's posts must not say so, or their
 *   posts would be kept as the organisation's words
 *
 * What a #PeilSource reads.
 */
typedef enum
{
  PEIL_SOURCE_READS_FILES   = 1 << 0,
  PEIL_SOURCE_READS_NETWORK = 1 << 1,
  PEIL_SOURCE_READS_OWN_CHANNEL = 1 << 2,
} PeilSourceFlags;

/**
 * PeilSourceOption:
 * @key: the option's key for peil_gather_job_get_option() ("server", "url")
 * @label: translated, for a form field
 * @description: translated: what to fill in
 * @default_value: (nullable): the value a form starts with, or %NULL
 * @required: whether a query needs it; a dialog does not save the query
 *   without it
 *
 * A setting a source takes, for dialogs and peil-cli's `--set KEY=VALUE`
 * (peil_source_get_options()). The strings are the plugin's.
 */
typedef struct
{
  const char *key;           /* "server", "url" */
  const char *label;         /* translated, for a form field */
  const char *description;   /* translated: what to fill in */
  const char *default_value; /* or NULL */
  gboolean    required;
} PeilSourceOption;

/**
 * PeilPostSink:
 * @add_post: takes a post read at @position (a line, an item); %FALSE
 *   with @error set stops the parser
 * @reject: notes a record that could not be read, and why; parsers call
 *   peil_post_sink_reject()
 * @data: for the functions
 *
 * Where a source's parser hands what it read: a gather job
 * (peil_post_sink_init_for_job()) or, in a fuzz target, a counter, so
 * that a parser runs without an incident or a network.
 */
typedef struct _PeilPostSink PeilPostSink;

struct _PeilPostSink
{
  gboolean (*add_post) (PeilPostSink  *sink,
                        PeilPost      *post,
                        guint64        position,
                        GError       **error);
  void     (*reject)   (PeilPostSink  *sink,
                        guint64        position,
                        const char    *reason);
  gpointer   data;
};

PEIL_AVAILABLE_IN_ALL
void peil_post_sink_init_for_job (PeilPostSink  *sink,
                                  PeilGatherJob *job);
PEIL_AVAILABLE_IN_ALL
void peil_post_sink_reject       (PeilPostSink  *sink,
                                  guint64        position,
                                  const char    *reason);

#define PEIL_TYPE_SOURCE (peil_source_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PeilSource, peil_source, PEIL, SOURCE, GObject)

/**
 * PeilSourceInterface:
 * @get_id: a short, stable identifier ("ndjson", "csv", "mastodon")
 * @get_name: a translated name for people
 * @get_flags: what the source reads
 * @get_file_patterns: glob patterns of the files it reads, for file choosers
 * @sniff: whether the first bytes of a file look like this source's format
 * @get_options: the settings a network source takes
 *   (peil_source_get_options())
 * @get_query_hint: a translated example of what to search for
 * @gather: reads the job's input and hands each post to
 *   peil_gather_job_add_post(); called on a worker thread, must honour
 *   @cancellable, and reports bad records with peil_gather_job_reject()
 *   instead of failing
 * @peek: for a file whose columns a person may have to name: reads its
 *   column names and first @max_rows records, and which column each field
 *   would be read from; called on a worker thread. The default says it is
 *   not supported.
 */
struct _PeilSourceInterface
{
  GTypeInterface parent_iface;

  const char         *(*get_id)            (PeilSource     *self);
  const char         *(*get_name)          (PeilSource     *self);
  PeilSourceFlags     (*get_flags)         (PeilSource     *self);
  const char * const *(*get_file_patterns) (PeilSource     *self);
  gboolean            (*sniff)             (PeilSource     *self,
                                            const char     *head,
                                            gsize           length);
  const PeilSourceOption *(*get_options)   (PeilSource     *self,
                                            guint          *n_options);
  const char         *(*get_query_hint)    (PeilSource     *self);
  gboolean            (*gather)            (PeilSource     *self,
                                            PeilGatherJob  *job,
                                            GCancellable   *cancellable,
                                            GError        **error);
  PeilSourcePreview  *(*peek)              (PeilSource     *self,
                                            GFile          *file,
                                            guint           max_rows,
                                            GCancellable   *cancellable,
                                            GError        **error);
};

PEIL_AVAILABLE_IN_ALL
const char         *peil_source_get_id            (PeilSource     *self);
PEIL_AVAILABLE_IN_ALL
const char         *peil_source_get_name          (PeilSource     *self);
PEIL_AVAILABLE_IN_ALL
PeilSourceFlags     peil_source_get_flags         (PeilSource     *self);
PEIL_AVAILABLE_IN_ALL
const char * const *peil_source_get_file_patterns (PeilSource     *self);
PEIL_AVAILABLE_IN_ALL
gboolean            peil_source_sniff             (PeilSource     *self,
                                                   const char     *head,
                                                   gsize           length);
PEIL_AVAILABLE_IN_ALL
const PeilSourceOption *peil_source_get_options (PeilSource     *self,
                                                 guint          *n_options);
PEIL_AVAILABLE_IN_ALL
const char         *peil_source_get_query_hint    (PeilSource     *self);
PEIL_AVAILABLE_IN_ALL
gboolean            peil_source_gather            (PeilSource     *self,
                                                   PeilGatherJob  *job,
                                                   GCancellable   *cancellable,
                                                   GError        **error);
PEIL_AVAILABLE_IN_ALL
void                peil_source_peek_async        (PeilSource          *self,
                                                   GFile               *file,
                                                   guint                max_rows,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
PEIL_AVAILABLE_IN_ALL
PeilSourcePreview  *peil_source_peek_finish       (PeilSource     *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);

G_END_DECLS

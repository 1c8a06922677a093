/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include <gio/gio.h>

#include "peil-incident.h"
#include "peil-post.h"

G_BEGIN_DECLS

typedef struct _PeilSource PeilSource;

/**
 * PeilRejection:
 * @line: where the record was in the input (line or record number), 0 if
 *   not applicable
 * @reason: why the source could not take it, translated
 *
 * A record the source could not take, and why, for the import summary
 * (peil_gather_job_get_rejections()).
 */
typedef struct
{
  guint64  line;
  char    *reason;
} PeilRejection;

/**
 * PEIL_GATHER_JOB_IMPORT_TIME:
 *
 * A job option: "true" gives posts without a time of their own the time
 * they were imported (peil_post_set_time_from_import()).
 */
#define PEIL_GATHER_JOB_IMPORT_TIME "import-time"

#define PEIL_TYPE_GATHER_JOB (peil_gather_job_get_type ())

G_DECLARE_FINAL_TYPE (PeilGatherJob, peil_gather_job, PEIL, GATHER_JOB, GObject)

PeilGatherJob *peil_gather_job_new             (PeilIncident        *incident,
                                                PeilSource          *source,
                                                GFile               *file);
PeilGatherJob *peil_gather_job_new_for_query   (PeilIncident        *incident,
                                                PeilSource          *source,
                                                PeilQuery           *query);
PeilIncident  *peil_gather_job_get_incident    (PeilGatherJob       *self);
PeilQuery     *peil_gather_job_get_query       (PeilGatherJob       *self);
const char    *peil_gather_job_get_state       (PeilGatherJob       *self,
                                                const char          *key);
void           peil_gather_job_set_state       (PeilGatherJob       *self,
                                                const char          *key,
                                                const char          *value);
void           peil_gather_job_set_limited_until (PeilGatherJob     *self,
                                                gint64               until);
void           peil_gather_job_set_capped      (PeilGatherJob       *self,
                                                guint                max_pages);
PeilSource    *peil_gather_job_get_source      (PeilGatherJob       *self);
GFile         *peil_gather_job_get_file        (PeilGatherJob       *self);
const char    *peil_gather_job_get_option      (PeilGatherJob       *self,
                                                const char          *key);
void           peil_gather_job_set_option      (PeilGatherJob       *self,
                                                const char          *key,
                                                const char          *value);
GHashTable    *peil_gather_job_get_options     (PeilGatherJob       *self);

gboolean       peil_gather_job_add_post        (PeilGatherJob       *self,
                                                PeilPost            *post,
                                                guint64              line,
                                                GError             **error);
void           peil_gather_job_reject          (PeilGatherJob       *self,
                                                guint64              line,
                                                const char          *reason);
char          *peil_gather_job_read_line       (PeilGatherJob       *self,
                                                GCancellable        *cancellable,
                                                GError             **error);
guint64        peil_gather_job_get_line_number (PeilGatherJob       *self);
gsize          peil_gather_job_get_line_length (PeilGatherJob       *self);
void           peil_gather_job_set_fraction    (PeilGatherJob       *self,
                                                double               fraction);
double         peil_gather_job_get_fraction    (PeilGatherJob       *self);

gboolean       peil_gather_job_run             (PeilGatherJob       *self,
                                                GCancellable        *cancellable,
                                                GError             **error);
void           peil_gather_job_run_async       (PeilGatherJob       *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       peil_gather_job_run_finish      (PeilGatherJob       *self,
                                                GAsyncResult        *result,
                                                GError             **error);

guint64        peil_gather_job_get_n_added     (PeilGatherJob       *self);
guint64        peil_gather_job_get_n_duplicates(PeilGatherJob       *self);
guint64        peil_gather_job_get_n_rejected  (PeilGatherJob       *self);
GPtrArray     *peil_gather_job_get_rejections  (PeilGatherJob       *self);

G_END_DECLS

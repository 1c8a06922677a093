/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-gather-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-error.h"
#include "peil-exercise.h"
#include "peil-gather-job-private.h"
#include "peil-incident-private.h"
#include "peil-query-private.h"
#include "peil-source.h"
#include "peil-time.h"

/* Posts are written in batches, each in one transaction: fast, and a
 * process killed mid-import leaves whole batches that a second import
 * completes without duplicates. */
#define BATCH_SIZE 5000

/* While a job runs its connection keeps this many kB of the file's pages
 * in memory (SQLite's default is 2 MB): the indexes an import updates
 * (time, source, the unique key, full text) are written all over, and
 * with the default cache an import of 200,000 posts took an eighth more
 * CPU time, reading back pages it had just written. */
#define RUN_CACHE_KB 65536

/* A line longer than this is rejected unread (see
 * peil_gather_job_read_line()). */
#define MAX_LINE (16 * 1024 * 1024)

/* The summary keeps this many rejections in detail; all are counted. */
#define MAX_REJECTIONS_KEPT 1000

struct _PeilGatherJob
{
  GObject       parent_instance;

  PeilIncident *incident;
  PeilIncident *connection;    /* written through while running: @incident or a worker's own */
  PeilSource   *source;
  PeilQuery    *query;
  GFile        *file;
  gint64        limited_until;
  GHashTable   *options;
  GHashTable   *state_changes; /* key → value or NULL: the query's state once the run ends well */
  GHashTable   *kept_state;    /* key → value or NULL: stored however the run ends */
  GPtrArray    *pending;       /* PeilPost, waiting for the next batch */
  GArray       *pending_lines;
  GPtrArray    *rejections;
  GCancellable *cancellable;
  GBufferedInputStream *lines; /* the file, for sources that read it by line */
  goffset       size;
  goffset       consumed;
  guint64       line_number;
  gsize         line_length;   /* of that line: it may hold NUL bytes */
  guint64       n_added;       /* committed, as are the duplicates */
  guint64       n_duplicates;
  guint64       n_rejected;
  guint64       n_rejected_logged;
  gint          permille;      /* progress, read from other threads */
  guint         added_any : 1;
  guint         after_cr : 1;  /* a line ended in \r: a \n that follows belongs to it */
};

/**
 * PeilGatherJob:
 *
 * One run of a #PeilSource into an incident: the import of a file
 * (peil_gather_job_new()) or one round of a saved query
 * (peil_gather_job_new_for_query()). The source reads its input and hands
 * each post to peil_gather_job_add_post(); the job stores them in batches,
 * each in one transaction with its event-log row, so a run that is
 * cancelled or fails keeps what it stored. Set options before the run and
 * read the counts after it; while it runs, only the source and
 * peil_gather_job_get_fraction() may touch the job.
 */

/**
 * peil_gather_job_get_type:
 *
 * Returns: the #GType of #PeilGatherJob
 */
G_DEFINE_FINAL_TYPE (PeilGatherJob, peil_gather_job, G_TYPE_OBJECT)

static void
rejection_free (gpointer data)
{
  PeilRejection *rejection = data;

  g_free (rejection->reason);
  g_free (rejection);
}

static void
peil_gather_job_finalize (GObject *object)
{
  PeilGatherJob *self = (PeilGatherJob *)object;

  g_clear_object (&self->incident);
  g_clear_object (&self->source);
  g_clear_object (&self->query);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lines);
  g_clear_pointer (&self->options, g_hash_table_unref);
  g_clear_pointer (&self->state_changes, g_hash_table_unref);
  g_clear_pointer (&self->kept_state, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->pending_lines, g_array_unref);
  g_clear_pointer (&self->rejections, g_ptr_array_unref);

  G_OBJECT_CLASS (peil_gather_job_parent_class)->finalize (object);
}

static void
peil_gather_job_class_init (PeilGatherJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_gather_job_finalize;
}

static void
peil_gather_job_init (PeilGatherJob *self)
{
  self->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->state_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->kept_state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->rejections = g_ptr_array_new_with_free_func (rejection_free);
}

/**
 * peil_gather_job_new:
 * @file: (nullable): the file to import, for sources that read files
 *
 * One run of @source into @incident: an import of a file, or one round of
 * a query (set its text and settings as options).
 */
PeilGatherJob *
peil_gather_job_new (PeilIncident *incident,
                     PeilSource   *source,
                     GFile        *file)
{
  PeilGatherJob *self;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (PEIL_IS_SOURCE (source), NULL);
  g_return_val_if_fail (!file || G_IS_FILE (file), NULL);

  self = g_object_new (PEIL_TYPE_GATHER_JOB, NULL);
  self->incident = g_object_ref (incident);
  self->source = g_object_ref (source);
  g_set_object (&self->file, file);

  return self;
}

/**
 * peil_gather_job_new_for_query:
 *
 * One round of a saved query: its options and text (option "query") go
 * to the source, its state comes back, and the run's outcome is recorded
 * on the query (last success, error, rate limit, posts fetched).
 */
PeilGatherJob *
peil_gather_job_new_for_query (PeilIncident *incident,
                               PeilSource   *source,
                               PeilQuery    *query)
{
  PeilGatherJob *self;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (PEIL_IS_QUERY (query), NULL);

  self = peil_gather_job_new (incident, source, NULL);
  self->query = g_object_ref (query);
  g_hash_table_iter_init (&iter, peil_query_get_options (query));
  while (g_hash_table_iter_next (&iter, &key, &value))
    peil_gather_job_set_option (self, key, value);
  peil_gather_job_set_option (self, "query", peil_query_get_text (query));
  return self;
}

/**
 * peil_gather_job_get_query:
 *
 * Gives the saved query the job runs; an import of a file has none.
 *
 * Returns: (transfer none) (nullable): the saved query this job runs
 */
PeilQuery *
peil_gather_job_get_query (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);
  return self->query;
}

/**
 * peil_gather_job_get_state:
 *
 * Reads what the source stored at the query's last good run, so that a run can
 * continue where the last one ended.
 *
 * Returns: (nullable): what the source kept under @key at the query's
 *   last run that ended well (a newest id, a cursor, an ETag); unchanged
 *   by peil_gather_job_set_state() during this run
 */
const char *
peil_gather_job_get_state (PeilGatherJob *self,
                           const char    *key)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);
  return self->query ? g_hash_table_lookup (self->query->state, key) : NULL;
}

/**
 * peil_gather_job_set_state:
 * @value: (nullable): the value, or %NULL to forget @key
 *
 * Keeps @value for the query's next run. It is stored with the run's last
 * posts, and only if the run ends well: a run that was cancelled or met
 * a fault leaves the state as it was, so that a newest-post marker never
 * moves past posts that were not stored.
 */
void
peil_gather_job_set_state (PeilGatherJob *self,
                           const char    *key,
                           const char    *value)
{
  g_return_if_fail (PEIL_IS_GATHER_JOB (self));
  g_return_if_fail (key != NULL);

  g_hash_table_insert (self->state_changes, g_strdup (key), g_strdup (value));
}

/*
 * peil_gather_job_keep_state:
 *
 * As peil_gather_job_set_state(), but stored however the run ends: for
 * what a fault itself teaches, such as how often a server failed.
 */
void
peil_gather_job_keep_state (PeilGatherJob *self,
                            const char    *key,
                            const char    *value)
{
  g_return_if_fail (PEIL_IS_GATHER_JOB (self));
  g_return_if_fail (key != NULL);

  g_hash_table_insert (self->kept_state, g_strdup (key), g_strdup (value));
}

/**
 * peil_gather_job_set_limited_until:
 * @until: when the service will answer again (Unix time), after a rate
 *   limit; 0 when it is not limiting
 *
 * Records that the service limits the job's requests, and until when, for the query's state.
 */
void
peil_gather_job_set_limited_until (PeilGatherJob *self,
                                   gint64         until)
{
  g_return_if_fail (PEIL_IS_GATHER_JOB (self));
  self->limited_until = until;
}

/**
 * peil_gather_job_set_capped:
 * @max_pages: the page cap the run stopped at while the service had more
 *
 * Notes on the query, for its coverage line, that older posts were left.
 */
void
peil_gather_job_set_capped (PeilGatherJob *self,
                            guint          max_pages)
{
  g_autofree char *note = NULL;

  g_return_if_fail (PEIL_IS_GATHER_JOB (self));

  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Stopped after %u page (max-pages); older posts were not gathered",
                                       "Stopped after %u pages (max-pages); older posts were not gathered",
                                       max_pages), max_pages);
  peil_gather_job_set_state (self, PEIL_QUERY_STATE_CAPPED, note);
}

/**
 * peil_gather_job_get_incident:
 *
 * Gives the incident the job's posts go to. During an asynchronous run this is
 * not the caller's #PeilIncident, so a source must not keep it after the run.
 *
 * Returns: (transfer none): the incident the job writes to; while an
 *   asynchronous run lasts, the worker's own connection to it
 */
PeilIncident *
peil_gather_job_get_incident (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);
  return self->connection ? self->connection : self->incident;
}

/**
 * peil_gather_job_get_source:
 * @self: a #PeilGatherJob
 *
 * Gets the job's source.
 *
 * Returns: (transfer none): the source the job runs
 */
PeilSource *
peil_gather_job_get_source (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);
  return self->source;
}

/**
 * peil_gather_job_get_file:
 * @self: a #PeilGatherJob
 *
 * Gives the file an import job reads; a job that runs a saved query has none.
 *
 * Returns: (transfer none) (nullable): the file to import, or %NULL for a
 *   job of a query
 */
GFile *
peil_gather_job_get_file (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);
  return self->file;
}

/**
 * peil_gather_job_get_option:
 * @self: a #PeilGatherJob
 * @key: the option's key, as in #PeilSourceOption
 *
 * Sources read their settings here; a job of a query has the query's
 * options and its text as option `query`.
 *
 * Returns: (transfer none) (nullable): the option's value, or %NULL when it
 *   is not set
 */
const char *
peil_gather_job_get_option (PeilGatherJob *self,
                            const char    *key)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->options, key);
}

/**
 * peil_gather_job_set_option:
 * @self: a #PeilGatherJob
 * @key: the option's key, as in #PeilSourceOption
 * @value: (nullable): its value, or %NULL to unset it
 *
 * Sets an option for the source before the job runs (peil-cli's
 * `--set KEY=VALUE`, a dialog's form fields).
 */
void
peil_gather_job_set_option (PeilGatherJob *self,
                            const char    *key,
                            const char    *value)
{
  g_return_if_fail (PEIL_IS_GATHER_JOB (self));
  g_return_if_fail (key != NULL);

  if (value == NULL)
    g_hash_table_remove (self->options, key);
  else
    g_hash_table_insert (self->options, g_strdup (key), g_strdup (value));
}

/**
 * peil_gather_job_get_options:
 *
 * Gives all options of the job: for the job of a query, its settings and its
 * text as option "query". Use peil_gather_job_get_option() to read one.
 *
 * Returns: (transfer none) (element-type utf8 utf8): all options
 */
GHashTable *
peil_gather_job_get_options (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);
  return self->options;
}

/**
 * peil_gather_job_reject:
 * @self: a #PeilGatherJob
 * @line: where the record was in the input (line or record number), 0 if
 *   not applicable
 * @reason: why it could not be read, translated; it may quote the input
 *
 * Notes a record the source could not read, and goes on: a bad record never
 * fails the run. Every rejection is counted; the first 1000 are kept with
 * their reason (made valid UTF-8) for peil_gather_job_get_rejections().
 * Called by sources from the thread they gather on.
 */
void
peil_gather_job_reject (PeilGatherJob *self,
                        guint64        line,
                        const char    *reason)
{
  g_return_if_fail (PEIL_IS_GATHER_JOB (self));
  g_return_if_fail (reason != NULL);

  self->n_rejected++;
  if (self->rejections->len < MAX_REJECTIONS_KEPT)
    {
      PeilRejection *rejection = g_new0 (PeilRejection, 1);

      rejection->line = line;
      /* A plugin may quote what it could not read. */
      rejection->reason = g_utf8_make_valid (reason, -1);
      g_ptr_array_add (self->rejections, rejection);
    }
}

static gboolean
log_batch (PeilGatherJob  *self,
           guint64         added,
           guint64         duplicates,
           guint64         rejected,
           GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, peil_source_get_id (self->source));
  if (self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, name);
    }
  if (self->query != NULL)
    {
      json_builder_set_member_name (builder, "query");
      json_builder_add_int_value (builder, peil_query_get_id (self->query));
      if (peil_query_get_channel (self->query) != NULL)
        {
          /* What was added are our own messages, not posts. */
          json_builder_set_member_name (builder, "channel");
          json_builder_add_string_value (builder, peil_query_get_channel (self->query));
        }
    }
  json_builder_set_member_name (builder, "added");
  json_builder_add_int_value (builder, added);
  json_builder_set_member_name (builder, "duplicates");
  json_builder_add_int_value (builder, duplicates);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_int_value (builder, rejected);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);
  return peil_incident_log_event (self->connection, "import", 0, NULL, detail, error);
}

/* The state the query keeps after this run: its own, with the fault
 * bookkeeping, and with the source's changes only if the run ended well. */
static GHashTable *
next_state (PeilGatherJob *self,
            gboolean       ended_well)
{
  GHashTable *state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *changes[] = { ended_well ? self->state_changes : NULL, self->kept_state };
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->query->state);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (state, g_strdup (key), g_strdup (value));

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      if (changes[i] == NULL)
        continue;
      g_hash_table_iter_init (&iter, changes[i]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (value != NULL)
            g_hash_table_insert (state, g_strdup (key), g_strdup (value));
          else
            g_hash_table_remove (state, key);
        }
    }
  return state;
}

/* What the coverage line says of a run that did not end well. */
static char *
describe_fault (PeilGatherJob *self,
                const GError  *fault,
                guint64        gathered)
{
  if (g_error_matches (fault, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Stopped before the end, after %llu post; the rest is gathered at the next run",
                                         "Stopped before the end, after %llu posts; the rest is gathered at the next run",
                                         gathered), (unsigned long long)gathered);
  if (gathered > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s (cut short after %llu post; the rest is gathered at the next run)",
                                         "%s (cut short after %llu posts; the rest is gathered at the next run)",
                                         gathered), fault->message, (unsigned long long)gathered);
  return g_strdup (fault->message);
}

/* Inside the transaction of the run's last posts: the query's outcome. */
static gboolean
record_run (PeilGatherJob  *self,
            const GError   *fault,
            guint64         gathered,
            GError        **error)
{
  g_autoptr(GHashTable) state = next_state (self, fault == NULL);
  g_autofree char *message = fault ? describe_fault (self, fault, gathered) : NULL;

  /* Kept as state, not read from the message: the window offers its login
   * dialog for exactly these queries. */
  if (g_error_matches (fault, PEIL_ERROR, PEIL_ERROR_NEEDS_LOGIN))
    g_hash_table_insert (state, g_strdup (PEIL_QUERY_STATE_NEEDS_LOGIN), g_strdup ("1"));
  else
    g_hash_table_remove (state, PEIL_QUERY_STATE_NEEDS_LOGIN);

  return peil_incident_record_query_run (self->connection, self->query, state, message,
                                         self->limited_until, gathered, error);
}

/*
 * flush:
 * @last: the run has ended; @fault says how
 *
 * Stores the pending posts in one transaction with their line in the
 * event log (and, at the end of a query's run, its outcome), and counts
 * them only once that transaction is committed.
 */
static gboolean
flush (PeilGatherJob  *self,
       gboolean        last,
       const GError   *fault,
       GError        **error)
{
  PeilIncident *connection = self->connection;
  guint64 added = 0, duplicates = 0, rejected;
  gboolean record = last && self->query != NULL;

  if (self->pending->len == 0 && self->n_rejected == self->n_rejected_logged && !record)
    return TRUE;

  if (!peil_database_begin (connection->db, error))
    return FALSE;

  for (guint i = 0; i < self->pending->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean was_added = FALSE;

      gboolean ours = self->query != NULL && peil_query_get_channel (self->query) != NULL;
      gboolean stored;

      /* What a query of one of our own channels finds is ours: a message,
       * never one of the public's posts. */
      if (ours)
        stored = peil_incident_insert_message_from_post (connection, g_ptr_array_index (self->pending, i),
                                                         self->query, &was_added, &local_error);
      else
        stored = peil_incident_insert_post (connection, g_ptr_array_index (self->pending, i),
                                            self->query ? peil_query_get_id (self->query) : 0, &was_added, &local_error);
      if (!stored)
        {
          /* A post that carries an unknown tag, an inject outside an
           * exercise, or an item of our channel that is no message (a
           * Mastodon post of an image alone has no text) is refused
           * before anything of it is written; anything else is the
           * file's fault. */
          if (g_error_matches (local_error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG) ||
              g_error_matches (local_error, PEIL_ERROR, PEIL_ERROR_EXERCISE) ||
              (ours && g_error_matches (local_error, PEIL_ERROR, PEIL_ERROR_INVALID)))
            {
              peil_gather_job_reject (self, g_array_index (self->pending_lines, guint64, i), local_error->message);
              continue;
            }
          peil_database_rollback (connection->db);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (was_added)
        added++;
      else
        duplicates++;
    }

  rejected = self->n_rejected - self->n_rejected_logged;
  if ((added + duplicates + rejected > 0 && !log_batch (self, added, duplicates, rejected, error)) ||
      (record && !record_run (self, fault, self->n_added + self->n_duplicates + added + duplicates, error)))
    {
      peil_database_rollback (connection->db);
      return FALSE;
    }
  if (!peil_database_commit (connection->db, error))
    return FALSE;

  self->n_added += added;
  self->n_duplicates += duplicates;
  self->n_rejected_logged += rejected;
  self->added_any |= added > 0;
  g_ptr_array_set_size (self->pending, 0);
  g_array_set_size (self->pending_lines, 0);
  return TRUE;
}

/**
 * peil_gather_job_add_post:
 * @line: where the post was in the input (line or record number), for
 *   messages; 0 if not applicable
 *
 * Called by sources for each post read. Posts are stored in batches.
 *
 * Returns: %FALSE if the source must stop: the job was cancelled or the
 *   incident file cannot be written
 */
gboolean
peil_gather_job_add_post (PeilGatherJob  *self,
                          PeilPost       *post,
                          guint64         line,
                          GError        **error)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), FALSE);
  g_return_val_if_fail (PEIL_IS_POST (post), FALSE);

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  /* An exercise's injects come only from its scenario, on its clock: an
   * import of another trainee's export would release them early, with
   * that trainee's tags, into a file that is then scored. */
  if (g_strcmp0 (peil_post_get_source (post), PEIL_EXERCISE_SOURCE) == 0 &&
      g_strcmp0 (peil_source_get_id (self->source), PEIL_EXERCISE_SOURCE) != 0)
    {
      peil_gather_job_reject (self, line, _("An exercise’s inject: only its scenario releases those, on the exercise’s clock"));
      return TRUE;
    }

  if (peil_post_get_created_at (post) > PEIL_TIME_LAST_SECOND)
    {
      peil_gather_job_reject (self, line, _("Its time lies after the year 9999"));
      return TRUE;
    }

  if (peil_post_get_origin (post) == NULL && self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      peil_post_set_origin (post, name);
    }
  if (peil_post_get_created_at (post) == 0 &&
      g_strcmp0 (peil_gather_job_get_option (self, PEIL_GATHER_JOB_IMPORT_TIME), "true") == 0)
    peil_post_set_time_from_import (post, TRUE);

  g_ptr_array_add (self->pending, g_object_ref (post));
  g_array_append_val (self->pending_lines, line);

  if (self->pending->len >= BATCH_SIZE)
    return flush (self, FALSE, NULL, error);
  return TRUE;
}

static gboolean
open_lines (PeilGatherJob  *self,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (self->file == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Choose a file to import"));
      return FALSE;
    }
  if (!peil_incident_check_other_file (self->incident, self->file, error))
    return FALSE;

  if (!(stream = g_file_read (self->file, cancellable, error)) ||
      !(info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error)))
    return FALSE;

  self->size = g_file_info_get_size (info);
  self->lines = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new_sized (G_INPUT_STREAM (stream), 1 << 18));
  return TRUE;
}

/* Skips @n bytes of the buffer just peeked at, counting them for the
 * progress. */
static void
consume (PeilGatherJob *self,
         gsize          n)
{
  g_input_stream_skip (G_INPUT_STREAM (self->lines), n, NULL, NULL);
  self->consumed += n;
}

/* The next line, or %NULL at the end of the file; @out_too_long is set
 * for a line longer than MAX_LINE, which is skipped rather than kept. */
static GString *
read_bounded_line (PeilGatherJob  *self,
                   gboolean       *out_too_long,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GString) line = NULL;

  *out_too_long = FALSE;
  for (;;)
    {
      gsize available = 0;
      const char *data = g_buffered_input_stream_peek_buffer (self->lines, &available);
      const char *end = NULL;
      gsize piece;
      gssize filled;

      if (available == 0)
        {
          if ((filled = g_buffered_input_stream_fill (self->lines, -1, cancellable, error)) < 0)
            return NULL;
          if (filled == 0)
            return g_steal_pointer (&line);   /* a last line without its end, or none */
          continue;
        }

      if (self->after_cr)
        {
          self->after_cr = FALSE;
          if (data[0] == '\n')
            {
              consume (self, 1);
              continue;
            }
        }

      if (line == NULL)
        line = g_string_new (NULL);
      for (piece = 0; piece < available && data[piece] != '\n' && data[piece] != '\r'; piece++)
        ;
      if (piece < available)
        end = data + piece;

      if (!*out_too_long && line->len + piece <= MAX_LINE)
        g_string_append_len (line, data, piece);
      else
        {
          *out_too_long = TRUE;
          g_string_truncate (line, 0);
        }

      if (end == NULL)
        {
          consume (self, piece);
          continue;
        }
      self->after_cr = *end == '\r';
      consume (self, piece + 1);
      return g_steal_pointer (&line);
    }
}

/**
 * peil_gather_job_read_line:
 *
 * For sources that read the job's file line by line: returns the next
 * line without its end (\n, \r\n or \r), counting lines for messages
 * and bytes for the progress. A line longer than 16 MB is rejected and
 * skipped without being held in memory: a file with no line ends cannot
 * take all the memory there is.
 *
 * Returns: (transfer full) (nullable): the line, or %NULL at the end of
 *   the file or with @error set
 */
char *
peil_gather_job_read_line (PeilGatherJob  *self,
                           GCancellable   *cancellable,
                           GError        **error)
{
  GString *line;
  gboolean too_long;

  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);

  if (self->lines == NULL && !open_lines (self, cancellable, error))
    return NULL;

  while ((line = read_bounded_line (self, &too_long, cancellable, error)) != NULL)
    {
      self->line_number++;
      if ((self->line_number & 1023) == 1)
        peil_gather_job_set_fraction (self, self->size > 0 ? (double)self->consumed / self->size : 0);
      if (!too_long)
        {
          self->line_length = line->len;
          return g_string_free (line, FALSE);
        }

      g_string_free (line, TRUE);
      peil_gather_job_reject (self, self->line_number, _("The line is longer than 16 MB and was skipped"));
    }
  return NULL;
}

/**
 * peil_gather_job_get_line_number:
 *
 * Gives the number of the last line read, for a rejection or an error message
 * that points the user at it.
 *
 * Returns: the number of the line peil_gather_job_read_line() returned
 *   last, counting from 1
 */
guint64
peil_gather_job_get_line_number (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), 0);
  return self->line_number;
}

/**
 * peil_gather_job_get_line_length:
 *
 * Gives the real length of the last line read, for a source that must keep NUL
 * bytes in its input from cutting a line short.
 *
 * Returns: the length in bytes of the line peil_gather_job_read_line()
 *   returned last, which is more than its strlen() when it holds NUL bytes
 */
gsize
peil_gather_job_get_line_length (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), 0);
  return self->line_length;
}

/**
 * peil_gather_job_set_fraction:
 * @self: a #PeilGatherJob
 * @fraction: how much of the input was read, from 0 to 1; clamped
 *
 * Reports progress for peil_gather_job_get_fraction(). Sources that read by
 * line with peil_gather_job_read_line() need not call it; safe from any
 * thread.
 */
void
peil_gather_job_set_fraction (PeilGatherJob *self,
                              double         fraction)
{
  g_return_if_fail (PEIL_IS_GATHER_JOB (self));
  g_atomic_int_set (&self->permille, (gint)(CLAMP (fraction, 0.0, 1.0) * 1000));
}

/**
 * peil_gather_job_get_fraction:
 *
 * Safe to call from any thread while the job runs.
 *
 * Returns: how much of the input was read, from 0 to 1
 */
double
peil_gather_job_get_fraction (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), 0);
  return g_atomic_int_get (&self->permille) / 1000.0;
}

static int
compare_rejections (gconstpointer a,
                    gconstpointer b)
{
  const PeilRejection *ra = *(const PeilRejection **)a;
  const PeilRejection *rb = *(const PeilRejection **)b;

  return (ra->line > rb->line) - (ra->line < rb->line);
}

/* A query whose last posts could not be stored still says why. */
static void
record_failed_run (PeilGatherJob *self,
                   const GError  *fault)
{
  if (!peil_database_begin (self->connection->db, NULL))
    return;
  if (!record_run (self, fault, self->n_added + self->n_duplicates, NULL) ||
      !peil_database_commit (self->connection->db, NULL))
    peil_database_rollback (self->connection->db);
}

/* The query as stored, so that a job run again (gather --follow) starts
 * from what the file holds, not from what a failed commit meant to write. */
static void
reload_query (PeilGatherJob *self)
{
  g_autoptr(PeilQuery) stored = NULL;

  if (self->query != NULL &&
      (stored = peil_incident_get_query (self->connection, peil_query_get_id (self->query), NULL)) != NULL)
    peil_query_copy_from (self->query, stored);
}

static gboolean
run_job (PeilGatherJob  *self,
         PeilIncident   *connection,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(GError) fault = NULL;
  g_autoptr(GError) flush_error = NULL;
  gboolean gathered;

  g_autofree char *restore_cache = NULL;
  gint64 cache_size = 0;

  if (!peil_database_check_writable (connection->db, error) ||
      !peil_database_query_int (connection->db, "PRAGMA cache_size", &cache_size, error) ||
      !peil_database_exec (connection->db, "PRAGMA cache_size = -" G_STRINGIFY (RUN_CACHE_KB), error))
    return FALSE;
  restore_cache = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);

  self->connection = connection;
  g_set_object (&self->cancellable, cancellable);

  gathered = peil_source_gather (self->source, self, cancellable, &fault);
  if (!gathered && fault == NULL)
    g_set_error_literal (&fault, PEIL_ERROR, PEIL_ERROR_FAILED, _("The source stopped without saying why"));

  /* Keep what was read before a fault or a cancel. */
  if (!flush (self, TRUE, fault, &flush_error))
    {
      if (fault == NULL)
        fault = g_steal_pointer (&flush_error);
      if (self->query != NULL)
        record_failed_run (self, fault);
    }
  reload_query (self);
  g_hash_table_remove_all (self->state_changes);
  g_hash_table_remove_all (self->kept_state);

  /* The caller says what the coverage line says. */
  if (fault != NULL && self->query != NULL && !g_error_matches (fault, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      char *message = describe_fault (self, fault, self->n_added + self->n_duplicates);

      g_free (fault->message);
      fault->message = message;
    }

  /* Tags are checked when a batch is written, after the source moved on. */
  g_ptr_array_sort (self->rejections, compare_rejections);
  if (fault == NULL)
    peil_gather_job_set_fraction (self, 1.0);

  g_clear_object (&self->cancellable);
  self->connection = NULL;
  peil_database_exec (connection->db, restore_cache, NULL);

  if (fault != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&fault));
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_gather_job_run:
 *
 * Runs the source to the end of its input. On cancellation or a fault,
 * what was read before is stored all the same.
 */
gboolean
peil_gather_job_run (PeilGatherJob  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  gboolean ret;

  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  ret = run_job (self, self->incident, cancellable, error);
  if (self->added_any)
    peil_incident_emit_posts_changed (self->incident);
  return ret;
}

static void
run_in_thread (GTask        *task,
               PeilIncident *connection,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_job (g_task_get_source_object (task), connection, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * peil_gather_job_run_async:
 *
 * Runs the job on a worker thread, with a connection of its own to the
 * incident's file. The job must be left alone until it finishes.
 */
void
peil_gather_job_run_async (PeilGatherJob       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PEIL_IS_GATHER_JOB (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_gather_job_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  peil_incident_run_in_thread (self->incident, task, run_in_thread);
}

/**
 * peil_gather_job_run_finish:
 * @self: a #PeilGatherJob
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes peil_gather_job_run_async() and, when the run added posts,
 * emits the incident's #PeilIncident::posts-changed on the calling thread.
 *
 * Returns: %TRUE when the source read its input to the end; %FALSE with
 *   @error set. Posts stored before a fault or cancellation stay stored.
 */
gboolean
peil_gather_job_run_finish (PeilGatherJob  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (self->added_any)
    peil_incident_emit_posts_changed (self->incident);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * peil_gather_job_get_n_added:
 * @self: a #PeilGatherJob
 *
 * Gets the number of posts added.
 *
 * Returns: the posts the run added to the incident, all committed; read it
 *   once the run has ended
 */
guint64
peil_gather_job_get_n_added (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), 0);
  return self->n_added;
}

/**
 * peil_gather_job_get_n_duplicates:
 * @self: a #PeilGatherJob
 *
 * Gets the number of posts the incident had already.
 *
 * Returns: the posts the run read that the incident held already (the same
 *   source and remote id), which were not added again; read it once the run
 *   has ended
 */
guint64
peil_gather_job_get_n_duplicates (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), 0);
  return self->n_duplicates;
}

/**
 * peil_gather_job_get_n_rejected:
 * @self: a #PeilGatherJob
 *
 * Gets the number of rejected records.
 *
 * Returns: the records the source rejected (peil_gather_job_reject()), all
 *   of them, while peil_gather_job_get_rejections() keeps the first ones
 */
guint64
peil_gather_job_get_n_rejected (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), 0);
  return self->n_rejected;
}

/**
 * peil_gather_job_get_rejections:
 *
 * Lists the records the job could not read, in detail; only the first ones are
 * kept, while all are counted.
 *
 * Returns: (transfer none) (element-type PeilRejection): the first
 *   rejected records, in input order
 */
GPtrArray *
peil_gather_job_get_rejections (PeilGatherJob *self)
{
  g_return_val_if_fail (PEIL_IS_GATHER_JOB (self), NULL);
  return self->rejections;
}

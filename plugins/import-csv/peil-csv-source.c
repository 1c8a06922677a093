/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>
#include <string.h>

#include "peil-csv-parse.h"

/*
 * Reads CSV files line by line into peil-csv-parse.c, which says how
 * columns become posts.
 */
#define PEIL_TYPE_CSV_SOURCE (peil_csv_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilCsvSource, peil_csv_source, PEIL, CSV_SOURCE, GObject)

struct _PeilCsvSource
{
  GObject parent_instance;
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilCsvSource, peil_csv_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static const char * const file_patterns[] = { "*.csv", "*.tsv", "*.txt", NULL };

static void peil_csv_source_class_init (PeilCsvSourceClass *klass) { }
static void peil_csv_source_class_finalize (PeilCsvSourceClass *klass) { }
static void peil_csv_source_init (PeilCsvSource *self) { }

static const char *
get_id (PeilSource *source)
{
  return "csv";
}

static const char *
get_name (PeilSource *source)
{
  return _("CSV (spreadsheets, Coosto, OBI4wan)");
}

static const char * const *
get_file_patterns (PeilSource *source)
{
  return file_patterns;
}

static gboolean
sniff (PeilSource *source,
       const char *head,
       gsize       length)
{
  const char *end = memchr (head, '\n', length);
  gsize first_line = end ? (gsize)(end - head) : length;

  return first_line > 0 && head[0] != '{' &&
         (memchr (head, ',', first_line) || memchr (head, ';', first_line) || memchr (head, '\t', first_line));
}

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autoptr(PeilCsvReader) reader = NULL;
  g_autoptr(GError) read_error = NULL;
  PeilPostSink sink;
  char *next;

  peil_post_sink_init_for_job (&sink, job);
  if (!(reader = peil_csv_reader_new (peil_gather_job_get_options (job), &sink, error)))
    return FALSE;

  while ((next = peil_gather_job_read_line (job, cancellable, &read_error)) != NULL)
    {
      g_autofree char *line = next;

      if (!peil_csv_reader_feed_line (reader, line, peil_gather_job_get_line_length (job),
                                      peil_gather_job_get_line_number (job), error))
        return FALSE;
    }

  if (read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return FALSE;
    }
  return peil_csv_reader_finish (reader, error);
}

/* A preview reads no more of a file than this: enough for its header and
 * first records, and a file of one huge line costs no more. */
#define PEEK_BYTES (1 << 20)

/* The header and first records, parsed as an import parses them. */
static PeilSourcePreview *
peek (PeilSource    *source,
      GFile         *file,
      guint          max_rows,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *head = g_malloc (PEEK_BYTES);
  gsize length = 0;

  if (!(stream = g_file_read (file, cancellable, error)) ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, PEEK_BYTES, &length, cancellable, error))
    return NULL;
  return peil_csv_preview (head, length, length < PEEK_BYTES, max_rows, error);
}

static void
source_iface_init (PeilSourceInterface *iface)
{
  iface->get_id = get_id;
  iface->get_name = get_name;
  iface->get_file_patterns = get_file_patterns;
  iface->sniff = sniff;
  iface->gather = gather;
  iface->peek = peek;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_csv_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_CSV_SOURCE);
}

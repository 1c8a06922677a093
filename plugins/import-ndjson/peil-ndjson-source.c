/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-ndjson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>

#include "peil-ndjson-parse.h"

/*
 * Reads NDJSON, one JSON object per line, in the dialects that
 * peil-ndjson-parse.c tells apart; a line it cannot read is rejected with
 * its reason and the rest is read on.
 */
#define PEIL_TYPE_NDJSON_SOURCE (peil_ndjson_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilNdjsonSource, peil_ndjson_source, PEIL, NDJSON_SOURCE, GObject)

struct _PeilNdjsonSource
{
  GObject parent_instance;
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilNdjsonSource, peil_ndjson_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static const char * const file_patterns[] = { "*.ndjson", "*.jsonl", "*.json", NULL };

static void
peil_ndjson_source_class_init (PeilNdjsonSourceClass *klass)
{
}

static void
peil_ndjson_source_class_finalize (PeilNdjsonSourceClass *klass)
{
}

static void
peil_ndjson_source_init (PeilNdjsonSource *self)
{
}

static const char *
get_id (PeilSource *source)
{
  return "ndjson";
}

static const char *
get_name (PeilSource *source)
{
  return _("NDJSON (Peil, Zeeschuimer, 4CAT)");
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
  gsize i = 0;

  while (i < length && g_ascii_isspace (head[i]))
    i++;
  if (i >= length || head[i] != '{')
    return FALSE;
  /* One object per line: its first member starts on the line of its "{",
   * where an indented JSON document (a Telegram export) breaks the line. */
  for (i++; i < length && (head[i] == ' ' || head[i] == '\t'); i++)
    ;
  return i == length || head[i] == '"' || head[i] == '}';
}

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(PeilJsonScan) scan = peil_ndjson_scan_new ();
  g_autoptr(GError) read_error = NULL;
  PeilPostSink sink;
  char *next;

  peil_post_sink_init_for_job (&sink, job);
  while ((next = peil_gather_job_read_line (job, cancellable, &read_error)) != NULL)
    {
      g_autofree char *line = next;
      g_autoptr(GError) line_error = NULL;
      g_autoptr(PeilPost) post = NULL;
      guint64 line_number = peil_gather_job_get_line_number (job);

      g_strstrip (line);
      if (*line == '\0')
        continue;

      if (!(post = peil_ndjson_parse_line (parser, scan, line, &line_error)))
        {
          peil_post_sink_reject (&sink, line_number, line_error->message);
          continue;
        }

      if (!sink.add_post (&sink, post, line_number, error))
        return FALSE;
    }

  if (read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return FALSE;
    }
  return TRUE;
}

static void
source_iface_init (PeilSourceInterface *iface)
{
  iface->get_id = get_id;
  iface->get_name = get_name;
  iface->get_file_patterns = get_file_patterns;
  iface->sniff = sniff;
  iface->gather = gather;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_ndjson_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_NDJSON_SOURCE);
}

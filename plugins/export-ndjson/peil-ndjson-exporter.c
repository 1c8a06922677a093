/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-ndjson-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>
#include <string.h>

/* Peil's own interchange format (docs/formats.md): one post a line, with
 * its tags, analysts and times and its raw payload, so that an import of
 * the export into a new incident gives the same posts and tags. A post of
 * an exercise says "exercise": true on its own line, so that no line
 * passes for a real post. */
#define PEIL_TYPE_NDJSON_EXPORTER (peil_ndjson_exporter_get_type ())
G_DECLARE_FINAL_TYPE (PeilNdjsonExporter, peil_ndjson_exporter, PEIL, NDJSON_EXPORTER, GObject)

struct _PeilNdjsonExporter
{
  GObject parent_instance;
};

static void file_format_iface_init (PeilFileFormatInterface *iface);
static void exporter_iface_init (PeilExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilNdjsonExporter, peil_ndjson_exporter, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_EXPORTER, exporter_iface_init))

static void peil_ndjson_exporter_class_init (PeilNdjsonExporterClass *klass) { }
static void peil_ndjson_exporter_class_finalize (PeilNdjsonExporterClass *klass) { }
static void peil_ndjson_exporter_init (PeilNdjsonExporter *self) { }

static const char *get_format_id (PeilFileFormat *format) { return "ndjson"; }
static const char *get_name (PeilFileFormat *format) { return _("Peil NDJSON (posts with tags)"); }
static const char *get_extension (PeilFileFormat *format) { return "ndjson"; }
static const char *get_mime_type (PeilFileFormat *format) { return "application/x-ndjson"; }

typedef struct
{
  GOutputStream   *stream;
  GCancellable    *cancellable;
  PeilPseudonymizer *names;  /* NULL: real names */
  gboolean         exercise;
} Writer;

static gboolean
write_post (PeilPost  *post,
            gpointer   user_data,
            GError   **error)
{
  Writer *writer = user_data;
  g_autoptr(JsonNode) node = peil_post_to_json (post, writer->names);
  g_autofree char *line = NULL;

  if (writer->exercise)
    json_object_set_boolean_member (json_node_get_object (node), "exercise", TRUE);
  line = json_to_string (node, FALSE);

  return g_output_stream_write_all (writer->stream, line, strlen (line), NULL, writer->cancellable, error) &&
         g_output_stream_write_all (writer->stream, "\n", 1, NULL, writer->cancellable, error);
}

static gboolean
write_posts (PeilExporter     *exporter,
             PeilIncident     *incident,
             PeilFilter       *filter,
             PeilExportFlags   flags,
             GOutputStream    *stream,
             GCancellable     *cancellable,
             GError          **error)
{
  g_autoptr(PeilPseudonymizer) names = NULL;
  Writer writer = { stream, cancellable, NULL, peil_incident_is_exercise (incident) };

  if (!(flags & PEIL_EXPORT_REAL_NAMES) && !(writer.names = names = peil_incident_dup_pseudonymizer (incident, error)))
    return FALSE;

  return peil_incident_foreach_post (incident, filter, write_post, &writer, cancellable, error);
}

static void
file_format_iface_init (PeilFileFormatInterface *iface)
{
  iface->get_format_id = get_format_id;
  iface->get_name = get_name;
  iface->get_extension = get_extension;
  iface->get_mime_type = get_mime_type;
}

static void
exporter_iface_init (PeilExporterInterface *iface)
{
  iface->write = write_posts;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_ndjson_exporter_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_EXPORTER, PEIL_TYPE_NDJSON_EXPORTER);
}

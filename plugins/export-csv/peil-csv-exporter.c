/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-csv-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>
#include <string.h>

/*
 * One row a post, one column of tag codes per dimension, UTF-8 with a BOM
 * so that Excel reads the accents. Cells that a spreadsheet would run as
 * a formula (starting with =, +, -, @, tab or CR) get a leading
 * apostrophe: a post is never code in the analyst's spreadsheet. An
 * exercise's export has a first column "exercise" that says OEFENING /
 * EXERCISE on every row, so that no row copied out of it passes for a
 * real post, and the file stays plain CSV.
 */
#define PEIL_TYPE_CSV_EXPORTER (peil_csv_exporter_get_type ())
G_DECLARE_FINAL_TYPE (PeilCsvExporter, peil_csv_exporter, PEIL, CSV_EXPORTER, GObject)

struct _PeilCsvExporter
{
  GObject parent_instance;
};

static void file_format_iface_init (PeilFileFormatInterface *iface);
static void exporter_iface_init (PeilExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilCsvExporter, peil_csv_exporter, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_EXPORTER, exporter_iface_init))

static void peil_csv_exporter_class_init (PeilCsvExporterClass *klass) { }
static void peil_csv_exporter_class_finalize (PeilCsvExporterClass *klass) { }
static void peil_csv_exporter_init (PeilCsvExporter *self) { }

static const char *get_format_id (PeilFileFormat *format) { return "csv"; }
static const char *get_name (PeilFileFormat *format) { return _("CSV (spreadsheet)"); }
static const char *get_extension (PeilFileFormat *format) { return "csv"; }
static const char *get_mime_type (PeilFileFormat *format) { return "text/csv"; }

static const char *fixed_columns[] = {
  "peil_id", "source", "id", "channel", "time", "author", "handle", "text", "url", "language", "off_topic",
};

typedef struct
{
  GOutputStream   *stream;
  GCancellable    *cancellable;
  PeilPseudonymizer *names;  /* NULL: real names */
  PeilTaxonomy    *taxonomy;
  gboolean         exercise;
  GString         *row;
  guint            n_cells;   /* in @row */
} Writer;

/* Every cell quoted, its quotes doubled; text a spreadsheet would run as
 * a formula neutralized (see peil_csv_append_cell()). */
static void
add_cell (Writer     *writer,
          const char *value)
{
  peil_csv_append_cell (writer->row, writer->n_cells++, value, TRUE);
}

static gboolean
end_row (Writer  *writer,
         GError **error)
{
  g_string_append (writer->row, "\r\n");
  if (!g_output_stream_write_all (writer->stream, writer->row->str, writer->row->len, NULL,
                                  writer->cancellable, error))
    return FALSE;
  g_string_truncate (writer->row, 0);
  writer->n_cells = 0;
  return TRUE;
}

static gboolean
write_post (PeilPost  *post,
            gpointer   user_data,
            GError   **error)
{
  Writer *writer = user_data;
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (writer->taxonomy);
  g_autofree char *peil_id = g_strdup_printf ("%" G_GINT64_FORMAT, peil_post_get_id (post));
  g_autofree char *time = peil_post_get_created_at (post) ? peil_time_format_iso (peil_post_get_created_at (post)) : NULL;
  g_autoptr(JsonNode) node = peil_post_to_json (post, writer->names);
  JsonObject *fields = json_node_get_object (node);

  /* The same fields, and the same pseudonyms, as every other export. */
  if (writer->exercise)
    add_cell (writer, PEIL_EXERCISE_MARK);
  add_cell (writer, peil_id);
  add_cell (writer, peil_post_get_source (post));
  add_cell (writer, json_object_get_string_member_with_default (fields, "id", NULL));
  add_cell (writer, peil_post_get_channel (post));
  add_cell (writer, time);
  add_cell (writer, json_object_get_string_member_with_default (fields, "author", NULL));
  add_cell (writer, json_object_get_string_member_with_default (fields, "handle", NULL));
  add_cell (writer, json_object_get_string_member_with_default (fields, "text", NULL));
  add_cell (writer, json_object_get_string_member_with_default (fields, "url", NULL));
  add_cell (writer, peil_post_get_language (post));
  /* 1 for a post an analyst marked off-topic: a spreadsheet filters on it. */
  add_cell (writer, peil_post_get_off_topic (post) ? "1" : "0");

  for (guint d = 0; d < dimensions->len; d++)
    {
      const char *dimension_code = peil_dimension_get_code (g_ptr_array_index (dimensions, d));
      g_autoptr(GString) codes = g_string_new (NULL);

      for (guint t = 0; t < peil_post_get_n_tags (post); t++)
        {
          const PeilPostTag *tag = peil_post_get_tag (post, t);
          PeilTag *definition = peil_taxonomy_lookup_tag (writer->taxonomy, tag->code);

          if (definition && g_str_equal (peil_tag_get_dimension_code (definition), dimension_code))
            g_string_append_printf (codes, "%s%s", codes->len ? "; " : "", tag->code);
        }
      add_cell (writer, codes->str);
    }

  return end_row (writer, error);
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
  g_autoptr(GString) row = g_string_new (NULL);
  g_autoptr(PeilPseudonymizer) names = NULL;
  Writer writer = { stream, cancellable, NULL, peil_incident_get_taxonomy (incident),
                    peil_incident_is_exercise (incident), row, 0 };
  GPtrArray *dimensions = writer.taxonomy ? peil_taxonomy_get_dimensions (writer.taxonomy) : NULL;

  if (!(flags & PEIL_EXPORT_REAL_NAMES) && !(writer.names = names = peil_incident_dup_pseudonymizer (incident, error)))
    return FALSE;

  if (!g_output_stream_write_all (stream, "\xEF\xBB\xBF", 3, NULL, cancellable, error))
    return FALSE;

  if (writer.exercise)
    add_cell (&writer, "exercise");
  for (guint i = 0; i < G_N_ELEMENTS (fixed_columns); i++)
    add_cell (&writer, fixed_columns[i]);
  for (guint d = 0; d < dimensions->len; d++)
    add_cell (&writer, peil_dimension_get_code (g_ptr_array_index (dimensions, d)));
  if (!end_row (&writer, error))
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
  peil_csv_exporter_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_EXPORTER, PEIL_TYPE_CSV_EXPORTER);
}

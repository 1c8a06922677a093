/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-privacy-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "peil-html-page.h"
#include "peil-pdf-document.h"
#include "peil-privacy-document.h"

/*
 * The record of processing (PeilPrivacyRecord) as a file for the privacy
 * officer: a self-contained HTML page or an A4 PDF, laid out by the same
 * page and PDF helpers as the reports. Built into peil-cli and the
 * window, which both write it. Every text goes through
 * g_markup_escape_text() (HTML) or pango_layout_set_text() (PDF).
 */

static char *
full_title (PeilPrivacyRecord *record)
{
  return g_strdup_printf ("%s: %s", peil_privacy_record_get_heading (record), peil_privacy_record_get_title (record));
}

GBytes *
peil_privacy_document_html (PeilPrivacyRecord *record)
{
  GPtrArray *sections = peil_privacy_record_get_sections (record);
  g_autofree char *title = full_title (record);
  GString *out = g_string_new (NULL);

  peil_html_begin (out, peil_privacy_record_get_language (record), title, NULL,
                   peil_privacy_record_is_exercise (record));
  g_string_append (out, "<header>");
  peil_html_element (out, "h1", NULL, title);
  if (peil_privacy_record_is_exercise (record))
    peil_html_element (out, "p", "class=\"exercise\"", PEIL_EXERCISE_MARK);
  g_string_append (out, "</header>");

  for (guint i = 0; i < sections->len; i++)
    {
      PeilPrivacySection *section = g_ptr_array_index (sections, i);

      peil_html_element (out, "h2", NULL, section->heading);
      if (section->fields->len > 0)
        {
          g_string_append (out, "<dl class=\"meta\">");
          for (guint f = 0; f + 1 < section->fields->len; f += 2)
            {
              peil_html_element (out, "dt", NULL, g_ptr_array_index (section->fields, f));
              peil_html_element (out, "dd", NULL, g_ptr_array_index (section->fields, f + 1));
            }
          g_string_append (out, "</dl>");
        }
      if (section->columns == NULL)
        continue;
      if (section->rows->len == 0)
        {
          peil_html_element (out, "p", "class=\"empty\"", section->empty);
          continue;
        }
      g_string_append (out, "<table><thead><tr>");
      for (guint c = 0; section->columns[c] != NULL; c++)
        peil_html_element (out, "th", NULL, section->columns[c]);
      g_string_append (out, "</tr></thead><tbody>");
      for (guint r = 0; r < section->rows->len; r++)
        {
          GStrv cells = g_ptr_array_index (section->rows, r);

          g_string_append (out, "<tr>");
          for (guint c = 0; cells[c] != NULL; c++)
            peil_html_element (out, "td", NULL, cells[c]);
          g_string_append (out, "</tr>");
        }
      g_string_append (out, "</tbody></table>");
    }

  peil_html_end (out);
  return g_string_free_to_bytes (out);
}

GBytes *
peil_privacy_document_pdf (PeilPrivacyRecord  *record,
                           GError            **error)
{
  GPtrArray *sections = peil_privacy_record_get_sections (record);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autofree char *title = full_title (record);
  PeilPdfDocument doc;

  peil_pdf_document_begin (&doc, stream, NULL, title, title, peil_privacy_record_text (record, "Page"),
                           peil_privacy_record_is_exercise (record));
  peil_pdf_paragraph (&doc, title, "Sans Bold 14", 0, 6);

  for (guint i = 0; i < sections->len; i++)
    {
      PeilPrivacySection *section = g_ptr_array_index (sections, i);
      static const double field_widths[] = { 0.3, 0.7 };
      double widths[8];
      guint n_columns;

      peil_pdf_heading (&doc, section->heading, FALSE);
      for (guint f = 0; f + 1 < section->fields->len; f += 2)
        {
          const char *cells[] = { g_ptr_array_index (section->fields, f), g_ptr_array_index (section->fields, f + 1) };
          peil_pdf_table_row (&doc, cells, field_widths, 2, PEIL_PDF_BODY_FONT);
        }
      if (section->columns == NULL)
        continue;
      if (section->rows->len == 0)
        {
          peil_pdf_paragraph (&doc, section->empty, PEIL_PDF_BODY_FONT, 0, 6);
          continue;
        }

      n_columns = g_strv_length (section->columns);
      g_assert (n_columns <= G_N_ELEMENTS (widths));
      for (guint c = 0; c < n_columns; c++)
        widths[c] = 1.0 / n_columns;
      peil_pdf_table_row (&doc, (const char **)section->columns, widths, n_columns, "Sans Bold 8");
      for (guint r = 0; r < section->rows->len; r++)
        peil_pdf_table_row (&doc, g_ptr_array_index (section->rows, r), widths, n_columns, "Sans 8");
      doc.y += 6;
    }

  if (!peil_pdf_document_end (&doc, error) ||
      !g_output_stream_close (stream, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

/**
 * peil_privacy_document_save:
 *
 * Writes @record to @file as HTML or PDF, by the file's extension.
 */
gboolean
peil_privacy_document_save (PeilPrivacyRecord  *record,
                            GFile              *file,
                            GError            **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autoptr(GBytes) contents = NULL;

  if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))
    contents = peil_privacy_document_html (record);
  else if (g_str_has_suffix (lower, ".pdf"))
    contents = peil_privacy_document_pdf (record, error);
  else
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s”: the record of processing is written as .html or .pdf"), name);
      return FALSE;
    }

  return contents != NULL && peil_privacy_record_save (record, file, contents, error);
}

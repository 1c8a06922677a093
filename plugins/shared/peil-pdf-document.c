/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-pdf-document"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <peil.h>

#include "peil-pdf-document.h"

/* The layout shared by the report and the debrief PDF plugins, built into
 * each of them (plugins/shared/meson.build). */

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  PeilPdfDocument *doc = closure;

  if (doc->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (doc->stream, data, length, NULL, doc->cancellable, &doc->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

PangoLayout *
peil_pdf_new_layout (PeilPdfDocument *doc,
                     const char      *text,
                     const char      *font,
                     double           width)
{
  PangoLayout *layout = pango_cairo_create_layout (doc->cr);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

double
peil_pdf_layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double)height / PANGO_SCALE;
}

void
peil_pdf_draw_layout_at (PeilPdfDocument *doc,
                         PangoLayout     *layout,
                         double           x,
                         double           y)
{
  cairo_move_to (doc->cr, x, y);
  pango_cairo_show_layout (doc->cr, layout);
}

static void
start_page (PeilPdfDocument *doc)
{
  g_autoptr(PangoLayout) layout = NULL;

  doc->page++;
  layout = peil_pdf_new_layout (doc, doc->running_head, PEIL_PDF_SMALL_FONT, PEIL_PDF_TEXT_WIDTH);
  cairo_set_source_rgb (doc->cr, 0.37, 0.36, 0.39);
  peil_pdf_draw_layout_at (doc, layout, PEIL_PDF_MARGIN, PEIL_PDF_MARGIN - 22);
  cairo_set_source_rgb (doc->cr, 0.12, 0.12, 0.12);
  doc->y = PEIL_PDF_MARGIN;
}

/* The watermark goes on last, over the text, translucent, so no layer of
 * the page can hide it. */
static void
finish_page (PeilPdfDocument *doc)
{
  g_autofree char *number = g_strdup_printf ("%s %u", doc->page_word, doc->page);
  g_autoptr(PangoLayout) footer = peil_pdf_new_layout (doc, number, PEIL_PDF_SMALL_FONT, 0);

  cairo_set_source_rgb (doc->cr, 0.37, 0.36, 0.39);
  peil_pdf_draw_layout_at (doc, footer, PEIL_PDF_MARGIN, PEIL_PDF_PAGE_HEIGHT - PEIL_PDF_MARGIN + 4);

  if (doc->exercise)
    {
      g_autoptr(PangoLayout) mark = peil_pdf_new_layout (doc, PEIL_EXERCISE_MARK, "Sans Bold 30", 0);
      int width, height;

      pango_layout_get_pixel_size (mark, &width, &height);
      cairo_save (doc->cr);
      cairo_translate (doc->cr, PEIL_PDF_PAGE_WIDTH / 2, PEIL_PDF_PAGE_HEIGHT / 2);
      cairo_rotate (doc->cr, -G_PI / 6);
      cairo_set_source_rgba (doc->cr, 0.75, 0.11, 0.16, 0.22);
      peil_pdf_draw_layout_at (doc, mark, -width / 2.0, -height / 2.0);
      cairo_restore (doc->cr);
    }
  cairo_show_page (doc->cr);
}

/**
 * peil_pdf_document_begin:
 * @running_head: the line at the top of every page
 * @page_word: "Page" in the document's language, before each page number
 * @exercise: whether every page carries the OEFENING / EXERCISE watermark
 *
 * Starts the document on @stream, at the top of its first page.
 */
void
peil_pdf_document_begin (PeilPdfDocument *doc,
                         GOutputStream   *stream,
                         GCancellable    *cancellable,
                         const char      *title,
                         const char      *running_head,
                         const char      *page_word,
                         gboolean         exercise)
{
  *doc = (PeilPdfDocument){ NULL };
  doc->stream = stream;
  doc->cancellable = cancellable;
  doc->running_head = g_strdup (running_head);
  doc->page_word = g_strdup (page_word);
  doc->exercise = exercise;
  doc->surface = cairo_pdf_surface_create_for_stream (write_to_stream, doc, PEIL_PDF_PAGE_WIDTH, PEIL_PDF_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_CREATOR, "Peil " PACKAGE_VERSION);
  doc->cr = cairo_create (doc->surface);
  start_page (doc);
}

/**
 * peil_pdf_document_end:
 *
 * Finishes the last page and the document, and frees what it held.
 *
 * Returns: %FALSE with @error set when the PDF could not be written
 */
gboolean
peil_pdf_document_end (PeilPdfDocument  *doc,
                       GError          **error)
{
  cairo_status_t status;

  finish_page (doc);
  cairo_destroy (doc->cr);
  cairo_surface_finish (doc->surface);
  status = cairo_surface_status (doc->surface);
  cairo_surface_destroy (doc->surface);
  g_free (doc->running_head);
  g_free (doc->page_word);

  if (doc->error != NULL)
    {
      g_propagate_error (error, doc->error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED, _("Could not write the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

void
peil_pdf_make_room (PeilPdfDocument *doc,
                    double           height)
{
  if (doc->y + height > PEIL_PDF_TEXT_BOTTOM && doc->y > PEIL_PDF_MARGIN)
    {
      finish_page (doc);
      start_page (doc);
    }
}

/* Draws @layout line by line, so a long text continues on the next page. */
static void
flow_layout (PeilPdfDocument *doc,
             PangoLayout     *layout,
             double           indent)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      int baseline = pango_layout_iter_get_baseline (iter);
      double top, height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double)logical.y / PANGO_SCALE;
      height = (double)logical.height / PANGO_SCALE;
      peil_pdf_make_room (doc, height);
      cairo_move_to (doc->cr, PEIL_PDF_MARGIN + indent + (double)logical.x / PANGO_SCALE,
                     doc->y + (double)baseline / PANGO_SCALE - top);
      pango_cairo_show_layout_line (doc->cr, line);
      doc->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

void
peil_pdf_paragraph (PeilPdfDocument *doc,
                    const char      *text,
                    const char      *font,
                    double           indent,
                    double           space_after)
{
  g_autoptr(PangoLayout) layout = peil_pdf_new_layout (doc, text, font, PEIL_PDF_TEXT_WIDTH - indent);

  flow_layout (doc, layout, indent);
  doc->y += space_after;
}

void
peil_pdf_heading (PeilPdfDocument *doc,
                  const char      *text,
                  gboolean         chapter)
{
  g_autoptr(PangoLayout) layout = peil_pdf_new_layout (doc, text, chapter ? "Sans Bold 12" : "Sans Bold 10",
                                                       PEIL_PDF_TEXT_WIDTH);

  /* Keep a heading with at least three lines of what follows. */
  peil_pdf_make_room (doc, peil_pdf_layout_height (layout) + 48);
  doc->y += chapter ? 10 : 4;
  if (chapter)
    cairo_set_source_rgb (doc->cr, 0.11, 0.44, 0.85);
  peil_pdf_draw_layout_at (doc, layout, PEIL_PDF_MARGIN, doc->y);
  cairo_set_source_rgb (doc->cr, 0.12, 0.12, 0.12);
  doc->y += peil_pdf_layout_height (layout) + 4;
}

void
peil_pdf_rule (PeilPdfDocument *doc,
               double           width)
{
  cairo_set_source_rgb (doc->cr, 0.87, 0.87, 0.85);
  cairo_set_line_width (doc->cr, width);
  cairo_move_to (doc->cr, PEIL_PDF_MARGIN, doc->y);
  cairo_line_to (doc->cr, PEIL_PDF_MARGIN + PEIL_PDF_TEXT_WIDTH, doc->y);
  cairo_stroke (doc->cr);
  cairo_set_source_rgb (doc->cr, 0.12, 0.12, 0.12);
}

/* One table row; @widths are fractions of the text width. */
void
peil_pdf_table_row (PeilPdfDocument  *doc,
                    const char      **cells,
                    const double     *widths,
                    guint             n_cells,
                    const char       *font)
{
  PangoLayout *layouts[8];
  double height = 0, x = PEIL_PDF_MARGIN;

  g_assert (n_cells <= G_N_ELEMENTS (layouts));
  for (guint i = 0; i < n_cells; i++)
    {
      layouts[i] = peil_pdf_new_layout (doc, cells[i], font, widths[i] * PEIL_PDF_TEXT_WIDTH - 6);
      height = MAX (height, peil_pdf_layout_height (layouts[i]));
    }
  /* A row taller than a page (a long rumour response) is set cell under
   * cell across the full width, so it can flow on to the next page. */
  if (height + 4 > PEIL_PDF_TEXT_BOTTOM - PEIL_PDF_MARGIN)
    {
      for (guint i = 0; i < n_cells; i++)
        {
          g_object_unref (layouts[i]);
          peil_pdf_paragraph (doc, cells[i], font, 0, 2);
        }
      peil_pdf_rule (doc, 0.5);
      return;
    }

  peil_pdf_make_room (doc, height + 4);
  for (guint i = 0; i < n_cells; i++)
    {
      peil_pdf_draw_layout_at (doc, layouts[i], x, doc->y + 2);
      x += widths[i] * PEIL_PDF_TEXT_WIDTH;
      g_object_unref (layouts[i]);
    }
  doc->y += height + 4;
  peil_pdf_rule (doc, 0.5);
}

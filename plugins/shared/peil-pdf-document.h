/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* A4 in points, margins of 20 mm. */
#define PEIL_PDF_PAGE_WIDTH   595.28
#define PEIL_PDF_PAGE_HEIGHT  841.89
#define PEIL_PDF_MARGIN       56.7
#define PEIL_PDF_TEXT_WIDTH   (PEIL_PDF_PAGE_WIDTH - 2 * PEIL_PDF_MARGIN)
#define PEIL_PDF_TEXT_BOTTOM  (PEIL_PDF_PAGE_HEIGHT - PEIL_PDF_MARGIN - 14)

#define PEIL_PDF_BODY_FONT    "Sans 9.5"
#define PEIL_PDF_SMALL_FONT   "Sans 7.5"
#define PEIL_PDF_BOLD_FONT    "Sans Bold 9.5"

/*
 * PeilPdfDocument:
 * @cr: draws on the current page
 * @y: where the next line goes, in points from the top of the page
 *
 * The flowing A4 layout the report plugins share: headings, paragraphs
 * broken between lines across pages, tables, a running head and page
 * numbers, and the exercise watermark on every page. Text is laid out
 * with pango_layout_set_text(), never as markup, so nothing from a post
 * is interpreted.
 */
typedef struct
{
  cairo_t         *cr;
  double           y;
  guint            page;
  char            *running_head;
  char            *page_word;
  gboolean         exercise;
  cairo_surface_t *surface;
  GOutputStream   *stream;
  GCancellable    *cancellable;
  GError          *error;
} PeilPdfDocument;

void         peil_pdf_document_begin    (PeilPdfDocument *doc,
                                         GOutputStream   *stream,
                                         GCancellable    *cancellable,
                                         const char      *title,
                                         const char      *running_head,
                                         const char      *page_word,
                                         gboolean         exercise);
gboolean     peil_pdf_document_end      (PeilPdfDocument *doc,
                                         GError         **error);
PangoLayout *peil_pdf_new_layout        (PeilPdfDocument *doc,
                                         const char      *text,
                                         const char      *font,
                                         double           width);
double       peil_pdf_layout_height     (PangoLayout     *layout);
void         peil_pdf_draw_layout_at    (PeilPdfDocument *doc,
                                         PangoLayout     *layout,
                                         double           x,
                                         double           y);
void         peil_pdf_make_room         (PeilPdfDocument *doc,
                                         double           height);
void         peil_pdf_paragraph         (PeilPdfDocument *doc,
                                         const char      *text,
                                         const char      *font,
                                         double           indent,
                                         double           space_after);
void         peil_pdf_heading           (PeilPdfDocument *doc,
                                         const char      *text,
                                         gboolean         chapter);
void         peil_pdf_rule              (PeilPdfDocument *doc,
                                         double           width);
void         peil_pdf_table_row         (PeilPdfDocument *doc,
                                         const char     **cells,
                                         const double    *widths,
                                         guint            n_cells,
                                         const char      *font);

G_END_DECLS

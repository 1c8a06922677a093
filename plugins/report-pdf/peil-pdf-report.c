/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-pdf-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <pango/pangocairo.h>
#include <peil.h>

/*
 * The report on A4 with cairo's PDF surface and Pango: a simple flowing
 * layout (headings, paragraphs broken between lines across pages, tables,
 * bar charts), a running header and page numbers, and the exercise
 * watermark on every page. Text is laid out with pango_layout_set_text(),
 * never as markup, so nothing from a post is interpreted.
 */
#define PEIL_TYPE_PDF_REPORT (peil_pdf_report_get_type ())
G_DECLARE_FINAL_TYPE (PeilPdfReport, peil_pdf_report, PEIL, PDF_REPORT, GObject)

struct _PeilPdfReport
{
  GObject parent_instance;
};

static void report_exporter_iface_init (PeilReportExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilPdfReport, peil_pdf_report, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_REPORT_EXPORTER, report_exporter_iface_init))

static void peil_pdf_report_class_init (PeilPdfReportClass *klass) { }
static void peil_pdf_report_class_finalize (PeilPdfReportClass *klass) { }
static void peil_pdf_report_init (PeilPdfReport *self) { }

static const char *get_format_id (PeilReportExporter *exporter) { return "pdf"; }
static const char *get_name (PeilReportExporter *exporter) { return _("PDF document (A4)"); }
static const char *get_extension (PeilReportExporter *exporter) { return "pdf"; }
static const char *get_mime_type (PeilReportExporter *exporter) { return "application/pdf"; }

/* A4 in points, margins of 20 mm. */
#define PAGE_WIDTH   595.28
#define PAGE_HEIGHT  841.89
#define MARGIN       56.7
#define TEXT_WIDTH   (PAGE_WIDTH - 2 * MARGIN)
#define TEXT_BOTTOM  (PAGE_HEIGHT - MARGIN - 14)

#define BODY_FONT    "Sans 9.5"
#define SMALL_FONT   "Sans 7.5"
#define BOLD_FONT    "Sans Bold 9.5"

typedef struct
{
  PeilReport    *report;
  cairo_t       *cr;
  double         y;
  guint          page;
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
  GPtrArray     *numbers;   /* formatted by N(), kept until the PDF is written */
} Pdf;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Pdf *pdf = closure;

  if (pdf->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (pdf->stream, data, length, NULL, pdf->cancellable, &pdf->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* A count as the report's language writes it, "2.250" in Dutch: kept by
 * @pdf, so that one printf can take several. */
static const char *
N (Pdf    *pdf,
   gint64  value)
{
  char *text = peil_format_number (value, peil_report_get_language (pdf->report));

  g_ptr_array_add (pdf->numbers, text);
  return text;
}

static const char *
T (Pdf        *pdf,
   const char *english)
{
  return peil_report_text (pdf->report, english);
}

static PangoLayout *
new_layout (Pdf        *pdf,
            const char *text,
            const char *font,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (pdf->cr);
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

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double)height / PANGO_SCALE;
}

static void
draw_layout_at (Pdf         *pdf,
                PangoLayout *layout,
                double       x,
                double       y)
{
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
}

static void
start_page (Pdf *pdf)
{
  g_autofree char *running = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  pdf->page++;
  running = g_strdup_printf ("%s · %s · %s %u", T (pdf, "ENVIRONMENT ANALYSIS"),
                             peil_report_get_incident_title (pdf->report), T (pdf, "Round"),
                             peil_round_get_number (peil_report_get_round (pdf->report)));
  layout = new_layout (pdf, running, SMALL_FONT, TEXT_WIDTH);
  cairo_set_source_rgb (pdf->cr, 0.37, 0.36, 0.39);
  draw_layout_at (pdf, layout, MARGIN, MARGIN - 22);
  cairo_set_source_rgb (pdf->cr, 0.12, 0.12, 0.12);
  pdf->y = MARGIN;
}

/* The watermark goes on last, over the text, translucent, so no layer of
 * the page can hide it. */
static void
finish_page (Pdf *pdf)
{
  g_autofree char *number = g_strdup_printf ("%s %u", T (pdf, "Page"), pdf->page);
  g_autoptr(PangoLayout) footer = new_layout (pdf, number, SMALL_FONT, 0);

  cairo_set_source_rgb (pdf->cr, 0.37, 0.36, 0.39);
  draw_layout_at (pdf, footer, MARGIN, PAGE_HEIGHT - MARGIN + 4);

  if (peil_report_get_exercise (pdf->report))
    {
      g_autoptr(PangoLayout) mark = new_layout (pdf, "OEFENING / EXERCISE", "Sans Bold 30", 0);
      int width, height;

      pango_layout_get_pixel_size (mark, &width, &height);
      cairo_save (pdf->cr);
      cairo_translate (pdf->cr, PAGE_WIDTH / 2, PAGE_HEIGHT / 2);
      cairo_rotate (pdf->cr, -G_PI / 6);
      cairo_set_source_rgba (pdf->cr, 0.75, 0.11, 0.16, 0.22);
      draw_layout_at (pdf, mark, -width / 2.0, -height / 2.0);
      cairo_restore (pdf->cr);
    }
  cairo_show_page (pdf->cr);
}

static void
make_room (Pdf    *pdf,
           double  height)
{
  if (pdf->y + height > TEXT_BOTTOM && pdf->y > MARGIN)
    {
      finish_page (pdf);
      start_page (pdf);
    }
}

/* Draws @layout line by line, so a long text continues on the next page. */
static void
flow_layout (Pdf         *pdf,
             PangoLayout *layout,
             double       indent)
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
      make_room (pdf, height);
      cairo_move_to (pdf->cr, MARGIN + indent + (double)logical.x / PANGO_SCALE,
                     pdf->y + (double)baseline / PANGO_SCALE - top);
      pango_cairo_show_layout_line (pdf->cr, line);
      pdf->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
paragraph (Pdf        *pdf,
           const char *text,
           const char *font,
           double      indent,
           double      space_after)
{
  g_autoptr(PangoLayout) layout = new_layout (pdf, text, font, TEXT_WIDTH - indent);

  flow_layout (pdf, layout, indent);
  pdf->y += space_after;
}

static void
heading (Pdf        *pdf,
         const char *text,
         gboolean    chapter)
{
  g_autoptr(PangoLayout) layout = new_layout (pdf, text, chapter ? "Sans Bold 12" : "Sans Bold 10", TEXT_WIDTH);

  /* Keep a heading with at least three lines of what follows. */
  make_room (pdf, layout_height (layout) + 48);
  pdf->y += chapter ? 10 : 4;
  if (chapter)
    cairo_set_source_rgb (pdf->cr, 0.11, 0.44, 0.85);
  draw_layout_at (pdf, layout, MARGIN, pdf->y);
  cairo_set_source_rgb (pdf->cr, 0.12, 0.12, 0.12);
  pdf->y += layout_height (layout) + 4;
}

static void
rule (Pdf    *pdf,
      double  width)
{
  cairo_set_source_rgb (pdf->cr, 0.87, 0.87, 0.85);
  cairo_set_line_width (pdf->cr, width);
  cairo_move_to (pdf->cr, MARGIN, pdf->y);
  cairo_line_to (pdf->cr, MARGIN + TEXT_WIDTH, pdf->y);
  cairo_stroke (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0.12, 0.12, 0.12);
}

/* One table row; @widths are fractions of the text width. */
static void
table_row (Pdf          *pdf,
           const char  **cells,
           const double *widths,
           guint         n_cells,
           const char   *font)
{
  PangoLayout *layouts[8];
  double height = 0, x = MARGIN;

  g_assert (n_cells <= G_N_ELEMENTS (layouts));
  for (guint i = 0; i < n_cells; i++)
    {
      layouts[i] = new_layout (pdf, cells[i], font, widths[i] * TEXT_WIDTH - 6);
      height = MAX (height, layout_height (layouts[i]));
    }
  /* A row taller than a page (a long rumour response) is set cell under
   * cell across the full width, so it can flow on to the next page. */
  if (height + 4 > TEXT_BOTTOM - MARGIN)
    {
      for (guint i = 0; i < n_cells; i++)
        {
          g_object_unref (layouts[i]);
          paragraph (pdf, cells[i], font, 0, 2);
        }
      rule (pdf, 0.5);
      return;
    }

  make_room (pdf, height + 4);
  for (guint i = 0; i < n_cells; i++)
    {
      draw_layout_at (pdf, layouts[i], x, pdf->y + 2);
      x += widths[i] * TEXT_WIDTH;
      g_object_unref (layouts[i]);
    }
  pdf->y += height + 4;
  rule (pdf, 0.5);
}

static void
figure_table (Pdf        *pdf,
              GPtrArray  *figures,
              const char *first_column)
{
  static const double with_trend[] = { 0.42, 0.14, 0.18, 0.26 };
  static const double without_trend[] = { 0.7, 0.3 };
  gboolean compared = peil_report_get_previous_number (pdf->report) > 0;
  const char *header[] = { first_column, T (pdf, "Count"), T (pdf, "Previous"), T (pdf, "Trend") };

  if (figures == NULL || figures->len == 0)
    return;
  table_row (pdf, header, compared ? with_trend : without_trend, compared ? 4 : 2, BOLD_FONT);
  for (guint i = 0; i < figures->len; i++)
    {
      PeilReportFigure *figure = g_ptr_array_index (figures, i);
      g_autofree char *count = g_strdup (N (pdf, figure->count));
      g_autofree char *previous = g_strdup (N (pdf, figure->previous));
      g_autofree char *trend = g_strdup_printf ("%s %s", peil_report_trend_arrow (figure->trend),
                                                peil_report_trend_label (pdf->report, figure->trend));
      const char *cells[] = { figure->label, count, previous, trend };

      table_row (pdf, cells, compared ? with_trend : without_trend, compared ? 4 : 2, BODY_FONT);
    }
  pdf->y += 6;
}

static void
bar_chart (Pdf       *pdf,
           GPtrArray *figures)
{
  const double row = 15, label_width = 170, bar_width = TEXT_WIDTH - label_width - 60;
  gint64 largest = 1;

  if (figures == NULL || figures->len == 0)
    return;
  for (guint i = 0; i < figures->len; i++)
    largest = MAX (largest, ((PeilReportFigure *)g_ptr_array_index (figures, i))->count);

  for (guint i = 0; i < figures->len; i++)
    {
      PeilReportFigure *figure = g_ptr_array_index (figures, i);
      g_autoptr(PangoLayout) label = new_layout (pdf, figure->label, SMALL_FONT, 0);
      g_autofree char *count_text = g_strdup_printf ("%s %s", N (pdf, figure->count),
                                                     peil_report_trend_arrow (figure->trend));
      g_autoptr(PangoLayout) count = new_layout (pdf, count_text, SMALL_FONT, 0);
      double width = bar_width * figure->count / largest;
      int label_pixels, label_height;

      make_room (pdf, row);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (label, (int)((label_width - 8) * PANGO_SCALE));
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (label, &label_pixels, &label_height);
      draw_layout_at (pdf, label, MARGIN, pdf->y + 1);
      cairo_set_source_rgb (pdf->cr, 0.21, 0.52, 0.89);
      cairo_rectangle (pdf->cr, MARGIN + label_width, pdf->y + 2, MAX (width, 0.8), row - 5);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0.12, 0.12, 0.12);
      draw_layout_at (pdf, count, MARGIN + label_width + width + 4, pdf->y + 1);
      pdf->y += row;
    }
  pdf->y += 6;
}

static void
timeline_chart (Pdf       *pdf,
                GPtrArray *hours)
{
  const double height = 90, axis = 28, top = 10;
  gint64 largest = 0, axis_max, step;
  double column, left = MARGIN + axis;

  if (hours == NULL || hours->len == 0)
    return;
  for (guint i = 0; i < hours->len; i++)
    largest = MAX (largest, ((PeilReportFigure *)g_ptr_array_index (hours, i))->count);
  step = peil_format_axis (largest, &axis_max);
  /* Columns no wider than 30 points, so a few hours do not look like a wall. */
  column = MIN ((TEXT_WIDTH - axis) / hours->len, 30);

  make_room (pdf, top + height + 10);
  pdf->y += top;
  /* The axis: round numbers on grid lines. */
  for (gint64 tick = 0; tick <= axis_max; tick += step)
    {
      g_autofree char *text = g_strdup (N (pdf, tick));
      g_autoptr(PangoLayout) layout = new_layout (pdf, text, SMALL_FONT, 0);
      double y = pdf->y + height - height * tick / axis_max;
      int text_width, text_height;

      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      cairo_set_source_rgb (pdf->cr, 0.87, 0.87, 0.85);
      cairo_rectangle (pdf->cr, left, y, TEXT_WIDTH - axis, 0.4);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0.37, 0.36, 0.39);
      draw_layout_at (pdf, layout, left - 4 - text_width, y - text_height / 2.0);
    }
  for (guint i = 0; i < hours->len; i++)
    {
      PeilReportFigure *hour = g_ptr_array_index (hours, i);
      double bar = height * hour->count / axis_max;
      double x = left + i * column;

      cairo_set_source_rgb (pdf->cr, 0.21, 0.52, 0.89);
      cairo_rectangle (pdf->cr, x + 0.5, pdf->y + height - bar, MAX (column - 1, 0.5), bar);
      cairo_fill (pdf->cr);
      /* Each column's count above it, where it fits. */
      if (hour->count > 0)
        {
          g_autofree char *text = g_strdup (N (pdf, hour->count));
          g_autoptr(PangoLayout) layout = new_layout (pdf, text, SMALL_FONT, 0);
          int text_width, text_height;

          pango_layout_get_pixel_size (layout, &text_width, &text_height);
          if (text_width <= column)
            {
              cairo_set_source_rgb (pdf->cr, 0.12, 0.12, 0.12);
              draw_layout_at (pdf, layout, x + (column - text_width) / 2, pdf->y + height - bar - text_height);
            }
        }
    }
  cairo_set_source_rgb (pdf->cr, 0.12, 0.12, 0.12);
  pdf->y += height;
  rule (pdf, 0.8);

  /* The first and last hour under the axis, so the course has a time. */
  {
    PeilReportFigure *first = g_ptr_array_index (hours, 0);
    PeilReportFigure *last = g_ptr_array_index (hours, hours->len - 1);
    g_autofree char *from = peil_report_format_time (pdf->report, g_ascii_strtoll (first->key, NULL, 10));
    g_autofree char *to = peil_report_format_time (pdf->report, g_ascii_strtoll (last->key, NULL, 10));
    g_autoptr(PangoLayout) from_layout = new_layout (pdf, from, SMALL_FONT, 0);
    g_autoptr(PangoLayout) to_layout = new_layout (pdf, to, SMALL_FONT, 0);
    int from_width, to_width, to_height;

    pango_layout_get_pixel_size (from_layout, &from_width, &to_height);
    pango_layout_get_pixel_size (to_layout, &to_width, &to_height);
    draw_layout_at (pdf, from_layout, left, pdf->y + 1);
    /* Under the last column, or just after the first label if they would meet. */
    if (hours->len > 1)
      draw_layout_at (pdf, to_layout, left + MAX (hours->len * column, from_width + 12 + to_width) - to_width,
                      pdf->y + 1);
    pdf->y += to_height + 8;
  }
}

static void
examples (Pdf        *pdf,
          const char *section)
{
  GPtrArray *posts = peil_report_get_examples (pdf->report, section);

  if (posts == NULL || posts->len == 0)
    return;
  heading (pdf, T (pdf, "Examples"), FALSE);
  for (guint i = 0; i < posts->len; i++)
    {
      PeilReportPost *post = g_ptr_array_index (posts, i);
      g_autofree char *byline = peil_report_format_byline (pdf->report, post);
      double top = pdf->y;

      paragraph (pdf, post->text, BODY_FONT, 10, 1);
      paragraph (pdf, byline, SMALL_FONT, 10, 0);
      /* The quote bar, unless the quote crossed a page. */
      if (pdf->y > top)
        {
          cairo_set_source_rgb (pdf->cr, 0.75, 0.75, 0.74);
          cairo_rectangle (pdf->cr, MARGIN + 2, top, 2.5, pdf->y - top);
          cairo_fill (pdf->cr);
          cairo_set_source_rgb (pdf->cr, 0.12, 0.12, 0.12);
        }
      pdf->y += 6;
    }
}

static void
section_text (Pdf        *pdf,
              const char *section)
{
  const char *text = peil_round_get_text (peil_report_get_round (pdf->report), section);

  if (*text == '\0')
    {
      cairo_set_source_rgb (pdf->cr, 0.47, 0.46, 0.48);
      paragraph (pdf, T (pdf, "Not filled in."), "Sans Italic 9.5", 0, 6);
      cairo_set_source_rgb (pdf->cr, 0.12, 0.12, 0.12);
    }
  else
    paragraph (pdf, text, BODY_FONT, 0, 6);
  examples (pdf, section);
}

static void
rumour_register (Pdf *pdf)
{
  static const double widths[] = { 0.28, 0.13, 0.17, 0.16, 0.26 };
  GPtrArray *rumours = peil_report_get_rumours (pdf->report);
  const char *header[] = { T (pdf, "Rumour"), T (pdf, "Status"), T (pdf, "First seen"),
                           T (pdf, "Posts (this round)"), T (pdf, "Response") };

  if (rumours->len == 0)
    {
      paragraph (pdf, T (pdf, "No rumours registered."), BODY_FONT, 0, 6);
      return;
    }
  table_row (pdf, header, widths, G_N_ELEMENTS (widths), BOLD_FONT);
  for (guint i = 0; i < rumours->len; i++)
    {
      PeilReportRumour *rumour = g_ptr_array_index (rumours, i);
      g_autofree char *seen = peil_report_format_time (pdf->report, rumour->first_seen);
      g_autofree char *posts = g_strdup_printf ("%s (%s%s%s)",
                                                N (pdf, rumour->posts), N (pdf, rumour->posts_in_period), rumour->trend ? " " : "",
                                                peil_report_trend_arrow (rumour->trend));
      const char *cells[5];

      cells[0] = rumour->claim;
      cells[1] = rumour->status_label;
      cells[2] = seen;
      cells[3] = posts;
      cells[4] = rumour->response;
      table_row (pdf, cells, widths, G_N_ELEMENTS (widths), BODY_FONT);
    }
  pdf->y += 6;
}

static void
title_block (Pdf *pdf)
{
  PeilReport *report = pdf->report;
  PeilRound *round = peil_report_get_round (report);
  static const double widths[] = { 0.28, 0.72 };
  g_autofree char *name = peil_round_format_name (round, peil_report_get_language (report), " | ");
  g_autofree char *title = g_strdup_printf ("%s | %s | %s", T (pdf, "ENVIRONMENT ANALYSIS"),
                                            peil_report_get_incident_title (report), name);
  g_autofree char *start = peil_report_format_time (report, peil_round_get_period_start (round));
  g_autofree char *end = peil_report_format_time (report, peil_round_get_period_end (round));
  g_autofree char *period = g_strdup_printf ("%s – %s", start, end);
  g_autofree char *issued = peil_round_is_issued (round)
                            ? peil_report_format_time (report, peil_round_get_issued_at (round))
                            : g_strdup (T (pdf, "Draft, not issued"));
  g_autofree char *previous = peil_report_get_previous_number (report) > 0
                              ? g_strdup_printf ("%u", peil_report_get_previous_number (report))
                              : g_strdup (T (pdf, "none"));
  const char *rows[][2] = {
    { T (pdf, "Period"), period },
    { T (pdf, "Issued"), issued },
    { T (pdf, "Commissioned by"), peil_round_get_commissioner (round) },
    { T (pdf, "Analyst"), peil_report_get_analyst (report) },
    { T (pdf, "Classification"), peil_round_get_classification (round) },
    { T (pdf, "Previous round"), previous },
    { T (pdf, "Type"), peil_report_get_incident_type (report) },
    { T (pdf, "Location"), peil_report_get_location (report) },
  };

  paragraph (pdf, title, "Sans Bold 14", 0, 6);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*rows[i][1] != '\0')
      table_row (pdf, rows[i], widths, 2, BODY_FONT);
  pdf->y += 4;
}

static void
key_points (Pdf *pdf)
{
  GPtrArray *key = peil_report_get_key_figures (pdf->report);

  for (guint i = 0; i < key->len; i++)
    {
      PeilReportFigure *figure = g_ptr_array_index (key, i);
      g_autofree char *line = g_strdup_printf ("• %s: %s %s", figure->label, N (pdf, figure->count),
                                               peil_report_trend_arrow (figure->trend));
      paragraph (pdf, line, BODY_FONT, 6, 1);
    }
  pdf->y += 5;
}

static void
volume (Pdf *pdf)
{
  const PeilReportFigure *total = peil_report_get_total (pdf->report);
  g_autofree char *line = NULL;

  if (total->previous >= 0)
    line = g_strdup_printf ("%s: %s (%s %s, %s %s)",
                            T (pdf, "Posts in this period"), N (pdf, total->count), T (pdf, "Previous"), N (pdf, total->previous),
                            peil_report_trend_arrow (total->trend),
                            peil_report_trend_label (pdf->report, total->trend));
  else
    line = g_strdup_printf ("%s: %s", T (pdf, "Posts in this period"), N (pdf, total->count));
  paragraph (pdf, line, BOLD_FONT, 0, 6);
  if (peil_report_get_untimed (pdf->report) > 0)
    {
      g_autofree char *untimed = g_strdup_printf ("%s: %s", T (pdf, "Posts without a time (in no period)"),
                                                  N (pdf, peil_report_get_untimed (pdf->report)));
      paragraph (pdf, untimed, BODY_FONT, 0, 6);
    }
  heading (pdf, T (pdf, "Per source"), FALSE);
  figure_table (pdf, peil_report_get_figures (pdf->report, "sources"), T (pdf, "Source"));
  heading (pdf, T (pdf, "Per hour"), FALSE);
  timeline_chart (pdf, peil_report_get_figures (pdf->report, "hours"));
}

static void
method (Pdf *pdf)
{
  GStrv queries = peil_report_get_queries (pdf->report);

  if (queries[0] == NULL)
    return;
  heading (pdf, T (pdf, "Queries"), FALSE);
  for (guint i = 0; queries[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("• %s", queries[i]);
      paragraph (pdf, line, BODY_FONT, 6, 1);
    }
  pdf->y += 5;
}

static void
sections (Pdf *pdf)
{
  const char *language = peil_report_get_language (pdf->report);
  guint n_sections, chapter = 0;
  const PeilRoundSection *all = peil_round_sections (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    {
      const PeilRoundSection *section = &all[i];
      gboolean shared_chapter = (i + 1 < n_sections && all[i + 1].chapter == section->chapter) ||
                                (i > 0 && all[i - 1].chapter == section->chapter);

      if (section->chapter != chapter)
        {
          g_autofree char *text = g_strdup_printf ("%u. %s", section->chapter,
                                                   peil_round_chapter_heading (section->chapter, language));
          chapter = section->chapter;
          heading (pdf, text, TRUE);
        }
      if (shared_chapter)
        heading (pdf, peil_round_section_heading (section, language), FALSE);

      if (g_str_equal (section->key, "key-points"))
        key_points (pdf);
      else if (g_str_equal (section->key, "volume"))
        volume (pdf);
      else if (section->dimension != NULL)
        {
          bar_chart (pdf, peil_report_get_figures (pdf->report, section->dimension));
          figure_table (pdf, peil_report_get_figures (pdf->report, section->dimension), T (pdf, "Tag"));
        }
      else if (g_str_equal (section->key, "rumours"))
        rumour_register (pdf);
      else if (g_str_equal (section->key, "method"))
        method (pdf);
      section_text (pdf, section->key);
    }
}

static void
appendix (Pdf *pdf)
{
  static const double widths[] = { 0.5, 0.5 };
  GPtrArray *hours = peil_report_get_figures (pdf->report, "hours");

  heading (pdf, T (pdf, "Appendix: figures per tag"), TRUE);
  figure_table (pdf, peil_report_get_figures (pdf->report, "untagged"), T (pdf, "Untagged"));
  for (const char * const *group = peil_report_get_facets (pdf->report); *group; group++)
    figure_table (pdf, peil_report_get_figures (pdf->report, *group), T (pdf, "Tag"));

  heading (pdf, T (pdf, "Appendix: timeline"), TRUE);
  for (guint i = 0; hours != NULL && i < hours->len; i++)
    {
      PeilReportFigure *hour = g_ptr_array_index (hours, i);
      g_autofree char *when = peil_report_format_time (pdf->report, g_ascii_strtoll (hour->key, NULL, 10));
      g_autofree char *count = g_strdup (N (pdf, hour->count));
      const char *cells[2];

      cells[0] = when;
      cells[1] = count;
      table_row (pdf, cells, widths, 2, BODY_FONT);
    }

  pdf->y += 10;
  paragraph (pdf, peil_round_is_issued (peil_report_get_round (pdf->report))
                  ? T (pdf, "Figures frozen when the round was issued.")
                  : T (pdf, "Figures counted now; they change until the round is issued."),
             SMALL_FONT, 0, 2);
  if (!peil_report_get_shows_authors (pdf->report))
    paragraph (pdf, T (pdf, "Authors are pseudonymized."), SMALL_FONT, 0, 2);
}

static gboolean
write_report (PeilReportExporter  *exporter,
              PeilReport          *report,
              GOutputStream       *stream,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  Pdf pdf = { report, NULL, 0, 0, stream, cancellable, NULL, numbers };
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_to_stream, &pdf, PAGE_WIDTH, PAGE_HEIGHT);
  g_autofree char *title = g_strdup_printf ("%s %s — %s %u", T (&pdf, "ENVIRONMENT ANALYSIS"),
                                            peil_report_get_incident_title (report), T (&pdf, "Round"),
                                            peil_round_get_number (peil_report_get_round (report)));
  cairo_status_t status;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Peil " PACKAGE_VERSION);
  pdf.cr = cairo_create (surface);

  start_page (&pdf);
  title_block (&pdf);
  sections (&pdf);
  appendix (&pdf);
  finish_page (&pdf);

  cairo_destroy (pdf.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (pdf.error != NULL)
    {
      g_propagate_error (error, pdf.error);
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

static void
report_exporter_iface_init (PeilReportExporterInterface *iface)
{
  iface->get_format_id = get_format_id;
  iface->get_name = get_name;
  iface->get_extension = get_extension;
  iface->get_mime_type = get_mime_type;
  iface->write = write_report;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_pdf_report_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_REPORT_EXPORTER, PEIL_TYPE_PDF_REPORT);
}

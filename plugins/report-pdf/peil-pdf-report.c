/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-pdf-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>

#include "peil-pdf-document.h"

/*
 * The report on A4 with cairo's PDF surface and Pango, in the flowing
 * layout of plugins/shared/peil-pdf-document.c (headings, paragraphs
 * broken across pages, tables, the running head, page numbers and the
 * exercise watermark), with the report's bar charts and timeline.
 */
#define PEIL_TYPE_PDF_REPORT (peil_pdf_report_get_type ())
G_DECLARE_FINAL_TYPE (PeilPdfReport, peil_pdf_report, PEIL, PDF_REPORT, GObject)

struct _PeilPdfReport
{
  GObject parent_instance;
};

static void file_format_iface_init (PeilFileFormatInterface *iface);
static void report_exporter_iface_init (PeilReportExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilPdfReport, peil_pdf_report, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_REPORT_EXPORTER, report_exporter_iface_init))

static void peil_pdf_report_class_init (PeilPdfReportClass *klass) { }
static void peil_pdf_report_class_finalize (PeilPdfReportClass *klass) { }
static void peil_pdf_report_init (PeilPdfReport *self) { }

static const char *get_format_id (PeilFileFormat *format) { return "pdf"; }
static const char *get_name (PeilFileFormat *format) { return _("PDF document (A4)"); }
static const char *get_extension (PeilFileFormat *format) { return "pdf"; }
static const char *get_mime_type (PeilFileFormat *format) { return "application/pdf"; }

typedef struct
{
  PeilPdfDocument  doc;
  PeilReport      *report;
  GPtrArray       *numbers;   /* formatted by N(), kept until the PDF is written */
} Pdf;

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
  peil_pdf_table_row (&pdf->doc, header, compared ? with_trend : without_trend, compared ? 4 : 2, PEIL_PDF_BOLD_FONT);
  for (guint i = 0; i < figures->len; i++)
    {
      PeilReportFigure *figure = g_ptr_array_index (figures, i);
      g_autofree char *count = g_strdup (N (pdf, figure->count));
      g_autofree char *previous = g_strdup (N (pdf, figure->previous));
      g_autofree char *trend = g_strdup_printf ("%s %s", peil_report_trend_arrow (figure->trend),
                                                peil_report_trend_label (pdf->report, figure->trend));
      const char *cells[] = { figure->label, count, previous, trend };

      peil_pdf_table_row (&pdf->doc, cells, compared ? with_trend : without_trend, compared ? 4 : 2, PEIL_PDF_BODY_FONT);
    }
  pdf->doc.y += 6;
}

static void
bar_chart (Pdf       *pdf,
           GPtrArray *figures)
{
  const double row = 15, label_width = 170, bar_width = PEIL_PDF_TEXT_WIDTH - label_width - 60;
  gint64 largest = 1;

  if (figures == NULL || figures->len == 0)
    return;
  for (guint i = 0; i < figures->len; i++)
    largest = MAX (largest, ((PeilReportFigure *)g_ptr_array_index (figures, i))->count);

  for (guint i = 0; i < figures->len; i++)
    {
      PeilReportFigure *figure = g_ptr_array_index (figures, i);
      g_autoptr(PangoLayout) label = peil_pdf_new_layout (&pdf->doc, figure->label, PEIL_PDF_SMALL_FONT, 0);
      g_autofree char *count_text = g_strdup_printf ("%s %s", N (pdf, figure->count),
                                                     peil_report_trend_arrow (figure->trend));
      g_autoptr(PangoLayout) count = peil_pdf_new_layout (&pdf->doc, count_text, PEIL_PDF_SMALL_FONT, 0);
      double width = bar_width * figure->count / largest;
      int label_pixels, label_height;

      peil_pdf_make_room (&pdf->doc, row);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (label, (int)((label_width - 8) * PANGO_SCALE));
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (label, &label_pixels, &label_height);
      peil_pdf_draw_layout_at (&pdf->doc, label, PEIL_PDF_MARGIN, pdf->doc.y + 1);
      cairo_set_source_rgb (pdf->doc.cr, 0.21, 0.52, 0.89);
      cairo_rectangle (pdf->doc.cr, PEIL_PDF_MARGIN + label_width, pdf->doc.y + 2, MAX (width, 0.8), row - 5);
      cairo_fill (pdf->doc.cr);
      cairo_set_source_rgb (pdf->doc.cr, 0.12, 0.12, 0.12);
      peil_pdf_draw_layout_at (&pdf->doc, count, PEIL_PDF_MARGIN + label_width + width + 4, pdf->doc.y + 1);
      pdf->doc.y += row;
    }
  pdf->doc.y += 6;
}

static void
timeline_chart (Pdf       *pdf,
                GPtrArray *hours)
{
  const double height = 90, axis = 28, top = 10;
  gint64 largest = 0, axis_max, step;
  double column, left = PEIL_PDF_MARGIN + axis;

  if (hours == NULL || hours->len == 0)
    return;
  for (guint i = 0; i < hours->len; i++)
    largest = MAX (largest, ((PeilReportFigure *)g_ptr_array_index (hours, i))->count);
  step = peil_format_axis (largest, &axis_max);
  /* Columns no wider than 30 points, so a few hours do not look like a wall. */
  column = MIN ((PEIL_PDF_TEXT_WIDTH - axis) / hours->len, 30);

  peil_pdf_make_room (&pdf->doc, top + height + 10);
  pdf->doc.y += top;
  /* The axis: round numbers on grid lines. */
  for (gint64 tick = 0; tick <= axis_max; tick += step)
    {
      g_autofree char *text = g_strdup (N (pdf, tick));
      g_autoptr(PangoLayout) layout = peil_pdf_new_layout (&pdf->doc, text, PEIL_PDF_SMALL_FONT, 0);
      double y = pdf->doc.y + height - height * tick / axis_max;
      int text_width, text_height;

      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      cairo_set_source_rgb (pdf->doc.cr, 0.87, 0.87, 0.85);
      cairo_rectangle (pdf->doc.cr, left, y, PEIL_PDF_TEXT_WIDTH - axis, 0.4);
      cairo_fill (pdf->doc.cr);
      cairo_set_source_rgb (pdf->doc.cr, 0.37, 0.36, 0.39);
      peil_pdf_draw_layout_at (&pdf->doc, layout, left - 4 - text_width, y - text_height / 2.0);
    }
  for (guint i = 0; i < hours->len; i++)
    {
      PeilReportFigure *hour = g_ptr_array_index (hours, i);
      double bar = height * hour->count / axis_max;
      double x = left + i * column;

      cairo_set_source_rgb (pdf->doc.cr, 0.21, 0.52, 0.89);
      cairo_rectangle (pdf->doc.cr, x + 0.5, pdf->doc.y + height - bar, MAX (column - 1, 0.5), bar);
      cairo_fill (pdf->doc.cr);
      /* Each column's count above it, where it fits. */
      if (hour->count > 0)
        {
          g_autofree char *text = g_strdup (N (pdf, hour->count));
          g_autoptr(PangoLayout) layout = peil_pdf_new_layout (&pdf->doc, text, PEIL_PDF_SMALL_FONT, 0);
          int text_width, text_height;

          pango_layout_get_pixel_size (layout, &text_width, &text_height);
          if (text_width <= column)
            {
              cairo_set_source_rgb (pdf->doc.cr, 0.12, 0.12, 0.12);
              peil_pdf_draw_layout_at (&pdf->doc, layout, x + (column - text_width) / 2, pdf->doc.y + height - bar - text_height);
            }
        }
    }
  cairo_set_source_rgb (pdf->doc.cr, 0.12, 0.12, 0.12);
  pdf->doc.y += height;
  peil_pdf_rule (&pdf->doc, 0.8);

  /* The first and last hour under the axis, so the course has a time. */
  {
    PeilReportFigure *first = g_ptr_array_index (hours, 0);
    PeilReportFigure *last = g_ptr_array_index (hours, hours->len - 1);
    g_autofree char *from = peil_report_format_time (pdf->report, g_ascii_strtoll (first->key, NULL, 10));
    g_autofree char *to = peil_report_format_time (pdf->report, g_ascii_strtoll (last->key, NULL, 10));
    g_autoptr(PangoLayout) from_layout = peil_pdf_new_layout (&pdf->doc, from, PEIL_PDF_SMALL_FONT, 0);
    g_autoptr(PangoLayout) to_layout = peil_pdf_new_layout (&pdf->doc, to, PEIL_PDF_SMALL_FONT, 0);
    int from_width, to_width, to_height;

    pango_layout_get_pixel_size (from_layout, &from_width, &to_height);
    pango_layout_get_pixel_size (to_layout, &to_width, &to_height);
    peil_pdf_draw_layout_at (&pdf->doc, from_layout, left, pdf->doc.y + 1);
    /* Under the last column, or just after the first label if they would meet. */
    if (hours->len > 1)
      peil_pdf_draw_layout_at (&pdf->doc, to_layout, left + MAX (hours->len * column, from_width + 12 + to_width) - to_width,
                      pdf->doc.y + 1);
    pdf->doc.y += to_height + 8;
  }
}

/* A text quoted with who said it where and when under it. */
static void
quote (Pdf        *pdf,
       const char *text,
       const char *byline)
{
  double top = pdf->doc.y;

  peil_pdf_paragraph (&pdf->doc, text, PEIL_PDF_BODY_FONT, 10, 1);
  peil_pdf_paragraph (&pdf->doc, byline, PEIL_PDF_SMALL_FONT, 10, 0);
  /* The quote bar, unless the quote crossed a page. */
  if (pdf->doc.y > top)
    {
      cairo_set_source_rgb (pdf->doc.cr, 0.75, 0.75, 0.74);
      cairo_rectangle (pdf->doc.cr, PEIL_PDF_MARGIN + 2, top, 2.5, pdf->doc.y - top);
      cairo_fill (pdf->doc.cr);
      cairo_set_source_rgb (pdf->doc.cr, 0.12, 0.12, 0.12);
    }
  pdf->doc.y += 6;
}

static void
examples (Pdf        *pdf,
          const char *section)
{
  GPtrArray *posts = peil_report_get_examples (pdf->report, section);

  if (peil_report_get_examples_purged (pdf->report, section))
    {
      peil_pdf_heading (&pdf->doc, T (pdf, "Examples"), FALSE);
      peil_pdf_paragraph (&pdf->doc, peil_report_get_purge_note (pdf->report), PEIL_PDF_BODY_FONT, 10, 0);
    }
  if (posts == NULL || posts->len == 0)
    return;
  peil_pdf_heading (&pdf->doc, T (pdf, "Examples"), FALSE);
  for (guint i = 0; i < posts->len; i++)
    {
      PeilReportPost *post = g_ptr_array_index (posts, i);
      g_autofree char *byline = peil_report_format_byline (pdf->report, post);

      quote (pdf, post->text ? post->text : peil_report_get_purge_note (pdf->report), byline);
    }
}

static void
section_text (Pdf        *pdf,
              const char *section)
{
  const char *text = peil_round_get_text (peil_report_get_round (pdf->report), section);

  if (*text == '\0')
    {
      cairo_set_source_rgb (pdf->doc.cr, 0.47, 0.46, 0.48);
      peil_pdf_paragraph (&pdf->doc, T (pdf, "Not filled in."), "Sans Italic 9.5", 0, 6);
      cairo_set_source_rgb (pdf->doc.cr, 0.12, 0.12, 0.12);
    }
  else
    peil_pdf_paragraph (&pdf->doc, text, PEIL_PDF_BODY_FONT, 0, 6);
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
      peil_pdf_paragraph (&pdf->doc, T (pdf, "No rumours registered."), PEIL_PDF_BODY_FONT, 0, 6);
      return;
    }
  peil_pdf_table_row (&pdf->doc, header, widths, G_N_ELEMENTS (widths), PEIL_PDF_BOLD_FONT);
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
      peil_pdf_table_row (&pdf->doc, cells, widths, G_N_ELEMENTS (widths), PEIL_PDF_BODY_FONT);
    }
  pdf->doc.y += 6;
}

static void
effect_table (Pdf       *pdf,
              GPtrArray *effects)
{
  static const double widths[] = { 0.18, 0.09, 0.09, 0.13, 0.16, 0.16, 0.19 };
  const char *header[] = { T (pdf, "Subject"), T (pdf, "Before"), T (pdf, "After"), T (pdf, "Per hour"),
                           T (pdf, "Change"), T (pdf, "Expected after (95%)"), T (pdf, "Verdict") };

  if (effects->len == 0)
    return;
  peil_pdf_table_row (&pdf->doc, header, widths, G_N_ELEMENTS (widths), PEIL_PDF_BOLD_FONT);
  for (guint i = 0; i < effects->len; i++)
    {
      PeilReportEffect *effect = g_ptr_array_index (effects, i);
      g_autofree char *before = g_strdup (N (pdf, effect->before));
      g_autofree char *after = g_strdup (N (pdf, effect->after));
      const char *cells[] = { effect->label, before, after, effect->rates, effect->change, effect->expected_range,
                              effect->verdict_label };

      peil_pdf_table_row (&pdf->doc, cells, widths, G_N_ELEMENTS (widths), PEIL_PDF_BODY_FONT);
    }
  pdf->doc.y += 6;
}

static void
unanswered_table (Pdf *pdf)
{
  static const double widths[] = { 0.46, 0.18, 0.18, 0.18 };
  GPtrArray *unanswered = peil_report_get_unanswered (pdf->report);
  const char *header[] = { T (pdf, "Subject"), T (pdf, "Posts in the window"), T (pdf, "In the window before"),
                           T (pdf, "Last answered") };

  peil_pdf_heading (&pdf->doc, T (pdf, "Still unanswered"), FALSE);
  if (unanswered->len == 0)
    {
      peil_pdf_paragraph (&pdf->doc, T (pdf, "Nothing rising was left unanswered."), PEIL_PDF_BODY_FONT, 0, 6);
      return;
    }
  peil_pdf_paragraph (&pdf->doc,
                      T (pdf, "Rising at the end of the period, and no message of ours addressed it in the window before."),
                      PEIL_PDF_BODY_FONT, 0, 4);
  peil_pdf_table_row (&pdf->doc, header, widths, G_N_ELEMENTS (widths), PEIL_PDF_BOLD_FONT);
  for (guint i = 0; i < unanswered->len; i++)
    {
      PeilReportUnanswered *item = g_ptr_array_index (unanswered, i);
      g_autofree char *recent = g_strdup (N (pdf, item->recent));
      g_autofree char *previous = g_strdup (N (pdf, item->previous));
      g_autofree char *answered = item->last_answered > 0 ? peil_report_format_time (pdf->report, item->last_answered)
                                                          : g_strdup (T (pdf, "never"));
      const char *cells[] = { item->label, recent, previous, answered };

      peil_pdf_table_row (&pdf->doc, cells, widths, G_N_ELEMENTS (widths), PEIL_PDF_BODY_FONT);
    }
  pdf->doc.y += 6;
}

/* Our own messages, quoted as they went out (the organisation's words,
 * never pseudonymized), with what followed each. */
static void
communication (Pdf *pdf)
{
  GPtrArray *messages = peil_report_get_messages (pdf->report);
  g_autofree char *note = peil_report_format_effect_note (pdf->report);

  peil_pdf_heading (&pdf->doc, T (pdf, "Our communication and its effect"), TRUE);
  if (!peil_report_get_communication_recorded (pdf->report))
    {
      peil_pdf_paragraph (&pdf->doc, T (pdf, "Not recorded for this round: it was issued before Peil kept our own messages."),
                          PEIL_PDF_BODY_FONT, 0, 6);
      return;
    }
  if (messages->len == 0)
    peil_pdf_paragraph (&pdf->doc, T (pdf, "No messages of ours in this period."), PEIL_PDF_BODY_FONT, 0, 6);
  for (guint i = 0; i < messages->len; i++)
    {
      PeilReportMessage *message = g_ptr_array_index (messages, i);
      g_autofree char *when = peil_report_format_time (pdf->report, message->time);
      g_autofree char *byline = g_strdup_printf ("%s · %s", message->channel_label, when);

      quote (pdf, message->text, byline);
      if (*message->addressed != '\0')
        {
          g_autofree char *addressed = g_strdup_printf ("%s: %s", T (pdf, "Addressed"), message->addressed);
          peil_pdf_paragraph (&pdf->doc, addressed, PEIL_PDF_BODY_FONT, 0, 4);
        }
      effect_table (pdf, message->effects);
    }
  unanswered_table (pdf);
  peil_pdf_paragraph (&pdf->doc, note, PEIL_PDF_SMALL_FONT, 0, 6);
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

  peil_pdf_paragraph (&pdf->doc, title, "Sans Bold 14", 0, 6);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*rows[i][1] != '\0')
      peil_pdf_table_row (&pdf->doc, rows[i], widths, 2, PEIL_PDF_BODY_FONT);
  pdf->doc.y += 4;
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
      peil_pdf_paragraph (&pdf->doc, line, PEIL_PDF_BODY_FONT, 6, 1);
    }
  pdf->doc.y += 5;
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
  peil_pdf_paragraph (&pdf->doc, line, PEIL_PDF_BOLD_FONT, 0, 6);
  if (peil_report_get_untimed (pdf->report) > 0)
    {
      g_autofree char *untimed = g_strdup_printf ("%s: %s", T (pdf, "Posts without a time (in no period)"),
                                                  N (pdf, peil_report_get_untimed (pdf->report)));
      peil_pdf_paragraph (&pdf->doc, untimed, PEIL_PDF_BODY_FONT, 0, 6);
    }
  if (peil_report_get_off_topic (pdf->report) > 0)
    {
      g_autofree char *off_topic = g_strdup_printf ("%s: %s", T (pdf, "Off-topic posts (in no figure)"),
                                                    N (pdf, peil_report_get_off_topic (pdf->report)));
      peil_pdf_paragraph (&pdf->doc, off_topic, PEIL_PDF_BODY_FONT, 0, 6);
    }
  peil_pdf_heading (&pdf->doc, T (pdf, "Per source"), FALSE);
  figure_table (pdf, peil_report_get_figures (pdf->report, "sources"), T (pdf, "Source"));
  peil_pdf_heading (&pdf->doc, T (pdf, "Per hour"), FALSE);
  timeline_chart (pdf, peil_report_get_figures (pdf->report, "hours"));
}

static void
method (Pdf *pdf)
{
  GStrv queries = peil_report_get_queries (pdf->report);

  if (queries[0] == NULL)
    return;
  peil_pdf_heading (&pdf->doc, T (pdf, "Queries"), FALSE);
  for (guint i = 0; queries[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("• %s", queries[i]);
      peil_pdf_paragraph (&pdf->doc, line, PEIL_PDF_BODY_FONT, 6, 1);
    }
  pdf->doc.y += 5;
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
          peil_pdf_heading (&pdf->doc, text, TRUE);
        }
      if (shared_chapter)
        peil_pdf_heading (&pdf->doc, peil_round_section_heading (section, language), FALSE);

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
      /* After the rumours, a section the analyst does not write: figures,
       * frozen with the round. */
      if (g_str_equal (section->key, "rumours"))
        communication (pdf);
    }
}

static void
appendix (Pdf *pdf)
{
  static const double widths[] = { 0.5, 0.5 };
  GPtrArray *hours = peil_report_get_figures (pdf->report, "hours");

  peil_pdf_heading (&pdf->doc, T (pdf, "Appendix: figures per tag"), TRUE);
  figure_table (pdf, peil_report_get_figures (pdf->report, "untagged"), T (pdf, "Untagged"));
  for (const char * const *group = peil_report_get_facets (pdf->report); *group; group++)
    figure_table (pdf, peil_report_get_figures (pdf->report, *group), T (pdf, "Tag"));

  peil_pdf_heading (&pdf->doc, T (pdf, "Appendix: timeline"), TRUE);
  for (guint i = 0; hours != NULL && i < hours->len; i++)
    {
      PeilReportFigure *hour = g_ptr_array_index (hours, i);
      g_autofree char *when = peil_report_format_time (pdf->report, g_ascii_strtoll (hour->key, NULL, 10));
      g_autofree char *count = g_strdup (N (pdf, hour->count));
      const char *cells[2];

      cells[0] = when;
      cells[1] = count;
      peil_pdf_table_row (&pdf->doc, cells, widths, 2, PEIL_PDF_BODY_FONT);
    }

  pdf->doc.y += 10;
  peil_pdf_paragraph (&pdf->doc, peil_round_is_issued (peil_report_get_round (pdf->report))
                  ? T (pdf, "Figures frozen when the round was issued.")
                  : T (pdf, "Figures counted now; they change until the round is issued."),
             PEIL_PDF_SMALL_FONT, 0, 2);
  if (!peil_report_get_shows_authors (pdf->report))
    peil_pdf_paragraph (&pdf->doc, T (pdf, "Authors are pseudonymized."), PEIL_PDF_SMALL_FONT, 0, 2);
}

static gboolean
write_report (PeilReportExporter  *exporter,
              PeilReport          *report,
              GOutputStream       *stream,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  Pdf pdf = { .report = report, .numbers = numbers };
  g_autofree char *title = g_strdup_printf ("%s %s — %s %u", T (&pdf, "ENVIRONMENT ANALYSIS"),
                                            peil_report_get_incident_title (report), T (&pdf, "Round"),
                                            peil_round_get_number (peil_report_get_round (report)));
  g_autofree char *running = g_strdup_printf ("%s · %s · %s %u", T (&pdf, "ENVIRONMENT ANALYSIS"),
                                              peil_report_get_incident_title (report), T (&pdf, "Round"),
                                              peil_round_get_number (peil_report_get_round (report)));

  peil_pdf_document_begin (&pdf.doc, stream, cancellable, title, running, T (&pdf, "Page"),
                           peil_report_get_exercise (report));
  title_block (&pdf);
  sections (&pdf);
  appendix (&pdf);
  return peil_pdf_document_end (&pdf.doc, error);
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
report_exporter_iface_init (PeilReportExporterInterface *iface)
{
  iface->write = write_report;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_pdf_report_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_REPORT_EXPORTER, PEIL_TYPE_PDF_REPORT);
}

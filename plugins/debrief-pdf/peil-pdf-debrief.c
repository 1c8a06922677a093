/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-pdf-debrief"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>

#include "peil-pdf-document.h"

/*
 * An exercise's debrief on A4, in the report's flowing layout
 * (plugins/shared/peil-pdf-document.c): the same parts as the HTML
 * debrief, the timeline drawn with cairo. Every page carries the
 * OEFENING / EXERCISE watermark; the texts are in the interface's
 * language.
 */
#define PEIL_TYPE_PDF_DEBRIEF (peil_pdf_debrief_get_type ())
G_DECLARE_FINAL_TYPE (PeilPdfDebrief, peil_pdf_debrief, PEIL, PDF_DEBRIEF, GObject)

struct _PeilPdfDebrief
{
  GObject parent_instance;
};

static void file_format_iface_init (PeilFileFormatInterface *iface);
static void debrief_exporter_iface_init (PeilDebriefExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilPdfDebrief, peil_pdf_debrief, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_DEBRIEF_EXPORTER, debrief_exporter_iface_init))

static void peil_pdf_debrief_class_init (PeilPdfDebriefClass *klass) { }
static void peil_pdf_debrief_class_finalize (PeilPdfDebriefClass *klass) { }
static void peil_pdf_debrief_init (PeilPdfDebrief *self) { }

static const char *get_format_id (PeilFileFormat *format) { return "pdf"; }
static const char *get_name (PeilFileFormat *format) { return _("PDF document (A4)"); }
static const char *get_extension (PeilFileFormat *format) { return "pdf"; }
static const char *get_mime_type (PeilFileFormat *format) { return "application/pdf"; }

static void
lines_table (PeilPdfDocument *doc,
             GPtrArray       *lines)
{
  static const double widths[] = { 0.3, 0.7 };

  for (guint i = 0; i < lines->len; i++)
    {
      PeilDebriefLine *line = g_ptr_array_index (lines, i);
      const char *cells[] = { line->label, line->text };

      peil_pdf_table_row (doc, cells, widths, 2, PEIL_PDF_BODY_FONT);
    }
  doc->y += 6;
}

static void
note (PeilPdfDocument *doc,
      const char      *text)
{
  cairo_set_source_rgb (doc->cr, 0.37, 0.36, 0.39);
  peil_pdf_paragraph (doc, text, PEIL_PDF_SMALL_FONT, 0, 6);
  cairo_set_source_rgb (doc->cr, 0.12, 0.12, 0.12);
}

static void
title_block (PeilPdfDocument   *doc,
             PeilExerciseScore *score)
{
  static const double widths[] = { 0.3, 0.7 };
  PeilScenario *scenario = peil_exercise_score_get_scenario (score);
  GPtrArray *files = peil_exercise_score_get_files (score);
  g_autofree char *heading = g_strdup_printf ("%s | %s", _("DEBRIEF"), peil_exercise_score_get_title (score));
  g_autofree char *made = peil_format_time (g_get_real_time () / G_USEC_PER_SEC, "%e %B %Y %H:%M");
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *injects = NULL;
  guint assessed = 0;

  for (guint i = 0; i < peil_scenario_get_n_injects (scenario); i++)
    assessed += peil_inject_is_assessed (peil_scenario_get_inject (scenario, i));
  injects = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u inject, %u assessed by the trainer",
                                          "%u injects, %u assessed by the trainer",
                                          peil_scenario_get_n_injects (scenario)),
                             peil_scenario_get_n_injects (scenario), assessed);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *base = g_file_get_basename (g_ptr_array_index (files, i));
      g_autofree char *name = g_filename_display_name (base);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name);
    }

  cairo_set_source_rgb (doc->cr, 0.75, 0.11, 0.16);
  peil_pdf_paragraph (doc, PEIL_EXERCISE_MARK, PEIL_PDF_BOLD_FONT, 0, 2);
  cairo_set_source_rgb (doc->cr, 0.12, 0.12, 0.12);
  peil_pdf_paragraph (doc, heading, "Sans Bold 14", 0, 6);
  {
    const char *rows[][2] = {
      { _("Scenario"), injects },
      { _("Trainee files"), names->str },
      { _("Made"), made },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      peil_pdf_table_row (doc, rows[i], widths, 2, PEIL_PDF_BODY_FONT);
  }
  doc->y += 4;
}

static void
figures (PeilPdfDocument   *doc,
         PeilExerciseScore *score,
         guint              index,
         GStrv              dimensions)
{
  /* Narrower type than the body's, so that "Precision" and "undefined" fit their columns. */
  static const double widths[PEIL_DEBRIEF_N_FIGURES] = { 0.24, 0.08, 0.11, 0.08, 0.1225, 0.1225, 0.1225, 0.1225 };
  const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, index);

  if (dimensions[0] == NULL)
    {
      peil_pdf_paragraph (doc, _("No tags in the gold nor from the trainees: nothing to compare."),
                          PEIL_PDF_BODY_FONT, 0, 6);
      return;
    }
  peil_pdf_table_row (doc, (const char **)peil_debrief_figure_headers (), widths, PEIL_DEBRIEF_N_FIGURES,
                      "Sans Bold 7");
  for (guint d = 0; dimensions[d] != NULL; d++)
    {
      g_auto(GStrv) cells = peil_debrief_figure_cells (score, peil_trainee_score_get_dimension (trainee, dimensions[d]));
      peil_pdf_table_row (doc, (const char **)cells, widths, PEIL_DEBRIEF_N_FIGURES, "Sans 7.5");
    }
  doc->y += 2;
  note (doc, peil_debrief_figures_note ());
}

typedef struct
{
  gint64 start;      /* the first release */
  gint64 axis_max;   /* minutes */
  gint64 step;
  double left;       /* room for the injects' ids */
  double scale;      /* points per second */
  double row;
} Timeline;

/* The grid of minutes since the first release, over @height points. */
static void
timeline_axis (PeilPdfDocument *doc,
               const Timeline  *timeline,
               double           top,
               double           height)
{
  for (gint64 minute = 0; minute <= timeline->axis_max; minute += timeline->step)
    {
      g_autofree char *text = g_strdup_printf ("+%" G_GINT64_FORMAT, minute);
      g_autoptr(PangoLayout) layout = peil_pdf_new_layout (doc, text, PEIL_PDF_SMALL_FONT, 0);
      double x = PEIL_PDF_MARGIN + timeline->left + minute * 60 * timeline->scale;
      int text_width, text_height;

      cairo_set_source_rgb (doc->cr, 0.87, 0.87, 0.85);
      cairo_rectangle (doc->cr, x, top, 0.4, height);
      cairo_fill (doc->cr);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      cairo_set_source_rgb (doc->cr, 0.37, 0.36, 0.39);
      peil_pdf_draw_layout_at (doc, layout, x - text_width / 2.0, top + height + 2);
    }
}

/* Labels of rows too thin for one each go every few rows, this far apart. */
#define LABEL_SPACING 7.0

/* One row an inject: a dot at its release (red for a priority inject), a
 * line to the first tag (green), or dashed to the end when never tagged;
 * labelled with the inject's id when @labelled. */
static void
timeline_row (PeilPdfDocument          *doc,
              const Timeline           *timeline,
              const PeilInjectResponse *response,
              double                    y,
              gboolean                  labelled)
{
  const PeilInject *inject = response->inject;
  double x = PEIL_PDF_MARGIN + timeline->left + (response->released - timeline->start) * timeline->scale;
  double dot = MIN (timeline->row / 3, 2.2);
  cairo_t *cr = doc->cr;

  if (labelled)
    {
      g_autoptr(PangoLayout) label = peil_pdf_new_layout (doc, inject->id, "Sans 6", 0);
      int label_width, label_height;

      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (label, (int)((timeline->left - 4) * PANGO_SCALE));
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (label, &label_width, &label_height);
      cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
      peil_pdf_draw_layout_at (doc, label, PEIL_PDF_MARGIN, y - label_height / 2.0);
    }
  if (response->first_tag > 0)
    {
      double tagged = PEIL_PDF_MARGIN + timeline->left +
                      (MAX (response->first_tag, response->released) - timeline->start) * timeline->scale;

      cairo_set_source_rgb (cr, 0.15, 0.64, 0.41);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, tagged, y);
      cairo_stroke (cr);
      cairo_arc (cr, tagged, y, dot, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else
    {
      const double dashes[] = { 2, 2 };

      cairo_set_source_rgb (cr, 0.6, 0.6, 0.59);
      cairo_set_line_width (cr, 0.6);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, PEIL_PDF_MARGIN + PEIL_PDF_TEXT_WIDTH, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  if (inject->priority >= 3 || inject->deadline >= 0)
    cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
  else
    cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  cairo_arc (cr, x, y, dot, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* Rows of at least 2.4 points: a long scenario's timeline continues on
 * the next page, with its grid again. */
static void
timeline (PeilPdfDocument   *doc,
          PeilExerciseScore *score,
          guint              index)
{
  const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, index);
  guint n = trainee->responses->len, per_page, every;
  Timeline timeline = { .left = 44 };
  gint64 end;

  if (!peil_debrief_timeline_span (score, index, &timeline.start, &end))
    {
      peil_pdf_heading (doc, _("Timeline: releases and first tags"), FALSE);
      return;
    }
  timeline.row = CLAMP (360.0 / n, 2.4, 9);
  for (every = 1; every * timeline.row < LABEL_SPACING; every++)
    ;
  timeline.step = peil_format_axis ((end - timeline.start + 59) / 60, &timeline.axis_max);
  timeline.scale = (PEIL_PDF_TEXT_WIDTH - timeline.left) / (timeline.axis_max * 60.0);
  per_page = (guint)((PEIL_PDF_TEXT_BOTTOM - PEIL_PDF_MARGIN - 60) / timeline.row);

  /* The heading goes with the chart's first page, not alone at a foot. */
  peil_pdf_make_room (doc, MIN (n, per_page) * timeline.row + 60);
  peil_pdf_heading (doc, _("Timeline: releases and first tags"), FALSE);

  for (guint first = 0; first < n; first += per_page)
    {
      guint block = MIN (n - first, per_page);
      double height = block * timeline.row, top;

      peil_pdf_make_room (doc, height + 24);
      top = doc->y + 4;
      timeline_axis (doc, &timeline, top, height);
      for (guint i = 0; i < block; i++)
        timeline_row (doc, &timeline, g_ptr_array_index (trainee->responses, first + i),
                      top + i * timeline.row + timeline.row / 2, (first + i) % every == 0);
      cairo_set_source_rgb (doc->cr, 0.12, 0.12, 0.12);
      doc->y = top + height + 16;
    }
  note (doc, _("Minutes since the first release. A dot is a release (red: a priority inject), a green line "
               "runs to the first tag, a dashed line means never tagged."));
}

static void
moments_table (PeilPdfDocument   *doc,
               PeilExerciseScore *score,
               guint              index)
{
  /* Without an issued round, its column would be empty on every row. */
  static const double widths[] = { 0.2, 0.4, 0.4 };
  static const double widths_without_rounds[] = { 0.2, 0.8 };
  g_autoptr(GPtrArray) moments = peil_debrief_moments (score, index);
  const char *header[] = { _("Time"), _("Expected (scenario)"), _("Issued round") };
  gboolean rounds = FALSE;
  guint columns;

  for (guint i = 0; i < moments->len && !rounds; i++)
    rounds = ((PeilDebriefMoment *)g_ptr_array_index (moments, i))->round != NULL;
  columns = rounds ? 3 : 2;

  if (moments->len == 0)
    {
      peil_pdf_paragraph (doc, _("The scenario expects no actions and no round was issued."), PEIL_PDF_BODY_FONT, 0, 6);
      return;
    }
  /* The header with a first row of a few lines, not alone at a page's foot. */
  peil_pdf_make_room (doc, 80);
  peil_pdf_table_row (doc, header, rounds ? widths : widths_without_rounds, columns, PEIL_PDF_BOLD_FONT);
  for (guint i = 0; i < moments->len; i++)
    {
      PeilDebriefMoment *moment = g_ptr_array_index (moments, i);
      g_autofree char *time = moment->time > 0 ? peil_format_time (moment->time, "%H:%M")
                                               : g_strdup (_("not released"));
      const char *cells[] = { time, moment->expected ? moment->expected : "", moment->round ? moment->round : "" };

      peil_pdf_table_row (doc, cells, rounds ? widths : widths_without_rounds, columns, PEIL_PDF_BODY_FONT);
    }
  doc->y += 6;
}

static void
trainee_part (PeilPdfDocument   *doc,
              PeilExerciseScore *score,
              guint              index,
              GStrv              dimensions)
{
  g_autofree char *label = peil_exercise_score_dup_trainee_label (score, index);
  g_autofree char *path = g_file_get_path (peil_exercise_score_get_trainee (score, index)->file);
  g_autoptr(GPtrArray) lines = peil_debrief_trainee_lines (score, index, 0);

  peil_pdf_heading (doc, label, TRUE);
  note (doc, path);
  figures (doc, score, index, dimensions);
  lines_table (doc, lines);
  timeline (doc, score, index);
  peil_pdf_heading (doc, _("Expected actions and issued rounds"), FALSE);
  moments_table (doc, score, index);
}

static void
confusion (PeilPdfDocument   *doc,
           PeilExerciseScore *score,
           GStrv              dimensions)
{
  static const double widths[] = { 0.42, 0.42, 0.16 };
  const char *header[] = { _("Gold"), _("Given"), _("Injects") };

  peil_pdf_heading (doc, _("Gold against given, per dimension"), TRUE);
  note (doc, _("Over every trainee and every released inject the trainer assessed; an inject’s category is "
               "its set of tags in the dimension. Rows in bold agree."));
  for (guint d = 0; dimensions[d] != NULL; d++)
    {
      g_autofree char *label = peil_debrief_dimension_label (score, dimensions[d]);
      g_autoptr(GPtrArray) cells = peil_exercise_score_get_confusion (score, dimensions[d]);

      peil_pdf_heading (doc, label, FALSE);
      peil_pdf_table_row (doc, header, widths, 3, PEIL_PDF_BOLD_FONT);
      for (guint i = 0; i < cells->len; i++)
        {
          PeilConfusionCell *cell = g_ptr_array_index (cells, i);
          g_autofree char *gold = peil_debrief_category_label (score, cell->gold);
          g_autofree char *given = peil_debrief_category_label (score, cell->given);
          g_autofree char *count = peil_format_number (cell->count, peil_ui_language ());
          const char *row[] = { gold, given, count };

          peil_pdf_table_row (doc, row, widths, 3,
                              g_str_equal (cell->gold, cell->given) ? PEIL_PDF_BOLD_FONT : PEIL_PDF_BODY_FONT);
        }
      doc->y += 6;
    }
}

static gboolean
write_debrief (PeilDebriefExporter  *exporter,
               PeilExerciseScore    *score,
               GOutputStream        *stream,
               GCancellable         *cancellable,
               GError              **error)
{
  g_auto(GStrv) dimensions = peil_exercise_score_dup_dimensions (score);
  g_autoptr(GPtrArray) agreement = peil_debrief_agreement_lines (score);
  GPtrArray *warnings = peil_exercise_score_get_warnings (score);
  g_autofree char *title = g_strdup_printf ("%s — %s", _("DEBRIEF"), peil_exercise_score_get_title (score));
  g_autofree char *running = g_strdup_printf ("%s · %s", _("DEBRIEF"), peil_exercise_score_get_title (score));
  PeilPdfDocument doc;

  peil_pdf_document_begin (&doc, stream, cancellable, title, running, _("Page"), TRUE);
  title_block (&doc, score);
  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line = g_strdup_printf ("• %s", (const char *)g_ptr_array_index (warnings, i));

      cairo_set_source_rgb (doc.cr, 0.61, 0.43, 0.01);
      peil_pdf_paragraph (&doc, line, PEIL_PDF_BODY_FONT, 6, 2);
      cairo_set_source_rgb (doc.cr, 0.12, 0.12, 0.12);
    }

  peil_pdf_heading (&doc, _("Agreement between trainees (Krippendorff’s alpha)"), TRUE);
  if (agreement->len > 0)
    lines_table (&doc, agreement);
  else
    peil_pdf_paragraph (&doc, _("No dimension to compare."), PEIL_PDF_BODY_FONT, 0, 6);

  for (guint i = 0; i < peil_exercise_score_get_n_trainees (score); i++)
    trainee_part (&doc, score, i, dimensions);
  confusion (&doc, score, dimensions);
  return peil_pdf_document_end (&doc, error);
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
debrief_exporter_iface_init (PeilDebriefExporterInterface *iface)
{
  iface->write = write_debrief;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_pdf_debrief_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_DEBRIEF_EXPORTER, PEIL_TYPE_PDF_DEBRIEF);
}

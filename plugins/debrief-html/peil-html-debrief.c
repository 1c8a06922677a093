/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-html-debrief"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>

#include "peil-html-page.h"

/*
 * An exercise's debrief as one self-contained page, on the report's page
 * (plugins/shared/peil-html-page.c): per trainee the figures, timings,
 * rumours, coverage, a timeline of releases against first tags in SVG and
 * the issued rounds beside the expected actions; the agreement between
 * trainees and a confusion table per dimension. Always watermarked
 * OEFENING / EXERCISE; in the interface's language.
 */
#define PEIL_TYPE_HTML_DEBRIEF (peil_html_debrief_get_type ())
G_DECLARE_FINAL_TYPE (PeilHtmlDebrief, peil_html_debrief, PEIL, HTML_DEBRIEF, GObject)

struct _PeilHtmlDebrief
{
  GObject parent_instance;
};

static void file_format_iface_init (PeilFileFormatInterface *iface);
static void debrief_exporter_iface_init (PeilDebriefExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilHtmlDebrief, peil_html_debrief, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_DEBRIEF_EXPORTER, debrief_exporter_iface_init))

static void peil_html_debrief_class_init (PeilHtmlDebriefClass *klass) { }
static void peil_html_debrief_class_finalize (PeilHtmlDebriefClass *klass) { }
static void peil_html_debrief_init (PeilHtmlDebrief *self) { }

static const char *get_format_id (PeilFileFormat *format) { return "html"; }
static const char *get_name (PeilFileFormat *format) { return _("Web page (HTML)"); }
static const char *get_extension (PeilFileFormat *format) { return "html"; }
static const char *get_mime_type (PeilFileFormat *format) { return "text/html"; }

static const char extra_style[] =
  "section.trainee{break-before:page}"
  "table.figures td,table.figures th{font-size:9.5pt}"
  "tr.agree td{font-weight:bold}"
  "ul.warnings li{color:#9c6e03}"
  "td.time{white-space:nowrap}";

static void
add_lines (GString   *out,
           GPtrArray *lines)
{
  g_string_append (out, "<dl class=\"meta\">");
  for (guint i = 0; i < lines->len; i++)
    {
      PeilDebriefLine *line = g_ptr_array_index (lines, i);

      peil_html_element (out, "dt", NULL, line->label);
      peil_html_element (out, "dd", NULL, line->text);
    }
  g_string_append (out, "</dl>");
}

static void
add_header (GString           *out,
            PeilExerciseScore *score)
{
  PeilScenario *scenario = peil_exercise_score_get_scenario (score);
  GPtrArray *files = peil_exercise_score_get_files (score);
  g_autofree char *heading = g_strdup_printf ("%s | %s", _("DEBRIEF"), peil_exercise_score_get_title (score));
  g_autofree char *made = peil_format_time (g_get_real_time () / G_USEC_PER_SEC, "%e %B %Y %H:%M");
  g_autoptr(GString) names = g_string_new (NULL);
  guint assessed = 0;
  g_autofree char *injects = NULL;

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

  g_string_append (out, "<header>");
  peil_html_element (out, "p", "class=\"exercise\"", PEIL_EXERCISE_MARK);
  peil_html_element (out, "h1", NULL, heading);
  g_string_append (out, "<dl class=\"meta\">");
  peil_html_element (out, "dt", NULL, _("Scenario"));
  peil_html_element (out, "dd", NULL, injects);
  peil_html_element (out, "dt", NULL, _("Trainee files"));
  peil_html_element (out, "dd", NULL, names->str);
  peil_html_element (out, "dt", NULL, _("Made"));
  peil_html_element (out, "dd", NULL, made);
  g_string_append (out, "</dl></header>");
}

static void
add_figures (GString           *out,
             PeilExerciseScore *score,
             guint              index,
             GStrv              dimensions)
{
  const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, index);
  const char * const *headers = peil_debrief_figure_headers ();

  if (dimensions[0] == NULL)
    {
      peil_html_element (out, "p", "class=\"empty\"", _("No tags in the gold nor from the trainees: nothing to compare."));
      return;
    }
  g_string_append (out, "<table class=\"figures\"><thead><tr>");
  for (guint i = 0; i < PEIL_DEBRIEF_N_FIGURES; i++)
    peil_html_element (out, "th", i > 0 ? "class=\"n\"" : NULL, headers[i]);
  g_string_append (out, "</tr></thead><tbody>");
  for (guint d = 0; dimensions[d] != NULL; d++)
    {
      g_auto(GStrv) cells = peil_debrief_figure_cells (score, peil_trainee_score_get_dimension (trainee, dimensions[d]));

      g_string_append (out, "<tr>");
      for (guint i = 0; i < PEIL_DEBRIEF_N_FIGURES; i++)
        peil_html_element (out, "td", i > 0 ? "class=\"n\"" : NULL, cells[i]);
      g_string_append (out, "</tr>");
    }
  g_string_append (out, "</tbody></table>");
  peil_html_element (out, "p", "class=\"note\"", peil_debrief_figures_note ());
}

/* One row an inject: a dot at its release (red for a priority inject), a
 * line to the first tag (green), or dashed to the end when never tagged.
 * Each row is labelled with its inject's id when it is tall enough, else
 * every few rows, labels at least LABEL_SPACING apart (every row keeps
 * its id as a tooltip). */
#define LABEL_SPACING 10.0

static void
add_timeline (GString           *out,
              PeilExerciseScore *score,
              guint              index)
{
  const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, index);
  const double width = 640, left = 64, right = 12, top = 4;
  gint64 start, end, axis_max, step;
  double row, scale, height;
  guint n = trainee->responses->len, every;

  if (!peil_debrief_timeline_span (score, index, &start, &end))
    return;
  row = CLAMP (480.0 / n, 3, 14);
  for (every = 1; every * row < LABEL_SPACING; every++)
    ;
  height = top + n * row;
  step = peil_format_axis ((end - start + 59) / 60, &axis_max);
  scale = (width - left - right) / (axis_max * 60.0);

  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\">",
                          width, height + 30);
  for (gint64 minute = 0; minute <= axis_max; minute += step)
    {
      double x = left + minute * 60 * scale;

      g_string_append_printf (out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#deddda\"/>"
                                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"#5e5c64\">"
                                   "+%" G_GINT64_FORMAT "</text>",
                              x, top, x, height, x, height + 13, minute);
    }
  for (guint i = 0; i < n; i++)
    {
      const PeilInjectResponse *response = g_ptr_array_index (trainee->responses, i);
      const PeilInject *inject = response->inject;
      gboolean priority = inject->priority >= 3 || inject->deadline >= 0;
      double y = top + i * row + row / 2;
      double x = left + (response->released - start) * scale;

      g_string_append (out, "<g><title>");
      peil_html_escaped (out, inject->id);
      g_string_append (out, "</title>");
      if (i % every == 0)
        {
          double size = MIN (row * every - 1, 10);

          g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"%.0f\">",
                                  left - 6, y + size / 3, size);
          peil_html_escaped (out, inject->id);
          g_string_append (out, "</text>");
        }
      if (response->first_tag > 0)
        {
          double tagged = left + (MAX (response->first_tag, response->released) - start) * scale;

          g_string_append_printf (out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#26a269\" "
                                       "stroke-width=\"1.5\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#26a269\"/>",
                                  x, y, tagged, y, tagged, y, MIN (row / 3, 3));
        }
      else
        g_string_append_printf (out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9a9996\" "
                                     "stroke-dasharray=\"3 3\"/>",
                                x, y, width - right, y);
      g_string_append_printf (out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/></g>",
                              x, y, MIN (row / 3, 3), priority ? "#c01c28" : "#3584e4");
    }
  g_string_append (out, "</svg>");
  peil_html_element (out, "p", "class=\"note\"",
                     _("Minutes since the first release. A dot is a release (red: a priority inject), a green line "
                       "runs to the first tag, a dashed line means never tagged."));
}

static void
add_moments (GString           *out,
             PeilExerciseScore *score,
             guint              index)
{
  g_autoptr(GPtrArray) moments = peil_debrief_moments (score, index);

  if (moments->len == 0)
    {
      peil_html_element (out, "p", "class=\"empty\"", _("The scenario expects no actions and no round was issued."));
      return;
    }
  g_string_append (out, "<table><thead><tr>");
  peil_html_element (out, "th", NULL, _("Time"));
  peil_html_element (out, "th", NULL, _("Expected (scenario)"));
  peil_html_element (out, "th", NULL, _("Issued round"));
  g_string_append (out, "</tr></thead><tbody>");
  for (guint i = 0; i < moments->len; i++)
    {
      PeilDebriefMoment *moment = g_ptr_array_index (moments, i);
      g_autofree char *time = moment->time > 0 ? peil_format_time (moment->time, "%H:%M")
                                               : g_strdup (_("not released"));

      g_string_append (out, "<tr>");
      peil_html_element (out, "td", "class=\"time\"", time);
      peil_html_element (out, "td", "class=\"text\"", moment->expected ? moment->expected : "");
      peil_html_element (out, "td", "class=\"text\"", moment->round ? moment->round : "");
      g_string_append (out, "</tr>");
    }
  g_string_append (out, "</tbody></table>");
}

static void
add_trainee (GString           *out,
             PeilExerciseScore *score,
             guint              index,
             GStrv              dimensions)
{
  g_autofree char *label = peil_exercise_score_dup_trainee_label (score, index);
  g_autofree char *path = g_file_get_path (peil_exercise_score_get_trainee (score, index)->file);
  g_autoptr(GPtrArray) lines = peil_debrief_trainee_lines (score, index, 0);

  g_string_append (out, "<section class=\"trainee\">");
  peil_html_element (out, "h2", NULL, label);
  peil_html_element (out, "p", "class=\"note\"", path);
  add_figures (out, score, index, dimensions);
  add_lines (out, lines);
  peil_html_element (out, "h3", NULL, _("Timeline: releases and first tags"));
  add_timeline (out, score, index);
  peil_html_element (out, "h3", NULL, _("Expected actions and issued rounds"));
  add_moments (out, score, index);
  g_string_append (out, "</section>");
}

static void
add_confusion (GString           *out,
               PeilExerciseScore *score,
               GStrv              dimensions)
{
  peil_html_element (out, "h2", NULL, _("Gold against given, per dimension"));
  peil_html_element (out, "p", "class=\"note\"",
                     _("Over every trainee and every released inject the trainer assessed; an inject’s category is "
                       "its set of tags in the dimension. Rows in bold agree."));
  for (guint d = 0; dimensions[d] != NULL; d++)
    {
      g_autofree char *label = peil_debrief_dimension_label (score, dimensions[d]);
      g_autoptr(GPtrArray) cells = peil_exercise_score_get_confusion (score, dimensions[d]);

      peil_html_element (out, "h3", NULL, label);
      g_string_append (out, "<table><thead><tr>");
      peil_html_element (out, "th", NULL, _("Gold"));
      peil_html_element (out, "th", NULL, _("Given"));
      peil_html_element (out, "th", "class=\"n\"", _("Injects"));
      g_string_append (out, "</tr></thead><tbody>");
      for (guint i = 0; i < cells->len; i++)
        {
          PeilConfusionCell *cell = g_ptr_array_index (cells, i);
          g_autofree char *gold = peil_debrief_category_label (score, cell->gold);
          g_autofree char *given = peil_debrief_category_label (score, cell->given);
          g_autofree char *count = peil_format_number (cell->count, peil_ui_language ());

          g_string_append (out, g_str_equal (cell->gold, cell->given) ? "<tr class=\"agree\">" : "<tr>");
          peil_html_element (out, "td", NULL, gold);
          peil_html_element (out, "td", NULL, given);
          peil_html_element (out, "td", "class=\"n\"", count);
          g_string_append (out, "</tr>");
        }
      g_string_append (out, "</tbody></table>");
    }
}

static gboolean
write_debrief (PeilDebriefExporter  *exporter,
               PeilExerciseScore    *score,
               GOutputStream        *stream,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GString) out = g_string_sized_new (1 << 16);
  g_auto(GStrv) dimensions = peil_exercise_score_dup_dimensions (score);
  g_autoptr(GPtrArray) agreement = peil_debrief_agreement_lines (score);
  GPtrArray *warnings = peil_exercise_score_get_warnings (score);
  g_autofree char *title = g_strdup_printf ("%s — %s", _("DEBRIEF"), peil_exercise_score_get_title (score));

  peil_html_begin (out, peil_ui_language (), title, extra_style, TRUE);
  add_header (out, score);

  if (warnings->len > 0)
    {
      g_string_append (out, "<ul class=\"warnings\">");
      for (guint i = 0; i < warnings->len; i++)
        peil_html_element (out, "li", NULL, g_ptr_array_index (warnings, i));
      g_string_append (out, "</ul>");
    }

  peil_html_element (out, "h2", NULL, _("Agreement between trainees (Krippendorff’s alpha)"));
  if (agreement->len > 0)
    add_lines (out, agreement);
  else
    peil_html_element (out, "p", "class=\"empty\"", _("No dimension to compare."));

  for (guint i = 0; i < peil_exercise_score_get_n_trainees (score); i++)
    add_trainee (out, score, i, dimensions);
  add_confusion (out, score, dimensions);

  peil_html_end (out);
  return g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);
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
  peil_html_debrief_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_DEBRIEF_EXPORTER, PEIL_TYPE_HTML_DEBRIEF);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-html-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>

#include "peil-html-page.h"

/*
 * One self-contained HTML file following METHOD §3.3, on the shared page
 * of plugins/shared/peil-html-page.c (inline styles and SVG, no script,
 * no request, every text escaped).
 */
#define PEIL_TYPE_HTML_REPORT (peil_html_report_get_type ())
G_DECLARE_FINAL_TYPE (PeilHtmlReport, peil_html_report, PEIL, HTML_REPORT, GObject)

struct _PeilHtmlReport
{
  GObject parent_instance;
};

static void file_format_iface_init (PeilFileFormatInterface *iface);
static void report_exporter_iface_init (PeilReportExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilHtmlReport, peil_html_report, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_REPORT_EXPORTER, report_exporter_iface_init))

static void peil_html_report_class_init (PeilHtmlReportClass *klass) { }
static void peil_html_report_class_finalize (PeilHtmlReportClass *klass) { }
static void peil_html_report_init (PeilHtmlReport *self) { }

static const char *get_format_id (PeilFileFormat *format) { return "html"; }
static const char *get_name (PeilFileFormat *format) { return _("Web page (HTML)"); }
static const char *get_extension (PeilFileFormat *format) { return "html"; }
static const char *get_mime_type (PeilFileFormat *format) { return "text/html"; }

typedef struct
{
  PeilReport *report;
  GString    *out;
  GPtrArray  *numbers;   /* formatted by N(), kept until the page is written */
} Html;

/* A count as the report's language writes it, "2.250" in Dutch: kept by
 * @html, so that one printf can take several. */
static const char *
N (Html   *html,
   gint64  value)
{
  char *text = peil_format_number (value, peil_report_get_language (html->report));

  g_ptr_array_add (html->numbers, text);
  return text;
}

static const char *
T (Html       *html,
   const char *english)
{
  return peil_report_text (html->report, english);
}

static void
add_time (Html   *html,
          gint64  time)
{
  g_autofree char *text = peil_report_format_time (html->report, time);
  peil_html_escaped (html->out, text);
}

/* A horizontal bar a figure, longest for the largest count. */
static void
add_bar_chart (Html      *html,
               GPtrArray *figures)
{
  const int row = 22, label_width = 230, bar_width = 300;
  gint64 largest = 1;

  if (figures == NULL || figures->len == 0)
    return;
  for (guint i = 0; i < figures->len; i++)
    largest = MAX (largest, ((PeilReportFigure *)g_ptr_array_index (figures, i))->count);

  g_string_append_printf (html->out,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"%u\" role=\"img\">",
                          figures->len * row + 4);
  for (guint i = 0; i < figures->len; i++)
    {
      PeilReportFigure *figure = g_ptr_array_index (figures, i);
      int y = i * row + 2;
      int width = (int)(bar_width * figure->count / largest);

      /* A long label is shortened to fit beside its bar; the whole shows on hover. */
      g_autofree char *start = g_utf8_strlen (figure->label, -1) > 34 ? g_utf8_substring (figure->label, 0, 33)
                                                                      : NULL;
      g_autofree char *shown = start ? g_strconcat (start, "…", NULL) : g_strdup (figure->label);

      g_string_append_printf (html->out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\"><title>",
                              label_width - 8, y + 15);
      peil_html_escaped (html->out, figure->label);
      g_string_append (html->out, "</title>");
      peil_html_escaped (html->out, shown);
      g_string_append_printf (html->out,
                              "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#3584e4\"/>"
                              "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s %s</text>",
                              label_width, y + 2, MAX (width, 1), label_width + width + 6, y + 15,
                              N (html, figure->count), peil_report_trend_arrow (figure->trend));
    }
  g_string_append (html->out, "</svg>");
}

/* Columns of posts per hour: the course of the period, on an axis with
 * round numbers, each column's count above it where it fits. */
static void
add_timeline_chart (Html      *html,
                    GPtrArray *hours)
{
  const int height = 120, width = 640, axis = 36, top = 14;
  gint64 largest = 0, axis_max, step;
  double column;

  if (hours == NULL || hours->len == 0)
    return;
  for (guint i = 0; i < hours->len; i++)
    largest = MAX (largest, ((PeilReportFigure *)g_ptr_array_index (hours, i))->count);
  step = peil_format_axis (largest, &axis_max);
  /* Columns no wider than 40 pixels, so a few hours do not look like a wall. */
  column = MIN ((double)(width - axis) / hours->len, 40);

  g_string_append_printf (html->out,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
                          width, top + height + 16);
  for (gint64 tick = 0; tick <= axis_max; tick += step)
    {
      double y = top + height - (double)height * tick / axis_max;

      g_string_append_printf (html->out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#deddda\"/>"
                                         "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"10\" fill=\"#5e5c64\">"
                                         "%s</text>",
                              axis, y, width, y, axis - 4, y + 3.5, N (html, tick));
    }
  for (guint i = 0; i < hours->len; i++)
    {
      PeilReportFigure *hour = g_ptr_array_index (hours, i);
      double bar = (double)height * hour->count / axis_max;
      double x = axis + i * column;

      g_string_append_printf (html->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3584e4\">"
                                         "<title>%s</title></rect>",
                              x + 1, top + height - bar, MAX (column - 2, 1), bar, N (html, hour->count));
      /* A count over its column when three digits fit. */
      if (hour->count > 0 && column >= 18)
        g_string_append_printf (html->out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">"
                                           "%s</text>",
                                x + column / 2, top + height - bar - 3, N (html, hour->count));
    }
  g_string_append_printf (html->out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#77767b\"/>",
                          axis, top + height, width, top + height);
  g_string_append (html->out, "</svg>");
}

static void
add_figure_table (Html       *html,
                  GPtrArray  *figures,
                  const char *first_column)
{
  if (figures == NULL || figures->len == 0)
    return;

  g_string_append (html->out, "<table><thead><tr>");
  peil_html_element (html->out, "th", NULL, first_column);
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "Count"));
  if (peil_report_get_previous_number (html->report) > 0)
    {
      peil_html_element (html->out, "th", "class=\"n\"", T (html, "Previous"));
      peil_html_element (html->out, "th", NULL, T (html, "Trend"));
    }
  g_string_append (html->out, "</tr></thead><tbody>");

  for (guint i = 0; i < figures->len; i++)
    {
      PeilReportFigure *figure = g_ptr_array_index (figures, i);

      g_string_append (html->out, "<tr>");
      peil_html_element (html->out, "td", NULL, figure->label);
      g_string_append_printf (html->out, "<td class=\"n\">%s</td>", N (html, figure->count));
      if (figure->previous >= 0)
        {
          g_string_append_printf (html->out, "<td class=\"n\">%s</td><td>%s ",
                                  N (html, figure->previous), peil_report_trend_arrow (figure->trend));
          peil_html_escaped (html->out, peil_report_trend_label (html->report, figure->trend));
          g_string_append (html->out, "</td>");
        }
      g_string_append (html->out, "</tr>");
    }
  g_string_append (html->out, "</tbody></table>");
}

static void
add_examples (Html       *html,
              const char *section)
{
  GPtrArray *posts = peil_report_get_examples (html->report, section);

  if (peil_report_get_examples_purged (html->report, section))
    {
      peil_html_element (html->out, "h3", NULL, T (html, "Examples"));
      peil_html_element (html->out, "p", "class=\"empty\"", peil_report_get_purge_note (html->report));
    }
  if (posts == NULL || posts->len == 0)
    return;
  peil_html_element (html->out, "h3", NULL, T (html, "Examples"));
  for (guint i = 0; i < posts->len; i++)
    {
      PeilReportPost *post = g_ptr_array_index (posts, i);
      g_autofree char *byline = peil_report_format_byline (html->report, post);

      g_string_append (html->out, "<blockquote>");
      peil_html_escaped (html->out, post->text ? post->text : peil_report_get_purge_note (html->report));
      peil_html_element (html->out, "footer", NULL, byline);
      g_string_append (html->out, "</blockquote>");
    }
}

static void
add_text (Html       *html,
          const char *section)
{
  const char *text = peil_round_get_text (peil_report_get_round (html->report), section);

  if (*text == '\0')
    peil_html_element (html->out, "p", "class=\"empty\"", T (html, "Not filled in."));
  else
    peil_html_element (html->out, "div", "class=\"text\"", text);
  add_examples (html, section);
}

static void
add_rumour_register (Html *html)
{
  GPtrArray *rumours = peil_report_get_rumours (html->report);

  if (rumours->len == 0)
    {
      peil_html_element (html->out, "p", "class=\"empty\"", T (html, "No rumours registered."));
      return;
    }

  g_string_append (html->out, "<table><thead><tr>");
  peil_html_element (html->out, "th", NULL, T (html, "Rumour"));
  peil_html_element (html->out, "th", NULL, T (html, "Status"));
  peil_html_element (html->out, "th", NULL, T (html, "First seen"));
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "Posts (this round)"));
  peil_html_element (html->out, "th", NULL, T (html, "Response"));
  g_string_append (html->out, "</tr></thead><tbody>");
  for (guint i = 0; i < rumours->len; i++)
    {
      PeilReportRumour *rumour = g_ptr_array_index (rumours, i);

      g_string_append (html->out, "<tr>");
      peil_html_element (html->out, "td", NULL, rumour->claim);
      peil_html_element (html->out, "td", NULL, rumour->status_label);
      g_string_append (html->out, "<td>");
      add_time (html, rumour->first_seen);
      g_string_append_printf (html->out, "</td><td class=\"n\">%s (%s%s%s)</td>",
                              N (html, rumour->posts), N (html, rumour->posts_in_period), rumour->trend ? " " : "",
                              peil_report_trend_arrow (rumour->trend));
      peil_html_element (html->out, "td", NULL, rumour->response);
      g_string_append (html->out, "</tr>");
    }
  g_string_append (html->out, "</tbody></table>");
}

static void
add_effects (Html      *html,
             GPtrArray *effects)
{
  if (effects->len == 0)
    return;
  g_string_append (html->out, "<table><thead><tr>");
  peil_html_element (html->out, "th", NULL, T (html, "Subject"));
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "Before"));
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "After"));
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "Per hour"));
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "Change"));
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "Expected after (95%)"));
  peil_html_element (html->out, "th", NULL, T (html, "Verdict"));
  g_string_append (html->out, "</tr></thead><tbody>");
  for (guint i = 0; i < effects->len; i++)
    {
      PeilReportEffect *effect = g_ptr_array_index (effects, i);

      g_string_append (html->out, "<tr>");
      peil_html_element (html->out, "td", NULL, effect->label);
      g_string_append_printf (html->out, "<td class=\"n\">%s</td><td class=\"n\">%s</td>",
                              N (html, effect->before), N (html, effect->after));
      peil_html_element (html->out, "td", "class=\"n\"", effect->rates);
      peil_html_element (html->out, "td", "class=\"n\"", effect->change);
      peil_html_element (html->out, "td", "class=\"n\"", effect->expected_range);
      peil_html_element (html->out, "td", NULL, effect->verdict_label);
      g_string_append (html->out, "</tr>");
    }
  g_string_append (html->out, "</tbody></table>");
}

static void
add_unanswered (Html *html)
{
  GPtrArray *unanswered = peil_report_get_unanswered (html->report);

  peil_html_element (html->out, "h3", NULL, T (html, "Still unanswered"));
  if (unanswered->len == 0)
    {
      peil_html_element (html->out, "p", "class=\"empty\"", T (html, "Nothing rising was left unanswered."));
      return;
    }
  peil_html_element (html->out, "p", NULL,
                     T (html, "Rising at the end of the period, and no message of ours addressed it in the window before."));
  g_string_append (html->out, "<table><thead><tr>");
  peil_html_element (html->out, "th", NULL, T (html, "Subject"));
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "Posts in the window"));
  peil_html_element (html->out, "th", "class=\"n\"", T (html, "In the window before"));
  peil_html_element (html->out, "th", NULL, T (html, "Last answered"));
  g_string_append (html->out, "</tr></thead><tbody>");
  for (guint i = 0; i < unanswered->len; i++)
    {
      PeilReportUnanswered *item = g_ptr_array_index (unanswered, i);

      g_string_append (html->out, "<tr>");
      peil_html_element (html->out, "td", NULL, item->label);
      g_string_append_printf (html->out, "<td class=\"n\">%s</td><td class=\"n\">%s</td><td>",
                              N (html, item->recent), N (html, item->previous));
      if (item->last_answered > 0)
        add_time (html, item->last_answered);
      else
        peil_html_escaped (html->out, T (html, "never"));
      g_string_append (html->out, "</td></tr>");
    }
  g_string_append (html->out, "</tbody></table>");
}

/* Our own messages, quoted as they went out (they are the organisation's
 * words, never pseudonymized), with what followed each. */
static void
add_communication (Html *html)
{
  GPtrArray *messages = peil_report_get_messages (html->report);
  g_autofree char *note = peil_report_format_effect_note (html->report);

  peil_html_element (html->out, "h2", NULL, T (html, "Our communication and its effect"));
  if (!peil_report_get_communication_recorded (html->report))
    {
      peil_html_element (html->out, "p", "class=\"empty\"",
                         T (html, "Not recorded for this round: it was issued before Peil kept our own messages."));
      return;
    }
  if (messages->len == 0)
    peil_html_element (html->out, "p", "class=\"empty\"", T (html, "No messages of ours in this period."));
  for (guint i = 0; i < messages->len; i++)
    {
      PeilReportMessage *message = g_ptr_array_index (messages, i);
      g_autofree char *when = peil_report_format_time (html->report, message->time);
      g_autofree char *byline = g_strdup_printf ("%s · %s", message->channel_label, when);

      g_string_append (html->out, "<blockquote class=\"message\">");
      peil_html_escaped (html->out, message->text);
      peil_html_element (html->out, "footer", NULL, byline);
      g_string_append (html->out, "</blockquote>");
      if (*message->addressed != '\0')
        {
          g_autofree char *addressed = g_strdup_printf ("%s: %s", T (html, "Addressed"), message->addressed);
          peil_html_element (html->out, "p", NULL, addressed);
        }
      add_effects (html, message->effects);
    }
  add_unanswered (html);
peil_html_element (html->out, "p", "class=\"note\"", note);
}

static void
add_header (Html *html)
{
  PeilReport *report = html->report;
  PeilRound *round = peil_report_get_round (report);
  g_autofree char *heading = NULL;
  g_autofree char *name = peil_round_format_name (round, peil_report_get_language (report), " | ");
  g_autofree char *start = peil_report_format_time (report, peil_round_get_period_start (round));
  g_autofree char *end = peil_report_format_time (report, peil_round_get_period_end (round));
  g_autofree char *issued = peil_round_is_issued (round)
                            ? peil_report_format_time (report, peil_round_get_issued_at (round))
                            : g_strdup (T (html, "Draft, not issued"));
  g_autofree char *previous = peil_report_get_previous_number (report) > 0
                              ? g_strdup_printf ("%u", peil_report_get_previous_number (report))
                              : g_strdup (T (html, "none"));

  heading = g_strdup_printf ("%s | %s | %s", T (html, "ENVIRONMENT ANALYSIS"),
                             peil_report_get_incident_title (report), name);
  g_string_append (html->out, "<header>");
  if (peil_report_get_exercise (report))
    peil_html_element (html->out, "p", "class=\"exercise\"", PEIL_EXERCISE_MARK);
  peil_html_element (html->out, "h1", NULL, heading);
  g_string_append (html->out, "<dl class=\"meta\">");

#define META(label, value) \
  G_STMT_START { \
    if (*(value) != '\0') \
      { peil_html_element (html->out, "dt", NULL, label); peil_html_element (html->out, "dd", NULL, value); } \
  } G_STMT_END
  {
    g_autofree char *period = g_strdup_printf ("%s – %s", start, end);

    META (T (html, "Period"), period);
    META (T (html, "Issued"), issued);
    META (T (html, "Commissioned by"), peil_round_get_commissioner (round));
    META (T (html, "Analyst"), peil_report_get_analyst (report));
    META (T (html, "Classification"), peil_round_get_classification (round));
    META (T (html, "Previous round"), previous);
    META (T (html, "Type"), peil_report_get_incident_type (report));
    META (T (html, "Location"), peil_report_get_location (report));
  }
#undef META
  g_string_append (html->out, "</dl></header>");
}

static void
add_key_points (Html *html)
{
  GPtrArray *key = peil_report_get_key_figures (html->report);

  if (key->len > 0)
    {
      g_string_append (html->out, "<ul class=\"key\">");
      for (guint i = 0; i < key->len; i++)
        {
          PeilReportFigure *figure = g_ptr_array_index (key, i);

          g_string_append (html->out, "<li>");
          peil_html_escaped (html->out, figure->label);
          g_string_append_printf (html->out, ": %s %s", N (html, figure->count),
                                  peil_report_trend_arrow (figure->trend));
          g_string_append (html->out, "</li>");
        }
      g_string_append (html->out, "</ul>");
    }
}

static void
add_volume (Html *html)
{
  const PeilReportFigure *total = peil_report_get_total (html->report);
  g_autofree char *line = NULL;

  if (total->previous >= 0)
    line = g_strdup_printf ("%s: %s (%s %s, %s %s)",
                            T (html, "Posts in this period"), N (html, total->count), T (html, "Previous"), N (html, total->previous),
                            peil_report_trend_arrow (total->trend),
                            peil_report_trend_label (html->report, total->trend));
  else
    line = g_strdup_printf ("%s: %s", T (html, "Posts in this period"), N (html, total->count));
  peil_html_element (html->out, "p", "class=\"total\"", line);
  if (peil_report_get_untimed (html->report) > 0)
    {
      g_autofree char *untimed = g_strdup_printf ("%s: %s", T (html, "Posts without a time (in no period)"),
                                                  N (html, peil_report_get_untimed (html->report)));
      peil_html_element (html->out, "p", NULL, untimed);
    }
  if (peil_report_get_off_topic (html->report) > 0)
    {
      g_autofree char *off_topic = g_strdup_printf ("%s: %s", T (html, "Off-topic posts (in no figure)"),
                                                    N (html, peil_report_get_off_topic (html->report)));
      peil_html_element (html->out, "p", NULL, off_topic);
    }

  peil_html_element (html->out, "h3", NULL, T (html, "Per source"));
  add_figure_table (html, peil_report_get_figures (html->report, "sources"), T (html, "Source"));
  peil_html_element (html->out, "h3", NULL, T (html, "Per hour"));
  add_timeline_chart (html, peil_report_get_figures (html->report, "hours"));
}

static void
add_method (Html *html)
{
  GStrv queries = peil_report_get_queries (html->report);

  if (queries[0] == NULL)
    return;
  peil_html_element (html->out, "h3", NULL, T (html, "Queries"));
  g_string_append (html->out, "<ul>");
  for (guint i = 0; queries[i] != NULL; i++)
    peil_html_element (html->out, "li", NULL, queries[i]);
  g_string_append (html->out, "</ul>");
}

static void
add_appendix (Html *html)
{
  GPtrArray *hours = peil_report_get_figures (html->report, "hours");

  peil_html_element (html->out, "h2", NULL, T (html, "Appendix: figures per tag"));
  add_figure_table (html, peil_report_get_figures (html->report, "untagged"), T (html, "Untagged"));
  for (const char * const *group = peil_report_get_facets (html->report); *group; group++)
    add_figure_table (html, peil_report_get_figures (html->report, *group), T (html, "Tag"));

  peil_html_element (html->out, "h2", NULL, T (html, "Appendix: timeline"));
  g_string_append (html->out, "<table><tbody>");
  for (guint i = 0; hours != NULL && i < hours->len; i++)
    {
      PeilReportFigure *hour = g_ptr_array_index (hours, i);

      g_string_append (html->out, "<tr><td>");
      add_time (html, g_ascii_strtoll (hour->key, NULL, 10));
      g_string_append_printf (html->out, "</td><td class=\"n\">%s</td></tr>", N (html, hour->count));
    }
  g_string_append (html->out, "</tbody></table>");
}

static void
add_sections (Html *html)
{
  const char *language = peil_report_get_language (html->report);
  guint n_sections, chapter = 0;
  const PeilRoundSection *sections = peil_round_sections (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    {
      const PeilRoundSection *section = &sections[i];
      gboolean shared_chapter = (i + 1 < n_sections && sections[i + 1].chapter == section->chapter) ||
                                (i > 0 && sections[i - 1].chapter == section->chapter);

      if (section->chapter != chapter)
        {
          g_autofree char *heading = g_strdup_printf ("%u. %s", section->chapter,
                                                      peil_round_chapter_heading (section->chapter, language));
          g_autofree char *id = g_strdup_printf ("id=\"chapter-%u\"", section->chapter);

          if (chapter != 0)
            g_string_append (html->out, "</section>");
          chapter = section->chapter;
          g_string_append_printf (html->out, "<section %s>", id);
          peil_html_element (html->out, "h2", NULL, heading);
        }
      if (shared_chapter)
        peil_html_element (html->out, "h3", NULL, peil_round_section_heading (section, language));

      if (g_str_equal (section->key, "key-points"))
        add_key_points (html);
      else if (g_str_equal (section->key, "volume"))
        add_volume (html);
      else if (section->dimension != NULL)
        {
          add_bar_chart (html, peil_report_get_figures (html->report, section->dimension));
          add_figure_table (html, peil_report_get_figures (html->report, section->dimension), T (html, "Tag"));
        }
      else if (g_str_equal (section->key, "rumours"))
        add_rumour_register (html);
      else if (g_str_equal (section->key, "method"))
        add_method (html);
      add_text (html, section->key);

      /* After the rumours, a section of its own that the analyst does
       * not write: it is figures, frozen with the round. */
      if (g_str_equal (section->key, "rumours"))
        {
          g_string_append (html->out, "</section><section id=\"communication\">");
          add_communication (html);
        }
    }
  g_string_append (html->out, "</section>");
}

static gboolean
write_report (PeilReportExporter  *exporter,
              PeilReport          *report,
              GOutputStream       *stream,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GString) out = g_string_sized_new (1 << 16);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  Html html = { report, out, numbers };
  PeilRound *round = peil_report_get_round (report);
  g_autofree char *title = g_strdup_printf ("%s %s — %s %u", T (&html, "ENVIRONMENT ANALYSIS"),
                                            peil_report_get_incident_title (report), T (&html, "Round"),
                                            peil_round_get_number (round));

  peil_html_begin (out, peil_report_get_language (report), title, NULL, peil_report_get_exercise (report));

  add_header (&html);
  add_sections (&html);
  add_appendix (&html);

  g_string_append (out, "<footer class=\"note\"><p>");
  peil_html_escaped (out, peil_round_is_issued (round) ? T (&html, "Figures frozen when the round was issued.")
                                                       : T (&html, "Figures counted now; they change until the round is issued."));
  if (peil_report_get_previous_number (report) > 0)
    {
      g_string_append_c (out, ' ');
      peil_html_escaped (out, T (&html, "Trend compared with the previous round."));
    }
  if (!peil_report_get_shows_authors (report))
    {
      g_string_append_c (out, ' ');
      peil_html_escaped (out, T (&html, "Authors are pseudonymized."));
    }
  g_string_append (out, "</p></footer>");
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
report_exporter_iface_init (PeilReportExporterInterface *iface)
{
  iface->write = write_report;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_html_report_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_REPORT_EXPORTER, PEIL_TYPE_HTML_REPORT);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-xlsx-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libpeas/peas.h>
#include <peil.h>
#include <xlsxwriter.h>

/*
 * A workbook of the round, its figures, its tagged posts, the rumour
 * register and our communication with its effect, written with Debian's
 * libxlsxwriter. Every text goes in as a string cell
 * (worksheet_write_string), never as a formula: a post that starts with
 * "=" stays text in the analyst's spreadsheet. libxlsxwriter writes to a
 * file name, so the workbook is built in a private temporary
 * file and copied to the stream.
 */
#define PEIL_TYPE_XLSX_REPORT (peil_xlsx_report_get_type ())
G_DECLARE_FINAL_TYPE (PeilXlsxReport, peil_xlsx_report, PEIL, XLSX_REPORT, GObject)

struct _PeilXlsxReport
{
  GObject parent_instance;
};

static void file_format_iface_init (PeilFileFormatInterface *iface);
static void report_exporter_iface_init (PeilReportExporterInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilXlsxReport, peil_xlsx_report, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_FILE_FORMAT, file_format_iface_init)
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_REPORT_EXPORTER, report_exporter_iface_init))

static void peil_xlsx_report_class_init (PeilXlsxReportClass *klass) { }
static void peil_xlsx_report_class_finalize (PeilXlsxReportClass *klass) { }
static void peil_xlsx_report_init (PeilXlsxReport *self) { }

static const char *get_format_id (PeilFileFormat *format) { return "xlsx"; }
static const char *get_name (PeilFileFormat *format) { return _("Spreadsheet workbook (XLSX)"); }
static const char *get_extension (PeilFileFormat *format) { return "xlsx"; }
static const char *
get_mime_type (PeilFileFormat *format)
{
  return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

typedef struct
{
  PeilReport    *report;
  lxw_workbook  *workbook;
  lxw_format    *bold;
  lxw_format    *wrapped;
  lxw_worksheet *sheet;
  lxw_row_t      row;
} Xlsx;

static const char *
T (Xlsx       *xlsx,
   const char *english)
{
  return peil_report_text (xlsx->report, english);
}

static void
new_sheet (Xlsx       *xlsx,
           const char *name)
{
  xlsx->sheet = workbook_add_worksheet (xlsx->workbook, name);
  xlsx->row = 0;
  if (peil_report_get_exercise (xlsx->report))
    {
      worksheet_set_header (xlsx->sheet, "&COEFENING / EXERCISE");
      worksheet_set_footer (xlsx->sheet, "&COEFENING / EXERCISE");
      worksheet_write_string (xlsx->sheet, xlsx->row++, 0, PEIL_EXERCISE_MARK, xlsx->bold);
    }
}

static void
text_cell (Xlsx       *xlsx,
           lxw_col_t   column,
           const char *text)
{
  if (text != NULL && *text != '\0')
    worksheet_write_string (xlsx->sheet, xlsx->row, column, text, xlsx->wrapped);
}

static void
header_row (Xlsx        *xlsx,
            const char **names,
            guint        n_names)
{
  for (guint i = 0; i < n_names; i++)
    worksheet_write_string (xlsx->sheet, xlsx->row, i, names[i], xlsx->bold);
  worksheet_freeze_panes (xlsx->sheet, xlsx->row + 1, 0);
  xlsx->row++;
}

static void
time_cell (Xlsx      *xlsx,
           lxw_col_t  column,
           gint64     time)
{
  g_autofree char *text = peil_report_format_time (xlsx->report, time);
  text_cell (xlsx, column, text);
}

static void
round_sheet (Xlsx *xlsx)
{
  PeilReport *report = xlsx->report;
  PeilRound *round = peil_report_get_round (report);
  g_autofree char *number = g_strdup_printf ("%u", peil_round_get_number (round));
  g_autofree char *start = peil_report_format_time (report, peil_round_get_period_start (round));
  g_autofree char *end = peil_report_format_time (report, peil_round_get_period_end (round));
  g_autofree char *period = g_strdup_printf ("%s – %s", start, end);
  g_autofree char *issued = peil_round_is_issued (round)
                            ? peil_report_format_time (report, peil_round_get_issued_at (round))
                            : g_strdup (T (xlsx, "Draft, not issued"));
  const char *rows[][2] = {
    { T (xlsx, "Incident"), peil_report_get_incident_title (report) },
    { T (xlsx, "Round"), number },
    { T (xlsx, "Period"), period },
    { T (xlsx, "Issued"), issued },
    { T (xlsx, "Commissioned by"), peil_round_get_commissioner (round) },
    { T (xlsx, "Analyst"), peil_report_get_analyst (report) },
    { T (xlsx, "Classification"), peil_round_get_classification (round) },
  };

  new_sheet (xlsx, T (xlsx, "Round"));
  worksheet_set_column (xlsx->sheet, 0, 0, 24, NULL);
  worksheet_set_column (xlsx->sheet, 1, 1, 80, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++, xlsx->row++)
    {
      worksheet_write_string (xlsx->sheet, xlsx->row, 0, rows[i][0], xlsx->bold);
      text_cell (xlsx, 1, rows[i][1]);
    }
}

static void
figure_rows (Xlsx       *xlsx,
             const char *group,
             GPtrArray  *figures)
{
  for (guint i = 0; figures != NULL && i < figures->len; i++, xlsx->row++)
    {
      PeilReportFigure *figure = g_ptr_array_index (figures, i);

      text_cell (xlsx, 0, group);
      text_cell (xlsx, 1, figure->key);
      text_cell (xlsx, 2, figure->label);
      worksheet_write_number (xlsx->sheet, xlsx->row, 3, (double)figure->count, NULL);
      if (figure->previous >= 0)
        {
          worksheet_write_number (xlsx->sheet, xlsx->row, 4, (double)figure->previous, NULL);
          text_cell (xlsx, 5, peil_report_trend_label (xlsx->report, figure->trend));
        }
    }
}

static void
figures_sheet (Xlsx *xlsx)
{
  const char *columns[] = { T (xlsx, "Dimension"), T (xlsx, "Tag"), T (xlsx, "Text"), T (xlsx, "Count"),
                            T (xlsx, "Previous"), T (xlsx, "Trend") };
  const PeilReportFigure *total = peil_report_get_total (xlsx->report);
  g_autoptr(GPtrArray) totals = g_ptr_array_new ();
  PeilReportFigure untimed = { (char *)"untimed", (char *)T (xlsx, "Posts without a time (in no period)"),
                               peil_report_get_untimed (xlsx->report), -1, PEIL_TREND_NONE };
  PeilReportFigure off_topic = { (char *)"off_topic", (char *)T (xlsx, "Off-topic posts (in no figure)"),
                                 peil_report_get_off_topic (xlsx->report), -1, PEIL_TREND_NONE };
  guint n_sections;
  const PeilRoundSection *sections = peil_round_sections (&n_sections);

  new_sheet (xlsx, T (xlsx, "Figures"));
  worksheet_set_column (xlsx->sheet, 0, 1, 18, NULL);
  worksheet_set_column (xlsx->sheet, 2, 2, 40, NULL);
  header_row (xlsx, columns, G_N_ELEMENTS (columns));

  g_ptr_array_add (totals, (gpointer)total);
  g_ptr_array_add (totals, &untimed);
  g_ptr_array_add (totals, &off_topic);
  figure_rows (xlsx, T (xlsx, "Posts"), totals);
  figure_rows (xlsx, T (xlsx, "Source"), peil_report_get_figures (xlsx->report, "sources"));
  for (guint i = 0; i < n_sections; i++)
    if (sections[i].dimension != NULL)
      figure_rows (xlsx, sections[i].dimension, peil_report_get_figures (xlsx->report, sections[i].dimension));
  for (const char * const *group = peil_report_get_facets (xlsx->report); *group; group++)
    figure_rows (xlsx, *group, peil_report_get_figures (xlsx->report, *group));
  figure_rows (xlsx, T (xlsx, "Untagged"), peil_report_get_figures (xlsx->report, "untagged"));
}

static void
posts_sheet (Xlsx *xlsx)
{
  const char *columns[] = { "Id", T (xlsx, "Time"), T (xlsx, "Source"), T (xlsx, "Author"), T (xlsx, "Text"),
                            T (xlsx, "Tags"), T (xlsx, "Link") };
  GPtrArray *posts = peil_report_get_posts (xlsx->report);

  new_sheet (xlsx, T (xlsx, "Tagged posts"));
  worksheet_set_column (xlsx->sheet, 1, 3, 16, NULL);
  worksheet_set_column (xlsx->sheet, 4, 4, 70, NULL);
  worksheet_set_column (xlsx->sheet, 5, 5, 30, NULL);
  /* Purged texts are said so once, not left blank in every row. */
  if (peil_report_get_purge_note (xlsx->report) != NULL)
    {
      g_autofree char *note = g_strdup_printf ("%s: %s", T (xlsx, "Text"), peil_report_get_purge_note (xlsx->report));

      text_cell (xlsx, 0, note);
      xlsx->row++;
    }
  header_row (xlsx, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < posts->len; i++, xlsx->row++)
    {
      PeilReportPost *post = g_ptr_array_index (posts, i);

      worksheet_write_number (xlsx->sheet, xlsx->row, 0, (double)post->id, NULL);
      time_cell (xlsx, 1, post->created_at);
      text_cell (xlsx, 2, post->source);
      text_cell (xlsx, 3, post->author);
      text_cell (xlsx, 4, post->text);
      text_cell (xlsx, 5, post->tags);
      text_cell (xlsx, 6, post->url);
    }
}

static void
rumours_sheet (Xlsx *xlsx)
{
  const char *columns[] = { T (xlsx, "Rumour"), T (xlsx, "Status"), T (xlsx, "First seen"), T (xlsx, "Posts"),
                            T (xlsx, "Posts (this round)"), T (xlsx, "Previous"), T (xlsx, "Trend"),
                            T (xlsx, "Response") };
  GPtrArray *rumours = peil_report_get_rumours (xlsx->report);

  new_sheet (xlsx, T (xlsx, "Rumours"));
  worksheet_set_column (xlsx->sheet, 0, 0, 50, NULL);
  worksheet_set_column (xlsx->sheet, 7, 7, 50, NULL);
  header_row (xlsx, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < rumours->len; i++, xlsx->row++)
    {
      PeilReportRumour *rumour = g_ptr_array_index (rumours, i);

      text_cell (xlsx, 0, rumour->claim);
      text_cell (xlsx, 1, rumour->status_label);
      time_cell (xlsx, 2, rumour->first_seen);
      worksheet_write_number (xlsx->sheet, xlsx->row, 3, (double)rumour->posts, NULL);
      worksheet_write_number (xlsx->sheet, xlsx->row, 4, (double)rumour->posts_in_period, NULL);
      if (rumour->posts_previous >= 0)
        {
          worksheet_write_number (xlsx->sheet, xlsx->row, 5, (double)rumour->posts_previous, NULL);
          text_cell (xlsx, 6, peil_report_trend_label (xlsx->report, rumour->trend));
        }
      text_cell (xlsx, 7, rumour->response);
    }
}

static void
number_cell (Xlsx      *xlsx,
             lxw_col_t  column,
             double     value)
{
  worksheet_write_number (xlsx->sheet, xlsx->row, column, value, NULL);
}

static void
unanswered_rows (Xlsx *xlsx)
{
  const char *columns[] = { T (xlsx, "Subject"), T (xlsx, "Posts in the window"), T (xlsx, "In the window before"),
                            T (xlsx, "Last answered") };
  GPtrArray *unanswered = peil_report_get_unanswered (xlsx->report);

  xlsx->row++;
  worksheet_write_string (xlsx->sheet, xlsx->row++, 0, T (xlsx, "Still unanswered"), xlsx->bold);
  if (unanswered->len == 0)
    {
      text_cell (xlsx, 0, T (xlsx, "Nothing rising was left unanswered."));
      xlsx->row++;
      return;
    }
  text_cell (xlsx, 0, T (xlsx, "Rising at the end of the period, and no message of ours addressed it in the window before."));
  xlsx->row++;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    worksheet_write_string (xlsx->sheet, xlsx->row, i, columns[i], xlsx->bold);
  xlsx->row++;
  for (guint i = 0; i < unanswered->len; i++, xlsx->row++)
    {
      PeilReportUnanswered *item = g_ptr_array_index (unanswered, i);

      text_cell (xlsx, 0, item->label);
      number_cell (xlsx, 1, (double)item->recent);
      number_cell (xlsx, 2, (double)item->previous);
      if (item->last_answered > 0)
        time_cell (xlsx, 3, item->last_answered);
      else
        text_cell (xlsx, 3, T (xlsx, "never"));
    }
}

/* Our own messages as they went out (never pseudonymized), one row for
 * each subject a message addressed, numbers as numbers. */
static void
communication_sheet (Xlsx *xlsx)
{
  const char *columns[] = { T (xlsx, "Time"), T (xlsx, "Channel"), T (xlsx, "Text"), T (xlsx, "Subject"),
                            T (xlsx, "Before"), T (xlsx, "After"), T (xlsx, "Per hour before"),
                            T (xlsx, "Per hour after"), T (xlsx, "Expected after"), T (xlsx, "95% low"),
                            T (xlsx, "95% high"), T (xlsx, "Verdict") };
  GPtrArray *messages = peil_report_get_messages (xlsx->report);
  g_autofree char *note = peil_report_format_effect_note (xlsx->report);

  new_sheet (xlsx, T (xlsx, "Communication"));
  worksheet_set_column (xlsx->sheet, 0, 1, 16, NULL);
  worksheet_set_column (xlsx->sheet, 2, 2, 60, NULL);
  worksheet_set_column (xlsx->sheet, 3, 3, 30, NULL);
  worksheet_set_column (xlsx->sheet, 11, 11, 40, NULL);
  worksheet_write_string (xlsx->sheet, xlsx->row++, 0, T (xlsx, "Our communication and its effect"), xlsx->bold);
  if (!peil_report_get_communication_recorded (xlsx->report))
    {
      text_cell (xlsx, 0, T (xlsx, "Not recorded for this round: it was issued before Peil kept our own messages."));
      return;
    }
  header_row (xlsx, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < messages->len; i++)
    {
      PeilReportMessage *message = g_ptr_array_index (messages, i);

      for (guint j = 0; j < MAX (message->effects->len, 1); j++, xlsx->row++)
        {
          PeilReportEffect *effect = j < message->effects->len ? g_ptr_array_index (message->effects, j) : NULL;

          time_cell (xlsx, 0, message->time);
          text_cell (xlsx, 1, message->channel_label);
          text_cell (xlsx, 2, message->text);
          if (effect == NULL)
            continue;
          text_cell (xlsx, 3, effect->label);
          number_cell (xlsx, 4, (double)effect->before);
          number_cell (xlsx, 5, (double)effect->after);
          number_cell (xlsx, 6, effect->rate_before);
          number_cell (xlsx, 7, effect->rate_after);
          number_cell (xlsx, 8, effect->expected);
          number_cell (xlsx, 9, (double)effect->expected_low);
          number_cell (xlsx, 10, (double)effect->expected_high);
          text_cell (xlsx, 11, effect->verdict_label);
        }
    }
  if (messages->len == 0)
    {
      text_cell (xlsx, 0, T (xlsx, "No messages of ours in this period."));
      xlsx->row++;
    }
  unanswered_rows (xlsx);
  xlsx->row++;
  text_cell (xlsx, 0, note);
}

static gboolean
write_report (PeilReportExporter  *exporter,
              PeilReport          *report,
              GOutputStream       *stream,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree char *dir = g_dir_make_tmp ("peil-xlsx-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  lxw_workbook_options options = { .constant_memory = LXW_FALSE };
  Xlsx xlsx = { report };
  lxw_error status;
  gsize length = 0;
  gboolean ok;

  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "report.xlsx", NULL);
  options.tmpdir = dir;

  if (!(xlsx.workbook = workbook_new_opt (path, &options)))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED, _("Could not start the workbook"));
      g_rmdir (dir);
      return FALSE;
    }
  xlsx.bold = workbook_add_format (xlsx.workbook);
  format_set_bold (xlsx.bold);
  xlsx.wrapped = workbook_add_format (xlsx.workbook);
  format_set_text_wrap (xlsx.wrapped);
  format_set_align (xlsx.wrapped, LXW_ALIGN_VERTICAL_TOP);

  round_sheet (&xlsx);
  figures_sheet (&xlsx);
  posts_sheet (&xlsx);
  rumours_sheet (&xlsx);
  communication_sheet (&xlsx);
  status = workbook_close (xlsx.workbook);

  ok = status == LXW_NO_ERROR;
  if (!ok)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED, _("Could not write the workbook: %s"), lxw_strerror (status));
  ok = ok && g_file_get_contents (path, &contents, &length, error) &&
       g_output_stream_write_all (stream, contents, length, NULL, cancellable, error);
  g_unlink (path);
  g_rmdir (dir);
  return ok;
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
  peil_xlsx_report_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_REPORT_EXPORTER, PEIL_TYPE_XLSX_REPORT);
}

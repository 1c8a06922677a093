/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-debrief"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "peil-debrief.h"
#include "peil-format.h"
#include "peil-round.h"
#include "peil-time.h"

/*
 * The debrief's words and figures in the interface's language, the same
 * for `peil-cli exercise score` and every debrief plugin: a score is read
 * one way, whatever shows it.
 */

static const char *
language (void)
{
  return peil_ui_language ();
}

static char *
format_ratio (double value)
{
  return peil_format_decimal (value, 2, language ());
}

/* A span of time as the scenario writes one, "0:07:48"; NAN has none. */
static char *
format_span (double seconds)
{
  if (isnan (seconds))
    return g_strdup (_("undefined"));
  return peil_time_format_offset ((gint64)(MAX (seconds, 0) + 0.5));
}

/**
 * peil_debrief_figure_headers:
 *
 * Gives the column headings for peil_debrief_figure_cells(), translated. The
 * array is static and owned by Peil.
 *
 * Returns: (array fixed-size=8): the translated headings of the columns
 *   of peil_debrief_figure_cells()
 */
const char * const *
peil_debrief_figure_headers (void)
{
  static const char *headers[PEIL_DEBRIEF_N_FIGURES + 1];

  headers[0] = _("Dimension");
  /* Translators: (inject, tag) pairs in the trainer's gold */
  headers[1] = C_("pairs", "Gold");
  /* Translators: (inject, tag) pairs the trainee gave */
  headers[2] = C_("pairs", "Given");
  /* Translators: (inject, tag) pairs in both the gold and the trainee's tags */
  headers[3] = C_("pairs", "Matched");
  headers[4] = _("Precision");
  headers[5] = _("Recall");
  headers[6] = "F1";
  headers[7] = "Kappa";
  return headers;
}

/**
 * peil_debrief_dimension_label:
 *
 * Names a scored dimension for a debrief's table or heading; a dimension the
 * taxonomy does not know is shown by its code alone.
 *
 * Returns: (transfer full): "IB · Information needs": the code and the
 *   label in the interface's language
 */
char *
peil_debrief_dimension_label (PeilExerciseScore *score,
                              const char        *dimension)
{
  PeilDimension *found = peil_taxonomy_lookup_dimension (peil_exercise_score_get_taxonomy (score), dimension);

  if (found == NULL)
    return g_strdup (dimension);
  return g_strdup_printf ("%s · %s", dimension, peil_dimension_get_label_for (found, language ()));
}

/**
 * peil_debrief_figure_cells:
 *
 * Formats one row of a debrief's table of figures in the interface's language,
 * so that every debrief format shows the same numbers.
 *
 * Returns: (transfer full): the dimension, the gold, given and matched
 *   pairs, precision, recall, F1 and kappa, as shown; "undefined" where a
 *   figure is
 */
GStrv
peil_debrief_figure_cells (PeilExerciseScore        *score,
                           const PeilDimensionScore *figures)
{
  GStrv cells = g_new0 (char *, PEIL_DEBRIEF_N_FIGURES + 1);

  cells[0] = peil_debrief_dimension_label (score, figures->dimension);
  cells[1] = peil_format_number (figures->gold, language ());
  cells[2] = peil_format_number (figures->given, language ());
  cells[3] = peil_format_number (figures->matched, language ());
  cells[4] = format_ratio (figures->precision);
  cells[5] = format_ratio (figures->recall);
  cells[6] = format_ratio (figures->f1);
  cells[7] = format_ratio (figures->kappa);
  return cells;
}

/**
 * peil_debrief_figures_note:
 *
 * Gives the note that goes under a debrief's table of figures, translated.
 *
 * Returns: what "undefined" means in the table of figures
 */
const char *
peil_debrief_figures_note (void)
{
  return _("Pairs are (inject, tag) over the released injects the trainer assessed. Precision is undefined "
           "when the trainee gave no tag in a dimension, recall when the gold has none; kappa when no inject "
           "was assessed, or gold and trainee put every inject in one and the same category.");
}

/**
 * peil_debrief_category_label:
 * @category: tag codes joined by "+", as peil_exercise_score_get_confusion()
 *   gives them
 *
 * Names a category of the confusion table for a debrief, with the taxonomy's
 * labels in place of the tag codes; a code the taxonomy does not know stays a
 * code.
 *
 * Returns: (transfer full): the category for people, in the report's
 *   language: "What happened + What to do", or "none"
 */
char *
peil_debrief_category_label (PeilExerciseScore *score,
                             const char        *category)
{
  PeilTaxonomy *taxonomy = peil_exercise_score_get_taxonomy (score);
  g_auto(GStrv) codes = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) joined = NULL;

  if (category == NULL || *category == '\0')
    return g_strdup (C_("category", "none"));
  codes = g_strsplit (category, "+", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      PeilTag *tag = taxonomy ? peil_taxonomy_lookup_tag (taxonomy, codes[i]) : NULL;

      g_strv_builder_add (labels, tag ? peil_tag_get_label_for (tag, language ()) : codes[i]);
    }
  joined = g_strv_builder_end (labels);
  return g_strjoinv (" + ", joined);
}

static void
add_line (GPtrArray  *lines,
          const char *label,
          char       *text)
{
  PeilDebriefLine *line = g_new0 (PeilDebriefLine, 1);

  line->label = g_strdup (label);
  line->text = text;
  g_ptr_array_add (lines, line);
}

static void
debrief_line_free (PeilDebriefLine *line)
{
  g_free (line->label);
  g_free (line->text);
  g_free (line);
}

/* "3: A, B, C", at most @max_items of them (0: all); "none" when empty. */
static char *
format_list (const char * const *items,
             guint               max_items)
{
  guint n = items ? g_strv_length ((GStrv)items) : 0;
  g_autoptr(GString) text = NULL;
  g_autofree char *count = NULL;

  if (n == 0)
    return g_strdup (C_("list", "none"));
  count = peil_format_number (n, language ());
  text = g_string_new (count);
  g_string_append (text, ": ");
  for (guint i = 0; i < n && (max_items == 0 || i < max_items); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", items[i]);
  if (max_items > 0 && n > max_items)
    g_string_append (text, ", …");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_late (const PeilTraineeScore *trainee,
             guint                   max_items)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; trainee->priority_late[i] != NULL; i++)
    {
      const PeilInjectResponse *response = peil_trainee_score_get_response (trainee, trainee->priority_late[i]);
      g_autofree char *after = format_span (response->seen - response->released);
      g_autofree char *deadline = format_span (response->inject->deadline);

      /* Translators: an inject seen late: its id, how long after its
       * release it was seen, and its deadline, as 6:40 and 5:00 */
      g_ptr_array_add (items, g_strdup_printf (_("%s (after %s; deadline %s)"), response->inject->id, after, deadline));
    }
  g_ptr_array_add (items, NULL);
  return format_list ((const char * const *)items->pdata, max_items);
}

static char *
format_rounds (const PeilTraineeScore *trainee)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < trainee->rounds->len; i++)
    g_ptr_array_add (names, peil_round_format_name (g_ptr_array_index (trainee->rounds, i), language (), " · "));
  g_ptr_array_add (names, NULL);
  return format_list ((const char * const *)names->pdata, 0);
}

/**
 * peil_debrief_trainee_lines: (skip)
 * @max_ids: the most injects or rumours a line names (0: all)
 *
 * Gives the summary of the trainee at @index for a debrief, as label–value
 * lines that every debrief format lays out in its own way.
 *
 * Returns: (transfer container) (element-type PeilDebriefLine): the trainee's
 *   timings, priority injects, rumours, coverage and rounds, a line each
 */
GPtrArray *
peil_debrief_trainee_lines (PeilExerciseScore *score,
                            guint              index,
                            guint              max_ids)
{
  const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, index);
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify)debrief_line_free);
  guint released = trainee->responses->len;
  guint n_injects = peil_scenario_get_n_injects (peil_exercise_score_get_scenario (score));
  guint found = g_strv_length (trainee->rumours_found), missed = g_strv_length (trainee->rumours_missed);

  if (trainee->tagged > 0)
    {
      g_autofree char *median = format_span (trainee->median_delay);
      g_autofree char *p90 = format_span (trainee->p90_delay);

      add_line (lines, _("Time to first tag"),
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "median %s, p90 %s (%u of %u released inject tagged)",
                                              "median %s, p90 %s (%u of %u released injects tagged)", released),
                                 median, p90, trainee->tagged, released));
    }
  else
    add_line (lines, _("Time to first tag"),
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "nothing tagged (%u inject released)",
                                            "nothing tagged (%u injects released)", released), released));
  add_line (lines, _("Never tagged"), format_list ((const char * const *)trainee->never_tagged, max_ids));
  add_line (lines, _("Priority injects seen late"), format_late (trainee, max_ids));
  add_line (lines, _("Priority injects not seen"), format_list ((const char * const *)trainee->priority_unseen, max_ids));

  if (found == 0)
    add_line (lines, _("Rumours found"),
              missed == 0 ? g_strdup (C_("list", "none")) : g_strdup_printf (_("0 of %u"), missed));
  else
    {
      g_autofree char *claims = g_strjoinv ("; ", trainee->rumours_found);
      add_line (lines, _("Rumours found"), g_strdup_printf (_("%u of %u: %s"), found, found + missed, claims));
    }
  add_line (lines, _("Rumours missed"), format_list ((const char * const *)trainee->rumours_missed, 0));
  if (trainee->rumours_unreleased[0] != NULL)
    add_line (lines, _("Rumours never released"), format_list ((const char * const *)trainee->rumours_unreleased, 0));
  add_line (lines, _("Rumours not in the scenario"), format_list ((const char * const *)trainee->rumours_unmatched, 0));

  add_line (lines, _("Injects released"),
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u; %u assessed and scored",
                                          "%u of %u; %u assessed and scored", n_injects),
                             released, n_injects, trainee->assessed));
  add_line (lines, _("Unassessed (not scored)"), format_list ((const char * const *)trainee->unassessed, max_ids));
  add_line (lines, _("Not released"), format_list ((const char * const *)trainee->unreleased, max_ids));
  add_line (lines, _("Unscripted"), format_list ((const char * const *)trainee->unscripted, max_ids));
  if (trainee->unknown[0] != NULL)
    add_line (lines, _("Not in the scenario"), format_list ((const char * const *)trainee->unknown, max_ids));
  add_line (lines, _("Rounds issued"), format_rounds (trainee));
  return lines;
}

/**
 * peil_debrief_agreement_lines: (skip)
 *
 * Gives the agreement section of a debrief: how much the trainees agree with
 * each other, apart from the gold.
 *
 * Returns: (transfer container) (element-type PeilDebriefLine): per scored
 *   dimension, Krippendorff's alpha between the trainees, or why there is
 *   none; one line for all dimensions when there are fewer than two
 *   trainees
 */
GPtrArray *
peil_debrief_agreement_lines (PeilExerciseScore *score)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify)debrief_line_free);
  g_auto(GStrv) dimensions = peil_exercise_score_dup_dimensions (score);
  guint trainees = peil_exercise_score_get_n_trainees (score);

  if (trainees < 2)
    {
      add_line (lines, _("All dimensions"), g_strdup (_("undefined: it takes two trainees or more")));
      return lines;
    }
  for (guint i = 0; dimensions[i] != NULL; i++)
    {
      g_autofree char *label = peil_debrief_dimension_label (score, dimensions[i]);
      double alpha = peil_exercise_score_get_alpha (score, dimensions[i]);
      g_autofree char *value = format_ratio (alpha);

      if (isnan (alpha))
        add_line (lines, label, g_strdup (_("undefined: the trainees put every inject in one category, or too few "
                                            "injects were released to more than one")));
      else
        add_line (lines, label, g_strdup_printf ("α = %s", value));
    }
  return lines;
}

static void
debrief_moment_free (PeilDebriefMoment *moment)
{
  g_free (moment->expected);
  g_free (moment->round);
  g_free (moment);
}

static int
compare_moments (gconstpointer a,
                 gconstpointer b)
{
  const PeilDebriefMoment *x = *(const PeilDebriefMoment * const *)a;
  const PeilDebriefMoment *y = *(const PeilDebriefMoment * const *)b;

  /* Unreleased expectations (time 0) last; at one time, the expectation first. */
  if ((x->time == 0) != (y->time == 0))
    return x->time == 0 ? 1 : -1;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return (x->expected == NULL) - (y->expected == NULL);
}

static char *
describe_round (PeilRound *round)
{
  g_autofree char *name = peil_round_format_name (round, language (), " · ");
  GString *text = g_string_new (NULL);
  guint n_sections;
  const PeilRoundSection *sections = peil_round_sections (&n_sections);

  g_string_append (text, name);
  for (guint i = 0; i < n_sections; i++)
    {
      const char *written = peil_round_get_text (round, sections[i].key);

      /* The key points and the advice: what the crisis team was told to do. */
      if ((g_str_equal (sections[i].key, "key-points") || sections[i].chapter == 9) && *written != '\0')
        g_string_append_printf (text, "\n%s: %s", peil_round_section_heading (&sections[i], language ()), written);
    }
  return g_string_free (text, FALSE);
}

/**
 * peil_debrief_moments: (skip)
 *
 * Gives the timeline of the trainee at @index for a debrief: what the scenario
 * expected when, beside what the trainee did.
 *
 * Returns: (transfer container) (element-type PeilDebriefMoment): the
 *   scenario's expected actions, at the release of their inject in the
 *   trainee's file, and the rounds the trainee issued, in time order;
 *   expected actions of injects never released come last, at time 0
 */
GPtrArray *
peil_debrief_moments (PeilExerciseScore *score,
                      guint              index)
{
  const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, index);
  PeilScenario *scenario = peil_exercise_score_get_scenario (score);
  GPtrArray *moments = g_ptr_array_new_with_free_func ((GDestroyNotify)debrief_moment_free);

  for (guint i = 0; i < peil_scenario_get_n_injects (scenario); i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (scenario, i);
      const PeilInjectResponse *response;
      PeilDebriefMoment *moment;

      if (inject->expected_action == NULL || *inject->expected_action == '\0')
        continue;
      response = peil_trainee_score_get_response (trainee, inject->id);
      moment = g_new0 (PeilDebriefMoment, 1);
      moment->time = response ? response->released : 0;
      moment->expected = g_strdup_printf ("%s: %s", inject->id, inject->expected_action);
      g_ptr_array_add (moments, moment);
    }
  for (guint i = 0; i < trainee->rounds->len; i++)
    {
      PeilRound *round = g_ptr_array_index (trainee->rounds, i);
      PeilDebriefMoment *moment = g_new0 (PeilDebriefMoment, 1);

      moment->time = peil_round_get_issued_at (round);
      moment->round = describe_round (round);
      g_ptr_array_add (moments, moment);
    }
  g_ptr_array_sort (moments, compare_moments);
  return moments;
}

/**
 * peil_debrief_timeline_span:
 * @out_start: (out): the first release
 * @out_end: (out): the last release or first tag, at least a minute later
 *
 * The time a trainee's timeline of releases and first tags covers.
 *
 * Returns: %FALSE when nothing was released in the trainee's file
 */
gboolean
peil_debrief_timeline_span (PeilExerciseScore *score,
                            guint              index,
                            gint64            *out_start,
                            gint64            *out_end)
{
  const PeilTraineeScore *trainee = peil_exercise_score_get_trainee (score, index);
  gint64 start = G_MAXINT64, end = 0;

  for (guint i = 0; i < trainee->responses->len; i++)
    {
      const PeilInjectResponse *response = g_ptr_array_index (trainee->responses, i);

      start = MIN (start, response->released);
      end = MAX (end, MAX (response->released, response->first_tag));
    }
  if (trainee->responses->len == 0)
    return FALSE;
  *out_start = start;
  *out_end = MAX (end, start + 60);
  return TRUE;
}

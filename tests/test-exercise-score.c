/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "peil-test-util.h"

/* Scoring trainees against the trainer's gold (issue 12): the statistics
 * against published values, every figure against examples worked by
 * hand, and the debrief. Trainee files are made as the exercise makes
 * them: posts of the `scenario` source, remote id = inject id, fetched_at
 * = release; tags by analysts at known times. */

/* 14:00 on the exercise's day; injects are released at ORIGIN + offset. */
#define ORIGIN G_GINT64_CONSTANT (1795615200)

static PeilInject *
new_inject (const char *id,
            gint64      offset,
            const char *gold)    /* NULL: not assessed; "": assessed, no tag */
{
  PeilInject *inject = peil_inject_new (id, offset, PEIL_CHANNEL_X, "Een bericht");

  inject->author = g_strdup ("@burger");
  if (gold != NULL)
    inject->gold_tags = g_strsplit_set (gold, " ", -1);
  if (gold != NULL && *gold == '\0')
    {
      g_strfreev (inject->gold_tags);
      inject->gold_tags = g_new0 (char *, 1);
    }
  return inject;
}

static PeilTaxonomy *
default_taxonomy (void)
{
  g_autoptr(GError) error = NULL;
  PeilTaxonomy *taxonomy = peil_taxonomy_new_default (&error);

  g_assert_no_error (error);
  return taxonomy;
}

static PeilIncident *
new_exercise (const char *name)
{
  PeilIncident *incident = peil_test_new_incident (name);

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_EXERCISE, "true", NULL));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_TITLE, "Kraan omgevallen", NULL));
  return incident;
}

/* Releases an inject (or a post of that id) at @released. */
static gint64
release (PeilIncident *incident,
         const char   *id,
         gint64        offset,
         gint64        released)
{
  g_autoptr(PeilPost) post = peil_post_new ("scenario", id);
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;

  peil_post_set_channel (post, PEIL_CHANNEL_X);
  peil_post_set_author_name (post, "@burger");
  peil_post_set_text (post, "Een bericht");
  peil_post_set_created_at (post, ORIGIN + offset);
  peil_post_set_fetched_at (post, released);
  g_assert_true (peil_incident_add_post (incident, post, &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);
  return peil_post_get_id (post);
}

/* @analyst tags the released inject @id with @codes at @when, as an
 * import carrying tags with their analyst and time stores them. */
static void
tag_at (PeilIncident *incident,
        const char   *id,
        const char   *analyst,
        const char   *codes,
        gint64        when)
{
  g_autoptr(PeilPost) post = peil_post_new ("scenario", id);
  g_auto(GStrv) split = g_strsplit (codes, " ", -1);
  g_autoptr(GError) error = NULL;
  gboolean added = TRUE;

  for (guint i = 0; split[i] != NULL; i++)
    peil_post_add_tag (post, split[i], analyst, when);
  g_assert_true (peil_incident_add_post (incident, post, &added, &error));
  g_assert_no_error (error);
  g_assert_false (added);
}

static PeilExerciseScore *
score_files (PeilScenario  *scenario,
             PeilIncident **incidents,
             guint          n_incidents)
{
  g_autoptr(PeilTaxonomy) taxonomy = default_taxonomy ();
  PeilExerciseScore *score = peil_exercise_score_new (scenario, taxonomy);

  for (guint i = 0; i < n_incidents; i++)
    {
      g_autoptr(GError) error = NULL;

      peil_exercise_score_add_incident (score, incidents[i], &error);
      g_assert_no_error (error);
    }
  return score;
}

static const PeilDimensionScore *
dimension_of (PeilExerciseScore *score,
              guint              trainee,
              const char        *dimension)
{
  return peil_trainee_score_get_dimension (peil_exercise_score_get_trainee (score, trainee), dimension);
}

static void
assert_strv (GStrv       strv,
             const char *expected)   /* space-separated */
{
  g_autofree char *joined = g_strjoinv (" ", strv);
  g_assert_cmpstr (joined, ==, expected);
}

#define assert_near(value, expected) g_assert_cmpfloat_with_epsilon ((value), (expected), 0.0005)

/* The statistics -------------------------------------------------------- */

/* Cohen's kappa of two readers of 50 grant proposals, the worked example
 * of Wikipedia's "Cohen's kappa" article: both yes 20, A yes B no 5,
 * A no B yes 10, both no 15; p_o = 0.7, p_e = 0.5, κ = 0.4. Its second
 * example (45, 15, 25, 15) gives p_o = 0.6, p_e = 0.54, κ = 0.1304. */
static void
fill_readers (const char **a,
              const char **b,
              guint        yes_yes,
              guint        yes_no,
              guint        no_yes,
              guint        no_no)
{
  guint i = 0;

  for (guint k = 0; k < yes_yes; k++, i++) { a[i] = "yes"; b[i] = "yes"; }
  for (guint k = 0; k < yes_no; k++, i++)  { a[i] = "yes"; b[i] = "no"; }
  for (guint k = 0; k < no_yes; k++, i++)  { a[i] = "no";  b[i] = "yes"; }
  for (guint k = 0; k < no_no; k++, i++)   { a[i] = "no";  b[i] = "no"; }
}

static void
test_kappa_reference (void)
{
  const char *a[100], *b[100];
  double kappa = -9;

  fill_readers (a, b, 20, 5, 10, 15);
  g_assert_true (peil_agreement_cohen_kappa (a, b, 50, &kappa));
  assert_near (kappa, 0.400);

  fill_readers (a, b, 45, 15, 25, 15);
  g_assert_true (peil_agreement_cohen_kappa (a, b, 100, &kappa));
  assert_near (kappa, 0.130);

  /* Full agreement over two categories is 1; chance-level agreement, 0. */
  fill_readers (a, b, 10, 0, 0, 10);
  g_assert_true (peil_agreement_cohen_kappa (a, b, 20, &kappa));
  assert_near (kappa, 1.0);
  fill_readers (a, b, 5, 5, 5, 5);
  g_assert_true (peil_agreement_cohen_kappa (a, b, 20, &kappa));
  assert_near (kappa, 0.0);

  /* Undefined: no units, or everything in one category (p_e = 1), even
   * though the two agree on every unit. */
  kappa = -9;
  g_assert_false (peil_agreement_cohen_kappa (a, b, 0, &kappa));
  fill_readers (a, b, 12, 0, 0, 0);
  g_assert_false (peil_agreement_cohen_kappa (a, b, 12, &kappa));
  g_assert_cmpfloat (kappa, ==, -9);
}

/* Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
 * section C: nominal data, four observers, twelve units, values missing;
 * α = 0.743. Unit 12 has one value only and does not count. */
static const int reliability_data[4][12] = {
  { 1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0 },
  { 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3 },
  { 0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0 },
  { 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0 },
};

static void
test_alpha_reference (void)
{
  const char *names[] = { NULL, "1", "2", "3", "4", "5" };
  const char *values[4 * 12];
  const char *same[3 * 2] = { "a", "a", "a", "a", NULL, "a" };
  double alpha = -9;

  for (guint coder = 0; coder < 4; coder++)
    for (guint unit = 0; unit < 12; unit++)
      values[coder * 12 + unit] = names[reliability_data[coder][unit]];
  g_assert_true (peil_agreement_krippendorff_alpha (values, 4, 12, &alpha));
  assert_near (alpha, 0.743);

  /* Undefined: one category only; or nothing to pair. */
  alpha = -9;
  g_assert_false (peil_agreement_krippendorff_alpha (same, 3, 2, &alpha));
  g_assert_false (peil_agreement_krippendorff_alpha (values, 1, 12, &alpha));
  g_assert_cmpfloat (alpha, ==, -9);
}

static void
test_quantiles (void)
{
  const double delays[] = { 100, 20, 40, 10, 30 };
  const double two[] = { 10, 20 };
  double value;

  /* Sorted 10 20 30 40 100: the median is 30; for p90, h = 4 · 0.9 = 3.6,
   * 40 + 0.6 · (100 − 40) = 76. */
  g_assert_true (peil_agreement_quantile (delays, 5, 0.5, &value));
  assert_near (value, 30);
  g_assert_true (peil_agreement_quantile (delays, 5, 0.9, &value));
  assert_near (value, 76);
  g_assert_true (peil_agreement_quantile (two, 2, 0.5, &value));
  assert_near (value, 15);
  g_assert_true (peil_agreement_quantile (two, 1, 0.9, &value));
  assert_near (value, 10);
  g_assert_false (peil_agreement_quantile (two, 0, 0.5, &value));
}

/* Scoring trainee files ---------------------------------------------- */

/* Kappa through the whole scoring: Wikipedia's 50 proposals as 50
 * injects, the gold as reader A (IB-VEILIG = yes, assessed without a tag =
 * no), the trainee as reader B. Precision 20/30, recall 20/25, F1 40/55. */
static void
test_kappa_of_a_trainee (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("kappa.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  const char *gold[50], *given[50];
  const PeilDimensionScore *ib;

  fill_readers (gold, given, 20, 5, 10, 15);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("K%02u", i + 1);

      peil_scenario_add_inject (scenario, new_inject (id, 60 * i, g_str_equal (gold[i], "yes") ? "IB-VEILIG" : ""));
      release (incident, id, 60 * i, ORIGIN + 60 * i);
      if (g_str_equal (given[i], "yes"))
        tag_at (incident, id, "Anna", "IB-VEILIG", ORIGIN + 60 * i + 30);
    }
  score = score_files (scenario, &incident, 1);

  g_assert_cmpuint (peil_exercise_score_get_n_trainees (score), ==, 1);
  g_assert_cmpstr (peil_exercise_score_get_trainee (score, 0)->analyst, ==, "Anna");
  ib = dimension_of (score, 0, "IB");
  g_assert_cmpuint (ib->gold, ==, 25);
  g_assert_cmpuint (ib->given, ==, 30);
  g_assert_cmpuint (ib->matched, ==, 20);
  g_assert_cmpuint (ib->units, ==, 50);
  assert_near (ib->precision, 20.0 / 30);
  assert_near (ib->recall, 0.8);
  assert_near (ib->f1, 40.0 / 55);
  assert_near (ib->kappa, 0.400);

  /* Only IB has tags; BG is not scored, and its kappa is undefined. */
  {
    g_auto(GStrv) dimensions = peil_exercise_score_dup_dimensions (score);
    assert_strv (dimensions, "IB");
  }
  g_assert_true (isnan (dimension_of (score, 0, "BG")->kappa));
  g_assert_true (isnan (dimension_of (score, 0, "BG")->precision));
  g_assert_true (isnan (dimension_of (score, 0, "BG")->f1));
}

/* The scenario's priority column is gold in the PRIORITY dimension, as a
 * trainee gives it (PRIORITY-HIGH, -MEDIUM, -LOW):
 *   A gold IB-WAT,    priority high, given IB-WAT PRIORITY-HIGH;
 *   B gold IB-VEILIG, priority low,  given IB-VEILIG PRIORITY-HIGH;
 *   C assessed, no tag, no priority, given nothing.
 * PRIORITY: gold 2 pairs (A high, B low), given 2, matched 1: P = R =
 * F1 = 0.5. Kappa over A, B, C: gold HIGH LOW none, given HIGH HIGH none;
 * p_o = 2/3, p_e = 1/3 · 2/3 + 1/3 · 0 + 1/3 · 1/3 = 1/3, κ = 0.5.
 * A gold that names the priority as a tag already counts it once. */
static void
test_priority_gold (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("priority.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  const PeilDimensionScore *priority;
  PeilInject *inject;

  inject = new_inject ("A", 0, "IB-WAT");
  inject->priority = 3;
  peil_scenario_add_inject (scenario, inject);
  inject = new_inject ("B", 60, "IB-VEILIG");
  inject->priority = 1;
  peil_scenario_add_inject (scenario, inject);
  peil_scenario_add_inject (scenario, new_inject ("C", 120, ""));
  release (incident, "A", 0, ORIGIN);
  release (incident, "B", 60, ORIGIN + 60);
  release (incident, "C", 120, ORIGIN + 120);
  tag_at (incident, "A", "Anna", "IB-WAT PRIORITY-HIGH", ORIGIN + 30);
  tag_at (incident, "B", "Anna", "IB-VEILIG PRIORITY-HIGH", ORIGIN + 90);
  score = score_files (scenario, &incident, 1);

  priority = dimension_of (score, 0, "PRIORITY");
  g_assert_cmpuint (priority->gold, ==, 2);
  g_assert_cmpuint (priority->given, ==, 2);
  g_assert_cmpuint (priority->matched, ==, 1);
  g_assert_cmpuint (priority->units, ==, 3);
  assert_near (priority->precision, 0.5);
  assert_near (priority->recall, 0.5);
  assert_near (priority->f1, 0.5);
  assert_near (priority->kappa, 0.5);
  /* IB is untouched: both right. */
  assert_near (dimension_of (score, 0, "IB")->f1, 1.0);

  /* The confusion table shows gold LOW given HIGH once. */
  {
    g_autoptr(GPtrArray) cells = peil_exercise_score_get_confusion (score, "PRIORITY");
    gboolean found = FALSE;

    for (guint i = 0; i < cells->len; i++)
      {
        PeilConfusionCell *cell = g_ptr_array_index (cells, i);

        if (g_str_equal (cell->gold, "PRIORITY-LOW") && g_str_equal (cell->given, "PRIORITY-HIGH"))
          {
            g_assert_cmpuint (cell->count, ==, 1);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* Gold with the tag and the column: one pair, not two. */
  {
    g_autoptr(PeilInject) both = new_inject ("D", 0, "PRIORITY-HIGH IB-WAT");
    g_auto(GStrv) gold = NULL;

    both->priority = 3;
    gold = peil_inject_dup_gold (both);
    assert_strv (gold, "IB-WAT PRIORITY-HIGH");
  }
}

/* Several tags in one dimension: pairs count one by one for precision and
 * recall; for kappa, an inject's category is its set of tags.
 *   A gold IB-WAT IB-VEILIG, given IB-WAT;
 *   B gold IB-DOEN,          given IB-DOEN IB-HULP;
 *   C assessed, no tag,      given IB-INFO;
 *   D not assessed,          given IB-WAT (not counted, shown as unassessed);
 *   E gold IB-HINDER, never released (not counted, shown as not released).
 * IB: gold 3 pairs, given 4, matched 2: P 0.5, R 2/3, F1 4/7; the three
 * categories never agree and no category is shared, so κ = 0. */
static void
test_several_tags (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("several.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  const PeilTraineeScore *trainee;
  const PeilDimensionScore *ib, *bg;

  peil_scenario_add_inject (scenario, new_inject ("A", 0, "IB-WAT IB-VEILIG BG-ANGST"));
  peil_scenario_add_inject (scenario, new_inject ("B", 60, "IB-DOEN"));
  peil_scenario_add_inject (scenario, new_inject ("C", 120, ""));
  peil_scenario_add_inject (scenario, new_inject ("D", 180, NULL));
  peil_scenario_add_inject (scenario, new_inject ("E", 240, "IB-HINDER"));
  release (incident, "A", 0, ORIGIN);
  release (incident, "B", 60, ORIGIN + 60);
  release (incident, "C", 120, ORIGIN + 120);
  release (incident, "D", 180, ORIGIN + 180);
  tag_at (incident, "A", "Anna", "IB-WAT BG-ANGST", ORIGIN + 10);
  tag_at (incident, "B", "Anna", "IB-DOEN IB-HULP", ORIGIN + 100);
  tag_at (incident, "C", "Anna", "IB-INFO", ORIGIN + 200);
  tag_at (incident, "D", "Anna", "IB-WAT", ORIGIN + 300);
  score = score_files (scenario, &incident, 1);

  trainee = peil_exercise_score_get_trainee (score, 0);
  ib = peil_trainee_score_get_dimension (trainee, "IB");
  g_assert_cmpuint (ib->gold, ==, 3);
  g_assert_cmpuint (ib->given, ==, 4);
  g_assert_cmpuint (ib->matched, ==, 2);
  assert_near (ib->precision, 0.5);
  assert_near (ib->recall, 2.0 / 3);
  assert_near (ib->f1, 4.0 / 7);
  g_assert_cmpuint (ib->units, ==, 3);
  assert_near (ib->kappa, 0.0);

  /* BG: one pair, found; the other two injects agree on "none": p_o = 1,
   * p_e = (1·1 + 2·2) / 9, κ = 1. */
  bg = peil_trainee_score_get_dimension (trainee, "BG");
  g_assert_cmpuint (bg->matched, ==, 1);
  assert_near (bg->precision, 1.0);
  assert_near (bg->kappa, 1.0);

  /* The categories kappa and the confusion table compare. */
  {
    const char *tags[] = { "IB-VEILIG", "IB-WAT", "BG-ANGST", NULL };
    g_autofree char *category = peil_exercise_score_dup_category (score, tags, "IB");
    g_autofree char *none = peil_exercise_score_dup_category (score, tags, "SB");

    g_assert_cmpstr (category, ==, "IB-VEILIG+IB-WAT");
    g_assert_cmpstr (none, ==, "");
  }
  {
    g_autoptr(GPtrArray) cells = peil_exercise_score_get_confusion (score, "IB");
    const char *expected[][3] = {
      { "IB-DOEN", "IB-DOEN+IB-HULP", "1" },
      { "IB-VEILIG+IB-WAT", "IB-WAT", "1" },
      { "", "IB-INFO", "1" },
    };

    g_assert_cmpuint (cells->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < cells->len; i++)
      {
        PeilConfusionCell *cell = g_ptr_array_index (cells, i);

        g_assert_cmpstr (cell->gold, ==, expected[i][0]);
        g_assert_cmpstr (cell->given, ==, expected[i][1]);
        g_assert_cmpuint (cell->count, ==, atoi (expected[i][2]));
      }
  }

  /* Coverage: D unassessed, E not released, both shown. */
  g_assert_cmpuint (trainee->responses->len, ==, 4);
  g_assert_cmpuint (trainee->assessed, ==, 3);
  assert_strv (trainee->unassessed, "D");
  assert_strv (trainee->unreleased, "E");
}

/* Times from release to first tag: delays 10, 20, 30, 40 and 100 s give a
 * median of 30 and a p90 of 76; one inject is never tagged. A tag taken
 * off again still counts from when it was given, and a note or a link is
 * "seen". Priority injects: P1 (high, no deadline) never seen; P2
 * (deadline 300 s) seen after 400 s, late; P3 (deadline 300 s) seen after
 * 100 s, in time. */
static void
test_timing (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("timing.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  const PeilTraineeScore *trainee;
  const gint64 delays[] = { 100, 20, 40, 10, 30 };
  PeilInject *inject;
  gint64 before, after, untagged_post, noted_post;

  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      g_autofree char *id = g_strdup_printf ("T%u", i + 1);

      peil_scenario_add_inject (scenario, new_inject (id, 600 * i, "IB-WAT"));
      release (incident, id, 600 * i, ORIGIN + 600 * i);
      tag_at (incident, id, "Test Analist", "IB-WAT", ORIGIN + 600 * i + delays[i]);
    }
  peil_scenario_add_inject (scenario, new_inject ("N", 3600, "IB-WAT"));
  release (incident, "N", 3600, ORIGIN + 3600);

  inject = new_inject ("P1", 4000, "IB-VEILIG");
  inject->priority = 3;
  peil_scenario_add_inject (scenario, inject);
  inject = new_inject ("P2", 4100, "IB-VEILIG");
  inject->deadline = 300;
  peil_scenario_add_inject (scenario, inject);
  inject = new_inject ("P3", 4200, "IB-VEILIG");
  inject->deadline = 300;
  inject->priority = 1;
  peil_scenario_add_inject (scenario, inject);
  release (incident, "P1", 4000, ORIGIN + 4000);
  release (incident, "P2", 4100, ORIGIN + 4100);
  release (incident, "P3", 4200, ORIGIN + 4200);
  tag_at (incident, "P2", "Test Analist", "BG-ANGST", ORIGIN + 4100 + 400);
  tag_at (incident, "P3", "Test Analist", "BG-ANGST", ORIGIN + 4200 + 100);

  /* Released now: a tag given and taken off again, and a note. */
  before = g_get_real_time () / G_USEC_PER_SEC;
  peil_scenario_add_inject (scenario, new_inject ("U1", 5000, ""));
  peil_scenario_add_inject (scenario, new_inject ("S1", 5100, NULL));
  untagged_post = release (incident, "U1", 5000, before - 50);
  noted_post = release (incident, "S1", 5100, before - 50);
  g_assert_true (peil_incident_tag_post (incident, untagged_post, "SB-ONRUST", NULL));
  g_assert_true (peil_incident_untag_post (incident, untagged_post, "SB-ONRUST", NULL));
  g_assert_cmpint (peil_incident_add_note (incident, noted_post, "Navragen bij de gemeente", NULL), >, 0);
  after = g_get_real_time () / G_USEC_PER_SEC;

  score = score_files (scenario, &incident, 1);
  trainee = peil_exercise_score_get_trainee (score, 0);
  g_assert_cmpuint (trainee->tagged, ==, 8);
  {
    const PeilInjectResponse *gone = peil_trainee_score_get_response (trainee, "U1");
    const PeilInjectResponse *noted = peil_trainee_score_get_response (trainee, "S1");

    g_assert_cmpint (gone->first_tag, >=, before);
    g_assert_cmpint (gone->first_tag, <=, after);
    g_assert_null (gone->tags[0]);
    g_assert_cmpint (noted->first_tag, ==, 0);
    g_assert_cmpint (noted->seen, >=, before);
  }
  g_assert_cmpint (peil_trainee_score_get_response (trainee, "T2")->first_tag, ==, ORIGIN + 600 + 20);
  assert_strv (trainee->never_tagged, "N P1 S1");
  assert_strv (trainee->priority_late, "P2");
  assert_strv (trainee->priority_unseen, "P1");

  /* The median and p90 over the five known delays alone. */
  {
    g_autoptr(PeilScenario) five = peil_scenario_new ();
    peil_test_autofinal(PeilIncident) only = new_exercise ("timing-five.peil");
    g_autoptr(PeilExerciseScore) five_score = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
      {
        g_autofree char *id = g_strdup_printf ("T%u", i + 1);

        peil_scenario_add_inject (five, new_inject (id, 600 * i, "IB-WAT"));
        release (only, id, 600 * i, ORIGIN + 600 * i);
        tag_at (only, id, "Test Analist", "IB-WAT", ORIGIN + 600 * i + delays[i]);
      }
    peil_scenario_add_inject (five, new_inject ("N", 3600, "IB-WAT"));
    release (only, "N", 3600, ORIGIN + 3600);
    five_score = score_files (five, &only, 1);
    trainee = peil_exercise_score_get_trainee (five_score, 0);
    g_assert_cmpuint (trainee->tagged, ==, 5);
    assert_near (trainee->median_delay, 30);
    assert_near (trainee->p90_delay, 76);
    assert_strv (trainee->never_tagged, "N");
  }
}

/* The scenario's rumours against the register: "tien doden" (R1, R2) is
 * found through R2's post; "asbest" (R3) is missed; "niet gekeurd" (R4)
 * was never released; the trainee's "burgemeester" rumour matches none. */
static void
test_rumours (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("rumours.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  peil_test_autofinal(PeilRumour) found = NULL;
  peil_test_autofinal(PeilRumour) unmatched = NULL;
  const PeilTraineeScore *trainee;
  const char *claims[] = { "Er zijn tien doden", "er zijn TIEN doden ", "Asbest in de lucht",
                           "De kraan was niet gekeurd", NULL };
  gint64 posts[5];

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("R%u", i + 1);
      PeilInject *inject = new_inject (id, 60 * i, "IB-WAT");

      inject->rumour = g_strdup (claims[i]);
      peil_scenario_add_inject (scenario, inject);
      if (i != 3)
        posts[i] = release (incident, id, 60 * i, ORIGIN + 60 * i);
    }

  found = peil_incident_add_rumour (incident, "Tien doden?", ORIGIN + 100, NULL);
  g_assert_true (peil_incident_link_rumour_post (incident, peil_rumour_get_id (found), posts[1], TRUE, NULL));
  unmatched = peil_incident_add_rumour (incident, "De burgemeester is afgetreden", ORIGIN + 200, NULL);
  g_assert_true (peil_incident_link_rumour_post (incident, peil_rumour_get_id (unmatched), posts[4], TRUE, NULL));

  score = score_files (scenario, &incident, 1);
  {
    g_auto(GStrv) rumours = peil_exercise_score_dup_rumours (score);
    g_assert_cmpuint (g_strv_length (rumours), ==, 3);
    g_assert_cmpstr (rumours[0], ==, "Er zijn tien doden");
  }
  trainee = peil_exercise_score_get_trainee (score, 0);
  g_assert_cmpstr (trainee->analyst, ==, "Test Analist");
  g_assert_cmpstr (trainee->rumours_found[0], ==, "Er zijn tien doden");
  g_assert_null (trainee->rumours_found[1]);
  g_assert_cmpstr (trainee->rumours_missed[0], ==, "Asbest in de lucht");
  g_assert_null (trainee->rumours_missed[1]);
  g_assert_cmpstr (trainee->rumours_unreleased[0], ==, "De kraan was niet gekeurd");
  g_assert_cmpstr (trainee->rumours_unmatched[0], ==, "De burgemeester is afgetreden");
  g_assert_null (trainee->rumours_unmatched[1]);
  /* Linking is seeing. */
  g_assert_cmpint (peil_trainee_score_get_response (trainee, "R2")->seen, >, 0);
  g_assert_cmpint (peil_trainee_score_get_response (trainee, "R2")->first_tag, ==, 0);
}

/* Krippendorff's reference data as four trainees: categories 1–5 are five
 * IB tags, a missing value an inject not released in that trainee's file. */
static void
test_alpha_of_trainees (void)
{
  const char *tags[] = { NULL, "IB-WAT", "IB-VEILIG", "IB-DOEN", "IB-NAASTEN", "IB-HULP" };
  const char *names[] = { "Anna", "Bram", "Cor", "Dewi" };
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  PeilIncident *incidents[4];
  g_autoptr(PeilExerciseScore) score = NULL;

  for (guint unit = 0; unit < 12; unit++)
    {
      g_autofree char *id = g_strdup_printf ("I%02u", unit + 1);
      peil_scenario_add_inject (scenario, new_inject (id, 60 * unit, "IB-WAT"));
    }
  for (guint coder = 0; coder < 4; coder++)
    {
      g_autofree char *name = g_strdup_printf ("alpha-%u.peil", coder);

      incidents[coder] = new_exercise (name);
      for (guint unit = 0; unit < 12; unit++)
        {
          g_autofree char *id = g_strdup_printf ("I%02u", unit + 1);

          if (reliability_data[coder][unit] == 0)
            continue;
          release (incidents[coder], id, 60 * unit, ORIGIN + 60 * unit);
          tag_at (incidents[coder], id, names[coder], tags[reliability_data[coder][unit]], ORIGIN + 60 * unit + 5);
        }
    }
  score = score_files (scenario, incidents, 4);

  g_assert_cmpuint (peil_exercise_score_get_n_trainees (score), ==, 4);
  assert_near (peil_exercise_score_get_alpha (score, "IB"), 0.743);
  /* Nobody used BG: one category, undefined. */
  g_assert_true (isnan (peil_exercise_score_get_alpha (score, "BG")));
  /* Coverage per trainee: Anna got 9 of the 12, Bram 11. */
  g_assert_cmpuint (peil_exercise_score_get_trainee (score, 0)->responses->len, ==, 9);
  assert_strv (peil_exercise_score_get_trainee (score, 0)->unreleased, "I10 I11 I12");
  g_assert_cmpuint (peil_exercise_score_get_trainee (score, 1)->responses->len, ==, 11);

  for (guint i = 0; i < 4; i++)
    g_assert_finalize_object (incidents[i]);
  g_clear_object (&score);
}

/* A team replica holds two analysts: each is a trainee, with their own
 * tags, rumours and rounds. With one trainee, alpha is undefined. */
static void
test_team_file (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("team.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  peil_test_autofinal(PeilRumour) rumour = NULL;
  peil_test_autofinal(PeilRound) round = NULL;
  const PeilTraineeScore *anna, *bram;
  g_autoptr(GError) error = NULL;
  gint64 post;

  peil_scenario_add_inject (scenario, new_inject ("A", 0, "IB-WAT"));
  peil_scenario_add_inject (scenario, new_inject ("B", 60, "IB-VEILIG"));
  post = release (incident, "A", 0, ORIGIN);
  release (incident, "B", 60, ORIGIN + 60);
  tag_at (incident, "A", "Anna", "IB-WAT", ORIGIN + 30);
  tag_at (incident, "B", "Anna", "IB-WAT", ORIGIN + 90);
  tag_at (incident, "A", "Bram", "IB-AANPAK", ORIGIN + 50);
  tag_at (incident, "B", "Bram", "IB-VEILIG", ORIGIN + 80);

  peil_incident_set_analyst (incident, "Bram");
  rumour = peil_incident_add_rumour (incident, "Gerucht van Bram", ORIGIN, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_link_rumour_post (incident, peil_rumour_get_id (rumour), post, TRUE, NULL));
  peil_incident_set_analyst (incident, "Anna");
  round = peil_incident_add_round (incident, "ROT 14:30", ORIGIN, ORIGIN + 1800, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_issue_round (incident, 1, &error));
  g_assert_no_error (error);

  score = score_files (scenario, &incident, 1);
  g_assert_cmpuint (peil_exercise_score_get_n_trainees (score), ==, 2);
  anna = peil_exercise_score_get_trainee (score, 0);
  bram = peil_exercise_score_get_trainee (score, 1);
  g_assert_cmpstr (anna->analyst, ==, "Anna");
  g_assert_cmpstr (bram->analyst, ==, "Bram");

  /* Anna: A right, B wrong; Bram: A wrong, B right. */
  assert_near (peil_trainee_score_get_dimension (anna, "IB")->precision, 0.5);
  assert_near (peil_trainee_score_get_dimension (bram, "IB")->precision, 0.5);
  g_assert_cmpint (peil_trainee_score_get_response (anna, "B")->first_tag, ==, ORIGIN + 90);
  g_assert_cmpint (peil_trainee_score_get_response (bram, "B")->first_tag, ==, ORIGIN + 80);
  assert_strv (peil_trainee_score_get_response (bram, "A")->tags, "IB-AANPAK");

  g_assert_cmpuint (anna->rounds->len, ==, 1);
  g_assert_cmpuint (bram->rounds->len, ==, 0);
  g_assert_null (anna->rumours_unmatched[0]);
  g_assert_cmpstr (bram->rumours_unmatched[0], ==, "Gerucht van Bram");

  /* Both as coders over A and B: Anna WAT WAT, Bram AANPAK VEILIG; α < 0. */
  g_assert_cmpfloat (peil_exercise_score_get_alpha (score, "IB"), <, 0);
  {
    g_autofree char *label = peil_exercise_score_dup_trainee_label (score, 1);
    g_assert_cmpstr (label, ==, "Bram");
  }
}

/* A one-choice facet (rumour status) holds one value per post across a
 * team replica: Bram's choice takes Anna's off the post. Each trainee is
 * scored on their own last choice, from the event log:
 *   A gold RUMOUR-FALSE: Anna RUMOUR-FALSE, then Bram RUMOUR-UNVERIFIED
 *     (the post now holds Bram's only);
 *   B gold RUMOUR-UNVERIFIED: Bram RUMOUR-FALSE, Anna RUMOUR-UNVERIFIED,
 *     then Bram again RUMOUR-UNVERIFIED (Anna's row gives way to his);
 *   C gold RUMOUR-DEBUNKED: Anna RUMOUR-FALSE, then she changes her mind
 *     to RUMOUR-DEBUNKED; Anna takes it off herself afterwards.
 * RUMOUR: Anna gave A FALSE, B UNVERIFIED (C taken off): 2 of 2 right,
 * P = 1, R = 2/3. Bram gave A UNVERIFIED, B UNVERIFIED: 1 of 2, P = 0.5,
 * R = 1/3. */
static void
test_team_one_choice (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("team-facet.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  const PeilTraineeScore *anna, *bram;
  gint64 a, b, c;

  peil_scenario_add_inject (scenario, new_inject ("A", 0, "RUMOUR-FALSE"));
  peil_scenario_add_inject (scenario, new_inject ("B", 60, "RUMOUR-UNVERIFIED"));
  peil_scenario_add_inject (scenario, new_inject ("C", 120, "RUMOUR-DEBUNKED"));
  a = release (incident, "A", 0, ORIGIN);
  b = release (incident, "B", 60, ORIGIN + 60);
  c = release (incident, "C", 120, ORIGIN + 120);

#define AS(who, post, code) \
  G_STMT_START { \
    peil_incident_set_analyst (incident, who); \
    g_assert_true (peil_incident_tag_post (incident, post, code, NULL)); \
  } G_STMT_END
  AS ("Anna", a, "RUMOUR-FALSE");
  AS ("Bram", a, "RUMOUR-UNVERIFIED");
  AS ("Bram", b, "RUMOUR-FALSE");
  AS ("Anna", b, "RUMOUR-UNVERIFIED");
  AS ("Bram", b, "RUMOUR-UNVERIFIED");
  AS ("Anna", c, "RUMOUR-FALSE");
  AS ("Anna", c, "RUMOUR-DEBUNKED");
#undef AS
  g_assert_true (peil_incident_untag_post (incident, c, "RUMOUR-DEBUNKED", NULL));

  score = score_files (scenario, &incident, 1);
  g_assert_cmpuint (peil_exercise_score_get_n_trainees (score), ==, 2);
  anna = peil_exercise_score_get_trainee (score, 0);
  bram = peil_exercise_score_get_trainee (score, 1);
  g_assert_cmpstr (anna->analyst, ==, "Anna");
  assert_strv (peil_trainee_score_get_response (anna, "A")->tags, "RUMOUR-FALSE");
  assert_strv (peil_trainee_score_get_response (anna, "B")->tags, "RUMOUR-UNVERIFIED");
  assert_strv (peil_trainee_score_get_response (anna, "C")->tags, "");
  assert_strv (peil_trainee_score_get_response (bram, "A")->tags, "RUMOUR-UNVERIFIED");
  assert_strv (peil_trainee_score_get_response (bram, "B")->tags, "RUMOUR-UNVERIFIED");
  assert_near (peil_trainee_score_get_dimension (anna, "RUMOUR")->precision, 1.0);
  assert_near (peil_trainee_score_get_dimension (anna, "RUMOUR")->recall, 2.0 / 3);
  assert_near (peil_trainee_score_get_dimension (bram, "RUMOUR")->precision, 0.5);
  assert_near (peil_trainee_score_get_dimension (bram, "RUMOUR")->recall, 1.0 / 3);
}

/* Unscripted injects (U-…) and injects the scenario does not know are
 * counted and shown, never silently left out; a file without gold gives
 * undefined figures, not zeros; a file where nobody did anything is one
 * trainee who did nothing. */
static void
test_coverage_and_edges (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("idle.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  const PeilTraineeScore *trainee;
  const PeilDimensionScore *ib;
  GPtrArray *warnings;

  peil_scenario_add_inject (scenario, new_inject ("A", 0, "IB-WAT"));
  peil_scenario_add_inject (scenario, new_inject ("B", 60, "IB-WAT"));
  peil_scenario_add_inject (scenario, new_inject ("C", 120, NULL));
  release (incident, "A", 0, ORIGIN);
  release (incident, "B", 60, ORIGIN + 60);
  release (incident, "C", 120, ORIGIN + 120);
  release (incident, "U-1", 90, ORIGIN + 90);
  release (incident, "X-9", 95, ORIGIN + 95);

  score = score_files (scenario, &incident, 1);
  warnings = peil_exercise_score_get_warnings (score);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "X-9"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 1), "Nobody tagged"));

  g_assert_cmpuint (peil_exercise_score_get_n_trainees (score), ==, 1);
  trainee = peil_exercise_score_get_trainee (score, 0);
  g_assert_cmpstr (trainee->analyst, ==, "");
  {
    g_autofree char *label = peil_exercise_score_dup_trainee_label (score, 0);
    g_assert_cmpstr (label, ==, "idle.peil");
  }
  assert_strv (trainee->unscripted, "U-1");
  assert_strv (trainee->unknown, "X-9");
  assert_strv (trainee->unassessed, "C");
  g_assert_cmpuint (trainee->assessed, ==, 2);
  assert_strv (trainee->never_tagged, "A B C");
  g_assert_cmpuint (trainee->tagged, ==, 0);
  g_assert_true (isnan (trainee->median_delay));

  /* Tagged nothing: recall 0 and F1 0, precision undefined; the gold has
   * one category only (IB-WAT) and the trainee another (none): p_e = 0,
   * κ = 0. */
  ib = peil_trainee_score_get_dimension (trainee, "IB");
  g_assert_cmpuint (ib->gold, ==, 2);
  assert_near (ib->recall, 0);
  assert_near (ib->f1, 0);
  g_assert_true (isnan (ib->precision));
  assert_near (ib->kappa, 0);

  /* No gold at all: nothing to compare. */
  {
    g_autoptr(PeilScenario) ungraded = peil_scenario_new ();
    peil_test_autofinal(PeilIncident) tagged = new_exercise ("ungraded.peil");
    g_autoptr(PeilExerciseScore) ungraded_score = NULL;

    peil_scenario_add_inject (ungraded, new_inject ("A", 0, NULL));
    peil_scenario_add_inject (ungraded, new_inject ("B", 60, NULL));
    release (tagged, "A", 0, ORIGIN);
    release (tagged, "B", 60, ORIGIN + 60);
    tag_at (tagged, "A", "Anna", "IB-WAT", ORIGIN + 10);
    ungraded_score = score_files (ungraded, &tagged, 1);
    trainee = peil_exercise_score_get_trainee (ungraded_score, 0);
    ib = peil_trainee_score_get_dimension (trainee, "IB");
    g_assert_cmpuint (trainee->assessed, ==, 0);
    assert_strv (trainee->unassessed, "A B");
    g_assert_cmpuint (ib->units, ==, 0);
    g_assert_cmpuint (ib->given, ==, 0);
    g_assert_true (isnan (ib->precision));
    g_assert_true (isnan (ib->recall));
    g_assert_true (isnan (ib->f1));
    g_assert_true (isnan (ib->kappa));
    /* Still timed: tagged after 10 s. */
    assert_near (trainee->median_delay, 10);
  }

  /* Perfect but one category: κ is undefined, P = R = F1 = 1. */
  {
    g_autoptr(PeilScenario) same = peil_scenario_new ();
    peil_test_autofinal(PeilIncident) tagged = new_exercise ("same.peil");
    g_autoptr(PeilExerciseScore) same_score = NULL;

    peil_scenario_add_inject (same, new_inject ("A", 0, "IB-WAT"));
    peil_scenario_add_inject (same, new_inject ("B", 60, "IB-WAT"));
    release (tagged, "A", 0, ORIGIN);
    release (tagged, "B", 60, ORIGIN + 60);
    tag_at (tagged, "A", "Anna", "IB-WAT", ORIGIN + 10);
    tag_at (tagged, "B", "Anna", "IB-WAT", ORIGIN + 70);
    same_score = score_files (same, &tagged, 1);
    ib = dimension_of (same_score, 0, "IB");
    assert_near (ib->f1, 1);
    g_assert_true (isnan (ib->kappa));
  }
}

/* A file that is not an exercise, or played from another scenario, or in
 * which nothing was released yet, is refused with a message that says so. */
static void
test_wrong_files (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  g_autoptr(PeilTaxonomy) taxonomy = default_taxonomy ();
  g_autoptr(PeilExerciseScore) score = NULL;

  peil_scenario_add_inject (scenario, new_inject ("A", 0, "IB-WAT"));
  score = peil_exercise_score_new (scenario, taxonomy);
  {
    peil_test_autofinal(PeilIncident) real = peil_test_new_incident ("real.peil");
    g_autoptr(GError) error = NULL;

    /* An inject can't be released into it: its posts are real ones. */
    peil_test_add_post (real, "x", "A", "2026-11-25T14:05:00Z", "Anna", "Een bericht");
    g_assert_false (peil_exercise_score_add_incident (score, real, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "“real.peil” is not an exercise"));
  }
  {
    peil_test_autofinal(PeilIncident) other = new_exercise ("other.peil");
    g_autoptr(GError) error = NULL;

    release (other, "Q1", 0, ORIGIN);
    release (other, "Q2", 60, ORIGIN + 60);
    release (other, "U-1", 90, ORIGIN + 90);
    g_assert_false (peil_exercise_score_add_incident (score, other, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "None of the 2 injects in “other.peil” is in this scenario"));
  }
  {
    peil_test_autofinal(PeilIncident) fresh = new_exercise ("fresh.peil");
    g_autoptr(GError) error = NULL;

    g_assert_false (peil_exercise_score_add_incident (score, fresh, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "No inject of the scenario was released in “fresh.peil”"));
  }
  g_assert_cmpuint (peil_exercise_score_get_n_trainees (score), ==, 0);
  g_assert_cmpuint (peil_exercise_score_get_files (score)->len, ==, 0);
}

/* The debrief ------------------------------------------------------------ */

/* A small exercise played by two trainees, worked by hand:
 *   K1 +0:00 IB-WAT BG-ANGST, high priority, deadline 5 min, an expected
 *            action with markup in it
 *   K2 +0:05 IB-VEILIG, carries the rumour "tien mensen onder het puin"
 *   K3 +0:10 assessed, no tag
 *   K4 +0:15 not assessed
 *   K5 +0:20 SB-HULPVRAAG, carries "asbest", deadline 10 min
 *   K6 +0:30 IB-HINDER, released to Anna only
 * Anna (anna.peil): K1 IB-WAT BG-ANGST after 60 s, K2 IB-VEILIG after
 * 120 s, K4 IB-DOEN, K5 SB-HULPVRAAG after 700 s (late), K6 IB-WAT; her
 * register holds "tien mensen" linked to K2; she issued round 1; an
 * unscripted U-1 was released to her. IB: 2 of 3 pairs right, P = R = F1
 * = 0.667; κ over K1 K2 K3 K5 K6 = (5·4 − 7) / (25 − 7) = 0.722.
 * Bram (bram.peil): K1 IB-AANPAK after 400 s (late), K2 IB-VEILIG; never
 * saw K5. IB: 1 of 2, 0.5; κ over K1 K2 K3 K5 = (4·3 − 5) / (16 − 5) =
 * 0.636. α (IB) over K1–K5, K6 unpairable: n = 10, D_o·n... = 4 unlike
 * ordered pairs, Σ n_c² = 32: α = 1 − 9 · 4 / 68 = 0.471. */
typedef struct
{
  PeilScenario *scenario;
  PeilIncident *anna;
  PeilIncident *bram;
} Exercise;

static void
make_exercise (Exercise *exercise)
{
  const char *golds[] = { "IB-WAT BG-ANGST", "IB-VEILIG", "", NULL, "SB-HULPVRAAG", "IB-HINDER" };
  peil_test_autofinal(PeilRumour) rumour = NULL;
  peil_test_autofinal(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;
  gint64 k2 = 0;

  exercise->scenario = peil_scenario_new ();
  exercise->anna = new_exercise ("anna.peil");
  exercise->bram = new_exercise ("bram.peil");
  for (guint i = 0; i < G_N_ELEMENTS (golds); i++)
    {
      g_autofree char *id = g_strdup_printf ("K%u", i + 1);
      gint64 offset = i < 5 ? 300 * i : 1800;
      PeilInject *inject = new_inject (id, offset, golds[i]);
      gint64 post;

      if (i == 0)
        {
          inject->priority = 3;
          inject->deadline = 300;
          inject->expected_action = g_strdup ("Verwijs naar 112 <via> het crisisteam");
        }
      if (i == 1)
        inject->rumour = g_strdup ("Er liggen tien mensen onder het puin");
      if (i == 4)
        {
          inject->rumour = g_strdup ("Asbest: iedereen moet weg");
          inject->deadline = 600;
          inject->expected_action = g_strdup ("Laat het advies corrigeren");
        }
      peil_scenario_add_inject (exercise->scenario, inject);
      post = release (exercise->anna, id, offset, ORIGIN + offset);
      if (i == 1)
        k2 = post;
      if (i < 5)
        release (exercise->bram, id, offset, ORIGIN + offset);
    }
  release (exercise->anna, "U-1", 700, ORIGIN + 700);

  tag_at (exercise->anna, "K1", "Anna", "IB-WAT BG-ANGST", ORIGIN + 60);
  tag_at (exercise->anna, "K2", "Anna", "IB-VEILIG", ORIGIN + 300 + 120);
  tag_at (exercise->anna, "K4", "Anna", "IB-DOEN", ORIGIN + 900 + 30);
  tag_at (exercise->anna, "K5", "Anna", "SB-HULPVRAAG", ORIGIN + 1200 + 700);
  tag_at (exercise->anna, "K6", "Anna", "IB-WAT", ORIGIN + 1800 + 30);
  peil_incident_set_analyst (exercise->anna, "Anna");
  rumour = peil_incident_add_rumour (exercise->anna, "Tien mensen onder het puin?", ORIGIN + 400, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_link_rumour_post (exercise->anna, peil_rumour_get_id (rumour), k2, TRUE, NULL));
  round = peil_incident_add_round (exercise->anna, "ROT 14:30", ORIGIN, ORIGIN + 1800, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_set_round_text (exercise->anna, 1, "key-points", "Veel vragen over de veiligheid", NULL));
  g_assert_true (peil_incident_set_round_text (exercise->anna, 1, "advice-inform", "Meld dat 112 alleen voor spoed is", NULL));
  g_assert_true (peil_incident_issue_round (exercise->anna, 1, &error));
  g_assert_no_error (error);

  tag_at (exercise->bram, "K1", "Bram", "IB-AANPAK", ORIGIN + 400);
  tag_at (exercise->bram, "K2", "Bram", "IB-VEILIG", ORIGIN + 300 + 50);
}

static void
clear_exercise (Exercise *exercise)
{
  g_clear_object (&exercise->scenario);
  g_assert_finalize_object (exercise->anna);
  g_assert_finalize_object (exercise->bram);
}

static PeilExerciseScore *
score_exercise (Exercise *exercise)
{
  PeilIncident *incidents[] = { exercise->anna, exercise->bram };
  return score_files (exercise->scenario, incidents, 2);
}

static void
test_exercise_figures (void)
{
  Exercise exercise;
  g_autoptr(PeilExerciseScore) score = NULL;
  const PeilTraineeScore *anna, *bram;

  make_exercise (&exercise);
  score = score_exercise (&exercise);
  anna = peil_exercise_score_get_trainee (score, 0);
  bram = peil_exercise_score_get_trainee (score, 1);
  assert_near (peil_trainee_score_get_dimension (anna, "IB")->f1, 2.0 / 3);
  assert_near (peil_trainee_score_get_dimension (anna, "IB")->kappa, 13.0 / 18);
  assert_near (peil_trainee_score_get_dimension (bram, "IB")->f1, 0.5);
  assert_near (peil_trainee_score_get_dimension (bram, "IB")->kappa, 7.0 / 11);
  assert_near (peil_exercise_score_get_alpha (score, "IB"), 1 - 36.0 / 68);
  assert_strv (anna->priority_late, "K5");
  assert_strv (anna->priority_unseen, "");
  assert_strv (bram->priority_late, "K1");
  assert_strv (bram->priority_unseen, "K5");
  assert_strv (anna->rumours_found, "Er liggen tien mensen onder het puin");
  assert_strv (anna->rumours_missed, "Asbest: iedereen moet weg");
  assert_strv (bram->rumours_found, "");
  assert_strv (anna->unscripted, "U-1");
  assert_strv (bram->unreleased, "K6");
  g_assert_cmpuint (anna->rounds->len, ==, 1);
  clear_exercise (&exercise);
}

/* The JSON's shape, as docs/exercise.md documents it. */
static void
test_json (void)
{
  Exercise exercise;
  g_autoptr(PeilExerciseScore) score = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *anna, *ib, *timing;
  JsonArray *trainees;

  make_exercise (&exercise);
  score = score_exercise (&exercise);
  root = peil_exercise_score_to_json (score);
  object = json_node_get_object (root);

  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "scenario"), "injects"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "scenario"), "assessed"), ==, 5);
  /* IB, BG, SB and PRIORITY: K1's priority high is gold there. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "dimensions")), ==, 4);
  trainees = json_object_get_array_member (object, "trainees");
  g_assert_cmpuint (json_array_get_length (trainees), ==, 2);
  anna = json_array_get_object_element (trainees, 0);
  g_assert_cmpstr (json_object_get_string_member (anna, "analyst"), ==, "Anna");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (anna, "file"), "anna.peil"));
  ib = json_object_get_object_member (json_object_get_object_member (anna, "dimensions"), "IB");
  g_assert_cmpint (json_object_get_int_member (ib, "gold"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (ib, "given"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (ib, "matched"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (ib, "units"), ==, 5);
  assert_near (json_object_get_double_member (ib, "kappa"), 13.0 / 18);
  assert_near (json_object_get_double_member (ib, "f1"), 2.0 / 3);
  /* Undefined is null: Bram gave no BG tag. */
  {
    JsonObject *bram = json_array_get_object_element (trainees, 1);
    JsonObject *bg = json_object_get_object_member (json_object_get_object_member (bram, "dimensions"), "BG");

    g_assert_true (json_object_get_null_member (bg, "precision"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_object_get_object_member (bram, "priority"), "unseen")), ==, 1);
  }
  timing = json_object_get_object_member (anna, "timing");
  g_assert_cmpint (json_object_get_int_member (timing, "tagged"), ==, 5);
  /* Delays 60, 120, 30, 700, 30: median 60, p90 = 120 + 0.6 · 580 = 468. */
  assert_near (json_object_get_double_member (timing, "median_seconds"), 60);
  assert_near (json_object_get_double_member (timing, "p90_seconds"), 468);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (anna, "coverage"), "unscripted"), 0), ==, "U-1");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (anna, "coverage"), "unassessed"), 0), ==, "K4");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (anna, "rounds"), 0), "title"), ==, "ROT 14:30");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (anna, "rumours"), "found"), 0), ==,
                   "Er liggen tien mensen onder het puin");
  assert_near (json_object_get_double_member (json_object_get_object_member (
                 json_object_get_object_member (object, "agreement"), "IB"), "alpha"), 1 - 36.0 / 68);
  {
    JsonArray *cells = json_object_get_array_member (json_object_get_object_member (object, "confusion"), "IB");
    JsonObject *first = json_array_get_object_element (cells, 0);

    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "gold"), 0), ==, "IB-HINDER");
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "given"), 0), ==, "IB-WAT");
    g_assert_cmpint (json_object_get_int_member (first, "count"), ==, 1);
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "warnings")), ==, 0);
  clear_exercise (&exercise);
}

static char *
write_debrief (PeilExerciseScore *score,
               const char        *format,
               const char        *name)
{
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  PeilDebriefExporter *exporter = peil_plugin_engine_find_debrief_exporter (engine, format);
  g_autofree char *path = peil_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (exporter);
  g_assert_cmpstr (peil_file_format_get_extension (PEIL_FILE_FORMAT (exporter)), ==, format);
  g_assert_true (peil_debrief_exporter_export_file (exporter, score, file, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_debrief_html (void)
{
  Exercise exercise;
  g_autoptr(PeilExerciseScore) score = NULL;
  g_autofree char *path = NULL;
  g_autofree char *html = NULL;
  const char *expected[] = {
    "OEFENING / EXERCISE", "<title>DEBRIEF — Kraan omgevallen</title>",
    "<h2>Anna</h2>", "<h2>Bram</h2>",
    /* Anna's IB row: pairs 3 3 2, P R F1 0.67, κ 0.72; Bram's κ 0.64. */
    "<td class=\"n\">3</td><td class=\"n\">3</td><td class=\"n\">2</td><td class=\"n\">0.67</td>"
    "<td class=\"n\">0.67</td><td class=\"n\">0.67</td><td class=\"n\">0.72</td>",
    "<td class=\"n\">0.64</td>",
    "<dd>α = 0.47</dd>",
    "<dd>median 0:01:00, p90 0:07:48 (5 of 6 released injects tagged)</dd>",
    "<dd>1: K5 (after 0:11:40; deadline 0:10:00)</dd>",
    "<dd>1 of 2: Er liggen tien mensen onder het puin</dd>",
    "<dd>1: Asbest: iedereen moet weg</dd>",
    "<dd>1: U-1</dd>", "<dd>1: K4</dd>", "<dd>1: K6</dd>",
    "K1: Verwijs naar 112 &lt;via&gt; het crisisteam",
    "Round 1 · ROT 14:30\nKey points at a glance: Veel vragen over de veiligheid\nInform: Meld dat 112",
    "<svg", "<title>K6</title>",
    "<h3>IB · Information needs</h3>",
    "<tr class=\"agree\"><td>Safety &amp; health</td><td>Safety &amp; health</td><td class=\"n\">2</td></tr>",
    "<td>What happened</td><td>Response &amp; decisions</td>",
    "undefined",
  };

  make_exercise (&exercise);
  score = score_exercise (&exercise);
  path = write_debrief (score, "html", "debrief.html");
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (html, expected[i]) == NULL)
      g_error ("The debrief lacks “%s”:\n%s", expected[i], html);
  g_assert_null (strstr (html, "<via>"));
  g_assert_null (strstr (html, "nan"));
  g_assert_null (strstr (html, "Round Round"));

  /* Never over a trainee file. */
  {
    g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
    g_autoptr(GError) error = NULL;

    g_assert_false (peil_debrief_exporter_export_file (peil_plugin_engine_find_debrief_exporter (engine, "html"),
                                                       score, peil_incident_get_file (exercise.bram), NULL, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  }
  clear_exercise (&exercise);
}

static void
test_debrief_pdf (void)
{
  Exercise exercise;
  g_autoptr(PeilExerciseScore) score = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  const char *expected[] = {
    "OEFENING / EXERCISE", "DEBRIEF | Kraan omgevallen", "Anna", "Bram",
    "IB · Information needs 3 3 2 0.67 0.67 0.67 0.72", "α = 0.47",
    "Timeline: releases and first tags", "Expected actions and issued rounds",
    "K1: Verwijs naar 112 <via> het crisisteam", "Round 1 · ROT 14:30",
    "Gold against given, per dimension", "What happened Response & decisions 1",
  };

  make_exercise (&exercise);
  score = score_exercise (&exercise);
  path = write_debrief (score, "pdf", "debrief.pdf");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  raw = peil_test_run_tool ((const char *[]){ "pdftotext", "-raw", path, "-", NULL });
  text = peil_test_collapse_space (raw);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (text, expected[i]) == NULL)
      g_error ("The PDF debrief lacks “%s”:\n%s", expected[i], text);
  info = peil_test_run_tool ((const char *[]){ "pdfinfo", path, NULL });
  g_assert_nonnull (strstr (info, "DEBRIEF — Kraan omgevallen"));

  /* The watermark is on every page. */
  {
    g_autoptr(GRegex) pages_pattern = g_regex_new ("Pages:\\s+(\\d+)", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autofree char *count = NULL;
    guint pages;

    g_assert_true (g_regex_match (pages_pattern, info, 0, &match));
    count = g_match_info_fetch (match, 1);
    pages = atoi (count);
    g_assert_cmpuint (pages, >=, 2);
    for (guint page = 1; page <= pages; page++)
      {
        g_autofree char *number = g_strdup_printf ("%u", page);
        g_autofree char *page_raw = peil_test_run_tool ((const char *[]){ "pdftotext", "-raw", "-f", number, "-l",
                                                                          number, path, "-", NULL });
        g_autofree char *page_text = peil_test_collapse_space (page_raw);

        g_assert_nonnull (strstr (page_text, "OEFENING / EXERCISE"));
      }
  }
  clear_exercise (&exercise);
}

/* A long scenario's timeline goes on over pages, each with its grid; a
 * trainee's figures stay linear in the number of injects. */
static void
test_long_timeline (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  peil_test_autofinal(PeilIncident) incident = new_exercise ("long.peil");
  g_autoptr(PeilExerciseScore) score = NULL;
  g_autofree char *path = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(GRegex) grids = g_regex_new ("^\\+0 \\+", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n_grids = 0;

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *id = g_strdup_printf ("L%03u", i);

      peil_scenario_add_inject (scenario, new_inject (id, 10 * i, "IB-WAT"));
      release (incident, id, 10 * i, ORIGIN + 10 * i);
      if (i % 2 == 0)
        tag_at (incident, id, "Anna", "IB-WAT", ORIGIN + 10 * i + 30);
    }
  score = score_files (scenario, &incident, 1);
  g_assert_cmpuint (peil_exercise_score_get_trainee (score, 0)->tagged, ==, 200);
  assert_near (peil_trainee_score_get_dimension (peil_exercise_score_get_trainee (score, 0), "IB")->recall, 0.5);

  path = write_debrief (score, "pdf", "long.pdf");
  raw = peil_test_run_tool ((const char *[]){ "pdftotext", "-raw", path, "-", NULL });
  for (g_regex_match (grids, raw, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    n_grids++;
  /* 400 rows of 2.4 points: two blocks, two grids. */
  g_assert_cmpuint (n_grids, ==, 2);

  /* Rows too thin for a label each are labelled every few rows, 7 points
   * apart at least: every third. (The odd ones, never tagged, are listed
   * by id elsewhere; the even ones only in the timeline.) */
  g_assert_nonnull (strstr (raw, "L000"));
  g_assert_nonnull (strstr (raw, "L396"));
  g_assert_null (strstr (raw, "L002"));
  g_assert_null (strstr (raw, "L394"));

  /* The page's SVG likewise, 10 pixels apart: rows of 3, every fourth. */
  {
    g_autofree char *html = write_debrief (score, "html", "long.html");
    g_autofree char *page = NULL;

    g_assert_true (g_file_get_contents (html, &page, NULL, NULL));
    g_assert_nonnull (strstr (page, ">L000</text>"));
    g_assert_nonnull (strstr (page, ">L396</text>"));
    g_assert_null (strstr (page, ">L001</text>"));
  }
}

/* The wall clock of the exercise's clock, moved by the test. */
static gint64 wall_now = ORIGIN * G_USEC_PER_SEC;

static gint64
fake_wall_clock (gpointer user_data)
{
  return __atomic_load_n (&wall_now, __ATOMIC_SEQ_CST);
}

static guint64
gather_injects (PeilIncident     *incident,
                PeilPluginEngine *engine)
{
  g_autoptr(GPtrArray) queries = peil_incident_list_queries (incident, NULL);
  g_autoptr(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "scenario"),
                                       g_ptr_array_index (queries, 0));
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
  return peil_gather_job_get_n_added (job);
}

/* An exercise as part B plays it — made from the scenario, released by
 * the clock through the scenario source, an inject added by the trainer —
 * scored as the trainer's file sees it. */
static void
test_played_exercise (void)
{
  peil_test_autofinal(PeilIncident) incident = NULL;
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  g_autoptr(PeilTaxonomy) taxonomy = default_taxonomy ();
  g_autofree char *path = peil_test_tmp_path ("played.peil");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilExerciseScore) score = NULL;
  g_autoptr(PeilExerciseClock) clock = NULL;
  g_autofree char *unscripted = NULL;
  const PeilTraineeScore *trainee;
  PeilInject *inject;

  inject = new_inject ("P1", 0, "IB-WAT");
  inject->priority = 3;
  inject->deadline = 120;
  peil_scenario_add_inject (scenario, inject);
  peil_scenario_add_inject (scenario, new_inject ("P2", 60, "BG-ANGST"));
  peil_scenario_add_inject (scenario, new_inject ("P3", 120, NULL));

  incident = peil_exercise_create (file, scenario, "Gespeeld", taxonomy, &error);
  g_assert_no_error (error);
  clock = peil_exercise_clock_new (incident);
  g_assert_true (peil_exercise_clock_start (clock, &error));
  g_assert_cmpuint (gather_injects (incident, engine), ==, 1);
  __atomic_store_n (&wall_now, (ORIGIN + 60) * G_USEC_PER_SEC, __ATOMIC_SEQ_CST);
  g_assert_cmpuint (gather_injects (incident, engine), ==, 1);
  unscripted = peil_exercise_clock_add_inject (clock, PEIL_CHANNEL_PHONE, "Beller", "Is de school dicht?", &error);
  g_assert_no_error (error);

  tag_at (incident, "P1", "Anna", "IB-WAT", ORIGIN + 30);
  tag_at (incident, "P2", "Anna", "BG-ANGST IB-DOEN", ORIGIN + 60 + 200);

  score = score_files (scenario, &incident, 1);
  trainee = peil_exercise_score_get_trainee (score, 0);
  g_assert_cmpstr (trainee->analyst, ==, "Anna");
  g_assert_cmpuint (trainee->responses->len, ==, 2);
  g_assert_cmpint (peil_trainee_score_get_response (trainee, "P2")->released, ==, ORIGIN + 60);
  assert_strv (trainee->unreleased, "P3");
  assert_strv (trainee->unscripted, unscripted);
  g_assert_true (g_str_has_prefix (unscripted, "U-"));
  /* IB: P1 right, P2 one too many; BG: P2 right. Delays 30 and 200 s. */
  assert_near (peil_trainee_score_get_dimension (trainee, "IB")->precision, 0.5);
  assert_near (peil_trainee_score_get_dimension (trainee, "IB")->recall, 1);
  assert_near (peil_trainee_score_get_dimension (trainee, "BG")->f1, 1);
  assert_near (trainee->median_delay, 115);
  assert_strv (trainee->priority_late, "");
  assert_strv (trainee->priority_unseen, "");
}

static char *
write_scenario (PeilScenario *scenario,
                const char   *name)
{
  g_autofree char *path = peil_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_scenario_write_csv (scenario, file, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
path_of (PeilIncident *incident)
{
  return g_file_get_path (peil_incident_get_file (incident));
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("Expected “%s” in:\n%s", expected, text);
}

/* One file given twice is one trainee, not two who agree: it is refused.
 * A copy of a file is another file, but the same work: scored, with a
 * warning that their agreement (α = 1) says nothing, and the heading
 * names each file once. */
static void
test_same_file_twice (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  PeilIncident *incident = new_exercise ("twice.peil");
  g_autofree char *path = path_of (incident);
  g_autofree char *copy = peil_test_tmp_path ("copy.peil");
  g_autofree char *csv = NULL;

  peil_scenario_add_inject (scenario, new_inject ("A", 0, "IB-WAT"));
  peil_scenario_add_inject (scenario, new_inject ("B", 60, "IB-VEILIG"));
  release (incident, "A", 0, ORIGIN);
  release (incident, "B", 60, ORIGIN + 60);
  tag_at (incident, "A", "Anna", "IB-WAT", ORIGIN + 30);
  tag_at (incident, "B", "Anna", "IB-WAT", ORIGIN + 90);
  csv = write_scenario (scenario, "twice.csv");

  {
    g_autoptr(PeilTaxonomy) taxonomy = default_taxonomy ();
    g_autoptr(PeilExerciseScore) score = peil_exercise_score_new (scenario, taxonomy);
    g_autoptr(GError) error = NULL;

    g_assert_true (peil_exercise_score_add_incident (score, incident, &error));
    g_assert_false (peil_exercise_score_add_incident (score, incident, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    assert_contains (error->message, "“twice.peil” is given twice");
    g_assert_cmpuint (peil_exercise_score_get_n_trainees (score), ==, 1);
  }
  g_assert_finalize_object (incident);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, path, path, NULL);

    g_assert_cmpint (run.status, ==, 1);
    assert_contains (run.err, "“twice.peil” is given twice");
  }

  {
    g_autoptr(GFile) from = g_file_new_for_path (path);
    g_autoptr(GFile) to = g_file_new_for_path (copy);
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, path, copy, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "Anna (twice.peil)\n"));
    assert_contains (run.out, "\nAnna (copy.peil)\n");
    g_assert_null (strstr (run.out, "(twice.peil) (twice.peil)"));
    assert_contains (run.err, "Anna's work in “twice.peil” and in “copy.peil” is the same");
  }
}

/* peil-cli exercise score: the scenario as the trainer's CSV, the table,
 * the JSON, the debrief, its exit statuses and its refusals. */
static void
test_cli (void)
{
  Exercise exercise;
  g_autofree char *csv = NULL;
  g_autofree char *anna = NULL;
  g_autofree char *bram = NULL;
  g_autofree char *html = peil_test_tmp_path ("cli-debrief.html");
  g_autofree char *pdf = peil_test_tmp_path ("cli-debrief.pdf");
  g_autofree char *dutch = peil_test_tmp_path ("nabespreking.html");

  make_exercise (&exercise);
  release (exercise.bram, "X-9", 600, ORIGIN + 600);
  csv = write_scenario (exercise.scenario, "kraan.csv");
  anna = path_of (exercise.anna);
  bram = path_of (exercise.bram);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, anna, bram, NULL);

    g_assert_cmpint (run.status, ==, 0);
    assert_contains (run.out, "Anna (anna.peil)\n");
    assert_contains (run.out, "Bram (bram.peil)\n");
    assert_contains (run.out, "  Dimension                        Gold  Given  Matched  Precision     Recall         F1      Kappa\n");
    assert_contains (run.out, "  IB · Information needs              3      3        2       0.67       0.67       0.67       0.72\n");
    assert_contains (run.out, "  Time to first tag: median 0:01:00, p90 0:07:48 (5 of 6 released injects tagged)\n");
    assert_contains (run.out, "  Priority injects not seen: 1: K5\n");
    assert_contains (run.out, "  Rumours found: 1 of 2: Er liggen tien mensen onder het puin\n");
    assert_contains (run.out, "  Unscripted: 1: U-1\n");
    assert_contains (run.out, "  Not in the scenario: 1: X-9\n");
    assert_contains (run.out, "Agreement between trainees (Krippendorff’s alpha)\n  IB · Information needs: α = 0.47\n");
    assert_contains (run.out, "undefined");
    g_assert_null (strstr (run.out, "nan"));
    assert_contains (run.err, "peil-cli: warning: 1 inject in “bram.peil” is not in the scenario (X-9)");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, anna, bram, "--json", NULL);
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GError) error = NULL;
    JsonObject *object;

    g_assert_cmpint (run.status, ==, 0);
    root = json_from_string (run.out, &error);
    g_assert_no_error (error);
    object = json_node_get_object (root);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "trainees")), ==, 2);
    assert_near (json_object_get_double_member (json_object_get_object_member (
                   json_object_get_object_member (object, "agreement"), "IB"), "alpha"), 1 - 36.0 / 68);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "warnings")), ==, 1);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, anna, bram, "-o", html, NULL);
    g_autofree char *contents = NULL;

    g_assert_cmpint (run.status, ==, 0);
    assert_contains (run.err, "Debrief written to");
    g_assert_true (g_file_get_contents (html, &contents, NULL, NULL));
    assert_contains (contents, "OEFENING / EXERCISE");
    assert_contains (contents, "<dd>α = 0.47</dd>");

    /* Logged in both trainee files it scores (issue 14). */
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(GFile) trainee_file = g_file_new_for_path (i == 0 ? anna : bram);
        g_autoptr(PeilIncident) trainee = peil_incident_open (trainee_file, NULL);
        g_autoptr(GPtrArray) events = peil_incident_list_events (trainee, 1, NULL);
        g_autofree char *name = g_path_get_basename (html);
        g_autofree char *detail = g_strdup_printf ("{\"format\":\"html\",\"trainees\":2,\"file\":\"%s\"}", name);
        PeilEvent *event = g_ptr_array_index (events, 0);

        g_assert_cmpstr (event->action, ==, "debrief");
        g_assert_cmpstr (event->detail, ==, detail);
      }
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, anna, "-o", pdf, NULL);
    g_autofree char *contents = NULL;

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    assert_contains (run.out, "Agreement between trainees (Krippendorff’s alpha)\n"
                              "  All dimensions: undefined: it takes two trainees or more\n");
  }

  /* Usage errors: status 2, nothing written. */
  {
    g_autofree char *txt = peil_test_tmp_path ("debrief.txt");
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, anna, "-o", txt, NULL);

    g_assert_cmpint (run.status, ==, 2);
    assert_contains (run.err, "a debrief is written as .html or .pdf");
    g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", anna, NULL);
    g_assert_cmpint (run.status, ==, 2);
    assert_contains (run.err, "--scenario FILE");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "frobnicate", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  /* Refusals: status 1, and why. */
  {
    g_autoptr(PeilScenario) other = peil_scenario_new ();
    g_autofree char *other_csv = NULL;

    peil_scenario_add_inject (other, new_inject ("Q1", 0, "IB-WAT"));
    peil_scenario_add_inject (other, new_inject ("Q2", 60, "IB-WAT"));
    other_csv = write_scenario (other, "other.csv");
    {
      g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", other_csv, anna, NULL);

      g_assert_cmpint (run.status, ==, 1);
      assert_contains (run.err, "None of the 6 injects in “anna.peil” is in this scenario: was the exercise played from "
                                "another scenario?");
      g_assert_cmpstr (run.out, ==, "");
    }
  }
  {
    peil_test_autofinal(PeilIncident) real = peil_test_new_incident ("real-incident.peil");
    g_autofree char *real_path = path_of (real);
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, anna, real_path, NULL);

    g_assert_cmpint (run.status, ==, 1);
    assert_contains (run.err, "“real-incident.peil” is not an exercise");
  }
  {
    g_autofree char *bad = peil_test_write_file ("bad.csv", "id,time,channel,text\nB1,+0:00,x,Er is iets\nB2,later,x,\n");
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", bad, anna, NULL);

    g_assert_cmpint (run.status, ==, 1);
    assert_contains (run.err, "bad.csv:3:");
  }

  /* In Dutch: the words, the decimal comma, the debrief. */
  g_setenv ("LANGUAGE", "nl", TRUE);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("exercise", "score", "--scenario", csv, anna, bram, "-o", dutch, NULL);
    g_autofree char *contents = NULL;

    g_assert_cmpint (run.status, ==, 0);
    assert_contains (run.out, "  Tijd tot eerste tag: mediaan 0:01:00, p90 0:07:48 (5 van 6 vrijgegeven injects getagd)\n");
    assert_contains (run.out, "IB · Informatiebehoefte");
    assert_contains (run.out, "0,72");
    assert_contains (run.out, "α = 0,47");
    assert_contains (run.out, "onbepaald");
    g_assert_true (g_file_get_contents (dutch, &contents, NULL, NULL));
    assert_contains (contents, "<html lang=\"nl\">");
    assert_contains (contents, "NABESPREKING | Kraan omgevallen");
    assert_contains (contents, "OEFENING / EXERCISE");
    assert_contains (contents, "<th class=\"n\">Precisie</th>");
  }
  g_setenv ("LANGUAGE", "en", TRUE);

  clear_exercise (&exercise);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);
  peil_exercise_clock_set_default_wall_clock (fake_wall_clock, NULL);

  g_test_add_func ("/exercise-score/kappa-reference", test_kappa_reference);
  g_test_add_func ("/exercise-score/alpha-reference", test_alpha_reference);
  g_test_add_func ("/exercise-score/quantiles", test_quantiles);
  g_test_add_func ("/exercise-score/kappa-of-a-trainee", test_kappa_of_a_trainee);
  g_test_add_func ("/exercise-score/several-tags", test_several_tags);
  g_test_add_func ("/exercise-score/priority-gold", test_priority_gold);
  g_test_add_func ("/exercise-score/timing", test_timing);
  g_test_add_func ("/exercise-score/rumours", test_rumours);
  g_test_add_func ("/exercise-score/alpha-of-trainees", test_alpha_of_trainees);
  g_test_add_func ("/exercise-score/team-file", test_team_file);
  g_test_add_func ("/exercise-score/team-one-choice", test_team_one_choice);
  g_test_add_func ("/exercise-score/coverage-and-edges", test_coverage_and_edges);
  g_test_add_func ("/exercise-score/wrong-files", test_wrong_files);
  g_test_add_func ("/exercise-score/exercise-figures", test_exercise_figures);
  g_test_add_func ("/exercise-score/json", test_json);
  g_test_add_func ("/exercise-score/debrief-html", test_debrief_html);
  g_test_add_func ("/exercise-score/debrief-pdf", test_debrief_pdf);
  g_test_add_func ("/exercise-score/long-timeline", test_long_timeline);
  g_test_add_func ("/exercise-score/played-exercise", test_played_exercise);
  g_test_add_func ("/exercise-score/cli", test_cli);
  g_test_add_func ("/exercise-score/same-file-twice", test_same_file_twice);
  return g_test_run ();
}

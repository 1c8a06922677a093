/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "peil-test-util.h"

/* The effect of the organisation's messages and what is still unanswered
 * (docs/effect.md), on incidents built so that every figure can be worked
 * out by hand. */

static gint64
at (const char *time)
{
  gint64 when = 0;

  g_assert_true (peil_time_parse (time, NULL, &when));
  return when;
}

/* @n posts tagged @tag (or, for a NULL tag, linked to @rumour_id), the
 * first at @first and then every @step seconds. */
static void
add_posts (PeilIncident *incident,
           const char   *tag,
           gint64        rumour_id,
           gint64        first,
           gint64        step,
           guint         n)
{
  static guint counter;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *remote = g_strdup_printf ("p%u", ++counter);
      g_autofree char *time = peil_time_format_iso (first + i * step);
      gint64 id = peil_test_add_post (incident, "x", remote, time, "@iemand", "Wat is er aan de hand?");

      if (tag != NULL)
        g_assert_true (peil_incident_tag_post (incident, id, tag, &error));
      else
        g_assert_true (peil_incident_link_rumour_post (incident, rumour_id, id, TRUE, &error));
      g_assert_no_error (error);
    }
}

static gint64
add_message (PeilIncident       *incident,
             const char         *time,
             const char * const *tags)
{
  g_autoptr(GError) error = NULL;
  gint64 id = peil_incident_add_message (incident, "press", "Persbericht over de brand", at (time), tags, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static PeilEffect *
effect_at (GPtrArray *effects,
           guint      index)
{
  g_assert_cmpuint (index, <, effects->len);
  return g_ptr_array_index (effects, index);
}

static void
assert_effect (PeilEffect        *effect,
               gint64             before,
               gint64             after,
               double             expected,
               gint64             low,
               gint64             high,
               PeilEffectVerdict  verdict)
{
  g_assert_cmpint (effect->window, ==, 7200);
  g_assert_cmpint (effect->before, ==, before);
  g_assert_cmpint (effect->after, ==, after);
  g_assert_cmpfloat_with_epsilon (effect->rate_before, before / 2.0, 1e-9);
  /* While the window is open, the rate is over the part that passed. */
  if (verdict != PEIL_EFFECT_OPEN)
    g_assert_cmpfloat_with_epsilon (effect->rate_after, after / 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (effect->expected, expected, 1e-9);
  g_assert_cmpint (effect->expected_low, ==, low);
  g_assert_cmpint (effect->expected_high, ==, high);
  g_assert_cmpint (effect->verdict, ==, verdict);
}

/*
 * One press release at 14:00 addresses four information needs and a
 * rumour; the window is two hours, so [12:00, 14:00) is before, in bins
 * of 30 minutes starting 12:00, 12:30, 13:00 and 13:30, and [14:00,
 * 16:00) after. The line through bin counts y0..y3 at x = 0..3 has
 * x̄ = 1.5, Σ(x − x̄)² = 5, slope b = (−1.5 y0 − 0.5 y1 + 0.5 y2 + 1.5 y3) / 5
 * with standard error se = √(2.25 y0 + 0.25 y1 + 0.25 y2 + 2.25 y3) / 5,
 * and height ȳ + b (x − 1.5). When |b| ≥ 2 se, expected = the line's sum
 * over x = 4..7, which is Σ w·y with w = 1 + 3.2 (x − 1.5), that is
 * −3.8, −0.6, 2.6 and 5.8; otherwise expected = y0 + … + y3 (w = 1). The
 * range is expected ± 1.96 √(Σ w²·y + expected), its low end rounded down
 * (and at least 0), its high end up.
 */
static void
test_effects (void)
{
  PeilIncident *incident = peil_test_new_incident ("effect.peil");
  const char * const first_tags[] = { "IB-NAASTEN", "IB-DOEN", "IB-WAT", "IB-VEILIG", NULL };
  const char * const wat[] = { "IB-WAT", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) effects = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  g_autoptr(PeilPost) tagged_twice = NULL;
  gint64 t = at ("2026-11-27T14:00:00Z");
  gint64 first, second, untagged, noise;

  /* IB-WAT: 8 posts in each bin before (12:01–12:08, 12:31–12:38, …), so
   * 32 and no trend: b = 0, expected 32. After, 8: two on the edges of
   * windows and bins (14:00:00 is after, 14:30:00 in the second bin), six
   * more. Range 32 ± 1.96 √(32 + 32) = 32 ± 15.68: 16–48. 8 < 16: below.
   * Rates 32 / 2 h = 16/h and 8 / 2 h = 4/h. */
  for (int bin = 0; bin < 4; bin++)
    add_posts (incident, "IB-WAT", 0, t - 7200 + bin * 1800 + 60, 60, 8);
  add_posts (incident, "IB-WAT", 0, t, 1800, 2);                 /* 14:00, 14:30 */
  add_posts (incident, "IB-WAT", 0, t + 1200, 1800, 4);          /* 14:20, 14:50, 15:20, 15:50 */
  add_posts (incident, "IB-WAT", 0, t + 3900, 1800, 2);          /* 15:05, 15:35 */

  /* Not counted: a post a minute before the window, one at its end
   * (16:00:00 is no longer in [14:00, 16:00)), one without a time, and one
   * marked off-topic. A post tagged by a second analyst counts once. */
  tagged_twice = peil_test_find_post (incident, "p1");
  add_posts (incident, "IB-WAT", 0, t - 7201, 1, 1);
  add_posts (incident, "IB-WAT", 0, t + 7200, 1, 1);
  untagged = peil_test_add_post (incident, "x", "untimed", NULL, "@iemand", "Geen tijd");
  g_assert_true (peil_incident_tag_post (incident, untagged, "IB-WAT", &error));
  noise = peil_test_add_post (incident, "x", "off-topic", "2026-11-27T13:00:00Z", "@iemand", "Reclame");
  g_assert_true (peil_incident_tag_post (incident, noise, "IB-WAT", &error));
  g_assert_true (peil_incident_mark_off_topic (incident, noise, TRUE, &error));
  peil_incident_set_analyst (incident, "Tweede Analist");
  g_assert_true (peil_incident_tag_post (incident, peil_post_get_id (tagged_twice), "IB-WAT", &error));
  peil_incident_set_analyst (incident, "Test Analist");
  g_assert_no_error (error);

  /* IB-VEILIG, a rising trend: bins 2, 4, 6, 8 (20 before): ȳ = 5,
   * b = (−3 − 2 + 3 + 12) / 5 = 2, se = √(4.5 + 1 + 1.5 + 18) / 5 = 1:
   * |b| ≥ 2 se, a trend. The line 5 + 2 (x − 1.5) is 10, 12, 14, 16 at
   * x = 4..7: expected 52. Σ w²·y = 14.44·2 + 0.36·4 + 6.76·6 + 33.64·8
   * = 340, so the range is 52 ± 1.96 √392 = 52 ± 38.81: 13–91. After:
   * just those, 52: in line, though the rate went from 10/h to 26/h. */
  for (int bin = 0; bin < 8; bin++)
    add_posts (incident, "IB-VEILIG", 0, t - 7200 + bin * 1800 + 60, 60, 2 * (bin + 1));

  /* IB-DOEN: nothing before, 6 after. Expected 0 with range 0–0; 6 > 0:
   * above. */
  add_posts (incident, "IB-DOEN", 0, t + 600, 600, 6);

  /* IB-NAASTEN: 1 before and 2 after, 3 < 5: too few to say anything. */
  add_posts (incident, "IB-NAASTEN", 0, t - 600, 60, 1);
  add_posts (incident, "IB-NAASTEN", 0, t + 600, 60, 2);

  /* The rumour: one post in each bin before (4, b = 0, expected 4), 11
   * after. Range 4 ± 1.96 √8 = 4 ± 5.54: 0–10. 11 > 10: above. */
  rumour = peil_incident_add_rumour (incident, "De rook is giftig", 0, &error);
  g_assert_no_error (error);
  add_posts (incident, NULL, peil_rumour_get_id (rumour), t - 7200 + 600, 1800, 4);
  add_posts (incident, NULL, peil_rumour_get_id (rumour), t + 60, 600, 11);

  /* The message's tags are given out of order: effects come in taxonomy
   * order (IB-WAT, IB-VEILIG, IB-DOEN, IB-NAASTEN), the rumour last. */
  first = add_message (incident, "2026-11-27T14:00:00Z", first_tags);
  g_assert_true (peil_incident_link_message_rumour (incident, first, peil_rumour_get_id (rumour), TRUE, &error));
  g_assert_no_error (error);

  /* A second message at 15:30 on IB-WAT; at 16:00 its window after (to
   * 17:30) is still open: it counts what is there so far, 15:35, 15:50 and
   * 16:00:00 (a post at "now" is there).
   * Before, [13:30, 15:30) holds bins 8 (13:31–13:38), 2 (14:00, 14:20),
   * 2 (14:30, 14:50), 2 (15:05, 15:20): b = (−12 − 1 + 1 + 3) / 5 = −1.8
   * but se = √(18 + 0.5 + 0.5 + 4.5) / 5 = 0.97, and 1.8 < 1.94: one busy
   * half hour is no trend. Expected 14, range 14 ± 1.96 √28 = 14 ± 10.37:
   * 3–25. (Carried on, the line would have expected 0 after.) A message
   * without tags measures nothing. */
  second = add_message (incident, "2026-11-27T15:30:00Z", wat);
  add_message (incident, "2026-11-27T15:45:00Z", NULL);

  effects = peil_incident_compute_effects (incident, 0, 0, at ("2026-11-27T16:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (effects->len, ==, 6);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (effect_at (effects, i)->message_id, ==, first);
  g_assert_cmpstr (effect_at (effects, 0)->tag, ==, "IB-WAT");
  g_assert_cmpstr (effect_at (effects, 0)->label, ==, "What happened");
  g_assert_cmpint (effect_at (effects, 0)->rumour_id, ==, 0);
  assert_effect (effect_at (effects, 0), 32, 8, 32, 16, 48, PEIL_EFFECT_BELOW);
  g_assert_cmpstr (effect_at (effects, 1)->tag, ==, "IB-VEILIG");
  assert_effect (effect_at (effects, 1), 20, 52, 52, 13, 91, PEIL_EFFECT_IN_LINE);
  g_assert_cmpstr (effect_at (effects, 2)->tag, ==, "IB-DOEN");
  assert_effect (effect_at (effects, 2), 0, 6, 0, 0, 0, PEIL_EFFECT_ABOVE);
  g_assert_cmpstr (effect_at (effects, 3)->tag, ==, "IB-NAASTEN");
  g_assert_cmpint (effect_at (effects, 3)->before, ==, 1);
  g_assert_cmpint (effect_at (effects, 3)->after, ==, 2);
  g_assert_cmpint (effect_at (effects, 3)->verdict, ==, PEIL_EFFECT_TOO_FEW);
  g_assert_null (effect_at (effects, 4)->tag);
  g_assert_cmpint (effect_at (effects, 4)->rumour_id, ==, peil_rumour_get_id (rumour));
  g_assert_cmpstr (effect_at (effects, 4)->label, ==, "De rook is giftig");
  assert_effect (effect_at (effects, 4), 4, 11, 4, 0, 10, PEIL_EFFECT_ABOVE);
  g_assert_cmpint (effect_at (effects, 5)->message_id, ==, second);
  g_assert_cmpstr (effect_at (effects, 5)->tag, ==, "IB-WAT");
  assert_effect (effect_at (effects, 5), 14, 3, 14, 3, 25, PEIL_EFFECT_OPEN);
  g_assert_cmpfloat_with_epsilon (effect_at (effects, 5)->rate_after, 3 / 0.5, 1e-9);   /* 3 in half an hour */
  g_clear_pointer (&effects, g_ptr_array_unref);

  /* At 15:55 the post of 16:00:00 is not there yet: nothing after "now"
   * counts, so that figures at the end of a round stay as they were. */
  effects = peil_incident_compute_effects (incident, second, 0, at ("2026-11-27T15:55:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (effects->len, ==, 1);
  assert_effect (effect_at (effects, 0), 14, 2, 14, 3, 25, PEIL_EFFECT_OPEN);
  g_assert_cmpfloat_with_epsilon (effect_at (effects, 0)->rate_after, 2 / (25 / 60.0), 1e-9);   /* 2 in 25 minutes */
  g_clear_pointer (&effects, g_ptr_array_unref);

  /* "Now" left to Peil is the newest post's time: 16:00:00, the post just
   * past the first window. One message asked for gives its effects only. */
  effects = peil_incident_compute_effects (incident, second, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (effects->len, ==, 1);
  assert_effect (effect_at (effects, 0), 14, 3, 14, 3, 25, PEIL_EFFECT_OPEN);
  g_clear_pointer (&effects, g_ptr_array_unref);
  effects = peil_incident_compute_effects (incident, first, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (effects->len, ==, 5);
  g_assert_cmpint (effect_at (effects, 0)->verdict, ==, PEIL_EFFECT_BELOW);
  g_clear_pointer (&effects, g_ptr_array_unref);

  /* A second before the first window has passed, it is open, its counts
   * so far: the post at 16:00:00 lies outside it either way. */
  effects = peil_incident_compute_effects (incident, first, 0, at ("2026-11-27T15:59:59Z"), &error);
  g_assert_no_error (error);
  assert_effect (effect_at (effects, 0), 32, 8, 32, 16, 48, PEIL_EFFECT_OPEN);
  g_assert_cmpfloat_with_epsilon (effect_at (effects, 0)->rate_after, 8 / (7199 / 3600.0), 1e-9);
  g_clear_pointer (&effects, g_ptr_array_unref);

  g_assert_null (peil_incident_compute_effects (incident, 99, 0, 0, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_finalize_object (incident);
}

/*
 * Two edges of the method. A window before that begins before the
 * incident's first post was not quiet but not collected: its quarters
 * that end before that post are left out, and the level of the others is
 * carried on (no trend from fewer than four). A falling trend that
 * reaches zero expects nothing, but is no surer of that than of its
 * slope: its range keeps the line's variance.
 */
static void
test_effect_edges (void)
{
  PeilIncident *started = peil_test_new_incident ("effect-start.peil");
  PeilIncident *falling = peil_test_new_incident ("effect-falling.peil");
  const char * const wat[] = { "IB-WAT", NULL };
  const char * const hulp[] = { "IB-HULP", NULL };
  g_autoptr(GPtrArray) effects = NULL;
  g_autoptr(GError) error = NULL;
  PeilEffect *effect;

  /* Collected from 13:00, a post every 2 minutes until 17:00: 30 an hour.
   * A press release at 14:00: of [12:00, 14:00) the quarters 12:00 and
   * 12:30 end by 13:00 and are left out; 13:00 and 13:30 hold 15 each.
   * Expected (4 / 2) × 30 = 60, with variance 2² × 30 = 120: the range is
   * 60 ± 1.96 √(120 + 60) = 60 ± 26.30, 33–87. After, 60: in line. The
   * rate before is 30 over the hour collected: 30/h, as after. */
  add_posts (started, "IB-WAT", 0, at ("2026-11-27T13:00:00Z"), 120, 120);
  add_message (started, "2026-11-27T14:00:00Z", wat);
  effects = peil_incident_compute_effects (started, 0, 0, 0, &error);
  g_assert_no_error (error);
  effect = effect_at (effects, 0);
  g_assert_cmpint (effect->before, ==, 30);
  g_assert_cmpint (effect->after, ==, 60);
  g_assert_cmpfloat_with_epsilon (effect->rate_before, 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (effect->rate_after, 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (effect->expected, 60.0, 1e-9);
  g_assert_cmpint (effect->expected_low, ==, 33);
  g_assert_cmpint (effect->expected_high, ==, 87);
  g_assert_cmpint (effect->verdict, ==, PEIL_EFFECT_IN_LINE);
  g_clear_pointer (&effects, g_ptr_array_unref);

  /* A message at 13:15: of [11:15, 13:15) only the quarter from 12:45
   * holds collected time (the first post came at 13:00), too little to
   * expect anything from. */
  add_message (started, "2026-11-27T13:15:00Z", wat);
  effects = peil_incident_compute_effects (started, 0, 0, 0, &error);
  g_assert_no_error (error);
  effect = effect_at (effects, 0);
  g_assert_cmpint (effect->before, ==, 8);
  g_assert_cmpint (effect->verdict, ==, PEIL_EFFECT_TOO_FEW);
  g_clear_pointer (&effects, g_ptr_array_unref);
  g_assert_finalize_object (started);

  /* 5 posts at 10:00–10:04, the first quarter of [10:00, 12:00) before a
   * message at 12:00, then one at 13:00. b = −1.5 × 5 / 5 = −1.5, se =
   * √(2.25 × 5) / 5 = 0.67: a falling trend, whose line (1.25 − 1.5 (x −
   * 1.5)) is below 0 after: expected 0. Its variance is w0² × 5 with
   * w0 = 1 − 1.5 × 3.2 = −3.8: 72.2, so the range is 0 ± 1.96 √72.2 =
   * 0 ± 16.65: 0–17. One post after: in line, not more. */
  add_posts (falling, "IB-HULP", 0, at ("2026-11-27T10:00:00Z"), 60, 5);
  add_posts (falling, "IB-HULP", 0, at ("2026-11-27T13:00:00Z"), 60, 1);
  add_message (falling, "2026-11-27T12:00:00Z", hulp);
  effects = peil_incident_compute_effects (falling, 0, 0, at ("2026-11-27T15:00:00Z"), &error);
  g_assert_no_error (error);
  effect = effect_at (effects, 0);
  g_assert_cmpint (effect->before, ==, 5);
  g_assert_cmpint (effect->after, ==, 1);
  g_assert_cmpfloat_with_epsilon (effect->expected, 0.0, 1e-9);
  g_assert_cmpint (effect->expected_low, ==, 0);
  g_assert_cmpint (effect->expected_high, ==, 17);
  g_assert_cmpint (effect->verdict, ==, PEIL_EFFECT_IN_LINE);
  g_clear_pointer (&effects, g_ptr_array_unref);
  g_assert_finalize_object (falling);
}

/*
 * At 20:00 with a span of 2 hours, "recent" is [18:00, 20:00) and
 * "previous" [16:00, 18:00). Rising: recent ≥ 3 and recent > previous;
 * unanswered: no message in [18:00, 20:00] addresses it.
 */
static void
test_unanswered (void)
{
  PeilIncident *incident = peil_test_new_incident ("unanswered.peil");
  const char * const veilig[] = { "IB-VEILIG", NULL };
  const char * const hulp[] = { "IB-HULP", NULL };
  const char * const doen[] = { "IB-DOEN", NULL };
  const char * const info[] = { "IB-INFO", NULL };
  const char * const naasten[] = { "IB-NAASTEN", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PeilRumour) rising = NULL;
  g_autoptr(PeilRumour) debunked = NULL;
  g_autoptr(PeilRumour) responded = NULL;
  gint64 recent = at ("2026-11-27T18:00:00Z"), previous = at ("2026-11-27T16:00:00Z");
  gint64 now = at ("2026-11-27T20:00:00Z");
  gint64 noise, response, late;
  PeilUnanswered *item;

  /* Rising and unanswered: IB-VEILIG 6 against 1 (+5); IB-HULP 5 against 1
   * (+4), answered last at 17:00, before the span; IB-DOEN 4 against 0
   * (+4, fewer posts than IB-HULP), answered only at 20:30, after now. */
  add_posts (incident, "IB-VEILIG", 0, recent + 60, 600, 6);
  add_posts (incident, "IB-VEILIG", 0, previous + 60, 600, 1);
  add_posts (incident, "IB-HULP", 0, recent + 120, 600, 5);
  add_posts (incident, "IB-HULP", 0, previous + 120, 600, 1);
  add_message (incident, "2026-11-27T17:00:00Z", hulp);
  add_posts (incident, "IB-DOEN", 0, recent + 180, 600, 4);
  late = add_message (incident, "2026-11-27T20:30:00Z", doen);

  /* Not listed: IB-WAT falls (3 against 5); IB-HINDER rises too little (2
   * against 0; a third post is off-topic); IB-INFO (7 against 0) was
   * answered at 19:00 and IB-NAASTEN (3 against 0) at 18:00:00, the edge
   * of the span; BG-ANGST rises but is no information need; the last
   * post, at 20:00:00, is "now" and not before it. */
  add_posts (incident, "IB-WAT", 0, recent, 600, 3);
  add_posts (incident, "IB-WAT", 0, previous, 600, 5);
  add_posts (incident, "IB-HINDER", 0, recent + 300, 600, 2);
  noise = peil_test_add_post (incident, "x", "reclame", "2026-11-27T19:00:00Z", "@iemand", "Reclame");
  g_assert_true (peil_incident_tag_post (incident, noise, "IB-HINDER", &error));
  g_assert_true (peil_incident_mark_off_topic (incident, noise, TRUE, &error));
  g_assert_no_error (error);
  add_posts (incident, "IB-INFO", 0, recent + 240, 600, 7);
  add_message (incident, "2026-11-27T19:00:00Z", info);
  add_posts (incident, "IB-NAASTEN", 0, recent + 360, 600, 3);
  add_message (incident, "2026-11-27T18:00:00Z", naasten);
  add_posts (incident, "BG-ANGST", 0, recent, 60, 10);
  add_posts (incident, "IB-HINDER", 0, now, 60, 1);

  /* Rumours: one rises 4 against 1 (+3) unanswered; one as much but
   * debunked; one as much, answered by its response message at 19:00. */
  rising = peil_incident_add_rumour (incident, "Het water is besmet", 0, &error);
  debunked = peil_incident_add_rumour (incident, "De burgemeester is gevlucht", 0, &error);
  responded = peil_incident_add_rumour (incident, "Er is een tweede brand", 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      gint64 id = peil_rumour_get_id (i == 0 ? rising : i == 1 ? debunked : responded);

      add_posts (incident, NULL, id, recent + 30, 900, 4);
      add_posts (incident, NULL, id, previous + 30, 900, 1);
    }
  g_assert_true (peil_incident_set_rumour_status (incident, peil_rumour_get_id (debunked), "debunked", &error));
  response = add_message (incident, "2026-11-27T19:00:00Z", NULL);
  g_assert_true (peil_incident_set_rumour_response_message (incident, peil_rumour_get_id (responded), response, &error));
  g_assert_no_error (error);

  /* Most urgent first: the rise, then the posts. */
  list = peil_incident_list_unanswered (incident, 0, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  item = g_ptr_array_index (list, 0);
  g_assert_cmpstr (item->tag, ==, "IB-VEILIG");
  g_assert_cmpstr (item->label, ==, "Safety & health");
  g_assert_cmpint (item->recent, ==, 6);
  g_assert_cmpint (item->previous, ==, 1);
  g_assert_cmpint (item->last_answered, ==, 0);
  item = g_ptr_array_index (list, 1);
  g_assert_cmpstr (item->tag, ==, "IB-HULP");
  g_assert_cmpint (item->recent, ==, 5);
  g_assert_cmpint (item->last_answered, ==, at ("2026-11-27T17:00:00Z"));
  item = g_ptr_array_index (list, 2);
  g_assert_cmpstr (item->tag, ==, "IB-DOEN");
  g_assert_cmpint (item->recent, ==, 4);
  g_assert_cmpint (item->previous, ==, 0);
  g_assert_cmpint (item->last_answered, ==, 0);
  item = g_ptr_array_index (list, 3);
  g_assert_null (item->tag);
  g_assert_cmpint (item->rumour_id, ==, peil_rumour_get_id (rising));
  g_assert_cmpstr (item->label, ==, "Het water is besmet");
  g_assert_cmpint (item->recent, ==, 4);
  g_assert_cmpint (item->previous, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* "Now" left to Peil is just after the newest post or message; the
   * message of 20:30 would make it 20:30:01 (test-messages-hostile has
   * that case), so it goes first. */
  g_assert_true (peil_incident_remove_message (incident, late, &error));
  g_assert_no_error (error);

  /* A message on IB-VEILIG at 19:30 answers it; the rumour is answered by
   * a message linked to it. Without the message of 20:30, "now" left to
   * Peil is just after the newest post, 20:00:01, so the span is
   * [18:00:01, 20:00:01): it holds the
   * post of 20:00:00, and IB-HINDER has 3 (18:05, 18:15, 20:00) against
   * 0; the message of 18:00:00 on IB-NAASTEN lies before it, so IB-NAASTEN
   * (3 against 0) is unanswered again. Both rise by 3 with 3 posts, after
   * IB-HULP and IB-DOEN; their labels order them: “Affected people & loved
   * ones” before “Daily-life disruption”. */
  add_message (incident, "2026-11-27T19:30:00Z", veilig);
  g_assert_true (peil_incident_link_message_rumour (incident, response, peil_rumour_get_id (rising), TRUE, &error));
  g_assert_no_error (error);
  list = peil_incident_list_unanswered (incident, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpstr (((PeilUnanswered *)g_ptr_array_index (list, 0))->tag, ==, "IB-HULP");
  g_assert_cmpstr (((PeilUnanswered *)g_ptr_array_index (list, 1))->tag, ==, "IB-DOEN");
  item = g_ptr_array_index (list, 2);
  g_assert_cmpstr (item->tag, ==, "IB-NAASTEN");
  g_assert_cmpint (item->last_answered, ==, at ("2026-11-27T18:00:00Z"));
  item = g_ptr_array_index (list, 3);
  g_assert_cmpstr (item->tag, ==, "IB-HINDER");
  g_assert_cmpint (item->recent, ==, 3);
  g_assert_cmpint (item->previous, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Over one hour, [19:00, 20:00) against [18:00, 19:00): IB-VEILIG
   * 18:01–18:51 all fall before 19:00, so it is 0 against 6; IB-HULP
   * (18:02, …, 18:42) likewise; IB-DOEN 18:03–18:33 too. Nothing rises. */
  list = peil_incident_list_unanswered (incident, 3600, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_finalize_object (incident);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/effect/effects", test_effects);
  g_test_add_func ("/effect/edges", test_effect_edges);
  g_test_add_func ("/effect/unanswered", test_unanswered);

  return g_test_run ();
}

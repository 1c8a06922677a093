/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "peil-test-util.h"

static gint64
parse_utc (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 when = -1;

  g_assert_true (peil_time_parse (text, utc, &when));
  return when;
}

/* Exports write times in many ways; all of these are 2026-11-25 14:03 UTC. */
static void
test_time_formats (void)
{
  const gint64 expected = 1795615380;

  g_assert_cmpint (parse_utc ("2026-11-25T14:03:00Z"), ==, expected);
  g_assert_cmpint (parse_utc ("2026-11-25T15:03:00+01:00"), ==, expected);
  g_assert_cmpint (parse_utc ("2026-11-25 14:03:00"), ==, expected);
  g_assert_cmpint (parse_utc ("2026-11-25 14:03"), ==, expected);
  g_assert_cmpint (parse_utc ("2026-11-25T14:03"), ==, expected);
  g_assert_cmpint (parse_utc ("25-11-2026 14:03"), ==, expected);
  g_assert_cmpint (parse_utc ("25/11/2026 14:03:00"), ==, expected);
  g_assert_cmpint (parse_utc ("Wed, 25 Nov 2026 15:03:00 +0100"), ==, expected);
  g_assert_cmpint (parse_utc ("25 Nov 2026 14:03:00 GMT"), ==, expected);
  g_assert_cmpint (parse_utc ("Wed Nov 25 14:03:00 +0000 2026"), ==, expected);
  g_assert_cmpint (parse_utc ("1795615380"), ==, expected);
  g_assert_cmpint (parse_utc ("1795615380000"), ==, expected);
  g_assert_cmpint (parse_utc ("2026-11-25"), ==, expected - 14 * 3600 - 3 * 60);
}

static void
test_time_rejects (void)
{
  const char *bad[] = { "", "gisteren", "2026-13-45", "32-01-2026", "12:00", "Nov 2026", NULL };
  gint64 when;

  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (peil_time_parse (bad[i], NULL, &when));
}

static void
test_time_format_iso (void)
{
  g_autofree char *text = peil_time_format_iso (1795615380);

  g_assert_cmpstr (text, ==, "2026-11-25T14:03:00Z");
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/time/formats", test_time_formats);
  g_test_add_func ("/time/rejects", test_time_rejects);
  g_test_add_func ("/time/format-iso", test_time_format_iso);

  return g_test_run ();
}

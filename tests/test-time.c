/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

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
  /* Epoch seconds past the year 9999 cannot be shown as a date, and an
   * overlong number saturated: both were stored, then printed "(null)". */
  const char *bad[] = { "", "gisteren", "2026-13-45", "32-01-2026", "12:00", "Nov 2026",
                        "253402300800", "99999999999999999999", "9999999999999999", NULL };
  gint64 when;

  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (peil_time_parse (bad[i], NULL, &when));

  /* The last second of 9999 is still a time. */
  g_assert_true (peil_time_parse ("253402300799", NULL, &when));
  g_assert_cmpint (when, ==, G_GINT64_CONSTANT (253402300799));
}

static void
test_time_format_iso (void)
{
  g_autofree char *text = peil_time_format_iso (1795615380);

  g_assert_cmpstr (text, ==, "2026-11-25T14:03:00Z");
}

/* Dates in the interface's language whatever LC_TIME says (the tests run
 * under C.UTF-8): a Dutch reader gets Dutch months and days. */
static void
test_format_time_language (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dutch = NULL;
      g_autofree char *short_dutch = NULL;

      /* peil_test_init() chose English; gettext reads LANGUAGE anew. */
      g_setenv ("LANGUAGE", "nl", TRUE);
      dutch = peil_format_time (1795615380, "%A %e %B %Y, %H:%M");
      short_dutch = peil_format_time (1795615380, "%a %e %b");
      g_assert_cmpstr (dutch, ==, "woensdag 25 november 2026, 14:03");
      g_assert_cmpstr (short_dutch, ==, "wo 25 nov");
      return;
    }
  {
    g_autofree char *english = peil_format_time (1795615380, "%A %e %B %Y, %H:%M");
    g_autofree char *percent = peil_format_time (1795615380, "%H%%");
    g_autofree char *none = peil_format_time (0, "%e %b");

    g_assert_cmpstr (english, ==, "Wednesday 25 November 2026, 14:03");
    g_assert_cmpstr (percent, ==, "14%");
    g_assert_cmpstr (none, ==, "");
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_format_number (void)
{
  const struct { gint64 value; const char *nl; const char *en; } cases[] = {
    { 0, "0", "0" },
    { 246, "246", "246" },
    { 2100, "2.100", "2,100" },
    { 1234567, "1.234.567", "1,234,567" },
    { -2100, "-2.100", "-2,100" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *nl = peil_format_number (cases[i].value, "nl");
      g_autofree char *en = peil_format_number (cases[i].value, "en");

      g_assert_cmpstr (nl, ==, cases[i].nl);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
}

/* Charts in the window and the reports share one grid: round numbers. */
static void
test_format_axis (void)
{
  const struct { gint64 largest, step, axis_max; } cases[] = {
    { 0, 1, 1 }, { 3, 1, 3 }, { 7, 2, 8 }, { 18, 5, 20 }, { 246, 100, 300 }, { 2346, 1000, 3000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 axis_max = 0;

      g_assert_cmpint (peil_format_axis (cases[i].largest, &axis_max), ==, cases[i].step);
      g_assert_cmpint (axis_max, ==, cases[i].axis_max);
    }
}

/* RFC 9562's worked example of a UUIDv7 (appendix A.6): Tuesday,
 * 22 February 2022 14:22:22 UTC is 1645539742000 ms, 0x017f22e279b0. */
static void
test_uuid7 (void)
{
  g_autofree char *example = peil_uuid7_format (G_GUINT64_CONSTANT (0x017f22e279b0), 0xcc3,
                                                G_GUINT64_CONSTANT (0x18c4dc0c0c07398f));
  g_autofree char *previous = NULL;
  gint64 before = g_get_real_time () / 1000;

  g_assert_cmpstr (example, ==, "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");

  /* Made one after another, even within one millisecond: each is a
   * version-7 UUID of the current time, and sorts after the one before. */
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *uuid = peil_uuid7_new ();
      char time_hex[13];
      guint64 milliseconds;

      g_assert_true (g_uuid_string_is_valid (uuid));
      g_assert_cmpint (uuid[14], ==, '7');
      g_assert_nonnull (strchr ("89ab", uuid[19]));
      memcpy (time_hex, uuid, 8);
      memcpy (time_hex + 8, uuid + 9, 4);
      time_hex[12] = '\0';
      milliseconds = g_ascii_strtoull (time_hex, NULL, 16);
      g_assert_cmpint ((gint64)milliseconds, >=, before);
      g_assert_cmpint ((gint64)milliseconds, <=, g_get_real_time () / 1000 + 2);
      if (previous != NULL)
        g_assert_cmpstr (previous, <, uuid);
      g_free (previous);
      previous = g_steal_pointer (&uuid);
    }
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/time/formats", test_time_formats);
  g_test_add_func ("/time/uuid7", test_uuid7);
  g_test_add_func ("/time/rejects", test_time_rejects);
  g_test_add_func ("/time/format-iso", test_time_format_iso);
  g_test_add_func ("/time/format-in-language", test_format_time_language);
  g_test_add_func ("/time/format-number", test_format_number);
  g_test_add_func ("/time/format-axis", test_format_axis);

  return g_test_run ();
}

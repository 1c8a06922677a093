/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-time"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "peil-time.h"

static const char *month_names[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

static int
month_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (month_names); i++)
    if (g_ascii_strncasecmp (name, month_names[i], 3) == 0)
      return i + 1;
  return 0;
}

static gboolean
make_time (GTimeZone *zone,
           int        year,
           int        month,
           int        day,
           int        hour,
           int        minute,
           double     seconds,
           gint64    *out_unix)
{
  g_autoptr(GDateTime) dt = g_date_time_new (zone, year, month, day, hour, minute, seconds);

  if (dt == NULL)
    return FALSE;
  *out_unix = g_date_time_to_unix (dt);
  return TRUE;
}

/* "+0100", "-0530", "GMT", "UTC", "Z" as used by RFC 822 and Twitter. */
static GTimeZone *
zone_from_rfc822 (const char *text)
{
  if (text == NULL || *text == '\0' || g_ascii_strcasecmp (text, "GMT") == 0 ||
      g_ascii_strcasecmp (text, "UT") == 0 || g_ascii_strcasecmp (text, "UTC") == 0 ||
      g_ascii_strcasecmp (text, "Z") == 0)
    return g_time_zone_new_utc ();

  if ((text[0] == '+' || text[0] == '-') && strlen (text) == 5)
    {
      char iso[7] = { text[0], text[1], text[2], ':', text[3], text[4], 0 };
      return g_time_zone_new_identifier (iso);
    }

  return NULL;
}

/* Looked up once: creating the local zone stats /etc/localtime each time,
 * which showed in an import's profile. */
static GTimeZone *
machine_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

/**
 * peil_time_parse:
 * @text: a time as exports and feeds write it
 * @local_zone: (nullable): the zone of times that name none; %NULL for the
 *   machine's local zone
 * @out_unix: (out): seconds since the epoch
 *
 * Understands ISO 8601 with or without zone, seconds or the "T"; a date
 * alone; Dutch spreadsheet dates ("25-11-2026 14:03", "25/11/2026");
 * RFC 822 and Twitter dates; and epoch seconds or milliseconds.
 *
 * Returns: %TRUE if @text was understood
 */
gboolean
peil_time_parse (const char *text,
                 GTimeZone  *local_zone,
                 gint64     *out_unix)
{
  g_autoptr(GTimeZone) local = g_time_zone_ref (local_zone ? local_zone : machine_zone ());
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *trimmed = NULL;
  int y, mo, d, h = 0, mi = 0, n;
  double s = 0;
  char month[4], zone[8];
  char tail;

  g_return_val_if_fail (out_unix != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return FALSE;

  /* Epoch seconds, or milliseconds as Zeeschuimer and JavaScript write them. */
  if (g_ascii_isdigit (*trimmed) && strspn (trimmed, "0123456789") == strlen (trimmed) &&
      strlen (trimmed) >= 9)
    {
      guint64 value;

      /* A date must be one that can be shown: up to the end of 9999. */
      if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT64, &value, NULL))
        return FALSE;
      if (strlen (trimmed) >= 13)
        value /= 1000;
      if (value > (guint64)PEIL_TIME_LAST_SECOND)
        return FALSE;
      *out_unix = (gint64)value;
      return TRUE;
    }

  if (strlen (trimmed) > 10 && trimmed[10] == ' ' && g_ascii_isdigit (trimmed[0]) && trimmed[4] == '-')
    trimmed[10] = 'T';
  if ((dt = g_date_time_new_from_iso8601 (trimmed, local)) != NULL)
    {
      *out_unix = g_date_time_to_unix (dt);
      return TRUE;
    }

  /* ISO date with hours and minutes only, or a date alone. */
  n = sscanf (trimmed, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail);
  if (n == 5 || (sscanf (trimmed, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3 && (h = mi = 0, TRUE)))
    return make_time (local, y, mo, d, h, mi, 0, out_unix);

  /* Day first, as Dutch spreadsheets and Coosto/OBI4wan exports write it. */
  h = mi = 0;
  s = 0;
  n = sscanf (trimmed, "%2d-%2d-%4d %2d:%2d:%lf", &d, &mo, &y, &h, &mi, &s);
  if (n < 3)
    n = sscanf (trimmed, "%2d/%2d/%4d %2d:%2d:%lf", &d, &mo, &y, &h, &mi, &s);
  if ((n == 3 || n >= 5) && y > 1900)
    return make_time (local, y, mo, d, h, mi, s, out_unix);

  /* RFC 822: "Wed, 25 Nov 2026 14:03:00 +0100" (weekday optional). */
  {
    const char *p = strchr (trimmed, ',') ? strchr (trimmed, ',') + 1 : trimmed;
    int ss = 0;

    zone[0] = '\0';
    n = sscanf (p, " %2d %3s %4d %2d:%2d:%2d %7s", &d, month, &y, &h, &mi, &ss, zone);
    if (n >= 6 && month_from_name (month) > 0)
      {
        g_autoptr(GTimeZone) tz = zone_from_rfc822 (zone);
        if (tz != NULL)
          return make_time (tz, y < 100 ? y + 2000 : y, month_from_name (month), d, h, mi, ss, out_unix);
      }

    /* Twitter: "Wed Oct 10 20:19:24 +0000 2018". */
    n = sscanf (trimmed, "%*3s %3s %2d %2d:%2d:%2d %7s %4d", month, &d, &h, &mi, &ss, zone, &y);
    if (n == 7 && month_from_name (month) > 0)
      {
        g_autoptr(GTimeZone) tz = zone_from_rfc822 (zone);
        if (tz != NULL)
          return make_time (tz, y, month_from_name (month), d, h, mi, ss, out_unix);
      }
  }

  return FALSE;
}

/**
 * peil_time_format_iso:
 *
 * Formats a time the way Peil's files and exports write it.
 *
 * Returns: (transfer full): @unix_time as ISO 8601 in UTC, e.g.
 *   "2026-11-25T14:03:00Z"
 */
char *
peil_time_format_iso (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/**
 * peil_time_parse_offset:
 * @text: a time since a start, "H:MM:SS" or "H:MM", with or without a
 *   leading "+": "1:30:00", "+0:05", "00:05:00"
 * @out_seconds: (out): the seconds since the start
 *
 * Reads a time relative to an exercise's start, as a trainer writes it in a
 * scenario.
 *
 * Returns: whether @text is such a time (minutes and seconds below 60)
 */
gboolean
peil_time_parse_offset (const char *text,
                        gint64     *out_seconds)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  guint64 value[3] = { 0, 0, 0 };

  g_return_val_if_fail (out_seconds != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '+')
    text++;
  parts = g_strsplit (text, ":", -1);
  n = g_strv_length (parts);
  if (n < 2 || n > 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_strstrip (parts[i]);
      /* Digits only: no sign, no space within, no empty part. */
      if (*parts[i] == '\0' || strspn (parts[i], "0123456789") != strlen (parts[i]) ||
          !g_ascii_string_to_unsigned (parts[i], 10, 0, i == 0 ? 1000000 : 59, &value[i], NULL))
        return FALSE;
    }
  *out_seconds = (gint64)value[0] * 3600 + (gint64)value[1] * 60 + (gint64)value[2];
  return TRUE;
}

/**
 * peil_time_format_offset:
 *
 * Formats a time relative to an exercise's start, as scenarios write it; the
 * reverse of peil_time_parse_offset().
 *
 * Returns: (transfer full): @seconds since a start as "H:MM:SS", "-" first
 *   for a time before it
 */
char *
peil_time_format_offset (gint64 seconds)
{
  const char *sign = seconds < 0 ? "-" : "";
  guint64 magnitude = seconds < 0 ? -(guint64)seconds : (guint64)seconds;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ":%02u:%02u", sign, magnitude / 3600,
                          (guint)(magnitude / 60 % 60), (guint)(magnitude % 60));
}

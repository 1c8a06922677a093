/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "peil-format.h"

/*
 * Times and numbers as a reader of the interface's language writes them.
 * strftime's names of months and days follow LC_TIME, which is often C or
 * English on a machine whose user reads Dutch (LANGUAGE=nl); Peil's own
 * translations name them instead, so that a date never switches language
 * in the middle of a Dutch window.
 */
static const char *months[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"), NC_("month", "April"),
  NC_("month", "May"), NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
  NC_("month", "September"), NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

static const char *short_months[] = {
  NC_("abbreviated month", "Jan"), NC_("abbreviated month", "Feb"), NC_("abbreviated month", "Mar"),
  NC_("abbreviated month", "Apr"), NC_("abbreviated month", "May"), NC_("abbreviated month", "Jun"),
  NC_("abbreviated month", "Jul"), NC_("abbreviated month", "Aug"), NC_("abbreviated month", "Sep"),
  NC_("abbreviated month", "Oct"), NC_("abbreviated month", "Nov"), NC_("abbreviated month", "Dec"),
};

/* Monday first, as g_date_time_get_day_of_week() counts. */
static const char *days[] = {
  NC_("weekday", "Monday"), NC_("weekday", "Tuesday"), NC_("weekday", "Wednesday"), NC_("weekday", "Thursday"),
  NC_("weekday", "Friday"), NC_("weekday", "Saturday"), NC_("weekday", "Sunday"),
};

static const char *short_days[] = {
  NC_("abbreviated weekday", "Mon"), NC_("abbreviated weekday", "Tue"), NC_("abbreviated weekday", "Wed"),
  NC_("abbreviated weekday", "Thu"), NC_("abbreviated weekday", "Fri"), NC_("abbreviated weekday", "Sat"),
  NC_("abbreviated weekday", "Sun"),
};

/**
 * peil_format_time:
 * @format: as for g_date_time_format(); %a, %A, %b and %B are named in
 *   the interface's language
 *
 * Formats a time for people, in the local time zone, with day and month names
 * in the interface's language.
 *
 * Returns: (transfer full): @unix_time in local time; "" for no time (0)
 */
char *
peil_format_time (gint64      unix_time,
                  const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GString) named = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (format != NULL, NULL);

  if (unix_time == 0 || !(utc = g_date_time_new_from_unix_utc (unix_time)))
    return g_strdup ("");
  local = g_date_time_to_local (utc);

  named = g_string_new (NULL);
  for (const char *p = format; *p != '\0'; p++)
    {
      int month = g_date_time_get_month (local) - 1;
      int day = g_date_time_get_day_of_week (local) - 1;
      const char *name = NULL;

      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (named, *p);
          continue;
        }
      switch (p[1])
        {
        case 'B': name = g_dpgettext2 (GETTEXT_PACKAGE, "month", months[month]); break;
        case 'b': name = g_dpgettext2 (GETTEXT_PACKAGE, "abbreviated month", short_months[month]); break;
        case 'A': name = g_dpgettext2 (GETTEXT_PACKAGE, "weekday", days[day]); break;
        case 'a': name = g_dpgettext2 (GETTEXT_PACKAGE, "abbreviated weekday", short_days[day]); break;
        default: break;
        }
      if (name != NULL)
        {
          /* A name is text, never a conversion of its own. */
          for (const char *c = name; *c != '\0'; c++)
            {
              if (*c == '%')
                g_string_append_c (named, '%');
              g_string_append_c (named, *c);
            }
        }
      else
        g_string_append_len (named, p, 2);
      p++;
    }

  text = g_date_time_format (local, named->str);
  return text ? g_strstrip (g_steal_pointer (&text)) : g_strdup ("");
}

/**
 * peil_format_number:
 * @language: "nl" or "en"
 *
 * Formats a count for a report or debrief in the reader's language,
 * independent of the process's locale.
 *
 * Returns: (transfer full): @value with its thousands grouped as
 *   @language does it: "2.100" in Dutch, "2,100" in English
 */
char *
peil_format_number (gint64      value,
                    const char *language)
{
  char separator = language != NULL && g_ascii_strncasecmp (language, "nl", 2) == 0 ? '.' : ',';
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  const char *first = digits + (digits[0] == '-');
  gsize length = strlen (first);
  GString *grouped = g_string_new_len (digits, first - digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (grouped, separator);
      g_string_append_c (grouped, first[i]);
    }
  return g_string_free (grouped, FALSE);
}

/**
 * peil_format_axis:
 * @largest: the largest count a chart shows
 * @axis_max: (out): where the chart's axis ends: a round number at or
 *   above @largest
 *
 * The grid of a chart of counts: about four steps of 1, 2 or 5 times a
 * power of ten, the same in the window and the reports.
 *
 * Returns: the step between the axis's grid lines
 */
gint64
peil_format_axis (gint64  largest,
                  gint64 *axis_max)
{
  static const int multiples[] = { 1, 2, 5 };
  gint64 step = 1;

  g_return_val_if_fail (axis_max != NULL, 1);

  largest = MAX (largest, 1);
  for (gint64 magnitude = 1; ; magnitude *= 10)
    {
      for (guint m = 0; m < G_N_ELEMENTS (multiples); m++)
        if ((step = magnitude * multiples[m]) * 4 >= largest)
          {
            *axis_max = (largest + step - 1) / step * step;
            return step;
          }
    }
}

/**
 * peil_format_decimal:
 * @value: a figure such as a kappa; NAN where it is undefined
 * @decimals: how many digits after the decimal sign
 * @language: "nl" or "en"
 *
 * Formats a figure for a report or debrief in the reader's language,
 * independent of the process's locale.
 *
 * Returns: (transfer full): @value with a decimal comma in Dutch ("0,40")
 *   and a point in English ("0.40"); "undefined", translated, for NAN, so
 *   that no reader ever sees "nan"
 */
char *
peil_format_decimal (double      value,
                     guint       decimals,
                     const char *language)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = NULL;

  if (isnan (value))
    return g_strdup (_("undefined"));
  format = g_strdup_printf ("%%.%uf", MIN (decimals, 9));
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  if (language != NULL && g_ascii_strncasecmp (language, "nl", 2) == 0)
    g_strdelimit (buffer, ".", ',');
  return g_strdup (buffer);
}

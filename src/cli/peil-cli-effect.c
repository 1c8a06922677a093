/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include "peil-cli.h"

/* The effect of the organisation's messages and what is still unanswered
 * (docs/effect.md). */

/* The verdict in --json: its nick, "too-few", as bindings know it. */
static const char *
verdict_key (PeilEffectVerdict verdict)
{
  g_autoptr(GEnumClass) class = g_type_class_ref (PEIL_TYPE_EFFECT_VERDICT);

  return g_enum_get_value (class, verdict)->value_nick;
}

/* A span as people write it: "2h", "90m", "30min", "1h30m", "45s", or
 * H:MM ("1:30"). */
static gboolean
parse_duration (const char *text,
                gint64     *out_seconds)
{
  const char *p = text;
  gint64 seconds = 0;

  if (strchr (text, ':') != NULL)
    return peil_time_parse_offset (text, out_seconds) && *out_seconds > 0;
  if (*p == '\0')
    return FALSE;
  while (*p != '\0')
    {
      gsize digits = strspn (p, "0123456789");
      gsize letters;
      g_autofree char *unit = NULL;
      guint64 value;
      gint64 scale;

      if (digits == 0 || digits > 6)
        return FALSE;
      value = g_ascii_strtoull (p, NULL, 10);
      p += digits;
      letters = strspn (p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
      unit = g_ascii_strdown (p, letters);
      p += letters;
      if (g_str_equal (unit, "h") || g_str_equal (unit, "u"))
        scale = 3600;
      else if (g_str_equal (unit, "m") || g_str_equal (unit, "min"))
        scale = 60;
      else if (g_str_equal (unit, "s"))
        scale = 1;
      else
        return FALSE;
      seconds += (gint64)value * scale;
    }
  *out_seconds = seconds;
  return seconds > 0;
}

static void
print_effects_json (GPtrArray *effects,
                    gint64     window)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "window");
  json_builder_add_int_value (builder, window);
  json_builder_set_member_name (builder, "effects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < effects->len; i++)
    {
      PeilEffect *effect = g_ptr_array_index (effects, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_int_value (builder, effect->message_id);
      peil_cli_add_string_member (builder, "tag", effect->tag);
      peil_cli_add_id_member (builder, "rumour", effect->rumour_id);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, effect->label);
      json_builder_set_member_name (builder, "before");
      json_builder_add_int_value (builder, effect->before);
      json_builder_set_member_name (builder, "after");
      json_builder_add_int_value (builder, effect->after);
      /* Rates and the expectation to 0.01: more digits are noise, and
       * 10.4 reads better than 10.400000000000002. */
      json_builder_set_member_name (builder, "rate_before");
      json_builder_add_double_value (builder, round (effect->rate_before * 100) / 100);
      json_builder_set_member_name (builder, "rate_after");
      json_builder_add_double_value (builder, round (effect->rate_after * 100) / 100);
      json_builder_set_member_name (builder, "expected");
      json_builder_add_double_value (builder, round (effect->expected * 100) / 100);
      json_builder_set_member_name (builder, "expected_low");
      json_builder_add_int_value (builder, effect->expected_low);
      json_builder_set_member_name (builder, "expected_high");
      json_builder_add_int_value (builder, effect->expected_high);
      json_builder_set_member_name (builder, "verdict");
      json_builder_add_string_value (builder, verdict_key (effect->verdict));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  peil_cli_print_builder (builder);
}

/* One block per message: its time, channel and text, then a line per tag
 * or rumour it addressed. */
static void
print_effects_text (GPtrArray *effects,
                    GPtrArray *messages)
{
  gint64 shown = 0;

  for (guint i = 0; i < effects->len; i++)
    {
      PeilEffect *effect = g_ptr_array_index (effects, i);
      g_autofree char *figures = peil_effect_describe (effect);
      g_autofree char *what = NULL;

      if (effect->message_id != shown)
        {
          for (guint j = 0; j < messages->len; j++)
            {
              PeilMessage *message = g_ptr_array_index (messages, j);
              g_autofree char *time = NULL, *text = NULL;

              if (message->id != effect->message_id)
                continue;
              time = peil_time_format_iso (message->time);
              text = peil_cli_one_line (message->text, 90);
              /* TRANSLATORS: a message of the organisation: its number, time and channel, then its text */
              g_print (_("%sMessage %lld  %s  %s\n  “%s”\n"), shown ? "\n" : "", (long long)message->id, time,
                       peil_message_channel_label (message->channel), text);
            }
          shown = effect->message_id;
        }

      what = effect->tag ? g_strdup_printf ("%s %s", effect->tag, effect->label)
                         /* TRANSLATORS: a rumour of the register, by its number and claim */
                         : g_strdup_printf (_("rumour %lld “%s”"), (long long)effect->rumour_id, effect->label);
      g_print ("  %s: %s\n", what, figures);
    }
  if (effects->len == 0)
    g_print (_("No message addresses a tag or a rumour\n"));
}

/* `peil-cli effect FILE [--message ID] [--window 2h] [--at T] [--json]` */
int
peil_cli_effect (int    argc,
                 char **argv)
{
  g_autofree char *message = NULL, *window_text = NULL, *at = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "message", 'm', 0, G_OPTION_ARG_STRING, &message, N_("Only this message (default: every message)"), N_("ID") },
    { "window", 'w', 0, G_OPTION_ARG_STRING, &window_text, N_("The window before and after each message (default 2h)"), N_("SPAN") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Count the posts up to this time (default: the newest post’s or message’s)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) effects = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  GError *error = NULL;
  gint64 message_id = 0, window = PEIL_EFFECT_DEFAULT_WINDOW, now = 0;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (message != NULL && (message_id = peil_cli_parse_id (message)) == 0)
    return peil_cli_usage_error ("effect", _("“%s” is not a message number"), message);
  if (window_text != NULL && !parse_duration (window_text, &window))
    return peil_cli_usage_error ("effect", _("“%s” is not a span of time; write for example 2h, 90m or 1:30"),
                                 window_text);
  if ((at && !peil_cli_parse_time (at, &now, &error)) ||
      !(incident = peil_cli_open (argv[2], &error)) ||
      !(effects = peil_incident_compute_effects (incident, message_id, window, now, &error)))
    return peil_cli_fail (error);

  if (json)
    print_effects_json (effects, window);
  else if (!(messages = peil_incident_list_messages (incident, 0, 0, &error)))
    return peil_cli_fail (error);
  else
    print_effects_text (effects, messages);
  return 0;
}

static void
print_unanswered_json (GPtrArray *list,
                       int        hours)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hours");
  json_builder_add_int_value (builder, hours);
  json_builder_set_member_name (builder, "unanswered");
  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    {
      PeilUnanswered *item = g_ptr_array_index (list, i);

      json_builder_begin_object (builder);
      peil_cli_add_string_member (builder, "tag", item->tag);
      peil_cli_add_id_member (builder, "rumour", item->rumour_id);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, item->label);
      json_builder_set_member_name (builder, "recent");
      json_builder_add_int_value (builder, item->recent);
      json_builder_set_member_name (builder, "previous");
      json_builder_add_int_value (builder, item->previous);
      peil_cli_add_time_member (builder, "last_answered", item->last_answered);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  peil_cli_print_builder (builder);
}

static void
print_unanswered_text (GPtrArray *list,
                       int        hours)
{
  for (guint i = 0; i < list->len; i++)
    {
      PeilUnanswered *item = g_ptr_array_index (list, i);
      g_autofree char *what = item->tag ? g_strdup_printf ("%s %s", item->tag, item->label)
                                        : g_strdup_printf (_("rumour %lld “%s”"), (long long)item->rumour_id, item->label);
      g_autofree char *last = item->last_answered ? peil_time_format_iso (item->last_answered) : NULL;
      g_autofree char *span = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", hours), hours);

      /* TRANSLATORS: an information need or rumour whose posts rise: its posts in the last
       * hours ("2 hours") and in as many hours before those */
      g_print (_("%s: %lld posts in the last %s, %lld in the %s before"), what, (long long)item->recent, span,
               (long long)item->previous, span);
      if (last != NULL)
        /* TRANSLATORS: the time of the latest message that addressed it */
        g_print (_("; last answered %s\n"), last);
      else
        g_print (_("; never answered\n"));
    }
  if (list->len == 0)
    g_print (_("Nothing rises unanswered\n"));
}

/* `peil-cli unanswered FILE [--hours N] [--at T] [--json]` */
int
peil_cli_unanswered (int    argc,
                     char **argv)
{
  int hours = 2;
  gboolean json = FALSE;
  g_autofree char *at = NULL;
  const GOptionEntry entries[] = {
    { "hours", 0, 0, G_OPTION_ARG_INT, &hours, N_("Look at the last N hours, against as many before (default 2)"), N_("N") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Look back from this time (default: the newest post’s or message’s)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  gint64 now = 0;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (hours <= 0 || hours > 24 * 365)
    return peil_cli_usage_error ("unanswered", _("--hours takes a whole number of hours, 1 or more"));
  if ((at && !peil_cli_parse_time (at, &now, &error)) ||
      !(incident = peil_cli_open (argv[2], &error)) ||
      !(list = peil_incident_list_unanswered (incident, (gint64)hours * 3600, now, &error)))
    return peil_cli_fail (error);

  if (json)
    print_unanswered_json (list, hours);
  else
    print_unanswered_text (list, hours);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peil-cli message: the organisation's own messages (issue 16). */
#include "config.h"

#include "peil-cli.h"

static int
message_usage (void)
{
  return peil_cli_usage_error ("message", _("Use: peil-cli message add FILE --channel CHANNEL --text TEXT|- · list FILE · "
                                            "tag|untag FILE ID TAG… · link|unlink FILE ID RUMOUR… · remove FILE ID"));
}

/* Every rumour is looked up before anything is written: a mistyped
 * number must not leave the message added without the rest. */
static gboolean
check_rumours (PeilIncident  *incident,
               GArray        *ids,
               GError       **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PeilRumour) rumour = peil_incident_get_rumour (incident, g_array_index (ids, gint64, i), error);

      if (rumour == NULL)
        return FALSE;
    }
  return TRUE;
}

static int
message_add (int    argc,
             char **argv)
{
  g_autofree char *channel = NULL;
  g_autofree char *text = NULL;
  g_autofree char *time = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) rumours = NULL;
  const GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, N_("Where it went out: website, x, mastodon, facebook, nl-alert, press or call-centre"), N_("CHANNEL") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("The message as it was sent (- reads it from standard input)"), N_("TEXT") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time, N_("When it went out (default: now)"), N_("TIME") },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("A tag it addresses, such as an information need (repeat for more)"), N_("TAG") },
    { "rumour", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rumours, N_("A rumour of the register it addresses (repeat for more)"), N_("ID") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GArray) rumour_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *body = NULL;
  gint64 when = 0, id;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (channel == NULL)
    return peil_cli_usage_error ("message", _("Say where the message went out with --channel"));
  if (text == NULL)
    return peil_cli_usage_error ("message", _("Give the message’s text with --text"));
  for (guint i = 0; rumours != NULL && rumours[i] != NULL; i++)
    {
      gint64 rumour = peil_cli_parse_id (rumours[i]);

      if (rumour == 0)
        return peil_cli_usage_error ("message", _("“%s” is not a rumour number"), rumours[i]);
      g_array_append_val (rumour_ids, rumour);
    }
  if ((time != NULL && !peil_cli_parse_time (time, &when, &error)) ||
      !(body = peil_cli_read_text_argument (text, &error)) ||
      !(incident = peil_cli_open (argv[3], &error)) ||
      !check_rumours (incident, rumour_ids, &error) ||
      !(id = peil_incident_add_message (incident, channel, body, when, (const char * const *)tags, &error)))
    return peil_cli_fail (error);
  g_print (_("Added message %lld\n"), (long long)id);

  for (guint i = 0; i < rumour_ids->len; i++)
    if (!peil_incident_link_message_rumour (incident, id, g_array_index (rumour_ids, gint64, i), TRUE, &error))
      return peil_cli_fail (error);
  return 0;
}

static void
build_message (JsonBuilder *builder,
               PeilMessage *message)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, message->id);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, message->channel);
  peil_cli_add_time_member (builder, "time", message->time);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, message->text);
  peil_cli_add_string_member (builder, "url", message->url);
  peil_cli_add_string_member (builder, "source", message->source);
  peil_cli_add_string_member (builder, "analyst", message->analyst);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; message->tags[i] != NULL; i++)
    json_builder_add_string_value (builder, message->tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rumours");
  json_builder_begin_array (builder);
  for (guint i = 0; i < message->rumours->len; i++)
    json_builder_add_int_value (builder, g_array_index (message->rumours, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_message (PeilMessage *message)
{
  g_autofree char *when = peil_time_format_iso (message->time);
  g_autofree char *line = peil_cli_one_line (message->text, 100);

  g_print ("%4lld  %s  %-14s %s\n", (long long)message->id, when, peil_message_channel_label (message->channel), line);
  if (message->tags[0] != NULL)
    {
      g_autofree char *tags = g_strjoinv (" ", message->tags);
      /* TRANSLATORS: the tags a message of the organisation addresses */
      g_print (_("      addresses: %s\n"), tags);
    }
  for (guint i = 0; i < message->rumours->len; i++)
    /* TRANSLATORS: a rumour of the register a message addresses */
    g_print (_("      addresses rumour %lld\n"), (long long)g_array_index (message->rumours, gint64, i));
}

static int
message_list (int    argc,
              char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(incident = peil_cli_open (argv[3], &error)) ||
      !(messages = peil_incident_list_messages (incident, 0, 0, &error)))
    return peil_cli_fail (error);

  if (!json)
    {
      if (messages->len == 0)
        g_print (_("No messages of the organisation yet (add one with “peil-cli message add”)\n"));
      for (guint i = 0; i < messages->len; i++)
        print_message (g_ptr_array_index (messages, i));
      return 0;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    build_message (builder, g_ptr_array_index (messages, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  peil_cli_print_builder (builder);
  return 0;
}

static int
message_change (int         argc,
                char      **argv,
                const char *what)
{
  const GOptionEntry entries[] = { PEIL_CLI_ANALYST_ENTRY, { NULL } };
  gboolean remove = g_str_equal (what, "remove");
  gboolean on = g_str_equal (what, "tag") || g_str_equal (what, "link");
  gboolean rumours = g_str_equal (what, "link") || g_str_equal (what, "unlink");
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilMessage) message = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;
  gint64 id;

  if (!peil_cli_parse (entries, &argc, &argv, remove ? 3 : 4, remove ? 3 : -1))
    return PEIL_CLI_USAGE;
  if ((id = peil_cli_parse_id (argv[4])) == 0)
    return peil_cli_usage_error ("message", _("“%s” is not a message number"), argv[4]);
  if (!(incident = peil_cli_open (argv[3], &error)))
    return peil_cli_fail (error);

  if (remove)
    return peil_incident_remove_message (incident, id, &error) ? 0 : peil_cli_fail (error);

  /* All or nothing: every number and code is checked before the first
   * change, so that a mistyped one changes none. */
  for (int i = 5; rumours && i < argc; i++)
    {
      gint64 rumour = peil_cli_parse_id (argv[i]);

      if (rumour == 0)
        return peil_cli_usage_error ("message", _("“%s” is not a rumour number"), argv[i]);
      g_array_append_val (ids, rumour);
    }
  if (!(message = peil_incident_get_message (incident, id, &error)) ||
      (rumours ? !check_rumours (incident, ids, &error) : !peil_cli_check_tags (incident, argv + 5, argc - 5, &error)))
    return peil_cli_fail (error);

  for (int i = 5; i < argc; i++)
    if (!(rumours
          ? peil_incident_link_message_rumour (incident, id, g_array_index (ids, gint64, i - 5), on, &error)
          : peil_incident_tag_message (incident, id, argv[i], on, &error)))
      return peil_cli_fail (error);
  return 0;
}

int
peil_cli_message (int    argc,
                  char **argv)
{
  const char *sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (sub, "add"))
    return message_add (argc, argv);
  if (g_str_equal (sub, "list"))
    return message_list (argc, argv);
  if (g_str_equal (sub, "tag") || g_str_equal (sub, "untag") || g_str_equal (sub, "link") ||
      g_str_equal (sub, "unlink") || g_str_equal (sub, "remove"))
    return message_change (argc, argv, sub);
  if (g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    return peil_cli_parse (NULL, &argc, &argv, 0, -1) ? 0 : PEIL_CLI_USAGE;
  return message_usage ();
}

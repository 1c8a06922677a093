/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "peil-cli.h"

/* round ----------------------------------------------------------------- */

static guint
parse_round (const char *text)
{
  gint64 number = peil_cli_parse_id (text);
  return number <= G_MAXUINT ? (guint)number : 0;
}

static int
round_new (int    argc,
           char **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *commissioner = NULL;
  g_autofree char *classification = NULL;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("What the round is for, such as “ROT 14:00”"), N_("TEXT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Start of the period (default: where the last round ended)"), N_("TIME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("End of the period (default: open, until the round is issued)"), N_("TIME") },
    { "commissioner", 0, 0, G_OPTION_ARG_STRING, &commissioner, N_("Who asked for it: BT, ROT, CoPI, NKC, municipality"), N_("TEXT") },
    { "classification", 0, 0, G_OPTION_ARG_STRING, &classification, N_("How it may be shared"), N_("TEXT") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilRound) round = NULL;
  gint64 start = 0, end = 0;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if ((from && !peil_cli_parse_time (from, &start, &error)) ||
      (to && !peil_cli_parse_time (to, &end, &error)) ||
      !(incident = peil_cli_open (argv[3], &error)) ||
      !(round = peil_incident_add_round (incident, title, start, end, &error)) ||
      (commissioner && !peil_incident_set_round_text (incident, peil_round_get_number (round), "commissioner",
                                                      commissioner, &error)) ||
      (classification && !peil_incident_set_round_text (incident, peil_round_get_number (round), "classification",
                                                        classification, &error)))
    return peil_cli_fail (error);

  g_print (_("Started round %u\n"), peil_round_get_number (round));
  return 0;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value ? value : "");
}

static void
build_round (JsonBuilder *builder,
             PeilRound   *round,
             gboolean     with_sections)
{
  guint n_sections;
  const PeilRoundSection *sections = peil_round_sections (&n_sections);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, peil_round_get_number (round));
  add_string (builder, "title", peil_round_get_title (round));
  peil_cli_add_time_member (builder, "from", peil_round_get_period_start (round));
  peil_cli_add_time_member (builder, "to", peil_round_is_open (round) ? 0 : peil_round_get_period_end (round));
  add_string (builder, "commissioner", peil_round_get_commissioner (round));
  add_string (builder, "classification", peil_round_get_classification (round));
  peil_cli_add_time_member (builder, "issued_at", peil_round_get_issued_at (round));
  if (with_sections)
    {
      json_builder_set_member_name (builder, "sections");
      json_builder_begin_object (builder);
      for (guint i = 0; i < n_sections; i++)
        {
          GArray *examples = peil_round_get_examples (round, sections[i].key);

          json_builder_set_member_name (builder, sections[i].key);
          json_builder_begin_object (builder);
          add_string (builder, "text", peil_round_get_text (round, sections[i].key));
          json_builder_set_member_name (builder, "examples");
          json_builder_begin_array (builder);
          for (guint j = 0; examples != NULL && j < examples->len; j++)
            json_builder_add_int_value (builder, g_array_index (examples, gint64, j));
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
print_round_line (PeilRound *round)
{
  g_autofree char *from = peil_time_format_iso (peil_round_get_period_start (round));
  g_autofree char *to = peil_round_is_open (round) ? g_strdup (_("open"))
                                                   : peil_time_format_iso (peil_round_get_period_end (round));
  g_autofree char *issued = peil_round_is_issued (round) ? peil_time_format_iso (peil_round_get_issued_at (round))
                                                         : NULL;

  g_print ("%3u  %s – %s  %s  “%s”\n", peil_round_get_number (round), from, to,
           issued ? issued : _("draft"), peil_round_get_title (round));
}

static int
round_list (int    argc,
            char **argv,
            gboolean show)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint number = 0;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, show ? 3 : 2, show ? 3 : 2))
    return PEIL_CLI_USAGE;
  if (show && (number = parse_round (argv[4])) == 0)
    return peil_cli_usage_error ("round", _("“%s” is not a round number"), argv[4]);
  if (!(incident = peil_cli_open (argv[3], &error)))
    return peil_cli_fail (error);

  if (show)
    {
      PeilRound *round = peil_incident_get_round (incident, number, &error);

      if (round == NULL)
        return peil_cli_fail (error);
      rounds = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (rounds, round);
    }
  else if (!(rounds = peil_incident_list_rounds (incident, &error)))
    return peil_cli_fail (error);

  if (!json)
    {
      guint n_sections;
      const PeilRoundSection *sections = peil_round_sections (&n_sections);

      for (guint i = 0; i < rounds->len; i++)
        print_round_line (g_ptr_array_index (rounds, i));
      for (guint i = 0; show && i < n_sections; i++)
        {
          PeilRound *round = g_ptr_array_index (rounds, 0);
          GArray *examples = peil_round_get_examples (round, sections[i].key);

          g_print ("\n[%s] %s\n", sections[i].key, peil_round_section_heading (&sections[i], peil_ui_language ()));
          if (*peil_round_get_text (round, sections[i].key))
            g_print ("%s\n", peil_round_get_text (round, sections[i].key));
          for (guint j = 0; examples != NULL && j < examples->len; j++)
            g_print (_("  example: post %lld\n"), (long long)g_array_index (examples, gint64, j));
        }
      return 0;
    }

  if (!show)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rounds");
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < rounds->len; i++)
    build_round (builder, g_ptr_array_index (rounds, i), show);
  if (!show)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  {
    g_autoptr(JsonNode) root = json_builder_get_root (builder);
    peil_cli_print_json (root);
  }
  return 0;
}

static int
round_change (int         argc,
              char      **argv,
              const char *what)
{
  const GOptionEntry entries[] = { PEIL_CLI_ANALYST_ENTRY, { NULL } };
  gboolean set = g_str_equal (what, "set"), period = g_str_equal (what, "period");
  gboolean link = g_str_equal (what, "link") || g_str_equal (what, "unlink");
  int needed = g_str_equal (what, "issue") ? 3 : 5;
  g_autoptr(PeilIncident) incident = NULL;
  GError *error = NULL;
  guint number;

  if (!peil_cli_parse (entries, &argc, &argv, needed, link ? -1 : needed))
    return PEIL_CLI_USAGE;
  if ((number = parse_round (argv[4])) == 0)
    return peil_cli_usage_error ("round", _("“%s” is not a round number"), argv[4]);
  if (!(incident = peil_cli_open (argv[3], &error)))
    return peil_cli_fail (error);

  if (set)
    {
      g_autofree char *text = peil_cli_read_text_argument (argv[6], &error);

      if (text == NULL || !peil_incident_set_round_text (incident, number, argv[5], text, &error))
        return peil_cli_fail (error);
    }
  else if (period)
    {
      gint64 start, end;

      /* "open" leaves the last round running until it is issued. */
      end = 0;
      if (!peil_cli_parse_time (argv[5], &start, &error) ||
          (!g_str_equal (argv[6], "open") && !peil_cli_parse_time (argv[6], &end, &error)) ||
          !peil_incident_set_round_period (incident, number, start, end, &error))
        return peil_cli_fail (error);
    }
  else if (link)
    {
      for (int i = 6; i < argc; i++)
        {
          gint64 post_id = peil_cli_parse_id (argv[i]);

          if (post_id == 0)
            return peil_cli_usage_error ("round", _("“%s” is not a post number"), argv[i]);
          if (!peil_incident_link_example (incident, number, argv[5], post_id, g_str_equal (what, "link"), &error))
            return peil_cli_fail (error);
        }
    }
  else
    {
      if (!peil_incident_issue_round (incident, number, &error))
        return peil_cli_fail (error);
      g_print (_("Issued round %u; its figures are frozen\n"), number);
    }
  return 0;
}

int
peil_cli_round (int    argc,
                char **argv)
{
  const char *sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (sub, "new"))
    return round_new (argc, argv);
  if (g_str_equal (sub, "list") || g_str_equal (sub, "show"))
    return round_list (argc, argv, g_str_equal (sub, "show"));
  if (g_str_equal (sub, "set") || g_str_equal (sub, "period") || g_str_equal (sub, "link") ||
      g_str_equal (sub, "unlink") || g_str_equal (sub, "issue"))
    return round_change (argc, argv, sub);
  if (g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    return peil_cli_parse (NULL, &argc, &argv, 0, -1) ? 0 : PEIL_CLI_USAGE;

  return peil_cli_usage_error ("round", _("Use: peil-cli round new FILE · list FILE · show FILE N · "
                                          "set FILE N SECTION TEXT|- · period FILE N FROM TO · "
                                          "link|unlink FILE N SECTION POST… · issue FILE N"));
}

/* rumour ---------------------------------------------------------------- */

static int
rumour_add (int    argc,
            char **argv)
{
  g_autofree char *seen = NULL;
  g_autofree char *story = NULL;
  const GOptionEntry entries[] = {
    { "first-seen", 0, 0, G_OPTION_ARG_STRING, &seen, N_("When it was first seen (default: now, or its oldest linked post)"), N_("TIME") },
    { "story", 0, 0, G_OPTION_ARG_STRING, &story, N_("Follow this story: link its posts, now and as they come (the claim defaults to its first post)"), N_("ID") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  gint64 first_seen = 0, story_id = 0;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 3))
    return PEIL_CLI_USAGE;
  if (story != NULL && (story_id = peil_cli_parse_id (story)) == 0)
    return peil_cli_usage_error ("rumour", _("“%s” is not a story number"), story);
  if (story != NULL && seen != NULL)
    return peil_cli_usage_error ("rumour", _("A rumour that follows a story is first seen with the story’s first post: leave out --first-seen"));
  if (story == NULL && argc < 5)
    return peil_cli_usage_error ("rumour", _("Say what the rumour claims, or give --story"));
  if ((seen && !peil_cli_parse_time (seen, &first_seen, &error)) ||
      !(incident = peil_cli_open (argv[3], &error)))
    return peil_cli_fail (error);
  if (story != NULL)
    rumour = peil_incident_add_story_rumour (incident, argc > 4 ? argv[4] : NULL, story_id, &error);
  else
    rumour = peil_incident_add_rumour (incident, argv[4], first_seen, &error);
  if (rumour == NULL)
    return peil_cli_fail (error);

  g_print (_("Registered rumour %lld\n"), (long long)peil_rumour_get_id (rumour));
  if (story != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE, "It follows story %lld: %u post linked\n",
                          "It follows story %lld: %u posts linked\n", peil_rumour_get_posts (rumour)->len),
             (long long)story_id, peil_rumour_get_posts (rumour)->len);
  return 0;
}

static int
rumour_list (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) rumours = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(incident = peil_cli_open (argv[3], &error)) || !(rumours = peil_incident_list_rumours (incident, &error)))
    return peil_cli_fail (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rumours");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rumours->len; i++)
    {
      PeilRumour *rumour = g_ptr_array_index (rumours, i);
      GArray *posts = peil_rumour_get_posts (rumour);
      GPtrArray *history = peil_rumour_get_history (rumour);
      g_autofree char *seen = peil_time_format_iso (peil_rumour_get_first_seen (rumour));

      if (!json)
        {
          g_autofree char *code = peil_rumour_status_tag_code (peil_rumour_get_status (rumour));
          PeilTag *status = code ? peil_taxonomy_lookup_tag (peil_incident_get_taxonomy (incident), code) : NULL;

          /* The status as the window says it; JSON keeps the stable value. */
          guint automatic = 0;

          for (guint j = 0; j < posts->len; j++)
            automatic += peil_rumour_get_linked_automatically (rumour, j);
          g_print ("%3lld  %-14s %s  “%s”  (%u)\n", (long long)peil_rumour_get_id (rumour),
                   status ? peil_tag_get_label (status) : peil_rumour_get_status (rumour), seen,
                   peil_rumour_get_claim (rumour), posts->len);
          if (peil_rumour_get_story_id (rumour) != 0)
            /* TRANSLATORS: a rumour that follows a story, and how many of its posts joined it on their own */
            g_print (g_dngettext (GETTEXT_PACKAGE, "       follows story %lld; %u post linked automatically\n",
                                  "       follows story %lld; %u posts linked automatically\n", automatic),
                     (long long)peil_rumour_get_story_id (rumour), automatic);
          if (*peil_rumour_get_response (rumour))
            g_print (_("       response: %s\n"), peil_rumour_get_response (rumour));
          if (peil_rumour_get_response_message (rumour) != 0)
            g_print (_("       response: our message %lld\n"), (long long)peil_rumour_get_response_message (rumour));
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, peil_rumour_get_id (rumour));
      add_string (builder, "claim", peil_rumour_get_claim (rumour));
      add_string (builder, "status", peil_rumour_get_status (rumour));
      peil_cli_add_time_member (builder, "first_seen", peil_rumour_get_first_seen (rumour));
      add_string (builder, "response", peil_rumour_get_response (rumour));
      peil_cli_add_id_member (builder, "response_message", peil_rumour_get_response_message (rumour));
      json_builder_set_member_name (builder, "posts");
      json_builder_begin_array (builder);
      for (guint j = 0; j < posts->len; j++)
        json_builder_add_int_value (builder, g_array_index (posts, gint64, j));
      json_builder_end_array (builder);
      /* The posts that joined the rumour's story, of those above. */
      json_builder_set_member_name (builder, "linked_automatically");
      json_builder_begin_array (builder);
      for (guint j = 0; j < posts->len; j++)
        if (peil_rumour_get_linked_automatically (rumour, j))
          json_builder_add_int_value (builder, g_array_index (posts, gint64, j));
      json_builder_end_array (builder);
      peil_cli_add_id_member (builder, "story", peil_rumour_get_story_id (rumour));
      json_builder_set_member_name (builder, "history");
      json_builder_begin_array (builder);
      for (guint j = 0; j < history->len; j++)
        {
          PeilRumourChange *change = g_ptr_array_index (history, j);

          json_builder_begin_object (builder);
          add_string (builder, "status", change->status);
          peil_cli_add_time_member (builder, "at", change->changed_at);
          add_string (builder, "analyst", change->analyst);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    {
      root = json_builder_get_root (builder);
      peil_cli_print_json (root);
    }
  return 0;
}

static int
rumour_change (int         argc,
               char      **argv,
               const char *what)
{
  g_autofree char *message = NULL;
  const GOptionEntry entries[] = {
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, N_("With respond: the organisation’s message that gave the response, instead of a text"), N_("ID") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  gboolean link = g_str_equal (what, "link") || g_str_equal (what, "unlink");
  gboolean respond = g_str_equal (what, "respond");
  g_autoptr(PeilIncident) incident = NULL;
  GError *error = NULL;
  gint64 id;

  if (!peil_cli_parse (entries, &argc, &argv, respond ? 3 : 4, link ? -1 : 4))
    return PEIL_CLI_USAGE;
  if (respond && (message != NULL) == (argc > 5))
    return peil_cli_usage_error ("rumour", _("Give the response as a text or as --message ID, one of the two"));
  if (message != NULL && !respond)
    return peil_cli_usage_error ("rumour", _("--message goes with respond"));
  if ((id = peil_cli_parse_id (argv[4])) == 0)
    return peil_cli_usage_error ("rumour", _("“%s” is not a rumour number"), argv[4]);
  if (!(incident = peil_cli_open (argv[3], &error)))
    return peil_cli_fail (error);

  if (g_str_equal (what, "status"))
    {
      if (!peil_incident_set_rumour_status (incident, id, argv[5], &error))
        return peil_cli_fail (error);
    }
  else if (message != NULL)
    {
      gint64 message_id = peil_cli_parse_id (message);

      if (message_id == 0)
        return peil_cli_usage_error ("rumour", _("“%s” is not a message number"), message);
      if (!peil_incident_set_rumour_response_message (incident, id, message_id, &error))
        return peil_cli_fail (error);
      g_print (_("The response to rumour %lld is our message %lld\n"), (long long)id, (long long)message_id);
    }
  else if (respond)
    {
      g_autofree char *text = peil_cli_read_text_argument (argv[5], &error);

      if (text == NULL || !peil_incident_set_rumour_response (incident, id, text, &error))
        return peil_cli_fail (error);
    }
  else
    for (int i = 5; i < argc; i++)
      {
        gint64 post_id = peil_cli_parse_id (argv[i]);

        if (post_id == 0)
          return peil_cli_usage_error ("rumour", _("“%s” is not a post number"), argv[i]);
        if (!peil_incident_link_rumour_post (incident, id, post_id, g_str_equal (what, "link"), &error))
          return peil_cli_fail (error);
      }
  return 0;
}

int
peil_cli_rumour (int    argc,
                 char **argv)
{
  const char *sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (sub, "add"))
    return rumour_add (argc, argv);
  if (g_str_equal (sub, "list"))
    return rumour_list (argc, argv);
  if (g_str_equal (sub, "candidates"))
    return peil_cli_rumour_candidates (argc, argv);
  if (g_str_equal (sub, "status") || g_str_equal (sub, "respond") || g_str_equal (sub, "link") ||
      g_str_equal (sub, "unlink"))
    return rumour_change (argc, argv, sub);
  if (g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    return peil_cli_parse (NULL, &argc, &argv, 0, -1) ? 0 : PEIL_CLI_USAGE;

  return peil_cli_usage_error ("rumour", _("Use: peil-cli rumour add FILE CLAIM|--story ID · list FILE · candidates FILE · "
                                           "status FILE ID STATUS · respond FILE ID TEXT|-|--message ID · "
                                           "link|unlink FILE ID POST…"));
}

/* report ---------------------------------------------------------------- */

int
peil_cli_report (int    argc,
                 char **argv)
{
  int number = 0;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *language = NULL;
  g_autofree char *real_names = NULL;
  const GOptionEntry entries[] = {
    { "round", 0, 0, G_OPTION_ARG_INT, &number, N_("The round to report (default: the last)"), N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("html, pdf or xlsx (default: from the output’s extension)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the report"), N_("PATH") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("Language of the report: nl or en (default: the incident’s)"), N_("CODE") },
    PEIL_CLI_REAL_NAMES_ENTRY (real_names),
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilPluginEngine) engine = NULL;
  g_autoptr(PeilReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *incident_language = NULL;
  PeilReportExporter *exporter;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (output == NULL)
    return peil_cli_usage_error ("report", _("Say where to write the report: -o PATH"));
  if (format == NULL && strrchr (output, '.') != NULL)
    format = g_ascii_strdown (strrchr (output, '.') + 1, -1);
  if (format == NULL)
    return peil_cli_usage_error ("report", _("Say which format: --format html, pdf or xlsx"));
  if (language != NULL && !g_str_equal (language, "nl") && !g_str_equal (language, "en"))
    return peil_cli_usage_error ("report", _("A report is written in nl or en, not “%s”"), language);

  engine = peil_cli_plugins ();
  if (!(exporter = peil_plugin_engine_find_report_exporter (engine, format)))
    return peil_cli_usage_error ("report", _("No plugin writes reports as “%s”; see “peil-cli plugins”"),
                                 format ? format : "");
  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);

  if (number == 0)
    {
      g_autoptr(GPtrArray) rounds = peil_incident_list_rounds (incident, &error);

      if (rounds == NULL)
        return peil_cli_fail (error);
      if (rounds->len == 0)
        {
          g_set_error_literal (&error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                               _("This incident has no rounds yet; start one with “peil-cli round new”"));
          return peil_cli_fail (error);
        }
      number = peil_round_get_number (g_ptr_array_index (rounds, rounds->len - 1));
    }
  if (language == NULL)
    incident_language = peil_incident_get_metadata (incident, PEIL_META_LANGUAGE);

  file = g_file_new_for_commandline_arg (output);
  if ((real_names && !peil_incident_reveal_names (incident, "report", real_names, &error)) ||
      !(report = peil_report_new (incident, number, language ? language : incident_language ? incident_language
                                                                                           : peil_ui_language (),
                                  real_names ? PEIL_REPORT_SHOW_AUTHORS : PEIL_REPORT_NONE, &error)) ||
      !peil_incident_check_loggable (incident, &error) ||
      !peil_report_exporter_export_file (exporter, report, file, NULL, &error) ||
      !peil_report_log_written (report, incident, peil_file_format_get_format_id (PEIL_FILE_FORMAT (exporter)),
                                file, &error))
    return peil_cli_fail (error);

  g_print (_("Wrote round %d to %s\n"), number, output);
  return 0;
}

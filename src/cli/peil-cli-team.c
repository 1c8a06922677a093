/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <glib-unix.h>
#include <string.h>

#include "peil-cli.h"

/* team init URL: the team catalog on a server, made or brought up to date. */
static int
team_init (int    argc,
           char **argv)
{
  g_autoptr(PeilTeamServer) server = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (NULL, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(server = peil_team_server_connect (argv[3], &error)) ||
      !peil_team_server_set_up (server, &error))
    return peil_cli_fail (error);
  g_print (_("The server is ready for team incidents\n"));
  return 0;
}

/* team publish FILE URL [--incident NAME] */
static int
team_publish (int    argc,
              char **argv)
{
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "incident", 0, 0, G_OPTION_ARG_STRING, &name, N_("The team incident’s name on the server (default: the file’s name)"), N_("NAME") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 3, 3))
    return PEIL_CLI_USAGE;
  if (name == NULL)
    {
      g_autofree char *base = g_path_get_basename (argv[3]);

      name = g_strndup (base, g_str_has_suffix (base, ".peil") ? strlen (base) - 5 : strlen (base));
    }
  if (!(incident = peil_cli_open (argv[3], &error)) ||
      !peil_replica_publish (incident, argv[4], name, &error) ||
      !(replica = peil_replica_new (incident, &error)))
    return peil_cli_fail (error);

  g_print (_("Published as the team incident “%s”; the server is at change %lld\n"),
           name, (long long)peil_replica_get_last_seq (replica));
  return 0;
}

/* team join URL --incident NAME OUT.peil */
static int
team_join (int    argc,
           char **argv)
{
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "incident", 0, 0, G_OPTION_ARG_STRING, &name, N_("The team incident to join"), N_("NAME") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *analyst = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 3, 3))
    return PEIL_CLI_USAGE;
  if (name == NULL)
    return peil_cli_usage_error ("team", _("Say which incident: --incident NAME (see “peil-cli team list URL”)"));

  file = g_file_new_for_commandline_arg (argv[4]);
  analyst = peil_cli_dup_analyst (NULL);
  if (!(incident = peil_replica_join (argv[3], name, file, analyst, &error)))
    return peil_cli_fail (error);
  g_print (_("Joined “%s”: %lld posts in %s\n"), name,
           (long long)peil_incident_count_posts (incident), argv[4]);
  return 0;
}

/* team list URL */
static int
team_list (int    argc,
           char **argv)
{
  g_autoptr(PeilTeamServer) server = NULL;
  g_auto(GStrv) names = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (NULL, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(server = peil_team_server_connect (argv[3], &error)) ||
      !(names = peil_team_server_list_incidents (server, &error)))
    return peil_cli_fail (error);
  for (guint i = 0; names[i]; i++)
    g_print ("%s\n", names[i]);
  return 0;
}

static PeilReplica *
open_replica (const char  *path,
              GError     **error)
{
  g_autoptr(PeilIncident) incident = peil_cli_open (path, error);

  return incident ? peil_replica_new (incident, error) : NULL;
}

typedef struct
{
  GMainLoop *loop;
  int        status;
} Following;

static gboolean
on_stop_signal (gpointer user_data)
{
  Following *following = user_data;

  g_main_loop_quit (following->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_synced (PeilReplica *replica,
           gpointer     user_data)
{
  g_autofree char *now = peil_time_format_iso (g_get_real_time () / G_USEC_PER_SEC);

  g_print (_("%s synced: at change %lld\n"), now, (long long)peil_replica_get_last_seq (replica));
}

static void
on_state (PeilReplica *replica,
          GParamSpec  *pspec,
          gpointer     user_data)
{
  if (peil_replica_get_state (replica) == PEIL_REPLICA_OFFLINE && peil_replica_get_last_error (replica))
    g_printerr (_("peil-cli: offline, trying again: %s\n"), peil_replica_get_last_error (replica));
}

/* team sync FILE [--follow] */
static int
team_sync (int    argc,
           char **argv)
{
  gboolean follow = FALSE;
  const GOptionEntry entries[] = {
    { "follow", 'f', 0, G_OPTION_ARG_NONE, &follow, N_("Keep syncing until stopped (Ctrl+C)"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Following following = { 0 };
  guint sigint, sigterm;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(replica = open_replica (argv[3], &error)))
    return peil_cli_fail (error);

  if (!follow)
    {
      g_autoptr(GPtrArray) conflicts = NULL;

      if (!peil_replica_sync (replica, NULL, &error))
        return peil_cli_fail (error);
      g_print (_("Synced: at change %lld\n"), (long long)peil_replica_get_last_seq (replica));
      /* A colleague's text saved over an older version is the analyst's to settle. */
      if ((conflicts = peil_replica_list_conflicts (replica, NULL)) && conflicts->len > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u section text saved at the same time as another waits to be settled: peil-cli team conflicts %s\n",
                              "%u section texts saved at the same time as others wait to be settled: peil-cli team conflicts %s\n",
                              conflicts->len), conflicts->len, argv[3]);
      return 0;
    }

  loop = g_main_loop_new (NULL, FALSE);
  following.loop = loop;
  g_signal_connect (replica, "synced", G_CALLBACK (on_synced), NULL);
  g_signal_connect (replica, "notify::state", G_CALLBACK (on_state), NULL);
  sigint = g_unix_signal_add (SIGINT, on_stop_signal, &following);
  sigterm = g_unix_signal_add (SIGTERM, on_stop_signal, &following);
  peil_replica_follow (replica);
  g_main_loop_run (loop);
  peil_replica_stop (replica);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  /* What waits is kept in the file and goes with the next sync. */
  if (peil_replica_count_waiting (replica, NULL) > 0)
    {
      gint64 waiting = peil_replica_count_waiting (replica, NULL);

      g_printerr (g_dngettext (GETTEXT_PACKAGE, "peil-cli: %lld change waits for the next sync\n",
                               "peil-cli: %lld changes wait for the next sync\n", waiting), (long long)waiting);
    }
  return following.status;
}

/* team status FILE [--json] */
static int
team_status (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) offline = NULL;
  GError *error = NULL;
  gint64 waiting;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(replica = open_replica (argv[3], &error)) ||
      (waiting = peil_replica_count_waiting (replica, &error)) < 0)
    return peil_cli_fail (error);
  /* Offline is an answer too: the file still says what waits. */
  members = peil_replica_list_members (replica, &offline);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, peil_replica_get_address (replica));
      json_builder_set_member_name (builder, "incident");
      json_builder_add_string_value (builder, peil_replica_get_name (replica));
      json_builder_set_member_name (builder, "replica");
      json_builder_add_string_value (builder, peil_replica_get_id (replica));
      json_builder_set_member_name (builder, "last_seq");
      json_builder_add_int_value (builder, peil_replica_get_last_seq (replica));
      json_builder_set_member_name (builder, "waiting");
      json_builder_add_int_value (builder, waiting);
      json_builder_set_member_name (builder, "online");
      json_builder_add_boolean_value (builder, members != NULL);
      json_builder_set_member_name (builder, "members");
      json_builder_begin_array (builder);
      for (guint i = 0; members && i < members->len; i++)
        {
          PeilTeamMember *member = g_ptr_array_index (members, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "analyst");
          json_builder_add_string_value (builder, member->analyst);
          json_builder_set_member_name (builder, "role");
          json_builder_add_string_value (builder, member->role);
          json_builder_set_member_name (builder, "seen_at");
          json_builder_add_int_value (builder, member->seen_at);
          json_builder_set_member_name (builder, "tags");
          json_builder_add_int_value (builder, member->tags);
          json_builder_set_member_name (builder, "doing");
          json_builder_add_string_value (builder, member->doing);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      peil_cli_print_json (root);
      return 0;
    }

  g_print (_("Server:   %s\n"), peil_replica_get_address (replica));
  g_print (_("Incident: %s\n"), peil_replica_get_name (replica));
  g_print (_("Synced up to change %lld\n"), (long long)peil_replica_get_last_seq (replica));
  {
    g_autofree char *who = NULL;
    gint64 when = 0;
    g_autofree char *handover = peil_replica_dup_last_handover (replica, &who, &when);

    if (handover != NULL)
      {
        g_autofree char *at = peil_time_format_iso (when);
        /* TRANSLATORS: who wrote the last handover note, when, then the note */
        g_print (_("Handover by %s at %s: %s\n"), who ? who : "", at, handover);
      }
  }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%lld change made here waits\n", "%lld changes made here wait\n", waiting),
           (long long)waiting);
  if (members == NULL)
    {
      g_print (_("Offline: %s\n"), offline->message);
      return 0;
    }
  for (guint i = 0; i < members->len; i++)
    {
      PeilTeamMember *member = g_ptr_array_index (members, i);
      /* Someone who synced in the last two minutes is at work. */
      gboolean online = member->seen_at > 0 && now - member->seen_at < 120;
      g_autofree char *tags = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld tag", "%lld tags", member->tags),
                                               (long long)member->tags);

      g_print ("%-24s %-8s %-10s %s\n", member->analyst, online ? _("online") : "", tags,
               online ? member->doing : "");
    }
  return 0;
}

/* team grant|revoke URL --incident NAME ROLE */
static int
team_access (int         argc,
             char      **argv,
             gboolean    grant)
{
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "incident", 0, 0, G_OPTION_ARG_STRING, &name, N_("The team incident"), N_("NAME") },
    { NULL }
  };
  g_autoptr(PeilTeamServer) server = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 3, 3))
    return PEIL_CLI_USAGE;
  if (name == NULL)
    return peil_cli_usage_error ("team", _("Say which incident: --incident NAME"));
  if (!(server = peil_team_server_connect (argv[3], &error)) ||
      !(grant ? peil_team_server_grant : peil_team_server_revoke) (server, name, argv[4], &error))
    return peil_cli_fail (error);
  g_print (grant ? _("Role %s may work on “%s”\n") : _("Role %s may no longer work on “%s”\n"), argv[4], name);
  return 0;
}

/* team handover FILE TEXT: what the next shift needs to know. */
static int
team_handover (int    argc,
               char **argv)
{
  const GOptionEntry entries[] = {
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilReplica) replica = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 3, 3))
    return PEIL_CLI_USAGE;
  if (!(replica = open_replica (argv[3], &error)) ||
      !peil_replica_hand_over (replica, argv[4], &error))
    return peil_cli_fail (error);
  if (!peil_replica_sync (replica, NULL, &error))
    {
      g_printerr (_("peil-cli: the handover note waits in the file for the next sync: %s\n"), error->message);
      g_clear_error (&error);
    }
  g_print (_("Handed over\n"));
  return 0;
}

/* Whether posts of @source are there or can come: a plugin gathers
 * them, they are typed in (manual) or imported, or the file has some. */
static gboolean
is_known_source (PeilReplica *replica,
                 const char  *source)
{
  g_autoptr(PeilPluginEngine) engine = peil_cli_plugins ();
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  PeilIncident *incident = peil_replica_get_incident (replica);

  if (g_str_equal (source, "manual") || peil_plugin_engine_find_source (engine, source) != NULL)
    return TRUE;
  peil_filter_add_source (filter, source);
  peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_INCLUDE);
  peil_filter_set_page (filter, 0, 1);
  return peil_incident_count_matching (incident, filter, NULL) > 0;
}

/* team assign FILE ANALYST --query ID | --source S | --dimension D | --clear */
static int
team_assign (int    argc,
             char **argv)
{
  g_autofree char *query = NULL, *source = NULL, *dimension = NULL;
  gboolean clear = FALSE;
  const GOptionEntry entries[] = {
    { "query", 0, 0, G_OPTION_ARG_STRING, &query, N_("Hand out the untagged posts this saved query found (its number in FILE, as “peil-cli query list” shows)"), N_("ID") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("Hand out this source’s untagged posts"), N_("SOURCE") },
    { "dimension", 0, 0, G_OPTION_ARG_STRING, &dimension, N_("Hand out posts untagged in this dimension (IB, BG, SB)"), N_("DIMENSION") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Take the analyst’s assignments away"), NULL },
    { NULL }
  };
  g_autoptr(PeilReplica) replica = NULL;
  GError *error = NULL;
  gint64 query_id = 0;

  if (!peil_cli_parse (entries, &argc, &argv, 3, 3))
    return PEIL_CLI_USAGE;
  if ((query != NULL) + (source != NULL) + (dimension != NULL) + clear != 1)
    return peil_cli_usage_error ("team", _("Assign one thing at a time: --query ID, --source S, --dimension D or --clear"));
  if (query != NULL && (query_id = peil_cli_parse_id (query)) <= 0)
    return peil_cli_usage_error ("team", _("“%s” is not a query’s number (see “peil-cli query list FILE”)"), query);
  if (!(replica = open_replica (argv[3], &error)))
    return peil_cli_fail (error);
  if (source != NULL && !is_known_source (replica, source))
    return peil_cli_usage_error ("team", _("No post in %s has the source “%s” and no plugin gathers it "
                                           "(see “peil-cli stats FILE” and “peil-cli plugins”)"), argv[3], source);
  if (!(query != NULL ? peil_replica_assign_query (replica, argv[4], query_id, &error)
                      : peil_replica_assign (replica, argv[4], clear ? NULL : source ? "source" : "dimension",
                                             source ? source : dimension, &error)))
    return peil_cli_fail (error);
  if (clear)
    g_print (_("%s has no assignment now: every untagged post is theirs\n"), argv[4]);
  else if (query != NULL)
    g_print (_("%s is assigned the posts query %lld finds\n"), argv[4], (long long)query_id);
  else if (source != NULL)
    {
      g_autofree char *label = peil_source_label (source, peil_ui_language ());

      g_print (_("%s is assigned the posts of %s\n"), argv[4], label);
    }
  else
    g_print (_("%s is assigned the posts untagged in %s\n"), argv[4], dimension);
  return 0;
}

/* team assignments FILE */
static int
team_assignments (int    argc,
                  char **argv)
{
  g_autoptr(PeilReplica) replica = NULL;
  g_auto(GStrv) rows = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (NULL, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(replica = open_replica (argv[3], &error)) ||
      !(rows = peil_replica_list_assignments (replica, &error)))
    return peil_cli_fail (error);
  if (rows[0] == NULL)
    g_print (_("No assignments: every analyst gets every untagged post\n"));
  for (guint i = 0; rows[i] != NULL; i++)
    g_print ("%s\n", rows[i]);
  return 0;
}

/* team conflicts FILE [--json]: section texts saved on top of an older
 * version than the team's, waiting to be resolved. */
static int
team_conflicts (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(replica = open_replica (argv[3], &error)) ||
      !(conflicts = peil_replica_list_conflicts (replica, &error)))
    return peil_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < conflicts->len; i++)
        {
          PeilSectionConflict *conflict = g_ptr_array_index (conflicts, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, conflict->seq);
          json_builder_set_member_name (builder, "round");
          json_builder_add_int_value (builder, conflict->round);
          json_builder_set_member_name (builder, "section");
          json_builder_add_string_value (builder, conflict->section);
          json_builder_set_member_name (builder, "analyst");
          json_builder_add_string_value (builder, conflict->analyst);
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, conflict->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      peil_cli_print_json (root);
      return 0;
    }

  if (conflicts->len == 0)
    g_print (_("No conflicting section texts\n"));
  for (guint i = 0; i < conflicts->len; i++)
    {
      PeilSectionConflict *conflict = g_ptr_array_index (conflicts, i);
      const PeilRoundSection *section = peil_round_lookup_section (conflict->section);

      /* TRANSLATORS: a conflict's number, the round, the section, who saved it, then the text */
      g_print (_("%lld  round %u, %s, by %s:\n%s\n"), (long long)conflict->seq, conflict->round,
               section ? peil_round_section_heading (section, peil_ui_language ()) : conflict->section,
               conflict->analyst, conflict->text);
    }
  return 0;
}

/* team resolve FILE ID --take|--drop */
static int
team_resolve (int    argc,
              char **argv)
{
  gboolean take = FALSE, drop = FALSE;
  const GOptionEntry entries[] = {
    { "take", 0, 0, G_OPTION_ARG_NONE, &take, N_("Make the conflicting text the section’s"), NULL },
    { "drop", 0, 0, G_OPTION_ARG_NONE, &drop, N_("Keep the team’s text and let the conflicting one go"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilReplica) replica = NULL;
  GError *error = NULL;
  gint64 id;

  if (!peil_cli_parse (entries, &argc, &argv, 3, 3))
    return PEIL_CLI_USAGE;
  if (take == drop)
    return peil_cli_usage_error ("team", _("Say how: --take or --drop"));
  if ((id = peil_cli_parse_id (argv[4])) <= 0)
    return peil_cli_usage_error ("team", _("“%s” is not a conflict’s number"), argv[4]);
  if (!(replica = open_replica (argv[3], &error)) ||
      !peil_replica_resolve_conflict (replica, id, take, &error))
    return peil_cli_fail (error);
  g_print (take ? _("Taken; it goes to the team with the next sync\n") : _("Dropped\n"));
  return 0;
}

int
peil_cli_team (int    argc,
               char **argv)
{
  const char *sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (sub, "init"))
    return team_init (argc, argv);
  if (g_str_equal (sub, "publish"))
    return team_publish (argc, argv);
  if (g_str_equal (sub, "join"))
    return team_join (argc, argv);
  if (g_str_equal (sub, "list"))
    return team_list (argc, argv);
  if (g_str_equal (sub, "sync"))
    return team_sync (argc, argv);
  if (g_str_equal (sub, "status"))
    return team_status (argc, argv);
  if (g_str_equal (sub, "grant") || g_str_equal (sub, "revoke"))
    return team_access (argc, argv, g_str_equal (sub, "grant"));
  if (g_str_equal (sub, "assign"))
    return team_assign (argc, argv);
  if (g_str_equal (sub, "assignments"))
    return team_assignments (argc, argv);
  if (g_str_equal (sub, "handover"))
    return team_handover (argc, argv);
  if (g_str_equal (sub, "conflicts"))
    return team_conflicts (argc, argv);
  if (g_str_equal (sub, "resolve"))
    return team_resolve (argc, argv);
  if (g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    return peil_cli_parse (NULL, &argc, &argv, 0, -1) ? 0 : PEIL_CLI_USAGE;

  return peil_cli_usage_error ("team", _("Use: peil-cli team init|list|publish|join|sync|status|grant|revoke|assign|assignments|handover|conflicts|resolve …"));
}

/* next FILE [--json]: the next post for this analyst, claimed for two
 * minutes, so that no one else gets it meanwhile. */
int
peil_cli_next (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(PeilPseudonymizer) names = NULL;
  GError *error = NULL;
  gint64 id;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (!(replica = open_replica (argv[2], &error)) ||
      !peil_replica_next (replica, &id, &error))
    return peil_cli_fail (error);

  if (id == 0)
    {
      if (json)
        g_print ("null\n");
      else
        g_print (_("Nothing left to tag in your assignment\n"));
      return 0;
    }
  if (!(post = peil_incident_get_post (peil_replica_get_incident (replica), id, &error)) ||
      !(names = peil_incident_dup_pseudonymizer (peil_replica_get_incident (replica), &error)))
    return peil_cli_fail (error);
  if (json)
    {
      g_autoptr(JsonNode) node = peil_post_to_json (post, names);

      json_object_set_int_member (json_node_get_object (node), "post", id);
      peil_cli_print_json (node);
    }
  else
    {
      g_autofree char *text = peil_pseudonymizer_dup_text (names, peil_post_get_text (post));
      g_print ("%lld\t%s\n", (long long)id, text);
    }
  return 0;
}

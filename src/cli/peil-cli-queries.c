/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <glib-unix.h>
#include <string.h>

#include "peil-cli.h"

static char *
format_time (gint64 when)
{
  return when > 0 ? peil_time_format_iso (when) : g_strdup ("—");
}

/* The core's message says only that the server asks for a login; the
 * command that gives it one is the CLI's to name. */
static void
print_login_hint (PeilQuery *query)
{
  GHashTable *options = peil_query_get_options (query);
  const char *server = g_hash_table_lookup (options, "server");
  const char *account = g_hash_table_lookup (options, "identifier");
  g_autoptr(GString) command = g_string_new ("peil-cli login ");

  g_string_append (command, peil_query_get_source (query));
  if (server != NULL)
    g_string_append_printf (command, " --instance %s", server);
  if (account != NULL)
    g_string_append_printf (command, " --account %s", account);
  /* TRANSLATORS: %s is a command, "peil-cli login mastodon --instance https://…" */
  g_printerr (_("peil-cli: log in with: %s\n"), command->str);
}

static int
query_add (int    argc,
           char **argv)
{
  g_auto(GStrv) settings = NULL;
  g_autofree char *ours = NULL;
  int every = 300;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &settings, N_("A setting of the source, such as url=https://… or server=https://…"), N_("KEY=VALUE") },
    { "every", 0, 0, G_OPTION_ARG_INT, &every, N_("Seconds between runs when gathering live (default 300)"), N_("SECONDS") },
    { "ours", 0, 0, G_OPTION_ARG_STRING, &ours, N_("The query reads one of the organisation’s own channels: what it finds is kept as our messages of CHANNEL, not as posts"), N_("CHANNEL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilPluginEngine) engine = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) query = NULL;
  PeilSource *source;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 4, 4))
    return PEIL_CLI_USAGE;
  for (guint i = 0; settings && settings[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (settings[i], "=", 2);

      if (pair[1] == NULL || *pair[0] == '\0')
        return peil_cli_usage_error ("query", _("Write --set KEY=VALUE, for example --set url=https://nos.nl/export/rss"));
      g_hash_table_insert (options, g_strdup (g_strstrip (pair[0])), g_strdup (g_strstrip (pair[1])));
    }
  if (every <= 0)
    return peil_cli_usage_error ("query", _("--every takes a number of seconds"));
  if (ours != NULL && peil_message_channel_label (ours) == NULL)
    {
      g_autofree char *channels = g_strjoinv (", ", (char **)peil_message_channels ());
      return peil_cli_usage_error ("query", _("“%s” is not a channel; use one of: %s"), ours, channels);
    }

  engine = peil_cli_plugins ();
  if (!(source = peil_plugin_engine_find_source (engine, argv[4])) ||
      !(peil_source_get_flags (source) & PEIL_SOURCE_READS_NETWORK))
    {
      g_set_error (&error, PEIL_ERROR, PEIL_ERROR_PLUGIN,
                   _("No source plugin gathers “%s”; see “peil-cli plugins”"), argv[4]);
      return peil_cli_fail (error);
    }
  if (ours != NULL && !(peil_source_get_flags (source) & PEIL_SOURCE_READS_OWN_CHANNEL))
    return peil_cli_usage_error ("query", _("“%s” searches the public’s posts: only a feed of what one site or account "
                                            "publishes (rss) can be our own channel"), argv[4]);

  if (!(incident = peil_cli_open (argv[3], &error)) ||
      !(query = peil_incident_add_query (incident, argv[4], argv[5], options, every, &error)) ||
      (ours != NULL && !peil_incident_set_query_channel (incident, peil_query_get_id (query), ours, &error)))
    return peil_cli_fail (error);

  if (json)
    g_print ("{ \"id\": %lld }\n", (long long)peil_query_get_id (query));
  else
    g_print (_("Added query %lld\n"), (long long)peil_query_get_id (query));
  return 0;
}

static int
query_list (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if (!(incident = peil_cli_open (argv[3], &error)) || !(queries = peil_incident_list_queries (incident, &error)))
    return peil_cli_fail (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "queries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < queries->len; i++)
    {
      PeilQuery *query = g_ptr_array_index (queries, i);
      g_autofree char *success = format_time (peil_query_get_last_success (query));
      g_autofree char *limited = format_time (peil_query_get_limited_until (query));
      g_autofree char *run = format_time (peil_query_get_last_run (query));
      GHashTableIter iter;
      gpointer key, value;

      if (!json)
        {
          /* TRANSLATORS: how often a query runs when gathering live, "every 900 s" */
          g_autofree char *every = g_strdup_printf (_("every %u s"), peil_query_get_interval (query));

          g_print ("%3lld  %-8s %-4s %s  “%s”\n", (long long)peil_query_get_id (query),
                   peil_query_get_source (query), peil_query_get_enabled (query) ? _("on") : _("off"),
                   every, peil_query_get_text (query));
          if (peil_query_get_channel (query) != NULL)
            /* TRANSLATORS: a query whose results are the organisation's own messages */
            g_print (_("       our channel: %s (what it finds is kept as our messages)\n"),
                     peil_message_channel_label (peil_query_get_channel (query)));
          g_hash_table_iter_init (&iter, peil_query_get_options (query));
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_print ("       %s = %s\n", (char *)key, (char *)value);
          g_print (_("       last success %s · fetched %lld · rate-limited until %s\n"),
                   success, (long long)peil_query_get_fetched (query), limited);
          if (peil_query_get_last_error (query))
            g_print (_("       last error: %s\n"), peil_query_get_last_error (query));
          if (g_hash_table_contains (peil_query_get_state (query), PEIL_QUERY_STATE_NEEDS_LOGIN))
            print_login_hint (query);
          if (peil_query_get_capped (query))
            g_print ("       %s\n", peil_query_get_capped (query));
          continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, peil_query_get_id (query));
      peil_cli_add_string_member (builder, "source", peil_query_get_source (query));
      peil_cli_add_string_member (builder, "query", peil_query_get_text (query));
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, peil_query_get_enabled (query));
      json_builder_set_member_name (builder, "every");
      json_builder_add_int_value (builder, peil_query_get_interval (query));
      peil_cli_add_string_member (builder, "channel", peil_query_get_channel (query));
      json_builder_set_member_name (builder, "options");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, peil_query_get_options (query));
      while (g_hash_table_iter_next (&iter, &key, &value))
        peil_cli_add_string_member (builder, key, value);
      json_builder_end_object (builder);
      peil_cli_add_string_member (builder, "last_run", peil_query_get_last_run (query) ? run : NULL);
      peil_cli_add_string_member (builder, "last_success", peil_query_get_last_success (query) ? success : NULL);
      peil_cli_add_string_member (builder, "last_error", peil_query_get_last_error (query));
      peil_cli_add_string_member (builder, "limited_until", peil_query_get_limited_until (query) ? limited : NULL);
      peil_cli_add_string_member (builder, "capped", peil_query_get_capped (query));
      json_builder_set_member_name (builder, "fetched");
      json_builder_add_int_value (builder, peil_query_get_fetched (query));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      peil_cli_print_json (root);
    }
  return 0;
}

static int
query_change (int         argc,
              char      **argv,
              const char *what)
{
  const GOptionEntry entries[] = { PEIL_CLI_ANALYST_ENTRY, { NULL } };
  g_autoptr(PeilIncident) incident = NULL;
  GError *error = NULL;
  gint64 id;

  if (!peil_cli_parse (entries, &argc, &argv, 3, 3))
    return PEIL_CLI_USAGE;
  if ((id = peil_cli_parse_id (argv[4])) == 0)
    return peil_cli_usage_error ("query", _("“%s” is not a query number"), argv[4]);
  if (!(incident = peil_cli_open (argv[3], &error)))
    return peil_cli_fail (error);

  if (g_str_equal (what, "remove") ? !peil_incident_remove_query (incident, id, &error)
                                   : !peil_incident_set_query_enabled (incident, id, g_str_equal (what, "enable"), &error))
    return peil_cli_fail (error);
  return 0;
}

int
peil_cli_query (int    argc,
                char **argv)
{
  const char *sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (sub, "add"))
    return query_add (argc, argv);
  if (g_str_equal (sub, "list"))
    return query_list (argc, argv);
  if (g_str_equal (sub, "remove") || g_str_equal (sub, "enable") || g_str_equal (sub, "disable"))
    return query_change (argc, argv, sub);
  if (g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    return peil_cli_parse (NULL, &argc, &argv, 0, -1) ? 0 : PEIL_CLI_USAGE;

  return peil_cli_usage_error ("query", _("Use: peil-cli query add|list|remove|enable|disable FILE …"));
}

/* gather ---------------------------------------------------------------- */

/* In a team incident one replica runs a query at a time, under a lease
 * twice its interval long, renewed each run; a server out of reach lets
 * every replica gather (the team drops what two of them found). */
static gboolean
may_gather (PeilReplica *replica,
            PeilQuery   *query)
{
  g_autoptr(GError) error = NULL;
  gboolean held = FALSE;

  if (!peil_replica_lease_query (replica, peil_query_get_id (query), 2 * peil_query_get_interval (query) + 60,
                                 &held, &error))
    return TRUE;
  if (!held)
    g_print (_("Query %lld is gathered by another analyst of the team\n"), (long long)peil_query_get_id (query));
  return held;
}


typedef struct
{
  GCancellable *cancellable;
  gboolean      stop;
  gboolean      done;
  GError       *error;
} Gathering;

static gboolean
on_stop_signal (gpointer user_data)
{
  Gathering *gathering = user_data;

  /* The running job keeps what it read and stops. */
  gathering->stop = TRUE;
  g_cancellable_cancel (gathering->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
on_job_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Gathering *gathering = user_data;

  peil_gather_job_run_finish (PEIL_GATHER_JOB (object), result, &gathering->error);
  gathering->done = TRUE;
}

static gboolean
run_query (PeilIncident     *incident,
           PeilPluginEngine *engine,
           PeilQuery        *query,
           Gathering        *gathering)
{
  PeilSource *source = peil_plugin_engine_find_source (engine, peil_query_get_source (query));
  g_autoptr(PeilGatherJob) job = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (source == NULL)
    {
      g_printerr (_("peil-cli: query %lld: no plugin gathers “%s”\n"), (long long)peil_query_get_id (query),
                  peil_query_get_source (query));
      return FALSE;
    }
  if (peil_query_get_limited_until (query) > now)
    {
      g_print (_("query %lld: waiting %lld s more, as the server asked\n"), (long long)peil_query_get_id (query),
               (long long)(peil_query_get_limited_until (query) - now));
      return TRUE;
    }

  job = peil_gather_job_new_for_query (incident, source, query);
  gathering->done = FALSE;
  g_clear_error (&gathering->error);
  peil_gather_job_run_async (job, gathering->cancellable, on_job_done, gathering);
  while (!gathering->done)
    g_main_context_iteration (NULL, TRUE);

  /* A query that failed before it found anything has only its error to say. */
  if (gathering->error == NULL || peil_gather_job_get_n_added (job) + peil_gather_job_get_n_duplicates (job) > 0)
    g_print (_("query %lld (%s): %llu added, %llu already there\n"), (long long)peil_query_get_id (query),
             peil_query_get_source (query), (unsigned long long)peil_gather_job_get_n_added (job),
             (unsigned long long)peil_gather_job_get_n_duplicates (job));
  if (gathering->error != NULL && !g_error_matches (gathering->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("peil-cli: query %lld: %s\n", (long long)peil_query_get_id (query), gathering->error->message);
      if (g_error_matches (gathering->error, PEIL_ERROR, PEIL_ERROR_NEEDS_LOGIN))
        print_login_hint (query);
      return FALSE;
    }
  return TRUE;
}

/* A query's interval after @now, or sooner when its source asked for
 * that (an exercise's next inject). */
static gint64
next_run_after (PeilQuery *query,
                gint64     now)
{
  gint64 next = now + peil_query_get_interval (query);
  gint64 wanted = peil_query_get_next_run (query);

  return wanted > now && wanted < next ? wanted : next;
}

int
peil_cli_gather (int    argc,
                 char **argv)
{
  gint64 only = 0;
  gboolean follow = FALSE;
  const GOptionEntry entries[] = {
    { "query", 'q', 0, G_OPTION_ARG_INT64, &only, N_("Run only this query"), N_("ID") },
    { "follow", 'f', 0, G_OPTION_ARG_NONE, &follow, N_("Keep gathering, each query on its interval, until Ctrl+C"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(PeilPluginEngine) engine = NULL;
  g_autoptr(GHashTable) next_run = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  Gathering gathering = { g_cancellable_new (), FALSE, FALSE, NULL };
  guint sigint, sigterm;
  int status = 0;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);
  engine = peil_cli_plugins ();

  /* In a team incident, what is gathered goes to the team as it comes. */
  if (peil_incident_is_replica (incident) && (replica = peil_replica_new (incident, NULL)) && follow)
    peil_replica_follow (replica);

  sigint = g_unix_signal_add (SIGINT, on_stop_signal, &gathering);
  sigterm = g_unix_signal_add (SIGTERM, on_stop_signal, &gathering);

  do
    {
      g_autoptr(GPtrArray) queries = peil_incident_list_queries (incident, &error);
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      guint ran = 0;

      if (queries == NULL)
        {
          status = peil_cli_fail (error);
          break;
        }

      for (guint i = 0; i < queries->len && !gathering.stop; i++)
        {
          PeilQuery *query = g_ptr_array_index (queries, i);
          gint64 id = peil_query_get_id (query);
          gint64 *due = g_hash_table_lookup (next_run, &id);

          if ((only != 0 && id != only) || (only == 0 && !peil_query_get_enabled (query)) ||
              (due != NULL && *due > now))
            continue;
          if (replica != NULL && !may_gather (replica, query))
            {
              g_hash_table_insert (next_run, g_memdup2 (&id, sizeof id),
                                   g_memdup2 (&(gint64){ now + peil_query_get_interval (query) }, sizeof (gint64)));
              continue;
            }
          if (!run_query (incident, engine, query, &gathering))
            {
              status = PEIL_CLI_FAILED;
              if (replica != NULL)
                peil_replica_release_query (replica, id);
            }
          ran++;
          g_hash_table_insert (next_run, g_memdup2 (&id, sizeof id),
                               g_memdup2 (&(gint64){ next_run_after (query, now) }, sizeof (gint64)));
        }

      if (only != 0 && ran == 0 && g_hash_table_size (next_run) == 0)
        {
          g_set_error (&error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                       _("There is no query %lld in this incident"), (long long)only);
          status = peil_cli_fail (error);
          break;
        }

      /* Between rounds, wait a second at a time, awake to Ctrl+C. */
      if (follow && !gathering.stop)
        {
          gint64 wake = g_get_monotonic_time () + G_USEC_PER_SEC;
          while (!gathering.stop && g_get_monotonic_time () < wake)
            if (!g_main_context_iteration (NULL, FALSE))
              g_usleep (50000);
        }
    }
  while (follow && !gathering.stop);

  if (replica != NULL && follow)
    peil_replica_stop (replica);
  else if (replica != NULL)
    {
      g_autoptr(GError) offline = NULL;

      if (!peil_replica_sync (replica, NULL, &offline))
        g_printerr (_("peil-cli: the posts wait in the file for the next sync: %s\n"), offline->message);
    }
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_clear_error (&gathering.error);
  g_object_unref (gathering.cancellable);
  return status;
}

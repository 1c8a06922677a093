/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"
#define G_SETTINGS_ENABLE_BACKEND

#include "config.h"

#include <errno.h>
#include <gio/gsettingsbackend.h>
#include <stdio.h>
#include <string.h>

#include "peil-cli.h"

char *peil_cli_analyst;

static const PeilCliCommand commands[] = {
  { "new",      N_("FILE"),            N_("Start a new incident file"), peil_cli_new },
  { "info",     N_("FILE"),            N_("Show or change what the incident file says about the incident"), peil_cli_info },
  { "add",      N_("FILE"),            N_("Add a question that came in by phone, WhatsApp or webcare"), peil_cli_add },
  { "import",   N_("FILE PATH…"),      N_("Import posts from files (NDJSON, CSV, a Telegram export…)"), peil_cli_import },
  { "search",   N_("FILE [QUERY]"),    N_("Find posts by words, tags, source and time"), peil_cli_search },
  { "stories",  N_("FILE"),            N_("List the stories: near-copies of one message, biggest first"), peil_cli_stories },
  { "tag",      N_("FILE POST TAG…"),  N_("Tag a post"), peil_cli_tag },
  { "untag",    N_("FILE POST TAG…"),  N_("Take tags off a post"), peil_cli_untag },
  { "dismiss",  N_("FILE POST…"),      N_("Mark posts off-topic (--undo takes the mark off)"), peil_cli_dismiss },
  { "suggest",  N_("FILE"),            N_("Suggest tags for untagged posts, learned from the tags given so far"), peil_cli_suggest },
  { "taxonomy", N_("FILE"),            N_("List the dimensions and tags, or add, rename and hide tags"), peil_cli_taxonomy },
  { "stats",    N_("FILE"),            N_("Count posts per tag, dimension, source and hour"), peil_cli_stats },
  { "export",   N_("FILE"),            N_("Export posts through an export plugin"), peil_cli_export },
  { "query",    N_("add|list|remove|enable|disable FILE …"), N_("Save, list and switch the searches that gather posts"), peil_cli_query },
  { "gather",   N_("FILE"),            N_("Run the saved searches once, or keep running them (--follow)"), peil_cli_gather },
  { "round",    N_("new|list|show|set|period|link|unlink|issue FILE …"), N_("Start, write and issue the rounds of the analysis"), peil_cli_round },
  { "attention", N_("FILE"),           N_("List the posts that need attention first, and why"), peil_cli_attention },
  { "rumour",   N_("add|list|candidates|status|respond|link|unlink FILE …"), N_("Keep the rumour register"), peil_cli_rumour },
  { "message",  N_("add|list|tag|untag|link|unlink|remove FILE …"), N_("Keep the organisation’s own messages: press releases, posts, NL-Alerts"), peil_cli_message },
  { "effect",   N_("FILE"),            N_("Show the posts on what each message addressed, before and after it"), peil_cli_effect },
  { "unanswered", N_("FILE"),          N_("List the information needs and rumours that rise while no message answers them"), peil_cli_unanswered },
  { "report",   N_("FILE"),            N_("Write a round’s report as HTML, PDF or XLSX"), peil_cli_report },
  { "team",     N_("init|list|publish|join|sync|status|grant|revoke|assign|assignments|handover|conflicts|resolve …"), N_("Work on one incident as a team, through a PostgreSQL server"), peil_cli_team },
  { "next",     N_("FILE"),            N_("Take the next untagged post of your assignment in a team incident"), peil_cli_next },
  { "exercise", N_("new|start|pause|resume|speed|jump|status|inject|score …"), N_("Play an exercise: make it from a scenario, run its clock, add injects, score the trainees"), peil_cli_exercise },
  { "login",    N_("SOURCE"),          N_("Store a token or app password in the keyring (read from standard input)"), peil_cli_login },
  { "plugins",  "",                    N_("List plugins, switch them on or off"), peil_cli_plugins_command },
  { "privacy",  N_("FILE"),            N_("Write the record of processing for the privacy officer (GDPR article 30)"), peil_cli_privacy },
  { "log",      N_("[verify] FILE"),   N_("Show who changed what, newest first; verify checks the log's hash chain"), peil_cli_log },
  { "purge",    N_("FILE"),            N_("Remove the personal data once the retention period has ended"), peil_cli_purge },
  { "scenario", N_("check|from-incident …"), N_("Check an exercise scenario, or make one from a past incident"), peil_cli_scenario },
};

static void
print_commands (FILE *out)
{
  fprintf (out, "%s\n  peil-cli %s\n\n%s\n", _("Usage:"), _("COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “peil-cli COMMAND --help” for the options of a command."));
}

/**
 * peil_cli_parse:
 *
 * Parses the options of the command in (*argv)[1] and checks the count of
 * its remaining arguments, which start at (*argv)[2]. Prints help and
 * exits 0 on --help; prints the problem and returns %FALSE on a usage
 * error.
 */
gboolean
peil_cli_parse (const GOptionEntry  *entries,
                int                 *argc,
                char              ***argv,
                int                  min_args,
                int                  max_args)
{
  const char *name = (*argv)[1];
  const PeilCliCommand *command = NULL;
  g_autofree char *parameters = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      command = &commands[i];
  g_assert (command != NULL);

  parameters = g_strdup_printf ("%s %s", command->name, _(command->parameters));
  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      peil_cli_usage_error (name, "%s", error->message);
      return FALSE;
    }

  /* GOption leaves the "--" that lets a text start with a dash. */
  for (int i = 2; i < *argc; i++)
    if (g_str_equal ((*argv)[i], "--"))
      {
        memmove (&(*argv)[i], &(*argv)[i + 1], (*argc - i) * sizeof (char *));
        (*argc)--;
        break;
      }

  if (*argc - 2 < min_args || (max_args >= 0 && *argc - 2 > max_args))
    {
      peil_cli_usage_error (name, _("Expected: peil-cli %s"), parameters);
      return FALSE;
    }

  return TRUE;
}

int
peil_cli_usage_error (const char *command,
                      const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("peil-cli %s: %s\n", command, message);
  g_printerr (_("Run “peil-cli %s --help” for its options.\n"), command);
  return PEIL_CLI_USAGE;
}

int
peil_cli_fail (GError *error)
{
  g_printerr ("peil-cli: %s\n", error ? error->message : _("Failed"));
  g_clear_error (&error);
  return PEIL_CLI_FAILED;
}

/**
 * peil_cli_settings:
 *
 * Returns: (transfer full) (nullable): Peil's settings, or %NULL where
 *   they cannot be kept (no schema installed, or only GLib's memory
 *   backend, which forgets them)
 */
GSettings *
peil_cli_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  GSettingsBackend *backend;

  if (schema == NULL)
    return NULL;

  backend = g_settings_backend_get_default ();
  if (g_str_equal (G_OBJECT_TYPE_NAME (backend), "GMemorySettingsBackend") &&
      g_strcmp0 (g_getenv ("GSETTINGS_BACKEND"), "memory") != 0)
    {
      g_object_unref (backend);
      return NULL;
    }
  g_object_unref (backend);

  return g_settings_new_full (schema, NULL, NULL);
}

/*
 * peil_cli_dup_analyst:
 * @incident: (nullable): the file the name is for
 *
 * Whose work is recorded: --analyst, $PEIL_ANALYST, the analyst whose
 * replica @incident is, the name in the settings, or %NULL for the
 * user's own name.
 */
char *
peil_cli_dup_analyst (PeilIncident *incident)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *name = NULL;

  if (peil_cli_analyst != NULL && *peil_cli_analyst)
    return g_strdup (peil_cli_analyst);
  if (g_getenv ("PEIL_ANALYST") && *g_getenv ("PEIL_ANALYST"))
    return g_strdup (g_getenv ("PEIL_ANALYST"));
  if (incident != NULL && (name = peil_replica_dup_analyst (incident)))
    return g_steal_pointer (&name);
  if ((settings = peil_cli_settings ()) && (name = g_settings_get_string (settings, "analyst-name")) && *name)
    return g_steal_pointer (&name);
  return NULL;
}

PeilIncident *
peil_cli_open (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(PeilIncident) incident = NULL;
  g_autofree char *analyst = NULL;

  if (!(incident = peil_incident_open (file, error)))
    return NULL;

  if (peil_incident_get_read_only (incident))
    g_printerr (_("peil-cli: note: “%s” is read-only; it can be read but not changed\n"), path);

  analyst = peil_cli_dup_analyst (incident);
  peil_incident_set_analyst (incident, analyst);
  return g_steal_pointer (&incident);
}

PeilPluginEngine *
peil_cli_plugins (void)
{
  PeilPluginEngine *engine = peil_plugin_engine_new ();
  g_autoptr(GSettings) settings = peil_cli_settings ();

  if (settings != NULL)
    {
      g_auto(GStrv) disabled = g_settings_get_strv (settings, "disabled-plugins");
      peil_plugin_engine_set_disabled (engine, (const char * const *)disabled);
    }
  peil_plugin_engine_load_all (engine);
  return engine;
}

void
peil_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* The JSON a command built, printed as peil_cli_print_json() prints. */
void
peil_cli_print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  peil_cli_print_json (root);
}

/* "-" reads the text from standard input, for texts of several lines. */
char *
peil_cli_read_text_argument (const char  *argument,
                             GError     **error)
{
  g_autoptr(GString) text = NULL;
  char buffer[4096];
  size_t n;

  if (!g_str_equal (argument, "-"))
    return g_strdup (argument);

  text = g_string_new (NULL);
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, n);
  if (!g_utf8_validate (text->str, text->len, NULL))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The text is not UTF-8"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A string member, or null when there is none. */
void
peil_cli_add_string_member (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* An id member, or null for 0, which is no id. */
void
peil_cli_add_id_member (JsonBuilder *builder,
                        const char  *name,
                        gint64       id)
{
  json_builder_set_member_name (builder, name);
  if (id != 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

/* A time as ISO 8601 in UTC, or null when there is none. */
void
peil_cli_add_time_member (JsonBuilder *builder,
                          const char  *name,
                          gint64       time)
{
  g_autofree char *iso = time > 0 ? peil_time_format_iso (time) : NULL;

  json_builder_set_member_name (builder, name);
  if (iso != NULL)
    json_builder_add_string_value (builder, iso);
  else
    json_builder_add_null_value (builder);
}

gboolean
peil_cli_parse_time (const char  *text,
                     gint64      *out_time,
                     GError     **error)
{
  if (peil_time_parse (text, NULL, out_time))
    return TRUE;

  g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
               _("“%s” is not a date or time (use for example 2026-11-25 or 2026-11-25T14:30)"), text);
  return FALSE;
}

/**
 * peil_cli_parse_maps:
 * @command: for the message
 * @maps: (nullable): the values of --map, each FIELD=COLUMN
 *
 * Returns: (transfer full) (nullable): field → column (an empty column
 *   reads the field from none), or %NULL after printing a usage error
 */
GHashTable *
peil_cli_parse_maps (const char  *command,
                     char       **maps)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; maps && maps[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (maps[i], "=", 2);

      if (pair[1] == NULL || *g_strstrip (pair[0]) == '\0')
        {
          peil_cli_usage_error (command, _("Write --map FIELD=COLUMN, for example --map text=Bericht"));
          return NULL;
        }
      g_hash_table_insert (map, g_strdup (pair[0]), g_strdup (g_strstrip (pair[1])));
    }
  return g_steal_pointer (&map);
}

/**
 * peil_cli_check_tags:
 * @codes: (array length=n_codes): tag codes as typed
 *
 * All or nothing: a mistyped code among several is found before any
 * change is made.
 *
 * Returns: %FALSE with @error set (%PEIL_ERROR_UNKNOWN_TAG) for the first
 *   code the incident has no tag for
 */
gboolean
peil_cli_check_tags (PeilIncident  *incident,
                     char         **codes,
                     int            n_codes,
                     GError       **error)
{
  for (int i = 0; i < n_codes; i++)
    if (peil_taxonomy_lookup_tag (peil_incident_get_taxonomy (incident), codes[i]) == NULL)
      {
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG,
                     _("Unknown tag “%s”; “peil-cli taxonomy” lists the tags of this incident"), codes[i]);
        return FALSE;
      }
  return TRUE;
}

/**
 * peil_cli_parse_id:
 *
 * Returns: the positive number @text spells, or 0 when it is not one
 */
gint64
peil_cli_parse_id (const char *text)
{
  char *end = NULL;
  gint64 id;

  /* A number past the largest is none, not the largest. */
  errno = 0;
  id = g_ascii_strtoll (text, &end, 10);
  return (end != text && *end == '\0' && id > 0 && errno == 0) ? id : 0;
}

/**
 * peil_cli_parse_post_ids:
 * @command: for the message
 * @texts: (array length=n_texts): the post numbers as typed
 *
 * A post named twice is one post: "dismiss FILE 3 3" marks one, and
 * "suggest --post 1 --post 1" prints it once.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the distinct
 *   ids in the order first given, or %NULL after printing a usage error
 */
GArray *
peil_cli_parse_post_ids (const char  *command,
                         char *const *texts,
                         guint        n_texts)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < n_texts; i++)
    {
      gint64 id = peil_cli_parse_id (texts[i]);

      if (id == 0)
        {
          peil_cli_usage_error (command, _("“%s” is not a post number"), texts[i]);
          return NULL;
        }
      if (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
        g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

int
main (int    argc,
      char **argv)
{
  peil_init ();
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("peil-cli");

  if (argc < 2)
    {
      print_commands (stderr);
      return PEIL_CLI_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_commands (stdout);
      return 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("peil-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc, argv);

  g_printerr (_("peil-cli: unknown command “%s”\n\n"), argv[1]);
  print_commands (stderr);
  return PEIL_CLI_USAGE;
}

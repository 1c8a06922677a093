/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "peil-cli.h"

/* The metadata options of `new`, also accepted by `info --set`. */
static char *meta_values[11];
static gboolean meta_exercise;
static const char *meta_keys[] = {
  PEIL_META_TITLE, PEIL_META_DESCRIPTION, PEIL_META_TYPE, PEIL_META_LOCATION, PEIL_META_START,
  PEIL_META_LANGUAGE, PEIL_META_PURPOSE, PEIL_META_LEGAL_BASIS, PEIL_META_RETENTION, PEIL_META_DPIA, NULL,
};

static const char *
meta_label (const char *key)
{
  if (g_str_equal (key, PEIL_META_TITLE)) return _("Title");
  if (g_str_equal (key, PEIL_META_DESCRIPTION)) return _("Description");
  if (g_str_equal (key, PEIL_META_TYPE)) return _("Incident type");
  if (g_str_equal (key, PEIL_META_LOCATION)) return _("Location");
  if (g_str_equal (key, PEIL_META_START)) return _("Start");
  if (g_str_equal (key, PEIL_META_LANGUAGE)) return _("Language");
  if (g_str_equal (key, PEIL_META_PURPOSE)) return _("Purpose of processing");
  if (g_str_equal (key, PEIL_META_LEGAL_BASIS)) return _("Legal basis");
  if (g_str_equal (key, PEIL_META_RETENTION)) return _("Keep until");
  if (g_str_equal (key, PEIL_META_DPIA)) return _("DPIA reference");
  if (g_str_equal (key, PEIL_META_ALLOW_LIST)) return _("Named accounts");
  if (g_str_equal (key, PEIL_META_CREATED)) return _("Created");
  if (g_str_equal (key, PEIL_META_EXERCISE)) return _("Exercise");
  return key;
}

static gboolean
apply_metadata (PeilIncident  *incident,
                GError       **error)
{
  for (guint i = 0; meta_keys[i] != NULL; i++)
    if (meta_values[i] != NULL && !peil_incident_set_metadata (incident, meta_keys[i], meta_values[i], error))
      return FALSE;
  return !meta_exercise || peil_incident_set_metadata (incident, PEIL_META_EXERCISE, "true", error);
}

#define META_ENTRIES \
  { "title", 0, 0, G_OPTION_ARG_STRING, &meta_values[0], N_("Title of the incident"), N_("TEXT") }, \
  { "description", 0, 0, G_OPTION_ARG_STRING, &meta_values[1], N_("What happened"), N_("TEXT") }, \
  { "type", 0, 0, G_OPTION_ARG_STRING, &meta_values[2], N_("Kind of incident, such as fire, collapse, stabbing"), N_("TEXT") }, \
  { "location", 0, 0, G_OPTION_ARG_STRING, &meta_values[3], N_("Where it happened"), N_("TEXT") }, \
  { "start", 0, 0, G_OPTION_ARG_STRING, &meta_values[4], N_("When it started"), N_("TIME") }, \
  { "language", 0, 0, G_OPTION_ARG_STRING, &meta_values[5], N_("Language of the analysis: nl or en"), N_("CODE") }, \
  { "purpose", 0, 0, G_OPTION_ARG_STRING, &meta_values[6], N_("Purpose of processing the posts (privacy law)"), N_("TEXT") }, \
  { "legal-basis", 0, 0, G_OPTION_ARG_STRING, &meta_values[7], N_("Legal basis of the processing (privacy law)"), N_("TEXT") }, \
  { "retention", 0, 0, G_OPTION_ARG_STRING, &meta_values[8], N_("Date until which the file may be kept"), N_("DATE") }, \
  { "dpia", 0, 0, G_OPTION_ARG_STRING, &meta_values[9], N_("Where the data protection impact assessment (DPIA) is filed"), N_("TEXT") }, \
  { "exercise", 0, 0, G_OPTION_ARG_NONE, &meta_exercise, N_("Mark the incident as an exercise: every report says OEFENING / EXERCISE"), NULL }

/* As the window's new-incident dialog does: keep the file no longer than
 * needed, RETENTION_DAYS after the incident's start unless told. */
#define RETENTION_DAYS 30

static char *
propose_retention (const char *start)
{
  gint64 when = 0;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;

  if (start != NULL && peil_time_parse (start, NULL, &when))
    from = g_date_time_new_from_unix_local (when);
  else
    from = g_date_time_new_now_local ();
  until = g_date_time_add_days (from, RETENTION_DAYS);
  return g_date_time_format (until, "%Y-%m-%d");
}

int
peil_cli_new (int    argc,
              char **argv)
{
  const GOptionEntry entries[] = { META_ENTRIES, PEIL_CLI_ANALYST_ENTRY, { NULL } };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;
  gboolean proposed;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (meta_values[0] == NULL || *meta_values[0] == '\0')
    return peil_cli_usage_error ("new", _("An incident needs a title: --title \"…\""));
  proposed = meta_values[8] == NULL;
  if (proposed)
    meta_values[8] = propose_retention (meta_values[4]);

  file = g_file_new_for_commandline_arg (argv[2]);
  if (!(incident = peil_incident_create (file, NULL, &error)))
    return peil_cli_fail (error);
  {
    g_autofree char *analyst = peil_cli_dup_analyst (NULL);

    peil_incident_set_analyst (incident, analyst);
  }

  if (!apply_metadata (incident, &error))
    {
      g_autofree char *path = g_file_get_path (file);

      /* A half-described incident is not worth keeping: the user retries. */
      g_clear_object (&incident);
      g_unlink (path);
      return peil_cli_fail (error);
    }

  g_print (_("Created %s\n"), argv[2]);
  if (proposed)
    /* TRANSLATORS: %s is a date, %d a number of days */
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Keep until %s, %d day after the start (info --retention changes it)\n",
                          "Keep until %s, %d days after the start (info --retention changes it)\n", RETENTION_DAYS),
             meta_values[8], RETENTION_DAYS);
  return 0;
}

int
peil_cli_info (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) allow = NULL, disallow = NULL;
  const GOptionEntry entries[] = {
    META_ENTRIES,
    { "allow", 0, 0, G_OPTION_ARG_STRING_ARRAY, &allow, N_("An official account that keeps its name in views, exports and reports (the municipality, police, media)"), N_("HANDLE") },
    { "disallow", 0, 0, G_OPTION_ARG_STRING_ARRAY, &disallow, N_("Take an account off the list of named accounts"), N_("HANDLE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  const char * const *keys = peil_incident_metadata_keys ();
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (!(incident = peil_cli_open (argv[2], &error)) || !apply_metadata (incident, &error))
    return peil_cli_fail (error);
  for (guint i = 0; allow != NULL && allow[i] != NULL; i++)
    if (!peil_incident_allow_account (incident, allow[i], TRUE, &error))
      return peil_cli_fail (error);
  for (guint i = 0; disallow != NULL && disallow[i] != NULL; i++)
    if (!peil_incident_allow_account (incident, disallow[i], FALSE, &error))
      return peil_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, argv[2]);
      json_builder_set_member_name (builder, "read_only");
      json_builder_add_boolean_value (builder, peil_incident_get_read_only (incident));
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, peil_incident_get_schema_version (incident));
      json_builder_set_member_name (builder, "posts");
      json_builder_add_int_value (builder, peil_incident_count_posts (incident));
      json_builder_set_member_name (builder, "metadata");
      json_builder_begin_object (builder);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          g_autofree char *value = peil_incident_get_metadata (incident, keys[i]);
          if (value != NULL)
            {
              json_builder_set_member_name (builder, keys[i]);
              json_builder_add_string_value (builder, value);
            }
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      peil_cli_print_json (root);
      return 0;
    }

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = peil_incident_get_metadata (incident, keys[i]);
      g_auto(GStrv) accounts = NULL;

      /* The allow-list, one account a line in the file, on one line here. */
      if (value != NULL && g_str_equal (keys[i], PEIL_META_ALLOW_LIST))
        {
          accounts = peil_allow_list_parse (value);
          g_free (value);
          value = *accounts ? g_strjoinv (", ", accounts) : NULL;
        }
      g_print ("%-24s %s\n", meta_label (keys[i]), value ? value : "—");
    }
  g_print ("%-24s %" G_GINT64_FORMAT "\n", _("Posts"), peil_incident_count_posts (incident));
  if (peil_incident_get_read_only (incident))
    g_print ("%-24s %s\n", _("Access"), _("read-only"));
  return 0;
}

static void
add_tag_json (JsonBuilder *builder,
              PeilTag     *tag)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, peil_tag_get_code (tag));
  json_builder_set_member_name (builder, "label_nl");
  json_builder_add_string_value (builder, peil_tag_get_label_for (tag, "nl"));
  json_builder_set_member_name (builder, "label_en");
  json_builder_add_string_value (builder, peil_tag_get_label_for (tag, "en"));
  json_builder_set_member_name (builder, "definition_nl");
  json_builder_add_string_value (builder, peil_tag_get_definition_for (tag, "nl"));
  json_builder_set_member_name (builder, "definition_en");
  json_builder_add_string_value (builder, peil_tag_get_definition_for (tag, "en"));
  json_builder_set_member_name (builder, "hidden");
  json_builder_add_boolean_value (builder, peil_tag_get_hidden (tag));
  json_builder_end_object (builder);
}

static void
print_taxonomy_json (PeilTaxonomy *taxonomy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dimensions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, peil_dimension_get_code (dimension));
      json_builder_set_member_name (builder, "label_nl");
      json_builder_add_string_value (builder, peil_dimension_get_label_for (dimension, "nl"));
      json_builder_set_member_name (builder, "label_en");
      json_builder_add_string_value (builder, peil_dimension_get_label_for (dimension, "en"));
      json_builder_set_member_name (builder, "single_choice");
      json_builder_add_boolean_value (builder, peil_dimension_get_single_choice (dimension));
      json_builder_set_member_name (builder, "facet");
      json_builder_add_boolean_value (builder, peil_dimension_get_facet (dimension));
      json_builder_set_member_name (builder, "tags");
      json_builder_begin_array (builder);
      for (guint j = 0; j < tags->len; j++)
        add_tag_json (builder, g_ptr_array_index (tags, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  peil_cli_print_json (root);
}

static void
print_taxonomy (PeilTaxonomy *taxonomy,
                gboolean      all)
{
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);

  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);

      g_print ("%s  %s%s\n", peil_dimension_get_code (dimension), peil_dimension_get_label (dimension),
               peil_dimension_get_single_choice (dimension) ? _(" (one choice)") : "");
      for (guint j = 0; j < tags->len; j++)
        {
          PeilTag *tag = g_ptr_array_index (tags, j);

          if (peil_tag_get_hidden (tag) && !all)
            continue;
          g_print ("  %-18s %s%s\n", peil_tag_get_code (tag), peil_tag_get_label (tag),
                   peil_tag_get_hidden (tag) ? _(" (hidden)") : "");
        }
    }
}

int
peil_cli_taxonomy (int    argc,
                   char **argv)
{
  gboolean json = FALSE, all = FALSE;
  g_autofree char *add = NULL, *rename = NULL, *hide = NULL, *show = NULL;
  g_autofree char *label_nl = NULL, *label_en = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("List hidden tags too"), NULL },
    { "add", 0, 0, G_OPTION_ARG_STRING, &add, N_("Add a tag to a dimension, such as IB:IB-ASBEST"), N_("DIMENSION:CODE") },
    { "rename", 0, 0, G_OPTION_ARG_STRING, &rename, N_("Change the labels of a tag"), N_("CODE") },
    { "label-nl", 0, 0, G_OPTION_ARG_STRING, &label_nl, N_("Dutch label, with --add or --rename"), N_("TEXT") },
    { "label-en", 0, 0, G_OPTION_ARG_STRING, &label_en, N_("English label, with --add or --rename"), N_("TEXT") },
    { "hide", 0, 0, G_OPTION_ARG_STRING, &hide, N_("Hide a tag from the tag buttons (its tags stay)"), N_("CODE") },
    { "show", 0, 0, G_OPTION_ARG_STRING, &show, N_("Show a hidden tag again"), N_("CODE") },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);

  if (add != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (add, ":", 2);

      if (parts[0] == NULL || parts[1] == NULL)
        return peil_cli_usage_error ("taxonomy", _("Write --add DIMENSION:CODE, for example --add IB:IB-ASBEST"));
      if (!peil_incident_add_tag_definition (incident, parts[0], parts[1], label_nl, label_en, &error))
        return peil_cli_fail (error);
    }
  else if (rename != NULL)
    {
      if (label_nl == NULL && label_en == NULL)
        return peil_cli_usage_error ("taxonomy", _("--rename needs --label-nl or --label-en"));
      if ((label_nl && !peil_incident_rename_tag (incident, rename, "nl", label_nl, &error)) ||
          (label_en && !peil_incident_rename_tag (incident, rename, "en", label_en, &error)))
        return peil_cli_fail (error);
    }
  else if ((hide && !peil_incident_set_tag_hidden (incident, hide, TRUE, &error)) ||
           (show && !peil_incident_set_tag_hidden (incident, show, FALSE, &error)))
    return peil_cli_fail (error);

  if (json)
    print_taxonomy_json (peil_incident_get_taxonomy (incident));
  else
    print_taxonomy (peil_incident_get_taxonomy (incident), all);
  return 0;
}

static void
add_counts_json (JsonBuilder *builder,
                 const char  *member,
                 const char  *key_name,
                 GPtrArray   *counts,
                 gboolean     with_label)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < counts->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, key_name);
      json_builder_add_string_value (builder, count->key);
      if (with_label)
        {
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, count->label);
        }
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, count->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_counts (const char *title,
              GPtrArray  *counts,
              gboolean    with_label)
{
  g_print ("\n%s\n", title);
  for (guint i = 0; i < counts->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts, i);

      if (with_label)
        g_print ("  %8" G_GINT64_FORMAT "  %-18s %s\n", count->count, count->key, count->label);
      else
        g_print ("  %8" G_GINT64_FORMAT "  %s\n", count->count, count->key);
    }
}

int
peil_cli_stats (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilCounts) counts = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (!(incident = peil_cli_open (argv[2], &error)) ||
      !(counts = peil_incident_count (incident, NULL, &error)))
    return peil_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "posts");
      json_builder_add_int_value (builder, counts->total);
      json_builder_set_member_name (builder, "untimed");
      json_builder_add_int_value (builder, counts->untimed);
      json_builder_set_member_name (builder, "off_topic");
      json_builder_add_int_value (builder, counts->off_topic);
      add_counts_json (builder, "tags", "code", counts->tags, TRUE);
      add_counts_json (builder, "untagged", "dimension", counts->untagged, TRUE);
      add_counts_json (builder, "sources", "source", counts->sources, TRUE);
      add_counts_json (builder, "hours", "hour", counts->hours, FALSE);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      peil_cli_print_json (root);
      return 0;
    }

  g_print (_("%lld posts\n"), (long long)counts->total);
  if (counts->untimed > 0)
    g_print (_("%lld of them without a time of their own (not in the hours below)\n"), (long long)counts->untimed);
  if (counts->off_topic > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%lld off-topic post besides, in none of the counts\n",
                          "%lld off-topic posts besides, in none of the counts\n", counts->off_topic),
             (long long)counts->off_topic);
  print_counts (_("Untagged per dimension"), counts->untagged, TRUE);
  print_counts (_("Posts per tag"), counts->tags, TRUE);
  print_counts (_("Posts per source"), counts->sources, TRUE);
  print_counts (_("Posts per hour (UTC)"), counts->hours, FALSE);
  return 0;
}

/* peil-cli log verify FILE [--head N:LINK]: whether the log's hash
 * chain holds (and event N still has the link written down). */
static int
log_verify (int    argc,
            char **argv)
{
  g_autofree char *head_arg = NULL;
  const GOptionEntry entries[] = {
    { "head", 0, 0, G_OPTION_ARG_STRING, &head_arg,
      N_("Check too that event N still has the link written down before (as verify printed it)"), N_("N:LINK") },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilLogCheck) check = NULL;
  const char *head = NULL;
  gint64 head_event = 0;
  GError *error = NULL;

  /* "verify" is the command's word, not an argument */
  argv[2] = argv[1];
  argc--;
  argv++;
  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (head_arg != NULL)
    {
      char *end = NULL;

      head_event = g_ascii_strtoll (head_arg, &end, 10);
      if (head_event <= 0 || end == NULL || *end != ':' || strlen (end + 1) != 64 ||
          strspn (end + 1, "0123456789abcdefABCDEF") != 64)
        return peil_cli_usage_error ("log", _("--head takes an event's number and its link, as verify printed them: N:LINK"));
      head = end + 1;
    }
  if (!(incident = peil_cli_open (argv[2], &error)) ||
      !(check = peil_incident_verify_log (incident, head_event, head, &error)))
    return peil_cli_fail (error);

  g_print (g_dngettext (GETTEXT_PACKAGE, "The log is intact: %lld event, each linked to the one before.\n",
                        "The log is intact: %lld events, each linked to the one before.\n", check->n_events),
           (long long)check->n_events);
  if (check->chained_from > 0)
    {
      g_autofree char *when = peil_time_format_iso (check->chained_at);

      g_print (_("Its events up to %lld were chained as they stood on %s, when the file was updated "
                 "for the chain: whether they were changed before, the log cannot tell.\n"),
               (long long)check->chained_from - 1, when);
    }
  if (check->head_purged_by > 0)
    {
      g_autofree char *when = peil_time_format_iso (check->head_purged_at);

      g_print (_("Event %lld’s link is the one written down before the purge of %s (event %lld), which recorded it "
                 "and chained the log anew: the log up to there was not rewritten otherwise.\n"),
               (long long)head_event, when, (long long)check->head_purged_by);
    }
  if (check->head != NULL)
    /* TRANSLATORS: %lld is an event's number, %s a SHA-256 hash in hexadecimal */
    g_print (_("Last link: %lld:%s (write it down; --head checks later that the log up to there was not rewritten)\n"),
             (long long)check->head_event, check->head);
  return 0;
}

int
peil_cli_log (int    argc,
              char **argv)
{
  gboolean json = FALSE;
  int limit = 50;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most this many events; 0 for all (default 50)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  if (argc >= 3 && g_str_equal (argv[2], "verify"))
    return log_verify (argc, argv);
  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (limit < 0)
    return peil_cli_usage_error ("log", _("--limit cannot be negative"));
  if (!(incident = peil_cli_open (argv[2], &error)) ||
      !(events = peil_incident_list_events (incident, limit, &error)))
    return peil_cli_fail (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);
      g_autofree char *time = peil_time_format_iso (event->time);

      if (!json)
        {
          g_autofree char *post = event->post_id ? g_strdup_printf ("#%" G_GINT64_FORMAT, event->post_id) : g_strdup ("");
          g_print ("%s  %-20s %-11s %-7s %-16s %s\n", time, event->analyst ? event->analyst : "",
                   event->action, post, event->tag ? event->tag : "", event->detail ? event->detail : "");
          continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, event->id);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, time);
      json_builder_set_member_name (builder, "analyst");
      json_builder_add_string_value (builder, event->analyst);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, event->action);
      json_builder_set_member_name (builder, "post");
      if (event->post_id)
        json_builder_add_int_value (builder, event->post_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "tag");
      json_builder_add_string_value (builder, event->tag);
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, event->detail);
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

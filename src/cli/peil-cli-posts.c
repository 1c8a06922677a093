/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include <string.h>

#include "peil-cli.h"

/* Channels of questions that reach the team outside social media. */
static const char * const manual_channels[] = { "phone", "whatsapp", "webcare", "email", "counter", "other", NULL };

/* Filter options shared by `search` and `export`. */
static char **filter_tags;
static char **filter_untagged;
static char **filter_sources;
static char *filter_since;
static char *filter_until;

#define FILTER_ENTRIES \
  { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &filter_tags, N_("Only posts with this tag (repeat for all of several)"), N_("CODE") }, \
  { "untagged", 'u', 0, G_OPTION_ARG_STRING_ARRAY, &filter_untagged, N_("Only posts without a tag in this dimension, such as BG"), N_("DIMENSION") }, \
  { "source", 's', 0, G_OPTION_ARG_STRING_ARRAY, &filter_sources, N_("Only posts from this source (repeat for any of several)"), N_("SOURCE") }, \
  { "since", 0, 0, G_OPTION_ARG_STRING, &filter_since, N_("Only posts from this time on"), N_("TIME") }, \
  { "until", 0, 0, G_OPTION_ARG_STRING, &filter_until, N_("Only posts before this time"), N_("TIME") }

static PeilFilter *
build_filter (const char  *text,
              GError     **error)
{
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  gint64 since = 0, until = 0;

  peil_filter_set_text (filter, text);
  for (guint i = 0; filter_tags && filter_tags[i]; i++)
    peil_filter_add_tag (filter, filter_tags[i]);
  for (guint i = 0; filter_untagged && filter_untagged[i]; i++)
    peil_filter_add_untagged (filter, filter_untagged[i]);
  for (guint i = 0; filter_sources && filter_sources[i]; i++)
    peil_filter_add_source (filter, filter_sources[i]);

  if ((filter_since && !peil_cli_parse_time (filter_since, &since, error)) ||
      (filter_until && !peil_cli_parse_time (filter_until, &until, error)))
    return NULL;
  peil_filter_set_range (filter, since, until);

  return g_steal_pointer (&filter);
}

int
peil_cli_add (int    argc,
              char **argv)
{
  g_autofree char *text = NULL, *channel = NULL, *author = NULL, *handle = NULL, *time = NULL;
  g_auto(GStrv) tags = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("The question or remark, in the caller's words"), N_("TEXT") },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &channel, N_("How it came in: phone, whatsapp, webcare, email, counter or other (default phone)"), N_("CHANNEL") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Who asked, if they may be named"), N_("NAME") },
    { "handle", 0, 0, G_OPTION_ARG_STRING, &handle, N_("Their number or account, if needed"), N_("ID") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time, N_("When it came in (default now)"), N_("TIME") },
    { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("Tag it at once (repeat for more)"), N_("CODE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilPost) post = NULL;
  gint64 when = g_get_real_time () / G_USEC_PER_SEC;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (text == NULL || *g_strstrip (text) == '\0')
    return peil_cli_usage_error ("add", _("Give the question with --text \"…\""));
  if (channel == NULL)
    channel = g_strdup ("phone");
  if (!g_strv_contains (manual_channels, channel))
    return peil_cli_usage_error ("add", _("Unknown channel “%s”; use phone, whatsapp, webcare, email, counter or other"), channel);
  if (time != NULL && !peil_cli_parse_time (time, &when, &error))
    return peil_cli_fail (error);

  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);

  /* Without an id of its own, the post is known by its time and words:
   * the same call entered twice (a retry) is one post. */
  post = peil_post_new ("manual", NULL);
  peil_post_set_channel (post, channel);
  peil_post_set_text (post, text);
  peil_post_set_author_name (post, author);
  peil_post_set_author_handle (post, handle);
  peil_post_set_created_at (post, when);
  peil_post_set_origin (post, peil_incident_get_analyst (incident));

  /* Tags are stored with the post, in one transaction: a mistyped code
   * stores nothing. */
  for (guint i = 0; tags && tags[i]; i++)
    peil_post_add_tag (post, tags[i], peil_incident_get_analyst (incident), 0);
  if (!peil_incident_add_post (incident, post, NULL, &error))
    return peil_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_int_member (object, "id", peil_post_get_id (post));
      json_node_take_object (root, object);
      peil_cli_print_json (root);
    }
  else
    g_print (_("Added post %lld\n"), (long long)peil_post_get_id (post));
  return 0;
}

int
peil_cli_import (int    argc,
                 char **argv)
{
  g_autofree char *format = NULL, *source_name = NULL;
  g_auto(GStrv) maps = NULL;
  gboolean json = FALSE, import_time = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("ndjson or csv (default: from the file)"), N_("FORMAT") },
    { "import-time", 0, 0, G_OPTION_ARG_NONE, &import_time, N_("Give posts without a time of their own the time of this import"), NULL },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("CSV: read a field (id, time, author, handle, text, url, source, language) from this column"), N_("FIELD=COLUMN") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source_name, N_("CSV: source of rows that name none (default csv)"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    PEIL_CLI_ANALYST_ENTRY,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilPluginEngine) engine = NULL;
  g_autoptr(GHashTable) map = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  int status = 0;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, -1))
    return PEIL_CLI_USAGE;
  if (!(map = peil_cli_parse_maps ("import", maps)))
    return PEIL_CLI_USAGE;

  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);
  engine = peil_cli_plugins ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);

  for (int a = 3; a < argc; a++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[a]);
      g_autoptr(PeilGatherJob) job = NULL;
      g_autoptr(GError) job_error = NULL;
      PeilSource *source;
      GPtrArray *rejections;
      GHashTableIter iter;
      gpointer field, column;

      /* Before the file is opened to tell its format: see peil_incident_check_other_file(). */
      if (!peil_incident_check_other_file (incident, file, &job_error) ||
          !(source = peil_plugin_engine_find_source_for_file (engine, format, file, &job_error)))
        {
          g_printerr ("peil-cli: %s: %s\n", argv[a], job_error->message);
          status = PEIL_CLI_FAILED;
          continue;
        }

      job = peil_gather_job_new (incident, source, file);
      g_hash_table_iter_init (&iter, map);
      while (g_hash_table_iter_next (&iter, &field, &column))
        {
          g_autofree char *key = g_strdup_printf ("map.%s", (char *)field);
          peil_gather_job_set_option (job, key, column);
        }
      peil_gather_job_set_option (job, "source", source_name);
      if (import_time)
        peil_gather_job_set_option (job, PEIL_GATHER_JOB_IMPORT_TIME, "true");

      if (!peil_gather_job_run (job, cancellable, &job_error))
        {
          g_printerr ("peil-cli: %s: %s\n", argv[a], job_error->message);
          status = PEIL_CLI_FAILED;
        }

      rejections = peil_gather_job_get_rejections (job);
      if (!json)
        {
          g_print (_("%s: %llu added, %llu already there, %llu rejected\n"),
                   argv[a], (unsigned long long)peil_gather_job_get_n_added (job),
                   (unsigned long long)peil_gather_job_get_n_duplicates (job),
                   (unsigned long long)peil_gather_job_get_n_rejected (job));
          for (guint i = 0; i < rejections->len; i++)
            {
              PeilRejection *rejection = g_ptr_array_index (rejections, i);
              g_printerr (_("%s:%llu: skipped: %s\n"), argv[a],
                          (unsigned long long)rejection->line, rejection->reason);
            }
          continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, argv[a]);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, peil_source_get_id (source));
      json_builder_set_member_name (builder, "added");
      json_builder_add_int_value (builder, peil_gather_job_get_n_added (job));
      json_builder_set_member_name (builder, "duplicates");
      json_builder_add_int_value (builder, peil_gather_job_get_n_duplicates (job));
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, peil_gather_job_get_n_rejected (job));
      json_builder_set_member_name (builder, "error");
      if (job_error != NULL)
        json_builder_add_string_value (builder, job_error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "rejections");
      json_builder_begin_array (builder);
      for (guint i = 0; i < rejections->len; i++)
        {
          PeilRejection *rejection = g_ptr_array_index (rejections, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "line");
          json_builder_add_int_value (builder, rejection->line);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, rejection->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      peil_cli_print_json (root);
    }

  return status;
}

/* One line per post: newlines in a post would break the columns. */
char *
peil_cli_one_line (const char *text,
                   guint       max_chars)
{
  g_autoptr(GString) line = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; *p && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_unichar (line, g_unichar_isspace (c) ? ' ' : c);
    }
  if (*text && g_utf8_strlen (text, -1) > max_chars)
    g_string_append (line, "…");
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static char *
tag_list (PeilPost *post)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    g_string_append_printf (list, "%s%s", i ? " " : "", peil_post_get_tag (post, i)->code);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

int
peil_cli_search (int    argc,
                 char **argv)
{
  int limit = 50, offset = 0;
  gboolean json = FALSE, count_only = FALSE;
  const GOptionEntry entries[] = {
    FILTER_ENTRIES,
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most this many posts; 0 for all (default 50)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip this many posts first"), N_("N") },
    { "count", 0, 0, G_OPTION_ARG_NONE, &count_only, N_("Only count the posts"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilFilter) filter = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 total;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 2))
    return PEIL_CLI_USAGE;
  if (limit < 0 || offset < 0)
    return peil_cli_usage_error ("search", _("--limit and --offset cannot be negative"));

  if (!(incident = peil_cli_open (argv[2], &error)) ||
      !(filter = build_filter (argc > 3 ? argv[3] : NULL, &error)) ||
      (total = peil_incident_count_matching (incident, filter, &error)) < 0)
    return peil_cli_fail (error);

  if (count_only)
    {
      g_print ("%" G_GINT64_FORMAT "\n", total);
      return 0;
    }

  peil_filter_set_page (filter, offset, limit);
  if (!(ids = peil_incident_search (incident, filter, &error)))
    return peil_cli_fail (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "posts");
  json_builder_begin_array (builder);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PeilPost) post = peil_incident_get_post (incident, g_array_index (ids, gint64, i), &error);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *time = NULL, *text = NULL, *tags = NULL;

      if (post == NULL)
        return peil_cli_fail (error);

      if (!json)
        {
          time = peil_post_get_created_at (post) ? peil_time_format_iso (peil_post_get_created_at (post)) : g_strdup ("—");
          text = peil_cli_one_line (peil_post_get_text (post), 100);
          tags = tag_list (post);
          g_print ("%6" G_GINT64_FORMAT "  %s  %-9s %-18s %s%s%s%s\n", peil_post_get_id (post), time,
                   peil_post_get_source (post),
                   peil_post_get_author_handle (post) ?: peil_post_get_author_name (post) ?: "",
                   text, *tags ? "  [" : "", tags, *tags ? "]" : "");
          continue;
        }

      node = peil_post_to_json (post, FALSE);
      json_object_remove_member (json_node_get_object (node), "raw");
      json_object_set_int_member (json_node_get_object (node), "peil_id", peil_post_get_id (post));
      json_builder_add_value (builder, g_steal_pointer (&node));
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      peil_cli_print_json (root);
    }
  else if (total > (gint64)ids->len)
    g_print (_("%u of %lld posts shown; use --limit and --offset for more\n"), ids->len, (long long)total);
  return 0;
}

static int
change_tags (int      argc,
             char   **argv,
             gboolean tag)
{
  const GOptionEntry entries[] = { PEIL_CLI_ANALYST_ENTRY, { NULL } };
  g_autoptr(PeilIncident) incident = NULL;
  gint64 post_id;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 3, -1))
    return PEIL_CLI_USAGE;

  if ((post_id = peil_cli_parse_id (argv[3])) == 0)
    return peil_cli_usage_error (argv[1], _("“%s” is not a post number"), argv[3]);

  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);

  /* All or nothing: a mistyped code changes none of the tags. */
  for (int a = 4; a < argc; a++)
    if (peil_taxonomy_lookup_tag (peil_incident_get_taxonomy (incident), argv[a]) == NULL)
      {
        g_set_error (&error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG,
                     _("Unknown tag “%s”; “peil-cli taxonomy” lists the tags of this incident"), argv[a]);
        return peil_cli_fail (error);
      }

  /* A single-choice dimension (a rumour's status) takes one value: of
   * two in one command the last silently replaced the first. */
  for (int a = 4; tag && a < argc; a++)
    for (int b = 4; b < a; b++)
      {
        PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (incident);
        const char *dimension_code = peil_tag_get_dimension_code (peil_taxonomy_lookup_tag (taxonomy, argv[a]));
        PeilDimension *dimension = peil_taxonomy_lookup_dimension (taxonomy, dimension_code);

        if (dimension != NULL && peil_dimension_get_single_choice (dimension) && !g_str_equal (argv[a], argv[b]) &&
            g_str_equal (dimension_code, peil_tag_get_dimension_code (peil_taxonomy_lookup_tag (taxonomy, argv[b]))))
          {
            g_set_error (&error, PEIL_ERROR, PEIL_ERROR_INVALID,
                         /* TRANSLATORS: two tag codes, then the name of their dimension */
                         _("“%s” and “%s” are both values of “%s”, which a post has only one of; give one"),
                         argv[b], argv[a], peil_dimension_get_label (dimension));
            return peil_cli_fail (error);
          }
      }

  for (int a = 4; a < argc; a++)
    if (tag ? !peil_incident_tag_post (incident, post_id, argv[a], &error)
            : !peil_incident_untag_post (incident, post_id, argv[a], &error))
      return peil_cli_fail (error);

  return 0;
}

int
peil_cli_tag (int    argc,
              char **argv)
{
  return change_tags (argc, argv, TRUE);
}

int
peil_cli_untag (int    argc,
                char **argv)
{
  return change_tags (argc, argv, FALSE);
}

int
peil_cli_export (int    argc,
                 char **argv)
{
  g_autofree char *format = NULL, *output = NULL, *query = NULL;
  gboolean pseudonymize = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Export format, such as csv or ndjson (see “peil-cli plugins”)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write"), N_("PATH") },
    { "query", 'q', 0, G_OPTION_ARG_STRING, &query, N_("Only posts that match this search"), N_("QUERY") },
    { "pseudonymize", 'p', 0, G_OPTION_ARG_NONE, &pseudonymize, N_("Replace author names by pseudonyms"), NULL },
    FILTER_ENTRIES,
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilPluginEngine) engine = NULL;
  g_autoptr(PeilFilter) filter = NULL;
  g_autoptr(GFile) file = NULL;
  PeilExporter *exporter;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (format == NULL || output == NULL)
    return peil_cli_usage_error ("export", _("Give the format and the file: --format csv -o FILE"));

  if (!(incident = peil_cli_open (argv[2], &error)) || !(filter = build_filter (query, &error)))
    return peil_cli_fail (error);

  engine = peil_cli_plugins ();
  if (!(exporter = peil_plugin_engine_find_exporter (engine, format)))
    {
      g_set_error (&error, PEIL_ERROR, PEIL_ERROR_PLUGIN,
                   _("No export plugin writes “%s”; see “peil-cli plugins”"), format);
      return peil_cli_fail (error);
    }

  file = g_file_new_for_commandline_arg (output);
  if (!peil_exporter_export_file (exporter, incident, filter,
                                  pseudonymize ? PEIL_EXPORT_PSEUDONYMIZE : PEIL_EXPORT_NONE,
                                  file, NULL, &error))
    return peil_cli_fail (error);

  return 0;
}

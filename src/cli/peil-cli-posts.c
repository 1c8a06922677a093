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
static gboolean filter_off_topic;
static char *filter_story;

#define FILTER_ENTRIES \
  { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &filter_tags, N_("Only posts with this tag (repeat for all of several)"), N_("CODE") }, \
  { "untagged", 'u', 0, G_OPTION_ARG_STRING_ARRAY, &filter_untagged, N_("Only posts without a tag in this dimension, such as BG"), N_("DIMENSION") }, \
  { "source", 's', 0, G_OPTION_ARG_STRING_ARRAY, &filter_sources, N_("Only posts from this source (repeat for any of several)"), N_("SOURCE") }, \
  { "since", 0, 0, G_OPTION_ARG_STRING, &filter_since, N_("Only posts from this time on"), N_("TIME") }, \
  { "until", 0, 0, G_OPTION_ARG_STRING, &filter_until, N_("Only posts before this time"), N_("TIME") }, \
  { "off-topic", 0, 0, G_OPTION_ARG_NONE, &filter_off_topic, N_("Only posts marked off-topic"), NULL }, \
  { "story", 0, 0, G_OPTION_ARG_STRING, &filter_story, N_("Only posts of this story (see “peil-cli stories”)"), N_("ID") }

/* A story is known by the id of its first post: 0 or a negative number
 * names none (0 filtered nothing out without a word). */
static gboolean
check_story_option (const char *command)
{
  if (filter_story == NULL || peil_cli_parse_id (filter_story) != 0)
    return TRUE;
  peil_cli_usage_error (command, _("“%s” is not a story’s id; “peil-cli stories” lists the stories"), filter_story);
  return FALSE;
}

/* A post that starts no story names none either: say so rather than
 * find nothing. */
static gboolean
parse_story (PeilIncident  *incident,
             gint64        *out_story,
             GError       **error)
{
  g_autoptr(PeilFilter) members = NULL;
  gint64 story = filter_story != NULL ? peil_cli_parse_id (filter_story) : 0, count;

  *out_story = 0;
  if (story == 0)
    return TRUE;
  members = peil_filter_new ();
  peil_filter_set_story_id (members, story);
  peil_filter_set_off_topic (members, PEIL_FILTER_OFF_TOPIC_INCLUDE);
  if ((count = peil_incident_count_matching (incident, members, error)) < 0)
    return FALSE;
  if (count == 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                   _("No post belongs to story %lld; `peil-cli stories` lists the stories"), (long long)story);
      return FALSE;
    }
  *out_story = story;
  return TRUE;
}

static PeilFilter *
build_filter (PeilIncident  *incident,
              const char    *text,
              GError       **error)
{
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  gint64 since = 0, until = 0, story = 0;

  peil_filter_set_text (filter, text);
  for (guint i = 0; filter_tags && filter_tags[i]; i++)
    peil_filter_add_tag (filter, filter_tags[i]);
  for (guint i = 0; filter_untagged && filter_untagged[i]; i++)
    peil_filter_add_untagged (filter, filter_untagged[i]);
  for (guint i = 0; filter_sources && filter_sources[i]; i++)
    peil_filter_add_source (filter, filter_sources[i]);

  if ((filter_since && !peil_cli_parse_time (filter_since, &since, error)) ||
      (filter_until && !peil_cli_parse_time (filter_until, &until, error)) ||
      !parse_story (incident, &story, error))
    return NULL;
  peil_filter_set_range (filter, since, until);
  if (filter_off_topic)
    peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_ONLY);
  peil_filter_set_story_id (filter, story);

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
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Import format, such as ndjson, csv or telegram (see “peil-cli plugins”; default: from the file)"), N_("FORMAT") },
    { "import-time", 0, 0, G_OPTION_ARG_NONE, &import_time, N_("Give posts without a time of their own the time of this import"), NULL },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("CSV: read a field (id, time, author, handle, text, url, source, language, off_topic) from this column"), N_("FIELD=COLUMN") },
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

/* With the pseudonyms of whom the text names, unless @names is %NULL. */
char *
peil_cli_post_text (PeilPost          *post,
                    PeilPseudonymizer *names,
                    guint              max_chars)
{
  g_autofree char *text = names ? peil_pseudonymizer_dup_text (names, peil_post_get_text (post)) : NULL;

  return peil_cli_one_line (text ? text : peil_post_get_text (post), max_chars);
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
  g_autofree char *real_names = NULL;
  g_autofree char *author = NULL;
  const GOptionEntry entries[] = {
    FILTER_ENTRIES,
    { "author", 0, 0, G_OPTION_ARG_STRING, &author,
      N_("Only posts whose author’s name or handle holds this (logged, see docs/privacy.md)"), N_("WHO") },
    PEIL_CLI_REAL_NAMES_ENTRY (real_names),
    PEIL_CLI_ANALYST_ENTRY,
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
  g_autoptr(PeilFilter) left_out = NULL;
  g_autoptr(PeilPseudonymizer) names = NULL;
  gint64 total, off_topic = 0;
  guint marked_shown = 0;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 2))
    return PEIL_CLI_USAGE;
  if (limit < 0 || offset < 0)
    return peil_cli_usage_error ("search", _("--limit and --offset cannot be negative"));
  if (!check_story_option ("search"))
    return PEIL_CLI_USAGE;

  if (!(incident = peil_cli_open (argv[2], &error)) ||
      !(filter = build_filter (incident, argc > 3 ? argv[3] : NULL, &error)))
    return peil_cli_fail (error);
  /* A search by author picks out a person: logged before anything shows. */
  peil_filter_set_author (filter, author);
  if ((author != NULL && !peil_incident_check_loggable (incident, &error)) ||
      (total = peil_incident_count_matching (incident, filter, &error)) < 0 ||
      (author != NULL && !peil_incident_log_author_search (incident, author, total, &error)))
    return peil_cli_fail (error);
  /* Off-topic posts are out of sight, not gone: say how many matched. */
  left_out = peil_filter_copy (filter);
  if (!filter_off_topic)
    peil_filter_set_off_topic (left_out, PEIL_FILTER_OFF_TOPIC_ONLY);
  if (!filter_off_topic && (off_topic = peil_incident_count_matching (incident, left_out, &error)) < 0)
    return peil_cli_fail (error);

  if (count_only)
    {
      g_print ("%" G_GINT64_FORMAT "\n", total);
      return 0;
    }

  peil_filter_set_page (filter, offset, limit);
  if (!(ids = peil_incident_search (incident, filter, &error)) ||
      (real_names ? !peil_incident_reveal_names (incident, "search", real_names, &error)
                  : !(names = peil_incident_dup_pseudonymizer (incident, &error))))
    return peil_cli_fail (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "off_topic");
  json_builder_add_int_value (builder, off_topic);
  json_builder_set_member_name (builder, "posts");
  json_builder_begin_array (builder);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PeilPost) post = peil_incident_get_post (incident, g_array_index (ids, gint64, i), &error);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *time = NULL, *text = NULL, *tags = NULL, *source = NULL, *author = NULL;

      if (post == NULL)
        return peil_cli_fail (error);

      if (!json)
        {
          time = peil_post_get_created_at (post) ? peil_time_format_iso (peil_post_get_created_at (post)) : g_strdup ("—");
          text = peil_cli_post_text (post, names, 100);
          author = names ? peil_pseudonymizer_dup_author (names, post)
                         : g_strdup (peil_post_get_author_handle (post) ?: peil_post_get_author_name (post));
          tags = tag_list (post);
          /* As the window and `stats` name it ("X (Twitter)", "Telefoon"), not the plugin's id. */
          source = peil_post_source_label (peil_post_get_source (post), peil_post_get_channel (post), peil_ui_language ());
          marked_shown += peil_post_get_off_topic (post);
          g_print ("%6" G_GINT64_FORMAT "%s %s  %-12s %-18s %s%s%s%s\n", peil_post_get_id (post),
                   peil_post_get_off_topic (post) ? "×" : " ", time,
                   source,
                   author ? author : "",
                   text, *tags ? "  [" : "", tags, *tags ? "]" : "");
          continue;
        }

      node = peil_post_to_json (post, names);
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
  else if (total == 0)
    g_print ("%s\n", _("No posts match"));
  else if (total > (gint64)ids->len)
    g_print (_("%u of %lld posts shown; use --limit and --offset for more\n"), ids->len, (long long)total);
  /* The mark after a number is explained where it is used. */
  if (!json && marked_shown > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "×: %u post shown is marked off-topic\n",
                          "×: %u posts shown are marked off-topic\n", marked_shown),
             marked_shown);
  if (!json && off_topic > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%lld off-topic post also matches; --off-topic shows it\n",
                          "%lld off-topic posts also match; --off-topic shows them\n", off_topic),
             (long long)off_topic);
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
  if (!peil_cli_check_tags (incident, argv + 4, argc - 4, &error))
    return peil_cli_fail (error);

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

/* peil-cli dismiss FILE ID… [--undo] */
int
peil_cli_dismiss (int    argc,
                  char **argv)
{
  gboolean undo = FALSE;
  const GOptionEntry entries[] = {
    PEIL_CLI_ANALYST_ENTRY,
    { "undo", 0, 0, G_OPTION_ARG_NONE, &undo, N_("Take the off-topic mark off instead"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GArray) ids = NULL;
  guint changed = 0, unchanged = 0;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 2, -1))
    return PEIL_CLI_USAGE;
  if (!(ids = peil_cli_parse_post_ids (argv[1], &argv[3], argc - 3)))
    return PEIL_CLI_USAGE;

  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);

  /* All or nothing: every number is checked before any post is marked. */
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean marked = peil_incident_is_off_topic (incident, g_array_index (ids, gint64, i), &error);

      if (error != NULL)
        return peil_cli_fail (error);
      if (marked == undo)
        changed++;
      else
        unchanged++;
    }
  for (guint i = 0; i < ids->len; i++)
    if (!peil_incident_mark_off_topic (incident, g_array_index (ids, gint64, i), !undo, &error))
      return peil_cli_fail (error);

  if (undo)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u post is no longer off-topic", "%u posts are no longer off-topic", changed),
             changed);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u post marked off-topic", "%u posts marked off-topic", changed),
             changed);
  if (unchanged > 0)
    {
      g_print ("; ");
      g_print (undo ? g_dngettext (GETTEXT_PACKAGE, "%u was not marked", "%u were not marked", unchanged)
                    : g_dngettext (GETTEXT_PACKAGE, "%u was marked already", "%u were marked already", unchanged),
               unchanged);
    }
  g_print ("\n");
  return 0;
}

int
peil_cli_export (int    argc,
                 char **argv)
{
  g_autofree char *format = NULL, *output = NULL, *query = NULL, *real_names = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Export format, such as csv or ndjson (see “peil-cli plugins”)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write"), N_("PATH") },
    { "query", 'q', 0, G_OPTION_ARG_STRING, &query, N_("Only posts that match this search"), N_("QUERY") },
    PEIL_CLI_REAL_NAMES_ENTRY (real_names),
    PEIL_CLI_ANALYST_ENTRY,
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
  if (!check_story_option ("export"))
    return PEIL_CLI_USAGE;

  if (!(incident = peil_cli_open (argv[2], &error)) || !(filter = build_filter (incident, query, &error)))
    return peil_cli_fail (error);
  /* An export loses nothing: off-topic posts go with their mark. */
  if (!filter_off_topic)
    peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_INCLUDE);

  engine = peil_cli_plugins ();
  if (!(exporter = peil_plugin_engine_find_exporter (engine, format)))
    {
      g_set_error (&error, PEIL_ERROR, PEIL_ERROR_PLUGIN,
                   _("No export plugin writes “%s”; see “peil-cli plugins”"), format);
      return peil_cli_fail (error);
    }

  file = g_file_new_for_commandline_arg (output);
  if ((real_names && !peil_incident_reveal_names (incident, "export", real_names, &error)) ||
      !peil_exporter_export_file (exporter, incident, filter,
                                  real_names ? PEIL_EXPORT_REAL_NAMES : PEIL_EXPORT_NONE,
                                  file, NULL, &error))
    return peil_cli_fail (error);

  return 0;
}

/* The stories as JSON (docs/cli.md): built only when --json asks for it. */
static void
print_stories_json (GPtrArray *stories)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "stories");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stories->len; i++)
    {
      PeilStory *story = g_ptr_array_index (stories, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, story->id);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, story->size);
      json_builder_set_member_name (builder, "growth");
      json_builder_add_int_value (builder, story->growth);
      json_builder_set_member_name (builder, "off_topic");
      json_builder_add_int_value (builder, story->off_topic);
      json_builder_set_member_name (builder, "first");
      if (story->first != 0)
        {
          g_autofree char *time = peil_time_format_iso (story->first);
          json_builder_add_string_value (builder, time);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "posts");
      json_builder_begin_array (builder);
      for (guint j = 0; j < story->posts->len; j++)
        json_builder_add_int_value (builder, g_array_index (story->posts, gint64, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  peil_cli_print_builder (builder);
}

/* A story a line, the text of its first post below. */
static gboolean
print_stories_text (PeilIncident  *incident,
                    GPtrArray     *stories,
                    int            min_size,
                    GError       **error)
{
  g_autoptr(PeilPseudonymizer) names = peil_incident_dup_pseudonymizer (incident, error);

  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < stories->len; i++)
    {
      PeilStory *story = g_ptr_array_index (stories, i);
      g_autoptr(PeilPost) first = peil_incident_get_post (incident, g_array_index (story->posts, gint64, 0), error);
      g_autofree char *time = NULL, *text = NULL;

      if (first == NULL)
        return FALSE;
      time = story->first ? peil_time_format_iso (story->first) : g_strdup ("—");
      text = peil_cli_post_text (first, names, 100);
      /* TRANSLATORS: a story's id, its number of posts, how many of them
       * came in the last ten minutes, and the time of its first post */
      g_print (g_dngettext (GETTEXT_PACKAGE, "Story %lld: %lld post, +%lld in 10 min, since %s",
                            "Story %lld: %lld posts, +%lld in 10 min, since %s", story->size),
               (long long)story->id, (long long)story->size, (long long)story->growth, time);
      if (story->off_topic > 0)
        g_print (_(" (and %lld off-topic)"),
                 (long long)story->off_topic);
      g_print ("\n        %s\n", text);
    }
  if (stories->len == 0)
    g_print (_("No stories of %d posts or more\n"), min_size);
  return TRUE;
}

int
peil_cli_stories (int    argc,
                  char **argv)
{
  int min_size = 2;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "min-size", 0, 0, G_OPTION_ARG_INT, &min_size, N_("Only stories of at least this many posts (default 2)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) stories = NULL;
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (min_size < 1)
    return peil_cli_usage_error ("stories", _("--min-size must be 1 or more"));

  /* Posts from before Peil grouped stories are grouped first. */
  if (!(incident = peil_cli_open (argv[2], &error)) ||
      (!peil_incident_get_read_only (incident) && peil_incident_group_stories (incident, NULL, &error) < 0) ||
      !(stories = peil_incident_list_stories (incident, (guint)min_size, &error)))
    return peil_cli_fail (error);

  if (json)
    print_stories_json (stories);
  else if (!print_stories_text (incident, stories, min_size, &error))
    return peil_cli_fail (error);
  return 0;
}

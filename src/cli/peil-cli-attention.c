/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include "peil-cli.h"

/* What needs attention, and the stories that may be rumours (docs/triage.md). */

/* The list as JSON (docs/cli.md): built only when --json asks for it. */
static void
print_attention_json (GPtrArray *items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "attention");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      PeilAttentionItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "peil_id");
      json_builder_add_int_value (builder, item->post_id);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, item->score);
      json_builder_set_member_name (builder, "story");
      if (item->story_id != 0)
        json_builder_add_int_value (builder, item->story_id);
      else
        json_builder_add_null_value (builder);
      peil_cli_add_time_member (builder, "created_at", item->created_at);
      json_builder_set_member_name (builder, "reasons");
      json_builder_begin_array (builder);
      for (guint j = 0; j < item->reasons->len; j++)
        {
          PeilAttentionReason *reason = g_ptr_array_index (item->reasons, j);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, reason->code);
          json_builder_set_member_name (builder, "weight");
          json_builder_add_double_value (builder, reason->weight);
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, reason->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  peil_cli_print_builder (builder);
}

/* One post a row, its reasons below. */
static gboolean
print_attention_text (PeilIncident  *incident,
                      GPtrArray     *items,
                      GError       **error)
{
  g_autoptr(PeilPseudonymizer) names = peil_incident_dup_pseudonymizer (incident, error);

  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      PeilAttentionItem *item = g_ptr_array_index (items, i);
      g_autoptr(PeilPost) post = peil_incident_get_post (incident, item->post_id, error);
      g_autoptr(GString) why = g_string_new (NULL);
      g_autofree char *text = NULL, *time = NULL;

      if (post == NULL)
        return FALSE;
      for (guint j = 0; j < item->reasons->len; j++)
        g_string_append_printf (why, "%s%s", j ? " · " : "",
                                ((PeilAttentionReason *)g_ptr_array_index (item->reasons, j))->text);
      text = peil_cli_post_text (post, names, 90);
      time = item->created_at > 0 ? peil_time_format_iso (item->created_at) : g_strdup ("—");
      g_print ("%6" G_GINT64_FORMAT "  %4g  %s  %s\n        %s\n", item->post_id, item->score, time, text, why->str);
    }
  if (items->len == 0)
    g_print (_("Nothing needs attention\n"));
  return TRUE;
}

int
peil_cli_attention (int    argc,
                    char **argv)
{
  int limit = 50;
  gboolean json = FALSE;
  g_autofree char *at = NULL;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N posts (default 50; 0 for all)"), N_("N") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &at, N_("Measure growth and age back from this time (default: the newest post’s)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  gint64 now = 0;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (limit < 0)
    return peil_cli_usage_error ("attention", _("--limit takes 0 or more"));
  if ((at && !peil_cli_parse_time (at, &now, &error)) ||
      !(incident = peil_cli_open (argv[2], &error)) ||
      !(items = peil_attention_list (incident, now, (guint)limit, &error)))
    return peil_cli_fail (error);

  if (json)
    print_attention_json (items);
  else if (!print_attention_text (incident, items, &error))
    return peil_cli_fail (error);
  return 0;
}

static void
print_candidates_json (GPtrArray *candidates)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < candidates->len; i++)
    {
      PeilRumourCandidate *candidate = g_ptr_array_index (candidates, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "story");
      json_builder_add_int_value (builder, candidate->story_id);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, candidate->size);
      json_builder_set_member_name (builder, "growth");
      json_builder_add_int_value (builder, candidate->growth);
      json_builder_set_member_name (builder, "minutes");
      json_builder_add_int_value (builder, candidate->minutes);
      peil_cli_add_time_member (builder, "first_seen", candidate->first_seen);
      json_builder_set_member_name (builder, "claim");
      json_builder_add_string_value (builder, candidate->claim);
      json_builder_set_member_name (builder, "cue");
      json_builder_add_string_value (builder, candidate->cue);
      json_builder_set_member_name (builder, "cue_posts");
      json_builder_add_int_value (builder, candidate->cue_posts);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  peil_cli_print_builder (builder);
}

static void
print_candidates_text (GPtrArray *candidates)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      PeilRumourCandidate *candidate = g_ptr_array_index (candidates, i);
      g_autofree char *claim = peil_cli_one_line (candidate->claim, 90);
      g_autofree char *seen = peil_time_format_iso (candidate->first_seen);

      /* TRANSLATORS: a story that may be a rumour: its id, its size, its growth, its first post's
       * time and text, and the claim or doubt its posts carry ("ik hoor dat") */
      g_print (_("story %lld  %lld posts, +%lld in %u min  since %s\n        “%s”\n        %lld with “%s”\n"),
               (long long)candidate->story_id, (long long)candidate->size, (long long)candidate->growth,
               candidate->minutes, seen, claim, (long long)candidate->cue_posts, candidate->cue);
    }
  if (candidates->len == 0)
    g_print (_("No story that grows fast carries a claim or a doubt\n"));
}

/* `peil-cli rumour candidates FILE` */
int
peil_cli_rumour_candidates (int    argc,
                            char **argv)
{
  gboolean json = FALSE;
  g_autofree char *at = NULL;
  const GOptionEntry entries[] = {
    { "now", 0, 0, G_OPTION_ARG_STRING, &at, N_("Measure growth back from this time (default: the newest post’s)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  GError *error = NULL;
  gint64 now = 0;

  if (!peil_cli_parse (entries, &argc, &argv, 2, 2))
    return PEIL_CLI_USAGE;
  if ((at && !peil_cli_parse_time (at, &now, &error)) ||
      !(incident = peil_cli_open (argv[3], &error)) ||
      !(candidates = peil_attention_rumour_candidates (incident, now, &error)))
    return peil_cli_fail (error);

  if (json)
    print_candidates_json (candidates);
  else
    print_candidates_text (candidates);
  return 0;
}

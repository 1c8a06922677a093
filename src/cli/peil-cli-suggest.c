/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "peil-cli.h"

typedef struct
{
  gboolean json;
  guint    n;
} Printer;

/* Written as they come, not built as one tree: over a million posts the
 * tree would cost more than the suggestions. */
static gboolean
print_suggestion (PeilSuggestion  *suggestion,
                  gpointer         user_data,
                  GError         **error)
{
  g_autoptr(PeilSuggestion) owned = suggestion;
  Printer *printer = user_data;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (printer->json)
    {
      GString *line = g_string_new (printer->n > 0 ? "," : "");

      g_string_append_printf (line, "{\"peil_id\":%" G_GINT64_FORMAT ",\"tags\":[", suggestion->post_id);
      for (guint i = 0; i < suggestion->tags->len; i++)
        {
          PeilSuggestedTag *tag = g_ptr_array_index (suggestion->tags, i);
          g_autofree char *code = g_strescape (tag->code, NULL);

          g_string_append_printf (line, "%s{\"code\":\"%s\",\"confidence\":%s}", i > 0 ? "," : "", code,
                                  g_ascii_formatd (number, sizeof number, "%.2f", tag->confidence));
        }
      g_string_append_printf (line, "],\"off_topic\":%s}",
                              g_ascii_formatd (number, sizeof number, "%.2f", suggestion->off_topic));
      fputs (line->str, stdout);
      g_string_free (line, TRUE);
    }
  else
    {
      GString *line = g_string_new (NULL);

      g_string_append_printf (line, "%" G_GINT64_FORMAT "\t", suggestion->post_id);
      for (guint i = 0; i < suggestion->tags->len; i++)
        {
          PeilSuggestedTag *tag = g_ptr_array_index (suggestion->tags, i);

          g_string_append_printf (line, "%s%s %.0f%%", i > 0 ? ", " : "", tag->code, tag->confidence * 100);
        }
      if (suggestion->tags->len == 0)
        g_string_append (line, "–");
      if (suggestion->off_topic >= PEIL_SUGGESTER_OFF_TOPIC_THRESHOLD)
        /* Translators: after the suggested tags of a post, as in "off-topic 72%" */
        g_string_append_printf (line, "\t%s %.0f%%", _("off-topic"), suggestion->off_topic * 100);
      g_print ("%s\n", line->str);
      g_string_free (line, TRUE);
    }
  printer->n++;
  return TRUE;
}

int
peil_cli_suggest (int    argc,
                  char **argv)
{
  g_auto(GStrv) posts = NULL;
  int limit = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "post", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &posts, N_("Suggest for this post (repeat for more; default: every untagged post)"), N_("ID") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most this many posts"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilSuggester) suggester = NULL;
  g_autoptr(GArray) ids = NULL;
  Printer printer = { 0 };
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 1, 1))
    return PEIL_CLI_USAGE;
  if (limit < 0)
    return peil_cli_usage_error ("suggest", _("--limit takes a number of posts, 1 or more"));
  if (!(ids = peil_cli_parse_post_ids ("suggest", posts, posts != NULL ? g_strv_length (posts) : 0)))
    return PEIL_CLI_USAGE;

  if (!(incident = peil_cli_open (argv[2], &error)))
    return peil_cli_fail (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PeilPost) post = peil_incident_get_post (incident, g_array_index (ids, gint64, i), &error);

      if (post == NULL)
        return peil_cli_fail (error);
    }
  suggester = peil_suggester_new ();
  if (!peil_suggester_train (suggester, incident, NULL, &error))
    return peil_cli_fail (error);

  printer.json = json;
  if (json)
    fputs ("{\"suggestions\":[", stdout);
  if (!peil_suggester_foreach_post (suggester, incident, ids, (guint)limit, print_suggestion, &printer, &error))
    {
      if (json)
        fputs ("]}\n", stdout);
      return peil_cli_fail (error);
    }
  if (json)
    fputs ("]}\n", stdout);
  return 0;
}

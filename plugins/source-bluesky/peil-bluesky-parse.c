/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-bluesky"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-bluesky-parse.h"

/*
 * Bluesky's answers read: a page of app.bsky.feed.searchPosts as posts
 * (bytes in, posts and rejections to a sink, the cursor and times the
 * next request needs out) and createSession's token. Apart from the
 * network code so that the fuzz target runs them alone.
 */
#define MAPPER "bluesky/1"

static JsonObject *
load_object (JsonParser  *parser,
             const char  *data,
             gsize        length,
             GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (!peil_json_load_response (parser, data, length, NULL, &parse_error))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("The server's answer is not what Bluesky sends: %s"), parse_error->message);
      return NULL;
    }
  if (!(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The server's answer is not what Bluesky sends"));
      return NULL;
    }
  return json_node_get_object (root);
}

static PeilPost *
map_post (JsonObject *view,
          const char *server)
{
  JsonObject *author = peil_json_get_object (view, "author");
  JsonObject *record = peil_json_get_object (view, "record");
  JsonArray *langs = peil_json_get_array (record, "langs");
  JsonNode *language = langs && json_array_get_length (langs) > 0 ? json_array_get_element (langs, 0) : NULL;
  const char *uri = peil_json_get_string (view, "uri");
  const char *handle = peil_json_get_string (author, "handle");
  const char *name = peil_json_get_string (author, "displayName");
  const char *text = peil_json_get_string (record, "text");
  const char *rkey = uri ? strrchr (uri, '/') : NULL;
  g_autofree char *url = NULL;
  g_autofree char *at_handle = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  PeilPost *post;
  gint64 created_at = 0;

  if (uri == NULL || *uri == '\0' || text == NULL)
    return NULL;

  post = peil_post_new ("bluesky", uri);
  peil_post_set_text (post, text);
  if (handle != NULL && *handle != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (handle, NULL, FALSE);
      g_autofree char *escaped_rkey = rkey ? g_uri_escape_string (rkey + 1, NULL, FALSE) : NULL;

      at_handle = g_strdup_printf ("@%s", handle);
      url = rkey ? g_strdup_printf ("https://bsky.app/profile/%s/post/%s", escaped, escaped_rkey) : NULL;
    }
  peil_post_set_author_handle (post, at_handle);
  peil_post_set_author_name (post, name ? name : handle);
  peil_post_set_url (post, url);
  peil_time_parse (peil_json_get_string (record, "createdAt"), NULL, &created_at);
  peil_post_set_created_at (post, created_at);
  if (language != NULL && JSON_NODE_HOLDS_VALUE (language) && json_node_get_value_type (language) == G_TYPE_STRING)
    peil_post_set_language (post, json_node_get_string (language));
  peil_post_set_origin (post, server);
  json_node_set_object (node, view);
  raw = json_to_string (node, FALSE);
  peil_post_set_raw (post, raw, MAPPER);
  return post;
}

/**
 * peil_bluesky_parse_page:
 * @position: (inout): the number of the last post handed on, counted over
 *   the pages of a run
 * @page: (out caller-allocates): what the next request needs; cleared on
 *   failure
 *
 * Hands each post of a searchPosts answer to @sink, or a rejection with
 * its reason.
 *
 * Returns: %FALSE with @error set when the answer is not Bluesky's, or
 *   the sink stopped
 */
gboolean
peil_bluesky_parse_page (const char       *data,
                         gsize             length,
                         const char       *server,
                         PeilPostSink     *sink,
                         guint64          *position,
                         PeilBlueskyPage  *page,
                         GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *answer;
  JsonArray *posts;

  memset (page, 0, sizeof *page);
  if (!(answer = load_object (parser, data, length, error)))
    return FALSE;

  posts = peil_json_get_array (answer, "posts");
  page->n_posts = posts ? json_array_get_length (posts) : 0;
  page->cursor = g_strdup (peil_json_get_string (answer, "cursor"));
  for (guint i = 0; i < page->n_posts; i++)
    {
      JsonNode *element = json_array_get_element (posts, i);
      JsonObject *view = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *indexed = peil_json_get_string (view, "indexedAt");
      g_autoptr(PeilPost) post = NULL;

      ++*position;
      if (view == NULL || !(post = map_post (view, server)))
        {
          peil_post_sink_reject (sink, *position, _("A post without a uri or text"));
          continue;
        }
      if (indexed != NULL && g_strcmp0 (indexed, page->newest) > 0)
        {
          g_free (page->newest);
          page->newest = g_strdup (indexed);
        }
      if (indexed != NULL && (page->oldest == NULL || strcmp (indexed, page->oldest) < 0))
        {
          g_free (page->oldest);
          page->oldest = g_strdup (indexed);
        }
      if (!sink->add_post (sink, post, *position, error))
        {
          peil_bluesky_page_clear (page);
          return FALSE;
        }
    }

  return TRUE;
}

void
peil_bluesky_page_clear (PeilBlueskyPage *page)
{
  g_clear_pointer (&page->cursor, g_free);
  g_clear_pointer (&page->newest, g_free);
  g_clear_pointer (&page->oldest, g_free);
}

/**
 * peil_bluesky_parse_session:
 *
 * Reads createSession's answer.
 *
 * Returns: (transfer full): the access token, or %NULL with @error set
 */
char *
peil_bluesky_parse_session (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *answer;
  const char *token;

  if (!(answer = load_object (parser, data, length, error)))
    return NULL;
  if (!(token = peil_json_get_string (answer, "accessJwt")) || *token == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_FAILED, _("Bluesky gave no session"));
      return NULL;
    }
  return g_strdup (token);
}

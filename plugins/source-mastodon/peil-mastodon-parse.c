/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-mastodon"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-mastodon-parse.h"

/*
 * A page of Mastodon statuses (a timeline's list, or /api/v2/search's
 * "statuses") as posts: bytes in, posts and rejections to a sink, the ids
 * the next request needs out. Apart from the network code so that the
 * fuzz target runs it alone. Posts are keyed by their URI, the same on
 * every server.
 */
#define MAPPER "mastodon/1"

/**
 * peil_mastodon_id_newer:
 * @b: (nullable): an id, or %NULL for none
 *
 * Status ids are decimal strings of growing length and value.
 */
gboolean
peil_mastodon_id_newer (const char *a,
                        const char *b)
{
  gsize la = strlen (a), lb = b ? strlen (b) : 0;

  return b == NULL || la > lb || (la == lb && strcmp (a, b) > 0);
}

static PeilPost *
map_status (JsonObject *status,
            const char *host,
            const char *server)
{
  JsonObject *reblog = peil_json_get_object (status, "reblog");
  JsonObject *account;
  g_autofree char *content = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *acct, *name, *spoiler, *uri;
  PeilPost *post;
  gint64 created_at = 0;

  /* A boost carries the original, which is what people wrote. */
  if (reblog != NULL)
    status = reblog;

  /* A uri of another type is a malformed status, not one without a uri. */
  uri = peil_json_get_string (status, "uri");
  if (uri == NULL && json_object_has_member (status, "uri") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (status, "uri")))
    return NULL;
  if (uri == NULL || *uri == '\0')
    uri = peil_json_get_string (status, "id");
  if (uri == NULL || *uri == '\0')
    return NULL;
  account = peil_json_get_object (status, "account");

  spoiler = peil_json_get_string (status, "spoiler_text");
  content = peil_html_to_text (peil_json_get_string (status, "content"));
  if (spoiler != NULL && *spoiler != '\0')
    g_string_append_printf (text, "%s\n\n", spoiler);
  g_string_append (text, content ? content : "");

  acct = peil_json_get_string (account, "acct");
  /* Local accounts have no domain in acct; the server's is theirs. */
  if (acct != NULL && *acct != '\0')
    handle = strchr (acct, '@') ? g_strdup_printf ("@%s", acct) : g_strdup_printf ("@%s@%s", acct, host);
  name = peil_json_get_string (account, "display_name");
  if (name == NULL || *name == '\0')
    name = peil_json_get_string (account, "username");

  peil_time_parse (peil_json_get_string (status, "created_at"), NULL, &created_at);
  post = peil_post_new ("mastodon", uri);
  peil_post_set_text (post, text->str);
  peil_post_set_author_name (post, name);
  peil_post_set_author_handle (post, handle);
  peil_post_set_url (post, peil_json_get_string (status, "url") ? peil_json_get_string (status, "url") : uri);
  peil_post_set_language (post, peil_json_get_string (status, "language"));
  peil_post_set_created_at (post, created_at);
  peil_post_set_channel (post, host);
  peil_post_set_origin (post, server);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, status);
  raw = json_to_string (node, FALSE);
  peil_post_set_raw (post, raw, MAPPER);
  return post;
}

/**
 * peil_mastodon_parse_page:
 * @search: whether @data is /api/v2/search's answer rather than a list
 * @host: the server's host name, for local accounts' handles
 * @position: (inout): the number of the last status handed on, counted
 *   over the pages of a run
 * @page: (out caller-allocates): what the next request needs; cleared on
 *   failure
 *
 * Hands each status to @sink as a post, or as a rejection with its
 * reason.
 *
 * Returns: %FALSE with @error set when the answer is not a list of
 *   statuses, or the sink stopped
 */
gboolean
peil_mastodon_parse_page (const char        *data,
                          gsize              length,
                          gboolean           search,
                          const char        *host,
                          const char        *server,
                          PeilPostSink      *sink,
                          guint64           *position,
                          PeilMastodonPage  *page,
                          GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  JsonArray *statuses = NULL;

  memset (page, 0, sizeof *page);

  if (!peil_json_load_response (parser, data, length, NULL, &parse_error))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("The server's answer is not a list of posts: %s"), parse_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root != NULL && search && JSON_NODE_HOLDS_OBJECT (root))
    statuses = peil_json_get_array (json_node_get_object (root), "statuses");
  else if (root != NULL && !search && JSON_NODE_HOLDS_ARRAY (root))
    statuses = json_node_get_array (root);
  if (statuses == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The server's answer is not a list of posts"));
      return FALSE;
    }

  page->n_statuses = json_array_get_length (statuses);
  for (guint i = 0; i < page->n_statuses; i++)
    {
      JsonNode *element = json_array_get_element (statuses, i);
      JsonObject *status = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *id = peil_json_get_string (status, "id");
      g_autoptr(PeilPost) post = NULL;

      ++*position;
      if (status == NULL || !(post = map_status (status, host, server)))
        {
          peil_post_sink_reject (sink, *position, _("A post without an id"));
          continue;
        }
      if (id != NULL && peil_mastodon_id_newer (id, page->newest_id))
        {
          g_free (page->newest_id);
          page->newest_id = g_strdup (id);
        }
      if (id != NULL && (page->oldest_id == NULL || peil_mastodon_id_newer (page->oldest_id, id)))
        {
          g_free (page->oldest_id);
          page->oldest_id = g_strdup (id);
        }
      if (!sink->add_post (sink, post, *position, error))
        {
          peil_mastodon_page_clear (page);
          return FALSE;
        }
    }

  return TRUE;
}

void
peil_mastodon_page_clear (PeilMastodonPage *page)
{
  g_clear_pointer (&page->newest_id, g_free);
  g_clear_pointer (&page->oldest_id, g_free);
}

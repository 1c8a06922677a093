/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-feed"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <peil.h>
#include <string.h>

/*
 * RSS 2.0 (and 0.9x, 1.0) and Atom feeds of news sites and search feeds.
 * The option "url" (or "server") names the feed; the query's words keep
 * the items that mention them (all words, OR between alternatives, -word
 * to leave out). Conditional requests (ETag, Last-Modified) spare the
 * server; the body is capped; HTML in items becomes plain text through
 * libxml2's HTML parser, and nothing of a feed is ever shown as markup.
 */
#define MAPPER "feed/1"

#define PEIL_TYPE_FEED_SOURCE (peil_feed_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilFeedSource, peil_feed_source, PEIL, FEED_SOURCE, GObject)

struct _PeilFeedSource
{
  GObject parent_instance;
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilFeedSource, peil_feed_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static void peil_feed_source_class_init (PeilFeedSourceClass *klass) { }
static void peil_feed_source_class_finalize (PeilFeedSourceClass *klass) { }
static void peil_feed_source_init (PeilFeedSource *self) { }

static const char *
get_id (PeilSource *source)
{
  return "rss";
}

static const char *
get_name (PeilSource *source)
{
  return _("RSS and Atom feeds");
}

static PeilSourceFlags
get_flags (PeilSource *source)
{
  return PEIL_SOURCE_READS_NETWORK;
}

static const PeilSourceOption *
get_options (PeilSource *source,
             guint      *n_options)
{
  static PeilSourceOption options[1];

  options[0] = (PeilSourceOption) { "url", _("Feed address"), _("The RSS or Atom address of a news site or search feed"), NULL, TRUE };
  *n_options = G_N_ELEMENTS (options);
  return options;
}

static const char *
get_query_hint (PeilSource *source)
{
  return _("Words the items must mention, such as: kraan OR alphen; empty for all");
}

/* Query matching -------------------------------------------------------- */

static gboolean
alternative_matches (const char *alternative,
                     const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (alternative, " \t", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      char *word = g_strstrip (words[i]);
      gboolean negate = word[0] == '-' && word[1] != '\0';

      if (negate)
        word++;
      g_strdelimit (word, "\"*()", ' ');
      g_strstrip (word);
      if (*word == '\0' || g_str_equal (word, "AND"))
        continue;
      /* Word prefixes, case and accents folded, as the search box does. */
      if (g_str_match_string (word, text, TRUE) == negate)
        return FALSE;
    }
  return TRUE;
}

static gboolean
query_matches (const char *query,
               const char *text)
{
  g_auto(GStrv) alternatives = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;

  alternatives = g_strsplit (query, " OR ", -1);
  for (guint i = 0; alternatives[i] != NULL; i++)
    if (alternative_matches (alternatives[i], text))
      return TRUE;
  return FALSE;
}

/* Feed parsing ------------------------------------------------------------ */

static const xmlChar *
local_name (xmlNode *node)
{
  return node->name;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcmp (local_name (node), (const xmlChar *)name) == 0;
}

static xmlNode *
child (xmlNode    *parent,
       const char *name)
{
  for (xmlNode *node = parent ? parent->children : NULL; node != NULL; node = node->next)
    if (is_element (node, name))
      return node;
  return NULL;
}

static char *
child_text (xmlNode    *parent,
            const char *name)
{
  xmlNode *node = child (parent, name);
  xmlChar *content;
  char *text;

  if (node == NULL || (content = xmlNodeGetContent (node)) == NULL)
    return NULL;
  text = g_strstrip (g_strdup ((const char *)content));
  xmlFree (content);
  if (*text == '\0')
    {
      g_free (text);
      return NULL;
    }
  return text;
}

static char *
atom_link (xmlNode *entry)
{
  for (xmlNode *node = entry->children; node != NULL; node = node->next)
    {
      xmlChar *rel, *href;
      char *link = NULL;

      if (!is_element (node, "link"))
        continue;
      rel = xmlGetProp (node, (const xmlChar *)"rel");
      href = xmlGetProp (node, (const xmlChar *)"href");
      /* rel defaults to "alternate" (RFC 4287 §4.2.7.2). */
      if (href != NULL && (rel == NULL || xmlStrcmp (rel, (const xmlChar *)"alternate") == 0))
        link = g_strdup ((const char *)href);
      xmlFree (rel);
      xmlFree (href);
      if (link != NULL)
        return link;
    }
  return NULL;
}

static char *
item_xml (xmlNode *item)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *xml;

  xmlNodeDump (buffer, item->doc, item, 0, 0);
  xml = g_strdup ((const char *)xmlBufferContent (buffer));
  xmlBufferFree (buffer);
  return xml;
}

static PeilPost *
map_item (xmlNode    *item,
          gboolean    atom,
          const char *feed_url,
          const char *host)
{
  g_autofree char *title = child_text (item, "title");
  g_autofree char *body_html = NULL;
  g_autofree char *body = NULL;
  g_autofree char *title_text = NULL;
  g_autofree char *id = NULL;
  g_autofree char *link = NULL;
  g_autofree char *when = NULL;
  g_autofree char *author = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  PeilPost *post;
  gint64 created_at = 0;

  if (atom)
    {
      xmlNode *author_node = child (item, "author");

      id = child_text (item, "id");
      link = atom_link (item);
      body_html = child_text (item, "content");
      if (body_html == NULL)
        body_html = child_text (item, "summary");
      when = child_text (item, "published");
      if (when == NULL)
        when = child_text (item, "updated");
      author = child_text (author_node, "name");
    }
  else
    {
      id = child_text (item, "guid");
      link = child_text (item, "link");
      body_html = child_text (item, "encoded");   /* content:encoded */
      if (body_html == NULL)
        body_html = child_text (item, "description");
      when = child_text (item, "pubDate");
      if (when == NULL)
        when = child_text (item, "date");          /* dc:date */
      author = child_text (item, "creator");       /* dc:creator */
      if (author == NULL)
        author = child_text (item, "author");
    }

  title_text = peil_html_to_text (title);
  body = peil_html_to_text (body_html);
  if (title_text != NULL)
    g_string_append (text, title_text);
  if (body != NULL && *body != '\0' && g_strcmp0 (body, title_text) != 0)
    g_string_append_printf (text, "%s%s", text->len ? "\n\n" : "", body);
  if (text->len == 0)
    return NULL;

  if (when != NULL && !peil_time_parse (when, NULL, &created_at))
    created_at = 0;

  post = peil_post_new ("rss", id ? id : link);
  peil_post_set_text (post, text->str);
  peil_post_set_url (post, link ? link : (id && g_str_has_prefix (id, "http") ? id : NULL));
  peil_post_set_author_name (post, author);
  peil_post_set_created_at (post, created_at);
  peil_post_set_channel (post, host);
  peil_post_set_origin (post, feed_url);
  raw = item_xml (item);
  peil_post_set_raw (post, raw, MAPPER);
  return post;
}

/* Networking -------------------------------------------------------------- */

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  const char *url = peil_gather_job_get_option (job, "url");
  const char *query = peil_gather_job_get_option (job, "query");
  const char *max_bytes = peil_gather_job_get_option (job, "max-bytes");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *host = NULL;
  SoupMessageHeaders *request;
  const char *etag, *modified;
  gboolean truncated = FALSE;
  gboolean well_formed;
  xmlParserCtxtPtr parser;
  xmlDocPtr doc;
  xmlNode *root, *container;
  gboolean atom;
  guint64 line = 0;
  gboolean ok = TRUE;

  if (url == NULL)
    url = peil_gather_job_get_option (job, "server");
  if (url == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A feed needs its address: --set url=https://…"));
      return FALSE;
    }

  session = peil_http_session_new (job);
  if (!(message = soup_message_new (SOUP_METHOD_GET, url)))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("“%s” is not a web address"), url);
      return FALSE;
    }
  host = g_strdup (g_uri_get_host (soup_message_get_uri (message)));

  /* Ask only for what changed since the last run. */
  request = soup_message_get_request_headers (message);
  if ((etag = peil_gather_job_get_state (job, "etag")) != NULL)
    soup_message_headers_replace (request, "If-None-Match", etag);
  if ((modified = peil_gather_job_get_state (job, "last-modified")) != NULL)
    soup_message_headers_replace (request, "If-Modified-Since", modified);

  if (!(stream = soup_session_send (session, message, cancellable, error)))
    return FALSE;
  if (!peil_http_check_status (job, message, error))
    return FALSE;
  if (soup_message_get_status (message) == SOUP_STATUS_NOT_MODIFIED)
    return TRUE;

  if (!(body = peil_http_read (job, stream, &truncated, cancellable, error)))
    return FALSE;

  /* No entities from outside and no network: a feed is data, nothing more.
   * Recovering keeps the items before a fault; the fault is reported. */
  parser = xmlNewParserCtxt ();
  doc = xmlCtxtReadMemory (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), url, NULL,
                           XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  well_formed = parser->wellFormed;
  xmlFreeParserCtxt (parser);
  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The answer is not a feed (not XML)"));
      return FALSE;
    }

  atom = is_element (root, "feed");
  container = is_element (root, "rss") ? child (root, "channel") : root;
  if (!atom && !is_element (root, "rss") && !is_element (root, "RDF"))
    {
      xmlFreeDoc (doc);
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The answer is XML, but not an RSS or Atom feed"));
      return FALSE;
    }

  for (xmlNode *item = container ? container->children : NULL; item != NULL && ok; item = item->next)
    {
      g_autoptr(PeilPost) post = NULL;

      if (!is_element (item, atom ? "entry" : "item"))
        continue;
      line++;
      if (!(post = map_item (item, atom, url, host)))
        {
          peil_gather_job_reject (job, line, _("The item has neither title nor text"));
          continue;
        }
      if (!query_matches (query, peil_post_get_text (post)))
        continue;
      ok = peil_gather_job_add_post (job, post, line, error);
    }
  xmlFreeDoc (doc);
  if (!ok)
    return FALSE;

  if (!truncated && !well_formed)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("The feed was cut off or damaged; the items before the damage were kept"));
      return FALSE;
    }

  if (truncated)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                   _("The feed is larger than %s bytes; only its beginning was read"),
                   max_bytes ? max_bytes : "10485760");
      return FALSE;
    }

  /* Remember the version seen, for a conditional request next time. */
  peil_gather_job_set_state (job, "etag",
                             soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  peil_gather_job_set_state (job, "last-modified",
                             soup_message_headers_get_one (soup_message_get_response_headers (message), "Last-Modified"));
  return TRUE;
}

static void
source_iface_init (PeilSourceInterface *iface)
{
  iface->get_id = get_id;
  iface->get_name = get_name;
  iface->get_flags = get_flags;
  iface->get_options = get_options;
  iface->get_query_hint = get_query_hint;
  iface->gather = gather;
}

G_MODULE_EXPORT void peas_register_types (PeasObjectModule *module);

G_MODULE_EXPORT void
peas_register_types (PeasObjectModule *module)
{
  peil_feed_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_FEED_SOURCE);
}

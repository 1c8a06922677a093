/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-feed"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <string.h>

#include "peil-feed-parse.h"

/*
 * RSS 2.0 (and 0.9x, 1.0) and Atom documents as posts: bytes in, posts
 * and rejections to a sink. Apart from the network code so that the fuzz
 * target runs it alone. HTML in items becomes plain text through
 * libxml2's HTML parser; nothing of a feed is ever shown as markup.
 */
#define MAPPER "feed/1"

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

/* Entities a feed declares itself are never expanded: one of 100 kB
 * used 5,000 times in a title is half a gigabyte of text from a 115 kB
 * feed. Without the declaration a reference reads as nothing; XML's own
 * five and character references are not declared and still work. */
typedef struct
{
  xmlParserCtxtPtr parser;
  gboolean         declared_entities;
} Reading;

static void
skip_entity_decl (void          *user_data,
                  const xmlChar *name,
                  int            type,
                  const xmlChar *public_id,
                  const xmlChar *system_id,
                  xmlChar       *content)
{
  xmlParserCtxtPtr parser = user_data;
  Reading *reading = parser->_private;

  reading->declared_entities = TRUE;
}

/**
 * peil_feed_parse:
 * @url: the feed's address, each post's origin
 * @host: the feed's host, each post's channel
 * @query: (nullable): words the items must mention
 *
 * Hands each item that matches @query to @sink as a post, or a rejection
 * with its reason.
 *
 * Returns: %FALSE with @error set when @data is no feed
 *   (%PEIL_ERROR_INVALID), was damaged or declared entities of its own
 *   (%PEIL_ERROR_CORRUPT, after the items that could be read), or the
 *   sink stopped
 */
gboolean
peil_feed_parse (const char    *data,
                 gsize          length,
                 const char    *url,
                 const char    *host,
                 const char    *query,
                 PeilPostSink  *sink,
                 GError       **error)
{
  Reading reading = { 0 };
  gboolean well_formed;
  xmlDocPtr doc;
  xmlNode *root, *container;
  gboolean atom;
  guint64 line = 0;
  gboolean ok = TRUE;

  if (length > G_MAXINT || !(reading.parser = xmlCreateMemoryParserCtxt (data, (int)length)))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The answer is not a feed (not XML)"));
      return FALSE;
    }

  /* No entities from outside and no network: a feed is data, nothing more.
   * Recovering keeps the items before a fault; the fault is reported. */
  xmlCtxtUseOptions (reading.parser, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  reading.parser->sax->entityDecl = skip_entity_decl;
  reading.parser->_private = &reading;
  xmlParseDocument (reading.parser);
  doc = reading.parser->myDoc;
  well_formed = reading.parser->wellFormed;
  xmlFreeParserCtxt (reading.parser);

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
          peil_post_sink_reject (sink, line, _("The item has neither title nor text"));
          continue;
        }
      if (!query_matches (query, peil_post_get_text (post)))
        continue;
      ok = sink->add_post (sink, post, line, error);
    }
  xmlFreeDoc (doc);
  if (!ok)
    return FALSE;

  if (reading.declared_entities)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_CORRUPT,
                           _("The feed declares entities of its own, which Peil does not expand; "
                             "its items were read without them"));
      return FALSE;
    }
  if (!well_formed)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_CORRUPT,
                           _("The feed was cut off or damaged; the items before the damage were kept"));
      return FALSE;
    }
  return TRUE;
}

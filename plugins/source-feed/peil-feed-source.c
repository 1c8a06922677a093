/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-feed"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <libsoup/soup.h>
#include <peil.h>

#include "peil-feed-parse.h"

/*
 * RSS 2.0 (and 0.9x, 1.0) and Atom feeds of news sites and search feeds.
 * The option "url" (or "server") names the feed; the query's words keep
 * the items that mention them (all words, OR between alternatives, -word
 * to leave out). Conditional requests (ETag, Last-Modified) spare the
 * server; the body is capped; peil-feed-parse.c reads the feed.
 */
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

/* A feed is what one site or account publishes: the municipality's news,
 * its Mastodon account's RSS; so it can be one of our own channels. */
static PeilSourceFlags
get_flags (PeilSource *source)
{
  return PEIL_SOURCE_READS_NETWORK | PEIL_SOURCE_READS_OWN_CHANNEL;
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
  g_autoptr(GBytes) body = NULL;
  g_autofree char *host = NULL;
  SoupMessageHeaders *request;
  const char *etag, *modified;
  g_autoptr(GError) parse_error = NULL;
  gboolean truncated = FALSE;
  PeilPostSink sink;

  if (url == NULL)
    url = peil_gather_job_get_option (job, "server");
  if (url == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A feed needs its address: --set url=https://…"));
      return FALSE;
    }

  session = peil_http_session_new (job);
  if (!(message = peil_http_message_new (SOUP_METHOD_GET, url, error)))
    return FALSE;
  host = g_strdup (g_uri_get_host (soup_message_get_uri (message)));

  /* Ask only for what changed since the last run. */
  request = soup_message_get_request_headers (message);
  if ((etag = peil_gather_job_get_state (job, "etag")) != NULL)
    soup_message_headers_replace (request, "If-None-Match", etag);
  if ((modified = peil_gather_job_get_state (job, "last-modified")) != NULL)
    soup_message_headers_replace (request, "If-Modified-Since", modified);

  if (!(body = peil_http_fetch (job, session, message, &truncated, cancellable, error)))
    return FALSE;
  if (soup_message_get_status (message) == SOUP_STATUS_NOT_MODIFIED)
    return TRUE;

  peil_post_sink_init_for_job (&sink, job);
  if (!peil_feed_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), url, host, query, &sink, &parse_error) &&
      !(truncated && g_error_matches (parse_error, PEIL_ERROR, PEIL_ERROR_CORRUPT)))
    {
      g_propagate_error (error, g_steal_pointer (&parse_error));
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-mastodon"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>
#include <string.h>

#include "peil-mastodon-parse.h"

/*
 * Hashtag timelines (GET /api/v1/timelines/tag/:tag), the dependable
 * route on Mastodon: full-text search needs a login and finds only posts
 * of accounts that opted in (SOURCES.md d1). The query's first hashtag is
 * the timeline, further ones are any[]. The first run reads back up to
 * "max-pages" pages through the Link header's rel="next"; later runs ask
 * only for what is newer than the newest id seen (min_id, rel="prev").
 * X-RateLimit-Remaining and -Reset (an ISO 8601 time) are heeded before a
 * 429 happens. peil-mastodon-parse.c reads the answers.
 *
 * With search=statuses the query's words go to GET /api/v2/search instead,
 * with the token from the keyring (peil-cli login mastodon); that answer
 * has no Link header, so pages go back by max_id.
 */
#define PAGE_SIZE 40u
#define DEFAULT_MAX_PAGES 5

#define PEIL_TYPE_MASTODON_SOURCE (peil_mastodon_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilMastodonSource, peil_mastodon_source, PEIL, MASTODON_SOURCE, GObject)

struct _PeilMastodonSource
{
  GObject parent_instance;
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilMastodonSource, peil_mastodon_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static void peil_mastodon_source_class_init (PeilMastodonSourceClass *klass) { }
static void peil_mastodon_source_class_finalize (PeilMastodonSourceClass *klass) { }
static void peil_mastodon_source_init (PeilMastodonSource *self) { }

static const char *get_id (PeilSource *source) { return "mastodon"; }
static const char *get_name (PeilSource *source) { return _("Mastodon hashtag timelines"); }
static PeilSourceFlags get_flags (PeilSource *source) { return PEIL_SOURCE_READS_NETWORK; }

static const PeilSourceOption *
get_options (PeilSource *source,
             guint      *n_options)
{
  static PeilSourceOption options[2];

  options[0] = (PeilSourceOption) { "server", _("Server"), _("The Mastodon server whose timelines to read"), "https://mastodon.social", TRUE };
  options[1] = (PeilSourceOption) { "search", _("Search"),
                                    _("“hashtags” reads hashtag timelines; “statuses” searches posts by their words, which needs a login"),
                                    "hashtags", FALSE };
  *n_options = G_N_ELEMENTS (options);
  return options;
}

static const char *
get_query_hint (PeilSource *source)
{
  return _("Hashtags, such as: #kraan #alphen; or words, when searching posts");
}

/* RFC 8288: <url>; rel="next", <url>; rel="prev" */
static char *
link_for (SoupMessage *message,
          const char  *rel)
{
  const char *header = soup_message_headers_get_one (soup_message_get_response_headers (message), "Link");
  g_autofree char *wanted = g_strdup_printf ("rel=\"%s\"", rel);
  g_auto(GStrv) parts = NULL;

  if (header == NULL)
    return NULL;
  parts = g_strsplit (header, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *open = strchr (parts[i], '<'), *close = strchr (parts[i], '>');

      if (open && close && close > open && strstr (close, wanted))
        return g_strndup (open + 1, close - open - 1);
    }
  return NULL;
}

/* Heeds the rate limit before the server has to say 429: a run stopped
 * by it is cut short, with @error set. */
static gboolean
limit_reached (PeilGatherJob  *job,
               SoupMessage    *message,
               GError        **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *remaining = soup_message_headers_get_one (headers, "X-RateLimit-Remaining");
  const char *reset = soup_message_headers_get_one (headers, "X-RateLimit-Reset");
  gint64 until;

  if (remaining == NULL || g_ascii_strtoll (remaining, NULL, 10) > 0)
    return FALSE;
  if (reset == NULL || !peil_time_parse (reset, NULL, &until))
    until = g_get_real_time () / G_USEC_PER_SEC + 300;
  peil_http_stop_for_rate_limit (job, until, error);
  return TRUE;
}

static char *
first_url (PeilGatherJob *job,
           const char    *server)
{
  const char *query = peil_gather_job_get_option (job, "query");
  const char *newest = peil_gather_job_get_state (job, "newest-id");
  g_auto(GStrv) words = g_strsplit_set (query ? query : "", " ,", -1);
  g_autoptr(GString) url = g_string_new (NULL);
  g_autofree char *base = g_strdup (server);
  guint n = 0;

  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *tag = NULL;
      g_autofree char *escaped = NULL;

      g_strstrip (words[i]);
      tag = g_utf8_strdown (words[i][0] == '#' ? words[i] + 1 : words[i], -1);
      if (*tag == '\0' || g_str_equal (tag, "or"))
        continue;
      escaped = g_uri_escape_string (tag, NULL, FALSE);
      if (n++ == 0)
        g_string_printf (url, "%s/api/v1/timelines/tag/%s?limit=%u", base, escaped, PAGE_SIZE);
      else
        g_string_append_printf (url, "&any[]=%s", escaped);
    }
  if (n == 0)
    return NULL;

  if (newest != NULL)
    g_string_append_printf (url, "&min_id=%s", newest);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* /api/v2/search for statuses: newer than @newest when polling, older than
 * @older_than for the next page. */
static char *
search_url (const char *server,
            const char *query,
            const char *newest,
            const char *older_than)
{
  g_autofree char *base = g_strdup (server);
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  GString *url;

  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  url = g_string_new (NULL);
  g_string_printf (url, "%s/api/v2/search?q=%s&type=statuses&resolve=false&limit=%u", base, escaped, PAGE_SIZE);
  if (newest != NULL)
    g_string_append_printf (url, "&min_id=%s", newest);
  if (older_than != NULL)
    g_string_append_printf (url, "&max_id=%s", older_than);
  return g_string_free (url, FALSE);
}

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  const char *server = peil_gather_job_get_option (job, "server");
  const char *pages_option = peil_gather_job_get_option (job, "max-pages");
  guint max_pages = pages_option ? (guint)g_ascii_strtoull (pages_option, NULL, 10) : DEFAULT_MAX_PAGES;
  /* Unchanged until the run ends, so every page polls from the same id. */
  const char *since_id = peil_gather_job_get_state (job, "newest-id");
  gboolean incremental = since_id != NULL;
  gboolean searching = g_strcmp0 (peil_gather_job_get_option (job, "search"), "statuses") == 0;
  const char *query = peil_gather_job_get_option (job, "query");
  g_autofree char *token = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = NULL;
  g_autofree char *newest = g_strdup (since_id);
  g_autofree char *host = NULL;
  g_autoptr(GError) fault = NULL;
  PeilPostSink sink;
  guint64 position = 0;
  guint page;

  if (server == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("Say which Mastodon server to ask: --set server=https://mastodon.social"));
      return FALSE;
    }
  if (searching)
    {
      g_autofree char *words = g_strstrip (g_strdup (query ? query : ""));

      if (*words == '\0')
        {
          g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A Mastodon search needs words to search for"));
          return FALSE;
        }
      if (!(token = peil_credentials_lookup ("mastodon", server, NULL, error)))
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, PEIL_ERROR, PEIL_ERROR_NEEDS_LOGIN,
                         _("Mastodon server %s asks you to log in before it searches posts"), server);
          return FALSE;
        }
      url = search_url (server, query, since_id, NULL);
    }
  else if (!(url = first_url (job, server)))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A Mastodon query names one or more hashtags, such as #kraan #alphen"));
      return FALSE;
    }

  session = peil_http_session_new (job);
  peil_post_sink_init_for_job (&sink, job);
  for (page = 0; url != NULL && page < max_pages; page++)
    {
      g_autoptr(SoupMessage) message = peil_http_message_new (SOUP_METHOD_GET, url, &fault);
      g_autoptr(GBytes) body = NULL;
      g_auto(PeilMastodonPage) statuses = { 0 };
      gboolean truncated;

      if (message == NULL)
        break;
      if (host == NULL)
        host = g_strdup (g_uri_get_host (soup_message_get_uri (message)));
      if ((token != NULL && !peil_http_prepare_secret (message, token, &fault)) ||
          !(body = peil_http_fetch (job, session, message, &truncated, cancellable, &fault)))
        break;

      if (truncated)
        {
          g_set_error_literal (&fault, PEIL_ERROR, PEIL_ERROR_INVALID, _("The server's answer was too large and was cut off"));
          break;
        }
      if (!peil_mastodon_parse_page (g_bytes_get_data (body, NULL), g_bytes_get_size (body), searching,
                                     host, server, &sink, &position, &statuses, &fault))
        break;

      if (statuses.newest_id != NULL && peil_mastodon_id_newer (statuses.newest_id, newest))
        {
          g_free (newest);
          newest = g_strdup (statuses.newest_id);
        }
      if (statuses.n_statuses == 0 || limit_reached (job, message, &fault))
        break;

      g_free (url);
      if (!searching)
        url = link_for (message, incremental ? "prev" : "next");
      else if (statuses.n_statuses == PAGE_SIZE)
        url = search_url (server, query, since_id, statuses.oldest_id);
      else
        url = NULL;
    }

  if (fault == NULL && url != NULL && page == max_pages && !incremental)
    peil_gather_job_set_capped (job, max_pages);

  /* Stored by the job only if the run ends well, so that a run cut short
   * is asked again from the same marker. */
  peil_gather_job_set_state (job, "newest-id", newest);
  if (fault != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&fault));
      return FALSE;
    }
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
  peil_mastodon_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_MASTODON_SOURCE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-bluesky"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpeas/peas.h>
#include <peil.h>
#include <string.h>

#include "peil-bluesky-parse.h"

/*
 * app.bsky.feed.searchPosts (SOURCES.md d2). Search needs a login: an app
 * password makes a session (com.atproto.server.createSession), which is
 * kept in memory for the life of the process and refreshed when it
 * expires, never made per request (the service allows 30 an account per
 * five minutes). Tokens never reach the incident file. Results are read
 * newest first through the cursor, and with a new `until` where the
 * cursor gives out; a later run asks only for posts since the newest one
 * seen. The ratelimit-* headers (reset in epoch seconds)
 * are heeded.
 *
 * The app password comes from the keyring (peil-cli login bluesky) or,
 * without one, from PEIL_SECRET_BLUESKY (docs/sources.md).
 */
#define PAGE_SIZE 100u
#define DEFAULT_MAX_PAGES 5

#define PEIL_TYPE_BLUESKY_SOURCE (peil_bluesky_source_get_type ())
G_DECLARE_FINAL_TYPE (PeilBlueskySource, peil_bluesky_source, PEIL, BLUESKY_SOURCE, GObject)

struct _PeilBlueskySource
{
  GObject     parent_instance;

  GMutex      lock;
  GHashTable *sessions;   /* "server identifier" → access token */
};

static void source_iface_init (PeilSourceInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (PeilBlueskySource, peil_bluesky_source, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (PEIL_TYPE_SOURCE, source_iface_init))

static void
peil_bluesky_source_finalize (GObject *object)
{
  PeilBlueskySource *self = (PeilBlueskySource *)object;

  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (peil_bluesky_source_parent_class)->finalize (object);
}

static void
peil_bluesky_source_class_init (PeilBlueskySourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_bluesky_source_finalize;
}

static void peil_bluesky_source_class_finalize (PeilBlueskySourceClass *klass) { }

static void
peil_bluesky_source_init (PeilBlueskySource *self)
{
  g_mutex_init (&self->lock);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static const char *get_id (PeilSource *source) { return "bluesky"; }
static const char *get_name (PeilSource *source) { return _("Bluesky search"); }
static PeilSourceFlags get_flags (PeilSource *source) { return PEIL_SOURCE_READS_NETWORK; }

static const PeilSourceOption *
get_options (PeilSource *source,
             guint      *n_options)
{
  static PeilSourceOption options[3];

  options[0] = (PeilSourceOption) { "server", _("Server"), _("Your PDS, or bsky.social"), "https://bsky.social", TRUE };
  options[1] = (PeilSourceOption) { "identifier", _("Account"), _("The account whose app password is set, such as name.bsky.social"), NULL, TRUE };
  options[2] = (PeilSourceOption) { "lang", _("Language"), _("Only posts in this language, such as nl"), NULL, FALSE };
  *n_options = G_N_ELEMENTS (options);
  return options;
}

static const char *
get_query_hint (PeilSource *source)
{
  return _("Search words, such as: kraan alphen");
}

/* Sends @message, which carries a secret, and reads the body of a
 * success; faults in plain words. */
static GBytes *
request (PeilGatherJob  *job,
         SoupSession    *session,
         SoupMessage    *message,
         const char     *bearer,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(GBytes) body = NULL;
  gboolean truncated;

  if (!peil_http_prepare_secret (message, bearer, error) ||
      !(body = peil_http_fetch (job, session, message, &truncated, cancellable, error)))
    return NULL;

  if (truncated)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("The server's answer was too large and was cut off"));
      return NULL;
    }
  return g_steal_pointer (&body);
}

static char *
create_session (PeilBlueskySource  *self,
                PeilGatherJob      *job,
                SoupSession        *session,
                const char         *server,
                const char         *identifier,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autofree char *password = NULL;
  g_autofree char *url = g_strdup_printf ("%s/xrpc/com.atproto.server.createSession", server);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) answer = NULL;
  char *token;

  if (identifier == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                           _("Bluesky search needs a login: set the account with --set identifier=NAME.bsky.social"));
      return NULL;
    }
  if (!(message = peil_http_message_new (SOUP_METHOD_POST, url, error)))
    return NULL;
  if (!(password = peil_credentials_lookup ("bluesky", server, identifier, error)))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_NEEDS_LOGIN,
                     _("Bluesky server %s asks you to log in as %s (with an app password) before it searches"),
                     server, identifier);
      return NULL;
    }
  if (message == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("“%s” is not a web address"), server);
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, identifier);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  bytes = g_bytes_new (payload, strlen (payload));
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);

  if (!(answer = request (job, session, message, NULL, cancellable, error)) ||
      !(token = peil_bluesky_parse_session (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), error)))
    {
      g_prefix_error (error, _("Logging in to Bluesky failed: "));
      return NULL;
    }
  return token;
}

/* Heeds the rate limit before the server has to say 429: a run stopped
 * by it is cut short, with @error set. */
static gboolean
limit_reached (PeilGatherJob  *job,
               SoupMessage    *message,
               GError        **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *remaining = soup_message_headers_get_one (headers, "ratelimit-remaining");
  const char *reset = soup_message_headers_get_one (headers, "ratelimit-reset");

  if (remaining == NULL || g_ascii_strtoll (remaining, NULL, 10) > 0)
    return FALSE;
  peil_http_stop_for_rate_limit (job, reset ? g_ascii_strtoll (reset, NULL, 10)
                                            : g_get_real_time () / G_USEC_PER_SEC + 300, error);
  return TRUE;
}

static gboolean
gather (PeilSource     *source,
        PeilGatherJob  *job,
        GCancellable   *cancellable,
        GError        **error)
{
  PeilBlueskySource *self = PEIL_BLUESKY_SOURCE (source);
  const char *server_option = peil_gather_job_get_option (job, "server");
  const char *identifier = peil_gather_job_get_option (job, "identifier");
  const char *query = peil_gather_job_get_option (job, "query");
  const char *lang = peil_gather_job_get_option (job, "lang");
  const char *pages_option = peil_gather_job_get_option (job, "max-pages");
  guint max_pages = pages_option ? (guint)g_ascii_strtoull (pages_option, NULL, 10) : DEFAULT_MAX_PAGES;
  g_autofree char *server = g_strdup (server_option ? server_option : "https://bsky.social");
  g_autofree char *session_key = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *newest = g_strdup (peil_gather_job_get_state (job, "newest"));
  g_autofree char *since = g_strdup (newest);
  g_autofree char *until = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) fault = NULL;
  PeilPostSink sink;
  guint64 position = 0;
  guint page, retried = 0;

  if (query == NULL || *query == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A Bluesky query needs words to search for"));
      return FALSE;
    }
  while (g_str_has_suffix (server, "/"))
    server[strlen (server) - 1] = '\0';

  session = peil_http_session_new (job);
  peil_post_sink_init_for_job (&sink, job);
  session_key = g_strdup_printf ("%s %s", server, identifier ? identifier : "");

  g_mutex_lock (&self->lock);
  token = g_strdup (g_hash_table_lookup (self->sessions, session_key));
  g_mutex_unlock (&self->lock);

  for (page = 0; page < max_pages && fault == NULL; page++)
    {
      g_autoptr(GString) url = g_string_new (NULL);
      g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_auto(PeilBlueskyPage) found = { 0 };

      if (token == NULL)
        {
          if (!(token = create_session (self, job, session, server, identifier, cancellable, &fault)))
            break;
          g_mutex_lock (&self->lock);
          g_hash_table_insert (self->sessions, g_strdup (session_key), g_strdup (token));
          g_mutex_unlock (&self->lock);
        }

      g_string_printf (url, "%s/xrpc/app.bsky.feed.searchPosts?q=%s&sort=latest&limit=%u", server, escaped, PAGE_SIZE);
      if (since != NULL)
        {
          g_autofree char *since_escaped = g_uri_escape_string (since, NULL, FALSE);
          g_string_append_printf (url, "&since=%s", since_escaped);
        }
      if (until != NULL)
        {
          g_autofree char *until_escaped = g_uri_escape_string (until, NULL, FALSE);
          g_string_append_printf (url, "&until=%s", until_escaped);
        }
      if (lang != NULL)
        g_string_append_printf (url, "&lang=%s", lang);
      if (cursor != NULL)
        {
          g_autofree char *cursor_escaped = g_uri_escape_string (cursor, NULL, FALSE);
          g_string_append_printf (url, "&cursor=%s", cursor_escaped);
        }

      if (!(message = peil_http_message_new (SOUP_METHOD_GET, url->str, &fault)))
        break;
      if (!(answer = request (job, session, message, token, cancellable, &fault)))
        {
          /* An expired session: log in again, once. */
          if (soup_message_get_status (message) == SOUP_STATUS_UNAUTHORIZED && retried++ == 0)
            {
              g_clear_error (&fault);
              g_clear_pointer (&token, g_free);
              g_mutex_lock (&self->lock);
              g_hash_table_remove (self->sessions, session_key);
              g_mutex_unlock (&self->lock);
              page--;
              continue;
            }
          break;
        }

      if (!peil_bluesky_parse_page (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), server,
                                    &sink, &position, &found, &fault))
        break;
      if (found.newest != NULL && g_strcmp0 (found.newest, newest) > 0)
        {
          g_free (newest);
          newest = g_strdup (found.newest);
        }
      g_free (cursor);
      cursor = g_steal_pointer (&found.cursor);
      if (found.n_posts == 0 || limit_reached (job, message, &fault))
        break;
      if (cursor == NULL)
        {
          /* The cursor gives out after some thousands of posts while a full
           * page says there are more: ask again for what is older than the
           * oldest seen so far (as 4CAT does), unless that did not move. */
          if (found.n_posts < PAGE_SIZE || found.oldest == NULL || g_strcmp0 (found.oldest, until) == 0)
            break;
          g_free (until);
          until = g_steal_pointer (&found.oldest);
        }
    }

  /* Left the loop by its cap, not by running out: there was more. */
  if (fault == NULL && page == max_pages)
    peil_gather_job_set_capped (job, max_pages);
  peil_gather_job_set_state (job, "newest", newest);
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
  peil_bluesky_source_register_type (G_TYPE_MODULE (module));
  peas_object_module_register_extension_type (module, PEIL_TYPE_SOURCE, PEIL_TYPE_BLUESKY_SOURCE);
}

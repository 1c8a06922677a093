/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "peil-error.h"
#include "peil-format.h"
#include "peil-gather-job-private.h"
#include "peil-http.h"
#include "peil-time.h"

#define DEFAULT_TIMEOUT 30
#define DEFAULT_MAX_BYTES (10 * 1024 * 1024)

static guint
job_timeout (PeilGatherJob *job)
{
  const char *timeout = peil_gather_job_get_option (job, "timeout");
  guint64 seconds = timeout ? g_ascii_strtoull (timeout, NULL, 10) : DEFAULT_TIMEOUT;

  return seconds > 0 ? (guint)MIN (seconds, 24 * 3600) : DEFAULT_TIMEOUT;
}

/**
 * peil_http_session_new:
 *
 * A session for one run of @job: the job's option "timeout" (seconds,
 * default 30) and Peil's user agent. Used from the job's thread only.
 *
 * Returns: (transfer full): the session
 */
SoupSession *
peil_http_session_new (PeilGatherJob *job)
{
  return soup_session_new_with_options ("timeout", job_timeout (job),
                                        "user-agent", "Peil/" PACKAGE_VERSION " (crisis communication)",
                                        NULL);
}

/* libsoup's timeout is per read: a server that sends one byte a second
 * never trips it. A deadline cancels the whole request from a thread of
 * its own, since the job's thread is blocked in the request. */
typedef struct
{
  GMutex        mutex;
  GCond         cond;
  GCancellable *cancellable;
  gint64        when;        /* monotonic */
  gboolean      done;
  gboolean      expired;
} Deadline;

static gpointer
watch_deadline (gpointer data)
{
  Deadline *deadline = data;

  g_mutex_lock (&deadline->mutex);
  while (!deadline->done)
    if (!g_cond_wait_until (&deadline->cond, &deadline->mutex, deadline->when))
      {
        deadline->expired = !deadline->done;
        break;
      }
  g_mutex_unlock (&deadline->mutex);

  if (deadline->expired)
    g_cancellable_cancel (deadline->cancellable);
  return NULL;
}

static void
cancel_request (GCancellable *job_cancellable,
                GCancellable *request)
{
  g_cancellable_cancel (request);
}

static GBytes *
fetch (PeilGatherJob  *job,
       SoupSession    *session,
       SoupMessage    *message,
       gboolean       *out_truncated,
       GCancellable   *cancellable,
       GError        **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (!(stream = soup_session_send (session, message, cancellable, error)) ||
      !peil_http_check_status (job, message, error))
    return NULL;
  return peil_http_read (job, stream, out_truncated, cancellable, error);
}

/**
 * peil_http_message_new:
 * @url: a feed's or server's address as the user gave it, or a link a
 *   server sent
 *
 * Creates the HTTP request a source sends; use it rather than
 * soup_message_new() so that an address from a user or a server is checked
 * first.
 *
 * Returns: (transfer full) (nullable): a request for @url, or %NULL with
 *   @error set when @url is no web address (http or https with a host):
 *   libsoup takes no other, and a file or other scheme is not Peil's to
 *   fetch
 */
SoupMessage *
peil_http_message_new (const char  *method,
                       const char  *url,
                       GError     **error)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      host == NULL || *host == '\0')
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not a web address (one that starts with https:// or http://)"), url ? url : "");
      return NULL;
    }
  return soup_message_new_from_uri (method, uri);
}

/**
 * peil_http_fetch:
 * @out_truncated: (out): set when the body was larger than the job's
 *   option "max-bytes" and was cut there
 *
 * Sends @message and reads its body as peil_http_check_status() and
 * peil_http_read() do, all within the job's option "timeout" (seconds,
 * default 30) from asking to the last byte.
 *
 * Returns: (transfer full): the body, or %NULL with @error set; a request
 *   past its deadline is %G_IO_ERROR_TIMED_OUT
 */
GBytes *
peil_http_fetch (PeilGatherJob  *job,
                 SoupSession    *session,
                 SoupMessage    *message,
                 gboolean       *out_truncated,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(GCancellable) request = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  Deadline deadline = { 0 };
  GThread *watcher;
  GBytes *body;
  gulong handler = 0;
  guint seconds = job_timeout (job);

  g_return_val_if_fail (PEIL_IS_GATHER_JOB (job), NULL);
  g_return_val_if_fail (SOUP_IS_MESSAGE (message), NULL);

  *out_truncated = FALSE;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_request), g_object_ref (request), g_object_unref);

  g_mutex_init (&deadline.mutex);
  g_cond_init (&deadline.cond);
  deadline.cancellable = request;
  deadline.when = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  watcher = g_thread_new ("peil-http-deadline", watch_deadline, &deadline);

  body = fetch (job, session, message, out_truncated, request, &local_error);

  g_mutex_lock (&deadline.mutex);
  deadline.done = TRUE;
  g_cond_signal (&deadline.cond);
  g_mutex_unlock (&deadline.mutex);
  g_thread_join (watcher);
  g_cancellable_disconnect (cancellable, handler);
  g_mutex_clear (&deadline.mutex);
  g_cond_clear (&deadline.cond);

  if (body != NULL)
    return body;
  if (deadline.expired && !g_cancellable_is_cancelled (cancellable))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The server did not answer in full within %u second",
                              "The server did not answer in full within %u seconds", seconds), seconds);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * peil_http_prepare_secret:
 * @bearer: (nullable): a token to send as "Authorization: Bearer", or
 *   %NULL when the secret goes in the body
 *
 * Readies @message to carry a password or token: only over https (or to
 * this machine, as tests do), and never on to where a redirect points.
 *
 * Returns: %FALSE with @error set when the address is plain http, and
 *   nothing must be sent
 */
gboolean
peil_http_prepare_secret (SoupMessage  *message,
                          const char   *bearer,
                          GError      **error)
{
  GUri *uri;

  g_return_val_if_fail (SOUP_IS_MESSAGE (message), FALSE);

  uri = soup_message_get_uri (message);
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 && !is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("Peil sends no password or token to %s over plain http: use its https:// address"),
                   g_uri_get_host (uri));
      return FALSE;
    }

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (bearer != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", bearer);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
    }
  return TRUE;
}

/* A server's word on how long to wait is taken up to a day: a Retry-After
 * of 300000000000 s would block the query for millennia, and one past
 * what a number holds overflowed into no time at all. */
#define MOST_WAIT (24 * 60 * 60)

static gint64
clamp_wait (gint64 until)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return CLAMP (until, now, now + MOST_WAIT);
}

/* When a query may ask again, for a message: the time, with the day when
 * it is not today. */
static char *
format_wait (gint64      until,
             const char *time_format)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (until);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *with_day = NULL;

  if (then != NULL && g_date_time_get_year (then) == g_date_time_get_year (today) &&
      g_date_time_get_day_of_year (then) == g_date_time_get_day_of_year (today))
    return peil_format_time (until, time_format);
  with_day = g_strconcat ("%e %B ", time_format, NULL);
  return g_strstrip (peil_format_time (until, with_day));
}

/**
 * peil_http_retry_after:
 *
 * Reads how long a server that limits its rate asks to be left alone; the
 * result is clamped so that a server cannot stop a query for good.
 *
 * Returns: when the server will answer again (Unix time), from
 *   Retry-After in seconds or as a date; five minutes when it does not
 *   say; a day at most
 */
gint64
peil_http_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint64 seconds;
  gint64 when;

  if (value == NULL)
    return now + 300;
  if (g_ascii_isdigit (*value))
    {
      g_autofree char *digits = g_strstrip (g_strdup (value));

      /* Past the range: more than a day anyway. */
      if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, &seconds, NULL))
        seconds = strspn (digits, "0123456789") == strlen (digits) ? MOST_WAIT : 300;
      return now + (gint64)MIN (seconds, (guint64)MOST_WAIT);
    }
  return clamp_wait (peil_time_parse (value, NULL, &when) ? when : now + 300);
}

/* A server in trouble gets ever longer pauses, 30 s doubling up to an
 * hour, each drawn between half and the whole of that so that many
 * clients polling it do not come back in step. */
#define SERVER_FAULTS_KEY "server-faults"
#define BACK_OFF_FIRST    30
#define BACK_OFF_MOST     3600

static gint64
back_off (PeilGatherJob *job)
{
  const char *previous = peil_gather_job_get_state (job, SERVER_FAULTS_KEY);
  guint faults = previous ? (guint)MIN (g_ascii_strtoull (previous, NULL, 10), 16) : 0;
  gint64 ceiling = MIN ((gint64)BACK_OFF_FIRST << faults, BACK_OFF_MOST);
  g_autofree char *count = g_strdup_printf ("%u", faults + 1);

  peil_gather_job_keep_state (job, SERVER_FAULTS_KEY, count);
  return g_get_real_time () / G_USEC_PER_SEC + ceiling / 2 + g_random_int_range (0, (gint32)(ceiling / 2) + 1);
}

/**
 * peil_http_stop_for_rate_limit:
 * @until: when the server will answer again (Unix time)
 *
 * For a source whose server said in its headers that no more requests
 * are allowed now, while it had more to give: sets the job's
 * limited-until and @error, so that the run counts as cut short (its
 * newest-post marker stays where it was, and the rest is gathered once
 * the server answers again).
 *
 * Returns: %FALSE, for the source to stop with
 */
gboolean
peil_http_stop_for_rate_limit (PeilGatherJob  *job,
                               gint64          until,
                               GError        **error)
{
  g_autofree char *when = NULL;

  until = clamp_wait (until);
  when = format_wait (until, "%H:%M");
  peil_gather_job_set_limited_until (job, until);
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
               _("The server allows no more requests until %s; the rest is gathered then"), when);
  return FALSE;
}

/**
 * peil_http_check_status:
 *
 * Turns a status that is not success (2xx) or "not modified" into an
 * error in plain words; a rate limit (429) also sets the job's
 * limited-until, so that the query waits as the server asked.
 */
gboolean
peil_http_check_status (PeilGatherJob  *job,
                        SoupMessage    *message,
                        GError        **error)
{
  guint status = soup_message_get_status (message);

  if (SOUP_STATUS_IS_SUCCESSFUL (status) || status == SOUP_STATUS_NOT_MODIFIED)
    {
      peil_gather_job_keep_state (job, SERVER_FAULTS_KEY, NULL);
      return TRUE;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                 _("The server asks for a login (HTTP %u)"), status);
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                 _("Nothing was found at this address (HTTP 404)"));
  else if (status == 429)   /* Too Many Requests; libsoup 3.2 has no name for it */
    {
      gint64 until = peil_http_retry_after (message);
      g_autofree char *when = format_wait (until, "%H:%M");

      peil_gather_job_set_limited_until (job, until);
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                   _("The server asks to wait until %s before asking again (HTTP 429)"), when);
    }
  else if (SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      gint64 until = back_off (job);
      g_autofree char *when = format_wait (until, "%H:%M:%S");

      peil_gather_job_set_limited_until (job, until);
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                   _("The server has a fault (HTTP %u); Peil asks again at %s"), status, when);
    }
  else
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                 _("The server answered HTTP %u"), status);
  return FALSE;
}

/**
 * peil_http_read:
 * @out_truncated: (out): set when the body was larger than the job's
 *   option "max-bytes" (default 10 MB) and was cut there
 *
 * Reads a response body for @job, up to the size the job allows, so that a
 * misbehaving server cannot fill the memory; a larger body is cut off and
 * flagged, not refused.
 *
 * Returns: (transfer full): the body, or %NULL with @error set
 */
GBytes *
peil_http_read (PeilGatherJob  *job,
                GInputStream   *stream,
                gboolean       *out_truncated,
                GCancellable   *cancellable,
                GError        **error)
{
  const char *max_option = peil_gather_job_get_option (job, "max-bytes");
  gsize max = max_option ? g_ascii_strtoull (max_option, NULL, 10) : DEFAULT_MAX_BYTES;
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 buffer[65536];
  gssize n;

  *out_truncated = FALSE;
  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error)) > 0)
    {
      if (body->len + (gsize)n > max)
        {
          g_byte_array_append (body, buffer, max - body->len);
          *out_truncated = TRUE;
          break;
        }
      g_byte_array_append (body, buffer, n);
    }
  if (n < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcasecmp (node->name, (const xmlChar *)name) == 0;
}

static void
collect_text (xmlNode *node,
              GString *out)
{
  static const char *blocks[] = { "p", "br", "div", "li", "h1", "h2", "h3", "tr", "blockquote" };

  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *)node->content);
      else if (node->type == XML_ELEMENT_NODE && !is_element (node, "script") && !is_element (node, "style"))
        {
          for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
            if (is_element (node, blocks[i]) && out->len > 0 && out->str[out->len - 1] != '\n')
              {
                g_string_append_c (out, '\n');
                break;
              }
          collect_text (node->children, out);
        }
    }
}

/**
 * peil_html_to_text:
 *
 * HTML as posts and news items carry it, as plain text: tags and scripts
 * go, entities are resolved, paragraphs and line breaks become lines, the
 * text of links (a URL, a #hashtag, an @mention) stays. Parsed with
 * libxml2's forgiving HTML parser; nothing is fetched.
 *
 * Returns: (transfer full) (nullable): the text
 */
char *
peil_html_to_text (const char *html)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;
  htmlDocPtr doc;

  if (html == NULL)
    return NULL;

  doc = htmlReadMemory (html, strlen (html), NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (doc == NULL)
    return g_strdup (html);
  collect_text (xmlDocGetRootElement (doc), out);
  xmlFreeDoc (doc);

  lines = g_strsplit (out->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        g_ptr_array_add (kept, lines[i]);
    }
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\n", (char **)kept->pdata);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "peil-error.h"
#include "peil-gather-job-private.h"
#include "peil-http.h"
#include "peil-time.h"

#define DEFAULT_TIMEOUT 30
#define DEFAULT_MAX_BYTES (10 * 1024 * 1024)

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
  const char *timeout = peil_gather_job_get_option (job, "timeout");

  return soup_session_new_with_options ("timeout", timeout ? (guint)g_ascii_strtoull (timeout, NULL, 10) : DEFAULT_TIMEOUT,
                                        "user-agent", "Peil/" PACKAGE_VERSION " (crisis communication)",
                                        NULL);
}

/**
 * peil_http_retry_after:
 *
 * Returns: when the server will answer again (Unix time), from
 *   Retry-After in seconds or as a date; five minutes when it does not say
 */
gint64
peil_http_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 when;

  if (value == NULL)
    return now + 300;
  if (g_ascii_isdigit (*value))
    return now + g_ascii_strtoll (value, NULL, 10);
  return peil_time_parse (value, NULL, &when) ? when : now + 300;
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
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (until);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%H:%M");

      peil_gather_job_set_limited_until (job, until);
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                   _("The server asks to wait until %s before asking again (HTTP 429)"), when);
    }
  else if (SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      gint64 until = back_off (job);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (until);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%H:%M:%S");

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

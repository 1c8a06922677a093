/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <libsoup/soup.h>

#include "peil-gather-job.h"

G_BEGIN_DECLS

/* What network sources share: one session per run, a request with a
 * deadline and a body read with a cap, the meaning of the answers
 * services give when they cannot or will not answer, secrets sent only
 * over https, and HTML reduced to text. */
PEIL_AVAILABLE_IN_ALL
SoupSession *peil_http_session_new   (PeilGatherJob  *job);
PEIL_AVAILABLE_IN_ALL
SoupMessage *peil_http_message_new   (const char     *method,
                                      const char     *url,
                                      GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean     peil_http_check_status  (PeilGatherJob  *job,
                                      SoupMessage    *message,
                                      GError        **error);
PEIL_AVAILABLE_IN_ALL
GBytes      *peil_http_fetch         (PeilGatherJob  *job,
                                      SoupSession    *session,
                                      SoupMessage    *message,
                                      gboolean       *out_truncated,
                                      GCancellable   *cancellable,
                                      GError        **error);
PEIL_AVAILABLE_IN_ALL
gboolean     peil_http_prepare_secret (SoupMessage   *message,
                                      const char     *bearer,
                                      GError        **error);
PEIL_AVAILABLE_IN_ALL
GBytes      *peil_http_read          (PeilGatherJob  *job,
                                      GInputStream   *stream,
                                      gboolean       *out_truncated,
                                      GCancellable   *cancellable,
                                      GError        **error);
PEIL_AVAILABLE_IN_ALL
gint64       peil_http_retry_after   (SoupMessage    *message);
PEIL_AVAILABLE_IN_ALL
gboolean     peil_http_stop_for_rate_limit (PeilGatherJob *job,
                                            gint64         until,
                                            GError       **error);
PEIL_AVAILABLE_IN_ALL
char        *peil_html_to_text       (const char     *html);

G_END_DECLS

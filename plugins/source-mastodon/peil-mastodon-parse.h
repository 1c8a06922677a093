/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

/* What one page of statuses tells the next request. */
typedef struct
{
  guint  n_statuses;   /* on the page, read or rejected */
  char  *newest_id;    /* of the statuses read, or NULL */
  char  *oldest_id;
} PeilMastodonPage;

gboolean peil_mastodon_parse_page (const char        *data,
                                   gsize              length,
                                   gboolean           search,
                                   const char        *host,
                                   const char        *server,
                                   PeilPostSink      *sink,
                                   guint64           *position,
                                   PeilMastodonPage  *page,
                                   GError           **error);
void     peil_mastodon_page_clear (PeilMastodonPage  *page);
gboolean peil_mastodon_id_newer   (const char        *a,
                                   const char        *b);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PeilMastodonPage, peil_mastodon_page_clear)

G_END_DECLS

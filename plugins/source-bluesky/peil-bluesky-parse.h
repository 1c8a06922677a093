/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

/* What one page of search results tells the next request. */
typedef struct
{
  guint  n_posts;   /* on the page, read or rejected */
  char  *cursor;    /* or NULL */
  char  *newest;    /* indexedAt of the posts read, or NULL */
  char  *oldest;
} PeilBlueskyPage;

gboolean peil_bluesky_parse_page  (const char       *data,
                                   gsize             length,
                                   const char       *server,
                                   PeilPostSink     *sink,
                                   guint64          *position,
                                   PeilBlueskyPage  *page,
                                   GError          **error);
void     peil_bluesky_page_clear  (PeilBlueskyPage  *page);
char    *peil_bluesky_parse_session (const char     *data,
                                   gsize             length,
                                   GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PeilBlueskyPage, peil_bluesky_page_clear)

G_END_DECLS

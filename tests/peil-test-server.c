/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "peil-test-server.h"

typedef struct
{
  SoupServerCallback  handler;
  char               *base_url;
} Serving;

static gpointer
serve (gpointer data)
{
  Serving *serving = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GError) error = NULL;
  SoupServer *server;
  GSList *uris;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, serving->handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_atomic_pointer_set (&serving->base_url, g_uri_to_string (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  g_main_loop_run (loop);
  return NULL;
}

/**
 * peil_test_serve:
 *
 * Serves @handler on a loopback port from a thread of its own, so that a
 * source under test can block on its requests, for the life of the test.
 *
 * Returns: (transfer full): the base URL, "http://127.0.0.1:PORT/"
 */
char *
peil_test_serve (SoupServerCallback handler)
{
  Serving *serving = g_new0 (Serving, 1);   /* lives as long as the thread */

  serving->handler = handler;
  g_thread_unref (g_thread_new ("loopback-server", serve, serving));
  while (g_atomic_pointer_get (&serving->base_url) == NULL)
    g_usleep (1000);
  return g_strdup (serving->base_url);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "peil-test-util.h"

typedef struct
{
  guint position, removed, added, calls;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->calls++;
}

static void
test_post_list (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("list.peil");
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
  peil_test_autofinal(PeilFilter) bad = peil_filter_new ();
  peil_test_autofinal(PeilPostList) list = peil_post_list_new (incident);
  g_autoptr(GError) error = NULL;
  Change change = { 0 };
  gint64 ids[1100];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *time = g_strdup_printf ("2026-11-25T%02u:%02u:00Z", 10 + i / 60 % 10, i % 60);
      ids[i] = peil_test_add_post (incident, i % 2 ? "x" : "tiktok", id, time, NULL,
                                   i % 10 == 0 ? "Waar is de opvang?" : "Kraan omgevallen");
    }

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &change);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (peil_post_list_refresh (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1100);
  g_assert_cmpuint (change.added, ==, 1100);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == PEIL_TYPE_POST);

  /* Newest first; every post reachable, more than the cache holds. */
  for (guint i = 0; i < 1100; i++)
    {
      g_autoptr(PeilPost) post = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_nonnull (post);
      g_assert_cmpint (peil_post_get_id (post), ==, peil_post_list_get_post_id (list, i));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1100));

  peil_filter_set_text (filter, "opvang");
  g_assert_true (peil_post_list_set_filter (list, filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 110);
  g_assert_cmpuint (change.removed, ==, 1100);

  /* A filter that cannot run leaves the list as it was. */
  peil_filter_set_text (bad, "(opvang");
  g_assert_false (peil_post_list_set_filter (list, bad, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_BAD_QUERY);
  g_assert_true (peil_post_list_get_filter (list) == filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 110);

  /* A tag shows at once in the list's copy of the post. */
  {
    g_autoptr(PeilPost) before = g_list_model_get_item (G_LIST_MODEL (list), 3);   /* the list's own copy */
    g_autoptr(PeilPost) after = NULL;
    gint64 id = peil_post_get_id (before);

    g_assert_cmpuint (peil_post_get_n_tags (before), ==, 0);
    g_assert_true (peil_incident_tag_post (incident, id, "IB-HULP", NULL));
    change.calls = 0;
    peil_post_list_reload_post (list, id);
    g_assert_cmpuint (change.calls, ==, 0);   /* same object: a selection stays */
    after = g_list_model_get_item (G_LIST_MODEL (list), 3);
    g_assert_true (after == before);
    g_assert_cmpuint (peil_post_get_n_tags (after), ==, 1);
    g_assert_cmpuint (peil_post_list_find (list, id), ==, 3);
    g_assert_cmpuint (peil_post_list_find (list, ids[1]), ==, G_MAXUINT);
  }
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);
  g_test_add_func ("/post-list/lazy-model", test_post_list);
  return g_test_run ();
}

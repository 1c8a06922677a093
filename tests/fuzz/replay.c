/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Replays a fuzz target's committed corpus and every input that once
 * crashed it through the same entry point libFuzzer calls, so that the
 * ordinary tests (gcc, and ASan/UBSan in _build-sanitize) catch a
 * regression without clang. Arguments: the folders to replay.
 */
#include "config.h"

#include "peil-fuzz.h"

static void
replay_folder (gconstpointer data)
{
  const char *folder = data;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_test_skip ("nothing to replay");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_test_message ("%s", path);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      LLVMFuzzerTestOneInput ((const uint8_t *)contents, length);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  peil_fuzz_init ();

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *base = g_path_get_basename (argv[i]);
      g_autofree char *parent = g_path_get_dirname (argv[i]);
      g_autofree char *target = g_path_get_basename (parent);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s", target, base);

      g_test_add_data_func (test_path, argv[i], replay_folder);
    }
  return g_test_run ();
}

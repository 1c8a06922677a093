/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "peil-test-util.h"

static char *tmp_dir;

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}

void
peil_test_init (int    *argc,
                char ***argv)
{
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  peil_init ();
  /* As g_test_init() has it, said here so that no test relaxes it: a test
   * declares each warning it provokes with g_test_expect_message(). */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  g_setenv ("LANGUAGE", "en", TRUE);
  tmp_dir = g_dir_make_tmp ("peil-test-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  atexit (remove_tmp_dir);
}

/* The cleanup of peil_test_autofinal(); @location holds a GObject or %NULL. */
void
peil_test_finalize (gpointer location)
{
  GObject **object = location;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (*object == NULL)
    return;
  /* A worker's GTask lets go of its source object only after the task's
   * callback has run here: give it that moment, then the object must go. */
  while (g_atomic_int_get ((int *)&(*object)->ref_count) > 1 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (*object);
}

char *
peil_test_tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

char *
peil_test_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

char *
peil_test_write_file (const char *name,
                      const char *contents)
{
  char *path = peil_test_tmp_path (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/**
 * peil_test_deep_json:
 *
 * Returns: (transfer full): @depth arrays nested in each other, the
 *   hostile input that overflows a recursive parser's stack
 */
char *
peil_test_deep_json (guint depth)
{
  GString *json = g_string_sized_new (2 * depth);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

PeilIncident *
peil_test_new_incident (const char *name)
{
  g_autofree char *path = peil_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PeilIncident *incident;

  g_unlink (path);
  incident = peil_incident_create (file, NULL, &error);
  g_assert_no_error (error);
  peil_incident_set_analyst (incident, "Test Analist");
  return incident;
}

/* Closes @incident (asserting nothing else holds it) and opens its file anew. */
PeilIncident *
peil_test_reopen (PeilIncident *incident)
{
  g_autoptr(GFile) file = g_object_ref (peil_incident_get_file (incident));
  g_autoptr(GError) error = NULL;
  PeilIncident *reopened;

  g_assert_finalize_object (incident);
  reopened = peil_incident_open (file, &error);
  g_assert_no_error (error);
  peil_incident_set_analyst (reopened, "Test Analist");
  return reopened;
}

gint64
peil_test_add_post (PeilIncident *incident,
                    const char   *source,
                    const char   *remote_id,
                    const char   *time,
                    const char   *author,
                    const char   *text)
{
  g_autoptr(PeilPost) post = peil_post_new (source, remote_id);
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;
  gint64 when = 0;

  if (time != NULL)
    g_assert_true (peil_time_parse (time, NULL, &when));
  peil_post_set_created_at (post, when);
  peil_post_set_author_handle (post, author);
  peil_post_set_text (post, text);

  peil_incident_add_post (incident, post, &added, &error);
  g_assert_no_error (error);
  g_assert_true (added);
  return peil_post_get_id (post);
}

/* The post a source stored under @remote_id, or %NULL (transfer full). */
PeilPost *
peil_test_find_post (PeilIncident *incident,
                     const char   *remote_id)
{
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GArray) ids = NULL;

  peil_filter_set_off_topic (filter, PEIL_FILTER_OFF_TOPIC_INCLUDE);
  ids = peil_incident_search (incident, filter, NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      PeilPost *post = peil_incident_get_post (incident, g_array_index (ids, gint64, i), NULL);

      if (g_strcmp0 (peil_post_get_remote_id (post), remote_id) == 0)
        return post;
      g_object_unref (post);
    }
  return NULL;
}

char *
peil_test_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

/* What @argv printed, such as pdftotext reading a PDF back; fails the
 * test when the program is missing or fails. */
char *
peil_test_run_tool (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (program == NULL)
    g_error ("%s is needed to read the report back; ./build-aux/test installs it", argv[0]);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* @text with every run of white space one space, as pdftotext's line
 * breaks fall where the layout put them. */
char *
peil_test_collapse_space (const char *text)
{
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);
  return g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
}

/* tests/plugins/test-broken.plugin names a module that does not exist, so
 * that the tests see Peil keep its error and load the other plugins. libpeas
 * warns when an engine first tries it, and says why only the first time in
 * a process: its C loader, shared by all engines, remembers the module.
 * Call before that load and g_test_assert_expected_messages() after it. */
void
peil_test_expect_broken_plugin (void)
{
  static gboolean module_tried;

  if (!module_tried)
    g_test_expect_message ("libpeas", G_LOG_LEVEL_WARNING, "Failed to load module 'test-broken'*");
  g_test_expect_message ("libpeas", G_LOG_LEVEL_WARNING, "Error loading plugin 'test-broken'");
  module_tried = TRUE;
}

PeilPluginEngine *
peil_test_engine (void)
{
  PeilPluginEngine *engine = peil_plugin_engine_new ();

  peil_test_expect_broken_plugin ();
  peil_plugin_engine_load_all (engine);
  g_test_assert_expected_messages ();
  return engine;
}

void
peil_test_run_clear (PeilTestRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* Runs $PEIL_CLI with the arguments. */
PeilTestRun
peil_test_cliv (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  PeilTestRun run = { 0 };

  g_ptr_array_add (argv, (char *)g_getenv ("PEIL_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run.out, &run.err, &error);
  g_assert_no_error (error);
  /* Stopped by a sanitizer, say: fail with what it printed. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("peil-cli %s was killed by signal %d:\n%s", args[0], g_subprocess_get_term_sig (process), run.err);
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

/* The same, with the NULL-terminated arguments. */
PeilTestRun
peil_test_cli (const char *first,
               ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list list;

  va_start (list, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (list, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (list);
  g_ptr_array_add (args, NULL);
  return peil_test_cliv ((const char * const *)args->pdata);
}

PeilTestPicture *
peil_test_picture_load (const char *png)
{
  PeilTestPicture *picture = g_new0 (PeilTestPicture, 1);

  picture->surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (picture->surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_true (cairo_image_surface_get_format (picture->surface) == CAIRO_FORMAT_ARGB32 ||
                 cairo_image_surface_get_format (picture->surface) == CAIRO_FORMAT_RGB24);
  picture->data = cairo_image_surface_get_data (picture->surface);
  picture->width = cairo_image_surface_get_width (picture->surface);
  picture->height = cairo_image_surface_get_height (picture->surface);
  picture->stride = cairo_image_surface_get_stride (picture->surface);
  return picture;
}

void
peil_test_picture_free (PeilTestPicture *picture)
{
  cairo_surface_destroy (picture->surface);
  g_free (picture);
}

/* @area, within the picture; it must not be empty there. */
static cairo_rectangle_int_t
clip_area (PeilTestPicture             *picture,
           const cairo_rectangle_int_t *area)
{
  cairo_rectangle_int_t clipped;

  clipped.x = CLAMP (area->x, 0, picture->width);
  clipped.y = CLAMP (area->y, 0, picture->height);
  clipped.width = CLAMP (area->x + area->width, 0, picture->width) - clipped.x;
  clipped.height = CLAMP (area->y + area->height, 0, picture->height) - clipped.y;
  g_assert_cmpint (clipped.width, >, 0);
  g_assert_cmpint (clipped.height, >, 0);
  return clipped;
}

#define PIXEL(picture, x, y) ((picture)->data + (gsize)(y) * (picture)->stride + (gsize)(x) * 4)

/* The share of @area's pixels that stand out from its commonest colour
 * (its background): text, lines, bars. Colours are compared coarsely, so
 * that anti-aliasing and font hinting do not count. */
double
peil_test_picture_ink (PeilTestPicture             *picture,
                       const cairo_rectangle_int_t *area)
{
  cairo_rectangle_int_t clipped = clip_area (picture, area);
  g_autoptr(GHashTable) histogram = g_hash_table_new (NULL, NULL);
  guint background = 0, most = 0, ink = 0;

  for (int y = clipped.y; y < clipped.y + clipped.height; y++)
    for (int x = clipped.x; x < clipped.x + clipped.width; x++)
      {
        const guchar *p = PIXEL (picture, x, y);
        guint bucket = (p[2] >> 4) << 8 | (p[1] >> 4) << 4 | p[0] >> 4;
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (histogram, GUINT_TO_POINTER (bucket + 1))) + 1;

        g_hash_table_insert (histogram, GUINT_TO_POINTER (bucket + 1), GUINT_TO_POINTER (n));
        if (n > most)
          {
            most = n;
            background = bucket;
          }
      }

  for (int y = clipped.y; y < clipped.y + clipped.height; y++)
    for (int x = clipped.x; x < clipped.x + clipped.width; x++)
      {
        const guchar *p = PIXEL (picture, x, y);
        int distance = ABS ((int)(p[2] >> 4) - (int)(background >> 8)) +
                       ABS ((int)(p[1] >> 4) - (int)(background >> 4 & 0xf)) +
                       ABS ((int)(p[0] >> 4) - (int)(background & 0xf));

        ink += distance >= 6;   /* about 100 of 765 in all three channels */
      }
  return (double)ink / ((double)clipped.width * clipped.height);
}

/* How many pixels of @area are of a colour that @test accepts. */
guint
peil_test_picture_count (PeilTestPicture             *picture,
                         const cairo_rectangle_int_t *area,
                         PeilTestColorTest            test)
{
  cairo_rectangle_int_t clipped = clip_area (picture, area);
  guint count = 0;

  for (int y = clipped.y; y < clipped.y + clipped.height; y++)
    for (int x = clipped.x; x < clipped.x + clipped.width; x++)
      {
        const guchar *p = PIXEL (picture, x, y);
        count += test (p[2], p[1], p[0]);
      }
  return count;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dladdr(), to tell which copy of the core this is. */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "peil-plugin-engine"

#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>
#if HAVE_INTROSPECTION
# include <girepository.h>
#endif

#include "peil-error.h"
#include "peil-plugin-engine.h"

/**
 * PeilPluginEngine:
 *
 * Finds plugins in PEIL_PLUGIN_PATH (tests, the build tree), the user's
 * $XDG_DATA_HOME/peil/plugins and the installed plugin folder, in that
 * order; the first plugin of a module name found wins. Each plugin is
 * loaded unless the user switched it off; one that fails keeps its error
 * for the plugin list, and the rest go on working.
 */
struct _PeilPluginEngine
{
  GObject     parent_instance;

  PeasEngine *engine;
  GStrv       disabled;
  GHashTable *errors;      /* PeasPluginInfo → GError */
  char       *python_problem;   /* why Python plugins cannot load, or NULL */
  GPtrArray  *sources;
  GPtrArray  *exporters;
  GPtrArray  *report_exporters;
  GPtrArray  *debrief_exporters;
};

/**
 * peil_plugin_engine_get_type:
 *
 * Returns: the #GType of #PeilPluginEngine
 */
G_DEFINE_FINAL_TYPE (PeilPluginEngine, peil_plugin_engine, G_TYPE_OBJECT)

static void
peil_plugin_engine_finalize (GObject *object)
{
  PeilPluginEngine *self = (PeilPluginEngine *)object;

  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->exporters, g_ptr_array_unref);
  g_clear_pointer (&self->report_exporters, g_ptr_array_unref);
  g_clear_pointer (&self->debrief_exporters, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->disabled, g_strfreev);
  g_clear_pointer (&self->python_problem, g_free);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (peil_plugin_engine_parent_class)->finalize (object);
}

static void
peil_plugin_engine_class_init (PeilPluginEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_plugin_engine_finalize;
}

#if HAVE_INTROSPECTION
/* Whether @library, as a typelib names it, is this very library: a
 * typelib of another installation (the package beside a build tree)
 * would load a second copy of the core into the process, whose types
 * clash with these. A bare soname resolves to the copy already loaded. */
static gboolean
is_this_library (const char *library)
{
  Dl_info self_info;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;

  if (library == NULL || !g_path_is_absolute (library))
    return TRUE;
  if (!dladdr ((gpointer)peil_plugin_engine_new, &self_info) || self_info.dli_fname == NULL)
    return TRUE;
  mine = realpath (self_info.dli_fname, NULL);
  theirs = realpath (library, NULL);
  return mine != NULL && theirs != NULL && g_str_equal (mine, theirs);
}

/* Python plugins (Loader=python3) import Peil through its typelib. One
 * found on GI_TYPELIB_PATH (the build tree's, in tests) or in the system's
 * folder wins; otherwise the one installed with this library, whose
 * prefix the system's search path need not hold (/usr/local). A typelib
 * of another installation turns Python plugins off, with why. */
static char *
enable_python (PeasEngine *engine)
{
  static gsize searched = 0;
  g_autoptr(GError) error = NULL;
  const char *library;

  /* Once per process: the search path is the process's, not the engine's. */
  if (g_once_init_enter (&searched))
    {
      GList *versions = g_irepository_enumerate_versions (NULL, "Peil");

      if (versions == NULL)
        g_irepository_prepend_search_path (PEIL_TYPELIB_DIR);
      g_list_free_full (versions, g_free);
      g_once_init_leave (&searched, 1);
    }
  if (!g_irepository_require (NULL, "Peil", "1", 0, &error))
    return g_strdup_printf (_("Plugins in Python need Peil’s introspection data: %s"), error->message);
  library = g_irepository_get_shared_library (NULL, "Peil");
  if (!is_this_library (library))
    return g_strdup_printf (_("Plugins in Python are off: the introspection data found belongs to another "
                              "installation of Peil (%s)"), library);
  peas_engine_enable_loader (engine, "python3");
  return NULL;
}
#endif

static void
peil_plugin_engine_init (PeilPluginEngine *self)
{
  const char *env_path = g_getenv ("PEIL_PLUGIN_PATH");
  g_autofree char *user_dir = g_build_filename (g_get_user_data_dir (), "peil", "plugins", NULL);

  self->engine = peas_engine_new ();
#if HAVE_INTROSPECTION
  self->python_problem = enable_python (self->engine);
#else
  self->python_problem = g_strdup (_("Plugins in Python need a Peil built with introspection"));
#endif
  self->errors = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_error_free);
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->exporters = g_ptr_array_new_with_free_func (g_object_unref);
  self->report_exporters = g_ptr_array_new_with_free_func (g_object_unref);
  self->debrief_exporters = g_ptr_array_new_with_free_func (g_object_unref);

  if (env_path != NULL && *env_path != '\0')
    {
      g_auto(GStrv) dirs = g_strsplit (env_path, G_SEARCHPATH_SEPARATOR_S, -1);

      for (guint i = 0; dirs[i] != NULL; i++)
        if (*dirs[i] != '\0')
          peas_engine_add_search_path (self->engine, dirs[i], NULL);
    }
  peas_engine_add_search_path (self->engine, user_dir, NULL);
  peas_engine_add_search_path (self->engine, PEIL_PLUGINS_DIR, NULL);
}

/**
 * peil_plugin_engine_new:
 *
 * Makes an engine that looks for plugins in `PEIL_PLUGIN_PATH`, the user's
 * plugin folder and the installed one, in that order. Nothing is loaded
 * until peil_plugin_engine_load_all().
 *
 * Returns: (transfer full): a new #PeilPluginEngine
 */
PeilPluginEngine *
peil_plugin_engine_new (void)
{
  return g_object_new (PEIL_TYPE_PLUGIN_ENGINE, NULL);
}

/**
 * peil_plugin_engine_get_peas_engine:
 * @self: a #PeilPluginEngine
 *
 * The libpeas engine underneath: @self's own, not libpeas's default one.
 * Load and unload plugins through @self, which keeps its sources and
 * exporters in step with them.
 *
 * Returns: (transfer none): @self's #PeasEngine
 */
PeasEngine *
peil_plugin_engine_get_peas_engine (PeilPluginEngine *self)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);
  return self->engine;
}

/**
 * peil_plugin_engine_set_disabled:
 * @module_names: (nullable) (array zero-terminated=1): plugins the user switched off, by module name
 *
 * Takes effect at the next peil_plugin_engine_load_all().
 */
void
peil_plugin_engine_set_disabled (PeilPluginEngine   *self,
                                 const char * const *module_names)
{
  g_return_if_fail (PEIL_IS_PLUGIN_ENGINE (self));

  g_strfreev (self->disabled);
  self->disabled = g_strdupv ((char **)module_names);
}

/**
 * peil_plugin_engine_is_disabled:
 * @self: a #PeilPluginEngine
 * @info: a plugin @self found
 *
 * Gets whether a plugin is switched off.
 *
 * Returns: %TRUE when the user switched @info's plugin off
 *   (peil_plugin_engine_set_disabled())
 */
gboolean
peil_plugin_engine_is_disabled (PeilPluginEngine *self,
                                PeasPluginInfo   *info)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  return self->disabled != NULL &&
         g_strv_contains ((const char * const *)self->disabled, peas_plugin_info_get_module_name (info));
}

static gboolean
check_abi (PeasPluginInfo  *info,
           GError         **error)
{
  const char *abi = peas_plugin_info_get_external_data (info, "Peil-ABI");

  if (abi == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_PLUGIN,
                   _("The plugin “%s” does not say which version of Peil it was made for (X-Peil-ABI)"),
                   peas_plugin_info_get_name (info));
      return FALSE;
    }

  if (g_ascii_strtoll (abi, NULL, 10) != PEIL_PLUGIN_ABI)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_PLUGIN,
                   _("The plugin “%s” was made for another version of Peil (plugin ABI %s, Peil needs %d) and was not loaded"),
                   peas_plugin_info_get_name (info), abi, PEIL_PLUGIN_ABI);
      return FALSE;
    }

  return TRUE;
}

static void
collect_extensions (PeilPluginEngine *self,
                    PeasPluginInfo   *info)
{
  if (peas_engine_provides_extension (self->engine, info, PEIL_TYPE_SOURCE))
    g_ptr_array_add (self->sources, peas_engine_create_extension (self->engine, info, PEIL_TYPE_SOURCE, NULL));
  if (peas_engine_provides_extension (self->engine, info, PEIL_TYPE_EXPORTER))
    g_ptr_array_add (self->exporters, peas_engine_create_extension (self->engine, info, PEIL_TYPE_EXPORTER, NULL));
  if (peas_engine_provides_extension (self->engine, info, PEIL_TYPE_REPORT_EXPORTER))
    g_ptr_array_add (self->report_exporters,
                     peas_engine_create_extension (self->engine, info, PEIL_TYPE_REPORT_EXPORTER, NULL));
  if (peas_engine_provides_extension (self->engine, info, PEIL_TYPE_DEBRIEF_EXPORTER))
    g_ptr_array_add (self->debrief_exporters,
                     peas_engine_create_extension (self->engine, info, PEIL_TYPE_DEBRIEF_EXPORTER, NULL));
}

typedef struct
{
  GThread *loader;
  char    *reason;
} LoadWarning;

/* libpeas says why a module failed to load (a missing symbol, a Python
 * exception's summary) only as a warning of its own; the warning is kept
 * to tell the user, and still printed. The handler is the process's while
 * a plugin loads: a warning of another thread is not this load's reason. */
static void
keep_load_warning (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
  LoadWarning *warning = user_data;

  if (warning->reason == NULL && g_thread_self () == warning->loader)
    warning->reason = g_strdup (message);
  g_log_default_handler (log_domain, log_level, message, NULL);
}

static gboolean
load_plugin (PeilPluginEngine  *self,
             PeasPluginInfo    *info,
             GError           **error)
{
  LoadWarning warning = { g_thread_self (), NULL };
  g_autofree char *reason = NULL;
  guint handler;
  gboolean loaded;

  handler = g_log_set_handler ("libpeas", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL, keep_load_warning, &warning);
  loaded = peas_engine_load_plugin (self->engine, info);
  g_log_remove_handler ("libpeas", handler);
  reason = warning.reason;
  if (loaded)
    return TRUE;

  if (reason != NULL)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_PLUGIN, _("The plugin “%s” could not be loaded: %s"),
                 peas_plugin_info_get_name (info), reason);
  else if (peas_plugin_info_is_available (info, error) || *error == NULL)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_PLUGIN,
                 _("The plugin “%s” could not be loaded"), peas_plugin_info_get_name (info));
  return FALSE;
}

/* libpeas 1.x keeps a plugin's loader to itself, and loads a Python
 * plugin even when its loader was not enabled (with a warning): a Python
 * plugin is told by its module, a .py file beside its manifest. */
static gboolean
is_python_plugin (PeasPluginInfo *info)
{
  g_autofree char *module = g_strconcat (peas_plugin_info_get_module_name (info), ".py", NULL);
  g_autofree char *path = g_build_filename (peas_plugin_info_get_module_dir (info), module, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/**
 * peil_plugin_engine_load_all:
 *
 * Loads every plugin found that is not disabled, and unloads the ones
 * that were disabled since.
 */
void
peil_plugin_engine_load_all (PeilPluginEngine *self)
{
  g_return_if_fail (PEIL_IS_PLUGIN_ENGINE (self));

  g_ptr_array_set_size (self->sources, 0);
  g_ptr_array_set_size (self->exporters, 0);
  g_ptr_array_set_size (self->report_exporters, 0);
  g_ptr_array_set_size (self->debrief_exporters, 0);
  g_hash_table_remove_all (self->errors);
  peas_engine_rescan_plugins (self->engine);

  for (const GList *l = peas_engine_get_plugin_list (self->engine); l != NULL; l = l->next)
    {
      PeasPluginInfo *info = l->data;
      GError *error = NULL;

      if (peil_plugin_engine_is_disabled (self, info))
        {
          if (peas_plugin_info_is_loaded (info))
            peas_engine_unload_plugin (self->engine, info);
          continue;
        }

      if (!check_abi (info, &error))
        {
          g_hash_table_insert (self->errors, info, error);
          continue;
        }

      if (self->python_problem != NULL && is_python_plugin (info))
        {
          g_set_error_literal (&error, PEIL_ERROR, PEIL_ERROR_PLUGIN, self->python_problem);
          g_hash_table_insert (self->errors, info, error);
          continue;
        }

      if (!peas_plugin_info_is_loaded (info) && !load_plugin (self, info, &error))
        {
          g_hash_table_insert (self->errors, info, error);
          continue;
        }

      collect_extensions (self, info);
    }
}

/**
 * peil_plugin_engine_get_plugins:
 *
 * Lists the plugins on the search path, also those that failed to load, for
 * the list of plugins.
 *
 * Returns: (transfer none) (element-type PeasPluginInfo): every plugin
 *   found, loaded or not
 */
const GList *
peil_plugin_engine_get_plugins (PeilPluginEngine *self)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);
  return peas_engine_get_plugin_list (self->engine);
}

/**
 * peil_plugin_engine_get_error:
 *
 * Tells why a plugin failed to load, for the list of plugins; a plugin that
 * loaded or was not tried has no error.
 *
 * Returns: (nullable): why @info was not loaded at the last
 *   peil_plugin_engine_load_all()
 */
const GError *
peil_plugin_engine_get_error (PeilPluginEngine *self,
                              PeasPluginInfo   *info)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);
  return g_hash_table_lookup (self->errors, info);
}

/**
 * peil_plugin_engine_get_sources:
 *
 * Lists the sources on offer, for imports and saved queries.
 *
 * Returns: (transfer none) (element-type PeilSource): the sources of the
 *   loaded plugins
 */
GPtrArray *
peil_plugin_engine_get_sources (PeilPluginEngine *self)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);
  return self->sources;
}

/**
 * peil_plugin_engine_get_exporters:
 *
 * Lists the export formats on offer, for a choice in the interface.
 *
 * Returns: (transfer none) (element-type PeilExporter): the exporters of
 *   the loaded plugins
 */
GPtrArray *
peil_plugin_engine_get_exporters (PeilPluginEngine *self)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);
  return self->exporters;
}

/**
 * peil_plugin_engine_find_source:
 *
 * Looks up a loaded source plugin by its id, such as a saved query's source.
 *
 * Returns: (transfer none) (nullable): the loaded source with that id
 */
PeilSource *
peil_plugin_engine_find_source (PeilPluginEngine *self,
                                const char       *id)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);

  for (guint i = 0; id != NULL && i < self->sources->len; i++)
    if (g_strcmp0 (peil_source_get_id (g_ptr_array_index (self->sources, i)), id) == 0)
      return g_ptr_array_index (self->sources, i);
  return NULL;
}

/**
 * peil_plugin_engine_find_source_for_file:
 * @format: (nullable): the source id the user chose, or %NULL to tell
 *   from the file: by its name first, then by its first bytes
 *
 * Picks the source that imports @file. A file whose name does not settle it is
 * told by its first bytes, which are read here, so the call may block on I/O.
 *
 * Returns: (transfer none): the source that reads @file, or %NULL with
 *   @error saying why none does
 */
PeilSource *
peil_plugin_engine_find_source_for_file (PeilPluginEngine  *self,
                                         const char        *format,
                                         GFile             *file,
                                         GError           **error)
{
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  char head[4096];
  gssize length;

  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self->sources->len == 0)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_PLUGIN,
                           _("No import plugin is loaded; see the list of plugins"));
      return NULL;
    }

  if (format != NULL)
    {
      PeilSource *source = peil_plugin_engine_find_source (self, format);

      if (source == NULL)
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_PLUGIN,
                     _("No import plugin reads “%s”; see the list of plugins"), format);
      return source;
    }

  /* Generic names (.txt, .json) say too little; those go by content. */
  name = g_file_get_basename (file);
  lower = g_utf8_strdown (name, -1);
  for (guint i = 0; i < self->sources->len; i++)
    {
      const char * const *patterns = peil_source_get_file_patterns (g_ptr_array_index (self->sources, i));

      for (guint j = 0; patterns && patterns[j]; j++)
        if (!g_str_equal (patterns[j], "*.txt") && !g_str_equal (patterns[j], "*.json") &&
            g_pattern_match_simple (patterns[j], lower))
          return g_ptr_array_index (self->sources, i);
    }

  if (!(stream = g_file_read (file, NULL, error)) ||
      (length = g_input_stream_read (G_INPUT_STREAM (stream), head, sizeof head, NULL, error)) < 0)
    return NULL;

  for (guint i = 0; i < self->sources->len; i++)
    if (peil_source_sniff (g_ptr_array_index (self->sources, i), head, length))
      return g_ptr_array_index (self->sources, i);

  g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
               _("Cannot tell the format of “%s”; choose one of the import plugins explicitly"), name);
  return NULL;
}

/* Every kind of exporter is a #PeilFileFormat, found by its format id. */
static gpointer
find_format (GPtrArray  *formats,
             const char *format_id)
{
  for (guint i = 0; format_id != NULL && i < formats->len; i++)
    if (g_strcmp0 (peil_file_format_get_format_id (g_ptr_array_index (formats, i)), format_id) == 0)
      return g_ptr_array_index (formats, i);
  return NULL;
}

/**
 * peil_plugin_engine_find_exporter:
 *
 * Looks up a loaded plugin's export format by its id, such as one given on the
 * command line.
 *
 * Returns: (transfer none) (nullable): the loaded exporter of that format
 */
PeilExporter *
peil_plugin_engine_find_exporter (PeilPluginEngine *self,
                                  const char       *format_id)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);

  return find_format (self->exporters, format_id);
}

/**
 * peil_plugin_engine_get_report_exporters:
 *
 * Lists the report formats on offer, for a choice in the interface.
 *
 * Returns: (transfer none) (element-type PeilReportExporter): the report
 *   formats of the loaded plugins
 */
GPtrArray *
peil_plugin_engine_get_report_exporters (PeilPluginEngine *self)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);
  return self->report_exporters;
}

/**
 * peil_plugin_engine_find_report_exporter:
 *
 * Looks up a loaded plugin's report format by its id, such as one given on the
 * command line.
 *
 * Returns: (transfer none) (nullable): the loaded report format @format_id
 */
PeilReportExporter *
peil_plugin_engine_find_report_exporter (PeilPluginEngine *self,
                                         const char       *format_id)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);

  return find_format (self->report_exporters, format_id);
}

/**
 * peil_plugin_engine_get_debrief_exporters:
 *
 * Lists the exercise debrief formats on offer, for a choice in the interface.
 *
 * Returns: (transfer none) (element-type PeilDebriefExporter): the
 *   exercise debrief formats of the loaded plugins
 */
GPtrArray *
peil_plugin_engine_get_debrief_exporters (PeilPluginEngine *self)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);
  return self->debrief_exporters;
}

/**
 * peil_plugin_engine_find_debrief_exporter:
 *
 * Looks up a loaded plugin's exercise debrief format by its id, such as one
 * given on the command line.
 *
 * Returns: (transfer none) (nullable): the loaded debrief format
 *   @format_id
 */
PeilDebriefExporter *
peil_plugin_engine_find_debrief_exporter (PeilPluginEngine *self,
                                          const char       *format_id)
{
  g_return_val_if_fail (PEIL_IS_PLUGIN_ENGINE (self), NULL);

  return find_format (self->debrief_exporters, format_id);
}

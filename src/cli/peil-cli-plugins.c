/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-cli"

#include "config.h"

#include "peil-cli.h"

static gboolean
set_plugin_disabled (const char  *module,
                     gboolean     disabled,
                     GError     **error)
{
  g_autoptr(GSettings) settings = peil_cli_settings ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) current = NULL;
  g_auto(GStrv) updated = NULL;

  if (settings == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
                           _("Settings cannot be saved on this system (no settings store is installed)"));
      return FALSE;
    }

  current = g_settings_get_strv (settings, "disabled-plugins");
  for (guint i = 0; current[i] != NULL; i++)
    if (!g_str_equal (current[i], module))
      g_strv_builder_add (builder, current[i]);
  if (disabled)
    g_strv_builder_add (builder, module);
  updated = g_strv_builder_end (builder);

  if (!g_settings_set_strv (settings, "disabled-plugins", (const char * const *)updated))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_FAILED, _("The setting could not be saved"));
      return FALSE;
    }
  g_settings_sync ();
  return TRUE;
}

int
peil_cli_plugins_command (int    argc,
                          char **argv)
{
  g_autofree char *enable = NULL, *disable = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "enable", 0, 0, G_OPTION_ARG_STRING, &enable, N_("Switch a plugin on"), N_("MODULE") },
    { "disable", 0, 0, G_OPTION_ARG_STRING, &disable, N_("Switch a plugin off"), N_("MODULE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/cli.md)"), NULL },
    { NULL }
  };
  g_autoptr(PeilPluginEngine) engine = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;

  if (!peil_cli_parse (entries, &argc, &argv, 0, 0))
    return PEIL_CLI_USAGE;

  if ((enable && !set_plugin_disabled (enable, FALSE, &error)) ||
      (disable && !set_plugin_disabled (disable, TRUE, &error)))
    return peil_cli_fail (error);

  engine = peil_cli_plugins ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "plugins");
  json_builder_begin_array (builder);
  for (const GList *l = peil_plugin_engine_get_plugins (engine); l != NULL; l = l->next)
    {
      PeasPluginInfo *info = l->data;
      const GError *plugin_error = peil_plugin_engine_get_error (engine, info);
      gboolean disabled = peil_plugin_engine_is_disabled (engine, info);
      const char *kind = peas_plugin_info_get_external_data (info, "Peil-Kind");
      const char *state = disabled ? _("off") : plugin_error ? _("failed") :
                          peas_plugin_info_is_loaded (info) ? _("on") : _("not loaded");

      if (!json)
        {
          g_print ("%-16s %-9s %-11s %s\n", peas_plugin_info_get_module_name (info), kind ? kind : "",
                   state, peas_plugin_info_get_name (info));
          if (plugin_error != NULL)
            g_print ("                 %s\n", plugin_error->message);
          continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "module");
      json_builder_add_string_value (builder, peas_plugin_info_get_module_name (info));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, peas_plugin_info_get_name (info));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, peas_plugin_info_get_description (info));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, !disabled);
      json_builder_set_member_name (builder, "loaded");
      json_builder_add_boolean_value (builder, peas_plugin_info_is_loaded (info));
      json_builder_set_member_name (builder, "error");
      if (plugin_error != NULL)
        json_builder_add_string_value (builder, plugin_error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      peil_cli_print_json (root);
    }
  return 0;
}

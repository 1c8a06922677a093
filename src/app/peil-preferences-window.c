/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-preferences-window.h"

struct _PeilPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PeilApplication      *app;

  AdwEntryRow          *analyst_row;
  GtkSwitch            *advance_switch;
  GtkSpinButton        *retention_spin;
  AdwPreferencesGroup  *plugins_group;
};

G_DEFINE_FINAL_TYPE (PeilPreferencesWindow, peil_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
peil_preferences_window_dispose (GObject *object)
{
  PeilPreferencesWindow *self = (PeilPreferencesWindow *)object;

  g_clear_object (&self->app);

  G_OBJECT_CLASS (peil_preferences_window_parent_class)->dispose (object);
}

static void
peil_preferences_window_class_init (PeilPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilPreferencesWindow, analyst_row);
  gtk_widget_class_bind_template_child (widget_class, PeilPreferencesWindow, advance_switch);
  gtk_widget_class_bind_template_child (widget_class, PeilPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, PeilPreferencesWindow, plugins_group);
}

static void
peil_preferences_window_init (PeilPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
on_plugin_switched (GtkSwitch             *toggle,
                    GParamSpec            *pspec,
                    PeilPreferencesWindow *self)
{
  GSettings *settings = peil_application_get_settings (self->app);
  const char *module = g_object_get_data (G_OBJECT (toggle), "module");
  g_auto(GStrv) current = g_settings_get_strv (settings, "disabled-plugins");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  for (guint i = 0; current[i] != NULL; i++)
    if (!g_str_equal (current[i], module))
      g_strv_builder_add (builder, current[i]);
  if (!gtk_switch_get_active (toggle))
    g_strv_builder_add (builder, module);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "disabled-plugins", (const char * const *)updated);
}

static void
fill_plugins (PeilPreferencesWindow *self)
{
  PeilPluginEngine *engine = peil_application_get_plugins (self->app);

  for (const GList *l = peil_plugin_engine_get_plugins (engine); l != NULL; l = l->next)
    {
      PeasPluginInfo *info = l->data;
      const GError *error = peil_plugin_engine_get_error (engine, info);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), peas_plugin_info_get_name (info));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   error ? error->message : peas_plugin_info_get_description (info));
      if (error != NULL)
        gtk_widget_add_css_class (row, "error");

      gtk_switch_set_active (GTK_SWITCH (toggle), !peil_plugin_engine_is_disabled (engine, info));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (toggle), "module", g_strdup (peas_plugin_info_get_module_name (info)), g_free);
      g_signal_connect (toggle, "notify::active", G_CALLBACK (on_plugin_switched), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (self->plugins_group, row);
    }
}

/* A spin button holds a double; the number of days is a whole one. */
static gboolean
days_from_setting (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
days_to_setting (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32)g_value_get_double (value));
}

GtkWidget *
peil_preferences_window_new (PeilApplication *app)
{
  PeilPreferencesWindow *self;
  GSettings *settings;

  g_return_val_if_fail (PEIL_IS_APPLICATION (app), NULL);

  self = g_object_new (PEIL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", gtk_application_get_active_window (GTK_APPLICATION (app)),
                       NULL);
  self->app = g_object_ref (app);
  settings = peil_application_get_settings (app);

  g_settings_bind (settings, "analyst-name", self->analyst_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "advance-after-tag", self->advance_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "retention-days", self->retention_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                days_from_setting, days_to_setting, NULL, NULL);
  fill_plugins (self);
  return GTK_WIDGET (self);
}

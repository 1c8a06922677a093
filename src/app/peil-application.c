/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-application"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-application.h"
#include "peil-preferences-window.h"
#include "peil-window.h"

struct _PeilApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  PeilPluginEngine *plugins;
  gboolean          demo;   /* --demo: the first window plays the demo */
};

G_DEFINE_FINAL_TYPE (PeilApplication, peil_application, ADW_TYPE_APPLICATION)

PeilApplication *
peil_application_new (void)
{
  PeilApplication *self = g_object_new (PEIL_TYPE_APPLICATION,
                                        "application-id", APP_ID,
                                        "flags", G_APPLICATION_HANDLES_OPEN,
                                        "resource-base-path", "/nl/peil/Peil",
                                        NULL);

  g_application_add_main_option (G_APPLICATION (self), "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Play a demonstration exercise, running at ten times its speed"), NULL);
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Print the version and quit"), NULL);
  return self;
}

static void
peil_application_finalize (GObject *object)
{
  PeilApplication *self = (PeilApplication *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->plugins);

  G_OBJECT_CLASS (peil_application_parent_class)->finalize (object);
}

static PeilWindow *
new_window (PeilApplication *self)
{
  return g_object_new (PEIL_TYPE_WINDOW, "application", self, NULL);
}

static void
peil_application_activate (GApplication *app)
{
  PeilApplication *self = PEIL_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (self));
  if (self->demo)
    {
      self->demo = FALSE;
      peil_window_play_demo (PEIL_WINDOW (window));
    }
  gtk_window_present (window);
}

static int
peil_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("peil %s\n", PACKAGE_VERSION);
      return 0;
    }
  PEIL_APPLICATION (app)->demo = g_variant_dict_contains (options, "demo");
  return -1;
}

static void
peil_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      PeilWindow *window = new_window (PEIL_APPLICATION (app));

      peil_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
reload_plugins (PeilApplication *self)
{
  g_auto(GStrv) disabled = g_settings_get_strv (self->settings, "disabled-plugins");

  peil_plugin_engine_set_disabled (self->plugins, (const char * const *)disabled);
  peil_plugin_engine_load_all (self->plugins);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "Peil developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "Peil",
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Gauge the public mood during an incident: gather posts, tag what people ask, feel and do, and write the environment analysis"),
                         "developers", developers,
                         "copyright", "© 2026 Peil developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* The demo goes into the window that shows no incident yet, or a new one. */
static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PeilApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL || peil_window_get_incident (PEIL_WINDOW (window)) != NULL)
    window = GTK_WINDOW (new_window (self));
  peil_window_play_demo (PEIL_WINDOW (window));
  gtk_window_present (window);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (peil_preferences_window_new (PEIL_APPLICATION (user_data))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy_deep (gtk_application_get_windows (app), (GCopyFunc)g_object_ref, NULL);

  /* Each window's incident closes with it, and SQLite folds the
   * write-ahead log into the .peil file only when its last connection
   * closes: quitting without closing them would leave the latest work in
   * the -wal file beside it, lost to anyone handed the .peil alone. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (windows, g_object_unref);
  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "demo", demo_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
peil_application_startup (GApplication *app)
{
  PeilApplication *self = PEIL_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.new-incident", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.add-manual", { "<Control>m", NULL } },
    { "win.add-message", { "<Control><Shift>m", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.focus-search", { "<Control>f", NULL } },
    { "win.toggle-sidebar", { "F9", NULL } },
    { "win.cycle-focus", { "F6", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (peil_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  self->plugins = peil_plugin_engine_new ();
  reload_plugins (self);
  g_signal_connect_swapped (self->settings, "changed::disabled-plugins", G_CALLBACK (reload_plugins), self);
}

static void
peil_application_class_init (PeilApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = peil_application_finalize;
  app_class->activate = peil_application_activate;
  app_class->open = peil_application_open;
  app_class->startup = peil_application_startup;
  app_class->handle_local_options = peil_application_handle_local_options;
}

static void
peil_application_init (PeilApplication *self)
{
}

GSettings *
peil_application_get_settings (PeilApplication *self)
{
  g_return_val_if_fail (PEIL_IS_APPLICATION (self), NULL);
  return self->settings;
}

PeilPluginEngine *
peil_application_get_plugins (PeilApplication *self)
{
  g_return_val_if_fail (PEIL_IS_APPLICATION (self), NULL);
  return self->plugins;
}

/**
 * peil_application_dup_analyst:
 *
 * Returns: (transfer full) (nullable): the analyst's name from
 *   $PEIL_ANALYST or the settings, or %NULL when it was never asked
 */
char *
peil_application_dup_analyst (PeilApplication *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (PEIL_IS_APPLICATION (self), NULL);

  /* As peil-cli does: the environment first, for a shared login. */
  if (g_getenv ("PEIL_ANALYST") != NULL && *g_getenv ("PEIL_ANALYST") != '\0')
    return g_strdup (g_getenv ("PEIL_ANALYST"));
  name = g_settings_get_string (self->settings, "analyst-name");
  return *name ? g_steal_pointer (&name) : NULL;
}

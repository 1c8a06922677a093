/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-login-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-login-dialog.h"

/* The window's counterpart of peil-cli login: the secret is handed to the
 * keyring and the dialog keeps no copy once it closes. */
struct _PeilLoginDialog
{
  AdwWindow        parent_instance;

  GPtrArray       *sources;   /* PeilSource with a server to log in to */
  GCancellable    *cancellable;

  AdwToastOverlay *toast_overlay;
  AdwComboRow     *source_row;
  AdwEntryRow     *server_row;
  AdwEntryRow     *account_row;
  GtkEditable     *secret_row;
};

G_DEFINE_FINAL_TYPE (PeilLoginDialog, peil_login_dialog, ADW_TYPE_WINDOW)

static const PeilSourceOption *
server_option (PeilSource *source)
{
  guint n = 0;
  const PeilSourceOption *options = peil_source_get_options (source, &n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (options[i].key, "server"))
      return &options[i];
  return NULL;
}

static PeilSource *
selected_source (PeilLoginDialog *self)
{
  guint position = adw_combo_row_get_selected (self->source_row);

  return position < self->sources->len ? g_ptr_array_index (self->sources, position) : NULL;
}

static void
on_source_changed (PeilLoginDialog *self)
{
  PeilSource *source = selected_source (self);
  const PeilSourceOption *server = source ? server_option (source) : NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                         server && server->default_value ? server->default_value : "");
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PeilLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (!peil_credentials_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, peil_toast_new (error->message));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
log_in_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PeilLoginDialog *self = PEIL_LOGIN_DIALOG (widget);
  PeilSource *source = selected_source (self);
  g_autofree char *server = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autofree char *account = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->account_row))));
  const char *secret = gtk_editable_get_text (self->secret_row);
  const char *missing = NULL;

  if (source == NULL)
    missing = _("No source plugin that needs a login is on");
  else if (*server == '\0')
    missing = _("Fill in the server");
  else if (*secret == '\0')
    missing = _("Fill in the token or app password");
  if (missing != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, peil_toast_new (missing));
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  peil_credentials_store_async (peil_source_get_id (source), server, *account ? account : NULL, secret,
                                self->cancellable, on_stored, g_object_ref (self));
}

static void
peil_login_dialog_dispose (GObject *object)
{
  PeilLoginDialog *self = (PeilLoginDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sources, g_ptr_array_unref);

  G_OBJECT_CLASS (peil_login_dialog_parent_class)->dispose (object);
}

static void
peil_login_dialog_class_init (PeilLoginDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_login_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilLoginDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeilLoginDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, PeilLoginDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, PeilLoginDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, PeilLoginDialog, secret_row);
  gtk_widget_class_bind_template_callback (widget_class, on_source_changed);
  gtk_widget_class_install_action (widget_class, "dialog.log-in", NULL, log_in_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peil_login_dialog_init (PeilLoginDialog *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
peil_login_dialog_new (GtkWindow        *parent,
                       PeilPluginEngine *plugins)
{
  PeilLoginDialog *self = g_object_new (PEIL_TYPE_LOGIN_DIALOG, "transient-for", parent, NULL);
  GPtrArray *all = peil_plugin_engine_get_sources (plugins);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < all->len; i++)
    {
      PeilSource *source = g_ptr_array_index (all, i);

      if ((peil_source_get_flags (source) & PEIL_SOURCE_READS_NETWORK) && server_option (source) != NULL)
        {
          g_ptr_array_add (self->sources, g_object_ref (source));
          gtk_string_list_append (names, peil_source_get_name (source));
        }
    }
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (names));
  on_source_changed (self);
  return GTK_WIDGET (self);
}

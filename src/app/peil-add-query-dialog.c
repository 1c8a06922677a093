/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-add-query-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-add-query-dialog.h"
#include "peil-app-util.h"

/* A saved query for a network source, new or to change; its settings
 * fields are the ones the source plugin describes
 * (peil_source_get_options()). What is missing is said at the field.
 * A query of "our own channel" gathers the organisation's messages
 * instead of the public's posts. */
struct _PeilAddQueryDialog
{
  AdwWindow            parent_instance;

  PeilIncident        *incident;
  PeilQuery           *query;        /* the query changed, or NULL for a new one */
  GPtrArray           *sources;      /* PeilSource that read the network */
  GHashTable          *option_rows;  /* key → AdwEntryRow */

  AdwToastOverlay     *toast_overlay;
  AdwComboRow         *source_row;
  AdwEntryRow         *query_row;
  GtkSpinButton       *interval_spin;
  AdwPreferencesGroup *options_group;
  AdwExpanderRow      *own_channel_row;
  AdwComboRow         *channel_row;
  GtkButton           *save_button;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeilAddQueryDialog, peil_add_query_dialog, ADW_TYPE_WINDOW)

static PeilSource *
selected_source (PeilAddQueryDialog *self)
{
  guint position = adw_combo_row_get_selected (self->source_row);

  return self->sources && position < self->sources->len ? g_ptr_array_index (self->sources, position) : NULL;
}

/* The channel of "our own channel", or NULL for a query of the public's posts. */
static const char *
selected_channel (PeilAddQueryDialog *self)
{
  const char * const *channels = peil_message_channels ();
  guint position = adw_combo_row_get_selected (self->channel_row);

  if (!adw_expander_row_get_enable_expansion (self->own_channel_row) ||
      position >= g_strv_length ((char **)channels))
    return NULL;
  return channels[position];
}

static void
on_source_changed (PeilAddQueryDialog *self)
{
  PeilSource *source = selected_source (self);
  GHashTableIter iter;
  gpointer row;
  const PeilSourceOption *options;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->option_rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    adw_preferences_group_remove (self->options_group, row);
  g_hash_table_remove_all (self->option_rows);
  if (source == NULL)
    return;

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->query_row), peil_source_get_query_hint (source));
  options = peil_source_get_options (source, &n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *entry = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), options[i].label);
      gtk_widget_set_tooltip_text (entry, options[i].description);
      if (options[i].default_value != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), options[i].default_value);
      adw_preferences_group_add (self->options_group, entry);
      g_signal_connect (entry, "changed", G_CALLBACK (peil_entry_row_clear_error), NULL);
      g_hash_table_insert (self->option_rows, g_strdup (options[i].key), entry);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->options_group), n > 0);

  /* Only what one site or account publishes can be ours; a search of the
   * public's posts never is. */
  if (!(peil_source_get_flags (source) & PEIL_SOURCE_READS_OWN_CHANNEL))
    adw_expander_row_set_enable_expansion (self->own_channel_row, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->own_channel_row),
                          peil_source_get_flags (source) & PEIL_SOURCE_READS_OWN_CHANNEL);
}

void
peil_add_query_dialog_set_option (PeilAddQueryDialog *self,
                                  const char         *key,
                                  const char         *value)
{
  GtkEditable *row = g_hash_table_lookup (self->option_rows, key);

  g_return_if_fail (row != NULL);
  gtk_editable_set_text (row, value);
}

/**
 * peil_add_query_dialog_save:
 *
 * Saves the query, new or changed. A required setting left empty is
 * marked at its field, which says so.
 *
 * Returns: (transfer full): the saved query, or %NULL with @error saying
 *   which setting is missing or why the incident refused it
 */
PeilQuery *
peil_add_query_dialog_save (PeilAddQueryDialog  *self,
                            GError             **error)
{
  PeilSource *source = selected_source (self);
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->query_row));
  guint interval = 60 * (guint)gtk_spin_button_get_value_as_int (self->interval_spin);
  const PeilSourceOption *options;
  GtkWidget *missing = NULL;
  guint n = 0;

  if (source == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_PLUGIN, _("No source plugin for live gathering is on"));
      return NULL;
    }

  options = peil_source_get_options (source, &n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_hash_table_lookup (self->option_rows, options[i].key);
      g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

      if (*value != '\0')
        g_hash_table_insert (values, g_strdup (options[i].key), g_steal_pointer (&value));
      else if (options[i].required)
        {
          peil_entry_row_set_error (ADW_ENTRY_ROW (row), _("Fill this in"));
          if (missing == NULL)
            {
              missing = row;
              g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Fill in “%s”"), options[i].label);
            }
        }
    }
  if (missing != NULL)
    {
      gtk_widget_grab_focus (missing);
      return NULL;
    }

  if (self->query != NULL)
    {
      if (!peil_incident_update_query (self->incident, peil_query_get_id (self->query), text, values, interval, error))
        return NULL;
    }
  else
    {
      PeilQuery *added = peil_incident_add_query (self->incident, peil_source_get_id (source), text, values,
                                                  interval, error);
      if (added == NULL)
        return NULL;
      /* Saving again after the channel failed changes this query, not a second one. */
      self->query = added;
    }
  if (g_strcmp0 (selected_channel (self), peil_query_get_channel (self->query)) != 0 &&
      !peil_incident_set_query_channel (self->incident, peil_query_get_id (self->query), selected_channel (self), error))
    return NULL;
  return peil_incident_get_query (self->incident, peil_query_get_id (self->query), error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeilAddQueryDialog *self = PEIL_ADD_QUERY_DIALOG (widget);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  if (!(query = peil_add_query_dialog_save (self, &error)))
    {
      /* What a field lacks is said there; the rest in a toast. */
      if (!g_error_matches (error, PEIL_ERROR, PEIL_ERROR_INVALID))
        peil_show_error (GTK_WIDGET (self->toast_overlay), error);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, query);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
peil_add_query_dialog_dispose (GObject *object)
{
  PeilAddQueryDialog *self = (PeilAddQueryDialog *)object;

  g_clear_object (&self->incident);
  g_clear_object (&self->query);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->option_rows, g_hash_table_unref);

  G_OBJECT_CLASS (peil_add_query_dialog_parent_class)->dispose (object);
}

static void
peil_add_query_dialog_class_init (PeilAddQueryDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_add_query_dialog_dispose;

  /**
   * PeilAddQueryDialog::saved:
   * @query: the query as saved, new or changed
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PEIL_TYPE_QUERY);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-add-query-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilAddQueryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeilAddQueryDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, PeilAddQueryDialog, query_row);
  gtk_widget_class_bind_template_child (widget_class, PeilAddQueryDialog, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, PeilAddQueryDialog, options_group);
  gtk_widget_class_bind_template_child (widget_class, PeilAddQueryDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PeilAddQueryDialog, own_channel_row);
  gtk_widget_class_bind_template_child (widget_class, PeilAddQueryDialog, channel_row);
  gtk_widget_class_bind_template_callback (widget_class, on_source_changed);
  gtk_widget_class_install_action (widget_class, "dialog.add", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peil_add_query_dialog_init (PeilAddQueryDialog *self)
{
  const char * const *channels = peil_message_channels ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->option_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; channels[i] != NULL; i++)
    gtk_string_list_append (labels, peil_message_channel_label (channels[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (labels));
}

GtkWidget *
peil_add_query_dialog_new (GtkWindow        *parent,
                           PeilIncident     *incident,
                           PeilPluginEngine *plugins)
{
  PeilAddQueryDialog *self = g_object_new (PEIL_TYPE_ADD_QUERY_DIALOG, "transient-for", parent, NULL);
  GPtrArray *all = peil_plugin_engine_get_sources (plugins);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->incident = g_object_ref (incident);
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < all->len; i++)
    if (peil_source_get_flags (g_ptr_array_index (all, i)) & PEIL_SOURCE_READS_NETWORK)
      {
        g_ptr_array_add (self->sources, g_object_ref (g_ptr_array_index (all, i)));
        gtk_string_list_append (names, peil_source_get_name (g_ptr_array_index (all, i)));
      }
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (names));
  on_source_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->query_row));
  return GTK_WIDGET (self);
}

/**
 * peil_add_query_dialog_new_for_query:
 *
 * Returns: (transfer floating): a dialog that changes @query: what it
 *   searches for, its settings and how often it asks; its source stays
 */
GtkWidget *
peil_add_query_dialog_new_for_query (GtkWindow        *parent,
                                     PeilIncident     *incident,
                                     PeilPluginEngine *plugins,
                                     PeilQuery        *query)
{
  PeilAddQueryDialog *self = PEIL_ADD_QUERY_DIALOG (peil_add_query_dialog_new (parent, incident, plugins));
  GHashTableIter iter;
  gpointer key, value;

  self->query = g_object_ref (query);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Query"));
  gtk_button_set_label (self->save_button, _("_Save"));
  for (guint i = 0; i < self->sources->len; i++)
    if (g_str_equal (peil_source_get_id (g_ptr_array_index (self->sources, i)), peil_query_get_source (query)))
      adw_combo_row_set_selected (self->source_row, i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->query_row), peil_query_get_text (query));
  gtk_spin_button_set_value (self->interval_spin, MAX (1, (peil_query_get_interval (query) + 30) / 60));
  if (peil_query_get_channel (query) != NULL)
    {
      const char * const *channels = peil_message_channels ();

      for (guint i = 0; channels[i] != NULL; i++)
        if (g_str_equal (channels[i], peil_query_get_channel (query)))
          adw_combo_row_set_selected (self->channel_row, i);
      adw_expander_row_set_enable_expansion (self->own_channel_row, TRUE);
    }
  g_hash_table_iter_init (&iter, peil_query_get_options (query));
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_contains (self->option_rows, key))
      gtk_editable_set_text (GTK_EDITABLE (g_hash_table_lookup (self->option_rows, key)), value);
  return GTK_WIDGET (self);
}

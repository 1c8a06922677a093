/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * peil-window-team.c: a team incident in the window. While a replica is
 * open it follows the server (PeilReplica does the work on worker
 * threads; others' changes reach the window as any other connection's
 * do), the header bar says whether it is online and what waits, n hands
 * out the next post, and an incident can be published or joined.
 */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-application.h"
#include "peil-window-private.h"

static void
show_team_state (PeilWindow *self)
{
  PeilReplicaState state;
  gint64 waiting;
  g_autofree char *label = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *count = NULL;
  const char *icon;

  if (self->replica == NULL)
    {
      gtk_widget_set_visible (self->team_button, FALSE);
      return;
    }

  state = peil_replica_get_state (self->replica);
  waiting = peil_replica_count_waiting (self->replica, NULL);
  count = peil_format_number (waiting, peil_ui_language ());
  switch (state)
    {
    case PEIL_REPLICA_OFFLINE:
      icon = "network-offline-symbolic";
      label = waiting > 0
        /* TRANSLATORS: in the header bar while the team server cannot be reached */
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline — %s change waiting",
                                        "Offline — %s changes waiting", waiting),
                           count)
        : g_strdup (_("Offline"));
      break;

    case PEIL_REPLICA_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      label = g_strdup (_("Syncing…"));
      break;

    case PEIL_REPLICA_ONLINE:
    default:
      icon = "network-server-symbolic";
      label = waiting > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change waiting", "%s changes waiting", waiting),
                           count)
        : g_strdup (_("Online"));
      break;
    }

  /* TRANSLATORS: tooltip of the team button: the team incident, the server */
  tooltip = g_strdup_printf (_("Team incident “%s” on %s%s%s\nClick to sync now"),
                             peil_replica_get_name (self->replica), peil_replica_get_address (self->replica),
                             peil_replica_get_last_error (self->replica) ? "\n" : "",
                             peil_replica_get_last_error (self->replica) ? peil_replica_get_last_error (self->replica) : "");
  adw_button_content_set_icon_name (self->team_content, icon);
  adw_button_content_set_label (self->team_content, label);
  gtk_widget_set_tooltip_text (self->team_button, tooltip);
  gtk_widget_set_visible (self->team_button, TRUE);
}

static void fill_team_box (PeilWindow *self);

static void
on_replica_notify (PeilReplica *replica,
                   GParamSpec  *pspec,
                   PeilWindow  *self)
{
  show_team_state (self);
  if (g_str_equal (pspec->name, "state"))
    fill_team_box (self);
}

/* The team in the sidebar ------------------------------------------------ */

/* Someone whose replica told the server within two minutes is at work. */
#define ONLINE_SECONDS 120

/* What a colleague is at, from what their window told the server. */
static char *
describe_doing (const char *doing)
{
  const PeilRoundSection *section;
  guint round = 0;
  char key[64];

  if (doing == NULL || *doing == '\0')
    return NULL;
  if (g_str_equal (doing, "posts"))
    return g_strdup (_("tagging posts"));
  if (g_str_equal (doing, "overview"))
    return g_strdup (_("reading the overview"));
  if (g_str_equal (doing, "report"))
    return g_strdup (_("on the report"));
  if (sscanf (doing, "section %u %63s", &round, key) == 2 && (section = peil_round_lookup_section (key)))
    /* TRANSLATORS: what a colleague is doing: writing the section “Key points” of round 2 */
    return g_strdup_printf (_("writing “%s” of round %u"), peil_round_section_heading (section, peil_ui_language ()),
                            round);
  return g_strdup (doing);
}

static GtkWidget *
member_row (PeilWindow     *self,
            PeilTeamMember *member,
            gint64          now)
{
  const char *me = peil_incident_get_analyst (self->incident);
  /* Offline, nobody can be seen at work: the list is from before. */
  gboolean online = peil_replica_get_state (self->replica) != PEIL_REPLICA_OFFLINE &&
                    member->seen_at > 0 && now - member->seen_at < ONLINE_SECONDS;
  g_autofree char *doing = online ? describe_doing (member->doing) : NULL;
  g_autofree char *name = g_strcmp0 (member->analyst, me) == 0
    /* TRANSLATORS: the analyst at this computer, in the team list */
    ? g_strdup_printf (_("%s (you)"), member->analyst)
    : g_strdup (member->analyst);
  g_autofree char *tags = peil_format_number (member->tags, peil_ui_language ());
  g_autofree char *tooltip = NULL;
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *dot = gtk_image_new_from_icon_name ("media-record-symbolic");
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *count = gtk_label_new (tags);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (dot, online ? "success" : "dim-label");
  gtk_image_set_pixel_size (GTK_IMAGE (dot), 8);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (!online)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_grid_attach (GTK_GRID (grid), dot, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), label, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), count, 2, 0, 1, 1);
  if (doing != NULL)
    {
      GtkWidget *what = gtk_label_new (doing);

      gtk_label_set_xalign (GTK_LABEL (what), 0);
      gtk_label_set_wrap (GTK_LABEL (what), TRUE);
      gtk_widget_add_css_class (what, "caption");
      gtk_widget_add_css_class (what, "dim-label");
      gtk_grid_attach (GTK_GRID (grid), what, 1, 1, 2, 1);
    }

  if (member->seen_at > 0)
    {
      g_autoptr(GDateTime) seen = g_date_time_new_from_unix_local (member->seen_at);
      g_autofree char *at = g_date_time_format (seen, "%H:%M");

      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s tag in this incident · last seen at %s",
                                              "%s tags in this incident · last seen at %s", member->tags),
                                 tags, at);
    }
  else
    tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s tag in this incident", "%s tags in this incident",
                                            member->tags),
                               tags);
  gtk_widget_set_tooltip_text (grid, tooltip);
  return grid;
}

/* The last shift's handover note, for the one who took over. */
static void
append_handover (PeilWindow *self)
{
  g_autofree char *analyst = NULL;
  g_autofree char *when = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  GtkWidget *label;
  gint64 time = 0;

  if (!(text = peil_replica_dup_last_handover (self->replica, &analyst, &time)))
    return;
  /* TRANSLATORS: when a handover note was written; see strftime */
  when = peil_format_time (time, C_("handover time", "%e %b, %H:%M"));
  /* TRANSLATORS: above the last handover note: "Handover by Anna, 27 Nov, 14:05" */
  heading = g_strdup_printf (_("Handover by %s, %s"), analyst && *analyst ? analyst : _("a colleague"), g_strstrip (when));

  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (GTK_BOX (self->team_box), label);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 6);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (self->team_box), label);
}

static void
fill_team_box (PeilWindow *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *child;

  if (self->team_box == NULL || self->replica == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->team_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->team_box), child);
  if (self->team_members == NULL)
    {
      GtkWidget *label = gtk_label_new (_("Asking the server who is at work…"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->team_box), label);
      return;
    }
  for (guint i = 0; i < self->team_members->len; i++)
    gtk_box_append (GTK_BOX (self->team_box), member_row (self, g_ptr_array_index (self->team_members, i), now));
  append_handover (self);
}

/**
 * peil_window_team_row_new:
 *
 * Returns: (transfer floating): a sidebar row with the team: who is
 *   online, what they are at, and how many tags each has given, for the
 *   shift lead dividing the work
 */
GtkWidget *
peil_window_team_row_new (PeilWindow *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_set_margin_start (box, 12);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_set_weak_pointer (&self->team_box, box);
  fill_team_box (self);
  return row;
}

static void
on_members (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GPtrArray) members = peil_replica_list_members_finish (PEIL_REPLICA (object), result, NULL);

  /* Offline, the last list stays: the header says the server is gone. */
  if (members == NULL || self->replica != PEIL_REPLICA (object))
    return;
  g_clear_pointer (&self->team_members, g_ptr_array_unref);
  self->team_members = g_steal_pointer (&members);
  fill_team_box (self);
}

static gboolean
poll_team (gpointer user_data)
{
  PeilWindow *self = user_data;

  if (self->replica != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    peil_replica_list_members_async (self->replica, self->team_cancellable, on_members, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

/* The team sees which page this analyst is on; the report page says which
 * section while one is being written. */
static void
on_page_changed (PeilWindow *self)
{
  if (self->replica != NULL)
    peil_replica_set_doing (self->replica, adw_view_stack_get_visible_child_name (self->view_stack));
}

/**
 * peil_window_close_team:
 *
 * Stops following; what waits stays in the file for the next time.
 */
void
peil_window_close_team (PeilWindow *self)
{
  g_cancellable_cancel (self->team_cancellable);
  g_clear_object (&self->team_cancellable);
  g_clear_handle_id (&self->team_poll, g_source_remove);
  g_clear_pointer (&self->team_members, g_ptr_array_unref);
  g_signal_handlers_disconnect_by_func (self->view_stack, on_page_changed, self);
  if (self->replica != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->replica, on_replica_notify, self);
      peil_replica_stop (self->replica);
      g_clear_object (&self->replica);
    }
  peil_report_page_set_replica (self->report_page, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-for-me", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-team", FALSE);
  show_team_state (self);
}

/**
 * peil_window_open_team:
 *
 * Follows the server when the open incident is a team incident's replica.
 */
void
peil_window_open_team (PeilWindow *self)
{
  gboolean writable;

  peil_window_close_team (self);
  writable = self->incident != NULL && !peil_incident_get_read_only (self->incident);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.publish-team",
                                 writable && !peil_incident_is_replica (self->incident));
  if (!writable || !peil_incident_is_replica (self->incident))
    return;

  self->replica = peil_replica_new (self->incident, NULL);
  if (self->replica == NULL)
    return;
  self->team_cancellable = g_cancellable_new ();
  g_signal_connect (self->replica, "notify", G_CALLBACK (on_replica_notify), self);
  peil_replica_follow (self->replica);
  peil_report_page_set_replica (self->report_page, self->replica);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-for-me", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-team", TRUE);
  show_team_state (self);

  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name", G_CALLBACK (on_page_changed), self);
  on_page_changed (self);
  self->team_poll = g_timeout_add_seconds (5, poll_team, self);
  poll_team (self);
  peil_window_build_sidebar (self);
}

static void
on_synced_by_hand (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!peil_replica_sync_finish (PEIL_REPLICA (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    peil_window_show_error (self, error);
}

static void
sync_team_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);

  if (self->replica != NULL)
    peil_replica_sync_async (self->replica, self->team_cancellable, on_synced_by_hand, g_object_ref (self));
}

static void
show_post (PeilWindow *self,
           gint64      id)
{
  guint position;

  if ((position = peil_post_list_find (self->posts, id)) == G_MAXUINT)
    {
      /* Outside the filters in force, or new since the list was read. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.clear-filters", NULL);
      peil_window_apply_filter (self);
      position = peil_post_list_find (self->posts, id);
    }
  if (position != G_MAXUINT)
    {
      peil_window_select_position (self, position);
      peil_window_focus_list (self);
    }
}

static void
on_next (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!peil_replica_next_finish (PEIL_REPLICA (object), result, &id, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        peil_window_show_error (self, error);
      return;
    }
  if (id == 0)
    peil_window_toast (self, _("Nothing left to tag in your assignment"));
  else if (self->posts != NULL)
    show_post (self, id);
}

static void
next_for_me_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);

  if (self->replica != NULL)
    peil_replica_next_async (self->replica, self->team_cancellable, on_next, g_object_ref (self));
}

/* Publishing and joining ------------------------------------------------- */

typedef struct
{
  PeilWindow *window;
  GtkEditable *address;
  GtkEditable *password;
  GtkEditable *name;
  GFile      *file;     /* joining: the new replica's file */
} TeamForm;

static void
team_form_free (TeamForm *form)
{
  g_clear_object (&form->window);
  g_clear_object (&form->file);
  g_free (form);
}

static GtkEditable *
add_entry (AdwPreferencesGroup *group,
           const char          *title,
           const char          *text,
           gboolean             secret)
{
  GtkWidget *row = secret ? adw_password_entry_row_new () : adw_entry_row_new ();

  /* Return answers the dialog, as in any GNOME dialog. */
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_preferences_group_add (group, row);
  return GTK_EDITABLE (row);
}

/* A dialog asking for the server and the team incident's name; the
 * address is remembered for the next time. */
static GtkWidget *
team_dialog_new (PeilWindow *self,
                 const char *heading,
                 const char *body,
                 const char *action_label,
                 const char *default_name,
                 TeamForm   *form)
{
  g_autoptr(GSettings) settings = g_settings_new ("nl.peil.Peil");
  g_autofree char *address = g_settings_get_string (settings, "team-server");
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  form->window = g_object_ref (self);
  /* TRANSLATORS: a PostgreSQL connection string, as libpq takes it */
  form->address = add_entry (group, _("Server (host=… dbname=… user=…, or postgresql://…)"), address, FALSE);
  /* TRANSLATORS: kept in the keyring, never in the incident file */
  form->password = add_entry (group, _("Password (kept in the keyring; empty for ~/.pgpass)"), NULL, TRUE);
  form->name = add_entry (group, _("Team incident"), default_name, FALSE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (group));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "go", action_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "go");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_grab_focus (GTK_WIDGET (form->address));
  return dialog;
}

/* The address as Peil keeps it (never with a password) for the next
 * time, and a password typed here in the keyring under that address. */
static gboolean
remember_address (TeamForm  *form,
                  GError   **error)
{
  g_autoptr(GSettings) settings = g_settings_new ("nl.peil.Peil");
  g_autofree char *address = peil_team_server_normalize_address (gtk_editable_get_text (form->address));
  const char *password = gtk_editable_get_text (form->password);

  if (address == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("That is not a server address: write host=… dbname=… user=…, or postgresql://…"));
      return FALSE;
    }
  g_settings_set_string (settings, "team-server", address);
  return *password == '\0' || peil_credentials_store ("postgresql", address, NULL, password, error);
}

static void
on_published (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!peil_replica_publish_finish (PEIL_INCIDENT (object), result, &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  if (self->incident == PEIL_INCIDENT (object))
    peil_window_open_team (self);
  peil_window_toast (self, _("Published: your team can join this incident now"));
}

static void
on_publish_response (AdwMessageDialog *dialog,
                     const char       *response,
                     TeamForm         *form)
{
  PeilWindow *self = form->window;
  const char *address = gtk_editable_get_text (form->address);
  const char *name = gtk_editable_get_text (form->name);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "go") || self->incident == NULL)
    return;
  if (!remember_address (form, &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  peil_window_toast (self, _("Publishing…"));
  peil_replica_publish_async (self->incident, address, name, NULL, on_published, g_object_ref (self));
}

static void
publish_team_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  TeamForm *form = g_new0 (TeamForm, 1);
  g_autofree char *title = NULL;
  GtkWidget *dialog;

  if (self->incident == NULL)
    return;
  title = peil_incident_get_metadata (self->incident, PEIL_META_TITLE);
  dialog = team_dialog_new (self, _("Publish to a Team Server"),
                            _("Everything in this incident goes to the server, and the team can join it. "
                              "Your work stays in this file and is synced from now on."),
                            _("_Publish"), title, form);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_publish_response), form,
                         (GClosureNotify)team_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_joined (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TeamForm *form = user_data;
  g_autoptr(GError) error = NULL;

  if (!peil_replica_join_finish (result, &error))
    peil_window_show_error (form->window, error);
  else
    peil_window_open_file (form->window, form->file);
  team_form_free (form);
}

static void
on_join_response (AdwMessageDialog *dialog,
                  const char       *response,
                  TeamForm         *form)
{
  const char *address = gtk_editable_get_text (form->address);
  const char *name = gtk_editable_get_text (form->name);
  g_autoptr(GError) error = NULL;
  g_autofree char *analyst = NULL;
  GtkApplication *app;
  TeamForm *joining;

  if (!g_str_equal (response, "go"))
    return;
  if (!remember_address (form, &error))
    {
      peil_window_show_error (form->window, error);
      return;
    }
  joining = g_new0 (TeamForm, 1);
  joining->window = g_object_ref (form->window);
  joining->file = g_object_ref (form->file);
  peil_window_toast (form->window, _("Joining…"));
  app = gtk_window_get_application (GTK_WINDOW (form->window));
  analyst = app != NULL ? peil_application_dup_analyst (PEIL_APPLICATION (app)) : NULL;
  peil_replica_join_async (address, name, form->file, analyst, NULL, on_joined, joining);
}

static void
on_join_file_chosen (GtkNativeDialog *chooser,
                     int              response,
                     PeilWindow      *self)
{
  g_autoptr(GFile) chosen = NULL;
  g_autofree char *path = NULL;
  TeamForm *form;
  GtkWidget *dialog;

  if (response == GTK_RESPONSE_ACCEPT)
    chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (chosen == NULL)
    return;

  /* The new file is an incident file like any other. */
  path = g_file_get_path (chosen);
  form = g_new0 (TeamForm, 1);
  if (g_str_has_suffix (path, ".peil"))
    form->file = g_object_ref (chosen);
  else
    {
      g_autofree char *named = g_strconcat (path, ".peil", NULL);
      form->file = g_file_new_for_path (named);
    }
  dialog = team_dialog_new (self, _("Join a Team Incident"),
                            _("A new incident file is made with all the team’s work, and kept in step with it."),
                            _("_Join"), NULL, form);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_join_response), form,
                         (GClosureNotify)team_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
join_team_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Your Copy of the Team Incident"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Next"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("team-incident.peil"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_join_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
peil_window_class_init_team (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.next-for-me", NULL, next_for_me_action);
  gtk_widget_class_install_action (widget_class, "win.sync-team", NULL, sync_team_action);
  gtk_widget_class_install_action (widget_class, "win.publish-team", NULL, publish_team_action);
  gtk_widget_class_install_action (widget_class, "win.join-team", NULL, join_team_action);
}

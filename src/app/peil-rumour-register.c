/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-rumour-register"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-rumour-register.h"

/*
 * The rumour register on the Report page: one expander row a rumour with
 * its status, the response given and the posts linked to it, and a row
 * to register a new one. It belongs to the incident, not to a round: each
 * report shows it as it stood at the end of the round's period.
 */
struct _PeilRumourRegister
{
  AdwBin                 parent_instance;

  PeilIncident          *incident;
  PeilSelectedPostsFunc  selected_posts;
  gpointer               selected_posts_data;
};

G_DEFINE_FINAL_TYPE (PeilRumourRegister, peil_rumour_register, ADW_TYPE_BIN)

static const char *statuses[] = {
  PEIL_RUMOUR_UNVERIFIED, PEIL_RUMOUR_CONFIRMED, PEIL_RUMOUR_FALSE, PEIL_RUMOUR_DEBUNKED,
};

static gboolean
is_read_only (PeilRumourRegister *self)
{
  return peil_incident_get_read_only (self->incident);
}

static gint64
rumour_of (gpointer widget)
{
  return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "rumour"));
}

/* The status as the taxonomy's RUMOUR-… tag names it in the interface's language. */
static const char *
status_label (PeilRumourRegister *self,
              const char         *status)
{
  g_autofree char *code = peil_rumour_status_tag_code (status);
  PeilTag *tag = peil_taxonomy_lookup_tag (peil_incident_get_taxonomy (self->incident), code);

  return tag ? peil_tag_get_label (tag) : status;
}

static void
on_added (AdwEntryRow        *row,
          PeilRumourRegister *self)
{
  g_autoptr(PeilRumour) rumour = NULL;
  g_autoptr(GError) error = NULL;

  if (!(rumour = peil_incident_add_rumour (self->incident, gtk_editable_get_text (GTK_EDITABLE (row)), 0, &error)))
    {
      peil_show_error (GTK_WIDGET (self), error);
      return;
    }
  peil_rumour_register_reload (self);
}

static void
on_status_chosen (AdwComboRow        *row,
                  GParamSpec         *pspec,
                  PeilRumourRegister *self)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (selected < G_N_ELEMENTS (statuses) &&
      !peil_incident_set_rumour_status (self->incident, rumour_of (row), statuses[selected], &error))
    peil_show_error (GTK_WIDGET (self), error);
}

static void
on_response (AdwEntryRow        *row,
             PeilRumourRegister *self)
{
  g_autoptr(GError) error = NULL;

  if (!peil_incident_set_rumour_response (self->incident, rumour_of (row), gtk_editable_get_text (GTK_EDITABLE (row)),
                                          &error))
    peil_show_error (GTK_WIDGET (self), error);
  else
    peil_show_toast (GTK_WIDGET (self), _("Response saved"));
}

static void
on_link (GtkButton          *button,
         PeilRumourRegister *self)
{
  g_autoptr(GPtrArray) posts = self->selected_posts (self->selected_posts_data);

  if (posts->len == 0)
    {
      peil_show_toast (GTK_WIDGET (self), _("Select posts in the Posts page first, then link them here"));
      return;
    }
  for (guint i = 0; i < posts->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!peil_incident_link_rumour_post (self->incident, rumour_of (button),
                                           peil_post_get_id (g_ptr_array_index (posts, i)), TRUE, &error))
        {
          peil_show_error (GTK_WIDGET (self), error);
          break;
        }
    }
  peil_rumour_register_reload (self);
}

static GtkWidget *
rumour_row (PeilRumourRegister *self,
            PeilRumour         *rumour)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *status = adw_combo_row_new ();
  GtkWidget *response = adw_entry_row_new ();
  GtkWidget *link_row = adw_action_row_new ();
  GtkWidget *link = gtk_button_new_with_label (_("Link Selected Posts"));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *claim = g_markup_escape_text (peil_rumour_get_claim (rumour), -1);
  g_autofree char *seen = peil_format_local_time (peil_rumour_get_first_seen (rumour));
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  gsize id = (gsize)peil_rumour_get_id (rumour);
  guint n_posts = peil_rumour_get_posts (rumour)->len;

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · first seen %s · %u post",
                                           "%s · first seen %s · %u posts", n_posts),
                              status_label (self, peil_rumour_get_status (rumour)), seen, n_posts);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), claim);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (labels, status_label (self, statuses[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (status), G_LIST_MODEL (labels));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (statuses[i], peil_rumour_get_status (rumour)))
      adw_combo_row_set_selected (ADW_COMBO_ROW (status), i);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (status), _("Status"));
  g_object_set_data (G_OBJECT (status), "rumour", GSIZE_TO_POINTER (id));
  g_signal_connect (status, "notify::selected", G_CALLBACK (on_status_chosen), self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (response), _("Response given"));
  gtk_editable_set_text (GTK_EDITABLE (response), peil_rumour_get_response (rumour));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (response), TRUE);
  g_object_set_data (G_OBJECT (response), "rumour", GSIZE_TO_POINTER (id));
  g_signal_connect (response, "apply", G_CALLBACK (on_response), self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (link_row), _("Posts that spread or answer it"));
  if (peil_rumour_get_story_id (rumour) != 0)
    {
      g_autofree char *follows = NULL;
      guint automatic = 0;

      for (guint i = 0; i < n_posts; i++)
        automatic += peil_rumour_get_linked_automatically (rumour, i);
      /* TRANSLATORS: a rumour that follows a story of near-copies; the posts that joined it were linked on their own */
      follows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Follows a story: %u post linked automatically as it came",
                                              "Follows a story: %u posts linked automatically as they came", automatic),
                                 automatic);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (link_row), follows);
    }
  gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (link), "rumour", GSIZE_TO_POINTER (id));
  g_signal_connect (link, "clicked", G_CALLBACK (on_link), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (link_row), link);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), status);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), response);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), link_row);
  gtk_widget_set_sensitive (row, !is_read_only (self));
  return row;
}

/**
 * peil_rumour_register_reload:
 *
 * Reads the register from the incident afresh.
 */
void
peil_rumour_register_reload (PeilRumourRegister *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GPtrArray) rumours = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *add;

  g_return_if_fail (PEIL_IS_RUMOUR_REGISTER (self));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Rumour Register"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Kept across rounds; each report shows it as it stood at the end of its period"));
  if (!(rumours = peil_incident_list_rumours (self->incident, &error)))
    peil_show_error (GTK_WIDGET (self), error);
  for (guint i = 0; rumours != NULL && i < rumours->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), rumour_row (self, g_ptr_array_index (rumours, i)));

  add = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add), _("New rumour: what does it claim?"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add), TRUE);
  gtk_widget_set_sensitive (add, !is_read_only (self));
  g_signal_connect (add, "apply", G_CALLBACK (on_added), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), add);

  adw_bin_set_child (ADW_BIN (self), group);
}

static void
peil_rumour_register_dispose (GObject *object)
{
  PeilRumourRegister *self = (PeilRumourRegister *)object;

  g_clear_object (&self->incident);
  G_OBJECT_CLASS (peil_rumour_register_parent_class)->dispose (object);
}

static void
peil_rumour_register_class_init (PeilRumourRegisterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = peil_rumour_register_dispose;
}

static void
peil_rumour_register_init (PeilRumourRegister *self)
{
}

/**
 * peil_rumour_register_new:
 * @selected_posts: gives the posts selected in the post list, to link
 */
GtkWidget *
peil_rumour_register_new (PeilIncident          *incident,
                          PeilSelectedPostsFunc  selected_posts,
                          gpointer               user_data)
{
  PeilRumourRegister *self;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (selected_posts != NULL, NULL);

  self = g_object_new (PEIL_TYPE_RUMOUR_REGISTER, NULL);
  self->incident = g_object_ref (incident);
  self->selected_posts = selected_posts;
  self->selected_posts_data = user_data;
  peil_rumour_register_reload (self);
  return GTK_WIDGET (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-window-private.h"

/*
 * Tag suggestions in the window: one PeilSuggester per open incident,
 * made and trained on a worker when the incident opens, again half a second
 * after the tags last changed, so a burst of keypresses trains once and
 * the model follows a new tag within a second. The post view asks it for
 * the shown post; accepting is peil_window_accept_suggestions(). "Accept
 * Suggestions in This Filter…" lists the filter's untagged posts whose
 * suggestions reach a confidence the analyst chooses, and acts only when
 * they confirm what they see.
 */

/* Long enough to gather a burst of tagging, short enough that the model
 * follows a new tag within a second (training takes tens of ms). */
#define RETRAIN_DELAY_MS 500

static void train (PeilWindow *self);

/* The end of every training, the first (which builds the suggester) too. */
static void
trained (PeilWindow   *self,
         gboolean      done,
         const GError *error)
{
  self->suggest_training = FALSE;
  /* A failure to read (the file busy) leaves the last model, or none yet:
   * suggestions are an aid, not worth a dialog; the next change trains
   * again. */
  if (!done)
    g_debug ("Suggestions not trained: %s", error->message);
  else
    peil_post_view_update_suggestion (self->post_view);
  if (self->suggest_again)
    train (self);
}

static void
on_trained (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *window_ref = user_data;
  g_autoptr(PeilWindow) self = g_weak_ref_get (window_ref);
  g_autoptr(GError) error = NULL;
  gboolean done = peil_suggester_train_finish (PEIL_SUGGESTER (source), result, &error);

  g_weak_ref_clear (window_ref);
  g_free (window_ref);
  /* Closed, or another incident opened meanwhile. */
  if (self == NULL || PEIL_SUGGESTER (source) != self->suggester)
    return;
  trained (self, done, error);
}

static void
on_built (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GWeakRef *window_ref = user_data;
  g_autoptr(PeilWindow) self = g_weak_ref_get (window_ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilSuggester) suggester = peil_suggester_new_for_incident_finish (PEIL_INCIDENT (source), result, &error);

  g_weak_ref_clear (window_ref);
  g_free (window_ref);
  /* Closed, or another incident opened meanwhile (which cancelled it). */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      PEIL_INCIDENT (source) != self->incident)
    return;
  if (suggester != NULL)
    {
      self->suggester = g_steal_pointer (&suggester);
      peil_post_view_set_suggester (self->post_view, self->suggester);
    }
  trained (self, self->suggester != NULL, error);
}

static void
train (PeilWindow *self)
{
  /* Not a reference: training goes on in its thread after a window is
   * closed (the cancel reaches it between steps), and must not keep it. */
  GWeakRef *window_ref = g_new0 (GWeakRef, 1);

  self->suggest_again = FALSE;
  self->suggest_training = TRUE;
  g_weak_ref_init (window_ref, self);
  /* The first time, the suggester is made on the worker too: reading
   * its prior would hold the window up for a good part of a second. */
  if (self->suggester == NULL)
    peil_suggester_new_for_incident_async (self->incident, self->suggest_cancellable, on_built, window_ref);
  else
    peil_suggester_train_async (self->suggester, self->incident, self->suggest_cancellable,
                                on_trained, window_ref);
}

static gboolean
retrain_due (gpointer data)
{
  PeilWindow *self = data;

  self->suggest_timeout = 0;
  if (self->suggest_training)
    self->suggest_again = TRUE;   /* it reads the tags as they were: once more after it */
  else
    train (self);
  return G_SOURCE_REMOVE;
}

/**
 * peil_window_relearn_suggestions:
 *
 * Trains the suggester again shortly: on every tag change and off-topic
 * mark, here or (for a team's incident) by a colleague, and when an
 * account joins the allow-list, which the model knows by name from then on.
 */
void
peil_window_relearn_suggestions (PeilWindow *self)
{
  g_clear_handle_id (&self->suggest_timeout, g_source_remove);
  self->suggest_timeout = g_timeout_add (RETRAIN_DELAY_MS, retrain_due, self);
}

/**
 * peil_window_stop_suggestions:
 *
 * Drops the incident's suggester and any training under way.
 */
void
peil_window_stop_suggestions (PeilWindow *self)
{
  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  g_clear_handle_id (&self->suggest_timeout, g_source_remove);
  g_clear_object (&self->suggester);
  self->suggest_training = self->suggest_again = self->accepting = FALSE;
  if (self->post_view != NULL)
    peil_post_view_set_suggester (self->post_view, NULL);
}

/**
 * peil_window_open_suggestions:
 *
 * A new suggester for the incident just opened, made and trained on a
 * worker; the post view shows its suggestions once it is.
 */
void
peil_window_open_suggestions (PeilWindow *self)
{
  peil_window_stop_suggestions (self);
  self->suggest_cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->incident, "tags-changed", G_CALLBACK (peil_window_relearn_suggestions), self);
  g_signal_connect_swapped (self->incident, "changed-elsewhere", G_CALLBACK (peil_window_relearn_suggestions), self);
  train (self);
}

/* The review before accepting in bulk: the filter's untagged posts with
 * their suggestions, of which those at or above the spin button's
 * percentage are listed and would be accepted. */
typedef struct
{
  PeilWindow       *window;
  GPtrArray        *suggestions;   /* PeilSuggestion in the filter, oldest first */
  AdwMessageDialog *dialog;        /* weak: owns this */
  GtkSpinButton    *percent;
  GtkListBox       *list;
  guint             n_accepted;
} Review;

/* Rows shown at most: enough to judge by, not a million widgets. */
#define REVIEW_ROWS 200
#define DEFAULT_PERCENT 80

static void
review_free (Review *review)
{
  g_object_unref (review->window);
  g_ptr_array_unref (review->suggestions);
  g_free (review);
}

static GtkWidget *
review_row_new (PeilWindow     *self,
                PeilSuggestion *suggestion,
                double          minimum)
{
  g_autoptr(PeilPost) post = peil_incident_get_post (self->incident, suggestion->post_id, NULL);
  g_autofree char *tags = peil_format_suggested_tags (peil_incident_get_taxonomy (self->incident),
                                                      suggestion->tags, minimum);
  g_autofree char *text = post ? peil_app_dup_text (post, peil_window_get_names (self)) : NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Text, not markup: a post's text is the author's. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text ? text : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), tags);
  return row;
}

static void
review_update (Review *review)
{
  double minimum = gtk_spin_button_get_value (review->percent) / 100.0;
  GtkWidget *child;
  guint shown = 0;
  g_autofree char *body = NULL;
  g_autofree char *accept = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (review->list))) != NULL)
    gtk_list_box_remove (review->list, child);
  review->n_accepted = 0;
  for (guint i = 0; i < review->suggestions->len; i++)
    {
      PeilSuggestion *suggestion = g_ptr_array_index (review->suggestions, i);
      g_auto(GStrv) codes = peil_suggestion_dup_codes (suggestion, minimum);

      if (codes == NULL)
        continue;
      review->n_accepted++;
      if (shown++ < REVIEW_ROWS)
        gtk_list_box_append (review->list, review_row_new (review->window, suggestion, minimum));
    }
  if (review->n_accepted > REVIEW_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more post",
                                                            "and %u more posts", review->n_accepted - REVIEW_ROWS),
                                               review->n_accepted - REVIEW_ROWS);
      GtkWidget *label = gtk_label_new (more);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (review->list, label);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (review->list))),
                          review->n_accepted > 0);

  body = review->n_accepted > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "%u untagged post in this filter has suggestions from this confidence up. "
                                    "Accepting gives it these tags, logged as suggested; Ctrl+Z takes them off again.",
                                    "%u untagged posts in this filter have suggestions from this confidence up. "
                                    "Accepting gives each these tags, logged as suggested; Ctrl+Z takes them off again.",
                                    review->n_accepted), review->n_accepted)
    : g_strdup (_("No untagged post in this filter has a suggestion from this confidence up."));
  adw_message_dialog_set_body (review->dialog, body);
  accept = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Accept for %u Post", "_Accept for %u Posts",
                                         review->n_accepted), review->n_accepted);
  adw_message_dialog_set_response_label (review->dialog, "accept", accept);
  adw_message_dialog_set_response_enabled (review->dialog, "accept", review->n_accepted > 0);
}

static void
on_accepted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GPtrArray) accepted = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean done = peil_suggester_accept_all_finish (PEIL_INCIDENT (source), result, &accepted, &error);
  AdwToast *toast;

  /* Closed, or another incident opened meanwhile (which cancelled it). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || PEIL_INCIDENT (source) != self->incident)
    return;
  self->accepting = FALSE;
  /* What was accepted before a failure is shown and undone with the rest;
   * the error, not a toast of success, is what stays to be read. */
  steps = peil_window_show_accepted (self, accepted);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Suggestions accepted on %u post",
                                          "Suggestions accepted on %u posts", steps->len), steps->len);
  peil_window_push_undo (self, g_steal_pointer (&steps));
  if (!done)
    {
      peil_window_show_error (self, error);
      return;
    }
  toast = peil_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  peil_toast_overlay_show (self->toast_overlay, toast);
}

/* Accepted on a worker: thousands of posts are thousands of transactions. */
static void
on_review_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Review           *review)
{
  PeilWindow *self = review->window;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "accept") || self->incident == NULL || review->n_accepted == 0)
    return;
  self->accepting = TRUE;
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accepting suggestions on %u post…",
                                          "Accepting suggestions on %u posts…", review->n_accepted),
                             review->n_accepted);
  peil_window_toast (self, message);
  peil_suggester_accept_all_async (self->incident, review->suggestions,
                                   gtk_spin_button_get_value (review->percent) / 100.0,
                                   self->suggest_cancellable, on_accepted, g_object_ref (self));
}

static void
show_review (PeilWindow *self,
             GPtrArray  *untagged)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->posts));
  g_autoptr(GHashTable) in_filter = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  Review *review = g_new0 (Review, 1);
  GtkWidget *dialog, *box, *line, *label, *scrolled, *list;

  /* The rows the list shows now; a folded story stands for its row. */
  for (guint i = 0; i < n; i++)
    {
      gint64 id = peil_post_list_get_post_id (self->posts, i);

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (in_filter, &g_array_index (ids, gint64, i));
  review->window = g_object_ref (self);
  review->suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_suggestion_free);
  for (guint i = 0; i < untagged->len; i++)
    if (g_hash_table_contains (in_filter, &((PeilSuggestion *)g_ptr_array_index (untagged, i))->post_id))
      g_ptr_array_add (review->suggestions, g_steal_pointer (&untagged->pdata[i]));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Accept Suggestions in This Filter"), NULL);
  review->dialog = ADW_MESSAGE_DIALOG (dialog);
  adw_message_dialog_add_responses (review->dialog, "cancel", _("_Cancel"), "accept", _("_Accept"), NULL);
  adw_message_dialog_set_response_appearance (review->dialog, "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (review->dialog, "cancel");
  adw_message_dialog_set_close_response (review->dialog, "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  /* TRANSLATORS: before a percentage: accept the suggestions at least this confident */
  label = gtk_label_new_with_mnemonic (_("_Confidence at least (%)"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  review->percent = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (PEIL_SUGGESTER_THRESHOLD * 100, 100, 5));
  gtk_spin_button_set_value (review->percent, DEFAULT_PERCENT);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (review->percent));
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (review->percent));
  gtk_box_append (GTK_BOX (box), line);

  list = gtk_list_box_new ();
  review->list = GTK_LIST_BOX (list);
  gtk_list_box_set_selection_mode (review->list, GTK_SELECTION_NONE);
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_widget_add_css_class (list, "boxed-list");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_message_dialog_set_extra_child (review->dialog, box);

  g_object_set_data_full (G_OBJECT (dialog), "review", review, (GDestroyNotify)review_free);
  g_signal_connect_swapped (review->percent, "value-changed", G_CALLBACK (review_update), review);
  g_signal_connect (dialog, "response", G_CALLBACK (on_review_response), review);
  review_update (review);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_untagged_suggested (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PeilWindow) self = user_data;
  g_autoptr(GPtrArray) untagged = NULL;
  g_autoptr(GError) error = NULL;

  untagged = peil_suggester_suggest_untagged_finish (PEIL_SUGGESTER (source), result, &error);
  if (PEIL_SUGGESTER (source) != self->suggester || self->posts == NULL)
    return;   /* closed, or another incident opened meanwhile */
  if (untagged == NULL)
    peil_window_show_error (self, error);
  else
    show_review (self, untagged);
}

static void
accept_in_filter_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PeilWindow *self = PEIL_WINDOW (widget);

  if (self->incident == NULL || self->posts == NULL)
    return;
  if (self->suggester == NULL)
    {
      peil_window_toast (self, _("No suggestions yet: they are still being learned from this incident’s tags"));
      return;
    }
  if (self->accepting)
    {
      peil_window_toast (self, _("Still accepting the suggestions chosen before"));
      return;
    }
  /* Scored on a worker: a filter may hold a million posts. */
  peil_suggester_suggest_untagged_async (self->suggester, self->incident, self->suggest_cancellable,
                                         on_untagged_suggested, g_object_ref (self));
}

void
peil_window_class_init_suggest (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.accept-suggestions-in-filter", NULL, accept_in_filter_action);
}

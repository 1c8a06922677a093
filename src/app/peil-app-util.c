/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"

/**
 * peil_toast_new:
 * @text: what to say, shown as it is
 *
 * AdwToast's title is Pango markup in libadwaita 1.2 (use-markup came in
 * 1.4): a file name, a server's error or a user's words with "<" or "&"
 * would be mangled or refused. Every toast goes through here.
 *
 * Returns: (transfer full): the toast
 */
AdwToast *
peil_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

/**
 * peil_toast_overlay_show:
 * @toast: (transfer full): the toast
 *
 * Shows @toast in @overlay at once. libadwaita 1.2 queues a toast behind
 * the one shown, so that an error waiting to be read held back every
 * message after it; now the newest comes first and the one it covered
 * returns after it. (Dismissing the shown toast instead crashes
 * libadwaita 1.2 when it happens while the toast is still appearing.)
 *
 * A toast that says the same as the one showing is dropped: a key pressed
 * twenty times must not queue twenty messages to read one after another.
 *
 * Returns: %FALSE if @toast was dropped as the same as the one showing
 */
static void
on_toast_dismissed (AdwToast        *toast,
                    AdwToastOverlay *overlay)
{
  if (g_object_get_data (G_OBJECT (overlay), "peil-showing-toast") == toast)
    g_object_set_data (G_OBJECT (overlay), "peil-showing-toast", NULL);
}

gboolean
peil_toast_overlay_show (AdwToastOverlay *overlay,
                         AdwToast        *toast)
{
  AdwToast *showing;

  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), FALSE);
  g_return_val_if_fail (ADW_IS_TOAST (toast), FALSE);

  showing = g_object_get_data (G_OBJECT (overlay), "peil-showing-toast");
  if (showing != NULL &&
      g_strcmp0 (adw_toast_get_title (showing), adw_toast_get_title (toast)) == 0 &&
      g_strcmp0 (adw_toast_get_button_label (showing), adw_toast_get_button_label (toast)) == 0)
    {
      g_object_unref (toast);
      return FALSE;
    }

  if (showing != NULL)
    g_signal_handlers_disconnect_by_data (showing, overlay);
  g_object_set_data (G_OBJECT (overlay), "peil-showing-toast", toast);
  /* A dismissed toast (by time, by its button or by the user) shows no
   * more; the toast is alive until its "dismissed" handlers have run. */
  g_signal_connect (toast, "dismissed", G_CALLBACK (on_toast_dismissed), overlay);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (overlay, toast);
  return TRUE;
}

/**
 * peil_show_toast:
 *
 * Shows @message in the toast overlay that holds @widget.
 */
void
peil_show_toast (GtkWidget  *widget,
                 const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    peil_toast_overlay_show (ADW_TOAST_OVERLAY (overlay), peil_toast_new (message));
  else
    g_message ("%s", message);
}

void
peil_show_error (GtkWidget    *widget,
                 const GError *error)
{
  peil_show_toast (widget, error->message);
}

/**
 * peil_format_local_time:
 *
 * Returns: (transfer full): @unix_time in local time, "2026-11-25 14:05"
 */
char *
peil_format_local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (unix_time);
  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

/**
 * peil_app_name_incident_files:
 *
 * Puts Peil's own MIME database (in PEIL_DATA_DIR, or the installed one)
 * first among those GIO reads. GTK's file chooser then knows an incident's files
 * by their names (the incident, and SQLite's -wal and -shm beside it)
 * instead of opening them to guess their type, which in this process
 * would drop SQLite's locks on an open incident: another process could
 * then delete the write-ahead log the window still writes to. Call before
 * anything asks GIO for a content type.
 */
void
peil_app_name_incident_files (void)
{
  const char * const *current = g_content_type_get_mime_dirs ();
  const char *data_dir = g_getenv ("PEIL_DATA_DIR");
  g_autofree char *own = g_build_filename (data_dir ? data_dir : PEIL_DATADIR, "mime", NULL);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_null_terminated (8, g_free, TRUE);

  if (current[0] != NULL && g_str_equal (current[0], own))
    return;
  /* Copies: setting the list frees the current one. */
  g_ptr_array_add (dirs, g_steal_pointer (&own));
  for (guint i = 0; current[i] != NULL; i++)
    g_ptr_array_add (dirs, g_strdup (current[i]));
  g_content_type_set_mime_dirs ((const char * const *)dirs->pdata);
}

/**
 * peil_entry_row_set_error:
 * @message: (nullable): what is wrong with the row's text; %NULL when
 *   nothing is
 *
 * Says at the field itself what is wrong with what was typed, in the
 * error style, rather than in a toast that covers the form.
 */
void
peil_entry_row_set_error (AdwEntryRow *row,
                          const char  *message)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "peil-error");

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  if (message == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      if (label != NULL)
        gtk_widget_set_visible (label, FALSE);
      return;
    }
  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (label, "caption");
      adw_entry_row_add_suffix (row, label);
      g_object_set_data (G_OBJECT (row), "peil-error", label);
    }
  gtk_label_set_text (GTK_LABEL (label), message);
  gtk_widget_set_visible (label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

/**
 * peil_entry_row_get_error:
 *
 * Returns: (nullable): what the row says is wrong, or %NULL
 */
const char *
peil_entry_row_get_error (AdwEntryRow *row)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "peil-error");

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), NULL);
  return label != NULL && gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* For a row's ::changed: typing again takes the complaint away. */
void
peil_entry_row_clear_error (AdwEntryRow *row)
{
  peil_entry_row_set_error (row, NULL);
}

/**
 * peil_confirm_new:
 * @confirm: the response that goes ahead; @confirm_label its button
 * @appearance: how that button looks; a destructive one is not the
 *   default, so that Enter does not destroy
 *
 * Returns: (transfer floating): a question with Cancel and @confirm, for
 *   the caller to connect ::response to and present
 */
GtkWidget *
peil_confirm_new (GtkWindow             *parent,
                  const char            *heading,
                  const char            *body,
                  const char            *confirm,
                  const char            *confirm_label,
                  AdwResponseAppearance  appearance)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), confirm, confirm_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), confirm, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           appearance == ADW_RESPONSE_DESTRUCTIVE ? "cancel" : confirm);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* A run of characters without a space longer than this can only be
 * broken inside a word. */
#define LONG_WORD 200

/**
 * peil_app_dup_author:
 * @names: (nullable): the window's pseudonyms; %NULL when it shows real
 *   names
 *
 * Returns: (transfer full) (nullable): who wrote @post, as the window
 *   shows it; %NULL when the post names no author
 */
char *
peil_app_dup_author (PeilPost          *post,
                     PeilPseudonymizer *names)
{
  if (names != NULL)
    return peil_pseudonymizer_dup_author (names, post);
  return g_strdup (peil_post_get_author_name (post) ? peil_post_get_author_name (post)
                                                     : peil_post_get_author_handle (post));
}

/**
 * peil_app_dup_text:
 * @names: (nullable): the window's pseudonyms; %NULL when it shows real
 *   names
 *
 * Returns: (transfer full): the text of @post, as the window shows it
 */
char *
peil_app_dup_text (PeilPost          *post,
                   PeilPseudonymizer *names)
{
  return names ? peil_pseudonymizer_dup_text (names, peil_post_get_text (post)) : g_strdup (peil_post_get_text (post));
}

/**
 * peil_set_post_text:
 * @label: a wrapping label
 * @text: a post's text, up to 100,000 characters
 * @max_chars: how much of it to show; the rest is said to be left out
 *
 * Shows @text, or its first @max_chars characters, in @label. Pango lays
 * out a word longer than a line in quadratic time when it wraps at words
 * and breaks only words too long (word-char): one 10,000-character word
 * froze the window for seconds. Text with such a word wraps at any
 * character instead, and a long post is shown in part.
 *
 * Returns: how many characters were left out
 */
glong
peil_set_post_text (GtkLabel   *label,
                    const char *text,
                    glong       max_chars)
{
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *shown = length > max_chars ? g_utf8_substring (text, 0, max_chars) : NULL;
  const char *words = shown ? shown : text;
  gboolean long_word = FALSE;
  glong run = 0;

  for (const char *p = words; *p && !long_word; p = g_utf8_next_char (p))
    {
      run = g_unichar_isspace (g_utf8_get_char (p)) ? 0 : run + 1;
      long_word = run > LONG_WORD;
    }
  gtk_label_set_wrap_mode (label, long_word ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  if (shown != NULL)
    {
      g_autofree char *cut = g_strconcat (shown, "…", NULL);
      gtk_label_set_text (label, cut);
      return length - max_chars;
    }
  gtk_label_set_text (label, text);
  return 0;
}

/**
 * peil_format_suggested_tags:
 * @tags: (element-type PeilSuggestedTag): suggested tags
 * @minimum: the confidence from which a tag is named
 *
 * Percentages are rounded down, so that one shown as 79% is never
 * accepted "from 80%".
 * Returns: (transfer full): "Daily-life disruption 83% · Spontaneous
 *   volunteering 61%", empty when none reaches @minimum
 */
char *
peil_format_suggested_tags (PeilTaxonomy *taxonomy,
                            GPtrArray    *tags,
                            double        minimum)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < tags->len; i++)
    {
      PeilSuggestedTag *suggested = g_ptr_array_index (tags, i);
      PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, suggested->code);
      g_autofree char *item = NULL;

      if (suggested->confidence < minimum)
        continue;
      /* TRANSLATORS: a suggested tag and its confidence, "Daily-life disruption 83%" */
      item = g_strdup_printf (_("%s %d%%"), tag ? peil_tag_get_label (tag) : suggested->code,
                              (int)(suggested->confidence * 100));
      g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", item);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

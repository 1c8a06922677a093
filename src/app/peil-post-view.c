/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-post-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "peil-post-view.h"
#include "peil-tag-keys.h"

/* The selected post in full, with a button for every visible tag of each
 * dimension; a button shows the key that toggles it. Toggling a button
 * emits ::tag-toggled; the window stores the change. */
struct _PeilPostView
{
  GtkWidget      parent_instance;

  PeilTaxonomy  *taxonomy;
  PeilPost      *post;
  GHashTable    *buttons;      /* tag code → GtkToggleButton */
  gboolean       updating;
  gboolean       pseudonymize;

  GtkStack      *stack;
  GtkLabel      *author;
  GtkLabel      *meta;
  GtkLabel      *text;
  GtkLinkButton *link;
  GtkBox        *notes;
  GtkEntry      *note_entry;
  GtkBox        *dimensions;
};

enum {
  TAG_TOGGLED,
  ADD_NOTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeilPostView, peil_post_view, GTK_TYPE_WIDGET)

static void
peil_post_view_dispose (GObject *object)
{
  PeilPostView *self = (PeilPostView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PEIL_TYPE_POST_VIEW);
  g_clear_object (&self->taxonomy);
  g_clear_object (&self->post);
  g_clear_pointer (&self->buttons, g_hash_table_unref);

  G_OBJECT_CLASS (peil_post_view_parent_class)->dispose (object);
}

static void
on_note_activate (PeilPostView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (self->post != NULL && *text != '\0')
    g_signal_emit (self, signals[ADD_NOTE], 0, text);
}

static void
peil_post_view_class_init (PeilPostViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_post_view_dispose;

  /**
   * PeilPostView::tag-toggled:
   * @code: the tag whose button the user toggled
   */
  signals[TAG_TOGGLED] =
    g_signal_new ("tag-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * PeilPostView::add-note:
   * @text: what the analyst wrote
   *
   * The analyst wants a note on the post; whoever stores it calls
   * peil_post_view_set_notes() afterwards.
   */
  signals[ADD_NOTE] =
    g_signal_new ("add-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-post-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, notes);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, note_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_note_activate);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, stack);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, author);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, meta);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, text);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, link);
  gtk_widget_class_bind_template_child (widget_class, PeilPostView, dimensions);
}

static void
peil_post_view_init (PeilPostView *self)
{
  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
on_button_toggled (GtkToggleButton *button,
                   PeilPostView    *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[TAG_TOGGLED], 0, g_object_get_data (G_OBJECT (button), "tag-code"));
}

static GtkWidget *
new_tag_button (PeilPostView *self,
                PeilTag      *tag)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *tooltip = NULL;
  GtkWidget *label;
  char key = peil_tag_keys_key_for (self->taxonomy, tag);

  label = gtk_label_new (peil_tag_get_label (tag));
  /* Several buttons to a line; the tooltip has the whole name. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (key != 0)
    {
      char text[2] = { key, 0 };
      GtkWidget *keycap = gtk_label_new (text);

      gtk_widget_add_css_class (keycap, "keycap");
      gtk_box_append (GTK_BOX (box), keycap);
    }
  gtk_button_set_child (GTK_BUTTON (button), box);
  tooltip = g_strdup_printf ("%s\n%s", peil_tag_get_label (tag),
                             peil_tag_get_definition (tag) ? peil_tag_get_definition (tag) : "");
  gtk_widget_set_tooltip_text (button, g_strstrip (tooltip));
  gtk_widget_add_css_class (button, "tag-button");
  gtk_widget_set_focus_on_click (button, FALSE);
  g_object_set_data_full (G_OBJECT (button), "tag-code", g_strdup (peil_tag_get_code (tag)), g_free);
  g_signal_connect (button, "toggled", G_CALLBACK (on_button_toggled), self);
  g_hash_table_insert (self->buttons, g_strdup (peil_tag_get_code (tag)), button);
  return button;
}

void
peil_post_view_set_taxonomy (PeilPostView *self,
                             PeilTaxonomy *taxonomy)
{
  GPtrArray *dimensions;
  GtkWidget *child;

  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  g_set_object (&self->taxonomy, taxonomy);
  g_hash_table_remove_all (self->buttons);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dimensions))) != NULL)
    gtk_box_remove (self->dimensions, child);
  if (taxonomy == NULL)
    return;

  dimensions = peil_taxonomy_get_dimensions (taxonomy);
  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);
      GtkWidget *heading = gtk_label_new (peil_dimension_get_label (dimension));
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_tooltip_text (heading, peil_dimension_get_description_for (dimension, peil_ui_language ()));
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_widget_set_focusable (flow, FALSE);

      for (guint j = 0; j < tags->len; j++)
        if (!peil_tag_get_hidden (g_ptr_array_index (tags, j)))
          gtk_flow_box_append (GTK_FLOW_BOX (flow), new_tag_button (self, g_ptr_array_index (tags, j)));

      gtk_box_append (self->dimensions, heading);
      gtk_box_append (self->dimensions, flow);
    }
}

static char *
describe (PeilPost *post,
          gboolean  pseudonymize)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *source = peil_post_source_label (peil_post_get_source (post), peil_post_get_channel (post),
                                                    peil_ui_language ());

  if (!pseudonymize && peil_post_get_author_handle (post) && peil_post_get_author_name (post))
    g_string_append_printf (meta, "%s · ", peil_post_get_author_handle (post));
  g_string_append (meta, source);
  /* A feed's or server's host; a manual post's channel is its label. */
  if (peil_post_get_channel (post) && !g_str_equal (peil_post_get_source (post), "manual"))
    g_string_append_printf (meta, " (%s)", peil_post_get_channel (post));
  if (peil_post_get_created_at (post) != 0)
    {
      /* TRANSLATORS: a post's full time in its detail pane; see strftime */
      g_autofree char *when = peil_format_time (peil_post_get_created_at (post), C_("post time", "%A %e %B %Y, %H:%M"));

      g_string_append_printf (meta, " · %s", when);
    }
  return g_string_free (g_steal_pointer (&meta), FALSE);
}

void
peil_post_view_set_post (PeilPostView *self,
                         PeilPost     *post)
{
  GHashTableIter iter;
  gpointer button;
  g_autofree char *meta = NULL;
  g_autofree char *pseudonym = NULL;
  const char *author;

  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  /* A note half typed about one post is not left for the next. */
  if (post == NULL || self->post == NULL || peil_post_get_id (post) != peil_post_get_id (self->post))
    gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  g_set_object (&self->post, post);
  gtk_stack_set_visible_child_name (self->stack, post ? "post" : "empty");
  if (post == NULL)
    return;

  author = peil_post_get_author_name (post) ? peil_post_get_author_name (post) : peil_post_get_author_handle (post);
  if (self->pseudonymize && author != NULL)
    author = pseudonym = peil_post_dup_pseudonym (post);
  gtk_label_set_text (self->author, author ? author : _("Unknown author"));
  meta = describe (post, self->pseudonymize);
  gtk_label_set_text (self->meta, meta);
  gtk_label_set_text (self->text, peil_post_get_text (post));
  gtk_widget_set_visible (GTK_WIDGET (self->link), peil_post_get_url (post) != NULL);
  if (peil_post_get_url (post) != NULL)
    {
      gtk_link_button_set_uri (self->link, peil_post_get_url (post));
      gtk_button_set_label (GTK_BUTTON (self->link), peil_post_get_url (post));
    }

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->buttons);
  while (g_hash_table_iter_next (&iter, NULL, &button))
    gtk_toggle_button_set_active (button, FALSE);
  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    if ((button = g_hash_table_lookup (self->buttons, peil_post_get_tag (post, i)->code)) != NULL)
      gtk_toggle_button_set_active (button, TRUE);
  self->updating = FALSE;
}

PeilPost *
peil_post_view_get_post (PeilPostView *self)
{
  g_return_val_if_fail (PEIL_IS_POST_VIEW (self), NULL);
  return self->post;
}

void
peil_post_view_set_pseudonymize (PeilPostView *self,
                                 gboolean      pseudonymize)
{
  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  self->pseudonymize = !!pseudonymize;
  if (self->post != NULL)
    {
      g_autoptr(PeilPost) post = g_object_ref (self->post);
      peil_post_view_set_post (self, post);
    }
}

/**
 * peil_post_view_set_notes:
 * @notes: (element-type PeilNote): the shown post's notes, oldest first
 *
 * Shows the notes; a note being typed stays.
 */
void
peil_post_view_set_notes (PeilPostView *self,
                          GPtrArray    *notes)
{
  GtkWidget *child;

  g_return_if_fail (PEIL_IS_POST_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes))) != NULL)
    gtk_box_remove (self->notes, child);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      PeilNote *note = g_ptr_array_index (notes, i);
      g_autofree char *when = peil_format_time (note->created_at, C_("post time", "%e %b %H:%M"));
      g_autofree char *byline = g_strdup_printf ("%s · %s", note->analyst ? note->analyst : "", when);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *text = gtk_label_new (note->text);
      GtkWidget *meta = gtk_label_new (byline);

      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (meta), 0);
      gtk_widget_add_css_class (meta, "dim-label");
      gtk_widget_add_css_class (meta, "caption");
      gtk_box_append (GTK_BOX (box), text);
      gtk_box_append (GTK_BOX (box), meta);
      gtk_widget_add_css_class (box, "card");
      gtk_widget_add_css_class (box, "note");
      gtk_box_append (self->notes, box);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notes), notes != NULL && notes->len > 0);
}

/**
 * peil_post_view_clear_note_entry:
 *
 * Empties the entry for the next note, once the last one is stored.
 */
void
peil_post_view_clear_note_entry (PeilPostView *self)
{
  g_return_if_fail (PEIL_IS_POST_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-post-row"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-post-row.h"

/* One post in the list: author, source, time, the text (never parsed as
 * markup) and its tags as chips. */
struct _PeilPostRow
{
  GtkWidget  parent_instance;

  GtkLabel  *author;
  GtkLabel  *source;
  GtkLabel  *time;
  GtkLabel  *text;
  GtkBox    *tags;

  PeilPost     *post;
  PeilTaxonomy *taxonomy;
  gulong        tags_handler;
};

G_DEFINE_FINAL_TYPE (PeilPostRow, peil_post_row, GTK_TYPE_WIDGET)

static void
peil_post_row_dispose (GObject *object)
{
  GtkWidget *child;

  peil_post_row_set_post (PEIL_POST_ROW (object), NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), PEIL_TYPE_POST_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (peil_post_row_parent_class)->dispose (object);
}

static void
peil_post_row_class_init (PeilPostRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_post_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-post-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, author);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, source);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, time);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, text);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, tags);
}

static void
peil_post_row_init (PeilPostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
peil_post_row_new (void)
{
  return g_object_new (PEIL_TYPE_POST_ROW, NULL);
}

static void
show_tags (PeilPostRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags))) != NULL)
    gtk_box_remove (self->tags, child);
  for (guint i = 0; i < peil_post_get_n_tags (self->post); i++)
    {
      const char *code = peil_post_get_tag (self->post, i)->code;
      PeilTag *tag = self->taxonomy ? peil_taxonomy_lookup_tag (self->taxonomy, code) : NULL;
      g_autofree char *dimension_class = g_ascii_strdown (tag ? peil_tag_get_dimension_code (tag) : "other", -1);
      GtkWidget *chip = gtk_label_new (tag ? peil_tag_get_label (tag) : code);

      gtk_widget_add_css_class (chip, "tag-chip");
      gtk_widget_add_css_class (chip, "caption");
      gtk_widget_add_css_class (chip, dimension_class);
      gtk_widget_set_tooltip_text (chip, code);
      gtk_box_append (self->tags, chip);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags), peil_post_get_n_tags (self->post) > 0);
}

/**
 * peil_post_row_set_post:
 * @post: (nullable): the post to show; %NULL when the row is unbound
 *
 * The row follows the post's tags until another post is set.
 */
void
peil_post_row_set_post (PeilPostRow  *self,
                        PeilPost     *post,
                        PeilTaxonomy *taxonomy)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *text = NULL;
  const char *author;

  g_return_if_fail (PEIL_IS_POST_ROW (self));

  if (self->post != NULL)
    g_clear_signal_handler (&self->tags_handler, self->post);
  g_set_object (&self->post, post);
  g_set_object (&self->taxonomy, taxonomy);
  if (post == NULL)
    return;
  self->tags_handler = g_signal_connect_swapped (post, "notify::n-tags", G_CALLBACK (show_tags), self);

  author = peil_post_get_author_name (post);
  if (author == NULL)
    author = peil_post_get_author_handle (post);
  gtk_label_set_text (self->author, author ? author : _("Unknown author"));
  if (author == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->author), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->author), "dim-label");
  gtk_label_set_text (self->source, peil_post_get_channel (post) && g_str_equal (peil_post_get_source (post), "manual")
                                    ? peil_post_get_channel (post) : peil_post_get_source (post));

  if (peil_post_get_created_at (post) != 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (peil_post_get_created_at (post));
      time = g_date_time_to_local (utc);
      /* TRANSLATORS: a post's time in the list; see strftime */
      time_text = g_date_time_format (time, C_("post time", "%e %b %H:%M"));
    }
  gtk_label_set_text (self->time, time_text ? g_strstrip (time_text) : "");

  /* One paragraph in the list; the detail pane shows the lines as written. */
  text = g_strdelimit (g_strdup (peil_post_get_text (post)), "\n\r\t", ' ');
  gtk_label_set_text (self->text, text);

  show_tags (self);
}

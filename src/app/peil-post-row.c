/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-post-row"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
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
  GtkLabel  *tags;
  GtkLabel  *story;
  GtkWidget *note_marker;
  GtkWidget *attention_box;
  GtkLabel  *reasons;
  GtkWidget *register_button;

  PeilPost     *post;
  PeilTaxonomy *taxonomy;
  gulong        tags_handler;
  PeilPseudonymizer *pseudonymizer;
};

enum {
  PROP_0,
  PROP_PSEUDONYMIZER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* More than three lines of the list's width hold. */
#define ROW_CHARS 600

G_DEFINE_FINAL_TYPE (PeilPostRow, peil_post_row, GTK_TYPE_WIDGET)

static void show_author (PeilPostRow *self);
static void show_text (PeilPostRow *self);

static void
peil_post_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PSEUDONYMIZER:
      g_value_set_object (value, PEIL_POST_ROW (object)->pseudonymizer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peil_post_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PeilPostRow *self = PEIL_POST_ROW (object);

  switch (prop_id)
    {
    case PROP_PSEUDONYMIZER:
      if (g_set_object (&self->pseudonymizer, g_value_get_object (value)))
        {
          show_author (self);
          show_text (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peil_post_row_dispose (GObject *object)
{
  GtkWidget *child;

  peil_post_row_set_post (PEIL_POST_ROW (object), NULL, NULL);
  g_clear_object (&PEIL_POST_ROW (object)->pseudonymizer);
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
  G_OBJECT_CLASS (klass)->get_property = peil_post_row_get_property;
  G_OBJECT_CLASS (klass)->set_property = peil_post_row_set_property;

  /**
   * PeilPostRow:pseudonymizer:
   *
   * Shows pseudonyms in place of the author and of whom the text names;
   * %NULL shows real names.
   */
  properties[PROP_PSEUDONYMIZER] =
    g_param_spec_object ("pseudonymizer", NULL, NULL, PEIL_TYPE_PSEUDONYMIZER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-post-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, author);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, source);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, story);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, time);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, text);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, tags);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, note_marker);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, attention_box);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, reasons);
  gtk_widget_class_bind_template_child (widget_class, PeilPostRow, register_button);
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

/* Each dimension's chips in its colour, as in the detail pane and the
 * filters: information need blue, sense-making purple, behaviour green,
 * rumour orange. */
static const char *
chip_colour (const char *dimension)
{
  static const struct { const char *dimension; const char *colour; } colours[] = {
    { "IB", "#3584e4" }, { "BG", "#9141ac" }, { "SB", "#2ec27e" }, { "RUMOUR", "#ff7800" },
  };

  for (guint i = 0; dimension != NULL && i < G_N_ELEMENTS (colours); i++)
    if (g_str_equal (colours[i].dimension, dimension))
      return colours[i].colour;
  return "#77767b";
}

static void
append_chip (PeilPostRow *self,
             GString     *markup,
             const char  *code)
{
  PeilTag *tag = self->taxonomy ? peil_taxonomy_lookup_tag (self->taxonomy, code) : NULL;
  g_autofree char *label = g_markup_escape_text (tag ? peil_tag_get_label (tag) : code, -1);
  g_auto(GStrv) words = g_strsplit (label, " ", -1);
  g_autofree char *unbroken = g_strjoinv ("\u00a0", words);

  g_string_append_printf (markup, "%s<span background=\"%s\" bgalpha=\"22%%\">\u2002%s\u2002</span>",
                          markup->len > 0 ? "  " : "", chip_colour (tag ? peil_tag_get_dimension_code (tag) : NULL),
                          unbroken);
}

/* The tags as chips in one wrapping label: whole names, on as many lines
 * as the pane needs (a label, unlike a box of widgets, gives a list row
 * its height for its width). A name is never split between lines. */
static void
show_tags (PeilPostRow *self)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  gboolean off_topic = peil_post_get_off_topic (self->post);

  /* A post marked off-topic stays readable but greyed, with the mark
   * first: it counts nowhere (it is in the list only when asked for, or
   * until the list is filtered again after marking it). */
  if (off_topic)
    {
      g_autofree char *label = g_markup_escape_text (_("Off-topic"), -1);
      g_string_append_printf (markup, "<span background=\"%s\" bgalpha=\"22%%\">\u2002%s\u2002</span>",
                              chip_colour (NULL), label);
      gtk_widget_add_css_class (GTK_WIDGET (self), "off-topic");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "off-topic");

  for (guint i = 0; i < peil_post_get_n_tags (self->post); i++)
    {
      const char *code = peil_post_get_tag (self->post, i)->code;

      /* Two analysts' same tag comes in a row, and shows once. */
      if (i == 0 || !g_str_equal (code, peil_post_get_tag (self->post, i - 1)->code))
        append_chip (self, markup, code);
    }
  /* Room between lines of chips, so that their colours do not touch. */
  g_string_prepend (markup, "<span line_height=\"1.45\">");
  g_string_append (markup, "</span>");
  gtk_label_set_markup (self->tags, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (self->tags), peil_post_get_n_tags (self->post) > 0 || off_topic);
}

/* One paragraph in the list, of which three lines show; the detail pane
 * shows the lines as written. */
static void
show_text (PeilPostRow *self)
{
  g_autofree char *text = NULL;

  if (self->post == NULL)
    return;
  text = peil_app_dup_text (self->post, self->pseudonymizer);
  peil_set_post_text (self->text, g_strdelimit (text, "\n\r\t", ' '), ROW_CHARS);
}

static void
show_author (PeilPostRow *self)
{
  g_autofree char *author = NULL;

  if (self->post == NULL)
    return;

  author = peil_app_dup_author (self->post, self->pseudonymizer);
  gtk_label_set_text (self->author, author ? author : _("Unknown author"));
  if (author == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->author), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->author), "dim-label");
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
  g_autofree char *time_text = NULL;
  g_autofree char *source = NULL;

  g_return_if_fail (PEIL_IS_POST_ROW (self));

  if (self->post != NULL)
    g_clear_signal_handler (&self->tags_handler, self->post);
  g_set_object (&self->post, post);
  g_set_object (&self->taxonomy, taxonomy);
  if (post == NULL)
    return;
  self->tags_handler = g_signal_connect_swapped (post, "notify::n-tags", G_CALLBACK (show_tags), self);

  show_author (self);
  source = peil_post_source_label (peil_post_get_source (post), peil_post_get_channel (post), peil_ui_language ());
  gtk_label_set_text (self->source, source);

  /* TRANSLATORS: a post's time in the list; see strftime */
  time_text = peil_format_time (peil_post_get_created_at (post), C_("post time", "%e %b %H:%M"));
  gtk_label_set_text (self->time, time_text);
  /* A time that is the import's, not the post's own, looks it. */
  if (peil_post_get_time_from_import (post))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->time), "import-time");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->time), _("Time of import: the post had no time of its own"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->time), "import-time");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->time), NULL);
    }

  show_text (self);

  /* A folded story: how many posts the row stands for, and how fast it grows. */
  if (peil_post_get_folded (post) > 1)
    {
      /* TRANSLATORS: a story folded into one row: its posts, and how many
       * came in the last ten minutes, "142× · +38 in 10 min" */
      g_autofree char *story = g_strdup_printf (_("%u× · +%u in 10 min"), peil_post_get_folded (post),
                                                peil_post_get_folded_growth (post));

      gtk_label_set_text (self->story, story);
      gtk_widget_set_visible (GTK_WIDGET (self->story), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->story), FALSE);

  show_tags (self);
}

/**
 * peil_post_row_get_post:
 *
 * Returns: (transfer none) (nullable): the post the row shows
 */
PeilPost *
peil_post_row_get_post (PeilPostRow *self)
{
  g_return_val_if_fail (PEIL_IS_POST_ROW (self), NULL);
  return self->post;
}

/**
 * peil_post_row_set_has_note:
 *
 * Shows a marker when an analyst wrote a note on the post.
 */
void
peil_post_row_set_has_note (PeilPostRow *self,
                            gboolean     has_note)
{
  g_return_if_fail (PEIL_IS_POST_ROW (self));
  gtk_widget_set_visible (self->note_marker, has_note);
}

/**
 * peil_post_row_set_reasons:
 * @reasons: (nullable): why the post needs attention, or %NULL outside
 *   the Needs Attention list
 * @story_id: the story to offer for the rumour register, or 0
 *
 * Shows the reasons under the text, and for a possible rumour a button
 * that registers its story.
 */
void
peil_post_row_set_reasons (PeilPostRow *self,
                           const char  *reasons,
                           gint64       story_id)
{
  g_return_if_fail (PEIL_IS_POST_ROW (self));

  gtk_label_set_text (self->reasons, reasons ? reasons : "");
  gtk_widget_set_visible (self->attention_box, reasons != NULL);
  gtk_widget_set_visible (self->register_button, story_id != 0);
  /* The target first: the action takes a story and never goes without. */
  if (story_id != 0)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->register_button), g_variant_new_int64 (story_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->register_button),
                                  story_id != 0 ? "win.register-story-rumour" : NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-window-private.h"

/*
 * The picture at a glance: the volume per hour, with the posts that have
 * no time counted beside it, and posts per tag for each dimension, with
 * the share of posts tagged in it. A click on a bar or an hour adds it to
 * the Posts page's filters and shows them. Drawn when the page is shown
 * and when counts change while it is.
 */
static void
on_bar_activated (PeilBarChart *chart,
                  const char   *key,
                  PeilWindow   *self)
{
  peil_window_add_filter (self, key);
  adw_view_stack_set_visible_child_name (self->view_stack, "posts");
}

static GtkWidget *
heading (const char *text,
         const char *description)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "title-4");
  gtk_widget_set_margin_top (box, 12);
  gtk_box_append (GTK_BOX (box), title);
  if (description != NULL)
    {
      GtkWidget *subtitle = gtk_label_new (description);

      gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
      gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
      gtk_widget_add_css_class (subtitle, "dim-label");
      gtk_box_append (GTK_BOX (box), subtitle);
    }
  return box;
}

/* How much of a dimension is done: the share of posts tagged in it. */
static char *
describe_share (PeilWindow    *self,
                PeilDimension *dimension)
{
  gint64 total = GPOINTER_TO_SIZE (g_hash_table_lookup (self->counts, "all"));
  g_autofree char *key = g_strdup_printf ("untagged:%s", peil_dimension_get_code (dimension));
  gint64 tagged = total - (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (self->counts, key));
  g_autofree char *tagged_text = peil_format_number (tagged, peil_ui_language ());
  g_autofree char *total_text = peil_format_number (total, peil_ui_language ());

  /* TRANSLATORS: the share of posts tagged in a dimension: "62% tagged (1,450 of 2,346 posts)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d%% tagged (%s of %s post)", "%d%% tagged (%s of %s posts)",
                                       total),
                          total > 0 ? (int)(100 * tagged / total) : 0, tagged_text, total_text);
}

/* Posts without a time of their own are in no hour: said under the hours,
 * with the way to give them their import's time. */
static GtkWidget *
untimed_notice (PeilWindow *self)
{
  gint64 untimed = self->last_counts ? self->last_counts->untimed : 0;
  g_autofree char *number = peil_format_number (untimed, peil_ui_language ());
  /* TRANSLATORS: under the chart of posts per hour */
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%s post without a time of its own is not in this chart",
                                                        "%s posts without a time of their own are not in this chart",
                                                        untimed),
                                           number);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Use _Import Time…"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "warning");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.use-import-times");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_name (box, "untimed-notice");
  return box;
}

/* Posts marked off-topic are in no chart: said, with the way to them. */
static GtkWidget *
off_topic_notice (PeilWindow *self)
{
  gint64 off_topic = self->last_counts->off_topic;
  g_autofree char *number = peil_format_number (off_topic, peil_ui_language ());
  /* TRANSLATORS: on the overview, under the chart of posts per hour */
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%s off-topic post is in none of these charts",
                                                        "%s off-topic posts are in none of these charts",
                                                        off_topic),
                                           number);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (text);
  /* TRANSLATORS: a button beside "N off-topic posts are in none of these charts" */
  GtkWidget *button = gtk_button_new_with_mnemonic (g_dngettext (GETTEXT_PACKAGE, "_Show the Off-topic Post",
                                                                 "_Show the Off-topic Posts", off_topic));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-off-topic");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_name (box, "off-topic-notice");
  return box;
}

static GtkWidget *
new_chart (PeilWindow     *self,
           GtkOrientation  orientation)
{
  GtkWidget *chart = peil_bar_chart_new (orientation);

  g_signal_connect (chart, "bar-activated", G_CALLBACK (on_bar_activated), self);
  return chart;
}

static void
add_hour (PeilBarChart *chart,
          gint64        start,
          gint64        count)
{
  /* TRANSLATORS: an hour on the overview's time axis; see strftime */
  g_autofree char *label = peil_format_time (start, C_("chart hour", "%e %b %H:00"));
  g_autofree char *key = g_strdup_printf ("hour:%" G_GINT64_FORMAT, start);

  peil_bar_chart_add_bar (chart, label, count, key);
}

static gint64
hour_of (GPtrArray *hours,
         guint      index)
{
  gint64 start = 0;

  peil_time_parse (((PeilCount *)g_ptr_array_index (hours, index))->key, NULL, &start);
  return start;
}

static gint64
message_hour (GPtrArray *messages,
              guint      index)
{
  return ((PeilMessage *)g_ptr_array_index (messages, index))->time / 3600 * 3600;
}

/* Hours without posts show as empty columns, so that the axis is time;
 * over more than two weeks only the hours with posts are shown. The
 * hours of our messages are shown too, also up to a window of an effect
 * before the first post or after the last, so that each message has its
 * column to be marked in; one further off (an old item of our news feed,
 * a time mistyped) would squeeze the posts into a sliver, and is listed
 * under our messages only. */
static void
add_hours (PeilBarChart *chart,
           GPtrArray    *hours,
           GPtrArray    *messages)
{
  guint n_hours = hours ? hours->len : 0, n_messages = messages ? messages->len : 0;
  gint64 first = G_MAXINT64, last = G_MININT64;
  guint post = 0, message = 0;
  gboolean every_hour;

  /* Messages are oldest first; one without a time is in no hour. */
  while (message < n_messages && ((PeilMessage *)g_ptr_array_index (messages, message))->time <= 0)
    message++;
  if (n_hours > 0)
    {
      first = hour_of (hours, 0);
      last = hour_of (hours, n_hours - 1);
    }
  for (guint i = message; i < n_messages; i++)
    if (n_hours == 0 ||
        (message_hour (messages, i) >= hour_of (hours, 0) - PEIL_EFFECT_DEFAULT_WINDOW &&
         message_hour (messages, i) <= hour_of (hours, n_hours - 1) + PEIL_EFFECT_DEFAULT_WINDOW))
      {
        first = MIN (first, message_hour (messages, i));
        last = MAX (last, message_hour (messages, i));
      }
  if (first > last)
    return;
  while (message < n_messages && message_hour (messages, message) < first)
    message++;
  every_hour = last - first <= 14 * 24 * 3600;

  for (gint64 next = first; next <= last; )
    {
      gint64 post_hour = post < n_hours ? hour_of (hours, post) : G_MAXINT64;
      gint64 hour = every_hour ? next : MIN (post_hour, message < n_messages ? message_hour (messages, message) : G_MAXINT64);
      gint64 count = 0;

      if (hour > last)
        break;
      if (hour == post_hour)
        count = ((PeilCount *)g_ptr_array_index (hours, post++))->count;
      while (message < n_messages && message_hour (messages, message) <= hour)
        message++;
      add_hour (chart, hour, count);
      next = hour + 3600;
    }
}

void
peil_window_update_overview (PeilWindow *self)
{
  PeilTaxonomy *taxonomy;
  GPtrArray *dimensions;
  GtkWidget *child, *chart;
  gboolean communication_shown = FALSE;

  if (self->incident == NULL ||
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "overview") != 0)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->overview_box))) != NULL)
    gtk_box_remove (self->overview_box, child);

  peil_window_load_messages (self);
  gtk_box_append (self->overview_box, heading (_("Posts per Hour"),
                                               _("Click an hour to read its posts; an orange line is one of our messages, "
                                                 "and pointing at it shows its effect")));
  chart = new_chart (self, GTK_ORIENTATION_VERTICAL);
  add_hours (PEIL_BAR_CHART (chart), self->last_counts ? self->last_counts->hours : NULL, self->messages);
  peil_window_mark_messages (self, PEIL_BAR_CHART (chart));
  gtk_box_append (self->overview_box, chart);
  if (self->last_counts != NULL && self->last_counts->untimed > 0)
    gtk_box_append (self->overview_box, untimed_notice (self));
  if (self->last_counts && self->last_counts->off_topic > 0)
    gtk_box_append (self->overview_box, off_topic_notice (self));

  taxonomy = peil_incident_get_taxonomy (self->incident);
  dimensions = peil_taxonomy_get_dimensions (taxonomy);
  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      GPtrArray *tags = peil_dimension_get_tags (dimension);

      gtk_box_append (self->overview_box,
                      heading (peil_dimension_get_label (dimension),
                               peil_dimension_get_description_for (dimension, peil_ui_language ())));
      if (!peil_dimension_get_facet (dimension))
        {
          g_autofree char *share = describe_share (self, dimension);
          GtkWidget *label = gtk_label_new (share);

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "heading");
          gtk_widget_set_name (label, "share");
          gtk_box_append (self->overview_box, label);
        }
      chart = new_chart (self, GTK_ORIENTATION_HORIZONTAL);
      for (guint j = 0; j < tags->len; j++)
        {
          PeilTag *tag = g_ptr_array_index (tags, j);
          g_autofree char *key = g_strdup_printf ("tag:%s", peil_tag_get_code (tag));

          if (!peil_tag_get_hidden (tag))
            peil_bar_chart_add_bar (PEIL_BAR_CHART (chart), peil_tag_get_label (tag),
                                    GPOINTER_TO_SIZE (g_hash_table_lookup (self->counts, key)), key);
        }
      gtk_box_append (self->overview_box, chart);
      /* What rises unanswered is mostly information needs: under their chart. */
      if (g_str_equal (peil_dimension_get_code (dimension), "IB"))
        {
          gtk_box_append (self->overview_box, peil_window_communication_new (self));
          communication_shown = TRUE;
        }
    }
  if (!communication_shown)
    gtk_box_append (self->overview_box, peil_window_communication_new (self));
  peil_window_refresh_communication (self);
}

static void
on_page_changed (AdwViewStack *stack,
                 GParamSpec   *pspec,
                 PeilWindow   *self)
{
  peil_window_update_overview (self);
}

void
peil_window_init_overview (PeilWindow *self)
{
  g_signal_connect (self->view_stack, "notify::visible-child", G_CALLBACK (on_page_changed), self);
}

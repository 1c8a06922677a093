/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "peil-app-util.h"
#include "peil-application.h"
#include "peil-tag-keys.h"
#include "peil-window-private.h"

/*
 * Tagging at keyboard speed: the keys shown on the tag buttons toggle the
 * selected post's tags (win.toggle-tag), j/k move (win.next-post,
 * win.previous-post), 0 marks them off-topic or takes the mark off
 * (win.toggle-off-topic), p accepts the suggested tags shown
 * (win.accept-suggestions), Ctrl+Z undoes (win.undo). Each change
 * is stored at once and the sidebar's counts are adjusted by what changed,
 * never recounted, so a keypress costs the same in a million posts.
 */
typedef struct
{
  gint64     post_id;
  GPtrArray *added;     /* tag codes */
  GPtrArray *removed;
  int        off_topic; /* +1 marked off-topic, -1 the mark taken off, 0 neither */
} UndoStep;

static void
undo_step_free (UndoStep *step)
{
  g_ptr_array_unref (step->added);
  g_ptr_array_unref (step->removed);
  g_free (step);
}

/* The codes of @post's tags: everyone's, or with @own those this
 * analyst toggles: their own, and a single-choice dimension's value,
 * which is the post's whoever chose it. */
static GHashTable *
tag_set (PeilWindow *self,
         PeilPost   *post,
         gboolean    own)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);
  const char *analyst = peil_incident_get_analyst (self->incident);

  for (guint i = 0; post != NULL && i < peil_post_get_n_tags (post); i++)
    {
      const PeilPostTag *tag = peil_post_get_tag (post, i);

      if (own && g_strcmp0 (tag->analyst, analyst) != 0)
        {
          PeilTag *known = peil_taxonomy_lookup_tag (taxonomy, tag->code);
          PeilDimension *dimension = known ? peil_taxonomy_lookup_dimension (taxonomy, peil_tag_get_dimension_code (known)) : NULL;

          if (dimension == NULL || !peil_dimension_get_single_choice (dimension))
            continue;
        }
      g_hash_table_add (set, g_strdup (tag->code));
    }
  return set;
}

static gboolean
has_dimension (PeilTaxonomy *taxonomy,
               GHashTable   *tags,
               const char   *dimension_code)
{
  GHashTableIter iter;
  gpointer code;

  g_hash_table_iter_init (&iter, tags);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    {
      PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, code);
      if (tag && g_str_equal (peil_tag_get_dimension_code (tag), dimension_code))
        return TRUE;
    }
  return FALSE;
}

static void
add_to_count (PeilWindow *self,
              const char *key,
              gint64      delta)
{
  gint64 count = GPOINTER_TO_SIZE (g_hash_table_lookup (self->counts, key)) + delta;
  GtkLabel *label = g_hash_table_lookup (self->count_labels, key);
  /* Grouped as the counts read from the file are: "2.199", not "2199"
   * under a "2.200" that was there a keypress before. */
  g_autofree char *text = peil_format_number (MAX (count, 0), peil_ui_language ());

  g_hash_table_insert (self->counts, g_strdup (key), GSIZE_TO_POINTER ((gsize)MAX (count, 0)));
  if (label != NULL)
    gtk_label_set_text (label, text);
}

/* Adjusts the counts by the difference between two tag sets of one post. */
static void
count_difference (PeilWindow *self,
                  GHashTable *before,
                  GHashTable *after)
{
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);
  GHashTableIter iter;
  gpointer code;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    if (!g_hash_table_contains (before, code))
      {
        g_autofree char *key = g_strdup_printf ("tag:%s", (char *)code);
        add_to_count (self, key, +1);
      }

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    if (!g_hash_table_contains (after, code))
      {
        g_autofree char *key = g_strdup_printf ("tag:%s", (char *)code);
        add_to_count (self, key, -1);
      }

  for (guint i = 0; i < dimensions->len; i++)
    {
      const char *dimension = peil_dimension_get_code (g_ptr_array_index (dimensions, i));
      gboolean had = has_dimension (taxonomy, before, dimension);
      gboolean has = has_dimension (taxonomy, after, dimension);

      if (had != has)
        {
          g_autofree char *key = g_strdup_printf ("untagged:%s", dimension);
          add_to_count (self, key, has ? -1 : +1);
        }
    }
}

/* What this analyst put on and took off: the undo of it. */
static void
note_difference (GHashTable *before,
                 GHashTable *after,
                 UndoStep   *step)
{
  GHashTableIter iter;
  gpointer code;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    if (!g_hash_table_contains (before, code))
      g_ptr_array_add (step->added, g_strdup (code));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    if (!g_hash_table_contains (after, code))
      g_ptr_array_add (step->removed, g_strdup (code));
}

static UndoStep *
undo_step_new (gint64 post_id)
{
  UndoStep *step = g_new0 (UndoStep, 1);

  step->post_id = post_id;
  step->added = g_ptr_array_new_with_free_func (g_free);
  step->removed = g_ptr_array_new_with_free_func (g_free);
  return step;
}

/* Shows @post's new tags (as they are now: @post) in the list and the
 * detail pane, and adjusts the counts; returns what this analyst changed
 * since @before. */
static UndoStep *
show_change (PeilWindow *self,
             gint64      post_id,
             PeilPost   *before,
             PeilPost   *post)
{
  g_autoptr(GHashTable) all_before = tag_set (self, before, FALSE);
  g_autoptr(GHashTable) all_after = tag_set (self, post, FALSE);
  g_autoptr(GHashTable) own_before = tag_set (self, before, TRUE);
  g_autoptr(GHashTable) own_after = tag_set (self, post, TRUE);
  UndoStep *step = undo_step_new (post_id);
  PeilPost *shown = peil_post_view_get_post (self->post_view);

  count_difference (self, all_before, all_after);
  note_difference (own_before, own_after, step);
  peil_post_list_reload_post (self->posts, post_id);
  if (shown != NULL && peil_post_get_id (shown) == post_id)
    {
      peil_post_take_tags_from (shown, post);
      peil_post_view_set_post (self->post_view, shown);
    }
  return step;
}

/* show_change() with the post as the file has it now. */
static UndoStep *
refresh_post (PeilWindow *self,
              gint64      post_id,
              PeilPost   *before)
{
  g_autoptr(PeilPost) post = peil_incident_get_post (self->incident, post_id, NULL);

  return show_change (self, post_id, before, post);
}

static gboolean
advance_after_tag (PeilWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app != NULL && g_settings_get_boolean (peil_application_get_settings (PEIL_APPLICATION (app)),
                                                "advance-after-tag");
}

/* A tag put on a folded story's row goes on the story's posts the row
 * stands for that have no tag of its dimension yet, in one transaction;
 * each gets its undo step, so that one undo takes them all off again. */
static gboolean
tag_folded_story (PeilWindow  *self,
                  gint64       post_id,
                  const char  *code,
                  GPtrArray   *steps,
                  GError     **error)
{
  const PeilFoldedStory *story = peil_post_list_get_folded (self->posts, post_id);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GArray) others = NULL;
  g_autoptr(GArray) tagged = NULL;

  if (story == NULL)
    return TRUE;
  others = g_array_new (FALSE, FALSE, sizeof (gint64));
  before = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < story->members->len; i++)
    {
      gint64 id = g_array_index (story->members, gint64, i);
      PeilPost *post;

      if (id != post_id && (post = peil_incident_get_post (self->incident, id, NULL)) != NULL)
        {
          g_array_append_val (others, id);
          g_ptr_array_add (before, post);
        }
    }
  if (!(tagged = peil_incident_tag_story_members (self->incident, others, code, error)))
    return FALSE;
  for (guint i = 0, t = 0; i < others->len && t < tagged->len; i++)
    if (g_array_index (others, gint64, i) == g_array_index (tagged, gint64, t))
      {
        g_ptr_array_add (steps, refresh_post (self, g_array_index (tagged, gint64, t), g_ptr_array_index (before, i)));
        t++;
      }
  return TRUE;
}

/**
 * peil_window_toggle_tag:
 *
 * Puts @code on the selected posts, or takes it off when all of them
 * carry it already; one undo step for them all.
 */
void
peil_window_toggle_tag (PeilWindow *self,
                        const char *code)
{
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  gboolean adding = FALSE;

  if (self->incident == NULL)
    return;

  posts = peil_window_get_selected_posts (self);
  if (posts->len == 0)
    {
      peil_window_toast (self, _("Select a post to tag"));
      return;
    }

  /* The tags as the file has them now, not as the list last read them:
   * another analyst may have tagged since, and an undo must not take
   * their tag for this one's. */
  selected = g_steal_pointer (&posts);
  posts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < selected->len; i++)
    {
      PeilPost *current = peil_incident_get_post (self->incident, peil_post_get_id (g_ptr_array_index (selected, i)), NULL);
      g_ptr_array_add (posts, current ? current : g_object_ref (g_ptr_array_index (selected, i)));
    }
  /* On when any post lacks this analyst's tag; a colleague's same tag
   * neither counts nor comes off. */
  for (guint i = 0; i < posts->len && !adding; i++)
    {
      g_autoptr(GHashTable) tags = tag_set (self, g_ptr_array_index (posts, i), TRUE);
      adding = !g_hash_table_contains (tags, code);
    }

  steps = g_ptr_array_new_with_free_func ((GDestroyNotify)undo_step_free);
  for (guint i = 0; i < posts->len; i++)
    {
      PeilPost *post = g_ptr_array_index (posts, i);
      gint64 post_id = peil_post_get_id (post);
      g_autoptr(GHashTable) before = tag_set (self, post, TRUE);

      if (g_hash_table_contains (before, code) == adding)
        continue;
      if (adding ? !peil_incident_tag_post (self->incident, post_id, code, &error)
                 : !peil_incident_untag_post (self->incident, post_id, code, &error))
        {
          peil_window_show_error (self, error);
          break;
        }
      g_ptr_array_add (steps, refresh_post (self, post_id, post));
      if (adding && !tag_folded_story (self, post_id, code, steps, &error))
        {
          peil_window_show_error (self, error);
          break;
        }
    }

  if (steps->len > 0)
    g_ptr_array_add (self->undo, g_steal_pointer (&steps));

  if (posts->len > 1)
    peil_window_show_selection (self);
  else if (adding && advance_after_tag (self))
    peil_window_select_relative (self, +1);
}

/* "“Fear & anxiety”, “Road closed”": the labels of @codes. */
static char *
tag_labels (PeilWindow *self,
            GPtrArray  *codes)
{
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < codes->len; i++)
    {
      PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, g_ptr_array_index (codes, i));
      /* TRANSLATORS: a tag's name quoted in a sentence */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), tag ? peil_tag_get_label (tag) : (char *)g_ptr_array_index (codes, i));

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, quoted);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What an undo did, for the toast: "Undone: “Fear” taken off 3 posts". */
static char *
describe_undo (PeilWindow *self,
               GPtrArray  *steps)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();     /* codes the undo took off */
  g_autoptr(GPtrArray) removed = g_ptr_array_new ();   /* codes it put back */
  g_autofree char *off = NULL, *on = NULL;
  guint n = steps->len;
  int off_topic = steps->len > 0 ? ((UndoStep *)g_ptr_array_index (steps, 0))->off_topic : 0;

  /* One keypress marks or unmarks, never both, and changes no tag. */
  if (off_topic > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Undone: %u post no longer off-topic",
                                         "Undone: %u posts no longer off-topic", n), n);
  if (off_topic < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Undone: %u post off-topic again",
                                         "Undone: %u posts off-topic again", n), n);

  for (guint s = 0; s < steps->len; s++)
    {
      UndoStep *step = g_ptr_array_index (steps, s);

      for (guint i = 0; i < step->added->len; i++)
        if (!g_ptr_array_find_with_equal_func (added, g_ptr_array_index (step->added, i), g_str_equal, NULL))
          g_ptr_array_add (added, g_ptr_array_index (step->added, i));
      for (guint i = 0; i < step->removed->len; i++)
        if (!g_ptr_array_find_with_equal_func (removed, g_ptr_array_index (step->removed, i), g_str_equal, NULL))
          g_ptr_array_add (removed, g_ptr_array_index (step->removed, i));
    }
  off = tag_labels (self, added);
  on = tag_labels (self, removed);

  if (added->len > 0 && removed->len > 0)
    /* TRANSLATORS: an undone change of a single-choice tag: "Undone: “False” back to “Unverified” on 1 post" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Undone: %s back to %s on %u post",
                                         "Undone: %s back to %s on %u posts", n), off, on, n);
  if (added->len > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Undone: %s taken off %u post",
                                         "Undone: %s taken off %u posts", n), off, n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Undone: %s put back on %u post",
                                       "Undone: %s put back on %u posts", n), on, n);
}

/* Whether @tags are still as @step left them, as far as undoing it would
 * touch: each tag it put on is still there, and no single-choice
 * dimension it took a value off now holds a value it did not set.
 * Otherwise another analyst changed the post meanwhile, and putting the
 * old value back would replace theirs (single choice) with no one's. */
static gboolean
undo_step_still_applies (PeilWindow *self,
                         UndoStep   *step,
                         PeilPost   *post,
                         GHashTable *tags)
{
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);

  for (guint i = 0; i < step->added->len; i++)
    if (!g_hash_table_contains (tags, g_ptr_array_index (step->added, i)))
      return FALSE;
  /* The mark as this window left it: nobody took it off or put it back. */
  if (step->off_topic != 0 && peil_post_get_off_topic (post) != (step->off_topic > 0))
    return FALSE;

  for (guint i = 0; i < step->removed->len; i++)
    {
      PeilTag *removed = peil_taxonomy_lookup_tag (taxonomy, g_ptr_array_index (step->removed, i));
      const char *dimension_code;
      PeilDimension *dimension;
      GHashTableIter iter;
      gpointer code;

      if (removed == NULL)
        continue;
      dimension_code = peil_tag_get_dimension_code (removed);
      dimension = peil_taxonomy_lookup_dimension (taxonomy, dimension_code);
      if (dimension == NULL || !peil_dimension_get_single_choice (dimension))
        continue;

      g_hash_table_iter_init (&iter, tags);
      while (g_hash_table_iter_next (&iter, &code, NULL))
        {
          PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, code);

          if (tag != NULL && g_str_equal (peil_tag_get_dimension_code (tag), dimension_code) &&
              !g_ptr_array_find_with_equal_func (step->added, code, g_str_equal, NULL))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * peil_window_undo:
 *
 * Undoes the last tagging, in the file too (logged as an untag or tag),
 * on each post whose tags are still as this window left them.
 */
void
peil_window_undo (PeilWindow *self)
{
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  g_autoptr(GError) error = NULL;
  guint n_changed_meanwhile = 0;
  gboolean recount = FALSE;
  guint position;

  if (self->undo == NULL || self->undo->len == 0)
    {
      peil_window_toast (self, _("Nothing to undo"));
      return;
    }

  steps = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  undone = g_ptr_array_new ();
  for (guint s = 0; s < steps->len && error == NULL; s++)
    {
      UndoStep *step = g_ptr_array_index (steps, s);
      g_autoptr(PeilPost) post = peil_incident_get_post (self->incident, step->post_id, NULL);
      g_autoptr(GHashTable) before = tag_set (self, post, TRUE);

      if (post == NULL || !undo_step_still_applies (self, step, post, before))
        {
          n_changed_meanwhile++;
          /* Shown as the file has it now, which is what the analyst
           * should see before deciding again. */
          undo_step_free (refresh_post (self, step->post_id, post));
          continue;
        }
      g_ptr_array_add (undone, step);

      for (guint i = 0; i < step->added->len; i++)
        if (!peil_incident_untag_post (self->incident, step->post_id, g_ptr_array_index (step->added, i), &error))
          break;
      for (guint i = 0; error == NULL && i < step->removed->len; i++)
        if (!peil_incident_tag_post (self->incident, step->post_id, g_ptr_array_index (step->removed, i), &error))
          break;
      if (error == NULL && step->off_topic != 0)
        {
          peil_incident_mark_off_topic (self->incident, step->post_id, step->off_topic < 0, &error);
          recount = TRUE;
        }

      undo_step_free (refresh_post (self, step->post_id, post));
    }
  if (recount)
    peil_window_count_anew (self);
  if (error != NULL)
    peil_window_show_error (self, error);
  else if (undone->len == 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Not undone: someone else changed the tags of this post meanwhile",
                                      "Not undone: someone else changed the tags of these %u posts meanwhile",
                                      n_changed_meanwhile), n_changed_meanwhile);
      peil_window_toast (self, message);
    }
  else if (n_changed_meanwhile > 0)
    {
      g_autofree char *done = describe_undo (self, undone);
      g_autofree char *message =
        /* TRANSLATORS: the first %s is what was undone, "Undone: “Fear” taken off 3 posts" */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%s; %u post left as it is, someone else changed its tags meanwhile",
                                      "%s; %u posts left as they are, someone else changed their tags meanwhile",
                                      n_changed_meanwhile), done, n_changed_meanwhile);
      peil_window_toast (self, message);
    }
  else
    {
      g_autofree char *message = describe_undo (self, steps);
      peil_window_toast (self, message);
    }

  /* Back to the post that was changed, as editors return to the edit. */
  if (steps->len == 1 &&
      (position = peil_post_list_find (self->posts, ((UndoStep *)g_ptr_array_index (steps, 0))->post_id)) != G_MAXUINT)
    peil_window_select_position (self, position);
  else
    peil_window_show_selection (self);
}

/**
 * peil_window_toggle_off_topic:
 *
 * Marks the selected posts off-topic, or takes the mark off when all of
 * them carry it; one undo step for them all. A marked post stays in the
 * list, greyed, until the list is filtered again; the counts follow at
 * once, counted anew, as the post leaves all of them.
 */
void
peil_window_toggle_off_topic (PeilWindow *self)
{
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean marking = FALSE;
  AdwToast *toast;

  if (self->incident == NULL)
    return;

  selected = peil_window_get_selected_posts (self);
  if (selected->len == 0)
    {
      peil_window_toast (self, _("Select a post to mark off-topic"));
      return;
    }

  /* As the file has them now: a colleague may have marked one meanwhile. */
  posts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < selected->len; i++)
    {
      PeilPost *current = peil_incident_get_post (self->incident, peil_post_get_id (g_ptr_array_index (selected, i)), NULL);
      g_ptr_array_add (posts, current ? current : g_object_ref (g_ptr_array_index (selected, i)));
    }
  for (guint i = 0; i < posts->len && !marking; i++)
    marking = !peil_post_get_off_topic (g_ptr_array_index (posts, i));

  steps = g_ptr_array_new_with_free_func ((GDestroyNotify)undo_step_free);
  for (guint i = 0; i < posts->len; i++)
    {
      PeilPost *post = g_ptr_array_index (posts, i);
      UndoStep *step;

      if (peil_post_get_off_topic (post) == marking)
        continue;
      if (!peil_incident_mark_off_topic (self->incident, peil_post_get_id (post), marking, &error))
        {
          peil_window_show_error (self, error);
          break;
        }
      step = refresh_post (self, peil_post_get_id (post), post);
      step->off_topic = marking ? +1 : -1;
      g_ptr_array_add (steps, step);
    }
  if (steps->len == 0)
    return;

  peil_window_count_anew (self);
  message = marking
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u post marked off-topic: in no count",
                                    "%u posts marked off-topic: in no count", steps->len), steps->len)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u post no longer off-topic",
                                    "%u posts no longer off-topic", steps->len), steps->len);
  g_ptr_array_add (self->undo, g_steal_pointer (&steps));

  toast = peil_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  peil_toast_overlay_show (self->toast_overlay, toast);

  if (posts->len > 1)
    peil_window_show_selection (self);
  else if (marking && advance_after_tag (self))
    peil_window_select_relative (self, +1);
}

/**
 * peil_window_accept_suggested:
 * @steps: gets the post's undo step
 *
 * Gives @post_id the suggested @codes, in one transaction, each logged
 * as suggested (peil_suggester_accept()), and shows the change.
 */
gboolean
peil_window_accept_suggested (PeilWindow          *self,
                              gint64               post_id,
                              const char * const  *codes,
                              GPtrArray           *steps,
                              GError             **error)
{
  /* As the file has it now, so that the undo step holds what this accepting added. */
  g_autoptr(PeilPost) before = peil_incident_get_post (self->incident, post_id, error);

  if (before == NULL || !peil_suggester_accept (self->incident, post_id, codes, error))
    return FALSE;
  g_ptr_array_add (steps, refresh_post (self, post_id, before));
  return TRUE;
}

/**
 * peil_window_show_accepted:
 * @accepted: (element-type PeilAccepted): posts whose suggestions a
 *   worker accepted (peil_suggester_accept_all_async())
 *
 * Shows the change of each, as the worker read it, in the list, the post
 * and the counts.
 *
 * Returns: (transfer full): their undo steps, one undo for them all
 */
GPtrArray *
peil_window_show_accepted (PeilWindow *self,
                           GPtrArray  *accepted)
{
  GPtrArray *steps = peil_window_new_undo_steps ();

  for (guint i = 0; accepted != NULL && i < accepted->len; i++)
    {
      PeilAccepted *change = g_ptr_array_index (accepted, i);
      gint64 post_id = peil_post_get_id (change->before);

      g_ptr_array_add (steps, change->after != NULL ? show_change (self, post_id, change->before, change->after)
                                                    : refresh_post (self, post_id, change->before));
    }
  return steps;
}

/**
 * peil_window_push_undo:
 * @steps: (transfer full): UndoSteps that one undo takes back together
 */
void
peil_window_push_undo (PeilWindow *self,
                       GPtrArray  *steps)
{
  if (steps->len > 0)
    g_ptr_array_add (self->undo, steps);
  else
    g_ptr_array_unref (steps);
}

/**
 * peil_window_new_undo_steps:
 *
 * Returns: (transfer full): an empty array for peil_window_accept_suggested()
 */
GPtrArray *
peil_window_new_undo_steps (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)undo_step_free);
}

/**
 * peil_window_accept_suggestions:
 *
 * Gives the shown post the suggested tags its view shows; one undo step
 * takes them off again.
 */
void
peil_window_accept_suggestions (PeilWindow *self)
{
  g_auto(GStrv) codes = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *message = NULL;
  PeilPost *shown;
  AdwToast *toast;

  if (self->incident == NULL)
    return;
  shown = peil_post_view_get_post (self->post_view);
  if (shown == NULL || (codes = peil_post_view_dup_suggested_codes (self->post_view)) == NULL)
    {
      peil_window_toast (self, _("No suggestions to accept for this post"));
      return;
    }

  steps = peil_window_new_undo_steps ();
  if (!peil_window_accept_suggested (self, peil_post_get_id (shown), (const char * const *)codes, steps, &error))
    {
      peil_window_show_error (self, error);
      return;
    }
  labels = tag_labels (self, ((UndoStep *)g_ptr_array_index (steps, 0))->added);
  peil_window_push_undo (self, g_steal_pointer (&steps));

  /* TRANSLATORS: %s lists the accepted tags, quoted */
  message = g_strdup_printf (_("Suggested %s accepted"), labels);
  toast = peil_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  peil_toast_overlay_show (self->toast_overlay, toast);

  if (advance_after_tag (self))
    peil_window_select_relative (self, +1);
}

static void
accept_suggestions_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  peil_window_accept_suggestions (PEIL_WINDOW (widget));
}

static void
toggle_off_topic_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  peil_window_toggle_off_topic (PEIL_WINDOW (widget));
}

static void
toggle_tag_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  peil_window_toggle_tag (PEIL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
next_post_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  peil_window_select_relative (PEIL_WINDOW (widget), +1);
}

static void
previous_post_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  peil_window_select_relative (PEIL_WINDOW (widget), -1);
}

static void
add_key (GtkShortcutController *controller,
         guint                  keyval,
         const char            *action,
         GVariant              *argument)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0), gtk_named_action_new (action));

  if (argument != NULL)
    gtk_shortcut_set_arguments (shortcut, argument);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/**
 * peil_window_update_tag_keys:
 *
 * Binds the keys of the incident's taxonomy (peil-tag-keys.c) to
 * win.toggle-tag. They act in the bubble phase, so a key typed into the
 * search entry stays text.
 */
void
peil_window_update_tag_keys (PeilWindow *self)
{
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (self->incident);
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);
  GtkShortcutController *controller = GTK_SHORTCUT_CONTROLLER (self->tag_keys);
  GListModel *model = G_LIST_MODEL (controller);

  while (g_list_model_get_n_items (model) > 0)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (model, 0);
      gtk_shortcut_controller_remove_shortcut (controller, shortcut);
    }

  add_key (controller, GDK_KEY_j, "win.next-post", NULL);
  add_key (controller, GDK_KEY_k, "win.previous-post", NULL);
  add_key (controller, GDK_KEY_slash, "win.focus-search", NULL);
  add_key (controller, GDK_KEY_n, "win.next-for-me", NULL);
  /* Beside the information needs' 1–9, and no tag's (peil-tag-keys.c). */
  add_key (controller, GDK_KEY_0, "win.toggle-off-topic", NULL);
  add_key (controller, GDK_KEY_KP_0, "win.toggle-off-topic", NULL);
  /* p for "put on": no tag's key either. */
  add_key (controller, GDK_KEY_p, "win.accept-suggestions", NULL);

  for (guint i = 0; i < dimensions->len; i++)
    {
      GPtrArray *tags = peil_dimension_get_tags (g_ptr_array_index (dimensions, i));

      for (guint j = 0; j < tags->len; j++)
        {
          PeilTag *tag = g_ptr_array_index (tags, j);
          char key = peil_tag_keys_key_for (taxonomy, tag);

          if (key != 0)
            add_key (controller, gdk_unicode_to_keyval (key), "win.toggle-tag",
                     g_variant_new_string (peil_tag_get_code (tag)));
        }
    }
}

static void
on_tag_toggled (PeilPostView *view,
                const char   *code,
                PeilWindow   *self)
{
  peil_window_toggle_tag (self, code);
}

void
peil_window_class_init_tagging (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.toggle-tag", "s", toggle_tag_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-off-topic", NULL, toggle_off_topic_action);
  gtk_widget_class_install_action (widget_class, "win.accept-suggestions", NULL, accept_suggestions_action);
  gtk_widget_class_install_action (widget_class, "win.next-post", NULL, next_post_action);
  gtk_widget_class_install_action (widget_class, "win.previous-post", NULL, previous_post_action);
}

void
peil_window_init_tagging (PeilWindow *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  self->tag_keys = gtk_shortcut_controller_new ();
  gtk_widget_add_controller (GTK_WIDGET (self), self->tag_keys);
  g_signal_connect (self->post_view, "tag-toggled", G_CALLBACK (on_tag_toggled), self);
}

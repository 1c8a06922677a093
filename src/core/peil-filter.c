/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-filter"

#include "config.h"

#include "peil-filter.h"

/* What a user narrows the posts to: full-text over the posts' text (see
 * docs/search.md), an author (logged by whoever searches with it), tags
 * that must all be present, dimensions that must be untagged, sources,
 * and a time range [since, until). Zero means "no bound". */
struct _PeilFilter
{
  GObject    parent_instance;

  char      *text;
  char      *author;
  GPtrArray *tags;
  GPtrArray *untagged;
  GPtrArray *sources;
  gint64     query_id;
  gint64     story_id;
  gint64     since;
  gint64     until;
  PeilFilterOffTopic off_topic;
  guint      offset;
  guint      limit;
};

/**
 * PeilFilter:
 *
 * Which posts a search, a list, a count or an export selects: words to
 * search the posts' text for (docs/search.md), an author, tags that must
 * all be present, dimensions that must be untagged, sources, a saved query,
 * a story, a time range, what to do with posts marked off-topic, and a
 * page.
 *
 * Every part is "any" until set, so a new filter selects every post not
 * marked off-topic. The incident's functions read a filter when called
 * and keep nothing of it (a #PeilPostList keeps its own); use
 * peil_filter_copy() to hand one to another thread.
 */

/**
 * peil_filter_get_type:
 *
 * Returns: the #GType of #PeilFilter
 */
G_DEFINE_FINAL_TYPE (PeilFilter, peil_filter, G_TYPE_OBJECT)

/* Reserved space, so that pdata is a NULL-terminated vector even empty. */
static GPtrArray *
new_string_list (void)
{
  return g_ptr_array_new_null_terminated (4, g_free, TRUE);
}

static void
peil_filter_finalize (GObject *object)
{
  PeilFilter *self = (PeilFilter *)object;

  g_free (self->text);
  g_free (self->author);
  g_ptr_array_unref (self->tags);
  g_ptr_array_unref (self->untagged);
  g_ptr_array_unref (self->sources);

  G_OBJECT_CLASS (peil_filter_parent_class)->finalize (object);
}

static void
peil_filter_class_init (PeilFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_filter_finalize;
}

static void
peil_filter_init (PeilFilter *self)
{
  self->tags = new_string_list ();
  self->untagged = new_string_list ();
  self->sources = new_string_list ();
}

/**
 * peil_filter_new:
 *
 * Creates a filter.
 *
 * Returns: (transfer full): a filter that selects every post not marked
 *   off-topic
 */
PeilFilter *
peil_filter_new (void)
{
  return g_object_new (PEIL_TYPE_FILTER, NULL);
}

static void
copy_strings (GPtrArray *to,
              GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_strdup (g_ptr_array_index (from, i)));
}

/**
 * peil_filter_copy:
 *
 * Copies a filter, so that a query on a worker thread does not see changes the
 * interface makes to the original.
 *
 * Returns: (transfer full): a filter that selects what @self selects,
 *   page included, for another thread to read while @self changes
 */
PeilFilter *
peil_filter_copy (PeilFilter *self)
{
  PeilFilter *copy;

  g_return_val_if_fail (PEIL_IS_FILTER (self), NULL);

  copy = peil_filter_new ();
  copy->text = g_strdup (self->text);
  copy->author = g_strdup (self->author);
  copy_strings (copy->tags, self->tags);
  copy_strings (copy->untagged, self->untagged);
  copy_strings (copy->sources, self->sources);
  copy->query_id = self->query_id;
  copy->story_id = self->story_id;
  copy->since = self->since;
  copy->until = self->until;
  copy->off_topic = self->off_topic;
  copy->offset = self->offset;
  copy->limit = self->limit;
  return copy;
}

/**
 * peil_filter_get_text:
 * @self: a #PeilFilter
 *
 * Gets the words the filter searches the posts' text for.
 *
 * Returns: (transfer none) (nullable): the search words (see
 *   peil_filter_set_text()), or %NULL for any text
 */
const char *
peil_filter_get_text (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), NULL);
  return self->text;
}

/**
 * peil_filter_set_text:
 * @self: a #PeilFilter
 * @text: (nullable): what to search the posts' text for, in the language
 *   of docs/search.md; %NULL or "" for any text
 *
 * The words are checked when the filter is used: a search that cannot be
 * understood fails then with an error saying why.
 */
void
peil_filter_set_text (PeilFilter *self,
                      const char *text)
{
  g_return_if_fail (PEIL_IS_FILTER (self));

  g_free (self->text);
  self->text = (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
}

/**
 * peil_filter_get_author:
 * @self: a #PeilFilter
 *
 * Gets the author the filter selects posts of.
 *
 * Returns: (transfer none) (nullable): the author words (see
 *   peil_filter_set_author()), or %NULL for any author
 */
const char *
peil_filter_get_author (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), NULL);
  return self->author;
}

/**
 * peil_filter_set_author:
 * @author: (nullable): only the posts whose author's name or handle holds
 *   these words (a leading @ is ignored); %NULL or "" for any author
 *
 * A search by author picks out a person's posts: the caller logs it
 * (peil_incident_log_author_search(), docs/privacy.md).
 */
void
peil_filter_set_author (PeilFilter *self,
                        const char *author)
{
  g_return_if_fail (PEIL_IS_FILTER (self));

  g_free (self->author);
  self->author = (author != NULL && *author != '\0') ? g_strdup (author) : NULL;
}

/**
 * peil_filter_get_tags:
 * @self: a #PeilFilter
 *
 * Gets the tags a post must carry.
 *
 * Returns: (transfer none) (array zero-terminated=1): the codes of the
 *   tags a post must all carry, in upper case; empty for any tags. Valid
 *   until the next peil_filter_add_tag()
 */
const char * const *
peil_filter_get_tags (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), NULL);
  return (const char * const *)self->tags->pdata;
}

/**
 * peil_filter_add_tag:
 * @self: a #PeilFilter
 * @code: a tag's code; case does not matter
 *
 * Selects only posts that carry the tag, as well as every tag added
 * before.
 */
void
peil_filter_add_tag (PeilFilter *self,
                     const char *code)
{
  g_return_if_fail (PEIL_IS_FILTER (self));
  g_return_if_fail (code != NULL);
  g_ptr_array_add (self->tags, g_ascii_strup (code, -1));
}

/**
 * peil_filter_get_untagged:
 * @self: a #PeilFilter
 *
 * Gets the dimensions a post must be untagged in.
 *
 * Returns: (transfer none) (array zero-terminated=1): the codes of the
 *   dimensions a post must carry no tag of, in upper case. Valid until the
 *   next peil_filter_add_untagged()
 */
const char * const *
peil_filter_get_untagged (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), NULL);
  return (const char * const *)self->untagged->pdata;
}

/**
 * peil_filter_add_untagged:
 * @self: a #PeilFilter
 * @dimension_code: a dimension's code; case does not matter
 *
 * Selects only posts that carry none of the dimension's tags; with
 * several dimensions added, a post must be untagged in each.
 */
void
peil_filter_add_untagged (PeilFilter *self,
                          const char *dimension_code)
{
  g_return_if_fail (PEIL_IS_FILTER (self));
  g_return_if_fail (dimension_code != NULL);
  g_ptr_array_add (self->untagged, g_ascii_strup (dimension_code, -1));
}

/**
 * peil_filter_get_sources:
 * @self: a #PeilFilter
 *
 * Gets the sources a post may come from.
 *
 * Returns: (transfer none) (array zero-terminated=1): the sources a post
 *   must come from one of, in lower case; empty for any source. Valid
 *   until the next peil_filter_add_source()
 */
const char * const *
peil_filter_get_sources (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), NULL);
  return (const char * const *)self->sources->pdata;
}

/**
 * peil_filter_add_source:
 * @self: a #PeilFilter
 * @source: a source's name, such as "x" or "feed"; case does not matter
 *
 * Adds a source to those a post may come from.
 */
void
peil_filter_add_source (PeilFilter *self,
                        const char *source)
{
  g_return_if_fail (PEIL_IS_FILTER (self));
  g_return_if_fail (source != NULL);
  g_ptr_array_add (self->sources, g_ascii_strdown (source, -1));
}

/**
 * peil_filter_get_since:
 * @self: a #PeilFilter
 *
 * Gets the start of the filter's time range.
 *
 * Returns: the start of the time range, inclusive, in Unix seconds; 0 for
 *   no start
 */
gint64
peil_filter_get_since (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), 0);
  return self->since;
}

/**
 * peil_filter_get_until:
 * @self: a #PeilFilter
 *
 * Gets the end of the filter's time range.
 *
 * Returns: the end of the time range, exclusive, in Unix seconds; 0 for
 *   no end
 */
gint64
peil_filter_get_until (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), 0);
  return self->until;
}

/**
 * peil_filter_set_range:
 * @self: a #PeilFilter
 * @since: the first second selected, in Unix seconds; 0 for no start
 * @until: the first second no longer selected; 0 for no end
 *
 * Selects posts by the time they were posted, in [@since, @until).
 */
void
peil_filter_set_range (PeilFilter *self,
                       gint64      since,
                       gint64      until)
{
  g_return_if_fail (PEIL_IS_FILTER (self));
  self->since = since;
  self->until = until;
}

/**
 * peil_filter_get_limit:
 * @self: a #PeilFilter
 *
 * Gets the size of the filter's page.
 *
 * Returns: at most how many posts a search returns; 0 for all
 */
guint
peil_filter_get_limit (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), 0);
  return self->limit;
}

/**
 * peil_filter_get_offset:
 * @self: a #PeilFilter
 *
 * Gets the start of the filter's page.
 *
 * Returns: how many of the matching posts a search skips before the
 *   first it returns
 */
guint
peil_filter_get_offset (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), 0);
  return self->offset;
}

/**
 * peil_filter_set_page:
 * @offset: how many of the matching posts to pass over first
 * @limit: at most this many posts; 0 for all
 *
 * Sets which page of the matching posts the filter asks for: @limit posts after the first @offset.
 */
void
peil_filter_set_page (PeilFilter *self,
                      guint       offset,
                      guint       limit)
{
  g_return_if_fail (PEIL_IS_FILTER (self));
  self->offset = offset;
  self->limit = limit;
}

/**
 * peil_filter_get_query_id:
 * @self: a #PeilFilter
 *
 * Gets the saved query the filter selects posts of.
 *
 * Returns: the saved query whose posts are selected, or 0 for any
 */
gint64
peil_filter_get_query_id (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), 0);
  return self->query_id;
}

/**
 * peil_filter_set_query_id:
 * @query_id: only posts this saved query found; 0 for any
 *
 * Keeps the posts that one saved query found.
 */
void
peil_filter_set_query_id (PeilFilter *self,
                          gint64      query_id)
{
  g_return_if_fail (PEIL_IS_FILTER (self));
  self->query_id = query_id;
}

/**
 * peil_filter_get_off_topic:
 * @self: a #PeilFilter
 *
 * Gets what the filter does with posts marked off-topic.
 *
 * Returns: what the filter does with posts marked off-topic;
 *   %PEIL_FILTER_OFF_TOPIC_LEAVE_OUT unless set
 */
PeilFilterOffTopic
peil_filter_get_off_topic (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), PEIL_FILTER_OFF_TOPIC_LEAVE_OUT);
  return self->off_topic;
}

/**
 * peil_filter_set_off_topic:
 *
 * Whether posts marked off-topic are left out (as they are unless set),
 * the only ones selected, or selected with the others.
 */
void
peil_filter_set_off_topic (PeilFilter         *self,
                           PeilFilterOffTopic  off_topic)
{
  g_return_if_fail (PEIL_IS_FILTER (self));
  g_return_if_fail (off_topic <= PEIL_FILTER_OFF_TOPIC_INCLUDE);
  self->off_topic = off_topic;
}

/**
 * peil_filter_get_story_id:
 * @self: a #PeilFilter
 *
 * Gets the story the filter selects posts of.
 *
 * Returns: the story whose posts are selected, or 0 for any
 */
gint64
peil_filter_get_story_id (PeilFilter *self)
{
  g_return_val_if_fail (PEIL_IS_FILTER (self), 0);

  return self->story_id;
}

/**
 * peil_filter_set_story_id:
 * @story_id: only the posts of this story (see peil_incident_list_stories());
 *   0 for any
 *
 * Keeps the posts of one story.
 */
void
peil_filter_set_story_id (PeilFilter *self,
                          gint64      story_id)
{
  g_return_if_fail (PEIL_IS_FILTER (self));

  self->story_id = story_id;
}

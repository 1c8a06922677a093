/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Story clusters: near-copies of one message (retweets, quotes, a
 * headline on two sites) grouped as posts arrive. Each post's stemmed
 * terms (peil_text_terms()) get a MinHash signature, whose agreement
 * with another's estimates the Jaccard similarity of their terms;
 * locality-sensitive hashing over bands of the signature finds the few
 * earlier posts worth comparing, so adding a post costs the same at the
 * millionth as at the first. Only the most recent posts are kept
 * (a story is news: its copies come within hours), which bounds memory.
 */
#define G_LOG_DOMAIN "peil-story"

#include "config.h"

#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "peil-story-index.h"
#include "peil-text-terms.h"

#define N_HASHES 64
#define N_BANDS 16
#define BAND_ROWS (N_HASHES / N_BANDS)
/* The estimated share of terms two posts have in common from which they
 * are one story. */
#define SAME_STORY 0.6
/* Fewer terms than this and the estimate says little: only the same
 * terms make one story. */
#define FEW_TERMS 4
/* A band's hash as a key of its own, no allocation: where a pointer is
 * narrower, two bands may meet, and the comparison of their posts'
 * signatures tells them apart as it tells any candidate. */
#define BAND_KEY(band) GSIZE_TO_POINTER ((gsize)(band))

typedef struct
{
  gint64  post_id;
  gint64  story;
  guint32 mins[N_HASHES];
  guint64 bands[N_BANDS];
  guint   n_terms;
  guint64 negations;   /* the negations it says, as one value */
} Member;

struct _PeilStoryIndex
{
  GObject     parent_instance;

  Member     *members;      /* a ring of the most recent posts */
  guint       capacity;
  guint       next;         /* where the next post goes */
  guint       count;
  GHashTable *buckets;      /* band key (as a pointer) → slot + 1 of the latest post with it */
  Member      pending;      /* the post last looked up, until kept */
  gboolean    has_pending;
};

G_DEFINE_FINAL_TYPE (PeilStoryIndex, peil_story_index, G_TYPE_OBJECT)

/* The hash functions: multiply-shift with fixed odd multipliers, so that
 * a signature means the same in every run and on every machine. */
static guint64 multipliers[N_HASHES];
static guint64 increments[N_HASHES];
/* The terms that turn a message into its opposite: "is veilig" and "is
 * niet veilig" share all but one term, and are two stories. */
static GArray *negation_hashes;
static const char * const negations[] = { "niet", "geen", "nooit", "wel", "not", "no", "never", NULL };

static void add_hash (const char *term, gsize length, gpointer user_data);

static void
init_negations (void)
{
  negation_hashes = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; negations[i] != NULL; i++)
    {
      peil_text_foreach_term (negations[i], "nl", add_hash, negation_hashes);
      peil_text_foreach_term (negations[i], "en", add_hash, negation_hashes);
    }
}

static gboolean
is_negation (guint64 hash)
{
  for (guint i = 0; i < negation_hashes->len; i++)
    if (g_array_index (negation_hashes, guint64, i) == hash)
      return TRUE;
  return FALSE;
}


static void
peil_story_index_finalize (GObject *object)
{
  PeilStoryIndex *self = PEIL_STORY_INDEX (object);

  g_free (self->members);
  g_hash_table_unref (self->buckets);

  G_OBJECT_CLASS (peil_story_index_parent_class)->finalize (object);
}

static void
peil_story_index_class_init (PeilStoryIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_story_index_finalize;
}

static void
init_hash_functions (void)
{
  static gsize done = 0;
  guint64 state = 0x5065696c53746f72;   /* "PeilStor" */

  if (!g_once_init_enter (&done))
    return;
  /* splitmix64 */
  for (guint i = 0; i < 2 * N_HASHES; i++)
    {
      guint64 z = (state += 0x9e3779b97f4a7c15);

      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
      z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
      z ^= z >> 31;
      if (i < N_HASHES)
        multipliers[i] = z | 1;
      else
        increments[i - N_HASHES] = z;
    }
  init_negations ();
  g_once_init_leave (&done, 1);
}

static void
peil_story_index_init (PeilStoryIndex *self)
{
  self->buckets = g_hash_table_new (NULL, NULL);
}

/**
 * peil_story_index_new:
 * @capacity: how many of the most recent posts are compared with a new
 *   one
 */
PeilStoryIndex *
peil_story_index_new (guint capacity)
{
  PeilStoryIndex *self = g_object_new (PEIL_TYPE_STORY_INDEX, NULL);

  g_return_val_if_fail (capacity > 0, NULL);

  self->capacity = capacity;
  self->members = g_new0 (Member, capacity);
  return self;
}

static int
compare_hashes (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;

  return x < y ? -1 : x > y;
}

static void
add_hash (const char *term,
          gsize       length,
          gpointer    user_data)
{
  guint64 hash = XXH3_64bits (term, length);

  g_array_append_val ((GArray *)user_data, hash);
}

/* Fills @member's signature; FALSE for a text without terms. */
static gboolean
sign (Member     *member,
      const char *text,
      const char *language)
{
  g_autoptr(GArray) hashes = g_array_sized_new (FALSE, FALSE, sizeof (guint64), 64);
  const guint64 *hash;

  init_hash_functions ();
  for (guint i = 0; i < N_HASHES; i++)
    member->mins[i] = G_MAXUINT32;

  /* Each term once: a word said twice is no more of the story. */
  peil_text_foreach_term (text, language, add_hash, hashes);
  g_array_sort (hashes, compare_hashes);
  hash = (const guint64 *)hashes->data;
  member->n_terms = 0;
  member->negations = 0;
  for (guint t = 0; t < hashes->len; t++)
    {
      if (t > 0 && hash[t] == hash[t - 1])
        continue;
      member->n_terms++;
      if (is_negation (hash[t]))
        member->negations ^= hash[t];
      for (guint i = 0; i < N_HASHES; i++)
        {
          guint32 value = (guint32)((hash[t] * multipliers[i] + increments[i]) >> 32);

          member->mins[i] = MIN (member->mins[i], value);
        }
    }
  if (member->n_terms == 0)
    return FALSE;

  for (guint b = 0; b < N_BANDS; b++)
    member->bands[b] = XXH3_64bits_withSeed (&member->mins[b * BAND_ROWS], BAND_ROWS * sizeof (guint32), b);
  return TRUE;
}

static double
estimate (const Member *a,
          const Member *b)
{
  guint same = 0;

  for (guint i = 0; i < N_HASHES; i++)
    same += a->mins[i] == b->mins[i];
  return (double)same / N_HASHES;
}

static gboolean
same_story (const Member *a,
            const Member *b,
            double        similarity)
{
  if (a->negations != b->negations)
    return FALSE;
  if (MIN (a->n_terms, b->n_terms) < FEW_TERMS)
    return similarity == 1.0 && a->n_terms == b->n_terms;
  return similarity >= SAME_STORY;
}

/* Takes the oldest post out of the ring, and its bands out of the
 * buckets where it is still the latest. */
static void
forget (PeilStoryIndex *self,
        guint           slot)
{
  Member *member = &self->members[slot];

  for (guint b = 0; b < N_BANDS; b++)
    if (GPOINTER_TO_UINT (g_hash_table_lookup (self->buckets, BAND_KEY (member->bands[b]))) == slot + 1)
      g_hash_table_remove (self->buckets, BAND_KEY (member->bands[b]));
}

/* Puts @member into the ring, in place of the oldest post when full. */
static void
keep (PeilStoryIndex *self,
      const Member   *member)
{
  guint slot = self->next;

  if (self->count == self->capacity)
    forget (self, slot);
  else
    self->count++;
  self->members[slot] = *member;
  self->next = (slot + 1) % self->capacity;

  for (guint b = 0; b < N_BANDS; b++)
    g_hash_table_insert (self->buckets, BAND_KEY (member->bands[b]), GUINT_TO_POINTER (slot + 1));
}

/**
 * peil_story_index_find:
 * @language: (nullable): the post's language, or %NULL to guess
 *
 * Looks up the story of a post about to be stored, whose id is not known
 * yet; peil_story_index_keep() then puts it into the index once it is.
 *
 * Returns: the story the post belongs to, or 0 when it starts one
 */
gint64
peil_story_index_find (PeilStoryIndex *self,
                       const char     *text,
                       const char     *language)
{
  Member *member = &self->pending;
  const Member *best = NULL;
  double best_similarity = 0;

  g_return_val_if_fail (PEIL_IS_STORY_INDEX (self), 0);

  *member = (Member) { 0 };
  self->has_pending = sign (member, text, language);
  if (!self->has_pending)
    return 0;

  for (guint b = 0; b < N_BANDS; b++)
    {
      guint found = GPOINTER_TO_UINT (g_hash_table_lookup (self->buckets, BAND_KEY (member->bands[b])));
      const Member *candidate;
      double similarity;

      if (found == 0 || (best != NULL && &self->members[found - 1] == best))
        continue;
      candidate = &self->members[found - 1];
      similarity = estimate (member, candidate);
      if (similarity > best_similarity && same_story (member, candidate, similarity))
        {
          best = candidate;
          best_similarity = similarity;
        }
    }
  return best != NULL ? best->story : 0;
}

/**
 * peil_story_index_keep:
 * @post_id: the id the post last looked up (peil_story_index_find()) was
 *   stored under
 * @story: its story
 *
 * Puts that post into the index; a post without terms is never compared,
 * and is not kept.
 */
void
peil_story_index_keep (PeilStoryIndex *self,
                       gint64          post_id,
                       gint64          story)
{
  g_return_if_fail (PEIL_IS_STORY_INDEX (self));
  g_return_if_fail (post_id > 0);

  if (!self->has_pending)
    return;
  self->pending.post_id = post_id;
  self->pending.story = story;
  keep (self, &self->pending);
  self->has_pending = FALSE;
}

/**
 * peil_story_index_add:
 * @post_id: the post's id (positive)
 * @language: (nullable): its language, or %NULL to guess
 *
 * Returns: the story @post_id belongs to: the id of the story's first
 *   post, which is @post_id itself for a post that starts one
 */
gint64
peil_story_index_add (PeilStoryIndex *self,
                      gint64          post_id,
                      const char     *text,
                      const char     *language)
{
  gint64 story;

  g_return_val_if_fail (PEIL_IS_STORY_INDEX (self), 0);
  g_return_val_if_fail (post_id > 0, 0);

  story = peil_story_index_find (self, text, language);
  if (story == 0)
    story = post_id;
  peil_story_index_keep (self, post_id, story);
  return story;
}

/**
 * peil_story_index_remember:
 * @story: the story @post_id was given before
 *
 * Puts a post whose story is known into the index without looking for
 * its story, to rebuild the index from a file's most recent posts.
 */
void
peil_story_index_remember (PeilStoryIndex *self,
                           gint64          post_id,
                           gint64          story,
                           const char     *text,
                           const char     *language)
{
  Member member = { .post_id = post_id, .story = story };

  g_return_if_fail (PEIL_IS_STORY_INDEX (self));

  if (sign (&member, text, language))
    keep (self, &member);
}

/**
 * peil_story_index_similarity:
 *
 * Returns: the estimated share of their terms that @text and @other
 *   have in common, from 0 to 1, as the index compares posts
 */
double
peil_story_index_similarity (const char *text,
                             const char *other,
                             const char *language)
{
  Member a, b;

  if (!sign (&a, text, language) || !sign (&b, other, language))
    return 0;
  return estimate (&a, &b);
}

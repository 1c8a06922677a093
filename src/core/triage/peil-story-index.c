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
/* The estimated share of a cut-short copy's terms its original has. */
#define CUT_SHORT_SAME_STORY 0.85
/* Fewer terms than this and the estimate says little: only the same
 * terms make one story. */
#define FEW_TERMS 4
/* A band's hash as a key of its own, no allocation: where a pointer is
 * narrower, two bands may meet, and the comparison of their posts'
 * signatures tells them apart as it tells any candidate. */
#define BAND_KEY(band) GSIZE_TO_POINTER ((gsize)(band))
/* The facts of a post kept for comparison: its figures and the words of
 * number and state it says (states[], numbers[]). */
#define MAX_FACTS 16

/* Sorted; the smallest hashes when a post says more. */
typedef struct
{
  guint64 v[MAX_FACTS];
  guint   n;
} Facts;

/* What the posts of one story in the index say between them: a post joins
 * a story only when its facts agree with all of these, so that "brand"
 * cannot join "brand, 3 doden" and "brand, 5 doden" into one. */
typedef struct
{
  Facts facts;
  guint members; /* its posts in the ring */
} StoryFacts;

typedef struct
{
  gint64  post_id;
  gint64  story;
  guint32 mins[N_HASHES];
  guint64 bands[N_BANDS];
  guint   n_terms;
  guint64 negations;   /* the negations it says, as one value */
  gboolean cut_short;  /* a copy cut at its length: its terms are a part */
  Facts   facts;
} Member;

struct _PeilStoryIndex
{
  GObject     parent_instance;

  Member     *members;      /* a ring of the most recent posts */
  guint       capacity;
  guint       next;         /* where the next post goes */
  guint       count;
  GHashTable *buckets;      /* band key (as a pointer) → slot + 1 of the latest post with it */
  GHashTable *stories;      /* story id (gint64) → StoryFacts, of the stories in the ring */
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
static const char * const negations[] = { "niet", "geen", "nooit", "wel", "not", "no", "never", NULL };
/* Words of number and state: "twee gewonden" and "drie doden", "school
 * blijft open" and "school blijft dicht" share all but these, and are two
 * stories. A copy may add such a fact (a headline with a figure), never
 * replace one. Figures are facts too, and a number in words is the same
 * fact as in figures ("twintig jaar", "20 jaar"). */
static const char * const states[] = {
  "open", "dicht", "gesloten", "opgeheven", "afgelast", "hervat", "begonnen", "gestart", "voorbij",
  "veilig", "onveilig", "gevaarlijk", "gewond", "gewonden", "dood", "doden", "overleden", "vermist",
  "vermisten", "levend", "gevonden", "gered", "tientallen", "honderden", "duizenden", "heropend",
  "afgesloten", "vrijgegeven", "uitgebroken", "geblust", "zwaargewond", "zwaargewonden", "lichtgewond",
  "lichtgewonden",
  "opened", "reopened", "closed", "lifted", "cancelled", "canceled", "resumed", "started",
  "safe", "unsafe", "dangerous", "injured", "dead", "killed", "died", "missing", "alive", "found",
  "rescued", "dozens", "hundreds", "thousands", NULL
};
static const struct { const char *word, *figure; } numbers[] = {
  { "twee", "2" }, { "drie", "3" }, { "vier", "4" }, { "vijf", "5" }, { "zes", "6" }, { "zeven", "7" },
  { "acht", "8" }, { "negen", "9" }, { "tien", "10" }, { "elf", "11" }, { "twaalf", "12" },
  { "twintig", "20" }, { "dertig", "30" }, { "veertig", "40" }, { "vijftig", "50" }, { "honderd", "100" },
  { "duizend", "1000" }, { "dertien", "13" }, { "veertien", "14" }, { "vijftien", "15" }, { "zestien", "16" },
  { "zeventien", "17" }, { "achttien", "18" }, { "negentien", "19" }, { "zestig", "60" }, { "zeventig", "70" },
  { "tachtig", "80" }, { "negentig", "90" }, { "eerste", "1e" }, { "tweede", "2e" }, { "derde", "3e" },
  { "vierde", "4e" }, { "vijfde", "5e" }, { "one", "1" }, { "two", "2" }, { "three", "3" }, { "four", "4" }, { "five", "5" },
  { "six", "6" }, { "seven", "7" }, { "eight", "8" }, { "nine", "9" }, { "ten", "10" }, { "eleven", "11" },
  { "twelve", "12" }, { "twenty", "20" }, { "thirty", "30" }, { "forty", "40" }, { "fifty", "50" },
  { "hundred", "100" }, { "thousand", "1000" }, { "thirteen", "13" }, { "fourteen", "14" }, { "fifteen", "15" },
  { "sixteen", "16" }, { "seventeen", "17" }, { "eighteen", "18" }, { "nineteen", "19" }, { "sixty", "60" },
  { "seventy", "70" }, { "eighty", "80" }, { "ninety", "90" }, { "first", "1st" }, { "second", "2nd" },
  { "third", "3rd" },
};

/* A term's hash and the fact it says, sorted by term. */
typedef struct
{
  guint64 term;
  guint64 fact;
} Fact;

static GArray *negation_hashes; /* sorted */
static GArray *fact_table;      /* Fact */

static void add_hash (const char *term, gsize length, gpointer user_data);

static int
compare_hashes (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;

  return x < y ? -1 : x > y;
}

/* The stems of @word in both languages, as a post's terms are hashed. */
static void
hash_word (const char *word,
           GArray     *hashes)
{
  peil_text_foreach_term (word, "nl", add_hash, hashes);
  peil_text_foreach_term (word, "en", add_hash, hashes);
}

static void
add_facts (GArray     *table,
           const char *word,
           const char *figure)
{
  g_autoptr(GArray) stems = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 fact = figure != NULL ? XXH3_64bits (figure, strlen (figure)) : 0;

  hash_word (word, stems);
  for (guint i = 0; i < stems->len; i++)
    {
      Fact f = { g_array_index (stems, guint64, i), figure != NULL ? fact : g_array_index (stems, guint64, i) };

      g_array_append_val (table, f);
    }
}

static void
init_word_tables (void)
{
  negation_hashes = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; negations[i] != NULL; i++)
    hash_word (negations[i], negation_hashes);
  g_array_sort (negation_hashes, compare_hashes);

  fact_table = g_array_new (FALSE, FALSE, sizeof (Fact));
  for (guint i = 0; states[i] != NULL; i++)
    add_facts (fact_table, states[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    add_facts (fact_table, numbers[i].word, numbers[i].figure);
  /* Fact's first member is its term. */
  g_array_sort (fact_table, compare_hashes);
}

static gboolean
is_negation (guint64 hash)
{
  return bsearch (&hash, negation_hashes->data, negation_hashes->len, sizeof (guint64), compare_hashes) != NULL;
}

/* The fact @hash says, or 0. */
static guint64
fact_of (guint64 hash)
{
  const Fact *fact = bsearch (&hash, fact_table->data, fact_table->len, sizeof (Fact), compare_hashes);

  return fact != NULL ? fact->fact : 0;
}

static void
peil_story_index_finalize (GObject *object)
{
  PeilStoryIndex *self = PEIL_STORY_INDEX (object);

  g_free (self->members);
  g_hash_table_unref (self->buckets);
  g_hash_table_unref (self->stories);

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
  init_word_tables ();
  g_once_init_leave (&done, 1);
}

static void
peil_story_index_init (PeilStoryIndex *self)
{
  self->buckets = g_hash_table_new (NULL, NULL);
  self->stories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
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

static void
add_hash (const char *term,
          gsize       length,
          gpointer    user_data)
{
  guint64 hash = XXH3_64bits (term, length);

  g_array_append_val ((GArray *)user_data, hash);
}

typedef struct
{
  GArray *hashes;
  GArray *figures; /* the hashes of the terms that are numbers */
} Terms;

/* Adds @fact to @facts, once; past MAX_FACTS the smallest are kept, as
 * every post keeps them. */
static void
add_fact (Facts   *facts,
          guint64  fact)
{
  guint i = 0;

  while (i < facts->n && facts->v[i] < fact)
    i++;
  if (i < facts->n && facts->v[i] == fact)
    return;
  if (i == MAX_FACTS)
    return;
  memmove (&facts->v[i + 1], &facts->v[i], (MIN (facts->n, MAX_FACTS - 1) - i) * sizeof (guint64));
  facts->v[i] = fact;
  facts->n = MIN (facts->n + 1, MAX_FACTS);
}

static void
add_term (const char *term,
          gsize       length,
          gpointer    user_data)
{
  Terms *terms = user_data;
  gboolean figure = FALSE;

  add_hash (term, length, terms->hashes);
  /* "3", "A12", "2e", "15u45": a figure, or a name made with one. */
  for (gsize i = 0; i < length && !figure; i++)
    figure = g_ascii_isdigit (term[i]);
  if (figure)
    add_hash (term, length, terms->figures);
}

/* Fills @member's signature; FALSE for a text without terms. */
static gboolean
sign (Member     *member,
      const char *text,
      const char *language)
{
  g_autoptr(GArray) hashes = g_array_sized_new (FALSE, FALSE, sizeof (guint64), 64);
  g_autoptr(GArray) figures = g_array_new (FALSE, FALSE, sizeof (guint64));
  Terms terms = { hashes, figures };
  const guint64 *hash;
  guint64 fact;

  init_hash_functions ();
  for (guint i = 0; i < N_HASHES; i++)
    member->mins[i] = G_MAXUINT32;

  /* Each term once: a word said twice is no more of the story. */
  peil_text_foreach_term (text, language, add_term, &terms);
  g_array_sort (hashes, compare_hashes);
  hash = (const guint64 *)hashes->data;
  member->n_terms = 0;
  member->negations = 0;
  member->facts.n = 0;
  for (guint t = 0; t < hashes->len; t++)
    {
      if (t > 0 && hash[t] == hash[t - 1])
        continue;
      member->n_terms++;
      if (is_negation (hash[t]))
        member->negations ^= hash[t];
      else if ((fact = fact_of (hash[t])) != 0)
        add_fact (&member->facts, fact);
      for (guint i = 0; i < N_HASHES; i++)
        {
          guint32 value = (guint32)((hash[t] * multipliers[i] + increments[i]) >> 32);

          member->mins[i] = MIN (member->mins[i], value);
        }
    }
  if (member->n_terms == 0)
    return FALSE;
  member->cut_short = peil_text_is_cut_short (text);
  for (guint i = 0; i < figures->len; i++)
    add_fact (&member->facts, g_array_index (figures, guint64, i));

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

/* Whether every fact of @a is one of @b's. */
static gboolean
facts_within (const Facts *a,
              const Facts *b)
{
  guint j = 0;

  for (guint i = 0; i < a->n; i++)
    {
      while (j < b->n && b->v[j] < a->v[i])
        j++;
      if (j == b->n || b->v[j] != a->v[i])
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_story (const Member *a,
            const Member *b,
            const Facts  *story,
            double        similarity)
{
  if (a->negations != b->negations)
    return FALSE;
  if (!facts_within (&a->facts, story) && !facts_within (story, &a->facts))
    return FALSE;
  if (MIN (a->n_terms, b->n_terms) < FEW_TERMS)
    return similarity == 1.0 && a->n_terms == b->n_terms;
  /* A copy cut short has only the first part of its original's terms:
   * what counts is how many of its terms the other has (from the Jaccard
   * estimate J and the sizes: |A ∩ B| = J (|A| + |B|) / (1 + J)). */
  if ((a->cut_short && a->n_terms < b->n_terms) || (b->cut_short && b->n_terms < a->n_terms))
    return similarity * (a->n_terms + b->n_terms) / ((1 + similarity) * MIN (a->n_terms, b->n_terms)) >= CUT_SHORT_SAME_STORY;
  return similarity >= SAME_STORY;
}

/* Takes the oldest post out of the ring, and its bands out of the
 * buckets where it is still the latest. */
static void
forget (PeilStoryIndex *self,
        guint           slot)
{
  Member *member = &self->members[slot];
  StoryFacts *story = g_hash_table_lookup (self->stories, &member->story);

  if (story != NULL && --story->members == 0)
    g_hash_table_remove (self->stories, &member->story);

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
  StoryFacts *story;

  if (self->count == self->capacity)
    forget (self, slot);
  else
    self->count++;
  self->members[slot] = *member;
  self->next = (slot + 1) % self->capacity;

  story = g_hash_table_lookup (self->stories, &member->story);
  if (story == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = member->story;
      story = g_new0 (StoryFacts, 1);
      g_hash_table_insert (self->stories, key, story);
    }
  story->members++;
  for (guint i = 0; i < member->facts.n; i++)
    add_fact (&story->facts, member->facts.v[i]);

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
      if (similarity > best_similarity &&
          same_story (member, candidate, g_hash_table_lookup (self->stories, &candidate->story), similarity))
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

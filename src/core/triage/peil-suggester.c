/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tag suggestions: one logistic regression per tag (and one for
 * off-topic) over hashed word and character n-grams, learned from the
 * posts the analysts of this incident have tagged or marked off-topic.
 *
 * Why our own learner and not liblinear: the incident model is the
 * shipped prior plus what this incident taught it (training starts from
 * the prior's weights and stops early, so it stays near them rather than
 * near zero), which liblinear cannot express without a feature per prior
 * score; and a full retrain on a few thousand
 * posts is a few tens of milliseconds here, so "online" is simply
 * "retrain on a worker when a tag changes". See docs/triage.md.
 *
 * Why no stemmer: character 3- and 4-grams inside words already join
 * "overstroming" and "overstromingen", "flood" and "flooding", in both
 * languages and without knowing a post's language.
 */
#define G_LOG_DOMAIN "peil-suggester"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "peil-database-private.h"
#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-pseudonymizer-private.h"
#include "peil-suggester.h"

#define DIM_BITS 16
#define DIMS (1u << DIM_BITS)
/* Authors have slots of their own after the text's, where no prior
 * weight lies: an account must not take a word's weight by chance. */
#define AUTHOR_DIMS (1u << 12)
#define ALL_DIMS (DIMS + AUTHOR_DIMS)
#define PRIOR_MAGIC "peil-suggester-prior 1"
#define PRIOR_RESOURCE "/nl/peil/core/triage/prior.txt"
#define LEXICON_RESOURCE "/nl/peil/core/triage/lexicon.tsv"

/* Learning a prior: passes over the examples and their step size. */
#define EPOCHS 4
#define STEP 0.5f
/* Learning an incident on top of the prior: passes (fewer on a large
 * incident, so that a retraining costs at most about ADAPT_STEPS steps
 * or two passes), the L2 pull of what the incident adds towards nothing
 * (per step, on the features a step touches), and the step of each tag's
 * scale on the prior, smaller than STEP since one number moves every
 * score of a tag, with the least it may fall to: a few of the incident's
 * posts may temper a tag's prior, not erase it. */
#define ADAPT_EPOCHS 10
#define ADAPT_STEPS 40000
#define ADAPT_L2 1e-3f
#define SCALE_STEP 0.1f
#define SCALE_FLOOR 0.5f
/* Positives weigh at most this much more than negatives. */
#define MAX_POSITIVE_WEIGHT 10.0f
/* A second tag of what a post is about needs this confidence. */
#define SECOND_THRESHOLD 0.5
/* A prior keeps per head only its strongest weights (file size, speed). */
#define PRIOR_KEEP 6000
/* The value of each author feature, beside a text's features of unit
 * length together: a post's author counts as much whether its text is
 * long or short, and as much as a word of a four-word post. */
#define AUTHOR_VALUE 0.5f

typedef struct
{
  guint32 index;
  float   value;
} Feature;

typedef struct
{
  GArray  *features; /* Feature: the text's, sorted by index and of unit length together, then the author's */
  GStrv    codes;    /* its tags, NULL-terminated */
  gboolean off_topic;
} Example;

typedef struct
{
  char    *code;
  float    bias;
  guint32 *index;
  float   *weight;
  guint    n;
} PriorHead;

typedef struct
{
  char    *code;  /* a tag code, or PEIL_SUGGESTER_OFF_TOPIC */
  char    *group; /* its dimension: one suggestion per dimension */
  gboolean facet; /* of a facet (who, priority), not of the content */
} Head;

/* The weights of all heads of a feature lie together (feature-major), so
 * that scoring a post reads one cache line per feature, not one per
 * feature and head: that is what makes a million posts fast. */
typedef struct
{
  GPtrArray *heads;   /* Head: the tags, then off-topic if known */
  guint      n_tags;
  gboolean   has_off_topic;
  float     *bias;    /* per head */
  gboolean  *usable;  /* per head: has a prior, or was taught both ways */
  float     *w;       /* ALL_DIMS × heads */
  guint      n_trained;
  GHashTable *allowed; /* the incident's allow-list, normalised, when trained */
} Model;

/**
 * PeilSuggester:
 *
 * Suggests tags for posts, learned from the posts the analysts of an
 * incident have tagged or marked off-topic, on top of a prior that Peil
 * ships (see docs/triage.md). A suggester may be used from several
 * threads: training swaps its model in under a lock, and a suggestion uses
 * the model that was current when it began.
 */
struct _PeilSuggester
{
  GObject    parent_instance;

  GPtrArray *prior; /* PriorHead */
  GMutex     lock;  /* guards model */
  Model     *model; /* atomic refcounted box */
};

/**
 * peil_suggester_get_type:
 *
 * Returns: the #GType of #PeilSuggester
 */
G_DEFINE_FINAL_TYPE (PeilSuggester, peil_suggester, G_TYPE_OBJECT)

/* Features */

static inline guint32
hash_bytes (guint32     h,
            const char *bytes,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      h ^= (guchar)bytes[i];
      h *= 16777619u;
    }
  return h;
}

static inline guint32
hash_kind (char kind)
{
  return hash_bytes (2166136261u, &kind, 1);
}

static void
add_feature (GArray  *features,
             guint32  hash)
{
  Feature f = { hash & (DIMS - 1), 1.0f };

  g_array_append_val (features, f);
}

static void
add_author_feature (GArray  *features,
                    guint32  hash)
{
  Feature f = { DIMS + (hash & (AUTHOR_DIMS - 1)), AUTHOR_VALUE };

  g_array_append_val (features, f);
}

/* Whether a token is an @mention, also after an opening bracket or
 * quote ("(@x", "“@x", ".@x"): a handle is never learned as words. */
static gboolean
is_mention (const char *token,
            const char *end)
{
  while (token < end)
    {
      gunichar c = g_utf8_get_char_validated (token, end - token);

      if (c == '@')
        return TRUE;
      if (c == (gunichar)-1 || c == (gunichar)-2 || g_unichar_isalnum (c) || c == '#')
        return FALSE;
      token = g_utf8_next_char (token);
    }
  return FALSE;
}

static int
compare_features (gconstpointer a,
                  gconstpointer b)
{
  guint32 x = ((const Feature *)a)->index, y = ((const Feature *)b)->index;

  return x < y ? -1 : x > y;
}

/* Lower case without accents, so "Café" and "cafe" are one word: ASCII
 * directly, the rest through its canonical decomposition. */
static void
append_folded (GString  *word,
               gunichar  c)
{
  if (c < 128)
    g_string_append_c (word, g_ascii_tolower ((char)c));
  else
    {
      gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n = g_unichar_fully_decompose (g_unichar_tolower (c), FALSE, d, G_N_ELEMENTS (d));

      if (n > 0)
        g_string_append_unichar (word, d[0]);
    }
}

static void
add_word (GArray     *features,
          const char *word,
          gsize       length,
          GString    *previous)
{
  char padded[64];
  gboolean number = TRUE;

  for (gsize i = 0; i < length && number; i++)
    number = g_ascii_isdigit (word[i]);
  if (number)
    {
      word = "0";
      length = 1;
    }

  add_feature (features, hash_bytes (hash_kind ('w'), word, length));
  if (previous->len > 0)
    {
      guint32 h = hash_bytes (hash_kind ('b'), previous->str, previous->len);

      h = hash_bytes (h, " ", 1);
      add_feature (features, hash_bytes (h, word, length));
    }
  g_string_assign (previous, "");
  g_string_append_len (previous, word, length);

  /* Character 3- and 4-grams of " word ", in bytes: a split UTF-8
   * sequence still hashes the same in every post. Not of words longer
   * than any real one (links without a scheme, base64). */
  if (length + 2 > sizeof padded)
    return;
  padded[0] = ' ';
  memcpy (padded + 1, word, length);
  padded[length + 1] = ' ';
  for (guint n = 3; n <= 4; n++)
    for (gsize i = 0; i + n <= length + 2; i++)
      add_feature (features, hash_bytes (hash_kind ((char)('0' + n)), padded + i, n));
}

/* The features of @text: words, pairs of words, character n-grams, and
 * whether it is a retweet, asks something, has a link or a mention (who
 * writes a post shows in those more than in its words). */
static void
add_text_features (GArray     *features,
                   const char *text)
{
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GString) previous = g_string_new (NULL);
  const char *p = text != NULL ? text : "";
  gboolean first = TRUE;

  while (*p != '\0')
    {
      const char *end;

      while (*p != '\0' && g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;
      end = p;
      while (*end != '\0' && !g_ascii_isspace (*end))
        end++;

      if (g_ascii_strncasecmp (p, "http://", 7) == 0 || g_ascii_strncasecmp (p, "https://", 8) == 0 ||
          g_ascii_strncasecmp (p, "www.", 4) == 0)
        add_feature (features, hash_bytes (hash_kind ('u'), "url", 3));
      else if (is_mention (p, end))
        add_feature (features, hash_bytes (hash_kind ('u'), "mention", 7));
      else if (first && (end - p == 2 || (end - p == 3 && p[2] == ':')) && g_ascii_strncasecmp (p, "rt", 2) == 0)
        add_feature (features, hash_bytes (hash_kind ('u'), "rt", 2));
      else
        {
          const char *q = p;

          while (q < end)
            {
              gunichar c;

              /* Most posts are ASCII: no decoding for those bytes. */
              if ((guchar)*q < 0x80 && g_ascii_isalnum (*q))
                {
                  g_string_append_c (word, g_ascii_tolower (*q));
                  q++;
                  continue;
                }
              c = g_utf8_get_char_validated (q, end - q);

              if (c == (gunichar)-1 || c == (gunichar)-2)
                {
                  q++;
                  continue;
                }
              if (g_unichar_isalnum (c) || g_unichar_ismark (c))
                append_folded (word, c);
              else
                {
                  if (word->len > 0)
                    add_word (features, word->str, word->len, previous);
                  g_string_truncate (word, 0);
                  if (c == '?')
                    add_feature (features, hash_bytes (hash_kind ('u'), "?", 1));
                  else if (c == '!')
                    add_feature (features, hash_bytes (hash_kind ('u'), "!", 1));
                }
              q = g_utf8_next_char (q);
            }
          if (word->len > 0)
            add_word (features, word->str, word->len, previous);
          g_string_truncate (word, 0);
        }
      first = FALSE;
      p = end;
    }
}

/* The words of an account's normalised handle or name, up to @stop
 * (the server of "politie@mastodon.social", the domain of
 * "nos.bsky.social": "mastodon" and "social" say nothing of who writes).
 * Hashed apart from the text's words: "nieuws" in a name is not "nieuws"
 * in a post. */
static void
add_account_words (GArray     *features,
                   const char *normal,
                   const char *stop)
{
  const char *p = normal;

  while (*p != '\0' && strchr (stop, *p) == NULL)
    {
      const char *end = p;

      while (*end != '\0' && (g_ascii_isalnum (*end) || (guchar)*end >= 0x80))
        end++;
      if (end - p >= 3)
        add_author_feature (features, hash_bytes (hash_kind ('n'), p, end - p));
      p = *end != '\0' && strchr (stop, *end) == NULL ? end + 1 : end;
    }
}

/* Who writes, as far as the analysts let the model know it: an account
 * on the incident's allow-list (the municipality, police, media: they
 * speak in public for an organisation) by its handle on its source, and
 * the words of its handle and name ("gemeente", "nieuws"). Of every
 * other author nothing: the model learns nothing of one resident. (A
 * feature shared by all of them, "not on the list", was tried: before
 * anyone is on the list it carries the actor tagged most to every
 * resident.) */
static void
add_author_features (GArray     *features,
                     GHashTable *allowed,
                     const char *source,
                     const char *account,
                     const char *name)
{
  g_autofree char *normal = NULL;
  g_autofree char *name_normal = NULL;
  guint32 h;

  /* Most incidents list few accounts or none: no normalising then. */
  if (account == NULL || allowed == NULL || g_hash_table_size (allowed) == 0 ||
      (normal = peil_account_normalize (account)) == NULL || !g_hash_table_contains (allowed, normal))
    return;
  /* "@nos" allowed for the broadcaster on one network is someone else on
   * another: one feature per source. */
  h = hash_bytes (hash_kind ('a'), source != NULL ? source : "", source != NULL ? strlen (source) : 0);
  add_author_feature (features, hash_bytes (hash_bytes (h, ":", 1), normal, strlen (normal)));
  add_account_words (features, normal, "@.");
  if (name != NULL && (name_normal = peil_account_normalize (name)) != NULL)
    add_account_words (features, name_normal, "");
}

/* Each feature once (present or not), then unit length, so that long
 * and short posts weigh alike. */
static void
finish_features (GArray *features)
{
  guint out = 0;
  float norm;

  g_array_sort (features, compare_features);
  for (guint i = 0; i < features->len; i++)
    if (out == 0 || g_array_index (features, Feature, out - 1).index != g_array_index (features, Feature, i).index)
      g_array_index (features, Feature, out++) = g_array_index (features, Feature, i);
  g_array_set_size (features, out);
  norm = out > 0 ? 1.0f / sqrtf ((float)out) : 0.0f;
  for (guint i = 0; i < out; i++)
    g_array_index (features, Feature, i).value = norm;
}

/* The features of a text alone: the lexicon, public labelled data. */
static GArray *
featurize (const char *text)
{
  GArray *features = g_array_sized_new (FALSE, FALSE, sizeof (Feature), 256);

  add_text_features (features, text);
  finish_features (features);
  return features;
}

/* The features of a post of an incident: its text and its author
 * (peil_account_of() gives @account). */
static GArray *
featurize_post (const char *text,
                GHashTable *allowed,
                const char *source,
                const char *account,
                const char *name)
{
  GArray *features = g_array_sized_new (FALSE, FALSE, sizeof (Feature), 256);

  add_text_features (features, text);
  finish_features (features);
  add_author_features (features, allowed, source, account, name);
  return features;
}

/* Heads and models */

static void
example_clear (gpointer data)
{
  Example *example = data;

  g_clear_pointer (&example->features, g_array_unref);
  g_clear_pointer (&example->codes, g_strfreev);
}

static void
prior_head_free (gpointer data)
{
  PriorHead *head = data;

  g_free (head->code);
  g_free (head->index);
  g_free (head->weight);
  g_free (head);
}

static void
head_free (gpointer data)
{
  Head *head = data;

  g_free (head->code);
  g_free (head->group);
  g_free (head);
}

static Head *
head_new (const char *code,
          const char *group,
          gboolean    facet)
{
  Head *head = g_new0 (Head, 1);

  head->facet = facet;
  head->code = g_strdup (code);
  head->group = g_strdup (group);
  return head;
}

static void
model_clear (gpointer data)
{
  Model *model = data;

  g_clear_pointer (&model->heads, g_ptr_array_unref);
  g_clear_pointer (&model->bias, g_free);
  g_clear_pointer (&model->usable, g_free);
  g_clear_pointer (&model->w, g_free);
  g_clear_pointer (&model->allowed, g_hash_table_unref);
}

static Model *
model_ref (Model *model)
{
  return g_atomic_rc_box_acquire (model);
}

static void
model_unref (Model *model)
{
  g_atomic_rc_box_release_full (model, model_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Model, model_unref)

static const PriorHead *find_prior (GPtrArray  *prior,
                                    const char *code);

/* A model of @heads (taken) starting from the weights of @prior. */
static Model *
model_new (GPtrArray *heads,
           guint      n_tags,
           GPtrArray *prior)
{
  Model *model = g_atomic_rc_box_new0 (Model);
  guint n = heads->len;

  model->heads = heads;
  model->n_tags = n_tags;
  model->has_off_topic = n > n_tags;
  model->bias = g_new0 (float, MAX (n, 1));
  model->usable = g_new0 (gboolean, MAX (n, 1));
  model->w = g_new0 (float, (gsize)ALL_DIMS * MAX (n, 1));
  for (guint h = 0; h < n; h++)
    {
      const PriorHead *from = find_prior (prior, ((Head *)g_ptr_array_index (heads, h))->code);

      if (from == NULL)
        continue;
      model->usable[h] = TRUE;
      model->bias[h] = from->bias;
      for (guint i = 0; i < from->n; i++)
        model->w[(gsize)from->index[i] * n + h] = from->weight[i];
    }
  return model;
}

static inline void
model_scores (const Model  *model,
              const GArray *features,
              float        *scores)
{
  guint n = model->heads->len;

  memcpy (scores, model->bias, n * sizeof (float));
  for (guint i = 0; i < features->len; i++)
    {
      const Feature *f = &g_array_index (features, Feature, i);
      const float *w = model->w + (gsize)f->index * n;

      for (guint h = 0; h < n; h++)
        scores[h] += w[h] * f->value;
    }
}

static inline double
sigmoid (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

static gboolean
example_has (const Example *example,
             const char    *code)
{
  if (g_str_equal (code, PEIL_SUGGESTER_OFF_TOPIC))
    return example->off_topic;
  return example->codes != NULL && g_strv_contains ((const char * const *)example->codes, code);
}

/* What each example teaches each head. */
typedef struct
{
  guint8   *labels;          /* examples × heads: 1 for a positive */
  float    *positive_weight; /* per head */
  gboolean *taught;          /* per head: seen both ways */
} Targets;

/* Positives weigh more when they are rare (the square root of the
 * ratio, at most MAX_POSITIVE_WEIGHT), or a tag used on one post in
 * thirty would never reach the threshold. */
static void
targets_init (Targets *targets,
              Model   *model,
              GArray  *examples)
{
  guint n = model->heads->len;

  targets->labels = g_new0 (guint8, (gsize)MAX (n, 1) * MAX (examples->len, 1));
  targets->positive_weight = g_new (float, MAX (n, 1));
  targets->taught = g_new0 (gboolean, MAX (n, 1));
  for (guint h = 0; h < n; h++)
    {
      const char *code = ((Head *)g_ptr_array_index (model->heads, h))->code;
      guint n_positive = 0;

      for (guint i = 0; i < examples->len; i++)
        n_positive += targets->labels[(gsize)i * n + h] = example_has (&g_array_index (examples, Example, i), code);
      targets->positive_weight[h] = n_positive > 0 ?
        CLAMP (sqrtf ((float)(examples->len - n_positive) / n_positive), 1.0f, MAX_POSITIVE_WEIGHT) : 1.0f;
      /* Only positives (a new tag on its first post, off-topic marks and
       * no tags yet) teach "always", only negatives (a tag not given yet,
       * every tagged post lacking it) "never": such a head keeps its
       * prior, and without one suggests nothing until it has been seen
       * both ways. */
      targets->taught[h] = n_positive > 0 && n_positive < examples->len;
      model->usable[h] |= targets->taught[h];
    }
}

static void
targets_clear (Targets *targets)
{
  g_clear_pointer (&targets->labels, g_free);
  g_clear_pointer (&targets->positive_weight, g_free);
  g_clear_pointer (&targets->taught, g_free);
}

/* Passes of stochastic gradient descent on the logistic loss of each
 * head. With @prior_scores (examples × heads), a head's score is its
 * prior's score times @scale, which is learned too, plus what the model's
 * own weights add; @l2 pulls those weights towards zero. */
static void
descend (Model         *model,
         GArray        *examples,
         const guint   *order,
         const Targets *targets,
         guint          epochs,
         const float   *prior_scores,
         float         *scale,
         float          l2)
{
  guint n = model->heads->len;
  g_autofree float *scores = g_new (float, MAX (n, 1));

  for (guint epoch = 0; epoch < epochs; epoch++)
    {
      float step = STEP / sqrtf (1.0f + epoch);
      float keep = 1.0f - step * l2;

      for (guint k = 0; k < examples->len; k++)
        {
          const Example *example = &g_array_index (examples, Example, order[k]);
          const guint8 *y = targets->labels + (gsize)order[k] * n;
          const float *prior = prior_scores != NULL ? prior_scores + (gsize)order[k] * n : NULL;

          model_scores (model, example->features, scores);
          for (guint h = 0; h < n; h++)
            {
              float p = (float)sigmoid (scores[h] + (prior != NULL ? scale[h] * prior[h] : 0.0f));
              float gradient = !targets->taught[h] ? 0.0f :
                step * (y[h] ? (p - 1.0f) * targets->positive_weight[h] : p);

              model->bias[h] -= gradient;
              if (prior != NULL)
                scale[h] = MAX (SCALE_FLOOR, scale[h] - SCALE_STEP * gradient * prior[h]);
              scores[h] = gradient;
            }
          for (guint i = 0; i < example->features->len; i++)
            {
              const Feature *f = &g_array_index (example->features, Feature, i);
              float *w = model->w + (gsize)f->index * n;

              for (guint h = 0; h < n; h++)
                w[h] = w[h] * keep - scores[h] * f->value;
            }
        }
    }
}

/* A prior: logistic regression per head from zero, a few passes
 * (stopping early is the regularisation). */
static void
model_train (Model       *model,
             GArray      *examples,
             const guint *order)
{
  Targets targets;

  targets_init (&targets, model, examples);
  descend (model, examples, order, &targets, EPOCHS, NULL, NULL, 0.0f);
  targets_clear (&targets);
}

/* An incident on top of the prior the model holds. The prior's score is
 * kept whole as an offset with a learned scale per tag, and the incident
 * learns only a difference from it, held small by L2: its tags move the
 * prior where they disagree with it without wearing away what they do
 * not speak of. (Continuing the prior's own descent on the incident's
 * tags forgot too much: a prior that had seen the event lost a quarter
 * of its macro-F1 to the first 25% of the event's tags.) */
static void
model_adapt (Model       *model,
             GArray      *examples,
             const guint *order)
{
  guint n = model->heads->len;
  gsize n_weights = (gsize)ALL_DIMS * n;
  g_autofree float *prior_w = g_memdup2 (model->w, n_weights * sizeof (float));
  g_autofree float *prior_bias = g_memdup2 (model->bias, MAX (n, 1) * sizeof (float));
  g_autofree float *prior_scores = g_new (float, (gsize)MAX (n, 1) * MAX (examples->len, 1));
  g_autofree float *scale = g_new (float, MAX (n, 1));
  Targets targets;

  for (guint i = 0; i < examples->len; i++)
    model_scores (model, g_array_index (examples, Example, i).features, prior_scores + (gsize)i * n);
  memset (model->w, 0, n_weights * sizeof (float));
  memset (model->bias, 0, n * sizeof (float));
  for (guint h = 0; h < n; h++)
    scale[h] = 1.0f;

  targets_init (&targets, model, examples);
  descend (model, examples, order, &targets, CLAMP (ADAPT_STEPS / MAX (examples->len, 1), 2, ADAPT_EPOCHS),
           prior_scores, scale, ADAPT_L2);
  targets_clear (&targets);

  /* One model again, so that scoring a post costs what it did. */
  for (guint h = 0; h < n; h++)
    model->bias[h] += scale[h] * prior_bias[h];
  for (gsize j = 0; j < n_weights; j++)
    model->w[j] += scale[j % n] * prior_w[j];
}

static guint *
shuffled_order (guint n)
{
  guint *order = g_new (guint, MAX (n, 1));
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32)i);
      guint t = order[i - 1];

      order[i - 1] = order[j];
      order[j] = t;
    }
  return order;
}

static const PriorHead *
find_prior (GPtrArray  *prior,
            const char *code)
{
  if (prior == NULL)
    return NULL;
  for (guint i = 0; i < prior->len; i++)
    {
      const PriorHead *head = g_ptr_array_index (prior, i);

      if (g_str_equal (head->code, code))
        return head;
    }
  return NULL;
}

/* Prior file */

static gboolean
parse_prior (GBytes     *bytes,
             GPtrArray **out_heads,
             GError    **error)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func (prior_head_free);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  PriorHead *head = NULL;
  guint filled = 0;

  /* Lines cut in place, each found from where the last ended: 200,000
   * lines, where g_strsplit() (strstr from the cut on) costs a scan of
   * the rest per line under the sanitizers. */
  for (char *start = text, *newline; start != NULL; start = newline ? newline + 1 : NULL)
    {
      if ((newline = memchr (start, '\n', text + size - start)) != NULL)
        *newline = '\0';
      g_ptr_array_add (lines, start);
    }
  g_ptr_array_add (lines, NULL);

  if (!g_str_equal (lines->pdata[0], PRIOR_MAGIC))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, "Not a suggestion prior (line 1)");
      return FALSE;
    }
  /* Numbers in the C locale's form whatever the user's locale is. */
  for (guint i = 1; i + 1 < lines->len; i++)
    {
      const char *line = lines->pdata[i];
      char *end;

      if (line[0] == '\0')
        continue;
      if (g_str_has_prefix (line, "head "))
        {
          g_auto(GStrv) parts = g_strsplit (line + 5, " ", -1);
          guint64 n;

          if ((head != NULL && filled != head->n) || g_strv_length (parts) != 3 ||
              !g_ascii_string_to_unsigned (parts[2], 10, 0, DIMS, &n, NULL))
            break;
          head = g_new0 (PriorHead, 1);
          head->code = g_strdup (parts[0]);
          head->bias = (float)g_ascii_strtod (parts[1], NULL);
          head->n = (guint)n;
          head->index = g_new (guint32, MAX (n, 1));
          head->weight = g_new (float, MAX (n, 1));
          g_ptr_array_add (heads, head);
          filled = 0;
          continue;
        }
      if (head != NULL && filled < head->n)
        {
          guint64 index = g_ascii_strtoull (line, &end, 10);

          if (end != line && *end == ' ' && index < DIMS)
            {
              head->index[filled] = (guint32)index;
              head->weight[filled++] = (float)g_ascii_strtod (end + 1, NULL);
              continue;
            }
        }
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, "Suggestion prior: line %u cannot be read", i + 1);
      return FALSE;
    }
  if (head != NULL && filled != head->n)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, "Suggestion prior: head %s ends early", head->code);
      return FALSE;
    }
  *out_heads = g_steal_pointer (&heads);
  return TRUE;
}

typedef struct
{
  guint32 index;
  float   weight;
} Weight;

static int
compare_magnitude (gconstpointer a,
                   gconstpointer b)
{
  float x = fabsf (((const Weight *)a)->weight), y = fabsf (((const Weight *)b)->weight);

  return x > y ? -1 : x < y;
}

static int
compare_index (gconstpointer a,
               gconstpointer b)
{
  guint32 x = ((const Weight *)a)->index, y = ((const Weight *)b)->index;

  return x < y ? -1 : x > y;
}

static void
write_head (GString     *out,
            const Model *model,
            guint        h)
{
  const Head *head = g_ptr_array_index (model->heads, h);
  guint n = model->heads->len;
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (Weight));

  for (guint32 i = 0; i < DIMS; i++)
    if (fabsf (model->w[(gsize)i * n + h]) >= 0.001f)
      {
        Weight w = { i, model->w[(gsize)i * n + h] };

        g_array_append_val (weights, w);
      }
  g_array_sort (weights, compare_magnitude);
  g_array_set_size (weights, MIN (weights->len, PRIOR_KEEP));
  g_array_sort (weights, compare_index);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "head %s %s %u\n", head->code,
                          g_ascii_formatd (number, sizeof number, "%.4f", model->bias[h]), weights->len);
  for (guint i = 0; i < weights->len; i++)
    g_string_append_printf (out, "%u %s\n", g_array_index (weights, Weight, i).index,
                            g_ascii_formatd (number, sizeof number, "%.4f", g_array_index (weights, Weight, i).weight));
}

/* The crisis lexicon: "CODE<TAB>word or phrase" lines, Dutch and
 * English; each phrase is a small example of its tag. */
static void
add_lexicon (GArray    *examples,
             GPtrArray *codes)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (LEXICON_RESOURCE, 0, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (bytes == NULL)
    return;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');
      Example example = { 0 };
      g_autofree char *code = NULL;

      if (lines[i][0] == '#' || tab == NULL)
        continue;
      code = g_strndup (lines[i], tab - lines[i]);
      if (!g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        g_ptr_array_add (codes, g_strdup (code));
      example.features = featurize (tab + 1);
      example.codes = g_new0 (char *, 2);
      example.codes[0] = g_steal_pointer (&code);
      g_array_append_val (examples, example);
    }
}

/**
 * peil_suggester_build_prior:
 * @examples: (array length=n_examples): the labelled texts
 * @n_examples: how many @examples there are
 * @heads: (array zero-terminated=1): the tags @examples speak for (with %PEIL_SUGGESTER_OFF_TOPIC)
 *
 * Learns a prior from labelled public data and the shipped crisis lexicon
 * (whose tags join @heads), in the form data/triage/prior.txt has.
 *
 * Returns: (transfer full): the prior, for peil_suggester_new_with_prior()
 */
GBytes *
peil_suggester_build_prior (const PeilSuggesterExample *examples,
                            guint                       n_examples,
                            const char * const         *heads,
                            GError                    **error)
{
  g_autoptr(GArray) all = g_array_new (FALSE, TRUE, sizeof (Example));
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) model_heads = g_ptr_array_new_with_free_func (head_free);
  g_autoptr(Model) model = NULL;
  g_autofree guint *order = NULL;
  GString *out = g_string_new (PRIOR_MAGIC "\n");

  g_array_set_clear_func (all, example_clear);
  for (guint i = 0; heads != NULL && heads[i] != NULL; i++)
    g_ptr_array_add (codes, g_strdup (heads[i]));
  for (guint i = 0; i < n_examples; i++)
    {
      Example example = { featurize (examples[i].text), g_strdupv ((GStrv)examples[i].codes), examples[i].off_topic };

      g_array_append_val (all, example);
    }
  add_lexicon (all, codes);
  order = shuffled_order (all->len);

  for (guint i = 0; i < codes->len; i++)
    g_ptr_array_add (model_heads, head_new (g_ptr_array_index (codes, i), NULL, FALSE));
  model = model_new (g_steal_pointer (&model_heads), codes->len, NULL);
  model_train (model, all, order);
  for (guint h = 0; h < model->heads->len; h++)
    write_head (out, model, h);
  return g_string_free_to_bytes (out);
}

/* The suggester */

static void
peil_suggester_finalize (GObject *object)
{
  PeilSuggester *self = PEIL_SUGGESTER (object);

  g_clear_pointer (&self->prior, g_ptr_array_unref);
  g_clear_pointer (&self->model, model_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (peil_suggester_parent_class)->finalize (object);
}

static void
peil_suggester_class_init (PeilSuggesterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_suggester_finalize;
}

static void
peil_suggester_init (PeilSuggester *self)
{
  g_mutex_init (&self->lock);
}

/**
 * peil_suggester_new_with_prior:
 * @prior: (nullable): a prior from peil_suggester_build_prior(), or %NULL
 *   to learn from the incident alone
 *
 * Creates a suggester from @prior; fails with @error set when @prior cannot be
 * read.
 *
 * Returns: (transfer full): a suggester that knows nothing of an incident
 *   until peil_suggester_train()
 */
PeilSuggester *
peil_suggester_new_with_prior (GBytes  *prior,
                               GError **error)
{
  g_autoptr(PeilSuggester) self = g_object_new (PEIL_TYPE_SUGGESTER, NULL);

  if (prior != NULL && !parse_prior (prior, &self->prior, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * peil_suggester_new:
 *
 * Creates a suggester from the prior that Peil compiles in. It aborts when
 * that prior cannot be read, since that is a broken build and not something a
 * caller can handle.
 *
 * Returns: (transfer full): a suggester with the prior Peil ships
 */
PeilSuggester *
peil_suggester_new (void)
{
  g_autoptr(GBytes) prior = g_resources_lookup_data (PRIOR_RESOURCE, 0, NULL);
  g_autoptr(GError) error = NULL;
  PeilSuggester *self = peil_suggester_new_with_prior (prior, &error);

  /* The prior is compiled in: failing to read it is a bug in the build. */
  if (self == NULL)
    g_error ("%s", error->message);
  return self;
}

/* What the analysts have looked at: every post with a tag or an
 * off-topic mark; each teaches every tag it lacks as "not this". */
static gboolean
read_examples (PeilIncident *incident,
               GHashTable   *allowed,
               GArray       *examples,
               GCancellable *cancellable,
               GError      **error)
{
  sqlite3_stmt *stmt = peil_database_prepare (incident->db,
      "SELECT p.id, p.text,"
      " (SELECT group_concat (t.code, ' ') FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = p.id),"
      " EXISTS (SELECT 1 FROM post_dismissal d WHERE d.post_id = p.id),"
      " p.source, p.author_handle, p.author_name"
      " FROM post p WHERE p.id IN (SELECT post_id FROM post_tag UNION SELECT post_id FROM post_dismissal)"
      " ORDER BY p.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *codes = (const char *)sqlite3_column_text (stmt, 2);
      const char *account = peil_account_of ((const char *)sqlite3_column_text (stmt, 4),
                                             (const char *)sqlite3_column_text (stmt, 5),
                                             (const char *)sqlite3_column_text (stmt, 6));
      Example example = {
        featurize_post ((const char *)sqlite3_column_text (stmt, 1), allowed, (const char *)sqlite3_column_text (stmt, 4),
                        account, (const char *)sqlite3_column_text (stmt, 6)),
        g_strsplit (codes != NULL ? codes : "", " ", -1),
        sqlite3_column_int (stmt, 3),
      };

      g_array_append_val (examples, example);
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      peil_database_set_error (incident->db, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* The tags a model can suggest: those shown in the incident's
 * taxonomy, with a prior or used at least once here. */
static gboolean
read_heads (PeilSuggester *self,
            PeilIncident  *incident,
            GArray        *examples,
            GPtrArray     *heads,
            GError       **error)
{
  sqlite3_stmt *stmt = peil_database_prepare (incident->db,
      "SELECT t.code, d.code, d.facet FROM tag t JOIN dimension d ON d.id = t.dimension_id"
      " WHERE NOT t.hidden ORDER BY d.position, t.position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = (const char *)sqlite3_column_text (stmt, 0);
      const PriorHead *prior = find_prior (self->prior, code);
      gboolean used = FALSE;

      for (guint i = 0; i < examples->len && !used; i++)
        used = example_has (&g_array_index (examples, Example, i), code);
      if (prior != NULL || used)
        g_ptr_array_add (heads, head_new (code, (const char *)sqlite3_column_text (stmt, 1), sqlite3_column_int (stmt, 2)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (incident->db, error);
  return TRUE;
}

/**
 * peil_suggester_train:
 *
 * Learns again from every post of @incident the analysts have tagged or
 * marked off-topic, starting from the prior; the suggestions change
 * when it is done. Safe on a worker thread with a connection of its own.
 */
gboolean
peil_suggester_train (PeilSuggester *self,
                      PeilIncident  *incident,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GArray) examples = g_array_new (FALSE, TRUE, sizeof (Example));
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func (head_free);
  g_autoptr(GHashTable) allowed = NULL;
  g_autofree char *allow_list = NULL;
  g_autofree guint *order = NULL;
  gboolean dismissed = FALSE;
  guint n_tags;
  Model *model, *old;

  g_return_val_if_fail (PEIL_IS_SUGGESTER (self), FALSE);
  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), FALSE);

  g_array_set_clear_func (examples, example_clear);
  if (!peil_database_begin_read (incident->db, error))
    return FALSE;
  allow_list = peil_incident_get_metadata (incident, PEIL_META_ALLOW_LIST);
  allowed = peil_allow_list_to_set (allow_list);
  if (!read_examples (incident, allowed, examples, cancellable, error) ||
      !read_heads (self, incident, examples, heads, error))
    {
      peil_database_end_read (incident->db);
      return FALSE;
    }
  peil_database_end_read (incident->db);

  n_tags = heads->len;
  for (guint i = 0; i < examples->len && !dismissed; i++)
    dismissed = g_array_index (examples, Example, i).off_topic;
  if (find_prior (self->prior, PEIL_SUGGESTER_OFF_TOPIC) != NULL || dismissed)
    g_ptr_array_add (heads, head_new (PEIL_SUGGESTER_OFF_TOPIC, NULL, TRUE));
  model = model_new (g_steal_pointer (&heads), n_tags, self->prior);
  model->n_trained = examples->len;
  model->allowed = g_steal_pointer (&allowed);
  order = shuffled_order (examples->len);
  model_adapt (model, examples, order);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      model_unref (model);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->model);
  self->model = model;
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&old, model_unref);
  return TRUE;
}

static void
train_in_thread (GTask        *task,
                 PeilIncident *connection,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PeilSuggester *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (peil_suggester_train (self, connection, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * peil_suggester_train_async:
 *
 * peil_suggester_train() on a worker, so the window never waits for it.
 */
void
peil_suggester_train_async (PeilSuggester       *self,
                            PeilIncident        *incident,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, peil_suggester_train_async);
  peil_incident_run_in_thread (incident, task, train_in_thread);
}

/**
 * peil_suggester_train_finish:
 * @self: a #PeilSuggester
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes peil_suggester_train_async(). The new model is in use by then.
 *
 * Returns: %TRUE when the suggester was trained; %FALSE with @error set,
 *   in which case it keeps the model it had
 */
gboolean
peil_suggester_train_finish (PeilSuggester *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The prior is read on a thread without a connection to the incident:
 * a window that closes meanwhile must find none open, or SQLite would
 * leave the incident's write-ahead log beside it. The training that
 * follows is peil_suggester_train_async(), short as ever. */
static void
read_prior_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_task_return_pointer (task, peil_suggester_new (), g_object_unref);
}

static void
on_first_trained (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (peil_suggester_train_finish (PEIL_SUGGESTER (source), result, &error))
    g_task_return_pointer (task, g_object_ref (source), g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
on_prior_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PeilSuggester) suggester = NULL;
  GError *error = NULL;

  if (!(suggester = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  peil_suggester_train_async (suggester, g_task_get_source_object (task), g_task_get_cancellable (task),
                              on_first_trained, g_object_ref (task));
}

/**
 * peil_suggester_new_for_incident_async:
 *
 * A suggester with the prior Peil ships, trained on @incident, made off
 * the caller's thread: reading the prior takes a good part of a second,
 * which a window opening an incident must not wait for.
 */
void
peil_suggester_new_for_incident_async (PeilIncident        *incident,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) prior = NULL;

  g_return_if_fail (PEIL_IS_INCIDENT (incident));

  task = g_task_new (incident, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_suggester_new_for_incident_async);
  prior = g_task_new (NULL, cancellable, on_prior_read, g_object_ref (task));
  g_task_set_source_tag (prior, read_prior_in_thread);
  g_task_run_in_thread (prior, read_prior_in_thread);
}

/**
 * peil_suggester_new_for_incident_finish:
 *
 * Finishes the work started with peil_suggester_new_for_incident_async(): a
 * suggester with Peil's prior, trained on the incident's tagged posts.
 *
 * Returns: (transfer full): the trained suggester, or %NULL with @error set
 */
PeilSuggester *
peil_suggester_new_for_incident_finish (PeilIncident  *incident,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, incident), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * peil_suggester_get_n_trained:
 *
 * Tells how many tagged posts the suggester learned from, so that the
 * interface can say how much its suggestions are worth.
 *
 * Returns: how many posts the current model learned from
 */
guint
peil_suggester_get_n_trained (PeilSuggester *self)
{
  guint n;

  g_return_val_if_fail (PEIL_IS_SUGGESTER (self), 0);
  g_mutex_lock (&self->lock);
  n = self->model != NULL ? self->model->n_trained : 0;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * peil_suggestion_free:
 * @suggestion: (nullable) (transfer full): a #PeilSuggestion
 *
 * Frees @suggestion and its tags.
 */
void
peil_suggestion_free (PeilSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_ptr_array_unref (suggestion->tags);
  g_free (suggestion);
}

/* The tags are not changed once suggested, so a copy shares them. */
static PeilSuggestion *
peil_suggestion_copy (const PeilSuggestion *suggestion)
{
  PeilSuggestion *copy = g_memdup2 (suggestion, sizeof *suggestion);

  g_ptr_array_ref (copy->tags);
  return copy;
}

G_DEFINE_BOXED_TYPE (PeilSuggestion, peil_suggestion, peil_suggestion_copy, peil_suggestion_free)

/**
 * peil_suggestion_dup_codes:
 * @minimum: the least confidence to take
 *
 * Gives the suggested tags that are confident enough to accept, for accepting
 * suggestions in bulk.
 *
 * Returns: (transfer full) (nullable): the codes of @suggestion's tags at
 *   or above @minimum, or %NULL when there are none
 */
char **
peil_suggestion_dup_codes (PeilSuggestion *suggestion,
                           double          minimum)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  guint n = 0;

  g_return_val_if_fail (suggestion != NULL, NULL);

  for (guint i = 0; i < suggestion->tags->len; i++)
    {
      PeilSuggestedTag *tag = g_ptr_array_index (suggestion->tags, i);

      if (tag->confidence >= minimum)
        {
          g_strv_builder_add (codes, tag->code);
          n++;
        }
    }
  return n > 0 ? g_strv_builder_end (codes) : NULL;
}

static void
suggested_tag_free (gpointer data)
{
  PeilSuggestedTag *tag = data;

  g_free (tag->code);
  g_free (tag);
}

static int
compare_confidence (gconstpointer a,
                    gconstpointer b)
{
  double x = (*(PeilSuggestedTag * const *)a)->confidence;
  double y = (*(PeilSuggestedTag * const *)b)->confidence;

  return x > y ? -1 : x < y;
}

/* The decision rule: per dimension, its most likely tag, if at least
 * PEIL_SUGGESTER_THRESHOLD. Heads of one dimension are adjacent. */
static PeilSuggestion *
suggest_features (Model        *model,
                  const GArray *features)
{
  PeilSuggestion *suggestion = g_new0 (PeilSuggestion, 1);
  g_autofree float *scores = g_new (float, MAX (model->heads->len, 1));
  g_autofree guint *picked = g_new (guint, MAX (model->n_tags, 1));
  guint n_picked = 0;
  double best_content = 0;

  model_scores (model, features, scores);
  for (guint i = 0; i < model->n_tags;)
    {
      Head *first = g_ptr_array_index (model->heads, i);
      guint best = i;

      for (; i < model->n_tags && g_str_equal (((Head *)g_ptr_array_index (model->heads, i))->group, first->group); i++)
        if (model->usable[i] && (!model->usable[best] || scores[i] > scores[best]))
          best = i;
      if (model->usable[best] && sigmoid (scores[best]) >= PEIL_SUGGESTER_THRESHOLD)
        {
          picked[n_picked++] = best;
          if (!((Head *)g_ptr_array_index (model->heads, best))->facet)
            best_content = MAX (best_content, sigmoid (scores[best]));
        }
    }

  /* Of what a post is about, one tag; a second only when confident too. */
  suggestion->tags = g_ptr_array_new_with_free_func (suggested_tag_free);
  for (guint k = 0; k < n_picked; k++)
    {
      Head *head = g_ptr_array_index (model->heads, picked[k]);
      double p = sigmoid (scores[picked[k]]);
      PeilSuggestedTag *tag;

      if (!head->facet && p < best_content && p < SECOND_THRESHOLD)
        continue;
      tag = g_new0 (PeilSuggestedTag, 1);
      tag->code = g_strdup (head->code);
      tag->confidence = p;
      g_ptr_array_add (suggestion->tags, tag);
    }
  g_ptr_array_sort (suggestion->tags, compare_confidence);
  suggestion->off_topic = model->has_off_topic && model->usable[model->n_tags] ? sigmoid (scores[model->n_tags]) : 0;
  return suggestion;
}

static PeilSuggestion *
suggest_nothing (void)
{
  PeilSuggestion *suggestion = g_new0 (PeilSuggestion, 1);

  suggestion->tags = g_ptr_array_new_with_free_func (suggested_tag_free);
  return suggestion;
}

static Model *
current_model (PeilSuggester *self)
{
  Model *model;

  g_mutex_lock (&self->lock);
  model = self->model != NULL ? model_ref (self->model) : NULL;
  g_mutex_unlock (&self->lock);
  return model;
}

/**
 * peil_suggester_suggest:
 *
 * Suggests tags for a post's text, each with a confidence. It reads the model
 * only and does not touch an incident.
 *
 * Returns: (transfer full): the suggested tags for @text, none before
 *   the first peil_suggester_train()
 */
PeilSuggestion *
peil_suggester_suggest (PeilSuggester *self,
                        const char    *text)
{
  g_autoptr(Model) model = NULL;
  g_autoptr(GArray) features = NULL;

  g_return_val_if_fail (PEIL_IS_SUGGESTER (self), NULL);

  if ((model = current_model (self)) == NULL)
    return suggest_nothing ();
  features = featurize (text);
  return suggest_features (model, features);
}

/**
 * peil_suggester_suggest_post:
 *
 * Suggests tags for a post from its text and, when the author is an
 * account on the incident's allow-list, from its author (see
 * docs/triage.md). It reads the model only and does not touch an
 * incident.
 *
 * Returns: (transfer full): the suggested tags for @post, none before
 *   the first peil_suggester_train()
 */
PeilSuggestion *
peil_suggester_suggest_post (PeilSuggester *self,
                             PeilPost      *post)
{
  g_autoptr(Model) model = NULL;
  g_autoptr(GArray) features = NULL;

  g_return_val_if_fail (PEIL_IS_SUGGESTER (self), NULL);
  g_return_val_if_fail (PEIL_IS_POST (post), NULL);

  if ((model = current_model (self)) == NULL)
    return suggest_nothing ();
  features = featurize_post (peil_post_get_text (post), model->allowed, peil_post_get_source (post),
                             peil_pseudonymizer_account_of (post), peil_post_get_author_name (post));
  return suggest_features (model, features);
}

#define BATCH 4096

/* What a post is scored on. */
typedef struct
{
  char *text;
  char *source;
  char *account; /* peil_account_of() */
  char *name;
} PostRow;

static void
post_row_clear (gpointer data)
{
  PostRow *row = data;

  g_free (row->text);
  g_free (row->source);
  g_free (row->account);
  g_free (row->name);
}

typedef struct
{
  Model           *model;   /* NULL before the first training */
  GHashTable      *allowed; /* accounts on the list then and now */
  const PostRow   *rows;
  guint            n;
  PeilSuggestion **out;
} Batch;

static gpointer
score_batch (gpointer data)
{
  Batch *batch = data;

  for (guint k = 0; k < batch->n; k++)
    {
      g_autoptr(GArray) features = NULL;

      if (batch->model == NULL)
        {
          batch->out[k] = suggest_nothing ();
          continue;
        }
      features = featurize_post (batch->rows[k].text, batch->allowed, batch->rows[k].source, batch->rows[k].account,
                                 batch->rows[k].name);
      batch->out[k] = suggest_features (batch->model, features);
    }
  return NULL;
}

/* The accounts the model knows that are still on the incident's list:
 * one taken off since the model learned is not known by name any more. */
static GHashTable *
allowed_still (Model        *model,
               PeilIncident *incident)
{
  g_autofree char *allow_list = peil_incident_get_metadata (incident, PEIL_META_ALLOW_LIST);
  g_autoptr(GHashTable) now = peil_allow_list_to_set (allow_list);
  GHashTable *still = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer account;

  if (model == NULL || model->allowed == NULL)
    return still;
  g_hash_table_iter_init (&iter, model->allowed);
  while (g_hash_table_iter_next (&iter, &account, NULL))
    if (g_hash_table_contains (now, account))
      g_hash_table_add (still, g_strdup (account));
  return still;
}

/**
 * peil_suggester_foreach_post:
 * @post_ids: (element-type gint64) (nullable): the posts; %NULL or empty
 *   for every post with no tag and no off-topic mark, oldest id first
 * @limit: at most this many, 0 for all
 * @func: (scope call): takes each suggestion (transfer full), in the order asked;
 *   %FALSE stops
 *
 * Suggests for many posts without holding them all, for the CLI.
 */
gboolean
peil_suggester_foreach_post (PeilSuggester       *self,
                             PeilIncident        *incident,
                             GArray              *post_ids,
                             guint                limit,
                             PeilSuggestionFunc   func,
                             gpointer             user_data,
                             GError             **error)
{
  gboolean given = post_ids != NULL && post_ids->len > 0;
  g_autoptr(Model) model = NULL;
  g_autoptr(GHashTable) allowed = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE, done = FALSE;
  guint n = 0, i = 0;

  g_return_val_if_fail (PEIL_IS_SUGGESTER (self), FALSE);
  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), FALSE);

  stmt = peil_database_prepare (incident->db, given ? "SELECT id, text, source, author_handle, author_name FROM post WHERE id = ?" :
      "SELECT p.id, p.text, p.source, p.author_handle, p.author_name FROM post p WHERE NOT EXISTS (SELECT 1 FROM post_tag pt WHERE pt.post_id = p.id)"
      " AND NOT EXISTS (SELECT 1 FROM post_dismissal d WHERE d.post_id = p.id) ORDER BY p.id", error);
  if (stmt == NULL)
    return FALSE;

  model = current_model (self);
  allowed = allowed_still (model, incident);
  while (ok && !done)
    {
      g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (PostRow));
      g_autoptr(GArray) batch_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      Batch halves[2] = { 0 };
      GThread *helper = NULL;

      g_array_set_clear_func (rows, post_row_clear);
      /* A batch of rows read here, scored in two halves on two threads. */
      while (batch_ids->len < BATCH && (!given || i < post_ids->len) && (limit == 0 || n < limit))
        {
          int rc;

          if (given)
            {
              sqlite3_reset (stmt);
              sqlite3_bind_int64 (stmt, 1, g_array_index (post_ids, gint64, i));
            }
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_DONE && given)
            {
              peil_incident_set_unknown_post_error (g_array_index (post_ids, gint64, i), error);
              ok = FALSE;
              break;
            }
          if (rc == SQLITE_DONE)
            break;
          if (rc != SQLITE_ROW)
            {
              ok = peil_database_set_error (incident->db, error);
              break;
            }
          g_array_append_val (batch_ids, (gint64){ sqlite3_column_int64 (stmt, 0) });
          g_array_append_val (rows, ((PostRow) {
            g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
            g_strdup ((const char *)sqlite3_column_text (stmt, 2)),
            g_strdup (peil_account_of ((const char *)sqlite3_column_text (stmt, 2),
                                       (const char *)sqlite3_column_text (stmt, 3),
                                       (const char *)sqlite3_column_text (stmt, 4))),
            g_strdup ((const char *)sqlite3_column_text (stmt, 4)),
          }));
          i++;
          n++;
        }
      done = batch_ids->len < BATCH;
      if (!ok)
        break;

      for (guint h = 0; h < 2; h++)
        {
          halves[h].model = model;
          halves[h].allowed = allowed;
          halves[h].rows = &g_array_index (rows, PostRow, h == 0 ? 0 : rows->len / 2);
          halves[h].n = h == 0 ? rows->len / 2 : rows->len - rows->len / 2;
          halves[h].out = g_new0 (PeilSuggestion *, MAX (halves[h].n, 1));
        }
      if (halves[0].n > 0)
        helper = g_thread_new ("peil-suggest", score_batch, &halves[0]);
      score_batch (&halves[1]);
      if (helper != NULL)
        g_thread_join (helper);

      for (guint h = 0; h < 2; h++)
        {
          for (guint k = 0; k < halves[h].n; k++)
            {
              PeilSuggestion *suggestion = halves[h].out[k];

              suggestion->post_id = g_array_index (batch_ids, gint64, (h == 0 ? 0 : rows->len / 2) + k);
              if (ok && !func (suggestion, user_data, error))
                ok = FALSE;
              else if (!ok)
                peil_suggestion_free (suggestion);
            }
          g_free (halves[h].out);
        }
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
collect (PeilSuggestion  *suggestion,
         gpointer         user_data,
         GError         **error)
{
  g_ptr_array_add (user_data, suggestion);
  return TRUE;
}

/**
 * peil_suggester_suggest_posts:
 * @post_ids: (element-type gint64) (nullable): as for
 *   peil_suggester_foreach_post()
 *
 * peil_suggester_foreach_post() into an array.
 *
 * Returns: (transfer container) (element-type PeilSuggestion): a
 *   suggestion per post, in the order asked
 */
GPtrArray *
peil_suggester_suggest_posts (PeilSuggester *self,
                              PeilIncident  *incident,
                              GArray        *post_ids,
                              guint          limit,
                              GError       **error)
{
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_suggestion_free);

  if (!peil_suggester_foreach_post (self, incident, post_ids, limit, collect, suggestions, error))
    return NULL;
  return g_steal_pointer (&suggestions);
}

typedef struct
{
  GPtrArray    *suggestions;
  GCancellable *cancellable;
} Gathered;

static gboolean
collect_suggested (PeilSuggestion  *suggestion,
                   gpointer         user_data,
                   GError         **error)
{
  Gathered *gathered = user_data;

  if (suggestion->tags->len > 0)
    g_ptr_array_add (gathered->suggestions, suggestion);
  else
    peil_suggestion_free (suggestion);
  return !g_cancellable_set_error_if_cancelled (gathered->cancellable, error);
}

static void
suggest_untagged_in_thread (GTask        *task,
                            PeilIncident *connection,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  Gathered gathered = { g_ptr_array_new_with_free_func ((GDestroyNotify)peil_suggestion_free), cancellable };
  GError *error = NULL;

  if (peil_suggester_foreach_post (g_task_get_source_object (task), connection, NULL, 0,
                                   collect_suggested, &gathered, &error))
    g_task_return_pointer (task, gathered.suggestions, (GDestroyNotify)g_ptr_array_unref);
  else
    {
      g_ptr_array_unref (gathered.suggestions);
      g_task_return_error (task, error);
    }
}

/**
 * peil_suggester_suggest_untagged_async:
 *
 * The suggestions for every post with no tag and no off-topic mark that
 * get at least one suggested tag, on a worker with a connection of its
 * own; for a window asking about many posts at once.
 */
void
peil_suggester_suggest_untagged_async (PeilSuggester       *self,
                                       PeilIncident        *incident,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, peil_suggester_suggest_untagged_async);
  peil_incident_run_in_thread (incident, task, suggest_untagged_in_thread);
}

/**
 * peil_suggester_suggest_untagged_finish:
 *
 * Finishes the work started with peil_suggester_suggest_untagged_async(): a
 * suggestion for each untagged post that gets at least one suggested tag.
 *
 * Returns: (transfer container) (element-type PeilSuggestion): oldest post first
 */
GPtrArray *
peil_suggester_suggest_untagged_finish (PeilSuggester *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * peil_suggester_accept:
 * @codes: (array zero-terminated=1): the suggested tags the analyst accepts
 *
 * Tags @post_id with @codes in the analyst's name, as one change, each
 * logged as a tag with the detail "suggested": a suggestion becomes a tag
 * only by an analyst's act, and the log tells it from a tag given by hand.
 */
gboolean
peil_suggester_accept (PeilIncident        *incident,
                       gint64               post_id,
                       const char * const  *codes,
                       GError             **error)
{
  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), FALSE);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (peil_taxonomy_lookup_tag (incident->taxonomy, codes[i]) == NULL)
      {
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG, 
                     _("Unknown tag “%s”; “peil-cli taxonomy” lists the tags of this incident"), codes[i]);
        return FALSE;
      }
  if (!peil_database_begin (incident->db, error))
    return FALSE;
  if (!peil_incident_require_post (incident, post_id, error))
    {
      peil_database_rollback (incident->db);
      return FALSE;
    }
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (!peil_incident_apply_tag (incident, post_id, peil_taxonomy_lookup_tag (incident->taxonomy, codes[i]),
                                  NULL, 0, "suggested", error))
      {
        peil_database_rollback (incident->db);
        return FALSE;
      }
  if (!peil_database_commit (incident->db, error))
    {
      peil_database_rollback (incident->db);
      return FALSE;
    }
  peil_incident_emit_tags_changed (incident, post_id);
  return TRUE;
}

/**
 * peil_accepted_free:
 * @accepted: (nullable) (transfer full): a #PeilAccepted
 *
 * Frees @accepted and drops its posts.
 */
void
peil_accepted_free (PeilAccepted *accepted)
{
  if (accepted == NULL)
    return;
  g_clear_object (&accepted->before);
  g_clear_object (&accepted->after);
  g_free (accepted);
}

typedef struct
{
  GPtrArray *suggestions;   /* PeilSuggestion, the caller's */
  double     minimum;
} AcceptRequest;

typedef struct
{
  GPtrArray *accepted;      /* PeilAccepted */
  GError    *error;
} AcceptOutcome;

static void
accept_request_free (AcceptRequest *request)
{
  g_ptr_array_unref (request->suggestions);
  g_free (request);
}

static void
accept_outcome_free (AcceptOutcome *outcome)
{
  g_clear_pointer (&outcome->accepted, g_ptr_array_unref);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

/* One post at a time, each its own transaction, so that the window's own
 * keypresses get the file between them; what was accepted before a
 * failure stays accepted and is returned with it, to be undone. */
static void
accept_all_in_thread (GTask        *task,
                      PeilIncident *connection,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  AcceptRequest *request = task_data;
  AcceptOutcome *outcome = g_new0 (AcceptOutcome, 1);

  outcome->accepted = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_accepted_free);
  for (guint i = 0; i < request->suggestions->len && outcome->error == NULL; i++)
    {
      PeilSuggestion *suggestion = g_ptr_array_index (request->suggestions, i);
      g_auto(GStrv) codes = peil_suggestion_dup_codes (suggestion, request->minimum);
      g_autoptr(PeilPost) before = NULL;
      PeilAccepted *accepted;

      if (codes == NULL || g_cancellable_set_error_if_cancelled (cancellable, &outcome->error))
        continue;
      if (!(before = peil_incident_get_post (connection, suggestion->post_id, &outcome->error)) ||
          !peil_suggester_accept (connection, suggestion->post_id, (const char * const *)codes, &outcome->error))
        continue;
      accepted = g_new0 (PeilAccepted, 1);
      accepted->before = g_steal_pointer (&before);
      accepted->after = peil_incident_get_post (connection, suggestion->post_id, NULL);
      g_ptr_array_add (outcome->accepted, accepted);
    }
  g_task_return_pointer (task, outcome, (GDestroyNotify)accept_outcome_free);
}

/**
 * peil_suggester_accept_all_async:
 * @suggestions: (element-type PeilSuggestion): the posts' suggestions
 * @minimum: the least confidence of a tag to accept
 *
 * peil_suggester_accept() on a worker with a connection of its own, for
 * each of @suggestions with its tags at or above @minimum, in order: for
 * a window accepting in bulk, which must not wait for thousands of
 * transactions. A cancel stops it between two posts.
 */
void
peil_suggester_accept_all_async (PeilIncident        *incident,
                                 GPtrArray           *suggestions,
                                 double               minimum,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AcceptRequest *request;

  g_return_if_fail (PEIL_IS_INCIDENT (incident));
  g_return_if_fail (suggestions != NULL);

  request = g_new0 (AcceptRequest, 1);
  request->suggestions = g_ptr_array_ref (suggestions);
  request->minimum = minimum;
  task = g_task_new (incident, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_suggester_accept_all_async);
  g_task_set_task_data (task, request, (GDestroyNotify)accept_request_free);
  peil_incident_run_in_thread (incident, task, accept_all_in_thread);
}

/**
 * peil_suggester_accept_all_finish:
 * @accepted: (out) (optional) (transfer container) (element-type PeilAccepted):
 *   the posts whose suggestions were accepted, also those before a
 *   failure (as g_output_stream_write_all() says what it wrote); %NULL
 *   when cancelled or the file could not be opened
 *
 * Finishes the work started with peil_suggester_accept_all_async(). On failure
 * @error says why and @accepted still says what was written, so a caller can
 * report both.
 *
 * Returns: whether every post's suggestions were accepted
 */
gboolean
peil_suggester_accept_all_finish (PeilIncident  *incident,
                                  GAsyncResult  *result,
                                  GPtrArray    **accepted,
                                  GError       **error)
{
  AcceptOutcome *outcome;
  gboolean done;

  g_return_val_if_fail (g_task_is_valid (result, incident), FALSE);

  if (accepted != NULL)
    *accepted = NULL;
  if ((outcome = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  done = outcome->error == NULL;
  if (!done)
    g_propagate_error (error, g_steal_pointer (&outcome->error));
  if (accepted != NULL)
    *accepted = g_steal_pointer (&outcome->accepted);
  accept_outcome_free (outcome);
  return done;
}

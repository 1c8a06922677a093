/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words of a post as the story clusters and the suggestions see
 * them: without what differs between copies of one message (a retweet's
 * "RT @name:", mentions, links, case, accents), without the small words
 * every post has, and stemmed (Snowball, Debian's libstemmer), so that
 * "omgevallen kraan" and "kraan valt om" share their terms.
 */
#define G_LOG_DOMAIN "peil-text"

#include "config.h"

#include <libstemmer.h>
#include <string.h>

#include "peil-text-terms.h"

/* Negations ("niet", "wel", "no", "not") are not small words here: "is
 * veilig" and "is niet veilig" are two messages, not one. */
static const char * const stopwords_nl[] = {
  "aan", "al", "als", "ben", "bij", "dan", "dat", "de", "deze", "die", "dit", "door", "een", "en", "er",
  "had", "heb", "hebben", "heeft", "het", "hier", "hij", "hoe", "ik", "in", "is", "je", "jij", "kan",
  "maar", "me", "met", "mijn", "na", "naar", "nog", "nu", "of", "om", "ook", "op", "over",
  "te", "tot", "uit", "van", "voor", "was", "wat", "we", "wij", "wordt", "ze", "zij", "zijn",
  "zo", "zou", NULL
};

static const char * const stopwords_en[] = {
  "a", "about", "all", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do",
  "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its",
  "just", "me", "my", "of", "on", "or", "our", "she", "so", "than", "that", "the",
  "their", "them", "there", "they", "this", "to", "up", "was", "we", "were", "what", "when", "who",
  "will", "with", "you", "your", NULL
};

/* The small words of both languages as sets, made once: a post's every
 * word is looked up in them. */
static GHashTable *
stopword_set (const char * const *words)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; words[i] != NULL; i++)
    g_hash_table_add (set, (gpointer)words[i]);
  return set;
}

static GHashTable *
get_stopwords (gboolean english)
{
  static GHashTable *sets[2];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sets[0] = stopword_set (stopwords_nl);
      sets[1] = stopword_set (stopwords_en);
      g_once_init_leave (&done, 1);
    }
  return sets[english];
}

/**
 * peil_text_is_small_word:
 * @word: one word, lower case and without accents
 *
 * Returns: whether @word is one of the small words of Dutch or English
 *   ("de", "het", "van", "the", "about") that every text has, and that
 *   therefore say nothing on their own
 */
gboolean
peil_text_is_small_word (const char *word)
{
  return g_hash_table_contains (get_stopwords (FALSE), word) || g_hash_table_contains (get_stopwords (TRUE), word);
}

typedef struct
{
  struct sb_stemmer *dutch;
  struct sb_stemmer *english;
} Stemmers;

static void
stemmers_free (gpointer data)
{
  Stemmers *stemmers = data;

  sb_stemmer_delete (stemmers->dutch);
  sb_stemmer_delete (stemmers->english);
  g_free (stemmers);
}

/* A Snowball stemmer keeps state between calls: one pair per thread. */
static GPrivate thread_stemmers = G_PRIVATE_INIT (stemmers_free);

static Stemmers *
get_stemmers (void)
{
  Stemmers *stemmers = g_private_get (&thread_stemmers);

  if (stemmers == NULL)
    {
      stemmers = g_new0 (Stemmers, 1);
      stemmers->dutch = sb_stemmer_new ("dutch", "UTF_8");
      stemmers->english = sb_stemmer_new ("english", "UTF_8");
      g_private_set (&thread_stemmers, stemmers);
    }
  return stemmers;
}

static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Skips a token that runs up to the next space. */
static const char *
skip_token (const char *p)
{
  while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/**
 * peil_text_strip_noise:
 *
 * Returns: (transfer full): @text without what differs between copies of
 *   one message: leading "RT @name:" markers, links, @mentions and the #
 *   of hashtags (their word stays)
 */
char *
peil_text_strip_noise (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));
  const char *p = valid;
  gboolean token_start = TRUE;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (token_start && (g_ascii_strncasecmp (p, "http://", 7) == 0 || g_ascii_strncasecmp (p, "https://", 8) == 0 ||
                          g_ascii_strncasecmp (p, "www.", 4) == 0))
        {
          p = skip_token (p);
          token_start = FALSE;
          continue;
        }
      if (token_start && c == '@')
        {
          /* A mention, up to where its handle ends ("@name:" loses the colon too). */
          p = g_utf8_next_char (p);
          while (*p != '\0' && (is_word_char (g_utf8_get_char (p)) || strchr ("_.-@", *p) != NULL))
            p = g_utf8_next_char (p);
          if (*p == ':')
            p++;
          token_start = FALSE;
          continue;
        }
      if (token_start && (c == 'R' || c == 'r') && (p[1] == 'T' || p[1] == 't') &&
          (p[2] == '\0' || p[2] == ' ' || p[2] == ':'))
        {
          p += p[2] == ':' ? 3 : 2;
          token_start = FALSE;
          continue;
        }
      if (token_start && c == '#')
        {
          p++;
          token_start = FALSE;
          continue;
        }
      g_string_append_len (out, p, next - p);
      token_start = g_unichar_isspace (c);
      p = next;
    }
  return g_string_free (out, FALSE);
}

/* Lower case, without accents: "Café" and "cafe" are one word. */
static char *
fold_word (const char *word,
           gssize      length)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean ascii = TRUE;

  /* Most words are plain ASCII: lower case is all they need. */
  for (gssize i = 0; i < length && ascii; i++)
    ascii = (guchar)word[i] < 0x80;
  if (ascii)
    return g_ascii_strdown (word, length);

  folded = g_utf8_casefold (word, length);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  out = g_string_new (NULL);

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_english (GPtrArray  *words,
            const char *language)
{
  guint dutch = 0, english = 0;

  if (language != NULL && g_ascii_strncasecmp (language, "en", 2) == 0)
    return TRUE;
  if (language != NULL && g_ascii_strncasecmp (language, "nl", 2) == 0)
    return FALSE;
  /* Not said: the language whose small words are more common; Dutch
   * when they tie, as Peil's incidents mostly are. */
  for (guint i = 0; i < words->len; i++)
    {
      dutch += g_hash_table_contains (get_stopwords (FALSE), g_ptr_array_index (words, i));
      english += g_hash_table_contains (get_stopwords (TRUE), g_ptr_array_index (words, i));
    }
  return english > dutch;
}

/**
 * peil_text_foreach_term:
 * @language: (nullable): the post's language ("nl", "en", …), or %NULL
 *   to guess Dutch or English from the text
 * @func: (scope call): called with each term in its order; the term is
 *   valid during the call only
 *
 * What peil_text_terms() returns, without keeping it: for the story index,
 * which hashes every term once and needs none afterwards.
 */
static gboolean ends_cut_short (const char *text);

/**
 * peil_text_is_cut_short:
 *
 * Returns: whether @text ends in "…" or "...", as a retweet's copy cut at
 *   its length does (after its link, if it has one)
 */
gboolean
peil_text_is_cut_short (const char *text)
{
  g_autofree char *clean = peil_text_strip_noise (text);

  return ends_cut_short (clean);
}

static gboolean
ends_cut_short (const char *text)
{
  gsize length = strlen (text);

  while (length > 0 && g_ascii_isspace (text[length - 1]))
    length--;
  return (length >= 3 && strncmp (text + length - 3, "\xE2\x80\xA6", 3) == 0) ||
         (length >= 3 && strncmp (text + length - 3, "...", 3) == 0);
}

void
peil_text_foreach_term (const char      *text,
                        const char      *language,
                        PeilTextTermFunc func,
                        gpointer         user_data)
{
  g_autofree char *clean = peil_text_strip_noise (text);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  GHashTable *stopwords;
  struct sb_stemmer *stemmer;
  Stemmers *stemmers;
  const char *p = clean;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      for (;;)
        {
          while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          /* "1.000", "15:45", "4,5": one figure, whatever the separator. */
          if (p > start && strchr (".,:", *p) != NULL && *p != '\0' && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]))
            p++;
          else
            break;
        }
      if (p > start)
        {
          char *word = fold_word (start, p - start);
          char *out = word;

          for (const char *in = word; *in != '\0'; in++)
            if (strchr (".,:", *in) == NULL)
              *out++ = *in;
          *out = '\0';
          g_ptr_array_add (words, word);
        }
    }
  /* A copy cut short ("… 3 doden en 1…") ends in a piece of a word. */
  if (words->len > 0 && ends_cut_short (clean))
    g_ptr_array_remove_index (words, words->len - 1);

  stemmers = get_stemmers ();
  if (is_english (words, language))
    stopwords = get_stopwords (TRUE), stemmer = stemmers->english;
  else
    stopwords = get_stopwords (FALSE), stemmer = stemmers->dutch;

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      gsize length = strlen (word);
      const sb_symbol *stem;

      if ((length == 1 && !g_ascii_isdigit (word[0])) || g_hash_table_contains (stopwords, word))
        continue;
      stem = stemmer != NULL ? sb_stemmer_stem (stemmer, (const sb_symbol *)word, (int)length) : NULL;
      if (stem != NULL)
        func ((const char *)stem, (gsize)sb_stemmer_length (stemmer), user_data);
      else
        func (word, length, user_data);
    }
}

static void
add_term (const char *term,
          gsize       length,
          gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strndup (term, length));
}

/**
 * peil_text_terms:
 * @language: (nullable): the post's language ("nl", "en", …), or %NULL
 *   to guess Dutch or English from the text
 *
 * Returns: (transfer full): the stems of @text's words in their order,
 *   small words left out; numbers stay ("112", "16")
 */
GStrv
peil_text_terms (const char *text,
                 const char *language)
{
  GPtrArray *terms = g_ptr_array_new_null_terminated (16, g_free, TRUE);

  peil_text_foreach_term (text, language, add_term, terms);
  return (GStrv)g_ptr_array_free (terms, FALSE);
}

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

static const char * const stopwords_nl[] = {
  "aan", "al", "als", "ben", "bij", "dan", "dat", "de", "deze", "die", "dit", "door", "een", "en", "er",
  "had", "heb", "hebben", "heeft", "het", "hier", "hij", "hoe", "ik", "in", "is", "je", "jij", "kan",
  "maar", "me", "met", "mijn", "na", "naar", "niet", "nog", "nu", "of", "om", "ook", "op", "over",
  "te", "tot", "uit", "van", "voor", "was", "wat", "we", "wel", "wij", "wordt", "ze", "zij", "zijn",
  "zo", "zou", NULL
};

static const char * const stopwords_en[] = {
  "a", "about", "all", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do",
  "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its",
  "just", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so", "than", "that", "the",
  "their", "them", "there", "they", "this", "to", "up", "was", "we", "were", "what", "when", "who",
  "will", "with", "you", "your", NULL
};

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

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      gboolean token_start = p == valid || g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (p)));

      if (token_start && (g_ascii_strncasecmp (p, "http://", 7) == 0 || g_ascii_strncasecmp (p, "https://", 8) == 0 ||
                          g_ascii_strncasecmp (p, "www.", 4) == 0))
        {
          p = skip_token (p);
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
          continue;
        }
      if (token_start && (c == 'R' || c == 'r') && (p[1] == 'T' || p[1] == 't') &&
          (p[2] == '\0' || p[2] == ' ' || p[2] == ':'))
        {
          p += p[2] == ':' ? 3 : 2;
          continue;
        }
      if (token_start && c == '#')
        {
          p++;
          continue;
        }
      g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/* Lower case, without accents: "Café" and "cafe" are one word. */
static char *
fold_word (const char *word,
           gssize      length)
{
  g_autofree char *folded = g_utf8_casefold (word, length);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

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
      dutch += g_strv_contains (stopwords_nl, g_ptr_array_index (words, i));
      english += g_strv_contains (stopwords_en, g_ptr_array_index (words, i));
    }
  return english > dutch;
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
  g_autofree char *clean = peil_text_strip_noise (text);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) terms = g_strv_builder_new ();
  const char * const *stopwords;
  struct sb_stemmer *stemmer;
  Stemmers *stemmers;
  const char *p = clean;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        g_ptr_array_add (words, fold_word (start, p - start));
    }

  stemmers = get_stemmers ();
  if (is_english (words, language))
    stopwords = stopwords_en, stemmer = stemmers->english;
  else
    stopwords = stopwords_nl, stemmer = stemmers->dutch;

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      const sb_symbol *stem;

      if (g_strv_contains (stopwords, word) || (word[1] == '\0' && !g_ascii_isdigit (word[0])))
        continue;
      stem = stemmer != NULL ? sb_stemmer_stem (stemmer, (const sb_symbol *)word, (int)strlen (word)) : NULL;
      if (stem != NULL)
        {
          g_autofree char *copy = g_strndup ((const char *)stem, sb_stemmer_length (stemmer));
          g_strv_builder_add (terms, copy);
        }
      else
        g_strv_builder_add (terms, word);
    }
  return g_strv_builder_end (terms);
}

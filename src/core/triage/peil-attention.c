/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-attention"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "peil-attention.h"
#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-text-terms.h"

/*
 * What needs attention (issue 13, docs/triage.md): every post that is not
 * off-topic and not handled yet (tagged PRIORITY-…, or linked to a rumour)
 * gets a score, the sum of the weights of the reasons it is there. The
 * reasons are cues in its text (data/triage/attention-cues.json), its
 * story's growth and age and the incident's location; whether it carries
 * a tag orders the posts with a reason, and is none on its own. A story
 * shows once, by its best post. Times are measured back
 * from "now": the newest post's time unless the caller gives one, so that
 * an imported collection reads as it stood at its end.
 */

#define CUES_RESOURCE "/nl/peil/core/triage/attention-cues.json"

/* Weights, so that one call for help outranks a story that merely grows,
 * and "untagged" only orders the posts that have another reason. */
#define WEIGHT_CALL_FOR_HELP    5.0
#define WEIGHT_SAFETY_QUESTION  4.0
#define WEIGHT_QUESTION_TO_ORG  3.0
#define WEIGHT_NEW_STORY        2.0
#define WEIGHT_RUMOUR_CANDIDATE 2.0
#define WEIGHT_NEAR_LOCATION    2.0
#define WEIGHT_UNTAGGED         1.0

#define RECENT_WINDOW  600    /* 10 minutes */
#define LONGER_WINDOW  1800   /* 30 minutes */
#define NEW_STORY_AGE  1800

/* A list of cues, found by the first word of each, so that a post's text
 * is read once whatever the number of cues. */
typedef struct
{
  GPtrArray  *patterns;  /* normalised: " wie kan ", or " help" for "help*" */
  GHashTable *by_word;   /* a pattern's first word → GArray of indices in patterns */
  GArray     *prefixes;  /* indices of one-word prefixes ("help*"), sought with strstr() */
} CueList;

typedef struct
{
  CueList    call_for_help;
  CueList    safety;
  CueList    claim;
  GPtrArray *claim_spelt;     /* the claim cues as the file spells them */
  GPtrArray *official;        /* account names or prefixes ("gemeente*"), without the @ */
} Cues;

typedef struct
{
  gint64   size;
  gint64   first_seen;
  gint64   growth;     /* in the window that made it fast */
  guint    minutes;    /* 0: it does not grow fast */
  gboolean followed;   /* a rumour follows it already */
} Story;

/**
 * peil_attention_item_free:
 * @item: (nullable) (transfer full): a #PeilAttentionItem
 *
 * Frees @item and its reasons.
 */
void
peil_attention_item_free (PeilAttentionItem *item)
{
  if (item == NULL)
    return;
  g_ptr_array_unref (item->reasons);
  g_free (item);
}

/**
 * peil_rumour_candidate_free:
 * @candidate: (nullable) (transfer full): a #PeilRumourCandidate
 *
 * Frees @candidate and its strings.
 */
void
peil_rumour_candidate_free (PeilRumourCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->claim);
  g_free (candidate->cue);
  g_free (candidate);
}

static void
reason_free (PeilAttentionReason *reason)
{
  g_free (reason->text);
  g_free (reason);
}

/* Lower case, accents off, every run of other characters one space, a
 * question mark a word of its own; with a space at either end, so that a
 * cue " wie kan " matches whole words with one strstr(). */
static void
normalise_into (GString    *out,
                const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  gboolean ascii = TRUE;

  g_string_truncate (out, 0);

  /* Most posts are plain ASCII: Unicode folding only for the others. */
  for (const char *p = text; *p && ascii; p++)
    ascii = (guchar)*p < 0x80;
  if (!ascii)
    {
      folded = g_utf8_casefold (text, -1);
      decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
    }
  g_string_append_c (out, ' ');
  for (const char *p = ascii ? text : decomposed ? decomposed : ""; *p; p++)
    {
      if ((guchar)*p >= 0x80)
        {
          /* A combining accent stays inside its word; other letters and
           * symbols outside ASCII part words. */
          if ((guchar)p[0] == 0xCC || ((guchar)p[0] == 0xCD && (guchar)p[1] < 0xB0))
            {
              p++;
              continue;
            }
          if (out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      if (g_ascii_isalnum (*p) || *p == '@' || *p == '_')
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p == '?')
        {
          if (out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          g_string_append (out, "? ");
        }
      else if (out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  if (out->str[out->len - 1] != ' ')
    g_string_append_c (out, ' ');
}

static char *
normalise (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 2);

  normalise_into (out, text);
  return g_string_free (out, FALSE);
}

/* A cue as a pattern: " wie kan " for the words, " help" for "help*". */
static char *
cue_pattern (const char *cue)
{
  gsize length = strlen (cue);
  gboolean prefix = length > 0 && cue[length - 1] == '*';
  g_autofree char *bare = g_strndup (cue, prefix ? length - 1 : length);
  g_autofree char *pattern = normalise (bare);

  if (g_str_equal (pattern, " "))
    return NULL;
  if (prefix)
    pattern[strlen (pattern) - 1] = '\0';
  return g_steal_pointer (&pattern);
}

static void
index_cue (CueList    *list,
           const char *pattern)
{
  guint index = list->patterns->len;
  const char *end = strchr (pattern + 1, ' ');
  GArray *indices;

  g_ptr_array_add (list->patterns, g_strdup (pattern));
  if (end == NULL)
    {
      g_array_append_val (list->prefixes, index);
      return;
    }
  {
    g_autofree char *word = g_strndup (pattern + 1, end - pattern - 1);

    if (!(indices = g_hash_table_lookup (list->by_word, word)))
      {
        indices = g_array_new (FALSE, FALSE, sizeof (guint));
        g_hash_table_insert (list->by_word, g_steal_pointer (&word), indices);
      }
  }
  g_array_append_val (indices, index);
}

static void
read_cue_list (JsonObject  *root,
               const char  *name,
               CueList     *list,
               GPtrArray   *words,
               GPtrArray   *spelt)
{
  JsonObject *lists = json_object_has_member (root, name) ? json_object_get_object_member (root, name) : NULL;
  const char * const languages[] = { "nl", "en" };

  if (list != NULL)
    {
      list->patterns = g_ptr_array_new_with_free_func (g_free);
      list->by_word = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
      list->prefixes = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  for (guint l = 0; lists != NULL && l < G_N_ELEMENTS (languages); l++)
    {
      JsonArray *cues = json_object_has_member (lists, languages[l])
                        ? json_object_get_array_member (lists, languages[l]) : NULL;

      for (guint i = 0; cues != NULL && i < json_array_get_length (cues); i++)
        {
          const char *cue = json_array_get_string_element (cues, i);
          g_autofree char *pattern = NULL;

          if (cue == NULL)
            continue;
          if (words != NULL)
            {
              g_ptr_array_add (words, g_ascii_strdown (cue, -1));
              continue;
            }
          if (!(pattern = cue_pattern (cue)))
            continue;
          index_cue (list, pattern);
          if (spelt != NULL)
            g_ptr_array_add (spelt, g_strdup (cue));
        }
    }
}

/* The cue lists are part of the program (a resource), read once. */
static const Cues *
get_cues (void)
{
  static Cues *cues = NULL;

  if (g_once_init_enter (&cues))
    {
      Cues *loaded = g_new0 (Cues, 1);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (CUES_RESOURCE, 0, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();

      loaded->official = g_ptr_array_new_with_free_func (g_free);
      loaded->claim_spelt = g_ptr_array_new_with_free_func (g_free);
      g_assert (bytes != NULL);
      if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *root = json_node_get_object (json_parser_get_root (parser));

          read_cue_list (root, "call-for-help", &loaded->call_for_help, NULL, NULL);
          read_cue_list (root, "safety-question", &loaded->safety, NULL, NULL);
          read_cue_list (root, "official-accounts", NULL, loaded->official, NULL);
          read_cue_list (root, "claim-or-doubt", &loaded->claim, NULL, loaded->claim_spelt);
        }
      g_once_init_leave (&cues, loaded);
    }
  return cues;
}

/* Returns: the index of the first cue of @list (in the list's order)
 * that @text holds, or -1. @text is normalised; it is written to while
 * its words are looked up, and left as it was. */
static int
find_cue (const CueList *list,
          char          *text)
{
  int found = -1;

  for (char *word = text + 1; *word != '\0'; )
    {
      char *end = strchr (word, ' ');
      GArray *indices;

      *end = '\0';
      indices = g_hash_table_lookup (list->by_word, word);
      *end = ' ';
      for (guint i = 0; indices != NULL && i < indices->len; i++)
        {
          guint index = g_array_index (indices, guint, i);
          const char *pattern = g_ptr_array_index (list->patterns, index);

          if ((found < 0 || index < (guint)found) && strncmp (word - 1, pattern, strlen (pattern)) == 0)
            found = index;
        }
      word = end + 1;
    }
  for (guint i = 0; i < list->prefixes->len; i++)
    {
      guint index = g_array_index (list->prefixes, guint, i);

      if ((found < 0 || index < (guint)found) && strstr (text, g_ptr_array_index (list->patterns, index)) != NULL)
        found = index;
    }
  return found;
}

/* Whether @name (a handle without its "@", @length bytes) is an official
 * account's: one of the cue file's names, or starts with one of its
 * prefixes ("gemeente*") of at least @min_prefix letters. */
static gboolean
is_official (const Cues *cues,
             const char *name,
             gsize       length,
             gsize       min_prefix)
{
  for (guint i = 0; i < cues->official->len; i++)
    {
      const char *cue = g_ptr_array_index (cues->official, i);
      gsize cue_length = strlen (cue);
      gboolean prefix = cue_length > 0 && cue[cue_length - 1] == '*';

      if (prefix ? cue_length - 1 >= min_prefix && length >= cue_length - 1 &&
                   g_ascii_strncasecmp (name, cue, cue_length - 1) == 0
                 : length == cue_length && g_ascii_strncasecmp (name, cue, length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A question (a "?") to an official account (an @mention of one).
 * Returns: (nullable): the account as mentioned, @length bytes of @text */
static const char *
question_to_official (const Cues *cues,
                      const char *text,
                      int        *out_length)
{
  if (strstr (text, " ? ") == NULL)
    return NULL;
  for (const char *at = strstr (text, " @"); at != NULL; at = strstr (at + 1, " @"))
    {
      const char *name = at + 2;
      gsize length = strcspn (name, " ");

      if (is_official (cues, name, length, 0))
        {
          *out_length = (int)length + 1;
          return at + 1;
        }
    }
  return NULL;
}

/* Whether @handle (an author's, with or without its "@") is an official
 * account's. Only the cue file's names and its prefixes of five letters
 * or more count ("gemeente*", "brandweer*", "police*"): the short ones
 * ("vr*", "ggd*", "fire*", "city*") are made to catch mentions, and as an
 * author would also take "@vriendin_anna" or "@firefly92" for an
 * authority. */
static gboolean
is_official_author (const Cues *cues,
                    const char *handle)
{
  if (handle == NULL)
    return FALSE;
  if (*handle == '@')
    handle++;
  return is_official (cues, handle, strlen (handle), 5);
}

/*
 * Whether a post that says "help" relays a call rather than makes one.
 * A call for help weighs most in the list because someone may need the
 * team's action now. A news item ("Bewoners zitten vast na brand in
 * Alphen https://…", "Eén bewoner wordt nog vermist"), an authority's
 * appeal ("Wie kan helpen met opvang? Meld je bij het gemeentehuis", from
 * @gemeente_alphen) or a company's message reports or answers such a
 * call: whoever needs help is not its writer, and their own posts carry
 * the reason. So the reason is dropped for a post
 * - from a news source (a feed, or a news inject) or tagged as written by
 *   the media, politics or an organisation (an analyst said who writes
 *   it): @relayer;
 * - written by an official account (@handle: see is_official_author());
 * - that reads as a headline: a link, and neither a question nor a word
 *   in the first person ("ik", "wij", "mijn", "I", "we", "my", …): a
 *   person who needs help says who, and a headline does not. "Help, we
 *   zitten vast https://…" stays a call for help.
 * A post tagged ACTOR-RESPONDER keeps it unless it is an official
 * account's: a firefighter's own account asking for help may need it.
 * @text is normalised.
 */
static gboolean
relays_a_call (const Cues *cues,
               const char *text,
               gboolean    relayer,
               const char *handle)
{
  static const char * const first_person[] = {
    " ik ", " mij ", " me ", " mijn ", " we ", " wij ", " ons ", " onze ",
    " i ", " my ", " us ", " our ", NULL
  };

  if (relayer || is_official_author (cues, handle))
    return TRUE;
  if (strstr (text, " http ") == NULL && strstr (text, " https ") == NULL && strstr (text, " www ") == NULL)
    return FALSE;
  if (strstr (text, " ? ") != NULL)
    return FALSE;
  for (guint i = 0; first_person[i] != NULL; i++)
    if (strstr (text, first_person[i]) != NULL)
      return FALSE;
  return TRUE;
}

typedef struct
{
  char *pattern;   /* normalised, " alphen " */
  char *spelt;     /* as the location field has it, "Alphen" */
} Place;

static void
place_free (Place *place)
{
  g_free (place->pattern);
  g_free (place->spelt);
  g_free (place);
}

/* Words a place name has that name no place: the small words of Dutch
 * and English ("de", "het", "van", "the", "about") and the articles of
 * Dutch place names ("aan den Rijn", "Bergen op Zoom", "ter Aar").
 * @word is normalised, lower case. */
static gboolean
is_place_word (const char *word)
{
  static const char * const particles[] = { "den", "der", "des", "ten", "ter", "t", NULL };

  return *word != '\0' && !peil_text_is_small_word (word) && !g_strv_contains (particles, word);
}

/* Whether a normalised part of the location (" het centrum ") has a word
 * that names something: a part of small words only ("de", "the", "van
 * het") would match nearly every post. */
static gboolean
names_a_place (const char *pattern)
{
  g_auto(GStrv) words = g_strsplit (pattern, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (is_place_word (words[i]))
      return TRUE;
  return FALSE;
}

static void
add_place (GPtrArray  *places,
           const char *spelt)
{
  g_autofree char *pattern = normalise (spelt);
  Place *place;

  if (strlen (pattern) < 3 || !names_a_place (pattern))
    return;
  for (guint i = 0; i < places->len; i++)
    if (g_str_equal (((Place *)g_ptr_array_index (places, i))->pattern, pattern))
      return;
  place = g_new0 (Place, 1);
  place->pattern = g_steal_pointer (&pattern);
  place->spelt = g_strdup (spelt);
  g_ptr_array_add (places, place);
}

/* The words of the incident's location that say where: each part of it
 * ("Alphen aan den Rijn, Julianastraat 4") whole, and each word of five
 * letters or more ("Alphen", "Julianastraat"); shorter words ("aan",
 * "Rijn", "4") say too little on their own, and neither do the small
 * words of the language, whole or as a part ("de", "the", "about"). */
static GPtrArray *
read_places (PeilIncident *incident)
{
  g_autofree char *location = peil_incident_get_metadata (incident, PEIL_META_LOCATION);
  g_auto(GStrv) parts = g_strsplit_set (location ? location : "", ",;/\n", -1);
  GPtrArray *places = g_ptr_array_new_with_free_func ((GDestroyNotify)place_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      add_place (places, parts[i]);
      words = g_strsplit_set (parts[i], " \t", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (g_utf8_strlen (words[j], -1) >= 5)
          add_place (places, words[j]);
    }
  return places;
}

/* Whether @recent posts in the last @window seconds are at least twice
 * the rate at which the story grew before (@before posts from
 * @first_seen up to @window_start), and at least @minimum. */
static gboolean
grows_fast (gint64 recent,
            gint64 before,
            gint64 first_seen,
            gint64 window_start,
            gint64 window,
            gint64 minimum)
{
  gint64 span = MAX (window, window_start - first_seen);

  return recent >= minimum && recent * span >= 2 * before * window;
}

static GHashTable *
read_stories (PeilIncident  *incident,
              gint64         now,
              GError       **error)
{
  g_autoptr(GHashTable) stories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = peil_database_statement (incident->db,
            "SELECT story_id, count(*), min (created_at),"
            " sum (created_at > ?1 - " G_STRINGIFY (RECENT_WINDOW) " AND created_at <= ?1),"
            " sum (created_at <= ?1 - " G_STRINGIFY (RECENT_WINDOW) "),"
            " sum (created_at > ?1 - " G_STRINGIFY (LONGER_WINDOW) " AND created_at <= ?1),"
            " sum (created_at <= ?1 - " G_STRINGIFY (LONGER_WINDOW) "),"
            " story_id IN (SELECT story_id FROM rumour WHERE story_id IS NOT NULL)"
            " FROM post WHERE story_id IS NOT NULL AND id NOT IN (SELECT post_id FROM post_dismissal)"
            " GROUP BY story_id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Story *story = g_new0 (Story, 1);
      gint64 *key = g_new (gint64, 1);
      gint64 recent = sqlite3_column_int64 (stmt, 3), before_recent = sqlite3_column_int64 (stmt, 4);
      gint64 longer = sqlite3_column_int64 (stmt, 5), before_longer = sqlite3_column_int64 (stmt, 6);

      *key = sqlite3_column_int64 (stmt, 0);
      story->size = sqlite3_column_int64 (stmt, 1);
      story->first_seen = sqlite3_column_int64 (stmt, 2);
      story->followed = sqlite3_column_int (stmt, 7);
      if (now <= 0)
        ;   /* no post has a time: nothing grows */
      else if (grows_fast (recent, before_recent, story->first_seen, now - RECENT_WINDOW, RECENT_WINDOW, 3))
        story->growth = recent, story->minutes = RECENT_WINDOW / 60;
      else if (grows_fast (longer, before_longer, story->first_seen, now - LONGER_WINDOW, LONGER_WINDOW, 5))
        story->growth = longer, story->minutes = LONGER_WINDOW / 60;
      g_hash_table_insert (stories, key, story);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (incident->db, error);
      return NULL;
    }
  return g_steal_pointer (&stories);
}

/* A post as the first pass scores it: no more than it takes to order. */
typedef struct
{
  gint64 post_id;
  gint64 created_at;
  gint64 story_id;
  double score;
} Scored;

static double
growth_weight (gint64 growth)
{
  return growth >= 100 ? 5.0 : growth >= 10 ? 4.0 : 3.0;
}

/* Adds a reason to @item when there is one (the second pass); the first
 * pass only sums the weights. Takes @text. */
static double
reason (PeilAttentionItem *item,
        const char        *code,
        double             weight,
        char              *text)
{
  if (item != NULL)
    {
      PeilAttentionReason *added = g_new0 (PeilAttentionReason, 1);

      added->code = code;
      added->weight = weight;
      added->text = text;
      g_ptr_array_add (item->reasons, added);
    }
  else
    g_free (text);
  return weight;
}

/* The reasons of the post in @stmt's row (POST_COLUMNS: id, text, time,
 * story or 0, whether tagged, whether from news or tagged as written by
 * the media, politics or an organisation, the author's handle: an inject
 * has its "@name" as its author's name), its text
 * normalised into @text. Labels are written only for an @item, so that
 * scoring every post costs no allocation.
 * Returns: the post's score */
static double
score_post (const Cues        *cues,
            GPtrArray         *places,
            GHashTable        *stories,
            gint64             now,
            sqlite3_stmt      *stmt,
            GString           *text,
            PeilAttentionItem *item,
            PeilPseudonymizer *names)
{
  gint64 story_id = sqlite3_column_int64 (stmt, 3);
  Story *story = story_id != 0 ? g_hash_table_lookup (stories, &story_id) : NULL;
  const char *official;
  double score = 0;
  int length = 0;

#define LABEL(expression) (item != NULL ? (expression) : NULL)
  normalise_into (text, (const char *)sqlite3_column_text (stmt, 1));
  if (find_cue (&cues->call_for_help, text->str) >= 0 &&
      !relays_a_call (cues, text->str, sqlite3_column_int (stmt, 5), (const char *)sqlite3_column_text (stmt, 6)))
    score += reason (item, PEIL_ATTENTION_CALL_FOR_HELP, WEIGHT_CALL_FOR_HELP, LABEL (g_strdup (_("Call for help"))));
  if (find_cue (&cues->safety, text->str) >= 0)
    score += reason (item, PEIL_ATTENTION_SAFETY_QUESTION, WEIGHT_SAFETY_QUESTION, LABEL (g_strdup (_("Safety question"))));
  if ((official = question_to_official (cues, text->str, &length)) != NULL)
    {
      /* The cue's prefixes also take "@vriendin_anna": named as the text
       * is shown, by pseudonym unless allow-listed. */
      g_autofree char *handle = item != NULL ? g_strndup (official + 1, length - 1) : NULL;
      g_autofree char *shown = handle != NULL ? peil_pseudonymizer_dup_name (names, handle) : NULL;

      /* TRANSLATORS: why a post needs attention: it asks an official account, such as @gemeente */
      score += reason (item, PEIL_ATTENTION_QUESTION_TO_ORG, WEIGHT_QUESTION_TO_ORG,
                       LABEL (g_strdup_printf (_("Question to @%s"), shown ? shown : "")));
    }

  if (story != NULL && story->minutes > 0)
    /* TRANSLATORS: why a post needs attention: its story grew by this many posts in this many minutes */
    score += reason (item, PEIL_ATTENTION_GROWING_FAST, growth_weight (story->growth),
                     LABEL (g_strdup_printf (_("Growing story +%lld in %u min"), (long long)story->growth, story->minutes)));
  if (story != NULL && story->size >= 2 && now > 0 && story->first_seen > 0 && story->first_seen > now - NEW_STORY_AGE && story->first_seen <= now)
    score += reason (item, PEIL_ATTENTION_NEW_STORY, WEIGHT_NEW_STORY, LABEL (g_strdup (_("New story"))));
  if (story != NULL && story->minutes > 0 && !story->followed && find_cue (&cues->claim, text->str) >= 0)
    score += reason (item, PEIL_ATTENTION_RUMOUR_CANDIDATE, WEIGHT_RUMOUR_CANDIDATE, LABEL (g_strdup (_("Possible rumour"))));

  for (guint i = 0; i < places->len; i++)
    {
      Place *place = g_ptr_array_index (places, i);

      if (strstr (text->str, place->pattern) != NULL)
        {
          /* TRANSLATORS: why a post needs attention: it names the incident's place */
          score += reason (item, PEIL_ATTENTION_NEAR_LOCATION, WEIGHT_NEAR_LOCATION,
                           LABEL (g_strdup_printf (_("Near %s"), place->spelt)));
          break;
        }
    }
  /* Untagged only orders the posts that have a reason to be here: on its
   * own it would put every new post in the list. */
  if (score > 0 && !sqlite3_column_int (stmt, 4))
    score += reason (item, PEIL_ATTENTION_UNTAGGED, WEIGHT_UNTAGGED, LABEL (g_strdup (_("Untagged"))));
#undef LABEL
  return score;
}

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const PeilAttentionReason *x = *(PeilAttentionReason **)a, *y = *(PeilAttentionReason **)b;

  return (y->weight > x->weight) - (y->weight < x->weight);
}

/* Highest score first; the newer post first of two with one score. */
static int
compare_scored (gconstpointer a,
                gconstpointer b)
{
  const Scored *x = a, *y = b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  if (x->created_at != y->created_at)
    return x->created_at < y->created_at ? 1 : -1;
  return (x->post_id < y->post_id) - (x->post_id > y->post_id);
}

#define POST_COLUMNS \
  "p.id, p.text, p.created_at, coalesce (p.story_id, 0), EXISTS (SELECT 1 FROM post_tag t WHERE t.post_id = p.id)," \
  " (p.source IN ('rss', 'news', 'nieuws') OR p.channel IN ('news', 'nieuws')" \
  "  OR p.id IN (SELECT pt.post_id FROM post_tag pt JOIN tag t ON t.id = pt.tag_id" \
  "              WHERE t.code IN ('ACTOR-MEDIA', 'ACTOR-POLITICS', 'ACTOR-ORGANISATION')))," \
  " coalesce (p.author_handle, CASE WHEN p.author_name LIKE '@%' THEN p.author_name END)"

/* First pass: every post that is not off-topic or handled, scored; a
 * story keeps its best post. */
static GArray *
score_all (PeilIncident  *incident,
           const Cues    *cues,
           GPtrArray     *places,
           GHashTable    *stories,
           gint64         now,
           gint64         until,
           GError       **error)
{
  g_autoptr(GArray) scored = g_array_new (FALSE, FALSE, sizeof (Scored));
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);  /* story → index */
  g_autoptr(GString) text = g_string_sized_new (512);
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT " POST_COLUMNS " FROM post p"
      " WHERE p.id NOT IN (SELECT post_id FROM post_dismissal)"
      " AND p.id NOT IN (SELECT post_id FROM rumour_post)"
      " AND p.id NOT IN (SELECT pt.post_id FROM post_tag pt JOIN tag t ON t.id = pt.tag_id"
      "                  WHERE t.code LIKE 'PRIORITY-%')"
      " AND p.created_at <= ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Scored post = { 0, };
      gpointer index;

      post.score = score_post (cues, places, stories, now, stmt, text, NULL, NULL);
      if (post.score <= 0)
        continue;
      post.post_id = sqlite3_column_int64 (stmt, 0);
      post.created_at = sqlite3_column_int64 (stmt, 2);
      post.story_id = sqlite3_column_int64 (stmt, 3);
      if (post.story_id == 0)
        g_array_append_val (scored, post);
      else if (g_hash_table_lookup_extended (best, &post.story_id, NULL, &index))
        {
          Scored *other = &g_array_index (scored, Scored, GPOINTER_TO_UINT (index));

          if (compare_scored (&post, other) < 0)
            *other = post;
        }
      else
        {
          g_hash_table_insert (best, g_memdup2 (&post.story_id, sizeof (gint64)), GUINT_TO_POINTER (scored->len));
          g_array_append_val (scored, post);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (incident->db, error);
      return NULL;
    }
  return g_steal_pointer (&scored);
}

/* Second pass: the reasons of the posts that made the list, in words. */
static PeilAttentionItem *
describe_post (PeilIncident  *incident,
               PeilPseudonymizer *names,
               const Cues    *cues,
               GPtrArray     *places,
               GHashTable    *stories,
               gint64         now,
               const Scored  *post,
               GString       *text,
               GError       **error)
{
  g_autoptr(PeilAttentionItem) item = g_new0 (PeilAttentionItem, 1);
  sqlite3_stmt *stmt = peil_database_statement (incident->db, "SELECT " POST_COLUMNS " FROM post p WHERE p.id = ?", error);

  if (stmt == NULL)
    return NULL;
  item->post_id = post->post_id;
  item->created_at = post->created_at;
  item->story_id = post->story_id;
  item->reasons = g_ptr_array_new_with_free_func ((GDestroyNotify)reason_free);
  sqlite3_bind_int64 (stmt, 1, post->post_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      peil_database_set_error (incident->db, error);
      return NULL;
    }
  item->score = score_post (cues, places, stories, now, stmt, text, item, names);
  sqlite3_reset (stmt);
  g_ptr_array_sort (item->reasons, compare_reasons);
  return g_steal_pointer (&item);
}

/**
 * peil_attention_list: (skip)
 * @now: the time to measure growth and age back from; 0 for the newest
 *   post's time
 * @limit: at most this many; 0 for all
 *
 * The posts that need attention, highest score first, the newer post
 * first of two with one score. Off-topic posts and handled ones (tagged
 * PRIORITY-…, linked to a rumour) are left out, and so are posts with no
 * reason but being untagged; a story shows once, by its best post.
 *
 * Returns: (transfer container) (element-type PeilAttentionItem): the posts,
 *   or %NULL with @error set
 */
GPtrArray *
peil_attention_list (PeilIncident  *incident,
                     gint64         now,
                     guint          limit,
                     GError       **error)
{
  return peil_attention_list_full (incident, now, limit, NULL, error);
}

/**
 * peil_attention_list_full: (skip)
 * @n_ranked: (out) (optional): how many posts need attention, @limit aside
 *
 * As peil_attention_list(), and says how long the whole list is.
 *
 * Returns: (transfer container) (element-type PeilAttentionItem): the posts,
 *   or %NULL with @error set
 */
GPtrArray *
peil_attention_list_full (PeilIncident  *incident,
                          gint64         now,
                          guint          limit,
                          guint         *n_ranked,
                          GError       **error)
{
  const Cues *cues = get_cues ();
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GHashTable) stories = NULL;
  g_autoptr(GArray) scored = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_attention_item_free);
  g_autoptr(GString) text = g_string_sized_new (512);
  g_autoptr(PeilPseudonymizer) names = NULL;
  gint64 until;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  /* One snapshot for the stories and both passes, whatever others commit;
   * the pseudonyms before it, as they may write the file's key. */
  if (!(names = peil_incident_dup_pseudonymizer (incident, error)) ||
      !peil_database_begin_read (incident->db, error))
    return NULL;
  places = read_places (incident);
  /* As it stood at a time given: what came later is not there yet. */
  until = now > 0 ? now : G_MAXINT64;
  done = (now > 0 || peil_incident_newest_time (incident, &now, error)) &&
         (stories = read_stories (incident, now, error)) != NULL &&
         (scored = score_all (incident, cues, places, stories, now, until, error)) != NULL;
  if (done)
    {
      g_array_sort (scored, compare_scored);
      for (guint i = 0; done && i < scored->len && (limit == 0 || i < limit); i++)
        {
          PeilAttentionItem *item = describe_post (incident, names, cues, places, stories, now,
                                                   &g_array_index (scored, Scored, i), text, error);
          if ((done = item != NULL))
            g_ptr_array_add (items, item);
        }
    }
  peil_database_end_read (incident->db);
  if (!done)
    return NULL;
  if (n_ranked != NULL)
    *n_ranked = scored->len;
  return g_steal_pointer (&items);
}

static void
list_in_thread (GTask        *task,
                PeilIncident *connection,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  guint n_ranked = 0;
  GPtrArray *items = peil_attention_list_full (connection, 0, GPOINTER_TO_UINT (task_data), &n_ranked, &error);

  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Beside the items, on the task: _finish reads it. */
  g_object_set_data (G_OBJECT (task), "n-ranked", GUINT_TO_POINTER (n_ranked));
  g_task_return_pointer (task, items, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * peil_attention_list_async:
 *
 * As peil_attention_list() from the newest post's time, on a worker, so
 * that a window stays responsive while posts arrive.
 */
void
peil_attention_list_async (PeilIncident        *incident,
                           guint                limit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PEIL_IS_INCIDENT (incident));

  task = g_task_new (incident, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_attention_list_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (limit), NULL);
  g_task_set_return_on_cancel (task, TRUE);
  peil_incident_run_in_thread (incident, task, list_in_thread);
}

/**
 * peil_attention_list_finish: (skip)
 * @n_ranked: (out) (optional): how many posts need attention, the limit
 *   aside
 *
 * Finishes the ranking started with peil_attention_list_async(): the posts
 * that need an analyst's attention, ranked as peil_attention_list() ranks
 * them.
 *
 * Returns: (transfer container) (element-type PeilAttentionItem): the posts,
 *   or %NULL with @error set
 */
GPtrArray *
peil_attention_list_finish (PeilIncident  *incident,
                            GAsyncResult  *result,
                            guint         *n_ranked,
                            GError       **error)
{
  GPtrArray *items;

  g_return_val_if_fail (g_task_is_valid (result, incident), NULL);

  items = g_task_propagate_pointer (G_TASK (result), error);
  if (items != NULL && n_ranked != NULL)
    *n_ranked = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "n-ranked"));
  return items;
}

/* Fills @candidate from its story's posts: the first post's text as the
 * claim, and the claims or doubts they carry. */
static gboolean
read_candidate_posts (PeilIncident         *incident,
                      PeilPseudonymizer    *names,
                      const Cues           *cues,
                      PeilRumourCandidate  *candidate,
                      GError              **error)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT text FROM post WHERE story_id = ? AND id NOT IN (SELECT post_id FROM post_dismissal)"
      " ORDER BY created_at, id", error);
  g_autoptr(GString) text = g_string_sized_new (512);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate->story_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *raw = (const char *)sqlite3_column_text (stmt, 0);
      int cue;

      normalise_into (text, raw ? raw : "");
      cue = find_cue (&cues->claim, text->str);

      /* Shown and offered for the register: whom it names as pseudonyms. */
      if (candidate->claim == NULL)
        candidate->claim = peil_pseudonymizer_dup_text (names, raw ? raw : "");
      if (cue < 0)
        continue;
      candidate->cue_posts++;
      if (candidate->cue == NULL)
        candidate->cue = g_strdup (g_ptr_array_index (cues->claim_spelt, cue));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return peil_database_set_error (incident->db, error);
  return TRUE;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const PeilRumourCandidate *x = *(PeilRumourCandidate **)a, *y = *(PeilRumourCandidate **)b;

  if (x->growth != y->growth)
    return x->growth < y->growth ? 1 : -1;
  return (x->first_seen < y->first_seen) - (x->first_seen > y->first_seen);
}

/**
 * peil_attention_rumour_candidates: (skip)
 * @now: as for peil_attention_list()
 *
 * Stories that grow fast and whose posts carry a claim or a doubt ("klopt
 * het dat", "ik hoor dat", "apparently"), that no rumour follows yet:
 * candidates for the rumour register. The fastest first.
 *
 * Returns: (transfer container) (element-type PeilRumourCandidate): the
 *   candidates, or %NULL with @error set
 */
GPtrArray *
peil_attention_rumour_candidates (PeilIncident  *incident,
                                  gint64         now,
                                  GError       **error)
{
  const Cues *cues = get_cues ();
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_rumour_candidate_free);
  g_autoptr(GHashTable) stories = NULL;
  g_autoptr(PeilPseudonymizer) names = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean done;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  if (!(names = peil_incident_dup_pseudonymizer (incident, error)) ||
      !peil_database_begin_read (incident->db, error))
    return NULL;
  done = (now > 0 || peil_incident_newest_time (incident, &now, error)) &&
         (stories = read_stories (incident, now, error)) != NULL;
  if (done)
    {
      g_hash_table_iter_init (&iter, stories);
      while (done && g_hash_table_iter_next (&iter, &key, &value))
        {
          Story *story = value;
          g_autoptr(PeilRumourCandidate) candidate = NULL;

          if (story->minutes == 0 || story->followed)
            continue;
          candidate = g_new0 (PeilRumourCandidate, 1);
          candidate->story_id = *(gint64 *)key;
          candidate->size = story->size;
          candidate->growth = story->growth;
          candidate->minutes = story->minutes;
          candidate->first_seen = story->first_seen;
          done = read_candidate_posts (incident, names, cues, candidate, error);
          if (done && candidate->cue_posts > 0)
            g_ptr_array_add (candidates, g_steal_pointer (&candidate));
        }
    }
  peil_database_end_read (incident->db);
  if (!done)
    return NULL;
  g_ptr_array_sort (candidates, compare_candidates);
  return g_steal_pointer (&candidates);
}

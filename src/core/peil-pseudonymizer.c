/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-pseudonymizer"

#include "config.h"

#include <string.h>

#include "peil-pseudonymizer.h"
#include "peil-pseudonymizer-private.h"

/**
 * PeilPseudonymizer:
 *
 * Puts keyed pseudonyms in place of who wrote a post and of whom its text
 * names: "anon-" and ten hex digits of an HMAC-SHA256 under the
 * incident's own random key. The same person gets the same pseudonym all
 * through one incident, so patterns stay visible; another incident has
 * another key, so pseudonyms cannot be linked across incidents, and once
 * the key is destroyed (a purge) nobody can find who was behind one by
 * trying names.
 *
 * In texts it replaces @mentions, e-mail addresses and Dutch phone
 * numbers, and shortens links to a social network's profiles and posts
 * to their host, since their path names the account. Accounts on the
 * allow-list (the municipality, police, media) keep their names: they
 * speak in public for an organisation.
 *
 * Immutable once made, so workers may share one.
 */
struct _PeilPseudonymizer
{
  GObject      parent_instance;

  GHmac       *hmac;    /* keyed, never updated: copied per name */
  GHashTable  *allowed; /* normalised handles and names */
};

/**
 * peil_pseudonymizer_get_type:
 *
 * Returns: the #GType of #PeilPseudonymizer
 */
G_DEFINE_FINAL_TYPE (PeilPseudonymizer, peil_pseudonymizer, G_TYPE_OBJECT)

/* Hosts whose links name an account in their path. */
static const char * const social_hosts[] = {
  "twitter.com", "x.com", "t.co", "nitter.net", "fxtwitter.com", "vxtwitter.com", "facebook.com", "fb.com",
  "instagram.com", "tiktok.com", "threads.net", "bsky.app", "t.me", "wa.me", "signal.me", "linkedin.com",
  "youtube.com", "reddit.com", "snapchat.com", NULL
};

static void
peil_pseudonymizer_finalize (GObject *object)
{
  PeilPseudonymizer *self = PEIL_PSEUDONYMIZER (object);

  g_hmac_unref (self->hmac);
  g_hash_table_unref (self->allowed);
  G_OBJECT_CLASS (peil_pseudonymizer_parent_class)->finalize (object);
}

static void
peil_pseudonymizer_class_init (PeilPseudonymizerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_pseudonymizer_finalize;
}

static void
peil_pseudonymizer_init (PeilPseudonymizer *self)
{
}

/* "@Politie", "politie " and "POLITIE" are one account. */
char *
peil_account_normalize (const char *who)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (who));
  const char *bare = trimmed;
  g_autofree char *folded = NULL;

  while (*bare == '@')
    bare++;
  if (*bare == '\0' || !g_utf8_validate (bare, -1, NULL))
    return NULL;
  folded = g_utf8_casefold (bare, -1);
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
}

/**
 * peil_allow_list_parse:
 * @text: (nullable): one handle or name per line; blank lines and lines
 *   starting with "#" are skipped
 *
 * Splits an allow-list as the user writes it into its entries.
 *
 * Returns: (transfer full): the entries, trimmed, in their order
 */
char **
peil_allow_list_parse (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  g_autoptr(GStrvBuilder) entries = g_strv_builder_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0' && *line != '#')
        g_strv_builder_add (entries, line);
    }
  return g_strv_builder_end (entries);
}

/* The normalised entries of @allow_list, for checking many accounts. */
GHashTable *
peil_allow_list_to_set (const char *allow_list)
{
  g_auto(GStrv) entries = peil_allow_list_parse (allow_list);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      char *entry = peil_account_normalize (entries[i]);

      if (entry != NULL)
        g_hash_table_add (set, entry);
    }
  return set;
}

/**
 * peil_allow_list_contains:
 * @allow_list: (nullable): the list as peil_allow_list_parse() reads it
 * @who: (nullable): a handle or name, with or without "@"
 *
 * Checks an account against an allow-list, with the same normalisation that a
 * #PeilPseudonymizer uses: case and a leading "@" do not matter.
 *
 * Returns: whether @who is on @allow_list
 */
gboolean
peil_allow_list_contains (const char *allow_list,
                          const char *who)
{
  g_autoptr(GHashTable) entries = peil_allow_list_to_set (allow_list);
  g_autofree char *normal = who ? peil_account_normalize (who) : NULL;

  return normal != NULL && g_hash_table_contains (entries, normal);
}

/**
 * peil_pseudonymizer_new:
 * @key: the incident's key, #PEIL_PSEUDONYM_KEY_SIZE random bytes
 * @allow_list: (nullable): accounts that keep their names, as
 *   peil_allow_list_parse() reads them
 *
 * Creates a pseudonymizer that replaces names, handles and addresses with
 * stable pseudonyms derived from @key, except for the accounts on @allow_list.
 *
 * Returns: (transfer full): a new #PeilPseudonymizer
 */
PeilPseudonymizer *
peil_pseudonymizer_new (GBytes     *key,
                        const char *allow_list)
{
  PeilPseudonymizer *self;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (PEIL_TYPE_PSEUDONYMIZER, NULL);
  data = g_bytes_get_data (key, &size);
  self->hmac = g_hmac_new (G_CHECKSUM_SHA256, data, size);
  self->allowed = peil_allow_list_to_set (allow_list);
  return self;
}

/**
 * peil_pseudonymizer_is_allowed:
 * @who: (nullable): a handle or name, with or without "@"
 *
 * Tells whether an account keeps its real name in output of this
 * pseudonymizer.
 *
 * Returns: whether @who is on the incident's allow-list
 */
gboolean
peil_pseudonymizer_is_allowed (PeilPseudonymizer *self,
                               const char        *who)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (PEIL_IS_PSEUDONYMIZER (self), FALSE);

  return who != NULL && (normal = peil_account_normalize (who)) != NULL && g_hash_table_contains (self->allowed, normal);
}

static char *
pseudonym_of_normal (PeilPseudonymizer *self,
                     const char        *normal)
{
  g_autoptr(GHmac) hmac = g_hmac_copy (self->hmac);
  const char *digest;

  g_hmac_update (hmac, (const guchar *)normal, -1);
  digest = g_hmac_get_string (hmac);
  return g_strdup_printf ("anon-%.10s", digest);
}

/**
 * peil_pseudonymizer_dup_name:
 * @who: (nullable): a handle or name
 *
 * Gives the name under which an account appears in pseudonymized output; the
 * same account always gets the same pseudonym in an incident, however its
 * handle is written.
 *
 * Returns: (transfer full) (nullable): @who itself when it is allowed, else
 *   its pseudonym; %NULL for %NULL or a blank name
 */
char *
peil_pseudonymizer_dup_name (PeilPseudonymizer *self,
                             const char        *who)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (PEIL_IS_PSEUDONYMIZER (self), NULL);

  if (who == NULL || (normal = peil_account_normalize (who)) == NULL)
    return NULL;
  if (g_hash_table_contains (self->allowed, normal))
    return g_strdup (who);
  return pseudonym_of_normal (self, normal);
}

/* Sources whose author names the public does not choose: a feed's
 * publisher, an analyst's entry, a trainer's inject. Elsewhere anyone
 * can call themselves "Politie". */
static gboolean
names_are_given (const char *source)
{
  static const char * const given[] = { "rss", "news", "nieuws", "manual", "scenario", NULL };

  return source != NULL && g_strv_contains (given, source);
}

/**
 * peil_pseudonymizer_account_of:
 *
 * What the allow-list knows an author by: the handle when the post has
 * one; the name only where names are not chosen by whoever posts (a news
 * feed, a post entered by hand), as display names are not unique and
 * anyone could call themselves "Politie".
 *
 * Returns: (nullable): the handle or name, or %NULL when no allow-list
 *   entry can stand for the author
 */
const char *
peil_pseudonymizer_account_of (PeilPost *post)
{
  g_return_val_if_fail (PEIL_IS_POST (post), NULL);

  return peil_account_of (peil_post_get_source (post), peil_post_get_author_handle (post),
                          peil_post_get_author_name (post));
}

/* peil_pseudonymizer_account_of() of a post's columns. */
const char *
peil_account_of (const char *source,
                 const char *handle,
                 const char *name)
{
  if (handle != NULL && *handle != '\0')
    return handle;
  return names_are_given (source) ? name : NULL;
}

/**
 * peil_pseudonymizer_dup_author:
 *
 * An allowed author (peil_pseudonymizer_account_of()) keeps the name as
 * written; any other is known by a pseudonym of the handle, or of the
 * name when there is no handle.
 *
 * Returns: (transfer full) (nullable): the author as views and exports
 *   show it, or %NULL when the post names no author
 */
char *
peil_pseudonymizer_dup_author (PeilPseudonymizer *self,
                               PeilPost          *post)
{
  const char *handle, *name, *who;
  g_autofree char *normal = NULL;

  g_return_val_if_fail (PEIL_IS_PSEUDONYMIZER (self), NULL);
  g_return_val_if_fail (PEIL_IS_POST (post), NULL);

  handle = peil_post_get_author_handle (post);
  name = peil_post_get_author_name (post);
  who = handle && *handle ? handle : name;
  if (who == NULL || (normal = peil_account_normalize (who)) == NULL)
    return NULL;
  if (peil_pseudonymizer_is_allowed (self, peil_pseudonymizer_account_of (post)))
    return g_strdup (name && *name ? name : handle);
  return pseudonym_of_normal (self, normal);
}

static gboolean
is_social_host (const char *host)
{
  for (guint i = 0; social_hosts[i] != NULL; i++)
    {
      gsize host_len = strlen (host), known_len = strlen (social_hosts[i]);

      /* "mobile.twitter.com" is Twitter, "nottwitter.com" is not. */
      if (g_ascii_strcasecmp (host, social_hosts[i]) == 0 ||
          (host_len > known_len && host[host_len - known_len - 1] == '.' &&
           g_ascii_strcasecmp (host + host_len - known_len, social_hosts[i]) == 0))
        return TRUE;
    }
  return FALSE;
}

/* Nine digits or more in a row, as a phone number or an account number. */
static gboolean
has_digit_run (const char *text)
{
  guint run = 0;

  for (; text != NULL && *text; text++)
    if ((run = g_ascii_isdigit (*text) ? run + 1 : 0) >= 9)
      return TRUE;
  return FALSE;
}

/* A link keeps what names no one: a social network's (whose path names
 * the account) or one whose path holds an address, an "@" or a long
 * number keeps its host; any other keeps its path, and its query, where
 * forms put names and addresses, goes.
 * Returns: (nullable): the link as shown, or %NULL to keep it whole */
static char *
shorten_link (const char *url)
{
  g_autofree char *full = g_ascii_strncasecmp (url, "http", 4) == 0 ? g_strdup (url) : g_strconcat ("https://", url, NULL);
  g_autoptr(GUri) uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  const char *host, *path;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return NULL;
  path = g_uri_get_path (uri);
  if (is_social_host (host) || g_uri_get_userinfo (uri) != NULL || strchr (path, '@') != NULL || has_digit_run (path))
    return g_strdup_printf ("%s://%s/…", g_uri_get_scheme (uri), host);
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return g_strdup_printf ("%s://%s%s?…", g_uri_get_scheme (uri), host, path);
  return NULL;
}

/**
 * peil_pseudonymizer_dup_url:
 * @url: (nullable): a post's link
 *
 * Pseudonymizes a post's link, so that it does not lead to an account that is
 * not allow-listed.
 *
 * Returns: (transfer full) (nullable): @url, or its host alone when its
 *   path names an account
 */
char *
peil_pseudonymizer_dup_url (PeilPseudonymizer *self,
                            const char        *url)
{
  char *short_link;

  g_return_val_if_fail (PEIL_IS_PSEUDONYMIZER (self), NULL);

  if (url == NULL)
    return NULL;
  short_link = shorten_link (url);
  return short_link ? short_link : g_strdup (url);
}

/**
 * peil_pseudonymizer_dup_id:
 *
 * A post's id at its source leads back to its author through the
 * source's own interface; exports with pseudonyms carry this instead,
 * stable in the incident so that two exports can be compared.
 *
 * Returns: (transfer full): a pseudonym of the pair
 */
char *
peil_pseudonymizer_dup_id (PeilPseudonymizer *self,
                           const char        *source,
                           const char        *remote_id)
{
  g_autofree char *pair = NULL;

  g_return_val_if_fail (PEIL_IS_PSEUDONYMIZER (self), NULL);

  pair = g_strdup_printf ("post\x1f%s\x1f%s", source ? source : "", remote_id ? remote_id : "");
  return pseudonym_of_normal (self, pair);
}

/* Named groups of what a text may hold that names a person. Order
 * matters: a link is taken whole before the mention or address in it.
 * Links without a scheme count when they lead into a social network;
 * "@" may be written full-width. A phone number is a run of digits with
 * the separators people type, checked by is_phone_number(). */
static GRegex *
personal_pattern (void)
{
  static GRegex *pattern;

  if (g_once_init_enter (&pattern))
    {
      GRegex *made = g_regex_new ("(?<url>(?:https?://|www\\.)[^\\s<>\"]+)"
                                  "|(?<bare>(?<![\\w.@/-])(?:[\\w-]+\\.)*(?:twitter|x|t|nitter|fxtwitter|vxtwitter|facebook|fb"
                                  "|instagram|tiktok|threads|bsky|wa|signal|linkedin|youtube|reddit|snapchat)"
                                  "\\.(?:com|net|app|me|co)/[^\\s<>\"]+)"
                                  "|(?<email>(?<![\\w.+'-])[\\w.+'-]+[@\uFF20][\\w-]+(?:\\.[\\w-]+)*\\.[A-Za-z]{2,})"
                                  "|(?<![\\w@\uFF20])[@\uFF20](?<mention>\\w[\\w.-]*(?:@[\\w-]+(?:\\.[\\w-]+)+)?)"
                                  "|(?<phone>(?<![\\w+])(?:\\+|00)?\\(?\\d[\\d ().-]{6,}\\d(?!\\d))",
                                  G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&pattern, made);
    }
  return pattern;
}

/* Reads @text as a phone number: a Dutch one (0 and nine digits, or +31
 * or 0031, an optional (0), and nine digits) or an international one
 * (+ or 00 and 8 to 15 digits), as its digits in one form ("0612345678",
 * "+3247012345") so that one number spelt five ways is one pseudonym.
 * A date ("06-11-2026") is no number.
 * Returns: (nullable): the number, or %NULL */
static char *
phone_number (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean international = text[0] == '+' || g_str_has_prefix (text, "00");
  static GRegex *date;

  if (g_once_init_enter (&date))
    g_once_init_leave (&date, g_regex_new ("\\d{1,2}[-./]\\d{1,2}[-./](?:19|20)\\d\\d", G_REGEX_OPTIMIZE, 0, NULL));
  if (g_regex_match (date, text, 0, NULL))
    return NULL;
  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (international && digits->str[0] == '0')
    g_string_erase (digits, 0, 2);
  if (international && g_str_has_prefix (digits->str, "31"))
    {
      /* +31 (0)6 …: the (0) is the national prefix, written or not. */
      g_string_erase (digits, 0, digits->len == 12 && digits->str[2] == '0' ? 3 : 2);
      if (digits->len != 9)
        return NULL;
      g_string_prepend_c (digits, '0');
      return g_string_free (g_steal_pointer (&digits), FALSE);
    }
  if (international)
    return digits->len >= 8 && digits->len <= 15 ? g_strconcat ("+", digits->str, NULL) : NULL;
  if (digits->len == 10 && digits->str[0] == '0' && digits->str[1] != '0')
    return g_string_free (g_steal_pointer (&digits), FALSE);
  return NULL;
}

/* Appends @run (a match of the phone group) with each phone number in it
 * replaced: two numbers may stand one after the other ("06 12345678 of
 * 020 1234567" holds one run), so the longest number from each word on
 * is taken. */
static void
replace_phones (PeilPseudonymizer *self,
                const char        *run,
                GString           *out)
{
  g_auto(GStrv) words = g_strsplit (run, " ", -1);
  guint n = g_strv_length (words);

  for (guint i = 0; i < n; )
    {
      g_autofree char *number = NULL;
      guint end = n;

      /* The longest number that starts at word i: words i to end - 1. */
      for (; end > i && number == NULL; end--)
        {
          char *last = words[end];
          g_autofree char *joined = NULL;

          words[end] = NULL;
          joined = g_strjoinv (" ", &words[i]);
          words[end] = last;
          number = phone_number (joined);
        }
      if (i > 0)
        g_string_append_c (out, ' ');
      if (number == NULL)
        {
          g_string_append (out, words[i++]);
          continue;
        }
      {
        g_autofree char *tagged = g_strconcat ("tel:", number, NULL);
        g_autofree char *pseudonym = pseudonym_of_normal (self, tagged);

        g_string_append (out, pseudonym);
        i = end + 1;
      }
    }
}

/* What a match ends with that is the sentence's, not the name's:
 * "@jan." or "(zie https://x.com/jan)". */
static gsize
trailing_punctuation (const char *match,
                      const char *also)
{
  gsize len = strlen (match), end = len;

  while (end > 1 && strchr (".,;:!?-", match[end - 1]) != NULL)
    end--;
  while (also != NULL && end > 1 && strchr (also, match[end - 1]) != NULL)
    end--;
  return len - end;
}

static gboolean
replace_personal (const GMatchInfo *info,
                  GString          *out,
                  gpointer          user_data)
{
  PeilPseudonymizer *self = user_data;
  g_autofree char *whole = g_match_info_fetch (info, 0);
  g_autofree char *url = g_match_info_fetch_named (info, "url");
  g_autofree char *bare = g_match_info_fetch_named (info, "bare");
  g_autofree char *email = g_match_info_fetch_named (info, "email");
  g_autofree char *mention = g_match_info_fetch_named (info, "mention");
  g_autofree char *phone = g_match_info_fetch_named (info, "phone");

  if ((url && *url) || (bare && *bare))
    {
      const char *matched = url && *url ? url : bare;
      gsize cut = trailing_punctuation (matched, ")]'");
      g_autofree char *link = g_strndup (matched, strlen (matched) - cut);
      g_autofree char *short_link = shorten_link (link);

      g_string_append (out, short_link ? short_link : link);
      g_string_append (out, matched + strlen (matched) - cut);
    }
  else if (email && *email)
    {
      g_autofree char *pseudonym = peil_pseudonymizer_dup_name (self, email);
      g_string_append (out, pseudonym);
    }
  else if (mention && *mention && strspn (mention, "0123456789") < strlen (mention))
    {
      gsize cut = trailing_punctuation (mention, NULL);
      g_autofree char *name = g_strndup (mention, strlen (mention) - cut);
      g_autofree char *pseudonym = peil_pseudonymizer_dup_name (self, name);

      g_string_append_c (out, '@');
      g_string_append (out, pseudonym);
      g_string_append (out, mention + strlen (mention) - cut);
    }
  else if (phone && *phone)
    replace_phones (self, phone, out);
  else
    g_string_append (out, whole);
  return FALSE;
}

/**
 * peil_pseudonymizer_dup_text:
 * @text: (nullable): a post's text
 *
 * Pseudonymizes a post's text, so that it names no one who is not
 * allow-listed.
 *
 * Returns: (transfer full) (nullable): @text with its mentions, e-mail
 *   addresses and phone numbers replaced by pseudonyms and links into
 *   social networks' accounts shortened to their host
 */
char *
peil_pseudonymizer_dup_text (PeilPseudonymizer *self,
                             const char        *text)
{
  g_return_val_if_fail (PEIL_IS_PSEUDONYMIZER (self), NULL);

  if (text == NULL)
    return NULL;
  /* Cheap test first: most posts name nobody. Every pattern holds one of
   * these: an "@" (or its full-width form), a link's "/" or a digit. */
  if (strpbrk (text, "@/0123456789") == NULL && strstr (text, "\uFF20") == NULL)
    return g_strdup (text);
  return g_regex_replace_eval (personal_pattern (), text, -1, 0, 0, replace_personal, self, NULL);
}

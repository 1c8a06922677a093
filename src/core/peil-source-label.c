/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-source-label"

#include "config.h"

#include "peil-source-label.h"

/*
 * Where a post came from, as people say it: the ids in the file ("x",
 * "csv", "manual", "phone") are for programs. One table in both languages,
 * like the taxonomy's labels and the report's words, because a report's
 * language is chosen per report rather than by the interface's locale.
 * Sources and channels share it: a CSV's channel column and a manual
 * post's channel name the same things.
 */
static const struct {
  const char *id;
  const char *en;
  const char *nl;
} labels[] = {
  { "x", "X (Twitter)", "X (Twitter)" },
  { "twitter", "X (Twitter)", "X (Twitter)" },
  { "facebook", "Facebook", "Facebook" },
  { "instagram", "Instagram", "Instagram" },
  { "tiktok", "TikTok", "TikTok" },
  { "threads", "Threads", "Threads" },
  { "youtube", "YouTube", "YouTube" },
  { "linkedin", "LinkedIn", "LinkedIn" },
  { "mastodon", "Mastodon", "Mastodon" },
  { "bluesky", "Bluesky", "Bluesky" },
  { "telegram", "Telegram", "Telegram" },
  { "reddit", "Reddit", "Reddit" },
  { "whatsapp", "WhatsApp", "WhatsApp" },
  { "rss", "News (RSS)", "Nieuws (RSS)" },
  { "news", "News", "Nieuws" },
  { "nieuws", "News", "Nieuws" },
  { "csv", "CSV import", "CSV-import" },
  { "ndjson", "NDJSON import", "NDJSON-import" },
  { "manual", "Entered by hand", "Handmatig ingevoerd" },
  { "phone", "Phone", "Telefoon" },
  { "webcare", "Webcare", "Webcare" },
  { "email", "Email", "E-mail" },
  { "counter", "Front desk", "Balie" },
  { "other", "Other", "Overig" },
  { "crisis-team", "Crisis team", "Crisisteam" },
  { "scenario", "Exercise scenario", "Oefenscenario" },
  /* The channels of our own messages (peil_message_channels()). */
  { "website", "Website", "Website" },
  { "nl-alert", "NL-Alert", "NL-Alert" },
  { "press", "Press release", "Persbericht" },
  { "call-centre", "Call centre", "Callcenter" },
};

/**
 * peil_source_label:
 * @source: a post's source or channel as stored ("x", "csv", "phone")
 * @language: "nl" or "en"
 *
 * Names a source or channel for people; used in lists, reports and exports.
 *
 * Returns: (transfer full): what people call it in @language; an id Peil
 *   does not know is shown with a capital
 */
char *
peil_source_label (const char *source,
                   const char *language)
{
  gboolean dutch = language != NULL && g_ascii_strncasecmp (language, "nl", 2) == 0;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  folded = g_utf8_strdown (source, -1);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].id, folded))
      return g_strdup (dutch ? labels[i].nl : labels[i].en);

  if (*source == '\0')
    return g_strdup ("");
  return g_strdup_printf ("%C%s", g_unichar_totitle (g_utf8_get_char (source)), g_utf8_next_char (source));
}

/**
 * peil_post_source_label:
 * @channel: (nullable): how a post entered by hand came in
 *
 * Names where a post came from for a list, a report or an export, in
 * @language.
 *
 * Returns: (transfer full): the label of a post's origin: its channel for
 *   a post entered by hand ("Telefoon") or an exercise's inject (which
 *   plays a real channel), else its source
 */
char *
peil_post_source_label (const char *source,
                        const char *channel,
                        const char *language)
{
  g_return_val_if_fail (source != NULL, NULL);

  if (channel != NULL && *channel != '\0' && (g_str_equal (source, "manual") || g_str_equal (source, "scenario")))
    return peil_source_label (channel, language);
  return peil_source_label (source, language);
}

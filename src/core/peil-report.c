/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "peil-dimension.h"
#include "peil-enum-types.h"
#include "peil-error.h"
#include "peil-format.h"
#include "peil-incident-private.h"
#include "peil-json.h"
#include "peil-report-private.h"
#include "peil-rumour.h"
#include "peil-source-label.h"
#include "peil-tag.h"

/**
 * PeilReport:
 *
 * Everything a report of one round says, gathered on the main thread from
 * the incident so that the exporters can write it on a worker without
 * touching the database. An issued round reads its frozen figures; a draft
 * counts afresh. Each figure carries the previous round's count and the
 * trend between them.
 */
struct _PeilReport
{
  GObject           parent_instance;

  GFile            *incident_file;   /* never to be written over */
  char             *language;
  PeilReportFlags   flags;
  gboolean          exercise;
  char             *title;
  char             *type;
  char             *location;
  char             *analyst;
  PeilRound        *round;
  guint             previous_number;
  PeilReportFigure *total;
  gint64            untimed;
  gint64            off_topic;
  GHashTable       *figures;      /* group → GPtrArray of PeilReportFigure */
  GPtrArray        *key_figures;  /* borrowed from figures */
  GPtrArray        *rumours;
  gboolean          communication_recorded;  /* snapshots before version 4 hold none */
  gint64            effect_window;
  GPtrArray        *messages;
  GPtrArray        *unanswered;
  GHashTable       *examples;     /* section key → GPtrArray of PeilReportPost */
  GHashTable       *purged_examples;  /* section key → how many a purge removed */
  char             *purge_note;
  GPtrArray        *posts;
  GStrv             queries;
  GStrv             facets;     /* codes of the facet dimensions */
  PeilPseudonymizer *names;     /* NULL when the report shows real names */
};

/**
 * peil_report_get_type:
 *
 * Returns: the #GType of #PeilReport
 */
G_DEFINE_FINAL_TYPE (PeilReport, peil_report, G_TYPE_OBJECT)

/* The report's own words, in both languages: its language is chosen per
 * report, independent of the interface's locale, as the taxonomy's labels
 * are. */
#define EFFECT_METHOD \
  "Expected: the trend of the window before, carried on when it is clearly more than chance, else its level, " \
  "with a 95% range. This shows what followed a message, not that it caused it; " \
  "bursts of shares and other events move the figures too."

static const char *texts[][2] = {
  { "ENVIRONMENT ANALYSIS", "OMGEVINGSANALYSE" },
  { "Round", "Ronde" },
  { "Period", "Peilperiode" },
  { "Issued", "Uitgegeven" },
  { "Draft, not issued", "Concept, niet uitgegeven" },
  { "Commissioned by", "Opdrachtgever" },
  { "Analyst", "Analist" },
  { "Classification", "Rubricering" },
  { "Previous round", "Vorige ronde" },
  { "none", "geen" },
  { "Posts in this period", "Berichten in deze periode" },
  { "Posts without a time (in no period)", "Berichten zonder tijdstip (in geen enkele periode)" },
  { "Off-topic posts (in no figure)", "Niet-relevante berichten (in geen enkel cijfer)" },
  { "Per source", "Per bron" },
  { "Per hour", "Per uur" },
  { "Count", "Aantal" },
  { "Previous", "Vorige" },
  { "Trend", "Trend" },
  { "new", "nieuw" },
  { "rising", "stijgend" },
  { "stable", "stabiel" },
  { "falling", "dalend" },
  { "Rumour", "Gerucht" },
  { "Status", "Status" },
  { "First seen", "Eerst gezien" },
  { "Posts (this round)", "Berichten (deze ronde)" },
  { "Response", "Reactie" },
  { "No rumours registered.", "Geen geruchten geregistreerd." },
  { "Examples", "Voorbeelden" },
  { "Not filled in.", "Niet ingevuld." },
  { "Queries", "Zoekvragen" },
  { "Untagged", "Niet getagd" },
  { "Appendix: figures per tag", "Bijlage: cijfers per tag" },
  { "Appendix: timeline", "Bijlage: tijdlijn" },
  { "Page", "Pagina" },
  { "Source", "Bron" },
  { "Author", "Auteur" },
  { "Time", "Tijd" },
  { "Text", "Tekst" },
  { "Tags", "Tags" },
  { "Link", "Link" },
  { "Tag", "Tag" },
  { "Dimension", "Dimensie" },
  { "Figures", "Cijfers" },
  { "Tagged posts", "Getagde berichten" },
  { "Rumours", "Geruchten" },
  { "Incident", "Incident" },
  { "Type", "Soort" },
  { "Location", "Locatie" },
  { "Posts", "Berichten" },
  { "Nothing tagged in this period.", "Niets getagd in deze periode." },
  { "Authors are pseudonymized.", "Auteurs zijn gepseudonimiseerd." },
  { "Figures frozen when the round was issued.", "Cijfers vastgelegd bij het uitgeven van de ronde." },
  { "Figures counted now; they change until the round is issued.",
    "Cijfers van nu; ze veranderen tot de ronde is uitgegeven." },
  { "Trend compared with the previous round.", "Trend ten opzichte van de vorige ronde." },
  { "Removed at the purge of personal data on", "Verwijderd bij het wissen van de persoonsgegevens op" },
  { "Our communication and its effect", "Onze communicatie en het effect" },
  { "Communication", "Communicatie" },
  { "Per hour before", "Per uur voor" },
  { "Per hour after", "Per uur na" },
  { "Expected after", "Verwacht na" },
  { "95% low", "95%-ondergrens" },
  { "95% high", "95%-bovengrens" },
  { "Not recorded for this round: it was issued before Peil kept our own messages.",
    "Niet vastgelegd voor deze ronde: die is uitgegeven voordat Peil eigen berichten bijhield." },
  { "No messages of ours in this period.", "Geen eigen berichten in deze periode." },
  { "Channel", "Kanaal" },
  { "Addressed", "Gaat in op" },
  { "Subject", "Onderwerp" },
  { "Before", "Voor" },
  { "After", "Na" },
  { "Per hour", "Per uur" },
  { "per hour", "per uur" },
  { "Change", "Verandering" },
  { "Expected after (95%)", "Verwacht na (95%)" },
  { "Verdict", "Oordeel" },
  { "hour", "uur" },
  { "hours", "uur" },
  { "Window before and after each message", "Venster voor en na elk bericht" },
  { "The window after it had not passed yet.", "Het venster erna was nog niet voorbij." },
  { "Too few posts, or too little time before, to say anything.", "Te weinig berichten, of te weinig tijd ervoor, om iets te zeggen." },
  { "In line with the trend before.", "In lijn met de trend ervoor." },
  { "Fewer than the trend before led to expect.", "Minder dan de trend ervoor deed verwachten." },
  { "More than the trend before led to expect.", "Meer dan de trend ervoor deed verwachten." },
  { "Still unanswered", "Nog onbeantwoord" },
  { "Rising at the end of the period, and no message of ours addressed it in the window before.",
    "Neemt toe aan het eind van de periode, en geen eigen bericht ging er in die uren op in." },
  { "Nothing rising was left unanswered.", "Niets wat steeg bleef onbeantwoord." },
  { "Posts in the window", "Berichten in het venster" },
  { "In the window before", "In het venster daarvoor" },
  { "Last answered", "Laatst beantwoord" },
  { "never", "nooit" },
  { EFFECT_METHOD,
    "Verwacht: de trend van het venster ervoor, doorgetrokken als die duidelijk meer is dan toeval, anders het niveau, "
    "met een 95%-bereik. "
    "Dit toont wat er na een eigen bericht gebeurde, niet dat het eigen bericht de oorzaak was; "
    "golven van gedeelde berichten van het publiek en andere gebeurtenissen bewegen de cijfers ook." },
};

static void
figure_free (PeilReportFigure *figure)
{
  g_free (figure->key);
  g_free (figure->label);
  g_free (figure);
}

static void
report_post_free (PeilReportPost *post)
{
  g_free (post->source);
  g_free (post->author);
  g_free (post->text);
  g_free (post->url);
  g_free (post->tags);
  g_free (post);
}

static void
report_rumour_free (PeilReportRumour *rumour)
{
  g_free (rumour->claim);
  g_free (rumour->status);
  g_free (rumour->status_label);
  g_free (rumour->response);
  g_free (rumour);
}

static void
report_effect_free (PeilReportEffect *effect)
{
  g_free (effect->tag);
  g_free (effect->label);
  g_free (effect->rates);
  g_free (effect->change);
  g_free (effect->expected_range);
  g_free (effect->verdict_label);
  g_free (effect);
}

static void
report_message_free (PeilReportMessage *message)
{
  g_free (message->channel);
  g_free (message->channel_label);
  g_free (message->text);
  g_free (message->addressed);
  g_ptr_array_unref (message->effects);
  g_free (message);
}

static void
report_unanswered_free (PeilReportUnanswered *unanswered)
{
  g_free (unanswered->tag);
  g_free (unanswered->label);
  g_free (unanswered);
}

static void
peil_report_finalize (GObject *object)
{
  PeilReport *self = (PeilReport *)object;

  g_free (self->language);
  g_free (self->title);
  g_free (self->type);
  g_free (self->location);
  g_clear_object (&self->incident_file);
  g_free (self->analyst);
  g_clear_object (&self->round);
  g_clear_pointer (&self->total, figure_free);
  g_hash_table_unref (self->figures);
  g_ptr_array_unref (self->key_figures);
  g_ptr_array_unref (self->rumours);
  g_ptr_array_unref (self->messages);
  g_ptr_array_unref (self->unanswered);
  g_clear_object (&self->names);
  g_hash_table_unref (self->examples);
  g_clear_pointer (&self->purged_examples, g_hash_table_unref);
  g_free (self->purge_note);
  g_ptr_array_unref (self->posts);
  g_strfreev (self->queries);
  g_strfreev (self->facets);

  G_OBJECT_CLASS (peil_report_parent_class)->finalize (object);
}

static void
peil_report_class_init (PeilReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_report_finalize;
}

static void
peil_report_init (PeilReport *self)
{
  self->figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  self->key_figures = g_ptr_array_new ();
  self->rumours = g_ptr_array_new_with_free_func ((GDestroyNotify)report_rumour_free);
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)report_message_free);
  self->unanswered = g_ptr_array_new_with_free_func ((GDestroyNotify)report_unanswered_free);
  self->examples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  self->posts = g_ptr_array_new_with_free_func ((GDestroyNotify)report_post_free);
}

static gboolean
is_dutch (PeilReport *self)
{
  return g_str_has_prefix (self->language, "nl");
}

/**
 * peil_report_text:
 * @english: one of the report's fixed phrases, in English
 *
 * Translates a fixed phrase of the report layouts into the report's language,
 * which need not be the interface's; an unknown phrase is a programming error.
 *
 * Returns: the phrase in the report's language
 */
const char *
peil_report_text (PeilReport *self,
                  const char *english)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i][0], english))
      return texts[i][is_dutch (self) ? 1 : 0];

  g_critical ("The report has no phrase “%s”", english);
  return english;
}

static PeilTrend
trend_between (gint64 count,
               gint64 previous)
{
  if (previous < 0)
    return PEIL_TREND_NONE;
  if (previous == 0)
    return count > 0 ? PEIL_TREND_NEW : PEIL_TREND_STABLE;
  /* A fifth up or down is a change; less is noise between rounds. */
  if (count * 5 > previous * 6)
    return PEIL_TREND_RISING;
  if (count * 5 < previous * 4)
    return PEIL_TREND_FALLING;
  return PEIL_TREND_STABLE;
}

/**
 * peil_report_trend_label:
 * @self: a #PeilReport
 * @trend: a #PeilTrend
 *
 * Gets a trend's label in the report's language.
 *
 * Returns: (transfer none): @trend in the report's language ("rising",
 *   "stijgend"), or an empty string for %PEIL_TREND_NONE
 */
const char *
peil_report_trend_label (PeilReport *self,
                         PeilTrend   trend)
{
  static const char *names[] = { NULL, "new", "rising", "stable", "falling" };

  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return trend == PEIL_TREND_NONE ? "" : peil_report_text (self, names[trend]);
}

/**
 * peil_report_trend_arrow:
 *
 * Gives the sign that shows a trend in a report; the same in every language
 * and format.
 *
 * Returns: the arrow METHOD §3.3 puts beside a key point: ↑ ↓ → or ★ for new
 */
const char *
peil_report_trend_arrow (PeilTrend trend)
{
  static const char *arrows[] = { "", "★", "↑", "→", "↓" };
  return arrows[trend];
}

/* A verdict as round snapshots store it: its nick, "too-few", as
 * `peil-cli effect --json` and bindings name it. */
static gboolean
verdict_from_string (const char        *nick,
                     PeilEffectVerdict *out_verdict)
{
  g_autoptr(GEnumClass) class = g_type_class_ref (PEIL_TYPE_EFFECT_VERDICT);
  GEnumValue *value = nick ? g_enum_get_value_by_nick (class, nick) : NULL;

  if (value == NULL)
    return FALSE;
  *out_verdict = value->value;
  return TRUE;
}

/**
 * peil_report_verdict_text:
 * @self: a #PeilReport
 * @verdict: a #PeilEffectVerdict
 *
 * Says in the report's language whether the posts after a message stood
 * out from the trend before it, without a word of cause.
 *
 * Returns: (transfer none): the verdict as a sentence: "Fewer than the
 *   trend before led to expect.", "Minder dan de trend ervoor deed
 *   verwachten."
 */
const char *
peil_report_verdict_text (PeilReport        *self,
                          PeilEffectVerdict  verdict)
{
  static const char *sentences[] = {
    "The window after it had not passed yet.",
    "Too few posts, or too little time before, to say anything.",
    "In line with the trend before.",
    "Fewer than the trend before led to expect.",
    "More than the trend before led to expect.",
  };

  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  g_return_val_if_fail ((guint)verdict < G_N_ELEMENTS (sentences), NULL);
  return peil_report_text (self, sentences[verdict]);
}

/**
 * peil_report_format_effect_note:
 * @self: a #PeilReport
 *
 * Writes the one-line note under the section on our communication: the
 * window, the method, and that the figures do not show cause.
 *
 * Returns: (transfer full): the note in the report's language: "Window
 *   before and after each message: 2 hours. Expected: …"
 */
char *
peil_report_format_effect_note (PeilReport *self)
{
  g_autofree char *hours = NULL;

  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);

  hours = peil_format_decimal (self->effect_window / 3600.0, self->effect_window % 3600 != 0 ? 1 : 0,
                               self->language);
  return g_strdup_printf ("%s: %s %s. %s", peil_report_text (self, "Window before and after each message"), hours,
                          peil_report_text (self, self->effect_window == 3600 ? "hour" : "hours"),
                          peil_report_text (self, EFFECT_METHOD));
}

/**
 * peil_report_format_time:
 *
 * Formats a time for the report, in ISO order so that it reads the same in
 * Dutch and English.
 *
 * Returns: (transfer full): @unix_time in local time, written the same
 *   unambiguous way in both languages
 */
char *
peil_report_format_time (PeilReport *self,
                         gint64      unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup ("");
}

/**
 * peil_report_format_byline:
 *
 * Formats the line that says who posted an example post, where and when; the
 * author is named as the report names them, pseudonymized or not.
 *
 * Returns: (transfer full): who wrote @post (as the report names them),
 *   where and when: "anon-1a2b3c4d · mastodon · 2026-11-25 14:05"
 */
char *
peil_report_format_byline (PeilReport           *self,
                           const PeilReportPost *post)
{
  g_autofree char *when = peil_report_format_time (self, post->created_at);

  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);

  if (post->author == NULL || *post->author == '\0')
    return g_strdup_printf ("%s · %s", post->source, when);
  return g_strdup_printf ("%s · %s · %s", post->author, post->source, when);
}

static GHashTable *
count_table (JsonObject *figures,
             const char *member)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  JsonArray *rows;

  if (figures == NULL || !json_object_has_member (figures, member))
    return table;
  rows = json_object_get_array_member (figures, member);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      gint64 *count = g_new (gint64, 1);

      *count = json_array_get_int_element (row, 1);
      g_hash_table_insert (table, (gpointer)json_array_get_string_element (row, 0), count);
    }
  return table;
}

static gint64
lookup_count (GHashTable *table,
              const char *key)
{
  gint64 *count = table ? g_hash_table_lookup (table, key) : NULL;
  return count ? *count : 0;
}

static PeilReportFigure *
figure_new (const char *key,
            const char *label,
            gint64      count,
            gint64      previous)
{
  PeilReportFigure *figure = g_new0 (PeilReportFigure, 1);

  figure->key = g_strdup (key);
  figure->label = g_strdup (label);
  figure->count = count;
  figure->previous = previous;
  figure->trend = trend_between (count, previous);
  return figure;
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* [key, count] per source, hour, tag and dimension; [post id, tags] per
 * tagged post, tags a string or null. */
static gboolean
pairs_are (JsonArray *rows,
           GType      first,
           GType      second)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonArray *row = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (row == NULL || json_array_get_length (row) != 2 || !holds (json_array_get_element (row, 0), first) ||
          !(holds (json_array_get_element (row, 1), second) ||
            (second == G_TYPE_STRING && JSON_NODE_HOLDS_NULL (json_array_get_element (row, 1)))))
        return FALSE;
    }
  return TRUE;
}

static gboolean
rumours_are_whole (JsonArray *rows)
{
  static const char *numbers[] = { "id", "first_seen", "posts", "posts_in_period" };

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 number;

      if (peil_json_get_string (row, "claim") == NULL || peil_json_get_string (row, "status") == NULL)
        return FALSE;
      for (guint j = 0; j < G_N_ELEMENTS (numbers); j++)
        if (!peil_json_get_int (row, numbers[j], &number))
          return FALSE;
    }
  return TRUE;
}

/* A number the snapshot wrote as a double: JSON may give it back as a
 * whole number ("6" for 6.0). */
static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *out_value)
{
  JsonNode *node = object && json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;

  *out_value = 0;
  if (holds (node, G_TYPE_DOUBLE))
    *out_value = json_node_get_double (node);
  else if (holds (node, G_TYPE_INT64))
    *out_value = json_node_get_int (node);
  else
    return FALSE;
  return TRUE;
}

static JsonObject *
object_at (JsonArray *array,
           guint      index)
{
  JsonNode *node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
all_hold (JsonArray *array,
          GType      type)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!holds (json_array_get_element (array, i), type))
      return FALSE;
  return array != NULL;
}

/* What an effect or an unanswered subject is about: a tag's code, or a
 * rumour's id with its claim. */
static gboolean
subject_is_whole (JsonObject *row)
{
  gint64 rumour;

  return peil_json_get_string (row, "tag") != NULL ||
         (peil_json_get_int (row, "rumour", &rumour) && peil_json_get_string (row, "label") != NULL);
}

static gboolean
effects_are_whole (JsonArray *effects)
{
  static const char *counts[] = { "before", "after", "expected_low", "expected_high" };
  static const char *rates[] = { "rate_before", "rate_after", "expected" };
  PeilEffectVerdict verdict;

  for (guint i = 0; effects != NULL && i < json_array_get_length (effects); i++)
    {
      JsonObject *row = object_at (effects, i);
      gint64 count;
      double rate;

      if (row == NULL || !subject_is_whole (row) ||
          !verdict_from_string (peil_json_get_string (row, "verdict"), &verdict))
        return FALSE;
      for (guint j = 0; j < G_N_ELEMENTS (counts); j++)
        if (!peil_json_get_int (row, counts[j], &count))
          return FALSE;
      for (guint j = 0; j < G_N_ELEMENTS (rates); j++)
        if (!get_number (row, rates[j], &rate))
          return FALSE;
    }
  return effects != NULL;
}

/* The "communication" member of snapshots since version 4. */
static gboolean
communication_is_whole (JsonObject *communication)
{
  static const char *counts[] = { "recent", "previous", "last_answered" };
  JsonArray *messages = peil_json_get_array (communication, "messages");
  JsonArray *unanswered = peil_json_get_array (communication, "unanswered");
  gint64 number;

  if (!peil_json_get_int (communication, "window", &number) || number <= 0 || messages == NULL || unanswered == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *row = object_at (messages, i);

      if (row == NULL || !peil_json_get_int (row, "id", &number) || !peil_json_get_int (row, "time", &number) ||
          peil_json_get_string (row, "channel") == NULL || peil_json_get_string (row, "text") == NULL ||
          !all_hold (peil_json_get_array (row, "tags"), G_TYPE_STRING) ||
          !all_hold (peil_json_get_array (row, "rumours"), G_TYPE_INT64) ||
          !effects_are_whole (peil_json_get_array (row, "effects")))
        return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (unanswered); i++)
    {
      JsonObject *row = object_at (unanswered, i);

      if (row == NULL || !subject_is_whole (row))
        return FALSE;
      for (guint j = 0; j < G_N_ELEMENTS (counts); j++)
        if (!peil_json_get_int (row, counts[j], &number))
          return FALSE;
    }
  return TRUE;
}

/* The figures of @round as JSON; what does not hold every member a report
 * reads, with the type it reads, is refused as damaged rather than half
 * read (the snapshot comes from the file, as hostile as any input). */
static JsonNode *
parse_figures (PeilRound   *round,
               const char  *json,
               GError     **error)
{
  static const char *counts[] = { "sources", "hours", "tags", "untagged" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = NULL;
  JsonObject *object = NULL;
  JsonArray *rumours, *posts;
  gint64 total;
  gboolean whole;

  whole = peil_json_load (parser, json, -1, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
          (object = json_node_get_object (root)) != NULL &&
          peil_json_get_int (object, "total", &total) &&
          (rumours = peil_json_get_array (object, "rumours")) != NULL && rumours_are_whole (rumours) &&
          (posts = peil_json_get_array (object, "posts")) != NULL && pairs_are (posts, G_TYPE_INT64, G_TYPE_STRING);
  for (guint i = 0; whole && i < G_N_ELEMENTS (counts); i++)
    whole = peil_json_get_array (object, counts[i]) != NULL &&
            pairs_are (peil_json_get_array (object, counts[i]), G_TYPE_STRING, G_TYPE_INT64);
  /* Snapshots before version 4 have no "communication"; one that has it
   * has all of it. */
  if (whole && json_object_has_member (object, "communication"))
    whole = communication_is_whole (peil_json_get_object (object, "communication"));

  if (!whole)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT,
                   _("The figures stored for round %u are damaged; its report cannot be written"),
                   peil_round_get_number (round));
      return NULL;
    }
  return json_node_copy (root);
}

static JsonNode *
round_figures (PeilIncident  *incident,
               PeilRound     *round,
               GError       **error)
{
  g_autofree char *live = NULL;

  if (peil_round_get_snapshot (round) != NULL)
    return parse_figures (round, peil_round_get_snapshot (round), error);
  if (!(live = peil_incident_compute_figures (incident, peil_round_get_period_start (round),
                                              peil_round_get_period_end (round), error)))
    return NULL;
  return parse_figures (round, live, error);
}

/* Sources are named as people say them, in the report's language. */
static char *
row_label (PeilReport *self,
           const char *member,
           const char *key)
{
  return g_str_equal (member, "sources") ? peil_source_label (key, self->language) : g_strdup (key);
}

/* Rows of @member in this round, with their counts in the previous one;
 * a key only the previous round had comes back with a count of 0. */
static GPtrArray *
compare_rows (PeilReport *self,
              JsonObject *now,
              JsonObject *before,
              const char *member)
{
  g_autoptr(GHashTable) current = count_table (now, member);
  g_autoptr(GHashTable) previous = before ? count_table (before, member) : NULL;
  GPtrArray *figures = g_ptr_array_new_with_free_func ((GDestroyNotify)figure_free);
  JsonArray *rows = json_object_get_array_member (now, member);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      const char *key = json_array_get_string_element (json_array_get_array_element (rows, i), 0);
      g_autofree char *label = row_label (self, member, key);

      g_ptr_array_add (figures, figure_new (key, label, lookup_count (current, key),
                                            previous ? lookup_count (previous, key) : -1));
    }

  if (previous != NULL)
    {
      GHashTableIter iter;
      const char *key;

      g_hash_table_iter_init (&iter, previous);
      while (g_hash_table_iter_next (&iter, (gpointer *)&key, NULL))
        if (!g_hash_table_contains (current, key))
          {
            g_autofree char *label = row_label (self, member, key);
            g_ptr_array_add (figures, figure_new (key, label, 0, lookup_count (previous, key)));
          }
    }
  return figures;
}

static void
add_tag_figures (PeilReport   *self,
                 PeilTaxonomy *taxonomy,
                 JsonObject   *now,
                 JsonObject   *before)
{
  g_autoptr(GHashTable) current = count_table (now, "tags");
  g_autoptr(GHashTable) previous = before ? count_table (before, "tags") : NULL;
  g_autoptr(GHashTable) untagged_now = count_table (now, "untagged");
  g_autoptr(GHashTable) untagged_before = before ? count_table (before, "untagged") : NULL;
  GPtrArray *untagged = g_ptr_array_new_with_free_func ((GDestroyNotify)figure_free);
  GPtrArray *dimensions = peil_taxonomy_get_dimensions (taxonomy);
  g_autoptr(GStrvBuilder) facets = g_strv_builder_new ();

  for (guint i = 0; i < dimensions->len; i++)
    {
      PeilDimension *dimension = g_ptr_array_index (dimensions, i);
      const char *code = peil_dimension_get_code (dimension);
      GPtrArray *tags = peil_dimension_get_tags (dimension);
      GPtrArray *figures = g_ptr_array_new_with_free_func ((GDestroyNotify)figure_free);

      for (guint j = 0; j < tags->len; j++)
        {
          PeilTag *tag = g_ptr_array_index (tags, j);
          gint64 count = lookup_count (current, peil_tag_get_code (tag));
          gint64 before_count = previous ? lookup_count (previous, peil_tag_get_code (tag)) : -1;

          if (count > 0 || before_count > 0)
            g_ptr_array_add (figures, figure_new (peil_tag_get_code (tag),
                                                  peil_tag_get_label_for (tag, self->language),
                                                  count, before_count));
        }
      g_hash_table_insert (self->figures, g_strdup (code), figures);

      if (peil_dimension_get_facet (dimension))
        g_strv_builder_add (facets, code);
      else
        g_ptr_array_add (untagged, figure_new (code, peil_dimension_get_label_for (dimension, self->language),
                                               lookup_count (untagged_now, code),
                                               untagged_before ? lookup_count (untagged_before, code) : -1));
    }
  g_hash_table_insert (self->figures, g_strdup ("untagged"), untagged);
  self->facets = g_strv_builder_end (facets);
}

static int
by_count_descending (gconstpointer a,
                     gconstpointer b)
{
  const PeilReportFigure *fa = *(PeilReportFigure * const *)a;
  const PeilReportFigure *fb = *(PeilReportFigure * const *)b;

  return (fb->count > fa->count) - (fb->count < fa->count);
}

/* The key points' figures: the five tags of the three method dimensions
 * with the most posts this round. */
static void
choose_key_figures (PeilReport *self)
{
  static const char *method_dimensions[] = { "IB", "BG", "SB" };

  for (guint i = 0; i < G_N_ELEMENTS (method_dimensions); i++)
    {
      GPtrArray *figures = g_hash_table_lookup (self->figures, method_dimensions[i]);

      for (guint j = 0; figures != NULL && j < figures->len; j++)
        if (((PeilReportFigure *)g_ptr_array_index (figures, j))->count > 0)
          g_ptr_array_add (self->key_figures, g_ptr_array_index (figures, j));
    }
  g_ptr_array_sort (self->key_figures, by_count_descending);
  if (self->key_figures->len > 5)
    g_ptr_array_set_size (self->key_figures, 5);
}

static char *
tag_labels (PeilReport   *self,
            PeilTaxonomy *taxonomy,
            const char   *codes)
{
  g_auto(GStrv) split = g_strsplit (codes ? codes : "", " ", -1);
  g_autoptr(GString) labels = g_string_new (NULL);

  for (guint i = 0; split[i] != NULL; i++)
    {
      PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, split[i]);

      if (*split[i] == '\0')
        continue;
      if (labels->len > 0)
        g_string_append (labels, ", ");
      g_string_append (labels, tag ? peil_tag_get_label_for (tag, self->language) : split[i]);
    }
  return g_string_free (g_steal_pointer (&labels), FALSE);
}

/* @codes: the tags as reported, or %NULL for the post's tags now. */
static PeilReportPost *
report_post_new (PeilReport    *self,
                 PeilIncident  *incident,
                 gint64         id,
                 const char    *codes,
                 GError       **error)
{
  g_autoptr(PeilPost) post = peil_incident_get_post (incident, id, error);
  g_autoptr(GString) current = g_string_new (NULL);
  PeilReportPost *quoted;

  if (post == NULL)
    return NULL;

  quoted = g_new0 (PeilReportPost, 1);
  quoted->id = id;
  quoted->created_at = peil_post_get_created_at (post);
  quoted->source = peil_post_source_label (peil_post_get_source (post), peil_post_get_channel (post), self->language);
  if (self->names == NULL)
    {
      quoted->author = g_strdup (peil_post_get_author_name (post) ? peil_post_get_author_name (post)
                                                                  : peil_post_get_author_handle (post));
      quoted->text = g_strdup (peil_post_get_text (post));
      quoted->url = g_strdup (peil_post_get_url (post));
    }
  else
    {
      quoted->author = peil_pseudonymizer_dup_author (self->names, post);
      quoted->text = peil_pseudonymizer_dup_text (self->names, peil_post_get_text (post));
      quoted->url = peil_pseudonymizer_dup_url (self->names, peil_post_get_url (post));
    }
  /* Purged: no blank quote; the report says once why the text is gone. */
  if (self->purge_note != NULL && *peil_post_get_text (post) == '\0')
    g_clear_pointer (&quoted->text, g_free);

  for (guint i = 0; codes == NULL && i < peil_post_get_n_tags (post); i++)
    g_string_append_printf (current, "%s%s", i > 0 ? " " : "", peil_post_get_tag (post, i)->code);
  quoted->tags = tag_labels (self, peil_incident_get_taxonomy (incident), codes ? codes : current->str);
  return quoted;
}

static gboolean
load_posts (PeilReport    *self,
            PeilIncident  *incident,
            JsonObject    *figures,
            GError       **error)
{
  JsonArray *rows = json_object_get_array_member (figures, "posts");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      PeilReportPost *post = report_post_new (self, incident, json_array_get_int_element (row, 0),
                                              json_array_get_string_element (row, 1), error);
      if (post == NULL)
        return FALSE;
      g_ptr_array_add (self->posts, post);
    }
  return TRUE;
}

static gboolean
load_examples (PeilReport    *self,
               PeilIncident  *incident,
               GError       **error)
{
  guint n_sections;
  const PeilRoundSection *sections = peil_round_sections (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    {
      GArray *ids = peil_round_get_examples (self->round, sections[i].key);
      GPtrArray *posts = g_ptr_array_new_with_free_func ((GDestroyNotify)report_post_free);

      g_hash_table_insert (self->examples, g_strdup (sections[i].key), posts);
      for (guint j = 0; ids != NULL && j < ids->len; j++)
        {
          PeilReportPost *post = report_post_new (self, incident, g_array_index (ids, gint64, j), NULL, error);
          if (post == NULL)
            return FALSE;
          g_ptr_array_add (posts, post);
        }
    }
  return TRUE;
}

/* How many posts of rumour @id the previous round counted in its period. */
static gint64
previous_rumour_posts (JsonObject *before,
                       gint64      id)
{
  JsonArray *rows;

  if (before == NULL)
    return -1;
  rows = json_object_get_array_member (before, "rumours");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (json_object_get_int_member (row, "id") == id)
        return json_object_get_int_member (row, "posts_in_period");
    }
  return 0;
}

static void
load_rumours (PeilReport   *self,
              PeilTaxonomy *taxonomy,
              JsonObject   *figures,
              JsonObject   *before)
{
  JsonArray *rows = json_object_get_array_member (figures, "rumours");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      PeilReportRumour *rumour = g_new0 (PeilReportRumour, 1);
      g_autofree char *tag_code = NULL;
      PeilTag *tag;

      rumour->claim = g_strdup (json_object_get_string_member (row, "claim"));
      rumour->status = g_strdup (json_object_get_string_member (row, "status"));
      tag_code = peil_rumour_status_tag_code (rumour->status);
      tag = peil_taxonomy_lookup_tag (taxonomy, tag_code);
      rumour->status_label = g_strdup (tag ? peil_tag_get_label_for (tag, self->language) : rumour->status);
      rumour->first_seen = json_object_get_int_member (row, "first_seen");
      rumour->posts = json_object_get_int_member (row, "posts");
      rumour->posts_in_period = json_object_get_int_member (row, "posts_in_period");
      rumour->posts_previous = previous_rumour_posts (before, json_object_get_int_member (row, "id"));
      rumour->trend = trend_between (rumour->posts_in_period, rumour->posts_previous);
      rumour->response = g_strdup (peil_json_get_string (row, "response"));
      g_ptr_array_add (self->rumours, rumour);
    }
}

/* What an effect or unanswered subject is called in the report: a tag by
 * its label in the report's language, a rumour by its claim as stored. */
static char *
subject_label (PeilReport   *self,
               PeilTaxonomy *taxonomy,
               JsonObject   *row)
{
  const char *code = peil_json_get_string (row, "tag");
  PeilTag *tag = code ? peil_taxonomy_lookup_tag (taxonomy, code) : NULL;

  /* A rumour's claim is not a fact: it says it is a rumour. */
  if (code == NULL)
    return g_strdup_printf ("%s: “%s”", peil_report_text (self, "Rumour"), peil_json_get_string (row, "label"));
  return g_strdup (tag ? peil_tag_get_label_for (tag, self->language) : code);
}

/* A signed figure: "+1,5", "−4,5" (a true minus sign), "0,0". */
static char *
signed_decimal (PeilReport *self,
                double      value,
                guint       decimals)
{
  double scale = pow (10, decimals);
  double rounded = round (value * scale) / scale;
  g_autofree char *magnitude = peil_format_decimal (fabs (rounded), decimals, self->language);

  return g_strdup_printf ("%s%s", rounded > 0 ? "+" : rounded < 0 ? "−" : "", magnitude);
}

static PeilReportEffect *
report_effect_new (PeilReport   *self,
                   PeilTaxonomy *taxonomy,
                   JsonObject   *row)
{
  PeilReportEffect *effect = g_new0 (PeilReportEffect, 1);
  g_autofree char *rate_before = NULL;
  g_autofree char *rate_after = NULL;
  g_autofree char *change = NULL;
  g_autofree char *expected = NULL;

  effect->tag = g_strdup (peil_json_get_string (row, "tag"));
  peil_json_get_int (row, "rumour", &effect->rumour_id);
  effect->label = subject_label (self, taxonomy, row);
  peil_json_get_int (row, "before", &effect->before);
  peil_json_get_int (row, "after", &effect->after);
  get_number (row, "rate_before", &effect->rate_before);
  get_number (row, "rate_after", &effect->rate_after);
  get_number (row, "expected", &effect->expected);
  peil_json_get_int (row, "expected_low", &effect->expected_low);
  peil_json_get_int (row, "expected_high", &effect->expected_high);
  verdict_from_string (peil_json_get_string (row, "verdict"), &effect->verdict);
  effect->verdict_label = g_strdup (peil_report_verdict_text (self, effect->verdict));

  rate_before = peil_format_decimal (effect->rate_before, 1, self->language);
  rate_after = peil_format_decimal (effect->rate_after, 1, self->language);
  change = signed_decimal (self, effect->rate_after - effect->rate_before, 1);
  /* While the window after runs, its posts so far over the whole window
   * would read as a drop that has not happened: no rate after, no change. */
  if (effect->verdict == PEIL_EFFECT_OPEN)
    {
      effect->rates = g_strdup_printf ("%s → …", rate_before);
      effect->change = g_strdup ("—");
    }
  /* The windows are equally long: the rates change as the counts do. */
  else if (effect->before > 0)
    {
      g_autofree char *percent = signed_decimal (self, round (100.0 * (effect->after - effect->before) / effect->before), 0);

      effect->rates = g_strdup_printf ("%s → %s", rate_before, rate_after);
      effect->change = g_strdup_printf ("%s %s (%s%%)", change, peil_report_text (self, "per hour"), percent);
    }
  else
    {
      effect->rates = g_strdup_printf ("%s → %s", rate_before, rate_after);
      effect->change = g_strdup_printf ("%s %s", change, peil_report_text (self, "per hour"));
    }
  /* Posts, as Before and After are: whole ones; the column says 95%. */
  expected = peil_format_number ((gint64)round (effect->expected), self->language);
  effect->expected_range = g_strdup_printf ("%s (%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ")", expected,
                                            effect->expected_low, effect->expected_high);
  return effect;
}

/* The claim of rumour @id: from the message's own effects, else from the
 * register as the round stored it. */
static const char *
rumour_claim (JsonObject *figures,
              JsonArray  *effects,
              gint64      id)
{
  JsonArray *rumours = json_object_get_array_member (figures, "rumours");
  gint64 number;

  for (guint i = 0; i < json_array_get_length (effects); i++)
    if (peil_json_get_int (object_at (effects, i), "rumour", &number) && number == id)
      return peil_json_get_string (object_at (effects, i), "label");
  for (guint i = 0; i < json_array_get_length (rumours); i++)
    if (peil_json_get_int (object_at (rumours, i), "id", &number) && number == id)
      return peil_json_get_string (object_at (rumours, i), "claim");
  return NULL;
}

static PeilReportMessage *
report_message_new (PeilReport   *self,
                    PeilTaxonomy *taxonomy,
                    JsonObject   *figures,
                    JsonObject   *row)
{
  PeilReportMessage *message = g_new0 (PeilReportMessage, 1);
  JsonArray *tags = peil_json_get_array (row, "tags");
  JsonArray *rumours = peil_json_get_array (row, "rumours");
  JsonArray *effects = peil_json_get_array (row, "effects");
  g_autoptr(GString) addressed = g_string_new (NULL);

  peil_json_get_int (row, "id", &message->id);
  peil_json_get_int (row, "time", &message->time);
  message->channel = g_strdup (peil_json_get_string (row, "channel"));
  message->channel_label = peil_source_label (message->channel, self->language);
  message->text = g_strdup (peil_json_get_string (row, "text"));

  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, json_array_get_string_element (tags, i));

      g_string_append_printf (addressed, "%s%s", addressed->len ? ", " : "",
                              tag ? peil_tag_get_label_for (tag, self->language) : json_array_get_string_element (tags, i));
    }
  for (guint i = 0; i < json_array_get_length (rumours); i++)
    {
      gint64 id = json_array_get_int_element (rumours, i);
      const char *claim = rumour_claim (figures, effects, id);

      if (claim != NULL)
        g_string_append_printf (addressed, "%s%s: “%s”", addressed->len ? ", " : "", peil_report_text (self, "Rumour"), claim);
      else
        g_string_append_printf (addressed, "%s%s %" G_GINT64_FORMAT, addressed->len ? ", " : "",
                                peil_report_text (self, "Rumour"), id);
    }
  message->addressed = g_string_free (g_steal_pointer (&addressed), FALSE);

  message->effects = g_ptr_array_new_with_free_func ((GDestroyNotify)report_effect_free);
  for (guint i = 0; i < json_array_get_length (effects); i++)
    g_ptr_array_add (message->effects, report_effect_new (self, taxonomy, object_at (effects, i)));
  return message;
}

static void
load_communication (PeilReport   *self,
                    PeilTaxonomy *taxonomy,
                    JsonObject   *figures)
{
  JsonObject *communication = peil_json_get_object (figures, "communication");
  JsonArray *messages, *unanswered;

  self->effect_window = PEIL_EFFECT_DEFAULT_WINDOW;
  if (communication == NULL)
    return;
  self->communication_recorded = TRUE;
  peil_json_get_int (communication, "window", &self->effect_window);
  messages = peil_json_get_array (communication, "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    g_ptr_array_add (self->messages, report_message_new (self, taxonomy, figures, object_at (messages, i)));

  unanswered = peil_json_get_array (communication, "unanswered");
  for (guint i = 0; i < json_array_get_length (unanswered); i++)
    {
      JsonObject *row = object_at (unanswered, i);
      PeilReportUnanswered *item = g_new0 (PeilReportUnanswered, 1);

      item->tag = g_strdup (peil_json_get_string (row, "tag"));
      peil_json_get_int (row, "rumour", &item->rumour_id);
      item->label = subject_label (self, taxonomy, row);
      peil_json_get_int (row, "recent", &item->recent);
      peil_json_get_int (row, "previous", &item->previous);
      peil_json_get_int (row, "last_answered", &item->last_answered);
      g_ptr_array_add (self->unanswered, item);
    }
}

static GStrv
describe_queries (PeilReport    *self,
                  PeilIncident  *incident,
                  GError       **error)
{
  g_autoptr(GPtrArray) queries = peil_incident_list_queries (incident, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (queries == NULL)
    return NULL;
  for (guint i = 0; i < queries->len; i++)
    {
      PeilQuery *query = g_ptr_array_index (queries, i);
      g_autofree char *source = peil_source_label (peil_query_get_source (query), self->language);
      /* A query may name an account ("from:@jan"). */
      g_autofree char *text = self->names ? peil_pseudonymizer_dup_text (self->names, peil_query_get_text (query))
                                          : g_strdup (peil_query_get_text (query));
      g_autofree char *line = g_strdup_printf ("%s: %s", source, text);
      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

/**
 * peil_report_new:
 * @language: "nl" or "en", the language the report is written in
 *
 * Gathers the report of round @round_number. Call on the thread that owns
 * @incident; the report itself can then go to any thread.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
PeilReport *
peil_report_new (PeilIncident     *incident,
                 guint             round_number,
                 const char       *language,
                 PeilReportFlags   flags,
                 GError          **error)
{
  g_autoptr(PeilReport) self = NULL;
  g_autoptr(PeilRound) previous = NULL;
  g_autoptr(JsonNode) now = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autofree char *exercise = NULL;
  PeilTaxonomy *taxonomy;
  JsonObject *now_object;
  JsonObject *before_object = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  self = g_object_new (PEIL_TYPE_REPORT, NULL);
  self->incident_file = g_object_ref (peil_incident_get_file (incident));
  self->language = g_strdup (language && g_str_has_prefix (language, "nl") ? "nl" : "en");
  self->flags = flags;
  taxonomy = peil_incident_get_taxonomy (incident);

  if (!(self->round = peil_incident_get_round (incident, round_number, error)) ||
      !(now = round_figures (incident, self->round, error)))
    return NULL;
  if (round_number > 1)
    {
      if (!(previous = peil_incident_get_round (incident, round_number - 1, error)) ||
          !(before = round_figures (incident, previous, error)))
        return NULL;
      self->previous_number = round_number - 1;
      before_object = json_node_get_object (before);
    }
  now_object = json_node_get_object (now);

  self->title = peil_incident_get_metadata (incident, PEIL_META_TITLE);
  self->type = peil_incident_get_metadata (incident, PEIL_META_TYPE);
  self->location = peil_incident_get_metadata (incident, PEIL_META_LOCATION);
  exercise = peil_incident_get_metadata (incident, PEIL_META_EXERCISE);
  self->exercise = g_strcmp0 (exercise, "true") == 0;
  self->analyst = g_strdup (peil_round_get_issued_by (self->round) ? peil_round_get_issued_by (self->round)
                                                                   : peil_incident_get_analyst (incident));

  self->total = figure_new ("total", peil_report_text (self, "Posts"),
                            json_object_get_int_member (now_object, "total"),
                            before_object ? json_object_get_int_member (before_object, "total") : -1);
  /* Snapshots before version 2 did not count them. */
  self->untimed = json_object_get_int_member_with_default (now_object, "untimed", 0);
  /* Nor before version 3 these. */
  self->off_topic = json_object_get_int_member_with_default (now_object, "off_topic", 0);
  g_hash_table_insert (self->figures, g_strdup ("sources"), compare_rows (self, now_object, before_object, "sources"));
  g_hash_table_insert (self->figures, g_strdup ("hours"), compare_rows (self, now_object, NULL, "hours"));
  add_tag_figures (self, taxonomy, now_object, before_object);
  choose_key_figures (self);
  load_rumours (self, taxonomy, now_object, before_object);
  load_communication (self, taxonomy, now_object);

  if (peil_incident_get_purged_at (incident) > 0)
    {
      g_autoptr(GDateTime) purged = g_date_time_new_from_unix_local (peil_incident_get_purged_at (incident));
      g_autofree char *day = g_date_time_format (purged, "%Y-%m-%d");

      self->purge_note = g_strdup_printf ("%s %s.", peil_report_text (self, "Removed at the purge of personal data on"),
                                          day);
      if (!(self->purged_examples = peil_incident_purged_examples (incident, round_number, error)))
        return NULL;
    }

  if ((!(flags & PEIL_REPORT_SHOW_AUTHORS) && !(self->names = peil_incident_dup_pseudonymizer (incident, error))) ||
      !load_examples (self, incident, error) ||
      (!(flags & PEIL_REPORT_NO_POSTS) && !load_posts (self, incident, now_object, error)) ||
      !(self->queries = describe_queries (self, incident, error)))
    return NULL;
  return g_steal_pointer (&self);
}

typedef struct
{
  guint            round_number;
  char            *language;
  PeilReportFlags  flags;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_free (data->language);
  g_free (data);
}

static void
build_in_thread (GTask        *task,
                 PeilIncident *connection,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  BuildData *data = task_data;
  PeilReport *report;
  GError *error = NULL;

  if (!(report = peil_report_new (connection, data->round_number, data->language, data->flags, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

/**
 * peil_report_new_async:
 *
 * Gathers the report as peil_report_new() does, on a worker thread with
 * a connection of its own to @incident's file, so that counting a large
 * incident does not hold up the caller. Call peil_report_new_finish()
 * from @callback.
 */
void
peil_report_new_async (PeilIncident        *incident,
                       guint                round_number,
                       const char          *language,
                       PeilReportFlags      flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  g_return_if_fail (PEIL_IS_INCIDENT (incident));

  data = g_new0 (BuildData, 1);
  data->round_number = round_number;
  data->language = g_strdup (language);
  data->flags = flags;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_report_new_async);
  g_task_set_task_data (task, data, (GDestroyNotify)build_data_free);
  peil_incident_run_in_thread (incident, task, build_in_thread);
}

/**
 * peil_report_new_finish:
 *
 * Finishes the report started with peil_report_new_async().
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
PeilReport *
peil_report_new_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * peil_report_get_language:
 * @self: a #PeilReport
 *
 * Gets the report's language.
 *
 * Returns: (transfer none): the language the report is written in, "nl" or
 *   "en", whatever the interface's locale
 */
const char *
peil_report_get_language (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->language;
}

/**
 * peil_report_get_exercise:
 * @self: a #PeilReport
 *
 * Gets whether the report is of an exercise.
 *
 * Returns: %TRUE when the incident is an exercise: its report carries
 *   %PEIL_EXERCISE_MARK, so that it is never taken for a real one
 */
gboolean
peil_report_get_exercise (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), FALSE);
  return self->exercise;
}

/**
 * peil_report_get_shows_authors:
 * @self: a #PeilReport
 *
 * Gets whether the report shows authors' names.
 *
 * Returns: %TRUE when the report quotes authors by name
 *   (%PEIL_REPORT_SHOW_AUTHORS), %FALSE when it quotes them by pseudonym
 */
gboolean
peil_report_get_shows_authors (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), FALSE);
  return (self->flags & PEIL_REPORT_SHOW_AUTHORS) != 0;
}

/**
 * peil_report_get_incident_title:
 * @self: a #PeilReport
 *
 * Gets the incident's title.
 *
 * Returns: (transfer none): the incident's title (%PEIL_META_TITLE), or an
 *   empty string when it has none
 */
const char *
peil_report_get_incident_title (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->title ? self->title : "";
}

/**
 * peil_report_get_incident_type:
 * @self: a #PeilReport
 *
 * Gets the incident's type.
 *
 * Returns: (transfer none): the kind of incident (%PEIL_META_TYPE), or an
 *   empty string when it is not set
 */
const char *
peil_report_get_incident_type (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->type ? self->type : "";
}

/**
 * peil_report_get_location:
 * @self: a #PeilReport
 *
 * Gets the incident's location.
 *
 * Returns: (transfer none): where the incident is (%PEIL_META_LOCATION), or
 *   an empty string when it is not set
 */
const char *
peil_report_get_location (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->location ? self->location : "";
}

/**
 * peil_report_get_analyst:
 * @self: a #PeilReport
 *
 * Gets the report's analyst.
 *
 * Returns: (transfer none): who issued the round, or for a draft the
 *   incident's analyst; an empty string when neither is known
 */
const char *
peil_report_get_analyst (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->analyst ? self->analyst : "";
}

/**
 * peil_report_get_round:
 *
 * Gives the round the report describes.
 *
 * Returns: (transfer none): the round reported on
 */
PeilRound *
peil_report_get_round (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->round;
}

/**
 * peil_report_get_previous_number:
 *
 * Tells which round the report's trends compare with: the round before this
 * one.
 *
 * Returns: the number of the round the trends compare with, 0 for none
 */
guint
peil_report_get_previous_number (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), 0);
  return self->previous_number;
}

/**
 * peil_report_get_total:
 * @self: a #PeilReport
 *
 * Gets the report's total of posts.
 *
 * Returns: (transfer none): the number of posts in the round's period,
 *   with the previous round's and the trend; owned by @self
 */
const PeilReportFigure *
peil_report_get_total (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->total;
}

/**
 * peil_report_get_untimed:
 *
 * Counts the posts left out of every period's figures because they have no
 * time, for the report to say so.
 *
 * Returns: how many posts of the incident had no time of their own when
 *   the figures were counted: they are in no period's figures
 */
gint64
peil_report_get_untimed (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), 0);
  return self->untimed;
}

/**
 * peil_report_get_purge_note:
 *
 * Gives the note that a report layout prints where purged personal data would
 * have been quoted.
 *
 * Returns: (nullable): what the report says, once, where the personal
 *   data it would quote was purged ("Removed at the purge of personal
 *   data on 2026-12-27."), or %NULL when it never was; a purged post has
 *   %NULL as its text
 */
const char *
peil_report_get_purge_note (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->purge_note;
}

/**
 * peil_report_get_examples_purged:
 *
 * Tells whether a section's example posts were removed by a purge.
 *
 * Returns: whether a purge removed example posts of @section, which the
 *   report then says instead of quoting them
 */
gboolean
peil_report_get_examples_purged (PeilReport *self,
                                 const char *section)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), FALSE);
  return self->purged_examples != NULL && g_hash_table_contains (self->purged_examples, section);
}

/**
 * peil_report_get_off_topic:
 *
 * Counts the posts left out of the report's figures because they are
 * off-topic, for the report to say so.
 *
 * Returns: how many posts of the round's period were marked off-topic
 *   when the figures were counted: they are in none of its figures
 */
gint64
peil_report_get_off_topic (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), 0);
  return self->off_topic;
}

/**
 * peil_report_get_figures:
 * @group: a dimension code (tags with posts in either round, in taxonomy
 *   order), "untagged" (per dimension), "sources" or "hours" (no trend)
 *
 * Gives one table of the report's figures: counts for the round's period, with
 * trends against the previous round where they apply.
 *
 * Returns: (transfer none) (element-type PeilReportFigure) (nullable):
 *   the figures of @group
 */
GPtrArray *
peil_report_get_figures (PeilReport *self,
                         const char *group)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return g_hash_table_lookup (self->figures, group);
}

/**
 * peil_report_get_facets:
 *
 * Lists the facet dimensions, whose figures the report puts in its appendix
 * rather than its key points.
 *
 * Returns: (transfer none): the codes of the facet dimensions (rumour
 *   status, actor, priority…), whose figures go in the appendix
 */
const char * const *
peil_report_get_facets (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return (const char * const *)self->facets;
}

/**
 * peil_report_get_key_figures:
 *
 * Gives the figures the report leads with.
 *
 * Returns: (transfer none) (element-type PeilReportFigure): at most five
 *   tags of the three dimensions with the most posts, most first
 */
GPtrArray *
peil_report_get_key_figures (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->key_figures;
}

/**
 * peil_report_get_rumours:
 *
 * Gives the rumour register as the report shows it.
 *
 * Returns: (transfer none) (element-type PeilReportRumour): the rumour
 *   register as it stood at the end of the period (as issued, for an
 *   issued round)
 */
GPtrArray *
peil_report_get_rumours (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->rumours;
}

/**
 * peil_report_get_communication_recorded:
 * @self: a #PeilReport
 *
 * Tells whether the round's figures hold our own messages: a round issued
 * before Peil kept them does not, and its report says so rather than
 * suggest that nothing was said.
 *
 * Returns: %TRUE when peil_report_get_messages() and
 *   peil_report_get_unanswered() are the round's; %FALSE when they were
 *   not recorded
 */
gboolean
peil_report_get_communication_recorded (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), FALSE);
  return self->communication_recorded;
}

/**
 * peil_report_get_effect_window:
 * @self: a #PeilReport
 *
 * Gets the window before and after each message that its effects were
 * counted over, and that the unanswered subjects were looked for in.
 *
 * Returns: the window in seconds (peil_report_format_effect_note() says it)
 */
gint64
peil_report_get_effect_window (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), 0);
  return self->effect_window;
}

/**
 * peil_report_get_messages:
 * @self: a #PeilReport
 *
 * Gives our own messages of the round's period, each with what it
 * addressed and the public's posts on that before and after it, as
 * counted at the period's end (as issued, for an issued round).
 *
 * Returns: (transfer none) (element-type PeilReportMessage): the messages,
 *   oldest first; empty when there were none or none were recorded
 *   (peil_report_get_communication_recorded())
 */
GPtrArray *
peil_report_get_messages (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->messages;
}

/**
 * peil_report_get_unanswered:
 * @self: a #PeilReport
 *
 * Gives the information needs and rumours whose posts were rising at the
 * end of the round's period while no message of ours had addressed them
 * in the window before: what the crisis team might answer next.
 *
 * Returns: (transfer none) (element-type PeilReportUnanswered): the
 *   unanswered subjects, most urgent first
 */
GPtrArray *
peil_report_get_unanswered (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->unanswered;
}

/**
 * peil_report_get_examples:
 *
 * Gives the example posts of a section of the round, as the report quotes
 * them.
 *
 * Returns: (transfer none) (element-type PeilReportPost) (nullable): the
 *   example posts the analyst linked to @section
 */
GPtrArray *
peil_report_get_examples (PeilReport *self,
                          const char *section)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return g_hash_table_lookup (self->examples, section);
}

/**
 * peil_report_get_posts:
 *
 * Gives the tagged posts of the round's period, for an appendix or an export
 * that lists them.
 *
 * Returns: (transfer none) (element-type PeilReportPost): the posts of the
 *   period that carried tags, with the tags they were reported with
 */
GPtrArray *
peil_report_get_posts (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->posts;
}

/**
 * peil_report_get_queries:
 *
 * Lists the incident's saved queries, for the report's account of its sources.
 *
 * Returns: (transfer none): the incident's saved queries, "source: text"
 */
GStrv
peil_report_get_queries (PeilReport *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), NULL);
  return self->queries;
}

/*
 * peil_report_check_target:
 *
 * Returns: %FALSE with @error set when writing the report to @file would
 *   write over the incident it was made from
 */
gboolean
peil_report_check_target (PeilReport  *self,
                          GFile       *file,
                          GError     **error)
{
  g_return_val_if_fail (PEIL_IS_REPORT (self), FALSE);
  return peil_check_other_file (self->incident_file, file, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>

#include "peil-test-util.h"

/* Rounds, the rumour register and the reports written from them. */

static PeilPluginEngine *engine;

typedef struct
{
  PeilIncident *incident;
  gint64        planted;    /* a post with markup and a formula in it */
  gint64        examples;   /* the example post of round 1 */
} Sample;

static gint64
add_tagged (PeilIncident *incident,
            const char   *remote_id,
            const char   *time,
            const char   *author,
            const char   *text,
            const char   *tags)
{
  gint64 id = peil_test_add_post (incident, "mastodon", remote_id, time, author, text);
  g_auto(GStrv) codes = g_strsplit (tags, " ", -1);

  for (guint i = 0; codes[i] != NULL; i++)
    if (*codes[i] != '\0')
      g_assert_true (peil_incident_tag_post (incident, id, codes[i], NULL));
  return id;
}

static gint64
at (const char *iso)
{
  gint64 when = 0;

  g_assert_true (peil_time_parse (iso, NULL, &when));
  return when;
}

/* Round 1 (08:00–10:00) is issued; round 2 (10:00–12:00) is a draft.
 * Between them: Daily-life disruption rises 2 → 3, "what happened" is new,
 * Safety stays 1 → 1, Fear falls 2 → 0. */
static Sample
sample_incident (const char *name)
{
  Sample sample = { peil_test_new_incident (name) };
  PeilIncident *incident = sample.incident;
  peil_test_autofinal(PeilRound) first = NULL;
  peil_test_autofinal(PeilRound) second = NULL;
  peil_test_autofinal(PeilRumour) rumour = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_TITLE, "Kraan op huizen", NULL));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_EXERCISE, "true", NULL));
  peil_incident_set_analyst (incident, "Anna Analist");

  add_tagged (incident, "1", "2026-11-25T08:30:00Z", "@a", "Is het veilig in de Julianastraat?", "IB-VEILIG");
  add_tagged (incident, "2", "2026-11-25T09:10:00Z", "@b", "Waar kan ik mijn auto ophalen?", "IB-HINDER");
  sample.examples = add_tagged (incident, "3", "2026-11-25T09:20:00Z", "@c", "Zo bang, een enorme klap",
                                "BG-ANGST");
  sample.planted = add_tagged (incident, "4", "2026-11-25T09:40:00Z", "Jan Jansen",
                               "<script>alert('planted')</script> =HYPERLINK(\"http://evil.invalid\") 10 doden",
                               "BG-ANGST SB-VERSPREIDEN");
  add_tagged (incident, "5", "2026-11-25T09:50:00Z", "@e", "Weg dicht bij de brug", "IB-HINDER");
  peil_test_add_post (incident, "mastodon", "untagged", "2026-11-25T09:55:00Z", "@f", "Niets aan de hand");

  first = peil_incident_add_round (incident, "ROT 10:00", at ("2026-11-25T08:00:00Z"),
                                   at ("2026-11-25T10:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_set_round_text (incident, 1, "commissioner", "ROT", NULL));
  g_assert_true (peil_incident_set_round_text (incident, 1, "key-points", "Veel vragen over de veiligheid", NULL));
  g_assert_true (peil_incident_set_round_text (incident, 1, "BG", "Angst bij omwonenden na de klap", NULL));
  g_assert_true (peil_incident_set_round_text (incident, 1, "advice-inform",
                                               "Meld via NL-Alert dat de Julianastraat veilig is", NULL));
  g_assert_true (peil_incident_link_example (incident, 1, "BG", sample.planted, TRUE, NULL));
  g_assert_true (peil_incident_link_example (incident, 1, "BG", sample.examples, TRUE, NULL));

  rumour = peil_incident_add_rumour (incident, "Er zouden 10 doden zijn", at ("2026-11-25T09:45:00Z"), &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_link_rumour_post (incident, peil_rumour_get_id (rumour), sample.planted, TRUE, NULL));
  g_assert_true (peil_incident_set_rumour_status (incident, peil_rumour_get_id (rumour), "false", NULL));
  g_assert_true (peil_incident_set_rumour_response (incident, peil_rumour_get_id (rumour),
                                                    "Gecorrigeerd: er zijn geen doden", NULL));
  g_assert_true (peil_incident_issue_round (incident, 1, &error));
  g_assert_no_error (error);

  add_tagged (incident, "6", "2026-11-25T10:30:00Z", "@a", "Wanneer gaat de weg open?", "IB-HINDER");
  add_tagged (incident, "7", "2026-11-25T10:40:00Z", "@b", "Bus 169 rijdt om?", "IB-HINDER");
  add_tagged (incident, "8", "2026-11-25T10:50:00Z", "@c", "Brug nog dicht", "IB-HINDER");
  add_tagged (incident, "9", "2026-11-25T11:00:00Z", "@d", "Wat is er precies gebeurd?", "IB-WAT");
  add_tagged (incident, "10", "2026-11-25T11:10:00Z", "@e", "Is de lucht veilig?", "IB-VEILIG");

  second = peil_incident_add_round (incident, "ROT 12:00", 0, at ("2026-11-25T12:00:00Z"), &error);
  g_assert_no_error (error);
  return sample;
}

static const PeilReportFigure *
find_figure (PeilReport *report,
             const char *group,
             const char *key)
{
  GPtrArray *figures = peil_report_get_figures (report, group);

  for (guint i = 0; figures != NULL && i < figures->len; i++)
    if (g_str_equal (((PeilReportFigure *)g_ptr_array_index (figures, i))->key, key))
      return g_ptr_array_index (figures, i);
  return NULL;
}

static void
test_rounds (void)
{
  Sample sample = sample_incident ("rounds.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  g_autoptr(GPtrArray) rounds = NULL;
  peil_test_autofinal(PeilRound) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GArray *examples;

  rounds = peil_incident_list_rounds (incident, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rounds->len, ==, 2);
  /* The second round starts where the first ended. */
  g_assert_cmpint (peil_round_get_period_start (g_ptr_array_index (rounds, 1)), ==, at ("2026-11-25T10:00:00Z"));
  g_assert_false (peil_round_is_issued (g_ptr_array_index (rounds, 1)));

  first = peil_incident_get_round (incident, 1, &error);
  g_assert_no_error (error);
  g_assert_true (peil_round_is_issued (first));
  g_assert_cmpstr (peil_round_get_issued_by (first), ==, "Anna Analist");
  g_assert_cmpstr (peil_round_get_commissioner (first), ==, "ROT");
  g_assert_cmpstr (peil_round_get_text (first, "BG"), ==, "Angst bij omwonenden na de klap");
  g_assert_cmpstr (peil_round_get_text (first, "what-if"), ==, "");
  examples = peil_round_get_examples (first, "BG");
  g_assert_cmpuint (examples->len, ==, 2);
  g_assert_cmpint (g_array_index (examples, gint64, 0), ==, sample.planted);

  /* What the team was told cannot be rewritten, and trying changes nothing. */
  before = peil_test_checksum (path);
  g_assert_false (peil_incident_set_round_text (incident, 1, "BG", "Herschreven", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_ISSUED);
  g_assert_nonnull (strstr (error->message, "issued"));
  g_clear_error (&error);
  g_assert_false (peil_incident_link_example (incident, 1, "IB", sample.planted, TRUE, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_ISSUED);
  g_clear_error (&error);
  g_assert_false (peil_incident_issue_round (incident, 1, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_ISSUED);
  g_clear_error (&error);
  after = peil_test_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* Bad input is refused with a reason. */
  g_assert_false (peil_incident_set_round_text (incident, 2, "gossip", "x", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peil_incident_set_round_period (incident, 2, at ("2026-11-25T12:00:00Z"),
                                                  at ("2026-11-25T11:00:00Z"), &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peil_incident_link_example (incident, 2, "IB", 9999, TRUE, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);
  g_clear_error (&error);
  g_assert_null (peil_incident_get_round (incident, 7, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A draft takes changes, and they survive reopening. */
  g_assert_true (peil_incident_set_round_text (incident, 2, "title", "ROT 12:30", &error));
  g_assert_true (peil_incident_set_round_text (incident, 2, "title", "ROT 13:00", &error));
  g_assert_true (peil_incident_set_round_text (incident, 2, "what-if", "Drukte bij de brug verwacht", &error));
  g_assert_true (peil_incident_link_example (incident, 2, "IB", sample.examples, TRUE, &error));
  g_assert_true (peil_incident_link_example (incident, 2, "IB", sample.examples, FALSE, &error));
  g_assert_no_error (error);
  {
    peil_test_autofinal(PeilIncident) reopened = peil_test_reopen (g_steal_pointer (&incident));
    peil_test_autofinal(PeilRound) second = peil_incident_get_round (reopened, 2, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (peil_round_get_text (second, "what-if"), ==, "Drukte bij de brug verwacht");
    g_assert_cmpstr (peil_round_get_title (second), ==, "ROT 13:00");
    g_assert_null (peil_round_get_examples (second, "IB"));
  }
}

/* A round without an end runs on until it is issued or the next starts;
 * only the last round can be open. */
static void
test_open_rounds (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("open.peil");
  peil_test_autofinal(PeilRound) first = NULL;
  peil_test_autofinal(PeilRound) second = NULL;
  peil_test_autofinal(PeilRound) third = NULL;
  peil_test_autofinal(PeilRound) closed = NULL;
  g_autoptr(GError) error = NULL;

  first = peil_incident_add_round (incident, NULL, at ("2026-01-01T08:00:00Z"), at ("2026-01-01T10:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_false (peil_round_is_open (first));

  second = peil_incident_add_round (incident, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (peil_round_is_open (second));
  g_assert_cmpint (peil_round_get_period_start (second), ==, at ("2026-01-01T10:00:00Z"));
  g_assert_cmpint (peil_round_get_period_end (second), >=, g_get_real_time () / G_USEC_PER_SEC - 5);

  g_assert_false (peil_incident_set_round_period (incident, 1, at ("2026-01-01T08:00:00Z"), 0, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  /* The next round closes the open one where it starts itself, at once. */
  third = peil_incident_add_round (incident, NULL, 0, 0, &error);
  g_assert_no_error (error);
  closed = peil_incident_get_round (incident, 2, &error);
  g_assert_false (peil_round_is_open (closed));
  g_assert_cmpint (peil_round_get_period_end (closed), ==, peil_round_get_period_start (third));
  g_assert_true (peil_round_is_open (third));

  /* Issuing fixes the end. */
  g_assert_true (peil_incident_issue_round (incident, 3, &error));
  g_clear_object (&closed);
  closed = peil_incident_get_round (incident, 3, &error);
  g_assert_false (peil_round_is_open (closed));
}

static void
test_frozen_and_trends (void)
{
  Sample sample = sample_incident ("frozen.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  peil_test_autofinal(PeilReport) first = NULL;
  peil_test_autofinal(PeilReport) second = NULL;
  g_autoptr(GError) error = NULL;
  const PeilReportFigure *figure;

  /* Tagging after the issue does not rewrite round 1. */
  g_assert_true (peil_incident_tag_post (incident, 1, "BG-ANGST", NULL));

  first = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_report_get_total (first)->count, ==, 6);
  g_assert_cmpint (peil_report_get_total (first)->previous, ==, -1);
  figure = find_figure (first, "BG", "BG-ANGST");
  g_assert_cmpint (figure->count, ==, 2);
  g_assert_cmpint (figure->trend, ==, PEIL_TREND_NONE);
  g_assert_cmpstr (figure->label, ==, "Angst & onrust");
  g_assert_cmpint (find_figure (first, "untagged", "IB")->count, ==, 3);
  g_assert_cmpint (find_figure (first, "sources", "mastodon")->count, ==, 6);
  g_assert_cmpuint (peil_report_get_posts (first)->len, ==, 5);
  g_assert_cmpuint (peil_report_get_previous_number (first), ==, 0);
  {
    peil_test_autofinal(PeilReport) figures_only = peil_report_new (incident, 1, "nl", PEIL_REPORT_NO_POSTS, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peil_report_get_posts (figures_only)->len, ==, 0);
    g_assert_cmpint (find_figure (figures_only, "BG", "BG-ANGST")->count, ==, 2);
  }

  second = peil_report_new (incident, 2, "en", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_report_get_previous_number (second), ==, 1);
  g_assert_cmpint (peil_report_get_total (second)->count, ==, 5);
  g_assert_cmpint (peil_report_get_total (second)->previous, ==, 6);
  g_assert_cmpint (peil_report_get_total (second)->trend, ==, PEIL_TREND_STABLE);

  figure = find_figure (second, "IB", "IB-HINDER");
  g_assert_cmpint (figure->count, ==, 3);
  g_assert_cmpint (figure->previous, ==, 2);
  g_assert_cmpint (figure->trend, ==, PEIL_TREND_RISING);
  g_assert_cmpint (find_figure (second, "IB", "IB-WAT")->trend, ==, PEIL_TREND_NEW);
  g_assert_cmpint (find_figure (second, "IB", "IB-VEILIG")->trend, ==, PEIL_TREND_STABLE);
  /* Compared with what round 1 reported (2), not with today's tags (3). */
  figure = find_figure (second, "BG", "BG-ANGST");
  g_assert_cmpint (figure->count, ==, 0);
  g_assert_cmpint (figure->previous, ==, 2);
  g_assert_cmpint (figure->trend, ==, PEIL_TREND_FALLING);
  g_assert_cmpstr (find_figure (second, "IB", "IB-HINDER")->label, ==, "Daily-life disruption");
  /* The rumour was spread in round 1, not since. */
  {
    PeilReportRumour *rumour = g_ptr_array_index (peil_report_get_rumours (second), 0);
    PeilReportRumour *earlier = g_ptr_array_index (peil_report_get_rumours (first), 0);

    g_assert_cmpint (earlier->posts_in_period, ==, 1);
    g_assert_cmpint (earlier->trend, ==, PEIL_TREND_NONE);
    g_assert_cmpint (rumour->posts, ==, 1);
    g_assert_cmpint (rumour->posts_in_period, ==, 0);
    g_assert_cmpint (rumour->posts_previous, ==, 1);
    g_assert_cmpint (rumour->trend, ==, PEIL_TREND_FALLING);
  }
  /* The key points lead with the largest count. */
  g_assert_cmpstr (((PeilReportFigure *)g_ptr_array_index (peil_report_get_key_figures (second), 0))->key, ==,
                   "IB-HINDER");
}

static void
test_rumours (void)
{
  Sample sample = sample_incident ("rumours.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  g_autoptr(GPtrArray) rumours = NULL;
  peil_test_autofinal(PeilRumour) second = NULL;
  g_autoptr(GError) error = NULL;
  PeilRumour *rumour;
  GPtrArray *history;

  rumours = peil_incident_list_rumours (incident, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rumours->len, ==, 1);
  rumour = g_ptr_array_index (rumours, 0);
  g_assert_cmpstr (peil_rumour_get_status (rumour), ==, PEIL_RUMOUR_FALSE);
  g_assert_cmpstr (peil_rumour_get_response (rumour), ==, "Gecorrigeerd: er zijn geen doden");
  /* Linking a post older than the first sighting moves it back. */
  g_assert_cmpint (peil_rumour_get_first_seen (rumour), ==, at ("2026-11-25T09:40:00Z"));
  g_assert_cmpuint (peil_rumour_get_posts (rumour)->len, ==, 1);
  history = peil_rumour_get_history (rumour);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((PeilRumourChange *)g_ptr_array_index (history, 0))->status, ==, PEIL_RUMOUR_UNVERIFIED);
  g_assert_cmpstr (((PeilRumourChange *)g_ptr_array_index (history, 1))->status, ==, PEIL_RUMOUR_FALSE);
  g_assert_cmpstr (((PeilRumourChange *)g_ptr_array_index (history, 1))->analyst, ==, "Anna Analist");

  /* "refuted" is the register's other word for debunked. */
  g_assert_true (peil_incident_set_rumour_status (incident, peil_rumour_get_id (rumour), "refuted", &error));
  g_assert_false (peil_incident_set_rumour_status (incident, peil_rumour_get_id (rumour), "maybe", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (peil_incident_add_rumour (incident, "   ", 0, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peil_incident_link_rumour_post (incident, 42, sample.planted, TRUE, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  second = peil_incident_get_rumour (incident, peil_rumour_get_id (rumour), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peil_rumour_get_status (second), ==, PEIL_RUMOUR_DEBUNKED);
  g_assert_cmpuint (peil_rumour_get_history (second)->len, ==, 3);
}

static char *
write_report (PeilIncident *incident,
              guint         round,
              const char   *format,
              const char   *language,
              const char   *name)
{
  g_autofree char *path = peil_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  peil_test_autofinal(PeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  PeilReportExporter *exporter = peil_plugin_engine_find_report_exporter (engine, format);

  g_assert_nonnull (exporter);
  report = peil_report_new (incident, round, language, PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (peil_report_exporter_export_file (exporter, report, file, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
node_text (xmlDoc     *doc,
           const char *xpath)
{
  g_autoptr(GString) text = g_string_new (NULL);
  xmlXPathContext *context = xmlXPathNewContext (doc);
  xmlXPathObject *result = xmlXPathEvalExpression ((const xmlChar *)xpath, context);

  for (int i = 0; result->nodesetval != NULL && i < result->nodesetval->nodeNr; i++)
    {
      xmlChar *content = xmlNodeGetContent (result->nodesetval->nodeTab[i]);
      g_string_append_printf (text, "%s\n", (const char *)content);
      xmlFree (content);
    }
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (context);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
count_nodes (xmlDoc     *doc,
             const char *xpath)
{
  xmlXPathContext *context = xmlXPathNewContext (doc);
  xmlXPathObject *result = xmlXPathEvalExpression ((const xmlChar *)xpath, context);
  int count = result->nodesetval ? result->nodesetval->nodeNr : 0;

  xmlXPathFreeObject (result);
  xmlXPathFreeContext (context);
  return count;
}

static void
test_html (void)
{
  Sample sample = sample_incident ("html.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  g_autofree char *path = write_report (incident, 1, "html", "nl", "round-1.html");
  g_autofree char *contents = NULL;
  g_autofree char *headings = NULL;
  g_autofree char *all = NULL;
  g_autofree char *bg_table = NULL;
  htmlDocPtr doc;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  doc = htmlReadMemory (contents, strlen (contents), path, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  g_assert_nonnull (doc);

  /* Every chapter of METHOD §3.3, in order, and the appendices. */
  headings = node_text (doc, "//h2");
  g_assert_cmpstr (headings, ==,
                   "1. Kern in één oogopslag\n2. Omvang en verloop\n3. Informatiebehoefte\n4. Betekenisgeving\n"
                   "5. Schadebeperking (gedrag)\n6. Geruchten en onjuiste informatie\nOnze communicatie en het effect\n"
                   "7. Media, politiek, personeel en publiek\n8. Verwachting (what if)\n9. Communicatieadvies\n"
                   "10. Bronnen en methode\nBijlage: cijfers per tag\nBijlage: tijdlijn\n");
  all = node_text (doc, "//body");
  g_assert_nonnull (strstr (all, "OMGEVINGSANALYSE | Kraan op huizen | Ronde 1 | ROT 10:00"));
  g_assert_nonnull (strstr (all, "Berichten in deze periode: 6"));
  g_assert_nonnull (strstr (all, "Meld via NL-Alert dat de Julianastraat veilig is"));
  g_assert_nonnull (strstr (all, "Er zouden 10 doden zijn"));
  g_assert_nonnull (strstr (all, "Gecorrigeerd: er zijn geen doden"));
  g_assert_nonnull (strstr (all, "Onjuist"));
  g_assert_nonnull (strstr (all, "OEFENING / EXERCISE"));
  bg_table = node_text (doc, "//section[@id='chapter-4']//table//tr[td]");
  g_assert_nonnull (strstr (bg_table, "Angst & onrust2"));

  /* The planted script is text in a quote, never an element; authors are
   * pseudonyms; nothing is fetched from elsewhere. */
  g_assert_cmpint (count_nodes (doc, "//script"), ==, 0);
  g_assert_nonnull (strstr (all, "<script>alert('planted')</script>"));
  g_assert_null (strstr (contents, "Jan Jansen"));
  g_assert_nonnull (strstr (all, "anon-"));
  g_assert_cmpint (count_nodes (doc, "//*[@src] | //link | //img"), ==, 0);
  g_assert_cmpint (count_nodes (doc, "//svg | //*[local-name()='svg']"), >=, 3);
  /* A long label is shortened beside its bar and whole on hover. */
  g_assert_nonnull (strstr (contents, "<title>Verspreiden van (onjuiste) info &amp; beelden</title>"
                                      "Verspreiden van (onjuiste) info &amp;…</text>"));
  xmlFreeDoc (doc);
}

/* A4 and its margins in points, as the PDF plugin lays pages out. */
#define PAGE_WIDTH_PT 595.28
#define MARGIN_PT     56.7

/* The first page of @pdf as @picture.png at 70 dpi, read back. */
static PeilTestPicture *
render_first_page (const char *pdf,
                   const char *picture)
{
  g_autofree char *png = g_strconcat (picture, ".png", NULL);

  g_free (peil_test_run_tool ((const char *[]){ "pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                                                pdf, picture, NULL }));
  g_test_message ("rendered %s", png);
  return peil_test_picture_load (png);
}

/* The watermark's translucent red, over white or over text: nothing else
 * on a page is redder than it is green or blue. */
static gboolean
is_watermark_red (guint red,
                  guint green,
                  guint blue)
{
  return red > green + 20 && red > blue + 20;
}

static void
test_pdf (void)
{
  Sample sample = sample_incident ("pdf.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  g_autoptr(GString) long_response = g_string_new (NULL);
  g_autofree char *path = NULL;

  /* A response longer than a page must still reach the page, whole. */
  for (guint i = 0; i < 120; i++)
    g_string_append_printf (long_response, "Regel %u van de reactie op het gerucht. ", i + 1);
  g_string_append (long_response, "EINDEVANDEREACTIE");
  g_assert_true (peil_incident_set_rumour_response (incident, 1, long_response->str, NULL));
  path = write_report (incident, 2, "pdf", "en", "round-2.pdf");
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autofree char *picture = g_test_build_filename (G_TEST_BUILT, "report-page-1", NULL);
  const char *chapters[] = {
    "1. Key points at a glance", "2. Volume and course", "3. Information need", "4. Sense-making",
    "5. Behaviour (damage control)", "6. Rumours and wrong information", "7. Media, politics, staff and public",
    "8. Expectations (what if)", "9. Communication advice", "10. Sources and method",
    "Appendix: figures per tag", "Appendix: timeline",
  };
  g_autoptr(GRegex) pages_pattern = g_regex_new ("Pages:\\s+(\\d+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint pages;

  raw = peil_test_run_tool ((const char *[]){ "pdftotext", "-raw", path, "-", NULL });
  text = peil_test_collapse_space (raw);
  info = peil_test_run_tool ((const char *[]){ "pdfinfo", path, NULL });
  g_assert_nonnull (strstr (text, "EINDEVANDEREACTIE"));
  for (guint i = 0; i < G_N_ELEMENTS (chapters); i++)
    if (strstr (text, chapters[i]) == NULL)
      g_error ("The PDF lacks “%s”:\n%s", chapters[i], text);
  g_assert_nonnull (strstr (text, "ENVIRONMENT ANALYSIS | Kraan op huizen | Round 2 | ROT 12:00"));
  g_assert_nonnull (strstr (text, "Posts in this period: 5 (Previous 6, → stable)"));
  g_assert_nonnull (strstr (text, "Daily-life disruption 3 2 ↑ rising"));
  g_assert_nonnull (strstr (text, "Fear & anxiety 0 2 ↓ falling"));
  g_assert_nonnull (strstr (text, "What happened 1 0 ★ new"));
  g_assert_nonnull (strstr (text, "Draft, not issued"));

  /* The exercise watermark is on every page. */
  g_assert_true (g_regex_match (pages_pattern, info, 0, &match));
  {
    g_autofree char *count = g_match_info_fetch (match, 1);
    pages = atoi (count);
  }
  g_assert_cmpuint (pages, >=, 2);
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      g_autofree char *page_raw = peil_test_run_tool ((const char *[]){ "pdftotext", "-raw", "-f", number, "-l", number,
                                                                        path, "-", NULL });
      g_autofree char *page_text = peil_test_collapse_space (page_raw);

      g_assert_nonnull (strstr (page_text, "OEFENING / EXERCISE"));
    }

  /* The first page as a picture, to look at and to check: text on it,
   * the title at the top, the watermark across the middle. */
  {
    g_autoptr(PeilTestPicture) page = render_first_page (path, picture);
    double points = page->width / PAGE_WIDTH_PT;   /* pixels per point */
    cairo_rectangle_int_t whole = { 0, 0, page->width, page->height };
    cairo_rectangle_int_t title = { MARGIN_PT * points, MARGIN_PT * points, (PAGE_WIDTH_PT - 2 * MARGIN_PT) * points,
                                    50 * points };
    cairo_rectangle_int_t middle = { page->width / 4, page->height / 4, page->width / 2, page->height / 2 };
    guint red = peil_test_picture_count (page, &whole, is_watermark_red);
    guint red_in_middle = peil_test_picture_count (page, &middle, is_watermark_red);

    g_assert_cmpfloat (peil_test_picture_ink (page, &whole), >, 0.03);
    g_assert_cmpfloat (peil_test_picture_ink (page, &title), >, 0.10);
    g_test_message ("ink %.3f, in the title %.3f; %u watermark pixels, %u of them in the middle",
                    peil_test_picture_ink (page, &whole), peil_test_picture_ink (page, &title), red, red_in_middle);
    g_assert_cmpuint (red_in_middle, >, 1500);
    g_assert_cmpuint (red_in_middle, >, red / 2);
  }

  /* Without the exercise, no watermark. */
  {
    g_autofree char *real = NULL;
    g_autofree char *real_picture = g_test_build_filename (G_TEST_BUILT, "report-page-1-real", NULL);
    g_autoptr(PeilTestPicture) page = NULL;
    cairo_rectangle_int_t whole;

    g_assert_true (peil_incident_set_metadata (incident, PEIL_META_EXERCISE, "false", NULL));
    real = write_report (incident, 2, "pdf", "en", "round-2-real.pdf");
    page = render_first_page (real, real_picture);
    whole = (cairo_rectangle_int_t){ 0, 0, page->width, page->height };
    g_assert_cmpfloat (peil_test_picture_ink (page, &whole), >, 0.03);
    g_assert_cmpuint (peil_test_picture_count (page, &whole, is_watermark_red), ==, 0);
  }
}

static xmlDoc *
read_zip_xml (const char *zip,
              const char *member)
{
  g_autofree char *xml = peil_test_run_tool ((const char *[]){ "unzip", "-p", zip, member, NULL });
  xmlDoc *doc = xmlReadMemory (xml, strlen (xml), member, "UTF-8", XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

static void
test_xlsx (void)
{
  Sample sample = sample_incident ("xlsx.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  g_autofree char *path = write_report (incident, 1, "xlsx", "nl", "round-1.xlsx");
  g_autofree char *listing = peil_test_run_tool ((const char *[]){ "unzip", "-l", path, NULL });
  xmlDoc *workbook = read_zip_xml (path, "xl/workbook.xml");
  xmlDoc *strings = read_zip_xml (path, "xl/sharedStrings.xml");
  xmlDoc *posts = read_zip_xml (path, "xl/worksheets/sheet3.xml");
  xmlDoc *figures = read_zip_xml (path, "xl/worksheets/sheet2.xml");
  g_autofree char *sheet_names = NULL;
  g_autofree char *all_strings = NULL;

  g_assert_nonnull (strstr (listing, "xl/worksheets/sheet5.xml"));
  sheet_names = node_text (workbook, "//*[local-name()='sheet']/@name");
  g_assert_cmpstr (sheet_names, ==, "Ronde\nCijfers\nGetagde berichten\nGeruchten\nCommunicatie\n");

  /* The watermark row, the header, then one row a tagged post of the period. */
  g_assert_cmpint (count_nodes (posts, "//*[local-name()='row']"), ==, 2 + 5);
  /* Numbers are numbers: the counts of the figures sheet. */
  g_assert_cmpint (count_nodes (figures, "//*[local-name()='c'][not(@t)]/*[local-name()='v'][. = '6']"), >=, 1);

  /* The formula in a post is a string cell, never a formula. */
  g_assert_cmpint (count_nodes (posts, "//*[local-name()='f']"), ==, 0);
  all_strings = node_text (strings, "//*[local-name()='t']");
  g_assert_nonnull (strstr (all_strings, "=HYPERLINK(\"http://evil.invalid\")"));
  g_assert_nonnull (strstr (all_strings, "Er zouden 10 doden zijn"));
  g_assert_nonnull (strstr (all_strings, "OEFENING / EXERCISE"));
  g_assert_null (strstr (all_strings, "Jan Jansen"));

  xmlFreeDoc (workbook);
  xmlFreeDoc (strings);
  xmlFreeDoc (posts);
  xmlFreeDoc (figures);
}

/* Figures damaged in the file are refused with a reason, not half read;
 * rows of the wrong shape and nesting that would overflow json-glib's
 * stack (issue 9) as well. */
static void
test_damaged_snapshot (void)
{
  g_autofree char *deep = peil_test_deep_json (100000);
  g_autofree char *too_deep = g_strdup_printf ("{\"total\":6,\"sources\":[],\"hours\":[],\"tags\":[],"
                                               "\"untagged\":[],\"rumours\":[],\"posts\":%s}", deep);
  const char *damaged[] = {
    "{\"total\": 6}",
    "{\"total\":\"zes\",\"sources\":[],\"hours\":[],\"tags\":[],\"untagged\":[],\"rumours\":[],\"posts\":[]}",
    "{\"total\":6,\"sources\":[1],\"hours\":[],\"tags\":[],\"untagged\":[],\"rumours\":[],\"posts\":[]}",
    "{\"total\":6,\"sources\":[[\"x\",\"zes\"]],\"hours\":[],\"tags\":[],\"untagged\":[],\"rumours\":[],\"posts\":[]}",
    "{\"total\":6,\"sources\":[],\"hours\":[],\"tags\":[[5,5]],\"untagged\":[],\"rumours\":[],\"posts\":[]}",
    "{\"total\":6,\"sources\":[],\"hours\":[],\"tags\":[],\"untagged\":[],\"rumours\":[{\"id\":1}],\"posts\":[]}",
    "{\"total\":6,\"sources\":[],\"hours\":[],\"tags\":[],\"untagged\":[],\"rumours\":[],\"posts\":[[\"1\",2]]}",
    "{\"total\":6,\"sources\":[],\"hours\":[],\"tags\":[],\"untagged\":[],\"rumours\":[],\"posts\":[],"
    "\"communication\":{\"window\":7200,\"messages\":[{\"id\":1}],\"unanswered\":[]}}",
    "{\"total\":6,\"sources\":[],\"hours\":[],\"tags\":[],\"untagged\":[],\"rumours\":[],\"posts\":[],"
    "\"communication\":{\"window\":7200,\"messages\":[{\"id\":1,\"channel\":\"press\",\"time\":0,\"text\":\"x\","
    "\"tags\":[],\"rumours\":[],\"effects\":[{\"tag\":\"IB-WAT\",\"before\":1,\"after\":1,\"rate_before\":0.5,"
    "\"rate_after\":0.5,\"expected\":1,\"expected_low\":0,\"expected_high\":3,\"verdict\":\"caused\"}]}],"
    "\"unanswered\":[]}}",
    too_deep,
  };
  Sample sample = sample_incident ("damaged.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(GError) error = NULL;
      sqlite3_stmt *stmt = NULL;
      sqlite3 *db = NULL;

      g_test_message ("%.80s", damaged[i]);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE round SET snapshot = ? WHERE number = 1", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, damaged[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      sqlite3_close (db);

      g_assert_null (peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error));
      g_assert_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "round 1"));
      g_clear_error (&error);
      /* The next round compares with it, so it says the same. */
      g_assert_null (peil_report_new (incident, 2, "nl", PEIL_REPORT_NONE, &error));
      g_assert_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT);
    }
}

/* A Dutch report names sources as people say them, counts the posts
 * that have no time (in no period) and does not repeat a round title that
 * names the round; snapshots from before that count still read. */
/* Counts are written as the report's language groups them: 1.200 in
 * Dutch, in the HTML and the PDF alike, not 1200. */
static void
test_dutch_numbers (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("getallen.peil");
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *time = g_strdup_printf ("2026-11-25T09:%02u:00Z", i % 60);

      peil_test_add_post (incident, "x", id, time, "@a", "Kraan om");
    }
  round = peil_incident_add_round (incident, "Ronde 1", at ("2026-11-25T08:00:00Z"), at ("2026-11-25T10:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_issue_round (incident, 1, &error));

  html = write_report (incident, 1, "html", "nl", "getallen.html");
  g_assert_true (g_file_get_contents (html, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<td class=\"n\">1.200</td>"));
  g_assert_null (strstr (contents, "1200"));

  pdf = write_report (incident, 1, "pdf", "nl", "getallen.pdf");
  text = peil_test_run_tool ((const char *[]){ "pdftotext", "-raw", pdf, "-", NULL });
  g_assert_nonnull (strstr (text, "1.200"));
  g_assert_null (strstr (text, "1200"));
}

static void
test_names_and_untimed (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("names.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(PeilPost) phone = peil_post_new ("manual", "call-1");
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(PeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  const PeilReportFigure *figure;
  sqlite3 *db = NULL;

  peil_test_add_post (incident, "x", "1", "2026-11-25T09:00:00Z", "@a", "Kraan om");
  peil_test_add_post (incident, "csv", "2", NULL, "@b", "Geen tijd");
  peil_post_set_channel (phone, "phone");
  peil_post_set_text (phone, "Mijn moeder woont daar");
  peil_post_set_created_at (phone, at ("2026-11-25T09:30:00Z"));
  g_assert_true (peil_incident_add_post (incident, phone, NULL, &error));

  round = peil_incident_add_round (incident, "Ronde 1", at ("2026-11-25T08:00:00Z"), at ("2026-11-25T10:00:00Z"), &error);
  g_assert_no_error (error);
  name = peil_round_format_name (round, "nl", " | ");
  g_assert_cmpstr (name, ==, "Ronde 1");
  g_clear_pointer (&name, g_free);
  g_assert_true (peil_incident_link_example (incident, 1, "IB", peil_post_get_id (phone), TRUE, &error));
  g_assert_true (peil_incident_issue_round (incident, 1, &error));
  g_assert_no_error (error);

  report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_report_get_untimed (report), ==, 1);
  figure = find_figure (report, "sources", "x");
  g_assert_nonnull (figure);
  g_assert_cmpstr (figure->label, ==, "X (Twitter)");
  /* A phone question counts under its channel, as its example says. */
  g_assert_null (find_figure (report, "sources", "manual"));
  g_assert_cmpstr (find_figure (report, "sources", "phone")->label, ==, "Telefoon");
  g_assert_cmpstr (((PeilReportPost *)g_ptr_array_index (peil_report_get_examples (report, "IB"), 0))->source, ==,
                   "Telefoon");

  html = write_report (incident, 1, "html", "nl", "names.html");
  g_assert_true (g_file_get_contents (html, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "X (Twitter)"));
  g_assert_null (strstr (contents, "<td>x</td>"));
  g_assert_nonnull (strstr (contents, "Berichten zonder tijdstip (in geen enkele periode): 1"));
  g_assert_nonnull (strstr (contents, "| Ronde 1</h1>"));
  /* The hour chart has an axis with round numbers and counts its column. */
  g_assert_nonnull (strstr (contents, "text-anchor=\"end\" font-size=\"10\" fill=\"#5e5c64\">2</text>"));
  g_assert_nonnull (strstr (contents, "text-anchor=\"middle\" font-size=\"10\">2</text>"));
  g_assert_null (strstr (contents, "Ronde 1 | Ronde 1"));

  /* Titles that add something follow the number; English says "Round". */
  g_clear_object (&round);
  round = peil_incident_add_round (incident, "ROT 14:00", 0, 0, &error);
  name = peil_round_format_name (round, "en", " · ");
  g_assert_cmpstr (name, ==, "Round 2 · ROT 14:00");

  /* A snapshot written before posts without a time were counted. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE round SET snapshot = json_remove (snapshot, '$.untimed')"
                                     " WHERE number = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_clear_object (&report);
  report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_report_get_untimed (report), ==, 0);
}

/* Posts marked off-topic are in none of a round's figures; every report
 * format says how many were left out, and the issued figures keep that
 * number when a mark is taken off later. Counted by hand: of three posts
 * in 08:00–10:00, two are marked, so one post, one IB-VEILIG. */
static void
test_off_topic (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("off-topic.peil");
  peil_test_autofinal(PeilRound) round = NULL;
  peil_test_autofinal(PeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL, *pdf = NULL, *xlsx = NULL;
  g_autofree char *contents = NULL, *text = NULL, *all_strings = NULL;
  gint64 advert, other;
  xmlDoc *strings;

  add_tagged (incident, "1", "2026-11-25T09:00:00Z", "@a", "Is het veilig?", "IB-VEILIG");
  advert = add_tagged (incident, "2", "2026-11-25T09:10:00Z", "@b", "Veilig thuis met ons alarm, nu 20% korting",
                       "IB-VEILIG");
  other = add_tagged (incident, "3", "2026-11-25T09:20:00Z", "@c", "Mijn kat is zoek", "BG-ANGST");
  g_assert_true (peil_incident_mark_off_topic (incident, advert, TRUE, &error));
  g_assert_true (peil_incident_mark_off_topic (incident, other, TRUE, &error));
  round = peil_incident_add_round (incident, "Ronde 1", at ("2026-11-25T08:00:00Z"), at ("2026-11-25T10:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_issue_round (incident, 1, &error));
  g_assert_no_error (error);
  /* Taken off after the issue: the team was told two. */
  g_assert_true (peil_incident_mark_off_topic (incident, other, FALSE, &error));

  report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_report_get_total (report)->count, ==, 1);
  g_assert_cmpint (peil_report_get_off_topic (report), ==, 2);
  g_assert_cmpint (find_figure (report, "IB", "IB-VEILIG")->count, ==, 1);
  g_assert_true (find_figure (report, "BG", "BG-ANGST") == NULL || find_figure (report, "BG", "BG-ANGST")->count == 0);

  html = write_report (incident, 1, "html", "nl", "off-topic.html");
  g_assert_true (g_file_get_contents (html, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Niet-relevante berichten (in geen enkel cijfer): 2"));
  g_assert_null (strstr (contents, "korting"));

  pdf = write_report (incident, 1, "pdf", "en", "off-topic.pdf");
  text = peil_test_run_tool ((const char *[]){ "pdftotext", "-raw", pdf, "-", NULL });
  g_assert_nonnull (strstr (text, "Off-topic posts (in no figure): 2"));

  xlsx = write_report (incident, 1, "xlsx", "en", "off-topic.xlsx");
  strings = read_zip_xml (xlsx, "xl/sharedStrings.xml");
  all_strings = node_text (strings, "//*[local-name()='t']");
  g_assert_nonnull (strstr (all_strings, "Off-topic posts (in no figure)"));
  xmlFreeDoc (strings);
}

/* Our communication and its effect, worked out by hand as docs/effect.md
 * says. Round 1 covers 08:00–13:00; windows are two hours, cut in four
 * bins of 30 minutes.
 *
 * The press release at 10:00 addresses daily-life disruption. Its posts
 * before, per bin: 2, 6, 10, 14 (32, 16,0 an hour). The slope is
 * (−1,5·2 − 0,5·6 + 0,5·10 + 1,5·14) / 5 = 4, its standard error
 * √((2,25·2 + 0,25·6 + 0,25·10 + 2,25·14) / 25) = √1,6 ≈ 1,26: a trend.
 * Carried on from the mean 8: 18 + 22 + 26 + 30 = 96 expected. Each count
 * before weighs 1 + 3,2·(k − 1,5) in that sum (−3,8, −0,6, 2,6, 5,8), so
 * the variance is 14,44·2 + 0,36·6 + 6,76·10 + 33,64·14 = 569,6, and with
 * the count after's own 96, 96 ± 1,96·√665,6 = 96 ± 50,6: 45–147. After
 * it: 6 (3,0 an hour), all between 10:00 and 11:00: below the trend; the
 * change is −13,0 an hour, (6 − 32) / 32 = −81%.
 *
 * The website update at 11:00 addresses the rumour; its posts before:
 * one a bin, no trend, so the level: 4 expected, 4 ± 1,96·√(4 + 4):
 * 0–10. After it 3 (2,0 → 1,5 an hour): in line; −0,5 an hour, −25%.
 *
 * The post on X at 12:30 addresses daily-life disruption again; its
 * window after runs past the round's end, so it has no verdict yet and
 * no change. Before it 3, 0, 0, 0: a slope of −0,9 against a standard
 * error of √0,27 ≈ 0,52 is chance, so the level: 3, 3 ± 1,96·√6: 0–8.
 *
 * Safety & health rises unanswered at 13:00: 4 posts in 11:00–13:00
 * against 1 in the two hours before, and no message addressed it. */
typedef struct
{
  PeilIncident *incident;
  gint64        press;
  gint64        website;
} Communication;

static void
add_posts_at (PeilIncident *incident,
              const char   *prefix,
              const char   *times,
              const char   *tags,
              gint64        rumour)
{
  g_auto(GStrv) each = g_strsplit (times, " ", -1);

  for (guint i = 0; each[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", prefix, i);
      g_autofree char *time = g_strdup_printf ("2026-11-25T%s:00Z", each[i]);
      gint64 post = add_tagged (incident, id, time, "@inwoner", "Hoe zit het nu?", tags);

      if (rumour != 0)
        g_assert_true (peil_incident_link_rumour_post (incident, rumour, post, TRUE, NULL));
    }
}

/* @count posts from @start on, spread evenly over 30 minutes. */
static void
add_spread (PeilIncident *incident,
            const char   *start,
            guint         count,
            const char   *tags)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", start, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (at (start) + i * 1800 / count);
      g_autofree char *iso = g_date_time_format_iso8601 (time);

      add_tagged (incident, id, iso, "@inwoner", "Hoe zit het nu?", tags);
    }
}

static Communication
communication_incident (const char *name)
{
  Communication sample = { peil_test_new_incident (name) };
  PeilIncident *incident = sample.incident;
  peil_test_autofinal(PeilRumour) rumour = NULL;
  peil_test_autofinal(PeilRound) round = NULL;
  peil_test_autofinal(PeilReport) before = NULL;
  peil_test_autofinal(PeilReport) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *hinder[] = { "IB-HINDER", NULL };

  add_spread (incident, "2026-11-25T08:00:00Z", 2, "IB-HINDER");
  add_spread (incident, "2026-11-25T08:30:00Z", 6, "IB-HINDER");
  add_spread (incident, "2026-11-25T09:00:00Z", 10, "IB-HINDER");
  add_spread (incident, "2026-11-25T09:30:00Z", 14, "IB-HINDER");
  add_posts_at (incident, "hinder-after", "10:05 10:15 10:25 10:35 10:45 10:55", "IB-HINDER", 0);
  rumour = peil_incident_add_rumour (incident, "Het water is vergiftigd", at ("2026-11-25T09:10:00Z"), &error);
  g_assert_no_error (error);
  add_posts_at (incident, "rumour", "09:10 09:40 10:10 10:40 11:10 11:40 12:10", "", peil_rumour_get_id (rumour));
  add_posts_at (incident, "safety", "10:20 11:20 11:50 12:20 12:50", "IB-VEILIG", 0);

  round = peil_incident_add_round (incident, "ROT 13:00", at ("2026-11-25T08:00:00Z"), at ("2026-11-25T13:00:00Z"),
                                   &error);
  g_assert_no_error (error);
  before = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);

  /* Our own words, as they went out: a mention and a phone number that a
   * post would have pseudonymized, and markup that must stay text. */
  sample.press = peil_incident_add_message (incident, "press",
                                            "De <b>brug</b> blijft dicht; volg @gemeentevenlo of bel 0800-1351",
                                            at ("2026-11-25T10:00:00Z"), hinder, &error);
  g_assert_no_error (error);
  sample.website = peil_incident_add_message (incident, "website", "Het drinkwater is veilig",
                                              at ("2026-11-25T11:00:00Z"), NULL, &error);
  g_assert_no_error (error);
  /* The website's message is the rumour's response (and so addresses it). */
  g_assert_true (peil_incident_set_rumour_response_message (incident, peil_rumour_get_id (rumour), sample.website,
                                                            &error));
  g_assert_no_error (error);
  peil_incident_add_message (incident, "x", "Omleiding via de N271", at ("2026-11-25T12:30:00Z"), hinder, &error);
  g_assert_no_error (error);

  /* Messages are not posts: the round's figures are the same with them. */
  after = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_report_get_total (before)->count, ==, 50);
  g_assert_cmpint (peil_report_get_total (after)->count, ==, 50);
  g_assert_cmpuint (peil_report_get_posts (after)->len, ==, peil_report_get_posts (before)->len);
  g_assert_cmpint (find_figure (after, "IB", "IB-HINDER")->count, ==, 38);
  g_assert_cmpint (find_figure (after, "sources", "mastodon")->count, ==, 50);
  g_assert_cmpuint (peil_report_get_messages (before)->len, ==, 0);
  g_assert_cmpuint (peil_report_get_messages (after)->len, ==, 3);
  return sample;
}

static void
assert_effect (PeilReportEffect  *effect,
               gint64             before,
               gint64             after,
               double             expected,
               gint64             low,
               gint64             high,
               PeilEffectVerdict  verdict)
{
  g_assert_cmpint (effect->before, ==, before);
  g_assert_cmpint (effect->after, ==, after);
  g_assert_cmpfloat_with_epsilon (effect->rate_before, before / 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (effect->rate_after, after / 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (effect->expected, expected, 1e-9);
  g_assert_cmpint (effect->expected_low, ==, low);
  g_assert_cmpint (effect->expected_high, ==, high);
  g_assert_cmpint (effect->verdict, ==, verdict);
}

static void
test_communication (void)
{
  Communication sample = communication_incident ("communication.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  peil_test_autofinal(PeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *headings = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *section = NULL;
  PeilReportMessage *press, *website;
  PeilReportUnanswered *unanswered;
  htmlDocPtr doc;

  g_assert_true (peil_incident_issue_round (incident, 1, &error));
  g_assert_no_error (error);
  report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);

  g_assert_true (peil_report_get_communication_recorded (report));
  g_assert_cmpint (peil_report_get_effect_window (report), ==, 7200);
  /* The register's response is the message's text when a message gave it. */
  g_assert_cmpstr (((PeilReportRumour *)g_ptr_array_index (peil_report_get_rumours (report), 0))->response, ==,
                   "Het drinkwater is veilig");
  g_assert_cmpuint (peil_report_get_messages (report)->len, ==, 3);
  press = g_ptr_array_index (peil_report_get_messages (report), 0);
  g_assert_cmpint (press->id, ==, sample.press);
  g_assert_cmpint (press->time, ==, at ("2026-11-25T10:00:00Z"));
  g_assert_cmpstr (press->channel, ==, "press");
  g_assert_cmpstr (press->channel_label, ==, "Persbericht");
  g_assert_cmpstr (press->addressed, ==, "Gevolgen dagelijks leven");
  g_assert_cmpuint (press->effects->len, ==, 1);
  assert_effect (g_ptr_array_index (press->effects, 0), 32, 6, 96, 45, 147, PEIL_EFFECT_BELOW);
  {
    PeilReportEffect *effect = g_ptr_array_index (press->effects, 0);

    g_assert_cmpstr (effect->tag, ==, "IB-HINDER");
    g_assert_cmpstr (effect->label, ==, "Gevolgen dagelijks leven");
    g_assert_cmpstr (effect->rates, ==, "16,0 → 3,0");
    g_assert_cmpstr (effect->change, ==, "−13,0 per uur (−81%)");
    g_assert_cmpstr (effect->expected_range, ==, "96 (45–147)");
    g_assert_cmpstr (effect->verdict_label, ==, "Minder dan de trend ervoor deed verwachten.");
  }
  website = g_ptr_array_index (peil_report_get_messages (report), 1);
  g_assert_cmpstr (website->channel_label, ==, "Website");
  g_assert_cmpstr (website->addressed, ==, "Gerucht: “Het water is vergiftigd”");
  g_assert_cmpuint (website->effects->len, ==, 1);
  assert_effect (g_ptr_array_index (website->effects, 0), 4, 3, 4, 0, 10, PEIL_EFFECT_IN_LINE);
  g_assert_cmpstr (((PeilReportEffect *)g_ptr_array_index (website->effects, 0))->change, ==, "−0,5 per uur (−25%)");
  {
    PeilReportMessage *open = g_ptr_array_index (peil_report_get_messages (report), 2);

    g_assert_cmpstr (open->channel_label, ==, "X (Twitter)");
    assert_effect (g_ptr_array_index (open->effects, 0), 3, 0, 3, 0, 8, PEIL_EFFECT_OPEN);
  }

  g_assert_cmpuint (peil_report_get_unanswered (report)->len, ==, 1);
  unanswered = g_ptr_array_index (peil_report_get_unanswered (report), 0);
  g_assert_cmpstr (unanswered->tag, ==, "IB-VEILIG");
  g_assert_cmpstr (unanswered->label, ==, "Veiligheid & gezondheid");
  g_assert_cmpint (unanswered->recent, ==, 4);
  g_assert_cmpint (unanswered->previous, ==, 1);
  g_assert_cmpint (unanswered->last_answered, ==, 0);

  /* The Dutch HTML: its own section after the rumours, the messages as
   * they went out, never pseudonymized, and escaped. */
  path = write_report (incident, 1, "html", "nl", "communication.html");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  doc = htmlReadMemory (contents, strlen (contents), path, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  headings = node_text (doc, "//h2");
  g_assert_nonnull (strstr (headings, "6. Geruchten en onjuiste informatie\nOnze communicatie en het effect\n"
                                      "7. Media, politiek, personeel en publiek\n"));
  section = node_text (doc, "//section[@id='communication']");
  g_assert_nonnull (strstr (section, "De <b>brug</b> blijft dicht; volg @gemeentevenlo of bel 0800-1351"));
  g_assert_cmpint (count_nodes (doc, "//section[@id='communication']//b"), ==, 0);
  g_assert_nonnull (strstr (section, "Persbericht · 2026-11-25 10:00"));
  g_assert_nonnull (strstr (section, "Website · 2026-11-25 11:00"));
  g_assert_nonnull (strstr (section, "Gaat in op: Gevolgen dagelijks leven"));
  g_assert_nonnull (strstr (section, "Gaat in op: Gerucht: “Het water is vergiftigd”"));
  rows = node_text (doc, "//section[@id='communication']//tr");
  g_assert_cmpstr (rows, ==,
                   "OnderwerpVoorNaPer uurVeranderingVerwacht na (95%)Oordeel\n"
                   "Gevolgen dagelijks leven32616,0 → 3,0−13,0 per uur (−81%)96 (45–147)"
                   "Minder dan de trend ervoor deed verwachten.\n"
                   "OnderwerpVoorNaPer uurVeranderingVerwacht na (95%)Oordeel\n"
                   "Gerucht: “Het water is vergiftigd”432,0 → 1,5−0,5 per uur (−25%)4 (0–10)In lijn met de trend ervoor.\n"
                   "OnderwerpVoorNaPer uurVeranderingVerwacht na (95%)Oordeel\n"
                   "Gevolgen dagelijks leven301,5 → …—3 (0–8)Het venster erna was nog niet voorbij.\n"
                   "OnderwerpBerichten in het vensterIn het venster daarvoorLaatst beantwoord\n"
                   "Veiligheid & gezondheid41nooit\n");
  g_assert_nonnull (strstr (section, "Nog onbeantwoord"));
  g_assert_nonnull (strstr (section, "Venster voor en na elk bericht: 2 uur. Verwacht: de trend"));
  g_assert_nonnull (strstr (section, "niet dat het eigen bericht de oorzaak was"));
  xmlFreeDoc (doc);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&rows, g_free);

  /* The English HTML says the same in English. */
  path = write_report (incident, 1, "html", "en", "communication-en.html");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  doc = htmlReadMemory (contents, strlen (contents), path, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  g_clear_pointer (&headings, g_free);
  headings = node_text (doc, "//h2");
  g_assert_nonnull (strstr (headings, "6. Rumours and wrong information\nOur communication and its effect\n7. "));
  rows = node_text (doc, "//section[@id='communication']//tr");
  g_assert_cmpstr (rows, ==,
                   "SubjectBeforeAfterPer hourChangeExpected after (95%)Verdict\n"
                   "Daily-life disruption32616.0 → 3.0−13.0 per hour (−81%)96 (45–147)"
                   "Fewer than the trend before led to expect.\n"
                   "SubjectBeforeAfterPer hourChangeExpected after (95%)Verdict\n"
                   "Rumour: “Het water is vergiftigd”432.0 → 1.5−0.5 per hour (−25%)4 (0–10)In line with the trend before.\n"
                   "SubjectBeforeAfterPer hourChangeExpected after (95%)Verdict\n"
                   "Daily-life disruption301.5 → …—3 (0–8)The window after it had not passed yet.\n"
                   "SubjectPosts in the windowIn the window beforeLast answered\n"
                   "Safety & health41never\n");
  g_clear_pointer (&section, g_free);
  section = node_text (doc, "//section[@id='communication']");
  g_assert_nonnull (strstr (section, "Press release · 2026-11-25 10:00"));
  g_assert_nonnull (strstr (section, "Addressed: Daily-life disruption"));
  g_assert_nonnull (strstr (section, "Window before and after each message: 2 hours. Expected: the trend"));
  g_assert_nonnull (strstr (section, "not that it caused it"));
  xmlFreeDoc (doc);
}

/* The section is in the PDF and the workbook too. */
static void
test_communication_pdf_xlsx (void)
{
  Communication sample = communication_incident ("communication-files.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  g_autofree char *pdf = NULL, *raw = NULL, *text = NULL, *xlsx = NULL, *all_strings = NULL, *sheet_names = NULL;
  g_autoptr(GError) error = NULL;
  xmlDoc *strings, *workbook, *sheet;

  g_assert_true (peil_incident_issue_round (incident, 1, &error));
  g_assert_no_error (error);

  pdf = write_report (incident, 1, "pdf", "en", "communication.pdf");
  raw = peil_test_run_tool ((const char *[]){ "pdftotext", "-raw", pdf, "-", NULL });
  text = peil_test_collapse_space (raw);
  g_assert_nonnull (strstr (text, "Our communication and its effect"));
  g_assert_true (strstr (text, "6. Rumours and wrong information") < strstr (text, "Our communication and its effect"));
  g_assert_true (strstr (text, "Our communication and its effect") < strstr (text, "7. Media, politics, staff and public"));
  g_assert_nonnull (strstr (text, "volg @gemeentevenlo of bel 0800-1351"));
  g_assert_nonnull (strstr (text, "Press release · 2026-11-25 10:00"));
  g_assert_nonnull (strstr (text, "Daily-life disruption 32 6 16.0 → 3.0"));
  g_assert_nonnull (strstr (text, "96 (45–"));   /* the narrow cell may wrap after the dash */
  g_assert_nonnull (strstr (text, "Still unanswered"));
  g_assert_nonnull (strstr (text, "Safety & health 4 1 never"));

  xlsx = write_report (incident, 1, "xlsx", "nl", "communication.xlsx");
  workbook = read_zip_xml (xlsx, "xl/workbook.xml");
  sheet_names = node_text (workbook, "//*[local-name()='sheet']/@name");
  g_assert_cmpstr (sheet_names, ==, "Ronde\nCijfers\nGetagde berichten\nGeruchten\nCommunicatie\n");
  strings = read_zip_xml (xlsx, "xl/sharedStrings.xml");
  all_strings = node_text (strings, "//*[local-name()='t']");
  g_assert_nonnull (strstr (all_strings, "Onze communicatie en het effect"));
  g_assert_nonnull (strstr (all_strings, "De <b>brug</b> blijft dicht; volg @gemeentevenlo of bel 0800-1351"));
  g_assert_nonnull (strstr (all_strings, "Minder dan de trend ervoor deed verwachten."));
  g_assert_nonnull (strstr (all_strings, "Veiligheid & gezondheid"));
  /* The counts are numbers: before 32, after 6, 95% range 45–147. */
  sheet = read_zip_xml (xlsx, "xl/worksheets/sheet5.xml");
  for (guint i = 0; i < 4; i++)
    {
      static const char *numbers[] = { "32", "6", "45", "147" };
      g_autofree char *xpath = g_strdup_printf ("//*[local-name()='c'][not(@t)]/*[local-name()='v'][. = '%s']",
                                                numbers[i]);

      g_assert_cmpint (count_nodes (sheet, xpath), >=, 1);
    }
  xmlFreeDoc (sheet);
  xmlFreeDoc (strings);
  xmlFreeDoc (workbook);
}

/* An issued round keeps the communication it was issued with: a message
 * added later in its period, or a tag added to one of its messages,
 * changes nothing in its report. A round issued before messages were kept
 * says so instead. */
static void
test_communication_frozen (void)
{
  Communication sample = communication_incident ("communication-frozen.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  peil_test_autofinal(PeilReport) report = NULL;
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *html = NULL, *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *safety[] = { "IB-VEILIG", NULL };
  PeilReportMessage *press;
  sqlite3 *db = NULL;

  g_assert_true (peil_incident_issue_round (incident, 1, &error));
  g_assert_no_error (error);
  peil_incident_add_message (incident, "nl-alert", "Sluit ramen en deuren", at ("2026-11-25T12:00:00Z"), safety,
                             &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_tag_message (incident, sample.press, "IB-VEILIG", TRUE, &error));
  g_assert_no_error (error);

  report = peil_report_new (incident, 1, "en", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_report_get_messages (report)->len, ==, 3);
  press = g_ptr_array_index (peil_report_get_messages (report), 0);
  g_assert_cmpstr (press->addressed, ==, "Daily-life disruption");
  g_assert_cmpuint (press->effects->len, ==, 1);
  assert_effect (g_ptr_array_index (press->effects, 0), 32, 6, 96, 45, 147, PEIL_EFFECT_BELOW);
  /* Still unanswered as the team was told, though the NL-Alert came. */
  g_assert_cmpuint (peil_report_get_unanswered (report)->len, ==, 1);
  g_assert_cmpstr (((PeilReportUnanswered *)g_ptr_array_index (peil_report_get_unanswered (report), 0))->label, ==,
                   "Safety & health");
  g_assert_cmpint (peil_report_get_total (report)->count, ==, 50);

  /* A snapshot from before version 4. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE round SET snapshot = json_remove (snapshot, '$.communication')"
                                     " WHERE number = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_clear_object (&report);
  report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (peil_report_get_communication_recorded (report));
  g_assert_cmpuint (peil_report_get_messages (report)->len, ==, 0);
  html = write_report (incident, 1, "html", "nl", "communication-old.html");
  g_assert_true (g_file_get_contents (html, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<h2>Onze communicatie en het effect</h2><p class=\"empty\">Niet vastgelegd voor "
                                      "deze ronde: die is uitgegeven voordat Peil eigen berichten bijhield.</p>"));
  g_assert_null (strstr (contents, "Sluit ramen"));
}

/* An export that cannot be written says so and leaves the old file. */
static void
test_unwritable (void)
{
  Sample sample = sample_incident ("unwritable.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  peil_test_autofinal(PeilReport) report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, NULL);
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent-folder/report.pdf");
  g_autoptr(GError) error = NULL;
  PeilReportExporter *exporter = peil_plugin_engine_find_report_exporter (engine, "pdf");

  g_assert_false (peil_report_exporter_export_file (exporter, report, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (peil_report_new (incident, 5, "nl", PEIL_REPORT_NONE, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
}

/* The disk fills while a report is written over an earlier one: the
 * report fails and the earlier one stays as it was. A file size limit
 * makes the writes fail as a full disk does; a report smaller than the
 * write buffer fails only when the buffer is written out at the end. */
static void
test_full_disk_keeps_old_report (void)
{
  Sample sample = sample_incident ("vol.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  peil_test_autofinal(PeilReport) report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, NULL);
  g_autofree char *path = peil_test_tmp_path ("vol.html");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *old = g_strnfill (4000, 'x');
  g_autofree char *after = NULL;
  PeilReportExporter *exporter = peil_plugin_engine_find_report_exporter (engine, "html");
  struct rlimit saved, limit;
  void (*saved_handler) (int);

  g_file_set_contents (path, old, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 1000;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (peil_report_exporter_export_file (exporter, report, file, NULL, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);
  g_assert_nonnull (error);

  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_true (g_strcmp0 (after, old) == 0);
  {
    g_autofree char *folder = g_path_get_dirname (path);
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    /* No temporary file is left behind either. */
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".goutputstream"));
  }
}

static void
on_built (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static PeilReport *
build_async (PeilIncident  *incident,
             guint          round,
             GError       **error)
{
  GAsyncResult *result = NULL;
  PeilReport *report;

  peil_report_new_async (incident, round, "en", PEIL_REPORT_NONE, NULL, on_built, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = peil_report_new_finish (result, error);
  g_object_unref (result);
  return report;
}

/* Counted on a worker with its own connection: the same figures. */
static void
test_async (void)
{
  Sample sample = sample_incident ("async.peil");
  peil_test_autofinal(PeilIncident) incident = sample.incident;
  peil_test_autofinal(PeilReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = build_async (incident, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_report_get_total (report)->count, ==, 5);
  g_assert_cmpint (find_figure (report, "IB", "IB-HINDER")->trend, ==, PEIL_TREND_RISING);
  g_assert_cmpstr (peil_report_get_analyst (report), ==, "Anna Analist");
  g_assert_null (build_async (incident, 9, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  int status;

  peil_test_init (&argc, &argv);
  engine = peil_test_engine ();

  g_test_add_func ("/report/rounds", test_rounds);
  g_test_add_func ("/report/open-rounds", test_open_rounds);
  g_test_add_func ("/report/frozen-and-trends", test_frozen_and_trends);
  g_test_add_func ("/report/rumours", test_rumours);
  g_test_add_func ("/report/html", test_html);
  g_test_add_func ("/report/pdf", test_pdf);
  g_test_add_func ("/report/xlsx", test_xlsx);
  g_test_add_func ("/report/unwritable", test_unwritable);
  g_test_add_func ("/report/full-disk-keeps-old-report", test_full_disk_keeps_old_report);
  g_test_add_func ("/report/damaged-snapshot", test_damaged_snapshot);
  g_test_add_func ("/report/async", test_async);
  g_test_add_func ("/report/names-and-untimed", test_names_and_untimed);
  g_test_add_func ("/report/off-topic", test_off_topic);
  g_test_add_func ("/report/dutch-numbers", test_dutch_numbers);
  g_test_add_func ("/report/communication", test_communication);
  g_test_add_func ("/report/communication-pdf-xlsx", test_communication_pdf_xlsx);
  g_test_add_func ("/report/communication-frozen", test_communication_frozen);

  status = g_test_run ();
  g_object_unref (engine);
  return status;
}

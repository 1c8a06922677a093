/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "peil-test-util.h"

/* Keyed pseudonyms (issue 14): stable inside an incident, unlinkable
 * across incidents, in place of authors and of whom texts name, in the
 * window, every export and every report; real names only for a logged
 * reason. */

static PeilPluginEngine *engine;

static gint64
add_post (PeilIncident *incident,
          const char   *remote_id,
          const char   *name,
          const char   *handle,
          const char   *text,
          const char   *url)
{
  g_autoptr(PeilPost) post = peil_post_new ("x", remote_id);
  g_autoptr(GError) error = NULL;

  peil_post_set_author_name (post, name);
  peil_post_set_author_handle (post, handle);
  peil_post_set_text (post, text);
  peil_post_set_url (post, url);
  peil_post_set_created_at (post, 1795615380);
  peil_post_set_raw (post, "{\"screen_name\":\"jansen_utrecht\"}", "zeeschuimer-x/1");
  g_assert_true (peil_incident_add_post (incident, post, NULL, &error));
  g_assert_no_error (error);
  return peil_post_get_id (post);
}

static PeilPseudonymizer *
names_of (PeilIncident *incident)
{
  g_autoptr(GError) error = NULL;
  PeilPseudonymizer *names = peil_incident_dup_pseudonymizer (incident, &error);

  g_assert_no_error (error);
  g_assert_nonnull (names);
  return names;
}

/* The same person is one pseudonym all through an incident, as author
 * and as named in a text, whatever the case or "@"; another incident
 * has another key, so the pseudonyms differ; the file keeps its key. */
static void
test_stable (void)
{
  peil_test_autofinal (PeilIncident) first = peil_test_new_incident ("pseudonyms-a.peil");
  peil_test_autofinal (PeilIncident) second = peil_test_new_incident ("pseudonyms-b.peil");
  g_autoptr(PeilPseudonymizer) names = names_of (first);
  g_autoptr(PeilPseudonymizer) again = NULL;
  g_autoptr(PeilPseudonymizer) other = names_of (second);
  g_autoptr(PeilPost) post = peil_post_new ("x", "1");
  g_autofree char *author = NULL, *named = NULL, *upper = NULL, *reopened = NULL, *elsewhere = NULL;
  g_autofree char *text = NULL, *expected = NULL;

  peil_post_set_author_name (post, "Jan Jansen");
  peil_post_set_author_handle (post, "@jansen_utrecht");
  author = peil_pseudonymizer_dup_author (names, post);
  g_assert_true (g_str_has_prefix (author, "anon-"));
  g_assert_cmpuint (strlen (author), ==, strlen ("anon-") + 10);
  named = peil_pseudonymizer_dup_name (names, "jansen_utrecht");
  upper = peil_pseudonymizer_dup_name (names, "@Jansen_Utrecht");
  g_assert_cmpstr (named, ==, author);
  g_assert_cmpstr (upper, ==, author);
  text = peil_pseudonymizer_dup_text (names, "Zie @jansen_utrecht, die filmde het.");
  expected = g_strdup_printf ("Zie @%s, die filmde het.", author);
  g_assert_cmpstr (text, ==, expected);

  first = peil_test_reopen (first);
  again = names_of (first);
  reopened = peil_pseudonymizer_dup_author (again, post);
  g_assert_cmpstr (reopened, ==, author);

  elsewhere = peil_pseudonymizer_dup_author (other, post);
  g_assert_true (g_str_has_prefix (elsewhere, "anon-"));
  g_assert_cmpstr (elsewhere, !=, author);
}

/* What in a text names a person goes; what names no one stays. */
static void
test_text (void)
{
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident ("pseudonyms-text.peil");
  g_autoptr(PeilPseudonymizer) names = names_of (incident);
  struct { const char *text, *gone, *kept; } cases[] = {
    { "Mail piet.bakker@example.nl voor info", "piet.bakker@example.nl", "Mail anon-" },
    { "Mail o'brien@example.com", "brien", "Mail anon-" },
    { "Mail kees\uFF20ziggo.nl", "kees", "Mail anon-" },
    { "Bel 06-12345678 als je iets weet", "12345678", "Bel anon-" },
    { "Bel +31 6 1234 5678 of 030-1234567", "1234", "Bel anon-" },
    { "Bel 06 12 34 56 78 nu", "34 56", "Bel anon-" },
    { "Bel (06) 12345678, +31(0)612345678 of 06.12.34.56.78", "345", "Bel anon-" },
    { "Bel +32 470 12 34 56", "470", "Bel anon-" },
    { "Nummers 06 12345678 020 1234567 samen", "1234", "Nummers anon-" },
    { "Filmpje: https://x.com/jansen_utrecht/status/123.", "jansen_utrecht", "https://x.com/…." },
    { "Filmpje: HTTPS://X.COM/Grietje", "Grietje", "://X.COM/…" },
    { "Zie twitter.com/pietjepuk en www.instagram.com/kees.k", "pietjepuk", "https://twitter.com/…" },
    { "Zie www.instagram.com/kees.k", "kees", "instagram.com/…" },
    { "Zie https://mastodon.social/@jan/1099", "@jan", "https://mastodon.social/…" },
    { "Zie mastodon.social/@jan_m", "jan_m", "mastodon.social/@anon-" },
    { "App wa.me/31612345678", "3161234", "https://wa.me/…" },
    { "Forum https://forum.nl/profile?user=jantje", "jantje", "https://forum.nl/profile?…" },
    { "https://example.nl/contact?mail=jan@example.com&tel=0612345678", "jan@", "https://example.nl/contact?…" },
    { "@jan@mastodon.social klopt dit?", "jan@", "klopt dit?" },
    { ".@kees2 zei het", "kees2", ".@anon-" },
    { "@jan/@piet waren er", "piet", "/@anon-" },
    { "Lees https://nos.nl/artikel/2500000-kraan", NULL, "https://nos.nl/artikel/2500000-kraan" },
    { "1.000 mensen geëvacueerd om 15:45 op 06-11-2026", NULL, "1.000 mensen geëvacueerd om 15:45 op 06-11-2026" },
    { "Op 06-11-2026 14:00 verzamelen @15:00", NULL, "Op 06-11-2026 14:00 verzamelen @15:00" },
    { "Postcode 3512 AB, huisnummer 12, bel 112 of 0800-1351", NULL, "Postcode 3512 AB, huisnummer 12, bel 112 of 0800-1351" },
    { "KvK 01234567 en €12,50 op de A12", NULL, "KvK 01234567 en €12,50 op de A12" },
    { "Geen namen hier", NULL, "Geen namen hier" },
  };
  g_autofree char *one = peil_pseudonymizer_dup_text (names, "0612345678");
  g_autofree char *two = peil_pseudonymizer_dup_text (names, "+31 (0)6 12 34 56 78");
  g_autofree char *three = peil_pseudonymizer_dup_text (names, "06-12 34 56 78");

  /* One number, however it is written, is one pseudonym. */
  g_assert_true (g_str_has_prefix (one, "anon-"));
  g_assert_cmpstr (two, ==, one);
  g_assert_cmpstr (three, ==, one);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = peil_pseudonymizer_dup_text (names, cases[i].text);

      if ((cases[i].gone != NULL && strstr (out, cases[i].gone) != NULL) || strstr (out, cases[i].kept) == NULL)
        g_error ("“%s” became “%s”", cases[i].text, out);
    }
}

/* An allow-listed account keeps its name, as author and when named; a
 * display name alone does not pass for it, since anyone can take one. */
static void
test_allow_list (void)
{
  peil_test_autofinal (PeilIncident) incident = peil_test_new_incident ("pseudonyms-allow.peil");
  g_autoptr(PeilPseudonymizer) names = NULL;
  g_autoptr(PeilPost) police = peil_post_new ("x", "1");
  g_autoptr(PeilPost) pretender = peil_post_new ("x", "2");
  g_autofree char *author = NULL, *fake = NULL, *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_ALLOW_LIST,
                                             "# the safety region's own list\n@Politie_Utrecht\n\ngemeenteutrecht\n", &error));
  g_assert_no_error (error);
  names = names_of (incident);
  g_assert_true (peil_incident_is_allow_listed (incident, "politie_utrecht"));
  g_assert_false (peil_incident_is_allow_listed (incident, "jansen_utrecht"));

  peil_post_set_author_name (police, "Politie Utrecht");
  peil_post_set_author_handle (police, "politie_utrecht");
  author = peil_pseudonymizer_dup_author (names, police);
  g_assert_cmpstr (author, ==, "Politie Utrecht");

  peil_post_set_author_name (pretender, "politie_utrecht");
  peil_post_set_author_handle (pretender, "@politie_utrecht_echt");
  fake = peil_pseudonymizer_dup_author (names, pretender);
  g_assert_true (g_str_has_prefix (fake, "anon-"));

  /* Without a handle a name passes only where it is not self-chosen: a
   * CSV of Facebook comments is not, a news feed is. */
  {
    g_autoptr(PeilPost) comment = peil_post_new ("csv", "3");
    g_autoptr(PeilPost) feed = peil_post_new ("rss", "4");
    g_autofree char *comment_author = NULL, *feed_author = NULL;

    peil_post_set_author_name (comment, "Politie_Utrecht");
    peil_post_set_author_name (feed, "GemeenteUtrecht");
    comment_author = peil_pseudonymizer_dup_author (names, comment);
    feed_author = peil_pseudonymizer_dup_author (names, feed);
    g_assert_true (g_str_has_prefix (comment_author, "anon-"));
    g_assert_cmpstr (feed_author, ==, "GemeenteUtrecht");
    g_assert_null (peil_pseudonymizer_account_of (comment));
  }

  text = peil_pseudonymizer_dup_text (names, "@gemeenteutrecht en @politie_utrecht: wat moet @buurman doen?");
  g_assert_true (g_str_has_prefix (text, "@gemeenteutrecht en @politie_utrecht: wat moet @anon-"));
}

/* The list is kept from the command line, an account once however it
 * is written, and each change is logged. */
static void
test_allow_cli (void)
{
  g_autofree char *path = peil_test_tmp_path ("pseudonyms-allow-cli.peil");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  peil_test_autofinal (PeilIncident) incident = NULL;
  g_autofree char *stored = NULL;

  g_assert_finalize_object (peil_test_new_incident ("pseudonyms-allow-cli.peil"));
  {
    g_auto(PeilTestRun) run = peil_test_cli ("info", path, "--allow", "@Politie_Utrecht", "--allow", "politie_utrecht",
                                             "--allow", "NOS", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "@Politie_Utrecht, NOS"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("info", path, "--disallow", "nos", NULL);

    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("info", path, "--allow", "  ", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "is not an account"));
  }
  incident = peil_incident_open (file, NULL);
  stored = peil_incident_get_metadata (incident, PEIL_META_ALLOW_LIST);
  g_assert_cmpstr (stored, ==, "@Politie_Utrecht\n");
  g_assert_true (peil_incident_is_allow_listed (incident, "POLITIE_UTRECHT"));
  g_assert_false (peil_incident_is_allow_listed (incident, "NOS"));
}

static char *
read_back (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

static PeilIncident *
sample_incident (const char *name)
{
  PeilIncident *incident = peil_test_new_incident (name);
  gint64 asked, answered;

  asked = add_post (incident, "1", "Jan Jansen", "@jansen_utrecht",
                    "@buurvrouw_anna zegt dat het stof giftig is, bel 06-12345678", "https://x.com/jansen_utrecht/status/1");
  answered = add_post (incident, "2", "Gemeente Utrecht", "@gemeenteutrecht",
                       "@jansen_utrecht het stof is niet giftig, zie https://utrecht.nl/kraan", NULL);
  g_assert_true (peil_incident_tag_post (incident, asked, "IB-VEILIG", NULL));
  g_assert_true (peil_incident_tag_post (incident, answered, "IB-VEILIG", NULL));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_ALLOW_LIST, "gemeenteutrecht", NULL));
  return incident;
}

static void
assert_no_person (const char *text)
{
  for (const char * const *who = (const char *[]){ "jansen_utrecht", "Jan Jansen", "buurvrouw_anna", "12345678", NULL };
       *who; who++)
    if (strstr (text, *who) != NULL)
      g_error ("“%s” is named in\n%s", *who, text);
}

/* Every export names no one by default, the raw payload included, and
 * keeps the allow-listed account and the analysis. */
static void
test_exports (void)
{
  peil_test_autofinal (PeilIncident) incident = sample_incident ("pseudonyms-export.peil");
  const char *formats[] = { "ndjson", "csv" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("pseudonyms.", formats[i], NULL);
      g_autofree char *path = peil_test_tmp_path (name);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      PeilExporter *exporter = peil_plugin_engine_find_exporter (engine, formats[i]);

      g_assert_nonnull (exporter);
      g_assert_true (peil_exporter_export_file (exporter, incident, NULL, PEIL_EXPORT_NONE, file, NULL, &error));
      g_assert_no_error (error);
      contents = read_back (path);
      assert_no_person (contents);
      g_assert_nonnull (strstr (contents, "Gemeente Utrecht"));
      g_assert_nonnull (strstr (contents, "@anon-"));
      g_assert_nonnull (strstr (contents, "https://utrecht.nl/kraan"));
      g_assert_nonnull (strstr (contents, "IB-VEILIG"));
    }
}

/* A round's report quotes no one by name, in its examples and in its
 * list of posts, whatever the format; HTML is read back as written. */
static void
test_report (void)
{
  peil_test_autofinal (PeilIncident) incident = sample_incident ("pseudonyms-report.peil");
  peil_test_autofinal (PeilRound) round = NULL;
  peil_test_autofinal (PeilReport) report = NULL;
  g_autoptr(PeilQuery) query = NULL;
  g_autofree char *path = peil_test_tmp_path ("pseudonyms-report.html");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *quoted;

  /* A saved query may name an account too; the report lists the queries. */
  query = peil_incident_add_query (incident, "mastodon", "from:@jansen_utrecht@mastodon.social", NULL, 300, &error);
  g_assert_nonnull (query);
  g_assert_no_error (error);
  round = peil_incident_add_round (incident, "ROT 10:00", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_link_example (incident, 1, "IB", 1, TRUE, &error));
  g_assert_no_error (error);
  report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);

  quoted = peil_report_get_examples (report, "IB");
  g_assert_cmpuint (quoted->len, ==, 1);
  assert_no_person (((PeilReportPost *)g_ptr_array_index (quoted, 0))->text);
  assert_no_person (((PeilReportPost *)g_ptr_array_index (quoted, 0))->author);
  g_assert_cmpuint (peil_report_get_posts (report)->len, ==, 2);
  for (guint i = 0; i < peil_report_get_posts (report)->len; i++)
    {
      PeilReportPost *post = g_ptr_array_index (peil_report_get_posts (report), i);

      assert_no_person (post->text);
      assert_no_person (post->author);
      if (post->url)
        assert_no_person (post->url);
    }

  g_assert_true (peil_report_exporter_export_file (peil_plugin_engine_find_report_exporter (engine, "html"),
                                                   report, file, NULL, &error));
  g_assert_no_error (error);
  html = read_back (path);
  assert_no_person (html);
  g_assert_nonnull (strstr (html, "@anon-"));
}

static gint64
count_reveals (const char *path,
               char      **out_detail)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  peil_test_autofinal (PeilIncident) incident = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  events = peil_incident_list_events (incident, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);

      if (!g_str_equal (event->action, "names-revealed"))
        continue;
      if (n++ == 0 && out_detail != NULL)
        *out_detail = g_strdup_printf ("%s|%s", event->analyst, event->detail);
    }
  return n;
}

/* Real names on the command line: only with a reason, which the log
 * keeps with who gave it; never where the choice cannot be logged. */
static void
test_reveal (void)
{
  g_autofree char *path = peil_test_tmp_path ("pseudonyms-reveal.peil");
  g_autofree char *out = peil_test_tmp_path ("pseudonyms-reveal.ndjson");
  g_autofree char *detail = NULL;
  g_autofree char *contents = NULL;

  g_assert_finalize_object (sample_incident ("pseudonyms-reveal.peil"));
  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", path, "-f", "ndjson", "-o", out, "--real-names", "  ", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "Say why real names are needed"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  g_assert_cmpint (count_reveals (path, NULL), ==, 0);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", path, "-f", "ndjson", "-o", out, "--analyst", "Anna de Vries",
                                             "--real-names", "aangifte van bedreiging bij de politie", NULL);

    g_assert_cmpint (run.status, ==, 0);
  }
  contents = read_back (out);
  g_assert_nonnull (strstr (contents, "jansen_utrecht"));
  g_assert_nonnull (strstr (contents, "buurvrouw_anna"));
  g_assert_cmpint (count_reveals (path, &detail), ==, 1);
  g_assert_nonnull (strstr (detail, "Anna de Vries|"));
  g_assert_nonnull (strstr (detail, "\"where\":\"export\""));
  g_assert_nonnull (strstr (detail, "aangifte van bedreiging bij de politie"));

  /* The search lists pseudonyms unless asked, and asking is logged too. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, NULL);

    g_assert_cmpint (run.status, ==, 0);
    assert_no_person (run.out);
    g_assert_nonnull (strstr (run.out, "Gemeente Utrecht"));
  }
  g_assert_cmpint (count_reveals (path, NULL), ==, 1);
  /* A search that finds nothing says so, rather than print nothing. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "zzzgeentreffer", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "No posts match\n");
  }

  /* A file that cannot be written cannot log the choice: refused. */
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "--real-names", "nodig", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "cannot be written"));
    g_assert_null (strstr (run.out, "jansen_utrecht"));
  }
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  peil_test_init (&argc, &argv);
  engine = peil_test_engine ();

  g_test_add_func ("/pseudonyms/stable", test_stable);
  g_test_add_func ("/pseudonyms/text", test_text);
  g_test_add_func ("/pseudonyms/allow-list", test_allow_list);
  g_test_add_func ("/pseudonyms/allow-cli", test_allow_cli);
  g_test_add_func ("/pseudonyms/exports", test_exports);
  g_test_add_func ("/pseudonyms/report", test_report);
  g_test_add_func ("/pseudonyms/reveal", test_reveal);

  status = g_test_run ();
  g_clear_object (&engine);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 14: every export, report and search by author is written to the
 * processing log with its counts, and the record of processing for the
 * privacy officer (`peil-cli privacy`) names every source and query used,
 * in Dutch and English, without naming any author.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "peil-incident-private.h"
#include "peil-privacy-document.h"
#include "peil-test-util.h"

/* The newest event of @action, or NULL (transfer full). */
static PeilEvent *
last_event (PeilIncident *incident,
            const char   *action)
{
  g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 0, NULL);

  for (guint i = 0; i < events->len; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->action, action))
        return peil_event_copy (event);
    }
  return NULL;
}

static JsonObject *
event_detail (PeilEvent *event)
{
  g_autoptr(JsonNode) node = json_from_string (event->detail, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
assert_log_holds (PeilIncident *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilLogCheck) check = peil_incident_verify_log (incident, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (check);
}

/* Five posts, three by @jan, two of them about the crane. */
static PeilIncident *
make_incident (const char *name)
{
  PeilIncident *incident = peil_test_new_incident (name);

  peil_test_add_post (incident, "x", "1", "2026-11-25T14:00:00Z", "@jan", "Kraan omgevallen op huizen");
  peil_test_add_post (incident, "x", "2", "2026-11-25T14:05:00Z", "@jan", "Kraan ligt op het dak");
  peil_test_add_post (incident, "x", "3", "2026-11-25T14:10:00Z", "@jan", "Veel stof");
  peil_test_add_post (incident, "x", "4", "2026-11-25T14:20:00Z", "@marie", "Kraan! Is iedereen veilig?");
  peil_test_add_post (incident, "x", "5", "2026-11-25T14:30:00Z", "@piet", "Over jan gesproken");
  return incident;
}

/* Each export is logged with its format, its file's name (not its
 * folder), how many posts it holds and whether it was pseudonymised (by
 * default; real names only when asked, with a reason); from the CLI as
 * from the core's exporter. */
static void
test_export_logged (void)
{
  peil_test_autofinal(PeilIncident) incident = make_incident ("export-logged.peil");
  peil_test_autofinal(PeilPluginEngine) engine = peil_test_engine ();
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
  g_autofree char *path = peil_test_tmp_path ("export-logged.peil");
  g_autofree char *csv = peil_test_tmp_path ("kraan-export.csv");
  g_autofree char *ndjson = peil_test_tmp_path ("alles.ndjson");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(PeilEvent) event = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(GError) error = NULL;

  peil_filter_set_text (filter, "kraan");
  g_assert_true (peil_exporter_export_file (peil_plugin_engine_find_exporter (engine, "csv"), incident, filter,
                                            PEIL_EXPORT_NONE, file, NULL, &error));
  g_assert_no_error (error);

  event = last_event (incident, "export");
  g_assert_nonnull (event);
  detail = event_detail (event);
  g_assert_cmpstr (json_object_get_string_member (detail, "format"), ==, "csv");
  g_assert_cmpstr (json_object_get_string_member (detail, "file"), ==, "kraan-export.csv");
  g_assert_cmpint (json_object_get_int_member (detail, "posts"), ==, 3);
  g_assert_true (json_object_get_boolean_member (detail, "pseudonymized"));
  g_assert_cmpstr (event->analyst, ==, peil_incident_get_analyst (incident));
  g_clear_pointer (&event, peil_event_free);
  g_clear_pointer (&detail, json_object_unref);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", path, "--format", "ndjson", "-o", ndjson,
                                             "--real-names", "Gevraagd door de politie", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  event = last_event (incident, "export");
  detail = event_detail (event);
  g_assert_cmpstr (json_object_get_string_member (detail, "format"), ==, "ndjson");
  g_assert_cmpstr (json_object_get_string_member (detail, "file"), ==, "alles.ndjson");
  g_assert_cmpint (json_object_get_int_member (detail, "posts"), ==, 5);
  g_assert_false (json_object_get_boolean_member (detail, "pseudonymized"));
  assert_log_holds (incident);
}

/* A read-only incident cannot log, so it exports nothing. */
static void
test_read_only_exports_nothing (void)
{
  g_autofree char *path = peil_test_tmp_path ("read-only-export.peil");
  g_autofree char *csv = peil_test_tmp_path ("read-only-export.csv");

  g_object_unref (make_incident ("read-only-export.peil"));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", path, "--format", "csv", "-o", csv, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "read-only"));
  }
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_chmod (path, 0644);
}

/* A report written is logged with its round, format, language and file. */
static void
test_report_logged (void)
{
  peil_test_autofinal(PeilIncident) incident = make_incident ("report-logged.peil");
  g_autofree char *path = peil_test_tmp_path ("report-logged.peil");
  g_autofree char *html = peil_test_tmp_path ("ronde.html");
  peil_test_autofinal(PeilRound) round = NULL;
  g_autoptr(PeilEvent) event = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(GError) error = NULL;

  round = peil_incident_add_round (incident, "Eerste beeld", 1764079200, 0, &error);
  g_assert_no_error (error);
  g_assert_null (last_event (incident, "report"));
  {
    g_auto(PeilTestRun) run = peil_test_cli ("report", path, "--round", "1", "--language", "nl", "-o", html, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  event = last_event (incident, "report");
  g_assert_nonnull (event);
  detail = event_detail (event);
  g_assert_cmpint (json_object_get_int_member (detail, "round"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (detail, "format"), ==, "html");
  g_assert_cmpstr (json_object_get_string_member (detail, "language"), ==, "nl");
  g_assert_cmpstr (json_object_get_string_member (detail, "file"), ==, "ronde.html");
  g_assert_false (json_object_get_boolean_member (detail, "names-shown"));
  assert_log_holds (incident);
}

/* A search by author is logged with its count, never with the name of
 * someone off the allow-list; words of a search no longer find authors. */
static void
test_author_search_logged (void)
{
  peil_test_autofinal(PeilIncident) incident = make_incident ("author-search.peil");
  g_autofree char *path = peil_test_tmp_path ("author-search.peil");
  g_autoptr(PeilEvent) event = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(GError) error = NULL;

  /* “jan” as a word is in one post's text; @jan wrote three. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "jan", "--count", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1\n");
  }
  g_assert_null (last_event (incident, "author-search"));

  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "--author", "@jan", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Kraan omgevallen op huizen"));
    g_assert_nonnull (strstr (run.out, "Veel stof"));
    g_assert_null (strstr (run.out, "Over jan gesproken"));
  }
  event = last_event (incident, "author-search");
  g_assert_nonnull (event);
  g_assert_null (strstr (event->detail, "jan"));
  detail = event_detail (event);
  g_assert_cmpstr (json_object_get_string_member (detail, "filter"), ==, "author");
  g_assert_cmpint (json_object_get_int_member (detail, "matches"), ==, 3);
  g_assert_false (json_object_get_boolean_member (detail, "allow-listed"));
  g_assert_false (json_object_has_member (detail, "handle"));
  g_clear_pointer (&event, peil_event_free);
  g_clear_pointer (&detail, json_object_unref);

  /* An official account on the allow-list may be named in the log. */
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_ALLOW_LIST, "gemeentealphen\npolitie", &error));
  g_assert_no_error (error);
  peil_test_add_post (incident, "x", "6", "2026-11-25T15:00:00Z", "@gemeentealphen", "Opvang in de sporthal");
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "--author", "gemeentealphen", "--count", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1\n");
  }
  event = last_event (incident, "author-search");
  detail = event_detail (event);
  g_assert_cmpint (json_object_get_int_member (detail, "matches"), ==, 1);
  g_assert_true (json_object_get_boolean_member (detail, "allow-listed"));
  g_assert_cmpstr (json_object_get_string_member (detail, "handle"), ==, "gemeentealphen");

  /* The record lists both, naming only the official account. */
  {
    g_autoptr(PeilPrivacyRecord) record = peil_privacy_record_new (incident, "en", &error);
    g_autofree char *text = peil_privacy_record_to_text (record);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "; Matches: 3; Allow-listed account: no\n"));
    g_assert_nonnull (strstr (text, "; Matches: 1; Allow-listed account: gemeentealphen\n"));
  }
  assert_log_holds (incident);

  /* A read-only file cannot log it, so it refuses; other searches work. */
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "--author", "jan", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "read-only"));
    g_assert_null (strstr (run.out, "Veel stof"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", path, "stof", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  g_chmod (path, 0644);
}

/* Runs @query's source once through a gather job, making @count posts. */
static void
gather (PeilIncident     *incident,
        PeilPluginEngine *engine,
        PeilQuery        *query,
        const char       *count,
        const char       *first)
{
  peil_test_autofinal(PeilGatherJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = peil_gather_job_new_for_query (incident, peil_plugin_engine_find_source (engine, "test-source"), query);
  peil_gather_job_set_option (job, "count", count);
  peil_gather_job_set_option (job, "first", first);
  g_assert_true (peil_gather_job_run (job, NULL, &error));
  g_assert_no_error (error);
}

/* A post an RSS query found, as its gathering stores it. */
static void
add_found_post (PeilIncident *incident,
                PeilQuery    *query,
                const char   *remote_id,
                const char   *author)
{
  g_autoptr(PeilPost) post = peil_post_new ("rss", remote_id);
  g_autoptr(GError) error = NULL;

  peil_post_set_created_at (post, 1764079200);
  peil_post_set_author_name (post, author);
  peil_post_set_text (post, "Bericht uit de krant");
  g_assert_true (peil_database_begin (incident->db, &error));
  g_assert_true (peil_incident_insert_post (incident, post, peil_query_get_id (query), NULL, &error));
  g_assert_true (peil_database_commit (incident->db, &error));
  g_assert_no_error (error);
}

static void
assert_has_line (const char *text,
                 const char *line)
{
  g_autofree char *with_newline = g_strconcat ("\n", line, "\n", NULL);

  if (strstr (text, with_newline) == NULL)
    g_error ("No line “%s” in:\n%s", line, text);
}

/* Three queries over two sources, one query removed since, and a file
 * import: the record lists each with the posts it brought, counts the
 * authors and names none of them, in both languages. */
static void
test_record_lists_everything (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("record.peil");
  peil_test_autofinal(PeilPluginEngine) engine = peil_test_engine ();
  g_autofree char *path = peil_test_tmp_path ("record.peil");
  g_autofree char *posts = NULL;
  g_autoptr(GHashTable) rss_options = g_hash_table_new (g_str_hash, g_str_equal);
  peil_test_autofinal(PeilQuery) kraan = NULL;
  peil_test_autofinal(PeilQuery) brand = NULL;
  peil_test_autofinal(PeilQuery) rss = NULL;
  peil_test_autofinal(PeilQuery) removed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_PURPOSE, "Omgevingsanalyse kraanongeval", &error));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_LEGAL_BASIS, "Art. 6 lid 1 sub e AVG", &error));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_DPIA, "DPIA-2026-014", &error));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_RETENTION, "2020-01-01", &error));
  g_assert_no_error (error);

  g_hash_table_insert (rss_options, (char *)"url", (char *)"https://omroep.example/rss");
  kraan = peil_incident_add_query (incident, "test-source", "kraan", NULL, 60, &error);
  brand = peil_incident_add_query (incident, "test-source", "brand", NULL, 60, &error);
  rss = peil_incident_add_query (incident, "rss", "alphen", rss_options, 60, &error);
  removed = peil_incident_add_query (incident, "test-source", "weg", NULL, 60, &error);
  g_assert_no_error (error);
  gather (incident, engine, kraan, "5", "0");
  gather (incident, engine, brand, "2", "100");
  gather (incident, engine, removed, "4", "200");
  g_assert_true (peil_incident_remove_query (incident, peil_query_get_id (removed), &error));
  add_found_post (incident, rss, "r1", "Redactie");
  add_found_post (incident, rss, "r2", "Redactie");
  add_found_post (incident, rss, "r3", "Verslaggever");

  posts = peil_test_write_file ("record-import.ndjson",
                                "{\"peil\":1,\"source\":\"x\",\"id\":\"i1\",\"author\":\"Jan Jansen\",\"handle\":\"janj\",\"text\":\"Kraan\"}\n"
                                "{\"peil\":1,\"source\":\"x\",\"id\":\"i2\",\"author\":\"Jan Jansen\",\"handle\":\"janj\",\"text\":\"Stof\"}\n"
                                "{\"peil\":1,\"source\":\"x\",\"id\":\"i3\",\"author\":\"Els\",\"handle\":\"els\",\"text\":\"Help\"}\n");
  {
    g_auto(PeilTestRun) run = peil_test_cli ("import", path, posts, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  {
    g_auto(PeilTestRun) run = peil_test_cli ("privacy", path, "--lang", "en", NULL);
    g_autofree char *text = NULL;

    g_assert_cmpint (run.status, ==, 0);
    text = peil_test_collapse_space (run.out);
    g_test_message ("%s", run.out);
    assert_has_line (run.out, "Purpose: Omgevingsanalyse kraanongeval");
    assert_has_line (run.out, "Legal basis: Art. 6 lid 1 sub e AVG");
    assert_has_line (run.out, "DPIA reference: DPIA-2026-014");
    g_assert_nonnull (strstr (run.out, "- Source: Test-source; Query: kraan; Created: "));
    g_assert_nonnull (strstr (run.out, "; Posts found: 5\n"));
    g_assert_nonnull (strstr (run.out, "- Source: Test-source; Query: brand; Created: "));
    g_assert_nonnull (strstr (run.out, "; Posts found: 2\n"));
    g_assert_nonnull (strstr (run.out, "- Source: News (RSS); Query: alphen; Settings: url=https://omroep.example/rss; "
                                       "Created: "));
    g_assert_nonnull (strstr (run.out, "; Last run: never; Posts found: 3\n"));
    g_assert_nonnull (strstr (run.out, "- Source: Test-source; Query: removed query 4; Last run: "));
    g_assert_nonnull (strstr (run.out, "; Posts found: 4\n"));
    g_assert_nonnull (strstr (run.out, "- Source: NDJSON import; File: record-import.ndjson; First import: "));
    g_assert_nonnull (strstr (run.out, "; Posts added: 3\n"));
    /* 5 + 2 + 4 test posts, 3 from RSS, 3 imported. */
    assert_has_line (run.out, "Posts: 17");
    /* Redactie, Verslaggever, janj, els: the test source's posts have none. */
    assert_has_line (run.out, "Distinct authors (counted, never listed): 4");
    g_assert_null (strstr (run.out, "Jan Jansen"));
    g_assert_null (strstr (run.out, "janj"));
    g_assert_null (strstr (run.out, "Redactie"));
    assert_has_line (run.out, "Keep until: 2020-01-01");
    assert_has_line (run.out, "Retention: passed: the personal data must be removed (peil-cli purge)");
    assert_has_line (run.out, "State: intact");
  }

  {
    g_auto(PeilTestRun) run = peil_test_cli ("privacy", path, "--lang", "nl", NULL);

    g_assert_cmpint (run.status, ==, 0);
    assert_has_line (run.out, "Doel: Omgevingsanalyse kraanongeval");
    assert_has_line (run.out, "Grondslag: Art. 6 lid 1 sub e AVG");
    assert_has_line (run.out, "Kenmerk DPIA: DPIA-2026-014");
    g_assert_nonnull (strstr (run.out, "- Bron: Test-source; Zoekvraag: kraan; Aangemaakt: "));
    g_assert_nonnull (strstr (run.out, "; Berichten gevonden: 5\n"));
    g_assert_nonnull (strstr (run.out, "- Bron: Test-source; Zoekvraag: brand; Aangemaakt: "));
    g_assert_nonnull (strstr (run.out, "; Berichten gevonden: 2\n"));
    g_assert_nonnull (strstr (run.out, "- Bron: Nieuws (RSS); Zoekvraag: alphen; Instellingen: url=https://omroep.example/rss; "));
    g_assert_nonnull (strstr (run.out, "; Laatst uitgevoerd: nooit; Berichten gevonden: 3\n"));
    g_assert_nonnull (strstr (run.out, "- Bron: Test-source; Zoekvraag: verwijderde zoekvraag 4; Laatst uitgevoerd: "));
    g_assert_nonnull (strstr (run.out, "; Berichten gevonden: 4\n"));
    g_assert_nonnull (strstr (run.out, "- Bron: NDJSON-import; Bestand: record-import.ndjson; Eerste import: "));
    g_assert_nonnull (strstr (run.out, "; Berichten toegevoegd: 3\n"));
    assert_has_line (run.out, "Berichten: 17");
    assert_has_line (run.out, "Verschillende auteurs (geteld, nooit opgesomd): 4");
    assert_has_line (run.out, "Bewaartermijn: verstreken: de persoonsgegevens moeten worden gewist (peil-cli purge)");
  }

  /* The record's head is the log's, which still holds. */
  {
    g_autoptr(PeilLogCheck) check = peil_incident_verify_log (incident, 0, NULL, &error);
    g_autofree char *head = NULL;
    g_auto(PeilTestRun) run = peil_test_cli ("privacy", path, NULL);

    g_assert_no_error (error);
    head = g_strdup_printf ("Last link: %" G_GINT64_FORMAT ":%s", check->head_event, check->head);
    assert_has_line (run.out, head);
  }

  /* A query that names an account is shown with a pseudonym; after a
   * purge the record says the data went, and what went, in words. */
  {
    g_autoptr(PeilQuery) naming = peil_incident_add_query (incident, "rss", "from:@jansen_utrecht", NULL, 300, &error);

    g_assert_nonnull (naming);
  }
  g_assert_no_error (error);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("purge", path, "--yes", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("privacy", path, "--lang", "nl", NULL);

    g_assert_cmpint (run.status, ==, 0);
    assert_has_line (run.out, "Bewaartermijn: verstreken; de persoonsgegevens zijn gewist");
    g_assert_nonnull (strstr (run.out, "Zoekvraag: from:@anon-"));
    g_assert_null (strstr (run.out, "jansen_utrecht"));
    g_assert_nonnull (strstr (run.out, "berichten geleegd; "));
    g_assert_nonnull (strstr (run.out, "sleutel van de pseudoniemen vervangen; logboek ervoor tot "));
    g_assert_null (strstr (run.out, "{\"posts\""));
  }
}

/* Exports and reports appear in the record, with their counts. */
static void
test_record_lists_outputs (void)
{
  peil_test_autofinal(PeilIncident) incident = make_incident ("record-outputs.peil");
  g_autofree char *path = peil_test_tmp_path ("record-outputs.peil");
  g_autofree char *csv = peil_test_tmp_path ("uit.csv");
  g_autoptr(GError) error = NULL;

  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", path, "--format", "csv", "-o", csv, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_autoptr(PeilPrivacyRecord) record = peil_privacy_record_new (incident, "en", &error);
    g_autofree char *text = peil_privacy_record_to_text (record);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "; What: export; Format: csv; File: uit.csv; Contents: 5 posts, pseudonymised\n"));
    assert_has_line (text, "No one searched by author.");
    assert_has_line (text, "No purge yet.");
  }
  assert_log_holds (incident);
}

/* Whatever the incident holds is text in the HTML, never markup; and the
 * register is never written over the incident's own file. */
static void
test_record_html_escaped (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("record-hostile.peil");
  g_autofree char *path = peil_test_tmp_path ("record-hostile.peil");
  g_autofree char *html_path = peil_test_tmp_path ("register.html");
  g_autofree char *pdf_path = peil_test_tmp_path ("register.pdf");
  g_autoptr(PeilPrivacyRecord) record = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_TITLE, "<script>alert(1)</script> & co", &error));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_PURPOSE, "<img src=x onerror=alert(2)>", &error));
  record = peil_privacy_record_new (incident, "nl", &error);
  g_assert_no_error (error);

  html = peil_privacy_document_html (record);
  text = g_strndup (g_bytes_get_data (html, NULL), g_bytes_get_size (html));
  g_assert_null (strstr (text, "<script>"));
  g_assert_null (strstr (text, "<img"));
  g_assert_nonnull (strstr (text, "<title>Verwerkingsregister: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>"));
  g_assert_nonnull (strstr (text, "<dd>&lt;img src=x onerror=alert(2)&gt;</dd>"));

  {
    g_auto(PeilTestRun) run = peil_test_cli ("privacy", path, "-o", html_path, "--lang", "nl", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (html_path, &contents, NULL, NULL));
    g_assert_null (strstr (contents, "<script>"));
    g_assert_nonnull (strstr (contents, "<h1>Verwerkingsregister: &lt;script&gt;"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("privacy", path, "-o", pdf_path, NULL);
    g_autofree char *pdf = NULL;

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
    g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("privacy", path, "-o", "register.txt", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  /* Not over the incident, even through a link with a register's name. */
  {
    g_autofree char *link_path = peil_test_tmp_path ("record-hostile-link.html");
    g_autoptr(GFile) link = g_file_new_for_path (link_path);
    g_autofree char *before = peil_test_checksum (path);
    g_autofree char *after = NULL;

    g_unlink (link_path);
    g_assert_cmpint (symlink (path, link_path), ==, 0);
    g_assert_false (peil_privacy_document_save (record, link, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    after = peil_test_checksum (path);
    g_assert_cmpstr (before, ==, after);
    g_unlink (link_path);
  }
  assert_log_holds (incident);
}

int
main (int   argc,
      char *argv[])
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/privacy/export-logged", test_export_logged);
  g_test_add_func ("/privacy/read-only-exports-nothing", test_read_only_exports_nothing);
  g_test_add_func ("/privacy/report-logged", test_report_logged);
  g_test_add_func ("/privacy/author-search-logged", test_author_search_logged);
  g_test_add_func ("/privacy/record-lists-everything", test_record_lists_everything);
  g_test_add_func ("/privacy/record-lists-outputs", test_record_lists_outputs);
  g_test_add_func ("/privacy/record-html-escaped", test_record_html_escaped);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The purge at the end of an incident's retention period (issue 14): the
 * personal data leaves the file and its write-ahead log down to the
 * bytes, while the crisis team's record (tags, counts, issued rounds'
 * figures and texts, the log) stays and still checks out.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "peil-incident-private.h"
#include "peil-test-util.h"

static PeilPluginEngine *engine;

/* What must leave the file: each written once, in one place. */
#define HANDLE      "@zeldzaamhandle"
#define AUTHOR_NAME "Wilhelmina Qwertyzaam"
#define POST_TEXT   "xylofoonbrand bij de Zwanenstraat, zie je het ook"
#define URL         "https://social.example/@zeldzaamhandle/110"
#define RAW         "{\"account\":{\"acct\":\"rawgeheimaccount\"}}"
#define NOTE_TEXT   "notitiegeheim: buurman belde al twee keer"
#define KEY         "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"

static const char *secrets[] = {
  "zeldzaamhandle", "Qwertyzaam", "qwertyzaam", "xylofoonbrand", "Zwanenstraat",
  "social.example", "rawgeheimaccount", "notitiegeheim", "buurman belde", KEY, "walgeheim",
};

static gboolean
bytes_contain (const char *bytes,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (bytes[i] == needle[0] && memcmp (bytes + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Which of the secrets the file at @path holds; "" for none. A file that
 * is not there holds none. */
static char *
secrets_in (const char *path)
{
  g_autoptr(GString) found = g_string_new (NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &bytes, &length, NULL))
    return g_strdup ("");
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (bytes_contain (bytes, length, secrets[i]))
      g_string_append_printf (found, "%s%s", found->len ? " " : "", secrets[i]);
  return g_string_free (g_steal_pointer (&found), FALSE);
}

static gint64
at (const char *iso)
{
  gint64 when = 0;

  g_assert_true (peil_time_parse (iso, NULL, &when));
  return when;
}

typedef struct
{
  gint64 personal;   /* the post with every field of a person */
  gint64 other;
  gint64 phone;      /* entered by hand: its channel is how it came in */
} Sample;

/* An incident past its retention, with a post that holds all the personal
 * data a post can, a note on it, the pseudonym key, and an issued round
 * that quotes it. */
static PeilIncident *
new_sample (const char *name,
            Sample     *sample)
{
  PeilIncident *incident = peil_test_new_incident (name);
  g_autoptr(PeilPost) post = peil_post_new ("mastodon", "110");
  g_autoptr(PeilPost) phone = peil_post_new ("manual", "call-1");
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *made_key = NULL;
  gboolean added = FALSE;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_RETENTION, "2026-01-31", &error));
  peil_post_set_created_at (post, at ("2026-01-05T09:00:00Z"));
  peil_post_set_author_handle (post, HANDLE);
  peil_post_set_author_name (post, AUTHOR_NAME);
  peil_post_set_text (post, POST_TEXT);
  peil_post_set_url (post, URL);
  peil_post_set_channel (post, "social.example");
  peil_post_set_raw (post, RAW, "mastodon");
  g_assert_true (peil_incident_add_post (incident, post, &added, &error));
  sample->personal = peil_post_get_id (post);
  sample->other = peil_test_add_post (incident, "mastodon", "111", "2026-01-05T09:10:00Z", "@b", "Rook te zien");
  peil_post_set_created_at (phone, at ("2026-01-05T09:20:00Z"));
  peil_post_set_channel (phone, "telefoon");
  peil_post_set_text (phone, "Kan ik naar huis?");
  g_assert_true (peil_incident_add_post (incident, phone, &added, &error));
  sample->phone = peil_post_get_id (phone);

  g_assert_true (peil_incident_tag_post (incident, sample->personal, "BG-ANGST", &error));
  g_assert_true (peil_incident_tag_post (incident, sample->personal, "SB-VERSPREIDEN", &error));
  g_assert_true (peil_incident_tag_post (incident, sample->other, "BG-ANGST", &error));
  g_assert_true (peil_incident_tag_post (incident, sample->phone, "IB-VEILIG", &error));
  g_assert_cmpint (peil_incident_add_note (incident, sample->personal, NOTE_TEXT, &error), >, 0);
  /* The incident's key, made with the file, set to one the test knows
   * to look for in the bytes. */
  made_key = peil_incident_get_metadata (incident, PEIL_META_PSEUDONYM_KEY);
  g_assert_nonnull (made_key);
  g_assert_true (peil_database_exec (incident->db, "UPDATE incident SET value = '" KEY "'"
                                     " WHERE key = '" PEIL_META_PSEUDONYM_KEY "'", &error));

  round = peil_incident_add_round (incident, "ROT 10:00", at ("2026-01-05T08:00:00Z"),
                                   at ("2026-01-05T10:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_set_round_text (incident, 1, "BG", "Angst bij omwonenden na de rook", &error));
  g_assert_true (peil_incident_link_example (incident, 1, "BG", sample->personal, TRUE, &error));
  g_assert_true (peil_incident_issue_round (incident, 1, &error));
  g_assert_no_error (error);
  return incident;
}

static char *
write_html_report (PeilIncident *incident,
                   const char   *name)
{
  g_autofree char *path = peil_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  PeilReportExporter *exporter = peil_plugin_engine_find_report_exporter (engine, "html");
  char *html = NULL;

  g_assert_nonnull (exporter);
  report = peil_report_new (incident, 1, "en", PEIL_REPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (peil_report_exporter_export_file (exporter, report, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  return html;
}

static char *
round_snapshot (PeilIncident *incident)
{
  g_autoptr(PeilRound) round = peil_incident_get_round (incident, 1, NULL);

  g_assert_nonnull (round);
  return g_strdup (peil_round_get_snapshot (round));
}

/* Posts per tag, as the window and every report count them. */
static char *
tag_counts (PeilIncident *incident)
{
  g_autoptr(PeilCounts) counts = peil_incident_count (incident, NULL, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (counts);
  g_string_append_printf (text, "total=%" G_GINT64_FORMAT, counts->total);
  for (guint i = 0; i < counts->tags->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->tags, i);

      if (count->count > 0)
        g_string_append_printf (text, " %s=%" G_GINT64_FORMAT, count->key, count->count);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

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

/* The bytes: before the purge the file holds the person's data; after it,
 * neither the file nor its -wal holds any of it, while open and closed. */
static void
test_no_trace (void)
{
  Sample sample;
  PeilIncident *incident = new_sample ("purge-bytes.peil", &sample);
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(PeilPurgeSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *in_wal = NULL;
  g_autofree char *in_wal_before = NULL;
  g_autofree char *after = NULL;

  incident = peil_test_reopen (incident);
  /* Closed, the file itself held all of it (the -wal was merged). */
  g_assert_finalize_object (g_steal_pointer (&incident));
  before = secrets_in (path);
  g_assert_cmpstr (before, ==, "zeldzaamhandle Qwertyzaam qwertyzaam xylofoonbrand Zwanenstraat "
                               "social.example rawgeheimaccount notitiegeheim buurman belde " KEY);

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    incident = peil_incident_open (file, &error);
    g_assert_no_error (error);
  }
  /* Written while open: in the -wal, not yet in the file. */
  g_assert_cmpint (peil_incident_add_note (incident, sample.other, "walgeheim van vandaag", &error), >, 0);
  in_wal_before = secrets_in (wal);
  g_assert_nonnull (strstr (in_wal_before, "walgeheim"));
  g_assert_true (peil_incident_purge (incident, FALSE, &summary, &error));
  g_assert_no_error (error);
  g_assert_true (summary->wal_cleared);
  g_assert_cmpint (summary->posts, ==, 3);   /* each has a remote id; the phone call keeps its channel */
  g_assert_cmpint (summary->raw, ==, 1);
  g_assert_cmpint (summary->notes, ==, 2);
  g_assert_cmpint (summary->logged_notes, ==, 2);
  g_assert_cmpint (summary->examples, ==, 1);
  g_assert_true (summary->pseudonym_key);

  /* Open: the write-ahead log was emptied, not left with old pages. */
  in_wal = secrets_in (wal);
  g_assert_cmpstr (in_wal, ==, "");
  g_assert_finalize_object (g_steal_pointer (&incident));
  after = secrets_in (path);
  g_assert_cmpstr (after, ==, "");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* What stays: counts per tag, the issued round's frozen figures, its
 * texts; its report renders, saying that its example went instead of
 * quoting it. The log verifies, with the purge in it and the head it
 * had before. Posts keep their source and time, and the phone call its
 * channel; no search finds the words that went. */
static void
test_record_kept (void)
{
  Sample sample;
  peil_test_autofinal(PeilIncident) incident = new_sample ("purge-kept.peil", &sample);
  g_autoptr(PeilLogCheck) check_before = NULL;
  g_autoptr(PeilLogCheck) check_after = NULL;
  g_autoptr(PeilPurgeSummary) summary = NULL;
  g_autoptr(PeilEvent) purge = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(PeilPost) phone = NULL;
  g_autoptr(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = round_snapshot (incident);
  g_autofree char *counts = tag_counts (incident);
  g_autofree char *html_before = write_html_report (incident, "purge-before.html");
  g_autofree char *html_after = NULL;
  g_autofree char *snapshot_after = NULL;
  g_autofree char *counts_after = NULL;
  g_autofree char *head = NULL;
  g_autofree char *new_key = NULL;
  g_autofree char *retention = NULL;

  g_assert_nonnull (strstr (html_before, "xylofoonbrand"));
  g_assert_cmpstr (counts, ==, "total=3 IB-VEILIG=1 BG-ANGST=2 SB-VERSPREIDEN=1");
  check_before = peil_incident_verify_log (incident, 0, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (peil_incident_purge (incident, FALSE, &summary, &error));
  g_assert_no_error (error);

  snapshot_after = round_snapshot (incident);
  g_assert_cmpstr (snapshot_after, ==, snapshot);
  counts_after = tag_counts (incident);
  g_assert_cmpstr (counts_after, ==, counts);

  html_after = write_html_report (incident, "purge-after.html");
  g_assert_null (strstr (html_after, "xylofoonbrand"));
  g_assert_null (strstr (html_after, "zeldzaamhandle"));
  g_assert_nonnull (strstr (html_after, "Angst bij omwonenden na de rook"));
  g_assert_nonnull (strstr (html_after, "Removed at the purge of personal data on "));
  g_assert_null (strstr (html_after, "<blockquote>"));

  check_after = peil_incident_verify_log (incident, 0, NULL, &error);
  g_assert_no_error (error);
  /* The purge's event and its new pseudonym key's. */
  g_assert_cmpint (check_after->n_events, ==, check_before->n_events + 2);
  purge = last_event (incident, "purge");
  g_assert_nonnull (purge);
  g_assert_cmpint (purge->id, ==, check_after->head_event - 1);
  head = g_strdup_printf ("\"head\":\"%" G_GINT64_FORMAT ":%s\"", check_before->head_event, check_before->head);
  g_assert_nonnull (strstr (purge->detail, head));
  g_assert_nonnull (strstr (purge->detail, "\"examples\":[[1,\"BG\",1]]"));
  {
    g_autoptr(PeilEvent) note = last_event (incident, "note");
    g_assert_cmpstr (note->detail, ==, "[removed at purge]");
  }

  post = peil_incident_get_post (incident, sample.personal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peil_post_get_text (post), ==, "");
  g_assert_null (peil_post_get_author_handle (post));
  g_assert_null (peil_post_get_author_name (post));
  g_assert_null (peil_post_get_url (post));
  g_assert_null (peil_post_get_channel (post));
  g_assert_null (peil_post_get_raw (post));
  g_assert_cmpstr (peil_post_get_source (post), ==, "mastodon");
  g_assert_cmpint (peil_post_get_created_at (post), ==, at ("2026-01-05T09:00:00Z"));
  g_assert_true (g_str_has_prefix (peil_post_get_remote_id (post), "purged:"));
  g_assert_null (strstr (peil_post_get_remote_id (post), "110"));
  phone = peil_incident_get_post (incident, sample.phone, &error);
  g_assert_cmpstr (peil_post_get_channel (phone), ==, "telefoon");
  /* A new key: earlier pseudonyms cannot be traced back, later ones hold. */
  new_key = peil_incident_get_metadata (incident, PEIL_META_PSEUDONYM_KEY);
  g_assert_nonnull (new_key);
  g_assert_cmpstr (new_key, !=, KEY);
  retention = peil_incident_get_metadata (incident, PEIL_META_RETENTION);
  g_assert_cmpstr (retention, ==, "2026-01-31");

  peil_filter_set_text (filter, "xylofoonbrand");
  found = peil_incident_search (incident, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpint (peil_incident_get_purged_at (incident), >, 0);
}

/* A dry run counts what the purge then removes, and changes nothing:
 * the file is byte for byte as it was. */
static void
test_dry_run (void)
{
  Sample sample;
  PeilIncident *incident = new_sample ("purge-dry.peil", &sample);
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(PeilPurgeSummary) dry = NULL;
  g_autoptr(PeilPurgeSummary) real = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *checksum_after = NULL;
  g_autofree char *events = NULL;

  incident = peil_test_reopen (incident);
  g_assert_finalize_object (g_steal_pointer (&incident));
  checksum = peil_test_checksum (path);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    incident = peil_incident_open (file, &error);
    g_assert_no_error (error);
  }
  g_assert_true (peil_incident_purge (incident, TRUE, &dry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dry->posts, ==, 3);
  g_assert_cmpint (dry->notes, ==, 1);
  g_assert_cmpint (dry->examples, ==, 1);
  g_assert_cmpint (dry->kept_posts, ==, 3);
  g_assert_cmpint (dry->kept_tags, ==, 4);
  g_assert_cmpint (dry->kept_rounds, ==, 1);
  g_assert_null (last_event (incident, "purge"));
  g_assert_cmpint (peil_incident_get_purged_at (incident), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&incident));
  checksum_after = peil_test_checksum (path);
  g_assert_cmpstr (checksum_after, ==, checksum);

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    incident = peil_incident_open (file, &error);
    g_assert_no_error (error);
  }
  g_assert_true (peil_incident_purge (incident, FALSE, &real, &error));
  g_assert_no_error (error);
  /* The same counts, but for whether the -wal could be emptied. */
  real->wal_cleared = dry->wal_cleared;
  g_assert_cmpmem (real, sizeof *real, dry, sizeof *dry);
  g_assert_finalize_object (g_steal_pointer (&incident));
}

/* Refused, and nothing changed: a read-only file, a team incident, and a
 * log changed outside Peil, whose change a chain made anew would hide. */
static void
test_refused (void)
{
  Sample sample;
  PeilIncident *incident = new_sample ("purge-refused.peil", &sample);
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(GError) error = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *checksum_after = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  incident = peil_test_reopen (incident);
  g_assert_finalize_object (g_steal_pointer (&incident));
  checksum = peil_test_checksum (path);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  g_assert_false (peil_incident_purge (incident, FALSE, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&incident));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  checksum_after = peil_test_checksum (path);
  g_assert_cmpstr (checksum_after, ==, checksum);

  /* What marks a replica of a team incident (src/core/team). */
  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (peil_database_exec (incident->db, "CREATE TABLE team_link (id INTEGER PRIMARY KEY)", &error));
  g_assert_false (peil_incident_purge (incident, FALSE, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_true (peil_database_exec (incident->db, "DROP TABLE team_link", &error));

  g_assert_true (peil_database_exec (incident->db,
                                     "DROP TRIGGER event_log_no_update;"
                                     "UPDATE event_log SET detail = 'edited' WHERE action = 'note';", &error));
  g_assert_false (peil_incident_purge (incident, FALSE, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "nothing was purged"));
  g_clear_error (&error);
  {
    g_autoptr(PeilPost) post = peil_incident_get_post (incident, sample.personal, NULL);
    g_assert_cmpstr (peil_post_get_text (post), ==, POST_TEXT);
  }
  g_assert_finalize_object (g_steal_pointer (&incident));
}

/* Purging twice: the second finds nothing, is logged too, and the log,
 * the counts and the round's report hold. The report dates the examples'
 * removal by the first. */
static void
test_twice (void)
{
  Sample sample;
  peil_test_autofinal(PeilIncident) incident = new_sample ("purge-twice.peil", &sample);
  g_autoptr(PeilPurgeSummary) first = NULL;
  g_autoptr(PeilPurgeSummary) second = NULL;
  g_autoptr(PeilLogCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *counts = tag_counts (incident);
  g_autofree char *counts_after = NULL;
  g_autofree char *html = NULL;
  gint64 purged_at;

  g_assert_true (peil_incident_purge (incident, FALSE, &first, &error));
  purged_at = peil_incident_get_purged_at (incident);
  g_assert_true (peil_incident_purge (incident, FALSE, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (second->posts + second->raw + second->notes + second->logged_notes + second->examples, ==, 0);
  g_assert_false (second->pseudonym_key);
  g_assert_cmpint (second->kept_posts, ==, 3);
  g_assert_cmpint (peil_incident_get_purged_at (incident), ==, purged_at);
  /* Nothing left to purge, nothing logged: a nightly job adds no noise. */
  g_assert_false (peil_incident_holds_personal_data (incident));
  check = peil_incident_verify_log (incident, 0, NULL, &error);
  g_assert_no_error (error);
  counts_after = tag_counts (incident);
  g_assert_cmpstr (counts_after, ==, counts);
  html = write_html_report (incident, "purge-twice.html");
  g_assert_nonnull (strstr (html, "Removed at the purge of personal data on "));
}

/* A purged post that a feed or a file brings again stays emptied, and
 * the counts do not double; gathering stops at the purge; a new post
 * after it is personal data again, which the banner and the next purge
 * see; exercise injects lose their texts too. */
static void
test_comes_back_emptied (void)
{
  Sample sample;
  peil_test_autofinal(PeilIncident) incident = new_sample ("purge-back.peil", &sample);
  peil_test_autofinal(PeilQuery) query = NULL;
  g_autoptr(PeilPurgeSummary) summary = NULL;
  g_autoptr(PeilPost) again = peil_post_new ("mastodon", "110");
  g_autoptr(PeilPost) stored = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GError) error = NULL;
  gboolean added = TRUE;

  query = peil_incident_add_query (incident, "rss", "rook", NULL, 300, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_purge (incident, FALSE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary->queries_stopped, ==, 1);
  queries = peil_incident_list_queries (incident, &error);
  g_assert_false (peil_query_get_enabled (g_ptr_array_index (queries, 0)));

  peil_post_set_text (again, POST_TEXT);
  peil_post_set_author_handle (again, HANDLE);
  g_assert_true (peil_incident_add_post (incident, again, &added, &error));
  g_assert_no_error (error);
  g_assert_false (added);
  g_assert_cmpint (peil_post_get_id (again), ==, sample.personal);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 3);
  stored = peil_incident_get_post (incident, sample.personal, &error);
  g_assert_cmpstr (peil_post_get_text (stored), ==, "");
  g_assert_false (peil_incident_holds_personal_data (incident));

  peil_test_add_post (incident, "mastodon", "112", "2026-01-06T09:00:00Z", "@nieuw", "Nieuw na de purge");
  g_assert_true (peil_incident_holds_personal_data (incident));
}

/* peil-cli purge: refuses before the retention date unless forced, only
 * counts with --dry-run, purges only with --yes; the log verifies. */
static void
test_cli (void)
{
  Sample sample;
  PeilIncident *incident = new_sample ("purge-cli.peil", &sample);
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 10);
  g_autofree char *until = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *ends = g_strdup_printf ("ends on %s", until);
  g_autofree char *written_down = NULL;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_RETENTION, until, NULL));
  g_assert_finalize_object (incident);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("purge", path, "--yes", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, ends));
    g_assert_nonnull (strstr (run.err, "has not ended yet; nothing was purged. Add --force"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("purge", path, "--dry-run", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "the texts, authors, links and remote ids of 3 posts"));
    g_assert_nonnull (strstr (run.out, "1 example post quoted in a round"));
    g_assert_nonnull (strstr (run.out, "3 posts with their tags"));
    g_assert_nonnull (strstr (run.out, "Dry run: nothing was purged."));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("purge", path, "--force", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "add --yes"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", path, NULL);
    g_assert_null (strstr (run.out, "purge"));
  }
  /* The last link, written down before the purge. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, NULL);
    const char *link = strstr (run.out, "Last link: ");

    g_assert_nonnull (link);
    written_down = g_strndup (link + strlen ("Last link: "), strcspn (link + strlen ("Last link: "), " "));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("purge", path, "--force", "--yes", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Purged, and logged."));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "The log is intact"));
  }
  /* That link still vouches for the log up to it: the purge recorded it.
   * One never written down does not. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, "--head", written_down, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "written down before the purge of"));
  }
  {
    g_autofree char *forged = g_strdup (written_down);

    forged[strlen (forged) - 1] = forged[strlen (forged) - 1] == '0' ? '1' : '0';
    {
      g_auto(PeilTestRun) run = peil_test_cli ("log", "verify", path, "--head", forged, NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, "was rewritten"));
    }
  }
  {
    g_autofree char *left = secrets_in (path);
    g_assert_cmpstr (left, ==, "");
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  peil_test_init (&argc, &argv);
  engine = peil_test_engine ();

  g_test_add_func ("/purge/no-trace", test_no_trace);
  g_test_add_func ("/purge/record-kept", test_record_kept);
  g_test_add_func ("/purge/dry-run", test_dry_run);
  g_test_add_func ("/purge/refused", test_refused);
  g_test_add_func ("/purge/twice", test_twice);
  g_test_add_func ("/purge/comes-back-emptied", test_comes_back_emptied);
  g_test_add_func ("/purge/cli", test_cli);

  status = g_test_run ();
  g_object_unref (engine);
  return status;
}

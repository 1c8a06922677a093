/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "peil-incident-private.h"
#include "peil-test-util.h"

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* An analyst's name goes on tags, in log lines and in the team's
 * tab-separated lists: whatever is typed or set, it is one line. */
static void
test_analyst_name_one_line (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("analyst.peil");
  g_autofree char *long_name = g_strnfill (200, 'a');
  g_autofree char *own = NULL;

  peil_incident_set_analyst (incident, "  Anna\tde\n Vries\r ");
  g_assert_cmpstr (peil_incident_get_analyst (incident), ==, "Anna de Vries");

  peil_incident_set_analyst (incident, "Bram\xe2\x80\x8b\x01 \xff Jansen");   /* zero-width space, ^A, bad byte */
  g_assert_cmpstr (peil_incident_get_analyst (incident), ==, "Bram \xef\xbf\xbd Jansen");

  peil_incident_set_analyst (incident, long_name);
  g_assert_cmpint (g_utf8_strlen (peil_incident_get_analyst (incident), -1), ==, 80);

  /* Blank is no name: the user's own is used, as with none. */
  peil_incident_set_analyst (incident, NULL);
  own = g_strdup (peil_incident_get_analyst (incident));
  peil_incident_set_analyst (incident, " \t\n");
  g_assert_cmpstr (peil_incident_get_analyst (incident), ==, own);
}

static void
test_create_and_reopen (void)
{
  PeilIncident *incident = peil_test_new_incident ("create.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL, *start = NULL, *created = NULL;

  g_assert_false (peil_incident_get_read_only (incident));
  g_assert_cmpint (peil_incident_get_schema_version (incident), ==, PEIL_SCHEMA_VERSION);

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_TITLE, "Kraan omgevallen Alphen", &error));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_START, "2026-11-25T14:00:00+01:00", &error));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_PURPOSE, "Omgevingsanalyse voor de crisisorganisatie", &error));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_LEGAL_BASIS, "Publieke taak (art. 6 lid 1 sub e AVG)", &error));
  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_RETENTION, "2027-05-25", &error));
  g_assert_no_error (error);

  incident = peil_test_reopen (incident);
  title = peil_incident_get_metadata (incident, PEIL_META_TITLE);
  start = peil_incident_get_metadata (incident, PEIL_META_START);
  created = peil_incident_get_metadata (incident, PEIL_META_CREATED);
  g_assert_cmpstr (title, ==, "Kraan omgevallen Alphen");
  g_assert_cmpstr (start, ==, "2026-11-25T13:00:00Z");   /* stored in one form, UTC */
  g_assert_nonnull (created);
  g_assert_true (peil_incident_check_integrity (incident, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (incident);

  /* The file says what it is, to SQLite tools too. */
  g_assert_cmpint (sql_int (path, "PRAGMA application_id"), ==, PEIL_APPLICATION_ID);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, PEIL_SCHEMA_VERSION);
  /* Header bytes 18 and 19 are 2 in a WAL-mode database. */
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpint (contents[18], ==, 2);
    g_assert_cmpint (contents[19], ==, 2);
  }
}

static void
test_metadata_rejects (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("metadata.peil");
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_assert_true (peil_incident_set_metadata (incident, PEIL_META_TITLE, "Brand Moerdijk", &error));

  g_assert_false (peil_incident_set_metadata (incident, "colour", "red", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (peil_incident_set_metadata (incident, PEIL_META_START, "vanmiddag", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "vanmiddag"));
  g_clear_error (&error);

  g_assert_false (peil_incident_set_metadata (incident, PEIL_META_LANGUAGE, "de", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  /* A rejected value loses nothing that was there. */
  title = peil_incident_get_metadata (incident, PEIL_META_TITLE);
  g_assert_cmpstr (title, ==, "Brand Moerdijk");
}

static void
test_create_refuses_existing (void)
{
  g_autofree char *path = peil_test_write_file ("exists.peil", "precious");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_null (peil_incident_create (file, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");

  /* A write-ahead log left beside a removed incident of that name would be
   * read into the new one as its own. */
  {
    g_autofree char *left = peil_test_write_file ("weg.peil-wal", "left over");
    g_autofree char *removed = peil_test_tmp_path ("weg.peil");
    g_autoptr(GFile) again = g_file_new_for_path (removed);

    g_clear_error (&error);
    g_assert_null (peil_incident_create (again, NULL, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS);
    g_assert_false (g_file_test (removed, G_FILE_TEST_EXISTS));
  }

  /* Only *.peil, which Peil's MIME database names, so that no program
   * opens it to guess what it is. */
  {
    g_autofree char *other = peil_test_tmp_path ("kraan.db");
    g_autoptr(GFile) other_file = g_file_new_for_path (other);

    g_clear_error (&error);
    g_assert_null (peil_incident_create (other_file, NULL, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "kraan.db.peil"));
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }
}

/* Opening @path fails with @code and leaves the file byte-for-byte as it was. */
static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = peil_test_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *basename = g_path_get_basename (path);

  g_assert_null (peil_incident_open (file, &error));
  g_assert_error (error, PEIL_ERROR, code);
  g_assert_nonnull (strstr (error->message, basename));   /* says which file */

  after = peil_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_open_missing (void)
{
  g_autofree char *path = peil_test_tmp_path ("missing.peil");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_null (peil_incident_open (file, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_open_not_sqlite (void)
{
  g_autofree char *text = peil_test_write_file ("notes.peil", "Dit is een notitie, geen database.\n");
  g_autofree char *empty = peil_test_write_file ("empty.peil", "");

  assert_refused_unchanged (text, PEIL_ERROR_NOT_SQLITE);
  assert_refused_unchanged (empty, PEIL_ERROR_NOT_SQLITE);
}

static void
test_open_foreign_sqlite (void)
{
  g_autofree char *path = peil_test_tmp_path ("foreign.peil");

  run_sql (path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Anna');");
  assert_refused_unchanged (path, PEIL_ERROR_NOT_PEIL);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM contacts"), ==, 1);
}

static void
test_open_too_new (void)
{
  PeilIncident *incident = peil_test_new_incident ("future.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));

  g_assert_finalize_object (incident);
  run_sql (path, "PRAGMA user_version = 99");
  assert_refused_unchanged (path, PEIL_ERROR_TOO_NEW);
}

static void
test_open_read_only (void)
{
  PeilIncident *incident = peil_test_new_incident ("archived.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autoptr(GFile) file = g_object_ref (peil_incident_get_file (incident));
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *title = NULL;
  gint64 post_id;

  post_id = peil_test_add_post (incident, "manual", "1", "2026-11-25T14:00:00Z", NULL, "Is het water veilig?");
  peil_incident_set_metadata (incident, PEIL_META_TITLE, "Archief", NULL);
  g_assert_finalize_object (incident);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  before = peil_test_checksum (path);

  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_get_read_only (incident));

  /* Everything can be read… */
  title = peil_incident_get_metadata (incident, PEIL_META_TITLE);
  g_assert_cmpstr (title, ==, "Archief");
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 1);

  /* …nothing can be changed, and the refusal says why. */
  g_assert_false (peil_incident_tag_post (incident, post_id, "IB-VEILIG", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (peil_incident_set_metadata (incident, PEIL_META_TITLE, "Anders", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY);
  g_assert_finalize_object (incident);

  after = peil_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_chmod (path, 0644);
}

/* An archived incident in a folder nobody may write (read-only for root
 * too, as files are): it opens read-only and reads, without SQLite
 * trying to put its journal beside it; with changes still waiting in a
 * write-ahead log there it is refused with a reason, not called damaged. */
static void
test_open_in_read_only_folder (void)
{
  g_autofree char *folder = peil_test_tmp_path ("archief");
  g_autofree char *path = g_build_filename (folder, "brand.peil", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PeilIncident *incident;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  incident = peil_incident_create (file, NULL, &error);
  g_assert_no_error (error);
  peil_test_add_post (incident, "manual", "1", "2026-11-25T14:00:00Z", NULL, "Is het water veilig?");
  g_assert_finalize_object (incident);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);

  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_get_read_only (incident));
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 1);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (incident);

  /* Changes waiting in a log that cannot be merged into the file. */
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (wal, "changes not yet merged", -1, NULL));
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  g_assert_null (peil_incident_open (file, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "folder"));

  g_chmod (folder, 0755);
  g_unlink (wal);
}

/* A file of an older schema is migrated on open, in one transaction. */
static void
test_migration (void)
{
  g_autofree char *old_path = peil_test_tmp_path ("v0.peil");
  g_autofree char *bad_path = peil_test_tmp_path ("v0-bad.peil");
  g_autoptr(GFile) old_file = g_file_new_for_path (old_path);
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(GError) error = NULL;

  run_sql (old_path, "PRAGMA application_id = " G_STRINGIFY (PEIL_APPLICATION_ID));
  incident = peil_incident_open (old_file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_get_schema_version (incident), ==, PEIL_SCHEMA_VERSION);
  g_clear_object (&incident);
  g_assert_cmpint (sql_int (old_path, "PRAGMA user_version"), ==, PEIL_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (old_path, "SELECT count(*) FROM pragma_table_info ('post') WHERE name = 'time_from_import'"),
                   ==, 1);
  g_assert_cmpint (sql_int (old_path, "SELECT count(*) FROM sqlite_master WHERE name = 'rumour'"), ==, 1);
  g_assert_cmpint (sql_int (old_path, "SELECT count(*) FROM sqlite_master WHERE name = 'query'"), ==, 1);

  /* A migration that fails half-way leaves the file as it was. */
  run_sql (bad_path, "PRAGMA application_id = " G_STRINGIFY (PEIL_APPLICATION_ID) ";"
                     "CREATE TABLE note (whatever TEXT);");
  {
    g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);

    g_assert_null (peil_incident_open (bad_file, &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE);
  }
  g_assert_cmpint (sql_int (bad_path, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (sql_int (bad_path, "SELECT count(*) FROM sqlite_master WHERE name = 'post'"), ==, 0);
}

static void
test_post_round_trip (void)
{
  PeilIncident *incident = peil_test_new_incident ("posts.peil");
  g_autoptr(PeilPost) post = peil_post_new ("Mastodon", "109876");
  g_autoptr(PeilPost) again = peil_post_new ("mastodon", "109876");
  g_autoptr(PeilPost) stored = NULL;
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;

  peil_post_set_text (post, "Rookwolk boven Moerdijk, ramen dicht?");
  peil_post_set_author_name (post, "Anna");
  peil_post_set_author_handle (post, "@anna@mastodon.nl");
  peil_post_set_url (post, "https://mastodon.nl/@anna/109876");
  peil_post_set_language (post, "nl");
  peil_post_set_created_at (post, 1795615380);
  peil_post_set_raw (post, "{\"id\":\"109876\"}", "mastodon/1");
  g_assert_true (peil_incident_add_post (incident, post, &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);

  /* The same (source, remote id) again adds nothing. */
  peil_post_set_text (again, "Rookwolk boven Moerdijk, ramen dicht?");
  g_assert_true (peil_incident_add_post (incident, again, &added, &error));
  g_assert_false (added);
  g_assert_cmpint (peil_post_get_id (again), ==, peil_post_get_id (post));
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 1);

  incident = peil_test_reopen (incident);
  stored = peil_incident_get_post (incident, peil_post_get_id (post), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peil_post_get_source (stored), ==, "mastodon");
  g_assert_cmpstr (peil_post_get_text (stored), ==, "Rookwolk boven Moerdijk, ramen dicht?");
  g_assert_cmpstr (peil_post_get_author_handle (stored), ==, "@anna@mastodon.nl");
  g_assert_cmpstr (peil_post_get_url (stored), ==, "https://mastodon.nl/@anna/109876");
  g_assert_cmpstr (peil_post_get_language (stored), ==, "nl");
  g_assert_cmpint (peil_post_get_created_at (stored), ==, 1795615380);
  g_assert_cmpstr (peil_post_get_raw (stored), ==, "{\"id\":\"109876\"}");
  g_assert_cmpstr (peil_post_get_mapper (stored), ==, "mastodon/1");
  g_assert_cmpint (peil_post_get_fetched_at (stored), >, 0);

  g_assert_null (peil_incident_get_post (incident, 999, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);
  g_assert_finalize_object (incident);
}

/* Rows without an id of their own (a spreadsheet, a phone call) dedupe on content. */
static void
test_post_content_id (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("content-id.peil");
  gboolean added;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PeilPost) post = peil_post_new ("csv", NULL);

      peil_post_set_text (post, "Waar is de opvang?");
      peil_post_set_created_at (post, 1795615380);
      g_assert_true (peil_incident_add_post (incident, post, &added, NULL));
      g_assert_true (added == (i == 0));
      g_assert_true (g_str_has_prefix (peil_post_get_remote_id (post), "sha1:"));
    }
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 1);
}

/* A change that fails after a new analyst's row was written rolls the row
 * back; the analyst's next tag must not point at the row that is gone
 * (a foreign-key failure), nor at whoever gets its id next. */
static void
test_rollback_forgets_analyst (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("rollback.peil");
  gint64 first = peil_test_add_post (incident, "x", "1", NULL, NULL, "Eerste");
  gint64 second = peil_test_add_post (incident, "x", "2", NULL, NULL, "Tweede");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilPost) post = NULL;

  peil_incident_set_analyst (incident, "Nieuwe Analist");
  g_assert_cmpint (peil_incident_add_note (incident, 999, "Over een bericht dat er niet is", &error), ==, 0);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST);
  g_clear_error (&error);

  /* Someone else is the next new analyst and gets the free id. */
  peil_incident_set_analyst (incident, "Collega");
  g_assert_true (peil_incident_tag_post (incident, first, "IB-HINDER", &error));
  g_assert_no_error (error);

  peil_incident_set_analyst (incident, "Nieuwe Analist");
  g_assert_true (peil_incident_tag_post (incident, second, "BG-BOOS", &error));
  g_assert_no_error (error);

  post = peil_incident_get_post (incident, second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peil_post_get_tag (post, 0)->analyst, ==, "Nieuwe Analist");
}

static char *
incident_path (PeilIncident *incident)
{
  return g_file_get_path (peil_incident_get_file (incident));
}

/* A rumour whose first status cannot be recorded is not registered, and
 * the file takes the next change: no transaction is left open. */
static void
test_failed_rumour_rolls_back (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("rumour.peil");
  g_autofree char *path = incident_path (incident);
  gint64 post = peil_test_add_post (incident, "x", "1", NULL, NULL, "Er is asbest vrijgekomen");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rumours = NULL;

  run_sql (path, "CREATE TRIGGER refuse_status BEFORE INSERT ON rumour_status"
                 " BEGIN SELECT RAISE (ABORT, 'refused by the test'); END;");
  g_assert_null (peil_incident_add_rumour (incident, "Asbest", 0, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE);
  g_clear_error (&error);

  g_assert_true (peil_incident_tag_post (incident, post, "IB-VEILIG", &error));
  g_assert_no_error (error);
  rumours = peil_incident_list_rumours (incident, &error);
  g_assert_cmpuint (rumours->len, ==, 0);
  run_sql (path, "DROP TRIGGER refuse_status");
}

typedef gboolean (*ChangeFunc) (PeilIncident *incident, GError **error);

static gboolean rename_tag (PeilIncident *incident, GError **error) { return peil_incident_rename_tag (incident, "IB-HINDER", "nl", "Overlast", error); }
static gboolean hide_tag (PeilIncident *incident, GError **error) { return peil_incident_set_tag_hidden (incident, "IB-HINDER", TRUE, error); }
static gboolean set_title (PeilIncident *incident, GError **error) { return peil_incident_set_metadata (incident, PEIL_META_TITLE, "Brand", error); }
static gboolean disable_query (PeilIncident *incident, GError **error) { return peil_incident_set_query_enabled (incident, 1, FALSE, error); }
static gboolean remove_query (PeilIncident *incident, GError **error) { return peil_incident_remove_query (incident, 1, error); }

/* A change and its line in the event log are stored together or not at
 * all: when the log refuses the line, the change is not made either, in
 * the file and in memory. */
static void
test_change_and_log_together (void)
{
  static const struct { const char *action; ChangeFunc change; const char *unchanged_sql; gint64 unchanged; } cases[] = {
    { "tag-renamed", rename_tag, "SELECT label_nl = 'Gevolgen dagelijks leven' FROM tag WHERE code = 'IB-HINDER'", 1 },
    { "tag-hidden", hide_tag, "SELECT hidden FROM tag WHERE code = 'IB-HINDER'", 0 },
    { "metadata", set_title, "SELECT count(*) FROM incident WHERE key = 'title'", 0 },
    { "query-disabled", disable_query, "SELECT enabled FROM query WHERE id = 1", 1 },
    { "query-removed", remove_query, "SELECT count(*) FROM query", 1 },
  };
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("log.peil");
  g_autofree char *path = incident_path (incident);
  g_autoptr(PeilQuery) query = peil_incident_add_query (incident, "rss", "kraan", NULL, 300, NULL);

  g_assert_cmpint (peil_query_get_id (query), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *trigger = g_strdup_printf ("CREATE TRIGGER refuse_log BEFORE INSERT ON event_log"
                                                  " WHEN new.action = '%s'"
                                                  " BEGIN SELECT RAISE (ABORT, 'refused by the test'); END;",
                                                  cases[i].action);
      g_autoptr(GError) error = NULL;
      PeilTag *tag = peil_taxonomy_lookup_tag (peil_incident_get_taxonomy (incident), "IB-HINDER");

      g_test_message ("%s", cases[i].action);
      run_sql (path, trigger);
      g_assert_false (cases[i].change (incident, &error));
      g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE);
      run_sql (path, "DROP TRIGGER refuse_log");
      g_assert_cmpint (sql_int (path, cases[i].unchanged_sql), ==, cases[i].unchanged);
      g_assert_cmpstr (peil_tag_get_label_for (tag, "nl"), ==, "Gevolgen dagelijks leven");
      g_assert_false (peil_tag_get_hidden (tag));
    }
}

static PeilGatherJob *
run_test_source (PeilIncident  *incident,
                 const char    *first,
                 const char    *count,
                 GError       **error)
{
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  PeilGatherJob *job = peil_gather_job_new (incident, peil_plugin_engine_find_source (engine, "test-source"), NULL);

  peil_gather_job_set_option (job, "first", first);
  peil_gather_job_set_option (job, "count", count);
  peil_gather_job_set_option (job, "text", "Wanneer mogen de bewoners van de Julianastraat terug naar hun huis?");
  peil_gather_job_run (job, NULL, error);
  return job;
}

/* A full disk: the batch that did not fit is rolled back and not counted,
 * in the summary the user reads and in the event log. */
static void
test_full_disk_import (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("full.peil");
  g_autoptr(PeilGatherJob) fits = NULL, too_much = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pages = 0, logged = 0;

  fits = run_test_source (incident, "0", "5000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_gather_job_get_n_added (fits), ==, 5000);

  /* The disk fills up: a few more pages and no more. */
  g_assert_true (peil_database_query_int (incident->db, "PRAGMA page_count", &pages, NULL));
  {
    g_autofree char *limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 4);
    g_assert_true (peil_database_exec (incident->db, limit, NULL));
  }

  too_much = run_test_source (incident, "5000", "7000", &error);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "full"));
  g_assert_cmpuint (peil_gather_job_get_n_added (too_much), ==, 0);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, 5000);

  events = peil_incident_list_events (incident, 0, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);
      g_autoptr(JsonNode) detail = NULL;

      if (!g_str_equal (event->action, "import"))
        continue;
      detail = json_from_string (event->detail, NULL);
      logged += json_object_get_int_member (json_node_get_object (detail), "added");
    }
  g_assert_cmpint (logged, ==, 5000);
}

static void
on_file_lost (PeilIncident *incident,
              gboolean     *lost)
{
  *lost = TRUE;
}

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(PeilCounts) counts = peil_incident_count_finish (PEIL_INCIDENT (object), result, error);

  if (counts != NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "counted the file that took its place");
}

/* The file is moved away and another takes its name while it is open:
 * the incident says so, no worker reopens the other file by that name
 * (an import or a count would have gone into the wrong incident), and no
 * change is made through the name that now means another file. */
static void
test_file_replaced_while_open (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("verplaatst.peil");
  g_autofree char *path = g_file_get_path (peil_incident_get_file (incident));
  g_autofree char *moved = peil_test_tmp_path ("elders.peil");
  g_autoptr(GError) error = NULL;
  gboolean lost = FALSE;

  peil_test_add_post (incident, "x", "1", NULL, NULL, "Eerste");
  g_signal_connect (incident, "file-lost", G_CALLBACK (on_file_lost), &lost);
  peil_incident_watch_changes (incident, TRUE);

  g_assert_cmpint (g_rename (path, moved), ==, 0);
  {
    g_autofree char *other_path = NULL;
    {
      g_autoptr(PeilIncident) other = peil_test_new_incident ("ander.peil");
      other_path = g_file_get_path (peil_incident_get_file (other));
    }
    g_assert_cmpint (g_rename (other_path, path), ==, 0);
  }
  while (!lost)
    g_main_context_iteration (NULL, TRUE);

  peil_incident_count_async (incident, NULL, NULL, on_counted, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "moved"));

  /* Nor does this connection change either file: SQLite finds its journal
   * by the name. */
  g_clear_error (&error);
  g_assert_false (peil_incident_tag_post (incident, 1, "IB-WAT", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  peil_incident_watch_changes (incident, FALSE);
}

/* The file is deleted, or moved, while it is open: changes are refused
 * with a message that names the file, also at the commit of a transaction
 * begun before (an import's batch), instead of going into a file that is
 * no longer there while the import reports them saved. */
static void
test_file_gone_while_open (void)
{
  g_autoptr(PeilIncident) deleted = peil_test_new_incident ("verdwenen.peil");
  g_autoptr(PeilIncident) moved = peil_test_new_incident ("verhuisd.peil");
  g_autofree char *deleted_path = g_file_get_path (peil_incident_get_file (deleted));
  g_autofree char *moved_path = g_file_get_path (peil_incident_get_file (moved));
  g_autofree char *elsewhere = peil_test_tmp_path ("ergens-anders.peil");
  g_autoptr(GError) error = NULL;
  gint64 post = peil_test_add_post (deleted, "x", "1", NULL, NULL, "Eerste");

  peil_test_add_post (moved, "x", "1", NULL, NULL, "Eerste");

  g_assert_cmpint (g_unlink (deleted_path), ==, 0);
  g_assert_false (peil_incident_tag_post (deleted, post, "IB-WAT", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, deleted_path));
  g_assert_nonnull (strstr (error->message, "moved or deleted"));

  /* A transaction begun while the file was there is not committed. */
  g_clear_error (&error);
  g_assert_true (peil_database_begin (moved->db, &error));
  g_assert_cmpint (g_rename (moved_path, elsewhere), ==, 0);
  g_assert_false (peil_database_commit (moved->db, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, moved_path));

  g_clear_error (&error);
  g_assert_false (peil_incident_tag_post (moved, post, "IB-WAT", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
}

/* Two incidents open in one process (two windows): neither imports nor
 * exports over the other's file or the files beside it, since reading
 * one outside SQLite would drop the locks of both. Once the other is
 * closed, its file is an ordinary file again. */
static void
test_other_open_incident_refused (void)
{
  g_autoptr(PeilIncident) first = peil_test_new_incident ("venster-a.peil");
  g_autoptr(PeilIncident) second = peil_test_new_incident ("venster-b.peil");
  g_autofree char *second_path = g_file_get_path (peil_incident_get_file (second));
  g_autofree char *second_wal = g_strconcat (second_path, "-wal", NULL);
  g_autofree char *second_journal = g_strconcat (second_path, "-journal", NULL);
  g_autoptr(GFile) second_file = g_object_ref (peil_incident_get_file (second));
  g_autoptr(GFile) wal_file = g_file_new_for_path (second_wal);
  g_autoptr(GFile) journal_file = g_file_new_for_path (second_journal);
  g_autoptr(GError) error = NULL;

  peil_test_add_post (second, "x", "1", NULL, NULL, "Eerste");

  g_assert_false (peil_incident_check_other_file (first, second_file, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "open in Peil"));
  g_clear_error (&error);
  g_assert_false (peil_incident_check_other_file (first, wal_file, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peil_incident_check_other_file (first, journal_file, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_object (&second);
  g_assert_true (peil_incident_check_other_file (first, second_file, &error));
  g_assert_no_error (error);
}

/* While another connection holds the file for writing longer than this
 * one will wait, a change is refused with a message that says so. */
static void
test_busy_refused_plainly (void)
{
  g_autoptr(PeilIncident) incident = peil_test_new_incident ("bezig.peil");
  gint64 post = peil_test_add_post (incident, "x", "1", NULL, NULL, "Eerste");
  g_autoptr(PeilIncident) other = peil_incident_open (peil_incident_get_file (incident), NULL);
  g_autoptr(GError) error = NULL;

  peil_incident_set_busy_timeout (incident, 100);
  g_assert_true (peil_database_begin (other->db, &error));
  g_assert_false (peil_incident_tag_post (incident, post, "IB-WAT", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "Another program"));
  peil_database_rollback (other->db);

  g_clear_error (&error);
  g_assert_true (peil_incident_tag_post (incident, post, "IB-WAT", &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/incident/create-and-reopen", test_create_and_reopen);
  g_test_add_func ("/incident/analyst-name-one-line", test_analyst_name_one_line);
  g_test_add_func ("/incident/metadata-rejects", test_metadata_rejects);
  g_test_add_func ("/incident/create-refuses-existing", test_create_refuses_existing);
  g_test_add_func ("/incident/open/missing", test_open_missing);
  g_test_add_func ("/incident/open/not-sqlite", test_open_not_sqlite);
  g_test_add_func ("/incident/open/foreign-sqlite", test_open_foreign_sqlite);
  g_test_add_func ("/incident/open/too-new", test_open_too_new);
  g_test_add_func ("/incident/open/read-only", test_open_read_only);
  g_test_add_func ("/incident/open/read-only-folder", test_open_in_read_only_folder);
  g_test_add_func ("/incident/migration", test_migration);
  g_test_add_func ("/incident/post-round-trip", test_post_round_trip);
  g_test_add_func ("/incident/post-content-id", test_post_content_id);
  g_test_add_func ("/incident/rollback-forgets-analyst", test_rollback_forgets_analyst);
  g_test_add_func ("/incident/failed-rumour-rolls-back", test_failed_rumour_rolls_back);
  g_test_add_func ("/incident/change-and-log-together", test_change_and_log_together);
  g_test_add_func ("/incident/full-disk-import", test_full_disk_import);
  g_test_add_func ("/incident/file-replaced-while-open", test_file_replaced_while_open);
  g_test_add_func ("/incident/busy-refused-plainly", test_busy_refused_plainly);
  g_test_add_func ("/incident/file-gone-while-open", test_file_gone_while_open);
  g_test_add_func ("/incident/other-open-incident-refused", test_other_open_incident_refused);

  return g_test_run ();
}

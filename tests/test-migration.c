/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Incident files made by the code of each schema version, with an
 * analyst's work in them (tests/fixtures/schema, made by
 * make-fixtures.sh), open with today's code: migrated, sound, everything
 * the older code wrote still there with the same values, and today's
 * features working on them. Every fixture there is tested, the one of the
 * current schema too, so that the next migration is tested on it.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "peil-test-util.h"

static int current_version;

static char *
copy_fixture (const char *fixture,
              const char *name)
{
  g_autoptr(GFile) from = g_file_new_for_path (fixture);
  char *path = peil_test_tmp_path (name);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static gint64
sql_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = prepare (db, sql);
  gint64 value;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The migrated file, with the fixture as the older code left it attached
 * as "old". */
static sqlite3 *
open_both (const char *migrated,
           const char *original)
{
  g_autofree char *uri = g_strconcat ("file:", original, "?immutable=1", NULL);
  sqlite3_stmt *attach;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (migrated, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
  attach = prepare (db, "ATTACH ?1 AS old");
  sqlite3_bind_text (attach, 1, uri, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (attach), ==, SQLITE_DONE);
  sqlite3_finalize (attach);
  return db;
}

/* Every row of every table the older code wrote is still there with the
 * same values in the columns it had: a migration may add, never lose or
 * change. (Full-text indexes are checked against their posts instead.) */
static void
assert_rows_kept (sqlite3 *db)
{
  sqlite3_stmt *tables = prepare (db, "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM old.sqlite_master"
                                      " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  g_autoptr(GPtrArray) virtual_tables = g_ptr_array_new_with_free_func (g_free);
  guint checked = 0;

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *)sqlite3_column_text (tables, 0);
      g_autoptr(GString) columns = g_string_new (NULL);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      gboolean shadow = FALSE;
      gint64 lost;

      for (guint i = 0; i < virtual_tables->len; i++)
        shadow |= g_str_has_prefix (table, g_ptr_array_index (virtual_tables, i));
      if (sqlite3_column_int (tables, 1))
        g_ptr_array_add (virtual_tables, g_strconcat (table, "_", NULL));
      if (shadow || sqlite3_column_int (tables, 1))
        continue;

      stmt = prepare (db, "SELECT name FROM pragma_table_info (?1, 'old')");
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          char *quoted = sqlite3_mprintf ("%s\"%w\"", columns->len ? ", " : "", sqlite3_column_text (stmt, 0));
          g_string_append (columns, quoted);
          sqlite3_free (quoted);
        }
      sqlite3_finalize (stmt);

      sql = g_strdup_printf ("SELECT count(*) FROM (SELECT %s FROM old.\"%s\" EXCEPT SELECT %s FROM main.\"%s\")",
                             columns->str, table, columns->str, table);
      lost = sql_int (db, sql);
      if (lost != 0)
        g_error ("%" G_GINT64_FORMAT " rows of table %s as the older code wrote them are gone or changed", lost, table);
      checked++;
    }
  sqlite3_finalize (tables);
  g_assert_cmpuint (checked, >=, 9);   /* schema 1 has nine: incident, analyst, post … event_log */

  /* Each full-text index still matches the posts it indexes. */
  tables = prepare (db, "SELECT name FROM main.sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'");
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      char *check = sqlite3_mprintf ("INSERT INTO \"%w\" (\"%w\") VALUES ('integrity-check')",
                                     sqlite3_column_text (tables, 0), sqlite3_column_text (tables, 0));
      g_assert_cmpint (sqlite3_exec (db, check, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_free (check);
      checked++;
    }
  sqlite3_finalize (tables);
}

/* @old is in @new: every member of an object, every element of an array
 * matched by one of the other's, equal values. Today's code may add. */
static gboolean
json_contains (JsonNode *old,
               JsonNode *new)
{
  if (JSON_NODE_TYPE (old) != JSON_NODE_TYPE (new))
    return FALSE;

  switch (JSON_NODE_TYPE (old))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *new_object = json_node_get_object (new);
        g_autoptr(GList) members = json_object_get_members (json_node_get_object (old));

        for (GList *l = members; l != NULL; l = l->next)
          if (!json_object_has_member (new_object, l->data) ||
              !json_contains (json_object_get_member (json_node_get_object (old), l->data),
                              json_object_get_member (new_object, l->data)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *old_array = json_node_get_array (old), *new_array = json_node_get_array (new);

        for (guint i = 0; i < json_array_get_length (old_array); i++)
          {
            gboolean found = FALSE;

            for (guint j = 0; j < json_array_get_length (new_array) && !found; j++)
              found = json_contains (json_array_get_element (old_array, i), json_array_get_element (new_array, j));
            if (!found)
              return FALSE;
          }
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_equal (old, new);
    case JSON_NODE_NULL:
      return TRUE;
    }
  g_assert_not_reached ();
}

/* As json_contains(), failing with what the older code said that today's
 * no longer says. */
static void
assert_json_contains (JsonNode   *old,
                      JsonNode   *new,
                      const char *path)
{
  if (JSON_NODE_HOLDS_OBJECT (old) && JSON_NODE_HOLDS_OBJECT (new))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (old));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *member_path = g_strconcat (path, ".", l->data, NULL);
          JsonNode *new_member = json_object_get_member (json_node_get_object (new), l->data);

          if (new_member == NULL)
            g_error ("%s: today's peil-cli no longer has it", member_path);
          assert_json_contains (json_object_get_member (json_node_get_object (old), l->data), new_member, member_path);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (old) && JSON_NODE_HOLDS_ARRAY (new))
    {
      JsonArray *old_array = json_node_get_array (old);
      g_autoptr(JsonNode) element = json_node_new (JSON_NODE_ARRAY);

      /* Name the first element that today's array lacks, not all of it. */
      for (guint i = 0; i < json_array_get_length (old_array); i++)
        {
          g_autoptr(JsonArray) one = json_array_new ();
          g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);

          json_array_add_element (one, json_node_copy (json_array_get_element (old_array, i)));
          json_node_set_array (element, one);
          if (!json_contains (element, new))
            {
              g_autofree char *was = json_to_string (json_array_get_element (old_array, i), FALSE);
              g_error ("%s: the older code said\n%s\nand today's peil-cli has no such element", element_path, was);
            }
        }
    }
  else if (!json_contains (old, new))
    {
      g_autofree char *was = json_to_string (old, FALSE);
      g_autofree char *is = json_to_string (new, FALSE);

      g_error ("%s: the older code said\n%s\nand today's peil-cli says\n%s", path, was, is);
    }
}

/* Today's peil-cli's JSON for the arguments (NULLs skipped), with --json. */
static JsonNode *
cli_json (const char *command,
          const char *argument,
          const char *path,
          const char *option,
          const char *option2)
{
  const char *args[] = { command, argument ? argument : path, argument ? path : option,
                         argument ? option : option2, argument ? option2 : NULL, NULL };
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    if (args[i] != NULL)
      g_strv_builder_add (argv, args[i]);
  g_strv_builder_add (argv, "--json");
  strv = g_strv_builder_end (argv);
  {
    g_auto(PeilTestRun) run = peil_test_cliv ((const char * const *)strv);

    g_assert_cmpint (run.status, ==, 0);
    node = json_from_string (run.out, &error);
  }
  g_assert_no_error (error);
  return node;
}

/* What today's peil-cli says of the migrated file, in the shape of the
 * older code's vN.json: its peil-cli's view of the file as it made it. */
static void
assert_cli_view_kept (JsonObject *dump,
                      const char *path)
{
  struct { const char *member, *command, *argument, *option, *option2; } views[] = {
    { "info", "info", NULL, NULL, NULL },
    /* The posts as they were, names and all: a reason is logged for it. */
    { "posts", "search", NULL, "--limit=0", "--real-names=checking that the migration kept every post" },
    { "log", "log", NULL, "--limit=0", NULL },
    { "taxonomy", "taxonomy", NULL, "--all", NULL },
    { "queries", "query", "list", NULL, NULL },
    { "rumours", "rumour", "list", NULL, NULL },
    { "messages", "message", "list", NULL, NULL },
  };
  JsonObject *info = json_object_get_object_member (dump, "info");

  /* Where the older code kept the file, and the version it wrote, change. */
  json_object_remove_member (info, "file");
  json_object_remove_member (info, "schema_version");

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (json_object_has_member (dump, views[i].member))
      {
        g_autoptr(JsonNode) today = cli_json (views[i].command, views[i].argument, path, views[i].option, views[i].option2);

        assert_json_contains (json_object_get_member (dump, views[i].member), today, views[i].member);
      }

  if (json_object_has_member (dump, "rounds"))
    {
      JsonArray *rounds = json_object_get_array_member (dump, "rounds");

      for (guint i = 0; i < json_array_get_length (rounds); i++)
        {
          JsonNode *round = json_array_get_element (rounds, i);
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     json_object_get_int_member (json_node_get_object (round), "number"));
          g_autoptr(JsonNode) today = cli_json ("round", "show", path, number, NULL);

          assert_json_contains (round, today, "rounds");
        }
    }
}

/* The notes, which peil-cli does not list, through the core. */
static void
assert_notes_kept (PeilIncident *incident,
                   JsonArray    *notes)
{
  g_assert_cmpuint (json_array_get_length (notes), >, 0);
  for (guint i = 0; i < json_array_get_length (notes); i++)
    {
      JsonObject *note = json_array_get_object_element (notes, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) stored = peil_incident_list_notes (incident, json_object_get_int_member (note, "post"), &error);
      gboolean found = FALSE;

      g_assert_no_error (error);
      for (guint j = 0; j < stored->len && !found; j++)
        {
          PeilNote *kept = g_ptr_array_index (stored, j);

          found = kept->id == json_object_get_int_member (note, "id") &&
                  kept->created_at == json_object_get_int_member (note, "time") &&
                  g_str_equal (kept->analyst, json_object_get_string_member (note, "analyst")) &&
                  g_str_equal (kept->text, json_object_get_string_member (note, "text"));
        }
      if (!found)
        g_error ("the note “%s” is gone or changed", json_object_get_string_member (note, "text"));
    }
}

static gboolean
has_word (const char *text,
          const char *word)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autoptr(GString) token = g_string_new (NULL);

  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (token, c);
          continue;
        }
      if (g_str_equal (token->str, word))
        return TRUE;
      g_string_truncate (token, 0);
      if (c == 0)
        return FALSE;
    }
}

/* Full-text search finds the words of the older code's posts, as often as
 * they occur in them. */
static void
assert_words_found (PeilIncident *incident,
                    JsonArray    *posts)
{
  const char *words[] = { "kraan", "stof", "ramen", "omgevallen", "kerkschool" };

  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
      gint64 expected = 0;

      for (guint i = 0; i < json_array_get_length (posts); i++)
        expected += has_word (json_object_get_string_member (json_array_get_object_element (posts, i), "text"), words[w]);
      g_assert_cmpint (expected, >, 0);
      peil_filter_set_text (filter, words[w]);
      g_assert_cmpint (peil_incident_count_matching (incident, filter, NULL), ==, expected);
    }
}

static PeilPost *
find_post (PeilIncident *incident,
           const char   *words)
{
  peil_test_autofinal(PeilFilter) filter = peil_filter_new ();
  g_autoptr(GArray) ids = NULL;

  peil_filter_set_text (filter, words);
  ids = peil_incident_search (incident, filter, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  return peil_incident_get_post (incident, g_array_index (ids, gint64, 0), NULL);
}

static void
assert_tagged (PeilPost   *post,
               const char *code,
               const char *analyst)
{
  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    if (g_str_equal (peil_post_get_tag (post, i)->code, code) &&
        g_strcmp0 (peil_post_get_tag (post, i)->analyst, analyst) == 0)
      {
        g_assert_cmpint (peil_post_get_tag (post, i)->tagged_at, >, 0);
        return;
      }
  g_error ("post %" G_GINT64_FORMAT " lost %s's tag %s", peil_post_get_id (post), analyst, code);
}

/* What make-fixtures.sh had each version write, read back through today's
 * core: a spot check beside the comparisons above. */
static void
assert_known_work (PeilIncident *incident,
                   int           version)
{
  g_autoptr(PeilPost) phoned = find_post (incident, "Kerkschool");
  g_autoptr(PeilPost) dust = find_post (incident, "gruis");
  g_autoptr(PeilPost) crane = find_post (incident, "ingestorte");
  g_autofree char *location = peil_incident_get_metadata (incident, PEIL_META_LOCATION);
  g_autofree char *retention = peil_incident_get_metadata (incident, PEIL_META_RETENTION);
  PeilTaxonomy *taxonomy = peil_incident_get_taxonomy (incident);
  gint64 when = 0;

  g_assert_cmpstr (location, ==, "Alphen aan den Rijn");
  g_assert_cmpstr (retention, ==, "2027-05-25");

  /* A question by phone, tagged by the second analyst. */
  g_assert_cmpstr (peil_post_get_channel (phoned), ==, "phone");
  g_assert_cmpstr (peil_post_get_author_name (phoned), ==, "Mevrouw Bakker");
  g_assert_true (peil_time_parse ("2026-11-25T15:20:00Z", NULL, &when));
  g_assert_cmpint (peil_post_get_created_at (phoned), ==, when);
  assert_tagged (phoned, "IB-VEILIG", "Bram Jansen");

  /* Imported posts, tagged by both analysts. */
  g_assert_cmpstr (peil_post_get_source (dust), ==, "x");
  g_assert_cmpstr (peil_post_get_author_handle (dust), ==, "buurtbewoner_alphen");
  assert_tagged (dust, "IB-VEILIG", "Anna de Vries");
  assert_tagged (dust, "BG-ANGST", "Anna de Vries");
  if (version >= 5)
    assert_tagged (dust, "IB-VEILIG", "Bram Jansen");   /* the same tag, by both */
  g_assert_cmpstr (peil_post_get_source (crane), ==, "tiktok");
  assert_tagged (crane, "IB-WAT", "Anna de Vries");
  assert_tagged (crane, "BG-MEELEVEN", "Bram Jansen");

  /* The file's own tags: one added, one renamed, one hidden. */
  g_assert_cmpstr (peil_tag_get_label_for (peil_taxonomy_lookup_tag (taxonomy, "IB-ASBEST"), "nl"), ==, "Asbest");
  g_assert_cmpstr (peil_tag_get_label_for (peil_taxonomy_lookup_tag (taxonomy, "IB-HULP"), "en"), ==, "Help and shelter");
  g_assert_true (peil_tag_get_hidden (peil_taxonomy_lookup_tag (taxonomy, "SB-VERMIJDEN")));
  g_assert_false (peil_tag_get_hidden (peil_taxonomy_lookup_tag (taxonomy, "SB-NEGEREN")));

  if (version >= 2)
    {
      g_autoptr(GPtrArray) queries = peil_incident_list_queries (incident, NULL);
      PeilQuery *feed, *missing;
      peil_test_autofinal(PeilFilter) found = peil_filter_new ();

      /* From schema 10 a third reads our own channel. */
      g_assert_cmpuint (queries->len, ==, version >= 10 ? 3 : 2);
      feed = g_ptr_array_index (queries, 0);
      missing = g_ptr_array_index (queries, 1);
      g_assert_cmpstr (peil_query_get_text (feed), ==, "kraan OR stof");
      g_assert_true (peil_query_get_enabled (feed));
      g_assert_cmpint (peil_query_get_last_success (feed), >, 0);
      g_assert_cmpint (peil_query_get_fetched (feed), ==, 1);
      g_assert_false (peil_query_get_enabled (missing));
      g_assert_nonnull (strstr (peil_query_get_last_error (missing), "404"));
      peil_filter_set_query_id (found, peil_query_get_id (feed));
      g_assert_cmpint (peil_incident_count_matching (incident, found, NULL), ==, 1);
    }

  if (version >= 3)
    {
      g_autoptr(PeilRound) issued = peil_incident_get_round (incident, 1, NULL);
      g_autoptr(PeilRound) draft = peil_incident_get_round (incident, 2, NULL);
      g_autoptr(GPtrArray) rumours = peil_incident_list_rumours (incident, NULL);
      g_autoptr(JsonNode) figures = NULL;
      g_autoptr(GError) error = NULL;
      GArray *examples;
      PeilRumour *rumour;

      g_assert_true (peil_round_is_issued (issued));
      g_assert_cmpstr (peil_round_get_title (issued), ==, "ROT 15:00");
      g_assert_cmpstr (peil_round_get_classification (issued), ==, "Vertrouwelijk");
      g_assert_cmpstr (peil_round_get_text (issued, "IB"), ==, "Vragen over veiligheid en stof");
      examples = peil_round_get_examples (issued, "IB");
      g_assert_cmpuint (examples->len, ==, 2);
      figures = json_from_string (peil_round_get_snapshot (issued), &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (figures));
      g_assert_false (peil_round_is_issued (draft));
      g_assert_cmpstr (peil_round_get_text (draft, "BG"), ==, "Meeleven met de bewoners");

      g_assert_cmpuint (rumours->len, ==, 1);
      rumour = g_ptr_array_index (rumours, 0);
      g_assert_cmpstr (peil_rumour_get_status (rumour), ==, "debunked");
      g_assert_cmpuint (peil_rumour_get_history (rumour)->len, ==, 3);
      g_assert_cmpuint (peil_rumour_get_posts (rumour)->len, ==, 1);

      if (version >= 10)
        {
          g_autoptr(GPtrArray) messages = peil_incident_list_messages (incident, 0, 0, &error);
          g_autoptr(PeilQuery) ours = peil_incident_get_query (incident, 3, &error);
          PeilMessage *alert, *answer;

          g_assert_no_error (error);
          g_assert_cmpuint (messages->len, ==, 2);
          alert = g_ptr_array_index (messages, 0);
          answer = g_ptr_array_index (messages, 1);
          g_assert_cmpstr (alert->channel, ==, "press");
          g_assert_cmpstr (alert->analyst, ==, "Anna de Vries");
          g_assert_cmpstr (alert->tags[0], ==, "IB-VEILIG");
          g_assert_cmpstr (alert->tags[1], ==, "IB-DOEN");
          g_assert_cmpstr (answer->tags[0], ==, "IB-WAT");
          g_assert_cmpint (g_array_index (answer->rumours, gint64, 0), ==, peil_rumour_get_id (rumour));
          g_assert_cmpint (peil_rumour_get_response_message (rumour), ==, answer->id);
          g_assert_cmpstr (peil_query_get_channel (ours), ==, "website");
        }

      /* The issued round's report is written from its frozen figures. */
      {
        peil_test_autofinal(PeilReport) report = peil_report_new (incident, 1, "nl", PEIL_REPORT_NONE, &error);

        g_assert_no_error (error);
        g_assert_nonnull (report);
      }
    }
}

/* Today's features on the migrated file: tag, note, query, round, rumour,
 * each in the event log after the older code's events. */
static void
assert_new_work (PeilIncident *incident,
                 gint64        last_old_event)
{
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PeilPost) phoned = find_post (incident, "Kerkschool");
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gboolean tagged = FALSE;
  guint new_events = 0;

  peil_incident_set_analyst (incident, "Nieuwe Analist");
  g_assert_true (peil_incident_tag_post (incident, peil_post_get_id (phoned), "SB-VERMIJDEN", &error));
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_add_note (incident, peil_post_get_id (phoned), "Na de migratie", &error), >, 0);
  g_hash_table_insert (options, (char *)"url", (char *)"http://127.0.0.1:9/kraan.xml");
  query = peil_incident_add_query (incident, "rss", "asbest", options, 600, &error);
  g_assert_no_error (error);
  round = peil_incident_add_round (incident, "ROT 19:00", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_set_round_text (incident, peil_round_get_number (round), "key-points",
                                               "Na de migratie", &error));
  rumour = peil_incident_add_rumour (incident, "De school blijft een week dicht", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_add_message (incident, "website", "De school gaat maandag weer open.", 0, NULL, &error), >, 0);
  g_assert_no_error (error);

  events = peil_incident_list_events (incident, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);

      /* The migration's own line: when the log's chain began. */
      if (event->id <= last_old_event || g_str_equal (event->action, "log-chained"))
        continue;
      new_events++;
      g_assert_cmpstr (event->analyst, ==, "Nieuwe Analist");
      tagged |= g_str_equal (event->action, "tag") && event->post_id == peil_post_get_id (phoned) &&
                g_strcmp0 (event->tag, "SB-VERMIJDEN") == 0;
    }
  g_assert_true (tagged);
  g_assert_cmpuint (new_events, >=, 3);
  g_assert_true (peil_incident_check_integrity (incident, &error));
  g_assert_no_error (error);
}

static void
test_migration (gconstpointer data)
{
  const char *fixture = data;
  g_autofree char *base = g_path_get_basename (fixture);
  g_autofree char *stem = g_strndup (base, strlen (base) - strlen (".peil"));
  g_autofree char *dir = g_path_get_dirname (fixture);
  g_autofree char *dump_name = g_strconcat (stem, ".json", NULL);
  g_autofree char *dump_file = g_build_filename (dir, dump_name, NULL);
  g_autofree char *original_name = g_strconcat ("original-", base, NULL);
  g_autofree char *original = copy_fixture (fixture, original_name);
  g_autofree char *migrated = copy_fixture (fixture, base);
  g_autoptr(GFile) file = g_file_new_for_path (migrated);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  PeilIncident *incident;
  JsonObject *dump;
  JsonArray *posts, *events;
  sqlite3 *db;
  PeilLogCheck *check = NULL;
  int version;

  g_assert_true (json_parser_load_from_file (parser, dump_file, &error));
  g_assert_no_error (error);
  dump = json_node_get_object (json_parser_get_root (parser));
  posts = json_object_get_array_member (json_object_get_object_member (dump, "posts"), "posts");
  events = json_object_get_array_member (json_object_get_object_member (dump, "log"), "events");
  version = (int)json_object_get_int_member (json_object_get_object_member (dump, "info"), "schema_version");
  g_assert_cmpint (version, >=, 1);
  g_assert_cmpint (version, <=, current_version);

  /* Opened by today's code: migrated, sound. */
  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_get_schema_version (incident), ==, current_version);
  g_assert_true (peil_incident_check_integrity (incident, &error));
  g_assert_no_error (error);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, json_array_get_length (posts));
  assert_notes_kept (incident, json_object_get_array_member (dump, "notes"));
  assert_words_found (incident, posts);
  assert_known_work (incident, version);
  /* Every event from before is in the log's chain (schema 9), and the
   * log says from when on it was chained. */
  check = peil_incident_verify_log (incident, 0, NULL, &error);
  g_assert_no_error (error);
  {
    /* Besides the old events: the chain's start (before schema 9) and
     * the pseudonym key a file from before keys gets when first used. */
    g_autoptr(GPtrArray) all = peil_incident_list_events (incident, 0, &error);
    gint64 old_newest = json_object_get_int_member (json_array_get_object_element (events, 0), "id");
    guint chained = 0, keyed = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      {
        PeilEvent *event = g_ptr_array_index (all, i);

        if (event->id <= old_newest)
          continue;
        chained += g_str_equal (event->action, "log-chained");
        keyed += g_str_equal (event->action, "metadata") && g_strcmp0 (event->detail, PEIL_META_PSEUDONYM_KEY) == 0;
      }
    g_assert_cmpuint (chained, ==, version < 9 ? 1 : 0);
    g_assert_cmpuint (keyed, <=, 1);
    g_assert_cmpint (check->n_events, ==, json_array_get_length (events) + chained + keyed);
    if (version < 9)
      g_assert_cmpint (check->chained_from, ==, old_newest + 1);
    else
      g_assert_cmpint (check->chained_from, ==, 0);
  }
  g_clear_pointer (&check, peil_log_check_free);
  g_assert_finalize_object (incident);

  /* The file as a whole, beside the older code's copy. */
  db = open_both (migrated, original);
  g_assert_cmpint (sql_int (db, "PRAGMA old.user_version"), ==, version);
  g_assert_cmpint (sql_int (db, "PRAGMA main.user_version"), ==, current_version);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM analyst WHERE name IN ('Anna de Vries', 'Bram Jansen')"), ==, 2);
  assert_rows_kept (db);
  /* Every note known by a UUIDv7 of its own (schema 7); one given it by
   * the migration has the note's time in it. */
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM main.note"), >, 0);
  g_assert_cmpint (sql_int (db, "SELECT count(DISTINCT uuid) FROM main.note"), ==,
                   sql_int (db, "SELECT count(*) FROM main.note"));
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM main.note WHERE uuid NOT GLOB"
                                " '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*-7*-[89ab]*'"
                                " OR length (uuid) <> 36"), ==, 0);
  if (version < 7)
    g_assert_cmpint (sql_int (db, "SELECT count(*) FROM main.note"
                                  " WHERE substr (uuid, 1, 8) || substr (uuid, 10, 4) <> printf ('%012x', created_at * 1000)"), ==, 0);
  sqlite3_close (db);

  /* What today's peil-cli says of it. */
  assert_cli_view_kept (dump, migrated);

  /* Today's work on it, kept when it is opened again. */
  incident = peil_incident_open (file, &error);
  g_assert_no_error (error);
  {
    /* After the events of the views above (the pseudonym key made, the
     * real names shown for the check). */
    g_autoptr(GPtrArray) newest = peil_incident_list_events (incident, 1, &error);

    g_assert_no_error (error);
    assert_new_work (incident, ((PeilEvent *)g_ptr_array_index (newest, 0))->id);
  }
  incident = peil_test_reopen (incident);
  g_assert_cmpint (peil_incident_count_posts (incident), ==, json_array_get_length (posts));
  /* ... and chained after the events from before. */
  check = peil_incident_verify_log (incident, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (check->n_events, >, json_array_get_length (events) + 1);
  g_clear_pointer (&check, peil_log_check_free);
  g_assert_finalize_object (incident);
}

static gpointer
open_in_thread (gpointer data)
{
  g_autoptr(GFile) file = g_file_new_for_path (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilIncident) incident = peil_incident_open (file, &error);

  return error ? g_strdup (error->message) : NULL;
}

/* Two processes open an old file at once: both read its old version, the
 * first to get the write lock updates it, and the second must then not
 * run the same update again ("table query already exists"). A third
 * connection holds the lock until both have read the version. */
static void
test_concurrent_migration (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "schema", "v1.peil", NULL);
  g_autofree char *path = copy_fixture (fixture, "tegelijk.peil");
  GThread *threads[2];
  sqlite3 *holder = NULL;

  g_assert_cmpint (sqlite3_open (path, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("open", open_in_thread, path);
  g_usleep (500 * 1000);   /* both have read version 1 and wait for the lock */
  g_assert_cmpint (sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (holder);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autofree char *message = g_thread_join (threads[i]);
      g_assert_cmpstr (message, ==, NULL);
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) fixtures = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  peil_test_init (&argc, &argv);

  {
    PeilIncident *fresh = peil_test_new_incident ("current.peil");
    current_version = peil_incident_get_schema_version (fresh);
    g_assert_finalize_object (fresh);
  }

  dir = g_test_build_filename (G_TEST_DIST, "fixtures", "schema", NULL);
  fixtures = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (fixtures);
  while ((name = g_dir_read_name (fixtures)))
    if (g_str_has_suffix (name, ".peil"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  for (int version = 1; version <= current_version; version++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.peil", version);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_error ("No incident file of schema %d in %s: add the commit to make-fixtures.sh and run it", version, dir);
    }

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, i));
      g_autofree char *test = g_strdup_printf ("/migration/%.*s", (int)(strlen (base) - strlen (".peil")), base);

      g_test_add_data_func (test, g_ptr_array_index (paths, i), test_migration);
    }

  g_test_add_func ("/migration/concurrent", test_concurrent_migration);

  return g_test_run ();
}

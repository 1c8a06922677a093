/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-privacy-record"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "peil-error.h"
#include "peil-format.h"
#include "peil-incident-private.h"
#include "peil-privacy-record.h"
#include "peil-source-label.h"
#include "peil-time.h"

/*
 * The incident's entry in the GDPR article 30 register of processing
 * activities: what was processed, why, on what basis, from which sources
 * and queries, by whom, what left the incident, how long it is kept and
 * whether the processing log still holds. Authors are only counted: the
 * record names no one whose posts were gathered. Everything is read in
 * one read transaction, from the incident's tables and its event log.
 */
struct _PeilPrivacyRecord
{
  GObject    parent_instance;

  GFile     *incident_file;   /* never to be written over */
  char      *language;
  char      *title;
  char      *made;
  gboolean   exercise;
  GPtrArray *sections;
  PeilPseudonymizer *names;   /* while it is built: a query may name an account */
};

/**
 * PeilPrivacyRecord:
 *
 * An incident's entry in the GDPR article 30 register of processing
 * activities (docs/privacy.md): what was processed, why and on what
 * basis, from which sources, by whom, what left the incident, how long it
 * is kept and whether the processing log still holds.
 *
 * It names no one whose posts were gathered. It is read once, when made,
 * and is laid out as text, HTML or PDF from its sections.
 */

/**
 * peil_privacy_record_get_type:
 *
 * Returns: the #GType of #PeilPrivacyRecord
 */
G_DEFINE_FINAL_TYPE (PeilPrivacyRecord, peil_privacy_record, G_TYPE_OBJECT)

/* The record's own words in both languages: a record's language is
 * chosen per record, as a report's is, whatever the interface's. */
static const char *texts[][2] = {
  { "Record of processing", "Verwerkingsregister" },
  { "The processing", "De verwerking" },
  { "Incident", "Incident" },
  { "Purpose", "Doel" },
  { "Legal basis", "Grondslag" },
  { "DPIA reference", "Kenmerk DPIA" },
  { "Location", "Locatie" },
  { "Start", "Start" },
  { "File created", "Bestand aangemaakt" },
  { "Exercise", "Oefening" },
  { "yes", "ja" },
  { "no", "nee" },
  { "not recorded", "niet vastgelegd" },
  { "Record made", "Overzicht gemaakt" },
  { "Who processed", "Wie verwerkte" },
  { "Analyst", "Analist" },
  { "First activity", "Eerste activiteit" },
  { "Last activity", "Laatste activiteit" },
  { "Logged actions", "Gelogde handelingen" },
  { "No one has processed anything yet.", "Er is nog niets verwerkt." },
  { "Sources and queries", "Bronnen en zoekvragen" },
  { "Source", "Bron" },
  { "Query", "Zoekvraag" },
  { "Settings", "Instellingen" },
  { "Created", "Aangemaakt" },
  { "Last run", "Laatst uitgevoerd" },
  { "Posts found", "Berichten gevonden" },
  { "never", "nooit" },
  { "removed query %lld", "verwijderde zoekvraag %lld" },
  { "No saved queries.", "Geen opgeslagen zoekvragen." },
  { "%s (our own channel: what it finds is kept as the organisation’s messages, %lld so far, not as posts)",
    "%s (eigen kanaal: wat hij vindt wordt bewaard als berichten van de organisatie, %lld tot nu toe, niet als posts)" },
  { "Imported files", "Geïmporteerde bestanden" },
  { "File", "Bestand" },
  { "First import", "Eerste import" },
  { "Posts added", "Berichten toegevoegd" },
  { "No files were imported.", "Er zijn geen bestanden geïmporteerd." },
  { "Posts and authors", "Berichten en auteurs" },
  { "Posts", "Berichten" },
  { "Distinct authors (counted, never listed)", "Verschillende auteurs (geteld, nooit opgesomd)" },
  { "No posts.", "Geen berichten." },
  { "Retention and purges", "Bewaartermijn en wissen" },
  { "Keep until", "Bewaren tot" },
  { "Retention", "Bewaartermijn" },
  { "passed: the personal data must be removed (peil-cli purge)",
    "verstreken: de persoonsgegevens moeten worden gewist (peil-cli purge)" },
  { "passed; the personal data was purged", "verstreken; de persoonsgegevens zijn gewist" },
  { "%lld posts emptied", "%lld berichten geleegd" },
  { "%lld notes", "%lld notities" },
  { "%lld examples", "%lld voorbeelden" },
  { "key of the pseudonyms replaced", "sleutel van de pseudoniemen vervangen" },
  { "%lld queries switched off", "%lld zoekvragen uitgezet" },
  { "log before it up to %s", "logboek ervoor tot %s" },
  { "search", "zoeken" },
  { "export", "export" },
  { "report", "rapport" },
  { "window", "venster" },
  { "not passed", "niet verstreken" },
  { "Date", "Datum" },
  { "By", "Door" },
  { "Details", "Details" },
  { "No purge yet.", "Nog niet gewist." },
  { "Exports and reports", "Exports en rapportages" },
  { "What", "Wat" },
  { "Format", "Formaat" },
  { "Contents", "Inhoud" },
  { "export", "export" },
  { "report", "rapportage" },
  { "debrief", "nabespreking" },
  { "%s posts", "%s berichten" },
  { "%s posts, pseudonymised", "%s berichten, gepseudonimiseerd" },
  { "round %lld", "ronde %lld" },
  { "%lld trainees", "%lld deelnemers" },
  { "Nothing was exported.", "Er is niets geëxporteerd." },
  { "Searches by author", "Zoeken op auteur" },
  { "Matches", "Treffers" },
  { "Allow-listed account", "Account met naam" },
  { "No one searched by author.", "Niemand zocht op auteur." },
  { "Processing log", "Logboek" },
  { "Events", "Gebeurtenissen" },
  { "Last link", "Laatste schakel" },
  { "Chained since", "Geketend sinds" },
  { "event %lld, when the file was brought up to date (%s); the events before it as they stood then",
    "gebeurtenis %lld, toen het bestand werd bijgewerkt (%s); de gebeurtenissen ervoor zoals ze toen waren" },
  { "State", "Staat" },
  { "intact", "intact" },
  { "BROKEN: %s", "GEBROKEN: %s" },
  { "Page", "Pagina" },
  { "Real names shown", "Echte namen getoond" },
  { "Where", "Waar" },
  { "Reason", "Reden" },
  { "Names were never shown instead of pseudonyms.", "Er zijn nooit namen getoond in plaats van pseudoniemen." },
};

static gboolean
is_dutch (PeilPrivacyRecord *self)
{
  return g_str_equal (self->language, "nl");
}

static const char *T (PeilPrivacyRecord *self,
                      const char        *english) G_GNUC_FORMAT (2);

static const char *
T (PeilPrivacyRecord *self,
   const char        *english)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i][0], english))
      return texts[i][is_dutch (self) ? 1 : 0];

  g_critical ("The privacy record has no phrase “%s”", english);
  return english;
}

static void
section_free (PeilPrivacySection *section)
{
  g_free (section->heading);
  g_ptr_array_unref (section->fields);
  g_strfreev (section->columns);
  g_ptr_array_unref (section->rows);
  g_free (section->empty);
  g_free (section);
}

static void
peil_privacy_record_finalize (GObject *object)
{
  PeilPrivacyRecord *self = (PeilPrivacyRecord *)object;

  g_clear_object (&self->incident_file);
  g_clear_object (&self->names);
  g_free (self->language);
  g_free (self->title);
  g_free (self->made);
  g_ptr_array_unref (self->sections);

  G_OBJECT_CLASS (peil_privacy_record_parent_class)->finalize (object);
}

static void
peil_privacy_record_class_init (PeilPrivacyRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_privacy_record_finalize;
}

static void
peil_privacy_record_init (PeilPrivacyRecord *self)
{
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify)section_free);
}

static PeilPrivacySection *
add_section (PeilPrivacyRecord *self,
             const char        *heading)
{
  PeilPrivacySection *section = g_new0 (PeilPrivacySection, 1);

  section->heading = g_strdup (T (self, heading));
  section->fields = g_ptr_array_new_with_free_func (g_free);
  section->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_ptr_array_add (self->sections, section);
  return section;
}

static void
add_field (PeilPrivacySection *section,
           const char         *label,
           const char         *value)
{
  g_ptr_array_add (section->fields, g_strdup (label));
  g_ptr_array_add (section->fields, g_strdup (value));
}

/* The table's columns, by their English names, and what it says empty. */
static void
set_table (PeilPrivacyRecord  *self,
           PeilPrivacySection *section,
           const char         *empty,
           ...)
{
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
  const char *column;
  va_list args;

  va_start (args, empty);
  while ((column = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (columns, T (self, column));
  va_end (args);
  section->columns = g_strv_builder_end (columns);
  section->empty = g_strdup (T (self, empty));
}

/* Takes the cells (each allocated) until NULL. */
static void
add_row (PeilPrivacySection *section,
         ...)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  char *cell;
  va_list args;

  va_start (args, section);
  while ((cell = va_arg (args, char *)) != NULL)
    g_ptr_array_add (cells, cell);
  va_end (args);
  g_ptr_array_add (cells, NULL);
  g_assert (cells->len == g_strv_length (section->columns) + 1);
  g_ptr_array_add (section->rows, g_ptr_array_steal (cells, NULL));
}

/* Unambiguous in both languages, as the reports write times. */
static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = unix_time > 0 ? g_date_time_new_from_unix_local (unix_time) : NULL;

  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);
  return g_strdup (text ? text : "");
}

static char *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  return format_time (sqlite3_column_int64 (stmt, column));
}

static char *
column_number (PeilPrivacyRecord *self,
               sqlite3_stmt      *stmt,
               int               column)
{
  return peil_format_number (sqlite3_column_int64 (stmt, column), self->language);
}

static gboolean
finish_rows (PeilIncident  *incident,
             sqlite3_stmt  *stmt,
             int            rc,
             GError       **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  return peil_database_set_error (incident->db, error);
}

static void
add_metadata (PeilPrivacyRecord  *self,
              PeilPrivacySection *section,
              PeilIncident       *incident,
              const char         *label,
              const char         *key)
{
  g_autofree char *value = peil_incident_get_metadata (incident, key);

  if (value != NULL)
    g_strstrip (value);
  add_field (section, T (self, label), value && *value ? value : T (self, "not recorded"));
}

/* A time as the rest of the record writes it; as stored if unreadable. */
static void
add_time (PeilPrivacyRecord  *self,
          PeilPrivacySection *section,
          PeilIncident       *incident,
          const char         *label,
          const char         *key)
{
  g_autofree char *value = peil_incident_get_metadata (incident, key);
  gint64 when;

  if (value != NULL && peil_time_parse (value, NULL, &when))
    {
      g_autofree char *formatted = format_time (when);
      add_field (section, T (self, label), formatted);
    }
  else
    add_metadata (self, section, incident, label, key);
}

static void
build_processing (PeilPrivacyRecord *self,
                  PeilIncident      *incident)
{
  PeilPrivacySection *section = add_section (self, "The processing");

  add_field (section, T (self, "Incident"), self->title);
  add_metadata (self, section, incident, "Purpose", PEIL_META_PURPOSE);
  add_metadata (self, section, incident, "Legal basis", PEIL_META_LEGAL_BASIS);
  add_metadata (self, section, incident, "DPIA reference", PEIL_META_DPIA);
  add_metadata (self, section, incident, "Location", PEIL_META_LOCATION);
  add_time (self, section, incident, "Start", PEIL_META_START);
  add_time (self, section, incident, "File created", PEIL_META_CREATED);
  if (self->exercise)
    add_field (section, T (self, "Exercise"), T (self, "yes"));
  add_field (section, T (self, "Record made"), self->made);
}

static gboolean
build_analysts (PeilPrivacyRecord  *self,
                PeilIncident       *incident,
                GError            **error)
{
  PeilPrivacySection *section = add_section (self, "Who processed");
  sqlite3_stmt *stmt;
  int rc;

  set_table (self, section, "No one has processed anything yet.",
             "Analyst", "First activity", "Last activity", "Logged actions", NULL);
  if (!(stmt = peil_database_statement (incident->db, "SELECT analyst, min (time), max (time), count (*)"
                                                      " FROM event_log GROUP BY analyst ORDER BY min (time), analyst",
                                        error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_row (section, column_text (stmt, 0), column_time (stmt, 1), column_time (stmt, 2),
             column_number (self, stmt, 3), NULL);
  return finish_rows (incident, stmt, rc, error);
}

/* Every query used: the saved ones, and those removed since, which the
 * import lines of their runs still name. */
static gboolean
build_queries (PeilPrivacyRecord  *self,
               PeilIncident       *incident,
               GError            **error)
{
  PeilPrivacySection *section = add_section (self, "Sources and queries");
  sqlite3_stmt *stmt;
  int rc;

  set_table (self, section, "No saved queries.",
             "Source", "Query", "Settings", "Created", "Last run", "Posts found", NULL);
  if (!(stmt = peil_database_statement (incident->db,
          "SELECT q.source, q.text,"
          "  (SELECT group_concat (key || '=' || value, ', ') FROM json_each (CASE WHEN json_valid (q.options)"
          "   THEN q.options ELSE '{}' END)),"
          "  q.created_at, q.last_run, (SELECT count (*) FROM post_query pq WHERE pq.query_id = q.id), 0,"
          "  q.channel, (SELECT count (*) FROM message m WHERE m.query_id = q.id)"
          " FROM query q"
          " UNION ALL"
          /* A removed query of our own channel found messages, not posts. */
          " SELECT json_extract (detail, '$.source'), json_extract (detail, '$.query'), NULL, NULL, max (time),"
          "  sum (CASE WHEN json_type (detail, '$.channel') IS NULL THEN json_extract (detail, '$.added') ELSE 0 END), 1,"
          "  max (json_extract (detail, '$.channel')),"
          "  sum (CASE WHEN json_type (detail, '$.channel') IS NULL THEN 0 ELSE json_extract (detail, '$.added') END)"
          " FROM event_log WHERE action = 'import' AND json_valid (detail)"
          "  AND json_type (detail, '$.query') = 'integer'"
          "  AND json_extract (detail, '$.query') NOT IN (SELECT id FROM query)"
          " GROUP BY json_extract (detail, '$.query')"
          " ORDER BY 7, 4, 2", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *source = column_text (stmt, 0);
      gboolean removed = sqlite3_column_int (stmt, 6);
      char *text = removed ? g_strdup_printf (T (self, "removed query %lld"), (long long)sqlite3_column_int64 (stmt, 1))
                           : peil_pseudonymizer_dup_text (self->names, (const char *)sqlite3_column_text (stmt, 1));

      /* A query of our own channel gathers the organisation's words, not
       * the public's: the officer reads that it holds no personal data. */
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        {
          char *ours = g_strdup_printf (T (self, "%s (our own channel: what it finds is kept as the organisation’s "
                                                 "messages, %lld so far, not as posts)"),
                                        text, (long long)sqlite3_column_int64 (stmt, 8));
          g_free (text);
          text = ours;
        }

      add_row (section, peil_source_label (source, self->language), text, column_text (stmt, 2),
               column_time (stmt, 3),
               sqlite3_column_int64 (stmt, 4) > 0 ? column_time (stmt, 4) : g_strdup (T (self, "never")),
               column_number (self, stmt, 5), NULL);
    }
  return finish_rows (incident, stmt, rc, error);
}

static gboolean
build_imports (PeilPrivacyRecord  *self,
               PeilIncident       *incident,
               GError            **error)
{
  PeilPrivacySection *section = add_section (self, "Imported files");
  sqlite3_stmt *stmt;
  int rc;

  set_table (self, section, "No files were imported.", "Source", "File", "First import", "Posts added", NULL);
  /* A file is imported in batches, each logged: one row a file. */
  if (!(stmt = peil_database_statement (incident->db,
          "SELECT json_extract (detail, '$.source'), json_extract (detail, '$.file'), min (time),"
          "  sum (json_extract (detail, '$.added'))"
          " FROM event_log WHERE action = 'import' AND json_valid (detail)"
          "  AND json_type (detail, '$.query') IS NULL"
          " GROUP BY 1, 2 ORDER BY 3", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *source = column_text (stmt, 0);

      add_row (section, peil_source_label (source, self->language), column_text (stmt, 1), column_time (stmt, 2),
               column_number (self, stmt, 3), NULL);
    }
  return finish_rows (incident, stmt, rc, error);
}

static gboolean
build_posts (PeilPrivacyRecord  *self,
             PeilIncident       *incident,
             GError            **error)
{
  PeilPrivacySection *section = add_section (self, "Posts and authors");
  g_autofree char *posts = NULL;
  g_autofree char *authors = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* An author is a handle (or, without one, a name) on one source. */
  if (!(stmt = peil_database_statement (incident->db,
          "SELECT count (*), count (DISTINCT CASE WHEN coalesce (nullif (author_handle, ''), author_name, '') <> ''"
          "  THEN source || ' ' || lower (coalesce (nullif (author_handle, ''), author_name)) END)"
          " FROM post", error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      posts = column_number (self, stmt, 0);
      authors = column_number (self, stmt, 1);
      rc = sqlite3_step (stmt);
    }
  if (!finish_rows (incident, stmt, rc, error))
    return FALSE;
  add_field (section, T (self, "Posts"), posts);
  add_field (section, T (self, "Distinct authors (counted, never listed)"), authors);

  set_table (self, section, "No posts.", "Source", "Posts", NULL);
  if (!(stmt = peil_database_statement (incident->db, "SELECT source, count (*) FROM post GROUP BY source"
                                                      " ORDER BY 2 DESC, 1", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *source = column_text (stmt, 0);
      add_row (section, peil_source_label (source, self->language), column_number (self, stmt, 1), NULL);
    }
  return finish_rows (incident, stmt, rc, error);
}

/* A purge's event, in words a privacy officer reads. */
static char *
describe_purge (PeilPrivacyRecord *self,
                const char        *detail)
{
  g_autoptr(JsonNode) root = detail ? json_from_string (detail, NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *object;
  gint64 examples = 0, posts, notes, queries;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (detail ? detail : "");
  object = json_node_get_object (root);
  posts = json_object_get_int_member_with_default (object, "posts", 0);
  notes = json_object_get_int_member_with_default (object, "notes", 0);
  queries = json_object_get_int_member_with_default (object, "queries_stopped", 0);
  if (posts > 0)
    g_string_append_printf (text, T (self, "%lld posts emptied"), (long long)posts);
  if (notes > 0)
    {
      g_string_append (text, text->len ? "; " : "");
      g_string_append_printf (text, T (self, "%lld notes"), (long long)notes);
    }
  if (queries > 0)
    {
      g_string_append (text, text->len ? "; " : "");
      g_string_append_printf (text, T (self, "%lld queries switched off"), (long long)queries);
    }
  /* Per round and section: [round, section, how many]. */
  if (json_object_has_member (object, "examples") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "examples")))
    {
      JsonArray *rows = json_object_get_array_member (object, "examples");

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonNode *row = json_array_get_element (rows, i);

          if (JSON_NODE_HOLDS_ARRAY (row) && json_array_get_length (json_node_get_array (row)) == 3)
            examples += json_node_get_int (json_array_get_element (json_node_get_array (row), 2));
        }
    }
  if (examples > 0)
    {
      g_string_append (text, text->len ? "; " : "");
      g_string_append_printf (text, T (self, "%lld examples"), (long long)examples);
    }
  if (json_object_get_boolean_member_with_default (object, "pseudonym_key", FALSE))
    g_string_append_printf (text, "%s%s", text->len ? "; " : "", T (self, "key of the pseudonyms replaced"));
  if (json_object_has_member (object, "head") && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "head")))
    {
      g_string_append (text, text->len ? "; " : "");
      g_string_append_printf (text, T (self, "log before it up to %s"), json_object_get_string_member (object, "head"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
build_retention (PeilPrivacyRecord  *self,
                 PeilIncident       *incident,
                 GError            **error)
{
  PeilPrivacySection *section = add_section (self, "Retention and purges");
  g_autofree char *retention = peil_incident_get_metadata (incident, PEIL_META_RETENTION);
  gint64 until = 0;
  sqlite3_stmt *stmt;
  int rc;

  add_metadata (self, section, incident, "Keep until", PEIL_META_RETENTION);
  if (peil_incident_get_retention (incident, &until))
    add_field (section, T (self, "Retention"),
               T (self, !peil_incident_retention_ended (incident, NULL) ? "not passed"
                        : peil_incident_holds_personal_data (incident) ? "passed: the personal data must be removed (peil-cli purge)"
                        : "passed; the personal data was purged"));

  set_table (self, section, "No purge yet.", "Date", "By", "Details", NULL);
  if (!(stmt = peil_database_statement (incident->db, "SELECT time, analyst, detail FROM event_log"
                                                      " WHERE action = 'purge' ORDER BY id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_row (section, column_time (stmt, 0), column_text (stmt, 1),
             describe_purge (self, (const char *)sqlite3_column_text (stmt, 2)), NULL);
  return finish_rows (incident, stmt, rc, error);
}

static gboolean
build_outputs (PeilPrivacyRecord  *self,
               PeilIncident       *incident,
               GError            **error)
{
  PeilPrivacySection *section = add_section (self, "Exports and reports");
  sqlite3_stmt *stmt;
  int rc;

  set_table (self, section, "Nothing was exported.", "Date", "By", "What", "Format", "File", "Contents", NULL);
  if (!(stmt = peil_database_statement (incident->db,
          "SELECT time, analyst, action, json_extract (detail, '$.format'), json_extract (detail, '$.file'),"
          "  json_extract (detail, '$.posts'), json_extract (detail, '$.pseudonymized'),"
          "  json_extract (detail, '$.round'), json_extract (detail, '$.trainees')"
          " FROM event_log WHERE action IN ('export', 'report', 'debrief') AND json_valid (detail)"
          " ORDER BY id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *action = (const char *)sqlite3_column_text (stmt, 2);
      char *contents;

      if (g_str_equal (action, "export"))
        {
          g_autofree char *posts = column_number (self, stmt, 5);
          contents = g_strdup_printf (T (self, sqlite3_column_int (stmt, 6) ? "%s posts, pseudonymised" : "%s posts"),
                                      posts);
        }
      else if (g_str_equal (action, "report"))
        contents = g_strdup_printf (T (self, "round %lld"), (long long)sqlite3_column_int64 (stmt, 7));
      else
        contents = g_strdup_printf (T (self, "%lld trainees"), (long long)sqlite3_column_int64 (stmt, 8));
      add_row (section, column_time (stmt, 0), column_text (stmt, 1), g_strdup (T (self, action)),
               column_text (stmt, 3), column_text (stmt, 4), contents, NULL);
    }
  return finish_rows (incident, stmt, rc, error);
}

static gboolean
build_author_searches (PeilPrivacyRecord  *self,
                       PeilIncident       *incident,
                       GError            **error)
{
  PeilPrivacySection *section = add_section (self, "Searches by author");
  sqlite3_stmt *stmt;
  int rc;

  set_table (self, section, "No one searched by author.", "Date", "By", "Matches", "Allow-listed account", NULL);
  if (!(stmt = peil_database_statement (incident->db,
          "SELECT time, analyst, json_extract (detail, '$.matches'), json_extract (detail, '$.allow-listed'),"
          "  json_extract (detail, '$.handle')"
          " FROM event_log WHERE action = 'author-search' AND json_valid (detail) ORDER BY id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean allowed = sqlite3_column_int (stmt, 3);
      const char *handle = (const char *)sqlite3_column_text (stmt, 4);
      char *account = allowed && handle != NULL ? g_strdup (handle) : g_strdup (T (self, allowed ? "yes" : "no"));

      add_row (section, column_time (stmt, 0), column_text (stmt, 1), column_number (self, stmt, 2), account, NULL);
    }
  return finish_rows (incident, stmt, rc, error);
}

/* Where names were shown, as the record's language says it. */
static const char *
where_label (PeilPrivacyRecord *self,
             const char        *where)
{
  static const char * const known[] = { "search", "export", "report", "window", NULL };

  if (where == NULL)
    return "";
  return g_strv_contains (known, where) ? T (self, where) : where;
}

/* Each choice to show real names instead of pseudonyms, with its reason
 * (peil_incident_reveal_names()). */
static gboolean
build_reveals (PeilPrivacyRecord  *self,
               PeilIncident       *incident,
               GError            **error)
{
  PeilPrivacySection *section = add_section (self, "Real names shown");
  sqlite3_stmt *stmt;
  int rc;

  set_table (self, section, "Names were never shown instead of pseudonyms.", "Date", "By", "Where", "Reason", NULL);
  if (!(stmt = peil_database_statement (incident->db,
          "SELECT time, analyst, json_extract (detail, '$.where'), json_extract (detail, '$.reason')"
          " FROM event_log WHERE action = 'names-revealed' AND json_valid (detail) ORDER BY id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_row (section, column_time (stmt, 0), column_text (stmt, 1),
             g_strdup (where_label (self, (const char *)sqlite3_column_text (stmt, 2))), column_text (stmt, 3), NULL);
  return finish_rows (incident, stmt, rc, error);
}

/* Last, after everything else was read: the head it gives is the one to
 * write down (docs/privacy.md). */
static void
build_log (PeilPrivacyRecord *self,
           PeilIncident      *incident)
{
  PeilPrivacySection *section = add_section (self, "Processing log");
  g_autoptr(GError) broken = NULL;
  g_autoptr(PeilLogCheck) check = peil_incident_verify_log (incident, 0, NULL, &broken);

  if (check == NULL)
    {
      g_autofree char *state = g_strdup_printf (T (self, "BROKEN: %s"), broken->message);
      add_field (section, T (self, "State"), state);
      return;
    }

  {
    g_autofree char *events = peil_format_number (check->n_events, self->language);
    g_autofree char *head = g_strdup_printf ("%lld:%s", (long long)check->head_event, check->head ? check->head : "");

    add_field (section, T (self, "State"), T (self, "intact"));
    add_field (section, T (self, "Events"), events);
    add_field (section, T (self, "Last link"), head);
  }
  if (check->chained_from != 0)
    {
      g_autofree char *when = format_time (check->chained_at);
      g_autofree char *since = g_strdup_printf (T (self, "event %lld, when the file was brought up to date (%s); "
                                                          "the events before it as they stood then"),
                                                (long long)check->chained_from, when);
      add_field (section, T (self, "Chained since"), since);
    }
}

/**
 * peil_privacy_record_new:
 * @language: "nl" or "en", the language the record is written in
 *
 * Reads the incident's record of processing, on the thread that owns
 * @incident.
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PeilPrivacyRecord *
peil_privacy_record_new (PeilIncident  *incident,
                         const char    *language,
                         GError       **error)
{
  g_autoptr(PeilPrivacyRecord) self = NULL;
  g_autofree char *title = NULL;
  gboolean ok;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  self = g_object_new (PEIL_TYPE_PRIVACY_RECORD, NULL);
  self->incident_file = g_object_ref (peil_incident_get_file (incident));
  self->language = g_strdup (language && g_str_has_prefix (language, "nl") ? "nl" : "en");
  title = peil_incident_get_metadata (incident, PEIL_META_TITLE);
  self->title = title && *g_strstrip (title) ? g_steal_pointer (&title) : g_file_get_basename (self->incident_file);
  self->made = format_time (g_get_real_time () / G_USEC_PER_SEC);
  self->exercise = peil_incident_is_exercise (incident);

  /* Before the read: the pseudonyms may have to write the file's key. */
  if (!(self->names = peil_incident_dup_pseudonymizer (incident, error)) ||
      !peil_database_begin_read (incident->db, error))
    return NULL;
  build_processing (self, incident);
  ok = build_analysts (self, incident, error) &&
       build_queries (self, incident, error) &&
       build_imports (self, incident, error) &&
       build_posts (self, incident, error) &&
       build_retention (self, incident, error) &&
       build_outputs (self, incident, error) &&
       build_author_searches (self, incident, error) &&
       build_reveals (self, incident, error);
  if (ok)
    build_log (self, incident);
  peil_database_end_read (incident->db);
  g_clear_object (&self->names);

  return ok ? g_steal_pointer (&self) : NULL;
}

/**
 * peil_privacy_record_get_language:
 * @self: a #PeilPrivacyRecord
 *
 * Gets the record's language.
 *
 * Returns: (transfer none): the language the record is written in, "nl"
 *   or "en"
 */
const char *
peil_privacy_record_get_language (PeilPrivacyRecord *self)
{
  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), NULL);
  return self->language;
}

/**
 * peil_privacy_record_get_title:
 *
 * Gives the title of the record, with the incident's name, for a document's
 * title.
 *
 * Returns: the record's title: "Record of processing: " and the incident's
 */
const char *
peil_privacy_record_get_title (PeilPrivacyRecord *self)
{
  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), NULL);
  return self->title;
}

/**
 * peil_privacy_record_text:
 * @english: one of the record's fixed words, in English ("Page")
 *
 * Translates a fixed word of the record's layouts into the record's language,
 * which need not be the interface's.
 *
 * Returns: the words in the record's language
 */
const char *
peil_privacy_record_text (PeilPrivacyRecord *self,
                          const char        *english)
{
  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), NULL);
  return T (self, english);
}

/**
 * peil_privacy_record_get_heading:
 *
 * Gives the heading that the layouts of the record put above it.
 *
 * Returns: the record's heading in its language ("Record of processing")
 */
const char *
peil_privacy_record_get_heading (PeilPrivacyRecord *self)
{
  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), NULL);
  return T (self, "Record of processing");
}

/**
 * peil_privacy_record_get_made:
 * @self: a #PeilPrivacyRecord
 *
 * Gets when the record was made.
 *
 * Returns: (transfer none): when the record was made, in local time as
 *   "YYYY-MM-DD HH:MM", for the record to show
 */
const char *
peil_privacy_record_get_made (PeilPrivacyRecord *self)
{
  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), NULL);
  return self->made;
}

/**
 * peil_privacy_record_is_exercise:
 * @self: a #PeilPrivacyRecord
 *
 * Gets whether the record is an exercise's.
 *
 * Returns: whether the incident is an exercise, which every page of the
 *   record must then say (%PEIL_EXERCISE_MARK)
 */
gboolean
peil_privacy_record_is_exercise (PeilPrivacyRecord *self)
{
  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), FALSE);
  return self->exercise;
}

/**
 * peil_privacy_record_get_sections:
 *
 * Lists the parts of the record in order, each with its heading, fields and
 * table, for a layout to lay out.
 *
 * Returns: (transfer none) (element-type PeilPrivacySection): the parts
 */
GPtrArray *
peil_privacy_record_get_sections (PeilPrivacyRecord *self)
{
  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), NULL);
  return self->sections;
}

/**
 * peil_privacy_record_to_text:
 *
 * Lays out the record as plain text, as peil-cli prints it.
 *
 * Returns: (transfer full): the record as plain text, for a terminal
 */
char *
peil_privacy_record_to_text (PeilPrivacyRecord *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), NULL);

  g_string_append_printf (out, "%s: %s\n", T (self, "Record of processing"), self->title);
  if (self->exercise)
    g_string_append (out, PEIL_EXERCISE_MARK "\n");
  for (guint i = 0; i < self->sections->len; i++)
    {
      PeilPrivacySection *section = g_ptr_array_index (self->sections, i);

      g_string_append_printf (out, "\n== %s ==\n", section->heading);
      for (guint f = 0; f + 1 < section->fields->len; f += 2)
        g_string_append_printf (out, "%s: %s\n", (char *)g_ptr_array_index (section->fields, f),
                                (char *)g_ptr_array_index (section->fields, f + 1));
      if (section->columns == NULL)
        continue;
      if (section->rows->len == 0)
        {
          g_string_append_printf (out, "%s\n", section->empty);
          continue;
        }
      for (guint r = 0; r < section->rows->len; r++)
        {
          GStrv cells = g_ptr_array_index (section->rows, r);

          g_string_append (out, "-");
          /* Each cell with its column's name: rows read alone in a terminal. */
          for (guint c = 0; cells[c] != NULL; c++)
            if (*cells[c] != '\0')
              g_string_append_printf (out, "%s %s: %s", c > 0 ? ";" : "", section->columns[c], cells[c]);
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

/**
 * peil_privacy_record_save:
 * @contents: the record as written by one of the writers (HTML, PDF)
 *
 * Writes @contents to @file, never over the incident's own file or
 * SQLite's files beside it; a failure leaves an earlier file as it was.
 */
gboolean
peil_privacy_record_save (PeilPrivacyRecord  *self,
                          GFile              *file,
                          GBytes             *contents,
                          GError            **error)
{
  gsize size;
  const char *data;

  g_return_val_if_fail (PEIL_IS_PRIVACY_RECORD (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (!peil_check_other_file (self->incident_file, file, error))
    return FALSE;
  data = g_bytes_get_data (contents, &size);
  return g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

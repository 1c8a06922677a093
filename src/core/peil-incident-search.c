/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-time.h"

/*
 * The search box speaks a small, forgiving language (docs/search.md):
 * words, "phrases", prefix*, OR, AND, NOT, -word and brackets. It is
 * translated into an FTS5 expression in which every word is quoted, so
 * that punctuation a user types ("c2000?", "a-b") never becomes FTS5
 * syntax. A leading NOT or -word excludes without anything to include.
 */
typedef struct
{
  GString   *include;
  GPtrArray *exclude;
} FtsQuery;

static void
fts_query_clear (FtsQuery *query)
{
  if (query->include != NULL)
    g_string_free (query->include, TRUE);
  g_clear_pointer (&query->exclude, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FtsQuery, fts_query_clear)

static gboolean
has_word_characters (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static char *
quote_term (const char *term,
            gboolean    prefix)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  if (prefix)
    g_string_append (quoted, " *");

  return g_string_free (quoted, FALSE);
}

static gboolean
bad_query (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_BAD_QUERY, message);
  return FALSE;
}

static gboolean
translate_query (const char  *text,
                 FtsQuery    *query,
                 GError     **error)
{
  const char *p = text;
  gboolean have_operand = FALSE;   /* something stands left of the cursor */
  gboolean negate_next = FALSE;    /* a leading NOT/-: exclude the next term */
  int depth = 0;

  query->include = g_string_new (NULL);
  query->exclude = g_ptr_array_new_with_free_func (g_free);

  while (*p)
    {
      g_autofree char *word = NULL;
      g_autofree char *operand = NULL;
      gboolean prefix = FALSE;

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }

      if (*p == '(' || *p == ')')
        {
          if (negate_next)
            return bad_query (error, _("NOT cannot stand before a bracket at the start of a search"));
          depth += *p == '(' ? 1 : -1;
          if (depth < 0)
            return bad_query (error, _("A closing bracket has no opening bracket"));
          if (*p == '(' && have_operand)
            g_string_append (query->include, " AND ");
          g_string_append_c (query->include, *p);
          have_operand = *p == ')';
          p++;
          continue;
        }

      if (*p == '"')
        {
          const char *end = strchr (p + 1, '"');

          /* An unclosed quote runs to the end, as the user likely meant. */
          word = end ? g_strndup (p + 1, end - p - 1) : g_strdup (p + 1);
          p = end ? end + 1 : p + strlen (p);
          if (*p == '*')
            {
              prefix = TRUE;
              p++;
            }
        }
      else
        {
          const char *start = p;

          if (*p == '-' && p[1] != '\0' && !g_ascii_isspace (p[1]))
            {
              p++;
              if (have_operand)
                g_string_append (query->include, " NOT ");
              else
                negate_next = TRUE;
              have_operand = FALSE;
              continue;
            }

          while (*p && !g_ascii_isspace (*p) && *p != '(' && *p != ')' && *p != '"')
            p++;
          word = g_strndup (start, p - start);

          if (g_str_equal (word, "OR") || g_str_equal (word, "AND"))
            {
              if (!have_operand)
                return bad_query (error, _("OR and AND need words on both sides"));
              g_string_append_printf (query->include, " %s ", word);
              have_operand = FALSE;
              continue;
            }

          if (g_str_equal (word, "NOT"))
            {
              if (have_operand)
                g_string_append (query->include, " NOT ");
              else if (query->include->len == 0)
                negate_next = TRUE;
              else
                return bad_query (error, _("NOT needs words before it, as in: kraan NOT hijskraan"));
              have_operand = FALSE;
              continue;
            }

          while (g_str_has_suffix (word, "*"))
            {
              word[strlen (word) - 1] = '\0';
              prefix = TRUE;
            }
        }

      if (!has_word_characters (word))
        continue;

      operand = quote_term (word, prefix);
      if (negate_next)
        {
          g_ptr_array_add (query->exclude, g_steal_pointer (&operand));
          negate_next = FALSE;
          continue;
        }

      /* FTS5 joins words by juxtaposition but not a bracket and a word. */
      if (have_operand)
        g_string_append (query->include, " AND ");
      g_string_append (query->include, operand);
      have_operand = TRUE;
    }

  if (depth != 0)
    return bad_query (error, _("A bracket is not closed"));
  if (query->include->len > 0 && !have_operand && query->include->str[query->include->len - 1] == ' ')
    return bad_query (error, _("The search ends with an operator; add the words it joins"));

  return TRUE;
}

/* Parameters of a dynamically built statement, bound in order. */
typedef struct
{
  gboolean          is_text;
  gint64            number;
  char             *text;
  const PeilRowset *rowset;
} Param;

static void
param_clear (gpointer data)
{
  g_free (((Param *)data)->text);
}

static void
add_text_param (GArray     *params,
                const char *text)
{
  Param param = { TRUE, 0, g_strdup (text), NULL };
  g_array_append_val (params, param);
}

static void
add_int_param (GArray *params,
               gint64  number)
{
  Param param = { FALSE, number, NULL, NULL };
  g_array_append_val (params, param);
}

static void
add_rowset_param (GArray           *params,
                  const PeilRowset *rowset)
{
  Param param = { FALSE, 0, NULL, rowset };
  g_array_append_val (params, param);
}

/*
 * build_match:
 * @out_match: (out): the FTS5 expression, or %NULL when @text has no word
 * @out_excludes: (out): whether the posts that match it are the ones left out
 *   (a search of only NOT or -words)
 */
static gboolean
build_match (const char  *text,
             char       **out_match,
             gboolean    *out_excludes,
             GError     **error)
{
  g_auto(FtsQuery) query = { 0 };

  *out_match = NULL;
  *out_excludes = FALSE;
  if (text == NULL)
    return TRUE;
  if (!translate_query (text, &query, error))
    return FALSE;

  /* The words are looked for in the text only: a search that names a
   * person goes through the author filter, which is logged. */
  if (query.include->len > 0)
    {
      GString *match = g_string_new (NULL);

      g_string_append_printf (match, "text : ((%s)", query.include->str);
      for (guint i = 0; i < query.exclude->len; i++)
        g_string_append_printf (match, " NOT %s", (char *)g_ptr_array_index (query.exclude, i));
      g_string_append_c (match, ')');
      *out_match = g_string_free (match, FALSE);
    }
  else if (query.exclude->len > 0)
    {
      g_autofree char *any = NULL;

      g_ptr_array_add (query.exclude, NULL);
      any = g_strjoinv (" OR ", (char **)query.exclude->pdata);
      *out_match = g_strdup_printf ("text : (%s)", any);
      *out_excludes = TRUE;
    }
  return TRUE;
}

/* @matches: (nullable): the posts the text matches, when the caller
 * gathered them already (see peil_incident_search_planned()) */
static gboolean
build_where (PeilIncident      *self,
             PeilFilter        *filter,
             const PeilRowset  *matches,
             GString           *sql,
             GArray            *params,
             GError           **error)
{
  const char * const *tags = peil_filter_get_tags (filter);
  const char * const *untagged = peil_filter_get_untagged (filter);
  const char * const *sources = peil_filter_get_sources (filter);
  g_autofree char *match = NULL;
  gboolean excludes;

  g_string_append (sql, " WHERE 1");

  if (!build_match (peil_filter_get_text (filter), &match, &excludes, error))
    return FALSE;
  if (match != NULL && matches != NULL && !excludes)
    {
      g_string_append (sql, " AND peil_rowset_has (?, p.id)");
      add_rowset_param (params, matches);
    }
  else if (match != NULL)
    {
      g_string_append_printf (sql, " AND p.id %sIN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)",
                              excludes ? "NOT " : "");
      add_text_param (params, match);
    }

  if (peil_filter_get_author (filter) != NULL)
    {
      const char *author = peil_filter_get_author (filter);
      g_autofree char *phrase = NULL;
      g_autofree char *by_author = NULL;

      while (*author == '@')
        author++;
      if (!has_word_characters (author))
        return bad_query (error, _("A search by author needs a name or a handle"));
      phrase = quote_term (author, FALSE);
      by_author = g_strdup_printf ("{author_name author_handle} : %s", phrase);
      g_string_append (sql, " AND p.id IN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)");
      add_text_param (params, by_author);
    }

  for (guint i = 0; tags[i] != NULL; i++)
    {
      PeilTag *tag = peil_taxonomy_lookup_tag (self->taxonomy, tags[i]);

      if (tag == NULL)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG, _("Unknown tag “%s”"), tags[i]);
          return FALSE;
        }
      g_string_append (sql, " AND p.id IN (SELECT post_id FROM post_tag WHERE tag_id = ?)");
      add_int_param (params, peil_tag_get_id (tag));
    }

  for (guint i = 0; untagged[i] != NULL; i++)
    {
      PeilDimension *dimension = peil_taxonomy_lookup_dimension (self->taxonomy, untagged[i]);

      if (dimension == NULL)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Unknown dimension “%s”"), untagged[i]);
          return FALSE;
        }
      g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM post_tag pt JOIN tag t ON t.id = pt.tag_id"
                            " WHERE pt.post_id = p.id AND t.dimension_id = ?)");
      add_int_param (params, peil_dimension_get_id (dimension));
    }

  if (sources[0] != NULL)
    {
      g_string_append (sql, " AND " PEIL_SQL_POST_ORIGIN " IN (");
      for (guint i = 0; sources[i] != NULL; i++)
        {
          g_string_append (sql, i > 0 ? ", ?" : "?");
          add_text_param (params, sources[i]);
        }
      g_string_append (sql, ")");
    }

  if (peil_filter_get_query_id (filter) != 0)
    {
      g_string_append (sql, " AND p.id IN (SELECT post_id FROM post_query WHERE query_id = ?)");
      add_int_param (params, peil_filter_get_query_id (filter));
    }

  /* Leaving out posts marked off-topic costs a lookup per post: none
   * marked (most incidents, and every one from before), none made. */
  if (peil_filter_get_off_topic (filter) != PEIL_FILTER_OFF_TOPIC_INCLUDE)
    {
      gint64 any_marked = 1;

      if (!peil_database_query_int (self->db, "SELECT EXISTS (SELECT 1 FROM post_dismissal)", &any_marked, error))
        return FALSE;
      if (peil_filter_get_off_topic (filter) == PEIL_FILTER_OFF_TOPIC_ONLY)
        g_string_append (sql, " AND " PEIL_SQL_OFF_TOPIC);
      else if (any_marked)
        g_string_append (sql, " AND " PEIL_SQL_ON_TOPIC);
    }
  if (peil_filter_get_story_id (filter) != 0)
    {
      g_string_append (sql, " AND p.story_id = ?");
      add_int_param (params, peil_filter_get_story_id (filter));
    }

  if (peil_filter_get_since (filter) != 0)
    {
      g_string_append (sql, " AND p.created_at >= ?");
      add_int_param (params, peil_filter_get_since (filter));
    }
  if (peil_filter_get_until (filter) != 0)
    {
      g_string_append (sql, " AND p.created_at < ?");
      add_int_param (params, peil_filter_get_until (filter));
    }

  return TRUE;
}

static sqlite3_stmt *
prepare_filtered (PeilIncident      *self,
                  PeilFilter        *filter,
                  const PeilRowset  *matches,
                  const char        *select,
                  const char        *tail,
                  GError           **error)
{
  g_autoptr(GString) sql = g_string_new (select);
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (Param));
  sqlite3_stmt *stmt = NULL;

  g_array_set_clear_func (params, param_clear);

  if (!build_where (self, filter, matches, sql, params, error))
    return NULL;
  if (tail != NULL)
    g_string_append (sql, tail);

  if (!(stmt = peil_database_prepare (self->db, sql->str, error)))
    return NULL;

  for (guint i = 0; i < params->len; i++)
    {
      Param *param = &g_array_index (params, Param, i);

      if (param->rowset != NULL)
        sqlite3_bind_pointer (stmt, i + 1, (void *)param->rowset, PEIL_ROWSET_POINTER, NULL);
      else if (param->is_text)
        sqlite3_bind_text (stmt, i + 1, param->text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, param->number);
    }

  return stmt;
}

/* The statement @select … WHERE (what @filter selects) @tail, bound. */
sqlite3_stmt *
peil_incident_prepare_filtered (PeilIncident  *self,
                                PeilFilter    *filter,
                                const char    *select,
                                const char    *tail,
                                GError       **error)
{
  return prepare_filtered (self, filter, NULL, select, tail, error);
}

gboolean
peil_incident_set_search_error (PeilIncident  *self,
                                sqlite3_stmt  *stmt,
                                GError       **error)
{
  const char *message = sqlite3_errmsg (sqlite3_db_handle (stmt));

  /* FTS5 reports a query it cannot parse only when it runs. */
  if (strstr (message, "fts5") != NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_BAD_QUERY,
                   _("The search could not be understood: %s"), message);
      return FALSE;
    }
  return peil_database_set_error (self->db, error);
}

/* See run_search(): a lookup of a match costs about twenty steps along
 * the time index; four of those are a margin for the filters beside the
 * text, which the walk must pass more posts for. */
#define WALK_FACTOR 5

/* The posts @match finds, into @set; FALSE with @error set for a search
 * FTS5 cannot read. */
static gboolean
gather_matches (PeilIncident  *self,
                const char    *match,
                PeilRowset    *set,
                GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (self->db, "SELECT rowid FROM post_fts WHERE post_fts MATCH ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    peil_rowset_add (set, sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      peil_incident_set_search_error (self, stmt, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/*
 * prepare_planned:
 * @end: where the page ends (offset + limit), G_MAXINT64 for all
 * @matches: (out caller-allocates): the matches the statement reads; it
 *   must outlive the statement
 *
 * SELECT @columns FROM post p … WHERE (what @filter selects) @tail, by
 * the plan @plan names or, for %PEIL_SEARCH_AUTO, the cheaper one (see
 * peil_incident_search_planned()).
 */
static sqlite3_stmt *
prepare_planned (PeilIncident    *self,
                 PeilFilter      *filter,
                 PeilSearchPlan   plan,
                 gint64           end,
                 const char      *columns,
                 const char      *tail,
                 PeilRowset      *matches,
                 GError         **error)
{
  g_autofree char *match = NULL;
  g_autofree char *select = NULL;
  gboolean excludes, by_time;
  gint64 last_id = 0;

  if (!build_match (peil_filter_get_text (filter), &match, &excludes, error))
    return NULL;

  /* A search for posts that lack words matches most posts and is fast
   * either way. */
  by_time = plan == PEIL_SEARCH_BY_TIME;
  if (plan == PEIL_SEARCH_AUTO && match != NULL && !excludes)
    {
      double steps;

      if (!gather_matches (self, match, matches, error) ||
          !peil_database_query_int (self->db, "SELECT coalesce (max (id), 0) FROM post", &last_id, error))
        return NULL;
      /* The walk passes about @end × posts / matches posts before the
       * page is full, all of them for a list without end or a count; the
       * lookups cost about twenty steps each (WALK_FACTOR). */
      steps = end < (gint64)matches->count ? (double)end * last_id / matches->count : (double)last_id;
      by_time = (double)matches->count * WALK_FACTOR >= steps;
    }
  else if (by_time && match != NULL && !excludes && !gather_matches (self, match, matches, error))
    return NULL;

  select = g_strdup_printf ("SELECT %s FROM post p%s", columns, by_time ? " INDEXED BY post_created" : "");
  return prepare_filtered (self, filter, by_time ? matches : NULL, select, tail, error);
}

static GArray *
run_search (PeilIncident    *self,
            PeilFilter      *filter,
            PeilSearchPlan   plan,
            GError         **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(PeilRowset) matches = { 0 };
  g_autofree char *tail = NULL;
  gint64 limit = peil_filter_get_limit (filter) > 0 ? (gint64)peil_filter_get_limit (filter) : -1;
  sqlite3_stmt *stmt;
  int rc;

  tail = g_strdup_printf (" ORDER BY p.created_at DESC, p.id DESC LIMIT %" G_GINT64_FORMAT " OFFSET %u",
                          limit, peil_filter_get_offset (filter));
  if (!(stmt = prepare_planned (self, filter, plan, limit > 0 ? limit + peil_filter_get_offset (filter) : G_MAXINT64,
                                "p.id", tail, &matches, error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      peil_incident_set_search_error (self, stmt, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  sqlite3_finalize (stmt);
  return g_steal_pointer (&ids);
}

static gint64
run_count (PeilIncident    *self,
           PeilFilter      *filter,
           PeilSearchPlan   plan,
           GError         **error)
{
  g_auto(PeilRowset) matches = { 0 };
  sqlite3_stmt *stmt;
  gint64 count = -1;

  if (!(stmt = prepare_planned (self, filter, plan, G_MAXINT64, "count(*)", NULL, &matches, error)))
    return -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    peil_incident_set_search_error (self, stmt, error);

  sqlite3_finalize (stmt);
  return count;
}

/*
 * peil_incident_search_planned:
 * @plan: how to find the page; %PEIL_SEARCH_AUTO but for tests that
 *   compare the plans
 *
 * A word in a third of a million posts matches 300,000 of them: looking
 * each up to sort them by time took a third of a second. For such a word
 * it is cheaper to walk the posts newest first along the time index and
 * stop when the page is full, testing each against the matches gathered
 * from the full-text index into a bitmap beforehand (its doclist is read
 * in one go, in milliseconds); for the window's list of every match, the
 * whole walk costs less than the lookups too. For a rare word it is the
 * other way round: the walk would pass nearly every post before the page
 * is full, while its few matches are looked up at once. The share of
 * posts that match chooses; both plans find the same posts in the same
 * order.
 */
GArray *
peil_incident_search_planned (PeilIncident    *self,
                              PeilFilter      *filter,
                              PeilSearchPlan   plan,
                              GError         **error)
{
  GArray *ids;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (PEIL_IS_FILTER (filter), NULL);

  /* The matches and the page from one snapshot of the file. */
  if (!peil_database_begin_read (self->db, error))
    return NULL;
  ids = run_search (self, filter, plan, error);
  peil_database_end_read (self->db);
  return ids;
}

/**
 * peil_incident_search:
 *
 * Finds the posts that match @filter, one page of them when @filter has a
 * limit; the matches and the page come from one snapshot of the file.
 *
 * Returns: (transfer full) (element-type gint64): the ids of the posts
 *   that match @filter, newest first, or %NULL with @error set
 *   (%PEIL_ERROR_BAD_QUERY for a search that cannot be understood)
 */
GArray *
peil_incident_search (PeilIncident  *self,
                      PeilFilter    *filter,
                      GError       **error)
{
  return peil_incident_search_planned (self, filter, PEIL_SEARCH_AUTO, error);
}

/*
 * peil_incident_count_planned:
 *
 * Counts as peil_incident_search_planned() finds: a count walks the
 * whole time index, which for a frequent word costs less than looking up
 * every match.
 */
gint64
peil_incident_count_planned (PeilIncident    *self,
                             PeilFilter      *filter,
                             PeilSearchPlan   plan,
                             GError         **error)
{
  gint64 count;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), -1);
  g_return_val_if_fail (PEIL_IS_FILTER (filter), -1);

  if (!peil_database_begin_read (self->db, error))
    return -1;
  count = run_count (self, filter, plan, error);
  peil_database_end_read (self->db);
  return count;
}

/**
 * peil_incident_count_matching:
 *
 * Counts the posts that match @filter, for a result count beside a list that
 * shows one page.
 *
 * Returns: how many posts match @filter (its page is ignored), or -1
 *   with @error set
 */
gint64
peil_incident_count_matching (PeilIncident  *self,
                              PeilFilter    *filter,
                              GError       **error)
{
  return peil_incident_count_planned (self, filter, PEIL_SEARCH_AUTO, error);
}

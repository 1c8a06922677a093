/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-team"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <poll.h>
#include <string.h>

#include "peil-credentials.h"
#include "peil-error.h"
#include "peil-json.h"
#include "peil-team-server-private.h"

/**
 * PeilTeamServer:
 *
 * One connection to the PostgreSQL server that holds a team's incidents.
 * The catalog schema `peil` lists them; each incident lives in a schema of
 * its own (`peil_incident_N`), so that granting an analyst's role on that
 * schema is what lets them in. Changes are rows of the incident's `event`
 * table, numbered by the server: a trigger keeps the tables that work is
 * handed out from (posts, who tagged what) in step with the events, in the
 * same transaction.
 *
 * Like the database object, a server connection is used by one thread at
 * a time; a worker makes its own.
 *
 * Every round trip has a deadline (PEIL_TEAM_TIMEOUT seconds, 30 unless
 * set): a server that takes the connection and then says nothing (a
 * stopped process, a network that drops packets silently) would keep
 * libpq waiting on its socket for good. The connection is non-blocking
 * and waited on with poll(); one that runs out of time is closed, and
 * the next sync makes a new one.
 */
struct _PeilTeamServer
{
  GObject     parent_instance;
  PGconn     *connection;
  char       *address;      /* as given, without a password */
  char       *role;
  GHashTable *versions;     /* incident → the team schema it has */
};

/**
 * peil_team_server_get_type:
 *
 * Returns: the #GType of #PeilTeamServer
 */
G_DEFINE_FINAL_TYPE (PeilTeamServer, peil_team_server, G_TYPE_OBJECT)

/* Pushes are numbered one at a time, under this lock, so that a replica
 * that has read up to N never misses a number below N committed later. */
#define PUSH_LOCK_CLASS 0x5045

/* What identifies a change apart from its contents, which may have moved
 * on between a push cut off and its retry (a section's text, a post given
 * its import time): for telling a copied file's changes from a retry. */
#define CHANGE_KEY_DIFFERS \
  "(v.body->>'source', v.body->>'remote_id', v.body->>'tag', v.body->>'analyst', v.body->>'code'," \
  " v.body->>'number', v.body->>'section', v.body->>'claim', v.body->'query')" \
  " IS DISTINCT FROM (e.body->>'source', e.body->>'remote_id', e.body->>'tag', e.body->>'analyst', e.body->>'code'," \
  " e.body->>'number', e.body->>'section', e.body->>'claim', e.body->'query')"

/* Each change carries an identity of its own, made when it was queued
 * ("change" in its body): the same number with the same identity is a
 * retry, whatever its contents became meanwhile (a query edited between
 * a push cut off and its retry). A change from before identities were
 * sent is told by its key. */
#define CHANGE_DIFFERS \
  "CASE WHEN v.body->>'change' IS NOT NULL AND e.body->>'change' IS NOT NULL" \
  " THEN v.body->>'change' <> e.body->>'change' ELSE " CHANGE_KEY_DIFFERS " END"

/* The catalog's "schema-version" is the oldest team schema of its
 * incidents; each incident says which it has, as schema 1 did not. */
static const char *catalog_sql =
  "CREATE SCHEMA IF NOT EXISTS peil;"
  "CREATE TABLE IF NOT EXISTS peil.meta (key text PRIMARY KEY, value text NOT NULL);"
  "CREATE TABLE IF NOT EXISTS peil.incident ("
  "  id serial PRIMARY KEY,"
  "  name text NOT NULL UNIQUE CHECK (name <> ''),"
  "  created_at timestamptz NOT NULL DEFAULT now (),"
  "  created_by name NOT NULL DEFAULT current_user);"
  "ALTER TABLE peil.incident ADD COLUMN IF NOT EXISTS schema_version integer NOT NULL DEFAULT 1;"
  "GRANT USAGE ON SCHEMA peil TO PUBLIC;"
  "GRANT SELECT ON peil.incident, peil.meta TO PUBLIC;"
  "INSERT INTO peil.meta VALUES ('schema-version', '1') ON CONFLICT DO NOTHING;";

/* An incident's schema is made as schema 1 was, then brought up to date
 * by the same steps as an incident made by an older Peil, so that the two
 * are alike. %1$s is the incident's schema. */
#define INCIDENT_SQL \
  "CREATE SCHEMA %1$s;" \
  "CREATE TABLE %1$s.info (key text PRIMARY KEY, value text NOT NULL);" \
  "CREATE TABLE %1$s.event (" \
  "  seq bigserial PRIMARY KEY," \
  "  origin text NOT NULL," \
  "  origin_id bigint NOT NULL," \
  "  kind text NOT NULL," \
  "  role name NOT NULL DEFAULT current_user," \
  "  at bigint NOT NULL," \
  "  body jsonb NOT NULL," \
  "  pushed_at timestamptz NOT NULL DEFAULT clock_timestamp ()," \
  "  UNIQUE (origin, origin_id));" \
  "CREATE TABLE %1$s.post (" \
  "  id bigserial PRIMARY KEY," \
  "  source text NOT NULL," \
  "  remote_id text NOT NULL," \
  "  created_at bigint NOT NULL DEFAULT 0," \
  "  claimed_by text," \
  "  claimed_until timestamptz," \
  "  UNIQUE (source, remote_id));" \
  /* n walks this from the newest and stops at the first post to hand out. */ \
  "CREATE INDEX post_newest ON %1$s.post (created_at DESC, id);" \
  "CREATE TABLE %1$s.tag_def (" \
  "  code text PRIMARY KEY," \
  "  dimension text NOT NULL," \
  "  facet boolean NOT NULL DEFAULT false," \
  "  single boolean NOT NULL DEFAULT false);" \
  "CREATE TABLE %1$s.post_tag (" \
  "  post_id bigint NOT NULL REFERENCES %1$s.post ON DELETE CASCADE," \
  "  tag text NOT NULL," \
  "  analyst text NOT NULL," \
  "  PRIMARY KEY (post_id, tag, analyst));" \
  "CREATE TABLE %1$s.assignment (" \
  "  analyst text NOT NULL," \
  "  kind text NOT NULL CHECK (kind IN ('source', 'dimension'))," \
  "  value text NOT NULL," \
  "  PRIMARY KEY (analyst, kind, value));" \
  "CREATE TABLE %1$s.gather_lease (" \
  "  query_key text PRIMARY KEY," \
  "  replica text NOT NULL," \
  "  until timestamptz NOT NULL);" \
  "CREATE TABLE %1$s.presence (" \
  "  replica text PRIMARY KEY," \
  "  analyst text NOT NULL," \
  "  role name NOT NULL DEFAULT current_user," \
  "  doing text NOT NULL DEFAULT ''," \
  "  seen_at timestamptz NOT NULL DEFAULT now ());" \
  /* What a change means for handing out work, in its own transaction. */ \
  "CREATE FUNCTION %1$s.apply_event () RETURNS trigger LANGUAGE plpgsql AS $f$" \
  "DECLARE target bigint;" \
  "BEGIN" \
  "  IF NEW.kind = 'post' THEN" \
  "    INSERT INTO %1$s.post (source, remote_id, created_at)" \
  "      VALUES (NEW.body->>'source', NEW.body->>'remote_id', coalesce ((NEW.body->>'created_at')::bigint, 0))" \
  "      ON CONFLICT DO NOTHING;" \
  "  ELSIF NEW.kind = 'tag-def' THEN" \
  "    INSERT INTO %1$s.tag_def VALUES (NEW.body->>'code', NEW.body->>'dimension'," \
  "      coalesce ((NEW.body->>'facet')::boolean, false), coalesce ((NEW.body->>'single')::boolean, false))" \
  "      ON CONFLICT DO NOTHING;" \
  "  ELSIF NEW.kind IN ('tag', 'untag') THEN" \
  "    SELECT id INTO target FROM %1$s.post" \
  "      WHERE source = NEW.body->>'source' AND remote_id = NEW.body->>'remote_id';" \
  "    IF target IS NULL OR NEW.body->>'tag' IS NULL THEN RETURN NULL; END IF;" \
  "    IF NEW.kind = 'untag' THEN" \
  "      DELETE FROM %1$s.post_tag WHERE post_id = target" \
  "        AND tag = NEW.body->>'tag' AND analyst = coalesce (NEW.body->>'analyst', NEW.role);" \
  "    ELSE" \
  "      DELETE FROM %1$s.post_tag WHERE post_id = target AND tag <> NEW.body->>'tag' AND tag IN" \
  "        (SELECT o.code FROM %1$s.tag_def o JOIN %1$s.tag_def t ON t.dimension = o.dimension" \
  "         WHERE t.code = NEW.body->>'tag' AND t.single);" \
  "      INSERT INTO %1$s.post_tag VALUES (target, NEW.body->>'tag', coalesce (NEW.body->>'analyst', NEW.role))" \
  "        ON CONFLICT DO NOTHING;" \
  "    END IF;" \
  "  END IF;" \
  "  RETURN NULL;" \
  "END $f$;" \
  "CREATE TRIGGER event_apply AFTER INSERT ON %1$s.event" \
  "  FOR EACH ROW EXECUTE FUNCTION %1$s.apply_event ();" \
  "CREATE FUNCTION %1$s.refuse_change () RETURNS trigger LANGUAGE plpgsql AS $f$" \
  "BEGIN RAISE EXCEPTION 'the event log is append-only'; END $f$;" \
  "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON %1$s.event" \
  "  FOR EACH ROW EXECUTE FUNCTION %1$s.refuse_change ();"

/* Schema 2: posts by the saved queries that found them, for assigning an
 * analyst a query. A query is the team's by its source, text and
 * settings, joined by character 31 (its key); a change of them carries
 * the key it had, and what held the old key takes the new one. What the
 * log holds already is applied as if this had always been there, and the
 * roles let in before may use the new table. */
#define MIGRATION_TO_2 \
  "ALTER TABLE %1$s.assignment DROP CONSTRAINT assignment_kind_check;" \
  "ALTER TABLE %1$s.assignment ADD CONSTRAINT assignment_kind_check" \
  "  CHECK (kind IN ('source', 'dimension', 'query'));" \
  "CREATE TABLE %1$s.post_query (" \
  "  post_id bigint NOT NULL REFERENCES %1$s.post ON DELETE CASCADE," \
  "  query_key text NOT NULL," \
  "  PRIMARY KEY (post_id, query_key));" \
  "CREATE INDEX post_query_by_key ON %1$s.post_query (query_key);" \
  "CREATE FUNCTION %1$s.query_key (q jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS" \
  "  $f$SELECT coalesce (q->>'source', '') || chr (31) || coalesce (q->>'text', '') || chr (31)" \
  "     || coalesce (q->>'options', '{}')$f$;" \
  "CREATE FUNCTION %1$s.apply_query_change (change text, body jsonb) RETURNS void LANGUAGE plpgsql AS $f$" \
  "DECLARE target bigint; was text; now_key text;" \
  "BEGIN" \
  "  IF change = 'post-query' AND jsonb_typeof (body->'query') = 'object' THEN" \
  "    SELECT id INTO target FROM %1$s.post WHERE source = body->>'source' AND remote_id = body->>'remote_id';" \
  "    IF target IS NOT NULL THEN" \
  "      INSERT INTO %1$s.post_query VALUES (target, %1$s.query_key (body->'query')) ON CONFLICT DO NOTHING;" \
  "    END IF;" \
  "  ELSIF change = 'query' AND jsonb_typeof (body->'was') = 'object' THEN" \
  "    was := %1$s.query_key (body->'was');" \
  "    now_key := %1$s.query_key (body);" \
  "    IF was <> now_key THEN" \
  "      INSERT INTO %1$s.post_query SELECT post_id, now_key FROM %1$s.post_query WHERE query_key = was" \
  "        ON CONFLICT DO NOTHING;" \
  "      DELETE FROM %1$s.post_query WHERE query_key = was;" \
  "      INSERT INTO %1$s.assignment SELECT analyst, kind, now_key FROM %1$s.assignment" \
  "        WHERE kind = 'query' AND value = was ON CONFLICT DO NOTHING;" \
  "      DELETE FROM %1$s.assignment WHERE kind = 'query' AND value = was;" \
  "    END IF;" \
  "  END IF;" \
  "END $f$;" \
  "CREATE FUNCTION %1$s.apply_query_event () RETURNS trigger LANGUAGE plpgsql AS $f$" \
  "BEGIN PERFORM %1$s.apply_query_change (NEW.kind, NEW.body); RETURN NULL; END $f$;" \
  /* Named after event_apply, so that it runs after it for each row. */ \
  "CREATE TRIGGER event_apply_query AFTER INSERT ON %1$s.event" \
  "  FOR EACH ROW WHEN (NEW.kind IN ('post-query', 'query')) EXECUTE FUNCTION %1$s.apply_query_event ();" \
  "DO $d$ DECLARE e record; BEGIN" \
  "  FOR e IN SELECT kind, body FROM %1$s.event WHERE kind IN ('post-query', 'query') ORDER BY seq LOOP" \
  "    PERFORM %1$s.apply_query_change (e.kind, e.body);" \
  "  END LOOP; END $d$;" \
  "DO $d$ DECLARE r text; BEGIN" \
  "  FOR r IN SELECT DISTINCT a.grantee::regrole::text FROM pg_class c, aclexplode (c.relacl) a" \
  "    WHERE c.oid = '%1$s.post'::regclass AND a.privilege_type = 'DELETE' AND a.grantee NOT IN (0, c.relowner) LOOP" \
  "    EXECUTE format ('GRANT SELECT, INSERT, UPDATE, DELETE ON %1$s.post_query TO %%s', r);" \
  "  END LOOP; END $d$;"

/* Schema 3: of a change a role writes only the change itself (origin,
 * origin_id, kind, at, body); the server numbers it under the push lock,
 * whoever inserts it and however, and says which role pushed it and
 * when. A replica's name belongs to the role that first pushed under it,
 * so that no analyst pushes as another's replica. A post's time later
 * than the server's is the server's, so that a post from the future does
 * not top every list (an exercise's clock may run ahead of the wall's). Saved queries are known by the id their replica
 * gave them: of two alike, removing or changing one leaves the other, and
 * its assignments, as they are; a query's assignments go with the last
 * query of their key. %1$s is the incident's schema, %2$s its push lock. */
#define MIGRATION_TO_3 \
  "CREATE TABLE %1$s.origin_role (origin text PRIMARY KEY, role name NOT NULL);" \
  "INSERT INTO %1$s.origin_role SELECT DISTINCT ON (origin) origin, role FROM %1$s.event ORDER BY origin, seq;" \
  "CREATE FUNCTION %1$s.stamp_event () RETURNS trigger LANGUAGE plpgsql AS $f$" \
  "DECLARE holder name; now_s bigint := floor (extract (epoch FROM now ()))::bigint;" \
  "BEGIN" \
  "  PERFORM pg_advisory_xact_lock (%2$s);" \
  "  NEW.seq := nextval (pg_get_serial_sequence ('%1$s.event', 'seq'));" \
  "  NEW.role := current_user;" \
  "  NEW.pushed_at := clock_timestamp ();" \
  "  INSERT INTO %1$s.origin_role VALUES (NEW.origin, current_user) ON CONFLICT DO NOTHING;" \
  "  SELECT role INTO holder FROM %1$s.origin_role WHERE origin = NEW.origin;" \
  "  IF holder <> current_user THEN" \
  "    RAISE EXCEPTION 'replica %% pushes as role %%; role %% may not push under its name', NEW.origin, holder, current_user" \
  "      USING ERRCODE = '42501';" \
  "  END IF;" \
  "  IF NEW.kind = 'post' AND jsonb_typeof (NEW.body->'created_at') = 'number'" \
  "     AND (NEW.body->>'created_at')::numeric > now_s" \
  "     AND NOT EXISTS (SELECT 1 FROM %1$s.info WHERE key = 'exercise' AND value = 'true') THEN" \
  "    NEW.body := jsonb_set (NEW.body, '{created_at}', to_jsonb (now_s));" \
  "  END IF;" \
  "  RETURN NEW;" \
  "END $f$;" \
  "CREATE TRIGGER event_stamp BEFORE INSERT ON %1$s.event FOR EACH ROW EXECUTE FUNCTION %1$s.stamp_event ();" \
  "CREATE TABLE %1$s.query (id text PRIMARY KEY, query_key text NOT NULL);" \
  "CREATE INDEX query_by_key ON %1$s.query (query_key);" \
  "CREATE OR REPLACE FUNCTION %1$s.apply_query_change (change text, body jsonb) RETURNS void LANGUAGE plpgsql AS $f$" \
  "DECLARE target bigint; was text; now_key text; others boolean;" \
  "BEGIN" \
  "  IF change = 'post-query' AND jsonb_typeof (body->'query') = 'object' THEN" \
  "    SELECT id INTO target FROM %1$s.post WHERE source = body->>'source' AND remote_id = body->>'remote_id';" \
  "    IF target IS NOT NULL THEN" \
  "      INSERT INTO %1$s.post_query VALUES (target, %1$s.query_key (body->'query')) ON CONFLICT DO NOTHING;" \
  "    END IF;" \
  "  ELSIF change = 'query-removed' AND jsonb_typeof (body->'was') = 'object' THEN" \
  "    was := %1$s.query_key (body->'was');" \
  "    DELETE FROM %1$s.query WHERE id = body->>'id';" \
  "    IF NOT EXISTS (SELECT 1 FROM %1$s.query WHERE query_key = was) THEN" \
  "      DELETE FROM %1$s.assignment WHERE kind = 'query' AND value = was;" \
  "    END IF;" \
  "  ELSIF change = 'query' THEN" \
  "    now_key := %1$s.query_key (body);" \
  "    was := CASE WHEN jsonb_typeof (body->'was') = 'object' THEN %1$s.query_key (body->'was') ELSE now_key END;" \
  "    IF body->>'id' IS NOT NULL THEN" \
  "      INSERT INTO %1$s.query VALUES (body->>'id', now_key) ON CONFLICT (id) DO UPDATE SET query_key = now_key;" \
  "    END IF;" \
  "    IF was <> now_key THEN" \
  "      others := EXISTS (SELECT 1 FROM %1$s.query WHERE query_key = was);" \
  "      INSERT INTO %1$s.post_query SELECT post_id, now_key FROM %1$s.post_query WHERE query_key = was" \
  "        ON CONFLICT DO NOTHING;" \
  "      INSERT INTO %1$s.assignment SELECT analyst, kind, now_key FROM %1$s.assignment" \
  "        WHERE kind = 'query' AND value = was ON CONFLICT DO NOTHING;" \
  "      IF NOT others THEN" \
  "        DELETE FROM %1$s.post_query WHERE query_key = was;" \
  "        DELETE FROM %1$s.assignment WHERE kind = 'query' AND value = was;" \
  "      END IF;" \
  "    END IF;" \
  "  END IF;" \
  "END $f$;" \
  "CREATE TRIGGER event_apply_query_removed AFTER INSERT ON %1$s.event" \
  "  FOR EACH ROW WHEN (NEW.kind = 'query-removed') EXECUTE FUNCTION %1$s.apply_query_event ();"

/* What a role let in may write from schema 3 on; %1$s is the incident's
 * schema, %2$s the role. */
#define GRANT_SQL_3 \
  "REVOKE INSERT ON %1$s.event FROM %2$s;" \
  "GRANT INSERT (origin, origin_id, kind, at, body) ON %1$s.event TO %2$s;" \
  "GRANT SELECT, INSERT, UPDATE, DELETE ON %1$s.query TO %2$s;" \
  "GRANT SELECT, INSERT ON %1$s.origin_role TO %2$s;" \
  "REVOKE UPDATE, DELETE ON %1$s.origin_role FROM %2$s;"

/* Every table of the incident, whichever schema it has; the log and the
 * incident's description are only added to. */
#define GRANT_SQL \
  "GRANT USAGE ON SCHEMA %1$s TO %2$s;" \
  "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %1$s TO %2$s;" \
  "REVOKE UPDATE, DELETE ON %1$s.event, %1$s.info FROM %2$s;" \
  "GRANT USAGE ON ALL SEQUENCES IN SCHEMA %1$s TO %2$s;"

#define REVOKE_SQL \
  "REVOKE ALL ON ALL TABLES IN SCHEMA %1$s FROM %2$s;" \
  "REVOKE ALL ON ALL SEQUENCES IN SCHEMA %1$s FROM %2$s;" \
  "REVOKE ALL ON SCHEMA %1$s FROM %2$s;"

/**
 * peil_team_member_free:
 * @member: (nullable) (transfer full): a #PeilTeamMember
 *
 * Frees @member and its strings.
 */
void
peil_team_member_free (PeilTeamMember *member)
{
  if (member == NULL)
    return;
  g_free (member->analyst);
  g_free (member->role);
  g_free (member->doing);
  g_free (member);
}

void
peil_team_event_free (PeilTeamEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->origin);
  g_free (event->kind);
  g_free (event->role);
  g_clear_pointer (&event->body, json_object_unref);
  g_free (event);
}

static void
peil_team_server_finalize (GObject *object)
{
  PeilTeamServer *self = PEIL_TEAM_SERVER (object);

  g_clear_pointer (&self->connection, PQfinish);
  g_free (self->address);
  g_free (self->role);
  g_hash_table_unref (self->versions);

  G_OBJECT_CLASS (peil_team_server_parent_class)->finalize (object);
}

static void
peil_team_server_class_init (PeilTeamServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_team_server_finalize;
}

static void
peil_team_server_init (PeilTeamServer *self)
{
  self->versions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* The server's words follow ours: they name the table or role at fault. */
static gboolean
set_error (PeilTeamServer  *self,
           PGresult        *result,
           GError         **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  /* The server's primary message, without libpq's "ERROR:  " before it. */
  g_autofree char *detail = g_strstrip (g_strdup (primary != NULL ? primary
                                                  : result && PQresultErrorMessage (result)[0]
                                                  ? PQresultErrorMessage (result)
                                                  : PQerrorMessage (self->connection)));

  /* No SQLSTATE: libpq's own failure, such as a server gone mid-query;
   * class 08 and 57P are lost connections and shutting-down servers. */
  if (PQstatus (self->connection) != CONNECTION_OK || state == NULL ||
      g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_OFFLINE,
                 _("The connection to the team server was lost: %s"), detail);
  else if (g_strcmp0 (state, "42501") == 0)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_DENIED,
                 _("The team server refuses role “%s” here; ask the shift lead to grant it: %s"),
                 self->role, detail);
  else
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_DATABASE, _("The team server refused: %s"), detail);
  return FALSE;
}

/* Seconds a round trip with the server may take. */
static guint
call_timeout (void)
{
  const char *text = g_getenv ("PEIL_TEAM_TIMEOUT");
  guint64 seconds;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 24 * 3600, &seconds, NULL))
    return (guint)seconds;
  return 30;
}

/* Closes the connection of a server that did not answer in time: what it
 * was asked is rolled back when it reads on, and nothing here waits for
 * it any more. */
static gboolean
time_out (PeilTeamServer  *self,
          GError         **error)
{
  g_clear_pointer (&self->connection, PQfinish);
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_OFFLINE,
               _("The team server did not answer within %u s"), call_timeout ());
  return FALSE;
}

static gboolean
closed (GError **error)
{
  g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_OFFLINE,
                       _("The connection to the team server was closed when it did not answer; try again"));
  return FALSE;
}

/* Waits until the connection's socket is ready for @events, or the
 * deadline (monotonic time) has passed. */
static gboolean
wait_socket (PeilTeamServer  *self,
             short            events,
             gint64           deadline,
             short           *out_revents,
             GError         **error)
{
  struct pollfd fd = { PQsocket (self->connection), events, 0 };

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      int ready;

      if (left <= 0)
        return time_out (self, error);
      ready = poll (&fd, 1, (int)MIN ((left + 999) / 1000, G_MAXINT));
      if (ready > 0)
        {
          *out_revents = fd.revents;
          return TRUE;
        }
      if (ready < 0 && errno != EINTR)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_OFFLINE,
                       _("The connection to the team server was lost: %s"), g_strerror (errno));
          return FALSE;
        }
    }
}

/* Sends what libpq holds for the server, reading meanwhile what the
 * server sends, so that neither side waits for the other. */
static gboolean
flush (PeilTeamServer  *self,
       gint64           deadline,
       GError         **error)
{
  int left;

  while ((left = PQflush (self->connection)) == 1)
    {
      short revents = 0;

      if (!wait_socket (self, POLLIN | POLLOUT, deadline, &revents, error))
        return FALSE;
      if ((revents & POLLIN) && !PQconsumeInput (self->connection))
        return set_error (self, NULL, error);
    }
  return left == 0 || set_error (self, NULL, error);
}

/* Runs @sql with text parameters; returns the result if it succeeded. */
static PGresult *
run (PeilTeamServer     *self,
     const char         *sql,
     int                 n_params,
     const char * const *params,
     GError            **error)
{
  gint64 deadline = g_get_monotonic_time () + call_timeout () * G_USEC_PER_SEC;
  PGresult *result = NULL;
  PGresult *next;
  ExecStatusType status;

  if (self->connection == NULL)
    return (closed (error), NULL);
  /* Without parameters, several statements may go in one string. */
  if (!(n_params == 0 ? PQsendQuery (self->connection, sql)
                      : PQsendQueryParams (self->connection, sql, n_params, NULL, params, NULL, NULL, 0)))
    return (set_error (self, NULL, error), NULL);
  if (!flush (self, deadline, error))
    return NULL;

  /* The last statement's result, or the first failure (the server runs
   * nothing after it). */
  for (;;)
    {
      while (PQisBusy (self->connection))
        {
          short revents = 0;

          if (!wait_socket (self, POLLIN, deadline, &revents, error) ||
              (!PQconsumeInput (self->connection) && !set_error (self, NULL, error)))
            {
              PQclear (result);
              return NULL;
            }
        }
      if ((next = PQgetResult (self->connection)) == NULL)
        break;
      status = PQresultStatus (result);
      if (result != NULL && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        PQclear (next);
      else
        {
          PQclear (result);
          result = next;
        }
    }

  status = PQresultStatus (result);
  if (result != NULL && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK))
    return result;
  set_error (self, result, error);
  PQclear (result);
  return NULL;
}

static gboolean
run_command (PeilTeamServer     *self,
             const char         *sql,
             int                 n_params,
             const char * const *params,
             GError            **error)
{
  PGresult *result = run (self, sql, n_params, params, error);

  PQclear (result);
  return result != NULL;
}

static void
rollback (PeilTeamServer *self)
{
  if (self->connection != NULL)
    PQclear (run (self, "ROLLBACK", 0, NULL, NULL));
}

/* A connection string as libpq knows it (a URL, "service=…", key=value),
 * written back without a password, so that it can be kept in a file. */
static char *
address_without_password (const char *address)
{
  PQconninfoOption *options = PQconninfoParse (address, NULL);
  GString *kept = g_string_new (NULL);

  if (options == NULL)
    return g_string_free (kept, FALSE);
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL || g_str_equal (option->keyword, "password"))
        continue;
      if (kept->len > 0)
        g_string_append_c (kept, ' ');
      g_string_append_printf (kept, "%s='", option->keyword);
      for (const char *c = option->val; *c; c++)
        {
          if (*c == '\'' || *c == '\\')
            g_string_append_c (kept, '\\');
          g_string_append_c (kept, *c);
        }
      g_string_append_c (kept, '\'');
    }
  PQconninfoFree (options);
  return g_string_free (kept, FALSE);
}

static gboolean
has_password (const char *address)
{
  PQconninfoOption *options = PQconninfoParse (address, NULL);
  gboolean found = FALSE;

  for (PQconninfoOption *option = options; option && option->keyword != NULL; option++)
    found |= g_str_equal (option->keyword, "password") && option->val != NULL;
  PQconninfoFree (options);
  return found;
}

/* The server's notices ("role … does not exist, skipping") are for
 * whoever debugs, not for a terminal in the middle of a command. */
static void
log_notice (void       *user_data,
            const char *message)
{
  g_debug ("Team server: %s", message);
}

/**
 * peil_team_server_connect:
 * @address: a libpq connection string or URL; a password may also come
 *   from `~/.pgpass`, a service file or the keyring
 *   (`peil-cli login postgresql --instance ADDRESS`)
 *
 * Connects to a team's PostgreSQL server, with keepalives and a time limit, so
 * that a broken network is noticed. It blocks on the network, so do not call
 * it on the main thread; a refused login fails with %PEIL_ERROR_DENIED, an
 * unreachable server with %PEIL_ERROR_OFFLINE.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
PeilTeamServer *
peil_team_server_connect (const char  *address,
                          GError     **error)
{
  g_autoptr(PeilTeamServer) self = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *secret = NULL;
  PQconninfoOption *check;
  char *parse_error = NULL;
  /* Keepalives find a server gone behind a broken network within about a
   * minute, where a connection would otherwise wait for good. These come
   * before the address, so that what the address says wins. Connecting
   * takes no longer than a call may. */
  g_autofree char *connect_timeout = g_strdup_printf ("%u", MIN (call_timeout (), 10));
  const char *keywords[] = { "application_name", "connect_timeout", "keepalives", "keepalives_idle",
                             "keepalives_interval", "keepalives_count", "tcp_user_timeout", "dbname", NULL, NULL };
  const char *values[] = { "peil", connect_timeout, "1", "30", "10", "3", "60000", address, NULL, NULL };
  const guint secret_at = G_N_ELEMENTS (keywords) - 2;

  g_return_val_if_fail (address != NULL, NULL);

  if ((check = PQconninfoParse (address, &parse_error)) == NULL)
    {
      /* The address as typed may hold a password: not repeated. */
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("This is not a server address: %s"),
                   parse_error ? g_strstrip (parse_error) : "");
      PQfreemem (parse_error);
      return NULL;
    }
  PQconninfoFree (check);

  stored = address_without_password (address);
  /* Only a session with a keyring is asked; a headless run has .pgpass.
   * `peil-cli login postgresql` stores the password under the same
   * normalized address, however the address was written. */
  if (!has_password (address) && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL &&
      (secret = peil_credentials_lookup ("postgresql", stored, NULL, NULL)) != NULL)
    {
      keywords[secret_at] = "password";
      values[secret_at] = secret;
    }

  self = g_object_new (PEIL_TYPE_TEAM_SERVER, NULL);
  self->address = g_steal_pointer (&stored);
  self->connection = PQconnectdbParams (keywords, values, TRUE);
  if (PQstatus (self->connection) != CONNECTION_OK)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->connection)));

      /* Reached but not let in is not the network's fault, and trying
       * again will not help: say so. */
      if (PQconnectionNeedsPassword (self->connection) || strstr (detail, "authentication failed") ||
          strstr (detail, "does not exist") || strstr (detail, "no pg_hba.conf entry"))
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_DENIED,
                     _("The team server did not let you in (check the role, and its password in ~/.pgpass "
                       "or with “peil-cli login postgresql”): %s"), detail);
      else
        {
          /* libpq's first line says what failed; the rest are hints for
           * a server's administrator, too long for a toast. */
          char *newline = strchr (detail, '\n');

          if (newline != NULL)
            *newline = '\0';
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_OFFLINE,
                       _("Could not reach the team server: %s"), g_strstrip (detail));
        }
      return NULL;
    }
  self->role = g_strdup (PQuser (self->connection));
  PQsetNoticeProcessor (self->connection, log_notice, NULL);
  if (PQsetnonblocking (self->connection, 1) != 0)
    {
      set_error (self, NULL, error);
      return NULL;
    }
  if (!run_command (self, "SET client_min_messages = warning", 0, NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * peil_team_server_normalize_address:
 *
 * Puts a server address in one canonical form, so that the same server written
 * two ways is one server, and a password never reaches the incident file.
 *
 * Returns: (transfer full) (nullable): @address as Peil keeps it (and as
 *   the keyring knows it): libpq's keywords in libpq's order, without a
 *   password; %NULL when it is not an address
 */
char *
peil_team_server_normalize_address (const char *address)
{
  PQconninfoOption *check = address ? PQconninfoParse (address, NULL) : NULL;

  if (check == NULL)
    return NULL;
  PQconninfoFree (check);
  return address_without_password (address);
}

/**
 * peil_team_server_get_address:
 * @self: a #PeilTeamServer
 *
 * Gets the server's address.
 *
 * Returns: (transfer none): the address @self was connected with, without
 *   a password, as peil_team_server_normalize_address() writes it: fit
 *   to show and to store
 */
const char *
peil_team_server_get_address (PeilTeamServer *self)
{
  g_return_val_if_fail (PEIL_IS_TEAM_SERVER (self), NULL);
  return self->address;
}

/**
 * peil_team_server_get_role:
 * @self: a #PeilTeamServer
 *
 * Gets the role the connection logged in as.
 *
 * Returns: (transfer none): the PostgreSQL role the connection logged in
 *   as, which marks the analyst's changes on the server
 */
const char *
peil_team_server_get_role (PeilTeamServer *self)
{
  g_return_val_if_fail (PEIL_IS_TEAM_SERVER (self), NULL);
  return self->role;
}

static char *
schema_name (gint64 incident)
{
  return g_strdup_printf ("peil_incident_%" G_GINT64_FORMAT, incident);
}

/* The steps from one team schema to the next, by the schema they lead to. */
static char *
incident_migration (int     to,
                    gint64  id)
{
  g_autofree char *schema = schema_name (id);
  g_autofree char *lock = NULL;

  switch (to)
    {
    case 2:
      return g_strdup_printf (MIGRATION_TO_2, schema);

    case 3:
      lock = g_strdup_printf ("%d, %" G_GINT64_FORMAT, PUSH_LOCK_CLASS, id);
      return g_strdup_printf (MIGRATION_TO_3, schema, lock);

    default:
      g_assert_not_reached ();
    }
}

/* The roles let in before schema 3 may write what it lets them. */
static gboolean
regrant_schema_3 (PeilTeamServer  *self,
                  const char      *schema,
                  GError         **error)
{
  g_autofree char *event = g_strconcat (schema, ".event", NULL);
  const char *params[] = { event };
  PGresult *result = run (self, "SELECT DISTINCT a.grantee::regrole::text FROM pg_class c, aclexplode (c.relacl) a"
                                " WHERE c.oid = $1::regclass AND a.privilege_type = 'INSERT'"
                                " AND a.grantee NOT IN (0, c.relowner)", 1, params, error);

  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      g_autofree char *sql = g_strdup_printf (GRANT_SQL_3, schema, PQgetvalue (result, i, 0));

      if (!run_command (self, sql, 0, NULL, error))
        {
          PQclear (result);
          return FALSE;
        }
    }
  PQclear (result);
  return TRUE;
}

/* Inside the caller's transaction: incident @id from team schema @from to
 * this Peil's. */
static gboolean
migrate_incident (PeilTeamServer  *self,
                  gint64           id,
                  int              from,
                  GError         **error)
{
  g_autofree char *schema = schema_name (id);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *version = g_strdup_printf ("%d", PEIL_TEAM_SCHEMA_VERSION);
  const char *params[] = { id_text, version };

  for (int to = from + 1; to <= PEIL_TEAM_SCHEMA_VERSION; to++)
    {
      g_autofree char *sql = incident_migration (to, id);

      if (!run_command (self, sql, 0, NULL, error) ||
          (to == 3 && !regrant_schema_3 (self, schema, error)))
        return FALSE;
    }
  return run_command (self, "UPDATE peil.incident SET schema_version = $2 WHERE id = $1", 2, params, error);
}

/* The team schema the catalog says its incidents have; 0 with @error set. */
static int
catalog_version (PeilTeamServer  *self,
                 GError         **error)
{
  PGresult *result = run (self, "SELECT value FROM peil.meta WHERE key = 'schema-version'", 0, NULL, error);
  int version;

  if (result == NULL)
    return 0;
  version = PQntuples (result) > 0 ? (int)g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10) : 1;
  PQclear (result);
  return MAX (version, 1);
}

/* An incident's schema only ever grows, and once it is this Peil's there
 * is no need to ask again; an older one may be brought up to date by
 * `team init` while this connection lasts. */
static void
remember_version (PeilTeamServer *self,
                  gint64          incident,
                  int             version)
{
  if (version >= PEIL_TEAM_SCHEMA_VERSION)
    g_hash_table_insert (self->versions, g_memdup2 (&incident, sizeof incident), GINT_TO_POINTER (version));
}

/* The team schema of an incident; a catalog of schema 1 has no column for
 * it, hence the row as JSON. 0 with @error set. */
static int
incident_version (PeilTeamServer  *self,
                  gint64           incident,
                  GError         **error)
{
  g_autofree char *id_text = NULL;
  const char *params[1];
  gpointer known = g_hash_table_lookup (self->versions, &incident);
  PGresult *result;
  int version;

  if (known != NULL)
    return GPOINTER_TO_INT (known);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, incident);
  params[0] = id_text;
  if (!(result = run (self, "SELECT coalesce ((to_jsonb (i)->>'schema_version')::int, 1) FROM peil.incident i"
                            " WHERE id = $1", 1, params, error)))
    return 0;
  version = PQntuples (result) > 0 ? (int)g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10) : 1;
  PQclear (result);
  remember_version (self, incident, version);
  return version;
}

/**
 * peil_team_server_set_up:
 *
 * Creates the team catalog on the server, or brings it and every incident
 * on it up to date, in one transaction; run by whoever administers the
 * server (the catalog's owner, or a superuser), once per Peil that brings
 * a new team schema.
 */
/* Setting up takes other rights than working in a team incident, and
 * the shift lead's grant is no help: the message says who can. */
static gboolean
may_set_up (PeilTeamServer  *self,
            GError         **error)
{
  PGresult *result = run (self, "SELECT has_database_privilege (current_database (), 'CREATE'),"
                                " (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'peil'),"
                                " (SELECT pg_has_role (nspowner, 'USAGE') FROM pg_namespace WHERE nspname = 'peil')",
                          0, NULL, error);
  gboolean may_create, catalog_made, owns_catalog;
  g_autofree char *owner = NULL;

  if (result == NULL)
    return FALSE;
  may_create = g_str_equal (PQgetvalue (result, 0, 0), "t");
  catalog_made = !PQgetisnull (result, 0, 1);
  owner = g_strdup (PQgetvalue (result, 0, 1));
  owns_catalog = g_str_equal (PQgetvalue (result, 0, 2), "t");
  PQclear (result);

  if (!catalog_made && !may_create)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_DENIED,
                   _("Role “%s” may not set up this server for team incidents: that takes the database’s owner "
                     "or a role allowed to create schemas in it"), self->role);
      return FALSE;
    }
  if (catalog_made && !owns_catalog)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_DENIED,
                   _("The team catalog on this server belongs to role “%s”; “peil-cli team init” is run as that role"),
                   owner);
      return FALSE;
    }
  return TRUE;
}

gboolean
peil_team_server_set_up (PeilTeamServer  *self,
                         GError         **error)
{
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock (%d, 0)", PUSH_LOCK_CLASS);
  g_autofree char *version = g_strdup_printf ("%d", PEIL_TEAM_SCHEMA_VERSION);
  const char *params[] = { version };
  PGresult *result = NULL;
  int catalog;

  g_return_val_if_fail (PEIL_IS_TEAM_SERVER (self), FALSE);

  if (!may_set_up (self, error) ||
      !run_command (self, "BEGIN", 0, NULL, error))
    return FALSE;
  if (!run_command (self, lock, 0, NULL, error) ||
      !run_command (self, catalog_sql, 0, NULL, error) ||
      (catalog = catalog_version (self, error)) == 0)
    goto failed;
  if (catalog > PEIL_TEAM_SCHEMA_VERSION)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
                   _("A newer Peil set this server up (team schema %d); update Peil to work with it"), catalog);
      goto failed;
    }

  if (!(result = run (self, "SELECT id, name, schema_version FROM peil.incident WHERE schema_version < $1"
                            " ORDER BY id", 1, params, error)))
    goto failed;
  for (int i = 0; i < PQntuples (result); i++)
    if (!migrate_incident (self, g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10),
                           (int)g_ascii_strtoll (PQgetvalue (result, i, 2), NULL, 10), error))
      {
        g_prefix_error (error, _("Could not bring the team incident “%s” up to date: "), PQgetvalue (result, i, 1));
        goto failed;
      }
  g_clear_pointer (&result, PQclear);

  if (!run_command (self, "UPDATE peil.meta SET value = $1 WHERE key = 'schema-version'", 1, params, error) ||
      !run_command (self, "COMMIT", 0, NULL, error))
    goto failed;
  return TRUE;

failed:
  g_clear_pointer (&result, PQclear);
  rollback (self);
  return FALSE;
}

static gboolean
require_catalog (PeilTeamServer  *self,
                 GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  PGresult *result = run (self, "SELECT to_regclass ('peil.incident') IS NOT NULL", 0, NULL, &local_error);
  gboolean there;

  if (result == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  there = g_str_equal (PQgetvalue (result, 0, 0), "t");
  PQclear (result);
  if (!there)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                 _("This server holds no team incidents yet; its administrator runs “peil-cli team init” first"));
  return there;
}

/*
 * peil_team_server_find_incident:
 * @create: make the incident's schema if there is none by that name
 *
 * Returns: the incident's number on the server, or 0 with @error set
 */
gint64
peil_team_server_find_incident (PeilTeamServer  *self,
                                const char      *name,
                                gboolean         create,
                                GError         **error)
{
  const char *params[] = { name };
  g_autofree char *schema = NULL;
  g_autofree char *sql = NULL;
  PGresult *result;
  gint64 id = 0;
  int version;

  if (!require_catalog (self, error))
    return 0;
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A team incident needs a name"));
      return 0;
    }

  if (!(result = run (self, "SELECT id, coalesce ((to_jsonb (i)->>'schema_version')::int, 1) FROM peil.incident i"
                            " WHERE name = $1", 1, params, error)))
    return 0;
  if (PQntuples (result) > 0)
    {
      id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      remember_version (self, id, (int)g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10));
    }
  PQclear (result);
  if (id > 0 || !create)
    {
      if (id == 0)
        g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                     _("The team server has no incident “%s”"), name);
      return id;
    }

  /* A new incident has this Peil's schema, which the catalog must know. */
  if ((version = catalog_version (self, error)) == 0)
    return 0;
  if (version != PEIL_TEAM_SCHEMA_VERSION)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED, version < PEIL_TEAM_SCHEMA_VERSION
                           ? _("The team server was set up by an older Peil; its administrator runs "
                               "“peil-cli team init” again before a new incident is published")
                           : _("A newer Peil set this server up; update Peil to publish here"));
      return 0;
    }

  if (!run_command (self, "BEGIN", 0, NULL, error))
    return 0;
  if (!(result = run (self, "INSERT INTO peil.incident (name) VALUES ($1) RETURNING id", 1, params, error)))
    {
      rollback (self);
      return 0;
    }
  id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);

  schema = schema_name (id);
  sql = g_strdup_printf (INCIDENT_SQL, schema);
  if (!run_command (self, sql, 0, NULL, error) ||
      !migrate_incident (self, id, 1, error) ||
      !run_command (self, "COMMIT", 0, NULL, error))
    {
      rollback (self);
      return 0;
    }
  remember_version (self, id, PEIL_TEAM_SCHEMA_VERSION);
  return id;
}

/**
 * peil_team_server_list_incidents:
 * @self: a #PeilTeamServer
 * @error: return location for a #GError
 *
 * Lists the server's team incidents by name, sorted. Whether the role may
 * open one is up to its owner (see peil_team_server_grant()).
 *
 * Returns: (transfer full): the names, or %NULL with @error set
 *   (%PEIL_ERROR_NOT_FOUND when the server was never set up with
 *   `peil-cli team init`)
 */
GStrv
peil_team_server_list_incidents (PeilTeamServer  *self,
                                 GError         **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  PGresult *result;

  g_return_val_if_fail (PEIL_IS_TEAM_SERVER (self), NULL);

  if (!require_catalog (self, error) ||
      !(result = run (self, "SELECT name FROM peil.incident ORDER BY name", 0, NULL, error)))
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_strv_builder_add (names, PQgetvalue (result, i, 0));
  PQclear (result);
  return g_strv_builder_end (names);
}

static gboolean
change_access (PeilTeamServer  *self,
               gboolean         grant,
               const char      *incident,
               const char      *role,
               GError         **error)
{
  g_autofree char *schema = NULL;
  g_autofree char *sql = NULL;
  const char *params[1];
  PGresult *result;
  gboolean owner;
  char *quoted_role;
  gint64 id;
  int version;

  /* PUBLIC is every role on the server, not an analyst. */
  if (role == NULL || *role == '\0' || g_ascii_strcasecmp (role, "public") == 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not an analyst’s role; name the role of one analyst"), role ? role : "");
      return FALSE;
    }
  if ((id = peil_team_server_find_incident (self, incident, FALSE, error)) == 0 ||
      (version = incident_version (self, id, error)) == 0)
    return FALSE;
  schema = schema_name (id);

  /* The server only warns when a role that does not own the incident
   * grants or revokes, and changes nothing. */
  params[0] = schema;
  if (!(result = run (self, "SELECT pg_has_role (current_user, nspowner, 'USAGE'), nspowner::regrole::text"
                            " FROM pg_namespace WHERE nspname = $1", 1, params, error)))
    return FALSE;
  owner = PQntuples (result) > 0 && g_str_equal (PQgetvalue (result, 0, 0), "t");
  if (!owner)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_DENIED,
                 _("Only the owner of the team incident “%s” (role “%s”) can let analysts in or out"),
                 incident, PQntuples (result) > 0 ? PQgetvalue (result, 0, 1) : "");
  PQclear (result);
  if (!owner)
    return FALSE;

  if (!(quoted_role = PQescapeIdentifier (self->connection, role, strlen (role))))
    return set_error (self, NULL, error);
  sql = grant ? g_strdup_printf (GRANT_SQL, schema, quoted_role)
              : g_strdup_printf (REVOKE_SQL, schema, quoted_role);
  if (grant && version >= 3)
    {
      g_autofree char *more = g_strdup_printf (GRANT_SQL_3, schema, quoted_role);
      char *both = g_strconcat (sql, more, NULL);

      g_free (sql);
      sql = both;
    }
  PQfreemem (quoted_role);
  return run_command (self, sql, 0, NULL, error);
}

/**
 * peil_team_server_grant:
 * @role: a PostgreSQL role, one per analyst
 *
 * Lets @role read and add to @incident; run as the incident's owner.
 */
gboolean
peil_team_server_grant (PeilTeamServer  *self,
                        const char      *incident,
                        const char      *role,
                        GError         **error)
{
  g_return_val_if_fail (PEIL_IS_TEAM_SERVER (self), FALSE);
  return change_access (self, TRUE, incident, role, error);
}

/**
 * peil_team_server_revoke:
 * @self: a #PeilTeamServer
 * @incident: the team incident's name
 * @role: a PostgreSQL role, one per analyst
 * @error: return location for a #GError
 *
 * Takes away what peil_team_server_grant() gave: @role can no longer read
 * or add to @incident. Run as the incident's owner; the work @role did
 * stays in the incident.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%PEIL_ERROR_DENIED
 *   when @self's role does not own @incident, %PEIL_ERROR_INVALID when
 *   @role is empty or `public`)
 */
gboolean
peil_team_server_revoke (PeilTeamServer  *self,
                         const char      *incident,
                         const char      *role,
                         GError         **error)
{
  g_return_val_if_fail (PEIL_IS_TEAM_SERVER (self), FALSE);
  return change_access (self, FALSE, incident, role, error);
}

static gboolean
store_info (PeilTeamServer  *self,
            gint64           incident,
            const char      *key,
            const char      *value,
            gboolean         replace,
            GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s.info VALUES ($1, $2) ON CONFLICT (key) %s", schema,
                                          replace ? "DO UPDATE SET value = EXCLUDED.value" : "DO NOTHING");
  const char *params[] = { key, value };

  return run_command (self, sql, 2, params, error);
}

gboolean
peil_team_server_set_info (PeilTeamServer  *self,
                           gint64           incident,
                           const char      *key,
                           const char      *value,
                           GError         **error)
{
  return store_info (self, incident, key, value, TRUE, error);
}

/* Keeps a value the server has: two files published at once agree on the
 * first one's. */
gboolean
peil_team_server_offer_info (PeilTeamServer  *self,
                             gint64           incident,
                             const char      *key,
                             const char      *value,
                             GError         **error)
{
  return store_info (self, incident, key, value, FALSE, error);
}

char *
peil_team_server_get_info (PeilTeamServer  *self,
                           gint64           incident,
                           const char      *key,
                           GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("SELECT value FROM %s.info WHERE key = $1", schema);
  const char *params[] = { key };
  PGresult *result = run (self, sql, 1, params, error);
  char *value;

  if (result == NULL)
    return NULL;
  value = PQntuples (result) > 0 ? g_strdup (PQgetvalue (result, 0, 0)) : g_strdup ("");
  PQclear (result);
  return value;
}

/*
 * peil_team_server_push:
 * @events: objects with the replica's own number for each change ("id"),
 *   "kind", "at" and "body"
 *
 * Adds the changes in one transaction. A change the server has already
 * (a push cut off before the replica heard back) is not added twice, nor
 * a post the team already has. Fails with %PEIL_ERROR_EXISTS when
 * @origin's numbers were used for other changes (a copied file).
 */
gboolean
peil_team_server_push (PeilTeamServer  *self,
                       gint64           incident,
                       const char      *origin,
                       JsonArray       *events,
                       GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *json = NULL;
  g_autofree char *lock = NULL;
  g_autofree char *insert = NULL;
  g_autofree char *notify = NULL;
  g_autofree char *clash = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  const char *params[] = { origin, NULL };
  PGresult *result;
  gint64 clashes;

  json_node_set_array (node, events);
  json = json_to_string (node, FALSE);
  params[1] = json;

  lock = g_strdup_printf ("SELECT pg_advisory_xact_lock (%d, %" G_GINT64_FORMAT ")", PUSH_LOCK_CLASS, incident);
  insert = g_strdup_printf (
      "INSERT INTO %1$s.event (origin, origin_id, kind, at, body)"
      " SELECT $1, e.id, e.kind, e.at, e.body"
      " FROM jsonb_to_recordset ($2::jsonb) AS e (id bigint, kind text, at bigint, body jsonb)"
      " WHERE NOT (e.kind = 'post' AND EXISTS (SELECT 1 FROM %1$s.post p"
      "   WHERE p.source = e.body->>'source' AND p.remote_id = e.body->>'remote_id'))"
      " ORDER BY e.id"
      " ON CONFLICT (origin, origin_id) DO NOTHING", schema);
  notify = g_strdup_printf ("SELECT pg_notify ('%s', coalesce (max (seq), 0)::text) FROM %s.event", schema, schema);
  /* A change numbered as one the server has but saying something else
   * comes from a copy of a replica's file, which went on numbering from
   * the same point: taken as the same change, it would be lost. */
  clash = g_strdup_printf ("SELECT count (*) FROM jsonb_to_recordset ($2::jsonb) AS e (id bigint, kind text, body jsonb)"
                           " JOIN %s.event v ON v.origin = $1 AND v.origin_id = e.id"
                           " WHERE v.kind <> e.kind OR %s", schema, CHANGE_DIFFERS);

  if (!run_command (self, "BEGIN", 0, NULL, error))
    return FALSE;
  if (!run_command (self, lock, 0, NULL, error) ||
      !(result = run (self, clash, 2, params, error)))
    {
      rollback (self);
      return FALSE;
    }
  clashes = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  if (clashes > 0)
    {
      rollback (self);
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_EXISTS,
                           _("This file is a copy of another analyst’s replica; it needs a name of its own"));
      return FALSE;
    }
  if (!run_command (self, insert, 2, params, error) ||
      !run_command (self, notify, 0, NULL, error) ||
      !run_command (self, "COMMIT", 0, NULL, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* What one answer to a pull holds at most, in bytes of the changes'
 * bodies (and at least one change): a peer's changes of megabytes each
 * come a few at a time. */
#define PULL_BYTES (8 * 1024 * 1024)

/*
 * peil_team_server_last_origin_id:
 *
 * Returns: the highest number @origin gave a change the server holds (0
 *   for none), or -1 with @error set
 */
gint64
peil_team_server_last_origin_id (PeilTeamServer  *self,
                                 gint64           incident,
                                 const char      *origin,
                                 GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (origin_id), 0) FROM %s.event WHERE origin = $1", schema);
  const char *params[] = { origin };
  PGresult *result = run (self, sql, 1, params, error);
  gint64 last;

  if (result == NULL)
    return -1;
  last = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return last;
}

/*
 * peil_team_server_find_held:
 * @changes: objects with a replica's number for a change ("id") and the
 *   change's identity ("change")
 *
 * Returns: (transfer full) (element-type gint64): the numbers of those
 *   of @changes that the server holds from @origin, by number and
 *   identity, or %NULL with @error set
 */
GArray *
peil_team_server_find_held (PeilTeamServer  *self,
                            gint64           incident,
                            const char      *origin,
                            JsonArray       *changes,
                            GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("SELECT e.id FROM jsonb_to_recordset ($2::jsonb) AS e (id bigint, change text)"
                                          " JOIN %s.event v ON v.origin = $1 AND v.origin_id = e.id"
                                          " WHERE v.body->>'change' = e.change", schema);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *json = NULL;
  const char *params[] = { origin, NULL };
  GArray *held = g_array_new (FALSE, FALSE, sizeof (gint64));
  PGresult *result;

  json_node_set_array (node, changes);
  params[1] = json = json_to_string (node, FALSE);
  if (!(result = run (self, sql, 2, params, error)))
    return (g_array_unref (held), NULL);
  for (int i = 0; i < PQntuples (result); i++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10);

      g_array_append_val (held, id);
    }
  PQclear (result);
  return held;
}

/*
 * peil_team_server_pull:
 *
 * Returns: (transfer container) (element-type PeilTeamEvent): the changes
 *   numbered after @after, in order, at most @limit and PULL_BYTES of
 *   them (at least one); an empty array when there are no more
 */
GPtrArray *
peil_team_server_pull (PeilTeamServer  *self,
                       gint64           incident,
                       gint64           after,
                       guint            limit,
                       GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("SELECT seq, origin, kind, role, at, body, received FROM"
                                          " (SELECT seq, origin, kind, role, at, body::text AS body,"
                                          "  floor (extract (epoch FROM pushed_at))::bigint AS received,"
                                          "  sum (octet_length (body::text)) OVER (ORDER BY seq)"
                                          "  - octet_length (body::text) AS before"
                                          "  FROM %s.event WHERE seq > $1 ORDER BY seq LIMIT $2) page"
                                          " WHERE before < %d ORDER BY seq", schema, PULL_BYTES);
  g_autofree char *after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *params[] = { after_text, limit_text };
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_team_event_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  PGresult *result;

  if (!(result = run (self, sql, 2, params, error)))
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      PeilTeamEvent *event = g_new0 (PeilTeamEvent, 1);
      JsonNode *root;

      event->seq = g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10);
      event->origin = g_strdup (PQgetvalue (result, i, 1));
      event->kind = g_strdup (PQgetvalue (result, i, 2));
      event->role = g_strdup (PQgetvalue (result, i, 3));
      event->at = g_ascii_strtoll (PQgetvalue (result, i, 4), NULL, 10);
      event->received = g_ascii_strtoll (PQgetvalue (result, i, 6), NULL, 10);
      g_ptr_array_add (events, event);
      /* A peer's time is shown and sorted by, not believed. */
      event->at = CLAMP (event->at, 0, g_get_real_time () / G_USEC_PER_SEC + 86400);
      /* The server checked it is JSON; whether it is an object is ours. */
      if (peil_json_load (parser, PQgetvalue (result, i, 5), -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
        event->body = json_object_ref (json_node_get_object (root));
      else
        event->body = json_object_new ();
    }
  PQclear (result);
  return g_steal_pointer (&events);
}

gint64
peil_team_server_last_seq (PeilTeamServer  *self,
                           gint64           incident,
                           GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (seq), 0) FROM %s.event", schema);
  PGresult *result = run (self, sql, 0, NULL, error);
  gint64 seq;

  if (result == NULL)
    return -1;
  seq = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return seq;
}

gboolean
peil_team_server_be_present (PeilTeamServer  *self,
                             gint64           incident,
                             const char      *replica,
                             const char      *analyst,
                             const char      *doing,
                             GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s.presence (replica, analyst, doing) VALUES ($1, $2, $3)"
                                          " ON CONFLICT (replica) DO UPDATE SET analyst = EXCLUDED.analyst,"
                                          " doing = EXCLUDED.doing, role = current_user, seen_at = now ()", schema);
  const char *params[] = { replica, analyst, doing ? doing : "" };

  return run_command (self, sql, 3, params, error);
}

/**
 * peil_team_server_list_members: (skip)
 *
 * Lists the members of a team incident on the server. It blocks on the
 * network, so do not call it on the main thread.
 *
 * Returns: (transfer container) (element-type PeilTeamMember): everyone who
 *   synced or tagged in @incident, with when they were last seen
 */
GPtrArray *
peil_team_server_list_members (PeilTeamServer  *self,
                               const char      *incident,
                               GError         **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_team_member_free);
  g_autofree char *schema = NULL;
  g_autofree char *sql = NULL;
  PGresult *result;
  gint64 id;

  g_return_val_if_fail (PEIL_IS_TEAM_SERVER (self), NULL);

  if ((id = peil_team_server_find_incident (self, incident, FALSE, error)) == 0)
    return NULL;
  schema = schema_name (id);
  /* One pass over the tags for everyone; of an analyst's replicas, the
   * one seen last says what they are at. */
  sql = g_strdup_printf ("SELECT analyst, coalesce (p.role, ''), coalesce (p.doing, ''),"
                         " coalesce (extract (epoch FROM p.seen_at)::bigint, 0), coalesce (t.tags, 0)"
                         " FROM (SELECT DISTINCT ON (analyst) analyst, role, doing, seen_at FROM %1$s.presence"
                         "       ORDER BY analyst, seen_at DESC) p"
                         " FULL JOIN (SELECT analyst, count (*) AS tags FROM %1$s.post_tag GROUP BY analyst) t"
                         " USING (analyst)"
                         " ORDER BY analyst", schema);
  if (!(result = run (self, sql, 0, NULL, error)))
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      PeilTeamMember *member = g_new0 (PeilTeamMember, 1);

      member->analyst = g_strdup (PQgetvalue (result, i, 0));
      member->role = g_strdup (PQgetvalue (result, i, 1));
      member->doing = g_strdup (PQgetvalue (result, i, 2));
      member->seen_at = g_ascii_strtoll (PQgetvalue (result, i, 3), NULL, 10);
      member->tags = g_ascii_strtoll (PQgetvalue (result, i, 4), NULL, 10);
      g_ptr_array_add (members, member);
    }
  PQclear (result);
  return g_steal_pointer (&members);
}

gboolean
peil_team_server_assign (PeilTeamServer  *self,
                         gint64           incident,
                         const char      *analyst,
                         const char      *kind,
                         const char      *value,
                         GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = kind != NULL
    ? g_strdup_printf ("INSERT INTO %s.assignment VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", schema)
    : g_strdup_printf ("DELETE FROM %s.assignment WHERE analyst = $1", schema);
  const char *params[] = { analyst, kind, value };
  int version;

  if (g_strcmp0 (kind, "query") == 0)
    {
      if ((version = incident_version (self, incident, error)) == 0)
        return FALSE;
      if (version < 2)
        {
          g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED,
                               _("The team server was set up by an older Peil, which cannot hand out a query’s posts; "
                                 "its administrator runs “peil-cli team init” again"));
          return FALSE;
        }
    }
  return run_command (self, sql, kind != NULL ? 3 : 1, params, error);
}

/*
 * peil_team_server_list_assignments:
 *
 * Returns: (transfer full): "ANALYST\tKIND\tVALUE" for each assignment,
 *   by analyst, or %NULL with @error set; a query's VALUE is its key
 */
GStrv
peil_team_server_list_assignments (PeilTeamServer  *self,
                                   gint64           incident,
                                   GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("SELECT analyst || E'\\t' || kind || E'\\t' || value FROM %s.assignment"
                                          " ORDER BY analyst, kind, value", schema);
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  PGresult *result = run (self, sql, 0, NULL, error);

  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_strv_builder_add (rows, PQgetvalue (result, i, 0));
  PQclear (result);
  return g_strv_builder_end (rows);
}

/* An incident of team schema 1 knows no query's posts, nor any query
 * assignment to hand them out by. */
#define CLAIM_BY_QUERY \
  "   AND (NOT EXISTS (SELECT 1 FROM mine WHERE kind = 'query')" \
  "        OR EXISTS (SELECT 1 FROM %1$s.post_query q WHERE q.post_id = p.id" \
  "                   AND q.query_key IN (SELECT value FROM mine WHERE kind = 'query')))"

#define CLAIM_SQL(BY_QUERY) \
  "WITH mine AS (SELECT kind, value FROM %1$s.assignment WHERE analyst = $1)," \
  " pick AS (SELECT p.id FROM %1$s.post p" \
  "   WHERE (p.claimed_until IS NULL OR p.claimed_until < now ())" \
  "   AND p.id <> ALL ($2::bigint[])" \
  "   AND (NOT EXISTS (SELECT 1 FROM mine WHERE kind = 'source')" \
  "        OR p.source IN (SELECT value FROM mine WHERE kind = 'source'))" \
  BY_QUERY \
  "   AND NOT EXISTS (SELECT 1 FROM %1$s.post_tag pt JOIN %1$s.tag_def d ON d.code = pt.tag" \
  "     WHERE pt.post_id = p.id AND NOT d.facet" \
  "     AND (NOT EXISTS (SELECT 1 FROM mine WHERE kind = 'dimension')" \
  "          OR d.dimension IN (SELECT value FROM mine WHERE kind = 'dimension')))" \
  "   ORDER BY p.created_at DESC, p.id LIMIT 1 FOR UPDATE OF p SKIP LOCKED)" \
  " UPDATE %1$s.post SET claimed_by = $1, claimed_until = now () + interval '2 minutes'" \
  " FROM pick WHERE %1$s.post.id = pick.id" \
  " RETURNING %1$s.post.id, %1$s.post.source, %1$s.post.remote_id"

/*
 * peil_team_server_claim:
 *
 * Hands @analyst the newest post of their assignment that nobody has
 * tagged (facets aside) and nobody else holds, for two minutes; their
 * earlier claim of a post they passed over ends. Rows taken by a concurrent claimer are skipped, and
 * the claim is a change of the post's own row, so that a claimer who read
 * the post before another's claim committed sees that claim when it locks
 * the row and lets it go. The posts of @skip (their ids on the server)
 * are passed over.
 *
 * Returns: %TRUE with the post's natural key, or %TRUE with %NULL when
 *   there is nothing left to hand out
 */
gboolean
peil_team_server_claim (PeilTeamServer  *self,
                        gint64           incident,
                        const char      *analyst,
                        GArray          *skip,
                        gint64          *out_id,
                        char           **out_source,
                        char           **out_remote_id,
                        GError         **error)
{
  g_autoptr(GString) skipped = g_string_new ("{");
  g_autofree char *schema = schema_name (incident);
  g_autofree char *claim = NULL;
  /* Only a post passed over goes back; one tagged keeps its claim until
   * it runs out, so that a claimer whose snapshot still shows it untagged
   * finds it claimed when it locks the row. */
  g_autofree char *release = g_strdup_printf ("UPDATE %1$s.post p SET claimed_by = NULL, claimed_until = NULL"
                                              " WHERE claimed_by = $1 AND id <> $2"
                                              " AND NOT EXISTS (SELECT 1 FROM %1$s.post_tag t WHERE t.post_id = p.id)",
                                              schema);
  const char *params[] = { analyst, NULL };
  int version;

  *out_id = 0;
  *out_source = *out_remote_id = NULL;
  for (guint i = 0; skip != NULL && i < skip->len; i++)
    g_string_append_printf (skipped, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (skip, gint64, i));
  g_string_append_c (skipped, '}');
  if ((version = incident_version (self, incident, error)) == 0)
    return FALSE;
  claim = version >= 2 ? g_strdup_printf (CLAIM_SQL (CLAIM_BY_QUERY), schema) : g_strdup_printf (CLAIM_SQL (""), schema);
  /* A claim that lost its row to a concurrent one finds nothing; a few
   * tries find the next, and an empty result after them means none left. */
  for (int attempt = 0; attempt < 8; attempt++)
    {
      PGresult *result;

      if (!run_command (self, "BEGIN", 0, NULL, error))
        return FALSE;
      params[1] = skipped->str;
      if (!(result = run (self, claim, 2, params, error)))
        {
          rollback (self);
          return FALSE;
        }
      if (PQntuples (result) == 0)
        {
          PQclear (result);
          rollback (self);
          continue;
        }
      params[1] = PQgetvalue (result, 0, 0);
      if (!run_command (self, release, 2, params, error) ||
          !run_command (self, "COMMIT", 0, NULL, error))
        {
          PQclear (result);
          rollback (self);
          return FALSE;
        }
      *out_id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      *out_source = g_strdup (PQgetvalue (result, 0, 1));
      *out_remote_id = g_strdup (PQgetvalue (result, 0, 2));
      PQclear (result);
      return TRUE;
    }
  return TRUE;
}

gboolean
peil_team_server_listen (PeilTeamServer  *self,
                         gint64           incident,
                         GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf ("LISTEN %s", schema);

  return run_command (self, sql, 0, NULL, error);
}

int
peil_team_server_get_socket (PeilTeamServer *self)
{
  return self->connection != NULL ? PQsocket (self->connection) : -1;
}

/*
 * peil_team_server_take_notifications:
 *
 * Reads what arrived on the connection without waiting.
 *
 * Returns: %TRUE if the server said there are new changes
 */
gboolean
peil_team_server_take_notifications (PeilTeamServer  *self,
                                     GError         **error)
{
  gboolean any = FALSE;
  PGnotify *notify;

  if (self->connection == NULL)
    return closed (error);
  if (!PQconsumeInput (self->connection))
    {
      set_error (self, NULL, error);
      return FALSE;
    }
  while ((notify = PQnotifies (self->connection)) != NULL)
    {
      any = TRUE;
      PQfreemem (notify);
    }
  return any;
}

/*
 * peil_team_server_lease:
 * @key: what the lease is on, such as a saved query's source, text and
 *   settings
 * @out_held: (out): whether @replica holds it now: it was free, ran out,
 *   or was @replica's already (then it is made longer)
 */
gboolean
peil_team_server_lease (PeilTeamServer  *self,
                        gint64           incident,
                        const char      *key,
                        const char      *replica,
                        gint64           seconds,
                        gboolean        *out_held,
                        GError         **error)
{
  g_autofree char *schema = schema_name (incident);
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO %1$s.gather_lease VALUES ($1, $2, now () + make_interval (secs => $3::int))"
      " ON CONFLICT (query_key) DO UPDATE SET replica = excluded.replica, until = excluded.until"
      " WHERE %1$s.gather_lease.until < now () OR %1$s.gather_lease.replica = excluded.replica"
      " RETURNING 1", schema);
  g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);
  const char *params[] = { key, replica, length };
  PGresult *result = run (self, sql, 3, params, error);

  if (result == NULL)
    return FALSE;
  *out_held = PQntuples (result) > 0;
  PQclear (result);
  return TRUE;
}

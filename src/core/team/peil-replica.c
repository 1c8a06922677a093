/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-team"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <string.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-json.h"
#include "peil-replica.h"
#include "peil-team-server-private.h"
#include "peil-time.h"
#include "peil-uuid.h"

/**
 * PeilReplica:
 *
 * An incident file that is one analyst's copy of a team incident. Every
 * change made in the file (a post, a tag put on or taken off, a note, a
 * tag of the incident's own) is queued by triggers in the same transaction
 * as the change itself, whoever made it: the window, peil-cli, a gather
 * job. Syncing pushes the queue to the server, which numbers the changes,
 * and applies everyone's changes since the last number the file has, in
 * order, in one transaction per batch with that number. Changes applied
 * from the server are not queued again.
 *
 * Tags belong to (post, tag, analyst), so two analysts never undo each
 * other's work; in a single-choice facet the change with the later number
 * wins, on every replica alike: a change of one's own that waits in the
 * queue will get a later number than anything the server has, so what the
 * server says about that post and tag is not applied over it.
 */
struct _PeilReplica
{
  GObject          parent_instance;
  PeilIncident    *incident;
  char            *address;
  char            *name;
  char            *id;            /* this replica's own, a UUIDv7 */
  gint64           last_seq;
  PeilTeamServer  *server;        /* used by one sync at a time */
  gint64           team_id;       /* the incident's number on the server */
  PeilReplicaState state;
  char            *last_error;
  char            *doing;         /* what the analyst is at, for the team to see */

  /* Following */
  PeilTeamServer  *listener;
  guint            socket_source;
  guint            tick_source;
  guint            retry_source;
  guint            backoff;       /* seconds until the next attempt after a failure */
  gint64           synced_at;     /* monotonic time of the last sync that went through */
  GCancellable    *cancellable;
  guint            syncing : 1;
  guint            connecting : 1;
  guint            wanted : 1;    /* the server said there is more */
};

/**
 * peil_replica_get_type:
 *
 * Returns: the #GType of #PeilReplica
 */
G_DEFINE_FINAL_TYPE (PeilReplica, peil_replica, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_WAITING,
  N_PROPS
};

enum {
  SYNCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define PUSH_BATCH 1000
/* A note is a few lines; one of megabytes from a peer is not a note. */
#define NOTE_MAX_BYTES 100000
/* A press release runs to pages; one of megabytes is not a message. */
#define MESSAGE_MAX_BYTES 1000000
#define PULL_BATCH 1000

/* Created in the file when it becomes a replica. The queue's numbers are
 * never reused (AUTOINCREMENT): the server knows a change by its replica
 * and number, and a reused number would be taken for one it has. */
static const char *replica_sql =
  "CREATE TABLE team_link ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  address TEXT NOT NULL,"
  "  incident TEXT NOT NULL,"
  "  replica TEXT NOT NULL,"
  "  last_seq INTEGER NOT NULL DEFAULT 0,"
  "  linked_at INTEGER NOT NULL,"
  "  file_id TEXT);"   /* device and inode of the file the name is for */
  "CREATE TABLE team_outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL,"
  "  post_id INTEGER,"
  "  tag_id INTEGER,"
  "  analyst_id INTEGER,"
  "  ref INTEGER,"
  "  detail TEXT,"
  "  base INTEGER,"
  "  at INTEGER NOT NULL,"
  /* The change's identity: see change_ids_sql. */
  "  change_id TEXT DEFAULT (lower (hex (randomblob (16)))));"
  /* A round's section as the team last agreed on it: the number of that
   * version and its text. An edit here is pushed as made on top of that
   * version; one made on top of an older one is a conflict. */
  "CREATE TABLE team_section ("
  "  round_number INTEGER NOT NULL,"
  "  section TEXT NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  PRIMARY KEY (round_number, section)) WITHOUT ROWID;"
  "CREATE TABLE team_conflict ("
  "  seq INTEGER PRIMARY KEY,"
  "  round_number INTEGER NOT NULL,"
  "  section TEXT NOT NULL,"
  "  analyst TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX team_outbox_by_post ON team_outbox (post_id);"
  /* Holds a row only inside a transaction that applies the server's
   * changes, so that the triggers below do not queue them again. */
  "CREATE TABLE team_applying (busy INTEGER);"
  "CREATE TRIGGER team_post AFTER INSERT ON post WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, post_id, at) VALUES ('post', new.id, unixepoch ()); END;"
  "CREATE TRIGGER team_tag AFTER INSERT ON post_tag WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, post_id, tag_id, analyst_id, at)"
  "  VALUES ('tag', new.post_id, new.tag_id, new.analyst_id, new.tagged_at); END;"
  "CREATE TRIGGER team_untag AFTER DELETE ON post_tag WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, post_id, tag_id, analyst_id, at)"
  "  VALUES ('untag', old.post_id, old.tag_id, old.analyst_id, unixepoch ()); END;"
  "CREATE TRIGGER team_note AFTER INSERT ON note WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, post_id, analyst_id, ref, at)"
  "  VALUES ('note', new.post_id, new.analyst_id, new.id, new.created_at); END;"
  "CREATE TRIGGER team_tag_def AFTER INSERT ON tag WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, tag_id, at) VALUES ('tag-def', new.id, unixepoch ()); END;"
  /* A round is the team's by its number. */
  "CREATE TRIGGER team_round AFTER INSERT ON round WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, ref, at) VALUES ('round', new.id, unixepoch ()); END;"
  "CREATE TRIGGER team_round_change AFTER UPDATE OF title, period_start, period_end, commissioner,"
  "  classification, issued_at ON round WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, ref, at) VALUES ('round', new.id, unixepoch ()); END;"
  /* A post without a time of its own given its import's time. */
  "CREATE TRIGGER team_post_time AFTER UPDATE OF created_at ON post"
  "  WHEN old.created_at = 0 AND new.created_at <> 0 AND NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, post_id, at) VALUES ('post-time', new.id, unixepoch ()); END;"
  /* A saved query is the team's by its source, text and settings; a
   * change carries what it changed from, to be found by. */
  "CREATE TRIGGER team_query AFTER INSERT ON query WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, ref, at) VALUES ('query', new.id, unixepoch ()); END;"
  "CREATE TRIGGER team_query_change AFTER UPDATE OF text, options, interval, enabled ON query"
  "  WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, ref, detail, at) VALUES ('query', new.id,"
  "  json_object ('source', old.source, 'text', old.text, 'options', old.options), unixepoch ()); END;"
  "CREATE TRIGGER team_query_removed AFTER DELETE ON query WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, detail, at) VALUES ('query-removed',"
  "  json_object ('source', old.source, 'text', old.text, 'options', old.options), unixepoch ()); END;"
  /* A rumour is the team's by its claim (its triggers: later_triggers). */
  "CREATE TRIGGER team_rumour_link AFTER INSERT ON rumour_post WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, ref, post_id, at) VALUES ('rumour-link', new.rumour_id, new.post_id, unixepoch ()); END;"
  "CREATE TRIGGER team_rumour_unlink AFTER DELETE ON rumour_post WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, ref, post_id, at) VALUES ('rumour-unlink', old.rumour_id, old.post_id, unixepoch ()); END;"
  "CREATE TRIGGER team_section_new AFTER INSERT ON round_section WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, ref, detail, base, at) VALUES ('section', new.round_id, new.section,"
  "  coalesce ((SELECT t.seq FROM team_section t JOIN round r ON r.number = t.round_number"
  "             WHERE r.id = new.round_id AND t.section = new.section), 0), unixepoch ()); END;"
  "CREATE TRIGGER team_section_change AFTER UPDATE OF text ON round_section WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
  "  BEGIN INSERT INTO team_outbox (kind, ref, detail, base, at) VALUES ('section', new.round_id, new.section,"
  "  coalesce ((SELECT t.seq FROM team_section t JOIN round r ON r.number = t.round_number"
  "             WHERE r.id = new.round_id AND t.section = new.section), 0), unixepoch ()); END;";

/* Gives each saved query without a team id one made of what it is and
 * which of those alike it is. */
#define NAME_QUERIES_SQL \
  "INSERT OR IGNORE INTO team_query (query_id, uuid) SELECT id, lower (hex (source || char (31) || text || char (31)" \
  "  || options)) || '-' || row_number () OVER (PARTITION BY source, text, options ORDER BY id) FROM query;"

/* Changes queued since files were first made replicas, each by triggers
 * whose first is named here. A file made before gets them at its next
 * sync, and queues what they would have queued until then (@catch_up),
 * so that nothing it holds stays its own; a file published now queues
 * the same after everything else. */
typedef struct
{
  const char *name;
  const char *triggers;
  const char *catch_up;
} LaterTriggers;

static const LaterTriggers later_triggers[] = {
  /* A post quoted as an example in a section: the team's by the round's
   * number, the section and the post. */
  { "team_example_link",
    "CREATE TRIGGER team_example_link AFTER INSERT ON round_example WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, ref, post_id, detail, at)"
    "  VALUES ('example-link', new.round_id, new.post_id, new.section, new.linked_at); END;"
    "CREATE TRIGGER team_example_unlink AFTER DELETE ON round_example WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, ref, post_id, detail, at)"
    "  VALUES ('example-unlink', old.round_id, old.post_id, old.section, unixepoch ()); END;",
    "INSERT INTO team_outbox (kind, ref, post_id, detail, at)"
    "  SELECT 'example-link', round_id, post_id, section, linked_at FROM round_example ORDER BY id;" },
  /* Which saved query found a post, also when found again: the team's by
   * the post's natural key and the query's source, text and settings, so
   * that the server can hand out a query's posts. */
  { "team_post_query",
    "CREATE TRIGGER team_post_query AFTER INSERT ON post_query WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, post_id, ref, at) VALUES ('post-query', new.post_id, new.query_id, unixepoch ()); END;",
    "INSERT INTO team_outbox (kind, post_id, ref, at) SELECT 'post-query', post_id, query_id, 0 FROM post_query;" },
  /* A saved query is the team's by an id of its own, so that of two alike
   * one can be changed or removed; its removal says which. Queries the
   * file has already are named alike in every replica that has them
   * (their source, text, settings and which of those alike they are), as
   * a replica of an older Peil holds them in the same order. */
  { "team_query_id",
    "CREATE TABLE IF NOT EXISTS team_query (query_id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE);"
    NAME_QUERIES_SQL
    "CREATE TRIGGER team_query_id AFTER INSERT ON query WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT OR IGNORE INTO team_query VALUES (new.id, lower (hex (randomblob (16)))); END;"
    "DROP TRIGGER IF EXISTS team_query_removed;"
    "CREATE TRIGGER team_query_gone AFTER DELETE ON query"
    "  BEGIN INSERT INTO team_outbox (kind, detail, at) SELECT 'query-removed',"
    "  json_object ('source', old.source, 'text', old.text, 'options', old.options,"
    "               'id', (SELECT uuid FROM team_query WHERE query_id = old.id)), unixepoch ()"
    "  WHERE NOT EXISTS (SELECT 1 FROM team_applying);"
    "  DELETE FROM team_query WHERE query_id = old.id; END;",
    "" },
  /* A round is the team's by an id of its own, so that rounds started
   * under one number in two files stay two rounds; `seen` says the team's
   * sequence has reached the round, which gave it its number for good.
   * Rounds a file has already are the team's by their number, as before. */
  { "team_round_id",
    "CREATE TABLE IF NOT EXISTS team_round ("
    "  round_id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, seen INTEGER NOT NULL DEFAULT 0,"
    "  frozen INTEGER NOT NULL DEFAULT 0);"
    "INSERT OR IGNORE INTO team_round (round_id, uuid, seen, frozen) SELECT id, 'round-' || number, 1,"
    "  issued_at > 0 AND EXISTS (SELECT 1 FROM event_log WHERE action = 'round-issued' AND detail = CAST (number AS TEXT))"
    "  FROM round;"
    "CREATE TRIGGER team_round_id AFTER INSERT ON round WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT OR IGNORE INTO team_round (round_id, uuid) VALUES (new.id, lower (hex (randomblob (16)))); END;"
    /* A frozen round holds what the crisis team was told: issued here, or
     * taken from an issue that carried its texts and examples. */
    "CREATE TRIGGER team_round_issued AFTER UPDATE OF issued_at ON round"
    "  WHEN old.issued_at = 0 AND new.issued_at > 0 AND NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN UPDATE team_round SET frozen = 1 WHERE round_id = new.id; END;"
    "CREATE TRIGGER team_round_gone AFTER DELETE ON round BEGIN DELETE FROM team_round WHERE round_id = old.id; END;",
    "" },
  /* A rumour's change keeps the status it gave, so that a status set
   * while the rumour's registration still waits reaches the team as a
   * change of its own, and every replica's history has both. */
  { "team_rumour_status",
    "DROP TRIGGER IF EXISTS team_rumour;"
    "DROP TRIGGER IF EXISTS team_rumour_change;"
    "CREATE TRIGGER team_rumour_status AFTER INSERT ON rumour WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, ref, detail, at) VALUES ('rumour', new.id, new.status, unixepoch ()); END;"
    "CREATE TRIGGER team_rumour_status_change AFTER UPDATE OF status, response ON rumour"
    "  WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, ref, detail, at) VALUES ('rumour', new.id, new.status, unixepoch ()); END;",
    "" },
  /* A post marked off-topic (schema 8), or the mark taken off: the team's
   * by the post's natural key, whoever marked it. */
  { "team_off_topic",
    "CREATE TRIGGER team_off_topic AFTER INSERT ON post_dismissal WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, post_id, analyst_id, at)"
    "  VALUES ('off-topic', new.post_id, new.analyst_id, new.dismissed_at); END;"
    "CREATE TRIGGER team_on_topic AFTER DELETE ON post_dismissal WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, post_id, analyst_id, at)"
    "  VALUES ('on-topic', old.post_id, old.analyst_id, unixepoch ()); END;",
    "INSERT INTO team_outbox (kind, post_id, analyst_id, at)"
    "  SELECT 'off-topic', post_id, analyst_id, dismissed_at FROM post_dismissal ORDER BY dismissed_at;" },
  /* The organisation's own messages (schema 10): the team's by their
   * UUID, which each change keeps from when it was queued (a message's
   * id may be used again once it is removed), with the tags and rumours
   * they address and a rumour's response message; and a saved query's
   * channel, pushed as a change of the query. */
  { "team_message",
    "CREATE TRIGGER team_message AFTER INSERT ON message WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, detail, at) VALUES ('message', new.uuid, new.created_at); END;"
    "CREATE TRIGGER team_message_removed AFTER DELETE ON message WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, detail, at) VALUES ('message-removed',"
    "  json_object ('uuid', old.uuid, 'source', old.source, 'remote_id', old.remote_id), unixepoch ()); END;"
    "CREATE TRIGGER team_message_tag AFTER INSERT ON message_tag WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, tag_id, detail, at) VALUES ('message-tag', new.tag_id,"
    "  (SELECT uuid FROM message WHERE id = new.message_id), unixepoch ()); END;"
    /* Its removal takes its tags and rumours with it. */
    "CREATE TRIGGER team_message_untag AFTER DELETE ON message_tag"
    "  WHEN NOT EXISTS (SELECT 1 FROM team_applying) AND EXISTS (SELECT 1 FROM message WHERE id = old.message_id)"
    "  BEGIN INSERT INTO team_outbox (kind, tag_id, detail, at) VALUES ('message-untag', old.tag_id,"
    "  (SELECT uuid FROM message WHERE id = old.message_id), unixepoch ()); END;"
    "CREATE TRIGGER team_message_rumour AFTER INSERT ON message_rumour WHEN NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, ref, detail, at) VALUES ('message-rumour-link', new.rumour_id,"
    "  (SELECT uuid FROM message WHERE id = new.message_id), unixepoch ()); END;"
    "CREATE TRIGGER team_message_unrumour AFTER DELETE ON message_rumour"
    "  WHEN NOT EXISTS (SELECT 1 FROM team_applying) AND EXISTS (SELECT 1 FROM message WHERE id = old.message_id)"
    "  BEGIN INSERT INTO team_outbox (kind, ref, detail, at) VALUES ('message-rumour-unlink', old.rumour_id,"
    "  (SELECT uuid FROM message WHERE id = old.message_id), unixepoch ()); END;"
    "CREATE TRIGGER team_response_message AFTER UPDATE OF response_message_id ON rumour"
    "  WHEN new.response_message_id IS NOT old.response_message_id AND NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, ref, at) VALUES ('response-message', new.id, unixepoch ()); END;"
    "CREATE TRIGGER team_query_channel AFTER UPDATE OF channel ON query"
    "  WHEN new.channel IS NOT old.channel AND NOT EXISTS (SELECT 1 FROM team_applying)"
    "  BEGIN INSERT INTO team_outbox (kind, ref, detail, at) VALUES ('query', new.id,"
    "  json_object ('source', old.source, 'text', old.text, 'options', old.options), unixepoch ()); END;",
    "INSERT INTO team_outbox (kind, detail, at) SELECT 'message', uuid, created_at FROM message ORDER BY id;"
    "INSERT INTO team_outbox (kind, tag_id, detail, at)"
    "  SELECT 'message-tag', t.tag_id, m.uuid, 0 FROM message_tag t JOIN message m ON m.id = t.message_id;"
    "INSERT INTO team_outbox (kind, ref, detail, at)"
    "  SELECT 'message-rumour-link', r.rumour_id, m.uuid, 0 FROM message_rumour r JOIN message m ON m.id = r.message_id;"
    "INSERT INTO team_outbox (kind, ref, at) SELECT 'response-message', id, 0 FROM rumour"
    "  WHERE response_message_id IS NOT NULL;"
    "INSERT INTO team_outbox (kind, ref, at) SELECT 'query', id, 0 FROM query WHERE channel IS NOT NULL;" },
};

/* Each queued change has an identity of its own, made with it and pushed
 * in its body, so that the server tells a retry of a change (the same,
 * whatever its contents became since) from another change under the same
 * number (a file restored from a backup or copied, which numbers on from
 * where the copy was made). A file made a replica before gets them at
 * its next sync; a column added later cannot have a default that is made
 * per row, so a trigger makes them there. */
static const char *change_ids_sql =
  "ALTER TABLE team_outbox ADD COLUMN change_id TEXT;"
  "UPDATE team_outbox SET change_id = lower (hex (randomblob (16)));"
  "CREATE TRIGGER team_outbox_change AFTER INSERT ON team_outbox WHEN new.change_id IS NULL"
  "  BEGIN UPDATE team_outbox SET change_id = lower (hex (randomblob (16))) WHERE id = new.id; END;";

/* What the file holds when it is published, queued as if made just now. */
static const char *queue_everything_sql =
  "INSERT INTO team_outbox (kind, tag_id, at) SELECT 'tag-def', id, 0 FROM tag ORDER BY id;"
  "INSERT INTO team_outbox (kind, post_id, at) SELECT 'post', id, fetched_at FROM post ORDER BY id;"
  "INSERT INTO team_outbox (kind, post_id, tag_id, analyst_id, at)"
  "  SELECT 'tag', post_id, tag_id, analyst_id, tagged_at FROM post_tag ORDER BY tagged_at;"
  "INSERT INTO team_outbox (kind, post_id, analyst_id, ref, at)"
  "  SELECT 'note', post_id, analyst_id, id, created_at FROM note ORDER BY id;"
  "INSERT INTO team_outbox (kind, ref, at) SELECT 'round', id, created_at FROM round ORDER BY number;"
  "INSERT INTO team_outbox (kind, ref, at) SELECT 'rumour', id, created_at FROM rumour ORDER BY id;"
  "INSERT INTO team_outbox (kind, ref, at) SELECT 'query', id, created_at FROM query ORDER BY id;"
  "INSERT INTO team_outbox (kind, ref, post_id, at) SELECT 'rumour-link', rumour_id, post_id, 0 FROM rumour_post;"
  "INSERT INTO team_outbox (kind, ref, detail, base, at)"
  "  SELECT 'section', round_id, section, 0, 0 FROM round_section WHERE text <> '';"
  /* Its rounds take their numbers from the team as they come back. */
  "UPDATE team_round SET seen = 0;";

static void
peil_replica_dispose (GObject *object)
{
  PeilReplica *self = PEIL_REPLICA (object);

  peil_replica_stop (self);
  g_clear_object (&self->server);
  g_clear_object (&self->incident);

  G_OBJECT_CLASS (peil_replica_parent_class)->dispose (object);
}

static void
peil_replica_finalize (GObject *object)
{
  PeilReplica *self = PEIL_REPLICA (object);

  g_free (self->address);
  g_free (self->name);
  g_free (self->id);
  g_free (self->last_error);
  g_free (self->doing);

  G_OBJECT_CLASS (peil_replica_parent_class)->finalize (object);
}

static void
peil_replica_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PeilReplica *self = PEIL_REPLICA (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_WAITING:
      g_value_set_int64 (value, peil_replica_count_waiting (self, NULL));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peil_replica_class_init (PeilReplicaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = peil_replica_dispose;
  object_class->finalize = peil_replica_finalize;
  object_class->get_property = peil_replica_get_property;

  /**
   * PeilReplica:state:
   *
   * How the replica stands with its server, a #PeilReplicaState (an int
   * property); see peil_replica_get_state().
   */
  /* An int rather than an enum type: nothing else needs the GType. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, PEIL_REPLICA_OFFLINE, PEIL_REPLICA_ONLINE, PEIL_REPLICA_OFFLINE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * PeilReplica:waiting:
   *
   * How many changes made in the file the server does not have yet
   * (peil_replica_count_waiting()), counted when read. Notified with
   * every change of state and, while the replica follows the server,
   * twice a second.
   */
  properties[PROP_WAITING] =
    g_param_spec_int64 ("waiting", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PeilReplica::synced:
   *
   * A sync ended; the file holds everyone's changes the server had.
   */
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
peil_replica_init (PeilReplica *self)
{
}

/* A change from the server is read as hostile: a member of another type
 * than asked for is as good as missing. */
static const char *
str_or (JsonObject *object,
        const char *name,
        const char *otherwise)
{
  const char *value = peil_json_get_string (object, name);

  return value != NULL ? value : otherwise;
}

static gint64
int_or (JsonObject *object,
        const char *name,
        gint64      otherwise)
{
  gint64 value;

  return peil_json_get_int (object, name, &value) ? value : otherwise;
}

static gboolean
bool_or (JsonObject *object,
         const char *name,
         gboolean    otherwise)
{
  JsonNode *node = object && json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         ? json_node_get_boolean (node) : otherwise;
}

static char *
file_identity (PeilIncident *incident)
{
  guint64 device, inode;

  peil_database_get_identity (incident->db, &device, &inode);
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, device, inode);
}

/**
 * peil_incident_is_replica:
 * @incident: a #PeilIncident
 *
 * Whether @incident's file was published to a team server or joined from
 * one. Costs one query on the file.
 *
 * Returns: %TRUE when the file is part of a team incident
 */
gboolean
peil_incident_is_replica (PeilIncident *incident)
{
  gint64 linked = 0;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), FALSE);

  return peil_database_query_int (incident->db, "SELECT count (*) FROM sqlite_schema WHERE name = 'team_link'",
                                  &linked, NULL) && linked > 0;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

/* Reads the file's link to the server into @self. */
static gboolean
read_link (PeilReplica  *self,
           GError      **error)
{
  sqlite3_stmt *stmt;

  if (!peil_incident_is_replica (self->incident))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND,
                   _("%s is not part of a team incident; publish it or join one first"),
                   g_file_peek_path (peil_incident_get_file (self->incident)));
      return FALSE;
    }
  if (!(stmt = peil_database_statement (self->incident->db,
            "SELECT address, incident, replica, last_seq FROM team_link", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_CORRUPT,
                   _("%s says it is part of a team incident but not which one"),
                   g_file_peek_path (peil_incident_get_file (self->incident)));
      return FALSE;
    }
  g_free (self->address);
  g_free (self->name);
  g_free (self->id);
  self->address = g_strdup (column_text (stmt, 0));
  self->name = g_strdup (column_text (stmt, 1));
  self->id = g_strdup (column_text (stmt, 2));
  self->last_seq = sqlite3_column_int64 (stmt, 3);
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * peil_replica_new:
 * @incident: an incident file that was published or joined
 *
 * Opens the team side of @incident: its link to the team server, its waiting
 * changes and its assignments. The replica uses @incident's connection, so use
 * it on the thread that owns @incident.
 *
 * Returns: (transfer full): the file's replica, or %NULL with @error set
 *   when it is not part of a team incident
 */
PeilReplica *
peil_replica_new (PeilIncident  *incident,
                  GError       **error)
{
  g_autoptr(PeilReplica) self = g_object_new (PEIL_TYPE_REPLICA, NULL);

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  self->incident = g_object_ref (incident);
  if (!read_link (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * peil_replica_get_incident:
 * @self: a #PeilReplica
 *
 * Gets the replica's incident.
 *
 * Returns: (transfer none): the incident file this replica syncs
 */
PeilIncident *
peil_replica_get_incident (PeilReplica *self)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);
  return self->incident;
}

/**
 * peil_replica_get_address:
 * @self: a #PeilReplica
 *
 * Gets the team server's address.
 *
 * Returns: (transfer none): the team server's address as the file keeps
 *   it, without a password (see peil_team_server_normalize_address())
 */
const char *
peil_replica_get_address (PeilReplica *self)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);
  return self->address;
}

/**
 * peil_replica_get_name:
 * @self: a #PeilReplica
 *
 * Gets the team incident's name.
 *
 * Returns: (transfer none): the team incident's name on the server
 */
const char *
peil_replica_get_name (PeilReplica *self)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);
  return self->name;
}

/**
 * peil_replica_get_id:
 * @self: a #PeilReplica
 *
 * The id changes with the next sync when the file turns out to be a copy
 * of a replica's file: each file pushes under an id of its own.
 *
 * Returns: (transfer none): this replica's own id, a UUIDv7, which marks
 *   the changes it pushes
 */
const char *
peil_replica_get_id (PeilReplica *self)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);
  return self->id;
}

/**
 * peil_replica_get_last_seq:
 * @self: a #PeilReplica
 *
 * Gets the number of the last change the file has from the server.
 *
 * Returns: the number the server gave the last change applied to the file;
 *   0 before the first sync
 */
gint64
peil_replica_get_last_seq (PeilReplica *self)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), 0);
  return self->last_seq;
}

/**
 * peil_replica_get_state:
 * @self: a #PeilReplica
 *
 * Gets how the replica stands with its server: syncing, or whether the
 * last sync went through. #PeilReplica:state notifies changes; a new
 * replica is offline until its first sync.
 *
 * Returns: the replica's #PeilReplicaState
 */
PeilReplicaState
peil_replica_get_state (PeilReplica *self)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), PEIL_REPLICA_OFFLINE);
  return self->state;
}

/**
 * peil_replica_get_last_error:
 *
 * Tells why syncing with the team server fails, for a status line; it clears
 * when a sync succeeds.
 *
 * Returns: (nullable): why the last sync failed, while it has not
 *   succeeded since
 */
const char *
peil_replica_get_last_error (PeilReplica *self)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);
  return self->last_error;
}

/**
 * peil_replica_count_waiting:
 *
 * Counts the changes made in this file that the next sync will send to the
 * team server; it reads the file only.
 *
 * Returns: how many changes made here the server does not have yet, or
 *   -1 with @error set
 */
gint64
peil_replica_count_waiting (PeilReplica  *self,
                            GError      **error)
{
  gint64 waiting = -1;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), -1);

  if (!peil_database_query_int (self->incident->db, "SELECT count (*) FROM team_outbox", &waiting, error))
    return -1;
  return waiting;
}

static gboolean
has_trigger (PeilIncident *incident,
             const char   *name)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* In the caller's transaction: the later triggers the file lacks, and
 * with @catch_up what they would have queued. */
static gboolean
add_later_triggers (PeilIncident  *incident,
                    gboolean       catch_up,
                    GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (later_triggers); i++)
    if (!has_trigger (incident, later_triggers[i].name) &&
        (!peil_database_exec (incident->db, later_triggers[i].triggers, error) ||
         (catch_up && !peil_database_exec (incident->db, later_triggers[i].catch_up, error))))
      return FALSE;
  return TRUE;
}

static gboolean
has_change_ids (PeilIncident *incident)
{
  gint64 found = 0;

  return peil_database_query_int (incident->db, "SELECT count (*) FROM pragma_table_info ('team_outbox')"
                                                " WHERE name = 'change_id'", &found, NULL) && found > 0;
}

/* A file made a replica by an earlier Peil queues what this one does, and
 * as this one does. */
static gboolean
update_triggers (PeilIncident  *incident,
                 GError       **error)
{
  gboolean current = has_change_ids (incident);

  for (guint i = 0; i < G_N_ELEMENTS (later_triggers); i++)
    current &= has_trigger (incident, later_triggers[i].name);
  if (current)
    return TRUE;

  /* Looked at again under the write lock: another sync of the file may
   * have added them meanwhile, and catching up twice sends twice. */
  if (!peil_database_begin (incident->db, error))
    return FALSE;
  if ((!has_change_ids (incident) && !peil_database_exec (incident->db, change_ids_sql, error)) ||
      !add_later_triggers (incident, TRUE, error) ||
      !peil_database_commit (incident->db, error))
    {
      peil_database_rollback (incident->db);
      return FALSE;
    }
  return TRUE;
}

/* In the caller's transaction: all the file holds, as if made just now. */
static gboolean
queue_everything (PeilIncident  *incident,
                  GError       **error)
{
  if (!peil_database_exec (incident->db, queue_everything_sql, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (later_triggers); i++)
    if (!peil_database_exec (incident->db, later_triggers[i].catch_up, error))
      return FALSE;
  return TRUE;
}

/* The link and the queue, in the caller's transaction. */
static gboolean
link_file (PeilIncident  *incident,
           const char    *address,
           const char    *name,
           GError       **error)
{
  g_autofree char *replica = peil_uuid7_new ();
  sqlite3_stmt *stmt;

  g_autofree char *identity = file_identity (incident);

  if (!peil_database_exec (incident->db, replica_sql, error) ||
      !add_later_triggers (incident, FALSE, error) ||
      !(stmt = peil_database_statement (incident->db, "INSERT INTO team_link (id, address, incident, replica, linked_at, file_id)"
                                                      " VALUES (1, ?, ?, ?, ?, ?)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 5, identity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 1, address, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, replica, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  return peil_database_run (incident->db, stmt, error) &&
         peil_incident_log_event (incident, "team-linked", 0, NULL, name, error);
}

/* ---- pushing ---- */

/* The id a row with these texts (NULL: none to look for) has, or 0. */
static gint64
lookup_id (PeilIncident       *incident,
           const char         *sql,
           const char * const *values,
           guint               n_values)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  for (guint i = 0; i < n_values; i++)
    if (values[i] == NULL)
      return 0;
  if (!(stmt = peil_database_statement (incident->db, sql, NULL)))
    return 0;
  for (guint i = 0; i < n_values; i++)
    sqlite3_bind_text (stmt, (int)i + 1, values[i], -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}


static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

/* The post as a team's change: its natural key, its time for handing out
 * work, and the post as an NDJSON line, without tags (those are changes
 * of their own). */
static JsonObject *
post_body (PeilIncident  *incident,
           gint64         post_id,
           GError       **error)
{
  g_autoptr(PeilPost) post = peil_incident_get_post (incident, post_id, error);
  g_autoptr(JsonNode) line = NULL;
  JsonObject *body;

  if (post == NULL)
    return NULL;
  line = peil_post_to_json (post, NULL);
  /* Changes of their own. */
  json_object_remove_member (json_node_get_object (line), "tags");
  json_object_remove_member (json_node_get_object (line), "off_topic");

  body = json_object_new ();
  json_object_set_string_member (body, "source", peil_post_get_source (post));
  json_object_set_string_member (body, "remote_id", peil_post_get_remote_id (post));
  json_object_set_int_member (body, "created_at", peil_post_get_created_at (post));
  json_object_set_object_member (body, "post", json_object_ref (json_node_get_object (line)));
  return body;
}

static JsonObject *
tag_definition_body (PeilIncident *incident,
                     const char   *code)
{
  PeilTag *tag = peil_taxonomy_lookup_tag (incident->taxonomy, code);
  PeilDimension *dimension;
  JsonObject *body;

  if (tag == NULL)
    return NULL;
  dimension = peil_taxonomy_lookup_dimension (incident->taxonomy, peil_tag_get_dimension_code (tag));
  body = json_object_new ();
  json_object_set_string_member (body, "code", code);
  json_object_set_string_member (body, "dimension", peil_tag_get_dimension_code (tag));
  json_object_set_boolean_member (body, "facet", dimension && peil_dimension_get_facet (dimension));
  json_object_set_boolean_member (body, "single", dimension && peil_dimension_get_single_choice (dimension));
  set_string (body, "label_nl", peil_tag_get_label_for (tag, "nl"));
  set_string (body, "label_en", peil_tag_get_label_for (tag, "en"));
  set_string (body, "definition_nl", peil_tag_get_definition_for (tag, "nl"));
  set_string (body, "definition_en", peil_tag_get_definition_for (tag, "en"));
  return body;
}

static void
set_column_string (JsonObject   *object,
                   const char   *name,
                   sqlite3_stmt *stmt,
                   int           column)
{
  json_object_set_string_member (object, name, column_text (stmt, column) ? column_text (stmt, column) : "");
}

/* A saved query as it stands, with the key it had before a change
 * (@was, as JSON), or only that key when it was removed. */
static JsonObject *
query_body (PeilIncident *incident,
            const char   *kind,
            gint64        query_id,
            const char   *was)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body = json_object_new ();

  if (was != NULL && json_parser_load_from_data (parser, was, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *key = json_node_get_object (json_parser_get_root (parser));

      /* A removal says which query went. */
      if (peil_json_get_string (key, "id") != NULL)
        json_object_set_string_member (body, "id", peil_json_get_string (key, "id"));
      json_object_remove_member (key, "id");
      json_object_set_object_member (body, "was", json_object_ref (key));
    }

  if (g_str_equal (kind, "query"))
    {
      sqlite3_stmt *stmt = peil_database_statement (incident->db,
          "SELECT q.source, q.text, q.options, q.interval, q.enabled, t.uuid, q.channel"
          " FROM query q LEFT JOIN team_query t ON t.query_id = q.id WHERE q.id = ?", NULL);
      gboolean found;

      if (stmt == NULL)
        return (json_object_unref (body), NULL);
      sqlite3_bind_int64 (stmt, 1, query_id);
      if ((found = sqlite3_step (stmt) == SQLITE_ROW))
        {
          set_column_string (body, "source", stmt, 0);
          set_column_string (body, "text", stmt, 1);
          set_column_string (body, "options", stmt, 2);
          json_object_set_int_member (body, "interval", sqlite3_column_int64 (stmt, 3));
          json_object_set_boolean_member (body, "enabled", sqlite3_column_int (stmt, 4) != 0);
          if (column_text (stmt, 5) != NULL)
            json_object_set_string_member (body, "id", column_text (stmt, 5));
          /* null: a public query, whose results are posts */
          if (column_text (stmt, 6) != NULL)
            json_object_set_string_member (body, "channel", column_text (stmt, 6));
          else
            json_object_set_null_member (body, "channel");
        }
      sqlite3_reset (stmt);
      if (!found)   /* removed since: its removal follows */
        return (json_object_unref (body), NULL);
    }
  else if (!json_object_has_member (body, "was"))
    return (json_object_unref (body), NULL);
  return body;
}

/* One row as a change's body: each column under its name in @sql, text
 * as strings (NULL as ""), numbers as numbers; NULL when the row is gone. */
static JsonObject *
row_body (PeilIncident *incident,
          const char   *sql,
          gint64        id)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db, sql, NULL);
  JsonObject *body = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      body = json_object_new ();
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        if (sqlite3_column_type (stmt, i) == SQLITE_INTEGER)
          json_object_set_int_member (body, sqlite3_column_name (stmt, i), sqlite3_column_int64 (stmt, i));
        else
          set_column_string (body, sqlite3_column_name (stmt, i), stmt, i);
    }
  sqlite3_reset (stmt);
  return body;
}

/* Who took a tag (or an off-topic mark, @code %NULL) off: the owner of
 * the tag, or (a single-choice value taken off a colleague's post, or
 * replaced; a colleague's mark) the analyst the file logged the change
 * under in the same second. */
static char *
untag_actor (PeilIncident *incident,
             const char   *action,
             gint64        post_id,
             const char   *code,
             gint64        at)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT analyst FROM event_log WHERE action = ? AND post_id = ? AND tag IS ? AND time = ?"
      " ORDER BY id DESC LIMIT 1", NULL);
  char *analyst = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, post_id);
  sqlite3_bind_text (stmt, 3, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, at);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    analyst = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return analyst;
}

/* What a round was issued with, for every replica to hold the same:
 * "sections" (key → text) and "examples" ({section, source, remote_id}). */
static void
add_issued_content (PeilIncident *incident,
                    gint64        round_id,
                    JsonObject   *body)
{
  JsonObject *sections = json_object_new ();
  JsonArray *examples = json_array_new ();
  sqlite3_stmt *stmt;

  if ((stmt = peil_database_statement (incident->db, "SELECT section, text FROM round_section WHERE round_id = ?", NULL)))
    {
      sqlite3_bind_int64 (stmt, 1, round_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        json_object_set_string_member (sections, column_text (stmt, 0), column_text (stmt, 1) ? column_text (stmt, 1) : "");
      sqlite3_reset (stmt);
    }
  if ((stmt = peil_database_statement (incident->db, "SELECT e.section, p.source, p.remote_id FROM round_example e"
                                                     " JOIN post p ON p.id = e.post_id WHERE e.round_id = ?", NULL)))
    {
      sqlite3_bind_int64 (stmt, 1, round_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          JsonObject *example = json_object_new ();

          json_object_set_string_member (example, "section", column_text (stmt, 0));
          json_object_set_string_member (example, "source", column_text (stmt, 1));
          json_object_set_string_member (example, "remote_id", column_text (stmt, 2));
          json_array_add_object_element (examples, example);
        }
      sqlite3_reset (stmt);
    }
  json_object_set_object_member (body, "sections", sections);
  json_object_set_array_member (body, "examples", examples);
}

/* A rumour as it stands, by its claim; NULL when it is gone. */
static JsonObject *
rumour_body (PeilIncident *incident,
             gint64        rumour_id)
{
  JsonObject *body = row_body (incident, "SELECT claim, status, first_seen, response, created_at"
                                         " FROM rumour WHERE id = ?", rumour_id);

  if (body != NULL)
    json_object_set_string_member (body, "analyst", peil_incident_get_analyst (incident));
  return body;
}

static gboolean
link_is_automatic (PeilIncident *incident,
                   gint64        rumour_id,
                   gint64        post_id)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT linked_automatically FROM rumour_post WHERE rumour_id = ? AND post_id = ?", NULL);
  gboolean automatic = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rumour_id);
  sqlite3_bind_int64 (stmt, 2, post_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    automatic = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return automatic;
}

/* A message as it stands, by its UUID: NULL when it is gone. Its source
 * and id, when it was gathered, find it also in a file that gathered it
 * itself under a UUID of its own. */
static JsonObject *
message_body (PeilIncident *incident,
              const char   *uuid)
{
  gint64 id = uuid != NULL ? lookup_id (incident, "SELECT id FROM message WHERE uuid = ?", &uuid, 1) : 0;
  JsonObject *body;
  JsonObject *query;

  if (id == 0 ||
      !(body = row_body (incident, "SELECT m.uuid, m.channel, m.text, m.time, m.url, m.source, m.remote_id,"
                                   " m.created_at, coalesce (a.name, '') AS analyst"
                                   " FROM message m LEFT JOIN analyst a ON a.id = m.analyst_id WHERE m.id = ?", id)))
    return NULL;
  /* Gathered by a saved query marked as one of the organisation's own
   * channels: the team's by the query's id. */
  if ((query = row_body (incident, "SELECT q.source, q.text, q.options, coalesce (t.uuid, '') AS id"
                                   " FROM message m JOIN query q ON q.id = m.query_id"
                                   " LEFT JOIN team_query t ON t.query_id = q.id WHERE m.id = ?", id)))
    json_object_set_object_member (body, "query", query);
  return body;
}

/* A change of the organisation's messages: the message's key (its UUID,
 * source and id) with the tag (@code), rumour (@rumour_id, by its claim)
 * or message removed (@detail holds its key) or added (@detail is its
 * UUID), or a rumour's response message as it stands (by UUID, "" for
 * none). NULL when what it names is gone. */
static JsonObject *
message_change_body (PeilIncident *incident,
                     const char   *kind,
                     const char   *detail,
                     const char   *code,
                     gint64        rumour_id)
{
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(JsonObject) rumour = NULL;
  JsonObject *body;

  if (g_str_equal (kind, "message"))
    return message_body (incident, detail);
  if (g_str_equal (kind, "message-removed"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (detail == NULL || !json_parser_load_from_data (parser, detail, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return NULL;
      return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  if (g_str_equal (kind, "response-message"))
    {
      if (!(rumour = rumour_body (incident, rumour_id)) ||
          !(body = row_body (incident, "SELECT coalesce (m.uuid, '') AS uuid, m.source, m.remote_id FROM rumour r"
                                       " LEFT JOIN message m ON m.id = r.response_message_id WHERE r.id = ?",
                             rumour_id)))
        return NULL;
      json_object_set_string_member (body, "claim", str_or (rumour, "claim", ""));
      json_object_set_string_member (body, "analyst", peil_incident_get_analyst (incident));
      return body;
    }

  /* A tag or a rumour it addresses. */
  if (!(message = message_body (incident, detail)) ||
      (g_str_has_prefix (kind, "message-rumour-") && !(rumour = rumour_body (incident, rumour_id))) ||
      (g_str_has_suffix (kind, "tag") && code == NULL))
    return NULL;
  body = json_object_new ();
  json_object_set_string_member (body, "uuid", detail);
  json_object_set_string_member (body, "source", str_or (message, "source", ""));
  json_object_set_string_member (body, "remote_id", str_or (message, "remote_id", ""));
  if (rumour != NULL)
    json_object_set_string_member (body, "claim", str_or (rumour, "claim", ""));
  else
    json_object_set_string_member (body, "tag", code);
  json_object_set_string_member (body, "analyst", peil_incident_get_analyst (incident));
  return body;
}

/* A section's text as it stands, pushed once for all the edits queued
 * since the last push, as made on top of the version the first of them
 * was made on: the later edits did not see anything newer either. */
static JsonObject *
section_body (PeilIncident *incident,
              gint64        queued,
              gint64        round_id,
              const char   *section)
{
  sqlite3_stmt *later = peil_database_statement (incident->db,
      "SELECT 1 FROM team_outbox WHERE kind = 'section' AND ref = ? AND detail = ? AND id > ?", NULL);
  sqlite3_stmt *stmt;
  JsonObject *body = NULL;
  gboolean superseded;

  if (later == NULL || section == NULL)
    return NULL;
  sqlite3_bind_int64 (later, 1, round_id);
  sqlite3_bind_text (later, 2, section, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (later, 3, queued);
  superseded = sqlite3_step (later) == SQLITE_ROW;
  sqlite3_reset (later);
  if (superseded)
    return NULL;

  if (!(stmt = peil_database_statement (incident->db,
            "SELECT r.number, s.text, (SELECT min (base) FROM team_outbox o"
            "  WHERE o.kind = 'section' AND o.ref = s.round_id AND o.detail = s.section)"
            " FROM round_section s JOIN round r ON r.id = s.round_id"
            " WHERE s.round_id = ? AND s.section = ?", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, round_id);
  sqlite3_bind_text (stmt, 2, section, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      body = json_object_new ();
      json_object_set_int_member (body, "number", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (body, "section", section);
      json_object_set_string_member (body, "analyst", peil_incident_get_analyst (incident));
      set_column_string (body, "text", stmt, 1);
      json_object_set_int_member (body, "base", sqlite3_column_int64 (stmt, 2));
    }
  sqlite3_reset (stmt);
  return body;
}

/*
 * read_queue:
 * @out_last: the number of the last change read, which may have no body
 *   (a post deleted since, for example) and is pushed as nothing
 *
 * Returns: (transfer full): up to PUSH_BATCH changes, oldest first
 */
static JsonArray *
read_queue (PeilIncident  *incident,
            gint64        *out_last,
            GError       **error)
{
  g_autoptr(JsonArray) events = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  *out_last = 0;
  if (!peil_database_begin_read (incident->db, error))
    return NULL;
  if (!(stmt = peil_database_statement (incident->db,
            "SELECT o.id, o.kind, o.post_id, o.at, p.source, p.remote_id, t.code, a.name, n.text, o.ref, o.detail,"
            " r.number, n.uuid, o.change_id, (SELECT uuid FROM team_round WHERE round_id = o.ref"
            "            AND o.kind IN ('section', 'example-link', 'example-unlink'))"
            " FROM team_outbox o"
            " LEFT JOIN post p ON p.id = o.post_id"
            " LEFT JOIN tag t ON t.id = o.tag_id"
            " LEFT JOIN analyst a ON a.id = o.analyst_id"
            " LEFT JOIN note n ON o.kind = 'note' AND n.id = o.ref"
            " LEFT JOIN round r ON o.kind IN ('example-link', 'example-unlink') AND r.id = o.ref"
            " ORDER BY o.id LIMIT ?", error)))
    {
      peil_database_end_read (incident->db);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, PUSH_BATCH);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = column_text (stmt, 1);
      const char *source = column_text (stmt, 4);
      JsonObject *body = NULL;
      JsonObject *event;

      *out_last = sqlite3_column_int64 (stmt, 0);
      if (g_str_equal (kind, "handover"))
        {
          body = json_object_new ();
          json_object_set_string_member (body, "analyst", column_text (stmt, 7) ? column_text (stmt, 7) : "");
          json_object_set_string_member (body, "text", column_text (stmt, 10) ? column_text (stmt, 10) : "");
        }
      else if (g_str_equal (kind, "conflict-resolved"))
        {
          body = json_object_new ();
          json_object_set_int_member (body, "seq", sqlite3_column_int64 (stmt, 9));
          json_object_set_string_member (body, "choice", column_text (stmt, 10) ? column_text (stmt, 10) : "");
          json_object_set_string_member (body, "analyst", column_text (stmt, 7) ? column_text (stmt, 7) : "");
        }
      else if (g_str_equal (kind, "tag-def"))
        body = column_text (stmt, 6) ? tag_definition_body (incident, column_text (stmt, 6)) : NULL;
      else if (g_str_equal (kind, "round"))
        {
          body = row_body (incident, "SELECT number, title, period_start, period_end, commissioner, classification,"
                                     " created_at, issued_at, issued_by, snapshot,"
                                     " (SELECT uuid FROM team_round WHERE round_id = round.id) AS id"
                                     " FROM round WHERE id = ?",
                           sqlite3_column_int64 (stmt, 9));
          if (body != NULL && int_or (body, "issued_at", 0) > 0)
            add_issued_content (incident, sqlite3_column_int64 (stmt, 9), body);
        }
      else if (g_str_equal (kind, "section"))
        {
          if ((body = section_body (incident, *out_last, sqlite3_column_int64 (stmt, 9), column_text (stmt, 10))))
            set_string (body, "round_id", column_text (stmt, 14));
        }
      else if (g_str_equal (kind, "rumour"))
        {
          body = rumour_body (incident, sqlite3_column_int64 (stmt, 9));
          if (body != NULL && column_text (stmt, 10) != NULL)
            json_object_set_string_member (body, "status", column_text (stmt, 10));
        }
      else if (g_str_equal (kind, "query") || g_str_equal (kind, "query-removed"))
        body = query_body (incident, kind, sqlite3_column_int64 (stmt, 9), column_text (stmt, 10));
      else if (g_str_has_prefix (kind, "message") || g_str_equal (kind, "response-message"))
        body = message_change_body (incident, kind, column_text (stmt, 10), column_text (stmt, 6),
                                    sqlite3_column_int64 (stmt, 9));
      else if (g_str_has_prefix (kind, "rumour-"))
        {
          g_autoptr(JsonObject) rumour = rumour_body (incident, sqlite3_column_int64 (stmt, 9));

          if (rumour == NULL || source == NULL)
            continue;
          body = json_object_new ();
          json_object_set_string_member (body, "claim", str_or (rumour, "claim", ""));
          json_object_set_string_member (body, "source", source);
          json_object_set_string_member (body, "remote_id", column_text (stmt, 5));
          /* A post linked because it joined the rumour's story is linked so
           * everywhere; the story itself is this file's own and does not
           * travel (docs/triage.md). */
          if (g_str_equal (kind, "rumour-link") &&
              link_is_automatic (incident, sqlite3_column_int64 (stmt, 9), sqlite3_column_int64 (stmt, 2)))
            json_object_set_boolean_member (body, "automatic", TRUE);
        }
      else if (source == NULL)
        continue;   /* the post is gone, and its change with it */
      else if (g_str_equal (kind, "post-query"))
        {
          JsonObject *query = row_body (incident, "SELECT q.source, q.text, q.options, coalesce (t.uuid, '') AS id"
                                                  " FROM query q LEFT JOIN team_query t ON t.query_id = q.id"
                                                  " WHERE q.id = ?", sqlite3_column_int64 (stmt, 9));

          if (query == NULL)
            continue;   /* the query is gone */
          body = json_object_new ();
          json_object_set_string_member (body, "source", source);
          json_object_set_string_member (body, "remote_id", column_text (stmt, 5));
          json_object_set_object_member (body, "query", query);
        }
      else if (g_str_has_prefix (kind, "example-"))
        {
          if (sqlite3_column_type (stmt, 11) == SQLITE_NULL)
            continue;   /* the round is gone */
          body = json_object_new ();
          json_object_set_int_member (body, "number", sqlite3_column_int64 (stmt, 11));
          set_string (body, "round_id", column_text (stmt, 14));
          json_object_set_string_member (body, "section", column_text (stmt, 10) ? column_text (stmt, 10) : "");
          json_object_set_string_member (body, "source", source);
          json_object_set_string_member (body, "remote_id", column_text (stmt, 5));
          json_object_set_string_member (body, "analyst", peil_incident_get_analyst (incident));
        }
      else if (g_str_equal (kind, "post-time"))
        body = row_body (incident, "SELECT source, remote_id, created_at, time_from_import FROM post WHERE id = ?",
                         sqlite3_column_int64 (stmt, 2));
      else if (g_str_equal (kind, "post"))
        {
          g_autoptr(GError) local_error = NULL;

          if (!(body = post_body (incident, sqlite3_column_int64 (stmt, 2), &local_error)))
            {
              sqlite3_reset (stmt);
              peil_database_end_read (incident->db);
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
      else
        {
          body = json_object_new ();
          json_object_set_string_member (body, "source", source);
          json_object_set_string_member (body, "remote_id", column_text (stmt, 5));
          set_string (body, "tag", column_text (stmt, 6));
          json_object_set_string_member (body, "analyst", column_text (stmt, 7) ? column_text (stmt, 7) : "");
          set_string (body, "text", column_text (stmt, 8));
          set_string (body, "uuid", column_text (stmt, 12));
          if (g_str_equal (kind, "untag") || g_str_equal (kind, "on-topic"))
            {
              g_autofree char *by = untag_actor (incident, kind, sqlite3_column_int64 (stmt, 2), column_text (stmt, 6),
                                                 sqlite3_column_int64 (stmt, 3));

              set_string (body, "by", by);
            }
        }
      if (body == NULL)
        continue;
      set_string (body, "change", column_text (stmt, 13));

      event = json_object_new ();
      json_object_set_int_member (event, "id", *out_last);
      json_object_set_string_member (event, "kind", kind);
      json_object_set_int_member (event, "at", sqlite3_column_int64 (stmt, 3));
      json_object_set_object_member (event, "body", body);
      json_array_add_object_element (events, event);
    }
  sqlite3_reset (stmt);
  peil_database_end_read (incident->db);

  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (incident->db, error);
      return NULL;
    }
  return g_steal_pointer (&events);
}

/* Gives the file a replica name of its own, for this file. */
static gboolean
rename_replica (PeilIncident  *incident,
                char         **inout_replica,
                GError       **error)
{
  g_autofree char *renamed = peil_uuid7_new ();
  g_autofree char *identity = file_identity (incident);
  sqlite3_stmt *stmt;

  if (!peil_database_begin (incident->db, error))
    return FALSE;
  if (!(stmt = peil_database_statement (incident->db, "UPDATE team_link SET replica = ?, file_id = ?", error)))
    {
      peil_database_rollback (incident->db);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, renamed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, identity, -1, SQLITE_STATIC);
  if (!peil_database_run (incident->db, stmt, error) ||
      !peil_incident_log_event (incident, "team-renamed", 0, NULL, renamed, error) ||
      !peil_database_commit (incident->db, error))
    {
      peil_database_rollback (incident->db);
      return FALSE;
    }
  g_free (*inout_replica);
  *inout_replica = g_steal_pointer (&renamed);
  return TRUE;
}

/* A file copied (mailed, restored from a backup, copied to work at home)
 * is another file than the one its replica name was given to: before it
 * pushes or pulls anything it takes a name of its own, so that neither
 * file takes the other's changes for its own. A moved file is renamed
 * too, which costs nothing. */
static gboolean
check_file_identity (PeilIncident  *incident,
                     char         **inout_replica,
                     GError       **error)
{
  g_autofree char *identity = file_identity (incident);
  sqlite3_stmt *stmt = peil_database_statement (incident->db, "SELECT file_id FROM team_link", error);
  g_autofree char *recorded = NULL;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    recorded = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (g_strcmp0 (recorded, identity) == 0)
    return TRUE;
  return rename_replica (incident, inout_replica, error);
}

/* In batches, from the number after @after: the queued changes' numbers
 * and identities. */
static JsonArray *
read_identities (PeilIncident  *incident,
                 gint64         after,
                 gint64        *out_last,
                 GError       **error)
{
  g_autoptr(JsonArray) changes = json_array_new ();
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT id, change_id FROM team_outbox WHERE id > ? ORDER BY id LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int (stmt, 2, PUSH_BATCH);
  *out_last = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *change = json_object_new ();

      *out_last = sqlite3_column_int64 (stmt, 0);
      json_object_set_int_member (change, "id", *out_last);
      set_string (change, "change", column_text (stmt, 1));
      json_array_add_object_element (changes, change);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return (peil_database_set_error (incident->db, error), NULL);
  return g_steal_pointer (&changes);
}

/* A file restored from a backup, or copied and worked on beside the
 * original, numbers its changes on from where the copy was made, as the
 * original did: the server would take its new changes for the ones it
 * holds under those numbers. It takes a replica name of its own, so
 * that they are new to the server, and the team's changes made under
 * the old name (its own, before the restore) are no longer its own:
 * the next pull brings back what the file lost (notes by their UUID,
 * posts by their key; nothing is added twice). What is still queued
 * from before the copy was made and has reached the server under the
 * old name since is the same change there: it is dropped from the queue
 * first, so that it is not pushed a second time, older than what the
 * team did after it (a tag taken off again). */
static gboolean
take_new_name (PeilIncident    *incident,
               PeilTeamServer  *server,
               gint64           team_id,
               char           **inout_replica,
               GError         **error)
{
  gint64 after = 0;

  for (;;)
    {
      g_autoptr(JsonArray) changes = NULL;
      g_autoptr(GArray) held = NULL;
      gint64 last;

      if (!peil_database_begin_read (incident->db, error))
        return FALSE;
      changes = read_identities (incident, after, &last, error);
      peil_database_end_read (incident->db);
      if (changes == NULL)
        return FALSE;
      if (last == 0)
        break;
      after = last;
      if (!(held = peil_team_server_find_held (server, team_id, *inout_replica, changes, error)))
        return FALSE;
      if (held->len == 0)
        continue;
      if (!peil_database_begin (incident->db, error))
        return FALSE;
      for (guint i = 0; i < held->len; i++)
        {
          sqlite3_stmt *stmt = peil_database_statement (incident->db, "DELETE FROM team_outbox WHERE id = ?", error);

          if (stmt == NULL)
            goto failed;
          sqlite3_bind_int64 (stmt, 1, g_array_index (held, gint64, i));
          if (!peil_database_run (incident->db, stmt, error))
            goto failed;
        }
      if (!peil_database_commit (incident->db, error))
        goto failed;
    }
  return rename_replica (incident, inout_replica, error);

failed:
  peil_database_rollback (incident->db);
  return FALSE;
}

/* A file restored from a backup over itself is the same file (device and
 * inode) as before, and check_file_identity() sees nothing; but its
 * queue's numbers went back with it, while the server holds higher ones
 * from it. Numbers are never reused within a file (AUTOINCREMENT), so
 * that says the file went back. (Restored and then worked on offline
 * past those numbers, it is found at the push instead, by the clash.) */
static gboolean
check_restored (PeilIncident    *incident,
                PeilTeamServer  *server,
                gint64           team_id,
                char           **inout_replica,
                GError         **error)
{
  gint64 held = peil_team_server_last_origin_id (server, team_id, *inout_replica, error);
  gint64 counter = 0;

  if (held < 0 ||
      !peil_database_query_int (incident->db, "SELECT coalesce ((SELECT seq FROM sqlite_sequence"
                                              " WHERE name = 'team_outbox'), 0)", &counter, error))
    return FALSE;
  if (held <= counter)
    return TRUE;
  g_debug ("The file went back to an older state (a backup?); it takes a new replica name");
  return take_new_name (incident, server, team_id, inout_replica, error);
}

static gboolean
push (PeilIncident    *incident,
      PeilTeamServer  *server,
      gint64           team_id,
      char           **inout_replica,
      GCancellable    *cancellable,
      GError         **error)
{
  for (;;)
    {
      g_autoptr(JsonArray) events = NULL;
      g_autoptr(GError) clash = NULL;
      sqlite3_stmt *stmt;
      gint64 last;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !(events = read_queue (incident, &last, error)))
        return FALSE;
      if (last == 0)
        return TRUE;
      if (json_array_get_length (events) > 0 &&
          !peil_team_server_push (server, team_id, *inout_replica, events, &clash))
        {
          if (!g_error_matches (clash, PEIL_ERROR, PEIL_ERROR_EXISTS))
            {
              g_propagate_error (error, g_steal_pointer (&clash));
              return FALSE;
            }
          /* Read again: what the server had is gone from the queue. */
          if (!take_new_name (incident, server, team_id, inout_replica, error))
            return FALSE;
          continue;
        }

      /* Pushed: a crash before this leaves them queued, and the server
       * takes each change once however often it is pushed. */
      if (!peil_database_begin (incident->db, error))
        return FALSE;
      if (!(stmt = peil_database_statement (incident->db, "DELETE FROM team_outbox WHERE id <= ?", error)))
        {
          peil_database_rollback (incident->db);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, last);
      if (!peil_database_run (incident->db, stmt, error) ||
          !peil_database_commit (incident->db, error))
        {
          peil_database_rollback (incident->db);
          return FALSE;
        }
    }
}

/* ---- pulling ---- */

static gint64
find_post (PeilIncident *incident,
           JsonObject   *body)
{
  const char *key[] = { str_or (body, "source", NULL), str_or (body, "remote_id", NULL) };

  return lookup_id (incident, "SELECT id FROM post WHERE source = ? AND remote_id = ?", key, G_N_ELEMENTS (key));
}

/* Whether a change made here, still waiting to be pushed, decides this
 * post's tag anyway: it will be numbered after whatever the server says
 * now. A tag is (post, tag, analyst), so only the same analyst's waiting
 * change to it counts; in a single-choice dimension a waiting choice of
 * any value counts, as it replaces whatever is there. */
static gboolean
waits_locally (PeilIncident *incident,
               gint64        post_id,
               PeilTag      *tag,
               const char   *analyst,
               gboolean      single_choice)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db, single_choice
      ? "SELECT 1 FROM team_outbox o WHERE o.post_id = ?1 AND o.kind = 'tag'"
        " AND o.tag_id IN (SELECT id FROM tag WHERE dimension_id = (SELECT dimension_id FROM tag WHERE id = ?2))"
      : "SELECT 1 FROM team_outbox o WHERE o.post_id = ?1 AND o.kind IN ('tag', 'untag') AND o.tag_id = ?2"
        " AND o.analyst_id = (SELECT id FROM analyst WHERE name = ?3)", NULL);
  gboolean waits;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  sqlite3_bind_int64 (stmt, 2, peil_tag_get_id (tag));
  if (!single_choice)
    sqlite3_bind_text (stmt, 3, analyst, -1, SQLITE_STATIC);
  waits = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return waits;
}

/* Whether the post's off-topic mark was put on or taken off here since
 * the last push: that change comes after whatever the server says now. */
static gboolean
waits_locally_off_topic (PeilIncident *incident,
                         gint64        post_id)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT 1 FROM team_outbox WHERE post_id = ? AND kind IN ('off-topic', 'on-topic')", NULL);
  gboolean waits;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  waits = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return waits;
}

static gboolean
remove_tag (PeilIncident  *incident,
            gint64         post_id,
            PeilTag       *tag,
            const char    *analyst,
            gint64         at,
            GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 analyst_id;

  if (!peil_incident_analyst_id (incident, analyst, &analyst_id, error) ||
      !(stmt = peil_database_statement (incident->db,
            "DELETE FROM post_tag WHERE post_id = ? AND tag_id = ? AND analyst_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  sqlite3_bind_int64 (stmt, 2, peil_tag_get_id (tag));
  sqlite3_bind_int64 (stmt, 3, analyst_id);
  if (!peil_database_run (incident->db, stmt, error))
    return FALSE;
  return peil_database_changes (incident->db) == 0 ||
         peil_incident_log_event_at (incident, at, "untag", post_id, peil_tag_get_code (tag), "team", error);
}

/* A note is one note by its UUID, however often it arrives (@uuid is
 * %NULL from a Peil before notes had one: then it is taken as new). */
static gboolean
add_note (PeilIncident  *incident,
          gint64         post_id,
          const char    *analyst,
          gint64         at,
          const char    *text,
          const char    *uuid,
          GError       **error)
{
  g_autofree char *made = uuid == NULL ? peil_uuid7_new () : NULL;
  sqlite3_stmt *stmt;
  gint64 analyst_id;

  if (!peil_incident_analyst_id (incident, analyst, &analyst_id, error) ||
      !(stmt = peil_database_statement (incident->db, "INSERT INTO note (post_id, analyst_id, created_at, text, uuid)"
                                                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  sqlite3_bind_int64 (stmt, 2, analyst_id);
  sqlite3_bind_int64 (stmt, 3, at);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, uuid != NULL ? uuid : made, -1, SQLITE_STATIC);
  if (!peil_database_run (incident->db, stmt, error))
    return FALSE;
  return peil_database_changes (incident->db) == 0 ||
         peil_incident_log_event_at (incident, at, "note", post_id, NULL, text, error);
}

/* Whether a change of this round's own, or of one of its sections, made
 * here still waits to be pushed: it will be numbered later, so it stands. */
static gboolean
round_waits_locally (PeilIncident *incident,
                     gint64        number,
                     const char   *section)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT 1 FROM team_outbox o JOIN round r ON r.id = o.ref"
      " WHERE r.number = ?1 AND ((?2 IS NULL AND o.kind = 'round') OR (o.kind = 'section' AND o.detail = ?2))", NULL);
  gboolean waits;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, number);
  sqlite3_bind_text (stmt, 2, section, -1, SQLITE_STATIC);
  waits = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return waits;
}

/* The round of this number if it was issued to the crisis team from this
 * file, else 0. A round issued from another file takes what that file
 * sends of it, which is what that file issued (it cannot change it any
 * more), also when it comes after the issue (a file of an older Peil
 * sends its texts at its next sync). */
/* The round @number if it is frozen: changes of it that the team
 * numbered later are kept out. */
static gint64
issued_round (PeilIncident *incident,
              gint64        number)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  const char *value = text;

  return lookup_id (incident, "SELECT r.id FROM round r JOIN team_round t ON t.round_id = r.id"
                              " WHERE r.number = ? AND r.issued_at > 0 AND t.frozen", &value, 1);
}

/* An issued round is what the crisis team was told: the team's later
 * changes of it are kept out, and said so in the log. */
static gboolean
refuse_issued (gint64       number,
               const char  *what,
               GError     **refusal)
{
  /* TRANSLATORS: %s is a change, such as "a new example" */
  g_set_error (refusal, PEIL_ERROR, PEIL_ERROR_ISSUED,
               _("round %lld was issued to the crisis team before this change reached it; %s is kept out of it"),
               (long long)number, what);
  return FALSE;
}

/* This file's number for the team's round @uuid, or 0. */
static gint64
team_round_number (PeilIncident *incident,
                   const char   *uuid)
{
  return lookup_id (incident, "SELECT r.number FROM round r JOIN team_round t ON t.round_id = r.id WHERE t.uuid = ?",
                    &uuid, 1);
}

static gboolean
log_renumbered (PeilIncident  *incident,
                gint64         from,
                gint64         to,
                GError       **error)
{
  g_autofree char *detail = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, from, to);

  g_message ("Round %" G_GINT64_FORMAT " is the team's round %" G_GINT64_FORMAT
             ": another round of that number reached the team first", from, to);
  return peil_incident_log_event (incident, "team-renumbered", 0, NULL, detail, error);
}

/*
 * place_round:
 * @inout_number: the number the change gives the round; the file's
 *   number for it on return
 * @out_fresh: whether the team's round is new to this file
 *
 * The team numbers its rounds in the order its sequence reaches them: a
 * round keeps the number it was started with unless a round the team
 * reached earlier has it, and then takes the number after the highest of
 * those. Every replica applies the same sequence, so every replica gives
 * the same numbers; a round started here that the team has not reached
 * yet moves out of the way meanwhile. Each move is in the log.
 *
 * An issued round keeps the number the crisis team knows it by: a draft
 * in its way moves, wherever the draft came from, and a draft arriving
 * for the number of an issued round here takes the next one.
 */
static gboolean
move_round (PeilIncident  *incident,
            gint64         round_id,
            gint64         from,
            GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "UPDATE round SET number = (SELECT max (number) + 1 FROM round) WHERE id = ? RETURNING number", error);
  gint64 moved_to;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return peil_database_set_error (incident->db, error);
    }
  moved_to = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return log_renumbered (incident, from, moved_to, error);
}

static gboolean
place_round (PeilIncident  *incident,
             const char    *uuid,
             gboolean       issued,
             gint64        *inout_number,
             gboolean      *out_fresh,
             GError       **error)
{
  g_autofree char *wanted = g_strdup_printf ("%" G_GINT64_FORMAT, *inout_number);
  const char *number_text = wanted;
  sqlite3_stmt *stmt;
  gint64 local = lookup_id (incident, "SELECT round_id FROM team_round WHERE uuid = ?", &uuid, 1);
  gint64 current = 0, team_number, other, holder;

  *out_fresh = local == 0;
  if (local != 0)
    {
      g_autofree char *local_text = g_strdup_printf ("%" G_GINT64_FORMAT, local);
      const char *value = local_text;

      current = lookup_id (incident, "SELECT number FROM round WHERE id = ?", &value, 1);
      if (lookup_id (incident, "SELECT seen FROM team_round WHERE round_id = ?", &value, 1) != 0)
        {
          *inout_number = current;
          return TRUE;
        }
    }

  holder = lookup_id (incident, "SELECT r.id FROM round r JOIN team_round t ON t.round_id = r.id"
                                " WHERE t.seen AND r.number = ?", &number_text, 1);
  if (holder != 0 && holder != local && issued &&
      lookup_id (incident, "SELECT 1 FROM round WHERE number = ? AND issued_at = 0", &number_text, 1) != 0)
    {
      if (!move_round (incident, holder, *inout_number, error))
        return FALSE;
      holder = 0;
    }
  team_number = holder == 0
    ? *inout_number
    : lookup_id (incident, "SELECT coalesce (max (r.number), 0) + 1 FROM round r JOIN team_round t"
                           " ON t.round_id = r.id WHERE t.seen AND ?1 = ?1", &number_text, 1);

  /* A round of this file's own that the team has not reached yet makes
   * way: it takes its number when the team reaches it. */
  g_free (wanted);
  wanted = g_strdup_printf ("%" G_GINT64_FORMAT, team_number);
  number_text = wanted;
  other = lookup_id (incident, "SELECT id FROM round WHERE number = ?", &number_text, 1);
  if (other != 0 && other != local && !issued &&
      lookup_id (incident, "SELECT 1 FROM round WHERE number = ? AND issued_at > 0", &number_text, 1) != 0)
    {
      /* An issued round of this file's own is not the one to move. */
      team_number = lookup_id (incident, "SELECT max (number) + 1 FROM round WHERE ?1 = ?1", &number_text, 1);
    }
  else if (other != 0 && other != local && !move_round (incident, other, team_number, error))
    return FALSE;

  if (local != 0)
    {
      if (current != team_number)
        {
          if (!(stmt = peil_database_statement (incident->db, "UPDATE round SET number = ? WHERE id = ?", error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, team_number);
          sqlite3_bind_int64 (stmt, 2, local);
          if (!peil_database_run (incident->db, stmt, error) ||
              !log_renumbered (incident, current, team_number, error))
            return FALSE;
        }
      if (!(stmt = peil_database_statement (incident->db, "UPDATE team_round SET seen = 1 WHERE round_id = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, local);
      if (!peil_database_run (incident->db, stmt, error))
        return FALSE;
    }
  else if (team_number != *inout_number && !log_renumbered (incident, *inout_number, team_number, error))
    return FALSE;
  *inout_number = team_number;
  return TRUE;
}

/* The texts and examples a round was issued with, from its issue: every
 * replica holds what the crisis team was given, whatever it had of the
 * draft. An issue from a Peil that did not send them leaves the draft. */
static gboolean
take_issued_content (PeilIncident  *incident,
                     gint64         number,
                     JsonObject    *body,
                     GError       **error)
{
  JsonObject *sections = peil_json_get_object (body, "sections");
  JsonArray *examples = peil_json_get_array (body, "examples");
  g_autofree char *number_text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  gint64 round_id = lookup_id (incident, "SELECT id FROM round WHERE number = ?", (const char *[]){ number_text }, 1);
  g_autoptr(GList) keys = NULL;
  sqlite3_stmt *stmt;

  if (sections == NULL || examples == NULL || round_id == 0)
    return TRUE;
  if (!(stmt = peil_database_statement (incident->db, "UPDATE team_round SET frozen = 1 WHERE round_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round_id);
  if (!peil_database_run (incident->db, stmt, error))
    return FALSE;
  if (!(stmt = peil_database_statement (incident->db, "DELETE FROM round_section WHERE round_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round_id);
  if (!peil_database_run (incident->db, stmt, error))
    return FALSE;
  keys = json_object_get_members (sections);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *text = str_or (sections, l->data, NULL);

      if (text == NULL || peil_round_lookup_section (l->data) == NULL || strlen (text) > NOTE_MAX_BYTES)
        continue;   /* not a section a replica sends */
      if (!(stmt = peil_database_statement (incident->db,
                "INSERT INTO round_section (round_id, section, text) VALUES (?, ?, ?)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, round_id);
      sqlite3_bind_text (stmt, 2, l->data, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
      if (!peil_database_run (incident->db, stmt, error))
        return FALSE;
    }

  if (!(stmt = peil_database_statement (incident->db, "DELETE FROM round_example WHERE round_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round_id);
  if (!peil_database_run (incident->db, stmt, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonNode *node = json_array_get_element (examples, i);
      JsonObject *example = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *section = example ? str_or (example, "section", NULL) : NULL;
      gint64 post_id = example ? find_post (incident, example) : 0;

      if (post_id == 0 || section == NULL || peil_round_lookup_section (section) == NULL)
        continue;   /* a post this file does not have is no example here */
      if (!(stmt = peil_database_statement (incident->db,
                "INSERT OR IGNORE INTO round_example (round_id, section, post_id, linked_at) VALUES (?, ?, ?, ?)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, round_id);
      sqlite3_bind_text (stmt, 2, section, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, post_id);
      sqlite3_bind_int64 (stmt, 4, int_or (body, "issued_at", 0));
      if (!peil_database_run (incident->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_round (PeilIncident   *incident,
             PeilTeamEvent  *event,
             gboolean        own,
             GError        **refusal,
             GError        **error)
{
  JsonObject *body = event->body;
  gint64 number = int_or (body, "number", 0);
  gint64 issued_at = int_or (body, "issued_at", 0);
  const char *uuid = str_or (body, "id", "");
  gboolean carries_issue = issued_at > 0 && peil_json_get_object (body, "sections") != NULL;
  gboolean fresh = FALSE, issuing;
  sqlite3_stmt *stmt;
  gint64 issued;

  if (number <= 0 || number > G_MAXINT)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a round without a number"));
      return FALSE;
    }
  if (*uuid != '\0')
    {
      if (!place_round (incident, uuid, issued_at > 0, &number, &fresh, error))
        return FALSE;
      if (fresh)
        goto write;
    }
  /* The file has its own changes already, and newer ones wait; but an
   * issue stands over what waits here, which the team will refuse. */
  if (own || (!carries_issue && round_waits_locally (incident, number, NULL)))
    return TRUE;
  if ((issued = issued_round (incident, number)) != 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, issued);
      g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, int_or (body, "period_start", 0));
      g_autofree char *end = g_strdup_printf ("%" G_GINT64_FORMAT, int_or (body, "period_end", 0));
      g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, issued_at > 0 ? issued_at : 0);
      const char *fields[] = { id_text, str_or (body, "title", ""), start, end, str_or (body, "commissioner", ""),
                               str_or (body, "classification", ""), at };

      /* The same round as issued here, or a draft of it from before the
       * issue, which the issue replaced; anything else is another say. */
      if (lookup_id (incident, "SELECT 1 FROM round WHERE id = ?1 AND title = ?2 AND period_start = ?3"
                               " AND (period_end = ?4 OR ?4 = '0') AND commissioner = ?5 AND classification = ?6"
                               " AND (issued_at = ?7 OR ?7 = '0')", fields, G_N_ELEMENTS (fields)) != 0)
        return TRUE;
      return refuse_issued (number, issued_at > 0 ? _("another issue of it") : _("a change of its title or period"),
                            refusal);
    }

  /* A round of the team's by its number here: its fields those of the
   * later change. An issued round stays issued with the figures it was
   * issued with. */
write:
  {
    g_autofree char *number_text = g_strdup_printf ("%" G_GINT64_FORMAT, number);

    issuing = issued_at > 0 && lookup_id (incident, "SELECT 1 FROM round WHERE number = ? AND issued_at > 0",
                                          (const char *[]){ number_text }, 1) == 0;
  }
  if (!(stmt = peil_database_statement (incident->db,
            "INSERT INTO round (number, title, period_start, period_end, commissioner, classification,"
            " created_at, issued_at, issued_by, snapshot)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif (?9, ''), nullif (?10, ''))"
            " ON CONFLICT (number) DO UPDATE SET title = excluded.title, period_start = excluded.period_start,"
            " period_end = excluded.period_end, commissioner = excluded.commissioner,"
            " classification = excluded.classification,"
            " issued_at = CASE WHEN round.issued_at = 0 THEN excluded.issued_at ELSE round.issued_at END,"
            " issued_by = CASE WHEN round.issued_at = 0 THEN excluded.issued_by ELSE round.issued_by END,"
            " snapshot = CASE WHEN round.issued_at = 0 THEN excluded.snapshot ELSE round.snapshot END", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, number);
  sqlite3_bind_text (stmt, 2, str_or (body, "title", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, int_or (body, "period_start", 0));
  sqlite3_bind_int64 (stmt, 4, int_or (body, "period_end", 0));
  sqlite3_bind_text (stmt, 5, str_or (body, "commissioner", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, str_or (body, "classification", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, int_or (body, "created_at", event->at));
  sqlite3_bind_int64 (stmt, 8, issued_at > 0 ? issued_at : 0);
  sqlite3_bind_text (stmt, 9, str_or (body, "issued_by", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, str_or (body, "snapshot", ""), -1, SQLITE_TRANSIENT);
  if (!peil_database_run (incident->db, stmt, error) ||
      (issuing && !take_issued_content (incident, number, body, error)))
    return FALSE;
  if (!fresh && *uuid != '\0')
    return TRUE;
  /* A round from an older Peil is the team's by its number, as the rounds
   * of a file made a replica by one are. */
  if (!(stmt = peil_database_statement (incident->db,
            "INSERT OR IGNORE INTO team_round (round_id, uuid, seen)"
            " SELECT id, coalesce (nullif (?, ''), 'round-' || number), 1 FROM round WHERE number = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, number);
  return peil_database_run (incident->db, stmt, error);
}

static gint64
find_rumour (PeilIncident *incident,
             const char   *claim)
{
  return lookup_id (incident, "SELECT min (id) FROM rumour WHERE claim = ?", &claim, 1);
}

/* A rumour's status is a single choice: the later change wins, and each
 * change of status is in its history with the analyst who made it. */
static gboolean
apply_rumour (PeilIncident   *incident,
              PeilTeamEvent  *event,
              const char     *analyst,
              GError        **refusal,
              GError        **error)
{
  JsonObject *body = event->body;
  const char *claim = str_or (body, "claim", NULL);
  const char *status = peil_rumour_status_from_string (str_or (body, "status", ""));
  sqlite3_stmt *stmt;
  gint64 id;

  if (claim == NULL || *claim == '\0' || status == NULL)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a rumour without a claim or status"));
      return FALSE;
    }
  if ((id = find_rumour (incident, claim)) != 0)
    {
      sqlite3_stmt *waits = peil_database_statement (incident->db,
          "SELECT 1 FROM team_outbox WHERE kind = 'rumour' AND ref = ?", error);
      gboolean pending;

      if (waits == NULL)
        return FALSE;
      sqlite3_bind_int64 (waits, 1, id);
      pending = sqlite3_step (waits) == SQLITE_ROW;
      sqlite3_reset (waits);
      if (pending)
        return TRUE;
    }
  else
    {
      if (!(stmt = peil_database_statement (incident->db,
                "INSERT INTO rumour (claim, status, first_seen, created_at) VALUES (?, '', ?, ?) RETURNING id", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, claim, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, int_or (body, "first_seen", event->at));
      sqlite3_bind_int64 (stmt, 3, int_or (body, "created_at", event->at));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return peil_database_set_error (incident->db, error);
        }
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  /* The history gains a line only when the status moves. */
  if (!(stmt = peil_database_statement (incident->db,
            "INSERT INTO rumour_status (rumour_id, status, changed_at, analyst)"
            " SELECT id, ?2, ?3, ?4 FROM rumour WHERE id = ?1 AND status <> ?2", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, event->at);
  sqlite3_bind_text (stmt, 4, analyst, -1, SQLITE_STATIC);
  if (!peil_database_run (incident->db, stmt, error) ||
      !(stmt = peil_database_statement (incident->db, "UPDATE rumour SET status = ?, response = ? WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, str_or (body, "response", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  return peil_database_run (incident->db, stmt, error);
}

static gboolean
apply_rumour_link (PeilIncident   *incident,
                   PeilTeamEvent  *event,
                   GError        **refusal,
                   GError        **error)
{
  gboolean link = g_str_equal (event->kind, "rumour-link");
  gboolean automatic = link && json_object_get_boolean_member_with_default (event->body, "automatic", FALSE);
  gint64 rumour = find_rumour (incident, str_or (event->body, "claim", NULL));
  gint64 post = find_post (incident, event->body);
  sqlite3_stmt *stmt;

  if (rumour == 0 || post == 0)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST, _("a link between a rumour and a post the team does not have"));
      return FALSE;
    }
  if (!(stmt = peil_database_statement (incident->db, link
            ? "INSERT INTO rumour_post (rumour_id, post_id, linked_automatically) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
            : "DELETE FROM rumour_post WHERE rumour_id = ? AND post_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rumour);
  sqlite3_bind_int64 (stmt, 2, post);
  if (link)
    sqlite3_bind_int (stmt, 3, automatic);
  /* Logged as a link made here is: who linked which post to which claim. */
  return peil_database_run (incident->db, stmt, error) &&
         (peil_database_changes (incident->db) == 0 ||
          peil_incident_log_event_at (incident, event->at,
                                      automatic ? "rumour-auto-linked" : link ? "rumour-linked" : "rumour-unlinked",
                                      post, NULL, str_or (event->body, "claim", NULL), error));
}

/* A saved query by the team's id for it, or, from a Peil that sent none,
 * by what it is (the first of those alike). */
static gint64
find_query (PeilIncident *incident,
            JsonObject   *key,
            const char   *id)
{
  const char *values[] = { str_or (key, "source", ""), str_or (key, "text", ""), str_or (key, "options", "{}") };

  if (id != NULL && *id != '\0')
    return lookup_id (incident, "SELECT query_id FROM team_query WHERE uuid = ?", &id, 1);
  if (key == NULL)
    return 0;
  return lookup_id (incident, "SELECT min (id) FROM query WHERE source = ? AND text = ? AND options = ?",
                    values, G_N_ELEMENTS (values));
}

/* A message is the team's by its UUID; one gathered by two replicas
 * under two UUIDs is one by its source and id. */
static gint64
find_message (PeilIncident *incident,
              JsonObject   *body)
{
  const char *uuid = str_or (body, "uuid", NULL);
  const char *key[] = { str_or (body, "source", NULL), str_or (body, "remote_id", NULL) };
  gint64 id = lookup_id (incident, "SELECT id FROM message WHERE uuid = ?", &uuid, 1);

  if (id == 0 && key[0] != NULL && *key[0] != '\0' && key[1] != NULL && *key[1] != '\0')
    id = lookup_id (incident, "SELECT id FROM message WHERE source = ? AND remote_id = ?", key, G_N_ELEMENTS (key));
  return id;
}

static const char *
empty_as_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* A message arrives once, however often it is sent (a retry, a file
 * restored from a backup, the same gathered twice): its UUID, and its
 * source and id when gathered, are unique. */
static gboolean
add_message (PeilIncident   *incident,
             PeilTeamEvent  *event,
             const char     *analyst,
             GError        **refusal,
             GError        **error)
{
  JsonObject *body = event->body;
  JsonObject *query = peil_json_get_object (body, "query");
  const char *uuid = str_or (body, "uuid", "");
  const char *channel = str_or (body, "channel", "");
  const char *text = str_or (body, "text", "");
  gint64 time = int_or (body, "time", 0);
  gint64 query_id = query != NULL ? find_query (incident, query, str_or (query, "id", NULL)) : 0;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 analyst_id;

  if (!g_uuid_string_is_valid (uuid) || !g_strv_contains (peil_message_channels (), channel) ||
      *text == '\0' || strlen (text) > MESSAGE_MAX_BYTES || time <= 0 || time > PEIL_TIME_LAST_SECOND)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("a message without its id, channel, text or time, or longer than a message can be"));
      return FALSE;
    }
  if (!peil_incident_analyst_id (incident, analyst, &analyst_id, error) ||
      !(stmt = peil_database_statement (incident->db,
            "INSERT INTO message (uuid, channel, text, time, url, source, remote_id, query_id, analyst_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, channel, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, time);
  sqlite3_bind_text (stmt, 5, empty_as_null (str_or (body, "url", NULL)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, empty_as_null (str_or (body, "source", NULL)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, empty_as_null (str_or (body, "remote_id", NULL)), -1, SQLITE_STATIC);
  if (query_id != 0)
    sqlite3_bind_int64 (stmt, 8, query_id);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_int64 (stmt, 9, analyst_id);
  sqlite3_bind_int64 (stmt, 10, int_or (body, "created_at", event->at));
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      /* As peil_incident_add_message() logs it. */
      detail = peil_message_log_detail (sqlite3_column_int64 (stmt, 0), channel, text);
      sqlite3_reset (stmt);
      break;
    case SQLITE_DONE:
      sqlite3_reset (stmt);
      return TRUE;   /* had it */
    default:
      sqlite3_reset (stmt);
      return peil_database_set_error (incident->db, error);
    }
  return peil_incident_log_event_at (incident, event->at, "message-added", 0, NULL, detail, error);
}

/* Whether a change of this kind to this message (and @ref, or @tag_id)
 * made here still waits to be pushed: it will be numbered later. */
static gboolean
message_waits_locally (PeilIncident *incident,
                       const char   *kind_like,
                       gint64        message_id,
                       gint64        tag_id,
                       gint64        ref)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT 1 FROM team_outbox o JOIN message m ON m.uuid = o.detail WHERE o.kind LIKE ?1 AND m.id = ?2"
      " AND o.tag_id IS ?3 AND o.ref IS ?4", NULL);
  gboolean waits;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind_like, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, message_id);
  if (tag_id != 0)
    sqlite3_bind_int64 (stmt, 3, tag_id);
  else
    sqlite3_bind_null (stmt, 3);
  if (ref != 0)
    sqlite3_bind_int64 (stmt, 4, ref);
  else
    sqlite3_bind_null (stmt, 4);
  waits = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return waits;
}

/* Runs @sql on (@a, @b; @b 0 as NULL, or none) and logs @action with @tag_code and @detail when
 * it changed anything. */
static gboolean
change_pair (PeilIncident  *incident,
             const char    *sql,
             gint64         a,
             gint64         b,
             gint64         at,
             const char    *action,
             const char    *tag_code,
             const char    *detail,
             GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  if (b != 0)
    sqlite3_bind_int64 (stmt, 2, b);
  else if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_null (stmt, 2);
  return peil_database_run (incident->db, stmt, error) &&
         (peil_database_changes (incident->db) == 0 ||
          peil_incident_log_event_at (incident, at, action, 0, tag_code, detail, error));
}

/* The organisation's messages: added, removed, the tags and rumours they
 * address, a rumour's response. A change made here to the same that
 * waits to be pushed stands (it will be numbered later); a tag or rumour
 * the file does not know is passed over, as for posts. */
static gboolean
apply_message (PeilIncident   *incident,
               PeilTeamEvent  *event,
               const char     *analyst,
               GPtrArray      *new_tags,
               GError        **refusal,
               GError        **error)
{
  JsonObject *body = event->body;
  gint64 message_id;
  g_autofree char *detail = NULL;

  if (g_str_equal (event->kind, "message"))
    return add_message (incident, event, analyst, refusal, error);

  message_id = find_message (incident, body);
  if (g_str_equal (event->kind, "message-removed"))
    {
      g_autoptr(PeilMessage) message = NULL;

      if (message_id == 0)
        return TRUE;   /* never had it, or removed here too */
      if (!(message = peil_incident_get_message (incident, message_id, error)))
        return FALSE;
      detail = peil_message_log_detail (message_id, message->channel, message->text);
      return change_pair (incident, "DELETE FROM message WHERE id = ?1", message_id, 0,
                          event->at, "message-removed", NULL, detail, error);
    }

  if (g_str_equal (event->kind, "response-message"))
    {
      gint64 rumour_id = find_rumour (incident, str_or (body, "claim", NULL));
      g_autofree char *response = NULL;

      if (rumour_id == 0 || (message_id == 0 && *str_or (body, "uuid", "") != '\0'))
        {
          g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID,
                               _("a rumour’s response by a message the team does not have"));
          return FALSE;
        }
      {
        g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, rumour_id);
        const char *key = ref;

        if (lookup_id (incident, "SELECT 1 FROM team_outbox WHERE kind = 'response-message' AND ref = ?", &key, 1) != 0)
          return TRUE;
      }
      response = g_strdup_printf ("%" G_GINT64_FORMAT " %s", message_id, str_or (body, "claim", ""));
      return change_pair (incident, "UPDATE rumour SET response_message_id = ?2 WHERE id = ?1"
                                    " AND response_message_id IS NOT ?2",
                          rumour_id, message_id, event->at, "rumour-response-message", NULL, response, error);
    }

  if (message_id == 0)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a change to a message the team does not have"));
      return FALSE;
    }

  if (g_str_equal (event->kind, "message-tag") || g_str_equal (event->kind, "message-untag"))
    {
      const char *code = str_or (body, "tag", NULL);
      gboolean addressed = g_str_equal (event->kind, "message-tag");
      PeilTag *tag = code ? peil_taxonomy_lookup_tag (incident->taxonomy, code) : NULL;

      for (guint i = 0; tag == NULL && code != NULL && i < new_tags->len; i++)
        if (g_str_equal (peil_tag_get_code (g_ptr_array_index (new_tags, i)), code))
          tag = g_ptr_array_index (new_tags, i);
      if (tag == NULL)
        {
          g_set_error (refusal, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG, _("unknown tag “%s”"), code ? code : "");
          return FALSE;
        }
      if (message_waits_locally (incident, "message-%tag", message_id, peil_tag_get_id (tag), 0))
        return TRUE;
      detail = g_strdup_printf ("%" G_GINT64_FORMAT, message_id);
      return change_pair (incident, addressed
                            ? "INSERT INTO message_tag (message_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
                            : "DELETE FROM message_tag WHERE message_id = ?1 AND tag_id = ?2",
                          message_id, peil_tag_get_id (tag), event->at,
                          addressed ? "message-tagged" : "message-untagged", code, detail, error);
    }

  /* message-rumour-link, message-rumour-unlink */
  {
    gboolean addressed = g_str_equal (event->kind, "message-rumour-link");
    gint64 rumour_id = find_rumour (incident, str_or (body, "claim", NULL));

    if (rumour_id == 0)
      {
        g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a message’s rumour the team does not have"));
        return FALSE;
      }
    if (message_waits_locally (incident, "message-rumour-%", message_id, 0, rumour_id))
      return TRUE;
    detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", message_id, str_or (body, "claim", ""));
    return change_pair (incident, addressed
                          ? "INSERT INTO message_rumour (message_id, rumour_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
                          : "DELETE FROM message_rumour WHERE message_id = ?1 AND rumour_id = ?2",
                        message_id, rumour_id, event->at,
                        addressed ? "message-rumour-linked" : "message-rumour-unlinked", NULL, detail, error);
  }
}

/* An example quoted in a section, by the round's number: linked or
 * unlinked as the team says, unless a change of the same made here waits
 * to be pushed (it will be numbered later). */
static gboolean
apply_example (PeilIncident   *incident,
               PeilTeamEvent  *event,
               gint64          post_id,
               GError        **refusal,
               GError        **error)
{
  gboolean link = g_str_equal (event->kind, "example-link");
  gint64 number = int_or (event->body, "number", 0);
  const char *section = str_or (event->body, "section", NULL);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 round_id = 0;
  gboolean waits;

  if (number <= 0 || number > G_MAXINT || section == NULL || peil_round_lookup_section (section) == NULL)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("an example without its round or section"));
      return FALSE;
    }
  if (*str_or (event->body, "round_id", "") != '\0')
    number = team_round_number (incident, str_or (event->body, "round_id", ""));
  if (!(stmt = peil_database_statement (incident->db, "SELECT id FROM round WHERE number = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, number);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    round_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (round_id == 0)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_NOT_FOUND, _("an example in a round the team does not have"));
      return FALSE;
    }
  if (issued_round (incident, number) != 0)
    {
      if (!(stmt = peil_database_statement (incident->db,
                "SELECT 1 FROM round_example WHERE round_id = ? AND post_id = ? AND section = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, round_id);
      sqlite3_bind_int64 (stmt, 2, post_id);
      sqlite3_bind_text (stmt, 3, section, -1, SQLITE_STATIC);
      waits = sqlite3_step (stmt) == SQLITE_ROW;   /* linked already */
      sqlite3_reset (stmt);
      if (waits == link)
        return TRUE;
      return refuse_issued (number, link ? _("a new example") : _("taking an example out"), refusal);
    }

  if (!(stmt = peil_database_statement (incident->db,
            "SELECT 1 FROM team_outbox WHERE kind IN ('example-link', 'example-unlink')"
            " AND ref = ? AND post_id = ? AND detail = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round_id);
  sqlite3_bind_int64 (stmt, 2, post_id);
  sqlite3_bind_text (stmt, 3, section, -1, SQLITE_STATIC);
  waits = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (waits)
    return TRUE;

  if (!(stmt = peil_database_statement (incident->db, link
            ? "INSERT OR IGNORE INTO round_example (round_id, section, post_id, linked_at) VALUES (?1, ?2, ?3, ?4)"
            : "DELETE FROM round_example WHERE round_id = ?1 AND section = ?2 AND post_id = ?3", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round_id);
  sqlite3_bind_text (stmt, 2, section, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, post_id);
  if (link)
    sqlite3_bind_int64 (stmt, 4, event->at);
  if (!peil_database_run (incident->db, stmt, error))
    return FALSE;
  if (peil_database_changes (incident->db) == 0)
    return TRUE;
  detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", number, section);
  return peil_incident_log_event_at (incident, event->at, link ? "example-linked" : "example-unlinked",
                                     post_id, NULL, detail, error);
}

/* Saved queries: what they search and how often, not how far each file
 * got (that stays each replica's own). A replica's own changes are in it
 * already; one of the team's to a query changed here since waits for
 * that change, which will be numbered later. */
static gboolean
apply_query (PeilIncident   *incident,
             PeilTeamEvent  *event,
             gboolean        own,
             GError        **refusal,
             GError        **error)
{
  JsonObject *body = event->body;
  JsonObject *was = peil_json_get_object (body, "was");
  const char *team_id = str_or (body, "id", NULL);
  gint64 id = find_query (incident, was, team_id);
  const char *channel;
  gboolean keeps_channel;
  sqlite3_stmt *stmt;

  if (own)
    return TRUE;
  if (g_str_equal (event->kind, "query-removed"))
    {
      if (id == 0)
        return TRUE;
      if (!(stmt = peil_database_statement (incident->db, "DELETE FROM query WHERE id = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      return peil_database_run (incident->db, stmt, error);
    }

  if (str_or (body, "source", NULL) == NULL ||
      str_or (body, "options", NULL) == NULL)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a saved query without its source"));
      return FALSE;
    }
  /* A query of one of the organisation's own channels gathers messages,
   * not posts; a change from a Peil before channels says nothing of it. */
  if ((channel = str_or (body, "channel", NULL)) != NULL && !g_strv_contains (peil_message_channels (), channel))
    {
      g_set_error (refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a saved query of an unknown channel “%s”"), channel);
      return FALSE;
    }
  keeps_channel = !json_object_has_member (body, "channel");
  if (id == 0 && team_id == NULL)
    id = find_query (incident, body, NULL);
  if (id != 0)
    {
      const char *ref = NULL;
      g_autofree char *ref_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      ref = ref_text;
      if (lookup_id (incident, "SELECT 1 FROM team_outbox WHERE kind = 'query' AND ref = ?", &ref, 1) != 0)
        return TRUE;
    }
  if (!(stmt = peil_database_statement (incident->db, id != 0
            ? "UPDATE query SET source = ?1, text = ?2, options = ?3, interval = ?4, enabled = ?5,"
              " channel = iif (?9, channel, ?8) WHERE id = ?6"
            : "INSERT INTO query (source, text, options, interval, enabled, created_at, channel)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?8)",
            error)))
    return FALSE;
  sqlite3_bind_text (stmt, 8, channel, -1, SQLITE_STATIC);
  if (id != 0)
    sqlite3_bind_int (stmt, 9, keeps_channel);
  sqlite3_bind_text (stmt, 1, str_or (body, "source", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, str_or (body, "text", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, str_or (body, "options", "{}"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, CLAMP (int_or (body, "interval", 300), 10, 7 * 86400));
  sqlite3_bind_int (stmt, 5, bool_or (body, "enabled", TRUE));
  if (id != 0)
    sqlite3_bind_int64 (stmt, 6, id);
  else
    sqlite3_bind_int64 (stmt, 7, event->at);
  if (!peil_database_run (incident->db, stmt, error))
    return FALSE;
  if (id != 0)
    return TRUE;

  /* A new query keeps the team's id for it. */
  if (!(stmt = peil_database_statement (incident->db, team_id != NULL
            ? "INSERT OR IGNORE INTO team_query (query_id, uuid) VALUES (last_insert_rowid (), ?)"
            : NAME_QUERIES_SQL, error)))
    return FALSE;
  if (team_id != NULL)
    sqlite3_bind_text (stmt, 1, team_id, -1, SQLITE_TRANSIENT);
  return peil_database_run (incident->db, stmt, error);
}

/*
 * apply_section:
 * @touched: "NUMBER SECTION" of the sections whose agreed text may have
 *   changed, brought into the round once the batch is applied
 *
 * Every replica takes the team's section saves in the same order by the
 * same rule: a save made on top of the version agreed so far becomes the
 * agreed version; one made on top of an older one is a conflict, kept
 * beside it for the analysts to resolve. Nothing is overwritten unseen.
 */
static gboolean
apply_section (PeilIncident   *incident,
               PeilTeamEvent  *event,
               GHashTable     *touched,
               GError        **refusal,
               GError        **error)
{
  JsonObject *body = event->body;
  gint64 number = int_or (body, "number", 0);
  const char *section = str_or (body, "section", NULL);
  const char *text = str_or (body, "text", NULL);
  const char *analyst = str_or (body, "analyst", "");
  gint64 base = int_or (body, "base", -1);
  g_autofree char *agreed = NULL;
  sqlite3_stmt *stmt;
  gint64 current = 0;
  int rc;

  if (number <= 0 || number > G_MAXINT || section == NULL || peil_round_lookup_section (section) == NULL ||
      text == NULL || base < 0)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a section text without its round or section"));
      return FALSE;
    }
  if (*str_or (body, "round_id", "") != '\0' &&
      (number = team_round_number (incident, str_or (body, "round_id", ""))) == 0)
    {
      g_set_error_literal (refusal, PEIL_ERROR, PEIL_ERROR_NOT_FOUND, _("a section text of a round the team does not have"));
      return FALSE;
    }

  if (!(stmt = peil_database_statement (incident->db,
            "SELECT seq, text FROM team_section WHERE round_number = ? AND section = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, number);
  sqlite3_bind_text (stmt, 2, section, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      current = sqlite3_column_int64 (stmt, 0);
      agreed = g_strdup (column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return peil_database_set_error (incident->db, error);

  if (issued_round (incident, number) != 0)
    {
      g_autofree char *issued_text = NULL;
      g_autofree char *change = NULL;

      if (!(stmt = peil_database_statement (incident->db,
                "SELECT s.text FROM round_section s JOIN round r ON r.id = s.round_id"
                " WHERE r.number = ? AND s.section = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, number);
      sqlite3_bind_text (stmt, 2, section, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        issued_text = g_strdup (column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (g_strcmp0 (issued_text ? issued_text : "", text) == 0)
        return TRUE;
      /* TRANSLATORS: %s is a section of a report, %s after "by" an analyst */
      change = g_strdup_printf (_("the text of section %s by %s (“%s”)"), section,
                                analyst && *analyst ? analyst : event->role, text);
      return refuse_issued (number, change, refusal);
    }

  g_hash_table_add (touched, g_strdup_printf ("%" G_GINT64_FORMAT " %s", number, section));
  if (base == current)
    {
      if (!(stmt = peil_database_statement (incident->db,
                "INSERT INTO team_section (round_number, section, seq, text) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO UPDATE SET seq = excluded.seq, text = excluded.text", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, number);
      sqlite3_bind_text (stmt, 2, section, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, event->seq);
      sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
      return peil_database_run (incident->db, stmt, error);
    }
  if (g_strcmp0 (agreed, text) == 0)
    return TRUE;   /* the same words twice are no conflict */

  if (!(stmt = peil_database_statement (incident->db,
            "INSERT INTO team_conflict (seq, round_number, section, analyst, text, at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event->seq);
  sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_bind_text (stmt, 3, section, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, analyst && *analyst ? analyst : event->role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, event->at);
  if (!peil_database_run (incident->db, stmt, error))
    return FALSE;
  {
    g_autofree char *detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s: %" G_GINT64_FORMAT, number, section, event->seq);
    return peil_incident_log_event (incident, "team-conflict", 0, NULL, detail, error);
  }
}

/* Brings the agreed text of each section touched into its round, unless
 * an edit made here waits: that edit is either agreed or a conflict of its
 * own once pushed, so nothing shown here is lost. */
static gboolean
settle_sections (PeilIncident  *incident,
                 GHashTable    *touched,
                 GError       **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, " ", 2);
      gint64 number = g_ascii_strtoll (parts[0], NULL, 10);
      sqlite3_stmt *stmt;

      if (round_waits_locally (incident, number, parts[1]))
        continue;
      if (!(stmt = peil_database_statement (incident->db,
                "INSERT INTO round_section (round_id, section, text)"
                " SELECT r.id, t.section, t.text FROM team_section t JOIN round r ON r.number = t.round_number"
                " WHERE t.round_number = ? AND t.section = ?"
                " AND NOT EXISTS (SELECT 1 FROM team_round i WHERE i.round_id = r.id AND i.frozen)"
                " ON CONFLICT DO UPDATE SET text = excluded.text", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, number);
      sqlite3_bind_text (stmt, 2, parts[1], -1, SQLITE_STATIC);
      if (!peil_database_run (incident->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/*
 * apply_event:
 * @new_tags: tags of the incident's own that arrived, added to the
 *   taxonomy once the transaction is committed
 *
 * Inside the caller's transaction. A change that is not what a replica
 * sends (a hostile or broken peer) is logged and passed over, so that one
 * bad change does not hold up the team; a failure of the file stops.
 */
static const char * const known_kinds[] = {
  "post", "tag", "untag", "note", "tag-def", "round", "section", "rumour", "rumour-link", "rumour-unlink",
  "query", "query-removed", "post-time", "handover", "example-link", "example-unlink", "post-query",
  "conflict-resolved", "off-topic", "on-topic", "message", "message-removed", "message-tag", "message-untag",
  "message-rumour-link", "message-rumour-unlink", "response-message", NULL
};

static gboolean
apply_event (PeilIncident   *incident,
             const char     *replica,
             PeilTeamEvent  *event,
             GPtrArray      *new_tags,
             GHashTable     *touched,
             GError        **error)
{
  g_autoptr(GError) refusal = NULL;
  JsonObject *body = event->body;
  gboolean own = g_strcmp0 (event->origin, replica) == 0;
  const char *analyst = str_or (body, "analyst", "");
  const char *code = str_or (body, "tag", NULL);
  g_autofree char *detail = NULL;
  gint64 post_id;

  if (!g_strv_contains (known_kinds, event->kind))
    {
      g_set_error (&refusal, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED, _("a change of an unknown kind “%s”"), event->kind);
      goto refused;
    }
  if (analyst == NULL || *analyst == '\0')
    analyst = event->role;
  /* The log says who made the change, not who synced it. */
  peil_incident_set_analyst (incident, analyst);

  if (g_str_equal (event->kind, "tag-def"))
    {
      const char *dimension = str_or (body, "dimension", NULL);
      g_autoptr(PeilTag) tag = NULL;

      code = str_or (body, "code", NULL);
      if (own || (code != NULL && peil_taxonomy_lookup_tag (incident->taxonomy, code) != NULL))
        return TRUE;
      /* A team adds tags of its own to the three dimensions, never new
       * values to a facet such as rumour status. */
      if (code == NULL || dimension == NULL ||
          !peil_taxonomy_lookup_dimension (incident->taxonomy, dimension) ||
          peil_dimension_get_facet (peil_taxonomy_lookup_dimension (incident->taxonomy, dimension)) ||
          peil_dimension_get_single_choice (peil_taxonomy_lookup_dimension (incident->taxonomy, dimension)) ||
          (*str_or (body, "label_nl", "") == '\0' && *str_or (body, "label_en", "") == '\0'))
        {
          g_set_error (&refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a tag “%s” the team cannot have"), code ? code : "");
          goto refused;
        }
      for (guint i = 0; i < new_tags->len; i++)
        if (g_str_equal (peil_tag_get_code (g_ptr_array_index (new_tags, i)), code))
          return TRUE;
      tag = peil_tag_new (code, dimension ? dimension : "",
                          str_or (body, "label_nl", NULL),
                          str_or (body, "label_en", code),
                          str_or (body, "definition_nl", NULL),
                          str_or (body, "definition_en", NULL));
      if (!peil_incident_insert_tag_definition (incident, tag, &refusal))
        goto refused;
      g_ptr_array_add (new_tags, g_steal_pointer (&tag));
      return TRUE;
    }

  if (g_str_equal (event->kind, "handover"))
    {
      const char *text = str_or (body, "text", NULL);

      if (own)
        return TRUE;
      if (text == NULL || *text == '\0' || strlen (text) > NOTE_MAX_BYTES)
        {
          g_set_error_literal (&refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a handover note without text, or longer than a note can be"));
          goto refused;
        }
      /* A copy of a file with the note still waiting sends it again: the
       * same words by the same analyst at the same moment are one note. */
      {
        g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, event->at);
        const char *same[] = { peil_incident_get_analyst (incident), at, text };

        if (lookup_id (incident, "SELECT 1 FROM event_log WHERE action = 'handover' AND analyst = ?"
                                 " AND time = ? AND detail = ?", same, G_N_ELEMENTS (same)) != 0)
          return TRUE;
      }
      return peil_incident_log_event_at (incident, event->at, "handover", 0, NULL, text, error);
    }

  /* A conflict is one for the whole team: settled in one replica, it is
   * settled in all (a text taken arrives as the section's own change). */
  if (g_str_equal (event->kind, "conflict-resolved"))
    {
      gint64 seq = int_or (body, "seq", 0);
      const char *choice = str_or (body, "choice", "");
      g_autofree char *detail = NULL;
      sqlite3_stmt *stmt;

      if (own)
        return TRUE;
      if (seq <= 0 || (!g_str_equal (choice, "taken") && !g_str_equal (choice, "dropped")))
        {
          g_set_error_literal (&refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a resolved conflict without its number or choice"));
          goto refused;
        }
      if (!(stmt = peil_database_statement (incident->db, "DELETE FROM team_conflict WHERE seq = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, seq);
      if (!peil_database_run (incident->db, stmt, error))
        return FALSE;
      if (peil_database_changes (incident->db) == 0)
        return TRUE;
      detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", seq, choice);
      return peil_incident_log_event_at (incident, event->at, "team-resolved", 0, NULL, detail, error);
    }

  if (g_str_equal (event->kind, "round"))
    {
      if (apply_round (incident, event, own, &refusal, error))
        return TRUE;
      if (refusal == NULL)
        return FALSE;
      goto refused;
    }

  if (g_str_equal (event->kind, "rumour") ||
      g_str_equal (event->kind, "rumour-link") || g_str_equal (event->kind, "rumour-unlink"))
    {
      if (g_str_equal (event->kind, "rumour") ? apply_rumour (incident, event, analyst, &refusal, error)
                                              : apply_rumour_link (incident, event, &refusal, error))
        return TRUE;
      if (refusal == NULL)
        return FALSE;
      goto refused;
    }

  if (g_str_has_prefix (event->kind, "message") || g_str_equal (event->kind, "response-message"))
    {
      if (apply_message (incident, event, analyst, new_tags, &refusal, error))
        return TRUE;
      if (refusal == NULL)
        return FALSE;
      goto refused;
    }

  if (g_str_equal (event->kind, "query") || g_str_equal (event->kind, "query-removed"))
    {
      if (apply_query (incident, event, own, &refusal, error))
        return TRUE;
      if (refusal == NULL)
        return FALSE;
      goto refused;
    }

  if (g_str_equal (event->kind, "section"))
    {
      if (apply_section (incident, event, touched, &refusal, error))
        return TRUE;
      if (refusal == NULL)
        return FALSE;
      goto refused;
    }

  if (g_str_equal (event->kind, "post"))
    {
      g_autoptr(PeilPost) post = NULL;
      JsonObject *line;

      if (own)
        return TRUE;
      if (!(line = peil_json_get_object (body, "post")))
        {
          g_set_error_literal (&refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a post without its content"));
          goto refused;
        }
      json_object_remove_member (line, "tags");
      json_object_remove_member (line, "off_topic");   /* a change of its own */
      if (!(post = peil_post_new_from_json (line, &refusal)))
        goto refused;
      /* A post made after the server took it would top every list for
       * good: it was made by then at the latest. An exercise's clock may
       * run ahead of the wall's. */
      if (peil_post_get_created_at (post) > event->received && !peil_incident_is_exercise (incident))
        peil_post_set_created_at (post, event->received);
      /* An inject into a real incident (or the reverse) is refused, not fatal. */
      if (peil_incident_insert_post (incident, post, 0, NULL, &refusal))
        return TRUE;
      if (g_error_matches (refusal, PEIL_ERROR, PEIL_ERROR_EXERCISE))
        goto refused;
      g_propagate_error (error, g_steal_pointer (&refusal));
      return FALSE;
    }

  if ((post_id = find_post (incident, body)) == 0)
    {
      g_set_error_literal (&refusal, PEIL_ERROR, PEIL_ERROR_UNKNOWN_POST, _("a change to a post the team does not have"));
      goto refused;
    }

  if (g_str_equal (event->kind, "post-query"))
    {
      JsonObject *key = peil_json_get_object (body, "query");
      sqlite3_stmt *stmt;
      gint64 query_id;

      if (key == NULL)
        {
          g_set_error_literal (&refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a post’s query without the query"));
          goto refused;
        }
      if ((query_id = find_query (incident, key, str_or (key, "id", NULL))) == 0)
        return TRUE;   /* removed here since */
      if (!(stmt = peil_database_statement (incident->db, "INSERT INTO post_query (post_id, query_id) VALUES (?, ?)"
                                                          " ON CONFLICT DO NOTHING", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, post_id);
      sqlite3_bind_int64 (stmt, 2, query_id);
      return peil_database_run (incident->db, stmt, error);
    }

  if (g_str_equal (event->kind, "example-link") || g_str_equal (event->kind, "example-unlink"))
    {
      if (apply_example (incident, event, post_id, &refusal, error))
        return TRUE;
      if (refusal == NULL)
        return FALSE;
      goto refused;
    }

  if (g_str_equal (event->kind, "post-time"))
    {
      gint64 time = int_or (body, "created_at", 0);
      sqlite3_stmt *stmt;

      /* Only a post still without a time takes one: every replica ends
       * with the first time the team gave it. */
      if (time <= 0 || time > g_get_real_time () / G_USEC_PER_SEC + 86400)
        {
          g_set_error_literal (&refusal, PEIL_ERROR, PEIL_ERROR_INVALID, _("a post's time that cannot be"));
          goto refused;
        }
      if (!(stmt = peil_database_statement (incident->db,
                "UPDATE post SET created_at = ?, time_from_import = ? WHERE id = ? AND created_at = 0", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, time);
      sqlite3_bind_int (stmt, 2, int_or (body, "time_from_import", 1) != 0);
      sqlite3_bind_int64 (stmt, 3, post_id);
      return peil_database_run (incident->db, stmt, error);
    }

  if (g_str_equal (event->kind, "note"))
    {
      const char *text = str_or (body, "text", NULL);
      const char *uuid = str_or (body, "uuid", NULL);

      /* One's own note is in the file, unless the file was restored from
       * a backup since: its UUID tells. */
      if (own && uuid == NULL)
        return TRUE;
      if (text == NULL || *text == '\0' || strlen (text) > NOTE_MAX_BYTES ||
          (uuid != NULL && !g_uuid_string_is_valid (uuid)))
        {
          g_set_error_literal (&refusal, PEIL_ERROR, PEIL_ERROR_INVALID,
                               _("a note without text or id, or longer than a note can be"));
          goto refused;
        }
      return add_note (incident, post_id, analyst, event->at, text, uuid, error);
    }

  if (g_str_equal (event->kind, "off-topic") || g_str_equal (event->kind, "on-topic"))
    {
      gboolean off_topic = g_str_equal (event->kind, "off-topic");
      const char *by = str_or (body, "by", NULL);

      if (waits_locally_off_topic (incident, post_id))
        return TRUE;
      /* Who took the mark off says the log; the mark was its maker's. */
      if (!off_topic && by != NULL && *by != '\0')
        peil_incident_set_analyst (incident, by);
      return peil_incident_apply_off_topic (incident, post_id, off_topic, analyst, event->at, "team", NULL, error);
    }

  if (g_str_equal (event->kind, "tag") || g_str_equal (event->kind, "untag"))
    {
      PeilTag *tag = code ? peil_taxonomy_lookup_tag (incident->taxonomy, code) : NULL;
      PeilDimension *dimension;

      for (guint i = 0; tag == NULL && code != NULL && i < new_tags->len; i++)
        if (g_str_equal (peil_tag_get_code (g_ptr_array_index (new_tags, i)), code))
          tag = g_ptr_array_index (new_tags, i);
      if (tag == NULL)
        {
          g_set_error (&refusal, PEIL_ERROR, PEIL_ERROR_UNKNOWN_TAG, _("unknown tag “%s”"), code ? code : "");
          goto refused;
        }
      dimension = peil_taxonomy_lookup_dimension (incident->taxonomy, peil_tag_get_dimension_code (tag));
      if (waits_locally (incident, post_id, tag, analyst, dimension && peil_dimension_get_single_choice (dimension)))
        return TRUE;
      if (g_str_equal (event->kind, "untag"))
        {
          const char *by = str_or (body, "by", NULL);

          /* The tag is its owner's; who took it off says the log. */
          if (by != NULL && *by != '\0')
            peil_incident_set_analyst (incident, by);
          return remove_tag (incident, post_id, tag, analyst, event->at, error);
        }
      return peil_incident_apply_tag (incident, post_id, tag, analyst, event->at, "team", error);
    }

  g_set_error (&refusal, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED, _("a change of an unknown kind “%s”"), event->kind);

refused:
  detail = g_strdup_printf ("%" G_GINT64_FORMAT ": %s", event->seq, refusal->message);
  g_message ("Passed over the team’s change %s", detail);
  return peil_incident_log_event (incident, "team-refused", 0, NULL, detail, error);
}

static gboolean
apply_batch (PeilIncident  *incident,
             const char    *replica,
             const char    *own_analyst,
             GPtrArray     *events,
             GPtrArray     *new_tags,
             GError       **error)
{
  PeilTeamEvent *last = g_ptr_array_index (events, events->len - 1);
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  gint64 applied = 0;
  guint fresh = 0;

  if (!peil_database_begin (incident->db, error))
    return FALSE;
  /* Another sync of this file (the window beside `team sync --follow`)
   * may have applied some of these meanwhile: the file says how far. */
  if (!peil_database_query_int (incident->db, "SELECT last_seq FROM team_link", &applied, error) ||
      !peil_database_exec (incident->db, "INSERT INTO team_applying VALUES (1)", error))
    goto failed;
  for (guint i = 0; i < events->len; i++)
    {
      PeilTeamEvent *event = g_ptr_array_index (events, i);

      if (event->seq <= applied)
        continue;
      fresh++;
      if (!apply_event (incident, replica, event, new_tags, touched, error))
        goto failed;
    }
  if (fresh == 0)
    {
      peil_database_rollback (incident->db);
      return TRUE;
    }
  if (!settle_sections (incident, touched, error))
    goto failed;

  peil_incident_set_analyst (incident, own_analyst);
  detail = g_strdup_printf ("{\"to\":%" G_GINT64_FORMAT ",\"changes\":%u}", last->seq, fresh);
  if (!(stmt = peil_database_statement (incident->db, "UPDATE team_link SET last_seq = ?", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, last->seq);
  if (!peil_database_run (incident->db, stmt, error) ||
      !peil_database_exec (incident->db, "DELETE FROM team_applying", error) ||
      !peil_incident_log_event (incident, "team-sync", 0, NULL, detail, error) ||
      !peil_database_commit (incident->db, error))
    goto failed;
  return TRUE;

failed:
  peil_database_rollback (incident->db);
  return FALSE;
}

static gboolean
pull (PeilIncident    *incident,
      PeilTeamServer  *server,
      gint64           team_id,
      const char      *replica,
      gint64          *inout_seq,
      gboolean        *out_changed,
      GCancellable    *cancellable,
      GError         **error)
{
  for (;;)
    {
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(GPtrArray) new_tags = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *own_analyst = g_strdup (peil_incident_get_analyst (incident));
      gboolean applied;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !(events = peil_team_server_pull (server, team_id, *inout_seq, PULL_BATCH, error)))
        return FALSE;
      if (events->len == 0)
        return TRUE;

      applied = apply_batch (incident, replica, own_analyst, events, new_tags, error);
      /* Each change was logged under its own analyst, set by apply. */
      peil_incident_set_analyst (incident, own_analyst);
      if (!applied)
        return FALSE;

      for (guint i = 0; i < new_tags->len; i++)
        peil_taxonomy_add_tag (incident->taxonomy, g_ptr_array_index (new_tags, i));
      *inout_seq = ((PeilTeamEvent *)g_ptr_array_index (events, events->len - 1))->seq;
      *out_changed = TRUE;
    }
}

/* One sync on @incident, which may be a worker's connection to the file. */
static gboolean
sync_with (PeilIncident    *incident,
           PeilTeamServer  *server,
           gint64           team_id,
           char           **inout_replica,
           const char      *doing,
           gint64          *inout_seq,
           gboolean        *out_changed,
           GCancellable    *cancellable,
           GError         **error)
{
  return check_file_identity (incident, inout_replica, error) &&
         update_triggers (incident, error) &&
         check_restored (incident, server, team_id, inout_replica, error) &&
         push (incident, server, team_id, inout_replica, cancellable, error) &&
         pull (incident, server, team_id, *inout_replica, inout_seq, out_changed, cancellable, error) &&
         peil_team_server_be_present (server, team_id, *inout_replica, peil_incident_get_analyst (incident), doing, error);
}

static gboolean
ensure_server (PeilReplica  *self,
               GError      **error)
{
  g_autoptr(PeilTeamServer) server = NULL;
  gint64 team_id;

  if (self->server != NULL)
    return TRUE;
  if (!(server = peil_team_server_connect (self->address, error)) ||
      (team_id = peil_team_server_find_incident (server, self->name, FALSE, error)) == 0)
    return FALSE;
  self->server = g_steal_pointer (&server);
  self->team_id = team_id;
  return TRUE;
}

static void
set_state (PeilReplica      *self,
           PeilReplicaState  state,
           const GError     *error)
{
  g_clear_pointer (&self->last_error, g_free);
  if (error != NULL)
    self->last_error = g_strdup (error->message);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
}

/* After a failure the connection may be half dead: the next sync makes a
 * new one. */
static void
forget_server (PeilReplica  *self,
               const GError *error)
{
  if (g_error_matches (error, PEIL_ERROR, PEIL_ERROR_OFFLINE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_object (&self->server);
}

/**
 * peil_replica_sync:
 *
 * Pushes the changes made here and applies everyone's since the last
 * sync, on the calling thread.
 */
/* A kept connection that the server closed (a restart) fails this fast. */
#define QUICK_FAILURE (G_USEC_PER_SEC / 2)

static gboolean
try_sync (PeilReplica   *self,
          gboolean      *changed,
          GCancellable  *cancellable,
          GError       **error)
{
  return ensure_server (self, error) &&
         sync_with (self->incident, self->server, self->team_id, &self->id, self->doing, &self->last_seq, changed,
                    cancellable, error);
}

gboolean
peil_replica_sync (PeilReplica   *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean changed = FALSE;
  gint64 started;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (!self->syncing, FALSE);

  started = g_get_monotonic_time ();

  if (!try_sync (self, &changed, cancellable, &local_error) &&
      g_error_matches (local_error, PEIL_ERROR, PEIL_ERROR_OFFLINE) && self->server != NULL &&
      g_get_monotonic_time () - started < QUICK_FAILURE && !g_cancellable_is_cancelled (cancellable))
    {
      /* The connection may be from before the server restarted: it
       * fails at its first use, at once (a server that does not answer
       * takes the deadline, and is not asked twice). A new one tells
       * whether it is gone. */
      g_clear_object (&self->server);
      g_clear_error (&local_error);
      try_sync (self, &changed, cancellable, &local_error);
    }
  if (local_error != NULL)
    {
      forget_server (self, local_error);
      set_state (self, PEIL_REPLICA_OFFLINE, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  set_state (self, PEIL_REPLICA_ONLINE, NULL);
  if (changed)
    peil_incident_emit_posts_changed (self->incident);
  g_signal_emit (self, signals[SYNCED], 0);
  return TRUE;
}

typedef struct
{
  PeilTeamServer *server;
  gint64          team_id;
  char           *replica;
  char           *address;
  char           *name;
  char           *doing;
  gint64          seq;
  gboolean        changed;
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_object (&data->server);
  g_free (data->replica);
  g_free (data->address);
  g_free (data->name);
  g_free (data->doing);
  g_free (data);
}

/* On the worker: a server that does not answer may keep connect() waiting
 * for seconds, which the window must not. */
static gboolean
connect_in_thread (SyncData  *data,
                   GError   **error)
{
  if (data->server != NULL)
    return TRUE;
  if (!(data->server = peil_team_server_connect (data->address, error)) ||
      (data->team_id = peil_team_server_find_incident (data->server, data->name, FALSE, error)) == 0)
    {
      g_clear_object (&data->server);
      return FALSE;
    }
  return TRUE;
}

static void
sync_in_thread (GTask        *task,
                PeilIncident *connection,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SyncData *data = task_data;
  gboolean reused = data->server != NULL;
  GError *error = NULL;

  for (int attempt = 0; attempt < 2; attempt++)
    {
      gint64 started = g_get_monotonic_time ();

      if (connect_in_thread (data, &error) &&
          sync_with (connection, data->server, data->team_id, &data->replica, data->doing, &data->seq, &data->changed,
                     cancellable, &error))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
      /* As peil_replica_sync(): a connection from before a restart of the
       * server fails at its first use; a new one tells whether it is gone. */
      if (attempt > 0 || !reused || !g_error_matches (error, PEIL_ERROR, PEIL_ERROR_OFFLINE) ||
          g_get_monotonic_time () - started >= QUICK_FAILURE || g_cancellable_is_cancelled (cancellable))
        break;
      g_clear_error (&error);
      g_clear_object (&data->server);
    }
  g_task_return_error (task, error);
}

/**
 * peil_replica_sync_async:
 *
 * Syncs on a worker thread with a connection of its own to the file; the
 * window sees the changes as it sees any other connection's.
 */
void
peil_replica_sync_async (PeilReplica         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SyncData *data;

  g_return_if_fail (PEIL_IS_REPLICA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_replica_sync_async);
  if (self->syncing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("The incident is being synced already"));
      return;
    }
  self->syncing = TRUE;
  set_state (self, PEIL_REPLICA_SYNCING, NULL);
  data = g_new0 (SyncData, 1);
  data->server = self->server ? g_object_ref (self->server) : NULL;
  data->address = g_strdup (self->address);
  data->name = g_strdup (self->name);
  data->doing = g_strdup (self->doing);
  data->team_id = self->team_id;
  data->replica = g_strdup (self->id);
  data->seq = self->last_seq;
  g_task_set_task_data (task, data, (GDestroyNotify)sync_data_free);
  peil_incident_run_in_thread (self->incident, task, sync_in_thread);
}

/**
 * peil_replica_sync_finish:
 * @self: a #PeilReplica
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes peil_replica_sync_async() and updates @self's state, last
 * number and id on the calling thread; #PeilReplica::synced is emitted
 * when the sync went through.
 *
 * Returns: %TRUE when the sync went through; %FALSE with @error set
 *   (%G_IO_ERROR_PENDING when another sync was running)
 */
gboolean
peil_replica_sync_finish (PeilReplica   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  SyncData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (data == NULL)   /* refused before it started */
    return g_task_propagate_boolean (G_TASK (result), error);

  self->syncing = FALSE;
  self->last_seq = MAX (self->last_seq, data->seq);
  if (self->server == NULL && data->server != NULL)
    {
      self->server = g_object_ref (data->server);
      self->team_id = data->team_id;
    }
  if (g_strcmp0 (self->id, data->replica) != 0)
    {
      g_free (self->id);
      self->id = g_strdup (data->replica);
    }
  if (!g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      forget_server (self, local_error);
      set_state (self, PEIL_REPLICA_OFFLINE, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  set_state (self, PEIL_REPLICA_ONLINE, NULL);
  g_signal_emit (self, signals[SYNCED], 0);
  return TRUE;
}

/* ---- following ---- */

static void schedule_retry (PeilReplica *self);

static void
stop_listening (PeilReplica *self)
{
  g_clear_handle_id (&self->socket_source, g_source_remove);
  g_clear_object (&self->listener);
}

static void
synced_in_follow (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PeilReplica *self = PEIL_REPLICA (object);
  g_autoptr(GError) error = NULL;

  if (peil_replica_sync_finish (self, result, &error))
    {
      self->backoff = 0;
      self->synced_at = g_get_monotonic_time ();
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Sync failed: %s", error->message);
      stop_listening (self);
      schedule_retry (self);
    }
  g_object_unref (self);
}

static void
sync_now (PeilReplica *self)
{
  if (self->syncing || self->retry_source != 0 || self->cancellable == NULL)
    {
      self->wanted |= self->syncing;
      return;
    }
  self->wanted = FALSE;
  peil_replica_sync_async (self, self->cancellable, synced_in_follow, g_object_ref (self));
}

static gboolean
on_socket (int          fd,
           GIOCondition condition,
           gpointer     user_data)
{
  PeilReplica *self = user_data;
  g_autoptr(GError) error = NULL;

  if (peil_team_server_take_notifications (self->listener, &error))
    sync_now (self);
  else if (error != NULL)
    {
      self->socket_source = 0;
      stop_listening (self);
      set_state (self, PEIL_REPLICA_OFFLINE, error);
      schedule_retry (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
listen_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SyncData *data = task_data;
  GError *error = NULL;

  if (connect_in_thread (data, &error) &&
      peil_team_server_listen (data->server, data->team_id, &error))
    g_task_return_pointer (task, g_steal_pointer (&data->server), g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
on_listening (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PeilReplica *self = PEIL_REPLICA (object);
  g_autoptr(GError) error = NULL;
  PeilTeamServer *listener = g_task_propagate_pointer (G_TASK (result), &error);

  self->connecting = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    {
      g_clear_object (&listener);
      return;
    }
  if (listener == NULL)
    {
      set_state (self, PEIL_REPLICA_OFFLINE, error);
      schedule_retry (self);
      return;
    }
  self->listener = listener;
  self->socket_source = g_unix_fd_add (peil_team_server_get_socket (self->listener), G_IO_IN, on_socket, self);
  sync_now (self);
}

/* Listens on a connection of its own, made on a worker thread. */
static gboolean
retry (gpointer user_data)
{
  PeilReplica *self = user_data;
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_listening, NULL);
  SyncData *data = g_new0 (SyncData, 1);

  self->retry_source = 0;
  self->connecting = TRUE;
  data->address = g_strdup (self->address);
  data->name = g_strdup (self->name);
  g_task_set_task_data (task, data, (GDestroyNotify)sync_data_free);
  g_task_run_in_thread (task, listen_in_thread);
  return G_SOURCE_REMOVE;
}

/* 1, 2, 4 … 30 seconds: a server that is down is not hammered, and one
 * that is back is found within a minute, a connect's wait included. */
static void
schedule_retry (PeilReplica *self)
{
  if (self->retry_source != 0 || self->connecting || self->cancellable == NULL)
    return;
  self->backoff = CLAMP (self->backoff * 2, 1, 30);
  self->retry_source = g_timeout_add_seconds (self->backoff, retry, self);
}

/* Seconds between syncs of an idle replica: each sync tells the server
 * that the analyst is here, and the team counts whoever was seen in the
 * last two minutes as online. */
static gint64
presence_interval (void)
{
  const char *text = g_getenv ("PEIL_TEAM_PRESENCE");
  guint64 seconds;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 3600, &seconds, NULL))
    return (gint64)seconds;
  return 60;
}

/* Changes made here wait for no notification: the queue is looked at
 * twice a second, which costs one count on the file. */
static gboolean
tick (gpointer user_data)
{
  PeilReplica *self = user_data;
  gboolean idle_too_long = self->state == PEIL_REPLICA_ONLINE &&
                           g_get_monotonic_time () - self->synced_at >= presence_interval () * G_USEC_PER_SEC;

  if (self->wanted || idle_too_long ||
      (self->state != PEIL_REPLICA_OFFLINE && peil_replica_count_waiting (self, NULL) > 0))
    sync_now (self);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
  return G_SOURCE_CONTINUE;
}

/**
 * peil_replica_follow:
 *
 * Keeps the file in step with the server from the thread-default main
 * context: woken by the server when anyone pushes, pushing what is made
 * here within a second, and trying again with growing pauses while the
 * server cannot be reached. Work goes on in the file meanwhile.
 */
void
peil_replica_follow (PeilReplica *self)
{
  g_return_if_fail (PEIL_IS_REPLICA (self));

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->tick_source = g_timeout_add (500, tick, self);
  self->backoff = 0;
  self->connecting = FALSE;
  retry (self);
}

/**
 * peil_replica_stop:
 * @self: a #PeilReplica
 *
 * Stops following the server (see peil_replica_follow()) and cancels the
 * sync that following started, if one runs. Does nothing when @self does
 * not follow; changes made meanwhile wait in the file for the next sync.
 */
void
peil_replica_stop (PeilReplica *self)
{
  g_return_if_fail (PEIL_IS_REPLICA (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  stop_listening (self);
}

/* ---- publishing and joining ---- */

/* Every file of a team incident shows the same pseudonyms, so it takes
 * the team's key: the first file to publish gives its own. */
static gboolean
share_pseudonym_key (PeilIncident    *incident,
                     PeilTeamServer  *server,
                     gint64           team_id,
                     char           **out_key,
                     GError         **error)
{
  g_autoptr(PeilPseudonymizer) made = NULL;
  g_autofree char *key = NULL;

  if (!(key = peil_team_server_get_info (server, team_id, PEIL_META_PSEUDONYM_KEY, error)))
    return FALSE;
  if (*key == '\0')
    {
      /* A file from before keys makes its key now. */
      if (!(made = peil_incident_dup_pseudonymizer (incident, error)))
        return FALSE;
      g_free (key);
      key = peil_incident_get_metadata (incident, PEIL_META_PSEUDONYM_KEY);
      if (!peil_team_server_offer_info (server, team_id, PEIL_META_PSEUDONYM_KEY, key, error))
        return FALSE;
      g_free (key);
      if (!(key = peil_team_server_get_info (server, team_id, PEIL_META_PSEUDONYM_KEY, error)))
        return FALSE;
    }
  *out_key = g_steal_pointer (&key);
  return TRUE;
}

/**
 * peil_replica_publish:
 * @name: the team incident's name on the server; made if it is not there
 *
 * Makes @incident's file a replica of the team incident @name and pushes
 * all it holds. Into an incident the team has already, posts are added
 * once and every analyst's tags are kept.
 */
gboolean
peil_replica_publish (PeilIncident  *incident,
                      const char    *address,
                      const char    *name,
                      GError       **error)
{
  g_autofree char *team_key = NULL;
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autofree char *title = NULL;
  g_autofree char *exercise = NULL;
  gint64 team_id;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), FALSE);

  if (peil_incident_is_replica (incident))
    {
      g_autoptr(PeilReplica) existing = peil_replica_new (incident, NULL);

      g_set_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS,
                   _("This file is part of the team incident “%s” already; a sync sends what it holds that the server "
                     "has not received yet, also after a publish that was cut off"),
                   existing ? existing->name : "");
      return FALSE;
    }
  if (!(server = peil_team_server_connect (address, error)) ||
      (team_id = peil_team_server_find_incident (server, name, TRUE, error)) == 0 ||
      !(title = peil_team_server_get_info (server, team_id, PEIL_META_TITLE, error)))
    return FALSE;

  /* An exercise and a real incident never share a team: the exercise's
   * injects would be refused by every real replica, and real posts would
   * reach the trainees. Each team incident says which it is from its
   * first publish on; one made before that says it by its title. */
  if (!(exercise = peil_team_server_get_info (server, team_id, PEIL_META_EXERCISE, error)))
    return FALSE;
  if ((*exercise != '\0' || *title != '\0') &&
      g_str_equal (exercise, "true") != peil_incident_is_exercise (incident))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE,
                   peil_incident_is_exercise (incident)
                     ? _("“%s” is a real team incident; an exercise cannot be published into it")
                     : _("“%s” is an exercise; a real incident cannot be published into it"),
                   name);
      return FALSE;
    }
  if (*exercise == '\0' &&
      !peil_team_server_set_info (server, team_id, PEIL_META_EXERCISE,
                                  peil_incident_is_exercise (incident) ? "true" : "false", error))
    return FALSE;

  /* A new team incident says what the first file says of the incident. */
  if (*title == '\0')
    for (const char * const *key = peil_incident_metadata_keys (); *key; key++)
      {
        g_autofree char *value = peil_incident_get_metadata (incident, *key);

        if (value && *value && !peil_team_server_set_info (server, team_id, *key, value, error))
          return FALSE;
      }

  if (!share_pseudonym_key (incident, server, team_id, &team_key, error) ||
      !peil_database_begin (incident->db, error))
    return FALSE;
  if (!link_file (incident, peil_team_server_get_address (server), name, error) ||
      !peil_incident_write_pseudonym_key (incident, team_key, error) ||
      !queue_everything (incident, error) ||
      !peil_database_commit (incident->db, error))
    {
      peil_database_rollback (incident->db);
      return FALSE;
    }

  /* The file is a replica now; if the push is cut off, the next sync goes
   * on where it stopped. */
  if (!(replica = peil_replica_new (incident, error)))
    return FALSE;
  replica->server = g_steal_pointer (&server);
  replica->team_id = team_id;
  return peil_replica_sync (replica, NULL, error);
}

/**
 * peil_replica_dup_analyst:
 *
 * A replica is one analyst's copy: the name it was published or joined
 * under, for tools that are not told whose work they record (on a
 * computer that trainees or a team share, the user's name is nobody's).
 *
 * Returns: (transfer full) (nullable): that name, or %NULL for a file
 *   that is no replica
 */
char *
peil_replica_dup_analyst (PeilIncident *incident)
{
  sqlite3_stmt *stmt;
  char *analyst = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (incident), NULL);

  if (!peil_incident_is_replica (incident) ||
      !(stmt = peil_database_statement (incident->db, "SELECT analyst FROM event_log WHERE action = 'team-linked'"
                                                      " ORDER BY id DESC LIMIT 1", NULL)))
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL && *sqlite3_column_text (stmt, 0))
    analyst = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return analyst;
}

/**
 * peil_replica_join:
 * @file: a new incident file, the analyst's own copy
 * @analyst: (nullable): whose copy it is (see peil_replica_dup_analyst()),
 *   or %NULL for the user's name
 *
 * Joins the team incident @name on the server at @address: creates @file and
 * fills it with the team's work. It talks to the server and blocks, so do not
 * call it on the main thread.
 *
 * Returns: (transfer full): the new replica's incident, holding all the
 *   team's work, or %NULL with @error set
 */
PeilIncident *
peil_replica_join (const char  *address,
                   const char  *name,
                   GFile       *file,
                   const char  *analyst,
                   GError     **error)
{
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(PeilIncident) incident = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GHashTable) metadata = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *team_key = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 team_id;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Everything that may be refused comes before the file is made, so a
   * refusal leaves no file behind. */
  if (!(server = peil_team_server_connect (address, error)) ||
      (team_id = peil_team_server_find_incident (server, name, FALSE, error)) == 0)
    return NULL;
  for (const char * const *name_key = peil_incident_metadata_keys (); *name_key; name_key++)
    {
      char *text = peil_team_server_get_info (server, team_id, *name_key, error);

      if (text == NULL)
        return NULL;
      g_hash_table_insert (metadata, (gpointer)*name_key, text);
    }
  if (!(team_key = peil_team_server_get_info (server, team_id, PEIL_META_PSEUDONYM_KEY, error)))
    return NULL;

  if (!(incident = peil_incident_create (file, NULL, error)))
    return NULL;
  peil_incident_set_analyst (incident, analyst);
  g_hash_table_iter_init (&iter, metadata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (*(char *)value && !g_str_equal (key, PEIL_META_CREATED) &&
        !peil_incident_set_metadata (incident, key, value, &local_error))
      break;
  if (local_error == NULL && peil_database_begin (incident->db, &local_error))
    {
      if (!link_file (incident, peil_team_server_get_address (server), name, &local_error) ||
          (*team_key != '\0' && !peil_incident_write_pseudonym_key (incident, team_key, &local_error)) ||
          !peil_database_commit (incident->db, &local_error))
        peil_database_rollback (incident->db);
    }
  if (local_error != NULL)
    {
      g_autoptr(GFile) gone = g_object_ref (peil_incident_get_file (incident));

      g_clear_object (&incident);
      for (const char * const *suffix = (const char *[]){ "", "-wal", "-shm", "-journal", NULL }; *suffix; suffix++)
        {
          g_autofree char *path = g_strconcat (g_file_peek_path (gone), *suffix, NULL);
          g_unlink (path);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Linked: a join cut off here is finished by a sync of the file. */
  if (!(replica = peil_replica_new (incident, error)))
    return NULL;
  replica->server = g_steal_pointer (&server);
  replica->team_id = team_id;
  if (!peil_replica_sync (replica, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("%s is made but not filled yet (sync it to finish): %s"),
                   g_file_peek_path (file), local_error->message);
      return NULL;
    }
  return g_steal_pointer (&incident);
}

/* ---- work division ---- */

/* A claim of a post this file does not hold (one it refused, one pushed
 * after the sync) is passed over for the next, so that a post that cannot
 * arrive never stands in the way; an unheld one goes back to the team
 * with the next claim. So is a post marked off-topic (here or, synced,
 * by a colleague): the team's server does not know the mark, and such
 * posts stay untagged for good, so more of them may stand in a row. */
#define CLAIM_TRIES 16
#define OFF_TOPIC_TRIES 256

static gboolean
claim_in_file (PeilIncident    *incident,
               PeilTeamServer  *server,
               gint64           team_id,
               const char      *analyst,
               gint64          *out_post_id,
               GError         **error)
{
  g_autoptr(GArray) skip = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint off_topic = 0;

  *out_post_id = 0;
  for (guint attempt = 0; attempt < CLAIM_TRIES + off_topic; attempt++)
    {
      g_autofree char *source = NULL, *remote_id = NULL;
      g_autoptr(JsonObject) key = json_object_new ();
      gint64 server_id;

      if (!peil_team_server_claim (server, team_id, analyst, skip, &server_id, &source, &remote_id, error))
        return FALSE;
      if (source == NULL)
        break;
      json_object_set_string_member (key, "source", source);
      json_object_set_string_member (key, "remote_id", remote_id);
      if ((*out_post_id = find_post (incident, key)) != 0)
        {
          if (!peil_incident_is_off_topic (incident, *out_post_id, NULL))
            break;
          *out_post_id = 0;
          if (off_topic < OFF_TOPIC_TRIES)
            off_topic++;
        }
      g_array_append_val (skip, server_id);
    }
  return TRUE;
}

/**
 * peil_replica_next:
 * @out_post_id: (out): the post handed to this file's analyst, or 0 when
 *   there is none left in their assignment
 *
 * Syncs, so that what was just tagged here counts as done, and claims the
 * newest untagged post of the analyst's assignment for two minutes.
 */
gboolean
peil_replica_next (PeilReplica  *self,
                   gint64       *out_post_id,
                   GError      **error)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), FALSE);

  *out_post_id = 0;
  return peil_replica_sync (self, NULL, error) &&
         claim_in_file (self->incident, self->server, self->team_id, peil_incident_get_analyst (self->incident),
                        out_post_id, error);
}

/**
 * peil_replica_assign:
 * @kind: (nullable): "source" or "dimension", or %NULL to take all of
 *   @analyst's assignments away (then every untagged post is theirs)
 *
 * Gives @analyst the untagged posts of a source, or the posts untagged in
 * a dimension. Assignments of one kind add up (phone and WhatsApp); of
 * different kinds they narrow (phone posts untagged in information need).
 */
gboolean
peil_replica_assign (PeilReplica  *self,
                     const char   *analyst,
                     const char   *kind,
                     const char   *value,
                     GError      **error)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (kind == NULL || g_str_equal (kind, "source") || g_str_equal (kind, "dimension"), FALSE);

  if (g_strcmp0 (kind, "dimension") == 0 && peil_taxonomy_lookup_dimension (self->incident->taxonomy, value) == NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("Unknown dimension “%s”"), value);
      return FALSE;
    }
  /* Work is handed out by a post's source; a phone or WhatsApp question
   * entered by hand is shown by its channel but has the source "manual",
   * and an assignment to its channel would hand out nothing. A source no
   * post has yet is fine: its posts may come. */
  if (g_strcmp0 (kind, "source") == 0)
    {
      sqlite3_stmt *stmt = peil_database_statement (self->incident->db,
          "SELECT EXISTS (SELECT 1 FROM post WHERE source = ?1),"
          " EXISTS (SELECT 1 FROM post WHERE source = 'manual' AND lower (channel) = lower (?1))", error);
      gboolean by_source, by_channel;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return peil_database_set_error (self->incident->db, error);
        }
      by_source = sqlite3_column_int (stmt, 0);
      by_channel = sqlite3_column_int (stmt, 1);
      sqlite3_reset (stmt);
      if (!by_source && by_channel)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       /* TRANSLATORS: %s is a channel such as "phone" */
                       _("Posts on “%s” were entered by hand: their source is “manual”, assign that"), value);
          return FALSE;
        }
    }
  return ensure_server (self, error) &&
         peil_team_server_assign (self->server, self->team_id, analyst, kind, value, error);
}

/* A saved query's key in the team: its source, text and settings, as the
 * server makes it from a change's body. */
static char *
dup_query_key (PeilIncident  *incident,
               gint64         query_id,
               GError       **error)
{
  sqlite3_stmt *stmt = peil_database_statement (incident->db,
      "SELECT source || char (31) || text || char (31) || options FROM query WHERE id = ?", error);
  char *key = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    key = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (key == NULL)
    g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND, _("There is no query %lld in this incident"), (long long)query_id);
  return key;
}

/**
 * peil_replica_assign_query:
 * @query_id: a saved query of this file
 *
 * Gives @analyst the untagged posts that the query found, in any replica.
 * The server knows the query by its source, text and settings, so that
 * every replica, whatever its own number for the query, means the same.
 */
gboolean
peil_replica_assign_query (PeilReplica  *self,
                           const char   *analyst,
                           gint64        query_id,
                           GError      **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), FALSE);

  return (key = dup_query_key (self->incident, query_id, error)) != NULL &&
         ensure_server (self, error) &&
         peil_team_server_assign (self->server, self->team_id, analyst, "query", key, error);
}

/* A query by its key, as a reader knows it: this file's number for it (if
 * it has the query), its source, and its text, or its settings when it
 * has no text (a feed). */
static char *
describe_query (PeilIncident *incident,
                const char   *key)
{
  g_auto(GStrv) parts = g_strsplit (key, "\x1f", 3);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 id;

  if (g_strv_length (parts) != 3)
    return g_strdup (key);
  if ((id = lookup_id (incident, "SELECT min (id) FROM query WHERE source = ? AND text = ? AND options = ?",
                       (const char * const *)parts, 3)) > 0)
    g_string_append_printf (text, "%" G_GINT64_FORMAT ": ", id);
  g_string_append (text, parts[0]);
  if (*parts[1] != '\0')
    g_string_append_printf (text, " “%s”", parts[1]);
  else
    g_string_append_printf (text, " %s", parts[2]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * peil_replica_list_assignments:
 *
 * Lists who was assigned what in the team; it asks the team server, so it
 * blocks on the network.
 *
 * Returns: (transfer full): "ANALYST\tKIND\tVALUE" for each assignment;
 *   a query's VALUE is this file's number for it, its source and its text
 */
GStrv
peil_replica_list_assignments (PeilReplica  *self,
                               GError      **error)
{
  g_auto(GStrv) rows = NULL;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);

  if (!ensure_server (self, error) ||
      !(rows = peil_team_server_list_assignments (self->server, self->team_id, error)))
    return NULL;
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], "\t", 3);

      if (g_strv_length (fields) == 3 && g_str_equal (fields[1], "query"))
        {
          g_autofree char *described = describe_query (self->incident, fields[2]);

          g_free (rows[i]);
          rows[i] = g_strdup_printf ("%s\tquery\t%s", fields[0], described);
        }
    }
  return g_steal_pointer (&rows);
}

/**
 * peil_replica_list_members: (skip)
 *
 * Lists the team's members; it asks the team server, so it blocks on the
 * network (see peil_replica_list_members_async()).
 *
 * Returns: (transfer container) (element-type PeilTeamMember): the team
 */
GPtrArray *
peil_replica_list_members (PeilReplica  *self,
                           GError      **error)
{
  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);

  if (!ensure_server (self, error))
    return NULL;
  return peil_team_server_list_members (self->server, self->name, error);
}

/* ---- the same, off the calling thread, for the window ---- */

typedef struct
{
  char   *address;
  char   *name;
  GFile  *file;
  char   *analyst;
  char   *replica;
  char   *doing;
  gint64  team_id;
  gint64  seq;
  gint64  post_id;
  GPtrArray *members;
} TeamCall;

static void
team_call_free (TeamCall *call)
{
  g_free (call->address);
  g_free (call->name);
  g_clear_object (&call->file);
  g_free (call->analyst);
  g_free (call->replica);
  g_free (call->doing);
  g_clear_pointer (&call->members, g_ptr_array_unref);
  g_free (call);
}

static void
publish_in_thread (GTask        *task,
                   PeilIncident *connection,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TeamCall *call = task_data;
  GError *error = NULL;

  if (peil_replica_publish (connection, call->address, call->name, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * peil_replica_publish_async:
 *
 * Publishes on a worker thread with a connection of its own to the file.
 */
void
peil_replica_publish_async (PeilIncident        *incident,
                            const char          *address,
                            const char          *name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TeamCall *call = g_new0 (TeamCall, 1);

  g_return_if_fail (PEIL_IS_INCIDENT (incident));

  task = g_task_new (incident, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_replica_publish_async);
  call->address = g_strdup (address);
  call->name = g_strdup (name);
  g_task_set_task_data (task, call, (GDestroyNotify)team_call_free);
  peil_incident_run_in_thread (incident, task, publish_in_thread);
}

/**
 * peil_replica_publish_finish:
 * @incident: the #PeilIncident passed to peil_replica_publish_async()
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes peil_replica_publish_async().
 *
 * Returns: %TRUE when @incident's file is now a replica of the team
 *   incident; %FALSE with @error set
 */
gboolean
peil_replica_publish_finish (PeilIncident  *incident,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, incident), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
join_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TeamCall *call = task_data;
  g_autoptr(PeilIncident) incident = NULL;
  GError *error = NULL;

  /* The new file is closed before the caller opens it. */
  if ((incident = peil_replica_join (call->address, call->name, call->file, call->analyst, &error)))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * peil_replica_join_async:
 *
 * Makes @file a new replica on a worker thread; open it when done.
 */
void
peil_replica_join_async (const char          *address,
                         const char          *name,
                         GFile               *file,
                         const char          *analyst,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TeamCall *call = g_new0 (TeamCall, 1);

  g_task_set_source_tag (task, peil_replica_join_async);
  call->address = g_strdup (address);
  call->name = g_strdup (name);
  call->file = g_object_ref (file);
  call->analyst = g_strdup (analyst);
  g_task_set_task_data (task, call, (GDestroyNotify)team_call_free);
  g_task_run_in_thread (task, join_in_thread);
}

/**
 * peil_replica_join_finish:
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes peil_replica_join_async(). The new file is closed by then:
 * open it with peil_incident_open().
 *
 * Returns: %TRUE when the file was made; %FALSE with @error set
 */
gboolean
peil_replica_join_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
next_in_thread (GTask        *task,
                PeilIncident *connection,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TeamCall *call = task_data;
  g_autoptr(PeilTeamServer) server = NULL;
  gboolean changed = FALSE;
  GError *error = NULL;

  /* A connection of the worker's own: the replica's may be syncing. */
  if (!(server = peil_team_server_connect (call->address, &error)) ||
      (call->team_id == 0 && (call->team_id = peil_team_server_find_incident (server, call->name, FALSE, &error)) == 0) ||
      !sync_with (connection, server, call->team_id, &call->replica, call->doing, &call->seq, &changed, cancellable, &error) ||
      !claim_in_file (connection, server, call->team_id, call->analyst, &call->post_id, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * peil_replica_next_async:
 *
 * peil_replica_next() on a worker thread.
 */
void
peil_replica_next_async (PeilReplica         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TeamCall *call;

  g_return_if_fail (PEIL_IS_REPLICA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_replica_next_async);
  call = g_new0 (TeamCall, 1);
  call->address = g_strdup (self->address);
  call->name = g_strdup (self->name);
  call->analyst = g_strdup (peil_incident_get_analyst (self->incident));
  call->replica = g_strdup (self->id);
  call->doing = g_strdup (self->doing);
  call->team_id = self->team_id;
  call->seq = self->last_seq;
  g_task_set_task_data (task, call, (GDestroyNotify)team_call_free);
  peil_incident_run_in_thread (self->incident, task, next_in_thread);
}

/**
 * peil_replica_next_finish:
 * @out_post_id: (out): the post handed out, or 0 when none is left
 *
 * Finishes peil_replica_next_async().
 */
gboolean
peil_replica_next_finish (PeilReplica   *self,
                          GAsyncResult  *result,
                          gint64        *out_post_id,
                          GError       **error)
{
  TeamCall *call;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  *out_post_id = 0;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  call = g_task_get_task_data (G_TASK (result));
  self->last_seq = MAX (self->last_seq, call->seq);
  if (g_strcmp0 (self->id, call->replica) != 0)
    {
      g_free (self->id);
      self->id = g_strdup (call->replica);
    }
  *out_post_id = call->post_id;
  return TRUE;
}

/* ---- conflicting section texts ---- */

/**
 * peil_section_conflict_free:
 * @conflict: (nullable) (transfer full): a #PeilSectionConflict
 *
 * Frees @conflict and its strings.
 */
void
peil_section_conflict_free (PeilSectionConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->section);
  g_free (conflict->analyst);
  g_free (conflict->text);
  g_free (conflict);
}

/**
 * peil_replica_list_conflicts: (skip)
 *
 * Lists the report sections whose text was changed here and in the team at
 * once, for the user to resolve with peil_replica_resolve_conflict().
 *
 * Returns: (transfer container) (element-type PeilSectionConflict): the
 *   section texts saved on top of an older version than the team's,
 *   oldest first, waiting to be resolved here
 */
GPtrArray *
peil_replica_list_conflicts (PeilReplica  *self,
                             GError      **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_section_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);

  if (!(stmt = peil_database_statement (self->incident->db,
            "SELECT seq, round_number, section, analyst, text, at FROM team_conflict ORDER BY seq", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PeilSectionConflict *conflict = g_new0 (PeilSectionConflict, 1);

      conflict->seq = sqlite3_column_int64 (stmt, 0);
      conflict->round = (guint)sqlite3_column_int64 (stmt, 1);
      conflict->section = g_strdup (column_text (stmt, 2));
      conflict->analyst = g_strdup (column_text (stmt, 3));
      conflict->text = g_strdup (column_text (stmt, 4));
      conflict->at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      peil_database_set_error (self->incident->db, error);
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

/**
 * peil_replica_resolve_conflict:
 * @seq: the conflict, by the number the server gave it
 * @take_it: %TRUE to make the conflicting text the section's (pushed as
 *   an edit on top of the team's version), %FALSE to keep the team's
 *
 * Either way the conflict is gone from this file and the choice logged,
 * and from the team's other files with their next sync.
 */
gboolean
peil_replica_resolve_conflict (PeilReplica  *self,
                               gint64        seq,
                               gboolean      take_it,
                               GError      **error)
{
  PeilIncident *incident;
  sqlite3_stmt *stmt;
  g_autofree char *detail = NULL;
  g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  gint64 analyst_id;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), FALSE);

  incident = self->incident;
  if (!peil_database_begin (incident->db, error))
    return FALSE;
  if (take_it)
    {
      if (!(stmt = peil_database_statement (incident->db,
                "INSERT INTO round_section (round_id, section, text)"
                " SELECT r.id, c.section, c.text FROM team_conflict c JOIN round r ON r.number = c.round_number"
                " WHERE c.seq = ? AND r.issued_at = 0 ON CONFLICT DO UPDATE SET text = excluded.text", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, seq);
      if (!peil_database_run (incident->db, stmt, error))
        goto failed;
      if (peil_database_changes (incident->db) == 0 &&
          lookup_id (incident, "SELECT 1 FROM team_conflict c JOIN round r ON r.number = c.round_number"
                               " WHERE c.seq = ? AND r.issued_at > 0", (const char *[]){ seq_text }, 1) != 0)
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_ISSUED,
                       _("The round of conflict %lld was issued to the crisis team; its text can only be dropped"),
                       (long long)seq);
          goto failed;
        }
    }
  if (!(stmt = peil_database_statement (incident->db, "DELETE FROM team_conflict WHERE seq = ?", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (!peil_database_run (incident->db, stmt, error))
    goto failed;
  if (peil_database_changes (incident->db) == 0)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND, _("There is no conflict %lld in this file"), (long long)seq);
      goto failed;
    }
  /* The team settles it too. */
  if (!peil_incident_analyst_id (incident, NULL, &analyst_id, error) ||
      !(stmt = peil_database_statement (incident->db, "INSERT INTO team_outbox (kind, analyst_id, ref, detail, at)"
                                                      " VALUES ('conflict-resolved', ?, ?, ?, unixepoch ())", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, analyst_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_text (stmt, 3, take_it ? "taken" : "dropped", -1, SQLITE_STATIC);
  if (!peil_database_run (incident->db, stmt, error))
    goto failed;
  detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", seq, take_it ? "taken" : "dropped");
  if (!peil_incident_log_event (incident, "team-resolved", 0, NULL, detail, error) ||
      !peil_database_commit (incident->db, error))
    goto failed;
  return TRUE;

failed:
  peil_database_rollback (incident->db);
  return FALSE;
}

/* ---- presence ---- */

/**
 * peil_replica_set_doing:
 * @doing: (nullable): what the analyst is at, such as "section 2 IB"
 *   while writing a section, so that the team sees who is editing what
 *
 * Told to the server with the next sync, which comes within a second when
 * following.
 */
void
peil_replica_set_doing (PeilReplica *self,
                        const char  *doing)
{
  g_return_if_fail (PEIL_IS_REPLICA (self));

  if (g_strcmp0 (self->doing, doing) == 0)
    return;
  g_free (self->doing);
  self->doing = g_strdup (doing);
  self->wanted = TRUE;
}

static void
members_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TeamCall *call = task_data;
  g_autoptr(PeilTeamServer) server = NULL;
  GError *error = NULL;

  if (!(server = peil_team_server_connect (call->address, &error)) ||
      !(call->members = peil_team_server_list_members (server, call->name, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * peil_replica_list_members_async:
 *
 * peil_replica_list_members() on a worker thread.
 */
void
peil_replica_list_members_async (PeilReplica         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TeamCall *call = g_new0 (TeamCall, 1);

  g_return_if_fail (PEIL_IS_REPLICA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_replica_list_members_async);
  call->address = g_strdup (self->address);
  call->name = g_strdup (self->name);
  g_task_set_task_data (task, call, (GDestroyNotify)team_call_free);
  g_task_run_in_thread (task, members_in_thread);
}

/**
 * peil_replica_list_members_finish: (skip)
 *
 * Finishes the request started with peil_replica_list_members_async().
 *
 * Returns: (transfer container) (element-type PeilTeamMember): the team, or
 *   %NULL with @error set
 */
GPtrArray *
peil_replica_list_members_finish (PeilReplica   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  TeamCall *call;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  call = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&call->members);
}

/* ---- gathering in a team ---- */

static void
lease_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TeamCall *call = task_data;
  g_autoptr(PeilTeamServer) server = NULL;
  gboolean held = FALSE;
  GError *error = NULL;

  if (!(server = peil_team_server_connect (call->address, &error)) ||
      (call->team_id == 0 && (call->team_id = peil_team_server_find_incident (server, call->name, FALSE, &error)) == 0) ||
      !peil_team_server_lease (server, call->team_id, call->doing, call->replica, call->seq, &held, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, held);
}

/* The lease call for @query_id, known to the team by its source, text
 * and settings. */
static TeamCall *
lease_call_new (PeilReplica  *self,
                gint64        query_id,
                guint         seconds,
                GError      **error)
{
  g_autofree char *key = NULL;
  TeamCall *call;

  if (!(key = dup_query_key (self->incident, query_id, error)))
    return NULL;
  call = g_new0 (TeamCall, 1);
  call->doing = g_steal_pointer (&key);   /* the query's key */
  call->address = g_strdup (self->address);
  call->name = g_strdup (self->name);
  call->replica = g_strdup (self->id);
  call->team_id = self->team_id;
  call->seq = seconds;
  return call;
}

/**
 * peil_replica_lease_query:
 * @query_id: a saved query of this file
 * @seconds: how long the lease lasts; taken again before it runs out, a
 *   lease stays with the replica that gathers
 * @out_held: (out): whether this replica may run the query now
 *
 * One replica of a team runs a saved query at a time, so that the team
 * does not ask a service the same thing from every desk; the others
 * receive its posts. A query is known to the team by its source, text
 * and settings.
 */
gboolean
peil_replica_lease_query (PeilReplica  *self,
                          gint64        query_id,
                          guint         seconds,
                          gboolean     *out_held,
                          GError      **error)
{
  g_autoptr(GTask) task = NULL;
  TeamCall *call;
  GError *local_error = NULL;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), FALSE);

  *out_held = FALSE;
  if (!(call = lease_call_new (self, query_id, seconds, error)))
    return FALSE;

  /* On a thread of its own, as every connect is: a silent server must not
   * hold up the caller longer than its connect timeout. */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, call, (GDestroyNotify)team_call_free);
  g_task_run_in_thread_sync (task, lease_in_thread);
  *out_held = g_task_propagate_boolean (task, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * peil_replica_release_query:
 *
 * Lets go of this replica's lease on @query_id, after its gather failed,
 * so that another replica of the team may run it now rather than nobody
 * until the lease runs out. A server out of reach is no failure: the
 * lease runs out by itself.
 */
void
peil_replica_release_query (PeilReplica *self,
                            gint64       query_id)
{
  gboolean held;

  g_return_if_fail (PEIL_IS_REPLICA (self));

  /* A lease that ends now is free for the next who asks. */
  peil_replica_lease_query (self, query_id, 0, &held, NULL);
}

/**
 * peil_replica_lease_query_async:
 *
 * peil_replica_lease_query() on a worker thread, for the window.
 */
void
peil_replica_lease_query_async (PeilReplica         *self,
                                gint64               query_id,
                                guint                seconds,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  TeamCall *call;

  g_return_if_fail (PEIL_IS_REPLICA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, peil_replica_lease_query_async);
  if (!(call = lease_call_new (self, query_id, seconds, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, call, (GDestroyNotify)team_call_free);
  g_task_run_in_thread (task, lease_in_thread);
}

/**
 * peil_replica_lease_query_finish:
 * @out_held: (out): whether this replica may run the query now
 *
 * Finishes the lease started with peil_replica_lease_query_async(); a lease
 * lets one replica of the team run a query at a time.
 *
 * Returns: %FALSE with @error set when the server could not be asked
 */
gboolean
peil_replica_lease_query_finish (PeilReplica   *self,
                                 GAsyncResult  *result,
                                 gboolean      *out_held,
                                 GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  *out_held = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- handing over a shift ---- */

/**
 * peil_replica_hand_over:
 * @text: what the next shift needs to know
 *
 * Writes the analyst's handover note into the file's log, and queues it
 * for the team, in one transaction; the next sync takes it to everyone.
 */
gboolean
peil_replica_hand_over (PeilReplica  *self,
                        const char   *text,
                        GError      **error)
{
  g_autofree char *trimmed = NULL;
  PeilIncident *incident;
  sqlite3_stmt *stmt;
  gint64 analyst_id;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  incident = self->incident;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || strlen (trimmed) > NOTE_MAX_BYTES)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("A handover note needs text, and fewer than 100,000 characters"));
      return FALSE;
    }
  if (!peil_database_begin (incident->db, error))
    return FALSE;
  if (!peil_incident_analyst_id (incident, NULL, &analyst_id, error) ||
      !(stmt = peil_database_statement (incident->db, "INSERT INTO team_outbox (kind, analyst_id, detail, at)"
                                                      " VALUES ('handover', ?, ?, unixepoch ())", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, analyst_id);
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_STATIC);
  if (!peil_database_run (incident->db, stmt, error) ||
      !peil_incident_log_event (incident, "handover", 0, NULL, trimmed, error) ||
      !peil_database_commit (incident->db, error))
    goto failed;
  return TRUE;

failed:
  peil_database_rollback (incident->db);
  return FALSE;
}

/**
 * peil_replica_dup_last_handover:
 * @out_analyst: (out) (optional): who wrote it
 * @out_time: (out) (optional): when, in seconds since the epoch
 *
 * Reads the last handover note, for the analyst who takes over; it reads the
 * file only.
 *
 * Returns: (transfer full) (nullable): the latest handover note this file
 *   has, its own or the team's
 */
char *
peil_replica_dup_last_handover (PeilReplica  *self,
                                char        **out_analyst,
                                gint64       *out_time)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  g_return_val_if_fail (PEIL_IS_REPLICA (self), NULL);

  if (!(stmt = peil_database_statement (self->incident->db,
            "SELECT analyst, time, detail FROM event_log WHERE action = 'handover' ORDER BY id DESC LIMIT 1", NULL)))
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      text = g_strdup (column_text (stmt, 2));
      if (out_analyst)
        *out_analyst = g_strdup (column_text (stmt, 0));
      if (out_time)
        *out_time = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return text;
}

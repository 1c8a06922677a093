/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-query"

#include "config.h"

#include <json-glib/json-glib.h>

#include "peil-json.h"
#include "peil-query-private.h"

/**
 * PeilQuery:
 *
 * A saved search of an incident: what to ask a source, how often, and what
 * it answered last (its state, such as a cursor or an ETag, and the figures
 * that say what was not gathered). peil_incident_get_query() and
 * peil_incident_list_queries() give what the file held at that moment; a
 * query does not follow later changes, so read it again after a run or an
 * edit.
 */

/**
 * peil_query_get_type:
 *
 * Returns: the #GType of #PeilQuery
 */
G_DEFINE_FINAL_TYPE (PeilQuery, peil_query, G_TYPE_OBJECT)

static void
peil_query_finalize (GObject *object)
{
  PeilQuery *self = (PeilQuery *)object;

  g_free (self->source);
  g_free (self->text);
  g_free (self->last_error);
  g_free (self->channel);
  g_clear_pointer (&self->options, g_hash_table_unref);
  g_clear_pointer (&self->state, g_hash_table_unref);

  G_OBJECT_CLASS (peil_query_parent_class)->finalize (object);
}

static void
peil_query_class_init (PeilQueryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_query_finalize;
}

static void
peil_query_init (PeilQuery *self)
{
}

PeilQuery *
peil_query_new_empty (void)
{
  return g_object_new (PEIL_TYPE_QUERY, NULL);
}

/* Makes @self what @other, the same query read anew, says. */
void
peil_query_copy_from (PeilQuery *self,
                      PeilQuery *other)
{
  g_assert (self->id == other->id);

  g_free (self->source);
  self->source = g_strdup (other->source);
  g_free (self->text);
  self->text = g_strdup (other->text);
  g_free (self->last_error);
  self->last_error = g_strdup (other->last_error);
  g_clear_pointer (&self->options, g_hash_table_unref);
  self->options = g_hash_table_ref (other->options);
  g_clear_pointer (&self->state, g_hash_table_unref);
  self->state = g_hash_table_ref (other->state);
  self->interval = other->interval;
  self->enabled = other->enabled;
  self->last_run = other->last_run;
  self->last_success = other->last_success;
  self->limited_until = other->limited_until;
  self->fetched = other->fetched;
  g_free (self->channel);
  self->channel = g_strdup (other->channel);
}

/* Options and state are small string maps, kept as JSON objects. */
GHashTable *
peil_query_table_from_json (const char *json)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  /* From the file: nesting is bounded, and what is not a string map is
   * read as an empty one. */
  if (json != NULL && peil_json_load (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, json_node_get_object (root));
      while (json_object_iter_next (&iter, &name, &node))
        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          g_hash_table_insert (table, g_strdup (name), g_strdup (json_node_get_string (node)));
    }
  return table;
}

char *
peil_query_table_to_json (GHashTable *table)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * peil_query_get_id:
 * @self: a #PeilQuery
 *
 * Gets the query's id.
 *
 * Returns: the query's id in its incident, as the post_query links and
 *   peil-cli's `queries` commands name it
 */
gint64 peil_query_get_id (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), 0); return self->id; }
/**
 * peil_query_get_source:
 * @self: a #PeilQuery
 *
 * Gets the query's source id.
 *
 * Returns: (transfer none): the id of the source plugin the query asks
 *   (peil_source_get_id())
 */
const char *peil_query_get_source (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), NULL); return self->source; }
/**
 * peil_query_get_text:
 * @self: a #PeilQuery
 *
 * Gets the query's text.
 *
 * Returns: (transfer none): what the source is asked, in its own syntax;
 *   empty for a source that needs no text
 */
const char *peil_query_get_text (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), NULL); return self->text; }

/**
 * peil_query_get_options:
 *
 * Gives the settings of the query's source, as saved; secrets are never among
 * them.
 *
 * Returns: (transfer none) (element-type utf8 utf8): the source's options
 */
GHashTable *peil_query_get_options (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), NULL); return self->options; }

/**
 * peil_query_get_state:
 *
 * Gives what the query's source remembers between runs; a source reads and
 * sets it through its #PeilGatherJob.
 *
 * Returns: (transfer none) (element-type utf8 utf8): what the source
 *   keeps between runs (newest id, cursor, ETag)
 */
GHashTable *peil_query_get_state (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), NULL); return self->state; }
/**
 * peil_query_get_interval:
 * @self: a #PeilQuery
 *
 * Gets the query's interval.
 *
 * Returns: the seconds between runs when gathering live, at least 10
 */
guint peil_query_get_interval (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), 0); return self->interval; }
/**
 * peil_query_get_enabled:
 * @self: a #PeilQuery
 *
 * Gets whether the query is switched on.
 *
 * Returns: %TRUE when gathering live runs the query; a switched-off query
 *   keeps its posts and state (peil_incident_set_query_enabled())
 */
gboolean peil_query_get_enabled (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), FALSE); return self->enabled; }
/**
 * peil_query_get_channel:
 * @self: a #PeilQuery
 *
 * Gets which of the organisation's own channels the query reads, if any:
 * what it finds is kept as the organisation's messages, not as the
 * public's posts (peil_incident_set_query_channel()).
 *
 * Returns: (transfer none) (nullable): the channel (see
 *   peil_message_channels()), or %NULL for a query of the public's posts
 */
const char *peil_query_get_channel (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), NULL); return self->channel; }
/**
 * peil_query_get_last_run:
 * @self: a #PeilQuery
 *
 * Gets when the query last ran.
 *
 * Returns: when the query last ran, successfully or not (Unix seconds);
 *   0 when never
 */
gint64 peil_query_get_last_run (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), 0); return self->last_run; }
/**
 * peil_query_get_last_success:
 * @self: a #PeilQuery
 *
 * Gets when the query last ran well.
 *
 * Returns: when a run last ended without a fault (Unix seconds); 0 when
 *   none did
 */
gint64 peil_query_get_last_success (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), 0); return self->last_success; }
/**
 * peil_query_get_last_error:
 * @self: a #PeilQuery
 *
 * Gets why the query's last run failed.
 *
 * Returns: (transfer none) (nullable): why the last run did not end well,
 *   translated, or %NULL when it did
 */
const char *peil_query_get_last_error (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), NULL); return self->last_error; }
/**
 * peil_query_get_limited_until:
 * @self: a #PeilQuery
 *
 * Gets until when the query's service limits it.
 *
 * Returns: until when the service said it will not answer, after its last
 *   run hit a rate limit (Unix seconds); 0 when it did not. Gathering live
 *   skips the query until then.
 */
gint64 peil_query_get_limited_until (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), 0); return self->limited_until; }
/**
 * peil_query_get_fetched:
 * @self: a #PeilQuery
 *
 * Gets how many posts the query gathered.
 *
 * Returns: how many posts the query's runs have gathered, over all runs,
 *   new ones and those the incident had already
 */
gint64 peil_query_get_fetched (PeilQuery *self) { g_return_val_if_fail (PEIL_IS_QUERY (self), 0); return self->fetched; }

/**
 * peil_query_get_capped:
 *
 * Tells whether a run of the query ever stopped short because of a cap, and
 * which, so that the interface can say the query's results are incomplete.
 *
 * Returns: (nullable): in plain words, the cap that once kept a run from
 *   reading further back (peil_gather_job_set_capped()); kept, because
 *   what was not gathered then stays ungathered
 */
const char *
peil_query_get_capped (PeilQuery *self)
{
  g_return_val_if_fail (PEIL_IS_QUERY (self), NULL);
  return g_hash_table_lookup (self->state, PEIL_QUERY_STATE_CAPPED);
}

/**
 * peil_query_get_next_run:
 *
 * Tells when the query is due again while gathering live.
 *
 * Returns: when gathering live asks the query again (Unix seconds): its
 *   interval after its last run, or sooner when its source said it will
 *   have something then (%PEIL_QUERY_STATE_NEXT_RUN)
 */
gint64
peil_query_get_next_run (PeilQuery *self)
{
  const char *wanted;
  gint64 next, sooner;

  g_return_val_if_fail (PEIL_IS_QUERY (self), 0);

  next = self->last_run + self->interval;
  wanted = g_hash_table_lookup (self->state, PEIL_QUERY_STATE_NEXT_RUN);
  if (wanted != NULL && g_ascii_string_to_signed (wanted, 10, 0, G_MAXINT64, &sooner, NULL) && sooner < next)
    next = sooner;
  return next;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-post"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peil-error.h"
#include "peil-json.h"
#include "peil-post.h"
#include "peil-pseudonymizer.h"
#include "peil-time.h"

struct _PeilPost
{
  GObject  parent_instance;

  gint64   id;
  gint64   created_at;
  gint64   fetched_at;
  gboolean time_from_import;
  gboolean off_topic;
  char    *source;
  char    *remote_id;
  char    *channel;
  char    *url;
  char    *author_name;
  char    *author_handle;
  char    *text;
  char    *language;
  char    *origin;
  char    *raw;
  char    *mapper;
  GArray  *tags;
  guint    folded;         /* posts of its story a list shows in its row */
  guint    folded_growth;
};

enum {
  PROP_0,
  PROP_N_TAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * PeilPost:
 *
 * One message from a source (a social network, a feed, a file, an analyst
 * typing it in), with its author, time, text, the raw payload it was read
 * from, and its tags.
 *
 * A post is a plain value object: it is read from and written to an
 * incident by #PeilIncident, and changing it changes nothing in the file.
 * Empty strings are stored as %NULL ("not known"); times are Unix seconds
 * in UTC, 0 when not known.
 */

/**
 * peil_post_get_type:
 *
 * Returns: the #GType of #PeilPost
 */
G_DEFINE_FINAL_TYPE (PeilPost, peil_post, G_TYPE_OBJECT)

static void
clear_post_tag (gpointer data)
{
  PeilPostTag *tag = data;

  g_clear_pointer (&tag->code, g_free);
  g_clear_pointer (&tag->analyst, g_free);
}

static void
peil_post_finalize (GObject *object)
{
  PeilPost *self = (PeilPost *)object;

  g_free (self->source);
  g_free (self->remote_id);
  g_free (self->channel);
  g_free (self->url);
  g_free (self->author_name);
  g_free (self->author_handle);
  g_free (self->text);
  g_free (self->language);
  g_free (self->origin);
  g_free (self->raw);
  g_free (self->mapper);
  g_clear_pointer (&self->tags, g_array_unref);

  G_OBJECT_CLASS (peil_post_parent_class)->finalize (object);
}

static void
peil_post_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_N_TAGS:
      g_value_set_uint (value, peil_post_get_n_tags (PEIL_POST (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peil_post_class_init (PeilPostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = peil_post_finalize;
  object_class->get_property = peil_post_get_property;

  /**
   * PeilPost:n-tags:
   *
   * Notified whenever the post's tags (or its off-topic mark) change, so
   * that views update.
   */
  properties[PROP_N_TAGS] =
    g_param_spec_uint ("n-tags", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
peil_post_init (PeilPost *self)
{
}

/* Sources send broken text (a surrogate pair cut in half, a wrong
 * encoding): a post's strings are always UTF-8, with U+FFFD where the
 * bytes were not. */
static char *
dup_text (const char *value)
{
  return g_utf8_validate (value, -1, NULL) ? g_strdup (value) : g_utf8_make_valid (value, -1);
}

/* Empty strings mean "not known": store them as NULL so that the file and
 * exports never distinguish between the two. */
static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = (value != NULL && value[0] != '\0') ? dup_text (value) : NULL;
}

/**
 * peil_post_new:
 * @source: the source's name, such as "x", "feed" or "manual"; not empty,
 *   and kept in lower case
 * @remote_id: (nullable): the post's id at its source, or %NULL to let
 *   peil_incident_add_post() give it one made from its content
 *
 * Creates an empty post; a source and its id together name one post in an
 * incident.
 *
 * Returns: (transfer full): a new #PeilPost
 */
PeilPost *
peil_post_new (const char *source,
               const char *remote_id)
{
  PeilPost *self;

  g_return_val_if_fail (source != NULL && *source, NULL);

  self = g_object_new (PEIL_TYPE_POST, NULL);
  set_string (&self->source, source);
  for (char *c = self->source; *c != '\0'; c++)
    *c = g_ascii_tolower (*c);
  set_string (&self->remote_id, remote_id);

  return self;
}

/**
 * peil_post_get_id:
 * @self: a #PeilPost
 *
 * Gets the post's row id.
 *
 * Returns: the post's row id in its incident, or 0 for a post that has not
 *   been stored or read from one
 */
gint64 peil_post_get_id (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), 0); return self->id; }

/**
 * peil_post_set_id:
 * @self: a #PeilPost
 * @id: the post's row id in its incident
 *
 * Set by #PeilIncident when it stores or reads the post; changes nothing in
 * the file.
 */
void peil_post_set_id (PeilPost *self, gint64 id) { g_return_if_fail (PEIL_IS_POST (self)); self->id = id; }

/**
 * peil_post_get_source:
 * @self: a #PeilPost
 *
 * Gets the post's source.
 *
 * Returns: (transfer none): the source's name, in lower case
 */
const char *peil_post_get_source (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->source; }

/**
 * peil_post_get_remote_id:
 * @self: a #PeilPost
 *
 * Gets the post's id at its source.
 *
 * Returns: (transfer none) (nullable): the post's id at its source, or
 *   %NULL while it has none
 */
const char *peil_post_get_remote_id (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->remote_id; }

/**
 * peil_post_set_remote_id:
 * @self: a #PeilPost
 * @remote_id: (nullable): the post's id at its source
 *
 * Sets the post's id at its source.
 */
void peil_post_set_remote_id (PeilPost *self, const char *v) { g_return_if_fail (PEIL_IS_POST (self)); set_string (&self->remote_id, v); }

/**
 * peil_post_get_channel:
 * @self: a #PeilPost
 *
 * Gets the post's channel.
 *
 * Returns: (transfer none) (nullable): the platform or channel within the
 *   source ("x.com", "phone"), or %NULL when not known
 */
const char *peil_post_get_channel (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->channel; }

/**
 * peil_post_set_channel:
 * @self: a #PeilPost
 * @channel: (nullable): the platform or channel within the source
 *
 * Sets the post's channel.
 */
void peil_post_set_channel (PeilPost *self, const char *v) { g_return_if_fail (PEIL_IS_POST (self)); set_string (&self->channel, v); }

/**
 * peil_post_get_url:
 * @self: a #PeilPost
 *
 * Gets the post's web address.
 *
 * Returns: (transfer none) (nullable): the post's http or https address,
 *   or %NULL when it has none
 */
const char *peil_post_get_url (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->url; }

/**
 * peil_post_get_author_name:
 * @self: a #PeilPost
 *
 * Gets the name of the post's author.
 *
 * Returns: (transfer none) (nullable): the author's display name, or
 *   %NULL when not known
 */
const char *peil_post_get_author_name (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->author_name; }

/**
 * peil_post_set_author_name:
 * @self: a #PeilPost
 * @author_name: (nullable): the author's display name
 *
 * Sets the name of the post's author.
 */
void peil_post_set_author_name (PeilPost *self, const char *v) { g_return_if_fail (PEIL_IS_POST (self)); set_string (&self->author_name, v); }

/**
 * peil_post_get_author_handle:
 * @self: a #PeilPost
 *
 * Gets the account name of the post's author.
 *
 * Returns: (transfer none) (nullable): the author's account name at the
 *   source, or %NULL when not known
 */
const char *peil_post_get_author_handle (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->author_handle; }

/**
 * peil_post_set_author_handle:
 * @self: a #PeilPost
 * @author_handle: (nullable): the author's account name at the source
 *
 * Sets the account name of the post's author.
 */
void peil_post_set_author_handle (PeilPost *self, const char *v) { g_return_if_fail (PEIL_IS_POST (self)); set_string (&self->author_handle, v); }

/**
 * peil_post_get_text:
 * @self: a #PeilPost
 *
 * Gets the post's text.
 *
 * Returns: (transfer none): the post's text, valid UTF-8; an empty string
 *   (never %NULL) when it has none
 */
const char *peil_post_get_text (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->text ? self->text : ""; }

/**
 * peil_post_get_language:
 * @self: a #PeilPost
 *
 * Gets the post's language.
 *
 * Returns: (transfer none) (nullable): the language the source gave for
 *   the post ("nl", "en"), or %NULL when not known
 */
const char *peil_post_get_language (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->language; }

/**
 * peil_post_set_language:
 * @self: a #PeilPost
 * @language: (nullable): the language the source gave for the post
 *
 * Sets the post's language.
 */
void peil_post_set_language (PeilPost *self, const char *v) { g_return_if_fail (PEIL_IS_POST (self)); set_string (&self->language, v); }

/**
 * peil_post_get_created_at:
 * @self: a #PeilPost
 *
 * Gets when the post was posted.
 *
 * Returns: when the post was posted, in Unix seconds, or 0 when not known
 */
gint64 peil_post_get_created_at (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), 0); return self->created_at; }

/**
 * peil_post_set_created_at:
 * @self: a #PeilPost
 * @created_at: when the post was posted, in Unix seconds, or 0
 *
 * Sets when the post was posted.
 */
void peil_post_set_created_at (PeilPost *self, gint64 v) { g_return_if_fail (PEIL_IS_POST (self)); self->created_at = v; }

/**
 * peil_post_get_fetched_at:
 * @self: a #PeilPost
 *
 * Gets when the post was collected.
 *
 * Returns: when the post was collected, in Unix seconds, or 0 when not
 *   known
 */
gint64 peil_post_get_fetched_at (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), 0); return self->fetched_at; }

/**
 * peil_post_set_fetched_at:
 * @self: a #PeilPost
 * @fetched_at: when the post was collected, in Unix seconds, or 0
 *
 * Sets when the post was collected.
 */
void peil_post_set_fetched_at (PeilPost *self, gint64 v) { g_return_if_fail (PEIL_IS_POST (self)); self->fetched_at = v; }

/**
 * peil_post_set_time_from_import:
 *
 * Marks a post that had no time of its own as taking the time it was
 * imported (its fetched time) for one; stored so, it counts in the hours
 * and periods, and views say that its time is the import's.
 */
void peil_post_set_time_from_import (PeilPost *self, gboolean v) { g_return_if_fail (PEIL_IS_POST (self)); self->time_from_import = !!v; }

/**
 * peil_post_get_time_from_import:
 * @self: a #PeilPost
 *
 * Gets whether the post's time is its import's.
 *
 * Returns: whether the post had no time of its own and took the time it
 *   was imported (see peil_post_set_time_from_import())
 */
gboolean peil_post_get_time_from_import (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), FALSE); return self->time_from_import; }

/**
 * peil_post_set_off_topic:
 *
 * Whether an analyst marked the post off-topic (peil_incident_mark_off_topic()),
 * as the post was read; it is then in no count, chart or report.
 */
void peil_post_set_off_topic (PeilPost *self, gboolean v) { g_return_if_fail (PEIL_IS_POST (self)); self->off_topic = !!v; }

/**
 * peil_post_get_off_topic:
 * @self: a #PeilPost
 *
 * Gets whether the post is marked off-topic.
 *
 * Returns: whether an analyst marked the post off-topic, as it was read
 */
gboolean peil_post_get_off_topic (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), FALSE); return self->off_topic; }
/**
 * peil_post_set_folded:
 * @size: how many posts of its story (itself included) a list that folds
 *   stories shows in this post's row; 0 when the row is the post alone
 * @growth: of those, how many came in the last ten minutes
 *
 * Sets how a list that folds stories shows this post's row.
 */
void
peil_post_set_folded (PeilPost *self,
                      guint     size,
                      guint     growth)
{
  g_return_if_fail (PEIL_IS_POST (self));
  self->folded = size;
  self->folded_growth = growth;
}

/**
 * peil_post_get_folded:
 * @self: a #PeilPost
 *
 * Gets how many posts the post's row stands for.
 *
 * Returns: how many posts of its story a list that folds stories shows in
 *   this post's row, or 0 when the row is the post alone (see
 *   peil_post_set_folded())
 */
guint peil_post_get_folded (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), 0); return self->folded; }

/**
 * peil_post_get_folded_growth:
 * @self: a #PeilPost
 *
 * Gets how many of the posts folded into the post's row are new.
 *
 * Returns: how many of the posts folded into this post's row came in the
 *   last ten minutes
 */
guint peil_post_get_folded_growth (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), 0); return self->folded_growth; }

/**
 * peil_post_get_origin:
 * @self: a #PeilPost
 *
 * Gets where the post was collected.
 *
 * Returns: (transfer none) (nullable): where the post was collected (a
 *   file name, a server, a feed's address; the analyst for a post typed
 *   in), or %NULL when not known
 */
const char *peil_post_get_origin (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->origin; }

/**
 * peil_post_set_origin:
 * @self: a #PeilPost
 * @origin: (nullable): where the post was collected
 *
 * Sets where the post was collected.
 */
void peil_post_set_origin (PeilPost *self, const char *v) { g_return_if_fail (PEIL_IS_POST (self)); set_string (&self->origin, v); }

/**
 * peil_post_get_raw:
 * @self: a #PeilPost
 *
 * Gets the post's payload as its source delivered it.
 *
 * Returns: (transfer none) (nullable): the payload exactly as the source
 *   delivered it, or %NULL when none was kept
 */
const char *peil_post_get_raw (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->raw; }

/**
 * peil_post_get_mapper:
 * @self: a #PeilPost
 *
 * Gets the code that read the post's raw payload.
 *
 * Returns: (transfer none) (nullable): "name/version" of the code that
 *   read the raw payload, or %NULL
 */
const char *peil_post_get_mapper (PeilPost *self) { g_return_val_if_fail (PEIL_IS_POST (self), NULL); return self->mapper; }

/**
 * peil_post_is_web_address:
 * @url: (nullable): an address
 *
 * Checks a link before Peil stores or shows it, so that no file or script
 * address ever becomes clickable.
 *
 * Returns: whether @url is an http or https address with a host, the
 *   only kind Peil keeps as a post's link and shows as one
 */
gboolean
peil_post_is_web_address (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  /* The scheme first, as a browser would read it: not after a space. */
  if (url == NULL ||
      (g_ascii_strncasecmp (url, "http://", 7) != 0 && g_ascii_strncasecmp (url, "https://", 8) != 0) ||
      !(uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL)))
    return FALSE;
  return g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

/**
 * peil_post_set_url:
 * @url: (nullable): the post's address on the web
 *
 * Only http and https addresses are kept: a javascript:, file: or data:
 * URL from a hostile source would be one click away in the window. The
 * raw payload keeps whatever the source sent.
 */
void
peil_post_set_url (PeilPost   *self,
                   const char *url)
{
  g_return_if_fail (PEIL_IS_POST (self));

  set_string (&self->url, peil_post_is_web_address (url) ? url : NULL);
}

/**
 * peil_post_set_text:
 *
 * Text longer than %PEIL_POST_MAX_TEXT characters is cut there, at a
 * character, and ends in " […]": one hostile item must not become a post
 * of millions of characters that every list and report then carries.
 */
void
peil_post_set_text (PeilPost   *self,
                    const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) cut = NULL;
  const char *end;

  g_return_if_fail (PEIL_IS_POST (self));

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  end = text;

  /* Characters are never fewer than bytes: most texts need no count. */
  if (text == NULL || strlen (text) <= PEIL_POST_MAX_TEXT)
    {
      set_string (&self->text, text);
      return;
    }

  for (guint n = 0; n < PEIL_POST_MAX_TEXT && *end != '\0'; n++)
    end = g_utf8_find_next_char (end, NULL);
  if (*end == '\0')
    {
      set_string (&self->text, text);
      return;
    }

  cut = g_string_new_len (text, end - text);
  g_string_append (cut, " […]");
  g_free (self->text);
  self->text = g_string_free (g_steal_pointer (&cut), FALSE);
}

/**
 * peil_post_set_raw:
 * @raw: the payload exactly as the source delivered it
 * @mapper: "name/version" of the code that derived the columns from @raw,
 *   so that a fixed mapper can re-read old posts later
 *
 * Keeps the source's own record of the post beside its columns.
 */
void
peil_post_set_raw (PeilPost   *self,
                   const char *raw,
                   const char *mapper)
{
  g_return_if_fail (PEIL_IS_POST (self));

  set_string (&self->raw, raw);
  set_string (&self->mapper, mapper);
}

/**
 * peil_post_get_n_tags:
 * @self: a #PeilPost
 *
 * Gets how many tags the post carries.
 *
 * Returns: how many tags the post carries, for peil_post_get_tag()
 */
guint
peil_post_get_n_tags (PeilPost *self)
{
  g_return_val_if_fail (PEIL_IS_POST (self), 0);

  return self->tags ? self->tags->len : 0;
}

/**
 * peil_post_get_tag:
 * @self: a #PeilPost
 * @index: the tag's position, less than peil_post_get_n_tags()
 *
 * Gets one of the post's tags.
 *
 * Returns: (transfer none): the tag, owned by @self and valid until its
 *   tags change
 */
const PeilPostTag *
peil_post_get_tag (PeilPost *self,
                   guint     index)
{
  g_return_val_if_fail (PEIL_IS_POST (self), NULL);
  g_return_val_if_fail (index < peil_post_get_n_tags (self), NULL);

  return &g_array_index (self->tags, PeilPostTag, index);
}

/**
 * peil_post_add_tag:
 * @self: a #PeilPost
 * @code: the tag's code; kept in upper case
 * @analyst: (nullable): who applied the tag, or %NULL when not known
 * @tagged_at: when the tag was applied, in Unix seconds, or 0
 *
 * Adds a tag to the post as it travels (an import, an export); it does not
 * tag the post in an incident (that is peil_incident_tag_post()) and does
 * not notify #PeilPost:n-tags.
 */
void
peil_post_add_tag (PeilPost   *self,
                   const char *code,
                   const char *analyst,
                   gint64      tagged_at)
{
  PeilPostTag tag;

  g_return_if_fail (PEIL_IS_POST (self));
  g_return_if_fail (code != NULL);

  if (self->tags == NULL)
    {
      self->tags = g_array_new (FALSE, FALSE, sizeof (PeilPostTag));
      g_array_set_clear_func (self->tags, clear_post_tag);
    }

  tag.code = g_ascii_strup (code, -1);
  tag.analyst = analyst ? dup_text (analyst) : NULL;
  tag.tagged_at = tagged_at;
  g_array_append_val (self->tags, tag);
}

/**
 * peil_post_take_tags_from:
 * @other: the same post, read anew after its tags changed
 *
 * Gives @self the tags (and the off-topic mark) of @other, so that views
 * showing @self keep it (a list keeps its selection) and update through
 * #PeilPost:n-tags.
 */
void
peil_post_take_tags_from (PeilPost *self,
                          PeilPost *other)
{
  g_return_if_fail (PEIL_IS_POST (self));
  g_return_if_fail (PEIL_IS_POST (other));

  g_clear_pointer (&self->tags, g_array_unref);
  self->off_topic = other->off_topic;
  for (guint i = 0; i < peil_post_get_n_tags (other); i++)
    {
      const PeilPostTag *tag = peil_post_get_tag (other, i);
      peil_post_add_tag (self, tag->code, tag->analyst, tag->tagged_at);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TAGS]);
}

/* A member that is there must have the type the format gives it: a line
 * with "time": 5 is refused rather than read as a post without a time. */
static gboolean
member_text (JsonObject  *object,
             const char  *name,
             const char **out_text,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out_text = peil_json_get_string (object, name);
  if (*out_text != NULL || node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("“%s” is not text"), name);
  return FALSE;
}

static gboolean
member_time (JsonObject  *object,
             const char  *name,
             gint64      *out_time,
             GError     **error)
{
  const char *text;

  *out_time = 0;
  if (!member_text (object, name, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!peil_time_parse (text, NULL, out_time))
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                   _("“%s” is not a valid time: %s"), name, text);
      return FALSE;
    }

  return TRUE;
}

/* A mark such as "off_topic": true, false or absent; anything else is a
 * mistake to say, not a mark to guess. */
static gboolean
member_flag (JsonObject  *object,
             const char  *name,
             gboolean    *out_flag,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out_flag = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out_flag = json_node_get_boolean (node);
      return TRUE;
    }
  g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("“%s” is not true or false"), name);
  return FALSE;
}

static gboolean
read_tags (PeilPost    *self,
           JsonObject  *object,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, "tags");
  JsonArray *tags = peil_json_get_array (object, "tags");

  if (tags == NULL)
    {
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID, _("“tags” is not a list"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *element = json_array_get_element (tags, i);
      JsonObject *tag = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *code = peil_json_get_string (tag, "code");
      const char *analyst;
      gint64 when;

      if (code == NULL || *code == '\0')
        {
          g_set_error (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                       _("Tag %u of the post has no “code”"), i + 1);
          return FALSE;
        }

      if (!member_text (tag, "analyst", &analyst, error) ||
          !member_time (tag, "time", &when, error))
        return FALSE;
      peil_post_add_tag (self, code, analyst, when);
    }

  return TRUE;
}

/**
 * peil_post_new_from_json:
 * @object: one line of Peil's NDJSON interchange format (docs/formats.md)
 *
 * Reads a post from one parsed line of an NDJSON file; treat @object as
 * hostile input, since every member is checked before it is used.
 *
 * Returns: (transfer full): the post, or %NULL with @error set when a
 *   required member is missing or empty, or a member has the wrong type.
 */
PeilPost *
peil_post_new_from_json (JsonObject  *object,
                         GError     **error)
{
  static const struct {
    const char *name;
    void (*set) (PeilPost *, const char *);
  } texts[] = {
    { "channel", peil_post_set_channel },
    { "url", peil_post_set_url },
    { "author", peil_post_set_author_name },
    { "handle", peil_post_set_author_handle },
    { "text", peil_post_set_text },
    { "language", peil_post_set_language },
    { "origin", peil_post_set_origin },
  };
  g_autoptr(PeilPost) self = NULL;
  const char *source = peil_json_get_string (object, "source");
  const char *remote_id = peil_json_get_string (object, "id");
  const char *raw, *mapper;
  gboolean flag;
  gint64 when;

  g_return_val_if_fail (object != NULL, NULL);

  /* "\u0000" reads as an empty string too. */
  if (source == NULL || *source == '\0' || remote_id == NULL || *remote_id == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("A post needs a “source” and an “id”"));
      return NULL;
    }

  self = peil_post_new (source, remote_id);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *text;

      if (!member_text (object, texts[i].name, &text, error))
        return NULL;
      texts[i].set (self, text);
    }
  if (!member_text (object, "raw", &raw, error) ||
      !member_text (object, "mapper", &mapper, error))
    return NULL;
  peil_post_set_raw (self, raw, mapper);

  if (!member_time (object, "time", &when, error))
    return NULL;
  peil_post_set_created_at (self, when);
  if (!member_time (object, "fetched", &when, error))
    return NULL;
  peil_post_set_fetched_at (self, when);
  if (!member_flag (object, "time_from_import", &flag, error))
    return NULL;
  peil_post_set_time_from_import (self, flag);
  if (!member_flag (object, "off_topic", &flag, error))
    return NULL;
  peil_post_set_off_topic (self, flag);

  if (!read_tags (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_optional_time (JsonBuilder *builder,
                   const char  *name,
                   gint64       value)
{
  g_autofree char *text = NULL;

  if (value == 0)
    return;
  text = peil_time_format_iso (value);
  add_optional_string (builder, name, text);
}

/**
 * peil_post_to_json:
 * @pseudonymizer: (nullable): puts pseudonyms in place of the author, the
 *   post's id at its source, and whoever its text names, and leaves out
 *   the raw payload, which would reveal them; %NULL keeps real names
 *
 * Writes a post in Peil's interchange format, the reverse of
 * peil_post_new_from_json(); with @pseudonymizer the line names no one who is
 * not allow-listed.
 *
 * Returns: (transfer full): the post as one line of Peil's NDJSON format.
 */
JsonNode *
peil_post_to_json (PeilPost          *self,
                   PeilPseudonymizer *pseudonymizer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *remote_id = NULL;
  g_autofree char *author = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (PEIL_IS_POST (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "peil");
  json_builder_add_int_value (builder, PEIL_NDJSON_VERSION);
  if (pseudonymizer != NULL)
    {
      remote_id = peil_pseudonymizer_dup_id (pseudonymizer, self->source, self->remote_id);
      author = peil_pseudonymizer_dup_author (pseudonymizer, self);
      text = peil_pseudonymizer_dup_text (pseudonymizer, peil_post_get_text (self));
      url = peil_pseudonymizer_dup_url (pseudonymizer, self->url);
    }
  add_optional_string (builder, "source", self->source);
  add_optional_string (builder, "id", pseudonymizer ? remote_id : self->remote_id);
  add_optional_string (builder, "channel", self->channel);
  add_optional_time (builder, "time", self->created_at);
  if (pseudonymizer != NULL)
    add_optional_string (builder, "author", author);
  else
    {
      add_optional_string (builder, "author", self->author_name);
      add_optional_string (builder, "handle", self->author_handle);
    }
  add_optional_string (builder, "text", pseudonymizer ? text : peil_post_get_text (self));
  add_optional_string (builder, "url", pseudonymizer ? url : self->url);
  add_optional_string (builder, "language", self->language);
  /* A post entered by hand has its analyst as its origin. */
  if (pseudonymizer == NULL || g_strcmp0 (self->source, "manual") != 0)
    add_optional_string (builder, "origin", self->origin);
  add_optional_time (builder, "fetched", self->fetched_at);
  if (self->time_from_import)
    {
      json_builder_set_member_name (builder, "time_from_import");
      json_builder_add_boolean_value (builder, TRUE);
    }
  /* So that an export loses no analyst's judgement. */
  if (self->off_topic)
    {
      json_builder_set_member_name (builder, "off_topic");
      json_builder_add_boolean_value (builder, TRUE);
    }

  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < peil_post_get_n_tags (self); i++)
    {
      const PeilPostTag *tag = peil_post_get_tag (self, i);

      json_builder_begin_object (builder);
      add_optional_string (builder, "code", tag->code);
      if (pseudonymizer == NULL)
        add_optional_string (builder, "analyst", tag->analyst);
      add_optional_time (builder, "time", tag->tagged_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (pseudonymizer == NULL)
    {
      add_optional_string (builder, "mapper", self->mapper);
      add_optional_string (builder, "raw", self->raw);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-rumour"

#include "config.h"

#include "peil-rumour-private.h"

static const char * const statuses[] = {
  PEIL_RUMOUR_UNVERIFIED, PEIL_RUMOUR_CONFIRMED, PEIL_RUMOUR_FALSE, PEIL_RUMOUR_DEBUNKED,
};

/**
 * peil_rumour_status_from_string:
 * @text: a status as people type it: "unverified", "false", "refuted"…
 *
 * Reads a rumour status from the command line or a file into one of the
 * canonical statuses, without regard to case.
 *
 * Returns: (nullable): the status's canonical name, or %NULL if @text
 *   names none
 */
const char *
peil_rumour_status_from_string (const char *text)
{
  if (text == NULL)
    return NULL;
  if (g_ascii_strcasecmp (text, "refuted") == 0)
    return PEIL_RUMOUR_DEBUNKED;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_ascii_strcasecmp (text, statuses[i]) == 0)
      return statuses[i];
  return NULL;
}

/**
 * peil_rumour_status_tag_code:
 *
 * Gives the facet tag that stands for a rumour status, through which the
 * taxonomy gives the status its label.
 *
 * Returns: (transfer full): the code of the taxonomy tag that labels
 *   @status, such as "RUMOUR-FALSE"
 */
char *
peil_rumour_status_tag_code (const char *status)
{
  g_autofree char *upper = g_ascii_strup (status, -1);
  return g_strconcat ("RUMOUR-", upper, NULL);
}

void
peil_rumour_change_free (PeilRumourChange *change)
{
  g_free (change->status);
  g_free (change->analyst);
  g_free (change);
}

/**
 * PeilRumour:
 *
 * One entry of an incident's rumour register (METHOD §7.4): a claim, its
 * status (one of the `PEIL_RUMOUR_…` values) with its history, the
 * response to it, and the posts that carry it.
 *
 * A rumour is a snapshot read from the incident
 * (peil_incident_get_rumour(), peil_incident_list_rumours()); change it
 * through #PeilIncident and read it again.
 */

/**
 * peil_rumour_get_type:
 *
 * Returns: the #GType of #PeilRumour
 */
G_DEFINE_FINAL_TYPE (PeilRumour, peil_rumour, G_TYPE_OBJECT)

static void
peil_rumour_finalize (GObject *object)
{
  PeilRumour *self = (PeilRumour *)object;

  g_free (self->claim);
  g_free (self->status);
  g_free (self->response);
  g_array_unref (self->posts);
  g_array_unref (self->automatic);
  g_ptr_array_unref (self->history);

  G_OBJECT_CLASS (peil_rumour_parent_class)->finalize (object);
}

static void
peil_rumour_class_init (PeilRumourClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peil_rumour_finalize;
}

static void
peil_rumour_init (PeilRumour *self)
{
  self->posts = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->automatic = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify)peil_rumour_change_free);
}

PeilRumour *
peil_rumour_new_empty (void)
{
  return g_object_new (PEIL_TYPE_RUMOUR, NULL);
}

/**
 * peil_rumour_get_id:
 * @self: a #PeilRumour
 *
 * Gets the rumour's id.
 *
 * Returns: the rumour's id in its incident, by which #PeilIncident's
 *   rumour functions name it
 */
gint64
peil_rumour_get_id (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), 0);
  return self->id;
}

/**
 * peil_rumour_get_claim:
 * @self: a #PeilRumour
 *
 * Gets what the rumour claims.
 *
 * Returns: (transfer none): what the rumour claims, as registered
 */
const char *
peil_rumour_get_claim (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), NULL);
  return self->claim;
}

/**
 * peil_rumour_get_status:
 * @self: a #PeilRumour
 *
 * Gets the rumour's status.
 *
 * Returns: (transfer none): the rumour's status, one of
 *   %PEIL_RUMOUR_UNVERIFIED (as registered), %PEIL_RUMOUR_CONFIRMED,
 *   %PEIL_RUMOUR_FALSE and %PEIL_RUMOUR_DEBUNKED
 */
const char *
peil_rumour_get_status (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), NULL);
  return self->status;
}

/**
 * peil_rumour_get_first_seen:
 *
 * Tells when the rumour first appeared, for the register's order and the
 * report.
 *
 * Returns: when the rumour was first seen: its earliest linked post, or
 *   when it was registered if that was earlier
 */
gint64
peil_rumour_get_first_seen (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), 0);
  return self->first_seen;
}

/**
 * peil_rumour_get_response:
 * @self: a #PeilRumour
 *
 * Gets the response to the rumour.
 *
 * Returns: (transfer none): the response to the rumour (what is said or
 *   done about it), "" while there is none
 */
const char *
peil_rumour_get_response (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), NULL);
  return self->response;
}

/**
 * peil_rumour_get_response_message:
 * @self: a #PeilRumour
 *
 * Gets the organisation's message that gave the response to the rumour
 * (peil_incident_set_rumour_response_message()).
 *
 * Returns: the message's id, or 0 when no message is its response
 */
gint64
peil_rumour_get_response_message (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), 0);
  return self->response_message;
}

/**
 * peil_rumour_get_posts:
 *
 * Gives the posts linked to the rumour.
 *
 * Returns: (transfer none) (element-type gint64): the linked posts' ids,
 *   oldest post first
 */
GArray *
peil_rumour_get_posts (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), NULL);
  return self->posts;
}

/**
 * peil_rumour_get_linked_automatically:
 * @index: a position in peil_rumour_get_posts()
 *
 * Tells how a post came to be linked to the rumour, so that the interface can
 * show which links an analyst made.
 *
 * Returns: whether that post was linked because it joined the story the
 *   rumour follows, rather than by an analyst
 */
gboolean
peil_rumour_get_linked_automatically (PeilRumour *self,
                                      guint       index)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), FALSE);
  g_return_val_if_fail (index < self->automatic->len, FALSE);
  return g_array_index (self->automatic, gboolean, index);
}

/**
 * peil_rumour_get_story_id:
 *
 * Tells which story the rumour follows: posts that join that story are linked
 * to the rumour automatically.
 *
 * Returns: the story the rumour follows (the id of its first post; a
 *   story is this file's own, see docs/triage.md), or 0
 */
gint64
peil_rumour_get_story_id (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), 0);
  return self->story_id;
}

/**
 * peil_rumour_get_history:
 *
 * Gives the rumour's status changes, for the register and the report.
 *
 * Returns: (transfer none) (element-type PeilRumourChange): every status
 *   the rumour had, oldest first
 */
GPtrArray *
peil_rumour_get_history (PeilRumour *self)
{
  g_return_val_if_fail (PEIL_IS_RUMOUR (self), NULL);
  return self->history;
}

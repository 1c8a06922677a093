/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-incident"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "peil-error.h"
#include "peil-incident-private.h"
#include "peil-json.h"

/* The incident's pseudonyms (issue 14): its key, its allow-list, and the
 * logged choice to show real names instead. */

static GBytes *
random_key (GError **error)
{
  guint8 key[PEIL_PSEUDONYM_KEY_SIZE];

  /* The kernel's random source: GLib's g_random is not made for keys. */
  if (getrandom (key, sizeof key, 0) != sizeof key)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                           _("The system gave no random bytes for the incident’s pseudonym key"));
      return NULL;
    }
  return g_bytes_new (key, sizeof key);
}

static GBytes *
key_from_hex (const char *hex)
{
  guint8 key[PEIL_PSEUDONYM_KEY_SIZE];

  if (hex == NULL || strlen (hex) != 2 * sizeof key)
    return NULL;
  for (guint i = 0; i < sizeof key; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]), low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return NULL;
      key[i] = (guint8)(high << 4 | low);
    }
  return g_bytes_new (key, sizeof key);
}

/*
 * peil_incident_write_pseudonym_key:
 * @hex: (nullable): the key to keep, as 64 hex digits; %NULL makes one
 *   unless the file has one
 *
 * Inside the caller's transaction. A key the file has is kept unless
 * @hex is given (a team's file takes the team's key), so that two
 * processes making one at once agree on the first.
 */
gboolean
peil_incident_write_pseudonym_key (PeilIncident  *self,
                                   const char    *hex,
                                   GError       **error)
{
  g_autofree char *made = NULL;
  g_autoptr(GBytes) key = NULL;
  sqlite3_stmt *stmt;

  if (hex != NULL && (key = key_from_hex (hex)) == NULL)
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("The pseudonym key is not 64 hex digits"));
      return FALSE;
    }
  if (hex == NULL)
    {
      const guint8 *data;
      gsize size;

      if (!(key = random_key (error)))
        return FALSE;
      GString *text = g_string_new (NULL);

      data = g_bytes_get_data (key, &size);
      for (gsize i = 0; i < size; i++)
        g_string_append_printf (text, "%02x", data[i]);
      hex = made = g_string_free (text, FALSE);
    }

  if (!(stmt = peil_database_statement (self->db, made != NULL
                                                  ? "INSERT INTO incident (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"
                                                  : "INSERT INTO incident (key, value) VALUES (?, ?) "
                                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value "
                                                    "WHERE value <> excluded.value", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, PEIL_META_PSEUDONYM_KEY, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hex, -1, SQLITE_STATIC);
  if (!peil_database_run (self->db, stmt, error))
    return FALSE;
  /* The log says a key came, never the key. */
  return peil_database_changes (self->db) == 0 ||
         peil_incident_log_event (self, "metadata", 0, NULL, PEIL_META_PSEUDONYM_KEY, error);
}

/**
 * peil_incident_dup_pseudonymizer:
 *
 * The pseudonyms of this incident, with its allow-list as it stands now.
 * A file from before pseudonyms were keyed gets its key now; one that
 * cannot be written and has none gets a key for this once, which nobody keeps: its pseudonyms hold only while
 * the returned object lives.
 *
 * Returns: (transfer full): the pseudonymizer, or %NULL with @error set
 */
PeilPseudonymizer *
peil_incident_dup_pseudonymizer (PeilIncident  *self,
                                 GError       **error)
{
  g_autofree char *hex = NULL;
  g_autofree char *allow_list = NULL;
  g_autoptr(GBytes) key = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), NULL);

  hex = peil_incident_get_metadata (self, PEIL_META_PSEUDONYM_KEY);
  if (hex == NULL && !peil_incident_get_read_only (self))
    {
      if (!peil_database_begin (self->db, error))
        return NULL;
      if (!peil_incident_write_pseudonym_key (self, NULL, error) || !peil_database_commit (self->db, error))
        {
          peil_database_rollback (self->db);
          return NULL;
        }
      hex = peil_incident_get_metadata (self, PEIL_META_PSEUDONYM_KEY);
    }
  if (!(key = key_from_hex (hex)) && !(key = random_key (error)))
    return NULL;

  allow_list = peil_incident_get_metadata (self, PEIL_META_ALLOW_LIST);
  return peil_pseudonymizer_new (key, allow_list);
}

/**
 * peil_incident_is_allow_listed:
 * @who: (nullable): a handle or name, with or without "@"
 *
 * Tells whether an account keeps its real name where the incident's outputs
 * put pseudonyms in place of names.
 *
 * Returns: whether @who is on the incident's allow-list of accounts that
 *   keep their names
 */
gboolean
peil_incident_is_allow_listed (PeilIncident *self,
                               const char   *who)
{
  g_autofree char *allow_list = NULL;

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);

  allow_list = peil_incident_get_metadata (self, PEIL_META_ALLOW_LIST);
  return peil_allow_list_contains (allow_list, who);
}

/**
 * peil_incident_reveal_names:
 * @where: what shows the names: "window", "export", "report"…
 * @reason: why real names are needed, for the privacy officer
 *
 * Logs, before it happens, that real names are shown instead of
 * pseudonyms, by whom (the incident's analyst) and why. A reason is
 * required, and a file that cannot be written cannot log it, so it
 * refuses.
 *
 * Returns: %FALSE with @error set when the names may not be shown
 */
gboolean
peil_incident_reveal_names (PeilIncident  *self,
                            const char    *where,
                            const char    *reason,
                            GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));

  g_return_val_if_fail (PEIL_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (where != NULL, FALSE);

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_INVALID,
                           _("Say why real names are needed: the reason is logged for the privacy officer"));
      return FALSE;
    }
  if (peil_incident_get_read_only (self))
    {
      g_set_error_literal (error, PEIL_ERROR, PEIL_ERROR_READ_ONLY,
                           _("Real names are shown only when the choice can be logged, and this file cannot be written"));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "where");
  json_builder_add_string_value (builder, where);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, trimmed);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);

  if (!peil_database_begin (self->db, error))
    return FALSE;
  if (!peil_incident_log_event (self, "names-revealed", 0, NULL, detail, error) ||
      !peil_database_commit (self->db, error))
    {
      peil_database_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

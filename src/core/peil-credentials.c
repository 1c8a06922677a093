/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libsecret/secret.h>

#include "peil-credentials.h"
#include "peil-error.h"

/*
 * Tokens and app passwords live in the Secret Service (libsecret), keyed
 * by source, instance and account, never in an incident file, an export,
 * the event log or a message. Without a keyring (a server, a container),
 * PEIL_SECRET_<SOURCE> — for example PEIL_SECRET_BLUESKY — gives the
 * secret instead (docs/sources.md).
 */
static const SecretSchema credential_schema = {
  "nl.peil.Peil.Credential", SECRET_SCHEMA_NONE,
  {
    { "source", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "instance", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static char *
environment_name (const char *source)
{
  g_autofree char *upper = g_ascii_strup (source, -1);

  g_strcanon (upper, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", '_');
  return g_strdup_printf ("PEIL_SECRET_%s", upper);
}

/* "https://bsky.social/" and "https://bsky.social" are one server, however
 * the user typed it at login or in the query's settings. */
static char *
normalized_instance (const char *instance)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (instance));
  g_autofree char *lower = g_ascii_strdown (trimmed, -1);
  gsize length = strlen (lower);

  while (length > 0 && lower[length - 1] == '/')
    lower[--length] = '\0';
  return g_steal_pointer (&lower);
}

/**
 * peil_credentials_store:
 * @account: (nullable): the account on the instance, when there can be several
 *
 * Puts @secret in the user's keyring.
 */
gboolean
peil_credentials_store (const char  *source,
                        const char  *instance,
                        const char  *account,
                        const char  *secret,
                        GError     **error)
{
  g_autofree char *label = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (source != NULL && instance != NULL && secret != NULL, FALSE);

  key = normalized_instance (instance);

  label = g_strdup_printf (_("Peil: %s at %s"), source, instance);
  if (!secret_password_store_sync (&credential_schema, SECRET_COLLECTION_DEFAULT, label, secret, NULL, error,
                                   "source", source, "instance", key, "account", account ? account : "",
                                   NULL))
    {
      g_prefix_error (error, _("The secret could not be stored in the keyring: "));
      return FALSE;
    }
  return TRUE;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_prefix_error (&error, _("The secret could not be stored in the keyring: "));
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * peil_credentials_store_async:
 *
 * Like peil_credentials_store(), without blocking the caller while the
 * keyring asks the user to unlock it.
 */
void
peil_credentials_store_async (const char          *source,
                              const char          *instance,
                              const char          *account,
                              const char          *secret,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (source != NULL && instance != NULL && secret != NULL);

  g_task_set_source_tag (task, peil_credentials_store_async);
  key = normalized_instance (instance);
  label = g_strdup_printf (_("Peil: %s at %s"), source, instance);
  secret_password_store (&credential_schema, SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         on_stored, g_steal_pointer (&task),
                         "source", source, "instance", key, "account", account ? account : "", NULL);
}

/**
 * peil_credentials_store_finish:
 * @result: the #GAsyncResult passed to the callback of
 *   peil_credentials_store_async()
 * @error: return location for a #GError
 *
 * Finishes storing a secret in the keyring.
 *
 * Returns: %TRUE when the secret was stored; %FALSE with @error set when
 *   the keyring refused or could not be reached, or the call was cancelled
 */
gboolean
peil_credentials_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * peil_credentials_lookup:
 *
 * Looks up the secret a source needs for @instance and @account. An
 * environment variable wins over the keyring, so that scripts and tests can
 * run without one; the lookup may block on the keyring, so do not call it on
 * the main thread.
 *
 * Returns: (transfer full) (nullable): the secret from PEIL_SECRET_<SOURCE>
 *   or else the keyring; %NULL without @error when there is none
 */
char *
peil_credentials_lookup (const char  *source,
                         const char  *instance,
                         const char  *account,
                         GError     **error)
{
  g_autofree char *variable = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *from_environment;
  char *secret;

  g_return_val_if_fail (source != NULL && instance != NULL, NULL);

  key = normalized_instance (instance);

  variable = environment_name (source);
  if ((from_environment = g_getenv (variable)) != NULL && *from_environment != '\0')
    return g_strdup (from_environment);

  secret = secret_password_lookup_sync (&credential_schema, NULL, &local_error,
                                        "source", source, "instance", key,
                                        "account", account ? account : "", NULL);
  if (local_error != NULL)
    {
      g_set_error (error, PEIL_ERROR, PEIL_ERROR_FAILED,
                   _("The keyring cannot be read (%s); set %s instead"), local_error->message, variable);
      return NULL;
    }
  return secret;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include "peil-test-postgres.h"

struct _PeilTestPostgres
{
  char *dir;      /* the socket's folder; the cluster is in dir/data */
  char *bindir;
  uid_t owner;    /* who runs the server: PostgreSQL refuses root */
};

/* Runs one of PostgreSQL's programs as the server's owner. */
static void
run_as_owner (PeilTestPostgres   *server,
              const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (getuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("nobody"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (server->bindir, args[0], NULL));
  for (guint i = 1; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (server->dir, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", args[0], error->message, out ? out : "", err ? err : "");
}

static void
chown_tree (const char *path,
            uid_t       owner)
{
  struct passwd *nobody = getpwuid (owner);

  if (chown (path, owner, nobody ? nobody->pw_gid : (gid_t)-1) != 0)
    g_error ("chown %s: %s", path, g_strerror (errno));
}

PeilTestPostgres *
peil_test_postgres_start (void)
{
  PeilTestPostgres *server = g_new0 (PeilTestPostgres, 1);
  const char *bindir = g_getenv ("PEIL_TEST_PG_BINDIR");
  g_autofree char *data = NULL;
  g_autofree char *options = NULL;
  g_autoptr(GError) error = NULL;

  server->bindir = g_strdup (bindir ? bindir : "/usr/lib/postgresql/15/bin");
  /* A short path: a Unix socket's name has room for about 100 bytes. */
  if (!(server->dir = g_dir_make_tmp ("peilpg-XXXXXX", &error)))
    g_error ("%s", error->message);
  data = g_build_filename (server->dir, "data", NULL);
  if (getuid () == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      g_assert_nonnull (nobody);
      server->owner = nobody->pw_uid;
      g_chmod (server->dir, 0755);
      chown_tree (server->dir, server->owner);
    }

  run_as_owner (server, (const char *[]){ "initdb", "-D", data, "-U", "peil", "--auth=trust",
                                          "-E", "UTF8", "--no-locale", "--no-sync", NULL });
  options = g_strdup_printf ("-k %s -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                             " -c full_page_writes=off -c max_connections=120", server->dir);
  run_as_owner (server, (const char *[]){ "pg_ctl", "-D", data, "-l", "log", "-o", options, "-w", "start", NULL });
  return server;
}

/* Stops the server as a crash would, mid-whatever. */
void
peil_test_postgres_pause (PeilTestPostgres *server)
{
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);

  run_as_owner (server, (const char *[]){ "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", NULL });
}

void
peil_test_postgres_resume (PeilTestPostgres *server)
{
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);
  g_autofree char *options = g_strdup_printf ("-k %s -c listen_addresses='' -c fsync=off"
                                              " -c max_connections=120", server->dir);

  run_as_owner (server, (const char *[]){ "pg_ctl", "-D", data, "-l", "log", "-o", options, "-w", "start", NULL });
}

void
peil_test_postgres_stop (PeilTestPostgres *server)
{
  g_autofree char *data = NULL;

  if (server == NULL)
    return;
  data = g_build_filename (server->dir, "data", NULL);
  run_as_owner (server, (const char *[]){ "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", NULL });

  /* The cluster's files, made by another user, go with the folder. */
  {
    const char *argv[] = { "rm", "-rf", server->dir, NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                  NULL, NULL, NULL, NULL);
  }
  g_free (server->dir);
  g_free (server->bindir);
  g_free (server);
}

char *
peil_test_postgres_address (PeilTestPostgres *server,
                            const char       *role)
{
  return g_strdup_printf ("host=%s user=%s dbname=postgres", server->dir, role ? role : "peil");
}

static void
run_sql (const char *address,
         const char *sql)
{
  PGconn *connection = PQconnectdb (address);
  PGresult *result;

  if (PQstatus (connection) != CONNECTION_OK)
    g_error ("%s", PQerrorMessage (connection));
  result = PQexec (connection, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (connection);
}

/* Runs @sql as the superuser; the test fails if it does. */
void
peil_test_postgres_sql (PeilTestPostgres *server,
                        const char       *sql)
{
  g_autofree char *address = peil_test_postgres_address (server, NULL);

  run_sql (address, sql);
}

/* A new database @database holding what the SQL file at @path makes (a
 * plain pg_dump without COPY, say), as the superuser. */
void
peil_test_postgres_load (PeilTestPostgres *server,
                         const char       *database,
                         const char       *path)
{
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", database);
  g_autofree char *address = g_strdup_printf ("host=%s user=peil dbname=%s", server->dir, database);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &sql, NULL, &error))
    g_error ("%s", error->message);
  peil_test_postgres_sql (server, create);
  run_sql (address, sql);
}

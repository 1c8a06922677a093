/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
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

/* In a session of its own, so that a test killed with its process
 * group (as a timeout does) does not take its watcher along. */
static void
leave_session (gpointer user_data)
{
  setsid ();
}

/* A test that fails aborts before it stops its server: a watcher, in
 * this process's name, stops the server (as its owner) and takes its
 * folder away once this process is gone, so that failed runs leave no
 * servers behind. */
static void
watch_over (PeilTestPostgres *server,
            const char       *data)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int)getpid ());
  g_autofree char *pg_ctl = g_build_filename (server->bindir, "pg_ctl", NULL);
  const char *script = getuid () == 0
    ? "while kill -0 $1 2>/dev/null; do sleep 1; done; runuser -u nobody -- \"$2\" -D \"$3\" -m immediate -w stop;"
      " rm -rf \"$4\""
    : "while kill -0 $1 2>/dev/null; do sleep 1; done; \"$2\" -D \"$3\" -m immediate -w stop; rm -rf \"$4\"";
  const char *argv[] = { "sh", "-c", script, "sh", pid, pg_ctl, data, server->dir, NULL };
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async (NULL, (char **)argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      leave_session, NULL, NULL, &error))
    g_error ("Could not watch over the test server: %s", error->message);
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
  watch_over (server, data);
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

/* The server's processes while they are stopped, for a signal handler
 * to let go of if the test dies meanwhile: a failed assertion aborts. */
static pid_t frozen[512];
static volatile sig_atomic_t n_frozen;
static struct sigaction abort_action, term_action;

static void
thaw_all (void)
{
  for (sig_atomic_t i = 0; i < n_frozen; i++)
    kill (frozen[i], SIGCONT);
  n_frozen = 0;
}

static void
thaw_and_die (int signal_number)
{
  thaw_all ();
  sigaction (SIGABRT, &abort_action, NULL);
  sigaction (SIGTERM, &term_action, NULL);
  raise (signal_number);
}

/* The postmaster's pid, from the first line of postmaster.pid. */
static pid_t
postmaster_pid (PeilTestPostgres *server)
{
  g_autofree char *path = g_build_filename (server->dir, "data", "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);
  return (pid_t)g_ascii_strtoll (contents, NULL, 10);
}

/*
 * peil_test_postgres_freeze:
 *
 * Stops the server as a paused machine would be: the postmaster first,
 * so that it starts no one else, then each of its children (backends set
 * up sessions of their own, so a process group would not reach them). It
 * takes connections and answers none until peil_test_postgres_thaw(),
 * which also happens should the test abort or be terminated.
 */
void
peil_test_postgres_freeze (PeilTestPostgres *server)
{
  pid_t postmaster = postmaster_pid (server);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  struct sigaction thaw_action = { 0 };
  const char *name;

  g_assert_cmpint (n_frozen, ==, 0);
  g_assert_nonnull (proc);
  thaw_action.sa_handler = thaw_and_die;
  sigaction (SIGABRT, &thaw_action, &abort_action);
  sigaction (SIGTERM, &thaw_action, &term_action);

  g_assert_cmpint (kill (postmaster, SIGSTOP), ==, 0);
  frozen[n_frozen++] = postmaster;
  while ((name = g_dir_read_name (proc)) != NULL && n_frozen < (sig_atomic_t)G_N_ELEMENTS (frozen))
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after_name;
      pid_t pid = (pid_t)g_ascii_strtoll (name, NULL, 10);

      /* "PID (COMMAND) STATE PPID …", where COMMAND may hold anything. */
      if (pid <= 0 || !g_file_get_contents (path, &stat, NULL, NULL) ||
          (after_name = strrchr (stat, ')')) == NULL ||
          (pid_t)g_ascii_strtoll (after_name + 4, NULL, 10) != postmaster)
        continue;
      if (kill (pid, SIGSTOP) == 0)
        frozen[n_frozen++] = pid;
    }
}

void
peil_test_postgres_thaw (PeilTestPostgres *server)
{
  if (n_frozen == 0)
    return;
  thaw_all ();
  sigaction (SIGABRT, &abort_action, NULL);
  sigaction (SIGTERM, &term_action, NULL);
}

void
peil_test_postgres_stop (PeilTestPostgres *server)
{
  g_autofree char *data = NULL;

  if (server == NULL)
    return;
  peil_test_postgres_thaw (server);
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

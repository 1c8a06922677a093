/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * peil-bench-team CORPUS ANALYSTS SECONDS — a team incident on a private
 * PostgreSQL server on loopback (a Unix socket in a temporary folder):
 *
 *   - the corpus (peil-bench generate) imported into a file, published,
 *     and joined as a new replica: seconds for each, and join / import;
 *   - with ANALYSTS > 0, as many threads, each with a replica file and a
 *     server connection of its own, pressing n and tagging what they get
 *     for SECONDS: tags per second, the n key's latency (a sync and a
 *     claim) p50/p95, posts handed out twice, and, seen by one more
 *     replica that follows the server, the time from a tag's push until
 *     it is in that replica's file, p50/p95.
 *
 * Figures are printed as key=value lines for ./build-aux/bench team.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdlib.h>

#include <peil.h>

#include "../tests/peil-test-postgres.h"

static PeilTestPostgres *postgres;
static char *server_address;

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  fraction)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint)(fraction * values->len)));
}

static PeilIncident *
open_file (const char *path,
           const char *analyst)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PeilIncident *incident = peil_incident_open (file, &error);

  if (incident == NULL)
    g_error ("%s", error->message);
  peil_incident_set_analyst (incident, analyst);
  return incident;
}

typedef struct
{
  char      *path;
  guint      index;
  double     seconds;
  GArray    *latencies;   /* ms per n */
  GArray    *claimed;     /* post ids */
  guint      tags;
  guint      errors;
} Analyst;

static gpointer
work (gpointer data)
{
  static const char *codes[] = { "IB-VEILIG", "IB-WAT", "BG-ANGST", "BG-BOOS", "SB-HULPVRAAG", "BG-MEELEVEN" };
  Analyst *analyst = data;
  g_autofree char *name = g_strdup_printf ("analist-%02u", analyst->index);
  g_autoptr(PeilIncident) incident = open_file (analyst->path, name);
  g_autoptr(PeilReplica) replica = peil_replica_new (incident, NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64)(analyst->seconds * G_USEC_PER_SEC);

  g_assert (replica != NULL);
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 id = 0;
      double ms;

      if (!peil_replica_next (replica, &id, &error))
        {
          if (analyst->errors++ < 3)
            g_printerr ("analist-%02u: %s\n", analyst->index, error->message);
          continue;
        }
      ms = seconds_since (start) * 1000;
      g_array_append_val (analyst->latencies, ms);
      if (id == 0)
        break;
      g_array_append_val (analyst->claimed, id);
      if (peil_incident_tag_post (incident, id, codes[(analyst->index + analyst->tags) % G_N_ELEMENTS (codes)], NULL))
        analyst->tags++;
    }
  peil_replica_sync (replica, NULL, NULL);   /* the last tag */
  return NULL;
}

typedef struct
{
  PGconn *connection;
  char   *schema;
  gint64  seen;
  GArray *latencies;   /* ms from push to arrival */
} Observer;

/* After each sync of the following replica: how long ago each tag that
 * arrived was pushed, by the server's clock on this machine. */
static void
on_synced (PeilReplica *replica,
           gpointer     user_data)
{
  Observer *observer = user_data;
  gint64 now = g_get_real_time ();
  gint64 last = peil_replica_get_last_seq (replica);
  g_autofree char *sql = g_strdup_printf ("SELECT (extract (epoch FROM pushed_at) * 1000000)::bigint FROM %s.event"
                                          " WHERE kind = 'tag' AND seq > %" G_GINT64_FORMAT " AND seq <= %" G_GINT64_FORMAT,
                                          observer->schema, observer->seen, last);
  PGresult *result = PQexec (observer->connection, sql);

  for (int i = 0; i < PQntuples (result); i++)
    {
      double ms = (now - g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10)) / 1000.0;
      g_array_append_val (observer->latencies, ms);
    }
  PQclear (result);
  observer->seen = last;
}

static gboolean
stop_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  if (!g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
}

static void
import_corpus (const char *path,
               const char *corpus)
{
  const char *cli = g_getenv ("PEIL_CLI") ? g_getenv ("PEIL_CLI") : "peil-cli";
  g_autoptr(GSubprocess) create = NULL, import = NULL;
  g_autoptr(GError) error = NULL;

  if (!(create = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "new", path, "--title", "Bench", NULL)) ||
      !g_subprocess_wait_check (create, NULL, &error) ||
      !(import = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                   cli, "import", path, corpus, NULL)) ||
      !g_subprocess_wait_check (import, NULL, &error))
    g_error ("import: %s", error->message);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *work_dir = NULL, *lead_path = NULL, *joined_path = NULL, *observer_path = NULL;
  g_autoptr(PeilIncident) lead = NULL;
  g_autoptr(PeilIncident) joined = NULL;
  g_autoptr(GFile) joined_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) handed_out = g_hash_table_new (g_int64_hash, g_int64_equal);
  Analyst *analysts;
  guint n_analysts, tags = 0, twice = 0, errors = 0;
  double seconds, import_s, publish_s, join_s;
  gint64 start;

  if (argc != 4)
    {
      g_printerr ("usage: peil-bench-team CORPUS ANALYSTS SECONDS\n");
      return 2;
    }
  peil_init ();
  n_analysts = (guint)atoi (argv[2]);
  seconds = atof (argv[3]);

  if (!(work_dir = g_dir_make_tmp ("peil-bench-team-XXXXXX", &error)))
    g_error ("%s", error->message);
  postgres = peil_test_postgres_start ();
  server_address = peil_test_postgres_address (postgres, NULL);
  {
    g_autoptr(PeilTeamServer) server = peil_team_server_connect (server_address, &error);

    if (server == NULL || !peil_team_server_set_up (server, &error))
      g_error ("%s", error->message);
  }

  lead_path = g_build_filename (work_dir, "lead.peil", NULL);
  start = g_get_monotonic_time ();
  import_corpus (lead_path, argv[1]);
  import_s = seconds_since (start);

  lead = open_file (lead_path, "lead");
  start = g_get_monotonic_time ();
  if (!peil_replica_publish (lead, server_address, "bench", &error))
    g_error ("publish: %s", error->message);
  publish_s = seconds_since (start);

  joined_path = g_build_filename (work_dir, "joined.peil", NULL);
  joined_file = g_file_new_for_path (joined_path);
  start = g_get_monotonic_time ();
  if (!(joined = peil_replica_join (server_address, "bench", joined_file, NULL, &error)))
    g_error ("join: %s", error->message);
  join_s = seconds_since (start);

  g_print ("team_posts=%" G_GINT64_FORMAT "\n", peil_incident_count_posts (joined));
  g_print ("team_local_import_seconds=%.2f\nteam_publish_seconds=%.2f\nteam_join_seconds=%.2f\n",
           import_s, publish_s, join_s);
  g_print ("ratio_join_to_import=%.2f (target: at most 2)\n", join_s / import_s);
  g_clear_object (&joined);
  g_clear_object (&lead);

  if (n_analysts > 0)
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(PeilIncident) watcher = NULL;
      g_autoptr(PeilReplica) follower = NULL;
      Observer observer = { 0 };

      /* Copies of the joined file, each renamed by the server at its
       * first push, as a copied replica is. */
      analysts = g_new0 (Analyst, n_analysts);
      for (guint i = 0; i < n_analysts; i++)
        {
          analysts[i].path = g_strdup_printf ("%s/analyst-%02u.peil", work_dir, i);
          analysts[i].index = i;
          analysts[i].seconds = seconds;
          analysts[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
          analysts[i].claimed = g_array_new (FALSE, FALSE, sizeof (gint64));
          copy_file (joined_path, analysts[i].path);
        }
      observer_path = g_build_filename (work_dir, "observer.peil", NULL);
      copy_file (joined_path, observer_path);

      observer.connection = PQconnectdb (server_address);
      observer.schema = g_strdup ("peil_incident_1");
      observer.latencies = g_array_new (FALSE, FALSE, sizeof (double));
      watcher = open_file (observer_path, "observer");
      follower = peil_replica_new (watcher, NULL);
      observer.seen = peil_replica_get_last_seq (follower);
      g_signal_connect (follower, "synced", G_CALLBACK (on_synced), &observer);
      peil_replica_follow (follower);

      for (guint i = 0; i < n_analysts; i++)
        g_ptr_array_add (threads, g_thread_new ("analyst", work, &analysts[i]));
      g_timeout_add ((guint)(seconds * 1000) + 3000, stop_loop, loop);
      g_main_loop_run (loop);
      for (guint i = 0; i < threads->len; i++)
        g_thread_join (g_ptr_array_index (threads, i));
      peil_replica_stop (follower);

      for (guint i = 0; i < n_analysts; i++)
        {
          tags += analysts[i].tags;
          errors += analysts[i].errors;
          g_array_append_vals (latencies, analysts[i].latencies->data, analysts[i].latencies->len);
          for (guint j = 0; j < analysts[i].claimed->len; j++)
            {
              gint64 *id = &g_array_index (analysts[i].claimed, gint64, j);
              gpointer first = g_hash_table_lookup (handed_out, id);

              if (first != NULL)
                {
                  twice++;
                  g_printerr ("post %" G_GINT64_FORMAT " went to analist-%02u (n %u) and analist-%02u before\n",
                              *id, i, j, GPOINTER_TO_UINT (first) - 1);
                }
              else
                g_hash_table_insert (handed_out, id, GUINT_TO_POINTER (i + 1));
            }
        }
      g_print ("team_analysts=%u\nteam_seconds=%.0f\nteam_tags_per_second=%.1f\n", n_analysts, seconds, tags / seconds);
      g_print ("team_next_ms_p50=%.1f\nteam_next_ms_p95=%.1f\n", percentile (latencies, 0.5), percentile (latencies, 0.95));
      g_print ("team_seen_ms_p50=%.1f\nteam_seen_ms_p95=%.1f (target: p95 under 1000)\n",
               percentile (observer.latencies, 0.5), percentile (observer.latencies, 0.95));
      g_print ("team_seen_tags=%u\nteam_double_claims=%u (target: 0)\nteam_errors=%u\n",
               observer.latencies->len, twice, errors);
      PQfinish (observer.connection);
      g_free (observer.schema);
      g_array_unref (observer.latencies);
    }

  peil_test_postgres_stop (postgres);
  {
    const char *rm[] = { "rm", "-rf", work_dir, NULL };
    g_spawn_sync (NULL, (char **)rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}

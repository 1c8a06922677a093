/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Team incidents against a real PostgreSQL server, started by this test in
 * a temporary folder (see peil-test-postgres.c): replicas publishing,
 * joining, syncing, conflicting, claiming, losing the server and being
 * shut out.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>

#include "peil-incident-private.h"
#include "peil-team-server-private.h"
#include "peil-test-postgres.h"
#include "peil-test-server.h"
#include "peil-test-util.h"

static PeilTestPostgres *postgres;

static char *
address (const char *role)
{
  return peil_test_postgres_address (postgres, role);
}

/* A new file with the given analyst, empty, under @name. */
static PeilIncident *
new_file (const char *name,
          const char *analyst)
{
  PeilIncident *incident = peil_test_new_incident (name);

  peil_incident_set_analyst (incident, analyst);
  return incident;
}

static PeilIncident *
join_at (const char *server,
         const char *incident_name,
         const char *file_name,
         const char *analyst)
{
  g_autofree char *path = peil_test_tmp_path (file_name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PeilIncident *incident;

  g_unlink (path);
  incident = peil_replica_join (server, incident_name, file, analyst, &error);
  g_assert_no_error (error);
  /* Joined under that name, and recording it. */
  g_assert_cmpstr (peil_incident_get_analyst (incident), ==, analyst);
  return incident;
}

static PeilIncident *
join (const char *incident_name,
      const char *file_name,
      const char *analyst)
{
  g_autofree char *server = address (NULL);

  return join_at (server, incident_name, file_name, analyst);
}

static void
publish (PeilIncident *incident,
         const char   *name)
{
  g_autofree char *server = address (NULL);
  g_autoptr(GError) error = NULL;

  peil_replica_publish (incident, server, name, &error);
  g_assert_no_error (error);
}

static void
sync_file (PeilIncident *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilReplica) replica = peil_replica_new (incident, &error);

  g_assert_no_error (error);
  g_assert_true (peil_replica_sync (replica, NULL, &error));
  g_assert_no_error (error);
}

static gint64
post_id (PeilIncident *incident,
         const char   *remote_id)
{
  g_autoptr(PeilPost) post = peil_test_find_post (incident, remote_id);

  g_assert_nonnull (post);
  return peil_post_get_id (post);
}

static void
tag (PeilIncident *incident,
     const char   *remote_id,
     const char   *code)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_incident_tag_post (incident, post_id (incident, remote_id), code, &error));
  g_assert_no_error (error);
}

typedef struct
{
  PeilIncident *incident;
  GPtrArray    *lines;
} Dump;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

static gboolean
dump_post (PeilPost  *post,
           gpointer   user_data,
           GError   **error)
{
  Dump *dump = user_data;
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = peil_incident_list_notes (dump->incident, peil_post_get_id (post), NULL);
  g_autoptr(GPtrArray) noted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    g_ptr_array_add (tags, g_strdup_printf ("%s/%s", peil_post_get_tag (post, i)->code,
                                            peil_post_get_tag (post, i)->analyst));
  g_ptr_array_sort (tags, compare_strings);

  g_string_append_printf (line, "%s %s %" G_GINT64_FORMAT " %s | %s | %s |",
                          peil_post_get_source (post), peil_post_get_remote_id (post),
                          peil_post_get_created_at (post), peil_post_get_text (post),
                          peil_post_get_author_handle (post) ? peil_post_get_author_handle (post) : "",
                          peil_post_get_url (post) ? peil_post_get_url (post) : "");
  for (guint i = 0; i < tags->len; i++)
    g_string_append_printf (line, " %s", (char *)g_ptr_array_index (tags, i));
  if (peil_post_get_off_topic (post))
    g_string_append (line, " off-topic");
  /* Notes by their words: each file lists them in the order they came. */
  for (guint i = 0; notes && i < notes->len; i++)
    {
      PeilNote *note = g_ptr_array_index (notes, i);
      g_ptr_array_add (noted, g_strdup_printf (" note(%s: %s)", note->analyst, note->text));
    }
  g_ptr_array_sort (noted, compare_strings);
  for (guint i = 0; i < noted->len; i++)
    g_string_append (line, g_ptr_array_index (noted, i));
  g_ptr_array_add (dump->lines, g_string_free (g_steal_pointer (&line), FALSE));
  return TRUE;
}

/* What a user sees of each post: content, everyone's tags, notes; sorted,
 * so that files whose posts arrived in another order compare equal. */
static char *
dump (PeilIncident *incident)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Dump data = { incident, lines };

  g_assert_true (peil_incident_foreach_post (incident, NULL, dump_post, &data, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **)lines->pdata);
}

static void
add_posts (PeilIncident *incident,
           const char   *prefix,
           guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s%u", prefix, i);
      g_autofree char *text = g_strdup_printf ("Bericht %u over de kraan aan de %s-straat", i, prefix);
      g_autofree char *time = g_strdup_printf ("2026-11-25T14:%02u:00Z", i % 60);

      peil_test_add_post (incident, "x", id, time, "bewoner", text);
    }
}

static char *
section_text (PeilIncident *incident,
              guint         number,
              const char   *section)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilRound) round = peil_incident_get_round (incident, number, &error);

  g_assert_no_error (error);
  return g_strdup (peil_round_get_text (round, section) ? peil_round_get_text (round, section) : "");
}

static void
write_section (PeilIncident *incident,
               guint         number,
               const char   *section,
               const char   *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_incident_set_round_text (incident, number, section, text, &error));
  g_assert_no_error (error);
}

static void
link_example (PeilIncident *incident,
              guint         number,
              const char   *section,
              const char   *remote_id,
              gboolean      linked)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_incident_link_example (incident, number, section, post_id (incident, remote_id), linked, &error));
  g_assert_no_error (error);
}

/* A round's examples in one section, by remote id, in their order. */
static char *
examples_of (PeilIncident *incident,
             PeilRound    *round,
             const char   *section)
{
  GArray *ids = peil_round_get_examples (round, section);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; ids && i < ids->len; i++)
    {
      g_autoptr(PeilPost) post = peil_incident_get_post (incident, g_array_index (ids, gint64, i), NULL);

      g_assert_nonnull (post);
      g_string_append_printf (line, "%s%s", i > 0 ? " " : "", peil_post_get_remote_id (post));
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Each round: its number and title, and each section with text or
 * examples, with its examples. */
static char *
dump_rounds (PeilIncident *incident)
{
  g_autoptr(GPtrArray) rounds = peil_incident_list_rounds (incident, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (rounds);
  for (guint i = 0; i < rounds->len; i++)
    {
      PeilRound *listed = g_ptr_array_index (rounds, i);
      g_autoptr(PeilRound) round = peil_incident_get_round (incident, peil_round_get_number (listed), NULL);

      g_string_append_printf (text, "%s%u %s", i > 0 ? "\n" : "", peil_round_get_number (round),
                              peil_round_get_title (round));
      guint n_sections;
      const PeilRoundSection *sections = peil_round_sections (&n_sections);

      for (guint s = 0; s < n_sections; s++)
        {
          g_autofree char *examples = examples_of (incident, round, sections[s].key);
          const char *words = peil_round_get_text (round, sections[s].key);

          if (*examples != '\0' || (words && *words))
            g_string_append_printf (text, " | %s: %s [%s]", sections[s].key, words ? words : "", examples);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Publish, then join: the same posts, the same tags by the same analysts,
 * the same notes and the incident's own tag and title. */
static void
test_publish_then_join (void)
{
  g_autoptr(PeilIncident) first = new_file ("publish.peil", "Anna");
  g_autoptr(PeilIncident) joined = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *title = NULL;
  g_autofree char *rounds_before = NULL, *rounds_after = NULL;

  g_assert_true (peil_incident_set_metadata (first, PEIL_META_TITLE, "Kraan Alphen", &error));
  add_posts (first, "p", 20);
  g_assert_nonnull (peil_incident_add_tag_definition (first, "IB", "IB-ASBEST", "Asbest", "Asbestos", &error));
  tag (first, "p1", "IB-VEILIG");
  tag (first, "p1", "IB-ASBEST");
  tag (first, "p2", "RUMOUR-FALSE");
  peil_incident_set_analyst (first, "Bram");
  tag (first, "p1", "IB-VEILIG");
  g_assert_cmpint (peil_incident_add_note (first, post_id (first, "p3"), "Teruggebeld", &error), >, 0);
  g_assert_no_error (error);
  round = peil_incident_add_round (first, "ROT 15:00", 1764079200, 1764086400, &error);
  g_assert_no_error (error);
  write_section (first, 1, "IB", "Vragen over stof");
  write_section (first, 1, "key-points", "Zorgen");
  link_example (first, 1, "IB", "p4", TRUE);
  link_example (first, 1, "IB", "p2", TRUE);
  link_example (first, 1, "key-points", "p2", TRUE);
  link_example (first, 1, "key-points", "p5", TRUE);
  link_example (first, 1, "key-points", "p5", FALSE);

  publish (first, "publish-join");
  joined = join ("publish-join", "publish-joined.peil", "Cor");

  before = dump (first);
  after = dump (joined);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "IB-VEILIG/Anna IB-VEILIG/Bram"));
  g_assert_nonnull (strstr (after, "note(Bram: Teruggebeld)"));
  title = peil_incident_get_metadata (joined, PEIL_META_TITLE);
  g_assert_cmpstr (title, ==, "Kraan Alphen");
  g_assert_true (peil_incident_is_replica (joined));

  /* One team, one set of pseudonyms: the joined file took the key. */
  {
    g_autoptr(PeilPseudonymizer) names_first = peil_incident_dup_pseudonymizer (first, &error);
    g_autoptr(PeilPseudonymizer) names_joined = peil_incident_dup_pseudonymizer (joined, &error);
    g_autofree char *seen_first = peil_pseudonymizer_dup_name (names_first, "@jansen_utrecht");
    g_autofree char *seen_joined = peil_pseudonymizer_dup_name (names_joined, "@jansen_utrecht");

    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (seen_first, "anon-"));
    g_assert_cmpstr (seen_joined, ==, seen_first);
  }

  /* The round, its texts and its examples, in the order they were linked. */
  rounds_before = dump_rounds (first);
  rounds_after = dump_rounds (joined);
  g_assert_cmpstr (rounds_after, ==, rounds_before);
  g_assert_cmpstr (rounds_after, ==, "1 ROT 15:00 | key-points: Zorgen [p2] | IB: Vragen over stof [p4 p2]");
}

/* Two analysts put the same tag on one post in their own files: both keep
 * theirs, in both files, and the post counts once. */
/* A replica is one analyst's copy: peil-cli records that analyst's name
 * when it is not told another, also on a computer the team shares. */
static void
test_replica_remembers_analyst (void)
{
  g_autoptr(PeilIncident) anna = new_file ("whose-anna.peil", "Anna");
  g_autofree char *server = address (NULL);
  g_autofree char *bram_path = peil_test_tmp_path ("whose-bram.peil");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilPost) post = NULL;

  add_posts (anna, "w", 1);
  publish (anna, "whose");
  g_unlink (bram_path);
  {
    g_auto(PeilTestRun) joined = peil_test_cli ("team", "join", server, "--incident", "whose", bram_path,
                                                "--analyst", "Bram", NULL);
    g_auto(PeilTestRun) tagged = { 0 };

    g_assert_cmpint (joined.status, ==, 0);
    tagged = peil_test_cli ("tag", bram_path, "1", "IB-WAT", NULL);
    g_assert_cmpint (tagged.status, ==, 0);
  }
  {
    g_autoptr(GFile) file = g_file_new_for_path (bram_path);

    bram = peil_incident_open (file, NULL);
  }
  post = peil_test_find_post (bram, "w0");
  g_assert_cmpuint (peil_post_get_n_tags (post), ==, 1);
  g_assert_cmpstr (peil_post_get_tag (post, 0)->analyst, ==, "Bram");
}

static void
test_same_tag_two_analysts (void)
{
  g_autoptr(PeilIncident) anna = new_file ("same-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilCounts) counts = NULL;
  g_autofree char *a = NULL, *b = NULL;

  add_posts (anna, "s", 3);
  publish (anna, "same-tag");
  bram = join ("same-tag", "same-bram.peil", "Bram");

  tag (anna, "s0", "BG-ANGST");
  tag (bram, "s0", "BG-ANGST");
  sync_file (anna);
  sync_file (bram);
  sync_file (anna);

  a = dump (anna);
  b = dump (bram);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "BG-ANGST/Anna BG-ANGST/Bram"));
  counts = peil_incident_count (bram, NULL, NULL);
  for (guint i = 0; i < counts->tags->len; i++)
    {
      PeilCount *count = g_ptr_array_index (counts->tags, i);
      g_assert_cmpint (count->count, ==, g_str_equal (count->key, "BG-ANGST") ? 1 : 0);
    }

  /* Anna takes hers off: Bram's stays, in both files. */
  {
    g_autoptr(PeilPost) post = peil_test_find_post (anna, "s0");
    g_autoptr(GError) error = NULL;

    g_assert_true (peil_incident_untag_post (anna, peil_post_get_id (post), "BG-ANGST", &error));
    g_assert_no_error (error);
  }
  sync_file (anna);
  sync_file (bram);
  g_free (a);
  g_free (b);
  a = dump (anna);
  b = dump (bram);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "BG-ANGST/Bram"));
  g_assert_null (strstr (a, "BG-ANGST/Anna"));
}

static const char *
facet_value (PeilIncident *incident,
             const char   *remote_id)
{
  g_autoptr(PeilPost) post = peil_test_find_post (incident, remote_id);
  static char value[64];

  *value = '\0';
  for (guint i = 0; i < peil_post_get_n_tags (post); i++)
    if (g_str_has_prefix (peil_post_get_tag (post, i)->code, "RUMOUR-"))
      g_strlcpy (value, peil_post_get_tag (post, i)->code, sizeof value);
  return value;
}

/* Taking a colleague's single-choice value off a post: the value goes in
 * every replica, and each log says who took it off. */
static void
test_facet_untag_by_whom (void)
{
  g_autoptr(PeilIncident) anna = new_file ("facet-untag-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilPost) post = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const char *who = NULL;

  add_posts (anna, "v", 1);
  publish (anna, "facet-untag");
  bram = join ("facet-untag", "facet-untag-bram.peil", "Bram");
  tag (bram, "v0", "RUMOUR-FALSE");
  sync_file (bram);
  sync_file (anna);

  post = peil_test_find_post (anna, "v0");
  g_assert_true (peil_incident_untag_post (anna, peil_post_get_id (post), "RUMOUR-FALSE", &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);

  g_assert_cmpstr (facet_value (bram, "v0"), ==, "");
  events = peil_incident_list_events (bram, 0, &error);
  for (guint i = 0; i < events->len && who == NULL; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->action, "untag") && g_strcmp0 (event->tag, "RUMOUR-FALSE") == 0)
        who = event->analyst;
    }
  g_assert_cmpstr (who, ==, "Anna");
}


/* A single-choice facet set differently in two files: the change the
 * server numbers later wins in both, even in the file that saw the other
 * change arrive after making its own. */
static void
test_facet_conflict (void)
{
  g_autoptr(PeilIncident) anna = new_file ("facet-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;

  add_posts (anna, "f", 2);
  publish (anna, "facet");
  bram = join ("facet", "facet-bram.peil", "Bram");

  tag (anna, "f0", "RUMOUR-CONFIRMED");      /* waits in Anna's file */
  tag (bram, "f0", "RUMOUR-FALSE");
  sync_file (bram);                          /* numbered first */
  sync_file (anna);                          /* Anna's own is numbered after it */
  g_assert_cmpstr (facet_value (anna, "f0"), ==, "RUMOUR-CONFIRMED");
  sync_file (bram);
  g_assert_cmpstr (facet_value (bram, "f0"), ==, "RUMOUR-CONFIRMED");

  /* The other way round, and with each file seeing the other's change. */
  tag (bram, "f1", "RUMOUR-UNVERIFIED");
  sync_file (bram);
  tag (anna, "f1", "RUMOUR-DEBUNKED");
  sync_file (anna);
  sync_file (bram);
  g_assert_cmpstr (facet_value (anna, "f1"), ==, "RUMOUR-DEBUNKED");
  g_assert_cmpstr (facet_value (bram, "f1"), ==, "RUMOUR-DEBUNKED");
}

/* Five analysts each tag and untag in their own files, some of it on the
 * same posts; after two rounds of syncing all five files are alike. */
static void
test_five_replicas (void)
{
  const char *analysts[] = { "Anna", "Bram", "Cor", "Dirk", "Eva" };
  const char *codes[] = { "IB-VEILIG", "BG-ANGST", "SB-HULPVRAAG", "IB-WAT", "BG-BOOS" };
  PeilIncident *files[G_N_ELEMENTS (analysts)];
  g_autofree char *first = NULL;

  files[0] = new_file ("five-0.peil", analysts[0]);
  add_posts (files[0], "v", 30);
  publish (files[0], "five");
  for (guint i = 1; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *name = g_strdup_printf ("five-%u.peil", i);
      files[i] = join ("five", name, analysts[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      for (guint p = i; p < 30; p += 3)
        {
          g_autofree char *remote_id = g_strdup_printf ("v%u", p);
          tag (files[i], remote_id, codes[i]);
        }
      if (i % 2 == 0)
        peil_test_add_post (files[i], "phone", analysts[i], NULL, analysts[i], "Telefoontje over de school");
    }
  g_assert_true (peil_incident_untag_post (files[1], post_id (files[1], "v1"), "BG-ANGST", NULL));

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      sync_file (files[i]);

  first = dump (files[0]);
  g_assert_nonnull (strstr (first, "phone Eva"));
  for (guint i = 1; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *other = dump (files[i]);
      g_assert_cmpstr (other, ==, first);
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
}

/* A replica's file copied (mailed, restored from a backup) and worked on
 * beside the original: the copy's changes are numbered as the original's
 * are, and without a name of its own one of them would be lost. */
/* A handover note still waiting in a file that is then copied reaches
 * the team once, however many of the copies sync. */
static void
test_copied_handover (void)
{
  g_autoptr(PeilIncident) anna = new_file ("handover-copy-anna.peil", "Anna");
  g_autoptr(PeilIncident) copy = NULL;
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_path = peil_test_tmp_path ("handover-copy-copy.peil");
  guint notes = 0;

  publish (anna, "handover-copy");
  bram = join ("handover-copy", "handover-copy-bram.peil", "Bram");
  replica = peil_replica_new (anna, NULL);
  g_assert_true (peil_replica_hand_over (replica, "Bel de school om 8 uur", &error));
  g_clear_object (&replica);
  {
    g_autoptr(GFile) original = g_object_ref (peil_incident_get_file (anna));
    g_autoptr(GFile) target = g_file_new_for_path (copy_path);

    g_clear_object (&anna);
    g_unlink (copy_path);
    g_assert_true (g_file_copy (original, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    anna = peil_incident_open (original, &error);
    copy = peil_incident_open (target, &error);
    g_assert_no_error (error);
    peil_incident_set_analyst (anna, "Anna");
    peil_incident_set_analyst (copy, "Anna");
  }
  sync_file (copy);
  sync_file (anna);
  sync_file (bram);

  events = peil_incident_list_events (bram, 0, &error);
  for (guint i = 0; i < events->len; i++)
    notes += g_str_equal (((PeilEvent *)g_ptr_array_index (events, i))->action, "handover");
  g_assert_cmpuint (notes, ==, 1);
}

static void
test_copied_replica (void)
{
  g_autoptr(PeilIncident) anna = new_file ("copied-anna.peil", "Anna");
  g_autoptr(PeilIncident) copy = NULL;
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(GFile) copy_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_path = peil_test_tmp_path ("copied-copy.peil");
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  add_posts (anna, "d", 4);
  publish (anna, "copied");
  /* Copied as a user would, with the file closed. */
  {
    g_autoptr(GFile) original = g_object_ref (peil_incident_get_file (anna));
    g_autoptr(GFile) target = g_file_new_for_path (copy_path);

    g_clear_object (&anna);
    g_unlink (copy_path);
    g_assert_true (g_file_copy (original, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    anna = peil_incident_open (original, &error);
    g_assert_no_error (error);
    peil_incident_set_analyst (anna, "Anna");
  }
  copy_file = g_file_new_for_path (copy_path);
  copy = peil_incident_open (copy_file, &error);
  g_assert_no_error (error);
  peil_incident_set_analyst (copy, "Anna thuis");

  tag (anna, "d1", "IB-WAT");
  tag (copy, "d2", "BG-ANGST");
  peil_test_add_post (anna, "phone", "na-de-kopie", NULL, NULL, "Een vraag na het kopiëren");
  g_assert_cmpint (peil_incident_add_note (anna, post_id (anna, "d3"), "Na de kopie", &error), >, 0);
  sync_file (anna);
  sync_file (copy);
  sync_file (anna);
  bram = join ("copied", "copied-bram.peil", "Bram");

  a = dump (anna);
  b = dump (bram);
  c = dump (copy);
  g_assert_nonnull (strstr (b, "IB-WAT/Anna"));
  g_assert_nonnull (strstr (b, "BG-ANGST/Anna thuis"));
  g_assert_nonnull (strstr (c, "Een vraag na het kopiëren"));
  g_assert_nonnull (strstr (c, "note(Anna: Na de kopie)"));
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (c, ==, b);
}

static GPtrArray *
conflicts_of (PeilIncident *incident)
{
  g_autoptr(PeilReplica) replica = peil_replica_new (incident, NULL);

  return peil_replica_list_conflicts (replica, NULL);
}

/* Rounds are the team's by number; a section written on top of the
 * team's version replaces it everywhere. */
static void
test_rounds_and_sections (void)
{
  g_autoptr(PeilIncident) anna = new_file ("rounds-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRound) first = NULL;
  g_autoptr(PeilRound) joined_round = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *edited = NULL;

  add_posts (anna, "r", 2);
  first = peil_incident_add_round (anna, "ROT 15:00", 1764079200, 1764086400, &error);
  g_assert_no_error (error);
  write_section (anna, 1, "IB", "Vragen over stof en de school");
  publish (anna, "rounds");
  bram = join ("rounds", "rounds-bram.peil", "Bram");

  joined_round = peil_incident_get_round (bram, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peil_round_get_title (joined_round), ==, "ROT 15:00");
  text = section_text (bram, 1, "IB");
  g_assert_cmpstr (text, ==, "Vragen over stof en de school");

  write_section (bram, 1, "IB", "Vragen over stof, de school en de weg");
  sync_file (bram);
  sync_file (anna);
  edited = section_text (anna, 1, "IB");
  g_assert_cmpstr (edited, ==, "Vragen over stof, de school en de weg");
  conflicts = conflicts_of (anna);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

/* A round issued offline under a number a colleague's draft took first
 * keeps the number the crisis team knows it by; the draft moves, in
 * every replica alike. */
static void
test_issued_keeps_number (void)
{
  g_autoptr(PeilIncident) anna = new_file ("keeps-number-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilIncident) carl = NULL;
  g_autoptr(PeilRound) a = NULL, b = NULL, issued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *anna_rounds = NULL, *bram_rounds = NULL, *carl_rounds = NULL;

  add_posts (anna, "k", 1);
  publish (anna, "keeps-number");
  bram = join ("keeps-number", "keeps-number-bram.peil", "Bram");

  a = peil_incident_add_round (anna, "ROT Anna", 1764079200, 1764086400, &error);
  b = peil_incident_add_round (bram, "ROT Bram", 1764079200, 1764086400, &error);
  g_assert_no_error (error);
  write_section (bram, 1, "IB", "Uitgegeven door Bram");
  g_assert_true (peil_incident_issue_round (bram, 1, &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);
  sync_file (anna);
  carl = join ("keeps-number", "keeps-number-carl.peil", "Carl");

  anna_rounds = dump_rounds (anna);
  bram_rounds = dump_rounds (bram);
  carl_rounds = dump_rounds (carl);
  g_assert_cmpstr (bram_rounds, ==, "1 ROT Bram | IB: Uitgegeven door Bram []\n2 ROT Anna");
  g_assert_cmpstr (anna_rounds, ==, bram_rounds);
  g_assert_cmpstr (carl_rounds, ==, bram_rounds);
  issued = peil_incident_get_round (bram, 1, &error);
  g_assert_true (peil_round_is_issued (issued));
}

/* Rounds started in two files under the same number are two rounds of
 * the team: the one the server had first keeps the number, the other
 * takes the next, in every file alike, and the file that made it says
 * so. Each file's later changes go to the round they were made in. */
static void
test_rounds_same_number (void)
{
  g_autoptr(PeilIncident) anna = new_file ("twin-rounds-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRound) a = NULL, b = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *anna_rounds = NULL, *bram_rounds = NULL;
  guint renumbered = 0;

  add_posts (anna, "n", 2);
  publish (anna, "twin-rounds");
  bram = join ("twin-rounds", "twin-rounds-bram.peil", "Bram");

  a = peil_incident_add_round (anna, "ROT Anna", 1764079200, 1764086400, &error);
  b = peil_incident_add_round (bram, "ROT Bram", 1764079200, 1764086400, &error);
  g_assert_no_error (error);
  write_section (anna, 1, "IB", "Tekst van Anna");
  write_section (bram, 1, "IB", "Tekst van Bram");
  link_example (bram, 1, "IB", "n1", TRUE);
  sync_file (anna);
  sync_file (bram);
  sync_file (anna);

  anna_rounds = dump_rounds (anna);
  bram_rounds = dump_rounds (bram);
  g_assert_cmpstr (anna_rounds, ==, "1 ROT Anna | IB: Tekst van Anna []\n2 ROT Bram | IB: Tekst van Bram [n1]");
  g_assert_cmpstr (bram_rounds, ==, anna_rounds);
  events = peil_incident_list_events (bram, 0, &error);
  for (guint i = 0; i < events->len; i++)
    renumbered += g_str_equal (((PeilEvent *)g_ptr_array_index (events, i))->action, "team-renumbered");
  g_assert_cmpuint (renumbered, ==, 1);

  /* Bram's round goes on as round 2 in both files. */
  write_section (bram, 2, "IB", "Tekst van Bram, aangevuld");
  sync_file (bram);
  sync_file (anna);
  g_clear_pointer (&anna_rounds, g_free);
  anna_rounds = dump_rounds (anna);
  g_assert_cmpstr (anna_rounds, ==, "1 ROT Anna | IB: Tekst van Anna []\n2 ROT Bram | IB: Tekst van Bram, aangevuld [n1]");
}

/* The team-refused entries of a file's log, joined by newlines. */
static char *
refusals_of (PeilIncident *incident)
{
  g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 0, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (events);
  for (guint i = 0; i < events->len; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->action, "team-refused"))
        g_string_append_printf (text, "%s\n", event->detail);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A round issued to the crisis team stays as it was issued: what the team
 * changed of it meanwhile is kept out, and the log says so. */
static void
test_issued_round_frozen (void)
{
  g_autoptr(PeilIncident) anna = new_file ("frozen-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rounds = NULL, *refused = NULL;

  add_posts (anna, "f", 3);
  round = peil_incident_add_round (anna, "ROT 15:00", 1764079200, 1764086400, &error);
  g_assert_no_error (error);
  write_section (anna, 1, "IB", "Vragen over stof");
  link_example (anna, 1, "IB", "f0", TRUE);
  publish (anna, "frozen");
  bram = join ("frozen", "frozen-bram.peil", "Bram");

  g_assert_true (peil_incident_issue_round (anna, 1, &error));
  g_assert_no_error (error);
  sync_file (anna);

  /* Bram, not yet knowing, works on in the round. */
  write_section (bram, 1, "IB", "Vragen over stof en de school");
  link_example (bram, 1, "IB", "f1", TRUE);
  link_example (bram, 1, "IB", "f0", FALSE);
  g_assert_true (peil_incident_set_round_period (bram, 1, 1764079200, 1764090000, &error));
  g_assert_no_error (error);
  sync_file (bram);
  sync_file (anna);

  rounds = dump_rounds (anna);
  g_assert_cmpstr (rounds, ==, "1 ROT 15:00 | IB: Vragen over stof [f0]");
  g_clear_object (&round);
  round = peil_incident_get_round (anna, 1, &error);
  g_assert_true (peil_round_is_issued (round));
  g_assert_cmpint (peil_round_get_period_end (round), ==, 1764086400);
  refused = refusals_of (anna);
  g_assert_nonnull (strstr (refused, "round 1 was issued"));

  /* Every replica holds the round as it was issued: Bram's own file too,
   * and Carl's, who joins after Bram's changes reached the team. */
  sync_file (bram);
  {
    g_autoptr(PeilIncident) carl = join ("frozen", "frozen-carl.peil", "Carl");
    g_autofree char *at_bram = dump_rounds (bram);
    g_autofree char *at_carl = dump_rounds (carl);
    g_autofree char *refused_carl = refusals_of (carl);

    g_assert_cmpstr (at_bram, ==, rounds);
    g_assert_cmpstr (at_carl, ==, rounds);
    g_assert_nonnull (strstr (refused_carl, "round 1 was issued"));
  }
}

/* A round issued in a file that had not seen a colleague's last edits:
 * what that file issued is what every replica holds, and the edit that
 * the issue passed over is said in the log, not merged in silently. */
static void
test_issued_offline (void)
{
  g_autoptr(PeilIncident) anna = new_file ("issued-offline-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at_anna = NULL, *at_bram = NULL;

  add_posts (anna, "o", 2);
  round = peil_incident_add_round (anna, "ROT 16:00", 1764079200, 1764086400, &error);
  g_assert_nonnull (round);
  write_section (anna, 1, "IB", "Eerste versie");
  publish (anna, "issued-offline");
  bram = join ("issued-offline", "issued-offline-bram.peil", "Bram");

  /* Anna edits and syncs; Bram, offline, issues the version he has. */
  write_section (anna, 1, "IB", "Versie van Anna");
  link_example (anna, 1, "IB", "o1", TRUE);
  sync_file (anna);
  g_assert_true (peil_incident_issue_round (bram, 1, &error));
  g_assert_no_error (error);
  sync_file (bram);
  sync_file (anna);

  at_anna = dump_rounds (anna);
  at_bram = dump_rounds (bram);
  g_assert_cmpstr (at_bram, ==, "1 ROT 16:00 | IB: Eerste versie []");
  g_assert_cmpstr (at_anna, ==, at_bram);
}

/* Examples quoted in a section are the team's: a link or an unlink made
 * in one file reaches the other; one waiting to be pushed stands against
 * an older one from the team. */
static void
test_examples (void)
{
  g_autoptr(PeilIncident) anna = new_file ("examples-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *linked = NULL, *unlinked = NULL, *crossed_anna = NULL, *crossed_bram = NULL;

  add_posts (anna, "e", 4);
  round = peil_incident_add_round (anna, "ROT 16:00", 1764079200, 1764086400, &error);
  g_assert_no_error (error);
  publish (anna, "examples");
  bram = join ("examples", "examples-bram.peil", "Bram");

  link_example (anna, 1, "BG", "e1", TRUE);
  link_example (anna, 1, "BG", "e3", TRUE);
  link_example (anna, 1, "rumours", "e2", TRUE);
  sync_file (anna);
  sync_file (bram);
  linked = dump_rounds (bram);
  g_assert_cmpstr (linked, ==, "1 ROT 16:00 | BG:  [e1 e3] | rumours:  [e2]");

  link_example (bram, 1, "BG", "e1", FALSE);
  sync_file (bram);
  sync_file (anna);
  unlinked = dump_rounds (anna);
  g_assert_cmpstr (unlinked, ==, "1 ROT 16:00 | BG:  [e3] | rumours:  [e2]");

  /* Bram takes e2 away while Anna's link of e0 waits: both arrive. */
  link_example (bram, 1, "rumours", "e2", FALSE);
  link_example (anna, 1, "rumours", "e0", TRUE);
  sync_file (bram);
  sync_file (anna);
  sync_file (bram);
  crossed_anna = dump_rounds (anna);
  crossed_bram = dump_rounds (bram);
  g_assert_cmpstr (crossed_anna, ==, "1 ROT 16:00 | BG:  [e3] | rumours:  [e0]");
  g_assert_cmpstr (crossed_bram, ==, crossed_anna);
}

/* A file made a replica by a Peil that did not share examples gets the
 * triggers at its next sync and sends the examples it holds. */
static void
test_examples_older_file (void)
{
  g_autoptr(PeilIncident) anna = new_file ("older-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rounds = NULL;

  add_posts (anna, "z", 3);
  round = peil_incident_add_round (anna, "ROT 18:00", 1764079200, 1764086400, &error);
  publish (anna, "older");
  bram = join ("older", "older-bram.peil", "Bram");
  g_assert_true (peil_database_exec (anna->db, "DROP TRIGGER team_example_link; DROP TRIGGER team_example_unlink", &error));
  g_assert_no_error (error);

  link_example (anna, 1, "media", "z2", TRUE);
  sync_file (anna);
  sync_file (bram);
  rounds = dump_rounds (bram);
  g_assert_cmpstr (rounds, ==, "1 ROT 18:00 | media:  [z2]");

  /* From then on the file queues as a new one does. */
  link_example (anna, 1, "media", "z2", FALSE);
  sync_file (anna);
  sync_file (bram);
  g_free (rounds);
  rounds = dump_rounds (bram);
  g_assert_cmpstr (rounds, ==, "1 ROT 18:00");
}

/* Two analysts write one section at once: the first save pushed is the
 * team's; the other is a conflict in both files, shown, never dropped,
 * until one of them resolves it. */
static void
test_section_conflict (void)
{
  g_autoptr(PeilIncident) anna = new_file ("conflict-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRound) round = NULL;
  g_autoptr(PeilReplica) bram_replica = NULL;
  g_autoptr(GPtrArray) anna_conflicts = NULL;
  g_autoptr(GPtrArray) bram_conflicts = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bram_text = NULL, *anna_text = NULL, *resolved = NULL;
  PeilSectionConflict *conflict;

  add_posts (anna, "s", 1);
  round = peil_incident_add_round (anna, "ROT 17:00", 1764079200, 1764086400, &error);
  publish (anna, "conflict");
  bram = join ("conflict", "conflict-bram.peil", "Bram");

  write_section (anna, 1, "key-points", "Zorgen over asbest");
  write_section (bram, 1, "key-points", "Boosheid over de late informatie");
  sync_file (anna);                      /* the team's version */
  sync_file (bram);                      /* Bram's save was made without it */
  sync_file (anna);

  bram_text = section_text (bram, 1, "key-points");
  anna_text = section_text (anna, 1, "key-points");
  g_assert_cmpstr (bram_text, ==, "Zorgen over asbest");
  g_assert_cmpstr (anna_text, ==, "Zorgen over asbest");
  anna_conflicts = conflicts_of (anna);
  bram_conflicts = conflicts_of (bram);
  g_assert_cmpuint (anna_conflicts->len, ==, 1);
  g_assert_cmpuint (bram_conflicts->len, ==, 1);
  conflict = g_ptr_array_index (bram_conflicts, 0);
  g_assert_cmpstr (conflict->text, ==, "Boosheid over de late informatie");
  g_assert_cmpstr (conflict->analyst, ==, "Bram");
  g_assert_cmpstr (conflict->section, ==, "key-points");

  /* Bram keeps his words: they become the team's, and Anna's copy follows. */
  bram_replica = peil_replica_new (bram, NULL);
  g_assert_true (peil_replica_resolve_conflict (bram_replica, conflict->seq, TRUE, &error));
  g_assert_no_error (error);
  sync_file (bram);
  sync_file (anna);
  resolved = section_text (anna, 1, "key-points");
  g_assert_cmpstr (resolved, ==, "Boosheid over de late informatie");
  after = conflicts_of (bram);
  g_assert_cmpuint (after->len, ==, 0);
  /* Settled for the team: Anna need not settle it again. */
  g_ptr_array_unref (after);
  after = conflicts_of (anna);
  g_assert_cmpuint (after->len, ==, 0);
}

static PeilRumour *
only_rumour (PeilIncident *incident)
{
  g_autoptr(GPtrArray) rumours = peil_incident_list_rumours (incident, NULL);

  g_assert_cmpuint (rumours->len, ==, 1);
  return g_object_ref (g_ptr_array_index (rumours, 0));
}

/* A rumour registered and given a status before the next sync reaches
 * the team with both steps: every replica's history has both. */
static void
test_rumour_history_waiting (void)
{
  g_autoptr(PeilIncident) anna = new_file ("rumour-waiting-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRumour) added = NULL;
  g_autoptr(PeilRumour) at_anna = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *history;

  publish (anna, "rumour-waiting");
  bram = join ("rumour-waiting", "rumour-waiting-bram.peil", "Bram");
  added = peil_incident_add_rumour (bram, "Er is asbest vrijgekomen", 1764079200, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_set_rumour_status (bram, peil_rumour_get_id (added), "false", &error));
  sync_file (bram);
  sync_file (anna);

  at_anna = only_rumour (anna);
  g_assert_cmpstr (peil_rumour_get_status (at_anna), ==, "false");
  history = peil_rumour_get_history (at_anna);
  g_assert_cmpuint (history->len, ==, 2);
}

/* The rumour register is the team's: a rumour by its claim, its linked
 * posts, and its status, where the later change wins in every file and
 * the history keeps both. */
static void
test_rumours (void)
{
  g_autoptr(PeilIncident) anna = new_file ("rumour-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRumour) added = NULL;
  g_autoptr(PeilRumour) at_bram = NULL;
  g_autoptr(PeilRumour) final_anna = NULL;
  g_autoptr(PeilRumour) final_bram = NULL;
  g_autoptr(GError) error = NULL;

  add_posts (anna, "u", 3);
  added = peil_incident_add_rumour (anna, "De kraan was niet gekeurd", 1764079200, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_link_rumour_post (anna, peil_rumour_get_id (added), post_id (anna, "u1"), TRUE, &error));
  publish (anna, "rumours");
  bram = join ("rumours", "rumour-bram.peil", "Bram");

  at_bram = only_rumour (bram);
  g_assert_cmpstr (peil_rumour_get_claim (at_bram), ==, "De kraan was niet gekeurd");
  g_assert_cmpuint (peil_rumour_get_posts (at_bram)->len, ==, 1);

  g_assert_true (peil_incident_set_rumour_status (bram, peil_rumour_get_id (at_bram), "false", &error));
  g_assert_true (peil_incident_link_rumour_post (bram, peil_rumour_get_id (at_bram), post_id (bram, "u2"), TRUE, &error));
  g_assert_true (peil_incident_set_rumour_status (anna, peil_rumour_get_id (added), "debunked", &error));
  g_assert_no_error (error);
  sync_file (bram);
  sync_file (anna);                      /* numbered after Bram's: it wins */
  sync_file (bram);

  final_anna = only_rumour (anna);
  final_bram = only_rumour (bram);
  g_assert_cmpstr (peil_rumour_get_status (final_anna), ==, "debunked");
  g_assert_cmpstr (peil_rumour_get_status (final_bram), ==, "debunked");
  g_assert_cmpuint (peil_rumour_get_posts (final_anna)->len, ==, 2);
  g_assert_cmpuint (peil_rumour_get_posts (final_bram)->len, ==, 2);
  g_assert_cmpuint (peil_rumour_get_history (final_bram)->len, >=, 3);   /* unverified, false, debunked */
}

/* A rumour that follows a story (issue 13): the posts linked because they
 * joined the story reach the team marked as linked automatically; the
 * story is Anna's file's own (its id names a post of hers) and stays
 * there: Bram's rumour follows none, and his later posts are not linked
 * on their own (docs/triage.md). */
static void
test_story_rumour (void)
{
  g_autoptr(PeilIncident) anna = new_file ("story-rumour-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRumour) added = NULL;
  g_autoptr(PeilRumour) at_bram = NULL;
  g_autoptr(GError) error = NULL;
  gint64 story;

  add_posts (anna, "s", 3);
  story = post_id (anna, "s0");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("s%u", i);
      g_autofree char *sql = g_strdup_printf ("UPDATE post SET story_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                              story, post_id (anna, remote_id));

      g_assert_true (peil_database_exec (anna->db, sql, &error));
    }
  publish (anna, "story-rumour");
  bram = join ("story-rumour", "story-rumour-bram.peil", "Bram");
  added = peil_incident_add_story_rumour (anna, "De brug is ingestort", story, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_rumour_get_posts (added)->len, ==, 3);
  sync_file (anna);
  sync_file (bram);

  at_bram = only_rumour (bram);
  g_assert_cmpstr (peil_rumour_get_claim (at_bram), ==, "De brug is ingestort");
  g_assert_cmpint (peil_rumour_get_story_id (at_bram), ==, 0);
  g_assert_cmpuint (peil_rumour_get_posts (at_bram)->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (peil_rumour_get_linked_automatically (at_bram, i));
}

static guint
count_notes (PeilIncident *incident,
             const char   *remote_id)
{
  g_autoptr(GPtrArray) notes = peil_incident_list_notes (incident, post_id (incident, remote_id), NULL);

  return notes->len;
}

/* Two syncs of one file at once (the window beside `team sync --follow`)
 * apply each change once: the second finds the first's work in the file. */
static void
test_two_syncs_one_file (void)
{
  g_autoptr(PeilIncident) anna = new_file ("twice-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilIncident) again = NULL;
  g_autoptr(PeilReplica) first = NULL;
  g_autoptr(PeilReplica) second = NULL;
  g_autoptr(GError) error = NULL;

  add_posts (anna, "w", 2);
  publish (anna, "twice");
  bram = join ("twice", "twice-bram.peil", "Bram");
  again = peil_incident_open (peil_incident_get_file (bram), &error);
  g_assert_no_error (error);
  first = peil_replica_new (bram, NULL);
  second = peil_replica_new (again, NULL);   /* read how far the file was, before the first sync */

  g_assert_cmpint (peil_incident_add_note (anna, post_id (anna, "w1"), "Teruggebeld", &error), >, 0);
  sync_file (anna);
  g_assert_true (peil_replica_sync (first, NULL, &error));
  g_assert_true (peil_replica_sync (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_notes (bram, "w1"), ==, 1);
}

/* Posts without a time given their import's time in one file have it in
 * every file, so that the team's counts per hour agree. */
static void
test_import_times (void)
{
  g_autoptr(PeilIncident) anna = new_file ("times-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilCounts) a = NULL;
  g_autoptr(PeilCounts) b = NULL;
  g_autoptr(GError) error = NULL;

  add_posts (anna, "t", 2);
  peil_test_add_post (anna, "whatsapp", "zonder-tijd", NULL, NULL, "Is het water veilig?");
  publish (anna, "times");
  bram = join ("times", "times-bram.peil", "Bram");
  g_assert_cmpint (peil_incident_use_import_times (anna, &error), ==, 1);
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);

  a = peil_incident_count (anna, NULL, &error);
  b = peil_incident_count (bram, NULL, &error);
  g_assert_cmpint (a->untimed, ==, 0);
  g_assert_cmpint (b->untimed, ==, 0);
}

/* A handover note reaches the next shift's files, under its author. */
static void
test_handover (void)
{
  g_autoptr(PeilIncident) anna = new_file ("handover-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) anna_replica = NULL;
  g_autoptr(PeilReplica) bram_replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL, *text = NULL;
  gint64 when = 0;

  add_posts (anna, "o", 1);
  publish (anna, "handover");
  bram = join ("handover", "handover-bram.peil", "Bram");
  anna_replica = peil_replica_new (anna, NULL);
  g_assert_false (peil_replica_hand_over (anna_replica, "   ", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (peil_replica_hand_over (anna_replica, "De school belt om 8 uur terug", &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);

  bram_replica = peil_replica_new (bram, NULL);
  text = peil_replica_dup_last_handover (bram_replica, &who, &when);
  g_assert_cmpstr (text, ==, "De school belt om 8 uur terug");
  g_assert_cmpstr (who, ==, "Anna");
  g_assert_cmpint (when, >, 0);
}

/* A tag waiting to be pushed is one analyst's; another's tag of the same
 * post arriving meanwhile is kept beside it. */
static void
test_waiting_tag_keeps_others (void)
{
  g_autoptr(PeilIncident) anna = new_file ("waiting-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autofree char *a = NULL, *b = NULL;

  add_posts (anna, "x", 2);
  publish (anna, "waiting");
  bram = join ("waiting", "waiting-bram.peil", "Bram");

  tag (bram, "x1", "IB-VEILIG");
  sync_file (bram);
  tag (anna, "x1", "IB-VEILIG");         /* waits in Anna's file while Bram's arrives */
  sync_file (anna);
  sync_file (bram);
  a = dump (anna);
  b = dump (bram);
  g_assert_nonnull (strstr (a, "IB-VEILIG/Anna IB-VEILIG/Bram"));
  g_assert_cmpstr (a, ==, b);
}

typedef struct
{
  gint64      team_id;
  guint       index;
  GPtrArray  *claimed;   /* "source/remote_id" */
} Claimer;

/* Claims and tags until nothing is left, as an analyst pressing n would. */
static gpointer
claim_all (gpointer data)
{
  Claimer *claimer = data;
  g_autofree char *server_address = address (NULL);
  g_autoptr(PeilTeamServer) server = peil_team_server_connect (server_address, NULL);
  g_autofree char *analyst = g_strdup_printf ("claimer-%u", claimer->index);
  g_autofree char *origin = g_strdup_printf ("test-claimer-%u", claimer->index);

  g_assert_nonnull (server);
  for (gint64 n = 1;; n++)
    {
      g_autofree char *source = NULL, *remote_id = NULL;
      g_autoptr(JsonArray) events = json_array_new ();
      JsonObject *event, *body;
      g_autoptr(GError) error = NULL;

      gint64 server_id;

      g_assert_true (peil_team_server_claim (server, claimer->team_id, analyst, NULL, &server_id, &source, &remote_id, &error));
      g_assert_no_error (error);
      if (source == NULL)
        break;
      /* Made only now: the events array owns them once they are added. */
      event = json_object_new ();
      body = json_object_new ();
      g_ptr_array_add (claimer->claimed, g_strdup_printf ("%s/%s", source, remote_id));

      json_object_set_string_member (body, "source", source);
      json_object_set_string_member (body, "remote_id", remote_id);
      json_object_set_string_member (body, "tag", "IB-WAT");
      json_object_set_string_member (body, "analyst", analyst);
      json_object_set_int_member (event, "id", n);
      json_object_set_string_member (event, "kind", "tag");
      json_object_set_int_member (event, "at", n);
      json_object_set_object_member (event, "body", body);
      json_array_add_object_element (events, event);
      g_assert_true (peil_team_server_push (server, claimer->team_id, origin, events, &error));
      g_assert_no_error (error);
    }
  return NULL;
}

/* Ten analysts take posts at once: each post goes to exactly one. */
static void
test_claims_never_shared (void)
{
  g_autoptr(PeilIncident) lead = new_file ("claims.peil", "Lead");
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *server_address = address (NULL);
  Claimer claimers[10];
  GThread *threads[10];
  guint total = 0;
  gint64 team_id;

  add_posts (lead, "c", 200);
  tag (lead, "c7", "BG-ANGST");          /* tagged: not handed out */
  tag (lead, "c8", "RUMOUR-FALSE");      /* a facet only: still to do */
  publish (lead, "claims");
  server = peil_team_server_connect (server_address, NULL);
  team_id = peil_team_server_find_incident (server, "claims", FALSE, NULL);
  g_assert_cmpint (team_id, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (claimers); i++)
    {
      claimers[i] = (Claimer) { team_id, i, g_ptr_array_new_with_free_func (g_free) };
      threads[i] = g_thread_new ("claimer", claim_all, &claimers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (claimers); i++)
    {
      g_thread_join (threads[i]);
      for (guint j = 0; j < claimers[i].claimed->len; j++)
        {
          char *key = g_ptr_array_index (claimers[i].claimed, j);

          if (!g_hash_table_add (seen, key))
            g_error ("%s was handed out twice", key);
        }
      total += claimers[i].claimed->len;
    }
  g_assert_cmpuint (total, ==, 199);
  g_assert_false (g_hash_table_contains (seen, "x/c7"));
  g_assert_true (g_hash_table_contains (seen, "x/c8"));
  for (guint i = 0; i < G_N_ELEMENTS (claimers); i++)
    g_ptr_array_unref (claimers[i].claimed);
}

/* n hands out the analyst's assignment only, newest first, and not what
 * someone else holds. */
/* A post the team has but this file refused (a peer's broken post, the
 * newest of all) is passed over: "next" hands out the posts it can show,
 * every time. */
static void
test_next_passes_refused (void)
{
  g_autoptr(PeilIncident) anna = new_file ("refused-next-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *server_address = address (NULL);
  g_autoptr(GError) error = NULL;
  gint64 id;

  add_posts (anna, "g", 2);
  publish (anna, "refused-next");
  server = peil_team_server_connect (server_address, NULL);
  g_assert_true (json_parser_load_from_data (parser,
      "[{\"id\":1,\"kind\":\"post\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"broken\","
      "  \"created_at\":1893456000,\"post\":{\"source\":\"\"}}}]", -1, &error));
  g_assert_true (peil_team_server_push (server, peil_team_server_find_incident (server, "refused-next", FALSE, NULL),
                                        "a-broken-peer", json_node_get_array (json_parser_get_root (parser)), &error));
  g_assert_no_error (error);

  bram = join ("refused-next", "refused-next-bram.peil", "Bram");
  g_assert_null (peil_test_find_post (bram, "broken"));
  replica = peil_replica_new (bram, NULL);
  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (peil_replica_next (replica, &id, &error));
      g_assert_no_error (error);
      g_assert_cmpint (id, ==, post_id (bram, "g1"));
      /* Passed over, not tagged: the same post again. */
    }
  tag (bram, "g1", "IB-WAT");
  g_assert_true (peil_replica_next (replica, &id, &error));
  g_assert_cmpint (id, ==, post_id (bram, "g0"));
  tag (bram, "g0", "IB-WAT");
  g_assert_true (peil_replica_next (replica, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 0);
}

static const char *
last_analyst_of (PeilIncident *incident,
                 const char   *action,
                 gint64        post_id)
{
  g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 0, NULL);
  static char analyst[64];

  *analyst = '\0';
  for (guint i = 0; i < events->len; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->action, action) && event->post_id == post_id)
        {
          g_strlcpy (analyst, event->analyst, sizeof analyst);
          break;
        }
    }
  return analyst;
}

static void
mark (PeilIncident *incident,
      const char   *remote_id,
      gboolean      off_topic)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (peil_incident_mark_off_topic (incident, post_id (incident, remote_id), off_topic, &error));
  g_assert_no_error (error);
}

/* An off-topic mark travels like a tag: one made before publishing, one
 * made after, and taking a colleague's off; each replica's log says who
 * did it, and "next" passes over a marked post, which the server cannot
 * tell from an untagged one. */
static void
test_off_topic (void)
{
  g_autoptr(PeilIncident) anna = new_file ("off-topic-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;
  gint64 id;

  add_posts (anna, "o", 3);
  mark (anna, "o0", TRUE);
  publish (anna, "off-topic");
  bram = join ("off-topic", "off-topic-bram.peil", "Bram");
  g_assert_true (peil_incident_is_off_topic (bram, post_id (bram, "o0"), NULL));
  g_assert_false (peil_incident_is_off_topic (bram, post_id (bram, "o1"), NULL));
  g_assert_cmpstr (last_analyst_of (bram, "off-topic", post_id (bram, "o0")), ==, "Anna");

  mark (bram, "o1", TRUE);
  sync_file (bram);
  sync_file (anna);
  g_assert_true (peil_incident_is_off_topic (anna, post_id (anna, "o1"), NULL));
  g_assert_cmpstr (last_analyst_of (anna, "off-topic", post_id (anna, "o1")), ==, "Bram");
  a = dump (anna);
  b = dump (bram);
  g_assert_cmpstr (a, ==, b);
  {
    g_auto(GStrv) parts = g_strsplit (a, " off-topic", -1);
    g_assert_cmpuint (g_strv_length (parts), ==, 3);   /* o0 and o1 */
  }

  /* Anna takes her mark and Bram's off: gone everywhere, by Anna. */
  mark (anna, "o0", FALSE);
  mark (anna, "o1", FALSE);
  sync_file (anna);
  sync_file (bram);
  g_assert_false (peil_incident_is_off_topic (bram, post_id (bram, "o0"), NULL));
  g_assert_false (peil_incident_is_off_topic (bram, post_id (bram, "o1"), NULL));
  g_assert_cmpstr (last_analyst_of (bram, "on-topic", post_id (bram, "o1")), ==, "Anna");
  g_free (a);
  g_free (b);
  a = dump (anna);
  b = dump (bram);
  g_assert_cmpstr (a, ==, b);
  g_assert_null (strstr (a, "off-topic"));

  /* The newest post, o2, marked by Anna: Bram's "next" gets o1. */
  mark (anna, "o2", TRUE);
  sync_file (anna);
  replica = peil_replica_new (bram, NULL);
  g_assert_true (peil_replica_next (replica, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, post_id (bram, "o1"));
}

static void
test_next_follows_assignment (void)
{
  g_autoptr(PeilIncident) anna = new_file ("next-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) anna_replica = NULL;
  g_autoptr(PeilReplica) bram_replica = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first = 0, second = 0, again = 0;

  add_posts (anna, "n", 3);
  peil_test_add_post (anna, "phone", "tel-1", "2026-11-25T16:00:00Z", NULL, "Mag mijn kind naar school?");
  publish (anna, "next");
  bram = join ("next", "next-bram.peil", "Bram");
  anna_replica = peil_replica_new (anna, NULL);
  bram_replica = peil_replica_new (bram, NULL);

  /* WhatsApp questions entered by hand have the source "manual": an
   * assignment to their channel would hand out nothing, and says so. */
  {
    g_autoptr(PeilPost) typed = peil_post_new ("manual", "app-1");

    peil_post_set_channel (typed, "whatsapp");
    peil_post_set_text (typed, "Waar is de opvang?");
    g_assert_true (peil_incident_add_post (anna, typed, NULL, &error));
    g_assert_false (peil_replica_assign (anna_replica, "Bram", "source", "whatsapp", &error));
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "“manual”"));
    g_clear_error (&error);
    tag (anna, "app-1", "IB-HULP");
    sync_file (anna);
  }
  g_assert_true (peil_replica_assign (anna_replica, "Bram", "source", "phone", &error));
  g_assert_true (peil_replica_next (bram_replica, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first, ==, post_id (bram, "tel-1"));
  tag (bram, "tel-1", "IB-VEILIG");
  g_assert_true (peil_replica_next (bram_replica, &second, &error));
  g_assert_cmpint (second, ==, 0);                  /* nothing else by phone */

  /* Anna, with no assignment, gets the newest untagged post… */
  g_assert_true (peil_replica_next (anna_replica, &first, &error));
  g_assert_cmpint (first, ==, post_id (anna, "n2"));
  /* …and Cor, assigned information need, the next one, not hers; the
   * phone question is tagged in that dimension already. */
  g_assert_true (peil_replica_assign (anna_replica, "Cor", "dimension", "IB", &error));
  peil_incident_set_analyst (bram, "Cor");
  g_assert_true (peil_replica_next (bram_replica, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, post_id (bram, "n1"));

  /* The shift lead sees the assignments and can take them away. */
  {
    g_auto(GStrv) rows = peil_replica_list_assignments (anna_replica, &error);
    g_auto(GStrv) after = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (rows), ==, 2);
    g_assert_cmpstr (rows[0], ==, "Bram\tsource\tphone");
    g_assert_cmpstr (rows[1], ==, "Cor\tdimension\tIB");
    g_assert_true (peil_replica_assign (anna_replica, "Bram", NULL, NULL, &error));
    after = peil_replica_list_assignments (anna_replica, &error);
    g_assert_cmpuint (g_strv_length (after), ==, 1);
  }
}

/* A post found by saved query @query_id, as a gather would add it. */
static void
add_found (PeilIncident *incident,
           gint64        query_id,
           const char   *remote_id,
           const char   *time,
           const char   *text)
{
  g_autoptr(PeilPost) post = peil_post_new ("rss", remote_id);
  g_autoptr(GError) error = NULL;
  gint64 when = 0;

  g_assert_true (peil_time_parse (time, NULL, &when));
  peil_post_set_created_at (post, when);
  peil_post_set_text (post, text);
  g_assert_true (peil_database_begin (incident->db, &error));
  g_assert_true (peil_incident_insert_post (incident, post, query_id, NULL, &error));
  g_assert_true (peil_database_commit (incident->db, &error));
  g_assert_no_error (error);
}

static gint64
next_for (PeilIncident *incident,
          const char   *analyst)
{
  g_autoptr(PeilReplica) replica = peil_replica_new (incident, NULL);
  g_autoptr(GError) error = NULL;
  gint64 id = -1;

  peil_incident_set_analyst (incident, analyst);
  g_assert_true (peil_replica_next (replica, &id, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
count_rows (PeilIncident *incident,
            const char   *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  g_assert_true (peil_database_query_int (incident->db, sql, &count, &error));
  g_assert_no_error (error);
  return count;
}

/* An analyst assigned a saved query gets the untagged posts it found, in
 * whichever replica it found them; each replica names the query by its
 * own number, and the server by the query's source, text and settings,
 * also after the query is changed. */
static void
test_next_by_query (void)
{
  g_autoptr(PeilIncident) anna = new_file ("by-query-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) anna_replica = NULL;
  g_autoptr(PeilReplica) bram_replica = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) gone = NULL, kraan = NULL, stof = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *anna_path = NULL;
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) bram_rows = NULL;

  g_hash_table_insert (options, g_strdup ("url"), g_strdup ("http://127.0.0.1:9/nieuws.xml"));
  gone = peil_incident_add_query (anna, "rss", "weg", options, 300, &error);
  kraan = peil_incident_add_query (anna, "rss", "kraan", options, 300, &error);
  stof = peil_incident_add_query (anna, "rss", "stof", options, 300, &error);
  g_assert_true (peil_incident_remove_query (anna, peil_query_get_id (gone), &error));
  g_assert_no_error (error);
  g_assert_cmpint (peil_query_get_id (kraan), ==, 2);   /* and "stof" 3; 1 and 2 in a joined file */
  add_posts (anna, "n", 3);                             /* newer, found by no query */
  add_found (anna, 2, "k1", "2026-11-25T13:10:00Z", "Een kraan");
  add_found (anna, 2, "k2", "2026-11-25T13:20:00Z", "Een kraan en stof");
  add_found (anna, 3, "k2", "2026-11-25T13:20:00Z", "Een kraan en stof");
  add_found (anna, 3, "s1", "2026-11-25T13:30:00Z", "Stof");
  publish (anna, "by-query");
  bram = join ("by-query", "by-query-bram.peil", "Bram");
  anna_path = g_strdup (g_file_peek_path (peil_incident_get_file (anna)));

  /* The joined file knows which query found what, by its own numbers. */
  g_assert_cmpint (count_rows (bram, "SELECT count (*) FROM post_query pq JOIN post p ON p.id = pq.post_id"
                                     " WHERE p.remote_id = 'k2'"), ==, 2);
  g_assert_cmpint (count_rows (bram, "SELECT count (*) FROM post_query pq JOIN post p ON p.id = pq.post_id"
                                     " WHERE p.remote_id = 'k1' AND pq.query_id = 1"), ==, 1);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("team", "assign", anna_path, "Bram", "--query", "2", NULL);
    g_auto(PeilTestRun) missing = peil_test_cli ("team", "assign", anna_path, "Bram", "--query", "99", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpint (missing.status, ==, 1);
    g_assert_nonnull (strstr (missing.err, "no query 99"));
  }
  /* A mistyped source would hand out nothing, silently: refused. */
  {
    g_auto(PeilTestRun) typo = peil_test_cli ("team", "assign", anna_path, "Bram", "--source", "tiktokk", NULL);
    g_auto(PeilTestRun) known = peil_test_cli ("team", "assign", anna_path, "Zoë", "--source", "mastodon", NULL);

    g_auto(PeilTestRun) cleared = { 0 };

    g_assert_cmpint (typo.status, ==, 2);
    g_assert_nonnull (strstr (typo.err, "“tiktokk”"));
    g_assert_cmpint (known.status, ==, 0);
    cleared = peil_test_cli ("team", "assign", anna_path, "Zoë", "--clear", NULL);
    g_assert_cmpint (cleared.status, ==, 0);
  }
  g_assert_cmpint (next_for (bram, "Bram"), ==, post_id (bram, "k2"));
  tag (bram, "k2", "IB-WAT");
  g_assert_cmpint (next_for (bram, "Bram"), ==, post_id (bram, "k1"));
  tag (bram, "k1", "IB-WAT");
  g_assert_cmpint (next_for (bram, "Bram"), ==, 0);     /* n0–n2 are not the query's */

  /* Assigned from Bram's file by its number for "stof" (2, Anna's 3). */
  bram_replica = peil_replica_new (bram, NULL);
  g_assert_true (peil_replica_assign_query (bram_replica, "Cor", 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_for (bram, "Cor"), ==, post_id (bram, "s1"));

  /* Found in Bram's file by its "kraan" (1): Anna's query 2 has it too. */
  add_found (bram, 1, "k3", "2026-11-25T13:40:00Z", "Nog een kraan");
  sync_file (bram);
  anna_replica = peil_replica_new (anna, NULL);
  g_assert_true (peil_replica_assign_query (anna_replica, "Dirk", 2, &error));
  g_assert_cmpint (next_for (anna, "Dirk"), ==, post_id (anna, "k3"));
  tag (anna, "k3", "BG-ANGST");
  g_assert_cmpint (count_rows (anna, "SELECT count (*) FROM post_query pq JOIN post p ON p.id = pq.post_id"
                                     " WHERE p.remote_id = 'k3' AND pq.query_id = 2"), ==, 1);

  /* The shift lead reads each query as the file knows it. */
  rows = peil_replica_list_assignments (anna_replica, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (rows), ==, 3);
  g_assert_cmpstr (rows[0], ==, "Bram\tquery\t2: rss “kraan”");
  g_assert_cmpstr (rows[1], ==, "Cor\tquery\t3: rss “stof”");
  g_assert_cmpstr (rows[2], ==, "Dirk\tquery\t2: rss “kraan”");
  bram_rows = peil_replica_list_assignments (bram_replica, &error);
  g_assert_cmpstr (bram_rows[0], ==, "Bram\tquery\t1: rss “kraan”");

  /* A query changed keeps its posts and its analysts. */
  g_assert_true (peil_incident_update_query (anna, 2, "kraan OR hijskraan", options, 300, &error));
  g_assert_no_error (error);
  sync_file (anna);
  add_found (anna, 2, "k4", "2026-11-25T13:50:00Z", "Een hijskraan");
  g_assert_cmpint (next_for (anna, "Dirk"), ==, post_id (anna, "k4"));
  {
    g_auto(PeilTestRun) run = peil_test_cli ("team", "assignments", anna_path, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Bram\tquery\t2: rss “kraan OR hijskraan”\n"));
    g_assert_nonnull (strstr (run.out, "Dirk\tquery\t2: rss “kraan OR hijskraan”\n"));
  }
}

/* Runs @sql on the server as @role (in database @dbname, or the test's):
 * NULL when it succeeded, else the server's message. The first row's
 * first value goes to @out_value when asked. */
static char *
sql_as (const char  *role,
        const char  *dbname,
        const char  *sql,
        char       **out_value)
{
  g_autofree char *role_address = address (role);
  g_autofree char *conninfo = dbname ? g_strconcat (role_address, " dbname=", dbname, NULL) : g_strdup (role_address);
  PGconn *connection = PQconnectdb (conninfo);
  PGresult *result;
  char *message = NULL;

  g_assert_cmpint (PQstatus (connection), ==, CONNECTION_OK);
  result = PQexec (connection, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    message = g_strdup (PQresultErrorMessage (result));
  else if (out_value != NULL)
    *out_value = PQntuples (result) > 0 ? g_strdup (PQgetvalue (result, 0, 0)) : NULL;
  PQclear (result);
  PQfinish (connection);
  return message;
}

/* Each query's text, sorted, joined by "|". */
static char *
query_texts (PeilIncident *incident)
{
  g_autoptr(GPtrArray) queries = peil_incident_list_queries (incident, NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  g_assert_nonnull (queries);
  for (guint i = 0; i < queries->len; i++)
    g_ptr_array_add (texts, (gpointer)peil_query_get_text (g_ptr_array_index (queries, i)));
  g_ptr_array_sort (texts, compare_strings);
  g_ptr_array_add (texts, NULL);
  return g_strjoinv ("|", (char **)texts->pdata);
}

/* Two saved queries alike are two queries in every replica: removing or
 * changing one leaves the other, and a replica does not take its own
 * removal back from the team for another's. A query's assignment goes
 * when the last query alike goes. */
static void
test_identical_queries (void)
{
  g_autoptr(PeilIncident) anna = new_file ("twins-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) first = NULL, second = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GPtrArray) bram_queries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_auto(GStrv) rows = NULL;

  g_hash_table_insert (options, g_strdup ("url"), g_strdup ("http://127.0.0.1:9/nieuws.xml"));
  first = peil_incident_add_query (anna, "rss", "kraan", options, 300, &error);
  second = peil_incident_add_query (anna, "rss", "kraan", options, 300, &error);
  g_assert_no_error (error);
  publish (anna, "twins");
  bram = join ("twins", "twins-bram.peil", "Bram");
  a = query_texts (bram);
  g_assert_cmpstr (a, ==, "kraan|kraan");
  g_clear_pointer (&a, g_free);

  replica = peil_replica_new (anna, NULL);
  g_assert_true (peil_replica_assign_query (replica, "Cor", peil_query_get_id (second), &error));
  g_assert_no_error (error);

  /* One goes, in both files; its twin stays, and so does the assignment. */
  g_assert_true (peil_incident_remove_query (anna, peil_query_get_id (first), &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);
  sync_file (anna);
  a = query_texts (anna);
  b = query_texts (bram);
  g_assert_cmpstr (a, ==, "kraan");
  g_assert_cmpstr (b, ==, "kraan");
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);
  rows = peil_replica_list_assignments (replica, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (rows), ==, 1);
  g_clear_pointer (&rows, g_strfreev);

  /* Bram adds one alike and changes the other: each stays itself. */
  bram_queries = peil_incident_list_queries (bram, &error);
  g_assert_cmpuint (bram_queries->len, ==, 1);
  g_clear_object (&first);
  first = peil_incident_add_query (bram, "rss", "kraan", options, 300, &error);
  g_assert_true (peil_incident_update_query (bram, peil_query_get_id (g_ptr_array_index (bram_queries, 0)),
                                             "kraan OR stof", options, 300, &error));
  g_assert_no_error (error);
  sync_file (bram);
  sync_file (anna);
  a = query_texts (anna);
  g_assert_cmpstr (a, ==, "kraan|kraan OR stof");
  g_clear_pointer (&a, g_free);
  {
    g_autoptr(PeilQuery) changed = peil_incident_get_query (anna, peil_query_get_id (second), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (peil_query_get_text (changed), ==, "kraan OR stof");
  }

  /* Cor's assignment followed the change, and stays with the query alike
   * Bram added; once the last query of either kind goes, so does it. */
  rows = peil_replica_list_assignments (replica, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (rows), ==, 2);
  g_clear_pointer (&rows, g_strfreev);
  g_assert_true (peil_incident_remove_query (anna, peil_query_get_id (second), &error));
  sync_file (anna);
  rows = peil_replica_list_assignments (replica, &error);
  g_assert_cmpuint (g_strv_length (rows), ==, 1);
  g_assert_nonnull (strstr (rows[0], "Cor\tquery\t"));
  g_assert_nonnull (strstr (rows[0], "“kraan”"));
  g_clear_pointer (&rows, g_strfreev);
  sync_file (bram);
  g_assert_true (peil_incident_remove_query (bram, peil_query_get_id (first), &error));
  sync_file (bram);
  rows = peil_replica_list_assignments (replica, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (rows), ==, 0);
  sync_file (anna);
  a = query_texts (anna);
  g_assert_cmpstr (a, ==, "");
}

/* A team server as the Peil of team schema 1 left it, with a replica that
 * Peil went on working in (tests/fixtures/team, from schema/v5.peil):
 * today's Peil syncs with it as it is, and after `team init` hands out a
 * query's posts, also those found before, to analysts let in before. */
static void
test_server_of_schema_1 (void)
{
  g_autofree char *dump_path = peil_test_fixture ("team/v1.sql");
  g_autofree char *fixture = peil_test_fixture ("team/v1.peil");
  g_autofree char *path = peil_test_tmp_path ("team-v1.peil");
  g_autofree char *lead_address = address (NULL);
  g_autofree char *oudgast_address = address ("oudgast");
  g_autofree char *server_address = g_strconcat (lead_address, " dbname=peil_v1", NULL);
  g_autofree char *guest_address = g_strconcat (oudgast_address, " dbname=peil_v1", NULL);
  g_autofree char *relink = NULL, *a = NULL, *b = NULL, *rounds = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilIncident) old = NULL;
  g_autoptr(PeilIncident) fresh = NULL;
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilIncident) guest = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rows = NULL;

  peil_test_postgres_sql (postgres, "CREATE ROLE oudgast LOGIN");
  peil_test_postgres_load (postgres, "peil_v1", dump_path);
  {
    g_autoptr(GFile) source = g_file_new_for_path (fixture);

    g_assert_true (g_file_copy (source, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  old = peil_incident_open (file, &error);
  g_assert_no_error (error);
  peil_incident_set_analyst (old, "Anna de Vries");
  relink = g_strdup_printf ("UPDATE team_link SET address = '%s'", server_address);
  g_assert_true (peil_database_exec (old->db, relink, &error));

  /* Before the administrator runs `team init` again: syncing goes on; what
   * needs the new schema says so. */
  sync_file (old);
  {
    gint64 identified = 0;

    /* Its queue gives each change an identity, as a new replica's does. */
    tag (old, "https://www.omroepwest.nl/nieuws/1002", "IB-WAT");
    g_assert_true (peil_incident_untag_post (old, post_id (old, "https://www.omroepwest.nl/nieuws/1002"), "IB-WAT",
                                             &error));
    g_assert_true (peil_database_query_int (old->db, "SELECT count (*) FROM team_outbox"
                                                     " WHERE length (change_id) = 32", &identified, &error));
    g_assert_no_error (error);
    g_assert_cmpint (identified, ==, 2);
  }
  replica = peil_replica_new (old, NULL);
  g_assert_false (peil_replica_assign_query (replica, "Bram", 1, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "team init"));
  g_clear_error (&error);
  fresh = new_file ("team-v1-fresh.peil", "Anna");
  g_assert_false (peil_replica_publish (fresh, server_address, "nieuw", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  server = peil_team_server_connect (server_address, &error);
  g_assert_true (peil_team_server_set_up (server, &error));
  g_assert_true (peil_team_server_set_up (server, &error));   /* once more changes nothing */
  g_assert_no_error (error);

  /* A role let in by the old Peil numbers no change and names no role. */
  {
    g_autofree char *failed = sql_as ("oudgast", "peil_v1",
        "INSERT INTO peil_incident_1.event (seq, origin, origin_id, kind, role, at, body)"
        " VALUES (1000000, 'oud', 1, 'handover', 'peil', 1, '{\"text\":\"x\"}')", NULL);

    g_assert_nonnull (failed);
    g_assert_nonnull (strstr (failed, "permission denied"));
  }

  /* The query's post found before publishing, known to the server now. */
  g_assert_true (peil_replica_assign_query (replica, "Bram", 1, &error));
  g_assert_no_error (error);
  bram = join_at (server_address, "alphen", "team-v1-bram.peil", "Bram");
  g_assert_cmpint (next_for (bram, "Bram"), ==, post_id (bram, "https://www.omroepwest.nl/nieuws/1002"));

  /* A role let in by the old Peil pushes and claims a query's posts. */
  guest = join_at (guest_address, "alphen", "team-v1-gast.peil", "Gast");
  add_found (guest, 1, "gast-1", "2026-11-25T16:40:00Z", "De kraan ligt nog op straat");
  sync_file (guest);
  g_assert_true (peil_replica_assign_query (replica, "Gast", 1, &error));
  g_assert_cmpint (next_for (guest, "Gast"), ==, post_id (guest, "gast-1"));

  rows = peil_replica_list_assignments (replica, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (rows), ==, 3);
  g_assert_cmpstr (rows[0], ==, "Bram\tquery\t1: rss “kraan OR stof”");
  g_assert_cmpstr (rows[1], ==, "Bram Jansen\tsource\tmanual");
  g_assert_cmpstr (rows[2], ==, "Gast\tquery\t1: rss “kraan OR stof”");

  /* What the old file held and the old Peil did not send arrives: the
   * examples, the tag that waited. */
  sync_file (old);
  sync_file (bram);
  a = dump (old);
  b = dump (bram);
  g_assert_cmpstr (b, ==, a);
  g_assert_nonnull (strstr (b, "BG-BOOS/Anna de Vries"));
  rounds = dump_rounds (bram);
  g_assert_cmpstr (rounds, ==, "1 ROT 15:00 | key-points: Zorgen over asbest en de school []"
                               " | IB: Vragen over veiligheid en stof [1861234567890123456 DCabcdEFgh1]\n"
                               "2 ROT 17:00 | BG: Meeleven met de bewoners [7441234567890123456"
                               " sha1:51738aeac7d3b0546ecab72fbb35c641d03137bd]");
}

/* Closes @incident's file, copies it to @copy_name as a user would, and
 * opens the original again for @analyst. */
static PeilIncident *
copy_closed (PeilIncident **incident,
             const char    *copy_name,
             const char    *analyst)
{
  g_autoptr(GFile) original = g_object_ref (peil_incident_get_file (*incident));
  g_autofree char *copy_path = peil_test_tmp_path (copy_name);
  g_autoptr(GFile) target = g_file_new_for_path (copy_path);
  g_autoptr(GError) error = NULL;

  g_clear_object (incident);
  g_unlink (copy_path);
  g_assert_true (g_file_copy (original, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  *incident = peil_incident_open (original, &error);
  g_assert_no_error (error);
  peil_incident_set_analyst (*incident, analyst);
  return peil_incident_open (target, &error);
}

static void
add_note (PeilIncident *incident,
          const char   *remote_id,
          const char   *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (peil_incident_add_note (incident, post_id (incident, remote_id), text, &error), >, 0);
  g_assert_no_error (error);
}

/* How many changes of @kind the team server holds for @name. */
static guint
count_server_events (const char *name,
                     const char *kind)
{
  g_autofree char *server_address = address (NULL);
  g_autoptr(PeilTeamServer) server = peil_team_server_connect (server_address, NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 team_id;
  guint n = 0;

  g_assert_nonnull (server);
  team_id = peil_team_server_find_incident (server, name, FALSE, &error);
  events = peil_team_server_pull (server, team_id, 0, 100000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    n += g_str_equal (((PeilTeamEvent *)g_ptr_array_index (events, i))->kind, kind);
  return n;
}

/* The file's only message. */
static PeilMessage *
only_message (PeilIncident *incident)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = peil_incident_list_messages (incident, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  return peil_message_copy (g_ptr_array_index (messages, 0));
}

static guint
count_messages (PeilIncident *incident)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = peil_incident_list_messages (incident, 0, 0, &error);
  g_assert_no_error (error);
  return messages->len;
}

/* The organisation's own messages are the team's like notes and rumours:
 * a message with the tag and rumour it addresses reaches the other
 * analyst, his untagging reaches its author, the rumour's response
 * message goes both ways, and a message removed is removed everywhere.
 * None of it is a post, in a file or on the server. */
static void
test_messages (void)
{
  g_autoptr(PeilIncident) anna = new_file ("messages-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRumour) added = NULL;
  g_autoptr(PeilRumour) at_anna = NULL;
  g_autoptr(PeilRumour) at_bram = NULL;
  g_autoptr(PeilMessage) message = NULL;
  g_autoptr(PeilMessage) at_bram_message = NULL;
  g_autoptr(PeilMessage) untagged = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "IB-WAT", NULL };
  gint64 id;

  add_posts (anna, "m", 3);
  added = peil_incident_add_rumour (anna, "Er zit asbest in het drinkwater", 1764079200, &error);
  g_assert_no_error (error);
  publish (anna, "messages");
  bram = join ("messages", "messages-bram.peil", "Bram");

  id = peil_incident_add_message (anna, "press", "Het drinkwater is veilig.", 1764082800, tags, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (peil_incident_link_message_rumour (anna, id, peil_rumour_get_id (added), TRUE, &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);
  /* What came from the server is not queued to go back. */
  g_assert_cmpint (count_rows (bram, "SELECT count (*) FROM team_outbox"), ==, 0);

  at_bram_message = only_message (bram);
  g_assert_cmpstr (at_bram_message->channel, ==, "press");
  g_assert_cmpstr (at_bram_message->text, ==, "Het drinkwater is veilig.");
  g_assert_cmpint (at_bram_message->time, ==, 1764082800);
  g_assert_cmpstr (at_bram_message->analyst, ==, "Anna");
  g_assert_cmpstrv (at_bram_message->tags, tags);
  at_bram = only_rumour (bram);
  g_assert_cmpuint (at_bram_message->rumours->len, ==, 1);
  g_assert_cmpint (g_array_index (at_bram_message->rumours, gint64, 0), ==, peil_rumour_get_id (at_bram));

  /* Bram takes the tag off and makes the message the rumour's response. */
  g_assert_true (peil_incident_tag_message (bram, at_bram_message->id, "IB-WAT", FALSE, &error));
  g_assert_true (peil_incident_set_rumour_response_message (bram, peil_rumour_get_id (at_bram), at_bram_message->id, &error));
  g_assert_no_error (error);
  sync_file (bram);
  sync_file (anna);
  g_assert_cmpint (count_rows (anna, "SELECT count (*) FROM team_outbox"), ==, 0);
  untagged = only_message (anna);
  g_assert_cmpuint (g_strv_length (untagged->tags), ==, 0);
  g_assert_cmpuint (untagged->rumours->len, ==, 1);
  at_anna = only_rumour (anna);
  g_assert_cmpint (peil_rumour_get_response_message (at_anna), ==, id);

  /* The same message sent again (a retry under a new number) is one. */
  g_assert_true (peil_database_exec (anna->db, "INSERT INTO team_outbox (kind, detail, at)"
                                               " SELECT 'message', uuid, created_at FROM message", &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);
  g_assert_cmpuint (count_messages (bram), ==, 1);
  g_assert_cmpuint (count_messages (anna), ==, 1);

  /* Messages are never posts: not in a file, not on the server. */
  g_assert_cmpint (peil_incident_count_posts (anna), ==, 3);
  g_assert_cmpint (peil_incident_count_posts (bram), ==, 3);
  g_assert_cmpuint (count_server_events ("messages", "post"), ==, 3);

  message = only_message (anna);
  g_assert_true (peil_incident_remove_message (anna, message->id, &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);
  g_assert_cmpuint (count_messages (bram), ==, 0);
  g_clear_object (&at_bram);
  at_bram = only_rumour (bram);
  g_assert_cmpint (peil_rumour_get_response_message (at_bram), ==, 0);
  g_assert_cmpint (peil_incident_count_posts (bram), ==, 3);
  {
    g_autofree char *refused = refusals_of (bram);
    g_assert_cmpstr (refused, ==, "");
  }
}

/* A file made a replica before messages travelled sends the messages it
 * has, with their tags and rumours and the rumour's response, at its next
 * sync, and from then on queues them as a new replica does. */
static void
test_messages_older_file (void)
{
  g_autoptr(PeilIncident) anna = new_file ("messages-older-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilRumour) added = NULL;
  g_autoptr(PeilRumour) at_bram = NULL;
  g_autoptr(PeilMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "IB-WAT", NULL };
  gint64 id;

  added = peil_incident_add_rumour (anna, "De kraan lekt olie", 1764079200, &error);
  g_assert_no_error (error);
  publish (anna, "messages-older");
  bram = join ("messages-older", "messages-older-bram.peil", "Bram");
  g_assert_true (peil_database_exec (anna->db, "DROP TRIGGER team_message; DROP TRIGGER team_message_removed;"
                                               "DROP TRIGGER team_message_tag; DROP TRIGGER team_message_untag;"
                                               "DROP TRIGGER team_message_rumour; DROP TRIGGER team_message_unrumour;"
                                               "DROP TRIGGER team_response_message; DROP TRIGGER team_query_channel", &error));
  g_assert_no_error (error);

  id = peil_incident_add_message (anna, "x", "Er lekt geen olie.", 1764082800, tags, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_set_rumour_response_message (anna, peil_rumour_get_id (added), id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (anna, "SELECT count (*) FROM team_outbox"), ==, 0);
  sync_file (anna);
  sync_file (bram);

  message = only_message (bram);
  g_assert_cmpstr (message->text, ==, "Er lekt geen olie.");
  g_assert_cmpstrv (message->tags, tags);
  at_bram = only_rumour (bram);
  g_assert_cmpint (peil_rumour_get_response_message (at_bram), ==, message->id);
  g_assert_cmpuint (message->rumours->len, ==, 1);

  /* From then on the file queues as a new one does. */
  g_assert_true (peil_incident_remove_message (anna, id, &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);
  g_assert_cmpuint (count_messages (bram), ==, 0);
}

#define MESSAGE_UUID "0192f0a0-0000-7000-8000-0000000000aa"

/* A message's change from a peer that names a tag the file does not have,
 * or a channel Peil does not know, is passed over with a line in the log,
 * not a failed sync; a saved query's channel reaches the team. */
static void
test_message_changes_refused (void)
{
  g_autoptr(PeilIncident) anna = new_file ("message-refused-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(PeilQuery) at_bram = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(PeilMessage) message = NULL;
  g_autofree char *server_address = address (NULL);
  g_autofree char *refusals = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "IB-WAT", NULL };
  gint64 team_id;
  gint64 id;

  query = peil_incident_add_query (anna, "mastodon", "@gemeente", NULL, 600, &error);
  g_assert_no_error (error);
  id = peil_incident_add_message (anna, "website", "Sluit ramen en deuren.", 1764082800, tags, &error);
  g_assert_no_error (error);
  /* Known by this UUID, for the peer's changes below to name it. */
  g_assert_true (peil_database_exec (anna->db, "UPDATE message SET uuid = '" MESSAGE_UUID "'", &error));
  g_assert_no_error (error);
  publish (anna, "message-refused");
  bram = join ("message-refused", "message-refused-bram.peil", "Bram");
  g_assert_cmpuint (count_messages (bram), ==, 1);

  g_assert_true (peil_incident_set_query_channel (anna, peil_query_get_id (query), "mastodon", &error));
  g_assert_no_error (error);
  sync_file (anna);

  g_assert_true (json_parser_load_from_data (parser,
      "[{\"id\":1,\"kind\":\"message-tag\",\"at\":1,\"body\":{\"uuid\":\"" MESSAGE_UUID "\",\"tag\":\"NO-SUCH\"}},"
      " {\"id\":2,\"kind\":\"message\",\"at\":1,\"body\":{\"uuid\":\"0192f0a0-0000-7000-8000-000000000001\","
      "  \"channel\":\"pigeon\",\"text\":\"Koerduif\",\"time\":1764082800}},"
      " {\"id\":3,\"kind\":\"message-untag\",\"at\":1,\"body\":{\"uuid\":\"0192f0a0-0000-7000-8000-000000000002\",\"tag\":\"IB-WAT\"}},"
      " {\"id\":4,\"kind\":\"message-untag\",\"at\":1,\"body\":{\"uuid\":\"" MESSAGE_UUID "\",\"tag\":\"IB-WAT\"}}]",
      -1, &error));
  server = peil_team_server_connect (server_address, &error);
  g_assert_no_error (error);
  team_id = peil_team_server_find_incident (server, "message-refused", FALSE, &error);
  g_assert_true (peil_team_server_push (server, team_id, "a-hostile-peer",
                                        json_node_get_array (json_parser_get_root (parser)), &error));
  g_assert_no_error (error);
  sync_file (bram);

  refusals = refusals_of (bram);
  g_assert_nonnull (strstr (refusals, "NO-SUCH"));
  /* The unknown tag, the message of an unknown channel, the untag of a
   * message nobody has. */
  lines = g_strsplit (refusals, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* and the empty rest */
  g_assert_cmpuint (count_messages (bram), ==, 1);
  /* The last change named a message and tag the file has: applied. */
  message = only_message (bram);
  g_assert_cmpuint (g_strv_length (message->tags), ==, 0);

  queries = peil_incident_list_queries (bram, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queries->len, ==, 1);
  g_assert_cmpstr (peil_query_get_channel (g_ptr_array_index (queries, 0)), ==, "mastodon");
  g_assert_cmpint (id, >, 0);
}

/* A replica copied while a note waits to be pushed: both files push it,
 * and it stays one note in every file, as the note is known by its own
 * UUID wherever it goes. */
static void
test_copied_waiting_note (void)
{
  g_autoptr(PeilIncident) anna = new_file ("waiting-note-anna.peil", "Anna");
  g_autoptr(PeilIncident) copy = NULL;
  g_autoptr(PeilIncident) bram = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  add_posts (anna, "n", 2);
  publish (anna, "waiting-note");
  add_note (anna, "n1", "Teruggebeld");
  copy = copy_closed (&anna, "waiting-note-copy.peil", "Anna");
  peil_incident_set_analyst (copy, "Anna thuis");

  sync_file (anna);
  sync_file (copy);
  sync_file (anna);
  bram = join ("waiting-note", "waiting-note-bram.peil", "Bram");

  g_assert_cmpuint (count_notes (anna, "n1"), ==, 1);
  g_assert_cmpuint (count_notes (copy, "n1"), ==, 1);
  g_assert_cmpuint (count_notes (bram, "n1"), ==, 1);
  a = dump (anna);
  b = dump (bram);
  c = dump (copy);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (c, ==, b);
}

/* A push the server took, but whose answer never came back (the network
 * dropped it): the changes stay queued. The analyst edits the query that
 * found a post before the retry, which sends that post's query as it is
 * now. Still the same changes: pushed once, the file keeps its name. */
static void
test_retry_after_query_edit (void)
{
  g_autoptr(PeilIncident) anna = new_file ("retry-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_hash_table_insert (options, g_strdup ("url"), g_strdup ("http://127.0.0.1:9/nieuws.xml"));
  query = peil_incident_add_query (anna, "rss", "kraan", options, 300, &error);
  g_assert_no_error (error);
  add_posts (anna, "r", 1);
  publish (anna, "retry");
  replica = peil_replica_new (anna, &error);
  name = g_strdup (peil_replica_get_id (replica));

  add_found (anna, peil_query_get_id (query), "gevonden", "2026-11-25T15:00:00Z", "De kraan is weg");
  add_note (anna, "gevonden", "Bellen met de aannemer");
  g_assert_true (peil_database_exec (anna->db, "CREATE TABLE sent AS SELECT * FROM team_outbox", &error));
  sync_file (anna);
  /* As if the push's answer was lost: what was sent is queued again. */
  g_assert_true (peil_database_exec (anna->db, "INSERT INTO team_outbox SELECT * FROM sent; DROP TABLE sent", &error));
  g_assert_no_error (error);
  g_assert_true (peil_incident_update_query (anna, peil_query_get_id (query), "kraan OR hijskraan", options, 300, &error));
  g_assert_no_error (error);

  g_assert_true (peil_replica_sync (replica, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (peil_replica_get_id (replica), ==, name);
  g_assert_cmpuint (count_server_events ("retry", "note"), ==, 1);
  g_assert_cmpuint (count_server_events ("retry", "post-query"), ==, 1);
  bram = join ("retry", "retry-bram.peil", "Bram");
  g_assert_cmpuint (count_notes (bram, "gevonden"), ==, 1);
  g_assert_cmpuint (count_notes (anna, "gevonden"), ==, 1);
}

/* Writes @from over @to in place, as `cp` does: the same file (device
 * and inode), its contents back as they were. */
static void
restore_in_place (const char *from,
                  const char *to)
{
  const char *argv[] = { "cp", from, to, NULL };
  g_autoptr(GError) error = NULL;
  GStatBuf before, after;
  int status = -1;

  g_assert_cmpint (g_stat (to, &before), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (g_stat (to, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);
  g_assert_cmpuint (before.st_dev, ==, after.st_dev);
}

/* An analyst restores a backup of their replica over the file itself.
 * The team still has what the file did after the backup; the next sync
 * brings it back, and what is done after the restore reaches the team
 * beside it, nothing lost and nothing twice. @data: how many notes are
 * written after the restore, before the first sync: fewer changes than
 * the file made after the backup, or more (offline for long). */
static void
test_restored_in_place (gconstpointer data)
{
  guint written = GPOINTER_TO_UINT (data);
  g_autofree char *name = g_strdup_printf ("restored-%u", written);
  g_autofree char *anna_name = g_strconcat (name, "-anna.peil", NULL);
  g_autofree char *bram_name = g_strconcat (name, "-bram.peil", NULL);
  g_autofree char *backup_name = g_strconcat (name, "-backup.peil", NULL);
  g_autoptr(PeilIncident) anna = new_file (anna_name, "Anna");
  g_autoptr(PeilIncident) backup = NULL;
  g_autoptr(PeilIncident) bram = NULL;
  g_autofree char *path = NULL, *backup_path = peil_test_tmp_path (backup_name);
  g_autofree char *a = NULL, *b = NULL;

  add_posts (anna, "b", 3);
  publish (anna, name);
  bram = join (name, bram_name, "Bram");
  add_note (anna, "b0", "Voor de back-up");
  sync_file (anna);
  tag (anna, "b0", "IB-DOEN");   /* waits in the backup; pushed after it */
  backup = copy_closed (&anna, backup_name, "Anna");
  g_clear_object (&backup);

  /* After the backup: a note, a phone question, a tag, all pushed, and
   * the tag that waited taken off again. */
  add_note (anna, "b1", "Na de back-up");
  peil_test_add_post (anna, "phone", "na-de-back-up", NULL, NULL, "Een vraag na de back-up");
  tag (anna, "b2", "IB-WAT");
  sync_file (anna);
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (peil_incident_untag_post (anna, post_id (anna, "b0"), "IB-DOEN", &error));
    g_assert_no_error (error);
  }
  sync_file (anna);
  add_note (bram, "b1", "Van Bram");
  sync_file (bram);

  /* The backup back over the file, with the file closed. */
  path = g_strdup (g_file_peek_path (peil_incident_get_file (anna)));
  g_clear_object (&anna);
  restore_in_place (backup_path, path);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    anna = peil_incident_open (file, &error);
    g_assert_no_error (error);
    peil_incident_set_analyst (anna, "Anna");
  }
  g_assert_cmpuint (count_notes (anna, "b1"), ==, 0);

  /* Work done after the restore, before the first sync. */
  add_note (anna, "b1", "Na het terugzetten");
  for (guint i = 1; i < written; i++)
    {
      g_autofree char *text = g_strdup_printf ("Nog een, %u", i);

      add_note (anna, "b0", text);
    }
  sync_file (anna);
  sync_file (bram);

  g_assert_cmpuint (count_notes (anna, "b0"), ==, written);
  g_assert_cmpuint (count_notes (anna, "b1"), ==, 3);
  g_assert_cmpuint (count_notes (bram, "b1"), ==, 3);
  g_assert_cmpuint (count_notes (bram, "b0"), ==, written);
  a = dump (anna);
  b = dump (bram);
  g_assert_nonnull (strstr (a, "note(Anna: Na de back-up)"));
  g_assert_nonnull (strstr (a, "note(Anna: Na het terugzetten)"));
  g_assert_nonnull (strstr (a, "Een vraag na de back-up"));
  g_assert_nonnull (strstr (a, "IB-WAT/Anna"));
  g_assert_null (strstr (a, "IB-DOEN"));
  g_assert_cmpstr (a, ==, b);

  /* And the restored file goes on as any other. */
  add_note (anna, "b2", "Later");
  sync_file (anna);
  sync_file (bram);
  g_assert_cmpuint (count_notes (bram, "b2"), ==, 1);
}

/* The server goes away: tagging goes on, the changes wait in the file and
 * say so, and the first sync after the server is back delivers them. */
static void
test_offline_then_back (void)
{
  g_autoptr(PeilIncident) anna = new_file ("offline-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;

  add_posts (anna, "o", 5);
  publish (anna, "offline");
  bram = join ("offline", "offline-bram.peil", "Bram");
  replica = peil_replica_new (anna, NULL);
  g_assert_true (peil_replica_sync (replica, NULL, &error));

  peil_test_postgres_pause (postgres);
  tag (anna, "o1", "BG-ANGST");
  tag (anna, "o2", "IB-WAT");
  g_assert_false (peil_replica_sync (replica, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_OFFLINE);
  g_assert_cmpint (peil_replica_get_state (replica), ==, PEIL_REPLICA_OFFLINE);
  g_assert_cmpint (peil_replica_count_waiting (replica, NULL), ==, 2);
  g_clear_error (&error);

  peil_test_postgres_resume (postgres);
  g_assert_true (peil_replica_sync (replica, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (peil_replica_count_waiting (replica, NULL), ==, 0);
  sync_file (bram);
  a = dump (anna);
  b = dump (bram);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (b, "BG-ANGST/Anna"));
}

/* A server restarted between two syncs leaves the replica a connection
 * that fails at its first use; one sync (one click in the window) still
 * goes through, on a new connection. */
static void
test_restart_between_syncs (void)
{
  g_autoptr(PeilIncident) anna = new_file ("restart-anna.peil", "Anna");
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GError) error = NULL;

  add_posts (anna, "r", 2);
  publish (anna, "restart");
  replica = peil_replica_new (anna, NULL);
  g_assert_true (peil_replica_sync (replica, NULL, &error));

  peil_test_postgres_pause (postgres);
  peil_test_postgres_resume (postgres);
  tag (anna, "r1", "IB-WAT");
  g_assert_true (peil_replica_sync (replica, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (peil_replica_count_waiting (replica, NULL), ==, 0);
}

/* A paused server (its processes stopped) takes connections and answers
 * nothing. The tests that pause it give each call 2 s, and let the server
 * go on in their teardown, as the test helper also does should a failed
 * assertion abort. */
typedef struct
{
  PeilTestPostgres *server;
} Paused;

static void
set_short_deadline (Paused        *paused,
                    gconstpointer  data)
{
  paused->server = postgres;
  g_setenv ("PEIL_TEAM_TIMEOUT", "2", TRUE);
}

static void
thaw_server (Paused        *paused,
             gconstpointer  data)
{
  peil_test_postgres_thaw (paused->server);
  g_unsetenv ("PEIL_TEAM_TIMEOUT");
}

/* Asserts that @elapsed (microseconds) is within the 2 s deadline and its
 * slack, far below the minutes libpq would have waited. */
#define assert_gave_up_in_time(elapsed) g_assert_cmpint ((elapsed), <, 5 * G_USEC_PER_SEC)

/* A sync with a paused server gives up after the deadline, says the
 * server is offline, keeps every change waiting, and a sync after the
 * server goes on delivers them. */
static void
test_paused_server_sync (Paused        *paused,
                         gconstpointer  data)
{
  g_autoptr(PeilIncident) anna = new_file ("paused-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *b = NULL;
  gint64 start;

  add_posts (anna, "p", 3);
  publish (anna, "paused");
  bram = join ("paused", "paused-bram.peil", "Bram");
  replica = peil_replica_new (anna, NULL);
  g_assert_true (peil_replica_sync (replica, NULL, &error));   /* connected */
  path = g_strdup (g_file_peek_path (peil_incident_get_file (anna)));

  peil_test_postgres_freeze (paused->server);
  tag (anna, "p1", "BG-ANGST");
  tag (anna, "p2", "IB-WAT");
  start = g_get_monotonic_time ();
  g_assert_false (peil_replica_sync (replica, NULL, &error));
  assert_gave_up_in_time (g_get_monotonic_time () - start);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_OFFLINE);
  g_assert_cmpstr (error->message, ==, "The team server did not answer within 2 s");
  g_assert_cmpint (peil_replica_get_state (replica), ==, PEIL_REPLICA_OFFLINE);
  g_assert_cmpint (peil_replica_count_waiting (replica, NULL), ==, 2);
  g_clear_error (&error);

  /* A new connection to it gives up as soon, here and in peil-cli. */
  start = g_get_monotonic_time ();
  g_assert_false (peil_replica_sync (replica, NULL, &error));
  assert_gave_up_in_time (g_get_monotonic_time () - start);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_OFFLINE);
  g_clear_error (&error);
  {
    g_auto(PeilTestRun) run = { 0 };

    start = g_get_monotonic_time ();
    run = peil_test_cli ("team", "sync", path, NULL);
    assert_gave_up_in_time (g_get_monotonic_time () - start);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "team server"));
  }
  g_assert_cmpint (peil_replica_count_waiting (replica, NULL), ==, 2);

  peil_test_postgres_thaw (paused->server);
  g_assert_true (peil_replica_sync (replica, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (peil_replica_count_waiting (replica, NULL), ==, 0);
  sync_file (bram);
  b = dump (bram);
  g_assert_nonnull (strstr (b, "BG-ANGST/Anna"));
  g_assert_nonnull (strstr (b, "IB-WAT/Anna"));
}

static gboolean
give_up (gpointer user_data)
{
  g_error ("%s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

/* A replica that follows a server that pauses goes offline after the
 * deadline instead of syncing for good, and delivers what waited once the
 * server goes on, without being asked. */
static void
test_paused_server_follow (Paused        *paused,
                           gconstpointer  data)
{
  g_autoptr(PeilIncident) anna = new_file ("paused-follow-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) follower = NULL;
  g_autofree char *b = NULL;
  guint timeout;

  add_posts (anna, "f", 2);
  publish (anna, "paused-follow");
  bram = join ("paused-follow", "paused-follow-bram.peil", "Bram");
  follower = peil_replica_new (anna, NULL);
  peil_replica_follow (follower);
  timeout = g_timeout_add_seconds (20, give_up, (gpointer)"The replica did not go online within 20 s");
  while (peil_replica_get_state (follower) != PEIL_REPLICA_ONLINE)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  peil_test_postgres_freeze (paused->server);
  tag (anna, "f1", "SB-HULPVRAAG");
  timeout = g_timeout_add_seconds (8, give_up, (gpointer)"The replica kept syncing with a paused server for 8 s");
  while (peil_replica_get_state (follower) != PEIL_REPLICA_OFFLINE)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_assert_cmpint (peil_replica_count_waiting (follower, NULL), ==, 1);

  peil_test_postgres_thaw (paused->server);
  timeout = g_timeout_add_seconds (30, give_up, (gpointer)"The waiting tag was not pushed within 30 s of the server going on");
  while (peil_replica_count_waiting (follower, NULL) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  peil_replica_stop (follower);
  sync_file (bram);
  b = dump (bram);
  g_assert_nonnull (strstr (b, "SB-HULPVRAAG/Anna"));
}

/* A role whose access is revoked is refused with a message that names it,
 * and what it made meanwhile stays in its file. */
/* Setting up the server at @address is refused, with a message that
 * names @role and quotes no libpq prefix; returns the connection. */
static PeilTeamServer *
assert_set_up_denied (const char *address,
                      const char *role)
{
  g_autoptr(PeilTeamServer) server = peil_team_server_connect (address, NULL);
  g_autofree char *quoted = g_strdup_printf ("“%s”", role);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (server);
  g_assert_false (peil_team_server_set_up (server, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, quoted));
  g_assert_null (strstr (error->message, "shift lead"));
  g_assert_null (strstr (error->message, "ERROR:"));
  return g_steal_pointer (&server);
}

/* Setting a server up takes a role that may make schemas, and the
 * message says so rather than sending the analyst to the shift lead. */
static void
test_init_needs_owner (void)
{
  g_autofree char *in_use = address ("beheer");
  g_autofree char *empty_db = g_strdup_printf ("%s dbname=leeg", in_use);   /* the last dbname counts */
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(GError) error = NULL;

  peil_test_postgres_sql (postgres, "DROP ROLE IF EXISTS beheer; CREATE ROLE beheer LOGIN");
  peil_test_postgres_sql (postgres, "CREATE DATABASE leeg");

  /* A catalog made by another role: only that role brings it up to date. */
  g_object_unref (assert_set_up_denied (in_use, "peil"));
  /* No catalog, and no right to make one. */
  server = assert_set_up_denied (empty_db, "beheer");

  /* Given that right, the same role sets the server up. */
  peil_test_postgres_sql (postgres, "GRANT CREATE ON DATABASE leeg TO beheer");
  g_assert_true (peil_team_server_set_up (server, &error));
  g_assert_no_error (error);
}

static void
test_revoked_role (void)
{
  g_autoptr(PeilIncident) lead = new_file ("revoke-lead.peil", "Lead");
  g_autoptr(PeilIncident) guest = NULL;
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lead_address = address (NULL);
  g_autofree char *guest_address = address ("gast");
  g_autofree char *path = peil_test_tmp_path ("revoke-guest.peil");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  peil_test_postgres_sql (postgres, "DROP ROLE IF EXISTS gast; CREATE ROLE gast LOGIN");
  add_posts (lead, "r", 2);
  publish (lead, "revoke");
  server = peil_team_server_connect (lead_address, &error);

  /* Not granted yet: not let in. */
  g_unlink (path);
  g_assert_null (peil_replica_join (guest_address, "revoke", file, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "gast"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));   /* no empty file left behind */
  g_clear_error (&error);

  /* PUBLIC is every role on the server, not an analyst's. */
  g_assert_false (peil_team_server_grant (server, "revoke", "PUBLIC", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (peil_team_server_grant (server, "revoke", "gast", &error));
  guest = peil_replica_join (guest_address, "revoke", file, NULL, &error);
  g_assert_no_error (error);
  peil_incident_set_analyst (guest, "Gast");
  tag (guest, "r0", "IB-WAT");
  sync_file (guest);

  g_assert_true (peil_team_server_revoke (server, "revoke", "gast", &error));
  tag (guest, "r1", "IB-WAT");
  replica = peil_replica_new (guest, NULL);
  g_assert_false (peil_replica_sync (replica, NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DENIED);
  g_assert_cmpint (peil_replica_count_waiting (replica, NULL), ==, 1);
}

/* An analyst's role adds changes to the log and nothing else: the server
 * numbers them and says who pushed them, and a replica's name is the
 * role's that first pushed under it. Letting others in is the owner's. */
static void
test_event_columns_guarded (void)
{
  g_autoptr(PeilIncident) lead = new_file ("guard-lead.peil", "Lead");
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(PeilTeamServer) as_guest = NULL;
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lead_address = address (NULL);
  g_autofree char *guest_address = address ("schrijver");
  g_autofree char *sql = NULL, *failed = NULL, *row = NULL, *last = NULL;
  gint64 team_id;

  peil_test_postgres_sql (postgres, "DROP ROLE IF EXISTS schrijver; CREATE ROLE schrijver LOGIN;"
                                    "DROP ROLE IF EXISTS derde; CREATE ROLE derde LOGIN");
  add_posts (lead, "s", 1);
  publish (lead, "guard");
  replica = peil_replica_new (lead, NULL);
  server = peil_team_server_connect (lead_address, &error);
  team_id = peil_team_server_find_incident (server, "guard", FALSE, &error);
  g_assert_true (peil_team_server_grant (server, "guard", "schrijver", &error));
  g_assert_no_error (error);

  /* The number and the role are the server's to give. */
  sql = g_strdup_printf ("INSERT INTO peil_incident_%" G_GINT64_FORMAT ".event (seq, origin, origin_id, kind, role, at, body)"
                         " VALUES (1000000, 'eigen', 1, 'handover', 'peil', 1, '{\"text\":\"x\"}')", team_id);
  failed = sql_as ("schrijver", NULL, sql, NULL);
  g_assert_nonnull (failed);
  g_assert_nonnull (strstr (failed, "permission denied"));
  g_clear_pointer (&failed, g_free);
  g_free (sql);

  /* Another analyst's replica is not the role's to push as. */
  sql = g_strdup_printf ("INSERT INTO peil_incident_%" G_GINT64_FORMAT ".event (origin, origin_id, kind, at, body)"
                         " VALUES ('%s', 1000000, 'handover', 1, '{\"text\":\"x\"}')",
                         team_id, peil_replica_get_id (replica));
  failed = sql_as ("schrijver", NULL, sql, NULL);
  g_assert_nonnull (failed);
  g_assert_nonnull (strstr (failed, "schrijver"));
  g_clear_pointer (&failed, g_free);
  g_free (sql);

  /* Its own replica, numbered after the rest (a refused change may have
   * used up a number), as itself. */
  sql = g_strdup_printf ("SELECT coalesce (max (seq), 0) FROM peil_incident_%" G_GINT64_FORMAT ".event", team_id);
  g_assert_null (sql_as (NULL, NULL, sql, &last));
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO peil_incident_%" G_GINT64_FORMAT ".event (origin, origin_id, kind, at, body)"
                         " VALUES ('eigen', 1, 'handover', 1, '{\"text\":\"x\"}')"
                         " RETURNING role || ' ' || (seq > %s)::text", team_id, last);
  failed = sql_as ("schrijver", NULL, sql, &row);
  g_assert_null (failed);
  g_assert_cmpstr (row, ==, "schrijver true");

  /* A role that does not own the incident lets nobody in, and says so. */
  as_guest = peil_team_server_connect (guest_address, &error);
  g_assert_no_error (error);
  g_assert_false (peil_team_server_grant (as_guest, "guard", "derde", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "guard"));
  g_clear_error (&error);
  g_assert_false (peil_team_server_revoke (as_guest, "guard", "schrijver", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_DENIED);
}

/* A change the server holds that no replica would send (a broken or
 * hostile peer) is passed over and logged; the rest arrives. */
static void
test_hostile_changes (void)
{
  g_autoptr(PeilIncident) anna = new_file ("hostile-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *server_address = address (NULL);
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;
  gint64 team_id;
  guint refused = 0;

  add_posts (anna, "h", 2);
  publish (anna, "hostile");
  server = peil_team_server_connect (server_address, NULL);
  team_id = peil_team_server_find_incident (server, "hostile", FALSE, NULL);

  g_assert_true (json_parser_load_from_data (parser,
      "[{\"id\":1,\"kind\":\"tag\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"h0\",\"tag\":\"NO-SUCH\"}},"
      " {\"id\":2,\"kind\":\"tag\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"nowhere\",\"tag\":\"IB-WAT\"}},"
      " {\"id\":3,\"kind\":\"post\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"evil\",\"post\":{\"source\":\"\"}}},"
      " {\"id\":4,\"kind\":\"post\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"evil2\",\"post\":[1]}},"
      " {\"id\":5,\"kind\":\"explode\",\"at\":1,\"body\":{}},"
      " {\"id\":6,\"kind\":\"note\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"h1\",\"text\":7}},"
      " {\"id\":7,\"kind\":\"tag\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"h1\",\"tag\":\"IB-WAT\",\"analyst\":\"Eva\"}},"
      " {\"id\":8,\"kind\":\"tag-def\",\"at\":1,\"body\":{\"code\":\"\",\"dimension\":\"IB\",\"label_nl\":\"Leeg\"}},"
      " {\"id\":9,\"kind\":\"tag-def\",\"at\":1,\"body\":{\"code\":\"RUMOUR-EVIL\",\"dimension\":\"RUMOUR\",\"label_nl\":\"Kwaad\"}},"
      " {\"id\":10,\"kind\":\"tag\",\"at\":9223372036854775807,\"body\":{\"source\":5,\"remote_id\":[1],\"tag\":{},\"analyst\":7}},"
      " {\"id\":11,\"kind\":\"section\",\"at\":1,\"body\":{\"number\":\"1\",\"section\":\"IB\",\"text\":5,\"base\":0}},"
      " {\"id\":12,\"kind\":\"rumour\",\"at\":1,\"body\":{\"claim\":\"x\",\"status\":\"evil\"}},"
      " {\"id\":13,\"kind\":\"query\",\"at\":1,\"body\":{\"source\":true,\"options\":{}}},"
      " {\"id\":14,\"kind\":\"post-query\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"h0\",\"query\":\"kraan\"}},"
      " {\"id\":15,\"kind\":\"example-link\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"h0\",\"number\":7,\"section\":\"IB\"}},"
      " {\"id\":16,\"kind\":\"example-unlink\",\"at\":1,\"body\":{\"source\":\"x\",\"remote_id\":\"h0\",\"number\":1,\"section\":[]}},"
      /* An exercise's inject in a real incident, which refuses it. */
      " {\"id\":17,\"kind\":\"post\",\"at\":1,\"body\":{\"source\":\"scenario\",\"remote_id\":\"K1\","
      "  \"post\":{\"peil\":1,\"source\":\"scenario\",\"id\":\"K1\",\"text\":\"Kraan om\"}}}]",
      -1, &error));
  g_assert_true (peil_team_server_push (server, team_id, "a-hostile-peer",
                                        json_node_get_array (json_parser_get_root (parser)), &error));
  g_assert_no_error (error);

  bram = join ("hostile", "hostile-bram.peil", "Bram");
  joined = dump (bram);
  g_assert_nonnull (strstr (joined, "IB-WAT/Eva"));
  events = peil_incident_list_events (bram, 0, &error);
  for (guint i = 0; i < events->len; i++)
    refused += g_str_equal (((PeilEvent *)g_ptr_array_index (events, i))->action, "team-refused");
  g_assert_cmpuint (refused, ==, 16);
  g_assert_null (strstr (joined, "Kraan om"));
  g_assert_null (peil_taxonomy_lookup_tag (peil_incident_get_taxonomy (bram), "RUMOUR-EVIL"));
  g_assert_null (peil_taxonomy_lookup_tag (peil_incident_get_taxonomy (bram), ""));

  /* A note of megabytes from a peer is not a note. */
  {
    g_autoptr(JsonArray) huge = json_array_new ();
    JsonObject *event = json_object_new ();
    JsonObject *body = json_object_new ();
    g_autofree char *text = g_strnfill (5 * 1024 * 1024, 'a');

    json_object_set_string_member (body, "source", "x");
    json_object_set_string_member (body, "remote_id", "h1");
    json_object_set_string_member (body, "analyst", "Eva");
    json_object_set_string_member (body, "text", text);
    json_object_set_int_member (event, "id", 100);
    json_object_set_string_member (event, "kind", "note");
    json_object_set_int_member (event, "at", 1);
    json_object_set_object_member (event, "body", body);
    json_array_add_object_element (huge, event);
    g_assert_true (peil_team_server_push (server, team_id, "a-hostile-peer", huge, &error));
    g_assert_no_error (error);
    sync_file (bram);
    g_assert_cmpuint (count_notes (bram, "h1"), ==, 0);
  }

  /* Changes of megabytes come a few at a time, not all in one answer. */
  {
    g_autoptr(JsonArray) huge = json_array_new ();
    g_autoptr(GPtrArray) page = NULL;
    g_autoptr(PeilReplica) bram_replica = NULL;
    g_autofree char *text = g_strnfill (5 * 1024 * 1024, 'b');
    gint64 before = peil_team_server_last_seq (server, team_id, NULL);

    for (guint i = 0; i < 4; i++)
      {
        JsonObject *event = json_object_new ();
        JsonObject *body = json_object_new ();

        json_object_set_string_member (body, "source", "x");
        json_object_set_string_member (body, "remote_id", "h1");
        json_object_set_string_member (body, "text", text);
        json_object_set_int_member (event, "id", 200 + i);
        json_object_set_string_member (event, "kind", "note");
        json_object_set_int_member (event, "at", 1);
        json_object_set_object_member (event, "body", body);
        json_array_add_object_element (huge, event);
      }
    g_assert_true (peil_team_server_push (server, team_id, "a-hostile-peer", huge, &error));
    g_assert_no_error (error);
    page = peil_team_server_pull (server, team_id, before, 1000, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, >=, 1);
    g_assert_cmpuint (page->len, <, 4);
    sync_file (bram);   /* page after page, to the end */
    bram_replica = peil_replica_new (bram, NULL);
    g_assert_cmpint (peil_replica_get_last_seq (bram_replica), ==, peil_team_server_last_seq (server, team_id, NULL));
  }
}

/* A post that says it was made in the future (a wrong clock, or a peer
 * that wants its post on top of every list) takes the time the server
 * received it, in every replica and in what the server hands out. */
static void
test_post_from_the_future (void)
{
  g_autoptr(PeilIncident) anna = new_file ("future-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(PeilPost) post = peil_post_new ("x", "toekomst");
  g_autoptr(JsonArray) events = json_array_new ();
  g_autoptr(JsonNode) line = NULL;
  g_autoptr(PeilPost) arrived = NULL;
  g_autofree char *server_address = address (NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *event = json_object_new ();
  JsonObject *body = json_object_new ();
  gint64 future = 4102444800;   /* 2100-01-01 */
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 team_id;

  add_posts (anna, "t", 1);
  publish (anna, "future");
  server = peil_team_server_connect (server_address, NULL);
  team_id = peil_team_server_find_incident (server, "future", FALSE, NULL);

  peil_post_set_created_at (post, future);
  peil_post_set_text (post, "Altijd bovenaan");
  line = peil_post_to_json (post, NULL);
  json_object_set_string_member (body, "source", "x");
  json_object_set_string_member (body, "remote_id", "toekomst");
  json_object_set_int_member (body, "created_at", future);
  json_object_set_object_member (body, "post", json_object_ref (json_node_get_object (line)));
  json_object_set_int_member (event, "id", 1);
  json_object_set_string_member (event, "kind", "post");
  json_object_set_int_member (event, "at", future);
  json_object_set_object_member (event, "body", body);
  json_array_add_object_element (events, event);
  g_assert_true (peil_team_server_push (server, team_id, "a-peer-from-the-future", events, &error));
  g_assert_no_error (error);

  bram = join ("future", "future-bram.peil", "Bram");
  arrived = peil_test_find_post (bram, "toekomst");
  g_assert_nonnull (arrived);
  g_assert_cmpint (peil_post_get_created_at (arrived), >=, before);
  g_assert_cmpint (peil_post_get_created_at (arrived), <=, g_get_real_time () / G_USEC_PER_SEC);

  /* The server hands out the newest post first: not this one for good. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT created_at <= extract (epoch FROM now ()) FROM peil_incident_%"
                                            G_GINT64_FORMAT ".post WHERE remote_id = 'toekomst'", team_id);
    g_autofree char *clamped = NULL;

    g_assert_null (sql_as (NULL, NULL, sql, &clamped));
    g_assert_cmpstr (clamped, ==, "t");
  }
}

/* A sync killed in the middle of pushing: the next one delivers every
 * change exactly once. */
static void
test_killed_mid_push (void)
{
  g_autoptr(PeilIncident) anna = new_file ("killed-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autofree char *path = g_strdup (g_file_peek_path (peil_incident_get_file (anna)));
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PEIL_CLI");

  add_posts (anna, "k", 1);
  publish (anna, "killed");
  bram = join ("killed", "killed-bram.peil", "Bram");
  add_posts (anna, "m", 3000);           /* three batches and more */

  /* Killed early, later and later: before, during and between batches. */
  for (guint delay = 40; delay <= 360; delay *= 3)
    {
      g_autoptr(GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                                       cli, "team", "sync", path, NULL);
      g_assert_no_error (error);
      g_usleep (delay * 1000);
      g_subprocess_force_exit (child);   /* SIGKILL */
      g_subprocess_wait (child, NULL, NULL);
    }

  sync_file (anna);
  sync_file (bram);
  a = dump (anna);
  b = dump (bram);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpint (peil_incident_count_posts (bram), ==, 3001);
}

/* A publish cut off (the laptop closed, Ctrl+C) is finished by a sync,
 * and publishing again says so instead of only refusing. */
static void
test_publish_cut_off (void)
{
  g_autoptr(PeilIncident) anna = new_file ("cut-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *path = g_strdup (g_file_peek_path (peil_incident_get_file (anna)));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *server = address (NULL);
  g_autoptr(GError) error = NULL;

  add_posts (anna, "c", 3000);
  g_clear_object (&anna);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            g_getenv ("PEIL_CLI"), "team", "publish", path, server, "--incident", "cut", NULL);
  g_assert_no_error (error);
  /* Until the file is linked, a kill leaves it as it was: publish again. */
  anna = peil_incident_open (file, &error);
  g_assert_no_error (error);
  while (!peil_incident_is_replica (anna))
    {
      g_assert_nonnull (g_subprocess_get_identifier (child));
      g_usleep (5000);
    }
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);

  g_assert_false (peil_replica_publish (anna, server, "cut", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "sync"));
  g_clear_error (&error);

  sync_file (anna);
  bram = join ("cut", "cut-bram.peil", "Bram");
  g_assert_cmpint (peil_incident_count_posts (bram), ==, 3000);
}

/* A change made elsewhere is logged at the time it was made, not when it
 * arrived: every replica's log tells the same times. */
static void
test_log_keeps_origin_time (void)
{
  g_autoptr(PeilIncident) anna = new_file ("origin-time-anna.peil", "Anna");
  g_autoptr(PeilTeamServer) server = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *server_address = address (NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  gint64 made = g_get_real_time () / G_USEC_PER_SEC - 3600;
  guint seen = 0;

  add_posts (anna, "o", 1);
  publish (anna, "origin-time");
  server = peil_team_server_connect (server_address, NULL);
  /* Bram tagged, noted and untagged an hour ago, offline; and one peer's
   * clock is ahead: a time to come is taken as now. */
  json = g_strdup_printf (
      "[{\"id\":1,\"kind\":\"tag\",\"at\":%1$" G_GINT64_FORMAT ",\"body\":{\"source\":\"x\",\"remote_id\":\"o0\",\"tag\":\"IB-WAT\",\"analyst\":\"Bram\"}},"
      " {\"id\":2,\"kind\":\"note\",\"at\":%1$" G_GINT64_FORMAT ",\"body\":{\"source\":\"x\",\"remote_id\":\"o0\",\"text\":\"Gebeld\",\"analyst\":\"Bram\"}},"
      " {\"id\":3,\"kind\":\"untag\",\"at\":%1$" G_GINT64_FORMAT ",\"body\":{\"source\":\"x\",\"remote_id\":\"o0\",\"tag\":\"IB-WAT\",\"analyst\":\"Bram\"}},"
      " {\"id\":4,\"kind\":\"tag\",\"at\":%2$" G_GINT64_FORMAT ",\"body\":{\"source\":\"x\",\"remote_id\":\"o0\",\"tag\":\"IB-HULP\",\"analyst\":\"Eva\"}},"
      " {\"id\":5,\"kind\":\"rumour\",\"at\":%1$" G_GINT64_FORMAT ",\"body\":{\"claim\":\"Er is asbest vrijgekomen\",\"status\":\"unverified\",\"analyst\":\"Cor\"}},"
      " {\"id\":6,\"kind\":\"rumour-link\",\"at\":%1$" G_GINT64_FORMAT ",\"body\":{\"claim\":\"Er is asbest vrijgekomen\",\"source\":\"x\",\"remote_id\":\"o0\",\"analyst\":\"Bram\"}}]",
      made, made + 10 * 24 * 3600);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_true (peil_team_server_push (server, peil_team_server_find_incident (server, "origin-time", FALSE, NULL),
                                        "bram-replica", json_node_get_array (json_parser_get_root (parser)), &error));
  g_assert_no_error (error);

  sync_file (anna);
  events = peil_incident_list_events (anna, 0, &error);
  for (guint i = 0; i < events->len; i++)
    {
      PeilEvent *event = g_ptr_array_index (events, i);
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      if (g_strcmp0 (event->analyst, "Bram") == 0)
        {
          g_assert_cmpint (event->time, ==, made);
          seen++;
        }
      else if (g_strcmp0 (event->analyst, "Eva") == 0)
        {
          g_assert_cmpint (event->time, <=, now);
          g_assert_cmpint (event->time, >=, now - 60);
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 5);   /* Bram's tag, note, untag and rumour link; Eva's tag */
}

static void
serve_feed (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  g_autofree char *fixture = peil_test_fixture ("feeds/nieuws.xml");
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (fixture, &contents, &length, NULL));
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_COPY, contents, length);
}

/* peil-cli gather --follow on a replica hands what it gathers to the
 * team as it comes, without a sync of its own being run. */
static void
test_gather_follow_shares (void)
{
  g_autoptr(PeilIncident) anna = new_file ("gather-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GSubprocess) gather = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = peil_test_serve (serve_feed);
  g_autofree char *path = g_strdup (g_file_peek_path (peil_incident_get_file (anna)));
  gint64 deadline;

  add_posts (anna, "g", 1);
  g_hash_table_insert (options, g_strdup ("url"), g_strconcat (base, "nieuws.xml", NULL));
  query = peil_incident_add_query (anna, "rss", "", options, 60, &error);
  g_assert_no_error (error);
  publish (anna, "gather");
  bram = join ("gather", "gather-bram.peil", "Bram");
  g_assert_cmpint (peil_incident_count_posts (bram), ==, 1);

  gather = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             g_getenv ("PEIL_CLI"), "gather", path, "--follow", NULL);
  g_assert_no_error (error);
  for (deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC; peil_incident_count_posts (bram) <= 1;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
      sync_file (bram);
    }
  g_subprocess_send_signal (gather, SIGTERM);
  g_assert_true (g_subprocess_wait_check (gather, NULL, &error));
  g_assert_no_error (error);
}

/* Saved queries are the team's; one replica runs a query at a time, the
 * others skip it while its lease lasts and receive its posts. */
static void
test_queries_and_leases (void)
{
  g_autoptr(PeilIncident) anna = new_file ("lease-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GPtrArray) bram_queries = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(PeilReplica) anna_replica = NULL;
  g_autoptr(PeilReplica) bram_replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = peil_test_serve (serve_feed);
  g_autofree char *bram_path = NULL;
  gboolean held = FALSE;
  gint64 bram_query;

  add_posts (anna, "l", 1);
  g_hash_table_insert (options, g_strdup ("url"), g_strconcat (base, "nieuws.xml", NULL));
  query = peil_incident_add_query (anna, "rss", "kraan", options, 300, &error);
  g_assert_no_error (error);
  publish (anna, "leases");
  bram = join ("leases", "lease-bram.peil", "Bram");
  bram_queries = peil_incident_list_queries (bram, &error);
  g_assert_cmpuint (bram_queries->len, ==, 1);
  bram_query = peil_query_get_id (g_ptr_array_index (bram_queries, 0));
  g_assert_cmpstr (peil_query_get_text (g_ptr_array_index (bram_queries, 0)), ==, "kraan");

  /* A change of the query reaches the other file. */
  g_assert_true (peil_incident_update_query (anna, peil_query_get_id (query), "kraan OR stof", options, 600, &error));
  g_assert_no_error (error);
  sync_file (anna);
  sync_file (bram);
  changed = peil_incident_list_queries (bram, &error);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (peil_query_get_text (g_ptr_array_index (changed, 0)), ==, "kraan OR stof");
  g_assert_cmpuint (peil_query_get_interval (g_ptr_array_index (changed, 0)), ==, 600);

  /* Anna takes it; Bram may not while her lease lasts; Anna keeps it. */
  anna_replica = peil_replica_new (anna, NULL);
  bram_replica = peil_replica_new (bram, NULL);
  g_assert_true (peil_replica_lease_query (anna_replica, peil_query_get_id (query), 600, &held, &error));
  g_assert_true (held);
  g_assert_true (peil_replica_lease_query (bram_replica, bram_query, 600, &held, &error));
  g_assert_false (held);
  g_assert_true (peil_replica_lease_query (anna_replica, peil_query_get_id (query), 600, &held, &error));
  g_assert_true (held);
  g_assert_no_error (error);

  /* peil-cli gather on Bram's file skips it and says so. */
  bram_path = g_strdup (g_file_peek_path (peil_incident_get_file (bram)));
  {
    g_auto(PeilTestRun) run = peil_test_cli ("gather", bram_path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "gathered by another analyst"));
  }
  g_assert_cmpint (peil_incident_count_posts (bram), ==, 1);
}

/* A gather that fails lets go of its query at once, so that another
 * replica of the team may try, rather than nobody for twice its interval. */
static void
test_failed_gather_releases (void)
{
  g_autoptr(PeilIncident) anna = new_file ("release-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PeilQuery) query = NULL;
  g_autoptr(GPtrArray) bram_queries = NULL;
  g_autoptr(PeilReplica) bram_replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *anna_path = g_strdup (g_file_peek_path (peil_incident_get_file (anna)));
  gboolean held = TRUE;

  add_posts (anna, "v", 1);
  /* Nothing listens on the discard port: the gather fails. */
  g_hash_table_insert (options, g_strdup ("url"), g_strdup ("http://127.0.0.1:9/nieuws.xml"));
  query = peil_incident_add_query (anna, "rss", "", options, 300, &error);
  g_assert_no_error (error);
  publish (anna, "release");
  bram = join ("release", "release-bram.peil", "Bram");
  bram_queries = peil_incident_list_queries (bram, &error);
  g_assert_cmpuint (bram_queries->len, ==, 1);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("gather", anna_path, NULL);
    g_assert_cmpint (run.status, !=, 0);
  }
  bram_replica = peil_replica_new (bram, NULL);
  g_assert_true (peil_replica_lease_query (bram_replica, peil_query_get_id (g_ptr_array_index (bram_queries, 0)),
                                           600, &held, &error));
  g_assert_no_error (error);
  g_assert_true (held);
}

static gboolean
tick_gap (gpointer data)
{
  gint64 *last = data;
  gint64 now = g_get_monotonic_time ();

  last[1] = MAX (last[1], now - last[0]);
  last[0] = now;
  return G_SOURCE_CONTINUE;
}

/* A server that takes the connection and never answers (a host gone
 * behind a firewall) keeps connecting for seconds: on worker threads, so
 * that the window goes on drawing and tagging meanwhile. */
static void
test_silent_server_blocks_nothing (void)
{
  g_autoptr(PeilIncident) anna = new_file ("silent-anna.peil", "Anna");
  g_autoptr(PeilReplica) replica = NULL;
  g_autoptr(GSocketListener) silent = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *update = NULL;
  gint64 gaps[2] = { g_get_monotonic_time (), 0 };
  gint64 end;
  guint16 port;
  guint ticker;

  add_posts (anna, "q", 2);
  publish (anna, "silent");
  port = g_socket_listener_add_any_inet_port (silent, NULL, &error);
  g_assert_no_error (error);
  update = g_strdup_printf ("UPDATE team_link SET address = 'host=127.0.0.1 port=%u dbname=peil connect_timeout=8'", port);
  g_assert_true (peil_database_exec (anna->db, update, &error));

  replica = peil_replica_new (anna, NULL);
  peil_replica_follow (replica);
  ticker = g_timeout_add (20, tick_gap, gaps);
  for (end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  tag (anna, "q1", "IB-WAT");                    /* the file is free too */
  g_source_remove (ticker);
  peil_replica_stop (replica);

  /* Blocked, the loop would stop for the whole connect timeout (8 s); a
   * sanitizer build on a busy machine may well take a second. */
  g_assert_cmpint (gaps[1], <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (peil_replica_get_state (replica), !=, PEIL_REPLICA_ONLINE);
  g_assert_cmpint (peil_replica_count_waiting (replica, NULL), ==, 1);
}

typedef struct
{
  PeilIncident *incident;
  gboolean      seen;
} Waiting;

static void
on_synced (PeilReplica *replica,
           gpointer     user_data)
{
  Waiting *waiting = user_data;
  g_autoptr(PeilPost) post = peil_test_find_post (waiting->incident, "w0");

  waiting->seen |= post && peil_post_get_n_tags (post) > 0;
}

static gboolean
time_out (gpointer user_data)
{
  g_error ("Another replica's tag did not arrive within 20 s");
  return G_SOURCE_REMOVE;
}

/* A replica that follows receives another's tag without being asked. */
static void
test_follow (void)
{
  g_autoptr(PeilIncident) anna = new_file ("follow-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) follower = NULL;
  Waiting waiting = { 0 };
  guint timeout;

  add_posts (anna, "w", 2);
  publish (anna, "follow");
  bram = join ("follow", "follow-bram.peil", "Bram");
  follower = peil_replica_new (bram, NULL);
  waiting.incident = bram;
  g_signal_connect (follower, "synced", G_CALLBACK (on_synced), &waiting);
  peil_replica_follow (follower);
  while (peil_replica_get_state (follower) != PEIL_REPLICA_ONLINE)
    g_main_context_iteration (NULL, TRUE);

  tag (anna, "w0", "SB-HULPVRAAG");
  sync_file (anna);
  timeout = g_timeout_add_seconds (20, time_out, NULL);
  while (!waiting.seen)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  peil_replica_stop (follower);
}

/* What the server says about @analyst in @incident: when it last saw
 * them (seconds since 1970) and how many tags they gave. */
static void
member_of (const char *incident,
           const char *analyst,
           gint64     *out_seen_at,
           gint64     *out_tags)
{
  g_autofree char *server_address = address (NULL);
  g_autoptr(PeilTeamServer) server = peil_team_server_connect (server_address, NULL);
  g_autoptr(GPtrArray) members = peil_team_server_list_members (server, incident, NULL);

  g_assert_nonnull (members);
  for (guint i = 0; i < members->len; i++)
    {
      PeilTeamMember *member = g_ptr_array_index (members, i);

      if (g_str_equal (member->analyst, analyst))
        {
          *out_seen_at = member->seen_at;
          *out_tags = member->tags;
          return;
        }
    }
  g_assert_not_reached ();
}

static void
count_sync (PeilReplica *replica,
            gpointer     user_data)
{
  (*(guint *)user_data)++;
}

/* An analyst who reads without tagging stays online for the team: an
 * idle replica that follows still tells the server it is there. */
static void
test_presence_when_idle (void)
{
  g_autoptr(PeilIncident) anna = new_file ("idle-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilReplica) follower = NULL;
  guint syncs = 0;
  gint64 first_seen, seen, tags;
  guint timeout;

  add_posts (anna, "w", 2);
  tag (anna, "w0", "IB-WAT");
  tag (anna, "w1", "IB-WAT");
  tag (anna, "w1", "BG-ANGST");
  publish (anna, "idle");
  bram = join ("idle", "idle-bram.peil", "Bram");
  tag (bram, "w0", "IB-HULP");
  sync_file (bram);
  member_of ("idle", "Bram", &first_seen, &tags);
  g_assert_cmpint (tags, ==, 1);
  /* Anna tagged before she published and never synced since. */
  member_of ("idle", "Anna", &seen, &tags);
  g_assert_cmpint (tags, ==, 3);

  g_setenv ("PEIL_TEAM_PRESENCE", "1", TRUE);
  follower = peil_replica_new (bram, NULL);
  g_signal_connect (follower, "synced", G_CALLBACK (count_sync), &syncs);
  peil_replica_follow (follower);
  timeout = g_timeout_add_seconds (20, time_out, NULL);
  /* Nothing changes anywhere; the syncs after the first are presence only. */
  while (syncs < 4)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  peil_replica_stop (follower);
  g_unsetenv ("PEIL_TEAM_PRESENCE");

  member_of ("idle", "Bram", &seen, &tags);
  g_assert_cmpint (seen, >, first_seen);
}

/* A trainer runs one exercise for a team: the trainer's replica
 * releases the injects, the trainee's receives them as posts of the
 * exercise (which it is too), without the clock or the injects' list. */
static void
test_exercise (void)
{
  g_autofree char *path = peil_test_tmp_path ("oefening-trainer.peil");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  g_autoptr(PeilPluginEngine) engine = peil_test_engine ();
  g_autoptr(PeilIncident) trainer = NULL;
  g_autoptr(PeilIncident) trainee = NULL;
  g_autoptr(PeilExerciseClock) clock = NULL;
  g_autoptr(PeilExerciseClock) trainee_clock = NULL;
  g_autoptr(PeilPost) received = NULL;
  g_autoptr(PeilPost) sent = NULL;
  g_autoptr(GError) error = NULL;
  PeilExerciseStatus status;

  peil_scenario_add_inject (scenario, peil_inject_new ("K-001", 0, "x", "Er is een kraan omgevallen"));
  peil_scenario_add_inject (scenario, peil_inject_new ("K-002", 300, "phone", "Is de school open?"));
  g_unlink (path);
  trainer = peil_exercise_create (file, scenario, "Oefening", NULL, &error);
  g_assert_no_error (error);
  peil_incident_set_analyst (trainer, "Trainer");
  publish (trainer, "oefening");
  trainee = join ("oefening", "oefening-cursist.peil", "Cursist");
  g_assert_true (peil_incident_is_exercise (trainee));

  /* A real incident and an exercise never share a team incident. */
  {
    g_autoptr(PeilIncident) real = new_file ("oefening-echt.peil", "Anna");
    g_autofree char *server = address (NULL);
    g_autoptr(GError) refused = NULL;

    g_assert_false (peil_replica_publish (real, server, "oefening", &refused));
    g_assert_error (refused, PEIL_ERROR, PEIL_ERROR_EXERCISE);
    g_clear_error (&refused);
    publish (real, "echt-naast-oefening");
  }
  {
    g_autofree char *other_path = peil_test_tmp_path ("oefening-tweede.peil");
    g_autoptr(GFile) other_file = g_file_new_for_path (other_path);
    g_autoptr(PeilIncident) other = NULL;
    g_autofree char *server = address (NULL);
    g_autoptr(GError) refused = NULL;

    g_unlink (other_path);
    other = peil_exercise_create (other_file, scenario, "Oefening", NULL, &error);
    g_assert_no_error (error);
    g_assert_false (peil_replica_publish (other, server, "echt-naast-oefening", &refused));
    g_assert_error (refused, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  }

  clock = peil_exercise_clock_new (trainer);
  g_assert_true (peil_exercise_clock_start (clock, &error));
  g_assert_true (peil_exercise_clock_jump (clock, 600, &error));
  {
    g_autoptr(GPtrArray) queries = peil_incident_list_queries (trainer, NULL);
    g_autoptr(PeilGatherJob) job = peil_gather_job_new_for_query (trainer, peil_plugin_engine_find_source (engine, "scenario"),
                                                                  g_ptr_array_index (queries, 0));

    g_assert_true (peil_gather_job_run (job, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (peil_gather_job_get_n_added (job), ==, 2);
  }
  sync_file (trainer);
  sync_file (trainee);

  g_assert_cmpint (peil_incident_count_posts (trainee), ==, 2);
  received = peil_test_find_post (trainee, "K-002");
  sent = peil_test_find_post (trainer, "K-002");
  g_assert_cmpstr (peil_post_get_source (received), ==, "scenario");
  g_assert_cmpstr (peil_post_get_channel (received), ==, "phone");
  g_assert_cmpint (peil_post_get_created_at (received), ==, peil_post_get_created_at (sent));

  /* The trainee's file plays nothing: the injects come through the team. */
  trainee_clock = peil_exercise_clock_new (trainee);
  g_assert_false (peil_exercise_clock_get_status (trainee_clock, &status, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXERCISE);
  g_assert_nonnull (strstr (error->message, "played from another file"));
  g_clear_error (&error);
  /* A trainee who gathers by habit is told where the injects come from,
   * not that nothing was found. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("gather", g_file_peek_path (peil_incident_get_file (trainee)), NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "team sync"));
    g_assert_null (strstr (run.out, "added"));
  }

  /* The trainee's work goes back to the trainer as in any team. */
  tag (trainee, "K-002", "IB-VEILIG");
  sync_file (trainee);
  sync_file (trainer);
  {
    g_autoptr(PeilPost) tagged = peil_test_find_post (trainer, "K-002");

    g_assert_cmpuint (peil_post_get_n_tags (tagged), ==, 1);
    g_assert_cmpstr (peil_post_get_tag (tagged, 0)->code, ==, "IB-VEILIG");
    g_assert_cmpstr (peil_post_get_tag (tagged, 0)->analyst, ==, "Cursist");
  }
}

/* An exercise played by a team: each replica holds every analyst's tags,
 * so scoring either replica gives the same two trainees with the same
 * tags and the same first-tag times (the time a tag was given travels
 * with it, not the time it arrived). */
static void
test_exercise_scored (void)
{
  g_autoptr(PeilIncident) anna = new_file ("exercise-anna.peil", "Anna");
  g_autoptr(PeilIncident) bram = NULL;
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  g_autoptr(PeilTaxonomy) taxonomy = peil_taxonomy_new_default (NULL);
  const char *gold[] = { "IB-WAT", "BG-ANGST", "IB-VEILIG" };
  PeilIncident *replicas[2];
  gint64 bram_tagged = 0;

  g_assert_true (peil_incident_set_metadata (anna, PEIL_META_EXERCISE, "true", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (gold); i++)
    {
      g_autofree char *id = g_strdup_printf ("T%u", i + 1);
      PeilInject *inject = peil_inject_new (id, 60 * i, PEIL_CHANNEL_X, "Een bericht");
      g_autoptr(PeilPost) post = peil_post_new (PEIL_EXERCISE_SOURCE, id);

      inject->gold_tags = g_strsplit (gold[i], " ", -1);
      peil_scenario_add_inject (scenario, inject);
      peil_post_set_text (post, "Een bericht");
      peil_post_set_created_at (post, 1795615200 + 60 * i);
      peil_post_set_fetched_at (post, 1795615200 + 60 * i);
      g_assert_true (peil_incident_add_post (anna, post, NULL, NULL));
    }
  publish (anna, "exercise");
  bram = join ("exercise", "exercise-bram.peil", "Bram");

  tag (anna, "T1", "IB-WAT");
  tag (bram, "T1", "IB-AANPAK");
  tag (bram, "T2", "BG-ANGST");
  sync_file (bram);
  sync_file (anna);
  sync_file (bram);

  replicas[0] = anna;
  replicas[1] = bram;
  for (guint r = 0; r < G_N_ELEMENTS (replicas); r++)
    {
      g_autoptr(PeilExerciseScore) score = peil_exercise_score_new (scenario, taxonomy);
      g_autoptr(GError) error = NULL;
      const PeilTraineeScore *trainee;

      g_assert_true (peil_exercise_score_add_incident (score, replicas[r], &error));
      g_assert_no_error (error);
      g_assert_cmpuint (peil_exercise_score_get_n_trainees (score), ==, 2);
      trainee = peil_exercise_score_get_trainee (score, 1);
      g_assert_cmpstr (trainee->analyst, ==, "Bram");
      g_assert_cmpfloat (peil_trainee_score_get_dimension (trainee, "IB")->precision, ==, 0);
      g_assert_cmpfloat (peil_trainee_score_get_dimension (trainee, "BG")->precision, ==, 1);
      g_assert_cmpint (peil_trainee_score_get_response (trainee, "T2")->first_tag, >, 0);
      if (bram_tagged == 0)
        bram_tagged = peil_trainee_score_get_response (trainee, "T2")->first_tag;
      g_assert_cmpint (peil_trainee_score_get_response (trainee, "T2")->first_tag, ==, bram_tagged);
      g_assert_cmpfloat (peil_trainee_score_get_dimension (peil_exercise_score_get_trainee (score, 0), "IB")->precision,
                         ==, 1);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  peil_test_init (&argc, &argv);
  if (!g_file_test (g_getenv ("PEIL_TEST_PG_BINDIR") ? g_getenv ("PEIL_TEST_PG_BINDIR")
                                                     : "/usr/lib/postgresql/15/bin/initdb", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("PostgreSQL 15 is not installed (./build-aux/test installs it)");
      return g_test_run ();
    }

  postgres = peil_test_postgres_start ();
  {
    g_autofree char *server_address = address (NULL);
    g_autoptr(PeilTeamServer) server = peil_team_server_connect (server_address, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (server);
    g_assert_true (peil_team_server_set_up (server, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/team/publish-then-join", test_publish_then_join);
  g_test_add_func ("/team/exercise", test_exercise);
  g_test_add_func ("/team/same-tag-two-analysts", test_same_tag_two_analysts);
  g_test_add_func ("/team/replica-remembers-analyst", test_replica_remembers_analyst);
  g_test_add_func ("/team/facet-conflict", test_facet_conflict);
  g_test_add_func ("/team/facet-untag-by-whom", test_facet_untag_by_whom);
  g_test_add_func ("/team/five-replicas", test_five_replicas);
  g_test_add_func ("/team/copied-replica", test_copied_replica);
  g_test_add_func ("/team/copied-handover", test_copied_handover);
  g_test_add_func ("/team/copied-waiting-note", test_copied_waiting_note);
  g_test_add_func ("/team/retry-after-query-edit", test_retry_after_query_edit);
  g_test_add_data_func ("/team/restored-in-place", GUINT_TO_POINTER (1), test_restored_in_place);
  g_test_add_data_func ("/team/restored-then-worked", GUINT_TO_POINTER (8), test_restored_in_place);
  g_test_add_func ("/team/two-syncs-one-file", test_two_syncs_one_file);
  g_test_add_func ("/team/waiting-tag-keeps-others", test_waiting_tag_keeps_others);
  g_test_add_func ("/team/import-times", test_import_times);
  g_test_add_func ("/team/handover", test_handover);
  g_test_add_func ("/team/rounds-and-sections", test_rounds_and_sections);
  g_test_add_func ("/team/issued-round-frozen", test_issued_round_frozen);
  g_test_add_func ("/team/issued-offline", test_issued_offline);
  g_test_add_func ("/team/issued-keeps-number", test_issued_keeps_number);
  g_test_add_func ("/team/rounds-same-number", test_rounds_same_number);
  g_test_add_func ("/team/section-conflict", test_section_conflict);
  g_test_add_func ("/team/examples", test_examples);
  g_test_add_func ("/team/examples-older-file", test_examples_older_file);
  g_test_add_func ("/team/rumours", test_rumours);
  g_test_add_func ("/team/rumour-history-waiting", test_rumour_history_waiting);
  g_test_add_func ("/team/story-rumour", test_story_rumour);
  g_test_add_func ("/team/messages", test_messages);
  g_test_add_func ("/team/messages-older-file", test_messages_older_file);
  g_test_add_func ("/team/message-changes-refused", test_message_changes_refused);
  g_test_add_func ("/team/claims-never-shared", test_claims_never_shared);
  g_test_add_func ("/team/next-follows-assignment", test_next_follows_assignment);
  g_test_add_func ("/team/off-topic", test_off_topic);
  g_test_add_func ("/team/next-passes-refused", test_next_passes_refused);
  g_test_add_func ("/team/next-by-query", test_next_by_query);
  g_test_add_func ("/team/server-of-schema-1", test_server_of_schema_1);
  g_test_add_func ("/team/offline-then-back", test_offline_then_back);
  g_test_add_func ("/team/restart-between-syncs", test_restart_between_syncs);
  g_test_add ("/team/paused-server-sync", Paused, NULL, set_short_deadline, test_paused_server_sync, thaw_server);
  g_test_add ("/team/paused-server-follow", Paused, NULL, set_short_deadline, test_paused_server_follow, thaw_server);
  g_test_add_func ("/team/revoked-role", test_revoked_role);
  g_test_add_func ("/team/init-needs-owner", test_init_needs_owner);
  g_test_add_func ("/team/event-columns-guarded", test_event_columns_guarded);
  g_test_add_func ("/team/hostile-changes", test_hostile_changes);
  g_test_add_func ("/team/post-from-the-future", test_post_from_the_future);
  g_test_add_func ("/team/exercise-scored", test_exercise_scored);
  g_test_add_func ("/team/killed-mid-push", test_killed_mid_push);
  g_test_add_func ("/team/publish-cut-off", test_publish_cut_off);
  g_test_add_func ("/team/log-keeps-origin-time", test_log_keeps_origin_time);
  g_test_add_func ("/team/follow", test_follow);
  g_test_add_func ("/team/presence-when-idle", test_presence_when_idle);
  g_test_add_func ("/team/gather-follow-shares", test_gather_follow_shares);
  g_test_add_func ("/team/queries-and-leases", test_queries_and_leases);
  g_test_add_func ("/team/failed-gather-releases", test_failed_gather_releases);
  g_test_add_func ("/team/identical-queries", test_identical_queries);
  g_test_add_func ("/team/silent-server-blocks-nothing", test_silent_server_blocks_nothing);
  status = g_test_run ();
  peil_test_postgres_stop (postgres);
  return status;
}

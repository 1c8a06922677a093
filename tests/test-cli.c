/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "peil-test-util.h"

static JsonObject *
parse_json (const char *text,
            JsonNode  **out_node)
{
  g_autoptr(GError) error = NULL;

  *out_node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*out_node));
  return json_node_get_object (*out_node);
}

static void
test_usage (void)
{
  const char *commands[] = { "new", "info", "add", "import", "search", "tag", "untag", "dismiss",
                             "taxonomy", "stats", "export", "plugins", "log" };

  {
    g_auto(PeilTestRun) run = peil_test_cli (NULL, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "import"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      g_assert_nonnull (strstr (run.out, commands[i]));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("frobnicate", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "frobnicate"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(PeilTestRun) run = peil_test_cli (commands[i], "--help", NULL);
      g_autofree char *usage = g_strdup_printf ("peil-cli [OPTION…] %s", commands[i]);

      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, usage));
    }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", NULL);     /* missing FILE */
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "Expected: peil-cli search FILE"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", "x.peil", "--nonsense", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
}

/* The examples of the issue, in order, as an advisor would type them. */
static void
test_workflow (void)
{
  g_autofree char *file = peil_test_tmp_path ("kraan.peil");
  g_autofree char *csv = peil_test_tmp_path ("out.csv");
  g_autofree char *posts = peil_test_fixture ("zeeschuimer.ndjson");
  g_autofree char *coosto = peil_test_fixture ("coosto.csv");
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *array;
  gint64 post_id;

  {
    g_auto(PeilTestRun) run = peil_test_cli ("new", file, "--title", "Kraan omgevallen Alphen", "--location", "Alphen aan den Rijn",
                           "--start", "2026-11-25T14:00", "--purpose", "Omgevingsanalyse", NULL);
    g_assert_cmpint (run.status, ==, 0);
    /* Issue 14: kept no longer than needed unless told otherwise. */
    g_assert_nonnull (strstr (run.out, "Keep until 2026-12-25, 30 days after the start"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("new", file, "--title", "Nog een keer", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "already exists"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("new", "zonder-titel.peil", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_false (g_file_test ("zonder-titel.peil", G_FILE_TEST_EXISTS));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("import", file, posts, coosto, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "4 added, 0 already there, 3 rejected"));
    g_assert_nonnull (strstr (run.err, "coosto.csv:6: skipped: “gisteren” is not a date or time"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("import", file, posts, "--json", NULL);
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (run.out, &node);
    array = json_object_get_array_member (object, "files");
    object = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "ndjson");
    g_assert_cmpint (json_object_get_int_member (object, "added"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (object, "duplicates"), ==, 4);
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (object, "rejections")), ==, 3);
  }

  /* Find the post about dust and tag it. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "asbest OR stof", "--untagged", "BG", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (run.out, &node);
    g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 2);
    array = json_object_get_array_member (object, "posts");
    post_id = json_object_get_int_member (json_array_get_object_element (array, 1), "peil_id");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "source"), ==, "x");
  }
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, post_id);
    g_auto(PeilTestRun) run = peil_test_cli ("tag", file, id, "IB-VEILIG", "BG-ANGST", "--analyst", "Anna", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "asbest OR stof", "--untagged", "BG", "--count", NULL);
    g_assert_cmpstr (run.out, ==, "1\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "--tag", "IB-VEILIG", NULL);
    g_assert_nonnull (strstr (run.out, "[IB-VEILIG BG-ANGST]"));
  }

  /* A phone question, tagged at once. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("add", file, "--text", "Beller vraagt of de school morgen open is",
                           "--channel", "phone", "--tag", "IB-HINDER", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (run.out, &node);
    g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("add", file, "--text", "x", "--channel", "duif", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  {
    g_auto(PeilTestRun) run = peil_test_cli ("stats", file, "--json", NULL);
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (run.out, &node);
    g_assert_cmpint (json_object_get_int_member (object, "posts"), ==, 9);
    array = json_object_get_array_member (object, "tags");
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *tag = json_array_get_object_element (array, i);
        if (g_str_equal (json_object_get_string_member (tag, "code"), "IB-HINDER"))
          g_assert_cmpint (json_object_get_int_member (tag, "count"), ==, 1);
      }
    array = json_object_get_array_member (object, "untagged");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "dimension"), ==, "IB");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "count"), ==, 7);
    g_assert_true (json_object_has_member (object, "hours"));
    /* Sources as people say them, beside their ids. */
    array = json_object_get_array_member (object, "sources");
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *source = json_array_get_object_element (array, i);
        /* peil-cli add's questions came in by phone, and count so. */
        g_assert_cmpstr (json_object_get_string_member (source, "source"), !=, "manual");
        if (g_str_equal (json_object_get_string_member (source, "source"), "phone"))
          g_assert_cmpstr (json_object_get_string_member (source, "label"), ==, "Phone");
      }
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("stats", file, NULL);
    g_assert_nonnull (strstr (run.out, "Phone"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", file, "--json", "--limit", "3", NULL);
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (run.out, &node);
    array = json_object_get_array_member (object, "events");
    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    /* The phone question and its tag, stored together. */
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "action"), ==, "add");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "action"), ==, "tag");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("untag", file, "1", "IB-VEILIG", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", file, "--format", "csv", "-o", csv, NULL);
    g_autofree char *contents = NULL;

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "Beller vraagt"));
    g_assert_nonnull (strstr (contents, "'=HYPERLINK"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", file, "--format", "pdf", "-o", csv, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "pdf"));
  }

  {
    g_auto(PeilTestRun) run = peil_test_cli ("info", file, "--json", NULL);
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (run.out, &node);
    g_assert_false (json_object_get_boolean_member (object, "read_only"));
    g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==, 10);
    g_assert_cmpint (json_object_get_int_member (object, "posts"), ==, 9);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "metadata"), "title"),
                     ==, "Kraan omgevallen Alphen");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "metadata"), "retention"),
                     ==, "2026-12-25");
  }
  /* A date given is kept, and nothing is proposed. */
  {
    g_autofree char *chosen = peil_test_tmp_path ("chosen.peil");
    g_auto(PeilTestRun) run = peil_test_cli ("new", chosen, "--title", "Brand", "--retention", "2027-03-01", NULL);
    g_auto(PeilTestRun) info = peil_test_cli ("info", chosen, "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.out, "Keep until"));
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (info.out, &node);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "metadata"), "retention"),
                     ==, "2027-03-01");
  }
}

static void
test_errors (void)
{
  g_autofree char *file = peil_test_tmp_path ("errors.peil");
  g_autofree char *notes = peil_test_write_file ("notes.txt", "geen database");

  {
    g_auto(PeilTestRun) run = peil_test_cli ("new", file, "--title", "Fouten", "--start", "straks", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "straks"));
    g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));   /* nothing half-made */
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("new", file, "--title", "Fouten", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("info", notes, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "not a Peil incident file"));
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("tag", file, "elf", "IB-WAT", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("tag", file, "11", "IB-WAT", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no post 11"));
  }
  /* Two values of one single-choice dimension in one command: refused,
   * naming the dimension, and neither stored. */
  {
    g_autofree char *choice = peil_test_tmp_path ("keuze.peil");
    g_auto(PeilTestRun) created = peil_test_cli ("new", choice, "--title", "Keuze", NULL);
    g_auto(PeilTestRun) added = peil_test_cli ("add", choice, "--text", "De dijk is door", NULL);
    g_auto(PeilTestRun) both = peil_test_cli ("tag", choice, "1", "RUMOUR-FALSE", "RUMOUR-CONFIRMED", NULL);
    g_auto(PeilTestRun) tagged = peil_test_cli ("search", choice, "--tag", "RUMOUR-CONFIRMED", "--count", NULL);
    g_auto(PeilTestRun) one = peil_test_cli ("tag", choice, "1", "RUMOUR-FALSE", "RUMOUR-FALSE", NULL);

    g_assert_cmpint (created.status, ==, 0);
    g_assert_cmpint (added.status, ==, 0);
    g_assert_cmpint (both.status, ==, 1);
    g_assert_nonnull (strstr (both.err, "RUMOUR-FALSE"));
    g_assert_nonnull (strstr (both.err, "RUMOUR-CONFIRMED"));
    g_assert_nonnull (strstr (both.err, "Rumour"));
    g_assert_cmpstr (g_strstrip (tagged.out), ==, "0");
    g_assert_cmpint (one.status, ==, 0);
    g_test_message ("%s", both.err);
  }
  /* A mistyped tag changes nothing: not the other tags of that command,
   * not a post added with it. A call entered twice is one post. */
  {
    g_auto(PeilTestRun) added = peil_test_cli ("add", file, "--text", "Waar is de opvang?", "--time", "2026-11-25T15:00", NULL);
    g_auto(PeilTestRun) again = peil_test_cli ("add", file, "--text", "Waar is de opvang?", "--time", "2026-11-25T15:00", NULL);
    g_auto(PeilTestRun) mistyped = peil_test_cli ("tag", file, "1", "IB-WAT", "IB-WATT", NULL);
    g_auto(PeilTestRun) typo_add = peil_test_cli ("add", file, "--text", "Is het water veilig?", "--tag", "IB-VEILIGG", NULL);
    g_auto(PeilTestRun) search = peil_test_cli ("search", file, "--count", NULL);
    g_auto(PeilTestRun) tagged = peil_test_cli ("search", file, "--tag", "IB-WAT", "--count", NULL);

    g_assert_cmpint (added.status, ==, 0);
    g_assert_cmpint (again.status, ==, 0);
    g_assert_cmpint (mistyped.status, ==, 1);
    g_assert_nonnull (strstr (mistyped.err, "IB-WATT"));
    g_assert_cmpint (typo_add.status, ==, 1);
    g_assert_cmpint (g_ascii_strtoll (search.out, NULL, 10), ==, 1);
    g_assert_cmpint (g_ascii_strtoll (tagged.out, NULL, 10), ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "(asbest", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "bracket"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "--since", "ooit", NULL);
    g_assert_cmpint (run.status, ==, 1);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("import", file, "--map", "tekst", notes, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("import", file, "nergens.ndjson", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "nergens.ndjson"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("taxonomy", file, "--add", "IB:IB-ASBEST", "--label-nl", "Asbest", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\"IB-ASBEST\""));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("taxonomy", file, "--add", "IB:IB-ASBEST", "--label-nl", "Asbest", NULL);
    g_assert_cmpint (run.status, ==, 1);
  }
  for (guint i = 0; i < 3; i++)
    {
      const char *bad[] = { "IB:", "IB:IB ASBEST", "IB:<b>X</b>" };
      g_auto(PeilTestRun) run = peil_test_cli ("taxonomy", file, "--add", bad[i], "--label-nl", "Fout", NULL);

      g_assert_cmpint (run.status, ==, 1);
    }

  /* A read-only file can be read, says so, and refuses changes. */
  g_assert_cmpint (g_chmod (file, 0444), ==, 0);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("stats", file, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "read-only"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("add", file, "--text", "Vraag", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "read-only"));
  }
  g_chmod (file, 0644);
}

static void
test_plugins_list (void)
{
  g_auto(PeilTestRun) run = peil_test_cli ("plugins", "--json", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = parse_json (run.out, &node);
  JsonArray *plugins = json_object_get_array_member (object, "plugins");
  gboolean saw_old_abi = FALSE, saw_csv = FALSE;

  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < json_array_get_length (plugins); i++)
    {
      JsonObject *plugin = json_array_get_object_element (plugins, i);
      const char *module = json_object_get_string_member (plugin, "module");

      if (g_str_equal (module, "test-old-abi"))
        {
          saw_old_abi = TRUE;
          g_assert_false (json_object_get_boolean_member (plugin, "loaded"));
          g_assert_nonnull (strstr (json_object_get_string_member (plugin, "error"), "Old ABI source"));
        }
      if (g_str_equal (module, "import-csv"))
        {
          saw_csv = TRUE;
          g_assert_true (json_object_get_boolean_member (plugin, "loaded"));
          g_assert_true (json_object_get_null_member (plugin, "error"));
          g_assert_cmpstr (json_object_get_string_member (plugin, "kind"), ==, "source");
        }
    }
  g_assert_true (saw_old_abi && saw_csv);
}

/* The rounds and the report, as a script or a trainer drives them. */
static void
test_rounds_and_reports (void)
{
  g_autofree char *path = peil_test_tmp_path ("report.peil");
  g_autofree char *html = peil_test_tmp_path ("report.html");
  g_autofree char *pdf = peil_test_tmp_path ("report.pdf");
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *round;

  {
    g_auto(PeilTestRun) run = peil_test_cli ("new", path, "--title", "Brand Moerdijk", "--exercise", "--language", "nl", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("add", path, "--text", "Moet ik ramen dichthouden?", "--time", "2026-11-25T09:00:00Z",
                           "-t", "IB-VEILIG", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("round", "new", path, "--title", "ROT 10:00", "--from", "2026-11-25T08:00:00Z",
                           "--to", "2026-11-25T10:00:00Z", "--commissioner", "ROT", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    /* "--" lets a text start with a dash, as bullet lists do. */
    g_auto(PeilTestRun) run = peil_test_cli ("round", "set", path, "1", "key-points", "--", "- Vragen over rook", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("round", "link", path, "1", "IB", "1", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("rumour", "add", path, "Het water is vergiftigd", "--first-seen", "2026-11-25T09:30:00Z",
                           NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("rumour", "status", path, "1", "debunked", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("round", "issue", path, "1", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("round", "show", path, "1", "--json", NULL);
    JsonObject *sections;

    g_assert_cmpint (run.status, ==, 0);
    round = parse_json (run.out, &node);
    g_assert_cmpint (json_object_get_int_member (round, "number"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (round, "commissioner"), ==, "ROT");
    g_assert_false (json_object_get_null_member (round, "issued_at"));
    sections = json_object_get_object_member (round, "sections");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sections, "key-points"), "text"),
                     ==, "- Vragen over rook");
    g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (
                       json_object_get_object_member (sections, "IB"), "examples"), 0), ==, 1);
  }
  {
    /* An issued round refuses changes, with a reason and exit status 1. */
    g_auto(PeilTestRun) run = peil_test_cli ("round", "set", path, "1", "IB", "Nieuw", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "issued"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("report", path, "--round", "1", "-o", html, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (html, &contents, NULL, NULL));
    /* The incident's language (nl), whatever the interface speaks. */
    g_assert_nonnull (strstr (contents, "OMGEVINGSANALYSE | Brand Moerdijk | Ronde 1 | ROT 10:00"));
    g_assert_nonnull (strstr (contents, "Het water is vergiftigd"));
    g_assert_nonnull (strstr (contents, "OEFENING / EXERCISE"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("report", path, "--format", "pdf", "--language", "en", "-o", pdf, NULL);
    g_autofree char *head = NULL;

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (pdf, &head, NULL, NULL));
    g_assert_true (g_str_has_prefix (head, "%PDF-"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("report", path, "--format", "docx", "-o", html, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "docx"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("report", path, "--round", "9", "-o", html, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no round 9"));
  }
}

/* Most users read Dutch first: messages and taxonomy labels follow the locale. */
/* peil-cli dismiss: every number checked before any post is marked,
 * says what it did; marked posts leave search, stats and counts, which
 * say how many, and go with their mark into an export. */
static void
test_dismiss (void)
{
  g_autofree char *file = peil_test_tmp_path ("dismiss.peil");
  g_autofree char *csv = peil_test_tmp_path ("dismiss.csv");
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  {
    g_auto(PeilTestRun) created = peil_test_cli ("new", file, "--title", "Weg ermee", NULL);
    g_assert_cmpint (created.status, ==, 0);
  }
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("bericht %u over de kraan", i);
      g_autofree char *time = g_strdup_printf ("2026-11-25T14:0%u", i);
      g_auto(PeilTestRun) added = peil_test_cli ("add", file, "--text", text, "--time", time, NULL);
      g_assert_cmpint (added.status, ==, 0);
    }
  {
    g_auto(PeilTestRun) tagged = peil_test_cli ("tag", file, "2", "IB-VEILIG", NULL);
    g_assert_cmpint (tagged.status, ==, 0);
  }

  /* A word for a number, or a post that is not there: nothing marked. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("dismiss", file, "1", "twee", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "“twee” is not a post number"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("dismiss", file, "1", "9", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no post 9"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "--off-topic", "--count", NULL);
    g_assert_cmpstr (run.out, ==, "0\n");
  }

  {
    g_auto(PeilTestRun) run = peil_test_cli ("dismiss", file, "1", "2", "--analyst", "Bram", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "2 posts marked off-topic\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("dismiss", file, "2", "3", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1 post marked off-topic; 1 was marked already\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("dismiss", file, "3", "--undo", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1 post is no longer off-topic\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("log", file, "--json", "--limit", "3", NULL);
    g_assert_nonnull (strstr (run.out, "\"on-topic\""));
    g_assert_nonnull (strstr (run.out, "\"Bram\""));
  }
  /* A post named three times is one post, counted once. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("dismiss", file, "3", "3", "3", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1 post marked off-topic\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("dismiss", file, "3", "2", "3", "--undo", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "2 posts are no longer off-topic\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("dismiss", file, "2", "2", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1 post marked off-topic\n");
  }

  /* Posts 1 and 2 are off-topic: the search shows 3 and says so. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "kraan", NULL);
    g_assert_nonnull (strstr (run.out, "bericht 3"));
    g_assert_null (strstr (run.out, "bericht 1"));
    g_assert_nonnull (strstr (run.out, "2 off-topic posts also match; --off-topic shows them"));
    /* The channel as people call it, not the plugin's id "manual". */
    g_assert_nonnull (strstr (run.out, "  Phone  "));
    g_assert_null (strstr (run.out, "manual"));
    g_assert_null (strstr (run.out, "×"));
  }
  /* The mark after a number says what it is. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "--off-topic", NULL);
    g_assert_nonnull (strstr (run.out, "     2× "));
    g_assert_true (g_str_has_suffix (run.out, "\n×: 2 posts shown are marked off-topic\n"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "--off-topic", "--json", NULL);
    object = parse_json (run.out, &node);
    g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 2);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (
                     json_object_get_array_member (object, "posts"), 0), "off_topic"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("stats", file, "--json", NULL);
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (run.out, &node);
    g_assert_cmpint (json_object_get_int_member (object, "posts"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (object, "off_topic"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                       json_object_get_array_member (object, "tags"), 0), "count"), ==, 0);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("stats", file, NULL);
    g_assert_nonnull (strstr (run.out, "1 posts\n2 off-topic posts besides, in none of the counts\n"));
  }
  /* An export loses nothing: all three, each with its mark. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("export", file, "--format", "csv", "-o", csv, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\"language\",\"off_topic\",\"IB\""));
    g_assert_nonnull (strstr (contents, "\"bericht 1 over de kraan\",,,\"1\""));
    g_assert_nonnull (strstr (contents, "\"bericht 2 over de kraan\",,,\"1\",\"IB-VEILIG\""));
    g_assert_nonnull (strstr (contents, "\"bericht 3 over de kraan\",,,\"0\""));
  }
  /* ... and its import brings the marks back, as NDJSON's does. */
  {
    g_autofree char *again = peil_test_tmp_path ("dismiss-again.peil");
    g_auto(PeilTestRun) created = peil_test_cli ("new", again, "--title", "Terug", NULL);
    g_auto(PeilTestRun) imported = peil_test_cli ("import", again, csv, NULL);
    g_auto(PeilTestRun) marked = peil_test_cli ("search", again, "--off-topic", "--json", NULL);
    JsonArray *posts;

    g_assert_cmpint (imported.status, ==, 0);
    g_assert_nonnull (strstr (imported.out, "3 added, 0 already there, 0 rejected"));
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (marked.out, &node);
    g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 2);
    posts = json_object_get_array_member (object, "posts");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (posts, 0), "text"), ==, "bericht 2 over de kraan");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (posts, 1), "text"), ==, "bericht 1 over de kraan");
  }
  /* A mark that is neither: that row is refused with its line, the rest kept. */
  {
    g_autofree char *again = peil_test_tmp_path ("dismiss-bad.peil");
    g_autofree char *bad = peil_test_write_file ("dismiss-bad.csv",
      "text,off_topic\n"
      "goed,1\n"
      "ook goed,FALSE\n"
      "leeg,\n"
      "fout,ja\n"
      "ook fout,2\n");
    g_auto(PeilTestRun) created = peil_test_cli ("new", again, "--title", "Fout", NULL);
    g_auto(PeilTestRun) imported = peil_test_cli ("import", again, bad, NULL);
    g_auto(PeilTestRun) marked = peil_test_cli ("search", again, "--off-topic", "--count", NULL);

    g_assert_nonnull (strstr (imported.out, "3 added, 0 already there, 2 rejected"));
    g_assert_nonnull (strstr (imported.err, "dismiss-bad.csv:5: skipped: “off_topic” is “ja”, not 1 or 0 (true or false)"));
    g_assert_nonnull (strstr (imported.err, "dismiss-bad.csv:6: skipped: “off_topic” is “2”"));
    g_assert_cmpstr (marked.out, ==, "1\n");
  }
}

static void
test_dutch (void)
{
  g_autofree char *file = peil_test_tmp_path ("nederlands.peil");
  g_autofree char *missing = peil_test_tmp_path ("ontbreekt.peil");

  {
    g_auto(PeilTestRun) run = peil_test_cli ("new", file, "--title", "Brand Moerdijk", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  g_setenv ("LANGUAGE", "nl", TRUE);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("--help", NULL);
    g_assert_nonnull (strstr (run.out, "Opdrachten:"));
    g_assert_nonnull (strstr (run.out, "Berichten importeren uit bestanden (NDJSON, CSV, een Telegram-export…)"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("info", missing, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "bestaat niet"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("taxonomy", file, NULL);
    g_assert_nonnull (strstr (run.out, "Informatiebehoefte"));
    g_assert_nonnull (strstr (run.out, "Angst & onrust"));
    g_assert_nonnull (strstr (run.out, "(één keuze)"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("search", file, "(kraan", NULL);
    g_assert_nonnull (strstr (run.err, "Een haakje is niet gesloten"));
  }
  {
    g_auto(PeilTestRun) added = peil_test_cli ("query", "add", file, "rss", "kraan", "--set", "url=https://example.org/rss",
                                               "--every", "900", NULL);
    g_auto(PeilTestRun) run = peil_test_cli ("query", "list", file, NULL);
    g_assert_cmpint (added.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "elke 900 s"));
  }
  /* In the C locale glibc ignores LANGUAGE; a user who set only
   * LANGUAGE=nl still reads Dutch, with its letters intact. */
  g_setenv ("LC_ALL", "C", TRUE);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("--help", NULL);
    g_assert_nonnull (strstr (run.out, "Opdrachten:"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("taxonomy", file, NULL);
    g_assert_nonnull (strstr (run.out, "(één keuze)"));
  }
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("taxonomy", file, NULL);
    g_assert_nonnull (strstr (run.out, "Information needs"));
  }
}

static void
add_tagged_posts (PeilIncident *incident,
                  const char   *prefix,
                  const char   *tag,
                  gint64        first,
                  gint64        step,
                  guint         n)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *remote = g_strdup_printf ("%s%u", prefix, i);
      g_autofree char *time = peil_time_format_iso (first + i * step);
      gint64 id = peil_test_add_post (incident, "x", remote, time, "@iemand", "Wat gebeurt er?");

      g_assert_true (peil_incident_tag_post (incident, id, tag, &error));
      g_assert_no_error (error);
    }
}

/* `effect` and `unanswered`, as docs/cli.md shows them (the method and its
 * figures are tests/test-effect.c's). */
static void
test_effect (void)
{
  PeilIncident *incident = peil_test_new_incident ("effect-cli.peil");
  g_autofree char *file = g_file_get_path (peil_incident_get_file (incident));
  const char * const wat[] = { "IB-WAT", NULL };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *array;
  gint64 t = 0, message;

  /* A message at 14:00 on IB-WAT: 8 posts a half hour before it (32, a
   * flat: 32 expected, 95% range 32 ± 1.96 √64: 16–48), 2 a half hour
   * after (8): 16/h → 4/h, −75%, below. A post at 16:00:00 on IB-VEILIG
   * makes "now" the end of the window after; for the unanswered list "now"
   * is just after it, and IB-VEILIG has 5 posts in the last two hours
   * (14:10, 14:40, 15:10, 15:40, 16:00) and none before: rising, and no
   * message addressed it. */
  g_assert_true (peil_time_parse ("2026-11-27T14:00:00Z", NULL, &t));
  add_tagged_posts (incident, "w", "IB-WAT", t - 7200 + 60, 225, 32);
  add_tagged_posts (incident, "a", "IB-WAT", t + 60, 900, 8);
  add_tagged_posts (incident, "v", "IB-VEILIG", t + 600, 1800, 4);
  add_tagged_posts (incident, "n", "IB-VEILIG", t + 7200, 1, 1);
  message = peil_incident_add_message (incident, "press", "Persbericht: de brand is onder controle", t, wat, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (incident);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("effect", file, "--json", NULL);
    JsonObject *effect;

    g_assert_cmpint (run.status, ==, 0);
    object = parse_json (run.out, &node);
    g_assert_cmpint (json_object_get_int_member (object, "window"), ==, 7200);
    array = json_object_get_array_member (object, "effects");
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    effect = json_array_get_object_element (array, 0);
    g_assert_cmpint (json_object_get_int_member (effect, "message"), ==, message);
    g_assert_cmpstr (json_object_get_string_member (effect, "tag"), ==, "IB-WAT");
    g_assert_true (json_object_get_null_member (effect, "rumour"));
    g_assert_cmpstr (json_object_get_string_member (effect, "label"), ==, "What happened");
    g_assert_cmpint (json_object_get_int_member (effect, "before"), ==, 32);
    g_assert_cmpint (json_object_get_int_member (effect, "after"), ==, 8);
    g_assert_cmpfloat (json_object_get_double_member (effect, "rate_before"), ==, 16.0);
    g_assert_cmpfloat (json_object_get_double_member (effect, "rate_after"), ==, 4.0);
    g_assert_cmpfloat (json_object_get_double_member (effect, "expected"), ==, 32.0);
    g_assert_cmpint (json_object_get_int_member (effect, "expected_low"), ==, 16);
    g_assert_cmpint (json_object_get_int_member (effect, "expected_high"), ==, 48);
    g_assert_cmpstr (json_object_get_string_member (effect, "verdict"), ==, "below");
  }
  {
    /* One hour after, at 15:00, the window is open: the posts so far are
     * 14:01, 14:16, 14:31 and 14:46. */
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, message);
    g_auto(PeilTestRun) run = peil_test_cli ("effect", file, "--message", id, "--at", "2026-11-27T15:00:00Z", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "Message 1  2026-11-27T14:00:00Z  Press release\n"
                                              "  “Persbericht: de brand is onder controle”\n"));
    g_assert_true (g_str_has_suffix (run.out, "  IB-WAT What happened: 16.0/h before → 4.0/h after so far: "
                                              "window still open\n"));
  }
  {
    /* A window of 1h30: 24 before (in bins of 22.5 min from 12:30, 6
     * each, flat: 24 expected, 16/h), 6 after (14:01 … 15:16); 16/h →
     * 4/h; the 95% range 24 ± 1.96 √48, 10–38, is 6.7–25.3 an hour, and
     * 6 lies below 10. */
    g_auto(PeilTestRun) run = peil_test_cli ("effect", file, "--window", "90m", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "  IB-WAT What happened: 16.0/h before → 4.0/h after (−75%); "
                                       "expected 16.0/h (95%: 6.7–25.3/h)"));
    g_assert_true (g_str_has_suffix (run.out, ": fewer than the trend before led to expect\n"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("effect", file, "--window", "twee uur", NULL);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "“twee uur” is not a span of time"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("effect", file, "--message", "9", NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no message 9"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("unanswered", file, "--json", NULL);
    JsonObject *item;

    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&node, json_node_unref);
    object = parse_json (run.out, &node);
    g_assert_cmpint (json_object_get_int_member (object, "hours"), ==, 2);
    array = json_object_get_array_member (object, "unanswered");
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    item = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (item, "tag"), ==, "IB-VEILIG");
    g_assert_true (json_object_get_null_member (item, "rumour"));
    g_assert_cmpstr (json_object_get_string_member (item, "label"), ==, "Safety & health");
    g_assert_cmpint (json_object_get_int_member (item, "recent"), ==, 5);
    g_assert_cmpint (json_object_get_int_member (item, "previous"), ==, 0);
    g_assert_true (json_object_get_null_member (item, "last_answered"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("unanswered", file, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "IB-VEILIG Safety & health: 5 posts in the last 2 hours, 0 in the 2 hours before; "
                                  "never answered\n");
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("unanswered", file, "--hours", "0", NULL);

    g_assert_cmpint (run.status, ==, 2);
  }
  g_setenv ("LANGUAGE", "nl", TRUE);
  {
    g_auto(PeilTestRun) run = peil_test_cli ("effect", file, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "16,0/u"));
    g_assert_true (g_str_has_suffix (run.out, "verwacht 16,0/u (95%: 8,0–24,0/u): minder dan de trend ervoor deed verwachten\n"));
  }
  g_setenv ("LANGUAGE", "en", TRUE);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/workflow", test_workflow);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/plugins", test_plugins_list);
  g_test_add_func ("/cli/dutch", test_dutch);
  g_test_add_func ("/cli/dismiss", test_dismiss);
  g_test_add_func ("/cli/rounds-and-reports", test_rounds_and_reports);
  g_test_add_func ("/cli/effect", test_effect);

  return g_test_run ();
}

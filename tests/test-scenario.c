/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "peil-test-util.h"

/* Scenario files (docs/exercise.md): reading CSV and XLSX, every problem
 * with its line, writing CSV, making a scenario of a past incident, and
 * `peil-cli scenario`. */

typedef struct
{
  guint       line;
  const char *part;   /* of the message */
} Expected;

static PeilScenario *
read_path (const char  *path,
           GHashTable  *map,
           GPtrArray  **problems,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilTaxonomy) taxonomy = peil_taxonomy_new_default (NULL);

  return peil_scenario_new_from_file (file, map, taxonomy, problems, NULL, error);
}

static PeilScenario *
read_fixture (const char  *name,
              GHashTable  *map,
              GPtrArray  **problems,
              GError     **error)
{
  g_autofree char *relative = g_build_filename ("scenario", name, NULL);
  g_autofree char *path = peil_test_fixture (relative);

  return read_path (path, map, problems, error);
}

/* A CSV read from text, which must read without problems. */
static PeilScenario *
read_good_csv (const char *csv)
{
  g_autofree char *path = peil_test_write_file ("good.csv", csv);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  PeilScenario *scenario = read_path (path, NULL, &problems, &error);

  for (guint i = 0; problems && i < problems->len; i++)
    g_test_message ("line %u: %s", ((PeilScenarioProblem *)g_ptr_array_index (problems, i))->line,
                    ((PeilScenarioProblem *)g_ptr_array_index (problems, i))->message);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  g_assert_cmpuint (problems->len, ==, 0);
  return scenario;
}

static void
assert_problems (GPtrArray      *problems,
                 const Expected *expected,
                 guint           n_expected)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("line %u: %s", ((PeilScenarioProblem *)g_ptr_array_index (problems, i))->line,
                    ((PeilScenarioProblem *)g_ptr_array_index (problems, i))->message);
  g_assert_cmpuint (problems->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      PeilScenarioProblem *problem = g_ptr_array_index (problems, i);

      g_assert_cmpuint (problem->line, ==, expected[i].line);
      if (strstr (problem->message, expected[i].part) == NULL)
        g_error ("problem %u, “%s”, does not say “%s”", i, problem->message, expected[i].part);
    }
}

/* A CSV with problems: %NULL, the error counting them, and the problems. */
static void
assert_bad_csv (const char     *csv,
                const Expected *expected,
                guint           n_expected)
{
  g_autofree char *path = peil_test_write_file ("bad.csv", csv);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = read_path (path, NULL, &problems, &error);

  g_assert_null (scenario);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  assert_problems (problems, expected, n_expected);
}

static const PeilInject *
find (PeilScenario *scenario,
      const char   *id)
{
  const PeilInject *inject = peil_scenario_find_inject (scenario, id);

  if (inject == NULL)
    g_error ("no inject “%s”", id);
  return inject;
}

static void
assert_tags (const PeilInject *inject,
             const char       *joined)
{
  g_autofree char *tags = NULL;

  if (joined == NULL)
    {
      g_assert_null (inject->gold_tags);
      g_assert_false (peil_inject_is_assessed (inject));
      return;
    }
  g_assert_nonnull (inject->gold_tags);
  tags = g_strjoinv (" ", inject->gold_tags);
  g_assert_cmpstr (tags, ==, joined);
}

/* The demo scenario's format: Dutch headers, offsets, tags split by ';'. */
static void
test_csv_dutch (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = read_fixture ("nl.csv", NULL, &problems, &error);
  const PeilInject *inject;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 5);

  inject = peil_scenario_get_inject (scenario, 0);
  g_assert_cmpstr (inject->id, ==, "K1");
  g_assert_cmpuint (inject->line, ==, 2);
  g_assert_cmpint (inject->offset, ==, 0);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_X);
  g_assert_cmpstr (inject->author, ==, "@buurman_alphen");
  g_assert_cmpstr (inject->text, ==, "Kraan is net omgevallen op de huizen aan de Julianastraat!!");
  assert_tags (inject, "IB-WAT BG-ANGST");
  g_assert_cmpint (inject->priority, ==, 3);
  g_assert_null (inject->rumour);
  g_assert_cmpint (inject->deadline, ==, 600);
  g_assert_cmpstr (inject->expected_action, ==, "Bevestig wat er is gebeurd");
  g_assert_cmpstr (inject->trainer_note, ==, "Opening");

  /* A text over two lines: the record starts on line 3, the next on 5. */
  inject = peil_scenario_get_inject (scenario, 1);
  g_assert_cmpstr (inject->id, ==, "K2");
  g_assert_cmpuint (inject->line, ==, 3);
  g_assert_cmpint (inject->offset, ==, 300);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_PHONE);
  g_assert_cmpstr (inject->text, ==, "Mijn moeder woont op nummer 12.\nIs zij veilig?");
  assert_tags (inject, "IB-VEILIG IB-NAASTEN SB-HULPVRAAG");
  g_assert_cmpint (inject->deadline, ==, 600);
  g_assert_null (inject->trainer_note);

  inject = find (scenario, "K3");
  g_assert_cmpuint (inject->line, ==, 5);
  g_assert_cmpint (inject->offset, ==, 420);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_FACEBOOK);
  g_assert_cmpstr (inject->text, ==, "Ze zeggen dat de kranist dronken was, \"schandalig\"");
  assert_tags (inject, "BG-BOOS RUMOUR-UNVERIFIED");
  g_assert_cmpint (inject->priority, ==, 2);
  g_assert_cmpstr (inject->rumour, ==, "De kranist was dronken");
  g_assert_cmpint (inject->deadline, ==, 900);

  /* "-": assessed, and no tag deserved; empty: not assessed. */
  inject = find (scenario, "K4");
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_NEWS);
  assert_tags (inject, "");
  g_assert_true (peil_inject_is_assessed (inject));
  g_assert_cmpint (inject->priority, ==, 0);
  g_assert_cmpint (inject->deadline, ==, -1);

  inject = peil_scenario_get_inject (scenario, 4);
  g_assert_cmpstr (inject->id, ==, "K5");
  g_assert_cmpint (inject->offset, ==, 5400);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_CRISIS_TEAM);
  assert_tags (inject, NULL);
  g_assert_cmpint (inject->priority, ==, 1);
}

/* English headers as Excel writes them in Dutch: semicolons, CRLF, clock
 * times; tags split by commas and spaces, in any case. */
static void
test_csv_english_clock (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = read_fixture ("en-clock.csv", NULL, &problems, &error);
  const PeilInject *inject;

  g_assert_no_error (error);
  g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 3);

  /* 14:00 is the earliest: the start. */
  inject = peil_scenario_get_inject (scenario, 0);
  g_assert_cmpstr (inject->id, ==, "b");
  g_assert_cmpint (inject->offset, ==, 0);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_PHONE);
  assert_tags (inject, "IB-DOEN");
  g_assert_cmpint (inject->priority, ==, 1);

  inject = peil_scenario_get_inject (scenario, 1);
  g_assert_cmpstr (inject->id, ==, "a");
  g_assert_cmpint (inject->offset, ==, 5 * 60);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_X);
  g_assert_cmpstr (inject->author, ==, "@resident");
  assert_tags (inject, "IB-WAT BG-ANGST");
  g_assert_cmpint (inject->deadline, ==, 600);
  g_assert_cmpint (inject->priority, ==, 3);

  /* 14:32:30 follows the clock times around it. */
  inject = peil_scenario_get_inject (scenario, 2);
  g_assert_cmpstr (inject->id, ==, "c");
  g_assert_cmpint (inject->offset, ==, 32 * 60 + 30);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_WEBCARE);
  assert_tags (inject, "IB-INFO SB-ONRUST");
  g_assert_cmpstr (inject->expected_action, ==, "Answer within 15 minutes");
  g_assert_cmpint (inject->priority, ==, 2);
}

/* The template that ships is a scenario Peil reads, every column in use. */
static void
test_template (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "exercise", "scenario-template.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = read_path (path, NULL, NULL, &error);
  const PeilInject *inject;

  g_assert_no_error (error);
  g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 3);
  inject = find (scenario, "3");
  g_assert_cmpint (inject->offset, ==, 12 * 60);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_FACEBOOK);
  g_assert_cmpstr (inject->author, ==, "Kees");
  assert_tags (inject, "BG-BOOS RUMOUR-UNVERIFIED");
  g_assert_cmpint (inject->priority, ==, 1);
  g_assert_cmpstr (inject->rumour, ==, "De kraanmachinist was dronken");
  g_assert_nonnull (inject->expected_action);
  g_assert_nonnull (inject->trainer_note);
  g_assert_cmpint (find (scenario, "1")->deadline, ==, 600);
  g_assert_cmpint (find (scenario, "2")->deadline, ==, 900);
}

/* The demo scenario that ships (data/exercise/demo): its README counts
 * 156 injects over 90 minutes, X 66, Facebook 19, phone 19, news 12,
 * Instagram 11, WhatsApp 11, webcare 9 and crisis team 9. */
static void
test_demo (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "exercise", "demo", "kraanongeval.csv", NULL);
  static const struct { const char *channel; guint count; } channels[] = {
    { PEIL_CHANNEL_X, 66 }, { PEIL_CHANNEL_FACEBOOK, 19 }, { PEIL_CHANNEL_PHONE, 19 }, { PEIL_CHANNEL_NEWS, 12 },
    { PEIL_CHANNEL_INSTAGRAM, 11 }, { PEIL_CHANNEL_WHATSAPP, 11 }, { PEIL_CHANNEL_WEBCARE, 9 },
    { PEIL_CHANNEL_CRISIS_TEAM, 9 },
  };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = read_path (path, NULL, &problems, &error);
  guint n;

  for (guint i = 0; problems && i < problems->len; i++)
    g_test_message ("line %u: %s", ((PeilScenarioProblem *)g_ptr_array_index (problems, i))->line,
                    ((PeilScenarioProblem *)g_ptr_array_index (problems, i))->message);
  g_assert_no_error (error);
  n = peil_scenario_get_n_injects (scenario);
  g_assert_cmpuint (n, ==, 156);
  g_assert_cmpint (peil_scenario_get_inject (scenario, 0)->offset, ==, 0);
  g_assert_cmpint (peil_scenario_get_inject (scenario, n - 1)->offset, <=, 90 * 60);
  for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
    {
      guint count = 0;

      for (guint i = 0; i < n; i++)
        count += g_str_equal (peil_scenario_get_inject (scenario, i)->channel, channels[c].channel);
      g_assert_cmpuint (count, ==, channels[c].count);
    }
}

static void
test_mapping (void)
{
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  static const Expected unmapped[] = {
    { 1, "No column holds the time" },
    { 1, "No column holds the channel" },
    { 1, "No column holds the text of the injects; name it with --map text=COLUMN. "
         "The columns are “Nr”, “Wanneer”, “Waar”, “Wie”, “Wat”, “Goud”" },
  };
  static const Expected unknown_field[] = { { 1, "Unknown field “kleur”; the fields are id, time, channel" } };
  static const Expected no_column[] = { { 1, "no column “Nergens”" } };

  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = read_fixture ("mapped.csv", NULL, &problems, &error);

    g_assert_null (scenario);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    assert_problems (problems, unmapped, G_N_ELEMENTS (unmapped));
  }

  /* Names compared without case; "Nr" is recognised as the id. */
  g_hash_table_insert (map, (char *)"time", (char *)"wanneer");
  g_hash_table_insert (map, (char *)"channel", (char *)"Waar");
  g_hash_table_insert (map, (char *)"text", (char *)"Wat");
  g_hash_table_insert (map, (char *)"author", (char *)"Wie");
  g_hash_table_insert (map, (char *)"tags", (char *)"Goud");
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = read_fixture ("mapped.csv", map, &problems, &error);
    const PeilInject *inject;

    g_assert_no_error (error);
    g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 2);
    inject = find (scenario, "1");
    g_assert_cmpint (inject->offset, ==, 60);
    g_assert_cmpstr (inject->author, ==, "Anna");
    g_assert_cmpstr (inject->text, ==, "Eerste bericht");
    assert_tags (inject, "IB-WAT");
    inject = find (scenario, "2");
    g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_PHONE);
    assert_tags (inject, NULL);
  }

  /* A map wins over a recognised name, and "" reads a field from none. */
  {
    g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(PeilScenario) scenario = NULL;
    g_autofree char *path = peil_test_write_file ("ids.csv", "id,nummer,tijd,kanaal,tekst\nA,7,+0:01,x,Een\n");
    g_autoptr(GError) error = NULL;

    g_hash_table_insert (ids, (char *)"id", (char *)"nummer");
    scenario = read_path (path, ids, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (find (scenario, "7"));
    g_clear_object (&scenario);

    g_hash_table_insert (ids, (char *)"id", (char *)"");
    scenario = read_path (path, ids, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (find (scenario, "L2"));
  }

  g_hash_table_remove_all (map);
  g_hash_table_insert (map, (char *)"kleur", (char *)"Waar");
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = read_fixture ("mapped.csv", map, &problems, &error);

    g_assert_null (scenario);
    assert_problems (problems, unknown_field, G_N_ELEMENTS (unknown_field));
  }

  g_hash_table_remove_all (map);
  g_hash_table_insert (map, (char *)"time", (char *)"Nergens");
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = read_fixture ("mapped.csv", map, &problems, &error);

    g_assert_null (scenario);
    assert_problems (problems, no_column, G_N_ELEMENTS (no_column));
  }
}

/* Every kind of problem, each on the line its record starts on, all of
 * them, and no scenario. */
static void
test_problems (void)
{
  static const Expected expected[] = {
    { 3, "The text is empty" },
    { 4, "“gisteren” is not a time" },
    { 5, "Unknown channel “postduif”; the channels are x, facebook, instagram, tiktok, mastodon, news, "
         "phone, whatsapp, webcare, crisis-team" },
    { 6, "Unknown tag “IB-ONBEKEND”; the tags of IB are IB-WAT, IB-VEILIG" },
    { 7, "The id “1” is on line 2 already" },
    { 8, "“superhoog” is not a priority" },
    { 8, "“morgen” is not a deadline" },
    { 10, "The row has 5 columns, the header has 11" },
    { 11, "“14:05” is a clock time, but line 2 has an offset from the start (“+0:00”)" },
    { 12, "The time is empty" },
    { 13, "The channel is empty; the channels are x," },
    { 14, "“-” means no tag and cannot stand beside tags" },
    { 15, "“RUMOUR-FALSE” and “RUMOUR-CONFIRMED” are both values of “Rumour status”" },
  };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = read_fixture ("problems.csv", NULL, &problems, &error);

  g_assert_null (scenario);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "13 problems in "));
  g_assert_nonnull (strstr (error->message, "problems.csv"));
  assert_problems (problems, expected, G_N_ELEMENTS (expected));

  /* A thousand problems are listed, then reading stops saying so. */
  {
    g_autoptr(GString) csv = g_string_new ("tijd,kanaal,tekst,tags\n+0:01,x,a,\"");
    g_autofree char *path = NULL;
    g_autoptr(GPtrArray) many = NULL;
    g_autoptr(PeilScenario) none = NULL;
    PeilScenarioProblem *last;

    for (guint i = 0; i < 1500; i++)
      g_string_append_printf (csv, "XX-%u;", i);
    g_string_append (csv, "\"\n+0:02,x,,\n");
    path = peil_test_write_file ("many.csv", csv->str);
    g_clear_error (&error);
    none = read_path (path, NULL, &many, &error);
    g_assert_null (none);
    g_assert_cmpuint (many->len, ==, 1001);
    last = g_ptr_array_index (many, 1000);
    g_assert_cmpuint (last->line, ==, 2);
    g_assert_cmpstr (last->message, ==, "More than 1000 problems; the rest of the file was not checked");
  }

  /* Without a taxonomy codes are not checked, only written in capitals. */
  {
    g_autofree char *path = peil_test_write_file ("free.csv", "tijd,kanaal,tekst,tags\n+0:01,x,Een,eigen-code;IB-ONBEKEND\n");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(PeilScenario) free_codes = peil_scenario_new_from_file (file, NULL, NULL, NULL, NULL, &error);

    g_clear_error (&error);
    g_assert_nonnull (free_codes);
    assert_tags (peil_scenario_get_inject (free_codes, 0), "EIGEN-CODE IB-ONBEKEND");
  }
}

typedef struct
{
  const char *time;
  gint64      offset;
} TimeCase;

/* Offsets in every way a trainer writes them; a file of clock times is
 * timed from its earliest; a file of H:MM:SS alone holds offsets when
 * it starts within the first hour. */
static void
test_times (void)
{
  static const TimeCase offsets[] = {
    { "+0:05", 300 }, { "T+0:06", 360 }, { "7", 420 }, { "+8", 480 }, { "9 min", 540 },
    { "00:10:00", 600 }, { "+1:30:00", 5400 }, { "+0:00:30", 30 }, { "26:00:00", 93600 },
  };
  static const Expected mixed[] = {
    { 4, "“+0:20” is an offset from the start, but line 2 has a clock time (“14:05”)" },
  };
  g_autoptr(GString) csv = g_string_new ("tijd,kanaal,tekst\n");

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    g_string_append_printf (csv, "%s,x,Bericht %u\n", offsets[i].time, i);
  {
    g_autoptr(PeilScenario) scenario = read_good_csv (csv->str);

    for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
      {
        g_autofree char *id = g_strdup_printf ("L%u", i + 2);
        g_test_message ("%s", offsets[i].time);
        g_assert_cmpint (find (scenario, id)->offset, ==, offsets[i].offset);
      }
  }

  /* Clock times from the earliest, wherever it is in the file. */
  {
    g_autoptr(PeilScenario) scenario = read_good_csv ("tijd,kanaal,tekst\n14:05,x,a\n13:55:30,x,b\n15:00,x,c\n");
    g_assert_cmpint (find (scenario, "L3")->offset, ==, 0);
    g_assert_cmpint (find (scenario, "L2")->offset, ==, 570);
    g_assert_cmpint (find (scenario, "L4")->offset, ==, 3870);
    g_assert_cmpstr (peil_scenario_get_inject (scenario, 0)->id, ==, "L3");
  }

  /* H:MM:SS alone: within the first hour offsets, later clock times. */
  {
    g_autoptr(PeilScenario) scenario = read_good_csv ("tijd,kanaal,tekst\n00:05:00,x,a\n00:45:00,x,b\n");
    g_assert_cmpint (find (scenario, "L2")->offset, ==, 300);
    g_assert_cmpint (find (scenario, "L3")->offset, ==, 2700);
  }
  {
    g_autoptr(PeilScenario) scenario = read_good_csv ("tijd,kanaal,tekst\n14:05:00,x,a\n14:45:30,x,b\n");
    g_assert_cmpint (find (scenario, "L2")->offset, ==, 0);
    g_assert_cmpint (find (scenario, "L3")->offset, ==, 2430);
  }

  /* The first time that says which sets the pattern; the break is the problem. */
  assert_bad_csv ("tijd,kanaal,tekst\n14:05,x,a\n14:10:00,x,b\n+0:20,x,c\n", mixed, G_N_ELEMENTS (mixed));
  {
    static const Expected bad[] = {
      { 2, "“25:00” is not a time" },
      { 3, "“+0:60” is not a time" },
      { 4, "“-0:05” is not a time" },
      { 5, "“14.05” is not a time" },
      { 6, "“1:2:3:4” is not a time" },
      { 7, "“10 uur” is not a time" },
    };
    assert_bad_csv ("tijd,kanaal,tekst\n25:00,x,a\n+0:60,x,b\n-0:05,x,c\n14.05,x,d\n1:2:3:4,x,e\n10 uur,x,f\n",
                    bad, G_N_ELEMENTS (bad));
  }
}

typedef struct
{
  const char *written;
  const char *channel;
} ChannelCase;

/* Clock times that cross midnight: a time more than 12 hours before the
 * one on the row above is on the next day. 23:55 then 00:05 is ten
 * minutes in, not 23 hours 50 before; a row listed out of order within
 * the day stays where its time puts it. */
static void
test_clock_past_midnight (void)
{
  g_autoptr(PeilScenario) scenario = read_good_csv ("tijd,kanaal,tekst\n"
                                                    "23:55,x,voor middernacht\n"
                                                    "00:05,x,na middernacht\n"
                                                    "23:58,x,later opgeschreven\n"
                                                    "01:30,x,anderhalf uur\n");

  g_assert_cmpstr (peil_scenario_get_inject (scenario, 0)->text, ==, "voor middernacht");
  g_assert_cmpint (peil_scenario_get_inject (scenario, 0)->offset, ==, 0);
  g_assert_cmpstr (peil_scenario_get_inject (scenario, 1)->text, ==, "later opgeschreven");
  g_assert_cmpint (peil_scenario_get_inject (scenario, 1)->offset, ==, 180);
  g_assert_cmpstr (peil_scenario_get_inject (scenario, 2)->text, ==, "na middernacht");
  g_assert_cmpint (peil_scenario_get_inject (scenario, 2)->offset, ==, 600);
  g_assert_cmpstr (peil_scenario_get_inject (scenario, 3)->text, ==, "anderhalf uur");
  g_assert_cmpint (peil_scenario_get_inject (scenario, 3)->offset, ==, 95 * 60);
}

/* Ids starting with U- are the unscripted injects' (`exercise inject`):
 * `scenario check` says so on the line, as `exercise new` would refuse. */
static void
test_unscripted_id (void)
{
  static const Expected expected[] = { { 3, "The id “U-7” starts with “U-”" } };
  g_autofree char *path = peil_test_write_file ("unscripted.csv",
                                                "id,tijd,kanaal,tekst\n"
                                                "K1,+0:00,x,a\n"
                                                "U-7,+0:01,x,b\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = read_path (path, NULL, &problems, &error);

  g_assert_null (scenario);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  assert_problems (problems, expected, G_N_ELEMENTS (expected));

  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", path, NULL);
    g_autofree char *line = g_strdup_printf ("%s:3: The id “U-7” starts with “U-”", path);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, line));
  }
}

static void
test_channels (void)
{
  static const ChannelCase cases[] = {
    { "X", PEIL_CHANNEL_X }, { "Twitter", PEIL_CHANNEL_X }, { "FB", PEIL_CHANNEL_FACEBOOK },
    { "Insta", PEIL_CHANNEL_INSTAGRAM }, { "TikTok", PEIL_CHANNEL_TIKTOK }, { "mastodon", PEIL_CHANNEL_MASTODON },
    { "Nieuws", PEIL_CHANNEL_NEWS }, { "Krant", PEIL_CHANNEL_NEWS }, { "Telefoon", PEIL_CHANNEL_PHONE },
    { "tel", PEIL_CHANNEL_PHONE }, { "WhatsApp", PEIL_CHANNEL_WHATSAPP }, { "sms", PEIL_CHANNEL_WHATSAPP },
    { "Webcare", PEIL_CHANNEL_WEBCARE }, { "e-mail", PEIL_CHANNEL_WEBCARE }, { "Crisis Team", PEIL_CHANNEL_CRISIS_TEAM },
    { "crisisteam", PEIL_CHANNEL_CRISIS_TEAM }, { "CT", PEIL_CHANNEL_CRISIS_TEAM }, { " x ", PEIL_CHANNEL_X },
  };
  g_autoptr(GString) csv = g_string_new ("tijd;kanaal;tekst\n");
  g_autoptr(PeilScenario) scenario = NULL;
  const char * const *all = peil_channel_get_all ();

  g_assert_cmpuint (g_strv_length ((char **)all), ==, 10);
  g_assert_cmpstr (all[0], ==, PEIL_CHANNEL_X);
  g_assert_cmpstr (all[9], ==, PEIL_CHANNEL_CRISIS_TEAM);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (csv, "+0:%02u;%s;Bericht\n", i, cases[i].written);
  scenario = read_good_csv (csv->str);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].written);
      g_assert_cmpstr (peil_scenario_get_inject (scenario, i)->channel, ==, cases[i].channel);
    }
}

static void
test_tags_priority_deadline (void)
{
  g_autoptr(PeilScenario) scenario = read_good_csv (
    "tijd,kanaal,tekst,tags,prioriteit,deadline\n"
    "+0:01,x,a,\"ib-wat, bg-angst;SB-OPVOLGEN  IB-WAT\",High,5\n"
    "+0:02,x,b,geen,MIDDEL,0:10\n"
    "+0:03,x,c,None,laag,10 minuten\n"
    "+0:04,x,d,;,,1:00:00\n"
    ",,,,,\n"
    "+0:05,x,e,PRIORITY-HIGH,3,\n"
    "+0:06,x,f,-,0,+0:03\n");

  /* Codes as the taxonomy spells them, each once, in the file's order. */
  assert_tags (find (scenario, "L2"), "IB-WAT BG-ANGST SB-OPVOLGEN");
  g_assert_cmpint (find (scenario, "L2")->priority, ==, 3);
  g_assert_cmpint (find (scenario, "L2")->deadline, ==, 300);
  assert_tags (find (scenario, "L3"), "");
  g_assert_cmpint (find (scenario, "L3")->priority, ==, 2);
  g_assert_cmpint (find (scenario, "L3")->deadline, ==, 600);
  assert_tags (find (scenario, "L4"), "");
  g_assert_cmpint (find (scenario, "L4")->priority, ==, 1);
  g_assert_cmpint (find (scenario, "L4")->deadline, ==, 600);
  assert_tags (find (scenario, "L5"), NULL);
  g_assert_cmpint (find (scenario, "L5")->priority, ==, 0);
  g_assert_cmpint (find (scenario, "L5")->deadline, ==, 3600);
  /* A row of separators alone (line 6) is no inject. */
  g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 6);
  assert_tags (find (scenario, "L7"), "PRIORITY-HIGH");
  g_assert_cmpint (find (scenario, "L7")->priority, ==, 3);
  g_assert_cmpint (find (scenario, "L7")->deadline, ==, -1);
  assert_tags (find (scenario, "L8"), "");
  g_assert_cmpint (find (scenario, "L8")->priority, ==, 0);
  g_assert_cmpint (find (scenario, "L8")->deadline, ==, 180);

  /* The priority column and a PRIORITY tag that disagree. */
  {
    static const Expected expected[] = { { 3, "The priority is “laag” but the tags hold PRIORITY-HIGH" } };
    g_autofree char *path = peil_test_write_file ("priorities.csv",
                                                  "tijd,kanaal,tekst,tags,prioriteit\n"
                                                  "+0:01,x,a,PRIORITY-HIGH IB-WAT,hoog\n"
                                                  "+0:02,x,b,PRIORITY-HIGH,laag\n");
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) bad = read_path (path, NULL, &problems, &error);

    g_assert_null (bad);
    assert_problems (problems, expected, G_N_ELEMENTS (expected));
  }
}

/* A workbook with English headers: shared strings (one in rich text with
 * a phonetic reading), inline strings, numbers, times kept as fractions
 * of a day, an empty row, and a hidden sheet before it. */
static void
test_xlsx (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = read_fixture ("scenario-en.xlsx", NULL, &problems, &error);
  const PeilInject *inject;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 4);

  inject = peil_scenario_get_inject (scenario, 0);
  g_assert_cmpstr (inject->id, ==, "1");
  g_assert_cmpuint (inject->line, ==, 2);
  g_assert_cmpint (inject->offset, ==, 0);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_X);
  g_assert_cmpstr (inject->author, ==, "Jan de Vries");
  g_assert_cmpstr (inject->text, ==, "The crane fell on the houses!");
  assert_tags (inject, "IB-WAT BG-ANGST");
  g_assert_cmpint (inject->priority, ==, 3);
  g_assert_cmpint (inject->deadline, ==, 600);
  g_assert_cmpstr (inject->expected_action, ==, "Confirm the incident");
  g_assert_cmpstr (inject->trainer_note, ==, "Opening inject");

  /* 0.00347222… of a day under h:mm:ss is 0:05:00. */
  inject = find (scenario, "A2");
  g_assert_cmpuint (inject->line, ==, 3);
  g_assert_cmpint (inject->offset, ==, 300);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_PHONE);
  g_assert_cmpstr (inject->author, ==, "Caller");
  g_assert_cmpint (inject->priority, ==, 2);
  g_assert_cmpint (inject->deadline, ==, 900);

  /* Row 4 is empty: the next inject is on row 5. */
  inject = find (scenario, "A3");
  g_assert_cmpuint (inject->line, ==, 5);
  g_assert_cmpint (inject->offset, ==, 750);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_NEWS);
  g_assert_cmpstr (inject->text, ==, "Crane collapses in Alphen, \"sabotage\" says a witness");
  assert_tags (inject, "");
  g_assert_cmpstr (inject->rumour, ==, "It was sabotage");

  inject = find (scenario, "A4");
  g_assert_cmpuint (inject->line, ==, 6);
  g_assert_cmpint (inject->offset, ==, 5400);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_CRISIS_TEAM);
  assert_tags (inject, NULL);
  g_assert_cmpint (inject->priority, ==, 1);
}

static void
test_xlsx_clock_and_problems (void)
{
  static const Expected expected[] = {
    { 4, "Unknown channel “postduif”" },
    { 7, "The text is empty" },
    { 7, "Unknown tag “IB-NIETS”" },
  };

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = read_fixture ("clock.xlsx", NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (peil_scenario_get_inject (scenario, 0)->text, ==, "Nul");
    g_assert_cmpint (peil_scenario_get_inject (scenario, 0)->offset, ==, 0);
    g_assert_cmpint (peil_scenario_get_inject (scenario, 1)->offset, ==, 300);
    g_assert_cmpint (peil_scenario_get_inject (scenario, 2)->offset, ==, 30 * 60 + 30);
  }
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = read_fixture ("problems.xlsx", NULL, &problems, &error);

    g_assert_null (scenario);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    assert_problems (problems, expected, G_N_ELEMENTS (expected));
  }
}

typedef struct
{
  const char *name;
  const char *part;
} HostileCase;

/* Hostile workbooks give a clear error, no problems and no scenario. */
static void
test_xlsx_hostile (void)
{
  static const HostileCase cases[] = {
    { "truncated.xlsx", "cut short or damaged" },
    { "bomb.xlsx", "Part “xl/worksheets/sheet1.xml” of the workbook unpacks to 100 MB, more than the 64 MB" },
    { "liar.xlsx", "The workbook is damaged: part “xl/worksheets/sheet1.xml”" },
    { "missing-strings.xlsx", "The workbook is damaged: it has no part “xl/sharedStrings.xml”" },
    { "dtd.xlsx", "declares a document type" },
    { "bad-xml.xlsx", "is not well-formed XML (line 3)" },
    { "not-a-zip.xlsx", "not an Excel workbook (XLSX): it is not a zip archive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PeilScenario) scenario = read_fixture (cases[i].name, NULL, &problems, &error);

      g_test_message ("%s: %s", cases[i].name, error ? error->message : "no error");
      g_assert_null (scenario);
      g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].part));
      g_assert_null (problems);
    }

  /* An empty file, however it is named. */
  {
    g_autofree char *csv = peil_test_write_file ("empty.csv", "");
    g_autofree char *xlsx = peil_test_write_file ("empty.xlsx", "");
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = read_path (csv, NULL, NULL, &error);

    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "The file is empty"));
    g_clear_error (&error);
    scenario = read_path (xlsx, NULL, NULL, &error);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "The file is empty"));
  }

  /* An old binary workbook and a file over 64 MB are refused unread. */
  {
    g_autofree char *path = peil_test_write_file ("old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest");
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = read_path (path, NULL, NULL, &error);

    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "old Excel workbook (.xls)"));
  }
  {
    g_autofree char *path = peil_test_tmp_path ("huge.csv");
    g_autoptr(GError) error = NULL;
    g_autoptr(PeilScenario) scenario = NULL;
    FILE *file = g_fopen (path, "w");

    g_assert_nonnull (file);
    g_assert_cmpint (fseek (file, (64 << 20), SEEK_SET), ==, 0);
    g_assert_cmpint (fputc ('x', file), ==, 'x');
    fclose (file);
    scenario = read_path (path, NULL, NULL, &error);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "larger than 64 MB"));
    g_unlink (path);
  }
}

/* Adds @text to @zip as part @name. */
static void
zip_add_text (zip_t      *zip,
              const char *name,
              const char *text)
{
  zip_source_t *source = zip_source_buffer (zip, g_strdup (text), strlen (text), 1);

  g_assert_nonnull (source);
  g_assert_cmpint (zip_file_add (zip, name, source, ZIP_FL_OVERWRITE), >=, 0);
}

/* A shared text of 1 MB that 100 cells refer to: 100 MB of text from a
 * file of a few KB (deflate packs a run of one letter into almost
 * nothing). Each cell's reference counts in full against the text a
 * workbook may give, so it is refused before it is copied 100 times. */
static void
test_xlsx_shared_text_amplified (void)
{
  g_autofree char *path = peil_test_tmp_path ("amplified.xlsx");
  g_autoptr(GString) strings = g_string_new (NULL);
  g_autoptr(GString) sheet = g_string_new (NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = NULL;
  GStatBuf info;
  int zip_status = 0;
  zip_t *zip;

  g_string_append (strings, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                   "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                   "<si><t>time</t></si><si><t>channel</t></si><si><t>text</t></si>"
                   "<si><t>+0:05</t></si><si><t>x</t></si><si><t>");
  for (guint i = 0; i < (1u << 20); i++)
    g_string_append_c (strings, 'A');
  g_string_append (strings, "</t></si></sst>");

  g_string_append (sheet, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                   "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                   "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                   "<c r=\"C1\" t=\"s\"><v>2</v></c></row>");
  for (guint row = 2; row <= 101; row++)
    g_string_append_printf (sheet, "<row r=\"%u\"><c r=\"A%u\" t=\"s\"><v>3</v></c><c r=\"B%u\" t=\"s\"><v>4</v></c>"
                            "<c r=\"C%u\" t=\"s\"><v>5</v></c></row>", row, row, row, row);
  g_string_append (sheet, "</sheetData></worksheet>");

  g_assert_nonnull (zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &zip_status));
  zip_add_text (zip, "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                "</Relationships>");
  zip_add_text (zip, "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
  zip_add_text (zip, "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                "</Relationships>");
  zip_add_text (zip, "xl/sharedStrings.xml", strings->str);
  zip_add_text (zip, "xl/worksheets/sheet1.xml", sheet->str);
  g_assert_cmpint (zip_close (zip), ==, 0);

  /* The attack is a small file. */
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_size, <, 16 * 1024);

  scenario = read_path (path, NULL, &problems, &error);
  g_assert_null (scenario);
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "more than 64 MB of text"));
  g_assert_null (problems);

  /* `scenario check` names the file and the limit. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", path, NULL);
    g_autofree char *expected = g_strdup_printf ("peil-cli: %s: The cells of the workbook hold more than 64 MB", path);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, expected));
  }
}

/* A workbook as Excel-like software writes it (the project's own
 * libxlsxwriter): Dutch headers, times typed as clock times. */
static void
test_xlsx_from_xlsxwriter (void)
{
  static const char * const header[] = { "Nummer", "Tijdstip", "Medium", "Afzender", "Bericht", "Gouden tags",
                                         "Prioriteit", "Gerucht", "Gezien binnen", "Actie", "Trainersnotitie" };
  g_autofree char *path = peil_test_tmp_path ("xlsxwriter.xlsx");
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "Draaiboek");
  lxw_format *clock = workbook_add_format (workbook);
  lxw_format *duration = workbook_add_format (workbook);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilScenario) scenario = NULL;
  const PeilInject *inject;

  format_set_num_format (clock, "hh:mm");
  format_set_num_format (duration, "[h]:mm");
  for (guint c = 0; c < G_N_ELEMENTS (header); c++)
    worksheet_write_string (sheet, 0, c, header[c], NULL);

  worksheet_write_number (sheet, 1, 0, 1, NULL);
  worksheet_write_number (sheet, 1, 1, (14 * 60 + 5) / 1440.0, clock);
  worksheet_write_string (sheet, 1, 2, "telefoon", NULL);
  worksheet_write_string (sheet, 1, 3, "Mevrouw Jansen", NULL);
  worksheet_write_string (sheet, 1, 4, "Mag ik mijn huis weer in?", NULL);
  worksheet_write_string (sheet, 1, 5, "IB-DOEN;IB-VEILIG", NULL);
  worksheet_write_string (sheet, 1, 6, "hoog", NULL);
  worksheet_write_number (sheet, 1, 8, 10 / 1440.0, duration);
  worksheet_write_string (sheet, 1, 9, "Doorverwijzen naar het informatienummer", NULL);

  worksheet_write_number (sheet, 3, 0, 2, NULL);
  worksheet_write_number (sheet, 3, 1, (13 * 60 + 50) / 1440.0, clock);
  worksheet_write_string (sheet, 3, 2, "X", NULL);
  worksheet_write_string (sheet, 3, 4, "Grote knal in het centrum", NULL);
  worksheet_write_string (sheet, 3, 5, "-", NULL);
  worksheet_write_string (sheet, 3, 7, "Er is een gasexplosie geweest", NULL);
  worksheet_write_string (sheet, 3, 10, "Het eerste bericht", NULL);
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  scenario = read_path (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 2);

  inject = peil_scenario_get_inject (scenario, 0);
  g_assert_cmpstr (inject->id, ==, "2");
  g_assert_cmpuint (inject->line, ==, 4);
  g_assert_cmpint (inject->offset, ==, 0);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_X);
  g_assert_null (inject->author);
  assert_tags (inject, "");
  g_assert_cmpstr (inject->rumour, ==, "Er is een gasexplosie geweest");
  g_assert_cmpstr (inject->trainer_note, ==, "Het eerste bericht");

  inject = peil_scenario_get_inject (scenario, 1);
  g_assert_cmpstr (inject->id, ==, "1");
  g_assert_cmpuint (inject->line, ==, 2);
  g_assert_cmpint (inject->offset, ==, 15 * 60);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_PHONE);
  g_assert_cmpstr (inject->author, ==, "Mevrouw Jansen");
  assert_tags (inject, "IB-DOEN IB-VEILIG");
  g_assert_cmpint (inject->priority, ==, 3);
  g_assert_cmpint (inject->deadline, ==, 600);
  g_assert_cmpstr (inject->expected_action, ==, "Doorverwijzen naar het informatienummer");
}

static void
assert_same_inject (const PeilInject *a,
                    const PeilInject *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpint (a->offset, ==, b->offset);
  g_assert_cmpstr (a->channel, ==, b->channel);
  g_assert_cmpstr (a->author, ==, b->author);
  g_assert_cmpstr (a->text, ==, b->text);
  if (a->gold_tags == NULL || b->gold_tags == NULL)
    g_assert_true (a->gold_tags == b->gold_tags);
  else
    g_assert_cmpstrv (a->gold_tags, b->gold_tags);
  g_assert_cmpint (a->priority, ==, b->priority);
  g_assert_cmpstr (a->rumour, ==, b->rumour);
  g_assert_cmpint (a->deadline, ==, b->deadline);
  g_assert_cmpstr (a->expected_action, ==, b->expected_action);
  g_assert_cmpstr (a->trainer_note, ==, b->trainer_note);
}

/* Every field survives writing and reading, text that a spreadsheet would
 * take for a formula too. */
static void
test_write_csv_round_trip (void)
{
  g_autoptr(PeilScenario) scenario = peil_scenario_new ();
  g_autofree char *path = peil_test_tmp_path ("round-trip.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeilScenario) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  PeilInject *inject;

  inject = peil_inject_new ("1", 0, PEIL_CHANNEL_X, "=HYPERLINK(\"http://evil\")");
  inject->author = g_strdup ("-Jan, \"de buurman\"");
  inject->gold_tags = g_strsplit ("IB-WAT BG-ANGST", " ", 0);
  inject->priority = 3;
  inject->deadline = 600;
  inject->rumour = g_strdup ("+31 6 is het nummer van de dader");
  inject->expected_action = g_strdup ("@team: bevestigen");
  inject->trainer_note = g_strdup ("Twee\nregels; met “aanhalingstekens”");
  peil_scenario_add_inject (scenario, inject);

  inject = peil_inject_new ("K-2", 3725, PEIL_CHANNEL_CRISIS_TEAM, "- geen tag verdiend");
  inject->gold_tags = g_new0 (char *, 1);
  inject->priority = 1;
  inject->deadline = 0;
  peil_scenario_add_inject (scenario, inject);

  peil_scenario_add_inject (scenario, peil_inject_new ("3", 5400, PEIL_CHANNEL_WHATSAPP, "Niet beoordeeld, ééns"));

  inject = peil_inject_new ("4", 7200, PEIL_CHANNEL_NEWS, "Prioriteit midden");
  inject->priority = 2;
  inject->gold_tags = g_strsplit ("RUMOUR-UNVERIFIED", " ", 0);
  peil_scenario_add_inject (scenario, inject);

  g_assert_true (peil_scenario_write_csv (scenario, file, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF\"id\",\"time\",\"channel\",\"author\",\"text\",\"tags\","
                                             "\"priority\",\"rumour\",\"deadline\",\"expected action\",\"trainer note\"\r\n"));
  g_assert_nonnull (strstr (contents, "\"'=HYPERLINK(\"\"http://evil\"\")\""));
  g_assert_nonnull (strstr (contents, "\"+1:02:05\",\"crisis-team\""));

  read = read_path (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peil_scenario_get_n_injects (read), ==, 4);
  for (guint i = 0; i < 4; i++)
    assert_same_inject (peil_scenario_get_inject (scenario, i), peil_scenario_get_inject (read, i));
}

static gint64
add_post (PeilIncident *incident,
          const char   *source,
          const char   *channel,
          const char   *time,
          const char   *author,
          const char   *text)
{
  g_autoptr(PeilPost) post = peil_post_new (source, NULL);
  g_autoptr(GError) error = NULL;
  gint64 when = 0;

  if (time != NULL)
    g_assert_true (peil_time_parse (time, NULL, &when));
  peil_post_set_created_at (post, when);
  peil_post_set_channel (post, channel);
  peil_post_set_author_handle (post, author);
  peil_post_set_text (post, text);
  g_assert_true (peil_incident_add_post (incident, post, NULL, &error));
  g_assert_no_error (error);
  return peil_post_get_id (post);
}

static void
tag (PeilIncident *incident,
     const char   *analyst,
     gint64        post,
     const char   *code)
{
  g_autoptr(GError) error = NULL;

  peil_incident_set_analyst (incident, analyst);
  g_assert_true (peil_incident_tag_post (incident, post, code, &error));
  g_assert_no_error (error);
}

/* Posts of a past incident, with tags by two analysts and a rumour. */
static PeilIncident *
past_incident (void)
{
  PeilIncident *incident = peil_test_new_incident ("past.peil");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeilRumour) rumour = NULL;
  gint64 first, phone, fifth;

  /* Added out of time order, as imports add them. */
  add_post (incident, "rss", "www.omroepwest.nl", "2026-11-25T14:20:00Z", "Omroep West", "Kraan valt op huizen");
  first = add_post (incident, "x", NULL, "2026-11-25T14:00:00Z", "@pietje", "Kraan om!");
  add_post (incident, "bluesky", NULL, "2026-11-25T14:03:30Z", "@marja.bsky.social", "Ik zag het gebeuren");
  phone = add_post (incident, "manual", "phone", "2026-11-25T14:10:00Z", NULL, "Beller vraagt naar school");
  fifth = add_post (incident, "mastodon", "mastodon.social", "2026-11-25T14:30:00Z", "@pietje", "Het was sabotage, zegt @marja.bsky.social");
  add_post (incident, "csv", "facebook", "2026-11-25T14:40:00Z", "Henk", "Waarom geen NL-Alert?");
  add_post (incident, "csv", NULL, NULL, "Zonder tijd", "Geen tijd, geen plaats");

  tag (incident, "Anna", first, "IB-WAT");
  tag (incident, "Bert", first, "BG-ANGST");
  tag (incident, "Bert", first, "IB-WAT");
  tag (incident, "Anna", phone, "IB-HINDER");
  tag (incident, "Anna", phone, "PRIORITY-MEDIUM");
  tag (incident, "Bert", phone, "PRIORITY-HIGH");
  tag (incident, "Anna", fifth, "SB-VERSPREIDEN");
  tag (incident, "Bert", fifth, "RUMOUR-UNVERIFIED");

  rumour = peil_incident_add_rumour (incident, "De kraan is gesaboteerd", 0, &error);
  g_assert_no_error (error);
  g_assert_true (peil_incident_link_rumour_post (incident, peil_rumour_get_id (rumour), fifth, TRUE, &error));
  g_assert_no_error (error);
  return incident;
}

static void
test_from_incident (void)
{
  peil_test_autofinal(PeilIncident) incident = past_incident ();
  g_autoptr(PeilScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  const PeilInject *inject;

  scenario = peil_scenario_new_from_incident (incident, 0, 0, 0, NULL, &error);
  g_assert_no_error (error);

  /* The post without a time is left out; the others in time order. */
  g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 6);

  inject = peil_scenario_get_inject (scenario, 0);
  g_assert_cmpstr (inject->id, ==, "1");
  g_assert_cmpint (inject->offset, ==, 0);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_X);
  g_assert_cmpstr (inject->author, ==, "Resident 1");
  g_assert_cmpstr (inject->text, ==, "Kraan om!");
  assert_tags (inject, "IB-WAT BG-ANGST");   /* both analysts', once each */
  g_assert_cmpint (inject->priority, ==, 0);
  g_assert_null (inject->rumour);

  inject = peil_scenario_get_inject (scenario, 1);
  g_assert_cmpint (inject->offset, ==, 210);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_X);    /* Bluesky */
  g_assert_cmpstr (inject->author, ==, "Resident 2");
  assert_tags (inject, NULL);

  inject = peil_scenario_get_inject (scenario, 2);
  g_assert_cmpint (inject->offset, ==, 600);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_PHONE);
  g_assert_null (inject->author);
  /* A post has one priority: Bert's replaced Anna's. */
  assert_tags (inject, "IB-HINDER PRIORITY-HIGH");
  g_assert_cmpint (inject->priority, ==, 3);

  inject = peil_scenario_get_inject (scenario, 3);
  g_assert_cmpint (inject->offset, ==, 1200);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_NEWS);
  g_assert_cmpstr (inject->author, ==, "Resident 3");

  /* The same author is the same resident again. */
  inject = peil_scenario_get_inject (scenario, 4);
  g_assert_cmpint (inject->offset, ==, 1800);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_MASTODON);
  g_assert_cmpstr (inject->author, ==, "Resident 1");
  /* Whom a post names is a pseudonym to the trainees too. */
  g_assert_true (g_str_has_prefix (inject->text, "Het was sabotage, zegt @anon-"));
  g_assert_null (strstr (inject->text, "marja"));
  assert_tags (inject, "SB-VERSPREIDEN RUMOUR-UNVERIFIED");   /* Anna's and Bert's */
  g_assert_cmpstr (inject->rumour, ==, "De kraan is gesaboteerd");

  inject = peil_scenario_get_inject (scenario, 5);
  g_assert_cmpstr (inject->channel, ==, PEIL_CHANNEL_FACEBOOK);   /* a CSV's channel column */
  g_assert_cmpstr (inject->author, ==, "Resident 4");

  /* The written file holds none of the names. */
  {
    g_autofree char *path = peil_test_tmp_path ("from-incident.csv");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;
    static const char * const names[] = { "pietje", "marja", "Omroep West", "Henk" };

    g_assert_true (peil_scenario_write_csv (scenario, file, &error));
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_assert_null (strstr (contents, names[i]));
  }
}

static char *
ids_of (PeilScenario *scenario)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  for (guint i = 0; i < peil_scenario_get_n_injects (scenario); i++)
    {
      const PeilInject *inject = peil_scenario_get_inject (scenario, i);
      g_string_append_printf (texts, "%s%s@%" G_GINT64_FORMAT, i ? " " : "", inject->text, inject->offset);
    }
  return g_string_free (g_steal_pointer (&texts), FALSE);
}

static void
test_from_incident_period_and_sample (void)
{
  peil_test_autofinal(PeilIncident) incident = peil_test_new_incident ("many.peil");
  g_autoptr(GError) error = NULL;
  gint64 from, to;

  /* Posts at minutes 0, 1, 2, 3, 4, 10, 20, 30, 40, 50, 60. */
  static const int minutes[] = { 0, 1, 2, 3, 4, 10, 20, 30, 40, 50, 60 };
  for (guint i = 0; i < G_N_ELEMENTS (minutes); i++)
    {
      g_autofree char *time = g_strdup_printf ("2026-11-25T%02d:%02d:00Z", 14 + minutes[i] / 60, minutes[i] % 60);
      g_autofree char *text = g_strdup_printf ("m%d", minutes[i]);

      add_post (incident, "x", NULL, time, "@a", text);
    }

  /* From 14:02 up to (not including) 14:30: offsets from the first taken. */
  g_assert_true (peil_time_parse ("2026-11-25T14:02:00Z", NULL, &from));
  g_assert_true (peil_time_parse ("2026-11-25T14:30:00Z", NULL, &to));
  {
    g_autoptr(PeilScenario) scenario = peil_scenario_new_from_incident (incident, from, to, 0, NULL, &error);
    g_autofree char *ids = ids_of (scenario);

    g_assert_no_error (error);
    g_assert_cmpstr (ids, ==, "m2@0 m3@60 m4@120 m10@480 m20@1080");
  }

  /* Five spread evenly over 0–60 minutes: the posts nearest to minutes
   * 0, 15, 30, 45 and 60 (at 15 the tie between 10 and 20 goes to the
   * earlier; at 45 to 40), and the same each time. */
  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(PeilScenario) scenario = peil_scenario_new_from_incident (incident, 0, 0, 5, NULL, &error);
      g_autofree char *ids = ids_of (scenario);

      g_assert_no_error (error);
      g_assert_cmpstr (ids, ==, "m0@0 m10@600 m30@1800 m40@2400 m60@3600");
    }

  /* Crowded: eight of eleven. Targets every 60/7 minutes: 0, 8.6, 17.1,
   * 25.7, 34.3, 42.9, 51.4 and 60; the nearest free post to each: m0,
   * m10, m20, m30, m40, m50, m60, and for 60, with m60 taken and nothing
   * after it, the nearest free one before: m4. */
  {
    g_autoptr(PeilScenario) scenario = peil_scenario_new_from_incident (incident, 0, 0, 8, NULL, &error);
    g_autofree char *ids = ids_of (scenario);

    g_assert_no_error (error);
    g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, 8);
    g_assert_cmpstr (ids, ==, "m0@0 m4@240 m10@600 m20@1200 m30@1800 m40@2400 m50@3000 m60@3600");
  }

  /* More than there are: all of them. */
  {
    g_autoptr(PeilScenario) scenario = peil_scenario_new_from_incident (incident, 0, 0, 100, NULL, &error);
    g_assert_cmpuint (peil_scenario_get_n_injects (scenario), ==, G_N_ELEMENTS (minutes));
  }

  /* A period without posts. */
  {
    g_autoptr(PeilScenario) scenario = peil_scenario_new_from_incident (incident, to + 7200, 0, 0, NULL, &error);
    g_assert_null (scenario);
    g_assert_error (error, PEIL_ERROR, PEIL_ERROR_NOT_FOUND);
  }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

static GStrv
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
test_cli (void)
{
  g_autofree char *scenario_dir = peil_test_fixture ("scenario");
  g_autofree char *nl = g_build_filename (scenario_dir, "nl.csv", NULL);
  g_autofree char *bad = g_build_filename (scenario_dir, "problems.csv", NULL);
  g_autofree char *mapped = g_build_filename (scenario_dir, "mapped.csv", NULL);
  g_autofree char *bomb = g_build_filename (scenario_dir, "bomb.xlsx", NULL);
  g_auto(GStrv) before = list_dir (scenario_dir);
  g_autofree char *tmp = peil_test_tmp_path ("");
  g_auto(GStrv) tmp_before = list_dir (tmp);

  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", nl, NULL);
    g_autofree char *first = g_strdup_printf ("%s: 5 injects over 1:30\n", nl);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, first));
    g_assert_nonnull (strstr (run.out, "Channels: X 1, Facebook 1, News 1, Phone 1, Crisis team 1\n"));
    g_assert_nonnull (strstr (run.out, "Assessed: 4, not assessed: 1\n"));
    g_assert_nonnull (strstr (run.out, "Priority: 4, with a deadline: 3\n"));
    g_assert_nonnull (strstr (run.out, "Rumours: 1, in 1 inject\n  “De kranist was dronken”: 1 inject\n"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", bad, NULL);
    g_autofree char *line = g_strdup_printf ("%s:4: “gisteren” is not a time; write an offset from the start "
                                             "(+0:05 or 0:05:00) or a clock time (14:05)\n", bad);
    g_autofree char *last = g_strdup_printf ("%s: 13 problems\n", bad);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, line));
    g_assert_true (g_str_has_suffix (run.err, last));
    lines = g_strsplit (run.err, "\n", 0);
    g_assert_cmpuint (g_strv_length (lines), ==, 15);   /* 13 problems, the count, and after it nothing */
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", mapped, "--map", "time=Wanneer", "--map", "channel=Waar",
                                             "-m", "text=Wat", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "2 injects over 0:02"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", mapped, "--map", "time", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--map FIELD=COLUMN"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", bomb, NULL);
    g_autofree char *start = g_strdup_printf ("peil-cli: %s: Part “xl/worksheets/sheet1.xml” of the workbook unpacks to 100 MB", bomb);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, start));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "frobnicate", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "check|from-incident"));
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* In Dutch. */
  {
    const char *args[] = { "scenario", "check", bad, NULL };
    g_auto(PeilTestRun) run = { 0 };
    g_autofree char *line = g_strdup_printf ("%s:3: De tekst is leeg\n", bad);

    g_setenv ("LANGUAGE", "nl", TRUE);
    run = peil_test_cliv (args);
    g_setenv ("LANGUAGE", "en", TRUE);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, line));
    g_assert_nonnull (strstr (run.err, "13 problemen"));
  }

  /* Checking makes nothing, beside the file or anywhere else. */
  {
    g_auto(GStrv) after = list_dir (scenario_dir);
    g_auto(GStrv) tmp_after = list_dir (tmp);

    g_assert_cmpstrv (after, before);
    g_assert_cmpstrv (tmp_after, tmp_before);
  }
}

static void
test_cli_from_incident (void)
{
  g_autofree char *path = NULL;
  g_autofree char *out = peil_test_tmp_path ("uit-incident.csv");
  g_autofree char *contents = NULL;

  {
    peil_test_autofinal(PeilIncident) incident = past_incident ();
    path = g_file_get_path (peil_incident_get_file (incident));
  }

  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "from-incident", path, out, "--from", "2026-11-25T14:03:00Z",
                                             "--to", "2026-11-25T14:35:00Z", NULL);
    g_autofree char *first = g_strdup_printf ("Wrote 4 injects to %s from %s\n", out, path);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_true (g_str_has_prefix (run.out, first));
    g_assert_nonnull (strstr (run.out, "Assessed: 2, not assessed: 2; authors are pseudonyms\n"));
  }
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"1\",\"+0:00:00\",\"x\",\"Resident 1\",\"Ik zag het gebeuren\""));
  g_assert_null (strstr (contents, "marja"));

  /* Its posts left the incident: logged as an export (issue 14). */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(PeilIncident) incident = peil_incident_open (file, NULL);
    g_autoptr(GPtrArray) events = peil_incident_list_events (incident, 1, NULL);
    PeilEvent *event = g_ptr_array_index (events, 0);

    g_assert_cmpstr (event->action, ==, "export");
    g_assert_cmpstr (event->detail, ==, "{\"format\":\"scenario\",\"posts\":4,\"pseudonymized\":true,"
                                        "\"file\":\"uit-incident.csv\"}");
  }

  /* What it wrote reads back without problems. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "check", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "4 injects over 0:26:30"));
  }
  /* Neither a trainer's scenario nor the incident itself is written over. */
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "from-incident", path, out, NULL);
    g_autofree char *again = NULL;

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "exists already"));
    g_assert_true (g_file_get_contents (out, &again, NULL, NULL));
    g_assert_cmpstr (again, ==, contents);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "from-incident", path, path, NULL);
    peil_test_autofinal(PeilIncident) still = NULL;
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (run.status, ==, 1);
    still = peil_incident_open (file, &error);
    g_assert_no_error (error);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "from-incident", path, out, "--sample", "-1", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(PeilTestRun) run = peil_test_cli ("scenario", "from-incident", path, out, "--from", "gisteren", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/scenario/csv-dutch", test_csv_dutch);
  g_test_add_func ("/scenario/csv-english-clock", test_csv_english_clock);
  g_test_add_func ("/scenario/template", test_template);
  g_test_add_func ("/scenario/demo", test_demo);
  g_test_add_func ("/scenario/mapping", test_mapping);
  g_test_add_func ("/scenario/problems", test_problems);
  g_test_add_func ("/scenario/times", test_times);
  g_test_add_func ("/scenario/unscripted-id", test_unscripted_id);
  g_test_add_func ("/scenario/clock-past-midnight", test_clock_past_midnight);
  g_test_add_func ("/scenario/channels", test_channels);
  g_test_add_func ("/scenario/tags-priority-deadline", test_tags_priority_deadline);
  g_test_add_func ("/scenario/xlsx", test_xlsx);
  g_test_add_func ("/scenario/xlsx-clock-and-problems", test_xlsx_clock_and_problems);
  g_test_add_func ("/scenario/xlsx-hostile", test_xlsx_hostile);
  g_test_add_func ("/scenario/xlsx-shared-text-amplified", test_xlsx_shared_text_amplified);
  g_test_add_func ("/scenario/xlsx-from-xlsxwriter", test_xlsx_from_xlsxwriter);
  g_test_add_func ("/scenario/write-csv-round-trip", test_write_csv_round_trip);
  g_test_add_func ("/scenario/from-incident", test_from_incident);
  g_test_add_func ("/scenario/from-incident-period-and-sample", test_from_incident_period_and_sample);
  g_test_add_func ("/scenario/cli", test_cli);
  g_test_add_func ("/scenario/cli-from-incident", test_cli_from_incident);

  return g_test_run ();
}

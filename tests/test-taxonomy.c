/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "peil-test-util.h"

/* The default taxonomy is METHOD.md §7: three dimensions, with their tags in
 * Dutch and English, and the facets as single-choice dimensions. */
static void
test_default_taxonomy (void)
{
  g_autoptr(GError) error = NULL;
  peil_test_autofinal(PeilTaxonomy) taxonomy = peil_taxonomy_new_default (&error);
  PeilDimension *ib, *bg, *sb, *rumour;
  PeilTag *veilig;

  g_assert_no_error (error);
  g_assert_cmpuint (peil_taxonomy_get_dimensions (taxonomy)->len, ==, 6);

  ib = peil_taxonomy_lookup_dimension (taxonomy, "IB");
  bg = peil_taxonomy_lookup_dimension (taxonomy, "bg");
  sb = peil_taxonomy_lookup_dimension (taxonomy, "SB");
  g_assert_nonnull (ib);
  g_assert_nonnull (bg);
  g_assert_nonnull (sb);
  g_assert_cmpstr (peil_dimension_get_label_for (ib, "nl"), ==, "Informatiebehoefte");
  g_assert_cmpstr (peil_dimension_get_label_for (bg, "en"), ==, "Sense-making");
  g_assert_cmpuint (peil_dimension_get_tags (ib)->len, ==, 9);
  g_assert_cmpuint (peil_dimension_get_tags (bg)->len, ==, 9);
  g_assert_cmpuint (peil_dimension_get_tags (sb)->len, ==, 11);
  g_assert_false (peil_dimension_get_single_choice (ib));

  veilig = peil_taxonomy_lookup_tag (taxonomy, "ib-veilig");
  g_assert_nonnull (veilig);
  g_assert_cmpstr (peil_tag_get_label_for (veilig, "nl"), ==, "Veiligheid & gezondheid");
  g_assert_cmpstr (peil_tag_get_label_for (veilig, "en"), ==, "Safety & health");
  g_assert_true (g_str_has_prefix (peil_tag_get_definition_for (veilig, "nl"), "Is het veilig"));
  g_assert_nonnull (peil_tag_get_definition_for (veilig, "en"));

  /* The optional organisational-damage tag ships hidden. */
  g_assert_true (peil_tag_get_hidden (peil_taxonomy_lookup_tag (taxonomy, "SB-IMAGO")));

  rumour = peil_taxonomy_lookup_dimension (taxonomy, "RUMOUR");
  g_assert_true (peil_dimension_get_single_choice (rumour));
  g_assert_true (peil_dimension_get_facet (rumour));
  g_assert_nonnull (peil_taxonomy_lookup_tag (taxonomy, "RUMOUR-DEBUNKED"));
  g_assert_true (peil_dimension_get_single_choice (peil_taxonomy_lookup_dimension (taxonomy, "ACTOR")));
  g_assert_true (peil_dimension_get_single_choice (peil_taxonomy_lookup_dimension (taxonomy, "PRIORITY")));
}

/* The label shown follows the user's language. */
static void
test_ui_language (void)
{
  peil_test_autofinal(PeilTaxonomy) taxonomy = peil_taxonomy_new_default (NULL);
  PeilTag *tag = peil_taxonomy_lookup_tag (taxonomy, "BG-ANGST");

  g_setenv ("LANGUAGE", "nl", TRUE);
  g_assert_cmpstr (peil_ui_language (), ==, "nl");
  g_assert_cmpstr (peil_tag_get_label (tag), ==, "Angst & onrust");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpstr (peil_ui_language (), ==, "en");
  g_assert_cmpstr (peil_tag_get_label (tag), ==, "Fear & anxiety");
}

static void
test_bad_taxonomy (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (peil_taxonomy_new_from_data ("{", -1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_null (peil_taxonomy_new_from_data ("{\"dimensions\": [{\"label_nl\": \"x\"}]}", -1, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (peil_taxonomy_new_from_data ("{\"dimensions\": [{\"code\": \"A\"}, {\"code\": \"a\"}]}", -1, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
}

/* Issue 9: members of the wrong type and deep nesting are refused with a
 * reason, without criticals or a stack overflow. */
static void
test_hostile_taxonomy (void)
{
  g_autofree char *deep = peil_test_deep_json (100000);
  g_autofree char *too_deep = g_strdup_printf ("{\"dimensions\": %s}", deep);
  const char *hostile[] = {
    "{\"dimensions\": 5}",
    "[]",
    "{\"dimensions\": [5]}",
    "{\"dimensions\": [{\"code\": {}}]}",
    "{\"dimensions\": [{\"code\": \"A\", \"tags\": 5}]}",
    "{\"dimensions\": [{\"code\": \"A\", \"tags\": [{\"code\": [\"A-X\"]}]}]}",
    "{\"dimensions\": [{\"code\": \"A\", \"label_nl\": {}, \"single_choice\": \"ja\"}]}",
    "{\"dimensions\": [{\"code\": \"A\", \"tags\": [{\"code\": \"A-X\", \"hidden\": []}]}]}",
    too_deep,
  };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%.60s", hostile[i]);
      g_assert_null (peil_taxonomy_new_from_data (hostile[i], -1, &error));
      g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
    }
}

/* Each file carries its taxonomy and can add, rename and hide tags of its own. */
static void
test_incident_taxonomy_edits (void)
{
  PeilIncident *incident = peil_test_new_incident ("taxonomy.peil");
  g_autoptr(GError) error = NULL;
  PeilTaxonomy *taxonomy;
  PeilTag *asbest;

  asbest = peil_incident_add_tag_definition (incident, "IB", "IB-ASBEST", "Asbest", "Asbestos", &error);
  g_assert_no_error (error);
  g_assert_nonnull (asbest);

  g_assert_null (peil_incident_add_tag_definition (incident, "IB", "IB-ASBEST", "Nog eens", NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (peil_incident_add_tag_definition (incident, "XX", "XX-1", "Label", NULL, &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (peil_incident_add_tag_definition (incident, "IB", "IB-LEEG", NULL, "", &error));
  g_assert_error (error, PEIL_ERROR, PEIL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (peil_incident_rename_tag (incident, "IB-WAT", "nl", "Wat is er aan de hand", &error));
  g_assert_true (peil_incident_set_tag_hidden (incident, "IB-HINDER", TRUE, &error));
  g_assert_true (peil_incident_set_tag_hidden (incident, "SB-IMAGO", FALSE, &error));
  g_assert_no_error (error);

  incident = peil_test_reopen (incident);
  taxonomy = peil_incident_get_taxonomy (incident);
  asbest = peil_taxonomy_lookup_tag (taxonomy, "IB-ASBEST");
  g_assert_nonnull (asbest);
  g_assert_cmpstr (peil_tag_get_label_for (asbest, "en"), ==, "Asbestos");
  g_assert_cmpstr (peil_tag_get_dimension_code (asbest), ==, "IB");
  /* Added after the last tag of its dimension. */
  g_assert_true (g_ptr_array_index (peil_dimension_get_tags (peil_taxonomy_lookup_dimension (taxonomy, "IB")), 9) == asbest);
  g_assert_cmpstr (peil_tag_get_label_for (peil_taxonomy_lookup_tag (taxonomy, "IB-WAT"), "nl"), ==, "Wat is er aan de hand");
  g_assert_cmpstr (peil_tag_get_label_for (peil_taxonomy_lookup_tag (taxonomy, "IB-WAT"), "en"), ==, "What happened");
  g_assert_true (peil_tag_get_hidden (peil_taxonomy_lookup_tag (taxonomy, "IB-HINDER")));
  g_assert_false (peil_tag_get_hidden (peil_taxonomy_lookup_tag (taxonomy, "SB-IMAGO")));

  /* Another file is not touched by the first one's edits. */
  {
    peil_test_autofinal(PeilIncident) other = peil_test_new_incident ("taxonomy-other.peil");
    g_assert_null (peil_taxonomy_lookup_tag (peil_incident_get_taxonomy (other), "IB-ASBEST"));
  }
  g_assert_finalize_object (incident);
}

int
main (int    argc,
      char **argv)
{
  peil_test_init (&argc, &argv);

  g_test_add_func ("/taxonomy/default", test_default_taxonomy);
  g_test_add_func ("/taxonomy/ui-language", test_ui_language);
  g_test_add_func ("/taxonomy/bad", test_bad_taxonomy);
  g_test_add_func ("/taxonomy/hostile", test_hostile_taxonomy);
  g_test_add_func ("/taxonomy/incident-edits", test_incident_taxonomy_edits);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gi18n.h>
#include <peil.h>

G_BEGIN_DECLS

/* Exit statuses: 0 done, 1 the operation failed, 2 the command was wrong. */
#define PEIL_CLI_FAILED 1
#define PEIL_CLI_USAGE  2

typedef struct
{
  const char  *name;
  const char  *parameters;
  const char  *summary;
  int        (*run) (int argc, char **argv);
} PeilCliCommand;

/* Shared by the commands. */
gboolean          peil_cli_parse          (const GOptionEntry *entries,
                                           int               *argc,
                                           char            ***argv,
                                           int                min_args,
                                           int                max_args);
int               peil_cli_fail           (GError            *error);
int               peil_cli_usage_error    (const char        *command,
                                           const char        *format,
                                           ...) G_GNUC_PRINTF (2, 3);
PeilIncident     *peil_cli_open           (const char        *path,
                                           GError           **error);
char             *peil_cli_dup_analyst    (PeilIncident      *incident);
PeilPluginEngine *peil_cli_plugins        (void);
GSettings        *peil_cli_settings       (void);
void              peil_cli_print_json     (JsonNode          *node);
void              peil_cli_print_builder  (JsonBuilder       *builder);
gint64            peil_cli_parse_id       (const char        *text);
gboolean          peil_cli_check_tags     (PeilIncident      *incident,
                                           char             **codes,
                                           int                n_codes,
                                           GError           **error);
GArray           *peil_cli_parse_post_ids (const char        *command,
                                           char *const       *texts,
                                           guint              n_texts);
PeilScenario     *peil_cli_read_scenario  (const char        *path,
                                           GHashTable        *map);
GHashTable       *peil_cli_parse_maps     (const char        *command,
                                           char             **maps);
char             *peil_cli_read_text_argument (const char  *argument,
                                               GError     **error);
void              peil_cli_add_string_member (JsonBuilder    *builder,
                                              const char     *name,
                                              const char     *value);
void              peil_cli_add_id_member  (JsonBuilder      *builder,
                                           const char       *name,
                                           gint64            id);
void              peil_cli_add_time_member (JsonBuilder      *builder,
                                            const char       *name,
                                            gint64            time);
gboolean          peil_cli_parse_time     (const char        *text,
                                           gint64            *out_time,
                                           GError           **error);
char             *peil_cli_post_text      (PeilPost          *post,
                                           PeilPseudonymizer *names,
                                           guint              max_chars);
char             *peil_cli_one_line       (const char        *text,
                                           guint              max_chars);

/* Options every writing command takes. */
extern char *peil_cli_analyst;
/* Real names instead of pseudonyms, for a reason that is logged. */
#define PEIL_CLI_REAL_NAMES_ENTRY(reason) \
  { "real-names", 0, 0, G_OPTION_ARG_STRING, &(reason), N_("Show real names instead of pseudonyms, and say why (the reason is logged)"), N_("REASON") }

#define PEIL_CLI_ANALYST_ENTRY \
  { "analyst", 0, 0, G_OPTION_ARG_STRING, &peil_cli_analyst, N_("Name to record as the analyst (default: the settings, $PEIL_ANALYST or your name)"), N_("NAME") }

int peil_cli_new      (int argc, char **argv);
int peil_cli_info     (int argc, char **argv);
int peil_cli_taxonomy (int argc, char **argv);
int peil_cli_stats    (int argc, char **argv);
int peil_cli_log      (int argc, char **argv);
int peil_cli_purge    (int argc, char **argv);
int peil_cli_privacy  (int argc, char **argv);
int peil_cli_add      (int argc, char **argv);
int peil_cli_import   (int argc, char **argv);
int peil_cli_search   (int argc, char **argv);
int peil_cli_stories  (int argc, char **argv);
int peil_cli_tag      (int argc, char **argv);
int peil_cli_untag    (int argc, char **argv);
int peil_cli_dismiss  (int argc, char **argv);
int peil_cli_suggest  (int argc, char **argv);
int peil_cli_export   (int argc, char **argv);
int peil_cli_plugins_command (int argc, char **argv);
int peil_cli_query    (int argc, char **argv);
int peil_cli_gather   (int argc, char **argv);
int peil_cli_login    (int argc, char **argv);
int peil_cli_round    (int argc, char **argv);
int peil_cli_rumour   (int argc, char **argv);
int peil_cli_message  (int argc, char **argv);
int peil_cli_attention (int argc, char **argv);
int peil_cli_rumour_candidates (int argc, char **argv);
int peil_cli_report   (int argc, char **argv);
int peil_cli_team     (int argc, char **argv);
int peil_cli_next     (int argc, char **argv);
int peil_cli_exercise (int argc, char **argv);
int peil_cli_scenario (int argc, char **argv);
int peil_cli_exercise_score (int argc, char **argv);
int peil_cli_effect   (int argc, char **argv);
int peil_cli_unanswered (int argc, char **argv);

G_END_DECLS

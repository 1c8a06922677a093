/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-bar-chart.h"
#include "peil-post-view.h"
#include "peil-report-page.h"
#include "peil-trainer-bar.h"
#include "peil-window.h"

G_BEGIN_DECLS

struct _PeilWindow
{
  AdwApplicationWindow  parent_instance;

  PeilIncident         *incident;
  PeilPostList         *posts;
  GtkMultiSelection    *selection;
  PeilCounts           *last_counts;   /* as last counted: sources and hours for the sidebar and overview */
  GCancellable         *count_cancellable;  /* counting on a worker after changes elsewhere */
  gboolean              count_again;
  char                 *sidebar_signature;
  gint64                listed_total;   /* posts in the file when the list was loaded; -1: not counted yet */
  AdwToast             *new_posts_toast;  /* weak: "N new posts", offering to show them */
  GHashTable           *counts;        /* "all", "tag:CODE", "untagged:DIM", "source:S", "query:ID" → count */
  GHashTable           *count_labels;  /* same keys → GtkLabel */
  GPtrArray            *undo;          /* arrays of UndoStep (one per post), newest last */
  GPtrArray            *chips;         /* filter keys in force, in the order chosen (peil-window-filter.c) */
  GHashTable           *noted;         /* ids (gint64) of the posts that carry a note */
  GHashTable           *attention;     /* post id → PeilAttentionItem, as the Needs Attention list last ranked them */
  GCancellable         *attention_cancellable;  /* ranking them on a worker */
  gint64                attention_total;  /* how many need attention, as last ranked; -1: not known yet */
  GCancellable         *attention_count_cancellable;  /* ranking them for that number alone */
  gboolean              attention_count_again;  /* changes came while it ranked */
  guint                 attention_count_timeout;  /* ranking for it after changes */
  guint                 focus_tick;    /* moving the focus to the selected row once it is drawn */
  guint                 focus_tries;
  guint                 layout_tick;   /* sharing the room anew after the layout turned */
  guint                 heading_idle;
  PeilGatherJob        *import_job;
  GCancellable         *import_cancellable;
  GPtrArray            *import_queue;  /* GFile waiting to be imported; the first while its columns are read */
  gboolean              import_preparing;  /* the first's columns are being read or chosen */
  GPtrArray            *pending_import;    /* GFile to import once an incident is open, or NULL */
  guint                 import_timeout;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwViewSwitcherTitle *title;
  AdwViewStack         *view_stack;
  GtkBox               *overview_box;
  GtkListBox           *recent_list;
  GtkWidget            *recent_group;
  GtkListBox           *sidebar;
  AdwFlap              *flap;
  GtkPaned             *content_paned;
  GtkWidget            *sidebar_button;
  GtkLabel             *incident_title;
  GtkLabel             *incident_subtitle;
  GtkWidget            *exercise_badge;
  GtkRevealer          *trainer_revealer;
  PeilTrainerBar       *trainer_bar;
  GtkWidget            *filter_bar;
  GtkFlowBox           *chip_box;
  GtkLabel             *match_label;
  GtkWidget            *fold_stories_button;
  GtkSearchEntry       *search_entry;
  GtkLabel             *search_error;
  GtkLabel             *selection_label;
  GtkListView          *post_list_view;
  GtkStack             *list_stack;
  PeilPostView         *post_view;
  PeilReportPage       *report_page;
  GtkEventController   *tag_keys;
  PeilGatherJob        *gather_job;
  GArray               *gather_queue;  /* query ids waiting to run */
  GHashTable           *gathered_elsewhere; /* query id → until when another replica holds it */
  GCancellable         *gather_cancellable;
  guint                 live_source;
  GtkSwitch            *live_switch;     /* weak: rebuilt with the sidebar */
  GMenu                *export_section;
  GtkRevealer          *retention_revealer;
  GtkLabel             *retention_label;
  gboolean              purging;          /* on a worker (peil-window-retention.c) */
  GtkRevealer          *import_revealer;
  GtkLabel             *import_label;
  GtkProgressBar       *import_progress;
  PeilReplica          *replica;         /* when the incident is a team's */
  gboolean              watching_analyst;
  GCancellable         *team_cancellable;
  GtkWidget            *team_button;
  AdwButtonContent     *team_content;
  GPtrArray            *team_members;    /* PeilTeamMember, as last asked */
  GtkWidget            *team_box;        /* weak: rebuilt with the sidebar */
  guint                 team_poll;
  PeilSuggester        *suggester;     /* the open incident's (peil-window-suggest.c) */
  GCancellable         *suggest_cancellable;
  guint                 suggest_timeout;  /* training again after tags changed */
  gboolean              suggest_training;
  gboolean              suggest_again;    /* tags changed while it trained */
  gboolean              accepting;        /* suggestions accepted in bulk on a worker */
  PeilPseudonymizer    *pseudonymizer;    /* the open incident's (peil-window-names.c) */
  gboolean              real_names;       /* shown for a logged reason instead of pseudonyms */
  GPtrArray            *messages;         /* PeilMessage, oldest first, as the Overview last read them */
  GPtrArray            *effects;          /* PeilEffect of every message, as last computed; NULL: not yet */
  GPtrArray            *unanswered;       /* PeilUnanswered, as last listed; NULL: not yet */
  GCancellable         *communication_cancellable;  /* computing those on a worker */
  gboolean              communication_again;  /* changes came while it computed */
  GtkWidget            *message_chart;    /* weak: the Overview's hour chart with the messages' markers */
  GArray               *marked_messages;  /* the message id of each of its markers */
  GtkWidget            *unanswered_list;  /* weak: the Overview's unanswered list */
};

void     peil_window_toast              (PeilWindow  *self,
                                         const char  *message);
void     peil_window_show_error         (PeilWindow  *self,
                                         const GError *error);
void     peil_window_reload_counts      (PeilWindow  *self);
void     peil_window_count_anew         (PeilWindow  *self);
void     peil_window_set_posts          (PeilWindow  *self,
                                         PeilPostList *posts);
PeilPost *peil_window_get_selected_post (PeilWindow  *self);
GPtrArray *peil_window_get_selected_posts (PeilWindow *self);
void     peil_window_select_position    (PeilWindow  *self,
                                         guint        position);
void     peil_window_select_relative    (PeilWindow  *self,
                                         int          delta);
void     peil_window_focus_list         (PeilWindow  *self);
void     peil_window_show_selection     (PeilWindow  *self);

/* peil-window-filter.c: the sidebar and the filters in force */
void     peil_window_class_init_filter  (GtkWidgetClass *widget_class);
void     peil_window_init_filter        (PeilWindow  *self);
void     peil_window_build_sidebar      (PeilWindow  *self);
char    *peil_window_sidebar_signature  (PeilWindow  *self,
                                         GPtrArray   *queries);
void     peil_window_update_count_labels (PeilWindow *self);
void     peil_window_mark_sidebar       (PeilWindow  *self);
void     peil_window_apply_filter       (PeilWindow  *self);
void     peil_window_toggle_filter      (PeilWindow  *self,
                                         const char  *key);
void     peil_window_add_filter         (PeilWindow  *self,
                                         const char  *key);
void     peil_window_set_filter         (PeilWindow  *self,
                                         const char  *key);
char    *peil_window_query_name         (PeilQuery   *query);
void     peil_window_update_match_label (PeilWindow  *self);

/* peil-window-attention.c: the Needs Attention list */
void     peil_window_class_init_attention (GtkWidgetClass *widget_class);
void     peil_window_init_attention     (PeilWindow  *self);
gboolean peil_window_showing_attention  (PeilWindow  *self);
void     peil_window_rank_attention     (PeilWindow  *self);
void     peil_window_stop_attention     (PeilWindow  *self);
void     peil_window_open_attention     (PeilWindow  *self);
void     peil_window_close_attention    (PeilWindow  *self);
void     peil_window_count_attention    (PeilWindow  *self);
char    *peil_window_attention_of       (PeilWindow  *self,
                                         gint64       post_id,
                                         gint64      *story_id);

/* peil-window-gather.c */
void     peil_window_class_init_gather  (GtkWidgetClass *widget_class);
void     peil_window_init_gather        (PeilWindow  *self);
void     peil_window_gather_due         (PeilWindow  *self,
                                         gboolean     all);
void     peil_window_stop_gathering     (PeilWindow  *self);
GtkWidget *peil_window_live_switch_new (PeilWindow  *self);
char    *peil_window_query_coverage     (PeilQuery   *query);
void     peil_window_switch_query       (PeilWindow  *self,
                                         gint64       id);
void     peil_window_remove_query       (PeilWindow  *self,
                                         gint64       id);

/* peil-window-overview.c */
void     peil_window_init_overview      (PeilWindow  *self);
void     peil_window_update_overview    (PeilWindow  *self);

/* peil-window-communication.c: our messages, their effect, the unanswered */
void     peil_window_class_init_communication (GtkWidgetClass *widget_class);
void     peil_window_load_messages      (PeilWindow  *self);
void     peil_window_mark_messages      (PeilWindow  *self,
                                         PeilBarChart *chart);
GtkWidget *peil_window_communication_new (PeilWindow *self);
void     peil_window_refresh_communication (PeilWindow *self);
void     peil_window_close_communication (PeilWindow *self);

/* peil-window-exercise.c */
void     peil_window_open_exercise      (PeilWindow  *self);
void     peil_window_on_trainer_changed (PeilWindow  *self);
void     peil_window_on_trainer_failed  (PeilWindow  *self,
                                         const char  *message);

/* peil-window-retention.c: the end of the retention period, the purge */
void     peil_window_class_init_retention (GtkWidgetClass *widget_class);
void     peil_window_open_retention     (PeilWindow  *self);

/* peil-window-team.c */
void     peil_window_class_init_team    (GtkWidgetClass *widget_class);
void     peil_window_open_team          (PeilWindow  *self);
void     peil_window_close_team         (PeilWindow  *self);
GtkWidget *peil_window_team_row_new     (PeilWindow  *self);
/* peil-window-stories.c */
void     peil_window_init_stories       (PeilWindow  *self);
void     peil_window_open_stories       (PeilWindow  *self);
gboolean peil_window_get_fold_stories   (PeilWindow  *self);

/* peil-window-suggest.c */
void     peil_window_open_suggestions   (PeilWindow  *self);
void     peil_window_stop_suggestions   (PeilWindow  *self);
void     peil_window_relearn_suggestions (PeilWindow *self);
void     peil_window_class_init_suggest (GtkWidgetClass *widget_class);
/* peil-window-tagging.c */
void     peil_window_class_init_names   (GtkWidgetClass *widget_class);
void     peil_window_open_names         (PeilWindow  *self);
PeilPseudonymizer *peil_window_get_names (PeilWindow *self);

void     peil_window_class_init_tagging (GtkWidgetClass *widget_class);
void     peil_window_init_tagging       (PeilWindow  *self);
void     peil_window_update_tag_keys    (PeilWindow  *self);
void     peil_window_toggle_tag         (PeilWindow  *self,
                                         const char  *code);
void     peil_window_undo               (PeilWindow  *self);
void     peil_window_toggle_off_topic   (PeilWindow  *self);
void     peil_window_accept_suggestions (PeilWindow  *self);
gboolean peil_window_accept_suggested   (PeilWindow          *self,
                                         gint64               post_id,
                                         const char * const  *codes,
                                         GPtrArray           *steps,
                                         GError             **error);
GPtrArray *peil_window_new_undo_steps   (void);
GPtrArray *peil_window_show_accepted    (PeilWindow  *self,
                                         GPtrArray   *accepted);
void     peil_window_push_undo          (PeilWindow  *self,
                                         GPtrArray   *steps);

/* peil-window-import.c: importing, exporting and adding by hand */
void     peil_window_init_import        (PeilWindow  *self);
void     peil_window_import_files       (PeilWindow  *self,
                                         GPtrArray   *files);
void     peil_window_choose_import      (PeilWindow  *self);
void     peil_window_ask_for_incident   (PeilWindow  *self);
void     peil_window_import_pending     (PeilWindow  *self);
void     peil_window_cancel_import      (PeilWindow  *self);
void     peil_window_class_init_import  (GtkWidgetClass *widget_class);
void     peil_window_use_import_times   (PeilWindow  *self);
void     peil_window_export_to          (PeilWindow  *self,
                                         PeilExporter *exporter,
                                         GFile       *file);

G_END_DECLS

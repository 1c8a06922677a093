/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-post-view.h"
#include "peil-report-page.h"
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
  GHashTable           *counts;        /* "all", "tag:CODE", "untagged:DIM", "source:S", "query:ID" → count */
  GHashTable           *count_labels;  /* same keys → GtkLabel */
  GPtrArray            *undo;          /* arrays of UndoStep (one per post), newest last */
  char                 *sidebar_key;   /* the sidebar's filter, a key as above */
  PeilGatherJob        *import_job;
  GCancellable         *import_cancellable;
  GPtrArray            *import_queue;  /* GFile waiting to be imported */
  guint                 import_timeout;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwViewSwitcherTitle *title;
  AdwViewStack         *view_stack;
  GtkBox               *overview_box;
  GtkListBox           *recent_list;
  GtkWidget            *recent_group;
  GtkListBox           *sidebar;
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
  GCancellable         *gather_cancellable;
  guint                 live_source;
  GtkSwitch            *live_switch;     /* weak: rebuilt with the sidebar */
  GMenu                *export_section;
  GtkRevealer          *import_revealer;
  GtkLabel             *import_label;
  GtkProgressBar       *import_progress;
};

void     peil_window_toast              (PeilWindow  *self,
                                         const char  *message);
void     peil_window_show_error         (PeilWindow  *self,
                                         const GError *error);
void     peil_window_reload_counts      (PeilWindow  *self);
void     peil_window_apply_filter       (PeilWindow  *self);
PeilPost *peil_window_get_selected_post (PeilWindow  *self);
GPtrArray *peil_window_get_selected_posts (PeilWindow *self);
void     peil_window_select_position    (PeilWindow  *self,
                                         guint        position);
void     peil_window_select_relative    (PeilWindow  *self,
                                         int          delta);

/* peil-window-gather.c */
void     peil_window_class_init_gather  (GtkWidgetClass *widget_class);
void     peil_window_init_gather        (PeilWindow  *self);
void     peil_window_gather_due         (PeilWindow  *self,
                                         gboolean     all);
void     peil_window_stop_gathering     (PeilWindow  *self);
GtkWidget *peil_window_live_switch_new (PeilWindow  *self);
char    *peil_window_query_coverage     (PeilQuery   *query);

/* peil-window-overview.c */
void     peil_window_init_overview      (PeilWindow  *self);
void     peil_window_update_overview    (PeilWindow  *self);

/* peil-window-tagging.c */
void     peil_window_class_init_tagging (GtkWidgetClass *widget_class);
void     peil_window_init_tagging       (PeilWindow  *self);
void     peil_window_update_tag_keys    (PeilWindow  *self);
void     peil_window_toggle_tag         (PeilWindow  *self,
                                         const char  *code);
void     peil_window_undo               (PeilWindow  *self);

/* peil-window-import.c: importing, exporting and adding by hand */
void     peil_window_init_import        (PeilWindow  *self);
void     peil_window_import_files       (PeilWindow  *self,
                                         GPtrArray   *files);
void     peil_window_choose_import      (PeilWindow  *self);
void     peil_window_cancel_import      (PeilWindow  *self);
void     peil_window_class_init_import  (GtkWidgetClass *widget_class);
void     peil_window_export_to          (PeilWindow  *self,
                                         PeilExporter *exporter,
                                         GFile       *file);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

AdwToast *peil_toast_new      (const char   *text);
/* Long enough to read a sentence and its detail, and then they go. */
#define PEIL_ERROR_TOAST_SECONDS 10

gboolean peil_toast_overlay_show (AdwToastOverlay *overlay,
                                  AdwToast        *toast);
void  peil_show_toast        (GtkWidget    *widget,
                              const char   *message);
void  peil_show_error        (GtkWidget    *widget,
                              const GError *error);
char *peil_format_local_time (gint64        unix_time);
void  peil_app_name_incident_files (void);
char *peil_app_dup_author    (PeilPost          *post,
                              PeilPseudonymizer *names);
char *peil_app_dup_text      (PeilPost          *post,
                              PeilPseudonymizer *names);
glong peil_set_post_text     (GtkLabel     *label,
                              const char   *text,
                              glong         max_chars);
void        peil_entry_row_set_error   (AdwEntryRow *row,
                                        const char  *message);
const char *peil_entry_row_get_error   (AdwEntryRow *row);
void        peil_entry_row_clear_error (AdwEntryRow *row);
GtkWidget  *peil_confirm_new           (GtkWindow             *parent,
                                        const char            *heading,
                                        const char            *body,
                                        const char            *confirm,
                                        const char            *confirm_label,
                                        AdwResponseAppearance  appearance);

char       *peil_format_suggested_tags (PeilTaxonomy          *taxonomy,
                                        GPtrArray             *tags,
                                        double                 minimum);

G_END_DECLS

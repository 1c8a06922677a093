/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <peil.h>

G_BEGIN_DECLS

#define PEIL_TYPE_IMPORT_DIALOG (peil_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeilImportDialog, peil_import_dialog, PEIL, IMPORT_DIALOG, AdwWindow)

GtkWidget   *peil_import_dialog_new         (GtkWindow               *parent,
                                             GFile                   *file,
                                             const PeilSourcePreview *preview,
                                             GVariant                *remembered);
AdwComboRow *peil_import_dialog_get_row     (PeilImportDialog *self,
                                             const char       *field);
void         peil_import_dialog_set_column  (PeilImportDialog *self,
                                             const char       *field,
                                             const char       *column);
GVariant    *peil_import_dialog_get_choice  (PeilImportDialog *self);
GHashTable  *peil_import_dialog_get_options (PeilImportDialog *self);

G_END_DECLS

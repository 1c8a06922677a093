/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

GBytes   *peil_privacy_document_html (PeilPrivacyRecord  *record);
GBytes   *peil_privacy_document_pdf  (PeilPrivacyRecord  *record,
                                      GError            **error);
gboolean  peil_privacy_document_save (PeilPrivacyRecord  *record,
                                      GFile              *file,
                                      GError            **error);

G_END_DECLS

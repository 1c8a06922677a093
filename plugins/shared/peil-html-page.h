/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void peil_html_escaped (GString    *out,
                        const char *text);
void peil_html_element (GString    *out,
                        const char *tag,
                        const char *attributes,
                        const char *text);
void peil_html_begin   (GString    *out,
                        const char *language,
                        const char *title,
                        const char *extra_style,
                        gboolean    exercise);
void peil_html_end     (GString    *out);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-report.h"

G_BEGIN_DECLS

gboolean peil_report_check_target (PeilReport  *self,
                                   GFile       *file,
                                   GError     **error);

G_END_DECLS

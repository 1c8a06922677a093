/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peil-gather-job.h"

G_BEGIN_DECLS

void peil_gather_job_keep_state (PeilGatherJob *self,
                                 const char    *key,
                                 const char    *value);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#define PEIL_INSIDE
# include "peil-credentials.h"
# include "peil-dimension.h"
# include "peil-error.h"
# include "peil-exporter.h"
# include "peil-filter.h"
# include "peil-format.h"
# include "peil-gather-job.h"
# include "peil-http.h"
# include "peil-incident.h"
# include "peil-init.h"
# include "peil-json.h"
# include "peil-plugin-engine.h"
# include "peil-post.h"
# include "peil-post-list.h"
# include "peil-query.h"
# include "peil-report.h"
# include "peil-report-exporter.h"
# include "peil-round.h"
# include "peil-rumour.h"
# include "peil-source.h"
# include "peil-source-label.h"
# include "peil-tag.h"
# include "peil-taxonomy.h"
# include "peil-time.h"
#undef PEIL_INSIDE

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <glib.h>

G_BEGIN_DECLS

PEIL_AVAILABLE_IN_ALL
gboolean peil_agreement_cohen_kappa        (const char * const *first,
                                            const char * const *second,
                                            guint               n_units,
                                            double             *out_kappa);
PEIL_AVAILABLE_IN_ALL
gboolean peil_agreement_krippendorff_alpha (const char * const *values,
                                            guint               n_coders,
                                            guint               n_units,
                                            double             *out_alpha);
PEIL_AVAILABLE_IN_ALL
gboolean peil_agreement_quantile           (const double       *values,
                                            guint               n_values,
                                            double              fraction,
                                            double             *out_value);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-agreement"

#include "config.h"

#include <stdlib.h>

#include "peil-agreement.h"

/*
 * The statistics that score an exercise: agreement between two coders
 * (Cohen's kappa), between any number of coders with values missing
 * (Krippendorff's alpha, nominal), and quantiles of response times.
 * Categories are strings compared exactly; a function whose statistic
 * is undefined for its data says so by returning %FALSE, so that no
 * caller ever shows a NaN.
 */

typedef struct
{
  guint first;
  guint second;
} Margins;

/**
 * peil_agreement_cohen_kappa:
 * @first: (array length=n_units): the first coder's category of each unit
 * @second: (array length=n_units): the second coder's, in the same order
 * @out_kappa: (out): κ = (p_o − p_e) / (1 − p_e)
 *
 * Cohen's kappa (Cohen 1960): the agreement of two coders beyond what
 * their own category frequencies would give by chance.
 *
 * Returns: %FALSE when kappa is undefined: no units, or both coders put
 *   every unit in one and the same category (p_e = 1)
 */
gboolean
peil_agreement_cohen_kappa (const char * const *first,
                            const char * const *second,
                            guint               n_units,
                            double             *out_kappa)
{
  g_autoptr(GHashTable) margins = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GHashTableIter iter;
  Margins *margin;
  guint64 agreed = 0, chance = 0, n = n_units;

  g_return_val_if_fail (out_kappa != NULL, FALSE);
  g_return_val_if_fail (n_units == 0 || (first != NULL && second != NULL), FALSE);

  for (guint i = 0; i < n_units; i++)
    {
      const char *categories[2] = { first[i], second[i] };

      g_return_val_if_fail (first[i] != NULL && second[i] != NULL, FALSE);
      agreed += g_str_equal (first[i], second[i]);
      for (guint coder = 0; coder < 2; coder++)
        {
          if (!(margin = g_hash_table_lookup (margins, categories[coder])))
            g_hash_table_insert (margins, (gpointer)categories[coder], margin = g_new0 (Margins, 1));
          if (coder == 0)
            margin->first++;
          else
            margin->second++;
        }
    }

  /* In whole numbers, times n²: p_o = agreed / n, p_e = chance / n². */
  g_hash_table_iter_init (&iter, margins);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&margin))
    chance += (guint64)margin->first * margin->second;
  if (n == 0 || chance == n * n)
    return FALSE;

  *out_kappa = ((double)(n * agreed) - (double)chance) / ((double)(n * n) - (double)chance);
  return TRUE;
}

/**
 * peil_agreement_krippendorff_alpha:
 * @values: (array): @n_coders rows of @n_units categories, row by row
 *   (@values[coder * @n_units + unit]); %NULL where a coder gave none
 * @out_alpha: (out): α = 1 − D_o / D_e
 *
 * Krippendorff's alpha for nominal data, with missing values, computed
 * from the coincidence matrix as in Krippendorff, "Computing
 * Krippendorff's Alpha-Reliability" (2011): a unit counts only with two
 * values or more; each pair of values within a unit adds 1 / (m_u − 1)
 * to the coincidences, where m_u is the unit's number of values.
 *
 * Returns: %FALSE when alpha is undefined: fewer than two pairable values,
 *   or all pairable values in one category (D_e = 0)
 */
gboolean
peil_agreement_krippendorff_alpha (const char * const *values,
                                   guint               n_coders,
                                   guint               n_units,
                                   double             *out_alpha)
{
  g_autoptr(GHashTable) totals = g_hash_table_new (g_str_hash, g_str_equal);   /* category → n_c */
  g_autoptr(GHashTable) in_unit = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer category, count;
  double disagreement = 0;   /* Σ over c ≠ k of o_ck */
  guint64 n = 0, same = 0;   /* n, Σ n_c² */

  g_return_val_if_fail (out_alpha != NULL, FALSE);
  g_return_val_if_fail (values != NULL || n_coders == 0 || n_units == 0, FALSE);

  for (guint unit = 0; unit < n_units; unit++)
    {
      guint64 m = 0, pairs_alike = 0;

      g_hash_table_remove_all (in_unit);
      for (guint coder = 0; coder < n_coders; coder++)
        {
          const char *value = values[coder * n_units + unit];

          if (value == NULL)
            continue;
          m++;
          g_hash_table_insert (in_unit, (gpointer)value,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (in_unit, value)) + 1));
        }
      if (m < 2)
        continue;

      g_hash_table_iter_init (&iter, in_unit);
      while (g_hash_table_iter_next (&iter, &category, &count))
        {
          guint64 n_uc = GPOINTER_TO_UINT (count);

          pairs_alike += n_uc * n_uc;
          g_hash_table_insert (totals, category,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (totals, category)) + n_uc));
        }
      /* The ordered pairs of unlike values, m² − Σ n_uc², weighed 1 / (m_u − 1). */
      disagreement += (double)(m * m - pairs_alike) / (double)(m - 1);
      n += m;
    }

  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    same += (guint64)GPOINTER_TO_UINT (count) * GPOINTER_TO_UINT (count);
  /* D_e's numerator, Σ over c ≠ k of n_c · n_k = n² − Σ n_c². */
  if (n < 2 || n * n == same)
    return FALSE;

  *out_alpha = 1.0 - (double)(n - 1) * disagreement / (double)(n * n - same);
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/**
 * peil_agreement_quantile:
 * @values: (array length=n_values): in any order
 * @fraction: 0.5 for the median, 0.9 for the 90th percentile
 * @out_value: (out): the quantile
 *
 * The quantile by linear interpolation between the closest ranks
 * (Hyndman and Fan's definition 7: R's and NumPy's default, and
 * spreadsheets' PERCENTILE.INC), so a trainer can check it by hand:
 * sorted x₀ … x_{n−1}, h = (n − 1) · @fraction, the value
 * x_⌊h⌋ + (h − ⌊h⌋) · (x_⌊h⌋₊₁ − x_⌊h⌋). Its median is the usual one.
 *
 * Returns: %FALSE when there are no values
 */
gboolean
peil_agreement_quantile (const double *values,
                         guint         n_values,
                         double        fraction,
                         double       *out_value)
{
  g_autofree double *sorted = NULL;
  double h;
  guint below;

  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (fraction >= 0 && fraction <= 1, FALSE);

  if (n_values == 0)
    return FALSE;
  sorted = g_memdup2 (values, n_values * sizeof *values);
  qsort (sorted, n_values, sizeof *sorted, compare_doubles);

  h = (n_values - 1) * fraction;
  below = (guint)h;
  if (below + 1 >= n_values)
    *out_value = sorted[n_values - 1];
  else
    *out_value = sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
  return TRUE;
}

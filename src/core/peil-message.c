/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "peil-format.h"
#include "peil-message.h"
#include "peil-source-label.h"
#include "peil-tag.h"

/**
 * peil_message_get_type:
 *
 * Returns: the #GType of #PeilMessage
 */
G_DEFINE_BOXED_TYPE (PeilMessage, peil_message, peil_message_copy, peil_message_free)

/**
 * peil_message_copy:
 * @message: a #PeilMessage
 *
 * Copies a message and everything it holds.
 *
 * Returns: (transfer full): the copy, to free with peil_message_free()
 */
PeilMessage *
peil_message_copy (const PeilMessage *message)
{
  PeilMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_new0 (PeilMessage, 1);
  copy->id = message->id;
  copy->channel = g_strdup (message->channel);
  copy->text = g_strdup (message->text);
  copy->time = message->time;
  copy->url = g_strdup (message->url);
  copy->source = g_strdup (message->source);
  copy->analyst = g_strdup (message->analyst);
  copy->tags = g_strdupv (message->tags);
  copy->rumours = g_array_copy (message->rumours);
  return copy;
}

/**
 * peil_message_free:
 * @message: (nullable): a #PeilMessage
 *
 * Frees a message and everything it holds.
 */
void
peil_message_free (PeilMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->channel);
  g_free (message->text);
  g_free (message->url);
  g_free (message->source);
  g_free (message->analyst);
  g_strfreev (message->tags);
  g_clear_pointer (&message->rumours, g_array_unref);
  g_free (message);
}

/* The channels of issue 16, in the order a dialog offers them; they are
 * named as sources are (peil_source_label()), so a report in another
 * language than the interface's names them in its own. */
static const char * const channel_ids[] = {
  "website", "x", "mastodon", "facebook", "nl-alert", "press", "call-centre", NULL
};

/**
 * peil_message_channels:
 *
 * The channels a message can go out on, as stored: `website`, `x`,
 * `mastodon`, `facebook`, `nl-alert`, `press` and `call-centre`.
 *
 * Returns: (transfer none) (array zero-terminated=1): the channels' ids
 */
const char * const *
peil_message_channels (void)
{
  return channel_ids;
}

/**
 * peil_message_channel_label:
 * @channel: a channel's id (see peil_message_channels())
 *
 * Names a channel as people say it, in the interface's language.
 *
 * Returns: (transfer none) (nullable): the label, or %NULL when @channel is
 *   not a channel
 */
const char *
peil_message_channel_label (const char *channel)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (channel != NULL, NULL);

  if (!g_strv_contains (channel_ids, channel))
    return NULL;
  label = peil_source_label (channel, peil_ui_language ());
  return g_intern_string (label);
}

/**
 * peil_effect_get_type:
 *
 * Returns: the #GType of #PeilEffect
 */
G_DEFINE_BOXED_TYPE (PeilEffect, peil_effect, peil_effect_copy, peil_effect_free)

/**
 * peil_effect_copy:
 * @effect: a #PeilEffect
 *
 * Copies an effect.
 *
 * Returns: (transfer full): the copy, to free with peil_effect_free()
 */
PeilEffect *
peil_effect_copy (const PeilEffect *effect)
{
  PeilEffect *copy;

  g_return_val_if_fail (effect != NULL, NULL);

  copy = g_memdup2 (effect, sizeof *effect);
  copy->tag = g_strdup (effect->tag);
  copy->label = g_strdup (effect->label);
  return copy;
}

/**
 * peil_effect_free:
 * @effect: (nullable): a #PeilEffect
 *
 * Frees an effect.
 */
void
peil_effect_free (PeilEffect *effect)
{
  if (effect == NULL)
    return;
  g_free (effect->tag);
  g_free (effect->label);
  g_free (effect);
}

/* What each verdict says: never a word of cause. */
static const char * const verdict_labels[] = {
  [PEIL_EFFECT_OPEN]    = N_("window still open"),
  [PEIL_EFFECT_TOO_FEW] = N_("too few posts, or too little time before, to say anything"),
  [PEIL_EFFECT_IN_LINE] = N_("in line with the trend before"),
  [PEIL_EFFECT_BELOW]   = N_("fewer than the trend before led to expect"),
  [PEIL_EFFECT_ABOVE]   = N_("more than the trend before led to expect"),
};

/**
 * peil_effect_verdict_label:
 * @verdict: a #PeilEffectVerdict
 *
 * Says a verdict in the interface's language, without a word of cause:
 * "fewer than the trend before led to expect".
 *
 * Returns: (transfer none): the verdict in words
 */
const char *
peil_effect_verdict_label (PeilEffectVerdict verdict)
{
  g_return_val_if_fail (verdict <= PEIL_EFFECT_ABOVE, NULL);

  return g_dgettext (GETTEXT_PACKAGE, verdict_labels[verdict]);
}

/**
 * peil_effect_describe:
 * @effect: a #PeilEffect
 *
 * Puts an effect's figures in one line in the interface's language: the
 * posts per hour before and after the message and their change, what the
 * trend before led to expect per hour with its 95% range, and the verdict;
 * while the window after is open, the rates so far only.
 *
 * Returns: (transfer full): "6.0/h before → 1.5/h after (−75%); expected
 *   5.2/h (95%: 2.5–8.5/h): fewer than the trend before led to expect"
 */
char *
peil_effect_describe (const PeilEffect *effect)
{
  const char *language = peil_ui_language ();
  double hours;
  g_autofree char *before = NULL, *after = NULL, *expected = NULL, *low = NULL, *high = NULL, *change = NULL;

  g_return_val_if_fail (effect != NULL, NULL);

  hours = MAX (effect->window, 1) / 3600.0;
  before = peil_format_decimal (effect->rate_before, 1, language);
  after = peil_format_decimal (effect->rate_after, 1, language);
  if (effect->verdict == PEIL_EFFECT_OPEN)
    /* TRANSLATORS: the posts per hour before a message and so far after it, while its window
     * after has not passed: "6.0/h before → 1.5/h after so far: window still open" */
    return g_strdup_printf (_("%s/h before → %s/h after so far: %s"), before, after,
                            peil_effect_verdict_label (effect->verdict));

  /* What the trend led to expect is said per hour too, as the rates are. */
  expected = peil_format_decimal (effect->expected / hours, 1, language);
  low = peil_format_decimal (effect->expected_low / hours, 1, language);
  high = peil_format_decimal (effect->expected_high / hours, 1, language);
  if (effect->before > 0)
    {
      double percent = (effect->after - effect->before) * 100.0 / effect->before;
      g_autofree char *magnitude = peil_format_decimal (fabs (percent), 0, language);

      change = g_strdup_printf ("%s%s%%", percent < -0.5 ? "−" : percent >= 0.5 ? "+" : "", magnitude);
      /* TRANSLATORS: the posts per hour before and after a message and their change, the posts
       * per hour the trend before led to expect with its 95% range, and the verdict: "6.0/h
       * before → 1.5/h after (−75%); expected 5.2/h (95%: 2.5–8.5/h): fewer than the trend
       * before led to expect" */
      return g_strdup_printf (_("%s/h before → %s/h after (%s); expected %s/h (95%%: %s–%s/h): %s"), before, after,
                              change, expected, low, high, peil_effect_verdict_label (effect->verdict));
    }
  /* TRANSLATORS: as "%s/h before → %s/h after (%s)…" but without the change, for there were no
   * posts before */
  return g_strdup_printf (_("%s/h before → %s/h after; expected %s/h (95%%: %s–%s/h): %s"), before, after,
                          expected, low, high, peil_effect_verdict_label (effect->verdict));
}

/**
 * peil_unanswered_get_type:
 *
 * Returns: the #GType of #PeilUnanswered
 */
G_DEFINE_BOXED_TYPE (PeilUnanswered, peil_unanswered, peil_unanswered_copy, peil_unanswered_free)

/**
 * peil_unanswered_copy:
 * @unanswered: a #PeilUnanswered
 *
 * Copies an entry of the unanswered list.
 *
 * Returns: (transfer full): the copy, to free with peil_unanswered_free()
 */
PeilUnanswered *
peil_unanswered_copy (const PeilUnanswered *unanswered)
{
  PeilUnanswered *copy;

  g_return_val_if_fail (unanswered != NULL, NULL);

  copy = g_memdup2 (unanswered, sizeof *unanswered);
  copy->tag = g_strdup (unanswered->tag);
  copy->label = g_strdup (unanswered->label);
  return copy;
}

/**
 * peil_unanswered_free:
 * @unanswered: (nullable): a #PeilUnanswered
 *
 * Frees an entry of the unanswered list.
 */
void
peil_unanswered_free (PeilUnanswered *unanswered)
{
  if (unanswered == NULL)
    return;
  g_free (unanswered->tag);
  g_free (unanswered->label);
  g_free (unanswered);
}

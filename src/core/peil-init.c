/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-init"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <malloc.h>

#include "peil-init.h"

/**
 * peil_init:
 *
 * Prepares a program that uses Peil (the window, peil-cli, the benchmark):
 * the user's locale and Peil's translations, from $PEIL_LOCALEDIR when
 * running from the build tree. Programs with a GTK window call
 * gtk_disable_setlocale() too, so that GTK keeps the locale chosen here.
 *
 * Numbers are printed the C way, whatever the locale: see below.
 *
 * It also keeps freed memory in the process: an import allocates and
 * frees a batch of posts at a time, and with glibc's defaults the heap is
 * handed back to the kernel after every batch and taken again, which cost
 * 40% of an import's time in the benchmark.
 */
void
peil_init (void)
{
  const char *localedir = g_getenv ("PEIL_LOCALEDIR");
  const char *locale = setlocale (LC_ALL, "");

  /* glibc's gettext ignores LANGUAGE in the C locale, so LC_ALL=C with
   * LANGUAGE=nl would show English; C.UTF-8 is as plain but honours it
   * (and prints Dutch letters as they are). */
  if (locale == NULL || g_str_equal (locale, "C") || g_str_equal (locale, "POSIX"))
    setlocale (LC_ALL, "C.UTF-8");
  /* Numbers for people are written by peil_format_number() in the
   * interface's language; every printf of a number writes a file format
   * (SVG coordinates, CSS, JSON), where a Dutch decimal comma breaks it. */
  setlocale (LC_NUMERIC, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  mallopt (M_TOP_PAD, 32 << 20);
  mallopt (M_TRIM_THRESHOLD, 128 << 20);
}

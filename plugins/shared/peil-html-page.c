/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-html-page"

#include "config.h"

#include "peil-html-page.h"

/*
 * The page the report and the debrief HTML plugins share, built into each
 * of them (plugins/shared/meson.build): one self-contained file, styles
 * inline, charts as inline SVG, no script and a Content-Security-Policy
 * that forbids any request, so the page can be mailed and opened offline.
 * Every text from an incident or a scenario goes through
 * g_markup_escape_text(): a post holding markup shows as the text it is.
 */

static const char style[] =
  "@page{size:A4;margin:18mm 16mm}"
  "body{font-family:Cantarell,'Noto Sans',Arial,sans-serif;font-size:10.5pt;color:#1e1e1e;"
  "max-width:48em;margin:2em auto;line-height:1.45}"
  "header{border-bottom:3px solid #1c71d8;margin-bottom:1em}"
  "h1{font-size:15pt;margin:0 0 .3em}h2{font-size:13pt;color:#1c71d8;margin:1.6em 0 .4em;"
  "break-after:avoid}h3{font-size:11pt;margin:1em 0 .3em;break-after:avoid}"
  "dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.5em 0 1em}"
  "dl.meta dt{font-weight:bold}dl.meta dd{margin:0}"
  ".text{white-space:pre-wrap}.empty{color:#77767b;font-style:italic}"
  "table{border-collapse:collapse;margin:.5em 0;width:100%;break-inside:auto}"
  "th,td{border-bottom:1px solid #deddda;padding:.2em .5em;text-align:left;vertical-align:top}"
  "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
  "blockquote{margin:.5em 0;padding:.3em .8em;border-left:3px solid #c0bfbc;background:#f6f5f4;"
  "white-space:pre-wrap;break-inside:avoid}blockquote footer{color:#5e5c64;font-size:9pt;white-space:normal}"
  /* Our own messages stand apart from the public's posts. */
  "blockquote.message{border-left-color:#1c71d8}"
  "ul.key{padding-left:1.2em}svg{display:block;margin:.5em 0;max-width:100%}"
  ".note{color:#5e5c64;font-size:9pt}"
  ".watermark{position:fixed;top:40%;left:0;right:0;text-align:center;font-size:48pt;font-weight:bold;"
  "color:rgba(192,28,40,.18);transform:rotate(-30deg);pointer-events:none;z-index:10}"
  ".exercise{color:#c01c28;font-weight:bold}";

void
peil_html_escaped (GString    *out,
                   const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);
  g_string_append (out, escaped);
}

void
peil_html_element (GString    *out,
                   const char *tag,
                   const char *attributes,
                   const char *text)
{
  g_string_append_printf (out, "<%s%s%s>", tag, attributes ? " " : "", attributes ? attributes : "");
  peil_html_escaped (out, text);
  g_string_append_printf (out, "</%s>", tag);
}

/**
 * peil_html_begin:
 * @extra_style: (nullable): CSS of the page's own, after the shared style
 * @exercise: whether the page carries the OEFENING / EXERCISE watermark
 *
 * Starts the page: its head, and the body up to where the content goes.
 */
void
peil_html_begin (GString    *out,
                 const char *language,
                 const char *title,
                 const char *extra_style,
                 gboolean    exercise)
{
  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                               "style-src 'unsafe-inline'\">"
                               "<meta name=\"generator\" content=\"Peil " PACKAGE_VERSION "\">",
                          language);
  peil_html_element (out, "title", NULL, title);
  g_string_append_printf (out, "<style>%s%s</style></head><body>", style, extra_style ? extra_style : "");
  if (exercise)
    g_string_append (out, "<div class=\"watermark\" aria-hidden=\"true\">OEFENING / EXERCISE</div>");
}

void
peil_html_end (GString *out)
{
  g_string_append (out, "</body></html>\n");
}

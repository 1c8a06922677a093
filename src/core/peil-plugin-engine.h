/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined (PEIL_INSIDE) && !defined (PEIL_COMPILATION)
# error "Only <peil.h> can be included directly."
#endif

#include "peil-version-macros.h"

#include <libpeas/peas.h>

#include "peil-debrief-exporter.h"
#include "peil-exporter.h"
#include "peil-report-exporter.h"
#include "peil-source.h"

G_BEGIN_DECLS

/**
 * PEIL_PLUGIN_ABI:
 *
 * The plugin ABI this Peil loads. Plugins declare the ABI they were built
 * for with X-Peil-ABI=… in their .plugin file; a mismatch is refused with
 * a message (peil_plugin_engine_get_error()) instead of loaded.
 */
#define PEIL_PLUGIN_ABI 1

#define PEIL_TYPE_PLUGIN_ENGINE (peil_plugin_engine_get_type ())

PEIL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PeilPluginEngine, peil_plugin_engine, PEIL, PLUGIN_ENGINE, GObject)

PEIL_AVAILABLE_IN_ALL
PeilPluginEngine *peil_plugin_engine_new              (void);
PEIL_AVAILABLE_IN_ALL
PeasEngine       *peil_plugin_engine_get_peas_engine  (PeilPluginEngine   *self);
PEIL_AVAILABLE_IN_ALL
void              peil_plugin_engine_set_disabled     (PeilPluginEngine   *self,
                                                       const char * const *module_names);
PEIL_AVAILABLE_IN_ALL
void              peil_plugin_engine_load_all         (PeilPluginEngine   *self);
PEIL_AVAILABLE_IN_ALL
const GList      *peil_plugin_engine_get_plugins      (PeilPluginEngine   *self);
PEIL_AVAILABLE_IN_ALL
gboolean          peil_plugin_engine_is_disabled      (PeilPluginEngine   *self,
                                                       PeasPluginInfo     *info);
PEIL_AVAILABLE_IN_ALL
const GError     *peil_plugin_engine_get_error        (PeilPluginEngine   *self,
                                                       PeasPluginInfo     *info);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_plugin_engine_get_sources      (PeilPluginEngine   *self);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_plugin_engine_get_exporters    (PeilPluginEngine   *self);
PEIL_AVAILABLE_IN_ALL
PeilSource       *peil_plugin_engine_find_source      (PeilPluginEngine   *self,
                                                       const char         *id);
PEIL_AVAILABLE_IN_ALL
PeilSource       *peil_plugin_engine_find_source_for_file (PeilPluginEngine  *self,
                                                          const char        *format,
                                                          GFile             *file,
                                                          GError           **error);
PEIL_AVAILABLE_IN_ALL
PeilExporter     *peil_plugin_engine_find_exporter    (PeilPluginEngine   *self,
                                                       const char         *format_id);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_plugin_engine_get_report_exporters (PeilPluginEngine *self);
PEIL_AVAILABLE_IN_ALL
PeilReportExporter *peil_plugin_engine_find_report_exporter (PeilPluginEngine *self,
                                                             const char       *format_id);
PEIL_AVAILABLE_IN_ALL
GPtrArray        *peil_plugin_engine_get_debrief_exporters (PeilPluginEngine *self);
PEIL_AVAILABLE_IN_ALL
PeilDebriefExporter *peil_plugin_engine_find_debrief_exporter (PeilPluginEngine *self,
                                                               const char       *format_id);

G_END_DECLS

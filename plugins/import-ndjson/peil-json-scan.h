/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <peil.h>

G_BEGIN_DECLS

typedef struct _PeilJsonScan PeilJsonScan;

typedef enum
{
  PEIL_JSON_SCAN_ABSENT,
  PEIL_JSON_SCAN_STRING,
  PEIL_JSON_SCAN_INT,
  PEIL_JSON_SCAN_OTHER,    /* true, false, null */
  PEIL_JSON_SCAN_OBJECT,
  PEIL_JSON_SCAN_ARRAY,
} PeilJsonScanKind;

PeilJsonScan     *peil_json_scan_new        (const char * const *paths);
void              peil_json_scan_free       (PeilJsonScan       *scan);
gboolean          peil_json_scan_read       (PeilJsonScan       *scan,
                                             const char         *data,
                                             gsize               length);
PeilJsonScanKind  peil_json_scan_get_kind   (PeilJsonScan       *scan,
                                             const char         *path);
const char       *peil_json_scan_get_string (PeilJsonScan       *scan,
                                             const char         *path);
gboolean          peil_json_scan_get_int    (PeilJsonScan       *scan,
                                             const char         *path,
                                             gint64             *out_value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilJsonScan, peil_json_scan_free)

G_END_DECLS

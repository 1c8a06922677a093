/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <peil.h>

G_BEGIN_DECLS

/* g_autoptr() for an object a test makes, asserting as it goes out of
 * scope that it is finalized: nothing the code under test set off (a job,
 * a list, a report, a cache) may keep it alive. Variables go in the
 * reverse order of their declarations, so declare what holds an object
 * after the object. */
#define peil_test_autofinal(TypeName) __attribute__ ((cleanup (peil_test_finalize))) TypeName *

void          peil_test_finalize      (gpointer      location);

/* What a run of peil-cli printed, and its exit status. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} PeilTestRun;

void          peil_test_run_clear     (PeilTestRun  *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PeilTestRun, peil_test_run_clear)

PeilTestRun   peil_test_cliv          (const char * const *args);
PeilTestRun   peil_test_cli           (const char   *first,
                                       ...) G_GNUC_NULL_TERMINATED;

char         *peil_test_tmp_path      (const char   *name);
char         *peil_test_fixture       (const char   *name);
char         *peil_test_write_file    (const char   *name,
                                       const char   *contents);
char         *peil_test_deep_json     (guint         depth);
PeilIncident *peil_test_new_incident  (const char   *name);
PeilIncident *peil_test_reopen        (PeilIncident *incident);
gint64        peil_test_add_post      (PeilIncident *incident,
                                       const char   *source,
                                       const char   *remote_id,
                                       const char   *time,
                                       const char   *author,
                                       const char   *text);
PeilPost     *peil_test_find_post     (PeilIncident *incident,
                                       const char   *remote_id);
char         *peil_test_checksum      (const char   *path);
char         *peil_test_run_tool      (const char * const *argv);
char         *peil_test_collapse_space (const char  *text);
void          peil_test_expect_broken_plugin (void);
PeilPluginEngine *peil_test_engine    (void);
void          peil_test_init          (int          *argc,
                                       char       ***argv);

/* A PNG read back, to check what a picture shows; cairo keeps each pixel
 * as blue, green, red and alpha (or unused) bytes on little-endian
 * machines. */
typedef struct
{
  cairo_surface_t *surface;
  const guchar    *data;
  int              width;
  int              height;
  int              stride;
} PeilTestPicture;

typedef gboolean (*PeilTestColorTest) (guint red,
                                       guint green,
                                       guint blue);

PeilTestPicture *peil_test_picture_load  (const char                  *png);
void             peil_test_picture_free  (PeilTestPicture             *picture);
double           peil_test_picture_ink   (PeilTestPicture             *picture,
                                          const cairo_rectangle_int_t *area);
guint            peil_test_picture_count (PeilTestPicture             *picture,
                                          const cairo_rectangle_int_t *area,
                                          PeilTestColorTest            test);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeilTestPicture, peil_test_picture_free)

G_END_DECLS

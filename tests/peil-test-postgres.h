/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A PostgreSQL server of the test's own: a cluster made by initdb in a
 * temporary folder, listening only on a Unix socket there, with one
 * superuser "peil"; stopped and removed by peil_test_postgres_stop(). */
typedef struct _PeilTestPostgres PeilTestPostgres;

PeilTestPostgres *peil_test_postgres_start   (void);
void              peil_test_postgres_stop    (PeilTestPostgres *server);
void              peil_test_postgres_pause   (PeilTestPostgres *server);
void              peil_test_postgres_resume  (PeilTestPostgres *server);
void              peil_test_postgres_freeze  (PeilTestPostgres *server);
void              peil_test_postgres_thaw    (PeilTestPostgres *server);
char             *peil_test_postgres_address (PeilTestPostgres *server,
                                              const char       *role);
void              peil_test_postgres_sql     (PeilTestPostgres *server,
                                              const char       *sql);
void              peil_test_postgres_load    (PeilTestPostgres *server,
                                              const char       *database,
                                              const char       *path);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

char *peil_test_serve (SoupServerCallback handler);

G_END_DECLS

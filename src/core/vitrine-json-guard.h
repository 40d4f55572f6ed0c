/* vitrine-json-guard.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vitrine_json_check_depth (const char *data,
                                   gsize       length,
                                   guint       max_depth,
                                   gsize      *offset);
gboolean vitrine_json_is_one_container (const char *data,
                                        gsize       length);
guint    vitrine_text_position    (const char *data,
                                   gsize       offset,
                                   guint      *column);

G_END_DECLS

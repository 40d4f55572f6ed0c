/* vitrine-recording-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char      *_vitrine_recording_lock_path  (const char  *file);
gboolean   _vitrine_recording_lock       (const char  *file,
                                          gboolean     remux_mp4,
                                          GError     **error);
void       _vitrine_recording_unlock     (const char  *file);
gboolean   _vitrine_recording_remux      (const char  *input,
                                          const char  *output,
                                          gboolean     to_mp4,
                                          GError     **error);
char      *_vitrine_recording_finish     (const char  *file,
                                          gboolean     remux_mp4,
                                          GError     **error);
GPtrArray *_vitrine_recording_repair_dir (const char  *dir);

G_END_DECLS

/* vitrine-screen-capture-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/app/gstappsrc.h>

#include "vitrine-media-player-private.h"

G_BEGIN_DECLS

typedef struct _VitrineScreenCapture VitrineScreenCapture;

VitrineScreenCapture *_vitrine_screen_capture_new  (const char              *display,
                                                    guint                    width,
                                                    guint                    height,
                                                    guint                    fps,
                                                    GstAppSrc               *video_src,
                                                    VitrineMediaPlayerFunc   failed,
                                                    gpointer                 user_data,
                                                    GError                 **error);
void                  _vitrine_screen_capture_free (VitrineScreenCapture    *self);

G_END_DECLS

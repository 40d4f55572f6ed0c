/* vitrine-portal-capture-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/app/gstappsrc.h>
#include <libportal/portal.h>

#include "vitrine-media-player-private.h"

G_BEGIN_DECLS

typedef enum
{
  VITRINE_PORTAL_CAPTURE_SCREEN,
  VITRINE_PORTAL_CAPTURE_CAMERA,
} VitrinePortalCaptureKind;

typedef struct _VitrinePortalCapture VitrinePortalCapture;

VitrinePortalCapture *_vitrine_portal_capture_new  (VitrinePortalCaptureKind  kind,
                                                    const char               *name,
                                                    const char               *token_key,
                                                    const char               *camera,
                                                    XdpParent                *parent,
                                                    GstAppSrc                *video_src,
                                                    VitrineMediaPlayerFunc    failed,
                                                    gpointer                  user_data);
void                  _vitrine_portal_capture_free (VitrinePortalCapture     *self);

G_END_DECLS

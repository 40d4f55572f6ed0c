/* vitrine-blend-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

typedef struct _VitrineYuvImage VitrineYuvImage;

VitrineYuvImage *_vitrine_yuv_image_new   (cairo_surface_t       *surface);
VitrineYuvImage *_vitrine_yuv_image_ref   (VitrineYuvImage       *image);
void             _vitrine_yuv_image_unref (VitrineYuvImage       *image);
int              _vitrine_yuv_image_get_width  (const VitrineYuvImage *image);
int              _vitrine_yuv_image_get_height (const VitrineYuvImage *image);
void             _vitrine_yuv_image_blend (const VitrineYuvImage *image,
                                           GstVideoFrame         *frame,
                                           int                    x,
                                           int                    y,
                                           double                 alpha);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineYuvImage, _vitrine_yuv_image_unref)

G_END_DECLS

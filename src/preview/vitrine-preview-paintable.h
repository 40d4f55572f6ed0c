/* vitrine-preview-paintable.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>
#include <gst/app/gstappsink.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_PREVIEW_PAINTABLE (vitrine_preview_paintable_get_type ())

G_DECLARE_FINAL_TYPE (VitrinePreviewPaintable, vitrine_preview_paintable,
                      VITRINE, PREVIEW_PAINTABLE, GObject)

VitrinePreviewPaintable *vitrine_preview_paintable_new             (void);
void                     vitrine_preview_paintable_attach          (VitrinePreviewPaintable *self,
                                                                    GstAppSink              *sink);
void                     vitrine_preview_paintable_detach          (VitrinePreviewPaintable *self);
void                     vitrine_preview_paintable_clear           (VitrinePreviewPaintable *self);
gboolean                 vitrine_preview_paintable_is_attached     (VitrinePreviewPaintable *self);
guint64                  vitrine_preview_paintable_get_frame_count (VitrinePreviewPaintable *self);
GdkTexture              *vitrine_preview_paintable_get_texture     (VitrinePreviewPaintable *self);

G_END_DECLS

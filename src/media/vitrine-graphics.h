/* vitrine-graphics.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gst/gst.h>

#include "vitrine-overlay-theme.h"
#include "vitrine-product.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_GRAPHICS (vitrine_graphics_get_type ())

G_DECLARE_FINAL_TYPE (VitrineGraphics, vitrine_graphics, VITRINE, GRAPHICS, GObject)

VitrineGraphics *vitrine_graphics_new                (VitrineOverlayTheme *theme,
                                                      const char          *locale,
                                                      const char          *campaign);
void             vitrine_graphics_set_utm_source     (VitrineGraphics     *self,
                                                      const char          *source);
VitrineProduct  *vitrine_graphics_get_pinned         (VitrineGraphics     *self);
void             vitrine_graphics_pin                (VitrineGraphics     *self,
                                                      VitrineProduct      *product);
void             vitrine_graphics_unpin              (VitrineGraphics     *self);
gboolean         vitrine_graphics_start_deal         (VitrineGraphics     *self,
                                                      VitrineProduct      *product,
                                                      gint64               price,
                                                      guint                seconds,
                                                      GError             **error);
void             vitrine_graphics_stop_deal          (VitrineGraphics     *self);
gboolean         vitrine_graphics_has_deal           (VitrineGraphics     *self);
gint64           vitrine_graphics_get_deal_remaining (VitrineGraphics     *self);
void             vitrine_graphics_set_lower_third    (VitrineGraphics     *self,
                                                      const char          *name,
                                                      const char          *title);
void             vitrine_graphics_set_ticker         (VitrineGraphics     *self,
                                                      const char          *text);
void             vitrine_graphics_show_comment       (VitrineGraphics     *self,
                                                      const char          *text,
                                                      const char          *author,
                                                      const char          *platform);
void             vitrine_graphics_hide_comment       (VitrineGraphics     *self);
void             vitrine_graphics_show_alert         (VitrineGraphics     *self,
                                                      const char          *text);
char            *vitrine_graphics_get_checkout_url   (VitrineGraphics     *self,
                                                      VitrineProduct      *product);
GstElement      *vitrine_graphics_create_element     (VitrineGraphics     *self,
                                                      guint                canvas_width,
                                                      guint                canvas_height,
                                                      const char          *utm_source,
                                                      GError             **error);
cairo_surface_t *vitrine_graphics_render_card        (VitrineGraphics     *self,
                                                      guint                canvas_width,
                                                      guint                canvas_height,
                                                      const char          *utm_source,
                                                      cairo_rectangle_int_t *rect);

G_END_DECLS

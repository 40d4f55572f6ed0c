/* vitrine-overlay-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "vitrine-overlay-render.h"

G_BEGIN_DECLS

/* Every length in a theme and in the renderers is in "units": pixels on a
 * canvas whose short side is 1080 px. A 1280×720 or a 720×1280 canvas thus
 * draws everything at 2/3 of the 1080p size, and a portrait canvas keeps the
 * same type size as its landscape sibling. */
#define VITRINE_OVERLAY_REFERENCE_SIZE 1080.0

/* Colour slots of a theme, in the order of theme_color_names[] in
 * vitrine-overlay-theme.c. */
typedef enum
{
  VITRINE_OVERLAY_COLOR_SHADOW,
  VITRINE_OVERLAY_COLOR_CARD,
  VITRINE_OVERLAY_COLOR_CARD_TEXT,
  VITRINE_OVERLAY_COLOR_CARD_MUTED,
  VITRINE_OVERLAY_COLOR_CARD_BORDER,
  VITRINE_OVERLAY_COLOR_PRICE,
  VITRINE_OVERLAY_COLOR_COMPARE_AT,
  VITRINE_OVERLAY_COLOR_BADGE,
  VITRINE_OVERLAY_COLOR_BADGE_TEXT,
  VITRINE_OVERLAY_COLOR_STOCK,
  VITRINE_OVERLAY_COLOR_DEAL,
  VITRINE_OVERLAY_COLOR_DEAL_TEXT,
  VITRINE_OVERLAY_COLOR_DEAL_ACCENT,
  VITRINE_OVERLAY_COLOR_SOLD_OUT,
  VITRINE_OVERLAY_COLOR_SOLD_OUT_TEXT,
  VITRINE_OVERLAY_COLOR_SOLD_OUT_WASH,
  VITRINE_OVERLAY_COLOR_ACCENT,
  VITRINE_OVERLAY_COLOR_LOWER_THIRD,
  VITRINE_OVERLAY_COLOR_LOWER_THIRD_NAME,
  VITRINE_OVERLAY_COLOR_LOWER_THIRD_TITLE,
  VITRINE_OVERLAY_COLOR_TICKER,
  VITRINE_OVERLAY_COLOR_TICKER_TEXT,
  VITRINE_OVERLAY_COLOR_COMMENT,
  VITRINE_OVERLAY_COLOR_COMMENT_TEXT,
  VITRINE_OVERLAY_COLOR_COMMENT_AUTHOR,
  VITRINE_OVERLAY_COLOR_ALERT,
  VITRINE_OVERLAY_COLOR_ALERT_TEXT,
  VITRINE_OVERLAY_N_COLORS
} VitrineOverlayColor;

typedef enum
{
  VITRINE_OVERLAY_PLATFORM_YOUTUBE,
  VITRINE_OVERLAY_PLATFORM_TWITCH,
  VITRINE_OVERLAY_PLATFORM_FACEBOOK,
  VITRINE_OVERLAY_PLATFORM_INSTAGRAM,
  VITRINE_OVERLAY_PLATFORM_TIKTOK,
  VITRINE_OVERLAY_PLATFORM_KICK,
  VITRINE_OVERLAY_PLATFORM_OTHER,
  VITRINE_OVERLAY_N_PLATFORMS
} VitrineOverlayPlatform;

typedef enum
{
  VITRINE_OVERLAY_WEIGHT_TITLE,
  VITRINE_OVERLAY_WEIGHT_BODY,
  VITRINE_OVERLAY_WEIGHT_PRICE,
  VITRINE_OVERLAY_WEIGHT_LABEL,
  VITRINE_OVERLAY_N_WEIGHTS
} VitrineOverlayWeight;

typedef enum
{
  VITRINE_OVERLAY_RADIUS_CARD,
  VITRINE_OVERLAY_RADIUS_IMAGE,
  VITRINE_OVERLAY_RADIUS_BADGE,
  VITRINE_OVERLAY_RADIUS_DEAL,
  VITRINE_OVERLAY_RADIUS_STAMP,
  VITRINE_OVERLAY_RADIUS_QR,
  VITRINE_OVERLAY_RADIUS_PANEL,
  VITRINE_OVERLAY_RADIUS_ALERT,
  VITRINE_OVERLAY_N_RADII
} VitrineOverlayRadius;

#define VITRINE_OVERLAY_N_KINDS (VITRINE_OVERLAY_ALERT + 1)

/* Straight (not premultiplied) alpha, 0..1. */
typedef struct
{
  double red, green, blue, alpha;
} VitrineOverlayRgba;

typedef struct
{
  VitrineOverlayAnchor anchor;
  double               margin_x;   /* units */
  double               margin_y;   /* units */
} VitrineOverlayPlacement;

/* The theme is immutable once loaded, which is what lets one theme be shared
 * by renderers running on several streaming threads at once. */
struct _VitrineOverlayTheme
{
  GObject                  parent_instance;

  char                    *name;
  char                    *font_family;
  int                      weights[VITRINE_OVERLAY_N_WEIGHTS];
  double                   radii[VITRINE_OVERLAY_N_RADII];
  VitrineOverlayRgba       colors[VITRINE_OVERLAY_N_COLORS];
  VitrineOverlayRgba       platforms[VITRINE_OVERLAY_N_PLATFORMS];
  VitrineOverlayPlacement  placements[2][VITRINE_OVERLAY_N_KINDS];  /* [portrait][kind] */
  guint                    in_ms;
  guint                    out_ms;
  double                   slide;   /* units */
};

/* What every renderer needs to know about the canvas. */
typedef struct
{
  VitrineOverlayTheme *theme;
  int                  canvas_width;
  int                  canvas_height;
  gboolean             portrait;
  double               scale;     /* pixels per unit */
  PangoContext        *context;
} VitrineOverlayFrame;

void                      _vitrine_overlay_frame_init      (VitrineOverlayFrame *frame,
                                                            VitrineOverlayTheme *theme,
                                                            int                  canvas_width,
                                                            int                  canvas_height);
void                      _vitrine_overlay_frame_clear     (VitrineOverlayFrame *frame);
int                       _vitrine_overlay_px              (const VitrineOverlayFrame *frame,
                                                            double                     units);
PangoLayout              *_vitrine_overlay_text            (const VitrineOverlayFrame *frame,
                                                            const char                *text,
                                                            double                     size,
                                                            VitrineOverlayWeight       weight,
                                                            int                        width,
                                                            int                        max_lines,
                                                            gboolean                   end_aligned);
gboolean                  _vitrine_overlay_text_is_rtl     (const VitrineOverlayFrame *frame,
                                                            const char                *text);
void                      _vitrine_overlay_place           (const VitrineOverlayFrame *frame,
                                                            VitrineOverlayKind         kind,
                                                            int                        width,
                                                            int                        height,
                                                            int                        outset,
                                                            cairo_rectangle_int_t     *rect);
cairo_surface_t          *_vitrine_overlay_surface_new     (int       width,
                                                            int       height,
                                                            cairo_t **cr);
void                      _vitrine_overlay_set_color       (cairo_t                  *cr,
                                                            const VitrineOverlayRgba *color);
void                      _vitrine_overlay_set_theme_color (cairo_t                   *cr,
                                                            const VitrineOverlayFrame *frame,
                                                            VitrineOverlayColor        color);
void                      _vitrine_overlay_rounded_rect    (cairo_t *cr,
                                                            double   x,
                                                            double   y,
                                                            double   width,
                                                            double   height,
                                                            double   radius);
void                      _vitrine_overlay_shadow          (cairo_t                   *cr,
                                                            const VitrineOverlayFrame *frame,
                                                            double                     x,
                                                            double                     y,
                                                            double                     width,
                                                            double                     height,
                                                            double                     radius,
                                                            double                     spread);
const VitrineOverlayRgba *_vitrine_overlay_contrast_text   (const VitrineOverlayRgba *background);
void                      _vitrine_overlay_bag_icon        (cairo_t                  *cr,
                                                            double                    cx,
                                                            double                    cy,
                                                            double                    size,
                                                            const VitrineOverlayRgba *color);
int                       _vitrine_overlay_layout_width    (PangoLayout *layout);
int                       _vitrine_overlay_layout_height   (PangoLayout *layout);

/* Test hook: where the card put things, in the coordinates of the surface
 * that vitrine_overlay_card_render() returns. */
typedef struct
{
  cairo_rectangle_int_t body;        /* the card itself, inside its shadow */
  cairo_rectangle_int_t image;
  cairo_rectangle_int_t column;      /* the text column */
  cairo_rectangle_int_t title;
  cairo_rectangle_int_t price;
  cairo_rectangle_int_t compare_at;
  cairo_rectangle_int_t badge;
  cairo_rectangle_int_t stock;
  cairo_rectangle_int_t deal;
  cairo_rectangle_int_t qr;          /* the white square, quiet zone included */
  int                   qr_module;   /* pixels per module, 0 without a QR code */
  double                stamp_x;     /* centre of the SOLD OUT stamp */
  double                stamp_y;
  double                stamp_width;
  double                stamp_height;
  double                stamp_angle; /* radians */
  gboolean              rtl;
  int                   title_unknown_glyphs;
  int                   title_lines;
} VitrineOverlayCardGeometry;

void _vitrine_overlay_card_measure (VitrineOverlayTheme        *theme,
                                    const VitrineOverlayCard   *card,
                                    int                         canvas_width,
                                    int                         canvas_height,
                                    VitrineOverlayCardGeometry *geometry);

G_END_DECLS

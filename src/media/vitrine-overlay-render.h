/* vitrine-overlay-render.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "vitrine-overlay-theme.h"
#include "vitrine-overlay-types.h"

G_BEGIN_DECLS

/* The overlay renderer draws what the viewer sees on top of the program:
 * pure Cairo + Pango + libqrencode, no GStreamer and no GTK. Every function
 * here may be called from any thread, concurrently on distinct content; a
 * theme may be shared by all of them since it never changes once loaded.
 *
 * Strings in the content structs are already formatted by the caller (money
 * by ICU, "Only 3 left", "−25 %", "01:59") and drawn as plain text, never as
 * markup. The structs only borrow their strings; _copy() makes a single-block
 * copy that owns them, for handing content to another thread. */

/**
 * VitrineOverlayCard:
 * @image: (nullable): product picture, an image surface (decode JPEG/WebP
 *   with gdk-pixbuf or GStreamer on a worker and pass the result; ideally
 *   already scaled to about the card's picture size, 190 units). Drawn
 *   cover-fitted into a rounded square. _copy() takes a reference; it must
 *   not be modified while a render runs.
 * @image_path: (nullable): a PNG file read on every render when @image is %NULL
 *   (convenient, but decoding costs; pass @image when re-rendering often).
 *   An unreadable picture leaves a placeholder tile.
 * @title: product title, wrapped on two lines at most and ellipsized
 * @price: the price to pay, e.g. "€129,00"
 * @compare_at: (nullable): the former price, drawn smaller and struck through
 * @badge: (nullable): discount badge text, e.g. "−25 %"
 * @stock: (nullable): stock line, e.g. "Only 3 left"
 * @sold_out: stamp the card SOLD OUT and dim its price
 * @sold_out_label: (nullable): the stamp's text; %NULL for a translated "SOLD OUT"
 * @deal_price: (nullable): shows the flash-deal block when set
 * @deal_countdown: (nullable): time left, e.g. "01:59"
 * @deal_label: (nullable): the deal block's label; %NULL for a translated "Flash deal"
 * @qr_url: (nullable): encoded as a QR code (EC level M, quiet zone of 4 modules)
 * @qr_caption: (nullable): under the QR code; %NULL for a translated "Scan to buy"
 *
 * A product card. The card lays itself out right-to-left (picture on the
 * right, text right-aligned) when its title is in a right-to-left script.
 */
typedef struct
{
  cairo_surface_t *image;
  const char      *image_path;
  const char      *title;
  const char      *price;
  const char      *compare_at;
  const char      *badge;
  const char      *stock;
  gboolean         sold_out;
  const char      *sold_out_label;
  const char      *deal_price;
  const char      *deal_countdown;
  const char      *deal_label;
  const char      *qr_url;
  const char      *qr_caption;
} VitrineOverlayCard;

/**
 * VitrineOverlayLowerThird:
 * @name: the person's name, large
 * @title: (nullable): their role or the segment, under the name
 */
typedef struct
{
  const char *name;
  const char *title;
} VitrineOverlayLowerThird;

/**
 * VitrineOverlayTicker:
 * @text: one line of text, repeated along the band as it scrolls
 */
typedef struct
{
  const char *text;
} VitrineOverlayTicker;

/**
 * VitrineOverlayComment:
 * @text: what the viewer wrote; three lines at most
 * @author: the viewer's display name
 * @platform: (nullable): "youtube", "twitch", "facebook", "instagram",
 *   "tiktok" or "kick" pick that platform's badge; anything else is shown
 *   as given in the neutral colour; %NULL shows no badge
 */
typedef struct
{
  const char *text;
  const char *author;
  const char *platform;
} VitrineOverlayComment;

/**
 * VitrineOverlayAlert:
 * @text: the whole sentence, e.g. "Anna just bought Linen Shirt"
 */
typedef struct
{
  const char *text;
} VitrineOverlayAlert;

/**
 * VitrineOverlayTransform:
 * @dx: horizontal offset in pixels to add to the overlay's rectangle
 * @dy: vertical offset in pixels
 * @alpha: global opacity, 0..1, to multiply the overlay by
 */
typedef struct
{
  int    dx;
  int    dy;
  double alpha;
} VitrineOverlayTransform;

#define VITRINE_TYPE_OVERLAY_CARD (vitrine_overlay_card_get_type ())
#define VITRINE_TYPE_OVERLAY_LOWER_THIRD (vitrine_overlay_lower_third_get_type ())
#define VITRINE_TYPE_OVERLAY_TICKER (vitrine_overlay_ticker_get_type ())
#define VITRINE_TYPE_OVERLAY_COMMENT (vitrine_overlay_comment_get_type ())
#define VITRINE_TYPE_OVERLAY_ALERT (vitrine_overlay_alert_get_type ())

GType vitrine_overlay_card_get_type        (void) G_GNUC_CONST;
GType vitrine_overlay_lower_third_get_type (void) G_GNUC_CONST;
GType vitrine_overlay_ticker_get_type      (void) G_GNUC_CONST;
GType vitrine_overlay_comment_get_type     (void) G_GNUC_CONST;
GType vitrine_overlay_alert_get_type       (void) G_GNUC_CONST;

VitrineOverlayCard *vitrine_overlay_card_copy  (const VitrineOverlayCard *self);
void                vitrine_overlay_card_free  (VitrineOverlayCard *self);
gboolean            vitrine_overlay_card_equal (const VitrineOverlayCard *a,
                                                const VitrineOverlayCard *b);
guint               vitrine_overlay_card_hash  (const VitrineOverlayCard *self);

void             vitrine_overlay_card_layout (VitrineOverlayTheme      *theme,
                                              const VitrineOverlayCard *card,
                                              int                       canvas_width,
                                              int                       canvas_height,
                                              cairo_rectangle_int_t    *rect);
cairo_surface_t *vitrine_overlay_card_render (VitrineOverlayTheme      *theme,
                                              const VitrineOverlayCard *card,
                                              int                       canvas_width,
                                              int                       canvas_height,
                                              cairo_rectangle_int_t    *rect);

VitrineOverlayLowerThird *vitrine_overlay_lower_third_copy  (const VitrineOverlayLowerThird *self);
void                      vitrine_overlay_lower_third_free  (VitrineOverlayLowerThird *self);
gboolean                  vitrine_overlay_lower_third_equal (const VitrineOverlayLowerThird *a,
                                                             const VitrineOverlayLowerThird *b);
guint                     vitrine_overlay_lower_third_hash  (const VitrineOverlayLowerThird *self);

cairo_surface_t *vitrine_overlay_lower_third_render (VitrineOverlayTheme            *theme,
                                                     const VitrineOverlayLowerThird *lower_third,
                                                     int                             canvas_width,
                                                     int                             canvas_height,
                                                     cairo_rectangle_int_t          *rect);

VitrineOverlayTicker *vitrine_overlay_ticker_copy  (const VitrineOverlayTicker *self);
void                  vitrine_overlay_ticker_free  (VitrineOverlayTicker *self);
gboolean              vitrine_overlay_ticker_equal (const VitrineOverlayTicker *a,
                                                    const VitrineOverlayTicker *b);
guint                 vitrine_overlay_ticker_hash  (const VitrineOverlayTicker *self);

void             vitrine_overlay_ticker_layout       (VitrineOverlayTheme   *theme,
                                                      int                    canvas_width,
                                                      int                    canvas_height,
                                                      cairo_rectangle_int_t *rect);
cairo_surface_t *vitrine_overlay_ticker_render_strip (VitrineOverlayTheme        *theme,
                                                      const VitrineOverlayTicker *ticker,
                                                      int                         canvas_width,
                                                      int                         canvas_height);
cairo_surface_t *vitrine_overlay_ticker_compose      (VitrineOverlayTheme   *theme,
                                                      cairo_surface_t       *strip,
                                                      int                    canvas_width,
                                                      int                    canvas_height,
                                                      double                 offset,
                                                      cairo_rectangle_int_t *rect);
cairo_surface_t *vitrine_overlay_ticker_render       (VitrineOverlayTheme        *theme,
                                                      const VitrineOverlayTicker *ticker,
                                                      int                         canvas_width,
                                                      int                         canvas_height,
                                                      double                      offset,
                                                      cairo_rectangle_int_t      *rect);

VitrineOverlayComment *vitrine_overlay_comment_copy  (const VitrineOverlayComment *self);
void                   vitrine_overlay_comment_free  (VitrineOverlayComment *self);
gboolean               vitrine_overlay_comment_equal (const VitrineOverlayComment *a,
                                                      const VitrineOverlayComment *b);
guint                  vitrine_overlay_comment_hash  (const VitrineOverlayComment *self);

cairo_surface_t *vitrine_overlay_comment_render (VitrineOverlayTheme         *theme,
                                                 const VitrineOverlayComment *comment,
                                                 int                          canvas_width,
                                                 int                          canvas_height,
                                                 cairo_rectangle_int_t       *rect);

VitrineOverlayAlert *vitrine_overlay_alert_copy  (const VitrineOverlayAlert *self);
void                 vitrine_overlay_alert_free  (VitrineOverlayAlert *self);
gboolean             vitrine_overlay_alert_equal (const VitrineOverlayAlert *a,
                                                  const VitrineOverlayAlert *b);
guint                vitrine_overlay_alert_hash  (const VitrineOverlayAlert *self);

cairo_surface_t *vitrine_overlay_alert_render (VitrineOverlayTheme       *theme,
                                               const VitrineOverlayAlert *alert,
                                               int                        canvas_width,
                                               int                        canvas_height,
                                               cairo_rectangle_int_t     *rect);

void vitrine_overlay_get_transform (VitrineOverlayTheme      *theme,
                                    VitrineOverlayKind        kind,
                                    int                       canvas_width,
                                    int                       canvas_height,
                                    VitrineOverlayTransition  transition,
                                    double                    progress,
                                    VitrineOverlayTransform  *transform);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineOverlayCard, vitrine_overlay_card_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineOverlayLowerThird, vitrine_overlay_lower_third_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineOverlayTicker, vitrine_overlay_ticker_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineOverlayComment, vitrine_overlay_comment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineOverlayAlert, vitrine_overlay_alert_free)

G_END_DECLS

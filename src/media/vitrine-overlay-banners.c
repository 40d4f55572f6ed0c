/* vitrine-overlay-banners.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-overlay"

#include "config.h"

#include <math.h>

#include "vitrine-overlay-private.h"

/* The text overlays around the card: lower third, ticker band, highlighted
 * comment and order alert. Each is a panel sized to its text up to a
 * maximum width (the canvas width between the margins in portrait), laid
 * out right-to-left when its main text is. Lengths in units. */

#define PANEL_SHADOW        14.0

#define LOWER_NAME_SIZE     46.0
#define LOWER_TITLE_SIZE    30.0
#define LOWER_PAD_X         28.0
#define LOWER_PAD_Y         16.0
#define LOWER_BAR           8.0
#define LOWER_MAX_WIDTH     760.0

#define TICKER_HEIGHT       60.0
#define TICKER_TEXT_SIZE    30.0
#define TICKER_GAP          36.0
#define TICKER_RULE         3.0

#define COMMENT_PAD         20.0
#define COMMENT_BAR         6.0
#define COMMENT_BADGE_SIZE  21.0
#define COMMENT_BADGE_PAD_X 10.0
#define COMMENT_BADGE_PAD_Y 3.0
#define COMMENT_AUTHOR_SIZE 27.0
#define COMMENT_TEXT_SIZE   30.0
#define COMMENT_LINES       3
#define COMMENT_SPACING     8.0
#define COMMENT_MAX_WIDTH   640.0
#define COMMENT_MIN_WIDTH   320.0

#define ALERT_HEIGHT        72.0
#define ALERT_PAD           12.0
#define ALERT_ICON          48.0
#define ALERT_TEXT_SIZE     30.0
#define ALERT_MAX_WIDTH     760.0

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The widest a panel may be: a fixed width in landscape, the canvas between
 * the margins in portrait (never more than the canvas either way). */
static int
max_width (const VitrineOverlayFrame *frame,
           VitrineOverlayKind         kind,
           double                     landscape)
{
  const VitrineOverlayPlacement *placement = &frame->theme->placements[frame->portrait][kind];
  int available = frame->canvas_width - 2 * _vitrine_overlay_px (frame, placement->margin_x);

  if (frame->portrait)
    return MAX (available, 1);
  return MAX (MIN (_vitrine_overlay_px (frame, landscape), available), 1);
}

static int
mirror (gboolean rtl,
        int      total,
        int      x,
        int      width)
{
  return rtl ? total - x - width : x;
}

/* ------------------------------------------------------------------ */
/* Lower third                                                        */

/**
 * vitrine_overlay_lower_third_render:
 * @theme: a #VitrineOverlayTheme
 * @lower_third: the name and title
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels; taller than wide means portrait
 * @rect: (out caller-allocates) (optional): where the surface goes on the canvas
 *
 * Draws a lower third: a translucent panel with an accent bar, the name large
 * and the title under it, each on one line, ellipsized beyond the maximum
 * width.
 *
 * Returns: (transfer full): an ARGB32 premultiplied surface of @rect's size
 */
cairo_surface_t *
vitrine_overlay_lower_third_render (VitrineOverlayTheme            *theme,
                                    const VitrineOverlayLowerThird *lower_third,
                                    int                             canvas_width,
                                    int                             canvas_height,
                                    cairo_rectangle_int_t          *rect)
{
  VitrineOverlayFrame frame;
  g_autoptr(PangoLayout) name = NULL;
  g_autoptr(PangoLayout) title = NULL;
  cairo_rectangle_int_t where;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean rtl;
  int pad_x, pad_y, bar, inner_max, inner, width, height, text_x;

  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (theme), NULL);
  g_return_val_if_fail (lower_third != NULL, NULL);
  g_return_val_if_fail (canvas_width > 0 && canvas_height > 0, NULL);

  _vitrine_overlay_frame_init (&frame, theme, canvas_width, canvas_height);
  pad_x = _vitrine_overlay_px (&frame, LOWER_PAD_X);
  pad_y = _vitrine_overlay_px (&frame, LOWER_PAD_Y);
  bar = MAX (2, _vitrine_overlay_px (&frame, LOWER_BAR));
  inner_max = max_width (&frame, VITRINE_OVERLAY_LOWER_THIRD, LOWER_MAX_WIDTH) - bar - 2 * pad_x;
  rtl = _vitrine_overlay_text_is_rtl (&frame, lower_third->name);

  name = _vitrine_overlay_text (&frame, lower_third->name, LOWER_NAME_SIZE,
                                VITRINE_OVERLAY_WEIGHT_TITLE, -1, 1, rtl);
  inner = _vitrine_overlay_layout_width (name);
  height = _vitrine_overlay_layout_height (name);
  if (has_text (lower_third->title))
    {
      title = _vitrine_overlay_text (&frame, lower_third->title, LOWER_TITLE_SIZE,
                                     VITRINE_OVERLAY_WEIGHT_BODY, -1, 1, rtl);
      inner = MAX (inner, _vitrine_overlay_layout_width (title));
      height += _vitrine_overlay_layout_height (title);
    }
  inner = MIN (inner, inner_max);
  /* Both lines share the panel's width, ellipsized there. */
  g_clear_object (&name);
  name = _vitrine_overlay_text (&frame, lower_third->name, LOWER_NAME_SIZE,
                                VITRINE_OVERLAY_WEIGHT_TITLE, inner, 1, rtl);
  if (title != NULL)
    {
      g_clear_object (&title);
      title = _vitrine_overlay_text (&frame, lower_third->title, LOWER_TITLE_SIZE,
                                     VITRINE_OVERLAY_WEIGHT_BODY, inner, 1, rtl);
    }

  width = bar + 2 * pad_x + inner;
  height += 2 * pad_y;
  _vitrine_overlay_place (&frame, VITRINE_OVERLAY_LOWER_THIRD, width, height, 0, &where);

  surface = _vitrine_overlay_surface_new (where.width, where.height, &cr);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_LOWER_THIRD);
  _vitrine_overlay_rounded_rect (cr, 0, 0, width, height,
                                 _vitrine_overlay_px (&frame,
                                                      theme->radii[VITRINE_OVERLAY_RADIUS_PANEL]));
  cairo_fill_preserve (cr);

  /* The accent bar is the panel's start edge, clipped to its corners. */
  cairo_clip (cr);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_ACCENT);
  cairo_rectangle (cr, mirror (rtl, width, 0, bar), 0, bar, height);
  cairo_fill (cr);
  cairo_reset_clip (cr);

  text_x = mirror (rtl, width, bar + pad_x, inner);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_LOWER_THIRD_NAME);
  cairo_move_to (cr, text_x, pad_y);
  pango_cairo_show_layout (cr, name);
  if (title != NULL)
    {
      _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_LOWER_THIRD_TITLE);
      cairo_move_to (cr, text_x, pad_y + _vitrine_overlay_layout_height (name));
      pango_cairo_show_layout (cr, title);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  _vitrine_overlay_frame_clear (&frame);
  if (rect != NULL)
    *rect = where;
  return surface;
}

/* ------------------------------------------------------------------ */
/* Ticker                                                             */

static void
ticker_band (const VitrineOverlayFrame *frame,
             cairo_rectangle_int_t     *rect)
{
  const VitrineOverlayPlacement *placement =
    &frame->theme->placements[frame->portrait][VITRINE_OVERLAY_TICKER];
  int width = frame->canvas_width - 2 * _vitrine_overlay_px (frame, placement->margin_x);

  _vitrine_overlay_place (frame, VITRINE_OVERLAY_TICKER, MAX (width, 1),
                          MAX (_vitrine_overlay_px (frame, TICKER_HEIGHT), 1), 0, rect);
}

/**
 * vitrine_overlay_ticker_layout:
 * @theme: a #VitrineOverlayTheme
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels; taller than wide means portrait
 * @rect: (out caller-allocates): where the ticker band goes on the canvas
 *
 * The ticker band spans the canvas width between the theme's margins; its
 * rectangle does not depend on the text.
 */
void
vitrine_overlay_ticker_layout (VitrineOverlayTheme   *theme,
                               int                    canvas_width,
                               int                    canvas_height,
                               cairo_rectangle_int_t *rect)
{
  VitrineOverlayFrame frame;

  g_return_if_fail (VITRINE_IS_OVERLAY_THEME (theme));
  g_return_if_fail (canvas_width > 0 && canvas_height > 0);
  g_return_if_fail (rect != NULL);

  _vitrine_overlay_frame_init (&frame, theme, canvas_width, canvas_height);
  ticker_band (&frame, rect);
  _vitrine_overlay_frame_clear (&frame);
}

/**
 * vitrine_overlay_ticker_render_strip:
 * @theme: a #VitrineOverlayTheme
 * @ticker: the text
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels; taller than wide means portrait
 *
 * Renders the ticker's text once, followed by a separator, on a transparent
 * strip as tall as the band. The strip is one period of the scrolling text:
 * vitrine_overlay_ticker_compose() tiles it. This is the only step that
 * shapes text, so do it when the text changes, not every frame.
 *
 * Returns: (transfer full): an ARGB32 premultiplied surface whose width is
 *   the scroll period in pixels
 */
cairo_surface_t *
vitrine_overlay_ticker_render_strip (VitrineOverlayTheme        *theme,
                                     const VitrineOverlayTicker *ticker,
                                     int                         canvas_width,
                                     int                         canvas_height)
{
  VitrineOverlayFrame frame;
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) bullet = NULL;
  cairo_rectangle_int_t band;
  cairo_surface_t *surface;
  cairo_t *cr;
  int gap, text_width, width, rule;

  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (theme), NULL);
  g_return_val_if_fail (ticker != NULL, NULL);
  g_return_val_if_fail (canvas_width > 0 && canvas_height > 0, NULL);

  _vitrine_overlay_frame_init (&frame, theme, canvas_width, canvas_height);
  ticker_band (&frame, &band);
  gap = _vitrine_overlay_px (&frame, TICKER_GAP);
  rule = _vitrine_overlay_px (&frame, TICKER_RULE);

  text = _vitrine_overlay_text (&frame, ticker->text, TICKER_TEXT_SIZE,
                                VITRINE_OVERLAY_WEIGHT_LABEL, -1, 1, FALSE);
  bullet = _vitrine_overlay_text (&frame, "•", TICKER_TEXT_SIZE, VITRINE_OVERLAY_WEIGHT_LABEL,
                                  -1, 1, FALSE);
  text_width = _vitrine_overlay_layout_width (text);
  width = text_width + gap + _vitrine_overlay_layout_width (bullet) + gap;

  surface = _vitrine_overlay_surface_new (width, band.height, &cr);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_TICKER_TEXT);
  cairo_move_to (cr, 0, rule + (band.height - rule - _vitrine_overlay_layout_height (text)) / 2);
  pango_cairo_show_layout (cr, text);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_ACCENT);
  cairo_move_to (cr, text_width + gap,
                 rule + (band.height - rule - _vitrine_overlay_layout_height (bullet)) / 2);
  pango_cairo_show_layout (cr, bullet);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  _vitrine_overlay_frame_clear (&frame);
  return surface;
}

/**
 * vitrine_overlay_ticker_compose:
 * @theme: a #VitrineOverlayTheme
 * @strip: a strip from vitrine_overlay_ticker_render_strip() for this canvas
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels
 * @offset: how far the text has scrolled, in pixels
 * @rect: (out caller-allocates) (optional): where the surface goes on the canvas
 *
 * Composes one frame of the ticker: the band's background, an accent rule
 * along its top and the strip repeated along it, moved @offset pixels to the
 * left (a negative @offset scrolls the other way, e.g. for right-to-left
 * text). The caller advances @offset with time, e.g. by 120 px per second ×
 * the canvas's scale; it may grow without bound, only its value modulo the
 * strip's width matters. @offset is rounded to whole pixels so the text
 * stays sharp. No text is shaped here: a copy of a band, well under a
 * millisecond at 1080p.
 *
 * Returns: (transfer full): an ARGB32 premultiplied surface of @rect's size
 */
cairo_surface_t *
vitrine_overlay_ticker_compose (VitrineOverlayTheme   *theme,
                                cairo_surface_t       *strip,
                                int                    canvas_width,
                                int                    canvas_height,
                                double                 offset,
                                cairo_rectangle_int_t *rect)
{
  VitrineOverlayFrame frame;
  cairo_rectangle_int_t band;
  cairo_surface_t *surface;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  cairo_t *cr;
  int period;
  double shift;

  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (theme), NULL);
  g_return_val_if_fail (strip != NULL, NULL);
  g_return_val_if_fail (canvas_width > 0 && canvas_height > 0, NULL);

  /* No Pango context needed: only the placement. */
  frame.theme = theme;
  frame.canvas_width = canvas_width;
  frame.canvas_height = canvas_height;
  frame.portrait = canvas_height > canvas_width;
  frame.scale = MIN (canvas_width, canvas_height) / VITRINE_OVERLAY_REFERENCE_SIZE;
  frame.context = NULL;
  ticker_band (&frame, &band);

  surface = _vitrine_overlay_surface_new (band.width, band.height, &cr);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_TICKER);
  cairo_paint (cr);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_ACCENT);
  cairo_rectangle (cr, 0, 0, band.width, _vitrine_overlay_px (&frame, TICKER_RULE));
  cairo_fill (cr);

  period = cairo_image_surface_get_width (strip);
  if (period > 0 && isfinite (offset))
    {
      shift = fmod (round (offset), period);
      if (shift < 0)
        shift += period;

      pattern = cairo_pattern_create_for_surface (strip);
      cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
      cairo_matrix_init_translate (&matrix, shift, 0);
      cairo_pattern_set_matrix (pattern, &matrix);
      cairo_set_source (cr, pattern);
      cairo_rectangle (cr, 0, 0, band.width, MIN (band.height,
                                                   cairo_image_surface_get_height (strip)));
      cairo_fill (cr);
      cairo_pattern_destroy (pattern);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (rect != NULL)
    *rect = band;
  return surface;
}

/**
 * vitrine_overlay_ticker_render:
 * @theme: a #VitrineOverlayTheme
 * @ticker: the text
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels; taller than wide means portrait
 * @offset: how far the text has scrolled, in pixels
 * @rect: (out caller-allocates) (optional): where the surface goes on the canvas
 *
 * vitrine_overlay_ticker_render_strip() and vitrine_overlay_ticker_compose()
 * in one call: convenient for a still ticker, wasteful every frame.
 *
 * Returns: (transfer full): an ARGB32 premultiplied surface of @rect's size
 */
cairo_surface_t *
vitrine_overlay_ticker_render (VitrineOverlayTheme        *theme,
                               const VitrineOverlayTicker *ticker,
                               int                         canvas_width,
                               int                         canvas_height,
                               double                      offset,
                               cairo_rectangle_int_t      *rect)
{
  cairo_surface_t *strip;
  cairo_surface_t *surface;

  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (theme), NULL);
  g_return_val_if_fail (ticker != NULL, NULL);
  g_return_val_if_fail (canvas_width > 0 && canvas_height > 0, NULL);

  strip = vitrine_overlay_ticker_render_strip (theme, ticker, canvas_width, canvas_height);
  surface = vitrine_overlay_ticker_compose (theme, strip, canvas_width, canvas_height, offset,
                                            rect);
  cairo_surface_destroy (strip);
  return surface;
}

/* ------------------------------------------------------------------ */
/* Highlighted comment                                                */

static const struct {
  const char             *id;
  const char             *name;   /* brand names: not translated */
  VitrineOverlayPlatform  platform;
} platforms[] = {
  { "youtube", "YouTube", VITRINE_OVERLAY_PLATFORM_YOUTUBE },
  { "twitch", "Twitch", VITRINE_OVERLAY_PLATFORM_TWITCH },
  { "facebook", "Facebook", VITRINE_OVERLAY_PLATFORM_FACEBOOK },
  { "instagram", "Instagram", VITRINE_OVERLAY_PLATFORM_INSTAGRAM },
  { "tiktok", "TikTok", VITRINE_OVERLAY_PLATFORM_TIKTOK },
  { "kick", "Kick", VITRINE_OVERLAY_PLATFORM_KICK },
};

static const char *
platform_badge (const char             *id,
                VitrineOverlayPlatform *platform)
{
  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (g_ascii_strcasecmp (id, platforms[i].id) == 0)
      {
        *platform = platforms[i].platform;
        return platforms[i].name;
      }

  *platform = VITRINE_OVERLAY_PLATFORM_OTHER;
  return id;
}

/**
 * vitrine_overlay_comment_render:
 * @theme: a #VitrineOverlayTheme
 * @comment: the comment, its author and platform
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels; taller than wide means portrait
 * @rect: (out caller-allocates) (optional): where the surface goes on the canvas
 *
 * Draws a highlighted viewer comment: a panel with the platform's badge (in
 * the theme's colour for that platform) and the author's name on top, the
 * comment under them on three lines at most.
 *
 * Returns: (transfer full): an ARGB32 premultiplied surface of @rect's size
 */
cairo_surface_t *
vitrine_overlay_comment_render (VitrineOverlayTheme         *theme,
                                const VitrineOverlayComment *comment,
                                int                          canvas_width,
                                int                          canvas_height,
                                cairo_rectangle_int_t       *rect)
{
  VitrineOverlayFrame frame;
  g_autoptr(PangoLayout) badge = NULL;
  g_autoptr(PangoLayout) author = NULL;
  g_autoptr(PangoLayout) text = NULL;
  VitrineOverlayPlatform platform = VITRINE_OVERLAY_PLATFORM_OTHER;
  const VitrineOverlayRgba *badge_color = NULL;
  cairo_rectangle_int_t where;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean rtl;
  double radius;
  int pad, bar, spacing, badge_pad_x, badge_pad_y, badge_width = 0, badge_height = 0;
  int inner_max, inner, header_height, width, height, outset, x;

  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (theme), NULL);
  g_return_val_if_fail (comment != NULL, NULL);
  g_return_val_if_fail (canvas_width > 0 && canvas_height > 0, NULL);

  _vitrine_overlay_frame_init (&frame, theme, canvas_width, canvas_height);
  pad = _vitrine_overlay_px (&frame, COMMENT_PAD);
  bar = MAX (2, _vitrine_overlay_px (&frame, COMMENT_BAR));
  spacing = _vitrine_overlay_px (&frame, COMMENT_SPACING);
  badge_pad_x = _vitrine_overlay_px (&frame, COMMENT_BADGE_PAD_X);
  badge_pad_y = _vitrine_overlay_px (&frame, COMMENT_BADGE_PAD_Y);
  outset = _vitrine_overlay_px (&frame, PANEL_SHADOW);
  radius = _vitrine_overlay_px (&frame, theme->radii[VITRINE_OVERLAY_RADIUS_PANEL]);
  inner_max = max_width (&frame, VITRINE_OVERLAY_COMMENT, COMMENT_MAX_WIDTH) - bar - 2 * pad;
  rtl = _vitrine_overlay_text_is_rtl (&frame, comment->text);

  if (has_text (comment->platform))
    {
      const char *name = platform_badge (comment->platform, &platform);

      badge_color = &theme->platforms[platform];
      badge = _vitrine_overlay_text (&frame, name, COMMENT_BADGE_SIZE,
                                     VITRINE_OVERLAY_WEIGHT_LABEL, -1, 1, FALSE);
      badge_width = _vitrine_overlay_layout_width (badge) + 2 * badge_pad_x;
      badge_height = _vitrine_overlay_layout_height (badge) + 2 * badge_pad_y;
    }

  /* Natural widths first, then wrap at what the panel allows. */
  author = _vitrine_overlay_text (&frame, comment->author, COMMENT_AUTHOR_SIZE,
                                  VITRINE_OVERLAY_WEIGHT_TITLE, -1, 1, rtl);
  text = _vitrine_overlay_text (&frame, comment->text, COMMENT_TEXT_SIZE,
                                VITRINE_OVERLAY_WEIGHT_BODY, -1, 1, rtl);
  inner = MAX (_vitrine_overlay_layout_width (text),
               badge_width + (badge ? spacing : 0) + _vitrine_overlay_layout_width (author));
  inner = CLAMP (inner, MIN (_vitrine_overlay_px (&frame, COMMENT_MIN_WIDTH), inner_max),
                 inner_max);

  g_clear_object (&author);
  author = _vitrine_overlay_text (&frame, comment->author, COMMENT_AUTHOR_SIZE,
                                  VITRINE_OVERLAY_WEIGHT_TITLE,
                                  MAX (inner - badge_width - (badge ? spacing : 0), 1), 1, rtl);
  g_clear_object (&text);
  text = _vitrine_overlay_text (&frame, comment->text, COMMENT_TEXT_SIZE,
                                VITRINE_OVERLAY_WEIGHT_BODY, inner, COMMENT_LINES, rtl);

  header_height = MAX (badge_height, _vitrine_overlay_layout_height (author));
  width = bar + 2 * pad + inner;
  height = pad + header_height + spacing + _vitrine_overlay_layout_height (text) + pad;
  _vitrine_overlay_place (&frame, VITRINE_OVERLAY_COMMENT, width, height, outset, &where);

  surface = _vitrine_overlay_surface_new (where.width, where.height, &cr);
  cairo_translate (cr, (where.width - width) / 2, (where.height - height) / 2);
  _vitrine_overlay_shadow (cr, &frame, 0, 0, width, height, radius, outset * 0.75);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_COMMENT);
  _vitrine_overlay_rounded_rect (cr, 0, 0, width, height, radius);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip (cr);
  if (badge_color != NULL)
    _vitrine_overlay_set_color (cr, badge_color);
  else
    _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_ACCENT);
  cairo_rectangle (cr, mirror (rtl, width, 0, bar), 0, bar, height);
  cairo_fill (cr);
  cairo_restore (cr);

  x = bar + pad;
  if (badge != NULL)
    {
      int badge_x = mirror (rtl, width, x, badge_width);
      int badge_y = pad + (header_height - badge_height) / 2;

      _vitrine_overlay_set_color (cr, badge_color);
      _vitrine_overlay_rounded_rect (cr, badge_x, badge_y, badge_width, badge_height,
                                     badge_height / 2.0);
      cairo_fill (cr);
      _vitrine_overlay_set_color (cr, _vitrine_overlay_contrast_text (badge_color));
      cairo_move_to (cr, badge_x + badge_pad_x, badge_y + badge_pad_y);
      pango_cairo_show_layout (cr, badge);
      x += badge_width + spacing;
    }

  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_COMMENT_AUTHOR);
  cairo_move_to (cr, mirror (rtl, width, x, inner - (x - bar - pad)),
                 pad + (header_height - _vitrine_overlay_layout_height (author)) / 2);
  pango_cairo_show_layout (cr, author);

  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_COMMENT_TEXT);
  cairo_move_to (cr, mirror (rtl, width, bar + pad, inner), pad + header_height + spacing);
  pango_cairo_show_layout (cr, text);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  _vitrine_overlay_frame_clear (&frame);
  if (rect != NULL)
    *rect = where;
  return surface;
}

/* ------------------------------------------------------------------ */
/* Order alert                                                        */

/**
 * vitrine_overlay_alert_render:
 * @theme: a #VitrineOverlayTheme
 * @alert: the sentence
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels; taller than wide means portrait
 * @rect: (out caller-allocates) (optional): where the surface goes on the canvas
 *
 * Draws an order alert: a pill with a shopping-bag icon and one line of
 * text, ellipsized beyond the maximum width.
 *
 * Returns: (transfer full): an ARGB32 premultiplied surface of @rect's size
 */
cairo_surface_t *
vitrine_overlay_alert_render (VitrineOverlayTheme       *theme,
                              const VitrineOverlayAlert *alert,
                              int                        canvas_width,
                              int                        canvas_height,
                              cairo_rectangle_int_t     *rect)
{
  VitrineOverlayFrame frame;
  g_autoptr(PangoLayout) text = NULL;
  const VitrineOverlayRgba *accent;
  cairo_rectangle_int_t where;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean rtl;
  int pad, icon, height, inner_max, inner, width, outset;
  double icon_x;

  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (theme), NULL);
  g_return_val_if_fail (alert != NULL, NULL);
  g_return_val_if_fail (canvas_width > 0 && canvas_height > 0, NULL);

  _vitrine_overlay_frame_init (&frame, theme, canvas_width, canvas_height);
  pad = _vitrine_overlay_px (&frame, ALERT_PAD);
  icon = _vitrine_overlay_px (&frame, ALERT_ICON);
  height = _vitrine_overlay_px (&frame, ALERT_HEIGHT);
  outset = _vitrine_overlay_px (&frame, PANEL_SHADOW);
  rtl = _vitrine_overlay_text_is_rtl (&frame, alert->text);

  /* icon, then the text with a pill end's worth of padding after it */
  inner_max = max_width (&frame, VITRINE_OVERLAY_ALERT, ALERT_MAX_WIDTH) - 2 * pad - icon
              - height / 2 - pad;
  text = _vitrine_overlay_text (&frame, alert->text, ALERT_TEXT_SIZE,
                                VITRINE_OVERLAY_WEIGHT_LABEL, -1, 1, rtl);
  inner = MIN (_vitrine_overlay_layout_width (text), MAX (inner_max, 1));
  g_clear_object (&text);
  text = _vitrine_overlay_text (&frame, alert->text, ALERT_TEXT_SIZE,
                                VITRINE_OVERLAY_WEIGHT_LABEL, inner, 1, rtl);
  width = pad + icon + pad + inner + height / 2;
  _vitrine_overlay_place (&frame, VITRINE_OVERLAY_ALERT, width, height, outset, &where);

  surface = _vitrine_overlay_surface_new (where.width, where.height, &cr);
  cairo_translate (cr, (where.width - width) / 2, (where.height - height) / 2);
  _vitrine_overlay_shadow (cr, &frame, 0, 0, width, height,
                           _vitrine_overlay_px (&frame, theme->radii[VITRINE_OVERLAY_RADIUS_ALERT]),
                           outset * 0.75);
  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_ALERT);
  _vitrine_overlay_rounded_rect (cr, 0, 0, width, height,
                                 _vitrine_overlay_px (&frame,
                                                      theme->radii[VITRINE_OVERLAY_RADIUS_ALERT]));
  cairo_fill (cr);

  accent = &theme->colors[VITRINE_OVERLAY_COLOR_ACCENT];
  icon_x = mirror (rtl, width, pad, icon) + icon / 2.0;
  _vitrine_overlay_set_color (cr, accent);
  cairo_new_path (cr);
  cairo_arc (cr, icon_x, height / 2.0, icon / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
  _vitrine_overlay_bag_icon (cr, icon_x, height / 2.0, icon * 0.6,
                             _vitrine_overlay_contrast_text (accent));

  _vitrine_overlay_set_theme_color (cr, &frame, VITRINE_OVERLAY_COLOR_ALERT_TEXT);
  cairo_move_to (cr, mirror (rtl, width, pad + icon + pad, inner),
                 (height - _vitrine_overlay_layout_height (text)) / 2);
  pango_cairo_show_layout (cr, text);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  _vitrine_overlay_frame_clear (&frame);
  if (rect != NULL)
    *rect = where;
  return surface;
}

/* vitrine-overlay-render.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-overlay"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vitrine-overlay-private.h"

/* What the overlay renderers share: the canvas "frame" (scale, orientation,
 * a Pango context with fixed font options), text layout with start/end
 * alignment that survives right-to-left text, placement on the canvas,
 * shapes, the content structs' copy/equal/hash, and the in/out animation.
 *
 * Text is always drawn with the same font options (grey antialiasing, no
 * hinting, unhinted metrics) whatever the machine's fontconfig says, so the
 * same content gives the same pixels run after run: the reference images in
 * tests/media/reference/ depend on it, and so does the caller's cache. */

void
_vitrine_overlay_frame_init (VitrineOverlayFrame *frame,
                             VitrineOverlayTheme *theme,
                             int                  canvas_width,
                             int                  canvas_height)
{
  cairo_font_options_t *options;

  frame->theme = theme;
  frame->canvas_width = canvas_width;
  frame->canvas_height = canvas_height;
  frame->portrait = canvas_height > canvas_width;
  frame->scale = MIN (canvas_width, canvas_height) / VITRINE_OVERLAY_REFERENCE_SIZE;

  /* pangocairo's default font map is per thread, so renderers on different
   * streaming threads never share (or lock) one. */
  frame->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  options = cairo_font_options_create ();
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_subpixel_order (options, CAIRO_SUBPIXEL_ORDER_DEFAULT);
  pango_cairo_context_set_font_options (frame->context, options);
  cairo_font_options_destroy (options);

  pango_context_set_round_glyph_positions (frame->context, FALSE);
}

void
_vitrine_overlay_frame_clear (VitrineOverlayFrame *frame)
{
  g_clear_object (&frame->context);
}

int
_vitrine_overlay_px (const VitrineOverlayFrame *frame,
                     double                     units)
{
  return (int)round (units * frame->scale);
}

/* Newlines and tabs in user text would start paragraphs that escape the
 * line limit; they become spaces. */
static char *
flatten (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  for (char *p = copy; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t' || *p == '\f' || *p == '\v')
      *p = ' ';
  return copy;
}

static gboolean
layout_is_rtl (PangoLayout *layout)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);

  return line != NULL && pango_layout_line_get_resolved_direction (line) == PANGO_DIRECTION_RTL;
}

/* Creates a layout for plain @text (never markup) of @size units. With
 * @width > 0 the text wraps at @width pixels, on @max_lines lines at most,
 * and the last one is ellipsized. @end_aligned puts the text against the
 * right edge of the box, whatever the paragraph's own direction: Pango swaps
 * left and right for a right-to-left paragraph, so we swap them back. */
PangoLayout *
_vitrine_overlay_text (const VitrineOverlayFrame *frame,
                       const char                *text,
                       double                     size,
                       VitrineOverlayWeight       weight,
                       int                        width,
                       int                        max_lines,
                       gboolean                   end_aligned)
{
  PangoLayout *layout = pango_layout_new (frame->context);
  PangoFontDescription *font = pango_font_description_new ();
  g_autofree char *flat = flatten (text);
  gboolean right;

  pango_font_description_set_family (font, frame->theme->font_family);
  pango_font_description_set_weight (font, frame->theme->weights[weight]);
  pango_font_description_set_absolute_size (font, size * frame->scale * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_text (layout, flat, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -MAX (max_lines, 1));
    }

  right = end_aligned;
  if (layout_is_rtl (layout))
    right = !right;
  pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

  return layout;
}

gboolean
_vitrine_overlay_text_is_rtl (const VitrineOverlayFrame *frame,
                              const char                *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *flat = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;

  flat = flatten (text);
  layout = pango_layout_new (frame->context);
  pango_layout_set_text (layout, flat, -1);
  return layout_is_rtl (layout);
}

int
_vitrine_overlay_layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.width;
}

int
_vitrine_overlay_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.height;
}

/* Places a box of @width × @height pixels (the visible overlay) on the
 * canvas at the theme's anchor and margins for @kind; @rect receives that
 * box grown by @outset on every side (room for a shadow), kept inside the
 * canvas when it fits. */
void
_vitrine_overlay_place (const VitrineOverlayFrame *frame,
                        VitrineOverlayKind         kind,
                        int                        width,
                        int                        height,
                        int                        outset,
                        cairo_rectangle_int_t     *rect)
{
  const VitrineOverlayPlacement *placement =
    &frame->theme->placements[frame->portrait][kind];
  int margin_x = _vitrine_overlay_px (frame, placement->margin_x);
  int margin_y = _vitrine_overlay_px (frame, placement->margin_y);
  int x, y;

  switch (placement->anchor)
    {
    case VITRINE_OVERLAY_ANCHOR_TOP_LEFT:
    case VITRINE_OVERLAY_ANCHOR_LEFT:
    case VITRINE_OVERLAY_ANCHOR_BOTTOM_LEFT:
      x = margin_x;
      break;
    case VITRINE_OVERLAY_ANCHOR_TOP_RIGHT:
    case VITRINE_OVERLAY_ANCHOR_RIGHT:
    case VITRINE_OVERLAY_ANCHOR_BOTTOM_RIGHT:
      x = frame->canvas_width - margin_x - width;
      break;
    case VITRINE_OVERLAY_ANCHOR_TOP:
    case VITRINE_OVERLAY_ANCHOR_CENTER:
    case VITRINE_OVERLAY_ANCHOR_BOTTOM:
    default:
      x = (frame->canvas_width - width) / 2;
      break;
    }

  switch (placement->anchor)
    {
    case VITRINE_OVERLAY_ANCHOR_TOP_LEFT:
    case VITRINE_OVERLAY_ANCHOR_TOP:
    case VITRINE_OVERLAY_ANCHOR_TOP_RIGHT:
      y = margin_y;
      break;
    case VITRINE_OVERLAY_ANCHOR_BOTTOM_LEFT:
    case VITRINE_OVERLAY_ANCHOR_BOTTOM:
    case VITRINE_OVERLAY_ANCHOR_BOTTOM_RIGHT:
      y = frame->canvas_height - margin_y - height;
      break;
    case VITRINE_OVERLAY_ANCHOR_LEFT:
    case VITRINE_OVERLAY_ANCHOR_CENTER:
    case VITRINE_OVERLAY_ANCHOR_RIGHT:
    default:
      y = (frame->canvas_height - height) / 2;
      break;
    }

  rect->x = x - outset;
  rect->y = y - outset;
  rect->width = width + 2 * outset;
  rect->height = height + 2 * outset;

  /* Margins smaller than the shadow must not push the surface off the
   * canvas: the blender would clip the shadow, but also the caller's
   * bookkeeping of what the overlay covers. */
  rect->x = CLAMP (rect->x, 0, MAX (0, frame->canvas_width - rect->width));
  rect->y = CLAMP (rect->y, 0, MAX (0, frame->canvas_height - rect->height));
}

/* A cleared ARGB32 (premultiplied) surface and a context to draw on it. */
cairo_surface_t *
_vitrine_overlay_surface_new (int       width,
                              int       height,
                              cairo_t **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         MAX (width, 1), MAX (height, 1));

  *cr = cairo_create (surface);
  return surface;
}

void
_vitrine_overlay_set_color (cairo_t                  *cr,
                            const VitrineOverlayRgba *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void
_vitrine_overlay_set_theme_color (cairo_t                   *cr,
                                  const VitrineOverlayFrame *frame,
                                  VitrineOverlayColor        color)
{
  _vitrine_overlay_set_color (cr, &frame->theme->colors[color]);
}

void
_vitrine_overlay_rounded_rect (cairo_t *cr,
                               double   x,
                               double   y,
                               double   width,
                               double   height,
                               double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  if (radius <= 0)
    {
      cairo_rectangle (cr, x, y, width, height);
      return;
    }

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A soft shadow under a rounded box: stacked, growing, faint copies of the
 * shape, slightly lower than the box. Cheaper than a blur and good enough
 * under an opaque card. */
void
_vitrine_overlay_shadow (cairo_t                   *cr,
                         const VitrineOverlayFrame *frame,
                         double                     x,
                         double                     y,
                         double                     width,
                         double                     height,
                         double                     radius,
                         double                     spread)
{
  const VitrineOverlayRgba *color = &frame->theme->colors[VITRINE_OVERLAY_COLOR_SHADOW];
  const int steps = 8;

  if (color->alpha <= 0 || spread <= 0)
    return;

  cairo_save (cr);
  for (int i = steps; i >= 1; i--)
    {
      double grow = spread * i / steps;

      cairo_set_source_rgba (cr, color->red, color->green, color->blue,
                             color->alpha * 2.0 / (steps + 1) * (steps + 1 - i) / steps);
      _vitrine_overlay_rounded_rect (cr, x - grow, y - grow + spread / 3, width + 2 * grow,
                                     height + 2 * grow, radius + grow);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* White or near-black, whichever reads better on @background (WCAG
 * relative luminance). Used for platform badges, whose colours are brands. */
const VitrineOverlayRgba *
_vitrine_overlay_contrast_text (const VitrineOverlayRgba *background)
{
  static const VitrineOverlayRgba white = { 1, 1, 1, 1 };
  static const VitrineOverlayRgba black = { 0.07, 0.07, 0.08, 1 };
  double channels[3] = { background->red, background->green, background->blue };
  double luminance;

  for (guint i = 0; i < 3; i++)
    channels[i] = channels[i] <= 0.04045 ? channels[i] / 12.92
                                         : pow ((channels[i] + 0.055) / 1.055, 2.4);
  luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];

  /* Contrast against white vs. against black; pick the larger. */
  return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) ? &white : &black;
}

/* Content structs: the copy is one allocation, the struct followed by its
 * strings, so _free() is a g_free() (plus the card's image reference). */

typedef struct
{
  gsize        size;
  const gsize *offsets;
  guint        n_offsets;
} ContentInfo;

#define STRING_AT(content, offset) (*(const char **)((const char *)(content) + (offset)))

static gpointer
content_copy (const ContentInfo *info,
              gconstpointer      content)
{
  gsize total = info->size;
  char *copy;
  char *tail;

  for (guint i = 0; i < info->n_offsets; i++)
    if (STRING_AT (content, info->offsets[i]) != NULL)
      total += strlen (STRING_AT (content, info->offsets[i])) + 1;

  copy = g_malloc (total);
  memcpy (copy, content, info->size);
  tail = copy + info->size;
  for (guint i = 0; i < info->n_offsets; i++)
    {
      const char *string = STRING_AT (content, info->offsets[i]);
      gsize length;

      if (string == NULL)
        continue;
      length = strlen (string) + 1;
      memcpy (tail, string, length);
      *(const char **)(copy + info->offsets[i]) = tail;
      tail += length;
    }

  return copy;
}

static gboolean
content_equal (const ContentInfo *info,
               gconstpointer      a,
               gconstpointer      b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  for (guint i = 0; i < info->n_offsets; i++)
    if (g_strcmp0 (STRING_AT (a, info->offsets[i]), STRING_AT (b, info->offsets[i])) != 0)
      return FALSE;
  return TRUE;
}

static guint
content_hash (const ContentInfo *info,
              gconstpointer      content)
{
  guint hash = 17;

  for (guint i = 0; i < info->n_offsets; i++)
    {
      const char *string = STRING_AT (content, info->offsets[i]);

      /* NULL and "" must differ: NULL hides a line, "" keeps its room. */
      hash = hash * 31 + (string ? g_str_hash (string) + 1 : 0);
    }
  return hash;
}

static const gsize card_offsets[] = {
  G_STRUCT_OFFSET (VitrineOverlayCard, image_path),
  G_STRUCT_OFFSET (VitrineOverlayCard, title),
  G_STRUCT_OFFSET (VitrineOverlayCard, price),
  G_STRUCT_OFFSET (VitrineOverlayCard, compare_at),
  G_STRUCT_OFFSET (VitrineOverlayCard, badge),
  G_STRUCT_OFFSET (VitrineOverlayCard, stock),
  G_STRUCT_OFFSET (VitrineOverlayCard, sold_out_label),
  G_STRUCT_OFFSET (VitrineOverlayCard, deal_price),
  G_STRUCT_OFFSET (VitrineOverlayCard, deal_countdown),
  G_STRUCT_OFFSET (VitrineOverlayCard, deal_label),
  G_STRUCT_OFFSET (VitrineOverlayCard, qr_url),
  G_STRUCT_OFFSET (VitrineOverlayCard, qr_caption),
};
static const ContentInfo card_info = {
  sizeof (VitrineOverlayCard), card_offsets, G_N_ELEMENTS (card_offsets)
};

static const gsize lower_third_offsets[] = {
  G_STRUCT_OFFSET (VitrineOverlayLowerThird, name),
  G_STRUCT_OFFSET (VitrineOverlayLowerThird, title),
};
static const ContentInfo lower_third_info = {
  sizeof (VitrineOverlayLowerThird), lower_third_offsets, G_N_ELEMENTS (lower_third_offsets)
};

static const gsize ticker_offsets[] = {
  G_STRUCT_OFFSET (VitrineOverlayTicker, text),
};
static const ContentInfo ticker_info = {
  sizeof (VitrineOverlayTicker), ticker_offsets, G_N_ELEMENTS (ticker_offsets)
};

static const gsize comment_offsets[] = {
  G_STRUCT_OFFSET (VitrineOverlayComment, text),
  G_STRUCT_OFFSET (VitrineOverlayComment, author),
  G_STRUCT_OFFSET (VitrineOverlayComment, platform),
};
static const ContentInfo comment_info = {
  sizeof (VitrineOverlayComment), comment_offsets, G_N_ELEMENTS (comment_offsets)
};

static const gsize alert_offsets[] = {
  G_STRUCT_OFFSET (VitrineOverlayAlert, text),
};
static const ContentInfo alert_info = {
  sizeof (VitrineOverlayAlert), alert_offsets, G_N_ELEMENTS (alert_offsets)
};

G_DEFINE_BOXED_TYPE (VitrineOverlayCard, vitrine_overlay_card,
                     vitrine_overlay_card_copy, vitrine_overlay_card_free)
G_DEFINE_BOXED_TYPE (VitrineOverlayLowerThird, vitrine_overlay_lower_third,
                     vitrine_overlay_lower_third_copy, vitrine_overlay_lower_third_free)
G_DEFINE_BOXED_TYPE (VitrineOverlayTicker, vitrine_overlay_ticker,
                     vitrine_overlay_ticker_copy, vitrine_overlay_ticker_free)
G_DEFINE_BOXED_TYPE (VitrineOverlayComment, vitrine_overlay_comment,
                     vitrine_overlay_comment_copy, vitrine_overlay_comment_free)
G_DEFINE_BOXED_TYPE (VitrineOverlayAlert, vitrine_overlay_alert,
                     vitrine_overlay_alert_copy, vitrine_overlay_alert_free)

/**
 * vitrine_overlay_card_copy:
 * @self: a card, possibly on the stack with borrowed strings
 *
 * Copies @self and its strings into one allocation and takes a reference on
 * its image, so the copy can outlive the caller's strings or go to another
 * thread.
 *
 * Returns: (transfer full): the copy; free with vitrine_overlay_card_free()
 */
VitrineOverlayCard *
vitrine_overlay_card_copy (const VitrineOverlayCard *self)
{
  VitrineOverlayCard *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = content_copy (&card_info, self);
  if (copy->image != NULL)
    cairo_surface_reference (copy->image);
  return copy;
}

/**
 * vitrine_overlay_card_free:
 * @self: (nullable): a card from vitrine_overlay_card_copy()
 *
 * Frees a copy; never call it on a card you filled in yourself.
 */
void
vitrine_overlay_card_free (VitrineOverlayCard *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_free (self);
}

/**
 * vitrine_overlay_card_equal:
 * @a: a card
 * @b: another card
 *
 * Whether the two cards render to the same pixels (for the same theme and
 * canvas): the caller re-renders only when this is %FALSE, e.g. once a
 * second while a countdown runs. Images compare by identity, so replace the
 * surface rather than drawing into it.
 *
 * Returns: %TRUE if nothing visible differs
 */
gboolean
vitrine_overlay_card_equal (const VitrineOverlayCard *a,
                            const VitrineOverlayCard *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->image == b->image && !!a->sold_out == !!b->sold_out &&
         content_equal (&card_info, a, b);
}

/**
 * vitrine_overlay_card_hash:
 * @self: a card
 *
 * A hash consistent with vitrine_overlay_card_equal(), a fraction of a
 * microsecond for a typical card.
 *
 * Returns: the hash
 */
guint
vitrine_overlay_card_hash (const VitrineOverlayCard *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return content_hash (&card_info, self) * 31 + g_direct_hash (self->image) * 7 +
         (self->sold_out ? 1 : 0);
}

/* The other content types have only strings: the same four functions,
 * documented here once. _copy() copies into one allocation, _free() frees
 * such a copy, _equal() says whether two contents render the same, _hash()
 * agrees with it. */
#define DEFINE_CONTENT_FUNCS(TypeName, type_name, info)                  \
TypeName *                                                               \
type_name##_copy (const TypeName *self)                                  \
{                                                                        \
  g_return_val_if_fail (self != NULL, NULL);                             \
  return content_copy (&info, self);                                     \
}                                                                        \
                                                                         \
void                                                                     \
type_name##_free (TypeName *self)                                        \
{                                                                        \
  g_free (self);                                                         \
}                                                                        \
                                                                         \
gboolean                                                                 \
type_name##_equal (const TypeName *a,                                    \
                   const TypeName *b)                                    \
{                                                                        \
  return content_equal (&info, a, b);                                    \
}                                                                        \
                                                                         \
guint                                                                    \
type_name##_hash (const TypeName *self)                                  \
{                                                                        \
  g_return_val_if_fail (self != NULL, 0);                                \
  return content_hash (&info, self);                                     \
}

DEFINE_CONTENT_FUNCS (VitrineOverlayLowerThird, vitrine_overlay_lower_third, lower_third_info)
DEFINE_CONTENT_FUNCS (VitrineOverlayTicker, vitrine_overlay_ticker, ticker_info)
DEFINE_CONTENT_FUNCS (VitrineOverlayComment, vitrine_overlay_comment, comment_info)
DEFINE_CONTENT_FUNCS (VitrineOverlayAlert, vitrine_overlay_alert, alert_info)

/**
 * vitrine_overlay_get_transform:
 * @theme: a #VitrineOverlayTheme
 * @kind: the overlay kind, whose anchor gives the slide direction
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels
 * @transition: in or out
 * @progress: 0 at the start of the transition, 1 at its end
 * @transform: (out caller-allocates): what to apply when compositing
 *
 * The slide-and-fade of an overlay appearing or going away, as a pure
 * function of @progress: no clock inside, the caller computes @progress as
 * elapsed time ÷ vitrine_overlay_theme_get_duration() and clamps nothing.
 *
 * The overlay slides in from the edge of its anchor (the side edge for a
 * corner, the top or bottom edge for a top or bottom centre) by the theme's
 * "slide" distance, easing out (cubic) when coming in and easing in when
 * going out, while its opacity follows the same curve. Offsets are whole
 * pixels so that a QR code stays crisp; add them to the rectangle from the
 * render function, multiply the surface by @transform->alpha (e.g. a
 * GstVideoOverlayRectangle's global alpha). The overlay may then lie partly
 * outside the canvas; the blender clips it.
 *
 * IN with @progress 0 and OUT with @progress 1 give alpha 0: not visible.
 */
void
vitrine_overlay_get_transform (VitrineOverlayTheme      *theme,
                               VitrineOverlayKind        kind,
                               int                       canvas_width,
                               int                       canvas_height,
                               VitrineOverlayTransition  transition,
                               double                    progress,
                               VitrineOverlayTransform  *transform)
{
  double shown;
  double distance;
  int dir_x = 0, dir_y = 0;

  g_return_if_fail (VITRINE_IS_OVERLAY_THEME (theme));
  g_return_if_fail (kind < VITRINE_OVERLAY_N_KINDS);
  g_return_if_fail (canvas_width > 0 && canvas_height > 0);
  g_return_if_fail (transform != NULL);

  progress = isnan (progress) ? 1 : CLAMP (progress, 0, 1);
  if (transition == VITRINE_OVERLAY_TRANSITION_IN)
    shown = 1 - pow (1 - progress, 3);
  else
    shown = 1 - pow (progress, 3);

  switch (vitrine_overlay_theme_get_anchor (theme, kind, canvas_height > canvas_width))
    {
    case VITRINE_OVERLAY_ANCHOR_TOP_LEFT:
    case VITRINE_OVERLAY_ANCHOR_LEFT:
    case VITRINE_OVERLAY_ANCHOR_BOTTOM_LEFT:
      dir_x = -1;
      break;
    case VITRINE_OVERLAY_ANCHOR_TOP_RIGHT:
    case VITRINE_OVERLAY_ANCHOR_RIGHT:
    case VITRINE_OVERLAY_ANCHOR_BOTTOM_RIGHT:
      dir_x = 1;
      break;
    case VITRINE_OVERLAY_ANCHOR_TOP:
      dir_y = -1;
      break;
    case VITRINE_OVERLAY_ANCHOR_BOTTOM:
      dir_y = 1;
      break;
    case VITRINE_OVERLAY_ANCHOR_CENTER:
    default:
      break;
    }

  distance = theme->slide * MIN (canvas_width, canvas_height) / VITRINE_OVERLAY_REFERENCE_SIZE;
  distance *= 1 - shown;
  transform->dx = (int)round (dir_x * distance);
  transform->dy = (int)round (dir_y * distance);
  transform->alpha = CLAMP (shown, 0, 1);
}

/* A shopping bag: the product placeholder and the order alert's icon. */
void
_vitrine_overlay_bag_icon (cairo_t                  *cr,
                           double                    cx,
                           double                    cy,
                           double                    size,
                           const VitrineOverlayRgba *color)
{
  double width = size * 0.72;
  double height = size * 0.58;
  double top = cy - size * 0.5 + size * 0.38;

  cairo_save (cr);
  _vitrine_overlay_set_color (cr, color);
  _vitrine_overlay_rounded_rect (cr, cx - width / 2, top, width, height, size * 0.08);
  cairo_fill (cr);

  cairo_set_line_width (cr, size * 0.08);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_new_path (cr);
  cairo_arc (cr, cx, top, size * 0.18, G_PI, 2 * G_PI);
  cairo_stroke (cr);
  cairo_restore (cr);
}

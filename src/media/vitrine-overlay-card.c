/* vitrine-overlay-card.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-overlay"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vitrine-overlay-private.h"
#include "vitrine-qr.h"

/* The product card:
 *
 *   ┌────────────────────────────────────────────────────┐
 *   │ ┌───────┐  Title, two lines at most…      ┌──────┐ │
 *   │ │ image │  €99,00  €129,00  [−25 %]       │  QR  │ │
 *   │ └───────┘  • Only 3 left                  └──────┘ │
 *   │                                         Scan to buy │
 *   │ ┌────────────────────────────────────────────────┐ │
 *   │ │ Flash deal                              ◷ 01:59 │ │
 *   │ │ €79,00                                          │ │
 *   │ └────────────────────────────────────────────────┘ │
 *   └────────────────────────────────────────────────────┘
 *
 * It is laid out once in left-to-right coordinates and mirrored when the
 * title is right-to-left, so an Arabic or Hebrew card reads from the right:
 * picture on the right, text against the right edge, QR code on the left.
 *
 * Lengths in units (see vitrine-overlay-private.h). The type sizes make the
 * price's digits about 30 px tall on a 720p canvas. */

#define CARD_PAD          26.0
#define CARD_GAP          22.0
#define CARD_SHADOW       20.0
#define CARD_BORDER       1.5
#define IMAGE_SIZE        190.0
#define COLUMN_WIDTH      470.0
#define COLUMN_MIN        160.0
#define TITLE_SIZE        36.0
#define TITLE_LINES       2
#define TITLE_SPACING     10.0
#define PRICE_SIZE        64.0
#define COMPARE_SIZE      34.0
#define BADGE_SIZE        28.0
#define BADGE_PAD_X       12.0
#define BADGE_PAD_Y       5.0
#define ROW_SPACING       16.0
#define ROW_LEADING       4.0
#define STOCK_SIZE        28.0
#define STOCK_SPACING     6.0
#define STOCK_DOT         7.0
#define QR_BOX            180.0
#define QR_MIN_MODULE     2
#define CAPTION_SIZE      22.0
#define CAPTION_SPACING   8.0
#define DEAL_PAD_X        22.0
#define DEAL_PAD_Y        16.0
#define DEAL_LABEL_SIZE   26.0
#define DEAL_PRICE_SIZE   50.0
#define COUNTDOWN_SIZE    50.0
#define STOPWATCH_SIZE    40.0
#define STAMP_SIZE        60.0
#define STAMP_PAD_X       30.0
#define STAMP_PAD_Y       12.0
#define STAMP_ANGLE       (-7.0 * G_PI / 180.0)

typedef struct
{
  PangoLayout *layout;
  int          x;        /* left-to-right coordinates inside the body */
  int          y;
  int          width;
  int          height;
} Box;

typedef struct
{
  VitrineOverlayFrame       frame;
  const VitrineOverlayCard *card;
  gboolean                  rtl;

  int                       outset;
  int                       pad;
  int                       body_width;
  int                       body_height;
  int                       main_height;

  cairo_surface_t          *image;
  gboolean                  image_missing;
  Box                       picture;

  Box                       column;
  Box                       title;
  Box                       price;
  Box                       compare_at;
  Box                       badge;        /* the pill; its layout sits inside */
  Box                       stock;
  int                       stock_dot_x;

  VitrineQrCode            *qr;
  int                       qr_module;
  Box                       qr_box;
  Box                       caption;

  Box                       deal;
  Box                       deal_label;
  Box                       deal_price;
  Box                       countdown;
  Box                       stopwatch;

  Box                       stamp;        /* centred on the body; unrotated size */
  double                    stamp_scale;
} CardLayout;

static void
box_clear (Box *box)
{
  g_clear_object (&box->layout);
}

static void
card_layout_clear (CardLayout *self)
{
  Box *boxes[] = {
    &self->title, &self->price, &self->compare_at, &self->badge, &self->stock,
    &self->caption, &self->deal_label, &self->deal_price, &self->countdown, &self->stamp,
  };

  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    box_clear (boxes[i]);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->qr, vitrine_qr_code_free);
  _vitrine_overlay_frame_clear (&self->frame);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* A one-line text of natural width, ellipsized if wider than @max_width. */
static void
line_box (CardLayout           *self,
          Box                  *box,
          const char           *text,
          double                size,
          VitrineOverlayWeight  weight,
          int                   max_width,
          PangoAttribute       *attribute)
{
  box->layout = _vitrine_overlay_text (&self->frame, text, size, weight, -1, 1, FALSE);
  if (attribute != NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, attribute);
      pango_layout_set_attributes (box->layout, attrs);
      pango_attr_list_unref (attrs);
    }
  if (_vitrine_overlay_layout_width (box->layout) > max_width)
    {
      pango_layout_set_width (box->layout, max_width * PANGO_SCALE);
      pango_layout_set_ellipsize (box->layout, PANGO_ELLIPSIZE_END);
    }
  box->width = _vitrine_overlay_layout_width (box->layout);
  box->height = _vitrine_overlay_layout_height (box->layout);
}

static int
box_baseline (const Box *box)
{
  return box->layout ? pango_layout_get_baseline (box->layout) / PANGO_SCALE : 0;
}

static cairo_surface_t *
load_image (const VitrineOverlayCard *card,
            gboolean                 *missing)
{
  cairo_surface_t *surface;

  *missing = FALSE;
  if (card->image != NULL)
    {
      if (cairo_surface_get_type (card->image) == CAIRO_SURFACE_TYPE_IMAGE &&
          cairo_image_surface_get_width (card->image) > 0 &&
          cairo_image_surface_get_height (card->image) > 0)
        return cairo_surface_reference (card->image);

      g_debug ("The product picture is not a non-empty image surface");
      *missing = TRUE;
      return NULL;
    }
  if (!has_text (card->image_path))
    return NULL;

  surface = cairo_image_surface_create_from_png (card->image_path);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_debug ("Cannot read the product picture %s: %s", card->image_path,
               cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      *missing = TRUE;
      return NULL;
    }
  return surface;
}

/* Lays out the price, the struck former price and the badge as words of a
 * paragraph: baseline-aligned, wrapping onto a new row when the column is
 * full. Returns the height used. */
static int
layout_price_rows (CardLayout *self,
                   int         top)
{
  const VitrineOverlayFrame *frame = &self->frame;
  int width = self->column.width;
  int spacing = _vitrine_overlay_px (frame, ROW_SPACING);
  int leading = _vitrine_overlay_px (frame, ROW_LEADING);
  int badge_pad_x = _vitrine_overlay_px (frame, BADGE_PAD_X);
  int badge_pad_y = _vitrine_overlay_px (frame, BADGE_PAD_Y);
  Box *items[3];
  int baselines[3];
  guint n_items = 0;
  guint row_start = 0;
  int x = 0, y = top;

  line_box (self, &self->price, self->card->price, PRICE_SIZE, VITRINE_OVERLAY_WEIGHT_PRICE,
            width, NULL);
  baselines[n_items] = box_baseline (&self->price);
  items[n_items++] = &self->price;

  if (has_text (self->card->compare_at))
    {
      line_box (self, &self->compare_at, self->card->compare_at, COMPARE_SIZE,
                VITRINE_OVERLAY_WEIGHT_BODY, width, pango_attr_strikethrough_new (TRUE));
      baselines[n_items] = box_baseline (&self->compare_at);
      items[n_items++] = &self->compare_at;
    }

  if (has_text (self->card->badge))
    {
      line_box (self, &self->badge, self->card->badge, BADGE_SIZE, VITRINE_OVERLAY_WEIGHT_LABEL,
                width - 2 * badge_pad_x, NULL);
      self->badge.width += 2 * badge_pad_x;
      self->badge.height += 2 * badge_pad_y;
      baselines[n_items] = badge_pad_y + box_baseline (&self->badge);
      items[n_items++] = &self->badge;
    }

  /* Flow, then align each row on its deepest baseline. */
  for (guint i = 0; i <= n_items; i++)
    {
      gboolean wrap = i < n_items && x > 0 && x + items[i]->width > width;

      if (i == n_items || wrap)
        {
          int baseline = 0, bottom = 0;

          for (guint j = row_start; j < i; j++)
            baseline = MAX (baseline, baselines[j]);
          for (guint j = row_start; j < i; j++)
            {
              items[j]->y = y + baseline - baselines[j];
              bottom = MAX (bottom, items[j]->y + items[j]->height);
            }
          if (i == n_items)
            return bottom - top;
          y = bottom + leading;
          x = 0;
          row_start = i;
        }
      items[i]->x = self->column.x + x;
      x += items[i]->width + spacing;
    }

  g_assert_not_reached ();
}

static void
card_layout (CardLayout               *self,
             VitrineOverlayTheme      *theme,
             const VitrineOverlayCard *card,
             int                       canvas_width,
             int                       canvas_height)
{
  VitrineOverlayFrame *frame = &self->frame;
  const VitrineOverlayPlacement *placement;
  int gap, column_height, side_height, x;

  memset (self, 0, sizeof *self);
  _vitrine_overlay_frame_init (frame, theme, canvas_width, canvas_height);
  self->card = card;
  self->rtl = _vitrine_overlay_text_is_rtl (frame, card->title);
  self->outset = _vitrine_overlay_px (frame, CARD_SHADOW);
  self->pad = _vitrine_overlay_px (frame, CARD_PAD);
  gap = _vitrine_overlay_px (frame, CARD_GAP);

  self->image = load_image (card, &self->image_missing);
  if (self->image != NULL || self->image_missing)
    self->picture.width = self->picture.height = _vitrine_overlay_px (frame, IMAGE_SIZE);

  if (has_text (card->qr_url))
    {
      g_autoptr(GError) error = NULL;

      self->qr = vitrine_qr_code_new (card->qr_url, &error);
      if (self->qr == NULL)
        g_debug ("No QR code on the card: %s", error->message);
    }
  if (self->qr != NULL)
    {
      int size = vitrine_qr_code_get_size (self->qr);

      /* Whole pixels per module, never fewer than two: a long link makes
       * the card grow rather than the code unreadable. */
      self->qr_module = MAX (QR_MIN_MODULE, _vitrine_overlay_px (frame, QR_BOX) / size);
      self->qr_box.width = self->qr_box.height = self->qr_module * size;
    }

  /* Widths: a fixed text column in landscape; in portrait the card takes
   * the canvas width between the margins and the column what is left. */
  placement = &theme->placements[frame->portrait][VITRINE_OVERLAY_CARD];
  self->column.width = _vitrine_overlay_px (frame, COLUMN_WIDTH);
  if (frame->portrait)
    {
      int body = canvas_width - 2 * _vitrine_overlay_px (frame, placement->margin_x);

      self->column.width = body - 2 * self->pad
                           - (self->picture.width ? self->picture.width + gap : 0)
                           - (self->qr_box.width ? self->qr_box.width + gap : 0);
    }
  self->column.width = MAX (self->column.width, _vitrine_overlay_px (frame, COLUMN_MIN));

  x = self->pad;
  self->picture.x = x;
  if (self->picture.width)
    x += self->picture.width + gap;
  self->column.x = x;
  x += self->column.width;
  if (self->qr_box.width)
    {
      x += gap;
      self->qr_box.x = x;
      x += self->qr_box.width;
    }
  self->body_width = x + self->pad;

  /* The text column, top to bottom, at y = 0 for now. */
  self->title.layout = _vitrine_overlay_text (frame, card->title, TITLE_SIZE,
                                              VITRINE_OVERLAY_WEIGHT_TITLE,
                                              self->column.width, TITLE_LINES, self->rtl);
  self->title.x = self->column.x;
  self->title.width = self->column.width;
  self->title.height = _vitrine_overlay_layout_height (self->title.layout);
  column_height = self->title.height + _vitrine_overlay_px (frame, TITLE_SPACING);
  column_height += layout_price_rows (self, column_height);
  if (has_text (card->stock))
    {
      int dot = _vitrine_overlay_px (frame, STOCK_DOT);

      column_height += _vitrine_overlay_px (frame, STOCK_SPACING);
      self->stock_dot_x = self->column.x + dot;
      self->stock.x = self->column.x + 3 * dot;
      self->stock.y = column_height;
      self->stock.width = self->column.width - 3 * dot;
      self->stock.layout = _vitrine_overlay_text (frame, card->stock, STOCK_SIZE,
                                                  VITRINE_OVERLAY_WEIGHT_LABEL,
                                                  self->stock.width, 1, self->rtl);
      self->stock.height = _vitrine_overlay_layout_height (self->stock.layout);
      column_height += self->stock.height;
    }
  self->column.height = column_height;

  /* The QR code and its caption. */
  side_height = 0;
  if (self->qr != NULL)
    {
      const char *caption = has_text (card->qr_caption) ? card->qr_caption
        /* Translators: under the QR code on a product card */
        : _("Scan to buy");

      self->caption.layout = _vitrine_overlay_text (frame, caption, CAPTION_SIZE,
                                                    VITRINE_OVERLAY_WEIGHT_LABEL,
                                                    self->qr_box.width, 1, FALSE);
      pango_layout_set_alignment (self->caption.layout, PANGO_ALIGN_CENTER);
      self->caption.x = self->qr_box.x;
      self->caption.width = self->qr_box.width;
      self->caption.height = _vitrine_overlay_layout_height (self->caption.layout);
      side_height = self->qr_box.height + _vitrine_overlay_px (frame, CAPTION_SPACING)
                    + self->caption.height;
    }

  /* The main row: everything centred on the tallest of its three parts. */
  self->main_height = MAX (MAX (self->picture.height, self->column.height), side_height);
  self->picture.y = self->pad + (self->main_height - self->picture.height) / 2;
  self->column.y = self->pad + (self->main_height - self->column.height) / 2;
  self->title.y = self->column.y;
  {
    Box *shifted[] = { &self->price, &self->compare_at, &self->badge, &self->stock };

    for (guint i = 0; i < G_N_ELEMENTS (shifted); i++)
      shifted[i]->y += self->column.y;
  }
  self->qr_box.y = self->pad + (self->main_height - side_height) / 2;
  self->caption.y = self->qr_box.y + self->qr_box.height
                    + _vitrine_overlay_px (frame, CAPTION_SPACING);
  self->body_height = self->pad + self->main_height + self->pad;

  /* The flash deal across the bottom. */
  if (has_text (card->deal_price))
    {
      const char *label = has_text (card->deal_label) ? card->deal_label
        /* Translators: the title of the countdown block on a product card */
        : _("Flash deal");
      int pad_x = _vitrine_overlay_px (frame, DEAL_PAD_X);
      int pad_y = _vitrine_overlay_px (frame, DEAL_PAD_Y);
      int inner, start_height, end_width = 0;

      self->deal.x = self->pad;
      self->deal.y = self->body_height - self->pad + gap;
      self->deal.width = self->body_width - 2 * self->pad;
      inner = self->deal.width - 2 * pad_x;

      if (has_text (card->deal_countdown))
        {
          int icon = _vitrine_overlay_px (frame, STOPWATCH_SIZE);

          /* Tabular digits, so the countdown does not jiggle every second. */
          line_box (self, &self->countdown, card->deal_countdown, COUNTDOWN_SIZE,
                    VITRINE_OVERLAY_WEIGHT_PRICE, inner / 2,
                    pango_attr_font_features_new ("tnum=1"));
          self->stopwatch.width = self->stopwatch.height = icon;
          end_width = icon + pad_x / 2 + self->countdown.width;
        }

      line_box (self, &self->deal_label, label, DEAL_LABEL_SIZE, VITRINE_OVERLAY_WEIGHT_LABEL,
                inner - end_width - pad_x, NULL);
      line_box (self, &self->deal_price, card->deal_price, DEAL_PRICE_SIZE,
                VITRINE_OVERLAY_WEIGHT_PRICE, inner - end_width - pad_x, NULL);
      start_height = self->deal_label.height + self->deal_price.height;
      self->deal.height = 2 * pad_y + MAX (start_height, self->countdown.height);

      self->deal_label.x = self->deal_price.x = self->deal.x + pad_x;
      self->deal_label.y = self->deal.y + (self->deal.height - start_height) / 2;
      self->deal_price.y = self->deal_label.y + self->deal_label.height;
      if (self->countdown.layout != NULL)
        {
          self->countdown.x = self->deal.x + self->deal.width - pad_x - self->countdown.width;
          self->countdown.y = self->deal.y + (self->deal.height - self->countdown.height) / 2;
          self->stopwatch.x = self->countdown.x - pad_x / 2 - self->stopwatch.width;
          self->stopwatch.y = self->deal.y + (self->deal.height - self->stopwatch.height) / 2;
        }
      self->body_height = self->deal.y + self->deal.height + self->pad;
    }

  if (card->sold_out)
    {
      const char *label = has_text (card->sold_out_label) ? card->sold_out_label
        /* Translators: stamped across a product card when its stock is gone */
        : _("SOLD OUT");
      int pad_x = _vitrine_overlay_px (frame, STAMP_PAD_X);
      int pad_y = _vitrine_overlay_px (frame, STAMP_PAD_Y);

      line_box (self, &self->stamp, label, STAMP_SIZE, VITRINE_OVERLAY_WEIGHT_LABEL, G_MAXINT,
                pango_attr_letter_spacing_new (_vitrine_overlay_px (frame, 3) * PANGO_SCALE));
      self->stamp.width += 2 * pad_x;
      self->stamp.height += 2 * pad_y;
      /* A long translation shrinks rather than leaving the card. */
      self->stamp_scale = MIN (1.0, 0.84 * self->body_width / self->stamp.width);
    }
}

static int
mirror (const CardLayout *self,
        int               x,
        int               width)
{
  return self->rtl ? self->body_width - x - width : x;
}

static void
show_box (cairo_t          *cr,
          const CardLayout *self,
          const Box        *box)
{
  cairo_move_to (cr, mirror (self, box->x, box->width), box->y);
  pango_cairo_show_layout (cr, box->layout);
}

static void
draw_picture (cairo_t          *cr,
              const CardLayout *self)
{
  const VitrineOverlayFrame *frame = &self->frame;
  double radius = _vitrine_overlay_px (frame, frame->theme->radii[VITRINE_OVERLAY_RADIUS_IMAGE]);
  int x = mirror (self, self->picture.x, self->picture.width);
  int size = self->picture.width;

  cairo_save (cr);
  _vitrine_overlay_rounded_rect (cr, x, self->picture.y, size, size, radius);
  cairo_clip (cr);

  if (self->image != NULL)
    {
      int width = cairo_image_surface_get_width (self->image);
      int height = cairo_image_surface_get_height (self->image);
      /* Cover: fill the square, crop the longer side around the centre. */
      double scale = MAX ((double)size / MAX (width, 1), (double)size / MAX (height, 1));

      cairo_translate (cr, x + (size - width * scale) / 2,
                       self->picture.y + (size - height * scale) / 2);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, self->image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
    }
  else
    {
      VitrineOverlayRgba muted = frame->theme->colors[VITRINE_OVERLAY_COLOR_CARD_MUTED];

      muted.alpha *= 0.16;
      _vitrine_overlay_set_color (cr, &muted);
      cairo_paint (cr);
      muted.alpha = 0.5;
      _vitrine_overlay_bag_icon (cr, x + size / 2.0, self->picture.y + size / 2.0, size * 0.4,
                                 &muted);
    }
  cairo_restore (cr);
}

static void
draw_stopwatch (cairo_t                  *cr,
                const CardLayout         *self,
                const VitrineOverlayRgba *color)
{
  double size = self->stopwatch.width;
  double cx = mirror (self, self->stopwatch.x, self->stopwatch.width) + size / 2;
  double cy = self->stopwatch.y + size * 0.55;
  double radius = size * 0.38;

  cairo_save (cr);
  _vitrine_overlay_set_color (cr, color);
  cairo_set_line_width (cr, size * 0.09);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_move_to (cr, cx, cy);
  cairo_line_to (cr, cx + radius * 0.45, cy - radius * 0.45);
  cairo_stroke (cr);
  cairo_move_to (cr, cx - size * 0.1, cy - radius - size * 0.1);
  cairo_line_to (cr, cx + size * 0.1, cy - radius - size * 0.1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_card (cairo_t          *cr,
           const CardLayout *self)
{
  const VitrineOverlayFrame *frame = &self->frame;
  VitrineOverlayTheme *theme = frame->theme;
  const VitrineOverlayCard *card = self->card;
  double radius = _vitrine_overlay_px (frame, theme->radii[VITRINE_OVERLAY_RADIUS_CARD]);
  double border = MAX (1.0, CARD_BORDER * frame->scale);

  _vitrine_overlay_shadow (cr, frame, 0, 0, self->body_width, self->body_height, radius,
                           self->outset * 0.75);

  _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_CARD);
  _vitrine_overlay_rounded_rect (cr, 0, 0, self->body_width, self->body_height, radius);
  cairo_fill (cr);
  _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_CARD_BORDER);
  cairo_set_line_width (cr, border);
  _vitrine_overlay_rounded_rect (cr, border / 2, border / 2, self->body_width - border,
                                 self->body_height - border, radius - border / 2);
  cairo_stroke (cr);

  if (self->picture.width)
    draw_picture (cr, self);

  _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_CARD_TEXT);
  show_box (cr, self, &self->title);

  _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_PRICE);
  show_box (cr, self, &self->price);

  if (self->compare_at.layout != NULL)
    {
      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_COMPARE_AT);
      show_box (cr, self, &self->compare_at);
    }

  if (self->badge.layout != NULL)
    {
      int x = mirror (self, self->badge.x, self->badge.width);
      double badge_radius = _vitrine_overlay_px (frame, theme->radii[VITRINE_OVERLAY_RADIUS_BADGE]);

      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_BADGE);
      _vitrine_overlay_rounded_rect (cr, x, self->badge.y, self->badge.width, self->badge.height,
                                     badge_radius);
      cairo_fill (cr);
      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_BADGE_TEXT);
      cairo_move_to (cr, x + _vitrine_overlay_px (frame, BADGE_PAD_X),
                     self->badge.y + _vitrine_overlay_px (frame, BADGE_PAD_Y));
      pango_cairo_show_layout (cr, self->badge.layout);
    }

  if (self->stock.layout != NULL)
    {
      int dot = _vitrine_overlay_px (frame, STOCK_DOT);
      PangoRectangle logical;
      int baseline = box_baseline (&self->stock);

      pango_layout_get_pixel_extents (self->stock.layout, NULL, &logical);
      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_STOCK);
      cairo_new_path (cr);
      cairo_arc (cr, self->rtl ? self->body_width - self->stock_dot_x : self->stock_dot_x,
                 self->stock.y + baseline - dot * 1.1, dot, 0, 2 * G_PI);
      cairo_fill (cr);
      show_box (cr, self, &self->stock);
    }

  if (self->qr != NULL)
    {
      int x = mirror (self, self->qr_box.x, self->qr_box.width);
      double qr_radius = _vitrine_overlay_px (frame, theme->radii[VITRINE_OVERLAY_RADIUS_QR]);
      int frame_pad = MAX (self->qr_module, _vitrine_overlay_px (frame, 6));

      /* A rounded white mat around the square quiet zone, so the code reads
       * as a tile on a dark card too. */
      cairo_set_source_rgb (cr, 1, 1, 1);
      _vitrine_overlay_rounded_rect (cr, x - frame_pad, self->qr_box.y - frame_pad,
                                     self->qr_box.width + 2 * frame_pad,
                                     self->qr_box.height + 2 * frame_pad, qr_radius);
      cairo_fill (cr);
      vitrine_qr_code_draw (self->qr, cr, x, self->qr_box.y, self->qr_module);

      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_CARD_MUTED);
      show_box (cr, self, &self->caption);
    }

  if (self->deal.width)
    {
      double deal_radius = _vitrine_overlay_px (frame, theme->radii[VITRINE_OVERLAY_RADIUS_DEAL]);

      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_DEAL);
      _vitrine_overlay_rounded_rect (cr, mirror (self, self->deal.x, self->deal.width),
                                     self->deal.y, self->deal.width, self->deal.height,
                                     deal_radius);
      cairo_fill (cr);

      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_DEAL_ACCENT);
      show_box (cr, self, &self->deal_label);
      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_DEAL_TEXT);
      show_box (cr, self, &self->deal_price);
      if (self->countdown.layout != NULL)
        {
          const VitrineOverlayRgba *accent = &theme->colors[VITRINE_OVERLAY_COLOR_DEAL_ACCENT];

          draw_stopwatch (cr, self, accent);
          _vitrine_overlay_set_color (cr, accent);
          show_box (cr, self, &self->countdown);
        }
    }

  if (card->sold_out)
    {
      double stamp_radius = _vitrine_overlay_px (frame, theme->radii[VITRINE_OVERLAY_RADIUS_STAMP]);
      double inset = MAX (2.0, _vitrine_overlay_px (frame, 6));
      double width = self->stamp.width;
      double height = self->stamp.height;

      /* Everything under the stamp fades back, the price first of all. */
      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_SOLD_OUT_WASH);
      _vitrine_overlay_rounded_rect (cr, 0, 0, self->body_width, self->body_height, radius);
      cairo_fill (cr);

      cairo_save (cr);
      cairo_translate (cr, self->body_width / 2.0, self->body_height / 2.0);
      cairo_rotate (cr, STAMP_ANGLE);
      cairo_scale (cr, self->stamp_scale, self->stamp_scale);
      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_SOLD_OUT);
      _vitrine_overlay_rounded_rect (cr, -width / 2, -height / 2, width, height, stamp_radius);
      cairo_fill (cr);
      _vitrine_overlay_set_theme_color (cr, frame, VITRINE_OVERLAY_COLOR_SOLD_OUT_TEXT);
      cairo_set_line_width (cr, MAX (1.5, 3 * frame->scale));
      _vitrine_overlay_rounded_rect (cr, -width / 2 + inset, -height / 2 + inset,
                                     width - 2 * inset, height - 2 * inset,
                                     MAX (0, stamp_radius - inset));
      cairo_stroke (cr);
      cairo_move_to (cr, -width / 2 + _vitrine_overlay_px (frame, STAMP_PAD_X),
                     -height / 2 + _vitrine_overlay_px (frame, STAMP_PAD_Y));
      pango_cairo_show_layout (cr, self->stamp.layout);
      cairo_restore (cr);
    }
}

static void
card_rect (const CardLayout      *self,
           cairo_rectangle_int_t *rect)
{
  _vitrine_overlay_place (&self->frame, VITRINE_OVERLAY_CARD, self->body_width,
                          self->body_height, self->outset, rect);
}

/**
 * vitrine_overlay_card_layout:
 * @theme: a #VitrineOverlayTheme
 * @card: the card's content
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels; taller than wide means portrait
 * @rect: (out caller-allocates): where the card's surface goes on the canvas
 *
 * Computes where vitrine_overlay_card_render() would put the card, without
 * drawing. The rectangle includes the card's soft shadow and depends on the
 * content (a deal block or a long title make it taller).
 */
void
vitrine_overlay_card_layout (VitrineOverlayTheme      *theme,
                             const VitrineOverlayCard *card,
                             int                       canvas_width,
                             int                       canvas_height,
                             cairo_rectangle_int_t    *rect)
{
  CardLayout layout;

  g_return_if_fail (VITRINE_IS_OVERLAY_THEME (theme));
  g_return_if_fail (card != NULL);
  g_return_if_fail (canvas_width > 0 && canvas_height > 0);
  g_return_if_fail (rect != NULL);

  card_layout (&layout, theme, card, canvas_width, canvas_height);
  card_rect (&layout, rect);
  card_layout_clear (&layout);
}

/**
 * vitrine_overlay_card_render:
 * @theme: a #VitrineOverlayTheme
 * @card: the card's content
 * @canvas_width: canvas width in pixels
 * @canvas_height: canvas height in pixels; taller than wide means portrait
 * @rect: (out caller-allocates) (optional): where the surface goes on the canvas
 *
 * Draws the product card for a canvas of that size. The surface is ARGB32,
 * premultiplied, exactly @rect's size, transparent around the card's shadow;
 * composite it at (@rect->x, @rect->y), moved and faded by
 * vitrine_overlay_get_transform() while it animates.
 *
 * Rendering takes a few milliseconds at 1080p: keep the surface and render
 * again only when vitrine_overlay_card_equal() says the content changed
 * (with a countdown, once a second) or the canvas size changed.
 *
 * Returns: (transfer full): a new image surface
 */
cairo_surface_t *
vitrine_overlay_card_render (VitrineOverlayTheme      *theme,
                             const VitrineOverlayCard *card,
                             int                       canvas_width,
                             int                       canvas_height,
                             cairo_rectangle_int_t    *rect)
{
  CardLayout layout;
  cairo_rectangle_int_t where;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (theme), NULL);
  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (canvas_width > 0 && canvas_height > 0, NULL);

  card_layout (&layout, theme, card, canvas_width, canvas_height);
  card_rect (&layout, &where);

  surface = _vitrine_overlay_surface_new (where.width, where.height, &cr);
  cairo_translate (cr, (where.width - layout.body_width) / 2,
                   (where.height - layout.body_height) / 2);
  draw_card (cr, &layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  card_layout_clear (&layout);
  if (rect != NULL)
    *rect = where;
  return surface;
}

static void
to_rect (const CardLayout      *self,
         const Box             *box,
         int                    dx,
         int                    dy,
         cairo_rectangle_int_t *rect)
{
  rect->x = dx + mirror (self, box->x, box->width);
  rect->y = dy + box->y;
  rect->width = box->width;
  rect->height = box->height;
}

void
_vitrine_overlay_card_measure (VitrineOverlayTheme        *theme,
                               const VitrineOverlayCard   *card,
                               int                         canvas_width,
                               int                         canvas_height,
                               VitrineOverlayCardGeometry *geometry)
{
  CardLayout layout;
  cairo_rectangle_int_t where;
  int dx, dy;

  card_layout (&layout, theme, card, canvas_width, canvas_height);
  card_rect (&layout, &where);
  dx = (where.width - layout.body_width) / 2;
  dy = (where.height - layout.body_height) / 2;

  memset (geometry, 0, sizeof *geometry);
  geometry->body.x = dx;
  geometry->body.y = dy;
  geometry->body.width = layout.body_width;
  geometry->body.height = layout.body_height;
  to_rect (&layout, &layout.picture, dx, dy, &geometry->image);
  to_rect (&layout, &layout.column, dx, dy, &geometry->column);
  to_rect (&layout, &layout.title, dx, dy, &geometry->title);
  to_rect (&layout, &layout.price, dx, dy, &geometry->price);
  to_rect (&layout, &layout.compare_at, dx, dy, &geometry->compare_at);
  to_rect (&layout, &layout.badge, dx, dy, &geometry->badge);
  to_rect (&layout, &layout.stock, dx, dy, &geometry->stock);
  to_rect (&layout, &layout.deal, dx, dy, &geometry->deal);
  to_rect (&layout, &layout.qr_box, dx, dy, &geometry->qr);
  geometry->qr_module = layout.qr_module;
  if (card->sold_out)
    {
      geometry->stamp_x = dx + layout.body_width / 2.0;
      geometry->stamp_y = dy + layout.body_height / 2.0;
      geometry->stamp_width = layout.stamp.width * layout.stamp_scale;
      geometry->stamp_height = layout.stamp.height * layout.stamp_scale;
      geometry->stamp_angle = STAMP_ANGLE;
    }
  geometry->rtl = layout.rtl;
  geometry->title_unknown_glyphs = pango_layout_get_unknown_glyphs_count (layout.title.layout);
  geometry->title_lines = pango_layout_get_line_count (layout.title.layout);

  card_layout_clear (&layout);
}

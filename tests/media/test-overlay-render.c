/* test-overlay-render.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "vitrine-overlay-private.h"
#include "vitrine-qr.h"

/* What a viewer sees of the overlays: no missing glyphs, right-to-left text
 * against the right edge, colour emoji, a price tall enough to read at 720p,
 * a SOLD OUT stamp, a QR code a phone can scan (zbarimg decodes it), and
 * pictures that match the reviewed references in tests/media/reference/.
 *
 * VITRINE_UPDATE_REFERENCES=1 rewrites the references from the current
 * renderer instead of comparing; look at every one before committing it.
 * On a mismatch the actual image and an amplified difference are written to
 * tests/media/overlay-output/ in the build directory. */

/* Reference tolerance: antialiasing and rounding may move a little, a
 * changed glyph, colour or position may not. */
#define MAX_MEAN_DIFFERENCE   2.0    /* per channel, 0..255 */
#define BIG_DIFFERENCE        32     /* a pixel whose channel moved more than this… */
#define MAX_BIG_FRACTION      0.005  /* …may be at most 0.5 % of the pixels */

#define CHECKOUT_URL \
  "https://shop.example.com/products/linen-shirt?utm_source=youtube&utm_medium=live" \
  "&utm_campaign=spring-show"

static VitrineOverlayTheme *studio;
static VitrineOverlayTheme *night;
static cairo_surface_t *product_image;
static char *output_dir;

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

typedef struct
{
  int red, green, blue, alpha;   /* straight alpha, 0..255 */
} Pixel;

static Pixel
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 value;
  Pixel pixel;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  value = *(const guint32 *)(data + y * stride + 4 * x);
  pixel.alpha = value >> 24;
  if (pixel.alpha == 0)
    {
      pixel.red = pixel.green = pixel.blue = 0;
      return pixel;
    }
  pixel.red = (((value >> 16) & 0xff) * 255 + pixel.alpha / 2) / pixel.alpha;
  pixel.green = (((value >> 8) & 0xff) * 255 + pixel.alpha / 2) / pixel.alpha;
  pixel.blue = ((value & 0xff) * 255 + pixel.alpha / 2) / pixel.alpha;
  return pixel;
}

static int
pixel_distance (Pixel a,
                Pixel b)
{
  return MAX (MAX (ABS (a.red - b.red), ABS (a.green - b.green)),
              MAX (ABS (a.blue - b.blue), ABS (a.alpha - b.alpha)));
}

static Pixel
theme_pixel (VitrineOverlayTheme *theme,
             VitrineOverlayColor  color)
{
  const VitrineOverlayRgba *rgba = &theme->colors[color];
  Pixel pixel = {
    (int)round (rgba->red * 255), (int)round (rgba->green * 255),
    (int)round (rgba->blue * 255), (int)round (rgba->alpha * 255),
  };

  return pixel;
}

/* The bounding box of the pixels inside @area that differ from @background
 * by more than @threshold: the ink a viewer sees. */
static gboolean
ink_box (cairo_surface_t             *surface,
         const cairo_rectangle_int_t *area,
         Pixel                        background,
         int                          threshold,
         cairo_rectangle_int_t       *ink)
{
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;

  for (int y = area->y; y < area->y + area->height; y++)
    for (int x = area->x; x < area->x + area->width; x++)
      if (pixel_distance (get_pixel (surface, x, y), background) > threshold)
        {
          x0 = MIN (x0, x);
          y0 = MIN (y0, y);
          x1 = MAX (x1, x);
          y1 = MAX (y1, y);
        }

  if (x1 < 0)
    return FALSE;
  ink->x = x0;
  ink->y = y0;
  ink->width = x1 - x0 + 1;
  ink->height = y1 - y0 + 1;
  return TRUE;
}

static char *
output_path (const char *name)
{
  return g_build_filename (output_dir, name, NULL);
}

/* The surface over an opaque backdrop, as it would be over video. */
static cairo_surface_t *
flatten (cairo_surface_t *surface,
         double           grey)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  cairo_surface_t *flat = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (flat);

  cairo_set_source_rgb (cr, grey, grey, grey);
  cairo_paint (cr);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (flat);
  return flat;
}

/* A product photo the test can draw itself: a sky-blue linen shirt on a
 * warm studio backdrop. */
static cairo_surface_t *
make_product_image (void)
{
  const int size = 400;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *backdrop = cairo_pattern_create_linear (0, 0, 0, size);

  cairo_pattern_add_color_stop_rgb (backdrop, 0, 0.94, 0.91, 0.86);
  cairo_pattern_add_color_stop_rgb (backdrop, 1, 0.83, 0.78, 0.70);
  cairo_set_source (cr, backdrop);
  cairo_paint (cr);
  cairo_pattern_destroy (backdrop);

  /* shadow on the floor */
  cairo_save (cr);
  cairo_translate (cr, 200, 352);
  cairo_scale (cr, 150, 18);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgba (cr, 0.3, 0.25, 0.2, 0.25);
  cairo_fill (cr);

  /* body and sleeves */
  cairo_move_to (cr, 150, 70);
  cairo_line_to (cr, 92, 96);
  cairo_line_to (cr, 40, 190);
  cairo_line_to (cr, 88, 214);
  cairo_line_to (cr, 118, 160);
  cairo_line_to (cr, 118, 340);
  cairo_line_to (cr, 282, 340);
  cairo_line_to (cr, 282, 160);
  cairo_line_to (cr, 312, 214);
  cairo_line_to (cr, 360, 190);
  cairo_line_to (cr, 308, 96);
  cairo_line_to (cr, 250, 70);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.50, 0.70, 0.86);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.36, 0.55, 0.72);
  cairo_set_line_width (cr, 3);
  cairo_stroke (cr);

  /* collar */
  cairo_move_to (cr, 150, 70);
  cairo_line_to (cr, 200, 112);
  cairo_line_to (cr, 250, 70);
  cairo_line_to (cr, 232, 62);
  cairo_line_to (cr, 200, 88);
  cairo_line_to (cr, 168, 62);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.66, 0.81, 0.93);
  cairo_fill (cr);

  /* placket and buttons */
  cairo_set_source_rgb (cr, 0.36, 0.55, 0.72);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, 200, 112);
  cairo_line_to (cr, 200, 340);
  cairo_stroke (cr);
  for (int i = 0; i < 5; i++)
    {
      cairo_arc (cr, 210, 135 + 42 * i, 5, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.97, 0.97, 0.95);
      cairo_fill (cr);
    }

  /* pocket */
  cairo_rectangle (cr, 226, 150, 36, 40);
  cairo_set_source_rgb (cr, 0.36, 0.55, 0.72);
  cairo_stroke (cr);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static VitrineOverlayCard
latin_card (void)
{
  VitrineOverlayCard card = {
    .image = product_image,
    .title = "Linen Shirt — Relaxed Fit, Sky Blue",
    .price = "€89,00",
    .compare_at = "€119,00",
    .badge = "−25 %",
    .stock = "Only 3 left",
    .qr_url = CHECKOUT_URL,
  };

  return card;
}

static VitrineOverlayCard
arabic_card (void)
{
  VitrineOverlayCard card = {
    .image = product_image,
    .title = "قميص كتان بقصة مريحة — أزرق سماوي",
    .price = "\u200f٨٩٫٠٠\u00a0ج.م.\u200f",
    .compare_at = "\u200f١١٩٫٠٠\u00a0ج.م.\u200f",
    .badge = "\u200f−٢٥٪",
    .stock = "بقي ٣ قطع فقط",
    .qr_url = CHECKOUT_URL,
    .qr_caption = "امسح للشراء",
  };

  return card;
}

static VitrineOverlayCard
hebrew_card (void)
{
  VitrineOverlayCard card = {
    .image = product_image,
    .title = "חולצת פשתן בגזרה רחבה — תכלת",
    .price = "\u200f89.00\u00a0₪",
    .compare_at = "\u200f119.00\u00a0₪",
    .badge = "\u200e−25%",
    .stock = "נותרו רק 3",
    .qr_url = CHECKOUT_URL,
    .qr_caption = "סרקו לקנייה",
  };

  return card;
}

static VitrineOverlayCard
cjk_card (void)
{
  VitrineOverlayCard card = {
    .image = product_image,
    .title = "亚麻衬衫 宽松版型 天蓝色",
    .price = "¥599.00",
    .compare_at = "¥799.00",
    .badge = "−25%",
    .stock = "仅剩 3 件",
    .qr_url = CHECKOUT_URL,
    .qr_caption = "扫码购买",
  };

  return card;
}

static VitrineOverlayCard
emoji_card (void)
{
  VitrineOverlayCard card = {
    .image = product_image,
    .title = "Summer Drop 🌞🔥 Linen Shirt 👕",
    .price = "$89.00",
    .compare_at = "$119.00",
    .badge = "−25 %",
    .stock = "Only 3 left 😱",
    .qr_url = CHECKOUT_URL,
  };

  return card;
}

/* ------------------------------------------------------------------ */
/* Themes                                                             */

static void
test_theme_builtin (void)
{
  const char * const *names = vitrine_overlay_theme_list_builtin ();

  g_assert_cmpuint (g_strv_length ((char **)names), ==, 2);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VitrineOverlayTheme) theme = vitrine_overlay_theme_new_builtin (names[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (vitrine_overlay_theme_get_name (theme), ==, names[i]);
      g_assert_cmpuint (vitrine_overlay_theme_get_duration (theme, VITRINE_OVERLAY_TRANSITION_IN),
                        <=, 300);
      g_assert_cmpuint (vitrine_overlay_theme_get_duration (theme, VITRINE_OVERLAY_TRANSITION_OUT),
                        <=, 300);
      g_assert_cmpint (vitrine_overlay_theme_get_anchor (theme, VITRINE_OVERLAY_CARD, FALSE), ==,
                       VITRINE_OVERLAY_ANCHOR_BOTTOM_LEFT);
      g_assert_cmpint (vitrine_overlay_theme_get_anchor (theme, VITRINE_OVERLAY_CARD, TRUE), ==,
                       VITRINE_OVERLAY_ANCHOR_BOTTOM);
    }

  /* "night" is a dark card: its background is darker than its text. */
  g_assert_cmpfloat (night->colors[VITRINE_OVERLAY_COLOR_CARD].red, <,
                     night->colors[VITRINE_OVERLAY_COLOR_CARD_TEXT].red);
  g_assert_cmpfloat (studio->colors[VITRINE_OVERLAY_COLOR_CARD].red, >,
                     studio->colors[VITRINE_OVERLAY_COLOR_CARD_TEXT].red);
}

static VitrineOverlayTheme *
theme_from_string (const char  *json,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return vitrine_overlay_theme_new_from_bytes (bytes, error);
}

static void
test_theme_invalid (void)
{
  static const struct {
    const char *json;
    int         code;
    const char *names;   /* must appear in the message */
  } cases[] = {
    { "{ \"extends\": \"studio\", \"colors\": { \"price\": \"red\" } }",
      VITRINE_OVERLAY_ERROR_INVALID, "colors.price" },
    { "{ \"extends\": \"studio\", \"colors\": { \"price\": \"#12345\" } }",
      VITRINE_OVERLAY_ERROR_INVALID, "colors.price" },
    { "{ \"extends\": \"studio\", \"colors\": { \"pirce\": \"#123456\" } }",
      VITRINE_OVERLAY_ERROR_INVALID, "colors.pirce" },
    { "{ \"extends\": \"studio\", \"animation\": { \"in_ms\": 500 } }",
      VITRINE_OVERLAY_ERROR_INVALID, "animation.in_ms" },
    { "{ \"extends\": \"studio\", \"weights\": { \"title\": \"bold\" } }",
      VITRINE_OVERLAY_ERROR_INVALID, "weights.title" },
    { "{ \"extends\": \"studio\", \"placements\": { \"portrait\": { \"card\": "
      "{ \"anchor\": \"middle\", \"margin\": [0, 0] } } } }",
      VITRINE_OVERLAY_ERROR_INVALID, "placements.portrait.card.anchor" },
    { "{ \"extends\": \"studio\", \"placements\": { \"landscape\": { \"ticker\": "
      "{ \"anchor\": \"bottom\", \"margin\": [0] } } } }",
      VITRINE_OVERLAY_ERROR_INVALID, "placements.landscape.ticker.margin" },
    { "{ \"name\": \"bare\" }", VITRINE_OVERLAY_ERROR_INVALID, "font" },
    { "{ \"extends\": \"studio\", \"font\": \"DejaVu Sans, Noto Color Emoji\" }",
      VITRINE_OVERLAY_ERROR_INVALID, "font" },
    { "{ \"extends\": \"sunrise\" }", VITRINE_OVERLAY_ERROR_NOT_FOUND, "sunrise" },
    { "{ \"extends\": \"studio\", }", VITRINE_OVERLAY_ERROR_SYNTAX, "line 1" },
    { "[ 1, 2 ]", VITRINE_OVERLAY_ERROR_SYNTAX, "object" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineOverlayTheme) custom = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VitrineOverlayTheme) theme = theme_from_string (cases[i].json, &error);

      g_test_message ("%s → %s", cases[i].json, error ? error->message : "(no error)");
      g_assert_null (theme);
      g_assert_error (error, VITRINE_OVERLAY_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].names));
      g_clear_error (&error);
    }

  /* A theme that changes one colour of a built-in one. */
  custom = theme_from_string ("{ \"extends\": \"night\", \"name\": \"brand\","
                              " \"colors\": { \"price\": \"#00ff0080\" } }", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_overlay_theme_get_name (custom), ==, "brand");
  g_assert_cmpfloat (custom->colors[VITRINE_OVERLAY_COLOR_PRICE].green, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (custom->colors[VITRINE_OVERLAY_COLOR_PRICE].alpha,
                                  128 / 255.0, 1e-9);
  g_assert_cmpmem (&custom->colors[VITRINE_OVERLAY_COLOR_CARD], sizeof (VitrineOverlayRgba),
                   &night->colors[VITRINE_OVERLAY_COLOR_CARD], sizeof (VitrineOverlayRgba));

  g_assert_null (vitrine_overlay_theme_new_builtin ("nope", &error));
  g_assert_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------ */
/* What the viewer sees on the card                                   */

static void
test_card_no_tofu (void)
{
  VitrineOverlayCard cards[] = { cjk_card (), arabic_card (), hebrew_card (), emoji_card () };
  const char *extra[] = {
    "ラッシュガード 長袖 ネイビー",   /* Japanese: kana too */
    "린넨 셔츠 스카이 블루",          /* Korean */
    "👩🏽‍🎤 Limited 🇫🇷 edition ❤️",    /* skin tone, ZWJ sequence, flag, VS16 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      VitrineOverlayCardGeometry geometry;

      _vitrine_overlay_card_measure (studio, &cards[i], 1280, 720, &geometry);
      g_test_message ("%s: %d unknown glyphs", cards[i].title, geometry.title_unknown_glyphs);
      g_assert_cmpint (geometry.title_unknown_glyphs, ==, 0);
      g_assert_cmpint (geometry.title_lines, >=, 1);
      g_assert_cmpint (geometry.title_lines, <=, 2);
    }

  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      VitrineOverlayCard card = latin_card ();
      VitrineOverlayCardGeometry geometry;

      card.title = extra[i];
      _vitrine_overlay_card_measure (studio, &card, 1280, 720, &geometry);
      g_test_message ("%s: %d unknown glyphs", card.title, geometry.title_unknown_glyphs);
      g_assert_cmpint (geometry.title_unknown_glyphs, ==, 0);
    }
}

static void
test_card_long_title (void)
{
  VitrineOverlayCard card = latin_card ();
  VitrineOverlayCardGeometry short_geometry, geometry;

  _vitrine_overlay_card_measure (studio, &card, 1280, 720, &short_geometry);
  card.title = "Linen Shirt with a Title So Long That It Could Never Fit on Two Lines of "
               "the Card, Which Is Why the Renderer Ellipsizes It at the End of the Second";
  _vitrine_overlay_card_measure (studio, &card, 1280, 720, &geometry);
  g_assert_cmpint (geometry.title_lines, ==, 2);
  /* The card does not grow with the title, and newlines cannot add lines. */
  g_assert_cmpint (geometry.body.width, ==, short_geometry.body.width);
  card.title = "One\nTwo\nThree\nFour";
  _vitrine_overlay_card_measure (studio, &card, 1280, 720, &geometry);
  g_assert_cmpint (geometry.title_lines, ==, 1);
}

static void
assert_alignment (const VitrineOverlayCard *card,
                  gboolean                  rtl)
{
  VitrineOverlayCardGeometry geometry;
  cairo_surface_t *surface;
  cairo_rectangle_int_t ink;
  Pixel background = theme_pixel (studio, VITRINE_OVERLAY_COLOR_CARD);
  int column_left, column_right;

  _vitrine_overlay_card_measure (studio, card, 1280, 720, &geometry);
  surface = vitrine_overlay_card_render (studio, card, 1280, 720, NULL);
  g_assert_cmpint (geometry.rtl, ==, rtl);

  g_assert_true (ink_box (surface, &geometry.title, background, 64, &ink));
  column_left = geometry.column.x;
  column_right = geometry.column.x + geometry.column.width;
  g_test_message ("%s: column %d..%d, title ink %d..%d", card->title, column_left, column_right,
                  ink.x, ink.x + ink.width);

  /* A short title: well clear of one side, flush with the other. Glyphs
   * have a little side bearing, hence a few pixels of slack. */
  if (rtl)
    {
      g_assert_cmpint (column_right - (ink.x + ink.width), <=, 5);
      g_assert_cmpint (ink.x - column_left, >=, 40);
      /* …and the picture is on the right of the text. */
      g_assert_cmpint (geometry.image.x, >=, column_right);
      g_assert_cmpint (geometry.qr.x + geometry.qr.width, <=, column_left);
    }
  else
    {
      g_assert_cmpint (ink.x - column_left, <=, 5);
      g_assert_cmpint (column_right - (ink.x + ink.width), >=, 40);
      g_assert_cmpint (geometry.image.x + geometry.image.width, <=, column_left);
      g_assert_cmpint (geometry.qr.x, >=, column_right);
    }

  /* The price row starts on the same side. (Not to the pixel: an Arabic
   * price may end with "٠", a small dot in the middle of its advance.) */
  g_assert_true (ink_box (surface, &geometry.price, background, 64, &ink));
  if (rtl)
    g_assert_cmpint (column_right - (ink.x + ink.width), <=, 14);
  else
    g_assert_cmpint (ink.x - column_left, <=, 6);
  g_assert_cmpint (ABS (column_right - (ink.x + ink.width)), !=, ABS (ink.x - column_left));
  if (rtl)
    g_assert_cmpint (column_right - (ink.x + ink.width), <, ink.x - column_left);
  else
    g_assert_cmpint (ink.x - column_left, <, column_right - (ink.x + ink.width));

  cairo_surface_destroy (surface);
}

static void
test_card_direction (void)
{
  VitrineOverlayCard card = latin_card ();

  card.title = "Linen Shirt";
  assert_alignment (&card, FALSE);

  card = arabic_card ();
  card.title = "قميص كتان";
  assert_alignment (&card, TRUE);

  card = hebrew_card ();
  card.title = "חולצת פשתן";
  assert_alignment (&card, TRUE);

  /* A Latin brand name first does not make an Arabic title left-to-right
   * if Arabic comes first, and vice versa. */
  card = arabic_card ();
  card.title = "قميص Vitrine كتان";
  assert_alignment (&card, TRUE);
  card = latin_card ();
  card.title = "Vitrine قميص";
  assert_alignment (&card, FALSE);
}

static void
test_card_emoji_colour (void)
{
  VitrineOverlayCard card = emoji_card ();
  VitrineOverlayCard plain = latin_card ();
  VitrineOverlayCardGeometry geometry;
  cairo_surface_t *surface;
  int coloured = 0;

  for (guint i = 0; i < 2; i++)
    {
      const VitrineOverlayCard *which = i == 0 ? &card : &plain;
      int count = 0;

      _vitrine_overlay_card_measure (studio, which, 1280, 720, &geometry);
      surface = vitrine_overlay_card_render (studio, which, 1280, 720, NULL);
      for (int y = geometry.title.y; y < geometry.title.y + geometry.title.height; y++)
        for (int x = geometry.title.x; x < geometry.title.x + geometry.title.width; x++)
          {
            Pixel pixel = get_pixel (surface, x, y);
            int high = MAX (pixel.red, MAX (pixel.green, pixel.blue));
            int low = MIN (pixel.red, MIN (pixel.green, pixel.blue));

            if (pixel.alpha > 200 && high - low > 80)
              count++;
          }
      cairo_surface_destroy (surface);
      g_test_message ("%s: %d saturated pixels in the title", which->title, count);
      if (i == 0)
        coloured = count;
      else
        g_assert_cmpint (count, ==, 0);  /* a Latin title in card_text is grey */
    }

  /* Three emoji of ~25 px: several hundred coloured pixels, not outlines. */
  g_assert_cmpint (coloured, >=, 300);
}

static int
price_ink_height (VitrineOverlayTheme      *theme,
                  const VitrineOverlayCard *card,
                  int                       width,
                  int                       height)
{
  VitrineOverlayCardGeometry geometry;
  cairo_surface_t *surface;
  cairo_rectangle_int_t ink;

  _vitrine_overlay_card_measure (theme, card, width, height, &geometry);
  surface = vitrine_overlay_card_render (theme, card, width, height, NULL);
  g_assert_true (ink_box (surface, &geometry.price,
                          theme_pixel (theme, VITRINE_OVERLAY_COLOR_CARD), 64, &ink));
  cairo_surface_destroy (surface);
  g_test_message ("%s at %d×%d: price ink %d px tall", card->price, width, height, ink.height);
  return ink.height;
}

static void
test_card_price_size (void)
{
  VitrineOverlayCard card = latin_card ();

  /* Digits and the euro sign only: no descender to help. */
  g_assert_cmpint (price_ink_height (studio, &card, 1280, 720), >=, 28);
  g_assert_cmpint (price_ink_height (night, &card, 1280, 720), >=, 28);
  g_assert_cmpint (price_ink_height (studio, &card, 720, 1280), >=, 28);
  g_assert_cmpint (price_ink_height (studio, &card, 1920, 1080), >=, 42);
  card.price = "1299";
  g_assert_cmpint (price_ink_height (studio, &card, 1280, 720), >=, 28);
}

static void
test_card_sold_out (void)
{
  VitrineOverlayCard card = latin_card ();
  VitrineOverlayCard sold = latin_card ();
  VitrineOverlayCardGeometry geometry;
  cairo_surface_t *before, *after;
  Pixel stamp = theme_pixel (studio, VITRINE_OVERLAY_COLOR_SOLD_OUT);
  int width, height, changed = 0, body_pixels;
  double along, cx, cy;

  sold.sold_out = TRUE;
  before = vitrine_overlay_card_render (studio, &card, 1280, 720, NULL);
  after = vitrine_overlay_card_render (studio, &sold, 1280, 720, NULL);
  _vitrine_overlay_card_measure (studio, &sold, 1280, 720, &geometry);

  width = cairo_image_surface_get_width (before);
  height = cairo_image_surface_get_height (before);
  g_assert_cmpint (cairo_image_surface_get_width (after), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (after), ==, height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixel_distance (get_pixel (before, x, y), get_pixel (after, x, y)) > 16)
        changed++;
  body_pixels = geometry.body.width * geometry.body.height;
  g_test_message ("SOLD OUT changed %d of %d card pixels", changed, body_pixels);
  g_assert_cmpint (changed, >, body_pixels / 3);

  /* The stamp: big, inside the card, and of the stamp colour between its
   * edge and its lettering (probed along its tilted axis, both ends). */
  g_assert_cmpfloat (geometry.stamp_width, >, geometry.body.width * 0.3);
  g_assert_cmpfloat (geometry.stamp_width, <, geometry.body.width);
  along = geometry.stamp_width / 2 - 12 * 720 / 1080.0;
  for (int side = -1; side <= 1; side += 2)
    {
      cx = geometry.stamp_x + side * along * cos (geometry.stamp_angle);
      cy = geometry.stamp_y + side * along * sin (geometry.stamp_angle);
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            Pixel pixel = get_pixel (after, (int)cx + dx, (int)cy + dy);

            g_assert_cmpint (pixel_distance (pixel, stamp), <=, 6);
          }
    }

  /* The price is dimmed: its darkest pixel is much lighter. */
  {
    Pixel price = theme_pixel (studio, VITRINE_OVERLAY_COLOR_PRICE);
    int darkest_before = 255 * 3, darkest_after = 255 * 3;
    cairo_rectangle_int_t *box = &geometry.price;

    for (int y = box->y; y < box->y + box->height; y++)
      for (int x = box->x; x < box->x + box->width / 3; x++)
        {
          Pixel b = get_pixel (before, x, y), a = get_pixel (after, x, y);

          darkest_before = MIN (darkest_before, b.red + b.green + b.blue);
          darkest_after = MIN (darkest_after, a.red + a.green + a.blue);
        }
    g_assert_cmpint (darkest_before, <=, price.red + price.green + price.blue + 12);
    g_assert_cmpint (darkest_after, >, darkest_before + 200);
  }

  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
}

static char *
zbar_decode (const char *path)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { zbarimg, "--raw", "-q", path, NULL };
  int status = 0;

  if (zbarimg == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("zbarimg failed on %s: %s", path, err);
  g_strchomp (out);
  return g_steal_pointer (&out);
}

static void
assert_qr_scans (VitrineOverlayTheme      *theme,
                 const VitrineOverlayCard *card,
                 int                       width,
                 int                       height,
                 const char               *name)
{
  VitrineOverlayCardGeometry geometry;
  cairo_surface_t *surface = vitrine_overlay_card_render (theme, card, width, height, NULL);
  cairo_surface_t *flat = flatten (surface, 0.3);
  g_autofree char *path = output_path (name);
  g_autofree char *decoded = NULL;

  _vitrine_overlay_card_measure (theme, card, width, height, &geometry);
  g_assert_cmpint (geometry.qr_module, >=, 2);
  g_assert_cmpint (geometry.qr.width % geometry.qr_module, ==, 0);
  g_assert_cmpint (geometry.qr.width, ==, geometry.qr.height);

  /* Crisp: only pure black and pure white inside the code, quiet zone
   * included (white), and the quiet zone really is 4 modules. */
  for (int y = geometry.qr.y; y < geometry.qr.y + geometry.qr.height; y++)
    for (int x = geometry.qr.x; x < geometry.qr.x + geometry.qr.width; x++)
      {
        Pixel pixel = get_pixel (surface, x, y);
        gboolean in_quiet_zone = x < geometry.qr.x + 4 * geometry.qr_module ||
                                 y < geometry.qr.y + 4 * geometry.qr_module ||
                                 x >= geometry.qr.x + geometry.qr.width - 4 * geometry.qr_module ||
                                 y >= geometry.qr.y + geometry.qr.height - 4 * geometry.qr_module;

        g_assert_cmpint (pixel.alpha, ==, 255);
        g_assert_true ((pixel.red == 0 && pixel.green == 0 && pixel.blue == 0) ||
                       (pixel.red == 255 && pixel.green == 255 && pixel.blue == 255));
        if (in_quiet_zone)
          g_assert_cmpint (pixel.red, ==, 255);
      }

  g_assert_cmpint (cairo_surface_write_to_png (flat, path), ==, CAIRO_STATUS_SUCCESS);
  decoded = zbar_decode (path);
  if (decoded == NULL)
    {
      g_test_skip ("zbarimg (zbar-tools) is not installed");
    }
  else
    {
      g_test_message ("%s: %d px per module, decoded %s", name, geometry.qr_module, decoded);
      g_assert_cmpstr (decoded, ==, card->qr_url);
    }

  cairo_surface_destroy (flat);
  cairo_surface_destroy (surface);
}

static void
test_card_qr (void)
{
  VitrineOverlayCard card = latin_card ();
  VitrineOverlayCard arabic = arabic_card ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_url = NULL;
  VitrineQrCode *code;

  assert_qr_scans (studio, &card, 1280, 720, "qr-card-720p.png");
  assert_qr_scans (studio, &card, 1920, 1080, "qr-card-1080p.png");
  assert_qr_scans (studio, &card, 720, 1280, "qr-card-portrait.png");
  assert_qr_scans (night, &card, 1280, 720, "qr-card-night.png");
  assert_qr_scans (studio, &arabic, 1280, 720, "qr-card-arabic.png");

  /* A long link makes a bigger code, never modules under 2 px. */
  card.qr_url = CHECKOUT_URL "&utm_content=a-much-longer-campaign-identifier-for-the-product"
                "-card-that-goes-on-and-on&variant=42&size=XL&colour=sky-blue";
  assert_qr_scans (studio, &card, 1280, 720, "qr-card-long.png");

  /* Too long for any QR code: an error, and the card without a code. */
  long_url = g_strnfill (3000, 'a');
  code = vitrine_qr_code_new (long_url, &error);
  g_assert_null (code);
  g_assert_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_QR);
  {
    VitrineOverlayCardGeometry geometry;

    card.qr_url = long_url;
    _vitrine_overlay_card_measure (studio, &card, 1280, 720, &geometry);
    g_assert_cmpint (geometry.qr_module, ==, 0);
  }
}

static void
test_card_layout (void)
{
  VitrineOverlayCard card = latin_card ();
  VitrineOverlayCardGeometry geometry;
  cairo_rectangle_int_t rect, rendered;
  cairo_surface_t *surface;

  /* Landscape: bottom-left, above the ticker band, inside the canvas. */
  vitrine_overlay_card_layout (studio, &card, 1280, 720, &rect);
  surface = vitrine_overlay_card_render (studio, &card, 1280, 720, &rendered);
  g_assert_cmpmem (&rect, sizeof rect, &rendered, sizeof rendered);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, rect.width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, rect.height);
  cairo_surface_destroy (surface);
  _vitrine_overlay_card_measure (studio, &card, 1280, 720, &geometry);
  g_test_message ("landscape card at %d,%d %d×%d", rect.x, rect.y, rect.width, rect.height);
  g_assert_cmpint (rect.x, >=, 0);
  g_assert_cmpint (rect.y, >=, 0);
  g_assert_cmpint (rect.x + rect.width, <=, 1280 * 55 / 100);   /* leaves the host visible */
  g_assert_cmpint (rect.y + rect.height, <=, 720);
  g_assert_cmpint (rect.x + geometry.body.x, ==, 32);                      /* 48 units */
  g_assert_cmpint (rect.y + geometry.body.y + geometry.body.height, ==, 720 - 64);
  /* The transparent corners really are transparent. */
  g_assert_cmpint (get_pixel (surface = vitrine_overlay_card_render (studio, &card, 1280, 720,
                                                                      NULL), 0, 0).alpha, ==, 0);
  cairo_surface_destroy (surface);

  /* Portrait: centred, most of the width, in the bottom part. */
  vitrine_overlay_card_layout (studio, &card, 720, 1280, &rect);
  _vitrine_overlay_card_measure (studio, &card, 720, 1280, &geometry);
  g_test_message ("portrait card at %d,%d %d×%d", rect.x, rect.y, rect.width, rect.height);
  g_assert_cmpint (geometry.body.width, >=, 720 * 85 / 100);
  g_assert_cmpint (ABS ((rect.x + geometry.body.x) * 2 + geometry.body.width - 720), <=, 1);
  g_assert_cmpint (rect.y, >=, 1280 / 2);
  g_assert_cmpint (rect.y + rect.height, <=, 1280 - 1280 / 10);

  /* With a deal block the card is taller, not wider. */
  {
    VitrineOverlayCard deal = latin_card ();
    cairo_rectangle_int_t deal_rect;

    deal.deal_price = "€69,00";
    deal.deal_countdown = "01:59";
    vitrine_overlay_card_layout (studio, &card, 1280, 720, &rect);
    vitrine_overlay_card_layout (studio, &deal, 1280, 720, &deal_rect);
    g_assert_cmpint (deal_rect.width, ==, rect.width);
    g_assert_cmpint (deal_rect.height, >, rect.height);
    g_assert_cmpint (deal_rect.y + deal_rect.height, ==, rect.y + rect.height);
  }

  /* No picture, no QR: the text column still has a sensible width. */
  card.image = NULL;
  card.qr_url = NULL;
  _vitrine_overlay_card_measure (studio, &card, 1280, 720, &geometry);
  g_assert_cmpint (geometry.qr_module, ==, 0);
  g_assert_cmpint (geometry.image.width, ==, 0);
  g_assert_cmpint (geometry.column.width, >=, 250);

  /* A picture that cannot be read leaves a placeholder, not a hole. */
  card.image_path = "/nonexistent/picture.png";
  _vitrine_overlay_card_measure (studio, &card, 1280, 720, &geometry);
  g_assert_cmpint (geometry.image.width, >, 0);
}

static void
test_card_image_path (void)
{
  g_autofree char *path = output_path ("product.png");
  VitrineOverlayCard from_surface = latin_card ();
  VitrineOverlayCard from_file = latin_card ();
  cairo_surface_t *a, *b;

  g_assert_cmpint (cairo_surface_write_to_png (product_image, path), ==, CAIRO_STATUS_SUCCESS);
  from_file.image = NULL;
  from_file.image_path = path;
  a = vitrine_overlay_card_render (studio, &from_surface, 1280, 720, NULL);
  b = vitrine_overlay_card_render (studio, &from_file, 1280, 720, NULL);
  g_assert_cmpint (cairo_image_surface_get_height (a), ==, cairo_image_surface_get_height (b));
  g_assert_cmpmem (cairo_image_surface_get_data (a),
                   cairo_image_surface_get_stride (a) * cairo_image_surface_get_height (a),
                   cairo_image_surface_get_data (b),
                   cairo_image_surface_get_stride (b) * cairo_image_surface_get_height (b));
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_card_hash (void)
{
  VitrineOverlayCard card = latin_card ();
  VitrineOverlayCard other = latin_card ();
  g_autoptr(VitrineOverlayCard) copy = NULL;
  char countdown[8];

  card.deal_price = other.deal_price = "€69,00";
  g_strlcpy (countdown, "01:59", sizeof countdown);
  card.deal_countdown = countdown;
  other.deal_countdown = "01:59";
  g_assert_true (vitrine_overlay_card_equal (&card, &other));
  g_assert_cmpuint (vitrine_overlay_card_hash (&card), ==, vitrine_overlay_card_hash (&other));

  /* The copy owns its strings: it does not see the caller's buffer change. */
  copy = vitrine_overlay_card_copy (&card);
  g_assert_true (copy->image == product_image);
  g_assert_true (copy->deal_countdown != countdown);
  g_strlcpy (countdown, "01:58", sizeof countdown);
  g_assert_false (vitrine_overlay_card_equal (&card, copy));
  g_assert_cmpuint (vitrine_overlay_card_hash (&card), !=, vitrine_overlay_card_hash (copy));
  g_assert_true (vitrine_overlay_card_equal (&other, copy));

  other.sold_out = TRUE;
  g_assert_false (vitrine_overlay_card_equal (&other, copy));
  other.sold_out = FALSE;
  other.image = NULL;
  g_assert_false (vitrine_overlay_card_equal (&other, copy));
  other.image = product_image;
  other.badge = NULL;
  g_assert_false (vitrine_overlay_card_equal (&other, copy));
  other.badge = "";
  g_assert_false (vitrine_overlay_card_equal (&other, copy));

  /* The boxed type copies and frees through the same functions. */
  {
    VitrineOverlayCard *boxed = g_boxed_copy (VITRINE_TYPE_OVERLAY_CARD, copy);

    g_assert_true (vitrine_overlay_card_equal (boxed, copy));
    g_boxed_free (VITRINE_TYPE_OVERLAY_CARD, boxed);
  }
  {
    VitrineOverlayComment comment = { "Hi", "maria_k", "youtube" };
    g_autoptr(VitrineOverlayComment) comment_copy = vitrine_overlay_comment_copy (&comment);

    g_assert_true (vitrine_overlay_comment_equal (&comment, comment_copy));
    g_assert_cmpuint (vitrine_overlay_comment_hash (&comment), ==,
                      vitrine_overlay_comment_hash (comment_copy));
    comment.platform = "twitch";
    g_assert_false (vitrine_overlay_comment_equal (&comment, comment_copy));
  }
}

/* ------------------------------------------------------------------ */
/* Animation, ticker                                                  */

static void
test_transform (void)
{
  VitrineOverlayTransform transform;
  int previous = G_MININT;

  /* Card, landscape: bottom-left, so it slides in from the left. */
  vitrine_overlay_get_transform (studio, VITRINE_OVERLAY_CARD, 1280, 720,
                                 VITRINE_OVERLAY_TRANSITION_IN, 0, &transform);
  g_assert_cmpint (transform.dx, <, 0);
  g_assert_cmpint (transform.dy, ==, 0);
  g_assert_cmpfloat (transform.alpha, ==, 0);
  vitrine_overlay_get_transform (studio, VITRINE_OVERLAY_CARD, 1280, 720,
                                 VITRINE_OVERLAY_TRANSITION_IN, 1, &transform);
  g_assert_cmpint (transform.dx, ==, 0);
  g_assert_cmpint (transform.dy, ==, 0);
  g_assert_cmpfloat (transform.alpha, ==, 1);

  for (int i = 0; i <= 20; i++)
    {
      vitrine_overlay_get_transform (studio, VITRINE_OVERLAY_CARD, 1280, 720,
                                     VITRINE_OVERLAY_TRANSITION_IN, i / 20.0, &transform);
      g_assert_cmpint (transform.dx, >=, previous);
      previous = transform.dx;
    }

  /* Portrait: bottom centre, so it rises from below; out goes back down. */
  vitrine_overlay_get_transform (studio, VITRINE_OVERLAY_CARD, 720, 1280,
                                 VITRINE_OVERLAY_TRANSITION_IN, 0.5, &transform);
  g_assert_cmpint (transform.dx, ==, 0);
  g_assert_cmpint (transform.dy, >, 0);
  g_assert_cmpfloat (transform.alpha, >, 0.5);   /* eases out: mostly there at half time */
  vitrine_overlay_get_transform (studio, VITRINE_OVERLAY_CARD, 720, 1280,
                                 VITRINE_OVERLAY_TRANSITION_OUT, 0, &transform);
  g_assert_cmpint (transform.dy, ==, 0);
  g_assert_cmpfloat (transform.alpha, ==, 1);
  vitrine_overlay_get_transform (studio, VITRINE_OVERLAY_CARD, 720, 1280,
                                 VITRINE_OVERLAY_TRANSITION_OUT, 1, &transform);
  g_assert_cmpint (transform.dy, ==, 37);   /* 56 units at 720 */
  g_assert_cmpfloat (transform.alpha, ==, 0);

  /* Out of range progress is clamped; the alert on the right slides from the right. */
  vitrine_overlay_get_transform (studio, VITRINE_OVERLAY_ALERT, 1920, 1080,
                                 VITRINE_OVERLAY_TRANSITION_IN, -3, &transform);
  g_assert_cmpint (transform.dx, ==, 56);
  g_assert_cmpfloat (transform.alpha, ==, 0);
}

static void
test_ticker (void)
{
  VitrineOverlayTicker ticker = { "Free shipping over €50 • New drop every Friday" };
  cairo_rectangle_int_t band, rect;
  cairo_surface_t *strip, *a, *b, *c;
  int period;

  vitrine_overlay_ticker_layout (studio, 1280, 720, &band);
  g_assert_cmpint (band.x, ==, 0);
  g_assert_cmpint (band.width, ==, 1280);
  g_assert_cmpint (band.y + band.height, ==, 720);

  strip = vitrine_overlay_ticker_render_strip (studio, &ticker, 1280, 720);
  period = cairo_image_surface_get_width (strip);
  g_assert_cmpint (cairo_image_surface_get_height (strip), ==, band.height);
  g_assert_cmpint (period, >, 400);

  a = vitrine_overlay_ticker_compose (studio, strip, 1280, 720, 10, &rect);
  b = vitrine_overlay_ticker_compose (studio, strip, 1280, 720, 10 + 3 * period, NULL);
  c = vitrine_overlay_ticker_compose (studio, strip, 1280, 720, 11, NULL);
  g_assert_cmpmem (&rect, sizeof rect, &band, sizeof band);

  /* One period further is the same picture; one pixel further is the same
   * picture moved left by one pixel. */
  g_assert_cmpmem (cairo_image_surface_get_data (a),
                   cairo_image_surface_get_stride (a) * band.height,
                   cairo_image_surface_get_data (b),
                   cairo_image_surface_get_stride (b) * band.height);
  for (int y = 0; y < band.height; y++)
    for (int x = 0; x + 1 < band.width; x++)
      g_assert_cmpint (pixel_distance (get_pixel (a, x + 1, y), get_pixel (c, x, y)), ==, 0);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  cairo_surface_destroy (c);
  cairo_surface_destroy (strip);
}

/* Everything on at once: the default placements must not collide, on
 * either canvas. The composed canvases are left in the output directory
 * as screenshots of the layout. */
static void
assert_canvas (VitrineOverlayTheme *theme,
               int                  width,
               int                  height,
               const char          *name)
{
  VitrineOverlayCard card = latin_card ();
  VitrineOverlayLowerThird lower_third = { "Anna Becker", "Founder, Atelier Lin" };
  VitrineOverlayTicker ticker = { "Free shipping over €50 — new drop every Friday at 8 pm" };
  VitrineOverlayComment comment = { "Does it come in XL? 😍", "maria_k", "youtube" };
  VitrineOverlayAlert alert = { "Anna just bought Linen Shirt" };
  cairo_surface_t *surfaces[5];
  cairo_rectangle_int_t rects[5];
  cairo_surface_t *canvas = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_pattern_t *backdrop = cairo_pattern_create_linear (0, 0, width, height);
  cairo_t *cr = cairo_create (canvas);
  g_autofree char *path = output_path (name);

  card.deal_price = "€69,00";
  card.deal_countdown = "01:59";
  surfaces[0] = vitrine_overlay_card_render (theme, &card, width, height, &rects[0]);
  surfaces[1] = vitrine_overlay_lower_third_render (theme, &lower_third, width, height, &rects[1]);
  surfaces[2] = vitrine_overlay_ticker_render (theme, &ticker, width, height, 0, &rects[2]);
  surfaces[3] = vitrine_overlay_comment_render (theme, &comment, width, height, &rects[3]);
  surfaces[4] = vitrine_overlay_alert_render (theme, &alert, width, height, &rects[4]);

  /* a "video" behind: a studio-ish gradient */
  cairo_pattern_add_color_stop_rgb (backdrop, 0, 0.35, 0.42, 0.50);
  cairo_pattern_add_color_stop_rgb (backdrop, 1, 0.62, 0.55, 0.47);
  cairo_set_source (cr, backdrop);
  cairo_paint (cr);
  cairo_pattern_destroy (backdrop);

  for (guint i = 0; i < G_N_ELEMENTS (surfaces); i++)
    {
      g_test_message ("%s: overlay %u at %d,%d %d×%d", name, i, rects[i].x, rects[i].y,
                      rects[i].width, rects[i].height);
      g_assert_cmpint (rects[i].x, >=, 0);
      g_assert_cmpint (rects[i].y, >=, 0);
      g_assert_cmpint (rects[i].x + rects[i].width, <=, width);
      g_assert_cmpint (rects[i].y + rects[i].height, <=, height);
      for (guint j = 0; j < i; j++)
        {
          gboolean apart = rects[i].x + rects[i].width <= rects[j].x ||
                           rects[j].x + rects[j].width <= rects[i].x ||
                           rects[i].y + rects[i].height <= rects[j].y ||
                           rects[j].y + rects[j].height <= rects[i].y;

          if (!apart)
            g_test_fail_printf ("%s: overlays %u and %u overlap", name, i, j);
        }
      cairo_set_source_surface (cr, surfaces[i], rects[i].x, rects[i].y);
      cairo_paint (cr);
      cairo_surface_destroy (surfaces[i]);
    }

  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (canvas, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (canvas);
}

static void
test_canvas (void)
{
  assert_canvas (studio, 1280, 720, "canvas-studio-landscape.png");
  assert_canvas (studio, 720, 1280, "canvas-studio-portrait.png");
  assert_canvas (night, 1920, 1080, "canvas-night-1080p.png");
  assert_canvas (night, 1080, 1920, "canvas-night-portrait.png");
}

/* ------------------------------------------------------------------ */
/* Threads                                                            */

typedef struct
{
  VitrineOverlayCard card;
  cairo_surface_t   *surface;
} ThreadJob;

static gpointer
render_thread (gpointer data)
{
  ThreadJob *job = data;

  for (int i = 0; i < 3; i++)
    {
      g_clear_pointer (&job->surface, cairo_surface_destroy);
      job->surface = vitrine_overlay_card_render (studio, &job->card, 1280, 720, NULL);
    }
  return NULL;
}

static void
test_threads (void)
{
  ThreadJob jobs[4] = {
    { latin_card (), NULL }, { arabic_card (), NULL }, { cjk_card (), NULL },
    { emoji_card (), NULL },
  };
  GThread *threads[G_N_ELEMENTS (jobs)];

  /* One theme, four streaming threads at once, and each result identical to
   * the same card rendered alone. */
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    threads[i] = g_thread_new ("render", render_thread, &jobs[i]);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      cairo_surface_t *alone = vitrine_overlay_card_render (studio, &jobs[i].card, 1280, 720, NULL);

      g_assert_cmpint (cairo_image_surface_get_height (alone), ==,
                       cairo_image_surface_get_height (jobs[i].surface));
      g_assert_cmpmem (cairo_image_surface_get_data (alone),
                       cairo_image_surface_get_stride (alone)
                       * cairo_image_surface_get_height (alone),
                       cairo_image_surface_get_data (jobs[i].surface),
                       cairo_image_surface_get_stride (jobs[i].surface)
                       * cairo_image_surface_get_height (jobs[i].surface));
      cairo_surface_destroy (alone);
      cairo_surface_destroy (jobs[i].surface);
    }
}

/* ------------------------------------------------------------------ */
/* Reference images                                                   */

typedef enum
{
  REF_CARD,
  REF_LOWER_THIRD,
  REF_COMMENT,
  REF_TICKER,
  REF_ALERT,
} RefKind;

typedef struct
{
  const char               *name;
  RefKind                   kind;
  gboolean                  night;
  int                       width;
  int                       height;
  VitrineOverlayCard      (*card) (void);
  gboolean                  sold_out;
  gboolean                  deal;
  VitrineOverlayLowerThird  lower_third;
  VitrineOverlayComment     comment;
  const char               *text;
} Reference;

static const Reference references[] = {
  { "card-latin", REF_CARD, FALSE, 1280, 720, latin_card },
  { "card-arabic", REF_CARD, FALSE, 1280, 720, arabic_card },
  { "card-hebrew", REF_CARD, FALSE, 1280, 720, hebrew_card },
  { "card-cjk", REF_CARD, FALSE, 1280, 720, cjk_card },
  { "card-emoji", REF_CARD, FALSE, 1280, 720, emoji_card },
  { "card-sold-out", REF_CARD, FALSE, 1280, 720, latin_card, .sold_out = TRUE },
  { "card-deal", REF_CARD, TRUE, 1280, 720, latin_card, .deal = TRUE },
  { "card-portrait", REF_CARD, FALSE, 720, 1280, latin_card, .deal = TRUE },
  { "lower-third", REF_LOWER_THIRD, FALSE, 1280, 720,
    .lower_third = { "Anna Becker", "Founder, Atelier Lin" } },
  { "comment", REF_COMMENT, FALSE, 1280, 720,
    .comment = { "Does it come in XL? And is the linen pre-washed? 😍", "maria_k", "youtube" } },
  { "comment-night", REF_COMMENT, TRUE, 1280, 720,
    .comment = { "هل يتوفر باللون الأبيض؟", "سارة", "tiktok" } },
  { "ticker", REF_TICKER, TRUE, 1280, 720,
    .text = "Free shipping over €50 — new drop every Friday at 8 pm" },
  { "alert", REF_ALERT, FALSE, 1280, 720, .text = "Anna just bought Linen Shirt" },
};

static cairo_surface_t *
render_reference (const Reference *reference)
{
  VitrineOverlayTheme *theme = reference->night ? night : studio;

  switch (reference->kind)
    {
    case REF_CARD:
      {
        VitrineOverlayCard card = reference->card ();

        card.sold_out = reference->sold_out;
        if (reference->sold_out)
          card.stock = NULL;
        if (reference->deal)
          {
            card.deal_price = "€69,00";
            card.deal_countdown = "01:59";
          }
        return vitrine_overlay_card_render (theme, &card, reference->width, reference->height,
                                            NULL);
      }
    case REF_LOWER_THIRD:
      return vitrine_overlay_lower_third_render (theme, &reference->lower_third,
                                                 reference->width, reference->height, NULL);
    case REF_COMMENT:
      return vitrine_overlay_comment_render (theme, &reference->comment,
                                             reference->width, reference->height, NULL);
    case REF_TICKER:
      {
        VitrineOverlayTicker ticker = { reference->text };

        return vitrine_overlay_ticker_render (theme, &ticker, reference->width,
                                              reference->height, 0, NULL);
      }
    case REF_ALERT:
    default:
      {
        VitrineOverlayAlert alert = { reference->text };

        return vitrine_overlay_alert_render (theme, &alert, reference->width,
                                             reference->height, NULL);
      }
    }
}

static void
test_reference (gconstpointer data)
{
  const Reference *reference = data;
  const char *source_root = g_getenv ("VITRINE_SOURCE_ROOT");
  g_autofree char *file = g_strconcat (reference->name, ".png", NULL);
  g_autofree char *expected_path = NULL;
  cairo_surface_t *actual = render_reference (reference);
  cairo_surface_t *expected;
  int width = cairo_image_surface_get_width (actual);
  int height = cairo_image_surface_get_height (actual);
  guint64 total = 0;
  int big = 0;
  double mean;

  if (source_root == NULL)
    {
      cairo_surface_destroy (actual);
      g_test_skip ("VITRINE_SOURCE_ROOT is not set: run through meson test");
      return;
    }
  expected_path = g_build_filename (source_root, "tests", "media", "reference", file, NULL);

  if (g_strcmp0 (g_getenv ("VITRINE_UPDATE_REFERENCES"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (actual, expected_path), ==,
                       CAIRO_STATUS_SUCCESS);
      g_test_message ("wrote %s (%d×%d)", expected_path, width, height);
      cairo_surface_destroy (actual);
      return;
    }

  expected = cairo_image_surface_create_from_png (expected_path);
  g_assert_cmpint (cairo_surface_status (expected), ==, CAIRO_STATUS_SUCCESS);

  if (cairo_image_surface_get_width (expected) == width &&
      cairo_image_surface_get_height (expected) == height)
    {
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            /* Straight alpha on both sides: the PNG round trip is exact
             * for opaque pixels and within a unit or two for the shadow. */
            Pixel a = get_pixel (actual, x, y), e = get_pixel (expected, x, y);
            int channels[4] = {
              ABS (a.red - e.red) * MIN (a.alpha, e.alpha) / 255,
              ABS (a.green - e.green) * MIN (a.alpha, e.alpha) / 255,
              ABS (a.blue - e.blue) * MIN (a.alpha, e.alpha) / 255,
              ABS (a.alpha - e.alpha),
            };
            int worst = 0;

            for (guint c = 0; c < 4; c++)
              {
                total += channels[c];
                worst = MAX (worst, channels[c]);
              }
            if (worst > BIG_DIFFERENCE)
              big++;
          }
      mean = (double)total / (4.0 * width * height);
    }
  else
    {
      g_test_message ("%s: %d×%d, reference %d×%d", reference->name, width, height,
                      cairo_image_surface_get_width (expected),
                      cairo_image_surface_get_height (expected));
      mean = G_MAXDOUBLE;
      big = width * height;
    }

  g_test_message ("%s: mean difference %.3f per channel, %d pixels (%.3f %%) over %d",
                  reference->name, mean, big, 100.0 * big / (width * height), BIG_DIFFERENCE);

  if (mean > MAX_MEAN_DIFFERENCE || big > MAX_BIG_FRACTION * width * height)
    {
      g_autofree char *actual_name = g_strconcat (reference->name, "-actual.png", NULL);
      g_autofree char *diff_name = g_strconcat (reference->name, "-diff.png", NULL);
      g_autofree char *actual_path = output_path (actual_name);
      g_autofree char *diff_path = output_path (diff_name);

      cairo_surface_write_to_png (actual, actual_path);
      if (cairo_image_surface_get_width (expected) == width &&
          cairo_image_surface_get_height (expected) == height)
        {
          cairo_surface_t *diff = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
          guint8 *pixels = cairo_image_surface_get_data (diff);
          int stride = cairo_image_surface_get_stride (diff);

          cairo_surface_flush (diff);
          for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
              {
                int d = pixel_distance (get_pixel (actual, x, y), get_pixel (expected, x, y));
                guint8 level = MIN (255, d * 4);

                /* red where it differs, over a faint copy of the reference */
                *(guint32 *)(pixels + y * stride + 4 * x) =
                  (guint32)level << 16 | (guint32)(get_pixel (expected, x, y).green / 4) << 8;
              }
          cairo_surface_mark_dirty (diff);
          cairo_surface_write_to_png (diff, diff_path);
          cairo_surface_destroy (diff);
        }
      g_test_message ("wrote %s and %s", actual_path, diff_path);
      g_test_fail_printf ("%s differs from its reference (mean %.3f > %.1f or %d pixels > %.1f %%)",
                          reference->name, mean, MAX_MEAN_DIFFERENCE, big,
                          100 * MAX_BIG_FRACTION);
    }

  cairo_surface_destroy (expected);
  cairo_surface_destroy (actual);
}

/* ------------------------------------------------------------------ */
/* Timing                                                             */

static double
time_ms (cairo_surface_t *(*render) (gconstpointer),
         gconstpointer      data)
{
  const int runs = 20;
  gint64 start;

  cairo_surface_destroy (render (data));  /* warm the font caches */
  start = g_get_monotonic_time ();
  for (int i = 0; i < runs; i++)
    cairo_surface_destroy (render (data));
  return (g_get_monotonic_time () - start) / 1000.0 / runs;
}

static cairo_surface_t *
render_1080p (gconstpointer data)
{
  Reference reference = *(const Reference *)data;

  reference.width = 1920;
  reference.height = 1080;
  return render_reference (&reference);
}

static cairo_surface_t *
compose_1080p (gconstpointer strip)
{
  return vitrine_overlay_ticker_compose (night, (cairo_surface_t *)strip, 1920, 1080, 123, NULL);
}

static cairo_surface_t *
card_hash_only (gconstpointer data)
{
  VitrineOverlayCard card = latin_card ();
  volatile guint hash = 0;

  for (int i = 0; i < 1000; i++)
    hash += vitrine_overlay_card_hash (&card);
  (void)hash;
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
}

static void
test_timing (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");
  gboolean instrumented = preload != NULL && strstr (preload, "vgpreload") != NULL;
  VitrineOverlayTicker ticker = { "Free shipping over €50 — new drop every Friday at 8 pm" };
  cairo_surface_t *strip;
  double card_ms = 0;

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      double ms = time_ms (render_1080p, &references[i]);

      g_test_message ("%-14s at 1920×1080: %.2f ms", references[i].name, ms);
      if (g_str_equal (references[i].name, "card-latin"))
        card_ms = ms;
    }

  strip = vitrine_overlay_ticker_render_strip (night, &ticker, 1920, 1080);
  g_test_message ("ticker compose per frame at 1920×1080: %.3f ms", time_ms (compose_1080p, strip));
  cairo_surface_destroy (strip);
  g_test_message ("card hash: %.3f µs", time_ms (card_hash_only, NULL));

  /* "A few ms"; generous, as CI machines are slow, and not under valgrind. */
  if (!instrumented)
    g_assert_cmpfloat (card_ms, <, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *build_root;
  int ret;

  /* The C locale: the default "SOLD OUT", "Flash deal" and "Scan to buy",
   * and Pango's language fixed, whatever the machine's locale is. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  studio = vitrine_overlay_theme_new_builtin ("studio", &error);
  g_assert_no_error (error);
  night = vitrine_overlay_theme_new_builtin ("night", &error);
  g_assert_no_error (error);
  product_image = make_product_image ();

  build_root = g_getenv ("VITRINE_BUILD_ROOT");
  output_dir = build_root ? g_build_filename (build_root, "tests", "media", "overlay-output", NULL)
                          : g_dir_make_tmp ("vitrine-overlay-XXXXXX", NULL);
  g_assert_nonnull (output_dir);
  g_assert_cmpint (g_mkdir_with_parents (output_dir, 0755), ==, 0);

  g_test_add_func ("/overlay/theme/builtin", test_theme_builtin);
  g_test_add_func ("/overlay/theme/invalid", test_theme_invalid);
  g_test_add_func ("/overlay/card/no-tofu", test_card_no_tofu);
  g_test_add_func ("/overlay/card/long-title", test_card_long_title);
  g_test_add_func ("/overlay/card/direction", test_card_direction);
  g_test_add_func ("/overlay/card/emoji-colour", test_card_emoji_colour);
  g_test_add_func ("/overlay/card/price-size", test_card_price_size);
  g_test_add_func ("/overlay/card/sold-out", test_card_sold_out);
  g_test_add_func ("/overlay/card/qr", test_card_qr);
  g_test_add_func ("/overlay/card/layout", test_card_layout);
  g_test_add_func ("/overlay/card/image-path", test_card_image_path);
  g_test_add_func ("/overlay/card/hash", test_card_hash);
  g_test_add_func ("/overlay/transform", test_transform);
  g_test_add_func ("/overlay/ticker", test_ticker);
  g_test_add_func ("/overlay/canvas", test_canvas);
  g_test_add_func ("/overlay/threads", test_threads);
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autofree char *path = g_strconcat ("/overlay/reference/", references[i].name, NULL);

      g_test_add_data_func (path, &references[i], test_reference);
    }
  g_test_add_func ("/overlay/timing", test_timing);

  ret = g_test_run ();

  g_clear_object (&studio);
  g_clear_object (&night);
  g_clear_pointer (&product_image, cairo_surface_destroy);
  g_free (output_dir);
  return ret;
}

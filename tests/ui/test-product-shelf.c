/* test-product-shelf.c: the host's commerce controls, driven from the keyboard
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the bundled demo show (data/demo/demo-show.json: a catalog of eight
 * products and a run of show of five, two with a planned deal) through the
 * application, waits for the preview and the catalog, then presses keys as
 * a host does: 1, 2, D, 0 … and checks what the host sees after each one:
 * the graphics' pinned product, the shelf row and the run-of-show step
 * marked "On screen", the prompter's talking points, the deal countdown,
 * and the card in the preview picture itself (its region changes, and it
 * matches the renderer's own image of the card).
 *
 * The keys are real key presses: XTest (the X server's own input
 * injection, as xdotool uses it) puts them into the X server under Xvfb,
 * and they reach the window as any keyboard's do: X → GDK → the window's
 * shortcut controller. The test also checks that a digit typed into the
 * shelf's search entry stays there and pins nothing.
 *
 * A second show has a CSV catalog with a bad row and no run of show: the
 * host is asked (line and column of the problem) and imports the good rows;
 * the keys then pin the catalog's products in order, a real click on a
 * shelf row pins it, and the search filters by title or code (Enter pins
 * the first match).
 *
 * Saves, in the build directory, tests/ui/window-shelf.png (a product
 * pinned and its deal counting down) and tests/ui/catalog-problems.png.
 */

#include "config.h"

#include "vitrine-ui-test.h"

#ifdef HAVE_XTEST
#include "vitrine-ui-xtest.h"
#endif

#include "vitrine-product-row.h"
#include "vitrine-product-shelf.h"
#include "vitrine-run-of-show.h"
#include "vitrine-run-of-show-row.h"

/* The card, compared with the renderer's own image of it scaled down as
 * the preview is (2:1): the mean difference per channel over 4×4 blocks of
 * its opaque pixels, at most this (of 255). Blocks, because pixel by pixel
 * the edges of letters and QR modules differ between GStreamer's scaler
 * and Cairo's (about 12 of 255 on average, pixel by pixel); the same
 * region without the card is 60 or more away. */
#define CARD_TOLERANCE 10.0

/* A pixel "changed" when a channel moved by more than this. */
#define CHANGE_THRESHOLD 40

#ifdef HAVE_XTEST

/* One application and window for the whole program, as a host has: each
 * test opens its show in it (a second registration of the application on
 * the session bus would fail while the first one lives). */
static VitrineApplication *studio_app;
static VitrineWindow *studio_window;

static VitrineApplication *
get_studio (VitrineWindow **window)
{
  if (studio_app == NULL)
    studio_app = vitrine_test_application_new (1280, 760, &studio_window);

  *window = studio_window;

  return studio_app;
}

/* ---------------------------------------------------------------------- */
/* Keys                                                                   */

/* ---------------------------------------------------------------------- */
/* What the host sees                                                     */

static gboolean
is_product_row_of (GtkWidget     *widget,
                   gconstpointer  product)
{
  return VITRINE_IS_PRODUCT_ROW (widget) &&
         vitrine_product_row_get_product (VITRINE_PRODUCT_ROW (widget)) == product;
}

static VitrineProductRow *
find_shelf_row (GtkWidget      *root,
                VitrineProduct *product)
{
  return (VitrineProductRow *) vitrine_test_find_descendant (root, is_product_row_of, product);
}

static gboolean
is_step_row (GtkWidget     *widget,
             gconstpointer  number)
{
  return VITRINE_IS_RUN_OF_SHOW_ROW (widget) &&
         vitrine_run_of_show_row_get_number (VITRINE_RUN_OF_SHOW_ROW (widget)) ==
           GPOINTER_TO_UINT (number);
}

static VitrineRunOfShowRow *
find_step_row (GtkWidget *root,
               guint      number)
{
  return (VitrineRunOfShowRow *) vitrine_test_find_descendant (root, is_step_row,
                                                               GUINT_TO_POINTER (number));
}

/* The shelf row of @product shows it on screen: highlighted, with a mapped
 * "On screen" (or deal) pill; every other realized row does not. */
static void
assert_shelf_shows_pinned (GtkWidget      *shelf,
                           VitrineProduct *product)
{
  VitrineCatalog *catalog = vitrine_product_shelf_get_catalog (VITRINE_PRODUCT_SHELF (shelf));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(VitrineProduct) item = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      VitrineProductRow *row = find_shelf_row (shelf, item);
      gboolean pinned = item == product;

      if (row == NULL)
        {
          /* Only the rows on screen are made; the pinned one must be. */
          g_assert_false (pinned);
          continue;
        }

      g_assert_cmpint (vitrine_product_row_get_pinned (row), ==, pinned);
      g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (row), "pinned"), ==, pinned);
      if (pinned)
        g_assert_nonnull (vitrine_test_find_label_matching (GTK_WIDGET (row),
                                                            "^(On screen|Deal [0-9]+:[0-9]{2})$"));
      else
        g_assert_null (vitrine_test_find_label_matching (GTK_WIDGET (row),
                                                         "^(On screen|Deal [0-9]+:[0-9]{2})$"));
    }
}

typedef struct
{
  VitrinePreviewPaintable *preview;
  cairo_rectangle_int_t    rect;      /* the card, on the preview texture */
  guchar                  *reference; /* the card downscaled, BGRA premultiplied */
  GdkTexture              *baseline;  /* a preview frame with no card */
  double                   difference;
  double                   matching;
  double                   block_difference;
  double                   changed;
} CardCheck;

/* The card region of @texture (by default the newest preview frame), as
 * BGRA bytes. */
static guchar *
download_region (CardCheck  *check,
                 GdkTexture *texture)
{
  gsize stride;
  g_autofree guchar *data = NULL;
  guchar *region;

  if (texture == NULL)
    texture = vitrine_preview_paintable_get_texture (check->preview);
  if (texture == NULL)
    return NULL;

  data = vitrine_test_download (texture, &stride);
  region = g_malloc ((gsize) check->rect.width * check->rect.height * 4);
  for (int y = 0; y < check->rect.height; y++)
    memcpy (region + (gsize) y * check->rect.width * 4,
            data + (gsize) (check->rect.y + y) * stride + check->rect.x * 4,
            (gsize) check->rect.width * 4);

  return region;
}

/* The share of pixels of @region that differ (by more than
 * CHANGE_THRESHOLD in a channel) from @other. */
static double
share_changed (CardCheck    *check,
               const guchar *region,
               const guchar *other)
{
  gsize n = (gsize) check->rect.width * check->rect.height;
  gsize changed = 0;

  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < 3; c++)
      if (ABS ((int) region[i * 4 + c] - (int) other[i * 4 + c]) > CHANGE_THRESHOLD)
        {
          changed++;
          break;
        }

  return (double) changed / n;
}

/* How @region compares with the reference card, over the card's opaque
 * pixels (the rounded corners and shadow show what is under them): the mean
 * difference per channel, and the share of pixels that match it. */
static void
compare_to_reference (CardCheck    *check,
                      const guchar *region)
{
  gsize n = (gsize) check->rect.width * check->rect.height;
  double sum = 0;
  gsize counted = 0;
  gsize matching = 0;

  for (gsize i = 0; i < n; i++)
    {
      int worst = 0;

      if (check->reference[i * 4 + 3] != 255)
        continue;
      for (int c = 0; c < 3; c++)
        {
          int d = ABS ((int) region[i * 4 + c] - (int) check->reference[i * 4 + c]);

          sum += d;
          worst = MAX (worst, d);
        }
      if (worst <= CHANGE_THRESHOLD)
        matching++;
      counted++;
    }

  g_assert_cmpuint (counted, >, n / 2);

  check->difference = sum / (counted * 3.0);
  check->matching = (double) matching / counted;

  /* Over 4×4 blocks, where the two scalers' edges average out. */
  sum = 0;
  counted = 0;
  for (int by = 0; by + 4 <= check->rect.height; by += 4)
    for (int bx = 0; bx + 4 <= check->rect.width; bx += 4)
      {
        int a[3] = { 0, }, b[3] = { 0, };
        gboolean opaque = TRUE;

        for (int y = by; y < by + 4; y++)
          for (int x = bx; x < bx + 4; x++)
            {
              gsize i = (gsize) y * check->rect.width + x;

              opaque = opaque && check->reference[i * 4 + 3] == 255;
              for (int c = 0; c < 3; c++)
                {
                  a[c] += region[i * 4 + c];
                  b[c] += check->reference[i * 4 + c];
                }
            }
        if (!opaque)
          continue;
        for (int c = 0; c < 3; c++)
          sum += ABS (a[c] - b[c]) / 16.0;
        counted++;
      }
  check->block_difference = counted > 0 ? sum / (counted * 3.0) : 255;
}

static gboolean
card_is_shown (gpointer data)
{
  CardCheck *check = data;
  g_autofree guchar *region = download_region (check, NULL);
  g_autofree guchar *baseline = download_region (check, check->baseline);

  if (region == NULL)
    return FALSE;

  compare_to_reference (check, region);
  check->changed = share_changed (check, region, baseline);

  return check->block_difference <= CARD_TOLERANCE;
}

static gboolean
card_is_gone (gpointer data)
{
  CardCheck *check = data;
  g_autofree guchar *region = download_region (check, NULL);
  g_autofree guchar *baseline = download_region (check, check->baseline);

  if (region == NULL)
    return FALSE;

  check->changed = share_changed (check, region, baseline);

  return check->changed < 0.01;
}

/* Renders @graphics' card for the show's canvas, scaled down to the
 * preview (2:1 for the demo's 1280×720 and the preview's 640×360). */
static void
card_check_set_reference (CardCheck       *check,
                          VitrineGraphics *graphics,
                          VitrineShow     *show)
{
  GdkTexture *texture = vitrine_preview_paintable_get_texture (check->preview);
  guint width = vitrine_show_get_width (show);
  guint height = vitrine_show_get_height (show);
  cairo_rectangle_int_t rect;
  cairo_surface_t *card;
  cairo_surface_t *scaled;
  cairo_t *cr;
  int scale;

  g_assert_nonnull (texture);
  g_assert_cmpuint (width % gdk_texture_get_width (texture), ==, 0);
  scale = width / gdk_texture_get_width (texture);
  g_assert_cmpint (gdk_texture_get_height (texture) * scale, ==, height);

  /* The program (and so the preview) carries the shared QR code. */
  card = vitrine_graphics_render_card (graphics, width, height, NULL, &rect);
  g_assert_nonnull (card);

  check->rect.x = rect.x / scale;
  check->rect.y = rect.y / scale;
  check->rect.width = rect.width / scale;
  check->rect.height = rect.height / scale;

  scaled = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, check->rect.width,
                                       check->rect.height);
  cr = cairo_create (scaled);
  cairo_scale (cr, 1.0 / scale, 1.0 / scale);
  cairo_set_source_surface (cr, card, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (scaled);

  g_free (check->reference);
  check->reference = g_malloc ((gsize) check->rect.width * check->rect.height * 4);
  for (int y = 0; y < check->rect.height; y++)
    memcpy (check->reference + (gsize) y * check->rect.width * 4,
            cairo_image_surface_get_data (scaled) + y * cairo_image_surface_get_stride (scaled),
            (gsize) check->rect.width * 4);

  cairo_surface_destroy (scaled);
  cairo_surface_destroy (card);
}

static gboolean
pinned_is (gpointer data)
{
  gpointer *args = data;

  return vitrine_graphics_get_pinned (args[0]) == args[1];
}

static void
wait_for_pinned (VitrineGraphics *graphics,
                 VitrineProduct  *product,
                 const char      *after)
{
  gpointer args[2] = { graphics, product };

  if (!vitrine_test_wait (pinned_is, args, 5000))
    g_error ("After %s, “%s” is pinned, not “%s”", after,
             vitrine_graphics_get_pinned (graphics)
               ? vitrine_product_get_title (vitrine_graphics_get_pinned (graphics)) : "nothing",
             product ? vitrine_product_get_title (product) : "nothing");
}

static gboolean
has_deal (gpointer data)
{
  return vitrine_graphics_has_deal (data);
}

static gboolean
has_no_deal (gpointer data)
{
  return !vitrine_graphics_has_deal (data);
}

static gboolean
search_text_is_3 (gpointer data)
{
  return g_strcmp0 (gtk_editable_get_text (data), "3") == 0;
}

static gboolean
catalog_is_loaded (gpointer data)
{
  return vitrine_application_get_catalog (data) != NULL;
}

static gboolean
engine_scene_is_pattern (gpointer data)
{
  return g_strcmp0 (vitrine_engine_get_scene (data), "pattern") == 0;
}

static gboolean
search_is_focused (gpointer data)
{
  return gtk_widget_has_focus (data) || gtk_widget_is_focus (data) ||
         gtk_widget_get_focus_child (data) != NULL;
}

/* ---------------------------------------------------------------------- */

static void
test_keys_pin_products (void)
{
  VitrineApplication *app;
  g_autoptr(GFile) show_file = NULL;
  g_autofree char *screenshot = NULL;
  g_autoptr(GdkTexture) first_card = NULL;
  CardCheck check = { 0 };
  VitrineWindow *window;
  VitrineEngine *engine;
  VitrineGraphics *graphics;
  VitrineCatalog *catalog;
  VitrineShow *show;
  VitrineProduct *first;
  VitrineProduct *second;
  GtkWidget *shelf;
  GtkWidget *run_of_show;
  GtkWidget *search;
  GtkWidget *root;
  gint64 remaining;

  /* The demo show, with the test's own items instead of its scripted feed. */
  show_file = vitrine_test_demo_show_without_feeds ();

  app = get_studio (&window);
  root = GTK_WIDGET (window);
  engine = vitrine_test_load_show (app, window, show_file);
  graphics = vitrine_engine_get_graphics (engine);
  show = vitrine_engine_get_show (engine);
  g_assert_cmpuint (vitrine_show_get_n_run_of_show (show), ==, 5);

  /* The application reads the show's catalog in the background. */
  if (!vitrine_test_wait (catalog_is_loaded, app, 10000))
    g_error ("The demo show's catalog was not loaded in 10 s");
  catalog = vitrine_application_get_catalog (app);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 8);
  first = vitrine_catalog_find_by_code (catalog,
                                       vitrine_show_get_run_of_show_item (show, 0)->product);
  second = vitrine_catalog_find_by_code (catalog,
                                        vitrine_show_get_run_of_show_item (show, 1)->product);
  g_assert_nonnull (first);
  g_assert_nonnull (second);

  /* The shelf lists the catalog, the run of show its five steps. */
  shelf = vitrine_test_find_widget (root, VITRINE_TYPE_PRODUCT_SHELF, TRUE);
  run_of_show = vitrine_test_find_widget (root, VITRINE_TYPE_RUN_OF_SHOW, TRUE);
  g_assert_nonnull (shelf);
  g_assert_nonnull (run_of_show);
  g_assert_true (vitrine_product_shelf_get_catalog (VITRINE_PRODUCT_SHELF (shelf)) == catalog);
  g_assert_nonnull (vitrine_test_find_label_exact (shelf, "8 products"));
  g_assert_nonnull (find_shelf_row (shelf, first));
  g_assert_nonnull (find_step_row (run_of_show, 5));
  g_assert_null (find_step_row (run_of_show, 6));
  g_assert_nonnull (vitrine_test_find_label_exact (shelf, vitrine_product_get_title (first)));
  assert_shelf_shows_pinned (shelf, NULL);

  /* The preview runs; the static test pattern makes the card's region
   * comparable from frame to frame. */
  if (!vitrine_test_wait_for_frames (vitrine_window_get_preview (window), 2, 15000))
    g_error ("The preview showed no frames in 15 s");
  g_action_group_activate_action (G_ACTION_GROUP (window), "scene",
                                  g_variant_new_string ("pattern"));
  g_assert_true (vitrine_test_wait (engine_scene_is_pattern, engine, 5000));
  vitrine_test_run_for (500);

  vitrine_xtest_focus_window (root);
  /* Focus on a list, not in a text entry: the keys go to the window. */
  gtk_widget_grab_focus (GTK_WIDGET (find_step_row (run_of_show, 1)));

  /* 1: the first product of the run of show. */
  check.preview = vitrine_window_get_preview (window);
  vitrine_xtest_press_key (root, GDK_KEY_1);
  wait_for_pinned (graphics, first, "key 1");
  card_check_set_reference (&check, graphics, show);
  g_test_message ("card on the preview at %d,%d %dx%d", check.rect.x, check.rect.y,
                  check.rect.width, check.rect.height);

  /* The region before the card came in: key 0 and the pattern again. This
   * needs the card's rectangle, which is known once a card is pinned. */
  vitrine_xtest_press_key (root, GDK_KEY_0);
  wait_for_pinned (graphics, NULL, "key 0");
  vitrine_test_run_for (800);
  check.baseline = g_object_ref (vitrine_preview_paintable_get_texture (check.preview));
  vitrine_xtest_press_key (root, GDK_KEY_1);
  wait_for_pinned (graphics, first, "key 1 again");

  if (!vitrine_test_wait (card_is_shown, &check, 5000))
    g_error ("The preview's card region differs from the card by %.1f per channel over 4x4 "
             "blocks (tolerance %.1f; %.1f pixel by pixel)", check.block_difference,
             CARD_TOLERANCE, check.difference);
  g_test_message ("key 1: card of “%s”: %.0f %% of its region changed; %.1f %% matches the "
                  "reference card (mean difference %.1f of 255, %.1f over 4x4 blocks)",
                  vitrine_product_get_title (first), check.changed * 100, check.matching * 100,
                  check.difference, check.block_difference);
  g_assert_cmpfloat (check.changed, >, 0.3);
  first_card = g_object_ref (vitrine_preview_paintable_get_texture (check.preview));

  assert_shelf_shows_pinned (shelf, first);
  g_assert_true (vitrine_run_of_show_row_get_pinned (find_step_row (run_of_show, 1)));
  g_assert_false (vitrine_run_of_show_row_get_pinned (find_step_row (run_of_show, 2)));
  g_assert_cmpstr (vitrine_run_of_show_get_prompter_text (VITRINE_RUN_OF_SHOW (run_of_show)),
                   ==, vitrine_show_get_run_of_show_item (show, 0)->notes);
  g_assert_nonnull (vitrine_test_find_label_exact (run_of_show, "On screen · 1 of 5"));
  g_assert_nonnull (vitrine_test_find_label_matching (run_of_show,
                                                      "^Planned deal: .*29[.,]90 for 2:00 · "
                                                      "press D to start$"));

  /* 2: the second one replaces it. */
  vitrine_xtest_press_key (root, GDK_KEY_2);
  wait_for_pinned (graphics, second, "key 2");
  card_check_set_reference (&check, graphics, show);
  if (!vitrine_test_wait (card_is_shown, &check, 5000))
    g_error ("After key 2 the card region differs from the card by %.1f per channel over "
             "4x4 blocks (tolerance %.1f)", check.block_difference, CARD_TOLERANCE);
  {
    g_autofree guchar *region = download_region (&check, NULL);
    g_autofree guchar *before = download_region (&check, first_card);
    double from_first = share_changed (&check, region, before);

    g_test_message ("key 2: card of “%s”: %.0f %% changed from no card, %.0f %% from the "
                    "first card; %.1f %% matches the reference card (mean difference %.1f "
                    "of 255, %.1f over 4x4 blocks)", vitrine_product_get_title (second),
                    check.changed * 100, from_first * 100, check.matching * 100,
                    check.difference, check.block_difference);
    g_assert_cmpfloat (from_first, >, 0.05);
  }
  assert_shelf_shows_pinned (shelf, second);
  g_assert_false (vitrine_run_of_show_row_get_pinned (find_step_row (run_of_show, 1)));
  g_assert_true (vitrine_run_of_show_row_get_pinned (find_step_row (run_of_show, 2)));
  g_assert_cmpstr (vitrine_run_of_show_get_prompter_text (VITRINE_RUN_OF_SHOW (run_of_show)),
                   ==, vitrine_show_get_run_of_show_item (show, 1)->notes);

  /* 1 then D: the first product's planned deal (29.90 for 120 s) runs. */
  vitrine_xtest_press_key (root, GDK_KEY_1);
  wait_for_pinned (graphics, first, "key 1 (for the deal)");
  vitrine_xtest_press_key (root, GDK_KEY_d);
  if (!vitrine_test_wait (has_deal, graphics, 5000))
    g_error ("Key D started no deal for “%s”", vitrine_product_get_title (first));
  remaining = vitrine_graphics_get_deal_remaining (graphics);
  g_test_message ("key D: deal running, %" G_GINT64_FORMAT " s left", remaining);
  g_assert_cmpint (remaining, >, 110);
  g_assert_cmpint (remaining, <=, 120);
  g_assert_nonnull (vitrine_test_find_label_matching (run_of_show, "^[12]:[0-5][0-9]$"));
  assert_shelf_shows_pinned (shelf, first);
  g_assert_nonnull (vitrine_test_find_label_matching (GTK_WIDGET (find_shelf_row (shelf, first)),
                                                      "^Deal [12]:[0-5][0-9]$"));

  /* What the host sees with a product and its deal on screen. */
  vitrine_test_run_for (1200);
  gtk_test_widget_wait_for_draw (root);
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "window-shelf.png", NULL);
  vitrine_test_save_screenshot (root, screenshot);
  g_test_message ("screenshot: %s", screenshot);

  /* D again ends the deal; the product stays on screen. */
  vitrine_xtest_press_key (root, GDK_KEY_d);
  if (!vitrine_test_wait (has_no_deal, graphics, 5000))
    g_error ("Key D did not end the deal");
  g_assert_cmpint (vitrine_graphics_get_deal_remaining (graphics), ==, -1);
  g_assert_true (vitrine_graphics_get_pinned (graphics) == first);

  /* D on the second product: no deal is planned for it; the host is told. */
  vitrine_xtest_press_key (root, GDK_KEY_2);
  wait_for_pinned (graphics, second, "key 2 (for the deal)");
  vitrine_xtest_press_key (root, GDK_KEY_d);
  if (!vitrine_test_wait_for_toast (root, "No deal is planned for “Linen shirt”", 5000))
    g_error ("D without a planned deal said nothing");
  g_assert_false (vitrine_graphics_has_deal (graphics));
  g_assert_cmpint (vitrine_graphics_get_deal_remaining (graphics), ==, -1);

  /* 0: nothing on screen, and the card leaves the picture. */
  vitrine_xtest_press_key (root, GDK_KEY_0);
  wait_for_pinned (graphics, NULL, "key 0");
  if (!vitrine_test_wait (card_is_gone, &check, 5000))
    g_error ("After key 0, %.0f %% of the card region still differs from the picture "
             "without a card", check.changed * 100);
  assert_shelf_shows_pinned (shelf, NULL);
  g_assert_false (vitrine_run_of_show_row_get_pinned (find_step_row (run_of_show, 1)));
  g_assert_nonnull (vitrine_test_find_label_matching (run_of_show, "^Up next · press 3$"));

  /* In the search entry a digit is text, not a key command. */
  search = GTK_WIDGET (vitrine_product_shelf_get_search_entry (VITRINE_PRODUCT_SHELF (shelf)));
  gtk_widget_grab_focus (search);
  g_assert_true (vitrine_test_wait (search_is_focused, search, 2000));
  vitrine_xtest_press_key (root, GDK_KEY_3);
  if (!vitrine_test_wait (search_text_is_3, search, 5000))
    g_error ("The 3 typed went to the search as “%s”",
             gtk_editable_get_text (GTK_EDITABLE (search)));
  vitrine_test_run_for (400);  /* the search waits a moment before it filters */
  g_assert_null (vitrine_graphics_get_pinned (graphics));
  /* "3" matches the product whose title has it ("Vitamin C serum 30 ml"). */
  {
    GListModel *shown = vitrine_product_shelf_get_shown (VITRINE_PRODUCT_SHELF (shelf));

    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  }
  gtk_editable_set_text (GTK_EDITABLE (search), "");

  vitrine_test_close_show (app, window);
  g_assert_null (vitrine_application_get_catalog (app));
  g_assert_null (vitrine_product_shelf_get_catalog (VITRINE_PRODUCT_SHELF (shelf)));

  g_free (check.reference);
  g_clear_object (&check.baseline);
}


/* ---------------------------------------------------------------------- */
/* A catalog with a bad row, and no run of show                           */

static gboolean
catalog_has_products (gpointer data)
{
  VitrineCatalog *catalog = vitrine_application_get_catalog (data);

  return catalog != NULL && g_list_model_get_n_items (G_LIST_MODEL (catalog)) > 0;
}

static gboolean
shown_count_is (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (vitrine_product_shelf_get_shown (args[0])) ==
         GPOINTER_TO_UINT (args[1]);
}

/* A real click (XTest: pointer moved there, button 1 pressed and released)
 * in the middle of @widget. */
static void
click_widget (GtkWidget *window,
              GtkWidget *widget)
{
  Display *xdisplay = vitrine_xtest_display (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  graphene_point_t center;
  graphene_point_t point;
  double surface_x, surface_y;
  int root_x, root_y;
  Window child;

  center = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                gtk_widget_get_height (widget) / 2.f);
  g_assert_true (gtk_widget_compute_point (widget, window, &center, &point));
  /* From the window's coordinates to its surface's (the CSD shadow). */
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (surface),
                         DefaultRootWindow (xdisplay),
                         (int) (point.x + surface_x), (int) (point.y + surface_y),
                         &root_x, &root_y, &child);

  XTestFakeMotionEvent (xdisplay, -1, root_x, root_y, CurrentTime);
  XFlush (xdisplay);
  vitrine_test_run_for (100);
  XTestFakeButtonEvent (xdisplay, 1, True, CurrentTime);
  XTestFakeButtonEvent (xdisplay, 1, False, CurrentTime);
  XFlush (xdisplay);
  vitrine_test_run_for (200);
}

static void
test_catalog_problems (void)
{
  VitrineApplication *app;
  g_autoptr(GFile) show_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *show_path = NULL;
  g_autofree char *catalog_path = NULL;
  VitrineWindow *window;
  VitrineEngine *engine;
  VitrineGraphics *graphics;
  VitrineCatalog *catalog;
  VitrineProductShelf *shelf;
  GtkWidget *run_of_show;
  GtkWidget *dialog;
  GtkWidget *root;
  GtkWidget *search;
  gpointer count[2];

  tmpdir = g_dir_make_tmp ("vitrine-shelf-XXXXXX", &error);
  g_assert_no_error (error);

  /* Line 3 has a price that is not one: that product is left out. */
  catalog_path = vitrine_test_write_file (tmpdir, "catalog.csv",
                                          "code,title,price,currency,stock\n"
                                          "B1,Canvas tote,19.90,EUR,5\n"
                                          "B2,Broken price,12.5O,EUR,3\n"
                                          "B3,Ceramic mug,9.50,EUR,0\n"
                                          "B4,Enamel pin,4.00,EUR,250\n");
  show_path = vitrine_test_write_file (tmpdir, "show.json",
    "{\n"
    "  \"name\": \"Catalog problems\",\n"
    "  \"canvas\": { \"width\": 640, \"height\": 360, \"fps\": 30 },\n"
    "  \"sources\": [ { \"id\": \"bars\", \"type\": \"test-pattern\", \"pattern\": \"smpte\" } ],\n"
    "  \"scenes\": [ { \"id\": \"bars\", \"layout\": \"full\", \"main\": \"bars\" } ],\n"
    "  \"encoder\": { \"video_bitrate\": 500, \"preset\": \"ultrafast\" },\n"
    "  \"catalog\": \"catalog.csv\",\n"
    "  \"destinations\": [ { \"id\": \"rec\", \"type\": \"recording\", \"path\": \"rec.mkv\" } ]\n"
    "}\n");
  show_file = g_file_new_for_path (show_path);

  app = get_studio (&window);
  root = GTK_WIDGET (window);
  engine = vitrine_test_load_show (app, window, show_file);
  graphics = vitrine_engine_get_graphics (engine);

  /* The host is asked, with the problem's line and column. */
  if (!vitrine_test_wait (vitrine_test_message_dialog_shown, NULL, 10000))
    g_error ("A catalog with a bad row was not shown to the host");
  dialog = vitrine_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Some Products Cannot Be Imported");
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "import"),
                   ==, "_Import 3 Products");
  g_assert_nonnull (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "skip"));
  g_assert_nonnull (vitrine_test_find_label_exact (dialog, "Line 3 · price"));
  g_assert_null (vitrine_application_get_catalog (app));
  {
    g_autofree char *screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests",
                                                    "ui", "catalog-problems.png", NULL);

    vitrine_test_run_for (300);
    gtk_test_widget_wait_for_draw (dialog);
    vitrine_test_save_screenshot (dialog, screenshot);
    g_test_message ("screenshot: %s", screenshot);
  }

  /* Import the good rows, as the suggested button does. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (!vitrine_test_wait (catalog_has_products, app, 5000))
    g_error ("Import 3 Products imported nothing");
  catalog = vitrine_application_get_catalog (app);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 3);
  g_assert_null (vitrine_catalog_find_by_code (catalog, "B2"));

  shelf = VITRINE_PRODUCT_SHELF (vitrine_test_find_widget (root, VITRINE_TYPE_PRODUCT_SHELF,
                                                           TRUE));
  run_of_show = vitrine_test_find_widget (root, VITRINE_TYPE_RUN_OF_SHOW, TRUE);
  g_assert_nonnull (shelf);
  g_assert_nonnull (run_of_show);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (shelf), "3 products"));
  /* Stock as the host reads it: what is left, and sold out. */
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (shelf), "5 left"));
  {
    GtkLabel *sold_out = vitrine_test_find_label_exact (GTK_WIDGET (shelf), "Sold out");

    g_assert_nonnull (sold_out);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sold_out), "error"));
  }
  g_assert_nonnull (vitrine_test_find_label (run_of_show, "has no run of show", FALSE, TRUE));

  vitrine_xtest_focus_window (root);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);

  /* No run of show: the keys pin the catalog's products in order. */
  vitrine_xtest_press_key (root, GDK_KEY_1);
  wait_for_pinned (graphics, vitrine_catalog_find_by_code (catalog, "B1"), "key 1");
  assert_shelf_shows_pinned (GTK_WIDGET (shelf), vitrine_catalog_find_by_code (catalog, "B1"));
  vitrine_xtest_press_key (root, GDK_KEY_3);
  wait_for_pinned (graphics, vitrine_catalog_find_by_code (catalog, "B4"), "key 3");
  vitrine_xtest_press_key (root, GDK_KEY_9);
  if (!vitrine_test_wait_for_toast (root, "The catalog has no product number 9", 5000))
    g_error ("Key 9 with three products said nothing");
  g_assert_true (vitrine_graphics_get_pinned (graphics) ==
                 vitrine_catalog_find_by_code (catalog, "B4"));

  /* D with no run of show: no deal is planned. */
  vitrine_xtest_press_key (root, GDK_KEY_d);
  if (!vitrine_test_wait_for_toast (root, "No deal is planned for “Enamel pin”", 5000))
    g_error ("D without a run of show said nothing");
  g_assert_false (vitrine_graphics_has_deal (graphics));

  /* A click on a row puts its product on screen. */
  click_widget (root, GTK_WIDGET (find_shelf_row (GTK_WIDGET (shelf),
                                                  vitrine_catalog_find_by_code (catalog, "B1"))));
  wait_for_pinned (graphics, vitrine_catalog_find_by_code (catalog, "B1"), "a click on B1");

  /* The search finds by title or code; Enter pins the first match. */
  search = GTK_WIDGET (vitrine_product_shelf_get_search_entry (shelf));
  gtk_widget_grab_focus (search);
  g_assert_true (vitrine_test_wait (search_is_focused, search, 2000));
  vitrine_xtest_press_key (root, GDK_KEY_m);
  vitrine_xtest_press_key (root, GDK_KEY_u);
  vitrine_xtest_press_key (root, GDK_KEY_g);
  count[0] = shelf;
  count[1] = GUINT_TO_POINTER (1);
  if (!vitrine_test_wait (shown_count_is, count, 3000))
    g_error ("Searching “mug” shows %u products",
             g_list_model_get_n_items (vitrine_product_shelf_get_shown (shelf)));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (shelf), "1 of 3"));
  vitrine_xtest_press_key (root, GDK_KEY_Return);
  wait_for_pinned (graphics, vitrine_catalog_find_by_code (catalog, "B3"), "“mug” and Enter");

  gtk_editable_set_text (GTK_EDITABLE (search), "b4");
  count[1] = GUINT_TO_POINTER (1);
  g_assert_true (vitrine_test_wait (shown_count_is, count, 3000));
  gtk_editable_set_text (GTK_EDITABLE (search), "nothing like this");
  count[1] = GUINT_TO_POINTER (0);
  g_assert_true (vitrine_test_wait (shown_count_is, count, 3000));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (shelf), "No Matching Products"));
  gtk_editable_set_text (GTK_EDITABLE (search), "");

  vitrine_test_close_show (app, window);
  vitrine_test_rm_rf (tmpdir);
}

#endif /* HAVE_XTEST */

static void
test_skip_without_xtest (void)
{
  g_test_skip ("Keys are sent with XTest on an X11 display (Xvfb): "
               "libxtst-dev was missing at build time, or GDK is not using X11");
}

int
main (int   argc,
      char *argv[])
{
  gboolean x11 = FALSE;
  int status;

  /* Real key presses need X11; under xvfb-run it is the only display. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  vitrine_test_init (&argc, &argv);

#ifdef HAVE_XTEST
  {
    int event_base, error_base, major, minor;
    GdkDisplay *display = gdk_display_get_default ();

    x11 = display != NULL && GDK_IS_X11_DISPLAY (display) &&
          XTestQueryExtension (gdk_x11_display_get_xdisplay (display), &event_base,
                               &error_base, &major, &minor);
  }
#endif

  if (x11)
    {
#ifdef HAVE_XTEST
      g_test_add_func ("/product-shelf/keys", test_keys_pin_products);
      g_test_add_func ("/product-shelf/catalog-problems", test_catalog_problems);
#endif
    }
  else
    {
      g_test_add_func ("/product-shelf/keys", test_skip_without_xtest);
    }

  status = g_test_run ();

#ifdef HAVE_XTEST
  if (studio_window != NULL)
    gtk_window_destroy (GTK_WINDOW (studio_window));
  g_clear_object (&studio_app);
#endif

  return status;
}

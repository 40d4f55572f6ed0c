/* test-catalog.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vitrine-catalog.h"
#include "vitrine-catalog-import.h"

/* Helpers */

static VitrineMoney
eur (gint64 cents)
{
  VitrineMoney money;

  g_assert_true (vitrine_money_init (&money, cents, "EUR"));
  return money;
}

static VitrineProduct *
make_product (const char *id,
              const char *code,
              const char *sku,
              const char *title)
{
  VitrineProduct *product = vitrine_product_new (id, code, sku);
  VitrineMoney price = eur (1000);

  vitrine_product_set_title (product, title);
  vitrine_product_set_price (product, &price);
  return product;
}

static VitrineProductVariant *
make_variant (const char *sku)
{
  VitrineProductVariant *variant = vitrine_product_variant_new (sku, sku);
  VitrineMoney price = eur (1000);

  vitrine_product_variant_set_title (variant, sku);
  vitrine_product_variant_set_price (variant, &price);
  return variant;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "core", "data", name, NULL);
}

static char *
data_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "core", "data", NULL);
}

static VitrineCatalogImport *
import_data_file (const char      *name,
                  const char      *currency,
                  const char      *shop_domain,
                  VitrineCatalog  *catalog,
                  GError         **error)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VitrineCatalogImportOptions options = { 0 };

  options.currency = currency;
  options.shop_domain = shop_domain;
  options.catalog = catalog;
  return vitrine_catalog_import_file (file, &options, error);
}

static VitrineCatalogImport *
import_text (const char      *text,
             gssize           length,
             const char      *name,
             const char      *currency,
             VitrineCatalog  *catalog,
             GError         **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);
  VitrineCatalogImportOptions options = { 0 };

  options.currency = currency;
  options.catalog = catalog;
  return vitrine_catalog_import_bytes (bytes, name, NULL, &options, error);
}

/* Compares every problem, in order, with "E …" (not imported) or "W …"
 * (imported with a change) followed by the sentence the host reads. */
static void
assert_problems (VitrineCatalogImport *import,
                 const char * const   *expected)
{
  guint n = vitrine_catalog_import_get_n_problems (import);
  guint n_expected = expected ? g_strv_length ((char **) expected) : 0;

  for (guint i = 0; i < n; i++)
    {
      const VitrineCatalogProblem *problem = vitrine_catalog_import_get_problem (import, i);
      g_autofree char *text = vitrine_catalog_problem_to_string (problem);
      g_autofree char *line = g_strdup_printf ("%c %s",
                                               problem->severity == VITRINE_CATALOG_PROBLEM_ERROR
                                               ? 'E' : 'W', text);

      g_test_message ("problem: %s", line);
      if (i < n_expected)
        g_assert_cmpstr (line, ==, expected[i]);
    }

  g_assert_cmpuint (n, ==, n_expected);
}

static VitrineProduct *
get_product (VitrineCatalogImport *import,
             guint                 position)
{
  GListModel *products = vitrine_catalog_import_get_products (import);
  VitrineProduct *product = g_list_model_get_item (products, position);

  g_assert_nonnull (product);
  /* The import holds a reference; the test borrows it. */
  g_object_unref (product);
  return product;
}

static VitrineProductVariant *
get_variant (VitrineProduct *product,
             guint           position)
{
  VitrineProductVariant *variant = g_list_model_get_item (vitrine_product_get_variants (product),
                                                          position);

  g_assert_nonnull (variant);
  g_object_unref (variant);
  return variant;
}

static void
assert_money (const VitrineMoney *money,
              gint64              amount,
              const char         *currency)
{
  g_assert_cmpint (money->amount, ==, amount);
  g_assert_cmpstr (money->currency, ==, currency);
}

static void
assert_strv (const char * const *strv,
             const char         *joined)
{
  g_autofree char *got = g_strjoinv ("|", (char **) strv);

  g_assert_cmpstr (got, ==, joined);
}

static void
assert_variant (VitrineProductVariant *variant,
                const char            *id,
                const char            *sku,
                const char            *title,
                const char            *options,
                gint64                 price,
                gint64                 compare_at,
                gint64                 stock)
{
  g_assert_cmpstr (vitrine_product_variant_get_id (variant), ==, id);
  g_assert_cmpstr (vitrine_product_variant_get_sku (variant), ==, sku);
  g_assert_cmpstr (vitrine_product_variant_get_title (variant), ==, title);
  assert_strv (vitrine_product_variant_get_options (variant), options);
  g_assert_cmpint (vitrine_product_variant_get_price (variant)->amount, ==, price);
  g_assert_cmpint (vitrine_product_variant_get_compare_at_price (variant)->amount, ==, compare_at);
  g_assert_cmpint (vitrine_product_variant_get_stock (variant), ==, stock);
}

static void
assert_import_fails (VitrineCatalogImport *import,
                     GError               *error,
                     int                   code,
                     const char           *message)
{
  g_assert_null (import);
  g_assert_error (error, VITRINE_CATALOG_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

/* The catalog as a list model */

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_calls;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changed)
{
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
  changed->n_calls++;
}

static void
test_catalog_model (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) scarf = make_product ("silk-scarf", "A12", "SCARF-01", "Silk scarf");
  g_autoptr(VitrineProduct) tee = make_product ("tee", "A2", NULL, "Tee");
  g_autoptr(VitrineProduct) mug = make_product ("mug", "B1", "MUG-1", "Mug");
  g_autoptr(VitrineProductVariant) small = make_variant ("TEE-S");
  g_autoptr(VitrineProductVariant) large = make_variant ("TEE-L");
  g_autoptr(VitrineProduct) item = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductVariant *variant = NULL;
  ItemsChanged changed = { 0 };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (catalog)) == VITRINE_TYPE_PRODUCT);
  g_signal_connect (catalog, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  vitrine_product_add_variant (tee, small);
  vitrine_product_add_variant (tee, large);

  g_assert_true (vitrine_catalog_add (catalog, scarf, &error));
  g_assert_no_error (error);
  g_assert_true (vitrine_catalog_add (catalog, tee, NULL));
  g_assert_true (vitrine_catalog_add (catalog, mug, NULL));
  g_assert_cmpuint (changed.n_calls, ==, 3);
  g_assert_cmpuint (changed.position, ==, 2);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 3);
  item = g_list_model_get_item (G_LIST_MODEL (catalog), 1);
  g_assert_true (item == tee);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (catalog), 3));

  /* Codes as viewers type them. */
  g_assert_true (vitrine_catalog_find_by_code (catalog, "A12") == scarf);
  g_assert_true (vitrine_catalog_find_by_code (catalog, "a12") == scarf);
  g_assert_true (vitrine_catalog_find_by_code (catalog, " a12 ") == scarf);
  g_assert_null (vitrine_catalog_find_by_code (catalog, "A1"));
  g_assert_null (vitrine_catalog_find_by_code (catalog, "A122"));

  /* SKUs as orders give them: the product's own, or a variant's. */
  g_assert_true (vitrine_catalog_find_by_sku (catalog, "SCARF-01", &variant) == scarf);
  g_assert_null (variant);
  g_assert_true (vitrine_catalog_find_by_sku (catalog, "TEE-L", &variant) == tee);
  g_assert_true (variant == large);
  g_assert_true (vitrine_catalog_find_by_sku (catalog, "TEE-S", NULL) == tee);
  g_assert_null (vitrine_catalog_find_by_sku (catalog, "tee-s", &variant));
  g_assert_null (variant);

  g_assert_true (vitrine_catalog_find_by_id (catalog, "mug") == mug);
  g_assert_null (vitrine_catalog_find_by_id (catalog, "MUG"));

  g_assert_true (vitrine_catalog_remove (catalog, tee));
  g_assert_false (vitrine_catalog_remove (catalog, tee));
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 0);
  g_assert_null (vitrine_catalog_find_by_code (catalog, "A2"));
  g_assert_null (vitrine_catalog_find_by_sku (catalog, "TEE-L", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 2);

  vitrine_catalog_remove_all (catalog);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 0);
  g_assert_cmpuint (changed.removed, ==, 2);
  g_assert_null (vitrine_catalog_find_by_code (catalog, "A12"));
}

static void
test_catalog_duplicates (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) scarf = make_product ("silk-scarf", "A12", "SCARF-01", "Silk scarf");
  g_autoptr(VitrineProduct) same_code = make_product ("other", "a12", NULL, "Other");
  g_autoptr(VitrineProduct) same_sku = make_product ("other", "A13", "SCARF-01", "Other");
  g_autoptr(VitrineProduct) same_id = make_product ("silk-scarf", "A14", NULL, "Other");
  g_autoptr(VitrineProduct) variant_sku = make_product ("other", "A15", NULL, "Other");
  g_autoptr(VitrineProduct) twice = make_product ("twice", "A16", "TW-1", "Twice");
  g_autoptr(VitrineProductVariant) clash = make_variant ("SCARF-01");
  g_autoptr(VitrineProductVariant) echo = make_variant ("TW-1");
  g_autoptr(GError) error = NULL;

  g_assert_true (vitrine_catalog_add (catalog, scarf, NULL));

  g_assert_false (vitrine_catalog_add (catalog, same_code, &error));
  g_assert_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_DUPLICATE);
  g_assert_cmpstr (error->message, ==, "The code “a12” is already used by “Silk scarf”");
  g_clear_error (&error);

  g_assert_false (vitrine_catalog_add (catalog, same_sku, &error));
  g_assert_cmpstr (error->message, ==, "The SKU “SCARF-01” is already used by “Silk scarf”");
  g_clear_error (&error);

  g_assert_false (vitrine_catalog_add (catalog, same_id, &error));
  g_assert_cmpstr (error->message, ==,
                   "The catalog already has a product with the id “silk-scarf”: “Silk scarf”");
  g_clear_error (&error);

  vitrine_product_add_variant (variant_sku, clash);
  g_assert_false (vitrine_catalog_add (catalog, variant_sku, &error));
  g_assert_cmpstr (error->message, ==, "The SKU “SCARF-01” is already used by “Silk scarf”");
  g_clear_error (&error);

  vitrine_product_add_variant (twice, echo);
  g_assert_false (vitrine_catalog_add (catalog, twice, &error));
  g_assert_cmpstr (error->message, ==, "The SKU “TW-1” is used twice in “Twice”");
  g_clear_error (&error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 1);
}

static void
test_catalog_replace (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) scarf = make_product ("silk-scarf", "A12", "SCARF-01", "Silk scarf");
  g_autoptr(VitrineProduct) mug = make_product ("mug", "B1", "MUG-1", "Mug");
  g_autoptr(VitrineProduct) new_scarf = make_product ("silk-scarf", "A12", "SCARF-01", "Scarf");
  g_autoptr(VitrineProduct) bad_scarf = make_product ("silk-scarf", "B1", NULL, "Scarf");
  g_autoptr(GError) error = NULL;
  ItemsChanged changed = { 0 };

  g_assert_true (vitrine_catalog_add (catalog, scarf, NULL));
  g_assert_true (vitrine_catalog_add (catalog, mug, NULL));
  g_signal_connect (catalog, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  /* The same id, code and SKU: in place, one change. */
  g_assert_true (vitrine_catalog_replace (catalog, scarf, new_scarf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.n_calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_true (vitrine_catalog_find_by_code (catalog, "a12") == new_scarf);
  g_assert_true (vitrine_catalog_find_by_sku (catalog, "SCARF-01", NULL) == new_scarf);

  /* Another product's code: refused, nothing changes. */
  g_assert_false (vitrine_catalog_replace (catalog, new_scarf, bad_scarf, &error));
  g_assert_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_DUPLICATE);
  g_assert_cmpstr (error->message, ==, "The code “B1” is already used by “Mug”");
  g_assert_cmpuint (changed.n_calls, ==, 1);
  g_assert_true (vitrine_catalog_find_by_code (catalog, "A12") == new_scarf);
}

/* Once in a catalog, a product's variants (and so its SKUs) are fixed. */
static void
test_catalog_sealed (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) tee = make_product ("tee", "A2", NULL, "Tee");
  g_autoptr(VitrineProductVariant) small = make_variant ("TEE-S");

  g_assert_true (vitrine_catalog_add (catalog, tee, NULL));
  g_test_expect_message ("vitrine-product", G_LOG_LEVEL_CRITICAL, "*sealed*");
  vitrine_product_add_variant (tee, small);
  g_test_assert_expected_messages ();
  g_assert_null (vitrine_catalog_find_by_sku (catalog, "TEE-S", NULL));
}

/* Importing good files */

static void
test_import_shopify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  VitrineProduct *product;
  const char *expected_problems[] = {
    "W line 14, Variant Inventory Qty: “-2” is below zero (oversold), so it counts as 0",
    NULL
  };
  const char *cdn = "https://cdn.shopify.com/s/files/1/0612/3456/7890/products/";
  g_autofree char *beanie_image = g_strconcat (cdn, "beanie-charcoal.jpg", NULL);
  g_autofree char *shirt_image = g_strconcat (cdn, "linen-front.jpg", NULL);

  import = import_data_file ("shopify-products.csv", "EUR", "https://shop.example.com/",
                             NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vitrine_catalog_import_get_format (import), ==,
                   VITRINE_CATALOG_FORMAT_SHOPIFY_CSV);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 6);
  assert_problems (import, expected_problems);

  /* Three colours over four rows (the last only adds a picture); the code
   * comes from the "code:B7" tag, which is not kept as a tag; the
   * description's HTML is plain text now, its lines where the blocks ended. */
  product = get_product (import, 0);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "merino-beanie");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "B7");
  g_assert_null (vitrine_product_get_sku (product));
  g_assert_cmpstr (vitrine_product_get_title (product), ==, "Merino beanie");
  g_assert_cmpstr (vitrine_product_get_description (product), ==,
                   "Soft merino wool, knitted in Portugal.\n• 100% merino\n• One size");
  g_assert_cmpstr (vitrine_product_get_image (product), ==, beanie_image);
  g_assert_cmpstr (vitrine_product_get_checkout_url (product), ==,
                   "https://shop.example.com/products/merino-beanie");
  assert_strv (vitrine_product_get_tags (product), "accessories|winter");
  assert_strv (vitrine_product_get_option_names (product), "Color");
  /* The lowest variant price, and that variant's compare-at price. */
  assert_money (vitrine_product_get_price (product), 2700, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 3900, "EUR");
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 30);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 17);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_get_variants (product)), ==, 3);
  assert_variant (get_variant (product, 0), "BEANIE-CHA", "BEANIE-CHA", "Charcoal", "Charcoal",
                  2900, 3900, 14);
  assert_variant (get_variant (product, 1), "BEANIE-MUS", "BEANIE-MUS", "Mustard", "Mustard",
                  2900, 3900, 3);
  assert_variant (get_variant (product, 2), "BEANIE-NAV", "BEANIE-NAV", "Navy", "Navy",
                  2700, 3900, 0);

  /* Two options; the picture with Image Position 1 wins even though it
   * comes second; "" in a quoted title is one quote. */
  product = get_product (import, 1);
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A1");
  g_assert_cmpstr (vitrine_product_get_title (product), ==, "Linen shirt \"Riviera\"");
  g_assert_cmpstr (vitrine_product_get_description (product), ==,
                   "Washed linen, relaxed fit & mother-of-pearl buttons.");
  g_assert_cmpstr (vitrine_product_get_image (product), ==, shirt_image);
  assert_strv (vitrine_product_get_option_names (product), "Size|Color");
  assert_money (vitrine_product_get_price (product), 5900, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 11);
  assert_variant (get_variant (product, 0), "LIN-S-WHT", "LIN-S-WHT", "S / White", "S|White",
                  5900, 7900, 4);
  assert_variant (get_variant (product, 1), "LIN-M-WHT", "LIN-M-WHT", "M / White", "M|White",
                  5900, 7900, 0);
  assert_variant (get_variant (product, 2), "LIN-L-WHT", "LIN-L-WHT", "L / White", "L|White",
                  6400, 7900, 7);

  /* One "Default Title" variant: a product without variants. */
  product = get_product (import, 2);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "vitamin-c-serum");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A2");
  g_assert_cmpstr (vitrine_product_get_sku (product), ==, "SER-VC-30");
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_get_variants (product)), ==, 0);
  g_assert_null (vitrine_product_get_option_names (product)[0]);
  assert_money (vitrine_product_get_price (product), 2490, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 2990, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 3);

  /* Oversold: 0, so the card says SOLD OUT. */
  product = get_product (import, 3);
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A3");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 0);
  g_assert_true (vitrine_product_is_sold_out (product));
  g_assert_cmpint (vitrine_product_get_compare_at_price (product)->amount, ==, 0);

  /* No inventory tracker: not counted; variants without SKU get ids from
   * the handle. */
  product = get_product (import, 4);
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A4");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, -1);
  assert_variant (get_variant (product, 0), "gift-card/1", NULL, "25.00", "25.00", 2500, 0, -1);
  assert_variant (get_variant (product, 1), "gift-card/2", NULL, "50.00", "50.00", 5000, 0, -1);

  /* "continue" selling when out of stock: never sold out, so not counted. */
  product = get_product (import, 5);
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A5");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, -1);
  g_assert_cmpstr (vitrine_product_get_description (product), ==, "Extends to 1.6 m.");
  assert_money (vitrine_product_get_price (product), 3499, "EUR");
}

/* Shopify writes yen with two decimals; they are zeros, so nothing is lost. */
static void
test_import_shopify_yen (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  VitrineProduct *product;
  const char *expected_problems[] = {
    "E line 3, Variant Price: “1200.50” has decimals, but JPY prices are whole numbers",
    NULL
  };

  import = import_text ("Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n"
                        "matcha,Matcha 30 g,Title,Default Title,MAT-30,1000.00\n"
                        "chasen,Bamboo whisk,Title,Default Title,CHA-1,1200.50\n",
                        -1, "products_export.csv", "jpy", NULL, &error);
  g_assert_no_error (error);
  assert_problems (import, expected_problems);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 1);
  product = get_product (import, 0);
  assert_money (vitrine_product_get_price (product), 1000, "JPY");
  /* No shop domain: no checkout URL. */
  g_assert_null (vitrine_product_get_checkout_url (product));
}

static void
test_import_simple (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  g_autofree char *dir = data_dir ();
  g_autofree char *scarf_image = g_build_filename (dir, "images", "scarf.png", NULL);
  VitrineProduct *product;

  import = import_data_file ("simple.csv", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vitrine_catalog_import_get_format (import), ==,
                   VITRINE_CATALOG_FORMAT_VITRINE_CSV);
  assert_problems (import, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 3);

  /* CRLF line ends; a quoted description over two lines. The relative image
   * path is taken from the file's folder. */
  product = get_product (import, 0);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "SCARF-01");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A12");
  g_assert_cmpstr (vitrine_product_get_sku (product), ==, "SCARF-01");
  g_assert_cmpstr (vitrine_product_get_title (product), ==, "Silk scarf");
  assert_money (vitrine_product_get_price (product), 3990, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 4990, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 3);
  g_assert_cmpstr (vitrine_product_get_image (product), ==, scarf_image);
  g_assert_cmpstr (vitrine_product_get_checkout_url (product), ==,
                   "https://shop.example.com/products/silk-scarf");
  g_assert_cmpstr (vitrine_product_get_description (product), ==, "Hand-rolled edges,\npure silk.");
  assert_strv (vitrine_product_get_tags (product), "silk|summer");

  /* No code: the first free one. Lower-case currency. An URL stays an URL. */
  product = get_product (import, 1);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "MUG-02");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A1");
  g_assert_cmpstr (vitrine_product_get_title (product), ==, "Mug \"Morning\"");
  assert_money (vitrine_product_get_price (product), 1250, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, -1);
  g_assert_cmpstr (vitrine_product_get_image (product), ==, "https://cdn.example.com/mug.png");
  g_assert_null (vitrine_product_get_checkout_url (product));

  /* After a blank line. No SKU: the code is the id. "4.5" is 4.50. A
   * "code:" tag is just a tag in this format. */
  product = get_product (import, 2);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "a3");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "a3");
  assert_money (vitrine_product_get_price (product), 450, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 0);
  g_assert_true (vitrine_product_is_sold_out (product));
  g_assert_cmpstr (vitrine_product_get_image (product), ==, "/srv/images/balm.png");
  assert_strv (vitrine_product_get_tags (product), "code:Z9");
}

static void
test_import_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  g_autofree char *dir = data_dir ();
  g_autofree char *trench_image = g_build_filename (dir, "images", "trench.png", NULL);
  VitrineProduct *product;

  import = import_data_file ("catalog.json", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vitrine_catalog_import_get_format (import), ==, VITRINE_CATALOG_FORMAT_JSON);
  assert_problems (import, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 3);

  /* Variants without a price have the product's. */
  product = get_product (import, 0);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "trench-coat");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "C1");
  g_assert_cmpstr (vitrine_product_get_image (product), ==, trench_image);
  assert_money (vitrine_product_get_price (product), 18900, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 24900, "EUR");
  assert_strv (vitrine_product_get_tags (product), "outerwear|autumn");
  assert_strv (vitrine_product_get_option_names (product), "Size");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 7);
  assert_variant (get_variant (product, 0), "TRENCH-S", "TRENCH-S", "S", "S", 18900, 24900, 2);
  assert_variant (get_variant (product, 1), "TRENCH-M", "TRENCH-M", "M", "M", 18900, 24900, 0);
  assert_variant (get_variant (product, 2), "TRENCH-L", "TRENCH-L", "L", "L", 19900, 25900, 5);

  /* Integer minor units; no code: the first free one. */
  product = get_product (import, 1);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "CANDLE-FIG");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A1");
  assert_money (vitrine_product_get_price (product), 2450, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 8);

  /* Its own currency; no product price: the lowest variant's. */
  product = get_product (import, 2);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "D4");
  assert_money (vitrine_product_get_price (product), 2200, "USD");
  assert_money (vitrine_product_get_compare_at_price (product), 2600, "USD");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, -1);
  assert_variant (get_variant (product, 0), "MUG-BLK", "MUG-BLK", "Black", "", 2400, 0, -1);
  assert_variant (get_variant (product, 1), "MUG-SAGE", "MUG-SAGE", "Sage", "", 2200, 2600, -1);
}

/* Bad input */

/* Bad price, unknown currency, negative stock, duplicate code and SKU, a
 * missing title, too many decimals, a bad code, text for a number, text
 * after a quote, an unquoted comma, an unterminated quote: each on its line,
 * with its column; the good rows still come through. */
static void
test_import_bad_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  const char *expected[] = {
    "W line 1: the column “colour” is not one Vitrine knows (or appears twice), so it is ignored",
    "E line 3, price: “12,5O” is not a price: write it with a dot for decimals and no thousands "
      "separator, such as 1234.56",
    "E line 4: the row has 13 fields but the header has 12; a field with a comma in it needs "
      "quotes",
    "E line 5, currency: “XYZ” is not a currency code (expected an ISO 4217 code such as EUR)",
    "E line 6, stock: “-3” is below zero; leave it empty when the stock is not counted",
    "E line 7, code: the code “b1” is already used on line 2",
    "E line 8, sku: the SKU “TEE-1” is already used on line 2",
    "E line 9, title: the title is empty",
    "W line 10, compare_at: the compare-at price 9.99 is below the price 19.99, so it is ignored",
    "W line 11, title: 250 characters long; cut to the first 200 characters",
    "E line 12, price: “1.234” has too many decimals: EUR has 2 decimal places",
    "E line 13, code: “B 12” cannot be a short code: use 1 to 16 letters, digits or “-”, such "
      "as A12",
    "W line 14, checkout_url: “ftp://shop.example.com/tee” is not a web address (http:// or "
      "https://), so the product has no checkout link",
    "E line 15, stock: “many” is not a whole number",
    "E line 16, title: there is text after the closing quote of this field; inside quotes, "
      "write a quote as two (\"\")",
    "E line 17, price: the price is empty",
    "E line 18, price: the quote that opens this field is never closed, so the rest of the "
      "file was read as part of it",
    NULL
  };
  VitrineProduct *product;

  import = import_data_file ("bad-rows.csv", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_problems (import, expected);

  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 4);
  g_assert_cmpstr (vitrine_product_get_code (get_product (import, 0)), ==, "B1");

  /* Warnings: imported, changed. */
  product = get_product (import, 1);
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "B9");
  g_assert_cmpint (vitrine_product_get_compare_at_price (product)->amount, ==, 0);
  product = get_product (import, 2);
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "B10");
  g_assert_cmpint (g_utf8_strlen (vitrine_product_get_title (product), -1), ==, 200);
  g_assert_true (g_str_has_prefix (vitrine_product_get_title (product), "Extra long title xxx"));
  product = get_product (import, 3);
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "B13");
  g_assert_null (vitrine_product_get_checkout_url (product));
}

static void
test_import_broken_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  const char *expected[] = {
    "E line 3, title: the text is not UTF-8 (byte 0xE9); save the file as “CSV UTF-8”",
    /* The record starts on line 4; the bad byte is on its second line. */
    "E line 5, description: the text is not UTF-8 (byte 0xFF); save the file as “CSV UTF-8”",
    NULL
  };

  import = import_data_file ("broken-utf8.csv", "EUR", NULL, NULL, &error);
  g_assert_no_error (error);
  assert_problems (import, expected);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 2);
  g_assert_cmpstr (vitrine_product_get_title (get_product (import, 1)), ==, "Crème brûlée kit");
}

static void
test_import_whole_file_errors (void)
{
  struct {
    const char *name;
    const char *currency;
    int         code;
    const char *message;
  } cases[] = {
    { "empty.csv", "EUR", VITRINE_CATALOG_ERROR_EMPTY, "empty.csv is empty" },
    { "header-only.csv", "EUR", VITRINE_CATALOG_ERROR_EMPTY,
      "header-only.csv has a header row but no products" },
    { "missing-column.csv", "EUR", VITRINE_CATALOG_ERROR_MISSING_COLUMN,
      "line 1: missing-column.csv has no “price” column (a Vitrine CSV needs at least title "
      "and price; Shopify exports have a Handle column)" },
    { "semicolons.csv", "EUR", VITRINE_CATALOG_ERROR_MISSING_COLUMN,
      "line 1: the columns of semicolons.csv are separated by semicolons; a catalog CSV "
      "separates them by commas" },
    { "shopify-no-price.csv", "EUR", VITRINE_CATALOG_ERROR_MISSING_COLUMN,
      "line 1: shopify-no-price.csv has no “Variant Price” column, which every Shopify "
      "product export has" },
    { "shopify-products.csv", NULL, VITRINE_CATALOG_ERROR_NO_CURRENCY,
      "Shopify exports do not say their currency: choose the shop’s currency (such as EUR) "
      "to import shopify-products.csv" },
    { "shopify-products.csv", "XYZ", VITRINE_CATALOG_ERROR_NO_CURRENCY,
      "Shopify exports do not say their currency: choose the shop’s currency (such as EUR) "
      "to import shopify-products.csv" },
    { "missing-column.csv", NULL, VITRINE_CATALOG_ERROR_MISSING_COLUMN,
      "line 1: missing-column.csv has no “price” column (a Vitrine CSV needs at least title "
      "and price; Shopify exports have a Handle column)" },
    { "bad-rows.csv", NULL, VITRINE_CATALOG_ERROR_MISSING_COLUMN, NULL },
    { "truncated.json", NULL, VITRINE_CATALOG_ERROR_SYNTAX,
      "line 6, column 1: truncated.json is not valid JSON: scanner: unterminated string "
      "constant" },
    { "no-such-file.csv", NULL, VITRINE_CATALOG_ERROR_NOT_FOUND, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VitrineCatalogImport) import = NULL;

      /* bad-rows.csv has a currency column: no error there. */
      if (cases[i].message == NULL && cases[i].code == VITRINE_CATALOG_ERROR_MISSING_COLUMN)
        continue;

      import = import_data_file (cases[i].name, cases[i].currency, NULL, NULL, &error);
      g_test_message ("%s: %s", cases[i].name, error ? error->message : "(no error)");
      if (cases[i].message != NULL)
        assert_import_fails (import, error, cases[i].code, cases[i].message);
      else
        {
          g_assert_null (import);
          g_assert_error (error, VITRINE_CATALOG_ERROR, cases[i].code);
          g_assert_true (g_str_has_suffix (error->message, "no-such-file.csv does not exist"));
        }
    }
}

static void
test_import_no_currency_column (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  const char *expected[] = {
    "E line 3, currency: no currency: fill it in, or choose the shop’s currency before importing",
    NULL
  };

  import = import_text ("title,price\nTee,10\n", -1, "shop.csv", NULL, NULL, &error);
  assert_import_fails (import, error, VITRINE_CATALOG_ERROR_NO_CURRENCY,
                       "shop.csv has no “currency” column: add one, or choose the shop’s "
                       "currency before importing");
  g_clear_error (&error);

  /* The options' currency fills the gap. */
  import = import_text ("title,price\nTee,10\n", -1, "shop.csv", "usd", NULL, &error);
  g_assert_no_error (error);
  assert_money (vitrine_product_get_price (get_product (import, 0)), 1000, "USD");
  g_clear_object (&import);

  /* A currency column with a gap and no shop currency. */
  import = import_text ("title,price,currency\nTee,10,EUR\nMug,5,\n", -1, "shop.csv", NULL,
                        NULL, &error);
  g_assert_no_error (error);
  assert_problems (import, expected);
}

static void
test_import_json_wrong_types (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  const char *expected[] = {
    "E line 4, products[0].price: 19.99 is a JSON number, which can be rounded; write the "
      "price as text, such as \"19.99\", or in minor units as “price_minor”",
    "E line 5, products[1].stock: expected a whole number, found text",
    "E line 12, products[3].title: expected text, found a number",
    "E line 13, products[4].stock: expected a whole number, found 2.5",
    "E products[5]: expected an object, found text",
    "E line 15, products[6].price: give either “price” or “price_minor”, not both",
    "E line 16, products[7].price_minor: expected a whole number of minor units, 0 or more "
      "(1999 for 19.99), found -5",
    "E line 17, products[8].currency: “XYZ” is not a currency code (expected an ISO 4217 code "
      "such as EUR)",
    "E line 18, products[9].price: the price is missing",
    "E line 25, products[10].variants[1].price: 9.9 is a JSON number, which can be rounded; "
      "write the price as text, such as \"9.9\", or in minor units as “price_minor”",
    "E line 28, products[11].tags: expected a list of text, found text",
    NULL
  };
  const VitrineCatalogProblem *problem;

  import = import_data_file ("wrong-types.json", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_problems (import, expected);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 1);
  g_assert_cmpstr (vitrine_product_get_code (get_product (import, 0)), ==, "W3");

  /* The problem knows the product's index and the member's path. */
  problem = vitrine_catalog_import_get_problem (import, 9);
  g_assert_cmpint (problem->index, ==, 10);
  g_assert_cmpuint (problem->line, ==, 25);
  g_assert_cmpstr (problem->field, ==, "products[10].variants[1].price");
  g_assert_cmpint (problem->severity, ==, VITRINE_CATALOG_PROBLEM_ERROR);
}

static void
test_import_json_shape (void)
{
  struct {
    const char *text;
    int         code;
    const char *message;
  } cases[] = {
    { "[1, 2]", VITRINE_CATALOG_ERROR_SYNTAX,
      "x.json: expected an object with a “products” list, found a list" },
    { "{\"products\": {}}", VITRINE_CATALOG_ERROR_SYNTAX,
      "line 1, products: expected a list, found an object" },
    { "{\"items\": []}", VITRINE_CATALOG_ERROR_SYNTAX, "x.json has no “products” list" },
    { "{\"products\": []}", VITRINE_CATALOG_ERROR_EMPTY, "x.json has no products" },
    { "{\n  \"currency\": \"XYZ\",\n  \"products\": []\n}", VITRINE_CATALOG_ERROR_NO_CURRENCY,
      "line 1, currency: “XYZ” is not a currency code (expected an ISO 4217 code such as EUR)" },
    { "{\"currency\": 978, \"products\": []}", VITRINE_CATALOG_ERROR_SYNTAX,
      "line 1, currency: expected text such as \"EUR\", found a number" },
    { "{\"products\": [\n{\"title\": \"caf\xe9\"}]}", VITRINE_CATALOG_ERROR_ENCODING,
      "line 2: x.json is not UTF-8 text (byte 0xE9)" },
    { "{\"products\": [ {\"title\": \"A\", \"price\": \"1\"} ]", VITRINE_CATALOG_ERROR_SYNTAX,
      "line 1, column 45: x.json is not valid JSON: unexpected character `]', expected "
      "string constant" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VitrineCatalogImport) import = NULL;

      import = import_text (cases[i].text, -1, "x.json", "EUR", NULL, &error);
      g_test_message ("%s", error ? error->message : "(no error)");
      assert_import_fails (import, error, cases[i].code, cases[i].message);
    }
}

/* json-glib parses recursively: without a limit, this overflows the stack. */
static void
test_import_json_deep (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  gsize depth = 1000000;
  g_autofree char *text = g_malloc (depth + 64);

  memcpy (text, "{\"products\": ", 13);
  memset (text + 13, '[', depth);
  text[13 + depth] = '\0';

  import = import_text (text, -1, "deep.json", "EUR", NULL, &error);
  assert_import_fails (import, error, VITRINE_CATALOG_ERROR_SYNTAX,
                       "line 1: deep.json is nested too deeply to be a catalog");
}

static void
test_import_encoding (void)
{
  struct {
    const char *data;
    gsize       length;
    int         code;
    const char *message;
  } cases[] = {
    { "\xff\xfe" "c\0o\0d\0e\0", 10, VITRINE_CATALOG_ERROR_ENCODING,
      "x.csv is UTF-16 text: save it as UTF-8 (“CSV UTF-8”) instead" },
    { "PK\003\004\024\0\0\0", 8, VITRINE_CATALOG_ERROR_ENCODING,
      "x.csv is a spreadsheet or an archive, not text: save it as “CSV UTF-8” first" },
    { "title,price\nTee\0,1\n", 19, VITRINE_CATALOG_ERROR_ENCODING, "x.csv is not a text file" },
    { " \n\r\n\t", 5, VITRINE_CATALOG_ERROR_EMPTY, "x.csv is empty" },
    { "\xef\xbb\xbf", 3, VITRINE_CATALOG_ERROR_EMPTY, "x.csv is empty" },
    { "title,pr\xe9, price\n", 17, VITRINE_CATALOG_ERROR_ENCODING,
      "line 1: the header row of x.csv is not UTF-8 text; save the file as “CSV UTF-8”" },
    { "\"title,price\n", 13, VITRINE_CATALOG_ERROR_MISSING_COLUMN,
      "line 1: the header row of x.csv cannot be read: the quote that opens this field is "
      "never closed, so the rest of the file was read as part of it" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) case_error = NULL;
      g_autoptr(VitrineCatalogImport) case_import = NULL;

      case_import = import_text (cases[i].data, cases[i].length, "x.csv", "EUR", NULL, &case_error);
      g_test_message ("%s", case_error ? case_error->message : "(no error)");
      assert_import_fails (case_import, case_error, cases[i].code, cases[i].message);
    }

  /* Excel's byte-order mark is skipped. */
  import = import_text ("\xef\xbb\xbftitle,price\nTee,10\n", -1, "x.csv", "EUR", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_product_get_title (get_product (import, 0)), ==, "Tee");
}

/* Above the size limit: refused from the file's size, before reading it. */
static void
test_import_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *big = NULL;

  file = g_file_new_tmp ("vitrine-huge-XXXXXX.csv", &stream, &error);
  g_assert_no_error (error);
  /* A sparse file: 21 MiB that take no room on disk. */
  g_assert_true (g_seekable_truncate (G_SEEKABLE (stream), 21 * 1024 * 1024, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_io_stream_close (G_IO_STREAM (stream), NULL, &error));

  import = vitrine_catalog_import_file (file, NULL, &error);
  basename = g_file_get_parse_name (file);
  expected = g_strdup_printf ("%s is 21.0\u00a0MiB; a catalog file can be at most 20.0\u00a0MiB",
                              basename);
  assert_import_fails (import, error, VITRINE_CATALOG_ERROR_TOO_LARGE, expected);
  g_file_delete (file, NULL, NULL);
  g_clear_error (&error);

  /* The same limit for contents in memory. */
  big = g_malloc0 (VITRINE_CATALOG_IMPORT_MAX_BYTES + 1);
  bytes = g_bytes_new_take (g_steal_pointer (&big), VITRINE_CATALOG_IMPORT_MAX_BYTES + 1);
  import = vitrine_catalog_import_bytes (bytes, "big.csv", NULL, NULL, &error);
  assert_import_fails (import, error, VITRINE_CATALOG_ERROR_TOO_LARGE,
                       "big.csv is larger than 20.0\u00a0MiB, the most a catalog file can be");
}

static void
test_import_too_many_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  g_autoptr(GString) csv = g_string_new ("sku,title,price\n");

  for (guint i = 0; i <= VITRINE_CATALOG_IMPORT_MAX_ROWS; i++)
    g_string_append_printf (csv, "S%u,Tee,1\n", i);

  import = import_text (csv->str, csv->len, "warehouse.csv", "EUR", NULL, &error);
  assert_import_fails (import, error, VITRINE_CATALOG_ERROR_TOO_LARGE,
                       "warehouse.csv has more than 50000 products and variants; a catalog can "
                       "have at most 50000. Import only the products of the show");
}

/* Importing into a catalog that already has products */

static void
test_import_against_catalog (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) scarf = make_product ("silk-scarf", "A1", "SCARF-01", "Silk scarf");
  g_autoptr(VitrineProduct) mug = make_product ("MUG-02", "A7", "MUG-02", "Old mug");
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  g_autoptr(VitrineCatalogImport) again = NULL;
  const char *expected[] = {
    "E line 3, code: the code “a1” is already used by “Silk scarf” in the catalog",
    "E line 4, sku: the SKU “SCARF-01” is already used by “Silk scarf” in the catalog",
    NULL
  };

  g_assert_true (vitrine_catalog_add (catalog, scarf, NULL));
  g_assert_true (vitrine_catalog_add (catalog, mug, NULL));

  import = import_text ("code,sku,title,price\n"
                        ",NEW-1,New product,5\n"
                        "a1,NEW-2,Code clash,5\n"
                        ",SCARF-01,SKU clash,5\n"
                        ",MUG-02,Mug (updated),6\n"
                        ",NEW-3,Another,5\n",
                        -1, "update.csv", "EUR", catalog, &error);
  g_assert_no_error (error);
  assert_problems (import, expected);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 3);
  /* A1 belongs to the scarf: new products get A2, A3; the mug, which the
   * catalog knows by its id, keeps A7. */
  g_assert_cmpstr (vitrine_product_get_code (get_product (import, 0)), ==, "A2");
  g_assert_cmpstr (vitrine_product_get_code (get_product (import, 1)), ==, "A7");
  g_assert_cmpstr (vitrine_product_get_code (get_product (import, 2)), ==, "A3");

  /* Nothing happens until the host says so. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 2);

  g_assert_true (vitrine_catalog_import_apply (import, catalog, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 4);
  /* The mug is updated in place; the new ones come last. */
  g_assert_cmpstr (vitrine_product_get_title (vitrine_catalog_find_by_code (catalog, "A7")), ==,
                   "Mug (updated)");
  g_assert_true (vitrine_catalog_find_by_id (catalog, "MUG-02") == get_product (import, 1));
  {
    g_autoptr(VitrineProduct) second = g_list_model_get_item (G_LIST_MODEL (catalog), 1);

    g_assert_true (second == get_product (import, 1));
  }
  g_assert_true (vitrine_catalog_find_by_code (catalog, "a3") == get_product (import, 2));

  /* Applying twice changes nothing. */
  g_assert_true (vitrine_catalog_import_apply (import, catalog, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 4);

  /* The same Shopify export twice: the second time, every product keeps its
   * code and replaces itself. */
  g_clear_object (&import);
  {
    VitrineCatalogImportOptions options = { 0 };
    g_autofree char *path = data_path ("shopify-products.csv");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(VitrineCatalog) shop = vitrine_catalog_new ();

    options.currency = "EUR";
    options.catalog = shop;
    import = vitrine_catalog_import_file (file, &options, &error);
    g_assert_no_error (error);
    g_assert_true (vitrine_catalog_import_apply (import, shop, &error));
    again = vitrine_catalog_import_file (file, &options, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 6; i++)
      g_assert_cmpstr (vitrine_product_get_code (get_product (again, i)), ==,
                       vitrine_product_get_code (get_product (import, i)));
    g_assert_true (vitrine_catalog_import_apply (again, shop, &error));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shop)), ==, 6);
    g_assert_true (vitrine_catalog_find_by_code (shop, "B7") == get_product (again, 0));
  }
}

/* The catalog changed between import and apply: all or nothing. */
static void
test_import_apply_conflict (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) late = make_product ("late", "A2", NULL, "Added meanwhile");
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;

  import = import_text ("code,sku,title,price\nA1,S-1,First,5\nA2,S-2,Second,5\n", -1,
                        "x.csv", "EUR", catalog, &error);
  g_assert_no_error (error);
  g_assert_true (vitrine_catalog_add (catalog, late, NULL));

  g_assert_false (vitrine_catalog_import_apply (import, catalog, &error));
  g_assert_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_DUPLICATE);
  g_assert_cmpstr (error->message, ==, "The code “A2” is already used by “Added meanwhile”");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 1);
  g_assert_null (vitrine_catalog_find_by_code (catalog, "A1"));
}

/* Shopify rows: a product's later rows, and handles used twice. */
static void
test_import_shopify_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  const char *expected[] = {
    "E line 3, Title: the first row of the product no-title has no title",
    "E line 5, Variant Price: the product has no price (no row with a Variant Price)",
    "E line 6, Handle: the handle “cap” is already used by the product on line 2",
    "E line 7, Variant Price: “cheap” is not a price (expected a number such as 19.99)",
    "E line 8, Variant SKU: the SKU “CAP-1” is already used on line 2",
    "E line 9, Variant Inventory Qty: “lots” is not a whole number",
    "E line 10, Variant SKU: the SKU “CAP-2” is already used on line 4",
    "E line 10: none of the product’s variants can be imported",
    NULL
  };
  VitrineProduct *cap;

  /* no-title interrupts cap, whose later rows still belong to it; the
   * second "cap" with a title is another product with a taken handle. */
  import = import_text ("Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,"
                        "Variant Inventory Tracker,Variant Inventory Qty\n"
                        "cap,Cap,Size,S,CAP-1,10.00,shopify,1\n"
                        "no-title,,Title,Default Title,NT-1,5.00,,\n"
                        "cap,,,M,CAP-2,10.00,shopify,2\n"
                        "no-variant,No variant,,,,,,\n"
                        "cap,Another cap,Title,Default Title,CAP-9,3.00,,\n"
                        "cap,,,L,CAP-3,cheap,shopify,3\n"
                        "cap,,,XL,CAP-1,10.00,shopify,3\n"
                        "one-bad,One bad,Title,Default Title,OB-1,5.00,shopify,lots\n"
                        "dup-sku,Dup,Size,S,CAP-2,1.00,,\n",
                        -1, "products_export_1.csv", "EUR", NULL, &error);
  g_assert_no_error (error);
  assert_problems (import, expected);

  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (import)), ==, 1);
  cap = get_product (import, 0);
  g_assert_cmpstr (vitrine_product_get_id (cap), ==, "cap");
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_get_variants (cap)), ==, 2);
  g_assert_cmpint (vitrine_product_get_stock (cap), ==, 3);
}

/* The UI's way: in a thread, cancellable. */

typedef struct
{
  GMainLoop            *loop;
  VitrineCatalogImport *import;
  GError               *error;
} AsyncResult;

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->import = vitrine_catalog_import_file_finish (result, &async->error);
  g_main_loop_quit (async->loop);
}

static void
test_import_async (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) taken = make_product ("other", "B7", NULL, "Taken");
  g_autofree char *path = data_path ("shopify-products.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VitrineCatalogImportOptions options = { 0 };
  AsyncResult async = { loop, NULL, NULL };

  g_assert_true (vitrine_catalog_add (catalog, taken, NULL));
  options.currency = "EUR";
  options.catalog = catalog;
  vitrine_catalog_import_file_async (file, &options, NULL, import_done_cb, &async);
  g_main_loop_run (loop);
  g_assert_no_error (async.error);
  /* The catalog was looked at: B7 is taken, so the beanie is left out. */
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_catalog_import_get_products (async.import)),
                    ==, 5);
  g_assert_cmpstr (vitrine_catalog_import_get_problem (async.import, 0)->message, ==,
                   "the code “B7” is already used by “Taken” in the catalog");
  g_clear_object (&async.import);

  g_cancellable_cancel (cancellable);
  vitrine_catalog_import_file_async (file, &options, cancellable, import_done_cb, &async);
  g_main_loop_run (loop);
  g_assert_null (async.import);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&async.error);
}

/* Nothing crashes: every prefix of every file (a download cut short), and
 * random damage to them. Either an import or an error, never both. */
static void
test_import_fuzz (void)
{
  const char *names[] = {
    "shopify-products.csv", "simple.csv", "catalog.json", "bad-rows.csv", "broken-utf8.csv",
    "wrong-types.json",
  };
  GRand *rand = g_rand_new_with_seed (4);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = data_path (names[i]);
      g_autofree char *contents = NULL;
      gsize length;
      guint step;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      step = MAX (1, length / 400);

      for (gsize cut = 0; cut <= length; cut += step)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(VitrineCatalogImport) import = NULL;

          import = import_text (contents, cut, names[i], "EUR", NULL, &error);
          g_assert_true ((import == NULL) != (error == NULL));
        }

      for (guint round = 0; round < 1000; round++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(VitrineCatalogImport) import = NULL;
          g_autofree char *damaged = g_memdup2 (contents, length);
          static const char specials[] = "\",\n\r{}[]:\\\xff\xc3\0-.0";

          for (guint n = 0; n < 1 + round % 8; n++)
            {
              gsize at = g_rand_int_range (rand, 0, length);

              if (g_rand_boolean (rand))
                damaged[at] = specials[g_rand_int_range (rand, 0, sizeof specials - 1)];
              else
                damaged[at] = (char) g_rand_int_range (rand, 1, 256);
            }

          import = import_text (damaged, length, names[i], "EUR", NULL, &error);
          g_assert_true ((import == NULL) != (error == NULL));
        }
    }

  g_rand_free (rand);
}

static void
test_problem_to_string (void)
{
  VitrineCatalogProblem problem = { VITRINE_CATALOG_PROBLEM_ERROR, 7, -1, (char *) "price",
                                    (char *) "“12,5O” is not a price" };
  g_autofree char *full = vitrine_catalog_problem_to_string (&problem);
  g_autofree char *no_field = NULL;
  g_autofree char *no_line = NULL;
  g_autofree char *bare = NULL;

  g_assert_cmpstr (full, ==, "line 7, price: “12,5O” is not a price");
  problem.field = NULL;
  no_field = vitrine_catalog_problem_to_string (&problem);
  g_assert_cmpstr (no_field, ==, "line 7: “12,5O” is not a price");
  problem.line = 0;
  bare = vitrine_catalog_problem_to_string (&problem);
  g_assert_cmpstr (bare, ==, "“12,5O” is not a price");
  problem.field = (char *) "products[2]";
  no_line = vitrine_catalog_problem_to_string (&problem);
  g_assert_cmpstr (no_line, ==, "products[2]: “12,5O” is not a price");
}

/* The demo show's catalog: what the overlays and the shelf are shown with. */
static void
test_demo_catalog (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("VITRINE_SOURCE_ROOT") ?: "..",
                                            "data", "demo", "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineCatalogImport) import = NULL;
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  guint n;
  guint with_compare_at = 0;
  guint with_variants = 0;
  gboolean only_three = FALSE;

  import = vitrine_catalog_import_file (file, NULL, &error);
  g_assert_no_error (error);
  assert_problems (import, NULL);
  g_assert_true (vitrine_catalog_import_apply (import, catalog, &error));
  g_assert_no_error (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_assert_cmpuint (n, ==, 8);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProduct) product = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autofree char *code = g_strdup_printf ("A%u", i + 1);
      const char *image = vitrine_product_get_image (product);
      GStatBuf st;

      g_assert_cmpstr (vitrine_product_get_code (product), ==, code);
      g_assert_cmpstr (vitrine_product_get_price (product)->currency, ==, "EUR");
      g_assert_true (g_str_has_prefix (vitrine_product_get_checkout_url (product),
                                       "https://shop.example.com/"));
      g_assert_nonnull (image);
      g_assert_true (g_path_is_absolute (image));
      g_assert_cmpint (g_stat (image, &st), ==, 0);
      g_assert_cmpint (st.st_size, <, 60 * 1024);
      g_assert_true (g_str_has_suffix (image, ".png"));

      if (vitrine_product_get_compare_at_price (product)->amount > 0)
        with_compare_at++;
      if (g_list_model_get_n_items (vitrine_product_get_variants (product)) > 0)
        {
          GListModel *variants = vitrine_product_get_variants (product);
          g_autoptr(VitrineProductVariant) first = g_list_model_get_item (variants, 0);

          with_variants++;
          g_assert_cmpstr (vitrine_product_variant_get_title (first), ==, "S");
        }
      if (vitrine_product_get_stock (product) == 3)
        only_three = TRUE;
    }

  g_assert_cmpuint (with_compare_at, >=, 2);
  g_assert_cmpuint (with_variants, >=, 1);
  g_assert_true (only_three);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalog/model", test_catalog_model);
  g_test_add_func ("/catalog/duplicates", test_catalog_duplicates);
  g_test_add_func ("/catalog/replace", test_catalog_replace);
  g_test_add_func ("/catalog/sealed", test_catalog_sealed);
  g_test_add_func ("/catalog/import/shopify", test_import_shopify);
  g_test_add_func ("/catalog/import/shopify-yen", test_import_shopify_yen);
  g_test_add_func ("/catalog/import/shopify-rows", test_import_shopify_rows);
  g_test_add_func ("/catalog/import/simple", test_import_simple);
  g_test_add_func ("/catalog/import/json", test_import_json);
  g_test_add_func ("/catalog/import/bad-rows", test_import_bad_rows);
  g_test_add_func ("/catalog/import/broken-utf8", test_import_broken_utf8);
  g_test_add_func ("/catalog/import/whole-file-errors", test_import_whole_file_errors);
  g_test_add_func ("/catalog/import/no-currency-column", test_import_no_currency_column);
  g_test_add_func ("/catalog/import/json-wrong-types", test_import_json_wrong_types);
  g_test_add_func ("/catalog/import/json-shape", test_import_json_shape);
  g_test_add_func ("/catalog/import/json-deep", test_import_json_deep);
  g_test_add_func ("/catalog/import/encoding", test_import_encoding);
  g_test_add_func ("/catalog/import/too-large", test_import_too_large);
  g_test_add_func ("/catalog/import/too-many-rows", test_import_too_many_rows);
  g_test_add_func ("/catalog/import/against-catalog", test_import_against_catalog);
  g_test_add_func ("/catalog/import/apply-conflict", test_import_apply_conflict);
  g_test_add_func ("/catalog/import/async", test_import_async);
  g_test_add_func ("/catalog/import/fuzz", test_import_fuzz);
  g_test_add_func ("/catalog/problem-to-string", test_problem_to_string);
  g_test_add_func ("/catalog/demo", test_demo_catalog);
  return g_test_run ();
}

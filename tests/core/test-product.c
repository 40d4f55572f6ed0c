/* test-product.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vitrine-product.h"

static VitrineMoney
eur (gint64 cents)
{
  VitrineMoney money;

  g_assert_true (vitrine_money_init (&money, cents, "EUR"));
  return money;
}

typedef struct
{
  GHashTable *counts;   /* property name → number of notifications */
} NotifyLog;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (count + 1));
}

static guint
notified (NotifyLog  *log,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));
}

static VitrineProductVariant *
make_variant (const char *sku,
              const char *title,
              gint64      cents,
              gint64      stock)
{
  VitrineProductVariant *variant = vitrine_product_variant_new (sku, sku);
  VitrineMoney price = eur (cents);
  const char *options[] = { title, NULL };

  vitrine_product_variant_set_title (variant, title);
  vitrine_product_variant_set_options (variant, options);
  vitrine_product_variant_set_price (variant, &price);
  vitrine_product_variant_set_stock (variant, stock);
  return variant;
}

static void
test_defaults (void)
{
  g_autoptr(VitrineProduct) product = vitrine_product_new ("silk-scarf", "A12", "");

  g_assert_cmpstr (vitrine_product_get_id (product), ==, "silk-scarf");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A12");
  /* An empty SKU is no SKU. */
  g_assert_null (vitrine_product_get_sku (product));
  g_assert_null (vitrine_product_get_title (product));
  g_assert_cmpint (vitrine_product_get_stock (product), ==, -1);
  g_assert_false (vitrine_product_is_sold_out (product));
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 0);
  g_assert_cmpint (vitrine_product_get_price (product)->amount, ==, 0);
  g_assert_cmpstr (vitrine_product_get_price (product)->currency, ==, "");
  g_assert_cmpint (vitrine_product_get_compare_at_price (product)->amount, ==, 0);
  g_assert_nonnull (vitrine_product_get_tags (product));
  g_assert_null (vitrine_product_get_tags (product)[0]);
  g_assert_null (vitrine_product_get_option_names (product)[0]);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_get_variants (product)), ==, 0);
  g_assert_true (g_list_model_get_item_type (vitrine_product_get_variants (product)) ==
                 VITRINE_TYPE_PRODUCT_VARIANT);
}

static void
test_code_is_valid (void)
{
  g_assert_true (vitrine_product_code_is_valid ("A12"));
  g_assert_true (vitrine_product_code_is_valid ("a"));
  g_assert_true (vitrine_product_code_is_valid ("SUMMER-1"));
  g_assert_true (vitrine_product_code_is_valid ("1234567890123456"));

  g_assert_false (vitrine_product_code_is_valid (NULL));
  g_assert_false (vitrine_product_code_is_valid (""));
  g_assert_false (vitrine_product_code_is_valid ("12345678901234567"));
  g_assert_false (vitrine_product_code_is_valid ("A 12"));
  g_assert_false (vitrine_product_code_is_valid ("A_12"));
  g_assert_false (vitrine_product_code_is_valid ("#A12"));
  g_assert_false (vitrine_product_code_is_valid ("Ä12"));
}

/* Properties notify once per real change, never for the same value. */
static void
test_notify (void)
{
  g_autoptr(VitrineProduct) product = vitrine_product_new ("p", "A1", NULL);
  NotifyLog log = { g_hash_table_new (g_str_hash, g_str_equal) };
  const char *tags[] = { "silk", "summer", NULL };
  const char *same_tags[] = { "silk", "summer", NULL };
  VitrineMoney price = eur (1999);
  VitrineMoney lower_case;
  VitrineMoney dollars;

  g_signal_connect (product, "notify", G_CALLBACK (notify_cb), &log);

  vitrine_product_set_title (product, "Silk scarf");
  vitrine_product_set_title (product, "Silk scarf");
  g_assert_cmpuint (notified (&log, "title"), ==, 1);
  vitrine_product_set_title (product, NULL);
  g_assert_cmpuint (notified (&log, "title"), ==, 2);
  vitrine_product_set_title (product, NULL);
  g_assert_cmpuint (notified (&log, "title"), ==, 2);

  vitrine_product_set_tags (product, tags);
  vitrine_product_set_tags (product, same_tags);
  g_assert_cmpuint (notified (&log, "tags"), ==, 1);
  /* NULL and empty are the same: no tags. */
  vitrine_product_set_tags (product, NULL);
  g_assert_cmpuint (notified (&log, "tags"), ==, 2);
  vitrine_product_set_tags (product, (const char *[]) { NULL });
  g_assert_cmpuint (notified (&log, "tags"), ==, 2);

  vitrine_product_set_price (product, &price);
  vitrine_product_set_price (product, &price);
  g_assert_cmpuint (notified (&log, "price"), ==, 1);
  /* "eur" is EUR: no change. */
  lower_case = price;
  memcpy (lower_case.currency, "eur", 4);
  vitrine_product_set_price (product, &lower_case);
  g_assert_cmpuint (notified (&log, "price"), ==, 1);
  g_assert_cmpstr (vitrine_product_get_price (product)->currency, ==, "EUR");
  /* Same amount, other currency: a change. */
  g_assert_true (vitrine_money_init (&dollars, 1999, "USD"));
  vitrine_product_set_price (product, &dollars);
  g_assert_cmpuint (notified (&log, "price"), ==, 2);

  vitrine_product_set_stock (product, 3);
  vitrine_product_set_stock (product, 3);
  g_assert_cmpuint (notified (&log, "stock"), ==, 1);

  vitrine_product_set_compare_at_price (product, NULL);
  g_assert_cmpuint (notified (&log, "compare-at-price"), ==, 0);

  vitrine_product_set_checkout_url (product, "https://shop.example.com/products/p");
  vitrine_product_set_image (product, "/tmp/p.png");
  vitrine_product_set_description (product, "Soft.");
  g_assert_cmpuint (notified (&log, "checkout-url"), ==, 1);
  g_assert_cmpuint (notified (&log, "image"), ==, 1);
  g_assert_cmpuint (notified (&log, "description"), ==, 1);

  g_hash_table_unref (log.counts);
}

/* Prices are boxed VitrineMoney properties, usable from bindings. */
static void
test_properties (void)
{
  g_autoptr(VitrineProduct) product = vitrine_product_new ("p", "A1", "SKU-1");
  g_autoptr(VitrineMoney) got = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GListModel) variants = NULL;
  VitrineMoney price = eur (4990);
  gint64 stock;

  g_object_set (product, "price", &price, "compare-at-price", &price, "stock", (gint64) 7, NULL);
  g_object_get (product,
                "price", &got,
                "code", &code,
                "stock", &stock,
                "variants", &variants,
                NULL);
  g_assert_true (vitrine_money_equal (got, &price));
  g_assert_cmpstr (code, ==, "A1");
  g_assert_cmpint (stock, ==, 7);
  g_assert_true (variants == vitrine_product_get_variants (product));
  g_assert_cmpint (vitrine_product_get_compare_at_price (product)->amount, ==, 4990);
}

static void
test_variants_stock (void)
{
  g_autoptr(VitrineProduct) product = vitrine_product_new ("tee", "A2", NULL);
  g_autoptr(VitrineProductVariant) small = make_variant ("TEE-S", "S", 1999, 2);
  g_autoptr(VitrineProductVariant) medium = make_variant ("TEE-M", "M", 1999, 0);
  g_autoptr(VitrineProductVariant) large = make_variant ("TEE-L", "L", 2199, 5);
  NotifyLog log = { g_hash_table_new (g_str_hash, g_str_equal) };

  g_signal_connect (product, "notify", G_CALLBACK (notify_cb), &log);

  vitrine_product_add_variant (product, small);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 2);
  g_assert_cmpuint (notified (&log, "stock"), ==, 1);
  vitrine_product_add_variant (product, medium);
  /* 2 + 0: no change, no notification. */
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 2);
  g_assert_cmpuint (notified (&log, "stock"), ==, 1);
  vitrine_product_add_variant (product, large);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 7);
  g_assert_cmpuint (notified (&log, "stock"), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_get_variants (product)), ==, 3);

  g_assert_true (vitrine_product_find_variant (product, "TEE-M") == medium);
  g_assert_null (vitrine_product_find_variant (product, "tee-m"));

  /* A variant's stock change moves the product's. */
  vitrine_product_variant_set_stock (large, 4);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 6);
  g_assert_cmpuint (notified (&log, "stock"), ==, 3);

  /* One variant not counted: the product can always be sold. */
  vitrine_product_variant_set_stock (medium, -1);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, -1);
  g_assert_false (vitrine_product_is_sold_out (product));
  vitrine_product_variant_set_stock (medium, 0);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 6);

  /* Sold out when every variant is. */
  vitrine_product_variant_set_stock (small, 0);
  vitrine_product_variant_set_stock (large, 0);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 0);
  g_assert_true (vitrine_product_is_sold_out (product));

  g_hash_table_unref (log.counts);
}

static void
test_take_stock (void)
{
  g_autoptr(VitrineProduct) serum = vitrine_product_new ("serum", "A3", "SER-1");
  g_autoptr(VitrineProduct) tripod = vitrine_product_new ("tripod", "A4", "TRI-1");
  g_autoptr(VitrineProduct) tee = vitrine_product_new ("tee", "A5", NULL);
  g_autoptr(VitrineProductVariant) small = make_variant ("TEE-S", "S", 1999, 2);
  g_autoptr(VitrineProductVariant) medium = make_variant ("TEE-M", "M", 1999, 1);
  NotifyLog log = { g_hash_table_new (g_str_hash, g_str_equal) };

  /* "Only 3 left": two orders of 2 take 2 and then the last 1. */
  vitrine_product_set_stock (serum, 3);
  g_signal_connect (serum, "notify", G_CALLBACK (notify_cb), &log);
  g_assert_cmpint (vitrine_product_take_stock (serum, NULL, 2), ==, 2);
  g_assert_cmpint (vitrine_product_get_stock (serum), ==, 1);
  g_assert_false (vitrine_product_is_sold_out (serum));
  g_assert_cmpint (vitrine_product_take_stock (serum, NULL, 2), ==, 1);
  g_assert_cmpint (vitrine_product_get_stock (serum), ==, 0);
  g_assert_true (vitrine_product_is_sold_out (serum));
  g_assert_cmpint (vitrine_product_take_stock (serum, NULL, 1), ==, 0);
  g_assert_cmpint (vitrine_product_take_stock (serum, NULL, 0), ==, 0);
  g_assert_cmpint (vitrine_product_get_stock (serum), ==, 0);
  /* 3 → 1 → 0: two notifications, none for taking nothing. */
  g_assert_cmpuint (notified (&log, "stock"), ==, 2);

  /* Not counted: every order is served, nothing changes. */
  g_assert_cmpint (vitrine_product_take_stock (tripod, NULL, 50), ==, 50);
  g_assert_cmpint (vitrine_product_get_stock (tripod), ==, -1);

  vitrine_product_add_variant (tee, small);
  vitrine_product_add_variant (tee, medium);
  g_assert_cmpint (vitrine_product_take_stock (tee, medium, 3), ==, 1);
  g_assert_cmpint (vitrine_product_variant_get_stock (medium), ==, 0);
  g_assert_cmpint (vitrine_product_variant_get_stock (small), ==, 2);
  g_assert_cmpint (vitrine_product_get_stock (tee), ==, 2);
  g_assert_cmpint (vitrine_product_take_stock (tee, small, 2), ==, 2);
  g_assert_true (vitrine_product_is_sold_out (tee));

  g_hash_table_unref (log.counts);
}

/* A product with variants needs the variant; a foreign variant is refused. */
static void
test_take_stock_misuse (void)
{
  g_autoptr(VitrineProduct) tee = vitrine_product_new ("tee", "A5", NULL);
  g_autoptr(VitrineProduct) other = vitrine_product_new ("other", "A6", NULL);
  g_autoptr(VitrineProductVariant) small = make_variant ("TEE-S", "S", 1999, 2);
  g_autoptr(VitrineProductVariant) foreign = make_variant ("X-S", "S", 1999, 2);

  vitrine_product_add_variant (tee, small);
  vitrine_product_add_variant (other, foreign);

  g_test_expect_message ("vitrine-product", G_LOG_LEVEL_CRITICAL, "*n_items*");
  g_assert_cmpint (vitrine_product_take_stock (tee, NULL, 1), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("vitrine-product", G_LOG_LEVEL_CRITICAL, "*has_variant*");
  g_assert_cmpint (vitrine_product_take_stock (tee, foreign, 1), ==, 0);
  g_test_assert_expected_messages ();

  /* Stock of a product with variants is theirs. */
  g_test_expect_message ("vitrine-product", G_LOG_LEVEL_CRITICAL, "*n_items*");
  vitrine_product_set_stock (tee, 5);
  g_test_assert_expected_messages ();

  g_assert_cmpint (vitrine_product_variant_get_stock (small), ==, 2);
  g_assert_cmpint (vitrine_product_variant_get_stock (foreign), ==, 2);
}

static void
set_prices (VitrineProduct *product,
            gint64          price,
            gint64          compare_at)
{
  VitrineMoney money = eur (price);
  VitrineMoney compare = eur (compare_at);

  vitrine_product_set_price (product, &money);
  vitrine_product_set_compare_at_price (product, &compare);
}

static void
test_discount (void)
{
  g_autoptr(VitrineProduct) product = vitrine_product_new ("p", "A1", NULL);
  VitrineMoney dollars;

  /* Rounded down, so the badge never promises more than the real saving. */
  set_prices (product, 7499, 9999);    /* 25.0025 % */
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 25);
  set_prices (product, 999, 1499);     /* 33.36 % */
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 33);
  set_prices (product, 2490, 2990);    /* 16.7 % */
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 16);
  set_prices (product, 1500, 2000);    /* exactly 25 % */
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 25);
  set_prices (product, 1, 3);          /* 66.67 % */
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 66);
  set_prices (product, 0, 1000);       /* free */
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 100);
  set_prices (product, 9995, 10000);   /* 0.05 %: no badge */
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 0);

  /* No reduction at all. */
  set_prices (product, 1999, 0);
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 0);
  set_prices (product, 1999, 1999);
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 0);
  set_prices (product, 1999, 999);
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 0);

  /* Amounts where × 100 would overflow 64 bits. */
  set_prices (product, G_MAXINT64 / 4, G_MAXINT64);
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 75);
  set_prices (product, 0, G_MAXINT64);
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 100);
  set_prices (product, G_MAXINT64 - 1, G_MAXINT64);
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 0);

  /* Different currencies cannot be compared. */
  set_prices (product, 1500, 2000);
  g_assert_true (vitrine_money_init (&dollars, 2000, "USD"));
  vitrine_product_set_compare_at_price (product, &dollars);
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 0);
}

static void
test_variant (void)
{
  g_autoptr(VitrineProductVariant) variant = vitrine_product_variant_new ("v1", NULL);
  NotifyLog log = { g_hash_table_new (g_str_hash, g_str_equal) };
  const char *options[] = { "Red", "M", NULL };
  VitrineMoney price = eur (2999);

  g_assert_cmpstr (vitrine_product_variant_get_id (variant), ==, "v1");
  g_assert_null (vitrine_product_variant_get_sku (variant));
  g_assert_cmpint (vitrine_product_variant_get_stock (variant), ==, -1);
  g_assert_null (vitrine_product_variant_get_options (variant)[0]);

  g_signal_connect (variant, "notify", G_CALLBACK (notify_cb), &log);
  vitrine_product_variant_set_title (variant, "Red / M");
  vitrine_product_variant_set_title (variant, "Red / M");
  vitrine_product_variant_set_options (variant, options);
  vitrine_product_variant_set_options (variant, options);
  vitrine_product_variant_set_price (variant, &price);
  vitrine_product_variant_set_price (variant, &price);
  vitrine_product_variant_set_compare_at_price (variant, &price);
  vitrine_product_variant_set_compare_at_price (variant, &price);
  vitrine_product_variant_set_stock (variant, 4);
  vitrine_product_variant_set_stock (variant, 4);
  g_assert_cmpuint (notified (&log, "title"), ==, 1);
  g_assert_cmpuint (notified (&log, "options"), ==, 1);
  g_assert_cmpuint (notified (&log, "price"), ==, 1);
  g_assert_cmpuint (notified (&log, "compare-at-price"), ==, 1);
  g_assert_cmpuint (notified (&log, "stock"), ==, 1);
  g_assert_cmpstr (vitrine_product_variant_get_options (variant)[1], ==, "M");
  g_assert_cmpint (vitrine_product_variant_get_price (variant)->amount, ==, 2999);

  g_hash_table_unref (log.counts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/product/defaults", test_defaults);
  g_test_add_func ("/product/code-is-valid", test_code_is_valid);
  g_test_add_func ("/product/notify", test_notify);
  g_test_add_func ("/product/properties", test_properties);
  g_test_add_func ("/product/variants-stock", test_variants_stock);
  g_test_add_func ("/product/take-stock", test_take_stock);
  g_test_add_func ("/product/take-stock-misuse", test_take_stock_misuse);
  g_test_add_func ("/product/discount", test_discount);
  g_test_add_func ("/product/variant", test_variant);
  return g_test_run ();
}

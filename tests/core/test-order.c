/* test-order.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order model: how a customer is named on stream, what an order does to
 * the catalog's stock (once, whatever comes back later), and the cursor that
 * lets polling resume after a restart without duplicates or gaps.
 */

#include <string.h>

#include "vitrine-order.h"

static VitrineMoney
usd (gint64 cents)
{
  VitrineMoney money;

  g_assert_true (vitrine_money_init (&money, cents, "USD"));
  return money;
}

static GDateTime *
utc (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return time;
}

static VitrineOrder *
make_order (const char         *id,
            VitrineOrderStatus  status)
{
  VitrineOrder *order = vitrine_order_new ("shopify", id);
  g_autoptr(GDateTime) time = utc ("2026-11-21T19:05:33Z");

  vitrine_order_set_status (order, status);
  vitrine_order_set_created_at (order, time);
  vitrine_order_set_updated_at (order, time);
  return order;
}

static void
add_line (VitrineOrder *order,
          const char   *sku,
          const char   *product_id,
          const char   *variant_id,
          gint64        quantity)
{
  g_autoptr(VitrineOrderLineItem) line = vitrine_order_line_item_new ();

  line->sku = g_strdup (sku);
  line->product_id = g_strdup (product_id);
  line->variant_id = g_strdup (variant_id);
  line->title = g_strdup (sku ? sku : "Item");
  line->quantity = quantity;
  line->unit_price = usd (2900);
  vitrine_order_add_line_item (order, line);
}

static void
test_customer (void)
{
  g_autoptr(VitrineOrder) order = vitrine_order_new ("shopify", "gid://shopify/Order/1");
  g_autoptr(GString) huge = g_string_new (NULL);
  const char *name;

  vitrine_order_set_customer (order, "Ana", "Pérez");
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "Ana P.");

  /* Only the initial of the last name, upper case, whatever it starts with. */
  vitrine_order_set_customer (order, "Jörg", " müller");
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "Jörg M.");
  vitrine_order_set_customer (order, "ليلى", "حسن");
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "ليلى ح.");

  /* Markup stays text (never parsed); bidi overrides and zero-width go. */
  vitrine_order_set_customer (order, "<b>Eve</b>\xe2\x80\xae" "gnp", "\xe2\x80\x8bzed");
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "<b>Eve</b>gnp Z.");

  /* Invalid UTF-8 and control characters. */
  vitrine_order_set_customer (order, "Bo\xff\x01" "b", NULL);
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "Bo\xef\xbf\xbd b");

  /* An e-mail address is never shown on stream. */
  vitrine_order_set_customer (order, "ana.p@example.com", NULL);
  g_assert_null (vitrine_order_get_customer (order));
  vitrine_order_set_customer (order, NULL, "Pérez");
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "P.");
  vitrine_order_set_customer (order, "  ", NULL);
  g_assert_null (vitrine_order_get_customer (order));

  vitrine_order_set_customer_display_name (order, "Ana María Pérez");
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "Ana María P.");
  vitrine_order_set_customer_display_name (order, "Cher");
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "Cher");
  vitrine_order_set_customer_display_name (order, "ana.p@example.com");
  g_assert_null (vitrine_order_get_customer (order));

  /* A 10 kB name is capped. */
  for (guint i = 0; i < 10240; i++)
    g_string_append_c (huge, 'a');
  vitrine_order_set_customer (order, huge->str, "Zed");
  name = vitrine_order_get_customer (order);
  g_assert_cmpuint (g_utf8_strlen (name, -1), <=, 44);
  g_assert_true (g_str_has_prefix (name, "aaaa"));
}

static void
test_fields (void)
{
  g_autoptr(VitrineOrder) order = make_order ("gid://shopify/Order/9007199254740993",
                                              VITRINE_ORDER_STATUS_PAID);
  VitrineMoney total = usd (6264);

  g_assert_cmpstr (vitrine_order_get_id (order), ==, "gid://shopify/Order/9007199254740993");
  g_assert_cmpstr (vitrine_order_get_key (order), ==,
                   "shopify:gid://shopify/Order/9007199254740993");
  g_assert_cmpstr (vitrine_order_get_platform (order), ==, "shopify");
  /* Without a name, the id is what there is. */
  g_assert_cmpstr (vitrine_order_get_name (order), ==, "gid://shopify/Order/9007199254740993");
  {
    g_autoptr(VitrineOrder) odd = vitrine_order_new ("shopify", "gid:/\xe2\x80\xae" "opify/1\n");

    /* The id stays exact; shown in place of a name, it is sanitised. */
    g_assert_cmpstr (vitrine_order_get_id (odd), ==, "gid:/\xe2\x80\xae" "opify/1\n");
    g_assert_cmpstr (vitrine_order_get_name (odd), ==, "gid:/opify/1");
  }
  vitrine_order_set_name (order, "#1042\xe2\x80\xae");
  g_assert_cmpstr (vitrine_order_get_name (order), ==, "#1042");

  g_assert_null (vitrine_order_get_total (order));
  vitrine_order_set_total (order, &total);
  g_assert_true (vitrine_money_equal (vitrine_order_get_total (order), &total));

  add_line (order, "SCARF-BLU-M", NULL, NULL, 2);
  add_line (order, "BEANIE", NULL, NULL, 1);
  g_assert_cmpint (vitrine_order_get_n_units (order), ==, 3);
  {
    g_autofree char *lines = vitrine_order_describe_lines (order);

    g_assert_cmpstr (lines, ==, "2 × SCARF-BLU-M, 1 × BEANIE");
  }
  for (guint i = 0; i < 4; i++)
    add_line (order, "X", NULL, NULL, 1);
  {
    g_autofree char *lines = vitrine_order_describe_lines (order);

    g_assert_cmpstr (lines, ==, "2 × SCARF-BLU-M, 1 × BEANIE, 1 × X, 1 × X, + 2 more");
  }

  g_assert_true (vitrine_order_holds_stock (order));
  vitrine_order_set_status (order, VITRINE_ORDER_STATUS_AWAITING_PAYMENT);
  g_assert_false (vitrine_order_holds_stock (order));
  vitrine_order_set_status (order, VITRINE_ORDER_STATUS_CANCELLED);
  g_assert_false (vitrine_order_holds_stock (order));
  vitrine_order_set_status (order, VITRINE_ORDER_STATUS_PARTIALLY_REFUNDED);
  g_assert_true (vitrine_order_holds_stock (order));
}

typedef struct
{
  VitrineCatalog        *catalog;
  VitrineProduct        *scarf;    /* variants SCARF-BLU-M (5), SCARF-RED-M (1) */
  VitrineProductVariant *blue;
  VitrineProductVariant *red;
  VitrineProduct        *mug;      /* no variants, no SKU, stock 3 */
  VitrineProduct        *beanie;   /* own SKU, stock 2 */
} Shop;

static void
shop_init (Shop *shop)
{
  VitrineMoney price = usd (2900);

  shop->catalog = vitrine_catalog_new ();
  shop->scarf = vitrine_product_new ("gid://shopify/Product/8812345678901", "A12", NULL);
  vitrine_product_set_title (shop->scarf, "Wool scarf");
  vitrine_product_set_price (shop->scarf, &price);
  shop->blue = vitrine_product_variant_new ("gid://shopify/ProductVariant/45123456789012",
                                            "SCARF-BLU-M");
  vitrine_product_variant_set_price (shop->blue, &price);
  vitrine_product_variant_set_stock (shop->blue, 5);
  shop->red = vitrine_product_variant_new ("gid://shopify/ProductVariant/9007199254740993",
                                           "SCARF-RED-M");
  vitrine_product_variant_set_price (shop->red, &price);
  vitrine_product_variant_set_stock (shop->red, 1);
  vitrine_product_add_variant (shop->scarf, shop->blue);
  vitrine_product_add_variant (shop->scarf, shop->red);
  g_assert_true (vitrine_catalog_add (shop->catalog, shop->scarf, NULL));

  shop->mug = vitrine_product_new ("gid://shopify/Product/9007199254740995", "B1", NULL);
  vitrine_product_set_price (shop->mug, &price);
  vitrine_product_set_stock (shop->mug, 3);
  g_assert_true (vitrine_catalog_add (shop->catalog, shop->mug, NULL));

  shop->beanie = vitrine_product_new ("beanie", "B2", "BEANIE");
  vitrine_product_set_price (shop->beanie, &price);
  vitrine_product_set_stock (shop->beanie, 2);
  g_assert_true (vitrine_catalog_add (shop->catalog, shop->beanie, NULL));
}

static void
shop_clear (Shop *shop)
{
  g_clear_object (&shop->blue);
  g_clear_object (&shop->red);
  g_clear_object (&shop->scarf);
  g_clear_object (&shop->mug);
  g_clear_object (&shop->beanie);
  g_clear_object (&shop->catalog);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_apply (void)
{
  Shop shop = { 0 };
  g_autoptr(GHashTable) applied = vitrine_order_applied_set_new ();
  g_autoptr(GPtrArray) unmatched =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_order_line_item_free);
  g_autoptr(VitrineOrder) order = make_order ("gid://shopify/Order/6021548310587",
                                              VITRINE_ORDER_STATUS_PAID);
  g_autoptr(VitrineOrder) updated = make_order ("gid://shopify/Order/6021548310587",
                                                VITRINE_ORDER_STATUS_PAID);
  guint beanie_notified = 0;
  const VitrineOrderLineItem *ghost;

  shop_init (&shop);
  g_signal_connect (shop.beanie, "notify::stock", G_CALLBACK (count_notify_cb), &beanie_notified);

  add_line (order, "SCARF-BLU-M", "gid://shopify/Product/8812345678901",
            "gid://shopify/ProductVariant/45123456789012", 2);
  /* No SKU: matched by product id (a 64-bit id, compared as text). */
  add_line (order, NULL, "gid://shopify/Product/9007199254740995", NULL, 1);
  /* No SKU on a product with variants: matched by the variant's id. */
  add_line (order, NULL, "gid://shopify/Product/8812345678901",
            "gid://shopify/ProductVariant/9007199254740993", 1);
  add_line (order, "BEANIE", NULL, NULL, 2);
  /* Unknown everywhere: reported, not a crash. */
  add_line (order, "GHOST-1", "gid://shopify/Product/1", NULL, 4);
  /* A product with variants but no variant named: does not guess. */
  add_line (order, NULL, "gid://shopify/Product/8812345678901", NULL, 1);

  g_assert_true (vitrine_order_apply_to_catalog (order, shop.catalog, applied, unmatched));
  g_assert_cmpint (vitrine_product_variant_get_stock (shop.blue), ==, 3);
  g_assert_cmpint (vitrine_product_variant_get_stock (shop.red), ==, 0);
  g_assert_cmpint (vitrine_product_get_stock (shop.scarf), ==, 3);
  g_assert_cmpint (vitrine_product_get_stock (shop.mug), ==, 2);
  g_assert_cmpint (vitrine_product_get_stock (shop.beanie), ==, 0);
  /* The card follows: a notification, and SOLD OUT. */
  g_assert_cmpuint (beanie_notified, ==, 1);
  g_assert_true (vitrine_product_is_sold_out (shop.beanie));
  g_assert_false (vitrine_product_is_sold_out (shop.scarf));

  g_assert_cmpuint (unmatched->len, ==, 2);
  ghost = g_ptr_array_index (unmatched, 0);
  g_assert_cmpstr (ghost->sku, ==, "GHOST-1");
  g_assert_cmpint (ghost->quantity, ==, 4);
  ghost = g_ptr_array_index (unmatched, 1);
  g_assert_null (ghost->sku);
  g_assert_null (ghost->variant_id);
  g_assert_true (g_hash_table_contains (applied,
                                        "shopify:gid://shopify/Order/6021548310587"));

  /* The same order again, and updated later (even with more lines): never
   * twice. */
  g_ptr_array_set_size (unmatched, 0);
  g_assert_false (vitrine_order_apply_to_catalog (order, shop.catalog, applied, unmatched));
  add_line (updated, "SCARF-BLU-M", NULL, NULL, 3);
  g_assert_false (vitrine_order_apply_to_catalog (updated, shop.catalog, applied, unmatched));
  g_assert_cmpint (vitrine_product_variant_get_stock (shop.blue), ==, 3);
  g_assert_cmpuint (unmatched->len, ==, 0);
  /* An order refunded later puts nothing back. */
  vitrine_order_set_status (updated, VITRINE_ORDER_STATUS_REFUNDED);
  g_assert_false (vitrine_order_apply_to_catalog (updated, shop.catalog, applied, unmatched));
  g_assert_cmpint (vitrine_product_variant_get_stock (shop.blue), ==, 3);

  /* More than in stock: down to 0, no further. */
  {
    g_autoptr(VitrineOrder) big = make_order ("gid://shopify/Order/2", VITRINE_ORDER_STATUS_PAID);

    add_line (big, "SCARF-BLU-M", NULL, NULL, 10);
    g_assert_true (vitrine_order_apply_to_catalog (big, shop.catalog, applied, NULL));
    g_assert_cmpint (vitrine_product_variant_get_stock (shop.blue), ==, 0);
    g_assert_true (vitrine_product_is_sold_out (shop.scarf));
  }

  shop_clear (&shop);
}

static void
test_apply_status (void)
{
  Shop shop = { 0 };
  g_autoptr(GHashTable) applied = vitrine_order_applied_set_new ();
  g_autoptr(VitrineOrder) cancelled = make_order ("4810", VITRINE_ORDER_STATUS_CANCELLED);
  g_autoptr(VitrineOrder) failed = make_order ("4811", VITRINE_ORDER_STATUS_FAILED);
  g_autoptr(VitrineOrder) pending = make_order ("4812", VITRINE_ORDER_STATUS_AWAITING_PAYMENT);
  g_autoptr(VitrineOrder) paid = make_order ("4812", VITRINE_ORDER_STATUS_PAID);
  g_autoptr(VitrineOrder) completed = make_order ("4812", VITRINE_ORDER_STATUS_PAID);

  shop_init (&shop);
  add_line (cancelled, "SCARF-BLU-M", NULL, NULL, 1);
  add_line (failed, "SCARF-BLU-M", NULL, NULL, 1);
  add_line (pending, "SCARF-BLU-M", NULL, NULL, 2);
  add_line (paid, "SCARF-BLU-M", NULL, NULL, 2);
  add_line (completed, "SCARF-BLU-M", NULL, NULL, 2);

  /* First seen cancelled or failed: nothing taken. */
  g_assert_false (vitrine_order_apply_to_catalog (cancelled, shop.catalog, applied, NULL));
  g_assert_false (vitrine_order_apply_to_catalog (failed, shop.catalog, applied, NULL));
  /* Awaiting payment: nothing yet, and not remembered… */
  g_assert_false (vitrine_order_apply_to_catalog (pending, shop.catalog, applied, NULL));
  g_assert_cmpint (vitrine_product_variant_get_stock (shop.blue), ==, 5);
  g_assert_cmpuint (g_hash_table_size (applied), ==, 0);
  /* …so that it takes stock once paid, and only then. */
  g_assert_true (vitrine_order_apply_to_catalog (paid, shop.catalog, applied, NULL));
  g_assert_false (vitrine_order_apply_to_catalog (completed, shop.catalog, applied, NULL));
  g_assert_cmpint (vitrine_product_variant_get_stock (shop.blue), ==, 3);

  /* Another platform's order with the same number is another order. */
  {
    g_autoptr(VitrineOrder) woo = vitrine_order_new ("woocommerce", "4812");

    vitrine_order_set_status (woo, VITRINE_ORDER_STATUS_PAID);
    add_line (woo, "SCARF-BLU-M", NULL, NULL, 1);
    g_assert_true (vitrine_order_apply_to_catalog (woo, shop.catalog, applied, NULL));
    g_assert_cmpint (vitrine_product_variant_get_stock (shop.blue), ==, 2);
  }

  shop_clear (&shop);
}

static void
test_cursor (void)
{
  g_autoptr(GDateTime) since = utc ("2026-11-21T19:00:00.750Z");
  g_autoptr(VitrineOrderCursor) cursor = vitrine_order_cursor_new (since);
  g_autoptr(GDateTime) t33 = utc ("2026-11-21T19:05:33Z");
  g_autoptr(GDateTime) t40 = utc ("2026-11-21T19:05:40Z");
  g_autoptr(GDateTime) before = utc ("2026-11-21T18:59:59Z");
  g_autoptr(GDateTime) local = utc ("2026-11-21T14:05:40-05:00");
  g_autofree char *floor = NULL;

  /* Whole seconds, down: the floor is inclusive. */
  floor = g_date_time_format_iso8601 (vitrine_order_cursor_get_floor (cursor));
  g_assert_cmpstr (floor, ==, "2026-11-21T19:00:00Z");
  g_assert_null (vitrine_order_cursor_get_newest (cursor));

  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "a", before), ==, VITRINE_ORDER_VERSION_OLD);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "a", t33), ==, VITRINE_ORDER_VERSION_FIRST);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "a", t33), ==, VITRINE_ORDER_VERSION_OLD);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "b", t33), ==, VITRINE_ORDER_VERSION_FIRST);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "a", t40), ==, VITRINE_ORDER_VERSION_NEWER);
  /* The same instant in another zone is the same version. */
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "a", local), ==, VITRINE_ORDER_VERSION_OLD);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "a", t33), ==, VITRINE_ORDER_VERSION_OLD);
  g_assert_cmpuint (vitrine_order_cursor_get_n_seen (cursor), ==, 2);

  vitrine_order_cursor_set_mark (cursor, "a", 3);
  vitrine_order_cursor_set_mark (cursor, "nobody", 3);
  g_assert_cmpuint (vitrine_order_cursor_get_mark (cursor, "a"), ==, 3);
  g_assert_cmpuint (vitrine_order_cursor_get_mark (cursor, "b"), ==, 0);
  g_assert_cmpuint (vitrine_order_cursor_get_mark (cursor, "nobody"), ==, 0);

  /* Overlap 5 s from the newest (19:05:40): b (19:05:33, marked) is
   * forgotten, d (19:05:33, mark 0: its connector still waits on it) is not;
   * anything older than 19:05:35 is old. */
  vitrine_order_cursor_set_mark (cursor, "b", 1);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "d", t33), ==, VITRINE_ORDER_VERSION_FIRST);
  vitrine_order_cursor_advance (cursor, 5);
  g_clear_pointer (&floor, g_free);
  floor = g_date_time_format_iso8601 (vitrine_order_cursor_get_floor (cursor));
  g_assert_cmpstr (floor, ==, "2026-11-21T19:05:35Z");
  g_assert_cmpuint (vitrine_order_cursor_get_n_seen (cursor), ==, 2);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "b", t33), ==, VITRINE_ORDER_VERSION_OLD);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "d", t33), ==, VITRINE_ORDER_VERSION_OLD);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "d", t40), ==, VITRINE_ORDER_VERSION_NEWER);
  /* The newest second itself is asked again; what was seen there is known. */
  vitrine_order_cursor_advance (cursor, 0);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "a", t40), ==, VITRINE_ORDER_VERSION_OLD);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "c", t40), ==, VITRINE_ORDER_VERSION_FIRST);
  /* The floor never goes back. */
  vitrine_order_cursor_advance (cursor, 3600);
  g_clear_pointer (&floor, g_free);
  floor = g_date_time_format_iso8601 (vitrine_order_cursor_get_floor (cursor));
  g_assert_cmpstr (floor, ==, "2026-11-21T19:05:40Z");
}

static void
test_cursor_string (void)
{
  g_autoptr(GDateTime) since = utc ("2026-11-21T19:00:00Z");
  g_autoptr(VitrineOrderCursor) cursor = vitrine_order_cursor_new (since);
  g_autoptr(VitrineOrderCursor) copy = NULL;
  g_autoptr(VitrineOrderCursor) read = NULL;
  g_autoptr(GDateTime) t33 = utc ("2026-11-21T19:05:33Z");
  g_autoptr(GDateTime) t33_5 = utc ("2026-11-21T19:05:33.500Z");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *copied = NULL;
  static const char *bad[] = {
    "", "{", "[]", "null", "{\"version\":2}", "{\"version\":\"1\"}",
    "{\"version\":1,\"since\":\"yesterday\",\"floor\":\"2026-11-21T19:00:00Z\",\"seen\":{}}",
    "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\",\"floor\":\"2026-11-21T19:00:00Z\"}",
    "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\",\"floor\":\"2026-11-21T19:00:00Z\","
      "\"seen\":{\"a\":\"2026-11-21T19:00:00Z\"}}",
    "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\",\"floor\":\"2026-11-21T19:00:00Z\","
      "\"seen\":{\"a\":[\"2026-11-21T19:00:00Z\",-1]}}",
    "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\",\"floor\":\"2026-11-21T19:00:00Z\","
      "\"seen\":{\"a\":[\"2026-11-21T19:00:00Z\",1.5]}}",
    "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\",\"floor\":\"2026-11-21T19:00:00Z\","
      "\"seen\":{\"a\":[\"2026-11-21T19:00:00Z\"]}}",
    "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\",\"floor\":\"2026-11-21T19:00:00Z\","
      "\"seen\":{\"\":[\"2026-11-21T19:00:00Z\",0]}}",
    "\xff\xfe{}",
    "{}{}",
    /* json-glib reads "\373" as the byte 0xFB: an id that is not UTF-8. */
    "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\",\"floor\":\"2026-11-21T19:00:00Z\","
      "\"seen\":{\"b\\373\":[\"2026-11-21T19:00:00Z\",0]}}",
  };

  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "gid://shopify/Order/9007199254740993",
                                               t33), ==, VITRINE_ORDER_VERSION_FIRST);
  g_assert_cmpint (vitrine_order_cursor_admit (cursor, "b\"\\\n✨", t33_5), ==,
                   VITRINE_ORDER_VERSION_FIRST);
  vitrine_order_cursor_set_mark (cursor, "b\"\\\n✨", 7);

  text = vitrine_order_cursor_to_string (cursor);
  g_assert_cmpstr (text, ==,
                   "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\","
                   "\"floor\":\"2026-11-21T19:00:00Z\",\"newest\":\"2026-11-21T19:05:33.500000Z\","
                   "\"seen\":{\"b\\\"\\\\\\n✨\":[\"2026-11-21T19:05:33.500000Z\",7],"
                   "\"gid://shopify/Order/9007199254740993\":[\"2026-11-21T19:05:33Z\",0]}}");

  read = vitrine_order_cursor_new_from_string (text, &error);
  g_assert_no_error (error);
  again = vitrine_order_cursor_to_string (read);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpuint (vitrine_order_cursor_get_mark (read, "b\"\\\n✨"), ==, 7);
  g_assert_cmpint (vitrine_order_cursor_admit (read, "gid://shopify/Order/9007199254740993",
                                               t33), ==, VITRINE_ORDER_VERSION_OLD);
  g_assert_cmpint (vitrine_order_cursor_admit (read, "b\"\\\n✨", t33_5), ==,
                   VITRINE_ORDER_VERSION_OLD);

  copy = vitrine_order_cursor_copy (cursor);
  copied = vitrine_order_cursor_to_string (copy);
  g_assert_cmpstr (copied, ==, text);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VitrineOrderCursor) nothing = vitrine_order_cursor_new_from_string (bad[i],
                                                                                    &error);

      g_test_message ("bad cursor %u", i);
      g_assert_null (nothing);
      g_assert_error (error, VITRINE_ORDER_ERROR, VITRINE_ORDER_ERROR_INVALID_CURSOR);
      g_clear_error (&error);
    }

  /* Marked entries below the floor are dropped; a floor below the start is
   * raised. */
  {
    g_autoptr(VitrineOrderCursor) old = vitrine_order_cursor_new_from_string (
      "{\"version\":1,\"since\":\"2026-11-21T19:00:00Z\",\"floor\":\"2026-11-21T18:00:00Z\","
      "\"seen\":{\"a\":[\"2026-11-21T18:30:00Z\",1],\"b\":[\"2026-11-21T19:00:00Z\",2],"
      "\"c\":[\"2026-11-21T18:30:00Z\",0]}}",
      &error);
    g_autofree char *floor = NULL;

    g_assert_no_error (error);
    floor = g_date_time_format_iso8601 (vitrine_order_cursor_get_floor (old));
    g_assert_cmpstr (floor, ==, "2026-11-21T19:00:00Z");
    g_assert_cmpuint (vitrine_order_cursor_get_n_seen (old), ==, 2);
    g_assert_cmpuint (vitrine_order_cursor_get_mark (old, "b"), ==, 2);
    g_assert_cmpint (vitrine_order_cursor_admit (old, "c", t33), ==, VITRINE_ORDER_VERSION_NEWER);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/order/customer", test_customer);
  g_test_add_func ("/order/fields", test_fields);
  g_test_add_func ("/order/apply", test_apply);
  g_test_add_func ("/order/apply-status", test_apply_status);
  g_test_add_func ("/order/cursor", test_cursor);
  g_test_add_func ("/order/cursor-string", test_cursor_string);

  return g_test_run ();
}

// sources: src/feed/vitrine-shopify-orders.c src/feed/vitrine-product-sync.c src/feed/vitrine-feed-source.c src/feed/vitrine-feed-item.c src/feed/vitrine-feed-error.c src/core/vitrine-order.c src/core/vitrine-catalog.c src/core/vitrine-catalog-import.c src/core/vitrine-catalog-import-csv.c src/core/vitrine-catalog-import-json.c src/core/vitrine-product.c src/core/vitrine-product-variant.c src/core/vitrine-money.c src/core/vitrine-secrets.c src/core/vitrine-json-guard.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 libsecret-1 icu-uc icu-i18n
/* fuzz-shopify-orders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the Shopify order readers
 * (src/feed/vitrine-shopify-orders.c): the input is one HTTP body, read as
 * an answer of the Admin GraphQL `orders` query
 * (vitrine_shopify_orders_parse_page()), as an `orders/create` webhook
 * (vitrine_shopify_order_from_webhook()) and checked against a signature
 * (vitrine_shopify_webhook_verify()). Every order that comes out is checked
 * the way the feed and the catalog use it: ids and texts valid UTF-8,
 * shown texts capped and free of bidi overrides, quantities not negative,
 * times present, money in a known currency; then it goes through a cursor
 * and a catalog, as the connector would send it. Run by
 * tests/fuzz/run-fuzzers.sh.
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-shopify-orders.h"

static VitrineCatalog *catalog;

static void
check_shown (const char *text,
             glong       max_chars)
{
  if (text == NULL)
    return;
  g_assert (g_utf8_validate (text, -1, NULL));
  /* The cap, an ellipsis, and one more: vitrine_feed_sanitize_text() lets a
   * space and the next character in at the cap (reported). */
  g_assert (g_utf8_strlen (text, -1) <= max_chars + 2);
  g_assert (strstr (text, "\xe2\x80\xae") == NULL);
  g_assert (strchr (text, '\n') == NULL);
}

static void
check_money (const VitrineMoney *money)
{
  if (money == NULL || money->currency[0] == '\0')
    return;
  g_assert (vitrine_currency_is_known (money->currency));
  g_assert (money->amount >= 0);
}

static void
check_order (VitrineOrder       *order,
             VitrineOrderCursor *cursor)
{
  g_autofree char *lines = vitrine_order_describe_lines (order);
  g_autoptr(GPtrArray) unmatched =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_order_line_item_free);
  g_autoptr(GHashTable) applied = vitrine_order_applied_set_new ();
  const char *id = vitrine_order_get_id (order);

  g_assert (id != NULL && id[0] != '\0' && g_utf8_validate (id, -1, NULL));
  g_assert (g_strcmp0 (vitrine_order_get_platform (order), "shopify") == 0);
  g_assert (vitrine_order_get_updated_at (order) != NULL);
  g_assert (vitrine_order_get_created_at (order) != NULL);
  check_shown (vitrine_order_get_name (order), 41);
  check_shown (vitrine_order_get_customer (order), 45);
  check_shown (vitrine_order_get_financial_status (order), 41);
  check_money (vitrine_order_get_total (order));
  g_assert (g_utf8_validate (lines, -1, NULL));
  g_assert (vitrine_order_get_status (order) <= VITRINE_ORDER_STATUS_FAILED);
  g_assert (vitrine_order_get_n_units (order) >= 0);

  for (guint i = 0; i < vitrine_order_get_n_line_items (order); i++)
    {
      const VitrineOrderLineItem *line = vitrine_order_get_line_item (order, i);

      g_assert (line->quantity >= 0);
      check_shown (line->title, 201);
      check_money (&line->unit_price);
      g_assert (line->sku == NULL || g_utf8_validate (line->sku, -1, NULL));
      g_assert (line->product_id == NULL || g_utf8_validate (line->product_id, -1, NULL));
      g_assert (line->variant_id == NULL || g_utf8_validate (line->variant_id, -1, NULL));
    }

  /* As the connector and the app would use it. */
  vitrine_order_cursor_admit (cursor, id, vitrine_order_get_updated_at (order));
  vitrine_order_cursor_set_mark (cursor, id, vitrine_order_get_status (order) + 1);
  if (vitrine_order_apply_to_catalog (order, catalog, applied, unmatched))
    g_assert (g_hash_table_contains (applied, vitrine_order_get_key (order)));
  g_assert (!vitrine_order_apply_to_catalog (order, catalog, applied, NULL));
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new_static (data, size);
  g_autoptr(VitrineShopifyOrdersPage) page = NULL;
  g_autoptr(VitrineOrder) webhook = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 11, 21, 19, 0, 0);
  g_autoptr(VitrineOrderCursor) cursor = vitrine_order_cursor_new (since);
  g_autoptr(VitrineOrderCursor) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) webhook_error = NULL;
  g_autofree char *header = g_strndup ((const char *) data, MIN (size, 64));
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  if (catalog == NULL)
    {
      g_autoptr(VitrineProduct) scarf = vitrine_product_new ("gid://shopify/Product/8812345678901",
                                                             "A12", NULL);
      g_autoptr(VitrineProductVariant) blue =
        vitrine_product_variant_new ("gid://shopify/ProductVariant/45123456789012", "SCARF-BLU-M");
      g_autoptr(VitrineProduct) mug = vitrine_product_new ("gid://shopify/Product/1", "B1", "MUG");

      catalog = vitrine_catalog_new ();
      vitrine_product_variant_set_stock (blue, 1000000);
      vitrine_product_add_variant (scarf, blue);
      vitrine_product_set_stock (mug, 5);
      vitrine_catalog_add (catalog, scarf, NULL);
      vitrine_catalog_add (catalog, mug, NULL);
    }

  page = vitrine_shopify_orders_parse_page (body, &error);
  g_assert ((page == NULL) == (error != NULL));
  if (page != NULL)
    {
      g_assert (page->orders != NULL);
      g_assert (page->has_orders || page->orders->len == 0);
      g_assert (page->end_cursor == NULL || page->end_cursor[0] != '\0');
      check_shown (page->error_message, 200);
      for (guint i = 0; i < page->orders->len; i++)
        check_order (g_ptr_array_index (page->orders, i), cursor);
    }

  webhook = vitrine_shopify_order_from_webhook (body, &webhook_error);
  g_assert ((webhook == NULL) == (webhook_error != NULL));
  if (webhook != NULL)
    check_order (webhook, cursor);

  /* The cursor the connector would save reads back the same. */
  vitrine_order_cursor_advance (cursor, 60);
  text = vitrine_order_cursor_to_string (cursor);
  again = vitrine_order_cursor_new_from_string (text, NULL);
  g_assert (again != NULL);
  text_again = vitrine_order_cursor_to_string (again);
  g_assert (g_strcmp0 (text, text_again) == 0);

  /* Never right by chance, never a crash. */
  g_assert (!vitrine_shopify_webhook_verify (body, header, "shpss_fuzz"));

  return 0;
}

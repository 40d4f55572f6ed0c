// sources: src/feed/vitrine-woocommerce-orders.c src/feed/vitrine-shopify-orders.c src/feed/vitrine-product-sync.c src/feed/vitrine-feed-source.c src/feed/vitrine-feed-item.c src/feed/vitrine-feed-error.c src/core/vitrine-order.c src/core/vitrine-catalog.c src/core/vitrine-catalog-import.c src/core/vitrine-catalog-import-csv.c src/core/vitrine-catalog-import-json.c src/core/vitrine-product.c src/core/vitrine-product-variant.c src/core/vitrine-money.c src/core/vitrine-secrets.c src/core/vitrine-json-guard.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 libsecret-1 icu-uc icu-i18n
/* fuzz-woocommerce-orders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the WooCommerce order reader
 * (vitrine_woocommerce_orders_parse_page() in
 * src/feed/vitrine-woocommerce-orders.c): the input is one body of
 * `GET /wp-json/wc/v3/orders`. Every order that comes out is checked the way
 * the feed and the catalog use it (valid UTF-8, capped, no bidi override, no
 * negative quantity or money, a time of change), and goes through a cursor
 * and a catalog. Run by tests/fuzz/run-fuzzers.sh.
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-woocommerce-orders.h"

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

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new_static (data, size);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 11, 21, 19, 0, 0);
  g_autoptr(VitrineOrderCursor) cursor = vitrine_order_cursor_new (since);
  g_autoptr(GHashTable) applied = vitrine_order_applied_set_new ();
  g_autoptr(GPtrArray) unmatched =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_order_line_item_free);
  guint rejected = 0;

  if (catalog == NULL)
    {
      g_autoptr(VitrineProduct) scarf = vitrine_product_new ("gid://woocommerce/Product/301",
                                                             "A12", NULL);
      g_autoptr(VitrineProductVariant) blue =
        vitrine_product_variant_new ("gid://woocommerce/ProductVariation/305", "SCARF-BLU-M");

      catalog = vitrine_catalog_new ();
      vitrine_product_variant_set_stock (blue, 1000000);
      vitrine_product_add_variant (scarf, blue);
      vitrine_catalog_add (catalog, scarf, NULL);
    }

  orders = vitrine_woocommerce_orders_parse_page (body, &rejected, &error);
  g_assert ((orders == NULL) == (error != NULL));
  if (orders == NULL)
    return 0;

  for (guint i = 0; i < orders->len; i++)
    {
      VitrineOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *lines = vitrine_order_describe_lines (order);
      const char *id = vitrine_order_get_id (order);

      g_assert (id != NULL && id[0] != '\0' && g_utf8_validate (id, -1, NULL));
      g_assert (g_strcmp0 (vitrine_order_get_platform (order), "woocommerce") == 0);
      g_assert (vitrine_order_get_updated_at (order) != NULL);
      check_shown (vitrine_order_get_name (order), 41);
      check_shown (vitrine_order_get_customer (order), 45);
      check_money (vitrine_order_get_total (order));
      g_assert (g_utf8_validate (lines, -1, NULL));
      for (guint j = 0; j < vitrine_order_get_n_line_items (order); j++)
        {
          const VitrineOrderLineItem *line = vitrine_order_get_line_item (order, j);

          g_assert (line->quantity >= 0);
          check_shown (line->title, 201);
          check_money (&line->unit_price);
        }

      vitrine_order_cursor_admit (cursor, id, vitrine_order_get_updated_at (order));
      vitrine_order_apply_to_catalog (order, catalog, applied, unmatched);
    }

  return 0;
}

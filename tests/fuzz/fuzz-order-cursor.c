// sources: src/core/vitrine-order.c src/core/vitrine-catalog.c src/core/vitrine-catalog-import.c src/core/vitrine-catalog-import-csv.c src/core/vitrine-catalog-import-json.c src/core/vitrine-product.c src/core/vitrine-product-variant.c src/core/vitrine-money.c src/core/vitrine-json-guard.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0 json-glib-1.0 icu-uc icu-i18n
/* fuzz-order-cursor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the saved order cursor
 * (vitrine_order_cursor_new_from_string() in src/core/vitrine-order.c): the
 * input is what a damaged or hostile journal might hold. A cursor that is
 * accepted must write itself back to text that reads back the same, keep its
 * floor at or after its start, and go on working (admit, advance). Run by
 * tests/fuzz/run-fuzzers.sh.
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-order.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(VitrineOrderCursor) cursor = NULL;
  g_autoptr(VitrineOrderCursor) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 21, 19, 5, 0);
  g_autofree char *written = NULL;
  g_autofree char *written_again = NULL;

  cursor = vitrine_order_cursor_new_from_string (text, &error);
  g_assert ((cursor == NULL) == (error != NULL));
  if (cursor == NULL)
    {
      g_assert (error->domain == VITRINE_ORDER_ERROR);
      return 0;
    }

  g_assert (g_date_time_compare (vitrine_order_cursor_get_floor (cursor),
                                 vitrine_order_cursor_get_since (cursor)) >= 0);
  written = vitrine_order_cursor_to_string (cursor);
  again = vitrine_order_cursor_new_from_string (written, NULL);
  g_assert (again != NULL);
  written_again = vitrine_order_cursor_to_string (again);
  g_assert (strcmp (written, written_again) == 0);

  vitrine_order_cursor_admit (cursor, "gid://shopify/Order/1", now);
  g_assert (vitrine_order_cursor_admit (cursor, "gid://shopify/Order/1", now) ==
            VITRINE_ORDER_VERSION_OLD);
  vitrine_order_cursor_advance (cursor, 60);
  vitrine_order_cursor_advance (cursor, 0);

  return 0;
}

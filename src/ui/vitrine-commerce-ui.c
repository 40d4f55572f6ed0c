/* vitrine-commerce-ui.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-commerce-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-commerce-ui.h"

/**
 * vitrine_commerce_find_product:
 * @catalog: (nullable): the show's catalog
 * @key: (nullable): a short code, SKU or id, as the run of show names products
 *
 * Returns: (transfer none) (nullable): the product, or %NULL
 */
VitrineProduct *
vitrine_commerce_find_product (VitrineCatalog *catalog,
                               const char     *key)
{
  VitrineProduct *product;

  if (catalog == NULL || key == NULL || *key == '\0')
    return NULL;

  /* The order the headless mode looks them up in. */
  if ((product = vitrine_catalog_find_by_code (catalog, key)) != NULL ||
      (product = vitrine_catalog_find_by_sku (catalog, key, NULL)) != NULL)
    return product;

  return vitrine_catalog_find_by_id (catalog, key);
}

/**
 * vitrine_commerce_find_run_of_show:
 *
 * Returns: the index of the first run-of-show item that names @product, or -1
 */
int
vitrine_commerce_find_run_of_show (VitrineShow    *show,
                                   VitrineCatalog *catalog,
                                   VitrineProduct *product)
{
  if (show == NULL || product == NULL)
    return -1;

  for (guint i = 0; i < vitrine_show_get_n_run_of_show (show); i++)
    {
      const VitrineRunOfShowItem *item = vitrine_show_get_run_of_show_item (show, i);

      if (vitrine_commerce_find_product (catalog, item->product) == product)
        return i;
    }

  return -1;
}

/**
 * vitrine_commerce_parse_deal_price:
 *
 * The planned deal price of @item, in @product's currency.
 *
 * Returns: %FALSE when no deal is planned (without an error) or its price
 *   is not a price in that currency (with one)
 */
gboolean
vitrine_commerce_parse_deal_price (const VitrineRunOfShowItem  *item,
                                   VitrineProduct              *product,
                                   VitrineMoney                *price,
                                   GError                     **error)
{
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (VITRINE_IS_PRODUCT (product), FALSE);

  if (item->deal_price == NULL || item->deal_seconds == 0)
    return FALSE;

  return vitrine_money_parse (item->deal_price, vitrine_product_get_price (product)->currency,
                              price, error);
}

/**
 * vitrine_commerce_format_price:
 * @money: (nullable): a price
 *
 * Returns: (transfer full) (nullable): @money for the host's locale
 */
char *
vitrine_commerce_format_price (const VitrineMoney *money)
{
  if (money == NULL || money->currency[0] == '\0')
    return NULL;

  return vitrine_money_format (money, NULL);
}

/**
 * vitrine_commerce_format_duration:
 *
 * Returns: (transfer full): @seconds as a countdown: "0:45", "2:00", "1:02:03"
 */
char *
vitrine_commerce_format_duration (gint64 seconds)
{
  seconds = MAX (seconds, 0);

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));

  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

/**
 * vitrine_commerce_format_deal:
 *
 * Returns: (transfer full) (nullable): the planned deal of @item, such as
 *   "€29.90 for 2:00", or %NULL when none is planned or its price is wrong
 */
char *
vitrine_commerce_format_deal (const VitrineRunOfShowItem *item,
                              VitrineProduct             *product)
{
  g_autofree char *price = NULL;
  g_autofree char *duration = NULL;
  VitrineMoney money;

  if (item == NULL || product == NULL ||
      !vitrine_commerce_parse_deal_price (item, product, &money, NULL) ||
      (price = vitrine_commerce_format_price (&money)) == NULL)
    return NULL;

  duration = vitrine_commerce_format_duration (item->deal_seconds);
  /* Translators: a planned flash deal: the deal price, then how long it runs (m:ss) */
  return g_strdup_printf (_("%s for %s"), price, duration);
}

/**
 * vitrine_commerce_format_stock:
 *
 * Returns: (transfer full) (nullable): what is left, such as "3 left" or
 *   "Sold out", or %NULL when stock is not tracked
 */
char *
vitrine_commerce_format_stock (VitrineProduct *product)
{
  gint64 stock = vitrine_product_get_stock (product);

  if (vitrine_product_is_sold_out (product))
    return g_strdup (_("Sold out"));
  if (stock < 0)
    return NULL;

  /* Translators: how many of a product are left in stock */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " left",
                                       "%" G_GINT64_FORMAT " left", stock),
                          stock);
}

static gboolean
folded_contains (const char *text,
                 const char *folded_query)
{
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (normalized == NULL)
    return FALSE;
  folded = g_utf8_casefold (normalized, -1);

  return strstr (folded, folded_query) != NULL;
}

/**
 * vitrine_commerce_product_matches:
 * @folded_query: the search text, normalized (%G_NORMALIZE_ALL) and case-folded
 *
 * Returns: whether @product's title, code, SKU or a variant's SKU contains
 *   the query
 */
gboolean
vitrine_commerce_product_matches (VitrineProduct *product,
                                  const char     *folded_query)
{
  GListModel *variants;

  if (folded_query == NULL || *folded_query == '\0')
    return TRUE;

  if (folded_contains (vitrine_product_get_title (product), folded_query) ||
      folded_contains (vitrine_product_get_code (product), folded_query) ||
      folded_contains (vitrine_product_get_sku (product), folded_query))
    return TRUE;

  variants = vitrine_product_get_variants (product);
  for (guint i = 0; i < g_list_model_get_n_items (variants); i++)
    {
      g_autoptr(VitrineProductVariant) variant = g_list_model_get_item (variants, i);

      if (folded_contains (vitrine_product_variant_get_sku (variant), folded_query))
        return TRUE;
    }

  return FALSE;
}

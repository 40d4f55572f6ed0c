/* vitrine-product-variant.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-product-variant"

#include "config.h"

#include "vitrine-catalog-private.h"
#include "vitrine-product-variant.h"

/**
 * VitrineProductVariant:
 *
 * One buyable version of a product, such as size M or "Red / M": its own SKU,
 * price, compare-at price and stock. The id and SKU say which variant it is
 * and never change; the rest can, and notifies only on a real change, so an
 * overlay bound to the stock redraws only when a sale happens.
 */
struct _VitrineProductVariant
{
  GObject       parent_instance;

  char         *id;
  char         *sku;
  char         *title;
  GStrv         options;
  VitrineMoney  price;
  VitrineMoney  compare_at_price;
  gint64        stock;
};

G_DEFINE_FINAL_TYPE (VitrineProductVariant, vitrine_product_variant, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SKU,
  PROP_TITLE,
  PROP_OPTIONS,
  PROP_PRICE,
  PROP_COMPARE_AT_PRICE,
  PROP_STOCK,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
vitrine_product_variant_finalize (GObject *object)
{
  VitrineProductVariant *self = (VitrineProductVariant *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->sku, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->options, g_strfreev);

  G_OBJECT_CLASS (vitrine_product_variant_parent_class)->finalize (object);
}

static void
vitrine_product_variant_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  VitrineProductVariant *self = VITRINE_PRODUCT_VARIANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_SKU:
      g_value_set_string (value, self->sku);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_OPTIONS:
      g_value_set_boxed (value, self->options);
      break;

    case PROP_PRICE:
      g_value_set_boxed (value, &self->price);
      break;

    case PROP_COMPARE_AT_PRICE:
      g_value_set_boxed (value, &self->compare_at_price);
      break;

    case PROP_STOCK:
      g_value_set_int64 (value, self->stock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_product_variant_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  VitrineProductVariant *self = VITRINE_PRODUCT_VARIANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_SKU:
      self->sku = _vitrine_nonempty_strdup (g_value_get_string (value));
      break;

    case PROP_TITLE:
      vitrine_product_variant_set_title (self, g_value_get_string (value));
      break;

    case PROP_OPTIONS:
      vitrine_product_variant_set_options (self, g_value_get_boxed (value));
      break;

    case PROP_PRICE:
      vitrine_product_variant_set_price (self, g_value_get_boxed (value));
      break;

    case PROP_COMPARE_AT_PRICE:
      vitrine_product_variant_set_compare_at_price (self, g_value_get_boxed (value));
      break;

    case PROP_STOCK:
      vitrine_product_variant_set_stock (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_product_variant_constructed (GObject *object)
{
  VitrineProductVariant *self = VITRINE_PRODUCT_VARIANT (object);

  G_OBJECT_CLASS (vitrine_product_variant_parent_class)->constructed (object);

  g_return_if_fail (self->id != NULL && *self->id != '\0');
}

static void
vitrine_product_variant_class_init (VitrineProductVariantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_product_variant_finalize;
  object_class->get_property = vitrine_product_variant_get_property;
  object_class->set_property = vitrine_product_variant_set_property;
  object_class->constructed = vitrine_product_variant_constructed;

  /**
   * VitrineProductVariant:id:
   *
   * What identifies the variant within its product; never empty.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProductVariant:sku:
   *
   * The shop's stock keeping unit, or %NULL when the shop does not use one.
   */
  properties[PROP_SKU] =
    g_param_spec_string ("sku", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProductVariant:title:
   *
   * What a viewer picks, such as `M` or `Red / M`.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProductVariant:options:
   *
   * The option values, one per option name of the product, such as
   * `{ "Red", "M" }` for the options `{ "Color", "Size" }`.
   */
  properties[PROP_OPTIONS] =
    g_param_spec_boxed ("options", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProductVariant:price:
   *
   * The price, in minor units of its currency.
   */
  properties[PROP_PRICE] =
    g_param_spec_boxed ("price", NULL, NULL,
                        VITRINE_TYPE_MONEY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProductVariant:compare-at-price:
   *
   * The price before the reduction, shown struck through; an amount of 0
   * means there is none.
   */
  properties[PROP_COMPARE_AT_PRICE] =
    g_param_spec_boxed ("compare-at-price", NULL, NULL,
                        VITRINE_TYPE_MONEY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProductVariant:stock:
   *
   * How many are left, or -1 when the shop does not count them (it can always
   * sell one more).
   */
  properties[PROP_STOCK] =
    g_param_spec_int64 ("stock", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_product_variant_init (VitrineProductVariant *self)
{
  self->stock = -1;
}

/**
 * vitrine_product_variant_new:
 * @id: what identifies the variant within its product, not empty
 * @sku: (nullable): the variant's SKU, or %NULL (an empty SKU is %NULL too)
 *
 * Creates a variant with no title, no price and untracked stock.
 *
 * Returns: (transfer full): a new variant
 */
VitrineProductVariant *
vitrine_product_variant_new (const char *id,
                             const char *sku)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  return g_object_new (VITRINE_TYPE_PRODUCT_VARIANT,
                       "id", id,
                       "sku", sku,
                       NULL);
}

/**
 * vitrine_product_variant_get_id:
 * @self: a variant
 *
 * Returns: the variant's id
 */
const char *
vitrine_product_variant_get_id (VitrineProductVariant *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_VARIANT (self), NULL);

  return self->id;
}

/**
 * vitrine_product_variant_get_sku:
 * @self: a variant
 *
 * Returns: (nullable): the variant's SKU, or %NULL if it has none
 */
const char *
vitrine_product_variant_get_sku (VitrineProductVariant *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_VARIANT (self), NULL);

  return self->sku;
}

/**
 * vitrine_product_variant_get_title:
 * @self: a variant
 *
 * Returns: (nullable): the title, such as `Red / M`
 */
const char *
vitrine_product_variant_get_title (VitrineProductVariant *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_VARIANT (self), NULL);

  return self->title;
}

/**
 * vitrine_product_variant_set_title:
 * @self: a variant
 * @title: (nullable): the new title
 */
void
vitrine_product_variant_set_title (VitrineProductVariant *self,
                                   const char            *title)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_VARIANT (self));

  if (_vitrine_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * vitrine_product_variant_get_options:
 * @self: a variant
 *
 * Returns: (transfer none) (array zero-terminated=1): the option values,
 *   never %NULL
 */
const char * const *
vitrine_product_variant_get_options (VitrineProductVariant *self)
{
  static const char *none[] = { NULL };

  g_return_val_if_fail (VITRINE_IS_PRODUCT_VARIANT (self), NULL);

  return self->options ? (const char * const *) self->options : none;
}

/**
 * vitrine_product_variant_set_options:
 * @self: a variant
 * @options: (nullable) (array zero-terminated=1): the option values
 */
void
vitrine_product_variant_set_options (VitrineProductVariant *self,
                                     const char * const    *options)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_VARIANT (self));

  if (_vitrine_set_strv (&self->options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONS]);
}

/**
 * vitrine_product_variant_get_price:
 * @self: a variant
 *
 * Returns: (transfer none): the price; its currency is empty until one is set
 */
const VitrineMoney *
vitrine_product_variant_get_price (VitrineProductVariant *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_VARIANT (self), NULL);

  return &self->price;
}

/**
 * vitrine_product_variant_set_price:
 * @self: a variant
 * @price: the new price, in a known currency
 */
void
vitrine_product_variant_set_price (VitrineProductVariant *self,
                                   const VitrineMoney    *price)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_VARIANT (self));
  g_return_if_fail (price != NULL);
  g_return_if_fail (vitrine_currency_is_known (price->currency));

  if (_vitrine_money_set (&self->price, price))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE]);
}

/**
 * vitrine_product_variant_get_compare_at_price:
 * @self: a variant
 *
 * Returns: (transfer none): the compare-at price; its amount is 0 when there
 *   is none
 */
const VitrineMoney *
vitrine_product_variant_get_compare_at_price (VitrineProductVariant *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_VARIANT (self), NULL);

  return &self->compare_at_price;
}

/**
 * vitrine_product_variant_set_compare_at_price:
 * @self: a variant
 * @price: (nullable): the price before the reduction, or %NULL for none
 */
void
vitrine_product_variant_set_compare_at_price (VitrineProductVariant *self,
                                              const VitrineMoney    *price)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_VARIANT (self));
  g_return_if_fail (price == NULL || vitrine_currency_is_known (price->currency));

  if (_vitrine_money_set (&self->compare_at_price, price))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_AT_PRICE]);
}

/**
 * vitrine_product_variant_get_stock:
 * @self: a variant
 *
 * Returns: how many are left, or -1 when stock is not tracked
 */
gint64
vitrine_product_variant_get_stock (VitrineProductVariant *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_VARIANT (self), -1);

  return self->stock;
}

/**
 * vitrine_product_variant_set_stock:
 * @self: a variant
 * @stock: how many are left, or -1 when stock is not tracked
 */
void
vitrine_product_variant_set_stock (VitrineProductVariant *self,
                                   gint64                 stock)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_VARIANT (self));
  g_return_if_fail (stock >= -1);

  if (self->stock == stock)
    return;

  self->stock = stock;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOCK]);
}

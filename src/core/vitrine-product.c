/* vitrine-product.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-product"

#include "config.h"

#include <string.h>

#include "vitrine-catalog-private.h"
#include "vitrine-product.h"

/**
 * VitrineProduct:
 *
 * A product a host shows on air: what the card draws (title, image, price,
 * compare-at price, stock) and how to buy it (checkout URL), plus the short
 * code viewers type in the chat ("A12") to ask for it.
 *
 * The id, code and SKU identify the product and never change, so a
 * #VitrineCatalog can index them. Everything else can change while a show
 * runs and notifies only on a real change.
 *
 * A product may have variants (sizes, colours). Its stock is then theirs: the
 * sum of the variants' stock, or -1 (not tracked) as soon as one variant is
 * not tracked, since that one can always be sold. Variants are added while the
 * product is built; once it is in a catalog, the list is fixed, so that the
 * catalog's SKU index stays true (replace the product to change it).
 */
struct _VitrineProduct
{
  GObject       parent_instance;

  char         *id;
  char         *code;
  char         *sku;
  char         *title;
  char         *description;
  char         *image;
  char         *checkout_url;
  GStrv         tags;
  GStrv         option_names;
  VitrineMoney  price;
  VitrineMoney  compare_at_price;
  gint64        own_stock;      /* without variants */
  gint64        stock;          /* what get_stock() says, to notify real changes */
  GListStore   *variants;       /* VitrineProductVariant */
  gboolean      sealed;
};

G_DEFINE_FINAL_TYPE (VitrineProduct, vitrine_product, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_SKU,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_IMAGE,
  PROP_CHECKOUT_URL,
  PROP_TAGS,
  PROP_OPTION_NAMES,
  PROP_PRICE,
  PROP_COMPARE_AT_PRICE,
  PROP_STOCK,
  PROP_VARIANTS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Shared by product and variant: the setters' "did it really change". */

gboolean
_vitrine_set_str (char       **dest,
                  const char  *value)
{
  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;

  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

char *
_vitrine_nonempty_strdup (const char *value)
{
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

gboolean
_vitrine_set_strv (GStrv              *dest,
                   const char * const *value)
{
  static const char *empty[] = { NULL };
  const char * const *old = *dest ? (const char * const *) *dest : empty;

  if (value == NULL)
    value = empty;
  if (g_strv_equal (old, value))
    return FALSE;

  g_strfreev (*dest);
  *dest = value[0] != NULL ? g_strdupv ((char **) value) : NULL;
  return TRUE;
}

gboolean
_vitrine_money_set (VitrineMoney       *dest,
                    const VitrineMoney *value)
{
  VitrineMoney normalized = { 0, "" };

  if (value != NULL)
    vitrine_money_init (&normalized, value->amount, value->currency);

  if (dest->amount == normalized.amount &&
      strcmp (dest->currency, normalized.currency) == 0)
    return FALSE;

  *dest = normalized;
  return TRUE;
}

static gint64
compute_stock (VitrineProduct *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->variants));
  gint64 sum = 0;

  if (n == 0)
    return self->own_stock;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProductVariant) variant = NULL;
      gint64 stock;

      variant = g_list_model_get_item (G_LIST_MODEL (self->variants), i);
      stock = vitrine_product_variant_get_stock (variant);

      if (stock < 0)
        return -1;
      sum = stock > G_MAXINT64 - sum ? G_MAXINT64 : sum + stock;
    }

  return sum;
}

static void
update_stock (VitrineProduct *self)
{
  gint64 stock = compute_stock (self);

  if (stock == self->stock)
    return;

  self->stock = stock;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOCK]);
}

static void
variant_stock_changed_cb (VitrineProduct        *self,
                          GParamSpec            *pspec,
                          VitrineProductVariant *variant)
{
  update_stock (self);
}

static void
vitrine_product_dispose (GObject *object)
{
  VitrineProduct *self = (VitrineProduct *)object;

  if (self->variants != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->variants));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VitrineProductVariant) variant = NULL;

          variant = g_list_model_get_item (G_LIST_MODEL (self->variants), i);

          g_signal_handlers_disconnect_by_func (variant, variant_stock_changed_cb, self);
        }
      g_clear_object (&self->variants);
    }

  G_OBJECT_CLASS (vitrine_product_parent_class)->dispose (object);
}

static void
vitrine_product_finalize (GObject *object)
{
  VitrineProduct *self = (VitrineProduct *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->sku, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->image, g_free);
  g_clear_pointer (&self->checkout_url, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->option_names, g_strfreev);

  G_OBJECT_CLASS (vitrine_product_parent_class)->finalize (object);
}

static void
vitrine_product_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VitrineProduct *self = VITRINE_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_SKU:
      g_value_set_string (value, self->sku);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_IMAGE:
      g_value_set_string (value, self->image);
      break;

    case PROP_CHECKOUT_URL:
      g_value_set_string (value, self->checkout_url);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_OPTION_NAMES:
      g_value_set_boxed (value, self->option_names);
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

    case PROP_VARIANTS:
      g_value_set_object (value, self->variants);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_product_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VitrineProduct *self = VITRINE_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_CODE:
      self->code = g_value_dup_string (value);
      break;

    case PROP_SKU:
      self->sku = _vitrine_nonempty_strdup (g_value_get_string (value));
      break;

    case PROP_TITLE:
      vitrine_product_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      vitrine_product_set_description (self, g_value_get_string (value));
      break;

    case PROP_IMAGE:
      vitrine_product_set_image (self, g_value_get_string (value));
      break;

    case PROP_CHECKOUT_URL:
      vitrine_product_set_checkout_url (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      vitrine_product_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_OPTION_NAMES:
      vitrine_product_set_option_names (self, g_value_get_boxed (value));
      break;

    case PROP_PRICE:
      vitrine_product_set_price (self, g_value_get_boxed (value));
      break;

    case PROP_COMPARE_AT_PRICE:
      vitrine_product_set_compare_at_price (self, g_value_get_boxed (value));
      break;

    case PROP_STOCK:
      vitrine_product_set_stock (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_product_constructed (GObject *object)
{
  VitrineProduct *self = VITRINE_PRODUCT (object);

  G_OBJECT_CLASS (vitrine_product_parent_class)->constructed (object);

  g_return_if_fail (self->id != NULL && *self->id != '\0');
  g_return_if_fail (vitrine_product_code_is_valid (self->code));
}

static void
vitrine_product_class_init (VitrineProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_product_dispose;
  object_class->finalize = vitrine_product_finalize;
  object_class->get_property = vitrine_product_get_property;
  object_class->set_property = vitrine_product_set_property;
  object_class->constructed = vitrine_product_constructed;

  /**
   * VitrineProduct:id:
   *
   * What identifies the product in its shop (a Shopify handle, a SKU); a
   * catalog holds one product per id, and importing a product with the same
   * id again updates it.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:code:
   *
   * The short code viewers type in the chat to ask for the product, such as
   * `A12`; see vitrine_product_code_is_valid(). Matched without regard to case.
   */
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:sku:
   *
   * The product's SKU, or %NULL: products with variants usually have SKUs
   * only on their variants.
   */
  properties[PROP_SKU] =
    g_param_spec_string ("sku", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:description:
   *
   * A plain-text description for the host (no markup).
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:image:
   *
   * The product picture: an absolute path or an http(s) URL.
   */
  properties[PROP_IMAGE] =
    g_param_spec_string ("image", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:checkout-url:
   *
   * Where a viewer buys the product (the QR code's target), or %NULL.
   */
  properties[PROP_CHECKOUT_URL] =
    g_param_spec_string ("checkout-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:option-names:
   *
   * The names of the variants' options, such as `{ "Color", "Size" }`.
   */
  properties[PROP_OPTION_NAMES] =
    g_param_spec_boxed ("option-names", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:price:
   *
   * The price the card shows; for a product with variants, the import sets
   * the lowest variant price ("from …").
   */
  properties[PROP_PRICE] =
    g_param_spec_boxed ("price", NULL, NULL,
                        VITRINE_TYPE_MONEY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:compare-at-price:
   *
   * The price before the reduction, struck through on the card; an amount of
   * 0 means there is none.
   */
  properties[PROP_COMPARE_AT_PRICE] =
    g_param_spec_boxed ("compare-at-price", NULL, NULL,
                        VITRINE_TYPE_MONEY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:stock:
   *
   * How many are left, or -1 when stock is not tracked. With variants, it
   * follows theirs and cannot be set.
   */
  properties[PROP_STOCK] =
    g_param_spec_int64 ("stock", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineProduct:variants:
   *
   * The variants, a #GListModel of #VitrineProductVariant; empty for a
   * product that comes in one version.
   */
  properties[PROP_VARIANTS] =
    g_param_spec_object ("variants", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_product_init (VitrineProduct *self)
{
  self->own_stock = -1;
  self->stock = -1;
  self->variants = g_list_store_new (VITRINE_TYPE_PRODUCT_VARIANT);
}

/**
 * vitrine_product_code_is_valid:
 * @code: (nullable): a short code
 *
 * Short codes are what viewers type in a chat, so they are kept simple: 1 to
 * 16 ASCII letters, digits and `-`, such as `A12` or `SUMMER-1`.
 *
 * Returns: %TRUE if @code can be a product's short code
 */
gboolean
vitrine_product_code_is_valid (const char *code)
{
  gsize length;

  if (code == NULL)
    return FALSE;

  length = strlen (code);
  if (length == 0 || length > 16)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '-')
      return FALSE;

  return TRUE;
}

/**
 * vitrine_product_new:
 * @id: what identifies the product in its shop, not empty
 * @code: the short code, see vitrine_product_code_is_valid()
 * @sku: (nullable): the product's SKU, or %NULL (an empty SKU is %NULL too)
 *
 * Creates a product with no title, no price, no variants and untracked stock.
 *
 * Returns: (transfer full): a new product
 */
VitrineProduct *
vitrine_product_new (const char *id,
                     const char *code,
                     const char *sku)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (vitrine_product_code_is_valid (code), NULL);

  return g_object_new (VITRINE_TYPE_PRODUCT,
                       "id", id,
                       "code", code,
                       "sku", sku,
                       NULL);
}

/**
 * vitrine_product_get_id:
 * @self: a product
 *
 * Returns: the product's id
 */
const char *
vitrine_product_get_id (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->id;
}

/**
 * vitrine_product_get_code:
 * @self: a product
 *
 * Returns: the short code, such as `A12`
 */
const char *
vitrine_product_get_code (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->code;
}

/**
 * vitrine_product_get_sku:
 * @self: a product
 *
 * Returns: (nullable): the product's SKU, or %NULL
 */
const char *
vitrine_product_get_sku (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->sku;
}

/**
 * vitrine_product_get_title:
 * @self: a product
 *
 * Returns: (nullable): the title
 */
const char *
vitrine_product_get_title (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->title;
}

/**
 * vitrine_product_set_title:
 * @self: a product
 * @title: (nullable): the new title
 */
void
vitrine_product_set_title (VitrineProduct *self,
                           const char     *title)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));

  if (_vitrine_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * vitrine_product_get_description:
 * @self: a product
 *
 * Returns: (nullable): the plain-text description
 */
const char *
vitrine_product_get_description (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->description;
}

/**
 * vitrine_product_set_description:
 * @self: a product
 * @description: (nullable): the new plain-text description
 */
void
vitrine_product_set_description (VitrineProduct *self,
                                 const char     *description)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));

  if (_vitrine_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

/**
 * vitrine_product_get_image:
 * @self: a product
 *
 * Returns: (nullable): the picture's absolute path or http(s) URL
 */
const char *
vitrine_product_get_image (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->image;
}

/**
 * vitrine_product_set_image:
 * @self: a product
 * @image: (nullable): the picture's absolute path or http(s) URL
 */
void
vitrine_product_set_image (VitrineProduct *self,
                           const char     *image)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));

  if (_vitrine_set_str (&self->image, image))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
}

/**
 * vitrine_product_get_checkout_url:
 * @self: a product
 *
 * Returns: (nullable): where viewers buy the product
 */
const char *
vitrine_product_get_checkout_url (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->checkout_url;
}

/**
 * vitrine_product_set_checkout_url:
 * @self: a product
 * @checkout_url: (nullable): where viewers buy the product
 */
void
vitrine_product_set_checkout_url (VitrineProduct *self,
                                  const char     *checkout_url)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));

  if (_vitrine_set_str (&self->checkout_url, checkout_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKOUT_URL]);
}

/**
 * vitrine_product_get_tags:
 * @self: a product
 *
 * Returns: (transfer none) (array zero-terminated=1): the tags, never %NULL
 */
const char * const *
vitrine_product_get_tags (VitrineProduct *self)
{
  static const char *none[] = { NULL };

  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->tags ? (const char * const *) self->tags : none;
}

/**
 * vitrine_product_set_tags:
 * @self: a product
 * @tags: (nullable) (array zero-terminated=1): the tags
 */
void
vitrine_product_set_tags (VitrineProduct     *self,
                          const char * const *tags)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));

  if (_vitrine_set_strv (&self->tags, tags))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

/**
 * vitrine_product_get_option_names:
 * @self: a product
 *
 * Returns: (transfer none) (array zero-terminated=1): the option names, never
 *   %NULL
 */
const char * const *
vitrine_product_get_option_names (VitrineProduct *self)
{
  static const char *none[] = { NULL };

  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return self->option_names ? (const char * const *) self->option_names : none;
}

/**
 * vitrine_product_set_option_names:
 * @self: a product
 * @option_names: (nullable) (array zero-terminated=1): the option names
 */
void
vitrine_product_set_option_names (VitrineProduct     *self,
                                  const char * const *option_names)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));

  if (_vitrine_set_strv (&self->option_names, option_names))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTION_NAMES]);
}

/**
 * vitrine_product_get_price:
 * @self: a product
 *
 * Returns: (transfer none): the price; its currency is empty until one is set
 */
const VitrineMoney *
vitrine_product_get_price (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return &self->price;
}

/**
 * vitrine_product_set_price:
 * @self: a product
 * @price: the new price, in a known currency
 */
void
vitrine_product_set_price (VitrineProduct     *self,
                           const VitrineMoney *price)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));
  g_return_if_fail (price != NULL);
  g_return_if_fail (vitrine_currency_is_known (price->currency));

  if (_vitrine_money_set (&self->price, price))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE]);
}

/**
 * vitrine_product_get_compare_at_price:
 * @self: a product
 *
 * Returns: (transfer none): the compare-at price; its amount is 0 when there
 *   is none
 */
const VitrineMoney *
vitrine_product_get_compare_at_price (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return &self->compare_at_price;
}

/**
 * vitrine_product_set_compare_at_price:
 * @self: a product
 * @price: (nullable): the price before the reduction, or %NULL for none
 */
void
vitrine_product_set_compare_at_price (VitrineProduct     *self,
                                      const VitrineMoney *price)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));
  g_return_if_fail (price == NULL || vitrine_currency_is_known (price->currency));

  if (_vitrine_money_set (&self->compare_at_price, price))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_AT_PRICE]);
}

/**
 * vitrine_product_get_stock:
 * @self: a product
 *
 * Returns: how many are left, or -1 when stock is not tracked; for a product
 *   with variants, the sum of theirs, or -1 if one of them is not tracked
 */
gint64
vitrine_product_get_stock (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), -1);

  return self->stock;
}

/**
 * vitrine_product_set_stock:
 * @self: a product without variants
 * @stock: how many are left, or -1 when stock is not tracked
 *
 * A product with variants has no stock of its own: set the variants' instead.
 */
void
vitrine_product_set_stock (VitrineProduct *self,
                           gint64          stock)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));
  g_return_if_fail (stock >= -1);
  g_return_if_fail (g_list_model_get_n_items (G_LIST_MODEL (self->variants)) == 0);

  self->own_stock = stock;
  update_stock (self);
}

/**
 * vitrine_product_get_variants:
 * @self: a product
 *
 * Returns: (transfer none): a #GListModel of #VitrineProductVariant
 */
GListModel *
vitrine_product_get_variants (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);

  return G_LIST_MODEL (self->variants);
}

static gboolean
has_variant (VitrineProduct        *self,
             VitrineProductVariant *variant)
{
  return g_list_store_find (self->variants, variant, NULL);
}

/**
 * vitrine_product_add_variant:
 * @self: a product that is not in a catalog
 * @variant: a variant that belongs to no other product
 *
 * Adds a variant at the end. The product's stock follows the variants from
 * now on.
 */
void
vitrine_product_add_variant (VitrineProduct        *self,
                             VitrineProductVariant *variant)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));
  g_return_if_fail (VITRINE_IS_PRODUCT_VARIANT (variant));
  g_return_if_fail (!self->sealed);
  g_return_if_fail (!has_variant (self, variant));

  g_signal_connect_object (variant, "notify::stock",
                           G_CALLBACK (variant_stock_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_append (self->variants, variant);
  update_stock (self);
}

/**
 * vitrine_product_find_variant:
 * @self: a product
 * @sku: a SKU
 *
 * Returns: (nullable) (transfer none): the variant with this exact SKU, or
 *   %NULL
 */
VitrineProductVariant *
vitrine_product_find_variant (VitrineProduct *self,
                              const char     *sku)
{
  guint n;

  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), NULL);
  g_return_val_if_fail (sku != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->variants));
  for (guint i = 0; i < n; i++)
    {
      /* The store keeps its own reference, so a borrowed pointer is safe. */
      g_autoptr(VitrineProductVariant) variant = NULL;

      variant = g_list_model_get_item (G_LIST_MODEL (self->variants), i);

      if (g_strcmp0 (vitrine_product_variant_get_sku (variant), sku) == 0)
        return variant;
    }

  return NULL;
}

/**
 * vitrine_product_take_stock:
 * @self: a product
 * @variant: (nullable): the variant sold, which must be one of @self's; %NULL
 *   for a product without variants
 * @quantity: how many were ordered, 0 or more
 *
 * Takes ordered items out of stock: the stock goes down by @quantity, or to 0
 * if there were fewer. Stock that is not tracked never runs out and does not
 * change. A product with variants needs the variant.
 *
 * Returns: how many could be taken: @quantity, or fewer when stock ran out
 */
gint64
vitrine_product_take_stock (VitrineProduct        *self,
                            VitrineProductVariant *variant,
                            gint64                 quantity)
{
  gint64 stock;
  gint64 taken;

  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), 0);
  g_return_val_if_fail (quantity >= 0, 0);
  g_return_val_if_fail (variant == NULL || VITRINE_IS_PRODUCT_VARIANT (variant), 0);
  if (variant == NULL)
    g_return_val_if_fail (g_list_model_get_n_items (G_LIST_MODEL (self->variants)) == 0, 0);
  else
    g_return_val_if_fail (has_variant (self, variant), 0);

  stock = variant ? vitrine_product_variant_get_stock (variant) : self->own_stock;
  if (stock < 0)
    return quantity;

  taken = MIN (stock, quantity);
  if (variant != NULL)
    vitrine_product_variant_set_stock (variant, stock - taken);
  else
    vitrine_product_set_stock (self, stock - taken);

  return taken;
}

/**
 * vitrine_product_get_discount_percent:
 * @self: a product
 *
 * The reduction from the compare-at price to the price, for a "−25 %" badge.
 * It is rounded down, so a badge never promises more than the real reduction
 * (€74.99 instead of €99.99 is 25.0025 %: 25; €9.99 instead of €14.99 is
 * 33.36 %: 33).
 *
 * Returns: the whole percentage, or 0 when there is no compare-at price, it is
 *   in another currency, or it is not above the price
 */
guint
vitrine_product_get_discount_percent (VitrineProduct *self)
{
  guint64 compare;
  guint64 difference;
  guint64 remainder = 0;
  guint percent = 0;

  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), 0);

  if (self->compare_at_price.amount <= 0 ||
      self->price.amount < 0 ||
      self->compare_at_price.amount <= self->price.amount ||
      strcmp (self->compare_at_price.currency, self->price.currency) != 0)
    return 0;

  compare = (guint64) self->compare_at_price.amount;
  difference = compare - (guint64) self->price.amount;

  /* difference × 100 ÷ compare, without overflowing for any gint64: add the
   * difference 100 times, carrying whole multiples of compare into percent.
   * The remainder stays below compare, so remainder + difference fits. */
  for (guint i = 0; i < 100; i++)
    {
      remainder += difference;
      if (remainder >= compare)
        {
          remainder -= compare;
          percent++;
        }
    }

  return percent;
}

/**
 * vitrine_product_is_sold_out:
 * @self: a product
 *
 * Returns: %TRUE when the stock is tracked and none is left
 */
gboolean
vitrine_product_is_sold_out (VitrineProduct *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT (self), FALSE);

  return self->stock == 0;
}

/* Called when the product joins a catalog: from then on its variant list, and
 * so the SKUs the catalog indexed, are fixed. */
void
_vitrine_product_seal (VitrineProduct *self)
{
  g_return_if_fail (VITRINE_IS_PRODUCT (self));

  self->sealed = TRUE;
}

/* vitrine-order.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-order"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vitrine-order.h"

/* An order from a shop, the same shape whichever shop it came from, and what
 * it does to the catalog: the first time an order is seen holding stock, its
 * lines take stock from the matching products (so the product card and its
 * SOLD OUT badge follow the shop live), and never again, however often the
 * order comes back updated.
 *
 * What stock is taken for, and what is not (decided here, once, for every
 * shop):
 *
 *  - Orders placed (paid, or payment pending/authorised: Shopify reserves
 *    stock for those too, WooCommerce for `on-hold`) take stock. A Shopify
 *    test order takes stock too, because Shopify's inventory does.
 *  - An order still awaiting payment (WooCommerce `pending`) takes nothing
 *    yet: it is often an abandoned checkout. When it comes back paid it takes
 *    stock then, once.
 *  - An order first seen already cancelled, refunded or failed takes nothing.
 *  - A cancellation or refund after stock was taken puts nothing back. Whether
 *    stock returns is the merchant's choice on Shopify ("restock" in the
 *    refund) and depends on the plugin on WooCommerce; guessing wrong one way
 *    sells what is not there, while a card saying SOLD OUT a little early is
 *    corrected by the next product sync. The feed shows the cancellation.
 *  - An order edited later (lines added or removed) is not applied again.
 *
 * The order cursor below is what makes polling resumable: see its comment. */

/* The longest name shown for a customer (first name and initial). */
#define MAX_CUSTOMER_CHARS 40
#define MAX_TITLE_CHARS    200
#define MAX_NAME_CHARS     40

/* Line item */

G_DEFINE_BOXED_TYPE (VitrineOrderLineItem, vitrine_order_line_item,
                     vitrine_order_line_item_copy, vitrine_order_line_item_free)

/**
 * vitrine_order_line_item_new:
 *
 * Returns: (transfer full): an empty line (quantity 0, no price)
 */
VitrineOrderLineItem *
vitrine_order_line_item_new (void)
{
  return g_new0 (VitrineOrderLineItem, 1);
}

/**
 * vitrine_order_line_item_copy:
 *
 * Returns: (transfer full): a copy of @item
 */
VitrineOrderLineItem *
vitrine_order_line_item_copy (const VitrineOrderLineItem *item)
{
  VitrineOrderLineItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new0 (VitrineOrderLineItem, 1);
  copy->id = g_strdup (item->id);
  copy->product_id = g_strdup (item->product_id);
  copy->variant_id = g_strdup (item->variant_id);
  copy->sku = g_strdup (item->sku);
  copy->title = g_strdup (item->title);
  copy->quantity = item->quantity;
  copy->unit_price = item->unit_price;
  return copy;
}

void
vitrine_order_line_item_free (VitrineOrderLineItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_free (item->product_id);
  g_free (item->variant_id);
  g_free (item->sku);
  g_free (item->title);
  g_free (item);
}

/* Order */

struct _VitrineOrder
{
  GObject             parent_instance;

  char               *platform;
  char               *id;
  char               *key;              /* "platform:id" */
  char               *shown_id;         /* the id fit to show, or NULL */
  char               *name;             /* "#1042" */
  char               *customer;         /* "Ana P.", or NULL */
  char               *financial_status; /* the shop's own word */
  GDateTime          *created_at;
  GDateTime          *updated_at;
  VitrineMoney        total;            /* currency "" when not known */
  VitrineOrderStatus  status;
  gboolean            test;
  GPtrArray          *lines;            /* VitrineOrderLineItem */
};

G_DEFINE_FINAL_TYPE (VitrineOrder, vitrine_order, G_TYPE_OBJECT)

G_DEFINE_QUARK (vitrine-order-error-quark, vitrine_order_error)

static void
vitrine_order_finalize (GObject *object)
{
  VitrineOrder *self = (VitrineOrder *)object;

  g_clear_pointer (&self->platform, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->shown_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->customer, g_free);
  g_clear_pointer (&self->financial_status, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_order_parent_class)->finalize (object);
}

static void
vitrine_order_class_init (VitrineOrderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_order_finalize;
}

static void
vitrine_order_init (VitrineOrder *self)
{
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_order_line_item_free);
  self->status = VITRINE_ORDER_STATUS_PENDING;
}

static gboolean
is_invisible (gunichar c)
{
  /* Bidi embeddings, overrides and isolates, zero-width characters and the
   * BOM; ZWJ (U+200D) stays, it holds emoji sequences together. */
  if (c == 0x200D)
    return FALSE;
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0x2060 || c == 0x034F ||
         (c >= 0xE0000 && c <= 0xE007F) ||
         g_unichar_type (c) == G_UNICODE_FORMAT;
}

/* Text from a shop, fit to show: valid UTF-8, no control or invisible
 * characters, whitespace collapsed, at most @max_chars characters. Never
 * parsed as markup anywhere; the feed item sanitises again. */
static char *
clean_text (const char *text,
            gsize       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize n = 0;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_invisible (c))
        continue;
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (n >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * vitrine_order_new:
 * @platform: `shopify`, `woocommerce`, `demo`…
 * @id: the shop's id of the order, exactly as the shop writes it (a GraphQL
 *   id, or a 64-bit number as decimal text: never through a double)
 *
 * Returns: (transfer full): an order without lines, status
 *   %VITRINE_ORDER_STATUS_PENDING
 */
VitrineOrder *
vitrine_order_new (const char *platform,
                   const char *id)
{
  VitrineOrder *self;

  g_return_val_if_fail (platform != NULL && *platform != '\0', NULL);
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  self = g_object_new (VITRINE_TYPE_ORDER, NULL);
  self->platform = g_utf8_make_valid (platform, -1);
  /* Ids are compared, never shown: kept exactly (valid UTF-8 only). */
  self->id = g_utf8_make_valid (id, -1);
  self->key = g_strconcat (self->platform, ":", self->id, NULL);
  self->shown_id = clean_text (self->id, MAX_NAME_CHARS);
  return self;
}

const char *
vitrine_order_get_platform (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  return self->platform;
}

const char *
vitrine_order_get_id (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  return self->id;
}

/**
 * vitrine_order_get_key:
 *
 * Returns: `<platform>:<id>`, what identifies the order among every shop's
 *   (the key of the set vitrine_order_apply_to_catalog() keeps)
 */
const char *
vitrine_order_get_key (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  return self->key;
}

/**
 * vitrine_order_get_name:
 *
 * Returns: what the shop and the customer call the order, such as `#1042`
 *   (sanitised); without a name, the id (sanitised and capped)
 */
const char *
vitrine_order_get_name (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  if (self->name != NULL)
    return self->name;
  return self->shown_id ? self->shown_id : "?";
}

/**
 * vitrine_order_set_name:
 * @name: (nullable): such as `#1042` (sanitised, capped)
 */
void
vitrine_order_set_name (VitrineOrder *self,
                        const char   *name)
{
  g_return_if_fail (VITRINE_IS_ORDER (self));

  g_free (self->name);
  self->name = clean_text (name, MAX_NAME_CHARS);
}

/**
 * vitrine_order_get_customer:
 *
 * Returns: (nullable): the customer as shown on stream: first name and the
 *   initial of the last name ("Ana P."), or %NULL when the shop did not say
 */
const char *
vitrine_order_get_customer (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  return self->customer;
}

static gboolean
looks_like_email (const char *text)
{
  return text != NULL && strchr (text, '@') != NULL;
}

static char *
initial_of (const char *last_name)
{
  for (const char *p = last_name; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buffer[8] = { 0 };

      if (!g_unichar_isalnum (c))
        continue;
      g_unichar_to_utf8 (g_unichar_toupper (c), buffer);
      return g_strconcat (buffer, ".", NULL);
    }
  return NULL;
}

/**
 * vitrine_order_set_customer:
 * @first_name: (nullable): the customer's first name
 * @last_name: (nullable): the customer's last name; only its initial is kept
 *
 * Sets the name shown on stream, "Ana P." for Ana Pérez: a host reads names
 * aloud and the stream is public, so the last name never gets further than
 * here. Text that looks like an e-mail address is not used.
 */
void
vitrine_order_set_customer (VitrineOrder *self,
                            const char   *first_name,
                            const char   *last_name)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *initial = NULL;
  g_autofree char *joined = NULL;

  g_return_if_fail (VITRINE_IS_ORDER (self));

  first = looks_like_email (first_name) ? NULL : clean_text (first_name, MAX_CUSTOMER_CHARS);
  last = looks_like_email (last_name) ? NULL : clean_text (last_name, MAX_CUSTOMER_CHARS);
  initial = initial_of (last);

  if (first != NULL && initial != NULL)
    joined = g_strconcat (first, " ", initial, NULL);
  else if (first != NULL)
    joined = g_steal_pointer (&first);
  else
    joined = g_steal_pointer (&initial);

  /* Both parts are clean already, and capped. */
  g_free (self->customer);
  self->customer = g_steal_pointer (&joined);
}

/**
 * vitrine_order_set_customer_display_name:
 * @display_name: (nullable): a full name such as "Ana María Pérez"
 *
 * Like vitrine_order_set_customer() when the shop gives the name in one piece
 * (Shopify's `displayName`): the last word is taken as the last name. Shopify
 * falls back to the e-mail address when a customer has no name; that is not
 * used.
 */
void
vitrine_order_set_customer_display_name (VitrineOrder *self,
                                         const char   *display_name)
{
  g_autofree char *clean = NULL;
  char *space;

  g_return_if_fail (VITRINE_IS_ORDER (self));

  clean = looks_like_email (display_name) ? NULL : clean_text (display_name, 200);
  if (clean == NULL)
    {
      vitrine_order_set_customer (self, NULL, NULL);
      return;
    }

  space = strrchr (clean, ' ');
  if (space == NULL)
    {
      vitrine_order_set_customer (self, clean, NULL);
      return;
    }

  *space = '\0';
  vitrine_order_set_customer (self, clean, space + 1);
}

/**
 * vitrine_order_get_created_at:
 *
 * Returns: (transfer none) (nullable): when the order was placed
 */
GDateTime *
vitrine_order_get_created_at (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  return self->created_at;
}

void
vitrine_order_set_created_at (VitrineOrder *self,
                              GDateTime    *created_at)
{
  g_return_if_fail (VITRINE_IS_ORDER (self));

  g_clear_pointer (&self->created_at, g_date_time_unref);
  self->created_at = created_at ? g_date_time_to_utc (created_at) : NULL;
}

/**
 * vitrine_order_get_updated_at:
 *
 * Returns: (transfer none) (nullable): when the shop last changed the order
 */
GDateTime *
vitrine_order_get_updated_at (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  return self->updated_at;
}

void
vitrine_order_set_updated_at (VitrineOrder *self,
                              GDateTime    *updated_at)
{
  g_return_if_fail (VITRINE_IS_ORDER (self));

  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = updated_at ? g_date_time_to_utc (updated_at) : NULL;
}

/**
 * vitrine_order_get_total:
 *
 * Returns: (nullable): what the customer pays in all, in the shop's currency,
 *   or %NULL when the shop did not say
 */
const VitrineMoney *
vitrine_order_get_total (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  return self->total.currency[0] != '\0' ? &self->total : NULL;
}

void
vitrine_order_set_total (VitrineOrder       *self,
                         const VitrineMoney *total)
{
  g_return_if_fail (VITRINE_IS_ORDER (self));

  if (total != NULL)
    self->total = *total;
  else
    memset (&self->total, 0, sizeof self->total);
}

VitrineOrderStatus
vitrine_order_get_status (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), VITRINE_ORDER_STATUS_PENDING);
  return self->status;
}

void
vitrine_order_set_status (VitrineOrder       *self,
                          VitrineOrderStatus  status)
{
  g_return_if_fail (VITRINE_IS_ORDER (self));
  g_return_if_fail (status <= VITRINE_ORDER_STATUS_FAILED);

  self->status = status;
}

/**
 * vitrine_order_get_financial_status:
 *
 * Returns: (nullable): the shop's own word for the status (`PAID`,
 *   `processing`…)
 */
const char *
vitrine_order_get_financial_status (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  return self->financial_status;
}

void
vitrine_order_set_financial_status (VitrineOrder *self,
                                    const char   *financial_status)
{
  g_return_if_fail (VITRINE_IS_ORDER (self));

  g_free (self->financial_status);
  self->financial_status = clean_text (financial_status, 40);
}

/**
 * vitrine_order_get_test:
 *
 * Returns: whether the shop marks this as a test order
 */
gboolean
vitrine_order_get_test (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), FALSE);
  return self->test;
}

void
vitrine_order_set_test (VitrineOrder *self,
                        gboolean      test)
{
  g_return_if_fail (VITRINE_IS_ORDER (self));
  self->test = !!test;
}

/**
 * vitrine_order_add_line_item:
 * @item: a line, copied; its title is sanitised
 */
void
vitrine_order_add_line_item (VitrineOrder               *self,
                             const VitrineOrderLineItem *item)
{
  VitrineOrderLineItem *copy;

  g_return_if_fail (VITRINE_IS_ORDER (self));
  g_return_if_fail (item != NULL);

  copy = vitrine_order_line_item_copy (item);
  g_free (copy->title);
  copy->title = clean_text (item->title, MAX_TITLE_CHARS);
  copy->quantity = MAX (item->quantity, 0);
  g_ptr_array_add (self->lines, copy);
}

guint
vitrine_order_get_n_line_items (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), 0);
  return self->lines->len;
}

/**
 * vitrine_order_get_line_item:
 *
 * Returns: (transfer none): the line at @index
 */
const VitrineOrderLineItem *
vitrine_order_get_line_item (VitrineOrder *self,
                             guint         index)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);
  return g_ptr_array_index (self->lines, index);
}

/**
 * vitrine_order_get_n_units:
 *
 * Returns: how many items the order holds, all lines together
 */
gint64
vitrine_order_get_n_units (VitrineOrder *self)
{
  gint64 sum = 0;

  g_return_val_if_fail (VITRINE_IS_ORDER (self), 0);

  for (guint i = 0; i < self->lines->len; i++)
    {
      const VitrineOrderLineItem *line = g_ptr_array_index (self->lines, i);

      sum = line->quantity > G_MAXINT64 - sum ? G_MAXINT64 : sum + line->quantity;
    }
  return sum;
}

/**
 * vitrine_order_describe_lines:
 *
 * Returns: (transfer full): what was ordered, for the feed: "2 × Wool scarf,
 *   1 × Beanie" (at most four lines, then "+ 3 more")
 */
char *
vitrine_order_describe_lines (VitrineOrder *self)
{
  GString *text;
  guint shown = 0;

  g_return_val_if_fail (VITRINE_IS_ORDER (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const VitrineOrderLineItem *line = g_ptr_array_index (self->lines, i);
      char quantity[24];

      if (shown == 4)
        {
          /* TRANSLATORS: after the first four lines of an order in the feed */
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", + %u more",
                                                     ", + %u more", self->lines->len - shown),
                                  self->lines->len - shown);
          break;
        }
      if (shown > 0)
        g_string_append (text, ", ");
      g_snprintf (quantity, sizeof quantity, "%" G_GINT64_FORMAT, line->quantity);
      /* TRANSLATORS: a line of an order in the feed: a quantity and what it
       * is, "2 × Wool scarf" */
      g_string_append_printf (text, _("%s × %s"), quantity,
                              line->title ? line->title : (line->sku ? line->sku : "?"));
      shown++;
    }
  return g_string_free (text, FALSE);
}

/**
 * vitrine_order_holds_stock:
 *
 * Returns: whether the order, as it stands, takes stock: placed (paid or
 *   payment pending) and not cancelled, refunded in full or failed
 */
gboolean
vitrine_order_holds_stock (VitrineOrder *self)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (self), FALSE);

  switch (self->status)
    {
    case VITRINE_ORDER_STATUS_PENDING:
    case VITRINE_ORDER_STATUS_PAID:
    case VITRINE_ORDER_STATUS_PARTIALLY_REFUNDED:
      return TRUE;

    case VITRINE_ORDER_STATUS_AWAITING_PAYMENT:
    case VITRINE_ORDER_STATUS_REFUNDED:
    case VITRINE_ORDER_STATUS_CANCELLED:
    case VITRINE_ORDER_STATUS_FAILED:
    default:
      return FALSE;
    }
}

/**
 * vitrine_order_applied_set_new:
 *
 * Returns: (transfer full) (element-type utf8 utf8): an empty set for
 *   vitrine_order_apply_to_catalog(), which owns its keys
 */
GHashTable *
vitrine_order_applied_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
has_variants (VitrineProduct *product)
{
  return g_list_model_get_n_items (vitrine_product_get_variants (product)) > 0;
}

static VitrineProductVariant *
find_variant_by_id (VitrineProduct *product,
                    const char     *variant_id)
{
  GListModel *variants = vitrine_product_get_variants (product);
  guint n = g_list_model_get_n_items (variants);

  if (variant_id == NULL)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProductVariant) variant = g_list_model_get_item (variants, i);

      if (g_strcmp0 (vitrine_product_variant_get_id (variant), variant_id) == 0)
        return variant;   /* the product keeps its own reference */
    }
  return NULL;
}

/* The product (and variant) a line means: by SKU first (the variant's, else
 * the product's own), then by the product's id and the variant's id. A
 * product with variants needs the variant; without one, the line does not
 * match rather than guess. */
static VitrineProduct *
match_line (VitrineCatalog              *catalog,
            const VitrineOrderLineItem  *line,
            VitrineProductVariant      **variant)
{
  VitrineProduct *product = NULL;

  *variant = NULL;

  if (line->sku != NULL && *line->sku != '\0')
    {
      product = vitrine_catalog_find_by_sku (catalog, line->sku, variant);
      if (product != NULL && *variant == NULL && has_variants (product))
        *variant = find_variant_by_id (product, line->variant_id);
      if (product != NULL && (*variant != NULL || !has_variants (product)))
        return product;
    }

  *variant = NULL;
  if (line->product_id == NULL || *line->product_id == '\0')
    return NULL;

  product = vitrine_catalog_find_by_id (catalog, line->product_id);
  if (product == NULL)
    return NULL;
  if (!has_variants (product))
    return product;

  *variant = find_variant_by_id (product, line->variant_id);
  return *variant != NULL ? product : NULL;
}

/**
 * vitrine_order_line_item_match:
 * @line: a line of an order
 * @catalog: the show's catalog
 * @variant: (out) (optional) (transfer none): the variant it names, or %NULL
 *
 * The catalog's product a line is for, matched the way
 * vitrine_order_apply_to_catalog() matches it: by SKU, else by product and
 * variant id.
 *
 * Returns: (transfer none) (nullable): the product, or %NULL when the
 *   catalog has none for this line
 */
VitrineProduct *
vitrine_order_line_item_match (const VitrineOrderLineItem  *line,
                               VitrineCatalog              *catalog,
                               VitrineProductVariant      **variant)
{
  VitrineProductVariant *found = NULL;
  VitrineProduct *product;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (VITRINE_IS_CATALOG (catalog), NULL);

  product = match_line (catalog, line, &found);
  if (variant != NULL)
    *variant = found;
  return product;
}

/**
 * vitrine_order_apply_to_catalog:
 * @order: an order, as a connector reported it
 * @catalog: the show's catalog
 * @applied_ids: (nullable) (element-type utf8 utf8): the keys of the orders
 *   applied so far (vitrine_order_applied_set_new(); the journal may restore
 *   it), updated here; %NULL applies without remembering
 * @out_unmatched: (nullable) (element-type VitrineOrderLineItem): where to add
 *   a copy of each line no product matched (free them with
 *   vitrine_order_line_item_free()): a product not in this show, or an SKU the
 *   catalog does not know
 *
 * Takes the order's items out of the catalog's stock, once per order: each
 * line is matched by SKU (the variant's, via vitrine_catalog_find_by_sku()),
 * else by product id and variant id, and its quantity taken with
 * vitrine_product_take_stock(), so the product card and SOLD OUT follow.
 *
 * Nothing is taken for an order already in @applied_ids (whatever changed in
 * it since), nor for one that holds no stock as it stands (awaiting payment,
 * cancelled, refunded, failed); such an order is not remembered, so it takes
 * stock when it comes back placed. A cancellation after the fact puts nothing
 * back (see the comment at the top of vitrine-order.c for why).
 *
 * Returns: %TRUE when this call applied the order (and added it to
 *   @applied_ids), %FALSE when it was applied before or holds no stock
 */
gboolean
vitrine_order_apply_to_catalog (VitrineOrder   *order,
                                VitrineCatalog *catalog,
                                GHashTable     *applied_ids,
                                GPtrArray      *out_unmatched)
{
  g_return_val_if_fail (VITRINE_IS_ORDER (order), FALSE);
  g_return_val_if_fail (VITRINE_IS_CATALOG (catalog), FALSE);

  if (applied_ids != NULL && g_hash_table_contains (applied_ids, order->key))
    return FALSE;
  if (!vitrine_order_holds_stock (order))
    return FALSE;

  for (guint i = 0; i < order->lines->len; i++)
    {
      const VitrineOrderLineItem *line = g_ptr_array_index (order->lines, i);
      VitrineProductVariant *variant = NULL;
      VitrineProduct *product = match_line (catalog, line, &variant);
      gint64 taken;

      if (product == NULL)
        {
          g_debug ("%s: line %u (%s) matches no product", order->key, i,
                   line->sku ? line->sku : "no SKU");
          if (out_unmatched != NULL)
            g_ptr_array_add (out_unmatched, vitrine_order_line_item_copy (line));
          continue;
        }

      if (line->quantity <= 0)
        continue;

      taken = vitrine_product_take_stock (product, variant, line->quantity);
      if (taken < line->quantity)
        g_debug ("%s: %" G_GINT64_FORMAT " ordered of %s, only %" G_GINT64_FORMAT " in stock",
                 order->key, line->quantity, vitrine_product_get_id (product), taken);
    }

  if (applied_ids != NULL)
    g_hash_table_add (applied_ids, g_strdup (order->key));
  return TRUE;
}

/* Order cursor
 *
 * Shops list orders "changed since T" with T to the second (Shopify
 * `updated_at:>=`, WooCommerce `modified_after`), and their search index may
 * show a change a little late. So a connector asks from a little before the
 * newest change it saw (the overlap), and the cursor tells apart what it
 * already handled: every order version (id, updated_at) it admitted since
 * the floor.
 *
 * The invariant: every version older than the floor was handled (or predates
 * `since`, where the connector started); of the versions at or after the
 * floor, exactly those in `seen` were. So asking for everything from the floor
 * and admitting only what the cursor lets through loses nothing and repeats
 * nothing, also after a restart from a saved cursor.
 *
 * The floor only moves in vitrine_order_cursor_advance(), called by a
 * connector once it read a whole listing: to the newest version minus the
 * overlap, never back. Each seen order also keeps a small number the
 * connector may use (vitrine_order_cursor_set_mark()): the connectors keep
 * there what they already told the feed about the order. An order whose mark
 * is 0 is kept below the floor too (a connector still waits on it); its old
 * version is still "old", since only newer versions are admitted. */

#define CURSOR_VERSION 1

/* The most versions a cursor remembers; beyond, the floor moves up early.
 * A show would need thousands of orders within the overlap to get here. */
#define MAX_SEEN 20000

/* The most a saved cursor may weigh. */
#define MAX_CURSOR_BYTES (4 * 1024 * 1024)

typedef struct
{
  GDateTime *updated_at;
  guint      mark;
} Seen;

struct _VitrineOrderCursor
{
  GDateTime  *since;
  GDateTime  *floor;
  GDateTime  *newest;  /* the newest version admitted, or NULL */
  GHashTable *seen;    /* id → Seen */
};

G_DEFINE_BOXED_TYPE (VitrineOrderCursor, vitrine_order_cursor,
                     vitrine_order_cursor_copy, vitrine_order_cursor_free)

static void
seen_free (Seen *seen)
{
  g_date_time_unref (seen->updated_at);
  g_free (seen);
}

static Seen *
seen_new (GDateTime *updated_at,
          guint      mark)
{
  Seen *seen = g_new0 (Seen, 1);

  seen->updated_at = g_date_time_ref (updated_at);
  seen->mark = mark;
  return seen;
}

/* To the whole second, down, in UTC. */
static GDateTime *
whole_second (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_add (utc, -(GTimeSpan) g_date_time_get_microsecond (utc));
}

static VitrineOrderCursor *
cursor_alloc (void)
{
  VitrineOrderCursor *self = g_new0 (VitrineOrderCursor, 1);

  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) seen_free);
  return self;
}

/**
 * vitrine_order_cursor_new:
 * @since: where to start: orders changed before are not reported
 *
 * Returns: (transfer full): a cursor that has seen nothing
 */
VitrineOrderCursor *
vitrine_order_cursor_new (GDateTime *since)
{
  VitrineOrderCursor *self;

  g_return_val_if_fail (since != NULL, NULL);

  self = cursor_alloc ();
  self->since = whole_second (since);
  self->floor = g_date_time_ref (self->since);
  return self;
}

/**
 * vitrine_order_cursor_copy:
 *
 * Returns: (transfer full): a copy
 */
VitrineOrderCursor *
vitrine_order_cursor_copy (const VitrineOrderCursor *self)
{
  VitrineOrderCursor *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self != NULL, NULL);

  copy = cursor_alloc ();
  copy->since = g_date_time_ref (self->since);
  copy->floor = g_date_time_ref (self->floor);
  copy->newest = self->newest ? g_date_time_ref (self->newest) : NULL;
  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Seen *seen = value;

      g_hash_table_insert (copy->seen, g_strdup (key), seen_new (seen->updated_at, seen->mark));
    }
  return copy;
}

void
vitrine_order_cursor_free (VitrineOrderCursor *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->since, g_date_time_unref);
  g_clear_pointer (&self->floor, g_date_time_unref);
  g_clear_pointer (&self->newest, g_date_time_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_free (self);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * vitrine_order_cursor_to_string:
 *
 * Returns: (transfer full): the cursor as text (JSON) for the journal; read
 *   it back with vitrine_order_cursor_new_from_string()
 */
char *
vitrine_order_cursor_to_string (const VitrineOrderCursor *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *since = NULL;
  g_autofree char *floor = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  since = g_date_time_format_iso8601 (self->since);
  floor = g_date_time_format_iso8601 (self->floor);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CURSOR_VERSION);
  json_builder_set_member_name (builder, "since");
  json_builder_add_string_value (builder, since);
  json_builder_set_member_name (builder, "floor");
  json_builder_add_string_value (builder, floor);
  if (self->newest != NULL)
    {
      g_autofree char *newest = g_date_time_format_iso8601 (self->newest);

      json_builder_set_member_name (builder, "newest");
      json_builder_add_string_value (builder, newest);
    }

  /* Sorted, so the same cursor is always the same text. */
  ids = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (ids, key);
  }
  g_ptr_array_sort (ids, compare_strings);
  json_builder_set_member_name (builder, "seen");
  json_builder_begin_object (builder);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      Seen *seen = g_hash_table_lookup (self->seen, id);
      g_autofree char *time = g_date_time_format_iso8601 (seen->updated_at);

      json_builder_set_member_name (builder, id);
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, time);
      json_builder_add_int_value (builder, seen->mark);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* json-glib 1.6 leaks the first of two top-level values when the second is
 * an array or an object (`[][]`); a saved cursor is one object. */
static gboolean
has_one_value (const char *data,
               gsize       length)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  gboolean started = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '[' || c == '{')
        {
          if (depth == 0 && started)
            return FALSE;
          started = TRUE;
          depth = MIN (depth + 1, G_MAXUINT - 1);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
      else if (c == '"')
        {
          in_string = TRUE;
          started = TRUE;
        }
      else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        started = TRUE;
    }
  return TRUE;
}

static GDateTime *
read_time (JsonNode *node)
{
  g_autoptr(GDateTime) time = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  time = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
  return time ? g_date_time_to_utc (time) : NULL;
}

static gboolean
invalid_cursor (GError     **error,
                const char  *why)
{
  g_set_error (error, VITRINE_ORDER_ERROR, VITRINE_ORDER_ERROR_INVALID_CURSOR,
               _("The saved position in the shop’s orders cannot be used (%s); orders are read "
                 "again from the start of the show"), why);
  return FALSE;
}

/**
 * vitrine_order_cursor_new_from_string:
 * @text: what vitrine_order_cursor_to_string() wrote
 * @error: a location for a %VITRINE_ORDER_ERROR_INVALID_CURSOR
 *
 * Returns: (transfer full) (nullable): the cursor, or %NULL with @error set
 */
VitrineOrderCursor *
vitrine_order_cursor_new_from_string (const char  *text,
                                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(VitrineOrderCursor) self = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root;
  JsonNode *version;
  JsonNode *seen_node;
  JsonObject *seen;
  g_autoptr(GList) members = NULL;
  gsize length;

  g_return_val_if_fail (text != NULL, NULL);

  length = strlen (text);
  if (length > MAX_CURSOR_BYTES)
    {
      invalid_cursor (error, _("too large"));
      return NULL;
    }
  if (!g_utf8_validate (text, length, NULL) || !has_one_value (text, length) ||
      !json_parser_load_from_data (parser, text, length, &parse_error) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      invalid_cursor (error, _("not readable"));
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) != CURSOR_VERSION)
    {
      invalid_cursor (error, _("written by another version of Vitrine"));
      return NULL;
    }

  self = cursor_alloc ();
  self->since = read_time (json_object_get_member (root, "since"));
  self->floor = read_time (json_object_get_member (root, "floor"));
  if (self->since == NULL || self->floor == NULL)
    {
      invalid_cursor (error, _("no valid start time"));
      return NULL;
    }
  if (g_date_time_compare (self->floor, self->since) < 0)
    {
      g_date_time_unref (self->floor);
      self->floor = g_date_time_ref (self->since);
    }
  self->newest = read_time (json_object_get_member (root, "newest"));

  seen_node = json_object_get_member (root, "seen");
  if (seen_node == NULL || !JSON_NODE_HOLDS_OBJECT (seen_node))
    {
      invalid_cursor (error, _("no list of orders seen"));
      return NULL;
    }
  seen = json_node_get_object (seen_node);
  members = json_object_get_members (seen);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonNode *entry = json_object_get_member (seen, id);
      JsonArray *pair;
      g_autoptr(GDateTime) time = NULL;
      JsonNode *mark;

      /* json-glib reads octal escapes ("\\373") into bytes that are not
       * UTF-8. */
      if (*id == '\0' || !g_utf8_validate (id, -1, NULL) || !JSON_NODE_HOLDS_ARRAY (entry))
        {
          invalid_cursor (error, _("an order seen is not readable"));
          return NULL;
        }
      pair = json_node_get_array (entry);
      if (json_array_get_length (pair) != 2)
        {
          invalid_cursor (error, _("an order seen is not readable"));
          return NULL;
        }
      time = read_time (json_array_get_element (pair, 0));
      mark = json_array_get_element (pair, 1);
      if (time == NULL || !JSON_NODE_HOLDS_VALUE (mark) ||
          json_node_get_value_type (mark) != G_TYPE_INT64 ||
          json_node_get_int (mark) < 0 || json_node_get_int (mark) > G_MAXUINT)
        {
          invalid_cursor (error, _("an order seen is not readable"));
          return NULL;
        }
      /* Below the floor and marked: forgotten, as advance() would. */
      if (g_date_time_compare (time, self->floor) < 0 && json_node_get_int (mark) != 0)
        continue;

      if (self->newest == NULL || g_date_time_compare (time, self->newest) > 0)
        {
          g_clear_pointer (&self->newest, g_date_time_unref);
          self->newest = g_date_time_ref (time);
        }
      g_hash_table_insert (self->seen, g_strdup (id),
                           seen_new (time, (guint) json_node_get_int (mark)));
    }

  return g_steal_pointer (&self);
}

/**
 * vitrine_order_cursor_get_since:
 *
 * Returns: (transfer none): where the cursor started; orders changed before
 *   are never reported
 */
GDateTime *
vitrine_order_cursor_get_since (const VitrineOrderCursor *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->since;
}

/**
 * vitrine_order_cursor_get_floor:
 *
 * Returns: (transfer none): what to ask the shop from (inclusive, to the
 *   second): every version older than this was handled
 */
GDateTime *
vitrine_order_cursor_get_floor (const VitrineOrderCursor *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->floor;
}

/**
 * vitrine_order_cursor_get_newest:
 *
 * Returns: (transfer none) (nullable): the newest version admitted
 */
GDateTime *
vitrine_order_cursor_get_newest (const VitrineOrderCursor *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->newest;
}

guint
vitrine_order_cursor_get_n_seen (const VitrineOrderCursor *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->seen);
}

/**
 * vitrine_order_cursor_admit:
 * @id: the order's id
 * @updated_at: when the shop last changed it
 *
 * Tells a version not handled yet from one handled before, and remembers it.
 *
 * Returns: %VITRINE_ORDER_VERSION_OLD for a version to drop (handled before,
 *   or older than the floor), else whether the cursor knew the order
 */
VitrineOrderVersion
vitrine_order_cursor_admit (VitrineOrderCursor *self,
                            const char         *id,
                            GDateTime          *updated_at)
{
  g_autoptr(GDateTime) utc = NULL;
  Seen *seen;

  g_return_val_if_fail (self != NULL, VITRINE_ORDER_VERSION_OLD);
  g_return_val_if_fail (id != NULL, VITRINE_ORDER_VERSION_OLD);
  g_return_val_if_fail (updated_at != NULL, VITRINE_ORDER_VERSION_OLD);

  utc = g_date_time_to_utc (updated_at);
  if (g_date_time_compare (utc, self->floor) < 0)
    return VITRINE_ORDER_VERSION_OLD;

  if (self->newest == NULL || g_date_time_compare (utc, self->newest) > 0)
    {
      g_clear_pointer (&self->newest, g_date_time_unref);
      self->newest = g_date_time_ref (utc);
    }

  seen = g_hash_table_lookup (self->seen, id);
  if (seen == NULL)
    {
      g_hash_table_insert (self->seen, g_strdup (id), seen_new (utc, 0));
      return VITRINE_ORDER_VERSION_FIRST;
    }

  if (g_date_time_compare (utc, seen->updated_at) <= 0)
    return VITRINE_ORDER_VERSION_OLD;

  g_date_time_unref (seen->updated_at);
  seen->updated_at = g_date_time_ref (utc);
  return VITRINE_ORDER_VERSION_NEWER;
}

/**
 * vitrine_order_cursor_get_mark:
 *
 * Returns: the number the connector kept for @id, or 0
 */
guint
vitrine_order_cursor_get_mark (const VitrineOrderCursor *self,
                               const char               *id)
{
  Seen *seen;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (id != NULL, 0);

  seen = g_hash_table_lookup (self->seen, id);
  return seen ? seen->mark : 0;
}

/**
 * vitrine_order_cursor_set_mark:
 * @id: an order admitted before
 * @mark: a number the connector wants kept with the order (saved too)
 */
void
vitrine_order_cursor_set_mark (VitrineOrderCursor *self,
                               const char         *id,
                               guint               mark)
{
  Seen *seen;

  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL);

  seen = g_hash_table_lookup (self->seen, id);
  if (seen != NULL)
    seen->mark = mark;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  return g_date_time_compare (*(GDateTime * const *) a, *(GDateTime * const *) b);
}

static void
raise_floor (VitrineOrderCursor *self,
             GDateTime          *floor,
             gboolean            keep_unmarked)
{
  GHashTableIter iter;
  gpointer value;

  if (g_date_time_compare (floor, self->floor) <= 0)
    return;

  g_date_time_unref (self->floor);
  self->floor = g_date_time_ref (floor);

  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Seen *seen = value;

      if (g_date_time_compare (seen->updated_at, self->floor) < 0 &&
          !(keep_unmarked && seen->mark == 0))
        g_hash_table_iter_remove (&iter);
    }
}

/**
 * vitrine_order_cursor_advance:
 * @overlap: seconds: how far before the newest version to ask again (at
 *   least the shop's search delay; 0 still asks the newest second again)
 *
 * Moves the floor up after a whole listing was read: to the newest version
 * admitted minus @overlap seconds, to the second. Versions below the new floor
 * are forgotten, except those of orders whose mark is still 0: a connector
 * waits on those (an order awaiting payment, not shown yet) and needs to know
 * when it comes back that it was never shown.
 */
void
vitrine_order_cursor_advance (VitrineOrderCursor *self,
                              guint               overlap)
{
  g_return_if_fail (self != NULL);

  if (self->newest != NULL)
    {
      g_autoptr(GDateTime) back = g_date_time_add_seconds (self->newest,
                                                           -(double) overlap);
      g_autoptr(GDateTime) floor = whole_second (back);

      raise_floor (self, floor, TRUE);
    }

  if (g_hash_table_size (self->seen) > MAX_SEEN)
    {
      g_autoptr(GPtrArray) times = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->seen);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (times, ((Seen *) value)->updated_at);
      g_ptr_array_sort (times, compare_times);

      {
        g_autoptr(GDateTime) floor =
          g_date_time_ref (g_ptr_array_index (times, times->len - MAX_SEEN));

        g_debug ("%u orders seen within the overlap; forgetting the oldest", times->len);
        g_ptr_array_set_size (times, 0);
        raise_floor (self, floor, FALSE);
      }
    }
}

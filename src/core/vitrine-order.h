/* vitrine-order.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-catalog.h"
#include "vitrine-money.h"

G_BEGIN_DECLS

#define VITRINE_ORDER_ERROR (vitrine_order_error_quark ())

/**
 * VitrineOrderError:
 * @VITRINE_ORDER_ERROR_INVALID_CURSOR: a saved order cursor is not one
 *   vitrine_order_cursor_to_string() wrote (damaged, or from a newer Vitrine)
 *
 * Errors of the order model.
 */
typedef enum
{
  VITRINE_ORDER_ERROR_INVALID_CURSOR,
} VitrineOrderError;

/**
 * VitrineOrderStatus:
 * @VITRINE_ORDER_STATUS_AWAITING_PAYMENT: created at checkout, not paid and not
 *   holding stock yet (WooCommerce `pending`, `checkout-draft`)
 * @VITRINE_ORDER_STATUS_PENDING: placed; payment pending or authorised, stock
 *   held (Shopify `PENDING`, `AUTHORIZED`, `PARTIALLY_PAID`; WooCommerce
 *   `on-hold`; a status Vitrine does not know)
 * @VITRINE_ORDER_STATUS_PAID: paid (Shopify `PAID`; WooCommerce `processing`,
 *   `completed`)
 * @VITRINE_ORDER_STATUS_PARTIALLY_REFUNDED: paid, part of it refunded
 * @VITRINE_ORDER_STATUS_REFUNDED: refunded in full
 * @VITRINE_ORDER_STATUS_CANCELLED: cancelled or voided (Shopify `cancelledAt`,
 *   `VOIDED`; WooCommerce `cancelled`, `trash`)
 * @VITRINE_ORDER_STATUS_FAILED: the payment failed or expired
 *
 * Where an order stands, the same words for every shop. The platform's own
 * word is kept beside it (vitrine_order_get_financial_status()).
 */
typedef enum
{
  VITRINE_ORDER_STATUS_AWAITING_PAYMENT,
  VITRINE_ORDER_STATUS_PENDING,
  VITRINE_ORDER_STATUS_PAID,
  VITRINE_ORDER_STATUS_PARTIALLY_REFUNDED,
  VITRINE_ORDER_STATUS_REFUNDED,
  VITRINE_ORDER_STATUS_CANCELLED,
  VITRINE_ORDER_STATUS_FAILED,
} VitrineOrderStatus;

/**
 * VitrineOrderLineItem:
 * @id: (nullable): the shop's id of the line
 * @product_id: (nullable): the product's id, shaped like the catalog's
 *   (`gid://shopify/Product/…`, `gid://woocommerce/Product/…`)
 * @variant_id: (nullable): the variant's id, shaped like the catalog's
 *   (`gid://shopify/ProductVariant/…`, `gid://woocommerce/ProductVariation/…`)
 * @sku: (nullable): the SKU of the variant sold, as the shop writes it
 * @title: (nullable): what the shop calls the line (sanitised)
 * @quantity: how many were ordered (0 or more)
 * @unit_price: the price of one; currency "" when the shop did not say it
 *
 * One line of an order.
 */
typedef struct
{
  char         *id;
  char         *product_id;
  char         *variant_id;
  char         *sku;
  char         *title;
  gint64        quantity;
  VitrineMoney  unit_price;
} VitrineOrderLineItem;

#define VITRINE_TYPE_ORDER_LINE_ITEM (vitrine_order_line_item_get_type ())

GType                 vitrine_order_line_item_get_type (void) G_GNUC_CONST;
VitrineOrderLineItem *vitrine_order_line_item_new      (void);
VitrineOrderLineItem *vitrine_order_line_item_copy     (const VitrineOrderLineItem *item);
void                  vitrine_order_line_item_free     (VitrineOrderLineItem       *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineOrderLineItem, vitrine_order_line_item_free)

#define VITRINE_TYPE_ORDER (vitrine_order_get_type ())

G_DECLARE_FINAL_TYPE (VitrineOrder, vitrine_order, VITRINE, ORDER, GObject)

GQuark vitrine_order_error_quark (void);

VitrineOrder *vitrine_order_new          (const char   *platform,
                                          const char   *id);
const char   *vitrine_order_get_platform (VitrineOrder *self);
const char   *vitrine_order_get_id       (VitrineOrder *self);
const char   *vitrine_order_get_key      (VitrineOrder *self);
const char   *vitrine_order_get_name     (VitrineOrder *self);
void          vitrine_order_set_name     (VitrineOrder *self,
                                          const char   *name);

const char *vitrine_order_get_customer              (VitrineOrder *self);
void        vitrine_order_set_customer              (VitrineOrder *self,
                                                     const char   *first_name,
                                                     const char   *last_name);
void        vitrine_order_set_customer_display_name (VitrineOrder *self,
                                                     const char   *display_name);

GDateTime          *vitrine_order_get_created_at (VitrineOrder       *self);
void                vitrine_order_set_created_at (VitrineOrder       *self,
                                                  GDateTime          *created_at);
GDateTime          *vitrine_order_get_updated_at (VitrineOrder       *self);
void                vitrine_order_set_updated_at (VitrineOrder       *self,
                                                  GDateTime          *updated_at);
const VitrineMoney *vitrine_order_get_total      (VitrineOrder       *self);
void                vitrine_order_set_total      (VitrineOrder       *self,
                                                  const VitrineMoney *total);
VitrineOrderStatus  vitrine_order_get_status     (VitrineOrder       *self);
void                vitrine_order_set_status     (VitrineOrder       *self,
                                                  VitrineOrderStatus  status);

const char *vitrine_order_get_financial_status (VitrineOrder *self);
void        vitrine_order_set_financial_status (VitrineOrder *self,
                                                const char   *financial_status);
gboolean    vitrine_order_get_test             (VitrineOrder *self);
void        vitrine_order_set_test             (VitrineOrder *self,
                                                gboolean      test);

void                        vitrine_order_add_line_item    (VitrineOrder               *self,
                                                            const VitrineOrderLineItem *item);
guint                       vitrine_order_get_n_line_items (VitrineOrder               *self);
const VitrineOrderLineItem *vitrine_order_get_line_item    (VitrineOrder               *self,
                                                            guint                       index);
gint64                      vitrine_order_get_n_units      (VitrineOrder               *self);
char                       *vitrine_order_describe_lines   (VitrineOrder               *self);
gboolean                    vitrine_order_holds_stock      (VitrineOrder               *self);

VitrineProduct *vitrine_order_line_item_match (const VitrineOrderLineItem  *line,
                                               VitrineCatalog              *catalog,
                                               VitrineProductVariant      **variant);

GHashTable *vitrine_order_applied_set_new  (void);
gboolean    vitrine_order_apply_to_catalog (VitrineOrder   *order,
                                            VitrineCatalog *catalog,
                                            GHashTable     *applied_ids,
                                            GPtrArray      *out_unmatched);

/**
 * VitrineOrderVersion:
 * @VITRINE_ORDER_VERSION_OLD: this version (or a newer one) was handled
 *   before, or it predates the cursor: drop it
 * @VITRINE_ORDER_VERSION_FIRST: the cursor holds no version of this order
 * @VITRINE_ORDER_VERSION_NEWER: a newer version of an order the cursor holds
 *
 * What vitrine_order_cursor_admit() makes of an order's version.
 */
typedef enum
{
  VITRINE_ORDER_VERSION_OLD,
  VITRINE_ORDER_VERSION_FIRST,
  VITRINE_ORDER_VERSION_NEWER,
} VitrineOrderVersion;

typedef struct _VitrineOrderCursor VitrineOrderCursor;

#define VITRINE_TYPE_ORDER_CURSOR (vitrine_order_cursor_get_type ())

GType                vitrine_order_cursor_get_type        (void) G_GNUC_CONST;
VitrineOrderCursor  *vitrine_order_cursor_new             (GDateTime                 *since);
VitrineOrderCursor  *vitrine_order_cursor_new_from_string (const char                *text,
                                                           GError                   **error);
VitrineOrderCursor  *vitrine_order_cursor_copy            (const VitrineOrderCursor  *self);
void                 vitrine_order_cursor_free            (VitrineOrderCursor        *self);
char                *vitrine_order_cursor_to_string       (const VitrineOrderCursor  *self);
GDateTime           *vitrine_order_cursor_get_since       (const VitrineOrderCursor  *self);
GDateTime           *vitrine_order_cursor_get_floor       (const VitrineOrderCursor  *self);
GDateTime           *vitrine_order_cursor_get_newest      (const VitrineOrderCursor  *self);
guint                vitrine_order_cursor_get_n_seen      (const VitrineOrderCursor  *self);
VitrineOrderVersion  vitrine_order_cursor_admit           (VitrineOrderCursor        *self,
                                                           const char                *id,
                                                           GDateTime                 *updated_at);
guint                vitrine_order_cursor_get_mark        (const VitrineOrderCursor  *self,
                                                           const char                *id);
void                 vitrine_order_cursor_set_mark        (VitrineOrderCursor        *self,
                                                           const char                *id,
                                                           guint                      mark);
void                 vitrine_order_cursor_advance         (VitrineOrderCursor        *self,
                                                           guint                      overlap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineOrderCursor, vitrine_order_cursor_free)

G_END_DECLS

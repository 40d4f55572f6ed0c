/* vitrine-shopify-orders.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vitrine-feed-error.h"
#include "vitrine-feed-source.h"
#include "vitrine-order.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_SHOPIFY_ORDERS (vitrine_shopify_orders_get_type ())

G_DECLARE_FINAL_TYPE (VitrineShopifyOrders, vitrine_shopify_orders,
                      VITRINE, SHOPIFY_ORDERS, VitrineFeedSource)

VitrineShopifyOrders *vitrine_shopify_orders_new          (const char           *id,
                                                           const char           *base_url,
                                                           const char           *secret_id);
guint                 vitrine_shopify_orders_get_interval (VitrineShopifyOrders *self);
void                  vitrine_shopify_orders_set_interval (VitrineShopifyOrders *self,
                                                           guint                 milliseconds);
guint                 vitrine_shopify_orders_get_overlap  (VitrineShopifyOrders *self);
void                  vitrine_shopify_orders_set_overlap  (VitrineShopifyOrders *self,
                                                           guint                 seconds);
void                  vitrine_shopify_orders_set_page_size (VitrineShopifyOrders *self,
                                                            guint                 page_size);
void                  vitrine_shopify_orders_set_since    (VitrineShopifyOrders *self,
                                                           GDateTime            *since);
char                 *vitrine_shopify_orders_get_cursor   (VitrineShopifyOrders *self);
gboolean              vitrine_shopify_orders_set_cursor   (VitrineShopifyOrders *self,
                                                           const char           *cursor,
                                                           GError              **error);

gboolean              vitrine_shopify_webhook_verify      (GBytes               *body,
                                                           const char           *hmac_header_b64,
                                                           const char           *secret);
VitrineOrder         *vitrine_shopify_order_from_webhook  (GBytes               *body,
                                                           GError              **error);

/**
 * VitrineShopifyOrdersPage:
 * @orders: (element-type VitrineOrder): the orders of the page that could be
 *   read, in the shop's order
 * @n_rejected: orders of the page that were not readable (no id, no valid
 *   `updatedAt`…), left out
 * @has_orders: whether the answer had `data.orders` at all
 * @has_next_page: `pageInfo.hasNextPage`
 * @end_cursor: (nullable): `pageInfo.endCursor`
 * @throttled: one of the errors is `THROTTLED`
 * @error_code: (nullable): the first error's `extensions.code`
 * @error_message: (nullable): the first error's message (sanitised)
 * @have_cost: whether `extensions.cost` was readable; then:
 * @requested_cost: `requestedQueryCost`
 * @available: `throttleStatus.currentlyAvailable`
 * @restore_rate: `throttleStatus.restoreRate`, points per second
 *
 * One answer of the Admin GraphQL `orders` query, read.
 */
typedef struct
{
  GPtrArray *orders;
  guint      n_rejected;
  gboolean   has_orders;
  gboolean   has_next_page;
  char      *end_cursor;
  gboolean   throttled;
  char      *error_code;
  char      *error_message;
  gboolean   have_cost;
  double     requested_cost;
  double     available;
  double     restore_rate;
} VitrineShopifyOrdersPage;

VitrineShopifyOrdersPage *vitrine_shopify_orders_parse_page (GBytes                   *body,
                                                             GError                  **error);
void                      vitrine_shopify_orders_page_free  (VitrineShopifyOrdersPage *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineShopifyOrdersPage, vitrine_shopify_orders_page_free)

/*< private >*/
/* Shared with vitrine-woocommerce-orders.c: what both order connectors do
 * the same way. */

/* The cursor's mark of an order that is not the show's (placed before it):
 * never shown, and forgotten like any other below the floor. */
#define _VITRINE_ORDERS_MARK_IGNORED 0xFFFF

JsonNode  *_vitrine_orders_parse_json       (GBytes              *body,
                                             char               **message);
GDateTime *_vitrine_orders_parse_time       (const char          *text,
                                             GTimeZone           *default_tz);
gboolean   _vitrine_orders_parse_money      (JsonNode            *amount,
                                             const char          *currency,
                                             VitrineMoney        *out);
char      *_vitrine_orders_id_from_node     (JsonNode            *node,
                                             const char          *prefix);
char      *_vitrine_orders_clean_message    (const char          *message);
void       _vitrine_orders_announce         (VitrineFeedSource   *source,
                                             VitrineOrderCursor  *cursor,
                                             VitrineOrder        *order,
                                             VitrineOrderVersion  version,
                                             GDateTime           *poll_floor);
gboolean   _vitrine_orders_report_error     (VitrineFeedSource   *source,
                                             const GError        *error,
                                             guint               *retry_ms);
char      *_vitrine_orders_waiting_status   (const char          *what,
                                             guint                milliseconds);

G_END_DECLS

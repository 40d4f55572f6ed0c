/* vitrine-woocommerce-orders.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-feed-error.h"
#include "vitrine-feed-source.h"
#include "vitrine-order.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_WOOCOMMERCE_ORDERS (vitrine_woocommerce_orders_get_type ())

G_DECLARE_FINAL_TYPE (VitrineWooCommerceOrders, vitrine_woocommerce_orders,
                      VITRINE, WOOCOMMERCE_ORDERS, VitrineFeedSource)

VitrineWooCommerceOrders *vitrine_woocommerce_orders_new (const char *id,
                                                          const char *base_url,
                                                          const char *secret_id);

guint vitrine_woocommerce_orders_get_interval  (VitrineWooCommerceOrders *self);
void  vitrine_woocommerce_orders_set_interval  (VitrineWooCommerceOrders *self,
                                                guint                     milliseconds);
guint vitrine_woocommerce_orders_get_overlap   (VitrineWooCommerceOrders *self);
void  vitrine_woocommerce_orders_set_overlap   (VitrineWooCommerceOrders *self,
                                                guint                     seconds);
void  vitrine_woocommerce_orders_set_page_size (VitrineWooCommerceOrders *self,
                                                guint                     per_page);

void      vitrine_woocommerce_orders_set_since  (VitrineWooCommerceOrders  *self,
                                                 GDateTime                 *since);
char     *vitrine_woocommerce_orders_get_cursor (VitrineWooCommerceOrders  *self);
gboolean  vitrine_woocommerce_orders_set_cursor (VitrineWooCommerceOrders  *self,
                                                 const char                *cursor,
                                                 GError                   **error);

GPtrArray *vitrine_woocommerce_orders_parse_page (GBytes  *body,
                                                  guint   *n_rejected,
                                                  GError **error);

G_END_DECLS

/* vitrine-product-sync.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "vitrine-catalog-import.h"
#include "vitrine-catalog.h"
#include "vitrine-feed-error.h"

G_BEGIN_DECLS

/**
 * VitrineProductSyncOptions:
 * @base_url: the shop's address: `https://example.myshopify.com` for
 *   Shopify, the WordPress address (`https://shop.example.com`, or
 *   `https://example.com/shop` when WordPress lives in a folder) for
 *   WooCommerce. Plain `http://` is only accepted for the local machine
 *   (127.0.0.1, ::1, localhost), so that credentials never cross a network
 *   in the clear
 * @secret_id: (nullable): the keyring item holding the credentials, or %NULL
 *   for `shopify:<host>` / `woocommerce:<host>`. The environment variable
 *   named by vitrine_secrets_env_name() is read first (headless runs, tests)
 * @currency: (nullable): the shop's currency, such as `EUR`, when the shop
 *   does not say it (a Shopify price always says it; for WooCommerce this
 *   saves a request)
 * @api_version: (nullable): Shopify only: the Admin API version, or %NULL for
 *   %VITRINE_SHOPIFY_API_VERSION
 * @query_string_auth: WooCommerce only: send the consumer key and secret in
 *   the query string instead of an `Authorization` header, for servers that
 *   strip that header. Vitrine also switches by itself when the shop answers
 *   “Consumer key is missing”
 * @catalog: (nullable): the catalog the products are meant for: a product it
 *   already has (same id) keeps its short code, and new products get codes
 *   and SKUs it does not use
 * @session: (nullable): the #SoupSession to use, or %NULL for a new one
 *
 * Where a shop is and how to read it. Everything but @base_url may be left
 * zero.
 */
typedef struct
{
  const char     *base_url;
  const char     *secret_id;
  const char     *currency;
  const char     *api_version;
  gboolean        query_string_auth;
  VitrineCatalog *catalog;
  SoupSession    *session;
} VitrineProductSyncOptions;

#define VITRINE_TYPE_PRODUCT_SYNC (vitrine_product_sync_get_type ())

G_DECLARE_FINAL_TYPE (VitrineProductSync, vitrine_product_sync, VITRINE, PRODUCT_SYNC, GObject)

GListModel                  *vitrine_product_sync_get_products    (VitrineProductSync  *self);
guint                        vitrine_product_sync_get_n_problems  (VitrineProductSync  *self);
const VitrineCatalogProblem *vitrine_product_sync_get_problem     (VitrineProductSync  *self,
                                                                   guint                index);
gboolean                     vitrine_product_sync_is_complete     (VitrineProductSync  *self);
const char                  *vitrine_product_sync_get_currency    (VitrineProductSync  *self);
gboolean                     vitrine_product_sync_apply           (VitrineProductSync  *self,
                                                                   VitrineCatalog      *catalog,
                                                                   GError             **error);
GListModel                  *vitrine_product_sync_list_gone       (VitrineProductSync  *self,
                                                                   VitrineCatalog      *catalog);

G_END_DECLS

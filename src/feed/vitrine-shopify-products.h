/* vitrine-shopify-products.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-product-sync.h"

G_BEGIN_DECLS

/**
 * VITRINE_SHOPIFY_API_VERSION:
 *
 * The Admin API version Vitrine asks for unless told otherwise. Shopify
 * answers a version it no longer supports with the oldest one it does.
 */
#define VITRINE_SHOPIFY_API_VERSION "2025-10"

void vitrine_shopify_products_fetch_async (const VitrineProductSyncOptions  *options,
                                           GCancellable                     *cancellable,
                                           GAsyncReadyCallback               callback,
                                           gpointer                          user_data);
VitrineProductSync *vitrine_shopify_products_fetch_finish (GAsyncResult  *result,
                                                           GError       **error);

G_END_DECLS

/* vitrine-woocommerce-products.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-product-sync.h"

G_BEGIN_DECLS

void vitrine_woocommerce_products_fetch_async (const VitrineProductSyncOptions  *options,
                                               GCancellable                     *cancellable,
                                               GAsyncReadyCallback               callback,
                                               gpointer                          user_data);
VitrineProductSync *vitrine_woocommerce_products_fetch_finish (GAsyncResult  *result,
                                                               GError       **error);

G_END_DECLS

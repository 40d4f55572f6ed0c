/* vitrine-product-variant.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vitrine-money.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PRODUCT_VARIANT (vitrine_product_variant_get_type ())

G_DECLARE_FINAL_TYPE (VitrineProductVariant, vitrine_product_variant,
                      VITRINE, PRODUCT_VARIANT, GObject)

VitrineProductVariant *vitrine_product_variant_new                  (const char            *id,
                                                                     const char            *sku);
const char            *vitrine_product_variant_get_id               (VitrineProductVariant *self);
const char            *vitrine_product_variant_get_sku              (VitrineProductVariant *self);
const char            *vitrine_product_variant_get_title            (VitrineProductVariant *self);
void                   vitrine_product_variant_set_title            (VitrineProductVariant *self,
                                                                     const char            *title);
const char * const    *vitrine_product_variant_get_options          (VitrineProductVariant *self);
void                   vitrine_product_variant_set_options          (VitrineProductVariant *self,
                                                                     const char * const *options);
const VitrineMoney    *vitrine_product_variant_get_price            (VitrineProductVariant *self);
void                   vitrine_product_variant_set_price            (VitrineProductVariant *self,
                                                                     const VitrineMoney    *price);
const VitrineMoney    *vitrine_product_variant_get_compare_at_price (VitrineProductVariant *self);
void                   vitrine_product_variant_set_compare_at_price (VitrineProductVariant *self,
                                                                     const VitrineMoney    *price);
gint64                 vitrine_product_variant_get_stock            (VitrineProductVariant *self);
void                   vitrine_product_variant_set_stock            (VitrineProductVariant *self,
                                                                     gint64                 stock);

G_END_DECLS

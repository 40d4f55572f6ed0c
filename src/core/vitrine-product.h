/* vitrine-product.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-money.h"
#include "vitrine-product-variant.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PRODUCT (vitrine_product_get_type ())

G_DECLARE_FINAL_TYPE (VitrineProduct, vitrine_product, VITRINE, PRODUCT, GObject)

VitrineProduct        *vitrine_product_new                  (const char            *id,
                                                             const char            *code,
                                                             const char            *sku);
const char            *vitrine_product_get_id               (VitrineProduct        *self);
const char            *vitrine_product_get_code             (VitrineProduct        *self);
const char            *vitrine_product_get_sku              (VitrineProduct        *self);
const char            *vitrine_product_get_title            (VitrineProduct        *self);
void                   vitrine_product_set_title            (VitrineProduct        *self,
                                                             const char            *title);
const char            *vitrine_product_get_description      (VitrineProduct        *self);
void                   vitrine_product_set_description      (VitrineProduct        *self,
                                                             const char            *description);
const char            *vitrine_product_get_image            (VitrineProduct        *self);
void                   vitrine_product_set_image            (VitrineProduct        *self,
                                                             const char            *image);
const char            *vitrine_product_get_checkout_url     (VitrineProduct        *self);
void                   vitrine_product_set_checkout_url     (VitrineProduct        *self,
                                                             const char            *checkout_url);
const char * const    *vitrine_product_get_tags             (VitrineProduct        *self);
void                   vitrine_product_set_tags             (VitrineProduct        *self,
                                                             const char * const    *tags);
const char * const    *vitrine_product_get_option_names     (VitrineProduct        *self);
void                   vitrine_product_set_option_names     (VitrineProduct        *self,
                                                             const char * const    *option_names);
const VitrineMoney    *vitrine_product_get_price            (VitrineProduct        *self);
void                   vitrine_product_set_price            (VitrineProduct        *self,
                                                             const VitrineMoney    *price);
const VitrineMoney    *vitrine_product_get_compare_at_price (VitrineProduct        *self);
void                   vitrine_product_set_compare_at_price (VitrineProduct        *self,
                                                             const VitrineMoney    *price);
gint64                 vitrine_product_get_stock            (VitrineProduct        *self);
void                   vitrine_product_set_stock            (VitrineProduct        *self,
                                                             gint64                 stock);
GListModel            *vitrine_product_get_variants         (VitrineProduct        *self);
void                   vitrine_product_add_variant          (VitrineProduct        *self,
                                                             VitrineProductVariant *variant);
VitrineProductVariant *vitrine_product_find_variant         (VitrineProduct        *self,
                                                             const char            *sku);
gint64                 vitrine_product_take_stock           (VitrineProduct        *self,
                                                             VitrineProductVariant *variant,
                                                             gint64                 quantity);
guint                  vitrine_product_get_discount_percent (VitrineProduct        *self);
gboolean               vitrine_product_is_sold_out          (VitrineProduct        *self);
gboolean               vitrine_product_code_is_valid        (const char            *code);

G_END_DECLS

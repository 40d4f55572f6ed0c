/* vitrine-product-row.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-graphics.h"
#include "vitrine-product.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PRODUCT_ROW (vitrine_product_row_get_type ())

G_DECLARE_FINAL_TYPE (VitrineProductRow, vitrine_product_row, VITRINE, PRODUCT_ROW, GtkBox)

GtkWidget       *vitrine_product_row_new          (void);
VitrineProduct  *vitrine_product_row_get_product  (VitrineProductRow *self);
void             vitrine_product_row_set_product  (VitrineProductRow *self,
                                                   VitrineProduct    *product);
VitrineGraphics *vitrine_product_row_get_graphics (VitrineProductRow *self);
void             vitrine_product_row_set_graphics (VitrineProductRow *self,
                                                   VitrineGraphics   *graphics);
gboolean         vitrine_product_row_get_pinned   (VitrineProductRow *self);

G_END_DECLS

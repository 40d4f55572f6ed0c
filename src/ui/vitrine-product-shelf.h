/* vitrine-product-shelf.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-catalog.h"
#include "vitrine-graphics.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PRODUCT_SHELF (vitrine_product_shelf_get_type ())

G_DECLARE_FINAL_TYPE (VitrineProductShelf, vitrine_product_shelf, VITRINE, PRODUCT_SHELF, GtkBox)

GtkWidget       *vitrine_product_shelf_new              (void);
VitrineCatalog  *vitrine_product_shelf_get_catalog      (VitrineProductShelf *self);
void             vitrine_product_shelf_set_catalog      (VitrineProductShelf *self,
                                                         VitrineCatalog      *catalog);
VitrineGraphics *vitrine_product_shelf_get_graphics     (VitrineProductShelf *self);
void             vitrine_product_shelf_set_graphics     (VitrineProductShelf *self,
                                                         VitrineGraphics     *graphics);
void             vitrine_product_shelf_set_empty_text   (VitrineProductShelf *self,
                                                         const char          *title,
                                                         const char          *description);
GtkSearchEntry  *vitrine_product_shelf_get_search_entry (VitrineProductShelf *self);
GListModel      *vitrine_product_shelf_get_shown        (VitrineProductShelf *self);

G_END_DECLS

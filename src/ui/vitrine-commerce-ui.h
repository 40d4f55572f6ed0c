/* vitrine-commerce-ui.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vitrine-catalog.h"
#include "vitrine-show.h"

G_BEGIN_DECLS

/* What the host controls share: finding the products the show names, and
 * writing prices and countdowns the way the window shows them. The headless
 * mode (src/vitrine-headless.c) resolves products the same way. */

VitrineProduct *vitrine_commerce_find_product         (VitrineCatalog              *catalog,
                                                       const char                  *key);
int             vitrine_commerce_find_run_of_show     (VitrineShow                 *show,
                                                       VitrineCatalog              *catalog,
                                                       VitrineProduct              *product);
gboolean        vitrine_commerce_parse_deal_price     (const VitrineRunOfShowItem  *item,
                                                       VitrineProduct              *product,
                                                       VitrineMoney                *price,
                                                       GError                     **error);
char           *vitrine_commerce_format_deal          (const VitrineRunOfShowItem  *item,
                                                       VitrineProduct              *product);
char           *vitrine_commerce_format_price         (const VitrineMoney          *money);
char           *vitrine_commerce_format_duration      (gint64                       seconds);
char           *vitrine_commerce_format_stock         (VitrineProduct              *product);
gboolean        vitrine_commerce_product_matches      (VitrineProduct              *product,
                                                       const char                  *folded_query);

G_END_DECLS

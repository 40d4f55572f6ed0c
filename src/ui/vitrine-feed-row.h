/* vitrine-feed-row.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-feed-item.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_FEED_ROW (vitrine_feed_row_get_type ())

G_DECLARE_FINAL_TYPE (VitrineFeedRow, vitrine_feed_row, VITRINE, FEED_ROW, GtkBox)

GtkWidget       *vitrine_feed_row_new            (void);
VitrineFeedItem *vitrine_feed_row_get_item       (VitrineFeedRow  *self);
void             vitrine_feed_row_set_item       (VitrineFeedRow  *self,
                                                  VitrineFeedItem *item);
gboolean         vitrine_feed_row_get_on_screen  (VitrineFeedRow  *self);
void             vitrine_feed_row_set_on_screen  (VitrineFeedRow  *self,
                                                  gboolean         on_screen);
GtkWidget       *vitrine_feed_row_get_menu_button (VitrineFeedRow *self);
char            *vitrine_feed_row_dup_badge_text (VitrineFeedItem *item);
const char      *vitrine_feed_platform_name      (const char      *platform);
const char      *vitrine_feed_platform_css_class (const char      *platform);

G_END_DECLS

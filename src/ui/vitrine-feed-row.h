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

/**
 * VitrineFeedRowAction:
 * @VITRINE_FEED_ROW_HIDE: hide the message here ("Hide")
 * @VITRINE_FEED_ROW_UNHIDE: show it again, or let a held one through ("Allow")
 * @VITRINE_FEED_ROW_QUEUE: put it in the on-screen queue ("Queue for Screen")
 * @VITRINE_FEED_ROW_DELETE: delete it on the platform, for everyone
 * @VITRINE_FEED_ROW_TIMEOUT: time its author out on the platform (asks first)
 * @VITRINE_FEED_ROW_BAN: ban its author on the platform (asks first)
 *
 * What the host chose in a row's menu (#VitrineFeedRow::moderate).
 */
typedef enum
{
  VITRINE_FEED_ROW_HIDE,
  VITRINE_FEED_ROW_UNHIDE,
  VITRINE_FEED_ROW_QUEUE,
  VITRINE_FEED_ROW_DELETE,
  VITRINE_FEED_ROW_TIMEOUT,
  VITRINE_FEED_ROW_BAN,
} VitrineFeedRowAction;

/**
 * VitrineFeedRowAbilities:
 * @VITRINE_FEED_ROW_CAN_NONE: only what is done here
 * @VITRINE_FEED_ROW_CAN_DELETE: its connector can delete the message on the platform
 * @VITRINE_FEED_ROW_CAN_TIMEOUT: its connector can time its author out
 * @VITRINE_FEED_ROW_CAN_BAN: its connector can ban its author
 * @VITRINE_FEED_ROW_QUEUED: the message is in the on-screen queue already
 *
 * What the row offers beyond hiding, as the pane knows it.
 */
typedef enum /*< flags >*/
{
  VITRINE_FEED_ROW_CAN_NONE    = 0,
  VITRINE_FEED_ROW_CAN_DELETE  = 1 << 0,
  VITRINE_FEED_ROW_CAN_TIMEOUT = 1 << 1,
  VITRINE_FEED_ROW_CAN_BAN     = 1 << 2,
  VITRINE_FEED_ROW_QUEUED      = 1 << 3,
} VitrineFeedRowAbilities;

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
void             vitrine_feed_row_popup_menu     (VitrineFeedRow  *self);
VitrineFeedRowAbilities
                 vitrine_feed_row_get_abilities  (VitrineFeedRow  *self);
void             vitrine_feed_row_set_abilities  (VitrineFeedRow  *self,
                                                  VitrineFeedRowAbilities abilities);
gboolean         vitrine_feed_row_get_show_hidden (VitrineFeedRow *self);
void             vitrine_feed_row_set_show_hidden (VitrineFeedRow *self,
                                                   gboolean        show_hidden);
char            *vitrine_feed_row_dup_badge_text (VitrineFeedItem *item);
const char      *vitrine_feed_platform_name      (const char      *platform);
const char      *vitrine_feed_platform_css_class (const char      *platform);

G_END_DECLS

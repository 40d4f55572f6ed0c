/* vitrine-feed-pane.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-comment-queue.h"
#include "vitrine-feed.h"

G_BEGIN_DECLS

/**
 * VitrineFeedFilter:
 * @VITRINE_FEED_FILTER_ALL: everything
 * @VITRINE_FEED_FILTER_CHAT: viewers' chat messages
 * @VITRINE_FEED_FILTER_PAID: paid messages (Super Chats, bits, gifts) and memberships
 * @VITRINE_FEED_FILTER_ORDERS: orders from the shop
 * @VITRINE_FEED_FILTER_CLAIMS: comments that claim a product
 *
 * The choices of the pane's filter, in the order it lists them.
 */
typedef enum
{
  VITRINE_FEED_FILTER_ALL,
  VITRINE_FEED_FILTER_CHAT,
  VITRINE_FEED_FILTER_PAID,
  VITRINE_FEED_FILTER_ORDERS,
  VITRINE_FEED_FILTER_CLAIMS,
} VitrineFeedFilter;

#define VITRINE_TYPE_FEED_PANE (vitrine_feed_pane_get_type ())

G_DECLARE_FINAL_TYPE (VitrineFeedPane, vitrine_feed_pane, VITRINE, FEED_PANE, GtkBox)

GtkWidget        *vitrine_feed_pane_new               (void);
VitrineFeed      *vitrine_feed_pane_get_feed          (VitrineFeedPane   *self);
void              vitrine_feed_pane_set_feed          (VitrineFeedPane   *self,
                                                       VitrineFeed       *feed);
void              vitrine_feed_pane_update_sources    (VitrineFeedPane   *self);
VitrineFeedFilter vitrine_feed_pane_get_filter        (VitrineFeedPane   *self);
void              vitrine_feed_pane_set_filter        (VitrineFeedPane   *self,
                                                       VitrineFeedFilter  filter);
GtkSearchEntry   *vitrine_feed_pane_get_search_entry  (VitrineFeedPane   *self);
GtkDropDown      *vitrine_feed_pane_get_filter_dropdown (VitrineFeedPane *self);
GListModel       *vitrine_feed_pane_get_shown         (VitrineFeedPane   *self);
gboolean          vitrine_feed_pane_get_following     (VitrineFeedPane   *self);
guint             vitrine_feed_pane_get_n_new         (VitrineFeedPane   *self);
GtkWidget        *vitrine_feed_pane_get_new_button    (VitrineFeedPane   *self);
GtkListView      *vitrine_feed_pane_get_list_view     (VitrineFeedPane   *self);
void              vitrine_feed_pane_scroll_to_newest  (VitrineFeedPane   *self);
VitrineFeedItem  *vitrine_feed_pane_get_on_screen     (VitrineFeedPane   *self);
void              vitrine_feed_pane_set_on_screen     (VitrineFeedPane   *self,
                                                       VitrineFeedItem   *item);
gboolean          vitrine_feed_pane_get_show_hidden   (VitrineFeedPane   *self);
void              vitrine_feed_pane_set_show_hidden   (VitrineFeedPane   *self,
                                                       gboolean           show_hidden);
VitrineCommentQueue *vitrine_feed_pane_get_comment_queue (VitrineFeedPane *self);

G_END_DECLS

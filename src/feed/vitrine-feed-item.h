/* vitrine-feed-item.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * VitrineFeedItemKind:
 * @VITRINE_FEED_ITEM_NOTICE: something the studio itself says (a destination went live…)
 * @VITRINE_FEED_ITEM_CHAT: a viewer's chat message
 * @VITRINE_FEED_ITEM_ORDER: an order from the shop
 */
typedef enum
{
  VITRINE_FEED_ITEM_NOTICE,
  VITRINE_FEED_ITEM_CHAT,
  VITRINE_FEED_ITEM_ORDER,
} VitrineFeedItemKind;

#define VITRINE_TYPE_FEED_ITEM (vitrine_feed_item_get_type ())

G_DECLARE_FINAL_TYPE (VitrineFeedItem, vitrine_feed_item, VITRINE, FEED_ITEM, GObject)

VitrineFeedItem     *vitrine_feed_item_new           (VitrineFeedItemKind  kind,
                                                      const char          *platform,
                                                      const char          *author,
                                                      const char          *text,
                                                      GDateTime           *time);
VitrineFeedItemKind  vitrine_feed_item_get_kind      (VitrineFeedItem     *self);
const char          *vitrine_feed_item_get_platform  (VitrineFeedItem     *self);
const char          *vitrine_feed_item_get_author    (VitrineFeedItem     *self);
const char          *vitrine_feed_item_get_text      (VitrineFeedItem     *self);
GDateTime           *vitrine_feed_item_get_time      (VitrineFeedItem     *self);
char                *vitrine_feed_sanitize_text      (const char          *text,
                                                      gsize                max_chars);

G_END_DECLS

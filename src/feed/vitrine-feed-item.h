/* vitrine-feed-item.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-money.h"

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
  VITRINE_FEED_ITEM_PAID,
  VITRINE_FEED_ITEM_MEMBERSHIP,
  VITRINE_FEED_ITEM_CLAIM,
  VITRINE_FEED_ITEM_MODERATION,
} VitrineFeedItemKind;

/**
 * VitrineFeedItemFlags:
 * @VITRINE_FEED_ITEM_FLAG_NONE: nothing special
 * @VITRINE_FEED_ITEM_FLAG_OWNER: written by the channel's owner
 * @VITRINE_FEED_ITEM_FLAG_MODERATOR: written by a moderator
 * @VITRINE_FEED_ITEM_FLAG_MEMBER: a member or subscriber
 * @VITRINE_FEED_ITEM_FLAG_VERIFIED: a verified account
 */
typedef enum /*< flags >*/
{
  VITRINE_FEED_ITEM_FLAG_NONE      = 0,
  VITRINE_FEED_ITEM_FLAG_OWNER     = 1 << 0,
  VITRINE_FEED_ITEM_FLAG_MODERATOR = 1 << 1,
  VITRINE_FEED_ITEM_FLAG_MEMBER    = 1 << 2,
  VITRINE_FEED_ITEM_FLAG_VERIFIED  = 1 << 3,
} VitrineFeedItemFlags;

/**
 * VitrineFeedItemVisibility:
 * @VITRINE_FEED_ITEM_VISIBLE: shown
 * @VITRINE_FEED_ITEM_DELETED: deleted on the platform (by its author or a moderator)
 * @VITRINE_FEED_ITEM_BANNED: its author was banned or timed out
 * @VITRINE_FEED_ITEM_HIDDEN: hidden by the host, here only
 */
typedef enum
{
  VITRINE_FEED_ITEM_VISIBLE,
  VITRINE_FEED_ITEM_DELETED,
  VITRINE_FEED_ITEM_BANNED,
  VITRINE_FEED_ITEM_HIDDEN,
} VitrineFeedItemVisibility;

/**
 * VitrineFeedItemFilterState:
 * @VITRINE_FEED_ITEM_FILTER_NONE: the word filter let it through (or the
 *   host decided about it)
 * @VITRINE_FEED_ITEM_FILTER_HIDDEN: hidden by the word filter (the show's
 *   action "hide")
 * @VITRINE_FEED_ITEM_FILTER_HELD: held by the word filter until the host
 *   allows it or hides it (the show's action "hold")
 *
 * What the show's word filter did with a message; its visibility is
 * %VITRINE_FEED_ITEM_HIDDEN while hidden or held.
 */
typedef enum
{
  VITRINE_FEED_ITEM_FILTER_NONE,
  VITRINE_FEED_ITEM_FILTER_HIDDEN,
  VITRINE_FEED_ITEM_FILTER_HELD,
} VitrineFeedItemFilterState;

#define VITRINE_TYPE_FEED_ITEM (vitrine_feed_item_get_type ())

G_DECLARE_FINAL_TYPE (VitrineFeedItem, vitrine_feed_item, VITRINE, FEED_ITEM, GObject)

VitrineFeedItem     *vitrine_feed_item_new           (VitrineFeedItemKind  kind,
                                                      const char          *platform,
                                                      const char          *author,
                                                      const char          *text,
                                                      GDateTime           *time);
VitrineFeedItem     *vitrine_feed_item_new_full      (VitrineFeedItemKind  kind,
                                                      const char          *platform,
                                                      const char          *id,
                                                      const char          *author_id,
                                                      const char          *author,
                                                      const char          *text,
                                                      GDateTime           *time);
VitrineFeedItemKind  vitrine_feed_item_get_kind      (VitrineFeedItem     *self);
const char          *vitrine_feed_item_get_id        (VitrineFeedItem     *self);
const char          *vitrine_feed_item_get_author_id (VitrineFeedItem     *self);
GDateTime           *vitrine_feed_item_get_received  (VitrineFeedItem     *self);
const char          *vitrine_feed_item_get_source_id (VitrineFeedItem     *self);
void                 vitrine_feed_item_set_source_id (VitrineFeedItem     *self,
                                                      const char          *source_id);
const VitrineMoney  *vitrine_feed_item_get_amount    (VitrineFeedItem     *self);
void                 vitrine_feed_item_set_amount    (VitrineFeedItem     *self,
                                                      const VitrineMoney  *amount);
const char          *vitrine_feed_item_get_detail    (VitrineFeedItem     *self);
void                 vitrine_feed_item_set_detail    (VitrineFeedItem     *self,
                                                      const char          *detail);
VitrineFeedItemFlags vitrine_feed_item_get_flags     (VitrineFeedItem     *self);
void                 vitrine_feed_item_set_flags     (VitrineFeedItem     *self,
                                                      VitrineFeedItemFlags flags);
VitrineFeedItemVisibility
                     vitrine_feed_item_get_visibility (VitrineFeedItem    *self);
void                 vitrine_feed_item_set_visibility (VitrineFeedItem    *self,
                                                       VitrineFeedItemVisibility visibility);
VitrineFeedItemFilterState
                     vitrine_feed_item_get_filter_state (VitrineFeedItem  *self);
const char          *vitrine_feed_item_get_blocked_word (VitrineFeedItem  *self);
void                 vitrine_feed_item_set_filtered   (VitrineFeedItem    *self,
                                                       VitrineFeedItemFilterState state,
                                                       const char         *blocked_word);
const char          *vitrine_feed_item_get_platform  (VitrineFeedItem     *self);
const char          *vitrine_feed_item_get_author    (VitrineFeedItem     *self);
const char          *vitrine_feed_item_get_text      (VitrineFeedItem     *self);
GDateTime           *vitrine_feed_item_get_time      (VitrineFeedItem     *self);
char                *vitrine_feed_sanitize_text      (const char          *text,
                                                      gsize                max_chars);
char                *vitrine_feed_sanitize_name      (const char          *text,
                                                      gsize                max_chars);

G_END_DECLS

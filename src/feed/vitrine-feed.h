/* vitrine-feed.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-feed-item.h"
#include "vitrine-feed-source.h"
#include "vitrine-word-filter.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_FEED (vitrine_feed_get_type ())

G_DECLARE_FINAL_TYPE (VitrineFeed, vitrine_feed, VITRINE, FEED, GObject)

VitrineFeed *vitrine_feed_new         (guint            window);
void         vitrine_feed_append      (VitrineFeed     *self,
                                       VitrineFeedItem *item);
guint        vitrine_feed_get_window  (VitrineFeed     *self);
guint64      vitrine_feed_get_total   (VitrineFeed     *self);
VitrineFeedItem *vitrine_feed_find    (VitrineFeed       *self,
                                       const char        *platform,
                                       const char        *id);
gboolean     vitrine_feed_retract     (VitrineFeed       *self,
                                       const char        *platform,
                                       const char        *id);
guint        vitrine_feed_timeout     (VitrineFeed       *self,
                                       const char        *platform,
                                       const char        *author_id,
                                       guint              seconds);
guint        vitrine_feed_ban         (VitrineFeed       *self,
                                       const char        *platform,
                                       const char        *author_id);
void         vitrine_feed_add_source  (VitrineFeed       *self,
                                       VitrineFeedSource *source);
GPtrArray   *vitrine_feed_get_sources (VitrineFeed       *self);
VitrineFeedSource *vitrine_feed_find_source (VitrineFeed       *self,
                                             VitrineFeedItem   *item);
void         vitrine_feed_set_word_filter (VitrineFeed       *self,
                                           VitrineWordFilter *filter);
VitrineWordFilter *vitrine_feed_get_word_filter (VitrineFeed *self);
void         vitrine_feed_hide        (VitrineFeed       *self,
                                       VitrineFeedItem   *item);
void         vitrine_feed_unhide      (VitrineFeed       *self,
                                       VitrineFeedItem   *item);

G_END_DECLS

/* vitrine-feed-source.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "vitrine-feed-item.h"
#include "vitrine-order.h"

G_BEGIN_DECLS

/**
 * VitrineFeedSourceState:
 * @VITRINE_FEED_SOURCE_IDLE: not started
 * @VITRINE_FEED_SOURCE_CONNECTING: connecting or asking for the first page
 * @VITRINE_FEED_SOURCE_LIVE: receiving
 * @VITRINE_FEED_SOURCE_RECONNECTING: lost; tries again after a backoff
 * @VITRINE_FEED_SOURCE_RATE_LIMITED: the platform asked us to slow down or
 *   the daily quota is spent; tries again later
 * @VITRINE_FEED_SOURCE_UNAUTHORIZED: the platform refused the token; waits
 *   for the host (a new sign-in)
 * @VITRINE_FEED_SOURCE_ENDED: the platform says the chat ended
 * @VITRINE_FEED_SOURCE_FAILED: cannot work as configured (bad URL…)
 * @VITRINE_FEED_SOURCE_STOPPED: stopped by the host
 */
typedef enum
{
  VITRINE_FEED_SOURCE_IDLE,
  VITRINE_FEED_SOURCE_CONNECTING,
  VITRINE_FEED_SOURCE_LIVE,
  VITRINE_FEED_SOURCE_RECONNECTING,
  VITRINE_FEED_SOURCE_RATE_LIMITED,
  VITRINE_FEED_SOURCE_UNAUTHORIZED,
  VITRINE_FEED_SOURCE_ENDED,
  VITRINE_FEED_SOURCE_FAILED,
  VITRINE_FEED_SOURCE_STOPPED,
} VitrineFeedSourceState;

#define VITRINE_TYPE_FEED_SOURCE (vitrine_feed_source_get_type ())

G_DECLARE_DERIVABLE_TYPE (VitrineFeedSource, vitrine_feed_source, VITRINE, FEED_SOURCE, GObject)

/**
 * VitrineFeedSourceClass:
 * @start: begin connecting or polling (main thread; never blocks)
 * @stop: stop and drop connections; no item is emitted afterwards
 *
 * A chat or order connector. Subclasses speak one platform's protocol and
 * report through the protected `_vitrine_feed_source_*()` calls.
 */
struct _VitrineFeedSourceClass
{
  GObjectClass parent_class;

  void     (*start)          (VitrineFeedSource  *self);
  void     (*stop)           (VitrineFeedSource  *self);
  char    *(*dup_cursor)     (VitrineFeedSource  *self);
  gboolean (*restore_cursor) (VitrineFeedSource  *self,
                              const char         *cursor,
                              GError            **error);

  /*< private >*/
  gpointer padding[6];
};

char                   *vitrine_feed_source_dup_cursor     (VitrineFeedSource  *self);
gboolean                vitrine_feed_source_restore_cursor (VitrineFeedSource  *self,
                                                            const char         *cursor,
                                                            GError            **error);
const char             *vitrine_feed_source_get_id       (VitrineFeedSource *self);
const char             *vitrine_feed_source_get_platform (VitrineFeedSource *self);
const char             *vitrine_feed_source_get_base_url (VitrineFeedSource *self);
VitrineFeedSourceState  vitrine_feed_source_get_state    (VitrineFeedSource *self);
const char             *vitrine_feed_source_get_status   (VitrineFeedSource *self);
SoupSession            *vitrine_feed_source_get_session  (VitrineFeedSource *self);
void                    vitrine_feed_source_start        (VitrineFeedSource *self);
void                    vitrine_feed_source_stop         (VitrineFeedSource *self);

/* For subclasses (main thread). */
void          _vitrine_feed_source_set_state     (VitrineFeedSource      *self,
                                                  VitrineFeedSourceState  state,
                                                  const char             *status);
void          _vitrine_feed_source_emit_item     (VitrineFeedSource      *self,
                                                  VitrineFeedItem        *item);
void          _vitrine_feed_source_emit_retract  (VitrineFeedSource      *self,
                                                  const char             *item_id);
void          _vitrine_feed_source_emit_order    (VitrineFeedSource      *self,
                                                  VitrineOrder           *order);
void          _vitrine_feed_source_emit_timeout  (VitrineFeedSource      *self,
                                                  const char             *author_id,
                                                  guint                   seconds);
void          _vitrine_feed_source_emit_ban      (VitrineFeedSource      *self,
                                                  const char             *author_id);
guint         _vitrine_feed_source_next_backoff  (VitrineFeedSource      *self);
void          _vitrine_feed_source_reset_backoff (VitrineFeedSource      *self);
GCancellable *_vitrine_feed_source_get_cancellable (VitrineFeedSource    *self);

G_END_DECLS

/* vitrine-feed-session.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-catalog.h"
#include "vitrine-claim-queue.h"
#include "vitrine-feed.h"
#include "vitrine-journal.h"
#include "vitrine-order.h"
#include "vitrine-show.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_FEED_SESSION (vitrine_feed_session_get_type ())

G_DECLARE_FINAL_TYPE (VitrineFeedSession, vitrine_feed_session, VITRINE, FEED_SESSION, GObject)

VitrineFeedSession *vitrine_feed_session_new                 (VitrineShow          *show,
                                                              const char           *show_dir,
                                                              guint                 window);
GPtrArray          *vitrine_feed_session_get_problems        (VitrineFeedSession   *self);
char               *vitrine_feed_session_default_journal_path (VitrineShow         *show,
                                                              const char           *show_path);

VitrineFeed        *vitrine_feed_session_get_feed            (VitrineFeedSession   *self);
VitrineClaimQueue  *vitrine_feed_session_get_claims          (VitrineFeedSession   *self);
VitrineJournal     *vitrine_feed_session_get_journal         (VitrineFeedSession   *self);
VitrineCatalog     *vitrine_feed_session_get_catalog         (VitrineFeedSession   *self);
void                vitrine_feed_session_set_stock_from_shop (VitrineFeedSession  *self,
                                                              gboolean             from_shop);
void                vitrine_feed_session_set_catalog         (VitrineFeedSession   *self,
                                                              VitrineCatalog       *catalog);

char               *vitrine_feed_session_dup_order_alert     (VitrineFeedSession   *self,
                                                              VitrineOrder         *order);
const char         *vitrine_feed_session_get_claim_id        (VitrineFeedSession   *self,
                                                              VitrineClaim         *claim);
VitrineClaim       *vitrine_feed_session_find_claim          (VitrineFeedSession   *self,
                                                              const char           *id);

void                vitrine_feed_session_start               (VitrineFeedSession   *self,
                                                              const char           *journal_path);
gboolean            vitrine_feed_session_is_started          (VitrineFeedSession   *self);
void                vitrine_feed_session_record_destination  (VitrineFeedSession   *self,
                                                              const char           *destination,
                                                              const char           *state,
                                                              const char           *message);
void                vitrine_feed_session_stop_async          (VitrineFeedSession   *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean            vitrine_feed_session_stop_finish         (VitrineFeedSession   *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS

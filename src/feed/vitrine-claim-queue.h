/* vitrine-claim-queue.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-catalog.h"
#include "vitrine-claim-parser.h"
#include "vitrine-feed.h"

G_BEGIN_DECLS

/**
 * VitrineClaimState:
 * @VITRINE_CLAIM_PENDING: within stock; waits for the host (manual mode) or
 *   for the grace period to pass (automatic mode). Its place can still go to
 *   an earlier claim that arrives late.
 * @VITRINE_CLAIM_CONFIRMED: the viewer gets it; never taken back by the queue
 * @VITRINE_CLAIM_WAITLISTED: beyond stock; moves up when a unit is freed
 * @VITRINE_CLAIM_REJECTED: refused by the host; its units are free again
 *
 * Where a claim stands.
 */
typedef enum
{
  VITRINE_CLAIM_PENDING,
  VITRINE_CLAIM_CONFIRMED,
  VITRINE_CLAIM_WAITLISTED,
  VITRINE_CLAIM_REJECTED,
} VitrineClaimState;

/**
 * VitrineClaimMode:
 * @VITRINE_CLAIM_MODE_AUTO: claims within stock are confirmed once the grace
 *   period has passed
 * @VITRINE_CLAIM_MODE_MANUAL: the host confirms each pending claim
 *
 * Who confirms claims.
 */
typedef enum
{
  VITRINE_CLAIM_MODE_AUTO,
  VITRINE_CLAIM_MODE_MANUAL,
} VitrineClaimMode;

GType vitrine_claim_state_get_type (void);
GType vitrine_claim_mode_get_type  (void);
#define VITRINE_TYPE_CLAIM_STATE (vitrine_claim_state_get_type ())
#define VITRINE_TYPE_CLAIM_MODE  (vitrine_claim_mode_get_type ())

#define VITRINE_CLAIM_QUEUE_DEFAULT_GRACE_MS 3000

#define VITRINE_TYPE_CLAIM (vitrine_claim_get_type ())

G_DECLARE_FINAL_TYPE (VitrineClaim, vitrine_claim, VITRINE, CLAIM, GObject)

VitrineClaimState  vitrine_claim_get_state      (VitrineClaim *self);
const char        *vitrine_claim_get_code       (VitrineClaim *self);
guint              vitrine_claim_get_quantity   (VitrineClaim *self);
const char        *vitrine_claim_get_variant    (VitrineClaim *self);
VitrineFeedItem   *vitrine_claim_get_message    (VitrineClaim *self);
VitrineFeedItem   *vitrine_claim_get_feed_item  (VitrineClaim *self);
const char        *vitrine_claim_get_platform   (VitrineClaim *self);
const char        *vitrine_claim_get_author     (VitrineClaim *self);
const char        *vitrine_claim_get_author_id  (VitrineClaim *self);
const char        *vitrine_claim_get_text       (VitrineClaim *self);
GDateTime         *vitrine_claim_get_time       (VitrineClaim *self);
char              *vitrine_claim_dup_summary    (VitrineClaim *self);

#define VITRINE_TYPE_CLAIM_QUEUE (vitrine_claim_queue_get_type ())

G_DECLARE_FINAL_TYPE (VitrineClaimQueue, vitrine_claim_queue, VITRINE, CLAIM_QUEUE, GObject)

VitrineClaimQueue  *vitrine_claim_queue_new                (VitrineFeed          *feed,
                                                            VitrineCatalog       *catalog);
VitrineClaimParser *vitrine_claim_queue_get_parser         (VitrineClaimQueue    *self);
VitrineCatalog     *vitrine_claim_queue_get_catalog        (VitrineClaimQueue    *self);
VitrineClaimMode    vitrine_claim_queue_get_mode           (VitrineClaimQueue    *self);
void                vitrine_claim_queue_set_mode           (VitrineClaimQueue    *self,
                                                            VitrineClaimMode      mode);
guint               vitrine_claim_queue_get_grace          (VitrineClaimQueue    *self);
void                vitrine_claim_queue_set_grace          (VitrineClaimQueue    *self,
                                                            guint                 grace_ms);
VitrineClaim       *vitrine_claim_queue_submit             (VitrineClaimQueue    *self,
                                                            VitrineFeedItem      *item);
GListModel         *vitrine_claim_queue_get_claims         (VitrineClaimQueue    *self);
GListModel         *vitrine_claim_queue_get_product_claims (VitrineClaimQueue    *self,
                                                            const char           *code);
guint               vitrine_claim_queue_count              (VitrineClaimQueue    *self,
                                                            const char           *code,
                                                            VitrineClaimState     state);
gboolean            vitrine_claim_queue_confirm            (VitrineClaimQueue    *self,
                                                            VitrineClaim         *claim);
gboolean            vitrine_claim_queue_reject             (VitrineClaimQueue    *self,
                                                            VitrineClaim         *claim);
char               *vitrine_claim_queue_to_csv             (VitrineClaimQueue    *self);
void                vitrine_claim_queue_export_csv_async   (VitrineClaimQueue    *self,
                                                            GFile                *file,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            vitrine_claim_queue_export_csv_finish  (VitrineClaimQueue    *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS

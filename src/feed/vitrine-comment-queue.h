/* vitrine-comment-queue.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-feed-item.h"

G_BEGIN_DECLS

/**
 * VitrineCommentState:
 * @VITRINE_COMMENT_QUEUED: waiting for the host to approve it
 * @VITRINE_COMMENT_APPROVED: approved, waiting for its turn on screen
 * @VITRINE_COMMENT_ON_SCREEN: on screen now
 *
 * Where a comment of the on-screen queue is.
 */
typedef enum
{
  VITRINE_COMMENT_QUEUED,
  VITRINE_COMMENT_APPROVED,
  VITRINE_COMMENT_ON_SCREEN,
} VitrineCommentState;

#define VITRINE_COMMENT_QUEUE_DEFAULT_SECONDS 8
#define VITRINE_COMMENT_QUEUE_MAX_ITEMS       50

#define VITRINE_TYPE_COMMENT_QUEUE (vitrine_comment_queue_get_type ())

G_DECLARE_FINAL_TYPE (VitrineCommentQueue, vitrine_comment_queue, VITRINE, COMMENT_QUEUE, GObject)

VitrineCommentQueue *vitrine_comment_queue_new         (void);
gboolean             vitrine_comment_queue_add         (VitrineCommentQueue *self,
                                                        VitrineFeedItem     *item);
gboolean             vitrine_comment_queue_contains    (VitrineCommentQueue *self,
                                                        VitrineFeedItem     *item);
VitrineCommentState  vitrine_comment_queue_get_state   (VitrineCommentQueue *self,
                                                        VitrineFeedItem     *item);
void                 vitrine_comment_queue_approve     (VitrineCommentQueue *self,
                                                        VitrineFeedItem     *item);
void                 vitrine_comment_queue_discard     (VitrineCommentQueue *self,
                                                        VitrineFeedItem     *item);
void                 vitrine_comment_queue_move_up     (VitrineCommentQueue *self,
                                                        VitrineFeedItem     *item);
void                 vitrine_comment_queue_next        (VitrineCommentQueue *self);
void                 vitrine_comment_queue_clear       (VitrineCommentQueue *self);
VitrineFeedItem     *vitrine_comment_queue_get_current (VitrineCommentQueue *self);
guint                vitrine_comment_queue_get_seconds (VitrineCommentQueue *self);
void                 vitrine_comment_queue_set_seconds (VitrineCommentQueue *self,
                                                        guint                seconds);
gboolean             vitrine_comment_queue_get_paused  (VitrineCommentQueue *self);
void                 vitrine_comment_queue_set_paused  (VitrineCommentQueue *self,
                                                        gboolean             paused);

/* For tests: how long a comment stays on screen, in milliseconds. */
void                 _vitrine_comment_queue_set_interval_ms (VitrineCommentQueue *self,
                                                             guint                milliseconds);

G_END_DECLS

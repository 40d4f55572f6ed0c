/* vitrine-restream-parse.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-feed-item.h"

G_BEGIN_DECLS

/**
 * VitrineRestreamActionType:
 * @VITRINE_RESTREAM_ACTION_UNKNOWN: an action this version does not know
 *   (Restream says the list grows)
 * @VITRINE_RESTREAM_ACTION_HEARTBEAT: sent about every 45 s
 * @VITRINE_RESTREAM_ACTION_CONNECTION_INFO: the state of Restream's
 *   connection to one channel
 * @VITRINE_RESTREAM_ACTION_CONNECTION_CLOSED: such a connection was closed
 * @VITRINE_RESTREAM_ACTION_EVENT: a message from a viewer on one platform
 * @VITRINE_RESTREAM_ACTION_REPLY_CREATED: the host wrote a reply in
 *   Restream Chat
 * @VITRINE_RESTREAM_ACTION_REPLY_ACCEPTED: a platform accepted the reply
 * @VITRINE_RESTREAM_ACTION_REPLY_CONFIRMED: its delivery is confirmed
 * @VITRINE_RESTREAM_ACTION_REPLY_FAILED: a platform refused the reply
 * @VITRINE_RESTREAM_ACTION_RELAY: relay_accepted, relay_confirmed or
 *   relay_failed (messages relayed between channels)
 */
typedef enum
{
  VITRINE_RESTREAM_ACTION_UNKNOWN,
  VITRINE_RESTREAM_ACTION_HEARTBEAT,
  VITRINE_RESTREAM_ACTION_CONNECTION_INFO,
  VITRINE_RESTREAM_ACTION_CONNECTION_CLOSED,
  VITRINE_RESTREAM_ACTION_EVENT,
  VITRINE_RESTREAM_ACTION_REPLY_CREATED,
  VITRINE_RESTREAM_ACTION_REPLY_ACCEPTED,
  VITRINE_RESTREAM_ACTION_REPLY_CONFIRMED,
  VITRINE_RESTREAM_ACTION_REPLY_FAILED,
  VITRINE_RESTREAM_ACTION_RELAY,
} VitrineRestreamActionType;

/**
 * VitrineRestreamAction:
 * @type: what the frame is
 * @time: (nullable): its `timestamp`
 * @item: (nullable): for an event that is a message, and for a reply the host
 *   created: the feed item, tagged with the platform the message was written
 *   on (not "restream")
 * @platform: (nullable): our name of the platform (`twitch`, `youtube`,
 *   `facebook`…) from `eventSourceId`, for connection infos, events and
 *   replies; "restream" for Restream itself or a source this version does
 *   not know
 * @connection_identifier: (nullable): the channel the action concerns
 * @connection_uuid: (nullable): the connection (connection infos, closes)
 * @status: (nullable): a connection's `connecting`, `connected` or `error`
 * @reason: (nullable): the text code of an error or a close
 *   (`youtube_livechat_ended`…), sanitised
 *
 * One frame of the Restream Chat WebSocket (platform-apis.md §6.1).
 */
typedef struct
{
  VitrineRestreamActionType  type;
  GDateTime                 *time;
  VitrineFeedItem           *item;
  char                      *platform;
  char                      *connection_identifier;
  char                      *connection_uuid;
  char                      *status;
  char                      *reason;
} VitrineRestreamAction;

VitrineRestreamAction *vitrine_restream_parse_action        (const char            *data,
                                                             gsize                  length,
                                                             GError               **error);
void                   vitrine_restream_action_free         (VitrineRestreamAction *action);
const char            *vitrine_restream_platform_for_source (gint64                 source_id);
const char            *vitrine_restream_platform_title      (const char            *platform);
char                  *vitrine_restream_describe_reason     (const char            *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineRestreamAction, vitrine_restream_action_free)

G_END_DECLS

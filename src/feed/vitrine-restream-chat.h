/* vitrine-restream-chat.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-feed-source.h"

G_BEGIN_DECLS

/* Restream's unified chat: every channel Restream streams to, one WebSocket. */
#define VITRINE_RESTREAM_CHAT_DEFAULT_URL       "wss://chat.api.restream.io/ws"
#define VITRINE_RESTREAM_CHAT_DEFAULT_SECRET_ID "restream"

#define VITRINE_TYPE_RESTREAM_CHAT (vitrine_restream_chat_get_type ())

G_DECLARE_FINAL_TYPE (VitrineRestreamChat, vitrine_restream_chat,
                      VITRINE, RESTREAM_CHAT, VitrineFeedSource)

VitrineRestreamChat *vitrine_restream_chat_new                   (const char          *id,
                                                                  const char          *base_url);
const char          *vitrine_restream_chat_get_secret_id         (VitrineRestreamChat *self);
guint                vitrine_restream_chat_get_heartbeat_timeout (VitrineRestreamChat *self);

G_END_DECLS

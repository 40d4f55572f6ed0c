/* vitrine-twitch-chat.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-account.h"
#include "vitrine-feed-source.h"

G_BEGIN_DECLS

/* Twitch chat over IRC on a WebSocket; Helix for moderation. */
#define VITRINE_TWITCH_CHAT_DEFAULT_URL       "wss://irc-ws.chat.twitch.tv:443"
#define VITRINE_TWITCH_CHAT_DEFAULT_HELIX_URL "https://api.twitch.tv/helix"

#define VITRINE_TYPE_TWITCH_CHAT (vitrine_twitch_chat_get_type ())

G_DECLARE_FINAL_TYPE (VitrineTwitchChat, vitrine_twitch_chat, VITRINE, TWITCH_CHAT,
                      VitrineFeedSource)

VitrineTwitchChat *vitrine_twitch_chat_new                (const char           *id,
                                                           const char           *channel,
                                                           const char           *base_url);
const char        *vitrine_twitch_chat_get_channel        (VitrineTwitchChat    *self);
const char        *vitrine_twitch_chat_get_nick           (VitrineTwitchChat    *self);
const char        *vitrine_twitch_chat_get_broadcaster_id (VitrineTwitchChat    *self);
const char        *vitrine_twitch_chat_get_moderator_id   (VitrineTwitchChat    *self);
VitrineAccount    *vitrine_twitch_chat_get_account        (VitrineTwitchChat    *self);
void               vitrine_twitch_chat_set_account        (VitrineTwitchChat    *self,
                                                           VitrineAccount       *account);

void               vitrine_twitch_chat_delete_message_async  (VitrineTwitchChat    *self,
                                                              const char           *message_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean           vitrine_twitch_chat_delete_message_finish (VitrineTwitchChat    *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void               vitrine_twitch_chat_ban_user_async        (VitrineTwitchChat    *self,
                                                              const char           *user_id,
                                                              const char           *reason,
                                                              guint                 seconds,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean           vitrine_twitch_chat_ban_user_finish       (VitrineTwitchChat    *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* For tests and the fuzz target: handles one WebSocket text frame as if it
 * had arrived (main thread). */
void               _vitrine_twitch_chat_receive_frame        (VitrineTwitchChat    *self,
                                                              const char           *frame,
                                                              gsize                 length);

G_END_DECLS

/* vitrine-youtube-chat.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-account.h"
#include "vitrine-feed-source.h"

G_BEGIN_DECLS

/**
 * VITRINE_YOUTUBE_DEFAULT_BASE_URL:
 *
 * Where the YouTube Data API is unless a base URL is given.
 */
#define VITRINE_YOUTUBE_DEFAULT_BASE_URL "https://www.googleapis.com"

/**
 * VitrineYoutubeAuth:
 * @VITRINE_YOUTUBE_AUTH_OAUTH: the secret is an OAuth 2 access token
 *   (`Authorization: Bearer`): reads any chat the account may read, and may
 *   delete messages and ban viewers where the account moderates
 * @VITRINE_YOUTUBE_AUTH_API_KEY: the secret is an API key
 *   (`X-Goog-Api-Key`): reads public chats only, cannot moderate
 *
 * What kind of credential the connector's secret is.
 */
typedef enum
{
  VITRINE_YOUTUBE_AUTH_OAUTH,
  VITRINE_YOUTUBE_AUTH_API_KEY,
} VitrineYoutubeAuth;

#define VITRINE_TYPE_YOUTUBE_CHAT (vitrine_youtube_chat_get_type ())

G_DECLARE_FINAL_TYPE (VitrineYoutubeChat, vitrine_youtube_chat, VITRINE, YOUTUBE_CHAT,
                      VitrineFeedSource)

VitrineYoutubeChat *vitrine_youtube_chat_new                   (const char          *id,
                                                                const char          *live_chat_id,
                                                                VitrineYoutubeAuth   auth,
                                                                const char          *base_url);
const char         *vitrine_youtube_chat_get_live_chat_id      (VitrineYoutubeChat  *self);
VitrineYoutubeAuth  vitrine_youtube_chat_get_auth              (VitrineYoutubeChat  *self);
const char         *vitrine_youtube_chat_get_secret_id         (VitrineYoutubeChat  *self);
gboolean            vitrine_youtube_chat_get_include_history   (VitrineYoutubeChat  *self);
void                vitrine_youtube_chat_set_include_history   (VitrineYoutubeChat  *self,
                                                                gboolean             history);
const char         *vitrine_youtube_chat_get_page_token        (VitrineYoutubeChat  *self);
void                vitrine_youtube_chat_set_page_token        (VitrineYoutubeChat  *self,
                                                                const char          *page_token);
guint               vitrine_youtube_chat_get_polling_interval  (VitrineYoutubeChat  *self);
GDateTime          *vitrine_youtube_chat_get_retry_time        (VitrineYoutubeChat  *self);
VitrineAccount     *vitrine_youtube_chat_get_account           (VitrineYoutubeChat  *self);
void                vitrine_youtube_chat_set_account           (VitrineYoutubeChat  *self,
                                                                VitrineAccount      *account);

void                vitrine_youtube_chat_delete_message_async  (VitrineYoutubeChat  *self,
                                                                const char          *message_id,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean            vitrine_youtube_chat_delete_message_finish (VitrineYoutubeChat  *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);
void                vitrine_youtube_chat_ban_user_async        (VitrineYoutubeChat  *self,
                                                                const char          *channel_id,
                                                                guint64              seconds,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean            vitrine_youtube_chat_ban_user_finish       (VitrineYoutubeChat  *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

G_END_DECLS

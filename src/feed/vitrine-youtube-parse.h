/* vitrine-youtube-parse.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-feed-item.h"

G_BEGIN_DECLS

/**
 * VitrineYoutubeReason:
 * @VITRINE_YOUTUBE_REASON_NONE: a page of messages
 * @VITRINE_YOUTUBE_REASON_MALFORMED: not JSON, or neither a page nor an error
 * @VITRINE_YOUTUBE_REASON_QUOTA_EXCEEDED: `quotaExceeded`: the project's daily
 *   quota is spent until midnight Pacific time
 * @VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED: `rateLimitExceeded` (or
 *   `userRateLimitExceeded`): polled faster than YouTube allows
 * @VITRINE_YOUTUBE_REASON_CHAT_ENDED: `liveChatEnded`
 * @VITRINE_YOUTUBE_REASON_CHAT_DISABLED: `liveChatDisabled`
 * @VITRINE_YOUTUBE_REASON_CHAT_NOT_FOUND: `liveChatNotFound`
 * @VITRINE_YOUTUBE_REASON_FORBIDDEN: `forbidden`, `insufficientPermissions`…:
 *   the account may not do this
 * @VITRINE_YOUTUBE_REASON_AUTH: `authError`, `unauthorized`: the token is
 *   expired or invalid
 * @VITRINE_YOUTUBE_REASON_PAGE_TOKEN_INVALID: `pageTokenInvalid`
 * @VITRINE_YOUTUBE_REASON_MESSAGE_NOT_FOUND: `liveChatMessageNotFound`
 * @VITRINE_YOUTUBE_REASON_NOT_ALLOWED: `modificationNotAllowed`
 * @VITRINE_YOUTUBE_REASON_OTHER: an error with another (or no) reason
 *
 * What an answer of the YouTube Data API is: a page, or which error.
 */
typedef enum
{
  VITRINE_YOUTUBE_REASON_NONE,
  VITRINE_YOUTUBE_REASON_MALFORMED,
  VITRINE_YOUTUBE_REASON_QUOTA_EXCEEDED,
  VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED,
  VITRINE_YOUTUBE_REASON_CHAT_ENDED,
  VITRINE_YOUTUBE_REASON_CHAT_DISABLED,
  VITRINE_YOUTUBE_REASON_CHAT_NOT_FOUND,
  VITRINE_YOUTUBE_REASON_FORBIDDEN,
  VITRINE_YOUTUBE_REASON_AUTH,
  VITRINE_YOUTUBE_REASON_PAGE_TOKEN_INVALID,
  VITRINE_YOUTUBE_REASON_MESSAGE_NOT_FOUND,
  VITRINE_YOUTUBE_REASON_NOT_ALLOWED,
  VITRINE_YOUTUBE_REASON_OTHER,
} VitrineYoutubeReason;

/**
 * VitrineYoutubeParseResult:
 * @items: (element-type VitrineFeedItem): items to show, in page order
 * @retracted: (element-type utf8): message ids to show as deleted
 *   (`messageDeletedEvent`, `messageRetractedEvent`, `tombstone`)
 * @banned: (element-type utf8): channel ids banned or timed out
 *   (`userBannedEvent`)
 * @ban_seconds: (element-type guint): for each of @banned, how long its
 *   timeout lasts, 0 for a permanent ban
 * @next_page_token: (nullable): where the next poll continues
 * @polling_interval_ms: how long to wait before the next poll, or -1 when
 *   the page does not say
 * @offline_at: (nullable): when the stream went offline (`offlineAt`)
 * @chat_ended: a `chatEndedEvent` was on the page
 * @n_items: how many items the page listed
 * @n_skipped: items left out: unknown types, or too broken to show
 * @reason: a page, or which error
 * @reason_name: (nullable): the reason as YouTube spelled it, for the log
 * @error_code: `error.code` (the HTTP status YouTube meant), 0 on a page
 * @error_message: (nullable): YouTube's own message, tags removed and
 *   sanitised; for the log, hosts read Vitrine's words
 *
 * One answer of `liveChatMessages.list`, read. Which messages to show is
 * the caller's business: this is the wire format only.
 */
typedef struct
{
  GPtrArray            *items;
  GPtrArray            *retracted;
  GPtrArray            *banned;
  GArray               *ban_seconds;
  char                 *next_page_token;
  gint64                polling_interval_ms;
  GDateTime            *offline_at;
  gboolean              chat_ended;
  guint                 n_items;
  guint                 n_skipped;
  VitrineYoutubeReason  reason;
  char                 *reason_name;
  int                   error_code;
  char                 *error_message;
} VitrineYoutubeParseResult;

#define VITRINE_YOUTUBE_PLATFORM "youtube"

VitrineYoutubeParseResult *vitrine_youtube_parse_page          (const char                *data,
                                                                gsize                      length);
void                       vitrine_youtube_parse_result_free   (VitrineYoutubeParseResult *result);
gboolean                   vitrine_youtube_parse_amount        (const char                *micros,
                                                                const char                *currency,
                                                                VitrineMoney              *out);
gboolean                   vitrine_youtube_micros_to_minor     (guint64                    micros,
                                                                int                        digits,
                                                                gint64                    *minor);
GDateTime                 *vitrine_youtube_quota_reset_time    (GDateTime                 *now);
char                      *vitrine_youtube_format_duration     (guint64                    seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineYoutubeParseResult, vitrine_youtube_parse_result_free)

G_END_DECLS

/* vitrine-facebook-parse.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-feed-item.h"

G_BEGIN_DECLS

/**
 * VitrineFacebookErrorKind:
 * @VITRINE_FACEBOOK_ERROR_OTHER: anything else; worth another try later
 * @VITRINE_FACEBOOK_ERROR_RATE_LIMITED: codes 4, 17, 32, 613, 341 and the
 *   80000–80014 family: too many calls, slow down
 * @VITRINE_FACEBOOK_ERROR_TOKEN: code 190 (and the older 102): the access
 *   token expired or was invalidated
 * @VITRINE_FACEBOOK_ERROR_PERMISSION: code 10 or 200–299: the token lacks a
 *   permission
 * @VITRINE_FACEBOOK_ERROR_NOT_FOUND: code 100 saying the object "does not
 *   exist" (subcode 33): a wrong or deleted live video
 * @VITRINE_FACEBOOK_ERROR_INVALID_PARAMETER: any other code 100: the request
 *   itself is wrong, asking again will not help
 * @VITRINE_FACEBOOK_ERROR_TRANSIENT: codes 1 and 2, or `is_transient`: a
 *   hiccup at Facebook
 *
 * What Vitrine does about a Graph API error, from its code and subcode
 * (platform-apis.md §3.4).
 */
typedef enum
{
  VITRINE_FACEBOOK_ERROR_OTHER,
  VITRINE_FACEBOOK_ERROR_RATE_LIMITED,
  VITRINE_FACEBOOK_ERROR_TOKEN,
  VITRINE_FACEBOOK_ERROR_PERMISSION,
  VITRINE_FACEBOOK_ERROR_NOT_FOUND,
  VITRINE_FACEBOOK_ERROR_INVALID_PARAMETER,
  VITRINE_FACEBOOK_ERROR_TRANSIENT,
} VitrineFacebookErrorKind;

/**
 * VitrineFacebookGraphError:
 * @kind: what to do about it
 * @code: `error.code` (0 when absent)
 * @subcode: `error.error_subcode` (0 when absent)
 * @message: (nullable): `error.message`, sanitised and capped (it may hold
 *   markup or be very long: it comes from outside)
 *
 * The Graph API's standard error object.
 */
typedef struct
{
  VitrineFacebookErrorKind  kind;
  gint64                    code;
  gint64                    subcode;
  char                     *message;
} VitrineFacebookGraphError;

/**
 * VitrineFacebookPage:
 * @comments: (element-type VitrineFeedItem): the comments of this page, in
 *   the order Facebook listed them, as CHAT items of platform "facebook"
 * @after: (nullable): the cursor of the next page, when Facebook says there
 *   is one (`paging.next` present)
 * @newest: the latest `created_time` among @comments, in Unix seconds, or
 *   -1 when none had a readable one
 * @n_skipped: entries of `data` that were not comments (no id, not an object)
 * @error: (nullable): set when Facebook answered with an error object instead
 *   (then @comments is empty)
 *
 * One answer of `GET /{live-video-id}/comments`.
 */
typedef struct
{
  GPtrArray                 *comments;
  char                      *after;
  gint64                     newest;
  guint                      n_skipped;
  VitrineFacebookGraphError *error;
} VitrineFacebookPage;

VitrineFacebookErrorKind  vitrine_facebook_classify_error  (gint64               code,
                                                            gint64               subcode,
                                                            const char          *message,
                                                            gboolean             transient);
VitrineFacebookPage      *vitrine_facebook_parse_comments  (const char          *data,
                                                            gsize                length,
                                                            GError             **error);
void                      vitrine_facebook_page_free       (VitrineFacebookPage *page);
char                     *vitrine_facebook_parse_status    (const char          *data,
                                                            gsize                length,
                                                            VitrineFacebookGraphError **graph_error,
                                                            GError             **error);
void                      vitrine_facebook_graph_error_free
                                                           (VitrineFacebookGraphError *graph_error);
gboolean                  vitrine_facebook_parse_usage     (const char          *app_usage,
                                                            const char          *business_usage,
                                                            guint               *percent,
                                                            guint               *regain_minutes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineFacebookPage, vitrine_facebook_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineFacebookGraphError, vitrine_facebook_graph_error_free)

G_END_DECLS

/* vitrine-facebook-comments.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-account.h"
#include "vitrine-feed-source.h"

G_BEGIN_DECLS

/* Facebook Live comments, polled from the Graph API. */
#define VITRINE_FACEBOOK_COMMENTS_DEFAULT_URL     "https://graph.facebook.com"
#define VITRINE_FACEBOOK_COMMENTS_DEFAULT_VERSION "v21.0"

#define VITRINE_TYPE_FACEBOOK_COMMENTS (vitrine_facebook_comments_get_type ())

G_DECLARE_FINAL_TYPE (VitrineFacebookComments, vitrine_facebook_comments,
                      VITRINE, FACEBOOK_COMMENTS, VitrineFeedSource)

VitrineFacebookComments *vitrine_facebook_comments_new     (const char              *id,
                                                            const char              *live_video_id,
                                                            const char              *base_url);
const char *vitrine_facebook_comments_get_live_video_id    (VitrineFacebookComments *self);
char       *vitrine_facebook_comments_dup_secret_id        (VitrineFacebookComments *self);
guint       vitrine_facebook_comments_get_poll_interval    (VitrineFacebookComments *self);
void        vitrine_facebook_comments_set_poll_interval    (VitrineFacebookComments *self,
                                                            guint                    milliseconds);
VitrineAccount *vitrine_facebook_comments_get_account      (VitrineFacebookComments *self);
void        vitrine_facebook_comments_set_account          (VitrineFacebookComments *self,
                                                            VitrineAccount          *account);

G_END_DECLS

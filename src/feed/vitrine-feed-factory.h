/* vitrine-feed-factory.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-account.h"
#include "vitrine-feed-source.h"
#include "vitrine-show.h"

G_BEGIN_DECLS

VitrineFeedSource *vitrine_feed_source_new_for_config (const VitrineFeedConfig  *config,
                                                       const char               *show_dir,
                                                       GError                  **error);
VitrineAccount    *vitrine_feed_source_dup_account    (VitrineFeedSource        *source);

G_END_DECLS

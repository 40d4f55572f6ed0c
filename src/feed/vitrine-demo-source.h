/* vitrine-demo-source.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-feed-source.h"

G_BEGIN_DECLS

/* A connector without a network that plays a JSON script of timed chat,
 * paid messages, memberships, orders, deletions and bans on several
 * platforms (data/demo/feed-script.json); the script's format is described
 * at the top of vitrine-demo-source.c. */
#define VITRINE_TYPE_DEMO_SOURCE (vitrine_demo_source_get_type ())

G_DECLARE_FINAL_TYPE (VitrineDemoSource, vitrine_demo_source,
                      VITRINE, DEMO_SOURCE, VitrineFeedSource)

VitrineDemoSource *vitrine_demo_source_new          (const char        *id,
                                                     GFile             *script);
GFile             *vitrine_demo_source_get_script   (VitrineDemoSource *self);
gboolean           vitrine_demo_source_get_loop     (VitrineDemoSource *self);
void               vitrine_demo_source_set_loop     (VitrineDemoSource *self,
                                                     gboolean           loop);
double             vitrine_demo_source_get_speed    (VitrineDemoSource *self);
void               vitrine_demo_source_set_speed    (VitrineDemoSource *self,
                                                     double             speed);
guint              vitrine_demo_source_get_n_events (VitrineDemoSource *self);
GFile             *vitrine_demo_source_dup_default_script (void);

G_END_DECLS

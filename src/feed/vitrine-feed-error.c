/* vitrine-feed-error.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vitrine-feed-error.h"

G_DEFINE_QUARK (vitrine-feed-error-quark, vitrine_feed_error)

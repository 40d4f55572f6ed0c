/* vitrine-overlay-theme.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-overlay-types.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_OVERLAY_THEME (vitrine_overlay_theme_get_type ())

G_DECLARE_FINAL_TYPE (VitrineOverlayTheme, vitrine_overlay_theme, VITRINE, OVERLAY_THEME, GObject)

const char * const  *vitrine_overlay_theme_list_builtin   (void);
VitrineOverlayTheme *vitrine_overlay_theme_new_builtin    (const char               *name,
                                                           GError                  **error);
VitrineOverlayTheme *vitrine_overlay_theme_new_from_bytes (GBytes                   *bytes,
                                                           GError                  **error);
const char          *vitrine_overlay_theme_get_name       (VitrineOverlayTheme      *self);
VitrineOverlayAnchor vitrine_overlay_theme_get_anchor     (VitrineOverlayTheme      *self,
                                                           VitrineOverlayKind        kind,
                                                           gboolean                  portrait);
guint                vitrine_overlay_theme_get_duration   (VitrineOverlayTheme      *self,
                                                           VitrineOverlayTransition  transition);

G_END_DECLS

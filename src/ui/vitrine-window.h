/* vitrine-window.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-application.h"
#include "vitrine-engine.h"
#include "vitrine-preview-paintable.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_WINDOW (vitrine_window_get_type ())

G_DECLARE_FINAL_TYPE (VitrineWindow, vitrine_window, VITRINE, WINDOW, AdwApplicationWindow)

VitrineWindow           *vitrine_window_new            (VitrineApplication *application);
VitrineEngine           *vitrine_window_get_engine     (VitrineWindow      *self);
void                     vitrine_window_set_engine     (VitrineWindow      *self,
                                                        VitrineEngine      *engine);
void                     vitrine_window_show_error     (VitrineWindow      *self,
                                                        const GError       *error);
void                     vitrine_window_show_toast     (VitrineWindow      *self,
                                                        const char         *message);
VitrinePreviewPaintable *vitrine_window_get_preview    (VitrineWindow      *self);
GtkWidget               *vitrine_window_get_key_dialog (VitrineWindow      *self);
void                     vitrine_window_save_state     (VitrineWindow      *self);

G_END_DECLS

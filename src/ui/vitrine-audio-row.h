/* vitrine-audio-row.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-engine.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_AUDIO_ROW (vitrine_audio_row_get_type ())

G_DECLARE_FINAL_TYPE (VitrineAudioRow, vitrine_audio_row, VITRINE, AUDIO_ROW, AdwPreferencesRow)

GtkWidget  *vitrine_audio_row_new           (VitrineEngine   *engine,
                                             const char      *source_id);
const char *vitrine_audio_row_get_source_id (VitrineAudioRow *self);

G_END_DECLS

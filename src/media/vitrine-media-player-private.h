/* vitrine-media-player-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/app/gstappsrc.h>

G_BEGIN_DECLS

typedef struct _VitrineMediaPlayer VitrineMediaPlayer;

typedef void (*VitrineMediaPlayerFunc) (const GError *error,
                                        gpointer      user_data);

VitrineMediaPlayer *_vitrine_media_player_new  (const char             *path,
                                                gboolean                loop,
                                                GstAppSrc              *video_src,
                                                GstAppSrc              *audio_src,
                                                VitrineMediaPlayerFunc  failed,
                                                gpointer                user_data,
                                                GError                **error);
VitrineMediaPlayer *_vitrine_media_player_new_live (GstElement           *source,
                                                    GstAppSrc            *video_src,
                                                    VitrineMediaPlayerFunc failed,
                                                    gpointer              user_data,
                                                    GError              **error);
void                _vitrine_media_player_free (VitrineMediaPlayer     *self);

G_END_DECLS

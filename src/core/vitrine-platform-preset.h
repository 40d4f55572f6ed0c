/* vitrine-platform-preset.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VitrineOrientations:
 * @VITRINE_ORIENTATION_LANDSCAPE: a picture wider than it is tall (16:9)
 * @VITRINE_ORIENTATION_PORTRAIT: a picture taller than it is wide (9:16)
 * @VITRINE_ORIENTATION_BOTH: either orientation
 *
 * The picture orientations a platform shows natively. A preset with no flag
 * set has no known requirement, and its orientation is not checked.
 */
typedef enum /*< flags >*/
{
  VITRINE_ORIENTATION_LANDSCAPE = 1 << 0,
  VITRINE_ORIENTATION_PORTRAIT  = 1 << 1,
  VITRINE_ORIENTATION_BOTH      = VITRINE_ORIENTATION_LANDSCAPE | VITRINE_ORIENTATION_PORTRAIT,
} VitrineOrientations;

/**
 * VitrinePlatformPreset:
 * @id: a stable identifier such as `youtube`, used in show files
 * @name: the display name, marked with N_(); pass it through _() before showing it
 * @server_url: (nullable): the default ingest server, without a stream key, or %NULL
 *   when the platform hands out a server URL together with the key
 * @rtmps_required: whether the platform only accepts `rtmps://`
 * @max_width: the largest picture width in the platform's native orientation, or 0
 *   when unknown
 * @max_height: the largest picture height in the platform's native orientation, or 0
 *   when unknown
 * @max_fps: the highest frame rate, or 0 when unknown
 * @max_video_bitrate: the highest video bitrate in kb/s, or 0 when unknown
 * @keyframe_interval: the recommended longest keyframe interval in seconds, or 0
 *   when unknown
 * @orientations: the orientations the platform shows natively
 * @new_key_every_stream: whether the platform issues a new stream key for every
 *   stream, so a stored key cannot be reused
 *
 * What a live platform's ingest accepts. The limits are the ones published for a
 * single H.264 RTMP stream; they are checked by vitrine_platform_preset_check().
 * Presets are static data: never free or modify them.
 */
typedef struct
{
  const char          *id;
  const char          *name;
  const char          *server_url;
  gboolean             rtmps_required;
  guint                max_width;
  guint                max_height;
  guint                max_fps;
  guint                max_video_bitrate;
  guint                keyframe_interval;
  VitrineOrientations  orientations;
  gboolean             new_key_every_stream;
} VitrinePlatformPreset;

const VitrinePlatformPreset *vitrine_platform_preset_lookup (const char *id);
guint                        vitrine_platform_preset_get_n  (void);
const VitrinePlatformPreset *vitrine_platform_preset_get    (guint       index);
GPtrArray                   *vitrine_platform_preset_check  (const VitrinePlatformPreset *preset,
                                                             const char  *url,
                                                             guint        width,
                                                             guint        height,
                                                             guint        fps,
                                                             guint        video_bitrate,
                                                             guint        keyframe_interval);

G_END_DECLS

/* vitrine-engine.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>
#include <libportal/portal.h>

#include "vitrine-graphics.h"
#include "vitrine-media-types.h"
#include "vitrine-output.h"
#include "vitrine-show.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_ENGINE (vitrine_engine_get_type ())

G_DECLARE_FINAL_TYPE (VitrineEngine, vitrine_engine, VITRINE, ENGINE, GObject)

/**
 * VitrineEngineFlags:
 * @VITRINE_ENGINE_FLAGS_NONE: a live studio (real-time sources)
 * @VITRINE_ENGINE_FLAGS_OFFLINE: render as fast as possible, no drops (benchmarks)
 * @VITRINE_ENGINE_FLAGS_PREVIEW: add the preview branch (appsink "preview")
 * @VITRINE_ENGINE_FLAGS_KEYS_FROM_ENV: stream keys may come from `VITRINE_KEY_<ID>` (headless)
 */
typedef enum
{
  VITRINE_ENGINE_FLAGS_NONE    = 0,
  VITRINE_ENGINE_FLAGS_OFFLINE = 1 << 0,
  VITRINE_ENGINE_FLAGS_PREVIEW = 1 << 1,
  VITRINE_ENGINE_FLAGS_KEYS_FROM_ENV = 1 << 2,
} VitrineEngineFlags;

VitrineEngine      *vitrine_engine_new               (VitrineShow        *show,
                                                      VitrineEngineFlags  flags);
VitrineShow        *vitrine_engine_get_show          (VitrineEngine      *self);
VitrineEngineState  vitrine_engine_get_state         (VitrineEngine      *self);
const GError       *vitrine_engine_get_error         (VitrineEngine      *self);
GListModel         *vitrine_engine_get_outputs       (VitrineEngine      *self);
VitrineOutput      *vitrine_engine_find_output       (VitrineEngine      *self,
                                                      const char         *id);
const char         *vitrine_engine_get_scene         (VitrineEngine      *self);
gboolean            vitrine_engine_set_scene         (VitrineEngine      *self,
                                                      const char         *scene_id,
                                                      GError            **error);
gboolean            vitrine_engine_start             (VitrineEngine      *self,
                                                      GError            **error);
void                vitrine_engine_stop_async        (VitrineEngine      *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean            vitrine_engine_stop_finish       (VitrineEngine      *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
void                vitrine_engine_go_live           (VitrineEngine      *self);
void                vitrine_engine_end_live_async    (VitrineEngine      *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean            vitrine_engine_end_live_finish   (VitrineEngine      *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
void                vitrine_engine_start_output      (VitrineEngine      *self,
                                                      VitrineOutput      *output);
void                vitrine_engine_stop_output       (VitrineEngine      *self,
                                                      VitrineOutput      *output);
void                vitrine_engine_retry_output      (VitrineEngine      *self,
                                                      VitrineOutput      *output);
GstElement         *vitrine_engine_get_preview_sink  (VitrineEngine      *self);
GstElement         *vitrine_engine_get_pipeline      (VitrineEngine      *self);
double              vitrine_engine_get_fps           (VitrineEngine      *self);
double              vitrine_engine_get_encode_time   (VitrineEngine      *self);
double              vitrine_engine_get_cpu           (VitrineEngine      *self);
const char         *vitrine_engine_get_source_error  (VitrineEngine      *self,
                                                      const char         *source_id);
guint64             vitrine_engine_get_frames        (VitrineEngine      *self);
VitrineGraphics    *vitrine_engine_get_graphics      (VitrineEngine      *self);
void                vitrine_engine_set_portal_parent (VitrineEngine      *self,
                                                      XdpParent          *parent);
void                vitrine_engine_set_frame_limit   (VitrineEngine      *self,
                                                      guint64             frames);
gboolean            vitrine_engine_set_audio_volume  (VitrineEngine      *self,
                                                      const char         *source_id,
                                                      double              volume,
                                                      GError            **error);
gboolean            vitrine_engine_set_audio_muted   (VitrineEngine      *self,
                                                      const char         *source_id,
                                                      gboolean            muted,
                                                      GError            **error);
gboolean            vitrine_engine_get_audio         (VitrineEngine      *self,
                                                      const char         *source_id,
                                                      double             *volume,
                                                      gboolean           *muted,
                                                      double             *peak_db,
                                                      double             *rms_db);

G_END_DECLS

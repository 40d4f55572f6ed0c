/* vitrine-output-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

#include "vitrine-output.h"

G_BEGIN_DECLS

/* What pipeline dumps (GST_DEBUG_DUMP_DOT_DIR) show: never element
 * properties, because rtmp2sink's location and stream hold the stream key. */
#define VITRINE_DOT_DETAILS (GST_DEBUG_GRAPH_SHOW_MEDIA_TYPE | \
                             GST_DEBUG_GRAPH_SHOW_CAPS_DETAILS | \
                             GST_DEBUG_GRAPH_SHOW_STATES)

GstElement    *_vitrine_make_element            (const char  *factory,
                                                 const char  *name,
                                                 GError     **error);

VitrineOutput *_vitrine_output_new              (const VitrineDestinationConfig *config,
                                                 gboolean                        offline);
VitrineCanvasKind _vitrine_output_get_canvas    (VitrineOutput *self);
const char    *_vitrine_output_get_qr_source    (VitrineOutput *self);
char          *_vitrine_output_get_recording_dir (VitrineOutput *self);
void           _vitrine_output_set_has_audio    (VitrineOutput *self,
                                                 gboolean       has_audio);
void           _vitrine_output_start            (VitrineOutput *self);
void           _vitrine_output_retry_now        (VitrineOutput *self);
void           _vitrine_output_fail             (VitrineOutput      *self,
                                                 VitrineOutputState  state,
                                                 GError             *error);
gboolean       _vitrine_output_is_active        (VitrineOutput *self);
void           _vitrine_output_stop_async       (VitrineOutput       *self,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       _vitrine_output_stop_finish      (VitrineOutput  *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
gboolean       _vitrine_output_push             (VitrineOutput *self,
                                                 GstSample     *sample,
                                                 gboolean       video);
void           _vitrine_output_push_eos         (VitrineOutput *self,
                                                 gboolean       video);
gboolean       _vitrine_output_is_finished      (VitrineOutput *self);
void           _vitrine_output_tick             (VitrineOutput *self,
                                                 gint64         now_us);

G_END_DECLS

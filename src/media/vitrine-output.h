/* vitrine-output.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-media-types.h"
#include "vitrine-show.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_OUTPUT (vitrine_output_get_type ())

G_DECLARE_FINAL_TYPE (VitrineOutput, vitrine_output, VITRINE, OUTPUT, GObject)

/* An output is one destination (an ingest server or a recording) fed with the
 * already-encoded program through its own small pipeline. All its properties
 * are notified on the main thread. */
const char             *vitrine_output_get_id                 (VitrineOutput *self);
const char             *vitrine_output_get_name               (VitrineOutput *self);
VitrineDestinationKind  vitrine_output_get_kind               (VitrineOutput *self);
VitrineCanvasKind       vitrine_output_get_canvas             (VitrineOutput *self);
VitrineOutputState      vitrine_output_get_state              (VitrineOutput *self);
const GError           *vitrine_output_get_error              (VitrineOutput *self);
const char             *vitrine_output_get_status             (VitrineOutput *self);
gboolean                vitrine_output_get_enabled            (VitrineOutput *self);
void                    vitrine_output_set_enabled            (VitrineOutput *self,
                                                               gboolean       enabled);
const char             *vitrine_output_get_location           (VitrineOutput *self);
guint64                 vitrine_output_get_bytes              (VitrineOutput *self);
guint                   vitrine_output_get_bitrate            (VitrineOutput *self);
guint64                 vitrine_output_get_dropped_frames     (VitrineOutput *self);
guint                   vitrine_output_get_reconnects         (VitrineOutput *self);
gint64                  vitrine_output_get_uptime             (VitrineOutput *self);
void                    vitrine_output_set_stream_key         (VitrineOutput *self,
                                                               const char    *key);
gboolean                vitrine_output_get_has_stream_key     (VitrineOutput *self);
gboolean                vitrine_output_needs_stream_key       (VitrineOutput *self);
gboolean                vitrine_output_uses_stream_key        (VitrineOutput *self);
gboolean                vitrine_output_get_key_per_stream     (VitrineOutput *self);
const char             *vitrine_output_get_trusted_certificate (VitrineOutput *self);
char                   *vitrine_output_redact                 (VitrineOutput *self,
                                                               const char    *text);

G_END_DECLS

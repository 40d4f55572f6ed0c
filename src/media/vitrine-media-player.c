/* vitrine-media-player.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-media-player"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include "vitrine-media-player-private.h"
#include "vitrine-output-private.h"

/* A video file shown as a source: decoded in real time by a pipeline of its
 * own, whose frames and sound are handed to appsrc elements in the program.
 * A file that is broken or ends cannot stall or stop the show; the appsrcs
 * stamp what they get with the program's clock, so a loop (a seek back to
 * the start) continues the timeline instead of jumping back. */

struct _VitrineMediaPlayer
{
  GstElement            *pipeline;
  GstAppSrc             *video_src;   /* in the program */
  GstAppSrc             *audio_src;   /* in the program, or NULL */
  gboolean               loop;
  gboolean               live;        /* a capture: frames arrive as they are made */
  guint                  bus_watch_id;
  VitrineMediaPlayerFunc failed;
  gpointer               user_data;
};

static GstFlowReturn
sample_cb (GstAppSink *sink,
           gpointer    user_data)
{
  GstAppSrc *src = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GstCaps) current = NULL;
  GstBuffer *buffer;

  if (sample == NULL)
    return GST_FLOW_EOS;

  current = gst_app_src_get_caps (src);
  if (current == NULL || !gst_caps_is_equal (current, gst_sample_get_caps (sample)))
    gst_app_src_set_caps (src, gst_sample_get_caps (sample));

  /* The file's own timestamps restart at every loop: the program's clock
   * (do-timestamp) gives each frame its place instead. */
  buffer = gst_buffer_copy (gst_sample_get_buffer (sample));
  GST_BUFFER_PTS (buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
  gst_app_src_push_buffer (src, buffer);
  return GST_FLOW_OK;
}

/* pad → convert → (resample) → caps → appsink, pushing into the program. */
static void
link_branch (VitrineMediaPlayer *self,
             GstPad             *pad,
             gboolean            video)
{
  GstAppSinkCallbacks callbacks = { .new_sample = sample_cb };
  g_autoptr(GstPad) sinkpad = NULL;
  g_autoptr(GstCaps) filter_caps = NULL;
  GstElement *convert, *resample, *filter, *sink;

  convert = gst_element_factory_make (video ? "videoconvert" : "audioconvert", NULL);
  resample = video ? NULL : gst_element_factory_make ("audioresample", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  if (!convert || (!video && !resample) || !filter || !sink)
    return;

  filter_caps = video ? gst_caps_from_string ("video/x-raw,format=I420,colorimetry=bt709")
                      : gst_caps_from_string ("audio/x-raw,rate=48000,channels=2");
  g_object_set (filter, "caps", filter_caps, NULL);
  /* A file is played in real time, paced by this pipeline's clock; a
   * capture is already real time, and any wait would only add latency. */
  g_object_set (sink, "sync", !self->live, "max-buffers", 4, "drop", self->live,
                "emit-signals", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks,
                              video ? self->video_src : self->audio_src, NULL);

  gst_bin_add_many (GST_BIN (self->pipeline), convert, filter, sink, NULL);
  if (resample != NULL)
    {
      gst_bin_add (GST_BIN (self->pipeline), resample);
      gst_element_link_many (convert, resample, filter, NULL);
    }
  else
    gst_element_link (convert, filter);
  gst_element_link (filter, sink);
  gst_element_sync_state_with_parent (sink);
  gst_element_sync_state_with_parent (filter);
  if (resample != NULL)
    gst_element_sync_state_with_parent (resample);
  gst_element_sync_state_with_parent (convert);

  sinkpad = gst_element_get_static_pad (convert, "sink");
  gst_pad_link (pad, sinkpad);
}

static void
decoded_pad_cb (GstElement         *decodebin,
                GstPad             *pad,
                VitrineMediaPlayer *self)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name = caps ? gst_structure_get_name (gst_caps_get_structure (caps, 0)) : "";
  gboolean video = g_str_has_prefix (name, "video/");

  if (!video && (!g_str_has_prefix (name, "audio/") || self->audio_src == NULL))
    return;
  link_branch (self, pad, video);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  VitrineMediaPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      if (self->live)
        {
          g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                                         _("the stream ended"));

          self->bus_watch_id = 0;
          if (self->failed != NULL)
            self->failed (error, self->user_data);
          return G_SOURCE_REMOVE;
        }
      if (self->loop &&
          gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                                   GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT, 0))
        break;
      /* Played once: the last frame stays. */
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        self->bus_watch_id = 0;
        if (self->failed != NULL)
          self->failed (error, self->user_data);
        return G_SOURCE_REMOVE;
      }

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static VitrineMediaPlayer *
player_new (GstElement             *src,
            gboolean                loop,
            gboolean                live,
            GstAppSrc              *video_src,
            GstAppSrc              *audio_src,
            VitrineMediaPlayerFunc  failed,
            gpointer                user_data,
            GError                **error)
{
  VitrineMediaPlayer *self;
  g_autoptr(GstBus) bus = NULL;
  GstElement *next;

  /* A capture is asked for raw video straight away: offered "anything"
   * (decodebin's ANY), pipewiresrc cannot agree on a format with the
   * screen or camera. */
  if (!(next = _vitrine_make_element (live ? "capsfilter" : "decodebin", NULL, error)))
    {
      gst_object_unref (gst_object_ref_sink (src));
      return NULL;
    }

  self = g_new0 (VitrineMediaPlayer, 1);
  self->pipeline = gst_pipeline_new (live ? "vitrine-capture" : "vitrine-media-player");
  self->video_src = gst_object_ref (video_src);
  self->audio_src = audio_src ? gst_object_ref (audio_src) : NULL;
  self->loop = loop;
  self->live = live;
  self->failed = failed;
  self->user_data = user_data;

  gst_bin_add_many (GST_BIN (self->pipeline), src, next, NULL);
  gst_element_link (src, next);
  if (live)
    {
      g_autoptr(GstCaps) raw = gst_caps_new_empty_simple ("video/x-raw");
      g_autoptr(GstPad) pad = gst_element_get_static_pad (next, "src");

      g_object_set (next, "caps", raw, NULL);
      link_branch (self, pad, TRUE);
    }
  else
    g_signal_connect (next, "pad-added", G_CALLBACK (decoded_pad_cb), self);

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch_id = gst_bus_add_watch (bus, bus_cb, self);
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  return self;
}

/**
 * _vitrine_media_player_new:
 * @video_src: the program's appsrc for the pictures
 * @audio_src: (nullable): the program's appsrc for the sound
 * @failed: called on the main thread if the file cannot be played
 *
 * Starts playing @path into the program.
 */
VitrineMediaPlayer *
_vitrine_media_player_new (const char             *path,
                           gboolean                loop,
                           GstAppSrc              *video_src,
                           GstAppSrc              *audio_src,
                           VitrineMediaPlayerFunc  failed,
                           gpointer                user_data,
                           GError                **error)
{
  GstElement *src;

  if (!(src = _vitrine_make_element ("filesrc", NULL, error)))
    return NULL;
  g_object_set (src, "location", path, NULL);
  return player_new (src, loop, FALSE, video_src, audio_src, failed, user_data, error);
}

/**
 * _vitrine_media_player_new_live:
 * @source: (transfer floating): a live source element, such as pipewiresrc
 * @video_src: the program's appsrc for the pictures
 * @failed: called on the main thread if the capture fails or ends
 *
 * Runs a capture in a pipeline of its own and hands its pictures to the
 * program: a capture that stalls or dies cannot stall the show.
 */
VitrineMediaPlayer *
_vitrine_media_player_new_live (GstElement             *source,
                                GstAppSrc              *video_src,
                                VitrineMediaPlayerFunc  failed,
                                gpointer                user_data,
                                GError                **error)
{
  return player_new (source, FALSE, TRUE, video_src, NULL, failed, user_data, error);
}

void
_vitrine_media_player_free (VitrineMediaPlayer *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  /* A local file or a local capture (PipeWire): stopping it does not wait
   * on anything outside this machine. */
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  gst_clear_object (&self->video_src);
  gst_clear_object (&self->audio_src);
  g_free (self);
}

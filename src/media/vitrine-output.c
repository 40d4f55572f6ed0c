/* vitrine-output.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-output"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>

#ifdef __linux__
# include <dirent.h>
# include <linux/tcp.h>
# include <netinet/in.h>
# include <sys/socket.h>
# include <sys/stat.h>
#endif

#include "vitrine-media-enums.h"
#include "vitrine-output-private.h"
#include "vitrine-recording-private.h"

GST_DEBUG_CATEGORY_STATIC (vitrine_output_debug);
#define GST_CAT_DEFAULT vitrine_output_debug

/* One destination = one small pipeline fed by appsrc with the already encoded
 * program. This is the only layout that kept an RTMP failure or a slow upload
 * from stopping the other destinations on GStreamer 1.22 (DESIGN.md §2):
 *
 *   appsrc video ─┐
 *                 ├─ flvmux ─ rtmp2sink        (rtmp)
 *   appsrc audio ─┘  matroskamux ─ filesink    (recording)
 *
 * The program's streaming thread calls _vitrine_output_push(); it never blocks
 * on a live destination: when more than MAX_QUEUED_USEC of media waits in the
 * appsrc, whole GOPs are dropped until the next keyframe. Everything the UI
 * observes changes on the main thread only. */

#define MAX_QUEUED_USEC          (2 * G_USEC_PER_SEC)
#define EOS_TIMEOUT_MS           5000
#define TEARDOWN_TIMEOUT_MS      5000
#define CONNECT_POLL_MS          100
#define STALL_TIMEOUT_USEC       (4 * G_USEC_PER_SEC)
#define CONNECT_TIMEOUT_USEC     (15 * G_USEC_PER_SEC)
#define UNSENT_LOW_WATER         (128 * 1024)
#define FIRST_RETRY_MS           1000
#define RETRY_CAP_MS             30000

struct _VitrineOutput
{
  GObject                 parent_instance;

  /* Configuration, immutable */
  char                   *id;
  char                   *name;
  VitrineDestinationKind  kind;
  char                   *url;
  char                   *path_template;
  char                   *trusted_certificate;
  gboolean                encrypted;
  gboolean                remux_mp4;
  gboolean                key_per_stream;
  guint                   split_seconds;
  guint                   split_megabytes;
  GPtrArray              *fragments;   /* recording files closed so far (main thread) */
  VitrineCanvasKind       canvas;
  char                   *qr_source;  /* its own QR code's utm_source, or NULL */
  gboolean                offline;
  gboolean                has_audio;

  /* Main thread */
  char                   *key;              /* never logged */
  char                   *location;
  gboolean                enabled;
  VitrineOutputState      state;
  GError                 *error;
  char                   *status;
  guint64                 bytes;
  guint64                 last_bytes;
  gint64                  last_tick_us;
  gint64                  last_progress_us;
  guint64                 last_sent;
  int                     tcp_fd;          /* rtmp2sink's socket, once found; -1 */
  guint64                 window_sent[3];  /* bytes written, the last 3 seconds */
  guint32                 window[3];       /* the server's receive window then */
  guint                   window_samples;
  guint                   bitrate;
  guint64                 dropped_frames;
  guint                   reconnects;
  gint64                  live_since_us;
  guint                   bus_watch_id;
  guint                   poll_id;
  guint                   retry_id;
  guint                   retry_ms;
  GTask                  *stop_task;
  guint                   eos_timeout_id;

  /* Shared with streaming threads, protected by @lock */
  GMutex                  lock;
  GstElement             *pipeline;
  GstAppSrc              *video_src;
  GstAppSrc              *audio_src;
  GstCaps                *video_caps;
  GstCaps                *audio_caps;
  GstClockTime            offset;
  gboolean                accepting;
  gboolean                waiting_keyframe;
  gboolean                keyframe_requested;
  gboolean                video_eos;
  gboolean                audio_eos;
  guint64                 dropped_shared;

  /* Atomic, written from the sink's streaming thread */
  guint64                 sink_bytes;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_STATE,
  PROP_STATUS,
  PROP_ENABLED,
  PROP_LOCATION,
  PROP_BYTES,
  PROP_BITRATE,
  PROP_DROPPED_FRAMES,
  PROP_RECONNECTS,
  PROP_HAS_STREAM_KEY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (VitrineOutput, vitrine_output, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static void schedule_retry (VitrineOutput *self);
static void release_socket (VitrineOutput *self);
static gboolean retry_cb (gpointer user_data);

static void
set_status (VitrineOutput *self,
            const char    *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
}

static void
set_state (VitrineOutput      *self,
           VitrineOutputState  state)
{
  if (self->state == state)
    return;

  GST_INFO ("%s: %s → %s", self->id, vitrine_output_state_to_string (self->state),
            vitrine_output_state_to_string (state));

  self->state = state;
  if (state == VITRINE_OUTPUT_STATE_LIVE)
    self->live_since_us = g_get_monotonic_time ();
  else
    self->live_since_us = 0;

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

static void
vitrine_output_dispose (GObject *object)
{
  VitrineOutput *self = (VitrineOutput *)object;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->eos_timeout_id, g_source_remove);
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);

  g_mutex_lock (&self->lock);
  self->accepting = FALSE;
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  gst_clear_object (&self->video_src);
  gst_clear_object (&self->audio_src);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (vitrine_output_parent_class)->dispose (object);
}

static void
vitrine_output_finalize (GObject *object)
{
  VitrineOutput *self = (VitrineOutput *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->qr_source, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->path_template, g_free);
  g_clear_pointer (&self->trusted_certificate, g_free);
  g_clear_pointer (&self->fragments, g_ptr_array_unref);
  if (self->key != NULL)
    {
      memset (self->key, 0, strlen (self->key));
      g_clear_pointer (&self->key, g_free);
    }
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_error (&self->error);
  gst_clear_caps (&self->video_caps);
  gst_clear_caps (&self->audio_caps);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vitrine_output_parent_class)->finalize (object);
}

static void
vitrine_output_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VitrineOutput *self = VITRINE_OUTPUT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_BYTES:
      g_value_set_uint64 (value, self->bytes);
      break;
    case PROP_BITRATE:
      g_value_set_uint (value, self->bitrate);
      break;
    case PROP_DROPPED_FRAMES:
      g_value_set_uint64 (value, self->dropped_frames);
      break;
    case PROP_RECONNECTS:
      g_value_set_uint (value, self->reconnects);
      break;
    case PROP_HAS_STREAM_KEY:
      g_value_set_boolean (value, vitrine_output_get_has_stream_key (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_output_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VitrineOutput *self = VITRINE_OUTPUT (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      vitrine_output_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_output_class_init (VitrineOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_output_dispose;
  object_class->finalize = vitrine_output_finalize;
  object_class->get_property = vitrine_output_get_property;
  object_class->set_property = vitrine_output_set_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      VITRINE_DESTINATION_RTMP, VITRINE_DESTINATION_SRT,
                      VITRINE_DESTINATION_RTMP,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       VITRINE_TYPE_OUTPUT_STATE, VITRINE_OUTPUT_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties [PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_BYTES] =
    g_param_spec_uint64 ("bytes", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_BITRATE] =
    g_param_spec_uint ("bitrate", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DROPPED_FRAMES] =
    g_param_spec_uint64 ("dropped-frames", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_RECONNECTS] =
    g_param_spec_uint ("reconnects", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_HAS_STREAM_KEY] =
    g_param_spec_boolean ("has-stream-key", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  GST_DEBUG_CATEGORY_INIT (vitrine_output_debug, "vitrine-output", 0, "Vitrine destinations");
}

static void
vitrine_output_init (VitrineOutput *self)
{
  g_mutex_init (&self->lock);
  self->enabled = TRUE;
  self->has_audio = TRUE;
  self->offset = GST_CLOCK_TIME_NONE;
  self->tcp_fd = -1;
}

VitrineOutput *
_vitrine_output_new (const VitrineDestinationConfig *config,
                     gboolean                        offline)
{
  VitrineOutput *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (VITRINE_TYPE_OUTPUT, NULL);
  self->id = g_strdup (config->id);
  self->name = g_strdup (config->name);
  self->kind = config->kind;
  self->url = g_strdup (config->url);
  self->path_template = g_strdup (config->path);
  self->trusted_certificate = g_strdup (config->trusted_certificate);
  self->encrypted = config->encrypted;
  self->canvas = config->canvas;
  self->qr_source = g_strdup (config->qr_source);
  self->remux_mp4 = config->remux_mp4;
  self->key_per_stream = config->key_per_stream;
  self->split_seconds = config->split_seconds;
  self->split_megabytes = config->split_megabytes;
  self->enabled = config->enabled;
  self->offline = offline;

  if (self->kind != VITRINE_DESTINATION_RECORDING)
    self->location = g_strdup (self->url);

  return self;
}

void
_vitrine_output_set_has_audio (VitrineOutput *self,
                               gboolean       has_audio)
{
  self->has_audio = has_audio;
}

/* Replaces every occurrence of the stream key in @text. GStreamer's error
 * messages may quote the URL we gave rtmp2sink, and that URL ends with the key. */
char *
vitrine_output_redact (VitrineOutput *self,
                       const char    *text)
{
  g_autoptr(GString) s = NULL;

  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), NULL);

  if (text == NULL)
    return NULL;

  s = g_string_new (text);
  if (self->key != NULL && *self->key != '\0')
    g_string_replace (s, self->key, "•••", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static GError *
redact_error (VitrineOutput *self,
              const GError  *error)
{
  g_autofree char *message = vitrine_output_redact (self, error->message);

  return g_error_new_literal (error->domain, error->code, message);
}

/* Expands strftime codes and never overwrites an earlier recording. */
static char *
recording_path (VitrineOutput *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expanded = NULL;
  g_autofree char *stem = NULL;
  char *candidate;

  expanded = strchr (self->path_template, '%') ? g_date_time_format (now, self->path_template)
                                               : g_strdup (self->path_template);
  if (expanded == NULL)
    expanded = g_strdup (self->path_template);

  if (!g_file_test (expanded, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&expanded);

  stem = g_strndup (expanded, strlen (expanded) - strlen (".mkv"));
  for (guint i = 1; ; i++)
    {
      candidate = g_strdup_printf ("%s-%u.mkv", stem, i);
      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return candidate;
      g_free (candidate);
    }
}

static GstPadProbeReturn
count_bytes_probe (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  VitrineOutput *self = user_data;
  guint64 size = 0;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    size = gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info));
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    size = gst_buffer_list_calculate_size (GST_PAD_PROBE_INFO_BUFFER_LIST (info));

  /* GLib 2.74 has no 64-bit atomics; the compiler builtin is enough for a
   * counter with one writer. */
  __atomic_add_fetch (&self->sink_bytes, size, __ATOMIC_RELAXED);

  return GST_PAD_PROBE_OK;
}

static GstAppSrc *
make_appsrc (VitrineOutput *self,
             const char    *name,
             GError       **error)
{
  GstElement *src = _vitrine_make_element ("appsrc", name, error);

  if (src == NULL)
    return NULL;

  /* Not live: the destination pipeline runs as fast as data arrives and the
   * program's clock already paced it. Offline renders apply back-pressure
   * instead of dropping. */
  g_object_set (src,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "block", self->offline,
                "max-bytes", (guint64)(self->offline ? 8 * 1024 * 1024 : 256 * 1024 * 1024),
                "emit-signals", FALSE,
                NULL);
  return GST_APP_SRC (src);
}

static gboolean
link_to_mux (GstElement *queue,
             GstElement *mux,
             const char *template_name)
{
  g_autoptr(GstPad) srcpad = gst_element_get_static_pad (queue, "src");
  g_autoptr(GstPad) sinkpad = gst_element_request_pad_simple (mux, template_name);

  return sinkpad != NULL && gst_pad_link (srcpad, sinkpad) == GST_PAD_LINK_OK;
}

static gboolean bus_cb (GstBus     *bus,
                        GstMessage *message,
                        gpointer    user_data);

static gboolean
build_pipeline (VitrineOutput  *self,
                GError        **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstPad) sinkpad = NULL;
  g_autofree char *pipeline_name = g_strdup_printf ("vitrine-output-%s", self->id);
  GstAppSrc *video_src;
  GstAppSrc *audio_src = NULL;
  GstElement *video_queue;
  GstElement *audio_queue = NULL;
  GstElement *video_tail;
  GstElement *probed = NULL;
  GstElement *mux;
  GstElement *sink;
  const char *video_pad;
  const char *audio_pad;

  pipeline = gst_pipeline_new (pipeline_name);

  if (!(video_src = make_appsrc (self, "video", error)) ||
      !(video_queue = _vitrine_make_element ("queue", "video-queue", error)))
    return FALSE;
  gst_bin_add_many (GST_BIN (pipeline), GST_ELEMENT (video_src), video_queue, NULL);
  video_tail = video_queue;

  if (self->has_audio)
    {
      if (!(audio_src = make_appsrc (self, "audio", error)) ||
          !(audio_queue = _vitrine_make_element ("queue", "audio-queue", error)))
        return FALSE;
      gst_bin_add_many (GST_BIN (pipeline), GST_ELEMENT (audio_src), audio_queue, NULL);
    }

  switch (self->kind)
    {
    case VITRINE_DESTINATION_RTMP:
      {
        g_autofree char *location = NULL;

        if (!(mux = _vitrine_make_element ("flvmux", "mux", error)) ||
            !(sink = _vitrine_make_element ("rtmp2sink", "sink", error)))
          return FALSE;

        video_pad = "video";
        audio_pad = "audio";
        g_object_set (mux, "streamable", TRUE, NULL);
        location = g_strdup_printf ("%s%s%s", self->url,
                                    g_str_has_suffix (self->url, "/") ? "" : "/",
                                    self->key ? self->key : "");
        /* rtmp2sink's own timeout covers connect and socket I/O; our watchdog
         * catches a server that accepts the connection and then stalls. */
        /* 4096-byte chunks like OBS: rtmp2sink's default of 128 cut every
         * frame into ~150 chunks and cost each destination ~40 % more CPU. */
        g_object_set (sink,
                      "location", location,
                      "timeout", 10,
                      "async-connect", TRUE,
                      "sync", FALSE,
                      "chunk-size", 4096,
                      NULL);
        memset (location, 0, strlen (location));
      }
      break;

    case VITRINE_DESTINATION_SRT:
      {
        GstElement *parse;

        /* MPEG-TS wants H.264 as a byte stream with SPS/PPS before every
         * keyframe, so a caller joining late can decode. 7 × 188-byte TS
         * packets fill one SRT payload. */
        if (!(parse = _vitrine_make_element ("h264parse", "video-parse", error)) ||
            !(mux = _vitrine_make_element ("mpegtsmux", "mux", error)) ||
            !(sink = _vitrine_make_element ("srtsink", "sink", error)))
          return FALSE;

        video_pad = audio_pad = "sink_%d";
        g_object_set (parse, "config-interval", -1, NULL);
        g_object_set (mux, "alignment", 7, NULL);
        g_object_set (sink, "uri", self->url, "sync", FALSE, "async", FALSE, NULL);
        gst_util_set_object_arg (G_OBJECT (sink), "mode", "caller");
        if (self->encrypted && self->key != NULL)
          g_object_set (sink, "passphrase", self->key, NULL);

        gst_bin_add (GST_BIN (pipeline), parse);
        video_tail = parse;
      }
      break;

    case VITRINE_DESTINATION_RECORDING:
    default:
      {
        g_autofree char *path = recording_path (self);
        g_autofree char *dir = g_path_get_dirname (path);

        if (g_mkdir_with_parents (dir, 0755) != 0)
          {
            int errsv = errno;

            g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_WRITE,
                         _("Cannot create the folder “%s” for the recording: %s"),
                         dir, g_strerror (errsv));
            return FALSE;
          }

        g_clear_pointer (&self->fragments, g_ptr_array_unref);
        self->fragments = g_ptr_array_new_with_free_func (g_free);

        if (self->split_seconds > 0 || self->split_megabytes > 0)
          {
            g_autofree char *pattern = NULL;
            GString *escaped = g_string_new (NULL);
            GstElement *muxer, *filesink;

            /* A new file at the first keyframe past the limit; each file a
             * complete Matroska recording of its own. */
            if (!(mux = _vitrine_make_element ("splitmuxsink", "mux", error)) ||
                !(muxer = _vitrine_make_element ("matroskamux", NULL, error)) ||
                !(filesink = _vitrine_make_element ("filesink", "sink", error)))
              return FALSE;
            for (const char *c = path; *c; c++)
              {
                if (*c == '%')
                  g_string_append_c (escaped, '%');
                g_string_append_c (escaped, *c);
              }
            g_string_truncate (escaped, escaped->len - strlen (".mkv"));
            g_string_append (escaped, "-%03d.mkv");
            pattern = g_string_free (escaped, FALSE);
            g_object_set (filesink, "sync", FALSE, "async", FALSE, NULL);
            g_object_set (mux,
                          "location", pattern,
                          "muxer", muxer,
                          "sink", filesink,
                          "max-size-time", (guint64)self->split_seconds * GST_SECOND,
                          "max-size-bytes", (guint64)self->split_megabytes * 1024 * 1024,
                          NULL);
            sink = NULL;
            probed = filesink;
            video_pad = "video";
            audio_pad = "audio_%u";
          }
        else
          {
            if (!(mux = _vitrine_make_element ("matroskamux", "mux", error)) ||
                !(sink = _vitrine_make_element ("filesink", "sink", error)))
              return FALSE;
            /* Not streamable: Cues and Duration are written on a clean stop; a
             * crash still leaves a playable file (reliability.md §A2). */
            g_object_set (sink, "location", path, "sync", FALSE, "async", FALSE, NULL);
            if (!_vitrine_recording_lock (path, self->remux_mp4, error))
              return FALSE;
            video_pad = "video_%u";
            audio_pad = "audio_%u";
          }

        g_free (self->location);
        self->location = g_steal_pointer (&path);
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOCATION]);
      }
      break;
    }

  gst_bin_add (GST_BIN (pipeline), mux);
  if (sink != NULL)
    gst_bin_add (GST_BIN (pipeline), sink);
  else
    sink = mux;  /* splitmuxsink holds its own file sink */

  /* The appsrcs have no caps yet, so the muxer's pads are named explicitly;
   * an automatic link would give the audio a video pad. */
  if (!gst_element_link (GST_ELEMENT (video_src), video_queue) ||
      (video_tail != video_queue && !gst_element_link (video_queue, video_tail)) ||
      !link_to_mux (video_tail, mux, video_pad) ||
      (audio_src != NULL &&
       (!gst_element_link (GST_ELEMENT (audio_src), audio_queue) ||
        !link_to_mux (audio_queue, mux, audio_pad))) ||
      (sink != mux && !gst_element_link (mux, sink)))
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                   _("Cannot assemble the pipeline for “%s”"), self->name);
      return FALSE;
    }

  sinkpad = gst_element_get_static_pad (probed ? probed : sink, "sink");
  gst_pad_add_probe (sinkpad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     count_bytes_probe, self, NULL);

  bus = gst_pipeline_get_bus (GST_PIPELINE (pipeline));
  self->bus_watch_id = gst_bus_add_watch (bus, bus_cb, self);

  g_mutex_lock (&self->lock);
  gst_clear_object (&self->pipeline);
  gst_clear_object (&self->video_src);
  gst_clear_object (&self->audio_src);
  self->pipeline = g_steal_pointer (&pipeline);
  self->video_src = gst_object_ref (video_src);
  self->audio_src = audio_src ? gst_object_ref (audio_src) : NULL;
  gst_clear_caps (&self->video_caps);
  gst_clear_caps (&self->audio_caps);
  self->offset = GST_CLOCK_TIME_NONE;
  self->waiting_keyframe = TRUE;
  self->keyframe_requested = FALSE;
  self->video_eos = FALSE;
  self->audio_eos = !self->has_audio;
  g_mutex_unlock (&self->lock);

  return TRUE;
}

/* set_state(NULL) on a destination that lost its server can block for a long
 * time in 1.22 (reliability.md §A3), so it never runs on the main thread. */
static void
teardown_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GstElement *pipeline = task_data;

  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_task_return_boolean (task, TRUE);
}

typedef struct
{
  GTask *stop_task;
  guint  timeout_id;
  gboolean done;
} Teardown;

static void
teardown_finish (Teardown *teardown)
{
  if (teardown->stop_task != NULL)
    {
      g_task_return_boolean (teardown->stop_task, TRUE);
      g_clear_object (&teardown->stop_task);
    }
}

static gboolean
teardown_timeout_cb (gpointer user_data)
{
  Teardown *teardown = user_data;

  /* Not a g_warning(): a server that hangs is the outside world's fault and
   * must never abort a studio running with fatal warnings. */
  GST_WARNING ("a destination pipeline did not stop within %d ms; leaving it behind",
               TEARDOWN_TIMEOUT_MS);
  teardown->timeout_id = 0;
  teardown_finish (teardown);
  return G_SOURCE_REMOVE;
}

static void
teardown_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Teardown *teardown = user_data;

  g_clear_handle_id (&teardown->timeout_id, g_source_remove);
  teardown_finish (teardown);
  g_free (teardown);
}

/* Detaches the current pipeline and stops it in a worker thread. @stop_task,
 * if any, completes when it is stopped (or after a timeout). */
static void
detach_pipeline (VitrineOutput *self,
                 GTask         *stop_task)
{
  g_autoptr(GTask) task = NULL;
  GstElement *pipeline;
  Teardown *teardown;

  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->eos_timeout_id, g_source_remove);
  release_socket (self);

  g_mutex_lock (&self->lock);
  self->accepting = FALSE;
  pipeline = g_steal_pointer (&self->pipeline);
  gst_clear_object (&self->video_src);
  gst_clear_object (&self->audio_src);
  g_mutex_unlock (&self->lock);

  if (pipeline == NULL)
    {
      if (stop_task != NULL)
        g_task_return_boolean (stop_task, TRUE);
      return;
    }

  teardown = g_new0 (Teardown, 1);
  teardown->stop_task = stop_task ? g_object_ref (stop_task) : NULL;
  teardown->timeout_id = g_timeout_add (TEARDOWN_TIMEOUT_MS, teardown_timeout_cb, teardown);

  task = g_task_new (NULL, NULL, teardown_done_cb, teardown);
  g_task_set_source_tag (task, detach_pipeline);
  g_task_set_task_data (task, pipeline, gst_object_unref);
  g_task_run_in_thread (task, teardown_thread);
}

/* What rtmp2sink has written to its socket so far (0 before the server
 * accepted the publish). */
static guint64
rtmp_bytes_sent (VitrineOutput *self)
{
  g_autoptr(GstElement) sink = NULL;
  GstStructure *stats = NULL;
  guint64 sent = 0;

  g_mutex_lock (&self->lock);
  if (self->pipeline != NULL)
    sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  g_mutex_unlock (&self->lock);

  if (sink != NULL)
    g_object_get (sink, "stats", &stats, NULL);
  if (stats != NULL)
    {
      gst_structure_get_uint64 (stats, "out-bytes-total", &sent);
      gst_structure_free (stats);
    }
  return sent;
}

/* rtmp2sink's sockets, claimed by their destination (rtmp2sink 1.22 does not
 * expose them, they are found by peer port). Main thread only. */
static GHashTable *claimed_sockets;

static void
release_socket (VitrineOutput *self)
{
  if (self->tcp_fd >= 0 && claimed_sockets != NULL)
    g_hash_table_remove (claimed_sockets, GINT_TO_POINTER (self->tcp_fd));
  self->tcp_fd = -1;
  self->window_samples = 0;
}

/* A server that stops reading (hung, or behind a dead path) is only noticed
 * when writes block, and the kernel takes megabytes into its socket buffers
 * first: measured on loopback against a SIGSTOPped nginx, rtmp2sink kept
 * "sending" for 10 s. Bounding the unsent part of rtmp2sink's socket to
 * 128 KiB makes congestion show in our own queue (where whole GOPs are
 * dropped) instead of hiding in the kernel; the data in flight still grows
 * with the congestion window, so throughput is not capped. The socket is
 * kept for the watchdog, which reads the server's receive window from it. */
static void
limit_unsent (VitrineOutput *self)
{
#if defined(__linux__) && defined(TCP_NOTSENT_LOWAT)
  g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  struct dirent *entry;
  DIR *dir;
  int port;

  if (uri == NULL)
    return;
  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_ascii_strcasecmp (g_uri_get_scheme (uri), "rtmps") == 0 ? 443 : 1935;

  if (claimed_sockets == NULL)
    claimed_sockets = g_hash_table_new (NULL, NULL);
  release_socket (self);

  if (!(dir = opendir ("/proc/self/fd")))
    return;
  while ((entry = readdir (dir)) != NULL)
    {
      struct sockaddr_storage peer;
      socklen_t length = sizeof peer;
      int fd = atoi (entry->d_name);
      int peer_port;
      int low_water = UNSENT_LOW_WATER;
      struct stat st;

      if (fd <= 2 || fstat (fd, &st) != 0 || !S_ISSOCK (st.st_mode) ||
          getpeername (fd, (struct sockaddr *)&peer, &length) != 0)
        continue;
      if (peer.ss_family == AF_INET)
        peer_port = ntohs (((struct sockaddr_in *)&peer)->sin_port);
      else if (peer.ss_family == AF_INET6)
        peer_port = ntohs (((struct sockaddr_in6 *)&peer)->sin6_port);
      else
        continue;
      /* Every socket to that port gets the bound (another destination's
       * suits it as well); ours is the one no destination has claimed. */
      if (peer_port != port)
        continue;
      setsockopt (fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &low_water, sizeof low_water);
      if (self->tcp_fd < 0 && !g_hash_table_contains (claimed_sockets, GINT_TO_POINTER (fd)))
        {
          self->tcp_fd = fd;
          g_hash_table_add (claimed_sockets, GINT_TO_POINTER (fd));
        }
    }
  closedir (dir);
#endif
}

/* Whether the server stopped reading: a server that reads keeps its receive
 * window open, even on a slow path (there the congestion window limits us);
 * one that stopped lets it shrink by what we write. Measured against a
 * SIGSTOPped nginx: a steady 1.37 MB window shrank by exactly the bytes
 * written, every second. So: over the last 3 s the window shrank by at
 * least 3/4 of what we wrote. Seen about 3 s after the server stops, however
 * large its buffers are. */
static gboolean
server_stopped_reading (VitrineOutput *self,
                        guint64        sent)
{
#if defined(__linux__)
  struct tcp_info info = { 0 };
  socklen_t length = sizeof info;
  guint64 written;
  gint64 shrunk;

  if (self->tcp_fd < 0 ||
      getsockopt (self->tcp_fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0 ||
      length < offsetof (struct tcp_info, tcpi_snd_wnd) + sizeof info.tcpi_snd_wnd)
    return FALSE;

  memmove (&self->window_sent[0], &self->window_sent[1], 2 * sizeof self->window_sent[0]);
  memmove (&self->window[0], &self->window[1], 2 * sizeof self->window[0]);
  self->window_sent[2] = sent;
  self->window[2] = info.tcpi_snd_wnd;
  if (++self->window_samples < 3)
    return FALSE;

  written = self->window_sent[2] - self->window_sent[0];
  shrunk = (gint64)self->window[0] - (gint64)self->window[2];
  return written > 64 * 1024 && shrunk >= (gint64)(written * 3 / 4);
#else
  return FALSE;
#endif
}

static gboolean
poll_live_cb (gpointer user_data)
{
  VitrineOutput *self = user_data;
  guint64 bytes = __atomic_load_n (&self->sink_bytes, __ATOMIC_RELAXED);
  gboolean flowing = bytes > self->bytes;

  /* rtmp2sink only reports sent bytes once the server accepted the publish,
   * which is what "live" means to the host. */
  if (self->kind == VITRINE_DESTINATION_RTMP)
    flowing = flowing && rtmp_bytes_sent (self) > 0;

  if (!flowing)
    return G_SOURCE_CONTINUE;

  self->poll_id = 0;
  self->retry_ms = 0;
  self->last_progress_us = g_get_monotonic_time ();
  g_clear_error (&self->error);
  if (self->kind == VITRINE_DESTINATION_RTMP)
    limit_unsent (self);

  if (self->kind == VITRINE_DESTINATION_RECORDING)
    {
      g_autofree char *status = g_strdup_printf (_("Recording to %s"), self->location);
      set_status (self, status);
    }
  else
    {
      g_autofree char *status = g_strdup_printf (_("Live on %s"), self->location);
      set_status (self, status);
    }
  set_state (self, VITRINE_OUTPUT_STATE_LIVE);

  return G_SOURCE_REMOVE;
}

static gboolean
launch (VitrineOutput *self)
{
  g_autoptr(GError) error = NULL;
  GstStateChangeReturn ret;

  __atomic_store_n (&self->sink_bytes, 0, __ATOMIC_RELAXED);
  self->bytes = 0;
  self->last_bytes = 0;
  self->last_tick_us = g_get_monotonic_time ();
  self->last_progress_us = self->last_tick_us;
  self->last_sent = 0;

  if (!build_pipeline (self, &error))
    {
      _vitrine_output_fail (self, VITRINE_OUTPUT_STATE_FAILED, g_steal_pointer (&error));
      return FALSE;
    }

  ret = gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  if (ret == GST_STATE_CHANGE_FAILURE)
    {
      /* The bus carries the reason; bus_cb turns it into a state. */
      GST_WARNING ("%s: could not start its pipeline", self->id);
    }

  g_mutex_lock (&self->lock);
  self->accepting = TRUE;
  g_mutex_unlock (&self->lock);

  self->poll_id = g_timeout_add (CONNECT_POLL_MS, poll_live_cb, self);
  return TRUE;
}

/* Main thread. Starts (or restarts) the destination. */
void
_vitrine_output_start (VitrineOutput *self)
{
  g_return_if_fail (VITRINE_IS_OUTPUT (self));

  if (_vitrine_output_is_active (self) && self->state != VITRINE_OUTPUT_STATE_RECONNECTING)
    return;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_error (&self->error);
  self->retry_ms = 0;

  if (vitrine_output_needs_stream_key (self))
    {
      _vitrine_output_fail (self, VITRINE_OUTPUT_STATE_FAILED,
                            g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_NO_KEY,
                                         self->kind == VITRINE_DESTINATION_SRT
                                         ? _("No passphrase for “%s”: add it in the destination "
                                             "settings")
                                         : self->key_per_stream
                                         ? _("%s gives a new stream key for every live: paste "
                                             "this one's key before going live")
                                         : _("No stream key for “%s”: add it in the destination "
                                             "settings"), self->name));
      return;
    }

  set_status (self, self->kind == VITRINE_DESTINATION_RECORDING ? _("Starting the recording…")
                                                                : _("Connecting…"));
  set_state (self, VITRINE_OUTPUT_STATE_CONNECTING);
  launch (self);
}

/* Main thread. A destination waiting to reconnect tries now. */
void
_vitrine_output_retry_now (VitrineOutput *self)
{
  g_return_if_fail (VITRINE_IS_OUTPUT (self));

  if (self->state != VITRINE_OUTPUT_STATE_RECONNECTING || self->retry_id == 0)
    return;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  retry_cb (self);
}

gboolean
_vitrine_output_is_active (VitrineOutput *self)
{
  return self->state == VITRINE_OUTPUT_STATE_CONNECTING ||
         self->state == VITRINE_OUTPUT_STATE_LIVE ||
         self->state == VITRINE_OUTPUT_STATE_RECONNECTING;
}

/* Main thread. Takes ownership of @error. */
void
_vitrine_output_fail (VitrineOutput      *self,
                      VitrineOutputState  state,
                      GError             *error)
{
  g_autoptr(GError) owned = error;

  g_return_if_fail (VITRINE_IS_OUTPUT (self));

  detach_pipeline (self, NULL);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  g_clear_error (&self->error);
  if (owned != NULL)
    {
      self->error = redact_error (self, owned);
      set_status (self, self->error->message);
      g_debug ("%s: %s", self->id, self->error->message);
    }
  set_state (self, state);
}

static gboolean
is_rejection (const GError *error,
              const char   *debug)
{
  /* nginx-rtmp and the platforms answer a bad key with a refused publish or
   * an authorization error; "already publishing" is transient and retried.
   * A server that hangs up in the middle of the publish command (nginx-rtmp's
   * on_publish answering 403 does exactly that) refused the key: a crashed
   * server fails earlier, at connect. */
  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED))
    return TRUE;
  if (error->message != NULL && strstr (error->message, "'publish' cmd failed") != NULL)
    return TRUE;
  if (error->message != NULL &&
      (strstr (error->message, "NetStream.Publish.Rejected") != NULL ||
       strstr (error->message, "NetStream.Publish.Unauthorized") != NULL ||
       strstr (error->message, "NetConnection.Connect.Rejected") != NULL))
    return TRUE;
  return debug != NULL && strstr (debug, "NetConnection.Connect.Rejected") != NULL;
}

static gboolean
is_tls_failure (const GError *error)
{
  return error->message != NULL &&
         (strstr (error->message, "TLS") != NULL || strstr (error->message, "certificate"));
}

static void
handle_error (VitrineOutput *self,
              GError        *gst_error,
              const char    *debug)
{
  g_autofree char *detail = vitrine_output_redact (self, gst_error->message);

  GST_WARNING ("%s: %s", self->id, detail);

  if (self->kind == VITRINE_DESTINATION_RECORDING)
    {
      _vitrine_output_fail (self, VITRINE_OUTPUT_STATE_FAILED,
                            g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_WRITE,
                                         _("The recording stopped: %s"), detail));
      return;
    }

  if (is_rejection (gst_error, debug))
    {
      _vitrine_output_fail (self, VITRINE_OUTPUT_STATE_REJECTED,
                            g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_KEY_REJECTED,
                                         _("%s refused the stream key. Check the key in the "
                                           "destination settings (%s)"), self->name, detail));
      return;
    }

  if (is_tls_failure (gst_error))
    {
      _vitrine_output_fail (self, VITRINE_OUTPUT_STATE_FAILED,
                            g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_TLS,
                                         _("The certificate of %s is not trusted (%s). If it is "
                                           "your own server, give the destination its "
                                           "certificate as \"trusted_certificate\""),
                                         self->name, detail));
      return;
    }

  g_clear_error (&self->error);
  if (self->kind == VITRINE_DESTINATION_SRT && self->encrypted &&
      self->state == VITRINE_OUTPUT_STATE_CONNECTING)
    /* srtsink 1.22 reports a wrong passphrase like an absent listener. */
    self->error = g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_CONNECTION,
                               _("%s did not accept the connection: it is not listening, or the "
                                 "passphrase does not match (%s)"), self->name, detail);
  else
    self->error = g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_CONNECTION,
                               _("Lost the connection to %s: %s"), self->name, detail);
  detach_pipeline (self, NULL);
  schedule_retry (self);
}

static gboolean
retry_cb (gpointer user_data)
{
  VitrineOutput *self = user_data;

  self->retry_id = 0;
  self->reconnects++;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECONNECTS]);
  set_status (self, _("Reconnecting…"));
  launch (self);
  return G_SOURCE_REMOVE;
}

/* Capped exponential backoff with jitter: 1 s first (faster than OBS's 2 s),
 * then ×1.5 with ±5 % jitter, capped at 30 s (reliability.md §A1). */
static void
schedule_retry (VitrineOutput *self)
{
  g_autofree char *status = NULL;
  double jitter = g_random_double_range (0.95, 1.05);
  guint delay;

  if (self->retry_ms == 0)
    self->retry_ms = FIRST_RETRY_MS;
  else
    self->retry_ms = MIN (RETRY_CAP_MS, self->retry_ms * 3 / 2);
  delay = (guint)(self->retry_ms * jitter);

  status = g_strdup_printf (_("%s — trying again in %.0f s"),
                            self->error ? self->error->message : _("Disconnected"),
                            delay / 1000.0);
  set_status (self, status);
  set_state (self, VITRINE_OUTPUT_STATE_RECONNECTING);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, retry_cb, self);
}

static gboolean
eos_timeout_cb (gpointer user_data)
{
  VitrineOutput *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

  self->eos_timeout_id = 0;
  GST_WARNING ("%s: no EOS within %d ms, stopping anyway", self->id, EOS_TIMEOUT_MS);
  /* A slow or hung server still had media queued: it is dropped. */
  set_status (self, _("Stopped"));
  set_state (self, VITRINE_OUTPUT_STATE_STOPPED);
  detach_pipeline (self, task);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GPtrArray *files;     /* to finish */
  GPtrArray *finished;  /* where they ended */
  gboolean   remux_mp4;
  GError    *error;
} Finish;

static void
finish_free (gpointer data)
{
  Finish *finish = data;

  g_clear_pointer (&finish->files, g_ptr_array_unref);
  g_clear_pointer (&finish->finished, g_ptr_array_unref);
  g_clear_error (&finish->error);
  g_free (finish);
}

static void
finish_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Finish *finish = task_data;

  for (guint i = 0; i < finish->files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      char *final = _vitrine_recording_finish (g_ptr_array_index (finish->files, i),
                                               finish->remux_mp4, &error);

      if (final != NULL)
        g_ptr_array_add (finish->finished, final);
      else if (finish->error == NULL)
        finish->error = g_steal_pointer (&error);
    }
  g_task_return_boolean (task, TRUE);
}

static void
finish_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VitrineOutput *self = VITRINE_OUTPUT (object);
  g_autoptr(GTask) stop_task = user_data;
  Finish *finish = g_task_get_task_data (G_TASK (result));
  g_autofree char *status = NULL;

  if (finish->finished->len > 0)
    {
      const char *last = g_ptr_array_index (finish->finished, finish->finished->len - 1);

      g_free (self->location);
      self->location = g_strdup (last);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOCATION]);
    }

  if (finish->error != NULL)
    /* Translators: the recording is kept as Matroska; %s says why MP4 failed */
    status = g_strdup_printf (_("Saved as Matroska, not MP4: %s"), finish->error->message);
  else if (finish->finished->len > 1)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u file, the last %s",
                                           "Saved %u files, the last %s",
                                           finish->finished->len),
                              finish->finished->len, self->location);
  else
    status = g_strdup_printf (_("Saved to %s"), self->location);

  set_status (self, status);
  set_state (self, VITRINE_OUTPUT_STATE_STOPPED);
  if (stop_task != NULL)
    g_task_return_boolean (stop_task, TRUE);
}

/* Main thread, at the end of a recording: every file written gets its lock
 * removed, and becomes MP4 when the host asked; @stop_task completes after. */
static void
finish_recording (VitrineOutput *self,
                  GTask         *stop_task)
{
  g_autoptr(GTask) task = NULL;
  Finish *finish = g_new0 (Finish, 1);

  finish->remux_mp4 = self->remux_mp4;
  finish->finished = g_ptr_array_new_with_free_func (g_free);
  finish->files = g_ptr_array_new_with_free_func (g_free);
  if (self->split_seconds > 0 || self->split_megabytes > 0)
    {
      for (guint i = 0; self->fragments != NULL && i < self->fragments->len; i++)
        g_ptr_array_add (finish->files, g_strdup (g_ptr_array_index (self->fragments, i)));
    }
  else if (self->location != NULL)
    g_ptr_array_add (finish->files, g_strdup (self->location));

  if (self->remux_mp4)
    set_status (self, _("Making the MP4 file…"));

  task = g_task_new (self, NULL, finish_done_cb, stop_task);
  g_task_set_source_tag (task, finish_recording);
  g_task_set_task_data (task, finish, finish_free);
  g_task_run_in_thread (task, finish_thread);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  VitrineOutput *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        if (self->stop_task != NULL)
          {
            /* Stopping anyway: an error now only means the end came early. */
            g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

            self->bus_watch_id = 0;
            detach_pipeline (self, task);
            set_state (self, VITRINE_OUTPUT_STATE_STOPPED);
            return G_SOURCE_REMOVE;
          }
        self->bus_watch_id = 0;
        handle_error (self, error, debug);
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_EOS:
      {
        g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

        GST_INFO ("%s: finished", self->id);
        self->bus_watch_id = 0;
        g_clear_handle_id (&self->eos_timeout_id, g_source_remove);
        self->bytes = __atomic_load_n (&self->sink_bytes, __ATOMIC_RELAXED);
        detach_pipeline (self, NULL);
        if (self->kind == VITRINE_DESTINATION_RECORDING)
          {
            /* Everything is on disk at EOS: finish the files (MP4 when
             * asked) off the main thread, then report. */
            finish_recording (self, g_steal_pointer (&task));
            return G_SOURCE_REMOVE;
          }
        set_status (self, _("Stopped"));
        set_state (self, VITRINE_OUTPUT_STATE_STOPPED);
        if (task != NULL)
          g_task_return_boolean (task, TRUE);
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *structure = gst_message_get_structure (message);
        const char *location = structure ? gst_structure_get_string (structure, "location")
                                         : NULL;

        if (location == NULL)
          break;
        if (gst_structure_has_name (structure, "splitmuxsink-fragment-opened"))
          {
            g_autoptr(GError) error = NULL;
            g_autofree char *status = g_strdup_printf (_("Recording to %s"), location);

            if (!_vitrine_recording_lock (location, self->remux_mp4, &error))
              GST_WARNING ("%s: %s", self->id, error->message);
            g_free (self->location);
            self->location = g_strdup (location);
            g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOCATION]);
            if (self->state == VITRINE_OUTPUT_STATE_LIVE)
              set_status (self, status);
          }
        else if (gst_structure_has_name (structure, "splitmuxsink-fragment-closed"))
          g_ptr_array_add (self->fragments, g_strdup (location));
      }
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
        {
          GstState new_state;

          gst_message_parse_state_changed (message, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            GST_DEBUG_BIN_TO_DOT_FILE (GST_BIN (self->pipeline), VITRINE_DOT_DETAILS,
                                       GST_OBJECT_NAME (self->pipeline));
        }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Main thread. Ends the destination cleanly: EOS through its pipeline so the
 * recording is finalised and the server sees an unpublish. */
void
_vitrine_output_stop_async (VitrineOutput       *self,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GstAppSrc *video_src = NULL;
  GstAppSrc *audio_src = NULL;

  g_return_if_fail (VITRINE_IS_OUTPUT (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, _vitrine_output_stop_async);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);

  if (!_vitrine_output_is_active (self) || self->pipeline == NULL || self->stop_task != NULL)
    {
      if (_vitrine_output_is_active (self))
        {
          detach_pipeline (self, NULL);
          set_status (self, _("Stopped"));
          set_state (self, VITRINE_OUTPUT_STATE_STOPPED);
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_mutex_lock (&self->lock);
  self->accepting = FALSE;
  if (self->video_src != NULL)
    video_src = gst_object_ref (self->video_src);
  if (self->audio_src != NULL)
    audio_src = gst_object_ref (self->audio_src);
  g_mutex_unlock (&self->lock);

  set_status (self, _("Finishing…"));
  self->stop_task = g_steal_pointer (&task);
  self->eos_timeout_id = g_timeout_add (EOS_TIMEOUT_MS, eos_timeout_cb, self);

  if (video_src != NULL)
    gst_app_src_end_of_stream (video_src);
  if (audio_src != NULL)
    gst_app_src_end_of_stream (audio_src);
  gst_clear_object (&video_src);
  gst_clear_object (&audio_src);
}

gboolean
_vitrine_output_stop_finish (VitrineOutput  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static GstClockTime
queued_time (GstAppSrc *src)
{
  guint64 level = 0;

  g_object_get (src, "current-level-time", &level, NULL);
  return level;
}

/* Running time of a timestamp in the sample's segment: x264enc shifts its
 * segment by 1000 hours so DTS can never be negative, so raw timestamps of
 * audio and video are not comparable, running times are. */
static GstClockTime
running_time (const GstSegment *segment,
              GstClockTime      ts)
{
  guint64 rt = 0;

  if (!GST_CLOCK_TIME_IS_VALID (ts) || segment == NULL || segment->format != GST_FORMAT_TIME)
    return ts;
  if (gst_segment_to_running_time_full (segment, GST_FORMAT_TIME, ts, &rt) < 0)
    return 0;
  return rt;
}

/* Streaming thread of the program pipeline. Never blocks on a live
 * destination; in offline renders it applies back-pressure.
 *
 * Returns TRUE when the destination waits for a keyframe to start on and
 * would like the encoder to make one now, instead of waiting up to a whole
 * keyframe interval. It asks once per wait, and never while congested
 * (extra keyframes would only make the congestion worse). */
gboolean
_vitrine_output_push (VitrineOutput *self,
                      GstSample     *sample,
                      gboolean       video)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  g_autoptr(GstAppSrc) src = NULL;
  GstClockTime pts, dts;
  GstBuffer *copy;
  gboolean keyframe;

  gboolean want_keyframe = FALSE;

  if (buffer == NULL)
    return FALSE;

  keyframe = video && !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  pts = running_time (segment, GST_BUFFER_PTS (buffer));
  dts = running_time (segment, GST_BUFFER_DTS (buffer));

  g_mutex_lock (&self->lock);

  if (!self->accepting || self->pipeline == NULL)
    goto out;

  if ((video ? self->video_src : self->audio_src) == NULL)
    goto out;
  src = gst_object_ref (video ? self->video_src : self->audio_src);

  if (video)
    {
      /* Congested: drop whole GOPs while more than MAX_QUEUED_USEC of media
       * waits for the server, then resume on a keyframe (OBS-like). Blind
       * leaking would corrupt the picture until the next keyframe. */
      gboolean congested = !self->offline && queued_time (src) > MAX_QUEUED_USEC * GST_USECOND;

      if (congested)
        self->waiting_keyframe = TRUE;

      if (self->waiting_keyframe)
        {
          if (!keyframe || congested || !GST_CLOCK_TIME_IS_VALID (pts))
            {
              if (self->offset != GST_CLOCK_TIME_NONE)
                self->dropped_shared++;
              if (!congested && !self->offline && !self->keyframe_requested)
                want_keyframe = self->keyframe_requested = TRUE;
              goto out;
            }
          self->waiting_keyframe = FALSE;
          self->keyframe_requested = FALSE;
        }

      if (self->offset == GST_CLOCK_TIME_NONE)
        self->offset = pts;
    }
  else if (self->offset == GST_CLOCK_TIME_NONE || self->waiting_keyframe ||
           !GST_CLOCK_TIME_IS_VALID (pts) || pts < self->offset)
    {
      /* Audio waits for the video to start so both begin together. */
      goto out;
    }

  /* The program's caps carry codec_data; a change (never expected) is passed on. */
  if (video && (self->video_caps == NULL || !gst_caps_is_equal (self->video_caps, caps)))
    {
      gst_caps_replace (&self->video_caps, caps);
      gst_app_src_set_caps (src, caps);
    }
  else if (!video && (self->audio_caps == NULL || !gst_caps_is_equal (self->audio_caps, caps)))
    {
      gst_caps_replace (&self->audio_caps, caps);
      gst_app_src_set_caps (src, caps);
    }

  /* Every destination starts its timeline at zero: a reconnect gives the
   * server a fresh stream instead of one that starts minutes in. */
  copy = gst_buffer_copy (buffer);
  GST_BUFFER_PTS (copy) = pts - self->offset;
  GST_BUFFER_DTS (copy) = GST_CLOCK_TIME_IS_VALID (dts) && dts >= self->offset
                            ? dts - self->offset : GST_BUFFER_PTS (copy);

  g_mutex_unlock (&self->lock);
  gst_app_src_push_buffer (src, copy);  /* result ignored: the bus reports failures */
  return FALSE;

out:
  g_mutex_unlock (&self->lock);
  return want_keyframe;
}

void
_vitrine_output_push_eos (VitrineOutput *self,
                          gboolean       video)
{
  g_autoptr(GstAppSrc) src = NULL;

  g_mutex_lock (&self->lock);
  if (self->pipeline != NULL && self->accepting)
    {
      GstAppSrc *s = video ? self->video_src : self->audio_src;

      if (s != NULL)
        src = gst_object_ref (s);
      if (video)
        self->video_eos = TRUE;
      else
        self->audio_eos = TRUE;
    }
  g_mutex_unlock (&self->lock);

  if (src != NULL)
    gst_app_src_end_of_stream (src);
}

/* Main thread, once a second: statistics and the stall watchdog. */
void
_vitrine_output_tick (VitrineOutput *self,
                      gint64         now_us)
{
  guint64 bytes = __atomic_load_n (&self->sink_bytes, __ATOMIC_RELAXED);
  guint64 dropped;
  gint64 elapsed = now_us - self->last_tick_us;
  guint bitrate = 0;

  g_mutex_lock (&self->lock);
  dropped = self->dropped_shared;
  g_mutex_unlock (&self->lock);

  if (elapsed > 0 && bytes >= self->last_bytes)
    bitrate = (guint)((bytes - self->last_bytes) * 8 * 1000 / elapsed);  /* kb/s */

  /* Progress is what left for the server: for RTMP, what rtmp2sink wrote to
   * its socket, since what it accepted may sit in its own queue. */
  if (self->kind == VITRINE_DESTINATION_RTMP)
    {
      guint64 sent = rtmp_bytes_sent (self);

      if (sent > self->last_sent)
        {
          self->last_sent = sent;
          self->last_progress_us = now_us;
        }
      if (self->state == VITRINE_OUTPUT_STATE_LIVE && !self->offline &&
          self->stop_task == NULL && server_stopped_reading (self, sent))
        {
          g_clear_error (&self->error);
          self->error = g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_CONNECTION,
                                     _("%s stopped reading the stream"), self->name);
          detach_pipeline (self, NULL);
          schedule_retry (self);
          return;
        }
    }
  else if (bytes > self->last_bytes)
    self->last_progress_us = now_us;

  self->last_bytes = bytes;
  self->last_tick_us = now_us;

  if (self->bytes != bytes)
    {
      self->bytes = bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BYTES]);
    }
  if (self->bitrate != bitrate)
    {
      self->bitrate = bitrate;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BITRATE]);
    }
  if (self->dropped_frames != dropped)
    {
      self->dropped_frames = dropped;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DROPPED_FRAMES]);
    }

  /* rtmp2sink notices a server that stopped reading only after ~26 s; ours
   * gives up after STALL_TIMEOUT_USEC without a byte written (see
   * limit_unsent() for why that comes quickly), or a connection that does
   * not get through within CONNECT_TIMEOUT_USEC. rtmp2sink's out-bytes-acked
   * cannot help: nginx sends it no RTMP acknowledgements at all. */
  if (self->kind == VITRINE_DESTINATION_RTMP && !self->offline && self->stop_task == NULL &&
      ((self->state == VITRINE_OUTPUT_STATE_LIVE &&
        now_us - self->last_progress_us > STALL_TIMEOUT_USEC) ||
       (self->state == VITRINE_OUTPUT_STATE_CONNECTING &&
        now_us - self->last_progress_us > CONNECT_TIMEOUT_USEC)))
    {
      g_clear_error (&self->error);
      self->error = g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_CONNECTION,
                                 _("%s stopped accepting data"), self->name);
      detach_pipeline (self, NULL);
      schedule_retry (self);
    }
}

gboolean
_vitrine_output_is_finished (VitrineOutput *self)
{
  return !_vitrine_output_is_active (self) && self->stop_task == NULL;
}

const char *
vitrine_output_get_id (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), NULL);
  return self->id;
}

const char *
vitrine_output_get_name (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), NULL);
  return self->name;
}

VitrineDestinationKind
vitrine_output_get_kind (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), 0);
  return self->kind;
}

/**
 * vitrine_output_get_canvas:
 *
 * Returns: the canvas (landscape or portrait) this destination sends
 */
VitrineCanvasKind
vitrine_output_get_canvas (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), VITRINE_CANVAS_LANDSCAPE);
  return self->canvas;
}

/* The folder a recording destination writes to, or NULL. */
char *
_vitrine_output_get_recording_dir (VitrineOutput *self)
{
  g_autofree char *dir = NULL;

  if (self->kind != VITRINE_DESTINATION_RECORDING || self->path_template == NULL)
    return NULL;
  dir = g_path_get_dirname (self->path_template);
  if (strchr (dir, '%') != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      char *expanded = g_date_time_format (now, dir);

      return expanded ? expanded : g_steal_pointer (&dir);
    }
  return g_steal_pointer (&dir);
}

/* Streaming threads: immutable after construction. */
VitrineCanvasKind
_vitrine_output_get_canvas (VitrineOutput *self)
{
  return self->canvas;
}

/* The destination's own QR code (a picture encoded for it alone), or NULL
 * when it takes the canvas's shared picture. */
const char *
_vitrine_output_get_qr_source (VitrineOutput *self)
{
  return self->qr_source;
}

VitrineOutputState
vitrine_output_get_state (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), 0);
  return self->state;
}

/**
 * vitrine_output_get_error:
 *
 * Returns: (nullable): why the destination is failed, rejected or reconnecting
 */
const GError *
vitrine_output_get_error (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), NULL);
  return self->error;
}

const char *
vitrine_output_get_status (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), NULL);
  return self->status;
}

gboolean
vitrine_output_get_enabled (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), FALSE);
  return self->enabled;
}

void
vitrine_output_set_enabled (VitrineOutput *self,
                            gboolean       enabled)
{
  g_return_if_fail (VITRINE_IS_OUTPUT (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENABLED]);
}

/**
 * vitrine_output_get_location:
 *
 * Returns: (nullable): the server address (without the key) or the file
 */
const char *
vitrine_output_get_location (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), NULL);
  return self->location;
}

guint64
vitrine_output_get_bytes (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), 0);
  return self->bytes;
}

guint
vitrine_output_get_bitrate (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), 0);
  return self->bitrate;
}

guint64
vitrine_output_get_dropped_frames (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), 0);
  return self->dropped_frames;
}

guint
vitrine_output_get_reconnects (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), 0);
  return self->reconnects;
}

/**
 * vitrine_output_get_uptime:
 *
 * Returns: microseconds since the destination became live, or 0
 */
gint64
vitrine_output_get_uptime (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), 0);

  if (self->live_since_us == 0)
    return 0;
  return g_get_monotonic_time () - self->live_since_us;
}

/**
 * vitrine_output_set_stream_key:
 * @key: (nullable): the key; kept in memory only
 */
void
vitrine_output_set_stream_key (VitrineOutput *self,
                               const char    *key)
{
  gboolean had_key;

  g_return_if_fail (VITRINE_IS_OUTPUT (self));

  had_key = vitrine_output_get_has_stream_key (self);
  if (self->key != NULL)
    {
      memset (self->key, 0, strlen (self->key));
      g_clear_pointer (&self->key, g_free);
    }
  if (key != NULL && *key != '\0')
    self->key = g_strstrip (g_strdup (key));

  if (had_key != vitrine_output_get_has_stream_key (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HAS_STREAM_KEY]);
}

gboolean
vitrine_output_get_has_stream_key (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), FALSE);
  return self->key != NULL && *self->key != '\0';
}

/**
 * vitrine_output_needs_stream_key:
 *
 * Returns: whether the destination must get a key before it can start
 */
gboolean
vitrine_output_needs_stream_key (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), FALSE);
  return vitrine_output_uses_stream_key (self) && !vitrine_output_get_has_stream_key (self);
}

/**
 * vitrine_output_uses_stream_key:
 *
 * Returns: whether the destination takes a secret from the keyring: the
 *   stream key of an RTMP server, the passphrase of an encrypted SRT one
 */
gboolean
vitrine_output_uses_stream_key (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), FALSE);
  return self->kind == VITRINE_DESTINATION_RTMP ||
         (self->kind == VITRINE_DESTINATION_SRT && self->encrypted);
}

/**
 * vitrine_output_get_key_per_stream:
 *
 * Returns: whether the platform issues a new stream key for every live
 *   (TikTok, Instagram): such a key is asked for before each stream, never
 *   kept in the keyring, and forgotten when the stream ends
 */
gboolean
vitrine_output_get_key_per_stream (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), FALSE);
  return self->key_per_stream;
}

/**
 * vitrine_output_get_trusted_certificate:
 *
 * Returns: (nullable): the certificate file trusted for this RTMPS server
 */
const char *
vitrine_output_get_trusted_certificate (VitrineOutput *self)
{
  g_return_val_if_fail (VITRINE_IS_OUTPUT (self), NULL);
  return self->trusted_certificate;
}

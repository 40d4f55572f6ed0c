/* vitrine-engine.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/resource.h>

#include "vitrine-engine.h"
#include "vitrine-graphics.h"
#include "vitrine-media-enums.h"
#include "vitrine-media-player-private.h"
#include "vitrine-output-private.h"
#include "vitrine-portal-capture-private.h"
#include "vitrine-recording-private.h"
#include "vitrine-screen-capture-private.h"
#include "vitrine-secrets.h"

GST_DEBUG_CATEGORY_STATIC (vitrine_engine_debug);
#define GST_CAT_DEFAULT vitrine_engine_debug

/* The program pipeline, one per canvas (DESIGN.md §2):
 *
 *   sources ─► compositor ─► tee ─┬─► leaky queue ─► scale ─► appsink "preview" (BGRA)
 *                                 └─► queue ─► x264enc ─► h264parse ─► appsink "video-out"
 *   audio sources ─► audiomixer ─► AAC ─► aacparse ─► appsink "audio-out"
 *
 * The encoder runs once; the appsinks hand every encoded buffer to each
 * destination's own pipeline (vitrine-output.c). */

#define PREVIEW_WIDTH 640
#define AUDIO_RATE 48000
#define AUDIO_SAMPLES_PER_BUFFER 1024

/* The host's controls and the meter of one audio source. Main thread. */
typedef struct
{
  double      volume;   /* the fader, 0…2 */
  gboolean    muted;
  double      peak_db;  /* the last 100 ms, loudest channel */
  double      rms_db;
  GstElement *fader;    /* the source's volume element while the program runs */
} AudioControl;

static void
audio_control_free (gpointer data)
{
  AudioControl *control = data;

  gst_clear_object (&control->fader);
  g_free (control);
}

/* One composited picture and its encoder: the landscape canvas, and the
 * portrait one when the show has it. */
typedef struct
{
  VitrineCanvasKind  kind;
  GstElement        *compositor;   /* borrowed: the pipeline holds it */
  GstElement        *video_sink;   /* the encoded video appsink */
  GPtrArray         *own_sinks;    /* appsinks of destinations with their own QR code */
  GHashTable        *source_pads;  /* source id → compositor GstPad */
} Canvas;

struct _VitrineEngine
{
  GObject             parent_instance;

  /* Owned */
  VitrineShow        *show;
  VitrineEngineFlags  flags;
  VitrineEngineState  state;
  GError             *error;
  GListStore         *outputs;
  GPtrArray          *output_array;   /* immutable after construction: streaming threads read it */
  char               *scene;
  GCancellable       *cancellable;
  GHashTable         *source_bins;    /* GstElement → VitrineSourceConfig* */
  GHashTable         *audio;          /* source id → AudioControl */
  GHashTable         *failed_sources; /* source id → what went wrong (main thread) */
  GHashTable         *players;        /* media source id → VitrineMediaPlayer */
  GHashTable         *captures;       /* portal source id → VitrinePortalCapture */
  GHashTable         *screens;        /* X11 screen source id → VitrineScreenCapture */
  XdpParent          *portal_parent;  /* the window portal dialogs belong to, or NULL */
  VitrineGraphics    *graphics;       /* product card, deal, lower third… */
  GError             *theme_error;    /* the show's overlay theme could not be loaded */
  Canvas              canvases[2];
  guint               n_canvases;

  GstElement         *pipeline;
  GstElement         *preview_sink;
  GstElement         *audio_sink;
  gboolean            has_audio;

  guint               bus_watch_id;
  guint               tick_id;
  gboolean            live;
  gboolean            program_done;
  gboolean            finished_emitted;
  guint64             frame_limit;
  gint64              last_tick_us;
  guint64             last_frames;
  double              fps;
  guint               pending_stops;
  GTask              *end_live_task;

  /* Encode time: when frames entered the encoder, in order (@encode_lock) */
  GMutex              encode_lock;
  GQueue              encode_started;
  gint64              encode_total_us;
  guint               encode_count;
  double              encode_ms;
  double              cpu;
  gint64              last_cpu_us;

  /* Written from the encoder's streaming thread */
  guint64             frames;
  guint               keyframe_requests;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_SCENE,
  PROP_FPS,
  PROP_ENCODE_TIME,
  PROP_CPU,
  N_PROPS
};

enum {
  ERROR,
  STATS,
  NOTICE,
  AUDIO_LEVEL,
  SOURCE_FAILED,
  FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (VitrineEngine, vitrine_engine, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* AAC encoders in order of preference; all take "bitrate" in bit/s (Network
 * Displays picks its encoders from a table the same way). */
static const char *aac_encoders[] = { "avenc_aac", "voaacenc", "fdkaacenc" };

static void update_state (VitrineEngine *self);

static void
set_state (VitrineEngine      *self,
           VitrineEngineState  state)
{
  if (self->state == state)
    return;

  GST_INFO ("engine: %s → %s", vitrine_engine_state_to_string (self->state),
            vitrine_engine_state_to_string (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

static void
emit_error (VitrineEngine *self,
            const GError  *error)
{
  g_signal_emit (self, signals [ERROR], 0, error);
}

/* Drops what pointed into the program pipeline. */
static void
clear_program (VitrineEngine *self)
{
  gst_clear_object (&self->preview_sink);
  gst_clear_object (&self->audio_sink);
  for (guint i = 0; i < G_N_ELEMENTS (self->canvases); i++)
    {
      self->canvases[i].compositor = NULL;
      gst_clear_object (&self->canvases[i].video_sink);
      if (self->canvases[i].own_sinks != NULL)
        g_ptr_array_set_size (self->canvases[i].own_sinks, 0);
      if (self->canvases[i].source_pads != NULL)
        g_hash_table_remove_all (self->canvases[i].source_pads);
    }
  if (self->source_bins != NULL)
    g_hash_table_remove_all (self->source_bins);
  if (self->players != NULL)
    g_hash_table_remove_all (self->players);
  if (self->captures != NULL)
    g_hash_table_remove_all (self->captures);
  if (self->screens != NULL)
    g_hash_table_remove_all (self->screens);
  if (self->failed_sources != NULL)
    g_hash_table_remove_all (self->failed_sources);
  if (self->audio != NULL)
    {
      GHashTableIter iter;
      AudioControl *control;

      g_hash_table_iter_init (&iter, self->audio);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&control))
        {
          gst_clear_object (&control->fader);
          control->peak_db = control->rms_db = -G_MAXDOUBLE;
        }
    }
}

static void
vitrine_engine_dispose (GObject *object)
{
  VitrineEngine *self = (VitrineEngine *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  clear_program (self);

  if (self->output_array != NULL)
    for (guint i = 0; i < self->output_array->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->output_array, i), self);

  G_OBJECT_CLASS (vitrine_engine_parent_class)->dispose (object);
}

static void
vitrine_engine_finalize (GObject *object)
{
  VitrineEngine *self = (VitrineEngine *)object;

  g_clear_object (&self->show);
  g_clear_object (&self->outputs);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->output_array, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->canvases); i++)
    {
      g_clear_pointer (&self->canvases[i].source_pads, g_hash_table_unref);
      g_clear_pointer (&self->canvases[i].own_sinks, g_ptr_array_unref);
    }
  g_clear_pointer (&self->source_bins, g_hash_table_unref);
  g_clear_pointer (&self->audio, g_hash_table_unref);
  g_clear_pointer (&self->failed_sources, g_hash_table_unref);
  g_clear_pointer (&self->players, g_hash_table_unref);
  g_clear_pointer (&self->captures, g_hash_table_unref);
  g_clear_pointer (&self->screens, g_hash_table_unref);
  g_clear_pointer (&self->portal_parent, xdp_parent_free);
  g_clear_object (&self->graphics);
  g_clear_error (&self->theme_error);
  g_clear_pointer (&self->scene, g_free);
  g_clear_error (&self->error);
  g_queue_clear_full (&self->encode_started, g_free);
  g_mutex_clear (&self->encode_lock);

  G_OBJECT_CLASS (vitrine_engine_parent_class)->finalize (object);
}

static void
vitrine_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VitrineEngine *self = VITRINE_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SCENE:
      g_value_set_string (value, self->scene);
      break;
    case PROP_FPS:
      g_value_set_double (value, self->fps);
      break;
    case PROP_ENCODE_TIME:
      g_value_set_double (value, self->encode_ms);
      break;
    case PROP_CPU:
      g_value_set_double (value, self->cpu);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_engine_class_init (VitrineEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_engine_dispose;
  object_class->finalize = vitrine_engine_finalize;
  object_class->get_property = vitrine_engine_get_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       VITRINE_TYPE_ENGINE_STATE, VITRINE_ENGINE_STATE_STOPPED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SCENE] =
    g_param_spec_string ("scene", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_FPS] =
    g_param_spec_double ("fps", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Milliseconds x264 took per frame over the last second, landscape canvas. */
  properties [PROP_ENCODE_TIME] =
    g_param_spec_double ("encode-time", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The studio's CPU use over the last second, in percent of one core. */
  properties [PROP_CPU] =
    g_param_spec_double ("cpu", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrineEngine::error:
   * @error: what went wrong, in words for the host
   *
   * Emitted on the main thread when the host should be told about a problem.
   */
  signals [ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * VitrineEngine::stats:
   *
   * Emitted on the main thread once a second, after fps and the outputs'
   * statistics were updated.
   */
  /**
   * VitrineEngine::notice:
   * @message: something the host should know that is not a problem, e.g. a
   *   recording an earlier crash left behind was repaired
   *
   * Emitted on the main thread.
   */
  signals [NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * VitrineEngine::audio-level:
   * @source_id: the audio source whose meter moved
   *
   * Emitted on the main thread about ten times a second per audio source;
   * read the values with vitrine_engine_get_audio().
   */
  signals [AUDIO_LEVEL] =
    g_signal_new ("audio-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * VitrineEngine::source-failed:
   * @source_id: the source that stopped
   * @error: why, in words for the host
   *
   * Emitted on the main thread when a source fails while the show runs
   * (a camera unplugged, a microphone gone). The show goes on without it.
   */
  signals [SOURCE_FAILED] =
    g_signal_new ("source-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  signals [STATS] =
    g_signal_new ("stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * VitrineEngine::finished:
   *
   * Emitted once when the program reached its end (offline renders, frame
   * limits) and every destination has written it.
   */
  signals [FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  GST_DEBUG_CATEGORY_INIT (vitrine_engine_debug, "vitrine-engine", 0, "Vitrine engine");
}

static void
vitrine_engine_init (VitrineEngine *self)
{
  self->outputs = g_list_store_new (VITRINE_TYPE_OUTPUT);
  self->output_array = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->encode_lock);
  g_queue_init (&self->encode_started);
  self->source_bins = g_hash_table_new (NULL, NULL);
  self->audio = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, audio_control_free);
  self->failed_sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->players = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)_vitrine_media_player_free);
  self->captures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)_vitrine_portal_capture_free);
  self->screens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)_vitrine_screen_capture_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->canvases); i++)
    {
      self->canvases[i].kind = (VitrineCanvasKind)i;
      self->canvases[i].own_sinks = g_ptr_array_new_with_free_func (gst_object_unref);
      self->canvases[i].source_pads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             gst_object_unref);
    }
}

static void
check_finished (VitrineEngine *self)
{
  if (!self->program_done || self->finished_emitted)
    return;

  for (guint i = 0; i < self->output_array->len; i++)
    if (!_vitrine_output_is_finished (g_ptr_array_index (self->output_array, i)))
      return;

  self->finished_emitted = TRUE;
  g_signal_emit (self, signals [FINISHED], 0);
}

static void
output_state_cb (VitrineOutput *output,
                 GParamSpec    *pspec,
                 VitrineEngine *self)
{
  VitrineOutputState state = vitrine_output_get_state (output);

  if ((state == VITRINE_OUTPUT_STATE_REJECTED || state == VITRINE_OUTPUT_STATE_FAILED) &&
      vitrine_output_get_error (output) != NULL)
    emit_error (self, vitrine_output_get_error (output));

  check_finished (self);
}

/* utm_source of the shared QR code: the platform when every stream goes to
 * one, else "multistream" (orders still say they came from the live). */
static char *
utm_source_for (VitrineShow *show)
{
  const char *found = NULL;

  for (guint i = 0; i < vitrine_show_get_n_destinations (show); i++)
    {
      const VitrineDestinationConfig *destination = vitrine_show_get_destination (show, i);
      const char *platform;

      /* A destination with its own QR code does not share this one. */
      if (destination->kind == VITRINE_DESTINATION_RECORDING || !destination->enabled ||
          destination->qr_source != NULL)
        continue;
      platform = destination->platform ? destination->platform : "rtmp";
      if (found != NULL && !g_str_equal (found, platform))
        return g_strdup ("multistream");
      found = platform;
    }
  return g_strdup (found ? found : "vitrine");
}

static VitrineGraphics *
create_graphics (VitrineEngine *self)
{
  const char *theme_name = vitrine_show_get_overlay_theme (self->show);
  g_autoptr(VitrineOverlayTheme) theme = NULL;
  g_autofree char *source = utm_source_for (self->show);
  VitrineGraphics *graphics;

  if (theme_name == NULL)
    theme_name = "studio";
  if (g_path_is_absolute (theme_name))
    {
      g_autoptr(GFile) file = g_file_new_for_path (theme_name);
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &self->theme_error);

      if (bytes != NULL)
        theme = vitrine_overlay_theme_new_from_bytes (bytes, &self->theme_error);
      if (theme == NULL)
        g_prefix_error (&self->theme_error, _("The overlay theme %s cannot be used: "),
                        theme_name);
    }
  else
    {
      theme = vitrine_overlay_theme_new_builtin (theme_name, &self->theme_error);
      if (theme == NULL)
        g_prefix_error (&self->theme_error, _("The overlay theme “%s” cannot be used: "),
                        theme_name);
    }
  /* The show will not start (theme_error); the graphics still exist. */
  if (theme == NULL)
    theme = vitrine_overlay_theme_new_builtin ("studio", NULL);

  graphics = vitrine_graphics_new (theme, vitrine_show_get_overlay_locale (self->show),
                                   vitrine_show_get_campaign (self->show));
  vitrine_graphics_set_utm_source (graphics, source);
  return graphics;
}

/**
 * vitrine_engine_new:
 * @show: the show to run
 * @flags: how to run it
 *
 * Creates an engine with one #VitrineOutput per destination of @show. Nothing
 * runs until vitrine_engine_start().
 *
 * Returns: (transfer full): a new engine
 */
VitrineEngine *
vitrine_engine_new (VitrineShow        *show,
                    VitrineEngineFlags  flags)
{
  VitrineEngine *self;

  g_return_val_if_fail (VITRINE_IS_SHOW (show), NULL);

  self = g_object_new (VITRINE_TYPE_ENGINE, NULL);
  self->show = g_object_ref (show);
  self->flags = flags;
  self->scene = g_strdup (vitrine_show_get_start_scene (show));
  self->n_canvases = vitrine_show_has_portrait (show) ? 2 : 1;

  for (guint i = 0; i < vitrine_show_get_n_sources (show); i++)
    {
      const VitrineSourceConfig *source = vitrine_show_get_source (show, i);
      AudioControl *control;

      /* A video file brings its sound: it gets a fader and a meter too. */
      if (!vitrine_source_kind_is_audio (source->kind) && source->kind != VITRINE_SOURCE_MEDIA)
        continue;
      self->has_audio = TRUE;
      control = g_new0 (AudioControl, 1);
      control->volume = 1.0;
      control->peak_db = control->rms_db = -G_MAXDOUBLE;
      g_hash_table_insert (self->audio, g_strdup (source->id), control);
    }

  self->graphics = create_graphics (self);

  for (guint i = 0; i < vitrine_show_get_n_destinations (show); i++)
    {
      VitrineOutput *output = _vitrine_output_new (vitrine_show_get_destination (show, i),
                                                   (flags & VITRINE_ENGINE_FLAGS_OFFLINE) != 0);

      _vitrine_output_set_has_audio (output, self->has_audio);
      g_signal_connect (output, "notify::state", G_CALLBACK (output_state_cb), self);
      g_list_store_append (self->outputs, output);
      g_ptr_array_add (self->output_array, output);
    }

  return self;
}

static gboolean
offline (VitrineEngine *self)
{
  return (self->flags & VITRINE_ENGINE_FLAGS_OFFLINE) != 0;
}

/* Appends a new element to `chain` in the source builders below. */
#define ADD(factory) G_STMT_START {                                        \
    if (!(chain[n++] = _vitrine_make_element (factory, NULL, error)))     \
      goto failed;                                                         \
  } G_STMT_END

/* Builds a bin around a chain of elements, with a ghost "src" pad. */
static GstElement *
wrap_chain (const char  *name,
            GstElement **chain,
            guint        n_elements,
            GError     **error)
{
  g_autoptr(GstPad) pad = NULL;
  GstElement *bin = gst_bin_new (name);

  for (guint i = 0; i < n_elements; i++)
    gst_bin_add (GST_BIN (bin), chain[i]);

  for (guint i = 0; i + 1 < n_elements; i++)
    {
      if (!gst_element_link (chain[i], chain[i + 1]))
        {
          g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                       _("Cannot link %s to %s in source “%s”"),
                       GST_OBJECT_NAME (chain[i]), GST_OBJECT_NAME (chain[i + 1]), name);
          gst_object_unref (bin);
          return NULL;
        }
    }

  pad = gst_element_get_static_pad (chain[n_elements - 1], "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
  return bin;
}

static void
decodebin_pad_added_cb (GstElement *decodebin,
                        GstPad     *pad,
                        GstElement *next)
{
  g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (next, "sink");

  if (!gst_pad_is_linked (sinkpad))
    gst_pad_link (pad, sinkpad);
}

/* Live sources are converted to the canvas format and colorimetry in their
 * own thread. A source whose colorimetry differs from the canvas makes the
 * compositor convert it on every frame, on the compositor's thread: a 720p
 * test pattern next to a bt601 image cost ten times the blending itself. */
static GstCaps *
video_rate_caps (VitrineEngine *self,
                 gboolean       to_canvas_format)
{
  GstCaps *caps = gst_caps_new_simple ("video/x-raw",
                                       "framerate", GST_TYPE_FRACTION,
                                       vitrine_show_get_fps (self->show), 1, NULL);

  if (to_canvas_format)
    gst_caps_set_simple (caps,
                         "format", G_TYPE_STRING, "I420",
                         "colorimetry", G_TYPE_STRING, "bt709",
                         NULL);
  return caps;
}

static GstElement *
build_video_source (VitrineEngine              *self,
                    const VitrineSourceConfig  *source,
                    GError                    **error)
{
  g_autofree char *name = g_strdup_printf ("source-%s", source->id);
  g_autoptr(GstCaps) caps = NULL;
  GstElement *chain[6] = { NULL, };
  guint n = 0;

  /* Captured outside the program (a portal's PipeWire stream, or an X11
   * screen in a helper process) and handed in through an appsrc. */
  if (source->portal || source->kind == VITRINE_SOURCE_SCREEN)
    {
      g_autofree char *src_name = g_strdup_printf ("capture-video-%s", source->id);

      if (offline (self))
        {
          g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                       _("“%s” is captured live: it cannot be part of an offline render"),
                       source->name);
          return NULL;
        }
      if (!(chain[n++] = _vitrine_make_element ("appsrc", src_name, error)))
        goto failed;
      /* Stamped with the program's clock as frames arrive from the capture
       * pipeline (vitrine-portal-capture.c); scaled to the canvas here. */
      g_object_set (chain[0], "is-live", TRUE, "do-timestamp", TRUE, "format", GST_FORMAT_TIME,
                    "max-bytes", (guint64)16 * 1024 * 1024, NULL);
      return wrap_chain (name, chain, n, error);
    }

  switch (source->kind)
    {
    case VITRINE_SOURCE_TEST_PATTERN:
      ADD ("videotestsrc");
      gst_util_set_object_arg (G_OBJECT (chain[0]), "pattern", source->pattern);
      g_object_set (chain[0], "is-live", !offline (self), NULL);
      if (offline (self) && self->frame_limit > 0)
        g_object_set (chain[0], "num-buffers", (int)self->frame_limit, NULL);
      ADD ("capsfilter");
      caps = video_rate_caps (self, TRUE);
      gst_caps_set_simple (caps,
                           "width", G_TYPE_INT, vitrine_show_get_width (self->show),
                           "height", G_TYPE_INT, vitrine_show_get_height (self->show),
                           "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                           NULL);
      g_object_set (chain[1], "caps", caps, NULL);
      break;

    case VITRINE_SOURCE_IMAGE:
      ADD ("filesrc");
      g_object_set (chain[0], "location", source->path, NULL);
      ADD (g_str_has_suffix (source->path, ".png") || g_str_has_suffix (source->path, ".PNG")
           ? "pngdec" : "jpegdec");
      /* Convert once, before the freeze, not once per frame. */
      ADD ("videoconvert");
      ADD ("imagefreeze");
      g_object_set (chain[3], "is-live", !offline (self), NULL);
      if (offline (self) && self->frame_limit > 0)
        g_object_set (chain[3], "num-buffers", (int)self->frame_limit, NULL);
      ADD ("capsfilter");
      /* Images keep their alpha; the compositor converts only the inset. */
      caps = video_rate_caps (self, FALSE);
      g_object_set (chain[4], "caps", caps, NULL);
      break;

    case VITRINE_SOURCE_CAMERA:
      if (!g_file_test (source->device, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                       _("The camera “%s” is not connected: %s does not exist"),
                       source->name, source->device);
          return NULL;
        }
      ADD ("v4l2src");
      g_object_set (chain[0], "device", source->device, NULL);
      ADD ("decodebin");
      ADD ("videoconvert");
      ADD ("videorate");
      ADD ("capsfilter");
      caps = video_rate_caps (self, TRUE);
      g_object_set (chain[4], "caps", caps, NULL);
      g_signal_connect_object (chain[1], "pad-added", G_CALLBACK (decodebin_pad_added_cb),
                               chain[2], 0);
      break;

    case VITRINE_SOURCE_SCREEN:   /* above */
    case VITRINE_SOURCE_MEDIA:
      {
        g_autofree char *src_name = g_strdup_printf ("media-video-%s", source->id);

        if (offline (self))
          {
            g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                         _("The video file “%s” plays in real time: it cannot be part of an "
                           "offline render"), source->path);
            return NULL;
          }
        if (!(chain[n++] = _vitrine_make_element ("appsrc", src_name, error)))
          goto failed;
        /* Stamped with the program's clock as frames arrive from the
         * player (vitrine-media-player.c). */
        g_object_set (chain[0], "is-live", TRUE, "do-timestamp", TRUE, "format", GST_FORMAT_TIME,
                      "max-bytes", (guint64)8 * 1024 * 1024, NULL);
      }
      break;

    case VITRINE_SOURCE_TONE:
    case VITRINE_SOURCE_MICROPHONE:
    default:
      g_assert_not_reached ();
    }

  /* v4l2src → decodebin is linked statically; only decodebin's output waits. */
  if (source->kind == VITRINE_SOURCE_CAMERA)
    {
      GstElement *bin = gst_bin_new (name);
      g_autoptr(GstPad) pad = NULL;

      gst_bin_add_many (GST_BIN (bin), chain[0], chain[1], chain[2], chain[3], chain[4], NULL);
      if (!gst_element_link (chain[0], chain[1]) ||
          !gst_element_link_many (chain[2], chain[3], chain[4], NULL))
        {
          g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                       _("Cannot assemble the camera source “%s”"), source->id);
          gst_object_unref (bin);
          return NULL;
        }
      pad = gst_element_get_static_pad (chain[4], "src");
      gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
      return bin;
    }

  return wrap_chain (name, chain, n, error);

failed:
  for (guint i = 0; i < n; i++)
    if (chain[i] != NULL)
      gst_object_unref (gst_object_ref_sink (chain[i]));
  return NULL;
}

static GstElement *
build_audio_source (VitrineEngine              *self,
                    const VitrineSourceConfig  *source,
                    GError                    **error)
{
  g_autofree char *name = g_strdup_printf (source->kind == VITRINE_SOURCE_MEDIA
                                           ? "source-%s-audio" : "source-%s", source->id);
  g_autoptr(GstCaps) caps = NULL;
  AudioControl *control = g_hash_table_lookup (self->audio, source->id);
  GstElement *chain[7] = { NULL, };
  guint n = 0;

  if (source->kind == VITRINE_SOURCE_MEDIA)
    {
      g_autofree char *src_name = g_strdup_printf ("media-audio-%s", source->id);

      if (!(chain[n++] = _vitrine_make_element ("appsrc", src_name, error)))
        goto failed;
      g_object_set (chain[0], "is-live", TRUE, "do-timestamp", TRUE, "format", GST_FORMAT_TIME,
                    "max-bytes", (guint64)1024 * 1024, NULL);
    }
  else if (source->kind == VITRINE_SOURCE_TONE)
    {
      ADD ("audiotestsrc");
      g_object_set (chain[0],
                    "is-live", !offline (self),
                    "freq", source->frequency,
                    "volume", source->volume,
                    "samplesperbuffer", AUDIO_SAMPLES_PER_BUFFER,
                    NULL);
      gst_util_set_object_arg (G_OBJECT (chain[0]), "wave", "sine");
      if (offline (self) && self->frame_limit > 0)
        {
          double seconds = (double)self->frame_limit / vitrine_show_get_fps (self->show);

          g_object_set (chain[0], "num-buffers",
                        (int)ceil (seconds * AUDIO_RATE / AUDIO_SAMPLES_PER_BUFFER), NULL);
        }
    }
  else
    {
      ADD ("pulsesrc");
      if (source->device != NULL)
        g_object_set (chain[0], "device", source->device, NULL);
      g_object_set (chain[0], "volume", source->volume, NULL);
    }

  ADD ("audioconvert");
  ADD ("audioresample");
  ADD ("capsfilter");
  caps = gst_caps_new_simple ("audio/x-raw",
                              "rate", G_TYPE_INT, AUDIO_RATE,
                              "channels", G_TYPE_INT, 2,
                              NULL);
  g_object_set (chain[3], "caps", caps, NULL);

  /* The host's fader and mute, then the meter: it shows what goes out. */
  ADD ("volume");
  g_object_set (chain[4], "volume", control->volume, "mute", control->muted, NULL);
  gst_object_replace ((GstObject **)&control->fader, GST_OBJECT (chain[4]));
  ADD ("level");
  g_object_set (chain[5], "post-messages", TRUE, "interval", 100 * GST_MSECOND, NULL);

  return wrap_chain (name, chain, n, error);

failed:
  for (guint i = 0; i < n; i++)
    if (chain[i] != NULL)
      gst_object_unref (gst_object_ref_sink (chain[i]));
  return NULL;
}

/* The canvas whose encoder feeds @sink, or NULL for the audio; @qr_source:
 * NULL for the canvas's shared picture, else the own QR code it carries. */
static const Canvas *
canvas_of_sink (VitrineEngine  *self,
                GstAppSink     *sink,
                const char    **qr_source)
{
  *qr_source = NULL;
  for (guint i = 0; i < self->n_canvases; i++)
    {
      if (self->canvases[i].video_sink == (GstElement *)sink)
        return &self->canvases[i];
      for (guint j = 0; j < self->canvases[i].own_sinks->len; j++)
        if (g_ptr_array_index (self->canvases[i].own_sinks, j) == (gpointer)sink)
          {
            *qr_source = g_object_get_data (G_OBJECT (sink), "vitrine-qr-source");
            return &self->canvases[i];
          }
    }
  return NULL;
}

/* Whether @output takes the buffers of @sink: audio goes to everyone, video
 * to the destinations of that canvas and QR code. */
static gboolean
output_takes (VitrineOutput *output,
              const Canvas  *canvas,
              const char    *qr_source)
{
  return canvas == NULL ||
         (_vitrine_output_get_canvas (output) == canvas->kind &&
          g_strcmp0 (_vitrine_output_get_qr_source (output), qr_source) == 0);
}

/* Streaming thread: hand each encoded buffer to every destination. */
static GstFlowReturn
encoded_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  VitrineEngine *self = user_data;
  const char *qr_source;
  const Canvas *canvas = canvas_of_sink (self, sink, &qr_source);
  gboolean video = canvas != NULL;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  gboolean want_keyframe = FALSE;

  if (sample == NULL)
    return GST_FLOW_EOS;

  if (video && canvas->kind == VITRINE_CANVAS_LANDSCAPE && qr_source == NULL)
    __atomic_add_fetch (&self->frames, 1, __ATOMIC_RELAXED);

  for (guint i = 0; i < self->output_array->len; i++)
    {
      VitrineOutput *output = g_ptr_array_index (self->output_array, i);

      if (output_takes (output, canvas, qr_source))
        want_keyframe |= _vitrine_output_push (output, sample, video);
    }

  /* A destination that joined mid-GOP gets a keyframe now: x264enc handles
   * the upstream event from any thread, and destinations starting together
   * share it. */
  if (want_keyframe)
    gst_element_send_event (GST_ELEMENT (sink),
                            gst_video_event_new_upstream_force_key_unit (
                              GST_CLOCK_TIME_NONE, TRUE, ++self->keyframe_requests));

  return GST_FLOW_OK;
}

static void
encoded_eos_cb (GstAppSink *sink,
                gpointer    user_data)
{
  VitrineEngine *self = user_data;
  const char *qr_source;
  const Canvas *canvas = canvas_of_sink (self, sink, &qr_source);

  for (guint i = 0; i < self->output_array->len; i++)
    {
      VitrineOutput *output = g_ptr_array_index (self->output_array, i);

      if (output_takes (output, canvas, qr_source))
        _vitrine_output_push_eos (output, canvas != NULL);
    }
}

static GstElement *
make_encoded_sink (VitrineEngine  *self,
                   const char     *name,
                   GError        **error)
{
  GstAppSinkCallbacks callbacks = {
    .eos = encoded_eos_cb,
    .new_sample = encoded_sample_cb,
  };
  GstElement *sink = _vitrine_make_element ("appsink", name, error);

  if (sink == NULL)
    return NULL;

  g_object_set (sink,
                "sync", FALSE,
                "async", FALSE,
                "enable-last-sample", FALSE,
                "emit-signals", FALSE,
                NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  return sink;
}

#define MAX_FRAMES_IN_ENCODER 64

/* Streaming threads: x264 in zerolatency mode returns frames in the order
 * they came, one for one, so a queue of entry times gives each frame's
 * encode time without relying on timestamps (the encoder shifts them). */
static GstPadProbeReturn
encoder_in_probe (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  VitrineEngine *self = user_data;
  gint64 *started = g_new (gint64, 1);

  *started = g_get_monotonic_time ();
  g_mutex_lock (&self->encode_lock);
  g_queue_push_tail (&self->encode_started, started);
  while (self->encode_started.length > MAX_FRAMES_IN_ENCODER)
    g_free (g_queue_pop_head (&self->encode_started));
  g_mutex_unlock (&self->encode_lock);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
encoder_out_probe (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  VitrineEngine *self = user_data;
  gint64 *started;

  g_mutex_lock (&self->encode_lock);
  if ((started = g_queue_pop_head (&self->encode_started)) != NULL)
    {
      self->encode_total_us += g_get_monotonic_time () - *started;
      self->encode_count++;
      g_free (started);
    }
  g_mutex_unlock (&self->encode_lock);
  return GST_PAD_PROBE_OK;
}

/* Element names: "encoder" on the landscape canvas, "encoder-portrait" on
 * the portrait one. */
static char *
canvas_name (const Canvas *canvas,
             const char   *name)
{
  if (canvas->kind == VITRINE_CANVAS_PORTRAIT)
    return g_strdup_printf ("%s-portrait", name);
  return g_strdup (name);
}

/* queue → x264 → h264parse → appsink after @upstream (a tee): one encoder.
 * @suffix names the elements ("encoder", "encoder-portrait",
 * "encoder-youtube"…). */
static GstElement *
append_encoder (VitrineEngine  *self,
                GstElement     *pipeline,
                const Canvas   *canvas,
                GstElement     *upstream,
                const char     *suffix,
                GstElement    **x264_out,
                GError        **error)
{
  const VitrineEncoderConfig *encoder = vitrine_show_get_encoder (self->show);
  guint fps = vitrine_show_get_fps (self->show);
  guint bitrate = vitrine_show_get_canvas_bitrate (self->show, canvas->kind);
  g_autoptr(GstCaps) h264_caps = NULL;
  g_autofree char *x264_options = NULL;
  g_autofree char *encoder_base = canvas_name (canvas, "encoder");
  g_autofree char *sink_base = canvas_name (canvas, "video-out");
  g_autofree char *encoder_name = suffix ? g_strdup_printf ("%s-%s", encoder_base, suffix)
                                         : g_strdup (encoder_base);
  g_autofree char *sink_name = suffix ? g_strdup_printf ("%s-%s", sink_base, suffix)
                                      : g_strdup (sink_base);
  GstElement *queue, *x264, *parse, *h264_filter, *sink;

  if (!(queue = _vitrine_make_element ("queue", NULL, error)) ||
      !(x264 = _vitrine_make_element ("x264enc", encoder_name, error)) ||
      !(parse = _vitrine_make_element ("h264parse", NULL, error)) ||
      !(h264_filter = _vitrine_make_element ("capsfilter", NULL, error)) ||
      !(sink = make_encoded_sink (self, sink_name, error)))
    return NULL;

  /* CBR, a keyframe every interval and never on a scene cut, no lookahead:
   * what every platform's ingest asks for (features.md §3). */
  x264_options = g_strdup_printf ("scenecut=0:min-keyint=%u:nal-hrd=cbr:force-cfr=1",
                                  fps * encoder->keyframe_interval);
  g_object_set (x264,
                "bitrate", bitrate,
                "vbv-buf-capacity", 1000,
                "key-int-max", fps * encoder->keyframe_interval,
                "bframes", 0,
                "b-adapt", FALSE,
                "option-string", x264_options,
                NULL);
  gst_util_set_object_arg (G_OBJECT (x264), "pass", "cbr");
  gst_util_set_object_arg (G_OBJECT (x264), "speed-preset", encoder->preset);
  gst_util_set_object_arg (G_OBJECT (x264), "tune", "zerolatency");

  h264_caps = gst_caps_new_simple ("video/x-h264",
                                   "stream-format", G_TYPE_STRING, "avc",
                                   "alignment", G_TYPE_STRING, "au",
                                   NULL);
  g_object_set (h264_filter, "caps", h264_caps, NULL);

  if (offline (self))
    g_object_set (queue, "max-size-buffers", 4, "max-size-bytes", 0, "max-size-time",
                  (guint64)0, NULL);

  gst_bin_add_many (GST_BIN (pipeline), queue, x264, parse, h264_filter, sink, NULL);
  if (!gst_element_link_many (upstream, queue, x264, parse, h264_filter, sink, NULL))
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                   _("Cannot assemble the video encoder"));
      return NULL;
    }
  if (x264_out != NULL)
    *x264_out = x264;
  return sink;
}

/* The QR sources of the destinations on @canvas that have their own. */
static GPtrArray *
own_qr_sources (VitrineEngine *self,
                const Canvas  *canvas)
{
  GPtrArray *sources = g_ptr_array_new ();

  for (guint i = 0; i < vitrine_show_get_n_destinations (self->show); i++)
    {
      const VitrineDestinationConfig *destination = vitrine_show_get_destination (self->show, i);

      if (destination->canvas == canvas->kind && destination->qr_source != NULL &&
          !g_ptr_array_find_with_equal_func (sources, destination->qr_source, g_str_equal, NULL))
        g_ptr_array_add (sources, destination->qr_source);
    }
  return sources;
}

/* A destination with a QR code of its own: its own overlays and encoder,
 * fed from the canvas before the shared overlays are drawn. */
static gboolean
append_own_qr_branch (VitrineEngine  *self,
                      GstElement     *pipeline,
                      Canvas         *canvas,
                      GstElement     *raw_tee,
                      const char     *qr_source,
                      GError        **error)
{
  GstElement *queue, *graphics, *tee, *sink;
  guint width, height;

  vitrine_show_get_canvas_size (self->show, canvas->kind, &width, &height);
  if (!(queue = _vitrine_make_element ("queue", NULL, error)) ||
      !(graphics = vitrine_graphics_create_element (self->graphics, width, height, qr_source,
                                                    error)) ||
      !(tee = _vitrine_make_element ("tee", NULL, error)))
    return FALSE;
  gst_bin_add_many (GST_BIN (pipeline), queue, graphics, tee, NULL);
  if (!gst_element_link_many (raw_tee, queue, graphics, tee, NULL) ||
      !(sink = append_encoder (self, pipeline, canvas, tee, qr_source, NULL, error)))
    return FALSE;
  g_object_set_data_full (G_OBJECT (sink), "vitrine-qr-source", g_strdup (qr_source), g_free);
  g_ptr_array_add (canvas->own_sinks, gst_object_ref (sink));
  return TRUE;
}

static gboolean
build_video_chain (VitrineEngine  *self,
                   GstElement     *pipeline,
                   Canvas         *canvas,
                   GError        **error)
{
  guint fps = vitrine_show_get_fps (self->show);
  g_autoptr(GstCaps) canvas_caps = NULL;
  g_autoptr(GPtrArray) qr_sources = own_qr_sources (self, canvas);
  g_autofree char *compositor_name = canvas_name (canvas, "compositor");
  g_autofree char *tee_name = canvas_name (canvas, "program");
  GstElement *compositor, *filter, *graphics, *tee, *x264 = NULL, *sink;
  GstElement *raw_tee = NULL, *raw_queue = NULL;
  guint width, height;

  vitrine_show_get_canvas_size (self->show, canvas->kind, &width, &height);

  if (!(compositor = _vitrine_make_element ("compositor", compositor_name, error)) ||
      !(filter = _vitrine_make_element ("capsfilter", NULL, error)) ||
      !(graphics = vitrine_graphics_create_element (self->graphics, width, height, NULL,
                                                    error)) ||
      !(tee = _vitrine_make_element ("tee", tee_name, error)))
    return FALSE;

  g_object_set (compositor, "background", 1 /* black */, NULL);
  canvas_caps = gst_caps_new_simple ("video/x-raw",
                                     "format", G_TYPE_STRING, "I420",
                                     "width", G_TYPE_INT, width,
                                     "height", G_TYPE_INT, height,
                                     "framerate", GST_TYPE_FRACTION, fps, 1,
                                     "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                     "colorimetry", G_TYPE_STRING, "bt709",
                                     NULL);
  g_object_set (filter, "caps", canvas_caps, NULL);
  g_object_set (tee, "allow-not-linked", TRUE, NULL);

  /* The overlays are drawn once into the canvas: the preview, the encoder
   * and so every destination get the same pixels — except a destination
   * with its own QR code, which gets its own overlays and encoder. */
  gst_bin_add_many (GST_BIN (pipeline), compositor, filter, graphics, tee, NULL);
  if (qr_sources->len > 0)
    {
      if (!(raw_tee = _vitrine_make_element ("tee", NULL, error)) ||
          !(raw_queue = _vitrine_make_element ("queue", NULL, error)))
        return FALSE;
      gst_bin_add_many (GST_BIN (pipeline), raw_tee, raw_queue, NULL);
    }
  if (raw_tee != NULL
      ? !gst_element_link_many (compositor, filter, raw_tee, raw_queue, graphics, tee, NULL)
      : !gst_element_link_many (compositor, filter, graphics, tee, NULL))
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                   _("Cannot assemble the video encoder"));
      return FALSE;
    }
  if (!(sink = append_encoder (self, pipeline, canvas, tee, NULL, &x264, error)))
    return FALSE;
  for (guint i = 0; i < qr_sources->len; i++)
    if (!append_own_qr_branch (self, pipeline, canvas, raw_tee,
                               g_ptr_array_index (qr_sources, i), error))
      return FALSE;

  canvas->compositor = compositor;
  canvas->video_sink = gst_object_ref (sink);

  if (canvas->kind == VITRINE_CANVAS_LANDSCAPE)
    {
      g_autoptr(GstPad) in = gst_element_get_static_pad (x264, "sink");
      g_autoptr(GstPad) out = gst_element_get_static_pad (x264, "src");

      gst_pad_add_probe (in, GST_PAD_PROBE_TYPE_BUFFER, encoder_in_probe, self, NULL);
      gst_pad_add_probe (out, GST_PAD_PROBE_TYPE_BUFFER, encoder_out_probe, self, NULL);
    }

  /* The window previews the main canvas. */
  if ((self->flags & VITRINE_ENGINE_FLAGS_PREVIEW) && canvas->kind == VITRINE_CANVAS_LANDSCAPE)
    {
      g_autoptr(GstCaps) preview_caps = NULL;
      GstElement *queue, *scale, *convert, *preview_filter, *preview;
      guint preview_height = (guint)(PREVIEW_WIDTH * (double)height / width) & ~1u;

      if (!(queue = _vitrine_make_element ("queue", "preview-queue", error)) ||
          !(scale = _vitrine_make_element ("videoscale", NULL, error)) ||
          !(convert = _vitrine_make_element ("videoconvert", NULL, error)) ||
          !(preview_filter = _vitrine_make_element ("capsfilter", NULL, error)) ||
          !(preview = _vitrine_make_element ("appsink", "preview", error)))
        return FALSE;

      /* Leaky and tiny: a slow or hidden preview never holds the encoder back. */
      g_object_set (queue,
                    "leaky", 2 /* downstream */,
                    "max-size-buffers", 2,
                    "max-size-bytes", 0,
                    "max-size-time", (guint64)0,
                    NULL);
      preview_caps = gst_caps_new_simple ("video/x-raw",
                                          "format", G_TYPE_STRING, "BGRA",
                                          "width", G_TYPE_INT, PREVIEW_WIDTH,
                                          "height", G_TYPE_INT, MAX (preview_height, 2),
                                          "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                          NULL);
      g_object_set (preview_filter, "caps", preview_caps, NULL);
      g_object_set (preview,
                    "max-buffers", 1,
                    "drop", TRUE,
                    "sync", FALSE,
                    "async", FALSE,
                    "enable-last-sample", FALSE,
                    NULL);

      gst_bin_add_many (GST_BIN (pipeline), queue, scale, convert, preview_filter, preview, NULL);
      if (!gst_element_link_many (tee, queue, scale, convert, preview_filter, preview, NULL))
        {
          g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                       _("Cannot assemble the preview"));
          return FALSE;
        }
      self->preview_sink = gst_object_ref (preview);
    }

  return TRUE;
}

static gboolean
build_audio_chain (VitrineEngine  *self,
                   GstElement     *pipeline,
                   GstElement    **mixer_out,
                   GError        **error)
{
  const VitrineEncoderConfig *encoder = vitrine_show_get_encoder (self->show);
  g_autoptr(GstCaps) caps = NULL;
  GstElement *mixer, *filter, *convert, *enc = NULL, *parse, *sink;

  for (guint i = 0; i < G_N_ELEMENTS (aac_encoders) && enc == NULL; i++)
    enc = gst_element_factory_make (aac_encoders[i], "audio-encoder");
  if (enc == NULL)
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_MISSING_ELEMENT,
                   _("No AAC encoder is installed (avenc_aac comes with gstreamer1.0-libav)"));
      return FALSE;
    }
  g_object_set (enc, "bitrate", (int)encoder->audio_bitrate * 1000, NULL);

  if (!(mixer = _vitrine_make_element ("audiomixer", "audio-mixer", error)) ||
      !(filter = _vitrine_make_element ("capsfilter", NULL, error)) ||
      !(convert = _vitrine_make_element ("audioconvert", NULL, error)) ||
      !(parse = _vitrine_make_element ("aacparse", NULL, error)) ||
      !(sink = make_encoded_sink (self, "audio-out", error)))
    {
      gst_object_unref (gst_object_ref_sink (enc));
      return FALSE;
    }

  caps = gst_caps_new_simple ("audio/x-raw",
                              "rate", G_TYPE_INT, AUDIO_RATE,
                              "channels", G_TYPE_INT, 2,
                              NULL);
  g_object_set (filter, "caps", caps, NULL);

  gst_bin_add_many (GST_BIN (pipeline), mixer, filter, convert, enc, parse, sink, NULL);
  if (!gst_element_link_many (mixer, filter, convert, enc, parse, sink, NULL))
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                   _("Cannot assemble the audio encoder"));
      return FALSE;
    }

  self->audio_sink = gst_object_ref (sink);
  *mixer_out = mixer;
  return TRUE;
}

static void
apply_layout (VitrineEngine            *self,
              Canvas                   *canvas,
              const VitrineSceneConfig *scene)
{
  GHashTableIter iter;
  const char *id;
  GstPad *pad;
  guint canvas_width, canvas_height;
  int width, height;

  vitrine_show_get_canvas_size (self->show, canvas->kind, &canvas_width, &canvas_height);
  width = canvas_width;
  height = canvas_height;

  g_hash_table_iter_init (&iter, canvas->source_pads);
  while (g_hash_table_iter_next (&iter, (gpointer *)&id, (gpointer *)&pad))
    {
      /* A source that failed would freeze on its last frame: black instead. */
      if (g_hash_table_contains (self->failed_sources, id))
        g_object_set (pad, "alpha", 0.0, "zorder", 0, NULL);
      else if (g_str_equal (id, scene->main))
        {
          g_object_set (pad, "xpos", 0, "ypos", 0, "width", width, "height", height,
                        "alpha", 1.0, "zorder", 1, NULL);
        }
      else if (scene->layout == VITRINE_LAYOUT_PIP && g_str_equal (id, scene->inset))
        {
          int w = ((int)(width * scene->inset_scale)) & ~1;
          int h = ((int)(height * scene->inset_scale)) & ~1;
          int margin = ((int)(width * 0.025)) & ~1;
          int x = (scene->corner == VITRINE_CORNER_TOP_LEFT ||
                   scene->corner == VITRINE_CORNER_BOTTOM_LEFT) ? margin : width - w - margin;
          int y = (scene->corner == VITRINE_CORNER_TOP_LEFT ||
                   scene->corner == VITRINE_CORNER_TOP_RIGHT) ? margin : height - h - margin;

          g_object_set (pad, "xpos", x, "ypos", y, "width", w, "height", h,
                        "alpha", 1.0, "zorder", 2, NULL);
        }
      else
        {
          /* Hidden sources keep running (switching back is instant) but the
           * compositor skips fully transparent pads. */
          g_object_set (pad, "alpha", 0.0, "zorder", 0, NULL);
        }
    }
}

/* Every canvas shows the scene: the portrait one with the scene's portrait
 * layout when it has one, otherwise the same layout fitted to 9:16. */
static void
apply_scene (VitrineEngine            *self,
             const VitrineSceneConfig *scene)
{
  for (guint i = 0; i < self->n_canvases; i++)
    {
      Canvas *canvas = &self->canvases[i];

      apply_layout (self, canvas,
                    canvas->kind == VITRINE_CANVAS_PORTRAIT && scene->portrait != NULL
                    ? scene->portrait : scene);
    }
}

static const VitrineSourceConfig *
source_for_object (VitrineEngine *self,
                   GstObject     *object)
{
  for (GstObject *o = object; o != NULL; o = GST_OBJECT_PARENT (o))
    {
      const VitrineSourceConfig *source = g_hash_table_lookup (self->source_bins, o);

      if (source != NULL)
        return source;
    }
  return NULL;
}

static GError *
error_from_message (VitrineEngine *self,
                    GstMessage    *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  const VitrineSourceConfig *source;

  gst_message_parse_error (message, &gst_error, &debug);
  GST_WARNING ("program error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
               gst_error->message, debug ? debug : "");

  source = source_for_object (self, GST_MESSAGE_SRC (message));
  if (source != NULL)
    {
      switch (source->kind)
        {
        case VITRINE_SOURCE_CAMERA:
          return g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                              _("The camera “%s” (%s) cannot be used: %s"),
                              source->name, source->device, gst_error->message);
        case VITRINE_SOURCE_SCREEN:
          return g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                              _("The screen “%s” cannot be captured: %s"),
                              source->name, gst_error->message);
        case VITRINE_SOURCE_MICROPHONE:
          return g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                              _("The microphone “%s” cannot be used: %s"),
                              source->name, gst_error->message);
        case VITRINE_SOURCE_IMAGE:
          return g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                              _("The image “%s” cannot be shown: %s"),
                              source->path, gst_error->message);
        case VITRINE_SOURCE_TEST_PATTERN:
        case VITRINE_SOURCE_TONE:
        default:
          return g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                              _("The source “%s” failed: %s"), source->name, gst_error->message);
        }
    }

  return g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                      _("The studio pipeline stopped: %s"), gst_error->message);
}

static void
fail (VitrineEngine *self,
      GError        *error)
{
  g_clear_error (&self->error);
  self->error = error;
  set_state (self, VITRINE_ENGINE_STATE_FAILED);
  emit_error (self, error);
}

/* The level element still posts GValueArrays in 1.22. */
static double
loudest (const GstStructure *structure,
         const char         *field)
{
  const GValue *value = gst_structure_get_value (structure, field);
  double loudest = -G_MAXDOUBLE;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (value != NULL && G_VALUE_HOLDS (value, g_value_array_get_type ()))
    {
      GValueArray *array = g_value_get_boxed (value);

      for (guint i = 0; array != NULL && i < array->n_values; i++)
        loudest = MAX (loudest, g_value_get_double (g_value_array_get_nth (array, i)));
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  return loudest;
}

static void
update_level (VitrineEngine *self,
              GstMessage    *message)
{
  const VitrineSourceConfig *source = source_for_object (self, GST_MESSAGE_SRC (message));
  const GstStructure *structure = gst_message_get_structure (message);
  AudioControl *control;

  if (source == NULL || !(control = g_hash_table_lookup (self->audio, source->id)))
    return;
  control->peak_db = loudest (structure, "peak");
  control->rms_db = loudest (structure, "rms");
  g_signal_emit (self, signals [AUDIO_LEVEL], 0, source->id);
}

static void
source_failed (VitrineEngine             *self,
               const VitrineSourceConfig *source,
               GError                    *error)
{
  g_autoptr(GError) owned = error;

  if (g_hash_table_contains (self->failed_sources, source->id))
    return;

  g_hash_table_insert (self->failed_sources, g_strdup (source->id), g_strdup (error->message));
  apply_scene (self, vitrine_show_find_scene (self->show, self->scene));
  g_signal_emit (self, signals [SOURCE_FAILED], 0, source->id, error);
  emit_error (self, error);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  VitrineEngine *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        const VitrineSourceConfig *source = source_for_object (self, GST_MESSAGE_SRC (message));

        /* A camera unplugged or a microphone gone mid-show: that source is
         * out, the show goes on without it (the compositor and the mixer do
         * not wait for a live source that stopped). */
        if (source != NULL &&
            (self->state == VITRINE_ENGINE_STATE_PREVIEW ||
             self->state == VITRINE_ENGINE_STATE_LIVE) &&
            !(self->flags & VITRINE_ENGINE_FLAGS_OFFLINE))
          source_failed (self, source, error_from_message (self, message));
        else
          fail (self, error_from_message (self, message));
      }
      break;

    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (message, "level"))
        update_level (self, message);
      break;

    case GST_MESSAGE_EOS:
      GST_INFO ("program finished after %" G_GUINT64_FORMAT " frames", self->frames);
      self->program_done = TRUE;
      check_finished (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
        {
          GstState new_state;

          gst_message_parse_state_changed (message, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            {
              GST_DEBUG_BIN_TO_DOT_FILE (GST_BIN (self->pipeline), VITRINE_DOT_DETAILS,
                                         "vitrine-program");
              if (self->state == VITRINE_ENGINE_STATE_STARTING)
                update_state (self);
            }
        }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  VitrineEngine *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint64 frames = __atomic_load_n (&self->frames, __ATOMIC_RELAXED);
  gint64 elapsed_us = now - self->last_tick_us;
  double fps = 0;

  if (now > self->last_tick_us)
    fps = (frames - self->last_frames) * (double)G_USEC_PER_SEC / (now - self->last_tick_us);
  self->last_frames = frames;
  self->last_tick_us = now;

  if (fabs (fps - self->fps) > 0.01)
    {
      self->fps = fps;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FPS]);
    }

  {
    struct rusage usage;
    double encode_ms = 0;

    g_mutex_lock (&self->encode_lock);
    if (self->encode_count > 0)
      encode_ms = self->encode_total_us / 1000.0 / self->encode_count;
    self->encode_total_us = 0;
    self->encode_count = 0;
    g_mutex_unlock (&self->encode_lock);

    if (fabs (encode_ms - self->encode_ms) > 0.001)
      {
        self->encode_ms = encode_ms;
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENCODE_TIME]);
      }

    if (getrusage (RUSAGE_SELF, &usage) == 0)
      {
        gint64 cpu_us = (gint64)usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
                        (gint64)usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;

        if (self->last_cpu_us > 0 && elapsed_us > 0)
          {
            self->cpu = (cpu_us - self->last_cpu_us) * 100.0 / elapsed_us;
            g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CPU]);
          }
        self->last_cpu_us = cpu_us;
      }
  }

  for (guint i = 0; i < self->output_array->len; i++)
    _vitrine_output_tick (g_ptr_array_index (self->output_array, i), now);

  g_signal_emit (self, signals [STATS], 0);
  return G_SOURCE_CONTINUE;
}

/* Pops the first error posted while changing state, for a synchronous report. */
static GError *
pop_start_error (VitrineEngine *self)
{
  g_autoptr(GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  if (message != NULL)
    return error_from_message (self, message);
  return g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                      _("The studio pipeline could not start"));
}

static GstPad *
request_compositor_pad (Canvas                     *canvas,
                        const VitrineSourceConfig  *source)
{
  GstPad *pad = gst_element_request_pad_simple (canvas->compositor, "sink_%u");

  /* Letterbox rather than stretch a 4:3 camera on a 16:9 canvas; hidden
   * until a scene shows it. */
  gst_util_set_object_arg (G_OBJECT (pad), "sizing-policy", "keep-aspect-ratio");
  g_object_set (pad, "alpha", 0.0, NULL);
  g_hash_table_insert (canvas->source_pads, g_strdup (source->id), gst_object_ref (pad));
  return pad;
}

/* One canvas: the source goes straight into its compositor. Two: a tee and
 * one queue per canvas, so each compositor pulls at its own pace. */
static gboolean
link_video_source (VitrineEngine              *self,
                   GstElement                 *pipeline,
                   const VitrineSourceConfig  *source,
                   GstPad                     *srcpad,
                   GError                    **error)
{
  g_autofree char *tee_name = g_strdup_printf ("source-tee-%s", source->id);
  GstElement *tee;

  if (self->n_canvases == 1)
    {
      g_autoptr(GstPad) sinkpad = request_compositor_pad (&self->canvases[0], source);

      if (gst_pad_link (srcpad, sinkpad) == GST_PAD_LINK_OK)
        return TRUE;
      goto failed;
    }

  if (!(tee = _vitrine_make_element ("tee", tee_name, error)))
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), tee);
  {
    g_autoptr(GstPad) teesink = gst_element_get_static_pad (tee, "sink");

    if (gst_pad_link (srcpad, teesink) != GST_PAD_LINK_OK)
      goto failed;
  }

  for (guint i = 0; i < self->n_canvases; i++)
    {
      g_autoptr(GstPad) sinkpad = request_compositor_pad (&self->canvases[i], source);
      g_autoptr(GstPad) queuesrc = NULL;
      GstElement *queue;

      if (!(queue = _vitrine_make_element ("queue", NULL, error)))
        return FALSE;
      g_object_set (queue, "max-size-buffers", 3, "max-size-bytes", 0,
                    "max-size-time", (guint64)0, NULL);
      gst_bin_add (GST_BIN (pipeline), queue);
      queuesrc = gst_element_get_static_pad (queue, "src");
      if (!gst_element_link (tee, queue) || gst_pad_link (queuesrc, sinkpad) != GST_PAD_LINK_OK)
        goto failed;
    }
  return TRUE;

failed:
  g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
               _("Cannot connect the source “%s”"), source->id);
  return FALSE;
}

/* Where distributions (and the Flatpak runtimes) keep the system's CAs. */
static const char *system_ca_bundles[] = {
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/ssl/cert.pem",
};

/* rtmp2sink 1.22 has no per-connection certificate database, so a
 * destination's trusted certificate joins the process's TLS anchors: the
 * system's CAs plus these. Hostname verification still ties each certificate
 * to its own server; nothing else is relaxed. glib-networking reads the file
 * when it first verifies a server, so it stays, in the cache folder (it only
 * holds public certificates). A show without such destinations gets the
 * system's database back. */
static gboolean
trust_destination_certificates (VitrineEngine  *self,
                                GError        **error)
{
  static GTlsDatabase *system_database;
  GTlsBackend *backend = g_tls_backend_get_default ();
  g_autoptr(GString) bundle = g_string_new (NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < self->output_array->len; i++)
    {
      VitrineOutput *output = g_ptr_array_index (self->output_array, i);
      const char *file = vitrine_output_get_trusted_certificate (output);
      g_autofree char *contents = NULL;

      if (file == NULL)
        continue;
      if (!g_file_get_contents (file, &contents, NULL, error))
        return FALSE;
      g_string_append_printf (bundle, "%s\n", contents);
      any = TRUE;
    }

  if (!any)
    {
      if (system_database != NULL)
        g_tls_backend_set_default_database (backend, system_database);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (system_ca_bundles); i++)
    {
      g_autofree char *contents = NULL;

      if (g_file_get_contents (system_ca_bundles[i], &contents, NULL, NULL))
        {
          g_string_prepend (bundle, contents);
          break;
        }
    }

  dir = g_build_filename (g_get_user_cache_dir (), "vitrine", NULL);
  path = g_build_filename (dir, "trusted-certificates.pem", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, bundle->str, bundle->len, error) ||
      !(database = g_tls_file_database_new (path, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_TLS,
                     _("Cannot prepare the trusted certificates in %s"), dir);
      return FALSE;
    }

  if (system_database == NULL)
    system_database = g_tls_backend_get_default_database (backend);
  g_tls_backend_set_default_database (backend, database);
  return TRUE;
}

static void
repair_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GPtrArray *dirs = task_data;
  GPtrArray *repaired = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GPtrArray) files = _vitrine_recording_repair_dir (g_ptr_array_index (dirs, i));

      for (guint k = 0; k < files->len; k++)
        g_ptr_array_add (repaired, g_strdup (g_ptr_array_index (files, k)));
    }
  g_task_return_pointer (task, repaired, (GDestroyNotify)g_ptr_array_unref);
}

static void
repaired_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VitrineEngine *self = VITRINE_ENGINE (object);
  g_autoptr(GPtrArray) repaired = g_task_propagate_pointer (G_TASK (result), NULL);

  for (guint i = 0; repaired != NULL && i < repaired->len; i++)
    {
      g_autofree char *message =
        g_strdup_printf (_("Repaired the recording %s that an earlier crash left unfinished"),
                         (const char *)g_ptr_array_index (repaired, i));

      g_signal_emit (self, signals [NOTICE], 0, message);
    }
}

/* Recordings a crash left behind in our folders are found and repaired in
 * the background; the show does not wait for it. */
static void
repair_leftover_recordings (VitrineEngine *self)
{
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTask) task = NULL;

  for (guint i = 0; i < self->output_array->len; i++)
    {
      char *dir = _vitrine_output_get_recording_dir (g_ptr_array_index (self->output_array, i));

      if (dir != NULL && !g_ptr_array_find_with_equal_func (dirs, dir, g_str_equal, NULL))
        g_ptr_array_add (dirs, dir);
      else
        g_free (dir);
    }
  if (dirs->len == 0)
    return;

  task = g_task_new (self, NULL, repaired_cb, NULL);
  g_task_set_source_tag (task, repair_leftover_recordings);
  g_task_set_task_data (task, g_steal_pointer (&dirs), (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread (task, repair_thread);
}

typedef struct
{
  VitrineEngine             *engine;   /* borrowed: the players die first */
  const VitrineSourceConfig *source;
} PlayerFailure;

/* A source fed from outside the program stopped for good: its appsrc ends,
 * so the compositor and the mixer stop waiting for it (a live pad that
 * merely goes quiet holds up the whole picture). */
static void
end_fed_source (VitrineEngine *self,
                const char    *prefix,
                const char    *source_id)
{
  g_autofree char *name = g_strconcat (prefix, source_id, NULL);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstCaps) caps = NULL;

  /* One that never delivered anything is not waited for (and has no
   * format for an end to be placed in). */
  if (self->pipeline != NULL &&
      (src = gst_bin_get_by_name (GST_BIN (self->pipeline), name)) != NULL &&
      (caps = gst_app_src_get_caps (GST_APP_SRC (src))) != NULL)
    gst_app_src_end_of_stream (GST_APP_SRC (src));
}

static void
player_failed_cb (const GError *error,
                  gpointer      user_data)
{
  PlayerFailure *failure = user_data;

  end_fed_source (failure->engine, "media-video-", failure->source->id);
  end_fed_source (failure->engine, "media-audio-", failure->source->id);

  source_failed (failure->engine, failure->source,
                 g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                              _("The video file “%s” cannot be played: %s"),
                              failure->source->path, error->message));
}

static void
capture_failed_cb (const GError *error,
                   gpointer      user_data)
{
  PlayerFailure *failure = user_data;
  const VitrineSourceConfig *source = failure->source;

  end_fed_source (failure->engine, "capture-video-", source->id);
  source_failed (failure->engine, source,
                 g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                              source->kind == VITRINE_SOURCE_SCREEN
                              ? _("The screen “%s” cannot be captured: %s")
                              : _("The camera “%s” cannot be used: %s"),
                              source->name, error->message));
}

/* Cameras and screens through the portal: the desktop may ask the host
 * first, so they join the picture when allowed; the show runs meanwhile.
 * X11 screens: captured by a helper process. */
static void
start_captures (VitrineEngine *self)
{
  for (guint i = 0; i < vitrine_show_get_n_sources (self->show); i++)
    {
      const VitrineSourceConfig *source = vitrine_show_get_source (self->show, i);
      g_autofree char *video_name = g_strdup_printf ("capture-video-%s", source->id);
      g_autofree char *token_key = NULL;
      g_autoptr(GstElement) video = NULL;
      PlayerFailure *failure;
      VitrinePortalCapture *capture;

      if (!source->portal && source->kind != VITRINE_SOURCE_SCREEN)
        continue;
      video = gst_bin_get_by_name (GST_BIN (self->pipeline), video_name);
      /* One restore token per show and source: the same screen next time. */
      token_key = g_strdup_printf ("%s#%s", vitrine_show_get_path (self->show)
                                   ? vitrine_show_get_path (self->show) : "", source->id);

      failure = g_new0 (PlayerFailure, 1);
      failure->engine = self;
      failure->source = source;
      g_object_set_data_full (G_OBJECT (video), "vitrine-capture-failure", failure, g_free);

      if (!source->portal)
        {
          g_autoptr(GError) error = NULL;
          VitrineScreenCapture *screen;

          screen = _vitrine_screen_capture_new (source->display,
                                                vitrine_show_get_width (self->show),
                                                vitrine_show_get_height (self->show),
                                                vitrine_show_get_fps (self->show),
                                                GST_APP_SRC (video), capture_failed_cb, failure,
                                                &error);
          if (screen == NULL)
            capture_failed_cb (error, failure);
          else
            g_hash_table_insert (self->screens, g_strdup (source->id), screen);
          continue;
        }

      capture = _vitrine_portal_capture_new (source->kind == VITRINE_SOURCE_SCREEN
                                             ? VITRINE_PORTAL_CAPTURE_SCREEN
                                             : VITRINE_PORTAL_CAPTURE_CAMERA,
                                             source->name, token_key, source->device,
                                             self->portal_parent, GST_APP_SRC (video),
                                             capture_failed_cb, failure);
      g_hash_table_insert (self->captures, g_strdup (source->id), capture);
    }
}

/* Video files start playing once the program runs. */
static void
start_players (VitrineEngine *self)
{
  for (guint i = 0; i < vitrine_show_get_n_sources (self->show); i++)
    {
      const VitrineSourceConfig *source = vitrine_show_get_source (self->show, i);
      g_autofree char *video_name = g_strdup_printf ("media-video-%s", source->id);
      g_autofree char *audio_name = g_strdup_printf ("media-audio-%s", source->id);
      g_autoptr(GstElement) video = NULL;
      g_autoptr(GstElement) audio = NULL;
      g_autoptr(GError) error = NULL;
      PlayerFailure *failure;
      VitrineMediaPlayer *player;

      if (source->kind != VITRINE_SOURCE_MEDIA)
        continue;
      video = gst_bin_get_by_name (GST_BIN (self->pipeline), video_name);
      audio = gst_bin_get_by_name (GST_BIN (self->pipeline), audio_name);

      failure = g_new0 (PlayerFailure, 1);
      failure->engine = self;
      failure->source = source;
      g_object_set_data_full (G_OBJECT (video), "vitrine-player-failure", failure, g_free);
      player = _vitrine_media_player_new (source->path, source->loop, GST_APP_SRC (video),
                                          audio ? GST_APP_SRC (audio) : NULL,
                                          player_failed_cb, failure, &error);
      if (player == NULL)
        source_failed (self, source, g_steal_pointer (&error));
      else
        g_hash_table_insert (self->players, g_strdup (source->id), player);
    }
}

/**
 * vitrine_engine_start:
 * @self: an engine
 * @error: a location for a #GError
 *
 * Builds the program pipeline and starts it (preview and encoder running, no
 * destination). Destinations already asked for with vitrine_engine_go_live()
 * start with it.
 *
 * Returns: %TRUE on success; on failure the state is %VITRINE_ENGINE_STATE_FAILED
 */
gboolean
vitrine_engine_start (VitrineEngine  *self,
                      GError        **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *mixer = NULL;
  GError *local_error = NULL;
  GstStateChangeReturn ret;

  g_return_val_if_fail (VITRINE_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (self->pipeline == NULL, FALSE);

  set_state (self, VITRINE_ENGINE_STATE_STARTING);
  g_clear_error (&self->error);

  if (self->theme_error != NULL)
    {
      local_error = g_error_copy (self->theme_error);
      goto failed;
    }

  if (!trust_destination_certificates (self, &local_error))
    goto failed;
  repair_leftover_recordings (self);

  pipeline = gst_pipeline_new ("vitrine-program");
  for (guint i = 0; i < self->n_canvases; i++)
    if (!build_video_chain (self, pipeline, &self->canvases[i], &local_error))
      goto failed;
  if (self->has_audio && !build_audio_chain (self, pipeline, &mixer, &local_error))
    goto failed;

  for (guint i = 0; i < vitrine_show_get_n_sources (self->show); i++)
    {
      const VitrineSourceConfig *source = vitrine_show_get_source (self->show, i);
      gboolean audio = vitrine_source_kind_is_audio (source->kind);
      g_autoptr(GstPad) srcpad = NULL;
      GstElement *bin;

      bin = audio ? build_audio_source (self, source, &local_error)
                  : build_video_source (self, source, &local_error);
      if (bin == NULL)
        goto failed;

      gst_bin_add (GST_BIN (pipeline), bin);
      g_hash_table_insert (self->source_bins, bin, (gpointer)source);
      srcpad = gst_element_get_static_pad (bin, "src");

      if (audio)
        {
          g_autoptr(GstPad) sinkpad = gst_element_request_pad_simple (mixer, "sink_%u");

          if (gst_pad_link (srcpad, sinkpad) != GST_PAD_LINK_OK)
            {
              local_error = g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                                         _("Cannot connect the source “%s”"), source->id);
              goto failed;
            }
        }
      else if (!link_video_source (self, pipeline, source, srcpad, &local_error))
        goto failed;

      if (source->kind == VITRINE_SOURCE_MEDIA)
        {
          g_autoptr(GstPad) audio_srcpad = NULL;
          g_autoptr(GstPad) sinkpad = NULL;
          GstElement *audio_bin = build_audio_source (self, source, &local_error);

          if (audio_bin == NULL)
            goto failed;
          gst_bin_add (GST_BIN (pipeline), audio_bin);
          g_hash_table_insert (self->source_bins, audio_bin, (gpointer)source);
          audio_srcpad = gst_element_get_static_pad (audio_bin, "src");
          sinkpad = gst_element_request_pad_simple (mixer, "sink_%u");
          if (gst_pad_link (audio_srcpad, sinkpad) != GST_PAD_LINK_OK)
            {
              local_error = g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                                         _("Cannot connect the source “%s”"), source->id);
              goto failed;
            }
        }
    }

  self->pipeline = g_steal_pointer (&pipeline);
  apply_scene (self, vitrine_show_find_scene (self->show, self->scene));

  /* Destinations that were asked for before the start get every frame. */
  if (self->live)
    for (guint i = 0; i < self->output_array->len; i++)
      {
        VitrineOutput *output = g_ptr_array_index (self->output_array, i);

        if (vitrine_output_get_enabled (output))
          vitrine_engine_start_output (self, output);
      }

  /* Sources open their devices in READY→PAUSED: a missing display or a busy
   * camera fails here, synchronously, with the reason on the bus. */
  ret = gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  if (ret == GST_STATE_CHANGE_FAILURE)
    {
      local_error = pop_start_error (self);
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      goto failed;
    }

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch_id = gst_bus_add_watch (bus, bus_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      local_error = pop_start_error (self);
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      goto failed;
    }

  start_players (self);
  start_captures (self);

  self->last_tick_us = g_get_monotonic_time ();
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);

  return TRUE;

failed:
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  gst_clear_object (&self->pipeline);
  clear_program (self);
  for (guint i = 0; i < self->output_array->len; i++)
    {
      VitrineOutput *output = g_ptr_array_index (self->output_array, i);

      if (_vitrine_output_is_active (output))
        _vitrine_output_fail (output, VITRINE_OUTPUT_STATE_STOPPED, NULL);
    }
  self->live = FALSE;
  g_clear_error (&self->error);
  self->error = g_error_copy (local_error);
  set_state (self, VITRINE_ENGINE_STATE_FAILED);
  g_propagate_error (error, local_error);
  return FALSE;
}

static void
update_state (VitrineEngine *self)
{
  if (self->state == VITRINE_ENGINE_STATE_FAILED ||
      self->state == VITRINE_ENGINE_STATE_STOPPING ||
      self->pipeline == NULL)
    return;

  set_state (self, self->live ? VITRINE_ENGINE_STATE_LIVE : VITRINE_ENGINE_STATE_PREVIEW);
}

typedef struct
{
  VitrineEngine *engine;
  VitrineOutput *output;
} KeyLookup;

static void
key_lookup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr(VitrineEngine) self = lookup->engine;
  g_autoptr(VitrineOutput) output = lookup->output;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_free (lookup);

  key = vitrine_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->live)
    return;

  if (key != NULL)
    {
      vitrine_output_set_stream_key (output, key);
      memset (key, 0, strlen (key));
      _vitrine_output_start (output);
    }
  else if (error != NULL)
    {
      _vitrine_output_fail (output, VITRINE_OUTPUT_STATE_FAILED,
                            g_error_new (VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_NO_KEY,
                                         _("Cannot read the stream key for “%s” from the "
                                           "keyring: %s"),
                                         vitrine_output_get_name (output), error->message));
    }
  else
    _vitrine_output_start (output);  /* reports the missing key in words */
}

/**
 * vitrine_engine_start_output:
 * @output: one of the engine's outputs
 *
 * Starts one destination, fetching its stream key from the keyring first if
 * needed (asynchronously).
 */
void
vitrine_engine_start_output (VitrineEngine *self,
                             VitrineOutput *output)
{
  g_return_if_fail (VITRINE_IS_ENGINE (self));
  g_return_if_fail (VITRINE_IS_OUTPUT (output));

  if (!self->live)
    {
      /* Starting one row while in preview makes the show live. */
      self->live = TRUE;
      update_state (self);
    }

  if (self->pipeline == NULL)
    return;  /* vitrine_engine_start() starts it */

  if (vitrine_output_needs_stream_key (output) &&
      (self->flags & VITRINE_ENGINE_FLAGS_KEYS_FROM_ENV))
    {
      g_autofree char *key = vitrine_secrets_lookup_env (vitrine_output_get_id (output));

      if (key != NULL)
        {
          vitrine_output_set_stream_key (output, key);
          memset (key, 0, strlen (key));
        }
    }

  /* Yesterday's key is no good to a platform that issues one per stream: it
   * must have been given for this one (the window asks, headless takes it
   * from the environment). */
  if (vitrine_output_needs_stream_key (output) && !vitrine_output_get_key_per_stream (output))
    {
      KeyLookup *lookup = g_new0 (KeyLookup, 1);

      lookup->engine = g_object_ref (self);
      lookup->output = g_object_ref (output);
      vitrine_secrets_lookup_async (vitrine_output_get_id (output), self->cancellable,
                                    key_lookup_cb, lookup);
      return;
    }

  _vitrine_output_start (output);
}

/**
 * vitrine_engine_retry_output:
 * @output: one of the engine's outputs
 *
 * Tries a destination again now: one waiting to reconnect skips the rest of
 * its wait; a rejected, failed or stopped one starts again (a key corrected
 * in the meantime is used). A destination that is live is left alone.
 */
void
vitrine_engine_retry_output (VitrineEngine *self,
                             VitrineOutput *output)
{
  g_return_if_fail (VITRINE_IS_ENGINE (self));
  g_return_if_fail (VITRINE_IS_OUTPUT (output));

  if (vitrine_output_get_state (output) == VITRINE_OUTPUT_STATE_RECONNECTING)
    _vitrine_output_retry_now (output);
  else if (!_vitrine_output_is_active (output))
    vitrine_engine_start_output (self, output);
}

/**
 * vitrine_engine_go_live:
 *
 * Starts every enabled destination. May be called before vitrine_engine_start().
 */
void
vitrine_engine_go_live (VitrineEngine *self)
{
  g_return_if_fail (VITRINE_IS_ENGINE (self));

  self->live = TRUE;
  update_state (self);

  if (self->pipeline == NULL)
    return;

  for (guint i = 0; i < self->output_array->len; i++)
    {
      VitrineOutput *output = g_ptr_array_index (self->output_array, i);

      if (vitrine_output_get_enabled (output))
        vitrine_engine_start_output (self, output);
    }
}

static void
output_stopped_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VitrineEngine) self = user_data;
  VitrineOutput *output = VITRINE_OUTPUT (object);

  _vitrine_output_stop_finish (output, result, NULL);

  /* A key that was good for one stream only is forgotten with it. */
  if (vitrine_output_get_key_per_stream (output))
    vitrine_output_set_stream_key (output, NULL);

  g_assert (self->pending_stops > 0);
  if (--self->pending_stops > 0)
    return;

  if (!self->live)
    update_state (self);
  if (self->end_live_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->end_live_task);
      g_task_return_boolean (task, TRUE);
    }
}

/**
 * vitrine_engine_stop_output:
 * @output: one of the engine's outputs
 *
 * Stops one destination cleanly; the others are not touched.
 */
void
vitrine_engine_stop_output (VitrineEngine *self,
                            VitrineOutput *output)
{
  g_return_if_fail (VITRINE_IS_ENGINE (self));
  g_return_if_fail (VITRINE_IS_OUTPUT (output));

  self->pending_stops++;
  _vitrine_output_stop_async (output, output_stopped_cb, g_object_ref (self));
}

/**
 * vitrine_engine_end_live_async:
 *
 * Stops every destination cleanly (recordings finalised, servers told the
 * stream ended). The program keeps running for the preview.
 */
void
vitrine_engine_end_live_async (VitrineEngine       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VITRINE_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_engine_end_live_async);

  /* Pending keyring look-ups must not start anything after this. */
  self->live = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->end_live_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The show is already ending"));
      return;
    }

  self->end_live_task = g_steal_pointer (&task);
  self->pending_stops++;
  for (guint i = 0; i < self->output_array->len; i++)
    vitrine_engine_stop_output (self, g_ptr_array_index (self->output_array, i));

  /* Balance the guard taken above; completes now if nothing was running. */
  self->pending_stops--;
  if (self->pending_stops == 0)
    {
      g_autoptr(GTask) done = g_steal_pointer (&self->end_live_task);

      update_state (self);
      g_task_return_boolean (done, TRUE);
    }
}

gboolean
vitrine_engine_end_live_finish (VitrineEngine  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
program_teardown_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  gst_element_set_state (GST_ELEMENT (task_data), GST_STATE_NULL);
  g_task_return_boolean (task, TRUE);
}

static void
program_stopped_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineEngine *self = g_task_get_source_object (task);

  g_task_propagate_boolean (G_TASK (result), NULL);
  set_state (self, VITRINE_ENGINE_STATE_STOPPED);
  g_task_return_boolean (task, TRUE);
}

static void
stop_end_live_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineEngine *self = VITRINE_ENGINE (object);
  g_autoptr(GTask) teardown = NULL;
  GstElement *pipeline;

  vitrine_engine_end_live_finish (self, result, NULL);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);

  pipeline = g_steal_pointer (&self->pipeline);
  clear_program (self);

  if (pipeline == NULL)
    {
      set_state (self, VITRINE_ENGINE_STATE_STOPPED);
      g_task_return_boolean (task, TRUE);
      return;
    }

  teardown = g_task_new (self, NULL, program_stopped_cb, g_steal_pointer (&task));
  g_task_set_task_data (teardown, pipeline, gst_object_unref);
  g_task_run_in_thread (teardown, program_teardown_thread);
}

/**
 * vitrine_engine_stop_async:
 *
 * Ends the show cleanly and tears the program pipeline down off the main
 * thread. The state is %VITRINE_ENGINE_STATE_STOPPED afterwards.
 */
void
vitrine_engine_stop_async (VitrineEngine       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_engine_stop_async);

  if (self->state != VITRINE_ENGINE_STATE_FAILED)
    set_state (self, VITRINE_ENGINE_STATE_STOPPING);
  vitrine_engine_end_live_async (self, NULL, stop_end_live_cb, task);
}

gboolean
vitrine_engine_stop_finish (VitrineEngine  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

VitrineShow *
vitrine_engine_get_show (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);
  return self->show;
}

VitrineEngineState
vitrine_engine_get_state (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), VITRINE_ENGINE_STATE_STOPPED);
  return self->state;
}

/**
 * vitrine_engine_get_error:
 *
 * Returns: (nullable): why the engine failed
 */
const GError *
vitrine_engine_get_error (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);
  return self->error;
}

/**
 * vitrine_engine_get_outputs:
 *
 * Returns: (transfer none): a #GListModel of #VitrineOutput
 */
GListModel *
vitrine_engine_get_outputs (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);
  return G_LIST_MODEL (self->outputs);
}

/**
 * vitrine_engine_find_output:
 *
 * Returns: (transfer none) (nullable): the output for destination @id
 */
VitrineOutput *
vitrine_engine_find_output (VitrineEngine *self,
                            const char    *id)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);

  for (guint i = 0; i < self->output_array->len; i++)
    if (g_strcmp0 (vitrine_output_get_id (g_ptr_array_index (self->output_array, i)), id) == 0)
      return g_ptr_array_index (self->output_array, i);
  return NULL;
}

const char *
vitrine_engine_get_scene (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);
  return self->scene;
}

/**
 * vitrine_engine_set_scene:
 * @scene_id: a scene of the show
 *
 * Switches the layout, live if the program runs.
 *
 * Returns: %FALSE if there is no such scene
 */
gboolean
vitrine_engine_set_scene (VitrineEngine  *self,
                          const char     *scene_id,
                          GError        **error)
{
  const VitrineSceneConfig *scene;

  g_return_val_if_fail (VITRINE_IS_ENGINE (self), FALSE);

  scene = scene_id ? vitrine_show_find_scene (self->show, scene_id) : NULL;
  if (scene == NULL)
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID_URL,
                   _("The show has no scene “%s”"), scene_id ? scene_id : "");
      return FALSE;
    }

  if (self->pipeline != NULL)
    apply_scene (self, scene);

  if (g_strcmp0 (self->scene, scene->id) != 0)
    {
      g_free (self->scene);
      self->scene = g_strdup (scene->id);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SCENE]);
    }

  return TRUE;
}

/**
 * vitrine_engine_get_preview_sink:
 *
 * Returns: (transfer none) (nullable): the preview appsink (BGRA), once started
 */
GstElement *
vitrine_engine_get_preview_sink (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);
  return self->preview_sink;
}

/**
 * vitrine_engine_get_pipeline:
 *
 * Returns: (transfer none) (nullable): the program pipeline, once started
 */
GstElement *
vitrine_engine_get_pipeline (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);
  return self->pipeline;
}

double
vitrine_engine_get_fps (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), 0);
  return self->fps;
}

/**
 * vitrine_engine_get_encode_time:
 *
 * Returns: milliseconds x264 took per frame over the last second
 */
double
vitrine_engine_get_encode_time (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), 0);
  return self->encode_ms;
}

/**
 * vitrine_engine_get_cpu:
 *
 * Returns: the studio's CPU use over the last second, in percent of one core
 */
double
vitrine_engine_get_cpu (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), 0);
  return self->cpu;
}

/**
 * vitrine_engine_get_frames:
 *
 * Returns: the number of frames encoded so far
 */
guint64
vitrine_engine_get_frames (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), 0);
  return __atomic_load_n (&self->frames, __ATOMIC_RELAXED);
}

/**
 * vitrine_engine_set_frame_limit:
 * @frames: frames to render before the program ends, 0 for no limit
 *
 * Only honoured by offline engines; call before vitrine_engine_start().
 */
void
vitrine_engine_set_frame_limit (VitrineEngine *self,
                                guint64        frames)
{
  g_return_if_fail (VITRINE_IS_ENGINE (self));
  self->frame_limit = frames;
}

/**
 * vitrine_engine_get_graphics:
 *
 * Returns: (transfer none): what the host puts on screen (product card,
 *   deal, lower third…), drawn into every canvas
 */
VitrineGraphics *
vitrine_engine_get_graphics (VitrineEngine *self)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);
  return self->graphics;
}

/**
 * vitrine_engine_set_portal_parent:
 * @self: an engine
 * @parent: (nullable): the window the desktop's camera and screen-sharing
 *   dialogs belong to, or %NULL (headless)
 *
 * Call before vitrine_engine_start().
 */
void
vitrine_engine_set_portal_parent (VitrineEngine *self,
                                  XdpParent     *parent)
{
  g_return_if_fail (VITRINE_IS_ENGINE (self));

  g_clear_pointer (&self->portal_parent, xdp_parent_free);
  if (parent != NULL)
    self->portal_parent = xdp_parent_copy (parent);
}

static AudioControl *
find_audio (VitrineEngine  *self,
            const char     *source_id,
            GError        **error)
{
  AudioControl *control = source_id ? g_hash_table_lookup (self->audio, source_id) : NULL;

  if (control == NULL)
    g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE,
                 _("The show has no audio source “%s”"), source_id ? source_id : "");
  return control;
}

/**
 * vitrine_engine_set_audio_volume:
 * @source_id: an audio source of the show
 * @volume: the fader, from 0 (silent) to 2 (+6 dB); 1 leaves it as it is
 *
 * Returns: %FALSE if there is no such audio source
 */
gboolean
vitrine_engine_set_audio_volume (VitrineEngine  *self,
                                 const char     *source_id,
                                 double          volume,
                                 GError        **error)
{
  AudioControl *control;

  g_return_val_if_fail (VITRINE_IS_ENGINE (self), FALSE);

  if (!(control = find_audio (self, source_id, error)))
    return FALSE;
  control->volume = CLAMP (volume, 0.0, 2.0);
  if (control->fader != NULL)
    g_object_set (control->fader, "volume", control->volume, NULL);
  return TRUE;
}

/**
 * vitrine_engine_set_audio_muted:
 * @source_id: an audio source of the show
 *
 * Returns: %FALSE if there is no such audio source
 */
gboolean
vitrine_engine_set_audio_muted (VitrineEngine  *self,
                                const char     *source_id,
                                gboolean        muted,
                                GError        **error)
{
  AudioControl *control;

  g_return_val_if_fail (VITRINE_IS_ENGINE (self), FALSE);

  if (!(control = find_audio (self, source_id, error)))
    return FALSE;
  control->muted = !!muted;
  if (control->fader != NULL)
    g_object_set (control->fader, "mute", control->muted, NULL);
  return TRUE;
}

/**
 * vitrine_engine_get_audio:
 * @source_id: an audio source of the show
 * @volume: (out) (optional): the fader
 * @muted: (out) (optional): whether it is muted
 * @peak_db: (out) (optional): the loudest peak of the last 100 ms, in dBFS
 *   (-G_MAXDOUBLE before any sound)
 * @rms_db: (out) (optional): the loudness of the last 100 ms, in dBFS
 *
 * Returns: %FALSE if there is no such audio source
 */
gboolean
vitrine_engine_get_audio (VitrineEngine *self,
                          const char    *source_id,
                          double        *volume,
                          gboolean      *muted,
                          double        *peak_db,
                          double        *rms_db)
{
  AudioControl *control;

  g_return_val_if_fail (VITRINE_IS_ENGINE (self), FALSE);

  if (!(control = find_audio (self, source_id, NULL)))
    return FALSE;
  if (volume != NULL)
    *volume = control->volume;
  if (muted != NULL)
    *muted = control->muted;
  if (peak_db != NULL)
    *peak_db = control->peak_db;
  if (rms_db != NULL)
    *rms_db = control->rms_db;
  return TRUE;
}

/**
 * vitrine_engine_get_source_error:
 * @source_id: a source of the show
 *
 * Returns: (nullable): why the source stopped during the show, or %NULL while
 *   it works
 */
const char *
vitrine_engine_get_source_error (VitrineEngine *self,
                                 const char    *source_id)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (self), NULL);
  return source_id ? g_hash_table_lookup (self->failed_sources, source_id) : NULL;
}

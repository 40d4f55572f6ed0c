/* vitrine-show.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vitrine-word-filter.h"

G_BEGIN_DECLS

/**
 * VitrineSourceKind:
 * @VITRINE_SOURCE_TEST_PATTERN: a generated test pattern (no hardware)
 * @VITRINE_SOURCE_IMAGE: a still image file (PNG or JPEG)
 * @VITRINE_SOURCE_CAMERA: a V4L2 camera by device node
 * @VITRINE_SOURCE_SCREEN: an X11 screen
 * @VITRINE_SOURCE_TONE: a generated audio tone
 * @VITRINE_SOURCE_MICROPHONE: a PulseAudio/PipeWire capture device
 * @VITRINE_SOURCE_MEDIA: a video file (with its sound), played in real time,
 *   looping
 */
typedef enum
{
  VITRINE_SOURCE_TEST_PATTERN,
  VITRINE_SOURCE_IMAGE,
  VITRINE_SOURCE_CAMERA,
  VITRINE_SOURCE_SCREEN,
  VITRINE_SOURCE_TONE,
  VITRINE_SOURCE_MICROPHONE,
  VITRINE_SOURCE_MEDIA,
} VitrineSourceKind;

typedef enum
{
  VITRINE_LAYOUT_FULL,
  VITRINE_LAYOUT_PIP,
} VitrineLayout;

typedef enum
{
  VITRINE_CORNER_TOP_LEFT,
  VITRINE_CORNER_TOP_RIGHT,
  VITRINE_CORNER_BOTTOM_LEFT,
  VITRINE_CORNER_BOTTOM_RIGHT,
} VitrineCorner;

/**
 * VitrineCanvasKind:
 * @VITRINE_CANVAS_LANDSCAPE: the main canvas ("canvas" in the show file)
 * @VITRINE_CANVAS_PORTRAIT: the optional 9:16 canvas ("portrait")
 */
typedef enum
{
  VITRINE_CANVAS_LANDSCAPE,
  VITRINE_CANVAS_PORTRAIT,
} VitrineCanvasKind;

typedef enum
{
  VITRINE_DESTINATION_RTMP,
  VITRINE_DESTINATION_RECORDING,
  VITRINE_DESTINATION_SRT,
} VitrineDestinationKind;

typedef struct
{
  char              *id;
  char              *name;
  VitrineSourceKind  kind;
  char              *pattern;    /* test-pattern: videotestsrc pattern nick */
  char              *path;       /* image: absolute path */
  char              *device;     /* camera: /dev/videoN, or through the portal the camera's
                                  name or NULL for the first; microphone: Pulse source or NULL */
  char              *display;    /* screen: X11 display name or NULL for $DISPLAY */
  double             frequency;  /* tone */
  double             volume;     /* tone, microphone, media: 0..1 */
  gboolean           loop;       /* media: start again at the end */
  gboolean           portal;     /* camera, screen: through the XDG desktop portal (PipeWire) */
} VitrineSourceConfig;

typedef struct _VitrineSceneConfig VitrineSceneConfig;

struct _VitrineSceneConfig
{
  char               *id;
  char               *name;
  VitrineLayout       layout;
  char               *main;        /* source id filling the canvas */
  char               *inset;       /* pip: source id in the corner, or NULL */
  VitrineCorner       corner;      /* pip */
  double              inset_scale; /* pip: inset size as a fraction of the canvas */
  VitrineSceneConfig *portrait;    /* layout on the portrait canvas, or NULL: the same */
};

typedef struct
{
  char                   *id;
  char                   *name;
  VitrineDestinationKind  kind;
  char                   *url;      /* rtmp, srt: server URL without the stream key */
  char                   *path;     /* recording: absolute path, may hold strftime codes */
  char                   *trusted_certificate; /* rtmps: PEM file of a self-hosted server */
  gboolean                encrypted; /* srt: needs a passphrase (kept like a stream key) */
  VitrineCanvasKind       canvas;
  char                   *platform; /* preset id (youtube, twitch, …) or NULL */
  gboolean                key_per_stream; /* the platform issues a new key every stream */
  gboolean                remux_mp4; /* recording: path ends in .mp4; recorded as .mkv */
  guint                   split_seconds;   /* recording: a new file every N s, or 0 */
  guint                   split_megabytes; /* recording: a new file every N MB, or 0 */
  gboolean                enabled;
  char                   *qr_source; /* utm_source of its own QR code, or NULL: the shared one */
} VitrineDestinationConfig;

typedef struct
{
  guint  video_bitrate;      /* kb/s */
  char  *preset;             /* x264 speed preset nick */
  guint  keyframe_interval;  /* seconds */
  guint  audio_bitrate;      /* kb/s */
} VitrineEncoderConfig;

/**
 * VitrineRunOfShowItem:
 * @product: the product's short code (or SKU or id)
 * @notes: (nullable): the host's talking points, never shown to viewers
 * @deal_price: (nullable): the flash deal price for this product, as decimal
 *   text in the product's currency ("19.99"), or %NULL for no planned deal
 * @deal_seconds: how long that deal lasts
 */
typedef struct
{
  char  *product;
  char  *notes;
  char  *deal_price;
  guint  deal_seconds;
} VitrineRunOfShowItem;

/**
 * VitrineFeedConfig:
 * @id: unique among the show's feeds
 * @type: `twitch`, `youtube`, `facebook`, `restream`, `demo`,
 *   `shopify-orders` or `woocommerce-orders`
 * @name: (nullable): what the host calls it
 * @options: the whole JSON object, read by the connector of that type
 */
typedef struct
{
  char       *id;
  char       *type;
  char       *name;
  JsonObject *options;
} VitrineFeedConfig;

#define VITRINE_SHOW_ERROR (vitrine_show_error_quark ())

/**
 * VitrineShowError:
 * @VITRINE_SHOW_ERROR_NOT_FOUND: the show file does not exist or cannot be read
 * @VITRINE_SHOW_ERROR_SYNTAX: the file is not valid JSON
 * @VITRINE_SHOW_ERROR_INVALID: a field is missing, of the wrong type or out of range
 */
typedef enum
{
  VITRINE_SHOW_ERROR_NOT_FOUND,
  VITRINE_SHOW_ERROR_SYNTAX,
  VITRINE_SHOW_ERROR_INVALID,
} VitrineShowError;

GQuark vitrine_show_error_quark (void);

#define VITRINE_TYPE_SHOW (vitrine_show_get_type ())

G_DECLARE_FINAL_TYPE (VitrineShow, vitrine_show, VITRINE, SHOW, GObject)

VitrineShow                    *vitrine_show_new_from_file         (GFile        *file,
                                                                    GError      **error);
VitrineShow                    *vitrine_show_new_from_data         (const char   *data,
                                                                    gssize        length,
                                                                    const char   *base_dir,
                                                                    const char   *display_name,
                                                                    GError      **error);
const char                     *vitrine_show_get_name              (VitrineShow  *self);
const char                     *vitrine_show_get_path              (VitrineShow  *self);
guint                           vitrine_show_get_width             (VitrineShow  *self);
guint                           vitrine_show_get_height            (VitrineShow  *self);
guint                           vitrine_show_get_fps               (VitrineShow  *self);
gboolean                        vitrine_show_has_portrait          (VitrineShow  *self);
void                            vitrine_show_get_canvas_size       (VitrineShow  *self,
                                                                    VitrineCanvasKind canvas,
                                                                    guint        *width,
                                                                    guint        *height);
guint                           vitrine_show_get_canvas_bitrate    (VitrineShow  *self,
                                                                    VitrineCanvasKind canvas);
const VitrineEncoderConfig     *vitrine_show_get_encoder           (VitrineShow  *self);
guint                           vitrine_show_get_n_sources         (VitrineShow  *self);
const VitrineSourceConfig      *vitrine_show_get_source            (VitrineShow  *self,
                                                                    guint         index);
const VitrineSourceConfig      *vitrine_show_find_source           (VitrineShow  *self,
                                                                    const char   *id);
guint                           vitrine_show_get_n_scenes          (VitrineShow  *self);
const VitrineSceneConfig       *vitrine_show_get_scene             (VitrineShow  *self,
                                                                    guint         index);
const VitrineSceneConfig       *vitrine_show_find_scene            (VitrineShow  *self,
                                                                    const char   *id);
const char                     *vitrine_show_get_start_scene       (VitrineShow  *self);
GPtrArray                      *vitrine_show_get_warnings          (VitrineShow  *self);
guint                           vitrine_show_get_n_destinations    (VitrineShow  *self);
const VitrineDestinationConfig *vitrine_show_get_destination       (VitrineShow  *self,
                                                                    guint         index);
gboolean                        vitrine_source_kind_is_audio       (VitrineSourceKind kind);
const char                     *vitrine_source_kind_to_string      (VitrineSourceKind kind);

const char                     *vitrine_show_get_catalog_path      (VitrineShow  *self);
const char                     *vitrine_show_get_catalog_currency  (VitrineShow  *self);
const char                     *vitrine_show_get_catalog_shop      (VitrineShow  *self);
gboolean                        vitrine_show_get_shop              (VitrineShow  *self,
                                                                    const char  **platform,
                                                                    const char  **url,
                                                                    const char  **secret_id);
const char                     *vitrine_show_get_overlay_theme     (VitrineShow  *self);
const char                     *vitrine_show_get_overlay_locale    (VitrineShow  *self);
const char                     *vitrine_show_get_campaign          (VitrineShow  *self);
guint                           vitrine_show_get_n_run_of_show     (VitrineShow  *self);
const VitrineRunOfShowItem     *vitrine_show_get_run_of_show_item  (VitrineShow  *self,
                                                                    guint         index);

guint                           vitrine_show_get_n_feeds           (VitrineShow  *self);
const VitrineFeedConfig        *vitrine_show_get_feed              (VitrineShow  *self,
                                                                    guint         index);

VitrineWordFilter              *vitrine_show_get_word_filter       (VitrineShow  *self);

G_END_DECLS

/* vitrine-preview-paintable.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The live preview: a GdkPaintable fed by the engine's "preview" appsink.
 *
 * This is the only file in Vitrine that includes both GTK and GStreamer.
 * The appsink callback runs on a streaming thread: it only swaps the newest
 * sample in under a mutex and schedules at most one idle. The idle, on the
 * main thread, wraps the mapped frame in a GdkMemoryTexture (no copy: the
 * GBytes keeps the frame mapped until GTK drops the texture) and invalidates
 * the paintable. A busy main loop therefore drops frames instead of queueing
 * them, and a slow preview never applies back-pressure to the encoder (the
 * engine feeds the appsink through a leaky queue with max-buffers=1 drop). */

#define G_LOG_DOMAIN "vitrine-preview"

#include "config.h"

#include <gst/video/video.h>
#include <gtk/gtk.h>

#include "vitrine-preview-paintable.h"

struct _VitrinePreviewPaintable
{
  GObject     parent_instance;

  /* Main thread only */
  GdkTexture *texture;
  guint64     frame_count;
  GWeakRef    sink_ref;

  /* Shared with the streaming thread, protected by @lock */
  GMutex      lock;
  gpointer    attached_sink;  /* compared, never dereferenced */
  GstSample  *pending;
  guint       update_id;
};

static void vitrine_preview_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VitrinePreviewPaintable, vitrine_preview_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      vitrine_preview_paintable_iface_init))

/* Used while nothing has been received, so an empty preview still reserves a
 * sensibly shaped black area instead of collapsing. */
#define DEFAULT_ASPECT_RATIO (16.0 / 9.0)

static void
unmap_and_free_frame (gpointer data)
{
  GstVideoFrame *frame = data;

  /* Unmapping also drops the frame's reference on the buffer. */
  gst_video_frame_unmap (frame);
  g_free (frame);
}

/* Wraps the pixels without copying them. The caps are pinned to BGRA by the
 * engine, which is GDK_MEMORY_B8G8R8A8 (GTK 4.8 has no X8 formats). */
static GdkTexture *
texture_from_sample (GstSample *sample)
{
  g_autoptr(GBytes) bytes = NULL;
  GstVideoFrame *frame;
  GstVideoInfo info;
  GstBuffer *buffer;
  GstCaps *caps;
  gsize stride;

  caps = gst_sample_get_caps (sample);
  buffer = gst_sample_get_buffer (sample);

  if (caps == NULL || buffer == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;

  if (GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_BGRA)
    {
      g_debug ("Ignoring a preview frame in %s, expected BGRA",
               gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)));
      return NULL;
    }

  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, &info, buffer, GST_MAP_READ))
    {
      g_free (frame);
      return NULL;
    }

  stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
                                      stride * GST_VIDEO_FRAME_HEIGHT (frame),
                                      unmap_and_free_frame, frame);

  return gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (frame),
                                 GST_VIDEO_FRAME_HEIGHT (frame),
                                 GDK_MEMORY_B8G8R8A8,
                                 bytes,
                                 stride);
}

static gboolean
vitrine_preview_paintable_update_cb (gpointer user_data)
{
  VitrinePreviewPaintable *self = user_data;
  g_autoptr(GstSample) sample = NULL;
  GdkTexture *texture;
  gboolean size_changed;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending);
  self->update_id = 0;
  g_mutex_unlock (&self->lock);

  if (sample == NULL)
    return G_SOURCE_REMOVE;

  texture = texture_from_sample (sample);
  if (texture == NULL)
    return G_SOURCE_REMOVE;

  size_changed = self->texture == NULL ||
                 gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture) ||
                 gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture);

  g_clear_object (&self->texture);
  self->texture = texture;
  self->frame_count++;

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));

  return G_SOURCE_REMOVE;
}

/* Streaming thread: keep only the newest sample and schedule at most one
 * idle. Never touches GTK and never waits for the main loop. */
static GstFlowReturn
vitrine_preview_paintable_new_sample_cb (GstAppSink *appsink,
                                         gpointer    user_data)
{
  VitrinePreviewPaintable *self = user_data;
  GstSample *sample;

  sample = gst_app_sink_pull_sample (appsink);
  if (sample == NULL)
    return GST_FLOW_EOS;

  g_mutex_lock (&self->lock);

  if (self->attached_sink != (gpointer) appsink)
    {
      /* A callback that raced with detach: not ours any more. */
      g_mutex_unlock (&self->lock);
      gst_sample_unref (sample);
      return GST_FLOW_OK;
    }

  g_clear_pointer (&self->pending, gst_sample_unref);
  self->pending = sample;

  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_DEFAULT,
                                       vitrine_preview_paintable_update_cb,
                                       g_object_ref (self),
                                       g_object_unref);

  g_mutex_unlock (&self->lock);

  return GST_FLOW_OK;
}

static void
vitrine_preview_paintable_snapshot (GdkPaintable *paintable,
                                    GdkSnapshot  *snapshot,
                                    double        width,
                                    double        height)
{
  VitrinePreviewPaintable *self = VITRINE_PREVIEW_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
  else
    gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot),
                               &(GdkRGBA) { 0, 0, 0, 1 },
                               &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static GdkPaintable *
vitrine_preview_paintable_get_current_image (GdkPaintable *paintable)
{
  VitrinePreviewPaintable *self = VITRINE_PREVIEW_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));

  return gdk_paintable_new_empty (0, 0);
}

static int
vitrine_preview_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  VitrinePreviewPaintable *self = VITRINE_PREVIEW_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static int
vitrine_preview_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  VitrinePreviewPaintable *self = VITRINE_PREVIEW_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static double
vitrine_preview_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  VitrinePreviewPaintable *self = VITRINE_PREVIEW_PAINTABLE (paintable);

  if (self->texture == NULL)
    return DEFAULT_ASPECT_RATIO;

  return (double) gdk_texture_get_width (self->texture) /
         (double) gdk_texture_get_height (self->texture);
}

static void
vitrine_preview_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = vitrine_preview_paintable_snapshot;
  iface->get_current_image = vitrine_preview_paintable_get_current_image;
  iface->get_intrinsic_width = vitrine_preview_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = vitrine_preview_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = vitrine_preview_paintable_get_intrinsic_aspect_ratio;
}

static void
vitrine_preview_paintable_dispose (GObject *object)
{
  VitrinePreviewPaintable *self = VITRINE_PREVIEW_PAINTABLE (object);

  vitrine_preview_paintable_detach (self);

  g_mutex_lock (&self->lock);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_pointer (&self->pending, gst_sample_unref);
  g_mutex_unlock (&self->lock);

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (vitrine_preview_paintable_parent_class)->dispose (object);
}

static void
vitrine_preview_paintable_finalize (GObject *object)
{
  VitrinePreviewPaintable *self = VITRINE_PREVIEW_PAINTABLE (object);

  g_weak_ref_clear (&self->sink_ref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vitrine_preview_paintable_parent_class)->finalize (object);
}

static void
vitrine_preview_paintable_class_init (VitrinePreviewPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_preview_paintable_dispose;
  object_class->finalize = vitrine_preview_paintable_finalize;
}

static void
vitrine_preview_paintable_init (VitrinePreviewPaintable *self)
{
  g_mutex_init (&self->lock);
  g_weak_ref_init (&self->sink_ref, NULL);
}

/**
 * vitrine_preview_paintable_new:
 *
 * Creates an empty preview. It draws black until it is attached to an
 * appsink that produces BGRA frames.
 *
 * Returns: (transfer full): a new #VitrinePreviewPaintable
 */
VitrinePreviewPaintable *
vitrine_preview_paintable_new (void)
{
  return g_object_new (VITRINE_TYPE_PREVIEW_PAINTABLE, NULL);
}

/**
 * vitrine_preview_paintable_attach:
 * @self: a #VitrinePreviewPaintable
 * @sink: an appsink with caps video/x-raw,format=BGRA
 *
 * Starts showing the frames of @sink, replacing any previous sink. Must be
 * called on the main thread; the sink may already be playing. The last frame
 * shown stays until the first frame of @sink arrives.
 */
void
vitrine_preview_paintable_attach (VitrinePreviewPaintable *self,
                                  GstAppSink              *sink)
{
  GstAppSinkCallbacks callbacks = { .new_sample = vitrine_preview_paintable_new_sample_cb };

  g_return_if_fail (VITRINE_IS_PREVIEW_PAINTABLE (self));
  g_return_if_fail (GST_IS_APP_SINK (sink));

  vitrine_preview_paintable_detach (self);

  g_mutex_lock (&self->lock);
  self->attached_sink = sink;
  g_mutex_unlock (&self->lock);

  g_weak_ref_set (&self->sink_ref, sink);

  /* The sink holds a reference on us and we hold none on it, so the
   * pipeline and the widget never keep each other alive. */
  gst_app_sink_set_callbacks (sink, &callbacks, g_object_ref (self), g_object_unref);
}

/**
 * vitrine_preview_paintable_detach:
 * @self: a #VitrinePreviewPaintable
 *
 * Stops receiving frames. The last frame stays visible; see
 * vitrine_preview_paintable_clear(). Safe to call when not attached.
 */
void
vitrine_preview_paintable_detach (VitrinePreviewPaintable *self)
{
  g_autoptr(GstAppSink) sink = NULL;

  g_return_if_fail (VITRINE_IS_PREVIEW_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  self->attached_sink = NULL;
  g_clear_pointer (&self->pending, gst_sample_unref);
  g_mutex_unlock (&self->lock);

  sink = g_weak_ref_get (&self->sink_ref);
  g_weak_ref_set (&self->sink_ref, NULL);

  if (sink != NULL)
    {
      GstAppSinkCallbacks none = { NULL };

      /* Drops the sink's reference on us (the destroy notify given above). */
      gst_app_sink_set_callbacks (sink, &none, NULL, NULL);
    }
}

/**
 * vitrine_preview_paintable_clear:
 * @self: a #VitrinePreviewPaintable
 *
 * Forgets the frame on screen, so the preview draws black again.
 */
void
vitrine_preview_paintable_clear (VitrinePreviewPaintable *self)
{
  g_return_if_fail (VITRINE_IS_PREVIEW_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, gst_sample_unref);
  g_mutex_unlock (&self->lock);

  if (self->texture == NULL)
    return;

  g_clear_object (&self->texture);
  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

/**
 * vitrine_preview_paintable_is_attached:
 * @self: a #VitrinePreviewPaintable
 *
 * Returns: %TRUE while frames of an appsink are being shown
 */
gboolean
vitrine_preview_paintable_is_attached (VitrinePreviewPaintable *self)
{
  gboolean attached;

  g_return_val_if_fail (VITRINE_IS_PREVIEW_PAINTABLE (self), FALSE);

  g_mutex_lock (&self->lock);
  attached = self->attached_sink != NULL;
  g_mutex_unlock (&self->lock);

  return attached;
}

/**
 * vitrine_preview_paintable_get_frame_count:
 * @self: a #VitrinePreviewPaintable
 *
 * Returns: how many frames have been turned into textures so far. Frames
 * that arrived while the main loop was busy and were replaced by a newer one
 * are not counted.
 */
guint64
vitrine_preview_paintable_get_frame_count (VitrinePreviewPaintable *self)
{
  g_return_val_if_fail (VITRINE_IS_PREVIEW_PAINTABLE (self), 0);

  return self->frame_count;
}

/**
 * vitrine_preview_paintable_get_texture:
 * @self: a #VitrinePreviewPaintable
 *
 * Returns: (transfer none) (nullable): the frame currently shown
 */
GdkTexture *
vitrine_preview_paintable_get_texture (VitrinePreviewPaintable *self)
{
  g_return_val_if_fail (VITRINE_IS_PREVIEW_PAINTABLE (self), NULL);

  return self->texture;
}

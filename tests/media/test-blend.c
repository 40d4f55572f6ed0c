/* test-blend.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The overlay blender (vitrine-blend.c) against arithmetic: opaque pixels
 * replace the frame, transparent ones leave it, half-transparent ones mix
 * half and half; the global alpha of a fade scales it all; an overlay
 * sliding off the frame is cut, never written outside. */

#include <cairo.h>
#include <gst/video/video.h>
#include <string.h>

#include "vitrine-blend-private.h"

#define W 64
#define H 32

/* A 20×10 overlay: left third opaque white, middle third half-transparent
 * white, right third transparent. */
static cairo_surface_t *
make_overlay (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 20, 10);
  cairo_t *cr = cairo_create (surface);

  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgba (cr, 0, 0, 0, 0);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, 6, 10);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.5);
  cairo_rectangle (cr, 6, 0, 8, 10);
  cairo_fill (cr);
  cairo_destroy (cr);
  return surface;
}

static GstBuffer *
make_frame (GstVideoInfo *info,
            guint8        luma)
{
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
  GstVideoFrame frame;

  gst_video_frame_map (&frame, info, buffer, GST_MAP_WRITE);
  for (int y = 0; y < H; y++)
    memset ((guint8 *)GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
            y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), luma, W);
  for (int p = 1; p < 3; p++)
    for (int y = 0; y < H / 2; y++)
      memset ((guint8 *)GST_VIDEO_FRAME_PLANE_DATA (&frame, p) +
              y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p), 128, W / 2);
  gst_video_frame_unmap (&frame);
  return buffer;
}

static guint8
luma_at (GstVideoFrame *frame,
         int            x,
         int            y)
{
  return ((guint8 *)GST_VIDEO_FRAME_PLANE_DATA (frame, 0))[y * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0) + x];
}

static void
test_mix (void)
{
  cairo_surface_t *surface = make_overlay ();
  g_autoptr(VitrineYuvImage) image = _vitrine_yuv_image_new (surface);
  GstVideoInfo info;
  g_autoptr(GstBuffer) buffer = NULL;
  GstVideoFrame frame;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, W, H);
  buffer = make_frame (&info, 16);   /* black, limited range */
  g_assert_cmpint (_vitrine_yuv_image_get_width (image), ==, 20);

  gst_video_frame_map (&frame, &info, buffer, GST_MAP_READWRITE);
  _vitrine_yuv_image_blend (image, &frame, 10, 4, 1.0);

  g_assert_cmpuint (luma_at (&frame, 12, 6), ==, 235);           /* opaque white */
  g_assert_cmpuint (luma_at (&frame, 19, 6), >=, 124);           /* half: (235 + 16) / 2 */
  g_assert_cmpuint (luma_at (&frame, 19, 6), <=, 127);
  g_assert_cmpuint (luma_at (&frame, 26, 6), ==, 16);            /* transparent */
  g_assert_cmpuint (luma_at (&frame, 9, 6), ==, 16);             /* outside, left */
  g_assert_cmpuint (luma_at (&frame, 12, 14), ==, 16);           /* outside, below */
  /* Grey stays grey: no colour cast in the chroma planes. */
  g_assert_cmpuint (((guint8 *)GST_VIDEO_FRAME_PLANE_DATA (&frame, 1))[3 * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 1) + 6], ==, 128);
  gst_video_frame_unmap (&frame);
  cairo_surface_destroy (surface);
}

static void
test_fade_and_clip (void)
{
  cairo_surface_t *surface = make_overlay ();
  g_autoptr(VitrineYuvImage) image = _vitrine_yuv_image_new (surface);
  GstVideoInfo info;
  g_autoptr(GstBuffer) buffer = NULL;
  GstVideoFrame frame;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, W, H);
  buffer = make_frame (&info, 16);
  gst_video_frame_map (&frame, &info, buffer, GST_MAP_READWRITE);

  /* Half faded: the opaque part mixes half and half. */
  _vitrine_yuv_image_blend (image, &frame, 0, 0, 0.5);
  g_assert_cmpuint (luma_at (&frame, 2, 2), >=, 124);
  g_assert_cmpuint (luma_at (&frame, 2, 2), <=, 127);

  /* Fully faded: nothing. */
  _vitrine_yuv_image_blend (image, &frame, 30, 0, 0.0);
  g_assert_cmpuint (luma_at (&frame, 32, 2), ==, 16);

  /* Sliding off every edge: cut, and nothing written outside the planes
   * (valgrind on this test reports no invalid write). */
  _vitrine_yuv_image_blend (image, &frame, -3, 26, 1.0);
  g_assert_cmpuint (luma_at (&frame, 0, 30), ==, 235);
  _vitrine_yuv_image_blend (image, &frame, W - 3, -7, 1.0);
  g_assert_cmpuint (luma_at (&frame, W - 2, 1), ==, 235);
  _vitrine_yuv_image_blend (image, &frame, W + 100, H + 100, 1.0);
  _vitrine_yuv_image_blend (image, &frame, -200, -200, 1.0);
  gst_video_frame_unmap (&frame);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/blend/mix", test_mix);
  g_test_add_func ("/blend/fade-and-clip", test_fade_and_clip);
  return g_test_run ();
}

/* test-preview-paintable.c: the appsink → GdkPaintable bridge
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gtk/gtk.h>

#include "vitrine-preview-paintable.h"
#include "vitrine-ui-test.h"

typedef struct
{
  VitrinePreviewPaintable *paintable;
  guint64                  target;
  guint                    n_size;
  guint                    n_contents;
} Fixture;

static void
size_invalidated_cb (GdkPaintable *paintable,
                     Fixture      *f)
{
  f->n_size++;
}

static void
contents_invalidated_cb (GdkPaintable *paintable,
                         Fixture      *f)
{
  f->n_contents++;
}

static GstElement *
make_pipeline (const char  *pattern,
               int          width,
               int          height,
               GstAppSink **sink)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  GstElement *pipeline;
  GstElement *element;

  description = g_strdup_printf ("videotestsrc pattern=%s is-live=true "
                                 "! video/x-raw,format=BGRA,width=%d,height=%d,framerate=30/1 "
                                 "! appsink name=preview max-buffers=1 drop=true sync=false",
                                 pattern, width, height);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);

  element = gst_bin_get_by_name (GST_BIN (pipeline), "preview");
  g_assert_true (GST_IS_APP_SINK (element));
  *sink = GST_APP_SINK (element);

  return pipeline;
}

static void
stop_pipeline (GstElement *pipeline)
{
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_NULL), !=,
                   GST_STATE_CHANGE_FAILURE);
  gst_object_unref (pipeline);
}

static void
fixture_init (Fixture *f)
{
  f->paintable = vitrine_preview_paintable_new ();
  g_signal_connect (f->paintable, "invalidate-size", G_CALLBACK (size_invalidated_cb), f);
  g_signal_connect (f->paintable, "invalidate-contents", G_CALLBACK (contents_invalidated_cb), f);
}

static void
fixture_clear (Fixture *f)
{
  vitrine_preview_paintable_detach (f->paintable);
  /* Let a pending idle (it holds a reference) run before checking for leaks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->paintable);
}

/* A moving ball: the intrinsic size follows the caps, each frame is a new
 * texture, and two of them differ. */
static void
test_moving_ball (void)
{
  Fixture f = { 0 };
  g_autoptr(GstAppSink) sink = NULL;
  g_autoptr(GdkTexture) first = NULL;
  GstElement *pipeline;
  gsize n_different = 0;

  fixture_init (&f);

  /* Empty: no size, a 16:9 black placeholder, no texture. */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (f.paintable)), ==, 0);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (f.paintable)), ==, 0);
  g_assert_null (vitrine_preview_paintable_get_texture (f.paintable));

  pipeline = make_pipeline ("ball", 64, 36, &sink);
  vitrine_preview_paintable_attach (f.paintable, sink);
  g_assert_true (vitrine_preview_paintable_is_attached (f.paintable));
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);

  f.target = 1;
  if (!vitrine_test_wait_for_frames (f.paintable, f.target, 10000))
    g_error ("No preview frame within 10 s of PLAYING");

  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (f.paintable)), ==, 64);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (f.paintable)), ==, 36);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (GDK_PAINTABLE (f.paintable)),
                                  64.0 / 36.0, 0.001);

  first = g_object_ref (vitrine_preview_paintable_get_texture (f.paintable));
  g_assert_cmpint (gdk_texture_get_width (first), ==, 64);
  g_assert_cmpint (gdk_texture_get_height (first), ==, 36);
  /* The ball: white pixels on black. */
  g_assert_cmpuint (vitrine_test_count_bright_pixels (first, 128), >=, 10);
  g_assert_cmpfloat (vitrine_test_mean_brightness (first), >, 1.0);

  /* Wait for later frames until one shows the ball somewhere else. */
  for (guint i = 0; i < 60 && n_different == 0; i++)
    {
      f.target = vitrine_preview_paintable_get_frame_count (f.paintable) + 1;
      if (!vitrine_test_wait_for_frames (f.paintable, f.target, 5000))
        g_error ("The preview stopped after %" G_GUINT64_FORMAT " frames",
                 vitrine_preview_paintable_get_frame_count (f.paintable));

      n_different = vitrine_test_count_different_pixels (first,
                                                         vitrine_preview_paintable_get_texture (f.paintable));
    }

  g_test_message ("%" G_GSIZE_FORMAT " of %d pixels changed; %" G_GUINT64_FORMAT " frames shown",
                  n_different, 64 * 36, vitrine_preview_paintable_get_frame_count (f.paintable));
  g_assert_cmpuint (n_different, >, 0);

  /* Same size every frame: the size is invalidated once, contents each time. */
  g_assert_cmpuint (f.n_size, ==, 1);
  g_assert_cmpuint (f.n_contents, >=, 2);
  g_assert_cmpuint (f.n_contents, ==, vitrine_preview_paintable_get_frame_count (f.paintable));

  /* Detached: no more frames, the last one stays. */
  vitrine_preview_paintable_detach (f.paintable);
  g_assert_false (vitrine_preview_paintable_is_attached (f.paintable));
  f.target = vitrine_preview_paintable_get_frame_count (f.paintable);
  vitrine_test_run_for (300);
  g_assert_cmpuint (vitrine_preview_paintable_get_frame_count (f.paintable), ==, f.target);
  g_assert_nonnull (vitrine_preview_paintable_get_texture (f.paintable));

  stop_pipeline (pipeline);
  fixture_clear (&f);
}

/* BGRA from GStreamer must reach the screen as the same colour: a pure red
 * frame downloads as red, not blue (a wrong GdkMemoryFormat swaps them). */
static void
test_colour_order (void)
{
  Fixture f = { 0 };
  g_autoptr(GstAppSink) sink = NULL;
  g_autofree guchar *pixels = NULL;
  GstElement *pipeline;
  GdkTexture *texture;
  gsize stride;

  fixture_init (&f);

  pipeline = make_pipeline ("red", 16, 8, &sink);
  vitrine_preview_paintable_attach (f.paintable, sink);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  f.target = 1;
  if (!vitrine_test_wait_for_frames (f.paintable, f.target, 10000))
    g_error ("No preview frame within 10 s of PLAYING");

  texture = vitrine_preview_paintable_get_texture (f.paintable);
  pixels = vitrine_test_download (texture, &stride);

  /* B, G, R, A */
  g_assert_cmpuint (pixels[0], <, 16);
  g_assert_cmpuint (pixels[1], <, 16);
  g_assert_cmpuint (pixels[2], >, 240);
  g_assert_cmpuint (pixels[3], ==, 255);

  stop_pipeline (pipeline);
  fixture_clear (&f);
}

/* Re-attaching to a sink of another size: the size is invalidated again and
 * the intrinsic size follows; the old sink no longer feeds the paintable. */
static void
test_reattach_new_size (void)
{
  Fixture f = { 0 };
  g_autoptr(GstAppSink) sink_a = NULL;
  g_autoptr(GstAppSink) sink_b = NULL;
  GstElement *pipeline_a;
  GstElement *pipeline_b;

  fixture_init (&f);

  pipeline_a = make_pipeline ("ball", 64, 36, &sink_a);
  pipeline_b = make_pipeline ("snow", 32, 18, &sink_b);

  vitrine_preview_paintable_attach (f.paintable, sink_a);
  gst_element_set_state (pipeline_a, GST_STATE_PLAYING);
  f.target = 2;
  if (!vitrine_test_wait_for_frames (f.paintable, f.target, 10000))
    g_error ("No preview frames from the first sink");
  g_assert_cmpuint (f.n_size, ==, 1);

  vitrine_preview_paintable_attach (f.paintable, sink_b);
  gst_element_set_state (pipeline_b, GST_STATE_PLAYING);
  f.target = vitrine_preview_paintable_get_frame_count (f.paintable) + 2;
  if (!vitrine_test_wait_for_frames (f.paintable, f.target, 10000))
    g_error ("No preview frames from the second sink");

  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (f.paintable)), ==, 32);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (f.paintable)), ==, 18);
  g_assert_cmpuint (f.n_size, ==, 2);

  /* The first pipeline still plays, yet every frame shown is 32x18. */
  for (guint i = 0; i < 10; i++)
    {
      f.target = vitrine_preview_paintable_get_frame_count (f.paintable) + 1;
      g_assert_true (vitrine_test_wait_for_frames (f.paintable, f.target, 5000));
      g_assert_cmpint (gdk_texture_get_width (vitrine_preview_paintable_get_texture (f.paintable)),
                       ==, 32);
    }
  g_assert_cmpuint (f.n_size, ==, 2);

  /* Clearing goes back to the empty placeholder. */
  vitrine_preview_paintable_detach (f.paintable);
  vitrine_preview_paintable_clear (f.paintable);
  g_assert_null (vitrine_preview_paintable_get_texture (f.paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (f.paintable)), ==, 0);

  stop_pipeline (pipeline_a);
  stop_pipeline (pipeline_b);
  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  gtk_init ();

  g_test_add_func ("/preview-paintable/moving-ball", test_moving_ball);
  g_test_add_func ("/preview-paintable/colour-order", test_colour_order);
  g_test_add_func ("/preview-paintable/reattach-new-size", test_reattach_new_size);

  return g_test_run ();
}

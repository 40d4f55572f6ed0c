/* vitrine-x11-capture-helper.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* vitrine-x11-capture: captures one X11 screen for the studio, in a process
 * of its own. When an X server goes away, Xlib ends the process that was
 * talking to it, and a dead display can also hang the threads still using
 * it: here that is this helper, and the studio only loses the one source
 * (src/media/vitrine-screen-capture.c starts it and reads its frames).
 *
 *   vitrine-x11-capture --display :0 --width 1280 --height 720 --fps 30
 *
 * Frames are raw I420 of exactly that size (letterboxed), one after the
 * other on stdout, a pipe the studio reads; errors are one line on stderr.
 * A pipe rather than shared memory: nothing is left behind when Xlib ends
 * this process, and the end of the pipe is how the studio learns of it. */

#include "config.h"

#include <gst/gst.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  GMainLoop *loop = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        /* The studio shows this line to the host. */
        fprintf (stderr, "%s\n", error->message);
        g_main_loop_quit (loop);
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_EOS:
      g_main_loop_quit (loop);
      return G_SOURCE_REMOVE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *display = NULL;
  GstElement *src, *convert, *scale, *rate, *filter, *sink;
  int width = 0, height = 0, fps = 0;
  GOptionEntry entries[] = {
    { "display", 0, 0, G_OPTION_ARG_STRING, &display, "X11 display (default: $DISPLAY)", "NAME" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Picture width", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Picture height", "PX" },
    { "fps", 0, 0, G_OPTION_ARG_INT, &fps, "Frames per second", "N" },
    { NULL }
  };

  /* Ends with the studio, whatever way the studio ends. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);

  gst_init (&argc, &argv);
  context = g_option_context_new ("- capture an X11 screen for Vitrine");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      width <= 0 || height <= 0 || fps <= 0)
    {
      fprintf (stderr, "vitrine-x11-capture: %s\n",
               error ? error->message : "--width, --height and --fps are required");
      return 2;
    }

  pipeline = gst_pipeline_new ("vitrine-x11-capture");
  src = gst_element_factory_make ("ximagesrc", NULL);
  convert = gst_element_factory_make ("videoconvert", NULL);
  scale = gst_element_factory_make ("videoscale", NULL);
  rate = gst_element_factory_make ("videorate", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("fdsink", NULL);
  if (!src || !convert || !scale || !rate || !filter || !sink)
    {
      fprintf (stderr, "a GStreamer element for X11 capture is missing "
                       "(ximagesrc is in gstreamer1.0-x)\n");
      return 1;
    }

  if (display != NULL)
    g_object_set (src, "display-name", display, NULL);
  g_object_set (src, "use-damage", FALSE, "show-pointer", TRUE, NULL);
  g_object_set (scale, "add-borders", TRUE, NULL);
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, width,
                              "height", G_TYPE_INT, height,
                              "framerate", GST_TYPE_FRACTION, fps, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              "colorimetry", G_TYPE_STRING, "bt709",
                              NULL);
  g_object_set (filter, "caps", caps, NULL);
  /* Written as they come: the studio stamps them on arrival. A studio that
   * reads slowly makes the pipe, and so this capture, wait. */
  g_object_set (sink, "fd", 1, "sync", FALSE, NULL);

  gst_bin_add_many (GST_BIN (pipeline), src, convert, scale, rate, filter, sink, NULL);
  if (!gst_element_link_many (src, convert, scale, rate, filter, sink, NULL))
    {
      fprintf (stderr, "cannot assemble the X11 capture\n");
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  bus = gst_pipeline_get_bus (GST_PIPELINE (pipeline));
  gst_bus_add_watch (bus, bus_cb, loop);
  /* SIGTERM keeps its default action: stopping ximagesrc on a display that
   * died can hang, and there is nothing here to clean up. */

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      /* The error message on the bus says why (no such display…). */
      g_autoptr(GstMessage) message =
        gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        {
          gst_message_parse_error (message, &error, NULL);
          fprintf (stderr, "%s\n", error->message);
        }
      else
        fprintf (stderr, "the X11 screen cannot be captured\n");
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return 1;
    }

  g_main_loop_run (loop);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return 0;
}

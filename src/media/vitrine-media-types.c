/* vitrine-media-types.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-output-private.h"

G_DEFINE_QUARK (vitrine-media-error-quark, vitrine_media_error)

/* Stable, untranslated names: used in the headless JSON lines. */
const char *
vitrine_engine_state_to_string (VitrineEngineState state)
{
  switch (state)
    {
    case VITRINE_ENGINE_STATE_STOPPED:  return "stopped";
    case VITRINE_ENGINE_STATE_STARTING: return "starting";
    case VITRINE_ENGINE_STATE_PREVIEW:  return "preview";
    case VITRINE_ENGINE_STATE_LIVE:     return "live";
    case VITRINE_ENGINE_STATE_STOPPING: return "stopping";
    case VITRINE_ENGINE_STATE_FAILED:   return "failed";
    default:                            return "unknown";
    }
}

const char *
vitrine_output_state_to_string (VitrineOutputState state)
{
  switch (state)
    {
    case VITRINE_OUTPUT_STATE_IDLE:         return "idle";
    case VITRINE_OUTPUT_STATE_CONNECTING:   return "connecting";
    case VITRINE_OUTPUT_STATE_LIVE:         return "live";
    case VITRINE_OUTPUT_STATE_RECONNECTING: return "reconnecting";
    case VITRINE_OUTPUT_STATE_REJECTED:     return "rejected";
    case VITRINE_OUTPUT_STATE_FAILED:       return "failed";
    case VITRINE_OUTPUT_STATE_STOPPED:      return "stopped";
    default:                                return "unknown";
    }
}

/* Short translated labels for the destinations list. */
const char *
vitrine_output_state_to_display (VitrineOutputState state)
{
  switch (state)
    {
    case VITRINE_OUTPUT_STATE_IDLE:         return C_("destination state", "Ready");
    case VITRINE_OUTPUT_STATE_CONNECTING:   return C_("destination state", "Connecting…");
    case VITRINE_OUTPUT_STATE_LIVE:         return C_("destination state", "Live");
    case VITRINE_OUTPUT_STATE_RECONNECTING: return C_("destination state", "Reconnecting…");
    case VITRINE_OUTPUT_STATE_REJECTED:     return C_("destination state", "Key rejected");
    case VITRINE_OUTPUT_STATE_FAILED:       return C_("destination state", "Failed");
    case VITRINE_OUTPUT_STATE_STOPPED:      return C_("destination state", "Stopped");
    default:                                return "";
    }
}

/* Which Debian package brings each element, for the "not installed" message. */
static const struct {
  const char *element;
  const char *package;
} element_packages[] = {
  { "videotestsrc", "gstreamer1.0-plugins-base" },
  { "audiotestsrc", "gstreamer1.0-plugins-base" },
  { "compositor", "gstreamer1.0-plugins-base" },
  { "audiomixer", "gstreamer1.0-plugins-base" },
  { "videoconvert", "gstreamer1.0-plugins-base" },
  { "videoscale", "gstreamer1.0-plugins-base" },
  { "videorate", "gstreamer1.0-plugins-base" },
  { "audioconvert", "gstreamer1.0-plugins-base" },
  { "audioresample", "gstreamer1.0-plugins-base" },
  { "appsink", "gstreamer1.0-plugins-base" },
  { "appsrc", "gstreamer1.0-plugins-base" },
  { "ximagesrc", "gstreamer1.0-x" },
  { "pngdec", "gstreamer1.0-plugins-good" },
  { "jpegdec", "gstreamer1.0-plugins-good" },
  { "imagefreeze", "gstreamer1.0-plugins-good" },
  { "v4l2src", "gstreamer1.0-plugins-good" },
  { "pulsesrc", "gstreamer1.0-pulseaudio" },
  { "flvmux", "gstreamer1.0-plugins-good" },
  { "matroskamux", "gstreamer1.0-plugins-good" },
  { "rtmp2sink", "gstreamer1.0-plugins-bad" },
  { "h264parse", "gstreamer1.0-plugins-bad" },
  { "x264enc", "gstreamer1.0-plugins-ugly" },
  { "aacparse", "gstreamer1.0-plugins-good" },
  { "avenc_aac", "gstreamer1.0-libav" },
};

/* gst_element_factory_make() that says which package to install. */
GstElement *
_vitrine_make_element (const char  *factory,
                       const char  *name,
                       GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    {
      const char *package = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (element_packages); i++)
        if (g_str_equal (element_packages[i].element, factory))
          package = element_packages[i].package;

      if (package != NULL)
        g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_MISSING_ELEMENT,
                     _("The GStreamer element “%s” is not installed (it comes with %s)"),
                     factory, package);
      else
        g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_MISSING_ELEMENT,
                     _("The GStreamer element “%s” is not installed"), factory);
    }

  return element;
}


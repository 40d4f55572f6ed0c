/* vitrine-recording.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-recording"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include "vitrine-recording-private.h"
#include "vitrine-output-private.h"

/* Recordings are always Matroska while they are written: a crash (kill -9,
 * power cut) leaves a playable file (reliability.md §A2). Each file being
 * written has a hidden lock file next to it, ".NAME.mkv.vitrine-lock", with
 * the studio's pid and what the host asked for. A clean stop removes it,
 * after remuxing to MP4 when asked. A lock whose studio is gone marks a file
 * a crash left behind: the next start remuxes it (so it gets its index and
 * duration back, or becomes the MP4 the host wanted) and removes the lock. */

#define LOCK_SUFFIX ".vitrine-lock"

char *
_vitrine_recording_lock_path (const char *file)
{
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *base = g_path_get_basename (file);
  g_autofree char *name = g_strdup_printf (".%s" LOCK_SUFFIX, base);

  return g_build_filename (dir, name, NULL);
}

gboolean
_vitrine_recording_lock (const char  *file,
                         gboolean     remux_mp4,
                         GError     **error)
{
  g_autofree char *lock = _vitrine_recording_lock_path (file);
  g_autofree char *contents = g_strdup_printf ("%d\n%s\n", (int)getpid (),
                                               remux_mp4 ? "mp4" : "mkv");

  return g_file_set_contents (lock, contents, -1, error);
}

void
_vitrine_recording_unlock (const char *file)
{
  g_autofree char *lock = _vitrine_recording_lock_path (file);

  g_unlink (lock);
}

static void
demux_pad_added_cb (GstElement *demux,
                    GstPad     *pad,
                    GstElement *pipeline)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name = caps ? gst_structure_get_name (gst_caps_get_structure (caps, 0)) : "";
  g_autofree char *queue_name = NULL;
  g_autoptr(GstElement) queue = NULL;
  g_autoptr(GstPad) sinkpad = NULL;

  if (g_str_has_prefix (name, "video/"))
    queue_name = g_strdup ("video-queue");
  else if (g_str_has_prefix (name, "audio/"))
    queue_name = g_strdup ("audio-queue");
  else
    return;

  queue = gst_bin_get_by_name (GST_BIN (pipeline), queue_name);
  sinkpad = gst_element_get_static_pad (queue, "sink");
  if (!gst_pad_is_linked (sinkpad))
    gst_pad_link (pad, sinkpad);
}

/* Blocking: runs in a worker thread. Copies the streams of a Matroska file
 * into a new MP4 (faststart) or Matroska file, without re-encoding. */
gboolean
_vitrine_recording_remux (const char  *input,
                          const char  *output,
                          gboolean     to_mp4,
                          GError     **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("vitrine-remux");
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  GstElement *src, *demux, *vqueue, *vparse, *aqueue, *aparse, *mux, *sink;
  gboolean ok = FALSE;

  if (!(src = _vitrine_make_element ("filesrc", NULL, error)) ||
      !(demux = _vitrine_make_element ("matroskademux", NULL, error)) ||
      !(vqueue = _vitrine_make_element ("queue", "video-queue", error)) ||
      !(vparse = _vitrine_make_element ("h264parse", NULL, error)) ||
      !(aqueue = _vitrine_make_element ("queue", "audio-queue", error)) ||
      !(aparse = _vitrine_make_element ("aacparse", NULL, error)) ||
      !(mux = _vitrine_make_element (to_mp4 ? "mp4mux" : "matroskamux", NULL, error)) ||
      !(sink = _vitrine_make_element ("filesink", NULL, error)))
    return FALSE;

  g_object_set (src, "location", input, NULL);
  g_object_set (sink, "location", output, NULL);
  if (to_mp4)
    g_object_set (mux, "faststart", TRUE, NULL);

  gst_bin_add_many (GST_BIN (pipeline), src, demux, vqueue, vparse, aqueue, aparse, mux, sink,
                    NULL);
  if (!gst_element_link (src, demux) ||
      !gst_element_link_many (vqueue, vparse, mux, NULL) ||
      !gst_element_link_many (aqueue, aparse, mux, NULL) ||
      !gst_element_link (mux, sink))
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_PIPELINE,
                   _("Cannot assemble the remuxer for “%s”"), input);
      return FALSE;
    }
  g_signal_connect (demux, "pad-added", G_CALLBACK (demux_pad_added_cb), pipeline);

  /* A recording without audio leaves the audio branch unlinked: that is not
   * an error once the video ends. */
  g_object_set (aqueue, "max-size-time", (guint64)0, "max-size-buffers", 0,
                "max-size-bytes", 0, NULL);

  bus = gst_pipeline_get_bus (GST_PIPELINE (pipeline));
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 10 * 60 * GST_SECOND,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    ok = TRUE;
  else if (message != NULL)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_WRITE,
                   _("Cannot remux “%s”: %s"), input, gst_error->message);
    }
  else
    g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_WRITE,
                 _("Remuxing “%s” took too long"), input);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (!ok)
    g_unlink (output);
  return ok;
}

/* Blocking. The recording ends as the host asked: MP4 replaces the Matroska
 * file when it was asked for and the remux worked. Returns the final path. */
char *
_vitrine_recording_finish (const char  *file,
                           gboolean     remux_mp4,
                           GError     **error)
{
  g_autofree char *mp4 = NULL;

  if (!remux_mp4)
    {
      _vitrine_recording_unlock (file);
      return g_strdup (file);
    }

  mp4 = g_strdup_printf ("%.*s.mp4", (int)(strlen (file) - strlen (".mkv")), file);
  if (!_vitrine_recording_remux (file, mp4, TRUE, error))
    {
      /* The Matroska file stays: nothing is lost. */
      _vitrine_recording_unlock (file);
      return NULL;
    }
  g_unlink (file);
  _vitrine_recording_unlock (file);
  return g_steal_pointer (&mp4);
}

static gboolean
lock_is_stale (const char *lock,
               gboolean   *remux_mp4)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 pid;

  if (!g_file_get_contents (lock, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", 3);
  if (lines[0] == NULL || lines[1] == NULL)
    return TRUE;
  pid = g_ascii_strtoll (lines[0], NULL, 10);
  *remux_mp4 = g_str_equal (lines[1], "mp4");

  /* A studio still writing the file keeps it: this one (its recording may
   * start while the repair runs) or another. */
  if (pid > 0 && (pid == getpid () || kill ((pid_t)pid, 0) == 0 || errno == EPERM))
    return FALSE;
  return TRUE;
}

/* Blocking: runs in a worker thread at start. Returns the files repaired. */
GPtrArray *
_vitrine_recording_repair_dir (const char *dir)
{
  GPtrArray *repaired = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *lock = NULL;
      g_autofree char *file = NULL;
      g_autofree char *fixed = NULL;
      g_autofree char *result = NULL;
      g_autoptr(GError) error = NULL;
      gboolean remux_mp4 = FALSE;

      if (name[0] != '.' || !g_str_has_suffix (name, ".mkv" LOCK_SUFFIX))
        continue;
      lock = g_build_filename (dir, name, NULL);
      if (!lock_is_stale (lock, &remux_mp4))
        continue;

      {
        g_autofree char *base = g_strndup (name + 1, strlen (name + 1) - strlen (LOCK_SUFFIX));

        file = g_build_filename (dir, base, NULL);
      }

      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        {
          g_unlink (lock);
          continue;
        }

      if (remux_mp4)
        result = _vitrine_recording_finish (file, TRUE, &error);
      else
        {
          /* Rewritten so players get the index and duration a crash never
           * wrote; replaced only when that worked. */
          fixed = g_strdup_printf ("%s.repair", file);
          if (_vitrine_recording_remux (file, fixed, FALSE, &error) &&
              g_rename (fixed, file) == 0)
            result = g_strdup (file);
          g_unlink (fixed);
          _vitrine_recording_unlock (file);
        }

      if (result != NULL)
        g_ptr_array_add (repaired, g_steal_pointer (&result));
      else
        g_debug ("%s stays as it is: %s", file, error ? error->message : "");
    }

  return repaired;
}

/* vitrine-screen-capture.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-screen-capture"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "vitrine-output-private.h"
#include "vitrine-screen-capture-private.h"

/* An X11 screen, captured by the vitrine-x11-capture helper process
 * (src/vitrine-x11-capture-helper.c) and read here from its stdout pipe.
 * Xlib ends the process whose X server goes away, and a dead display can
 * hang whoever still talks to it: in a helper, losing the captured server
 * costs the show that one source, reported like an unplugged camera. */

struct _VitrineScreenCapture
{
  char                  *display;
  GSubprocess           *helper;
  char                  *stderr_path;
  VitrineMediaPlayer    *player;
  GCancellable          *cancellable;
  VitrineMediaPlayerFunc failed;
  gpointer               user_data;
};

static char *
helper_path (void)
{
  const char *override = g_getenv ("VITRINE_X11_CAPTURE");
  g_autofree char *self_exe = NULL;
  g_autofree char *dir = NULL;
  char *beside;

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  /* Next to the studio's binary (a build tree), else where it is installed. */
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      dir = g_path_get_dirname (self_exe);
      beside = g_build_filename (dir, "vitrine-x11-capture", NULL);
      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return beside;
      g_free (beside);
    }
  return g_build_filename (LIBEXECDIR, "vitrine-x11-capture", NULL);
}

/* The helper's last words: why it could not capture. */
static char *
helper_message (VitrineScreenCapture *self)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (g_file_get_contents (self->stderr_path, &contents, NULL, NULL))
    {
      lines = g_strsplit (g_strstrip (contents), "\n", -1);
      for (guint n = g_strv_length (lines); n > 0; n--)
        {
          const char *line = g_strstrip (lines[n - 1]);

          /* Xlib's own farewell is not for a host to read. */
          if (*line == '\0' || g_str_has_prefix (line, "XIO:") ||
              (strstr (line, "after") != NULL && strstr (line, "requests") != NULL))
            continue;
          return g_strdup (line);
        }
    }
  return g_strdup_printf (_("the X display %s is gone"),
                          self->display ? self->display : g_getenv ("DISPLAY"));
}

static void
report (VitrineScreenCapture *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  VitrineMediaPlayerFunc failed = self->failed;

  if (failed == NULL)
    return;
  self->failed = NULL;
  message = helper_message (self);
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, message);
  g_debug ("X11 capture of %s ended: %s", self->display ? self->display : "$DISPLAY", message);
  failed (error, self->user_data);
}

static void
player_failed_cb (const GError *error,
                  gpointer      user_data)
{
  /* The pipe closed: the helper is gone, or going; its exit says why. */
  report (user_data);
}

static void
helper_exited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  report (user_data);
}

/**
 * _vitrine_screen_capture_new:
 * @display: (nullable): the X11 display, or %NULL for `$DISPLAY`
 * @failed: called once, on the main thread, when the capture stops
 *
 * Starts capturing the X11 screen at @width×@height, @fps, into @video_src.
 *
 * Returns: the capture, or %NULL if the helper cannot be started
 */
VitrineScreenCapture *
_vitrine_screen_capture_new (const char              *display,
                             guint                    width,
                             guint                    height,
                             guint                    fps,
                             GstAppSrc               *video_src,
                             VitrineMediaPlayerFunc   failed,
                             gpointer                 user_data,
                             GError                 **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *program = helper_path ();
  g_autofree char *tmp_name = NULL;
  VitrineScreenCapture *self;
  GstElement *bin, *fdsrc, *parse;
  GInputStream *out;
  g_autoptr(GstPad) pad = NULL;
  int fd;

  fd = g_file_open_tmp ("vitrine-x11-capture-XXXXXX.log", &tmp_name, error);
  if (fd < 0)
    return NULL;
  close (fd);

  g_ptr_array_add (argv, g_strdup (program));
  if (display != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--display"));
      g_ptr_array_add (argv, g_strdup (display));
    }
  g_ptr_array_add (argv, g_strdup_printf ("--width=%u", width));
  g_ptr_array_add (argv, g_strdup_printf ("--height=%u", height));
  g_ptr_array_add (argv, g_strdup_printf ("--fps=%u", fps));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, tmp_name);

  self = g_new0 (VitrineScreenCapture, 1);
  self->display = g_strdup (display);
  self->stderr_path = g_steal_pointer (&tmp_name);
  self->failed = failed;
  self->user_data = user_data;
  self->cancellable = g_cancellable_new ();
  self->helper = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata,
                                               error);
  if (self->helper == NULL)
    {
      g_prefix_error (error, _("cannot start %s: "), program);
      self->failed = NULL;
      _vitrine_screen_capture_free (self);
      return NULL;
    }

  /* fdsrc reads the pipe, rawvideoparse cuts it back into frames. */
  bin = gst_bin_new (NULL);
  fdsrc = _vitrine_make_element ("fdsrc", NULL, error);
  parse = fdsrc ? _vitrine_make_element ("rawvideoparse", NULL, error) : NULL;
  if (fdsrc == NULL || parse == NULL)
    {
      if (fdsrc != NULL)
        gst_object_unref (gst_object_ref_sink (fdsrc));
      gst_object_unref (gst_object_ref_sink (bin));
      self->failed = NULL;
      _vitrine_screen_capture_free (self);
      return NULL;
    }
  out = g_subprocess_get_stdout_pipe (self->helper);
  g_object_set (fdsrc,
                "fd", g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out)),
                "blocksize", width * height * 3 / 2,
                NULL);
  g_object_set (parse, "width", width, "height", height, "framerate", fps, 1, NULL);
  gst_util_set_object_arg (G_OBJECT (parse), "format", "i420");
  gst_bin_add_many (GST_BIN (bin), fdsrc, parse, NULL);
  gst_element_link (fdsrc, parse);
  pad = gst_element_get_static_pad (parse, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));

  self->player = _vitrine_media_player_new_live (bin, video_src, player_failed_cb, self, error);
  if (self->player == NULL)
    {
      self->failed = NULL;
      _vitrine_screen_capture_free (self);
      return NULL;
    }

  g_subprocess_wait_async (self->helper, self->cancellable, helper_exited_cb, self);
  return self;
}

void
_vitrine_screen_capture_free (VitrineScreenCapture *self)
{
  if (self == NULL)
    return;

  self->failed = NULL;
  g_cancellable_cancel (self->cancellable);
  /* The helper first: with the writer gone, fdsrc sees the end of the pipe
   * instead of waiting on it while the player stops. */
  if (self->helper != NULL)
    g_subprocess_send_signal (self->helper, SIGKILL);
  g_clear_pointer (&self->player, _vitrine_media_player_free);
  g_clear_object (&self->helper);
  g_clear_object (&self->cancellable);
  if (self->stderr_path != NULL)
    g_unlink (self->stderr_path);
  g_free (self->stderr_path);
  g_free (self->display);
  g_free (self);
}

/* test-window.c: the studio window against a real RTMP server
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a show through the application, checks the preview in the window
 * moves, switches scene with the scene buttons' action, goes live to a local
 * nginx-rtmp (tests/tools/vitrine-rtmp-server), checks the destination row
 * says "Live" and shows its time on air (h:mm:ss), saves a screenshot (tests/ui/window-live.png in the build
 * directory), ends the broadcast through the confirmation dialog, stops the
 * engine and checks what nginx and the recording destination wrote.
 */

#include "config.h"

#include "vitrine-ui-test.h"

typedef struct
{
  VitrineWindow *window;
  GdkTexture    *previous;
} PreviewWait;

/* The ball is about 1500 white pixels on a 640x360 canvas. */
#define MIN_BRIGHT_PIXELS 300

static gboolean
preview_shows_something (gpointer data)
{
  PreviewWait *w = data;
  GdkTexture *now = vitrine_preview_paintable_get_texture (vitrine_window_get_preview (w->window));

  return now != NULL && vitrine_test_count_bright_pixels (now, 128) >= MIN_BRIGHT_PIXELS;
}

static gboolean
texture_differs (gpointer data)
{
  PreviewWait *w = data;
  GdkTexture *now = vitrine_preview_paintable_get_texture (vitrine_window_get_preview (w->window));

  return now != NULL && now != w->previous &&
         vitrine_test_count_different_pixels (w->previous, now) > 0;
}

/* About two seconds of a 1000 kb/s stream. */
#define MIN_BYTES_SENT (200 * 1000)

static gboolean
engine_scene_is_pip (gpointer data)
{
  return g_strcmp0 (vitrine_engine_get_scene (data), "pip") == 0;
}

/* ---------------------------------------------------------------------- */

/* The codec names ffprobe finds in @path, e.g. "h264\naac\n". */
static char *
probe_codecs (const char *path)
{
  g_autofree char *ffprobe = g_find_program_in_path ("ffprobe");
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  int status = 0;
  const char *argv[] = { NULL, "-v", "error", "-show_entries", "stream=codec_name",
                         "-of", "csv=p=0", path, NULL };

  if (ffprobe == NULL)
    return NULL;

  argv[0] = ffprobe;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &output, NULL, &status, &error);
  g_assert_no_error (error);

  return output;
}

static char *
write_show (const char *dir,
            const char *rtmp_url)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf (
    "{\n"
    "  \"name\": \"UI test show\",\n"
    "  \"canvas\": { \"width\": 640, \"height\": 360, \"fps\": 30 },\n"
    "  \"sources\": [\n"
    "    { \"id\": \"pattern\", \"type\": \"test-pattern\", \"pattern\": \"ball\" },\n"
    "    { \"id\": \"bars\", \"type\": \"test-pattern\", \"pattern\": \"smpte\" },\n"
    "    { \"id\": \"tone\", \"type\": \"tone\", \"frequency\": 440, \"volume\": 0.3 }\n"
    "  ],\n"
    "  \"scenes\": [\n"
    "    { \"id\": \"full\", \"name\": \"Full\", \"layout\": \"full\", \"main\": \"pattern\" },\n"
    "    { \"id\": \"pip\", \"name\": \"Picture in picture\", \"layout\": \"pip\",\n"
    "      \"main\": \"pattern\", \"inset\": \"bars\", \"corner\": \"bottom-right\" }\n"
    "  ],\n"
    "  \"start_scene\": \"full\",\n"
    "  \"encoder\": { \"video_bitrate\": 1000, \"preset\": \"ultrafast\",\n"
    "               \"keyframe_interval\": 1, \"audio_bitrate\": 96 },\n"
    "  \"destinations\": [\n"
    "    { \"id\": \"local\", \"name\": \"Local server\", \"type\": \"rtmp\", \"url\": \"%s\" },\n"
    "    { \"id\": \"rec\", \"name\": \"Recording\", \"type\": \"recording\", \"path\": \"rec.mkv\" }\n"
    "  ]\n"
    "}\n", rtmp_url);

  return vitrine_test_write_file (dir, "ui-test-show.json", json);
}

static gboolean
is_scene_button (GtkWidget     *widget,
                 gconstpointer  label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkToggleButton *
find_scene_button (GtkWidget  *root,
                   const char *label)
{
  return (GtkToggleButton *) vitrine_test_find_descendant (root, is_scene_button, label);
}

/* ---------------------------------------------------------------------- */

static void
test_window_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineApplication) app = NULL;
  g_autoptr(GFile) show_file = NULL;
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *show_path = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *screenshot = NULL;
  g_autofree char *codecs = NULL;
  g_autofree char *rec_mkv = NULL;
  VitrineTestRtmpServer server = { 0 };
  PreviewWait wait = { 0 };
  VitrineWindow *window;
  VitrineEngine *engine;
  VitrineOutput *local;
  VitrineOutput *rec;
  VitrineDestinationRow *row;
  GtkToggleButton *pip_button;
  GtkWidget *picture;
  const char *recording;
  goffset size = 0;
  double brightness;

  tmpdir = g_dir_make_tmp ("vitrine-ui-XXXXXX", &error);
  g_assert_no_error (error);
  server_dir = g_build_filename (tmpdir, "rtmp", NULL);

  vitrine_test_rtmp_server_start (&server, server_dir);
  show_path = write_show (tmpdir, server.url);
  show_file = g_file_new_for_path (show_path);

  /* The application path, as a host would use it. */
  app = vitrine_test_application_new (1280, 760, &window);
  engine = vitrine_test_load_show (app, window, show_file);
  g_assert_cmpstr (vitrine_show_get_name (vitrine_engine_get_show (engine)), ==, "UI test show");

  /* The preview picture shows the window's paintable, on screen. */
  picture = vitrine_test_find_widget (GTK_WIDGET (window), GTK_TYPE_PICTURE, FALSE);
  g_assert_nonnull (picture);
  g_assert_true (gtk_picture_get_paintable (GTK_PICTURE (picture)) ==
                 GDK_PAINTABLE (vitrine_window_get_preview (window)));
  if (!vitrine_test_wait (vitrine_test_widget_is_drawn, picture, 5000))
    g_error ("The preview picture is not on screen");

  /* The preview moves and is not black. */
  wait.window = window;
  if (!vitrine_test_wait_for_frames (vitrine_window_get_preview (window), 2, 15000))
    g_error ("The window's preview showed %" G_GUINT64_FORMAT " frames in 15 s",
             vitrine_preview_paintable_get_frame_count (vitrine_window_get_preview (window)));

  if (!vitrine_test_wait (preview_shows_something, &wait, 10000))
    g_error ("The preview stayed (almost) black: no frame had %d bright pixels in 10 s",
             MIN_BRIGHT_PIXELS);

  first = g_object_ref (vitrine_preview_paintable_get_texture (vitrine_window_get_preview (window)));
  g_assert_cmpint (gdk_texture_get_width (first), ==, 640);
  g_assert_cmpint (gdk_texture_get_height (first), ==, 360);
  brightness = vitrine_test_mean_brightness (first);
  g_test_message ("preview: mean brightness %.2f / 255, %" G_GSIZE_FORMAT " bright pixels",
                  brightness, vitrine_test_count_bright_pixels (first, 128));
  g_assert_cmpfloat (brightness, >, 0.5);

  wait.previous = first;
  if (!vitrine_test_wait (texture_differs, &wait, 5000))
    g_error ("The preview did not change in 5 s: the ball should move");

  /* A scene button switches the program to picture-in-picture. */
  pip_button = find_scene_button (GTK_WIDGET (window), "Picture in picture");
  g_assert_nonnull (pip_button);
  g_assert_nonnull (find_scene_button (GTK_WIDGET (window), "Full"));
  g_assert_true (gtk_toggle_button_get_active (find_scene_button (GTK_WIDGET (window), "Full")));
  g_assert_false (gtk_toggle_button_get_active (pip_button));
  gtk_widget_activate (GTK_WIDGET (pip_button));
  if (!vitrine_test_wait (engine_scene_is_pip, engine, 5000))
    g_error ("Clicking “Picture in picture” did not switch the engine's scene");
  g_assert_true (gtk_toggle_button_get_active (pip_button));
  g_assert_false (gtk_toggle_button_get_active (find_scene_button (GTK_WIDGET (window), "Full")));

  /* Scenes 1…9 have Alt+digit shortcuts, in show order. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.scene('pip')");

    g_assert_cmpstr (accels[0], ==, "<Alt>2");
  }

  /* Go live. */
  local = vitrine_engine_find_output (engine, "local");
  rec = vitrine_engine_find_output (engine, "rec");
  g_assert_nonnull (local);
  g_assert_nonnull (rec);
  vitrine_output_set_stream_key (local, "testkey");

  vitrine_test_go_live (window, engine, local);

  /* What the host sees: the row's pill says Live, the LIVE badge shows and
   * the big button became Stop. */
  row = vitrine_test_find_destination_row (GTK_WIDGET (window), local);
  g_assert_nonnull (row);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row),
                                                   vitrine_output_state_to_display (VITRINE_OUTPUT_STATE_LIVE)));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (window), "LIVE"));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (window), "Stop"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "go-live"));

  /* Let a couple of seconds reach the server and the file. */
  vitrine_test_wait_for_bytes_sent (local, MIN_BYTES_SENT, 15000);

  /* The row counts the time on air, as h:mm:ss, and shows the bitrate;
   * no dropped frames or reconnects on a local server, so no warning. */
  {
    GtkLabel *uptime = vitrine_test_find_label_matching (GTK_WIDGET (row), "^0:00:[0-5][0-9]$");

    if (uptime == NULL)
      g_error ("The live destination row shows no time on air (h:mm:ss)");
    g_test_message ("time on air: %s", gtk_label_get_text (uptime));
    g_assert_nonnull (vitrine_test_find_label_matching (GTK_WIDGET (row), "^[0-9]+ kb/s$"));
    g_assert_null (vitrine_test_find_label_matching (GTK_WIDGET (row),
                                                     "^[0-9]+ dropped frames?$"));
    g_assert_null (vitrine_test_find_label_matching (GTK_WIDGET (row), "^[0-9]+ reconnects?$"));
  }

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "window-live.png", NULL);
  vitrine_test_save_screenshot (GTK_WIDGET (window), screenshot);
  g_test_message ("screenshot: %s", screenshot);

  /* End the broadcast the way the host does: Stop, then confirm. */
  vitrine_test_end_live (window, engine);
  g_assert_cmpint (vitrine_output_get_state (local), !=, VITRINE_OUTPUT_STATE_LIVE);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (window), "Go Live"));
  g_assert_null (vitrine_test_find_label_exact (GTK_WIDGET (window), "LIVE"));

  /* Stop the engine as quitting does. */
  vitrine_test_close_show (app, window);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (window), "No show loaded"));

  /* What arrived: nginx recorded the stream, the recording was written. */
  vitrine_test_rtmp_server_stop (&server);
  recordings = vitrine_test_find_recordings (server.record_dir, "testkey", &size);
  if (recordings->len == 0)
    g_error ("nginx recorded no testkey*.flv in %s", server.record_dir);
  recording = g_ptr_array_index (recordings, 0);
  g_test_message ("nginx recorded %s (%" G_GOFFSET_FORMAT " bytes)", recording, size);
  g_assert_cmpint (size, >, 50 * 1000);

  codecs = probe_codecs (recording);
  if (codecs != NULL)
    {
      g_test_message ("ffprobe: %s", g_strdelimit (g_strstrip (codecs), "\n", ' '));
      g_assert_nonnull (strstr (codecs, "h264"));
    }

  rec_mkv = g_build_filename (tmpdir, "rec.mkv", NULL);
  g_assert_true (g_file_test (rec_mkv, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (window));
  vitrine_test_rtmp_server_clear (&server);
  vitrine_test_rm_rf (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  vitrine_test_init (&argc, &argv);

  g_test_add_func ("/window/live", test_window_live);

  return g_test_run ();
}

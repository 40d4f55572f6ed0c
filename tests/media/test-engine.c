/* test-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>

#include "vitrine-engine.h"
#include "vitrine-media-enums.h"

static char *tmpdir;

static VitrineShow *
load_show (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "show.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VitrineShow *show;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  show = vitrine_show_new_from_file (file, &error);
  g_assert_no_error (error);
  return show;
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting for the engine");
  return G_SOURCE_REMOVE;
}

static void
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      loop)
{
  g_assert_true (vitrine_engine_stop_finish (VITRINE_ENGINE (object), result, NULL));
  g_main_loop_quit (loop);
}

static void
stop_engine (VitrineEngine *engine)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  vitrine_engine_stop_async (engine, NULL, stopped_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpint (vitrine_engine_get_state (engine), ==, VITRINE_ENGINE_STATE_STOPPED);
}

static guint
count_elements (GstBin     *bin,
                const char *factory)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (bin);
  GValue item = G_VALUE_INIT;
  guint n = 0;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *f = gst_element_get_factory (element);

      if (f != NULL && g_str_equal (GST_OBJECT_NAME (f), factory))
        n++;
      g_value_reset (&item);
    }
  g_value_unset (&item);
  return n;
}

/* Decodes a file with GStreamer and counts the video frames a viewer gets. */
static guint
decoded_frames (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! matroskademux ! h264parse"
                                           " ! avdec_h264 ! appsink name=sink sync=false", path);
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr(GstElement) sink = NULL;
  guint frames = 0;
  GstSample *sample;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    {
      frames++;
      gst_sample_unref (sample);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return frames;
}

/* An offline render of N frames writes exactly N decodable frames through one
 * encoder, and the engine reports the end. */
static void
test_offline_recording (void)
{
  g_autofree char *json = NULL;
  g_autofree char *image = g_build_filename (g_getenv ("VITRINE_SOURCE_ROOT"), "data", "demo",
                                             "vitrine-demo-card.png", NULL);
  g_autofree char *expected = g_build_filename (tmpdir, "offline.mkv", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(VitrineEngine) engine = NULL;
  g_autoptr(VitrineShow) show = NULL;
  g_autoptr(GError) error = NULL;
  VitrineOutput *output;
  guint timeout;

  json = g_strdup_printf (
    "{\"canvas\": {\"width\": 320, \"height\": 180, \"fps\": 30},"
    " \"sources\": [{\"id\": \"p\", \"type\": \"test-pattern\"},"
    "               {\"id\": \"i\", \"type\": \"image\", \"path\": \"%s\"},"
    "               {\"id\": \"t\", \"type\": \"tone\"}],"
    " \"scenes\": [{\"id\": \"pip\", \"layout\": \"pip\", \"main\": \"p\", \"inset\": \"i\"}],"
    " \"encoder\": {\"video_bitrate\": 500},"
    " \"destinations\": [{\"id\": \"rec\", \"type\": \"recording\", \"path\": \"offline.mkv\"}]}",
    image);
  show = load_show (json);

  engine = vitrine_engine_new (show, VITRINE_ENGINE_FLAGS_OFFLINE);
  vitrine_engine_set_frame_limit (engine, 75);
  g_signal_connect_swapped (engine, "finished", G_CALLBACK (quit_cb), loop);
  vitrine_engine_go_live (engine);
  g_assert_true (vitrine_engine_start (engine, &error));
  g_assert_no_error (error);

  /* Encode once: one x264enc in the program, none in any destination. */
  g_assert_cmpuint (count_elements (GST_BIN (vitrine_engine_get_pipeline (engine)), "x264enc"),
                    ==, 1);

  timeout = g_timeout_add_seconds (60, timeout_cb, NULL);
  g_main_loop_run (loop);
  g_source_remove (timeout);

  output = vitrine_engine_find_output (engine, "rec");
  g_assert_cmpint (vitrine_output_get_state (output), ==, VITRINE_OUTPUT_STATE_STOPPED);
  g_assert_cmpstr (vitrine_output_get_location (output), ==, expected);
  g_assert_cmpuint (vitrine_engine_get_frames (engine), ==, 75);
  g_assert_cmpuint (vitrine_output_get_dropped_frames (output), ==, 0);
  stop_engine (engine);

  g_assert_cmpuint (decoded_frames (expected), ==, 75);
}

static void
test_missing_camera (void)
{
  g_autoptr(VitrineShow) show = load_show (
    "{\"canvas\": {\"width\": 320, \"height\": 180},"
    " \"sources\": [{\"id\": \"cam\", \"name\": \"Desk camera\", \"type\": \"camera\","
    "                \"device\": \"/dev/video-vitrine-missing\"}],"
    " \"scenes\": [{\"id\": \"full\", \"main\": \"cam\"}]}");
  g_autoptr(VitrineEngine) engine = vitrine_engine_new (show, VITRINE_ENGINE_FLAGS_NONE);
  g_autoptr(GError) error = NULL;

  g_assert_false (vitrine_engine_start (engine, &error));
  g_assert_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_SOURCE);
  g_assert_nonnull (strstr (error->message, "/dev/video-vitrine-missing"));
  g_assert_nonnull (strstr (error->message, "Desk camera"));
  g_assert_cmpint (vitrine_engine_get_state (engine), ==, VITRINE_ENGINE_STATE_FAILED);
  g_assert_null (vitrine_engine_get_pipeline (engine));
}

static void
state_changed_cb (VitrineOutput *output,
                  GParamSpec    *pspec,
                  GMainLoop     *loop)
{
  g_main_loop_quit (loop);
}

static void
wait_for_state (VitrineOutput      *output,
                VitrineOutputState  state)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gulong id = g_signal_connect (output, "notify::state", G_CALLBACK (state_changed_cb), loop);
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  while (vitrine_output_get_state (output) != state)
    g_main_loop_run (loop);

  g_source_remove (timeout);
  g_signal_handler_disconnect (output, id);
}

/* A server nobody answers puts only its own row into RECONNECTING; the
 * recording next to it stays live, the scene switch works, and a destination
 * without a key says so in words. */
static void
test_isolation (void)
{
  g_autoptr(VitrineShow) show = load_show (
    "{\"canvas\": {\"width\": 320, \"height\": 180},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\", \"pattern\": \"ball\"},"
    "               {\"id\": \"b\", \"type\": \"test-pattern\", \"pattern\": \"red\"},"
    "               {\"id\": \"t\", \"type\": \"tone\"}],"
    " \"scenes\": [{\"id\": \"full\", \"main\": \"a\"},"
    "              {\"id\": \"pip\", \"layout\": \"pip\", \"main\": \"a\", \"inset\": \"b\"}],"
    " \"destinations\": ["
    "   {\"id\": \"dead\", \"name\": \"Dead server\", \"type\": \"rtmp\","
    "    \"url\": \"rtmp://127.0.0.1:9/live\"},"
    "   {\"id\": \"nokey\", \"name\": \"No key\", \"type\": \"rtmp\","
    "    \"url\": \"rtmp://127.0.0.1:9/live\"},"
    "   {\"id\": \"rec\", \"type\": \"recording\", \"path\": \"isolation.mkv\"}]}");
  g_autoptr(VitrineEngine) engine = vitrine_engine_new (show, VITRINE_ENGINE_FLAGS_KEYS_FROM_ENV);
  g_autoptr(GError) error = NULL;
  VitrineOutput *dead = vitrine_engine_find_output (engine, "dead");
  VitrineOutput *nokey = vitrine_engine_find_output (engine, "nokey");
  VitrineOutput *rec = vitrine_engine_find_output (engine, "rec");
  const GError *nokey_error;

  g_setenv ("VITRINE_KEY_DEAD", "secret-dead-key", TRUE);
  g_unsetenv ("VITRINE_KEY_NOKEY");
  /* No Secret Service in this test: the look-up fails fast and says why. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vitrine-bus", TRUE);

  g_assert_true (vitrine_engine_start (engine, &error));
  g_assert_no_error (error);
  vitrine_engine_go_live (engine);
  g_assert_cmpint (vitrine_engine_get_state (engine), ==, VITRINE_ENGINE_STATE_LIVE);

  wait_for_state (rec, VITRINE_OUTPUT_STATE_LIVE);
  wait_for_state (dead, VITRINE_OUTPUT_STATE_RECONNECTING);
  g_assert_nonnull (vitrine_output_get_error (dead));
  g_assert_null (strstr (vitrine_output_get_status (dead), "secret-dead-key"));
  g_assert_null (strstr (vitrine_output_get_error (dead)->message, "secret-dead-key"));

  wait_for_state (nokey, VITRINE_OUTPUT_STATE_FAILED);
  nokey_error = vitrine_output_get_error (nokey);
  g_assert_error ((GError *)nokey_error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_NO_KEY);
  g_assert_nonnull (strstr (nokey_error->message, "No key"));

  g_assert_true (vitrine_engine_set_scene (engine, "pip", NULL));
  g_assert_cmpstr (vitrine_engine_get_scene (engine), ==, "pip");
  g_assert_false (vitrine_engine_set_scene (engine, "nowhere", &error));
  g_assert_nonnull (strstr (error->message, "nowhere"));

  /* The recording kept going while the other rows failed. */
  g_assert_cmpint (vitrine_output_get_state (rec), ==, VITRINE_OUTPUT_STATE_LIVE);

  stop_engine (engine);
  g_assert_cmpint (vitrine_output_get_state (rec), ==, VITRINE_OUTPUT_STATE_STOPPED);
  g_assert_cmpint (vitrine_output_get_state (dead), ==, VITRINE_OUTPUT_STATE_STOPPED);
}

static void
error_cb (VitrineEngine *engine,
          const GError  *error,
          GError       **out)
{
  g_clear_error (out);
  *out = g_error_copy (error);
}

/* A source that fails while the show runs (a camera unplugged) is reported
 * and hidden; the engine, the recording and the other sources go on. The
 * failure is the same bus message a v4l2src posts when its device goes. */
static void
test_source_lost (void)
{
  g_autoptr(VitrineShow) show = load_show (
    "{\"canvas\": {\"width\": 320, \"height\": 180},"
    " \"sources\": [{\"id\": \"cam\", \"name\": \"Desk camera\","
    "                \"type\": \"test-pattern\", \"pattern\": \"ball\"},"
    "               {\"id\": \"logo\", \"type\": \"test-pattern\", \"pattern\": \"red\"}],"
    " \"scenes\": [{\"id\": \"pip\", \"layout\": \"pip\", \"main\": \"cam\","
    "                \"inset\": \"logo\"}],"
    " \"destinations\": [{\"id\": \"rec\", \"type\": \"recording\","
    "                      \"path\": \"lost.mkv\"}]}");
  g_autoptr(VitrineEngine) engine = vitrine_engine_new (show, VITRINE_ENGINE_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reported = NULL;
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  VitrineOutput *rec = vitrine_engine_find_output (engine, "rec");
  GstElement *camera;
  guint64 frames;

  g_signal_connect (engine, "error", G_CALLBACK (error_cb), &reported);
  g_assert_true (vitrine_engine_start (engine, &error));
  vitrine_engine_go_live (engine);
  wait_for_state (rec, VITRINE_OUTPUT_STATE_LIVE);

  bin = gst_bin_get_by_name (GST_BIN (vitrine_engine_get_pipeline (engine)), "source-cam");
  g_assert_nonnull (bin);
  camera = GST_ELEMENT (GST_BIN_CHILDREN (GST_BIN (bin))->data);
  gst_element_post_message (camera,
                            gst_message_new_error (GST_OBJECT (camera),
                                                   &(GError) { GST_RESOURCE_ERROR,
                                                               GST_RESOURCE_ERROR_READ,
                                                               (char *)"Device disconnected" },
                                                   NULL));

  while (vitrine_engine_get_source_error (engine, "cam") == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_nonnull (strstr (vitrine_engine_get_source_error (engine, "cam"),
                            "Device disconnected"));
  g_assert_nonnull (reported);
  g_assert_nonnull (strstr (reported->message, "Desk camera"));
  g_assert_null (vitrine_engine_get_source_error (engine, "logo"));
  g_assert_cmpint (vitrine_engine_get_state (engine), ==, VITRINE_ENGINE_STATE_LIVE);

  /* The show goes on: frames keep coming and the recording stays live. */
  frames = vitrine_engine_get_frames (engine);
  g_timeout_add_once (1000, quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (vitrine_engine_get_frames (engine), >, frames + 20);
  g_assert_cmpint (vitrine_output_get_state (rec), ==, VITRINE_OUTPUT_STATE_LIVE);

  stop_engine (engine);
}

static void
ended_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      loop)
{
  g_assert_true (vitrine_engine_end_live_finish (VITRINE_ENGINE (object), result, NULL));
  g_main_loop_quit (loop);
}

/* TikTok issues a new key for every live: no stored key is used, the key of
 * this stream must be given, and it is forgotten when the stream ends. */
static void
test_key_per_stream (void)
{
  g_autoptr(VitrineShow) show = load_show (
    "{\"canvas\": {\"width\": 320, \"height\": 180},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"full\", \"main\": \"a\"}],"
    " \"destinations\": [{\"id\": \"tiktok\", \"name\": \"TikTok\", \"type\": \"rtmp\","
    "   \"platform\": \"tiktok\", \"url\": \"rtmp://127.0.0.1:9/live\"}]}");
  g_autoptr(VitrineEngine) engine = vitrine_engine_new (show, VITRINE_ENGINE_FLAGS_NONE);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  VitrineOutput *tiktok = vitrine_engine_find_output (engine, "tiktok");

  g_assert_true (vitrine_output_get_key_per_stream (tiktok));
  g_assert_true (vitrine_engine_start (engine, &error));

  /* No key for this stream: it says so at once, without asking the keyring. */
  vitrine_engine_go_live (engine);
  g_assert_cmpint (vitrine_output_get_state (tiktok), ==, VITRINE_OUTPUT_STATE_FAILED);
  g_assert_nonnull (strstr (vitrine_output_get_error (tiktok)->message, "new stream key"));

  /* Given this stream's key, it goes (the server is not there, so it retries). */
  vitrine_output_set_stream_key (tiktok, "live-today-123");
  vitrine_engine_start_output (engine, tiktok);
  wait_for_state (tiktok, VITRINE_OUTPUT_STATE_RECONNECTING);

  /* The stream ends: the key is forgotten. */
  vitrine_engine_end_live_async (engine, NULL, ended_cb, loop);
  g_main_loop_run (loop);
  g_assert_false (vitrine_output_get_has_stream_key (tiktok));

  stop_engine (engine);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("vitrine-engine-XXXXXX", NULL);

  g_test_add_func ("/engine/offline-recording", test_offline_recording);
  g_test_add_func ("/engine/missing-camera", test_missing_camera);
  g_test_add_func ("/engine/isolation", test_isolation);
  g_test_add_func ("/engine/source-lost", test_source_lost);
  g_test_add_func ("/engine/key-per-stream", test_key_per_stream);

  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
  }

  return ret;
}

/* test-show.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "vitrine-show.h"

#define GOOD_SHOW \
  "{\"name\": \"Spring sale\"," \
  " \"canvas\": {\"width\": 1280, \"height\": 720, \"fps\": 30}," \
  " \"sources\": [" \
  "   {\"id\": \"pattern\", \"type\": \"test-pattern\", \"pattern\": \"ball\"}," \
  "   {\"id\": \"cam\", \"type\": \"camera\", \"device\": \"/dev/video3\"}," \
  "   {\"id\": \"screen\", \"type\": \"screen\"}," \
  "   {\"id\": \"tone\", \"type\": \"tone\", \"frequency\": 880, \"volume\": 0.5}," \
  "   {\"id\": \"mic\", \"type\": \"microphone\"}]," \
  " \"scenes\": [" \
  "   {\"id\": \"full\", \"name\": \"Full\", \"layout\": \"full\", \"main\": \"cam\"}," \
  "   {\"id\": \"pip\", \"layout\": \"pip\", \"main\": \"screen\", \"inset\": \"cam\"," \
  "    \"corner\": \"top-left\", \"inset_scale\": 0.25}]," \
  " \"start_scene\": \"pip\"," \
  " \"encoder\": {\"video_bitrate\": 6000, \"preset\": \"faster\", \"keyframe_interval\": 2}," \
  " \"destinations\": [" \
  "   {\"id\": \"yt\", \"name\": \"YouTube\", \"type\": \"rtmp\"," \
  "    \"url\": \"rtmp://a.rtmp.youtube.com/live2\"}," \
  "   {\"id\": \"rec\", \"type\": \"recording\", \"path\": \"shows/spring.mkv\"," \
  "    \"enabled\": false}," \
  "   {\"id\": \"relay\", \"type\": \"srt\", \"url\": \"srt://relay.example:9000\"," \
  "    \"encrypted\": true}]}"

static void
test_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineShow) show = NULL;
  const VitrineSceneConfig *pip;
  const VitrineDestinationConfig *rec;

  show = vitrine_show_new_from_data (GOOD_SHOW, -1, "/srv/studio", "spring.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_show_get_name (show), ==, "Spring sale");
  g_assert_cmpuint (vitrine_show_get_width (show), ==, 1280);
  g_assert_cmpuint (vitrine_show_get_height (show), ==, 720);
  g_assert_cmpuint (vitrine_show_get_fps (show), ==, 30);
  g_assert_cmpuint (vitrine_show_get_n_sources (show), ==, 5);
  g_assert_cmpint (vitrine_show_find_source (show, "cam")->kind, ==, VITRINE_SOURCE_CAMERA);
  g_assert_cmpstr (vitrine_show_find_source (show, "cam")->device, ==, "/dev/video3");
  g_assert_cmpfloat (vitrine_show_find_source (show, "tone")->frequency, ==, 880);
  g_assert_true (vitrine_source_kind_is_audio (vitrine_show_find_source (show, "mic")->kind));
  g_assert_cmpstr (vitrine_show_get_start_scene (show), ==, "pip");
  pip = vitrine_show_find_scene (show, "pip");
  g_assert_cmpint (pip->layout, ==, VITRINE_LAYOUT_PIP);
  g_assert_cmpint (pip->corner, ==, VITRINE_CORNER_TOP_LEFT);
  g_assert_cmpfloat (pip->inset_scale, ==, 0.25);
  g_assert_cmpstr (pip->name, ==, "pip");
  g_assert_cmpuint (vitrine_show_get_encoder (show)->video_bitrate, ==, 6000);
  g_assert_cmpstr (vitrine_show_get_encoder (show)->preset, ==, "faster");
  g_assert_cmpuint (vitrine_show_get_encoder (show)->audio_bitrate, ==, 128);
  g_assert_cmpuint (vitrine_show_get_n_destinations (show), ==, 3);
  g_assert_cmpint (vitrine_show_get_destination (show, 2)->kind, ==, VITRINE_DESTINATION_SRT);
  g_assert_true (vitrine_show_get_destination (show, 2)->encrypted);
  g_assert_false (vitrine_show_get_destination (show, 0)->encrypted);
  g_assert_true (vitrine_show_get_destination (show, 0)->enabled);
  rec = vitrine_show_get_destination (show, 1);
  g_assert_false (rec->enabled);
  g_assert_cmpstr (rec->path, ==, "/srv/studio/shows/spring.mkv");
}

/* Each bad show must name the file, the field and what was expected. */
static const struct {
  const char *json;
  const char *expect[3];
} bad_shows[] = {
  { "{ \"name\": ", { "show.json", "invalid JSON", "line 1, column" } },
  { "[1, 2]", { "show.json", "one JSON object", "a list" } },
  { "{\"sources\": [], \"scenes\": []}", { "show.json", "canvas", "required" } },
  { "{\"canvas\": {\"width\": \"wide\", \"height\": 720}}",
    { "canvas.width", "expected a number", "text" } },
  { "{\"canvas\": {\"width\": 1281, \"height\": 720}, \"sources\": [], \"scenes\": []}",
    { "canvas", "even", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720, \"fps\": 0}}", { "canvas.fps", "1 to 120", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720}, \"encoder\": {\"video_bitrate\": -5}}",
    { "encoder.video_bitrate", "found -5", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720}, \"encoder\": {\"preset\": \"warp\"}}",
    { "encoder.preset", "warp", "veryfast" } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"x\", \"type\": \"hologram\"}], \"scenes\": []}",
    { "sources[0].type", "hologram", "test-pattern" } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"x\", \"type\": \"tone\"}, {\"id\": \"x\", \"type\": \"tone\"}],"
    " \"scenes\": []}",
    { "sources[1]", "“x”", "another source" } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"x\", \"type\": \"media\", \"path\": \"promo.mp4\"}],"
    " \"scenes\": []}",
    { "sources[0].path", "promo.mp4", "does not exist" } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"x\", \"type\": \"image\", \"path\": \"nope.png\"}], \"scenes\": []}",
    { "sources[0].path", "does not exist", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"ghost\"}]}",
    { "scenes[0].main", "ghost", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}, {\"id\": \"t\", \"type\": \"tone\"}],"
    " \"scenes\": [{\"id\": \"s\", \"layout\": \"pip\", \"main\": \"a\", \"inset\": \"t\"}]}",
    { "scenes[0].inset", "audio", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"destinations\": [{\"id\": \"d\", \"type\": \"rtmp\", \"url\": \"http://example.com\"}]}",
    { "destinations[0].url", "rtmp://", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"destinations\": [{\"id\": \"d\", \"type\": \"rtmp\","
    "   \"url\": \"rtmp://example.com/app?key=abc\"}]}",
    { "destinations[0].url", "stream key", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"portrait\": {\"width\": 1280, \"height\": 720}}",
    { "portrait", "taller than wide", "1280×720" } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\", \"portrait\": {\"main\": \"a\"}}]}",
    { "scenes[0].portrait", "no portrait canvas", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"portrait\": {\"width\": 720, \"height\": 1280},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\","
    "                \"portrait\": {\"layout\": \"pip\", \"main\": \"a\"}}]}",
    { "scenes[0].portrait.inset", "needs an inset", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"destinations\": [{\"id\": \"d\", \"type\": \"recording\","
    "   \"path\": \"x.mkv\", \"canvas\": \"portrait\"}]}",
    { "destinations[0].canvas", "no portrait canvas", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"destinations\": [{\"id\": \"d\", \"type\": \"srt\","
    "   \"url\": \"rtmp://example.com:9000\"}]}",
    { "destinations[0].url", "srt://", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"destinations\": [{\"id\": \"d\", \"type\": \"rtmp\","
    "   \"url\": \"rtmp://example.com/app\", \"trusted_certificate\": \"ca.pem\"}]}",
    { "destinations[0].trusted_certificate", "rtmps://", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"destinations\": [{\"id\": \"d\", \"type\": \"rtmp\","
    "   \"url\": \"rtmps://example.com/app\", \"trusted_certificate\": \"nope.pem\"}]}",
    { "destinations[0].trusted_certificate", "nope.pem", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"destinations\": [{\"id\": \"d\", \"type\": \"carrier-pigeon\"}]}",
    { "destinations[0].type", "carrier-pigeon", "srt" } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}], \"start_scene\": \"nope\"}",
    { "start_scene", "nope", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\", \"pattern\": \"plaid\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}]}",
    { "sources[0].pattern", "plaid", "smpte" } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"feeds\": [{\"id\": \"f\", \"type\": \"myspace\"}]}",
    { "feeds[0].type", "myspace", "twitch" } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"feeds\": [{\"id\": \"f\", \"type\": \"demo\"}, {\"id\": \"f\", \"type\": \"twitch\"}]}",
    { "feeds[1]", "“f”", NULL } },
  { "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"catalog\": {\"shopify\": {\"url\": \"ftp://shop\"}}}",
    { "catalog.shopify.url", "ftp://shop", NULL } },
};

static void
test_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_shows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VitrineShow) show = NULL;

      show = vitrine_show_new_from_data (bad_shows[i].json, -1, "/tmp", "show.json", &error);
      g_assert_null (show);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "show.json: "));
      g_assert_null (strchr (error->message, '\n'));
      for (guint k = 0; k < G_N_ELEMENTS (bad_shows[i].expect) && bad_shows[i].expect[k]; k++)
        if (strstr (error->message, bad_shows[i].expect[k]) == NULL)
          g_error ("case %u: “%s” does not mention “%s”", i, error->message,
                   bad_shows[i].expect[k]);
    }
}

static void
test_feeds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineShow) show = NULL;
  const VitrineFeedConfig *feed;

  show = vitrine_show_new_from_data (
    "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}],"
    " \"feeds\": [{\"id\": \"tw\", \"type\": \"twitch\", \"channel\": \"shop\"},"
    "             {\"id\": \"orders\", \"type\": \"shopify-orders\", \"name\": \"Shop\"}]}",
    -1, "/tmp", "show.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vitrine_show_get_n_feeds (show), ==, 2);
  feed = vitrine_show_get_feed (show, 0);
  g_assert_cmpstr (feed->id, ==, "tw");
  g_assert_cmpstr (feed->type, ==, "twitch");
  /* The connector reads its own options. */
  g_assert_cmpstr (json_object_get_string_member (feed->options, "channel"), ==, "shop");
  g_assert_cmpstr (vitrine_show_get_feed (show, 1)->name, ==, "Shop");
}

static void
test_portrait (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineShow) show = NULL;
  const VitrineSceneConfig *scene;
  guint width, height;

  show = vitrine_show_new_from_data (
    "{\"canvas\": {\"width\": 1920, \"height\": 1080, \"fps\": 30},"
    " \"encoder\": {\"video_bitrate\": 6000},"
    " \"portrait\": {\"width\": 1080, \"height\": 1920},"
    " \"sources\": [{\"id\": \"cam\", \"type\": \"test-pattern\"},"
    "               {\"id\": \"card\", \"type\": \"test-pattern\", \"pattern\": \"red\"}],"
    " \"scenes\": [{\"id\": \"s\", \"layout\": \"pip\", \"main\": \"cam\","
    "   \"inset\": \"card\", \"portrait\": {\"layout\": \"full\", \"main\": \"card\"}},"
    "   {\"id\": \"plain\", \"main\": \"cam\"}],"
    " \"destinations\": [{\"id\": \"tiktok\", \"type\": \"rtmp\","
    "   \"url\": \"rtmp://push.example/live\", \"canvas\": \"portrait\"},"
    "   {\"id\": \"yt\", \"type\": \"rtmp\", \"url\": \"rtmp://a.example/live2\"}]}",
    -1, "/tmp", "show.json", &error);
  g_assert_no_error (error);
  g_assert_true (vitrine_show_has_portrait (show));
  vitrine_show_get_canvas_size (show, VITRINE_CANVAS_PORTRAIT, &width, &height);
  g_assert_cmpuint (width, ==, 1080);
  g_assert_cmpuint (height, ==, 1920);
  vitrine_show_get_canvas_size (show, VITRINE_CANVAS_LANDSCAPE, &width, &height);
  g_assert_cmpuint (width, ==, 1920);
  /* The portrait encoder defaults to the show's bitrate. */
  g_assert_cmpuint (vitrine_show_get_canvas_bitrate (show, VITRINE_CANVAS_PORTRAIT), ==, 6000);
  scene = vitrine_show_find_scene (show, "s");
  g_assert_nonnull (scene->portrait);
  g_assert_cmpint (scene->portrait->layout, ==, VITRINE_LAYOUT_FULL);
  g_assert_cmpstr (scene->portrait->main, ==, "card");
  g_assert_null (vitrine_show_find_scene (show, "plain")->portrait);
  g_assert_cmpint (vitrine_show_get_destination (show, 0)->canvas, ==, VITRINE_CANVAS_PORTRAIT);
  g_assert_cmpint (vitrine_show_get_destination (show, 1)->canvas, ==, VITRINE_CANVAS_LANDSCAPE);
}

static void
test_platforms (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineShow) show = NULL;
  GPtrArray *warnings;

  show = vitrine_show_new_from_data (
    "{\"canvas\": {\"width\": 1920, \"height\": 1080, \"fps\": 60},"
    " \"encoder\": {\"video_bitrate\": 9000},"
    " \"sources\": [{\"id\": \"cam\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"cam\"}],"
    " \"destinations\": ["
    "   {\"id\": \"fb\", \"name\": \"Shop page\", \"type\": \"rtmp\","
    "    \"platform\": \"facebook\"},"
    "   {\"id\": \"yt\", \"type\": \"rtmp\", \"platform\": \"youtube\","
    "    \"url\": \"rtmp://a.rtmp.youtube.com/live2\"}]}",
    -1, "/tmp", "show.json", &error);
  g_assert_no_error (error);

  /* The platform gives the server address when the show does not. */
  g_assert_true (g_str_has_prefix (vitrine_show_get_destination (show, 0)->url, "rtmps://"));
  g_assert_cmpstr (vitrine_show_get_destination (show, 0)->platform, ==, "facebook");
  g_assert_cmpstr (vitrine_show_get_destination (show, 1)->url, ==,
                   "rtmp://a.rtmp.youtube.com/live2");

  /* Facebook takes 30 fps and 6000 kb/s at most: two warnings, named after
   * the destination; YouTube takes 1080p60 at this bitrate. */
  warnings = vitrine_show_get_warnings (show);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("%s", (const char *)g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (warnings, 0), "Shop page: "));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "60 fps"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 1), "9000 kb/s"));

  g_clear_object (&show);
  show = vitrine_show_new_from_data (
    "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"cam\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"cam\"}],"
    " \"destinations\": [{\"id\": \"x\", \"type\": \"rtmp\", \"platform\": \"myspace\"}]}",
    -1, "/tmp", "show.json", &error);
  g_assert_null (show);
  g_assert_nonnull (strstr (error->message, "destinations[0].platform"));
  g_assert_nonnull (strstr (error->message, "myspace"));
  g_assert_nonnull (strstr (error->message, "twitch"));
  g_clear_error (&error);

  /* TikTok gives no server address: the show must. */
  show = vitrine_show_new_from_data (
    "{\"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"cam\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"s\", \"main\": \"cam\"}],"
    " \"destinations\": [{\"id\": \"tt\", \"type\": \"rtmp\", \"platform\": \"tiktok\"}]}",
    -1, "/tmp", "show.json", &error);
  g_assert_null (show);
  g_assert_nonnull (strstr (error->message, "destinations[0].url"));
}

static void
test_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vitrine-show-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "show.json", NULL);
  g_autofree char *bad_utf8 = g_build_filename (dir, "latin1.json", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/vitrine/show.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) latin1 = g_file_new_for_path (bad_utf8);
  g_autoptr(VitrineShow) show = NULL;

  g_assert_null (vitrine_show_new_from_file (missing, &error));
  g_assert_error (error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/vitrine/show.json"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (bad_utf8, "{\"name\": \"caf\xe9\"}", -1, NULL));
  g_assert_null (vitrine_show_new_from_file (latin1, &error));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, GOOD_SHOW, -1, NULL));
  show = vitrine_show_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_show_get_path (show), ==, path);
  /* Relative paths are relative to the show file, not to the working folder. */
  g_assert_true (g_str_has_prefix (vitrine_show_get_destination (show, 1)->path, dir));

  g_unlink (path);
  g_unlink (bad_utf8);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/show/good", test_good);
  g_test_add_func ("/show/bad", test_bad);
  g_test_add_func ("/show/portrait", test_portrait);
  g_test_add_func ("/show/feeds", test_feeds);
  g_test_add_func ("/show/platforms", test_platforms);
  g_test_add_func ("/show/files", test_files);
  return g_test_run ();
}

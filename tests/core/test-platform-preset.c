/* test-platform-preset.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vitrine-platform-preset.h"

static const char *ids[] = {
  "youtube", "facebook", "instagram", "tiktok", "twitch", "kick", "linkedin", "x", "custom",
};

/* Compares what a host would read, and prints all of it on a mismatch. */
static void
assert_warnings (GPtrArray   *warnings,
                 const char **expected)
{
  guint n = expected ? g_strv_length ((char **)expected) : 0;

  if (warnings->len != n)
    for (guint i = 0; i < warnings->len; i++)
      g_test_message ("warning %u: %s", i, (const char *)g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (warnings, i), ==, expected[i]);
}

static void
test_table (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (vitrine_platform_preset_get_n (), ==, G_N_ELEMENTS (ids));

  for (guint i = 0; i < vitrine_platform_preset_get_n (); i++)
    {
      const VitrinePlatformPreset *preset = vitrine_platform_preset_get (i);

      g_assert_nonnull (preset);
      g_assert_cmpstr (preset->id, ==, ids[i]);
      g_assert_true (g_hash_table_add (seen, (gpointer)preset->id));
      g_assert_nonnull (preset->name);
      g_assert_cmpstr (preset->name, !=, "");
      g_assert_true (preset->max_width == 0 || preset->max_height != 0);
      g_assert_true (preset->max_height == 0 || preset->max_width != 0);
      g_assert_cmpuint (preset->orientations & ~VITRINE_ORIENTATION_BOTH, ==, 0);
      /* Only these two platforms hand out a new key for every stream (§3, §4.5). */
      g_assert_cmpint (preset->new_key_every_stream, ==,
                       g_str_equal (preset->id, "tiktok") ||
                       g_str_equal (preset->id, "instagram"));
    }

  g_assert_cmpstr (vitrine_platform_preset_get (vitrine_platform_preset_get_n () - 1)->id,
                   ==, "custom");
}

static void
test_server_urls (void)
{
  guint with_url = 0;

  for (guint i = 0; i < vitrine_platform_preset_get_n (); i++)
    {
      const VitrinePlatformPreset *preset = vitrine_platform_preset_get (i);
      g_autoptr(GUri) uri = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) warnings = NULL;

      if (preset->server_url == NULL)
        continue;
      with_url++;

      uri = g_uri_parse (preset->server_url, G_URI_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (g_uri_get_host (uri));
      g_assert_cmpstr (g_uri_get_host (uri), !=, "");
      if (preset->rtmps_required)
        g_assert_cmpstr (g_uri_get_scheme (uri), ==, "rtmps");
      else
        g_assert_true (g_str_equal (g_uri_get_scheme (uri), "rtmp") ||
                       g_str_equal (g_uri_get_scheme (uri), "rtmps"));
      /* A stream key never ships in a preset. */
      g_assert_null (g_uri_get_query (uri));
      g_assert_null (g_uri_get_userinfo (uri));

      /* A preset's own server passes its own check. */
      warnings = vitrine_platform_preset_check (preset, preset->server_url, 0, 0, 0, 0, 0);
      assert_warnings (warnings, NULL);
    }

  /* §3 prints a complete URL for these; the others hand it out with the key. */
  g_assert_cmpuint (with_url, ==, 4);
  g_assert_cmpstr (vitrine_platform_preset_lookup ("youtube")->server_url, ==,
                   "rtmps://a.rtmps.youtube.com:443/live2");
  g_assert_cmpstr (vitrine_platform_preset_lookup ("facebook")->server_url, ==,
                   "rtmps://live-api-s.facebook.com:443/rtmp/");
  g_assert_cmpstr (vitrine_platform_preset_lookup ("kick")->server_url, ==,
                   "rtmps://fa723fc1b171.global-contribute.live-video.net/app");
  g_assert_nonnull (vitrine_platform_preset_lookup ("x")->server_url);

  /* §3: RTMPS is mandatory for Facebook, Instagram and Kick. */
  g_assert_true (vitrine_platform_preset_lookup ("facebook")->rtmps_required);
  g_assert_true (vitrine_platform_preset_lookup ("instagram")->rtmps_required);
  g_assert_true (vitrine_platform_preset_lookup ("kick")->rtmps_required);
  g_assert_false (vitrine_platform_preset_lookup ("youtube")->rtmps_required);
  g_assert_false (vitrine_platform_preset_lookup ("twitch")->rtmps_required);
}

static void
test_lookup (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const VitrinePlatformPreset *preset = vitrine_platform_preset_lookup (ids[i]);

      g_assert_nonnull (preset);
      g_assert_cmpstr (preset->id, ==, ids[i]);
      g_assert_true (preset == vitrine_platform_preset_get (i));
    }

  g_assert_null (vitrine_platform_preset_lookup ("myspace"));
  g_assert_null (vitrine_platform_preset_lookup (""));
  g_assert_null (vitrine_platform_preset_lookup ("YouTube"));
  g_assert_null (vitrine_platform_preset_lookup ("youtube "));
}

static void
test_check_fits (void)
{
  static const char *platforms[] = { "youtube", "twitch" };

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    {
      const VitrinePlatformPreset *preset = vitrine_platform_preset_lookup (platforms[i]);
      g_autoptr(GPtrArray) rtmp = NULL;
      g_autoptr(GPtrArray) rtmps = NULL;

      rtmp = vitrine_platform_preset_check (preset, "rtmp://ingest.example.net/app",
                                            1280, 720, 30, 3000, 2);
      assert_warnings (rtmp, NULL);
      rtmps = vitrine_platform_preset_check (preset, "rtmps://ingest.example.net:443/app",
                                             1280, 720, 30, 3000, 2);
      assert_warnings (rtmps, NULL);
    }
}

/* A modest show in each platform's own orientation fits every preset. */
static void
test_check_fits_all (void)
{
  for (guint i = 0; i < vitrine_platform_preset_get_n (); i++)
    {
      const VitrinePlatformPreset *preset = vitrine_platform_preset_get (i);
      gboolean portrait = preset->orientations == VITRINE_ORIENTATION_PORTRAIT;
      g_autoptr(GPtrArray) warnings = NULL;

      warnings = vitrine_platform_preset_check (preset,
                                                preset->rtmps_required
                                                ? "rtmps://ingest.example.net/app"
                                                : "rtmp://ingest.example.net/app",
                                                portrait ? 720 : 1280,
                                                portrait ? 1280 : 720,
                                                30, 3000, 2);
      assert_warnings (warnings, NULL);
    }
}

static void
test_check_bitrate (void)
{
  g_autoptr(GPtrArray) facebook = NULL;
  g_autoptr(GPtrArray) linkedin = NULL;
  g_autoptr(GPtrArray) tiktok = NULL;
  const char *expect_facebook[] = {
    "Facebook accepts at most 6000 kb/s; this show sends 9000 kb/s", NULL
  };
  const char *expect_linkedin[] = {
    "LinkedIn accepts at most 3500 kb/s; this show sends 4500 kb/s", NULL
  };

  facebook = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("facebook"),
                                            "rtmps://live-api-s.facebook.com:443/rtmp/",
                                            1920, 1080, 30, 9000, 2);
  assert_warnings (facebook, expect_facebook);

  linkedin = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("linkedin"),
                                            NULL, 1280, 720, 30, 4500, 2);
  assert_warnings (linkedin, expect_linkedin);

  /* TikTok's bitrate is "?" in features.md: nothing to warn about. */
  tiktok = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("tiktok"),
                                          NULL, 1080, 1920, 30, 50000, 2);
  assert_warnings (tiktok, NULL);
}

static void
test_check_orientation (void)
{
  g_autoptr(GPtrArray) tiktok = NULL;
  g_autoptr(GPtrArray) instagram_square = NULL;
  g_autoptr(GPtrArray) linkedin = NULL;
  g_autoptr(GPtrArray) youtube = NULL;
  const char *expect_tiktok[] = {
    "TikTok expects a portrait (9:16) picture; this canvas is 1920×1080", NULL
  };
  const char *expect_instagram[] = {
    "Instagram expects a portrait (9:16) picture; this canvas is 1080×1080", NULL
  };
  const char *expect_linkedin[] = {
    "LinkedIn expects a landscape (16:9) picture; this canvas is 720×1280", NULL
  };

  tiktok = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("tiktok"),
                                          NULL, 1920, 1080, 30, 3000, 2);
  assert_warnings (tiktok, expect_tiktok);

  instagram_square = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("instagram"),
                                                    NULL, 1080, 1080, 30, 3000, 2);
  assert_warnings (instagram_square, expect_instagram);

  /* Wrong orientation, but within LinkedIn's size once turned: one warning. */
  linkedin = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("linkedin"),
                                            NULL, 720, 1280, 30, 3000, 2);
  assert_warnings (linkedin, expect_linkedin);

  /* YouTube takes both. */
  youtube = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("youtube"),
                                           NULL, 1080, 1920, 30, 3000, 2);
  assert_warnings (youtube, NULL);
}

static void
test_check_rtmps (void)
{
  g_autoptr(GPtrArray) instagram = NULL;
  g_autoptr(GPtrArray) kick = NULL;
  g_autoptr(GPtrArray) facebook_ok = NULL;
  g_autoptr(GPtrArray) srt = NULL;
  g_autoptr(GPtrArray) no_scheme = NULL;
  const char *expect_instagram[] = {
    "Instagram needs rtmps://, this destination uses rtmp://", NULL
  };
  const char *expect_kick[] = {
    "Kick needs rtmps://, this destination uses rtmp://", NULL
  };
  const char *expect_srt[] = {
    "Twitch needs an rtmp:// or rtmps:// address; this destination uses srt://", NULL
  };
  const char *expect_no_scheme[] = {
    "YouTube needs an rtmp:// or rtmps:// address; this destination’s address has none", NULL
  };

  instagram = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("instagram"),
                                             "rtmp://ingest.example.net/rtmp/",
                                             720, 1280, 30, 3000, 2);
  assert_warnings (instagram, expect_instagram);

  kick = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("kick"),
                                        "RTMP://fa723fc1b171.global-contribute.live-video.net/app",
                                        1280, 720, 30, 3000, 2);
  assert_warnings (kick, expect_kick);

  facebook_ok = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("facebook"),
                                               "RTMPS://live-api-s.facebook.com:443/rtmp/",
                                               1280, 720, 30, 3000, 2);
  assert_warnings (facebook_ok, NULL);

  srt = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("twitch"),
                                       "srt://relay.example:9000", 1280, 720, 30, 3000, 2);
  assert_warnings (srt, expect_srt);

  no_scheme = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("youtube"),
                                             "a.rtmp.youtube.com/live2", 1280, 720, 30, 3000, 2);
  assert_warnings (no_scheme, expect_no_scheme);
}

static void
test_check_fps (void)
{
  g_autoptr(GPtrArray) facebook = NULL;
  g_autoptr(GPtrArray) twitch = NULL;
  g_autoptr(GPtrArray) linkedin = NULL;
  const char *expect_facebook[] = {
    "Facebook accepts at most 30 fps; this show sends 60 fps", NULL
  };
  const char *expect_twitch[] = {
    "Twitch accepts at most 60 fps; this show sends 120 fps", NULL
  };

  facebook = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("facebook"),
                                            NULL, 1280, 720, 60, 3000, 2);
  assert_warnings (facebook, expect_facebook);

  twitch = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("twitch"),
                                          NULL, 1280, 720, 120, 3000, 2);
  assert_warnings (twitch, expect_twitch);

  /* Exactly at the limit is fine. */
  linkedin = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("linkedin"),
                                            NULL, 1280, 720, 30, 3500, 2);
  assert_warnings (linkedin, NULL);
}

static void
test_check_size (void)
{
  g_autoptr(GPtrArray) facebook = NULL;
  g_autoptr(GPtrArray) kick = NULL;
  g_autoptr(GPtrArray) youtube_portrait = NULL;
  g_autoptr(GPtrArray) youtube_4k = NULL;
  g_autoptr(GPtrArray) x = NULL;
  const char *expect_facebook[] = {
    "Facebook accepts at most 1920×1080; this canvas is 2560×1440", NULL
  };
  const char *expect_kick[] = {
    "Kick accepts at most 1920×1080; this canvas is 1920×1200", NULL
  };
  const char *expect_youtube_portrait[] = {
    "YouTube accepts at most 2160×3840; this canvas is 2880×5120", NULL
  };

  facebook = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("facebook"),
                                            NULL, 2560, 1440, 30, 3000, 2);
  assert_warnings (facebook, expect_facebook);

  /* Too tall for the short side even though the width fits. */
  kick = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("kick"),
                                        NULL, 1920, 1200, 30, 3000, 2);
  assert_warnings (kick, expect_kick);

  /* A portrait canvas is held to the limit turned on its side, and told so. */
  youtube_portrait = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("youtube"),
                                                    NULL, 2880, 5120, 30, 3000, 2);
  assert_warnings (youtube_portrait, expect_youtube_portrait);

  youtube_4k = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("youtube"),
                                              NULL, 3840, 2160, 60, 3000, 2);
  assert_warnings (youtube_4k, NULL);

  /* features.md gives no resolution for X. */
  x = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("x"),
                                     NULL, 7680, 4320, 30, 3000, 2);
  assert_warnings (x, NULL);
}

static void
test_check_keyframe (void)
{
  g_autoptr(GPtrArray) twitch = NULL;
  g_autoptr(GPtrArray) twitch_short = NULL;
  g_autoptr(GPtrArray) x = NULL;
  const char *expect_twitch[] = {
    "Twitch recommends a keyframe every 2 s; this show uses 4 s", NULL
  };
  const char *expect_x[] = {
    "X recommends a keyframe every 3 s; this show uses 5 s", NULL
  };

  twitch = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("twitch"),
                                          NULL, 1280, 720, 30, 3000, 4);
  assert_warnings (twitch, expect_twitch);

  /* More often than asked is fine. */
  twitch_short = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("twitch"),
                                                NULL, 1280, 720, 30, 3000, 1);
  assert_warnings (twitch_short, NULL);

  x = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("x"),
                                     NULL, 1280, 720, 30, 3000, 5);
  assert_warnings (x, expect_x);
}

/* Everything wrong at once: every warning, in a stable order. */
static void
test_check_all (void)
{
  g_autoptr(GPtrArray) warnings = NULL;
  const char *expect[] = {
    "Facebook needs rtmps://, this destination uses rtmp://",
    "Facebook expects a landscape (16:9) picture; this canvas is 1440×2560",
    "Facebook accepts at most 1080×1920; this canvas is 1440×2560",
    "Facebook accepts at most 30 fps; this show sends 60 fps",
    "Facebook accepts at most 6000 kb/s; this show sends 9000 kb/s",
    "Facebook recommends a keyframe every 2 s; this show uses 4 s",
    NULL
  };

  warnings = vitrine_platform_preset_check (vitrine_platform_preset_lookup ("facebook"),
                                            "rtmp://live-api-s.facebook.com:80/rtmp/",
                                            1440, 2560, 60, 9000, 4);
  assert_warnings (warnings, expect);
}

/* The custom server knows nothing, so it only checks the URL scheme. */
static void
test_check_custom (void)
{
  const VitrinePlatformPreset *custom = vitrine_platform_preset_lookup ("custom");
  g_autoptr(GPtrArray) anything = NULL;

  anything = vitrine_platform_preset_check (custom, "rtmp://localhost:1935/live",
                                            7680, 4320, 120, 100000, 10);
  assert_warnings (anything, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/platform-preset/table", test_table);
  g_test_add_func ("/platform-preset/server-urls", test_server_urls);
  g_test_add_func ("/platform-preset/lookup", test_lookup);
  g_test_add_func ("/platform-preset/check/fits", test_check_fits);
  g_test_add_func ("/platform-preset/check/fits-all", test_check_fits_all);
  g_test_add_func ("/platform-preset/check/bitrate", test_check_bitrate);
  g_test_add_func ("/platform-preset/check/orientation", test_check_orientation);
  g_test_add_func ("/platform-preset/check/rtmps", test_check_rtmps);
  g_test_add_func ("/platform-preset/check/fps", test_check_fps);
  g_test_add_func ("/platform-preset/check/size", test_check_size);
  g_test_add_func ("/platform-preset/check/keyframe", test_check_keyframe);
  g_test_add_func ("/platform-preset/check/all", test_check_all);
  g_test_add_func ("/platform-preset/check/custom", test_check_custom);
  return g_test_run ();
}

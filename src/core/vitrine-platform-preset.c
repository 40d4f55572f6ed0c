/* vitrine-platform-preset.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-platform-preset"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-platform-preset.h"

/* What each platform's ingest accepts, so a host hears "Facebook accepts at
 * most 6000 kb/s" before going live instead of a silent rejection after.
 *
 * Every fact comes from shared/reference/features.md §3 "Platform ingest
 * requirements" (source keys such as FB1 or OBS-SJ are the ones that table
 * cites), and "new key every stream" also from §4.5 "Platform access quirks".
 * Rules used to turn that table into numbers:
 *
 *  - A limit is filled in only where §3 states a maximum. Where it gives only a
 *    recommendation or guidance, a "?" or nothing, the limit is 0 (unknown, not
 *    checked) and the entry says why. No number here is a guess.
 *  - "1080p" is read as 1920×1080 and "2160p" as 3840×2160; sizes are in the
 *    platform's native orientation, and vitrine_platform_preset_check() compares
 *    the long and short sides, so a portrait canvas is held to the same limit
 *    turned on its side.
 *  - Limits are for one H.264 RTMP stream (what Vitrine sends), not for
 *    HEVC/AV1 or Twitch Enhanced Broadcasting multitrack.
 *  - keyframe_interval is the longest recommended interval: every platform in
 *    §3 asks for 2 s or less, except X (OBS preset 3 s).
 *  - server_url is only set where §3 prints a complete URL. Where it prints a
 *    template (Twitch's `live-<pop>`) or says the platform shows the URL next to
 *    the key (Instagram, TikTok, LinkedIn), it is NULL and the host pastes it.
 *  - orientations is what the platform shows natively (§3 "Vertical 9:16"
 *    column and its closing takeaway); 0 where §3 says nothing.
 */
static const VitrinePlatformPreset presets[] = {
  {
    .id = "youtube",
    .name = N_("YouTube"),
    /* §3 YouTube: "rtmps://a.rtmps.youtube.com:443/live2"; "RTMPS preferred,
     * RTMP legacy" (rtmp://a.rtmp.youtube.com/live2 still works). */
    .server_url = "rtmps://a.rtmps.youtube.com:443/live2",
    .rtmps_required = FALSE,
    /* §3 YouTube: "up to 2160p60". */
    .max_width = 3840,
    .max_height = 2160,
    .max_fps = 60,
    /* Unset: §3 gives min–max only for AV1/HEVC (up to 40 Mbps at 4K60) and for
     * H.264 just "recommended 12" Mbps at 1080p60 — no H.264 ceiling. */
    .max_video_bitrate = 0,
    /* §3 YouTube: "2 s (≤2 s recommended historically)". */
    .keyframe_interval = 2,
    /* §3 YouTube: "vertical live in Shorts feed (2024)", landscape+portrait. */
    .orientations = VITRINE_ORIENTATION_BOTH,
    .new_key_every_stream = FALSE,
  },
  {
    .id = "facebook",
    .name = N_("Facebook"),
    /* §3 Facebook: "rtmps://live-api-s.facebook.com:443/rtmp/"; "RTMPS only
     * (since 1 May 2019)". */
    .server_url = "rtmps://live-api-s.facebook.com:443/rtmp/",
    .rtmps_required = TRUE,
    /* §3 Facebook: "Docs: max 1080p30" (first-party, FB1/FB2; the OBS matrix
     * allowing 1080p60 is not followed). */
    .max_width = 1920,
    .max_height = 1080,
    .max_fps = 30,
    /* §3 Facebook: "OBS matrix: … 1080p30 6 … Mbps", the ceiling at the largest
     * size Facebook's docs allow; "≤4 Mbps recommended". Takeaway: "cap Facebook
     * at ~4–6 Mbps". */
    .max_video_bitrate = 6000,
    /* §3 Facebook: "must send I-frame ≥ every 2 s". */
    .keyframe_interval = 2,
    /* §3 Facebook: "Accepts non-16:9 (not native)"; takeaway: 1920×1080. */
    .orientations = VITRINE_ORIENTATION_LANDSCAPE,
    .new_key_every_stream = FALSE,
  },
  {
    .id = "instagram",
    .name = N_("Instagram"),
    /* §3 Instagram: "RTMPS URL + key shown on instagram.com → Live" — no fixed
     * URL published; transport "RTMPS (Meta infra)". */
    .server_url = NULL,
    .rtmps_required = TRUE,
    /* Unset: §3 gives 720×1280 as the spec, not as a maximum, and its takeaway
     * suggests "720×1280/1080×1920" for Instagram. */
    .max_width = 0,
    .max_height = 0,
    /* §3 Instagram: "@30 (60 accepted; preview 30)". */
    .max_fps = 60,
    /* §3 Instagram: "2,250–6,000 kbps". */
    .max_video_bitrate = 6000,
    /* §3 Instagram: "2 s†" (marked unconfirmed in features.md). */
    .keyframe_interval = 2,
    /* §3 Instagram: "9:16 recommended", 720×1280. */
    .orientations = VITRINE_ORIENTATION_PORTRAIT,
    /* §3 Instagram: "key changes every stream"; §4.5: "Instagram keys change
     * per stream". */
    .new_key_every_stream = TRUE,
  },
  {
    .id = "tiktok",
    .name = N_("TikTok"),
    /* §3 TikTok: "Server URL + key from LIVE Center Producer" — no fixed URL;
     * transport "RTMP(S)". */
    .server_url = NULL,
    .rtmps_required = FALSE,
    /* Unset: §3 only has "LIVE Studio guidance: 1080p30", not a maximum. */
    .max_width = 0,
    .max_height = 0,
    .max_fps = 0,
    /* Unset: §3 TikTok bitrate is "?". */
    .max_video_bitrate = 0,
    /* §3 TikTok: "2 s†" (marked unconfirmed in features.md). */
    .keyframe_interval = 2,
    /* §3 TikTok: "Native 9:16 (landscape also possible)". */
    .orientations = VITRINE_ORIENTATION_PORTRAIT,
    /* §3 TikTok: "key cycles after every stream"; §4.5: "keys rotate after
     * every stream". */
    .new_key_every_stream = TRUE,
  },
  {
    .id = "twitch",
    .name = N_("Twitch"),
    /* §3 Twitch prints only templates ("rtmp://live-<pop>.twitch.tv/app",
     * "<pop>.contribute.live-video.net/app") and no list of PoPs. Transport
     * "RTMP (RTMPS on IVS endpoints†)". */
    .server_url = NULL,
    .rtmps_required = FALSE,
    /* §3 Twitch: "1080p60 standard; 1440p/4K via Enhanced Broadcasting". */
    .max_width = 1920,
    .max_height = 1080,
    .max_fps = 60,
    /* §3 Twitch: "OBS preset 6,000 kbps (2026 guides cite 8,000)"; the OBS
     * services.json figure (OBS-SJ) is used, see features.md's caveats. */
    .max_video_bitrate = 6000,
    /* §3 Twitch: "2 s, strict CBR". */
    .keyframe_interval = 2,
    /* §3 Twitch: vertical only as Enhanced Broadcasting's additional canvas;
     * takeaway: 1920×1080. */
    .orientations = VITRINE_ORIENTATION_LANDSCAPE,
    .new_key_every_stream = FALSE,
  },
  {
    .id = "kick",
    .name = N_("Kick"),
    /* §3 Kick: "rtmps://fa723fc1b171.global-contribute.live-video.net/app"
     * (Amazon IVS); transport "RTMPS". */
    .server_url = "rtmps://fa723fc1b171.global-contribute.live-video.net/app",
    .rtmps_required = TRUE,
    /* §3 Kick: "≤1920×1080 (users report ingest cap)". */
    .max_width = 1920,
    .max_height = 1080,
    /* Unset: §3 Kick names no frame rate. */
    .max_fps = 0,
    /* Unset: §3 Kick bitrate is "?". */
    .max_video_bitrate = 0,
    /* §3 Kick: "2 s (IVS)". */
    .keyframe_interval = 2,
    /* §3 Kick: "≤1920×1080", "No native dual format". */
    .orientations = VITRINE_ORIENTATION_LANDSCAPE,
    .new_key_every_stream = FALSE,
  },
  {
    .id = "linkedin",
    .name = N_("LinkedIn"),
    /* §3 LinkedIn: "Live Events API / LinkedIn Live RTMP(S) URL" — no fixed
     * URL; transport "RTMP(S)". */
    .server_url = NULL,
    .rtmps_required = FALSE,
    /* §3 LinkedIn: "1280×720 recommended (1080p accepted; player max 720p),
     * 30 fps". */
    .max_width = 1920,
    .max_height = 1080,
    .max_fps = 30,
    /* §3 LinkedIn: "~3.5 Mbps"; takeaway: "cap … LinkedIn at ~3.5 Mbps". */
    .max_video_bitrate = 3500,
    /* §3 LinkedIn: "2 s". */
    .keyframe_interval = 2,
    /* §3 LinkedIn: "16:9". */
    .orientations = VITRINE_ORIENTATION_LANDSCAPE,
    .new_key_every_stream = FALSE,
  },
  {
    .id = "x",
    .name = N_("X"),
    /* §3 X: "rtmps://prod-ec-us-west-2.compose.broadcast.live-video.net:443/rtmp/"
     * (the other one, "rtmp://<region>.pscp.tv:80/x", is a template);
     * transport "RTMP/RTMPS". */
    .server_url = "rtmps://prod-ec-us-west-2.compose.broadcast.live-video.net:443/rtmp/",
    .rtmps_required = FALSE,
    /* Unset: §3 X names no resolution. */
    .max_width = 0,
    .max_height = 0,
    /* §3 X: "≤60 fps". */
    .max_fps = 60,
    /* §3 X: "≤12 Mbps (OBS)". */
    .max_video_bitrate = 12000,
    /* §3 X: "OBS preset 3 s". */
    .keyframe_interval = 3,
    /* Unset: §3 X "Vertical 9:16" is "—". */
    .orientations = 0,
    .new_key_every_stream = FALSE,
  },
  {
    /* Any other RTMP(S) server: nothing is known, so nothing is checked
     * except that the address is rtmp:// or rtmps://. */
    .id = "custom",
    .name = N_("Custom server"),
    .server_url = NULL,
    .rtmps_required = FALSE,
    .max_width = 0,
    .max_height = 0,
    .max_fps = 0,
    .max_video_bitrate = 0,
    .keyframe_interval = 0,
    .orientations = 0,
    .new_key_every_stream = FALSE,
  },
};

/**
 * vitrine_platform_preset_lookup:
 * @id: a preset id such as `youtube`
 *
 * Finds a preset by its id.
 *
 * Returns: (nullable) (transfer none): the preset, or %NULL if @id is unknown
 */
const VitrinePlatformPreset *
vitrine_platform_preset_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].id, id))
      return &presets[i];
  return NULL;
}

/**
 * vitrine_platform_preset_get_n:
 *
 * Returns: the number of presets, for vitrine_platform_preset_get()
 */
guint
vitrine_platform_preset_get_n (void)
{
  return G_N_ELEMENTS (presets);
}

/**
 * vitrine_platform_preset_get:
 * @index: a number below vitrine_platform_preset_get_n()
 *
 * Presets come in the order a platform picker shows them; the custom server
 * is last.
 *
 * Returns: (transfer none): the preset at @index
 */
const VitrinePlatformPreset *
vitrine_platform_preset_get (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (presets), NULL);

  return &presets[index];
}

/**
 * vitrine_platform_preset_check:
 * @preset: a preset
 * @url: (nullable): the destination's server URL, without the stream key
 * @width: the canvas width in pixels
 * @height: the canvas height in pixels
 * @fps: the frame rate
 * @video_bitrate: the video bitrate in kb/s
 * @keyframe_interval: the keyframe interval in seconds
 *
 * Compares a show's output with what @preset's platform accepts. Pass %NULL or
 * 0 for what is not known yet to skip that check; limits the preset does not
 * know are not checked either. The URL is never quoted back, in case a host
 * pasted the stream key into it.
 *
 * Returns: (transfer full) (element-type utf8): translated warnings a host can
 *   read, in a stable order; empty when everything fits
 */
GPtrArray *
vitrine_platform_preset_check (const VitrinePlatformPreset *preset,
                               const char                  *url,
                               guint                        width,
                               guint                        height,
                               guint                        fps,
                               guint                        video_bitrate,
                               guint                        keyframe_interval)
{
  g_autoptr(GPtrArray) warnings = NULL;
  const char *name;

  g_return_val_if_fail (preset != NULL, NULL);

  warnings = g_ptr_array_new_with_free_func (g_free);
  name = _(preset->name);

  if (url != NULL)
    {
      g_autofree char *scheme = g_uri_parse_scheme (url);

      if (scheme == NULL)
        /* Translators: %s is a platform such as “Twitch”. */
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("%s needs an rtmp:// or rtmps:// address; "
                                            "this destination’s address has none"),
                                          name));
      else if (g_ascii_strcasecmp (scheme, "rtmp") != 0 &&
               g_ascii_strcasecmp (scheme, "rtmps") != 0)
        /* Translators: first %s is a platform such as “Twitch”, second a URL
         * scheme such as “srt”. */
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("%s needs an rtmp:// or rtmps:// address; "
                                            "this destination uses %s://"),
                                          name, scheme));
      else if (preset->rtmps_required && g_ascii_strcasecmp (scheme, "rtmps") != 0)
        /* Translators: %s is a platform such as “Instagram”. */
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("%s needs rtmps://, this destination uses rtmp://"),
                                          name));
    }

  if (width > 0 && height > 0)
    {
      /* A square canvas is neither, so it fits only a platform that has no
       * preferred orientation. */
      gboolean landscape = width > height;
      gboolean portrait = height > width;

      if (preset->orientations == VITRINE_ORIENTATION_LANDSCAPE && !landscape)
        /* Translators: %s is a platform such as “LinkedIn”, then the canvas width
         * and height in pixels. */
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("%s expects a landscape (16:9) picture; "
                                            "this canvas is %u×%u"),
                                          name, width, height));
      else if (preset->orientations == VITRINE_ORIENTATION_PORTRAIT && !portrait)
        /* Translators: %s is a platform such as “TikTok”, then the canvas width
         * and height in pixels. */
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("%s expects a portrait (9:16) picture; "
                                            "this canvas is %u×%u"),
                                          name, width, height));

      /* Compare long side with long side, so a portrait canvas on a platform
       * whose limit is written as 1920×1080 is held to 1080×1920: "1080p" means
       * the short side. A wrong orientation is the warning above, not this one. */
      if (preset->max_width > 0 && preset->max_height > 0)
        {
          guint long_limit = MAX (preset->max_width, preset->max_height);
          guint short_limit = MIN (preset->max_width, preset->max_height);

          if (MAX (width, height) > long_limit || MIN (width, height) > short_limit)
            /* Translators: %s is a platform such as “Facebook”, then the largest
             * width×height it accepts, then the canvas width×height. */
            g_ptr_array_add (warnings,
                             g_strdup_printf (_("%s accepts at most %u×%u; this canvas is %u×%u"),
                                              name,
                                              portrait ? short_limit : long_limit,
                                              portrait ? long_limit : short_limit,
                                              width, height));
        }
    }

  if (fps > 0 && preset->max_fps > 0 && fps > preset->max_fps)
    /* Translators: %s is a platform such as “Facebook”, then two frame rates. */
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("%s accepts at most %u fps; this show sends %u fps"),
                                      name, preset->max_fps, fps));

  if (video_bitrate > 0 && preset->max_video_bitrate > 0 &&
      video_bitrate > preset->max_video_bitrate)
    /* Translators: %s is a platform such as “Facebook”, then two bitrates in
     * kilobits per second. */
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("%s accepts at most %u kb/s; this show sends %u kb/s"),
                                      name, preset->max_video_bitrate, video_bitrate));

  /* Keyframes more often than asked cost some quality but break nothing;
   * fewer mean a viewer waits longer and some ingests drop the stream. */
  if (keyframe_interval > 0 && preset->keyframe_interval > 0 &&
      keyframe_interval > preset->keyframe_interval)
    /* Translators: %s is a platform such as “Twitch”, then two intervals in
     * seconds. */
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("%s recommends a keyframe every %u s; "
                                        "this show uses %u s"),
                                      name, preset->keyframe_interval, keyframe_interval));

  return g_steal_pointer (&warnings);
}

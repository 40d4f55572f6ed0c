#!/usr/bin/env python3
"""Acceptance: switching scene while live changes the output.

The smpte pattern (static but for its noise block) is the main source, a magenta card with a white
border the PiP inset.  vitrine goes live on a local nginx-rtmp with the
"full" scene; 3 s after the output is live the test sends {"scene":"pip"}
on stdin.  Frames decoded from what nginx recorded 1.5 s before and 1.5 s
after the switch must differ exactly where the layout says: inside the
inset rectangle the colour goes from the pattern's to the card's, outside
it the picture stays the same.
"""

import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))

import vitrine_testlib as vt  # noqa: E402

WIDTH, HEIGHT, FPS = 640, 360, 30
CARD = (255, 0, 255)        # magenta: no smpte bar in that corner is close
CARD_TOLERANCE = 40         # per channel, after YUV 4:2:0 + H.264 + scaling
PATTERN_TOLERANCE = 24      # per channel, region mean vs videotestsrc's own
OUTSIDE_MEAN_DIFF = 3.0     # mean abs difference per channel, 0..255
OUTSIDE_BIG_FRACTION = 0.005
MARGIN = 6                  # px around the inset edge left out (codec bleed)
SWITCH_AFTER = 3.0          # s after the output is live
SAMPLE_OFFSET = 1.5         # s before / after the switch


def reference_pattern(directory):
    """videotestsrc's smpte at the canvas size, as the engine draws it: two
    consecutive frames (its bottom-right block is fresh noise every frame,
    so the pattern is static everywhere else)."""
    subprocess.run(
        ["gst-launch-1.0", "-q", "videotestsrc", "pattern=smpte",
         "num-buffers=2", "!",
         "video/x-raw,width=%d,height=%d" % (WIDTH, HEIGHT), "!",
         "videoconvert", "!", "pngenc", "snapshot=false", "!",
         "multifilesink", "location=%s" % os.path.join(directory,
                                                       "smpte-%d.png")],
        check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, timeout=30)
    return [vt.read_png_rgb(os.path.join(directory, "smpte-%d.png" % i),
                            WIDTH, HEIGHT) for i in (0, 1)]


def fmt(colour):
    return "(%.0f, %.0f, %.0f)" % tuple(colour)


def main(tap):
    vt.require_tools(tap, "nginx", "ffprobe", "ffmpeg", "gst-launch-1.0")
    with vt.TempDir("vitrine-scene-switch-") as tmp:
        card = vt.make_card_png(os.path.join(tmp, "card.png"), 320, 180,
                                fill=CARD, border=(255, 255, 255),
                                border_width=16)
        reference, reference2 = reference_pattern(tmp)
        noise = vt.changing_box(reference, reference2, WIDTH, HEIGHT)
        tap.diag("videotestsrc smpte changes from frame to frame in %r"
                 % (noise,))
        rect = vt.pip_rect(WIDTH, HEIGHT, 0.3, "bottom-right")
        # Leave the scaled white border (16 px of 320 -> ~10 px) and the
        # codec's edge bleed out of the colour measurement.
        inner = vt.shrink(rect, 16)
        pattern_there = vt.region_mean(reference, WIDTH, inner)
        tap.diag("inset rectangle %r, measured inside %r" % (rect, inner),
                 "smpte mean there %s, card %s" % (fmt(pattern_there),
                                                   fmt(CARD)))
        tap.ok(vt.colour_distance(pattern_there, CARD) > 3 * CARD_TOLERANCE,
               "the card colour is far from the pattern's in the inset "
               "rectangle (the test can tell them apart)")

        server = vt.start_rtmp_server(os.path.join(tmp, "ingest"))
        try:
            key = vt.random_key()
            show_path = vt.write_show(
                os.path.join(tmp, "show.json"),
                vt.basic_show(rtmp_url=server.url, width=WIDTH,
                              height=HEIGHT, fps=FPS, inset_path=card,
                              start_scene="full"))
            run = vt.VitrineRun(["--headless", show_path, "--duration", "10"],
                                env=vt.clean_env({vt.key_env_name("local"):
                                                  key}))
            live = run.wait_for(lambda e: e.get("event") == "output"
                                and e.get("id") == "local"
                                and e.get("state") == "live", timeout=30)
            scene = None
            if live is not None:
                time.sleep(max(0.0, live["_rx"] + SWITCH_AFTER
                               - time.monotonic()))
                run.send({"scene": "pip"})
                scene = run.wait_for(lambda e: e.get("event") == "scene"
                                     and e.get("scene") == "pip", timeout=5)
            rc = run.wait(timeout=60)
        finally:
            server.stop()

        tap.ok(live is not None, "the rtmp output goes live",
               "events: %r" % run.events[-20:], "stderr: %s"
               % run.stderr[-2000:])
        tap.ok(scene is not None and "time" in scene,
               "a scene event reports the switch to pip",
               "events: %r" % run.events[-20:])
        tap.is_equal(rc, 0, "vitrine exits 0 after --duration 10") or \
            tap.diag("stderr:", run.stderr[-3000:])
        flvs = server.recordings(key)
        tap.ok(len(flvs) == 1, "nginx recorded the stream",
               "record dir: %r" % os.listdir(server.record_dir))
        if live is None or scene is None or not flvs:
            return
        flv = flvs[0]

        # Media time of the switch in nginx's file: the file starts when
        # the output goes live, so it is the switch's time after the live
        # event on vitrine's own clock.  Sampling 1.5 s on either side
        # leaves room for connection and encoder latency.
        switch_at = scene["time"] - live["time"]
        duration = vt.media_duration(flv)
        before_at = switch_at - SAMPLE_OFFSET
        after_at = switch_at + SAMPLE_OFFSET
        tap.diag("switch %.3f s into the ingest recording (%.3f s long); "
                 "sampling at %.3f s and %.3f s"
                 % (switch_at, duration, before_at, after_at))
        tap.ok(before_at >= 0.5 and after_at <= duration - 0.5,
               "both sample times lie inside the ingest recording")

        before = vt.frame_rgb(flv, before_at, WIDTH, HEIGHT)
        after = vt.frame_rgb(flv, after_at, WIDTH, HEIGHT)
        if os.environ.get("VITRINE_KEEP_TEST_DIRS"):
            vt.frame_png(flv, before_at, os.path.join(tmp, "before.png"))
            vt.frame_png(flv, after_at, os.path.join(tmp, "after.png"))

        whole_diff, _ = vt.diff_stats(before, reference, WIDTH, HEIGHT,
                                      exclude=[noise] if noise else None)
        tap.ok(whole_diff < 8.0,
               "before the switch the frame is the smpte pattern "
               "(mean abs diff < 8 vs videotestsrc, noise block aside)",
               "mean abs diff %.2f" % whole_diff)

        before_inset = vt.region_mean(before, WIDTH, inner)
        after_inset = vt.region_mean(after, WIDTH, inner)
        tap.ok(vt.colour_distance(before_inset, pattern_there)
               <= PATTERN_TOLERANCE,
               "before: the inset rectangle shows the pattern "
               "(±%d per channel)" % PATTERN_TOLERANCE,
               "mean %s, pattern %s" % (fmt(before_inset),
                                        fmt(pattern_there)))
        tap.ok(vt.colour_distance(after_inset, CARD) <= CARD_TOLERANCE,
               "after: the inset rectangle shows the card (±%d per channel)"
               % CARD_TOLERANCE,
               "mean %s, card %s" % (fmt(after_inset), fmt(CARD)))

        # The card must sit where the layout says, to a few pixels: the
        # ring 2..7 px inside the rectangle's edge is the card's white
        # border (magenta or the dark bars there have little green) ...
        x0, y0, x1, y1 = rect
        ring = [(x0 + 2, y0 + 2, x1 - 2, y0 + 7), (x0 + 2, y1 - 7, x1 - 2, y1 - 2),
                (x0 + 2, y0 + 7, x0 + 7, y1 - 7), (x1 - 7, y0 + 7, x1 - 2, y1 - 7)]
        ring_green = min(vt.region_mean(after, WIDTH, r)[1] for r in ring)
        tap.ok(ring_green >= 170,
               "after: the card's white border lines the inset rectangle "
               "(green >= 170 on every side)",
               "lowest side mean green %.1f" % ring_green)
        # ... and everything outside the rectangle stays as it was (but for
        # the pattern's own noise block, which differs in any two frames).
        exclude = [vt.grow(rect, MARGIN, WIDTH, HEIGHT)]
        if noise:
            exclude.append(vt.grow(noise, MARGIN, WIDTH, HEIGHT))
        mean_diff, big = vt.diff_stats(before, after, WIDTH, HEIGHT,
                                       exclude=exclude)
        tap.ok(mean_diff <= OUTSIDE_MEAN_DIFF and big <= OUTSIDE_BIG_FRACTION,
               "outside the inset rectangle (+%d px) and the pattern's noise "
               "block the frames are the same (mean abs diff <= %.1f, "
               "<= %.1f %% of pixels off by > 48)"
               % (MARGIN, OUTSIDE_MEAN_DIFF, 100 * OUTSIDE_BIG_FRACTION),
               "mean abs diff %.2f, %.3f %% pixels off" % (mean_diff,
                                                            100 * big))
        quarter = (0, 0, WIDTH // 2, HEIGHT // 2)
        q_before = vt.region_mean(before, WIDTH, quarter)
        q_after = vt.region_mean(after, WIDTH, quarter)
        tap.ok(vt.colour_distance(q_before, q_after) <= 2.0,
               "the top-left quarter keeps its mean colour (±2)",
               "before %s, after %s" % (fmt(q_before), fmt(q_after)))


if __name__ == "__main__":
    vt.Tap().run(main)

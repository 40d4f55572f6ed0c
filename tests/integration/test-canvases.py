#!/usr/bin/env python3
"""Landscape and portrait destinations in one run, each with its own size,
layout and encoder.

The show has a 640x360 canvas and a 360x640 portrait canvas. Its scene puts
a magenta card in the bottom-right corner over a red picture; on the portrait
canvas the scene's own portrait layout shows the card alone, full width.
One nginx receives the landscape stream, another the portrait one, and each
canvas is also recorded. Frames decoded from what the servers received must
have the right size and show the right layout, and the program must hold
exactly one x264 encoder per canvas.
"""

import glob
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

MAGENTA = (255, 0, 255)
RED = (255, 0, 0)
BLACK = (0, 0, 0)


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-canvases-")
    wide = lib.start_rtmp_server(os.path.join(tmp, "wide"))
    tall = lib.start_rtmp_server(os.path.join(tmp, "tall"))
    try:
        # 16:9 like the inset box, so it fills it exactly; a thin border only.
        lib.make_card_png(os.path.join(tmp, "card.png"), 320, 180, fill=MAGENTA,
                          border=MAGENTA, border_width=1)
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            f.write("""{
  "name": "Two canvases",
  "canvas": {"width": 640, "height": 360, "fps": 30},
  "portrait": {"width": 360, "height": 640, "video_bitrate": 1000},
  "sources": [{"id": "red", "type": "test-pattern", "pattern": "red"},
              {"id": "card", "type": "image", "path": "card.png"},
              {"id": "tone", "type": "tone"}],
  "scenes": [{"id": "offer", "layout": "pip", "main": "red", "inset": "card",
              "corner": "bottom-right",
              "portrait": {"layout": "full", "main": "card"}}],
  "destinations": [
    {"id": "wide", "type": "rtmp", "url": "%s"},
    {"id": "tall", "type": "rtmp", "url": "%s", "canvas": "portrait"},
    {"id": "wide-rec", "type": "recording", "path": "wide.mkv"},
    {"id": "tall-rec", "type": "recording", "path": "tall.mkv", "canvas": "portrait"}
  ]
}""" % (wide.url, tall.url))
        dots = os.path.join(tmp, "dots")
        os.makedirs(dots)
        env = dict(os.environ, VITRINE_KEY_WIDE="wide-key", VITRINE_KEY_TALL="tall-key",
                   GST_DEBUG_DUMP_DOT_DIR=dots)
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "5"],
                                             env=env, timeout=60)
        tap.ok(rc == 0, "the show runs to its end", "exit code %r" % rc, stderr)
        for dest in ("wide", "tall", "wide-rec", "tall-rec"):
            states = [e["state"] for e in events
                      if e.get("event") == "output" and e.get("id") == dest]
            tap.is_equal(states, ["connecting", "live", "stopped"], "%s went live" % dest)

        files = {
            "landscape ingest": ((wide.recordings("wide-key") or [None])[0], 640, 360),
            "portrait ingest": ((tall.recordings("tall-key") or [None])[0], 360, 640),
            "landscape recording": (os.path.join(tmp, "wide.mkv"), 640, 360),
            "portrait recording": (os.path.join(tmp, "tall.mkv"), 360, 640),
        }
        for label, (path, w, h) in files.items():
            video = lib.stream_of(path, "video") if path and os.path.exists(path) else None
            tap.ok(video and video.get("width") == w and video.get("height") == h
                   and video.get("codec_name") == "h264",
                   "%s: H.264 %dx%d" % (label, w, h), video)

        for label in ("landscape ingest", "landscape recording"):
            path = files[label][0]
            if not path:
                continue
            frame = lib.frame_rgb(path, 2.5, 640, 360)
            inset = lib.shrink(lib.pip_rect(640, 360, 0.3, "bottom-right"), 4)
            tap.ok(lib.colour_distance(lib.region_mean(frame, 640, inset), MAGENTA) < 40,
                   "%s: the card sits in the bottom-right inset" % label)
            tap.ok(lib.colour_distance(lib.region_mean(frame, 640, (20, 20, 300, 200)), RED) < 40,
                   "%s: the red picture fills the rest" % label)

        for label in ("portrait ingest", "portrait recording"):
            path = files[label][0]
            if not path:
                continue
            frame = lib.frame_rgb(path, 2.5, 360, 640)
            # The 16:9 card fills the width: 360x202, centred vertically.
            card = (8, 320 - 90, 352, 320 + 90)
            tap.ok(lib.colour_distance(lib.region_mean(frame, 360, card), MAGENTA) < 40,
                   "%s: its own layout shows the card full width" % label)
            tap.ok(lib.colour_distance(lib.region_mean(frame, 360, (8, 8, 352, 200)), BLACK) < 40
                   and lib.colour_distance(lib.region_mean(frame, 360, (8, 440, 352, 632)),
                                           BLACK) < 40,
                   "%s: above and below the card it is black, no red picture" % label)

        stats = lib.events_of(events, "stats")[1:]
        tap.ok(stats and all(0 < e.get("encode_ms", 0) < 33 and e.get("cpu", 0) > 0
                             for e in stats),
               "the stats report the encode time per frame and the CPU use",
               [(e.get("encode_ms"), e.get("cpu")) for e in stats])

        program = [p for p in glob.glob(os.path.join(dots, "*.dot")) if "program" in p]
        encoders = 0
        for path in glob.glob(os.path.join(dots, "*.dot")):
            with open(path, errors="replace") as handle:
                encoders += handle.read().count("GstX264Enc")
        tap.ok(program, "the program pipeline was dumped")
        tap.is_equal(encoders, 2, "one x264 encoder per canvas, none in any destination")
    finally:
        wide.stop()
        tall.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

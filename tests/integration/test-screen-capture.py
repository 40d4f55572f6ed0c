#!/usr/bin/env python3
"""X11 screen capture (ximagesrc) under Xvfb, checked in the recording.

The test starts its own Xvfb with a white root window (-wr), so the screen's
content is known, and records a picture-in-picture scene: the screen fills
the canvas and a red test pattern sits in the corner.  Decoded frames must
be white where the screen shows and red in the inset; a capture that did
not work (black frames) or a layout that ignored the scene fails.

Then the captured X server is killed mid-show: Xlib would end the whole
process by default; the screen source must fail with a message instead and
the show run to its end with a whole recording.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

W, H = 320, 180


def free_display():
    for n in range(73, 140):
        if not (os.path.exists("/tmp/.X11-unix/X%d" % n) or
                os.path.exists("/tmp/.X%d-lock" % n)):
            return n
    raise RuntimeError("no free X display number")


def main(tap):
    if shutil.which("Xvfb") is None:
        tap.bail_out("Xvfb is not installed (Debian package xvfb)")

    tmp = tempfile.mkdtemp(prefix="vitrine-screen-")
    display = free_display()
    xvfb = subprocess.Popen(["Xvfb", ":%d" % display, "-screen", "0", "640x360x24", "-wr",
                             "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not os.path.exists("/tmp/.X11-unix/X%d" % display):
            if time.monotonic() > deadline or xvfb.poll() is not None:
                tap.bail_out("Xvfb did not start")
            time.sleep(0.05)

        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            f.write("""{
  "name": "Screen test",
  "canvas": {"width": %d, "height": %d, "fps": 30},
  "sources": [
    {"id": "screen", "type": "screen", "display": ":%d"},
    {"id": "red", "type": "test-pattern", "pattern": "red"},
    {"id": "tone", "type": "tone"}
  ],
  "scenes": [
    {"id": "pip", "layout": "pip", "main": "screen", "inset": "red", "corner": "top-left"}
  ],
  "destinations": [{"id": "rec", "type": "recording", "path": "screen.mkv"}]
}""" % (W, H, display))

        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "3"],
                                             timeout=60)
        tap.ok(rc == 0, "headless run with an X11 screen source exits 0",
               "exit code %r" % rc, stderr)

        rec = os.path.join(tmp, "screen.mkv")
        tap.ok(os.path.exists(rec), "the recording exists")
        if not os.path.exists(rec):
            return

        frame = lib.frame_rgb(rec, 1.5, W, H)
        inset = lib.pip_rect(W, H, 0.3, "top-left")
        screen_area = (W // 2, H // 2, W - 8, H - 8)
        screen_mean = lib.region_mean(frame, W, screen_area)
        inset_mean = lib.region_mean(frame, W, lib.shrink(inset, 6))

        tap.diag("screen area mean %s, inset mean %s" % (
            tuple(round(c) for c in screen_mean), tuple(round(c) for c in inset_mean)))
        tap.ok(lib.colour_distance(screen_mean, (255, 255, 255)) < 24,
               "the captured X screen (white root window) fills the canvas")
        tap.ok(lib.colour_distance(inset_mean, (255, 0, 0)) < 48,
               "the red test pattern shows in the top-left inset")

        # The X server goes away two seconds into a six-second show.
        run = lib.VitrineRun(["--headless", show, "--duration", "6"])
        live = run.wait_for(lambda e: e.get("event") == "output" and e.get("state") == "live", 15)
        time.sleep(2)
        xvfb.kill()
        xvfb.wait(5)
        failed = run.wait_for(lambda e: e.get("event") == "source" and e.get("id") == "screen", 15)
        rc = run.wait(30)
        tap.ok(live is not None and rc == 0,
               "the show outlives the X server it captures and exits 0",
               "exit code %r" % rc, run.stderr[-2000:])
        tap.ok(failed is not None and failed.get("state") == "failed" and
               "screen" in failed.get("message", ""),
               "the screen source fails with a message", failed)
        tap.diag("source event: %s" % failed)
        # The first recording is kept: this run's file has a new name.
        saved = run.wait_for(lambda e: e.get("event") == "output" and e.get("state") == "stopped",
                             1)
        rec = saved.get("location") if saved else rec
        duration = lib.media_duration(rec) if os.path.exists(rec) else 0
        tap.ok(abs(duration - 6.0) < 1.0 and lib.max_video_gap(rec) < 0.1,
               "the recording covers the whole show without a gap",
               "duration %.3f" % duration)
        frame = lib.frame_rgb(rec, 5.0, W, H)
        tap.ok(lib.colour_distance(lib.region_mean(frame, W, lib.shrink(inset, 6)),
                                   (255, 0, 0)) < 48,
               "after the loss the other source is still in the picture")
    finally:
        xvfb.terminate()
        try:
            xvfb.wait(5)
        except subprocess.TimeoutExpired:
            xvfb.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

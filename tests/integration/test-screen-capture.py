#!/usr/bin/env python3
"""X11 screen capture (ximagesrc) under Xvfb, checked in the recording.

The test starts its own Xvfb with a white root window (-wr), so the screen's
content is known, and records a picture-in-picture scene: the screen fills
the canvas and a red test pattern sits in the corner.  Decoded frames must
be white where the screen shows and red in the inset; a capture that did
not work (black frames) or a layout that ignored the scene fails.
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
    finally:
        xvfb.terminate()
        try:
            xvfb.wait(5)
        except subprocess.TimeoutExpired:
            xvfb.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

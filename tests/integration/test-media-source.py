#!/usr/bin/env python3
"""A video file as a source: played in real time, looping, with its sound.

A 2 s clip (green picture, 660 Hz tone) is shown for 7 s: frames decoded from
the recording at 1, 3, 5 and 6.5 s show the clip's green (so it looped) and
its tone is heard after the first loop. A file that is not a video fails as
a source, says so, and the show goes on to the end.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

GREEN = (0, 200, 0)


def show_json(clip):
    return """{
  "name": "Media",
  "canvas": {"width": 320, "height": 180, "fps": 30},
  "sources": [{"id": "clip", "name": "Product video", "type": "media", "path": "%s"}],
  "scenes": [{"id": "full", "main": "clip"}],
  "destinations": [{"id": "rec", "type": "recording", "path": "rec.mkv"}]
}""" % clip


def rms_db(path, start, length):
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "info", "-ss", str(start), "-t", str(length),
                          "-i", path, "-vn", "-af", "astats", "-f", "null", "-"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE).stderr.decode(errors="replace")
    levels = re.findall(r"RMS level dB: (-?[\d.]+|-inf)", out)
    return None if not levels or levels[-1] == "-inf" else float(levels[-1])


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-media-")
    try:
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y",
                        "-f", "lavfi", "-i", "color=c=0x00c800:size=320x180:rate=30",
                        "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000", "-t", "2",
                        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                        os.path.join(tmp, "clip.mp4")], check=True)
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            f.write(show_json("clip.mp4"))
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "7"], timeout=60)
        tap.ok(rc == 0, "the show runs to its end", "exit code %r" % rc, stderr)
        tap.ok(not lib.events_of(events, "source"), "the video file plays without a failure",
               lib.events_of(events, "source"))
        rec = os.path.join(tmp, "rec.mkv")
        for at in (1.0, 3.0, 5.0, 6.5):
            frame = lib.frame_rgb(rec, at, 32, 18)
            mean = lib.region_mean(frame, 32, (4, 4, 28, 14))
            tap.ok(lib.colour_distance(mean, GREEN) < 40,
                   "at %.1f s the recording shows the clip (it loops)" % at, mean)
        level = rms_db(rec, 4.5, 1.5)
        tap.ok(level is not None and level > -30,
               "the clip's sound plays on after the first loop (%s dB)" % level)

        # Not a video at all.
        with open(os.path.join(tmp, "broken.mp4"), "w") as f:
            f.write("this is not a video\n" * 100)
        with open(show, "w") as f:
            f.write(show_json("broken.mp4"))
        os.remove(rec)
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "3"], timeout=60)
        failed = lib.events_of(events, "source", id="clip", state="failed")
        tap.ok(failed and "broken.mp4" in failed[0].get("message", ""),
               "a file that is not a video fails as a source and says which",
               failed or events[-5:])
        tap.ok(rc == 0 and os.path.exists(rec) and lib.media_duration(rec) > 2.0,
               "the show goes on to its end without it", "exit code %r" % rc, stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

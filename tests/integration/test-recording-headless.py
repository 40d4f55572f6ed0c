#!/usr/bin/env python3
"""The demo show records a playable file in headless mode.

data/demo is copied into a temp dir (so relative paths resolve the same way
and nothing is written into the source tree) and run with HOME in that
temp dir: `vitrine --headless demo-show.json --duration 11`.  A recording
of at least 10 s that ffprobe reads as H.264 + AAC must exist where the
recording output's "location" says.
"""

import os
import shutil
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))

import vitrine_testlib as vt  # noqa: E402

DURATION = 11


def main(tap):
    vt.require_tools(tap, "ffprobe", "ffmpeg")
    demo_dir = os.path.join(vt.SOURCE_ROOT, "data", "demo")
    demo_show = os.path.join(demo_dir, "demo-show.json")
    if not os.path.isfile(demo_show):
        tap.ok(False, "the demo show exists", "missing: %s" % demo_show)
        return

    with vt.TempDir("vitrine-recording-") as tmp:
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        copy = os.path.join(tmp, "demo")
        shutil.copytree(demo_dir, copy)
        show = os.path.join(copy, "demo-show.json")
        started = time.time()
        env = vt.clean_env({"HOME": home,
                            "XDG_DATA_HOME": os.path.join(home, ".local",
                                                          "share"),
                            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
                            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
                            "XDG_VIDEOS_DIR": None})
        rc, events, stderr = vt.run_vitrine(
            ["--headless", show, "--duration", str(DURATION)], env=env,
            timeout=120, cwd=tmp)
        tap.is_equal(rc, 0, "the demo show runs headless for %d s and exits 0"
                     % DURATION) or tap.diag("stderr:", stderr[-3000:])
        tap.ok(events and events[-1].get("event") == "done",
               "the last stdout line is the done event",
               "last line: %r" % (events[-1] if events else None))

        recordings = [e for e in vt.events_of(events, "output", state="live")
                      if e.get("location")
                      and not e["location"].startswith(("rtmp://",
                                                        "rtmps://"))]
        tap.ok(recordings, "a recording output goes live and says where it "
               "writes", "output events: %r" % vt.events_of(events, "output"))
        if not recordings:
            return
        path = recordings[0]["location"]
        try:
            tap.ok(os.path.isabs(path), "the location is an absolute path",
                   "location: %r" % path)
            tap.ok(os.path.isfile(path), "the recording exists at %s" % path)
            if not os.path.isfile(path):
                return
            video = vt.stream_of(path, "video")
            audio = vt.stream_of(path, "audio")
            tap.ok(video is not None and video.get("codec_name") == "h264"
                   and audio is not None and audio.get("codec_name") == "aac",
                   "ffprobe reads it as H.264 + AAC",
                   "streams: %r" % [(s.get("codec_type"), s.get("codec_name"))
                                    for s in vt.streams(path)])
            duration = vt.media_duration(path, "v:0")
            fmt_duration = vt.probe_format(path).get("duration")
            tap.ok(duration >= 10.0, "the recording holds at least 10 s of "
                   "video", "video %.3f s (container says %s)"
                   % (duration, fmt_duration))
            errors = vt.decode_errors(path)
            tap.ok(errors == "", "it decodes without errors", errors[:2000])
        finally:
            # Never leave a demo recording behind outside the temp dir.
            if not os.path.abspath(path).startswith(tmp + os.sep) and \
                    os.path.isfile(path) and os.path.getmtime(path) >= started:
                tap.diag("removing %s (outside the test's temp dir)" % path)
                os.unlink(path)


if __name__ == "__main__":
    vt.Tap().run(main)

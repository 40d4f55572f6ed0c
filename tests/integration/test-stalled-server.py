#!/usr/bin/env python3
"""An ingest that stops reading (SIGSTOP) is detected and reconnected.

rtmp2sink alone takes ~26 s to notice a server that hangs; Vitrine must put
that destination into reconnecting within 10 s, keep the encoder real-time,
leave the other ingest and the recording without a gap, and be live again on
the same server once it resumes (SIGCONT).
"""

import os
import shutil
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-stall-")
    hung = lib.start_rtmp_server(os.path.join(tmp, "hung"))
    good = lib.start_rtmp_server(os.path.join(tmp, "good"))
    run = None
    try:
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            f.write("""{
  "name": "Stall",
  "canvas": {"width": 640, "height": 360, "fps": 30},
  "sources": [{"id": "snow", "type": "test-pattern", "pattern": "snow"},
              {"id": "tone", "type": "tone"}],
  "scenes": [{"id": "full", "main": "snow"}],
  "encoder": {"video_bitrate": 2500},
  "destinations": [
    {"id": "hung", "name": "Hung platform", "type": "rtmp", "url": "%s"},
    {"id": "good", "name": "Good platform", "type": "rtmp", "url": "%s"},
    {"id": "rec", "type": "recording", "path": "rec.mkv"}
  ]
}""" % (hung.url, good.url))
        env = dict(os.environ, VITRINE_KEY_HUNG="hung-key", VITRINE_KEY_GOOD="good-key")
        run = lib.VitrineRun(["--headless", show], env=env)

        def seen(dest, state, since, timeout):
            return run.wait_for(lambda e: e.get("event") == "output" and e.get("id") == dest
                                and e.get("state") == state and e["_rx"] >= since, timeout)

        for dest in ("hung", "good", "rec"):
            tap.ok(seen(dest, "live", 0, 15), "%s goes live" % dest, run.stderr)
        time.sleep(3)

        hung.sigstop()
        stopped = time.monotonic()
        detected = seen("hung", "reconnecting", stopped, 20)
        tap.ok(detected is not None and detected["_rx"] - stopped <= 10.0,
               "the hung server is detected within 10 s (%.1f s)"
               % ((detected["_rx"] - stopped) if detected else -1),
               detected and detected.get("message"))
        if detected:
            tap.diag("message: %s" % detected.get("message"))
        time.sleep(6)

        hung.sigcont()
        resumed = time.monotonic()
        back = seen("hung", "live", resumed, 30)
        tap.ok(back is not None, "it is live again after the server resumes (%.1f s)"
               % ((back["_rx"] - resumed) if back else -1))
        time.sleep(2)

        run.send({"stop": True})
        rc = run.wait(40)
        tap.ok(rc == 0, "the show ends cleanly", "exit code %r" % rc, run.stderr)

        stats = [e for e in run.events if e.get("event") == "stats"]
        fps = [e["fps"] for e in stats[2:-1]]
        tap.ok(fps and min(fps) >= 28.5, "the encoder stayed real-time (lowest fps %.1f)"
               % (min(fps) if fps else -1))
        last = {o["id"]: o for o in stats[-1]["outputs"]} if stats else {}
        for dest in ("good", "rec"):
            o = last.get(dest, {})
            tap.ok(o.get("reconnects") == 0 and o.get("dropped") == 0,
                   "%s: no reconnect, no dropped frame" % dest, o)
        files = good.recordings("good-key")
        for label, path in (("the good ingest", files[0] if files else None),
                            ("the recording", os.path.join(tmp, "rec.mkv"))):
            gap = lib.max_video_gap(path) if path else None
            tap.ok(gap is not None and gap <= 0.1,
                   "%s has no video gap above 100 ms (largest %.3f s)" % (label, gap or -1))
    finally:
        hung.sigcont()
        if run is not None and run.proc.poll() is None:
            run.wait(10)
        hung.stop()
        good.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

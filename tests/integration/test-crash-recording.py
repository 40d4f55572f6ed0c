#!/usr/bin/env python3
"""kill -9 of the studio mid-recording leaves a playable file.

The recording is Matroska, written as it goes, so a crash loses at most the
last moments: the file must decode with ffmpeg and cover the time the
recording was live up to the kill, within 2 s.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

LIVE_BEFORE_KILL = 6.0


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-crash-")
    run = None
    try:
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            f.write("""{
  "name": "Crash",
  "canvas": {"width": 640, "height": 360, "fps": 30},
  "sources": [{"id": "ball", "type": "test-pattern", "pattern": "ball"},
              {"id": "tone", "type": "tone"}],
  "scenes": [{"id": "full", "main": "ball"}],
  "destinations": [{"id": "rec", "type": "recording", "path": "crash.mkv"}]
}""")
        run = lib.VitrineRun(["--headless", show])
        live = run.wait_for(lambda e: e.get("event") == "output" and e.get("id") == "rec"
                            and e.get("state") == "live", 15)
        tap.ok(live is not None, "the recording goes live", run.stderr)
        if live is None:
            return
        time.sleep(LIVE_BEFORE_KILL)
        os.kill(run.proc.pid, signal.SIGKILL)
        killed_after = time.monotonic() - live["_rx"]
        run.wait(10)
        tap.ok(run.proc.returncode == -signal.SIGKILL, "the studio was killed with SIGKILL")

        path = os.path.join(tmp, "crash.mkv")
        tap.ok(os.path.exists(path), "the recording file is there after the crash")
        if not os.path.exists(path):
            return
        check = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null",
                                "-"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
        tap.ok(check.returncode == 0, "ffmpeg plays the file to its end",
               check.stderr.decode(errors="replace"))
        codecs = sorted(s.get("codec_name") for s in lib.streams(path))
        tap.is_equal(codecs, ["aac", "h264"], "it holds H.264 video and AAC audio")
        covered = lib.media_duration(path)
        tap.ok(covered >= killed_after - 2.0,
               "it covers the recording up to within 2 s of the kill "
               "(%.2f s of %.2f s)" % (covered, killed_after))
    finally:
        if run is not None and run.proc.poll() is None:
            run.proc.kill()
            run.wait(5)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

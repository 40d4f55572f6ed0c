#!/usr/bin/env python3
"""Recording files: MP4 after a clean stop, split files, crash leftovers repaired.

1. A clean stop of an ".mp4" recording leaves an MP4 (and no Matroska file)
   with exactly as many frames as a Matroska recording of the same run.
2. "split_seconds" writes several files, each starting on a keyframe, none
   longer than the limit, together covering the show.
3. kill -9 mid-show leaves Matroska files and their locks; the next start
   repairs them: the Matroska file gets its duration back, the one meant to
   be MP4 becomes an MP4, the locks are gone, and the host is told.
"""

import glob
import os
import shutil
import signal
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

SHOW = """{
  "name": "Files",
  "canvas": {"width": 320, "height": 180, "fps": 30},
  "sources": [{"id": "ball", "type": "test-pattern", "pattern": "ball"},
              {"id": "tone", "type": "tone"}],
  "scenes": [{"id": "full", "main": "ball"}],
  "destinations": %s
}"""


def write_show(tmp, name, destinations):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(SHOW % destinations)
    return path


def duration_field(path):
    fmt = lib.probe_format(path) or {}
    try:
        return float(fmt.get("duration"))
    except (TypeError, ValueError):
        return None


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-files-")
    try:
        # 1 and 2: one clean run.
        show = write_show(tmp, "clean.json", """[
    {"id": "mkv", "type": "recording", "path": "same.mkv"},
    {"id": "mp4", "type": "recording", "path": "same-as.mp4"},
    {"id": "parts", "type": "recording", "path": "parts.mkv", "split_seconds": 3}]""")
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "10"],
                                             timeout=60)
        tap.ok(rc == 0, "the show runs to its end", "exit code %r" % rc, stderr)

        mp4 = os.path.join(tmp, "same-as.mp4")
        mkv = os.path.join(tmp, "same.mkv")
        tap.ok(os.path.exists(mp4), "the .mp4 recording is an MP4 file after the stop")
        tap.ok(not os.path.exists(os.path.join(tmp, "same-as.mkv")),
               "its Matroska original is gone")
        if os.path.exists(mp4):
            fmt = lib.probe_format(mp4) or {}
            tap.ok("mp4" in fmt.get("format_name", ""), "ffprobe reads it as MP4", fmt)
            codecs = sorted(s.get("codec_name") for s in lib.streams(mp4))
            tap.is_equal(codecs, ["aac", "h264"], "H.264 and AAC")
            tap.is_equal(lib.count_frames(mp4), lib.count_frames(mkv),
                         "as many frames as the Matroska recording of the same run")
        stopped = lib.events_of(events, "output", id="mp4", state="stopped")
        tap.ok(stopped and stopped[-1].get("location") == mp4,
               "the destination reports the MP4 as where it saved", stopped)

        parts = sorted(glob.glob(os.path.join(tmp, "parts-*.mkv")))
        tap.ok(len(parts) >= 3, "split_seconds 3 wrote several files (%d)" % len(parts), parts)
        total = 0.0
        for path in parts:
            pkts = lib.packets(path)
            covered = lib.media_duration(path)
            total += covered
            tap.ok(pkts and pkts[0]["key"] and covered <= 3.0 + 2.0 + 0.1,
                   "%s starts on a keyframe and is short (%.2f s)"
                   % (os.path.basename(path), covered))
        tap.ok(abs(total - lib.media_duration(mkv)) < 0.5,
               "the parts together cover the show (%.2f s)" % total)
        tap.ok(not glob.glob(os.path.join(tmp, ".*.vitrine-lock")),
               "no lock file is left after a clean stop")

        # 3: a crash, then the next start.
        crash = os.path.join(tmp, "crash")
        os.makedirs(crash)
        show = write_show(crash, "crash.json", """[
    {"id": "mkv", "type": "recording", "path": "crashed.mkv"},
    {"id": "mp4", "type": "recording", "path": "wanted.mp4"}]""")
        run = lib.VitrineRun(["--headless", show])
        tap.ok(run.wait_for(lambda e: e.get("event") == "output" and e.get("id") == "mp4"
                            and e.get("state") == "live", 15), "the recordings go live")
        time.sleep(4)
        os.kill(run.proc.pid, signal.SIGKILL)
        run.wait(10)
        locks = glob.glob(os.path.join(crash, ".*.vitrine-lock"))
        tap.is_equal(len(locks), 2, "the crash left both recordings locked")
        tap.ok(duration_field(os.path.join(crash, "crashed.mkv")) is None,
               "the crashed Matroska file has no duration yet")

        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "2"], timeout=60)
        notices = [e.get("message", "") for e in lib.events_of(events, "notice")]
        tap.ok(any("crashed.mkv" in n for n in notices) and any("wanted.mp4" in n for n in notices),
               "the next start tells the host both were repaired", notices)
        repaired = duration_field(os.path.join(crash, "crashed.mkv"))
        tap.ok(repaired is not None and repaired > 3.0,
               "the Matroska file has its duration back (%s s)" % repaired)
        wanted = os.path.join(crash, "wanted.mp4")
        tap.ok(os.path.exists(wanted) and "mp4" in (lib.probe_format(wanted) or {}).get(
            "format_name", ""), "the recording meant to be MP4 is an MP4 now")
        tap.ok(not os.path.exists(os.path.join(crash, "wanted.mkv")),
               "its Matroska original is gone")
        tap.ok(not glob.glob(os.path.join(crash, ".*.vitrine-lock")), "no lock file is left")
        tap.ok(os.path.exists(os.path.join(crash, "crashed-1.mkv")),
               "the new recording did not overwrite the repaired one")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

#!/usr/bin/env python3
"""Audio controls while live: mute, fader, meters.

A tone is recorded while the host mutes it, then unmutes it at half volume
(stdin commands). The recording must hold the tone, then silence, then the
tone 6 dB quieter; the per-second stats must show the meters and controls
moving accordingly; an unknown source answers with an error event.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402


def rms_db(path, start, length):
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "info", "-ss", "%.2f" % start,
                          "-t", "%.2f" % length, "-i", path, "-vn", "-af", "astats",
                          "-f", "null", "-"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE).stderr.decode(errors="replace")
    levels = re.findall(r"RMS level dB: (-?[\d.]+|-inf)", out)
    if not levels:
        return None
    overall = levels[-1]
    return -200.0 if overall == "-inf" else float(overall)


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-audio-")
    run = None
    try:
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            f.write("""{
  "name": "Audio",
  "canvas": {"width": 320, "height": 180, "fps": 30},
  "sources": [{"id": "ball", "type": "test-pattern", "pattern": "ball"},
              {"id": "tone", "type": "tone", "frequency": 440, "volume": 0.3}],
  "scenes": [{"id": "full", "main": "ball"}],
  "destinations": [{"id": "rec", "type": "recording", "path": "audio.mkv"}]
}""")
        run = lib.VitrineRun(["--headless", show])
        live = run.wait_for(lambda e: e.get("event") == "output" and e.get("state") == "live", 15)
        tap.ok(live is not None, "the recording goes live", run.stderr)
        time.sleep(2.5)
        muted_at = time.monotonic() - live["_rx"]
        run.send({"audio": "tone", "mute": True})
        time.sleep(2.5)
        back_at = time.monotonic() - live["_rx"]
        run.send({"audio": "tone", "mute": False, "volume": 0.5})
        time.sleep(1.0)
        run.send({"audio": "mic", "mute": True})
        time.sleep(1.5)
        run.send({"stop": True})
        tap.ok(run.wait(30) == 0, "the show ends cleanly", run.stderr)

        path = os.path.join(tmp, "audio.mkv")
        before = rms_db(path, muted_at - 1.5, 1.0)
        during = rms_db(path, muted_at + 0.7, 1.0)
        after = rms_db(path, back_at + 0.7, 1.0)
        tap.diag("RMS dB: before %s, muted %s, after %s" % (before, during, after))
        tap.ok(before is not None and before > -30, "the tone is recorded (%s dB)" % before)
        tap.ok(during is not None and during < -80, "muted, the recording is silent (%s dB)"
               % during)
        tap.ok(before is not None and after is not None and abs((before - after) - 6.0) < 1.5,
               "at volume 0.5 it is 6 dB quieter (%.1f dB less)"
               % ((before - after) if before is not None and after is not None else 0))

        meters = []
        for e in lib.events_of(run.events, "stats"):
            for a in e.get("audio", []):
                if a.get("id") == "tone":
                    meters.append((e["time"], a))
        tap.ok(any(not a["muted"] and a["rms"] > -30 for _, a in meters),
               "the meter shows the tone", meters[:2])
        tap.ok(any(a["muted"] and a["rms"] <= -99 for _, a in meters),
               "the meter shows the mute", meters)
        tap.ok(any(a["volume"] == 0.5 and not a["muted"] and a["rms"] > -40 for _, a in meters),
               "the meter shows the fader at 0.5", meters[-2:])
        errors = [e for e in lib.events_of(run.events, "error") if e.get("id") == "mic"]
        tap.ok(errors and "mic" in errors[0].get("message", ""),
               "an unknown audio source answers with an error event", errors)
    finally:
        if run is not None and run.proc.poll() is None:
            run.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

#!/usr/bin/env python3
"""One destination behind a slow path; the rest of the show never notices.

The slow ingest is nginx in a network namespace of the test's own, reached
through a veth pair shaped with `tc tbf` to 800 kbit/s while the show sends
2500 kb/s. The encoder must stay real-time; the slow destination drops whole
GOPs (its dropped-frame counter rises, what reached its server still decodes
cleanly) without being disconnected; the fast ingest and the recording have
no gap and no dropped frame.
"""

import os
import shutil
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

DURATION = 20


def main(tap):
    if os.geteuid() != 0:
        tap.skip_all("network namespaces and tc need root")
    tmp = tempfile.mkdtemp(prefix="vitrine-slow-")
    fast = None
    try:
        with lib.NetworkNamespace(rate_kbit=800) as ns:
            slow = lib.start_rtmp_server(os.path.join(tmp, "slow"), host=ns.address,
                                         netns=ns.name)
            fast = lib.start_rtmp_server(os.path.join(tmp, "fast"))
            try:
                show = os.path.join(tmp, "show.json")
                with open(show, "w") as f:
                    f.write("""{
  "name": "Slow path",
  "canvas": {"width": 640, "height": 360, "fps": 30},
  "sources": [{"id": "snow", "type": "test-pattern", "pattern": "snow"},
              {"id": "tone", "type": "tone"}],
  "scenes": [{"id": "full", "main": "snow"}],
  "encoder": {"video_bitrate": 2500},
  "destinations": [
    {"id": "slow", "name": "Slow platform", "type": "rtmp", "url": "%s"},
    {"id": "fast", "name": "Fast platform", "type": "rtmp", "url": "%s"},
    {"id": "rec", "type": "recording", "path": "rec.mkv"}
  ]
}""" % (slow.url, fast.url))
                env = dict(os.environ, VITRINE_KEY_SLOW="slow-key", VITRINE_KEY_FAST="fast-key")
                started = time.monotonic()
                rc, events, stderr = lib.run_vitrine(
                    ["--headless", show, "--duration", str(DURATION)], env=env, timeout=90)
                tap.ok(rc == 0, "the show runs to its end", "exit code %r" % rc, stderr)
                tap.diag("took %.1f s" % (time.monotonic() - started))
            finally:
                slow.stop()

        stats = [e for e in events if e.get("event") == "stats"]
        fps = [e["fps"] for e in stats[2:-1]]
        tap.ok(fps and min(fps) >= 28.5,
               "the encoder stayed real-time (lowest fps %.1f)" % (min(fps) if fps else -1))
        last = {o["id"]: o for o in stats[-1]["outputs"]} if stats else {}
        tap.diag("last stats: %s" % last)
        slow_stats = last.get("slow", {})
        tap.ok(slow_stats.get("dropped", 0) > 0,
               "the slow destination's dropped-frame counter rose (%s)"
               % slow_stats.get("dropped"))
        slow_states = [e["state"] for e in events
                       if e.get("event") == "output" and e.get("id") == "slow"]
        tap.is_equal(slow_states, ["connecting", "live", "stopped"],
                     "the slow destination stayed connected")
        for dest in ("fast", "rec"):
            o = last.get(dest, {})
            tap.ok(o.get("reconnects") == 0 and o.get("dropped") == 0,
                   "%s: no reconnect, no dropped frame" % dest, o)
        files = fast.recordings("fast-key")
        for label, path in (("the fast ingest", files[0] if files else None),
                            ("the recording", os.path.join(tmp, "rec.mkv"))):
            gap = lib.max_video_gap(path) if path else None
            tap.ok(gap is not None and gap <= 0.1,
                   "%s has no video gap above 100 ms (largest %.3f s)" % (label, gap or -1))
            covered = lib.media_duration(path) if path else 0
            tap.ok(covered >= DURATION - 1.0, "%s covers the show (%.1f s)" % (label, covered))
        slow_files = slow.recordings("slow-key")
        tap.ok(slow_files, "the slow server received the stream", slow_files)
        if slow_files:
            pkts = lib.packets(slow_files[0])
            tap.ok(pkts and pkts[0]["key"], "what reached it starts on a keyframe")
            errors = lib.decode_errors(slow_files[0])
            tap.ok(errors == "", "only whole GOPs were dropped: it decodes cleanly", errors)
    finally:
        if fast is not None:
            fast.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

#!/usr/bin/env python3
"""A server that refuses the stream key: REJECTED, no retry loop, others unharmed.

One nginx-rtmp refuses every publish through on_publish answering 403 (the
way a platform refuses a wrong or expired key); a second one accepts.  The
refused destination must be `rejected` within 5 s with a message that says
the key was refused, the refusing server must see exactly one publish
attempt for the whole run, and the other destination and the recording must
stay live with no reconnect.
"""

import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

DURATION = 10


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-rejected-")
    deny = lib.start_rtmp_server(os.path.join(tmp, "deny"), deny_publish=True)
    good = lib.start_rtmp_server(os.path.join(tmp, "good"))
    try:
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            f.write("""{
  "name": "Rejected key",
  "canvas": {"width": 320, "height": 180, "fps": 30},
  "sources": [{"id": "ball", "type": "test-pattern", "pattern": "ball"},
              {"id": "tone", "type": "tone"}],
  "scenes": [{"id": "full", "main": "ball"}],
  "destinations": [
    {"id": "refusing", "name": "Refusing platform", "type": "rtmp", "url": "%s"},
    {"id": "good", "name": "Good platform", "type": "rtmp", "url": "%s"},
    {"id": "rec", "type": "recording", "path": "rec.mkv"}
  ]
}""" % (deny.url, good.url))

        env = dict(os.environ, VITRINE_KEY_REFUSING="expired-key-123",
                   VITRINE_KEY_GOOD="good-key-456")
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", str(DURATION)],
                                             env=env, timeout=60)
        tap.ok(rc == 0, "the show runs to its end (exit 0)", "exit code %r" % rc, stderr)

        rejected = lib.events_of(events, "output", id="refusing", state="rejected")
        tap.ok(len(rejected) == 1, "the refusing destination becomes rejected, once",
               [e for e in events if e.get("id") == "refusing"])
        if rejected:
            tap.ok(rejected[0]["time"] <= 5.0,
                   "rejected within 5 s (%.2f s)" % rejected[0]["time"])
            tap.ok("refused the stream key" in rejected[0].get("message", ""),
                   "the message tells the host the key was refused",
                   rejected[0].get("message"))
        retried = [e for e in events if e.get("id") == "refusing"
                   and e.get("state") in ("reconnecting",)]
        tap.ok(not retried, "no reconnect attempts after the refusal", retried)
        tap.is_equal(deny.publish_attempts(), 1,
                     "the refusing server saw exactly one publish attempt in %d s" % DURATION)

        for dest in ("good", "rec"):
            states = [e["state"] for e in events
                      if e.get("event") == "output" and e.get("id") == dest]
            tap.ok(states[:2] == ["connecting", "live"] and "reconnecting" not in states
                   and states[-1] == "stopped",
                   "%s went live once and stayed live until the end" % dest, states)
        stats = lib.events_of(events, "stats")
        last = stats[-1]["outputs"] if stats else []
        good_stats = [o for o in last if o["id"] == "good"]
        tap.ok(good_stats and good_stats[0]["reconnects"] == 0 and good_stats[0]["dropped"] == 0,
               "the good destination had no reconnect and no dropped frame", good_stats)

        flv = good.recordings("good-key-456")
        tap.ok(len(flv) == 1, "the good server recorded one stream", flv)
        if flv:
            duration = lib.media_duration(flv[0])
            tap.ok(duration is not None and duration > DURATION - 1.5,
                   "its recording covers the show (%.2f s)" % (duration or 0))
        tap.ok(not deny.recordings(), "the refusing server recorded nothing")
        tap.ok(all("expired-key-123" not in line and "good-key-456" not in line
                   for line in [stderr] + [str(e) for e in events]),
               "no key appears in the output")
    finally:
        deny.stop()
        good.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

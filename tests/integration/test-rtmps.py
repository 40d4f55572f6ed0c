#!/usr/bin/env python3
"""RTMPS through stunnel with a certificate the system does not trust.

Run 1: the destination names the server's certificate as trusted_certificate:
it goes live and nginx behind stunnel records the stream.
Run 2: the same destination without it: it fails with a message about the
certificate, does not retry in a loop, and nothing is recorded.
"""

import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402


def write_show(path, url, certificate):
    trusted = ', "trusted_certificate": "%s"' % certificate if certificate else ""
    with open(path, "w") as f:
        f.write("""{
  "name": "RTMPS",
  "canvas": {"width": 320, "height": 180, "fps": 30},
  "sources": [{"id": "ball", "type": "test-pattern", "pattern": "ball"},
              {"id": "tone", "type": "tone"}],
  "scenes": [{"id": "full", "main": "ball"}],
  "destinations": [{"id": "own", "name": "Own server", "type": "rtmp", "url": "%s"%s}]
}""" % (url, trusted))


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-rtmps-")
    server = lib.start_rtmp_server(os.path.join(tmp, "srv"), stunnel=True)
    try:
        tap.ok(server.rtmps_url.startswith("rtmps://127.0.0.1:"), "stunnel serves RTMPS",
               server.rtmps_url)

        show = os.path.join(tmp, "trusted.json")
        write_show(show, server.rtmps_url, server.ca_file)
        # The trusted certificates are kept under XDG_CACHE_HOME: not the real home.
        env = dict(os.environ, VITRINE_KEY_OWN="trusted-run",
                   XDG_CACHE_HOME=os.path.join(tmp, "cache"))
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "4"],
                                             env=env, timeout=60)
        states = [e["state"] for e in events if e.get("event") == "output"]
        tap.ok(rc == 0 and states == ["connecting", "live", "stopped"],
               "with its certificate trusted, the RTMPS destination goes live",
               states, stderr)
        flv = server.recordings("trusted-run")
        tap.ok(len(flv) == 1 and lib.media_duration(flv[0]) > 2.5,
               "nginx behind stunnel recorded the stream", flv)

        show = os.path.join(tmp, "untrusted.json")
        write_show(show, server.rtmps_url, None)
        env = dict(os.environ, VITRINE_KEY_OWN="untrusted-run",
                   XDG_CACHE_HOME=os.path.join(tmp, "cache"))
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "4"],
                                             env=env, timeout=60)
        outputs = [e for e in events if e.get("event") == "output"]
        states = [e["state"] for e in outputs]
        tap.ok(rc == 0 and "failed" in states and "live" not in states,
               "without it, the destination fails instead of going live", states, stderr)
        failed = [e for e in outputs if e["state"] == "failed"]
        message = failed[0].get("message", "") if failed else ""
        tap.ok("certificate" in message, "the message is about the certificate", message)
        tap.ok("reconnecting" not in states, "a certificate failure is not retried in a loop",
               states)
        tap.ok(not server.recordings("untrusted-run"), "nothing was recorded without trust")
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

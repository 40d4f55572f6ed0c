#!/usr/bin/env python3
"""SRT in caller mode to a local listener (ffmpeg), plain and encrypted.

ffmpeg listens on 127.0.0.1 and writes what it receives to an MPEG-TS file;
that file must hold H.264 at the canvas size and AAC, covering the show.
With "encrypted": true the passphrase comes from VITRINE_KEY_<ID> (the same
place as a stream key) and the listener requires it.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

DURATION = 5
PASSPHRASE = "correct-horse-battery-staple"


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_case(tap, tmp, label, encrypted):
    port = free_udp_port()
    received = os.path.join(tmp, label + ".ts")
    url = "srt://127.0.0.1:%d?mode=listener" % port
    if encrypted:
        url += "&passphrase=" + PASSPHRASE
    listener = subprocess.Popen(["ffmpeg", "-nostdin", "-y", "-v", "error", "-i", url,
                                 "-c", "copy", "-f", "mpegts", received],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
    try:
        show = os.path.join(tmp, label + ".json")
        with open(show, "w") as f:
            f.write("""{
  "name": "SRT",
  "canvas": {"width": 640, "height": 360, "fps": 30},
  "sources": [{"id": "ball", "type": "test-pattern", "pattern": "ball"},
              {"id": "tone", "type": "tone"}],
  "scenes": [{"id": "full", "main": "ball"}],
  "destinations": [{"id": "relay", "name": "SRT relay", "type": "srt",
                    "url": "srt://127.0.0.1:%d", "encrypted": %s}]
}""" % (port, "true" if encrypted else "false"))
        env = dict(os.environ)
        env.pop("VITRINE_KEY_RELAY", None)
        if encrypted:
            env["VITRINE_KEY_RELAY"] = PASSPHRASE
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", str(DURATION)],
                                             env=env, timeout=60)
        tap.ok(rc == 0, "%s: the show runs to its end" % label, "exit code %r" % rc, stderr)
        states = [e["state"] for e in events if e.get("event") == "output"]
        tap.is_equal(states, ["connecting", "live", "stopped"],
                     "%s: the SRT destination goes live and stops cleanly" % label)
        try:
            listener.wait(timeout=15)
        except subprocess.TimeoutExpired:
            listener.kill()
            listener.wait()
        tap.ok(os.path.exists(received) and os.path.getsize(received) > 0,
               "%s: the listener received a stream" % label,
               listener.stderr.read().decode(errors="replace"))
        if not os.path.exists(received):
            return
        video = lib.stream_of(received, "video") or {}
        audio = lib.stream_of(received, "audio") or {}
        tap.ok(video.get("codec_name") == "h264" and video.get("width") == 640
               and video.get("height") == 360, "%s: H.264 640x360 arrived" % label, video)
        tap.ok(audio.get("codec_name") == "aac", "%s: AAC arrived" % label, audio)
        covered = lib.media_duration(received)
        tap.ok(covered >= DURATION - 1.0, "%s: it covers the show (%.2f s)" % (label, covered))
        tap.ok(all(PASSPHRASE not in str(e) for e in events) and PASSPHRASE not in stderr,
               "%s: the passphrase appears nowhere in the output" % label)
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait()


def main(tap):
    if shutil.which("ffmpeg") is None:
        tap.bail_out("ffmpeg is not installed")
    tmp = tempfile.mkdtemp(prefix="vitrine-srt-")
    try:
        run_case(tap, tmp, "plain", encrypted=False)
        run_case(tap, tmp, "encrypted", encrypted=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

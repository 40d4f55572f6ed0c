#!/usr/bin/env python3
"""A destination with a QR code of its own.

Two nginx-rtmp servers receive the same landscape canvas: "yt" (platform
youtube) asks for its own QR code, "tw" (platform twitch) takes the shared
one. With a product pinned, the QR code decoded from each ingest carries its
own utm_source; the show warns that the own QR costs one more encode, and
the program holds exactly one more x264 encoder than without it.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

W, H = 1280, 720


def qr_in(path, at, png):
    lib.write_png(png, W, H, lib.frame_rgb(path, at, W, H))
    return subprocess.run(["zbarimg", "--raw", "-q", png], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
                          ).stdout.decode().strip()


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-own-qr-")
    yt = lib.start_rtmp_server(os.path.join(tmp, "yt"))
    tw = lib.start_rtmp_server(os.path.join(tmp, "tw"))
    catalog = os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "data", "demo",
                           "catalog.json")
    with open(catalog) as f:
        a1 = [p for p in json.load(f)["products"] if p["code"] == "A1"][0]
    try:
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            json.dump({
                "name": "Own QR",
                "canvas": {"width": W, "height": H, "fps": 30},
                "catalog": catalog,
                "sources": [{"id": "bars", "type": "test-pattern", "pattern": "smpte"},
                            {"id": "tone", "type": "tone"}],
                "scenes": [{"id": "full", "main": "bars"}],
                "destinations": [
                    {"id": "yt", "name": "YouTube", "type": "rtmp", "url": yt.url,
                     "platform": "youtube", "qr": "own"},
                    {"id": "tw", "name": "Twitch", "type": "rtmp", "url": tw.url,
                     "platform": "twitch"}],
            }, f)
        dots = os.path.join(tmp, "dots")
        os.makedirs(dots)
        env = dict(os.environ, VITRINE_KEY_YT="yt-key", VITRINE_KEY_TW="tw-key",
                   GST_DEBUG_DUMP_DOT_DIR=dots)
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "5",
                                              "--command", '{"pin": "A1"}'],
                                             env=env, timeout=60)
        tap.ok(rc == 0, "the show runs to its end", "exit %r" % rc, stderr)
        warnings = [e.get("message", "") for e in lib.events_of(events, "warning")]
        tap.ok(any("YouTube" in w and "one more video encode" in w for w in warnings),
               "the show says the own QR code costs one more encode", warnings)

        base = a1["checkout_url"] + "?utm_source=%s&utm_medium=live&utm_campaign=own-qr"
        for name, server, key, source in (("yt", yt, "yt-key", "youtube"),
                                          ("tw", tw, "tw-key", "twitch")):
            flv = (server.recordings(key) or [None])[0]
            got = qr_in(flv, 3.0, os.path.join(tmp, name + ".png")) if flv else None
            tap.is_equal(got, base % source,
                         "%s's ingest carries the QR code with utm_source=%s" % (name, source))

        encoders = 0
        for path in glob.glob(os.path.join(dots, "*.dot")):
            with open(path, errors="replace") as handle:
                encoders += handle.read().count("GstX264Enc")
        tap.is_equal(encoders, 2, "one encoder for the shared picture, one for the own QR")
    finally:
        yt.stop()
        tw.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

#!/usr/bin/env python3
"""Commerce on screen, checked in what the ingest servers received.

One show, a 1280x720 canvas and a 720x1280 portrait canvas, each pushed to
its own nginx-rtmp; the demo catalog. While live, over stdin:
  pin A3 → the card region of decoded ingest frames changes, and matches
  the renderer's own image of the card (export_card) laid over the unpinned
  picture, within a stated tolerance; the first frame carrying the card is
  within 10 frames of the action (buffer timestamps; the ≤ 2-frame figure is
  bench/pin-latency's);
  deal on A3 for 30 s → frames decoded at two moments match the card with
  the countdown the deal had at that moment (±1 s) and not the other one;
  stock of A3 to 0 → SOLD OUT within one frame;
  the QR code in a decoded ingest frame reads the checkout URL with its UTM
  parameters; the portrait ingest carries the card laid out for 9:16.
Frames are saved in the build directory (tests/integration/product-card-*.png).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

W, H = 1280, 720
PW, PH = 720, 1280
FPS = 30
# Match tolerance between a decoded ingest frame and the renderer's card laid
# over the unpinned picture: x264 at 4.5 Mb/s and 4:2:0 chroma blur small
# text edges, nothing more.
MEAN_TOLERANCE = 8.0       # mean absolute difference per channel (0-255)
OUTLIER_TOLERANCE = 0.03   # share of pixels off by more than 64 in a channel
PIN_FRAMES_BOUND = 10      # pin → first frame with the card, functional bound


def rgba_png(path):
    """(width, height, RGBA bytes) of a PNG, decoded by ffmpeg."""
    probe = lib.streams(path)[0]
    w, h = probe["width"], probe["height"]
    data = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "rawvideo",
                           "-pix_fmt", "rgba", "-"], check=True, stdout=subprocess.PIPE,
                          stdin=subprocess.DEVNULL).stdout
    return w, h, data


def compose(background, bg_width, card_png, x, y):
    """The card laid over a frame (straight alpha), as RGB bytes of the card's
    rectangle."""
    w, h, rgba = rgba_png(card_png)
    out = bytearray(w * h * 3)
    for row in range(h):
        for col in range(w):
            i = (row * w + col) * 4
            a = rgba[i + 3] / 255.0
            b = ((y + row) * bg_width + (x + col)) * 3
            o = (row * w + col) * 3
            for c in range(3):
                out[o + c] = int(round(rgba[i + c] * a + background[b + c] * (1 - a)))
    return bytes(out), w, h


def crop(frame, width, rect):
    x0, y0, x1, y1 = rect
    rows = [frame[(y * width + x0) * 3:(y * width + x1) * 3] for y in range(y0, y1)]
    return b"".join(rows)


def compare(a, b):
    """(mean absolute difference per channel, share of pixels off by > 64)."""
    total = 0
    outliers = 0
    n = len(a) // 3
    for i in range(0, len(a), 3):
        d0 = abs(a[i] - b[i])
        d1 = abs(a[i + 1] - b[i + 1])
        d2 = abs(a[i + 2] - b[i + 2])
        total += d0 + d1 + d2
        if max(d0, d1, d2) > 64:
            outliers += 1
    return total / (3.0 * n), outliers / float(n)


def all_frames(path, width, height):
    """Every frame, small, with its time: [(pts_time, rgb bytes)]."""
    times = sorted(p["pts_time"] for p in lib.packets(path) if p["pts_time"] is not None)
    data = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vf",
                           "scale=%d:%d" % (width, height), "-vsync", "passthrough",
                           "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                          check=True, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL).stdout
    size = width * height * 3
    frames = [data[i:i + size] for i in range(0, len(data) - size + 1, size)]
    return list(zip(times, frames))


def frame_at(path, t, width, height, save=None):
    frame = lib.frame_rgb(path, max(0.0, t), width, height)
    if save:
        lib.write_png(save, width, height, frame)
    return frame


class Live:
    """The running studio and what it said."""

    def __init__(self, run):
        self.run = run
        self.seen = 0

    def next(self, predicate, timeout=10):
        """The first event after the last one returned that matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            events = self.run.events
            while self.seen < len(events):
                event = events[self.seen]
                self.seen += 1
                if predicate(event):
                    return event
            time.sleep(0.02)
        return None

    def command(self, obj, answer=None, timeout=10):
        self.run.send(obj)
        return self.next(answer, timeout) if answer else None


def is_card(canvas):
    return lambda e: (e.get("event") == "graphics" and e.get("kind") == "card" and
                      e.get("canvas") == canvas)


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-card-")
    out_dir = os.path.join(os.environ.get("VITRINE_BUILD_ROOT", tmp), "tests", "integration")
    os.makedirs(out_dir, exist_ok=True)
    wide = lib.start_rtmp_server(os.path.join(tmp, "wide"))
    tall = lib.start_rtmp_server(os.path.join(tmp, "tall"))
    catalog = os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "data", "demo",
                           "catalog.json")
    with open(catalog) as f:
        a3 = [p for p in json.load(f)["products"] if p["code"] == "A3"][0]
    run = None
    try:
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            json.dump({
                "name": "Card test",
                "canvas": {"width": W, "height": H, "fps": FPS},
                "portrait": {"width": PW, "height": PH},
                "catalog": catalog,
                "overlays": {"locale": "de_DE"},
                "sources": [{"id": "bars", "type": "test-pattern", "pattern": "smpte"},
                            {"id": "tone", "type": "tone"}],
                "scenes": [{"id": "full", "main": "bars"}],
                "destinations": [
                    {"id": "wide", "type": "rtmp", "url": wide.url, "platform": "twitch"},
                    {"id": "tall", "type": "rtmp", "url": tall.url, "platform": "twitch",
                     "canvas": "portrait"}],
            }, f)
        env = dict(os.environ, VITRINE_KEY_WIDE="wide-key", VITRINE_KEY_TALL="tall-key")
        run = lib.VitrineRun(["--headless", show, "--duration", "16"], env=env)
        live = Live(run)

        for dest in ("wide", "tall"):
            tap.ok(live.next(lambda e, d=dest: e.get("event") == "output" and
                             e.get("id") == d and e.get("state") == "live", 20),
                   "%s is live" % dest)
        time.sleep(2.0)

        # Pin.
        pin = live.command({"pin": "A3"}, is_card("landscape"))
        # A card drawn on the next frames, not on a later redraw: within
        # a third of a second even on a machine busy with other tests. The
        # figure itself (target ≤ 2 frames) is measured by bench/pin-latency,
        # not asserted on a shared CI machine.
        tap.ok(pin is not None and pin.get("delay_frames") is not None and
               pin["delay_frames"] <= PIN_FRAMES_BOUND,
               "the card is on air within %d frames of the pin" % PIN_FRAMES_BOUND,
               "graphics event: %s" % pin)
        tap.diag("pin → card: %s frame(s) (buffer timestamps)" % (pin or {}).get("delay_frames"))
        time.sleep(0.5)
        ref = os.path.join(tmp, "card.png")
        card = live.command({"export_card": ref}, lambda e: e.get("event") == "card")
        refp = os.path.join(tmp, "card-portrait.png")
        cardp = live.command({"export_card": refp, "canvas": "portrait"},
                             lambda e: e.get("event") == "card")
        time.sleep(1.0)

        # Deal: 30 s at 19,90 €.
        live.command({"deal": {"product": "A3", "price": 1990, "seconds": 30}})
        deal_shown = live.next(is_card("landscape"))
        ticks = {}
        exports = {}
        for wanted in (29, 26):
            tick = live.next(lambda e, w=wanted: e.get("event") == "deal" and
                             e.get("remaining") == w, 8)
            shown = live.next(is_card("landscape"), 3)
            path = os.path.join(tmp, "deal-%d.png" % wanted)
            exported = live.command({"export_card": path}, lambda e: e.get("event") == "card")
            ticks[wanted] = (tick, shown)
            exports[wanted] = (path, exported)

        # Sold out, once 26 has had its whole second on screen.
        live.next(lambda e: e.get("event") == "deal" and e.get("remaining") == 25, 3)
        time.sleep(0.3)
        mark = live.seen
        live.command({"stock": {"product": "A3", "stock": 0}})
        sold = live.next(is_card("landscape"), 5)
        ended = [e for e in run.events[mark:]
                 if e.get("event") == "deal" and e.get("remaining") == -1]
        sold_png = os.path.join(tmp, "sold.png")
        sold_card = live.command({"export_card": sold_png}, lambda e: e.get("event") == "card")
        tap.ok(sold is not None and sold.get("delay_frames") is not None and
               sold["delay_frames"] <= 1,
               "the card turns SOLD OUT within one frame of the stock reaching 0", sold)
        time.sleep(0.5)
        ended = ended or [e for e in run.events[mark:]
                          if e.get("event") == "deal" and e.get("remaining") == -1]
        tap.ok(ended, "the deal ends by itself when the stock is gone",
               [e for e in run.events[mark:] if e.get("event") != "stats"])

        rc = run.wait(40)
        tap.ok(rc == 0, "the show runs to its end", "exit %r" % rc, run.stderr[-2000:])
        flv = (wide.recordings("wide-key") or [None])[0]
        flv_tall = (tall.recordings("tall-key") or [None])[0]
        tap.ok(flv and flv_tall, "both servers recorded the stream")
        if not (flv and flv_tall and card and pin):
            return

        # Where the card first appears in the ingest: maps running time to
        # the stream's own time (one frame of accuracy).
        x, y, cw, ch = card["x"], card["y"], card["width"], card["height"]
        small = all_frames(flv, 160, 90)
        sx0, sy0, sx1, sy1 = x // 8 + 2, y // 8 + 2, (x + cw) // 8 - 2, (y + ch) // 8 - 2
        # The reference is a second in, well before the pin (the very first
        # frames may still be the compositor's black background).
        start = min(range(len(small)), key=lambda i: abs(small[i][0] - 1.0))
        base = crop(small[start][1], 160, (sx0, sy0, sx1, sy1))
        first = next((t for t, f in small[start:]
                      if compare(crop(f, 160, (sx0, sy0, sx1, sy1)), base)[0] > 20), None)
        tap.ok(first is not None, "the card appears in the ingest stream",
               "first frame with it at %r s" % first)
        if first is None:
            return
        offset = pin["pts"] - first
        tap.diag("card first in the ingest at %.3f s (running time %.3f s)" % (first, pin["pts"]))

        # 1. The card region, before and after, and against the renderer.
        before = frame_at(flv, first - 1.0, W, H, os.path.join(out_dir, "product-card-unpinned.png"))
        pinned = frame_at(flv, first + 1.0, W, H, os.path.join(out_dir, "product-card-pinned.png"))
        rect = (x, y, x + cw, y + ch)
        changed = compare(crop(before, W, rect), crop(pinned, W, rect))[0]
        outside = compare(crop(before, W, (0, 0, W, y - 8)), crop(pinned, W, (0, 0, W, y - 8)))[0]
        tap.ok(changed > 30 and outside < 3,
               "the card region changes when pinned, the rest of the picture does not",
               "mean difference: card region %.1f, above it %.1f" % (changed, outside))
        expected, _, _ = compose(before, W, ref, x, y)
        mean, outliers = compare(crop(pinned, W, rect), expected)
        tap.ok(mean <= MEAN_TOLERANCE and outliers <= OUTLIER_TOLERANCE,
               "the ingest's card matches the renderer's image of it (mean ≤ %.0f, outliers ≤ "
               "%.0f %%)" % (MEAN_TOLERANCE, OUTLIER_TOLERANCE * 100),
               "mean %.2f, outliers %.2f %%" % (mean, outliers * 100))
        tap.diag("card vs reference: mean abs diff %.2f, %.2f %% pixels off by > 64"
                 % (mean, outliers * 100))

        # 4. The QR code.
        qr = subprocess.run(["zbarimg", "--raw", "-q", os.path.join(out_dir,
                                                                    "product-card-pinned.png")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL).stdout.decode().strip()
        url = a3["checkout_url"] + "?utm_source=twitch&utm_medium=live&utm_campaign=card-test"
        tap.is_equal(qr, url, "the QR code in the ingest frame reads the checkout URL with UTM")

        # 3. The countdown at two moments.
        deal_start = deal_shown["pts"] - offset if deal_shown else None
        for wanted in (29, 26):
            tick, shown = ticks[wanted]
            if not (tick and shown and deal_start is not None):
                tap.ok(False, "countdown %d was shown" % wanted, tick, shown)
                continue
            # The middle of the second that showed this value (the next
            # value comes a second after it first appeared).
            t = shown["pts"] + 0.5 - offset
            frame = frame_at(flv, t, W, H, os.path.join(out_dir,
                                                        "product-card-deal-%d.png" % wanted))
            path, box = exports[wanted]
            other, _ = exports[26 if wanted == 29 else 29]
            drect = (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])
            same, _ = compare(crop(frame, W, drect),
                              compose(before, W, path, box["x"], box["y"])[0])
            diff, _ = compare(crop(frame, W, drect),
                              compose(before, W, other, box["x"], box["y"])[0])
            true_left = 30 - (t - deal_start)
            tap.ok(same <= MEAN_TOLERANCE and same < diff and abs(true_left - wanted) <= 1.0,
                   "at %.1f s into the deal the frame shows %d s left (±1 s)"
                   % (t - deal_start, wanted),
                   "match %.2f vs other countdown %.2f; deal clock says %.2f s left"
                   % (same, diff, true_left))

        # SOLD OUT in the picture.
        if sold and sold_card:
            frame = frame_at(flv, sold["pts"] - offset + 0.5, W, H,
                             os.path.join(out_dir, "product-card-sold-out.png"))
            srect = (sold_card["x"], sold_card["y"], sold_card["x"] + sold_card["width"],
                     sold_card["y"] + sold_card["height"])
            mean, _ = compare(crop(frame, W, srect),
                              compose(before, W, sold_png, sold_card["x"], sold_card["y"])[0])
            tap.ok(mean <= MEAN_TOLERANCE, "the ingest shows the SOLD OUT card",
                   "mean %.2f" % mean)

        # 5. Portrait: the same card laid out for 9:16.
        if cardp:
            px, py, pw, ph = cardp["x"], cardp["y"], cardp["width"], cardp["height"]
            tall_first = first  # both canvases pin on the same action
            tall_before = frame_at(flv_tall, tall_first - 1.0, PW, PH)
            tall_pinned = frame_at(flv_tall, tall_first + 1.0, PW, PH,
                                   os.path.join(out_dir, "product-card-portrait.png"))
            prect = (px, py, px + pw, py + ph)
            mean, outliers = compare(crop(tall_pinned, PW, prect),
                                     compose(tall_before, PW, refp, px, py)[0])
            tap.ok(pw > PW * 0.85 and py > PH / 2 and mean <= MEAN_TOLERANCE and
                   outliers <= OUTLIER_TOLERANCE,
                   "the portrait ingest carries the card laid out for 9:16 (full width, low)",
                   "card %dx%d at (%d, %d); mean %.2f, outliers %.2f %%"
                   % (pw, ph, px, py, mean, outliers * 100))
    finally:
        if run is not None and run.proc.poll() is None:
            run.kill()
        wide.stop()
        tall.stop()
        if not os.environ.get("VITRINE_KEEP_TEST_DIRS"):
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

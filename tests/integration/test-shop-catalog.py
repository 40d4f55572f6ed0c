#!/usr/bin/env python3
"""A show whose products come from the shop: Shopify's Admin GraphQL API.

A local HTTP server speaks the Admin GraphQL products query (two pages, the
fixtures of tests/feed/data/, one product with a bad price) and checks the
access token header. `vitrine --headless` with "catalog": {"shopify":
{"url": …, "secret": "shop"}} reads the products before the show starts:
the product tagged code:S1 can be pinned and its card shows the shop's
price; the bad product is a warning naming it; the token is in no output.
With the shop down, the show says so and runs anyway.
"""

import json
import os
import shutil
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.dont_write_bytecode = True  # keep the source tree clean
ROOT = os.environ.get("VITRINE_SOURCE_ROOT", ".")
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

TOKEN = "shpat_" + lib.random_key("tok")
DATA = os.path.join(ROOT, "tests", "feed", "data")


class Shop(BaseHTTPRequestHandler):
    requests = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        Shop.requests.append((self.path, self.headers.get("X-Shopify-Access-Token"), body))
        if self.headers.get("X-Shopify-Access-Token") != TOKEN:
            self.send_response(401)
            self.end_headers()
            self.wfile.write(b'{"errors":"[API] Invalid API key or access token"}')
            return
        after = (body.get("variables") or {}).get("after")
        page = "shopify-products-2.json" if after else "shopify-products-1.json"
        with open(os.path.join(DATA, page), "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def show_file(tmp, url):
    path = os.path.join(tmp, "show-%d.json" % len(os.listdir(tmp)))
    with open(path, "w") as f:
        json.dump({
            "name": "Shop test",
            "canvas": {"width": 640, "height": 360, "fps": 30},
            "catalog": {"shopify": {"url": url, "secret": "shop"}},
            "sources": [{"id": "bars", "type": "test-pattern", "pattern": "smpte"}],
            "scenes": [{"id": "full", "main": "bars"}],
            "destinations": [{"id": "rec", "type": "recording", "path": "rec.mkv"}],
        }, f)
    return path


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-shop-")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Shop)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d" % server.server_address[1]
    try:
        env = dict(os.environ, VITRINE_KEY_SHOP=TOKEN, G_MESSAGES_DEBUG="all")
        card = os.path.join(tmp, "card.png")
        rc, events, stderr = lib.run_vitrine(
            ["--headless", show_file(tmp, url), "--duration", "2",
             "--command", '{"pin": "S1"}', "--command", '{"export_card": "%s"}' % card],
            env=env, timeout=60, cwd=tmp)
        tap.ok(rc == 0, "the show with a shop catalog runs", "exit %r" % rc, stderr[-2000:])
        tap.ok(len(Shop.requests) == 2 and all(r[1] == TOKEN for r in Shop.requests),
               "both pages were read, each with the access token header",
               [(r[0], r[1] == TOKEN) for r in Shop.requests])
        pinned = lib.first_event(events, "pinned")
        tap.ok(pinned is not None and pinned.get("title") == "Silk scarf",
               "the shop's product tagged code:S1 is pinned", pinned)
        tap.ok(lib.first_event(events, "card") is not None and os.path.exists(card),
               "its card is drawn")
        warnings = [e.get("message", "") for e in lib.events_of(events, "warning", source="shop")]
        tap.ok(any("Float price" in w for w in warnings),
               "the product with a bad price is named in a warning", warnings)
        output = "\n".join(lib.non_json_lines(events)) + json.dumps(events) + stderr
        tap.ok(TOKEN not in output, "the token is in no output line (G_MESSAGES_DEBUG=all)")

        # The shop is down: the show says so and runs.
        server.shutdown()
        server.server_close()
        rc, events, stderr = lib.run_vitrine(["--headless", show_file(tmp, url), "--duration", "2"],
                                             env=env, timeout=90, cwd=tmp)
        warnings = [e.get("message", "") for e in lib.events_of(events, "warning", source="shop")]
        tap.ok(rc == 0 and any("cannot be read" in w for w in warnings),
               "with the shop down the show warns and runs", "exit %r" % rc, warnings,
               stderr[-1000:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

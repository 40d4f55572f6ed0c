#!/usr/bin/env python3
"""Shop orders across a crash of the studio, through the real binary.

A local server speaks Shopify's Admin GraphQL `orders` query (filtered by
`updated_at:>=`, as the documented API is). `vitrine --headless` runs a show
with a `shopify-orders` feed, the demo catalog and a journal file:
  run 1: two orders placed during the show (one id above 2^53) arrive as
  `order` events, take stock (A3: 3 → 2) and are journaled; then kill -9;
  while the studio is down: two more orders;
  run 2, same journal: polling resumes from the journal's cursor (its first
  query asks from before the crash, not from its own start): exactly the two
  new orders arrive — no duplicate, no gap —, stock continues from the
  journal (A3: 2 → 1, not 3 → 2), and the summary at the end counts four
  orders, each once, with the right revenue.
"""

import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.environ.get("VITRINE_SOURCE_ROOT", "."), "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402

ROOT = os.environ.get("VITRINE_SOURCE_ROOT", ".")
TOKEN = "shpat_test_resume_token"
BIG_ID = "9007199254740993"  # 2^53 + 1: a double would make it ...992


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Shop:
    """The orders the shop has, and what Vitrine asked for."""

    def __init__(self):
        self.lock = threading.Lock()
        self.orders = []
        self.queries = []

    def add(self, number, sku, title, price, quantity, customer):
        now = time.time()
        with self.lock:
            self.orders.append({
                "id": "gid://shopify/Order/%s" % number, "name": "#%s" % number[-4:],
                "createdAt": iso(now), "updatedAt": iso(now), "cancelledAt": None,
                "test": False, "displayFinancialStatus": "PAID", "currencyCode": "EUR",
                "totalPriceSet": {"shopMoney": {"amount": "%.2f" % (price * quantity),
                                                "currencyCode": "EUR"}},
                "customer": {"firstName": customer, "lastName": "", "displayName": customer},
                "lineItems": {"edges": [{"node": {
                    "id": "gid://shopify/LineItem/%s1" % number, "title": title, "sku": sku,
                    "quantity": quantity, "variant": {"id": "gid://shopify/ProductVariant/1",
                                                      "sku": sku},
                    "product": {"id": "gid://shopify/Product/1"},
                    "originalUnitPriceSet": {"shopMoney": {"amount": "%.2f" % price,
                                                           "currencyCode": "EUR"}}}}],
                    "pageInfo": {"hasNextPage": False}},
            })

    def answer(self, body):
        variables = body.get("variables") or {}
        query = variables.get("q", "")
        with self.lock:
            self.queries.append((time.time(), query))
            floor = re.search(r"updated_at:>=\s*'?([0-9T:\-]+Z?)", query)
            since = floor.group(1) if floor else ""
            if since and not since.endswith("Z"):
                since += "Z"
            chosen = [o for o in self.orders if not since or o["updatedAt"] >= since]
        chosen.sort(key=lambda o: o["updatedAt"])
        edges = [{"cursor": "c%d" % i, "node": o} for i, o in enumerate(chosen)]
        return {"data": {"orders": {"edges": edges, "pageInfo": {
            "hasNextPage": False, "endCursor": edges[-1]["cursor"] if edges else None}}},
            "extensions": {"cost": {"requestedQueryCost": 10, "actualQueryCost": 5,
                                    "throttleStatus": {"maximumAvailable": 1000.0,
                                                       "currentlyAvailable": 990.0,
                                                       "restoreRate": 50.0}}}}


def start_shop(shop):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.headers.get("X-Shopify-Access-Token") != TOKEN:
                data = b'{"errors":"[API] Invalid API key or access token"}'
                self.send_response(401)
            else:
                data = json.dumps(shop.answer(body)).encode()
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def orders_of(run):
    return [e for e in run.events if e.get("event") == "order"]


def stock_of(run, code):
    values = [e["stock"] for e in run.events if e.get("event") == "stock" and
              e.get("product") == code]
    return values[-1] if values else None


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-resume-")
    shop = Shop()
    server = start_shop(shop)
    run = None
    try:
        show = os.path.join(tmp, "show.json")
        with open(show, "w") as f:
            json.dump({
                "name": "Resume test",
                "canvas": {"width": 320, "height": 180, "fps": 30},
                "catalog": os.path.join(ROOT, "data", "demo", "catalog.json"),
                "feeds": [{"id": "shop", "type": "shopify-orders", "secret": "shop",
                           "url": "http://127.0.0.1:%d" % server.server_address[1]}],
                "sources": [{"id": "bars", "type": "test-pattern", "pattern": "smpte"}],
                "scenes": [{"id": "full", "main": "bars"}],
                "destinations": [{"id": "rec", "type": "recording", "path": "rec.mkv"}],
            }, f)
        journal = os.path.join(tmp, "show.sqlite")
        env = dict(os.environ, VITRINE_KEY_SHOP=TOKEN)
        args = ["--headless", show, "--journal", journal]

        # Run 1: two orders during the show, then a crash.
        run = lib.VitrineRun(args + ["--duration", "60"], env=env, cwd=tmp)
        tap.ok(run.wait_for(lambda e: e.get("event") == "feed_source" and e.get("id") == "shop"
                            and e.get("state") == "live", 20), "the shop feed is live")
        tap.ok(run.wait_for(lambda e: e.get("event") == "journal", 10) and
               os.path.exists(journal), "the journal is opened where --journal says")
        time.sleep(1.2)
        shop.add(BIG_ID, "SCARF-RIV", "Silk scarf", 39.90, 1, "Anna")
        shop.add("5012345678111", "SERUM-VC30", "Vitamin C serum", 24.90, 1, "Ben")
        got = run.wait_for(lambda e: len(orders_of(run)) >= 2, 20)
        first = orders_of(run)
        tap.ok(got and sorted(o["id"] for o in first) ==
               sorted(["gid://shopify/Order/" + BIG_ID, "gid://shopify/Order/5012345678111"]),
               "run 1: both orders arrive, the id above 2^53 exact", first)
        tap.ok(stock_of(run, "A3") == 2, "run 1: the serum's stock goes 3 → 2",
               stock_of(run, "A3"))
        alerts = sorted(o.get("alert", "") for o in first)
        tap.ok(alerts == ["Anna just bought Silk scarf “Riviera”",
                          "Ben just bought Vitamin C serum 30 ml"],
               "each order puts an alert with the catalog's product name on screen", alerts)
        time.sleep(2.5)  # the journal writes at least every second
        os.killpg(run.proc.pid, signal.SIGKILL)
        run.proc.wait()
        crash = time.time()

        # While the studio is down.
        time.sleep(1.5)
        shop.add("5012345678222", "SERUM-VC30", "Vitamin C serum", 24.90, 1, "Chloé")
        shop.add("5012345678333", "TOTE-TAN", "Leather tote", 129.00, 1, "Dario")
        time.sleep(1.0)

        # Run 2: resumes from the journal's cursor.
        n_queries = len(shop.queries)
        run = lib.VitrineRun(args + ["--duration", "14"], env=env, cwd=tmp)
        got = run.wait_for(lambda e: len(orders_of(run)) >= 2, 20)
        time.sleep(6.0)  # one more poll: nothing old may come back
        second = orders_of(run)
        ids = [o["id"] for o in second]
        tap.ok(got and sorted(ids) == ["gid://shopify/Order/5012345678222",
                                       "gid://shopify/Order/5012345678333"],
               "run 2: exactly the orders placed while the studio was down (no duplicate, "
               "no gap)", ids)
        with shop.lock:
            resumed = [q for t, q in shop.queries[n_queries:]]
        floor = re.search(r"updated_at:>=\s*'?([0-9T:\-]+)", resumed[0] if resumed else "")
        tap.ok(floor and floor.group(1) <= iso(crash)[:19],
               "run 2's first query asks from the journal's cursor, from before the crash",
               resumed[:1], iso(crash))
        tap.ok(stock_of(run, "A3") == 1,
               "run 2: stock continues from the journal (serum 2 → 1, not 3 → 2)",
               [e for e in run.events if e.get("event") == "stock"])
        rc = run.wait(40)
        tap.ok(rc == 0, "run 2 ends cleanly", rc, run.stderr[-1500:])
        summary = [e for e in run.events if e.get("event") == "summary"]
        s = summary[-1]["summary"] if summary else {}
        tap.ok(s.get("orders") == 4 and s.get("order_totals") ==
               [{"currency": "EUR", "amount": 3990 + 2490 + 2490 + 12900, "orders": 4}],
               "the summary counts four orders, each once, 218.70 EUR", s.get("orders"),
               s.get("order_totals"))
        units = {p["product"]: p["units"] for p in s.get("products", [])}
        tap.ok(units == {"A1": 1, "A3": 2, "A7": 1}, "units per product", units)
    finally:
        if run is not None:
            run.kill()
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

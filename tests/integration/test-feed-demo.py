#!/usr/bin/env python3
"""The show's feed, headless: a scripted demo connector through the real
binary. `vitrine --headless` with "feeds": [{"type": "demo", …}] reads the
bundled script at 30× speed: the connector goes live, chat from several
platforms arrives as `feed` lines with authors and texts intact (RTL, CJK,
emoji), Super Chats carry exact amounts, orders and memberships arrive,
comments like "SOLD A1 M" or "ＳＯＬＤ Ａ７" become claims against the demo
catalog, a deletion and a ban are announced, markup stays literal text and
a bidi override is gone. A feed with a mistake is a clear error, and the
show still runs.
"""

import json
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
ROOT = os.environ.get("VITRINE_SOURCE_ROOT", ".")
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
import vitrine_testlib as lib  # noqa: E402


def show(tmp, feeds, **extra):
    path = os.path.join(tmp, "show-%d.json" % len(os.listdir(tmp)))
    with open(path, "w") as f:
        json.dump(dict(extra, **{
            "name": "Feed demo",
            "canvas": {"width": 320, "height": 180, "fps": 30},
            "catalog": os.path.join(ROOT, "data", "demo", "catalog.json"),
            "feeds": feeds,
            "sources": [{"id": "bars", "type": "test-pattern", "pattern": "smpte"}],
            "scenes": [{"id": "full", "main": "bars"}],
            "destinations": [{"id": "rec", "type": "recording", "path": "rec.mkv"}],
        }), f)
    return path


def main(tap):
    tmp = tempfile.mkdtemp(prefix="vitrine-feed-")
    try:
        script = os.path.join(ROOT, "data", "demo", "feed-script.json")
        rc, events, stderr = lib.run_vitrine(
            ["--headless", show(tmp, [{"id": "demo", "type": "demo", "script": script,
                                       "speed": 30}]), "--duration", "6"],
            timeout=60, cwd=tmp)
        tap.ok(rc == 0, "the show with a demo feed runs", "exit %r" % rc, stderr[-2000:])
        states = [e["state"] for e in lib.events_of(events, "feed_source", id="demo")]
        tap.ok(states[:2] == ["connecting", "live"], "the connector goes live", states)
        items = lib.events_of(events, "feed")
        kinds = {e["kind"] for e in items}
        tap.ok(len(items) >= 40 and {"chat", "paid", "membership", "order", "claim"} <= kinds,
               "chat, paid messages, memberships, orders and claims arrive",
               "%d items, kinds %s" % (len(items), sorted(kinds)))
        tap.ok({"youtube", "twitch", "facebook"} <= {e["platform"] for e in items},
               "from several platforms")
        authors = {e["author"] for e in items}
        tap.ok({"ليلى ✨", "陈静", "יעל כהן"} <= authors, "RTL and CJK names intact",
               sorted(authors))
        paid = {(e.get("amount"), e.get("currency")) for e in items if e["kind"] == "paid"}
        tap.ok(("10.00", "EUR") in paid or ("10.00", "USD") in paid, "a Super Chat's exact amount",
               paid)
        tap.ok(("500", "JPY") in paid, "a zero-decimal currency stays exact (500 JPY)", paid)
        claims = {(e["text"], e["detail"]) for e in items if e["kind"] == "claim"}
        tap.ok(("SOLD A2 L", "A2 × 1 (L)") in claims and
               ("ＳＯＬＤ Ａ７", "A7 × 1") in claims and ("我要 A5", "A5 × 1") in claims,
               "comments become claims after NFKC and case folding, with variants", claims)
        texts = [e["text"] for e in items]
        tap.ok(any("<b>FREE iPhone</b>" in t for t in texts),
               "markup stays literal text (never interpreted)")
        tap.ok(not any("\u202e" in t or "\u202e" in e["author"] for t, e in zip(texts, items)),
               "no bidi override survives")
        tap.ok(lib.events_of(events, "feed_retract") and lib.events_of(events, "feed_ban"),
               "a deletion and a ban are announced")

        # Blocked words: the spam is hidden (and says why), a blocked claim
        # makes no claim, everything else is as before.
        rc, events, stderr = lib.run_vitrine(
            ["--headless", show(tmp, [{"id": "demo", "type": "demo", "script": script,
                                       "speed": 30}],
                                moderation={"blocked_words": ["iphone", "quiero"],
                                            "action": "hide"}), "--duration", "6"],
            timeout=60, cwd=tmp)
        items = lib.events_of(events, "feed")
        hidden = [(e["author"], e.get("blocked_word")) for e in items
                  if e.get("visibility") == "hidden"]
        tap.ok(rc == 0 and ("FreeGiftz_bot", "iphone") in hidden and
               any(a == "Ana P." and w == "quiero" for a, w in hidden),
               "blocked words hide messages, naming the word", hidden)
        claims = {e["author"] for e in lib.events_of(events, "claim")}
        tap.ok("Ana P." not in claims and "Jonas Müller" in claims,
               "a hidden message makes no claim; the others still do", sorted(claims))

        # A feed with a mistake: a clear error naming it, and the show runs.
        rc, events, stderr = lib.run_vitrine(
            ["--headless", show(tmp, [{"id": "tw", "type": "twitch"}]), "--duration", "2"],
            timeout=60, cwd=tmp)
        errors = [e["message"] for e in lib.events_of(events, "error", source="feed")]
        tap.ok(rc == 0 and any("“tw”" in m and "“channel” is required" in m for m in errors),
               "a feed missing its channel is named in an error; the show runs",
               "exit %r" % rc, errors)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    lib.Tap().run(main)

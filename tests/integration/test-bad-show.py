#!/usr/bin/env python3
"""Acceptance: bad show files end with a non-zero exit and one clear message.

Each case runs `vitrine --headless SHOW --duration 2` and expects the exit
code of the headless contract (2: a problem in the show file, 3: the
engine could not start, e.g. the camera) and exactly one line on stderr,
"vitrine: <message>", that names the problem (file, field, value or
device), with no CRITICAL/WARNING/traceback noise.
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))

import vitrine_testlib as vt  # noqa: E402

NOISE = re.compile(r"CRITICAL|WARNING|Traceback|\*\*|GStreamer-|"
                   r"assertion|Segmentation", re.I)


def good_show(tmp):
    show = vt.basic_show(recording=os.path.join(tmp, "rec.mkv"),
                         tone=False)
    return show


def case_missing_file(tmp):
    path = os.path.join(tmp, "no-such-show.json")
    return path, 2, [path]


def case_invalid_json(tmp):
    path = os.path.join(tmp, "broken.json")
    with open(path, "w") as handle:
        # The stray comma is on line 3.
        handle.write('{\n  "name": "Broken",\n  "canvas": {"width": 640,,'
                     ' "height": 360},\n  "sources": []\n}\n')
    # Either "line 3" or json-glib's "<file>:3:<column>".
    return path, 2, ["broken.json", re.compile(r"JSON", re.I),
                     re.compile(r"(line 3\b|:3:\d+)")]


def write(tmp, name, show):
    path = os.path.join(tmp, name)
    with open(path, "w") as handle:
        json.dump(show, handle, indent=2)
    return path


def case_unknown_source_type(tmp):
    show = good_show(tmp)
    show["sources"].append({"id": "holo", "type": "hologram"})
    return write(tmp, "hologram.json", show), 2, \
        ["hologram.json", "hologram", "sources"]


def case_negative_bitrate(tmp):
    show = good_show(tmp)
    show["encoder"]["video_bitrate"] = -2500
    return write(tmp, "bitrate.json", show), 2, \
        ["bitrate.json", "video_bitrate", "-2500"]


def case_missing_camera(tmp):
    device = "/dev/video-vitrine-test-missing-7"
    show = good_show(tmp)
    show["sources"] = [{"id": "cam", "type": "camera", "device": device}]
    show["scenes"] = [{"id": "full", "name": "Full", "layout": "full",
                       "main": "cam"}]
    return write(tmp, "camera.json", show), 3, [device]


def case_missing_canvas_width(tmp):
    show = good_show(tmp)
    del show["canvas"]["width"]
    return write(tmp, "nowidth.json", show), 2, \
        ["nowidth.json", "canvas", "width"]


def case_fps_zero(tmp):
    show = good_show(tmp)
    show["canvas"]["fps"] = 0
    return write(tmp, "fps0.json", show), 2, ["fps0.json", "fps"]


def case_scene_unknown_source(tmp):
    show = good_show(tmp)
    show["scenes"][0]["main"] = "ghost"
    return write(tmp, "ghost.json", show), 2, \
        ["ghost.json", "scenes", "ghost"]


def case_destination_not_rtmp(tmp):
    show = good_show(tmp)
    show["destinations"].append({"id": "web", "name": "Web", "type": "rtmp",
                                 "url": "http://127.0.0.1:8080/live"})
    return write(tmp, "http.json", show), 2, \
        ["http.json", "destinations", "url", "http://127.0.0.1:8080/live"]


def case_duplicate_source_id(tmp):
    show = good_show(tmp)
    show["sources"].append({"id": "pattern", "type": "test-pattern",
                            "pattern": "ball"})
    return write(tmp, "dup.json", show), 2, \
        ["dup.json", "sources", "pattern"]


def case_missing_image(tmp):
    show = good_show(tmp)
    show["sources"].append({"id": "logo", "type": "image",
                            "path": "missing-card.png"})
    return write(tmp, "noimage.json", show), 2, \
        ["noimage.json", "missing-card.png"]


def case_not_an_object(tmp):
    path = os.path.join(tmp, "list.json")
    with open(path, "w") as handle:
        handle.write("[1, 2, 3]\n")
    return path, 2, ["list.json", "object"]


CASES = [
    ("missing show file", case_missing_file),
    ("invalid JSON", case_invalid_json),
    ("unknown source type", case_unknown_source_type),
    ("negative video bitrate", case_negative_bitrate),
    ("unreachable camera device", case_missing_camera),
    ("canvas without width", case_missing_canvas_width),
    ("canvas fps 0", case_fps_zero),
    ("scene naming an unknown source", case_scene_unknown_source),
    ("destination URL not rtmp://", case_destination_not_rtmp),
    ("duplicate source id", case_duplicate_source_id),
    ("image file missing", case_missing_image),
    ("top level not an object", case_not_an_object),
]


def check(tap, name, rc, stderr, want_rc, needles):
    lines = stderr.splitlines()
    problems = []
    if rc is None:
        problems.append("did not exit within the timeout")
    elif rc != want_rc:
        problems.append("exit code %r, want %d" % (rc, want_rc))
    if len(lines) != 1:
        problems.append("%d stderr lines, want exactly 1" % len(lines))
    message = lines[0] if lines else ""
    if not message.startswith("vitrine: ") or \
            not message[len("vitrine: "):].strip():
        problems.append("the line does not read 'vitrine: <message>'")
    for needle in needles:
        if hasattr(needle, "search"):
            if not needle.search(message):
                problems.append("message does not match /%s/"
                                % needle.pattern)
        elif needle not in message:
            problems.append("message does not name %r" % needle)
    if NOISE.search(stderr):
        problems.append("stderr has warnings/criticals/traceback noise")
    tap.ok(not problems, "%s: exit %d and one clear line" % (name, want_rc),
           *(problems + ["stderr: %r" % stderr[:2000]]))
    if not problems:
        tap.diag("  " + message)


def main(tap):
    with vt.TempDir("vitrine-bad-show-") as tmp:
        for index, (name, make) in enumerate(CASES):
            case_dir = os.path.join(tmp, "case%02d" % index)
            os.makedirs(case_dir)
            path, want_rc, needles = make(case_dir)
            rc, events, stderr = vt.run_vitrine(
                ["--headless", path, "--duration", "2"],
                env=vt.clean_env(), timeout=40)
            check(tap, name, rc, stderr, want_rc, needles)
            if want_rc == 2:
                # A show that does not load must not touch its outputs.
                tap.ok(not os.path.exists(os.path.join(case_dir, "rec.mkv")),
                       "%s: no recording was started" % name)


if __name__ == "__main__":
    vt.Tap().run(main)

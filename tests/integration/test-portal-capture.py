#!/usr/bin/env python3
"""Camera and screen through the XDG desktop portals (PipeWire).

Real parts: a PipeWire daemon and WirePlumber on a private runtime dir, two
PipeWire video nodes made by gst-launch (a "screen" showing SMPTE bars, and a
"camera" with media.role=Camera showing a flat orange), and
vitrine-mock-portal on a private session bus answering the portal's D-Bus
requests as xdg-desktop-portal does (the dialog's answer scripted).

  1. a show with a portal screen (full frame) and a portal camera (inset)
     records both pictures: the bars where the screen is, orange in the
     inset; the portal was asked once with a dialog, persist mode 2;
  2. the next start reuses the restore token the portal gave: no dialog;
  3. the host refuses the camera and later stops sharing the screen from
     the desktop: each source fails with a plain message, the show runs to
     its end and the recording is whole;
  4. no portal on the bus: both sources say so, the show goes on.
The script re-executes itself under dbus-run-session.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))

import vitrine_testlib as lib  # noqa: E402

INNER = "VITRINE_PORTAL_TEST_INNER"
W, H = 320, 180
ORANGE = (255, 128, 0)
SMPTE_WHITE = (255, 255, 255)
SMPTE_YELLOW = (255, 255, 0)
SMPTE_CYAN = (0, 255, 255)

SHOW = {
    "name": "Portal capture",
    "canvas": {"width": W, "height": H, "fps": 30},
    "sources": [
        {"id": "screen", "name": "Desktop", "type": "screen", "backend": "portal"},
        {"id": "cam", "name": "Studio camera", "type": "camera", "backend": "portal",
         "device": "Test Camera"},
    ],
    "scenes": [{"id": "pip", "layout": "pip", "main": "screen", "inset": "cam",
                "corner": "bottom-right", "inset_scale": 0.3}],
    "destinations": [{"id": "rec", "type": "recording", "path": "rec.mkv"}],
}


def outer():
    tap = lib.Tap()
    lib.require_tools(tap, "dbus-run-session", "pipewire", "wireplumber", "pw-dump",
                      "gst-launch-1.0", "ffmpeg")
    tmp = tempfile.mkdtemp(prefix="vitrine-portal-")
    env = dict(os.environ)
    home = os.path.join(tmp, "home")
    runtime = os.path.join(tmp, "runtime")
    os.makedirs(home)
    os.makedirs(runtime, mode=0o700)
    env.update({
        INNER: tmp,
        "HOME": home,
        "XDG_RUNTIME_DIR": runtime,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "XDG_STATE_HOME": os.path.join(home, ".local", "state"),
        "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
        # Restore tokens must outlive one run: a real settings backend.
        "GSETTINGS_BACKEND": "keyfile",
    })
    for name in ("DBUS_SESSION_BUS_ADDRESS", "PIPEWIRE_REMOTE", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    try:
        rc = subprocess.call(["dbus-run-session", "--", sys.executable,
                              os.path.abspath(__file__)], env=env)
    finally:
        if not os.environ.get("VITRINE_KEEP_TEST_DIRS"):
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(rc)


class Daemons:
    """Processes started here, stopped in reverse order."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.procs = []

    def start(self, name, args):
        log = open(os.path.join(self.tmp, name + ".log"), "wb")
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append((name, proc))
        return proc

    def stop(self, proc):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs = [(n, p) for n, p in self.procs if p is not proc]

    def stop_all(self):
        for _, proc in reversed(list(self.procs)):
            self.stop(proc)


def pw_nodes():
    out = subprocess.run(["pw-dump"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         timeout=10).stdout
    try:
        objects = json.loads(out or b"[]")
    except ValueError:
        return {}
    nodes = {}
    for obj in objects:
        if obj.get("type", "").endswith(":Node"):
            props = (obj.get("info") or {}).get("props") or {}
            if "node.name" in props:
                nodes[props["node.name"]] = obj["id"]
    return nodes


def wait_until(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


def portal_log(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def start_portal(daemons, tmp, node, *extra):
    log = os.path.join(tmp, "portal-%d.jsonl" % len(daemons.procs))
    proc = daemons.start("portal", [os.environ["VITRINE_MOCK_PORTAL"], "--screen-node", str(node),
                                    "--log", log] + list(extra))
    ready = wait_until(lambda: any(e["call"] == "ready" for e in portal_log(log)), 10)
    return proc, log, ready


def close_to(rgb, expected, tolerance=45):
    return lib.colour_distance(rgb, expected) <= tolerance


def inner(tap):
    tmp = os.environ[INNER]
    work = os.path.join(tmp, "show")
    os.makedirs(work)
    daemons = Daemons(tmp)
    try:
        daemons.start("pipewire", ["pipewire"])
        socket = os.path.join(os.environ["XDG_RUNTIME_DIR"], "pipewire-0")
        if not wait_until(lambda: os.path.exists(socket), 10):
            tap.bail_out("PipeWire did not start")
        daemons.start("wireplumber", ["wireplumber"])
        daemons.start("screen-node", [
            "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=smpte", "!",
            "video/x-raw,format=BGRx,width=640,height=360,framerate=30/1", "!",
            "pipewiresink", "mode=provide", "client-name=screen",
            "stream-properties=props,media.class=Video/Source,node.name=vitrine-test-screen"])
        daemons.start("camera-node", [
            "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=solid-color",
            "foreground-color=0xffff8000", "!",
            "video/x-raw,format=BGRx,width=320,height=240,framerate=30/1", "!",
            "pipewiresink", "mode=provide", "client-name=camera",
            # gst-launch joins its arguments and parses them again: the
            # description with a space is quoted twice.
            'stream-properties="props,media.class=Video/Source,media.role=Camera,'
            'node.name=vitrine-test-camera,node.description=\\"Test Camera\\""'])
        nodes = wait_until(lambda: (lambda n: n if {"vitrine-test-screen", "vitrine-test-camera"}
                                    <= set(n) else None)(pw_nodes()), 15)
        if not nodes:
            tap.bail_out("the test PipeWire nodes did not appear: %s" % pw_nodes())
        screen_node = nodes["vitrine-test-screen"]
        tap.diag("PipeWire nodes: screen %d, camera %d" % (screen_node, nodes["vitrine-test-camera"]))

        show = os.path.join(work, "show.json")
        with open(show, "w") as f:
            json.dump(SHOW, f)
        rec = os.path.join(work, "rec.mkv")

        # 1. First start: the portal asks, both pictures are recorded.
        portal, log, ready = start_portal(daemons, tmp, screen_node)
        tap.ok(ready, "the scripted portal owns org.freedesktop.portal.Desktop")
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "6"], timeout=60)
        tap.ok(rc == 0, "the show with portal sources runs to its end", "exit %r" % rc, stderr)
        failures = lib.events_of(events, "source", state="failed")
        tap.ok(not failures, "neither portal source fails", failures, stderr[-2000:])
        calls = portal_log(log)
        select = [e for e in calls if e["call"] == "ScreenCast.SelectSources"]
        tap.ok(len(select) == 1 and select[0]["dialog"] and select[0]["persist_mode"] == 2,
               "the screen was asked for once, with the dialog and persist mode 2", select)
        tap.ok(any(e["call"] == "Camera.AccessCamera" for e in calls) and
               any(e["call"] == "Camera.OpenPipeWireRemote" for e in calls),
               "the camera was asked for through the Camera portal", [e["call"] for e in calls])
        started = [e for e in calls if e["call"] == "ScreenCast.Started"]
        first_token = started[0]["restore_token"] if started else None

        frame = lib.frame_rgb(rec, 4.0, W, H)
        inset = lib.pip_rect(W, H, 0.3, "bottom-right")
        inset_mean = lib.region_mean(frame, W, lib.shrink(inset, 6))
        tap.ok(close_to(inset_mean, ORANGE), "the inset shows the portal camera's orange",
               "inset mean %s" % (inset_mean,))
        # 640x360 bars scaled to 320x180: seven bars of ~45.7 px over the top
        # two thirds.
        white = lib.region_mean(frame, W, (8, 20, 38, 60))
        yellow = lib.region_mean(frame, W, (54, 20, 84, 60))
        cyan = lib.region_mean(frame, W, (100, 20, 130, 60))
        tap.ok(close_to(white, SMPTE_WHITE) and close_to(yellow, SMPTE_YELLOW) and
               close_to(cyan, SMPTE_CYAN),
               "the full frame shows the portal screen's colour bars",
               "white %s yellow %s cyan %s" % (white, yellow, cyan))
        tap.ok(lib.max_video_gap(rec) < 0.1, "the recording has no gap",
               "max gap %.3f s" % lib.max_video_gap(rec))

        # 2. Next start: the restore token is used, no dialog.
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "3"], timeout=60)
        calls = portal_log(log)
        select = [e for e in calls if e["call"] == "ScreenCast.SelectSources"]
        tap.ok(rc == 0 and len(select) == 2, "the second start runs", "exit %r" % rc, stderr)
        tap.ok(first_token is not None and select[-1]["restore_token"] == first_token and
               not select[-1]["dialog"],
               "the second start hands back the portal's restore token: no dialog",
               "token issued %r, sent %r" % (first_token, select[-1].get("restore_token")))
        frame = lib.frame_rgb(rec, 2.0, W, H)
        tap.ok(close_to(lib.region_mean(frame, W, (54, 20, 84, 60)), SMPTE_YELLOW),
               "the restored screen is recorded")
        daemons.stop(portal)

        # 3. The host refuses the camera, then stops sharing the screen.
        portal, log, ready = start_portal(daemons, tmp, screen_node, "--deny-camera",
                                          "--close-after", "2")
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "6"], timeout=60)
        tap.ok(rc == 0, "refused and stopped sources do not stop the show", "exit %r" % rc,
               stderr)
        cam = lib.first_event(events, "source", id="cam", state="failed")
        screen = lib.first_event(events, "source", id="screen", state="failed")
        tap.ok(cam is not None and "Studio camera" in cam["message"] and
               "not allowed" in cam["message"],
               "the refused camera fails with a plain message", cam)
        tap.ok(screen is not None and "Desktop" in screen["message"] and
               "stopped from the desktop" in screen["message"],
               "sharing stopped from the desktop fails the screen with a plain message", screen)
        duration = lib.media_duration(rec)
        tap.ok(duration is not None and abs(duration - 6.0) < 1.0 and lib.max_video_gap(rec) < 0.1,
               "the recording covers the whole show without a gap",
               "duration %r, max gap %.3f" % (duration, lib.max_video_gap(rec)))
        daemons.stop(portal)

        # 4. No portal at all.
        rc, events, stderr = lib.run_vitrine(["--headless", show, "--duration", "3"], timeout=60)
        failed = {e["id"]: e["message"] for e in lib.events_of(events, "source", state="failed")}
        tap.ok(rc == 0, "without a portal the show still runs", "exit %r" % rc, stderr)
        tap.ok(set(failed) == {"screen", "cam"} and
               all("xdg-desktop-portal is not running" in m for m in failed.values()),
               "both sources say the desktop has no portal", failed)
    finally:
        daemons.stop_all()


def main():
    if os.environ.get(INNER):
        lib.Tap().run(inner)
    else:
        outer()


if __name__ == "__main__":
    main()

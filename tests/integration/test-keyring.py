#!/usr/bin/env python3
"""Acceptance: a stream key stored through the app is used for the push.

Under dbus-run-session with gnome-keyring-daemon --unlock (HOME,
XDG_RUNTIME_DIR and XDG_DATA_HOME in a temp dir):
  - `vitrine --set-key local` stores a random key read from stdin;
  - `vitrine --headless show.json --duration 4`, with no VITRINE_KEY_*
    variable, pushes to nginx-rtmp, which records <key>-*.flv: proof the
    key came from the keyring;
  - the key appears in neither the show file, nor any stdout/stderr line of
    any vitrine run (G_MESSAGES_DEBUG=all), nor any file under HOME;
  - after `vitrine --clear-key local` a run reports that the output has no
    stream key and pushes nothing.
The script re-executes itself under dbus-run-session.
"""

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))

import vitrine_testlib as vt  # noqa: E402

INNER = "VITRINE_KEYRING_TEST_INNER"
PASSWORD = "testpass"


def outer():
    """Set up a private HOME and session bus, then run inner()."""
    tap = vt.Tap()
    vt.require_tools(tap, "dbus-run-session", "gnome-keyring-daemon",
                     "nginx", "ffprobe")
    tmp = tempfile.mkdtemp(prefix="vitrine-keyring-")
    env = dict(os.environ)
    home = os.path.join(tmp, "home")
    runtime = os.path.join(tmp, "runtime")
    os.makedirs(home)
    os.makedirs(runtime, mode=0o700)
    env.update({
        INNER: tmp,
        "HOME": home,
        "XDG_RUNTIME_DIR": runtime,
        "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "XDG_CACHE_HOME": os.path.join(home, ".cache"),
        "G_MESSAGES_DEBUG": "all",
    })
    for name in ("DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL",
                 "SSH_AUTH_SOCK", "SECRET_BACKEND"):
        env.pop(name, None)
    try:
        # dbus-daemon complains about the fd limit on stderr; meson only
        # reads stdout for TAP.
        rc = subprocess.call(["dbus-run-session", "--", sys.executable,
                              os.path.abspath(__file__)], env=env)
    finally:
        if not os.environ.get("VITRINE_KEEP_TEST_DIRS"):
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(rc)


def start_keyring():
    """gnome-keyring-daemon in the foreground (so this script owns it and can
    end it by pid), unlocked with PASSWORD; exports what it prints."""
    proc = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--replace", "--unlock",
         "--components=secrets"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL)
    proc.stdin.write(PASSWORD.encode())
    proc.stdin.close()
    exported = {}
    deadline = time.monotonic() + 10
    buffer = b""
    while time.monotonic() < deadline and "GNOME_KEYRING_CONTROL" \
            not in exported:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            name, sep, value = line.decode().partition("=")
            if sep and re.match(r"^[A-Z_]+$", name):
                exported[name] = value
    os.environ.update(exported)
    # The Secret Service name is claimed once the daemon is ready.
    while time.monotonic() < deadline:
        owner = subprocess.run(
            ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
             "--object-path", "/org/freedesktop/DBus", "--method",
             "org.freedesktop.DBus.NameHasOwner", "org.freedesktop.secrets"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if b"true" in owner.stdout:
            break
        time.sleep(0.1)
    return proc, exported


def inner(tap):
    tmp = os.environ[INNER]
    home = os.environ["HOME"]
    keyring, exported = start_keyring()
    server = None
    try:
        tap.ok("GNOME_KEYRING_CONTROL" in exported and keyring.poll() is None,
               "gnome-keyring-daemon runs unlocked on the private session "
               "bus", "exported: %r" % exported)

        key = vt.random_key()
        env = vt.clean_env()          # no VITRINE_KEY_* at all
        outputs = {}                  # name -> text, scanned for the key

        rc, events, stderr = vt.run_vitrine(["--set-key", "local"], env=env,
                                            timeout=30,
                                            stdin_data=key + "\n")
        outputs["--set-key stdout"] = "\n".join(map(repr, events))
        outputs["--set-key stderr"] = stderr
        tap.is_equal(rc, 0, "vitrine --set-key local stores the key read "
                     "from stdin") or tap.diag(stderr[-2000:])

        server = vt.start_rtmp_server(os.path.join(tmp, "ingest"))
        show_path = vt.write_show(os.path.join(tmp, "show.json"),
                                  vt.basic_show(rtmp_url=server.url))
        rc, events, stderr = vt.run_vitrine(
            ["--headless", show_path, "--duration", "4"], env=env,
            timeout=60)
        outputs["run 1 stdout"] = "\n".join(map(repr, events))
        outputs["run 1 stderr"] = stderr
        tap.is_equal(rc, 0, "headless run with the key from the keyring "
                     "exits 0") or tap.diag(stderr[-3000:])
        live = vt.first_event(events, "output", id="local", state="live")
        tap.ok(live is not None, "the rtmp output goes live",
               "output events: %r" % vt.events_of(events, "output"))

        server.stop()
        flvs = server.recordings(key)
        tap.ok(len(flvs) == 1 and os.path.getsize(flvs[0]) > 0,
               "nginx recorded the stream under the stored key",
               "record dir: %r" % os.listdir(server.record_dir))
        if flvs:
            video = vt.stream_of(flvs[0], "video")
            tap.ok(video is not None and video.get("codec_name") == "h264",
                   "what nginx recorded has H.264 video",
                   "streams: %r" % vt.streams(flvs[0]))

        rc, events, stderr = vt.run_vitrine(["--clear-key", "local"],
                                            env=env, timeout=30)
        outputs["--clear-key stdout"] = "\n".join(map(repr, events))
        outputs["--clear-key stderr"] = stderr
        tap.is_equal(rc, 0, "vitrine --clear-key local exits 0") or \
            tap.diag(stderr[-2000:])

        server.restart()
        before = set(server.recordings())
        rc, events, stderr = vt.run_vitrine(
            ["--headless", show_path, "--duration", "3"], env=env,
            timeout=60)
        outputs["run 2 stdout"] = "\n".join(map(repr, events))
        outputs["run 2 stderr"] = stderr
        server.stop()
        # The headless runner exits 0 when the show ran even if one
        # destination failed, so the message is what matters here.
        failed = [e for e in vt.events_of(events, "output", id="local")
                  if e.get("state") in ("failed", "rejected")]
        message = failed[0].get("message", "") if failed else ""
        tap.ok(failed and re.search(r"key", message, re.I)
               and re.search(r"\b(no|missing|not set|not found|without)\b",
                             message, re.I),
               "after --clear-key the output fails saying it has no stream "
               "key", "output events: %r" % vt.events_of(events, "output"),
               "rc %r, stderr: %s" % (rc, stderr[-2000:]))
        tap.ok(set(server.recordings()) == before,
               "after --clear-key nothing is pushed to the ingest",
               "new recordings: %r" % sorted(set(server.recordings())
                                             - before))

        outputs["show file"] = open(show_path).read()
        vt.check_no_secret(tap, key, outputs,
                           "the key appears in no stdout/stderr line "
                           "(G_MESSAGES_DEBUG=all) and not in the show file")
        hits = vt.files_containing(home, key)
        tap.ok(not hits, "no file under HOME holds the key in clear text "
               "(the keyring file is encrypted)", "found in: %r" % hits)
    finally:
        if server is not None:
            server.stop()
        if keyring.poll() is None:
            keyring.send_signal(signal.SIGTERM)
            try:
                keyring.wait(timeout=5)
            except subprocess.TimeoutExpired:
                keyring.kill()
                keyring.wait()


if __name__ == "__main__":
    if os.environ.get(INNER):
        vt.Tap().run(inner)
    else:
        outer()

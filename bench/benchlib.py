"""Helpers shared by the benches in this directory (Python 3 standard
library only, on top of tests/tools/vitrine_testlib.py).

Benches measure; they never pass or fail a build.  Nothing here is imported
by the test suites.
"""

import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))

import vitrine_testlib as vt  # noqa: E402,F401  (re-exported)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def find_vitrine(bench):
    """VITRINE_BINARY, else build/src/vitrine; exits with a hint if neither
    is executable (benches build nothing themselves)."""
    candidates = [os.environ.get("VITRINE_BINARY"),
                  os.path.join(ROOT, "build", "src", "vitrine")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    sys.stderr.write("%s: %s does not exist; build it first with "
                     "tools/demo or `meson setup build && meson compile -C "
                     "build` (or set VITRINE_BINARY)\n"
                     % (bench, candidates[-1]))
    sys.exit(1)


def measure(argv, env=None, cwd=None, stdout_path=None):
    """Run argv to its end.  Returns (exit status, wall seconds, CPU seconds
    (user + system of that child, from wait4), stderr text, the child's
    struct rusage).  stdout goes to stdout_path if given, else to
    /dev/null."""
    err = tempfile.TemporaryFile()
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    try:
        start = time.monotonic()
        proc = subprocess.Popen(argv, env=env, cwd=cwd,
                                stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
    finally:
        if stdout_path:
            out.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    return (proc.returncode, wall, usage.ru_utime + usage.ru_stime,
            err.read().decode("utf-8", "replace"), usage)


def group_cpu_seconds(pgid):
    """user + system CPU seconds of the live processes of a process group
    (nginx's master and worker), from /proc/PID/stat."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command may contain spaces: fields start after the last ")".
        fields = stat[stat.rfind(")") + 2:].split()
        if int(fields[2]) == pgid:  # field 5, pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def machine_busy_seconds():
    """CPU seconds all CPUs spent busy since boot (user, nice, system, irq,
    softirq, steal from /proc/stat).  The difference over a run, minus what
    the measured processes used, is what *other* processes took from the
    machine meanwhile: a bench on a shared machine should show it."""
    with open("/proc/stat") as handle:
        fields = handle.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = \
        (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def start_servers(work, count):
    """count nginx-rtmp servers, each in its own directory under work."""
    servers = []
    try:
        for i in range(count):
            servers.append(vt.start_rtmp_server(
                os.path.join(work, "nginx%d" % (i + 1))))
    except BaseException:
        stop_servers(servers)
        raise
    return servers


def stop_servers(servers):
    for server in servers:
        try:
            server.stop()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


def servers_cpu(servers):
    return sum(group_cpu_seconds(s.pid) for s in servers if s.pid)


def count_packets(path, select="v:0"):
    """Video packets in a file (ffprobe -count_packets: no decoding, so
    fast on long recordings; one packet is one frame for H.264 in FLV and
    Matroska)."""
    data = vt._ffprobe_json(["-count_packets", "-select_streams", select,
                             "-show_entries", "stream=nb_read_packets",
                             path])
    try:
        return int(data["streams"][0]["nb_read_packets"])
    except (KeyError, IndexError, ValueError):
        return 0


def wait_recording(server, stream, frames, timeout=20.0,
                   counter=vt.count_frames):
    """Wait until nginx has closed stream's recording and return (path,
    count): count is the decoded video frames, or what counter(path) says.
    nginx finalises the FLV when the publisher disconnects; the file is
    counted once its size has been stable for a second, and counted again
    until it holds `frames` or timeout passes.  (None, 0) when nothing was
    recorded."""
    deadline = time.monotonic() + timeout
    path, count = None, 0
    while True:
        paths = server.recordings(stream)
        if paths:
            path = paths[-1]
            size = os.path.getsize(path)
            time.sleep(1.0)
            if os.path.getsize(path) == size:
                count = counter(path)
                if count >= frames:
                    return path, count
        else:
            time.sleep(0.5)
        if time.monotonic() > deadline:
            return path, count


def load_events(path):
    """The headless JSON lines of a finished run."""
    with open(path, errors="replace") as handle:
        return [vt.parse_line(line.rstrip("\n")) for line in handle]


def output_problems(events):
    """Output events that mean a destination did not simply go live and
    stop: reconnecting, rejected, failed; plus error events."""
    bad = [e for e in events if e.get("event") == "output"
           and e.get("state") in ("reconnecting", "rejected", "failed")]
    bad += [e for e in events if e.get("event") == "error"]
    return bad


def shell_quote(argv):
    import shlex
    return " ".join(shlex.quote(a) for a in argv)

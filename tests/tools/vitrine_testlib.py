"""Shared helpers for Vitrine's integration tests, benches and tools.

Python 3 standard library only.  The helpers start real peers (nginx with
libnginx-mod-rtmp, stunnel), run the `vitrine` binary in headless mode,
inspect what arrived with ffprobe/ffmpeg and speak TAP so meson can read the
results.

Nothing here ever prints a stream key on purpose: tests pass keys through
the environment or stdin and only look for them in outputs.
"""

import atexit
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zlib

RTMP_MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so"

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get("VITRINE_SOURCE_ROOT") or os.path.dirname(
    os.path.dirname(TOOLS_DIR))


# --------------------------------------------------------------------------
# TAP


class Tap:
    """A TAP producer.

    Points are numbered as they come; the plan (`1..N`) is printed at the end
    unless one was given up front.  Diagnostics go to stdout as `# ...` lines
    so meson shows them next to the point.  `finish()` exits 1 if any point
    failed, 0 otherwise.
    """

    def __init__(self, plan=None):
        self.count = 0
        self.failed = 0
        self.skipped = 0
        self.plan = plan
        self._finished = False
        if plan is not None:
            self._print("1..%d" % plan)

    @staticmethod
    def _print(line):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def diag(self, *lines):
        for text in lines:
            for line in str(text).splitlines() or [""]:
                self._print("# " + line)

    def ok(self, cond, desc, *diagnostics):
        """Record one point; diagnostics are printed only when it failed
        (use diag() for unconditional ones).  Returns cond as a bool."""
        self.count += 1
        desc = desc.replace("#", "\\#")
        if cond:
            self._print("ok %d - %s" % (self.count, desc))
        else:
            self.failed += 1
            self._print("not ok %d - %s" % (self.count, desc))
            self.diag(*diagnostics)
        return bool(cond)

    def is_equal(self, got, expected, desc):
        return self.ok(got == expected, desc,
                       "expected: %r" % (expected,), "     got: %r" % (got,))

    def skip(self, desc, reason):
        self.count += 1
        self.skipped += 1
        self._print("ok %d - %s # SKIP %s" % (self.count, desc, reason))

    def skip_all(self, reason):
        self._print("1..0 # SKIP %s" % reason)
        self._finished = True
        sys.exit(0)

    def bail_out(self, reason):
        self._print("Bail out! %s" % reason)
        self._finished = True
        sys.exit(1)

    def finish(self):
        if self._finished:
            return
        self._finished = True
        if self.plan is None:
            self._print("1..%d" % self.count)
        elif self.plan != self.count:
            self.diag("planned %d points but ran %d" % (self.plan, self.count))
            self.failed += 1
        sys.exit(1 if self.failed else 0)

    def run(self, main, *args):
        """Run main(tap, *args); an exception becomes a failed point with the
        traceback as diagnostics, then the plan is printed."""
        try:
            main(self, *args)
        except SystemExit:
            raise
        except BaseException:  # noqa: B902 - report everything as TAP
            self.ok(False, "test script ran to the end without an exception",
                    traceback.format_exc())
        self.finish()


# --------------------------------------------------------------------------
# Ports and processes


def free_port(host="127.0.0.1"):
    """A TCP port that was free a moment ago on host."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def wait_for_port(port, host="127.0.0.1", timeout=10.0, proc=None):
    """Wait until host:port accepts TCP connections.  Returns False on
    timeout or when proc (a Popen) exited meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _signal_group(proc, sig):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def _stop_process(proc, first_signal, grace=5.0):
    """Send first_signal to proc's group, SIGKILL the group after grace
    seconds, then reap.  Returns the exit status."""
    if proc is None:
        return None
    if proc.poll() is None:
        _signal_group(proc, first_signal)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    # Workers left behind by a killed master still hold the port: end the
    # whole group (it is ours, started with start_new_session).
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        return proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        return None


# --------------------------------------------------------------------------
# nginx-rtmp ingest (reliability.md, "Recommended loopback test rig")


NGINX_CONF = """\
# Throwaway configuration written by vitrine_testlib.py
daemon off;
master_process on;
worker_processes 1;
{user}error_log {dir}/logs/error.log info;
pid {dir}/nginx.pid;
load_module {module};

events {{
    worker_connections 128;
}}
{http}
rtmp {{
    server {{
        listen {host}:{port};
        chunk_size 4096;

        application {app} {{
            live on;
            record all;
            record_path {dir}/record;
            record_unique on;
            drop_idle_publisher 5s;
{on_publish}        }}
    }}
}}
"""

# With deny_publish: every publish is refused the way a platform refuses a
# wrong key, through nginx-rtmp's on_publish callback answering 403.
NGINX_HTTP_DENY = """
http {{
    access_log {dir}/logs/access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    server {{
        listen 127.0.0.1:{http_port};
        location /deny {{ return 403; }}
    }}
}}
"""

STUNNEL_CONF = """\
; Throwaway configuration written by vitrine_testlib.py
foreground = yes
pid =
output = {dir}/logs/stunnel.log
debug = 5

[rtmps]
accept = 127.0.0.1:{tls_port}
connect = 127.0.0.1:{port}
cert = {dir}/tls/server.crt
key = {dir}/tls/server.key
"""


class RtmpServerError(RuntimeError):
    pass


class RtmpServer:
    """nginx with libnginx-mod-rtmp on 127.0.0.1, recording everything it
    receives into record_dir, optionally with stunnel (RTMPS) in front.

    Attributes: port, url, record_dir, dir, pid, and with stunnel
    tls_port, rtmps_url, ca_file.
    """

    def __init__(self, directory, port=None, app="live", stunnel=False,
                 tls_port=None, deny_publish=False, host="127.0.0.1",
                 netns=None):
        self.dir = os.path.abspath(directory)
        self.app = app
        self._fixed_port = port is not None
        self.port = port
        self.use_stunnel = stunnel
        self.tls_port = tls_port
        self.proc = None
        self.stunnel_proc = None
        self.record_dir = os.path.join(self.dir, "record")
        self.log_dir = os.path.join(self.dir, "logs")
        self.conf = os.path.join(self.dir, "nginx.conf")
        self.error_log = os.path.join(self.log_dir, "error.log")
        self.ca_file = None
        self.deny_publish = deny_publish
        # With netns: nginx runs inside that network namespace (made by the
        # test, see NetworkNamespace) and listens on host there.
        self.host = host
        self.netns = netns
        self.http_port = None

    # -- properties ---------------------------------------------------------

    @property
    def url(self):
        return "rtmp://%s:%d/%s" % (self.host, self.port, self.app)

    @property
    def rtmps_url(self):
        if not self.tls_port:
            return None
        return "rtmps://127.0.0.1:%d/%s" % (self.tls_port, self.app)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def info(self):
        data = {"port": self.port, "url": self.url,
                "record_dir": self.record_dir, "pid": self.pid}
        if self.use_stunnel:
            data.update({"rtmps_port": self.tls_port,
                         "rtmps_url": self.rtmps_url,
                         "ca_file": self.ca_file,
                         "stunnel_pid": self.stunnel_proc.pid
                         if self.stunnel_proc else None})
        return data

    # -- life cycle -----------------------------------------------------------

    def _write_conf(self):
        os.makedirs(self.record_dir, exist_ok=True)
        os.makedirs(self.log_dir, exist_ok=True)
        # The worker runs as an unprivileged user unless told otherwise; as
        # root, keep it root so it can write into a 0700 temp directory.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        if not user:
            os.chmod(self.record_dir, 0o777)
        http = on_publish = ""
        if self.deny_publish:
            if self.http_port is None:
                self.http_port = free_port()
            os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
            http = NGINX_HTTP_DENY.format(dir=self.dir, http_port=self.http_port)
            on_publish = ("            on_publish http://127.0.0.1:%d/deny;\n"
                          % self.http_port)
        with open(self.conf, "w") as conf:
            conf.write(NGINX_CONF.format(dir=self.dir, port=self.port, host=self.host,
                                         module=RTMP_MODULE, app=self.app,
                                         user=user, http=http,
                                         on_publish=on_publish))

    def _spawn_nginx(self):
        out = open(os.path.join(self.log_dir, "nginx.out"), "ab")
        try:
            self.proc = subprocess.Popen(
                (["ip", "netns", "exec", self.netns] if self.netns else [])
                + ["nginx", "-p", self.dir + "/", "-e", self.error_log,
                 "-c", self.conf],
                stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                start_new_session=True)
        finally:
            out.close()
        if not wait_for_port(self.port, host=self.host, proc=self.proc, timeout=10.0):
            status = self.proc.poll()
            _stop_process(self.proc, signal.SIGKILL, grace=1.0)
            self.proc = None
            raise RtmpServerError(
                "nginx did not listen on 127.0.0.1:%d (exit status %r):\n%s"
                % (self.port, status, self.log_tail()))

    def start(self):
        if not os.path.exists(RTMP_MODULE):
            raise RtmpServerError("%s is missing (install libnginx-mod-rtmp)"
                                  % RTMP_MODULE)
        if shutil.which("nginx") is None:
            raise RtmpServerError("nginx is not installed")
        attempts = 1 if self._fixed_port or self.netns else 5
        for attempt in range(attempts):
            if self.netns and not self._fixed_port:
                self.port = 1935  # the namespace is the test's own: nothing else listens
            elif not self._fixed_port:
                self.port = free_port()
            self._write_conf()
            try:
                self._spawn_nginx()
                break
            except RtmpServerError:
                # Another process may have taken the port meanwhile.
                if attempt + 1 == attempts:
                    raise
        if self.use_stunnel:
            self._start_stunnel()
        return self

    def _start_stunnel(self):
        binary = shutil.which("stunnel4") or shutil.which("stunnel")
        if binary is None:
            raise RtmpServerError("stunnel is not installed (stunnel4)")
        tls_dir = os.path.join(self.dir, "tls")
        os.makedirs(tls_dir, exist_ok=True)
        crt = os.path.join(tls_dir, "server.crt")
        key = os.path.join(tls_dir, "server.key")
        if not os.path.exists(crt):
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                 "-keyout", key, "-out", crt, "-days", "2",
                 "-subj", "/CN=localhost",
                 "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                check=True, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.ca_file = crt
        fixed = self.tls_port is not None
        for attempt in range(1 if fixed else 5):
            if not fixed:
                self.tls_port = free_port()
            conf = os.path.join(self.dir, "stunnel.conf")
            with open(conf, "w") as handle:
                handle.write(STUNNEL_CONF.format(dir=self.dir, port=self.port,
                                                 tls_port=self.tls_port))
            self.stunnel_proc = subprocess.Popen(
                [binary, conf], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
            if wait_for_port(self.tls_port, proc=self.stunnel_proc):
                return
            _stop_process(self.stunnel_proc, signal.SIGKILL, grace=1.0)
            self.stunnel_proc = None
        raise RtmpServerError("stunnel did not listen on 127.0.0.1:%s:\n%s"
                              % (self.tls_port, self._tail(
                                  os.path.join(self.log_dir, "stunnel.log"))))

    def stop(self):
        """Graceful stop (SIGQUIT lets nginx finish its recordings), SIGKILL
        after 5 s."""
        _stop_process(self.stunnel_proc, signal.SIGTERM)
        self.stunnel_proc = None
        status = _stop_process(self.proc, signal.SIGQUIT)
        self.proc = None
        return status

    def kill9(self):
        """Crash the ingest: SIGKILL to nginx's whole process group."""
        _signal_group(self.proc, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()
        self.proc = None

    def sigstop(self):
        """Blackhole the ingest: the sockets stay open, nothing is read."""
        _signal_group(self.proc, signal.SIGSTOP)

    def sigcont(self):
        _signal_group(self.proc, signal.SIGCONT)

    def restart(self):
        """Start nginx again on the same port (after kill9() or stop())."""
        if self.proc is not None:
            self.sigcont()
            self.stop()
        deadline = time.monotonic() + 10.0
        while True:
            try:
                self._spawn_nginx()
                return self
            except RtmpServerError:
                # The kernel may still hold the port for a moment.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def __enter__(self):
        return self.start() if self.proc is None else self

    def __exit__(self, *exc):
        self.sigcont()
        self.stop()

    # -- what arrived -----------------------------------------------------------

    def publish_attempts(self):
        """With deny_publish: how many publishes nginx asked about (and
        refused), from the HTTP access log."""
        path = os.path.join(self.log_dir, "access.log")
        if not os.path.exists(path):
            return 0
        with open(path, errors="replace") as log:
            return sum(1 for line in log if "/deny" in line)

    def recordings(self, stream=None):
        """Recorded FLV files (absolute paths, oldest first), optionally only
        those for one stream name (nginx names them STREAM-<unique>.flv)."""
        try:
            names = os.listdir(self.record_dir)
        except FileNotFoundError:
            return []
        paths = []
        for name in names:
            if not name.endswith(".flv"):
                continue
            if stream is not None and not name.startswith(stream + "-") \
                    and name != stream + ".flv":
                continue
            paths.append(os.path.join(self.record_dir, name))
        return sorted(paths, key=lambda p: (os.path.getmtime(p), p))

    @staticmethod
    def _tail(path, lines=30):
        try:
            with open(path, errors="replace") as handle:
                return "".join(handle.readlines()[-lines:])
        except OSError:
            return "(no %s)" % path

    def log_tail(self, lines=30):
        return self._tail(self.error_log, lines)


def start_rtmp_server(directory, port=None, stunnel=False, app="live",
                      deny_publish=False, host="127.0.0.1", netns=None):
    """Start nginx-rtmp (and stunnel) in directory; see RtmpServer."""
    return RtmpServer(directory, port=port, stunnel=stunnel, app=app,
                      deny_publish=deny_publish, host=host, netns=netns).start()


class NetworkNamespace:
    """A test host of our own: a network namespace joined to this one by a
    veth pair, 10.<a>.<b>.1 on our side and .2 inside.  rate_kbit shapes
    what we send to it with tc tbf (netem is not available on every kernel).
    Needs root.  Use as a context manager; everything is removed on exit."""

    def __init__(self, rate_kbit=None):
        tag = "%d" % (os.getpid() % 60000)
        self.name = "vitrine-%s" % tag
        self.host_if = "vt%sh" % tag
        self.ns_if = "vt%sn" % tag
        a, b = (os.getpid() >> 8) % 250 + 2, os.getpid() % 250 + 2
        self.host_addr = "10.%d.%d.1" % (a, b)
        self.address = "10.%d.%d.2" % (a, b)
        self.rate_kbit = rate_kbit

    @staticmethod
    def _ip(*args):
        subprocess.run(args, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def __enter__(self):
        self._ip("ip", "netns", "add", self.name)
        try:
            self._ip("ip", "link", "add", self.host_if, "type", "veth", "peer", "name",
                     self.ns_if)
            self._ip("ip", "link", "set", self.ns_if, "netns", self.name)
            self._ip("ip", "addr", "add", self.host_addr + "/30", "dev", self.host_if)
            self._ip("ip", "link", "set", self.host_if, "up")
            inside = ("ip", "netns", "exec", self.name)
            self._ip(*inside, "ip", "addr", "add", self.address + "/30", "dev", self.ns_if)
            self._ip(*inside, "ip", "link", "set", self.ns_if, "up")
            self._ip(*inside, "ip", "link", "set", "lo", "up")
            if self.rate_kbit:
                self._ip("tc", "qdisc", "replace", "dev", self.host_if, "root", "tbf",
                         "rate", "%dkbit" % self.rate_kbit, "burst", "16kb",
                         "latency", "400ms")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        subprocess.run(["ip", "link", "del", self.host_if], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["ip", "netns", "del", self.name], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --------------------------------------------------------------------------
# ffprobe / ffmpeg


def _ffprobe_json(args):
    out = subprocess.run(["ffprobe", "-v", "error", "-of", "json"] + args,
                         check=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return json.loads(out.stdout.decode("utf-8", "replace") or "{}")


def streams(path):
    """ffprobe's streams (list of dicts: codec_type, codec_name, width,
    height, sample_rate, ...)."""
    return _ffprobe_json(["-show_streams", path]).get("streams", [])


def probe_format(path):
    return _ffprobe_json(["-show_format", path]).get("format", {})


def stream_of(path, codec_type):
    for stream in streams(path):
        if stream.get("codec_type") == codec_type:
            return stream
    return None


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def packets(path, select="v:0"):
    """Packets of one stream in decode order: dicts with pts_time, dts_time,
    duration_time (floats or None), size (int), key (bool)."""
    data = _ffprobe_json(["-select_streams", select, "-show_entries",
                          "packet=pts_time,dts_time,duration_time,size,flags",
                          path])
    result = []
    for pkt in data.get("packets", []):
        result.append({
            "pts_time": _float(pkt.get("pts_time")),
            "dts_time": _float(pkt.get("dts_time")),
            "duration_time": _float(pkt.get("duration_time")),
            "size": int(pkt.get("size", 0)),
            "flags": pkt.get("flags", ""),
            "key": "K" in pkt.get("flags", ""),
        })
    return result


def max_video_gap(path, select="v:0"):
    """The largest step between consecutive video timestamps (s), or None:
    a gap the viewer would see as a freeze."""
    times = sorted(p["pts_time"] for p in packets(path, select) if p["pts_time"] is not None)
    if len(times) < 2:
        return None
    return max(b - a for a, b in zip(times, times[1:]))


def keyframe_times(path, select="v:0"):
    """Sorted presentation times (s) of the key packets of a stream."""
    return sorted(p["pts_time"] for p in packets(path, select)
                  if p["key"] and p["pts_time"] is not None)


def keyframe_gaps_in_frames(path, fps, select="v:0"):
    """Distances between consecutive keyframes, in frames at fps."""
    times = keyframe_times(path, select)
    return [round((b - a) * fps) for a, b in zip(times, times[1:])]


def media_duration(path, select="v:0"):
    """What a stream covers: last pts - first pts + one packet duration.
    Independent of container metadata, which live FLV files lack."""
    pkts = [p for p in packets(path, select) if p["pts_time"] is not None]
    if not pkts:
        return 0.0
    first = min(p["pts_time"] for p in pkts)
    last = max(pkts, key=lambda p: p["pts_time"])
    step = last["duration_time"]
    if not step:
        times = sorted(p["pts_time"] for p in pkts)
        step = (times[-1] - times[0]) / max(1, len(times) - 1)
    return last["pts_time"] - first + step


def start_time(path, select="v:0"):
    pkts = [p["pts_time"] for p in packets(path, select)
            if p["pts_time"] is not None]
    return min(pkts) if pkts else None


def count_frames(path, select="v:0"):
    """Decoded frame count (ffprobe -count_frames)."""
    data = _ffprobe_json(["-count_frames", "-select_streams", select,
                          "-show_entries", "stream=nb_read_frames", path])
    try:
        return int(data["streams"][0]["nb_read_frames"])
    except (KeyError, IndexError, ValueError):
        return 0


def decode_errors(path):
    """ffmpeg's complaints while decoding the whole file ('' if clean)."""
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path,
                          "-f", "null", "-"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return out.stderr.decode("utf-8", "replace").strip()


def frame_rgb(path, at, width, height):
    """The decoded frame at `at` seconds from the start of the file as raw
    RGB24 bytes, scaled to width x height."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-ss", "%.3f" % at, "-i", path,
         "-frames:v", "1", "-vf", "scale=%d:%d" % (width, height),
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        check=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    data = out.stdout
    if len(data) < width * height * 3:
        raise RuntimeError("no frame at %.3f s in %s (%d bytes)"
                           % (at, path, len(data)))
    return data[:width * height * 3]


def frame_png(path, at, out_png):
    """Save the decoded frame at `at` seconds as a PNG."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-ss",
                    "%.3f" % at, "-i", path, "-frames:v", "1", out_png],
                   check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return out_png


def read_png_rgb(path, width, height):
    """Any image file decoded by ffmpeg into RGB24 bytes of width x height."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-frames:v", "1",
         "-vf", "scale=%d:%d" % (width, height), "-f", "rawvideo",
         "-pix_fmt", "rgb24", "-"],
        check=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    return out.stdout[:width * height * 3]


# --------------------------------------------------------------------------
# Pixels


def region_mean(rgb, width, rect):
    """Mean (r, g, b) of rect = (x0, y0, x1, y1), end exclusive."""
    x0, y0, x1, y1 = rect
    sums = [0, 0, 0]
    for y in range(y0, y1):
        row = rgb[(y * width + x0) * 3:(y * width + x1) * 3]
        sums[0] += sum(row[0::3])
        sums[1] += sum(row[1::3])
        sums[2] += sum(row[2::3])
    n = max(1, (x1 - x0) * (y1 - y0))
    return tuple(s / n for s in sums)


def colour_distance(a, b):
    """Largest per-channel difference between two colours."""
    return max(abs(x - y) for x, y in zip(a, b))


def diff_stats(rgb_a, rgb_b, width, height, exclude=None):
    """Compare two frames pixel by pixel, skipping the exclude rect (or list
    of rects).  Returns (mean absolute difference per channel, fraction of
    pixels whose largest channel difference exceeds 48)."""
    if exclude and isinstance(exclude[0], int):
        exclude = [exclude]
    exclude = exclude or []
    total = 0
    big = 0
    pixels = 0
    for y in range(height):
        spans = [(x0, x1) for x0, y0, x1, y1 in exclude if y0 <= y < y1]
        base = y * width * 3
        for x in range(width):
            if spans and any(x0 <= x < x1 for x0, x1 in spans):
                continue
            i = base + x * 3
            d0 = abs(rgb_a[i] - rgb_b[i])
            d1 = abs(rgb_a[i + 1] - rgb_b[i + 1])
            d2 = abs(rgb_a[i + 2] - rgb_b[i + 2])
            total += d0 + d1 + d2
            if max(d0, d1, d2) > 48:
                big += 1
            pixels += 1
    pixels = max(1, pixels)
    return total / (3.0 * pixels), big / float(pixels)


def changing_box(rgb_a, rgb_b, width, height, threshold=16):
    """Bounding box (x0, y0, x1, y1) of the pixels that differ by more than
    threshold between two frames, or None."""
    xs, ys = [], []
    for y in range(height):
        base = y * width * 3
        for x in range(width):
            i = base + x * 3
            if max(abs(rgb_a[i] - rgb_b[i]), abs(rgb_a[i + 1] - rgb_b[i + 1]),
                   abs(rgb_a[i + 2] - rgb_b[i + 2])) > threshold:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs) + 1, max(ys) + 1)


def write_png(path, width, height, rgb):
    """Write RGB24 bytes as a PNG (zlib, no dependencies)."""
    def chunk(kind, data):
        body = kind + data
        return (struct.pack(">I", len(data)) + body
                + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF))

    stride = width * 3
    raw = b"".join(b"\x00" + bytes(rgb[y * stride:(y + 1) * stride])
                   for y in range(height))
    with open(path, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                                8, 2, 0, 0, 0)))
        handle.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        handle.write(chunk(b"IEND", b""))
    return path


def make_card_png(path, width=320, height=180, fill=(255, 0, 255),
                  border=(255, 255, 255), border_width=8):
    """A flat card: fill colour with a border, as a PNG."""
    row_border = bytes(border) * width
    row_mid = (bytes(border) * border_width
               + bytes(fill) * (width - 2 * border_width)
               + bytes(border) * border_width)
    rows = []
    for y in range(height):
        edge = y < border_width or y >= height - border_width
        rows.append(row_border if edge else row_mid)
    return write_png(path, width, height, b"".join(rows))


def pip_rect(canvas_w, canvas_h, scale=0.3, corner="bottom-right"):
    """Where the engine puts a PiP inset (the headless contract): size
    scale x canvas in both directions, margin 2.5 % of the canvas width
    rounded down to an even number."""
    w = int(round(canvas_w * scale))
    h = int(round(canvas_h * scale))
    margin = int(canvas_w * 0.025) // 2 * 2
    x = margin if "left" in corner else canvas_w - margin - w
    y = margin if corner.startswith("top") else canvas_h - margin - h
    return (x, y, x + w, y + h)


def shrink(rect, by):
    x0, y0, x1, y1 = rect
    return (x0 + by, y0 + by, x1 - by, y1 - by)


def grow(rect, by, width, height):
    x0, y0, x1, y1 = rect
    return (max(0, x0 - by), max(0, y0 - by), min(width, x1 + by),
            min(height, y1 + by))


# --------------------------------------------------------------------------
# GStreamer dot dumps


_DOT_PIPELINE = re.compile(r'^\s*label="<([A-Za-z0-9_]+)>\\n([^\\"]*)', re.M)
_DOT_ELEMENT = re.compile(r'label="(Gst[A-Za-z0-9_]+)\\n([^\\"]+)')


def dot_elements(dot_dir, gtype):
    """Distinct (pipeline, element) pairs of a GType name (e.g. GstX264Enc)
    over every .dot file in dot_dir.  A pipeline dumped twice counts once.
    Returns (set of pairs, list of dot files)."""
    found = set()
    files = sorted(f for f in os.listdir(dot_dir) if f.endswith(".dot"))
    for name in files:
        with open(os.path.join(dot_dir, name), errors="replace") as handle:
            text = handle.read()
        top = _DOT_PIPELINE.search(text)
        pipeline = top.group(2) if top else name
        for match in _DOT_ELEMENT.finditer(text):
            if match.group(1) == gtype:
                found.add((pipeline, match.group(2)))
    return found, files


# --------------------------------------------------------------------------
# The vitrine binary


def vitrine_binary():
    """VITRINE_BINARY (set by meson), else the build dir, else build/."""
    candidates = [os.environ.get("VITRINE_BINARY")]
    if os.environ.get("VITRINE_BUILD_ROOT"):
        candidates.append(os.path.join(os.environ["VITRINE_BUILD_ROOT"],
                                       "src", "vitrine"))
    candidates.append(os.path.join(SOURCE_ROOT, "build", "src", "vitrine"))
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError("vitrine binary not found (set VITRINE_BINARY "
                            "or build into build/)")


def random_key(prefix="vk"):
    """A stream key that cannot appear anywhere by accident."""
    return "%s%s" % (prefix, secrets.token_hex(12))


def key_env_name(destination_id):
    return "VITRINE_KEY_" + re.sub(r"[^A-Za-z0-9]", "_",
                                   destination_id).upper()


def clean_env(extra=None, drop_keys=True):
    """os.environ, without any VITRINE_KEY_* (unless drop_keys is False),
    plus extra (a value of None removes the variable)."""
    env = dict(os.environ)
    if drop_keys:
        for name in list(env):
            if name.startswith("VITRINE_KEY_"):
                del env[name]
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def parse_line(line):
    """One stdout line as a dict; lines that are not a JSON object become
    {"event": None, "raw": line}."""
    try:
        obj = json.loads(line)
    except ValueError:
        return {"event": None, "raw": line}
    if not isinstance(obj, dict):
        return {"event": None, "raw": line}
    return obj


_DATA_HOME = None


def private_data_home(env):
    """env (or os.environ) with XDG_DATA_HOME in a temporary folder of this
    test process, unless the test set its own: the show journals a run
    keeps there never land in the user's home nor leak between tests."""
    global _DATA_HOME
    env = dict(os.environ if env is None else env)
    if env.get("XDG_DATA_HOME") == os.environ.get("XDG_DATA_HOME"):
        if _DATA_HOME is None:
            _DATA_HOME = tempfile.mkdtemp(prefix="vitrine-test-data-")
            atexit.register(shutil.rmtree, _DATA_HOME, True)
        env["XDG_DATA_HOME"] = _DATA_HOME
    return env


class VitrineRun:
    """A running `vitrine`, its stdout parsed line by line as it comes.

    events: parsed stdout lines, each with "_rx" = time.monotonic() when it
    was read.  Use send() to write JSON commands on stdin.
    """

    def __init__(self, args, env=None, cwd=None, stdin_pipe=True):
        self.args = [vitrine_binary()] + list(args)
        env = private_data_home(env)
        self.events = []
        self.stdout_lines = []
        self.stderr_chunks = []
        self._cond = threading.Condition()
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            self.args, env=env, cwd=cwd,
            stdin=subprocess.PIPE if stdin_pipe else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)
        self._threads = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _read_stdout(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            event = parse_line(line)
            event["_rx"] = time.monotonic()
            with self._cond:
                self.stdout_lines.append(line)
                self.events.append(event)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def _read_stderr(self):
        for raw in self.proc.stderr:
            with self._cond:
                self.stderr_chunks.append(raw.decode("utf-8", "replace"))

    @property
    def stderr(self):
        with self._cond:
            return "".join(self.stderr_chunks)

    def send(self, obj):
        """Write one JSON command line on stdin."""
        data = (json.dumps(obj) + "\n").encode()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def close_stdin(self):
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()

    def wait_for(self, predicate, timeout):
        """The first event (in order) for which predicate(event) is true,
        waiting up to timeout seconds; None on timeout or exit."""
        deadline = time.monotonic() + timeout
        index = 0
        with self._cond:
            while True:
                while index < len(self.events):
                    if predicate(self.events[index]):
                        return self.events[index]
                    index += 1
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                if self.proc.poll() is not None and \
                        not self._threads[0].is_alive():
                    return None
                self._cond.wait(min(remaining, 0.2))

    def wait(self, timeout):
        """Wait for the exit; on timeout SIGTERM then SIGKILL, rc None."""
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop_process(self.proc, signal.SIGTERM, grace=5.0)
            rc = None
        for thread in self._threads:
            thread.join(timeout=5.0)
        self.close_stdin()
        return rc

    def kill(self):
        _stop_process(self.proc, signal.SIGTERM, grace=5.0)


def run_vitrine(args, env=None, timeout=60.0, cwd=None, stdin_data=None):
    """Run vitrine to the end.  Returns (rc, events, stderr_text): rc is
    None if it had to be killed after timeout seconds; events are the parsed
    stdout lines (see parse_line).  stdin is stdin_data (bytes or str) then
    EOF, or /dev/null."""
    binary = vitrine_binary()
    env = private_data_home(env)
    if isinstance(stdin_data, str):
        stdin_data = stdin_data.encode()
    proc = subprocess.Popen([binary] + list(args), env=env, cwd=cwd,
                            stdin=subprocess.PIPE if stdin_data is not None
                            else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(input=stdin_data, timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        _stop_process(proc, signal.SIGTERM, grace=5.0)
        out, err = proc.communicate()
        rc = None
    lines = out.decode("utf-8", "replace").splitlines()
    return rc, [parse_line(line) for line in lines], \
        err.decode("utf-8", "replace")


def events_of(events, kind, **match):
    """Events with event == kind and the given field values."""
    return [e for e in events if e.get("event") == kind
            and all(e.get(k) == v for k, v in match.items())]


def first_event(events, kind, **match):
    found = events_of(events, kind, **match)
    return found[0] if found else None


def non_json_lines(events):
    return [e["raw"] for e in events if e.get("event") is None]


def write_show(path, show):
    with open(path, "w") as handle:
        json.dump(show, handle, indent=2)
        handle.write("\n")
    return path


def basic_show(rtmp_url=None, recording=None, width=640, height=360, fps=30,
               tone=True, inset_path=None, start_scene="full",
               video_bitrate=2500, keyframe_interval=2):
    """A show with an smpte test pattern (+ optional tone and image inset),
    a full and (with inset_path) a pip scene, and the given destinations
    (rtmp id "local", recording id "rec")."""
    sources = [{"id": "pattern", "type": "test-pattern", "pattern": "smpte"}]
    if inset_path:
        sources.append({"id": "logo", "type": "image", "path": inset_path})
    if tone:
        sources.append({"id": "tone", "type": "tone", "frequency": 440,
                        "volume": 0.3})
    scenes = [{"id": "full", "name": "Full", "layout": "full",
               "main": "pattern"}]
    if inset_path:
        scenes.append({"id": "pip", "name": "Picture in picture",
                       "layout": "pip", "main": "pattern", "inset": "logo",
                       "corner": "bottom-right", "inset_scale": 0.3})
    destinations = []
    if rtmp_url:
        destinations.append({"id": "local", "name": "Local", "type": "rtmp",
                             "url": rtmp_url})
    if recording:
        destinations.append({"id": "rec", "name": "Recording",
                             "type": "recording", "path": recording})
    return {
        "name": "Test",
        "canvas": {"width": width, "height": height, "fps": fps},
        "sources": sources,
        "scenes": scenes,
        "start_scene": start_scene,
        "encoder": {"video_bitrate": video_bitrate, "preset": "veryfast",
                    "keyframe_interval": keyframe_interval,
                    "audio_bitrate": 128},
        "destinations": destinations,
    }


def check_no_secret(tap, secret, texts, desc):
    """One TAP point: secret occurs in none of texts (a dict name -> str)."""
    leaks = [name for name, text in texts.items() if secret in (text or "")]
    return tap.ok(not leaks, desc, "the key appears in: %s" % ", ".join(leaks))


def files_containing(root, needle, skip_dirs=()):
    """Files under root whose bytes contain needle (a str)."""
    pattern = needle.encode()
    hits = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames
                       if os.path.join(dirpath, d) not in skip_dirs]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                if os.path.islink(path) or not os.path.isfile(path):
                    continue
                with open(path, "rb") as handle:
                    if pattern in handle.read():
                        hits.append(path)
            except OSError:
                pass
    return hits


class TempDir:
    """mkdtemp that is removed at exit unless VITRINE_KEEP_TEST_DIRS is set
    (then its path is printed as a TAP diagnostic)."""

    def __init__(self, prefix):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        if os.environ.get("VITRINE_KEEP_TEST_DIRS"):
            sys.stdout.write("# kept %s\n" % self.path)
            return
        shutil.rmtree(self.path, ignore_errors=True)


def require_tools(tap, *names):
    """skip_all unless every program is on PATH."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        tap.skip_all("missing programs: %s" % " ".join(missing))

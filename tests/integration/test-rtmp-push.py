#!/usr/bin/env python3
"""Acceptance: vitrine pushes to a real RTMP ingest and records locally.

nginx with libnginx-mod-rtmp is started on 127.0.0.1 (free port, throwaway
config, record all).  `vitrine --headless show.json --duration 8` goes live
on it (key from VITRINE_KEY_LOCAL) and records rec.mkv.  ffprobe on what
nginx recorded shows H.264 + AAC, the configured size, a keyframe every 2 s
(±1 frame) and a duration within 0.5 s of what was sent; the local
recording of the same run is equally valid; all pipelines together hold
exactly one x264 encoder; the key is printed nowhere.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))

import vitrine_testlib as vt  # noqa: E402

WIDTH, HEIGHT, FPS = 640, 360, 30
KEYFRAME_INTERVAL = 2
DURATION = 8.0


def check_media(tap, label, path, expect_keyframe_first):
    """The points shared by the ingest's FLV and the local MKV.  Returns the
    video media duration (s) or None."""
    video = vt.stream_of(path, "video")
    audio = vt.stream_of(path, "audio")
    tap.ok(video is not None and video.get("codec_name") == "h264"
           and audio is not None and audio.get("codec_name") == "aac",
           "%s: H.264 video and AAC audio" % label,
           "streams: %r" % [(s.get("codec_type"), s.get("codec_name"))
                            for s in vt.streams(path)])
    tap.ok(video is not None and video.get("width") == WIDTH
           and video.get("height") == HEIGHT,
           "%s: video is %dx%d like the canvas" % (label, WIDTH, HEIGHT),
           "video stream: %r" % ({k: video.get(k) for k in
                                  ("width", "height")} if video else None))
    tap.ok(audio is not None and str(audio.get("sample_rate")) == "48000",
           "%s: audio is 48000 Hz" % label,
           "audio sample_rate: %r" % (audio.get("sample_rate")
                                      if audio else None))

    pkts = [p for p in vt.packets(path, "v:0") if p["pts_time"] is not None]
    times = sorted(p["pts_time"] for p in pkts)
    if len(times) > 1:
        measured_fps = (len(times) - 1) / (times[-1] - times[0])
    else:
        measured_fps = 0.0
    tap.ok(abs(measured_fps - FPS) <= 0.5,
           "%s: %d fps from the timestamps (±0.5)" % (label, FPS),
           "measured %.3f fps over %d frames" % (measured_fps, len(times)))

    gaps = vt.keyframe_gaps_in_frames(path, FPS)
    want = FPS * KEYFRAME_INTERVAL
    bad = [g for g in gaps if abs(g - want) > 1]
    # 8 s at a 2 s interval gives 4 keyframes, so at least 3 gaps.
    tap.ok(len(gaps) >= 3 and not bad,
           "%s: a keyframe every %d frames (±1), every gap" % (label, want),
           "keyframe gaps in frames: %r" % gaps,
           "keyframes at (s): %r" % vt.keyframe_times(path))
    if expect_keyframe_first:
        first = pkts[0] if pkts else None
        tap.ok(first is not None and first["key"],
               "%s: the first video packet is a keyframe" % label,
               "first packet: %r" % (first,))

    errors = vt.decode_errors(path)
    tap.ok(errors == "", "%s: decodes without errors" % label,
           errors[:2000])

    video_duration = vt.media_duration(path, "v:0")
    audio_duration = vt.media_duration(path, "a:0")
    tap.ok(abs(video_duration - audio_duration) <= 0.5,
           "%s: audio covers the video's duration (±0.5 s)" % label,
           "video %.3f s, audio %.3f s" % (video_duration, audio_duration))
    return video_duration


def main(tap):
    vt.require_tools(tap, "nginx", "ffprobe", "ffmpeg")
    with vt.TempDir("vitrine-rtmp-push-") as tmp:
        server = vt.start_rtmp_server(os.path.join(tmp, "ingest"))
        try:
            show_dir = os.path.join(tmp, "show")
            dot_dir = os.path.join(tmp, "dots")
            os.makedirs(show_dir)
            os.makedirs(dot_dir)
            key = vt.random_key()
            show_path = vt.write_show(
                os.path.join(show_dir, "show.json"),
                vt.basic_show(rtmp_url=server.url, recording="rec.mkv",
                              width=WIDTH, height=HEIGHT, fps=FPS,
                              keyframe_interval=KEYFRAME_INTERVAL))
            local_recording = os.path.join(show_dir, "rec.mkv")
            env = vt.clean_env({vt.key_env_name("local"): key,
                                "GST_DEBUG_DUMP_DOT_DIR": dot_dir})
            rc, events, stderr = vt.run_vitrine(
                ["--headless", show_path, "--duration", "%g" % DURATION],
                env=env, timeout=90)
        finally:
            server.stop()   # flushes and closes nginx's recording

        tap.is_equal(rc, 0, "vitrine --headless --duration %g exits 0"
                     % DURATION) or tap.diag("stderr:", stderr[-3000:])
        raw = vt.non_json_lines(events)
        tap.ok(events and not raw and all("event" in e for e in events),
               "every stdout line is a JSON object with an event",
               "other lines: %r" % raw[:10])
        tap.ok(events and events[-1].get("event") == "done",
               "the last stdout line is the done event",
               "last line: %r" % (events[-1] if events else None))

        live = {e.get("id"): e for e in vt.events_of(events, "output",
                                                     state="live")}
        tap.ok("local" in live and "rec" in live,
               "both destinations report state live",
               "output events: %r" % vt.events_of(events, "output"))
        tap.is_equal(live.get("local", {}).get("location"), server.url,
                     "the rtmp output's location is the server URL "
                     "(without the key)")
        tap.is_equal(live.get("rec", {}).get("location"), local_recording,
                     "the recording's location is the absolute .mkv path")

        flvs = server.recordings(key)
        tap.ok(len(flvs) == 1,
               "nginx recorded exactly one stream named by the key",
               "record dir: %r" % os.listdir(server.record_dir),
               "nginx log:", server.log_tail())
        if not flvs:
            return
        flv = flvs[0]
        ingest_duration = check_media(tap, "ingest FLV", flv, True)

        tap.ok(os.path.isfile(local_recording),
               "the local recording exists at %s" % local_recording)
        if not os.path.isfile(local_recording):
            return
        local_duration = check_media(tap, "local MKV", local_recording,
                                     False)

        # What was "sent": both files are fed by the same encoder, so the
        # local recording is the best account of the media that left it;
        # comparing against it also cancels the encoder's start-up latency.
        # The live period between the output's "live" and "done" events
        # includes connection set-up and teardown, so it is only reported.
        live_event = live.get("local")
        done = vt.first_event(events, "done")
        if live_event and done:
            tap.diag("rtmp output live for %.3f s (live event to done)"
                     % (done["time"] - live_event["time"]))
        tap.diag("durations: ingest %.3f s, local %.3f s"
                 % (ingest_duration, local_duration))
        tap.ok(abs(ingest_duration - local_duration) <= 0.5,
               "ingest duration within 0.5 s of the local recording's",
               "ingest %.3f s, local %.3f s" % (ingest_duration,
                                                local_duration))
        tap.ok(abs(local_duration - DURATION) <= 1.0,
               "local recording lasts %g s (±1 s)" % DURATION,
               "local %.3f s" % local_duration)
        tap.ok(abs(ingest_duration - DURATION) <= 1.0,
               "ingest recording lasts %g s (±1 s)" % DURATION,
               "ingest %.3f s" % ingest_duration)

        encoders, dots = vt.dot_elements(dot_dir, "GstX264Enc")
        tap.ok(len(dots) >= 2,
               "GST_DEBUG_DUMP_DOT_DIR got the pipelines' .dot files "
               "(program + destinations)", "dot files: %r" % dots)
        tap.ok(len(encoders) == 1,
               "exactly one x264enc across all pipelines",
               "x264enc elements (pipeline, element): %r" % sorted(encoders),
               "dot files: %r" % dots)

        vt.check_no_secret(tap, key, {
            "stdout": "\n".join(e.get("raw") or repr(e) for e in events),
            "stderr": stderr,
            "show file": open(show_path).read(),
        }, "the stream key appears neither on stdout/stderr nor in the show")
        # Dot dumps get attached to bug reports: a key in rtmp2sink's
        # location property would leak there.
        vt.check_no_secret(tap, key, {
            d: open(os.path.join(dot_dir, d), errors="replace").read()
            for d in dots
        }, "the stream key appears in no pipeline dot dump")


if __name__ == "__main__":
    vt.Tap().run(main)

#!/bin/sh
# run-fuzzers.sh — build and run every libFuzzer target of the feed parsers.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/fuzz/run-fuzzers.sh BUILD_DIR
#   BUILD_DIR holds config.h (meson's build root); binaries, logs, the
#   corpus grown by each run and any crash go to BUILD_DIR/fuzz/.
#   FUZZ_SECONDS (default 10) is how long each target runs; by hand, longer:
#     FUZZ_SECONDS=600 tests/fuzz/run-fuzzers.sh build
#   FUZZ_TARGETS="twitch-irc youtube-parse" runs only those.
#   Output is TAP: one "ok"/"not ok" per target ("meson test --suite fuzz").
#
# Adding a target: create tests/fuzz/fuzz-<name>.c defining
# LLVMFuzzerTestOneInput(), and put these two comment lines at its top, each
# (paths relative to the source root):
#
#   // sources: src/feed/vitrine-foo-parse.c src/feed/vitrine-feed-item.c
#   // pkg-config: glib-2.0 gobject-2.0 json-glib-1.0
#
# A line may repeat to stay under 100 columns; the lists are joined.
#
# It is compiled with
#   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
#         -I src/feed -I src/core -I BUILD_DIR (config.h) -DGLIB_VERSION_…=2_74
#         fuzz-<name>.c <sources> $(pkg-config --cflags --libs <packages>)
# and run on a seed corpus in tests/fuzz/corpus/<name>/ (optional; a few
# small files in the documented wire format). The seeds are only read: new
# inputs libFuzzer finds go to BUILD_DIR/fuzz/corpus/<name>/, a crashing
# input to BUILD_DIR/fuzz/artifacts/<name>-crash-…; replay one with
#   BUILD_DIR/fuzz/fuzz-<name> BUILD_DIR/fuzz/artifacts/<name>-crash-…
# GLib runs with G_DEBUG=fatal-warnings, so a g_return_if_fail() that fires
# (a critical) counts as a crash too.

set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi

build=$(cd "$1" && pwd)
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
fuzzdir="$srcdir/tests/fuzz"
out="$build/fuzz"
seconds=${FUZZ_SECONDS:-10}
cc=${FUZZ_CC:-clang}

mkdir -p "$out/artifacts" "$out/corpus" "$out/logs"

if ! command -v "$cc" >/dev/null 2>&1; then
  echo "1..0 # SKIP $cc not found"
  exit 0
fi
if [ ! -f "$build/config.h" ]; then
  echo "Bail out! no config.h in $build: pass meson's build directory"
  exit 1
fi

# The values of a target's "// key: …" header lines, joined.
header () {
  sed -n "s|^// $2:[[:space:]]*||p" "$1" | tr '\n' ' ' | sed 's/ *$//'
}

# Every log line as a TAP comment.
comment () {
  sed 's/^/# /' "$1"
}

targets=""
for file in "$fuzzdir"/fuzz-*.c; do
  [ -e "$file" ] || continue
  name=$(basename "$file" .c)
  name=${name#fuzz-}
  if [ -n "${FUZZ_TARGETS:-}" ]; then
    case " $FUZZ_TARGETS " in
      *" $name "*) ;;
      *) continue ;;
    esac
  fi
  targets="$targets $name"
done

count=0
for name in $targets; do
  count=$((count + 1))
done
echo "1..$count"

export G_DEBUG=fatal-warnings
export G_SLICE=always-malloc
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

index=0
failed=0
for name in $targets; do
  index=$((index + 1))
  file="$fuzzdir/fuzz-$name.c"
  binary="$out/fuzz-$name"
  log="$out/logs/$name.log"
  sources=$(header "$file" sources)
  packages=$(header "$file" pkg-config)

  if [ -z "${sources%% }" ]; then
    echo "not ok $index - $name # no '// sources:' line"
    failed=$((failed + 1))
    continue
  fi

  flags=""
  if [ -n "$packages" ]; then
    # shellcheck disable=SC2086
    if ! flags=$(pkg-config --cflags --libs $packages 2>"$log"); then
      echo "not ok $index - $name # pkg-config $packages failed"
      comment "$log"
      failed=$((failed + 1))
      continue
    fi
  fi

  paths=""
  for source in $sources; do
    paths="$paths $srcdir/$source"
  done

  # shellcheck disable=SC2086
  if ! "$cc" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
         -fno-omit-frame-pointer \
         -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 \
         -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
         -I "$srcdir/src/feed" -I "$srcdir/src/core" -I "$build" \
         -o "$binary" "$file" $paths $flags >"$log" 2>&1; then
    echo "not ok $index - $name # does not compile"
    comment "$log"
    failed=$((failed + 1))
    continue
  fi

  corpus="$out/corpus/$name"
  mkdir -p "$corpus"
  seeds=""
  if [ -d "$fuzzdir/corpus/$name" ]; then
    seeds="$fuzzdir/corpus/$name"
  fi

  start=$(date +%s)
  # shellcheck disable=SC2086
  if "$binary" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$out/artifacts/$name-" "$corpus" $seeds >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log")
    units=$(find "$corpus" -type f | wc -l)
    echo "ok $index - $name # ${runs:-?} inputs in $(( $(date +%s) - start )) s, corpus $units"
  else
    echo "not ok $index - $name # crashed: see $log and $out/artifacts/"
    tail -n 60 "$log" | sed 's/^/# /'
    failed=$((failed + 1))
  fi
done

[ "$failed" -eq 0 ]

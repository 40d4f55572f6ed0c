#!/bin/sh
# Runs a test program with XDG_DATA_HOME in a fresh temporary folder, removed
# afterwards: the show journals the studio keeps there neither land in the
# user's home nor carry over from one run of a test to the next.
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/vitrine-test-data-XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
XDG_DATA_HOME="$dir" "$@"

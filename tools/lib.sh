# shellcheck shell=bash
# tools/lib.sh — shell functions shared by tools/demo and tools/test.
# Source it from a script in tools/; it cds to the repository root.
#
# Environment:
#   VITRINE_SKIP_PACKAGES=1   do not check/install Debian packages
#   VITRINE_BUILD_DIR=DIR     build directory (default: build)

VITRINE_TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VITRINE_ROOT="$(cd "$VITRINE_TOOLS_DIR/.." && pwd)"
VITRINE_BUILD_DIR="${VITRINE_BUILD_DIR:-build}"
cd "$VITRINE_ROOT" || exit 1

vitrine_say () {
  printf '%s\n' "$*" >&2
}

# The packages of tools/debian-packages.txt, one per line.
vitrine_package_list () {
  sed -e 's/#.*//' -e 's/[[:space:]]//g' "$VITRINE_TOOLS_DIR/debian-packages.txt" \
    | grep -v '^$'
}

# The listed packages dpkg does not report as installed ("ii").
vitrine_missing_packages () {
  local -a wanted
  mapfile -t wanted < <(vitrine_package_list)
  # dpkg-query complains on stderr about packages it has never heard of and
  # exits 1; those are simply missing.
  comm -23 <(printf '%s\n' "${wanted[@]}" | sort -u) \
           <(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${wanted[@]}" 2>/dev/null \
               | awk '$1 == "ii" { sub(/:.*/, "", $2); print $2 }' | sort -u)
}

# Install what is missing (as root), or say how to (otherwise, exit 1).
vitrine_ensure_packages () {
  local missing
  if [ -n "${VITRINE_SKIP_PACKAGES:-}" ]; then
    return 0
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    vitrine_say "tools: not a Debian system (no dpkg-query); install the packages of" \
                "tools/debian-packages.txt yourself, then set VITRINE_SKIP_PACKAGES=1"
    exit 1
  fi
  if [ ! -r "$VITRINE_TOOLS_DIR/debian-packages.txt" ]; then
    vitrine_say "tools: $VITRINE_TOOLS_DIR/debian-packages.txt is missing"
    exit 1
  fi
  missing="$(vitrine_missing_packages | tr '\n' ' ' | sed 's/ *$//')"
  if [ -z "$missing" ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    vitrine_say "tools: these Debian packages are missing: $missing"
    vitrine_say "Install them with:"
    printf 'sudo apt-get install -y --no-install-recommends %s\n' "$missing"
    exit 1
  fi
  vitrine_say "tools: installing missing Debian packages: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q || exit 1
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing </dev/null || exit 1
}

# Configure build/ once, then compile (a no-op in about a second when
# nothing changed).
vitrine_build () {
  if [ ! -f "$VITRINE_BUILD_DIR/build.ninja" ]; then
    if [ -d "$VITRINE_BUILD_DIR/meson-private" ]; then
      meson setup --wipe "$VITRINE_BUILD_DIR" >&2 || return 1
    else
      meson setup "$VITRINE_BUILD_DIR" >&2 || return 1
    fi
  fi
  meson compile -C "$VITRINE_BUILD_DIR" >&2
}

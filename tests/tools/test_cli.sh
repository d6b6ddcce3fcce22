#!/usr/bin/env bash
# tests/tools/test_cli.sh TUCKCAM SRCDIR — the tuckcam program end to end:
# help, version, dispatcher errors, exit codes, probe on clips made here with
# the ffmpeg CLI (plain, truncated, no frames, missing), models verify on a bad cache.
set -u
tc=$1; src=$2
command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg CLI not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
# expect NAME WANT_RC GREP_PATTERN -- CMD...
expect() {
  local name=$1 want=$2 pat=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then bad "$name: exit $rc, want $want"; echo "$out" | head -20; return; fi
  if [ -n "$pat" ] && ! grep -qE -- "$pat" <<<"$out"; then
    bad "$name: output lacks /$pat/"; echo "$out" | head -20; return
  fi
  ok "$name"
}

expect "help lists commands"   0 "^  models " -- "$tc" --help
expect "help exit codes"       0 "Exit status"    -- "$tc" --help
expect "version"               0 "^tuckcam [0-9]+\.[0-9]+\.[0-9]+" -- "$tc" --version
expect "version libraries"     0 "OpenCV 4\..*" -- "$tc" --version
expect "no command is usage"   2 "usage:"         -- "$tc"
expect "unknown command"       2 "unknown command 'frobnicate'" -- "$tc" frobnicate
expect "bad global option"     2 "usage:"         -- "$tc" --bogus
expect "probe help"            0 "usage: tuckcam probe" -- "$tc" probe --help
expect "probe needs input"     2 "usage:"         -- "$tc" probe
expect "probe bad scale"       2 "--scale"        -- "$tc" probe --scale 0 x.mp4

ffmpeg -nostdin -v error -f lavfi -i testsrc=size=160x120:rate=10 -t 2 \
  -pix_fmt yuv420p -c:v libx264 "$tmp/clip.mp4"
expect "probe counts frames"   0 "160x120 @ 10 fps, 20 frames" -- "$tc" probe "$tmp/clip.mp4"
expect "probe per-second rows" 0 "^ +1 +10 " -- "$tc" probe "$tmp/clip.mp4"
expect "probe missing file"    1 "nope.mp4"  -- "$tc" probe "$tmp/nope.mp4"
printf 'not a video at all' > "$tmp/junk.mp4"
expect "probe junk file"       1 "junk.mp4"  -- "$tc" probe "$tmp/junk.mp4"
ffmpeg -nostdin -v error -f lavfi -i testsrc=size=160x120:rate=10 -t 4 \
  -pix_fmt yuv420p -c:v libx264 -f matroska "$tmp/long.mkv"
head -c $(( $(stat -c %s "$tmp/long.mkv") * 6 / 10 )) "$tmp/long.mkv" > "$tmp/cut.mkv"
expect "probe truncated ends cleanly" 0 "frames" -- "$tc" probe "$tmp/cut.mkv"
head -c 700 "$tmp/long.mkv" > "$tmp/noframes.mkv"   # the header, no whole frame
expect "probe no frames: exit 1, said" 1 "noframes.mkv: no video frames" -- "$tc" probe "$tmp/noframes.mkv"
expect "probe sample video"    0 "640x480 @ 30 fps, 240 frames" -- "$tc" probe "$src/fixtures/sample/sample.mp4"

mkdir -p "$tmp/models"
expect "models path flag"      0 "^$tmp/models\$" -- "$tc" --models "$tmp/models" models path
expect "models path env"       0 "^$tmp/env\$" -- env TUCKCAM_MODELS="$tmp/env" "$tc" models path
expect "models missing"        3 "is missing; run 'tuckcam models fetch'" -- "$tc" models verify --models "$tmp/models"
printf 'tampered' > "$tmp/models/pose_landmark_lite.tflite"
expect "models tampered"       3 "pose_landmark_lite.tflite refused: SHA-256 mismatch \(expected f17bfbec[0-9a-f]{56}, got [0-9a-f]{64}" \
  -- "$tc" models verify --models "$tmp/models"
expect "models bad action"     2 "usage:" -- "$tc" models frob

finish

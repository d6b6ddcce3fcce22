#!/usr/bin/env bash
# tests/capture/test_decode.sh TUCKCAM — the file backend over a decode
# matrix made here with the ffmpeg CLI: H.264, HEVC, VP8, VP9, AV1, MJPEG,
# MPEG-4; odd dimensions; a phone-style rotated clip; variable frame rate;
# an image sequence; a truncated and a corrupted file. Each is decoded by
# `tuckcam probe` and checked for frame count, size and timestamps.
set -u
tc=$1
command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg CLI not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
# testsrc (RGB) keeps odd sizes; testsrc2 rounds them to even
src() { echo "-f lavfi -i testsrc=size=$1:rate=${2:-10} -t ${3:-2}"; }
mk() { local out=$1; shift; ffmpeg -nostdin -v error -y "$@" "$tmp/$out" 2>"$tmp/$out.err"; }

# codec  container  size   extra encoder options
while read -r name codec size opts; do
  mk "$name" $(src "$size") -c:v "$codec" $opts
  if [ ! -s "$tmp/$name" ]; then
    echo "SKIP - $name: this ffmpeg cannot encode $codec"; continue
  fi
  "$tc" probe "$tmp/$name" > "$tmp/$name.out" 2>&1; rc=$?
  check "$name: decodes 20 frames at $size" \
    "[ $rc = 0 ] && grep -q '${size}.* 20 frames' $tmp/$name.out" "$tmp/$name.out"
done <<'LIST'
h264.mp4    libx264     160x120 -pix_fmt yuv420p
hevc.mkv    libx265     160x120 -pix_fmt yuv420p -x265-params log-level=none
vp8.webm    libvpx      160x120 -b:v 200k
vp9.webm    libvpx-vp9  160x120 -b:v 200k
av1.mkv     libaom-av1  160x120 -cpu-used 8 -b:v 100k
mjpeg.avi   mjpeg       160x120 -q:v 5
mpeg4.mp4   mpeg4       160x120 -q:v 5
odd.mkv     libx264     161x97  -pix_fmt yuv444p
oddj.avi    mjpeg       161x97  -q:v 5
LIST

# a phone held upright: 160x120 stored, its track header's matrix says
# "turn 90 degrees clockwise" (FFmpeg 5.1's CLI no longer writes one, so
# the matrix is written into the tkhd box as a phone does: 44 bytes after
# the box type, nine 32-bit values)
mk rot.mp4 $(src 160x120) -c:v libx264 -pix_fmt yuv420p
off=$(grep -obUa tkhd "$tmp/rot.mp4" | head -1 | cut -d: -f1)
printf '\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x40\x00\x00\x00' |
  dd of="$tmp/rot.mp4" bs=1 seek=$((off + 44)) conv=notrunc status=none
"$tc" probe "$tmp/rot.mp4" > "$tmp/rot.out" 2>&1
check "rotated clip comes out upright (120x160, rotated)" \
  "grep -q '120x160.*20 frames.*rotated' $tmp/rot.out" "$tmp/rot.out"

# variable frame rate: frame gaps alternate 50 and 100 ms
mk vfr.mkv $(src 160x120 10 3) -vf "settb=1/1000,setpts='(floor(N/2)*0.15+mod(N,2)*0.05)/TB'" \
   -fps_mode passthrough -enc_time_base 1/1000 -c:v libx264 -pix_fmt yuv420p
"$tc" probe --timestamps "$tmp/vfr.mkv" > "$tmp/vfr.out" 2>&1
gaps=$(awk '/^  frame/ { if (n++) printf "%d\n", int(($4 - t) * 100 + 0.5) * 10; t = $4 }' "$tmp/vfr.out" | sort -un | tr '\n' ' ')
check "variable frame rate kept as real timestamps (gaps: $gaps)" "[ \"$gaps\" = '50 100 ' ]" "$tmp/vfr.out"

# an image sequence (printf pattern)
mk "img%03d.png" $(src 64x48 10 1)
"$tc" probe "$tmp/img%03d.png" > "$tmp/img.out" 2>&1
check "image sequence: 10 pictures" "grep -q '64x48.* 10 frames' $tmp/img.out" "$tmp/img.out"

# truncated at 60 %: ends cleanly with the frames before the cut
mk long.mkv $(src 160x120 10 4) -c:v libx264 -pix_fmt yuv420p
head -c $(( $(stat -c %s "$tmp/long.mkv") * 6 / 10 )) "$tmp/long.mkv" > "$tmp/cut.mkv"
"$tc" probe "$tmp/cut.mkv" > "$tmp/cut.out" 2>&1; rc=$?
n=$(grep -o '[0-9]* frames' "$tmp/cut.out" | head -1 | cut -d' ' -f1)
check "truncated file ends cleanly ($n of 40 frames)" "[ $rc = 0 ] && [ ${n:-0} -gt 5 ] && [ ${n:-0} -lt 40 ]" "$tmp/cut.out"

# corrupted: garbage written over the middle of a transport stream
mk good.ts $(src 160x120 10 4) -c:v libx264 -pix_fmt yuv420p -g 10
cp "$tmp/good.ts" "$tmp/bad.ts"
size=$(stat -c %s "$tmp/bad.ts")
for off in $((size / 3)) $((size / 2)) $((size * 2 / 3)); do
  head -c 3000 /dev/urandom | dd of="$tmp/bad.ts" bs=1 seek="$off" conv=notrunc status=none
done
"$tc" probe "$tmp/bad.ts" > "$tmp/bad.out" 2>&1; rc=$?
n=$(grep -o '[0-9]* frames' "$tmp/bad.out" | head -1 | cut -d' ' -f1)
c=$(grep -o '[0-9]* corrupt' "$tmp/bad.out" | head -1 | cut -d' ' -f1)
check "corrupted file: skipped and counted, not fatal ($n frames, $c corrupt)" \
  "[ $rc = 0 ] && [ ${n:-0} -gt 20 ] && [ ${c:-0} -gt 0 ]" "$tmp/bad.out"

# timestamps that go back (frames 10-12 stamped as frame 9): placed a frame
# interval apart, said once, counted - not squeezed into 1 us steps
ffmpeg -nostdin -v error -y -f lavfi -i testsrc=s=64x48:r=25:d=2 -c:v mjpeg -q:v 5 "$tmp/fwd.mkv"
ffmpeg -nostdin -v quiet -y -i "$tmp/fwd.mkv" -c copy -bsf:v "setts=ts='if(between(N,10,12),PTS-240,PTS)'" "$tmp/back.mkv"
"$tc" probe --timestamps "$tmp/back.mkv" > "$tmp/back.out" 2> "$tmp/back.err"; rc=$?
check "time going back: frames a frame interval apart" \
  "[ $rc = 0 ] && grep -q 'frame 11 t 0.440000' $tmp/back.out && grep -q 'frame 13 t 0.520000' $tmp/back.out" "$tmp/back.out"
check "time going back: said once, counted" \
  "[ \$(grep -c 'does not follow' $tmp/back.err) = 1 ] && grep -q '3 retimed' $tmp/back.out" "$tmp/back.err"

finish

#!/usr/bin/env bash
# tests/tools/test_tuckgen.sh TUCKGEN SRCDIR — the fixture generator: a
# committed script rendered again gives the committed truth file byte for
# byte (and, with the same x264 build, the same encoded frames: Matroska's
# segment and track UIDs are random, so the files differ in those header
# bytes only); the truth follows
# the script; bad scripts and missing photos are refused by name.
set -u
gen=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
gt="$src/fixtures/gt"

"$gen" -q --sheet --photos "$src/fixtures/photos" --landmarks "$src/fixtures/gt/landmarks" \
  --out "$tmp" "$gt/fps15.motion" 2> "$tmp/gen.err"; rc=$?
check "tuckgen: renders fps15.motion" "[ $rc = 0 ] && [ -s $tmp/fps15.mkv ] && [ -s $tmp/fps15.sheet.png ]" "$tmp/gen.err"
check "tuckgen: truth identical to the committed one" "cmp -s $tmp/fps15.truth.json $gt/fps15.truth.json"
packets() { ffmpeg -v error -i "$1" -c copy -f framemd5 - 2>/dev/null | md5sum; }
if ! command -v ffmpeg >/dev/null; then echo "info - no ffmpeg CLI: encoded frames not compared"
elif [ "$(packets "$tmp/fps15.mkv")" = "$(packets "$gt/fps15.mkv")" ]; then
  echo "info - encoded frames identical to the committed video"
else echo "info - encoded frames differ from the committed video (another x264/FFmpeg build?)"; fi
check "truth: 285 frames at 15 fps, 2 reps" \
  "grep -q '\"fps\":15' $tmp/fps15.truth.json && grep -o '\"start\":' $tmp/fps15.truth.json | wc -l | grep -qx 2"

printf 'tuckgen-motion 1\nphoto skimage_astronaut\nsize 160 120\nduration 2\nhand_at mouth\nkey 0 hand=0 rise=0\nkey 0.8 hand=1\nkey 1 rise=0\nkey 1.8 rise=1\n' > "$tmp/stand.motion"
"$gen" -q --photos "$src/fixtures/photos" --landmarks "$src/fixtures/gt/landmarks" \
  --out "$tmp" "$tmp/stand.motion" 2> "$tmp/stand.err"; rc=$?
check "tuckgen: a hand and a rise render, with their truth columns" \
  "[ $rc = 0 ] && grep -q '\"hand\":\[0.000,' $tmp/stand.truth.json && grep -q '\"rise\":\[0.000,' $tmp/stand.truth.json" "$tmp/stand.err"
check "truth: the face leaves the frame when the person stands up" \
  "grep -o '\"in_view\":\[[^]]*' $tmp/stand.truth.json | grep -q ',0'"
check "truth: no hand/rise columns where they do not move" "! grep -q '\"hand\"' $tmp/fps15.truth.json"
printf 'tuckgen-motion 1\nphoto skimage_astronaut\nkey 1 hand=2\n' > "$tmp/badhand.motion"
"$gen" -q --out "$tmp" "$tmp/badhand.motion" 2> "$tmp/badhand.err"; rc=$?
check "tuckgen: a hand beyond 0..1 names file and line" \
  "[ $rc = 1 ] && grep -q 'badhand.motion:3: hand: 2 is outside 0..1' $tmp/badhand.err" "$tmp/badhand.err"

printf 'tuckgen-motion 1\nphoto skimage_astronaut\nfps fast\n' > "$tmp/bad.motion"
"$gen" -q --out "$tmp" "$tmp/bad.motion" 2> "$tmp/bad.err"; rc=$?
check "tuckgen: a bad script names file and line" "[ $rc = 1 ] && grep -q 'bad.motion:3: fps' $tmp/bad.err" "$tmp/bad.err"
printf 'tuckgen-motion 1\nphoto nobody_here\n' > "$tmp/nophoto.motion"
"$gen" -q --out "$tmp" "$tmp/nophoto.motion" 2> "$tmp/nophoto.err"; rc=$?
check "tuckgen: a missing photo is named" "[ $rc = 1 ] && grep -q 'nobody_here' $tmp/nophoto.err" "$tmp/nophoto.err"
# the side view from a profile photo (the CC0 skimage_camera.png: a man
# seen from his right side, stooped, his chin below his near shoulder);
# it was refused with "the landmarks show no face above the shoulders"
printf 'tuckgen-motion 1\nphoto skimage_camera\nview side\nsize 160 120\nduration 2\nkey 0 lean=0\nkey 1.5 lean=40\n' > "$tmp/side.motion"
"$gen" -q --photos "$src/fixtures/photos" --landmarks "$src/fixtures/side/landmarks" \
  --out "$tmp" "$tmp/side.motion" 2> "$tmp/side.err"; rc=$?
check "tuckgen --view side: renders the profile photo" "[ $rc = 0 ] && [ -s $tmp/side.mkv ]" "$tmp/side.err"
check "tuckgen --view side: truth says side, the face in view" \
  "grep -q '\"view\":\"side\"' $tmp/side.truth.json && ! grep -q '\"in_view\":\[[^]]*0' $tmp/side.truth.json" "$tmp/side.truth.json"
check "tuckgen --view side: the committed side fixture's truth again" \
  "\"$gen\" -q --photos \"$src/fixtures/photos\" --landmarks \"$src/fixtures/side/landmarks\" --out $tmp $src/fixtures/side/rest_side.motion && cmp -s $tmp/rest_side.truth.json $src/fixtures/side/rest_side.truth.json"
# a camera turned about its optical centre (camera roll=): the truth says
# the placement, and the marks' CVA is the level one's (it is the true
# horizontal's)
sed 's/^view side$/view side\ncamera roll=8/' "$tmp/side.motion" > "$tmp/sideroll.motion"
"$gen" -q --photos "$src/fixtures/photos" --landmarks "$src/fixtures/side/landmarks" \
  --out "$tmp" "$tmp/sideroll.motion" 2> "$tmp/sideroll.err"; rc=$?
check "tuckgen camera roll=8: rendered, the truth says the placement" \
  "[ $rc = 0 ] && grep -q '\"camera\":{\"tilt_deg\":0.00,\"roll_deg\":8.00}' $tmp/sideroll.truth.json" "$tmp/sideroll.err"
check "tuckgen camera roll=8: the marks' resting CVA is the level camera's" \
  "[ \"\$(grep -o '\"cva_rest_deg\":{[^}]*}' $tmp/side.truth.json)\" = \"\$(grep -o '\"cva_rest_deg\":{[^}]*}' $tmp/sideroll.truth.json)\" ] && grep -q '\"cva_rest_deg\":{\"c7\":-13' $tmp/side.truth.json"
# the rolled frame is the level one turned 8 degrees about its centre (a
# pure turn of the camera is exact): the first frames' mean difference
# over the middle 100x80 px, the level frame turned by ffmpeg's rotate
# (measured 3.3 levels of x264 and resampling; 24.5 not turned, 34.9
# turned the wrong way)
rolldiff() {
  ffmpeg -v error -i "$tmp/side.mkv" -i "$tmp/sideroll.mkv" -filter_complex \
    "[0:v]format=gray,rotate=$1,crop=100:80:30:20[x];[1:v]format=gray,crop=100:80:30:20[y];[x][y]blend=all_mode=difference,format=gray" \
    -frames:v 1 -f rawvideo - | od -An -tu1 -v | awk '{for (i = 1; i <= NF; i++) {s += $i; n++}} END{printf "%.0f", n ? 10 * s / n : 9999}'
}
check "tuckgen camera roll=8: the level frame turned 8 degrees, exactly" \
  "t=\$(rolldiff '-8*PI/180'); u=\$(rolldiff 0); [ \$t -lt 60 ] && [ \$((3 * t)) -lt \$u ]"
"$gen" > /dev/null 2>&1; rc=$?
check "tuckgen: no script is a usage error (2)" "[ $rc = 2 ]"
finish

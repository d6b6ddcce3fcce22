#!/usr/bin/env bash
# tests/tools/test_track.sh TUCKCAM SRCDIR — tracking over video, on clips
# made here from the public-domain photos with the ffmpeg CLI:
#   walk-out: person 2 s, empty room 1 s, person 1 s -> found, lost, found
#   two people: the larger face at the start is followed, never the other
#   late arrival: a second person entering does not steal the track
#   nobody: no frame reports a person; exit 0
#   tiny frames: the vision error said once, in its own words; exit 1
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
astro="$src/fixtures/photos/skimage_astronaut.png"
grace="$src/fixtures/photos/mpl_grace_hopper.jpg"
mk() { ffmpeg -nostdin -v error -y "$@" -pix_fmt yuv420p -c:v libx264 -preset veryfast; }

mk -loop 1 -t 2 -i "$astro" -f lavfi -t 1 -i color=c=gray:s=320x320:r=10 -loop 1 -t 1 -i "$astro" \
   -filter_complex "[0]scale=320:320,fps=10,setsar=1[a];[1]setsar=1[b];[2]scale=320:320,fps=10,setsar=1[c];[a][b][c]concat=n=3:v=1" \
   "$tmp/walkout.mp4"
"$tc" track --csv "$tmp/walkout.mp4" > "$tmp/walkout.csv"; rc=$?
check "walk-out: exit 0" "[ $rc = 0 ]"
check "walk-out: 40 frames" "[ \$(tail -n +2 $tmp/walkout.csv | wc -l) = 40 ]"
check "walk-out: found while present (0-2 s)" \
  "[ \$(awk -F, 'NR>1 && \$2<1.95 && \$3!=1' $tmp/walkout.csv | wc -l) = 0 ]"
check "walk-out: nobody in the empty room (2-3 s)" \
  "[ \$(awk -F, 'NR>1 && \$2>=2.0 && \$2<2.95 && \$3!=0' $tmp/walkout.csv | wc -l) = 0 ]"
check "walk-out: found again on return (from 3.1 s)" \
  "[ \$(awk -F, 'NR>1 && \$2>=3.05 && \$3!=1' $tmp/walkout.csv | wc -l) = 0 ]"
"$tc" track "$tmp/walkout.mp4" > "$tmp/walkout.txt"
check "walk-out: summary names the gap" "grep -q 'no person from 2.00 s to 3.00 s' $tmp/walkout.txt"
check "walk-out: summary counts one loss" "grep -q 'tracking lost 1 time,' $tmp/walkout.txt"

mk -loop 1 -t 2 -i "$astro" -loop 1 -t 2 -i "$grace" \
   -filter_complex "[0]scale=320:320,setsar=1[a];[1]scale=-2:320,setsar=1[b];[a][b]hstack,fps=10" "$tmp/two.mp4"
"$tc" track --csv "$tmp/two.mp4" > "$tmp/two.csv"
check "two people: someone found in every frame" \
  "[ \$(awk -F, 'NR>1 && \$3!=1' $tmp/two.csv | wc -l) = 0 ]"
check "two people: the larger face (right) is followed throughout" \
  "[ \$(awk -F, 'NR>1 && \$5<0.55' $tmp/two.csv | wc -l) = 0 ]"

mk -loop 1 -t 2 -i "$astro" -loop 1 -t 2 -i "$grace" -f lavfi -t 2 -i color=c=gray:s=274x320:r=10 \
   -filter_complex "[0]scale=320:320,setsar=1[a];[1]scale=274:320,setsar=1,fps=10,trim=start=1,setpts=PTS-STARTPTS[g];[2]setsar=1,trim=end=1[e];[e][g]concat=n=2:v=1[r];[a]fps=10[a2];[a2][r]hstack" \
   "$tmp/late.mp4"
"$tc" track --csv "$tmp/late.mp4" > "$tmp/late.csv"
check "late arrival: the first person keeps the track" \
  "[ \$(awk -F, 'NR>1 && (\$3!=1 || \$5>0.55)' $tmp/late.csv | wc -l) = 0 ]"

mk -f lavfi -t 1 -i color=c=gray:s=320x240:r=10 "$tmp/nobody.mp4"
"$tc" track --csv "$tmp/nobody.mp4" > "$tmp/nobody.csv"; rc=$?
check "nobody: exit 0" "[ $rc = 0 ]"
check "nobody: no frame with a person" "[ \$(awk -F, 'NR>1 && \$3!=0' $tmp/nobody.csv | wc -l) = 0 ]"

# a vision error (frames under the models' 16x16): said once, in vision's words
mk -f lavfi -t 1 -i color=c=gray:s=8x8:r=10 "$tmp/tiny.mp4"
"$tc" track "$tmp/tiny.mp4" > "$tmp/tiny.txt" 2> "$tmp/tiny.err"; rc=$?
check "vision error: exit 1" "[ $rc = 1 ]"
check "vision error: one line, naming the frame and the size" \
  "[ \$(wc -l < $tmp/tiny.err) = 1 ] && grep -q 'frame 0: .*8x8.*16x16' $tmp/tiny.err"
check "vision error: no \"no error\"" "! grep -q 'no error' $tmp/tiny.err"

finish

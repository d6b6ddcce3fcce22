#!/usr/bin/env bash
# tests/display/test_window.sh TUCKCAM SRCDIR — `tuckcam live` with its
# OpenCV window on a real X server (Xvfb, started here on a free display,
# with the small window manager evilwm): screenshots of the display show
# the camera image at the window's origin, 1:1, with the overlay where it
# is drawn (landmarks, the gauge, the rep counter, the last rep's line);
# keys sent with xdotool: p freezes the view (two screenshots equal, the
# video time does not advance), c calibrates again (the event appears), q
# quits with exit 0 and the snapshot written; closing the window through
# the window manager (WM_DELETE_WINDOW) ends a `record` set cleanly, with
# its files. Every process started here is stopped by its PID, also on
# failure. Skips (77) without the X tools (scripts/setup.sh installs them)
# and in a sanitizer build (too slow for real time).
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
for t in Xvfb evilwm xdotool xwd convert compare; do
  command -v $t >/dev/null || { echo "SKIP: $t not installed (scripts/setup.sh installs the X test tools)"; exit 77; }
done
need_ffmpeg_and_models "$tc"
if ldd "$tc" 2>/dev/null | grep -q libasan; then   # CI's second pass
  echo "SKIP: sanitizer build: its live view runs at 2-3 frames a second, too slow for a"
  echo "      window checked at real speed (the normal build runs this test)"
  exit 77
fi
clip=$src/fixtures/sample/tucks.mp4   # 640x480, 22 s: neutral, then good reps
tmp=$(mktemp -d); pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
unset WAYLAND_DISPLAY
export XDG_RUNTIME_DIR=$tmp/xdg; mkdir -m 700 "$XDG_RUNTIME_DIR"

# A free display: Xvfb picks it (-displayfd) and writes its number.
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3> "$tmp/dpy" 2> "$tmp/xvfb.err" & pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/dpy" ] && break; sleep 0.1; done
[ -s "$tmp/dpy" ] || { echo "SKIP: Xvfb did not start: $(head -3 "$tmp/xvfb.err")"; exit 77; }
export DISPLAY=:$(head -1 "$tmp/dpy")
evilwm -fn fixed > "$tmp/wm.err" 2>&1 & wm=$!; pids+=($wm)

# the window of the running program, moved to the screen's corner; sets wx wy ww wh
find_window() {
  win=""; wname="^tuckcam $1\$"
  wait_for 15 eval 'win=$(xdotool search --onlyvisible --name "$wname" 2>/dev/null | head -1); [ -n "$win" ]' || return 1
  xdotool windowmove "$win" 0 0
  # the window takes the image's size at the first frame shown
  wait_for 10 eval 'eval "$(xdotool getwindowgeometry --shell "$win")"; [ "$WIDTH" = 640 ] && [ "$X" = 0 ]'
  wx=$X; wy=$Y; ww=$WIDTH; wh=$HEIGHT
}
# the window's 640x480 image from a screenshot of the whole display
shot() { xwd -root -silent | convert xwd:- -crop "640x480+$wx+$wy" +repage "$1"; }
# pixels of colour COLOR (within FUZZ %) in the GEOMETRY of FILE
count() {
  convert "$1" -crop "$2" +repage -alpha off -fuzz "${4:-6}%" -fill black +opaque "$3" \
    -fill white -opaque "$3" -colorspace gray -format '%[fx:round(mean*w*h)]' info:
}
# normalised RMSE of the same GEOMETRY of two images (0 = equal)
rmse() {
  convert "$1" -crop "$3" +repage "$tmp/c1.png"; convert "$2" -crop "$3" +repage "$tmp/c2.png"
  compare -metric RMSE "$tmp/c1.png" "$tmp/c2.png" null: 2>&1 | sed -n 's/.*(\([0-9.e-]*\))$/\1/p'
}
ev_time() { grep -m1 "  $2\$" "$1" | awk '{split($1, a, ":"); print a[1] * 60 + a[2]}'; }

ffmpeg -nostdin -v error -ss 2 -i "$clip" -frames:v 1 "$tmp/frame.png"
"$tc" live --input "$clip" --snapshot "$tmp/snap.png" > "$tmp/live.out" 2> "$tmp/live.err" & lp=$!; pids+=($lp)
if ! find_window live; then
  bad "live: a window appears"; cat "$tmp/live.err"; finish; exit
fi
check "window: the image's size exactly (640x480 at $wx,$wy; is ${ww}x$wh)" \
  "[ $ww = 640 ] && [ $wh = 480 ] && [ $wx -ge 0 ] && [ $wy -ge 0 ]"
wait_for 10 eval "grep -q 'neutral set' $tmp/live.out"
shot "$tmp/a.png"
# the camera image, 1:1 at the window's origin: a corner of the clip with
# no overlay on it (the flag) against the clip's own frame
e=$(rmse "$tmp/a.png" "$tmp/frame.png" 60x170+10+50); e=${e:-1}
check "window: the camera image at its origin (RMSE $e against the clip)" "awk 'BEGIN{exit !($e < 0.05)}'"
# landmarks: face-mesh dots (#ffc850) and the green pose points on the
# face, the shoulder line (#7fd1ff) below it (it covers the red shoulder
# points); the clip's own pixels have (almost) none of these colours
for spec in "face mesh:#ffc850:300x220+150+0:150" "pose points:#00ff00:300x220+150+0:10" \
            "shoulder line:#7fd1ff:400x200+100+180:150"; do
  IFS=: read -r what col geo min <<< "$spec"
  n=$(count "$tmp/a.png" "$geo" "$col"); n0=$(count "$tmp/frame.png" "$geo" "$col")
  check "overlay: $what ($col) where drawn: $n pixels (clip: $n0)" "[ $n -ge $min ] && [ $n0 -lt $((min / 5 + 1)) ]"
done
n=$(count "$tmp/a.png" 2x330+594+60 "#ffffff" 10)
check "overlay: the gauge's white frame at the right ($n of 660 pixels)" "[ $n -ge 600 ]"
n=$(count "$tmp/a.png" 500x38+0+0 "#ffffff" 10); n0=$(count "$tmp/frame.png" 500x38+0+0 "#ffffff" 10)
check "overlay: the rep counter's text in the top bar ($n white pixels, clip: $n0)" "[ $n -ge 300 ] && [ $n0 -lt 50 ]"
# the gauge fills (green, #35c46a) while the head is back in a rep
wait_for 4 eval "shot $tmp/g.png; [ \$(count $tmp/g.png 30x326+595+62 '#35c46a') -ge 300 ]"
n=$(count "$tmp/g.png" 30x326+595+62 "#35c46a")
check "overlay: the gauge fills green during a rep's hold ($n pixels)" "[ $n -ge 300 ]"
# the last rep's line (#ffe08a) at the bottom once a rep is scored
wait_for 15 eval "grep -q 'Rep 1: score' $tmp/live.out"
sleep 0.3; shot "$tmp/r.png"
n=$(count "$tmp/r.png" 500x30+0+400 "#ffe08a" 12); n0=$(count "$tmp/frame.png" 500x30+0+400 "#ffe08a" 12)
check "overlay: the last rep's line at the bottom after rep 1 ($n pixels, clip: $n0)" \
  "[ $n -ge 150 ] && [ $n0 -lt 30 ]" "$tmp/live.out"

# p: the view freezes and the video waits
xdotool mousemove --window "$win" 320 240; xdotool windowfocus --sync "$win" 2>/dev/null
xdotool key p
wait_for 5 eval "grep -q '  paused\$' $tmp/live.out"
sleep 0.3; shot "$tmp/p1.png"; sleep 1.5; shot "$tmp/p2.png"
d=$(compare -metric AE "$tmp/p1.png" "$tmp/p2.png" null: 2>&1)
check "p: two screenshots 1.5 s apart are equal ($d pixels differ)" "[ '$d' = 0 ]"
n=$(count "$tmp/p1.png" 500x38+0+0 "#ffffff" 10)
check "p: the paused view keeps its banner ($n white pixels)" "[ $n -ge 300 ]"
xdotool key p
wait_for 5 eval "grep -q '  going on\$' $tmp/live.out"
t1=$(ev_time "$tmp/live.out" paused); t2=$(ev_time "$tmp/live.out" "going on")
check "p: the video time does not advance while paused ($t1 s, then $t2 s)" \
  "[ -n '$t1' ] && [ -n '$t2' ] && awk 'BEGIN{exit !($t2 - $t1 < 0.2)}'" "$tmp/live.out"
sleep 1; shot "$tmp/p3.png"
d=$(compare -metric AE "$tmp/p2.png" "$tmp/p3.png" null: 2>&1)
check "p again: frames advance ($d pixels differ)" "[ '$d' != 0 ]"

# c: calibrating again, then a new neutral
xdotool key c
wait_for 6 eval "[ \$(grep -c 'neutral set' $tmp/live.out) -ge 2 ]"
check "c: calibrating again, then neutral set again" \
  "grep -q 'calibrating again' $tmp/live.out && [ \$(grep -c 'neutral set' $tmp/live.out) -ge 2 ]" "$tmp/live.out"

# q: exit 0, the table and the snapshot written
xdotool key q
wait_for 10 eval "! kill -0 $lp 2>/dev/null"
wait $lp; rc=$?
check "q: exit 0, the per-rep table printed" "[ $rc = 0 ] && grep -q 'capture-to-feedback latency' $tmp/live.out" "$tmp/live.err"
check "q: the snapshot written (640x480 PNG)" "[ \"\$(identify -format %wx%h $tmp/snap.png 2>/dev/null)\" = 640x480 ]"
check "live: nothing on stderr but the safety note" \
  "[ \$(grep -vc 'stop if you feel pain' $tmp/live.err) = 0 ]" "$tmp/live.err"

# closing the window (the window manager's delete: WM_DELETE_WINDOW) ends a
# record set cleanly: exit 0, video, trace and reports written
check "the window manager still runs (it closes the window below)" "kill -0 $wm 2>/dev/null" "$tmp/wm.err"
"$tc" record --out "$tmp/rec" --input "$clip" > "$tmp/rec.out" 2> "$tmp/rec.err" & rp=$!; pids+=($rp)
find_window record || bad "record: a window appears"
wait_for 10 eval "grep -q 'neutral set' $tmp/rec.out"
xdotool mousemove --window "$win" 320 240; sleep 0.3
xdotool key ctrl+alt+Escape   # evilwm: delete the window under the pointer
wait_for 10 eval "! kill -0 $rp 2>/dev/null"
wait $rp; rc=$?
b=$(ls "$tmp/rec"/session-*.mkv 2>/dev/null | head -1); b=${b%.mkv}
check "window closed: said, exit 0" "[ $rc = 0 ] && grep -q 'window closed; finishing the set' $tmp/rec.err" "$tmp/rec.err"
check "window closed: video, trace, report, CSV and HTML written" \
  "[ -n '$b' ] && [ -s $b.mkv ] && [ -s $b.trace.jsonl ] && [ -s $b.report.json ] && [ -s $b.reps.csv ] && [ -s $b.html ]" "$tmp/rec.out"
finish

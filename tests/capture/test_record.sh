#!/usr/bin/env bash
# tests/capture/test_record.sh REC_CHILD TUCKCAM — the recorder:
#   a finished recording holds every frame with its timestamps;
#   SIGKILL mid-session leaves a file that plays, holding the frames
#   written before the kill, and so does the overlay video beside it;
#   a full disk (a file size limit) stops the recording with a clear
#   message and leaves a valid file holding the frames written.
set -u
child=$1; tc=$2
command -v ffprobe >/dev/null || { echo "SKIP: ffprobe not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
count() { ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$1" 2>/dev/null; }

"$child" "$tmp/done.mkv" 2 > "$tmp/done.out"; rc=$?
check "finished recording: exit 0" "[ $rc = 0 ]"
check "finished recording: 60 frames" "[ \"\$(count $tmp/done.mkv)\" = 60 ]"
"$tc" probe --timestamps "$tmp/done.mkv" > "$tmp/done.probe" 2>&1
check "finished recording: timestamps kept (frame 59 at 1.967 s)" \
  "grep -q 'frame 59 t 1.96[67]' $tmp/done.probe"

"$child" "$tmp/kill.mkv" 20 --realtime --overlay "$tmp/kill_overlay.mkv" > "$tmp/kill.out" &
pid=$!
# Kill once 45 frames are written, however slow the machine (a sanitizer
# build on a busy CI runner wrote 42 in 3 s), giving up after 120 s.
wait_for 120 eval '[ "$(grep -c "^frames" "$tmp/kill.out")" -ge 45 ] || ! kill -0 "$pid"'
kill -9 "$pid"; wait "$pid" 2>/dev/null
n=$(grep -c '^frames' "$tmp/kill.out")
got=$(count "$tmp/kill.mkv")
echo "     killed after $n frames written; the file holds ${got:-none}"
check "SIGKILL: file plays (ffprobe reads it)" "[ -n \"$got\" ] && [ \"$got\" -gt 0 ]"
check "SIGKILL: holds every frame written before the kill ($got of $n)" \
  "[ \"$n\" -ge 45 ] && [ \"${got:-0}\" -ge \$((n - 1)) ] && [ \"${got:-0}\" -le \$((n + 1)) ]"
"$tc" probe "$tmp/kill.mkv" > "$tmp/kill.probe" 2>&1; rc=$?
check "SIGKILL: tuckcam decodes it to the end" "[ $rc = 0 ]"
ov=$(count "$tmp/kill_overlay.mkv")
check "SIGKILL: the overlay video beside it holds the same frames ($ov)" \
  "[ \"$n\" -ge 45 ] && [ \"${ov:-0}\" -ge \$((n - 1)) ] && [ \"${ov:-0}\" -le \$((n + 1)) ]"

"$child" "$tmp/full.mkv" 20 --fsize-limit 400000 > "$tmp/full.out"; rc=$?
n=$(grep -c '^frames' "$tmp/full.out")
got=$(count "$tmp/full.mkv")
echo "     disk full after $n frames; the file holds ${got:-none}"
check "disk full: recording stops with exit 3" "[ $rc = 3 ]"
check "disk full: the message says what happened" \
  "grep -q 'recording stopped after .* frames' $tmp/full.out"
check "disk full: the file is valid and holds the frames written ($got of $n)" \
  "[ \"$n\" -gt 10 ] && [ \"${got:-0}\" -ge \$((n - 1)) ]"

finish

#!/usr/bin/env bash
# tests/tools/test_record_sessions.sh TUCKCAM SRCDIR — `tuckcam record`
# never replaces a session: runs started in the same second (three at
# once on a short clip, then two at once on the whole sample clip, then
# three in a row) each keep their own session-DATE-TIME[-N] files, and
# every video plays to the end with a trace line a frame.
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY

sample=$src/fixtures/sample/tucks.mp4
ffmpeg -nostdin -v error -y -i "$sample" -t 2 -c copy "$tmp/short.mp4"
rec() { "$tc" record --input "$1" --every-frame --no-window --speed 100 --out "$2"; }
# wait for the start of a second, so that runs started now share it
new_second() { local s; s=$(date +%s); while [ "$(date +%s)" = "$s" ]; do sleep 0.02; done; }

# sessions: DIR WANT - every session whole, distinct, its video playing
sessions() {
  local dir=$1 want=$2 n=0 bad_=0 b f l
  for v in "$dir"/session-*.mkv; do
    [ -e "$v" ] || continue
    n=$((n + 1)); b=${v%.mkv}
    for s in trace.jsonl report.json reps.csv html; do [ -s "$b.$s" ] || { echo "  $b.$s missing"; bad_=1; }; done
    if [ -n "$(ffmpeg -nostdin -v error -i "$v" -f null - 2>&1)" ]; then echo "  $v does not play cleanly"; bad_=1; fi
    f=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$v")
    l=$(($(wc -l < "$b.trace.jsonl") - 1))
    [ "$f" = "$l" ] || { echo "  $v: $f frames, $l trace lines"; bad_=1; }
  done
  [ $n = "$want" ] || echo "  $n sessions in $dir, want $want"
  [ $n = "$want" ] && [ $bad_ = 0 ]
}

new_second
for i in 1 2 3; do rec "$tmp/short.mp4" "$tmp/three" > "$tmp/three$i.txt" 2>&1 & done
wait
check "three at once in one second: each says saved" \
  "[ \$(cat $tmp/three?.txt | grep -c 'saved ') = 3 ]" "$tmp/three1.txt"
check "three at once: three sessions, each whole and playing" "sessions $tmp/three 3"
# Names: those of one second are session-DATE-TIME, then -2, -3. The three
# usually claim theirs in one second; on a busy machine one may start in
# the next, which must then be that second's first (no suffix).
suffixes_in_order() {
  ls "$1"/*.mkv | sed 's|.*/||; s|\.mkv$||' | awk '
    { n = 1; stem = $0
      if (match($0, /-[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9]+$/)) {
        k = split($0, p, "-"); n = p[k]; stem = substr($0, 1, length($0) - length(n) - 1) }
      seen[stem, n] = 1; count[stem]++ }
    END { for (s in count) for (i = 1; i <= count[s]; i++) if (!((s, i) in seen)) exit 1
          for (s in count) if (count[s] > 1) shared = 1
          print shared ? "     (names shared a second: suffixed)" : "     (each in its own second)" }'
}
check "three at once: names session-DATE-TIME, -2, -3 within a second" "suffixes_in_order $tmp/three"

new_second
rec "$sample" "$tmp/two" > "$tmp/two1.txt" 2>&1 & p1=$!
rec "$sample" "$tmp/two" > "$tmp/two2.txt" 2>&1 & p2=$!
wait $p1; rc1=$?; wait $p2; rc2=$?
check "two at once on the sample: both exit 0" "[ $rc1 = 0 ] && [ $rc2 = 0 ]" "$tmp/two1.txt"
check "two at once: two sessions, each whole and playing" "sessions $tmp/two 2"

for i in 1 2 3; do rec "$tmp/short.mp4" "$tmp/row" > "$tmp/row$i.txt" 2>&1; done
check "three in a row: three sessions, each whole and playing" "sessions $tmp/row 3"

# a source that cannot be read leaves no session file (no empty claim)
printf 'not a video' > "$tmp/junk.mp4"
rec "$tmp/junk.mp4" "$tmp/none" > "$tmp/none.txt" 2>&1; rc=$?
check "unreadable source: exit 1, no session file left" "[ $rc = 1 ] && [ -z \"\$(ls $tmp/none 2>/dev/null)\" ]" "$tmp/none.txt"
finish

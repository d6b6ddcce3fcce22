#!/usr/bin/env bash
# tests/tools/test_batch.sh TUCKCAM SRCDIR — `tuckcam score` as a batch:
# folders walked, one report a video plus summary.csv/json, a bad video
# reported and skipped (exit 10 + failures), hidden entries said, a
# worker killed mid-video costs only that video (its .part removed), an
# interrupted run resumes where it stopped, and shards of an array job
# together cover every video once.
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# four short clips (6 s of the 15 fps fixture: calibration and one rep)
mkdir -p "$tmp/in/day2" "$tmp/in/.hidden"
for n in a b day2/c day2/d; do
  ffmpeg -nostdin -v error -y -i "$src/fixtures/gt/fps15.mkv" -t 6 -c copy "$tmp/in/$n.mkv"
done
echo "not a video" > "$tmp/in/broken.mp4"
echo "notes" > "$tmp/in/notes.txt"
cp "$tmp/in/a.mkv" "$tmp/in/.hidden/x.mkv"

"$tc" score -j 2 --out "$tmp/out" "$tmp/in" > "$tmp/run1.txt" 2> "$tmp/run1.err"; rc=$?
check "bad video: exit 11 (one failed), others scored" "[ $rc = 11 ]" "$tmp/run1.err"
check "folder walked: 5 videos, hidden and non-video skipped" \
  "[ \$(tail -n +2 $tmp/out/summary.csv | wc -l) = 5 ]" "$tmp/out/summary.csv"
check "the hidden folder skipped is said" "grep -q 'skipped 1 hidden entry.*\.hidden/' $tmp/run1.err" "$tmp/run1.err"
check "names keep the sub-folder" "[ -s $tmp/out/day2/c.mkv.report.json ] && [ -s $tmp/out/day2/d.mkv.trace.jsonl ]"
check "summary.csv: 4 ok, broken failed with the reason" \
  "[ \$(grep -c ',ok,' $tmp/out/summary.csv) = 4 ] && grep -q '^broken.mp4,.*,failed,.*Invalid data' $tmp/out/summary.csv" \
  "$tmp/out/summary.csv"
check "summary.json: versioned, totals" \
  "grep -q '\"tuckcam_summary\": 2' $tmp/out/summary.json && grep -q '\"failed\": 1' $tmp/out/summary.json"
check "a per-rep table a video on stdout" "[ \$(grep -c '  rep  start' $tmp/run1.txt) = 4 ]" "$tmp/run1.txt"
check "broken.error.txt written, no report" "[ -s $tmp/out/broken.mp4.error.txt ] && [ ! -e $tmp/out/broken.mp4.report.json ]"

# one worker scores videos in turn: each is scored as if alone (no
# tracking or smoothing state carried over from the video before)
mkdir -p "$tmp/order" "$tmp/alone"
ffmpeg -nostdin -v error -y -i "$src/fixtures/gt/good_front_hopper.mkv" -t 4 -c copy "$tmp/order/1.mkv"
cp "$tmp/in/a.mkv" "$tmp/order/2.mkv"; cp "$tmp/in/a.mkv" "$tmp/alone/2.mkv"
"$tc" score -q -j 1 --out "$tmp/o_order" "$tmp/order" > /dev/null 2>&1
"$tc" score -q -j 1 --out "$tmp/o_alone" "$tmp/alone" > /dev/null 2>&1
check "a video's trace does not depend on the video scored before it" \
  "cmp -s <(tail -n +2 $tmp/o_order/2.mkv.trace.jsonl) <(tail -n +2 $tmp/o_alone/2.mkv.trace.jsonl)"

# resume: nothing left but the broken one; a fixed video is then scored
rm "$tmp/in/broken.mp4"; cp "$tmp/in/a.mkv" "$tmp/in/broken.mp4"
"$tc" score -q --out "$tmp/out" --resume "$tmp/in" > "$tmp/run2.txt" 2>&1; rc=$?
check "resume: exit 0, 4 skipped, the fixed one scored" \
  "[ $rc = 0 ] && [ \$(grep -c ',ok,' $tmp/out/summary.csv) = 5 ] && [ ! -e $tmp/out/broken.mp4.error.txt ]" \
  "$tmp/run2.txt"

# a worker killed mid-video: that video fails, the rest go on
long="$tmp/long"; mkdir -p "$long"
for n in 1 2 3; do cp "$src/fixtures/gt/fps15.mkv" "$long/v$n.mkv"; done
"$tc" score -q -j 1 --out "$tmp/out2" "$long" > "$tmp/run3.txt" 2>&1 & pid=$!
wait_for 60 eval 'w=$(pgrep -P $pid | head -1); [ -n "$w" ] && [ -e "$tmp/out2/v1.mkv.trace.jsonl.part" ]'
kill -KILL "$w" 2>/dev/null
wait $pid; rc=$?
check "killed worker: exit 11, v1 failed naming the signal, v2 and v3 scored" \
  "[ $rc = 11 ] && grep -q '^v1.mkv,.*failed,.*signal 9' $tmp/out2/summary.csv && [ \$(grep -c ',ok,' $tmp/out2/summary.csv) = 2 ]" \
  "$tmp/out2/summary.csv"
check "killed worker: its .part removed, no lock left" \
  "[ ! -e $tmp/out2/v1.mkv.trace.jsonl.part ] && [ -z \"\$(ls $tmp/out2 | grep '\.lock')\" ]"

# interrupted: SIGINT to the program; the summary says pending; --resume finishes
"$tc" score -q -j 1 --out "$tmp/out3" "$long" > "$tmp/run4.txt" 2>&1 & pid=$!
wait_for 60 test -e "$tmp/out3/v1.mkv.report.json"
kill -INT $pid; wait $pid; rc=$?
check "interrupted: exit 130, says --resume, summary has pending" \
  "[ $rc = 130 ] && grep -q -- '--resume' $tmp/run4.txt && grep -q ',pending,' $tmp/out3/summary.csv" "$tmp/run4.txt"
"$tc" score -q -j 2 --out "$tmp/out3" --resume "$long" > "$tmp/run5.txt" 2>&1; rc=$?
check "resumed: exit 0, all 3 ok" "[ $rc = 0 ] && [ \$(grep -c ',ok,' $tmp/out3/summary.csv) = 3 ]" "$tmp/run5.txt"

# shards: three array tasks on one folder, then the summary is complete
for i in 0 1 2; do
  "$tc" score -q -j 1 --shard $i/3 --out "$tmp/out4" "$tmp/in" > "$tmp/shard$i.txt" 2>&1 &
done
wait
check "shards: every video once, summary complete" \
  "[ \$(ls $tmp/out4/*.report.json $tmp/out4/day2/*.report.json | wc -l) = 5 ] && [ \$(grep -c ',ok,' $tmp/out4/summary.csv) = 5 ]" \
  "$tmp/out4/summary.csv"

# usage errors
"$tc" score --shard 3/3 "$tmp/in" > "$tmp/u1.txt" 2>&1; rc=$?
check "--shard 3/3: exit 2" "[ $rc = 2 ] && grep -q 'I/N' $tmp/u1.txt" "$tmp/u1.txt"
"$tc" score --resume "$tmp/in" > "$tmp/u2.txt" 2>&1; rc=$?
check "--resume without --out: exit 2" "[ $rc = 2 ]" "$tmp/u2.txt"
mkdir -p "$tmp/empty"
"$tc" score "$tmp/empty" > "$tmp/u3.txt" 2>&1; rc=$?
check "empty folder: exit 1, said" "[ $rc = 1 ] && grep -q 'no videos' $tmp/u3.txt" "$tmp/u3.txt"
finish

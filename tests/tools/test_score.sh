#!/usr/bin/env bash
# tests/tools/test_score.sh TUCKCAM SRCDIR — scoring end to end with the
# real models, on the first 12.5 s of the demo clip (tuckgen, the astronaut
# photo): still 3 s, then one 22 mm chin tuck, a 1.5 s glide, a 5 s hold, a
# 1.5 s return. (A clip that shrank the whole picture was used until the
# trunk tracker: that is a lean of the whole body, no longer a rep.)
# Then: the trace, report and CSV; rescore reproduces the table without
# models; another profile changes the verdict; a torn trace is read up to
# its last whole line; bad profiles and traces are refused with the line.
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# one real chin tuck: the demo clip's first rep (fixtures/sample/tucks.motion:
# still 3 s, a 22 mm tuck 3.0-11.0 s), cut at 12.5 s before the second
ffmpeg -nostdin -v error -y -i "$src/fixtures/sample/tucks.mp4" -t 12.5 \
  -c:v libx264 -preset veryfast -crf 18 "$tmp/tuck.mp4"

"$tc" score --out "$tmp/out" "$tmp/tuck.mp4" > "$tmp/score.txt" 2> "$tmp/score.err"; rc=$?
check "score: exit 0" "[ $rc = 0 ]" "$tmp/score.err"
check "score: front view found" "grep -q 'view front' $tmp/score.txt" "$tmp/score.txt"
check "score: exactly one rep" "grep -q '^  1 rep of 10' $tmp/score.txt" "$tmp/score.txt"
check "score: trace, report, CSV written" \
  "[ -s $tmp/out/tuck.mp4.trace.jsonl ] && [ -s $tmp/out/tuck.mp4.report.json ] && [ -s $tmp/out/tuck.mp4.reps.csv ]"
check "trace: header + one line a frame (375)" "[ \$(wc -l < $tmp/out/tuck.mp4.trace.jsonl) = 376 ]"
check "report: versioned, one rep" \
  "grep -q '\"tuckcam_report\": 2' $tmp/out/tuck.mp4.report.json && [ \$(grep -c '\"index\":' $tmp/out/tuck.mp4.report.json) = 1 ]"
# start 3.0 s (+-0.3: measured 3.13-3.23 with the real models), depth 22 mm at the default camera (+-6: the scale is anthropometric)
start=$(awk -F, 'NR==2 {print $3}' "$tmp/out/tuck.mp4.reps.csv")
depth=$(awk -F, 'NR==2 {print $8}' "$tmp/out/tuck.mp4.reps.csv")
check "rep: starts at 3.0 s (got $start)" "awk 'BEGIN{exit !($start > 2.7 && $start < 3.3)}'"
check "rep: depth ~22 mm (got $depth)" "awk 'BEGIN{exit !($depth > 16 && $depth < 28)}'"
check "shoulders judged only if steady: said so" "grep -q 'not tracked steadily\|rep' $tmp/score.txt"

# rescore: same table, no models needed
TUCKCAM_MODELS=/nonexistent "$tc" rescore "$tmp/out/tuck.mp4.trace.jsonl" > "$tmp/re.txt" 2>&1; rc=$?
check "rescore: exit 0 without models" "[ $rc = 0 ]" "$tmp/re.txt"
check "rescore: the same per-rep table" \
  "diff <(tail -n +2 $tmp/score.txt) <(tail -n +2 $tmp/re.txt)" "$tmp/re.txt"
printf '[exercise]\nhold_s = 8\n' > "$tmp/long.ini"
"$tc" rescore --profile "$tmp/long.ini" --json "$tmp/long.json" --csv "$tmp/long.csv" \
  "$tmp/out/tuck.mp4.trace.jsonl" > "$tmp/long.txt" 2>&1
check "rescore: an 8 s prescription makes the 5 s hold short" \
  "grep -q short_hold $tmp/long.txt && grep -q short_hold $tmp/long.json && grep -q short_hold $tmp/long.csv" "$tmp/long.txt"

# a trace cut mid-line by a crash
head -c 90000 "$tmp/out/tuck.mp4.trace.jsonl" > "$tmp/torn.jsonl"
"$tc" rescore "$tmp/torn.jsonl" > "$tmp/torn.txt" 2>&1; rc=$?
check "torn trace: exit 0, says it was cut" "[ $rc = 0 ] && grep -q 'cut off' $tmp/torn.txt" "$tmp/torn.txt"
# a damaged line in the middle
sed '100s/.*/{"frame": oops/' "$tmp/out/tuck.mp4.trace.jsonl" > "$tmp/bad.jsonl"
"$tc" rescore "$tmp/bad.jsonl" > "$tmp/bad.txt" 2>&1; rc=$?
check "damaged trace: exit 1 naming line 100" "[ $rc = 1 ] && grep -q 'bad.jsonl:100:' $tmp/bad.txt" "$tmp/bad.txt"

# profiles
"$tc" profile > "$tmp/default.ini"; rc=$?
check "profile: defaults printed" "[ $rc = 0 ] && grep -q '^reps = 10' $tmp/default.ini"
"$tc" profile "$tmp/default.ini" > /dev/null; rc=$?
check "profile: its own output reads back" "[ $rc = 0 ]"
printf '[exercise]\nreps = 10\nhold = 5\n' > "$tmp/typo.ini"
"$tc" score --profile "$tmp/typo.ini" "$tmp/tuck.mp4" > "$tmp/typo.txt" 2>&1; rc=$?
check "bad profile: exit 2 with line and key" \
  "[ $rc = 2 ] && grep -q \"typo.ini:3: \[exercise\] unknown key 'hold'\" $tmp/typo.txt" "$tmp/typo.txt"
"$tc" score "$tmp/missing.mp4" > "$tmp/missing.txt" 2>&1; rc=$?
check "missing video: exit 11 (one failed), named" "[ $rc = 11 ] && grep -q missing.mp4 $tmp/missing.txt" "$tmp/missing.txt"
# one file named three ways (as given, with ./, through a link) is one job
ffmpeg -nostdin -v error -y -i "$tmp/tuck.mp4" -t 1 -c copy "$tmp/one.mp4"
ln -s one.mp4 "$tmp/link.mp4"
"$tc" score -j 1 --out "$tmp/dup" "$tmp/one.mp4" "$tmp/./one.mp4" "$tmp/link.mp4" > /dev/null 2> "$tmp/dup.err"
check "the same file named three ways: scored once, said" \
  "[ \$(ls $tmp/dup/*.done | wc -l) = 1 ] && grep -q 'scored once' $tmp/dup.err" "$tmp/dup.err"
finish

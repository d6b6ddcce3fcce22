#!/usr/bin/env bash
# tests/tools/test_eval_side.sh TUCKCAM SRCDIR — the side-view ground-truth
# evaluation: every fixture in fixtures/side (the CC0 profile photo moved by
# tools/tuckgen; fixtures/side/make.sh) scored with the real models and
# compared with its truth, against thresholds set just outside what they
# achieve (docs/side-view.md: counts 18 of 18, no count error allowed;
# timing 2.43 frames (1.46 before the backdrop fill of 2026-12-02 changed
# the fixtures, 2.33 before lean_tuck_side and sway_side), depth 0.95 mm,
# pitch 1.09 deg, CVA change 2.80 deg from the truth's tragus-C7 change, fault
# precision 1.0 and recall 1.0 - they were 0.67: shrug_side's false
# lost_tracking and missed shoulder_shrug); then the verdicts each fixture
# keeps, and what a rolled camera does to the resting CVA.
set -u
tc=$1; src=$2
"$tc" models verify >/dev/null 2>&1 || { echo "SKIP: models not fetched"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"

thr=(--max-count-errors 0 --max-timing-frames 2.8 --max-depth-mm 2 --max-pitch-deg 1.3
     --max-cva-deg 3.2 --min-precision 0.99 --min-recall 0.99)
"$tc" -q eval --traces "$tmp" "${thr[@]}" "$src"/fixtures/side/*.truth.json > "$tmp/eval.txt" 2> "$tmp/eval.err"; rc=$?
cat "$tmp/eval.txt"
check "eval side: every threshold met (exit 0)" "[ $rc = 0 ]" "$tmp/eval.err"
check "eval side: every fixture scored" "[ \$(grep -c '\.mkv ' $tmp/eval.txt) = \$(ls $src/fixtures/side/*.truth.json | wc -l) ]"
row() { awk -v f="$1.mkv" '$1 == f' "$tmp/eval.txt"; }
# the trunk lean: no rep (it read as three 155 mm tucks scored 100)
check "lean_side: no rep" "[ \"\$(row lean_side | awk '{print \$3}')\" = 0 ]" "$tmp/eval.txt"
# the held nod: found, and named nodding (it read as shoulder_shrug, pitch +0)
check "nod_side: one rep, nodding" "row nod_side | awk '{exit !(\$3 == 1)}' && row nod_side | grep -q '| .*nodding'" "$tmp/eval.txt"
check "too_fast_side: one rep, too_fast" "row too_fast_side | awk '{exit !(\$3 == 1)}' && row too_fast_side | grep -q '| .*too_fast'" "$tmp/eval.txt"
# the held tuck with a 30 mm shrug: counted (the pose shoulder slid 115 mm
# along the coat in its hold and it read as a whole-body move)
check "shrug_side: one rep" "[ \"\$(row shrug_side | awk '{print \$3}')\" = 1 ]" "$tmp/eval.txt"
# ... and named shoulder_shrug, nothing else (it raised a false
# lost_tracking - the profile test failed 1.2 s of its hold - and missed
# the shrug: the tracker found no shoulder outline on the coat)
check "shrug_side: faults exactly shoulder_shrug" "row shrug_side | grep -q '| shoulder_shrug\$'" "$tmp/eval.txt"
# two real tucks, each done with a 30 mm lean: counted and named
# trunk_lean, nothing else (the trunk from the tracker's chest centre; with
# the pose shoulder both read as whole-body moves, and the lean was not
# judged: "not tracked steadily enough")
check "lean_tuck_side: two reps, faults exactly trunk_lean" \
  "row lean_tuck_side | awk '{exit !(\$3 == 2)}' && row lean_tuck_side | grep -q '| trunk_lean\$'" "$tmp/eval.txt"
# three good tucks while the trunk sways 10 mm either way: all counted, no
# fault (main's scorer, the pose shoulder as the trunk: two, short_hold
# and jerky)
check "sway_side: three reps, no fault" "row sway_side | awk '{exit !(\$3 == 3)}' && row sway_side | grep -q '| -\$'" "$tmp/eval.txt"
check "rest_side: no rep" "[ \"\$(row rest_side | awk '{print \$3}')\" = 0 ]" "$tmp/eval.txt"
check "eval side: the CVA change compared on every rep found but the lean's" \
  "grep -Eq '^  CVA change, mean deg vs acromion +[0-9.]+  \(18 reps\)' $tmp/eval.txt" "$tmp/eval.txt"
for n in good_side good_side_near good_side_far good_side_tilt good_side_roll; do
  check "$n: two reps, no fault" "row $n | awk '{exit !(\$3 == 2)}' && row $n | grep -q '| -\$'" "$tmp/eval.txt"
done
# the view: side in every report the traces' rescoring gives
for t in "$tmp"/*.trace.jsonl; do
  TUCKCAM_MODELS=/nonexistent "$tc" rescore "$t" > "$tmp/r.txt" 2>&1
  check "$(basename "$t" .mkv.trace.jsonl): view side" "grep -q 'view side' $tmp/r.txt" "$tmp/r.txt"
  # the trunk judged on every one: the tracker follows the trunk (it read
  # "not tracked steadily enough" on all of them with the pose shoulder)
  check "$(basename "$t" .mkv.trace.jsonl): the trunk judged" "! grep -q 'not tracked steadily' $tmp/r.txt" "$tmp/r.txt"
  cp "$tmp/r.txt" "$tmp/$(basename "$t" .mkv.trace.jsonl).rescore.txt"
done
# the camera rolled 5 degrees: the resting CVA (against the frame's
# horizontal) reads about 5 degrees more than the level camera's (measured
# +4.6); the tilted one (10 degrees, aimed at the person) within 2
cva() { grep -o 'CVA -\?[0-9]* deg' "$tmp/$1.rescore.txt" | awk '{print $2}'; }
check "good_side_roll: resting CVA 3-7 deg over the level camera's" \
  "d=\$(( \$(cva good_side_roll) - \$(cva good_side) )); [ \$d -ge 3 ] && [ \$d -le 7 ]" "$tmp/good_side_roll.rescore.txt"
check "good_side_tilt: resting CVA within 2 deg of the level camera's" \
  "d=\$(( \$(cva good_side_tilt) - \$(cva good_side) )); [ \$d -ge -2 ] && [ \$d -le 2 ]" "$tmp/good_side_tilt.rescore.txt"
finish

#!/usr/bin/env bash
# tests/tools/test_csv_json.sh TUCKCAM SRCDIR — every cell of every CSV is
# the value of the JSON it mirrors: NAME.reps.csv against NAME.report.json
# (one row a rep), summary.csv against summary.json (one row a video).
# A batch of a clean fixture, one with faults and a file that is no video
# (a failed row: blank cells, the error). Each column is looked up in the
# JSON by its name (rep = index; a fault column = fault_counts.NAME); a
# column with no JSON value, a missing row or a differing cell fails.
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
command -v jq >/dev/null || { echo "SKIP: jq not installed (scripts/setup.sh)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

head -c 5000 /dev/urandom > "$tmp/broken.mp4"
"$tc" score -q --out "$tmp/out" "$src/fixtures/gt/good_front.mkv" \
  "$src/fixtures/gt/nodding.mkv" "$src/fixtures/side/good_side.mkv" "$tmp/broken.mp4" > "$tmp/score.txt" 2>&1
check "score: the three fixtures scored" \
  "[ -s $tmp/out/good_front.mkv.reps.csv ] && [ -s $tmp/out/nodding.mkv.reps.csv ] && [ -s $tmp/out/good_side.mkv.reps.csv ]" "$tmp/score.txt"

# A CSV file as JSON: [[cell, ...], ...] (RFC 4180 quoting, no line breaks).
csv_jq='[inputs | [match("(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,\"]*)"; "g") | .captures[0].string
         | if startswith("\"") then .[1:-1] | gsub("\"\""; "\"") else . end]]'
# One cell against its JSON value; the reason when they differ, else empty.
cell_jq='def cell($c; $v; $known):
  if ($known | not) then "no JSON value"
  elif $v == null then (if $c == "" then empty else "csv \($c), json null" end)
  elif ($v | type) == "boolean" then (if $c == (if $v then "1" else "0" end) then empty
                                       else "csv \($c), json \($v)" end)
  elif ($v | type) == "array" then (if $c == ($v | join(";")) then empty
                                     else "csv \($c), json \($v)" end)
  elif ($v | type) == "number" then (if $c != "" and ($c | tonumber? // null) == $v then empty
                                      else "csv \($c), json \($v)" end)
  elif $c == $v then empty else "csv \($c), json \($v)" end;'

# reps CSV: column rep = index, the rest by name; one row a rep, in order.
reps_jq="$cell_jq"'
  . as $csv | $rep[0].reps as $reps | $csv[0] as $hdr
  | (if ($csv | length) - 1 != ($reps | length)
     then "rows: \(($csv | length) - 1) in the CSV, \($reps | length) reps in the JSON" else empty end),
    (range(1; $csv | length) as $i | range(0; $hdr | length) as $j
     | $reps[$i - 1] as $r | (if $hdr[$j] == "rep" then "index" else $hdr[$j] end) as $k
     | cell($csv[$i][$j]; $r[$k]; $r | has($k)) | "rep \($i) \($hdr[$j]): \(.)")'
# summary CSV: a fault column is fault_counts.NAME; error only on failures.
sum_jq="$cell_jq"'
  . as $csv | $sum[0].videos as $v | $csv[0] as $hdr
  | (if ($csv | length) - 1 != ($v | length)
     then "rows: \(($csv | length) - 1) in the CSV, \($v | length) videos in the JSON" else empty end),
    (range(1; $csv | length) as $i | range(0; $hdr | length) as $j
     | $v[$i - 1] as $o | $hdr[$j] as $k
     | (if $o | has($k) then cell($csv[$i][$j]; $o[$k]; true)
        elif ($o.fault_counts // {}) | has($k) then cell($csv[$i][$j]; $o.fault_counts[$k]; true)
        elif $o.status != "ok" and ($k == "view" or $k == "reps" or $k == "partial_reps" or
             $k == "prescribed_reps" or $k == "mean_score" or $k == "duration_s" or
             $k == "lost_tracking_s" or $k == "camera" or $k == "mean_depth_fraction" or
             $k == "resting_head_forward_cm" or $k == "resting_cva_deg" or
             $k == "mean_cva_change_deg" or
             (["nodding","too_fast","short_hold","shallow",
             "shoulder_shrug","trunk_lean","rotation","jerky","lost_tracking"] | index($k)))
          then cell($csv[$i][$j]; null; true)
        elif $k == "error" then cell($csv[$i][$j]; null; $o.status != "failed")
        else cell($csv[$i][$j]; null; false) end)
     | "\($o.name) \($k): \(.)")'

for n in good_front nodding good_side; do
  jq -nR "$csv_jq" "$tmp/out/$n.mkv.reps.csv" > "$tmp/$n.csv.json"
  jq -r --slurpfile rep "$tmp/out/$n.mkv.report.json" "$reps_jq" "$tmp/$n.csv.json" \
    > "$tmp/$n.diff" 2>&1; rc=$?
  cols=$(jq '.[0] | length' "$tmp/$n.csv.json"); rows=$(jq 'length - 1' "$tmp/$n.csv.json")
  check "$n.reps.csv: $rows rows x $cols columns, every cell as in $n.report.json" \
    "[ $rc = 0 ] && [ ! -s $tmp/$n.diff ] && [ $rows -ge 1 ] && [ $cols = 23 ]" "$tmp/$n.diff"
done
# the side view's posture: filled on the side fixture (checked against the
# JSON above), empty on the front ones, in the reps and in the summary
check "good_side: head-forward, CVA and its change in every rep" \
  "jq -e '[.reps[] | .head_forward_cm, .cva_deg, .cva_change_deg] | length > 0 and all(type == \"number\")' $tmp/out/good_side.mkv.report.json >/dev/null"
check "good_front: no posture values (front view)" \
  "jq -e '[.reps[] | .head_forward_cm, .cva_deg, .cva_change_deg] | all(. == null)' $tmp/out/good_front.mkv.report.json >/dev/null"
check "summary: resting CVA and mean CVA change for the side video only" \
  "jq -e '(.videos[2] | (.resting_cva_deg | type) == \"number\" and (.mean_cva_change_deg | type) == \"number\") and .videos[0].resting_cva_deg == null' $tmp/out/summary.json >/dev/null"
check "nodding: a fault column with a fault in it (the faults cell is checked)" \
  "jq -e '[.reps[].faults | length] | add > 0' $tmp/out/nodding.mkv.report.json >/dev/null"

jq -nR "$csv_jq" "$tmp/out/summary.csv" > "$tmp/summary.csv.json"
jq -r --slurpfile sum "$tmp/out/summary.json" "$sum_jq" "$tmp/summary.csv.json" \
  > "$tmp/summary.diff" 2>&1; rc=$?
cols=$(jq '.[0] | length' "$tmp/summary.csv.json")
check "summary.csv: 4 rows x $cols columns, every cell as in summary.json" \
  "[ $rc = 0 ] && [ ! -s $tmp/summary.diff ] && [ \$(jq 'length' $tmp/summary.csv.json) = 5 ] && [ $cols = 25 ]" \
  "$tmp/summary.diff"
check "summary: the broken file is a failed row with its error" \
  "jq -e '.videos[3].status == \"failed\" and (.videos[3].error | length > 0)' $tmp/out/summary.json >/dev/null"

# The checker itself: a CSV with one cell changed is caught.
sed '2s/,[^,]*,$/,1,/' "$tmp/out/good_front.mkv.reps.csv" > "$tmp/mut.csv"
jq -nR "$csv_jq" "$tmp/mut.csv" | jq -r --slurpfile rep "$tmp/out/good_front.mkv.report.json" \
  "$reps_jq" > "$tmp/mut.diff" 2>&1
check "checker: a changed score cell is found" "grep -q 'score' $tmp/mut.diff" "$tmp/mut.diff"
finish

#!/usr/bin/env bash
# tests/tools/test_depth.sh TUCKCAM SRCDIR — depth honesty in the front view
# (docs/depth.md) on the kept trace of fixtures/gt/depth/fov75 (a 75-degree
# camera 53.3 cm from the eyes; tucks of 20, 20 and 8 mm), no models: with
# nothing stated the mm read some 45 % high, and the report says the field
# of view was assumed and how far the mm may be off (the truth inside);
# with the field of view or the distance stated the depth error is under
# 3 mm and the interval narrow; in all three the 8 mm rep is the shallow
# one, by its share of the person's range.
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed (scripts/setup.sh)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fx=$src/fixtures/gt/depth

printf '[exercise]\nview = front\n' > "$tmp/assumed.ini"
printf '[exercise]\nview = front\n[camera]\nhfov_deg = 75\n' > "$tmp/hfov.ini"
printf '[exercise]\nview = front\n[camera]\ndistance_cm = 53.3\n' > "$tmp/distance.ini"
for m in assumed hfov distance; do
  mkdir -p "$tmp/$m"
  cp "$fx/fov75.trace.jsonl" "$tmp/$m/fov75.mkv.trace.jsonl"
  TUCKCAM_MODELS=/nonexistent "$tc" -q eval --profile "$tmp/$m.ini" --traces "$tmp/$m" \
    --max-depth-mm 100 "$fx/fov75.truth.json" > "$tmp/$m.eval" 2>&1
  echo "$m: $(grep '^fov75.mkv' "$tmp/$m.eval")"
  "$tc" rescore -q --profile "$tmp/$m.ini" --json "$tmp/$m.json" "$fx/fov75.trace.jsonl" \
    > "$tmp/$m.out" 2>&1
  jq -c '[.calibration.camera.model, .calibration.camera.depth_scale_low,
          .calibration.camera.depth_scale_high,
          [.reps[] | [.depth_mm, .depth_mm_low, .depth_mm_high, .depth_fraction, .faults]]]' \
    "$tmp/$m.json"
done
err() { awk '$1 == "fov75.mkv" {print $6}' "$tmp/$1.eval"; }

check "assumed: the report says so" \
  "jq -e '.calibration.camera.model == \"assumed\" and .calibration.camera.hfov_deg == 60' $tmp/assumed.json >/dev/null" "$tmp/assumed.out"
check "assumed: depth off by over 5 mm (20 mm read as ~29)" "awk 'BEGIN{exit !($(err assumed) > 5)}'" "$tmp/assumed.eval"
check "assumed: each true depth (20, 20, 8 mm) inside its rep's interval" \
  "jq -e '[.reps[] | .depth_mm_low, .depth_mm_high] as \$b | \$b[0] <= 20 and 20 <= \$b[1] and \$b[2] <= 20 and 20 <= \$b[3] and \$b[4] <= 8 and 8 <= \$b[5]' $tmp/assumed.json >/dev/null" "$tmp/assumed.json"
check "hfov stated: the report says so" \
  "jq -e '.calibration.camera.model == \"hfov\" and .calibration.camera.hfov_deg == 75' $tmp/hfov.json >/dev/null"
check "hfov stated: depth error under 3 mm" "awk 'BEGIN{exit !($(err hfov) < 3)}'" "$tmp/hfov.eval"
check "distance stated: the report says so" \
  "jq -e '.calibration.camera.model == \"distance\" and .calibration.camera.distance_cm == 53.3 and .calibration.camera.hfov_deg == null' $tmp/distance.json >/dev/null"
check "distance stated: depth error under 3 mm" "awk 'BEGIN{exit !($(err distance) < 3)}'" "$tmp/distance.eval"
check "the interval narrows: assumed > hfov > distance" \
  "[ \$(jq -s '[.[].calibration.camera | .depth_scale_high - .depth_scale_low] | .[0] > .[1] and .[1] > .[2]' $tmp/assumed.json $tmp/hfov.json $tmp/distance.json) = true ]"
for m in assumed hfov distance; do
  check "$m: only the 8 mm rep shallow, at under 0.6 of the range" \
    "jq -e '[.reps[] | (.faults | index(\"shallow\") != null)] == [false, false, true] and .reps[2].depth_fraction < 0.6 and .reps[1].depth_fraction > 0.8' $tmp/$m.json >/dev/null" "$tmp/$m.json"
done
check "text table: the share column and the camera sentence" \
  "$tc rescore --profile $tmp/assumed.ini $fx/fov75.trace.jsonl 2>&1 | grep -q 'assumed 60-degree field of view'"
finish

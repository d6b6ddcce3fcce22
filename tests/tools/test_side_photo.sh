#!/usr/bin/env bash
# tests/tools/test_side_photo.sh TUCKCAM SRCDIR — the side view on a real
# person: the CC0 profile photo fixtures/photos/skimage_camera.png (a man
# seen from his right side), held still for 3 s, scored. The view must be
# side, facing right, with the near (right) ear and shoulder chosen; the
# ear used must lie within a few pixels of the tragus marked by hand
# (fixtures/photos/skimage_camera.marks); and the resting CVA and
# head-forward distance (landmark proxies) are compared with the same
# measures from the hand marks: the differences must stay within a little
# of what docs/side-view.md reports (the offset is the proxies', mostly
# the pose shoulder's; this guards it, it does not excuse it).
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
command -v jq >/dev/null || { echo "SKIP: jq not installed (scripts/setup.sh)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
photo="$src/fixtures/photos/skimage_camera.png"
marks="$src/fixtures/photos/skimage_camera.marks"

ffmpeg -nostdin -v error -y -loop 1 -i "$photo" -t 3 -r 30 -pix_fmt yuv420p \
  -c:v libx264 -crf 12 "$tmp/camera.mkv" || { echo "SKIP: ffmpeg could not encode"; exit 77; }
"$tc" -q score --out "$tmp/out" "$tmp/camera.mkv" > "$tmp/score.txt" 2>&1
rep="$tmp/out/camera.mkv.report.json"; trace="$tmp/out/camera.mkv.trace.jsonl"
check "score: a report" "[ -s $rep ]" "$tmp/score.txt"
check "view: side" "[ \"\$(jq -r .view $rep)\" = side ]" "$rep"

# the last frame's points: near (right) ear and shoulder seen, the far ones
# marked unseen (MediaPipe gives them 0.9+ on the face); nose right of the ear
tail -n 1 "$trace" > "$tmp/last.json"
pt() { jq -r ".pose.$1[$2]" "$tmp/last.json"; }
check "near side: right ear seen, left ear unseen" \
  "awk -v r=$(pt right_ear 2) -v l=$(pt left_ear 2) 'BEGIN{exit !(r >= 0.5 && l == 0)}'" "$tmp/last.json"
check "near side: right shoulder seen, left shoulder unseen" \
  "awk -v r=$(pt right_shoulder 2) -v l=$(pt left_shoulder 2) 'BEGIN{exit !(r >= 0.5 && l == 0)}'" "$tmp/last.json"
check "facing right: the nose in front of the ear" \
  "awk -v n=$(pt nose 0) -v e=$(pt right_ear 0) 'BEGIN{exit !(n > e)}'" "$tmp/last.json"

mark() { awk -v k="$1" -v c="$2" '$1 == k {print $c}' "$marks"; }
ex=$(pt right_ear 0); ey=$(pt right_ear 1); sx=$(pt right_shoulder 0); sy=$(pt right_shoulder 1)
# the last frame's own values (the scale from its head-forward distance and
# points); the report's resting medians are printed beside them
cva=$(jq -r .metrics.cva_deg "$tmp/last.json"); hfd=$(jq -r .metrics.head_forward_cm "$tmp/last.json")
echo "resting (the report: medians of the first second): CVA $(jq -r .calibration.resting_cva_deg "$rep") deg, head-forward $(jq -r .calibration.resting_head_forward_cm "$rep") cm"
awk -v ex="$ex" -v ey="$ey" -v sx="$sx" -v sy="$sy" -v cva="$cva" -v hfd="$hfd" \
    -v tx="$(mark tragus 2)" -v ty="$(mark tragus 3)" -v cx="$(mark c7 2)" -v cy="$(mark c7 3)" \
    -v ax="$(mark acromion 2)" -v ay="$(mark acromion 3)" 'BEGIN {
  pi = atan2(0, -1); mmpx = hfd * 10 / (ex - sx)
  printf "ear used (%.1f, %.1f), tragus marked (%d, %d): %.1f px off\n", ex, ey, tx, ty, sqrt((ex-tx)^2 + (ey-ty)^2)
  printf "scale %.3f mm/px (face-mesh height)\n", mmpx
  printf "proxies: CVA %.1f deg, head-forward %.1f cm\n", cva, hfd
  c7 = atan2(cy - ty, tx - cx) * 180 / pi; ac = atan2(ay - ty, tx - ax) * 180 / pi
  printf "marks: CVA tragus-C7 %.1f deg, tragus-acromion %.1f deg\n", c7, ac
  printf "marks: head-forward tragus-C7 %.1f cm, tragus-acromion %.1f cm\n", (tx-cx)*mmpx/10, (tx-ax)*mmpx/10
  f = atan2(sy - ey, ex - sx) * 180 / pi
  printf "last frame: CVA %.1f deg; moving the ear proxy onto the tragus mark changes it by %+.1f deg, the shoulder proxy onto the C7 mark by %+.1f deg\n",
         f, atan2(sy - ty, tx - sx) * 180 / pi - f, atan2(cy - ey, ex - cx) * 180 / pi - f
  printf "errors: CVA %+.1f deg (C7) %+.1f deg (acromion); head-forward %+.1f cm (C7) %+.1f cm (acromion)\n",
         cva - c7, cva - ac, hfd - (tx-cx)*mmpx/10, hfd - (tx-ax)*mmpx/10
}' > "$tmp/cmp.txt"
cat "$tmp/cmp.txt"
off=$(awk -v ex="$ex" -v ey="$ey" -v tx="$(mark tragus 2)" -v ty="$(mark tragus 3)" \
      'BEGIN{print sqrt((ex-tx)^2 + (ey-ty)^2)}')
# measured 3.8 px (the face mesh's edge point); the pose's own ear is 10 px
# in front of the tragus
check "the ear used is within 7 px of the tragus marked" "awk -v o=$off 'BEGIN{exit !(o <= 7)}'" "$tmp/cmp.txt"
# measured: CVA +38.7 deg against the C7 mark, head-forward +5.6 cm against
# the acromion mark (docs/side-view.md); the shoulder proxy's offset, not the ear's
err_c7=$(awk '/^errors/{print $3}' "$tmp/cmp.txt"); err_hf=$(awk '/^errors/{print $(NF-2)}' "$tmp/cmp.txt")
check "CVA proxy against the C7 mark: within 35..42 deg (measured +38.7)" \
  "awk -v e=$err_c7 'BEGIN{exit !(e >= 35 && e <= 42)}'" "$tmp/cmp.txt"
check "head-forward proxy against the acromion mark: within 4.5..7 cm (measured +5.6)" \
  "awk -v e=$err_hf 'BEGIN{exit !(e >= 4.5 && e <= 7)}'" "$tmp/cmp.txt"
finish

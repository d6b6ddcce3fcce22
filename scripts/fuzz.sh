#!/usr/bin/env bash
# scripts/fuzz.sh — build the libFuzzer targets with clang (ASan+UBSan) and
# run each for a time budget, seeded with the pinned model files and the
# committed trace/profile seeds (tests/fuzz/seeds/).
#   usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
# A crash leaves its input in build-fuzz/crash-* and fails the script.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${1:-30}
models="${TUCKCAM_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/models}"
"$here/scripts/build.sh" --fuzz fuzz_tflite fuzz_facegeom fuzz_trace fuzz_profile fuzz_motion
cd "$here/build-fuzz"
run() { # target seed-files...
  local t=$1; shift
  local corpus="corpus-$t"
  mkdir -p "$corpus"
  for f in "$@"; do [ -f "$f" ] && cp -f "$f" "$corpus/" ; done
  echo "fuzz: $t for ${secs}s"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "./tests/$t" -max_total_time="$secs" -rss_limit_mb=4096 -max_len=4000000 \
    -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
}
run fuzz_tflite "$models/face_detection_short_range.tflite" "$models/face_landmark.tflite" \
    "$models/pose_detection.tflite"
run fuzz_facegeom "$models/geometry_pipeline_metadata_landmarks.binarypb"
run fuzz_trace "$here/tests/fuzz/seeds/trace.jsonl"
run fuzz_profile "$here/tests/fuzz/seeds/profile.ini"
run fuzz_motion "$here"/fixtures/gt/*.motion "$here/tests/fuzz/seeds/truth.json"
echo "fuzz: no crash"

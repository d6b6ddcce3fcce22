#!/usr/bin/env bash
# scripts/fuzz.sh — build the libFuzzer targets with clang (ASan+UBSan) and
# run each for a time budget, seeded with the committed seeds
# (tests/fuzz/seeds/: tiny TFLite models written by make_tflite_seeds,
# traces, reports, a profile), the pinned face geometry file and the
# fixtures' motion scripts. docs/fuzzing.md says what each target covers.
#   usage: scripts/fuzz.sh [--no-build] [SECONDS_PER_TARGET] [TARGET...]
#     scripts/fuzz.sh 30          CI's short run: every target, 30 s each
#                                 (9 targets, 4.5 min)
#     scripts/fuzz.sh 600         the long run: 10 minutes a target (90 min
#                                 for the 9). On a machine of your own with
#                                 two free cores, build once and run halves
#                                 side by side (on a shared one, one at a time):
#       scripts/build.sh --fuzz
#       scripts/fuzz.sh --no-build 600 fuzz_tflite_parse fuzz_tflite_build fuzz_trace \
#         fuzz_trace_score &
#       scripts/fuzz.sh --no-build 600 fuzz_profile fuzz_motion fuzz_fixture fuzz_report \
#         fuzz_facegeom
#     scripts/fuzz.sh 60 fuzz_trace   only the targets named
# Each run prints the last coverage line (cov: edges, ft: features) and the
# totals (execs, execs/s, new units, peak RSS). The corpus grows in
# build-fuzz/corpus-TARGET/ and is kept between runs. A crash leaves its
# input in build-fuzz/crash-* and fails the script; replay it with
# build-fuzz/tests/TARGET crash-FILE.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=1; [ "${1:-}" = --no-build ] && { build=0; shift; }
secs=${1:-30}; [ $# -gt 0 ] && shift
all=(fuzz_tflite_parse fuzz_tflite_build fuzz_facegeom fuzz_trace fuzz_trace_score
     fuzz_profile fuzz_motion fuzz_fixture fuzz_report)
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
models="${TUCKCAM_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/models}"
seeds="$here/tests/fuzz/seeds"
[ $build = 0 ] || "$here/scripts/build.sh" --fuzz "${targets[@]}"
cd "$here/build-fuzz"
run() { # target max-len seed-files...
  local t=$1 max=$2; shift 2
  local corpus="corpus-$t"
  mkdir -p "$corpus"
  for f in "$@"; do [ -f "$f" ] && cp -f "$f" "$corpus/" ; done
  echo "fuzz: $t for ${secs}s (log: build-fuzz/fuzz-$t.log)"
  local rc=0
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "./tests/$t" -max_total_time="$secs" -rss_limit_mb=4096 -max_len="$max" \
    -print_final_stats=1 "$corpus" > "fuzz-$t.log" 2>&1 || rc=$?
  # the last coverage line (cov: edges, ft: features) and the totals
  grep -E '^#[0-9]+' "fuzz-$t.log" | tail -n 1
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
    "fuzz-$t.log"
  if [ $rc != 0 ]; then tail -n 60 "fuzz-$t.log"; return $rc; fi
}
# max_len: the seeds' size and room to grow, so inputs stay small enough
# for thousands of runs a second. The TFLite targets start from seeds of
# 1-2 kB (a few operators each) instead of the pinned models (megabytes,
# ~190 runs a second); the reader's limits (tflite.h) bound a fuzzed shape.
for t in "${targets[@]}"; do
  case $t in
  fuzz_tflite_parse|fuzz_tflite_build) run "$t" 8192 "$seeds"/tflite/*.tflite ;;
  fuzz_facegeom) run "$t" 4000000 "$models/geometry_pipeline_metadata_landmarks.binarypb" ;;
  fuzz_trace) run "$t" 16384 "$seeds/trace.jsonl" ;;
  fuzz_trace_score) run "$t" 32768 "$seeds/trace_score.jsonl" ;;
  fuzz_profile) run "$t" 16384 "$seeds/profile.ini" ;;
  fuzz_motion) run "$t" 16384 "$here"/fixtures/gt/*.motion "$here"/fixtures/side/*.motion \
                "$seeds/truth.json" "$seeds/truth_side.json" ;;
  fuzz_fixture) run "$t" 16384 "$here"/fixtures/gt/*.motion "$here"/fixtures/side/*.motion ;;
  fuzz_report) run "$t" 16384 "$seeds/report.json" "$seeds/report_partial.json" ;;
  *) echo "fuzz: unknown target '$t'" >&2; exit 2 ;;
  esac
done
echo "fuzz: no crash"

#!/usr/bin/env bash
# scripts/test.sh — the whole test suite from nothing: install packages,
# fetch and verify the models, build (warnings are errors), run CTest.
#   usage: scripts/test.sh [--sanitize] [ctest args...]
#   --sanitize  build and test under AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bdir="$here/build"; bflags=()
if [ "${1:-}" = "--sanitize" ]; then bdir="$here/build-asan"; bflags=(--sanitize); shift; fi
"$here/scripts/setup.sh"
"$here/scripts/setup-vm.sh"    # qemu + Debian's kernel for the vivid test (only with /dev/kvm)
"$here/scripts/fetch-models.sh"
"$here/scripts/fetch-footage.sh"   # real clips for the no-phantom-reps test (skips without)
"$here/scripts/build.sh" "${bflags[@]}"
export TUCKCAM_MODELS="${TUCKCAM_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/models}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$bdir"
ctest --output-on-failure -j "$(nproc)" "$@"

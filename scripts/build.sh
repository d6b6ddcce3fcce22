#!/usr/bin/env bash
# scripts/build.sh — configure and build tuckcam with CMake.
#   usage: scripts/build.sh [--sanitize] [--fuzz] [--build-dir DIR] [TARGET...]
#   Warnings are errors. --sanitize builds with ASan+UBSan into build-asan/,
#   --fuzz builds with clang and libFuzzer into build-fuzz/. TARGETs: build
#   only those (default: all).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bdir="$here/build"; flags=(-DTC_WERROR=ON); targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) bdir="$here/build-asan"; flags+=(-DTC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug); shift ;;
    --fuzz) bdir="$here/build-fuzz"; flags+=(-DTC_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++); shift ;;
    --build-dir) bdir="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "build: unknown argument '$1'" >&2; exit 2 ;;
    *) targets+=(--target "$1"); shift ;;
  esac
done
cmake -S "$here" -B "$bdir" "${flags[@]}" >/dev/null
cmake --build "$bdir" -j "$(nproc)" "${targets[@]}"

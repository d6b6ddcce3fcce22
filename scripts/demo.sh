#!/usr/bin/env bash
# scripts/demo.sh — from nothing to the main job: install packages, fetch and
# verify the models, build, and score the chin tucks in the bundled demo clip
# (prints the per-rep table; trace, report and CSV go to demo-out/).
#   usage: scripts/demo.sh [VIDEO]   (default fixtures/sample/tucks.mp4)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/fetch-models.sh"
"$here/scripts/build.sh"
"$here/build/tuckcam" score --out "$here/demo-out" "${1:-$here/fixtures/sample/tucks.mp4}"

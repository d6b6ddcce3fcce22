#!/usr/bin/env bash
# scripts/demo.sh — from nothing to the main job: install packages, fetch and
# verify the models, build, and run tuckcam on the bundled sample video.
#   usage: scripts/demo.sh [VIDEO]   (default fixtures/sample/sample.mp4)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/fetch-models.sh"
"$here/scripts/build.sh"
"$here/build/tuckcam" track "${1:-$here/fixtures/sample/sample.mp4}"

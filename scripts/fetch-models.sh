#!/usr/bin/env bash
# scripts/fetch-models.sh — get the pinned MediaPipe models from the npm
# registry, check every SHA-256 against models/models.sha256, and store them
# in the model cache. When the cache already holds every file with the right
# hash, it touches no network and returns at once.
#
#   usage: scripts/fetch-models.sh [--models DIR] [--check]
#     --models DIR  cache directory (default $TUCKCAM_MODELS, else
#                   ${XDG_CACHE_HOME:-~/.cache}/tuckcam/models)
#     --check       only verify; exit 3 if anything is missing or wrong
#
# Sources (see DESIGN.md, Models): npm @mediapipe/pose@0.5.1675469404 ships
# the three pose models as plain files and packs the pose detector in its
# .data file; @mediapipe/face_mesh@0.4.1657299874
# packs the face detector, face mesh and face geometry into one .data file,
# at the byte ranges its *_packed_assets_loader.js lists.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
manifest="$here/models/models.sha256"
dir="${TUCKCAM_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/models}"
check_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --models) dir="${2:?--models needs a directory}"; shift 2 ;;
    --models=*) dir="${1#--models=}"; shift ;;
    --check) check_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fetch-models: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

POSE_PKG="@mediapipe/pose@0.5.1675469404"
POSE_TGZ="mediapipe-pose-0.5.1675469404.tgz"
MESH_PKG="@mediapipe/face_mesh@0.4.1657299874"
MESH_TGZ="mediapipe-face_mesh-0.4.1657299874.tgz"
MESH_DATA="face_mesh_solution_packed_assets.data"
POSE_DATA="pose_solution_packed_assets.data"
# name  package  path-in-package  start  end (end empty = whole file)
MODELS=(
  "pose_landmark_lite.tflite pose pose_landmark_lite.tflite - -"
  "pose_landmark_full.tflite pose pose_landmark_full.tflite - -"
  "pose_landmark_heavy.tflite pose pose_landmark_heavy.tflite - -"
  "face_landmark.tflite mesh $MESH_DATA 2495952 3737848"
  "geometry_pipeline_metadata_landmarks.binarypb mesh $MESH_DATA 3737848 3757224"
  "face_detection_short_range.tflite mesh $MESH_DATA 3757224 3986256"
  "pose_detection.tflite pose $POSE_DATA 0 2962288"
)

want_hash() { awk -v n="$1" '$2 == n { print $1 }' "$manifest"; }
have_hash() { sha256sum "$1" | cut -d' ' -f1; }

# verify NAME FILE -> 0 ok; prints the reason otherwise
verify() {
  local want got
  want=$(want_hash "$1")
  [ -n "$want" ] || { echo "fetch-models: $1 is not in $manifest" >&2; return 1; }
  [ -f "$2" ] || { echo "missing: $2"; return 1; }
  got=$(have_hash "$2")
  if [ "$got" != "$want" ]; then
    echo "refused: $2: SHA-256 mismatch (expected $want, got $got)"
    return 1
  fi
}

bad=()
for m in "${MODELS[@]}"; do
  read -r name _ <<<"$m"
  if ! msg=$(verify "$name" "$dir/$name"); then
    echo "fetch-models: $msg" >&2
    bad+=("$m")
  fi
done
if [ ${#bad[@]} -eq 0 ]; then
  echo "fetch-models: all ${#MODELS[@]} models verified in $dir"
  exit 0
fi
if [ "$check_only" = 1 ]; then
  echo "fetch-models: ${#bad[@]} model(s) missing or refused in $dir" >&2
  exit 3
fi
command -v npm >/dev/null || { echo "fetch-models: npm not found: install it (Debian: apt-get install npm; in the source tree: scripts/setup.sh)" >&2; exit 1; }

mkdir -p "$dir"
work=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

# unpack KEY: npm pack once per package, check the tarball hash, extract.
declare -A unpacked=()
unpack() {
  local key=$1 pkg tgz
  [ -n "${unpacked[$key]:-}" ] && return 0
  if [ "$key" = pose ]; then pkg=$POSE_PKG; tgz=$POSE_TGZ; else pkg=$MESH_PKG; tgz=$MESH_TGZ; fi
  echo "fetch-models: npm pack $pkg"
  (cd "$work" && npm pack --silent "$pkg" >/dev/null)
  verify "$tgz" "$work/$tgz" >&2 || { echo "fetch-models: $tgz refused" >&2; exit 1; }
  mkdir -p "$work/$key"
  tar -xzf "$work/$tgz" -C "$work/$key"
  unpacked[$key]=1
}

for m in "${bad[@]}"; do
  read -r name key src start end <<<"$m"
  unpack "$key"
  from="$work/$key/package/$src"
  tmp="$work/$name.part"
  if [ "$start" = - ]; then
    cp "$from" "$tmp"
  else
    dd if="$from" of="$tmp" bs=65536 iflag=skip_bytes,count_bytes \
       skip="$start" count="$((end - start))" status=none
  fi
  if ! msg=$(verify "$name" "$tmp"); then
    echo "fetch-models: $name from $src: $msg" >&2
    exit 1
  fi
  mv -f "$tmp" "$dir/$name"   # atomic within the cache directory
  echo "fetch-models: $name ok"
done
cp -f "$here/models/NOTICE" "$dir/NOTICE" 2>/dev/null || true
echo "fetch-models: all ${#MODELS[@]} models verified in $dir"

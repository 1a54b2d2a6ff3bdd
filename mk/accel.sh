#!/bin/sh
# accel.sh - print the QEMU accelerator to use: "kvm" only when a probe boot
# of a 32-bit paging guest (build/accel-probe.img: the real kernel with the
# qemu-exit option) works under KVM, else "tcg". Some machines have a /dev/kvm
# that cannot run paging guests (see docs/architecture.md, "QEMU"), so its
# presence proves nothing. ACCEL=tcg or ACCEL=kvm overrides; the probe's
# result is cached in build/accel.
set -u
case "${ACCEL:-auto}" in
tcg | kvm)
    echo "$ACCEL"
    exit 0
    ;;
esac
cache=build/accel
if [ -f "$cache" ]; then
    cat "$cache"
    exit 0
fi
result=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ -f build/accel-probe.img ]; then
    rm -f build/accel-probe.log
    timeout 20 qemu-system-i386 -accel kvm -m 32 -drive file=build/accel-probe.img,format=raw \
        -display none -serial file:build/accel-probe.log -no-reboot -monitor none \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 >/dev/null 2>&1
    # qemu-exit writes 0 on a passing self-check: QEMU exits with (0 << 1) | 1.
    if [ $? -eq 1 ] && grep -q '^selfcheck ok' build/accel-probe.log 2>/dev/null; then
        result=kvm
    fi
fi
mkdir -p build
echo "$result" >"$cache"
echo "$result"

#!/bin/sh
# run32.sh PROBE PROGRAM... - run 32-bit x86 host programs (the unit tests,
# tests/unit/unit.mk) one after the other, each announced with "== PROGRAM",
# stopping at the first that fails. PROBE is a 32-bit program that only exits
# 0, run once. Where the running kernel executes i386 programs, they run
# directly. Where it does not (a 64-bit kernel built without IA32 emulation,
# or booted with ia32_emulation=0: exec fails with "Exec format error", as on
# the Firecracker VMs this project's CI runs on), they run under qemu-i386,
# QEMU's user-mode emulator (Debian package qemu-user), with the host's own
# i386 libraries (libc6-i386, libcmocka0:i386).
set -eu
probe=$1
shift
run=
if ! "$probe" 2>/dev/null; then
    if ! command -v qemu-i386 >/dev/null 2>&1; then
        echo "run32.sh: this kernel cannot run 32-bit programs ($probe failed) and qemu-i386 is" \
            "missing: apt-get install qemu-user" >&2
        exit 1
    fi
    run=qemu-i386
fi
for t in "$@"; do
    echo "== $t"
    $run "$t"
done

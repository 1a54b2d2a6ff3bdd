#!/bin/sh
# deps.sh PROFILE... - make sure the Debian packages a make target needs are
# installed. Installs missing ones when running as root (or with passwordless
# sudo); otherwise prints the exact apt-get line and fails.
#
# Profiles: build (make qemu), test (make test), net (network boot tests),
# fuzz (libFuzzer targets), labgrade (the lab grader's integration tests),
# uefi (building the UEFI loader), uefi-run (OVMF, Secure Boot signing, the
# ESP checks of the UEFI tests), grub (GRUB 2 images: make grub-iso,
# make grub-netboot), debug (make gdb).
set -u

need=""
# want PACKAGE PROBE: PROBE is a command name, or a path that must exist.
want() {
    case "$2" in
    /*) [ -e "$2" ] && return ;;
    *) command -v "$2" >/dev/null 2>&1 && return ;;
    esac
    case " $need " in *" $1 "*) ;; *) need="$need $1" ;; esac
}

for profile in "$@"; do
    case "$profile" in
    build)
        want make make
        want gcc gcc
        want binutils ld
        want qemu-system-x86 qemu-system-i386
        ;;
    test)
        want make make
        want gcc gcc
        want binutils ld
        want qemu-system-x86 qemu-system-i386
        want libcmocka-dev /usr/include/cmocka.h
        # The unit tests are 32-bit programs (tests/unit/unit.mk).
        # (gcc-12-multilib, not gcc-multilib: that one conflicts with gcc-i686-linux-gnu.)
        want gcc-12-multilib /usr/lib/gcc/x86_64-linux-gnu/12/32/crtbegin.o
        want libcmocka-dev:i386 /usr/lib/i386-linux-gnu/libcmocka.so
        # ... run under qemu-i386 where the kernel cannot execute them (mk/run32.sh).
        want qemu-user qemu-i386
        want python3 python3
        want clang-format clang-format
        want clang clang
        ;;
    net)
        # dnsmasq-base: the program only; the dnsmasq package adds a system
        # service that starts a DNS server at boot (docs/lab-setup.md).
        want dnsmasq-base /usr/sbin/dnsmasq
        want ipxe /usr/lib/ipxe/undionly.kpxe
        want ipxe-qemu /usr/lib/ipxe/qemu/efi-e1000.rom
        want iproute2 ip
        # Packet loss inside the test namespaces (tests/harness/netlab.py, Lab.lose).
        want nftables /usr/sbin/nft
        ;;
    labgrade)
        want ser2net ser2net
        want chromium chromium
        want python3 python3
        want qemu-system-x86 qemu-system-i386
        ;;
    uefi)
        want clang clang
        want lld lld-link
        want gnu-efi /usr/include/efi/efi.h
        ;;
    uefi-run)
        want qemu-system-x86 qemu-system-x86_64
        want ovmf /usr/share/ovmf/OVMF.fd
        want ovmf /usr/share/OVMF/OVMF_CODE_4M.snakeoil.fd
        want ovmf-ia32 /usr/share/OVMF/OVMF32_CODE_4M.secboot.fd
        want sbsigntool sbsign
        want openssl openssl
        want mtools mdir
        want dosfstools fsck.fat
        want nftables nft
        ;;
    grub)
        want grub-common grub-mkrescue
        want grub-pc-bin /usr/lib/grub/i386-pc/multiboot.mod
        want xorriso xorriso
        want mtools mformat
        ;;
    debug)
        want gdb gdb
        ;;
    fuzz)
        want clang clang
        # libFuzzer's runtime, where this clang looks for it (Debian 12: llvm-14/.../14.0.6).
        want libclang-rt-dev "$(clang --print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-x86_64.a"
        ;;
    *)
        echo "deps.sh: unknown profile '$profile'" >&2
        exit 2
        ;;
    esac
done

[ -z "$need" ] && exit 0
line="apt-get install -y$need"
if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
else
    echo "bootlab: missing packages. Install them with:" >&2
    case "$need" in
    *:i386*) echo "    sudo dpkg --add-architecture i386" >&2 ;;
    esac
    echo "    sudo apt-get update && sudo $line" >&2
    exit 1
fi
echo "bootlab: installing$need"
export DEBIAN_FRONTEND=noninteractive
case "$need" in
*:i386*) $sudo dpkg --add-architecture i386 ;;
esac
$sudo apt-get update -qq >/dev/null && $sudo $line -qq >/dev/null || {
    echo "bootlab: '$line' failed" >&2
    exit 1
}

"""mkseeds.py OUTDIR - seed corpora for the fuzz targets (tests/fuzz/), from
the real and synthetic E820 tables and the built kernel. From the repository
root: python3 -m tests.fuzz.mkseeds OUTDIR (mk/fuzz.mk runs it).

  OUTDIR/e820/      each table as raw 24-byte entries (fuzz_e820's even mode)
  OUTDIR/bootinfo/  a boot-info block as stage two would build it from each table
  OUTDIR/elfcheck/  build/kernel.elf's first 4 KiB with its real size, as stage
                    two hands it to elf_check, against each map; the whole file;
                    a 64-bit ELF (build/mkdisk)
  OUTDIR/efimap/    the UEFI descriptors of the recorded UEFI boots
                    (tests/hw-tests/logs/uefi) laid out as OVMF does (48 bytes
                    apart), at two buffer sizes (fuzz_efimap's even mode); and a
                    boot-info block as the UEFI loader builds it from them
"""

import glob
import os
import struct
import sys

from tests.harness import cdefs, e820table, oracle
from tests.harness.paths import E820_TABLES, KERNEL, MKDISK, ROOT
from tests.harness.report import parse_report

TABLES = sorted(glob.glob(os.path.join(E820_TABLES, "*", "*.e820")))
UEFI_LOGS = sorted(glob.glob(os.path.join(ROOT, "tests", "hw-tests", "logs", "uefi", "*.log")))
EFI_DESC_SIZE = 48      # OVMF's DescriptorSize


def entries(path):
    return e820table.Table(path).entries[:128]


def raw_bytes(ents):
    return b"".join(struct.pack("<QQII", b, l & (2**64 - 1), t, a) for b, l, t, a in ents)


def bootinfo(ents, net=False, efi=None):
    """struct bootinfo (include/bootinfo.h, docs/boot-info.md), BOOTINFO_SIZE bytes,
    with the map sanitized as stage two does it (by the oracle's sanitizer) and the
    loader's three TSC stamps (BI_TSC) as a disk boot under QEMU took them; with
    efi (UEFI descriptors), as the UEFI loader builds it."""
    flags = (0x10 if net else 0) | 0x40
    size = cdefs.bootinfo("BOOTINFO_SIZE")
    if efi:
        ents = oracle.efimap_to_e820(efi)
        head = struct.pack("<IHHIBBBBHHHH", 0x49424C42, 2, size, flags, 4, 0, 5, 0, 0, 0, 0, 0)
    else:
        head = struct.pack("<IHHIBBBBHHHH", 0x49424C42, 2, size, flags, 1, 0x80, 1, 20, 639, 0,
                           0, 0)
    loader = (b"bootlab-uefi/1" if efi else b"bootlab-stage2/1").ljust(32, b"\0")
    cmdline = b"qemu-exit".ljust(128, b"\0")
    netb = (bytes([0x52, 0x54, 0, 0x12, 0x34, 0x56, 0, 0]) + bytes([10, 0, 2, 15, 10, 0, 2, 2])
            + bytes(4) + b"bootlab/disk.img".ljust(128, b"\0"))
    mmap = b"" if efi else raw_bytes(ents)
    sane = oracle.sanitize(ents)
    sanes = b"".join(struct.pack("<QQI", a, e, t) for a, e, t in sane).ljust(256 * 20, b"\0")
    blk = (head + loader + cmdline + netb + struct.pack("<I", len(mmap) // 24)
           + mmap.ljust(128 * 24, b"\0") + struct.pack("<I", len(sane)) + sanes)
    assert len(blk) == cdefs.bootinfo("BOOTINFO_UEFI_OFF")
    tsc_off = cdefs.bootinfo("BOOTINFO_TSC_OFF")
    blk += uefi_fields(efi, tsc_off - len(blk)) if efi else bytes(tsc_off - len(blk))
    blk += struct.pack("<QQQ", 0x8A1C3F2, 0x8F00A11, 0x94D27C0)
    assert len(blk) == cdefs.bootinfo("BOOTINFO_SMBIOS_OFF")
    blk += struct.pack("<Q", 0)
    assert len(blk) == size
    return blk


def uefi_fields(efi, length):
    """The UEFI loader's group, length bytes: flags (a framebuffer), DescriptorSize,
    version, count, OVMF's 1280x800 BGRX framebuffer, the descriptors (28 bytes each)."""
    fb = struct.pack("<QQIIIIIIII", 0x80000000, 4096000, 1280, 800, 1280, 1, 0, 0, 0, 0)
    descs = b"".join(struct.pack("<IQQQ", t, s, p, a) for t, s, p, a in efi)
    out = struct.pack("<IIII", 4, EFI_DESC_SIZE, 1, len(efi)) + fb + descs
    return out.ljust(length, b"\0")


def efi_layout(efi):
    """Descriptors as firmware lays them out: EFI_MEMORY_DESCRIPTOR, DescriptorSize apart."""
    return b"".join(struct.pack("<IIQQQQ", t, 0, s, 0, p, a).ljust(EFI_DESC_SIZE, b"\0")
                    for t, s, p, a in efi)


def uefi_seeds(out):
    for path in UEFI_LOGS:
        name = "uefi-" + os.path.basename(path)[:-len(".log")]
        with open(path, encoding="latin-1") as f:
            efi = parse_report(f.read()).efi
        for cap in (255, 8):  # fuzz_efimap: byte 0 picks DescriptorSize 40 + (b0 >> 1), byte 1 cap
            write(os.path.join(out, "efimap", "%s-cap%d" % (name, cap)),
                  bytes([2 * (EFI_DESC_SIZE - 40), cap]) + efi_layout(efi))
        write(os.path.join(out, "bootinfo", name), bootinfo(None, efi=efi))


SMBIOS_CAPTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                               "unit", "smbios")


def smbios_area(path):
    """A captured entry point and table (tests/unit/smbios/NAME-<address>.bin) at
    its place in the piece of the BIOS area from 0xF5000 that fuzz_smbios reads."""
    at = int(os.path.basename(path)[:-4].rsplit("-", 1)[1], 16) - 0xF5000
    with open(path, "rb") as f:
        data = f.read()
    return bytes(at) + data


MB_BASE = 0x10000  # fuzz_multiboot.c: the physical address its input stands for
MB_INFO_SIZE = 72   # struct mb_info, up to apm_table (Multiboot 0.6.96, 3.3)


def multiboot(ents, variant):
    """A Multiboot information structure as a loader leaves it, for fuzz_multiboot:
    variant 0 as iPXE (type-1 entries only, no loader name), 1 as QEMU -kernel
    (every entry, mem_lower/upper, name), 2 as GRUB with the network words of
    boot.ipxe on the command line, 3 without an mmap (mem_lower/upper only)."""
    if variant == 0:
        ents = [e for e in ents if e[2] == 1]
    mmap = b"".join(struct.pack("<IQQI", 20, b, l, t) for b, l, t, _ in ents[:60])
    cmd = {2: b"tftp://10.77.0.1/kernel.elf mac=52:54:00:77:00:01 ip=10.77.0.9 "
              b"server=10.77.0.1\0"}.get(variant, b"qemu-exit\0")
    name = {1: b"qemu\0", 2: b"GRUB 2.06\0"}.get(variant, b"")
    flags = 0x001 | 0x004 | (0x040 if variant != 3 else 0) | (0x200 if name else 0)
    at_cmd = MB_BASE + MB_INFO_SIZE
    at_name = at_cmd + len(cmd)
    at_mmap = at_name + len(name)
    info = struct.pack("<IIIII", flags, 639, 130944, 0x80FFFFFF, at_cmd)
    info += bytes(4 * 6) + struct.pack("<II", len(mmap), at_mmap)
    info += bytes(4 * 3) + struct.pack("<II", at_name if name else 0, 0)
    assert len(info) == MB_INFO_SIZE
    return info + cmd + name + mmap


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    for i, path in enumerate(TABLES):
        name = os.path.basename(path)[:-len(".e820")]
        ents = entries(path)
        write(os.path.join(out, "e820", name), b"\0" + raw_bytes(ents))
        write(os.path.join(out, "bootinfo", name), bootinfo(ents, net=i % 2 == 1))
        write(os.path.join(out, "multiboot", name), multiboot(ents, i % 4))
    with open(KERNEL, "rb") as f:
        kernel = f.read()
    for m in range(5):
        write(os.path.join(out, "elfcheck", "kernel-head-map%d" % m),
              b"BLFZ" + struct.pack("<IBB", len(kernel), m, 160) + kernel[:4096])
    write(os.path.join(out, "elfcheck", "kernel-whole"), kernel)
    for path in sorted(glob.glob(os.path.join(SMBIOS_CAPTURES, "*.bin"))):
        write(os.path.join(out, "smbios", os.path.basename(path)[:-4]), smbios_area(path))
    with open(MKDISK, "rb") as f:
        write(os.path.join(out, "elfcheck", "elf64-head"), f.read()[:4096])
    uefi_seeds(out)


if __name__ == "__main__":
    main()

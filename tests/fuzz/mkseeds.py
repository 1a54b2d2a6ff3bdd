"""mkseeds.py OUTDIR - seed corpora for the fuzz targets (tests/fuzz/), from
the real and synthetic E820 tables and the built kernel. From the repository
root: python3 -m tests.fuzz.mkseeds OUTDIR (mk/fuzz.mk runs it).

  OUTDIR/e820/      each table as raw 24-byte entries (fuzz_e820's even mode)
  OUTDIR/bootinfo/  a boot-info block as stage two would build it from each table
  OUTDIR/elfcheck/  build/kernel.elf's first 4 KiB with its real size, as stage
                    two hands it to elf_check, against each map; the whole file;
                    a 64-bit ELF (build/mkdisk)
"""

import glob
import os
import struct
import sys

from tests.harness import cdefs, e820table, oracle
from tests.harness.paths import E820_TABLES, KERNEL, MKDISK

TABLES = sorted(glob.glob(os.path.join(E820_TABLES, "*", "*.e820")))


def entries(path):
    return e820table.Table(path).entries[:128]


def raw_bytes(ents):
    return b"".join(struct.pack("<QQII", b, l & (2**64 - 1), t, a) for b, l, t, a in ents)


def bootinfo(ents, net=False):
    """struct bootinfo (include/bootinfo.h, docs/boot-info.md), BOOTINFO_SIZE bytes, with
    the map sanitized as stage two does it (by the oracle's sanitizer) and the
    loader's three TSC stamps (BI_TSC) as a disk boot under QEMU took them."""
    flags = (0x10 if net else 0) | 0x40
    size = cdefs.bootinfo("BOOTINFO_SIZE")
    head = struct.pack("<IHHIBBBBHHHH", 0x49424C42, 2, size, flags, 1, 0x80, 1, 20, 639, 0, 0, 0)
    loader = b"bootlab-stage2/1".ljust(32, b"\0")
    cmdline = b"qemu-exit".ljust(128, b"\0")
    netb = (bytes([0x52, 0x54, 0, 0x12, 0x34, 0x56, 0, 0]) + bytes([10, 0, 2, 15, 10, 0, 2, 2])
            + bytes(4) + b"bootlab/disk.img".ljust(128, b"\0"))
    mmap = raw_bytes(ents).ljust(128 * 24, b"\0")
    sane = oracle.sanitize(ents)
    sanes = b"".join(struct.pack("<QQI", a, e, t) for a, e, t in sane).ljust(256 * 20, b"\0")
    blk = (head + loader + cmdline + netb + struct.pack("<I", len(ents)) + mmap
           + struct.pack("<I", len(sane)) + sanes)
    assert len(blk) == cdefs.bootinfo("BOOTINFO_TSC_OFF")
    blk += struct.pack("<QQQ", 0x8A1C3F2, 0x8F00A11, 0x94D27C0)
    assert len(blk) == cdefs.bootinfo("BOOTINFO_SMBIOS_OFF")
    blk += struct.pack("<Q", 0)
    assert len(blk) == size
    return blk


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


if __name__ == "__main__":
    main()

"""bench.py - numbers for `make bench-uefi`: the sizes of the UEFI loader and
the hybrid image, and for UEFI PCs under OVMF (TCG) the time from QEMU's start
to the loader's first line, to the kernel's first line and to the report's
end marker (median of N boots), by machine and memory size; then what the
loader and kernel found there: descriptors, framebuffer.

From the repository root:

    python3 -m tests.uefi.bench [--runs N]
"""

import argparse
import os
import re
import statistics

from tests.harness import ovmf
from tests.harness.paths import DISK

MARKS = [("loader", r"uefi: bootlab-uefi"), ("kernel", r"kernel: bootlab kernel"),
         ("end", ovmf.REPORT_END)]
BOOTS = [("pc", 128, False), ("pc", 512, False), ("pc", 3583, False), ("q35", 3583, False),
         ("q35", 256, True)]


def boot_once(machine, mem, ia32):
    """Seconds from QEMU start to each mark, and the serial log."""
    with ovmf.UefiPC(mem=mem, machine=machine, ia32=ia32) as pc:
        return pc.mark_times(MARKS), pc.serial()


def facts(serial):
    """The loader's own numbers from its lines."""
    m = re.search(r"memory map: (\d+) descriptors \(DescriptorSize (\d+)", serial)
    f = re.search(r"final map (\d+) descriptors, (\d+) E820", serial)
    fb = re.search(r"framebuffer (0x[0-9a-f]+) \((\d+) bytes\)", serial)
    img = re.search(r"image at (0x[0-9a-f]+)", serial)
    return ("descriptors %s at first, %s final (DescriptorSize %s), %s E820 ranges; "
            "framebuffer %s (%s bytes); loader image at %s" % (
                m.group(1), f.group(1), m.group(2), f.group(2), fb.group(1) if fb else "-",
                fb.group(2) if fb else "-", img.group(1)))


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tests.uefi.bench")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    for name in (ovmf.LOADER, ovmf.LOADER32, DISK):
        print("size %-22s %8d bytes" % (os.path.basename(name), os.path.getsize(name)))
    for machine, mem, ia32 in BOOTS:
        what = "%s%s -m %d" % (machine, " ia32" if ia32 else "", mem)
        runs = [boot_once(machine, mem, ia32) for _ in range(args.runs)]
        for mark, _ in MARKS:
            vals = sorted(r[0][mark] for r in runs)
            print("boot %-16s %-7s median %.2f s  min %.2f  max %.2f  (n=%d)" % (
                what, mark, statistics.median(vals), vals[0], vals[-1], len(vals)))
        print("boot %-16s %s" % (what, facts(runs[0][1])))


if __name__ == "__main__":
    main()

"""bench.py - numbers for `make bench`: the sizes of what boots, and the time
from QEMU's start to the report's end marker (median of 5 boots under the
accelerator mk/accel.sh picked), with where the time goes.

From the repository root:

    python3 -m tests.qemu.bench [--runs N] [--mem M ...]
"""

import argparse
import os
import statistics

from tests.harness.elf import program_headers
from tests.harness.paths import BUILD, DISK, KERNEL
from tests.harness.qemu import Qemu, accel

MARKS = [("stage2", r"stage2: bootlab"), ("kernel", r"kernel: bootlab kernel"),
         ("end", r"bootlab-report v\d+ end .*\n")]


def boot_once(mem):
    """Seconds from QEMU start to each mark."""
    with Qemu(mem=mem) as q:
        return q.mark_times(MARKS)


def sizes():
    s2 = os.path.getsize(os.path.join(BUILD, "stage2.bin"))
    k = os.path.getsize(KERNEL)
    _, phdrs = program_headers(open(KERNEL, "rb").read())
    loaded = sum(p[5] for p in phdrs if p[0] == 1)
    filesz = sum(p[4] for p in phdrs if p[0] == 1)
    print("size stage1          512 bytes (one sector, 0x55AA)")
    print("size stage2       %6d bytes (%d sectors of at most 64)" % (s2, (s2 + 511) // 512))
    print("size kernel.elf   %6d bytes (file, with symbols)" % k)
    print("size kernel load  %6d bytes in memory (%d from the file, rest bss)" % (loaded, filesz))
    print("size disk.img     %6d bytes" % os.path.getsize(DISK))


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tests.qemu.bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mem", type=int, nargs="*", default=[512])
    args = ap.parse_args()
    sizes()
    print("accel %s" % accel())
    for mem in args.mem:
        runs = [boot_once(mem) for _ in range(args.runs)]
        for name, _ in MARKS:
            vals = sorted(r[name] for r in runs)
            print("boot -m %-5d %-7s median %.3f s  min %.3f  max %.3f  (n=%d)" % (
                mem, name, statistics.median(vals), vals[0], vals[-1], len(vals)))


if __name__ == "__main__":
    main()

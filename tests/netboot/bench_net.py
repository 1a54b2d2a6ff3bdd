"""bench_net.py - numbers for `make bench-net`: what PXE loads and what the
kernel weighs, and each network-boot path's time from QEMU's start to the
report's end marker (median of --runs boots, accelerator from mk/accel.sh).
Needs root (namespaces); uses the same configuration as the tests.

From the repository root:

    python3 -m tests.netboot.bench_net [--runs 3] [--mem 128]
"""

import argparse
import os
import re
import statistics
import sys
import time

from tests.harness import netlab
from tests.harness.elf import program_headers
from tests.harness.paths import BUILD, KERNEL, NETBOOT_ROOT
from tests.harness.qemu import Qemu, accel

MAC = "52:54:00:77:00:0a"
END = re.compile(r"bootlab-report v\d+ end .*\n")

# name, server settings, seat file (None: default seat), proxy?
PATHS = [
    ("rom -> bootlab.pxe (TFTP kernel)", dict(bios_file="bootlab.pxe", ipxe_file="bootlab.pxe"),
     None, False),
    ("rom -> undionly -> boot.ipxe -> bootlab.pxe", {}, "set loader pxe\nset via undionly\n",
     False),
    ("rom iPXE -> boot.ipxe -> bootlab.pxe (the default seat)", {}, None, False),
    ("rom iPXE -> boot.ipxe -> Multiboot, TFTP", {}, "set loader multiboot\n", False),
    ("rom iPXE -> boot.ipxe -> Multiboot, HTTP", dict(http=True), "set loader multiboot\n", False),
    ("rom iPXE -> boot.ipxe -> own seat file -> Multiboot", {},
     "set kernel kernel.elf\nset loader multiboot\n", False),
    ("proxy DHCP: rom iPXE -> boot.ipxe -> Multiboot", {}, "set loader multiboot\n", True),
    ("proxy DHCP: rom iPXE -> boot.ipxe -> bootlab.pxe", {}, None, True),
]


def time_to_end(q, timeout=120):
    deadline = time.monotonic() + timeout
    while not END.search(q.serial()):
        if time.monotonic() > deadline or q.proc.poll() is not None:
            raise RuntimeError("no report end marker:\n" + q.serial()[-1500:])
        time.sleep(0.002)
    return time.monotonic() - q.start_time


def bench_path(settings, seat, proxy, runs, mem):
    with netlab.Lab() as lab:
        root = netlab.copy_root(os.path.join(lab.state, "root"))
        if seat:
            netlab.write_seat(root, MAC, seat)
        if proxy:
            lab.add_campus_dhcp()
        lab.serve(root, mode="proxy" if proxy else "isolated", **settings)
        times = []
        for _ in range(runs):
            with Qemu(mem=mem, disk=None, netns=lab.ns,
                              extra=netlab.qemu_net_args(lab.taps[0], MAC)) as q:
                times.append(time_to_end(q))
        return times


def bench_kernel(runs, mem):
    times = []
    for _ in range(runs):
        with Qemu(mem=mem, kernel=KERNEL) as q:
            times.append(time_to_end(q))
    return times


def sizes():
    nbp = os.path.join(NETBOOT_ROOT, "bootlab.pxe")
    _, phdrs = program_headers(open(KERNEL, "rb").read())
    print("size bootlab.pxe   %6d bytes: what the PXE ROM loads (limit 32768)" %
          os.path.getsize(nbp))
    print("size stage2.bin    %6d bytes (inside bootlab.pxe, after the 512-byte stub)" %
          os.path.getsize(os.path.join(BUILD, "stage2.bin")))
    print("size kernel.elf    %6d bytes: the file TFTP/HTTP sends" % os.path.getsize(KERNEL))
    print("size kernel load   %6d bytes in memory (%d from the file)" % (
        sum(p[5] for p in phdrs if p[0] == 1), sum(p[4] for p in phdrs if p[0] == 1)))


def report(name, times):
    t = sorted(times)
    print("boot %-50s median %.2f s  min %.2f  max %.2f  (n=%d)" % (
        name, statistics.median(t), t[0], t[-1], len(t)), flush=True)


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tests.netboot.bench_net")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mem", type=int, default=128)
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench-net: network namespaces need root")
    sizes()
    print("accel %s, -m %d, QEMU start -> report end marker" % (accel(), args.mem))
    for name, settings, seat, proxy in PATHS:
        report(name, bench_path(settings, seat, proxy, args.runs, args.mem))
    report("qemu -kernel build/kernel.elf (Multiboot)", bench_kernel(args.runs, args.mem))


if __name__ == "__main__":
    main()

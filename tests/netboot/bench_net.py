"""bench_net.py - numbers for `make bench-net`: what a PXE PC fetches and
what the kernel weighs, and each network-boot path's time from QEMU's start to
the report's end marker (median, min and max of --runs boots, accelerator from
mk/accel.sh), first on a clean network, then with packet loss on the two
paths a lab chooses between (bootlab.pxe fetching its kernel through the PXE
API, and iPXE fetching the Multiboot kernel itself), and on HTTP. Loss: one
in N of the TFTP packets (and for HTTP of the TCP segments) both ways,
dropped at random inside the lab namespace (tests/harness/netlab.py,
Lab.lose). A lossy boot that stops or hangs is
counted, not timed; the retries each PC printed are counted too. Needs root
(namespaces); uses the same server configuration as the tests.

From the repository root:

    python3 -m tests.netboot.bench_net [--runs 3] [--mem 128] [--loss 20,8]
        [--lossy-runs 3] [--only nbp|multiboot|http] [--no-clean] [--root DIR]
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
STOPPED = re.compile(r"stage2: halted|kernel: halted|panic: ")
# One line per retry: bootlab.pxe's (boot/pxe_tftp.c) and boot.ipxe's.
RETRY = re.compile(r"(?:stage2: pxe: retry \d+|bootlab: retrying in).*")

NBP = ("rom -> bootlab.pxe (TFTP kernel)", dict(bios_file="bootlab.pxe", ipxe_file="bootlab.pxe"),
       None, False)
MULTIBOOT = ("rom iPXE -> boot.ipxe -> Multiboot, TFTP", {}, "set loader multiboot\n", False)
HTTP = ("rom iPXE -> boot.ipxe -> Multiboot, HTTP", dict(http=True), "set loader multiboot\n",
        False)
# name, server settings, seat file (None: default seat), proxy?
PATHS = [
    NBP,
    ("rom -> undionly -> boot.ipxe -> bootlab.pxe", {}, "set loader pxe\nset via undionly\n",
     False),
    ("rom iPXE -> boot.ipxe -> bootlab.pxe (the default seat)", {}, None, False),
    MULTIBOOT,
    HTTP,
    ("rom iPXE -> boot.ipxe -> own seat file -> Multiboot", {},
     "set kernel kernel.elf\nset loader multiboot\n", False),
    ("proxy DHCP: rom iPXE -> boot.ipxe -> Multiboot", {}, "set loader multiboot\n", True),
    ("proxy DHCP: rom iPXE -> boot.ipxe -> bootlab.pxe", {}, None, True),
]
# The lossy runs: the two ways a lab boots the kernel over TFTP, and HTTP
# (where TCP port 80 loses packets too).
LOSSY = {"nbp": NBP, "multiboot": MULTIBOOT, "http": HTTP}


class Boot:
    """One boot's outcome: seconds to the end marker (None if it stopped or
    hung), retry lines printed, and the serial log's tail when it failed."""

    def __init__(self, q, timeout):
        deadline = time.monotonic() + timeout
        self.seconds, self.why = None, "no report end marker in %d s" % timeout
        while time.monotonic() < deadline and q.proc.poll() is None:
            text = q.serial()
            if END.search(text):
                self.seconds = time.monotonic() - q.start_time
                break
            if STOPPED.search(text):
                self.why = "stopped"
                break
            time.sleep(0.002)
        text = q.serial().replace("\r", "")
        self.retry_lines = RETRY.findall(text)
        self.retries = len(self.retry_lines)
        self.tail = "" if self.seconds else text[-1200:]


def bench_path(path, runs, mem, one_in=0, timeout=180, src=NETBOOT_ROOT):
    """[Boot] of runs boots of one path, serving a copy of src; with one_in,
    one in that many TFTP packets is dropped each way. Also returns the
    lab's drop counters."""
    _, settings, seat, proxy = path
    with netlab.Lab() as lab:
        root = netlab.copy_root(os.path.join(lab.state, "root"), src)
        if seat:
            netlab.write_seat(root, MAC, seat)
        if proxy:
            lab.add_campus_dhcp()
        lab.serve(root, mode="proxy" if proxy else "isolated", **settings)
        lab.lose(one_in, tcp=bool(settings.get("http")))
        boots = []
        for _ in range(runs):
            with Qemu(mem=mem, disk=None, netns=lab.ns,
                      extra=netlab.qemu_net_args(lab.taps[0], MAC)) as q:
                boots.append(Boot(q, timeout))
        return boots, lab.loss_counts() if one_in else None


def bench_kernel(runs, mem):
    boots = []
    for _ in range(runs):
        with Qemu(mem=mem, kernel=KERNEL) as q:
            boots.append(Boot(q, 60))
    return boots


def sizes():
    """What a PXE PC fetches (bootlab.pxe and the served, stripped kernel) and
    what the grader reads (build/kernel.elf, with symbols)."""
    nbp = os.path.getsize(os.path.join(NETBOOT_ROOT, "bootlab.pxe"))
    served = os.path.getsize(os.path.join(NETBOOT_ROOT, "kernel.elf"))
    _, phdrs = program_headers(open(KERNEL, "rb").read())
    print("size bootlab.pxe   %6d bytes: what the PXE ROM loads (limit 32768)" % nbp)
    print("size stage2.bin    %6d bytes (inside bootlab.pxe, after the 512-byte stub)" %
          os.path.getsize(os.path.join(BUILD, "stage2.bin")))
    print("size kernel.elf    %6d bytes: the stripped file TFTP/HTTP sends (%s)" % (
        served, os.path.join("build", "netboot", "kernel.elf")))
    print("size kernel.elf    %6d bytes: build/kernel.elf, with symbols, for the grader" %
          os.path.getsize(KERNEL))
    print("size PXE fetch     %6d bytes: bootlab.pxe + served kernel (limit 65536)" %
          (nbp + served))
    print("size kernel load   %6d bytes in memory (%d from the file)" % (
        sum(p[5] for p in phdrs if p[0] == 1), sum(p[4] for p in phdrs if p[0] == 1)))



def report(name, boots, counts=None):
    t = sorted(b.seconds for b in boots if b.seconds is not None)
    failed = [b for b in boots if b.seconds is None]
    line = "boot %-58s " % name
    if t:
        line += "median %5.2f s  min %5.2f  max %5.2f" % (statistics.median(t), t[0], t[-1])
    else:
        line += "no boot reached its report"
    line += "  (n=%d, failed %d, retries %d)" % (len(boots), len(failed),
                                                  sum(b.retries for b in boots))
    if counts:
        line += "  dropped in %d/%d out %d/%d" % (counts["in"][1], counts["in"][0],
                                                   counts["out"][1], counts["out"][0])
    print(line, flush=True)
    if counts:
        print("    retries per boot: %s" % " ".join(str(b.retries) for b in boots), flush=True)
    for line in sorted(set(l for b in boots for l in b.retry_lines)):
        print("    %s" % line, flush=True)
    for b in failed:
        print("    failed (%s); serial tail:\n      %s" % (
            b.why, b.tail.replace("\r", "").strip().replace("\n", "\n      ")), flush=True)


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tests.netboot.bench_net")
    ap.add_argument("--runs", type=int, default=3, help="boots per path on a clean network")
    ap.add_argument("--mem", type=int, default=128)
    ap.add_argument("--loss", default="20,8",
                    help="comma-separated N: drop one in N packets each way ('' for none)")
    ap.add_argument("--lossy-runs", type=int, default=3, help="boots per path and loss rate")
    ap.add_argument("--only", choices=sorted(LOSSY), help="the lossy paths: just this one")
    ap.add_argument("--no-clean", dest="clean", action="store_false",
                    help="skip the boots on a clean network")
    ap.add_argument("--root", default=NETBOOT_ROOT,
                    help="serve a copy of this root instead of build/netboot")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench-net: network namespaces need root")
    sizes()
    print("accel %s, -m %d, QEMU start -> report end marker" % (accel(), args.mem))
    if args.clean:
        for path in PATHS:
            report(path[0], *bench_path(path, args.runs, args.mem, src=args.root))
        report("qemu -kernel build/kernel.elf (Multiboot)", bench_kernel(args.runs, args.mem))
    for one_in in [int(n) for n in args.loss.split(",") if n.strip()]:
        for key, path in LOSSY.items():
            if args.only in (None, key):
                report("%s, 1-in-%d loss" % (path[0], one_in),
                       *bench_path(path, args.lossy_runs, args.mem, one_in, src=args.root))


if __name__ == "__main__":
    main()

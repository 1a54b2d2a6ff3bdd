"""qemu_pxe.py - boot a QEMU PC over the network from the bootlab server
(make qemu-pxe [MEM=128] [PROXY=1] [HTTP=1] [NBP=bootlab.pxe]), as root.

Builds a private lab network (tests/harness/netlab.py: a namespace with a
bridge and a tap), runs the same dnsmasq configuration as make netboot-serve
on it, serving build/netboot/, and boots one QEMU PC (e1000, MAC
52:54:00:77:00:01) from its NIC. With PROXY=1 a second namespace plays the campus DHCP server.

On a terminal the PC's serial console is the terminal (quit: Ctrl-A X).
Without one (CI, scripts) the serial log is printed and the command ends when
the report's end marker arrives: status 0 if the report is complete with a
matching CRC, 1 otherwise. Everything is removed afterwards.

From the repository root:

    python3 -m tests.netboot.qemu_pxe [--mem 128] [--proxy] [--http] [--nbp bootlab.pxe]
"""

import argparse
import os
import subprocess
import sys
import time

from tests.harness import netlab
from tests.harness.paths import NETBOOT_ROOT
from tests.harness.qemu import Qemu, accel
from tests.harness.report import parse_report

MAC = "52:54:00:77:00:01"


def parse_args():
    ap = argparse.ArgumentParser(prog="python3 -m tests.netboot.qemu_pxe",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--mem", type=int, default=128)
    ap.add_argument("--proxy", action="store_true")
    ap.add_argument("--http", action="store_true")
    ap.add_argument("--nbp", default="undionly.kpxe")
    ap.add_argument("--timeout", type=int, default=120)
    return ap.parse_args()


def serve(lab, args):
    direct = args.nbp != "undionly.kpxe"  # another program: iPXE ROMs get it too
    if args.proxy:
        lab.add_campus_dhcp()
    lab.serve(NETBOOT_ROOT, mode="proxy" if args.proxy else "isolated", http=args.http,
              bios_file=args.nbp, ipxe_file=args.nbp if direct else "boot.ipxe")


def interactive(lab, args):
    cmd = lab.exec_args() + ["qemu-system-i386", "-accel", accel(), "-m", str(args.mem),
                             "-display", "none", "-serial", "mon:stdio", "-no-reboot"]
    print("bootlab: PXE-booting a QEMU PC (%s) in namespace %s; quit with Ctrl-A X"
          % (MAC, lab.ns), flush=True)
    subprocess.run(cmd + netlab.qemu_net_args(lab.taps[0], MAC))
    return 0


def batch(lab, args):
    with Qemu(mem=args.mem, disk=None, netns=lab.ns,
                      extra=netlab.qemu_net_args(lab.taps[0], MAC)) as q:
        try:
            q.wait_for(r"bootlab-report v\d+ end.*\n|stage2: halted|kernel: halted|panic: .*\n",
                       timeout=args.timeout)
        except (TimeoutError, RuntimeError) as e:
            print(e)
            return 1
        text = q.serial().replace("\r", "")
        print(text, end="")
        try:
            parse_report(text)
        except ValueError as e:
            print("bootlab: no complete report: %s" % e)
            return 1
        print("bootlab: report complete, CRC matches (%.1f s)" % (time.monotonic() - q.start_time))
        return 0


def main():
    args = parse_args()
    if os.geteuid() != 0:
        sys.exit("qemu-pxe: network namespaces and taps need root: run it with sudo")
    try:
        with netlab.Lab(npcs=1) as lab:
            serve(lab, args)
            return interactive(lab, args) if sys.stdin.isatty() else batch(lab, args)
    except KeyboardInterrupt:  # Ctrl-C: the user's way to stop it; the cleanup has run
        print("qemu-pxe: stopped; the QEMU PC, dnsmasq and the namespace are gone",
              file=sys.stderr)
        return 0
    except (RuntimeError, OSError) as e:
        print("qemu-pxe: error: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""qemu_pxe.py - boot a QEMU PC over the network from the bootlab server
(make qemu-pxe [MEM=128] [PROXY=1] [HTTP=1] [NBP=bootlab.pxe]; make
qemu-pxe-uefi [MEM=128] [PROXY=1]: a UEFI PC under OVMF), as root.

Builds a private lab network (tests/harness/netlab.py: a namespace with a
bridge and a tap), runs the same dnsmasq configuration as make netboot-serve
on it, serving build/netboot/, and boots one QEMU PC (e1000, MAC
52:54:00:77:00:01) from its NIC; with --uefi a UEFI PC (OVMF, its own UEFI
PXE on virtio-net; with --ipxe iPXE's EFI ROM on an e1000). With PROXY=1 a
second namespace plays the campus DHCP server.

On a terminal the PC's serial console is the terminal (quit: Ctrl-A X).
Without one (CI, scripts) the serial log is printed and the command ends when
the report's end marker arrives: status 0 if the report is complete with a
matching CRC, 1 otherwise. Everything is removed afterwards.

From the repository root:

    python3 -m tests.netboot.qemu_pxe [--mem 128] [--proxy] [--http] [--nbp bootlab.pxe]
                                      [--uefi [--ipxe]]
"""

import argparse
import os
import subprocess
import sys
import time

from tests.harness import netlab, ovmf
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
    ap.add_argument("--uefi", action="store_true", help="a UEFI PC (OVMF)")
    ap.add_argument("--ipxe", action="store_true", help="with --uefi: iPXE's EFI ROM (e1000)")
    return ap.parse_args()


def pc_args(lab, args):
    """(QEMU binary, accelerator, its firmware and NIC arguments) for the PC:
    a UEFI PC runs under TCG (../shared/notes/uefi.md: KVM fails them here)."""
    if args.uefi:
        return "qemu-system-x86_64", "tcg", (ovmf.firmware(lab.state) +
                                             netlab.uefi_net_args(lab.taps[0], MAC, args.ipxe))
    return "qemu-system-i386", accel(), netlab.qemu_net_args(lab.taps[0], MAC)


def serve(lab, args):
    direct = args.nbp != "undionly.kpxe"  # another program: iPXE ROMs get it too
    if args.proxy:
        lab.add_campus_dhcp()
    lab.serve(NETBOOT_ROOT, mode="proxy" if args.proxy else "isolated", http=args.http,
              bios_file=args.nbp, ipxe_file=args.nbp if direct else "boot.ipxe")


def interactive(lab, args):
    binary, accel_name, more = pc_args(lab, args)
    cmd = lab.exec_args() + [binary, "-accel", accel_name, "-m", str(args.mem), "-display",
                             "none", "-serial", "mon:stdio", "-no-reboot"] + more
    print("bootlab: PXE-booting a QEMU %sPC (%s) in namespace %s; quit with Ctrl-A X"
          % ("UEFI " if args.uefi else "", MAC, lab.ns), flush=True)
    subprocess.run(cmd)
    return 0


def batch(lab, args):
    binary, accel_name, more = pc_args(lab, args)
    with Qemu(mem=args.mem, disk=None, netns=lab.ns, extra=more, binary=binary,
              accel_name=accel_name) as q:
        try:
            q.wait_for(r"bootlab-report v\d+ end.*\n|(stage2|uefi|kernel): halted|panic: .*\n",
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

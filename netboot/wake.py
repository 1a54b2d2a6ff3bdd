"""wake.py - switch a room on: a Wake-on-LAN magic packet to every PC of a
lab manifest (make lab-wake MANIFEST=FILE IFACE=eth1), as root.

    python3 -m netboot.wake MANIFEST --iface eth1 [--seat pc07 ...]

A magic packet (AMD, "Magic Packet Technology", 1995) is six 0xFF bytes and
the PC's MAC sixteen times. It goes out as a UDP broadcast (port 9, the
discard port, the usual one) on the lab interface only (SO_BINDTODEVICE,
hence root). The PC's firmware must have Wake-on-LAN enabled and its NIC
powered while off (docs/lab-setup.md, "Switching a room on"). Start
labgrade first, with --wait, so each seat's timeout runs from its first byte.
"""

import argparse
import os
import socket
import sys

from netboot import manifest

PORT = 9


def magic_packet(mac):
    """The 102 bytes that wake the PC with this MAC ("aa:bb:cc:dd:ee:ff")."""
    return b"\xff" * 6 + bytes.fromhex(mac.replace(":", "").replace("-", "")) * 16


def send(macs, iface, address="255.255.255.255", port=PORT):
    """One magic packet per MAC, broadcast on iface only."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
        for mac in macs:
            s.sendto(magic_packet(mac), (address, port))


def main(argv):
    ap = argparse.ArgumentParser(prog="python3 -m netboot.wake", description=__doc__.split("\n")[0])
    ap.add_argument("manifest")
    ap.add_argument("--iface", required=True, help="the lab interface")
    ap.add_argument("--seat", action="append", help="wake only this seat (repeatable)")
    ap.add_argument("--build-dir", default=os.path.join(manifest.ROOT, "build"))
    args = ap.parse_args(argv)
    try:
        seats = manifest.read(args.manifest, os.path.abspath(args.build_dir))
    except manifest.ManifestError as e:
        print("wake: %s" % e, file=sys.stderr)
        return 2
    if args.seat:
        unknown = set(args.seat) - {s.seat for s in seats}
        if unknown:
            print("wake: no seat %s in %s" % (", ".join(sorted(unknown)), args.manifest),
                  file=sys.stderr)
            return 2
        seats = [s for s in seats if s.seat in args.seat]
    try:
        send([s.mac for s in seats], args.iface)
    except PermissionError:
        print("wake: sending on %s alone needs root: sudo make lab-wake ..." % args.iface,
              file=sys.stderr)
        return 1
    except OSError as e:
        print("wake: %s: %s (ip -br link lists the interfaces)" % (args.iface, e.strerror),
              file=sys.stderr)
        return 1
    print("wake: magic packets sent on %s to %d PC(s): %s" % (
        args.iface, len(seats), " ".join("%s=%s" % (s.seat, s.mac) for s in seats)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

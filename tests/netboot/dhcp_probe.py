"""dhcp_probe.py - send one DHCPDISCOVER the way a given kind of PXE client
does and print what the server offers, as JSON (run inside a test namespace:
ip netns exec NS python3 dhcp_probe.py IFACE MAC ARCH [--ipxe]).

It plays the clients QEMU cannot: a vendor BIOS PXE ROM (arch 0, no iPXE
option) and UEFI firmware (arch 6, 7, 9), with or without iPXE. RFC 2131
section 2 (packet), RFC 2132 (options 53, 60, 67, 93), RFC 4578 (option 93),
iPXE's option 175 (its encapsulated options: its presence marks iPXE).
"""

import json
import os
import socket
import struct
import sys
import time

SO_BINDTODEVICE = 25


def discover(mac, arch, ipxe):
    xid = os.urandom(4)
    pkt = struct.pack("!BBBB4sHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, bytes(4),
                      bytes(4), bytes(4), bytes(4), bytes.fromhex(mac.replace(":", "")),
                      bytes(64), bytes(128))
    vendor = b"PXEClient:Arch:%05d:UNDI:002001" % arch
    opts = [(53, b"\x01"), (93, struct.pack("!H", arch)), (60, vendor),
            (55, bytes([1, 3, 43, 60, 66, 67]))]
    if ipxe:
        opts += [(77, b"iPXE"), (175, b"\xb1\x05\x01\x10\xec\x10\x0f")]
    body = b"".join(bytes([t, len(v)]) + v for t, v in opts)
    return xid, pkt + b"\x63\x82\x53\x63" + body + b"\xff"


def options(pkt):
    out, i = {}, 240
    while i < len(pkt) and pkt[i] != 255:
        if pkt[i] == 0:
            i += 1
            continue
        out[pkt[i]] = pkt[i + 2:i + 2 + pkt[i + 1]]
        i += 2 + pkt[i + 1]
    return out


def main():
    iface, mac, arch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    xid, pkt = discover(mac, arch, "--ipxe" in sys.argv)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, iface.encode())
    s.bind(("0.0.0.0", 68))
    s.settimeout(0.5)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        s.sendto(pkt, ("255.255.255.255", 67))
        try:
            data, _ = s.recvfrom(2048)
        except socket.timeout:
            continue
        if data[0] == 2 and data[4:8] == xid:
            o = options(data)
            print(json.dumps({"yiaddr": socket.inet_ntoa(data[16:20]),
                              "file": data[108:236].split(b"\0")[0].decode(),
                              "opt67": o.get(67, b"").split(b"\0")[0].decode(),
                              "type": o.get(53, b"\0")[0]}))
            return 0
    print(json.dumps({"error": "no offer"}))
    return 1


if __name__ == "__main__":
    sys.exit(main())

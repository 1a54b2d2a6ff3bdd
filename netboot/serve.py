"""serve.py - the bootlab network-boot server for a real lab, in the
foreground with readable logs (make netboot-serve IFACE=eth1 [PROXY=1] [HTTP=1]).

Runs dnsmasq (DHCP or proxy DHCP, and TFTP) bound to one interface, with the
configuration netboot/dnsmasq_conf.py renders from netboot/dnsmasq-*.conf,
and, with --http, the files-only HTTP server (netboot/http.py) on port 80 of
the same address. Before it starts, every file of the root is checked the
way dnsmasq will judge it (netboot/seats.py); a file it would not serve stops
the start, named, so no PC quietly boots another kernel. Ctrl-C
(SIGINT) or SIGTERM stops both (by PID), however the server was started: it
installs its own handlers, so a SIGINT that its parent ignored still stops it.
The rendered configuration, pid and lease files live in build/netboot-run/.

From the repository root:

    python3 -m netboot.serve --iface eth1 [--proxy] [--http] [--seats N]
                             [--nbp bootlab.pxe] [--print-config]
"""

import argparse
import ipaddress
import os
import re
import signal
import subprocess
import sys

from netboot import seats
from netboot.dnsmasq_conf import owner, render_config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NETBOOT_ROOT = os.path.join(ROOT, "build", "netboot")  # make netboot
RUN_DIR = os.path.join(ROOT, "build", "netboot-run")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def iface_address(iface):
    """The interface's first IPv4 address with its prefix, e.g. 10.77.0.1/24."""
    r = subprocess.run(["ip", "-4", "-o", "addr", "show", "dev", iface], capture_output=True,
                       text=True)
    if r.returncode != 0:
        sys.exit("serve: no interface %r (ip link shows the names)" % iface)
    for line in r.stdout.split("\n"):
        parts = line.split()
        if "inet" in parts:
            return parts[parts.index("inet") + 1]
    sys.exit("serve: %s has no IPv4 address; give it one first, e.g.\n"
             "    ip addr add 10.77.0.1/24 dev %s && ip link set %s up" % (iface, iface, iface))


def busy(iface, addr):
    """Who already listens on this interface's DHCP, TFTP or PXE ports: a list
    of "dnsmasq (PID 123) on 0.0.0.0%eth1:67". dnsmasq with bind-interfaces
    starts without complaint beside a stale copy of itself, and then both
    answer: this check is the only warning there is."""
    ip = str(ipaddress.ip_interface(addr).ip)
    r = subprocess.run(["ss", "-Hlupn", "sport = :67 or sport = :69 or sport = :4011"],
                       capture_output=True, text=True)
    found = []
    for line in r.stdout.split("\n"):
        parts = line.split()
        if len(parts) < 6:
            continue
        host = parts[3].rsplit(":", 1)[0]
        if host in ("0.0.0.0", "*", "[::]", ip, "0.0.0.0%" + iface, "*%" + iface):
            for name, pid in re.findall(r'\("([^"]+)",pid=(\d+)', parts[5]):
                found.append("%s (PID %s) on %s" % (name, pid, parts[3]))
    return found


def parse_args():
    ap = argparse.ArgumentParser(prog="python3 -m netboot.serve",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--iface", required=True, help="the lab interface (and only it)")
    ap.add_argument("--proxy", action="store_true", help="proxy DHCP beside a campus server")
    ap.add_argument("--http", action="store_true", help="also serve the root over HTTP")
    ap.add_argument("--seats", type=int, default=40, help="PCs in the room (sizes tftp-max)")
    ap.add_argument("--nbp", default="undionly.kpxe",
                    help="what BIOS PXE ROMs get: undionly.kpxe (then boot.ipxe), or any "
                         "other program, which iPXE ROMs get too: bootlab.pxe (straight to "
                         "bootlab), boot/grub/i386-pc/core.0 (GRUB, make grub-netboot)")
    ap.add_argument("--root", default=NETBOOT_ROOT, help="the TFTP/HTTP root")
    ap.add_argument("--run-dir", default=RUN_DIR, help="rendered config, pid and lease files")
    ap.add_argument("--print-config", action="store_true", help="print it and exit")
    return ap.parse_args()


def config(args, addr):
    url = "http://%s/" % ipaddress.ip_interface(addr).ip if args.http else None
    direct = args.nbp != "undionly.kpxe"
    return render_config("proxy" if args.proxy else "isolated", args.iface, addr,
                         args.root, args.run_dir, bios_file=args.nbp,
                         ipxe_file=args.nbp if direct else "boot.ipxe",
                         http_url=url, seats=args.seats, log_to_stdout=True)


def start(args, conf_path, addr, procs):
    """Start dnsmasq and, with --http, the HTTP server; each Popen is appended
    to procs as soon as it exists, so stop() finds it whatever happens next."""
    procs.append(subprocess.Popen(["dnsmasq", "--keep-in-foreground", "--conf-file=" + conf_path]))
    if args.http:
        ip = str(ipaddress.ip_interface(addr).ip)
        procs.append(subprocess.Popen([sys.executable, "-m", "netboot.http", "--bind", ip,
                                       "--root", args.root, "--port", "80"], cwd=ROOT))


def stop(procs):
    """SIGTERM to each child started here, then SIGKILL to one that is still
    there after 3 s; every one is waited for."""
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=3)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def serve_until_stopped(args, conf_path, addr):
    """Run the servers until dnsmasq ends (its exit status) or SIGINT or
    SIGTERM arrives (0). The handlers are installed here, not inherited: a
    process started in the background by a non-interactive shell has SIGINT
    ignored, and Python then never raises KeyboardInterrupt by itself."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.default_int_handler)
    procs = []
    try:
        start(args, conf_path, addr, procs)
        rc = procs[0].wait()
        if rc != 0:
            print("bootlab: dnsmasq exited with %d. If it says 'Address in use', another "
                  "DHCP/TFTP server is bound: ss -lupn 'sport = :67 or sport = :69'" % rc)
        return rc
    except KeyboardInterrupt:
        return 0
    finally:
        for sig in STOP_SIGNALS:  # a second Ctrl-C must not cut the cleanup short
            signal.signal(sig, signal.SIG_IGN)
        stop(procs)


def who_serves(root):
    """One line on the user dnsmasq will run as: the root's owner. As root, it
    keeps every privilege, and tftp-secure then serves any world-readable file."""
    user = owner(root)
    if user != "root":
        return "bootlab: dnsmasq drops root and runs as %s, the owner of %s" % (user, root)
    return ("bootlab: %s belongs to root, so dnsmasq keeps running as root (it serves any "
            "world-readable file there). To let it drop root, build the root as a normal user: "
            "make netboot without sudo, then sudo make netboot-serve" % root)


def write_config(args, text):
    """The rendered configuration in the run directory; its path. Exits with
    advice when the directory cannot be written."""
    conf_path = os.path.join(args.run_dir, "dnsmasq.conf")
    try:
        os.makedirs(args.run_dir, exist_ok=True)
        with open(conf_path, "w") as f:
            f.write(text)
    except OSError as e:
        sys.exit("serve: cannot write %s (%s): run it as the owner of build/, or give "
                 "--run-dir DIR" % (e.filename or conf_path, e.strerror))
    return conf_path


def main():
    args = parse_args()
    if not os.path.exists(os.path.join(args.root, "bootlab.pxe")):
        sys.exit("serve: %s is not built: run make netboot" % args.root)
    addr = iface_address(args.iface)
    text = config(args, addr)
    if args.print_config:
        print(text, end="")
        return 0
    if os.geteuid() != 0:
        sys.exit("serve: DHCP (port 67) and TFTP (port 69) need root: run it with sudo")
    taken = busy(args.iface, addr)
    if taken:
        sys.exit("serve: %s is already served by:\n    %s\nStop that first (kill PID), or two "
                 "servers will answer the PCs." % (args.iface, "\n    ".join(taken)))
    if seats.check(seats.Root(args.root)):
        sys.exit("serve: not started: dnsmasq would not serve the files above")
    conf_path = write_config(args, text)
    print("bootlab: %s DHCP on %s (%s), files from %s%s; config %s; Ctrl-C stops" % (
        "proxy" if args.proxy else "isolated", args.iface, addr, args.root,
        " over TFTP and HTTP" if args.http else " over TFTP", conf_path), flush=True)
    print(who_serves(args.root), flush=True)
    return serve_until_stopped(args, conf_path, addr)


if __name__ == "__main__":
    sys.exit(main())

"""netlab.py - a private lab network for QEMU PCs to boot from the bootlab
server, with the configuration a real lab runs (netboot/dnsmasq_conf.py).

Its users: every network-boot test (tests/netboot/), make qemu-pxe, make
bench-net and make lab-sim. Lab builds a network namespace with a bridge and
one tap per PC, runs dnsmasq (stopped by the PID in its pid file) and an HTTP
server in it, optionally a second namespace playing the campus DHCP server,
can lose or break packets on purpose (nftables rules in the namespace: lose,
drop_tftp, break_tftp_data), and removes all of it again. Nothing here touches an interface
outside the namespaces it created.
"""

import ipaddress
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

from netboot import seats
from netboot.dnsmasq_conf import render_config
from tests.harness.paths import BUILD, NETBOOT_ROOT, ROOT

LAB_NET = ipaddress.ip_interface("10.77.0.1/24")
LAB_NET6 = "fd77::1/64"
SERVER_IP = str(LAB_NET.ip)
LOSS_TABLE = "bootlab_loss"  # Lab.lose()'s nftables table, inside the lab namespace
DROP_TABLE = "bootlab_drop"  # Lab.drop_tftp()'s
BREAK_TABLE = "bootlab_break"  # Lab.break_tftp_data()'s
PREFIX = "bl3"  # every namespace and link these tools create starts with it (by default)


def run(cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True, text=True)


def read_pid(path, timeout=5):
    """The PID dnsmasq wrote to its pid file (it daemonizes: no child of ours)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            time.sleep(0.02)
    raise RuntimeError("dnsmasq wrote no pid file %s" % path)


def kill_pid(pid, timeout=3):
    """SIGTERM, then SIGKILL, to this one PID. Quiet if it is already gone."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            try:
                os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
            except ChildProcessError:
                pass
            time.sleep(0.02)


class Lab:
    """A private lab network: namespace NAME with bridge BR (10.77.0.1/24,
    fd77::1/64) and taps for the PCs. Use as a context manager; close()
    stops every process it started (by PID) and deletes its namespaces.
    prefix starts every namespace and link name (the simulated lab: "bl4")."""

    def __init__(self, npcs=1, tag=None, prefix=PREFIX):
        self.prefix = prefix
        self.tag = tag or "%d%s" % (os.getpid() % 100000, os.urandom(2).hex())
        self.ns = "%s-%s" % (prefix, self.tag)
        self.br = "%sbr" % prefix
        self.state = tempfile.mkdtemp(prefix="bootlab-net-")
        self.pids = []    # daemons we must kill by PID (dnsmasq)
        self.procs = []   # children (HTTP servers)
        self.namespaces = []
        try:
            self._make_namespace(self.ns)
            self._make_bridge()
            self.taps = [self._make_tap(i) for i in range(npcs)]
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def ip(self, *args, ns=None):
        return run(["ip", "-n", ns or self.ns] + list(args))

    def _make_namespace(self, name):
        run(["ip", "netns", "add", name])
        self.namespaces.append(name)
        run(["ip", "-n", name, "link", "set", "lo", "up"])

    def _make_bridge(self):
        self.ip("link", "add", self.br, "type", "bridge")
        self.ip("link", "set", self.br, "type", "bridge", "stp_state", "0", "forward_delay", "0")
        self.ip("addr", "add", str(LAB_NET), "dev", self.br)
        self.ip("-6", "addr", "add", LAB_NET6, "dev", self.br, "nodad")
        self.ip("link", "set", self.br, "up")

    def _make_tap(self, i):
        tap = "%st%d" % (self.prefix, i)
        self.ip("tuntap", "add", "dev", tap, "mode", "tap")
        self.ip("link", "set", tap, "master", self.br)
        self.ip("link", "set", tap, "up")
        return tap

    def exec_args(self, ns=None):
        return ["ip", "netns", "exec", ns or self.ns]

    def start_dnsmasq(self, conf_text, state=None, ns=None):
        """dnsmasq with this configuration in the namespace; returns its PID
        (from the configuration's pid file), which close() kills."""
        state = state or self.state
        path = os.path.join(state, "dnsmasq-%d.conf" % len(self.pids))
        with open(path, "w") as f:
            f.write(conf_text)
        pidfile = [l.split("=", 1)[1].split()[0] for l in conf_text.split("\n")
                   if l.startswith("pid-file=")][0]
        r = run(self.exec_args(ns) + ["dnsmasq", "--conf-file=" + path], check=False)
        if r.returncode != 0:
            raise RuntimeError("dnsmasq failed: %s%s" % (r.stdout, r.stderr))
        pid = read_pid(pidfile)
        self.pids.append(pid)
        return pid

    def serve(self, root, mode="isolated", http=False, extra=(), **kw):
        """The bootlab server (render_config) on the bridge, serving root;
        with http=True also an HTTP server on port 80 announced to iPXE."""
        url = None
        if http:
            self.start_http(root)
            url = "http://%s/" % SERVER_IP
        conf = render_config(mode, self.br, str(LAB_NET), root, self.state, http_url=url,
                             extra=extra, **kw)
        return self.start_dnsmasq(conf)

    def start_http(self, root, ns=None):
        with open(os.path.join(self.state, "http.log"), "w") as log:
            p = subprocess.Popen(self.exec_args(ns) + ["python3", "-m", "netboot.http", "--bind",
                                                       SERVER_IP, "--root", root, "--port", "80"],
                                 stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 cwd=ROOT)
        self.procs.append(p)
        wait_port(self, SERVER_IP, 80)
        return p

    def join(self, suffix, link):
        """A second namespace NS-<suffix> whose link <prefix><link>1 is joined
        to the bridge by a veth pair (peer <prefix><link>0). Returns (ns, link)."""
        ns = "%s-%s%s" % (self.prefix, self.tag, suffix)
        self._make_namespace(ns)
        a, b = "%s%s0" % (self.prefix, link), "%s%s1" % (self.prefix, link)
        self.ip("link", "add", a, "type", "veth", "peer", "name", b, "netns", ns)
        self.ip("link", "set", a, "master", self.br)
        self.ip("link", "set", a, "up")
        self.ip("link", "set", b, "up", ns=ns)
        return ns, b

    def add_campus_dhcp(self, extra=()):
        """A second namespace joined to the bridge by a veth pair, running a
        plain DHCP server (addresses .150-.199, router adverts, no boot
        options): the campus server of a proxy-DHCP lab. Returns its lease file."""
        ns, b = self.join("c", "v")
        self.ip("addr", "add", "10.77.0.2/24", "dev", b, ns=ns)
        self.ip("-6", "addr", "add", "fd77::2/64", "dev", b, "nodad", ns=ns)
        state = tempfile.mkdtemp(prefix="bootlab-campus-", dir=self.state)
        conf = "\n".join([
            "port=0", "interface=" + b, "bind-interfaces", "except-interface=lo",
            "dhcp-range=10.77.0.150,10.77.0.199,255.255.255.0,12h", "dhcp-authoritative",
            "no-ping", "enable-ra", "dhcp-range=::,constructor:%s,ra-only" % b,
            "pid-file=%s/dnsmasq.pid" % state, "dhcp-leasefile=%s/leases" % state,
            "log-facility=%s/dnsmasq.log" % state, "log-dhcp"] + list(extra)) + "\n"
        self.start_dnsmasq(conf, state=state, ns=ns)
        return os.path.join(state, "leases")

    def lose(self, one_in, tcp=False, files=None):
        """Drop one in one_in of the packets of the transfers inside the lab
        namespace, at random and independently, both ways: the UDP the server
        sends and receives other than DHCP (TFTP: requests, data, ACKs), and
        with tcp=True also HTTP (TCP port 80). With files (bytes, at most 6),
        only the TFTP transfers of files whose names start with them: the PC
        address and port that sent such a read request go into a set, and the
        loss applies to what they send and receive. nftables rules (numgen
        random) on the namespace's own input and output hooks, so nothing
        outside the namespace is touched; the counters say how many were seen
        and dropped (loss_counts). one_in=0 removes the rules."""
        run(self.exec_args() + ["nft", "delete", "table", "inet", LOSS_TABLE], check=False)
        if not one_in:
            return
        match = {"in": ["udp dport != { 67, 68 }"], "out": ["udp sport != { 67, 68 }"]}
        first = ""
        if files:
            rrq = b"\0\1" + files  # RFC 1350: opcode 1 (read request), then the file name
            first = ("set xfer { type ipv4_addr . inet_service; flags dynamic; }\n"
                     "chain rrq {\n type filter hook input priority -1; policy accept;\n"
                     " udp dport 69 @th,64,%d 0x%s add @xfer { ip saddr . udp sport }\n}\n"
                     % (8 * len(rrq), rrq.hex()))
            match = {"in": ["ip saddr . udp sport @xfer"], "out": ["ip daddr . udp dport @xfer"]}
        if tcp:
            match["in"].append("tcp dport 80")
            match["out"].append("tcp sport 80")
        chains = [first] if first else []
        for name, hook in (("in", "input"), ("out", "output")):
            rules = ["%s counter jump %s_lossy" % (m, name) for m in match[name]]
            chains.append("chain %s {\n type filter hook %s priority 0; policy accept;\n%s\n}"
                          % (name, hook, "\n".join(rules)))
            chains.append("chain %s_lossy {\n numgen random mod %d == 0 counter drop\n}"
                          % (name, one_in))
        self._nft("table inet %s {\n%s\n}\n" % (LOSS_TABLE, "\n".join(chains)))

    def drop_tftp(self, prefix):
        """Drop every TFTP packet a PC sends the server whose UDP payload
        starts with the bytes prefix (at most 8), resends included: for
        example struct.pack(">HH", 4, 17), the ACK of data packet 17 (RFC
        1350: opcode, block number), or b"\\0\\1kern", the read requests of
        files named kern*. prefix=None removes the rule."""
        run(self.exec_args() + ["nft", "delete", "table", "inet", DROP_TABLE], check=False)
        if prefix is None:
            return
        self._nft("table inet %s {\n chain in {\n type filter hook input priority 0; "
                  "policy accept;\n udp dport != { 67, 68 } @th,64,%d 0x%s counter drop\n }\n}\n"
                  % (DROP_TABLE, 8 * len(prefix), prefix.hex()))

    def break_tftp_data(self, block):
        """Every copy of TFTP data packet number block the server sends reaches
        the PCs as a TFTP ERROR packet (RFC 1350: its opcode rewritten from 3 to
        5, so the block number reads as the error code): each transfer that
        gets that far fails at once, as when a server aborts it. block=None
        removes the rule."""
        run(self.exec_args() + ["nft", "delete", "table", "inet", BREAK_TABLE], check=False)
        if block is None:
            return
        self._nft("table inet %s {\n chain out {\n type filter hook output priority 0; "
                  "policy accept;\n udp sport != { 67, 68 } @th,64,32 0x%08x counter "
                  "@th,64,16 set 5\n }\n}\n" % (BREAK_TABLE, 3 << 16 | block))

    def _nft(self, text):
        """Load nftables rules (nft -f syntax) into the lab namespace."""
        r = subprocess.run(self.exec_args() + ["nft", "-f", "-"], input=text, capture_output=True,
                           text=True)
        if r.returncode != 0:
            raise RuntimeError("nft refused the rules: %s\n%s" % (r.stderr, text))

    def loss_counts(self):
        """{"in": (seen, dropped), "out": (seen, dropped)}: the packets lose()'s
        rules matched and dropped so far ("in": what the PCs sent the server)."""
        r = run(self.exec_args() + ["nft", "-j", "list", "table", "inet", LOSS_TABLE])
        seen, dropped = {"in": 0, "out": 0}, {"in": 0, "out": 0}
        for item in json.loads(r.stdout)["nftables"]:
            rule = item.get("rule")
            if not rule:
                continue
            packets = sum(e["counter"]["packets"] for e in rule["expr"] if "counter" in e)
            chain = rule["chain"]
            if chain.endswith("_lossy"):
                dropped[chain[:-len("_lossy")]] += packets
            elif chain in seen:
                seen[chain] += packets
        return {k: (seen[k], dropped[k]) for k in seen}

    def close(self):
        for p in self.procs:
            kill_pid(p.pid)
            p.wait()
        for pid in self.pids:
            kill_pid(pid)
        self.procs, self.pids = [], []
        for ns in reversed(self.namespaces):
            # Anything still running in a namespace we made (a test that failed
            # half-way, a server started by another program): by its PID too.
            for pid in run(["ip", "netns", "pids", ns], check=False).stdout.split():
                kill_pid(int(pid))
            run(["ip", "netns", "del", ns], check=False)
        self.namespaces = []
        if not os.environ.get("BOOTLAB_KEEP"):
            shutil.rmtree(self.state, ignore_errors=True)

    def log(self, name="dnsmasq.log"):
        try:
            with open(os.path.join(self.state, name)) as f:
                return f.read()
        except OSError:
            return ""


def wait_port(lab, addr, port, timeout=10):
    """Wait until something listens on addr:port inside the lab namespace."""
    deadline = time.monotonic() + timeout
    probe = "import socket; socket.create_connection((%r, %d), 1).close()" % (addr, port)
    while time.monotonic() < deadline:
        if run(lab.exec_args() + ["python3", "-c", probe], check=False).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError("nothing listens on %s:%d" % (addr, port))


def qemu_net_args(tap, mac):
    """QEMU arguments for one e1000 NIC with a fixed MAC on a tap, booting from it."""
    return ["-netdev", "tap,id=n0,ifname=%s,script=no,downscript=no" % tap,
            "-device", "e1000,netdev=n0,mac=%s" % mac, "-boot", "n"]


def uefi_net_args(tap, mac, ipxe=False):
    """QEMU arguments for a UEFI PC's NIC on a tap, booting from it: virtio-net
    with no option ROM, so OVMF's own UEFI PXE runs (the firmware of a real
    UEFI PC), or with ipxe=True an e1000, whose ROM is iPXE's EFI driver."""
    nic = "e1000" if ipxe else "virtio-net-pci,romfile="
    return ["-netdev", "tap,id=n0,ifname=%s,script=no,downscript=no" % tap,
            "-device", "%s,netdev=n0,mac=%s,bootindex=1" % (nic, mac)]


def copy_root(dst, src=NETBOOT_ROOT):
    """A private copy of build/netboot, or of src (tests change seat files in it)."""
    if not os.path.isdir(src):
        raise RuntimeError("%s is missing: run make netboot" % src)
    shutil.copytree(src, dst, symlinks=False)
    return dst


def write_seat(root, mac, text):
    """A hand-written seat file seats/<mac>.ipxe (docs/lab-setup.md), listed in
    seats/index.ipxe the way make netboot lists it (netboot/seats.py)."""
    with open(os.path.join(root, "seats", mac.replace(":", "-") + ".ipxe"), "w") as f:
        f.write("#!ipxe\n" + text)
    seats.write_index(seats.Root(root))


def write_nbp(root, name, cmdline):
    """root/name: bootlab.pxe with the boot options cmdline in its header,
    made by build/mkpxe as make netboot makes a seat's own (netboot/seats.py)."""
    with open(os.path.join(root, name), "wb") as f:
        f.write(seats.nbp_maker(BUILD)(cmdline))

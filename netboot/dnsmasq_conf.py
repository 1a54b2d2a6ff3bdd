"""dnsmasq_conf.py - the dnsmasq configuration of the bootlab server, rendered
from netboot/dnsmasq-isolated.conf or dnsmasq-proxy.conf for one interface.

Its users: make netboot-serve (netboot/serve.py) on a real lab interface, and
the private lab networks of the tests, make qemu-pxe and make lab-sim
(tests/harness/netlab.py), so a test boots from the configuration a lab runs.
"""

import ipaddress
import os
import pwd

NETBOOT_DIR = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = {"isolated": os.path.join(NETBOOT_DIR, "dnsmasq-isolated.conf"),
             "proxy": os.path.join(NETBOOT_DIR, "dnsmasq-proxy.conf")}


def render_config(mode, iface, addr, root, state, bios_file="undionly.kpxe",
                  ipxe_file="boot.ipxe", http_url=None, seats=40, log_to_stdout=False,
                  extra=()):
    """The dnsmasq configuration text. mode: "isolated" or "proxy"; addr: the
    interface's address with prefix ("10.77.0.1/24"); root: the TFTP root;
    state: a directory for the pid and lease files; http_url: the HTTP root
    ("http://10.77.0.1/") when an HTTP server serves root too, else None;
    extra: more lines (dhcp-host=...)."""
    net = ipaddress.ip_interface(addr).network
    hosts = list(net.hosts())
    first, last = hosts[min(99, len(hosts) - 2)], hosts[min(199, len(hosts) - 1)]
    values = {
        "IFACE": iface, "ROOT": os.path.abspath(root), "USER": owner(root),
        "PIDFILE": os.path.join(state, "dnsmasq.pid"),
        "LOGLINE": "log-facility=-" if log_to_stdout else
                   "log-facility=%s" % os.path.join(state, "dnsmasq.log"),
        "RANGE_START": str(first), "RANGE_END": str(last), "NETMASK": str(net.netmask),
        "NETWORK": str(net.network_address), "TFTPMAX": str(2 * seats + 10),
        "BIOS_FILE": bios_file,
        # With an HTTP server, iPXE gets its script over HTTP, and boot.ipxe
        # takes that as the sign to fetch everything else over HTTP too.
        "IPXE_FILE": http_url + ipxe_file if http_url and ipxe_file == "boot.ipxe" else ipxe_file,
    }
    with open(TEMPLATES[mode]) as f:
        text = f.read()
    for k, v in values.items():
        text = text.replace("@%s@" % k, v)
    text += "dhcp-leasefile=%s\n" % os.path.join(state, "dnsmasq.leases")
    return text + "".join(l + "\n" for l in extra)


def owner(path):
    """The user that owns path: dnsmasq runs as it, so tftp-secure serves its files."""
    return pwd.getpwuid(os.stat(path).st_uid).pw_name

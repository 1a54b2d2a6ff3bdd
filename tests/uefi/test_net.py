"""test_net.py - UEFI PCs booting over the network against a real dnsmasq in
a private namespace (tests/harness/netlab.py), with the configuration a lab
runs (netboot/dnsmasq-*.conf, netboot/boot.ipxe) and build/netboot/ as its
root. Root only.

  native    OVMF's own UEFI PXE (virtio-net without option ROM): dnsmasq
            gives it bootlab.efi, the loader reads the PC's seat file and
            fetches the kernel through the PXE Base Code protocol (TFTP)
  ipxe      iPXE's EFI driver (the e1000 ROM): boot.ipxe fetches the kernel
            as the image kernel.elf and chains bootlab.efi, which reads it
            from iPXE's file system
both kinds at once, with full DHCP (this server hands out the addresses)
and with proxy DHCP (beside a campus server in a second namespace), each PC
booting the kernel its seat file names (seats/<mac>.ipxe, the per-PC
choice); then the loader's TFTP retries, the policy bootlab.pxe follows
too (the server refusing the transfer until the first retry, and for
good) and a boot under random packet loss (nftables numgen in the
namespace).

Every boot that reaches its report is checked as a disk boot is
(checks.check_uefi_boot), its net line against the addresses set up here.
"""

import os
import re
import shutil
import subprocess
import time
import unittest

from tests.harness import checks, netlab, ovmf
from tests.harness.elf import kernel_symbols
from tests.harness.paths import BUILD, KERNEL, ROOT
from tests.harness.report import parse_report

MAC_A, IP_A = "52:54:00:77:00:31", "10.77.0.31"
MAC_B, IP_B = "52:54:00:77:00:32", "10.77.0.32"
ALT_TAG = "seat-uefi"
END = ovmf.REPORT_END + r"|uefi: halted\r?\n|kernel: halted|panic: "
NFT_TABLE = "bltest"


def wait_file(pc, path, pattern, timeout):
    """The text of path (a PC's second serial port) once it matches pattern."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with open(path, "rb") as f:
                text = f.read().decode("latin-1").replace("\r", "")
        except FileNotFoundError:  # QEMU has not created it yet
            text = ""
        if re.search(pattern, text):
            return text
        if time.monotonic() > deadline or pc.proc.poll() is not None:
            raise AssertionError("no %r on %s; COM1:\n%s\n%s:\n%s" % (
                pattern, path, pc.serial()[-1500:], path, text[-1500:]))
        time.sleep(0.1)


@unittest.skipUnless(os.geteuid() == 0, "network namespaces need root")
class UefiNet(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.syms = kernel_symbols(KERNEL)

    def lab(self, npcs=1):
        lab = netlab.Lab(npcs=npcs, prefix="blu")
        self.addCleanup(lab.close)
        return lab, netlab.copy_root(os.path.join(lab.state, "root"))

    def start(self, lab, i, mac, ipxe=False, mem=256):
        pc = ovmf.UefiPC(mem=mem, disk=None, nic=netlab.uefi_net_args(lab.taps[i], mac, ipxe),
                         netns=lab.ns)
        self.addCleanup(pc.stop)
        return pc

    def report(self, lab, pc, timeout=120):
        try:
            pc.wait_for(END, timeout=timeout)
        except (TimeoutError, RuntimeError) as e:
            self.fail("%s\n--- dnsmasq log:\n%s" % (e, lab.log()[-3000:]))
        serial = pc.serial()
        self.assertNotIn("uefi: halted", serial, serial[-2000:])
        return parse_report(serial), serial

    def check(self, pc, rep, mac, ip, file, syms=None):
        f = rep.fields
        self.assertEqual(f["boot_source"], "uefi-net")
        self.assertEqual((f["net_mac"], f["net_ip"], f["net_server"], f["net_file"]),
                         (mac, ip, netlab.SERVER_IP, file))
        checks.check_uefi_boot(self, pc, rep, syms or self.syms)

    def both_kinds(self, proxy):
        """A native UEFI PXE PC (A) and an iPXE EFI PC (B) boot at once, with
        full DHCP (fixed addresses) or proxy DHCP (the campus server's
        addresses); both kernels are named by seat files (the per-PC choice:
        A's through the loader's own seat-file read, B's through boot.ipxe),
        both an alternate build. Returns the two serial logs."""
        subprocess.run(["make", "-s", "-C", ROOT, "kernel-build", "TAG=" + ALT_TAG], check=True,
                       stdout=subprocess.DEVNULL)
        alt = os.path.join(BUILD, "builds", ALT_TAG, "kernel.elf")
        lab, root = self.lab(npcs=2)
        os.makedirs(os.path.join(root, "builds", ALT_TAG))
        shutil.copy(alt, os.path.join(root, "builds", ALT_TAG, "kernel.elf"))
        for mac in (MAC_A, MAC_B):
            netlab.write_seat(root, mac, "set kernel builds/%s/kernel.elf\n" % ALT_TAG)
        hosts = ["dhcp-host=%s,%s" % (MAC_A, IP_A), "dhcp-host=%s,%s" % (MAC_B, IP_B)]
        if proxy:
            leases = lab.add_campus_dhcp(extra=hosts)
            lab.serve(root, mode="proxy")
        else:
            lab.serve(root, extra=hosts)
        pa, pb = self.start(lab, 0, MAC_A), self.start(lab, 1, MAC_B, ipxe=True)
        (ra, sa), (rb, sb) = self.report(lab, pa), self.report(lab, pb)
        if proxy:
            with open(leases) as f:
                self.assertEqual({l.split()[1] for l in f if l.strip()}, {MAC_A, MAC_B},
                                 "the campus server did not give both addresses")
            self.assertNotRegex(lab.log(), r"DHCPACK\(", "the proxy handed out an address")
        self.assertIn("uefi: kernel: seat file seats/52-54-00-77-00-31.ipxe: "
                      "builds/%s/kernel.elf" % ALT_TAG, sa)
        self.assertIn("uefi: kernel: %d bytes from TFTP %s:builds/%s/kernel.elf"
                      % (os.path.getsize(alt), netlab.SERVER_IP, ALT_TAG), sa)
        self.assertIn("uefi: kernel: %d bytes from iPXE image kernel.elf" % os.path.getsize(alt),
                      sb)
        self.assertIn("bootlab: UEFI loader tftp://10.77.0.1/bootlab.efi", sb)
        for rep in (ra, rb):
            self.assertEqual(rep.fields["boot_build"], ALT_TAG)
        self.check(pa, ra, MAC_A, IP_A, "bootlab.efi", kernel_symbols(alt))
        self.check(pb, rb, MAC_B, IP_B, "boot.ipxe", kernel_symbols(alt))
        return sa, sb

    def test_full_dhcp_both_kinds(self):
        self.both_kinds(proxy=False)

    def test_proxy_dhcp_both_kinds(self):
        self.both_kinds(proxy=True)

    def test_seat_options_reach_the_kernel(self):
        """A seat whose serial port is COM2 (the manifest's com=2, written by
        make netboot as the seat file's "set args"): on both kinds of UEFI PC
        the kernel gets the option through the hand-off and moves its console
        to COM2 (QEMU's second -serial) after its first line; the native PC's
        loader, which the firmware passes no options, reads them from the seat
        file, tftp-budget= included."""
        lab, root = self.lab(npcs=2)
        for mac in (MAC_A, MAC_B):
            netlab.write_seat(root, mac, "set args com=2 tftp-budget=30\n")
        lab.serve(root, extra=["dhcp-host=%s,%s" % (MAC_A, IP_A), "dhcp-host=%s,%s" % (MAC_B, IP_B)])
        com2 = [os.path.join(lab.state, "com2-%d.log" % i) for i in range(2)]
        pcs = []
        for i, (mac, ipxe) in enumerate(((MAC_A, False), (MAC_B, True))):
            pc = ovmf.UefiPC(mem=256, disk=None, nic=netlab.uefi_net_args(lab.taps[i], mac, ipxe),
                             netns=lab.ns, extra=["-serial", "file:" + com2[i]])
            self.addCleanup(pc.stop)
            pcs.append(pc)
        for pc, path in zip(pcs, com2):
            text = wait_file(pc, path, ovmf.REPORT_END, 120)
            self.assertIn("kernel: console at I/O port 0x2f8, 115200 baud (boot options)\n"
                          "kernel: bootlab kernel, build default\n", text)
            rep = parse_report(text)
            self.assertEqual(rep.fields["selfcheck"], "ok")
            self.assertIn("com=2", rep.fields.get("cmdline", "").split())
            first = pc.serial().replace("\r", "")
            self.assertIn("kernel: bootlab kernel, build default\n", first)
            self.assertNotIn("bootlab-report", first)
        native = pcs[0].serial().replace("\r", "")
        self.assertIn("uefi: boot options from the seat file: com=2 tftp-budget=30\n", native)
        self.assertIn("uefi: kernel: TFTP retries stop after 30 s (boot options)\n", native)

    # ---- TFTP under trouble ----
    def nft(self, lab, *rules):
        """Rules in a table of the lab's namespace (deleted with the namespace)."""
        for rule in rules:
            subprocess.run(lab.exec_args() + ["nft"] + rule.split(), check=True,
                           capture_output=True)

    def refuse_kernel(self, lab):
        """The server refuses (ICMP port unreachable) every TFTP read request
        whose file name starts with "kernel" (RFC 1350: the name follows the
        2-byte opcode, bits 80.. of the UDP header and payload): the kernel,
        not bootlab.efi the firmware fetches first."""
        self.nft(lab, "add table inet %s" % NFT_TABLE,
                 "add chain inet %s in { type filter hook input priority 0 ; }" % NFT_TABLE,
                 "add rule inet %s in udp dport 69 @th,80,48 0x6b65726e656c reject" % NFT_TABLE)

    def native_pc(self, lab, root):
        """A native UEFI PXE PC, the server refusing its kernel."""
        self.refuse_kernel(lab)
        lab.serve(root, extra=["dhcp-host=%s,%s" % (MAC_A, IP_A)])
        return self.start(lab, 0, MAC_A)

    def test_tftp_retry(self):
        """Refused until the loader announces its first retry: the retry works."""
        lab, root = self.lab()
        pc = self.native_pc(lab, root)
        pc.wait_for(r"uefi: kernel: TFTP 10.77.0.1:kernel.elf: size failed \(EFI_\w+\); "
                    r"retry 1 of 10 in 1 s", 90)
        self.nft(lab, "delete table inet %s" % NFT_TABLE)
        rep, serial = self.report(lab, pc)
        self.check(pc, rep, MAC_A, IP_A, "bootlab.efi")
        self.assertNotIn("retry 2 of 10", serial)

    def test_tftp_gives_up(self):
        """Refused for good: the policy bootlab.pxe follows too (boot/tftp_retry.h),
        10 retries after pauses of 1, 2, 4, 4, ... s, then a clear stop."""
        lab, root = self.lab()
        pc = self.native_pc(lab, root)
        pc.wait_for(r"uefi: halted\r?\n", timeout=180)
        serial = pc.serial().replace("\r", "")
        tries = re.findall(r"size failed \(EFI_\w+\); retry (\d+) of 10 in (\d+) s", serial)
        self.assertEqual(tries, [(str(i + 1), str(min(1 << i, 4))) for i in range(10)])
        self.assertRegex(serial, r"uefi: error: kernel: TFTP 10.77.0.1:kernel.elf: no size: "
                                 r"EFI_\w+; gave up after 10 retries in \d+ s\n")
        self.assertEqual(pc.screen_lines()[-1], "uefi: halted")

    def test_no_kernel_on_server(self):
        """The server answers that there is no kernel.elf: no retry, the server's own
        words, a stop."""
        lab, root = self.lab()
        os.remove(os.path.join(root, "kernel.elf"))
        lab.serve(root, extra=["dhcp-host=%s,%s" % (MAC_A, IP_A)])
        pc = self.start(lab, 0, MAC_A)
        pc.wait_for(r"uefi: halted\r?\n", timeout=90)
        serial = pc.serial().replace("\r", "")
        self.assertNotIn("retry 1 of", serial)
        err = [l for l in serial.split("\n") if l.startswith("uefi: error: ")]
        self.assertEqual(err, ["uefi: error: kernel: TFTP 10.77.0.1:kernel.elf: no size: "
                               "TFTP error 0 (file %s/kernel.elf not found for %s)" % (root, IP_A)])
        self.assertEqual(pc.screen_lines()[-2:], [err[0], "uefi: halted"])

    def test_packet_loss(self):
        """One in 30 packets from the server lost (DHCP spared): the 30th, the
        60th, ... (nftables numgen inc), so the firmware's and the loader's
        TFTP always meet a loss and get the kernel all the same. Loss at random
        (numgen random) dropped about 3 of the boot's 90 packets and none at all
        about one boot in 20 ((29/30)^90), which failed the test for nothing."""
        lab, root = self.lab()
        self.nft(lab, "add table inet %s" % NFT_TABLE,
                 "add chain inet %s out { type filter hook output priority 0 ; }" % NFT_TABLE,
                 "add rule inet %s out udp sport != 67 numgen inc mod 30 29 counter drop"
                 % NFT_TABLE)
        lab.serve(root, extra=["dhcp-host=%s,%s" % (MAC_A, IP_A)])
        pc = self.start(lab, 0, MAC_A)
        started = time.monotonic()
        rep, _ = self.report(lab, pc, timeout=300)
        self.check(pc, rep, MAC_A, IP_A, "bootlab.efi")
        out = subprocess.run(lab.exec_args() + ["nft", "list", "table", "inet", NFT_TABLE],
                             capture_output=True, text=True).stdout
        dropped = int(re.search(r"counter packets (\d+)", out).group(1))
        self.assertGreater(dropped, 0, "no packet was lost: the test tested nothing")
        print("\nuefi packet loss: %d packets dropped, report after %.1f s"
              % (dropped, time.monotonic() - started))


if __name__ == "__main__":
    unittest.main()

"""test_grub.py - GRUB 2, the Multiboot loader many labs boot with, loads
build/kernel.elf: from an ISO made by grub-mkrescue (make grub-iso), and
over the network from GRUB's own PXE image (make grub-netboot, served by the
lab's dnsmasq configuration in a private namespace). Both reports go through
the same checks as every other boot (tests/harness/checks.py).

The kernel's Multiboot header carries the address fields (flag bit 16,
kernel/multiboot_hdr.S): test_1 checks them against the ELF's program
headers, so the image GRUB loads from them is byte for byte the one stage
two and iPXE load from the segments.
"""

import os
import struct
import subprocess
import time
import unittest

from tests.harness import checks, netlab, oracle
from tests.harness.elf import kernel_symbols, program_headers
from tests.harness.paths import BUILD, KERNEL, ROOT
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

END = r"bootlab-report v\d+ end.*\n|kernel: halted|panic: .*\n|error: .*\n"
MAC, IP = "52:54:00:77:00:3a", "10.77.0.31"
PT_LOAD = 1


def make(*targets, **variables):
    """Run make in the repository root; the output is returned for a failure message."""
    args = ["make", "-s", "-C", ROOT] + ["%s=%s" % kv for kv in variables.items()] + list(targets)
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def multiboot_header(data):
    """(file offset, the 8 words) of the Multiboot header in the first 8 KiB."""
    at = data[:8192].find(struct.pack("<I", 0x1BADB002))
    return at, struct.unpack_from("<8I", data, at)


class GrubTest(unittest.TestCase):
    maxDiff = None

    def check_boot(self, q, cmdline_has=()):
        """The report of a GRUB boot, checked like every other boot."""
        q.wait_for(END, timeout=90)
        text = q.serial()
        self.assertNotIn("error:", text, "GRUB refused the kernel")
        rep = parse_report(text)
        self.assertEqual(rep.fields["boot_source"], "multiboot")
        self.assertTrue(rep.fields["boot_loader"].startswith("GRUB-2."), rep.fields["boot_loader"])
        syms = kernel_symbols()
        exp = oracle.Expected(rep.raw, syms)
        checks.check_report(self, rep, exp, syms, method="multiboot")
        checks.check_live_tables(self, q, rep, exp)
        return rep

    def test_1_header_addresses_match_the_segments(self):
        """Multiboot 0.6.96 3.1.3: the load image the address fields describe
        (file bytes from the header back to load_addr, up to load_end_addr,
        then zeros to bss_end_addr) is exactly the ELF's PT_LOAD segments,
        and entry_addr is e_entry."""
        with open(KERNEL, "rb") as f:
            data = f.read()
        at, (magic, flags, csum, hdr, load, load_end, bss_end, entry) = multiboot_header(data)
        self.assertTrue(at >= 0 and at % 4 == 0, "no aligned Multiboot header in 8 KiB")
        self.assertEqual((magic + flags + csum) & 0xFFFFFFFF, 0)
        self.assertTrue(flags & 0x10000, "address fields not marked valid (flag bit 16)")
        image_off = at - (hdr - load)
        _, phdrs = program_headers(data)
        loads = [p for p in phdrs if p[0] == PT_LOAD]
        for _, off, _, paddr, filesz, memsz in loads:
            self.assertEqual(off - image_off, paddr - load, "segment at 0x%x not where the "
                             "address fields put its file bytes" % paddr)
        self.assertEqual(load, min(p[3] for p in loads))
        self.assertEqual(load_end, max(p[3] + p[4] for p in loads))
        self.assertEqual(bss_end, max(p[3] + p[5] for p in loads))
        self.assertEqual(entry, struct.unpack_from("<I", data, 24)[0])

    def test_2_grub_iso(self):
        """make grub-iso, booted from QEMU's CD drive at two memory sizes."""
        make("grub-iso")
        iso = os.path.join(BUILD, "grub", "bootlab.iso")
        for mem in (64, 512):
            with self.subTest(mem=mem):
                t0 = time.monotonic()
                with Qemu(mem=mem, disk=None, extra=["-cdrom", iso]) as q:
                    self.check_boot(q)
                    print("\ngrub-iso: -m %d report complete %.2f s after QEMU started"
                          % (mem, time.monotonic() - t0))

    @unittest.skipUnless(os.geteuid() == 0, "network namespaces need root")
    def test_3_grub_network_boot(self):
        """make grub-netboot into a private root, served by the lab's dnsmasq
        configuration with core.0 as the boot program: GRUB fetches its
        modules, grub.cfg and the kernel over TFTP and passes the PC's MAC
        and address, which the kernel reports."""
        lab = netlab.Lab(npcs=1)
        self.addCleanup(lab.close)
        root = os.path.join(lab.state, "root")
        make("grub-netboot", NETROOT=root)
        nbp = "boot/grub/i386-pc/core.0"
        lab.serve(root, bios_file=nbp, ipxe_file=nbp, extra=["dhcp-host=%s,%s" % (MAC, IP)])
        t0 = time.monotonic()
        with Qemu(mem=128, disk=None, netns=lab.ns,
                  extra=netlab.qemu_net_args(lab.taps[0], MAC)) as q:
            try:
                rep = self.check_boot(q)
            except (TimeoutError, RuntimeError) as e:
                self.fail("%s\ndnsmasq:\n%s" % (e, lab.log()[-3000:]))
            print("\ngrub-netboot: report complete %.2f s after QEMU started"
                  % (time.monotonic() - t0))
        self.assertEqual((rep.fields["net_mac"], rep.fields["net_ip"], rep.fields["net_server"]),
                         (MAC, IP, netlab.SERVER_IP))
        log = lab.log()
        for f in (nbp, "boot/grub/grub.cfg"):
            self.assertIn("sent %s/%s to %s" % (root, f, IP), log)
        # GRUB ends its kernel transfer with its own TFTP error packet ("error 0
        # closed"), which dnsmasq logs as a failed send: the report above is
        # the proof that the whole kernel arrived.
        self.assertIn("%s/kernel.elf to %s" % (root, IP), log)


if __name__ == "__main__":
    unittest.main()

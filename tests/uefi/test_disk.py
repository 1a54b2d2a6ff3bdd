"""test_disk.py - UEFI PCs booting build/disk.img (its EFI System Partition)
under OVMF, x86-64 and 32-bit, at the memory sizes of the issue.

Each boot is checked without trusting the loader or the kernel
(tests/harness/checks.py, check_uefi_boot): the firmware's descriptors in
the report describe exactly the RAM QEMU gave the guest (info mtree); the
oracle converts them with its own copy of the written rules, sanitizes and
clamps, and every report field must equal what it computes, the fb row
included, placed where QEMU put the framebuffer (info pci) with the size of
the screen QEMU shows; the live page table read through QEMU's monitor must
hold exactly those rows; and what firmware leaves on (EFER, CR4, CR0.CD/NW)
must be off once the kernel runs. Also: the console on COM1 (each line once,
no escape sequences from the loader on), the screen (the report's end read
back from a screendump in the built-in font), a PC without a serial port,
the stale-MapKey retry of ExitBootServices, the loader above 4 GiB.

Asking for another copy (docs/report-format.md): after the UEFI loader the
kernel halts listening as after stage two (IF=1, the 8259s remapped, only
the UART's IRQ open: check_uefi_boot checks that state). A UEFI PC has both
8259s, and OVMF leaves the local APIC's LINT0 in virtual-wire mode, so the
UART's interrupt reaches the CPU: the x86-64 (pc, 128 MiB) and 32-bit
(q35) PCs boot with COM1 on a pty, and after their first copy is checked,
bytes that are not requests bring nothing and each ENQ brings one more copy
with the same lines and the next copy number.
"""

import os
import re
import shutil
import tempfile
import time
import unittest

from tests.harness import checks, ovmf
from tests.harness.elf import kernel_symbols
from tests.harness.paths import DISK, KERNEL
from tests.harness.ptypc import Console
from tests.harness.report import REQUEST, parse_report, reports

COPY = r"bootlab-report v4 end lines=\d+ crc32=0x[0-9a-f]{8} copy=%d\r\n"


class UefiDisk(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.syms = kernel_symbols(KERNEL)
        cls.tmp = tempfile.mkdtemp(prefix="bootlab-uefi-disk-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def boot(self, mem, machine="pc", disk=DISK):
        """Boot to the report's end and check everything; returns (pc, report, serial)
        with the PC still running (the caller closes it)."""
        pc = ovmf.UefiPC(mem=mem, disk=disk, machine=machine)
        try:
            pc.wait_for(ovmf.REPORT_END, timeout=120)
            serial = pc.serial()
            rep = parse_report(serial)
            exp = checks.check_uefi_boot(self, pc, rep, self.syms)
            return pc, rep, serial, exp
        except BaseException:
            pc.stop()
            raise

    def boot_pty(self, **pc_args):
        """A UEFI PC with COM1 on a pty, booted to its first copy, which goes
        through every check; returns (pc, console, report, exp), the PC running."""
        pc = ovmf.UefiPtyPC(**pc_args)
        try:
            con = Console(pc.pty)
        except BaseException:
            pc.stop()
            raise
        try:
            pc.cont()
            con.read_until(COPY % 1, timeout=180)
            rep = reports(con.text)[0]
            return pc, con, rep, checks.check_uefi_boot(self, pc, rep, self.syms)
        except BaseException:
            con.close()
            pc.stop()
            raise

    def ask_copies(self, pc, con, first, exp):
        """Junk, then two requests: copies 2 and 3, each with the first copy's
        lines; the kernel still listening afterwards, with the same page table."""
        con.send(b"xyz\r\n")  # not requests: ignored
        time.sleep(0.2)
        for k in (2, 3):
            con.send(REQUEST)
            con.read_until(COPY % k)
        reps = reports(con.text)
        self.assertEqual([r.copy for r in reps], [1, 2, 3])
        for r in reps[1:]:
            self.assertEqual(r.lines, first.lines)
        tail = con.text[con.text.index("copy=1\r\n"):]
        self.assertEqual(tail.count("bootlab-report v4 begin"), 2, "a copy nobody asked for")
        checks.check_live_tables(self, pc, reps[-1], exp)

    def test_mem_128(self):
        pc, con, rep, exp = self.boot_pty(mem=128)
        serial = con.text
        with pc, con:
            self.assertEqual(rep.fields["boot_source"], "uefi-disk")
            self.assertEqual(rep.fields["boot_loader"], "bootlab-uefi/1")
            self.assertEqual(rep.fields["secureboot_state"], "off")
            self.assertEqual(rep.fields["secureboot_kernel"], "unverified")
            self.assertEqual(exp.limit, exp.usable_top, "128 MiB is below PHYSTOP")
            self.assertIn("fb", rep.kmap, "a framebuffer outside the dev row needs its row")
            # No fixed address holds SMBIOS on a UEFI PC: the loader passes the
            # configuration table's entry point on, and the kernel reads QEMU's tables.
            self.assertIn("uefi: smbios: SMBIOS", serial)
            self.assertEqual(rep.fields.get("smbios_manufacturer"), "QEMU")
            self.console_clean(serial)
            self.screen_shows_report(pc, rep)
            self.ask_copies(pc, con, rep, exp)

    def test_mem_512_stale_map_key(self):
        """512 MiB clamps at PHYSTOP. The boot option uefi-stale-key (on the ESP's
        bootlab/cmdline.txt) changes the map after GetMemoryMap: the first
        ExitBootServices must fail, the retry succeed, and the kernel boot."""
        disk = ovmf.make_image(os.path.join(self.tmp, "stale.img"), cmdline="uefi-stale-key")
        pc, rep, serial, exp = self.boot(512, disk=disk)
        with pc:
            self.assertTrue(exp.clamped, "512 MiB must clamp at PHYSTOP")
            self.assertIn("(ExitBootServices call 2)", serial)
            self.assertIn("cmdline uefi-stale-key", rep.lines)

    def test_mem_3583(self):
        pc, rep, _, exp = self.boot(3583)
        with pc:
            self.assertTrue(exp.clamped)
            self.assertEqual(rep.kmap["fb"][2], pc.framebuffer_base())

    def test_q35_3583_loader_above_4g(self):
        """q35 with 3583 MiB keeps 2 GiB below 4 GiB and the rest above: OVMF runs
        the loader above 4 GiB, so only the trampoline copied below 1 MiB may
        leave long mode."""
        pc, _, serial, exp = self.boot(3583, machine="q35")
        with pc:
            image = int(re.search(r"image at (0x[0-9a-f]+)", serial).group(1), 16)
            self.assertGreaterEqual(image, 1 << 32)
            self.assertTrue(exp.clamped)

    def console_clean(self, serial):
        """Every loader line once on COM1, no escape sequence after the loader's
        first line, and the steps in order."""
        lines = ovmf.loader_lines(serial)
        self.assertEqual(len(lines), len(set(lines)), "a loader line appears twice on COM1")
        self.assertNotIn("\x1b", serial[serial.index("uefi: "):])
        steps = ["uefi: console:", "uefi: screen:", "uefi: memory map:", "uefi: kernel:",
                 "uefi: secure boot:", "uefi: exiting boot services",
                 "uefi: boot services exited", "uefi: entering kernel"]
        at = [next(i for i, l in enumerate(lines) if l.startswith(s)) for s in steps]
        self.assertEqual(at, sorted(at), "steps out of order: %s" % lines)

    def screen_shows_report(self, pc, rep):
        """The kernel mirrors its report on the framebuffer: the last lines on the
        screen, read back in the built-in font, are the report's last lines."""
        checks.wait_halted(self, pc)
        screen = pc.screen_lines()
        end = [l for l in screen if l.startswith("bootlab-report v") and " end " in l]
        self.assertEqual(len(end), 1, "no end marker on the screen:\n%s" % "\n".join(screen))
        self.assertIn(rep.lines[-1], screen, "the selfcheck line is not on the screen")
        kmap_fb = [l for l in rep.lines if l.startswith("kmap fb ")][0]
        self.assertIn(kmap_fb, screen)

    def test_no_serial_port(self):
        """A UEFI PC without a UART: the screen alone carries the loader's lines
        and the kernel's report."""
        with ovmf.UefiPC(mem=128, serial=False) as pc:
            pc.wait_kernel_halted(timeout=120)
            screen = pc.screen_lines()
            self.assertTrue(any(l.startswith("selfcheck ok checked=") for l in screen), screen)
            self.assertTrue(any(l.startswith("bootlab-report v") and " end " in l for l in screen))

    def test_ia32(self):
        """The same image on a 32-bit UEFI PC (OVMF ia32, q35 + SMM): EFI/BOOT/BOOTIA32.EFI."""
        pc, con, rep, exp = self.boot_pty(mem=256, ia32=True)
        with pc, con:
            self.ask_copies(pc, con, rep, exp)


if __name__ == "__main__":
    unittest.main()

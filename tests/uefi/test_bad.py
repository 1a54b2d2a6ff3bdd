"""test_bad.py - bad input to the UEFI loader, each one a clear message on the
screen and on COM1 and a stop:

  no kernel on the volume (bootlab/kernel.elf deleted from the ESP with mtools);
  a kernel for the wrong machine (e_machine 62, x86-64);
  a kernel whose segment lies in memory the firmware owns (moved by 8 MiB
    into OVMF's EfiBootServicesData: usable after ExitBootServices, still the
    firmware's now) - the loader names the range and the memory type;
and the smallest PC of the issue, 64 MiB, which a UEFI PC can boot: its
report, on the screen and on COM1, then the kernel's halt.

A stop must print "uefi: error: <why>" and "uefi: halted" once each on COM1,
show both on the screen (read back in the built-in font), load no kernel,
and halt with interrupts off.
"""

import os
import shutil
import struct
import subprocess
import tempfile
import unittest

from tests.harness import checks, ovmf
from tests.harness.elf import PT_LOAD, kernel_symbols, program_headers
from tests.harness.paths import KERNEL
from tests.harness.report import parse_report


def patched_kernel(path, machine=None, shift=0):
    """A copy of build/kernel.elf with e_machine replaced, or every PT_LOAD's
    p_paddr and the entry point moved by shift bytes."""
    with open(KERNEL, "rb") as f:
        data = bytearray(f.read())
    if machine is not None:
        struct.pack_into("<H", data, 18, machine)
    if shift:
        entry, = struct.unpack_from("<I", data, 24)
        struct.pack_into("<I", data, 24, entry + shift)
        phoff, = struct.unpack_from("<I", data, 28)
        phentsize, phnum = struct.unpack_from("<HH", data, 42)
        for i in range(phnum):
            off = phoff + i * phentsize
            if struct.unpack_from("<I", data, off)[0] == 1:  # PT_LOAD: p_paddr at +12
                paddr, = struct.unpack_from("<I", data, off + 12)
                struct.pack_into("<I", data, off + 12, paddr + shift)
    with open(path, "wb") as f:
        f.write(data)
    return path


class UefiBadInput(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bootlab-uefi-bad-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def expect_stop(self, disk, want, mem=128):
        """Boot disk; returns the serial log once the loader stopped as it must."""
        with ovmf.UefiPC(mem=mem, disk=disk) as pc:
            pc.wait_for(r"uefi: halted\r?\n", timeout=90)
            serial = pc.serial().replace("\r", "")
            errors = [l for l in serial.split("\n") if l.startswith("uefi: error: ")]
            self.assertEqual(len(errors), 1, serial[-1500:])
            self.assertRegex(errors[0][len("uefi: error: "):], want)
            self.assertEqual(serial.count("uefi: halted\n"), 1)
            self.assertNotIn("kernel: bootlab kernel", serial)
            self.assertNotIn("uefi: exiting boot services", serial)
            regs = checks.wait_halted(self, pc)
            self.assertEqual(regs["EFL"] & 0x200, 0, "halted with interrupts on")
            screen = pc.screen_lines()
            self.assertEqual(screen[-2:], [errors[0], "uefi: halted"],
                             "the screen does not end in the error: %s" % screen[-4:])
            return serial

    def test_no_kernel(self):
        disk = ovmf.make_image(os.path.join(self.tmp, "nokernel.img"))
        subprocess.run(["mdel", "-i", disk + "@@1M", "::/bootlab/kernel.elf"], check=True)
        self.expect_stop(disk, r"^no kernel: disk \\bootlab\\kernel\.elf: EFI_NOT_FOUND; "
                               r"no PXE Base Code on the boot device$")

    def test_wrong_machine(self):
        k = patched_kernel(os.path.join(self.tmp, "k.elf"), machine=62)
        disk = ovmf.make_image(os.path.join(self.tmp, "em62.img"), kernel=k)
        self.expect_stop(disk, r"^kernel: ELF machine 62, not i386 \(3\)$")

    def test_segment_in_firmware_memory(self):
        """At -m 128 OVMF keeps [0x900000, 0x1500000) as EfiBootServicesData."""
        k = patched_kernel(os.path.join(self.tmp, "k.elf"), shift=0x800000)
        with open(k, "rb") as f:
            _, phdrs = program_headers(f.read())
        _, _, _, paddr, _, memsz = [p for p in phdrs if p[0] == PT_LOAD][0]
        end = -(-(paddr + memsz) // 4096) * 4096  # the pages the loader claims: whole pages
        disk = ovmf.make_image(os.path.join(self.tmp, "owned.img"), kernel=k)
        serial = self.expect_stop(
            disk, r"^kernel: segment 0: \[0x900000, 0x%x\) is firmware memory: "
                  r"\[0x900000, 0x[0-9a-f]+\) EfiBootServicesData$" % end)
        self.assertRegex(serial, r"uefi:   \[0x900000, 0x[0-9a-f]+\) EfiBootServicesData, attr 0xf")

    def test_64_mib(self):
        """A 64 MiB UEFI PC: OVMF leaves enough, the kernel reports and halts."""
        syms = kernel_symbols(KERNEL)
        with ovmf.UefiPC(mem=64) as pc:
            pc.wait_for(ovmf.REPORT_END, timeout=120)
            rep = parse_report(pc.serial())
            exp = checks.check_uefi_boot(self, pc, rep, syms)
            self.assertLess(exp.limit, 64 << 20)
            screen = pc.screen_lines()
            self.assertIn(rep.lines[-1], screen)


if __name__ == "__main__":
    unittest.main()

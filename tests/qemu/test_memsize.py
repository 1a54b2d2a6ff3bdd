"""test_memsize.py - the smallest machine the kernel accepts, found and booted.

The kernel needs its page tables plus MINFREE_PAGES (kernel/main.c) free pages
above its end. At small sizes SeaBIOS gives usable RAM [1 MiB, RAM - 128 KiB),
so the boundary depends on the kernel's end symbol: this test computes the
smallest RAM size QEMU can give (it rounds -m up to 8 KiB) for which the
oracle says "enough", then boots that size - it must report, with between
MINFREE_PAGES and one QEMU step more free pages - and one step less - it must
stop with "too little memory" and the exact numbers. SeaBIOS's own map at both
sizes must have the shape assumed here, or the test says so.
The sizes from 2 MiB to 4 GiB themselves are in test_matrix.py.
"""

import os
import re
import unittest

from tests.harness import oracle, seabios
from tests.harness.elf import kernel_symbols
from tests.harness.paths import ROOT
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

STEP_KIB = 8    # QEMU rounds the RAM size up to 8 KiB (measured: -m 2252K gives 2256 KiB)
ACPI_KIB = 128  # SeaBIOS reserves the top 128 KiB below the RAM size


def seabios_shape(ram):
    """SeaBIOS's map at a small RAM size (bytes), as [(start, end, type)]."""
    top = ram - ACPI_KIB * 1024
    return [(0, 0x9FC00, 1), (0x9FC00, 0xA0000, 2), (0xF0000, 0x100000, 2),
            (0x100000, top, 1), (top, ram, 2), (0xFFFC0000, 1 << 32, 2)]


def expected(ram, syms):
    return oracle.Expected([(s, e - s, t, 1) for s, e, t in seabios_shape(ram)], syms)


def minimum_kib(syms):
    kib = 2048
    while expected(kib * 1024, syms).too_little:
        kib += STEP_KIB
    return kib


class MinimumMemoryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.syms = kernel_symbols()
        cls.kib = minimum_kib(cls.syms)

    def test_oracle_minimum_matches_kernel(self):
        """The oracle's MINFREE_PAGES is the kernel's."""
        with open(os.path.join(ROOT, "kernel", "main.c")) as f:
            m = re.search(r"#define MINFREE_PAGES\s+(\d+)", f.read())
        self.assertEqual(int(m.group(1)), oracle.MINFREE_PAGES)

    def boot(self, kib):
        with Qemu(mem="%dK" % kib) as q:
            q.wait_for(r"bootlab-report v4 end.*\n|kernel: halted|panic:|stage2: halted",
                       timeout=60)
            with open(q.debugcon_path) as f:
                firmware = seabios.printed_map(f.read())
            regs = q.wait_halted()
            text = q.serial()
        self.assertEqual(firmware, seabios_shape(kib * 1024),
                         "SeaBIOS's map at %d KiB is not the shape this test assumes" % kib)
        self.assertEqual(regs["HLT"], 1)
        return text

    def test_smallest_size_boots(self):
        exp = expected(self.kib * 1024, self.syms)
        rep = parse_report(self.boot(self.kib))
        free = int(rep.fields["kalloc_free"])
        self.assertEqual(free, exp.free)
        self.assertEqual(rep.fields["selfcheck"], "ok")
        self.assertGreaterEqual(free, oracle.MINFREE_PAGES)
        self.assertLess(free, oracle.MINFREE_PAGES + STEP_KIB // 4, "not the smallest size")

    def test_one_step_less_refused(self):
        kib = self.kib - STEP_KIB
        exp = expected(kib * 1024, self.syms)
        self.assertTrue(exp.too_little)
        text = self.boot(kib)
        self.assertIn("kernel: error: too little memory above the kernel: %d KiB usable, "
                      "%d KiB needed" % (exp.all_free * 4,
                                         (exp.ptpages + oracle.MINFREE_PAGES) * 4), text)
        self.assertIn("kernel: halted", text)
        self.assertNotIn("bootlab-report", text)


if __name__ == "__main__":
    unittest.main()

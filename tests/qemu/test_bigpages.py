"""test_bigpages.py - the bigpages boot option: the data row in 4 MiB pages.

For each -m size a disk image with the option is booted; as in
test_matrix.py, SeaBIOS's own map must be the kept ground truth, every report
value must equal the oracle's (now with 4 MiB pages: fewer page-table pages,
pt large=, mode=4m, more free pages), and QEMU's monitor must show 4 MiB
pages exactly where the oracle puts them and 4 KiB pages everywhere else,
whatever the kernel's self-check said. The sizes cover no whole region
(4 MiB), a tail (128 MiB - 128 KiB), the clamp (512 MiB) and the ISA hole
being far below (3584 MiB).
"""

import os
import shutil
import tempfile
import unittest

from tests.harness import checks, oracle, seabios
from tests.harness.disk import make_disk
from tests.harness.elf import kernel_symbols
from tests.harness.paths import KERNEL
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

SIZES = [4, 16, 128, 225, 512, 3584]


class BigPagesTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.syms = kernel_symbols()
        cls.dir = tempfile.mkdtemp(prefix="bootlab-big-")
        cls.disk = make_disk(os.path.join(cls.dir, "big.img"), cmdline="bigpages")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def boot(self, mem):
        with Qemu(mem=mem, disk=self.disk) as q:
            q.wait_for(r"bootlab-report v\d+ end.*\n|kernel: halted|panic:|stage2: halted",
                       timeout=120)
            with open(q.debugcon_path) as f:
                firmware = seabios.printed_map(f.read())
            self.assertEqual(firmware, seabios.kept_map(mem))
            raw = [(s, e - s, t, 1) for s, e, t in firmware]
            exp = oracle.Expected(raw, self.syms, bigpages=True)
            self.assertFalse(exp.too_little)
            rep = parse_report(q.serial())
            self.assertIn("cmdline bigpages", rep.lines)
            checks.check_report(self, rep, exp, self.syms)
            checks.check_live_tables(self, q, rep, exp)
            return rep, exp

    def test_multiboot_option(self):
        """The option on a Multiboot command line (QEMU -kernel -append), as iPXE or GRUB
        would pass it: the same 4 MiB pages, judged on the report's own raw map."""
        with Qemu(mem=256, kernel=KERNEL, append="bigpages") as q:
            q.wait_for(r"bootlab-report v\d+ end.*\n", timeout=120)
            rep = parse_report(q.serial())
            exp = oracle.Expected(rep.raw, self.syms, bigpages=True)
            self.assertGreater(len(exp.large), 0)
            checks.check_report(self, rep, exp, self.syms, method="multiboot")
            checks.check_live_tables(self, q, rep, exp)

    def test_oracle_counts(self):
        """The oracle's own numbers at the sizes worked out by hand in tests/unit/test_vm.c."""
        for limit, pt, large in ((0x400000, 10, 0), (0x7FE0000, 11, 30), (oracle.PHYSTOP, 10, 55)):
            rows = oracle.kmap_rows(limit, oracle.KERNBASE + 0x104000, 0)
            self.assertEqual(oracle.pt_pages(rows, True), pt)
            self.assertEqual(len(oracle.large_pages(rows, True)), large)
            self.assertEqual(oracle.large_pages(rows, False), {})


def add_cases():
    def case(mem):
        def test(self):
            self.boot(mem)
        return test
    for mem in SIZES:
        setattr(BigPagesTest, "test_m%04d" % mem, case(mem))


add_cases()

if __name__ == "__main__":
    unittest.main()

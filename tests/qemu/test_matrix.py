"""test_matrix.py - boot build/disk.img at every memory size and check the
report against the firmware and against the live page table.

For each -m size:
  * SeaBIOS's own E820 map (its debug console, port 0x402) must equal the
    ground truth kept in tests/qemu/seabios-e820/ and the kernel's raw map;
  * every report field must equal what tests/harness/oracle.py computes from
    that map and the kernel ELF's symbols (sanitized map, limit, clamp, kmap
    rows, page-table totals, free pages); the CRC must match;
  * with the kernel halted, QEMU's monitor ("info tlb", "info mem",
    "info registers") must show exactly the expected pages, frames and
    permissions, and nothing else - whatever the kernel's self-check said.
Sizes too small for the kernel must stop with the "too little memory" message.
"""

import unittest

from tests.harness import checks, oracle, seabios
from tests.harness.elf import kernel_symbols
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report


class MatrixTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.syms = kernel_symbols()

    def boot(self, mem):
        with Qemu(mem=mem) as q:
            q.wait_for(r"bootlab-report v\d+ end.*\n|kernel: halted|panic:|stage2: halted",
                       timeout=120)
            with open(q.debugcon_path) as f:
                firmware = seabios.printed_map(f.read())
            serial = q.serial()
            self.assertIsNotNone(firmware, "SeaBIOS printed no E820 map")
            self.assertEqual(firmware, seabios.kept_map(mem), "SeaBIOS map differs from the kept "
                             "ground truth (re-capture: python3 -m tests.qemu.capture_seabios?)")
            raw = [(s, e - s, t, 1) for s, e, t in firmware]
            exp = oracle.Expected(raw, self.syms)
            if exp.too_little:
                self.assertIn("kernel: error: too little memory", serial)
                self.assertNotIn("bootlab-report", serial)
                checks.wait_halted(self, q)
                return
            rep = parse_report(serial)
            self.assertEqual([(b, l, t) for b, l, t, _ in rep.raw],
                             [(b, l, t) for b, l, t, _ in raw], "raw map != SeaBIOS map")
            checks.check_report(self, rep, exp, self.syms)
            checks.check_live_tables(self, q, rep, exp)


def add_cases():
    for mem in seabios.SIZES:
        setattr(MatrixTest, "test_m%04d" % mem, lambda self, m=mem: self.boot(m))


add_cases()

if __name__ == "__main__":
    unittest.main()

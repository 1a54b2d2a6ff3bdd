"""test_matrix.py - boot build/disk.img at every memory size and check the
report against the firmware and against the live page table.

For each -m size:
  * SeaBIOS's own E820 map (its debug console, port 0x402) must equal the
    ground truth kept in tests/qemu/seabios-e820/ and the kernel's raw map;
  * every report field must equal what tests/qemu/oracle.py computes from
    that map and the kernel ELF's symbols (sanitized map, limit, clamp, kmap
    rows, page-table totals, free pages); the CRC must match;
  * with the kernel halted, QEMU's monitor ("info tlb", "info mem",
    "info registers") must show exactly the expected pages, frames and
    permissions, and nothing else - whatever the kernel's self-check said.
Sizes too small for the kernel must stop with the "too little memory" message.
"""

import os
import unittest

import bootlab
import checks
import oracle

SIZES = [3, 4, 5, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 224, 225, 256, 384, 512, 768, 1024,
         2048, 3072, 3583, 3584, 4096]
TOO_SMALL = [2]
TRUTH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seabios-e820")


def load_truth(mem):
    path = os.path.join(TRUTH, "m%d.txt" % mem)
    with open(path) as f:
        return [tuple(int(x, 16) if i < 2 else int(x) for i, x in enumerate(l.split()))
                for l in f if l.strip() and not l.startswith("#")]


class MatrixTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.syms = bootlab.kernel_symbols()

    def boot(self, mem):
        with bootlab.Qemu(mem=mem) as q:
            q.wait_for(r"bootlab-report v\d+ end.*\n|kernel: halted|panic:|stage2: halted",
                       timeout=120)
            with open(q.debugcon_path) as f:
                firmware = bootlab.seabios_e820(f.read())
            serial = q.serial()
            self.assertIsNotNone(firmware, "SeaBIOS printed no E820 map")
            self.assertEqual(firmware, load_truth(mem), "SeaBIOS map differs from the kept "
                             "ground truth (re-capture with tests/qemu/capture_seabios.py?)")
            raw = [(s, e - s, t, 1) for s, e, t in firmware]
            exp = oracle.Expected(raw, self.syms)
            if exp.too_little:
                self.assertIn("kernel: error: too little memory", serial)
                self.assertNotIn("bootlab-report", serial)
                checks.wait_halted(self, q)
                return
            rep = bootlab.parse_report(serial)
            self.assertEqual([(b, l, t) for b, l, t, _ in rep.raw],
                             [(b, l, t) for b, l, t, _ in raw], "raw map != SeaBIOS map")
            checks.check_report(self, rep, exp, self.syms)
            checks.check_live_tables(self, q, rep, exp)


def add_cases():
    for mem in SIZES + TOO_SMALL:
        setattr(MatrixTest, "test_m%04d" % mem, lambda self, m=mem: self.boot(m))


add_cases()

if __name__ == "__main__":
    unittest.main()

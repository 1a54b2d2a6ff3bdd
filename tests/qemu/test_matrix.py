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


def merged_ranges(rows):
    """Expected "info mem" lines: contiguous virtual ranges with one permission."""
    out = []
    for _, va, ps, pe, w in sorted(rows, key=lambda r: r[1]):
        end = va + (pe - ps)
        if pe <= ps:
            continue
        if out and out[-1][1] == va and out[-1][2] == w:
            out[-1] = (out[-1][0], end, w)
        else:
            out.append((va, end, w))
    return out


def parse_info_mem(text):
    out = []
    for line in text.split("\n"):
        parts = line.split()
        if len(parts) == 3 and "-" in parts[0]:
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            out.append((lo, hi, parts[2]))
    return out


class MatrixTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.syms = bootlab.kernel_symbols()

    def check_report(self, rep, exp):
        f = rep.fields
        self.assertEqual(f["raw_method"], "e820")
        self.assertEqual([(s, e, t) for s, e, t in rep.sane], exp.sane)
        self.assertEqual(int(f["mem_usable_top"], 16), exp.usable_top)
        self.assertEqual(int(f["mem_phystop"], 16), oracle.PHYSTOP)
        self.assertEqual(int(f["mem_limit"], 16), exp.limit)
        self.assertEqual(f["mem_clamped"], "yes" if exp.clamped else "no")
        self.assertEqual(int(f["kernel_kernbase"], 16), oracle.KERNBASE)
        self.assertEqual(int(f["kernel_kernlink"], 16), oracle.KERNLINK)
        self.assertEqual(int(f["kernel_data"], 16), self.syms["data"])
        self.assertEqual(int(f["kernel_end"], 16), self.syms["end"])
        want = {name: (va, va + pe - ps, ps, pe, "rw" if w else "r-", (pe - ps) // oracle.PG)
                for name, va, ps, pe, w in exp.rows}
        self.assertEqual(rep.kmap, want)
        self.assertEqual(int(f["pt_pages"]), exp.ptpages)
        self.assertEqual(int(f["pt_mapped"]), exp.mapped)
        self.assertEqual(int(f["pt_overhead_ppm"]), exp.overhead_ppm())
        self.assertEqual(int(f["kalloc_free"]), exp.free)
        self.assertEqual(f["selfcheck"], "ok", rep.selfcheck_errors)
        self.assertEqual(int(f["selfcheck_checked"]), exp.mapped)

    def check_live_tables(self, q, rep, exp):
        regs = q.wait_halted()
        self.assertEqual(regs["HLT"], 1, "CPU not halted")
        self.assertEqual(regs["EFL"] & 0x200, 0, "interrupts on while halted")
        self.assertTrue(regs["CR0"] & 0x80000000 and regs["CR0"] & 0x10000, "PG/WP off")
        self.assertEqual(regs["CR3"], int(rep.fields["selfcheck_cr3"], 16))
        tlb = q.tlb()
        want = oracle.expected_pages(exp.rows)
        extra = sorted(set(tlb) - set(want))
        missing = sorted(set(want) - set(tlb))
        self.assertFalse(extra, "mapped but not in kmap: %s" % [hex(v) for v in extra[:8]])
        self.assertFalse(missing, "kmap pages not mapped: %s" % [hex(v) for v in missing[:8]])
        bad = [(hex(va), hex(tlb[va][0]), tlb[va][1]) for va, (pa, w) in want.items()
               if tlb[va][0] != pa or ("W" in tlb[va][1]) != w or "U" in tlb[va][1]
               or tlb[va][1][2] == "P"]
        self.assertFalse(bad, "wrong frame or flags: %s" % bad[:8])
        mem = parse_info_mem(q.monitor("info mem"))
        self.assertEqual(mem, [(lo, hi, "-rw" if w else "-r-") for lo, hi, w in
                               merged_ranges(exp.rows)])

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
                self.assertEqual(q.wait_halted()["HLT"], 1)
                return
            rep = bootlab.parse_report(serial)
            self.assertEqual([(b, l, t) for b, l, t, _ in rep.raw],
                             [(b, l, t) for b, l, t, _ in raw], "raw map != SeaBIOS map")
            self.check_report(rep, exp)
            self.check_live_tables(q, rep, exp)


def add_cases():
    for mem in SIZES + TOO_SMALL:
        setattr(MatrixTest, "test_m%04d" % mem, lambda self, m=mem: self.boot(m))


add_cases()

if __name__ == "__main__":
    unittest.main()

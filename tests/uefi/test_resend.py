"""test_resend.py - a UEFI PC's kernel sends its report again when its console asks.

The kernel's halt after the report (docs/report-format.md, "Asking for
another copy") programs the two 8259s and opens only its UART's IRQ. A UEFI
PC has both 8259s too (QEMU pc and q35 under OVMF; OVMF masks them and
routes them through the local APIC's LINT0, which it leaves in virtual-wire
mode), so the same halt must answer ENQ after the UEFI loader as after stage
two. Checked on x86-64 OVMF (pc) and 32-bit OVMF (q35 + SMM), with COM1 on
a pty: the first copy goes through every check of a UEFI boot
(checks.check_uefi_boot: the halted state, IF=1 and the 8259 masks among
them); bytes that are not requests bring nothing; each ENQ brings one more
copy with the same lines and CRC and the next copy number; afterwards the
kernel is still listening with the same page table.
"""

import time
import unittest

from tests.harness import checks, ovmf
from tests.harness.elf import kernel_symbols
from tests.harness.paths import KERNEL
from tests.harness.ptypc import Console
from tests.harness.report import REQUEST, reports

COPY = r"bootlab-report v2 end lines=\d+ crc32=0x[0-9a-f]{8} copy=%d\r\n"


class UefiResend(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.syms = kernel_symbols(KERNEL)

    def copies(self, **pc_args):
        """Boot a UEFI PC, check its first copy, ask for two more (junk first)."""
        with ovmf.UefiPtyPC(**pc_args) as pc, Console(pc.pty) as con:
            pc.cont()
            con.read_until(COPY % 1, timeout=180)
            first = reports(con.text)[0]
            exp = checks.check_uefi_boot(self, pc, first, self.syms)
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
            self.assertEqual(tail.count("bootlab-report v2 begin"), 2, "a copy nobody asked for")
            checks.check_live_tables(self, pc, reps[-1], exp)

    def test_x64(self):
        self.copies(mem=128)

    def test_ia32(self):
        self.copies(mem=256, ia32=True)


if __name__ == "__main__":
    unittest.main()

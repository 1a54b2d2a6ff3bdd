"""test_resend.py - the kernel sends its report again when its console asks.

After the report the kernel halts listening (docs/report-format.md, "Asking
for another copy"): interrupts on, the 8259s remapped to vector 0x20 with
every IRQ masked but its UART's, the page table left loaded. The request
byte ENQ (0x05) brings another copy with copy=K+1 and the same lines and
CRC; other bytes bring nothing. Checked on COM1 (IRQ 4) with a disk boot,
and on COM2 (IRQ 3) with a kernel built for port 0x2F8 booted by QEMU's
Multiboot loader. The QEMU monitor shows the halted state after copies,
and the page table it still holds.
"""

import os
import subprocess
import time
import unittest

from tests.harness import checks, oracle
from tests.harness.elf import kernel_symbols
from tests.harness.paths import BUILD, ROOT
from tests.harness.ptypc import Console, PtyPC
from tests.harness.report import REQUEST, reports

COPY = r"bootlab-report v4 end lines=\d+ crc32=0x[0-9a-f]{8} copy=%d\r\n"
COM2 = os.path.join(BUILD, "builds", "com2", "kernel.elf")


class ResendTest(unittest.TestCase):
    def same_lines(self, reps):
        """Every copy has the first copy's lines; copies are numbered 1, 2, ..."""
        self.assertEqual([r.copy for r in reps], list(range(1, len(reps) + 1)))
        for r in reps[1:]:
            self.assertEqual(r.lines, reps[0].lines)

    def test_com1_copies(self):
        syms = kernel_symbols()
        with PtyPC(mem=128) as pc, Console(pc.pty) as con:
            pc.cont()
            con.read_until(COPY % 1)
            checks.check_listening(self, pc)
            con.send(b"xyz\r\n")  # not requests: ignored
            time.sleep(0.2)
            con.send(REQUEST)
            con.read_until(COPY % 2)
            con.send(REQUEST)
            con.read_until(COPY % 3)
            reps = reports(con.text)
            self.same_lines(reps)
            rep = reps[-1]
            exp = oracle.Expected(rep.raw, syms)
            checks.check_report(self, rep, exp, syms)
            checks.check_live_tables(self, pc, rep, exp)  # still listening, same page table
            tail = con.text[con.text.index("copy=1\r\n"):]
            self.assertEqual(tail.count("bootlab-report v4 begin"), 2, "a copy nobody asked for")

    def test_com2_copies(self):
        subprocess.run(["make", "-s", "-C", ROOT, "B=build/builds/com2", "BUILD_TAG=com2",
                        "COM_PORT=0x2F8", "build/builds/com2/kernel.elf"], check=True,
                       capture_output=True)
        with PtyPC(mem=64, kernel=COM2, com=2) as pc, Console(pc.pty) as con:
            pc.cont()
            con.read_until(COPY % 1)
            checks.check_listening(self, pc, irq=3)
            con.send(REQUEST)
            con.read_until(COPY % 2)
            reps = reports(con.text)
            self.same_lines(reps)
            self.assertEqual(reps[0].fields["boot_build"], "com2")
            checks.check_identity(self, reps[0], COM2)
            checks.check_listening(self, pc, irq=3)


if __name__ == "__main__":
    unittest.main()

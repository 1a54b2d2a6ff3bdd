"""test_broken_kernel.py - the deliberately broken kernel of the simulated lab
(make broken-kernel, docs/grading.md "Simulated lab") is really broken, says
so only in its kmap text row, forges its self-check, and labgrade catches it
with exactly one failed check.

Nothing here takes the kernel's word: the live page table is read through
QEMU's monitor (the text pages must really be writable), and the grader's
verdict comes from build/labgrade given the broken ELF.
"""

import csv
import os
import shutil
import subprocess
import tempfile
import unittest

from tests.harness import labgrade, oracle
from tests.harness.elf import kernel_symbols
from tests.harness.paths import BROKEN_KERNEL, KERNEL
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

END = r"bootlab-report v\d+ end.*\n"
REASON = "kmap text perm: expected r-, reported rw"


class BrokenKernelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.syms = kernel_symbols(BROKEN_KERNEL)
        cls.dir = tempfile.mkdtemp(prefix="bootlab-broken-")
        with Qemu(mem=128, kernel=BROKEN_KERNEL) as q:
            q.wait_for(END, timeout=60)
            cls.log = q.serial()
            q.wait_halted()
            cls.tlb = q.tlb()
        cls.path = os.path.join(cls.dir, "broken.log")
        with open(cls.path, "w") as f:
            f.write(cls.log)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_report_shows_the_row_and_a_forged_ok(self):
        """The report is well framed, names its build, prints the text row with
        its real (wrong) permission, and still says "selfcheck ok"."""
        rep = parse_report(self.log)
        self.assertEqual(rep.fields["boot_build"], "broken")
        self.assertEqual(rep.kmap["text"][4], "rw")
        self.assertEqual(rep.fields["selfcheck"], "ok")

    def test_text_pages_really_writable(self):
        """The live page table maps every text page writable (the bug is real,
        not only in the report); the data row stays as it should."""
        text = range(oracle.KERNLINK, self.syms["data"], 0x1000)
        self.assertTrue(text)
        for va in text:
            self.assertIn(va, self.tlb)
            self.assertIn("W", self.tlb[va][1], "text page 0x%x read-only" % va)

    def test_grader_fails_it_on_the_text_row_only(self):
        out = os.path.join(self.dir, "lab.csv")
        p = labgrade.start("-k", BROKEN_KERNEL, "--csv", out, "pc02=" + self.path)
        stdout, stderr = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 1, stderr)
        self.assertIn("pc02: FAIL - %s\n" % REASON, stdout)
        with open(out, newline="") as f:
            row, = list(csv.DictReader(f))
        self.assertEqual((row["verdict"], row["checks_failed"], row["reason"]),
                         ("FAIL", "1", REASON))

    def test_default_build_unaffected(self):
        """The same boot of the default build: text read-only, build "default",
        and the grader passes it (the #ifdef blocks stay out of it)."""
        with Qemu(mem=128, kernel=KERNEL) as q:
            q.wait_for(END, timeout=60)
            log = q.serial()
        rep = parse_report(log)
        self.assertEqual(rep.kmap["text"][4], "r-")
        self.assertEqual(rep.fields["boot_build"], "default")
        p = labgrade.start("-k", KERNEL, "pc01=-", stdin=subprocess.PIPE)
        stdout, stderr = p.communicate(log, timeout=30)
        self.assertEqual(p.returncode, 0, stdout + stderr)

if __name__ == "__main__":
    unittest.main()

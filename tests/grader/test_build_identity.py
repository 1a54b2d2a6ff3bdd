"""test_build_identity.py - which kernel ran: the grader tells builds apart.

A kernel built with another build tag from the same sources (`make
kernel-build TAG=other`: same `data` and `end`, same page tables, a
different `build=` and different read-only bytes) boots in QEMU and is
graded against build/kernel.elf. It must FAIL on the build tag and on the
kernel's self-hash, each check naming both values; graded against its own
ELF it passes. And the limit, as docs/grading.md states it: the hash and
the tag are text the kernel prints, not a signature, so the same report
with the default build's khash and build= copied in (CRC recomputed) passes.
"""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

from tests.harness import labgrade
from tests.harness.disk import make_disk
from tests.harness.elf import kernel_symbols
from tests.harness.paths import BUILD, KERNEL, ROOT
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report, reseal

TAG = "other"
OTHER = os.path.join(BUILD, "builds", TAG, "kernel.elf")
END = r"bootlab-report v\d+ end.*\n"


class BuildIdentityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        subprocess.run(["make", "-s", "-C", ROOT, "kernel-build", "TAG=" + TAG], check=True,
                       capture_output=True)
        cls.dir = tempfile.mkdtemp(prefix="bootlab-buildid-")
        disk = make_disk(os.path.join(cls.dir, "other.img"), kernel=OTHER)
        with Qemu(mem=128, disk=disk) as q:
            q.wait_for(END, timeout=60)
            cls.log = os.path.join(cls.dir, "other.log")
            with open(cls.log, "w") as f:
                f.write(q.serial())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def grade(self, kernel):
        lg = labgrade.start("-k", kernel, "pc=" + self.log)
        out, err = lg.communicate(timeout=30)
        return lg.returncode, out

    def test_same_layout_other_build(self):
        """The two builds agree on everything the v1 report could check."""
        a, b = kernel_symbols(KERNEL), kernel_symbols(OTHER)
        self.assertEqual((a["data"], a["end"]), (b["data"], b["end"]))

    def test_other_build_fails_against_default_elf(self):
        rc, out = self.grade(KERNEL)
        self.assertEqual(rc, 1, out)
        self.assertIn("pc: FAIL", out)
        self.assertRegex(out, r"FAIL kernel build +expected default\s+reported other")
        m = re.search(r"FAIL khash sha256 +expected ([0-9a-f]{64})\s+reported ([0-9a-f]{64})",
                      out)
        self.assertIsNotNone(m, out)
        self.assertNotEqual(m.group(1), m.group(2))

    def test_copied_identity_is_not_caught(self):
        with Qemu(mem=128) as q:  # a genuine report of the default build, build/kernel.elf
            q.wait_for(END, timeout=60)
            good = parse_report(q.serial())
        khash = next(l for l in good.lines if l.startswith("khash "))
        with open(self.log) as f:
            text = f.read()
        forged = reseal(text, lambda l: khash if l.startswith("khash ") else
                        l.replace("build=other", "build=default"))
        path = os.path.join(self.dir, "copied.log")
        with open(path, "w") as f:
            f.write(forged)
        lg = labgrade.start("-k", KERNEL, "pc=" + path)
        out, _ = lg.communicate(timeout=30)
        self.assertEqual(lg.returncode, 0, out)

    def test_other_build_passes_against_its_own_elf(self):
        rc, out = self.grade(OTHER)
        self.assertEqual(rc, 0, out)
        self.assertIn("pc: pass", out)


if __name__ == "__main__":
    unittest.main()

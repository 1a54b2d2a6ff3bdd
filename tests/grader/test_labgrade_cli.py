"""test_labgrade_cli.py - the command line, exit status, outputs and the inventory.

Runs build/labgrade on the recorded logs (tests/hw-tests/logs) with the
kernel they came from, and on the genuine version 1 logs (logs/v1) with
theirs.
"""

import csv
import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from tests.harness import labgrade
from tests.harness.paths import LABGRADE
from tests.harness.report import reseal

KERNEL = labgrade.LOGS_KERNEL  # the kernel the recorded logs came from
log = labgrade.log


def after_boot(line):
    """An edit for report.reseal: line inserted after the boot line."""
    return lambda l: [l, line] if l.startswith("boot ") else l


def run(*args, **kw):
    return subprocess.run([LABGRADE] + list(args), capture_output=True, text=True, **kw)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bootlab-lgcli-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def test_help_and_usage_errors(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("usage: labgrade [OPTIONS] INPUT...", r.stdout)
        self.assertIn("telnet:HOST:PORT", r.stdout)
        for args in ([], ["-k", KERNEL], [log("m64.log")], ["--bogus", log("m64.log")],
                     ["-k", KERNEL, "-t", "-3", log("m64.log")],
                     ["-k", KERNEL, "x=tcp:nohost", log("m64.log")],
                     ["record", "-k", KERNEL, log("m64.log")]):
            r = run(*args)
            self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
            self.assertIn("labgrade: ", r.stderr)

    def test_exit_status_and_outputs(self):
        r = run("-k", KERNEL, "a=" + log("m64.log"), "b=" + log("m512.log"))
        self.assertEqual(r.returncode, 0, r.stdout)
        with open(self.path("odd.log"), "w") as f:
            f.write('SeaBIOS <&> "quoted", \'single\'\n')
        r = run("-k", KERNEL, "--junit", self.path("j.xml"), "--csv", self.path("c.csv"),
                "a=" + log("m64.log"), "small=" + log("m2-too-small.log"), "b=" + log("m512.log"),
                "odd=" + self.path("odd.log"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("small: stopped - boot stopped: kernel: error: too little memory", r.stdout)
        suite = ET.parse(self.path("j.xml")).getroot().find("testsuite")
        self.assertEqual((suite.get("tests"), suite.get("failures")), ("4", "2"))
        odd = suite.findall("testcase")[3].find("failure")
        self.assertEqual(odd.get("message"),
                         'no report (input ended); last line: SeaBIOS <&> "quoted", \'single\'')
        failure = suite.findall("testcase")[1].find("failure")
        self.assertEqual(failure.get("type"), "stopped")
        with open(self.path("c.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["verdict"] for r in rows], ["pass", "stopped", "pass", "no-report"])
        self.assertTrue(rows[3]["reason"].endswith('SeaBIOS <&> "quoted", \'single\''))
        self.assertEqual(rows[2]["free_pages"], "57004")
        self.assertEqual([r["key"] for r in rows], ["name:a", "name:small", "name:b", "name:odd"])

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)
        return self.path(name)

    def test_exit_status_damaged(self):
        """3 when every PC that did not pass is damaged; 1 as soon as one FAILed too."""
        with open(log("m64.log")) as f:
            text = f.read()
        bad = self.write("bad.log", text.replace("kalloc free=", "kalloc fre="))
        forged = self.write("forged.log", reseal(text, lambda l: l.replace("perm=r-", "perm=rw")))
        r = run("-k", KERNEL, "a=" + log("m64.log"), "bad=" + bad)
        self.assertEqual(r.returncode, 3, r.stdout)
        self.assertIn("bad: damaged - report damaged on the way: crc32:", r.stdout)
        self.assertIn("a log file cannot be asked for another copy", r.stdout)
        r = run("-k", KERNEL, "bad=" + bad, "forged=" + forged)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("1 FAIL, 1 damaged", r.stdout)
        for args in (["--resend", "-1"], ["--resend", "x"], ["--resend-wait", "0"],
                     ["x=%s,resend=101" % log("m64.log")]):
            r = run("-k", KERNEL, log("m64.log"), *args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))

    def test_version_1_logs(self):
        """Genuine version 1 captures still pass against the kernel that wrote them, and
        a version 1 capture of a cmdline carrying the begin marker's text too."""
        k1 = labgrade.LOGS_V1_KERNEL
        r = run("-k", k1, *["%s=%s" % (n, labgrade.log_v1(n + ".log")) for n in
                            ("m16", "m64", "m128", "m512", "m3584", "minicom-m256")])
        self.assertEqual(r.returncode, 0, r.stdout)
        with open(labgrade.log_v1("m128.log")) as f:
            text = f.read()
        marker = self.write("marker.log",
                            reseal(text, after_boot("cmdline bootlab-report v1 begin")))
        r = run("-k", k1, "pc=" + marker)
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_net_line_on_a_disk_boot(self):
        """A net line inserted into a disk boot's report (CRC recomputed): FAIL."""
        with open(log("m128.log")) as f:
            text = f.read()
        net = "net mac=52:54:00:12:34:56 ip=10.0.2.15 server=10.0.2.2 file=-"
        forged = self.write("net.log", reseal(text, after_boot(net)))
        r = run("-k", KERNEL, "pc07=" + forged)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("pc07: FAIL - when net: expected absent (source=disk is not a network boot), "
                      "reported present, mac=52:54:00:12:34:56", r.stdout)

    def test_duplicate_names_and_options_after_inputs(self):
        r = run(log("m64.log"), log("m64.log"), "-k", KERNEL)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("m64.log-2: pass", r.stdout)

    def test_inventory(self):
        inv = self.path("lab.inv")
        r = run("record", "-i", inv, "-k", KERNEL, "pc07=" + log("m128.log"),
                "pc08=" + log("m512.log"), "pc09=" + log("m2-too-small.log"))
        self.assertEqual(r.returncode, 1)  # pc09 did not pass, so it is not recorded
        self.assertIn("recorded pc07 as name:pc07 (6 entries)", r.stderr)
        self.assertIn("pc09 not recorded: stopped", r.stderr)
        with open(inv) as f:
            text = f.read()
        self.assertTrue(text.startswith("bootlab-inventory v1\n"))
        self.assertIn("pc name:pc08 method=e820 entries=6", text)
        # The same PCs again: unchanged. pc07 now shows the -m 64 map: flagged.
        r = run("-i", inv, "-k", KERNEL, "pc07=" + log("m128.log"), "pc08=" + log("m512.log"))
        self.assertEqual(r.returncode, 0, r.stdout)
        r = run("-i", inv, "-k", KERNEL, "pc07=" + log("m64.log"), "new=" + log("m16.log"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("pc07: FAIL - inventory raw 3: expected base=0x100000 len=0x7ee0000", r.stdout)
        self.assertIn("note: name:new is not in the inventory", r.stdout)
        # The seat's key is its name: a net line the PC prints does not move it elsewhere.
        net = "net mac=52:54:00:12:34:56 ip=10.0.2.15 server=10.0.2.2 file=-"
        with open(log("m64.log")) as f:
            forged = self.write("f.log", reseal(f.read(), after_boot(net)))
        r = run("-i", inv, "-k", KERNEL, "pc07=" + forged)
        self.assertEqual(r.returncode, 1)
        self.assertIn("FAIL inventory raw 3", r.stdout)
        self.assertIn("FAIL inventory mac", r.stdout)
        self.assertNotIn("not in the inventory", r.stdout)
        # A damaged inventory is refused with file:line.
        with open(inv, "a") as f:
            f.write("raw 0x0 0x1000 1\n")
        r = run("-i", inv, "-k", KERNEL, log("m64.log"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(inv + ":", r.stderr)
        # So is one keyed by MAC (the old form): seats must be recorded again.
        with open(inv, "w") as f:
            f.write("bootlab-inventory v1\npc 52:54:00:12:34:56 method=e820 entries=0\n")
        r = run("-i", inv, "-k", KERNEL, log("m64.log"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("keyed 'name:SEAT'", r.stderr)

    def test_pinned_seats(self):
        """Version 3 and later reports pin their seat to the SMBIOS serial and UUID; another PC in
        the seat (same memory map) is wrong-pc, on the terminal, in the CSV and JUnit."""
        kernel = labgrade.LOGS_KERNEL
        logs = labgrade.LOGS
        inv = self.path("lab.inv")
        r = run("record", "-i", inv, "-k", kernel, "pc07=" + os.path.join(logs, "m128-identity.log"))
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(inv) as f:
            text = f.read()
        self.assertTrue(text.startswith("bootlab-inventory v1\n"))
        self.assertIn("pc name:pc07 method=e820 entries=6 serial=LAB-0007 "
                      "uuid=5e1f0007-2c4b-4d6a-9b1e-000000000007\n", text)
        r = run("-i", inv, "-k", kernel, "--csv", self.path("c.csv"), "--junit", self.path("j.xml"),
                "pc07=" + os.path.join(logs, "m128-swapped.log"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("pc07: wrong-pc - another PC in seat name:pc07: expected serial=LAB-0007 "
                      "uuid=5e1f0007-2c4b-4d6a-9b1e-000000000007, reported serial=LAB-0011", r.stdout)
        self.assertIn("    machine: GenuineIntel family 6 model 6 stepping 3 "
                      "QEMU_Virtual_CPU_version_2.5+; Lab_Vendor LabPC_7 serial LAB-0011", r.stdout)
        self.assertIn("labgrade: 1 PCs: 0 pass, 0 FAIL, 0 damaged, 0 incomplete, 0 stopped, "
                      "0 no-report, 0 error, 1 wrong-pc\n", r.stdout)
        with open(self.path("c.csv"), newline="") as f:
            row, = list(csv.DictReader(f))
        self.assertEqual((row["verdict"], row["serial"]), ("wrong-pc", "LAB-0011"))
        case = ET.parse(self.path("j.xml")).getroot().find("testsuite/testcase/failure")
        self.assertEqual(case.get("type"), "wrong-pc")
        r = run("-i", inv, "-k", kernel, "pc07=" + os.path.join(logs, "m128-identity.log"))
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("    milestones: reset ", r.stdout)

    def test_live_mode(self):
        r = run("--live", "-k", KERNEL, "pc1=" + log("nographic-m256.log"))
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stderr, r"\d+\.\d\ds pc1 +\| SeaBIOS \(version")
        self.assertIn("| bootlab-report v4 begin", r.stderr)
        self.assertNotIn("| raw 0 base=", r.stderr)  # report lines are graded, not echoed
        self.assertIn("(console closed: end of input)", r.stderr)


if __name__ == "__main__":
    unittest.main()

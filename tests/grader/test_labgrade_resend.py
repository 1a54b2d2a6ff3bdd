"""test_labgrade_resend.py - a damaged report is asked for again, not failed.

Real QEMU PCs on ptys, behind a serial line that loses bytes
(tests/harness/lossy.py: a relay between the PC's pty and a pty labgrade
opens, which leaves out chosen bytes of chosen report copies and passes the
grader's request bytes back to the PC). The kernel answers each request
byte (ENQ) with another copy of its report; labgrade asks on a CRC or
framing failure, up to --resend times, and gives the verdict "damaged"
(exit status 3) when no intact copy comes. A file and standard input
cannot be asked, and say so. The same over ser2net's raw TCP and telnet
ports.
"""

import csv
import unittest
import xml.etree.ElementTree as ET

from tests.harness import labgrade, lossy, ptypc
from tests.harness.paths import KERNEL


class ResendTest(labgrade.LiveGraderTest):
    PREFIX = "bootlab-resend-"

    def grade_lossy(self, drop, *args, begin_drop=None):
        """One PC behind a lossy line, graded live. Returns (status, stdout, stderr, line)."""
        with ptypc.PtyPC(mem=128) as pc, lossy.LossyLine(pc.pty, drop, begin_drop) as line:
            lg = labgrade.start("-k", KERNEL, "--live", "-t", "90", *args, "pc=" + line.path)
            self.procs.append(lg)
            self.assertTrue(ptypc.has_open(lg.pid, line.path))
            pc.cont()
            out, err = lg.communicate(timeout=150)
        return lg.returncode, out, err, line

    def test_first_copy_damaged_passes_after_one_request(self):
        """A character lost in copy 1: labgrade asks once, copy 2 arrives intact, pass."""
        rc, out, err, line = self.grade_lossy(lossy.in_line({1}))
        self.assertEqual(rc, 0, out + err)
        self.assertIn("pc: pass - all", out)
        self.assertIn("note: asked for another copy 1 time: 1 copy damaged, 0 cut off", out)
        self.assertRegex(err, r"\(asked for another copy \(1 of 3\): crc32: 0x[0-9a-f]{8} "
                              r"received, the end marker says 0x[0-9a-f]{8}\)")
        self.assertRegex(err, r"\| bootlab-report v4 end lines=\d+ crc32=")
        self.assertIn("copy=2\n", err)
        self.assertEqual((line.copies, line.dropped, line.requests), (2, 1, 1))

    def test_every_copy_damaged_is_damaged(self):
        """A character lost in every copy: 3 requests, then the verdict damaged, exit 3,
        distinct from FAIL in the table, CSV, JUnit and HTML."""
        rc, out, err, line = self.grade_lossy(
            lossy.in_line(None), "--csv", self.path("c.csv"), "--junit", self.path("j.xml"),
            "--html", self.path("h.html"))
        self.assertEqual(rc, 3, out + err)
        self.assertRegex(out, r"pc: damaged - report damaged on the way: crc32: .*; asked 3 times, "
                              r"no intact copy came")
        self.assertIn("0 FAIL, 1 damaged", out)
        self.assertNotIn("FAIL format", out)  # the damaged copy's values are not graded
        self.assertEqual((line.copies, line.requests), (4, 3))
        with open(self.path("c.csv"), newline="") as f:
            row, = list(csv.DictReader(f))
        self.assertEqual((row["verdict"], row["limit"]), ("damaged", "-"))
        case = ET.parse(self.path("j.xml")).getroot().find("testsuite/testcase")
        self.assertEqual(case.find("error").get("type"), "damaged")
        self.assertIsNone(case.find("failure"))
        with open(self.path("h.html")) as f:
            self.assertIn('<td class="damaged">damaged</td>', f.read())

    def test_end_marker_lost(self):
        """The end marker's "end" loses a byte: the copy never ends; after --resend-wait
        seconds of silence labgrade asks, and copy 2 passes."""
        rc, out, err, line = self.grade_lossy(lossy.in_end_marker({1}), "--resend-wait", "1")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("(asked for another copy (1 of 3): the report stopped short: no end marker)",
                      err)
        self.assertIn("note: asked for another copy 1 time: 0 copies damaged, 1 cut off", out)
        self.assertEqual(line.requests, 1)

    def test_begin_marker_lost(self):
        """The begin marker loses its last byte: an end marker without a report; ask, pass."""
        rc, out, err, line = self.grade_lossy(lossy.in_line(set()), begin_drop={1})
        self.assertEqual(rc, 0, out + err)
        self.assertIn("an end marker without its begin marker", err)
        self.assertEqual((line.copies, line.requests), (2, 1))

    def test_asking_off(self):
        """--resend 0: nothing is asked; the verdict says so."""
        rc, out, err, line = self.grade_lossy(lossy.in_line({1}), "--resend", "0")
        self.assertEqual(rc, 3, out + err)
        self.assertIn("asking for another copy is off (resend=0)", out)
        self.assertEqual(line.requests, 0)

    def test_file_and_stdin_cannot_be_asked(self):
        """A damaged capture, as a file and on standard input: damaged, and why not asked."""
        with open(labgrade.log("m128.log")) as f:
            text = f.read().replace("type=2 attr=0x1", "type=2 attr=0x", 1)
        with open(self.path("cap.log"), "w") as f:
            f.write(text)
        stdin = open(self.path("cap.log"))
        lg = labgrade.start("-k", KERNEL, "file=" + self.path("cap.log"), "pipe=-", stdin=stdin)
        stdin.close()
        out, _ = lg.communicate(timeout=30)
        self.assertEqual(lg.returncode, 3, out)
        self.assertRegex(out, r"file: damaged - .*crc32.*; a log file cannot be asked for another")
        self.assertRegex(out, r"pipe: damaged - .*; standard input cannot be asked for another")

    def test_ser2net_raw_and_telnet(self):
        """Over a console server: a lossy PC on ser2net's raw TCP port and one on its
        telnet port; each is asked through the TCP connection and passes."""
        with ptypc.PtyPC(mem=128) as a, ptypc.PtyPC(mem=64) as b, \
                lossy.LossyLine(a.pty, lossy.in_line({1})) as la, \
                lossy.LossyLine(b.pty, lossy.in_line({1})) as lb:
            praw, ptel = ptypc.free_port(), ptypc.free_port()
            s2n = ptypc.ser2net(self.dir, la.path, praw, lb.path, ptel)
            self.procs.append(s2n)
            lg = labgrade.start("-k", KERNEL, "--live", "-t", "90",
                                "raw=tcp:127.0.0.1:%d" % praw, "tel=telnet:127.0.0.1:%d" % ptel)
            self.procs.append(lg)
            self.assertTrue(ptypc.has_open(s2n.pid, la.path) and ptypc.has_open(s2n.pid, lb.path),
                            "ser2net did not open the lines")
            a.cont()
            b.cont()
            out, err = lg.communicate(timeout=150)
        self.assertEqual(lg.returncode, 0, out + err)
        self.assertIn("raw: pass", out)
        self.assertIn("tel: pass", out)
        self.assertEqual((la.requests, lb.requests), (1, 1))


if __name__ == "__main__":
    unittest.main()

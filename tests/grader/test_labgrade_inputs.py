"""test_labgrade_inputs.py - labgrade on real consoles, all at once.

QEMU PCs boot build/disk.img with COM1 on a pty; they start stopped (-S),
labgrade (or ser2net) attaches, then `cont` over the monitor, so nothing is
lost. Inputs: ptys, a file, stdin, and a real ser2net (Debian) serving two
PCs' ptys on a raw TCP port and a telnet port on 127.0.0.1.
"""

import csv
import os
import socket
import subprocess
import time
import unittest
import xml.etree.ElementTree as ET

from tests.harness import labgrade, ptypc
from tests.harness.disk import make_disk
from tests.harness.paths import KERNEL


class InputsTest(labgrade.LiveGraderTest):
    PREFIX = "bootlab-lgin-"

    def finish(self, lg, timeout=120):
        out, err = lg.communicate(timeout=timeout)
        return lg.returncode, out, err

    def test_ptys_file_and_stdin_together(self):
        """Two live PCs on ptys, a capture file and stdin, graded in one run."""
        with ptypc.PtyPC(mem=64) as a, ptypc.PtyPC(mem=512) as b:
            stdin = open(os.path.join(labgrade.LOGS, "m3584.log"), "rb")
            rec = os.path.join(labgrade.LOGS, "kernel.elf")  # the logs' own kernel
            lg = labgrade.start("-k", KERNEL, "--live", "-t", "90",
                                "--junit", self.path("j.xml"), "--csv", self.path("c.csv"),
                                "pc64=serial:" + a.pty, "pc512=" + b.pty,
                                "cap=file:%s,kernel=%s" % (os.path.join(labgrade.LOGS, "m16.log"),
                                                           rec),
                                "pipe=-,kernel=" + rec, stdin=stdin)
            stdin.close()
            self.procs.append(lg)
            self.assertTrue(ptypc.has_open(lg.pid, a.pty) and ptypc.has_open(lg.pid, b.pty))
            t0 = time.monotonic()
            a.cont()
            b.cont()
            rc, out, err = self.finish(lg)
            took = time.monotonic() - t0
        self.assertEqual(rc, 0, out)
        self.assertIn("labgrade: 4 PCs: 4 pass", out)
        self.assertLess(took, 60, "live inputs must end at their end markers, not the timeout")
        # Nothing lost: the first line stage two prints is in the live output.
        self.assertIn("pc64         | stage2: bootlab-stage2/1, booted from disk", err)
        self.assertIn("pc512        | bootlab-report v4 end", err)
        root = ET.parse(self.path("j.xml")).getroot()
        self.assertEqual(root.get("tests"), "4")
        with open(self.path("c.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["pc"] for r in rows], ["pc64", "pc512", "cap", "pipe"])
        self.assertEqual(rows[1]["limit"], "0x0e000000")

    def test_recorded_kernel_file_and_stdin(self):
        """The same file and stdin inputs pass with the kernel they were recorded from."""
        kernel = os.path.join(labgrade.LOGS, "kernel.elf")
        stdin = open(os.path.join(labgrade.LOGS, "m3584.log"), "rb")
        lg = labgrade.start("-k", kernel, "cap=" + os.path.join(labgrade.LOGS, "m16.log"), "-",
                            stdin=stdin)
        stdin.close()
        rc, out, _ = self.finish(lg, 30)
        self.assertEqual(rc, 0, out)
        self.assertIn("2 PCs: 2 pass", out)

    def test_broken_and_silent_pcs(self):
        """A PC whose kernel is damaged stops with the loader's reason; a PC that never
        runs times out. Neither makes labgrade wait longer than its own timeout."""
        with open(KERNEL, "rb") as f:
            kernel = bytearray(f.read())
        kernel[0:4] = b"\x7fBAD"
        with open(self.path("bad.elf"), "wb") as f:
            f.write(kernel)
        disk = make_disk(self.path("bad.img"), kernel=self.path("bad.elf"))
        with ptypc.PtyPC(mem=64, disk=disk) as bad, ptypc.PtyPC(mem=64) as silent:
            lg = labgrade.start("-k", KERNEL, "-t", "60", "bad=" + bad.pty,
                                "silent=%s,timeout=4" % silent.pty)
            self.procs.append(lg)
            self.assertTrue(ptypc.has_open(lg.pid, bad.pty) and ptypc.has_open(lg.pid, silent.pty))
            t0 = time.monotonic()
            bad.cont()
            rc, out, _ = self.finish(lg)
            took = time.monotonic() - t0
        self.assertEqual(rc, 1)
        self.assertRegex(out, r"bad: stopped - boot stopped: stage2: error: .*ELF")
        self.assertIn("silent: no-report - no output (timed out after 4 s)", out)
        self.assertLess(took, 20)

    def test_ser2net_raw_and_telnet(self):
        """A console server: one PC on ser2net's raw TCP port, one on its telnet port."""
        with ptypc.PtyPC(mem=128) as a, ptypc.PtyPC(mem=256) as b:
            praw, ptel = ptypc.free_port(), ptypc.free_port()
            s2n = ptypc.ser2net(self.dir, a.pty, praw, b.pty, ptel)
            self.procs.append(s2n)
            # The telnet port negotiates (RFC 854/2217): the bytes labgrade must filter.
            with socket.create_connection(("127.0.0.1", ptel), timeout=5) as s:
                s.settimeout(5)
                hello = s.recv(256)
            self.assertEqual(hello[0], 255, "ser2net's telnet port sent no IAC negotiation")
            # ser2net serves one client per port: let it close the probes' ptys first.
            self.assertTrue(ptypc.wait_closed(s2n.pid, a.pty) and ptypc.wait_closed(s2n.pid, b.pty))
            lg = labgrade.start("-k", KERNEL, "--live", "-t", "90",
                                "raw=tcp:127.0.0.1:%d" % praw, "tel=telnet:127.0.0.1:%d" % ptel)
            self.procs.append(lg)
            self.assertTrue(ptypc.has_open(s2n.pid, a.pty) and ptypc.has_open(s2n.pid, b.pty),
                            "ser2net did not open the PCs' ptys")
            a.cont()
            b.cont()
            rc, out, err = self.finish(lg)
        self.assertEqual(rc, 0, out + err)
        self.assertIn("raw: pass", out)
        self.assertIn("tel: pass", out)
        # Negotiation bytes were filtered: the telnet PC's first console line is clean.
        first = [l for l in err.split("\n") if "tel          |" in l][0]
        self.assertTrue(first.endswith("| stage2: bootlab-stage2/1, booted from disk, drive 0x80"),
                        first)

    def test_tcp_refused(self):
        lg = labgrade.start("-k", KERNEL, "-t", "5", "gone=tcp:127.0.0.1:%d"
                            % ptypc.free_port())
        rc, out, _ = self.finish(lg, 30)
        self.assertEqual(rc, 1)
        self.assertIn("gone: error - connect 127.0.0.1:", out)


if __name__ == "__main__":
    unittest.main()

"""test_labgrade_manifest.py - grading a room from its manifest: every seat
against its own kernel ELF, its student named in every output, a PC that
booted another build than its row says failed naming both, a seat whose
student's build is missing an error that says where its log is; and the
live status lines on a terminal (a pty as labgrade's stdout) and off one.

The consoles are recorded logs, a QEMU boot of build/kernel.elf
(qemu-system-i386 -kernel, the Multiboot path, 0.1 s) and a silent FIFO.
"""

import csv
import os
import pty
import select
import shutil
import subprocess
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

from tests.harness import labgrade
from tests.harness.paths import BUILD, KERNEL, LABGRADE, ROOT
from tests.harness.qemu import Qemu

LOGS_KERNEL = labgrade.LOGS_KERNEL
ALICE = os.path.join(BUILD, "builds", "alice", "kernel.elf")


def run(*args, **kw):
    return subprocess.run([LABGRADE] + list(args), capture_output=True, text=True, **kw)


class ManifestTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="bootlab-manifest-")
        subprocess.run(["make", "-s", "-C", ROOT, "kernel-build", "TAG=alice"], check=True,
                       capture_output=True)
        cls.boot_log = os.path.join(cls.dir, "qemu-default.log")
        with Qemu(mem=64, kernel=KERNEL) as q:
            q.wait_for(r"bootlab-report v\d+ end[^\n]*\n", timeout=60)
            with open(cls.boot_log, "w") as f:
                f.write(q.serial())
        os.makedirs(os.path.join(cls.dir, "trees", "dora"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def manifest(self, rows):
        path = os.path.join(self.dir, "lab.txt")
        with open(path, "w") as f:
            f.write("# SEAT MAC CONSOLE STUDENT KERNEL [OPTIONS]\n" + rows)
        return path

    def room(self):
        """Four seats: two pass, one booted another build, one's tree has no build."""
        return self.manifest(
            "pc01 52:54:00:00:00:01 file:%s ada %s\n" % (labgrade.log("m128.log"), LOGS_KERNEL) +
            "pc02 52:54:00:00:00:02 file:%s brian %s\n" % (self.boot_log, KERNEL) +
            "pc03 52:54:00:00:00:03 file:%s alice %s\n" % (self.boot_log, ALICE) +
            "pc04 52:54:00:00:00:04 file:%s dora trees/dora/ loader=multiboot\n"
            % labgrade.log("m64.log"))

    def test_manifest_printed_resolved(self):
        path = self.room()
        r = run("manifest", "--lab-dir", "/srv/lab", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [l.split("\t") for l in r.stdout.strip().split("\n")]
        self.assertEqual(rows[0], ["seat", "mac", "console", "student", "kernel", "kind", "elf",
                                   "loader", "boot_options"])
        self.assertEqual(rows[4][:2], ["pc04", "52:54:00:00:00:04"])
        self.assertEqual(rows[4][5:8], ["tree", "/srv/lab/dora/kernel.elf", "multiboot"])
        self.assertEqual(rows[4][4], os.path.join(self.dir, "trees", "dora"))
        bad = self.manifest("pc01 52:54:00:00:00:01 /dev/null ada k.elf\n"
                            "pc02 52:54:00:00:00:01 /dev/null bob k.elf\n")
        r = run("manifest", bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn("%s:3: MAC repeated (first on line 2)" % bad, r.stderr)
        r = run("--manifest", bad, "-q")
        self.assertEqual(r.returncode, 2)
        r = run("--manifest", bad, "pc9=/dev/null")
        self.assertEqual(r.returncode, 2)

    def test_room_graded_seat_by_seat(self):
        out = {ext: os.path.join(self.dir, "lab." + ext) for ext in ("csv", "xml", "html")}
        r = run("--manifest", self.room(), "--csv", out["csv"], "--junit", out["xml"],
                "--html", out["html"])
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("pc01 (ada): pass - all ", r.stdout)
        self.assertIn("pc02 (brian): pass - all ", r.stdout)
        # another build: its tag, and its self-hash (khash sha256) with it
        self.assertIn("pc03 (alice): FAIL - kernel build: expected alice, reported default (and "
                      "more, see checks)\n", r.stdout)
        self.assertRegex(r.stdout, r"FAIL khash sha256 +expected [0-9a-f]{64}\n")
        self.assertRegex(r.stdout, r"pc04 \(dora\): error - kernel ELF \S+/lab/dora/kernel.elf: "
                                   r"No such file or directory: the build of dora's tree failed "
                                   r"\(log: \S+/lab/dora/build.log\) or has not run")
        self.assertRegex(r.stdout, r"\nPC   STUDENT VERDICT    CHECKS  LIMIT .*\npc01 ada     pass ")
        with open(out["csv"], newline="") as f:
            rows = {row["pc"]: row for row in csv.DictReader(f)}
        self.assertEqual({k: (v["student"], v["verdict"]) for k, v in rows.items()},
                         {"pc01": ("ada", "pass"), "pc02": ("brian", "pass"),
                          "pc03": ("alice", "FAIL"), "pc04": ("dora", "error")})
        cases = ET.parse(out["xml"]).getroot().iter("testcase")
        named = {c.get("name"): {p.get("name"): p.get("value") for p in c.iter("property")}
                 for c in cases}
        self.assertEqual(named["pc03 (alice)"], {"seat": "pc03", "student": "alice"})
        self.assertEqual(sorted(named), ["pc01 (ada)", "pc02 (brian)", "pc03 (alice)",
                                         "pc04 (dora)"])
        with open(out["html"]) as f:
            page = f.read()
        self.assertIn('<span class="student">alice</span>', page)

    def test_wait_starts_the_timeout_at_the_first_byte(self):
        fifo = os.path.join(self.dir, "silent.fifo")
        os.mkfifo(fifo)
        holder = os.open(fifo, os.O_RDWR)  # a writer that never writes: the PC is off
        self.addCleanup(os.close, holder)
        path = self.manifest("pc01 52:54:00:00:00:01 serial:%s ada %s wait=1 timeout=60\n"
                             % (fifo, KERNEL))
        t0 = time.monotonic()
        r = run("--manifest", path, timeout=30)
        self.assertLess(time.monotonic() - t0, 20)
        self.assertIn("pc01 (ada): no-report - no output (silent for 1 s: is the PC on?)",
                      r.stdout)

    def test_status_lines(self):
        """On a terminal: one line per PC, redrawn in place. Elsewhere: a line per change."""
        read_fd, write_fd = os.pipe()
        path = self.manifest("pc01 52:54:00:00:00:01 - ada %s\n" % KERNEL)
        master, slave = pty.openpty()
        p = subprocess.Popen([LABGRADE, "--manifest", path], stdin=read_fd, stdout=slave,
                             stderr=subprocess.PIPE)
        os.close(slave)
        os.close(read_fd)
        screen = self.read_pty(master, 1.0)
        with open(self.boot_log, "rb") as f:
            os.write(write_fd, f.read())
        os.close(write_fd)
        screen += self.read_pty(master, 5.0)
        p.wait(timeout=10)
        p.stderr.close()
        os.close(master)
        self.assertIn(b"pc01 (ada)               waiting", screen)
        self.assertIn(b"\x1b[1A\r\x1b[2Kpc01 (ada)               pass       all ", screen)
        with open(self.boot_log, "rb") as f:
            text = f.read()
        p = subprocess.Popen([LABGRADE, "--manifest", path], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdin.write(text[:text.index(b"bootlab-report")])
        p.stdin.flush()
        time.sleep(1)
        stdout, stderr = p.communicate(text[text.index(b"bootlab-report"):], timeout=10)
        self.assertNotIn(b"\x1b", stdout + stderr)
        self.assertIn(b"labgrade: pc01 (ada)               booting    kernel: paging with", stderr)
        self.assertIn(b"labgrade: pc01 (ada)               pass       all ", stderr)

    @staticmethod
    def read_pty(fd, seconds):
        out, deadline = b"", time.monotonic() + seconds
        while time.monotonic() < deadline:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    break
        return out


if __name__ == "__main__":
    unittest.main()

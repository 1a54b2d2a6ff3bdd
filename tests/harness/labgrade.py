"""labgrade.py - run the lab grader (build/labgrade), and the console logs
recorded for its tests.

The recorded logs (tests/hw-tests/logs/v4/, written by
python3 -m tests.grader.record_logs) are real QEMU boots of a report-version-4
kernel, BIOS PCs and (in logs/v4/uefi/) UEFI PCs; the grader's C unit tests
read them too. logs/v4/kernel.elf is the kernel they came from (record them
again when the report changes; until then they need not be of the newest
build). logs/v1/,
logs/v2/ and logs/v3/ hold genuine logs of report versions 1 to 3 with their
kernels (logs/vN/kernel.elf), kept so that the grader goes on reading those
versions.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import unittest

from tests.harness.paths import LABGRADE, ROOT

LOGS_ROOT = os.path.join(ROOT, "tests", "hw-tests", "logs")
LOGS = os.path.join(LOGS_ROOT, "v4")
LOGS_KERNEL = os.path.join(LOGS, "kernel.elf")
LOGS_V1 = os.path.join(LOGS_ROOT, "v1")
LOGS_V1_KERNEL = os.path.join(LOGS_V1, "kernel.elf")
LOGS_V2 = os.path.join(LOGS_ROOT, "v2")
LOGS_V2_KERNEL = os.path.join(LOGS_V2, "kernel.elf")


def log(name):
    """The path of one recorded log."""
    return os.path.join(LOGS, name)


def log_v1(name):
    """The path of one recorded version 1 log."""
    return os.path.join(LOGS_V1, name)


def log_v2(name):
    """The path of one recorded version 2 log."""
    return os.path.join(LOGS_V2, name)



def start(*args, **kw):
    """Start build/labgrade with args; returns the Popen (text mode, stdout/stderr piped)."""
    return subprocess.Popen([LABGRADE] + [str(a) for a in args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


class LiveGraderTest(unittest.TestCase):
    """A test case that runs live graders (and the consoles they read): a
    private directory (path()) and the processes it started (procs), killed
    if still running and the directory removed after each test. PREFIX names
    the directory."""
    maxDiff = None
    PREFIX = "bootlab-lg-"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix=self.PREFIX)
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

"""labgrade.py - run the lab grader (build/labgrade), and the console logs
recorded for its tests.

The recorded logs (tests/hw-tests/logs/, written by
python3 -m tests.grader.record_logs) are real QEMU boots; the grader's C unit
tests read them too. logs/kernel.elf is the kernel they came from. logs/v1/
holds genuine report-version-1 logs and their kernel (logs/v1/kernel.elf),
kept so that the grader goes on reading version 1.
"""

import os
import subprocess

from tests.harness.paths import LABGRADE, ROOT

LOGS = os.path.join(ROOT, "tests", "hw-tests", "logs")
LOGS_KERNEL = os.path.join(LOGS, "kernel.elf")
LOGS_V1 = os.path.join(LOGS, "v1")
LOGS_V1_KERNEL = os.path.join(LOGS_V1, "kernel.elf")


def log(name):
    """The path of one recorded log."""
    return os.path.join(LOGS, name)


def log_v1(name):
    """The path of one recorded version 1 log."""
    return os.path.join(LOGS_V1, name)


def start(*args, **kw):
    """Start build/labgrade with args; returns the Popen (text mode, stdout/stderr piped)."""
    return subprocess.Popen([LABGRADE] + [str(a) for a in args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)

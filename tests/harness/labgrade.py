"""labgrade.py - run the lab grader (build/labgrade), and the console logs
recorded for its tests.

The recorded logs (tests/hw-tests/logs/, written by
python3 -m tests.grader.record_logs) are real QEMU boots; the grader's C unit
tests read them too. logs/kernel.elf is the kernel they came from.
"""

import os
import subprocess

from tests.harness.paths import LABGRADE, ROOT

LOGS = os.path.join(ROOT, "tests", "hw-tests", "logs")
LOGS_KERNEL = os.path.join(LOGS, "kernel.elf")


def log(name):
    """The path of one recorded log."""
    return os.path.join(LOGS, name)


def start(*args, **kw):
    """Start build/labgrade with args; returns the Popen (text mode, stdout/stderr piped)."""
    return subprocess.Popen([LABGRADE] + [str(a) for a in args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)

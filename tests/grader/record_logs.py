"""record_logs.py - record the real console logs the grader's tests use.

Boots build/disk.img in QEMU (TCG) and keeps what COM1 carried:
  logs/mNNN.log        -serial file: at -m 16, 64, 128, 512, 3584 (the kernel's text only)
  logs/nographic-m256.log  -nographic: SeaBIOS and iPXE banners, ANSI escapes, CR LF
  logs/m2-too-small.log    -m 2: the kernel stops with "too little memory"
  logs/minicom-m256.log    a minicom 2.8 capture (-C) of a PC on a pty (recorded by hand, see
                           docs/grading.md)
and a copy of the kernel ELF they came from, with debug sections stripped
(logs/kernel.elf): the logs' data/end addresses belong to that build.

They are kept in tests/hw-tests/logs/, which the grader's C unit tests read too.

Run from the repository root after `make`:  python3 -m tests.grader.record_logs
"""

import os
import subprocess
import time

from tests.harness.labgrade import LOGS
from tests.harness.paths import DISK, KERNEL
from tests.harness.qemu import Qemu

END = r"bootlab-report v\d+ end.*\n|kernel: halted|stage2: halted"


def record(mem, name):
    with Qemu(mem=mem) as q:
        q.wait_for(END, timeout=120)
        with open(os.path.join(LOGS, name), "w", newline="") as f:
            f.write(q.serial())


def record_nographic(mem, name):
    """-nographic puts SeaBIOS's screen (through its serial console) and COM1 on stdout."""
    path = os.path.join(LOGS, name)
    with open(path, "wb") as out:
        p = subprocess.Popen(["qemu-system-i386", "-accel", "tcg", "-m", str(mem), "-nographic",
                              "-no-reboot", "-drive", "file=%s,format=raw" % DISK],
                             stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with open(path, "rb") as f:
                    if b"bootlab-report v2 end" in f.read():
                        break
                time.sleep(0.1)
            time.sleep(0.3)
        finally:
            p.kill()
            p.wait()


def main():
    os.makedirs(LOGS, exist_ok=True)
    for mem in (16, 64, 128, 512, 3584):
        record(mem, "m%d.log" % mem)
    record(2, "m2-too-small.log")
    record_nographic(256, "nographic-m256.log")
    subprocess.run(["objcopy", "--strip-debug", KERNEL, os.path.join(LOGS, "kernel.elf")],
                   check=True)


if __name__ == "__main__":
    main()

"""record_logs.py - record the real console logs the grader's tests use.

Boots build/disk.img in QEMU (TCG) and keeps what COM1 carried:
  logs/mNNN.log            -serial file: at -m 16, 64, 128, 512, 3584 (the kernel's text only)
  logs/nographic-m256.log  -nographic: SeaBIOS and iPXE banners, ANSI escapes, CR LF
  logs/m2-too-small.log    -m 2: the kernel stops with "too little memory"
  logs/cmdline-marker-m128.log  boot options that are the begin marker's text
                           ("cmdline bootlab-report v2 begin" is a report line, not a marker)
  logs/multiboot-net-m128.log   QEMU -kernel (Multiboot) with mac= ip= server= on its
                           command line, as netboot/boot.ipxe passes them: a net line
and a copy of the kernel ELF they came from, with debug sections stripped
(logs/kernel.elf): the logs' data/end addresses, build tag and self-hash
belong to that build.

They are kept in tests/hw-tests/logs/, which the grader's C unit tests read
too. tests/hw-tests/logs/v1/ holds genuine logs of report version 1 and
their kernel, recorded before version 2; they are never re-recorded (the
grader must keep reading them), and minicom-m256.log there was a minicom 2.8
capture made by hand (docs/grading.md).

Run from the repository root after `make`:  python3 -m tests.grader.record_logs
"""

import os
import shutil
import subprocess
import tempfile
import time

from tests.harness.disk import make_disk
from tests.harness.labgrade import LOGS
from tests.harness.paths import DISK, KERNEL
from tests.harness.qemu import Qemu

END = r"bootlab-report v\d+ end .*\n|kernel: halted|stage2: halted"
NET_APPEND = "mac=52:54:00:12:34:56 ip=10.0.2.15 server=10.0.2.2"


def record(mem, name, **kw):
    with Qemu(mem=mem, **kw) as q:
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
    tmp = tempfile.mkdtemp(prefix="bootlab-record-")
    try:
        disk = make_disk(os.path.join(tmp, "marker.img"), cmdline="bootlab-report v2 begin")
        record(128, "cmdline-marker-m128.log", disk=disk)
        # QEMU puts the kernel's file name first on the command line: a short one, from tmp.
        shutil.copy(KERNEL, os.path.join(tmp, "kernel.elf"))
        record(128, "multiboot-net-m128.log", kernel="kernel.elf", append=NET_APPEND,
               workdir=tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run(["objcopy", "--strip-debug", KERNEL, os.path.join(LOGS, "kernel.elf")],
                   check=True)


if __name__ == "__main__":
    main()

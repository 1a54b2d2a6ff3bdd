"""record_logs.py - record the real console logs the grader's tests use.

Boots QEMU (TCG) and keeps what COM1 carried (report version 4), into
tests/hw-tests/logs/v4/:
  logs/mNNN.log            build/disk.img at -m 16, 64, 128, 512, 3584 (-serial file:;
                           the kernel's text only)
  logs/nographic-m256.log  -nographic: SeaBIOS and iPXE banners, ANSI escapes, CR LF
  logs/m2-too-small.log    -m 2: the kernel stops with "too little memory"
  logs/cmdline-marker-m128.log  boot options that are the begin marker's text
                           ("cmdline bootlab-report v4 begin" is a report line, not a marker)
  logs/multiboot-net-m128.log   QEMU -kernel (Multiboot) with mac= ip= server= on its
                           command line, as netboot/boot.ipxe passes them: a net line
  logs/m128-identity.log   -m 128 with an SMBIOS identity (-smbios type=1,...)
  logs/m128-swapped.log    -m 128, the same seat's PC with another serial and UUID
  logs/m512-bigpages.log   a disk with the bigpages boot option, -m 512
  logs/m64-multiboot.log   qemu -kernel build/kernel.elf (Multiboot: no loader milestones)
  logs/m64-notsc.log       -cpu qemu32,-tsc: "tsc unusable", no milestones
  logs/uefi/m128.log, m3583.log   UEFI PCs (x86-64 OVMF, build/disk.img's EFI System
                           Partition): the firmware's ConOut escapes, the loader's lines,
                           the report with the packed UEFI descriptors, the secureboot
                           line and the fb row
and a copy of the kernel ELF they all came from, with debug sections stripped
(logs/kernel.elf): the logs' data/end addresses, build tag and self-hash
belong to that build.

The grader's C unit tests read them too. tests/hw-tests/logs/v1/, v2/ and
v3/ hold genuine logs of report versions 1 to 3 and their kernels, recorded
by the kernels of those versions, and logs/uefi/ version 2 UEFI logs with
theirs; they are never re-recorded (the grader must keep reading them), and
v1/minicom-m256.log was a minicom 2.8 capture made by hand (docs/grading.md).

Run from the repository root after `make`:  python3 -m tests.grader.record_logs
"""

import os
import shutil
import subprocess
import tempfile
import time

from tests.harness import ovmf
from tests.harness.disk import make_disk
from tests.harness.labgrade import LOGS
from tests.harness.paths import DISK, KERNEL
from tests.harness.qemu import Qemu

UEFI_LOGS = os.path.join(LOGS, "uefi")

END = r"bootlab-report v\d+ end .*\n|kernel: halted|stage2: halted"
NET_APPEND = "mac=52:54:00:12:34:56 ip=10.0.2.15 server=10.0.2.2"
SMBIOS_A = "type=1,manufacturer=Lab Vendor,product=LabPC 7,serial=LAB-0007," \
           "uuid=5e1f0007-2c4b-4d6a-9b1e-000000000007"
SMBIOS_B = "type=1,manufacturer=Lab Vendor,product=LabPC 7,serial=LAB-0011," \
           "uuid=5e1f0011-2c4b-4d6a-9b1e-000000000011"


def record(name, **qemu):
    """One boot's log, up to the report's end and the byte count after it (or a stop)."""
    with Qemu(**qemu) as q:
        q.wait_for(END, timeout=120)
        q.wait_for(r"kernel: report .*\n|halted", timeout=10)
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
                    if b"kernel: report " in f.read():
                        break
                time.sleep(0.1)
            time.sleep(0.3)
        finally:
            p.kill()
            p.wait()


def record_uefi(mem, name):
    with ovmf.UefiPC(mem=mem) as pc:
        pc.wait_for(END, timeout=120)
        with open(os.path.join(UEFI_LOGS, name), "w", newline="") as f:
            f.write(pc.serial())


def main_uefi():
    os.makedirs(UEFI_LOGS, exist_ok=True)
    for mem in (128, 3583):
        record_uefi(mem, "m%d.log" % mem)


def main():
    main_uefi()
    os.makedirs(LOGS, exist_ok=True)
    for mem in (16, 64, 128, 512, 3584):
        record("m%d.log" % mem, mem=mem)
    record("m2-too-small.log", mem=2)
    record_nographic(256, "nographic-m256.log")
    record("m128-identity.log", mem=128, extra=["-smbios", SMBIOS_A])
    record("m128-swapped.log", mem=128, extra=["-smbios", SMBIOS_B])
    record("m64-notsc.log", mem=64, extra=["-cpu", "qemu32,-tsc"])
    tmp = tempfile.mkdtemp(prefix="bootlab-record-")
    try:
        disk = make_disk(os.path.join(tmp, "marker.img"), cmdline="bootlab-report v4 begin")
        record("cmdline-marker-m128.log", mem=128, disk=disk)
        record("m512-bigpages.log", mem=512,
               disk=make_disk(os.path.join(tmp, "big.img"), cmdline="bigpages"))
        # QEMU puts the kernel's file name first on the command line: a short one, from a
        # directory of its own for each boot (QEMU's serial log is kept there too).
        for name, mem, append in (("multiboot-net-m128.log", 128, NET_APPEND),
                                  ("m64-multiboot.log", 64, None)):
            work = tempfile.mkdtemp(dir=tmp)
            shutil.copy(KERNEL, os.path.join(work, "kernel.elf"))
            record(name, mem=mem, kernel="kernel.elf", append=append, workdir=work)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run(["objcopy", "--strip-debug", KERNEL, os.path.join(LOGS, "kernel.elf")],
                   check=True)


if __name__ == "__main__":
    main()

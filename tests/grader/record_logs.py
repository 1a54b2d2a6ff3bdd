"""record_logs.py - record the real console logs the grader's tests use.

Boots QEMU (TCG) and keeps what COM1 carried, into tests/hw-tests/logs/v2/
(report version 2):
  mNNN.log            build/disk.img at -m 16, 64, 512, 3584 (-serial file:)
  m128-identity.log   -m 128 with an SMBIOS identity (-smbios type=1,...)
  m128-swapped.log    -m 128, the same seat's PC with another serial and UUID
  m512-bigpages.log   a disk with the bigpages boot option, -m 512
  m64-multiboot.log   qemu -kernel build/kernel.elf (Multiboot: no loader milestones)
  m64-notsc.log       -cpu qemu32,-tsc: "tsc unusable", no milestones
and a copy of the kernel ELF they came from, with debug sections stripped
(logs/v2/kernel.elf): the logs' data/end addresses belong to that build.

The version-1 logs in tests/hw-tests/logs/ itself (and logs/kernel.elf) are
genuine version-1 boots, kept as they are: the grader must go on reading
them. The minicom capture there was recorded by hand (docs/grading.md).

Run from the repository root after `make`:  python3 -m tests.grader.record_logs
"""

import os
import subprocess
import tempfile

from tests.harness.disk import make_disk
from tests.harness.labgrade import LOGS
from tests.harness.paths import KERNEL
from tests.harness.qemu import Qemu

V2 = os.path.join(LOGS, "v2")
END = r"bootlab-report v\d+ end.*\n(kernel: report .*\n)?|kernel: halted|stage2: halted"
SMBIOS_A = "type=1,manufacturer=Lab Vendor,product=LabPC 7,serial=LAB-0007," \
           "uuid=5e1f0007-2c4b-4d6a-9b1e-000000000007"
SMBIOS_B = "type=1,manufacturer=Lab Vendor,product=LabPC 7,serial=LAB-0011," \
           "uuid=5e1f0011-2c4b-4d6a-9b1e-000000000011"


def record(name, **qemu):
    with Qemu(**qemu) as q:
        q.wait_for(END, timeout=120)
        q.wait_for(r"kernel: report .*\n|halted", timeout=10)
        with open(os.path.join(V2, name), "w", newline="") as f:
            f.write(q.serial())


def main():
    os.makedirs(V2, exist_ok=True)
    for mem in (16, 64, 512, 3584):
        record("m%d.log" % mem, mem=mem)
    record("m128-identity.log", mem=128, extra=["-smbios", SMBIOS_A])
    record("m128-swapped.log", mem=128, extra=["-smbios", SMBIOS_B])
    with tempfile.TemporaryDirectory() as d:
        record("m512-bigpages.log", mem=512,
               disk=make_disk(os.path.join(d, "big.img"), cmdline="bigpages"))
    record("m64-multiboot.log", mem=64, kernel=KERNEL)
    record("m64-notsc.log", mem=64, extra=["-cpu", "qemu32,-tsc"])
    subprocess.run(["objcopy", "--strip-debug", KERNEL, os.path.join(V2, "kernel.elf")],
                   check=True)


if __name__ == "__main__":
    main()

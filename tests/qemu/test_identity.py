"""test_identity.py - which machine answered and where its time went: the
report's cpu, smbios, tsc and milestone lines, and the byte count after it.

QEMU stands in for a lab PC whose identity the test sets: -smbios type=1
gives the System Information strings and UUID (in the 2.8 table SeaBIOS
writes by default, and in a 3.0 table with smbios-entry-point-type=64);
-cpu picks a CPUID. What the kernel prints is compared with what QEMU was
told, never with the kernel's own other output.
"""

import os
import re
import shutil
import tempfile
import unittest

from tests.harness import checks
from tests.harness.paths import KERNEL
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

END = r"bootlab-report v\d+ end.*\n"
SMBIOS = ("type=1,manufacturer=Lab Vendor Inc.,product=Model 7 \xb5Tower,"
          "serial=SN 0042,uuid=01234567-89ab-cdef-0011-223344556677")


def boot(extra=(), kernel=None, append=None, mem=64):
    with Qemu(mem=mem, extra=list(extra), kernel=kernel, append=append) as q:
        q.wait_for(END + r"kernel: report .*\n", timeout=120)
        text = q.serial()
    return parse_report(text), text


class IdentityTest(unittest.TestCase):
    def test_smbios_2_8(self):
        """The strings as -smbios gave them, sanitized: each space and each byte of the
        UTF-8 "\xb5" (two bytes, as the command line carries it) becomes '_'."""
        rep, _ = boot(["-smbios", SMBIOS])
        self.assertIn("smbios manufacturer=Lab_Vendor_Inc. product=Model_7___Tower serial=SN_0042 "
                      "uuid=01234567-89ab-cdef-0011-223344556677", rep.lines)

    def test_smbios_3_0(self):
        """A 64-bit entry point (_SM3_) leads to the same System Information."""
        rep, _ = boot(["-machine", "pc,smbios-entry-point-type=64", "-smbios",
                       "type=1,manufacturer=M3,product=P3,serial=S3,"
                       "uuid=fedcba98-7654-3210-0011-223344556677"])
        self.assertIn("smbios manufacturer=M3 product=P3 serial=S3 "
                      "uuid=fedcba98-7654-3210-0011-223344556677", rep.lines)

    def test_smbios_defaults(self):
        """Without -smbios QEMU still writes type 1: its name, no serial, no UUID."""
        rep, _ = boot()
        self.assertIn("smbios manufacturer=QEMU product=Standard_PC_(i440FX_+_PIIX,_1996 "
                      "serial=- uuid=-", rep.lines)

    def test_cpu_lines(self):
        """The CPUIDs QEMU models: qemu32 by default; a Phenom, whose family 16 is the
        base family 0xF plus the extended family 1 (SDM/APM rule); a Core 2 Duo,
        whose brand string holds runs of spaces."""
        rep, _ = boot()
        self.assertIn("cpu vendor=GenuineIntel family=6 model=6 stepping=3 "
                      "brand=QEMU_Virtual_CPU_version_2.5+", rep.lines)
        rep, _ = boot(["-cpu", "phenom"])
        self.assertIn("cpu vendor=AuthenticAMD family=16 model=2 stepping=3 "
                      "brand=AMD_Phenom(tm)_9550_Quad-Core_Processor", rep.lines)
        rep, _ = boot(["-cpu", "core2duo"])
        self.assertIn("cpu vendor=GenuineIntel family=6 model=15 stepping=11 "
                      "brand=Intel(R)_Core(TM)2_Duo_CPU_____T7700__@_2.40GHz", rep.lines)

    def test_clock_disk(self):
        """A disk boot: the PIT calibrates the TSC near the host's rate, the loader's
        three stamps come first, every us follows from the readings."""
        rep, _ = boot()
        self.assertEqual(rep.fields["tsc_calib"], "pit")
        checks.check_clock(self, rep, loader=True)
        hz = int(rep.fields["tsc_hz"])
        with open("/proc/cpuinfo") as f:
            mhz = [float(m) for m in re.findall(r"cpu MHz\s*:\s*([\d.]+)", f.read())]
        if mhz:  # TCG's TSC is the host's: the same rate, within 5 %
            self.assertLess(abs(hz / 1e6 - mhz[0]) / mhz[0], 0.05, (hz, mhz))

    def test_clock_multiboot(self):
        """QEMU -kernel (Multiboot): no loader stamps, the milestones start at entry."""
        rep, _ = boot(kernel=KERNEL, append="qemu-test")
        self.assertEqual(rep.fields["boot_source"], "multiboot")
        checks.check_clock(self, rep, loader=False)
        self.assertNotIn("loader", rep.milestones)

    def test_no_tsc(self):
        """A CPU without a TSC (qemu32 with its CPUID TSC bit taken away): the loader
        takes no stamps, the report says "tsc unusable why=no-tsc" and has no milestones."""
        rep, text = boot(["-cpu", "qemu32,-tsc"])
        self.assertIn("tsc unusable why=no-tsc", rep.lines)
        self.assertEqual(rep.milestones, {})
        self.assertEqual(rep.fields["selfcheck"], "ok")

    def test_no_timer(self):
        """A machine without a PIT (-machine pit=off) whose CPUID states no rate
        (qemu32 has neither leaf 0x15 nor 0x16): "tsc unusable why=no-timer", no
        milestones, and the boot goes on."""
        rep, _ = boot(["-machine", "pc,pit=off"])
        self.assertIn("tsc unusable why=no-timer", rep.lines)
        self.assertEqual(rep.milestones, {})
        self.assertEqual(rep.fields["selfcheck"], "ok")

    def test_report_bytes(self):
        """After the end marker: the bytes that went on the wire for the report, begin
        marker to end marker with CR LF, and what they take at 115200 baud, 8N1."""
        with Qemu(mem=64, extra=["-smbios", SMBIOS]) as q:
            q.wait_for(END + r"kernel: report .*\n", timeout=120)
            raw = open(q.serial_path, "rb").read().decode("latin-1")
        begin = raw.index("bootlab-report v4 begin")
        end = raw.index("\r\n", raw.index("bootlab-report v4 end")) + 2
        wire = len(raw[begin:end].encode("latin-1"))
        m = re.search(r"kernel: report (\d+) bytes, (\d+) ms at (\d+) baud", raw)
        self.assertEqual(int(m.group(1)), wire)
        self.assertEqual(int(m.group(3)), 115200)
        self.assertEqual(int(m.group(2)), -(-wire * 10 * 1000 // 115200))


if __name__ == "__main__":
    unittest.main()

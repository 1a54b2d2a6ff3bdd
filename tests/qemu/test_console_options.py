"""test_console_options.py - the console's port and speed as boot options
(com=, baud=; docs/boot-info.md, "Boot options"), for a PC whose serial
port is not COM1: stage two reads them from its header, the kernel from the
hand-off (bootlab's or a Multiboot loader's command line). QEMU's COM2 is a
16550 at 0x2F8 (the second -serial); a PC without COM1 has "-serial none"
first. QEMU does not model the line speed, so baud= is checked in
tests/unit/test_uartopt.c and here only for being taken and said.
"""

import os
import re
import shutil
import tempfile
import time
import unittest

from tests.harness.disk import make_disk
from tests.harness.paths import KERNEL
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

END = r"bootlab-report v\d+ end[^\n]*\n"


class ConsoleOptionsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bootlab-com-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.com2 = os.path.join(self.dir, "com2.log")

    def boot(self, com1=True, **kw):
        """A PC with COM2 logged to self.com2, and COM1 (q.serial()) only when com1."""
        q = Qemu(mem=64, serial=com1, extra=["-serial", "file:" + self.com2], **kw)
        self.addCleanup(q.stop)
        return q

    def com2_text(self):
        try:
            with open(self.com2, "rb") as f:
                return f.read().decode("latin-1").replace("\r", "")
        except FileNotFoundError:  # QEMU has not created it yet
            return ""

    def wait_com2(self, q, pattern=END, timeout=60):
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.com2_text()):
            self.assertLess(time.monotonic(), deadline, "COM2:\n" + self.com2_text()[-2000:])
            self.assertIsNone(q.proc.poll(), "QEMU ended; COM2:\n" + self.com2_text()[-2000:])
            time.sleep(0.05)
        return self.com2_text()

    def test_disk_boot_on_com2_without_com1(self):
        """A PC without COM1: stage two and the kernel talk on COM2 from
        their first lines, and the report there is complete."""
        disk = make_disk(os.path.join(self.dir, "disk.img"), cmdline="com=2 baud=57600")
        q = self.boot(com1=False, disk=disk)
        text = self.wait_com2(q, END + r"kernel: report [^\n]*\n")
        self.assertIn("stage2: console at I/O port 0x2f8, 57600 baud (boot options)", text)
        self.assertTrue(text.startswith("stage2: console at I/O port"), text[:200])
        self.assertIn("kernel: console at I/O port 0x2f8, 57600 baud (boot options)\n"
                      "kernel: bootlab kernel, build default\n", text)
        rep = parse_report(text)
        self.assertEqual(rep.fields["selfcheck"], "ok")
        self.assertEqual(rep.fields["boot_source"], "disk")
        # The report's time on the wire is given at the speed in use, not the build's.
        wire = sum(len(line) + 2 for line in rep.lines) + len(re.search(END, text).group(0)) + 1
        self.assertIn("kernel: report %d bytes, %d ms at 57600 baud\n"
                      % (wire, -(-wire * 10 * 1000 // 57600)), text)

    def test_multiboot_boot_on_a_named_port(self):
        """qemu -kernel with com=0x2f8: COM1 gets only the kernel's first line
        (before it has read its options), COM2 everything after it."""
        q = self.boot(kernel=KERNEL, append="com=0x2f8")
        text = self.wait_com2(q)
        self.assertIn("kernel: console at I/O port 0x2f8, 115200 baud (boot options)", text)
        parse_report(text)
        self.assertEqual(q.serial().replace("\r", ""), "kernel: bootlab kernel, build default\n")

    def test_refused_option_says_why_and_keeps_com1(self):
        q = self.boot(kernel=KERNEL, append="com=7 baud=9600")
        q.wait_for(END)
        text = q.serial().replace("\r", "")
        self.assertIn("kernel: boot options: com= wants 1 to 4 (COM1 to COM4) or a UART's I/O "
                      "port, 0x100 to 0xfff8, a multiple of 8; the console stays at port 0x3f8, "
                      "115200 baud", text)
        parse_report(text)
        self.assertEqual(self.com2_text(), "")


if __name__ == "__main__":
    unittest.main()

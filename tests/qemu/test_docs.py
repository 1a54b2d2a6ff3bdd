"""test_docs.py - the report shown in docs/report-format.md must be a valid
report (line count and CRC), so the format's own example cannot go stale; and
it must be the recorded log it says it is, which build/labgrade passes. The
boot-info layout table in docs/boot-info.md gives the offsets and size that
include/bootinfo.h states (and checks against the struct)."""

import os
import re
import unittest

from tests.harness import cdefs, labgrade
from tests.harness.paths import ROOT
from tests.harness.report import parse_report


def read_doc(name):
    with open(os.path.join(ROOT, "docs", name)) as f:
        return f.read()


class DocsTest(unittest.TestCase):
    def test_report_format_example(self):
        text = read_doc("report-format.md")
        block = re.search(r"```\n(bootlab-report v4 begin\n.*?)```", text, re.S).group(1)
        rep = parse_report(block)
        self.assertEqual(rep.fields["selfcheck"], "ok")
        self.assertEqual(len(rep.kmap), 4)
        self.assertEqual((rep.version, rep.copy), (4, 1))
        with open(labgrade.log("m128.log")) as f:
            self.assertEqual(rep.lines, parse_report(f.read()).lines)

    def test_bootinfo_table(self):
        """The rows of the appended groups, and the size, as include/bootinfo.h has them."""
        text = read_doc("boot-info.md")
        for field, name in (("uefi_flags", "BOOTINFO_UEFI_OFF"), ("fb", "BOOTINFO_FB_OFF"),
                            ("efi[]", "BOOTINFO_EFI_OFF"), ("tsc[]", "BOOTINFO_TSC_OFF"),
                            ("smbios", "BOOTINFO_SMBIOS_OFF")):
            row = re.search(r"^\| (\d+) \| [^|]+ \| `%s` \|" % re.escape(field), text, re.M)
            self.assertIsNotNone(row, "no layout row for %s" % field)
            self.assertEqual(int(row.group(1)), cdefs.bootinfo(name), field)
        size = re.search(r"^\| 6 \| 2 \| `size` \| [^|]*\((\d+), `BOOTINFO_SIZE`\)", text, re.M)
        self.assertIsNotNone(size, "no size row")
        self.assertEqual(int(size.group(1)), cdefs.bootinfo("BOOTINFO_SIZE"))


if __name__ == "__main__":
    unittest.main()

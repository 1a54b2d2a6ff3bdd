"""test_docs.py - the report shown in docs/report-format.md must be a valid
report (line count and CRC), so the format's own example cannot go stale; and
it must be the recorded log it says it is, which build/labgrade passes."""

import os
import re
import unittest

from tests.harness import labgrade
from tests.harness.paths import ROOT
from tests.harness.report import parse_report


class DocsTest(unittest.TestCase):
    def test_report_format_example(self):
        with open(os.path.join(ROOT, "docs", "report-format.md")) as f:
            text = f.read()
        block = re.search(r"```\n(bootlab-report v2 begin\n.*?)```", text, re.S).group(1)
        rep = parse_report(block)
        self.assertEqual(rep.fields["selfcheck"], "ok")
        self.assertEqual(len(rep.kmap), 4)
        self.assertEqual((rep.version, rep.copy), (2, 1))
        with open(labgrade.log("m128.log")) as f:
            self.assertEqual(rep.lines, parse_report(f.read()).lines)


if __name__ == "__main__":
    unittest.main()

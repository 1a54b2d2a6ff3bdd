"""test_docs.py - the report shown in docs/report-format.md must be a valid
report (line count and CRC), so the format's own example cannot go stale."""

import os
import re
import unittest

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


if __name__ == "__main__":
    unittest.main()

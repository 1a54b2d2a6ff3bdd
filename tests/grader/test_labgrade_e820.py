"""test_labgrade_e820.py - `labgrade e820 FILE` runs mm/e820.c on a table file.

Checked against tests/harness/oracle.py (a Python sanitizer written from the
spec) on every real table, against limits derived by hand in
tests/unit/test_e820_real.c, and on malformed files.
"""

import glob
import os
import subprocess
import tempfile
import unittest

from tests.harness import oracle
from tests.harness.paths import E820_TABLES, LABGRADE

TABLES = sorted(glob.glob(os.path.join(E820_TABLES, "real", "*.e820")))
HAND = {"01-": 0xBFFC000, "02-": 0xBFF0000, "08-": 0xE000000, "12-": 0x4000000,
        "27-": 0x8000000, "28-": 0x4000000, "29-": 0xE000000, "51-": 0xE000000}


def run(path):
    return subprocess.run([LABGRADE, "e820", path], capture_output=True, text=True)


def parse_output(text):
    lines = text.strip().split("\n")
    ranges = [tuple(int(x, 0) for x in l.split()) for l in lines[:-1]]
    assert lines[-1].startswith("limit 0x"), lines[-1]
    return ranges, int(lines[-1].split()[1], 16)


def load_table(path):
    raw = []
    with open(path) as f:
        lines = f.readlines()
    for line in lines:
        line = line.split("#")[0].split()
        if line:
            s, e, t = int(line[0], 16), int(line[1], 16), int(line[2])
            raw.append((s, e - s, t, 1))
    return raw


class E820Test(unittest.TestCase):
    def test_every_real_table_matches_oracle(self):
        self.assertGreaterEqual(len(TABLES), 35)
        for path in TABLES:
            r = run(path)
            self.assertEqual(r.returncode, 0, r.stderr)
            ranges, limit = parse_output(r.stdout)
            raw = load_table(path)[:128]
            want = oracle.sanitize(raw)
            self.assertEqual(ranges, want, path)
            self.assertEqual(limit, oracle.clamp(want)[1], path)
            for line in r.stdout.strip().split("\n")[:-1]:
                self.assertRegex(line, r"^0x[0-9a-f]+ 0x[0-9a-f]+ \d+$")

    def test_hand_derived_limits(self):
        for prefix, limit in HAND.items():
            path = [t for t in TABLES if os.path.basename(t).startswith(prefix)][0]
            self.assertEqual(parse_output(run(path).stdout)[1], limit, path)

    def test_malformed_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".e820", delete=False) as f:
            f.write("# ok\n0x0 0xa0000 1\n0x100000 0x8000000\n")
        try:
            r = run(f.name)
            self.assertEqual(r.returncode, 1)
            self.assertIn("%s:3: " % f.name, r.stderr)
            self.assertEqual(r.stdout, "")
        finally:
            os.unlink(f.name)
        r = run("/nonexistent.e820")
        self.assertEqual(r.returncode, 1)
        r = subprocess.run([LABGRADE, "e820"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()

"""run_all.py - run every QEMU integration test module (test_*.py) in the
given directories (default: tests/qemu). Exits non-zero on any failure."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    dirs = sys.argv[1:] or [HERE]
    suite = unittest.TestSuite()
    for d in dirs:
        d = os.path.abspath(d)
        sys.path.insert(0, d)
        suite.addTests(unittest.defaultTestLoader.discover(d, pattern="test_*.py", top_level_dir=d))
    sys.path.insert(0, HERE)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()

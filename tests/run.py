"""run.py - run the test modules (test_*.py) of the given test directories as
one suite; exit status 1 if any test failed or a module did not import.

From the repository root:

    python3 -m tests.run tests/qemu tests/netboot

Each directory is a package under tests/, so unittest's discovery imports its
modules as tests.<directory>.<module>, with the repository root as the top
level; the same modules run with python3 -m unittest discover -s DIR -t .
"""

import argparse
import os
import sys
import unittest

from tests.harness.paths import ROOT


def main(argv):
    ap = argparse.ArgumentParser(prog="python3 -m tests.run", description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+", metavar="DIR", help="a test directory, e.g. tests/qemu")
    args = ap.parse_args(argv)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for directory in args.dirs:
        path = os.path.abspath(directory)
        if not os.path.isfile(os.path.join(path, "__init__.py")):
            ap.error("%s is not a test package (no __init__.py)" % directory)
        suite.addTests(loader.discover(path, pattern="test_*.py", top_level_dir=ROOT))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""cdefs.py - numbers the C headers define, read from the headers themselves,
so a test states a layout fact once (in C) and never copies it."""

import os
import re

from tests.harness.paths import ROOT


def define(header, name):
    """The integer value of '#define NAME VALUE' in header (a path from the
    repository root); KeyError if the header has no such plain number."""
    with open(os.path.join(ROOT, header)) as f:
        m = re.search(r"^#define\s+%s\s+(0x[0-9a-fA-F]+|\d+)\b" % re.escape(name), f.read(), re.M)
    if not m:
        raise KeyError("%s: no #define %s with a number" % (header, name))
    return int(m.group(1), 0)


def bootinfo(name):
    """A number of include/bootinfo.h: bootinfo("BOOTINFO_SIZE")."""
    return define("include/bootinfo.h", name)

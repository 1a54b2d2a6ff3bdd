"""seabios.py - the E820 map SeaBIOS itself prints on its debug console
(port 0x402), and the maps kept from it for each -m size.

The kept maps (tests/qemu/seabios-e820/m<size>.txt, written by
python3 -m tests.qemu.capture_seabios) are the firmware's ground truth: they
come from its own log, never from bootlab.
"""

import os
import re

from tests.harness.paths import ROOT

KEPT_DIR = os.path.join(ROOT, "tests", "qemu", "seabios-e820")
# The -m sizes (MiB) whose map is kept: 2 MiB is too small for the kernel.
SIZES = [2, 3, 4, 5, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 224, 225, 256, 384, 512, 768,
         1024, 2048, 3072, 3583, 3584, 4096]


def printed_map(log_text):
    """The E820 map SeaBIOS printed on its debug console: [(start, end, type)],
    or None when the log holds none."""
    m = re.search(r"e820 map has (\d+) items:\n((?:\s+\d+: .*\n)+)", log_text)
    if not m:
        return None
    entries = []
    for line in m.group(2).strip("\n").split("\n"):
        e = re.match(r"\s*\d+: ([0-9a-f]+) - ([0-9a-f]+) = (\d+)", line)
        entries.append((int(e.group(1), 16), int(e.group(2), 16), int(e.group(3))))
    if len(entries) != int(m.group(1)):
        raise ValueError("SeaBIOS said %s items, listed %d" % (m.group(1), len(entries)))
    return entries


def kept_path(mem):
    return os.path.join(KEPT_DIR, "m%d.txt" % mem)


def kept_map(mem):
    """The kept map for -m mem: [(start, end, type)]."""
    with open(kept_path(mem)) as f:
        return [tuple(int(x, 16) if i < 2 else int(x) for i, x in enumerate(l.split()))
                for l in f if l.strip() and not l.startswith("#")]

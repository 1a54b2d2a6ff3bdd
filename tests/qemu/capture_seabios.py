"""capture_seabios.py - record the E820 map SeaBIOS gives at each -m size.

Boots build/disk.img once per size with SeaBIOS's debug console (port 0x402)
to a file and keeps the "e820 map has N items" list it prints before booting,
as tests/qemu/seabios-e820/m<size>.txt. This is the ground truth the matrix
test compares the kernel's raw map with; it comes from the firmware's own
log, not from bootlab. Run again only when QEMU or SeaBIOS changes.

From the repository root:

    python3 -m tests.qemu.capture_seabios [SIZE...]
"""

import os
import subprocess
import sys

from tests.harness import seabios
from tests.harness.qemu import Qemu


def main():
    sizes = [int(a) for a in sys.argv[1:]] or seabios.SIZES
    version = subprocess.run(["qemu-system-i386", "--version"], capture_output=True,
                             text=True).stdout.split("\n")[0]
    os.makedirs(seabios.KEPT_DIR, exist_ok=True)
    for mem in sizes:
        with Qemu(mem=mem) as q:
            q.wait_for(r"kernel: |stage2: halted", timeout=120)
            with open(q.debugcon_path) as f:
                log = f.read()
        entries = seabios.printed_map(log)
        bios = [l for l in log.split("\n") if l.startswith("SeaBIOS (version")][0]
        path = seabios.kept_path(mem)
        with open(path, "w") as f:
            f.write("# E820 map printed by SeaBIOS on its debug console, qemu -m %d (machine pc)\n"
                    % mem)
            f.write("# %s; %s\n# start end-exclusive type\n" % (version, bios))
            for s, e, t in entries:
                f.write("%016x %016x %d\n" % (s, e, t))
        print("%s: %d entries" % (path, len(entries)))


if __name__ == "__main__":
    main()

"""disk.py - disk images made from the build's parts with build/mkdisk."""

import os
import subprocess

from tests.harness.paths import BUILD, KERNEL, MKDISK


def make_disk(out, kernel=KERNEL, cmdline=None, force_chs=False, stage2=None):
    """Build a disk image with build/mkdisk (for broken kernels, options, ...)."""
    args = [MKDISK, "-o", out, "-1", os.path.join(BUILD, "stage1.bin"),
            "-2", stage2 or os.path.join(BUILD, "stage2.bin"), "-k", kernel]
    if cmdline:
        args += ["-c", cmdline]
    if force_chs:
        args.append("--force-chs")
    subprocess.run(args, check=True, capture_output=True)
    return out

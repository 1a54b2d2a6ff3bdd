"""manifest.py - a lab manifest's seats, as build/labgrade reads them.

The manifest format has one reader, labgrade's (hw-tests/lg_manifest.c,
docs/grading.md "The lab manifest"): "labgrade manifest FILE" checks every
row and prints the seats resolved, tab-separated. make lab-build
(netboot.labbuild), make netboot MANIFEST= (netboot.seats) and make lab-wake
(netboot.wake) take the seats from there.
"""

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIELDS = ("seat", "mac", "console", "student", "kernel", "kind", "elf", "loader", "boot_options")


class ManifestError(Exception):
    """The manifest is unreadable or has a wrong row: labgrade's message says which."""


class Seat:
    """One row: the FIELDS as attributes (student "" for none)."""

    def __init__(self, values):
        for name, value in zip(FIELDS, values):
            setattr(self, name, value)
        if self.student == "-":
            self.student = ""

    @property
    def mac_file(self):
        """The MAC as iPXE's ${mac:hexhyp} spells it, the stem of the seat's files."""
        return self.mac.replace(":", "-")


def read(manifest, build_dir):
    """The seats of manifest, as build/labgrade in build_dir reads them; a
    tree's ELF in build_dir/lab/<student>/. Raises ManifestError."""
    labgrade = os.path.join(build_dir, "labgrade")
    if not os.path.exists(labgrade):
        raise ManifestError("%s is not built: run make" % labgrade)
    r = subprocess.run([labgrade, "manifest", "--lab-dir", os.path.join(build_dir, "lab"),
                        manifest], capture_output=True, text=True)
    if r.returncode != 0:
        raise ManifestError(r.stderr.strip() or "labgrade manifest exited with %d" % r.returncode)
    lines = r.stdout.rstrip("\n").split("\n")
    if tuple(lines[0].split("\t")) != FIELDS:
        raise ManifestError("labgrade manifest printed columns %r, not %r" % (lines[0], FIELDS))
    return [Seat(l.split("\t")) for l in lines[1:]]

"""elf.py - what the tests read from a kernel ELF: its symbols (through nm)
and its program headers."""

import shutil
import struct
import subprocess

from tests.harness.paths import KERNEL


def nm_tool():
    """The nm that reads the kernel: the cross toolchain's, else the host's."""
    for tool in ("i686-elf-nm", "i686-linux-gnu-nm", "nm"):
        if shutil.which(tool):
            return tool
    raise RuntimeError("no nm")


def kernel_symbols(elf=KERNEL):
    """Symbol values of the kernel ELF (data, end, entry, ...), from nm."""
    out = subprocess.run([nm_tool(), elf], check=True, capture_output=True, text=True).stdout
    syms = {}
    for line in out.split("\n"):
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return syms


def program_headers(data):
    """(offset of the program header table, [(type, off, vaddr, paddr, filesz, memsz)])."""
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    return phoff, [struct.unpack_from("<IIIIII", data, phoff + i * phentsize) for i in range(phnum)]
